//! [`SandboxExecutor`]: the [`Executor`] backed by the code sandbox of
//! `rlvr-code` (feature `code`).

use std::sync::Arc;
use std::time::Duration;

use rlvr_code::{CallOutcome, CodeVerifier, RunLimits};
use rlvr_core::{Context, Error, FunctionCall};

use crate::exec::{Executor, Run};

/// Runs CodeI/O and CRUXEval calls in the wasmtime CPython sandbox of
/// [`rlvr_code`], each in a fresh instance, with fuel, wall-clock, memory
/// and output limits. Arguments and expected values are read with
/// `ast.literal_eval` inside the guest; nothing is evaluated on the host.
///
/// # Example
/// ```no_run
/// use std::sync::Arc;
/// use rlvr_core::Registry;
/// let code = Arc::new(rlvr_code::CodeVerifier::new());
/// let executor = Arc::new(rlvr_sim::SandboxExecutor::new(code));
/// let mut reg = Registry::guru();
/// rlvr_sim::register_with(&mut reg, executor)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SandboxExecutor {
    code: Arc<CodeVerifier>,
    limits: RunLimits,
}

impl SandboxExecutor {
    /// The default limits of one call: 10 G fuel (about 2 s of guest
    /// time), a 10 s wall-clock backstop, 256 MiB of memory, 1 MiB for the
    /// result's `repr`, seed 0.
    pub fn default_limits() -> RunLimits {
        RunLimits::default()
            .with_fuel(10_000_000_000)
            .with_wall(Duration::from_secs(10))
            .with_memory_bytes(256 << 20)
            .with_output_bytes(1 << 20)
    }

    /// An executor running in `code`'s sandbox (share it with the code
    /// verifier: one engine, one loaded guest).
    pub fn new(code: Arc<CodeVerifier>) -> Self {
        Self { code, limits: Self::default_limits() }
    }

    /// Sets the limits of each call.
    #[must_use]
    pub fn with_limits(mut self, limits: RunLimits) -> Self {
        self.limits = limits;
        self
    }
}

impl Executor for SandboxExecutor {
    fn call(&self, call: &FunctionCall<'_>, cx: &Context) -> Result<Run, Error> {
        let run = self.code.call_function(call, &self.limits, cx)?;
        Ok(match run.outcome {
            CallOutcome::Returned { value, equal, .. } => Run::Returned { value, equal },
            CallOutcome::Raised { message } => Run::Raised { message },
            CallOutcome::LoadFailed { message } => Run::Unavailable { message },
            CallOutcome::TimeLimit(_) => Run::OutOfFuel,
            CallOutcome::MemoryLimit => Run::raised("MemoryError: the memory limit"),
            CallOutcome::OutputLimit => Run::raised("the result is larger than the output cap"),
            _ => Run::raised("the sandbox ended the call in an unknown way"),
        })
    }
}
