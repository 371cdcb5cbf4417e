//! The wasmtime sandbox: one engine, one pre-linked guest, a fresh instance
//! per program.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::SeedableRng as _;
use rand::rngs::StdRng;
use wasmtime::component::{Component, InstancePre, Linker, ResourceTable};
use wasmtime::{
    Cache, CacheConfig, Config, Engine, OptLevel, ResourceLimiter, Store, StoreContextMut, Trap,
};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{I32Exit, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// One epoch tick of the wall-clock backstop.
pub(crate) const TICK: Duration = Duration::from_millis(10);
/// The wasm stack: deep recursion through C (`lru_cache`, `__repr__`) in
/// the guest needs 32 MiB (CODE_SANDBOX.md, part A section 6).
const WASM_STACK: usize = 32 << 20;
/// The host thread that runs the guest needs more stack than the wasm stack
/// (virtual memory only).
pub(crate) const HOST_STACK: usize = 64 << 20;
/// Bytes the guest may write to the real (WASI) stdout and stderr; the
/// harness captures the program's output itself, so only a program that
/// digs out the real file descriptors writes here.
const PIPE_CAP: usize = 64 << 10;

/// Mixed into the seed of WASI's insecure random source, so that it is not
/// the same stream as the secure one.
const INSECURE_SALT: u64 = 0x9E37_79B9_7F4A_7C15;

/// The limits of one run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) fuel_per_test: u64,
    pub(crate) wall_per_test: Duration,
    pub(crate) memory_bytes: usize,
    /// The cap on all streamed reports of one run (their stdout included).
    pub(crate) report_bytes: usize,
    /// The seed of the guest's WASI random source (and of `random`, which
    /// the harness reseeds from the request).
    pub(crate) seed: u64,
}

/// What the host does after a report: go on, or stop the run (pass/fail
/// scoring stops at the first failure).
pub(crate) type OnReport = Box<dyn FnMut(&str) -> bool + Send>;

/// Why a run did not return normally.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stop {
    /// The host asked to stop (after a failed test).
    Requested,
    /// Out of fuel: the deterministic time limit.
    Fuel,
    /// The per-test wall-clock backstop.
    Wall,
    /// The caller's own deadline (the verifier's budget).
    Budget,
    /// A memory grow was denied and the guest then trapped.
    Memory,
    /// Output caps.
    Output,
    /// The guest exited the interpreter (WASI `proc_exit`).
    Exit(i32),
    /// Any other trap (stack exhausted, ...).
    Crash(String),
}

/// The result of one run.
#[derive(Debug)]
pub(crate) struct Run {
    /// The harness's final JSON, or why the run stopped.
    pub(crate) result: Result<String, Stop>,
}

struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    memory_bytes: usize,
    memory_denied: bool,
    report_bytes: usize,
    report_cap: usize,
    fuel_per_test: u64,
    wall_per_test: Duration,
    deadline: Option<Instant>,
    on_report: Option<OnReport>,
    /// The `call` import (split runs: the trusted instance's requests to
    /// the program's instance); `None` refuses every call.
    on_call: Option<OnCall>,
    stop_requested: bool,
    output_over: bool,
}

impl State {
    /// Ticks until the next test's deadline (the per-test wall, capped by
    /// the caller's deadline).
    fn ticks(&self) -> u64 {
        let mut wall = self.wall_per_test;
        if let Some(d) = self.deadline {
            wall = wall.min(d.saturating_duration_since(Instant::now()));
        }
        let ticks = wall.as_millis().div_ceil(TICK.as_millis()).max(1);
        u64::try_from(ticks).unwrap_or(u64::MAX)
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl ResourceLimiter for State {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.memory_denied = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 20)
    }

    // The component instantiates several core modules (main, libc,
    // libpython, adapters), each with its own memories and tables.
    fn instances(&self) -> usize {
        64
    }
    fn tables(&self) -> usize {
        64
    }
    fn memories(&self) -> usize {
        16
    }
}

#[derive(Debug)]
struct StopMarker;

impl std::fmt::Display for StopMarker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped by the host")
    }
}

impl std::error::Error for StopMarker {}

