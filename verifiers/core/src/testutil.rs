//! Test support shared by every domain crate (feature `test-util`):
//! the fixture loader and runner, and the conformance checks.
//!
//! # Fixture format
//! `fixtures/<domain>/<topic>.toml` holds `[[case]]` tables:
//!
//! ```toml
//! # Why this case exists (a comment above every case).
//! [[case]]
//! name = "boxed-fraction"              # kebab-case, unique in the file
//! data_source = "math__math"
//! response = "so \\boxed{\\frac12}"
//! ground_truth = "1/2"                 # any TOML value, read as JSON
//! extra_info = { index = 3 }           # optional table
//! prompt = "What is 1/2?"              # optional string
//! expect = { status = "correct", score = 1.0 }
//! ```
//!
//! `expect.status` is a record status (`correct`, `incorrect`, `partial`,
//! `no_answer`, `timeout`, `gold_unparseable`, `sandbox_error`,
//! `internal_error`, `unknown_data_source`); `verdict` is accepted as a
//! synonym. `score` defaults to 1 for `correct` and 0 otherwise, and is
//! required for `partial`. A case's full name is
//! `<domain>/<file-stem>/<name>`.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{
    Budget, CancelToken, Context, Error, Outcome, Prompt, Record, Reward, Sample, Status, Verifier,
};

/// One fixture case.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Case {
    /// `<domain>/<file-stem>/<name>`.
    pub full_name: String,
    /// The sample to grade.
    pub sample: Sample,
    /// The expected status.
    pub status: Status,
    /// The expected score.
    pub score: f64,
    /// Why the case is known to fail (the fixture's `known_failure`): an
    /// expectation we cannot meet yet, checked by [`run_cases`] to still
    /// fail wherever the fixtures run, so it cannot go stale.
    pub known_failure: Option<String>,
}

/// Loads every `*.toml` fixture file under `root`, recursively, in path
/// order. `root` is either the `fixtures/` directory (the first path
/// component under it is the domain) or one domain's directory
/// (`fixtures/math`: its name is the domain).
///
/// # Errors
/// A message naming the file and the problem (unreadable file, bad TOML, a
/// missing field, a duplicate name).
pub fn load_dir(root: &Path) -> Result<Vec<Case>, String> {
    let mut files = Vec::new();
    collect_toml(root, &mut files)?;
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        cases.extend(load_file(root, &file)?);
    }
    Ok(cases)
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads one fixture file; `root` is used to name its domain.
///
/// # Errors
/// As [`load_dir`].
pub fn load_file(root: &Path, file: &Path) -> Result<Vec<Case>, String> {
    let where_ = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| format!("{where_}: {e}"))?;
    let doc: toml::Table = toml::from_str(&text).map_err(|e| format!("{where_}: {e}"))?;
    let rel = file.strip_prefix(root).unwrap_or(file);
    // The domain is the first directory under `root`; for a file directly
    // in `root` (a domain crate loading `fixtures/<domain>`), it is the
    // name of `root` itself.
    let first_dir = rel.parent().and_then(|p| p.components().next()).map(|c| c.as_os_str());
    let domain = first_dir
        .or_else(|| root.file_name())
        .map_or_else(|| "root".to_owned(), |c| c.to_string_lossy().into_owned());
    let stem = file.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let Some(toml::Value::Array(raw)) = doc.get("case") else {
        return Err(format!("{where_}: no [[case]] tables"));
    };
    let mut seen = std::collections::HashSet::new();
    let mut cases = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let case =
            parse_case(raw, &domain, &stem).map_err(|e| format!("{where_}: case {i}: {e}"))?;
        if !seen.insert(case.full_name.clone()) {
            return Err(format!("{where_}: duplicate case name `{}`", case.full_name));
        }
        cases.push(case);
    }
    Ok(cases)
}

