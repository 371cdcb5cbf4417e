//! The [`Simulator`] abstraction and its three verification modes.
//!
//! A simulator knows a state, the actions allowed in it, how one action
//! changes it, and when it is a goal. From those four things every checker
//! gets, for free:
//! - **final-state prediction** ([`final_state`]): step `n` times and
//!   compare with the predicted state;
//! - **trace checking** ([`check_trace`]): the model lists the states after
//!   each step; the first one that differs from the simulation is reported
//!   with its index;
//! - **plan checking** ([`check_plan`]): the model lists actions; each must
//!   be legal, the last state must be a goal, and optionally the plan must
//!   be as short as the known optimum.
//!
//! Every step charges the [`Context`]'s step budget, so no simulation runs
//! away.

use std::fmt;

use rlvr_core::{Context, Error, Reward};

use crate::SimError;

/// A system that moves from state to state.
///
/// Automata with no choices (Life, 1-D automata, an integrator) use `()` as
/// their action.
///
/// # Example
/// ```
/// use rlvr_sim::{Simulator, check_plan, Optimality};
/// use rlvr_sim::puzzle::Hanoi;
/// use rlvr_core::Context;
/// let h = Hanoi::new(2, 3, 1, 3)?;
/// let plan = [(Some(1), 1, 2), (Some(2), 1, 3), (Some(1), 2, 3)];
/// check_plan(&h, h.start(), &plan, Optimality::Require, &Context::default())?.into_result()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Simulator {
    /// A state of the system.
    type State: Clone + PartialEq + fmt::Debug;
    /// One action (a move, a button, `()` for automata).
    type Action: fmt::Debug;

    /// The state after `action`, or why `action` is illegal in `state`.
    ///
    /// # Errors
    /// [`SimError::IllegalMove`] naming the rule the action breaks, or
    /// [`SimError::State`] when `state` is not one the simulator can step.
    fn step(&self, state: &Self::State, action: &Self::Action) -> Result<Self::State, SimError>;

    /// Whether `state` solves the puzzle (automata: never).
    fn is_goal(&self, state: &Self::State) -> bool {
        let _ = state;
        false
    }

    /// The length of a shortest plan, when known.
    fn optimal_len(&self) -> Option<usize> {
        None
    }

    /// Whether a predicted state matches a simulated one. Exact equality by
    /// default; integrators override it with a tolerance.
    fn same(&self, predicted: &Self::State, simulated: &Self::State) -> bool {
        predicted == simulated
    }

    /// The work one step costs against the step budget (e.g. the number of
    /// cells of a grid).
    fn step_cost(&self) -> u64 {
        1
    }
}

/// What to do with a valid plan that is longer than the known optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Optimality {
    /// Any valid plan is correct.
    #[default]
    Ignore,
    /// A longer plan is incorrect ([`Failure::Suboptimal`]).
    Require,
    /// A longer plan earns `optimum / len` as partial credit.
    Ratio,
}

/// Why a trace or plan was rejected.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Failure {
    /// Step `index` (0-based) could not be read.
    Unparseable {
        /// The step's index.
        index: usize,
        /// The text that could not be read.
        text: String,
    },
    /// Action `index` (0-based) is illegal in the state it is applied to.
    Illegal {
        /// The action's index.
        index: usize,
        /// Why it is illegal.
        reason: String,
    },
    /// The state listed at `index` (0-based: the state after step
    /// `index + 1`) differs from the simulation.
    WrongState {
        /// The step's index.
        index: usize,
    },
    /// The trace has the wrong number of states.
    WrongLength {
        /// States given.
        got: usize,
        /// States expected.
        expected: usize,
    },
    /// All actions are legal but the final state is not a goal.
    GoalNotReached,
    /// A valid plan longer than the optimum, under [`Optimality::Require`].
    Suboptimal {
        /// The plan's length.
        len: usize,
        /// The optimum.
        optimum: usize,
    },
    /// An empty plan for a puzzle that is not already solved.
    Empty,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unparseable { index, text } => {
                write!(f, "step {} could not be read: {:?}", index + 1, truncate(text))
            }
            Self::Illegal { index, reason } => write!(f, "step {} is illegal: {reason}", index + 1),
            Self::WrongState { index } => {
                write!(f, "first wrong state: step {} (index {index})", index + 1)
            }
            Self::WrongLength { got, expected } => {
                write!(f, "the trace has {got} states, expected {expected}")
            }
            Self::GoalNotReached => f.write_str("every move is legal but the goal is not reached"),
            Self::Suboptimal { len, optimum } => {
                write!(f, "suboptimal: {len} moves, the optimum is {optimum}")
            }
            Self::Empty => f.write_str("the plan is empty"),
        }
    }
}

