//! What every RL trainer needs around the rewards, testable without a
//! tensor library.
//!
//! - [`dense_rewards`] turns
//!   [`Registry::verify_batch`](crate::Registry::verify_batch) outcomes
//!   into one score per sample, with an explicit [`OnError`] policy,
//!   so a sample that could not be graded is never read as a wrong answer
//!   by accident.
//! - [`GroupAdvantage`]: GRPO's group-relative advantages, with or without
//!   dividing by the group's standard deviation.
//! - [`Shaping`]: reward shaping (the DAPO overlong-buffer penalty, a format
//!   bonus, a length penalty) computed as its own term, next to the
//!   correctness score and never folded into a [`Reward`](crate::Reward).
//! - [`pass_at_k`]: the unbiased pass@k estimator, computed stably.
//!
//! # Correctness and shaping stay apart
//! A [`Reward`](crate::Reward) says what the response *earned*; shaping is
//! a training choice. Keeping them as two vectors lets a trainer log
//! accuracy honestly while optimising `score + shaping`, and switch shaping
//! off without touching the verifiers. Be careful with bonuses for form
//! alone: in our toy GRPO run a small reward for any well-formed answer
//! collapsed the policy to one answer for every prompt within 25 steps.
//!
//! # Example
//! A GRPO step's reward side, for two prompts with two samples each:
//! ```
//! use rlvr_core::rl::{self, GroupAdvantage, Shaping};
//!
//! // In a trainer: `rl::dense_rewards(&registry.verify_batch(&samples, &opts), OnError::Skip)?`.
//! let dense = rl::DenseRewards::from_scores(vec![1.0, 0.0, 0.0, 0.0]);
//! let shaping = Shaping::new().with_length_penalty(0.001).terms(&dense, &[10, 20, 10, 40]);
//! let total = dense.total(&shaping);
//! let adv = GroupAdvantage::new(2).compute_masked(&total, &dense.mask)?;
//! assert!(adv[0] > 0.0 && adv[1] < 0.0);
//! assert!(adv[2] > 0.0 && adv[3] < 0.0); // shorter wins among equals
//! assert_eq!(rl::pass_at_k(2, 1, 1)?, 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{Outcome, Verdict};

/// Why an RL helper could not compute its result.
///
/// These are mistakes in the trainer's inputs (shapes, arguments) or a
/// sample that could not be graded under [`OnError::Fail`]; a wrong answer
/// is never an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RlError {
    /// The number of rewards is not a multiple of the group size, or the
    /// group size is 0.
    #[error("{len} rewards do not split into groups of {group_size}")]
    GroupSize {
        /// How many rewards were given.
        len: usize,
        /// The group size asked for.
        group_size: usize,
    },
    /// Two slices that must be parallel have different lengths.
    #[error("length mismatch: {what} has {got} entries, expected {expected}")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The length it should have.
        expected: usize,
    },
    /// pass@k asked with `k = 0`, `k > n` or `c > n`.
    #[error("pass@k undefined for n = {n}, c = {c}, k = {k}")]
    PassAtK {
        /// Samples drawn.
        n: u64,
        /// Correct samples.
        c: u64,
        /// The k asked for.
        k: u64,
    },
    /// A sample could not be graded and the policy is [`OnError::Fail`].
    #[error("sample {index} could not be graded: {message}")]
    Ungraded {
        /// Its index in the batch.
        index: usize,
        /// The grading error, as displayed.
        message: String,
    },
}

/// What [`dense_rewards`] does with a sample that could not be graded (an
/// `Err` outcome: bad ground truth, a sandbox fault, a verifier budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnError {
    /// Score 0 and masked out: the sample takes no part in advantages or
    /// the loss. The usual choice for training.
    #[default]
    Skip,
    /// Score 0 and kept, as if the answer were wrong. This is what verl
    /// does by default, and it punishes the policy for grader faults; use it
    /// only knowingly.
    Zero,
    /// Stop: [`dense_rewards`] returns [`RlError::Ungraded`] for the first
    /// such sample. For evaluation runs that must grade everything.
    Fail,
}

