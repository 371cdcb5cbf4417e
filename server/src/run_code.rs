//! SandboxFusion's `/run_code` schema, so verl's sandbox path can point at
//! rlvr.
//!
//! The types follow SandboxFusion's `RunCodeRequest` / `RunCodeResponse`
//! field for field. The programs themselves run in whatever
//! [`CodeRunner`] the server is configured with: rlvr's WASM sandbox once
//! the code crate lands. Without one the endpoint answers `501` with a
//! response of this shape whose `status` is `SandboxError`, so a client
//! reads it as "could not run", never as a failed program.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::{Deserialize, Serialize};

/// A `/run_code` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunCodeRequest {
    /// The program text.
    pub code: String,
    /// The language (`"python"`; others are refused by rlvr's runner).
    pub language: String,
    /// Compile time limit in seconds.
    #[serde(default = "default_timeout")]
    pub compile_timeout: f64,
    /// Run time limit in seconds.
    #[serde(default = "default_timeout")]
    pub run_timeout: f64,
    /// Memory limit in MiB (`-1`: the runner's default).
    #[serde(default = "default_memory", rename = "memory_limit_MB")]
    pub memory_limit_mb: i64,
    /// Standard input.
    #[serde(default)]
    pub stdin: Option<String>,
    /// Files to place before running: path -> base64 content.
    #[serde(default)]
    pub files: BTreeMap<String, Option<String>>,
    /// Files to return after running.
    #[serde(default)]
    pub fetch_files: Vec<String>,
}

fn default_timeout() -> f64 {
    10.0
}

fn default_memory() -> i64 {
    -1
}

/// The result of one command (compile or run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommandRunResult {
    /// `Finished`, `Error` or `TimeLimitExceeded`.
    pub status: String,
    /// Seconds the command ran.
    pub execution_time: Option<f64>,
    /// The exit code.
    pub return_code: Option<i32>,
    /// Standard output.
    pub stdout: Option<String>,
    /// Standard error.
    pub stderr: Option<String>,
}

/// A `/run_code` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunCodeResponse {
    /// `Success`, `Failed` or `SandboxError`.
    pub status: String,
    /// Why, when not `Success`.
    pub message: String,
    /// The compile step (none for Python).
    pub compile_result: Option<CommandRunResult>,
    /// The run step.
    pub run_result: Option<CommandRunResult>,
    /// Which executor ran it.
    pub executor_pod_name: Option<String>,
    /// Fetched files: path -> base64 content.
    pub files: BTreeMap<String, String>,
}

impl RunCodeResponse {
    /// A `SandboxError` response: the program could not be run at all.
    pub fn sandbox_error(message: impl Into<String>) -> Self {
        Self {
            status: "SandboxError".to_owned(),
            message: message.into(),
            compile_result: None,
            run_result: None,
            executor_pod_name: None,
            files: BTreeMap::new(),
        }
    }

    /// A response for a program that ran (`Success` when it finished with
    /// exit code 0, `Failed` otherwise).
    pub fn ran(run: CommandRunResult) -> Self {
        let ok = run.status == "Finished" && run.return_code == Some(0);
        Self {
            status: if ok { "Success" } else { "Failed" }.to_owned(),
            message: String::new(),
            compile_result: None,
            run_result: Some(run),
            executor_pod_name: Some("rlvr".to_owned()),
            files: BTreeMap::new(),
        }
    }
}

impl CommandRunResult {
    /// A finished command.
    pub fn finished(return_code: i32, stdout: String, stderr: String, seconds: f64) -> Self {
        Self {
            status: "Finished".to_owned(),
            execution_time: Some(seconds),
            return_code: Some(return_code),
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    /// A command that did not finish normally for another reason (a memory
    /// or output limit): SandboxFusion's `Error` status. The reason goes in
    /// `stderr`.
    pub fn error(return_code: Option<i32>, stdout: String, stderr: String, seconds: f64) -> Self {
        Self {
            status: "Error".to_owned(),
            execution_time: Some(seconds),
            return_code,
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    /// A command stopped at its time limit.
    pub fn time_limit_exceeded(stdout: String, stderr: String, seconds: f64) -> Self {
        Self {
            status: "TimeLimitExceeded".to_owned(),
            execution_time: Some(seconds),
            return_code: None,
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }
}

/// Runs `/run_code` programs. Called on the blocking pool; implementations
/// must bound their own time and memory (rlvr's WASM sandbox does, with
/// fuel and a memory cap) and never touch the host.
pub trait CodeRunner: Debug + Send + Sync {
    /// Runs one request.
    fn run(&self, request: &RunCodeRequest) -> RunCodeResponse;
}
