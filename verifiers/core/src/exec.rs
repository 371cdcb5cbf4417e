//! The [`Executor`] trait: a sandbox that runs programs, shared by every
//! part that needs one.
//!
//! Three parts of rlvr run Python: the code verifier (model-written
//! programs against tests), the simulation verifiers (CodeI/O and CRUXEval
//! reference programs, through [`Executor::call_function`]) and the
//! server's SandboxFusion-shaped `/run_code` (through
//! [`Executor::run_program`]). They share one sandbox through this trait,
//! so no domain crate depends on another to run code: `rlvr-code`'s
//! `Sandbox` (wasmtime, CPython on WASI) implements it, and the facade
//! hands one `Arc` of it to every part that runs programs.
//!
//! The trait and its data live here because they are the contract between
//! crates; nothing here runs code. Like [`Verifier`](crate::Verifier), an
//! executor is object-safe, takes `&self`, is `Debug + Send + Sync` and is
//! stored as `Arc<dyn Executor>`.
//!
//! **Outcomes and errors.** Whatever the program does (it raises, loops,
//! runs out of memory, exits) is data: a [`ProgramRun`] or a [`CallRun`].
//! An [`Error`] means the program could not be run at all (the sandbox is
//! missing or cannot start) or the caller's [`Context`] ran out.
//!
//! # Example
//! A toy executor that knows one program, to show the shape (tests use
//! such fakes; a real one runs the program in a sandbox):
//! ```
//! use std::sync::Arc;
//! use rlvr_core::exec::{CallOutcome, CallRun, Executor, ProgramRun, RunLimits, RunStatus};
//! use rlvr_core::{CallArgs, Context, Error, FunctionCall};
//! use serde_json::json;
//!
//! /// Runs nothing but `double(x)`, and prints nothing.
//! #[derive(Debug)]
//! struct Doubler;
//!
//! impl Executor for Doubler {
//!     fn run_program(&self, _: &str, _: &str, _: &RunLimits, _: &Context) -> Result<ProgramRun, Error> {
//!         Ok(ProgramRun::new(RunStatus::Finished, Some(0)))
//!     }
//!     fn call_function(&self, call: &FunctionCall<'_>, _: &RunLimits, _: &Context) -> Result<CallRun, Error> {
//!         let x = match call.args {
//!             CallArgs::Positional([x]) => x.as_i64(),
//!             _ => None,
//!         };
//!         Ok(CallRun::new(match (call.function, x) {
//!             ("double", Some(x)) => CallOutcome::returned(json!(x * 2)),
//!             ("double", None) => CallOutcome::raised("TypeError: double() takes one int"),
//!             _ => CallOutcome::LoadFailed { message: "no such function".into() },
//!         }))
//!     }
//! }
//!
//! let executor: Arc<dyn Executor> = Arc::new(Doubler);
//! let args = [json!(21)];
//! let call = FunctionCall::new("def double(x): return 2 * x", "double", CallArgs::Positional(&args));
//! let run = executor.call_function(&call, &RunLimits::default(), &Context::default())?;
//! assert_eq!(run.outcome.value(), Some(&json!(42)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::{Context, Error, FunctionCall};

