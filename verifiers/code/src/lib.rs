//! The code verifier of rlvr: model-written Python programs, graded by
//! running them against the tests of the ground truth, **only inside a
//! wasmtime sandbox**.
//!
//! [`CodeVerifier`] (name `code`) serves the Guru `codegen__*` data sources
//! and the upstream verl names `codecontests`, `apps`, `codeforces` and
//! `taco`.
//!
//! # The guest
//! Programs run in CPython 3.14 compiled to WASI 0.2 (componentize-py
//! 0.25.1, `-O3`), with a harness (`guest/app.py`) pre-initialized into a
//! snapshot: a fresh, isolated interpreter costs about 2-3 ms. The guest is
//! built, never committed, by
//!
//! ```sh
//! verifiers/code/guest/build.sh   # about 30 s; prints the guest's path
//! ```
//!
//! which installs the hash-pinned `componentize-py` wheel with pip into a
//! venv under `${RLVR_CACHE:-$HOME/.cache/rlvr}` and writes
//! `$RLVR_CACHE/code/python-guest.wasm`. The verifier takes the guest from
//! [`CodeVerifierBuilder::guest`], else the environment variable
//! [`RLVR_PYTHON_GUEST`](GUEST_ENV), else that default path; a missing guest
//! is an [`Error::Sandbox`](rlvr_core::Error) saying how to build it. So is a
//! stale one: `build.sh` writes the SHA-256 of the harness sources beside
//! the guest (`python-guest.wasm.key`), and a guest whose key differs from
//! this library's harness (an older `app.py`, with older grading rules or
//! without a later reward-hack defence) is refused until it is rebuilt.
//!
//! # The sandbox
//! - One [`wasmtime::Engine`] per verifier, created on first use (no global
//!   state), with an epoch ticker thread the verifier owns. The compiled
//!   guest is cached on disk by wasmtime's own cache (keyed by the guest's
//!   bytes and the engine's settings and version, written atomically,
//!   recompiled when an entry does not load), under
//!   `$RLVR_CACHE/code/wasmtime`: the first process compiles for about
//!   10 s, later ones load in well under a second.
//! - A fresh instance per program (or per test, [`Isolation::PerTest`]):
//!   no preopened directories, no environment, no network, no
//!   subprocesses, no threads (a `threading.Thread` runs its target
//!   synchronously, for the deep-recursion idiom); stdin, stdout and
//!   stderr are in-memory and capped.
//! - Limits per test: **fuel** (deterministic: the same program gets the
//!   same verdict on any machine under any load) and an **epoch deadline**
//!   (wall clock, a backstop only, capped by the caller's
//!   [`Context`](rlvr_core::Context) deadline), a linear-memory limit, an
//!   output cap. The wasm stack is 32 MiB, so `lru_cache` recursion works to
//!   about 2,000 levels and plain recursion to millions.
//! - Outcomes: passed, wrong answer, runtime error, compile error, time
//!   limit (fuel or wall clock, told apart in the detail), memory limit,
//!   output limit. A program that ran out of time gets
//!   [`Verdict::TimedOut`](rlvr_core::Verdict); every other failure is
//!   `Incorrect`. A sandbox that cannot start is an `Err`, never a wrong
//!   answer; a verifier budget that runs out is
//!   [`Error::BudgetExceeded`](rlvr_core::Error).
//!
//! # Test formats (the ground truth, a JSON string or object)
//! | format | shape | how it is checked |
//! |---|---|---|
//! | stdin/stdout | `{"inputs": [..], "outputs": [..]}` (an item may be a list of lines) | each test re-executes the program as `__main__` with that stdin (`input()`, `sys.stdin.*`, `open(0)`, `os.read(0, n)` and `exit()` all work); stdout is compared **on the host** with [`Compare`] |
//! | call-based | the same plus `"fn_name"` (inputs: one JSON value per line, or a list of arguments) | the program is loaded once, then `fn` (or `Solution().fn`) is called per test; the result, as JSON data (tuples as lists), is compared on the host (also against `outputs[i][0]`, as the reference does) |
//! | functional | `{"functional": "<test code>"}` (HumanEval, MBPP, LeetCode2k with `extra_info.prefix`, LiveCodeBench, TACO `_deep_eq`) | `prefix + program`, then the test code, in one instance; see below |
//! | SandboxFusion | `{"assert_case": ["assert ..", ..]}` | one functional run per case |
//! | pytest | `{"pytest": "<test file>"}` or `{"solution_file": "<test file>"}` (no Guru script produces them) | see below |
//!
//! # The pytest format
//! pytest is not in the guest; the harness has a small pytest-compatible
//! runner. The program is loaded as module `solution` (its public names, or
//! its `__all__`, are also visible to the test file, as `from solution
//! import *` would make them); the test file then runs with a fresh minimal
//! `pytest` module: `raises` (context manager with `match`, and callable
//! form), `approx` (numbers and lists, tuples, dicts of them; `rel` 1e-6 /
//! `abs` 1e-12 by default, like pytest), `fail`, `mark.parametrize` (over
//! lists; stacked decorators give the product), `mark.skip`, `mark.skipif`
//! (boolean or string conditions), `mark.xfail` (conditions, `reason`,
//! `raises`, `strict`, `run`), `mark.usefixtures`, a module or class
//! `pytestmark`, custom marks (no effect), `skip`, `xfail` and
//! `importorskip` (a module the guest lacks skips).
//!
//! **Fixtures**: `@pytest.fixture` functions of the test file (module level,
//! or methods of the test's class or its bases), requested by argument
//! name, function scope, no params; they may request other fixtures;
//! `yield` fixtures are torn down after the test (a teardown error fails
//! it); `autouse=True` works. Built in: `capsys` (`readouterr`) and
//! `monkeypatch` (`setattr`, also with a `"module.attr"` string, `delattr`,
//! `setitem`, `delitem`, `setenv`, `delenv`; undone after the test;
//! patching `builtins` reaches the program's builtins too). Anything else
//! (`request`, `tmp_path` and the other built-ins, conftest.py,
//! parametrized or wider-scoped fixtures, `pytest.param`, ...) is refused,
//! as is a file with no tests: the ground truth is `gold_unparseable`,
//! never guessed.
//!
//! **Collection** follows pytest: the module-level `test*` functions and the
//! `test*` methods of `Test*` classes, inherited methods included (the
//! bases' first, as pytest orders them; classes with a constructor or
//! `__test__ = False` are not collected; a fresh instance per method), in
//! definition order, a name defined twice once (its last definition); only
//! functions written in the test file count (a `test_*` the program defines
//! is not collected). A first run collects the tests (their number is the
//! `n` of the scoring modes); the tests then run like call-based ones, one
//! streamed result each, a test passing when it returns. The program's exit
//! (at import or inside a test), an always-equal object, and changes to
//! `pytest` or the guarded modules during a test fail that test.
//!
//! **Skipped and xfailed tests** are neither passes nor failures, as in
//! pytest (whose exit status 0 the reference scores): they leave the
//! denominator of every scoring mode, and the detail counts them. A
//! non-strict xfail that passes (xpassed) is not graded either; a strict
//! one that passes fails, and an xfail that fails with an exception other
//! than its `raises=` fails. A program none of whose tests was graded does
//! not pass (pytest would exit 0 there). Only the test file may skip:
//! - a mark counts only when the test file's own code applies it (the
//!   program's `pytestmark`, visible through `from solution import *`, does
//!   not count);
//! - `pytest.skip`/`xfail`/`importorskip` count only when called from a
//!   call written in the test file (the calling frame is test-file code at
//!   one of its `skip(`/`xfail(`/`importorskip(` call sites) with no frame
//!   of the program between the test and that call: the program calling
//!   `pytest.skip()` inside the function under test, raising the skip
//!   exception itself, returning an iterator that skips when the test
//!   consumes it, or calling a skipping helper of the test file, fails that
//!   test;
//! - `importorskip` returns only modules the guest has (a fake `numpy` the
//!   program puts in `sys.modules` is ignored, and removed before the test
//!   file runs);
//! - a test file that skips itself at import, or all of whose tests are
//!   skipped or non-strict xfails by their marks, grades nothing and is
//!   `gold_unparseable`.
//!
//! A skip the test file itself decides on, even from the program's results
//! (`if f() is None: pytest.skip()`), counts as pytest counts it.
//!
//! # The generic run API
//! Besides grading, a [`CodeVerifier`] runs arbitrary programs in the same
//! sandbox, each in a fresh instance, with [`RunLimits`]:
//! - [`CodeVerifier::run_program`]: a program with a stdin, like
//!   `python3 prog.py < stdin`; returns stdout, stderr, the exit status,
//!   how it ended ([`RunStatus`]: finished, runtime or compile error, time
//!   limit by fuel or wall clock, memory or output limit) and its duration
//!   (the building block of a SandboxFusion `/run_code` endpoint);
//! - [`CodeVerifier::call_function`]: a function of a program called with
//!   Python-literal arguments; returns the result's `repr` and JSON, or
//!   whether it `==` a Python-literal expectation (CodeI/O, CRUXEval).
//!   Arguments and expectations are read with `ast.literal_eval` inside
//!   the guest; nothing is evaluated on the host.
//!
//! # Determinism
//! Fuel makes time limits deterministic; randomness is too: the harness
//! reseeds `random` before each program and the host seeds the guest's
//! WASI random source (`os.urandom`, `secrets`, `uuid4`), both from
//! [`CodeVerifierBuilder::seed`] / [`RunLimits::seed`] (default 0). The
//! string hash secret is frozen in the snapshot.
//!
//! **Clocks are virtual.** The guest's monotonic and wall clocks read the
//! fuel it has spent, at 4.5 G fuel per second (about real time for
//! ordinary code); the wall clock starts at 2024-01-01T00:00:00Z on every
//! run. So clock-reading programs print the same on every run, on any
//! thread, under any load. Sleeping and waiting (`time.sleep`, `select`,
//! `poll`, `asyncio` timers: WASI `subscribe-duration`/`subscribe-instant`
//! and `wasi:io/poll`) never block the host: the wait spends its virtual
//! time at once, burning the fuel of that time, and a wait past the test's
//! fuel, or past its wall limit as virtual time, is a time-limit stop
//! (`fuel`) at once. A wait that nothing could end is the same stop. No
//! host function the guest can call blocks, so the epoch backstop covers
//! all of a run.
//!
//! # Reward hacks the functional format defends against
//! The reference appends the tests to the program and reads exit status 0
//! as a pass, so `sys.exit(0)` at the top scores 1. Here:
//! - the harness runs the program, **then** the test code, and the pass
//!   signal is the value the harness returns to the host after the test
//!   code finished; `sys.exit(0)`, `os._exit(0)`, `posix._exit(0)` and
//!   `raise SystemExit` before or during the tests are failures;
//! - the test code runs in its own namespace (a copy of the program's
//!   names, fresh builtins), so redefining `check`/`_deep_eq` or patching
//!   `__builtins__` has no effect;
//! - every comparison operand and asserted value in the test code goes
//!   through a guard that fails when its class was defined by the program
//!   with its own comparison or truth dunders (the "AlwaysEqual" object);
//! - after the tests, the harness checks that the program changed no
//!   binding of the standard modules the tests use (`math.isclose = ...`),
//!   set no trace/profile/monitoring hook, and it refuses audit hooks.
//!
//! A program can still, with deliberate introspection (frame objects,
//! `gc`), rewrite the harness's own Python objects: the interpreter is
//! shared by design. The stdin/stdout and call-based formats are immune,
//! because their expected outputs never enter the guest.
//!
//! The streamed per-test reports (stdin/stdout, call-based, pytest) go
//! through a host import the program can call too. A report out of order
//! voids every report of that run (each of its tests fails), and so does a
//! run that traps after reporting all of its tests: the harness returns
//! right after its last report, so such reports came from the program
//! (which would otherwise report "passed" for every test and then spin
//! until the fuel ran out).
//!
//! # Extraction and scoring
//! The program is the last fenced Python (or untagged) block after the last
//! `</think>`, by the shared [extraction policy](rlvr_core::extract); no
//! block is `NoAnswer`. [`Blocks::All`] (per verifier, or per row with
//! `extra_info.code_blocks = "all"`) joins every such block instead. Scoring is [`Scoring::PassFail`] by default (stop at
//! the first failure, like the reference); [`Scoring::Fraction`] and
//! [`Scoring::FirstN`] (verl's `continuous`) give partial rewards. The
//! detail says how many tests passed and why the first failure failed.
#![deny(missing_docs)]

