//! The instruction-following verifiers of [rlvr]: IFEval (`ood__ifeval`)
//! and IFBench (`ood__ifbench`).
//!
//! - [`IfEvalVerifier`]: the 25 verifiable instruction types of IFEval
//!   ([`INSTRUCTION_IDS`]), checked as the reference checkers (lm-eval's
//!   `ifeval` task, which Reasoning360 copies) check them.
//! - [`IfBenchVerifier`]: IFBench's 58 out-of-distribution constraints
//!   ([`CONSTRAINT_IDS`]; one, in [`UNSUPPORTED_IDS`], is
//!   `gold_unparseable`), checked as IFBench's reference checkers check
//!   them; see the [`ifbench`] module docs for its rows and differences.
//! - [`verifiers`] gives both, for a [`Registry`](rlvr_core::Registry), under
//!   [`names::IFEVAL`](rlvr_core::names::IFEVAL) and
//!   [`names::IFBENCH`](rlvr_core::names::IFBENCH), the verifiers the Guru
//!   route table sends `ood__ifeval` and `ood__ifbench` to.
//!
//! # Rows
//! As Reasoning360 writes them: `reward_model.ground_truth` is the list of
//! keyword-argument objects, one per instruction (`null` or `{}` for an
//! instruction that takes none; null values are dropped, an integral float
//! is an integer); `extra_info.instruction_id_list` names the instructions,
//! and `extra_info.prompt` carries the prompt (no check needs it: the
//! prompt to repeat is a keyword argument).
//!
//! ```json
//! {"data_source": "ood__ifeval",
//!  "reward_model": {"ground_truth": [{}, {"num_words": 300, "relation": "less than"}]},
//!  "extra_info": {"instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"],
//!                 "prompt": "Write a short story without commas, in under 300 words."}}
//! ```
//!
//! # Scoring
//! - **Strict, all or nothing.** 1 when every instruction is followed, else
//!   0 (`incorrect`, with the instructions not followed in the detail).
//! - **Loose on request.** `extra_info.ifeval_mode = "loose"` gives IFEval's
//!   loose variant: an instruction counts as followed when it holds for the
//!   response, or the response without its first line, without its last
//!   line, or without both, each also with every `*` removed.
//!   `"strict"` is the default; any other value is `gold_unparseable`.
//! - **Think blocks.** The response is read after its last `</think>`; an
//!   unclosed `<think>` is `no_answer` (the shared extraction policy; the
//!   reference keeps the text between the first and second `</think>`).
//!   An empty response is `no_answer`.
//!
//! # Ground truths that cannot be graded
//! The reference fills a missing or unusable keyword argument with a
//! *random* value (`random.choice`, `random.randint`), so its reward is not
//! deterministic for such rows. Here every such row is `gold_unparseable`
//! (an [`Error::InvalidGroundTruth`](rlvr_core::Error::InvalidGroundTruth)) with a detail naming the instruction
//! and the argument: an unknown instruction id, a missing argument, a
//! relation other than `less than` / `at least`, a negative or fractional
//! count, an `nth_paragraph` outside `1..=num_paragraphs`, a letter that
//! is not one ASCII letter, an empty keyword list or phrase, a language
//! this build cannot identify (Swahili, `sw`), an argument the instruction
//! does not take, or a count of instruction ids that differs from the count
//! of kwargs objects. A value of `0` is kept as 0 (Reasoning360 drops only
//! nulls; lm-eval also drops zeros and then picks a random value).
//!
//! # Where this differs from the reference, on purpose
//! - **Keywords are literal.** The reference passes keywords, forbidden
//!   words and markers to `re.search` as regular expressions (`c++` raises,
//!   `a.b` matches `axb`); here they are matched literally, case-insensitively.
//! - **Language identification** is whatlang, deterministic; the
//!   reference's langdetect samples at random (its answer on a short text
//!   can change from run to run) and counts a text in which it finds no
//!   language (digits, symbols) as following *any* language instruction;
//!   here such a text does not follow `language:response_language`,
//!   `change_case:english_capital` or `change_case:english_lowercase`.
//!   Both read the first 10,000 characters, and both choose among
//!   langdetect's languages (whatlang lacks Somali, Albanian and Swahili).
//!   The text is lowercased first (langdetect's profiles are
//!   case-sensitive: it calls all-capital French English). A Latin-script
//!   text of fewer than 12 words is first read by its function words
//!   (`the`, `ich`, `sono`, ...), since trigram statistics need more text:
//!   whatlang alone calls `I love it.` Slovenian. Language identification
//!   on texts that are barely prose (a few JSON keys, three nouns) can
//!   still differ from the reference's; the fixtures list the cases.
//! - **JSON** is RFC 8259 JSON: Python's `json.loads` also accepts `NaN`
//!   and `Infinity`, and raises (a crash, not a `False`) on nesting deeper
//!   than its recursion limit; here both are "not JSON".
//!
//! # Tokenisation: how close to NLTK
//! - **Words** (`length_constraints:number_words`) are `\w+` runs with
//!   Unicode's word class, as NLTK 3.10's `RegexpTokenizer(r"\w+")` reads
//!   them (it compiles with the `regex` engine; NLTK before 3.10 used
//!   Python's `re`, which splits words at combining marks, so Hindi or Tamil
//!   words counted more there).
//! - **Sentences** (`length_constraints:number_sentences`) follow NLTK's
//!   English Punkt tokenizer: its algorithm and its model (abbreviation
//!   list, collocations, sentence starters and orthographic-context table,
//!   all embedded; see the `punkt` module).
//! - **Capital words** (`change_case:capital_word_frequency`) count the
//!   all-uppercase tokens of NLTK's `word_tokenize`: chunks are split where
//!   the Treebank tokenizer splits them (brackets, quotes, `;@#$%&?!`, `--`,
//!   `...`, `,`/`:` before a non-digit, and contractions such as `N'T` and
//!   `'S`), which is all that changes how many tokens are upper case.
//!
//! The differential corpus (`fixtures/instruct`, generated by
//! `scripts/gen_ifeval_fixtures.py` against lm-eval's own checkers) records
//! where the two agree and, for each difference, why.
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - IFEval: [`IfEvalVerifier`], [`Mode`] (strict or loose),
//!   [`INSTRUCTION_IDS`].
//! - IFBench: [`IfBenchVerifier`], [`CONSTRAINT_IDS`],
//!   [`UNSUPPORTED_IDS`], and the [`ifbench`] module's docs.
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Registry, Sample};
//! use serde_json::json;
//!
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_instruct::DOMAIN], &rlvr_core::Environment::default())?;
//! let row = Sample::new("ood__ifeval", "<think>Hmm, commas.</think>no commas at all", json!([null]))
//!     .with_extra_info(json!({"instruction_id_list": ["punctuation:no_comma"], "prompt": "..."}));
//! assert!(reg.verify(&row, &Context::default())?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]

