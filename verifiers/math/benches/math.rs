//! Criterion benches for the math verifier: one sample per common answer
//! shape, each checked for the expected verdict before it is timed.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::{Context, Sample, Verdict, Verifier};
use rlvr_math::MathVerifier;

fn cases() -> Vec<(&'static str, Sample, Verdict)> {
    let s = |r: &str, g: &str| Sample::new("math__math", r, g);
    vec![
        ("integer", s("so the answer is \\boxed{204}.", "204"), Verdict::Correct),
        ("fraction", s("we get \\boxed{\\dfrac{6}{8}}", "\\frac{3}{4}"), Verdict::Correct),
        ("surd", s("\\boxed{2\\sqrt{2}}", "\\sqrt{8}"), Verdict::Correct),
        // A decimal gold matched at its own precision (an exact gold would
        // need an exact answer).
        ("pi-decimal", s("\\boxed{2\\pi}", "6.283"), Verdict::Correct),
        ("unit-conversion", s("\\boxed{5\\text{ m}}", "500\\text{ cm}"), Verdict::Correct),
        ("quadratic-inequality", s("\\boxed{x^2 < 4}", "(-2, 2)"), Verdict::Correct),
        ("symbolic", s("\\boxed{x^2+2x+1}", "(x+1)^2"), Verdict::Correct),
        ("set", s("\\boxed{3, -1, 2}", "\\{-1, 2, 3\\}"), Verdict::Correct),
        ("interval", s("\\boxed{(-\\infty, 3]}", "x \\le 3"), Verdict::Correct),
        ("wrong", s("\\boxed{100001}", "100000"), Verdict::Incorrect),
        ("no-answer", s("I think it is 42.", "42"), Verdict::NoAnswer),
        (
            "factorial-fractions",
            s("\\boxed{\\frac{1}{2006!}}", "\\frac{1}{2004!}"),
            Verdict::Incorrect,
        ),
        (
            "matrix-product",
            s(
                "\\boxed{\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}^2}",
                "\\begin{pmatrix}7 & 10 \\\\ 15 & 22\\end{pmatrix}",
            ),
            Verdict::Correct,
        ),
        (
            "20k-digit-integers",
            s(&format!("\\boxed{{{}2}}", "1".repeat(19_999)), &"1".repeat(20_000)),
            Verdict::Incorrect,
        ),
        (
            "long-response",
            s(&format!("{}\\boxed{{17}}", "Let us reason step by step. ".repeat(200)), "17"),
            Verdict::Correct,
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let v = MathVerifier::new();
    let mut group = c.benchmark_group("math");
    for (name, sample, want) in cases() {
        let got = v.verify(&sample, &Context::default()).map(|r| r.verdict);
        assert_eq!(got.ok(), Some(want), "{name}: wrong verdict before timing");
        group.bench_function(name, |b| {
            b.iter(|| v.verify(black_box(&sample), &Context::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
