//! [`IfBenchVerifier`]: IFBench (`ood__ifbench`), the 58 out-of-distribution
//! constraints of "Generalizing Verifiable Instruction Following" (AllenAI,
//! 2025), checked as the reference's `instructions.py` checks them (the
//! reference here is allenai/IFBench's `ifbench/instructions.py` at commit
//! `db69a6f`).
//!
//! # Rows
//! As Reasoning360 writes them: `reward_model.ground_truth` is a list
//! whose first (and only) item holds the constraint ids and their keyword
//! arguments, either as JSON or as a string (a Python literal or JSON):
//!
//! ```json
//! {"data_source": "ood__ifbench",
//!  "reward_model": {"ground_truth": [{"instruction_id": ["count:numbers"], "kwargs": [{"N": 3}]}]}}
//! ```
//!
//! IFBench's own layout is accepted too: the ground truth is the list of
//! kwargs objects and `extra_info.instruction_id_list` names the
//! constraints (as in `ood__ifeval` rows). Null kwargs are dropped; an
//! integral float is an integer.
//!
//! IFBench's registry also holds IFEval's 25 instruction types under
//! their IFEval ids; a row may use them, and they are checked as
//! [`IfEvalVerifier`](crate::IfEvalVerifier) checks them.
//!
//! # Scoring
//! The same as IFEval's: strict all-or-nothing by default,
//! `extra_info.ifeval_mode = "loose"` for the loose variant (see
//! [`Mode`]). The answer is the text after the last
//! `</think>` (an unclosed `<think>` is `no_answer`), stripped of
//! surrounding whitespace as Reasoning360 strips it; an empty answer is
//! `no_answer`.
//!
//! # Ground truths that cannot be graded
//! `gold_unparseable` (an [`Error::InvalidGroundTruth`]) with a detail
//! naming the constraint and the argument: an unknown id, a missing
//! argument (the reference would pick a random one), an argument the
//! constraint does not take, a count or position that is not a
//! non-negative integer (a position of 0: the reference indexes from the
//! end or picks a random one), an empty keyword, separator or prompt, a
//! `repeat_span` whose span is empty, a `ratio:stop_words` percentage over
//! 100, a `ratio:overlap` reference text
//! shorter than one trigram, more than one constraint set, or counts of
//! ids and kwargs that differ (the reference zips them, silently dropping
//! the extra ones).
//!
//! One constraint is not implemented, and rows naming it are
//! `gold_unparseable` ([`UNSUPPORTED_IDS`]): `words:start_verb` (the
//! reference asks NLTK's part-of-speech tagger whether the first word is a
//! verb; its trained weights are a model, not a rule).
//! `words:odd_even_syllables` counts syllables as the reference's syllapy
//! does: its dictionary (embedded, MIT-licensed), else its vowel-group
//! rule; `format:emoji` reads the `emoji` package's list of emoji code
//! points (embedded).
//!
//! # Where this differs from the reference, on purpose
//! - **`count:conjunctions`** counts *different* conjunctions: the
//!   reference collects the words before stripping their punctuation and
//!   case, so `and And and,` counts as three different conjunctions (a
//!   reward for repeating one word). Here the word is stripped and
//!   lowercased first.
//! - **`format:no_bullets_bullets`** skips blank lines: the reference stops
//!   counting sentences at the first blank line (its `sentences` flag is
//!   overwritten by an empty list), so the usual blank line between the
//!   prose and the list fails the row.
//! - **`ratio:stop_words`** compares the share exactly: the reference
//!   computes `stop / total * 100` in floating point, so 7 stop words of
//!   100 are 7.000000000000001% and fail a 7% limit.
//! - **`custom:date_format_list`** reads ASCII digits only (the reference's
//!   `\d` and `int()` also take Arabic-Indic or Devanagari digits).
//! - **Sentences and word tokens** come from the crate's Punkt port (with
//!   NLTK's English model embedded) and a port of NLTK 3.10's
//!   `NLTKWordTokenizer` rules, applied per Punkt sentence as
//!   `word_tokenize` applies them. Python's and Rust's `\w`, `\d` and
//!   case predicates differ on a few rare code points.
//! - **Stop words** are NLTK's English list without its contractions
//!   (tokens are `\w+` runs, which never hold an apostrophe, so those
//!   entries never match in the reference either).
//!
//! # Where the reference's rule is odd, and kept
//! - `format:thesis` slices `<em>`/`</em>` as if they were `<i>`/`</i>`
//!   (three and four characters), so `<em>x</em>` has the thesis `>x` and
//!   the rest `>`; kept (the rule only needs non-empty parts).
//! - `format:line_indent` removes blank lines while iterating over them, so
//!   of two consecutive blank lines one survives and breaks the staircase;
//!   kept, replayed exactly.
//! - `format:quote_unquote` replaces `"` by `"` (the curly quotes were
//!   lost in the reference's source), so only straight quotes count.
//! - `custom:csv_special_character` and `custom:csv_quotes` triple every
//!   `"` before parsing the CSV, so a quoted field keeps its quotes; kept.
//! - `format:options` splits the options at `/` if there is one, else at
//!   `or` anywhere in the string (inside words too: `door, floor` would be
//!   cut at each `or`), else at `,`; kept, the option lists of the data
//!   set split as intended.
//!
//! The differential corpus (`fixtures/instruct/ifbench.toml`, generated by
//! `scripts/gen_ifbench_fixtures.py` against the reference checkers)
//! records where the two agree and, for each difference, why.
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Registry, Sample};
//! use serde_json::json;
//!
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_instruct::DOMAIN], &rlvr_core::Environment::default())?;
//! let gt = json!([{"instruction_id": ["count:numbers"], "kwargs": [{"N": 2}]}]);
//! let row = Sample::new("ood__ifbench", "<think>hm</think>I have 2 cats and 3 dogs.", gt);
//! assert!(reg.verify(&row, &Context::default())?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod constraint;
mod emoji;
mod syllable;

