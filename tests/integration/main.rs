//! The one integration-test binary: fixtures through dispatch, the batch
//! runner, and the `rlvr` CLI end to end.

#[cfg(feature = "cli")]
mod cli;
mod determinism;
mod fixtures;
#[cfg(all(feature = "cli", feature = "judge"))]
mod judge;
mod registry;
#[cfg(all(feature = "serve", feature = "code"))]
mod run_code;
