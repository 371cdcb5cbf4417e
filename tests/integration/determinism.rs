//! The same rows give byte-identical records (timing aside) whatever the
//! thread count, run after run.
//!
//! Always checked on the light domains: every fixture except those that may
//! run a program in the sandbox (code rows, CodeI/O and CRUXEval rows, and
//! reasoning-gym's `codeio` task). Those depend on the guest being built and
//! compiled, which in a cold debug process can outlast a row's wall-clock
//! backstop. `RLVR_DETERMINISM_ALL=1` adds them:
//! `RLVR_DETERMINISM_ALL=1 cargo test --release --all-features --test
//! integration determinism`.

use std::path::Path;

use rlvr::{BatchOptions, Record};
use rlvr_core::testutil::load_dir;

/// Whether a fixture may run a program in the sandbox.
fn sandboxed(full_name: &str, sample: &rlvr::Sample) -> bool {
    let ds = sample.data_source.as_str();
    full_name.starts_with("code/")
        || ds.contains("codeio")
        || ds.contains("cruxeval")
        || sample.extra_info.get("task").and_then(|t| t.as_str()) == Some("codeio")
}

#[test]
fn records_are_identical_across_thread_counts_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let all = std::env::var_os("RLVR_DETERMINISM_ALL").is_some_and(|v| v == "1");
    let samples: Vec<_> = load_dir(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|c| all || !sandboxed(&c.full_name, &c.sample))
        .map(|c| c.sample)
        .collect();
    assert!(samples.len() > 1000, "only {} fixture rows", samples.len());
    let registry = rlvr::default_registry();
    let render = |threads: usize| -> Vec<String> {
        registry
            .verify_batch(&samples, &BatchOptions::default().with_threads(threads))
            .iter()
            .map(|o| {
                let mut rec = Record::from_outcome(o);
                rec.latency_us = 0;
                serde_json::to_string(&rec).unwrap()
            })
            .collect()
    };
    let first = render(1);
    for threads in [2, 4, 1, 2, 4] {
        let again = render(threads);
        for (i, (a, b)) in first.iter().zip(&again).enumerate() {
            assert_eq!(a, b, "row {i} differs with {threads} threads");
        }
    }
}
