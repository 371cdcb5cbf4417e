//! The generic run API: one program with a stdin ([`CodeVerifier::run_program`],
//! what a SandboxFusion-style `/run_code` endpoint needs) and one function
//! call with literal arguments ([`CodeVerifier::call_function`], what
//! CodeI/O and CRUXEval need). Both run in a fresh sandbox instance.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rlvr_core::{BudgetKind, CallArgs, Context, Error, FunctionCall, names};
use serde_json::{Value, json};

use crate::protocol;
use crate::sandbox::{Limits, Stop};
use crate::verifier::{CodeVerifier, on_runner_thread};

/// The limits of one run of [`CodeVerifier::run_program`] or
/// [`CodeVerifier::call_function`].
///
/// # Example
/// ```
/// use std::time::Duration;
/// let l = rlvr_code::RunLimits::for_native_seconds(2.0);
/// assert_eq!(l.fuel, 27_000_000_000);
/// assert_eq!(l.wall, Duration::from_secs(7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunLimits {
    /// Fuel (wasm work units): the deterministic time limit. About
    /// 4.5 G per second of guest time on our machines; the guest runs about
    /// 3x slower than native CPython.
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
    /// The seed of the guest's randomness: `random` and the WASI random
    /// source (`os.urandom`, `uuid4`), so runs are reproducible.
    pub seed: u64,
}

impl Default for RunLimits {
    /// The [`CodeVerifier`] defaults: 40 G fuel, 20 s wall, 512 MiB, 8 MiB
    /// of output, seed 0.
    fn default() -> Self {
        Self {
            fuel: CodeVerifier::DEFAULT_FUEL_PER_TEST,
            wall: CodeVerifier::DEFAULT_WALL_PER_TEST,
            memory_bytes: 512 << 20,
            output_bytes: 8 << 20,
            seed: 0,
        }
    }
}

/// Fuel per second of native CPython time: 4.5 G fuel per guest second,
/// and the guest is about 3x slower than native.
const FUEL_PER_NATIVE_SECOND: f64 = 13.5e9;

impl RunLimits {
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
        Self { fuel, wall: Duration::from_secs_f64(seconds * 3.0 + 1.0), ..Self::default() }
    }

    /// Sets the fuel.
    #[must_use]
    pub fn with_fuel(mut self, fuel: u64) -> Self {
        self.fuel = fuel;
        self
    }

    /// Sets the wall-clock backstop.
    #[must_use]
    pub fn with_wall(mut self, wall: Duration) -> Self {
        self.wall = wall;
        self
    }

    /// Sets the memory limit in bytes.
    #[must_use]
    pub fn with_memory_bytes(mut self, bytes: usize) -> Self {
        self.memory_bytes = bytes;
        self
    }

    /// Sets the output cap in bytes.
    #[must_use]
    pub fn with_output_bytes(mut self, bytes: usize) -> Self {
        self.output_bytes = bytes;
        self
    }

    /// Sets the random seed.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    fn sandbox_limits(&self) -> Limits {
        Limits {
            fuel_per_test: self.fuel,
            wall_per_test: self.wall,
            memory_bytes: self.memory_bytes,
            report_bytes: 1 << 20,
            seed: self.seed,
        }
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

/// The result of [`CodeVerifier::run_program`].
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
    /// function.
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

/// The result of [`CodeVerifier::call_function`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CallRun {
    /// How the call ended.
    pub outcome: CallOutcome,
    /// Host time of the run, instantiation included.
    pub duration: Duration,
}

/// A report hook that stops the run: these modes never report, so a
/// report comes from the program itself (it would reset its fuel).
fn forbid_reports(flag: &Arc<Mutex<bool>>) -> crate::sandbox::OnReport {
    let flag = Arc::clone(flag);
    Box::new(move |_: &str| {
        *flag.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = true;
        false
    })
}

