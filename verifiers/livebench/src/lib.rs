//! The LiveBench verifier of [rlvr] (`ood__livebench`).
//!
//! Reasoning360 keeps LiveBench's reasoning, data-analysis and language
//! categories (releases of June and July 2024) as one data source and
//! grades each row with the LiveBench grader named by `extra_info.task`.
//! [`verifiers`] gives a [`TaskRouter`] under
//! [`names::LIVEBENCH`] that does the same:
//! one [`TaskVerifier`] per [`Task`]. A row whose task is not graded here
//! (a misspelt name, a category Reasoning360 leaves out) is an
//! [`Error::UnknownDataSource`](rlvr_core::Error::UnknownDataSource) naming
//! the closest tasks, never a zero.
//!
//! # Rows
//! As Reasoning360 writes them: `reward_model.ground_truth` is LiveBench's
//! ground-truth string; `extra_info` holds `category`, `task`, `prompt`
//! (the turns) and `date`.
//!
//! ```json
//! {"data_source": "ood__livebench",
//!  "reward_model": {"ground_truth": "no, yes, yes"},
//!  "extra_info": {"category": "reasoning", "task": "web_of_lies_v2", "prompt": ["..."]}}
//! ```
//!
//! Every task reads the response after its last `</think>` (an unclosed
//! `<think>` is `no_answer`), caps it at 1 MiB, and treats an unclosed last
//! container (`<solution>` with no `</solution>`, `\boxed{` with no brace)
//! as no answer rather than falling back to an earlier one. A run of boxes
//! joined by a hedge (`\boxed{A} or \boxed{B}`) is wrong.
//!
//! # The tasks, and where they differ from the reference on purpose
//! LiveBench's graders were written to score a leaderboard, where a lenient
//! reading costs little. An RL policy exploits every lenient reading, so
//! each rule below that accepts more than one committed answer was
//! narrowed. Partial credit is kept only where it counts correct,
//! separately checkable parts (a join pair, one of three questions, a group
//! of four words, the order of sentences that are all present), never for
//! an answer that is wrong as a whole in a way the parts do not measure.
//!
//! | task | answer read from | correct when | partial credit |
//! |---|---|---|---|
//! | `cta` | the last `<solution>`, else the last box, else the last line (a lead-in such as `Answer:` or `The class is` dropped) | its letters and digits, lowercased, equal the class's | none |
//! | `tableformat` | the last `<solution>`, else the last code block, else the whole answer, read in the prompt's target format | the same columns (any order) and rows (in order) | none |
//! | `tablejoin` | the last `<solution>`, else the last code block, else the last box, else the whole answer; a Python or JSON dictionary literal | every gold pair, nothing else | F1 over column pairs, unrounded |
//! | `web_of_lies_v2` | the last `<solution>`, else the last yes/no/unknown words in bold, else the last box, else the last comma-separated run | the list equals the gold | none |
//! | `web_of_lies_v3` | as v2 without bold words | the list equals the gold | `right / n / 2` (LiveBench's `(all + right/n) / 2`), for a list of the right length only |
//! | `house_traversal` | the last bold span (or the last `n` bold spans, one name each) | its words, without `and`/`then`/`to`/`the`, equal the gold names in order | none |
//! | `zebra_puzzle` | the last `<solution>`, else the last `***X***`, else the last box, else the last word of the last line | equal, ignoring case; a digit matches its word | none |
//! | `spatial` | the last `<solution>`, else whichever of the last bold span and the last box comes last | equal, ignoring case; a number matches its word; `two tetrahedra` matches `tetrahedra` | none |
//! | `plot_unscrambling` | the `<PLOT_SUMMARY>` block, else the whole answer; sentences split at full stops, compared as lowercase words; a short lead-in joined to a sentence is dropped; other sentences (a lead-in, a closing line) are ignored | every plot sentence present once, in order | `1 - d/n`, `d` the edit distance of the order, only when every sentence is present exactly once |
//! | `typos` | the last `<solution>`, else the whole answer; whitespace collapsed | it holds the corrected text once, with at most 200 bytes (and at most half the text's length) of other text | none |
//! | `connections` | the last `<solution>`, else the last box, else the last bold span (with the bold spans before it when it holds fewer words than the puzzle: one group per span); words split at commas and line breaks | the puzzle's words, each once, grouped by fours as the gold | groups right / groups |
//!
//! Narrowings, with the reference's rule each replaces:
//! - **cta**: the reference also accepts any answer whose cleaned text
//!   *ends* with the class (`not a datetime` for `datetime`, `date or
//!   time` for `time`).
//! - **tablejoin**: the reference rounds F1 to two decimals, so a mapping
//!   of 200 pairs with one wrong pair scores 1.0; here only the exact
//!   mapping is `correct`. Its dictionary is read with `ast.literal_eval`;
//!   here a small reader accepts the same literals (strings, `None`,
//!   numbers, booleans; `null` as `None`), with no evaluation.
//! - **web_of_lies**: the reference accepts any parsed text that holds
//!   three yes/no/unknown words and contains the gold, so a longer list or
//!   a `<solution>` with two lists can pass; v3 compares comma-split items
//!   without trimming them, so `yes,no,yes` scores 1/6 against `yes, no,
//!   yes`. Here the list must have exactly the gold's length, and items are
//!   compared as words.
//! - **house_traversal**: the reference accepts the names as substrings of
//!   the last bold span in increasing order, so extra names or a list of
//!   every room pass; here the words must be the names and nothing else.
//! - **zebra_puzzle**: without `***X***` the reference reads the last word
//!   of the whole text; here a last line that offers alternatives (`or`,
//!   `either`) is wrong.
//! - **spatial**: the reference accepts the gold in any of the last three
//!   bold spans (a hedge across three bold answers) and a shape name inside
//!   any short phrase (`not a triangle`); here only the last answer is
//!   read, and only counts and a few geometric adjectives may precede the
//!   shape.
//! - **plot_unscrambling**: the reference matches each plot sentence to
//!   its closest answer sentence with `difflib` at cutoff 0, so any text —
//!   one unrelated sentence, the scrambled input, a plot that repeats
//!   sentences — gets credit. Here the answer must hold every plot
//!   sentence exactly once (compared as lowercase words: spacing and
//!   punctuation inside a sentence do not matter), or it is wrong.
//! - **typos**: the reference accepts any answer containing the corrected
//!   text, including one that also holds the uncorrected text or several
//!   drafts.
//! - **Answer tags**: `<solution>` is read in every task whose answer is
//!   a word or a list (later LiveBench prompts ask for it; the 2024 graders
//!   Reasoning360 uses do not read it in cta, zebra_puzzle, spatial or
//!   connections, where the tag itself would be read as the answer).
//! - **connections**: Reasoning360 uses LiveBench's 2024 grader, which
//!   scores the best of *all* bold spans (a hedge across spans) and accepts
//!   groups with extra words; here one answer is read and it must use each
//!   of the puzzle's words once.
//!
//! **tableformat** needs the target format, which only the prompt names
//! (`Please convert the Input Table from TSV format to CSV format`, or a
//! `Target Format:` line): it is read from `extra_info.prompt` (the turns,
//! as Reasoning360 stores them) or the row's prompt, and a row without it
//! is `gold_unparseable`. Reasoning360 calls this grader with the ground
//! truth in place of the prompt and no answer, so every tableformat row
//! raises there; the differential cases use LiveBench's own call. The
//! answer is the last `<solution>`, else the last code block, else the
//! whole answer, read in the target format (CSV/TSV with RFC 4180 quoting,
//! JSON as records, index, table or split orientation, JSONL, HTML
//! `<table>`, Markdown pipes) by small readers of this crate (rlvr-table's
//! readers build polars DataFrames, and polars is too heavy a dependency
//! here); when that fails, the table is looked for inside the text (from
//! the gold's header line for CSV/TSV, which must appear once). Correct
//! when the columns match as a set, the rows in order, numbers within
//! 1e-6, text exactly (trimmed), as LiveBench compares them. LiveBench
//! reads Markdown with the first column as the index, so it never compares
//! that column; here every column is compared.
//!
//! The differential corpus (`fixtures/livebench/livebench.toml`, written by
//! `scripts/gen_livebench_fixtures.py` against Reasoning360's copies of the
//! graders) records the reference's verdict on every case and, where the
//! two differ, why.
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - [`router`]: the task router; [`Task`] and [`TaskVerifier`] (one
//!   task's grader, configured by [`TaskVerifierBuilder`]).
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Registry, Sample};
//! use serde_json::json;
//!
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_livebench::DOMAIN], &rlvr_core::Environment::default())?;
//! let row = Sample::new("ood__livebench", "<solution>no, yes, yes</solution>", json!("no, yes, yes"))
//!     .with_extra_info(json!({"task": "web_of_lies_v2", "category": "reasoning"}));
//! assert!(reg.verify(&row, &Context::default())?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]

