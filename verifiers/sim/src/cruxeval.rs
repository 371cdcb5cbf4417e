//! CRUXEval: predict a function's input (`-i`) or output (`-o`).

use std::sync::Arc;

use rlvr_core::extract::{Fence, Kind, Mode, Policy};
use rlvr_core::{
    CallArgs, CallOutcome, Context, Error, Executor, FunctionCall, Reward, RunLimits, Sample,
    Verifier, literal, names,
};
use serde_json::Value;

use crate::exec::{CALL_LIMITS, raised};

/// A parsed `assert f(<args>) == <expected>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assertion<'a> {
    pub(crate) args: &'a str,
    pub(crate) expected: &'a str,
}

/// The index of the `)` closing the call whose arguments start at `s[0]`,
/// skipping brackets and string literals.
fn close_paren(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.checked_sub(1)?,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads `assert f(<args>) == <expected>` filling the whole text.
pub(crate) fn parse_assertion(text: &str) -> Option<Assertion<'_>> {
    let rest = text.trim().strip_prefix("assert")?;
    if !rest.starts_with(|c: char| c.is_whitespace() || c == '(') {
        return None;
    }
    let rest = rest.trim_start().strip_prefix("f(")?;
    let close = close_paren(rest)?;
    let args = &rest[..close];
    let expected = rest[close + 1..].trim_start().strip_prefix("==")?.trim();
    Some(Assertion { args: args.trim(), expected })
}

/// Whether `args` is a comma-separated list of literals (no names, calls,
/// keywords).
fn literal_args(args: &str) -> bool {
    args.is_empty() || literal::parse(&format!("[{args}]")).is_some()
}

/// The statement(s) of an answer, with comments and blank lines removed.
fn statements(code: &str) -> String {
    code.lines()
        .map(|l| if l.trim_start().starts_with('#') { "" } else { l })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The task's `assert f(…) == …` line with `??` on one side, from the
/// prompt.
fn task_line(prompt: &str) -> Option<Assertion<'_>> {
    prompt.lines().rev().filter(|l| l.contains("??")).find_map(parse_assertion)
}

/// Which side CRUXEval asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
}

/// The Guru CRUXEval verifier (`simulation__cruxeval-i` / `-o`, name
/// `sim.cruxeval`).
///
/// The answer (the last ```` ```python ```` block, or `<answer>`) must be
/// exactly one `assert f(<literals>) == <literal>`; for output tasks a bare
/// output literal also counts. `pass`, an empty block, or any other code
/// earns nothing — the reference scorer gives `pass` full marks.
///
/// Grading runs the assertion through the [`Executor`] with Python's `==`:
/// input tasks call `f` on the predicted arguments and compare with the
/// task's output (any input that produces it is correct); output tasks call
/// `f` on the task's input and compare with the predicted literal. The
/// task's input / output come from `extra_info.input` / `extra_info.output`
/// or the prompt's `assert f(??) == …` line. A well-formed answer cannot be
/// graded without an executor (the row holds only the function), so that
/// is an [`Error::Sandbox`], never a guessed reward.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// let v = rlvr_sim::CruxEvalVerifier::new();
/// let gt = r#"{"functional": "def f(x):\n    return x[::-1]"}"#;
/// let s = Sample::new("simulation__cruxeval-i", "```python\npass\n```", gt);
/// let r = v.verify(&s, &Context::default())?;
/// assert_eq!(r.score, 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CruxEvalVerifier {
    executor: Option<Arc<dyn Executor>>,
    limits: RunLimits,
}

impl Default for CruxEvalVerifier {
    fn default() -> Self {
        Self { executor: None, limits: CALL_LIMITS }
    }
}

const KINDS: &[Kind] = &[Kind::Code(Fence::PYTHON), Kind::AnswerTag];

impl CruxEvalVerifier {
    /// No executor.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for other settings (an executor, limits).
    pub fn builder() -> CruxEvalVerifierBuilder {
        CruxEvalVerifierBuilder { v: Self::new() }
    }

    fn program(sample: &Sample) -> Result<String, Error> {
        let bad = |why: &str| Error::invalid_ground_truth(names::CRUXEVAL, why);
        let v = match &sample.ground_truth {
            Value::String(s) => {
                serde_json::from_str::<Value>(s).unwrap_or_else(|_| Value::String(s.clone()))
            }
            other => other.clone(),
        };
        let f = match &v {
            Value::Object(m) => m.get("functional").and_then(Value::as_str),
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
        .ok_or_else(|| bad("no `functional` source"))?;
        if !f.contains("def f(") {
            return Err(bad("the source defines no `f`"));
        }
        Ok(f.to_owned())
    }

    fn side(sample: &Sample) -> Result<Side, Error> {
        let ds = sample.data_source.to_ascii_lowercase();
        if ds.contains("cruxeval-i") || ds.contains("cruxeval_i") {
            Ok(Side::Input)
        } else if ds.contains("cruxeval-o") || ds.contains("cruxeval_o") {
            Ok(Side::Output)
        } else {
            Err(Error::invalid_ground_truth(
                names::CRUXEVAL,
                "the data source names neither `-i` nor `-o`",
            ))
        }
    }

    /// The task's other side (the output for input tasks, the input for
    /// output tasks) as literal source.
    fn task_side(sample: &Sample, side: Side) -> Option<String> {
        let key = if side == Side::Input { "output" } else { "input" };
        if let Some(v) = sample.extra(key) {
            return Some(v.as_str().map_or_else(|| v.to_string(), str::to_owned));
        }
        let prompt = sample.prompt_text()?;
        let line = task_line(&prompt)?;
        let text = if side == Side::Input { line.expected } else { line.args };
        (text != "??").then(|| text.to_owned())
    }
}

/// Builds a [`CruxEvalVerifier`] with settings other than the defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct CruxEvalVerifierBuilder {
    v: CruxEvalVerifier,
}