/// The engine and the pre-linked guest. Dropping it stops the epoch ticker.
pub(crate) struct Sandbox {
    engine: Engine,
    pre: InstancePre<State>,
    stop_ticker: Arc<AtomicBool>,
    guest: PathBuf,
    /// How long loading (compile or cache hit) took.
    pub(crate) load_time: Duration,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("guest", &self.guest).finish_non_exhaustive()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop_ticker.store(true, Ordering::Relaxed);
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn err(context: &str, e: impl std::fmt::Display) -> BoxError {
    format!("{context}: {e:#}").into()
}

impl Sandbox {
    /// Creates the engine, loads (compiling or from the on-disk cache) and
    /// links the guest, and starts the epoch ticker.
    pub(crate) fn new(guest: &Path, cache_dir: Option<&Path>) -> Result<Self, BoxError> {
        let t0 = Instant::now();
        let mut cfg = Config::new();
        cfg.epoch_interruption(true)
            .consume_fuel(true)
            .cranelift_opt_level(OptLevel::Speed)
            .max_wasm_stack(WASM_STACK)
            .async_stack_size(WASM_STACK + (1 << 20));
        if let Some(dir) = cache_dir {
            let mut cc = CacheConfig::new();
            cc.with_directory(dir);
            cfg.cache(Some(Cache::new(cc).map_err(|e| err("wasmtime compile cache", e))?));
        }
        let engine = Engine::new(&cfg).map_err(|e| err("wasmtime engine", e))?;
        let bytes = std::fs::read(guest)
            .map_err(|e| err(&format!("reading the guest {}", guest.display()), e))?;
        let component = Component::from_binary(&engine, &bytes)
            .map_err(|e| err(&format!("loading the guest {}", guest.display()), e))?;
        drop(bytes);
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| err("wasi linker", e))?;
        linker
            .root()
            .func_wrap("report", |mut cx: StoreContextMut<'_, State>, (line,): (String,)| {
                on_report(&mut cx, &line)
            })
            .map_err(|e| err("linking `report`", e))?;
        linker
            .root()
            .func_wrap("call", |mut cx: StoreContextMut<'_, State>, (req,): (String,)| {
                on_call(&mut cx, &req).map(|reply| (reply,))
            })
            .map_err(|e| err("linking `call`", e))?;
        let pre = linker
            .instantiate_pre(&component)
            .map_err(|e| err("the guest does not match the rlvr-code harness (rebuild it)", e))?;
        let stop_ticker = Arc::new(AtomicBool::new(false));
        let (stop, ticker_engine) = (Arc::clone(&stop_ticker), engine.clone());
        std::thread::Builder::new()
            .name("rlvr-code-epoch".to_owned())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    ticker_engine.increment_epoch();
                }
            })
            .map_err(|e| err("starting the epoch ticker", e))?;
        Ok(Self { engine, pre, stop_ticker, guest: guest.to_owned(), load_time: t0.elapsed() })
    }

    /// Runs one request in a fresh instance. Must be called on a thread with
    /// at least [`HOST_STACK`] of stack.
    ///
    /// `Err` is a sandbox fault (the instance could not be created).
    pub(crate) fn run(
        &self,
        req: &str,
        limits: &Limits,
        deadline: Option<Instant>,
        on_report: Option<OnReport>,
    ) -> Result<Run, BoxError> {
        self.run_with_calls(req, limits, deadline, on_report, None)
    }

    /// [`run`](Self::run), with a handler for the guest's `call` import
    /// (the trusted side of a split run).
    pub(crate) fn run_with_calls(
        &self,
        req: &str,
        limits: &Limits,
        deadline: Option<Instant>,
        on_report: Option<OnReport>,
        on_call: Option<OnCall>,
    ) -> Result<Run, BoxError> {
        let mut store = self.store(limits, deadline, on_report, on_call)?;
        let instance = self.pre.instantiate(&mut store).map_err(|e| err("instantiating", e))?;
        let run = instance
            .get_typed_func::<(&str,), (String,)>(&mut store, "run")
            .map_err(|e| err("the guest has no `run` export", e))?;
        let result = match run.call(&mut store, (req,)) {
            Ok((json,)) => Ok(json),
            Err(e) => Err(classify(&e, store.data())),
        };
        Ok(Run { result })
    }

    fn store(
        &self,
        limits: &Limits,
        deadline: Option<Instant>,
        on_report: Option<OnReport>,
        on_call: Option<OnCall>,
    ) -> Result<Store<State>, BoxError> {
        // Deterministic randomness: `os.urandom`, `random.SystemRandom`,
        // `secrets` and `uuid4` read WASI random, seeded here per run.
        let wasi = WasiCtxBuilder::new()
            .stdout(MemoryOutputPipe::new(PIPE_CAP))
            .stderr(MemoryOutputPipe::new(PIPE_CAP))
            .secure_random(StdRng::seed_from_u64(limits.seed))
            .insecure_random(StdRng::seed_from_u64(limits.seed ^ INSECURE_SALT))
            .insecure_random_seed(u128::from(limits.seed))
            .build();
        let state = State {
            wasi,
            table: ResourceTable::new(),
            memory_bytes: limits.memory_bytes,
            memory_denied: false,
            report_bytes: 0,
            report_cap: limits.report_bytes,
            fuel_per_test: limits.fuel_per_test,
            wall_per_test: limits.wall_per_test,
            deadline,
            on_report,
            on_call,
            stop_requested: false,
            output_over: false,
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| s);
        store.set_fuel(limits.fuel_per_test).map_err(|e| err("setting fuel", e))?;
        let ticks = store.data().ticks();
        store.set_epoch_deadline(ticks);
        Ok(store)
    }

    /// A program instance that stays alive for many `serve` requests (the
    /// untrusted side of a split run). Its `report` import stops it (only
    /// the program itself would call it there) and its `call` import is
    /// refused.
    pub(crate) fn session(
        &self,
        limits: &Limits,
        deadline: Option<Instant>,
    ) -> Result<Session, BoxError> {
        let mut store = self.store(limits, deadline, Some(Box::new(|_: &str| false)), None)?;
        let instance = self.pre.instantiate(&mut store).map_err(|e| err("instantiating", e))?;
        let serve = instance
            .get_func(&mut store, "serve")
            .ok_or_else(|| err("the guest", "it has no `serve` export"))?;
        serve
            .typed::<(&str,), (String,)>(&store)
            .map_err(|e| err("the guest's `serve` export", e))?;
        Ok(Session { store, serve })
    }
}

