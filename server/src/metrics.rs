//! Prometheus counters, kept in atomics (no metrics crate: a handful of
//! series, rendered by hand in the text exposition format).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use rlvr_core::Status;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 12] =
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0];

#[derive(Debug, Default)]
struct Histogram {
    /// Cumulative counts per bucket, then `+Inf`.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
}

/// The server's counters.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    /// (endpoint, HTTP code) -> requests.
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    /// endpoint -> latency histogram.
    latency: Mutex<BTreeMap<&'static str, Histogram>>,
    /// Samples graded, per status.
    samples: [AtomicU64; Status::ALL.len()],
    /// Requests waiting for a grading slot.
    pub(crate) queued: AtomicUsize,
    /// Requests being graded.
    pub(crate) in_flight: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Metrics {
    /// Counts one answered request.
    pub(crate) fn request(&self, endpoint: &'static str, code: u16, elapsed: Duration) {
        *lock(&self.requests).entry((endpoint, code)).or_default() += 1;
        let secs = elapsed.as_secs_f64();
        let mut latency = lock(&self.latency);
        let h = latency.entry(endpoint).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.counts[BUCKETS.len()] += 1;
        h.sum += secs;
    }

    /// Counts one graded sample.
    pub(crate) fn sample(&self, status: Status) {
        if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
            self.samples[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The Prometheus text exposition.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP rlvr_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE rlvr_requests_total counter\n");
        for ((endpoint, code), n) in lock(&self.requests).iter() {
            let _ =
                writeln!(out, "rlvr_requests_total{{endpoint=\"{endpoint}\",code=\"{code}\"}} {n}");
        }
        out.push_str("# HELP rlvr_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE rlvr_request_duration_seconds histogram\n");
        for (endpoint, h) in lock(&self.latency).iter() {
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "rlvr_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let total = h.counts[BUCKETS.len()];
            let _ = writeln!(
                out,
                "rlvr_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"+Inf\"}} {total}"
            );
            let _ = writeln!(
                out,
                "rlvr_request_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "rlvr_request_duration_seconds_count{{endpoint=\"{endpoint}\"}} {total}"
            );
        }
        out.push_str("# HELP rlvr_samples_total Samples graded, by record status.\n");
        out.push_str("# TYPE rlvr_samples_total counter\n");
        for (status, n) in Status::ALL.iter().zip(&self.samples) {
            let _ = writeln!(
                out,
                "rlvr_samples_total{{status=\"{status}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP rlvr_queue_depth Requests waiting for a grading slot.\n");
        out.push_str("# TYPE rlvr_queue_depth gauge\n");
        let _ = writeln!(out, "rlvr_queue_depth {}", self.queued.load(Ordering::Relaxed));
        out.push_str("# HELP rlvr_in_flight Requests being graded.\n");
        out.push_str("# TYPE rlvr_in_flight gauge\n");
        let _ = writeln!(out, "rlvr_in_flight {}", self.in_flight.load(Ordering::Relaxed));
        out
    }
}