mod table;
mod task;
mod text;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, TaskRouter, Verifier, names};

pub use task::{Task, TaskVerifier, TaskVerifierBuilder};

/// The router of every task graded here, named
/// [`names::LIVEBENCH`].
///
/// # Example
/// ```
/// let router = rlvr_livebench::router();
/// assert!(router.tasks().any(|t| t == "connections"));
/// ```
pub fn router() -> TaskRouter {
    let mut router = TaskRouter::new(names::LIVEBENCH);
    for task in Task::ALL {
        let added = router.add(task.name(), Arc::new(TaskVerifier::new(task))).is_ok();
        debug_assert!(added, "task names are unique");
    }
    router
}

/// The LiveBench verifiers: [`router`] under its Guru name
/// ([`names::LIVEBENCH`]).
///
/// # Example
/// ```
/// let mut reg = rlvr_core::Registry::guru();
/// reg.install(&[rlvr_livebench::DOMAIN], &rlvr_core::Environment::default())?;
/// assert!(reg.verifier(rlvr_core::names::LIVEBENCH).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verifiers(_env: &Environment) -> Vec<Arc<dyn Verifier>> {
    vec![Arc::new(router())]
}

/// The reasoning-gym tasks graded here: none (the livebench domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("livebench", verifiers, gym_tasks);

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
