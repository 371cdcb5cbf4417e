//! The `rlvr` binary end to end.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("rlvr-test-{}-{name}", std::process::id()))
}

const KEYS: [&str; 7] = ["score", "acc", "status", "pred", "detail", "verifier", "latency_us"];

/// 10,000 rows mixing valid rows, unknown data sources, malformed JSON and
/// missing fields: exactly 10,000 records come back, in order, each with the
/// fixed keys, plus the summary table.
#[test]
fn score_returns_one_record_per_row_in_order() {
    let input = temp_path("mixed.jsonl");
    let output = temp_path("mixed.out.jsonl");
    let mut text = String::new();
    for i in 0..10_000 {
        let line = match i % 6 {
            0 => format!(
                r#"{{"id": {i}, "data_source": "math__math", "response": "\\boxed{{{i}}}", "reward_model": {{"ground_truth": "{i}"}}}}"#
            ),
            1 => format!(
                r#"{{"id": {i}, "data_source": "no_such_source_{i}", "response": "x", "ground_truth": "1"}}"#
            ),
            2 => format!(r#"{{"id": {i}, "data_source": "math__math", "response": "#),
            3 => format!(r#"{{"id": {i}, "data_source": "math__math", "ground_truth": "1"}}"#),
            4 => format!(
                r#"{{"id": {i}, "data_source": "logic__zebra_puzzle_dataset", "response": "x"}}"#
            ),
            _ => format!(
                r#"{{"id": {i}, "data_source": "codegen__taco", "solution_str": "```python\nprint(1)\n```", "ground_truth": "{{}}", "extra_info": "not json"}}"#
            ),
        };
        text.push_str(&line);
        text.push('\n');
        if i % 1000 == 0 {
            // Blank lines are not rows.
            text.push('\n');
        }
    }
    std::fs::write(&input, text).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--threads", "2", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("TOTAL") && stderr.contains("10000 rows"), "{stderr}");

    let out = std::fs::read_to_string(&output).unwrap();
    let records: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 10_000);
    for (i, rec) in records.iter().enumerate() {
        for key in KEYS {
            assert!(rec.get(key).is_some(), "record {i} lacks `{key}`: {rec}");
        }
        let status = rec["status"].as_str().unwrap();
        let detail = rec["detail"].as_str().unwrap_or("");
        match i % 6 {
            // Malformed JSON has no id to carry; its detail names the line.
            2 => {
                assert_eq!(status, "internal_error");
                assert!(rec.get("id").is_none());
                let line = i + 1 + i.div_ceil(1000);
                assert!(detail.starts_with(&format!("line {line}: ")), "{detail}");
            }
            _ => assert_eq!(rec["id"], i, "records out of order at {i}"),
        }
        match i % 6 {
            1 => assert_eq!(status, "unknown_data_source"),
            3 => assert_eq!(status, "internal_error", "{detail}"),
            4 => assert_eq!(status, "gold_unparseable", "{detail}"),
            _ => {}
        }
    }
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&output);
}

#[test]
fn score_reads_rows_from_standard_input() {
    use std::io::Write as _;
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let rows = "{\"index\": 1, \"data_source\": \"x\", \"response\": \"a\", \"ground_truth\": \"a\"}\nnot json\n";
    child.stdin.take().unwrap().write_all(rows.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["index"], 1);
    assert_eq!(records[1]["status"], "internal_error");
    assert!(out.stderr.is_empty(), "--quiet prints nothing");
}

#[test]
fn missing_input_is_an_io_error_with_one_line() {
    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--input", "/nonexistent/rows.jsonl"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("rlvr: error: /nonexistent/rows.jsonl"), "{stderr}");
}

