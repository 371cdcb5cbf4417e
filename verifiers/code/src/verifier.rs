//! [`CodeVerifier`]: extraction, the test drivers, scoring.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rlvr_core::extract::{Fence, Find, Kind, Mode, NoAnswer, Policy};
use rlvr_core::{BudgetKind, Context, Error, Reward, RunLimits, Sample, Verifier, names};
use serde_json::{Value, json};

use crate::protocol::{self, Reply, Status};
use crate::sandbox::{Sandbox, on_runner_thread};
use crate::spec::Tests;
use crate::stdout::Compare;
use crate::wasm::{Limits, LoadedGuest, OnCall, OnReport, Run, Session, Stop};

/// How the tests of one program are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Scoring {
    /// 1 when every test passes, else 0; stops at the first failure
    /// (the Guru `coder1` rule).
    #[default]
    PassFail,
    /// The fraction of tests passed (every test runs).
    Fraction,
    /// The fraction of the first `n` tests passed (verl's `continuous`
    /// mode counts the first 10).
    FirstN(usize),
}

/// How the tests of one program are isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Isolation {
    /// One fresh instance per program: its tests run in it one after the
    /// other (each stdin test re-executes the program in fresh globals);
    /// after a trap or timeout a fresh instance resumes at the next test.
    #[default]
    PerProgram,
    /// One fresh instance per test (slower; no state can carry over).
    PerTest,
}

/// Which fenced blocks of a response make up the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Blocks {
    /// The last Python (or untagged) block after the last `</think>`.
    #[default]
    Last,
    /// Every complete Python (or untagged) block after the last
    /// `</think>`, joined in order with blank lines (the reference's
    /// option, for answers that split helpers and the main program).
    All,
}

impl rlvr_core::option::RowOption for Blocks {
    const KEY: &'static str = "code_blocks";
    const NAMES: &'static [(&'static str, Self)] = &[("last", Self::Last), ("all", Self::All)];
}

impl Blocks {
    /// Parses `last` / `all` (a row's `extra_info.code_blocks`; ASCII
    /// case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as rlvr_core::option::RowOption>::named(name)
    }
}

/// Every complete block accepted by `fence` after the last `</think>`,
/// joined in order.
fn joined_blocks(policy: &Policy, response: &str, fence: Fence) -> Result<String, NoAnswer> {
    if response.len() > policy.max_response_bytes {
        return Err(NoAnswer::ResponseTooLong {
            bytes: response.len(),
            cap: policy.max_response_bytes,
        });
    }
    let text = rlvr_core::extract::after_think(response)?;
    let mut end = text.len();
    let mut parts = Vec::new();
    loop {
        match rlvr_core::extract::last_code_block(&text[..end], fence) {
            Find::Complete(span) => {
                parts.push(span.content);
                end = span.start;
            }
            Find::Unclosed(_) if parts.is_empty() => {
                return Err(NoAnswer::Unclosed(Kind::Code(fence)));
            }
            _ => break,
        }
    }
    if parts.is_empty() {
        return Err(NoAnswer::Missing);
    }
    parts.reverse();
    let code = parts.join("\n\n");
    if code.len() > policy.max_answer_bytes {
        return Err(NoAnswer::AnswerTooLong { bytes: code.len(), cap: policy.max_answer_bytes });
    }
    Ok(code)
}

/// The outcome of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Passed,
    Wrong(String),
    Runtime(String),
    Compile(String),
    Fuel,
    Wall,
    Memory,
    Output,
    /// pytest: skipped by the test file (a mark or its own `pytest.skip`).
    Skipped(String),
    /// pytest: an expected failure that failed.
    XFailed(String),
    /// pytest: a non-strict expected failure that passed.
    XPassed,
}

impl Outcome {
    fn is_timeout(&self) -> bool {
        matches!(self, Self::Fuel | Self::Wall)
    }

    /// Neither passed nor failed: left out of the score (pytest's
    /// skipped, xfailed and xpassed).
    fn is_neutral(&self) -> bool {
        matches!(self, Self::Skipped(_) | Self::XFailed(_) | Self::XPassed)
    }

    fn is_failure(&self) -> bool {
        *self != Self::Passed && !self.is_neutral()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Passed => f.write_str("passed"),
            Self::Wrong(d) if d.is_empty() => f.write_str("wrong answer"),
            Self::Wrong(d) => write!(f, "wrong answer ({d})"),
            Self::Runtime(d) => write!(f, "runtime error ({d})"),
            Self::Compile(d) => write!(f, "compile error ({d})"),
            Self::Fuel => f.write_str("time limit (fuel)"),
            Self::Wall => f.write_str("time limit (wall clock)"),
            Self::Memory => f.write_str("memory limit"),
            Self::Output => f.write_str("output limit"),
            Self::Skipped(d) => write!(f, "skipped ({d})"),
            Self::XFailed(d) => write!(f, "xfailed ({d})"),
            Self::XPassed => f.write_str("xpassed"),
        }
    }
}

/// Builds a [`CodeVerifier`].
///
/// # Example
/// ```
/// use std::time::Duration;
/// use std::sync::Arc;
/// use rlvr_code::{CodeVerifier, Sandbox, Scoring};
/// let sandbox = Arc::new(Sandbox::builder().guest("/nonexistent/guest.wasm").build());
/// let v = CodeVerifier::builder()
///     .sandbox(Arc::clone(&sandbox))
///     .fuel_per_test(2_000_000_000)
///     .wall_per_test(Duration::from_secs(3))
///     .scoring(Scoring::Fraction)
///     .build();
/// assert!(Arc::ptr_eq(v.sandbox(), &sandbox));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CodeVerifierBuilder {
    sandbox: Option<Arc<Sandbox>>,
    fuel_per_test: u64,
    wall_per_test: Duration,
    memory_bytes: usize,
    output_bytes: usize,
    max_code_bytes: usize,
    compare: Compare,
    scoring: Scoring,
    isolation: Isolation,
    seed: u64,
    blocks: Blocks,
}

impl Default for CodeVerifierBuilder {
    fn default() -> Self {
        Self {
            sandbox: None,
            fuel_per_test: CodeVerifier::DEFAULT_FUEL_PER_TEST,
            wall_per_test: CodeVerifier::DEFAULT_WALL_PER_TEST,
            memory_bytes: RunLimits::DEFAULT.memory_bytes,
            output_bytes: RunLimits::DEFAULT.output_bytes,
            max_code_bytes: 64 << 10,
            compare: Compare::default(),
            scoring: Scoring::default(),
            isolation: Isolation::default(),
            seed: 0,
            blocks: Blocks::default(),
        }
    }
}

