//! Metamorphic tests over the fixture corpus (issue 15).
//!
//! Every `correct` fixture is a seed. Transformations that keep an answer
//! right (another container, spacing, case, separators, order where order
//! does not matter, an equivalent phrasing such as "not a knave" for "a
//! knight") must keep it `correct`; transformations that make it wrong (one
//! role or element changed, a negation flipped, an item added or dropped,
//! an unevaluated expression for a number, a hedge) must never be
//! `correct`. proptest picks the seed and the transformation.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use rlvr_core::{Context, Registry, Sample, Verdict};
use serde_json::Value;

use super::{fixtures, registry};

static REG: LazyLock<Registry> = LazyLock::new(registry);

/// A correct fixture whose answer sits in one `<answer>` tag.
#[derive(Debug, Clone)]
struct Seed {
    name: String,
    sample: Sample,
    answer: String,
    /// The reasoning-gym task, if it is a reasoning-gym row.
    task: Option<String>,
    /// The reasoning-gym entry.
    entry: Option<Value>,
}

fn tagged(response: &str) -> Option<String> {
    let open = response.rfind("<answer>")?;
    let close = response[open..].find("</answer>")? + open;
    Some(response[open + "<answer>".len()..close].to_owned())
}

fn entry_of(s: &Sample) -> Option<Value> {
    match s.extra("entry")? {
        Value::String(t) => serde_json::from_str(t).ok(),
        v => Some(v.clone()),
    }
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    fixtures()
        .into_iter()
        .filter(|c| c.status == rlvr_core::Status::Correct)
        .filter_map(|c| {
            let answer = tagged(&c.sample.response)?;
            let task = c.sample.extra_str("task").map(str::to_owned);
            let entry = entry_of(&c.sample);
            Some(Seed { name: c.full_name, sample: c.sample, answer, task, entry })
        })
        .collect()
});

/// The incorrect fixtures' tagged answers, by reasoning-gym entry.
static WRONG: LazyLock<Vec<(Value, String)>> = LazyLock::new(|| {
    fixtures()
        .into_iter()
        .filter(|c| c.status == rlvr_core::Status::Incorrect)
        .filter_map(|c| Some((entry_of(&c.sample)?, tagged(&c.sample.response)?)))
        .filter(|(_, a)| !a.trim().is_empty() && a.len() < 2_000)
        .collect()
});

fn seeds_where(f: impl Fn(&Seed) -> bool) -> Vec<Seed> {
    SEEDS.iter().filter(|s| f(s)).cloned().collect()
}

fn verdict(seed: &Seed, response: &str) -> Verdict {
    let mut s = seed.sample.clone();
    s.response = response.to_owned();
    match REG.verify(&s, &Context::default()) {
        Ok(r) => r.verdict,
        Err(e) => panic!("{}: an error on a transformed answer: {e}", seed.name),
    }
}

#[allow(clippy::needless_pass_by_value, reason = "callers pass fresh format! strings")]
fn assert_correct(seed: &Seed, response: String) -> Result<(), TestCaseError> {
    let v = verdict(seed, &response);
    prop_assert_eq!(v, Verdict::Correct, "{}: {:?} must stay correct", seed.name, response);
    Ok(())
}

#[allow(clippy::needless_pass_by_value, reason = "callers pass fresh format! strings")]
fn assert_not_correct(seed: &Seed, response: String) -> Result<(), TestCaseError> {
    let v = verdict(seed, &response);
    prop_assert_ne!(v, Verdict::Correct, "{}: {:?} must not be correct", seed.name, response);
    Ok(())
}

