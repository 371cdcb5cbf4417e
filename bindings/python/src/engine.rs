//! The one registry, the run options read from keyword arguments, and
//! grading with the GIL released.

#[cfg(feature = "judge")]
use std::collections::HashMap;
#[cfg(feature = "judge")]
use std::sync::Mutex;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rlvr::extract::Mode;
use rlvr::{BatchOptions, Budget, Context, Error, Outcome, Record, Registry, Sample};

/// The code sandbox (one engine, one loaded guest) that every registry of
/// the process shares.
#[cfg(feature = "code")]
static SANDBOX: LazyLock<Arc<rlvr::code::Sandbox>> =
    LazyLock::new(|| Arc::new(rlvr::code::Sandbox::new()));

/// The registry options every registry of the process starts from.
fn base_options() -> rlvr::Options {
    #[allow(unused_mut, reason = "the sandbox is shared only with the `code` feature")]
    let mut options = rlvr::Options::default();
    #[cfg(feature = "code")]
    {
        options = options.sandbox(Arc::clone(&SANDBOX));
    }
    options
}

/// Every verifier compiled into the wheel, built once per process on first
/// use. Grading is re-entrant, so all threads share it.
pub(crate) static REGISTRY: LazyLock<Arc<Registry>> =
    LazyLock::new(|| Arc::new(base_options().registry()));

/// The registries with a judge, one per judge configuration, built on first
/// use and kept for the process.
#[cfg(feature = "judge")]
static JUDGED: LazyLock<Mutex<HashMap<JudgeKey, Arc<Registry>>>> = LazyLock::new(Mutex::default);

/// A judge configuration: URL, model, API-key variable.
#[cfg(feature = "judge")]
type JudgeKey = (String, String, Option<String>);

/// Options every entry point accepts as keyword arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Options {
    /// Worker threads for batches (`None`: every core).
    pub(crate) num_threads: Option<usize>,
    /// `"strict"` (default) or `"lenient"` extraction.
    pub(crate) extraction: Option<String>,
    /// The step budget per sample.
    pub(crate) max_steps: Option<u64>,
    /// The wall-clock backstop per sample, in seconds.
    pub(crate) timeout_s: Option<f64>,
    /// The LLM judge for undecided WebInstruct answers: URL, model and
    /// API-key variable (feature `judge`).
    pub(crate) judge_url: Option<String>,
    pub(crate) judge_model: Option<String>,
    pub(crate) judge_key_env: Option<String>,
}

impl Options {
    /// Reads the options from `**kwargs`, leaving other keys alone (verl
    /// forwards its own `reward_kwargs`; they are ignored).
    ///
    /// # Errors
    /// `TypeError` / `ValueError` for an option of the wrong type or value:
    /// these are configuration mistakes, raised on the first call, not data.
    pub(crate) fn from_kwargs(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let mut opts = Self::default();
        let Some(kwargs) = kwargs else { return Ok(opts) };
        if let Some(v) = kwargs.get_item("num_threads")? {
            opts.num_threads = v.extract::<Option<usize>>().map_err(|_| {
                PyTypeError::new_err("`num_threads` must be a non-negative int or None")
            })?;
        }
        if let Some(v) = kwargs.get_item("extraction")? {
            opts.extraction = v
                .extract::<Option<String>>()
                .map_err(|_| PyTypeError::new_err("`extraction` must be a str or None"))?;
        }
        if let Some(v) = kwargs.get_item("max_steps")? {
            opts.max_steps = v
                .extract::<Option<u64>>()
                .map_err(|_| PyTypeError::new_err("`max_steps` must be a positive int or None"))?;
        }
        if let Some(v) = kwargs.get_item("timeout_s")? {
            opts.timeout_s = v
                .extract::<Option<f64>>()
                .map_err(|_| PyTypeError::new_err("`timeout_s` must be a number or None"))?;
        }
        for (key, slot) in [
            ("judge_url", &mut opts.judge_url),
            ("judge_model", &mut opts.judge_model),
            ("judge_key_env", &mut opts.judge_key_env),
        ] {
            if let Some(v) = kwargs.get_item(key)? {
                *slot = v
                    .extract::<Option<String>>()
                    .map_err(|_| PyTypeError::new_err(format!("`{key}` must be a str or None")))?;
            }
        }
        opts.validate()?;
        Ok(opts)
    }

