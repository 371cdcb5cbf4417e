//! The crate's error type.

/// Why a simulation could not be set up, or could not take a step.
///
/// A step the rules forbid is an [`IllegalMove`](SimError::IllegalMove):
/// when the move is the model's, the plan checkers grade it (a reward of 0
/// naming the step), never an error. An [`Instance`](SimError::Instance)
/// error is the instance's fault (sizes out of range, a malformed board or
/// machine), and the verifiers report it as an invalid ground truth.
///
/// # Example
/// ```
/// use rlvr_sim::{SimError, Simulator};
/// use rlvr_sim::puzzle::Hanoi;
/// assert!(matches!(Hanoi::new(3, 1, 1, 1), Err(SimError::Instance { .. })));
/// let hanoi = Hanoi::new(2, 3, 1, 3)?;
/// let r = hanoi.step(&hanoi.start(), &(Some(2), 1, 3));
/// assert!(matches!(r, Err(SimError::IllegalMove { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The instance cannot be simulated.
    #[error("{reason}")]
    Instance {
        /// What is wrong with it.
        reason: String,
    },
    /// A move the rules forbid in the current state.
    #[error("{reason}")]
    IllegalMove {
        /// Which rule it breaks.
        reason: String,
    },
    /// The state left what the simulator can step (a grid of another
    /// shape, a value no longer finite, a number that overflows).
    #[error("{reason}")]
    State {
        /// What went wrong.
        reason: String,
    },
}

impl SimError {
    pub(crate) fn instance(reason: impl Into<String>) -> Self {
        Self::Instance { reason: reason.into() }
    }

    pub(crate) fn illegal(reason: impl Into<String>) -> Self {
        Self::IllegalMove { reason: reason.into() }
    }

    pub(crate) fn state(reason: impl Into<String>) -> Self {
        Self::State { reason: reason.into() }
    }
}
