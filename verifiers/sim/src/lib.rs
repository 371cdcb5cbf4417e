//! Simulation verifiers for [rlvr].
//!
//! - A [`Simulator`] abstraction (state, action, step, goal) with three
//!   verification modes for free: final-state prediction
//!   ([`final_state`]), trace checking with the first wrong step reported
//!   ([`check_trace`]), and plan checking with optional optimality
//!   ([`check_plan`]).
//! - Simulators: Life-like automata with any `Bx/Sy` rule, bounded or
//!   toroidal, with halting by cycle detection ([`Life`](crate::automata::Life)); elementary 1-D
//!   automata ([`Eca`](crate::automata::Eca)); Tower of Hanoi with `k` pegs ([`Hanoi`](crate::puzzle::Hanoi)); water
//!   jugs ([`Jugs`](crate::puzzle::Jugs)); sliding-tile puzzles ([`Sliding`](crate::puzzle::Sliding)); Sokoban
//!   ([`Sokoban`](crate::puzzle::Sokoban)); the quantum lock ([`QuantumLock`](crate::puzzle::QuantumLock)); BFS spread /
//!   rotten oranges ([`Spread`](crate::puzzle::Spread)); a Brainf*ck interpreter with a step
//!   limit ([`Bf`](crate::machine::Bf)); finite-state machines ([`Fsm`](crate::machine::Fsm)); a fixed-step physics
//!   integrator, Euler or Verlet with per-step tolerance ([`Integrator`](crate::machine::Integrator)).
//! - reasoning-gym simulation tasks, validated by simulation from each
//!   entry's metadata ([`gym_tasks`]).
//! - The Guru CodeI/O ([`CodeIoVerifier`], `sim.codeio`) and CRUXEval
//!   ([`CruxEvalVerifier`], `sim.cruxeval`) verifiers, which run reference
//!   programs through an [`Executor`] (the trait lives in `rlvr-core`), each
//!   call within [`CALL_LIMITS`] unless a verifier is given others. The
//!   `rlvr` facade hands them `rlvr-code`'s wasmtime CPython sandbox when
//!   its `code` feature is on; this crate does not depend on `rlvr-code`
//!   and never runs code on the host. What a call did is core's
//!   [`CallOutcome`](rlvr_core::CallOutcome): a program that raises, loops
//!   or runs out of memory is graded, a sandbox that cannot run it is an
//!   [`Error`].
//!
//! # Design
//! **Simulate, don't compare strings.** Every plan is replayed move by
//! move, so any valid plan is accepted (another Hanoi order, another jug
//! sequence) and the first illegal move is named with its index. Halting
//! questions are graded by the computed truth, never by "any non-empty
//! answer". Where reasoning-gym gives partial credit for wrong answers
//! (0.05 for an unsolved Hanoi, 0.01 for a parsable jug plan, substring
//! credit for BF), this crate gives none: partial credit is an explicit
//! option ([`Optimality::Ratio`]).
//!
//! **Containers, per task (issue 15).** The last complete container wins
//! (the core extraction policy). CodeI/O (Guru and reasoning-gym) reads a
//! `json`, `python` or untagged fence, a bare JSON value and, for scalar
//! outputs, a `\boxed{}`; reasoning-gym rows also read `<answer>` and an
//! `Answer:` line. A fence left inside `<answer>` is unwrapped. A string output that
//! spells the gold's JSON scalar (`"true"` for `true`, `"42"` for `42`) is
//! that scalar, as the CodeI/O reference reads it; a string gold stays a
//! string. Jug plans are read from `<answer>`, a fence, a bare JSON list or
//! a box; CRUXEval answers from a `python` fence, `<answer>` or CRUXEval's
//! own `[ANSWER] … [/ANSWER]`.
//!
//! **Budgets.** Every simulation step charges the [`Context`]'s step
//! budget (a Life step costs its cell count), so every call returns.
//!
//! **Rewards and errors.** A wrong, illegal or unreadable answer is a
//! reward of 0; an instance that cannot be simulated (bad metadata, a BF
//! program that never halts) or a program that cannot be run (no executor)
//! is an [`Error`].
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] and [`DOMAIN`].
//! - The Guru verifiers: [`CodeIoVerifier`] and [`CruxEvalVerifier`],
//!   configured by [`CodeIoVerifierBuilder`] and [`CruxEvalVerifierBuilder`]
//!   (an executor, limits, and for CodeI/O the [`Comparator`]); the
//!   default limits are [`CALL_LIMITS`].
//! - The simulator kit: the [`Simulator`] trait, [`final_state`],
//!   [`check_trace`], [`check_plan`], [`parse_steps`], and their
//!   [`Checked`], [`Failure`] and [`Optimality`]; [`SimError`], why an
//!   instance cannot be set up or a step cannot be taken.
//! - The simulators, one module each kind: [`automata`], [`machine`],
//!   [`puzzle`] (with each simulator's state and move types).
//!
//! The reasoning-gym task verifiers are reached through [`gym_tasks`].
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Sample, TaskRouter, Verifier};
//! use serde_json::json;
//!
//! let mut router = TaskRouter::new("reasoning_gym");
//! for (task, v) in rlvr_sim::gym_tasks(&rlvr_core::Environment::default()) {
//!     router.add(task, v)?;
//! }
//! let entry = json!({"question": "", "answer": "", "metadata": {
//!     "num_disks": 2, "num_pegs": 3, "start_peg": 1, "target_peg": 3, "solution_length": 3}});
//! let row = |resp: &str| Sample::new("reasoning_gym", resp, "")
//!     .with_extra_info(json!({"task": "tower_of_hanoi", "entry": entry}));
//! let plan = "<answer>\n1 1 2\n2 1 3\n1 2 3\n</answer>";
//! assert!(router.verify(&row(plan), &Context::default())?.is_correct());
//! let illegal = "<answer>\n2 1 3\n</answer>";
//! let r = router.verify(&row(illegal), &Context::default())?;
//! assert!(r.detail.unwrap().contains("step 1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [rlvr]: https://docs.rs/rlvr
//! [`Context`]: rlvr_core::Context
//! [`Error`]: rlvr_core::Error
//! [`Executor`]: rlvr_core::Executor

