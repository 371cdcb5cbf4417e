//! # rlvr-server
//!
//! `rlvr serve`: rlvr's verifiers behind HTTP, for trainers that call a
//! remote reward service. Stateless — every request carries all it needs —
//! so instances scale behind any load balancer.
//!
//! | endpoint | what |
//! |---|---|
//! | `POST /get_reward` | OpenRLHF's remote reward protocol: `{"query", "prompts", "labels"}` in, `{"rewards", "scores", "extra_logs"}` out, in input order; `?data_source=` sets the default data source for plain-string labels |
//! | `POST /score` | a batch of verl / Guru rows (`{"rows": [...]}` or a bare list), or verl's batch columns (`{"data_sources", "solution_strs", "ground_truths", "extra_infos"}`); `{"records": [...]}` back, one DESIGN record per input; `?extraction=lenient` for answer-only corpora |
//! | `POST /run_code` | SandboxFusion's request/response schema; runs on the configured [`Executor`](rlvr_core::Executor) through [`run_code`] (`rlvr serve` with the `code` feature: the WASM sandbox its verifiers share); `501` without one (see [`Config::executor`]) |
//! | `GET /health` | `{"status": "ok", "verifiers": [...]}` |
//! | `GET /metrics` | Prometheus text: requests, latency histogram, samples per status, queue depth |
//!
//! # Why grading runs on the blocking pool
//! Grading is CPU-bound and can take milliseconds (a big symbolic answer)
//! to seconds (a program in the sandbox). Run on the async workers, it
//! would stall every other connection, health checks included. Each
//! request's batch goes to tokio's blocking pool through
//! [`tokio::task::spawn_blocking`], gated by a semaphore of
//! [`Config::max_concurrency`] permits; the async workers only parse,
//! route and write.
//!
//! # Backpressure and budgets
//! - Bodies over [`Config::max_body_bytes`] and batches over
//!   [`Config::max_batch`] items get `413`; malformed JSON gets `400` with
//!   the parser's line and column.
//! - At most [`Config::max_queue`] requests wait for a permit; past that the
//!   server answers `503` with `Retry-After` at once instead of queueing
//!   without bound.
//! - Each sample gets [`Config::budget`]; each request gets
//!   [`Config::request_timeout`], after which its samples not yet graded come
//!   back with status `timeout`. A client that disconnects cancels its
//!   remaining samples.
//! - [`serve_with_shutdown`] stops accepting on its signal and finishes the
//!   requests in flight.
//!
//! # Public surface
//! - Serving: [`run`] (blocking, with its own runtime), [`serve`],
//!   [`serve_with_shutdown`] and [`shutdown_signal`]; [`router`] for
//!   embedding in another axum app.
//! - Settings: [`Config`].
//! - `/run_code` as a library call: [`run_code`], with
//!   [`RunCodeRequest`], [`RunCodeResponse`] and [`CommandRunResult`].
//!
//! Nothing third-party is re-exported ([`router`] returns an axum
//! `Router`).
//!
//! # Example
//! ```no_run
//! use std::sync::Arc;
//! # async fn run(registry: rlvr_core::Registry) -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! let config = rlvr_server::Config::default().with_default_data_source("math__math");
//! rlvr_server::serve_with_shutdown(listener, Arc::new(registry), config, rlvr_server::shutdown_signal())
//!     .await?;
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

mod config;
mod handler;
mod metrics;
mod openrlhf;
mod run_code;

use std::future::Future;
use std::io;
use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use rlvr_core::Registry;
use tokio::net::TcpListener;

pub use config::Config;
pub use run_code::{CommandRunResult, RunCodeRequest, RunCodeResponse, run_code};

/// The router with every endpoint, for embedding in another axum app or
/// serving with [`axum::serve()`].
pub fn router(registry: Arc<Registry>, config: Config) -> Router {
    handler::router(registry, config)
}

/// Serves until the process ends.
///
/// # Errors
/// I/O errors from the listener.
pub async fn serve(
    listener: TcpListener,
    registry: Arc<Registry>,
    config: Config,
) -> io::Result<()> {
    serve_with_shutdown(listener, registry, config, std::future::pending()).await
}

/// Serves until `shutdown` completes, then stops accepting connections and
/// returns once the requests in flight have been answered.
///
/// A client that has not sent a request's head (request line and headers)
/// within [`Config::header_read_timeout`] is disconnected, so connections
/// that trickle their headers, or stay open sending nothing, cannot pile
/// up.
///
/// # Errors
/// I/O errors from the listener.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    registry: Arc<Registry>,
    config: Config,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let header_read_timeout = config.header_read_timeout;
    let app = router(registry, config);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors, or a connection reset before it
                    // was accepted: the listener itself is fine.
                    if !matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                    ) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small JSON replies: send them at once.
        let _ = stream.set_nodelay(true);
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection's I/O error ends that connection only.
            let _ = conn.await;
        });
    }
    graceful.shutdown().await;
    Ok(())
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM: the shutdown signal for
/// [`serve_with_shutdown`] in a command-line server. The library's
/// grading code never touches signals; only this helper does.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Binds `addr`, serves on a multi-threaded runtime of
/// `config.worker_threads()` async workers, and returns after Ctrl-C or
/// SIGTERM once in-flight requests are answered. The one call a CLI needs.
///
/// # Errors
/// The address cannot be bound, or the runtime cannot start.
pub fn run(addr: &str, registry: Registry, config: Config) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.worker_threads())
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(addr).await?;
        eprintln!("rlvr serve: listening on http://{}", listener.local_addr()?);
        serve_with_shutdown(listener, Arc::new(registry), config, shutdown_signal()).await
    })
}