impl CodeVerifierBuilder {
    /// The sandbox that runs the programs (default: a fresh
    /// [`Sandbox::new`], loaded on first use). Share one `Arc<Sandbox>`
    /// with the other parts that run code (the simulation verifiers,
    /// `/run_code`): one engine, one loaded guest.
    pub fn sandbox(mut self, sandbox: Arc<Sandbox>) -> Self {
        self.sandbox = Some(sandbox);
        self
    }

    /// Fuel (wasm work units) per test: the deterministic time limit.
    pub fn fuel_per_test(mut self, fuel: u64) -> Self {
        self.fuel_per_test = fuel;
        self
    }

    /// The per-test wall-clock backstop.
    pub fn wall_per_test(mut self, wall: Duration) -> Self {
        self.wall_per_test = wall;
        self
    }

    /// The guest's linear-memory limit in bytes (the interpreter itself
    /// uses about 24 MiB).
    pub fn memory_bytes(mut self, bytes: usize) -> Self {
        self.memory_bytes = bytes;
        self
    }

    /// The cap on one test's captured stdout (or result JSON), in bytes.
    pub fn output_bytes(mut self, bytes: usize) -> Self {
        self.output_bytes = bytes;
        self
    }

    /// The cap on the extracted program, in bytes.
    pub fn max_code_bytes(mut self, bytes: usize) -> Self {
        self.max_code_bytes = bytes;
        self
    }

    /// How stdout is compared with the expected output.
    pub fn compare(mut self, compare: Compare) -> Self {
        self.compare = compare;
        self
    }

    /// How tests are scored.
    pub fn scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// How tests are isolated.
    pub fn isolation(mut self, isolation: Isolation) -> Self {
        self.isolation = isolation;
        self
    }

    /// The seed of the guest's randomness (`random`, `os.urandom`): the
    /// same program gets the same random numbers on every run (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Which fenced blocks make up the program (default [`Blocks::Last`]);
    /// a row's `extra_info.code_blocks` (`"last"` / `"all"`) overrides it.
    pub fn blocks(mut self, blocks: Blocks) -> Self {
        self.blocks = blocks;
        self
    }

    /// Builds the verifier. Nothing is loaded yet: the engine is created and
    /// the guest compiled (or loaded from the cache) on first use.
    pub fn build(self) -> CodeVerifier {
        CodeVerifier {
            sandbox: self.sandbox.unwrap_or_else(|| Arc::new(Sandbox::new())),
            limits: Limits {
                fuel_per_test: self.fuel_per_test,
                wall_per_test: self.wall_per_test,
                memory_bytes: self.memory_bytes,
                report_bytes: 4 * self.output_bytes + (1 << 20),
                seed: self.seed,
            },
            output_bytes: self.output_bytes,
            policy: Policy::default().with_max_answer_bytes(self.max_code_bytes),
            compare: self.compare,
            scoring: self.scoring,
            isolation: self.isolation,
            blocks: self.blocks,
        }
    }
}

/// Grades model-written Python programs by running them, only inside a
/// wasmtime sandbox, against the tests in the ground truth.
///
/// See the [crate docs](crate) for the formats, the limits, the outcome
/// classes and the reward-hack defences.
///
/// # Example
/// ```no_run
/// use rlvr_code::CodeVerifier;
/// use rlvr_core::{Context, Sample, Verifier};
/// let v = CodeVerifier::new();
/// let gt = r#"{"inputs": ["1 2\n"], "outputs": ["3\n"]}"#;
/// let s = Sample::new("codegen__taco", "```python\na, b = map(int, input().split())\nprint(a + b)\n```", gt);
/// assert!(v.verify(&s, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CodeVerifier {
    sandbox: Arc<Sandbox>,
    limits: Limits,
    output_bytes: usize,
    policy: Policy,
    compare: Compare,
    scoring: Scoring,
    isolation: Isolation,
    blocks: Blocks,
}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeVerifier")
            .field("sandbox", &self.sandbox)
            .field("limits", &self.limits)
            .field("compare", &self.compare)
            .field("scoring", &self.scoring)
            .field("isolation", &self.isolation)
            .finish_non_exhaustive()
    }
}

impl Default for CodeVerifier {
    fn default() -> Self {
        Self::new()
    }
}

/// Progress of one program's run, shared with the report callback.
#[derive(Debug, Default)]
struct Progress {
    next: usize,
    /// Call-based: the program was loaded (its top level ran) in this run.
    loaded: bool,
    outcomes: Vec<Option<Outcome>>,
    violation: Option<String>,
}

impl CodeVerifier {
    /// The default fuel per test: 40 G units. Measured on our 2-core
    /// machines under load: about 4.5 G fuel per second of guest CPU, so
    /// about 9 s of guest time, or 3 s of native CPython time (a pure-Python
    /// loop of 10^7 iterations needs a little over 20 G). Set it from the
    /// dataset's time limit: fuel ≈ 4.5e9 × 3 × native seconds
    /// ([`RunLimits::for_native_seconds`]). The same as
    /// [`RunLimits::DEFAULT`]'s.
    pub const DEFAULT_FUEL_PER_TEST: u64 = RunLimits::DEFAULT.fuel;
    /// The default per-test wall-clock backstop (20 s, as
    /// [`RunLimits::DEFAULT`]'s).
    pub const DEFAULT_WALL_PER_TEST: Duration = RunLimits::DEFAULT.wall;

    /// A verifier with the default settings.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder.
    pub fn builder() -> CodeVerifierBuilder {
        CodeVerifierBuilder::default()
    }

    /// The sandbox this verifier runs programs in.
    pub fn sandbox(&self) -> &Arc<Sandbox> {
        &self.sandbox
    }

