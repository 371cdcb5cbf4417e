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
//! # Feature flags
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `math` | yes | [`math`]: answer equivalence for `math*`, gsm8k, MATH, AIME, ... |
//! | `cli` | yes | the `rlvr` command-line tool (clap, indicatif) |
//! | `parquet` | no | Parquet input for the CLI (polars) |
//! | `full` | no | everything above |
//!
//! Domain verifiers are added as features as their crates land; a route
//! whose verifier is not compiled in answers
//! [`Error::VerifierUnavailable`] (record status `unknown_data_source`).

#![deny(missing_docs)]

use std::sync::Arc;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use rlvr_core::*;

/// Math answer equivalence (feature `math`).
#[cfg(feature = "math")]
pub use rlvr_math as math;

/// A registry with the full Guru route table and every verifier compiled
/// into this build.
///
/// # Example
/// ```
/// let registry = rlvr::default_registry();
/// assert_eq!(registry.route_of("math__math"), Some(rlvr::names::MATH));
/// ```
pub fn default_registry() -> Registry {
    #[allow(unused_mut, reason = "no verifier is registered when every domain feature is off")]
    let mut registry = Registry::guru();
    extract::warm_up();
    #[cfg(feature = "math")]
    add(&mut registry, Arc::new(math::MathVerifier::default()));
    registry
}

/// Registers a built-in verifier; built-in names are unique by
/// construction.
#[allow(dead_code, reason = "unused when every domain feature is off")]
fn add(registry: &mut Registry, verifier: Arc<dyn Verifier>) {
    let registered = registry.register(verifier).is_ok();
    debug_assert!(registered, "built-in verifier names are unique");
}
