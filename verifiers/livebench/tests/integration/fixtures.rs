//! Runs the LiveBench fixture corpus (`fixtures/livebench`: the
//! differential cases against Reasoning360's copies of LiveBench's graders)
//! through a Guru registry, and the conformance checks.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{Context, Error, Registry, Sample, Verdict, Verifier, names};
use rlvr_livebench::{Task, TaskVerifier};
use serde_json::json;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/livebench")
}

fn registry() -> Registry {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_livebench::DOMAIN], &rlvr_core::Environment::default())
        .expect("fresh registry");
    reg
}

fn row(task: &str, response: &str, gt: serde_json::Value) -> Sample {
    Sample::new("ood__livebench", response, gt).with_extra_info(json!({
        "task": task,
        "category": "reasoning",
        "prompt": ["Please convert the Input Table from TSV format to CSV format."],
    }))
}

#[test]
fn livebench_fixtures_pass() {
    let cases = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 100, "only {} livebench cases", cases.len());
    for task in Task::ALL {
        let n = cases.iter().filter(|c| c.sample.extra_str("task") == Some(task.name())).count();
        assert!(n >= 10, "only {n} cases for {}", task.name());
    }
    let reg = registry();
    run_cases(&cases, &[], |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn every_task_verifier_conforms() {
    let golds = [
        json!("description"),
        json!("{'a': 'b'}"),
        json!("a,b\n1,2\n"),
        json!("no, yes, yes"),
        json!("yes, no, no"),
        json!("kitchen bedroom"),
        json!("3"),
        json!("triangle"),
        json!("One. Two. Three."),
        json!("The text."),
        json!("a, b, c, d, e, f, g, h"),
    ];
    for (task, gold) in Task::ALL.into_iter().zip(golds) {
        let samples = [row(task.name(), "x", gold)];
        assert_conforms(&TaskVerifier::new(task), &samples);
    }
}

#[test]
fn the_router_reports_the_registered_name() {
    assert_eq!(rlvr_livebench::router().name(), names::LIVEBENCH);
}

#[test]
fn an_unknown_task_is_an_error_naming_the_closest() {
    let reg = registry();
    for task in ["table_format", "connection"] {
        let err = reg.verify(&row(task, "x", json!("x")), &Context::default()).unwrap_err();
        assert!(matches!(err, Error::UnknownDataSource { .. }), "{task}: {err}");
    }
    let err = reg
        .verify(&Sample::new("ood__livebench", "x", json!("x")), &Context::default())
        .unwrap_err();
    assert!(err.to_string().contains("extra_info.task"), "{err}");
}

#[test]
fn unreadable_ground_truths_are_errors() {
    let reg = registry();
    for (task, gt) in [
        ("tablejoin", json!("not a dict")),
        ("tablejoin", json!("{}")),
        ("web_of_lies_v2", json!("maybe")),
        ("connections", json!("a, b, c")),
        ("cta", json!(3)),
        ("typos", json!("")),
        ("tableformat", json!("a,b\n1\n")),
    ] {
        let err = reg.verify(&row(task, "x", gt.clone()), &Context::default()).unwrap_err();
        assert!(matches!(err, Error::InvalidGroundTruth { .. }), "{task} {gt}: {err}");
    }
}

#[test]
fn tablejoin_accepts_a_json_object_ground_truth() {
    let reg = registry();
    let r = reg
        .verify(&row("tablejoin", "{'a': 'b'}", json!({"a": "b", "c": null})), &Context::default())
        .unwrap();
    assert!(r.is_correct(), "{r:?}");
}

#[test]
fn megabyte_responses_are_graded_quickly() {
    // Debug builds are some ten times slower than release; the bench times
    // the megabyte in release.
    let reg = registry();
    let size = 1 << 20;
    let shapes = [
        "**yes, no** ".repeat(size / 12),
        "<solution>".repeat(size / 10),
        "\\boxed{".repeat(size / 7),
        "{'a': ".repeat(size / 6),
        "a,b\n".repeat(size / 4),
        "<tr><td>".repeat(size / 8),
        "| a |\n".repeat(size / 6),
        "a. ".repeat(size / 3),
        "***3*** or ".repeat(size / 11),
        "x".repeat(size - 10),
    ];
    let golds = [
        json!("description"),
        json!("{'a': 'b'}"),
        json!("a,b\n1,2\n"),
        json!("no, yes, yes"),
        json!("yes, no, no"),
        json!("kitchen bedroom"),
        json!("3"),
        json!("triangle"),
        json!("One. Two. Three."),
        json!("The text."),
        json!("a, b, c, d, e, f, g, h"),
    ];
    for shape in &shapes {
        for (task, gold) in Task::ALL.into_iter().zip(golds.iter()) {
            let start = Instant::now();
            let r = reg.verify(&row(task.name(), shape, gold.clone()), &Context::default());
            let took = start.elapsed();
            assert!(r.is_ok(), "{}: {r:?}", task.name());
            assert!(
                took < Duration::from_secs(5),
                "{} took {took:?} on {}",
                task.name(),
                &shape[..20]
            );
        }
    }
}

#[test]
fn a_response_over_the_cap_is_no_answer() {
    let v = TaskVerifier::builder(Task::Cta).max_response_bytes(10).build();
    let r =
        v.verify(&row("cta", "description and more", json!("description")), &Context::default());
    assert_eq!(r.unwrap().verdict, Verdict::NoAnswer);
}
