//! Criterion benches for the science verifiers: one sample per policy,
//! each checked for the expected verdict before it is timed.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::{Context, Registry, Sample, Verdict};

fn cases() -> Vec<(&'static str, Sample, Verdict)> {
    let s = |ds: &str, r: &str, g: &str| Sample::new(ds, r, g);
    vec![
        (
            "gpqa-no-box",
            s("stem__gpqa_diamond_no_box", "Reasoning.\nAnswer: B", "B"),
            Verdict::Correct,
        ),
        ("gpqa-boxed", s("stem__gpqa_diamond", "so \\boxed{\\text{(C)}}", "C"), Verdict::Correct),
        (
            "gpqa-answer-phrase",
            s("stem__gpqa_diamond_no_box", "Checking units.\nThe correct answer is (C).", "C"),
            Verdict::Correct,
        ),
        ("supergpqa-hedge", s("stem__supergpqa", "\\boxed{A or C}", "C"), Verdict::Incorrect),
        ("stem-same-unit", s("stem_web", "\\boxed{19.8 m/s}", "19.8 m/s"), Verdict::Correct),
        (
            "stem-convert",
            s("stem_web", "\\boxed{70.2\\ \\text{km/h}}", "19.5 m/s"),
            Verdict::Correct,
        ),
        (
            "stem-sci-latex",
            s("stem_web", "\\boxed{3.20 \\times 10^{-19}\\,\\mathrm{J}}", "2.00 eV"),
            Verdict::Correct,
        ),
        ("stem-money", s("stem_web", "\\boxed{8645.09}", "$8,645.09"), Verdict::Correct),
        ("stem-hertz-angular", s("stem_web", "\\boxed{6.28 rad/s}", "1.00 Hz"), Verdict::Correct),
        ("stem-expression", s("stem_web", "\\boxed{\\frac{mg}{k}}", "mg/k"), Verdict::Correct),
        (
            "stem-text",
            s("stem_web", "\\boxed{\\text{The Krebs cycle}}", "Krebs cycle"),
            Verdict::Correct,
        ),
        (
            "stem-long-response",
            s(
                "stem_web",
                &format!("{}\\boxed{{0.250 A}}", "Apply Ohm's law step by step. ".repeat(200)),
                "250 mA",
            ),
            Verdict::Correct,
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_science::DOMAIN], &rlvr_core::Environment::default())
        .expect("fresh registry");
    let mut group = c.benchmark_group("science");
    for (name, sample, want) in cases() {
        let got = reg.verify(&sample, &Context::default()).map(|r| r.verdict);
        assert_eq!(got.ok(), Some(want), "{name}: wrong verdict before timing");
        group.bench_function(name, |b| {
            b.iter(|| reg.verify(black_box(&sample), &Context::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
