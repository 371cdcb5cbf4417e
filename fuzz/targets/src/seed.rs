//! Seeds for every target, written from the fixtures: `cargo test -p
//! rlvr-fuzz-targets --all-features -- --ignored write_seeds` fills
//! `fuzz/seeds/<target>/` (not committed: the fuzzer starts from it and
//! `cargo fuzz cmin` keeps the committed corpus in `fuzz/corpus/`).

use std::collections::BTreeMap;
use std::path::Path;

use rlvr::Sample;
use serde_json::{Value, json};

use crate::fixtures_root;

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The fixture cases' samples and the raw lines of `guru_sample.jsonl`.
fn fixtures() -> (Vec<Sample>, Vec<String>) {
    let root = fixtures_root();
    let cases = rlvr_core::testutil::load_dir(&root).expect("the fixtures load");
    let jsonl = std::fs::read_to_string(root.join("guru_sample.jsonl")).expect("jsonl reads");
    let lines: Vec<String> = jsonl.lines().map(str::to_owned).collect();
    let mut samples: Vec<Sample> = cases.into_iter().map(|c| c.sample).collect();
    samples.extend(lines.iter().filter_map(|l| rlvr::Row::from_json_str(l).sample.ok()));
    (samples, lines)
}

fn row_json(s: &Sample) -> Value {
    json!({
        "data_source": s.data_source,
        "response": s.response,
        "reward_model": {"ground_truth": s.ground_truth},
        "extra_info": s.extra_info,
        "prompt": s.prompt_text(),
    })
}

