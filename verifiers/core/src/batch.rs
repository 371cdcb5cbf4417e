//! Grading many samples on many threads: [`Registry::verify_batch`].

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::extract::Mode;
use crate::registry::run_verifier;
use crate::{Budget, CancelToken, Context, Error, Registry, Reward, Sample};

/// Options for [`Registry::verify_batch`].
///
/// # Example
/// ```
/// let opts = rlvr_core::BatchOptions::default().with_threads(2);
/// assert_eq!(opts.thread_count(10), 2);
/// assert_eq!(opts.thread_count(1), 1);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BatchOptions {
    /// Worker threads; `None` means the number of available cores.
    pub threads: Option<NonZeroUsize>,
    /// The budget each sample gets (a fresh [`Context`] per sample).
    pub budget: Budget,
    /// Cancels the remaining work; samples not yet graded get
    /// [`Error::Cancelled`].
    pub cancel: Option<CancelToken>,
    /// The default extraction mode for the run.
    pub extraction: Mode,
}

impl BatchOptions {
    /// Sets the thread count (0 means "available cores").
    #[must_use]
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = NonZeroUsize::new(threads);
        self
    }

    /// Sets the per-sample budget.
    #[must_use]
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Sets a cancellation token.
    #[must_use]
    pub fn with_cancel(mut self, cancel: CancelToken) -> Self {
        self.cancel = Some(cancel);
        self
    }

    /// Sets the default extraction mode.
    #[must_use]
    pub fn with_extraction(mut self, mode: Mode) -> Self {
        self.extraction = mode;
        self
    }

    /// The number of threads used for `items` samples.
    pub fn thread_count(&self, items: usize) -> usize {
        let want = self.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
            NonZeroUsize::get,
        );
        want.min(items).max(1)
    }

    fn context(&self) -> Context {
        let cx = Context::new(&self.budget).with_extraction(self.extraction);
        match &self.cancel {
            Some(token) => cx.with_cancel(token.clone()),
            None => cx,
        }
    }
}

/// The result of grading one sample in a batch.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome {
    /// The reward, or why the sample could not be graded.
    pub result: Result<Reward, Error>,
    /// The name of the verifier that ran (`None` when dispatch failed).
    pub verifier: Option<String>,
    /// Time spent on this sample, dispatch included.
    pub elapsed: Duration,
}

impl Outcome {
    /// An outcome for a sample that never reached a verifier (for instance
    /// a malformed row).
    pub fn failed(error: Error) -> Self {
        Self { result: Err(error), verifier: None, elapsed: Duration::ZERO }
    }

    /// The score, with 0 for errors.
    pub fn score(&self) -> f64 {
        self.result.as_ref().map_or(0.0, |r| r.score)
    }
}

impl Registry {
    /// Grades one sample within `cx`, timing it and recording which
    /// verifier ran. Panics are contained.
    pub fn verify_timed(&self, sample: &Sample, cx: &Context) -> Outcome {
        let start = Instant::now();
        let (result, verifier) = match self.resolve(&sample.data_source) {
            Ok(v) => {
                let result = if let Err(e) = cx.check() {
                    Err(e)
                } else {
                    run_verifier(v.as_ref(), sample, || v.verify(sample, cx))
                };
                (result, Some(v.name().to_owned()))
            }
            Err(e) => (Err(e), None),
        };
        Outcome { result, verifier, elapsed: start.elapsed() }
    }

    /// Grades every sample, in parallel, and returns the outcomes in input
    /// order.
    ///
    /// Each sample gets its own [`Context`] from `opts.budget`; a panic or
    /// an error in one sample never affects another.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::{BatchOptions, Registry, Sample};
    /// let reg = Registry::guru();
    /// let samples = vec![Sample::new("nope", "", ""), Sample::new("math__x", "", "1")];
    /// let out = reg.verify_batch(&samples, &BatchOptions::default());
    /// assert_eq!(out.len(), 2);
    /// assert!(out.iter().all(|o| o.result.is_err())); // no verifiers registered
    /// ```
    pub fn verify_batch(&self, samples: &[Sample], opts: &BatchOptions) -> Vec<Outcome> {
        self.verify_batch_with(samples, opts, |_| {})
    }

