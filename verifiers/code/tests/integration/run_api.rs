//! The run API (the sandbox as an `Executor`): `run_program` (a program with a stdin) and
//! `call_function` (a function called with literal arguments). Skipped,
//! loudly, when the guest is not built.

use std::time::Duration;

use rlvr_core::{
    CallArgs, CallOutcome, Context, Executor as _, FunctionCall, ProgramRun, RunLimits, RunStatus,
    TimeLimit,
};
use serde_json::json;

fn limits() -> RunLimits {
    RunLimits::default()
        .with_fuel(2_000_000_000)
        .with_wall(Duration::from_secs(10))
        .with_memory_bytes(256 << 20)
        .with_output_bytes(1 << 20)
}

fn run(code: &str, stdin: &str) -> ProgramRun {
    let v = crate::common::verifier().expect("checked by the caller");
    v.sandbox()
        .run_program(code, stdin, &limits(), &Context::default())
        .unwrap_or_else(|e| panic!("sandbox error: {e}\n{code}"))
}

#[test]
fn programs_finish_with_stdout_stderr_and_exit_status() {
    if crate::common::verifier().is_none() {
        return;
    }
    let r =
        run("import sys\nn = int(input())\nprint(n * 2)\nprint('note', file=sys.stderr)", "21\n");
    assert_eq!(r.status, RunStatus::Finished);
    assert_eq!(r.exit_code, Some(0));
    assert_eq!(r.stdout, "42\n");
    assert_eq!(r.stderr, "note\n");
    // Every stdin idiom reads the given stdin.
    let r = run("import sys\nprint(sys.stdin.read().split())", "a b\nc\n");
    assert_eq!(r.stdout, "['a', 'b', 'c']\n");
    // sys.exit(n) is a finished program with status n; a message goes to
    // stderr with status 1.
    let r = run("print('x')\nimport sys\nsys.exit(3)", "");
    assert_eq!((r.status, r.exit_code, r.stdout.as_str()), (RunStatus::Finished, Some(3), "x\n"));
    let r = run("exit('bye')", "");
    assert_eq!((r.status, r.exit_code, r.stderr.as_str()), (RunStatus::Finished, Some(1), "bye\n"));
    let r = run("import os\nos._exit(0)\nprint('unreached')", "");
    assert_eq!((r.status, r.exit_code, r.stdout.as_str()), (RunStatus::Finished, Some(0), ""));
}

#[test]
fn errors_give_a_traceback_and_status_one() {
    if crate::common::verifier().is_none() {
        return;
    }
    let r = run("print('before')\nx = 1 // 0", "");
    assert_eq!((r.status, r.exit_code), (RunStatus::RuntimeError, Some(1)));
    assert_eq!(r.stdout, "before\n");
    assert!(r.stderr.starts_with("Traceback (most recent call last):"), "{}", r.stderr);
    assert!(r.stderr.contains("line 2") && r.stderr.contains("ZeroDivisionError"), "{}", r.stderr);
    assert!(!r.stderr.contains("app.py"), "the harness's frames leak: {}", r.stderr);
    let r = run("def f(:\n  pass", "");
    assert_eq!((r.status, r.exit_code), (RunStatus::CompileError, Some(1)));
    assert!(r.stderr.contains("SyntaxError"), "{}", r.stderr);
    // Reading past the end of stdin is an EOFError, as natively.
    let r = run("input()\ninput()", "one\n");
    assert!(r.stderr.contains("EOFError"), "{}", r.stderr);
}

#[test]
fn limits_are_classified() {
    let Some(v) = crate::common::verifier() else { return };
    let cx = Context::default();
    let r = v
        .sandbox()
        .run_program("while True: pass", "", &limits().with_fuel(200_000_000), &cx)
        .unwrap();
    assert_eq!((r.status, r.exit_code), (RunStatus::TimeLimit(TimeLimit::Fuel), None));
    let wall = limits().with_fuel(u64::MAX / 2).with_wall(Duration::from_millis(300));
    let r = v.sandbox().run_program("while True: pass", "", &wall, &cx).unwrap();
    assert_eq!(r.status, RunStatus::TimeLimit(TimeLimit::Wall));
    let r = v
        .sandbox()
        .run_program("x = bytearray(200 << 20)", "", &limits().with_memory_bytes(64 << 20), &cx)
        .unwrap();
    assert_eq!(r.status, RunStatus::MemoryLimit);
    let r = v.sandbox().run_program(
        "while True: print('y' * 1000)",
        "",
        &limits().with_output_bytes(1 << 16),
        &cx,
    );
    assert_eq!(r.unwrap().status, RunStatus::OutputLimit);
    // A stderr flood is cut, not an error.
    let r = v
        .sandbox()
        .run_program(
            "import sys\nfor _ in range(1000): sys.stderr.write('e' * 100)\nprint('ok')",
            "",
            &limits().with_output_bytes(1000),
            &cx,
        )
        .unwrap();
    assert_eq!((r.status, r.stdout.as_str(), r.stderr.len()), (RunStatus::Finished, "ok\n", 1000));
    // Calling the harness's report hook cannot reset the fuel.
    let r = run("import wit_world\nwit_world.report('{}')", "");
    assert_eq!(r.status, RunStatus::RuntimeError);
    // The sandbox still serves the next program.
    assert_eq!(run("print(1)", "").stdout, "1\n");
}

