//! [`Sandbox`]: the engine, the guest, the staleness check and the run API
//! ([`Executor`]), shared by the code verifier, the simulation verifiers
//! and `/run_code`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rlvr_core::exec::{
    CallOutcome, CallRun, Executor, ProgramRun, RunLimits, RunStatus, TimeLimit,
};
use rlvr_core::{BudgetKind, CallArgs, Context, Error, FunctionCall, names};
use serde_json::json;

use crate::protocol;
use crate::wasm::{HOST_STACK, Limits, LoadedGuest, OnReport, Run, Stop};

/// The environment variable naming the guest component.
pub const GUEST_ENV: &str = "RLVR_PYTHON_GUEST";
/// The environment variable naming the cache directory (default
/// `$HOME/.cache/rlvr`).
pub const CACHE_ENV: &str = "RLVR_CACHE";
/// The command that builds the guest (run from the repository root).
pub const BUILD_COMMAND: &str = "verifiers/code/guest/build.sh";

/// Builds a [`Sandbox`]: which guest it loads and where wasmtime caches the
/// compiled guest. Nothing is loaded until first use.
///
/// # Example
/// ```
/// use rlvr_code::Sandbox;
/// let sandbox = Sandbox::builder().guest("/nonexistent/guest.wasm").compile_cache(None).build();
/// assert_eq!(sandbox.guest_path(), std::path::Path::new("/nonexistent/guest.wasm"));
/// assert!(sandbox.preload().is_err());
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SandboxBuilder {
    guest: Option<PathBuf>,
    cache_dir: Option<Option<PathBuf>>,
}

impl SandboxBuilder {
    /// The guest component (default: `$RLVR_PYTHON_GUEST`, else
    /// `${RLVR_CACHE:-$HOME/.cache/rlvr}/code/python-guest.wasm`, where
    /// `verifiers/code/guest/build.sh` writes it).
    pub fn guest(mut self, path: impl Into<PathBuf>) -> Self {
        self.guest = Some(path.into());
        self
    }

    /// The directory of wasmtime's compile cache (default
    /// `${RLVR_CACHE:-$HOME/.cache/rlvr}/code/wasmtime`); `None` compiles
    /// the guest afresh in every process (about 10 s).
    pub fn compile_cache(mut self, dir: Option<PathBuf>) -> Self {
        self.cache_dir = Some(dir);
        self
    }

    /// Builds the sandbox. Nothing is loaded yet: the engine is created and
    /// the guest compiled (or loaded from the cache) on first use, or by
    /// [`Sandbox::preload`].
    pub fn build(self) -> Sandbox {
        let cache = std::env::var_os(CACHE_ENV)
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/rlvr")));
        // The default guest (no explicit path, no variable) is built on
        // first use when it is missing or stale.
        let chosen = self.guest.or_else(|| std::env::var_os(GUEST_ENV).map(PathBuf::from));
        let build_into = if chosen.is_none() { cache.clone() } else { None };
        let guest = chosen
            .or_else(|| cache.as_ref().map(|c| c.join("code/python-guest.wasm")))
            .unwrap_or_else(|| PathBuf::from("python-guest.wasm"));
        let cache_dir = match self.cache_dir {
            Some(dir) => dir,
            None => cache.map(|c| c.join("code/wasmtime")),
        };
        Sandbox { guest, build_into, cache_dir, loaded: OnceLock::new(), init: Mutex::new(()) }
    }
}

