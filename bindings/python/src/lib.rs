//! The `rlvr` Python module: rlvr's reward verifiers as drop-in reward
//! functions for verl, TRL and OpenRLHF.
//!
//! Every entry point turns its Python inputs into [`rlvr::Sample`]s while
//! it holds the GIL, grades them with the GIL released (batches on Rust
//! threads), and hands back plain Python values. Bad data never raises: a
//! row that cannot be read or graded comes back as a record with a status
//! (`gold_unparseable`, `internal_error`, ...). Only programming mistakes
//! raise: a wrong option type, sequences of different lengths.
//!
//! See `README.md` beside this crate for the trainer recipes and `rlvr.pyi`
//! for the Python signatures.

#![deny(missing_docs)]

mod convert;
mod engine;
mod trl;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rlvr::{Error, Sample, Status};

use crate::engine::{Options, score_many, score_one};

/// Grades one response, with verl's `custom_reward_function` signature.
///
/// `ground_truth` may be a str (plain or JSON), dict, list or numpy value;
/// `extra_info` a dict, JSON string or numpy 0-d object array. Keyword
/// options: `prompt` (str or chat list, reaches the verifier),
/// `extraction` ("strict" or "lenient"), `max_steps`, `timeout_s`, and
/// `judge_url`, `judge_model`, `judge_key_env` (an OpenAI-compatible judge
/// for the WebInstruct answers the rules cannot decide; its failures are
/// error records, never wrong answers); other keywords are ignored.
///
/// Returns a dict with always the same keys: `score` (float in [0, 1]),
/// `acc` (bool), `status` (str), `pred`, `detail`, `verifier` (str, "" when
/// absent) and `latency_us` (int). Never raises for bad data: a sample that
/// cannot be graded has an error `status` and score 0.
#[pyfunction]
#[pyo3(signature = (data_source, solution_str, ground_truth, extra_info=None, **kwargs))]
fn compute_score<'py>(
    py: Python<'py>,
    data_source: &Bound<'py, PyAny>,
    solution_str: &Bound<'py, PyAny>,
    ground_truth: &Bound<'py, PyAny>,
    extra_info: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = Options::from_kwargs(kwargs)?;
    let sample = single_sample(data_source, solution_str, ground_truth, extra_info, kwargs)?;
    let record = score_one(py, sample, &opts)?;
    convert::record_dict(py, &record)
}

fn single_sample(
    data_source: &Bound<'_, PyAny>,
    solution_str: &Bound<'_, PyAny>,
    ground_truth: &Bound<'_, PyAny>,
    extra_info: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Result<Sample, Error>> {
    let prompt = match kwargs {
        Some(k) => k.get_item("prompt")?,
        None => None,
    };
    Ok(convert::sample(
        convert::text(data_source, "data_source"),
        convert::text(solution_str, "solution_str"),
        convert::ground_truth(ground_truth),
        convert::extra_info(extra_info),
        convert::prompt(prompt.as_ref()),
    ))
}

/// The sample `compute_score` would grade, as JSON (for tests).
#[pyfunction]
#[pyo3(signature = (data_source, solution_str, ground_truth, extra_info=None, **kwargs))]
fn _compute_score_sample(
    data_source: &Bound<'_, PyAny>,
    solution_str: &Bound<'_, PyAny>,
    ground_truth: &Bound<'_, PyAny>,
    extra_info: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    Ok(sample_json(&single_sample(data_source, solution_str, ground_truth, extra_info, kwargs)?))
}

/// A sample as JSON, or `{"error": ...}`.
pub(crate) fn sample_json(s: &Result<Sample, Error>) -> String {
    match s {
        Ok(s) => serde_json::to_string(s).unwrap_or_default(),
        Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
    }
}

/// Grades a batch, with verl's batch reward manager signature; the items
/// are graded in parallel on Rust threads with the GIL released.
///
/// Sequences may be lists, tuples or numpy arrays; a single str as
/// `data_sources` applies to every item; `extra_infos` may be None.
/// Keyword options: `num_threads` (default every core), `prompts` (one per
/// item), `extraction`, `max_steps`, `timeout_s`.
///
/// Returns one record dict (as `compute_score`'s) per item, in order.
/// Raises ValueError when the sequences differ in length.
#[pyfunction]
#[pyo3(signature = (data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs))]
fn compute_score_batch<'py>(
    py: Python<'py>,
    data_sources: &Bound<'py, PyAny>,
    solution_strs: &Bound<'py, PyAny>,
    ground_truths: &Bound<'py, PyAny>,
    extra_infos: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts = Options::from_kwargs(kwargs)?;
    let responses = items(solution_strs, "solution_strs")?;
    let n = responses.len();
    let sources = broadcast(data_sources, "data_sources", n)?;
    let golds = sequence(ground_truths, "ground_truths", n)?;
    let extras = optional_sequence(extra_infos, "extra_infos", n)?;
    let prompts = match kwargs {
        Some(k) => optional_sequence(k.get_item("prompts")?.as_ref(), "prompts", n)?,
        None => vec![None; n],
    };
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        samples.push(convert::sample(
            convert::text(&sources[i], "data_source"),
            convert::text(&responses[i], "solution_str"),
            convert::ground_truth(&golds[i]),
            convert::extra_info(extras[i].as_ref()),
            convert::prompt(prompts[i].as_ref()),
        ));
    }
    let records = score_many(py, samples, &opts)?;
    let out = PyList::empty(py);
    for r in &records {
        out.append(convert::record_dict(py, r)?)?;
    }
    Ok(out)
}

