//! The guest's virtual clocks: sleeping, polling and waiting never block the
//! host and count against the time limit; clock readings and verdicts are
//! the same on every run and on any thread; integers in stdout are exact.
//!
//! Skipped, loudly, when the guest is not built
//! (`verifiers/code/guest/build.sh`).

use std::time::{Duration, Instant};

use crate::common::{grade, stdio, verifier};
use rlvr_code::CodeVerifier;
use rlvr_core::{
    Budget, Context, Executor as _, Reward, RunLimits, RunStatus, Sample, TimeLimit, Verdict,
    Verifier,
};
use serde_json::json;

/// The sample budget of these tests, and what a timeout may overrun it by.
const BUDGET: Duration = Duration::from_secs(10);
const SLACK: Duration = Duration::from_secs(1);

/// A verifier with the usual 10 s wall limit per test and about 1 s of
/// virtual time in fuel.
fn ten_second_verifier() -> CodeVerifier {
    loaded(
        CodeVerifier::builder()
            .fuel_per_test(4_500_000_000)
            .wall_per_test(BUDGET)
            .memory_bytes(256 << 20)
            .build(),
    )
}

/// The verifier with its sandbox loaded, so that no timing below includes
/// loading the guest.
fn loaded(v: CodeVerifier) -> CodeVerifier {
    v.sandbox().preload().expect("the guest loads");
    v
}

fn budget() -> Context {
    Context::new(&Budget::default().with_wall(Some(BUDGET)))
}

/// Grades `code` (stdin empty, expected stdout `1`) under the 10 s budget and
/// checks that it times out, on the time limit, within the budget.
fn times_out(v: &CodeVerifier, code: &str) {
    let t = Instant::now();
    let s = Sample::new("codegen__taco", crate::common::fenced(code), stdio(&[("", "1\n")]));
    let r = v.verify(&s, &budget()).unwrap_or_else(|e| panic!("error {e}\n{code}"));
    let took = t.elapsed();
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}\n{code}");
    assert!(r.detail.as_deref().unwrap_or("").contains("fuel"), "{r:?}\n{code}");
    assert!(took < BUDGET + SLACK, "{code}: took {took:?}");
}

#[test]
fn sleeping_past_the_limit_times_out_at_once() {
    if verifier().is_none() {
        return;
    }
    let v = ten_second_verifier();
    for code in [
        "import time\ntime.sleep(45)\nprint(1)",
        "import time\ntime.sleep(10**7)\nprint(1)",
        "import time\ntime.sleep(1e9)\nprint(1)",
        "import time\nwhile True:\n    time.sleep(0.01)",
        "import select\nselect.select([], [], [], 45)\nprint(1)",
        "import select\nselect.select([], [], [], 10**7)\nprint(1)",
        "import select\np = select.poll()\np.poll(45_000)\nprint(1)",
        "import selectors\nselectors.DefaultSelector().select(45)\nprint(1)",
        "import time\nt = time.monotonic()\nwhile time.monotonic() - t < 45:\n    pass\nprint(1)",
        "import time\nt = time.time()\nwhile time.time() - t < 45:\n    time.sleep(1)\nprint(1)",
    ] {
        times_out(&v, code);
    }
}

#[test]
fn sleeping_within_the_limit_is_instant_and_passes() {
    let Some(v) = verifier() else { return };
    // The shared verifier: 2 G fuel per test is about 0.44 s of virtual time.
    let t = Instant::now();
    let code = "import time, select\nt = time.monotonic()\ntime.sleep(0.1)\nselect.select([], [], [], 0.1)\n\
                d = time.monotonic() - t\nprint(int(0.2 <= d < 0.3))";
    let r = grade(v, code, stdio(&[("", "1\n")]));
    assert!(r.is_correct(), "{r:?}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    // A zero timeout is a non-blocking poll.
    let code = "import select\nprint(select.select([], [], [], 0))";
    let r = grade(v, code, stdio(&[("", "([], [], [])\n")]));
    assert!(r.is_correct(), "{r:?}");
    // A loop of zero sleeps ends on fuel like any busy loop.
    let r = grade(v, "import time\nwhile True:\n    time.sleep(0)", stdio(&[("", "1\n")]));
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}");
    // The shared verifier's limit is 0.44 s of virtual time: 1 s is past it.
    let r = grade(v, "import time\ntime.sleep(1)\nprint(1)", stdio(&[("", "1\n")]));
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}");
}