impl std::error::Error for Failure {}

impl Failure {
    /// The 0-based index of the offending step, when there is one.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Unparseable { index, .. }
            | Self::Illegal { index, .. }
            | Self::WrongState { index } => Some(*index),
            _ => None,
        }
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The result of a plan or trace check that did not run out of budget.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Checked {
    /// Accepted; for plans, the plan's length.
    Ok {
        /// Steps checked.
        len: usize,
    },
    /// Accepted with partial credit ([`Optimality::Ratio`]).
    Partial {
        /// The score in `(0, 1)`.
        score: f64,
        /// The plan's length.
        len: usize,
        /// The optimum.
        optimum: usize,
    },
    /// Rejected.
    Failed(Failure),
}

impl Checked {
    /// `Ok(())` when accepted (with or without partial credit).
    ///
    /// # Errors
    /// The [`Failure`] when rejected.
    pub fn into_result(self) -> Result<(), Failure> {
        match self {
            Self::Ok { .. } | Self::Partial { .. } => Ok(()),
            Self::Failed(f) => Err(f),
        }
    }

    /// The graded reward, with a detail saying why.
    pub fn reward(&self) -> Reward {
        match self {
            Self::Ok { len } => Reward::correct().with_detail(format!("valid, {len} steps")),
            Self::Partial { score, len, optimum } => Reward::partial(*score)
                .with_detail(format!("valid but suboptimal: {len} moves, optimum {optimum}")),
            Self::Failed(f) => Reward::incorrect().with_detail(f.to_string()),
        }
    }
}

/// Steps an automaton `n` times from `start`.
///
/// # Errors
/// [`Error::BudgetExceeded`] / [`Error::Cancelled`] from the context, or
/// [`Error::Domain`] when the automaton itself fails (e.g. a program
/// leaving its tape).
///
/// # Example
/// ```
/// use rlvr_sim::final_state;
/// use rlvr_sim::automata::{Life, Rule, Boundary};
/// let life = Life::new(Rule::conway(), Boundary::Toroidal, 5, 5);
/// let blinker = life.grid_from_rows(&[vec![0,0,0,0,0], vec![0,0,1,0,0], vec![0,0,1,0,0], vec![0,0,1,0,0], vec![0,0,0,0,0]])?;
/// let two = final_state(&life, blinker.clone(), 2, &rlvr_core::Context::default())?;
/// assert_eq!(two, blinker);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn final_state<S: Simulator<Action = ()>>(
    sim: &S,
    start: S::State,
    n: usize,
    cx: &Context,
) -> Result<S::State, Error> {
    let mut state = start;
    for _ in 0..n {
        cx.charge(sim.step_cost())?;
        state = sim.step(&state, &()).map_err(|e| Error::domain("sim", e))?;
    }
    Ok(state)
}

