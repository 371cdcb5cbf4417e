//! The trainer-facing record: one per input row, always the same keys.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Outcome, Verdict};

/// The `status` of a record: a graded verdict, or why grading failed.
///
/// The first five come from a [`Reward`](crate::Reward)'s verdict; the
/// others mean the sample could not be graded (an [`Error`]). `timeout` is
/// both the verdict [`Verdict::TimedOut`] (the model's program ran out of
/// time) and the error [`Error::BudgetExceeded`] (the verifier ran out of
/// its own budget); the `detail` says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Graded correct.
    Correct,
    /// Graded wrong.
    Incorrect,
    /// Partial credit.
    Partial,
    /// No gradable answer in the response.
    NoAnswer,
    /// A time or step limit ran out.
    Timeout,
    /// The ground truth is missing or unreadable.
    GoldUnparseable,
    /// The sandbox could not run the program.
    SandboxError,
    /// A malformed row, a panic, or another internal failure.
    InternalError,
    /// No verifier for the data source (unknown, or not in this build).
    UnknownDataSource,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Self; 9] = [
        Self::Correct,
        Self::Incorrect,
        Self::Partial,
        Self::NoAnswer,
        Self::Timeout,
        Self::GoldUnparseable,
        Self::SandboxError,
        Self::InternalError,
        Self::UnknownDataSource,
    ];

    /// The snake-case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(rlvr_core::Status::GoldUnparseable.as_str(), "gold_unparseable");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correct => "correct",
            Self::Incorrect => "incorrect",
            Self::Partial => "partial",
            Self::NoAnswer => "no_answer",
            Self::Timeout => "timeout",
            Self::GoldUnparseable => "gold_unparseable",
            Self::SandboxError => "sandbox_error",
            Self::InternalError => "internal_error",
            Self::UnknownDataSource => "unknown_data_source",
        }
    }

    /// Whether this status means the sample could not be graded.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            Self::GoldUnparseable
                | Self::SandboxError
                | Self::InternalError
                | Self::UnknownDataSource
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Verdict> for Status {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Correct => Self::Correct,
            Verdict::Incorrect => Self::Incorrect,
            Verdict::Partial => Self::Partial,
            Verdict::NoAnswer => Self::NoAnswer,
            Verdict::TimedOut => Self::Timeout,
        }
    }
}

impl From<&Error> for Status {
    fn from(e: &Error) -> Self {
        match e {
            Error::UnknownDataSource { .. } | Error::VerifierUnavailable { .. } => {
                Self::UnknownDataSource
            }
            Error::InvalidGroundTruth { .. } => Self::GoldUnparseable,
            Error::BudgetExceeded { .. } | Error::Cancelled => Self::Timeout,
            Error::Sandbox { .. } => Self::SandboxError,
            Error::MalformedRow { .. }
            | Error::Panicked { .. }
            | Error::Duplicate { .. }
            | Error::Domain { .. } => Self::InternalError,
        }
    }
}

/// One output row.
///
/// Serialized as a flat JSON object: the input's `id` / `index` (when it had
/// them), then always `score`, `acc`, `status`, `pred`, `detail`,
/// `verifier`, `latency_us`.
///
/// # Example
/// ```
/// use rlvr_core::{Error, Outcome, Record, Status};
/// let rec = Record::from_outcome(&Outcome::failed(Error::malformed_row("bad json")));
/// assert_eq!(rec.status, Status::InternalError);
/// let json = serde_json::to_string(&rec)?;
/// assert_eq!(
///     json,
///     r#"{"score":0.0,"acc":false,"status":"internal_error","pred":null,"detail":"malformed row: bad json","verifier":null,"latency_us":0}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// The input row's `id` and `index` fields, when present.
    #[serde(flatten)]
    pub ids: Map<String, Value>,
    /// The score in `[0, 1]` (0 for errors).
    pub score: f64,
    /// Whether the answer was graded correct.
    pub acc: bool,
    /// What happened.
    pub status: Status,
    /// The extracted answer.
    pub pred: Option<String>,
    /// Why (the reward's detail, or the error message).
    pub detail: Option<String>,
    /// The verifier that ran.
    pub verifier: Option<String>,
    /// Grading time in microseconds.
    pub latency_us: u64,
}

impl Record {
    /// The record for an outcome.
    pub fn from_outcome(outcome: &Outcome) -> Self {
        let latency_us = u64::try_from(outcome.elapsed.as_micros()).unwrap_or(u64::MAX);
        let verifier = outcome.verifier.clone();
        match &outcome.result {
            Ok(r) => Self {
                ids: Map::new(),
                score: r.score,
                acc: r.is_correct(),
                status: r.verdict.into(),
                pred: r.pred.clone(),
                detail: r.detail.clone(),
                verifier,
                latency_us,
            },
            Err(e) => Self {
                ids: Map::new(),
                score: 0.0,
                acc: false,
                status: e.into(),
                pred: None,
                detail: Some(e.to_string()),
                verifier,
                latency_us,
            },
        }
    }

    /// Sets the ids carried over from the input row.
    #[must_use]
    pub fn with_ids(mut self, ids: Map<String, Value>) -> Self {
        self.ids = ids;
        self
    }

    /// Prefixes the detail (e.g. with the input line number).
    #[must_use]
    pub fn with_detail_prefix(mut self, prefix: &str) -> Self {
        self.detail = Some(match self.detail {
            Some(d) => format!("{prefix}: {d}"),
            None => prefix.to_owned(),
        });
        self
    }
}
