//! Runs the IFEval fixture corpus (`fixtures/instruct`: the differential
//! cases against lm-eval's checkers and the policy cases) through a Guru
//! registry, and the conformance checks.

use std::path::PathBuf;

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Registry, Sample, Verifier, names};
use rlvr_instruct::IfEvalVerifier;
use serde_json::json;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/instruct")
}

/// Cases we get wrong on purpose or cannot get right yet, with why.
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
fn instruct_fixtures_pass() {
    let cases = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 1000, "only {} instruct cases", cases.len());
    let mut reg = Registry::guru();
    rlvr_instruct::register(&mut reg).unwrap_or_else(|e| panic!("{e}"));
    run_cases(&cases, KNOWN_FAILURES, |s| reg.verify_timed(s, &Context::default()));
}

fn row(response: &str, ids: &[&str], kwargs: serde_json::Value) -> Sample {
    Sample::new("ood__ifeval", response, kwargs)
        .with_extra_info(json!({"instruction_id_list": ids, "prompt": "p"}))
}

#[test]
fn ifeval_verifier_conforms() {
    assert_conforms(
        &IfEvalVerifier::new(),
        &[
            row("no commas here", &["punctuation:no_comma"], json!([null])),
            row(
                "One. Two. Three.",
                &["length_constraints:number_sentences", "detectable_format:title"],
                json!([{"num_sentences": 2, "relation": "at least"}, {}]),
            ),
            row("{\"a\": 1}", &["detectable_format:json_format"], json!([{}])),
        ],
    );
}

#[test]
fn the_verifier_reports_the_registered_name() {
    assert_eq!(IfEvalVerifier::new().name(), names::IFEVAL);
}
