//! Every fixture case under `fixtures/`, graded through
//! `default_registry()` (that is, through dispatch).

use std::path::Path;

use rlvr::{Context, Error, Status};
use rlvr_core::testutil::{load_dir, run_cases};

/// Cases expected to fail, each with its reason (like regex's blacklist).
/// A listed case that passes fails the run, so the list cannot go stale.
const KNOWN_FAILURES: &[(&str, &str)] = &[
    // Language identification of text that is barely prose: whatlang's
    // trigrams read these as another language where lm-eval's langdetect
    // says English (the short-text function-word rule finds no English
    // function word in them). False negatives, never false positives.
    (
        "instruct/ifeval/realistic-3-24",
        "six JSON keys and values (name, Alice, age, skills, python, rust) read as French",
    ),
    (
        "instruct/ifeval/realistic-13-22-loose",
        "the loose variant `- apples / - bananas / - cherries` (three nouns) read as Latvian",
    ),
];

#[test]
fn fixtures_pass_through_the_default_registry() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let cases = load_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    let registry = rlvr::default_registry();
    // Cases for domains not compiled into this build cannot be graded here;
    // they run in the builds that have them. That is a verifier that is not
    // registered, a reasoning-gym task that no enabled crate grades, or code
    // cases on a machine without the sandbox's guest (CI builds it first).
    let (runnable, skipped): (Vec<_>, Vec<_>) = cases.into_iter().partition(|c| {
        match registry.verify_timed(&c.sample, &Context::default()).result {
            Err(Error::VerifierUnavailable { .. }) => false,
            Err(Error::Sandbox { .. }) => c.status == Status::SandboxError,
            Err(Error::UnknownDataSource { data_source, .. }) => {
                c.status == Status::UnknownDataSource || !data_source.contains('/')
            }
            _ => true,
        }
    });
    eprintln!(
        "{} fixture cases, {} skipped (verifier not in this build)",
        runnable.len(),
        skipped.len()
    );
    run_cases(&runnable, KNOWN_FAILURES, |s| registry.verify_timed(s, &Context::default()));
}

/// The simulation cases that run programs (CodeI/O input prediction,
/// CRUXEval, the reasoning-gym `codeio` task) all reach the sandbox the
/// registry shares (skipped, loudly, when the guest is not built).
#[cfg(all(feature = "sim", feature = "code"))]
#[test]
fn sim_fixtures_all_run_on_the_shared_sandbox() {
    use std::io::Write as _;
    use std::sync::Arc;
    let sandbox = Arc::new(rlvr::code::Sandbox::new());
    if let Err(e) = sandbox.preload() {
        let _ = writeln!(std::io::stderr(), "\n\n*** SKIPPED: {e} ***\n\n");
        return;
    }
    let registry = rlvr::Options::default().sandbox(sandbox).registry();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let cases: Vec<_> = load_dir(&root.join("sim"))
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|c| c.status != Status::SandboxError)
        .collect();
    for c in &cases {
        let result = registry.verify_timed(&c.sample, &Context::default()).result;
        assert!(!matches!(result, Err(Error::Sandbox { .. })), "{}: {result:?}", c.full_name);
    }
    run_cases(&cases, &[], |s| registry.verify_timed(s, &Context::default()));
}
