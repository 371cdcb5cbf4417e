//! Logic puzzle verifiers for [rlvr].
//!
//! - The four Guru logic families: [`ArcVerifier`] (`logic.arc`),
//!   [`ZebraVerifier`] (`logic.zebra`), [`OrderingVerifier`]
//!   (`logic.ordering`) and [`GraphVerifier`] (`logic.graph`).
//! - reasoning-gym tasks, one verifier per task, from
//!   [`gym_tasks`], for a core [`TaskRouter`](rlvr_core::TaskRouter).
//!
//! # Design
//! **A validator first, gold comparison second.** Where the row carries the
//! instance (an ordering puzzle's constraints or a graph search's
//! predicates in its prompt, a reasoning-gym entry's metadata), the answer
//! is checked against the instance and any valid solution earns full
//! credit: another shortest path or next step, another n-queens placement,
//! another colouring, another word ladder. The stored answer is
//! used only where the task has exactly one answer (ARC grids, syllogisms)
//! or the instance is not available.
//!
//! **Lenient parsing, strict semantics.** Answers are read in every syntax a
//! human grader would accept (JSON or Python literals, multi-line
//! `<answer>` blocks, whitespace grid rows, arrows between graph nodes, any
//! capitalisation of names), and nothing semantically different is
//! accepted. There is no substring or per-cell partial credit unless a
//! verifier documents an explicit option for it.
//!
//! **Never evaluate model text.** Python literals go through
//! [`rlvr_core::literal`], which reads only literals; arithmetic (24 game, countdown)
//! goes through an exact rational parser with an operator whitelist and
//! size limits. `__import__('os')` is just an unparseable answer.
//!
//! **Answers are read whole (issue 15).** A reward is never earned by a
//! word or number that merely appears in the answer:
//!
//! - *Knights and knaves*: every clause of the answer must parse as `<names>
//!   is/are [not] [a] <role>`, `<name>: <role>` or `<Roles>: <names>`,
//!   joined by commas, semicolons, periods, lines or `and`; `not` is read
//!   (on a two-role island "not a knave" is "a knight"), each person gets
//!   exactly one role, and anything else (`or`, `/`, a question echoed, an
//!   unknown word or name) makes the answer wrong. The role words are the
//!   puzzle's own (from `knight_knave_terms` or the question) plus the
//!   fixed synonym table and `truth-teller`/`liar`.
//! - *Numeric tasks* (basic arithmetic, chain sums, decimal arithmetic,
//!   GCD, LCM) need a number: a decimal (`.752` included), or a fraction in
//!   lowest terms for a non-integer value. `20/2`, `-136 / 4` or `12 + 0`
//!   is an unevaluated expression, and wrong.
//! - *Zebra* rows are matched to the gold by their position cell when the
//!   positions are exactly the gold's, in any listed order.
//! - A grid followed by more text (`[[1, 2]] or 1 2`) is a hedge, not a
//!   grid.
//!
//! **Containers, per task.** The last complete container wins (the core
//! extraction policy). Guru rows use `<answer>` as their prompts ask;
//! inside it a fenced block (`json`) is unwrapped, and ARC grids may be
//! numpy-printed. reasoning-gym tasks read `<answer>`, `\boxed{}` and an
//! `Answer:` line; the grid tasks (`arc_1d`, `rearc`, `futoshiki`,
//! `mini_sudoku`, `n_queens`) also read a bare fenced block, and
//! `graph_color` a bare JSON object. So do the boards group's grids and
//! boxnet's JSON plans (boxnet reads no `Answer:` line).
//!
//! **Budgets.** Searches (BFS, flood fill, truth tables, enumeration) charge
//! the context's step budget and instance sizes are bounded, so every call
//! returns promptly.
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] and [`DOMAIN`].
//! - The Guru verifiers: [`ArcVerifier`], [`ZebraVerifier`] (partial
//!   credit through [`ZebraVerifierBuilder`]), [`OrderingVerifier`],
//!   [`GraphVerifier`].
//!
//! The reasoning-gym task verifiers are reached through [`gym_tasks`]
//! only; their parsers and solvers are private.
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Environment, Registry, Sample};
//!
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_logic::DOMAIN], &Environment::default())?;
//! let s = Sample::new("logic__graph_logical_dataset", "<answer>a, b, c</answer>", "abc");
//! assert!(reg.verify(&s, &Context::default())?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]

mod answer;
mod arc;
mod graph;
mod grid;
mod gym;
mod ordering;
mod zebra;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use arc::ArcVerifier;
pub use graph::GraphVerifier;
pub use ordering::OrderingVerifier;
pub use zebra::{ZebraVerifier, ZebraVerifierBuilder};