/// rlvr's Python sandbox: CPython on WASI under wasmtime, one fresh
/// instance per program.
///
/// A `Sandbox` owns the wasmtime engine (with its pooling allocator and
/// the epoch ticker of the wall-clock backstop), the guest component and
/// its compile cache. It loads lazily: building one costs nothing, and the
/// guest is checked and loaded on first use (or by
/// [`preload`](Self::preload)). A missing guest, or a stale one (built
/// from other harness sources than this library's, see the [crate
/// docs](crate)), is an [`Error::Sandbox`] saying how to build it.
///
/// It implements [`Executor`], the run API the other crates use: share one
/// `Arc<Sandbox>` between the [`CodeVerifier`](crate::CodeVerifier)
/// ([`CodeVerifierBuilder::sandbox`](crate::CodeVerifierBuilder::sandbox)),
/// the simulation verifiers and `/run_code`, so that one engine and one
/// loaded guest serve them all.
///
/// # Example
/// ```no_run
/// use rlvr_code::Sandbox;
/// use rlvr_core::exec::{CallOutcome, Executor, RunLimits, RunStatus};
/// use rlvr_core::{CallArgs, Context, FunctionCall};
///
/// let sandbox = Sandbox::new();
/// let (limits, cx) = (RunLimits::default(), Context::default());
/// let run = sandbox.run_program("print(int(input()) * 2)", "21\n", &limits, &cx)?;
/// assert_eq!((run.status, run.exit_code, run.stdout.as_str()), (RunStatus::Finished, Some(0), "42\n"));
///
/// let call = FunctionCall::new("def f(x):\n    return x[::-1]", "f", CallArgs::Source("(1, 2)"))
///     .with_expect("(2, 1)");
/// let run = sandbox.call_function(&call, &limits, &cx)?;
/// assert!(matches!(run.outcome, CallOutcome::Returned { equal: Some(true), .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Sandbox {
    guest: PathBuf,
    /// The cache to build the default guest into on first use.
    build_into: Option<PathBuf>,
    cache_dir: Option<PathBuf>,
    loaded: OnceLock<LoadedGuest>,
    init: Mutex<()>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("guest", &self.guest)
            .field("cache_dir", &self.cache_dir)
            .field("loaded", &self.loaded.get().is_some())
            .finish()
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// A sandbox on the default guest and compile cache (see
    /// [`SandboxBuilder`]).
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The guest component this sandbox loads.
    pub fn guest_path(&self) -> &Path {
        &self.guest
    }

    /// Loads the sandbox now (it is otherwise loaded on first use) and
    /// returns how long loading took (the first time; what it took then,
    /// afterwards).
    ///
    /// # Errors
    /// [`Error::Sandbox`] when the guest is missing, stale or cannot be
    /// loaded.
    pub fn preload(&self) -> Result<Duration, Error> {
        self.loaded().map(|s| s.load_time)
    }

    /// The loaded engine and guest, loading them on first use.
    pub(crate) fn loaded(&self) -> Result<&LoadedGuest, Error> {
        if let Some(s) = self.loaded.get() {
            return Ok(s);
        }
        let _guard = self.init.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = self.loaded.get() {
            return Ok(s);
        }
        if let Some(cache) = self.build_into.as_deref().filter(|_| crate::guest_build::enabled()) {
            crate::guest_build::ensure(cache, &self.guest)
                .map_err(|why| Error::sandbox(names::CODE, why))?;
        }
        if !self.guest.is_file() {
            return Err(Error::sandbox(
                names::CODE,
                format!(
                    "the Python guest {} does not exist; build it with `{BUILD_COMMAND}` \
                     (needs python3 and pip; about 30 s), or point {GUEST_ENV} at a built guest",
                    self.guest.display()
                ),
            ));
        }
        if let Some(why) = stale_guest(&self.guest) {
            return Err(Error::sandbox(names::CODE, why));
        }
        let loaded = LoadedGuest::new(&self.guest, self.cache_dir.as_deref())
            .map_err(|e| Error::sandbox(names::CODE, e))?;
        Ok(self.loaded.get_or_init(|| loaded))
    }
}

/// Runs `f` on a fresh thread with the stack the guest needs
/// ([`HOST_STACK`]: the wasm stack lives on the calling thread).
pub(crate) fn on_runner_thread<T: Send>(
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("rlvr-code-run".to_owned())
            // A split run nests the program's instance inside the trusted
            // one's `call`: room for both wasm stacks.
            .stack_size(2 * HOST_STACK)
            .spawn_scoped(scope, f)
            .map_err(|e| Error::sandbox(names::CODE, format!("spawning a runner thread: {e}")))?
            .join()
            .unwrap_or_else(|_| {
                Err(Error::Panicked {
                    verifier: names::CODE.to_owned(),
                    message: "the runner thread panicked".to_owned(),
                })
            })
    })
}

