//! The attack suite: hostile programs end with the right classification,
//! the host is unharmed, and the verifier still serves the next sample.
//!
//! Skipped, loudly, when the guest is not built
//! (`verifiers/code/guest/build.sh`).

use crate::common::{grade, stdio, verifier};
use rlvr_code::CodeVerifier;
use rlvr_core::{Reward, Verdict};
use serde_json::{Value, json};

/// The verifier still grades an honest program correctly.
fn still_serves(v: &CodeVerifier) {
    let r = grade(v, "print(int(input()) * 2)", stdio(&[("21\n", "42\n")]));
    assert!(r.is_correct(), "the verifier no longer serves: {r:?}");
}

fn detail(r: &Reward) -> &str {
    r.detail.as_deref().unwrap_or("")
}

/// The program prints `blocked` when the attack raised; anything else fails.
fn blocked(code: &str) {
    let Some(v) = verifier() else { return };
    let wrapped = format!(
        "try:\n{}\n    print('escaped')\nexcept BaseException as e:\n    print('blocked')",
        code.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
    );
    let r = grade(v, &wrapped, stdio(&[("", "blocked\n")]));
    assert!(r.is_correct(), "the attack was not blocked: {r:?}\n{code}");
    still_serves(v);
}

fn expect(code: &str, gt: Value, verdict: Verdict, detail_has: &str) {
    let Some(v) = verifier() else { return };
    let r = grade(v, code, gt);
    assert_eq!(r.verdict, verdict, "{r:?}\n{code}");
    assert!(detail(&r).contains(detail_has), "detail {:?} lacks {detail_has:?}\n{code}", r.detail);
    still_serves(v);
}

fn functional(test: &str) -> Value {
    json!({ "functional": test })
}

const CHECK_SQ: &str = "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(3) == 9\n\ncheck(sq)";

#[test]
fn reading_etc_passwd_is_blocked() {
    blocked("print(open('/etc/passwd').read()[:20])");
    blocked("import os\nprint(os.listdir('/'))");
    blocked("print(open('../../../../etc/passwd').read())");
}

#[test]
fn writing_files_is_blocked_and_the_host_is_unharmed() {
    let target = std::env::temp_dir().join("rlvr-code-attack-written");
    let _ = std::fs::remove_file(&target);
    blocked(&format!("open({:?}, 'w').write('pwned')", target.display().to_string()));
    blocked("open('/tmp/x', 'w').write('pwned')");
    assert!(!target.exists(), "the guest wrote a host file");
}

#[test]
fn sockets_are_blocked() {
    blocked("import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 22))");
    blocked("import urllib.request\nurllib.request.urlopen('http://127.0.0.1:1/')");
}

#[test]
fn subprocesses_and_fork_bombs_are_blocked() {
    blocked("import subprocess\nsubprocess.run(['ls', '/'])");
    blocked("import os\nos.system('ls /')");
    blocked("import os\nwhile True:\n    os.fork()");
    blocked("import os\nos.execv('/bin/sh', ['sh'])");
    blocked("import _thread\n_thread.start_new_thread(print, ('x',))");
}

#[test]
fn environment_is_empty() {
    let Some(v) = verifier() else { return };
    let r = grade(v, "import os\nprint(len(os.environ))", stdio(&[("", "0\n")]));
    assert!(r.is_correct(), "{r:?}");
}

#[test]
fn threads_run_their_target_synchronously() {
    let Some(v) = verifier() else { return };
    // The deep-recursion idiom of competitive programmers.
    let code = "import sys, threading\nsys.setrecursionlimit(10**6)\nthreading.stack_size(1 << 27)\n\
                def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\n\
                def main():\n    print(f(int(input())))\n\
                t = threading.Thread(target=main)\nt.start()\nt.join()";
    let r = grade(v, code, stdio(&[("100000\n", "100000\n")]));
    assert!(r.is_correct(), "{r:?}");
}

#[test]
fn infinite_loops_time_out_on_fuel() {
    expect("while True:\n    pass", stdio(&[("", "1\n")]), Verdict::TimedOut, "fuel");
    // C-level work is metered too.
    expect("x = 7 ** (10 ** 8)\nprint(1)", stdio(&[("", "1\n")]), Verdict::TimedOut, "fuel");
    expect(
        "import re\nprint(re.match(r'(a+)+$', 'a' * 40 + 'b'))",
        stdio(&[("", "None\n")]),
        Verdict::TimedOut,
        "fuel",
    );
}