    fn grade(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        cx.check()?;
        let mut tests = Tests::parse(&sample.ground_truth, &sample.extra_info)
            .map_err(|e| Error::invalid_ground_truth(names::CODE, e))?;
        let mode = Mode::for_sample(sample, cx, names::CODE)?;
        let blocks = sample.option::<Blocks>(names::CODE)?.unwrap_or(self.blocks);
        let code: String = match blocks {
            Blocks::Last => {
                match self.policy.extract(&sample.response, &[Kind::Code(Fence::PYTHON)], mode) {
                    Ok(a) if matches!(a.kind, Kind::Code(_)) => a.text.to_owned(),
                    Ok(_) => return Ok(NoAnswer::Missing.reward()),
                    Err(no) => return Ok(no.reward()),
                }
            }
            Blocks::All => match joined_blocks(&self.policy, &sample.response, Fence::PYTHON) {
                Ok(c) => c,
                Err(no) => return Ok(no.reward()),
            },
        };
        let code = code.as_str();
        let sandbox = self.sandbox.loaded()?;
        let trusted = Trusted::of(sample);
        if let Tests::Pytest { file, collected } = &mut tests {
            // The harness collects the test file's tests first: their
            // number is known only then.
            match on_runner_thread(|| self.collect_pytest(sandbox, code, file, cx))? {
                Ok(total) => *collected = total,
                // The program (or the test file with it) failed before any
                // test could run.
                Err(outcome) => return Ok(score(&[outcome], 1, self.scoring).with_pred(code)),
            }
        }
        let n = match self.scoring {
            Scoring::FirstN(k) => tests.len().min(k.max(1)),
            _ => tests.len(),
        };
        let stop_early = self.scoring == Scoring::PassFail;
        let outcomes = on_runner_thread(|| {
            self.run_tests(sandbox, code, &tests, &trusted, n, stop_early, cx)
        })?;
        Ok(score(&outcomes, n, self.scoring).with_pred(code))
    }

    #[allow(clippy::too_many_arguments, reason = "one call site")]
    fn run_tests(
        &self,
        sandbox: &LoadedGuest,
        code: &str,
        tests: &Tests,
        trusted: &Trusted,
        n: usize,
        stop_early: bool,
        cx: &Context,
    ) -> Result<Vec<Outcome>, Error> {
        match tests {
            Tests::Functional { prefix, codes } => {
                let mut out = Vec::new();
                for test in &codes[..n] {
                    let o = self.run_functional(sandbox, code, prefix, trusted, test, cx)?;
                    let failed = o != Outcome::Passed;
                    out.push(o);
                    if failed && stop_early {
                        break;
                    }
                }
                Ok(out)
            }
            Tests::Stdio { .. } | Tests::Call { .. } | Tests::Pytest { .. } => {
                self.run_io(sandbox, code, tests, n, stop_early, cx)
            }
        }
    }

    /// The most bytes the host reads from one reply of the program's
    /// instance (`load` and every `call`) before it parses anything.
    fn reply_cap(&self) -> usize {
        self.output_bytes.saturating_mul(4).saturating_add(1 << 16)
    }

    fn deadline(cx: &Context) -> Option<Instant> {
        cx.deadline()
    }

    fn sandbox_run(
        &self,
        sandbox: &LoadedGuest,
        req: &str,
        cx: &Context,
        on_report: Option<OnReport>,
    ) -> Result<Run, Error> {
        cx.check()?;
        sandbox
            .run(req, &self.limits, Self::deadline(cx), on_report)
            .map_err(|e| Error::sandbox(names::CODE, e))
    }

    /// Loads the program into its own instance (the untrusted side of a
    /// split run): its names, as a value table, or the outcome that fails
    /// every test.
    fn load_peer(
        &self,
        sandbox: &LoadedGuest,
        code: &str,
        prefix: &str,
        cx: &Context,
    ) -> Result<Result<Loaded, Outcome>, Error> {
        cx.check()?;
        let mut session = sandbox
            .session(&self.limits, Self::deadline(cx))
            .map_err(|e| Error::sandbox(names::CODE, e))?;
        let req = json!({"op": "load", "src": code, "prefix": prefix, "seed": self.limits.seed,
                         "out_cap": self.output_bytes})
        .to_string();
        let reply = match session.serve(&req) {
            Ok(reply) if reply.len() > self.reply_cap() => {
                return Ok(Err(Outcome::Wrong(too_long("`load`", reply.len(), self.reply_cap()))));
            }
            Ok(reply) => reply,
            Err(Stop::Requested) => {
                return Ok(Err(Outcome::Runtime(
                    "the program called the harness's report hook".into(),
                )));
            }
            Err(stop) => return stop_outcome(stop).map(Err),
        };
        let reply = match protocol::reply(&reply) {
            Ok(r) => r,
            Err(why) => return Ok(Err(corrupt(&why))),
        };
        Ok(Err(match reply {
            Reply::Loaded { names: table } => {
                // The checked table, written once as the text the trusted
                // instance reads (no `Value` in between).
                let names = serde_json::to_string(&table).map_err(|e| {
                    Error::sandbox(names::CODE, format!("re-encoding the program's names: {e}"))
                })?;
                drop(table);
                session.renew();
                let peer = Peer { session: Some(session), stop: None, corrupt: None };
                return Ok(Ok((Arc::new(Mutex::new(peer)), names)));
            }
            Reply::CompileError { err } => Outcome::Compile(short(&err)),
            Reply::BadTests { err } => {
                return Err(Error::invalid_ground_truth(
                    names::CODE,
                    format!("the prefix does not run: {}", short(&err)),
                ));
            }
            Reply::Exit { err } => Outcome::Wrong(short(&err)),
            Reply::Memory => Outcome::Memory,
            Reply::OutputLimit => Outcome::Output,
            Reply::Error { err } | Reply::HarnessError { err } => Outcome::Runtime(short(&err)),
            Reply::Returned { .. } | Reply::Raised { .. } => {
                corrupt("a reply to `load` that is not one")
            }
        }))
    }

    /// The `call` handler of a trusted instance: forwards each request to
    /// the program's instance and checks the reply; a stopped program or a
    /// corrupt reply traps the trusted instance (the peer says why).
    fn forwarder(&self, peer: &Arc<Mutex<Peer>>) -> OnCall {
        let peer = Arc::clone(peer);
        let cap = self.reply_cap();
        Box::new(move |req: &str| {
            let mut p = lock(&peer);
            let Some(session) = p.session.as_mut() else {
                return Err(wasmtime::Error::msg("the program's instance is gone"));
            };
            match session.serve(req) {
                Ok(reply) if reply.len() > cap => {
                    p.stop = Some(Stop::Crash(too_long("a call", reply.len(), cap)));
                    p.session = None;
                    Err(wasmtime::Error::msg("the program's reply is too long"))
                }
                Ok(reply) => match protocol::reply(&reply) {
                    Ok(r) => match r.ends_the_test() {
                        None => Ok(reply),
                        // Sticky: the trusted instance stops here, so no
                        // `except` of the test code can catch it.
                        Some(why) => {
                            p.stop = Some(match r {
                                Reply::Memory => Stop::Memory,
                                Reply::OutputLimit => Stop::Output,
                                _ => Stop::Crash(format!(
                                    "the program {why} during a call, which fails the test \
                                     whatever the test code catches"
                                )),
                            });
                            p.session = None;
                            Err(wasmtime::Error::msg("the program's call ended the test"))
                        }
                    },
                    Err(why) => {
                        p.corrupt = Some(why);
                        p.session = None;
                        Err(wasmtime::Error::msg("the program's reply is corrupt"))
                    }
                },
                Err(stop) => {
                    p.stop = Some(stop);
                    p.session = None;
                    Err(wasmtime::Error::msg("the program's instance stopped"))
                }
            }
        })
    }

