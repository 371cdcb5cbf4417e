//! Loads the guest (compiling it into the on-disk cache when needed) and
//! measures per-program latency on a small stdin/stdout workload.
//!
//! ```sh
//! verifiers/code/guest/build.sh
//! cargo run --release -p rlvr-code --example code_check -- 200
//! # or grade rows {"response", "ground_truth"} of a JSONL file once each
//! # (after one warm-up pass) and print their latencies as JSON:
//! cargo run --release -p rlvr-code --example code_check -- 1 rows.jsonl
//! ```

use std::time::{Duration, Instant};

use rlvr_code::CodeVerifier;
use rlvr_core::{Context, Sample, Verifier};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let v = CodeVerifier::new();
    let t = Instant::now();
    let load = v.sandbox().preload()?;
    println!(
        "guest {} loaded in {load:?} ({:?} with the first call)",
        v.sandbox().guest_path().display(),
        t.elapsed()
    );
    if let Some(path) = std::env::args().nth(2) {
        return rows(&v, &path);
    }
    let inputs: Vec<String> = (0..10)
        .map(|i| {
            format!("{i}\n{}\n", (0..20).map(|j| (i * j).to_string()).collect::<Vec<_>>().join(" "))
        })
        .collect();
    let outputs: Vec<String> =
        (0..10).map(|i| format!("{}\n", (0..20).map(|j| i * j).sum::<i64>() * i)).collect();
    let gt = json!({"inputs": inputs, "outputs": outputs}).to_string();
    let code = "n = int(input())\nxs = list(map(int, input().split()))\nprint(sum(xs) * n)";
    let s = Sample::new("codegen__taco", format!("```python\n{code}\n```"), gt);
    let mut lat = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let r = v.verify(&s, &Context::default())?;
        lat.push(t.elapsed());
        assert!(r.is_correct(), "{r:?}");
    }
    lat.sort();
    let total: Duration = lat.iter().sum();
    let p = |q: f64| lat[((lat.len() - 1) as f64 * q) as usize];
    println!(
        "{n} programs x 10 stdin tests: median {:?}, p99 {:?}, {:.1} programs/s on one thread",
        p(0.5),
        p(0.99),
        n as f64 / total.as_secs_f64()
    );
    Ok(())
}

fn rows(v: &CodeVerifier, path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut samples = Vec::new();
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line)?;
        let resp = row["response"].as_str().unwrap_or("").to_owned();
        samples.push(Sample::new("codegen__taco", resp, row["ground_truth"].clone()));
    }
    for s in &samples {
        let r = v.verify(s, &Context::default())?;
        assert!(r.is_correct(), "{r:?}");
    }
    let mut lat = Vec::new();
    for s in &samples {
        let t = Instant::now();
        let r = v.verify(s, &Context::default())?;
        lat.push(t.elapsed().as_micros());
        assert!(r.is_correct(), "{r:?}");
    }
    println!("{}", json!({ "latencies_us": lat }));
    Ok(())
}