/// Checks a trace: `claimed[i]` must be the state after action `i` from
/// `start`. Automata pass `()` actions. The first differing state is
/// reported with its index; an illegal action is reported as such.
///
/// # Errors
/// Budget errors from the context.
///
/// # Example
/// ```
/// use rlvr_sim::{check_trace, Checked, Failure};
/// use rlvr_sim::automata::{Eca, Boundary};
/// let eca = Eca::new(90, Boundary::Dead);
/// let s0 = vec![0, 0, 1, 0, 0];
/// let good = [vec![0, 1, 0, 1, 0], vec![1, 0, 0, 0, 1]];
/// assert!(matches!(check_trace(&eca, s0.clone(), &[(), ()], &good, &rlvr_core::Context::default())?, Checked::Ok { .. }));
/// let bad = [vec![0, 1, 0, 1, 0], vec![1, 0, 1, 0, 1]];
/// assert_eq!(check_trace(&eca, s0, &[(), ()], &bad, &rlvr_core::Context::default())?, Checked::Failed(Failure::WrongState { index: 1 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_trace<S: Simulator>(
    sim: &S,
    start: S::State,
    actions: &[S::Action],
    claimed: &[S::State],
    cx: &Context,
) -> Result<Checked, Error> {
    let mut state = start;
    for (i, action) in actions.iter().enumerate() {
        cx.charge(sim.step_cost())?;
        state = match sim.step(&state, action) {
            Ok(s) => s,
            Err(e) => {
                return Ok(Checked::Failed(Failure::Illegal { index: i, reason: e.to_string() }));
            }
        };
        match claimed.get(i) {
            Some(c) if sim.same(c, &state) => {}
            Some(_) => return Ok(Checked::Failed(Failure::WrongState { index: i })),
            None => {
                return Ok(Checked::Failed(Failure::WrongLength {
                    got: claimed.len(),
                    expected: actions.len(),
                }));
            }
        }
    }
    if claimed.len() != actions.len() {
        return Ok(Checked::Failed(Failure::WrongLength {
            got: claimed.len(),
            expected: actions.len(),
        }));
    }
    Ok(Checked::Ok { len: actions.len() })
}

/// Checks a plan: every action legal, the final state a goal, and the
/// length judged by `optimality` against [`Simulator::optimal_len`].
///
/// # Errors
/// Budget errors from the context.
pub fn check_plan<S: Simulator>(
    sim: &S,
    start: S::State,
    plan: &[S::Action],
    optimality: Optimality,
    cx: &Context,
) -> Result<Checked, Error> {
    if plan.is_empty() && !sim.is_goal(&start) {
        return Ok(Checked::Failed(Failure::Empty));
    }
    let mut state = start;
    for (i, action) in plan.iter().enumerate() {
        cx.charge(sim.step_cost())?;
        state = match sim.step(&state, action) {
            Ok(s) => s,
            Err(e) => {
                return Ok(Checked::Failed(Failure::Illegal { index: i, reason: e.to_string() }));
            }
        };
    }
    if !sim.is_goal(&state) {
        return Ok(Checked::Failed(Failure::GoalNotReached));
    }
    let len = plan.len();
    match (optimality, sim.optimal_len()) {
        (Optimality::Require, Some(optimum)) if len > optimum => {
            Ok(Checked::Failed(Failure::Suboptimal { len, optimum }))
        }
        (Optimality::Ratio, Some(optimum)) if len > optimum => {
            #[allow(clippy::cast_precision_loss, reason = "plan lengths are far below 2^52")]
            let score = optimum as f64 / len as f64;
            Ok(Checked::Partial { score, len, optimum })
        }
        _ => Ok(Checked::Ok { len }),
    }
}

/// Parses every step with `parse`, reporting the first unreadable one.
///
/// # Errors
/// [`Failure::Unparseable`] with the step's index.
pub fn parse_steps<T>(
    steps: &[&str],
    mut parse: impl FnMut(&str) -> Option<T>,
) -> Result<Vec<T>, Failure> {
    steps
        .iter()
        .enumerate()
        .map(|(index, s)| {
            parse(s).ok_or_else(|| Failure::Unparseable { index, text: (*s).to_owned() })
        })
        .collect()
}
