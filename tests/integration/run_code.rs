//! `POST /run_code` on the WASM sandbox ([`rlvr::server::run_code`] on a
//! [`Sandbox`]): SandboxFusion's view of programs that print, read stdin,
//! raise, loop forever, exhaust memory, and of requests the sandbox
//! refuses. (The HTTP side of `/run_code` is tested in the server crate
//! with a stand-in executor.)

use rlvr::code::Sandbox;
use rlvr::server::{RunCodeRequest, RunCodeResponse};
use serde_json::json;

fn request(body: serde_json::Value) -> RunCodeRequest {
    serde_json::from_value(body).expect("a valid /run_code request")
}

/// The sandbox, or `None` (with a message) when the guest is not built.
fn runner() -> Option<Sandbox> {
    let sandbox = Sandbox::new();
    if let Err(e) = sandbox.preload() {
        eprintln!("skipping /run_code sandbox tests: {e}");
        return None;
    }
    Some(sandbox)
}

fn run(sandbox: &Sandbox, body: serde_json::Value) -> RunCodeResponse {
    rlvr::server::run_code(sandbox, &request(body))
}

#[test]
fn programs_run_with_stdin_and_report_like_sandboxfusion() {
    let Some(runner) = runner() else { return };
    let ok = run(
        &runner,
        json!({"code": "import sys\nn = int(input())\nprint(n * 2)\nprint('err', file=sys.stderr)",
               "language": "python", "stdin": "21\n"}),
    );
    assert_eq!(ok.status, "Success", "{ok:?}");
    let r = ok.run_result.as_ref().expect("a run result");
    assert_eq!((r.status.as_str(), r.return_code), ("Finished", Some(0)));
    assert_eq!(r.stdout.as_deref(), Some("42\n"));
    assert_eq!(r.stderr.as_deref(), Some("err\n"));

    let raised = run(&runner, json!({"code": "raise ValueError('boom')", "language": "python"}));
    assert_eq!(raised.status, "Failed");
    let r = raised.run_result.as_ref().expect("a run result");
    assert_eq!((r.status.as_str(), r.return_code), ("Finished", Some(1)));
    assert!(r.stderr.as_deref().unwrap_or("").contains("ValueError: boom"), "{r:?}");

    let exited = run(&runner, json!({"code": "import sys\nsys.exit(3)", "language": "python3"}));
    assert_eq!(exited.run_result.as_ref().and_then(|r| r.return_code), Some(3));
}

#[test]
fn limits_end_runs_as_sandboxfusion_statuses() {
    let Some(runner) = runner() else { return };
    let looped =
        run(&runner, json!({"code": "while True: pass", "language": "python", "run_timeout": 0.2}));
    assert_eq!(looped.status, "Failed");
    assert_eq!(looped.run_result.as_ref().map(|r| r.status.as_str()), Some("TimeLimitExceeded"));

    let hog = run(
        &runner,
        json!({"code": "x = bytearray(400 * 1024 * 1024)\nprint(len(x))",
               "language": "python", "memory_limit_MB": 64}),
    );
    assert_eq!(hog.status, "Failed", "{hog:?}");
    let r = hog.run_result.as_ref().expect("a run result");
    assert_ne!(r.return_code, Some(0), "{r:?}");

    // The runner still serves the next program.
    let after = run(&runner, json!({"code": "print(1 + 1)", "language": "python"}));
    assert_eq!(after.run_result.and_then(|r| r.stdout), Some("2\n".to_owned()));
}

#[test]
fn requests_the_sandbox_cannot_honour_are_refused_not_run() {
    // No guest needed: these never reach the sandbox.
    let runner = Sandbox::new();
    let cpp = run(&runner, json!({"code": "int main() {}", "language": "cpp"}));
    assert_eq!(cpp.status, "SandboxError");
    assert!(cpp.message.contains("python only"), "{}", cpp.message);
    let files = run(
        &runner,
        json!({"code": "print(open('a.txt').read())", "language": "python",
               "files": {"a.txt": "aGk="}}),
    );
    assert_eq!(files.status, "SandboxError");
    assert!(files.run_result.is_none());
}
