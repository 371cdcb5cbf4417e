//! OpenRLHF's reward protocol, shared by every front end that speaks it
//! (the HTTP server's `POST /get_reward`, the Python `rlvr.reward_func`).
//!
//! A request carries `query` (prompt + response, one per sample), optional
//! `prompts` and optional `labels`; the answer is `rewards`, `scores` and
//! `extra_logs` (named number lists), in input order.
//!
//! - `query[i]` holds prompt + response: the response is what follows the
//!   prompt's first occurrence, or the whole query when it does not contain
//!   the prompt (a tokenizer round trip may change it).
//! - `labels[i]` is a plain gold (graded under the front end's default
//!   `data_source`) or a JSON object `{"data_source", "ground_truth",
//!   "extra_info"}`, given as an object or as a JSON string.
//!
//! ```
//! use rlvr_core::openrlhf::{Label, sample};
//! use serde_json::json;
//!
//! let label = Label::from_value(json!({"data_source": "math__math", "ground_truth": "2"}));
//! let s = sample("Q: 1+1? \\boxed{2}", Some("Q: 1+1?"), label, None).unwrap();
//! assert_eq!(s.data_source, "math__math");
//! assert_eq!(s.response, " \\boxed{2}");
//! ```

use serde_json::{Map, Value};

use crate::{Error, Prompt, Record, Sample, Status};

/// One label, read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Label {
    /// The label's own `data_source`, when it is a structured label.
    pub data_source: Option<String>,
    /// The gold.
    pub ground_truth: Value,
    /// The label's `extra_info` (`null` when absent), a JSON-string value
    /// decoded.
    pub extra_info: Value,
}

impl Label {
    /// Reads a label given as JSON: a plain gold, a structured object, or a
    /// structured object encoded as a JSON string. An object (or encoded
    /// object) without `ground_truth` is itself the gold.
    #[must_use]
    pub fn from_value(v: Value) -> Self {
        match v {
            Value::String(s) => match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(obj)) if obj.contains_key("ground_truth") => {
                    Self::from_object(obj)
                }
                _ => Self::plain(Value::String(s)),
            },
            Value::Object(obj) if obj.contains_key("ground_truth") => Self::from_object(obj),
            other => Self::plain(other),
        }
    }

    fn plain(ground_truth: Value) -> Self {
        Self { data_source: None, ground_truth, extra_info: Value::Null }
    }

    fn from_object(mut obj: Map<String, Value>) -> Self {
        let data_source = match obj.remove("data_source") {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let extra_info = match obj.remove("extra_info") {
            Some(Value::String(s)) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
            Some(v) => v,
            None => Value::Null,
        };
        let ground_truth = obj.remove("ground_truth").unwrap_or(Value::Null);
        Self { data_source, ground_truth, extra_info }
    }
}

/// The response inside a query: what follows the prompt's first occurrence
/// when the query contains it, else the whole query.
#[must_use]
pub fn response_of<'a>(query: &'a str, prompt: Option<&str>) -> &'a str {
    match prompt {
        // A prefix most often; a tokenizer round trip may add a BOS marker
        // in front, so the prompt's first occurrence anywhere counts.
        Some(p) if !p.is_empty() => query.find(p).map_or(query, |i| &query[i + p.len()..]),
        _ => query,
    }
}

/// The sample for one item. The prompt, when given, becomes the sample's
/// prompt.
///
/// # Errors
/// [`Error::UnknownDataSource`] when neither the label nor the front end
/// names a data source; its suggestion says how to give one.
pub fn sample(
    query: &str,
    prompt: Option<&str>,
    label: Label,
    default_data_source: Option<&str>,
) -> Result<Sample, Error> {
    let data_source = label
        .data_source
        .or_else(|| default_data_source.map(str::to_owned))
        .ok_or_else(|| Error::UnknownDataSource {
            data_source: String::new(),
            closest: vec![
                "(no data source: set a default data source, or send labels as \
                 {\"data_source\", \"ground_truth\"} objects)"
                    .to_owned(),
            ],
        })?;
    let mut sample = Sample::new(data_source, response_of(query, prompt), label.ground_truth)
        .with_extra_info(label.extra_info);
    sample.prompt = prompt.map(|p| Prompt::Text(p.to_owned()));
    Ok(sample)
}

/// The names of `extra_logs`, in the order [`extra_logs`] gives them.
pub const EXTRA_LOGS: [&str; 5] = ["acc", "no_answer", "timeout", "error", "latency_us"];

