//! Routes, request parsing, and grading on the blocking pool.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rlvr_core::extract::Mode;
use rlvr_core::{BatchOptions, CancelToken, Error, Outcome, Record, Registry, Row, Sample};
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::metrics::Metrics;
use crate::run_code::{RunCodeRequest, RunCodeResponse, run_code as run_request};
use crate::{Config, openrlhf};

/// Shared by every request.
#[derive(Debug)]
struct AppState {
    registry: Arc<Registry>,
    config: Config,
    permits: Arc<Semaphore>,
    metrics: Arc<Metrics>,
    cores: usize,
}

pub(crate) fn router(registry: Arc<Registry>, config: Config) -> Router {
    let limit = config.max_body_bytes;
    let state = Arc::new(AppState {
        registry,
        permits: Arc::new(Semaphore::new(config.max_concurrency.max(1))),
        config,
        metrics: Arc::new(Metrics::default()),
        cores: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
    });
    Router::new()
        .route("/get_reward", post(get_reward))
        .route("/score", post(score))
        .route("/run_code", post(run_code))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), refuse_declared_oversize))
        .with_state(state)
}

/// `413` at once for a request whose `Content-Length` is past the body
/// limit, before any of its body is read: the limit on the body alone would
/// wait for the client to send up to the limit first, so a client that
/// declares a huge body and sends it slowly, or never, would hold its
/// connection and get no answer.
async fn refuse_declared_oversize(
    State(st): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limit = u64::try_from(st.config.max_body_bytes).unwrap_or(u64::MAX);
    if declared.is_some_and(|n| n > limit) {
        let start = Instant::now();
        let err = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body is larger than the server's limit (max_body_bytes)",
        );
        return finish(&st, "oversized", start, Err(err));
    }
    next.run(req).await
}

/// An error answer: a status and a message, sent as `{"error", "code"}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.message, "code": self.status.as_u16()});
        let mut resp = json_response(self.status, &body);
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes)
        .into_response()
}

/// Counts the request and turns the result into a response.
fn finish(
    st: &AppState,
    endpoint: &'static str,
    start: Instant,
    result: Result<Response, ApiError>,
) -> Response {
    let resp = result.unwrap_or_else(IntoResponse::into_response);
    st.metrics.request(endpoint, resp.status().as_u16(), start.elapsed());
    resp
}

/// The body, or `413` past the size limit / `400` when unreadable.
fn body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "request body is larger than the server's limit (max_body_bytes)".to_owned()
        } else {
            format!("cannot read the request body: {}", rejection.body_text())
        };
        ApiError::new(status, message)
    })
}

/// Parses JSON, answering `400` with the parser's position.
fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "request body has the wrong shape",
            serde_json::error::Category::Eof => "request body is truncated JSON",
            _ => "request body is not valid JSON",
        };
        ApiError::bad_request(format!("{what}: {e}"))
    })
}

/// Cancels the request's remaining samples when dropped: on completion
/// (harmless), and when the client disconnects and the handler future is
/// dropped.
struct CancelOnDrop(CancelToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Stops the request's deadline timer when the request ends, however it
/// ends (answered, or dropped because the client went away).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Counts a task on the blocking pool in `in_flight` while it runs: held
/// inside the task, so a request whose client went away still counts until
/// its grading has actually stopped.
struct Busy(Arc<Metrics>);

impl Busy {
    fn enter(metrics: &Arc<Metrics>) -> Self {
        metrics.in_flight.fetch_add(1, Ordering::Relaxed);
        Self(Arc::clone(metrics))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Decrements a gauge when dropped.
struct Gauge<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Gauge<'a> {
    fn enter(g: &'a std::sync::atomic::AtomicUsize) -> Self {
        g.fetch_add(1, Ordering::Relaxed);
        Self(g)
    }
}

impl Drop for Gauge<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl AppState {
    /// A grading slot, waiting in the bounded queue, or `503` when the
    /// queue is full.
    async fn permit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(p) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(p);
        }
        if self.metrics.queued.load(Ordering::Relaxed) >= self.config.max_queue {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server is saturated (grading queue full); retry later",
            ));
        }
        let _queued = Gauge::enter(&self.metrics.queued);
        Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "server is shutting down"))
    }

    /// Grades the samples on the blocking pool; one record per input, in
    /// order.
    async fn grade(
        &self,
        samples: Vec<Result<Sample, Error>>,
        extraction: Mode,
    ) -> Result<Vec<Record>, ApiError> {
        if samples.len() > self.config.max_batch {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "request has {} samples; the server's limit is {} (max_batch)",
                    samples.len(),
                    self.config.max_batch
                ),
            ));
        }
        let permit = self.permit().await?;
        let busy = Busy::enter(&self.metrics);
        let threads = match self.config.batch_threads {
            0 => (self.cores / self.metrics.in_flight.load(Ordering::Relaxed).max(1)).max(1),
            n => n,
        };
        let token = CancelToken::new();
        let cancel = CancelOnDrop(token.clone());
        let timer = AbortOnDrop({
            let token = token.clone();
            let timeout = self.config.request_timeout;
            tokio::spawn(async move {
                tokio::time::sleep(timeout).await;
                token.cancel();
            })
        });
        // No sample may run past the request's deadline either.
        let timeout = self.config.request_timeout;
        let budget = self.config.budget;
        let budget = budget.with_wall(Some(budget.wall.map_or(timeout, |w| w.min(timeout))));
        let opts = BatchOptions::default()
            .with_threads(threads)
            .with_budget(budget)
            .with_extraction(extraction)
            .with_cancel(token);
        let registry = Arc::clone(&self.registry);
        let metrics = Arc::clone(&self.metrics);
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _busy = busy;
            let records = grade_blocking(&registry, samples, &opts);
            for r in &records {
                metrics.sample(r.status);
            }
            records
        })
        .await;
        drop(timer);
        drop(cancel);
        joined.map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("grading task failed: {e}"))
        })
    }
}

