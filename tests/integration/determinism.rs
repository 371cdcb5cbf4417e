//! The same rows give byte-identical records (timing aside) whatever the
//! thread count, run after run.
//!
//! Always checked on the light domains (every fixture outside `code/` and
//! the simulation rows that execute programs). `RLVR_DETERMINISM_ALL=1`
//! adds the sandboxed rows too, which take minutes in a debug build:
//! `RLVR_DETERMINISM_ALL=1 cargo test --release --all-features --test
//! integration determinism`.

use std::path::Path;

use rlvr::{BatchOptions, Record};
use rlvr_core::testutil::load_dir;

/// Whether a fixture runs programs in the sandbox.
fn sandboxed(full_name: &str) -> bool {
    full_name.starts_with("code/") || full_name.starts_with("sim/execution/")
}

#[test]
fn records_are_identical_across_thread_counts_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let all = std::env::var_os("RLVR_DETERMINISM_ALL").is_some_and(|v| v == "1");
    let samples: Vec<_> = load_dir(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|c| all || !sandboxed(&c.full_name))
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
