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
//! 0.25.1, `-O3`), with a harness pre-initialized into a snapshot: a fresh,
//! isolated interpreter costs about 2-3 ms. The harness is split by what
//! its parts do, and `guest/MANIFEST` lists its files (in hashing order):
//! `app.py` (the component's entry points), `rlvr_setup.py` (sandbox
//! set-up: stdlib pre-import, synchronous threads, capped in-memory stdio,
//! exits, reseeding, an asyncio event loop without its self-pipe), `rlvr_guards.py` (guards for the modes that share one
//! interpreter), `rlvr_value.py` (values as data, and the two sides of a
//! split run), `rlvr_modes.py` (stdio, call, exec, invoke) and
//! `rlvr_pytest.py` (the pytest runner). The guest is built, never
//! committed, by `guest/build.sh`, which installs the hash-pinned
//! `componentize-py` wheel with pip into a venv under
//! `${RLVR_CACHE:-$HOME/.cache/rlvr}` and writes
//! `$RLVR_CACHE/code/python-guest.wasm`.
//!
//! **Nobody has to run it:** a [`Sandbox`] on the default guest path builds
//! the guest there on first use when it is missing or stale (the same
//! script and pinned wheel, embedded in this library), under a lock file so
//! that concurrent first uses from several processes build once, and says
//! so in one line on standard error (about a minute, once per machine and
//! rlvr version). Offline, the error says what to run and which variable
//! to set; `RLVR_GUEST_BUILD=0` turns the build off. The Python wheel works
//! the same way (the guest is built on first use, not bundled). To build
//! ahead of time:
//!
//! ```sh
//! verifiers/code/guest/build.sh   # about 30 s; prints the guest's path
//! ```
//!
//! The [`Sandbox`] takes the guest from [`SandboxBuilder::guest`], else the
//! environment variable [`RLVR_PYTHON_GUEST`](GUEST_ENV), else that default
//! path; a missing guest at an explicit path is an
//! [`Error::Sandbox`](rlvr_core::Error) saying how to build it. So is a
//! stale one: `build.sh` writes the SHA-256 of the harness sources beside
//! the guest (`python-guest.wasm.key`), and a guest whose key differs from
//! this library's harness (older harness files, with older grading rules or
//! without a later reward-hack defence) is refused until it is rebuilt. Both
//! hash the files of `guest/MANIFEST`, concatenated in its order (a unit
//! test checks that the library's list is the manifest).
//!
//! # The sandbox
//! - One [`Sandbox`] owns one [`wasmtime::Engine`] (with a pooling
//!   allocator), the guest, its staleness check and an epoch ticker
//!   thread, all created on first use (no global state). A
//!   [`CodeVerifier`] holds an `Arc<Sandbox>`: its own by default, or one
//!   shared through [`CodeVerifierBuilder::sandbox`], so the code verifier,
//!   the simulation verifiers and `/run_code` can run on one engine and one
//!   loaded guest (the `rlvr` facade shares one this way). The compiled
//!   guest is cached on disk by wasmtime's own cache (keyed by the guest's
//!   bytes and the engine's settings and version, written atomically,
//!   recompiled when an entry does not load), under
//!   `$RLVR_CACHE/code/wasmtime`: the first process compiles for about
//!   10 s, later ones load in well under a second.
//! - A fresh instance per program (or per test, [`Isolation::PerTest`]):
//!   no preopened directories, no environment, no network, no
//!   subprocesses, no threads (a `threading.Thread` runs its target
//!   synchronously, for the deep-recursion idiom); stdin, stdout and
//!   stderr are in-memory and capped. The whole standard library is
//!   imported into the snapshot at build time, its private modules too
//!   (CPython imports `_pylong` lazily for int↔str beyond a few thousand
//!   digits, `_strptime` for `strptime`), since there is no filesystem to
//!   import from at run time. `asyncio.run` works: the event loop runs
//!   without the self-pipe socketpair it would make (there are no sockets).
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
//! | call-based | the same plus `"fn_name"` (inputs: one JSON value per line, or a list of arguments) | the program is loaded once, then `fn` (or `Solution().fn`) is called per test; the result crosses as a value table (below) and is compared **on the host** with Python's `==` (tuples as lists; also against `outputs[i][0]`, as the reference does) |
//! | functional | `{"functional": "<test code>"}` (HumanEval, MBPP, LeetCode2k with `extra_info.prefix`, LiveCodeBench, TACO `_deep_eq`) | a **split run** (below), one per test code |
//! | SandboxFusion | `{"assert_case": ["assert ..", ..]}` | one split run per case |
//! | pytest | `{"pytest": "<test file>"}` or `{"solution_file": "<test file>"}` (no Guru script produces them) | a split run; files that use `capsys` or `monkeypatch` are refused (below) |
//!
//! # Trusted and untrusted apart: the split run
//! Whatever decides a verdict runs where the program cannot reach it. For
//! stdin/stdout and call-based tests that is the host: the program's
//! instance hands over only its stdout, or its results as data. For the
//! assert-style formats (functional, `assert_case`, pytest) two instances
//! of the guest work together, each in its own wasmtime store:
//! - the **program's instance** loads `prefix + program` and then only
//!   answers requests (`serve`: call a function, read an attribute, iterate
//!   an object); what it returns is data;
//! - a fresh **trusted instance**, which never runs program code, runs the
//!   test side: the prefix (`extra_info.prefix`), the helpers of the row's
//!   prompt, the test code, the comparisons, the asserts and the verdict.
//!   Each name the program defines is there an opaque **handle**: calling
//!   it (or a method or attribute of an object it returns) goes out through
//!   the host import `call`, which the host forwards to the program's
//!   instance; arguments and results cross as a **value table** (none,
//!   bool, int of any size, float, complex, str, bytes, bytearray, Decimal,
//!   Fraction, list, tuple, set, frozenset, dict, objects, handles; a flat
//!   table, so shared and cyclic parts keep their shape). In-place changes
//!   to the arguments come back with the result (and with an exception the
//!   program raised, before the test sees it): each mutable part of the
//!   arguments (lists, dicts, sets, bytearrays, deques, Counters, trusted
//!   objects, at any depth, inside tuples too) is refilled in place, so the
//!   test's own objects, and every alias it keeps of an inner list, see the
//!   program's changes as in Python.
//!
//! So an object the program makes never enters the trusted instance:
//! - **plain data** is rebuilt there from the table by trusted code (an
//!   `int` subclass arrives as an `int`; a container of more than 10,000
//!   items among the program's top-level names stays a handle, indexed
//!   and iterated on request);
//! - a few **standard values** cross as data too and are rebuilt with the
//!   trusted side's own classes: `collections.deque`, `Counter`,
//!   `OrderedDict`, `defaultdict` (its `default_factory` only when it is a
//!   builtin type such as `list` or `int`, else none), `datetime.date`,
//!   `datetime`, `time` (with no tzinfo or a fixed `timezone`), `timedelta`,
//!   `timezone`, `range`, `slice` and the members of a standard module's
//!   enum; only the exact classes (a program's subclass of `deque` stays a
//!   handle);
//! - an object whose class **name** is one of the trusted side's classes
//!   (the prefix's `ListNode`/`TreeNode`, a class of the test code) crosses
//!   as data: its attributes (no dunder names, and none that shadows
//!   anything of the class but a dataclass field: a `TOL` constant its
//!   `__eq__` reads stays the class's), rebuilt with the **trusted** class.
//!   Instance attributes are the program's data, as natively: a test class
//!   whose `__eq__` trusts a setting of the answer object itself (a
//!   `self.tol` its `__init__` sets) lets the program choose it, here as
//!   in Python;
//! - a module crosses by name and is the trusted side's own copy, only
//!   under its own name (`import math`; a program binding another module
//!   to a test's name is ignored); in the other direction the test side's
//!   builtin functions and classes (`key=len`) cross by name too;
//! - **anything else** (the program's functions, classes and objects, an
//!   "always equal" object, `Solution()`) stays in the program's instance
//!   as a handle, even a class or function of a standard module (the test
//!   side never instantiates a class the program picked). A handle
//!   compares and hashes as itself (identity,
//!   on the trusted side), so `handle == expected` is false and the program
//!   never sees what it is compared with; `str()`, `repr()`, `len()`, truth
//!   (`bool()`), indexing, `next()` and iteration ask the program, and get
//!   data back (a `str()` or `repr()` that is not a plain string is a
//!   `TypeError`; `x in handle` iterates the program's items and compares
//!   them on the trusted side: the program never sees `x`).
//!   Iteration is lazy: the iterator stays in the program's instance and
//!   a loop's items come in batches (1, 2, 4, ... up to 4,096 items; an
//!   explicit `next()` takes one, so the program's generator never runs
//!   ahead of a test that checks its state or `send()`s to it), so
//!   `islice` over an infinite generator works; items a generator yielded
//!   before it raised arrive before the exception. One iterator hands over
//!   at most 100,000 items, and at most what one reply may carry (4× the
//!   output cap) in all its batches: past that (`list()` of an infinite
//!   generator) the test fails with an output limit. Design problems
//!   (`MinStack()` then its methods) and `Solution().method` work through
//!   handles.
//!
//! The names the tests see: the program's (handles or data), then the
//! prefix's and the prompt helpers', which win; then the test code's own.
//! Only the program names the tests are granted (below) enter the trusted
//! globals, so a name the tests bind in a way that fails at run time
//! (`try: from numpy import isclose` where the guest has no numpy), or
//! read through `globals()`, is never the program's. A genuine module's
//! name is that module (also when the tests read it without importing it)
//! unless the tests only ever call it (`select(...)`, every occurrence of
//! the word in their text, strings and comments included, followed by
//! `(`): then it may be the program's function (`def select`); so
//! `math.isclose`, `getattr(math, ...)` or a mention in a string means the
//! module, never a program's fake `math`; the function the row names (the
//! `NAME` of `check(NAME)`, `function_name`, `entry_point`) is always the
//! program's, whatever the text says. No builtin's name (`len`,
//! `isinstance`) is taken from the program. A program object's docstring
//! never crosses (its `__doc__` is `None`, so `functools.wraps(candidate)`
//! works), and test code that uses `doctest` is refused
//! (`gold_unparseable`): the examples are the program's code and would
//! run on the trusted side. Its `__name__` and `__qualname__` come back as
//! data.
//! **Helpers the tests call but do not define** come from trusted sources
//! only: `extra_info.prefix` (LeetCode's `ListNode`, `list_node`,
//! `is_same_list`, ...), and the Python code of the row's prompt (its
//! fenced blocks; without a fence, the code found in its text from the
//! first line that starts a definition or an import): its imports and its
//! complete top-level functions and classes, except the one to write
//! (`extra_info.function_name`, or `entry_point`) and stubs whose body is
//! only a docstring. That gives HumanEval/32 its `poly` and /38 its
//! `encode_cyclic` from the prompt. In tests of the HumanEval shape
//! (`def check(candidate)` then `check(NAME)`), which reach the program only
//! through the candidate, a helper found in neither (a row whose prompt has
//! no code) would have to be the program's, which could make it lie: such a
//! row is refused as `gold_unparseable`. That is decided from the test code
//! and the trusted sources alone (a name the tests read that neither they,
//! the prefix, the prompt, the builtins nor a module define), so it does
//! not depend on whether the program defines the name: a wrong program
//! cannot turn its zero into a refusal by defining it. Other shapes (MBPP
//! asserts, `assert_case`, LeetCode's `check(Solution().f)`) call the
//! program's functions by name, and a helper they read that no trusted
//! source defines (a forgotten `from collections import Counter`, an
//! `is_close`) would be the program's, whose result would then build the
//! expected value or decide the assert. So such tests may read from the
//! program only `Solution` and the function the row names
//! (`extra_info.function_name` or `entry_point`), or, in a row that names
//! none, **one** name in all (`Solution` counts); tests that read more are
//! refused (`gold_unparseable`, the detail names them), decided from the
//! tests and the trusted sources alone, as above. (An MBPP row that tests
//! two functions and names neither is refused too: could not grade, never
//! a reward.) A star import of a standard module in the tests (`from math
//! import *`) binds that module's public names.
//!
//! An exception the program raises reaches the test side as the builtin
//! exception of the same name (`ValueError`, ...); the program's own class
//! as a trusted stand-in of the same name deriving from its nearest
//! builtin base (so `except ValueError` catches a program's
//! `class E(ValueError)`, but `pytest.raises(E)` with the program's `E`,
//! a handle, is not supported); an exception class of the trusted side
//! (the prefix's or the test code's `InvalidInput`) that the program raises
//! is that trusted class. Only what the program's code raises is the
//! program's exception: an error while its result is encoded as data (an
//! object whose `__class__` lies) fails the test whatever the test code
//! catches, so it never passes for a `TypeError` the test expects; so does
//! a reply the trusted side cannot rebuild (a forged date, an attribute it
//! may not set). A
//! `StopIteration` (or `StopAsyncIteration`) out of any handle operation
//! (a call, `len()`, `iter()`, an attribute, truth, indexing) is a trusted
//! stand-in of that name deriving from `Exception` only: a real one would
//! silently end the test's own loop (`all(map(lambda n:
//! len(candidate(n)) == .., cases))`), and a `RuntimeError` (PEP 479's
//! choice) would pass `pytest.raises(RuntimeError)` where the native test
//! fails; `pytest.raises(StopIteration)` accepts the stand-in, as it would
//! the real one. The end of a program iterator is the protocol's own
//! signal, so `next()` on an exhausted one raises `StopIteration` as in
//! Python. `SystemExit` (or a subclass), `os._exit`,
//! `KeyboardInterrupt` and any other exception that is not an `Exception`
//! (`GeneratorExit`, the program's own `BaseException` subclass), a memory
//! or output limit in the program fail the test whatever the test code
//! catches (`except Exception`, `except BaseException`, a bare `except:`,
//! `pytest.raises`): the host, which forwards every `call`, reads that from
//! the program's reply and stops the trusted instance there, so the test
//! code never sees it (in every split format: functional, `assert_case`,
//! pytest). A trap of the program's instance (fuel, wall clock, a crash)
//! fails the test with that outcome. Callables cannot be passed to the
//! program (a `key=` lambda of the test code): the test errors.
//!
//! Each functional test (and each `assert_case`) gets a fresh pair of
//! instances; the fuel and the wall-clock backstop hold per instance and
//! per test (a pytest run renews both at each test).
//!
//! # The pytest format
//! pytest is not in the guest; the harness has a small pytest-compatible
//! runner. The program is loaded as module `solution` (its public names, or
//! its `__all__`, are also visible to the test file, as `from solution
//! import *` would make them). **The test file's own names win**: a name
//! the test file binds at its top level (its imports, `def`s, classes and
//! assignments) never comes from the program, wherever its `from solution
//! import *` stands (natively a star import after `from collections import
//! Counter` or `import pytest` would rebind those names to the program's,
//! which could then build the expected values); the program's names fill
//! only the names the test file does not bind. An explicit `from solution
//! import f` or `solution.f` still reads the program's `f`. A name the
//! test file reads but never binds would come from the program, which
//! could define a forgotten helper (`Counter`, `isclose`) to agree with its
//! own wrong answer: a file that imports names from `solution` explicitly
//! (or `import solution`) may read no such name, and a file with only
//! `from solution import *` may read one (the function under test); more
//! is `gold_unparseable`, decided from the test file alone. The star import
//! brings only that name; what the file imports by name (or through
//! `import solution`) is the program's even under a module's name. The
//! test file
//! then runs with a fresh minimal
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
//! it); `autouse=True` works. `capsys` and `monkeypatch` are refused (see
//! below). Anything else
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
//!   not count); a `skipif`/`xfail` condition (an expression or a condition
//!   string, and `raises=`) may read only the test file's own names (not
//!   those it binds to the program: `from solution import FLAG`,
//!   `solution.X`, a string naming `solution`), the names a test class's
//!   body binds, the builtins, `os`, `sys` and `platform`: one that reads
//!   any other name (the program's `SKIP_ALL`) makes the file
//!   `gold_unparseable`; only condition strings written in the file's
//!   marks are evaluated (a string the program supplies errors the test,
//!   it never runs);
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
//! # The run API: [`Sandbox`] is an [`Executor`](rlvr_core::Executor)
//! Besides grading, the sandbox runs arbitrary programs, each in a fresh
//! instance, through [`rlvr_core::Executor`] with
//! [`RunLimits`](rlvr_core::RunLimits) (the trait and its data types live
//! in `rlvr-core`, so crates that only need *a* sandbox, such as
//! `rlvr-sim` and `rlvr-server`, do not depend on this one):
//! - [`run_program`](rlvr_core::Executor::run_program): a program with a
//!   stdin, like `python3 prog.py < stdin`; returns stdout, stderr, the
//!   exit status, how it ended ([`RunStatus`](rlvr_core::RunStatus):
//!   finished, runtime or compile error, time limit by fuel or wall clock,
//!   memory or output limit) and its duration (what a SandboxFusion
//!   `/run_code` endpoint needs);
//! - [`call_function`](rlvr_core::Executor::call_function): a function of
//!   a program called with Python-literal arguments; returns the result's
//!   `repr` and JSON, or whether it `==` a Python-literal expectation
//!   (CodeI/O, CRUXEval). Arguments and expectations are read with
//!   `ast.literal_eval` inside the guest; nothing is evaluated on the host,
//!   and the comparison runs in a second, fresh instance that never ran the
//!   program.
//!
//! The crate re-exports no `rlvr-core` type: name them as `rlvr_core::…`.
//!
//! # Determinism
//! Fuel makes time limits deterministic; randomness is too: the harness
//! reseeds `random` before each program and the host seeds the guest's
//! WASI random source (`os.urandom`, `secrets`, `uuid4`), both from
//! [`CodeVerifierBuilder::seed`] / [`RunLimits::seed`](rlvr_core::RunLimits::seed) (default 0). The
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
//! # Exact integers
//! Call-based results compare as Python's `==` does: an expected integer
//! needs that integer exactly, at any size (`2**70 + 123456` is not
//! `2**70`, the float `1e17` is not `100000000000000001`); a float equals
//! an integer only when it is that integer exactly; a `Fraction`, a
//! `Decimal` or a complex equals a number when its exact value is that
//! number (`Fraction(10) == 10`, `Decimal("0.5") == 0.5`, `Decimal("0.1")
//! != 0.1`); no tolerance at all. A dict result has as many keys as the
//! gold and each gold key matches exactly one of its keys: the gold's keys
//! are JSON strings, which no int key equals, or, where every key of a
//! gold dict reads as an integer, the reference's reading of that dict
//! with `int` keys (`{"0": "a"}` is `[{0: "a"}]`, as the reference's loader
//! makes it); a dict mixing the two (`{0: "a", "0": "a"}`) equals neither.
//! Results cross as decimal text, whatever limit the program sets with
//! `sys.set_int_max_str_digits` (the harness lifts it while it encodes and
//! decodes). An expected JSON integer beyond 64 bits
//! is read by `serde_json` as the nearest double, so the result must be
//! that double's exact integer (a ground truth whose big integers are not
//! doubles needs the functional format, where Python compares). In the
//! functional formats Python compares on the trusted side, exactly.
//!
//! # The host↔guest protocol
//! Every message of the guest (final results, streamed reports, the
//! program's replies, value tables) is decoded by one typed decoder
//! (serde enums, `protocol.rs`). A reply of the program's instance that
//! does not decode or whose table does not check (an index out of range,
//! a malformed number) is the program's doing: the test is graded wrong
//! and the detail says the reply was corrupt. Such replies are capped in
//! size (4× the output cap), `load`'s (the program's names) as every
//! `call`'s, before the host parses them (a longer one is graded wrong, and
//! the detail says so), and a value table holds at most 3,000,000 nodes and
//! container parts together; the names go to the trusted instance as the
//! checked table's own text. A pytest collection may report at most
//! 100,000 tests; no count the guest states sizes an allocation beyond
//! that. A protocol problem never panics or aborts the host.
//!
//! # Refused: pytest files that use `capsys` or `monkeypatch`
//! Those two fixtures need the program's own output and globals (patching
//! `solution.f` or `builtins.input` must reach the program), so their tests
//! could only run with the program in **one** interpreter, where no guard
//! can stop deliberate introspection (`gc`, frames, a patched `json`): an
//! independent red team got seven wrong programs to 1.0 that way. Such a
//! test file is `gold_unparseable` (could not grade), never a reward.
//! (The guest still carries that mode's code; the host no longer uses it.)
//!
//! The reference appends the tests to the program and reads exit status 0
//! as a pass; here the pass signal is the value the trusted side returns,
//! so `sys.exit(0)`, `os._exit(0)` and `raise SystemExit` fail.
//!
//! The streamed per-test reports (stdin/stdout, call-based, pytest) go
//! through a host import. In the split modes only the trusted instance can
//! reach it (the program's instance calling `report` or `call` is stopped
//! and fails the test). In the one-interpreter modes the program can call
//! it too: a report out of order voids every report of that run (each of
//! its tests fails), and so does a run that traps after reporting all of
//! its tests (the harness returns right after its last report).
//!
//! # Extraction and scoring
//! The program is the last fenced Python (or untagged) block after the last
//! `</think>`, by the shared [extraction policy](rlvr_core::extract); no
//! block is `NoAnswer`. [`Blocks::All`] (per verifier, or per row with
//! `extra_info.code_blocks = "all"`) joins every such block instead. Scoring is [`Scoring::PassFail`] by default (stop at
//! the first failure, like the reference); [`Scoring::Fraction`] and
//! [`Scoring::FirstN`] (verl's `continuous`) give partial rewards. The
//! detail says how many tests passed and why the first failure failed.
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - The verifier: [`CodeVerifier`], configured by [`CodeVerifierBuilder`]
//!   ([`Scoring`], [`Blocks`], [`Isolation`]); output comparison:
//!   [`Compare`], [`Tolerance`].
//! - The sandbox: [`Sandbox`], configured by [`SandboxBuilder`]; it is an
//!   [`Executor`](rlvr_core::Executor). The guest's environment variables
//!   and build command: [`GUEST_ENV`], [`CACHE_ENV`], [`BUILD_COMMAND`].
//!
//! The wasmtime engine, the guest protocol and the test specs are private.
#![deny(missing_docs)]