/// A sandbox that runs programs: a whole program with a stdin
/// ([`run_program`](Self::run_program), what `/run_code` needs) or one
/// function of a program called with literal arguments
/// ([`call_function`](Self::call_function), what CodeI/O and CRUXEval
/// need).
///
/// Implementations run every program in a fresh, isolated instance, bound
/// its time and memory by the [`RunLimits`] (and the [`Context`]'s
/// deadline), read arguments and expectations as literals only, and never
/// let a program touch the host. See the [module docs](self) for an
/// example.
pub trait Executor: fmt::Debug + Send + Sync {
    /// Runs `code` as `__main__` with `stdin`, like `python3 prog.py <
    /// stdin`: stdout, stderr, exit status and how it ended.
    ///
    /// # Errors
    /// [`Error::Sandbox`] when the sandbox is missing or cannot start;
    /// [`Error::BudgetExceeded`] when the [`Context`]'s budget ran out.
    /// Whatever the program does is a [`ProgramRun`].
    fn run_program(
        &self,
        code: &str,
        stdin: &str,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<ProgramRun, Error>;

    /// Runs `call.program`, then calls `call.function` with the arguments:
    /// the result's `repr` and JSON, or whether it `==` the expected
    /// literal.
    ///
    /// # Errors
    /// As [`run_program`](Self::run_program); whatever the program does is
    /// a [`CallRun`].
    fn call_function(
        &self,
        call: &FunctionCall<'_>,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<CallRun, Error>;
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<E: Executor + ?Sized> Executor for $ty {
            fn run_program(
                &self,
                code: &str,
                stdin: &str,
                limits: &RunLimits,
                cx: &Context,
            ) -> Result<ProgramRun, Error> {
                (**self).run_program(code, stdin, limits, cx)
            }

            fn call_function(
                &self,
                call: &FunctionCall<'_>,
                limits: &RunLimits,
                cx: &Context,
            ) -> Result<CallRun, Error> {
                (**self).call_function(call, limits, cx)
            }
        }
    )*};
}

forward!(&E, Box<E>, Arc<E>);

/// The limits of one run of [`Executor::run_program`] or
/// [`Executor::call_function`].
///
/// The figures are calibrated on rlvr's sandbox (CPython on WASI under
/// wasmtime): fuel is its deterministic unit of work, about 4.5 G per
/// second of guest time on our machines, and the guest runs about 3x
/// slower than native CPython.
///
/// # Example
/// ```
/// use std::time::Duration;
/// use rlvr_core::exec::RunLimits;
/// let l = RunLimits::for_native_seconds(2.0);
/// assert_eq!(l.fuel, 27_000_000_000);
/// assert_eq!(l.wall, Duration::from_secs(7));
/// let small = RunLimits::DEFAULT.with_memory_bytes(64 << 20);
/// assert_eq!(small.fuel, RunLimits::default().fuel);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunLimits {
    /// Fuel (wasm work units): the deterministic time limit.
    pub fuel: u64,
    /// The wall-clock backstop (capped by the [`Context`]'s deadline).
    pub wall: Duration,
    /// The guest's linear-memory limit, in bytes (the interpreter itself
    /// uses about 24 MiB).
    pub memory_bytes: usize,
    /// The cap on stdout (a program that writes more ends with
    /// [`RunStatus::OutputLimit`]) and on stderr (truncated silently); for
    /// a call, the cap on the result's `repr`.
    pub output_bytes: usize,
    /// The seed of the guest's randomness (`random`, `os.urandom`,
    /// `uuid4`), so runs are reproducible.
    pub seed: u64,
}

impl Default for RunLimits {
    /// [`RunLimits::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Fuel per second of native CPython time: 4.5 G fuel per guest second,
/// and the guest is about 3x slower than native.
const FUEL_PER_NATIVE_SECOND: f64 = 13.5e9;

impl RunLimits {
    /// The defaults: 40 G fuel (about 9 s of guest time, 3 s of native
    /// CPython time), a 20 s wall-clock backstop, 512 MiB of memory, 8 MiB
    /// of output, seed 0. The code verifier's per-test defaults are the
    /// same.
    pub const DEFAULT: Self = Self {
        fuel: 40_000_000_000,
        wall: Duration::from_secs(20),
        memory_bytes: 512 << 20,
        output_bytes: 8 << 20,
        seed: 0,
    };