#![deny(missing_docs)]

pub mod automata;
mod codeio;
mod cruxeval;
mod error;
mod exec;
mod gym;
mod literal_eq;
pub mod machine;
pub mod puzzle;
mod simulator;
mod text;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use codeio::{CodeIoVerifier, CodeIoVerifierBuilder};
pub use cruxeval::{CruxEvalVerifier, CruxEvalVerifierBuilder};
pub use error::SimError;
pub use exec::CALL_LIMITS;
pub use literal_eq::Comparator;
pub use simulator::{
    Checked, Failure, Optimality, Simulator, check_plan, check_trace, final_state, parse_steps,
};

/// The reasoning-gym tasks this crate grades, as `(task name, verifier)`
/// pairs for a [`TaskRouter`](rlvr_core::TaskRouter). Each verifier
/// reports `reasoning_gym/<task>` as its name.
///
/// The tasks are `bf`, `codeio`, `game_of_life`, `game_of_life_halting`,
/// `jugs`, `quantum_lock`, `rotten_oranges`, `sokoban`, `tower_of_hanoi`.
/// `codeio` input prediction runs the reference program through `env`'s
/// executor; without one it falls back to the reference input.
pub fn gym_tasks(env: &Environment) -> Vec<GymTask> {
    gym::tasks(env.executor())
}

/// The simulation verifiers: [`CodeIoVerifier`] and [`CruxEvalVerifier`]
/// under their Guru names, grading through `env`'s executor (without
/// one, CodeI/O input prediction falls back to the gold and says so, and
/// CRUXEval answers cannot be graded: an error, never a guess).
pub fn verifiers(env: &Environment) -> Vec<Arc<dyn Verifier>> {
    let (mut codeio, mut cruxeval) = (CodeIoVerifier::builder(), CruxEvalVerifier::builder());
    if let Some(executor) = env.executor() {
        codeio = codeio.executor(Arc::clone(executor));
        cruxeval = cruxeval.executor(Arc::clone(executor));
    }
    vec![Arc::new(codeio.build()), Arc::new(cruxeval.build())]
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("sim", verifiers, gym_tasks);
