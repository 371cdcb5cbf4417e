//! The guest on first use: when the [`Sandbox`](crate::Sandbox) uses the
//! default guest path (no [`SandboxBuilder::guest`](crate::SandboxBuilder::guest),
//! no `RLVR_PYTHON_GUEST`) and the guest there is missing or stale, the
//! library builds it, the way `guest/build.sh` does (that very script,
//! embedded with the harness files: the pinned, hash-checked
//! componentize-py from pip, then the build), into the cache.
//!
//! - One build per cache: the builder holds an exclusive lock on
//!   `code/.guest-build.lock` in the cache, so concurrent first uses from
//!   several processes build once, and the others wait and then load what
//!   it built (threads of one process already wait on the sandbox's own
//!   lock).
//! - It says so, in one line on standard error, before it starts.
//! - Offline or without python3, the error quotes the build's last output
//!   and says what to run or which variable to set.
//! - `RLVR_GUEST_BUILD=0` turns it off (then a missing guest is an error
//!   saying how to build it, as with an explicit guest path).

use std::fs::{self, File};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::sandbox::{BUILD_COMMAND, GUEST_ENV, HARNESS, stale_guest};

/// The environment variable that turns the build on first use off (`0`).
pub(crate) const BUILD_ENV: &str = "RLVR_GUEST_BUILD";

const BUILD_SCRIPT: &[u8] = include_bytes!("../guest/build.sh");
const MANIFEST: &[u8] = include_bytes!("../guest/MANIFEST");

/// Whether the build on first use is allowed (not turned off).
pub(crate) fn enabled() -> bool {
    std::env::var_os(BUILD_ENV).is_none_or(|v| v != "0")
}

/// Makes sure `guest` (the default path, `<cache>/code/python-guest.wasm`)
/// exists and is current, building it when it is not. `Ok` when it is
/// usable afterwards.
pub(crate) fn ensure(cache: &Path, guest: &Path) -> Result<(), String> {
    if guest.is_file() && stale_guest(guest).is_none() {
        return Ok(());
    }
    let dir = cache.join("code");
    fs::create_dir_all(&dir).map_err(|e| cannot(&dir, &e))?;
    let lock_path = dir.join(".guest-build.lock");
    let lock = File::create(&lock_path).map_err(|e| cannot(&lock_path, &e))?;
    if lock.try_lock().is_err() {
        eprintln!(
            "rlvr: waiting for another process that is building the Python guest in {}",
            dir.display()
        );
        lock.lock().map_err(|e| cannot(&lock_path, &e))?;
    }
    // Built by the process that held the lock.
    if guest.is_file() && stale_guest(guest).is_none() {
        return Ok(());
    }
    eprintln!(
        "rlvr: building the code sandbox's Python guest into {} (once per machine and rlvr \
         version; about a minute: pip installs the pinned componentize-py, then the build)",
        dir.display()
    );
    let start = Instant::now();
    let result = build(cache, &dir);
    drop(lock);
    result?;
    if let Some(why) = stale_guest(guest).filter(|_| guest.is_file()) {
        return Err(why);
    }
    if !guest.is_file() {
        return Err(format!("the guest build finished but wrote no {}", guest.display()));
    }
    eprintln!("rlvr: built the Python guest in {:.0} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Runs the embedded `build.sh` in a scratch directory holding the harness
/// files, with the cache as `RLVR_CACHE`.
fn build(cache: &Path, dir: &Path) -> Result<(), String> {
    let scratch = tempdir(dir).map_err(|e| cannot(dir, &e))?;
    let result = (|| {
        let write = |name: &str, bytes: &[u8]| {
            let path = scratch.join(name);
            fs::write(&path, bytes).map_err(|e| cannot(&path, &e))
        };
        write("build.sh", BUILD_SCRIPT)?;
        write("MANIFEST", MANIFEST)?;
        for (name, bytes) in HARNESS {
            write(name, bytes)?;
        }
        let out = Command::new("bash")
            .arg(scratch.join("build.sh"))
            .env("RLVR_CACHE", cache)
            .output()
            .map_err(|e| offline(&format!("cannot run bash: {e}")))?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(6).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(offline(&format!("the build failed ({}): {}", out.status, tail.join(" | "))))
    })();
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// A fresh scratch directory under `dir`.
fn tempdir(dir: &Path) -> std::io::Result<std::path::PathBuf> {
    for n in 0..1000u32 {
        let path = dir.join(format!("guest-src.{}.{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free scratch directory name"))
}

fn cannot(path: &Path, e: &std::io::Error) -> String {
    format!("cannot build the Python guest: {}: {e}", path.display())
}

/// The error of a build that could not run: what failed, and what to do.
fn offline(what: &str) -> String {
    format!(
        "could not build the code sandbox's Python guest on first use ({what}). It needs python3 \
         with venv and pip, and the package index (or a pip configured for a mirror) the first \
         time. Build it ahead of time with `{BUILD_COMMAND}` from a checkout of rlvr, or point \
         {GUEST_ENV} at a built guest; {BUILD_ENV}=0 turns this build off"
    )
}