#[test]
fn validate_reports_bad_ground_truth_per_data_source() {
    let input = temp_path("validate.jsonl");
    std::fs::write(
        &input,
        "{\"data_source\": \"math__math\", \"response\": \"\"}\n{\"data_source\": \"x\", \"response\": \"\", \"ground_truth\": 1}\n",
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["validate", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("(malformed row)") && stdout.contains("line 1:"), "{stdout}");
    assert!(stdout.contains("unknown data source `x`"), "{stdout}");
    let _ = std::fs::remove_file(&input);
}

/// Guru rows as Parquet stores them (chat-list prompt, `reward_model` and
/// `extra_info` structs) read through polars into the same row reader.
#[cfg(feature = "parquet")]
#[test]
fn score_reads_guru_parquet_rows() {
    use polars::prelude::*;

    let jsonl = temp_path("guru.jsonl");
    let parquet = temp_path("guru.parquet");
    let rows = [
        r#"{"id": 10, "data_source": "math__math", "prompt": [{"role": "user", "content": "1+1?"}], "response": "\\boxed{2}", "reward_model": {"style": "rule", "ground_truth": "2"}, "extra_info": {"split": "test", "index": 0}}"#,
        r#"{"id": 11, "data_source": "nope", "prompt": [{"role": "user", "content": "2+2?"}], "response": "\\boxed{4}", "reward_model": {"style": "rule", "ground_truth": "4"}, "extra_info": {"split": "test", "index": 1}}"#,
        r#"{"id": 12, "data_source": "math__math", "prompt": [{"role": "user", "content": "3+3?"}], "response": "\\boxed{6}", "reward_model": {"style": "rule", "ground_truth": null}, "extra_info": {"split": "test", "index": 2}}"#,
    ];
    std::fs::write(&jsonl, rows.join("\n")).unwrap();
    let mut df = JsonReader::new(std::fs::File::open(&jsonl).unwrap())
        .with_json_format(JsonFormat::JsonLines)
        .finish()
        .unwrap();
    ParquetWriter::new(std::fs::File::create(&parquet).unwrap()).finish(&mut df).unwrap();

    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--input"])
        .arg(&parquet)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let records: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3);
    let ids: Vec<i64> = records.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [10, 11, 12]);
    assert_eq!(records[1]["status"], "unknown_data_source");
    assert!(records[1]["detail"].as_str().unwrap().contains("`nope`"));
    for r in [&records[0], &records[2]] {
        assert_ne!(r["status"], "internal_error", "{r}");
    }
    let _ = std::fs::remove_file(&jsonl);
    let _ = std::fs::remove_file(&parquet);
}

/// `--output x.parquet` writes the records as Parquet, read back here with
/// polars, with the input's ids; `--join` writes each input row with its
/// record's fields; a `--limit` run that leaves rows unscored keeps a part
/// file instead, and `--resume` finishes it.
#[cfg(feature = "parquet")]
#[test]
fn parquet_records_round_trip_and_join() {
    use polars::prelude::*;

    let input = temp_path("pq-in.jsonl");
    std::fs::write(&input, math_rows(30)).unwrap();
    let read = |path: &std::path::Path| {
        ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap()
    };
    let jsonl = temp_path("pq-ref.jsonl");
    let reference = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&jsonl)
        .status()
        .unwrap();
    assert!(reference.success());
    let want = records_without_latency(&jsonl);

    // Records alone.
    let out = temp_path("pq-records.parquet");
    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let df = read(&out);
    assert_eq!(df.height(), 30);
    let ids: Vec<i64> = df.column("id").unwrap().i64().unwrap().into_no_null_iter().collect();
    assert_eq!(ids, (0..30).collect::<Vec<i64>>());
    let status = df.column("status").unwrap().str().unwrap();
    let score = df.column("score").unwrap().f64().unwrap();
    for (i, rec) in want.iter().enumerate() {
        assert_eq!(status.get(i), rec["status"].as_str(), "row {i}");
        assert_eq!(score.get(i), rec["score"].as_f64(), "row {i}");
    }
    assert!(!std::path::Path::new(&format!("{}.part.jsonl", out.display())).exists());

    // Joined with the rows, in two runs: the first stops at a limit and
    // keeps its part file; the resumed run writes the Parquet file.
    let joined = temp_path("pq-joined.parquet");
    let part = PathBuf::from(format!("{}.part.jsonl", joined.display()));
    let first = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--join", "--limit", "12", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&joined)
        .status()
        .unwrap();
    assert!(first.success());
    assert!(!joined.exists() && part.exists());
    let second = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--join", "--resume", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&joined)
        .status()
        .unwrap();
    assert!(second.success());
    assert!(joined.exists() && !part.exists());
    let df = read(&joined);
    assert_eq!(df.height(), 30);
    for column in ["id", "data_source", "response", "reward_model", "score", "status", "verifier"] {
        assert!(df.column(column).is_ok(), "no column {column}: {:?}", df.get_column_names());
    }
    let status = df.column("status").unwrap().str().unwrap();
    for (i, rec) in want.iter().enumerate() {
        assert_eq!(status.get(i), rec["status"].as_str(), "row {i}");
    }
    for path in [&input, &jsonl, &out, &joined] {
        let _ = std::fs::remove_file(path);
    }
}

