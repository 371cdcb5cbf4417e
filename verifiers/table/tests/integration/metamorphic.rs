//! Metamorphic tests over the table fixtures: every correct single-number
//! HiTab / MultiHiertt case is rewritten in forms that must stay correct
//! (thousands separators, the container, a scale word that matches the
//! question's unit) and in forms that must not be rewarded (a neighbouring
//! cell's value, a scale word that disagrees with the question's unit, a
//! scale word multiplied into an amount the question gives no unit for).

use std::path::PathBuf;
use std::sync::LazyLock;

use proptest::prelude::*;
use rlvr_core::testutil::load_dir;
use rlvr_core::{Context, Registry, Sample, Status};
use rlvr_table::{Scale, Value, parse_value};

/// A correct HiTab fixture whose gold is one plain number.
#[derive(Debug, Clone)]
struct Seed {
    name: String,
    data_source: String,
    /// The gold as written.
    gold: String,
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/table");
    let cases = load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let seeds: Vec<Seed> = cases
        .into_iter()
        .filter(|c| c.status == Status::Correct)
        .filter(|c| {
            let ds = &c.sample.data_source;
            (ds.contains("hitab") || ds.contains("multihier"))
                && c.sample.extra("policy").is_none()
                && c.sample.extra("percent").is_none()
        })
        .filter_map(|c| {
            let gold = match &c.sample.ground_truth {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            match parse_value(&gold) {
                Value::Number(n) if !n.percent && n.scale == Scale::One && !gold.contains(',') => {
                    Some(Seed { name: c.full_name, data_source: c.sample.data_source, gold })
                }
                _ => None,
            }
        })
        .collect();
    assert!(seeds.len() >= 8, "only {} single-number table seeds", seeds.len());
    seeds
});

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_table::DOMAIN], &rlvr_core::Environment::default())
        .unwrap_or_else(|e| panic!("{e}"));
    reg
});

/// Questions that ask for the amount in a unit, with that unit's word.
const UNITS: [(&str, &str, &str); 4] = [
    ("What were total sales in 2019 (in thousands)?", "thousand", "million"),
    ("How much was spent on research, in $ millions?", "million", "thousand"),
    ("What was the 2019 revenue in millions of dollars?", "million", "billion"),
    ("How many thousand people lived in the region in 2019?", "thousand", "million"),
];

/// `1234567.5` as `1,234,567.5`.
fn with_separators(gold: &str) -> String {
    let (sign, rest) = gold.strip_prefix('-').map_or(("", gold), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The gold moved by one unit in its last shown place, times `k`: the
/// value of a neighbouring cell.
fn neighbour(gold: &str, k: i64) -> String {
    let places = gold.split_once('.').map_or(0, |(_, f)| f.len());
    let step = 10f64.powi(-(places as i32));
    let v: f64 = gold.parse().unwrap_or(0.0) + step * k as f64;
    format!("{v:.places$}")
}

fn grade(
    seed: &Seed,
    response: &str,
    prompt: Option<&str>,
) -> Result<rlvr_core::Reward, TestCaseError> {
    let mut s = Sample::new(seed.data_source.as_str(), response, seed.gold.as_str());
    if let Some(p) = prompt {
        s = s.with_prompt(p);
    }
    REGISTRY.verify(&s, &Context::default()).map_err(|e| TestCaseError::fail(e.to_string()))
}

fn container(answer: &str, which: usize) -> String {
    match which % 4 {
        0 => format!("\\boxed{{{answer}}}"),
        1 => format!("Reading the row for 2019.\nAnswer: {answer}"),
        2 => format!("The total is \\boxed{{ {answer} }}."),
        _ => format!("**Final Answer:** {answer}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Separators, containers and a scale word that matches the
    /// question's unit keep a correct answer correct.
    #[test]
    fn equivalent_forms_stay_correct(seed in 0usize..1000, which in 0usize..16, unit in 0usize..UNITS.len(), sep in any::<bool>()) {
        let seed = &SEEDS[seed % SEEDS.len()];
        let number = if sep { with_separators(&seed.gold) } else { seed.gold.clone() };
        let plain = container(&number, which);
        let r = grade(seed, &plain, None)?;
        prop_assert!(r.is_correct(), "{}: {plain:?} -> {:?}", seed.name, r.detail);
        let (question, word, _) = UNITS[unit];
        let scaled = container(&format!("{number} {word}"), which);
        let r = grade(seed, &scaled, Some(question))?;
        prop_assert!(r.is_correct(), "{}: {question:?} {scaled:?} -> {:?}", seed.name, r.detail);
        // The bare number answers the same question too.
        let r = grade(seed, &plain, Some(question))?;
        prop_assert!(r.is_correct(), "{}: {question:?} {plain:?} -> {:?}", seed.name, r.detail);
    }

    /// A neighbouring cell's value, a scale word that disagrees with the
    /// question's unit, or a scale word with no unit in the question is
    /// never rewarded.
    #[test]
    fn broken_forms_are_not_rewarded(seed in 0usize..1000, which in 0usize..16, unit in 0usize..UNITS.len(), k in prop_oneof![-3i64..=-1, 1i64..=3]) {
        let seed = &SEEDS[seed % SEEDS.len()];
        let near = container(&neighbour(&seed.gold, k), which);
        let r = grade(seed, &near, None)?;
        prop_assert!(!r.is_correct(), "{}: {near:?} was rewarded: {:?}", seed.name, r.detail);
        let (question, word, other) = UNITS[unit];
        let r = grade(seed, &container(&format!("{} {word}", neighbour(&seed.gold, k)), which), Some(question))?;
        prop_assert!(!r.is_correct(), "{}: scaled neighbour rewarded: {:?}", seed.name, r.detail);
        let gold_is_zero = seed.gold.parse::<f64>().is_ok_and(|v| v == 0.0);
        if !gold_is_zero {
            let mismatch = container(&format!("{} {other}", seed.gold), which);
            let r = grade(seed, &mismatch, Some(question))?;
            prop_assert!(!r.is_correct(), "{}: {question:?} {mismatch:?} was rewarded: {:?}", seed.name, r.detail);
            let no_unit = container(&format!("{} {word}", seed.gold), which);
            let r = grade(seed, &no_unit, Some("What was the 2019 value?"))?;
            prop_assert!(!r.is_correct(), "{}: {no_unit:?} without a unit was rewarded: {:?}", seed.name, r.detail);
        }
    }
}
