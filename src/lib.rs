//! # rlvr
//!
//! Reward verifiers for reinforcement learning of language models on
//! verifiable tasks. A trainer hands over a [`Sample`] — which dataset it
//! came from (`data_source`), the model's response, the ground truth — and
//! gets back a [`Reward`] it can trust: right, deterministic, fast, and never
//! a hang, a crash or a host compromise. When a sample cannot be graded the
//! answer is an [`Error`], never a silent zero.
//!
//! This crate is the facade: it re-exports [`rlvr_core`] and the domain
//! crates enabled by features, and builds the [`default_registry`] that
//! routes every Guru / verl `data_source` to its verifier.
//!
//! ```
//! use rlvr::{BatchOptions, Sample, Status, Record};
//!
//! let registry = rlvr::default_registry();
//! let samples = vec![Sample::new("no_such_dataset", "\\boxed{2}", "2")];
//! let outcomes = registry.verify_batch(&samples, &BatchOptions::default());
//! let record = Record::from_outcome(&outcomes[0]);
//! assert_eq!(record.status, Status::UnknownDataSource);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Public surface
//! - Everything of [`rlvr_core`] (re-exported at the root).
//! - [`default_registry`] and [`Options`] (what the domains share).
//! - One module per domain crate compiled in (`math`, `logic`, `sim`,
//!   `science`, and with their features `code`, `table`, `instruct`,
//!   `livebench`), and `server` with `serve`; each lists its own surface.
//!
//! # Feature flags
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `math` | yes | [`math`]: answer equivalence for `math*`, gsm8k, MATH, AIME, ... |
//! | `logic` | yes | [`logic`]: ARC/BARC, zebra, ordering, graph puzzles, reasoning-gym logic tasks |
//! | `sim` | yes | [`sim`]: CodeI/O, CRUXEval, step/trace/plan checkers, reasoning-gym simulations |
//! | `science` | yes | [`science`]: GPQA / SuperGPQA letters, WebInstruct quantities with units |
//! | `livebench` | no | [`livebench`]: LiveBench's reasoning, data-analysis and language tasks (`ood__livebench`) |
//! | `instruct` | no | [`instruct`]: IFEval's 25 instruction types (`ood__ifeval`) and IFBench's constraints (`ood__ifbench`), strict or loose |
//! | `judge`, `judge-tls` | no | the optional LLM-judge fallback for free-form science answers (`science::judge`; https with `judge-tls`) |
//! | `cli` | yes | the `rlvr` command-line tool (clap, indicatif) |
//! | `code` | no | [`code`]: programs run in a wasmtime sandbox (CPython on WASI) |
//! | `table` | no | [`table`]: table QA over polars DataFrames, SQL answers |
//! | `parquet` | no | Parquet input for the CLI (polars) |
//! | `serve` | no | [`server`]: `rlvr serve`, the HTTP reward server (with `code`: `/run_code` on the verifiers' sandbox) |
//! | `full` | no | everything above |
//!
//! # One sandbox
//! With `code`, every part that runs programs shares one
//! [`code::Sandbox`] (one wasmtime engine, one loaded guest) through the
//! [`Executor`] trait: the code verifier, CodeI/O and CRUXEval (and the
//! reasoning-gym `codeio` task), and, in `rlvr serve`, `/run_code`.
//! [`default_registry`] builds one; [`Options::sandbox`] takes the
//! caller's, to share it with a server's [`server::Config::with_executor`].
//! The sandbox loads lazily: building a registry never loads the guest;
//! the default guest is built on first use when it is missing (see
//! [`code`]), and a guest that cannot be had is a `sandbox_error` on each
//! row that needs it.
//!
//! Domain verifiers are added as features as their crates land; a route
//! whose verifier is not compiled in answers
//! [`Error::VerifierUnavailable`] (record status `unknown_data_source`).

#![deny(missing_docs)]

#[cfg(any(feature = "code", feature = "judge"))]
use std::sync::Arc;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use rlvr_core::*;

/// Math answer equivalence (feature `math`).
#[cfg(feature = "math")]
pub use rlvr_math as math;

/// Logic puzzle verifiers (feature `logic`).
#[cfg(feature = "logic")]
pub use rlvr_logic as logic;

/// Simulation verifiers (feature `sim`).
#[cfg(feature = "sim")]
pub use rlvr_sim as sim;

/// Code verifier: programs run in a wasmtime sandbox (feature `code`).
#[cfg(feature = "code")]
pub use rlvr_code as code;

/// Table QA over polars DataFrames (feature `table`).
#[cfg(feature = "table")]
pub use rlvr_table as table;

/// Science verifiers (feature `science`).
#[cfg(feature = "science")]
pub use rlvr_science as science;

/// Instruction-following verifiers: IFEval and IFBench (feature `instruct`).
#[cfg(feature = "instruct")]
pub use rlvr_instruct as instruct;
/// LiveBench verifiers (feature `livebench`).
#[cfg(feature = "livebench")]
pub use rlvr_livebench as livebench;