use rlvr_core::extract::{NoAnswer, Policy, after_think};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

pub use constraint::{CONSTRAINT_IDS, UNSUPPORTED_IDS};

use crate::instruction::Instruction;
use crate::text::py_strip;
use crate::verifier::{Mode, loose_variants};
use constraint::{Constraint, Doc};

/// One check: an IFBench constraint or an IFEval instruction.
#[derive(Debug)]
enum Check {
    Bench(Constraint),
    Classic(Instruction),
}

impl Check {
    fn check(&self, doc: &Doc<'_>) -> bool {
        match self {
            Self::Bench(c) => c.check(doc),
            Self::Classic(i) => i.check(doc.text()),
        }
    }
}

/// The IFBench verifier (`ood__ifbench`, registered as
/// [`names::IFBENCH`]).
///
/// See the [module docs](self) for the row layout and the scoring.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier, Verdict};
/// use rlvr_instruct::IfBenchVerifier;
/// use serde_json::json;
///
/// let v = IfBenchVerifier::new();
/// let gt = json!("[{'instruction_id': ['format:no_whitespace'], 'kwargs': [None]}]");
/// let row = |r: &str| Sample::new("ood__ifbench", r, gt.clone());
/// assert!(v.verify(&row("Nospaces."), &Context::default())?.is_correct());
/// assert_eq!(v.verify(&row("Two words"), &Context::default())?.verdict, Verdict::Incorrect);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct IfBenchVerifier {
    policy: Policy,
}

impl IfBenchVerifier {
    /// A verifier with the default response size cap (1 MiB).
    pub fn new() -> Self {
        Self::default()
    }

