//! What the model earned: [`Reward`] and [`Verdict`].

use std::borrow::Cow;
use std::fmt;

/// The graded outcome of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// The answer is right.
    Correct,
    /// An answer was found and it is wrong.
    Incorrect,
    /// Partly right; the score says how much.
    Partial,
    /// No gradable answer: no container, an unclosed container, a cut-off
    /// think block, an answer over the size cap.
    NoAnswer,
    /// The model's program ran out of its time or fuel limit. (A verifier
    /// that runs out of *its own* budget returns an error instead.)
    TimedOut,
}

impl Verdict {
    /// The lowercase name used in records (`correct`, `no_answer`, ...).
    ///
    /// # Example
    /// ```
    /// assert_eq!(rlvr_core::Verdict::NoAnswer.as_str(), "no_answer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correct => "correct",
            Self::Incorrect => "incorrect",
            Self::Partial => "partial",
            Self::NoAnswer => "no_answer",
            Self::TimedOut => "timeout",
        }
    }

    /// Parses the name produced by [`Verdict::as_str`]; `timed_out` is also
    /// accepted.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "correct" => Self::Correct,
            "incorrect" => Self::Incorrect,
            "partial" => Self::Partial,
            "no_answer" => Self::NoAnswer,
            "timeout" | "timed_out" => Self::TimedOut,
            _ => return None,
        })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a response earned: a score in `[0, 1]`, a verdict, the answer the
/// verifier extracted, and a human-readable detail.
///
/// Build one with the constructors; the score is clamped into `[0, 1]` and a
/// NaN score becomes `0`.
///
/// # Example
/// ```
/// use rlvr_core::{Reward, Verdict};
/// let r = Reward::partial(0.75).with_pred("[1, 2]").with_detail("3 of 4 cells");
/// assert_eq!(r.verdict, Verdict::Partial);
/// assert_eq!(r.score, 0.75);
/// assert!(!r.is_correct());
/// assert_eq!(Reward::partial(7.0).score, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Reward {
    /// The score, always finite and in `[0, 1]`.
    pub score: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// The answer the verifier read from the response, if any.
    pub pred: Option<String>,
    /// Why this verdict (for logs and debugging).
    pub detail: Option<String>,
}

impl Reward {
    fn new(score: f64, verdict: Verdict) -> Self {
        let score = if score.is_nan() { 0.0 } else { score.clamp(0.0, 1.0) };
        Self { score, verdict, pred: None, detail: None }
    }

    /// Score 1, [`Verdict::Correct`].
    pub fn correct() -> Self {
        Self::new(1.0, Verdict::Correct)
    }

    /// Score 0, [`Verdict::Incorrect`].
    pub fn incorrect() -> Self {
        Self::new(0.0, Verdict::Incorrect)
    }

    /// Score 0, [`Verdict::NoAnswer`].
    pub fn no_answer() -> Self {
        Self::new(0.0, Verdict::NoAnswer)
    }

    /// Score 0, [`Verdict::TimedOut`].
    pub fn timed_out() -> Self {
        Self::new(0.0, Verdict::TimedOut)
    }

    /// A partial score. A score of exactly 1 is [`Verdict::Correct`] and 0
    /// is [`Verdict::Incorrect`], so the verdict never contradicts the score.
    pub fn partial(score: f64) -> Self {
        let r = Self::new(score, Verdict::Partial);
        if r.score >= 1.0 {
            Self::correct()
        } else if r.score <= 0.0 {
            Self::incorrect()
        } else {
            r
        }
    }

    /// Correct or incorrect from a boolean.
    pub fn from_bool(correct: bool) -> Self {
        if correct { Self::correct() } else { Self::incorrect() }
    }

    /// Sets the extracted answer.
    #[must_use]
    pub fn with_pred(mut self, pred: impl Into<String>) -> Self {
        self.pred = Some(pred.into());
        self
    }

    /// Sets the detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// True for [`Verdict::Correct`].
    pub fn is_correct(&self) -> bool {
        self.verdict == Verdict::Correct
    }
}

/// `text` cut to its first `max_chars` characters, with `…` when cut: how
/// verifiers quote answers, golds and messages in a [`Reward::detail`] or
/// an error without copying a huge input into it.
///
/// # Example
/// ```
/// assert_eq!(rlvr_core::clip("abcdef", 3), "abc…");
/// assert_eq!(rlvr_core::clip("abc", 3), "abc");
/// ```
pub fn clip(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => Cow::Owned(format!("{}…", &text[..i])),
        None => Cow::Borrowed(text),
    }
}