// ------------------------------------------------------------ containers --

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Another container, padding inside it, a draft in a think block or an
    /// earlier draft answer: the last complete answer is still the answer.
    #[test]
    fn containers_and_padding_keep_correct_answers_correct(
        i in any::<Index>(),
        form in 0..5usize,
        pad in "[ \n]{0,2}",
    ) {
        let seed = &SEEDS[i.index(SEEDS.len())];
        let a = seed.answer.trim();
        let single_line = !a.contains('\n') && !a.contains(['{', '}']);
        let gym = seed.task.is_some();
        let response = match form {
            1 if gym && single_line => format!("Working.\n\\boxed{{{a}}}"),
            2 if gym && single_line => format!("Working.\nAnswer: {a}"),
            3 => format!("<think>\n<answer>draft</answer>\n</think>\n<answer>{pad}{a}{pad}</answer>"),
            4 => format!("First try: <answer>draft</answer>\nCorrected:\n<answer>{a}</answer>"),
            _ => format!("Working.\n<answer>{pad}{a}{pad}</answer>"),
        };
        assert_correct(seed, response)?;
    }

    /// A right answer hedged with a wrong one of the same instance (`A or
    /// B`, `A, or maybe B`, both listed) is never correct. The wrong one
    /// comes last: where a task's container is a JSON value, the last
    /// complete one is the answer (`{wrong} or {right}` is graded as the
    /// right one, as two answer tags would be).
    #[test]
    fn hedges_with_a_wrong_answer_are_never_correct(
        i in any::<Index>(),
        j in any::<Index>(),
        form in 0..3usize,
    ) {
        // In propositional logic `A or B` is itself a formula (a weaker,
        // still entailed conclusion), not a hedge.
        let seeds = seeds_where(|s| {
            s.entry.is_some() && s.task.as_deref() != Some("propositional_logic")
        });
        let seed = &seeds[i.index(seeds.len())];
        let entry = seed.entry.as_ref().expect("filtered");
        let wrongs: Vec<&String> =
            WRONG.iter().filter(|(e, _)| e == entry).map(|(_, a)| a).collect();
        prop_assume!(!wrongs.is_empty());
        let w = wrongs[j.index(wrongs.len())].trim();
        let a = seed.answer.trim();
        let hedged = match form {
            0 => format!("{a} or {w}"),
            1 => format!("{a}, or maybe {w}"),
            _ => format!("either {a}\nor {w}"),
        };
        assert_not_correct(seed, format!("<answer>{hedged}</answer>"))?;
    }
}

// ------------------------------------------------------ knights and knaves --

/// A knights-and-knaves instance: names, true roles, role words.
fn kk(seed: &Seed) -> Option<(Vec<String>, Vec<bool>, String, String)> {
    let md = seed.entry.as_ref()?.get("metadata")?;
    let names: Vec<String> = serde_json::from_value(md.get("names")?.clone()).ok()?;
    let roles: Vec<bool> = serde_json::from_value(md.get("solution")?.clone()).ok()?;
    let t = md.get("knight_knave_terms")?;
    let word = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_owned);
    Some((names, roles, word("knight")?, word("knave")?))
}

fn article(w: &str) -> &'static str {
    if w.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// One clause saying `name` has role `knight`, in style `style`.
fn clause(name: &str, knight: bool, kn: &str, kv: &str, style: usize) -> String {
    let (role, other) = if knight { (kn, kv) } else { (kv, kn) };
    let plain = if knight { "truth-teller" } else { "liar" };
    match style % 7 {
        0 => format!("{name} is {} {role}", article(role)),
        1 => format!("{name} is not {} {other}", article(other)),
        2 => format!("{name}: {role}"),
        3 => format!("{name} is {} {plain}", article(role)),
        4 => format!("{name} is {} {role} ({plain})", article(role)),
        5 => format!("{name} is {} {role}, not {} {other}", article(role), article(other)),
        _ => format!("{name} isn't {} {other}", article(other)),
    }
}

fn recase(s: &str, how: usize) -> String {
    match how % 3 {
        0 => s.to_owned(),
        1 => s.to_uppercase(),
        _ => s.to_lowercase(),
    }
}

const SEPARATORS: &[&str] = &[", ", "; ", "\n", ", and ", " and ", ". "];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any order of the people, any mix of equivalent phrasings ("not a
    /// knave" for "a knight"), separators and case: still correct.
    #[test]
    fn knights_knaves_equivalent_phrasings_stay_correct(
        i in any::<Index>(),
        order in any::<Vec<Index>>(),
        styles in prop::collection::vec(0..7usize, 8),
        sep in 0..SEPARATORS.len(),
        case in 0..3usize,
    ) {
        let seeds = seeds_where(|s| s.task.as_deref() == Some("knights_knaves") && kk(s).is_some());
        let seed = &seeds[i.index(seeds.len())];
        let (names, roles, kn, kv) = kk(seed).expect("filtered");
        let mut idx: Vec<usize> = (0..names.len()).collect();
        for (k, o) in order.iter().enumerate().take(idx.len()) {
            let j = o.index(idx.len());
            idx.swap(k, j);
        }
        let text = idx
            .iter()
            .map(|&p| clause(&names[p], roles[p], &kn, &kv, styles[p % styles.len()]))
            .collect::<Vec<_>>()
            .join(SEPARATORS[sep]);
        assert_correct(seed, format!("<answer>{}</answer>", recase(&text, case)))?;
    }

    /// One role changed, one negation flipped, one person dropped, one
    /// clause turned into a disjunction, or one person given both roles:
    /// never correct.
    #[test]
    fn knights_knaves_changed_answers_are_never_correct(
        i in any::<Index>(),
        who in any::<Index>(),
        styles in prop::collection::vec(0..7usize, 8),
        change in 0..5usize,
        sep in 0..SEPARATORS.len(),
    ) {
        let seeds = seeds_where(|s| s.task.as_deref() == Some("knights_knaves") && kk(s).is_some());
        let seed = &seeds[i.index(seeds.len())];
        let (names, roles, kn, kv) = kk(seed).expect("filtered");
        let w = who.index(names.len());
        let mut parts: Vec<String> = Vec::new();
        for p in 0..names.len() {
            let style = styles[p % styles.len()];
            let c = clause(&names[p], roles[p], &kn, &kv, style);
            if p != w {
                parts.push(c);
                continue;
            }
            let (role, other) = if roles[p] { (&kn, &kv) } else { (&kv, &kn) };
            match change {
                0 => parts.push(clause(&names[p], !roles[p], &kn, &kv, style)),
                1 => parts.push(format!("{} is not {} {role}", names[p], article(role))),
                2 => {}
                3 => parts.push(format!("{} is {} {role} or {} {other}", names[p], article(role), article(other))),
                _ => {
                    parts.push(c);
                    parts.push(format!("{} is {} {other}", names[p], article(other)));
                }
            }
        }
        let text = parts.join(SEPARATORS[sep]);
        assert_not_correct(seed, format!("<answer>{text}</answer>"))?;
    }
}