impl CodeVerifier {
    /// Runs `code` as `__main__` with `stdin`, in a fresh sandbox instance,
    /// like `python3 prog.py < stdin`: stdout, stderr, exit status and how
    /// it ended.
    ///
    /// # Errors
    /// [`Error::Sandbox`] when the guest is missing or cannot start;
    /// [`Error::BudgetExceeded`] when the [`Context`]'s deadline passed.
    /// Whatever the program does is a [`ProgramRun`].
    ///
    /// # Example
    /// ```no_run
    /// use rlvr_code::{CodeVerifier, RunLimits, RunStatus};
    /// use rlvr_core::Context;
    /// let v = CodeVerifier::new();
    /// let run = v.run_program("print(int(input()) * 2)", "21\n", &RunLimits::default(), &Context::default())?;
    /// assert_eq!((run.status, run.exit_code, run.stdout.as_str()), (RunStatus::Finished, Some(0), "42\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_program(
        &self,
        code: &str,
        stdin: &str,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<ProgramRun, Error> {
        let req = json!({"mode": "exec", "src": code, "stdin": stdin,
                         "out_cap": limits.output_bytes, "seed": limits.seed})
        .to_string();
        let (run, duration) = self.run_request(&req, limits, cx)?;
        let stopped = |status, stderr: &str| ProgramRun {
            status,
            exit_code: None,
            stdout: String::new(),
            stderr: stderr.to_owned(),
            duration,
        };
        let json = match run.result {
            Ok(json) => json,
            Err(stop) => {
                return Ok(match stop {
                    Stop::Fuel => stopped(RunStatus::TimeLimit(TimeLimit::Fuel), ""),
                    Stop::Wall => stopped(RunStatus::TimeLimit(TimeLimit::Wall), ""),
                    Stop::Budget => {
                        return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock });
                    }
                    Stop::Memory => stopped(RunStatus::MemoryLimit, ""),
                    Stop::Output => stopped(RunStatus::OutputLimit, ""),
                    Stop::Requested => ProgramRun {
                        exit_code: Some(1),
                        ..stopped(
                            RunStatus::RuntimeError,
                            "the program called the harness's report hook\n",
                        )
                    },
                    Stop::Exit(code) => {
                        ProgramRun { exit_code: Some(code), ..stopped(RunStatus::Finished, "") }
                    }
                    Stop::Crash(msg) => ProgramRun {
                        exit_code: Some(1),
                        ..stopped(
                            RunStatus::RuntimeError,
                            &format!("the interpreter trapped: {msg}\n"),
                        )
                    },
                });
            }
        };
        let Ok(res) = serde_json::from_str::<protocol::ExecResult>(&json) else {
            // The program garbled the harness's reply (a patched json).
            return Ok(ProgramRun {
                exit_code: Some(1),
                ..stopped(RunStatus::RuntimeError, "the program corrupted the harness's reply\n")
            });
        };
        let exit_code = res.exit.and_then(|c| i32::try_from(c).ok());
        let status = match res.status.as_str() {
            "ok" => RunStatus::Finished,
            "error" => RunStatus::RuntimeError,
            "compile_error" => RunStatus::CompileError,
            "memory" => RunStatus::MemoryLimit,
            "output_limit" => RunStatus::OutputLimit,
            _ => {
                return Err(protocol_error("exec", &json));
            }
        };
        let limited = matches!(status, RunStatus::MemoryLimit | RunStatus::OutputLimit);
        Ok(ProgramRun {
            status,
            exit_code: if limited { None } else { exit_code },
            stdout: if status == RunStatus::OutputLimit { String::new() } else { res.stdout },
            stderr: res.stderr,
            duration,
        })
    }

    /// Runs one harness request in a fresh instance on the runner thread,
    /// with the program's own calls of the report hook refused: the run and
    /// its host time, instantiation included.
    fn run_request(
        &self,
        req: &str,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<(crate::sandbox::Run, Duration), Error> {
        cx.check()?;
        let sandbox = self.sandbox()?;
        let t0 = Instant::now();
        let hooked = Arc::new(Mutex::new(false));
        let run = on_runner_thread(|| {
            sandbox
                .run(req, &limits.sandbox_limits(), cx.deadline(), Some(forbid_reports(&hooked)))
                .map_err(|e| Error::sandbox(names::CODE, e))
        })?;
        Ok((run, t0.elapsed()))
    }

    /// Runs `call.program` in a fresh sandbox instance, then calls
    /// `call.function` with the arguments, and returns the result's `repr`
    /// (and JSON), or whether it `==` the expected literal.
    ///
    /// # Errors
    /// [`Error::Sandbox`] when the guest is missing or cannot start;
    /// [`Error::BudgetExceeded`] when the [`Context`]'s deadline passed.
    ///
    /// # Example
    /// ```no_run
    /// use rlvr_code::{CallArgs, CallOutcome, CodeVerifier, FunctionCall, RunLimits};
    /// use rlvr_core::Context;
    /// let v = CodeVerifier::new();
    /// let call = FunctionCall::new("def f(x):\n    return x[::-1]", "f", CallArgs::Source("(1, 2)"))
    ///     .with_expect("(2, 1)");
    /// let run = v.call_function(&call, &RunLimits::default(), &Context::default())?;
    /// assert!(matches!(run.outcome, CallOutcome::Returned { equal: Some(true), .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn call_function(
        &self,
        call: &FunctionCall<'_>,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<CallRun, Error> {
        let args = match call.args {
            CallArgs::Source(src) => json!({"literal": src}),
            CallArgs::Keywords(kw) => json!({"keywords": kw}),
            CallArgs::Positional(pos) => json!({"positional": pos}),
        };
        let req = json!({"mode": "invoke", "src": call.program, "fn": call.function,
                         "args": args, "expect": call.expect,
                         "out_cap": limits.output_bytes, "seed": limits.seed})
        .to_string();
        let (run, duration) = self.run_request(&req, limits, cx)?;
        let outcome = match run.result {
            Err(Stop::Fuel) => CallOutcome::TimeLimit(TimeLimit::Fuel),
            Err(Stop::Wall) => CallOutcome::TimeLimit(TimeLimit::Wall),
            Err(Stop::Budget) => return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock }),
            Err(Stop::Memory) => CallOutcome::MemoryLimit,
            Err(Stop::Output) => CallOutcome::OutputLimit,
            Err(Stop::Requested) => CallOutcome::Raised {
                message: "the program called the harness's report hook".into(),
            },
            Err(Stop::Exit(code)) => CallOutcome::Raised {
                message: format!("the program exited the interpreter (status {code})"),
            },
            Err(Stop::Crash(msg)) => {
                CallOutcome::Raised { message: format!("the interpreter trapped: {msg}") }
            }
            Ok(json) => {
                let Ok(res) = serde_json::from_str::<protocol::InvokeResult>(&json) else {
                    let message = "the program corrupted the harness's reply".to_owned();
                    return Ok(CallRun { outcome: CallOutcome::Raised { message }, duration });
                };
                let err = res.err.trim().to_owned();
                match res.status.as_str() {
                    "returned" => CallOutcome::Returned {
                        equal: match (call.expect, &res.value) {
                            (Some(expect), Some(value)) => {
                                Some(self.compare_in_trusted(value, expect, limits, cx)?)
                            }
                            // Not data at all: equal to no literal.
                            (Some(_), None) => Some(false),
                            (None, _) => None,
                        },
                        repr: res.repr,
                        value: res.json.as_deref().and_then(|j| serde_json::from_str(j).ok()),
                    },
                    "raised" => CallOutcome::Raised { message: err },
                    "bad_args" => CallOutcome::Raised {
                        message: format!(
                            "the arguments or the expected value are not literals: {err}"
                        ),
                    },
                    "load_error" => CallOutcome::LoadFailed { message: err },
                    "memory" => CallOutcome::MemoryLimit,
                    "output_limit" => CallOutcome::OutputLimit,
                    _ => {
                        return Err(protocol_error("invoke", &json));
                    }
                }
            }
        };
        Ok(CallRun { outcome, duration })
    }
}

