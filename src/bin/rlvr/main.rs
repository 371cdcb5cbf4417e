//! The `rlvr` command-line tool: score and validate Guru / verl rows.

mod input;
mod output;
mod summary;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rlvr::{BatchOptions, Budget, CancelToken, Outcome, Record, Registry, extract::Mode};

use crate::input::{NumberedRow, Rows};
use crate::summary::Summary;

/// Rows graded per chunk by default: memory stays bounded on big files,
/// and the threads stay busy within a chunk.
const CHUNK: u32 = 2048;

/// The exit status of a run stopped by SIGINT or SIGTERM (128 + SIGINT, as
/// shells report an interrupted command).
const INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(name = "rlvr", version, about = "Reward verifiers for RL on verifiable tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score rows (JSONL or Parquet) and write one record per row.
    Score(ScoreArgs),
    /// Check that every row's ground truth can be read by its verifier.
    Validate(ValidateArgs),
    /// Serve rewards over HTTP (OpenRLHF `/get_reward`, `/score`, `/health`).
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    addr: String,
    /// Data source for requests that name none (OpenRLHF payloads).
    #[arg(long)]
    data_source: Option<String>,
    /// Grading threads per batch (0: adaptive).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Largest request body, in MiB.
    #[arg(long, default_value_t = 64)]
    max_body_mb: usize,
    /// Deterministic step budget per sample.
    #[arg(long, default_value_t = Budget::DEFAULT_STEPS)]
    max_steps: u64,
    /// Wall-clock backstop per sample, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    timeout_ms: u64,
    /// Answer extraction for requests that do not choose one.
    #[arg(long, value_enum, default_value_t = Extraction::Strict)]
    extraction: Extraction,
    #[cfg(feature = "judge")]
    #[command(flatten)]
    judge: JudgeArgs,
}

/// The optional LLM judge for `stem_web` answers the rules cannot decide
/// (feature `judge`).
#[cfg(feature = "judge")]
#[derive(clap::Args)]
struct JudgeArgs {
    /// An OpenAI-compatible judge (`http://host:port`, `.../v1` or
    /// `.../v1/chat/completions`) for the WebInstruct answers the rules
    /// cannot decide; only those rows go to it.
    #[arg(long, requires = "judge_model")]
    judge_url: Option<String>,
    /// The model name sent to the judge.
    #[arg(long, requires = "judge_url")]
    judge_model: Option<String>,
    /// The environment variable holding the judge's API key (sent as a
    /// bearer token); none for a local server.
    #[arg(long, requires = "judge_url")]
    judge_key_env: Option<String>,
}

#[cfg(feature = "judge")]
impl JudgeArgs {
    /// The registry options with the judge, when one is asked for.
    fn apply(&self, options: rlvr::Options) -> io::Result<rlvr::Options> {
        use rlvr::science::{Judge, JudgeConfig};
        let (Some(url), Some(model)) = (&self.judge_url, &self.judge_model) else {
            return Ok(options);
        };
        let mut config = JudgeConfig::new(url.clone(), model.clone());
        if let Some(var) = &self.judge_key_env {
            config = config.api_key_env(var.clone());
        }
        let judge = Judge::new(config).map_err(|e| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("--judge-url: {e}"))
        })?;
        Ok(options.judge(judge))
    }

    fn enabled(&self) -> bool {
        self.judge_url.is_some()
    }
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// Input rows: `.jsonl` (or any JSON-lines file), `.parquet`, or `-`
    /// for JSON lines on standard input.
    #[arg(long, short)]
    input: PathBuf,
    /// Where to write the records: JSON lines, or Parquet for a
    /// `.parquet` path (feature `parquet`; written when the run ends, from a
    /// `.part.jsonl` file beside it that `--resume` continues); standard
    /// output if absent.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Write each input row with its record's fields added (a record field
    /// replaces an input column of the same name): the scored dataset.
    #[arg(long)]
    join: bool,
    /// Worker threads (default: available cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Wall-clock backstop per sample, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    timeout_ms: u64,
    /// Deterministic step budget per sample.
    #[arg(long, default_value_t = Budget::DEFAULT_STEPS)]
    max_steps: u64,
    /// Score at most N rows in this run (after the rows `--resume` skips).
    #[arg(long)]
    limit: Option<usize>,
    /// Rows graded, written and flushed together. A killed run loses at
    /// most the chunk in flight.
    #[arg(long, default_value_t = CHUNK, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    chunk: u32,
    /// Continue an earlier run that was killed or interrupted: keep the
    /// complete records already in `--output` (they must belong to the
    /// first rows of this input, by their `id`/`index`), cut off a partial
    /// last line, and score only the rows after them.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Answer extraction: `strict` (containers only) or `lenient` (fall back
    /// to the last math environment or number). A row's
    /// `extra_info.extraction` overrides it.
    #[arg(long, value_enum, default_value_t = Extraction::Strict)]
    extraction: Extraction,
    /// Print no progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    #[cfg(feature = "judge")]
    #[command(flatten)]
    judge: JudgeArgs,
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Input rows: `.jsonl` or `.parquet`.
    #[arg(long, short)]
    input: PathBuf,
    /// Problems shown per data source.
    #[arg(long, default_value_t = 3)]
    show: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Extraction {
    Strict,
    Lenient,
}

