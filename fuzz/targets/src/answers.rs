use std::sync::OnceLock;

use rlvr::{Error, Registry, Row, Sample, Status, names};

use crate::{context, fixtures_root};

/// The rows a response is graded against: every fixture case and every
/// row of `fixtures/guru_sample.jsonl` whose verifier reads answers (logic,
/// simulation, science, table, reasoning-gym), with its data source,
/// ground truth, `extra_info` and prompt. Math is left to the `math` and
/// `extract` targets, and rows that would run a program in the code
/// sandbox are left out (too slow to fuzz, and absent from the fuzzing
/// build).
///
/// # Panics
/// When the fixtures cannot be read.
pub fn templates() -> &'static [Sample] {
    static TEMPLATES: OnceLock<Vec<Sample>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let root = fixtures_root();
        let mut samples: Vec<Sample> = rlvr_core::testutil::load_dir(&root)
            .expect("the fixtures load")
            .into_iter()
            .map(|case| case.sample)
            .collect();
        let jsonl = std::fs::read_to_string(root.join("guru_sample.jsonl"))
            .expect("fixtures/guru_sample.jsonl reads");
        samples.extend(jsonl.lines().filter_map(|line| Row::from_json_str(line).sample.ok()));
        // By the Guru routes alone, so a corpus input picks the same row
        // in every build, whichever verifiers it compiles.
        let routes = Registry::guru();
        samples.retain(|s| match routes.route_of(&s.data_source) {
            Some(names::MATH | names::CODE | names::CODEIO | names::CRUXEVAL) | None => false,
            Some(names::REASONING_GYM) => s.extra_str("task") != Some("codeio"),
            Some(_) => true,
        });
        samples
    })
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(rlvr::default_registry)
}

/// Every logic, simulation, science and table answer parser, through the
/// registry: the first two bytes (little-endian) pick a row of
/// [`templates`], the rest (lossily UTF-8) is the response graded against
/// its ground truth. The grade is a defined status with a finite score in
/// `[0, 1]`, never a contained panic. A row whose verifier this build
/// lacks (table, without the `table` feature) is skipped.
///
/// # Panics
/// When a verifier panics or breaks those rules.
pub fn answers(data: &[u8]) {
    let [a, b, rest @ ..] = data else { return };
    let rows = templates();
    let mut sample = rows[usize::from(u16::from_le_bytes([*a, *b])) % rows.len()].clone();
    if registry().resolve(&sample.data_source).is_err() {
        return;
    }
    sample.response = String::from_utf8_lossy(rest).into_owned();
    match registry().verify(&sample, &context()) {
        Ok(reward) => {
            assert!(
                reward.score.is_finite() && (0.0..=1.0).contains(&reward.score),
                "{}: score {} for {:?}",
                sample.data_source,
                reward.score,
                sample.response
            );
        }
        Err(e @ Error::Panicked { .. }) => panic!("{}: {e}", sample.data_source),
        Err(e) => {
            let status = Status::from(&e);
            assert_ne!(status, Status::UnknownDataSource, "{}: {e}", sample.data_source);
        }
    }
}
