//! The IFBench verifier (`ood__ifbench`): row layouts, ground truths that
//! cannot be graded, conformance, and megabyte responses. The differential
//! fixtures (`fixtures/instruct/ifbench.toml`) run in `fixtures.rs`.

use rlvr_core::testutil::assert_conforms;
use rlvr_core::{Context, Error, Sample, Verdict, Verifier, names};
use rlvr_instruct::{CONSTRAINT_IDS, IfBenchVerifier, UNSUPPORTED_IDS};
use serde_json::{Value, json};

fn row(response: &str, ids: &[&str], kwargs: Value) -> Sample {
    let mut set = serde_json::Map::new();
    set.insert("instruction_id".into(), json!(ids));
    set.insert("kwargs".into(), kwargs);
    Sample::new("ood__ifbench", response, Value::Array(vec![Value::Object(set)]))
}

fn status(s: &Sample) -> Result<Verdict, Error> {
    IfBenchVerifier::new().verify(s, &Context::default()).map(|r| r.verdict)
}

fn unparseable_detail(s: &Sample) -> String {
    match IfBenchVerifier::new().verify(s, &Context::default()) {
        Err(Error::InvalidGroundTruth { reason, .. }) => reason,
        other => panic!("expected gold_unparseable, got {other:?}"),
    }
}

#[test]
fn the_verifier_reports_the_registered_name() {
    assert_eq!(IfBenchVerifier::new().name(), names::IFBENCH);
}

#[test]
fn ifbench_verifier_conforms() {
    assert_conforms(
        &IfBenchVerifier::new(),
        &[
            row("I have 2 cats and 3 dogs.", &["count:numbers"], json!([{"N": 2}])),
            row("one\ntwo", &["format:newline", "format:no_whitespace"], json!([null, {}])),
            row("abc. def. ghi.", &["ratio:sentence_words"], json!([{}])),
        ],
    );
}