// ------------------------------------------------------------ arithmetic --

fn numeric_seeds() -> Vec<Seed> {
    seeds_where(|s| {
        matches!(s.task.as_deref(), Some("basic_arithmetic" | "chain_sum" | "decimal_arithmetic"))
            && s.answer.trim().parse::<f64>().is_ok()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The same number written differently: `$x$`, a trailing period, a
    /// leading zero dropped (`.752`), `.0` on an integer.
    #[test]
    fn numbers_written_differently_stay_correct(i in any::<Index>(), form in 0..4usize) {
        let seeds = numeric_seeds();
        let seed = &seeds[i.index(seeds.len())];
        let a = seed.answer.trim();
        let v = match form {
            0 => format!("${a}$"),
            1 => format!("{a}."),
            2 if a.starts_with("0.") => a.replacen("0.", ".", 1),
            2 if a.starts_with("-0.") => a.replacen("-0.", "-.", 1),
            3 if !a.contains('.') => format!("{a}.0"),
            _ => format!(" {a} "),
        };
        assert_correct(seed, format!("<answer>{v}</answer>"))?;
    }

    /// An unevaluated expression with the right value (`2x/2`, `x - 1 +
    /// 1`, `x + 0`, `x*1`) is not a number; nor is a hedge with a neighbour.
    #[test]
    fn unevaluated_expressions_are_never_correct(i in any::<Index>(), form in 0..5usize) {
        let seeds = numeric_seeds();
        let seed = &seeds[i.index(seeds.len())];
        let a = seed.answer.trim();
        let v = match form {
            0 => match a.parse::<i64>() {
                Ok(n) => format!("{}/2", n * 2),
                Err(_) => format!("({a})/1"),
            },
            1 => format!("{a} + 0"),
            2 => format!("{a}*1"),
            3 => format!("{a} or {a}1"),
            _ => format!("1 * {a}"),
        };
        assert_not_correct(seed, format!("<answer>{v}</answer>"))?;
    }
}

// ------------------------------------------------- ordering, zebra, ARC --

fn gold_strings(seed: &Seed) -> Option<Vec<String>> {
    seed.sample.ground_truth.as_array()?.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Ordering answers in any list syntax and any case stay correct; one
    /// name dropped, repeated or replaced never is.
    #[test]
    fn ordering_syntax_and_case_keep_correct_and_edits_do_not(
        i in any::<Index>(),
        form in 0..5usize,
        case in 0..3usize,
        edit in 0..3usize,
        at in any::<Index>(),
    ) {
        let seeds = seeds_where(|s| {
            s.sample.data_source.starts_with("logic__ordering") && gold_strings(s).is_some()
                && !s.name.contains("alternative")
        });
        prop_assume!(!seeds.is_empty());
        let seed = &seeds[i.index(seeds.len())];
        // The seed's own order (an alternative arrangement is also a seed).
        let Some(Value::Array(list)) = rlvr_core::literal::parse(seed.answer.trim()) else {
            return Ok(());
        };
        let items: Vec<String> = list.iter().filter_map(|v| v.as_str().map(|s| recase(s, case))).collect();
        prop_assume!(items.len() == list.len() && items.iter().all(|s| !s.contains(' ')));
        let render = |xs: &[String]| match form {
            0 => format!("{xs:?}"),
            1 => format!("[{}]", xs.join(", ")),
            2 => xs.join(" "),
            3 => xs.join("\n"),
            _ => xs.join(" -> "),
        };
        assert_correct(seed, format!("<answer>{}</answer>", render(&items)))?;
        let k = at.index(items.len());
        let mut bad = items.clone();
        match edit {
            0 => { bad.remove(k); }
            1 => bad.push(items[k].clone()),
            _ => bad[k] = "zebrafish".to_owned(),
        }
        assert_not_correct(seed, format!("<answer>{}</answer>", render(&bad)))?;
    }

    /// Zebra rows in any order (positions kept) stay correct; two cells of
    /// one column swapped between rows, or a row dropped, never are.
    #[test]
    fn zebra_row_order_is_free_and_swapped_cells_are_wrong(
        i in any::<Index>(),
        perm in any::<Vec<Index>>(),
        col in any::<Index>(),
        edit in 0..2usize,
    ) {
        let seeds = seeds_where(|s| s.sample.data_source.contains("zebra_puzzle"));
        prop_assume!(!seeds.is_empty());
        let seed = &seeds[i.index(seeds.len())];
        let gold = rlvr_core::literal::unwrap_string(&seed.sample.ground_truth);
        let header = gold["header"].clone();
        let Some(rows) = gold["rows"].as_array().cloned() else { return Ok(()) };
        prop_assume!(rows.len() >= 2);
        let mut shuffled = rows.clone();
        for (k, p) in perm.iter().enumerate().take(shuffled.len()) {
            let j = p.index(shuffled.len());
            shuffled.swap(k, j);
        }
        let grid = |rows: &[Value]| serde_json::json!({"header": header, "rows": rows}).to_string();
        assert_correct(seed, format!("<answer>{}</answer>", grid(&shuffled)))?;
        let width = rows[0].as_array().map_or(0, Vec::len);
        prop_assume!(width >= 2);
        let c = 1 + col.index(width - 1);
        let mut bad = rows;
        if edit == 0 {
            let (x, y) = (bad[0][c].clone(), bad[1][c].clone());
            prop_assume!(x != y);
            bad[0][c] = y;
            bad[1][c] = x;
        } else {
            bad.pop();
        }
        assert_not_correct(seed, format!("<answer>{}</answer>", grid(&bad)))?;
    }

    /// ARC grids as JSON, whitespace rows, numpy's print or a fence stay
    /// correct; one cell changed, or a row added or dropped, never is.
    #[test]
    fn arc_grid_syntax_keeps_correct_and_cell_edits_do_not(
        i in any::<Index>(),
        form in 0..4usize,
        cell in any::<Index>(),
        edit in 0..3usize,
    ) {
        let seeds = seeds_where(|s| {
            s.task.is_none() && (s.sample.data_source.contains("arcagi") || s.sample.data_source.contains("barc"))
        });
        prop_assume!(!seeds.is_empty());
        let seed = &seeds[i.index(seeds.len())];
        let gold = rlvr_core::literal::unwrap_string(&seed.sample.ground_truth);
        let Some(g) = int_grid(&gold) else { return Ok(()) };
        let render = |g: &[Vec<i64>]| {
            let row = |r: &Vec<i64>, sep: &str| r.iter().map(i64::to_string).collect::<Vec<_>>().join(sep);
            match form {
                0 => serde_json::to_string(g).expect("json"),
                1 => g.iter().map(|r| row(r, " ")).collect::<Vec<_>>().join("\n"),
                2 => format!(
                    "[{}]",
                    g.iter().map(|r| format!("[{}]", row(r, " "))).collect::<Vec<_>>().join("\n ")
                ),
                _ => format!("```json\n{}\n```", serde_json::to_string(g).expect("json")),
            }
        };
        assert_correct(seed, format!("<answer>\n{}\n</answer>", render(&g)))?;
        let mut bad = g;
        match edit {
            0 => {
                let r = cell.index(bad.len());
                let c = cell.index(bad[r].len());
                bad[r][c] = (bad[r][c] + 1) % 10;
            }
            1 => bad.push(bad[0].clone()),
            _ if bad.len() > 1 => { bad.pop(); }
            _ => bad[0].push(0),
        }
        assert_not_correct(seed, format!("<answer>\n{}\n</answer>", render(&bad)))?;
    }
}

#[test]
fn every_family_has_seeds() {
    for task in ["knights_knaves", "basic_arithmetic", "chain_sum", "decimal_arithmetic"] {
        assert!(SEEDS.iter().any(|s| s.task.as_deref() == Some(task)), "no seed for {task}");
    }
    for ds in ["logic__ordering", "zebra_puzzle", "arcagi"] {
        assert!(SEEDS.iter().any(|s| s.sample.data_source.contains(ds)), "no seed for {ds}");
    }
    assert!(WRONG.len() > 50, "only {} wrong answers to hedge with", WRONG.len());
}

/// A gold grid: a JSON matrix of integers.
fn int_grid(v: &Value) -> Option<Vec<Vec<i64>>> {
    v.as_array()?.iter().map(|r| r.as_array()?.iter().map(Value::as_i64).collect()).collect()
}
