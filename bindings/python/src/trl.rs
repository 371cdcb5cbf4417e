//! The TRL reward function object.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use rlvr::{Error, Sample, Status};
use serde_json::Value;

use crate::convert;
use crate::engine::{Options, score_many};

/// The fields a dataset column can feed, and the columns tried for each
/// when `columns` does not name one.
const FIELDS: [(&str, &[&str]); 3] = [
    ("data_source", &["data_source"]),
    ("ground_truth", &["ground_truth", "reward_model", "solution", "answer"]),
    ("extra_info", &["extra_info"]),
];

const DEFAULT_ABSTAIN: [Status; 2] = [Status::GoldUnparseable, Status::SandboxError];

/// A TRL reward function: `reward(prompts, completions, **columns)` returns
/// one float per completion, or None (abstain). `rlvr.trl_reward(...)` is
/// this class.
///
/// - `data_source`: used when the dataset has no `data_source` column.
/// - `columns`: `{field: column}` for `data_source`, `ground_truth`,
///   `extra_info`. Defaults: `data_source`; `ground_truth`, else
///   `reward_model` (its `ground_truth`), else `solution`, else `answer`;
///   `extra_info`.
/// - `abstain`: statuses scored None (default `gold_unparseable`,
///   `sandbox_error`).
/// - `num_threads`, `extraction`, `max_steps`, `timeout_s`: as for
///   `compute_score_batch`.
/// - `name`: the `__name__` TRL logs (default "rlvr_reward").
///
/// Picklable by reference to this class, so it crosses process
/// boundaries (Ray, multiprocessing, accelerate) unchanged; thread-safe.
#[pyclass(module = "rlvr", frozen)]
#[derive(Debug, Clone)]
pub(crate) struct TrlReward {
    data_source: Option<String>,
    /// (field, column) pairs given by the user.
    columns: Vec<(String, String)>,
    abstain: Vec<Status>,
    options: Options,
    name: String,
}

impl TrlReward {
    /// Checks and stores the configuration.
    #[expect(clippy::too_many_arguments, reason = "mirrors the Python keyword arguments")]
    fn create(
        data_source: Option<String>,
        columns: Option<&Bound<'_, PyAny>>,
        abstain: Option<&Bound<'_, PyAny>>,
        num_threads: Option<usize>,
        extraction: Option<String>,
        max_steps: Option<u64>,
        timeout_s: Option<f64>,
        name: Option<String>,
    ) -> PyResult<Self> {
        let mut pairs = Vec::new();
        if let Some(c) = columns.filter(|c| !c.is_none()) {
            let dict = c
                .cast::<PyDict>()
                .map_err(|_| PyTypeError::new_err("`columns` must be a dict {field: column}"))?;
            for (k, v) in dict.iter() {
                let field: String = k.extract()?;
                let column: String = v.extract()?;
                if !FIELDS.iter().any(|(f, _)| *f == field) {
                    return Err(PyValueError::new_err(format!(
                        "unknown field {field:?} in `columns`; fields are data_source, \
                         ground_truth, extra_info"
                    )));
                }
                pairs.push((field, column));
            }
            pairs.sort();
        }
        let abstain = match abstain.filter(|a| !a.is_none()) {
            None => DEFAULT_ABSTAIN.to_vec(),
            Some(a) => {
                if a.is_instance_of::<PyString>() {
                    return Err(PyTypeError::new_err("`abstain` must be a list of statuses"));
                }
                let mut out = Vec::new();
                for item in a.try_iter()? {
                    let name: String = item?.extract()?;
                    let status =
                        Status::ALL.into_iter().find(|s| s.as_str() == name).ok_or_else(|| {
                            PyValueError::new_err(format!(
                                "unknown status {name:?} in `abstain`; see rlvr.statuses()"
                            ))
                        })?;
                    out.push(status);
                }
                out
            }
        };
        let options = Options { num_threads, extraction, max_steps, timeout_s, ..Options::default() };
        options.validate()?;
        Ok(Self {
            data_source,
            columns: pairs,
            abstain,
            options,
            name: name.unwrap_or_else(|| "rlvr_reward".to_owned()),
        })
    }

    /// The dataset column for a field: the user's, else the first default
    /// present in `kwargs`.
    fn column<'py>(
        &self,
        field: &str,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Option<(String, Bound<'py, PyAny>)>> {
        let Some(kwargs) = kwargs else { return Ok(None) };
        if let Some((_, col)) = self.columns.iter().find(|(f, _)| f == field) {
            return Ok(kwargs.get_item(col)?.map(|v| (col.clone(), v)));
        }
        let defaults = FIELDS.iter().find(|(f, _)| *f == field).map_or(&[][..], |(_, d)| *d);
        for col in defaults {
            if let Some(v) = kwargs.get_item(*col)? {
                return Ok(Some(((*col).to_owned(), v)));
            }
        }
        Ok(None)
    }

