//! The one error type: "this sample could not be graded".

use std::fmt;

/// A boxed error from a backend (a sandbox, a dataframe engine, a parser).
///
/// Foreign error types never appear in this crate's API; they travel as a
/// boxed source, as `rustls::OtherError` does.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a sample could not be graded.
///
/// An `Error` is never a judgement on the model: anything the model did —
/// right, wrong, no answer, a program that looped — is a graded
/// [`Reward`](crate::Reward). An `Error` says the *verifier* could not
/// produce a reward (bad ground truth, a sandbox that could not start, the
/// verifier's own budget ran out, a bug). Trainers usually skip such samples
/// or log them; they must never silently read them as "wrong".
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No verifier is routed for this `data_source`.
    #[error("unknown data source `{data_source}`{}", suggest(closest))]
    UnknownDataSource {
        /// The data source that was asked for.
        data_source: String,
        /// The closest known data-source patterns, best first.
        closest: Vec<String>,
    },
    /// The data source is routed to a verifier that is not in this build
    /// (its crate or feature is not enabled).
    #[error(
        "data source `{data_source}` routes to verifier `{verifier}`, which is not in this build"
    )]
    VerifierUnavailable {
        /// The data source that was asked for.
        data_source: String,
        /// The verifier name the route points at.
        verifier: String,
    },
    /// The ground truth (or the instance data in `extra_info`) is missing or
    /// cannot be read by the verifier.
    #[error("invalid ground truth for `{verifier}`: {reason}")]
    InvalidGroundTruth {
        /// The verifier that rejected it.
        verifier: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The input row itself is malformed (bad JSON, a missing field).
    #[error("malformed row: {reason}")]
    MalformedRow {
        /// What is wrong with the row.
        reason: String,
    },
    /// The verifier ran out of its own budget (steps or wall clock) before it
    /// could decide. This is distinct from a model program that timed out,
    /// which is the graded verdict [`Verdict::TimedOut`](crate::Verdict).
    #[error("verifier budget exceeded: {kind}")]
    BudgetExceeded {
        /// Which budget ran out.
        kind: BudgetKind,
    },
    /// The caller cancelled the work.
    #[error("cancelled")]
    Cancelled,
    /// The verifier panicked; the panic was caught and contained.
    #[error("verifier `{verifier}` panicked: {message}")]
    Panicked {
        /// The verifier that panicked.
        verifier: String,
        /// The panic payload, when it was a string.
        message: String,
    },
    /// The execution sandbox could not run the program (it could not start,
    /// the guest is missing, the host failed). Never a wrong answer.
    #[error("sandbox error in `{verifier}`: {source}")]
    Sandbox {
        /// The verifier that used the sandbox.
        verifier: String,
        /// The underlying failure.
        source: BoxError,
    },
    /// A verifier was registered twice under one name, or a route twice for
    /// one pattern.
    #[error("duplicate registration of {what} `{name}`")]
    Duplicate {
        /// `"verifier"` or `"route"`.
        what: &'static str,
        /// The duplicated name or pattern.
        name: String,
    },
    /// Any other failure inside a domain verifier.
    #[error("error in `{verifier}`: {source}")]
    Domain {
        /// The verifier that failed.
        verifier: String,
        /// The underlying failure.
        source: BoxError,
    },
}

impl Error {
    /// An [`Error::InvalidGroundTruth`] for `verifier`.
    ///
    /// # Example
    /// ```
    /// let e = rlvr_core::Error::invalid_ground_truth("math", "empty string");
    /// assert_eq!(e.to_string(), "invalid ground truth for `math`: empty string");
    /// ```
    pub fn invalid_ground_truth(verifier: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidGroundTruth { verifier: verifier.into(), reason: reason.into() }
    }

    /// An [`Error::Domain`] wrapping any error type.
    pub fn domain(verifier: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::Domain { verifier: verifier.into(), source: source.into() }
    }

    /// An [`Error::Sandbox`] wrapping any error type.
    pub fn sandbox(verifier: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::Sandbox { verifier: verifier.into(), source: source.into() }
    }

    /// An [`Error::MalformedRow`].
    pub fn malformed_row(reason: impl Into<String>) -> Self {
        Self::MalformedRow { reason: reason.into() }
    }
}

fn suggest(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = closest.iter().map(|c| format!("`{c}`")).collect();
        format!("; closest known: {}", names.join(", "))
    }
}

/// Which budget a verifier exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BudgetKind {
    /// The deterministic step budget.
    Steps,
    /// The wall-clock backstop.
    WallClock,
}

impl fmt::Display for BudgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Steps => "step budget",
            Self::WallClock => "wall-clock deadline",
        })
    }
}