#[test]
fn randomness_is_seeded() {
    let Some(v) = crate::common::verifier() else { return };
    let cx = Context::default();
    let code = "import random, os, uuid, secrets\nprint(random.random(), random.randint(1, 10**9))\n\
                print(os.urandom(8).hex(), uuid.uuid4(), secrets.token_hex(4))\n\
                random.seed()\nprint(random.random())";
    let a = v.sandbox().run_program(code, "", &limits(), &cx).unwrap();
    let b = v.sandbox().run_program(code, "", &limits(), &cx).unwrap();
    assert_eq!(a.status, RunStatus::Finished, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    let c = v.sandbox().run_program(code, "", &limits().with_seed(7), &cx).unwrap();
    assert_ne!(a.stdout, c.stdout);
    // The same seed as `random.seed(0)` natively.
    let first = a.stdout.split_whitespace().next().unwrap();
    assert_eq!(first, "0.8444218515250481");
}

fn call(program: &str, f: &str, args: CallArgs<'_>, expect: Option<&str>) -> CallOutcome {
    let v = crate::common::verifier().expect("checked by the caller");
    let mut c = FunctionCall::new(program, f, args);
    if let Some(e) = expect {
        c = c.with_expect(e);
    }
    v.sandbox()
        .call_function(&c, &limits(), &Context::default())
        .unwrap_or_else(|e| panic!("sandbox error: {e}"))
        .outcome
}

const REVERSE: &str = "def f(x):\n    return x[::-1]\n";

#[test]
fn calls_return_repr_json_and_python_equality() {
    if crate::common::verifier().is_none() {
        return;
    }
    let r = call(REVERSE, "f", CallArgs::Source("'abc'"), Some("'cba'"));
    assert_eq!(
        r,
        CallOutcome::Returned {
            repr: "'cba'".into(),
            value: Some(json!("cba")),
            equal: Some(true)
        }
    );
    // Python's ==: a tuple is not a list; 1 == 1.0 == True.
    let r = call(REVERSE, "f", CallArgs::Source("(1, 2)"), Some("[2, 1]"));
    assert!(matches!(r, CallOutcome::Returned { equal: Some(false), .. }), "{r:?}");
    let r = call("def f():\n    return 1", "f", CallArgs::Source(""), Some("True"));
    assert!(matches!(r, CallOutcome::Returned { equal: Some(true), .. }), "{r:?}");
    // Keyword arguments from JSON; a set result has a repr but no JSON.
    let kw = json!({"n": 3});
    let r = call(
        "def main_solution(n):\n    return {i * i for i in range(n)}",
        "main_solution",
        CallArgs::Keywords(kw.as_object().unwrap()),
        None,
    );
    assert_eq!(r, CallOutcome::Returned { repr: "{0, 1, 4}".into(), value: None, equal: None });
    let pos = [json!([1, 2]), json!(3)];
    let r = call("def g(a, b):\n    return a + [b]", "g", CallArgs::Positional(&pos), None);
    assert!(matches!(r, CallOutcome::Returned { value: Some(v), .. } if v == json!([1, 2, 3])));
    // A `__main__` block does not run when the program is loaded.
    let r = call(
        "def f(x):\n    return x\nif __name__ == '__main__':\n    input()",
        "f",
        CallArgs::Source("{1: (2, 3)}"),
        Some("{1: (2, 3)}"),
    );
    assert!(matches!(r, CallOutcome::Returned { equal: Some(true), .. }), "{r:?}");
    // A program that garbles the whole reply gets an outcome, not an error.
    let r = call(
        "import json\njson.dumps = lambda *a, **k: 'garbage'\ndef f():\n    return 5",
        "f",
        CallArgs::Source(""),
        Some("5"),
    );
    assert!(
        matches!(r, CallOutcome::Raised { ref message } if message.contains("corrupt")),
        "{r:?}"
    );
}

#[test]
fn calls_fail_cleanly() {
    if crate::common::verifier().is_none() {
        return;
    }
    let r = call(REVERSE, "f", CallArgs::Source("5"), None);
    assert!(
        matches!(&r, CallOutcome::Raised { message } if message.contains("TypeError")),
        "{r:?}"
    );
    let r = call("import numpy\ndef f(x):\n    return x", "f", CallArgs::Source("1"), None);
    assert!(
        matches!(&r, CallOutcome::LoadFailed { message } if message.contains("numpy")),
        "{r:?}"
    );
    let r = call(REVERSE, "g", CallArgs::Source("1"), None);
    assert!(matches!(r, CallOutcome::LoadFailed { .. }), "{r:?}");
    let r = call("def f(:", "f", CallArgs::Source("1"), None);
    assert!(matches!(r, CallOutcome::LoadFailed { .. }), "{r:?}");
    let r = call("def f(n):\n    while True: n += 1", "f", CallArgs::Source("1"), None);
    assert_eq!(r, CallOutcome::TimeLimit(TimeLimit::Fuel));
    let r = call("def f():\n    return 'x' * (4 << 20)", "f", CallArgs::Source(""), None);
    assert_eq!(r, CallOutcome::OutputLimit);
}

#[test]
fn arguments_and_expectations_are_only_literals() {
    if crate::common::verifier().is_none() {
        return;
    }
    let marker = "def f(*a, **k):\n    return 1\nimport builtins\nbuiltins.__dict__['hit'] = False";
    for args in
        ["__import__('os').getcwd()", "1), print('x'", "*[1]", "**{'a': 1}", "x", "(lambda: 1)()"]
    {
        let r = call(marker, "f", CallArgs::Source(args), None);
        assert!(
            matches!(&r, CallOutcome::Raised { message } if message.contains("not literals")),
            "{args}: {r:?}"
        );
    }
    for expect in ["__import__('os')", "f(1)", "1 or True"] {
        let r = call(REVERSE, "f", CallArgs::Source("'a'"), Some(expect));
        assert!(matches!(r, CallOutcome::Raised { .. }), "{expect}: {r:?}");
    }
}

/// `result == expect` is decided in a fresh instance that never ran the
/// program: an always-equal object (however its `__eq__` is made) or a
/// patched `==` in the program's interpreter equals nothing.
#[test]
fn call_equality_is_out_of_the_programs_reach() {
    if crate::common::verifier().is_none() {
        return;
    }
    for program in [
        "class A:\n    def __eq__(self, o):\n        return True\ndef f():\n    return A()",
        "class A:\n    __eq__ = staticmethod(lambda a, b: True)\ndef f():\n    return A()",
        "class I(int):\n    def __eq__(self, o):\n        return True\n    __hash__ = int.__hash__\ndef f():\n    return I(7)",
        "class D:\n    def __get__(self, o, t=None):\n        return lambda *a: True\nclass A:\n    __eq__ = D()\ndef f():\n    return A()",
        // A corrupt value table is no answer either.
        "import rlvr_value\nrlvr_value.encode = lambda *a, **k: {'nodes': [], 'root': 3}\ndef f():\n    return 0",
    ] {
        let r = call(program, "f", CallArgs::Source(""), Some("5"));
        assert!(matches!(r, CallOutcome::Returned { equal: Some(false), .. }), "{r:?}\n{program}");
    }
    // Plain data rebuilt on the trusted side: an int subclass is its value.
    let r = call(
        "class I(int):\n    pass\ndef f():\n    return [I(5), {2: (1,)}]",
        "f",
        CallArgs::Source(""),
        Some("[5, {2: (1,)}]"),
    );
    assert!(matches!(r, CallOutcome::Returned { equal: Some(true), .. }), "{r:?}");
    // A program that garbles the whole reply gets an outcome, not an error.
    let r = call(
        "import json\njson.dumps = lambda *a, **k: 'garbage'\ndef f():\n    return 5",
        "f",
        CallArgs::Source(""),
        Some("5"),
    );
    assert!(
        matches!(r, CallOutcome::Raised { ref message } if message.contains("corrupt")),
        "{r:?}"
    );
}
