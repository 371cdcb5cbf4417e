//! reasoning-gym rows: the stored [`Entry`] and [`GymTask`], a verifier
//! built from one task's checker.
//!
//! Guru rows carry `extra_info = {"task", "entry": {"question", "answer",
//! "metadata"}}`. The metadata holds the instance (board, graph, numbers,
//! statements), so a task validates the answer by the instance's own
//! constraints and accepts any valid solution; `ground_truth` and
//! `entry.answer` are one valid answer among possibly many. Several domain
//! crates grade such tasks (logic puzzles, simulations); they share this
//! reader and this verifier, and a [`TaskRouter`](crate::TaskRouter)
//! dispatches on `extra_info.task`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::extract::{Kind, Mode, Policy};
use crate::{Context, Error, Reward, Sample, Verifier};

/// One reasoning-gym entry as stored in a row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Entry {
    /// The question text (the entry's, else the prompt's; empty when
    /// neither is present).
    pub question: String,
    /// The stored answer (`None` for tasks with many answers).
    pub answer: Option<String>,
    /// The instance.
    pub metadata: Value,
}

/// An error for unreadable instance data. A [`GymTask`] replaces the
/// verifier name with its own.
pub fn meta_error(reason: impl Into<String>) -> Error {
    Error::invalid_ground_truth("reasoning_gym", reason)
}

/// Parquet exports sometimes store the entry or its metadata as JSON text.
fn json_or_text(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

impl Entry {
    /// Reads `extra_info.entry`; the stored answer falls back to the row's
    /// ground truth.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when the entry or its metadata is
    /// missing or unreadable.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::{Sample, gym::Entry};
    /// use serde_json::json;
    /// let s = Sample::new("reasoning_gym", "", json!(null)).with_extra_info(json!({
    ///     "task": "gcd",
    ///     "entry": {"question": "gcd(4, 6)?", "answer": "2", "metadata": {"numbers": [4, 6]}},
    /// }));
    /// let e = Entry::from_sample(&s)?;
    /// assert_eq!(e.gold()?, "2");
    /// assert_eq!(e.field::<Vec<u32>>("numbers")?, [4, 6]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_sample(sample: &Sample) -> Result<Self, Error> {
        let entry =
            sample.extra("entry").ok_or_else(|| meta_error("missing `extra_info.entry`"))?;
        let entry = json_or_text(entry).ok_or_else(|| meta_error("`entry` is not JSON"))?;
        let metadata = entry
            .get("metadata")
            .and_then(json_or_text)
            .filter(Value::is_object)
            .ok_or_else(|| meta_error("missing or unreadable `entry.metadata`"))?;
        let answer =
            match entry.get("answer").filter(|a| !a.is_null()).unwrap_or(&sample.ground_truth) {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
        let question = entry
            .get("question")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| sample.prompt_text())
            .unwrap_or_default();
        Ok(Self { question, answer, metadata })
    }

    /// A metadata field.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when it is absent.
    pub fn get(&self, key: &str) -> Result<&Value, Error> {
        self.metadata.get(key).ok_or_else(|| meta_error(format!("metadata has no `{key}`")))
    }

    /// A metadata field read as `T`.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when it is absent or of another shape.
    pub fn field<T: DeserializeOwned>(&self, key: &str) -> Result<T, Error> {
        serde_json::from_value(self.get(key)?.clone())
            .map_err(|err| meta_error(format!("metadata `{key}`: {err}")))
    }

    /// A metadata field read as a count.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when it is absent or not a count.
    pub fn uint(&self, key: &str) -> Result<u64, Error> {
        self.get(key)?
            .as_u64()
            .ok_or_else(|| meta_error(format!("metadata `{key}` is not a count")))
    }

    /// The stored answer.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when the entry has none.
    pub fn gold(&self) -> Result<&str, Error> {
        self.answer.as_deref().ok_or_else(|| meta_error("entry has no stored answer"))
    }
}

/// A task's checker: the entry, the extracted answer, the budget.
type Check = dyn Fn(&Entry, &str, &Context) -> Result<Reward, Error> + Send + Sync;