fn parse_case(raw: &toml::Value, domain: &str, stem: &str) -> Result<Case, String> {
    let json = serde_json::to_value(raw).map_err(|e| e.to_string())?;
    let field = |k: &str| json.get(k);
    let string = |k: &str| {
        field(k).and_then(Value::as_str).map(str::to_owned).ok_or(format!("missing string `{k}`"))
    };
    let name = string("name")?;
    if name.is_empty()
        || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("name `{name}` is not kebab-case"));
    }
    let ground_truth = field("ground_truth").cloned().ok_or("missing `ground_truth`")?;
    let mut sample = Sample::new(string("data_source")?, string("response")?, ground_truth)
        .with_extra_info(field("extra_info").cloned().unwrap_or(Value::Null));
    if let Some(p) = field("prompt") {
        sample.prompt = Prompt::from_json(p.clone()).map_err(|e| format!("prompt: {e}"))?;
    }
    let expect = field("expect").ok_or("missing `expect`")?;
    let status_name = expect
        .get("status")
        .or_else(|| expect.get("verdict"))
        .and_then(Value::as_str)
        .ok_or("`expect` needs `status` (or `verdict`)")?;
    let status: Status = serde_json::from_value(Value::String(status_name.to_owned()))
        .map_err(|_| format!("unknown status `{status_name}`"))?;
    let score = match (expect.get("score").and_then(Value::as_f64), status) {
        (Some(s), _) => s,
        (None, Status::Correct) => 1.0,
        (None, Status::Partial) => return Err("`partial` needs an expected `score`".to_owned()),
        (None, _) => 0.0,
    };
    let known_failure = field("known_failure").and_then(Value::as_str).map(str::to_owned);
    Ok(Case { full_name: format!("{domain}/{stem}/{name}"), sample, status, score, known_failure })
}

/// Runs the cases through `grade` and panics with a report of every failure
/// (name, response, ground truth, expected and actual record).
///
/// `known_failures` lists `(full name, reason)` pairs that are expected to
/// fail, like regex's blacklist; a listed case that passes is reported too,
/// so the list cannot go stale.
///
/// # Panics
/// When any case fails, or a known failure passes.
pub fn run_cases(
    cases: &[Case],
    known_failures: &[(&str, &str)],
    grade: impl Fn(&Sample) -> Outcome,
) {
    let mut report = String::new();
    let mut failed = 0;
    for case in cases {
        let outcome = catch_unwind(AssertUnwindSafe(|| grade(&case.sample))).unwrap_or_else(|_| {
            Outcome::failed(Error::Panicked {
                verifier: "?".to_owned(),
                message: "panic".to_owned(),
            })
        });
        let rec = Record::from_outcome(&outcome);
        let ok = rec.status == case.status && (rec.score - case.score).abs() < 1e-9;
        let known = known_failures
            .iter()
            .find(|(n, _)| *n == case.full_name)
            .map(|(_, why)| *why)
            .or(case.known_failure.as_deref());
        match (ok, known) {
            (true, None) | (false, Some(_)) => continue,
            (true, Some(why)) => {
                let _ = writeln!(
                    report,
                    "PASSED but listed as a known failure ({why}): {}",
                    case.full_name
                );
            }
            (false, None) => {
                let _ = writeln!(
                    report,
                    "FAILED {}\n  response:     {:?}\n  ground truth: {}\n  expected:     {} score {}\n  got:          {} score {} pred {:?} detail {:?}",
                    case.full_name,
                    truncate(&case.sample.response),
                    truncate(&case.sample.ground_truth.to_string()),
                    case.status,
                    case.score,
                    rec.status,
                    rec.score,
                    rec.pred,
                    rec.detail,
                );
            }
        }
        failed += 1;
    }
    assert!(failed == 0, "{failed} of {} fixture cases failed:\n{report}", cases.len());
}

fn truncate(s: &str) -> std::borrow::Cow<'_, str> {
    crate::clip(s, 300)
}

