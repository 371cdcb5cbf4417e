//! The [`Verifier`] trait.

use std::fmt::Debug;
use std::sync::Arc;

use crate::{Context, Error, Reward, Sample};

/// Grades responses for one family of data sources.
///
/// Two methods are required: [`name`](Verifier::name) and
/// [`verify`](Verifier::verify). The others have defaults that an
/// implementation may override (for speed, or to check ground truths ahead
/// of time).
///
/// The trait is object-safe and takes `&self`: a verifier holds immutable,
/// compiled state (tables, caches built once) and keeps per-call scratch on
/// the stack, so one `Arc<dyn Verifier>` serves every thread. Why `dyn`
/// rather than generics: the registry picks a verifier per row at run time
/// from the row's `data_source`, and the cost of one virtual call is nothing
/// next to the work of grading.
///
/// # Rewards and errors
/// Return `Ok(Reward)` for everything the model did, including no answer,
/// garbage, or a program that loops. Return `Err` only when the sample
/// cannot be graded (see [`Error`]).
///
/// # Example
/// ```
/// use rlvr_core::{Context, Error, Reward, Sample, Verifier};
///
/// /// Full marks when the response, trimmed, equals the ground truth string.
/// #[derive(Debug)]
/// struct Exact;
///
/// impl Verifier for Exact {
///     fn name(&self) -> &str {
///         "exact"
///     }
///     fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
///         cx.charge(sample.response.len() as u64)?;
///         let gold = sample
///             .ground_truth
///             .as_str()
///             .ok_or_else(|| Error::invalid_ground_truth(self.name(), "not a string"))?;
///         Ok(Reward::from_bool(sample.response.trim() == gold).with_pred(sample.response.trim()))
///     }
/// }
///
/// let r = Exact.verify(&Sample::new("demo", " yes ", "yes"), &Context::default())?;
/// assert!(r.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Verifier: Debug + Send + Sync {
    /// A short, stable name (`math`, `logic.zebra`); it is reported in every
    /// record's `verifier` field.
    fn name(&self) -> &str;

    /// Grades one sample within the budget of `cx`.
    ///
    /// # Errors
    /// When the sample cannot be graded (see [`Error`]).
    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error>;

    /// Grades several samples with one shared context. The default calls
    /// [`verify`](Verifier::verify) on each in order.
    fn verify_many(&self, samples: &[&Sample], cx: &Context) -> Vec<Result<Reward, Error>> {
        samples.iter().map(|s| self.verify(s, cx)).collect()
    }

    /// Checks that the sample's ground truth (and instance data) can be read,
    /// without grading any response. Used by `rlvr validate`.
    ///
    /// The default accepts everything.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when it cannot be read.
    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let _ = sample;
        Ok(())
    }
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<V: Verifier + ?Sized> Verifier for $ty {
            fn name(&self) -> &str {
                (**self).name()
            }
            fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
                (**self).verify(sample, cx)
            }
            fn verify_many(&self, samples: &[&Sample], cx: &Context) -> Vec<Result<Reward, Error>> {
                (**self).verify_many(samples, cx)
            }
            fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
                (**self).check_ground_truth(sample)
            }
        }
    )*};
}

forward!(&V, Box<V>, Arc<V>);
