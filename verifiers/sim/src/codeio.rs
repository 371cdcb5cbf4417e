//! CodeI/O: predict a program's output, or an input that produces a given
//! output.

use std::sync::Arc;

use rlvr_core::extract::{Fence, Kind, Mode, Policy};
use rlvr_core::{
    CallArgs, CallOutcome, Context, Error, Executor, FunctionCall, Reward, RunLimits, Sample,
    Verifier, literal, names,
};
use serde_json::Value;

use crate::exec::{CALL_LIMITS, Runner, raised};
use crate::literal_eq::Comparator;

/// Which side the model predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prediction {
    Input,
    Output,
}

impl Prediction {
    fn key(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Output => "output",
        }
    }
}

/// Everything needed to grade one prediction.
pub(crate) struct Grading<'a> {
    pub(crate) kind: Prediction,
    /// The stored answer (gold output, or the reference input).
    pub(crate) gold: &'a Value,
    /// The output the predicted input must produce (input prediction).
    pub(crate) given_output: Option<&'a Value>,
    /// The reference program (defines `main_solution`).
    pub(crate) program: Option<String>,
    /// The executor and the limits of its calls.
    pub(crate) runner: Option<Runner<'a>>,
    pub(crate) comparator: Comparator,
    /// Run the reference input first and require it to reproduce the
    /// given output (catches non-deterministic programs).
    pub(crate) verify_reference: bool,
    /// Input prediction must be graded by execution: no fallback to the
    /// reference input (an [`Error::Sandbox`] instead).
    pub(crate) require_execution: bool,
}

const SNIPPET: &str = "reference code snippet";

/// The reference program printed at the end of a CodeI/O prompt.
pub(crate) fn program_in(prompt: &str) -> Option<String> {
    let at = prompt.find(SNIPPET)?;
    let rest = &prompt[at..];
    let body = &rest[rest.find('\n')? + 1..];
    let body = body.trim();
    let body = body
        .strip_prefix("```python")
        .or_else(|| body.strip_prefix("```"))
        .map_or(body, |b| b.trim_end().trim_end_matches("```"));
    let body = body.trim_matches('\n');
    (body.contains("def main_solution")).then(|| body.to_owned())
}

/// The output printed in an input-prediction prompt ("Given the following
/// output: …").
pub(crate) fn given_output_in(prompt: &str) -> Option<Value> {
    let at = prompt.find("Given the following output")?;
    let rest = &prompt[at..];
    let rest = &rest[rest.find(':')? + 1..];
    let end = rest.find("\n\nCan you predict").or_else(|| rest.find("Can you predict"))?;
    literal::parse(rest[..end].trim())
}

/// The code fences a CodeI/O answer may come in: `json`, `python` (the
/// language of the program, whose literals are read too) and untagged.
pub(crate) const FENCE: Fence = Fence::new(&["json", "python", "py", "python3"], true);

/// Reads an extracted answer as a JSON or Python literal. A fence left
/// inside the container (`<answer>```json …```</answer>`) is unwrapped,
/// and a LaTeX `\text{…}` around a boxed scalar is dropped.
pub(crate) fn parse_answer(answer: &str) -> Option<Value> {
    let t = answer.trim();
    if let Some(v) = literal::parse(t) {
        return Some(v);
    }
    let t = match t.strip_prefix("```") {
        Some(rest) => {
            let body = rest.split_once('\n').map_or("", |(_, b)| b);
            body.trim_end().strip_suffix("```")?.trim()
        }
        None => t,
    };
    let t = t.strip_prefix("\\text{").and_then(|x| x.strip_suffix('}')).unwrap_or(t).trim();
    literal::parse(t)
}

/// Whether a string prediction spells the gold scalar: `"true"` for
/// `true`, `"42"` for `42`. The CodeI/O reference compares outputs after
/// reading both sides as JSON, so this is what it accepts; a string gold
/// is still compared as a string, and a container gold never matches a
/// string.
fn spells_scalar(c: &Comparator, pred: &Value, gold: &Value) -> bool {
    let (Value::String(s), Value::Bool(_) | Value::Number(_) | Value::Null) = (pred, gold) else {
        return false;
    };
    let s = s.trim();
    let read = match s {
        "True" => Some(Value::Bool(true)),
        "False" => Some(Value::Bool(false)),
        "None" => Some(Value::Null),
        _ => serde_json::from_str::<Value>(s).ok(),
    };
    read.is_some_and(|v| !v.is_string() && !v.is_array() && !v.is_object() && c.equal(&v, gold))
}

/// Unwraps `{"output": x}` / `{"input": x}` to `x`, unless the gold itself
/// has that single key.
fn unwrap(kind: Prediction, pred: Value, gold: &Value) -> Value {
    let single =
        |v: &Value| v.as_object().filter(|m| m.len() == 1 && m.contains_key(kind.key())).is_some();
    if single(&pred) && !single(gold) {
        match pred {
            Value::Object(mut m) => m.remove(kind.key()).unwrap_or(Value::Null),
            other => other,
        }
    } else {
        pred
    }
}

