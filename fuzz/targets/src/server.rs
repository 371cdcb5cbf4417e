use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use rlvr::Registry;
use rlvr_server::Config;
use tower_service::Service;

use crate::split_nul;

/// The endpoints that decode a body.
const ENDPOINTS: [&str; 3] = ["/get_reward", "/score", "/run_code"];

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
    })
}

fn router() -> Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER
        .get_or_init(|| {
            // The bare Guru routes: every request is decoded in full and
            // each sample dispatched, but no verifier runs, so the target
            // measures the decoding.
            let config = Config::default().with_default_data_source("math__math");
            rlvr_server::router(Arc::new(Registry::guru()), config)
        })
        .clone()
}

/// The server's request decoding, through its router: the first byte
/// picks the endpoint, the bytes up to the first NUL after it are the query
/// string, the rest is the body. The answer is never a server error (a
/// malformed request is the client's: `4xx`; `/run_code` without a runner
/// is `501`).
///
/// # Panics
/// When decoding panics or the server answers `500`.
pub fn server(data: &[u8]) {
    let [which, rest @ ..] = data else { return };
    let (query, body) = split_nul(rest);
    let Ok(query) = std::str::from_utf8(query) else { return };
    let path = ENDPOINTS[usize::from(*which) % ENDPOINTS.len()];
    let uri = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let Ok(request) = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_vec()))
    else {
        return;
    };
    let status = runtime().block_on(async {
        let mut router = router();
        let response = router.call(request).await.expect("the router is infallible");
        let status = response.status();
        let _ = axum::body::to_bytes(response.into_body(), 1 << 20).await;
        status
    });
    assert_ne!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "answered 500 to {:?}",
        String::from_utf8_lossy(data)
    );
}