/// OpenRLHF's file-mode reward function: `queries[i]` is prompt + response
/// (the response is what follows the prompt in it), `labels[i]` a gold
/// string or a `{"data_source", "ground_truth", "extra_info"}` object.
/// Returns `{"rewards", "scores", "extra_logs"}` as lists of floats (torch
/// tensors with `tensors=True`).
#[pyfunction]
#[pyo3(signature = (queries, prompts=None, labels=None, **kwargs))]
fn reward_func<'py>(
    py: Python<'py>,
    queries: &Bound<'py, PyAny>,
    prompts: Option<&Bound<'py, PyAny>>,
    labels: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = Options::from_kwargs(kwargs)?;
    let tensors = match kwargs {
        Some(k) => k.get_item("tensors")?.map(|v| v.is_truthy()).transpose()?.unwrap_or(false),
        None => false,
    };
    let samples = openrlhf_samples(queries, prompts, labels, kwargs)?;
    let records = score_many(py, samples, &opts)?;
    let scores: Vec<f64> = records.iter().map(|r| r.score).collect();
    let logs: Vec<[f64; 5]> = records.iter().map(rlvr::openrlhf::extra_logs).collect();
    let to_out = |values: Vec<f64>| -> PyResult<Bound<'py, PyAny>> {
        if tensors {
            py.import("torch")?.call_method1("tensor", (values,))
        } else {
            Ok(PyList::new(py, values)?.into_any())
        }
    };
    let extra = PyDict::new(py);
    for (j, name) in rlvr::openrlhf::EXTRA_LOGS.iter().enumerate() {
        extra.set_item(*name, to_out(logs.iter().map(|l| l[j]).collect())?)?;
    }
    let out = PyDict::new(py);
    out.set_item("rewards", to_out(scores.clone())?)?;
    out.set_item("scores", to_out(scores)?)?;
    out.set_item("extra_logs", extra)?;
    Ok(out)
}