#[test]
fn a_sleep_counts_against_the_wall_limit_even_with_ample_fuel() {
    if verifier().is_none() {
        return;
    }
    let v = loaded(
        CodeVerifier::builder()
            .fuel_per_test(u64::MAX / 4)
            .wall_per_test(Duration::from_secs(2))
            .build(),
    );
    let t = Instant::now();
    let r = grade(&v, "import time\ntime.sleep(5)\nprint(1)", stdio(&[("", "1\n")]));
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    let r = grade(&v, "import time\ntime.sleep(1)\nprint(1)", stdio(&[("", "1\n")]));
    assert!(r.is_correct(), "{r:?}");
}

/// Every clock the guest can read, and the parity that used to flip.
const CLOCKS: &str = "import time, datetime\n\
    x = sum(i * i for i in range(20000))\n\
    print(time.time_ns(), time.monotonic_ns(), time.perf_counter_ns())\n\
    print(time.time_ns() // 10**6 % 2, datetime.datetime.now().isoformat())\n\
    t = time.perf_counter()\n\
    y = sum(i * i for i in range(20000))\n\
    print(time.perf_counter() > t)";

fn clock_run(v: &CodeVerifier) -> String {
    let run = v
        .sandbox()
        .run_program(CLOCKS, "", &RunLimits::default(), &Context::default())
        .expect("the program runs");
    assert_eq!(run.status, RunStatus::Finished, "{run:?}");
    run.stdout
}

#[test]
fn clock_readings_are_the_same_on_every_run_and_thread() {
    let Some(v) = verifier() else { return };
    let first = clock_run(v);
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 3, "{first}");
    // Time advances with work.
    assert_eq!(lines[2], "True", "{first}");
    // The wall clock starts at the fixed virtual epoch.
    assert!(
        lines[1].ends_with("2024-01-01T00:00:00.0") || lines[1].contains(" 2024-01-01T"),
        "{first}"
    );
    for _ in 0..3 {
        assert_eq!(clock_run(v), first);
    }
    std::thread::scope(|s| {
        let hs: Vec<_> =
            (0..2).map(|_| s.spawn(|| (0..3).map(|_| clock_run(v)).collect::<Vec<_>>())).collect();
        for h in hs {
            for out in h.join().expect("no panic") {
                assert_eq!(out, first);
            }
        }
    });
}

#[test]
fn waiting_on_nothing_that_can_end_is_a_timeout_not_a_hang() {
    let Some(_) = verifier() else { return };
    let v = ten_second_verifier();
    let mut limits = RunLimits::default();
    limits.wall = BUDGET;
    for code in [
        "import time\ntime.sleep(45)",
        "import select\nselect.select([], [], [], None)",
        "import threading\nthreading.Event().wait(45)",
        // No event loop in the guest (its self-pipe needs sockets).
        "import asyncio\nasyncio.run(asyncio.sleep(45))",
        "import threading\nl = threading.Lock()\nl.acquire()\nl.acquire(timeout=45)",
    ] {
        let t = Instant::now();
        let run = v.sandbox().run_program(code, "", &limits, &budget()).expect("runs");
        let took = t.elapsed();
        assert!(took < BUDGET + SLACK, "{code}: {took:?}");
        // A program may also fail at once (no threads in the guest): it
        // must never hang or run past the budget.
        assert!(
            matches!(
                run.status,
                RunStatus::TimeLimit(TimeLimit::Fuel)
                    | RunStatus::RuntimeError
                    | RunStatus::Finished
            ),
            "{code}: {run:?}"
        );
    }
}

