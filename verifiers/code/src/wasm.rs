//! The wasmtime side of the [`Sandbox`](crate::Sandbox): one engine, one
//! pre-linked guest ([`LoadedGuest`]), a fresh instance per program, the pool
//! slots, the epoch ticker and the virtual clocks.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rand::SeedableRng as _;
use rand::rngs::StdRng;
use wasmtime::component::{Component, InstancePre, Linker, Resource, ResourceTable};
use wasmtime::{
    Cache, CacheConfig, Config, Engine, InstanceAllocationStrategy, OptLevel,
    PoolingAllocationConfig, ResourceLimiter, Store, StoreContextMut, Trap,
};
use wasmtime_wasi::p2::bindings::clocks::wall_clock::Datetime as WallDatetime;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::p2::{DynPollable, Pollable};
use wasmtime_wasi::{
    HostMonotonicClock, HostWallClock, I32Exit, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView,
};

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

/// The rate of the guest's virtual clocks: this much fuel is one second.
/// About the fuel the guest burns per second of CPU on our machines (see
/// `CodeVerifier::DEFAULT_FUEL_PER_TEST`), so that virtual time runs near
/// real time for ordinary code.
pub(crate) const FUEL_PER_SECOND: u64 = 4_500_000_000;
/// The virtual wall clock at the start of every run: 2024-01-01T00:00:00Z.
const WALL_EPOCH_SECS: u64 = 1_704_067_200;
/// The most resources (pollables, streams, ...) one run may hold at once;
/// a guest cannot grow the host's resource table beyond it.
const MAX_RESOURCES: usize = 1 << 16;
/// The WASI interfaces whose host functions are replaced by the virtual
/// clocks (the versions `wasmtime_wasi::p2` links; the guest's older minor
/// versions match them by semver).
const MONOTONIC_CLOCK: &str = "wasi:clocks/monotonic-clock@0.2.12";
const WALL_CLOCK: &str = "wasi:clocks/wall-clock@0.2.12";
const POLL: &str = "wasi:io/poll@0.2.12";
/// The fuel each clock read, timer or poll call costs: 10 µs of virtual
/// time. Host work is time too: a loop of clock reads or zero sleeps
/// advances the clock and ends on its time limit, however slow the host
/// functions are (a clock read that cost nothing would let such a loop run
/// far longer than its fuel says).
const READ_FUEL: u128 = 45_000;
const WAIT_FUEL: u128 = 45_000;

/// Runs that may hold an instance at once: the pooling allocator's slots.
/// A run beyond them waits for a slot (see [`Slots`]).
const POOL_SLOTS: u32 = 32;
/// Per instance of the guest component: core instances, memories and
/// tables (the guest has a few of each: CPython, libc and the adapters),
/// and the elements of its largest table.
const CORE_INSTANCES: u32 = 32;
const MEMORIES: u32 = 4;
const TABLES: u32 = 16;
const TABLE_ELEMENTS: usize = 1 << 17;
/// The bytes of each linear memory the pooling allocator keeps mapped
/// between runs, reset in place (only the pages a run dirtied) instead of
/// being unmapped and faulted in again: page faults and TLB shootdowns
/// across threads were most of the cost of a short run.
const KEEP_RESIDENT: usize = 128 << 20;

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
    /// Fuel spent before the last refill ([`State::fuel_spent`]).
    fuel_before: u64,
    /// Fuel given at the last refill.
    fuel_given: u64,
    /// The guest's live timers: its pollable's table index to (the timer's
    /// table index, the timer's serial number).
    timers: std::collections::HashMap<u32, (u32, u64)>,
    /// Serial numbers of timers.
    next_timer: u64,
    /// The guest slept, or waited, past its time limit.
    clock_timeout: bool,
    /// This store's pool slot, given back when the store is dropped.
    _slot: Slot,
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

/// A clock that never moves: what WASI's own clocks read (nothing in the
/// guest should reach them: the virtual clocks below replace the clock and
/// poll host functions; this keeps any other path deterministic too).
struct FrozenClock;

impl HostWallClock for FrozenClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self) -> Duration {
        Duration::from_secs(WALL_EPOCH_SECS)
    }
}

