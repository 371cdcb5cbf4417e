//! Machines: a Brainf*ck interpreter with a step budget, finite-state
//! machines, and a fixed-step physics integrator.

use std::collections::{HashMap, HashSet};

use rlvr_core::{Context, Error};
use serde_json::Value;

use crate::SimError;
use crate::simulator::Simulator;

// ------------------------------------------------------------ Brainf*ck --

/// A Brainf*ck interpreter: 8-bit wrapping cells, a fixed tape, a step
/// limit. Characters other than the eight commands are comments.
///
/// # Example
/// ```
/// use rlvr_sim::machine::{Bf, BfRun};
/// let out = Bf::default().run("++++++++[>++++++++<-]>+.+.", b"", &rlvr_core::Context::default())?;
/// assert_eq!(out, BfRun::Halted(b"AB".to_vec()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bf {
    /// Tape cells (30 000 by default, as in `bfi`).
    pub tape_len: usize,
    /// The most commands executed before the run counts as not halting.
    pub max_steps: u64,
}

impl Default for Bf {
    fn default() -> Self {
        Self { tape_len: 30_000, max_steps: 10_000_000 }
    }
}

/// How a Brainf*ck run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BfRun {
    /// The program halted with this output.
    Halted(Vec<u8>),
    /// The step limit was hit; the output so far.
    OutOfSteps(Vec<u8>),
    /// The program is broken: unbalanced brackets, or the pointer left the
    /// tape.
    Fault(String),
}

impl Bf {
    /// Runs `program` on `input` (`,` reads 0 at the end of input).
    ///
    /// # Errors
    /// Budget errors from the context (charged one unit per command).
    pub fn run(&self, program: &str, input: &[u8], cx: &Context) -> Result<BfRun, Error> {
        let code: Vec<u8> = program.bytes().filter(|b| b"+-<>[].,".contains(b)).collect();
        let mut jump = vec![0usize; code.len()];
        let mut stack = Vec::new();
        for (i, &b) in code.iter().enumerate() {
            match b {
                b'[' => stack.push(i),
                b']' => {
                    let Some(open) = stack.pop() else {
                        return Ok(BfRun::Fault("unmatched `]`".to_owned()));
                    };
                    jump[open] = i;
                    jump[i] = open;
                }
                _ => {}
            }
        }
        if !stack.is_empty() {
            return Ok(BfRun::Fault("unmatched `[`".to_owned()));
        }
        cx.charge(code.len() as u64)?;
        let mut tape = vec![0u8; self.tape_len.max(1)];
        let (mut pc, mut ptr, mut steps, mut out) = (0usize, 0usize, 0u64, Vec::new());
        let mut input = input.iter();
        const BATCH: u64 = 1024;
        while pc < code.len() {
            if steps >= self.max_steps {
                return Ok(BfRun::OutOfSteps(out));
            }
            steps += 1;
            if steps % BATCH == 0 {
                cx.charge(BATCH)?;
            }
            match code[pc] {
                b'+' => tape[ptr] = tape[ptr].wrapping_add(1),
                b'-' => tape[ptr] = tape[ptr].wrapping_sub(1),
                b'>' => {
                    ptr += 1;
                    if ptr >= tape.len() {
                        return Ok(BfRun::Fault(
                            "the pointer ran off the right of the tape".into(),
                        ));
                    }
                }
                b'<' => {
                    let Some(p) = ptr.checked_sub(1) else {
                        return Ok(BfRun::Fault("the pointer ran off the left of the tape".into()));
                    };
                    ptr = p;
                }
                b'.' => out.push(tape[ptr]),
                b',' => tape[ptr] = input.next().copied().unwrap_or(0),
                b'[' if tape[ptr] == 0 => pc = jump[pc],
                b']' if tape[ptr] != 0 => pc = jump[pc],
                _ => {}
            }
            pc += 1;
        }
        Ok(BfRun::Halted(out))
    }
}

// ---------------------------------------------------------------- FSM ----

/// A deterministic finite-state machine (a DFA, or a Mealy machine when
/// transitions carry outputs). A missing transition rejects the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fsm {
    start: String,
    accepting: HashSet<String>,
    delta: HashMap<(String, String), (String, Option<String>)>,
}

/// What a run of a [`Fsm`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FsmRun {
    /// The states visited after each symbol.
    pub trace: Vec<String>,
    /// The outputs emitted (Mealy machines).
    pub output: Vec<String>,
    /// Whether the input was consumed and ended in an accepting state.
    pub accepted: bool,
    /// The index of the symbol with no transition, if the run stopped.
    pub stuck_at: Option<usize>,
}

