//! The core of [rlvr]: the [`Verifier`] trait and the machinery every domain
//! shares.
//!
//! - [`Sample`] in, [`Reward`] out: a score in `[0, 1]`, a [`Verdict`], the
//!   extracted answer and a detail.
//! - [`Error`]: the sample could not be graded. A reward is what the model
//!   earned; an error is "could not grade". They are kept apart everywhere
//!   so a trainer never reads a broken sandbox as a wrong answer.
//! - [`Context`] and [`Budget`]: a deterministic step budget, a wall-clock
//!   backstop and cancellation, checked cooperatively. No signals, no child
//!   processes, no global mutable state: grading is re-entrant and gives the
//!   same answer on any thread.
//! - [`Registry`]: `data_source` → verifier, with the Guru route table, and
//!   [`Registry::verify_batch`] to grade many samples on many threads.
//! - [`TaskRouter`]: a second dispatch level on `extra_info.task` (reasoning-gym),
//!   and [`gym`]: the reasoning-gym entry reader and task verifier.
//! - [`extract`]: the one answer-extraction policy.
//! - [`Executor`] ([`exec`]): the sandbox that runs programs, shared by the
//!   code verifier, the simulation verifiers and `/run_code`, with its
//!   limits and run results.
//! - [`literal`]: a safe JSON / Python-literal reader (never `eval`).
//! - [`Row`] and [`Record`]: dataset rows in, trainer-facing records out.
//! - [`rl`]: GRPO advantages, reward shaping, pass@k and dense batch rewards for trainers.
//! - [`Domain`] and [`Environment`]: the two entry points every domain
//!   crate exports (`verifiers`, `gym_tasks`) and what they share;
//!   [`Registry::install`] registers a list of domains.
//!
//! # Why `dyn Verifier`
//! The verifier is chosen per row at run time from its `data_source`, so
//! verifiers live behind `Arc<dyn Verifier>` in the registry. One virtual
//! call per sample costs nothing next to grading it, and it keeps domain
//! crates independent: each implements the trait and hands its verifiers
//! to the registry through its [`Domain`].
//!
//! # Why cooperative budgets
//! Signal-based timeouts only work on a process's main thread and can kill
//! the process later; killing threads is not possible in Rust. Instead every
//! loop whose work grows with its input charges the [`Context`], which fails
//! with [`Error::BudgetExceeded`] when the budget is spent. Sandboxed
//! programs are bounded by wasmtime fuel and epochs in the same spirit.
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | `test-util` | fixture loader and runner, conformance checks (for tests) |
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]
#![warn(clippy::exhaustive_enums, clippy::exhaustive_structs)]

mod batch;
pub mod call;
mod context;
mod domain;
mod error;
pub mod exec;
pub mod extract;
pub mod gym;
pub mod literal;
pub mod openrlhf;
pub mod option;
mod record;
mod registry;
mod reward;
pub mod rl;
mod row;
mod sample;
mod task;
#[cfg(feature = "test-util")]
pub mod testutil;
mod verifier;

pub use batch::{BatchOptions, Outcome};
pub use call::{CallArgs, FunctionCall};
pub use context::{Budget, CancelToken, Context};
pub use domain::{Domain, Environment, GymTask};
pub use error::{BoxError, BudgetKind, Error};
pub use exec::{CallOutcome, CallRun, Executor, ProgramRun, RunLimits, RunStatus, TimeLimit};
pub use record::{Record, Status};
pub use registry::{GURU_ROUTES, Pattern, Registry, names};
pub use reward::{Reward, Verdict, clip};
pub use row::Row;
pub use sample::{Message, Prompt, Sample};
pub use task::TaskRouter;
pub use verifier::Verifier;