/// A batch's rewards as dense vectors, parallel to the samples.
///
/// # Example
/// ```
/// let d = rlvr_core::rl::DenseRewards::from_scores(vec![1.0, 0.5, 0.0]);
/// assert_eq!(d.correct, [true, false, false]);
/// assert_eq!(d.mean_score(), Some(0.5));
/// assert_eq!(d.accuracy(), Some(1.0 / 3.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct DenseRewards {
    /// The correctness score in `[0, 1]` of each sample (0 where it could
    /// not be graded).
    pub scores: Vec<f64>,
    /// False where the sample is masked out ([`OnError::Skip`]).
    pub mask: Vec<bool>,
    /// True where the verdict is [`Verdict::Correct`].
    pub correct: Vec<bool>,
    /// The verdict of each sample, `None` where it could not be graded.
    pub verdicts: Vec<Option<Verdict>>,
    /// How many samples could not be graded.
    pub errors: usize,
}

impl DenseRewards {
    /// Dense rewards from plain scores (all graded, none masked); a score
    /// of 1 counts as correct. For tests and for trainers with their own
    /// scores.
    pub fn from_scores(scores: Vec<f64>) -> Self {
        let correct: Vec<bool> = scores.iter().map(|&s| s >= 1.0).collect();
        let verdicts = scores
            .iter()
            .map(|&s| {
                Some(if s >= 1.0 {
                    Verdict::Correct
                } else if s > 0.0 {
                    Verdict::Partial
                } else {
                    Verdict::Incorrect
                })
            })
            .collect();
        Self { mask: vec![true; scores.len()], correct, verdicts, errors: 0, scores }
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The mean score over unmasked samples; `None` when all are masked.
    pub fn mean_score(&self) -> Option<f64> {
        masked_mean(self.scores.iter().copied(), &self.mask)
    }

    /// The fraction of unmasked samples that are correct; `None` when all
    /// are masked.
    pub fn accuracy(&self) -> Option<f64> {
        masked_mean(self.correct.iter().map(|&c| if c { 1.0 } else { 0.0 }), &self.mask)
    }

    /// `score + shaping` per sample: the scalar a trainer optimises.
    ///
    /// # Panics
    /// When `shaping` does not have one entry per sample.
    ///
    /// # Example
    /// ```
    /// let d = rlvr_core::rl::DenseRewards::from_scores(vec![1.0, 0.0]);
    /// assert_eq!(d.total(&[-0.25, 0.0]), [0.75, 0.0]);
    /// ```
    pub fn total(&self, shaping: &[f64]) -> Vec<f64> {
        assert_eq!(shaping.len(), self.len(), "one shaping term per sample");
        self.scores.iter().zip(shaping).map(|(s, t)| s + t).collect()
    }
}

fn masked_mean(values: impl Iterator<Item = f64>, mask: &[bool]) -> Option<f64> {
    let (sum, n) = values
        .zip(mask)
        .filter(|(_, m)| **m)
        .fold((0.0, 0usize), |(sum, n), (v, _)| (sum + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Turns batch outcomes into dense reward vectors, applying `on_error` to
/// samples that could not be graded.
///
/// # Errors
/// [`RlError::Ungraded`] for the first ungraded sample when `on_error` is
/// [`OnError::Fail`].
///
/// # Example
/// ```
/// use rlvr_core::rl::{dense_rewards, OnError, RlError};
/// use rlvr_core::{BatchOptions, Registry, Sample};
///
/// // A registry without verifiers: every sample is ungraded.
/// let outcomes = Registry::guru().verify_batch(&[Sample::new("math__x", "", "1")], &BatchOptions::default());
/// let skipped = dense_rewards(&outcomes, OnError::Skip)?;
/// assert_eq!((skipped.scores[0], skipped.mask[0], skipped.errors), (0.0, false, 1));
/// assert!(dense_rewards(&outcomes, OnError::Zero)?.mask[0]);
/// assert!(matches!(dense_rewards(&outcomes, OnError::Fail), Err(RlError::Ungraded { index: 0, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dense_rewards(outcomes: &[Outcome], on_error: OnError) -> Result<DenseRewards, RlError> {
    let mut out = DenseRewards {
        scores: Vec::with_capacity(outcomes.len()),
        mask: Vec::with_capacity(outcomes.len()),
        correct: Vec::with_capacity(outcomes.len()),
        verdicts: Vec::with_capacity(outcomes.len()),
        errors: 0,
    };
    for (index, outcome) in outcomes.iter().enumerate() {
        match &outcome.result {
            Ok(reward) => {
                out.scores.push(reward.score);
                out.mask.push(true);
                out.correct.push(reward.is_correct());
                out.verdicts.push(Some(reward.verdict));
            }
            Err(e) => {
                if on_error == OnError::Fail {
                    return Err(RlError::Ungraded { index, message: e.to_string() });
                }
                out.errors += 1;
                out.scores.push(0.0);
                out.mask.push(on_error == OnError::Zero);
                out.correct.push(false);
                out.verdicts.push(None);
            }
        }
    }
    Ok(out)
}

/// GRPO's group-relative advantages.
///
/// The batch is laid out group by group: samples `g*G .. (g+1)*G` answer
/// the same prompt. Each sample's advantage is its reward minus its group's
/// mean, divided by the group's standard deviation (plus `eps`) when
/// [`with_std`](GroupAdvantage::with_std) is on (the default, as in GRPO
/// and verl). Off gives the mean-only baseline of Dr. GRPO, which does not
/// up-weight groups that are nearly all right or all wrong.
///
/// - The standard deviation is the unbiased one (divides by `n - 1`), like
///   `torch.std` in verl.
/// - A group whose rewards are all equal gets advantage 0 for every
///   sample: it says nothing about which response is better.
/// - A group of one sample (or one unmasked sample) gets 0 too. verl
///   uses the raw reward there; we give no update rather than push every
///   lone sample up.
/// - Masked samples get 0 and are left out of their group's statistics.
///
/// # Example
/// ```
/// use rlvr_core::rl::GroupAdvantage;
/// let adv = GroupAdvantage::new(4).with_std(false).compute(&[1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])?;
/// assert_eq!(adv, [0.75, -0.25, -0.25, -0.25, 0.0, 0.0, 0.0, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct GroupAdvantage {
    /// Samples per prompt (G).
    pub group_size: usize,
    /// Divide by the group's standard deviation.
    pub std: bool,
    /// Added to the standard deviation before dividing.
    pub eps: f64,
}

impl GroupAdvantage {
    /// Groups of `group_size`, std-normalised, `eps = 1e-6` (verl's value).
    pub fn new(group_size: usize) -> Self {
        Self { group_size, std: true, eps: 1e-6 }
    }

    /// Whether to divide by the group's standard deviation.
    #[must_use]
    pub fn with_std(mut self, std: bool) -> Self {
        self.std = std;
        self
    }

    /// Sets `eps`.
    #[must_use]
    pub fn with_eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// The advantages of `rewards`, none masked.
    ///
    /// # Errors
    /// [`RlError::GroupSize`] when the group size is 0 or does not divide
    /// the number of rewards.
    pub fn compute(&self, rewards: &[f64]) -> Result<Vec<f64>, RlError> {
        self.compute_masked(rewards, &vec![true; rewards.len()])
    }

    /// The advantages of `rewards`, where `mask[i] == false` leaves sample
    /// `i` out (advantage 0, not in its group's statistics).
    ///
    /// # Errors
    /// [`RlError::GroupSize`] as for [`compute`](GroupAdvantage::compute);
    /// [`RlError::LengthMismatch`] when `mask` is not parallel to `rewards`.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::rl::GroupAdvantage;
    /// let adv = GroupAdvantage::new(3).compute_masked(&[1.0, 0.0, 0.0], &[true, true, false])?;
    /// assert!((adv[0] - 0.7071).abs() < 1e-3 && (adv[1] + 0.7071).abs() < 1e-3);
    /// assert_eq!(adv[2], 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compute_masked(&self, rewards: &[f64], mask: &[bool]) -> Result<Vec<f64>, RlError> {
        let g = self.group_size;
        if g == 0 || !rewards.len().is_multiple_of(g) {
            return Err(RlError::GroupSize { len: rewards.len(), group_size: g });
        }
        if mask.len() != rewards.len() {
            return Err(RlError::LengthMismatch {
                what: "mask",
                got: mask.len(),
                expected: rewards.len(),
            });
        }
        let mut out = vec![0.0; rewards.len()];
        for ((r, m), a) in rewards.chunks(g).zip(mask.chunks(g)).zip(out.chunks_mut(g)) {
            let live: Vec<f64> = r.iter().zip(m).filter(|(_, m)| **m).map(|(r, _)| *r).collect();
            if live.len() < 2 {
                continue;
            }
            let n = live.len() as f64;
            let mean = live.iter().sum::<f64>() / n;
            let scale = if self.std {
                let var = live.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
                var.sqrt() + self.eps
            } else {
                1.0
            };
            for ((a, r), m) in a.iter_mut().zip(r).zip(m) {
                if *m {
                    let centred = r - mean;
                    // All-equal groups: exactly 0, not 0 / eps noise.
                    *a = if centred.abs() <= f64::EPSILON * mean.abs().max(1.0) {
                        0.0
                    } else {
                        centred / scale
                    };
                }
            }
        }
        Ok(out)
    }
}

/// DAPO's overlong-buffer penalty: responses that run into the last
/// `buffer` tokens before `max_len` lose reward linearly, up to `factor`
/// at `max_len`:
/// `min(-(len - (max_len - buffer)) / buffer * factor, 0)`.
///
/// # Example
/// ```
/// use rlvr_core::rl::OverlongBuffer;
/// let p = OverlongBuffer::new(100, 20, 1.0);
/// assert_eq!(p.penalty(80), 0.0);
/// assert_eq!(p.penalty(90), -0.5);
/// assert_eq!(p.penalty(100), -1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct OverlongBuffer {
    /// The maximum response length, in tokens.
    pub max_len: usize,
    /// The length of the buffer before `max_len` where the penalty grows.
    pub buffer: usize,
    /// The penalty at `max_len`.
    pub factor: f64,
}

