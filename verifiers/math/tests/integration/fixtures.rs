//! Runs the math fixture corpus (`fixtures/math`) and the conformance
//! checks.

use std::path::PathBuf;
use std::sync::Arc;

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Registry, Sample, Verifier};
use rlvr_math::MathVerifier;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Cases we get wrong on purpose or cannot get right yet, with why. (A
/// fixture can also say so itself, with `known_failure`: the float
/// near-misses of `redteam_nearrat.toml` do.)
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn math_fixtures_pass() {
    let all = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    let cases: Vec<_> = all.into_iter().filter(|c| c.full_name.starts_with("math/")).collect();
    assert!(cases.len() >= 300, "only {} math cases", cases.len());
    // Through the Guru registry, so that every data source is routed too.
    let mut reg = Registry::guru();
    reg.register(Arc::new(MathVerifier::new())).unwrap_or_else(|e| panic!("{e}"));
    run_cases(&cases, KNOWN_FAILURES, |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn math_verifier_conforms() {
    let samples = [
        Sample::new("math__math", "\\boxed{\\frac12}", "0.5"),
        Sample::new("openai/gsm8k", "\\boxed{72}", "so 72\n#### 72"),
        Sample::new("aime2024", "Answer: 204", "204"),
        Sample::new("math__math", "\\boxed{(1, 2]}", "(1,2]"),
    ];
    assert_conforms(&MathVerifier::new(), &samples);
}

#[test]
fn the_verifier_reports_the_registered_math_name() {
    assert_eq!(MathVerifier::new().name(), rlvr_core::names::MATH);
}
