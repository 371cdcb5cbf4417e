//! [`IfEvalVerifier`]: the `ood__ifeval` rows.

use rlvr_core::extract::{NoAnswer, Policy, after_think};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

use crate::instruction::Instruction;
use crate::text::py_strip;

/// Strict (the default) or loose IFEval scoring.
///
/// # Example
/// ```
/// use rlvr_instruct::Mode;
/// assert_eq!(Mode::from_name("loose"), Some(Mode::Loose));
/// assert_eq!(Mode::from_name("lenient"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Every instruction must hold for the response as it is.
    #[default]
    Strict,
    /// IFEval's loose variant: an instruction holds when it holds for any
    /// of eight variants of the response (as is, without its first line,
    /// without its last line, without both; each also with every `*`
    /// removed).
    Loose,
}

impl rlvr_core::option::RowOption for Mode {
    const KEY: &'static str = "ifeval_mode";
    const NAMES: &'static [(&'static str, Self)] =
        &[("strict", Self::Strict), ("loose", Self::Loose)];
}

impl Mode {
    /// Parses `strict` or `loose` (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as rlvr_core::option::RowOption>::named(name)
    }
}

/// The IFEval verifier (`ood__ifeval`, registered as
/// [`names::IFEVAL`]).
///
/// A row's ground truth is the list of keyword-argument objects, one per
/// instruction (`null` or `{}` for an instruction without arguments; null
/// values are dropped); `extra_info.instruction_id_list` names the
/// instructions. The response is read after its last `</think>` (an
/// unclosed `<think>` is `no_answer`). The score is 1 when every
/// instruction is followed, else 0. `extra_info.ifeval_mode = "loose"`
/// asks for IFEval's loose variant (see [`Mode`]).
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier, Verdict};
/// use rlvr_instruct::IfEvalVerifier;
/// use serde_json::json;
///
/// let v = IfEvalVerifier::new();
/// let row = |response: &str| {
///     Sample::new("ood__ifeval", response, json!([{}, {"num_words": 5, "relation": "less than"}]))
///         .with_extra_info(json!({"instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"]}))
/// };
/// assert!(v.verify(&row("No commas here."), &Context::default())?.is_correct());
/// assert_eq!(v.verify(&row("Well, a comma."), &Context::default())?.verdict, Verdict::Incorrect);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct IfEvalVerifier {
    policy: Policy,
}

impl IfEvalVerifier {
    /// A verifier with the default response size cap (1 MiB).
    pub fn new() -> Self {
        Self::default()
    }

    /// The instructions and the mode of a row.
    fn instructions(&self, sample: &Sample) -> Result<(Vec<(String, Instruction)>, Mode), Error> {
        let bad = |reason: String| Error::invalid_ground_truth(self.name(), reason);
        let ids = match sample.extra("instruction_id_list") {
            Some(Value::Array(ids)) => ids,
            Some(_) => return Err(bad("extra_info.instruction_id_list is not a list".into())),
            None => return Err(bad("extra_info.instruction_id_list is missing".into())),
        };
        let parsed;
        let kwargs = match &sample.ground_truth {
            Value::Array(k) => k,
            Value::String(s) => {
                parsed = serde_json::from_str::<Value>(s)
                    .map_err(|e| bad(format!("ground truth is a string that is not JSON: {e}")))?;
                match &parsed {
                    Value::Array(k) => k,
                    _ => return Err(bad("ground truth is not a list of kwargs objects".into())),
                }
            }
            _ => return Err(bad("ground truth is not a list of kwargs objects".into())),
        };
        if ids.is_empty() {
            return Err(bad("instruction_id_list is empty: nothing to check".into()));
        }
        if ids.len() != kwargs.len() {
            return Err(bad(format!(
                "{} instruction ids but {} kwargs objects",
                ids.len(),
                kwargs.len()
            )));
        }
        let mut out = Vec::with_capacity(ids.len());
        for (id, kw) in ids.iter().zip(kwargs) {
            let Some(id) = id.as_str() else {
                return Err(bad(format!("instruction id {id} is not a string")));
            };
            out.push((id.to_owned(), Instruction::parse(id, kw).map_err(bad)?));
        }
        let mode = sample.option::<Mode>(names::IFEVAL)?.unwrap_or_default();
        Ok((out, mode))
    }
}

/// IFEval's loose variants of a response.
pub(crate) fn loose_variants(response: &str) -> Vec<String> {
    let lines: Vec<&str> = response.split('\n').collect();
    let n = lines.len();
    let join = |a: usize, b: usize| py_strip(&lines[a.min(b)..b].join("\n")).to_owned();
    let remove_first = join(1, n);
    let remove_last = join(0, n.saturating_sub(1));
    let remove_both = join(1, n.saturating_sub(1));
    let unstar = |s: &str| s.replace('*', "");
    vec![
        response.to_owned(),
        unstar(response),
        unstar(&remove_first),
        unstar(&remove_last),
        unstar(&remove_both),
        remove_first,
        remove_last,
        remove_both,
    ]
}

impl Verifier for IfEvalVerifier {
    fn name(&self) -> &str {
        names::IFEVAL
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.instructions(sample).map(|_| ())
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let (instructions, mode) = self.instructions(sample)?;
        let response = &sample.response;
        if response.len() > self.policy.max_response_bytes {
            return Ok(NoAnswer::ResponseTooLong {
                bytes: response.len(),
                cap: self.policy.max_response_bytes,
            }
            .reward());
        }
        let answer = match after_think(response) {
            Ok(a) => a,
            Err(e) => return Ok(e.reward()),
        };
        if py_strip(answer).is_empty() {
            return Ok(Reward::no_answer().with_detail("empty response"));
        }
        let variants = match mode {
            Mode::Strict => vec![answer.to_owned()],
            Mode::Loose => loose_variants(answer),
        };
        let mut missed = Vec::new();
        for (i, (id, ins)) in instructions.iter().enumerate() {
            let mut ok = false;
            for v in &variants {
                // One step per 64 bytes a check reads.
                cx.charge(1 + v.len() as u64 / 64)?;
                if !py_strip(v).is_empty() && ins.check(v) {
                    ok = true;
                    break;
                }
            }
            if !ok {
                missed.push(format!("{id} (#{})", i + 1));
            }
        }
        let total = instructions.len();
        let mode_name = match mode {
            Mode::Strict => "strict",
            Mode::Loose => "loose",
        };
        Ok(if missed.is_empty() {
            Reward::correct()
                .with_detail(format!("{total} of {total} instructions followed ({mode_name})"))
        } else {
            Reward::incorrect().with_detail(format!(
                "{} of {total} instructions followed ({mode_name}); not followed: {}",
                total - missed.len(),
                missed.join(", ")
            ))
        })
    }
}