    /// Runs a request in a trusted instance whose `call`s go to `peer`; a
    /// stop or corrupt reply of the program's instance replaces the trusted
    /// instance's own trap.
    fn trusted_run(
        &self,
        sandbox: &LoadedGuest,
        req: &str,
        peer: &Arc<Mutex<Peer>>,
        cx: &Context,
        on_report: Option<OnReport>,
    ) -> Result<Run, Error> {
        cx.check()?;
        let mut run = sandbox
            .run_with_calls(
                req,
                &self.limits,
                Self::deadline(cx),
                on_report,
                Some(self.forwarder(peer)),
            )
            .map_err(|e| Error::sandbox(names::CODE, e))?;
        let mut p = lock(peer);
        if let Some(why) = p.corrupt.take() {
            run.result = Err(Stop::Crash(format!("the program's reply was corrupt: {why}")));
        } else if let Some(stop) = p.stop.take() {
            run.result = Err(match stop {
                Stop::Requested => {
                    Stop::Crash("the program called the harness's report hook".to_owned())
                }
                other => other,
            });
        }
        Ok(run)
    }

    fn run_functional(
        &self,
        sandbox: &LoadedGuest,
        code: &str,
        prefix: &str,
        trusted: &Trusted,
        test: &str,
        cx: &Context,
    ) -> Result<Outcome, Error> {
        let (peer, names) = match self.load_peer(sandbox, code, prefix, cx)? {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
        let req = with_names(
            &json!({"mode": "functional", "prefix": prefix,
                    "helpers": trusted.helpers, "candidate": trusted.candidate,
                    "tests": [test], "out_cap": self.output_bytes}),
            &names,
        );
        // The trusted side never reports in this mode.
        let on_report = Box::new(move |_: &str| false);
        let run = self.trusted_run(sandbox, &req, &peer, cx, Some(on_report))?;
        let json = match run.result {
            Ok(json) => json,
            Err(Stop::Crash(why)) if why.starts_with("the program") => {
                return Ok(Outcome::Wrong(why));
            }
            Err(stop) => return stop_outcome(stop),
        };
        let res = match protocol::run_result(&json) {
            Ok(res) => res,
            Err(why) => return Ok(Outcome::Runtime(format!("harness protocol violated: {why}"))),
        };
        let err = short(&res.err);
        Ok(match res.status {
            Status::Passed => Outcome::Passed,
            Status::BadTests => {
                return Err(Error::invalid_ground_truth(
                    names::CODE,
                    format!("the test code does not run: {err}"),
                ));
            }
            Status::CompileError => Outcome::Compile(err),
            Status::Memory => Outcome::Memory,
            Status::OutputLimit => Outcome::Output,
            Status::Tampered => {
                Outcome::Wrong(format!("the program tampered with the test environment: {err}"))
            }
            Status::Exit => Outcome::Wrong(err),
            Status::Error if is_failed_check(&err) => Outcome::Wrong(err),
            Status::Error => Outcome::Runtime(err),
            other => Outcome::Runtime(format!("harness protocol violated: status {other:?}")),
        })
    }

    /// Loads the program and the pytest test file and returns the number of
    /// tests collected, or the outcome that fails them all.
    fn collect_pytest(
        &self,
        sandbox: &LoadedGuest,
        code: &str,
        file: &str,
        cx: &Context,
    ) -> Result<Result<usize, Outcome>, Error> {
        if shared_pytest(file) {
            return Err(Error::invalid_ground_truth(
                names::CODE,
                "the pytest file uses capsys or monkeypatch, which need the program's own \
                 output and globals: its tests would run in the program's interpreter, where \
                 the program can reach the verdict, so it is refused",
            ));
        }
        let (peer, names, failed) = match self.load_peer(sandbox, code, "", cx)? {
            Ok((peer, names)) => (peer, names, None),
            // The program does not load: still run the test file (with no
            // names) so that a broken test file is reported as such.
            Err(outcome) => {
                let nothing = Peer { session: None, stop: None, corrupt: None };
                (Arc::new(Mutex::new(nothing)), no_names(), Some(outcome))
            }
        };
        let req = with_names(
            &json!({"mode": "pytest", "tests": file, "collect": true,
                    "out_cap": self.output_bytes}),
            &names,
        );
        // The trusted side never reports while collecting.
        let on_report = Box::new(move |_: &str| false);
        let run = self.trusted_run(sandbox, &req, &peer, cx, Some(on_report))?;
        let res = match run.result {
            Ok(json) => protocol::run_result(&json),
            Err(_) if failed.is_some() => return Ok(Err(failed.unwrap_or(Outcome::Passed))),
            Err(Stop::Crash(why)) if why.starts_with("the program") => {
                return Ok(Err(Outcome::Wrong(why)));
            }
            Err(stop) => return stop_outcome(stop).map(Err),
        };
        let res = match res {
            Ok(res) => res,
            Err(why) => {
                return Ok(Err(Outcome::Runtime(format!("harness protocol violated: {why}"))));
            }
        };
        if res.status == Status::BadTests {
            return Err(Error::invalid_ground_truth(
                names::CODE,
                format!("the pytest file cannot be run: {}", short(&res.err)),
            ));
        }
        if let Some(outcome) = failed {
            return Ok(Err(outcome));
        }
        Ok(collected(&res))
    }
}

/// The outcome of a pytest collection run.
fn collected(res: &protocol::RunResult) -> Result<usize, Outcome> {
    {
        let err = short(&res.err);
        Err(match res.status {
            Status::Collected => {
                return match res.n.and_then(|n| usize::try_from(n).ok()) {
                    Some(n) if n > 0 && n <= protocol::MAX_TESTS => Ok(n),
                    n => Err(Outcome::Wrong(format!(
                        "the harness's reply was corrupt: {n:?} tests collected (at most {})",
                        protocol::MAX_TESTS
                    ))),
                };
            }
            Status::CompileError => Outcome::Compile(err),
            Status::Memory => Outcome::Memory,
            Status::OutputLimit => Outcome::Output,
            Status::Exit => Outcome::Wrong(err),
            Status::Error if is_failed_check(&err) => Outcome::Wrong(err),
            Status::Error => Outcome::Runtime(err),
            other => Outcome::Runtime(format!("harness protocol violated: status {other:?}")),
        })
    }
}

impl CodeVerifier {
    fn run_io(
        &self,
        sandbox: &LoadedGuest,
        code: &str,
        tests: &Tests,
        n: usize,
        stop_early: bool,
        cx: &Context,
    ) -> Result<Vec<Outcome>, Error> {
        let (base, expected): (Value, Expected) = match tests {
            Tests::Stdio { inputs, outputs } => (
                json!({"mode": "stdio", "src": code, "tests": &inputs[..n]}),
                Expected::Stdout(outputs[..n].to_vec(), self.compare),
            ),
            Tests::Call { fn_name, args, outputs } => (
                json!({"mode": "call", "src": code, "fn": fn_name, "tests": &args[..n]}),
                Expected::Values(outputs[..n].to_vec()),
            ),
            Tests::Pytest { file, collected } => {
                (json!({"mode": "pytest", "tests": file, "n": collected}), Expected::Pass)
            }
            Tests::Functional { .. } => unreachable!("functional tests have their own driver"),
        };
        let expected = Arc::new(expected);
        let progress =
            Arc::new(Mutex::new(Progress { outcomes: vec![None; n], ..Progress::default() }));
        let mut start = 0;
        while start < n {
            let end = match self.isolation {
                Isolation::PerProgram => n,
                Isolation::PerTest => start + 1,
            };
            let mut req = base.clone();
            req["start"] = json!(start);
            req["end"] = json!(end);
            req["out_cap"] = json!(self.output_bytes);
            {
                let mut pr = lock(&progress);
                pr.next = start;
                pr.loaded = false;
            }
            let (p, e) = (Arc::clone(&progress), Arc::clone(&expected));
            let run = if matches!(tests, Tests::Pytest { .. }) {
                // A split run: the program in its own instance, the test
                // file in a trusted one; each report starts a new test for
                // both (fresh fuel and deadline).
                let (peer, names) = match self.load_peer(sandbox, code, "", cx)? {
                    Ok(loaded) => loaded,
                    Err(outcome) => {
                        let mut pr = lock(&progress);
                        for o in &mut pr.outcomes[start..] {
                            *o = Some(outcome.clone());
                        }
                        break;
                    }
                };
                let split_req = with_names(&req, &names);
                drop(names);
                let renew = Arc::clone(&peer);
                let on_report = Box::new(move |line: &str| {
                    if let Some(s) = lock(&renew).session.as_mut() {
                        s.renew();
                    }
                    judge_report(&p, &e, line, stop_early)
                });
                self.trusted_run(sandbox, &split_req, &peer, cx, Some(on_report))?
            } else {
                let on_report = Box::new(move |line: &str| judge_report(&p, &e, line, stop_early));
                self.sandbox_run(sandbox, &req.to_string(), cx, Some(on_report))?
            };
            let mut pr = lock(&progress);
            if pr.violation.is_some() {
                // The program reported through the harness's hook: none of
                // this run's reports can be trusted.
                let why = pr.violation.take().unwrap_or_default();
                let at = pr.next.min(n - 1);
                for o in &mut pr.outcomes[start..=at] {
                    *o = Some(Outcome::Runtime(why.clone()));
                }
                start = at + 1;
                if stop_early {
                    break;
                }
                continue;
            }
            let at = pr.next;
            match run.result {
                Err(Stop::Requested) => break,
                Ok(json) => {
                    let whole = match protocol::run_result(&json) {
                        Err(why) => Outcome::Runtime(format!("harness protocol violated: {why}")),
                        Ok(res) => {
                            let err = short(&res.err);
                            match res.status {
                                Status::Done if at >= end => {
                                    start = end;
                                    continue;
                                }
                                Status::Done => {
                                    Outcome::Runtime("the harness skipped a test".into())
                                }
                                Status::CompileError => Outcome::Compile(err),
                                Status::BadTests => {
                                    return Err(Error::invalid_ground_truth(
                                        names::CODE,
                                        format!("the pytest file cannot be run: {err}"),
                                    ));
                                }
                                Status::Memory => Outcome::Memory,
                                Status::OutputLimit => Outcome::Output,
                                Status::Error | Status::Exit => Outcome::Runtime(err),
                                other => Outcome::Runtime(format!(
                                    "harness protocol violated: status {other:?}"
                                )),
                            }
                        }
                    };
                    // A failure before the first test (compiling or loading
                    // the program) fails every remaining test.
                    for o in &mut pr.outcomes[at..] {
                        *o = Some(whole.clone());
                    }
                    break;
                }
                Err(Stop::Budget) => {
                    return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock });
                }
                Err(stop) => {
                    if at >= end {
                        // Every test of this run was reported, yet the run
                        // trapped instead of returning: the harness returns
                        // right after its last report (whose callback
                        // renews the fuel), so those reports were forged by
                        // the program, which then never returned.
                        let why = "the run trapped after its last report: the reports came from \
                                   the program"
                            .to_owned();
                        for o in &mut pr.outcomes[start..end] {
                            *o = Some(Outcome::Runtime(why.clone()));
                        }
                        if stop_early || end >= n {
                            break;
                        }
                        start = end;
                        continue;
                    }
                    let outcome = stop_outcome(stop)?;
                    if matches!(tests, Tests::Call { .. } | Tests::Pytest { .. }) && !pr.loaded {
                        // Loading the program (its top level) failed: the
                        // same would happen before every test.
                        for o in &mut pr.outcomes[at..] {
                            *o = Some(outcome.clone());
                        }
                        break;
                    }
                    pr.outcomes[at] = Some(outcome);
                    start = at + 1;
                    if stop_early {
                        break;
                    }
                }
            }
        }
        // Tests after the first failure may not have run (pass/fail).
        let pr = lock(&progress);
        Ok(pr.outcomes.iter().map_while(Clone::clone).collect())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[derive(Debug)]
enum Expected {
    Stdout(Vec<String>, Compare),
    Values(Vec<Value>),
    /// pytest: a test passes when it returns.
    Pass,
}

/// Grades one streamed report; returns whether the run should go on.
fn judge_report(
    progress: &Mutex<Progress>,
    expected: &Expected,
    line: &str,
    stop_early: bool,
) -> bool {
    let mut pr = lock(progress);
    let Ok(rep) = protocol::report(line) else {
        pr.violation =
            Some("a malformed report (the program called the harness's report hook)".into());
        return false;
    };
    if rep.i == -1
        && rep.status == Status::Loaded
        && !pr.loaded
        && matches!(expected, Expected::Values(_) | Expected::Pass)
    {
        pr.loaded = true;
        return true;
    }
    let i = usize::try_from(rep.i).ok();
    if i != Some(pr.next) || pr.next >= pr.outcomes.len() {
        pr.violation =
            Some("a report out of order (the program called the harness's report hook)".into());
        return false;
    }
    let err = short(&rep.err);
    let at = pr.next;
    let pytest = matches!(expected, Expected::Pass);
    let outcome = match rep.status {
        Status::Ok => match expected {
            Expected::Stdout(outs, compare) => {
                let got = rep.stdout.as_deref().unwrap_or("");
                if compare.matches(got, &outs[at]) {
                    Outcome::Passed
                } else {
                    Outcome::Wrong(String::new())
                }
            }
            Expected::Values(outs) => match rep.value.as_deref().map(protocol::table) {
                Some(Ok(v)) if call_eq(&v, &outs[at]) => Outcome::Passed,
                Some(Ok(_)) => Outcome::Wrong(String::new()),
                Some(Err(why)) => {
                    Outcome::Wrong(format!("the result's encoding is corrupt: {why}"))
                }
                None => Outcome::Wrong("no result".into()),
            },
            Expected::Pass => Outcome::Passed,
        },
        Status::NotData => Outcome::Wrong(err),
        Status::Tampered => {
            Outcome::Wrong(format!("the program tampered with the test environment: {err}"))
        }
        Status::Error if pytest && is_assertion(&err) => Outcome::Wrong(err),
        // A strict xfail that passed.
        Status::Failed if pytest => Outcome::Wrong(err),
        Status::Skipped if pytest => Outcome::Skipped(err),
        Status::Xfailed if pytest => Outcome::XFailed(err),
        Status::Xpassed if pytest => Outcome::XPassed,
        Status::Memory => Outcome::Memory,
        Status::OutputLimit => Outcome::Output,
        _ => Outcome::Runtime(err),
    };
    let failed = outcome.is_failure();
    pr.outcomes[at] = Some(outcome);
    pr.next += 1;
    !(failed && stop_early)
}

/// A pytest failure report (`name: AssertionError..`) of a failed check
/// rather than a crash.
fn is_assertion(err: &str) -> bool {
    err.split_once(": ").is_some_and(|(_, e)| is_failed_check(e))
}

/// A failed check of the test side (an assert, `pytest.fail`, the guard).
fn is_failed_check(err: &str) -> bool {
    ["AssertionError", "rlvr_pytest._Failed", "rlvr_guards._Untrusted", "_Untrusted", "_Failed"]
        .iter()
        .any(|p| err.starts_with(p))
}

/// The reference's call-based rule, narrowed: the result (tuples as lists)
/// equals the expected value, or the expected value is a one-item list (an
/// output stored wrapped) whose item it equals. The reference takes the
/// first item of any list, so that `1` passed for `[1, 3]`; here it does
/// not. Numbers compare as in Python (integers exactly, at any size).
///
/// Dict keys: the gold as JSON has it (string keys, which no int key
/// equals), or, for a gold dict (or a one-item gold list's item, when it is
/// a dict) whose keys all read as integers, the reference's reading of it,
/// `[that dict with int keys]` (`{"0": "a"}` is `[{0: "a"}]`): the result
/// equals that list or that dict. A dict mixing the two (`{0: "a", "1":
/// "b"}`) equals neither.
fn call_eq(got: &protocol::Table, want: &Value) -> bool {
    // The reference also compares with the expected output's first item,
    // for outputs stored wrapped in a list (`[value]`). Only a one-item
    // list is such a wrapping: `1` is not the answer `[1, 3]`.
    let unwrapped = want.as_array().filter(|a| a.len() == 1).and_then(|a| a.first());
    if got.equals(want) || unwrapped.is_some_and(|w| got.equals(w)) {
        return true;
    }
    let dict = match want {
        Value::Object(_) => Some(want),
        Value::Array(_) => unwrapped.filter(|d| d.is_object()),
        _ => None,
    };
    if let Some(d @ Value::Object(o)) = dict
        && !o.contains_key(crate::spec::BIG_INT_KEY)
        && o.keys().all(|k| protocol::py_int(k).is_some())
    {
        return got.equals_int_keyed(d, d) || got.is_one_item_equal(d, d);
    }
    false
}

/// Whether a pytest file would need the shared fallback (`capsys` and
/// `monkeypatch` need the program's own output and globals): such files are
/// refused, since no test may trust an object the program made.
fn shared_pytest(file: &str) -> bool {
    file.contains("capsys") || file.contains("monkeypatch")
}

/// The names table of a program that did not load.
fn no_names() -> String {
    r#"{"nodes":[{"t":"dict","c":[]}],"root":0}"#.to_owned()
}

/// A request (a JSON object without `names`) with the program's names
/// table, already JSON text, as its `names`.
fn with_names(req: &Value, names: &str) -> String {
    let rest = req.to_string();
    match rest.strip_prefix('{') {
        Some("}") | None => format!("{{\"names\":{names}}}"),
        Some(rest) => format!("{{\"names\":{names},{rest}"),
    }
}

/// The detail of a reply of the program's instance past the host's cap.
fn too_long(what: &str, len: usize, cap: usize) -> String {
    format!("the program's reply to {what} was too long ({len} bytes, at most {cap})")
}

/// The outcome of a reply the program corrupted.
fn corrupt(why: &str) -> Outcome {
    Outcome::Wrong(format!("the program's reply was corrupt: {}", short(why)))
}

/// A loaded program's instance and its names (a value table, as JSON
/// text).
type Loaded = (Arc<Mutex<Peer>>, String);

/// The program's instance in a split run, shared by the trusted instance's
/// `call` handler and its report handler.
struct Peer {
    session: Option<Session>,
    /// Why the program's instance stopped during a call.
    stop: Option<Stop>,
    /// Why a reply of the program's instance did not decode.
    corrupt: Option<String>,
}

/// The trusted sources of a row's test helpers besides the ground truth:
/// the prompt's code (HumanEval/32's `poly`) and the function the program
/// must write (never taken from the prompt).
#[derive(Debug, Default)]
struct Trusted {
    helpers: String,
    candidate: String,
}

impl Trusted {
    fn of(sample: &Sample) -> Self {
        // The prompt's fenced Python blocks, else its whole text (the
        // harness finds the code in it).
        let helpers = sample
            .prompt_text()
            .map(|p| joined_blocks(&Policy::default(), &p, Fence::PYTHON).unwrap_or(p))
            .unwrap_or_default();
        let candidate = sample
            .extra_str("function_name")
            .or_else(|| sample.extra_str("entry_point"))
            .unwrap_or("")
            .to_owned();
        Self { helpers, candidate }
    }
}

fn stop_outcome(stop: Stop) -> Result<Outcome, Error> {
    Ok(match stop {
        Stop::Fuel => Outcome::Fuel,
        Stop::Wall => Outcome::Wall,
        Stop::Budget => return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock }),
        Stop::Memory => Outcome::Memory,
        Stop::Output => Outcome::Output,
        Stop::Exit(code) => {
            Outcome::Runtime(format!("the program exited the interpreter (status {code})"))
        }
        Stop::Crash(msg) => Outcome::Runtime(format!("trap: {msg}")),
        Stop::Requested => Outcome::Runtime("stopped".into()),
    })
}