/// The HTTP reward server (feature `serve`).
#[cfg(feature = "serve")]
pub use rlvr_server as server;

/// A registry with the full Guru route table and every verifier compiled
/// into this build, set up as [`Options::default`] says: with `code`, one
/// new [`code::Sandbox`] shared by every verifier that runs programs; no
/// judge.
///
/// # Example
/// ```
/// let registry = rlvr::default_registry();
/// assert_eq!(registry.route_of("math__math"), Some(rlvr::names::MATH));
/// ```
pub fn default_registry() -> Registry {
    Options::default().registry()
}

/// How the built-in verifiers are set up: what they share and the optional
/// parts. [`Options::registry`] builds the registry.
///
/// - [`sandbox`](Options::sandbox) (feature `code`): the code sandbox
///   that the code verifier, CodeI/O, CRUXEval and the reasoning-gym
///   `codeio` task run programs on. Share it with a server's `/run_code`
///   ([`server::Config::with_executor`], feature `serve`), so one engine
///   and one loaded guest serve them all. Default: a new one.
/// - [`judge`](Options::judge) (feature `judge`): the OpenAI-compatible
///   LLM judge asked about the WebInstruct (`stem_web`) answers the rules
///   cannot decide (only those; its failures are errors with a status,
///   never a wrong answer). Default: none, so grading stays offline and
///   deterministic.
///
/// # Example
/// ```
/// let registry = rlvr::Options::default().registry();
/// assert!(registry.route_of("math__math").is_some());
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
#[must_use]
pub struct Options {
    #[cfg(feature = "code")]
    sandbox: Option<Arc<code::Sandbox>>,
    #[cfg(feature = "judge")]
    judge: Option<science::Judge>,
}

impl Options {
    /// Runs programs on `sandbox` (feature `code`).
    ///
    /// # Example
    /// ```no_run
    /// use std::sync::Arc;
    /// let sandbox = Arc::new(rlvr::code::Sandbox::new());
    /// let registry = rlvr::Options::default().sandbox(Arc::clone(&sandbox)).registry();
    /// assert!(registry.verifier(rlvr::names::CODE).is_some());
    /// ```
    #[cfg(feature = "code")]
    pub fn sandbox(mut self, sandbox: Arc<code::Sandbox>) -> Self {
        self.sandbox = Some(sandbox);
        self
    }

    /// Asks `judge` about the `stem_web` answers the rules leave undecided
    /// (feature `judge`).
    ///
    /// # Example
    /// ```
    /// use rlvr::science::{Judge, JudgeConfig};
    /// let judge = Judge::new(JudgeConfig::new("http://127.0.0.1:8001/v1", "judge-model"))?;
    /// let registry = rlvr::Options::default().judge(judge).registry();
    /// assert!(registry.verifier(rlvr::names::STEM_WEB).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "judge")]
    pub fn judge(mut self, judge: science::Judge) -> Self {
        self.judge = Some(judge);
        self
    }

    /// The registry: the full Guru route table and every verifier compiled
    /// into this build, set up with these options.
    pub fn registry(self) -> Registry {
        build(self)
    }
}

/// The domain crates compiled into this build, in registration order.
/// Adding a domain is one line here.
const DOMAINS: &[Domain] = &[
    #[cfg(feature = "math")]
    math::DOMAIN,
    #[cfg(feature = "logic")]
    logic::DOMAIN,
    #[cfg(feature = "sim")]
    sim::DOMAIN,
    #[cfg(feature = "code")]
    code::DOMAIN,
    #[cfg(feature = "table")]
    table::DOMAIN,
    #[cfg(feature = "science")]
    science::DOMAIN,
    #[cfg(feature = "instruct")]
    instruct::DOMAIN,
    #[cfg(feature = "livebench")]
    livebench::DOMAIN,
];

/// The environment the domains share, from the options: with `code`, one
/// sandbox as every domain's executor (CodeI/O, CRUXEval and the
/// reasoning-gym `codeio` task grade by running programs on it) and as the
/// code verifier's sandbox; with `judge`, the judge.
#[allow(unused_variables, reason = "the options a build without `code` or `judge` has are empty")]
fn environment(options: Options) -> Environment {
    #[allow(unused_mut, reason = "nothing is shared without `code` and `judge`")]
    let mut env = Environment::new();
    #[cfg(feature = "code")]
    {
        let sandbox = options.sandbox.unwrap_or_else(|| Arc::new(code::Sandbox::new()));
        env = env.with_executor(sandbox.clone()).with_shared(sandbox);
    }
    #[cfg(feature = "judge")]
    if let Some(judge) = options.judge {
        env = env.with_shared(Arc::new(judge));
    }
    env
}

fn build(options: Options) -> Registry {
    let mut registry = Registry::guru();
    extract::warm_up();
    let installed = registry.install(DOMAINS, &environment(options)).is_ok();
    debug_assert!(installed, "built-in verifier names and reasoning-gym tasks are unique");
    registry
}
