//! Reading Guru / verl dataset rows into [`Sample`]s.
//!
//! Accepted shapes (all fields as the corpora store them):
//! - `data_source`: a string (required);
//! - the response in `response` or `solution_str` (required string);
//! - the ground truth in `reward_model.ground_truth` or flat `ground_truth`
//!   (required; `null` is a value, since reasoning-gym rows may carry it);
//! - `extra_info`: an object, or a JSON string holding one (optional);
//! - `prompt`: a string, a chat list of `{role, content}` or one message,
//!   where `content` may be a list of parts (optional; see
//!   [`Prompt::from_json`]);
//! - `id` / `index`: carried over to the output record.

use serde_json::{Map, Value};

use crate::{Error, Prompt, Sample};

/// One input row: its ids (carried to the output) and its sample, or why
/// the row could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct Row {
    /// The row's top-level `id` and `index` fields.
    pub ids: Map<String, Value>,
    /// The sample, or the reason the row is malformed.
    pub sample: Result<Sample, Error>,
}

impl Row {
    /// Reads one JSON line.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::Row;
    /// let row = Row::from_json_str(
    ///     r#"{"id": 7, "data_source": "math__math", "response": "\\boxed{2}",
    ///         "reward_model": {"ground_truth": "2"}, "extra_info": "{\"index\": 1}"}"#,
    /// );
    /// let sample = row.sample?;
    /// assert_eq!(sample.ground_truth, "2");
    /// assert_eq!(sample.extra_info["index"], 1);
    /// assert_eq!(row.ids["id"], 7);
    ///
    /// assert!(Row::from_json_str("{not json").sample.is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_str(line: &str) -> Self {
        match serde_json::from_str::<Value>(line) {
            Ok(v) => Self::from_value(v),
            Err(e) => Self::malformed(format!("bad JSON: {e}")),
        }
    }

    /// A row that could not be read at all (for instance, invalid UTF-8).
    pub fn malformed(reason: impl Into<String>) -> Self {
        Self { ids: Map::new(), sample: Err(Error::malformed_row(reason)) }
    }

    /// Reads one row already parsed as JSON.
    pub fn from_value(value: Value) -> Self {
        let Value::Object(mut obj) = value else {
            return Self::malformed("row is not a JSON object");
        };
        let mut ids = Map::new();
        for key in ["id", "index"] {
            if let Some(v) = obj.get(key) {
                ids.insert(key.to_owned(), v.clone());
            }
        }
        let sample = sample_from_object(&mut obj);
        Self { ids, sample }
    }
}

fn sample_from_object(obj: &mut Map<String, Value>) -> Result<Sample, Error> {
    let data_source = match obj.remove("data_source") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(Error::malformed_row("`data_source` is not a string")),
        None => return Err(Error::malformed_row("missing field `data_source`")),
    };
    let response = match obj.remove("response").or_else(|| obj.remove("solution_str")) {
        Some(Value::String(s)) => s,
        Some(_) => return Err(Error::malformed_row("`response` is not a string")),
        None => {
            return Err(Error::malformed_row("missing field `response` (or `solution_str`)"));
        }
    };
    let from_reward_model = match obj.get_mut("reward_model") {
        Some(Value::Object(rm)) => rm.remove("ground_truth"),
        _ => None,
    };
    let ground_truth =
        from_reward_model.or_else(|| obj.remove("ground_truth")).ok_or_else(|| {
            Error::invalid_ground_truth(
                "row reader",
                "missing `reward_model.ground_truth` (or `ground_truth`)",
            )
        })?;
    let extra_info = match obj.remove("extra_info") {
        None | Some(Value::Null) => Value::Null,
        // Some exporters store extra_info as a JSON string; a string that is
        // not JSON is kept as it is.
        Some(Value::String(s)) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
        Some(v) => v,
    };
    let prompt = Prompt::from_json(obj.remove("prompt").unwrap_or(Value::Null))?;
    let mut sample = Sample::new(data_source, response, ground_truth).with_extra_info(extra_info);
    sample.prompt = prompt;
    Ok(sample)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn status(line: &str) -> Status {
        (&Row::from_json_str(line).sample.unwrap_err()).into()
    }

    #[test]
    fn flat_fields_and_chat_prompt_are_read() {
        let row = Row::from_json_str(
            r#"{"index": 2, "data_source": "x", "solution_str": "a", "ground_truth": [1, 2],
                "prompt": [{"role": "user", "content": "q"}]}"#,
        );
        let s = row.sample.unwrap();
        assert_eq!(s.response, "a");
        assert_eq!(s.ground_truth, serde_json::json!([1, 2]));
        assert_eq!(s.prompt_text().as_deref(), Some("q"));
        assert_eq!(row.ids["index"], 2);
    }

    #[test]
    fn prompts_in_every_trainer_shape_are_read() {
        let text = |prompt: &str| {
            let line = format!(
                r#"{{"data_source": "x", "response": "a", "ground_truth": 1, "prompt": {prompt}}}"#
            );
            Row::from_json_str(&line).sample.map(|s| s.prompt_text())
        };
        assert_eq!(text(r#""q""#).unwrap().as_deref(), Some("q"));
        // Content as parts: text parts joined, other parts carry no text.
        let parts = r#"[{"role": "user", "content": [{"type": "text", "text": "a"},
                        {"type": "image_url", "image_url": {"url": "u"}}, "b"]}]"#;
        assert_eq!(text(parts).unwrap().as_deref(), Some("ab"));
        // One message; a missing role is the user's; null content is empty.
        assert_eq!(text(r#"{"content": "q"}"#).unwrap().as_deref(), Some("q"));
        let chat = r#"[{"role": "system", "content": null}, {"content": "q"}]"#;
        assert_eq!(text(chat).unwrap().as_deref(), Some("\n\nq"));
        assert_eq!(text("[]").unwrap(), None);
        assert_eq!(text("null").unwrap(), None);
        for bad in
            ["3", "true", r#"["q"]"#, r#"[{"role": "user"}]"#, r#"[{"role": 1, "content": "q"}]"#]
        {
            let e = text(bad).unwrap_err();
            assert_eq!(Status::from(&e), Status::InternalError, "{bad}");
            assert!(e.to_string().contains("`prompt`"), "{bad}: {e}");
        }
    }

    #[test]
    fn null_ground_truth_is_a_value() {
        let row = Row::from_json_str(
            r#"{"data_source": "reasoning_gym", "response": "a", "reward_model": {"ground_truth": null}}"#,
        );
        assert_eq!(row.sample.unwrap().ground_truth, Value::Null);
    }

    #[test]
    fn malformed_rows_get_a_status() {
        assert_eq!(status("{"), Status::InternalError);
        assert_eq!(status("[1]"), Status::InternalError);
        assert_eq!(status(r#"{"response": "a", "ground_truth": "1"}"#), Status::InternalError);
        assert_eq!(status(r#"{"data_source": "m", "ground_truth": "1"}"#), Status::InternalError);
        assert_eq!(status(r#"{"data_source": "m", "response": "a"}"#), Status::GoldUnparseable);
        assert_eq!(
            status(r#"{"data_source": "m", "response": "a", "ground_truth": 1, "prompt": 3}"#),
            Status::InternalError
        );
    }
}
