//! OpenRLHF's reward protocol: `query` (prompt + response), `prompts` and
//! `labels`, answered with `rewards`, `scores` and `extra_logs`.
//!
//! The same rules as `rlvr serve`'s `POST /get_reward` (see `server/`).

use rlvr::{Error, Prompt, Record, Sample, Status};
use serde_json::Value;

/// One OpenRLHF label, read: a plain gold string (graded under the default
/// data source), or a JSON object `{"data_source", "ground_truth",
/// "extra_info"}` (as a dict or as a JSON string).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub(crate) data_source: Option<String>,
    pub(crate) ground_truth: Value,
    pub(crate) extra_info: Value,
}

impl Label {
    /// Reads a label already converted to JSON.
    pub(crate) fn from_value(v: Value) -> Self {
        match v {
            Value::String(s) => match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(obj)) if obj.contains_key("ground_truth") => {
                    Self::from_value(Value::Object(obj))
                }
                _ => Self {
                    data_source: None,
                    ground_truth: Value::String(s),
                    extra_info: Value::Null,
                },
            },
            Value::Object(mut obj) if obj.contains_key("ground_truth") => {
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
            other => Self { data_source: None, ground_truth: other, extra_info: Value::Null },
        }
    }
}

/// The response inside an OpenRLHF query: what follows the prompt when the
/// query contains it, else the whole query.
pub(crate) fn response_of<'a>(query: &'a str, prompt: Option<&str>) -> &'a str {
    match prompt {
        // A prefix most often; a tokenizer round trip may add a BOS marker
        // in front, so the prompt's first occurrence anywhere counts.
        Some(p) if !p.is_empty() => query.find(p).map_or(query, |i| &query[i + p.len()..]),
        _ => query,
    }
}

/// The sample for one item.
pub(crate) fn sample(
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
                "(no data source: give `data_source` as a default, or labels as \
                 {\"data_source\", \"ground_truth\"} objects)"
                    .to_owned(),
            ],
        })?;
    let mut sample = Sample::new(data_source, response_of(query, prompt), label.ground_truth)
        .with_extra_info(label.extra_info);
    sample.prompt = prompt.map(|p| Prompt::Text(p.to_owned()));
    Ok(sample)
}

/// The names and values of `extra_logs`, one number per item.
pub(crate) const EXTRA_LOGS: [&str; 5] = ["acc", "no_answer", "timeout", "error", "latency_us"];

/// The `extra_logs` numbers of one record, in [`EXTRA_LOGS`] order.
#[expect(clippy::cast_precision_loss, reason = "latencies are far below 2^52 microseconds")]
pub(crate) fn extra_logs(rec: &Record) -> [f64; 5] {
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        flag(rec.acc),
        flag(rec.status == Status::NoAnswer),
        flag(rec.status == Status::Timeout),
        flag(rec.status.is_error()),
        rec.latency_us as f64,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_and_structured_labels_are_read() {
        let plain = Label::from_value(json!("42"));
        assert_eq!(plain.ground_truth, json!("42"));
        assert_eq!(plain.data_source, None);
        let s = r#"{"data_source": "math__math", "ground_truth": "2", "extra_info": "{\"a\": 1}"}"#;
        let structured = Label::from_value(json!(s));
        assert_eq!(structured.data_source.as_deref(), Some("math__math"));
        assert_eq!(structured.ground_truth, json!("2"));
        assert_eq!(structured.extra_info, json!({"a": 1}));
        // A JSON object without `ground_truth` is a gold value itself.
        let gold = Label::from_value(json!(r#"{"rows": []}"#));
        assert_eq!(gold.ground_truth, json!(r#"{"rows": []}"#));
    }

    #[test]
    fn prompt_is_stripped_only_when_the_query_contains_it() {
        assert_eq!(response_of("Q: 1+1? A: 2", Some("Q: 1+1?")), " A: 2");
        assert_eq!(response_of("A: 2", Some("Q: 1+1?")), "A: 2");
        assert_eq!(response_of("A: 2", None), "A: 2");
        assert_eq!(response_of("<s>Q: 1+1? A: 2", Some("Q: 1+1?")), " A: 2");
    }
}
