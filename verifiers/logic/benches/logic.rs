//! Per-family verification time on real fixture cases.
//!
//! Each bench asserts the expected status of its case before timing it.
//! Run with `cargo bench -p rlvr-logic --bench logic`; `cargo test
//! --benches` runs each once as a smoke test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::testutil::{Case, load_dir};
use rlvr_core::{Context, Record, Registry};

/// One representative case per family: `(bench name, fixture name)`.
const CASES: &[(&str, &str)] = &[
    ("arc", "logic/guru/arc-multiline-json"),
    ("zebra", "logic/guru/zebra-multiline-json"),
    ("ordering", "logic/guru/ordering-alternative-by-constraints"),
    ("graph", "logic/guru/graph-arrows"),
    ("graph_prompt", "logic/guru/graph-prompt-alternative-next-step"),
    ("rg_n_queens", "logic/reasoning_gym/rg-n-queens-0-stored"),
    ("rg_futoshiki", "logic/reasoning_gym/rg-futoshiki-0-stored"),
    ("rg_shortest_path", "logic/reasoning_gym/rg-shortest-path-0-alternative"),
    ("rg_word_ladder", "logic/reasoning_gym/rg-word-ladder-5-0-alternative"),
    ("rg_puzzle24", "logic/reasoning_gym/rg-puzzle24-0-stored"),
    ("rg_puzzle24_power_tower", "logic/reasoning_gym/rg-puzzle24-0-power-tower"),
    ("rg_knights_knaves", "logic/reasoning_gym/rg-knights-knaves-0-reordered"),
    ("rg_propositional_logic", "logic/reasoning_gym/rg-propositional-0-conjunction"),
    ("rg_self_reference", "logic/reasoning_gym/rg-self-reference-0-stored"),
    ("rg_basic_arithmetic", "logic/reasoning_gym/rg-basic-arithmetic-0-stored"),
    ("rg_basic_arithmetic_echo", "logic/reasoning_gym/rg-basic-arithmetic-0-echoed-expression"),
    ("rg_decimal_arithmetic", "logic/reasoning_gym/rg-decimal-arithmetic-1-three-places"),
    ("rg_fraction_simplification", "logic/reasoning_gym/rg-fraction-1-stored"),
    ("rg_prime_factorization", "logic/reasoning_gym/rg-prime-factorization-0-powers"),
    (
        "rg_prime_factorization_power_tower",
        "logic/reasoning_gym/rg-prime-factorization-power-tower",
    ),
    ("rg_calendar_business_days", "logic/reasoning_gym/rg-calendar-count-business-days-1-stored"),
    ("rg_time_intervals", "logic/reasoning_gym/rg-time-intervals-datetime-tz-0-stored"),
    // The boards group (gym/matrices.rs, gym/boards.rs, gym/replay.rs).
    ("rg_rotate_matrix", "logic/gym_boards/rg-rotate-matrix-0-stored"),
    ("rg_spiral_matrix", "logic/gym_boards/rg-spiral-matrix-0-stored"),
    ("rg_manipulate_matrix", "logic/gym_boards/rg-manipulate-matrix-0-stored"),
    ("rg_pool_matrix", "logic/gym_boards/rg-pool-matrix-0-stored"),
    ("rg_binary_matrix", "logic/gym_boards/rg-binary-matrix-0-stored"),
    ("rg_modulo_grid", "logic/gym_boards/rg-modulo-grid-0-stored"),
    ("rg_arc_agi", "logic/gym_boards/rg-arc-agi-0-stored"),
    ("rg_path_star", "logic/gym_boards/rg-path-star-0-stored"),
    ("rg_sudoku", "logic/gym_boards/rg-sudoku-0-stored"),
    ("rg_kakurasu", "logic/gym_boards/rg-kakurasu-0-stored"),
    ("rg_survo", "logic/gym_boards/rg-survo-0-stored"),
    ("rg_color_cube_rotation", "logic/gym_boards/rg-color-cube-0-stored"),
    ("rg_mahjong_puzzle", "logic/gym_boards/rg-mahjong-0-stored"),
    ("rg_knight_swap", "logic/gym_boards/rg-knight-swap-0-stored"),
    ("rg_knight_swap_no", "logic/gym_boards/rg-knight-swap-3-stored-no"),
    ("rg_rush_hour", "logic/gym_boards/rg-rush-hour-0-solution"),
    ("rg_rush_hour_too_many_moves", "logic/gym_boards/rg-rush-hour-0-too-many-moves"),
    ("rg_boxnet", "logic/gym_boards/rg-boxnet-0-plan"),
    ("rg_tsumego", "logic/gym_boards/rg-tsumego-4-stored"),
    ("rg_rubiks_cube", "logic/gym_boards/rg-rubiks-cube-3-0-example"),
    ("rg_rubiks_cube_too_many_moves", "logic/gym_boards/rg-rubiks-cube-3-0-too-many-moves"),
    // String, word and rewriting tasks (gym/strings.rs, gym/words.rs).
    ("rg_spell_backward", "logic/gym_strings/gym-spell-backward-0-stored"),
    ("rg_word_sequence_reversal", "logic/gym_strings/gym-word-sequence-reversal-0-stored"),
    ("rg_word_sorting", "logic/gym_strings/gym-word-sorting-0-stored"),
    ("rg_letter_counting", "logic/gym_strings/gym-letter-counting-0-stored"),
    ("rg_caesar_cipher", "logic/gym_strings/gym-caesar-cipher-0-stored"),
    ("rg_isomorphic_strings", "logic/gym_strings/gym-isomorphic-strings-0-stored"),
    ("rg_ransom_note", "logic/gym_strings/gym-ransom-note-0-stored"),
    ("rg_coin_flip", "logic/gym_strings/gym-coin-flip-0-stored"),
    ("rg_letter_jumble", "logic/gym_strings/gym-letter-jumble-0-stored"),
    ("rg_string_insertion", "logic/gym_strings/gym-string-insertion-0-stored"),
    ("rg_string_manipulation", "logic/gym_strings/gym-string-manipulation-0-stored"),
    ("rg_string_splitting", "logic/gym_strings/gym-string-splitting-0-stored"),
    ("rg_string_synthesis", "logic/gym_strings/gym-string-synthesis-0-stored"),
    ("rg_binary_alternation", "logic/gym_strings/gym-binary-alternation-0-stored"),
    ("rg_group_anagrams", "logic/gym_strings/gym-group-anagrams-0-stored"),
    ("rg_palindrome_generation", "logic/gym_strings/gym-palindrome-generation-0-stored"),
    ("rg_palindrome_partitioning", "logic/gym_strings/gym-palindrome-partitioning-0-stored"),
    ("rg_sentence_reordering", "logic/gym_strings/gym-sentence-reordering-0-stored"),
    ("rg_needle_haystack", "logic/gym_strings/gym-needle-haystack-0-stored"),
    ("rg_emoji_mystery", "logic/gym_strings/gym-emoji-mystery-0-stored"),
    ("rg_figlet_font", "logic/gym_strings/gym-figlet-font-0-stored"),
    ("rg_rectangle_count", "logic/gym_strings/gym-rectangle-count-0-stored"),
    ("rg_list_functions", "logic/gym_strings/gym-list-functions-0-stored"),
    ("rg_acre", "logic/gym_strings/gym-acre-0-stored"),
    ("rg_ab", "logic/gym_strings/gym-ab-0-stored"),
    ("rg_aiw", "logic/gym_strings/gym-aiw-0-stored"),
    // The number tasks (gym_numbers.toml): one stored answer per task.
    ("rg_base_conversion", "logic/gym_numbers/rg-base-conversion-0-stored"),
    ("rg_bitwise_arithmetic", "logic/gym_numbers/rg-bitwise-arithmetic-0-stored"),
    ("rg_count_bits", "logic/gym_numbers/rg-count-bits-0-stored"),
    ("rg_count_primes", "logic/gym_numbers/rg-count-primes-0-stored"),
    ("rg_decimal_chain_sum", "logic/gym_numbers/rg-decimal-chain-sum-0-stored"),
    ("rg_leg_counting", "logic/gym_numbers/rg-leg-counting-0-stored"),
    ("rg_number_filtering", "logic/gym_numbers/rg-number-filtering-0-stored"),
    ("rg_number_sorting", "logic/gym_numbers/rg-number-sorting-0-stored"),
    ("rg_number_format", "logic/gym_numbers/rg-number-format-0-stored"),
    ("rg_number_sequence", "logic/gym_numbers/rg-number-sequence-0-stored"),
    ("rg_power_function", "logic/gym_numbers/rg-power-function-0-stored"),
    ("rg_products", "logic/gym_numbers/rg-products-0-stored"),
    ("rg_dice", "logic/gym_numbers/rg-dice-0-stored"),
    ("rg_complex_arithmetic", "logic/gym_numbers/rg-complex-arithmetic-0-stored"),
    ("rg_gsm_symbolic", "logic/gym_numbers/rg-gsm-symbolic-0-stored"),
    ("rg_simple_equations", "logic/gym_numbers/rg-simple-equations-0-stored"),
    ("rg_simple_geometry", "logic/gym_numbers/rg-simple-geometry-0-stored"),
    ("rg_polynomial_multiplication", "logic/gym_numbers/rg-polynomial-multiplication-0-stored"),
    ("rg_polynomial_equations", "logic/gym_numbers/rg-polynomial-equations-0-stored"),
    ("rg_simple_integration", "logic/gym_numbers/rg-simple-integration-0-stored"),
    ("rg_intermediate_integration", "logic/gym_numbers/rg-intermediate-integration-0-stored"),
    ("rg_advanced_geometry", "logic/gym_numbers/rg-advanced-geometry-0-stored"),
    ("rg_products_60k_digits", "logic/gym_numbers/rg-products-0-60k-digits"),
];

fn bench(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/logic");
    let cases: Vec<Case> = load_dir(&dir).expect("fixtures load");
    let mut reg = Registry::guru();
    reg.install(&[rlvr_logic::DOMAIN], &rlvr_core::Environment::default()).expect("fresh registry");
    let mut group = c.benchmark_group("logic");
    for (bench, fixture) in CASES {
        let case = cases
            .iter()
            .find(|k| k.full_name == *fixture)
            .unwrap_or_else(|| panic!("no fixture {fixture}"));
        let rec = Record::from_outcome(&reg.verify_timed(&case.sample, &Context::default()));
        assert_eq!(rec.status, case.status, "{fixture}");
        group.bench_function(*bench, |b| {
            b.iter(|| reg.verify(black_box(&case.sample), &Context::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