mod guest_build;
mod protocol;
mod sandbox;
mod spec;
mod stdout;
mod verifier;
mod wasm;

#[cfg(fuzzing)]
pub use protocol::fuzz_guest_message;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use sandbox::{BUILD_COMMAND, CACHE_ENV, GUEST_ENV, Sandbox, SandboxBuilder};
pub use stdout::{Compare, Tolerance};
pub use verifier::{Blocks, CodeVerifier, CodeVerifierBuilder, Isolation, Scoring};

/// The code verifiers: a [`CodeVerifier`] under
/// [`names::CODE`](rlvr_core::names::CODE) (routed by
/// [`Registry::guru`](rlvr_core::Registry::guru) for `codegen*`,
/// `codecontests`, `apps`, `codeforces` and `taco`), running programs on
/// the [`Sandbox`] shared in `env`, or on a new one when none is (an
/// executor in `env` that is not shared as a `Sandbox` is not used: the
/// verifier needs more of the sandbox than the executor trait).
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use rlvr_code::Sandbox;
/// let sandbox = Arc::new(Sandbox::new());
/// let env = rlvr_core::Environment::new().with_shared(Arc::clone(&sandbox));
/// let mut reg = rlvr_core::Registry::guru();
/// reg.install(&[rlvr_code::DOMAIN], &env)?;
/// assert_eq!(reg.route_of("codegen__leetcode2k"), Some("code"));
/// assert!(reg.verifier("code").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verifiers(env: &Environment) -> Vec<Arc<dyn Verifier>> {
    let sandbox = env.shared::<Sandbox>().unwrap_or_else(|| Arc::new(Sandbox::new()));
    vec![Arc::new(CodeVerifier::builder().sandbox(sandbox).build())]
}

/// The reasoning-gym tasks graded here: none (the code domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("code", verifiers, gym_tasks);