mod compare;
mod run;
mod sandbox;
mod spec;
mod verifier;

pub use compare::{Compare, Tolerance};
pub use rlvr_core::{CallArgs, FunctionCall};
pub use run::{CallOutcome, CallRun, ProgramRun, RunLimits, RunStatus, TimeLimit};
pub use verifier::{
    BUILD_COMMAND, Blocks, CACHE_ENV, CodeVerifier, CodeVerifierBuilder, GUEST_ENV, Isolation,
    Scoring,
};

/// Registers a default [`CodeVerifier`] under [`names::CODE`](rlvr_core::names::CODE)
/// (routed by [`Registry::guru`](rlvr_core::Registry::guru) for
/// `codegen*`, `codecontests`, `apps`, `codeforces` and `taco`).
///
/// # Errors
/// [`Error::Duplicate`](rlvr_core::Error::Duplicate) when the name is
/// already registered.
///
/// # Example
/// ```
/// let mut reg = rlvr_core::Registry::guru();
/// rlvr_code::register(&mut reg)?;
/// assert_eq!(reg.route_of("codegen__leetcode2k"), Some("code"));
/// assert!(reg.verifier("code").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn register(registry: &mut rlvr_core::Registry) -> Result<(), rlvr_core::Error> {
    registry.register(std::sync::Arc::new(CodeVerifier::new()))?;
    Ok(())
}