/// A reasoning-gym task as a [`Verifier`]: reads the [`Entry`], extracts
/// the answer with the shared policy from the task's containers, and hands
/// both to the task's checker. Its name is `reasoning_gym/<task>`.
///
/// # Example
/// ```
/// use rlvr_core::extract::Kind;
/// use rlvr_core::gym::GymTask;
/// use rlvr_core::{Context, Reward, Sample, Verifier};
/// use serde_json::json;
///
/// let parity = GymTask::new("parity", &[Kind::AnswerTag], |entry, answer, _cx| {
///     let n: u64 = entry.field("n")?;
///     let want = if n % 2 == 0 { "even" } else { "odd" };
///     Ok(Reward::from_bool(answer.eq_ignore_ascii_case(want)))
/// });
/// let row = |resp: &str| {
///     Sample::new("reasoning_gym", resp, json!(null)).with_extra_info(json!({
///         "task": "parity",
///         "entry": {"question": "Is 7 odd or even?", "answer": "odd", "metadata": {"n": 7}},
///     }))
/// };
/// assert!(parity.verify(&row("<answer>Odd</answer>"), &Context::default())?.is_correct());
/// assert!(!parity.verify(&row("<answer>even</answer>"), &Context::default())?.is_correct());
/// parity.check_ground_truth(&row(""))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct GymTask {
    name: String,
    kinds: &'static [Kind],
    check: Box<Check>,
    /// Bracket levels that belong to the answer's own format (see
    /// [`GymTask::nested`]).
    format_levels: usize,
}

impl GymTask {
    /// A task named `reasoning_gym/<task>` reading its answer from `kinds`.
    pub fn new<F>(task: &str, kinds: &'static [Kind], check: F) -> Self
    where
        F: Fn(&Entry, &str, &Context) -> Result<Reward, Error> + Send + Sync + 'static,
    {
        Self {
            name: format!("reasoning_gym/{task}"),
            kinds,
            check: Box::new(check),
            format_levels: 0,
        }
    }

    /// For tasks whose answers are lists of rows or of steps: a one-row grid
    /// written as JSON (`[[1, 2, 3]]`) or a one-step plan (`[{...}]`) is
    /// enclosed in `levels` bracket pairs by its own format, so that many
    /// levels (plus the one of wrapping every task allows) are not read as
    /// an answer buried in brackets.
    #[must_use]
    pub fn nested(mut self, levels: usize) -> Self {
        self.format_levels = levels;
        self
    }

    /// Instance errors name this task.
    fn relabel(&self, e: Error) -> Error {
        match e {
            Error::InvalidGroundTruth { reason, .. } => {
                Error::invalid_ground_truth(self.name.clone(), reason)
            }
            other => other,
        }
    }
}

impl fmt::Debug for GymTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GymTask")
            .field("name", &self.name)
            .field("kinds", &self.kinds)
            .field("format_levels", &self.format_levels)
            .finish()
    }
}

impl Verifier for GymTask {
    fn name(&self) -> &str {
        &self.name
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let entry = Entry::from_sample(sample).map_err(|e| self.relabel(e))?;
        let mode = Mode::for_sample(sample, cx, &self.name)?;
        let answer = match Policy::default().extract(&sample.response, self.kinds, mode) {
            Ok(a) => a.text,
            Err(no) => return Ok(no.reward()),
        };
        cx.charge(answer.len() as u64)?;
        let answer = unfenced(answer);
        // An answer buried in brackets (`[[[[mother]]]]`, the gold inside
        // 3000 levels) is not written in the task's format: checkers that
        // read past punctuation must not see through it. One level of
        // wrapping beyond the stored answer's own (`[answer]`) is fine.
        let stored = entry.answer.as_deref().map_or(0, |a| wrapping(a, usize::MAX));
        let allowed = stored.max(self.format_levels) + 1;
        let levels = wrapping(answer, allowed + 1);
        if levels > allowed {
            return Ok(Reward::incorrect()
                .with_pred(crate::clip(answer, 200).into_owned())
                .with_detail(format!(
                    "the answer is wrapped in more than {allowed} level(s) of brackets"
                )));
        }
        let r = (self.check)(&entry, answer, cx).map_err(|e| self.relabel(e))?;
        Ok(if r.pred.is_none() { r.with_pred(answer) } else { r })
    }

