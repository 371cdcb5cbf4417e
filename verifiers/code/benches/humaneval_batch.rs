//! Batch throughput on HumanEval: 328 rows (164 canonical solutions, 164
//! broken ones whose body is `return None`), graded on 1 thread and then on
//! 2, with the verdicts checked before anything is timed. Prints the wall
//! time of each pass, rows/s, the 2-thread speed-up and the load average.
//!
//! `cargo bench -p rlvr-code --bench humaneval_batch` (`-- --rounds N` for
//! N timed rounds per thread count; the best round is reported). Skipped,
//! loudly, without the guest (`verifiers/code/guest/build.sh`) or the data
//! (`verifiers/code/guest/fetch_humaneval.sh`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rlvr_code::CodeVerifier;
use rlvr_core::{Context, Sample, Verdict, Verifier};
use serde_json::{Value, json};

fn rows() -> Option<Vec<Value>> {
    let path = std::env::var_os("RLVR_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/rlvr")))?
        .join("code/HumanEval.jsonl");
    let text = std::fs::read_to_string(&path).ok()?;
    text.lines().map(|l| serde_json::from_str(l).ok()).collect()
}

fn sample(row: &Value, body: &str) -> Sample {
    let s = |k: &str| row[k].as_str().unwrap_or_default();
    let code = format!("{}{}", s("prompt"), body);
    let test = format!("{}\n\ncheck({})\n", s("test"), s("entry_point"));
    // As a Guru row gives it: the prompt's code (its complete helpers,
    // HumanEval/32's `poly`, are trusted test helpers) and the function to
    // write.
    Sample::new(
        "codegen__humaneval",
        format!("```python\n{code}\n```"),
        json!({ "functional": test }).to_string(),
    )
    .with_prompt(format!("Complete this function.\n```python\n{}\n```\n", s("prompt")))
    .with_extra_info(json!({ "function_name": s("entry_point") }))
}

/// Grades every sample on `threads` threads; returns the wall time and the
/// verdicts in sample order.
fn grade(v: &CodeVerifier, samples: &[Sample], threads: usize) -> (Duration, Vec<Verdict>) {
    let next = AtomicUsize::new(0);
    let t = Instant::now();
    let mut verdicts = vec![Verdict::NoAnswer; samples.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(sample) = samples.get(i) else { break };
                        // A context per row: its budget is per row.
                        let r = v.verify(sample, &Context::default()).expect("graded");
                        out.push((i, r.verdict));
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            for (i, verdict) in h.join().expect("a grading thread panicked") {
                verdicts[i] = verdict;
            }
        }
    });
    (t.elapsed(), verdicts)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_owned()
}

fn main() {
    let rounds: usize = std::env::args()
        .skip_while(|a| a != "--rounds")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let v = CodeVerifier::new();
    let Some(rows) = rows().filter(|_| v.sandbox().guest_path().is_file()) else {
        eprintln!("\n*** SKIPPED: no guest or no HumanEval data (see the file's docs) ***\n");
        return;
    };
    v.sandbox().preload().expect("the guest loads");
    let mut samples = Vec::new();
    let mut expected = Vec::new();
    for row in &rows {
        samples.push(sample(row, row["canonical_solution"].as_str().unwrap_or_default()));
        expected.push(Verdict::Correct);
    }
    for row in &rows {
        samples.push(sample(row, "    return None\n"));
        expected.push(Verdict::Incorrect);
    }
    // Warm up and check the verdicts before timing.
    let (_, got) = grade(&v, &samples, 2);
    assert_eq!(got, expected, "wrong verdicts");
    let mut best = [Duration::MAX; 3];
    for round in 0..rounds {
        for threads in [1, 2] {
            let (wall, got) = grade(&v, &samples, threads);
            assert_eq!(got, expected, "wrong verdicts on {threads} threads");
            best[threads] = best[threads].min(wall);
            println!(
                "round {round}: {} rows on {threads} thread(s): {:.3} s ({:.0} rows/s), load {}",
                samples.len(),
                wall.as_secs_f64(),
                samples.len() as f64 / wall.as_secs_f64(),
                load()
            );
        }
    }
    println!(
        "best: 1 thread {:.3} s, 2 threads {:.3} s, speed-up {:.2}x",
        best[1].as_secs_f64(),
        best[2].as_secs_f64(),
        best[1].as_secs_f64() / best[2].as_secs_f64()
    );
}