pub(crate) fn grade(g: &Grading<'_>, pred: Value, cx: &Context) -> Result<Reward, Error> {
    let pred = unwrap(g.kind, pred, g.gold);
    let shown = pred.to_string();
    if g.kind == Prediction::Output {
        let ok = g.comparator.equal(&pred, g.gold) || spells_scalar(&g.comparator, &pred, g.gold);
        return Ok(Reward::from_bool(ok).with_pred(shown).with_detail(if ok {
            "output matches"
        } else {
            "output differs from the expected output"
        }));
    }
    let (Some(exec), Some(program), Some(output)) =
        (g.runner, g.program.as_deref(), g.given_output)
    else {
        let why = if g.runner.is_none() {
            "no executor configured"
        } else {
            "no reference program or given output in the row"
        };
        if g.require_execution {
            return Err(Error::sandbox(
                names::CODEIO,
                format!("the row requires grading by execution, but {why}"),
            ));
        }
        return Ok(unverified(g, &pred, shown, why));
    };
    let Some(kwargs) = pred.as_object() else {
        return Ok(Reward::incorrect()
            .with_pred(shown)
            .with_detail("the input must be an object of named arguments"));
    };
    let gold = g.gold.as_object().ok_or_else(|| {
        Error::invalid_ground_truth(names::CODEIO, "the reference input is not an object")
    })?;
    let reproduces = |run: &CallOutcome| run.value().is_some_and(|v| g.comparator.equal(v, output));
    if g.verify_reference {
        let run =
            exec.call(&FunctionCall::new(program, "main_solution", CallArgs::Keywords(gold)), cx)?;
        if !reproduces(&run) {
            return Err(Error::invalid_ground_truth(
                names::CODEIO,
                "the reference program does not reproduce the given output on the reference input (non-deterministic?)",
            ));
        }
    }
    // The reference input itself needs no run.
    if pred == *g.gold {
        return Ok(Reward::correct().with_pred(shown).with_detail("equals the reference input"));
    }
    let run =
        exec.call(&FunctionCall::new(program, "main_solution", CallArgs::Keywords(kwargs)), cx)?;
    if reproduces(&run) {
        return Ok(Reward::correct()
            .with_pred(shown)
            .with_detail("executed: the input produces the given output"));
    }
    // A program that cannot run here (a module the sandbox lacks, such as
    // numpy) must not turn right answers into wrong ones: when the call
    // failed, check that the reference input works before blaming the
    // prediction, and fall back to comparing with it when it does not.
    let cannot_run = match &run {
        CallOutcome::LoadFailed { message } => Some(message.clone()),
        failed if raised(failed).is_some() => {
            let reference = exec
                .call(&FunctionCall::new(program, "main_solution", CallArgs::Keywords(gold)), cx)?;
            (!reproduces(&reference)).then(|| match &reference {
                CallOutcome::LoadFailed { message } => message.clone(),
                CallOutcome::TimeLimit(_) => "it ran out of fuel".to_owned(),
                CallOutcome::Returned { .. } => "it returns another output".to_owned(),
                other => raised(other).unwrap_or_default(),
            })
        }
        _ => None,
    };
    if let Some(why) = cannot_run {
        let why = format!(
            "the reference program does not reproduce the given output in the sandbox ({})",
            truncate(&why)
        );
        if g.require_execution {
            return Err(Error::sandbox(names::CODEIO, why));
        }
        return Ok(unverified(g, &pred, shown, &why));
    }
    Ok(match run {
        CallOutcome::Returned { value, .. } => Reward::incorrect().with_detail(format!(
            "executed: the input produces {}",
            value.map_or_else(
                || "a non-JSON value".to_owned(),
                |v| truncate(&v.to_string()).into_owned()
            )
        )),
        CallOutcome::TimeLimit(_) => {
            Reward::timed_out().with_detail("executed: the program ran out of fuel")
        }
        CallOutcome::LoadFailed { message } => Reward::incorrect()
            .with_detail(format!("executed: the program raised {}", truncate(&message))),
        other => Reward::incorrect().with_detail(format!(
            "executed: the program raised {}",
            truncate(&raised(&other).unwrap_or_default())
        )),
    }
    .with_pred(shown))
}

/// The fallback without execution: compare with the reference input, and
/// say so.
fn unverified(g: &Grading<'_>, pred: &Value, shown: String, why: &str) -> Reward {
    let ok = g.comparator.equal(pred, g.gold);
    let detail = if ok {
        format!("unverified: {why}; equals the reference input")
    } else {
        format!(
            "unverified_alternative: {why}; differs from the reference input, another input may also be valid"
        )
    };
    Reward::from_bool(ok).with_pred(shown).with_detail(detail)
}

fn truncate(s: &str) -> std::borrow::Cow<'_, str> {
    rlvr_core::clip(s, 200)
}