    /// Limits calibrated from a native time limit (a dataset's or a
    /// `/run_code` request's `run_timeout`): fuel for that much native
    /// CPython time (13.5 G per second), a wall backstop of three times
    /// that plus one second; the other fields are the defaults.
    pub fn for_native_seconds(seconds: f64) -> Self {
        let seconds = if seconds.is_finite() { seconds.clamp(0.001, 3600.0) } else { 10.0 };
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to a small positive range"
        )]
        let fuel = (seconds * FUEL_PER_NATIVE_SECOND).round() as u64;
        Self { fuel, wall: Duration::from_secs_f64(seconds * 3.0 + 1.0), ..Self::DEFAULT }
    }

    /// Sets the fuel.
    #[must_use]
    pub const fn with_fuel(mut self, fuel: u64) -> Self {
        self.fuel = fuel;
        self
    }

    /// Sets the wall-clock backstop.
    #[must_use]
    pub const fn with_wall(mut self, wall: Duration) -> Self {
        self.wall = wall;
        self
    }

    /// Sets the memory limit in bytes.
    #[must_use]
    pub const fn with_memory_bytes(mut self, bytes: usize) -> Self {
        self.memory_bytes = bytes;
        self
    }

    /// Sets the output cap in bytes.
    #[must_use]
    pub const fn with_output_bytes(mut self, bytes: usize) -> Self {
        self.output_bytes = bytes;
        self
    }

    /// Sets the random seed.
    #[must_use]
    pub const fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// Which time limit stopped a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// Out of fuel (deterministic).
    Fuel,
    /// The wall-clock backstop.
    Wall,
}

/// How a program run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RunStatus {
    /// The program ended by itself: at its end or through `sys.exit(n)`
    /// ([`ProgramRun::exit_code`] says which status).
    Finished,
    /// An uncaught exception (its traceback is in stderr, exit status 1),
    /// or the interpreter itself crashed (a trap).
    RuntimeError,
    /// The program does not compile (`SyntaxError` in stderr, exit status
    /// 1).
    CompileError,
    /// Stopped by a time limit.
    TimeLimit(TimeLimit),
    /// The memory limit (a denied memory grow, `MemoryError`).
    MemoryLimit,
    /// More stdout than [`RunLimits::output_bytes`].
    OutputLimit,
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Finished => "finished",
            Self::RuntimeError => "runtime error",
            Self::CompileError => "compile error",
            Self::TimeLimit(TimeLimit::Fuel) => "time limit (fuel)",
            Self::TimeLimit(TimeLimit::Wall) => "time limit (wall clock)",
            Self::MemoryLimit => "memory limit",
            Self::OutputLimit => "output limit",
        })
    }
}

/// The result of [`Executor::run_program`].
///
/// # Example
/// ```
/// use rlvr_core::exec::{ProgramRun, RunStatus};
/// let run = ProgramRun::new(RunStatus::Finished, Some(0)).with_stdout("42\n");
/// assert_eq!((run.exit_code, run.stdout.as_str()), (Some(0), "42\n"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProgramRun {
    /// How it ended.
    pub status: RunStatus,
    /// The exit status: 0 at the end of the program, `n & 0xFF` for
    /// `sys.exit(n)`, 1 for an uncaught exception or a compile error;
    /// `None` when a limit stopped it.
    pub exit_code: Option<i32>,
    /// Standard output. Empty when a time or memory limit stopped the
    /// interpreter (the output lives inside the stopped guest).
    pub stdout: String,
    /// Standard error (tracebacks), cut at [`RunLimits::output_bytes`].
    pub stderr: String,
    /// Host time of the run, instantiation included.
    pub duration: Duration,
}

impl ProgramRun {
    /// A run that ended with `status` and `exit_code`, with no output,
    /// taking no time.
    pub fn new(status: RunStatus, exit_code: Option<i32>) -> Self {
        Self {
            status,
            exit_code,
            stdout: String::new(),
            stderr: String::new(),
            duration: Duration::ZERO,
        }
    }

    /// Sets the standard output.
    #[must_use]
    pub fn with_stdout(mut self, stdout: impl Into<String>) -> Self {
        self.stdout = stdout.into();
        self
    }

