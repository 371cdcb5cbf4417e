//! OpenRLHF's remote reward protocol.
//!
//! Request `{"query": [...], "prompts": [...], "labels": [...]}`; response
//! `{"rewards": [...], "scores": [...], "extra_logs": {"name": [numbers]}}`
//! in input order. `query[i]` is prompt + response: the response is what
//! follows the prompt's first occurrence (the whole query without one). `labels[i]` is a plain gold string (graded
//! under the server's default `data_source`) or a JSON object
//! `{"data_source", "ground_truth", "extra_info"}`, given as an object or as
//! a JSON string. The same rules as the Python `rlvr.reward_func`.

use rlvr_core::{Error, Prompt, Record, Sample, Status};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The request body.
#[derive(Debug, Deserialize)]
pub(crate) struct Request {
    /// Prompt + response, one per sample.
    pub(crate) query: Vec<String>,
    /// The prompts (optional).
    #[serde(default)]
    pub(crate) prompts: Option<Vec<Value>>,
    /// The labels (optional; without them every sample lacks a gold).
    #[serde(default)]
    pub(crate) labels: Option<Vec<Value>>,
}

impl Request {
    /// Checks the lengths agree.
    pub(crate) fn check(&self) -> Result<(), String> {
        let n = self.query.len();
        for (what, len) in [
            ("prompts", self.prompts.as_ref().map(Vec::len)),
            ("labels", self.labels.as_ref().map(Vec::len)),
        ] {
            if let Some(len) = len.filter(|l| *l != n) {
                return Err(format!("`{what}` has {len} items but `query` has {n}"));
            }
        }
        Ok(())
    }

    /// One sample (or why not) per query, in order.
    pub(crate) fn samples(self, default_data_source: Option<&str>) -> Vec<Result<Sample, Error>> {
        let n = self.query.len();
        let mut prompts = self.prompts.unwrap_or_default().into_iter();
        let mut labels = self.labels.unwrap_or_default().into_iter();
        let mut out = Vec::with_capacity(n);
        for query in self.query {
            let prompt = match prompts.next() {
                Some(Value::String(p)) => Some(p),
                _ => None,
            };
            let label = Label::from_value(labels.next().unwrap_or(Value::Null));
            out.push(sample(&query, prompt, label, default_data_source));
        }
        out
    }
}

/// One label, read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    data_source: Option<String>,
    ground_truth: Value,
    extra_info: Value,
}

impl Label {
    pub(crate) fn from_value(v: Value) -> Self {
        match v {
            Value::String(s) => match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(obj)) if obj.contains_key("ground_truth") => {
                    Self::from_object(obj)
                }
                _ => Self {
                    data_source: None,
                    ground_truth: Value::String(s),
                    extra_info: Value::Null,
                },
            },
            Value::Object(obj) if obj.contains_key("ground_truth") => Self::from_object(obj),
            other => Self { data_source: None, ground_truth: other, extra_info: Value::Null },
        }
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

/// The response inside a query: what follows the prompt when the query
/// contains it, else the whole query.
pub(crate) fn response_of<'a>(query: &'a str, prompt: Option<&str>) -> &'a str {
    match prompt {
        // A prefix most often; a tokenizer round trip may add a BOS marker
        // in front, so the prompt's first occurrence anywhere counts.
        Some(p) if !p.is_empty() => query.find(p).map_or(query, |i| &query[i + p.len()..]),
        _ => query,
    }
}

fn sample(
    query: &str,
    prompt: Option<String>,
    label: Label,
    default_data_source: Option<&str>,
) -> Result<Sample, Error> {
    let data_source = label
        .data_source
        .or_else(|| default_data_source.map(str::to_owned))
        .ok_or_else(|| Error::UnknownDataSource {
            data_source: String::new(),
            closest: vec![
                "(no data source: start the server with a default data source, or send \
                 labels as {\"data_source\", \"ground_truth\"} objects)"
                    .to_owned(),
            ],
        })?;
    let response = response_of(query, prompt.as_deref()).to_owned();
    let mut sample =
        Sample::new(data_source, response, label.ground_truth).with_extra_info(label.extra_info);
    sample.prompt = prompt.map(Prompt::Text);
    Ok(sample)
}

/// `extra_logs` names.
pub(crate) const EXTRA_LOGS: [&str; 5] = ["acc", "no_answer", "timeout", "error", "latency_us"];

/// The response body.
pub(crate) fn response(records: &[Record]) -> Value {
    let scores: Vec<f64> = records.iter().map(|r| r.score).collect();
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let mut logs: Vec<Vec<f64>> = vec![Vec::with_capacity(records.len()); EXTRA_LOGS.len()];
    for r in records {
        logs[0].push(flag(r.acc));
        logs[1].push(flag(r.status == Status::NoAnswer));
        logs[2].push(flag(r.status == Status::Timeout));
        logs[3].push(flag(r.status.is_error()));
        #[expect(
            clippy::cast_precision_loss,
            reason = "latencies are far below 2^52 microseconds"
        )]
        logs[4].push(r.latency_us as f64);
    }
    let extra: Map<String, Value> =
        EXTRA_LOGS.iter().zip(logs).map(|(k, v)| ((*k).to_owned(), Value::from(v))).collect();
    serde_json::json!({"rewards": scores, "scores": scores, "extra_logs": extra})
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_plain_structured_and_string_encoded_are_read() {
        assert_eq!(Label::from_value(json!("7")).ground_truth, json!("7"));
        let obj = Label::from_value(json!({"data_source": "math__x", "ground_truth": "2"}));
        assert_eq!(obj.data_source.as_deref(), Some("math__x"));
        let s = Label::from_value(json!(
            r#"{"data_source": "d", "ground_truth": [1], "extra_info": "{\"k\": 2}"}"#
        ));
        assert_eq!(s.ground_truth, json!([1]));
        assert_eq!(s.extra_info, json!({"k": 2}));
    }

    #[test]
    fn prompt_is_stripped_when_the_query_contains_it() {
        assert_eq!(response_of("PQ answer", Some("PQ ")), "answer");
        assert_eq!(response_of("answer", Some("PQ ")), "answer");
        assert_eq!(response_of("<s>PQ answer", Some("PQ ")), "answer");
    }
}
