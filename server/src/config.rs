//! Server configuration.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use rlvr_core::extract::Mode;
use rlvr_core::{Budget, Executor};

/// How the server grades and how much it accepts.
///
/// # Example
/// ```
/// use std::time::Duration;
/// let config = rlvr_server::Config::default()
///     .with_default_data_source("math__math")
///     .with_max_concurrency(4)
///     .with_request_timeout(Duration::from_secs(60));
/// assert_eq!(config.max_concurrency, 4);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The `data_source` for OpenRLHF labels that are plain gold strings.
    pub default_data_source: Option<String>,
    /// The largest request body, in bytes (`413` past it). Default 64 MiB.
    pub max_body_bytes: usize,
    /// The most samples in one request (`413` past it). Default 65 536.
    pub max_batch: usize,
    /// Requests graded at once; each holds one blocking thread plus its
    /// batch threads. Default: the number of cores.
    pub max_concurrency: usize,
    /// Requests that may wait for a grading slot; past that, `503` at once.
    /// Default 1024.
    pub max_queue: usize,
    /// Threads one request's batch is spread over. `0` (the default) adapts:
    /// the cores divided by the requests being graded, so a lone large
    /// batch uses every core and many concurrent requests get one each.
    pub batch_threads: usize,
    /// The budget of each sample.
    pub budget: Budget,
    /// The default extraction mode (rows may override it through
    /// `extra_info.extraction`).
    pub extraction: Mode,
    /// The wall-clock limit of one request; samples not graded by then
    /// come back with status `timeout`. Default 300 s (verl's and
    /// OpenRLHF's own client timeouts are 300 s and 180 s).
    pub request_timeout: Duration,
    /// How long a client may take to send a request's head (request line
    /// and headers) before its connection is closed. Default 30 s.
    pub header_read_timeout: Duration,
    /// What runs `/run_code` programs (see [`run_code`](crate::run_code)).
    /// `None` (the default; `rlvr serve` built with the `code` feature sets
    /// rlvr's WASM sandbox, the one its verifiers share) answers `501` with
    /// a SandboxFusion-shaped body.
    pub executor: Option<Arc<dyn Executor>>,
    /// Async worker threads for [`run`](crate::run). Default 2: they only
    /// parse and write; grading runs on the blocking pool.
    pub worker_threads: Option<NonZeroUsize>,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Self {
            default_data_source: None,
            max_body_bytes: 64 << 20,
            max_batch: 1 << 16,
            max_concurrency: cores,
            max_queue: 1024,
            batch_threads: 0,
            budget: Budget::default(),
            extraction: Mode::Strict,
            request_timeout: Duration::from_secs(300),
            header_read_timeout: Duration::from_secs(30),
            executor: None,
            worker_threads: None,
        }
    }
}

impl Config {
    /// Sets the default `data_source` for plain-string labels.
    #[must_use]
    pub fn with_default_data_source(mut self, data_source: impl Into<String>) -> Self {
        self.default_data_source = Some(data_source.into());
        self
    }

    /// Sets the body size limit in bytes.
    #[must_use]
    pub fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Sets the most samples per request.
    #[must_use]
    pub fn with_max_batch(mut self, items: usize) -> Self {
        self.max_batch = items;
        self
    }

    /// Sets the number of requests graded at once (at least 1).
    #[must_use]
    pub fn with_max_concurrency(mut self, requests: usize) -> Self {
        self.max_concurrency = requests.max(1);
        self
    }

    /// Sets how many requests may wait for a grading slot.
    #[must_use]
    pub fn with_max_queue(mut self, requests: usize) -> Self {
        self.max_queue = requests;
        self
    }

    /// Sets the threads one request's batch uses (`0`: adaptive).
    #[must_use]
    pub fn with_batch_threads(mut self, threads: usize) -> Self {
        self.batch_threads = threads;
        self
    }

    /// Sets the per-sample budget.
    #[must_use]
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Sets the default extraction mode.
    #[must_use]
    pub fn with_extraction(mut self, mode: Mode) -> Self {
        self.extraction = mode;
        self
    }

    /// Sets the per-request wall-clock limit.
    #[must_use]
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets what runs `/run_code` programs.
    #[must_use]
    pub fn with_executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.executor = Some(executor);
        self
    }

    /// Sets how long a client may take to send a request's head.
    #[must_use]
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets the async worker threads used by [`run`](crate::run).
    #[must_use]
    pub fn with_worker_threads(mut self, threads: usize) -> Self {
        self.worker_threads = NonZeroUsize::new(threads);
        self
    }

    /// The async worker threads [`run`](crate::run) starts.
    pub fn worker_threads(&self) -> usize {
        self.worker_threads.map_or(2, NonZeroUsize::get)
    }
}
