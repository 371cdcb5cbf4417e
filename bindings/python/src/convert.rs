//! Python values in, records out.
//!
//! Trainers hand over whatever their data loader produced: plain Python
//! values, JSON strings, numpy arrays and scalars (verl keeps non-tensor
//! columns as numpy object arrays), pandas values. numpy is never imported:
//! its values are read through `tolist()` / `item()`, which every numpy and
//! pandas value has. Nothing here raises for bad data; a value that cannot
//! be read becomes an [`Error`] and so a record with a status.

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use rlvr::{Error, Message, Prompt, Record, Sample};
use serde_json::{Map, Number, Value};

/// How deep a Python value may nest (cycles and pathological inputs end
/// here instead of overflowing the stack).
const MAX_DEPTH: usize = 64;

/// Reads any Python value as JSON.
///
/// # Errors
/// A message when the value nests too deep or a conversion hook
/// (`tolist`, `items`, `__str__`) raised.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> Result<Value, String> {
    value(obj, 0)
}

fn value(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("value nests deeper than {MAX_DEPTH} levels"));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // `bool` is a subclass of `int`: test it first.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // A big integer keeps every digit as a string.
        return Ok(Value::String(py_str(obj)?));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f = obj.extract::<f64>().map_err(|e| e.to_string())?;
        return Ok(Number::from_f64(f).map_or(Value::Null, Value::Number));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_string_lossy().into_owned()));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Value::String(String::from_utf8_lossy(b.as_bytes()).into_owned()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Value::String(String::from_utf8_lossy(&b.to_vec()).into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            map.insert(key(&k)?, value(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l.iter().map(|v| value(&v, depth + 1)).collect::<Result<_, _>>().map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t.iter().map(|v| value(&v, depth + 1)).collect::<Result<_, _>>().map(Value::Array);
    }
    // numpy arrays and scalars, pandas values: `tolist()` gives plain
    // Python values (a 0-d object array gives the object it holds).
    if let Some(converted) = call_hook(obj, "tolist")? {
        return value(&converted, depth + 1);
    }
    if let Some(converted) = call_hook(obj, "item")? {
        return value(&converted, depth + 1);
    }
    // Other mappings (OmegaConf, MappingProxy, ...).
    if let Some(items) = call_hook(obj, "items")? {
        let mut map = Map::new();
        for pair in items.try_iter().map_err(|e| e.to_string())? {
            let pair = pair.map_err(|e| e.to_string())?;
            let (k, v) = pair
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|e| e.to_string())?;
            map.insert(key(&k)?, value(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    // Sets, generators and other iterables read as lists; anything else
    // as its `str()`.
    if let Ok(iter) = obj.try_iter() {
        let mut out = Vec::new();
        for item in iter {
            out.push(value(&item.map_err(|e| e.to_string())?, depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    Ok(Value::String(py_str(obj)?))
}

/// Calls `obj.<name>()` when `obj` has such a method.
fn call_hook<'py>(
    obj: &Bound<'py, PyAny>,
    name: &str,
) -> Result<Option<Bound<'py, PyAny>>, String> {
    match obj.getattr_opt(name) {
        Ok(Some(method)) if method.is_callable() => {
            method.call0().map(Some).map_err(|e| format!("`{name}()` failed: {e}"))
        }
        _ => Ok(None),
    }
}

fn key(obj: &Bound<'_, PyAny>) -> Result<String, String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_string_lossy().into_owned()),
        Err(_) => py_str(obj),
    }
}

fn py_str(obj: &Bound<'_, PyAny>) -> Result<String, String> {
    obj.str().map(|s| s.to_string_lossy().into_owned()).map_err(|e| e.to_string())
}

/// A text field (`data_source`, a response): a `str`, or a numpy / bytes
/// value holding one.
pub(crate) fn text(obj: &Bound<'_, PyAny>, what: &str) -> Result<String, Error> {
    match to_json(obj) {
        Ok(Value::String(s)) => Ok(s),
        Ok(Value::Null) => Err(Error::malformed_row(format!("`{what}` is None"))),
        Ok(other) => {
            Err(Error::malformed_row(format!("`{what}` is not a string (got {})", kind(&other))))
        }
        Err(e) => Err(Error::malformed_row(format!("`{what}`: {e}"))),
    }
}

/// The ground truth: any value; strings (JSON or not) are kept as strings,
/// as the dataset rows store them, and each verifier reads them.
pub(crate) fn ground_truth(obj: &Bound<'_, PyAny>) -> Result<Value, Error> {
    to_json(obj).map_err(|e| Error::invalid_ground_truth("python bindings", e))
}

/// `extra_info`: a dict, a JSON string holding one, a numpy 0-d object
/// array, or `None`.
pub(crate) fn extra_info(obj: Option<&Bound<'_, PyAny>>) -> Result<Value, Error> {
    let Some(obj) = obj else { return Ok(Value::Null) };
    match to_json(obj) {
        Ok(Value::String(s)) => Ok(serde_json::from_str(&s).unwrap_or(Value::String(s))),
        Ok(v) => Ok(v),
        Err(e) => Err(Error::malformed_row(format!("`extra_info`: {e}"))),
    }
}

/// A prompt handed over by a trainer, read by the one prompt reader
/// ([`Prompt::from_json`]) that rows and the server use too.
pub(crate) fn prompt(obj: Option<&Bound<'_, PyAny>>) -> Result<Option<Prompt>, Error> {
    let Some(obj) = obj else { return Ok(None) };
    let v = to_json(obj).map_err(|e| Error::malformed_row(format!("`prompt`: {e}")))?;
    Prompt::from_json(v)
}

/// A completion as TRL hands it over: a string, or a conversation whose
/// assistant turns are the response.
pub(crate) fn completion(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    let v = to_json(obj).map_err(|e| Error::malformed_row(format!("completion: {e}")))?;
    match v {
        Value::String(s) => Ok(s),
        Value::Object(_) => Message::from_json(&v)
            .map(|m| m.content)
            .ok_or_else(|| Error::malformed_row("completion message has no text `content`")),
        Value::Array(items) => {
            let messages: Vec<Message> = items.iter().filter_map(Message::from_json).collect();
            if messages.is_empty() {
                return Err(Error::malformed_row("completion is an empty conversation"));
            }
            let assistant: Vec<&str> = messages
                .iter()
                .filter(|m| m.role == "assistant")
                .map(|m| m.content.as_str())
                .collect();
            // A conversation without assistant turns is all response.
            let parts = if assistant.is_empty() {
                messages.iter().map(|m| m.content.as_str()).collect()
            } else {
                assistant
            };
            Ok(parts.join("\n\n"))
        }
        other => Err(Error::malformed_row(format!(
            "completion is neither a string nor a conversation (got {})",
            kind(&other)
        ))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "None",
        Value::Bool(_) => "bool",
        Value::Number(_) => "a number",
        Value::String(_) => "str",
        Value::Array(_) => "a list",
        Value::Object(_) => "a dict",
    }
}

/// Builds a sample, or says why it could not be built.
pub(crate) fn sample(
    data_source: Result<String, Error>,
    response: Result<String, Error>,
    ground_truth: Result<Value, Error>,
    extra_info: Result<Value, Error>,
    prompt: Result<Option<Prompt>, Error>,
) -> Result<Sample, Error> {
    let mut sample =
        Sample::new(data_source?, response?, ground_truth?).with_extra_info(extra_info?);
    sample.prompt = prompt?;
    Ok(sample)
}

/// The record as a Python dict with always the same keys and no `None`
/// values: `pred`, `detail` and `verifier` are `""` when absent, because
/// verl's validation metrics skip a column only when its first value is a
/// string, and average it otherwise (a `None` there breaks the average).
pub(crate) fn record_dict<'py>(py: Python<'py>, rec: &Record) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("score", rec.score)?;
    d.set_item("acc", rec.acc)?;
    d.set_item("status", rec.status.as_str())?;
    d.set_item("pred", rec.pred.as_deref().unwrap_or(""))?;
    d.set_item("detail", rec.detail.as_deref().unwrap_or(""))?;
    d.set_item("verifier", rec.verifier.as_deref().unwrap_or(""))?;
    d.set_item("latency_us", rec.latency_us)?;
    Ok(d)
}