pub mod ifbench;
mod instruction;
mod punkt;
mod punkt_ortho;
mod text;
mod verifier;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use ifbench::{CONSTRAINT_IDS, IfBenchVerifier, UNSUPPORTED_IDS};
pub use instruction::INSTRUCTION_IDS;
pub use verifier::{IfEvalVerifier, Mode};

/// The instruction-following verifiers: [`IfEvalVerifier`] and
/// [`IfBenchVerifier`] under their Guru names
/// ([`names::IFEVAL`](rlvr_core::names::IFEVAL),
/// [`names::IFBENCH`](rlvr_core::names::IFBENCH)).
///
/// # Example
/// ```
/// let mut reg = rlvr_core::Registry::guru();
/// reg.install(&[rlvr_instruct::DOMAIN], &rlvr_core::Environment::default())?;
/// assert!(reg.verifier(rlvr_core::names::IFEVAL).is_some());
/// assert!(reg.verifier(rlvr_core::names::IFBENCH).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verifiers(_env: &Environment) -> Vec<Arc<dyn Verifier>> {
    vec![Arc::new(IfEvalVerifier::new()), Arc::new(IfBenchVerifier::new())]
}

/// The reasoning-gym tasks graded here: none (the instruct domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("instruct", verifiers, gym_tasks);
