//! The server against a real listening socket on 127.0.0.1.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Client, TestServer, get, post};
use rlvr_core::{
    CallRun, Context, Error, Executor, FunctionCall, ProgramRun, RunLimits, RunStatus,
};
use rlvr_server::Config;
use serde_json::{Value, json};

/// Every test ends within this, whatever the server does.
const LIMIT: Duration = Duration::from_secs(120);

async fn bounded<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(LIMIT, f).await.expect("test finished in time")
}

fn math_config() -> Config {
    Config::default().with_default_data_source("math__math")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_lists_the_verifiers() {
    bounded(async {
        let server = TestServer::start(Config::default()).await;
        let resp = get(server.addr, "/health").await;
        assert_eq!(resp.status, 200);
        let body = resp.json();
        assert_eq!(body["status"], "ok");
        assert!(body["verifiers"].as_array().unwrap().iter().any(|v| v == "math"));
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openrlhf_payload_with_one_sample_is_graded() {
    bounded(async {
        let server = TestServer::start(math_config()).await;
        let body = json!({"query": ["Q: 1+1? The answer is \\boxed{2}."], "prompts": ["Q: 1+1? "], "labels": ["2"]});
        let resp = post(server.addr, "/get_reward", body.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let out = resp.json();
        assert_eq!(floats(&out["rewards"]), vec![1.0]);
        assert_eq!(floats(&out["scores"]), vec![1.0]);
        for name in ["acc", "no_answer", "timeout", "error", "latency_us"] {
            assert_eq!(out["extra_logs"][name].as_array().unwrap().len(), 1, "{name}");
        }
        assert_eq!(floats(&out["extra_logs"]["acc"]), vec![1.0]);
        server.shutdown().await;
    })
    .await;
}

/// 256 samples of mixed shapes: plain labels, JSON-string labels naming
/// another domain, object labels, prompts that do and do not prefix the
/// query. Every reward lands in its own slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openrlhf_payload_with_256_samples_keeps_input_order() {
    bounded(async {
        let server = TestServer::start(math_config()).await;
        let mut query = Vec::new();
        let mut prompts = Vec::new();
        let mut labels = Vec::new();
        let mut expect = Vec::new();
        for i in 0..256 {
            let prompt = format!("Problem {i}: ");
            let correct = i % 3 != 0;
            match i % 4 {
                0 | 1 => {
                    let answer = if correct { i } else { i + 1 };
                    query.push(format!("{prompt}so \\boxed{{{answer}}}"));
                    labels.push(json!(i.to_string()));
                }
                2 => {
                    let path = if correct { "abc" } else { "acb" };
                    query.push(format!("{prompt}<answer>{path}</answer>"));
                    labels.push(json!(
                        json!({"data_source": "logic__graph_logical_dataset", "ground_truth": "abc"})
                            .to_string()
                    ));
                }
                _ => {
                    let answer = if correct { i } else { i + 7 };
                    // The query does not start with the prompt: graded whole.
                    query.push(format!("\\boxed{{{answer}}}"));
                    labels.push(json!({"data_source": "math__math", "ground_truth": i.to_string(), "extra_info": {"index": i}}));
                }
            }
            prompts.push(prompt);
            expect.push(if correct { 1.0 } else { 0.0 });
        }
        let body = json!({"query": query, "prompts": prompts, "labels": labels});
        let resp = post(server.addr, "/get_reward", body.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let out = resp.json();
        assert_eq!(floats(&out["rewards"]), expect);
        assert_eq!(floats(&out["extra_logs"]["error"]), vec![0.0; 256]);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_gets_a_clear_400() {
    bounded(async {
        let server = TestServer::start(math_config()).await;
        let resp = post(server.addr, "/get_reward", b"{\"query\": [\"a\",}").await;
        assert_eq!(resp.status, 400);
        let msg = resp.json()["error"].as_str().unwrap().to_owned();
        assert!(msg.contains("not valid JSON") && msg.contains("line 1 column"), "{msg}");

        let resp = post(server.addr, "/get_reward", b"{\"query\": [\"a\"").await;
        assert_eq!(resp.status, 400);
        assert!(resp.json()["error"].as_str().unwrap().contains("truncated"));

        let resp = post(server.addr, "/get_reward", br#"{"query": "not a list"}"#).await;
        assert_eq!(resp.status, 400);
        assert!(resp.json()["error"].as_str().unwrap().contains("wrong shape"));

        let resp =
            post(server.addr, "/get_reward", br#"{"query": ["a", "b"], "labels": ["1"]}"#).await;
        assert_eq!(resp.status, 400);
        assert!(resp.json()["error"].as_str().unwrap().contains("`labels` has 1 items"));

        let resp = post(server.addr, "/score", b"42").await;
        assert_eq!(resp.status, 400);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_and_batches_get_413() {
    bounded(async {
        let config = math_config().with_max_body_bytes(4096).with_max_batch(10);
        let server = TestServer::start(config).await;
        let big = json!({"query": ["x".repeat(64 * 1024)], "labels": ["1"]});
        let resp = post(server.addr, "/get_reward", big.to_string().as_bytes()).await;
        assert_eq!(resp.status, 413, "{}", resp.text());
        assert!(resp.json()["error"].as_str().unwrap().contains("max_body_bytes"));

        let many = json!({"query": vec!["\\boxed{1}"; 11], "labels": vec!["1"; 11]});
        let resp = post(server.addr, "/get_reward", many.to_string().as_bytes()).await;
        assert_eq!(resp.status, 413);
        assert!(resp.json()["error"].as_str().unwrap().contains("max_batch"));

        // A body declared past the limit is refused at once, before it is
        // sent: the server does not wait for bytes it will refuse.
        let mut client = Client::connect(server.addr).await.expect("connect");
        let head = "POST /score HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
                    content-length: 1000000000\r\n\r\n";
        let resp = tokio::time::timeout(Duration::from_secs(10), client.raw(head, b"[ "))
            .await
            .expect("answered without the body")
            .expect("response");
        assert_eq!(resp.status, 413, "{}", resp.text());

        // The limits leave normal requests alone.
        let ok = json!({"query": vec!["\\boxed{1}"; 10], "labels": vec!["1"; 10]});
        let resp = post(server.addr, "/get_reward", ok.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200);
        server.shutdown().await;
    })
    .await;
}

/// 200 requests in flight at once, each with its own answers: none lost,
/// none crossed with another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_requests_lose_and_reorder_nothing() {
    bounded(async {
        let server = TestServer::start(math_config().with_max_concurrency(2)).await;
        let addr = server.addr;
        let mut tasks = Vec::new();
        for k in 0..200u32 {
            tasks.push(tokio::spawn(async move {
                // Request k: answers k, k+1, k+2 against golds k, k, k+2.
                let body = json!({
                    "query": [format!("\\boxed{{{k}}}"), format!("\\boxed{{{}}}", k + 1), format!("\\boxed{{{}}}", k + 2)],
                    "labels": [k.to_string(), k.to_string(), (k + 2).to_string()],
                });
                let resp = post(addr, "/get_reward", body.to_string().as_bytes()).await;
                (k, resp)
            }));
        }
        let mut seen = 0;
        for t in tasks {
            let (k, resp) = t.await.expect("client task");
            assert_eq!(resp.status, 200, "request {k}: {}", resp.text());
            assert_eq!(floats(&resp.json()["rewards"]), vec![1.0, 0.0, 1.0], "request {k}");
            seen += 1;
        }
        assert_eq!(seen, 200);
        let metrics = get(addr, "/metrics").await.text();
        assert!(metrics.contains("rlvr_requests_total{endpoint=\"get_reward\",code=\"200\"} 200"), "{metrics}");
        assert!(metrics.contains("rlvr_samples_total{status=\"correct\"} 400"), "{metrics}");
        assert!(metrics.contains("rlvr_queue_depth 0"));
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_takes_rows_and_verl_columns() {
    bounded(async {
        let server = TestServer::start(Config::default()).await;
        let rows = json!({"rows": [
            {"id": 7, "data_source": "math__math", "response": "\\boxed{2}", "reward_model": {"ground_truth": "2"}},
            {"index": 8, "data_source": "nope", "response": "x", "ground_truth": "1"},
            {"data_source": "math__math"},
        ]});
        let resp = post(server.addr, "/score", rows.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let recs = resp.json()["records"].clone();
        assert_eq!(recs[0]["id"], 7);
        assert_eq!(recs[0]["status"], "correct");
        assert_eq!(recs[1]["index"], 8);
        assert_eq!(recs[1]["status"], "unknown_data_source");
        assert_eq!(recs[2]["status"], "internal_error");
        for r in recs.as_array().unwrap() {
            for key in ["score", "acc", "status", "pred", "detail", "verifier", "latency_us"] {
                assert!(r.get(key).is_some(), "{key} in {r}");
            }
        }

        let cols = json!({
            "data_sources": "math__math",
            "solution_strs": ["\\boxed{1}", "\\boxed{2}"],
            "ground_truths": ["1", "1"],
            "extra_infos": [null, "{\"index\": 2}"],
        });
        let resp = post(server.addr, "/score", cols.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let statuses: Vec<Value> =
            resp.json()["records"].as_array().unwrap().iter().map(|r| r["status"].clone()).collect();
        assert_eq!(statuses, vec![json!("correct"), json!("incorrect")]);

        // A bare answer is no answer under strict extraction, correct under
        // lenient, asked for in the query string.
        let bare = json!([{"data_source": "math__math", "response": "2", "ground_truth": "2"}]);
        let strict = post(server.addr, "/score", bare.to_string().as_bytes()).await.json();
        assert_eq!(strict["records"][0]["status"], "no_answer");
        let lenient =
            post(server.addr, "/score?extraction=lenient", bare.to_string().as_bytes()).await.json();
        assert_eq!(lenient["records"][0]["status"], "correct");
        let resp = post(server.addr, "/score?extraction=loose", bare.to_string().as_bytes()).await;
        assert_eq!(resp.status, 400);

        let bad = json!({"data_sources": ["a"], "solution_strs": ["x", "y"], "ground_truths": ["1", "2"]});
        assert_eq!(post(server.addr, "/score", bad.to_string().as_bytes()).await.status, 400);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_code_answers_a_sandboxfusion_shaped_501_without_a_sandbox() {
    bounded(async {
        let server = TestServer::start(Config::default()).await;
        let req = json!({"code": "print(1)", "language": "python", "run_timeout": 5});
        let resp = post(server.addr, "/run_code", req.to_string().as_bytes()).await;
        assert_eq!(resp.status, 501);
        let body = resp.json();
        assert_eq!(body["status"], "SandboxError");
        assert!(body["message"].as_str().unwrap().contains("code sandbox"));
        assert!(body["run_result"].is_null() && body["compile_result"].is_null());
        assert_eq!(body["files"], json!({}));
        // A request without `code` is malformed.
        let resp = post(server.addr, "/run_code", br#"{"language": "python"}"#).await;
        assert_eq!(resp.status, 400);
        server.shutdown().await;
    })
    .await;
}

/// Echoes stdin after sleeping the request's `run_timeout` (its fuel at
/// 13.5 G per native second; a stand-in sandbox).
#[derive(Debug)]
struct SlowEcho;

impl Executor for SlowEcho {
    fn run_program(
        &self,
        _: &str,
        stdin: &str,
        limits: &RunLimits,
        _: &Context,
    ) -> Result<ProgramRun, Error> {
        let seconds = (limits.fuel as f64 / 13.5e9).min(5.0);
        std::thread::sleep(Duration::from_secs_f64(seconds));
        Ok(ProgramRun::new(RunStatus::Finished, Some(0)).with_stdout(stdin))
    }

    fn call_function(
        &self,
        _: &FunctionCall<'_>,
        _: &RunLimits,
        _: &Context,
    ) -> Result<CallRun, Error> {
        Err(Error::sandbox("slow-echo", "calls no functions"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_code_goes_to_the_configured_executor() {
    bounded(async {
        let config = Config::default().with_executor(Arc::new(SlowEcho));
        let server = TestServer::start(config).await;
        let req = json!({"code": "print(input())", "language": "python", "stdin": "hi", "run_timeout": 0.0});
        let resp = post(server.addr, "/run_code", req.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200);
        let body = resp.json();
        assert_eq!(body["status"], "Success");
        assert_eq!(body["run_result"]["status"], "Finished");
        assert_eq!(body["run_result"]["stdout"], "hi");
        assert_eq!(body["run_result"]["return_code"], 0);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_and_health_stays_up() {
    bounded(async {
        let config = math_config()
            .with_executor(Arc::new(SlowEcho))
            .with_max_concurrency(1)
            .with_max_queue(0);
        let server = TestServer::start(config).await;
        let addr = server.addr;
        let slow = tokio::spawn(async move {
            let req = json!({"code": "", "language": "python", "run_timeout": 1.0});
            post(addr, "/run_code", req.to_string().as_bytes()).await
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let body = json!({"query": ["\\boxed{1}"], "labels": ["1"]});
        let resp = post(addr, "/get_reward", body.to_string().as_bytes()).await;
        assert_eq!(resp.status, 503, "{}", resp.text());
        assert_eq!(resp.header("retry-after"), Some("1"));
        // Grading is off the async workers: health answers meanwhile.
        assert_eq!(get(addr, "/health").await.status, 200);
        assert_eq!(slow.await.unwrap().status, 200);
        // The slot is free again.
        assert_eq!(post(addr, "/get_reward", body.to_string().as_bytes()).await.status, 200);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_requests_in_flight() {
    bounded(async {
        let config = Config::default().with_executor(Arc::new(SlowEcho));
        let mut server = TestServer::start(config).await;
        let addr = server.addr;
        let mut client = Client::connect(addr).await.unwrap();
        let slow = tokio::spawn(async move {
            let req =
                json!({"code": "", "language": "python", "stdin": "done", "run_timeout": 1.0});
            client.request("POST", "/run_code", req.to_string().as_bytes()).await
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.signal_shutdown();
        let resp = slow.await.unwrap().expect("in-flight request answered");
        assert_eq!(resp.status, 200);
        assert_eq!(resp.json()["run_result"]["stdout"], "done");
        server.shutdown().await;
        // Stopped: no new connections.
        assert!(Client::connect(addr).await.is_err());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_get_404_and_missing_data_source_a_status() {
    bounded(async {
        let server = TestServer::start(Config::default()).await;
        assert_eq!(get(server.addr, "/nope").await.status, 404);
        assert_eq!(get(server.addr, "/get_reward").await.status, 405);
        // No default data source and a plain label: graded as an error
        // record, not an HTTP error.
        let body = json!({"query": ["\\boxed{1}"], "labels": ["1"]});
        let resp = post(server.addr, "/get_reward", body.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200);
        assert_eq!(floats(&resp.json()["extra_logs"]["error"]), vec![1.0]);
        // A data source in the query string applies to the request.
        let gsm = json!({"query": ["so #### 1"], "labels": ["1"]});
        let resp =
            post(server.addr, "/get_reward?data_source=openai%2Fgsm8k", gsm.to_string().as_bytes())
                .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert_eq!(floats(&resp.json()["extra_logs"]["error"]), vec![0.0]);
        let resp =
            post(server.addr, "/get_reward?data_source=math__math", body.to_string().as_bytes())
                .await;
        assert_eq!(floats(&resp.json()["rewards"]), vec![1.0]);
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_timeout_turns_ungraded_samples_into_timeouts() {
    bounded(async {
        let config = math_config().with_request_timeout(Duration::from_millis(0));
        let server = TestServer::start(config).await;
        let body = json!({"query": vec!["\\boxed{1}"; 50], "labels": vec!["1"; 50]});
        let resp = post(server.addr, "/get_reward", body.to_string().as_bytes()).await;
        assert_eq!(resp.status, 200);
        let out = resp.json();
        let timeouts = floats(&out["extra_logs"]["timeout"]);
        assert_eq!(timeouts.len(), 50);
        assert_eq!(timeouts, vec![1.0; 50], "{out}");
        assert_eq!(floats(&out["rewards"]), vec![0.0; 50]);
        server.shutdown().await;
    })
    .await;
}

/// A client that goes away mid-request cancels its ungraded samples: the
/// grading slot frees up long before the batch could have finished.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disconnected_client_cancels_its_samples() {
    bounded(async {
        let config =
            math_config().with_max_concurrency(1).with_batch_threads(1).with_max_batch(200_000);
        let server = TestServer::start(config).await;
        let addr = server.addr;
        // Polynomial identities: about 50 us each in release, far more in
        // debug; 200 000 of them take over 5 s either way.
        let n = 200_000;
        let query: Vec<String> =
            (0..n).map(|i| format!("\\boxed{{(x+{})^5}}", i % 9 + 1)).collect();
        let labels: Vec<String> = (0..n)
            .map(|i| {
                let k: u64 = i % 9 + 1;
                format!(
                    "x^5+{}x^4+{}x^3+{}x^2+{}x+{}",
                    5 * k,
                    10 * k * k,
                    10 * k.pow(3),
                    5 * k.pow(4),
                    k.pow(5)
                )
            })
            .collect();
        let body = json!({"query": query, "labels": labels}).to_string();
        let client = tokio::spawn(async move {
            let mut c = Client::connect(addr).await.unwrap();
            c.request("POST", "/get_reward", body.as_bytes()).await
        });
        // Wait until the batch is being graded, then hang up.
        let asked = std::time::Instant::now();
        while get(addr, "/health").await.json()["in_flight"] != 1 {
            assert!(asked.elapsed() < Duration::from_secs(30), "the request never started grading");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        client.abort();
        let _ = client.await;
        let gone = std::time::Instant::now();
        loop {
            let health = get(addr, "/health").await.json();
            if health["in_flight"] == 0 {
                break;
            }
            assert!(
                gone.elapsed() < Duration::from_secs(5),
                "grading went on after the client left: {health}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let metrics = get(addr, "/metrics").await.text();
        let graded: u64 = metrics
            .lines()
            .filter(|l| l.starts_with("rlvr_samples_total{status=\"correct\"}"))
            .filter_map(|l| l.rsplit(" ").next()?.parse::<u64>().ok())
            .sum();
        assert!(graded < 200_000, "every sample was graded: {graded}");
        server.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_request_head_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    bounded(async {
        let config = math_config().with_header_read_timeout(Duration::from_secs(1));
        let server = TestServer::start(config).await;
        let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        slow.write_all(b"POST /get_reward HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        // The rest of the head never comes: the server closes the
        // connection (it may say 408 first) soon after the timeout.
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut rest)).await;
        assert!(read.is_ok(), "the connection was still open after 10 s");
        // Other clients were served all along, and still are.
        assert_eq!(get(server.addr, "/health").await.status, 200);
        server.shutdown().await;
    })
    .await;
}