impl Extraction {
    fn mode(self) -> Mode {
        match self {
            Self::Strict => Mode::Strict,
            Self::Lenient => Mode::Lenient,
        }
    }
}

/// Runs the HTTP reward server until Ctrl-C or SIGTERM (a graceful stop:
/// requests in flight are finished).
#[cfg(feature = "serve")]
fn serve(args: &ServeArgs) -> io::Result<ExitCode> {
    let budget = Budget::default()
        .with_steps(args.max_steps)
        .with_wall(Some(Duration::from_millis(args.timeout_ms)));
    let mut config = rlvr_server::Config::default()
        .with_max_body_bytes(args.max_body_mb << 20)
        .with_batch_threads(args.threads)
        .with_extraction(args.extraction.mode())
        .with_budget(budget);
    if let Some(ds) = &args.data_source {
        config = config.with_default_data_source(ds.clone());
    }
    // `/run_code` runs in the verifiers' WASM sandbox (one engine, one
    // guest); the guest loads on the first request that needs it.
    #[allow(unused_mut, reason = "set only with the `code` or `judge` feature")]
    let mut options = rlvr::Options::default();
    #[cfg(feature = "judge")]
    {
        options = args.judge.apply(options)?;
    }
    #[cfg(feature = "code")]
    {
        let sandbox = Arc::new(rlvr::code::Sandbox::new());
        config = config.with_executor(sandbox.clone());
        options = options.sandbox(sandbox.clone());
        // Load (or build) the guest now, off the request path, so the
        // first program's request does not pay for it.
        std::thread::spawn(move || sandbox.preload());
    }
    let registry = options.registry();
    eprintln!("rlvr: serving on http://{}", args.addr);
    rlvr_server::run(&args.addr, registry, config)?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => score(&args),
        Command::Validate(args) => validate(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rlvr: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn open_rows(path: &Path) -> io::Result<(Rows, Option<u64>)> {
    Rows::open(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn progress_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    // indicatif draws only on a terminal; piped or redirected runs stay
    // silent.
    if quiet || !io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The run's code sandbox, loaded before the first chunk that has a row
/// running programs: the one-time guest build or compile is then not
/// charged to that row's time budget (nor to the rows waiting on it).
#[cfg(feature = "code")]
struct Warmup {
    sandbox: Arc<rlvr::code::Sandbox>,
    done: bool,
}

#[cfg(feature = "code")]
impl Warmup {
    fn before(&mut self, registry: &Registry, chunk: &[NumberedRow]) {
        use rlvr::names;
        if self.done {
            return;
        }
        let runs_programs = |s: &rlvr::Sample| match registry.route_of(&s.data_source) {
            Some(names::CODE | names::CODEIO | names::CRUXEVAL) => true,
            Some(names::REASONING_GYM) => s.extra_str("task").is_some_and(|t| t.contains("codeio")),
            _ => false,
        };
        if chunk.iter().filter_map(|r| r.row.sample.as_ref().ok()).any(runs_programs) {
            self.done = true;
            // A sandbox that cannot load says so in each row's record.
            let _ = self.sandbox.preload();
        }
    }
}

fn score(args: &ScoreArgs) -> io::Result<ExitCode> {
    #[allow(unused_mut, reason = "set only with the `code` or `judge` feature")]
    let mut options = rlvr::Options::default();
    #[cfg(feature = "judge")]
    {
        options = args.judge.apply(options)?;
    }
    #[cfg(feature = "code")]
    let mut warmup = {
        let sandbox = Arc::new(rlvr::code::Sandbox::new());
        options = options.sandbox(sandbox.clone());
        Warmup { sandbox, done: false }
    };
    let registry = options.registry();
    let (mut rows, total) = open_rows(&args.input)?;
    if args.join {
        rows.keep_text();
    }
    let (mut out, skipped) = output::Sink::open(args.output.as_deref(), args.resume, &mut rows)?;
    // SIGINT / SIGTERM cancel the chunk in flight; a second one ends the
    // process at once.
    let stop = interrupt_flag()?;
    let budget = Budget::default()
        .with_steps(args.max_steps)
        .with_wall(Some(Duration::from_millis(args.timeout_ms)));
    let mode = args.extraction.mode();
    let opts = BatchOptions::default()
        .with_threads(args.threads)
        .with_budget(budget)
        .with_extraction(mode)
        .with_cancel(CancelToken::from(Arc::clone(&stop)));
    let threads = opts.thread_count(usize::MAX);
    let bar = progress_bar(total, args.quiet);
    bar.set_position(rows.position());
    let mut summary = Summary::default();
    let start = Instant::now();
    let mut left = args.limit.unwrap_or(usize::MAX);
    let chunk_rows = args.chunk as usize;
    let mut interrupted = false;
    let mut exhausted = false;
    while left > 0 && !interrupted {
        let chunk = rows.next_chunk(chunk_rows.min(left))?;
        if chunk.is_empty() {
            exhausted = true;
            break;
        }
        left -= chunk.len();
        #[cfg(feature = "code")]
        warmup.before(&registry, &chunk);
        let mut graded = grade_chunk(&registry, chunk, &opts);
        if stop.load(Ordering::Relaxed) {
            // Keep the rows graded before the stop, in order; the first
            // cancelled row and everything after it are left for --resume.
            interrupted = true;
            let cut = graded
                .iter()
                .position(|g| matches!(g.outcome.result, Err(rlvr::Error::Cancelled)))
                .unwrap_or(graded.len());
            graded.truncate(cut);
        }
        for g in graded {
            let mut rec = Record::from_outcome(&g.outcome).with_ids(g.ids);
            if g.data_source.is_none() {
                rec = rec.with_detail_prefix(&format!("line {}", g.number));
            }
            summary.add(g.data_source.as_deref(), &rec, g.outcome.elapsed);
            #[cfg(feature = "judge")]
            if went_to_judge(&g.outcome) {
                summary.judged();
            }
            out.write(&rec, g.text.as_deref())?;
        }
        // Every finished chunk reaches the file before the next starts.
        out.flush()?;
        bar.set_position(rows.position());
        bar.set_message(format!("{} rows", summary.rows()));
        interrupted |= stop.load(Ordering::Relaxed);
    }
    // A Parquet output is written once every row of the input has its
    // record (a `--limit` run leaves the part file for `--resume`).
    out.finish(exhausted && !interrupted)?;
    bar.finish_and_clear();
    if !args.quiet {
        if skipped > 0 {
            eprintln!("rlvr: resumed: {skipped} rows already had their record");
        }
        eprint!("{}", summary.render(start.elapsed(), threads));
    }
    #[cfg(feature = "judge")]
    if args.judge.enabled() && !args.quiet {
        eprintln!("rlvr: {} rows went to the judge", summary.judged_rows());
    }
    if interrupted {
        eprintln!(
            "rlvr: interrupted: {} records written in this run; run again with --resume to continue",
            summary.rows()
        );
        return Ok(ExitCode::from(INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a row's grade came from the LLM judge, or its error from a
/// failed judge call.
#[cfg(feature = "judge")]
fn went_to_judge(outcome: &Outcome) -> bool {
    match &outcome.result {
        Ok(reward) => reward.detail.as_deref().is_some_and(|d| d.starts_with("judge `")),
        Err(rlvr::Error::Domain { source, .. }) => {
            source.downcast_ref::<rlvr::science::JudgeError>().is_some()
        }
        Err(_) => false,
    }
}

/// A flag set by SIGINT or SIGTERM. The first signal only sets it; a second
/// one, with the flag already set, exits at once.
fn interrupt_flag() -> io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(INTERRUPTED),
            Arc::clone(&stop),
        )?;
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}

/// One graded row, ready to be written.
struct Graded {
    number: usize,
    text: Option<String>,
    ids: serde_json::Map<String, serde_json::Value>,
    data_source: Option<String>,
    outcome: Outcome,
}

/// Grades the well-formed rows of a chunk in one batch; malformed rows get
/// their error as the outcome. The result is in input order.
fn grade_chunk(registry: &Registry, chunk: Vec<NumberedRow>, opts: &BatchOptions) -> Vec<Graded> {
    let mut samples = Vec::with_capacity(chunk.len());
    let mut graded: Vec<Graded> = chunk
        .into_iter()
        .map(|NumberedRow { number, row, text }| {
            let (data_source, outcome) = match row.sample {
                Ok(sample) => {
                    let ds = sample.data_source.clone();
                    samples.push(sample);
                    (Some(ds), None)
                }
                Err(e) => (None, Some(Outcome::failed(e))),
            };
            // A placeholder until the batch below fills it in.
            let outcome = outcome.unwrap_or_else(|| Outcome::failed(rlvr::Error::Cancelled));
            Graded { number, text, ids: row.ids, data_source, outcome }
        })
        .collect();
    let mut outcomes = registry.verify_batch(&samples, opts).into_iter();
    for g in graded.iter_mut().filter(|g| g.data_source.is_some()) {
        if let Some(o) = outcomes.next() {
            g.outcome = o;
        }
    }
    graded
}

#[derive(Default)]
struct Check {
    good: u64,
    bad: u64,
    unroutable: u64,
    problems: Vec<String>,
}

fn validate(args: &ValidateArgs) -> io::Result<ExitCode> {
    let registry = rlvr::default_registry();
    let (mut rows, _) = open_rows(&args.input)?;
    let mut by_source: BTreeMap<String, Check> = BTreeMap::new();
    loop {
        let chunk = rows.next_chunk(CHUNK as usize)?;
        if chunk.is_empty() {
            break;
        }
        for NumberedRow { number, row, .. } in chunk {
            let (key, result) = match &row.sample {
                Ok(s) => (s.data_source.clone(), registry.check_ground_truth(s)),
                Err(e) => {
                    ("(malformed row)".to_owned(), Err(rlvr::Error::malformed_row(e.to_string())))
                }
            };
            let check = by_source.entry(key).or_default();
            match result {
                Ok(()) => check.good += 1,
                Err(
                    e @ (rlvr::Error::UnknownDataSource { .. }
                    | rlvr::Error::VerifierUnavailable { .. }),
                ) => {
                    check.unroutable += 1;
                    if check.problems.len() < args.show {
                        check.problems.push(format!("line {number}: {e}"));
                    }
                }
                Err(e) => {
                    check.bad += 1;
                    if check.problems.len() < args.show {
                        check.problems.push(format!("line {number}: {e}"));
                    }
                }
            }
        }
    }
    let width = by_source.keys().map(String::len).max().unwrap_or(0).max("data_source".len());
    println!("{:<width$}  {:>6}  {:>6}  {:>10}", "data_source", "good", "bad", "unroutable");
    let mut any_bad = false;
    for (name, c) in &by_source {
        println!("{name:<width$}  {:>6}  {:>6}  {:>10}", c.good, c.bad, c.unroutable);
        for p in &c.problems {
            println!("    {p}");
        }
        any_bad |= c.bad > 0;
    }
    // Rows whose verifier is not in this build are reported, not failed:
    // they are fine rows for another build.
    Ok(if any_bad { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