impl Fsm {
    /// Reads `{"start": "q0", "accept": ["q1"], "transitions": {"q0": {"a":
    /// "q1", "b": ["q0", "out"]}}}`; a transition target may be a state or
    /// a `[state, output]` pair.
    ///
    /// # Errors
    /// A missing start state or malformed transitions.
    ///
    /// # Example
    /// ```
    /// use rlvr_sim::machine::Fsm;
    /// let even_a = Fsm::from_json(&serde_json::json!({
    ///     "start": "e", "accept": ["e"],
    ///     "transitions": {"e": {"a": "o", "b": "e"}, "o": {"a": "e", "b": "o"}}
    /// }))?;
    /// let run = even_a.run(&["a", "b", "a"], &rlvr_core::Context::default())?;
    /// assert!(run.accepted);
    /// assert_eq!(run.trace, ["o", "o", "e"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(v: &Value) -> Result<Self, SimError> {
        let start = v
            .get("start")
            .and_then(Value::as_str)
            .ok_or_else(|| SimError::instance("missing `start`"))?
            .to_owned();
        let accepting = v
            .get("accept")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let mut delta = HashMap::new();
        let table = v
            .get("transitions")
            .and_then(Value::as_object)
            .ok_or_else(|| SimError::instance("missing `transitions`"))?;
        for (from, row) in table {
            let row = row
                .as_object()
                .ok_or_else(|| SimError::instance("a transition row is not an object"))?;
            for (sym, to) in row {
                let (to, out) = match to {
                    Value::String(s) => (s.clone(), None),
                    Value::Array(a) if a.len() == 2 => (
                        a[0].as_str().ok_or_else(|| SimError::instance("bad target"))?.to_owned(),
                        Some(a[1].as_str().map_or_else(|| a[1].to_string(), str::to_owned)),
                    ),
                    _ => {
                        return Err(SimError::instance(format!(
                            "bad transition {from} --{sym}-->"
                        )));
                    }
                };
                delta.insert((from.clone(), sym.clone()), (to, out));
            }
        }
        Ok(Self { start, accepting, delta })
    }

    /// The start state.
    pub fn start(&self) -> String {
        self.start.clone()
    }

    /// Runs the machine over `input`.
    ///
    /// # Errors
    /// Budget errors from the context.
    pub fn run<S: AsRef<str>>(&self, input: &[S], cx: &Context) -> Result<FsmRun, Error> {
        let mut state = self.start.clone();
        let mut run =
            FsmRun { trace: Vec::new(), output: Vec::new(), accepted: false, stuck_at: None };
        for (i, sym) in input.iter().enumerate() {
            cx.charge(1)?;
            match self.delta.get(&(state.clone(), sym.as_ref().to_owned())) {
                Some((to, out)) => {
                    state.clone_from(to);
                    run.trace.push(to.clone());
                    run.output.extend(out.iter().cloned());
                }
                None => {
                    run.stuck_at = Some(i);
                    return Ok(run);
                }
            }
        }
        run.accepted = self.accepting.contains(&state);
        Ok(run)
    }
}

impl Simulator for Fsm {
    type State = String;
    type Action = String;

    fn step(&self, s: &String, sym: &String) -> Result<String, SimError> {
        self.delta
            .get(&(s.clone(), sym.clone()))
            .map(|(to, _)| to.clone())
            .ok_or_else(|| SimError::illegal(format!("no transition from {s} on {sym:?}")))
    }

    fn is_goal(&self, s: &String) -> bool {
        self.accepting.contains(s)
    }
}

// ------------------------------------------------------------ Physics ----

/// The integration method, exactly as the instance states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// Explicit Euler: `x += v dt; v += a(x, v) dt` (both from the old
    /// state).
    Euler,
    /// Semi-implicit (symplectic) Euler: `v += a(x, v) dt; x += v dt`.
    SemiImplicitEuler,
    /// Velocity Verlet: `x += v dt + a dt²/2; v += (a + a') dt/2`, where
    /// `a'` is taken at the new position (and the old velocity for drag).
    Verlet,
}

impl Method {
    /// Reads `euler`, `semi-implicit euler` / `symplectic euler`,
    /// `verlet` / `velocity verlet` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        match s.as_str() {
            "euler" | "explicit euler" | "forward euler" => Some(Self::Euler),
            "semi implicit euler" | "symplectic euler" => Some(Self::SemiImplicitEuler),
            "verlet" | "velocity verlet" => Some(Self::Verlet),
            _ => None,
        }
    }
}