impl OverlongBuffer {
    /// A penalty reaching `-factor` at `max_len`, starting `buffer` tokens
    /// before it.
    pub fn new(max_len: usize, buffer: usize, factor: f64) -> Self {
        Self { max_len, buffer, factor }
    }

    /// The penalty (≤ 0) for a response of `len` tokens. A zero buffer
    /// gives no penalty. Past `max_len` the line continues, as in verl.
    pub fn penalty(&self, len: usize) -> f64 {
        if self.buffer == 0 {
            return 0.0;
        }
        let start = self.max_len.saturating_sub(self.buffer) as f64;
        let p = -(len as f64 - start) / self.buffer as f64 * self.factor;
        p.min(0.0)
    }
}

/// Reward shaping, kept apart from correctness: each term is computed from
/// a sample's verdict and length and returned on its own, never added into
/// a [`Reward`](crate::Reward).
///
/// Everything is off by default: [`Shaping::new`] gives 0 for every sample.
///
/// # Example
/// ```
/// use rlvr_core::rl::{OverlongBuffer, Shaping};
/// use rlvr_core::Verdict;
/// let s = Shaping::new()
///     .with_overlong(OverlongBuffer::new(100, 20, 1.0))
///     .with_format_bonus(0.1)
///     .with_length_penalty(0.001);
/// // Answered (well formed), 90 tokens: +0.1 - 0.5 - 0.09.
/// assert!((s.term(Some(Verdict::Incorrect), 90) - (-0.49)).abs() < 1e-12);
/// // No answer: no bonus.
/// assert!((s.term(Some(Verdict::NoAnswer), 10) - (-0.01)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Shaping {
    /// The DAPO overlong-buffer penalty, if any.
    pub overlong: Option<OverlongBuffer>,
    /// Added when the response has a gradable answer (any verdict but
    /// [`Verdict::NoAnswer`]; not for ungraded samples). Keep it small or
    /// zero: rewarding form alone can collapse a policy.
    pub format_bonus: f64,
    /// Subtracted per response token.
    pub length_penalty: f64,
}

