//! The LLM judge end to end, from `rlvr score` and `rlvr serve`
//! (`--judge-url`, `--judge-model`, `--judge-key-env`), against a local
//! OpenAI-compatible stub that answers by the student's answer: a verdict
//! word, slowly, an HTTP error, or a reply that is neither verdict word.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The stub judge: replies by the answer word found in the request, and
/// counts the requests.
struct Stub {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl Stub {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/v1", listener.local_addr().expect("addr"));
        let requests = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let count = Arc::clone(&count);
                std::thread::spawn(move || answer(stream, &count));
            }
        });
        Self { url, requests }
    }
}

fn answer(mut stream: TcpStream, count: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    count.fetch_add(1, Ordering::SeqCst);
    let text = String::from_utf8_lossy(&body);
    let (status, content) = if text.contains("zircon") {
        (200, "CORRECT")
    } else if text.contains("basalt") {
        (200, "INCORRECT")
    } else if text.contains("gneiss") {
        (200, "Final Decision: Yes, the student is CORRECT")
    } else if text.contains("schist") {
        (500, "")
    } else if text.contains("marble") {
        std::thread::sleep(Duration::from_millis(1500));
        (200, "correct.")
    } else {
        (400, "")
    };
    let reply = if status == 200 {
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
            .to_string()
    } else {
        json!({"error": {"message": "stub error"}}).to_string()
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(reply.as_bytes());
}

/// stem_web rows: free-form answers the rules cannot decide (they go to
/// the judge), and one the rules decide (it does not).
fn rows() -> Vec<Value> {
    let row = |id: u32, answer: &str| {
        json!({
            "id": id,
            "data_source": "stem__web",
            "response": format!("The mineral is \\boxed{{{answer}}}"),
            "reward_model": {"style": "rule", "ground_truth": "a silicate of hafnium"},
            "extra_info": {"question": "Which mineral is it?"},
        })
    };
    vec![
        row(0, "zircon"),
        row(1, "basalt"),
        row(2, "gneiss"),
        row(3, "schist"),
        row(4, "marble"),
        row(5, "a silicate of hafnium"),
    ]
}

/// What each row must get: the verdict words, a judge reply that is not
/// one (an error), an HTTP error after the retries (an error), a slow
/// verdict, and a row the rules decide without the judge.
const WANT: [&str; 6] =
    ["correct", "incorrect", "internal_error", "internal_error", "correct", "correct"];

fn check(records: &[Value]) {
    let statuses: Vec<&str> = records.iter().map(|r| r["status"].as_str().unwrap_or("")).collect();
    assert_eq!(statuses, WANT, "{records:#?}");
    for i in [2, 3] {
        let detail = records[i]["detail"].as_str().unwrap_or("");
        assert!(detail.contains("judge"), "row {i}: {detail}");
        assert_eq!(records[i]["score"], 0.0);
    }
    assert!(records[0]["detail"].as_str().unwrap_or("").starts_with("judge `stub-model`: CORRECT"));
    assert!(!records[5]["detail"].as_str().unwrap_or("").contains("judge `"), "{}", records[5]);
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("rlvr-judge-{}-{name}", std::process::id()))
}

#[test]
fn score_asks_the_judge_only_about_undecided_rows() {
    let stub = Stub::start();
    let input = temp_path("rows.jsonl");
    let text: String = rows().iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&input, text).expect("write rows");
    let out = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["score", "--threads", "2", "--input"])
        .arg(&input)
        .args(["--judge-url", &stub.url, "--judge-model", "stub-model"])
        .args(["--judge-key-env", "CARGO_PKG_NAME"])
        .output()
        .expect("run rlvr");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a record"))
        .collect();
    check(&records);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 rows went to the judge"), "{stderr}");
    // Five rows, and the HTTP error is retried twice.
    assert_eq!(stub.requests.load(Ordering::SeqCst), 7);
    let _ = std::fs::remove_file(&input);
}

#[test]
fn judge_flags_need_each_other_and_a_usable_url() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rlvr"))
            .args(["score", "--input", "-"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run rlvr")
    };
    let out = run(&["--judge-url", "http://127.0.0.1:9/v1"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["--judge-url", "ftp://x", "--judge-model", "m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--judge-url"));
    let out = run(&[
        "--judge-url",
        "http://x",
        "--judge-model",
        "m",
        "--judge-key-env",
        "RLVR_NO_SUCH_VAR",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RLVR_NO_SUCH_VAR"));
}

/// `rlvr serve` with the same flags grades a `/score` batch the same way.
#[cfg(feature = "serve")]
#[test]
fn serve_asks_the_judge_too() {
    let stub = Stub::start();
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_rlvr"))
        .args(["serve", "--addr", &addr, "--judge-url", &stub.url, "--judge-model", "stub-model"])
        .stderr(Stdio::null())
        .spawn()
        .expect("start rlvr serve");
    let start = Instant::now();
    let mut conn = loop {
        if let Ok(c) = TcpStream::connect(&addr) {
            break c;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    let body = json!({"rows": rows()}).to_string();
    let head = format!(
        "POST /score HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).expect("send");
    conn.write_all(body.as_bytes()).expect("send");
    let mut reply = String::new();
    let read = conn.read_to_string(&mut reply);
    let _ = server.kill();
    let _ = server.wait();
    read.expect("read the reply");
    let (head, body) = reply.split_once("\r\n\r\n").expect("an HTTP reply");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let records: Value = serde_json::from_str(body).expect("JSON");
    let records = records["records"].as_array().expect("records").clone();
    check(&records);
}
