//! Criterion bench for the LiveBench verifier: one correct fixture row per
//! task, plus a megabyte response, each checked for the expected verdict
//! before it is timed.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::testutil::load_dir;
use rlvr_core::{Context, Registry, Sample, Status, Verdict};
use rlvr_livebench::Task;
use serde_json::json;

fn bench(c: &mut Criterion) {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_livebench::DOMAIN], &rlvr_core::Environment::default())
        .expect("fresh registry");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/livebench");
    let cases = load_dir(&dir).expect("fixtures load");
    let mut group = c.benchmark_group("livebench");
    group.sample_size(20);
    for task in Task::ALL {
        let case = cases
            .iter()
            .find(|c| {
                c.status == Status::Correct && c.sample.extra_str("task") == Some(task.name())
            })
            .unwrap_or_else(|| panic!("a correct fixture for {}", task.name()));
        let got = reg.verify(&case.sample, &Context::default());
        assert!(got.as_ref().is_ok_and(|r| r.is_correct()), "{}: {got:?}", case.full_name);
        group.bench_function(task.name(), |b| {
            b.iter(|| reg.verify(black_box(&case.sample), &Context::default()));
        });
    }
    let huge = Sample::new(
        "ood__livebench",
        "**a, b, c, d**, ".repeat((1 << 20) / 17),
        json!("a, b, c, d"),
    )
    .with_extra_info(json!({"task": "connections"}));
    let got = reg.verify(&huge, &Context::default());
    assert_eq!(got.as_ref().ok().map(|r| r.verdict), Some(Verdict::Correct), "{got:?}");
    group.bench_function("connections-megabyte", |b| {
        b.iter(|| reg.verify(black_box(&huge), &Context::default()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