fn grade_blocking(
    registry: &Registry,
    samples: Vec<Result<Sample, Error>>,
    opts: &BatchOptions,
) -> Vec<Record> {
    let mut good = Vec::with_capacity(samples.len());
    let mut slots = Vec::with_capacity(samples.len());
    for s in samples {
        slots.push(s.map(|s| {
            good.push(s);
            good.len() - 1
        }));
    }
    let mut outcomes: Vec<Option<Outcome>> =
        registry.verify_batch(&good, opts).into_iter().map(Some).collect();
    slots
        .into_iter()
        .map(|slot| {
            let outcome = match slot {
                Ok(i) => outcomes[i].take().unwrap_or_else(|| {
                    Outcome::failed(Error::malformed_row("internal: no outcome for sample"))
                }),
                Err(e) => Outcome::failed(e),
            };
            Record::from_outcome(&outcome)
        })
        .collect()
}

async fn get_reward(
    State(st): State<Arc<AppState>>,
    uri: Uri,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    let start = Instant::now();
    let result = async {
        let bytes = body(raw)?;
        let req: openrlhf::Request = parse(&bytes)?;
        req.check().map_err(ApiError::bad_request)?;
        // `?data_source=...` overrides the server's default for this request.
        let from_query = query_param(&uri, "data_source")?;
        let default = from_query.as_deref().or(st.config.default_data_source.as_deref());
        let samples = req.samples(default);
        let records = st.grade(samples, extraction(&st, &uri)?).await?;
        Ok(json_response(StatusCode::OK, &openrlhf::response(&records)))
    }
    .await;
    finish(&st, "get_reward", start, result)
}

/// The samples of a `/score` request and the ids of their rows.
type ScoreInput = (Vec<Result<Sample, Error>>, Vec<serde_json::Map<String, Value>>);

/// The extraction mode: `?extraction=strict|lenient`, else the server's.
fn extraction(st: &AppState, uri: &Uri) -> Result<Mode, ApiError> {
    match query_param(uri, "extraction")? {
        None => Ok(st.config.extraction),
        Some(name) => Mode::from_name(&name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`extraction` must be `strict` or `lenient`, not {name:?}"
            ))
        }),
    }
}

/// A query-string parameter, percent-decoded.
fn query_param(uri: &Uri, name: &str) -> Result<Option<String>, ApiError> {
    let Some(query) = uri.query() else { return Ok(None) };
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == name {
            return percent_decode(v).map(Some).ok_or_else(|| {
                ApiError::bad_request(format!("query parameter `{name}` is not valid UTF-8"))
            });
        }
    }
    Ok(None)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Reads a `/score` body: rows (`{"rows": [...]}` or a bare list), or
/// verl's batch columns.
fn score_samples(v: Value) -> Result<ScoreInput, ApiError> {
    let rows = match v {
        Value::Array(rows) => rows,
        Value::Object(mut obj) => {
            if obj.contains_key("data_sources") || obj.contains_key("solution_strs") {
                return columns(obj);
            }
            match obj.remove("rows") {
                Some(Value::Array(rows)) => rows,
                _ => {
                    return Err(ApiError::bad_request(
                        "expected {\"rows\": [...]}, a list of rows, or verl columns \
                         {\"data_sources\", \"solution_strs\", \"ground_truths\", \"extra_infos\"}",
                    ));
                }
            }
        }
        _ => return Err(ApiError::bad_request("request body must be a JSON object or list")),
    };
    let mut samples = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        let row = Row::from_value(row);
        ids.push(row.ids);
        samples.push(row.sample);
    }
    Ok((samples, ids))
}