    /// The registry these options grade with: the shared one, or the one
    /// with the judge they name.
    ///
    /// # Errors
    /// `ValueError` for judge keywords that do not go together, a URL that
    /// is not http(s), an unset API-key variable, or a wheel built without
    /// the judge.
    pub(crate) fn registry(&self) -> PyResult<Arc<Registry>> {
        let (url, model) = match (&self.judge_url, &self.judge_model) {
            (None, None) if self.judge_key_env.is_none() => return Ok(Arc::clone(&REGISTRY)),
            (Some(url), Some(model)) => (url.clone(), model.clone()),
            _ => {
                return Err(PyValueError::new_err(
                    "`judge_url` and `judge_model` go together (and `judge_key_env` needs them)",
                ));
            }
        };
        self.judged(url, model)
    }

    #[cfg(feature = "judge")]
    fn judged(&self, url: String, model: String) -> PyResult<Arc<Registry>> {
        use rlvr::science::{Judge, JudgeConfig};
        let key = (url, model, self.judge_key_env.clone());
        let mut cache = JUDGED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(r) = cache.get(&key) {
            return Ok(Arc::clone(r));
        }
        let mut config = JudgeConfig::new(key.0.clone(), key.1.clone());
        if let Some(var) = &key.2 {
            config = config.api_key_env(var.clone());
        }
        let judge = Judge::new(config).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let registry = Arc::new(base_options().judge(judge).registry());
        cache.insert(key, Arc::clone(&registry));
        Ok(registry)
    }

    #[cfg(not(feature = "judge"))]
    #[allow(clippy::unused_self, reason = "the same signature as with the judge")]
    fn judged(&self, _: String, _: String) -> PyResult<Arc<Registry>> {
        Err(PyValueError::new_err("this wheel was built without the judge (feature `judge`)"))
    }

    /// Checks values that parse but make no sense.
    pub(crate) fn validate(&self) -> PyResult<()> {
        self.mode()?;
        self.budget()?;
        Ok(())
    }

    fn mode(&self) -> PyResult<Mode> {
        match self.extraction.as_deref() {
            None => Ok(Mode::default()),
            Some(name) => Mode::from_name(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "`extraction` must be \"strict\" or \"lenient\", not {name:?}"
                ))
            }),
        }
    }

    fn budget(&self) -> PyResult<Budget> {
        let mut budget = Budget::default();
        if let Some(steps) = self.max_steps {
            if steps == 0 {
                return Err(PyValueError::new_err("`max_steps` must be positive"));
            }
            budget = budget.with_steps(steps);
        }
        if let Some(secs) = self.timeout_s {
            let wall = Duration::try_from_secs_f64(secs)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| PyValueError::new_err("`timeout_s` must be a positive number"))?;
            budget = budget.with_wall(Some(wall));
        }
        Ok(budget)
    }

    fn batch(&self) -> PyResult<BatchOptions> {
        Ok(BatchOptions::default()
            .with_threads(self.num_threads.unwrap_or(0))
            .with_budget(self.budget()?)
            .with_extraction(self.mode()?))
    }
}

/// Grades one sample with the GIL released.
pub(crate) fn score_one(
    py: Python<'_>,
    sample: Result<Sample, Error>,
    opts: &Options,
) -> PyResult<Record> {
    let sample = match sample {
        Ok(s) => s,
        Err(e) => return Ok(Record::from_outcome(&Outcome::failed(e))),
    };
    let cx = Context::new(&opts.budget()?).with_extraction(opts.mode()?);
    let registry = opts.registry()?;
    let outcome = py.detach(|| registry.verify_timed(&sample, &cx));
    Ok(Record::from_outcome(&outcome))
}

/// Grades many samples on Rust threads with the GIL released; the records
/// come back in input order, one per input.
pub(crate) fn score_many(
    py: Python<'_>,
    samples: Vec<Result<Sample, Error>>,
    opts: &Options,
) -> PyResult<Vec<Record>> {
    let batch = opts.batch()?;
    let registry = opts.registry()?;
    let mut good = Vec::with_capacity(samples.len());
    let mut slots: Vec<Result<usize, Error>> = Vec::with_capacity(samples.len());
    for s in samples {
        slots.push(s.map(|s| {
            good.push(s);
            good.len() - 1
        }));
    }
    let outcomes = py.detach(|| registry.verify_batch(&good, &batch));
    let mut outcomes: Vec<Option<Outcome>> = outcomes.into_iter().map(Some).collect();
    Ok(slots
        .into_iter()
        .map(|slot| match slot {
            Ok(i) => outcomes[i].take().map_or_else(missing_outcome, |o| Record::from_outcome(&o)),
            Err(e) => Record::from_outcome(&Outcome::failed(e)),
        })
        .collect())
}

/// Unreachable in practice (`verify_batch` returns one outcome per sample);
/// a record rather than a panic all the same.
fn missing_outcome() -> Record {
    Record::from_outcome(&Outcome::failed(Error::malformed_row("internal: no outcome for sample")))
}