// --- Split runs: a persistent program instance, and the `call` import ------

/// What the host does with a `call` from the guest (the trusted side of a
/// split run): the reply, or an error that traps the caller.
pub(crate) type OnCall = Box<dyn FnMut(&str) -> wasmtime::Result<String> + Send>;

/// A live program instance (see [`Sandbox::session`]).
pub(crate) struct Session {
    store: Store<State>,
    serve: wasmtime::component::Func,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl Session {
    /// One request; `Err` is why the instance stopped (it must not be used
    /// again).
    pub(crate) fn serve(&mut self, req: &str) -> Result<String, Stop> {
        let serve = self
            .serve
            .typed::<(&str,), (String,)>(&self.store)
            .map_err(|e| Stop::Crash(format!("the guest's `serve` export: {e}")))?;
        match serve.call(&mut self.store, (req,)) {
            Ok((reply,)) => Ok(reply),
            Err(e) => Err(classify(&e, self.store.data())),
        }
    }

    /// A new test: fresh fuel and wall-clock deadline.
    pub(crate) fn renew(&mut self) {
        let fuel = self.store.data().fuel_per_test;
        let ticks = self.store.data().ticks();
        let _ = self.store.set_fuel(fuel);
        self.store.set_epoch_deadline(ticks);
    }
}

fn on_call(cx: &mut StoreContextMut<'_, State>, req: &str) -> wasmtime::Result<String> {
    match cx.data_mut().on_call.as_mut() {
        Some(f) => f(req),
        None => Err(wasmtime::Error::msg("`call` is not available to this instance")),
    }
}

fn on_report(cx: &mut StoreContextMut<'_, State>, line: &str) -> wasmtime::Result<()> {
    let st = cx.data_mut();
    st.report_bytes = st.report_bytes.saturating_add(line.len());
    if st.report_bytes > st.report_cap {
        st.output_over = true;
        return Err(wasmtime::Error::msg("report cap exceeded"));
    }
    let go_on = st.on_report.as_mut().is_none_or(|f| f(line));
    if !go_on {
        st.stop_requested = true;
        return Err(wasmtime::Error::new(StopMarker));
    }
    let fuel = st.fuel_per_test;
    let ticks = st.ticks();
    cx.set_fuel(fuel)?;
    cx.set_epoch_deadline(ticks);
    Ok(())
}

fn classify(e: &wasmtime::Error, st: &State) -> Stop {
    if st.stop_requested {
        return Stop::Requested;
    }
    if st.output_over {
        return Stop::Output;
    }
    if let Some(trap) = e.downcast_ref::<Trap>() {
        match trap {
            Trap::OutOfFuel => return Stop::Fuel,
            Trap::Interrupt => {
                return if st.deadline.is_some_and(|d| Instant::now() >= d) {
                    Stop::Budget
                } else {
                    Stop::Wall
                };
            }
            _ => {}
        }
    }
    if let Some(exit) = e.downcast_ref::<I32Exit>() {
        return Stop::Exit(exit.0);
    }
    let msg = format!("{e:#}");
    if msg.contains("write beyond capacity") {
        return Stop::Output;
    }
    if st.memory_denied {
        return Stop::Memory;
    }
    let mut msg = msg.lines().next().unwrap_or("").to_owned();
    msg.truncate(300);
    Stop::Crash(msg)
}