/// The Guru CodeI/O verifier (`simulation__codeio*`, name `sim.codeio`).
///
/// The ground truth is `"output": <json>` or `"input": <json>` (no outer
/// braces). The answer is the **last** container after the last
/// `</think>`: a `json`, `python` or untagged fence, a bare JSON value or
/// a `\boxed{}` (for scalar outputs), read as JSON or a
/// Python literal; `{"output": x}` and bare `x` both count. A string that
/// spells the gold's scalar (`"true"` for `true`) is that scalar, as in the
/// reference, which reads both sides as JSON.
///
/// - **Output prediction** compares with [`Comparator`] (by default `rel
///   1e-3` on floats, `1 == 1.0`, `true != 1`, dict keys as a set).
/// - **Input prediction** runs the reference program (from the prompt) on
///   the predicted input through the [`Executor`], and accepts any input
///   that produces the given output. Without an executor, program or given
///   output it falls back to comparing with the reference input and says
///   `unverified` in the detail; so it does when the reference program
///   cannot reproduce the given output in the sandbox (a module the sandbox
///   lacks, such as numpy). A row with `extra_info.require_execution =
///   true` gets an [`Error::Sandbox`] instead of that fallback.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// let v = rlvr_sim::CodeIoVerifier::new();
/// let s = Sample::new("simulation__codeio", "<think>{\"output\": 1}</think>```json\n{\"output\": {\"result\": 42}}\n```", "\"output\": {\"result\": 42}");
/// assert!(v.verify(&s, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CodeIoVerifier {
    executor: Option<Arc<dyn Executor>>,
    limits: RunLimits,
    comparator: Comparator,
    verify_reference: bool,
}

impl Default for CodeIoVerifier {
    fn default() -> Self {
        Self {
            executor: None,
            limits: CALL_LIMITS,
            comparator: Comparator::default(),
            verify_reference: false,
        }
    }
}

/// A fenced literal, a bare JSON value, and (for scalar outputs) a box.
/// The Guru prompt asks for JSON; an `Answer:` line is not read here, so a
/// closing remark such as "Final answer: as above" after the JSON block
/// does not replace it.
const KINDS: &[Kind] = &[Kind::Code(FENCE), Kind::Json, Kind::Boxed];

impl CodeIoVerifier {
    /// No executor, the default comparator.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for other settings (an executor, limits, the comparator).
    pub fn builder() -> CodeIoVerifierBuilder {
        CodeIoVerifierBuilder { v: Self::new() }
    }

    fn gold(sample: &Sample) -> Result<(Prediction, Value), Error> {
        let bad = |why: &str| Error::invalid_ground_truth(names::CODEIO, why);
        let v = match &sample.ground_truth {
            Value::String(s) => {
                let s = s.trim();
                let wrapped = if s.starts_with('{') { s.to_owned() } else { format!("{{{s}}}") };
                literal::parse(&wrapped).ok_or_else(|| bad("unreadable ground truth"))?
            }
            other => other.clone(),
        };
        for kind in [Prediction::Output, Prediction::Input] {
            if let Some(g) = v.get(kind.key()) {
                return Ok((kind, g.clone()));
            }
        }
        Err(bad("the ground truth has neither `output` nor `input`"))
    }
}

/// Builds a [`CodeIoVerifier`] with settings other than the defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct CodeIoVerifierBuilder {
    v: CodeIoVerifier,
}

impl CodeIoVerifierBuilder {
    /// Grades input predictions by execution.
    pub fn executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.v.executor = Some(executor);
        self
    }

    /// Sets the limits of each call (default [`CALL_LIMITS`](crate::CALL_LIMITS)).
    pub fn limits(mut self, limits: RunLimits) -> Self {
        self.v.limits = limits;
        self
    }

    /// Sets the comparator.
    pub fn comparator(mut self, comparator: Comparator) -> Self {
        self.v.comparator = comparator;
        self
    }

    /// Runs the reference input first and rejects the row (an error) when
    /// it does not reproduce the given output.
    pub fn verify_reference(mut self, on: bool) -> Self {
        self.v.verify_reference = on;
        self
    }

    /// The verifier.
    pub fn build(self) -> CodeIoVerifier {
        self.v
    }
}

impl Verifier for CodeIoVerifier {
    fn name(&self) -> &str {
        names::CODEIO
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let (kind, gold) = Self::gold(sample)?;
        let answer = match Policy::default().extract(
            &sample.response,
            KINDS,
            Mode::for_sample(sample, cx, self.name())?,
        ) {
            Ok(a) => a.text,
            Err(no) => return Ok(no.reward()),
        };
        cx.charge(answer.len() as u64)?;
        let Some(pred) = parse_answer(answer) else {
            return Ok(Reward::incorrect()
                .with_pred(answer)
                .with_detail("the answer is not a JSON or Python literal"));
        };
        let prompt = sample.prompt_text().unwrap_or_default();
        let given = given_output_in(&prompt);
        let g = Grading {
            kind,
            gold: &gold,
            given_output: given.as_ref(),
            program: program_in(&prompt),
            runner: self
                .executor
                .as_deref()
                .map(|executor| Runner { executor, limits: &self.limits }),
            comparator: self.comparator,
            verify_reference: self.verify_reference,
            require_execution: sample.option_bool(self.name(), "require_execution")? == Some(true),
        };
        grade(&g, pred, cx)
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        Self::gold(sample).map(|_| ())
    }
}