#[test]
fn the_wall_clock_backstop_is_reported_as_such() {
    let Some(_) = verifier() else { return };
    let v = CodeVerifier::builder()
        .fuel_per_test(u64::MAX / 4)
        .wall_per_test(std::time::Duration::from_millis(300))
        .build();
    // Loading the guest (seconds in a debug build on a loaded machine) is
    // not the run's time.
    v.sandbox().preload().expect("the guest loads");
    let t = std::time::Instant::now();
    let r = grade(&v, "while True:\n    pass", stdio(&[("", "1\n")]));
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}");
    assert!(detail(&r).contains("wall clock"), "{r:?}");
    assert!(t.elapsed() < std::time::Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn a_loop_in_one_test_does_not_hide_the_others() {
    let Some(_) = verifier() else { return };
    let v = CodeVerifier::builder()
        .fuel_per_test(1_000_000_000)
        .scoring(rlvr_code::Scoring::Fraction)
        .build();
    let code = "n = int(input())\nwhile n == 2:\n    pass\nprint(n)";
    let r = grade(&v, code, stdio(&[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]));
    assert!((r.score - 0.75).abs() < 1e-9, "{r:?}");
    assert!(detail(&r).contains("test 2: time limit (fuel)"), "{r:?}");
}

#[test]
fn memory_bombs_hit_the_memory_limit() {
    expect(
        "x = bytearray(1 << 30)\nprint(1)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "memory limit",
    );
    expect(
        "l = []\nwhile True:\n    l.append(bytearray(1 << 20))",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "memory limit",
    );
    // wasm32: a huge size is an OverflowError, a runtime error.
    expect(
        "x = 'a' * 10 ** 10\nprint(1)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "OverflowError",
    );
}

#[test]
fn stdout_floods_hit_the_output_limit() {
    expect(
        "while True:\n    print('x' * 1000)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "output limit",
    );
    expect(
        "import sys\nwhile True:\n    sys.__stdout__.write('x' * 1000)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "output limit",
    );
    // Catching the limit does not help.
    expect(
        "while True:\n    try:\n        print('x' * 100000)\n    except BaseException:\n        break\nprint(1)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "output limit",
    );
}

#[test]
fn deep_recursion_works_and_runaway_recursion_is_a_runtime_error() {
    let Some(v) = verifier() else { return };
    let code = "import sys\nsys.setrecursionlimit(10**6)\nfrom functools import lru_cache\n\
                @lru_cache(None)\ndef f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(int(input())))";
    let r = grade(v, code, stdio(&[("2000", "2000")]));
    assert!(r.is_correct(), "lru_cache recursion of depth 2000: {r:?}");
    let code = "import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(10**6))";
    let r = grade(v, code, stdio(&[("", "1000000")]));
    assert!(r.is_correct(), "plain recursion of depth 10^6: {r:?}");
    expect(
        "def f(n):\n    return f(n + 1)\nf(0)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "RecursionError",
    );
}

#[test]
fn exit_codes_cannot_pass_functional_tests() {
    let f = functional(CHECK_SQ);
    for hack in [
        "import sys\nsys.exit(0)",
        "import os\nos._exit(0)",
        "import posix\nposix._exit(0)",
        "raise SystemExit",
        "exit()",
        "quit(0)",
    ] {
        expect(
            &format!("{hack}\ndef sq(x):\n    return 0"),
            f.clone(),
            Verdict::Incorrect,
            "exited",
        );
    }
    // Exiting while the tests run is a failure too.
    expect("import sys\ndef sq(x):\n    sys.exit(0)", f, Verdict::Incorrect, "SystemExit");
}

#[test]
fn redefining_check_or_patching_builtins_does_not_pass() {
    let f = functional(CHECK_SQ);
    let wrong = "def sq(x):\n    return 0\n";
    for hack in [
        "def check(candidate):\n    pass",
        "import builtins\nbuiltins.AssertionError = Exception",
        "__builtins__['AssertionError'] = type('E', (BaseException,), {})",
        "import sys\nsys.settrace(lambda *a: None)",
    ] {
        let v = verifier();
        if v.is_none() {
            return;
        }
        let r = grade(v.unwrap(), &format!("{wrong}{hack}"), f.clone());
        assert!(!r.is_correct(), "hack passed: {hack}\n{r:?}");
    }
    // A correct solution that also redefines `check` still passes: the
    // tests' own `check` wins.
    expect(
        "def sq(x):\n    return x * x\ndef check(c):\n    raise Exception",
        f,
        Verdict::Correct,
        "passed",
    );
}

#[test]
fn always_equal_objects_fail_the_asserts() {
    let f = functional(CHECK_SQ);
    let hack = "class E:\n    def __eq__(self, o):\n        return True\n    __hash__ = None\ndef sq(x):\n    return E()";
    // The object stays in the program's instance: the test side holds a
    // handle, which equals nothing but itself.
    expect(hack, f.clone(), Verdict::Incorrect, "AssertionError");
    // Subclasses of plain types arrive as plain data (their value).
    let hack =
        "class E(int):\n    def __eq__(self, o):\n        return True\ndef sq(x):\n    return E(0)";
    expect(hack, f.clone(), Verdict::Incorrect, "AssertionError");
    let hack = "class E(list):\n    def __eq__(self, o):\n        return True\ndef sq(x):\n    return [E()]";
    expect(hack, f, Verdict::Incorrect, "AssertionError");
}

#[test]
fn patching_stdlib_used_by_the_tests_does_not_pass() {
    // TACO-style `_deep_eq` leans on math.isclose.
    let test = "import math\n_inputs = [[1.0], [2.0]]\n_outputs = [[0.5], [1.0]]\n\
                def _deep_eq(a, b, tol=1e-5):\n    if isinstance(a, float) or isinstance(b, float):\n        \
                return math.isclose(a, b, rel_tol=tol, abs_tol=tol)\n    return a == b\n\
                for i, o in zip(_inputs, _outputs):\n    assert _deep_eq(half(*i), o[0])";
    let f = functional(test);
    expect("def half(x):\n    return x / 2", f.clone(), Verdict::Correct, "passed");
    let hack = "import math\ndef half(x):\n    math.isclose = lambda *a, **k: True\n    return 7.0";
    // The program's math is not the test side's.
    expect(hack, f.clone(), Verdict::Incorrect, "AssertionError");
    let hack =
        "def half(x):\n    global _deep_eq\n    _deep_eq = lambda a, b: True\n    return 7.0";
    expect(hack, f, Verdict::Incorrect, "AssertionError");
}

#[test]
fn forging_harness_reports_does_not_pass_or_run_forever() {
    let f = functional(CHECK_SQ);
    let hack = "import wit_world\nwit_world.report('{\"i\": 0, \"status\": \"ok\"}')\ndef sq(x):\n    return 0";
    expect(hack, f, Verdict::Incorrect, "report");
    let hack = "import wit_world, json\nwit_world.report(json.dumps({'i': 5, 'status': 'ok', 'stdout': '1'}))\nprint(1)";
    expect(hack, stdio(&[("", "1\n")]), Verdict::Incorrect, "report");
}

#[test]
fn rewriting_the_harness_reporter_in_process_does_not_pass() {
    // The program looks for the harness's `_report` (through
    // `sys.modules`, the frame chain or a gc walk) and wraps it so that
    // every test reports `ok`. It finds only its own instance's harness.
    let wrap = "def _mk(orig):\n    def fake(s):\n        import json as _j\n        d = _j.loads(s)\n        \
                if d.get('i', -1) >= 0:\n            d['status'] = 'ok'; d['err'] = ''\n        \
                return orig(_j.dumps(d))\n    return fake\n";
    let finders = [
        "import sys\nfor n in ('app', 'rlvr_setup', 'rlvr_modes', 'rlvr_pytest', 'rlvr_value'):\n    \
         h = sys.modules.get(n)\n    if h is not None and hasattr(h, '_report'):\n        \
         h._report = _mk(h._report)\n",
        "import sys\nf = sys._getframe()\nwhile f is not None:\n    if '_report' in f.f_globals:\n        \
         f.f_globals['_report'] = _mk(f.f_globals['_report'])\n    f = f.f_back\n",
        "import gc\nfor o in gc.get_objects():\n    if isinstance(o, dict) and '_report' in o:\n        \
         o['_report'] = _mk(o['_report'])\n",
    ];
    for finder in finders {
        let hack = format!("{wrap}{finder}def sq(x):\n    return 0\n");
        expect(&hack, functional(CHECK_SQ), Verdict::Incorrect, "AssertionError");
    }
}

#[test]
fn printing_expected_looking_output_does_not_pass_functional_tests() {
    let f = functional(CHECK_SQ);
    expect(
        "print('passed')\nprint('All tests passed')\ndef sq(x):\n    return 0",
        f,
        Verdict::Incorrect,
        "AssertionError",
    );
}

#[test]
fn stdin_idioms_all_work() {
    let Some(v) = verifier() else { return };
    let gt = stdio(&[("2\n3 4\n", "7\n"), ("1\n5\n", "5\n")]);
    for code in [
        "n = int(input())\nprint(sum(map(int, input().split())))",
        "import sys\ninput = sys.stdin.readline\nn = int(input())\nprint(sum(map(int, input().split())))",
        "import sys\nd = sys.stdin.buffer.read().split()\nprint(sum(map(int, d[1:])))",
        "d = open(0).read().split()\nprint(sum(map(int, d[1:])))",
        "import os\nd = os.read(0, 1 << 20).split()\nprint(sum(map(int, d[1:])))",
        "import sys\nd = sys.stdin.read().split()\nsys.stdout.write(str(sum(map(int, d[1:]))) + '\\n')\nexit()",
        "def main():\n    input()\n    print(sum(map(int, input().split())))\nif __name__ == '__main__':\n    main()",
        "import os\ninput()\nos.write(1, (str(sum(map(int, input().split()))) + '\\n').encode())",
        "import sys\nlines = sys.stdin.readlines()\nprint(sum(map(int, lines[1].split())))",
    ] {
        let r = grade(v, code, gt.clone());
        assert!(r.is_correct(), "{r:?}\n{code}");
    }
}

#[test]
fn syntax_errors_and_exceptions_are_classified() {
    expect("def f(:\n  pass", stdio(&[("", "1\n")]), Verdict::Incorrect, "compile error");
    expect("print(1 // 0)", stdio(&[("", "1\n")]), Verdict::Incorrect, "ZeroDivisionError");
    expect(
        "import sys\nprint(1)\nsys.exit(3)",
        stdio(&[("", "1\n")]),
        Verdict::Incorrect,
        "runtime error",
    );
    // A clean exit(0) after printing is a normal end.
    expect("import sys\nprint(1)\nsys.exit(0)", stdio(&[("", "1\n")]), Verdict::Correct, "passed");
}
