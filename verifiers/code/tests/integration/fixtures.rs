//! The `fixtures/code/*.toml` cases through the Guru registry, and the
//! conformance checks. Skipped, loudly, when the guest is not built.

use std::path::Path;

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Registry};

fn cases() -> Vec<rlvr_core::testutil::Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    load_dir(&root.join("code")).expect("fixtures load")
}

#[test]
fn fixtures_pass() {
    if crate::common::verifier().is_none() {
        return;
    }
    let mut reg = Registry::guru();
    reg.install(&[rlvr_code::DOMAIN], &rlvr_core::Environment::default()).expect("fresh registry");
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    run_cases(&cases, &[], |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn verifier_conforms() {
    let Some(v) = crate::common::verifier() else { return };
    let samples: Vec<_> = cases().into_iter().take(4).map(|c| c.sample).collect();
    assert_conforms(v, &samples);
}
