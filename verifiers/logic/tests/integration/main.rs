use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Budget, Context, Error, Registry, Sample, TaskRouter, Verdict, Verifier, names};
use serde_json::{Value, json};

use rlvr_core::Environment;
use rlvr_logic::*;

/// reasoning-gym's word-ladder vocabulary, as the crate bundles it.
static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/word_ladder_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

fn registry() -> Registry {
    let mut reg = Registry::guru();
    reg.install(&[DOMAIN], &Environment::default()).expect("fresh registry");
    reg
}

/// The cases of `fixtures/logic/*.toml`, named `logic/<file>/<case>`.
fn fixtures() -> Vec<rlvr_core::testutil::Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    load_dir(&root.join("logic")).expect("fixtures load")
}

#[test]
fn fixtures_pass() {
    let reg = registry();
    let cases = fixtures();
    assert!(cases.len() > 150, "only {} cases", cases.len());
    run_cases(&cases, &[], |s| reg.verify_timed(s, &Context::default()));
}

/// Stored answers pass their own instance, except in the entries the
/// generator marks `bad-gold`: there reasoning-gym's stored answer is not
/// the truth of the question (a floored division, a float-truncated
/// millisecond, timestamps cut short), and `check_ground_truth` must say so.
#[test]
fn stored_reasoning_gym_answers_pass_check_ground_truth() {
    let reg = registry();
    let mut flagged = 0;
    for case in fixtures() {
        if case.sample.data_source != "reasoning_gym" {
            continue;
        }
        let checked = reg.check_ground_truth(&case.sample);
        if case.full_name.contains("bad-gold") {
            assert!(checked.is_err(), "{}: a wrong stored answer passed", case.full_name);
            flagged += 1;
        } else {
            checked.unwrap_or_else(|e| panic!("{}: {e}", case.full_name));
        }
    }
    assert!(flagged >= 3, "only {flagged} bad-gold cases");
}

#[test]
fn verifiers_conform() {
    let cases = fixtures();
    let reg = registry();
    for name in [names::ARC, names::ZEBRA, names::ORDERING, names::GRAPH, names::REASONING_GYM] {
        let samples: Vec<Sample> = cases
            .iter()
            .filter(|c| reg.route_of(&c.sample.data_source) == Some(name))
            .take(if name == names::REASONING_GYM { 40 } else { 6 })
            .map(|c| c.sample.clone())
            .collect();
        assert!(!samples.is_empty(), "no fixtures for {name}");
        let v = reg.verifier(name).expect("registered");
        assert_conforms(v.as_ref(), &samples);
    }
}

#[test]
fn names_are_the_registry_names() {
    assert_eq!(ArcVerifier::new().name(), names::ARC);
    assert_eq!(ZebraVerifier::new().name(), names::ZEBRA);
    assert_eq!(OrderingVerifier::new().name(), names::ORDERING);
    assert_eq!(GraphVerifier::new().name(), names::GRAPH);
    let tasks: Vec<&str> = gym_tasks(&Environment::default()).iter().map(|(t, _)| *t).collect();
    assert_eq!(tasks.len(), 96);
    for (task, v) in gym_tasks(&Environment::default()) {
        assert_eq!(v.name(), format!("reasoning_gym/{task}"));
    }
}

#[test]
fn bad_gold_is_an_error_not_a_reward() {
    let cx = Context::default();
    let s = Sample::new("logic__graph_logical_dataset", "<answer>ab</answer>", json!(42));
    assert!(matches!(GraphVerifier::new().verify(&s, &cx), Err(Error::InvalidGroundTruth { .. })));
    assert!(GraphVerifier::new().check_ground_truth(&s).is_err());
    let s = Sample::new("logic__ordering_puzzle_dataset", "", json!(["a", "A"]));
    assert!(OrderingVerifier::new().check_ground_truth(&s).is_err());
    let s = Sample::new("logic__ordering_puzzle_dataset", "", json!("['a', 'b']"));
    assert!(OrderingVerifier::new().check_ground_truth(&s).is_ok());
    let bad_rg = Sample::new("reasoning_gym", "<answer>1</answer>", Value::Null)
        .with_extra_info(json!({"task": "maze", "entry": {"question": "", "metadata": {}}}));
    let err = registry().verify(&bad_rg, &cx).unwrap_err();
    assert!(err.to_string().contains("reasoning_gym/maze"), "{err}");
}

#[test]
fn ordering_gold_that_violates_its_constraints_is_flagged() {
    let s = Sample::new("logic__ordering_puzzle_dataset", "", json!(["a", "b"]))
        .with_extra_info(json!({"raw_input": "1. The b is to the left of the a\n"}));
    assert!(OrderingVerifier::new().check_ground_truth(&s).is_err());
}

#[test]
fn zebra_detail_reports_cell_accuracy_without_position() {
    let gold =
        json!({"header": ["Position", "A", "B"], "rows": [["1", "x", "y"], ["2", "z", "w"]]});
    let s = Sample::new(
        "logic__zebra_puzzle_dataset",
        "<answer>[[1,'x','y'],[2,'z','q']]</answer>",
        gold,
    );
    let r = ZebraVerifier::new().verify(&s, &Context::default()).unwrap();
    assert_eq!(r.verdict, Verdict::Incorrect);
    assert_eq!(r.detail.as_deref(), Some("cell accuracy 3/4 (position column excluded)"));
}