impl Shaping {
    /// No shaping: every term is 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the overlong-buffer penalty.
    #[must_use]
    pub fn with_overlong(mut self, overlong: OverlongBuffer) -> Self {
        self.overlong = Some(overlong);
        self
    }

    /// Sets the format bonus.
    #[must_use]
    pub fn with_format_bonus(mut self, bonus: f64) -> Self {
        self.format_bonus = bonus;
        self
    }

    /// Sets the per-token length penalty.
    #[must_use]
    pub fn with_length_penalty(mut self, per_token: f64) -> Self {
        self.length_penalty = per_token;
        self
    }

    /// The shaping term of one sample: `verdict` is `None` when the sample
    /// could not be graded, `len` is its response length in tokens.
    pub fn term(&self, verdict: Option<Verdict>, len: usize) -> f64 {
        let overlong = self.overlong.map_or(0.0, |o| o.penalty(len));
        let format = match verdict {
            Some(v) if v != Verdict::NoAnswer => self.format_bonus,
            _ => 0.0,
        };
        overlong + format - self.length_penalty * len as f64
    }

    /// The shaping term of every sample of a batch; masked samples get 0.
    ///
    /// # Panics
    /// When `lengths` does not have one entry per sample.
    pub fn terms(&self, rewards: &DenseRewards, lengths: &[usize]) -> Vec<f64> {
        assert_eq!(lengths.len(), rewards.len(), "one length per sample");
        rewards
            .verdicts
            .iter()
            .zip(&rewards.mask)
            .zip(lengths)
            .map(|((v, m), &len)| if *m { self.term(*v, len) } else { 0.0 })
            .collect()
    }
}

