//! reasoning-gym tasks, checked against the entry's metadata.
//!
//! Guru rows carry `extra_info = {"task", "entry": {"question", "answer",
//! "metadata"}}`. The metadata holds the instance (board, graph, numbers,
//! statements), so each task validates the answer by the puzzle's own
//! constraints and accepts any valid solution; `ground_truth` and
//! `entry.answer` are one valid answer among possibly many.

use std::sync::Arc;

use rlvr_core::extract::Kind;
use rlvr_core::gym::GymTask;
use rlvr_core::{Context, Error, Reward, Verifier};

use crate::answer;

mod arith;
mod boards;
mod calendar;
mod cryptarithm;
mod geometry;
mod gold;
mod graphs;
mod grids;
mod ladder;
mod matrices;
mod numbers;
mod numeric;
mod polynomial;
mod replay;
mod strings;
mod truth;
mod words;

pub(crate) use rlvr_core::gym::{Entry, meta_error as meta_err};

/// The signature of a task's checker: entry, extracted answer, budget.
type Check = fn(&Entry, &str, &Context) -> Result<Reward, Error>;

/// Every task this crate grades, as `(task name, checker)`.
const TASKS: &[(&str, Check, &[Kind])] = &[
    ("arc_1d", gold::arc_1d, GRID_KINDS),
    ("basic_arithmetic", numeric::basic_arithmetic, answer::LOOSE),
    ("calendar_arithmetic", calendar::calendar_arithmetic, answer::LOOSE),
    ("chain_sum", numeric::chain_sum, answer::LOOSE),
    ("circuit_logic", truth::circuit_logic, answer::LOOSE),
    ("countdown", arith::countdown, answer::LOOSE),
    ("course_schedule", graphs::course_schedule, answer::LOOSE),
    ("cryptarithm", cryptarithm::cryptarithm, answer::LOOSE),
    ("decimal_arithmetic", numeric::decimal_arithmetic, answer::LOOSE),
    ("family_relationships", gold::family_relationships, answer::LOOSE),
    ("fraction_simplification", numeric::fraction_simplification, answer::LOOSE),
    ("futoshiki", grids::futoshiki, GRID_KINDS),
    ("gcd", numeric::gcd, answer::LOOSE),
    ("graph_color", graphs::graph_color, GRAPH_COLOR_KINDS),
    ("knights_knaves", truth::knights_knaves, answer::LOOSE),
    ("largest_island", graphs::largest_island, answer::LOOSE),
    ("lcm", numeric::lcm, answer::LOOSE),
    ("maze", graphs::maze, answer::LOOSE),
    ("mini_sudoku", grids::mini_sudoku, GRID_KINDS),
    ("n_queens", grids::n_queens, GRID_KINDS),
    ("prime_factorization", numeric::prime_factorization, answer::LOOSE),
    ("propositional_logic", truth::propositional_logic, answer::LOOSE),
    ("puzzle24", arith::puzzle24, answer::LOOSE),
    ("rearc", gold::rearc, GRID_KINDS),
    ("self_reference", truth::self_reference, answer::LOOSE),
    ("shortest_path", graphs::shortest_path, answer::LOOSE),
    ("syllogism", gold::syllogism, answer::LOOSE),
    ("time_intervals", calendar::time_intervals, answer::LOOSE),
    ("word_ladder", ladder::word_ladder, answer::LOOSE),
    ("zebra_puzzles", gold::zebra_puzzles, answer::LOOSE),
    // Boards, matrices and move replays (gym/boards.rs, gym/matrices.rs,
    // gym/replay.rs).
    ("arc_agi", boards::arc_agi, GRID_KINDS),
    ("binary_matrix", matrices::binary_matrix, GRID_KINDS),
    ("boxnet", replay::boxnet, BOXNET_KINDS),
    ("color_cube_rotation", boards::color_cube_rotation, answer::LOOSE),
    ("kakurasu", boards::kakurasu, GRID_KINDS),
    ("knight_swap", replay::knight_swap, answer::LOOSE),
    ("mahjong_puzzle", boards::mahjong_puzzle, answer::LOOSE),
    ("manipulate_matrix", matrices::manipulate_matrix, GRID_KINDS),
    ("modulo_grid", matrices::modulo_grid, GRID_KINDS),
    ("path_star", boards::path_star, answer::LOOSE),
    ("pool_matrix", matrices::pool_matrix, GRID_KINDS),
    ("rotate_matrix", matrices::rotate_matrix, GRID_KINDS),
    ("rubiks_cube", replay::rubiks_cube, answer::LOOSE),
    ("rush_hour", replay::rush_hour, answer::LOOSE),
    ("spiral_matrix", matrices::spiral_matrix, answer::LOOSE),
    ("sudoku", boards::sudoku, GRID_KINDS),
    ("survo", boards::survo, GRID_KINDS),
    ("tsumego", replay::tsumego, answer::LOOSE),
    // String, word and rewriting tasks (strings.rs, words.rs).
    ("spell_backward", strings::spell_backward, answer::LOOSE),
    ("word_sequence_reversal", strings::word_sequence_reversal, answer::LOOSE),
    ("word_sorting", strings::word_sorting, answer::LOOSE),
    ("letter_counting", strings::letter_counting, answer::LOOSE),
    ("caesar_cipher", strings::caesar_cipher, answer::LOOSE),
    ("isomorphic_strings", strings::isomorphic_strings, answer::LOOSE),
    ("ransom_note", strings::ransom_note, answer::LOOSE),
    ("coin_flip", strings::coin_flip, answer::LOOSE),
    ("letter_jumble", strings::letter_jumble, answer::LOOSE),
    ("string_insertion", strings::string_insertion, answer::LOOSE),
    ("string_manipulation", strings::string_manipulation, answer::LOOSE),
    ("string_splitting", strings::string_splitting, answer::LOOSE),
    ("string_synthesis", strings::string_synthesis, answer::LOOSE),
    ("binary_alternation", strings::binary_alternation, answer::LOOSE),
    ("group_anagrams", words::group_anagrams, answer::LOOSE),
    ("palindrome_generation", words::palindrome_generation, answer::LOOSE),
    ("palindrome_partitioning", words::palindrome_partitioning, answer::LOOSE),
    ("sentence_reordering", words::sentence_reordering, answer::LOOSE),
    ("needle_haystack", words::needle_haystack, answer::LOOSE),
    ("emoji_mystery", words::emoji_mystery, answer::LOOSE),
    ("figlet_font", words::figlet_font, answer::LOOSE),
    ("rectangle_count", words::rectangle_count, answer::LOOSE),
    ("list_functions", words::list_functions, answer::LOOSE),
    ("acre", words::acre, answer::LOOSE),
    ("ab", strings::ab, answer::LOOSE),
    ("aiw", words::aiw, answer::LOOSE),
    // The number tasks (gym/numbers.rs, gym/polynomial.rs, gym/geometry.rs).
    ("advanced_geometry", geometry::advanced_geometry, answer::LOOSE),
    ("base_conversion", numbers::base_conversion, answer::LOOSE),
    ("bitwise_arithmetic", numbers::bitwise_arithmetic, answer::LOOSE),
    ("complex_arithmetic", numbers::complex_arithmetic, answer::LOOSE),
    ("count_bits", numbers::count_bits, answer::LOOSE),
    ("count_primes", numbers::count_primes, answer::LOOSE),
    ("decimal_chain_sum", numbers::decimal_chain_sum, answer::LOOSE),
    ("dice", numbers::dice, answer::LOOSE),
    ("gsm_symbolic", numbers::gsm_symbolic, answer::LOOSE),
    ("intermediate_integration", polynomial::intermediate_integration, answer::LOOSE),
    ("leg_counting", numbers::leg_counting, answer::LOOSE),
    ("number_filtering", numbers::number_filtering, answer::LOOSE),
    ("number_format", numbers::number_format, answer::LOOSE),
    ("number_sequence", numbers::number_sequence, answer::LOOSE),
    ("number_sorting", numbers::number_sorting, answer::LOOSE),
    ("polynomial_equations", polynomial::polynomial_equations, answer::LOOSE),
    ("polynomial_multiplication", polynomial::polynomial_multiplication, answer::LOOSE),
    ("power_function", numbers::power_function, answer::LOOSE),
    ("products", numbers::products, answer::LOOSE),
    ("simple_equations", numbers::simple_equations, answer::LOOSE),
    ("simple_geometry", numbers::simple_geometry, answer::LOOSE),
    ("simple_integration", polynomial::simple_integration, answer::LOOSE),
];