    /// The samples for one call, in order.
    fn samples(
        &self,
        prompts: Option<&Bound<'_, PyAny>>,
        completions: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<Result<Sample, Error>>> {
        let Some(completions) = completions else {
            return Err(PyTypeError::new_err("missing `completions`"));
        };
        let completions = crate::items(completions, "completions")?;
        let n = completions.len();
        let prompts = crate::optional_sequence(prompts, "prompts", n)?;
        let sources = match self.column("data_source", kwargs)? {
            Some((col, v)) => Some(crate::broadcast(&v, &col, n)?),
            None => None,
        };
        let golds = match self.column("ground_truth", kwargs)? {
            Some((col, v)) => Some((col.clone(), crate::sequence(&v, &col, n)?)),
            None => None,
        };
        let extras = match self.column("extra_info", kwargs)? {
            Some((col, v)) => crate::optional_sequence(Some(&v), &col, n)?,
            None => vec![None; n],
        };
        let mut samples = Vec::with_capacity(n);
        for i in 0..n {
            let data_source = match (&sources, &self.data_source) {
                (Some(s), _) => convert::text(&s[i], "data_source"),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(Error::malformed_row(
                    "no data source: pass `data_source=` to rlvr.trl_reward or add a \
                     `data_source` column",
                )),
            };
            let ground_truth = match &golds {
                Some((col, g)) if col == "reward_model" => {
                    convert::ground_truth(&g[i]).and_then(|rm| match rm {
                        Value::Object(mut o) => o.remove("ground_truth").ok_or_else(|| {
                            Error::invalid_ground_truth(
                                "python bindings",
                                "`reward_model` has no `ground_truth`",
                            )
                        }),
                        other => Ok(other),
                    })
                }
                Some((_, g)) => convert::ground_truth(&g[i]),
                None => Err(Error::invalid_ground_truth(
                    "python bindings",
                    "no ground-truth column (tried ground_truth, reward_model, solution, \
                     answer; map one with columns={\"ground_truth\": ...})",
                )),
            };
            samples.push(convert::sample(
                data_source,
                convert::completion(&completions[i]),
                ground_truth,
                convert::extra_info(extras[i].as_ref()),
                convert::prompt(prompts[i].as_ref()),
            ));
        }
        Ok(samples)
    }
}

#[pymethods]
impl TrlReward {
    /// Same arguments as `rlvr.trl_reward`.
    #[new]
    #[pyo3(signature = (data_source=None, columns=None, abstain=None, num_threads=None,
                        extraction=None, max_steps=None, timeout_s=None, name=None))]
    #[expect(clippy::too_many_arguments, reason = "mirrors the Python keyword arguments")]
    fn new(
        data_source: Option<String>,
        columns: Option<&Bound<'_, PyAny>>,
        abstain: Option<&Bound<'_, PyAny>>,
        num_threads: Option<usize>,
        extraction: Option<String>,
        max_steps: Option<u64>,
        timeout_s: Option<f64>,
        name: Option<String>,
    ) -> PyResult<Self> {
        Self::create(
            data_source,
            columns,
            abstain,
            num_threads,
            extraction,
            max_steps,
            timeout_s,
            name,
        )
    }

    /// Scores TRL completions: strings, or conversations whose assistant
    /// turns are the response. Dataset columns arrive as keywords; the
    /// prompts reach the verifiers. Returns a float per completion, or
    /// None for an abstained status.
    #[pyo3(signature = (prompts=None, completions=None, **kwargs))]
    fn __call__(
        &self,
        py: Python<'_>,
        prompts: Option<&Bound<'_, PyAny>>,
        completions: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<Option<f64>>> {
        let samples = self.samples(prompts, completions, kwargs)?;
        let records = score_many(py, samples, &self.options)?;
        Ok(records.iter().map(|r| (!self.abstain.contains(&r.status)).then_some(r.score)).collect())
    }

    /// The samples a call would grade, as JSON (for tests).
    #[pyo3(signature = (prompts=None, completions=None, **kwargs))]
    fn _samples(
        &self,
        prompts: Option<&Bound<'_, PyAny>>,
        completions: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<String>> {
        Ok(self.samples(prompts, completions, kwargs)?.iter().map(crate::sample_json).collect())
    }

    /// The name TRL logs the reward under.
    #[getter(__name__)]
    fn name(&self) -> &str {
        &self.name
    }

    /// Pickles by reference to this class and its arguments.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let columns = PyDict::new(py);
        for (f, c) in &me.columns {
            columns.set_item(f, c)?;
        }
        let abstain: Vec<&str> = me.abstain.iter().map(|s| s.as_str()).collect();
        let args = (
            me.data_source.clone(),
            columns,
            abstain,
            me.options.num_threads,
            me.options.extraction.clone(),
            me.options.max_steps,
            me.options.timeout_s,
            me.name.clone(),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self) -> String {
        let abstain: Vec<&str> = self.abstain.iter().map(|s| s.as_str()).collect();
        format!(
            "TrlReward(data_source={:?}, columns={:?}, abstain={:?}, name={:?})",
            self.data_source, self.columns, abstain, self.name
        )
    }
}