fn short(s: &str) -> String {
    rlvr_core::clip(s.trim(), 300).into_owned()
}

/// Scores the outcomes of the first `n` tests. A skipped, xfailed or
/// xpassed pytest test is neither passed nor failed: it leaves the
/// denominator (pytest does not count it as a failure either), and a
/// program none of whose tests was graded does not pass.
fn score(outcomes: &[Outcome], n: usize, scoring: Scoring) -> Reward {
    let passed = outcomes.iter().filter(|o| **o == Outcome::Passed).count();
    let neutral = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let skipped = neutral(|o| matches!(o, Outcome::Skipped(_)));
    let xfailed = neutral(|o| matches!(o, Outcome::XFailed(_)));
    let xpassed = neutral(|o| *o == Outcome::XPassed);
    let graded = n.saturating_sub(skipped + xfailed + xpassed);
    let first_fail = outcomes.iter().enumerate().find(|(_, o)| o.is_failure());
    let mut detail = format!("passed {passed}/{graded} tests");
    if scoring == Scoring::PassFail && first_fail.is_some() {
        detail = format!("passed {passed}/{graded} tests before the first failure");
    }
    if graded < n {
        let parts: Vec<String> = [(skipped, "skipped"), (xfailed, "xfailed"), (xpassed, "xpassed")]
            .into_iter()
            .filter(|(k, _)| *k > 0)
            .map(|(k, what)| format!("{k} {what}"))
            .collect();
        detail = format!("{detail} ({} not graded)", parts.join(", "));
    }
    let Some((at, fail)) = first_fail else {
        return if graded == 0 {
            Reward::incorrect()
                .with_detail(format!("{detail}; no test was graded, so the program does not pass"))
        } else if passed == graded {
            Reward::correct().with_detail(detail)
        } else {
            Reward::incorrect().with_detail(format!("{detail}; some tests did not run"))
        };
    };
    let detail = format!("{detail}; test {}: {fail}", at + 1);
    let reward = match scoring {
        Scoring::PassFail => {
            if fail.is_timeout() {
                Reward::timed_out()
            } else {
                Reward::incorrect()
            }
        }
        Scoring::Fraction | Scoring::FirstN(_) => {
            if passed == 0 && fail.is_timeout() {
                Reward::timed_out()
            } else {
                #[allow(clippy::cast_precision_loss, reason = "test counts are small")]
                Reward::partial(passed as f64 / graded.max(1) as f64)
            }
        }
    };
    reward.with_detail(detail)
}