/// The unbiased pass@k estimate from `n` samples of which `c` are correct:
/// `1 - C(n-c, k) / C(n, k)` (Chen et al., 2021), the probability that at
/// least one of `k` samples drawn without replacement is correct.
///
/// Computed as `1 - prod_{i = n-c+1}^{n} (1 - k / i)`, which never forms
/// the binomials and so neither overflows nor cancels for large `n`.
///
/// # Errors
/// [`RlError::PassAtK`] when `k == 0`, `k > n` or `c > n`.
///
/// # Example
/// ```
/// use rlvr_core::rl::pass_at_k;
/// assert_eq!(pass_at_k(5, 0, 3)?, 0.0);
/// assert!((pass_at_k(5, 2, 2)? - 0.7).abs() < 1e-12); // 1 - C(3,2)/C(5,2) = 1 - 3/10
/// assert_eq!(pass_at_k(5, 3, 3)?, 1.0); // n - c < k: a correct one is always drawn
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pass_at_k(n: u64, c: u64, k: u64) -> Result<f64, RlError> {
    if k == 0 || k > n || c > n {
        return Err(RlError::PassAtK { n, c, k });
    }
    if n - c < k {
        return Ok(1.0);
    }
    let k = k as f64;
    let miss: f64 = (n - c + 1..=n).map(|i| 1.0 - k / i as f64).product();
    Ok(1.0 - miss)
}

/// The mean pass@k over groups: `correct` is laid out group by group as
/// for [`GroupAdvantage`], each group being `n = group_size` samples of one
/// prompt.
///
/// # Errors
/// [`RlError::GroupSize`] when the group size is 0 or does not divide the
/// batch; [`RlError::PassAtK`] when `k` is 0 or above the group size.
///
/// # Example
/// ```
/// use rlvr_core::rl::mean_pass_at_k;
/// let correct = [true, false, false, false, false, false];
/// assert!((mean_pass_at_k(&correct, 3, 2)? - (2.0 / 3.0) / 2.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mean_pass_at_k(correct: &[bool], group_size: usize, k: u64) -> Result<f64, RlError> {
    if group_size == 0 || correct.is_empty() || !correct.len().is_multiple_of(group_size) {
        return Err(RlError::GroupSize { len: correct.len(), group_size });
    }
    let groups = correct.chunks(group_size);
    let count = groups.len() as f64;
    let mut sum = 0.0;
    for g in groups {
        let c = g.iter().filter(|&&x| x).count();
        sum += pass_at_k(g.len() as u64, c as u64, k)?;
    }
    Ok(sum / count)
}

#[cfg(test)]
mod tests;