impl HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1
    }
    fn now(&self) -> u64 {
        0
    }
}

/// A virtual timer: due at `due` nanoseconds of the guest's monotonic
/// clock. The pollable the guest holds is a child of it in the table.
struct Timer {
    due: u64,
    serial: u64,
}

#[wasmtime_wasi::async_trait]
impl Pollable for Timer {
    /// Never waits: the overridden `poll`, `block` and `ready` decide
    /// readiness from the virtual clock before any future is polled.
    async fn ready(&mut self) {}
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

/// The pool's free slots. A store takes one for its whole life (the guard
/// lives in the store's [`State`]), so the pooling allocator is never
/// exhausted: a run waits for a slot instead.
///
/// A split run holds two stores at once on one thread: the program's
/// session, then the trusted instance nested inside it. To rule out a
/// hold-and-wait deadlock (every session holding a slot while waiting for
/// a nested one), only top-level stores wait, and at most [`run_slots`] of
/// them hold slots at once; a nested store never waits, and the pool has
/// room for one nested store per top-level one.
#[derive(Debug)]
struct Slots {
    /// Top-level stores alive.
    used: Mutex<u32>,
    freed: Condvar,
    /// How many may be alive at once: [`run_slots`].
    limit: u32,
}

/// Top-level runs at once: the cores (at least 2), and at most
/// [`POOL_SLOTS`]. A run is CPU-bound, so more runs than cores only wait
/// on each other, and every pool slot ever used keeps its guest memory
/// resident (the 24 MiB CPython image and its heap): a server whose
/// concurrent requests each took cores' worth of batch threads used a
/// new slot now and then, and its resident set grew by 24 MiB each time.
/// With as many slots as cores, and warm slots always reused first
/// (`max_unused_warm_slots(0)`), the memory the pool holds stops growing
/// once that many runs have been at once.
fn run_slots() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    u32::try_from(cores).unwrap_or(POOL_SLOTS).clamp(2, POOL_SLOTS)
}

/// A taken slot, given back when the store holding it is dropped.
struct Slot {
    slots: Option<Arc<Slots>>,
}

impl Slots {
    /// A slot for a store; `nested` for the trusted instance of a split
    /// run, which lives inside a top-level store's slot and never waits.
    fn take(self: &Arc<Self>, nested: bool) -> Slot {
        if nested {
            return Slot { slots: None };
        }
        let mut used = self.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *used >= self.limit {
            used = self.freed.wait(used).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *used += 1;
        Slot { slots: Some(Arc::clone(self)) }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(slots) = self.slots.take() {
            let mut used = slots.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *used = used.saturating_sub(1);
            slots.freed.notify_one();
        }
    }
}

/// The engine and the pre-linked guest. Dropping it stops the epoch ticker.
pub(crate) struct LoadedGuest {
    engine: Engine,
    pre: InstancePre<State>,
    slots: Arc<Slots>,
    stop_ticker: Arc<AtomicBool>,
    guest: PathBuf,
    /// How long loading (compile or cache hit) took.
    pub(crate) load_time: Duration,
}

impl std::fmt::Debug for LoadedGuest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedGuest").field("guest", &self.guest).finish_non_exhaustive()
    }
}

