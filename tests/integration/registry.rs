//! The default registry and the batch runner, through the facade.

use std::sync::Arc;

use rlvr::{BatchOptions, Context, Error, Pattern, Record, Reward, Sample, Status, Verifier};

#[test]
fn default_registry_routes_every_guru_name() {
    let registry = rlvr::default_registry();
    for (pattern, name) in rlvr::GURU_ROUTES {
        let ds = pattern.trim_end_matches('*');
        assert_eq!(registry.route_of(ds), Some(*name), "{pattern}");
    }
}

#[test]
fn every_guru_sample_row_gets_a_defined_status() {
    let text = include_str!("../../fixtures/guru_sample.jsonl");
    let registry = rlvr::default_registry();
    let rows: Vec<rlvr::Row> = text.lines().map(rlvr::Row::from_json_str).collect();
    let samples: Vec<Sample> =
        rows.into_iter().map(|r| r.sample.expect("sample rows are well formed")).collect();
    let outcomes = registry.verify_batch(&samples, &BatchOptions::default());
    assert_eq!(outcomes.len(), samples.len());
    for (s, o) in samples.iter().zip(&outcomes) {
        let rec = Record::from_outcome(o);
        match registry.route_of(&s.data_source) {
            None => assert_eq!(rec.status, Status::UnknownDataSource, "{}", s.data_source),
            // A routed name never panics; it is unknown only at the task
            // level (a reasoning-gym task no enabled crate grades).
            Some(route) => assert!(
                match &o.result {
                    Err(Error::Panicked { .. }) => false,
                    Err(Error::UnknownDataSource { data_source, .. }) => {
                        route == rlvr::names::REASONING_GYM
                            && data_source.starts_with("reasoning_gym/")
                    }
                    _ => true,
                },
                "{}: {:?}",
                s.data_source,
                o.result
            ),
        }
    }
}

/// A user-defined verifier registered next to the built-in ones.
#[derive(Debug)]
struct Palindrome;

impl Verifier for Palindrome {
    fn name(&self) -> &str {
        "palindrome"
    }
    fn verify(&self, s: &Sample, cx: &Context) -> Result<Reward, Error> {
        cx.charge(s.response.len() as u64)?;
        let t: Vec<char> = s.response.trim().chars().collect();
        Ok(Reward::from_bool(!t.is_empty() && t.iter().eq(t.iter().rev())))
    }
}

#[test]
fn users_can_register_their_own_verifiers_and_prefixes() {
    let mut registry = rlvr::default_registry();
    registry.register(Arc::new(Palindrome)).unwrap();
    registry.route(Pattern::prefix("mine__pal"), "palindrome").unwrap();
    registry.alias("pal", "mine__pal_v1").unwrap();
    let samples = vec![
        Sample::new("mine__pal_v1", "abcba", ""),
        Sample::new("pal", "abc", ""),
        Sample::new("mine__other", "abcba", ""),
    ];
    let out = registry.verify_batch(&samples, &BatchOptions::default().with_threads(2));
    let statuses: Vec<Status> = out.iter().map(|o| Record::from_outcome(o).status).collect();
    assert_eq!(statuses, [Status::Correct, Status::Incorrect, Status::UnknownDataSource]);
    assert!(matches!(registry.register(Arc::new(Palindrome)), Err(Error::Duplicate { .. })));
}

/// The Guru sample's rows of one data source, each graded `correct`.
#[cfg(any(feature = "instruct", feature = "livebench"))]
fn assert_sample_rows_correct(data_source: &str, count: usize) {
    let text = include_str!("../../fixtures/guru_sample.jsonl");
    let registry = rlvr::default_registry();
    let rows: Vec<Sample> = text
        .lines()
        .filter_map(|l| rlvr::Row::from_json_str(l).sample.ok())
        .filter(|s| s.data_source == data_source)
        .collect();
    assert_eq!(rows.len(), count, "{data_source} rows");
    for s in &rows {
        let r = registry.verify(s, &Context::default());
        assert!(r.as_ref().is_ok_and(Reward::is_correct), "{}: {r:?}", s.response);
    }
}

/// The Guru sample's IFBench row: a Python-literal ground truth with two
/// constraints, both followed after the think block.
#[cfg(feature = "instruct")]
#[test]
fn guru_sample_ifbench_row_is_correct() {
    assert_sample_rows_correct("ood__ifbench", 1);
}

/// The Guru sample's IFEval rows: a comma inside think does not count, and
/// three instructions (title, fewer than 20 words, a P.S.) are followed.
#[cfg(feature = "instruct")]
#[test]
fn guru_sample_ifeval_rows_are_correct() {
    assert_sample_rows_correct("ood__ifeval", 2);
}

/// The Guru sample's LiveBench row: web_of_lies_v2, bold answers after a
/// think block, dispatched on `extra_info.task`.
#[cfg(feature = "livebench")]
#[test]
fn guru_sample_livebench_row_is_correct() {
    assert_sample_rows_correct("ood__livebench", 1);
}