/// verl's batch columns.
fn columns(mut obj: serde_json::Map<String, Value>) -> Result<ScoreInput, ApiError> {
    let mut take = |key: &str| obj.remove(key).unwrap_or(Value::Null);
    let Value::Array(responses) = take("solution_strs") else {
        return Err(ApiError::bad_request("`solution_strs` must be a list"));
    };
    let n = responses.len();
    let column = |key: &str, v: Value, broadcast: bool| -> Result<Vec<Value>, ApiError> {
        match v {
            Value::Array(a) if a.len() == n => Ok(a),
            Value::Array(a) => Err(ApiError::bad_request(format!(
                "`{key}` has {} items but `solution_strs` has {n}",
                a.len()
            ))),
            Value::Null if key != "ground_truths" => Ok(vec![Value::Null; n]),
            v @ Value::String(_) if broadcast => Ok(vec![v; n]),
            _ => Err(ApiError::bad_request(format!("`{key}` must be a list"))),
        }
    };
    let sources = column("data_sources", take("data_sources"), true)?;
    let golds = column("ground_truths", take("ground_truths"), false)?;
    let extras = column("extra_infos", take("extra_infos"), false)?;
    let prompts = column("prompts", take("prompts"), false)?;
    let mut samples = Vec::with_capacity(n);
    for ((((response, source), gold), extra), prompt) in
        responses.into_iter().zip(sources).zip(golds).zip(extras).zip(prompts)
    {
        let mut row = serde_json::Map::new();
        row.insert("data_source".to_owned(), source);
        row.insert("response".to_owned(), response);
        row.insert("ground_truth".to_owned(), gold);
        row.insert("extra_info".to_owned(), extra);
        row.insert("prompt".to_owned(), prompt);
        samples.push(Row::from_value(Value::Object(row)).sample);
    }
    Ok((samples, vec![serde_json::Map::new(); n]))
}

async fn score(
    State(st): State<Arc<AppState>>,
    uri: Uri,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    let start = Instant::now();
    let result = async {
        let bytes = body(raw)?;
        let (samples, ids) = score_samples(parse(&bytes)?)?;
        let records = st.grade(samples, extraction(&st, &uri)?).await?;
        let records: Vec<Record> =
            records.into_iter().zip(ids).map(|(r, ids)| r.with_ids(ids)).collect();
        Ok(json_response(StatusCode::OK, &json!({"records": records})))
    }
    .await;
    finish(&st, "score", start, result)
}

async fn run_code(State(st): State<Arc<AppState>>, raw: Result<Bytes, BytesRejection>) -> Response {
    let start = Instant::now();
    let result = async {
        let bytes = body(raw)?;
        let req: RunCodeRequest = parse(&bytes)?;
        let Some(executor) = st.config.executor.clone() else {
            let resp = RunCodeResponse::sandbox_error(
                "this rlvr server has no code sandbox: /run_code needs `rlvr serve` built with \
                 the `code` feature (the WASM sandbox)",
            );
            return Ok(json_response(StatusCode::NOT_IMPLEMENTED, &json!(resp)));
        };
        let permit = st.permit().await?;
        let busy = Busy::enter(&st.metrics);
        let resp = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _busy = busy;
            run_request(executor.as_ref(), &req)
        })
        .await
        .unwrap_or_else(|e| RunCodeResponse::sandbox_error(format!("runner failed: {e}")));
        Ok(json_response(StatusCode::OK, &json!(resp)))
    }
    .await;
    finish(&st, "run_code", start, result)
}

async fn health(State(st): State<Arc<AppState>>) -> Response {
    let start = Instant::now();
    let body = json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "verifiers": st.registry.verifier_names(),
        "in_flight": st.metrics.in_flight.load(Ordering::Relaxed),
        "queued": st.metrics.queued.load(Ordering::Relaxed),
    });
    finish(&st, "health", start, Ok(json_response(StatusCode::OK, &body)))
}

async fn metrics(State(st): State<Arc<AppState>>) -> Response {
    let text = st.metrics.render();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"))],
        text,
    )
        .into_response()
}

async fn not_found(State(st): State<Arc<AppState>>) -> Response {
    let start = Instant::now();
    let err = ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint; see POST /get_reward, POST /score, POST /run_code, GET /health, \
         GET /metrics",
    );
    finish(&st, "other", start, Err(err))
}