impl Drop for LoadedGuest {
    fn drop(&mut self) {
        self.stop_ticker.store(true, Ordering::Relaxed);
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn err(context: &str, e: impl std::fmt::Display) -> BoxError {
    format!("{context}: {e:#}").into()
}

/// The pooling allocator's settings (see [`POOL_SLOTS`]).
fn pool_config() -> PoolingAllocationConfig {
    let mut pool = PoolingAllocationConfig::new();
    // Room for a nested (trusted) store beside each top-level one.
    let stores = 2 * POOL_SLOTS;
    pool.total_component_instances(stores)
        .total_core_instances(stores * CORE_INSTANCES)
        .max_core_instances_per_component(CORE_INSTANCES)
        .total_memories(stores * MEMORIES)
        .max_memories_per_component(MEMORIES)
        .max_memories_per_module(MEMORIES)
        .total_tables(stores * TABLES)
        .max_tables_per_component(TABLES)
        .max_tables_per_module(TABLES)
        .table_elements(TABLE_ELEMENTS)
        .max_core_instance_size(4 << 20)
        .max_component_instance_size(1 << 20)
        .total_stacks(1)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(TABLE_ELEMENTS * 8)
        // A free slot already used by the guest is always taken before a
        // cold one, so the slots ever used are as many as the runs that
        // were ever at once, and the memory they keep resident stops
        // growing there. With the default (100 unused warm slots), cold
        // slots come first and a long-running process slowly touches every
        // slot of the pool (see `run_slots`).
        .max_unused_warm_slots(0);
    pool
}

impl LoadedGuest {
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
        // The pooling allocator reserves its slots' address space up front;
        // where that fails (a `ulimit -v`), or with `RLVR_CODE_POOLING=0`
        // (for comparisons), runs allocate on demand instead.
        let pooling = std::env::var_os("RLVR_CODE_POOLING").is_none_or(|v| v != "0");
        let pooled = pooling.then(|| {
            let mut cfg = cfg.clone();
            cfg.allocation_strategy(InstanceAllocationStrategy::Pooling(pool_config()));
            Engine::new(&cfg)
        });
        let engine = match pooled {
            Some(Ok(engine)) => engine,
            _ => Engine::new(&cfg).map_err(|e| err("wasmtime engine", e))?,
        };
        let bytes = std::fs::read(guest)
            .map_err(|e| err(&format!("reading the guest {}", guest.display()), e))?;
        let component = Component::from_binary(&engine, &bytes)
            .map_err(|e| err(&format!("loading the guest {}", guest.display()), e))?;
        drop(bytes);
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| err("wasi linker", e))?;
        add_virtual_clocks(&mut linker).map_err(|e| err("linking the virtual clocks", e))?;
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
        let slots =
            Arc::new(Slots { used: Mutex::new(0), freed: Condvar::new(), limit: run_slots() });
        Ok(Self {
            engine,
            pre,
            slots,
            stop_ticker,
            guest: guest.to_owned(),
            load_time: t0.elapsed(),
        })
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
        // The trusted side of a split run (it has a `call` handler) is
        // nested in the program's session on this thread: see [`Slots`].
        let slot = self.slots.take(on_call.is_some());
        // Deterministic randomness: `os.urandom`, `random.SystemRandom`,
        // `secrets` and `uuid4` read WASI random, seeded here per run.
        let wasi = WasiCtxBuilder::new()
            .stdout(MemoryOutputPipe::new(PIPE_CAP))
            .stderr(MemoryOutputPipe::new(PIPE_CAP))
            .secure_random(StdRng::seed_from_u64(limits.seed))
            .insecure_random(StdRng::seed_from_u64(limits.seed ^ INSECURE_SALT))
            .insecure_random_seed(u128::from(limits.seed))
            .wall_clock(FrozenClock)
            .monotonic_clock(FrozenClock)
            .build();
        let mut table = ResourceTable::new();
        table.set_max_capacity(MAX_RESOURCES);
        let state = State {
            wasi,
            table,
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
            fuel_before: 0,
            fuel_given: limits.fuel_per_test,
            timers: std::collections::HashMap::new(),
            next_timer: 0,
            clock_timeout: false,
            _slot: slot,
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

/// A live program instance (see [`LoadedGuest::session`]).
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
    let spent = fuel_spent(cx);
    let st = cx.data_mut();
    st.fuel_before = spent;
    st.fuel_given = fuel;
    cx.set_fuel(fuel)?;
    cx.set_epoch_deadline(ticks);
    Ok(())
}

// The virtual clocks.
//
// The guest's time is the fuel it has spent, at `FUEL_PER_SECOND`: it
// advances with executed work only, so a program reads the same times on
// every run, on any thread, under any load. Waiting is spending: a sleep,
// or a `poll` that must wait for a timer, burns the fuel of that much time
// at once, and a wait past the test's remaining fuel is a time-limit stop
// at once (`Stop::Fuel`), without the host ever waiting. A wait that no
// timer would end (a pollable that is not ready, with no timer beside it)
// would wait forever: also a time-limit stop. No host function here ever
// blocks, so the wall-clock backstop (epochs) only has wasm code to stop.

/// The fuel the run has spent so far (across refills).
fn fuel_spent(cx: &StoreContextMut<'_, State>) -> u64 {
    let st = cx.data();
    let left = cx.get_fuel().unwrap_or(0);
    st.fuel_before.saturating_add(st.fuel_given.saturating_sub(left))
}

/// The guest's monotonic clock, in nanoseconds.
fn virtual_now(cx: &StoreContextMut<'_, State>) -> u64 {
    let ns = u128::from(fuel_spent(cx)) * 1_000_000_000 / u128::from(FUEL_PER_SECOND);
    u64::try_from(ns).unwrap_or(u64::MAX)
}

/// The guest slept or waited past its limit: a marker error that ends the
/// call (classified as `Stop::Fuel` through `State::clock_timeout`).
#[derive(Debug)]
struct ClockTimeout;

impl std::fmt::Display for ClockTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("waited past the time limit")
    }
}