    /// The checks and the mode of a row.
    fn checks(&self, sample: &Sample) -> Result<(Vec<(String, Check)>, Mode), Error> {
        let bad = |reason: String| Error::invalid_ground_truth(self.name(), reason);
        let parsed;
        let gt = match &sample.ground_truth {
            Value::String(s) => {
                parsed = serde_json::from_str::<Value>(s)
                    .ok()
                    .or_else(|| rlvr_core::literal::parse(s))
                    .ok_or_else(|| {
                        bad("ground truth is a string that is neither JSON nor a Python literal"
                            .into())
                    })?;
                &parsed
            }
            v => v,
        };
        let Value::Array(items) = gt else {
            return Err(bad("ground truth is not a list".into()));
        };
        let (ids, kwargs): (&Vec<Value>, &Vec<Value>) = match items.first() {
            Some(Value::Object(first)) if first.contains_key("instruction_id") => {
                if items.len() > 1 {
                    return Err(bad(format!(
                        "ground truth holds {} constraint sets; the reference grades only the first",
                        items.len()
                    )));
                }
                let Some(Value::Array(ids)) = first.get("instruction_id") else {
                    return Err(bad("`instruction_id` is not a list".into()));
                };
                let Some(Value::Array(kw)) = first.get("kwargs") else {
                    return Err(bad("`kwargs` is missing or not a list".into()));
                };
                (ids, kw)
            }
            _ => match sample.extra("instruction_id_list") {
                Some(Value::Array(ids)) => (ids, items),
                _ => {
                    return Err(bad("ground truth holds no `instruction_id` list, and \
                                    extra_info.instruction_id_list is missing"
                        .into()));
                }
            },
        };
        if ids.is_empty() {
            return Err(bad("the constraint list is empty: nothing to check".into()));
        }
        if ids.len() != kwargs.len() {
            return Err(bad(format!(
                "{} constraint ids but {} kwargs objects",
                ids.len(),
                kwargs.len()
            )));
        }
        let mut out = Vec::with_capacity(ids.len());
        for (id, kw) in ids.iter().zip(kwargs) {
            let Some(id) = id.as_str() else {
                return Err(bad(format!("constraint id {id} is not a string")));
            };
            let check = match Constraint::parse(id, kw).map_err(&bad)? {
                Some(c) => Check::Bench(c),
                None => Check::Classic(Instruction::parse(id, kw).map_err(|e| {
                    if e.starts_with("unknown instruction id") {
                        bad(format!("unknown constraint id `{}`", rlvr_core::clip(id, 80)))
                    } else {
                        bad(e)
                    }
                })?),
            };
            out.push((id.to_owned(), check));
        }
        let mode = sample.option::<Mode>(names::IFBENCH)?.unwrap_or_default();
        Ok((out, mode))
    }
}

impl Verifier for IfBenchVerifier {
    fn name(&self) -> &str {
        names::IFBENCH
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.checks(sample).map(|_| ())
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let (checks, mode) = self.checks(sample)?;
        let response = &sample.response;
        if response.len() > self.policy.max_response_bytes {
            return Ok(NoAnswer::ResponseTooLong {
                bytes: response.len(),
                cap: self.policy.max_response_bytes,
            }
            .reward());
        }
        let answer = match after_think(response) {
            Ok(a) => py_strip(a),
            Err(e) => return Ok(e.reward()),
        };
        if answer.is_empty() {
            return Ok(Reward::no_answer().with_detail("empty response"));
        }
        let variants = match mode {
            Mode::Strict => vec![answer.to_owned()],
            Mode::Loose => loose_variants(answer),
        };
        let docs: Vec<Doc<'_>> = variants.iter().map(|v| Doc::new(v)).collect();
        let mut missed = Vec::new();
        for (i, (id, check)) in checks.iter().enumerate() {
            let mut ok = false;
            for doc in &docs {
                // One step per 64 bytes a check reads.
                cx.charge(1 + doc.text().len() as u64 / 64)?;
                if !py_strip(doc.text()).is_empty() && check.check(doc) {
                    ok = true;
                    break;
                }
            }
            if !ok {
                missed.push(format!("{id} (#{})", i + 1));
            }
        }
        let total = checks.len();
        let mode_name = match mode {
            Mode::Strict => "strict",
            Mode::Loose => "loose",
        };
        Ok(if missed.is_empty() {
            Reward::correct()
                .with_detail(format!("{total} of {total} constraints followed ({mode_name})"))
        } else {
            Reward::incorrect().with_detail(format!(
                "{} of {total} constraints followed ({mode_name}); not followed: {}",
                total - missed.len(),
                missed.join(", ")
            ))
        })
    }
}
