//! The LLM-judge fallback against a mock OpenAI-compatible server on
//! 127.0.0.1 (a std `TcpListener` in a thread): verdicts, strict parsing,
//! timeouts, retries, and that decided answers never reach the judge.

#![cfg(feature = "judge")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rlvr_core::{Context, Error, Sample, Verdict, Verifier};
use rlvr_science::{Judge, JudgeConfig, JudgeError, StemWebVerifier};
use serde_json::{Value, json};

/// What the mock server does with one connection.
#[derive(Clone)]
enum Reply {
    /// Answers with this status and chat-completion content.
    Content(u16, &'static str),
    /// Answers with this status and raw body.
    Raw(u16, &'static str),
    /// Reads the request and answers nothing for this long.
    Hang(Duration),
}

/// One request the server saw: its headers (lowercase names) and JSON body.
#[derive(Debug, Clone)]
struct Seen {
    headers: Vec<(String, String)>,
    body: Value,
}

struct Mock {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Mock {
    /// Serves `script`, one reply per connection, then stops accepting.
    fn start(script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let url = format!("http://{}", listener.local_addr().unwrap_or_else(|e| panic!("{e}")));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        thread::spawn(move || {
            for reply in script {
                let Ok((mut stream, _)) = listener.accept() else { return };
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut headers = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                    }
                }
                let len = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                let mut body = vec![0u8; len];
                let _ = reader.read_exact(&mut body);
                let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                log.lock().expect("log").push(Seen { headers, body });
                let (status, text) = match reply {
                    Reply::Hang(d) => {
                        thread::sleep(d);
                        continue;
                    }
                    Reply::Content(status, content) => (
                        status,
                        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
                            .to_string(),
                    ),
                    Reply::Raw(status, raw) => (status, raw.to_owned()),
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    text.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(text.as_bytes());
                let _ = stream.flush();
            }
        });
        Self { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }

    fn config(&self) -> JudgeConfig {
        JudgeConfig::new(format!("{}/v1", self.url), "judge-model")
            .timeout(Duration::from_secs(5))
            .retries(0)
            .backoff(Duration::from_millis(10))
    }
}

fn verifier(config: JudgeConfig) -> StemWebVerifier {
    let judge = Judge::new(config).unwrap_or_else(|e| panic!("{e}"));
    StemWebVerifier::builder().judge(judge).build()
}

/// A free-form answer the rules cannot decide (a paraphrase).
fn paraphrase() -> Sample {
    Sample::new("stem_web", "So \\boxed{it goes up}", "It increases")
        .with_extra_info(json!({"question": "What happens to the pressure?"}))
}

#[test]
fn a_correct_verdict_is_correct_and_the_request_is_well_formed() {
    let mock = Mock::start(vec![Reply::Content(200, "CORRECT")]);
    let v = verifier(mock.config().api_key_env("CARGO_PKG_NAME"));
    let r = v.verify(&paraphrase(), &Context::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.verdict, Verdict::Correct, "{r:?}");
    assert!(r.detail.as_deref().is_some_and(|d| d.starts_with("judge `judge-model`: CORRECT")));
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    let body = &seen[0].body;
    assert_eq!(body["model"], "judge-model");
    assert_eq!(body["temperature"], 0);
    let user = body.pointer("/messages/1/content").and_then(Value::as_str).unwrap_or("");
    assert!(user.contains("What happens to the pressure?"), "{user}");
    assert!(user.contains("It increases") && user.contains("it goes up"), "{user}");
    assert!(
        seen[0].headers.iter().any(|(k, v)| k == "authorization" && v == "Bearer rlvr-science"),
        "{:?}",
        seen[0].headers
    );
}

#[test]
fn an_incorrect_verdict_is_incorrect() {
    let mock = Mock::start(vec![Reply::Content(200, "INCORRECT")]);
    let v = verifier(mock.config());
    let r = v.verify(&paraphrase(), &Context::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.verdict, Verdict::Incorrect, "{r:?}");
}

#[test]
fn a_malformed_reply_is_an_error_not_a_wrong_answer() {
    for reply in [
        Reply::Content(200, "Probably correct"),
        Reply::Content(200, "Final Decision: Yes"),
        Reply::Raw(200, "not json"),
        Reply::Raw(200, "{\"choices\": []}"),
    ] {
        let mock = Mock::start(vec![reply]);
        let v = verifier(mock.config());
        let r = v.verify(&paraphrase(), &Context::default());
        assert!(matches!(r, Err(Error::Domain { .. })), "{r:?}");
    }
}

#[test]
fn a_judge_that_does_not_answer_times_out_as_an_error() {
    let mock = Mock::start(vec![Reply::Hang(Duration::from_secs(5))]);
    let v = verifier(mock.config().timeout(Duration::from_millis(300)));
    let start = Instant::now();
    let r = v.verify(&paraphrase(), &Context::default());
    assert!(matches!(r, Err(Error::Domain { .. })), "{r:?}");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}

#[test]
fn a_server_error_is_retried_with_backoff() {
    let mock = Mock::start(vec![
        Reply::Raw(500, "{\"error\": \"overloaded\"}"),
        Reply::Raw(429, "{\"error\": \"slow down\"}"),
        Reply::Content(200, "CORRECT"),
    ]);
    let v = verifier(mock.config().retries(2));
    let r = v.verify(&paraphrase(), &Context::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.verdict, Verdict::Correct, "{r:?}");
    assert_eq!(mock.seen().len(), 3);
}

#[test]
fn retries_run_out_into_an_error() {
    let mock = Mock::start(vec![Reply::Raw(503, "{}"), Reply::Raw(503, "{}")]);
    let judge = Judge::new(mock.config().retries(1)).unwrap_or_else(|e| panic!("{e}"));
    let r = judge.ask(None, "It increases", "it goes up", &Context::default());
    assert!(matches!(r, Err(JudgeError::Status { status: 503, .. })), "{r:?}");
    assert_eq!(mock.seen().len(), 2);
}

#[test]
fn a_client_error_is_not_retried() {
    let mock = Mock::start(vec![
        Reply::Raw(401, "{\"error\": \"bad key\"}"),
        Reply::Content(200, "CORRECT"),
    ]);
    let judge = Judge::new(mock.config().retries(3)).unwrap_or_else(|e| panic!("{e}"));
    let r = judge.ask(None, "It increases", "it goes up", &Context::default());
    assert!(matches!(r, Err(JudgeError::Status { status: 401, .. })), "{r:?}");
    assert_eq!(mock.seen().len(), 1);
}

#[test]
fn decided_answers_and_missing_boxes_never_reach_the_judge() {
    let mock = Mock::start(vec![Reply::Content(200, "CORRECT")]);
    let v = verifier(mock.config());
    let cx = Context::default();
    let grade = |r: &str, g: &str| {
        v.verify(&Sample::new("stem_web", r, g), &cx).unwrap_or_else(|e| panic!("{e}")).verdict
    };
    // A wrong dimension, a wrong number, a right quantity, the same words,
    // no box: all decided by rule.
    assert_eq!(grade("\\boxed{19.8 J}", "19.8 m/s"), Verdict::Incorrect);
    assert_eq!(grade("\\boxed{20.5 m/s}", "19.8 m/s"), Verdict::Incorrect);
    assert_eq!(grade("\\boxed{70.2 km/h}", "19.5 m/s"), Verdict::Correct);
    assert_eq!(grade("\\boxed{x^2 + 2}", "x^2+1"), Verdict::Incorrect);
    assert_eq!(grade("\\boxed{It increases.}", "it increases"), Verdict::Correct);
    assert_eq!(grade("it goes up", "It increases"), Verdict::NoAnswer);
    assert!(mock.seen().is_empty());
}

#[test]
fn a_missing_api_key_variable_is_a_configuration_error() {
    let r = Judge::new(
        JudgeConfig::new("http://127.0.0.1:9", "m").api_key_env("RLVR_TEST_UNSET_JUDGE_KEY_VAR"),
    );
    assert!(matches!(r, Err(JudgeError::MissingApiKey { .. })), "{r:?}");
    assert!(matches!(
        Judge::new(JudgeConfig::new("localhost:8000", "m")),
        Err(JudgeError::BadUrl { .. })
    ));
}

#[test]
fn an_expired_deadline_stops_before_the_call() {
    let mock = Mock::start(vec![Reply::Content(200, "CORRECT")]);
    let v = verifier(mock.config());
    let budget = rlvr_core::Budget::default().with_wall(Some(Duration::ZERO));
    let cx = Context::new(&budget);
    thread::sleep(Duration::from_millis(5));
    assert!(v.verify(&paraphrase(), &cx).is_err());
    assert!(mock.seen().is_empty());
}