impl std::error::Error for ClockTimeout {}

fn clock_timeout(cx: &mut StoreContextMut<'_, State>) -> wasmtime::Error {
    let _ = cx.set_fuel(0);
    cx.data_mut().clock_timeout = true;
    wasmtime::Error::new(ClockTimeout)
}

/// Advances the guest's clock to `due` by burning the fuel of the wait.
///
/// The wait must fit both in the test's fuel and, as virtual time, in the
/// test's wall-clock limit (a generous fuel limit does not let a program
/// sleep past the wall limit); otherwise the test times out at once.
fn advance_to(cx: &mut StoreContextMut<'_, State>, due: u64) -> wasmtime::Result<()> {
    let now = virtual_now(cx);
    if due <= now {
        return Ok(());
    }
    let wait = u128::from(due - now);
    spend(cx, (wait * u128::from(FUEL_PER_SECOND)).div_ceil(1_000_000_000))
}

/// Spends `fuel` of the test's time at once (a wait, or a host call's
/// cost), or stops the test when that is past its fuel or wall limit.
fn spend(cx: &mut StoreContextMut<'_, State>, fuel: u128) -> wasmtime::Result<()> {
    let left = cx.get_fuel()?;
    let st = cx.data();
    let used = st.fuel_given.saturating_sub(left);
    let wall_fuel = st.wall_per_test.as_nanos() * u128::from(FUEL_PER_SECOND) / 1_000_000_000;
    let allowed = u128::from(left).min(wall_fuel.saturating_sub(u128::from(used)));
    if fuel > allowed {
        return Err(clock_timeout(cx));
    }
    // `fuel <= left`, so this fits.
    cx.set_fuel(left - u64::try_from(fuel).unwrap_or(left))?;
    Ok(())
}

/// A new timer pollable due at `due`.
fn subscribe_timer(
    cx: &mut StoreContextMut<'_, State>,
    due: u64,
) -> wasmtime::Result<Resource<DynPollable>> {
    let st = cx.data_mut();
    let serial = st.next_timer;
    st.next_timer += 1;
    let timer = st.table.push(Timer { due, serial })?;
    let timer_index = timer.rep();
    let pollable = wasmtime_wasi::p2::subscribe(&mut st.table, timer)?;
    st.timers.insert(pollable.rep(), (timer_index, serial));
    Ok(pollable)
}

/// When the pollable at `index` is one of our timers, its due time.
///
/// A table index is reused after a drop, so the timer found must carry
/// the serial recorded when this pollable was made: dropping a pollable
/// deletes its timer, so a stale entry never finds its serial again.
fn timer_due(st: &State, index: u32) -> Option<u64> {
    let &(timer, serial) = st.timers.get(&index)?;
    let t = st.table.get(&Resource::<Timer>::new_own(timer)).ok()?;
    (t.serial == serial).then_some(t.due)
}

/// Whether a pollable that is not a timer is ready now (never waits).
fn other_ready(st: &mut State, index: u32) -> wasmtime::Result<bool> {
    use wasmtime_wasi::p2::bindings::sync::io::poll::HostPollable as _;
    st.table.ready(Resource::new_borrow(index))
}

