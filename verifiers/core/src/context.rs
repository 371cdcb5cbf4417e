//! Budgets: a deterministic step budget, a wall-clock backstop, cancellation.
//!
//! Every verifier loop that can grow with its input charges the
//! [`Context`] (`cx.charge(n)?`). Steps are counted, not timed, so the same
//! input gets the same outcome on any machine under any load; the wall clock
//! is only a backstop for work that cannot be counted, and it is reported as
//! its own [`BudgetKind`]. There are no signals, threads or global state
//! involved: a context is a plain value, checked cooperatively.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{BudgetKind, Error};
use crate::extract::Mode;

/// How often (in charged steps) [`Context::charge`] also looks at the clock
/// and the cancellation flag.
const CHECK_EVERY: u64 = 1 << 12;

/// The limits a [`Context`] is created with.
///
/// # Example
/// ```
/// use std::time::Duration;
/// let b = rlvr_core::Budget::default().with_steps(1_000).with_wall(Some(Duration::from_secs(1)));
/// assert_eq!(b.steps, 1_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Budget {
    /// Deterministic work units a verifier may spend on one sample.
    pub steps: u64,
    /// Wall-clock backstop for one sample (`None`: no deadline).
    pub wall: Option<Duration>,
}

impl Budget {
    /// The default step budget: generous for any honest answer, small
    /// enough that a pathological one returns in well under a second.
    pub const DEFAULT_STEPS: u64 = 20_000_000;
    /// The default wall-clock backstop.
    pub const DEFAULT_WALL: Duration = Duration::from_secs(30);

    /// No limits at all (tests, trusted offline runs).
    pub fn unlimited() -> Self {
        Self { steps: u64::MAX, wall: None }
    }

    /// Sets the step budget.
    #[must_use]
    pub fn with_steps(mut self, steps: u64) -> Self {
        self.steps = steps;
        self
    }

    /// Sets the wall-clock backstop.
    #[must_use]
    pub fn with_wall(mut self, wall: Option<Duration>) -> Self {
        self.wall = wall;
        self
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self { steps: Self::DEFAULT_STEPS, wall: Some(Self::DEFAULT_WALL) }
    }
}

/// A shared cancellation flag. Cloning shares the flag.
///
/// # Example
/// ```
/// let token = rlvr_core::CancelToken::new();
/// let cx = rlvr_core::Context::new(&rlvr_core::Budget::default()).with_cancel(token.clone());
/// assert!(cx.check().is_ok());
/// token.cancel();
/// assert!(matches!(cx.check(), Err(rlvr_core::Error::Cancelled)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, uncancelled token.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every context holding this token.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A token over an existing flag: setting the flag cancels. This lets a
/// caller hand the flag to something that only knows booleans, such as a
/// signal handler, while grading code sees an ordinary token.
impl From<Arc<AtomicBool>> for CancelToken {
    fn from(flag: Arc<AtomicBool>) -> Self {
        Self(flag)
    }
}

/// The budget of one verification call.
///
/// A context is `Sync`: a verifier may share it between helper threads, and
/// all of them charge the same budget.
///
/// # Example
/// ```
/// use rlvr_core::{Budget, Context, Error};
/// let cx = Context::new(&Budget::default().with_steps(10));
/// cx.charge(8)?;
/// assert!(matches!(cx.charge(8), Err(Error::BudgetExceeded { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Context {
    used: AtomicU64,
    limit: u64,
    deadline: Option<Instant>,
    cancel: Option<CancelToken>,
    extraction: Mode,
}

impl Context {
    /// A context whose clock starts now.
    pub fn new(budget: &Budget) -> Self {
        Self {
            used: AtomicU64::new(0),
            limit: budget.steps,
            deadline: budget.wall.and_then(|w| Instant::now().checked_add(w)),
            cancel: None,
            extraction: Mode::Strict,
        }
    }

    /// A context with no limits.
    pub fn unlimited() -> Self {
        Self::new(&Budget::unlimited())
    }

    /// Attaches a cancellation token.
    #[must_use]
    pub fn with_cancel(mut self, token: CancelToken) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Sets the run's default extraction mode (a row's
    /// `extra_info.extraction` still overrides it; see
    /// [`Mode::for_sample`]).
    #[must_use]
    pub fn with_extraction(mut self, mode: Mode) -> Self {
        self.extraction = mode;
        self
    }

    /// The run's default extraction mode.
    pub fn extraction(&self) -> Mode {
        self.extraction
    }

    /// Spends `steps` units of the step budget.
    ///
    /// Every few thousand steps it also checks the deadline and the
    /// cancellation flag, so a hot loop pays one atomic add per call.
    ///
    /// # Errors
    /// [`Error::BudgetExceeded`] when the steps or the deadline run out,
    /// [`Error::Cancelled`] when cancelled.
    #[inline]
    pub fn charge(&self, steps: u64) -> Result<(), Error> {
        let before = self.used.fetch_add(steps, Ordering::Relaxed);
        let after = before.saturating_add(steps);
        if after > self.limit {
            return Err(Error::BudgetExceeded { kind: BudgetKind::Steps });
        }
        if before / CHECK_EVERY != after / CHECK_EVERY {
            self.check()?;
        }
        Ok(())
    }

    /// Checks the deadline and the cancellation flag (not the steps).
    ///
    /// # Errors
    /// [`Error::Cancelled`] or [`Error::BudgetExceeded`] with
    /// [`BudgetKind::WallClock`].
    pub fn check(&self) -> Result<(), Error> {
        if self.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            return Err(Error::Cancelled);
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(Error::BudgetExceeded { kind: BudgetKind::WallClock });
        }
        Ok(())
    }

    /// Steps charged so far.
    pub fn steps_used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Steps left (`u64::MAX` when unlimited).
    pub fn steps_left(&self) -> u64 {
        self.limit.saturating_sub(self.steps_used())
    }

    /// The wall-clock deadline, if any.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Time left before the deadline (`None`: no deadline).
    pub fn time_left(&self) -> Option<Duration> {
        self.deadline.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Whether the cancellation token (if any) has fired.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelToken::is_cancelled)
    }
}

impl Default for Context {
    fn default() -> Self {
        Self::new(&Budget::default())
    }
}