// --- The run API --------------------------------------------------------

/// The wasm side's limits of one run of the run API.
fn run_limits(limits: &RunLimits) -> Limits {
    Limits {
        fuel_per_test: limits.fuel,
        wall_per_test: limits.wall,
        memory_bytes: limits.memory_bytes,
        report_bytes: 1 << 20,
        seed: limits.seed,
    }
}

/// A report hook that stops the run: these modes never report, so a
/// report comes from the program itself (it would reset its fuel).
fn forbid_reports(flag: &Arc<Mutex<bool>>) -> OnReport {
    let flag = Arc::clone(flag);
    Box::new(move |_: &str| {
        *flag.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = true;
        false
    })
}

/// Each program runs in a fresh instance: `run_program` as `__main__` with
/// its stdin; `call_function` loads the program, calls the function with
/// arguments read by `ast.literal_eval` inside the guest, and compares the
/// result with the expectation in a second, fresh instance that never ran
/// the program (the result crosses as data). Nothing is evaluated on the
/// host.
impl Executor for Sandbox {
    fn run_program(
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
        let stopped = |status, exit_code, stderr: &str| {
            ProgramRun::new(status, exit_code).with_stderr(stderr).with_duration(duration)
        };
        let json = match run.result {
            Ok(json) => json,
            Err(stop) => {
                return Ok(match stop {
                    Stop::Fuel => stopped(RunStatus::TimeLimit(TimeLimit::Fuel), None, ""),
                    Stop::Wall => stopped(RunStatus::TimeLimit(TimeLimit::Wall), None, ""),
                    Stop::Budget => {
                        return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock });
                    }
                    Stop::Memory => stopped(RunStatus::MemoryLimit, None, ""),
                    Stop::Output => stopped(RunStatus::OutputLimit, None, ""),
                    Stop::Requested => stopped(
                        RunStatus::RuntimeError,
                        Some(1),
                        "the program called the harness's report hook\n",
                    ),
                    Stop::Exit(code) => stopped(RunStatus::Finished, Some(code), ""),
                    Stop::Crash(msg) => stopped(
                        RunStatus::RuntimeError,
                        Some(1),
                        &format!("the interpreter trapped: {msg}\n"),
                    ),
                });
            }
        };
        let Ok(res) = serde_json::from_str::<protocol::ExecResult>(&json) else {
            // The program garbled the harness's reply (a patched json).
            return Ok(stopped(
                RunStatus::RuntimeError,
                Some(1),
                "the program corrupted the harness's reply\n",
            ));
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
        let stdout = if status == RunStatus::OutputLimit { String::new() } else { res.stdout };
        Ok(stopped(status, if limited { None } else { exit_code }, &res.stderr).with_stdout(stdout))
    }

    fn call_function(
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
            Err(Stop::Requested) => {
                CallOutcome::raised("the program called the harness's report hook")
            }
            Err(Stop::Exit(code)) => {
                CallOutcome::raised(format!("the program exited the interpreter (status {code})"))
            }
            Err(Stop::Crash(msg)) => CallOutcome::raised(format!("the interpreter trapped: {msg}")),
            Ok(json) => {
                let Ok(res) = serde_json::from_str::<protocol::InvokeResult>(&json) else {
                    let outcome = CallOutcome::raised("the program corrupted the harness's reply");
                    return Ok(CallRun::new(outcome).with_duration(duration));
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
                    "bad_args" => CallOutcome::raised(format!(
                        "the arguments or the expected value are not literals: {err}"
                    )),
                    "load_error" => CallOutcome::LoadFailed { message: err },
                    "memory" => CallOutcome::MemoryLimit,
                    "output_limit" => CallOutcome::OutputLimit,
                    _ => {
                        return Err(protocol_error("invoke", &json));
                    }
                }
            }
        };
        Ok(CallRun::new(outcome).with_duration(duration))
    }
}