/// `wasi:io/poll.poll` on the virtual clock.
fn poll(
    cx: &mut StoreContextMut<'_, State>,
    pollables: &[Resource<DynPollable>],
) -> wasmtime::Result<Vec<u32>> {
    if pollables.is_empty() {
        return Err(wasmtime::Error::msg("empty poll list"));
    }
    if pollables.len() > MAX_RESOURCES {
        return Err(wasmtime::Error::msg("poll list too long"));
    }
    spend(cx, WAIT_FUEL)?;
    let now = virtual_now(cx);
    let mut ready = Vec::new();
    let mut timers = Vec::new();
    for (i, p) in (0u32..).zip(pollables) {
        match timer_due(cx.data(), p.rep()) {
            Some(due) if due <= now => ready.push(i),
            Some(due) => timers.push((i, due)),
            None if other_ready(cx.data_mut(), p.rep())? => ready.push(i),
            None => {}
        }
    }
    if !ready.is_empty() {
        return Ok(ready);
    }
    let Some(first) = timers.iter().map(|&(_, due)| due).min() else {
        // Nothing will ever be ready: the guest would wait forever.
        return Err(clock_timeout(cx));
    };
    advance_to(cx, first)?;
    Ok(timers.iter().filter(|&&(_, due)| due <= first).map(|&(i, _)| i).collect())
}

/// Replaces the clock and poll host functions of `wasmtime_wasi::p2` with
/// the virtual clocks.
fn add_virtual_clocks(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut mono = linker.instance(MONOTONIC_CLOCK)?;
    mono.func_wrap("now", |mut cx: StoreContextMut<'_, State>, (): ()| {
        spend(&mut cx, READ_FUEL)?;
        Ok((virtual_now(&cx),))
    })?;
    mono.func_wrap("resolution", |_: StoreContextMut<'_, State>, (): ()| Ok((1u64,)))?;
    mono.func_wrap("subscribe-instant", |mut cx: StoreContextMut<'_, State>, (when,): (u64,)| {
        spend(&mut cx, WAIT_FUEL)?;
        Ok((subscribe_timer(&mut cx, when)?,))
    })?;
    mono.func_wrap("subscribe-duration", |mut cx: StoreContextMut<'_, State>, (wait,): (u64,)| {
        spend(&mut cx, WAIT_FUEL)?;
        let due = virtual_now(&cx).saturating_add(wait);
        Ok((subscribe_timer(&mut cx, due)?,))
    })?;
    let mut wall = linker.instance(WALL_CLOCK)?;
    wall.func_wrap("now", |mut cx: StoreContextMut<'_, State>, (): ()| {
        spend(&mut cx, READ_FUEL)?;
        let ns = virtual_now(&cx);
        let datetime = WallDatetime {
            seconds: WALL_EPOCH_SECS + ns / 1_000_000_000,
            nanoseconds: u32::try_from(ns % 1_000_000_000).unwrap_or(0),
        };
        Ok((datetime,))
    })?;
    wall.func_wrap("resolution", |_: StoreContextMut<'_, State>, (): ()| {
        Ok((WallDatetime { seconds: 0, nanoseconds: 1 },))
    })?;
    let mut io = linker.instance(POLL)?;
    io.func_wrap(
        "poll",
        |mut cx: StoreContextMut<'_, State>, (list,): (Vec<Resource<DynPollable>>,)| {
            Ok((poll(&mut cx, &list)?,))
        },
    )?;
    io.func_wrap(
        "[method]pollable.ready",
        |mut cx: StoreContextMut<'_, State>, (p,): (Resource<DynPollable>,)| {
            spend(&mut cx, WAIT_FUEL)?;
            let ready = match timer_due(cx.data(), p.rep()) {
                Some(due) => due <= virtual_now(&cx),
                None => other_ready(cx.data_mut(), p.rep())?,
            };
            Ok((ready,))
        },
    )?;
    io.func_wrap(
        "[method]pollable.block",
        |mut cx: StoreContextMut<'_, State>, (p,): (Resource<DynPollable>,)| {
            poll(&mut cx, std::slice::from_ref(&p))?;
            Ok(())
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

fn classify(e: &wasmtime::Error, st: &State) -> Stop {
    if st.stop_requested {
        return Stop::Requested;
    }
    if st.output_over {
        return Stop::Output;
    }
    if st.clock_timeout {
        return Stop::Fuel;
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