    /// Reads the instance, runs the checker (so unreadable metadata is
    /// reported), and requires the stored answer, when there is one, to
    /// pass it.
    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let entry = Entry::from_sample(sample).map_err(|e| self.relabel(e))?;
        let stored = entry.answer.clone().unwrap_or_default();
        let r = (self.check)(&entry, &stored, &Context::default()).map_err(|e| self.relabel(e))?;
        if entry.answer.is_some() && !r.is_correct() {
            return Err(Error::invalid_ground_truth(
                self.name.clone(),
                format!("the stored answer fails the instance: {}", r.detail.unwrap_or_default()),
            ));
        }
        Ok(())
    }
}

/// The answer inside a code fence (with or without an info string such as
/// `json`) or inline backticks that enclose the whole of it: inside an
/// answer tag they are markup, not part of the answer.
fn unfenced(text: &str) -> &str {
    let t = text.trim();
    if let Some(body) = t.strip_prefix("```").and_then(|r| r.strip_suffix("```")) {
        let body = match body.split_once('\n') {
            Some((info, rest))
                if info
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b)) =>
            {
                rest
            }
            _ => body,
        };
        if !body.contains("```") {
            return body.trim();
        }
    }
    match t.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        Some(body) if !body.contains('`') => body.trim(),
        _ => t,
    }
}

/// How many bracket pairs enclose the whole of `text` (`[[x]]` is 2,
/// `(a) + (b)` is 0), counted up to `max`.
fn wrapping(text: &str, max: usize) -> usize {
    let mut t = text.trim().as_bytes();
    let mut levels = 0;
    while levels < max {
        let close = match t.first() {
            Some(b'(') => b')',
            Some(b'[') => b']',
            Some(b'{') => b'}',
            _ => break,
        };
        if t.last() != Some(&close) || matching_close(t) != Some(t.len() - 1) {
            break;
        }
        levels += 1;
        t = t[1..t.len() - 1].trim_ascii();
    }
    levels
}

/// The index of the bracket that closes the one at `t[0]`.
fn matching_close(t: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in t.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A task whose one valid answer is the one-row grid `[[1, 2]]`.
    fn one_row(levels: usize) -> GymTask {
        GymTask::new("one_row", &[Kind::AnswerTag], |_, answer, _| {
            Ok(Reward::from_bool(answer.split_whitespace().collect::<String>() == "[[1,2]]"))
        })
        .nested(levels)
    }

    fn row(answer: &str) -> Sample {
        Sample::new("reasoning_gym", format!("<answer>{answer}</answer>"), json!(null))
            .with_extra_info(json!({"task": "one_row", "entry": {"question": "", "metadata": {}}}))
    }

    #[test]
    fn fences_and_backticks_around_the_whole_answer_are_markup() {
        let cx = Context::default();
        let grade = |answer: &str| one_row(1).verify(&row(answer), &cx).unwrap().is_correct();
        for ok in ["```\n[[1, 2]]\n```", "```json\n[[1, 2]]\n```", "`[[1, 2]]`", "```[[1, 2]]```"] {
            assert!(grade(ok), "{ok:?}");
        }
        for bad in
            ["```\n[[1, 2]]\n``` ```\n[[3]]\n```", "`[[1, 2]]` or `[[3]]`", "```\n[[1, 3]]\n```"]
        {
            assert!(!grade(bad), "{bad:?}");
        }
        assert_eq!(unfenced("```python\nx = 1\n```"), "x = 1");
        assert_eq!(unfenced("```a b\n[1]\n```"), "a b\n[1]", "not an info string: kept");
    }

    #[test]
    fn format_levels_are_not_wrapping_and_more_levels_still_are() {
        let cx = Context::default();
        let grade = |task: &GymTask, answer: &str| task.verify(&row(answer), &cx).unwrap();
        assert!(grade(&one_row(1), "[[1, 2]]").is_correct());
        assert!(!grade(&one_row(0), "[[1, 2]]").is_correct(), "two levels over a bare gold");
        let buried = grade(&one_row(1), "[[[[1, 2]]]]");
        assert!(!buried.is_correct());
        assert!(buried.detail.unwrap().contains("brackets"));
    }
}