impl Verifier for CodeVerifier {
    fn name(&self) -> &str {
        names::CODE
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        self.grade(sample, cx)
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        Tests::parse(&sample.ground_truth, &sample.extra_info)
            .map(|_| ())
            .map_err(|e| Error::invalid_ground_truth(names::CODE, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_eq_follows_the_reference() {
        let t = |nodes: Value| {
            protocol::table(&json!({"nodes": nodes, "root": 0}).to_string()).unwrap()
        };
        let i = |n: &str| json!({"t": "int", "c": n});
        let pair = t(json!([{"t": "list", "c": [1, 2]}, i("1"), i("2")]));
        assert!(call_eq(&pair, &json!([1, 2])));
        assert!(call_eq(&pair, &json!([[1, 2]])));
        assert!(call_eq(&t(json!([i("3")])), &json!([3])));
        // Only a one-item list is a wrapped output: its first item alone is
        // not the answer to a longer list.
        assert!(!call_eq(&t(json!([i("1")])), &json!([1, 3])));
        assert!(!call_eq(&t(json!([i("1")])), &json!([1, 1])));
        assert!(call_eq(&t(json!([{"t": "float", "c": "1.0"}])), &json!(1)));
        assert!(!call_eq(&t(json!([{"t": "float", "c": "1.5"}])), &json!(1)));
        assert!(call_eq(&t(json!([{"t": "bool", "c": true}])), &json!(1)));
        // 2**70 + 123456 is not 2**70.
        let two70: Value = serde_json::from_str("1180591620717411303424").unwrap();
        assert!(!call_eq(&t(json!([i("1180591620717411426880")])), &two70));
        assert!(call_eq(&t(json!([i("1180591620717411303424")])), &two70));
        // Dicts: string keys as JSON has them, or all keys as the reference
        // reads them (ints); never a mix, and each gold key matched once.
        let d = |k0: Value, k1: Value| {
            t(json!([{"t": "dict", "c": [[1, 2], [3, 4]]}, k0, {"t": "str", "c": "a"}, k1,
                     {"t": "str", "c": "b"}]))
        };
        let s = |k: &str| json!({"t": "str", "c": k});
        let gold = json!({"0": "a", "1": "b"});
        assert!(call_eq(&d(s("0"), s("1")), &gold));
        assert!(call_eq(&d(i("0"), i("1")), &gold));
        assert!(call_eq(&d(i("1"), i("0")), &json!([{"1": "a", "0": "b"}])));
        assert!(!call_eq(&d(i("0"), s("1")), &gold));
        assert!(!call_eq(&d(i("0"), s("0")), &gold));
        assert!(!call_eq(&d(i("0"), i("0")), &gold));
        assert!(!call_eq(&d(s("0"), s("0")), &gold));
        assert!(!call_eq(&d(i("0"), i("1")), &json!({"a": {"0": "a", "1": "b"}})));
        assert!(call_eq(&d(json!({"t": "bool", "c": false}), i("1")), &gold));
        assert!(!call_eq(&d(i("0"), i("1")), &json!({"0": "a", "x": "b"})));
        // Fraction, Decimal and complex results equal a number exactly.
        assert!(call_eq(&t(json!([{"t": "fraction", "c": ["10", "1"]}])), &json!(10)));
        assert!(call_eq(&t(json!([{"t": "fraction", "c": ["1", "2"]}])), &json!(0.5)));
        assert!(!call_eq(&t(json!([{"t": "fraction", "c": ["1", "3"]}])), &json!(1.0_f64 / 3.0)));
        assert!(!call_eq(&t(json!([{"t": "fraction", "c": ["1", "0"]}])), &json!(0)));
        assert!(call_eq(&t(json!([{"t": "decimal", "c": "10.00"}])), &json!(10)));
        assert!(call_eq(&t(json!([{"t": "decimal", "c": "1.5E+1"}])), &json!(15)));
        assert!(call_eq(&t(json!([{"t": "decimal", "c": "0.5"}])), &json!(0.5)));
        assert!(!call_eq(&t(json!([{"t": "decimal", "c": "0.1"}])), &json!(0.1)));
        assert!(!call_eq(&t(json!([{"t": "decimal", "c": "NaN"}])), &json!(0)));
        assert!(!call_eq(&t(json!([{"t": "decimal", "c": "1E+999999999"}])), &json!(1)));
        assert!(call_eq(&t(json!([{"t": "complex", "c": ["2.0", "0.0"]}])), &json!(2)));
        assert!(!call_eq(&t(json!([{"t": "complex", "c": ["2.0", "1.0"]}])), &json!(2)));
        assert!(call_eq(
            &t(json!([{"t": "fraction", "c": ["1180591620717411303424", "1"]}])),
            &two70
        ));
    }

    #[test]
    fn scores_pass_fail_and_fractions() {
        let all = [Outcome::Passed, Outcome::Passed];
        assert!(score(&all, 2, Scoring::PassFail).is_correct());
        let r = score(&[Outcome::Passed, Outcome::Fuel], 3, Scoring::PassFail);
        assert_eq!(r.verdict, rlvr_core::Verdict::TimedOut);
        let r = score(
            &[Outcome::Passed, Outcome::Wrong(String::new()), Outcome::Passed],
            3,
            Scoring::Fraction,
        );
        assert!((r.score - 2.0 / 3.0).abs() < 1e-9);
        assert!(r.detail.unwrap().contains("test 2: wrong answer"));
    }

    #[test]
    fn skipped_and_xfailed_tests_are_not_graded() {
        let skip = || Outcome::Skipped("later".into());
        // pass/fail: a skip is no failure, the graded tests decide.
        let r = score(&[Outcome::Passed, skip(), Outcome::XPassed], 3, Scoring::PassFail);
        assert!(r.is_correct(), "{r:?}");
        assert!(r.detail.unwrap().contains("passed 1/1 tests (1 skipped, 1 xpassed not graded)"));
        // Fractions leave them out of the denominator.
        let r = score(
            &[
                Outcome::Passed,
                skip(),
                Outcome::XFailed(String::new()),
                Outcome::Wrong(String::new()),
            ],
            4,
            Scoring::Fraction,
        );
        assert!((r.score - 0.5).abs() < 1e-9, "{r:?}");
        assert!(r.detail.unwrap().contains("test 4: wrong answer"));
        // Nothing graded is no pass, under every scoring.
        for scoring in [Scoring::PassFail, Scoring::Fraction, Scoring::FirstN(10)] {
            let r = score(&[skip(), Outcome::XFailed(String::new())], 2, scoring);
            assert!(!r.is_correct() && r.score.abs() < 1e-12, "{scoring:?}: {r:?}");
            assert!(r.detail.unwrap().contains("no test was graded"));
        }
        assert!(!Outcome::XPassed.is_failure() && Outcome::Wrong(String::new()).is_failure());
    }

    #[test]
    fn all_blocks_are_joined_in_order() {
        let p = Policy::default();
        let r = "<think>```python\nskip\n```</think>```python\na = 1\n```\n```text\nno\n```\n```\nprint(a)\n```";
        assert_eq!(joined_blocks(&p, r, Fence::PYTHON).unwrap(), "a = 1\n\nprint(a)");
        assert_eq!(joined_blocks(&p, "no code", Fence::PYTHON), Err(NoAnswer::Missing));
        assert!(matches!(
            joined_blocks(&p, "```python\na\n```\n```python\nb", Fence::PYTHON),
            Err(NoAnswer::Unclosed(_))
        ));
        let small = Policy::default().with_max_answer_bytes(5);
        assert!(matches!(
            joined_blocks(&small, "```\nabc\n```\n```\ndef\n```", Fence::PYTHON),
            Err(NoAnswer::AnswerTooLong { .. })
        ));
        assert_eq!(Blocks::from_name("all"), Some(Blocks::All));
        assert_eq!(Blocks::from_name("first"), None);
    }

    #[test]
    fn a_missing_guest_is_a_sandbox_error_saying_how_to_build_it() {
        let sandbox = Sandbox::builder().guest("/nonexistent/guest.wasm").build();
        let v = CodeVerifier::builder().sandbox(Arc::new(sandbox)).build();
        let s = Sample::new(
            "codegen__taco",
            "```python\nprint(1)\n```",
            r#"{"inputs": [""], "outputs": ["1"]}"#,
        );
        let e = v.verify(&s, &Context::default()).unwrap_err();
        assert!(matches!(e, Error::Sandbox { .. }));
        assert!(e.to_string().contains(crate::BUILD_COMMAND), "{e}");
    }

    #[test]
    fn bad_ground_truth_and_no_answer_need_no_guest() {
        let sandbox = Sandbox::builder().guest("/nonexistent/guest.wasm").build();
        let v = CodeVerifier::builder().sandbox(Arc::new(sandbox)).build();
        let s = Sample::new("codegen__taco", "```python\nprint(1)\n```", "nope");
        assert!(matches!(v.verify(&s, &Context::default()), Err(Error::InvalidGroundTruth { .. })));
        let s = Sample::new("codegen__taco", "print(1)", r#"{"inputs": [""], "outputs": ["1"]}"#);
        let r = v.verify(&s, &Context::default()).unwrap();
        assert_eq!(r.verdict, rlvr_core::Verdict::NoAnswer);
    }
}