    /// Sets the standard error.
    #[must_use]
    pub fn with_stderr(mut self, stderr: impl Into<String>) -> Self {
        self.stderr = stderr.into();
        self
    }

    /// Sets the host time of the run.
    #[must_use]
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CallOutcome {
    /// The function returned.
    Returned {
        /// `repr` of the result.
        repr: String,
        /// The result as JSON (tuples as lists), `None` when it is not
        /// JSON data (sets, objects, NaN).
        value: Option<Value>,
        /// `result == expect` under Python's `==`, when an expectation
        /// was given.
        equal: Option<bool>,
    },
    /// The call raised (the exception, one line), or the arguments or the
    /// expectation are not literals.
    Raised {
        /// The exception text.
        message: String,
    },
    /// The program itself failed: it does not compile, its top level
    /// raised (a missing module such as numpy), or it defines no such
    /// function. Says nothing about the arguments.
    LoadFailed {
        /// Why.
        message: String,
    },
    /// Stopped by a time limit.
    TimeLimit(TimeLimit),
    /// The memory limit.
    MemoryLimit,
    /// The result's `repr` is longer than [`RunLimits::output_bytes`].
    OutputLimit,
}

impl CallOutcome {
    /// A returned JSON value with no comparison; its `repr` is its JSON
    /// text.
    pub fn returned(value: Value) -> Self {
        Self::Returned { repr: value.to_string(), value: Some(value), equal: None }
    }

    /// A raised exception.
    pub fn raised(message: impl Into<String>) -> Self {
        Self::Raised { message: message.into() }
    }

    /// The returned value, when the function returned JSON data.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Self::Returned { value, .. } => value.as_ref(),
            _ => None,
        }
    }
}

/// The result of [`Executor::call_function`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CallRun {
    /// How the call ended.
    pub outcome: CallOutcome,
    /// Host time of the run, instantiation included.
    pub duration: Duration,
}

impl CallRun {
    /// A call that ended with `outcome`, taking no time.
    pub fn new(outcome: CallOutcome) -> Self {
        Self { outcome, duration: Duration::ZERO }
    }

    /// Sets the host time of the run.
    #[must_use]
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallArgs;

    #[derive(Debug)]
    struct Fixed;

    impl Executor for Fixed {
        fn run_program(
            &self,
            code: &str,
            _: &str,
            _: &RunLimits,
            _: &Context,
        ) -> Result<ProgramRun, Error> {
            Ok(ProgramRun::new(RunStatus::Finished, Some(0)).with_stdout(code))
        }

        fn call_function(
            &self,
            call: &FunctionCall<'_>,
            _: &RunLimits,
            _: &Context,
        ) -> Result<CallRun, Error> {
            Ok(CallRun::new(CallOutcome::raised(call.function)))
        }
    }

    #[test]
    fn forwarding_impls_reach_the_executor() {
        let cx = Context::default();
        let limits = RunLimits::default();
        let call = FunctionCall::new("", "f", CallArgs::Source(""));
        let boxed: Box<dyn Executor> = Box::new(Fixed);
        let shared: Arc<dyn Executor> = Arc::new(Fixed);
        let all: [&dyn Executor; 3] = [&boxed, &shared, &&Fixed];
        for e in all {
            assert_eq!(e.run_program("x", "", &limits, &cx).unwrap().stdout, "x");
            assert_eq!(
                e.call_function(&call, &limits, &cx).unwrap().outcome,
                CallOutcome::raised("f")
            );
        }
    }

    #[test]
    fn native_seconds_are_clamped() {
        assert_eq!(RunLimits::for_native_seconds(f64::NAN).fuel, 135_000_000_000);
        assert_eq!(RunLimits::for_native_seconds(-1.0).fuel, 13_500_000);
        assert_eq!(
            RunLimits::for_native_seconds(1.0).memory_bytes,
            RunLimits::DEFAULT.memory_bytes
        );
    }
}