/// The `extra_logs` numbers of one record, in [`EXTRA_LOGS`] order: flags
/// as 0/1, the latency in microseconds.
#[must_use]
#[expect(clippy::cast_precision_loss, reason = "latencies are far below 2^52 microseconds")]
pub fn extra_logs(rec: &Record) -> [f64; 5] {
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        flag(rec.acc),
        flag(rec.status == Status::NoAnswer),
        flag(rec.status == Status::Timeout),
        flag(rec.status.is_error()),
        rec.latency_us as f64,
    ]
}

/// The response body for these records: `{"rewards", "scores",
/// "extra_logs"}`, rewards and scores both the records' scores.
#[must_use]
pub fn response(records: &[Record]) -> Value {
    let scores: Vec<f64> = records.iter().map(|r| r.score).collect();
    let mut logs: Vec<Vec<f64>> = vec![Vec::with_capacity(records.len()); EXTRA_LOGS.len()];
    for rec in records {
        for (column, value) in logs.iter_mut().zip(extra_logs(rec)) {
            column.push(value);
        }
    }
    let extra: Map<String, Value> =
        EXTRA_LOGS.iter().zip(logs).map(|(k, v)| ((*k).to_owned(), Value::from(v))).collect();
    serde_json::json!({"rewards": scores, "scores": scores, "extra_logs": extra})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Outcome, Reward};
    use serde_json::json;
    use std::time::Duration;

    #[test]
    fn plain_structured_and_string_encoded_labels_are_read() {
        let plain = Label::from_value(json!("42"));
        assert_eq!(plain.ground_truth, json!("42"));
        assert_eq!(plain.data_source, None);
        let obj = Label::from_value(json!({"data_source": "math__x", "ground_truth": "2"}));
        assert_eq!(obj.data_source.as_deref(), Some("math__x"));
        assert_eq!(obj.ground_truth, json!("2"));
        let s = r#"{"data_source": "d", "ground_truth": [1], "extra_info": "{\"k\": 2}"}"#;
        let encoded = Label::from_value(json!(s));
        assert_eq!(encoded.data_source.as_deref(), Some("d"));
        assert_eq!(encoded.ground_truth, json!([1]));
        assert_eq!(encoded.extra_info, json!({"k": 2}));
        // An object without `ground_truth` is a gold value itself.
        let gold = Label::from_value(json!(r#"{"rows": []}"#));
        assert_eq!(gold.ground_truth, json!(r#"{"rows": []}"#));
        assert_eq!(Label::from_value(json!([1, 2])).ground_truth, json!([1, 2]));
    }

    #[test]
    fn prompt_is_stripped_only_when_the_query_contains_it() {
        assert_eq!(response_of("Q: 1+1? A: 2", Some("Q: 1+1?")), " A: 2");
        assert_eq!(response_of("A: 2", Some("Q: 1+1?")), "A: 2");
        assert_eq!(response_of("A: 2", None), "A: 2");
        assert_eq!(response_of("A: 2", Some("")), "A: 2");
        assert_eq!(response_of("<s>Q: 1+1? A: 2", Some("Q: 1+1?")), " A: 2");
    }

    #[test]
    fn a_label_without_data_source_needs_a_default() {
        let label = Label::from_value(json!("2"));
        assert!(matches!(
            sample("x", None, label.clone(), None),
            Err(Error::UnknownDataSource { .. })
        ));
        let s = sample("P \\boxed{2}", Some("P"), label, Some("math")).unwrap();
        assert_eq!(s.data_source, "math");
        assert_eq!(s.response, " \\boxed{2}");
        assert_eq!(s.prompt, Some(Prompt::Text("P".to_owned())));
    }

    #[test]
    fn response_body_keeps_order_and_names() {
        let outcome =
            |reward| Outcome { result: Ok(reward), verifier: None, elapsed: Duration::ZERO };
        let ok = Record::from_outcome(&outcome(Reward::correct()));
        let none = Record::from_outcome(&outcome(Reward::no_answer()));
        let body = response(&[ok, none]);
        assert_eq!(body["rewards"], json!([1.0, 0.0]));
        assert_eq!(body["scores"], body["rewards"]);
        assert_eq!(body["extra_logs"]["acc"], json!([1.0, 0.0]));
        assert_eq!(body["extra_logs"]["no_answer"], json!([0.0, 1.0]));
    }
}