impl CruxEvalVerifierBuilder {
    /// Grades through `executor`.
    pub fn executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.v.executor = Some(executor);
        self
    }

    /// Sets the limits of each call (default [`CALL_LIMITS`](crate::CALL_LIMITS)).
    pub fn limits(mut self, limits: RunLimits) -> Self {
        self.v.limits = limits;
        self
    }

    /// The verifier.
    pub fn build(self) -> CruxEvalVerifier {
        self.v
    }
}

impl Verifier for CruxEvalVerifier {
    fn name(&self) -> &str {
        names::CRUXEVAL
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let program = Self::program(sample)?;
        let side = Self::side(sample)?;
        // CRUXEval's own prompts ask for `[ANSWER] … [/ANSWER]`: the same
        // container as `<answer>`, under the same last-complete rule.
        let response = if sample.response.contains("[ANSWER]") {
            std::borrow::Cow::Owned(
                sample.response.replace("[ANSWER]", "<answer>").replace("[/ANSWER]", "</answer>"),
            )
        } else {
            std::borrow::Cow::Borrowed(sample.response.as_str())
        };
        let answer = match Policy::default().extract(
            &response,
            KINDS,
            Mode::for_sample(sample, cx, self.name())?,
        ) {
            Ok(a) => a.text,
            Err(no) => return Ok(no.reward()),
        };
        cx.charge(answer.len() as u64)?;
        let code = statements(answer);
        let wrong =
            |why: &str| Ok(Reward::incorrect().with_pred(code.clone()).with_detail(why.to_owned()));
        if code.trim().is_empty() || code.trim() == "pass" {
            return wrong("no assertion: an empty block or `pass` earns nothing");
        }
        if code.lines().count() != 1 {
            return wrong("the answer must be exactly one statement");
        }
        let assertion = parse_assertion(&code);
        // What runs: f(args) == expected.
        let (args, expected) = match (side, &assertion) {
            (Side::Input, None) => return wrong("the answer must be `assert f(...) == ...`"),
            (Side::Input, Some(a)) => {
                if !literal_args(a.args) || literal::parse(a.expected).is_none() {
                    return wrong("the arguments and the expected value must be literals");
                }
                (a.args.to_owned(), None)
            }
            (Side::Output, Some(a)) => {
                if literal::parse(a.expected).is_none() {
                    return wrong("the expected value must be a literal (no calls)");
                }
                (String::new(), Some(a.expected.to_owned()))
            }
            (Side::Output, None) => {
                if literal::parse(&code).is_none() {
                    return wrong(
                        "the answer must be an output literal or `assert f(...) == <literal>`",
                    );
                }
                (String::new(), Some(code.clone()))
            }
        };
        let Some(other) = Self::task_side(sample, side) else {
            return Err(Error::invalid_ground_truth(
                names::CRUXEVAL,
                "the task's input/output is not in the row (needs extra_info or the prompt's `assert f(??) == …` line)",
            ));
        };
        let (call_args, expect) = match side {
            Side::Input => {
                if let (Some(a), Some(want)) = (&assertion, literal::parse(&other))
                    && literal::parse(a.expected).is_some_and(|got| got != want)
                {
                    return wrong("the assertion's expected value is not the task's output");
                }
                (args, other)
            }
            Side::Output => {
                if let Some(a) = &assertion
                    && literal::parse(&format!("[{}]", a.args))
                        != literal::parse(&format!("[{other}]"))
                {
                    return wrong("the assertion calls `f` on another input than the task's");
                }
                (other, expected.unwrap_or_default())
            }
        };
        let Some(exec) = &self.executor else {
            return Err(Error::sandbox(
                names::CRUXEVAL,
                "no code sandbox configured (build with the `code` feature): CRUXEval can only be graded by running `f`",
            ));
        };
        let call =
            FunctionCall::new(&program, "f", CallArgs::Source(&call_args)).with_expect(&expect);
        let reward = match exec.call_function(&call, &self.limits, cx)?.outcome {
            CallOutcome::Returned { equal: Some(true), .. } => {
                Reward::correct().with_detail("the assertion holds")
            }
            CallOutcome::Returned { equal: Some(false), .. } => {
                Reward::incorrect().with_detail("the assertion fails")
            }
            CallOutcome::Returned { equal: None, .. } => {
                return Err(Error::sandbox(
                    names::CRUXEVAL,
                    "the executor did not compare the result",
                ));
            }
            CallOutcome::TimeLimit(_) => Reward::timed_out().with_detail("f ran out of fuel"),
            CallOutcome::LoadFailed { message } => {
                return Err(Error::invalid_ground_truth(
                    names::CRUXEVAL,
                    format!("the task's function cannot run: {message}"),
                ));
            }
            other => Reward::incorrect()
                .with_detail(format!("f raised: {}", raised(&other).unwrap_or_default())),
        };
        Ok(reward.with_pred(code))
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        Self::program(sample)?;
        Self::side(sample).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assertions_are_parsed_strictly() {
        let a = parse_assertion("assert f('a)b', [1, (2, 3)]) == 'x'").unwrap();
        assert_eq!(a.args, "'a)b', [1, (2, 3)]");
        assert_eq!(a.expected, "'x'");
        assert!(parse_assertion("assertf(1) == 2").is_none());
        assert!(parse_assertion("assert g(1) == 2").is_none());
        assert!(literal_args("1, 'a', (2,)"));
        assert!(!literal_args("__import__('os')"));
        assert!(!literal_args("x=1"));
    }
}