/// Responses that every verifier must survive: empty, garbage, huge,
/// deeply nested, unclosed containers, control characters.
pub fn garbage_responses() -> Vec<String> {
    vec![
        String::new(),
        " ".to_owned(),
        "\u{0}\u{1}\u{7f}\u{feff}".to_owned(),
        "<think>never closed".to_owned(),
        "</think>".to_owned(),
        "\\boxed{".to_owned(),
        "\\boxed{}".to_owned(),
        "<answer></answer>".to_owned(),
        "<answer>".to_owned(),
        "```python\n".to_owned(),
        "```\n```".to_owned(),
        "{\"a\": [1, 2, {\"b\": null}]}".to_owned(),
        "[[[[[[[[[[".to_owned(),
        format!("\\boxed{{{}{}}}", "{".repeat(2000), "}".repeat(2000)),
        format!("<answer>{}</answer>", "(".repeat(5000)),
        format!("\\boxed{{{}}}", "9^".repeat(500) + "9"),
        format!("\\boxed{{{}}}", "1".repeat(10_000)),
        "x".repeat(2 << 20),
        "é\u{10ffff}😀 \\boxed{😀}".to_owned(),
        "\\boxed{__import__('os').system('echo pwned')}".to_owned(),
        "<answer>__import__('os').system('echo pwned')</answer>".to_owned(),
    ]
}

/// Checks the contract every verifier must keep, on `samples` and on
/// garbage responses to each of them:
/// - it never panics;
/// - it is deterministic (two runs give the same record, latency aside);
/// - scores are finite and in `[0, 1]`;
/// - given an expired context it returns promptly (with
///   [`Error::Cancelled`] / [`Error::BudgetExceeded`], or an answer it got
///   without needing the budget).
///
/// # Panics
/// On the first broken rule, naming the sample.
pub fn assert_conforms(verifier: &dyn Verifier, samples: &[Sample]) {
    let mut all: Vec<Sample> = samples.to_vec();
    for s in samples {
        for g in garbage_responses() {
            let mut bad = s.clone();
            bad.response = g;
            all.push(bad);
        }
    }
    let budget = Budget::default().with_wall(Some(Duration::from_secs(10)));
    for s in &all {
        let name = format!("{} / {:?}", s.data_source, truncate(&s.response));
        let run = || {
            let cx = Context::new(&budget);
            catch_unwind(AssertUnwindSafe(|| verifier.verify(s, &cx)))
                .unwrap_or_else(|_| panic!("`{}` panicked on {name}", verifier.name()))
        };
        let first = run();
        let second = run();
        let (a, b) = (summary(&first), summary(&second));
        assert_eq!(a, b, "`{}` is not deterministic on {name}", verifier.name());
        assert!(a.1.is_finite() && (0.0..=1.0).contains(&a.1), "bad score on {name}");

        let token = CancelToken::new();
        token.cancel();
        let expired =
            Context::new(&Budget::default().with_wall(Some(Duration::ZERO))).with_cancel(token);
        let start = Instant::now();
        let r =
            catch_unwind(AssertUnwindSafe(|| verifier.verify(s, &expired))).unwrap_or_else(|_| {
                panic!("`{}` panicked on {name} (expired context)", verifier.name())
            });
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "`{}` ignored an expired context on {name}",
            verifier.name()
        );
        if let Err(e) = r {
            assert!(
                matches!(e, Error::Cancelled | Error::BudgetExceeded { .. }) || first.is_err(),
                "`{}` gave {e} on an expired context for {name}",
                verifier.name()
            );
        }
    }
}

type Summary = (Status, f64, Option<String>, Option<String>);

/// What must be equal between two runs: status, score, pred and detail.
fn summary(r: &Result<Reward, Error>) -> Summary {
    match r {
        Ok(r) => (r.verdict.into(), r.score, r.pred.clone(), r.detail.clone()),
        Err(e) => (e.into(), 0.0, None, Some(e.to_string())),
    }
}