#[test]
fn every_layout_of_the_ground_truth_is_read() {
    let python = Sample::new(
        "ood__ifbench",
        "1 2",
        json!("[{'instruction_id': ['count:numbers'], 'kwargs': [{'N': 2.0, 'word': None}]}]"),
    );
    assert_eq!(status(&python).ok(), Some(Verdict::Correct));
    let json_string = Sample::new(
        "ood__ifbench",
        "1 2",
        json!(r#"[{"instruction_id": ["count:numbers"], "kwargs": [{"N": 2}]}]"#),
    );
    assert_eq!(status(&json_string).ok(), Some(Verdict::Correct));
    let ifeval_layout = Sample::new("ood__ifbench", "1 2", json!([{"N": 2}]))
        .with_extra_info(json!({"instruction_id_list": ["count:numbers"]}));
    assert_eq!(status(&ifeval_layout).ok(), Some(Verdict::Correct));
    // IFEval's instruction types are in IFBench's registry too.
    let classic = row("no commas here", &["punctuation:no_comma"], json!([null]));
    assert_eq!(status(&classic).ok(), Some(Verdict::Correct));
}

#[test]
fn ground_truths_that_do_not_fit_are_unparseable_with_a_reason() {
    let d = unparseable_detail(&row("x", &["count:nonsense"], json!([{}])));
    assert!(d.contains("unknown constraint id `count:nonsense`"), "{d}");
    let d = unparseable_detail(&row("x", &["count:numbers"], json!([{}])));
    assert!(d.contains("`N`") && d.contains("missing"), "{d}");
    let d = unparseable_detail(&row("x", &["count:numbers"], json!([{"N": 2.5}])));
    assert!(d.contains("not a non-negative integer"), "{d}");
    let d = unparseable_detail(&row("x", &["count:numbers"], json!([{"N": 2, "M": 1}])));
    assert!(d.contains("takes no kwarg `M`"), "{d}");
    let d = unparseable_detail(&row("x", &["count:numbers", "format:emoji"], json!([{"N": 2}])));
    assert!(d.contains("2 constraint ids but 1 kwargs"), "{d}");
    let d = unparseable_detail(&row("x", &["sentence:keyword"], json!([{"word": "a", "N": 0}])));
    assert!(d.contains("is 0"), "{d}");
    for (id, _) in UNSUPPORTED_IDS {
        let d = unparseable_detail(&row("Run.", &[id], json!([{}])));
        assert!(d.contains("not implemented"), "{d}");
    }
    let two_sets = Sample::new(
        "ood__ifbench",
        "x",
        json!([{"instruction_id": ["format:emoji"], "kwargs": [{}]}, {"instruction_id": [], "kwargs": []}]),
    );
    assert!(unparseable_detail(&two_sets).contains("2 constraint sets"));
}

#[test]
fn think_blocks_and_empty_answers_follow_the_shared_policy() {
    let r = row("<think>a b c", &["format:no_whitespace"], json!([{}]));
    assert_eq!(status(&r).ok(), Some(Verdict::NoAnswer));
    let r = row("<think>a b c</think>   ", &["format:no_whitespace"], json!([{}]));
    assert_eq!(status(&r).ok(), Some(Verdict::NoAnswer));
    let r = row("<think>a b c</think>\nabc\n", &["format:no_whitespace"], json!([{}]));
    assert_eq!(status(&r).ok(), Some(Verdict::Correct));
}

/// Every implemented constraint with valid kwargs.
fn all_constraints() -> (Vec<&'static str>, Value) {
    let with_args: &[(&str, Value)] = &[
        ("count:word_count_range", json!({"min_words": 10, "max_words": 20})),
        ("count:unique_word_count", json!({"N": 10})),
        ("ratio:stop_words", json!({"percentage": 30})),
        ("count:conjunctions", json!({"small_n": 2})),
        ("count:person_names", json!({"N": 2})),
        ("ratio:overlap", json!({"reference_text": "The sea is wide.", "percentage": 20})),
        ("count:numbers", json!({"N": 2})),
        ("format:options", json!({"options": "yes/no/maybe"})),
        ("count:words_japanese", json!({"N": 3})),
        ("words:repeats", json!({"small_n": 2})),
        ("sentence:keyword", json!({"word": "sea", "N": 2})),
        ("count:pronouns", json!({"N": 2})),
        ("sentence:increment", json!({"small_n": 1})),
        ("format:list", json!({"sep": "..."})),
        (
            "count:keywords_multiple",
            json!({"keyword1": "a", "keyword2": "b", "keyword3": "c", "keyword4": "d", "keyword5": "e"}),
        ),
        ("words:keywords_specific_position", json!({"keyword": "sea", "n": 2, "m": 3})),
        ("words:words_position", json!({"keyword": "sea"})),
        ("repeat:repeat_change", json!({"prompt_to_repeat": "Write about the sea."})),
        (
            "repeat:repeat_span",
            json!({"prompt_to_repeat": "Write about the sea.", "n_start": 0, "n_end": 4}),
        ),
    ];
    let ids: Vec<&str> = CONSTRAINT_IDS.to_vec();
    let kwargs = ids
        .iter()
        .map(|id| with_args.iter().find(|(a, _)| a == id).map_or(json!({}), |(_, k)| k.clone()))
        .collect();
    (ids, Value::Array(kwargs))
}

#[test]
fn fifty_seven_constraints_are_implemented_and_one_is_not() {
    assert_eq!(CONSTRAINT_IDS.len(), 57);
    assert_eq!(UNSUPPORTED_IDS.len(), 1);
    let (ids, kwargs) = all_constraints();
    let s = row("The sea is wide.", &ids, kwargs);
    assert_eq!(status(&s).ok(), Some(Verdict::Incorrect));
}

#[test]
fn megabyte_responses_of_every_shape_are_graded_quickly() {
    let (ids, kwargs) = all_constraints();
    // A megabyte in release builds; debug builds check the same shapes at
    // 64 KiB (the bench times 1 MiB).
    let mb = if cfg!(debug_assertions) { 64 << 10 } else { 1 << 20 };
    let fill = |unit: &str| unit.repeat(mb / unit.len());
    let shapes = [
        fill("The sea is wide. "),
        fill("\n"),
        fill("\n \n"),
        fill("("),
        fill("\"'"),
        fill("* - "),
        fill("Question 1 A. x\n"),
        fill("a,\"b"),
        fill("<i>"),
        fill("Mr. A. "),
        fill("DON'T "),
        fill("😀. "),
        fill("猫 "),
        fill("1,"),
    ];
    let v = IfBenchVerifier::new();
    for loose in [false, true] {
        for text in &shapes {
            let mut s = row(text, &ids, kwargs.clone());
            if loose {
                s = s.with_extra_info(json!({"ifeval_mode": "loose"}));
            }
            let start = std::time::Instant::now();
            let r = v.verify(&s, &Context::default());
            let took = start.elapsed();
            let head: String = text.chars().take(10).collect();
            assert!(r.is_ok(), "{head:?}: {r:?}");
            // About a second per shape at 64 KiB in a debug build with all 57
            // constraints (linear: four times the text, about four times the
            // time); the bound leaves room for a loaded machine.
            assert!(took.as_secs_f64() < 10.0, "{head:?} took {took:?}");
        }
    }
}

#[test]
fn random_texts_never_panic_in_any_constraint() {
    // A fixed linear congruential generator over an alphabet dense with
    // what the constraints parse: quotes, brackets, bullets, digits,
    // periods, newlines, tags, CSV separators, emoji and CJK.
    let alphabet: Vec<char> =
        "aZ .,;:!?‽'\"“”‘’«»()[]{}<>*-_\n\t 0123456789é猫😀/\\#@$%&`~^|=+<i></i>".chars().collect();
    let (ids, kwargs) = all_constraints();
    let v = IfBenchVerifier::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..300 {
        let len = 1 + (i * 7) % 120;
        let text: String = (0..len)
            .map(|_| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                alphabet[(state >> 33) as usize % alphabet.len()]
            })
            .collect();
        for loose in [false, true] {
            let mut s = row(&text, &ids, kwargs.clone());
            if loose {
                s = s.with_extra_info(json!({"ifeval_mode": "loose"}));
            }
            let r = v.verify(&s, &Context::default());
            assert!(r.is_ok(), "{text:?}: {r:?}");
        }
    }
}
