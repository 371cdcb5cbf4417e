//! Criterion benches: one per checker, on inputs from `fixtures/sim`.

use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let _ = c;
}

criterion_group!(sim, benches);
criterion_main!(sim);