fn openrlhf_samples(
    queries: &Bound<'_, PyAny>,
    prompts: Option<&Bound<'_, PyAny>>,
    labels: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<Result<Sample, Error>>> {
    let mut default_source = None;
    if let Some(k) = kwargs
        && let Some(v) = k.get_item("data_source")?
    {
        default_source = v
            .extract::<Option<String>>()
            .map_err(|_| PyTypeError::new_err("`data_source` must be a str or None"))?;
    }
    let queries = items(queries, "queries")?;
    let n = queries.len();
    let prompts = optional_sequence(prompts, "prompts", n)?;
    let labels = optional_sequence(labels, "labels", n)?;
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let prompt = prompts[i].as_ref().and_then(|p| convert::text(p, "prompt").ok());
        let sample = convert::text(&queries[i], "query").and_then(|query| {
            let label = match &labels[i] {
                Some(l) => convert::to_json(l).map_err(|e| {
                    Error::invalid_ground_truth("python bindings", format!("label: {e}"))
                })?,
                None => serde_json::Value::Null,
            };
            rlvr::openrlhf::sample(
                &query,
                prompt.as_deref(),
                rlvr::openrlhf::Label::from_value(label),
                default_source.as_deref(),
            )
        });
        samples.push(sample);
    }
    Ok(samples)
}

/// The samples `reward_func` would grade, as JSON (for tests).
#[pyfunction]
#[pyo3(signature = (queries, prompts=None, labels=None, **kwargs))]
fn _reward_func_samples(
    queries: &Bound<'_, PyAny>,
    prompts: Option<&Bound<'_, PyAny>>,
    labels: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<String>> {
    Ok(openrlhf_samples(queries, prompts, labels, kwargs)?.iter().map(sample_json).collect())
}

/// The statuses a record can have, in display order.
#[pyfunction]
fn statuses() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.as_str()).collect()
}

/// The verifiers compiled into this wheel.
#[pyfunction]
fn verifiers() -> Vec<String> {
    engine::REGISTRY.verifier_names().into_iter().map(str::to_owned).collect()
}

/// The verifier that grades `data_source`, or `None` when no route exists.
#[pyfunction]
fn route_of(data_source: &str) -> Option<String> {
    engine::REGISTRY.route_of(data_source).map(str::to_owned)
}

/// The items of a sequence (list, tuple, numpy array, any iterable). A
/// `str` is refused: it is almost certainly a single value passed where a
/// batch was expected.
fn items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("`{what}` must be a sequence, not a str")));
    }
    let iter =
        obj.try_iter().map_err(|_| PyTypeError::new_err(format!("`{what}` must be a sequence")))?;
    iter.collect()
}

/// A sequence of exactly `n` items.
fn sequence<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    n: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let v = items(obj, what)?;
    if v.len() != n {
        return Err(PyValueError::new_err(format!(
            "`{what}` has {} items but there are {n} responses",
            v.len()
        )));
    }
    Ok(v)
}

/// A sequence of `n` items, or `None` (every item `None`).
fn optional_sequence<'py>(
    obj: Option<&Bound<'py, PyAny>>,
    what: &str,
    n: usize,
) -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
    match obj {
        Some(o) if !o.is_none() => Ok(sequence(o, what, n)?.into_iter().map(Some).collect()),
        _ => Ok(vec![None; n]),
    }
}

/// A sequence of `n` items, or one `str` repeated.
fn broadcast<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    n: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() {
        return Ok(vec![obj.clone(); n]);
    }
    sequence(obj, what, n)
}

/// rlvr: reward verifiers for RL of language models.
///
/// Drop-in reward functions: `compute_score` / `compute_score_batch`
/// (verl), `trl_reward` (TRL), `reward_func` (OpenRLHF). Grading runs in
/// Rust with the GIL released; bad data gives a record with a `status`,
/// never an exception.
#[pymodule]
#[pyo3(name = "rlvr")]
fn rlvr_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(compute_score, m)?)?;
    m.add_function(wrap_pyfunction!(compute_score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(reward_func, m)?)?;
    m.add_function(wrap_pyfunction!(statuses, m)?)?;
    m.add_function(wrap_pyfunction!(verifiers, m)?)?;
    m.add_function(wrap_pyfunction!(route_of, m)?)?;
    m.add_function(wrap_pyfunction!(_compute_score_sample, m)?)?;
    m.add_function(wrap_pyfunction!(_reward_func_samples, m)?)?;
    m.add_class::<trl::TrlReward>()?;
    // `trl_reward(...)` builds a `TrlReward`: the class itself, so the two
    // names can never disagree and pickling by reference finds either.
    m.add("trl_reward", m.getattr("TrlReward")?)?;
    Ok(())
}
