//! The bodies of rlvr's fuzz targets: one `pub fn <target>(data: &[u8])`
//! per target, each calling the public API and asserting what must hold on
//! any input (no panic, a defined status, a finite score in `[0, 1]`, an
//! answer that lies inside its response, a record that round-trips through
//! JSON, a parse that is reflexive under equivalence).
//!
//! The cargo-fuzz crate in `fuzz/` (outside the workspace, nightly) has one
//! `fuzz_target!` per function here; the test in `tests.rs` replays every
//! file of `fuzz/corpus/<target>/` through the same function, so the
//! minimised corpora run in the ordinary test suite with no fuzzer and no
//! nightly. `fuzz/RESULTS.md` has the figures of each run.
//!
//! Two more targets live beside the code they reach, because that code is
//! crate-private: the host side of the guest protocol
//! (`rlvr_code::fuzz_guest_message`, built under `cfg(fuzzing)`, replayed
//! by a unit test in rlvr-code).

#![deny(missing_docs)]

mod answers;
mod extract;
mod literal;
mod math;
mod row;
#[cfg(test)]
mod seed;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "table")]
mod table;
#[cfg(test)]
mod tests;

pub use answers::{answers, templates};
pub use extract::extract;
pub use literal::literal;
pub use math::math;
pub use row::row;
#[cfg(feature = "server")]
pub use server::server;
#[cfg(feature = "table")]
pub use table::table;

use rlvr::{Budget, Context};

/// Runs `target` on `data` in a thread with the stack a batch worker has
/// (std's default, 2 MiB), as rlvr grades rows in production. The fuzzer
/// runs inputs on its main thread, whose stack is larger and has no
/// overflow guard of Rust's: a deep recursion there dies without a report,
/// here it aborts with "has overflowed its stack" and the fuzzer keeps the
/// input.
///
/// # Panics
/// When `target` panics.
pub fn on_worker_stack(data: &[u8], target: fn(&[u8])) {
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn_scoped(s, || target(data))
            .expect("a fuzzing thread starts");
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The context every target grades under: the default step budget and no
/// wall clock, so an input's outcome never depends on the machine's load
/// (a slow input shows as the fuzzer's timeout instead).
fn context() -> Context {
    Context::new(&Budget::default().with_wall(None))
}

/// Splits `data` at its first NUL byte (the whole of it and an empty tail
/// when there is none).
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// The fixture root, `fixtures/` at the top of the repository.
fn fixtures_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}
