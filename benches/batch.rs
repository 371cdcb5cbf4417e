//! Dispatch and batch overhead per sample, and scaling from 1 to 2 threads.
//!
//! Every Guru route is served by a trivial verifier, so what is timed is the
//! registry's own work: route lookup, context creation, panic guard, timing,
//! thread fan-out and reordering. Inputs are the rows of
//! `fixtures/guru_sample.jsonl`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rlvr::{BatchOptions, Context, Error, Registry, Reward, Row, Sample, Verifier};

/// Correct when the response is non-empty.
#[derive(Debug)]
struct NonEmpty(&'static str);

impl Verifier for NonEmpty {
    fn name(&self) -> &str {
        self.0
    }
    fn verify(&self, s: &Sample, cx: &Context) -> Result<Reward, Error> {
        cx.charge(1)?;
        Ok(Reward::from_bool(!s.response.is_empty()))
    }
}

fn registry() -> Registry {
    let mut reg = Registry::guru();
    let mut names: Vec<&'static str> = rlvr::GURU_ROUTES.iter().map(|(_, n)| *n).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        reg.register(Arc::new(NonEmpty(name))).expect("names are unique");
    }
    reg
}

fn samples(n: usize) -> Vec<Sample> {
    let text = include_str!("../fixtures/guru_sample.jsonl");
    let rows: Vec<Sample> = text
        .lines()
        .filter_map(|l| Row::from_json_str(l).sample.ok())
        // The bench measures the graded path; unknown names are a separate,
        // slower path (suggestions).
        .filter(|s| Registry::guru().route_of(&s.data_source).is_some())
        .collect();
    rows.iter().cycle().take(n).cloned().collect()
}

fn bench(c: &mut Criterion) {
    let reg = registry();
    let one = &samples(1)[0];
    assert!(reg.verify(one, &Context::default()).unwrap().is_correct());

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(1));
    group.bench_function("dispatch_one", |b| {
        b.iter(|| reg.verify(black_box(one), &Context::default()));
    });

    let batch = samples(4096);
    for threads in [1, 2] {
        let opts = BatchOptions::default().with_threads(threads);
        let out = reg.verify_batch(&batch, &opts);
        assert!(out.iter().all(|o| o.result.as_ref().is_ok_and(Reward::is_correct)));
        group.throughput(Throughput::Elements(batch.len() as u64));
        group.bench_function(format!("verify_batch_4096_threads_{threads}"), |b| {
            b.iter(|| reg.verify_batch(black_box(&batch), &opts));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
