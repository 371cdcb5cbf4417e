//! Criterion benches: one per checker, on the correct cases of
//! `fixtures/sim`. Each case's reward is asserted before it is timed.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::testutil::load_dir;
use rlvr_core::{Context, Registry, Status};

fn registry() -> Registry {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_sim::DOMAIN], &rlvr_core::Environment::default()).expect("fresh registry");
    reg
}

fn benches(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sim");
    let cases = load_dir(&root).expect("fixtures load");
    let reg = registry();
    let mut group = c.benchmark_group("sim");
    let mut seen = std::collections::HashSet::new();
    for case in cases.iter().filter(|c| c.status == Status::Correct) {
        let checker = case
            .sample
            .extra_str("task")
            .map_or_else(|| case.sample.data_source.clone(), str::to_owned);
        // Rows graded by running code need the sandbox (feature `code`).
        if matches!(
            reg.verify(&case.sample, &Context::default()),
            Err(rlvr_core::Error::Sandbox { .. })
        ) || !seen.insert(checker.clone())
        {
            continue;
        }
        let r = reg.verify(&case.sample, &Context::default()).expect("gradable");
        assert!(r.is_correct(), "{}: {:?}", case.full_name, r.detail);
        group.bench_function(&checker, |b| {
            b.iter(|| reg.verify(&case.sample, &Context::default()));
        });
    }
    group.finish();
}

criterion_group!(sim, benches);
criterion_main!(sim);