/// Grids (boards, ARC outputs) are also written in a fenced block of
/// their own, with no tag or box around it.
const GRID_KINDS: &[Kind] =
    &[Kind::AnswerTag, Kind::Boxed, Kind::AnswerLine, Kind::Code(rlvr_core::extract::Fence::ANY)];

/// Graph colourings are JSON maps: a bare JSON object also counts.
const GRAPH_COLOR_KINDS: &[Kind] = &[Kind::AnswerTag, Kind::Boxed, Kind::Json];

/// Boxnet plans are JSON lists, often in a fenced block of their own.
const BOXNET_KINDS: &[Kind] =
    &[Kind::AnswerTag, Kind::Boxed, Kind::Code(rlvr_core::extract::Fence::ANY)];

/// Tasks whose answers are lists of rows (grids, boards, matrices) or of
/// steps (plans): a one-row grid in JSON (`[[1, 2]]`) or a one-step plan
/// (`[{...}]`) has two bracket levels of its own.
const NESTED: &[&str] = &[
    "arc_1d",
    "arc_agi",
    "binary_matrix",
    "boxnet",
    "futoshiki",
    "kakurasu",
    "manipulate_matrix",
    "mini_sudoku",
    "modulo_grid",
    "n_queens",
    "pool_matrix",
    "rearc",
    "rotate_matrix",
    "sudoku",
    "survo",
];

/// The tasks as verifiers.
pub(crate) fn tasks() -> Vec<(&'static str, Arc<dyn Verifier>)> {
    TASKS
        .iter()
        .map(|&(name, check, kinds)| {
            let levels = usize::from(NESTED.contains(&name));
            let task: Arc<dyn Verifier> = Arc::new(GymTask::new(name, kinds, check).nested(levels));
            (name, task)
        })
        .collect()
}