/// The reasoning-gym tasks this crate grades, as `(task name, verifier)`
/// pairs for a [`TaskRouter`](rlvr_core::TaskRouter). Each verifier reports
/// `reasoning_gym/<task>` as its name.
///
/// The tasks are: `arc_1d`, `basic_arithmetic`, `calendar_arithmetic`,
/// `chain_sum`, `circuit_logic`, `countdown`, `course_schedule`,
/// `cryptarithm`, `decimal_arithmetic`, `family_relationships`,
/// `fraction_simplification`, `futoshiki`, `gcd`, `graph_color`,
/// `knights_knaves`, `largest_island`, `lcm`, `maze`, `mini_sudoku`,
/// `n_queens`, `prime_factorization`, `propositional_logic`, `puzzle24`,
/// `rearc`, `self_reference`, `shortest_path`, `syllogism`,
/// `time_intervals`, `word_ladder`, `zebra_puzzles`. The boards group
/// adds the matrices (`rotate_matrix`, `spiral_matrix`,
/// `manipulate_matrix`, `pool_matrix`, `binary_matrix`, `modulo_grid`),
/// the boards (`arc_agi`, `path_star`, `sudoku`, `kakurasu`, `survo`,
/// `color_cube_rotation`, `mahjong_puzzle`) and the move replays
/// (`knight_swap`, `rush_hour`, `boxnet`, `tsumego`, `rubiks_cube`).
///
/// The string, word and rewriting tasks: `ab`, `acre`, `aiw`,
/// `binary_alternation`, `caesar_cipher`, `coin_flip`, `emoji_mystery`,
/// `figlet_font`, `group_anagrams`, `isomorphic_strings`, `letter_counting`,
/// `letter_jumble`, `list_functions`, `needle_haystack`,
/// `palindrome_generation`, `palindrome_partitioning`, `ransom_note`,
/// `rectangle_count`, `sentence_reordering`, `spell_backward`,
/// `string_insertion`, `string_manipulation`, `string_splitting`,
/// `string_synthesis`, `word_sequence_reversal`, `word_sorting`. Anagram
/// groups, palindromes and palindrome partitions are checked by their
/// definitions (any valid answer counts); rule systems (string splitting
/// and synthesis, A::B programs, string insertion) are re-run from the
/// instance. All are graded 1 or 0: reasoning-gym's partial credit pays
/// wrong answers and is not kept.
///
/// The arithmetic tasks recompute their truth from the instance in exact
/// rationals and read answers as number literals through
/// [`rlvr_math::parse_number`] (thousands separators, `\frac`, a trailing
/// period), never as expressions: the question's own expression echoed
/// back is not an answer. `word_ladder` checks each step against
/// reasoning-gym's own 3- to 5-letter vocabulary, bundled with the crate
/// (Apache-2.0; `data/NOTICE`).
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, TaskRouter, Verifier};
///
/// let mut router = TaskRouter::new("reasoning_gym");
/// for (task, v) in rlvr_logic::gym_tasks(&rlvr_core::Environment::default()) {
///     router.add(task, v)?;
/// }
/// let entry = serde_json::json!({
///     "question": "Make 24 using 4, 3, 9, 8.",
///     "answer": "(9 - 3) * (8 - 4)",
///     "metadata": {"numbers": [4, 3, 9, 8]},
/// });
/// let row = |resp: &str| Sample::new("reasoning_gym", resp, serde_json::Value::Null)
///     .with_extra_info(serde_json::json!({"task": "puzzle24", "entry": entry}));
/// // Any expression that reaches 24 exactly with the four numbers counts ...
/// assert!(router.verify(&row("<answer>(8 - 4) * (9 - 3)</answer>"), &Context::default())?.is_correct());
/// assert!(router.verify(&row("<answer>4 × 3 + 9 + 8 - 5</answer>"), &Context::default())?.score == 0.0);
/// // ... and the reference's `6 + 6 + 6 + 6` hack does not.
/// assert!(!router.verify(&row("<answer>6 + 6 + 6 + 6</answer>"), &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    gym::tasks()
}

/// The four Guru logic verifiers ([`ArcVerifier`], [`ZebraVerifier`],
/// [`OrderingVerifier`], [`GraphVerifier`]), each under its Guru name.
pub fn verifiers(_env: &Environment) -> Vec<Arc<dyn Verifier>> {
    vec![
        Arc::new(ArcVerifier::new()),
        Arc::new(ZebraVerifier::new()),
        Arc::new(OrderingVerifier::new()),
        Arc::new(GraphVerifier::new()),
    ]
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("logic", verifiers, gym_tasks);