/// One math row per id: every third answer is wrong, so the records differ.
fn math_rows(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        let answer = if i % 3 == 0 { i + 1 } else { i };
        text.push_str(&format!(
            "{{\"id\": {i}, \"data_source\": \"math__math\", \"response\": \"\\\\boxed{{{answer}}}\", \"reward_model\": {{\"ground_truth\": \"{i}\"}}}}\n"
        ));
    }
    text
}

/// The records of a file without their timing, which varies run to run.
fn records_without_latency(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("latency_us");
            v
        })
        .collect()
}

/// Waits until `path` holds at least `n` lines (or fails after 60 s).
fn wait_for_lines(path: &std::path::Path, n: usize) {
    let start = std::time::Instant::now();
    loop {
        let lines = std::fs::read_to_string(path).map(|t| t.lines().count()).unwrap_or(0);
        if lines >= n {
            return;
        }
        assert!(start.elapsed().as_secs() < 60, "only {lines} of {n} records appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A run fed slowly through standard input writes and flushes each chunk
/// before it reads the next; SIGTERM then stops it with the summary so far
/// and a non-zero status, and `--resume` over the whole input ends with
/// exactly one record per row, equal to an uninterrupted run's.
#[cfg(unix)]
#[test]
fn killed_run_keeps_flushed_chunks_and_resumes() {
    use std::io::Write as _;
    use std::process::Stdio;

    let rows = math_rows(100);
    let lines: Vec<&str> = rows.lines().collect();
    let output = temp_path("killed.out.jsonl");
    let _ = std::fs::remove_file(&output);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--chunk", "8", "--threads", "1", "--input", "-", "--output"])
        .arg(&output)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Two whole chunks: both must reach the file while the run waits for
    // more input.
    for line in &lines[..20] {
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    wait_for_lines(&output, 16);
    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    // The run is blocked reading, or, if the signal came between its flush
    // and its next read, already stopped (then these writes fail with a
    // broken pipe). Either way what it reads after the signal is not graded.
    for line in &lines[20..30] {
        let _ = writeln!(stdin, "{line}");
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("TOTAL") && stderr.contains("--resume"), "{stderr}");
    let kept = records_without_latency(&output);
    assert!((16..30).contains(&kept.len()), "{} records kept", kept.len());

    // Resume over the whole input, from a file.
    let input = temp_path("killed.jsonl");
    std::fs::write(&input, &rows).unwrap();
    let resumed = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--resume", "--chunk", "8", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert!(resumed.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("resumed: {} rows", kept.len())), "{stderr}");

    let fresh = temp_path("fresh.out.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--quiet", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&fresh)
        .status()
        .unwrap();
    assert!(run.success());
    let all = records_without_latency(&output);
    assert_eq!(all.len(), 100);
    assert_eq!(all, records_without_latency(&fresh));
    for path in [&output, &input, &fresh] {
        let _ = std::fs::remove_file(path);
    }
}

/// `--resume` cuts off a record that was half written when the run died,
/// and refuses an output file that belongs to another input.
#[test]
fn resume_drops_a_partial_line_and_refuses_another_input() {
    let rows = math_rows(10);
    let input = temp_path("partial.jsonl");
    let output = temp_path("partial.out.jsonl");
    std::fs::write(&input, &rows).unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rlvr"))
            .args(["score", "--quiet", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(run(&[]).status.success());
    let full = records_without_latency(&output);
    // Keep 4 records and half of the fifth.
    let text = std::fs::read_to_string(&output).unwrap();
    let cut: usize = text.lines().take(4).map(|l| l.len() + 1).sum::<usize>() + 10;
    std::fs::write(&output, &text[..cut]).unwrap();
    assert!(run(&["--resume"]).status.success());
    assert_eq!(records_without_latency(&output), full);
    // Resuming a finished run adds nothing.
    assert!(run(&["--resume"]).status.success());
    assert_eq!(records_without_latency(&output), full);

    // Records whose ids do not match the input's rows are refused.
    std::fs::write(&input, math_rows(12).lines().skip(1).collect::<Vec<_>>().join("\n")).unwrap();
    let refused = run(&["--resume"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not the output of this input"), "{stderr}");
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&output);
}
