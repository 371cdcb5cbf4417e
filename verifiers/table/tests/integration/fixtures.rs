//! Runs the table fixture corpus (`fixtures/table`) through a Guru
//! registry, and the conformance checks.

use std::path::PathBuf;

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Registry, Sample, Verifier, names};
use rlvr_table::TableVerifier;
use serde_json::json;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/table")
}

/// Cases we get wrong on purpose or cannot get right yet, with why.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn table_fixtures_pass() {
    let cases = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 60, "only {} table cases", cases.len());
    let mut reg = Registry::guru();
    reg.install(&[rlvr_table::DOMAIN], &rlvr_core::Environment::default())
        .unwrap_or_else(|e| panic!("{e}"));
    run_cases(&cases, KNOWN_FAILURES, |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn table_verifier_conforms() {
    let tables =
        json!({"tables": ["| item | 2019 | 2020 |\n|---|---|---|\n| revenue | 1,000 | 2,000 |"]});
    assert_conforms(
        &TableVerifier::new(),
        &[
            Sample::new("table__hitab", "\\boxed{12.5|13}", "12.5|13.0"),
            Sample::new("table__finqa", "\\boxed{table_sum(revenue, none)}", 3000.0)
                .with_extra_info(tables.clone()),
            Sample::new(
                "table__sql",
                "```sql\nSELECT SUM(\"2019\") FROM t0\n```",
                json!({"rows": [[1000]]}),
            )
            .with_extra_info(tables),
        ],
    );
}

#[test]
fn the_verifier_reports_the_registered_name() {
    assert_eq!(TableVerifier::new().name(), names::TABLE);
}
