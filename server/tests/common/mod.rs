//! A minimal HTTP/1.1 client over a tokio socket (keep-alive, Content-Length
//! bodies), for the tests and the load benchmark: loopback only.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server on 127.0.0.1 with an ephemeral port.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    pub(crate) task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub(crate) async fn start(config: rlvr_server::Config) -> Self {
        Self::start_with(Arc::new(rlvr::default_registry()), config).await
    }

    pub(crate) async fn start_with(
        registry: Arc<rlvr::Registry>,
        config: rlvr_server::Config,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let task =
            tokio::spawn(rlvr_server::serve_with_shutdown(listener, registry, config, async {
                let _ = rx.await;
            }));
        Self { addr, stop: Some(tx), task: Some(task) }
    }

    /// Signals shutdown and waits for the server to finish.
    pub(crate) async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(30), task)
                .await
                .expect("server shuts down")
                .expect("server task")
                .expect("server result");
        }
    }

    pub(crate) fn signal_shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// One keep-alive connection.
pub(crate) struct Client {
    reader: BufReader<TcpStream>,
}

/// A response: status code and body.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&self.body))
        })
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Client {
    pub(crate) async fn connect(addr: SocketAddr) -> std::io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self { reader: BufReader::new(stream) })
    }

    pub(crate) async fn request(
        &mut self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> std::io::Result<Response> {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n",
            body.len()
        );
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).await?;
        // The server may answer (413) and stop reading before the whole
        // body is sent; the answer is still read below.
        let _ = stream.write_all(body).await;
        self.read_response().await
    }

    /// Sends `head` and `body` as they are (a head that lies about the
    /// body's length, say) and reads the answer.
    pub(crate) async fn raw(&mut self, head: &str, body: &[u8]) -> std::io::Result<Response> {
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).await?;
        let _ = stream.write_all(body).await;
        self.read_response().await
    }

    async fn read_response(&mut self) -> std::io::Result<Response> {
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).await?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let (k, v) = (k.trim().to_owned(), v.trim().to_owned());
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.parse().unwrap_or(0);
                }
                headers.push((k, v));
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await?;
        Ok(Response { status, headers, body })
    }
}

/// One request on a fresh connection.
pub(crate) async fn post(addr: SocketAddr, path: &str, body: &[u8]) -> Response {
    let mut c = Client::connect(addr).await.expect("connect");
    c.request("POST", path, body).await.expect("request")
}

/// A GET on a fresh connection.
pub(crate) async fn get(addr: SocketAddr, path: &str) -> Response {
    let mut c = Client::connect(addr).await.expect("connect");
    c.request("GET", path, b"").await.expect("request")
}