/// A point mass under constant gravity, a spring to the origin and linear
/// drag, advanced with a fixed `dt`. Predicted states are compared per
/// component with `|p - s| ≤ abs_tol + rel_tol·|s|`.
///
/// # Example
/// ```
/// use rlvr_sim::Simulator;
/// use rlvr_sim::machine::{Integrator, Method, Body};
/// let fall = Integrator::new(Method::Euler, 0.1).with_gravity(vec![0.0, -10.0]);
/// let s1 = fall.step(&Body::new(vec![0.0, 0.0], vec![1.0, 0.0]), &())?;
/// assert!(fall.same(&Body::new(vec![0.1, 0.0], vec![1.0, -1.0]), &s1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Integrator {
    method: Method,
    dt: f64,
    mass: f64,
    gravity: Vec<f64>,
    spring: f64,
    drag: f64,
    rel_tol: f64,
    abs_tol: f64,
}

/// The state of a point mass.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Position.
    pub pos: Vec<f64>,
    /// Velocity.
    pub vel: Vec<f64>,
}

impl Body {
    /// A body.
    pub fn new(pos: Vec<f64>, vel: Vec<f64>) -> Self {
        Self { pos, vel }
    }
}

impl Integrator {
    /// No forces, unit mass, tolerances `rel 1e-6 / abs 1e-9`.
    pub fn new(method: Method, dt: f64) -> Self {
        Self {
            method,
            dt,
            mass: 1.0,
            gravity: Vec::new(),
            spring: 0.0,
            drag: 0.0,
            rel_tol: 1e-6,
            abs_tol: 1e-9,
        }
    }

    /// Sets the gravitational acceleration vector.
    #[must_use]
    pub fn with_gravity(mut self, g: Vec<f64>) -> Self {
        self.gravity = g;
        self
    }

    /// Sets the mass, the spring constant (to the origin) and the linear
    /// drag coefficient.
    #[must_use]
    pub fn with_forces(mut self, mass: f64, spring: f64, drag: f64) -> Self {
        (self.mass, self.spring, self.drag) = (mass, spring, drag);
        self
    }

    /// Sets the comparison tolerances.
    #[must_use]
    pub fn with_tolerance(mut self, rel: f64, abs: f64) -> Self {
        (self.rel_tol, self.abs_tol) = (rel, abs);
        self
    }

    fn accel(&self, x: &[f64], v: &[f64]) -> Vec<f64> {
        (0..x.len())
            .map(|i| {
                let g = self.gravity.get(i).copied().unwrap_or(0.0);
                g + (-self.spring * x[i] - self.drag * v[i]) / self.mass
            })
            .collect()
    }
}

impl Simulator for Integrator {
    type State = Body;
    type Action = ();

    fn step(&self, b: &Body, _: &()) -> Result<Body, SimError> {
        if b.pos.len() != b.vel.len() {
            return Err(SimError::state("position and velocity differ in dimension".to_owned()));
        }
        if !(self.dt.is_finite() && self.mass.is_finite() && self.mass > 0.0) {
            return Err(SimError::state("dt and mass must be finite, mass positive".to_owned()));
        }
        let dt = self.dt;
        let a = self.accel(&b.pos, &b.vel);
        let n = b.pos.len();
        let next = match self.method {
            Method::Euler => Body {
                pos: (0..n).map(|i| b.pos[i] + b.vel[i] * dt).collect(),
                vel: (0..n).map(|i| b.vel[i] + a[i] * dt).collect(),
            },
            Method::SemiImplicitEuler => {
                let vel: Vec<f64> = (0..n).map(|i| b.vel[i] + a[i] * dt).collect();
                Body { pos: (0..n).map(|i| b.pos[i] + vel[i] * dt).collect(), vel }
            }
            Method::Verlet => {
                let pos: Vec<f64> =
                    (0..n).map(|i| b.pos[i] + b.vel[i] * dt + 0.5 * a[i] * dt * dt).collect();
                let a1 = self.accel(&pos, &b.vel);
                Body { vel: (0..n).map(|i| b.vel[i] + 0.5 * (a[i] + a1[i]) * dt).collect(), pos }
            }
        };
        if next.pos.iter().chain(&next.vel).any(|x| !x.is_finite()) {
            return Err(SimError::state("the state is no longer finite".to_owned()));
        }
        Ok(next)
    }

    fn same(&self, p: &Body, s: &Body) -> bool {
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| (x - y).abs() <= self.abs_tol + self.rel_tol * y.abs())
        };
        close(&p.pos, &s.pos) && close(&p.vel, &s.vel)
    }
}
