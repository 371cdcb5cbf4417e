//! `POST /run_code` on rlvr's WASM sandbox: the [`rlvr_server::CodeRunner`]
//! that `rlvr serve` uses when built with the `code` feature, so verl's
//! SandboxFusion path can point at rlvr.
//!
//! Python only. Each request runs in a fresh sandbox instance with no files,
//! no network and no environment; `run_timeout` becomes the sandbox's fuel
//! (calibrated to native CPython seconds) with a wall-clock backstop, and
//! `memory_limit_MB` its memory cap. Requests the sandbox cannot honour
//! (another language, `files` to place or fetch) are refused with a
//! `SandboxError` response saying why, never run half-way.

use rlvr_code::{CodeVerifier, ProgramRun, RunLimits, RunStatus};
use rlvr_core::Context;
use rlvr_server::{CodeRunner, CommandRunResult, RunCodeRequest, RunCodeResponse};

/// The largest memory cap a request may ask for: 4 GiB, wasm32's address
/// space.
const MAX_MEMORY_MB: i64 = 4096;

/// Runs `/run_code` programs in rlvr's WASM sandbox (CPython on WASI).
#[derive(Debug)]
pub struct SandboxCodeRunner {
    verifier: CodeVerifier,
}

impl SandboxCodeRunner {
    /// A runner on the default guest (`RLVR_PYTHON_GUEST`, else the cache
    /// the guest build script fills). The guest loads on the first request;
    /// a missing guest answers `SandboxError` with how to get it.
    #[must_use]
    pub fn new() -> Self {
        Self::with_verifier(CodeVerifier::new())
    }

    /// A runner on this code verifier's guest and engine.
    #[must_use]
    pub fn with_verifier(verifier: CodeVerifier) -> Self {
        Self { verifier }
    }

    fn limits(request: &RunCodeRequest) -> RunLimits {
        let limits = RunLimits::for_native_seconds(request.run_timeout);
        match request.memory_limit_mb {
            mb if mb > 0 => {
                let bytes = usize::try_from(mb.min(MAX_MEMORY_MB) << 20).unwrap_or(usize::MAX);
                limits.with_memory_bytes(bytes)
            }
            _ => limits,
        }
    }
}

impl Default for SandboxCodeRunner {
    fn default() -> Self {
        Self::new()
    }
}

impl CodeRunner for SandboxCodeRunner {
    fn run(&self, request: &RunCodeRequest) -> RunCodeResponse {
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
        match self.verifier.run_program(
            &request.code,
            stdin,
            &Self::limits(request),
            &Context::default(),
        ) {
            Ok(run) => RunCodeResponse::ran(command_result(run)),
            Err(e) => RunCodeResponse::sandbox_error(e.to_string()),
        }
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