    /// [`verify_batch`](Registry::verify_batch), calling `on_done(index)` as
    /// each sample finishes (from the worker threads; for progress bars).
    pub fn verify_batch_with<F>(
        &self,
        samples: &[Sample],
        opts: &BatchOptions,
        on_done: F,
    ) -> Vec<Outcome>
    where
        F: Fn(usize) + Sync,
    {
        let one = |i: usize| {
            let outcome = self.verify_timed(&samples[i], &opts.context());
            on_done(i);
            outcome
        };
        let threads = opts.thread_count(samples.len());
        if threads <= 1 {
            return (0..samples.len()).map(one).collect();
        }
        // Work is claimed one sample at a time: samples differ in cost by
        // orders of magnitude (a number vs a program run), so static chunks
        // would leave threads idle.
        let next = AtomicUsize::new(0);
        let done: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::with_capacity(samples.len()));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= samples.len() {
                            break;
                        }
                        local.push((i, one(i)));
                    }
                    done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(local);
                });
            }
        });
        let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, o)| o).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{Pattern, Verifier};

    /// Correct when the response equals the ground truth; panics on "panic";
    /// burns its budget on "loop".
    #[derive(Debug)]
    struct Echo;

    impl Verifier for Echo {
        fn name(&self) -> &str {
            "echo"
        }
        fn verify(&self, s: &Sample, cx: &Context) -> Result<Reward, Error> {
            match s.response.as_str() {
                "panic" => panic!("asked to"),
                "loop" => loop {
                    cx.charge(1)?;
                },
                r => Ok(Reward::from_bool(Some(r) == s.ground_truth.as_str())),
            }
        }
    }

    fn registry() -> Registry {
        let mut reg = Registry::new();
        reg.register(Arc::new(Echo)).unwrap();
        reg.route(Pattern::prefix("e"), "echo").unwrap();
        reg
    }

    #[test]
    fn batch_keeps_input_order_and_isolates_failures() {
        let reg = registry();
        let mut samples = Vec::new();
        for i in 0..500 {
            let response = match i % 5 {
                0 => "panic".to_owned(),
                1 => "loop".to_owned(),
                _ => i.to_string(),
            };
            let ds = if i % 7 == 0 { "zzz" } else { "e" };
            samples.push(Sample::new(ds, response, (i % 2 == 0).then(|| i.to_string())));
        }
        let opts = BatchOptions::default()
            .with_threads(4)
            .with_budget(Budget::default().with_steps(10_000));
        let out = reg.verify_batch(&samples, &opts);
        assert_eq!(out.len(), samples.len());
        for (i, o) in out.iter().enumerate() {
            match (i % 7 == 0, i % 5) {
                (true, _) => assert!(matches!(o.result, Err(Error::UnknownDataSource { .. }))),
                (false, 0) => assert!(matches!(o.result, Err(Error::Panicked { .. }))),
                (false, 1) => assert!(matches!(o.result, Err(Error::BudgetExceeded { .. }))),
                (false, _) => {
                    let r = o.result.as_ref().unwrap();
                    assert_eq!(r.is_correct(), i % 2 == 0, "sample {i}");
                }
            }
        }
    }

    #[test]
    fn cancelled_batch_still_returns_every_outcome() {
        let reg = registry();
        let token = CancelToken::new();
        token.cancel();
        let samples: Vec<Sample> = (0..10).map(|_| Sample::new("e", "x", "x")).collect();
        let out = reg.verify_batch(&samples, &BatchOptions::default().with_cancel(token));
        assert_eq!(out.len(), 10);
        assert!(out.iter().all(|o| matches!(o.result, Err(Error::Cancelled))));
    }

    #[test]
    fn empty_batch_is_empty() {
        assert!(registry().verify_batch(&[], &BatchOptions::default()).is_empty());
    }
}