impl Sandbox {
    /// Runs one harness request in a fresh instance on the runner thread,
    /// with the program's own calls of the report hook refused: the run and
    /// its host time, instantiation included.
    fn run_request(
        &self,
        req: &str,
        limits: &RunLimits,
        cx: &Context,
    ) -> Result<(Run, Duration), Error> {
        cx.check()?;
        let loaded = self.loaded()?;
        let t0 = Instant::now();
        let hooked = Arc::new(Mutex::new(false));
        let run = on_runner_thread(|| {
            loaded
                .run(req, &run_limits(limits), cx.deadline(), Some(forbid_reports(&hooked)))
                .map_err(|e| Error::sandbox(names::CODE, e))
        })?;
        Ok((run, t0.elapsed()))
    }

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
            "the guest does not speak the `{mode}` protocol (rebuild it with `{BUILD_COMMAND}`): {}",
            reply.chars().take(300).collect::<String>()
        ),
    )
}

// --- The staleness check ------------------------------------------------

/// The harness files, in the order of `guest/MANIFEST` (a test checks that
/// the two lists agree).
pub(crate) const HARNESS: &[(&str, &[u8])] = &[
    ("app.py", include_bytes!("../guest/app.py")),
    ("rlvr_setup.py", include_bytes!("../guest/rlvr_setup.py")),
    ("rlvr_guards.py", include_bytes!("../guest/rlvr_guards.py")),
    ("rlvr_value.py", include_bytes!("../guest/rlvr_value.py")),
    ("rlvr_modes.py", include_bytes!("../guest/rlvr_modes.py")),
    ("rlvr_pytest.py", include_bytes!("../guest/rlvr_pytest.py")),
    ("runner.wit", include_bytes!("../guest/runner.wit")),
    ("requirements.txt", include_bytes!("../guest/requirements.txt")),
];

/// The key `guest/build.sh` writes beside the guest (`<guest>.key`): the
/// SHA-256 of the harness files of `guest/MANIFEST`, concatenated in its
/// order.
fn harness_key() -> String {
    use sha2::{Digest as _, Sha256};
    let mut hash = Sha256::new();
    for (_, bytes) in HARNESS {
        hash.update(bytes);
    }
    hash.finalize().iter().fold(String::with_capacity(64), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// Why the guest must not be used, when its key file says it was built
/// from other harness sources than this library's (an older `app.py`
/// grades by older rules, and may lack a reward-hack defence). A guest with
/// no key file (built some other way) is trusted.
pub(crate) fn stale_guest(guest: &Path) -> Option<String> {
    let mut key_path = guest.as_os_str().to_owned();
    key_path.push(".key");
    let key = std::fs::read_to_string(&key_path).ok()?;
    let (key, want) = (key.trim(), harness_key());
    (key != want).then(|| {
        format!(
            "the Python guest {} was built from other harness sources than this library's \
             (key {key}, expected {want}); rebuild it with `{BUILD_COMMAND}`",
            guest.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_harness_list_is_the_manifest() {
        let manifest: Vec<&str> = include_str!("../guest/MANIFEST")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let ours: Vec<&str> = HARNESS.iter().map(|(name, _)| *name).collect();
        assert_eq!(manifest, ours, "guest/MANIFEST and HARNESS differ");
    }

    #[test]
    fn a_guest_built_from_other_harness_sources_is_refused() {
        let dir = std::env::temp_dir().join(format!("rlvr-stale-guest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let guest = dir.join("python-guest.wasm");
        std::fs::write(&guest, b"not really a guest").unwrap();
        let key = dir.join("python-guest.wasm.key");
        // No key file: built some other way, trusted.
        assert_eq!(stale_guest(&guest), None);
        std::fs::write(&key, format!("{}\n", harness_key())).unwrap();
        assert_eq!(stale_guest(&guest), None);
        std::fs::write(&key, "0123abcd\n").unwrap();
        let why = stale_guest(&guest).expect("a stale key is refused");
        assert!(why.contains(BUILD_COMMAND) && why.contains("0123abcd"), "{why}");
        let e = Sandbox::builder().guest(&guest).build().preload().expect_err("not loaded");
        assert!(e.to_string().contains("other harness sources"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(harness_key().len(), 64);
    }
}
