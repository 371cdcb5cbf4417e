//! Runs the science fixture corpus (`fixtures/science`) through a Guru
//! registry, and the conformance checks.

use std::path::PathBuf;

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Registry, Sample, Verifier, names};
use rlvr_science::{ChoiceVerifier, StemWebVerifier};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/science")
}

/// Cases we get wrong on purpose or cannot get right yet, with why.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn science_fixtures_pass() {
    let cases = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 60, "only {} science cases", cases.len());
    let mut reg = Registry::guru();
    reg.install(&[rlvr_science::DOMAIN], &rlvr_core::Environment::default())
        .unwrap_or_else(|e| panic!("{e}"));
    run_cases(&cases, KNOWN_FAILURES, |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn science_verifiers_conform() {
    assert_conforms(
        &ChoiceVerifier::gpqa(),
        &[
            Sample::new("stem__gpqa_diamond_no_box", "Answer: B", "B"),
            Sample::new("stem__gpqa_diamond", "\\boxed{C}", "C"),
        ],
    );
    assert_conforms(
        &ChoiceVerifier::supergpqa(),
        &[Sample::new("stem__supergpqa", "\\boxed{\\text{(J)}}", "J")],
    );
    assert_conforms(
        &StemWebVerifier::new(),
        &[
            Sample::new("stem_web", "\\boxed{19.8 m/s}", "19.8 m/s"),
            Sample::new("stem__web_3.6k", "\\boxed{8645.09}", "$8,645.09"),
            Sample::new("stem_web", "\\boxed{x^2+1}", "1 + x^2"),
            Sample::new("stem_web", "\\boxed{increases}", "It increases"),
        ],
    );
}

#[test]
fn the_verifiers_report_the_registered_names() {
    assert_eq!(ChoiceVerifier::gpqa().name(), names::GPQA);
    assert_eq!(ChoiceVerifier::supergpqa().name(), names::SUPERGPQA);
    assert_eq!(StemWebVerifier::new().name(), names::STEM_WEB);
}