#[test]
fn megabyte_answers_and_power_towers_are_fast_zeros() {
    let reg = registry();
    let entry = json!({"question": "", "answer": "Yes", "metadata": {"is_valid": true}});
    let huge = format!("<answer>{}</answer>", "Yes ".repeat(300_000));
    let s = Sample::new("reasoning_gym", huge, Value::Null)
        .with_extra_info(json!({"task": "syllogism", "entry": entry}));
    let start = Instant::now();
    let r = reg.verify(&s, &Context::default()).unwrap();
    assert_eq!(r.verdict, Verdict::NoAnswer);
    let entry = json!({"question": "", "answer": "", "metadata": {"numbers": [9, 9, 9, 9]}});
    for payload in ["9**9**9**9", "9^9^9^9", "(((((((9)))))))*9*9*9", "99999999999999999999*9*9*9"]
    {
        let s = Sample::new("reasoning_gym", format!("<answer>{payload}</answer>"), Value::Null)
            .with_extra_info(json!({"task": "puzzle24", "entry": entry}));
        assert_eq!(reg.verify(&s, &Context::default()).unwrap().score, 0.0, "{payload}");
    }
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn searches_charge_the_step_budget() {
    let row = vec!["O"; 200];
    let mut matrix = vec![row; 200];
    matrix[0][0] = "*";
    matrix[199][199] = "#";
    let entry = json!({"question": "", "answer": "", "metadata": {"matrix": matrix}});
    let s = Sample::new("reasoning_gym", "<answer>infeasible</answer>", Value::Null)
        .with_extra_info(json!({"task": "shortest_path", "entry": entry}));
    let reg = registry();
    let tight = Context::new(&Budget::default().with_steps(1_000));
    assert!(matches!(reg.verify(&s, &tight), Err(Error::BudgetExceeded { .. })));
    assert_eq!(reg.verify(&s, &Context::default()).unwrap().verdict, Verdict::Incorrect);
}

#[test]
fn literal_parser_reads_python_and_json_and_nothing_else() {
    use rlvr_core::literal::parse;
    assert_eq!(
        parse("[1, 'a', (2, 3), {'k': None}, True]"),
        Some(json!([1, "a", [2, 3], {"k": null}, true]))
    );
    assert_eq!(parse(r#"{"a": [1.5, -2, "x\"y"]}"#), Some(json!({"a": [1.5, -2, "x\"y"]})));
    assert_eq!(parse("{1: 'a', 2: 'b',}"), Some(json!({"1": "a", "2": "b"})));
    for bad in [
        "__import__('os')",
        "[1, 2",
        "open('f').read()",
        "[1] + [2]",
        "x",
        "'unterminated",
        "{1, 2: 3}",
    ] {
        assert_eq!(parse(bad), None, "{bad}");
    }
    let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
    assert_eq!(parse(&deep), None);
}

fn queens_sample(board: &[Vec<&str>], puzzle: &[Vec<&str>]) -> Sample {
    let text: Vec<String> = board.iter().map(|r| r.join(" ")).collect();
    let entry = json!({"question": "", "answer": "", "metadata": {"puzzle": puzzle}});
    Sample::new("reasoning_gym", format!("<answer>{}</answer>", text.join("\n")), Value::Null)
        .with_extra_info(json!({"task": "n_queens", "entry": entry}))
}

/// All n-queens solutions of an `n` board, by backtracking.
fn queens(n: usize) -> Vec<Vec<usize>> {
    fn go(n: usize, cols: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cols.len() == n {
            out.push(cols.clone());
            return;
        }
        for c in 0..n {
            let r = cols.len();
            if cols.iter().enumerate().all(|(r2, &c2)| c2 != c && r.abs_diff(r2) != c.abs_diff(c2))
            {
                cols.push(c);
                go(n, cols, out);
                cols.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(n, &mut Vec::new(), &mut out);
    out
}

fn board(n: usize, cols: &[usize]) -> Vec<Vec<&'static str>> {
    (0..n)
        .map(|r| (0..n).map(|c| if cols.get(r) == Some(&c) { "Q" } else { "_" }).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// No verifier panics or errors on arbitrary answers to valid instances.
    #[test]
    fn verifiers_never_panic_on_arbitrary_answers(answer in "\\PC{0,200}", pick in 0usize..1000) {
        let reg = registry();
        let cases = fixtures();
        let case = &cases[pick % cases.len()];
        let mut s = case.sample.clone();
        s.response = format!("<answer>{answer}</answer>");
        let out = reg.verify_timed(&s, &Context::default());
        if let Ok(r) = out.result {
            prop_assert!(r.score.is_finite() && (0.0..=1.0).contains(&r.score));
        } else if let Err(e) = out.result {
            // Only an unreadable gold may make grading fail.
            prop_assert!(matches!(e, Error::InvalidGroundTruth { .. }), "{e}");
        }
    }

    /// Every n-queens solution is accepted, whichever the stored one is.
    #[test]
    fn any_n_queens_solution_is_accepted(n in 4usize..=7, pick in 0usize..100, keep in 0usize..3) {
        let sols = queens(n);
        let sol = &sols[pick % sols.len()];
        // The puzzle keeps the first `keep` queens of this solution.
        let puzzle = board(n, &sol[..keep.min(n)]);
        let reg = registry();
        let r = reg.verify(&queens_sample(&board(n, sol), &puzzle), &Context::default()).unwrap();
        prop_assert!(r.is_correct(), "{:?}", r);
    }

    /// Moving one queen of a solution to another column is always wrong.
    #[test]
    fn one_moved_queen_is_rejected(n in 4usize..=7, pick in 0usize..100, row in 0usize..7, shift in 1usize..7) {
        let sols = queens(n);
        let mut cols = sols[pick % sols.len()].clone();
        let row = row % n;
        cols[row] = (cols[row] + shift % (n - 1).max(1)) % n;
        prop_assume!(cols[row] != sols[pick % sols.len()][row]);
        let puzzle = board(n, &[]);
        let reg = registry();
        let r = reg.verify(&queens_sample(&board(n, &cols), &puzzle), &Context::default()).unwrap();
        prop_assert!(!r.is_correct());
    }

    /// A 4x4 sudoku solution with one cell changed is always wrong (the
    /// stored puzzle has a unique solution).
    #[test]
    fn one_changed_sudoku_cell_is_rejected(cell in 0usize..16, delta in 1i64..4) {
        let sol = [[4, 2, 1, 3], [1, 3, 4, 2], [2, 1, 3, 4], [3, 4, 2, 1]];
        let mut grid = sol;
        let (r, c) = (cell / 4, cell % 4);
        grid[r][c] = (grid[r][c] - 1 + delta) % 4 + 1;
        let puzzle = [[4, 0, 0, 0], [0, 3, 0, 0], [0, 1, 3, 0], [0, 0, 0, 0]];
        let text: Vec<String> = grid.iter().map(|r| r.map(|x| x.to_string()).join(" ")).collect();
        let entry = json!({"question": "", "answer": "", "metadata": {"puzzle": puzzle, "solution": sol}});
        let s = Sample::new("reasoning_gym", format!("<answer>{}</answer>", text.join("\n")), Value::Null)
            .with_extra_info(json!({"task": "mini_sudoku", "entry": entry}));
        let r = registry().verify(&s, &Context::default()).unwrap();
        prop_assert!(!r.is_correct());
    }
}

#[test]
fn router_holds_every_task_once() {
    let mut router = TaskRouter::new(names::REASONING_GYM);
    for (task, v) in gym_tasks(&Environment::default()) {
        router.add(task, Arc::clone(&v)).expect("unique task names");
    }
    assert_eq!(router.tasks().count(), 96);
}

fn rg_row(task: &str, meta: Value, question: &str, answer: &str) -> Sample {
    let mut entry = json!({"question": question, "answer": ""});
    entry["metadata"] = meta;
    Sample::new("reasoning_gym", format!("<answer>{answer}</answer>"), Value::Null)
        .with_extra_info(json!({"task": task, "entry": entry}))
}

fn grade(s: &Sample) -> bool {
    registry().verify(s, &Context::default()).expect("gradable").is_correct()
}

#[test]
fn arithmetic_answers_are_number_literals_not_expressions() {
    let meta = json!({"expression": "12 * 125 + 4 / 8"});
    let ok = [
        "3001/2",
        "1500.5",
        "1,500.5",
        "1 500.5",
        "$1500.5$",
        "The answer is 1500.5.",
        "\\frac{3001}{2}",
    ];
    for a in ok {
        assert!(grade(&rg_row("basic_arithmetic", meta.clone(), "", a)), "{a}");
    }
    let bad = [
        "12 * 125 + 4 / 8",
        "1500 + 1/2",
        "1500",
        "1501",
        "1500.50001",
        "1e3",
        "9**9**9**9",
        "15,00.5",
    ];
    for a in bad {
        assert!(!grade(&rg_row("basic_arithmetic", meta.clone(), "", a)), "{a}");
    }
    let meta = json!({"numbers": [12, 18, 30]});
    assert!(grade(&rg_row("gcd", meta.clone(), "", "6")));
    assert!(grade(&rg_row("lcm", meta.clone(), "", "180")));
    assert!(!grade(&rg_row("lcm", meta, "", "6480")));
}

#[test]
fn fractions_must_be_fully_reduced() {
    let meta = json!({"numerator": 48944, "denominator": 62700});
    for (a, ok) in [
        ("644/825", true),
        ("$\\dfrac{644}{825}$", true),
        ("644 / 825", true),
        ("1288/1650", false),
        ("48944/62700", false),
        ("0.78", false),
        ("825/644", false),
    ] {
        assert_eq!(grade(&rg_row("fraction_simplification", meta.clone(), "", a)), ok, "{a}");
    }
    let one = json!({"numerator": 7, "denominator": 7});
    assert!(grade(&rg_row("fraction_simplification", one.clone(), "", "1")));
    assert!(grade(&rg_row("fraction_simplification", one, "", "1/1")));
}

#[test]
fn decimal_answers_must_be_rounded_not_truncated() {
    // 2/3 = 0.6666…
    let q = "Please solve this problem to a maximum of 12 significant digits.\n2.000/3.000 = ?";
    let meta = json!({"decimal_places": 3});
    for (a, ok) in [
        ("0.667", true),
        ("0.666666666667", true),
        ("0.66666666666", true),
        ("2/3", true),
        ("0.666", false),
        ("0.67", false),
        ("2.000/3.000", false),
    ] {
        assert_eq!(grade(&rg_row("decimal_arithmetic", meta.clone(), q, a)), ok, "{a}");
    }
}

#[test]
fn prime_factorizations_read_powers_and_superscripts() {
    let meta = json!({"number": 360});
    for a in [
        "2 × 2 × 2 × 3 × 3 × 5",
        "5 x 3 x 3 x 2 x 2 x 2",
        "2^3 * 3^2 * 5",
        "2³ · 3² · 5",
        "2**3 × 3**2 × 5",
        "360 = 2^{3} \\times 3^{2} \\times 5",
    ] {
        assert!(grade(&rg_row("prime_factorization", meta.clone(), "", a)), "{a}");
    }
    for a in [
        "8 × 45",
        "2 × 2 × 2 × 3 × 3",
        "1 × 2^3 × 3^2 × 5",
        "2^3^2 × 5",
        "2^0 × 360",
        "2 × 2 × 2 × 3 × 3 × 5 = 361",
    ] {
        assert!(!grade(&rg_row("prime_factorization", meta.clone(), "", a)), "{a}");
    }
}

#[test]
fn calendar_follows_the_proleptic_gregorian_calendar() {
    let day = |d: &str, a: &str| {
        grade(&rg_row(
            "calendar_arithmetic",
            json!({"task": "weekday_of_date", "target_date": d}),
            "",
            a,
        ))
    };
    assert!(day("1970-01-01", "Thursday"));
    assert!(day("2024-01-15", "monday"));
    assert!(day("2000-02-29", "TUESDAY."));
    assert!(day("1600-03-01", "Wednesday"));
    assert!(!day("2024-01-15", "Mon"));
    assert!(!day("2024-01-15", "Tuesday"));
    let leap = |y: i64, a: &str| {
        grade(&rg_row("calendar_arithmetic", json!({"task": "is_leap_year", "year": y}), "", a))
    };
    assert!(leap(2000, "Yes") && leap(1900, "No") && leap(2024, "yes") && leap(2023, "No"));
    assert!(!leap(2000, "I am not sure"));
    let q = "How many Fridays are there from Monday, January 3, 2022 to Monday, January 31, 2022 (inclusive of both dates)?";
    let meta = json!({"task": "count_days", "start_date": "2022-01-03", "end_date": "2022-01-31"});
    assert!(grade(&rg_row("calendar_arithmetic", meta.clone(), q, "4")));
    assert!(!grade(&rg_row("calendar_arithmetic", meta, q, "5")));
}

#[test]
fn durations_are_read_in_every_printed_format() {
    let meta = |s: &str, e: &str, f: &str| json!({"start_time": s, "end_time": e, "expected_format": f, "format": "%Y-%m-%d %H:%M:%S"});
    let m = meta("2022-01-01 10:00:00+02:00", "2022-01-02 09:30:45-01:00", "D days, HH:MM");
    // 1 day, 02:30:45 in UTC terms.
    for (a, ok) in [
        ("1 days, 02:30", true),
        ("1 day, 2:30", true),
        ("1 day and 02:30", true),
        ("26:30", true),
        ("1 days, 02:30:45", true),
        ("1 days, 02:31", false),
        ("1 days, 02:30:00", false),
        ("1 days", false),
        ("1 days, 02:61", false),
    ] {
        assert_eq!(grade(&rg_row("time_intervals", m.clone(), "", a)), ok, "{a}");
    }
    let m = meta("2022-01-01 00:00:00", "2022-03-01 00:00:00", "D days");
    assert!(grade(&rg_row("time_intervals", m.clone(), "", "59 days")));
    assert!(grade(&rg_row("time_intervals", m.clone(), "", "59")));
    assert!(!grade(&rg_row("time_intervals", m, "", "60 days")));
    let m = meta("2026-11-29 07:44:12.703000", "2026-11-29 12:39:13.509000", "HH:MM:SS.mmm");
    assert!(grade(&rg_row("time_intervals", m.clone(), "", "04:55:00.806")));
    assert!(!grade(&rg_row("time_intervals", m, "", "04:55:00.805")));
}

/// The prime factors of `n >= 2` with multiplicity: its smallest divisor,
/// then the factors of the rest (written apart from the crate's own
/// factorization, as an oracle).
fn factors(n: u64) -> Vec<u64> {
    match (2..).take_while(|d| d * d <= n).find(|d| n.is_multiple_of(*d)) {
        Some(d) => std::iter::once(d).chain(factors(n / d)).collect(),
        None => vec![n],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Every ordering and notation of the true factorization is accepted,
    /// and replacing one factor by another number is always rejected.
    #[test]
    fn factorizations_in_any_order_are_accepted_and_mutations_rejected(
        n in 2u64..1_000_000, rot in 0usize..8, powers: bool, which in 0usize..8, delta in 1u64..5,
    ) {
        let mut fs = factors(n);
        let k = fs.len();
        fs.rotate_left(rot % k);
        let text = if powers {
            let mut seen: Vec<(u64, usize)> = Vec::new();
            for &p in &fs {
                match seen.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, c)) => *c += 1,
                    None => seen.push((p, 1)),
                }
            }
            seen.iter().map(|(p, c)| if *c > 1 { format!("{p}^{c}") } else { p.to_string() }).collect::<Vec<_>>().join(" * ")
        } else {
            fs.iter().map(u64::to_string).collect::<Vec<_>>().join(" × ")
        };
        prop_assert!(grade(&rg_row("prime_factorization", json!({"number": n}), "", &text)), "{}", text);
        let mut bad = fs.clone();
        bad[which % k] += delta;
        let text = bad.iter().map(u64::to_string).collect::<Vec<_>>().join(" × ");
        prop_assert!(!grade(&rg_row("prime_factorization", json!({"number": n}), "", &text)), "{}", text);
    }

    /// Any integer answer to chain sums is graded by value, in any
    /// thousands notation.
    #[test]
    fn chain_sums_are_graded_by_value(a in 0i64..100_000, b in 0i64..100_000, guess in -200_000i64..200_000) {
        let meta = json!({"expression": format!("{a} - {b}")});
        let truth = a - b;
        prop_assert!(grade(&rg_row("chain_sum", meta.clone(), "", &truth.to_string())));
        prop_assert_eq!(grade(&rg_row("chain_sum", meta, "", &guess.to_string())), guess == truth);
    }
}

/// A random walk of `steps` one-letter moves through the word-ladder
/// vocabulary from the `pick`-th word of `len` letters.
fn ladder_walk(len: usize, pick: usize, steps: usize, choices: &[usize]) -> Vec<String> {
    let vocab = &*WORDS;
    let mut words: Vec<&str> = vocab.iter().copied().filter(|w| w.len() == len).collect();
    words.sort_unstable();
    let mut walk = vec![words[pick % words.len()].to_owned()];
    for (i, &choice) in choices.iter().take(steps).enumerate() {
        let here = walk[i].clone();
        let mut next: Vec<String> = Vec::new();
        for pos in 0..len {
            for c in b'A'..=b'Z' {
                let mut w = here.clone().into_bytes();
                if w[pos] != c {
                    w[pos] = c;
                    let w = String::from_utf8(w).expect("ascii");
                    if vocab.contains(w.as_str()) {
                        next.push(w);
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        walk.push(next[choice % next.len()].clone());
    }
    walk
}

fn ladder_row(walk: &[String], answer: &str) -> Sample {
    let meta = json!({"start_word": walk[0], "end_word": walk[walk.len() - 1], "word_length": walk[0].len()});
    rg_row("word_ladder", meta, "", answer)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Every walk through the vocabulary is an accepted ladder between its
    /// ends; a word outside the vocabulary put in its middle, or a step
    /// left out, makes it wrong.
    #[test]
    fn vocabulary_walks_are_ladders(
        len in 3usize..=5, pick in 0usize..10_000, choices in proptest::collection::vec(0usize..64, 2..8),
        pos in 0usize..5,
    ) {
        let walk = ladder_walk(len, pick, choices.len(), &choices);
        prop_assume!(walk.len() >= 3 && walk[0] != walk[walk.len() - 1]);
        prop_assert!(grade(&ladder_row(&walk, &walk.join(","))), "{:?}", walk);
        let lower = walk.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" -> ");
        prop_assert!(grade(&ladder_row(&walk, &lower)), "{}", lower);
        // The middle word with one letter made `Q` or `X`: a non-word or a
        // word two letters away from a neighbour.
        let mut bad = walk.clone();
        let mid = walk.len() / 2;
        let mut w = bad[mid].clone().into_bytes();
        let p = pos % len;
        w[p] = if w[p] == b'Q' { b'X' } else { b'Q' };
        bad[mid] = String::from_utf8(w).expect("ascii");
        let vocab = &*WORDS;
        if !vocab.contains(bad[mid].as_str()) {
            prop_assert!(!grade(&ladder_row(&walk, &bad.join(","))), "{:?}", bad);
        }
        let mut skipped = walk.clone();
        skipped.remove(1);
        let one_step = skipped.windows(2).all(|p| p[0].bytes().zip(p[1].bytes()).filter(|(a, b)| a != b).count() == 1);
        if !one_step {
            prop_assert!(!grade(&ladder_row(&walk, &skipped.join(","))), "{:?}", skipped);
        }
    }

    /// Arbitrary text never panics the word-ladder checker.
    #[test]
    fn word_ladder_never_panics(text in "\\PC{0,200}") {
        let walk = vec!["COLD".to_owned(), "CORD".to_owned(), "WORD".to_owned(), "WARD".to_owned(), "WARM".to_owned()];
        let _ = registry().verify(&ladder_row(&walk, &text), &Context::default());
    }
}

#[test]
fn word_ladder_rules() {
    let walk: Vec<String> = ["COLD", "CORD", "CARD", "WARD", "WARM"].map(str::to_owned).to_vec();
    let ok = |a: &str| grade(&ladder_row(&walk, a));
    assert!(ok("COLD,CORD,CARD,WARD,WARM"));
    assert!(ok("cold, cord, word, ward, warm."));
    assert!(ok("['COLD', 'CORD', 'WORD', 'WORM', 'WARM']"));
    assert!(ok("COLD → CORD → CORM → WORM → WARM"));
    assert!(!ok("COLD,WARM"));
    assert!(!ok("COLD,CORD,WORD,WARM"), "a step of two letters");
    assert!(!ok("COLD,COLD,CORD,CARD,WARD,WARM"), "a step that changes nothing");
    assert!(!ok("COLD,CORD,CARD,WARD"), "stops short");
    assert!(!ok("COLD,CORD,CARDS,WARD,WARM"), "a word of another length");
    assert!(!ok("COLD,QOLD,COLD,CORD,CARD,WARD,WARM"), "QOLD is not a word");
    assert!(!ok("COLD,CORD,CARD,WARD,WARM,WARD,WARM,1"));
    assert!(!ok(""));
    assert!(!ok(&"COLD,CORD,".repeat(20_000)));
}

/// Graph rows whose prompt carries the predicates are graded against the
/// graph read from them; the others, and the rows whose gold is not a step
/// of that graph, against the gold, and the detail says which.
#[test]
fn graph_rows_with_predicates_are_graded_by_the_graph() {
    let reg = registry();
    let mut by_graph = 0;
    for case in fixtures() {
        let n = case.full_name.as_str();
        let has_prompt = case.sample.prompt.is_some() || case.sample.extra_str("prompt").is_some();
        if !n.starts_with("logic/guru/graph-") || !has_prompt {
            continue;
        }
        let r = reg.verify(&case.sample, &Context::default()).expect("gradable");
        let detail = r.detail.unwrap_or_default();
        let fell_back = detail.starts_with("compared with the gold");
        let should_fall_back = n.contains("gold-not-a-step") || n.contains("unread");
        assert_eq!(fell_back, should_fall_back, "{n}: {detail}");
        by_graph += usize::from(!fell_back);
    }
    assert!(by_graph >= 10, "only {by_graph} rows graded by their graph");
}

/// A graph-search prompt over traits `0..n` with `edges`, in the
/// generator's four sentence forms, asking for the next step from trait 0
/// to trait `n - 1`.
fn graph_prompt(n: usize, edges: &[(usize, usize, usize)]) -> String {
    const NAMES: [&str; 5] =
        ["Dr. Ann Lee", "Bob Stone Jr.", "Carla O'Hara", "Dev Patel-Roy", "Eve"];
    let t = graph_trait;
    let who = |i: usize| NAMES[i % NAMES.len()];
    let mut text = String::from("Given the following list of predicates:");
    for &(a, b, form) in edges {
        let (na, nb, ta, tb) = (who(a), who(b), t(a), t(b));
        text.push(' ');
        text.push_str(&match form % 4 {
            0 => format!("If {na} is {ta}, then {nb} is {tb}."),
            1 => format!("{na} is {ta} implies {nb} is {tb}."),
            2 => format!("{nb} is {tb} is true if {na} is {ta}."),
            _ => format!("Given {na} is {ta} then {nb} is {tb}."),
        });
    }
    format!(
        "{text}\n\nIf {} is {}, what is the next step to prove that {} is {}? Respond with only the trait of the next step.",
        who(0),
        t(0),
        who(n - 1),
        t(n - 1)
    )
}

/// Trait `i` as a lowercase word (`vbo`, `vco`, ...).
fn graph_trait(i: usize) -> String {
    let mut s = String::from("v");
    let mut k = i;
    loop {
        s.push(char::from(b'b' + u8::try_from(k % 20).expect("small")));
        k /= 20;
        if k == 0 {
            break;
        }
    }
    s.push('o');
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// On random graphs, exactly the successors of the start on a shortest
    /// path to the goal are accepted, whichever of them is the gold.
    #[test]
    fn graph_next_steps_are_the_shortest_path_successors(
        n in 3usize..12,
        raw in proptest::collection::vec((0usize..12, 0usize..12, 0usize..4), 2..30),
        pick in 0usize..12,
    ) {
        let edges: Vec<(usize, usize, usize)> =
            raw.into_iter().map(|(a, b, f)| (a % n, b % n, f)).filter(|(a, b, _)| a != b).collect();
        // BFS distances to the goal over reversed edges.
        let mut dist = vec![usize::MAX; n];
        dist[n - 1] = 0;
        let mut queue = std::collections::VecDeque::from([n - 1]);
        while let Some(v) = queue.pop_front() {
            for &(a, b, _) in &edges {
                if b == v && dist[a] == usize::MAX {
                    dist[a] = dist[v] + 1;
                    queue.push_back(a);
                }
            }
        }
        prop_assume!(dist[0] != usize::MAX && dist[0] > 0);
        let next: Vec<usize> = (0..n)
            .filter(|&t| edges.iter().any(|&(a, b, _)| a == 0 && b == t) && dist[t] == dist[0] - 1)
            .collect();
        let gold = graph_trait(next[pick % next.len()]);
        let prompt = graph_prompt(n, &edges);
        for t in 0..n {
            let s = Sample::new("logic__graph_logical_dataset", format!("<answer>{}</answer>", graph_trait(t)), gold.as_str())
                .with_prompt(prompt.as_str());
            let r = registry().verify(&s, &Context::default()).expect("gradable");
            prop_assert_eq!(r.is_correct(), next.contains(&t), "trait {} of {:?}: {:?}", t, edges, r.detail);
            prop_assert!(!r.detail.unwrap_or_default().starts_with("compared"));
        }
    }

    /// Arbitrary prompts and answers never panic the graph verifier.
    #[test]
    fn graph_prompts_never_panic(prompt in "\\PC{0,300}", answer in "[a-zA-Z ,.>-]{0,20}") {
        let s = Sample::new("logic__graph_logical_dataset", format!("<answer>{answer}</answer>"), "vbo")
            .with_prompt(format!("Given the following list of predicates: {prompt} If Ann is vbo, what is the next step to prove that Ann is vco?"));
        let _ = registry().verify(&s, &Context::default());
    }
}

/// A prompt near the size limit is read within the step budget, and one
/// over it is not read at all (the gold decides); both return promptly.
#[test]
fn huge_graph_prompts_are_bounded() {
    let question = "\n\nIf Ann is vbo, what is the next step to prove that Ann is vco?";
    let near = format!("{}{question}", "If Ann is vbo, then Ann is vco. ".repeat(30_000));
    let over = format!("{}{question}", "If Ann is vbo, then Ann is vco. ".repeat(40_000));
    let start = Instant::now();
    for (prompt, answer, by_graph) in [(near, "vco", true), (over, "vco", false)] {
        let s = Sample::new(
            "logic__graph_logical_dataset",
            format!("<answer>{answer}</answer>"),
            "vco",
        )
        .with_prompt(prompt);
        let r = registry().verify(&s, &Context::default()).expect("gradable");
        assert!(r.is_correct());
        let detail = r.detail.unwrap_or_default();
        assert_eq!(!detail.starts_with("compared"), by_graph, "{detail}");
    }
    let tight = Context::new(&Budget::default().with_steps(1_000));
    let s = Sample::new("logic__graph_logical_dataset", "<answer>vco</answer>", "vco")
        .with_prompt(format!("{}{question}", "If Ann is vbo, then Ann is vco. ".repeat(5_000)));
    assert!(matches!(registry().verify(&s, &tight), Err(Error::BudgetExceeded { .. })));
    assert!(start.elapsed() < Duration::from_secs(10));
}

mod metamorphic;

// --- The boards group (gym/matrices.rs, gym/boards.rs, gym/replay.rs) ----------

/// A case of `fixtures/logic/gym_boards.toml` with its response replaced.
fn boards_row(cases: &[rlvr_core::testutil::Case], name: &str, answer: &str) -> Sample {
    let full = format!("logic/gym_boards/{name}");
    let mut s = cases
        .iter()
        .find(|c| c.full_name == full)
        .unwrap_or_else(|| panic!("no fixture {full}"))
        .sample
        .clone();
    s.response = format!("<answer>{answer}</answer>");
    s
}

#[test]
fn boards_million_move_answers_are_fast_zeros() {
    let (reg, cases) = (registry(), fixtures());
    let long = [
        ("rg-knight-swap-0-stored", format!("[{}]", vec!["\"w,A1,B3\""; 1_000_000].join(","))),
        ("rg-rush-hour-0-solution", "A+1 ".repeat(1_000_000)),
        ("rg-boxnet-0-plan", format!("[{}]", vec!["{}"; 1_000_000].join(","))),
        ("rg-rubiks-cube-3-0-example", "R ".repeat(1_000_000)),
        ("rg-tsumego-4-stored", "A1 ".repeat(1_000_000)),
        ("rg-spiral-matrix-0-stored", "1 ".repeat(1_000_000)),
        ("rg-sudoku-0-stored", "123456789\n".repeat(100_000)),
        ("rg-modulo-grid-0-stored", "✅❌\n".repeat(200_000)),
        ("rg-pool-matrix-0-stored", "1.5 ".repeat(1_000_000)),
    ];
    for (name, answer) in long {
        let s = boards_row(&cases, name, &answer);
        let start = Instant::now();
        let r = reg.verify(&s, &Context::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!r.is_correct(), "{name}: a megabyte answer passed");
        assert!(start.elapsed() < Duration::from_secs(3), "{name}: took {:?}", start.elapsed());
    }
}

#[test]
fn boards_replays_charge_the_step_budget() {
    let reg = registry();
    let s = boards_row(&fixtures(), "rg-rubiks-cube-3-0-example", "R R R R");
    let tight = Context::new(&Budget::default().with_steps(100));
    let r = reg.verify(&s, &tight);
    assert!(matches!(r, Err(Error::BudgetExceeded { .. })), "{r:?}");
}

// ------------------------------------------- string and word tasks (gym2) --

#[test]
fn string_task_instances_that_contradict_themselves_are_errors() {
    let reg = registry();
    // The stored clear text is not the decrypted cipher text.
    let caesar = json!({"cipher_text": "UIF DBU", "rotation": 1, "clear_text": "THE DOG"});
    let s = rg_row("caesar_cipher", caesar, "Decrypt: UIF DBU", "THE CAT");
    assert!(matches!(reg.verify(&s, &Context::default()), Err(Error::InvalidGroundTruth { .. })));
    // The string-manipulation solution is not where the rules lead.
    let rule = "If the string prefix is 'ab', replace it with 'ca'.";
    let sm = json!({"string": "abab", "selected_rules": [rule], "solution": "abab"});
    let s = rg_row("string_manipulation", sm, "", "abab");
    assert!(matches!(reg.verify(&s, &Context::default()), Err(Error::InvalidGroundTruth { .. })));
}

#[test]
fn rule_simulations_charge_the_step_budget() {
    let meta = json!({"initial_machines": [0, 1_000_000_000, 0]});
    let q = "Note: Apply the rules at most 100000 times.";
    let s = rg_row("string_splitting", meta, q, "0 0 0 0 0 0");
    let tight = Context::new(&Budget::default().with_steps(1_000));
    assert!(matches!(registry().verify(&s, &tight), Err(Error::BudgetExceeded { .. })));
    assert!(!grade(&s));
}

// --- The number tasks (gym/numbers.rs, gym/polynomial.rs, gym/geometry.rs) ---

/// A reasoning-gym row for a number task, with the answer in a tag.
fn number_row(task: &str, meta: Value, answer: &str) -> Sample {
    let mut entry = json!({"question": "", "answer": null});
    entry["metadata"] = meta;
    Sample::new("reasoning_gym", format!("<answer>{answer}</answer>"), Value::Null)
        .with_extra_info(json!({"task": task, "entry": entry}))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary answers never panic the expression readers (polynomials,
    /// antiderivatives, hexadecimal problems, complex numbers, points).
    #[test]
    fn number_task_readers_never_panic(answer in "[-+*/^()x0-9. ,eEijC=a-z]{0,60}|\\PC{0,60}") {
        let rows = [
            number_row("polynomial_multiplication",
                json!({"polynomial_expr": "x*(x + 1)", "variables": ["x"]}), &answer),
            number_row("intermediate_integration",
                json!({"integrand": "2*x*exp(x**2)", "variable": "x"}), &answer),
            number_row("polynomial_equations",
                json!({"polynomial_expr": "x**2 - 2", "variable": "x"}), &answer),
            number_row("bitwise_arithmetic", json!({"problem": "((0x1f << 0x2) - 0x3)"}), &answer),
            number_row("complex_arithmetic",
                json!({"num1": [1.0, 2.0], "num2": [3.0, -1.0], "operation": "*"}), &answer),
            number_row("advanced_geometry", json!({"A": ["0", "0"], "B": ["4", "0"], "C": ["1", "3"],
                "task_type": "orthocenter"}), &answer),
        ];
        for row in &rows {
            let _ = registry().verify(row, &Context::default());
        }
    }
}

/// The readers' answers on hand-picked forms that a fixture built from
/// reasoning-gym entries does not reach: the exact roots of `x^2 - 2`, an
/// antiderivative written with `E**`, the orthocenter of a right-angled
/// triangle written exactly, a complex product, and a wrong-by-1e-3 root.
#[test]
fn number_tasks_read_hand_picked_forms() {
    let cases = [
        (
            "polynomial_equations",
            json!({"polynomial_expr": "x**2 - 2", "variable": "x"}),
            "-1.4142, 1.4142",
            true,
        ),
        (
            "polynomial_equations",
            json!({"polynomial_expr": "x**2 - 2", "variable": "x"}),
            "-1.4142, 1.4152",
            false,
        ),
        ("polynomial_equations", json!({"polynomial_expr": "x**3", "variable": "x"}), "0", true),
        (
            "polynomial_equations",
            json!({"polynomial_expr": "x**3", "variable": "x"}),
            "0, 0",
            false,
        ),
        (
            "intermediate_integration",
            json!({"integrand": "2*x*exp(x**2)", "variable": "x"}),
            "E**(x**2) + C",
            true,
        ),
        (
            "intermediate_integration",
            json!({"integrand": "2*x*exp(x**2)", "variable": "x"}),
            "exp(x**2)*x",
            false,
        ),
        (
            "intermediate_integration",
            json!({"integrand": "1/(1 + x**2)", "variable": "x"}),
            "atan(x) - pi",
            true,
        ),
        (
            "advanced_geometry",
            json!({"A": ["0", "0"], "B": ["4", "0"], "C": ["0", "3"],
            "task_type": "orthocenter"}),
            "(0, 0)",
            true,
        ),
        (
            "complex_arithmetic",
            json!({"num1": [1.0, 2.0], "num2": [3.0, -1.0], "operation": "*"}),
            "5 + 5i",
            true,
        ),
        (
            "complex_arithmetic",
            json!({"num1": [1.0, 2.0], "num2": [3.0, -1.0], "operation": "*"}),
            "5 - 5i",
            false,
        ),
        ("bitwise_arithmetic", json!({"problem": "(0x3 - 0x5)"}), "-0x2", true),
        ("bitwise_arithmetic", json!({"problem": "(0x3 - 0x5)"}), "0xfffffffffffffffe", false),
        ("bitwise_arithmetic", json!({"problem": "(-0x5 >> 0x1)"}), "-0x3", true),
    ];
    for (task, meta, answer, want) in cases {
        let r = registry().verify(&number_row(task, meta, answer), &Context::default());
        let r = r.unwrap_or_else(|e| panic!("{task} {answer}: {e}"));
        assert_eq!(r.is_correct(), want, "{task} {answer}: {:?}", r.detail);
    }
}
