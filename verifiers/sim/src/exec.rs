//! How CodeI/O and CRUXEval run reference programs: through a shared
//! [`Executor`] (`rlvr_core::Executor`), with this crate's own per-call
//! limits.
//!
//! This crate never runs code itself. A sandbox (`rlvr-code`'s wasm
//! CPython, wired in by the facade) implements [`Executor`]; without one,
//! CodeI/O input prediction falls back to comparing with the gold input
//! (and says so), and CRUXEval returns an error rather than a reward it
//! could not earn.

use std::time::Duration;

use rlvr_core::{CallOutcome, Context, Error, Executor, FunctionCall, RunLimits};

/// The limits of one call of a reference program (CodeI/O, CRUXEval),
/// unless a verifier is given others (its builder's `limits`): 10 G fuel (about
/// 2 s of guest time), a 10 s wall-clock backstop, 256 MiB of memory,
/// 1 MiB for the result's `repr`, seed 0.
///
/// # Example
/// ```
/// assert_eq!(rlvr_sim::CALL_LIMITS.fuel, 10_000_000_000);
/// assert!(rlvr_sim::CALL_LIMITS.fuel < rlvr_core::RunLimits::DEFAULT.fuel);
/// ```
pub const CALL_LIMITS: RunLimits = RunLimits::DEFAULT
    .with_fuel(10_000_000_000)
    .with_wall(Duration::from_secs(10))
    .with_memory_bytes(256 << 20)
    .with_output_bytes(1 << 20);

/// An executor and the limits of each call.
#[derive(Clone, Copy)]
pub(crate) struct Runner<'a> {
    pub(crate) executor: &'a dyn Executor,
    pub(crate) limits: &'a RunLimits,
}

impl Runner<'_> {
    /// Runs one call: how it ended.
    pub(crate) fn call(&self, call: &FunctionCall<'_>, cx: &Context) -> Result<CallOutcome, Error> {
        Ok(self.executor.call_function(call, self.limits, cx)?.outcome)
    }
}

/// The message of a call that failed in the program, for a detail: the
/// exception, or the limit that stopped it (other than time). `None` when
/// the function returned, ran out of time, or the program did not load.
pub(crate) fn raised(outcome: &CallOutcome) -> Option<String> {
    match outcome {
        CallOutcome::Raised { message } => Some(message.clone()),
        CallOutcome::MemoryLimit => Some("MemoryError: the memory limit".to_owned()),
        CallOutcome::OutputLimit => Some("the result is larger than the output cap".to_owned()),
        CallOutcome::Returned { .. }
        | CallOutcome::LoadFailed { .. }
        | CallOutcome::TimeLimit(_) => None,
        _ => Some("the sandbox ended the call in an unknown way".to_owned()),
    }
}
