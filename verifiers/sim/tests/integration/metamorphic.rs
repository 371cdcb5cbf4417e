//! Metamorphic tests over the fixture corpus (issue 15): each correct
//! reasoning-gym simulation fixture is a seed. Writing its answer in
//! another container or syntax must keep it `correct`; changing what it
//! says (a move dropped, a cell flipped, another output value, a hedge)
//! must never make it `correct`.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use rlvr_core::{Context, Registry, Sample, Verdict};
use serde_json::{Value, json};

use super::{fixtures, registry_with};

static REG: LazyLock<Registry> = LazyLock::new(|| registry_with(None));

#[derive(Debug, Clone)]
struct Seed {
    name: String,
    sample: Sample,
    task: String,
    entry: Value,
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    fixtures()
        .into_iter()
        .filter(|c| c.status == rlvr_core::Status::Correct)
        .filter_map(|c| {
            let task = c.sample.extra_str("task")?.to_owned();
            let entry = match c.sample.extra("entry")? {
                Value::String(t) => serde_json::from_str(t).ok()?,
                v => v.clone(),
            };
            Some(Seed { name: c.full_name, sample: c.sample, task, entry })
        })
        .collect()
});

fn seeds(task: &str) -> Vec<&'static Seed> {
    SEEDS.iter().filter(|s| s.task == task).collect()
}

fn verdict(seed: &Seed, response: &str) -> Verdict {
    let mut s = seed.sample.clone();
    s.response = response.to_owned();
    match REG.verify(&s, &Context::default()) {
        Ok(r) => r.verdict,
        Err(e) => panic!("{}: an error on a transformed answer: {e}", seed.name),
    }
}

fn check(seed: &Seed, response: &str, correct: bool) -> Result<(), TestCaseError> {
    let v = verdict(seed, response);
    if correct {
        prop_assert_eq!(v, Verdict::Correct, "{}: {:?} must be correct", seed.name, response);
    } else {
        prop_assert_ne!(v, Verdict::Correct, "{}: {:?} must not be correct", seed.name, response);
    }
    Ok(())
}

/// The stored optimal plan of a jugs or Hanoi entry, as move texts.
fn stored_plan(seed: &Seed) -> Option<Vec<String>> {
    let answer = seed.entry.get("answer")?.as_str()?;
    let moves: Vec<String> = match serde_json::from_str::<Value>(answer) {
        Ok(Value::Array(a)) => {
            a.iter().map(|m| m.as_str().map(str::to_owned)).collect::<Option<_>>()?
        }
        _ => answer.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
    };
    // Only optimal plans: no proper prefix of one reaches the goal.
    let md = seed.entry.get("metadata")?;
    let optimum = md
        .get("solution_length")
        .or_else(|| md.get("puzzle").and_then(|p| p.get("min_moves")))
        .and_then(Value::as_u64)?;
    (moves.len() as u64 == optimum && !moves.is_empty()).then_some(moves)
}