impl CodeVerifier {
    /// `value == expect` (a Python literal), decided in a fresh instance
    /// that never ran the program: the value is rebuilt there from its
    /// table, and the program's objects are handles equal to nothing else.
    fn compare_in_trusted(
        &self,
        value: &protocol::Table,
        expect: &str,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<bool, Error> {
        if value.check().is_err() {
            // A table the program corrupted: no value at all.
            return Ok(false);
        }
        let req = json!({"mode": "compare", "value": value, "expect": expect}).to_string();
        let (run, _) = self.run_request(&req, limits, cx)?;
        match run.result {
            Ok(json) => match protocol::run_result(&json) {
                Ok(res) if res.status == protocol::Status::Compared => Ok(res.equal == Some(true)),
                // The expectation is no literal, or rebuilding failed (an
                // unhashable set member): not equal.
                Ok(_) => Ok(false),
                Err(_) => Err(protocol_error("compare", &json)),
            },
            Err(Stop::Budget) => Err(Error::BudgetExceeded { kind: BudgetKind::WallClock }),
            // The trusted side ran out of time or memory on the program's
            // data: not equal.
            Err(_) => Ok(false),
        }
    }
}

/// The guest answered with a status this build does not know: it was built
/// from another version of the runner and must be rebuilt.
fn protocol_error(mode: &str, reply: &str) -> Error {
    Error::sandbox(
        names::CODE,
        format!(
            "the guest does not speak the `{mode}` protocol (rebuild it with `{}`): {}",
            crate::BUILD_COMMAND,
            reply.chars().take(300).collect::<String>()
        ),
    )
}
