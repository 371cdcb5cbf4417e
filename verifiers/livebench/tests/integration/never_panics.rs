//! Property tests: every task grades any response, built from arbitrary
//! text and the containers the graders look for, without a panic and with
//! a score in [0, 1].

use proptest::prelude::*;
use rlvr_core::{Context, Sample, Verifier};
use rlvr_livebench::{Task, TaskVerifier};
use serde_json::json;

fn gold(task: Task) -> serde_json::Value {
    match task {
        Task::Cta => json!("description"),
        Task::TableJoin => json!("{'a': 'b', 'c': 'd'}"),
        Task::TableFormat => json!("a,b\n1,x\n2,y\n"),
        Task::WebOfLiesV2 | Task::WebOfLiesV3 => json!("no, yes, unknown"),
        Task::HouseTraversal => json!("kitchen bedroom"),
        Task::ZebraPuzzle | Task::Spatial => json!("3"),
        Task::PlotUnscrambling => json!("One. Two. Three."),
        Task::Typos => json!("The text is here."),
        _ => json!("a, b, c, d, e, f, g, h"),
    }
}

const PIECES: &[&str] = &[
    "**",
    "***",
    "<solution>",
    "</solution>",
    "\\boxed{",
    "}",
    "{",
    "'",
    "\"",
    ",",
    "\n",
    "|",
    "<tr>",
    "<td>",
    "</td>",
    "<table>",
    "</table>",
    "```",
    "```csv\n",
    "a,b",
    "yes",
    "no",
    "unknown",
    "3",
    "three",
    "kitchen",
    "bedroom",
    "One.",
    "Two.",
    "Three.",
    "<PLOT_SUMMARY>",
    "</PLOT_SUMMARY>",
    "</think>",
    "<think>",
    "a",
    "b",
    ":",
    "None",
    " or ",
    "é",
    "\u{0}",
];

fn response() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn every_task_grades_any_response(resp in response()) {
        for task in Task::ALL {
            let sample = Sample::new("ood__livebench", resp.clone(), gold(task)).with_extra_info(json!({
                "task": task.name(),
                "prompt": ["Please convert the Input Table from TSV format to CSV format."],
            }));
            let r = TaskVerifier::new(task).verify(&sample, &Context::default());
            let r = r.map_err(|e| TestCaseError::fail(format!("{}: {e}", task.name())))?;
            prop_assert!((0.0..=1.0).contains(&r.score), "{}: {r:?}", task.name());
        }
    }
}