fn render_plan(moves: &[String], form: usize) -> String {
    match form % 5 {
        0 => format!("<answer>\n{}\n</answer>", moves.join("\n")),
        1 => format!(
            "<answer>\n{}\n</answer>",
            moves
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{}. {m}", i + 1))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        2 => format!("<answer>{}</answer>", json!(moves)),
        3 => format!("Plan:\n```\n{}\n```", moves.join("\n")),
        _ => format!("Plan:\n\\boxed{{{}}}", json!(moves)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// An optimal plan in any container or list syntax solves the puzzle;
    /// the same plan with any one move dropped does not (were it legal
    /// and solving, the optimum would be shorter).
    #[test]
    fn plans_in_any_syntax_solve_and_cut_plans_do_not(
        i in any::<Index>(),
        form in 0..5usize,
        drop in any::<Index>(),
    ) {
        let pool: Vec<(&Seed, Vec<String>)> = seeds("jugs")
            .into_iter()
            .chain(seeds("tower_of_hanoi"))
            .filter_map(|s| Some((s, stored_plan(s)?)))
            .collect();
        prop_assume!(!pool.is_empty());
        let (seed, moves) = &pool[i.index(pool.len())];
        // A box is a jugs container (a JSON list of moves), not a Hanoi one.
        let form = if seed.task == "jugs" { form } else { form % 4 };
        check(seed, &render_plan(moves, form), true)?;
        let mut bad = moves.clone();
        bad.remove(drop.index(bad.len()));
        check(seed, &render_plan(&bad, form), false)?;
    }
}

/// A reasoning-gym CodeI/O output-prediction seed's output.
fn codeio_output(seed: &Seed) -> Option<Value> {
    let q = seed.entry.get("question")?.as_str()?;
    if q.contains("Given the following output") {
        return None;
    }
    seed.entry.get("metadata")?.get("output_data").cloned()
}

/// A different value of the same shape.
fn changed(v: &Value) -> Value {
    match v {
        Value::Bool(b) => json!(!b),
        Value::Number(n) => match n.as_i64() {
            Some(k) => json!(k.saturating_add(1)),
            None => json!(n.as_f64().unwrap_or(0.0) * 2.0 + 1.0),
        },
        Value::String(s) => json!(format!("{s}x")),
        Value::Array(a) => {
            let mut a = a.clone();
            a.push(json!(0));
            json!(a)
        }
        Value::Object(m) => {
            let mut m = m.clone();
            m.insert("__extra".into(), json!(1));
            Value::Object(m)
        }
        Value::Null => json!(0),
    }
}

fn render_output(v: &Value, form: usize) -> Option<String> {
    let scalar = !v.is_array() && !v.is_object();
    Some(match form % 6 {
        0 => format!("```json\n{}\n```", json!({"output": v})),
        1 => format!("<answer>{}</answer>", json!({"output": v})),
        2 => format!("{}", json!({"output": v})),
        3 if scalar => format!("Tracing it.\n\\boxed{{{v}}}"),
        4 if scalar => format!("Tracing it.\nAnswer: {v}"),
        5 => format!("```json\n{}\n```", serde_json::to_string_pretty(&json!({"output": v})).ok()?),
        _ => format!("```json\n{v}\n```"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A predicted output in any container stays correct; another value
    /// of the same shape never is, and neither is a hedge ending in it.
    #[test]
    fn codeio_outputs_in_any_container_and_changed_values(
        i in any::<Index>(),
        form in 0..6usize,
    ) {
        let pool: Vec<(&Seed, Value)> =
            seeds("codeio").into_iter().filter_map(|s| Some((s, codeio_output(s)?))).collect();
        prop_assume!(!pool.is_empty());
        let (seed, out) = &pool[i.index(pool.len())];
        let Some(right) = render_output(out, form) else { return Ok(()) };
        check(seed, &right, true)?;
        let Some(bad) = render_output(&changed(out), form) else { return Ok(()) };
        check(seed, &bad, false)?;
        check(seed, &format!("{right}\nor maybe\n{bad}"), false)?;
    }
}

/// The final board of a Life seed, from its stored answer (a JSON matrix
/// of 0 and 1).
fn life_board(seed: &Seed) -> Option<Vec<Vec<u8>>> {
    let rows: Value = serde_json::from_str(seed.entry.get("answer")?.as_str()?).ok()?;
    rows.as_array()?
        .iter()
        .map(|r| r.as_array()?.iter().map(|c| u8::try_from(c.as_u64()?).ok()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A Life board as JSON, whitespace rows or numpy's print stays
    /// correct; one cell flipped never is.
    #[test]
    fn life_boards_in_any_syntax_and_flipped_cells(
        i in any::<Index>(),
        cell in any::<Index>(),
        form in 0..3usize,
    ) {
        let pool: Vec<(&Seed, Vec<Vec<u8>>)> =
            seeds("game_of_life").into_iter().filter_map(|s| Some((s, life_board(s)?))).collect();
        prop_assume!(!pool.is_empty());
        let (seed, board) = &pool[i.index(pool.len())];
        let render = |b: &[Vec<u8>]| {
            let row = |r: &Vec<u8>| r.iter().map(u8::to_string).collect::<Vec<_>>().join(" ");
            match form {
                0 => format!("<answer>{}</answer>", json!(b)),
                1 => format!("<answer>\n{}\n</answer>", b.iter().map(row).collect::<Vec<_>>().join("\n")),
                _ => format!(
                    "<answer>\n[{}]\n</answer>",
                    b.iter().map(|r| format!("[{}]", row(r))).collect::<Vec<_>>().join("\n ")
                ),
            }
        };
        check(seed, &render(board), true)?;
        let mut bad = board.clone();
        let r = cell.index(bad.len());
        let c = cell.index(bad[r].len());
        bad[r][c] ^= 1;
        check(seed, &render(&bad), false)?;
    }
}

#[test]
fn every_simulation_family_has_seeds() {
    for task in ["jugs", "tower_of_hanoi", "codeio", "game_of_life"] {
        assert!(!seeds(task).is_empty(), "no seed for {task}");
    }
    assert!(SEEDS.iter().filter_map(stored_plan).count() >= 4, "too few optimal plans");
    assert!(SEEDS.iter().filter_map(codeio_output).count() >= 4, "too few codeio outputs");
}
