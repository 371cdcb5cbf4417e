//! Criterion bench for the IFEval and IFBench verifiers: typical
//! multi-instruction rows and long responses, each checked for the
//! expected verdict before it is timed.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::{Context, Registry, Sample, Verdict};
use serde_json::json;

fn row(response: &str, ids: &[&str], kwargs: serde_json::Value, loose: bool) -> Sample {
    let mut extra = json!({"instruction_id_list": ids, "prompt": "Write about the sea."});
    if loose {
        extra["ifeval_mode"] = json!("loose");
    }
    Sample::new("ood__ifeval", response, kwargs).with_extra_info(extra)
}

fn cases() -> Vec<(&'static str, Sample, Verdict)> {
    let typical = "<<The Sea>>\n\nThe sea is wide and deep. *It is blue* and it is calm today. \
        Sailors love it.\n\n*** \n\nWe walked along the shore. The wind was cold.\n\nP.S. Bring a coat.";
    let ids = [
        "detectable_format:title",
        "punctuation:no_comma",
        "length_constraints:number_words",
        "length_constraints:number_sentences",
        "detectable_format:number_highlighted_sections",
        "detectable_content:postscript",
        "keywords:existence",
    ];
    let kwargs = json!([
        null,
        null,
        {"num_words": 100, "relation": "less than"},
        {"num_sentences": 3, "relation": "at least"},
        {"num_highlights": 1},
        {"postscript_marker": "P.S."},
        {"keywords": ["shore", "wind"]}
    ]);
    let adversarial = "Mr. A. ".repeat((1 << 20) / 7);
    let long = format!("{}The end.", "The sea is wide and deep. It is calm today. ".repeat(2000));
    vec![
        ("typical-strict", row(typical, &ids, kwargs.clone(), false), Verdict::Correct),
        ("typical-loose", row(typical, &ids, kwargs, true), Verdict::Correct),
        (
            "language-english",
            row(
                "The sea is wide and deep, and the sailors love it dearly.",
                &["language:response_language"],
                json!([{"language": "en"}]),
                false,
            ),
            Verdict::Correct,
        ),
        (
            "long-88k-sentences-words",
            row(
                &long,
                &["length_constraints:number_sentences", "length_constraints:number_words"],
                json!([{"num_sentences": 100, "relation": "at least"}, {"num_words": 1000, "relation": "at least"}]),
                false,
            ),
            Verdict::Correct,
        ),
        (
            "megabyte-candidate-ends-loose",
            row(
                &adversarial,
                &["length_constraints:number_sentences"],
                json!([{"num_sentences": 2, "relation": "at least"}]),
                true,
            ),
            Verdict::Incorrect,
        ),
        (
            "ifbench-typical-strict",
            ifbench(
                "I counted 3 apples, 5 pears and 7 plums. Emma and Liam ate them all.",
                &[
                    "count:numbers",
                    "count:word_count_range",
                    "count:person_names",
                    "count:pronouns",
                ],
                json!([{"N": 3}, {"min_words": 5, "max_words": 20}, {"N": 2}, {"N": 1}]),
                false,
            ),
            Verdict::Correct,
        ),
        (
            "ifbench-sentences-tokens-loose",
            ifbench(
                "<i>The sea is wide.</i> It is calm. Is it deep? It is!\n* one\n* two",
                &[
                    "format:thesis",
                    "ratio:sentence_balance",
                    "format:title_case",
                    "words:words_position",
                ],
                json!([{}, {}, {}, {"keyword": "sea"}]),
                true,
            ),
            Verdict::Incorrect,
        ),
        (
            "ifbench-megabyte-sentences-tokens-loose",
            ifbench(
                &"The sea is wide. It's calm, isn't it? ".repeat((1 << 20) / 38),
                &["ratio:sentence_type", "count:pronouns", "format:emoji", "format:line_indent"],
                json!([{}, {"N": 3}, {}, {}]),
                true,
            ),
            Verdict::Incorrect,
        ),
    ]
}

fn ifbench(response: &str, ids: &[&str], kwargs: serde_json::Value, loose: bool) -> Sample {
    let mut set = serde_json::Map::new();
    set.insert("instruction_id".into(), json!(ids));
    set.insert("kwargs".into(), kwargs);
    let gt = serde_json::Value::Array(vec![serde_json::Value::Object(set)]);
    let mut s = Sample::new("ood__ifbench", response, gt);
    if loose {
        s = s.with_extra_info(json!({"ifeval_mode": "loose"}));
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_instruct::DOMAIN], &rlvr_core::Environment::default())
        .expect("fresh registry");
    let mut group = c.benchmark_group("instruct");
    group.sample_size(10);
    for (name, sample, want) in cases() {
        let got = reg.verify(&sample, &Context::default());
        assert_eq!(got.as_ref().ok().map(|r| r.verdict), Some(want), "{name}: {got:?}");
        group.bench_function(name, |b| {
            b.iter(|| reg.verify(black_box(&sample), &Context::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
