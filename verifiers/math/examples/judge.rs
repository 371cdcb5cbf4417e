//! Judges answers from the command line or from JSON lines on stdin.
//!
//! `cargo run -p rlvr-math --example judge -- GOLD PRED` prints the
//! equivalence. With no arguments, each stdin line is a JSON object with
//! `data_source`, `response` and `ground_truth` (and optional
//! `extra_info`); each output line is `{"status", "detail", "pred",
//! "latency_ns"}`, and a last line on stderr gives the total time. The
//! comparison script `scripts/compare_math_verify.py` uses this mode.
//!
//! Before the first timed line, a few untimed verifications build the
//! lazily compiled extraction regexes once, as a long-lived training
//! process would have, so that no line pays for them.

use std::io::{BufRead, Write};
use std::time::Instant;

use rlvr_core::{Context, Sample, Status, Verifier};
use rlvr_math::MathVerifier;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let v = MathVerifier::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [gold, pred] = args.as_slice() {
        println!("{}", v.equivalent(gold, pred)?);
        return Ok(());
    }
    for (response, gold, extra) in [
        ("\\boxed{1}", "1", "strict"),
        ("so it is $2$", "2", "lenient"),
        ("it is 2, or 3", "3", "lenient"),
        ("Answer: 4", "#### 4", "strict"),
    ] {
        let s = Sample::new("openai/gsm8k", response, gold)
            .with_extra_info(serde_json::json!({ "extraction": extra }));
        let _warm = v.verify(&s, &Context::default());
    }
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut total = 0u128;
    let mut n = 0u64;
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let s: Sample = serde_json::from_str(&line)?;
        let start = Instant::now();
        let r = v.verify(&s, &Context::default());
        let ns = start.elapsed().as_nanos();
        total += ns;
        n += 1;
        let (status, detail, pred) = match r {
            Ok(r) => (Status::from(r.verdict), r.detail, r.pred),
            Err(e) => (Status::from(&e), Some(e.to_string()), None),
        };
        let j = serde_json::json!({"status": status.as_str(), "detail": detail, "pred": pred, "latency_ns": ns});
        writeln!(out, "{j}")?;
    }
    out.flush()?;
    eprintln!("{n} samples in {:.3} ms", total as f64 / 1e6);
    Ok(())
}
