//! reasoning-gym tasks, checked against the entry's metadata.
//!
//! Guru rows carry `extra_info = {"task", "entry": {"question", "answer",
//! "metadata"}}`. The metadata holds the instance (board, graph, numbers,
//! statements), so each task validates the answer by the puzzle's own
//! constraints and accepts any valid solution; `ground_truth` and
//! `entry.answer` are one valid answer among possibly many.

use std::sync::Arc;

use rlvr_core::extract::Kind;
use rlvr_core::{Context, Error, Reward, Sample, Verifier};
use serde_json::Value;

use crate::answer;

mod arith;
mod calendar;
mod cryptarithm;
mod gold;
mod graphs;
mod grids;
mod numeric;
mod truth;

/// One reasoning-gym entry as stored in a Guru row.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The question text (empty when absent).
    pub(crate) question: String,
    /// The stored answer (`None` for tasks with many answers).
    pub(crate) answer: Option<String>,
    /// The instance.
    pub(crate) meta: Value,
}

impl Entry {
    fn from_sample(sample: &Sample) -> Result<Self, Error> {
        let entry = sample.extra("entry").ok_or_else(|| meta_err("missing `extra_info.entry`"))?;
        // Parquet exports sometimes store the entry or its metadata as JSON text.
        let entry = json_or_text(entry).ok_or_else(|| meta_err("`entry` is not JSON"))?;
        let meta = entry
            .get("metadata")
            .and_then(json_or_text)
            .filter(Value::is_object)
            .ok_or_else(|| meta_err("missing or unreadable `entry.metadata`"))?;
        let answer =
            match entry.get("answer").filter(|a| !a.is_null()).unwrap_or(&sample.ground_truth) {
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
        let question = entry.get("question").and_then(Value::as_str).unwrap_or("").to_owned();
        Ok(Self { question, answer, meta })
    }

    /// A metadata field.
    pub(crate) fn get(&self, key: &str) -> Result<&Value, Error> {
        self.meta.get(key).ok_or_else(|| meta_err(format!("metadata has no `{key}`")))
    }

    /// The stored answer.
    pub(crate) fn gold(&self) -> Result<&str, Error> {
        self.answer.as_deref().ok_or_else(|| meta_err("entry has no stored answer"))
    }
}

fn json_or_text(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

/// An error for unreadable instance data; the task's name is filled in by
/// [`Task`].
pub(crate) fn meta_err(reason: impl Into<String>) -> Error {
    Error::invalid_ground_truth("reasoning_gym", reason)
}

/// Reads a metadata value as `T`.
pub(crate) fn field<T: serde::de::DeserializeOwned>(e: &Entry, key: &str) -> Result<T, Error> {
    serde_json::from_value(e.get(key)?.clone())
        .map_err(|err| meta_err(format!("metadata `{key}`: {err}")))
}

/// The signature of a task's checker: entry, extracted answer, budget.
type Check = fn(&Entry, &str, &Context) -> Result<Reward, Error>;

/// A reasoning-gym task as a [`Verifier`].
#[derive(Debug)]
struct Task {
    name: String,
    check: Check,
    kinds: &'static [Kind],
}

impl Task {
    fn relabel(&self, e: Error) -> Error {
        match e {
            Error::InvalidGroundTruth { reason, .. } => {
                Error::invalid_ground_truth(self.name.clone(), reason)
            }
            other => other,
        }
    }
}

impl Verifier for Task {
    fn name(&self) -> &str {
        &self.name
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let entry = Entry::from_sample(sample).map_err(|e| self.relabel(e))?;
        let text = match answer::extract(sample, cx, self.kinds) {
            Ok(t) => t,
            Err(r) => return Ok(r),
        };
        cx.charge(text.len() as u64)?;
        (self.check)(&entry, text, cx).map_err(|e| self.relabel(e))
    }

    /// Reads the instance and checks that the stored answer, when there is
    /// one, passes the task's own checker.
    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let entry = Entry::from_sample(sample).map_err(|e| self.relabel(e))?;
        let cx = Context::default();
        let stored = entry.answer.clone().unwrap_or_default();
        let r = (self.check)(&entry, &stored, &cx).map_err(|e| self.relabel(e))?;
        if entry.answer.is_some() && !r.is_correct() {
            return Err(Error::invalid_ground_truth(
                self.name.clone(),
                format!("the stored answer fails the instance: {}", r.detail.unwrap_or_default()),
            ));
        }
        Ok(())
    }
}

/// Every task this crate grades, as `(task name, checker)`.
const TASKS: &[(&str, Check, &[Kind])] = &[
    ("arc_1d", gold::arc_1d, answer::LOOSE),
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
    ("futoshiki", grids::futoshiki, answer::LOOSE),
    ("gcd", numeric::gcd, answer::LOOSE),
    ("graph_color", graphs::graph_color, GRAPH_COLOR_KINDS),
    ("knights_knaves", truth::knights_knaves, answer::LOOSE),
    ("largest_island", graphs::largest_island, answer::LOOSE),
    ("lcm", numeric::lcm, answer::LOOSE),
    ("maze", graphs::maze, answer::LOOSE),
    ("mini_sudoku", grids::mini_sudoku, answer::LOOSE),
    ("n_queens", grids::n_queens, answer::LOOSE),
    ("prime_factorization", numeric::prime_factorization, answer::LOOSE),
    ("propositional_logic", truth::propositional_logic, answer::LOOSE),
    ("puzzle24", arith::puzzle24, answer::LOOSE),
    ("rearc", gold::rearc, answer::LOOSE),
    ("self_reference", truth::self_reference, answer::LOOSE),
    ("shortest_path", graphs::shortest_path, answer::LOOSE),
    ("syllogism", gold::syllogism, answer::LOOSE),
    ("time_intervals", calendar::time_intervals, answer::LOOSE),
    ("zebra_puzzles", gold::zebra_puzzles, answer::LOOSE),
];

/// Graph colourings are JSON maps: a bare JSON object also counts.
const GRAPH_COLOR_KINDS: &[Kind] = &[Kind::AnswerTag, Kind::Boxed, Kind::Json];

/// The tasks as verifiers.
pub(crate) fn tasks() -> Vec<(&'static str, Arc<dyn Verifier>)> {
    TASKS
        .iter()
        .map(|&(name, check, kinds)| {
            let task: Arc<dyn Verifier> =
                Arc::new(Task { name: format!("reasoning_gym/{name}"), check, kinds });
            (name, task)
        })
        .collect()
}

/// Test hook: an expression's exact value as `(numerator, denominator)`.
#[cfg(test)]
pub(crate) fn arith_eval_for_tests(text: &str) -> Option<(i128, i128)> {
    arith::eval(text).ok().map(|p| p.value.parts())
}

/// Test hook: a parsed propositional formula.
#[cfg(test)]
pub(crate) fn formula_for_tests(text: &str) -> Option<truth::Formula> {
    truth::parse_formula(text)
}