fn seeds() -> BTreeMap<&'static str, Vec<Vec<u8>>> {
    let (samples, lines) = fixtures();
    let registry = rlvr::Registry::guru();
    let mut out: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut add = |target: &'static str, seed: Vec<u8>| out.entry(target).or_default().push(seed);
    for s in &samples {
        let gold = text(&s.ground_truth);
        for which in [0u8, 1, 16, 17, 19] {
            add("extract", [[which].as_slice(), s.response.as_bytes()].concat());
        }
        add("literal", gold.clone().into_bytes());
        add("row", row_json(s).to_string().into_bytes());
        if s.data_source.starts_with("math") || s.data_source.contains("gsm8k") {
            add("math", format!("{gold}\0{}", s.response).into_bytes());
            add("math", format!("{gold}\0{gold}").into_bytes());
        }
        let route = registry.route_of(&s.data_source).map(str::to_owned);
        if route.as_deref() == Some(rlvr::names::TABLE) {
            let mut tables: Vec<&Value> = Vec::new();
            match s.extra("tables") {
                Some(Value::Array(a)) => tables.extend(a),
                Some(other) => tables.push(other),
                None => {}
            }
            for t in tables {
                let format = t.get("format").and_then(Value::as_str).unwrap_or("markdown");
                let which = match format {
                    "markdown" => 0,
                    "html" => 1,
                    "csv" => 2,
                    "hitab" => 4,
                    _ => 3,
                };
                let content = t.get("content").or_else(|| t.get("table")).unwrap_or(t);
                let mut seed = vec![which];
                seed.extend(text(content).into_bytes());
                add("table", seed);
            }
            if let Some(p) = s.prompt_text() {
                for which in [0u8, 1, 5, 6] {
                    let mut seed = vec![which];
                    seed.extend(p.as_bytes());
                    add("table", seed);
                }
            }
            let mut seed = vec![7u8];
            seed.extend(s.response.as_bytes());
            add("table", seed);
        }
        let labels = json!({"query": [s.response], "prompts": [s.prompt_text().unwrap_or_default()], "labels": [s.ground_truth]});
        add("server", [b"\x00\x00".as_slice(), labels.to_string().as_bytes()].concat());
    }
    for (i, s) in crate::templates().iter().enumerate() {
        let index = u16::try_from(i).expect("fewer than 65536 templates").to_le_bytes();
        add("answers", [index.as_slice(), s.response.as_bytes()].concat());
    }
    for line in &lines {
        add("row", line.clone().into_bytes());
        add(
            "server",
            [
                b"\x01extraction=lenient\x00".as_slice(),
                format!("{{\"rows\": [{line}]}}").as_bytes(),
            ]
            .concat(),
        );
        add("server", [b"\x01\x00[".as_slice(), line.as_bytes(), b"]"].concat());
    }
    let columns = json!({"data_sources": "math__math", "solution_strs": ["\\boxed{1}", "2"], "ground_truths": ["1", "3"], "extra_infos": [null, {"index": 1}]});
    add("server", [b"\x01\x00".as_slice(), columns.to_string().as_bytes()].concat());
    let run_code = json!({"code": "print(1)", "language": "python", "run_timeout": 1, "stdin": ""});
    add("server", [b"\x02\x00".as_slice(), run_code.to_string().as_bytes()].concat());
    add("server", b"\x00data_source=math__math&extraction=strict\x00{\"query\": [\"1\"], \"labels\": [\"1\"]}".to_vec());
    for msg in [
        r#"{"status": "ok"}"#,
        r#"{"status": "collected", "n": 3, "err": ""}"#,
        r#"{"status": "compared", "equal": true}"#,
        r#"{"i": 0, "status": "passed", "stdout": "x\n"}"#,
        r#"{"i": 1, "status": "returned", "value": "{\"nodes\": [{\"t\": \"int\", \"c\": \"3\"}], \"root\": 0}"}"#,
        r#"{"status": "loaded", "names": {"nodes": [{"t": "str", "c": "f"}, {"t": "list", "c": [0]}], "root": 1}}"#,
        r#"{"status": "returned", "value": {"nodes": [{"t": "dict", "c": [[1, 2]]}, {"t": "int", "c": "3"}, {"t": "none"}], "root": 0}}"#,
        r#"{"status": "raised", "type_name": "ValueError", "msg": "x"}"#,
        r#"{"status": "exit", "err": "SystemExit"}"#,
        r#"{"status": "returned", "repr": "1", "json": "1", "value": {"nodes": [{"t": "float", "c": "1.0"}], "root": 0}}"#,
        r#"{"status": "exit0", "stdout": "1\n", "stderr": "", "exit": 0}"#,
        r#"{"nodes": [{"t": "tuple", "c": [1, 2]}, {"t": "int", "c": "1"}, {"t": "str", "c": "a"}], "root": 0}"#,
        r#"{"nodes": [{"t": "complex", "c": ["1.0", "-2"]}, {"t": "fraction", "c": ["1", "3"]}, {"t": "bytes", "c": "00ff"}, {"t": "set", "c": [0, 1]}, {"t": "object", "c": {"class": "P", "attrs": [["x", 0]]}}, {"t": "handle", "c": 7}, {"t": "global", "c": "math:pi"}, {"t": "module", "c": "os"}, {"t": "decimal", "c": "1.5"}, {"t": "frozenset", "c": []}, {"t": "bytearray", "c": ""}, {"t": "bool", "c": false}], "root": 3}"#,
    ] {
        for want in ["null", "[1, \"a\"]", "{\"3\": null}", "3", "1.0", "{\"\\u0000int\": \"3\"}"] {
            add("guest_protocol", format!("{want}\n{msg}").into_bytes());
        }
    }
    out
}

#[test]
#[ignore = "writes fuzz/seeds/; run by hand before fuzzing"]
fn write_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    for (target, seeds) in seeds() {
        let d = dir.join(target);
        std::fs::create_dir_all(&d).expect("the seed directory is made");
        for (i, seed) in seeds.iter().enumerate() {
            std::fs::write(d.join(format!("{i:05}")), seed).expect("a seed is written");
        }
        println!("{target}: {} seeds", seeds.len());
    }
}
