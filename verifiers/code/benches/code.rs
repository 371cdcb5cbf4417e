//! Per-program latency of the code verifier: one program, 10 stdin/stdout
//! tests, a fresh sandbox instance per program; and one HumanEval-style
//! functional test; the run API (`run_program`, `call_function`). Skipped, loudly, when the guest is not built
//! (`verifiers/code/guest/build.sh`).

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_code::CodeVerifier;
use rlvr_core::{CallArgs, Context, Executor as _, FunctionCall, RunLimits, Sample, Verifier};
use serde_json::json;

fn bench(c: &mut Criterion) {
    let v = CodeVerifier::new();
    if !v.sandbox().guest_path().is_file() {
        eprintln!(
            "\n*** SKIPPED: no Python guest at {}; run {} ***\n",
            v.sandbox().guest_path().display(),
            rlvr_code::BUILD_COMMAND
        );
        return;
    }
    v.sandbox().preload().expect("the guest loads");
    let inputs: Vec<String> = (0..10)
        .map(|i| {
            format!("{i}\n{}\n", (0..20).map(|j| (i * j).to_string()).collect::<Vec<_>>().join(" "))
        })
        .collect();
    let outputs: Vec<String> =
        (0..10).map(|i| format!("{}\n", (0..20).map(|j| i * j).sum::<i64>() * i)).collect();
    let stdio = Sample::new(
        "codegen__taco",
        "```python\nn = int(input())\nxs = list(map(int, input().split()))\nprint(sum(xs) * n)\n```",
        json!({"inputs": inputs, "outputs": outputs}).to_string(),
    );
    let functional = Sample::new(
        "codegen__humaneval",
        "```python\ndef add(a, b):\n    return a + b\n```",
        json!({"functional": "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 2) == 4\n\ncheck(add)"}).to_string(),
    );
    let cx = Context::default();
    for s in [&stdio, &functional] {
        let r = v.verify(s, &cx).expect("graded");
        assert!(r.is_correct(), "{r:?}");
    }
    let mut g = c.benchmark_group("code");
    g.sample_size(30);
    g.bench_function("stdio-10-tests", |b| b.iter(|| v.verify(&stdio, &cx)));
    g.bench_function("functional-humaneval-style", |b| b.iter(|| v.verify(&functional, &cx)));
    // The generic run API: one program with a stdin; one function call
    // compared with an expected literal (CRUXEval).
    let limits = RunLimits::default();
    g.bench_function("run-program", |b| {
        b.iter(|| {
            v.sandbox().run_program(
                "print(sum(map(int, input().split())))",
                "1 2 3\n",
                &limits,
                &cx,
            )
        });
    });
    let call = FunctionCall::new("def f(x):\n    return x[::-1]", "f", CallArgs::Source("'abc'"))
        .with_expect("'cba'");
    g.bench_function("call-function", |b| {
        b.iter(|| v.sandbox().call_function(&call, &limits, &cx));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