/// A mixed batch: honest, wrong, clock-reading, sleeping and near-limit
/// rows; each row's verdict must not depend on the thread or the run.
fn batch() -> Vec<(String, serde_json::Value)> {
    let mut rows = Vec::new();
    for i in 0..6 {
        rows.push((
            format!("print(int(input()) * {i})"),
            stdio(&[("7\n", &format!("{}\n", 7 * i))]),
        ));
        rows.push((
            format!("import time\nprint(time.time_ns() // 10**6 % 2 + {i})"),
            stdio(&[("", &format!("{i}\n"))]),
        ));
        rows.push((
            format!("import time\nt = time.monotonic()\nn = 0\nwhile time.monotonic() - t < 0.0{i}:\n    n += 1\nprint(n % 2)"),
            stdio(&[("", "0\n")]),
        ));
        rows.push((format!("import time\ntime.sleep({i})\nprint(1)"), stdio(&[("", "1\n")])));
        rows.push((
            format!("n = 0\nfor k in range({}):\n    n += k\nprint(n % 3)", 200_000 * (i + 1)),
            stdio(&[("", "0\n")]),
        ));
    }
    rows
}

fn verdicts(v: &CodeVerifier, rows: &[(String, serde_json::Value)], threads: usize) -> Vec<Reward> {
    let out = std::sync::Mutex::new(vec![None; rows.len()]);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((code, gt)) = rows.get(i) else { break };
                    let r = grade(v, code, gt.clone());
                    out.lock().expect("no poison")[i] = Some(r);
                }
            });
        }
    });
    out.into_inner().expect("no poison").into_iter().map(|r| r.expect("graded")).collect()
}

#[test]
fn verdicts_are_the_same_on_one_or_two_threads_run_after_run() {
    let Some(_) = verifier() else { return };
    let v = ten_second_verifier();
    let rows = batch();
    let key = |rs: &[Reward]| rs.iter().map(|r| (r.verdict, r.score.to_bits())).collect::<Vec<_>>();
    let first = verdicts(&v, &rows, 1);
    // The rows are not all alike: some pass, some fail, some time out.
    for verdict in [Verdict::Correct, Verdict::Incorrect, Verdict::TimedOut] {
        assert!(first.iter().any(|r| r.verdict == verdict), "{verdict:?}: {first:?}");
    }
    for threads in [2, 1, 2] {
        assert_eq!(key(&verdicts(&v, &rows, threads)), key(&first), "{threads} threads");
    }
}

#[test]
fn integers_in_stdout_are_compared_exactly() {
    let Some(v) = verifier() else { return };
    for (code, expected, ok) in [
        ("print(1000000100000.0)", "1000000000000\n", false),
        ("print(1e18)", "999999999999999999\n", false),
        ("print(float(2**70))", &format!("{}\n", 2u128.pow(70) + 123_456), false),
        ("print(2**70 + 123456)", &format!("{}\n", 2u128.pow(70) + 123_456), true),
        ("print(10**40 + 1)", "10000000000000000000000000000000000000001\n", true),
        ("print(10**40)", "10000000000000000000000000000000000000001\n", false),
        ("print(6 / 2)", "3\n", true),
        ("print(1 / 3)", "0.3333333333\n", true),
    ] {
        let r = grade(v, code, stdio(&[("", expected)]));
        assert_eq!(r.is_correct(), ok, "{code} vs {expected}: {r:?}");
    }
    // The same through the ground truth's JSON.
    let r = grade(v, "print(1e17)", json!({"inputs": [""], "outputs": ["100000000000000001"]}));
    assert_eq!(r.verdict, Verdict::Incorrect, "{r:?}");
}
