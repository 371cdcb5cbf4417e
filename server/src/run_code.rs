//! SandboxFusion's `/run_code` schema, so verl's sandbox path can point at
//! rlvr.
//!
//! The types follow SandboxFusion's `RunCodeRequest` / `RunCodeResponse`
//! field for field. The programs themselves run on whatever
//! [`Executor`] the server is configured with ([`Config::executor`]:
//! `rlvr serve` built with the `code` feature gives it rlvr's WASM
//! sandbox, the one its verifiers use); [`run_code`] maps a request to the
//! executor's run and its [`ProgramRun`] back to SandboxFusion's response.
//! Without an executor the endpoint answers `501` with a response of this
//! shape whose `status` is `SandboxError`, so a client reads it as "could
//! not run", never as a failed program.
//!
//! [`Config::executor`]: crate::Config::executor

use std::collections::BTreeMap;

use rlvr_core::{Context, Executor, ProgramRun, RunLimits, RunStatus};
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

/// The largest memory cap a request may ask for: 4 GiB, wasm32's address
/// space.
const MAX_MEMORY_MB: i64 = 4096;

impl RunCodeRequest {
    /// The limits this request asks for: `run_timeout` as fuel calibrated
    /// to native CPython seconds with a wall-clock backstop
    /// ([`RunLimits::for_native_seconds`]), and `memory_limit_MB` (capped at
    /// 4 GiB; `-1` keeps the default) as the memory cap.
    ///
    /// # Example
    /// ```
    /// let req: rlvr_server::RunCodeRequest = serde_json::from_value(serde_json::json!(
    ///     {"code": "print(1)", "language": "python", "run_timeout": 2, "memory_limit_MB": 64}))?;
    /// let limits = req.limits();
    /// assert_eq!((limits.fuel, limits.memory_bytes), (27_000_000_000, 64 << 20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn limits(&self) -> RunLimits {
        let limits = RunLimits::for_native_seconds(self.run_timeout);
        match self.memory_limit_mb {
            mb if mb > 0 => {
                let bytes = usize::try_from(mb.min(MAX_MEMORY_MB) << 20).unwrap_or(usize::MAX);
                limits.with_memory_bytes(bytes)
            }
            _ => limits,
        }
    }
}

/// Runs one `/run_code` request on `executor`, as SandboxFusion would.
///
/// Python only: each request runs in a fresh sandbox instance with no
/// files, no network and no environment, under [`RunCodeRequest::limits`].
/// Requests the sandbox cannot honour (another language, `files` to place
/// or `fetch_files` to return) are refused with a `SandboxError` response
/// saying why, never run half-way; so is a sandbox that cannot run at all
/// (an [`Error`](rlvr_core::Error) of the executor). Time limits answer
/// `TimeLimitExceeded`, memory and output limits `Error`, anything else
/// `Finished` with the exit code. Blocks for as long as the program runs:
/// the server calls it on the blocking pool.
///
/// # Example
/// ```
/// let req: rlvr_server::RunCodeRequest =
///     serde_json::from_value(serde_json::json!({"code": "int main() {}", "language": "cpp"}))?;
/// # #[derive(Debug)]
/// # struct NoSandbox;
/// # impl rlvr_core::Executor for NoSandbox {
/// #     fn run_program(&self, _: &str, _: &str, _: &rlvr_core::RunLimits, _: &rlvr_core::Context)
/// #         -> Result<rlvr_core::ProgramRun, rlvr_core::Error> { unreachable!() }
/// #     fn call_function(&self, _: &rlvr_core::FunctionCall<'_>, _: &rlvr_core::RunLimits, _: &rlvr_core::Context)
/// #         -> Result<rlvr_core::CallRun, rlvr_core::Error> { unreachable!() }
/// # }
/// let resp = rlvr_server::run_code(&NoSandbox, &req);
/// assert_eq!(resp.status, "SandboxError");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_code(executor: &dyn Executor, request: &RunCodeRequest) -> RunCodeResponse {
    let language = request.language.to_ascii_lowercase();
    if !matches!(language.as_str(), "python" | "python3") {
        return RunCodeResponse::sandbox_error(format!(
            "language {:?} is not supported: rlvr's sandbox runs python only",
            request.language
        ));
    }
    if !request.files.is_empty() || !request.fetch_files.is_empty() {
        return RunCodeResponse::sandbox_error(
            "`files` and `fetch_files` are not supported: rlvr's sandbox has no file system",
        );
    }
    let stdin = request.stdin.as_deref().unwrap_or("");
    match executor.run_program(&request.code, stdin, &request.limits(), &Context::default()) {
        Ok(run) => RunCodeResponse::ran(command_result(run)),
        Err(e) => RunCodeResponse::sandbox_error(e.to_string()),
    }
}

/// SandboxFusion's view of one run.
fn command_result(run: ProgramRun) -> CommandRunResult {
    let seconds = run.duration.as_secs_f64();
    match run.status {
        RunStatus::TimeLimit(_) => {
            CommandRunResult::time_limit_exceeded(run.stdout, run.stderr, seconds)
        }
        RunStatus::MemoryLimit | RunStatus::OutputLimit => {
            let mut stderr = run.stderr;
            if !stderr.is_empty() && !stderr.ends_with('\n') {
                stderr.push('\n');
            }
            stderr.push_str(&format!("rlvr sandbox: {}\n", run.status));
            CommandRunResult::error(run.exit_code, run.stdout, stderr, seconds)
        }
        // Finished, an uncaught exception, a syntax error: the process
        // ended with an exit code, as `python3 prog.py` would.
        _ => {
            CommandRunResult::finished(run.exit_code.unwrap_or(1), run.stdout, run.stderr, seconds)
        }
    }
}
