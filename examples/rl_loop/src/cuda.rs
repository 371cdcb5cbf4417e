//! Making CUDA loadable from a binary linked against the pip torch wheel.
//!
//! rustc links with `--as-needed`, and nothing in this binary calls into
//! `libtorch_cuda.so` directly, so the linker drops it: the binary NEEDs
//! only `libtorch_cpu.so` and `libc10.so`. Then CUDA's hooks are never
//! registered and `tch::Cuda::is_available()` is false even on a GPU box
//! (tch-rs issues 980, 907, 964, 177). Linking with `--no-as-needed
//! -ltorch` instead would make the binary unable to start on a CPU machine
//! that lacks the CUDA libraries (cublas, cudnn, ...).
//!
//! So we `dlopen("libtorch_cuda.so", RTLD_NOW | RTLD_GLOBAL)` at start-up,
//! before the first tch call: its static initialisers register the CUDA
//! backend with the already-loaded `libtorch_cpu.so`. When it cannot be
//! loaded (no GPU libraries on this machine), we say why and run on CPU.
//! The library is found through `LD_LIBRARY_PATH` (the torch `lib/` dir),
//! and its own RUNPATH finds the `nvidia/*` libraries of the wheel.

use std::ffi::{CStr, CString};

/// Tries to load `libtorch_cuda.so` into the process. `Ok` with the name
/// loaded, or `Err` with the loader's message.
pub fn load() -> Result<&'static str, String> {
    const NAME: &str = "libtorch_cuda.so";
    let c_name = CString::new(NAME).expect("no NUL in the name");
    // SAFETY: `c_name` is a valid NUL-terminated string that outlives the
    // call. The handle is deliberately never closed: the library must stay
    // loaded for the life of the process.
    let handle = unsafe { libc::dlopen(c_name.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
    if !handle.is_null() {
        return Ok(NAME);
    }
    // SAFETY: dlerror returns NULL or a valid C string owned by libc,
    // valid until the next dl* call on this thread; we copy it at once.
    let err = unsafe { libc::dlerror() };
    if err.is_null() {
        Err(format!("{NAME}: unknown dlopen error"))
    } else {
        // SAFETY: see above; non-null and NUL-terminated.
        Err(unsafe { CStr::from_ptr(err) }.to_string_lossy().into_owned())
    }
}
