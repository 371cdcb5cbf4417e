//! Load benchmark of `rlvr serve` on loopback: requests/s, samples/s and
//! p50/p99 latency of `POST /get_reward`, with the server grading on 1 and
//! on 2 threads.
//!
//! `cargo bench --bench load` runs the full load (bounded: at most
//! `REQUESTS` requests or `TIME_LIMIT` per scenario); without `--bench`
//! (as `cargo test --benches` runs it) it is a short smoke run. Traffic goes
//! to 127.0.0.1 only. The load generator runs on the same machine and
//! competes with the server for its cores: the figures are a floor.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Client, TestServer};
use rlvr_server::Config;
use serde_json::json;

const TIME_LIMIT: Duration = Duration::from_secs(10);
const CONNECTIONS: usize = 8;

/// Realistic math answers (with their golds), one correct and one not.
const ANSWERS: [(&str, &str); 6] = [
    ("<think>2^3 = 8 = 1 mod 7</think>The remainder is \\boxed{2}.", "2"),
    ("So $x = \\boxed{\\dfrac{1}{2}}$", "\\frac12"),
    ("The area is \\boxed{6\\sqrt{3}}", "6\\sqrt3"),
    ("\\boxed{(1, 2]}", "(1,2]"),
    ("The answer is \\boxed{4}.", "5"),
    ("Therefore \\boxed{x^2 + 2x + 1}", "(x+1)^2"),
];

fn body(samples: usize, seed: usize) -> Vec<u8> {
    let mut query = Vec::with_capacity(samples);
    let mut prompts = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for i in 0..samples {
        let (answer, gold) = ANSWERS[(seed + i) % ANSWERS.len()];
        let prompt = format!("Problem {i}. Put the final answer in \\boxed{{}}.\n");
        query.push(format!("{prompt}{answer}"));
        prompts.push(prompt);
        labels.push(gold);
    }
    json!({"query": query, "prompts": prompts, "labels": labels}).to_string().into_bytes()
}

struct Figures {
    requests: usize,
    samples: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

async fn scenario(threads: usize, samples: usize, max_requests: usize) -> Figures {
    let config = Config::default()
        .with_default_data_source("math__math")
        .with_max_concurrency(threads)
        .with_batch_threads(1);
    let server = TestServer::start(config).await;
    let addr = server.addr;
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new((0..16).map(|s| body(samples, s)).collect());
    // Warm up every connection once.
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let bodies = Arc::clone(&bodies);
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await.expect("connect");
            let mut lat = Vec::new();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= max_requests || start.elapsed() > TIME_LIMIT {
                    break;
                }
                let t = Instant::now();
                let resp = client
                    .request("POST", "/get_reward", &bodies[k % bodies.len()])
                    .await
                    .expect("request");
                assert_eq!(resp.status, 200, "{}", resp.text());
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("client"));
    }
    let elapsed = start.elapsed();
    server.shutdown().await;
    latencies.sort_unstable();
    Figures { requests: latencies.len(), samples: latencies.len() * samples, elapsed, latencies }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // Check the answers grade as expected before timing anything.
    let registry = rlvr::default_registry();
    let graded: Vec<f64> = ANSWERS
        .iter()
        .map(|(a, g)| {
            let s = rlvr::Sample::new("math__math", *a, *g);
            registry.verify(&s, &rlvr::Context::default()).map_or(-1.0, |r| r.score)
        })
        .collect();
    assert_eq!(graded, vec![1.0, 1.0, 1.0, 1.0, 0.0, 1.0], "bench answers grade as expected");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "{:>7} {:>8} {:>9} {:>10} {:>11} {:>9} {:>9}",
        "threads", "samples", "requests", "req/s", "samples/s", "p50 ms", "p99 ms"
    );
    for threads in [1, 2] {
        for (samples, requests) in [(1, 20_000), (64, 2_000)] {
            let requests = if full { requests } else { 20 };
            let f = runtime.block_on(scenario(threads, samples, requests));
            let secs = f.elapsed.as_secs_f64();
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let (rps, sps) = (f.requests as f64 / secs, f.samples as f64 / secs);
            println!(
                "{threads:>7} {samples:>8} {:>9} {rps:>10.0} {sps:>11.0} {:>9.2} {:>9.2}",
                f.requests,
                percentile(&f.latencies, 0.50).as_secs_f64() * 1e3,
                percentile(&f.latencies, 0.99).as_secs_f64() * 1e3,
            );
        }
    }
}
