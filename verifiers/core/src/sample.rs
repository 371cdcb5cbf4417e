//! What a trainer hands over: [`Sample`] and its optional [`Prompt`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One response to grade, with everything needed to grade it.
///
/// `ground_truth` and `extra_info` are kept as JSON values, exactly as the
/// dataset row stores them; each verifier reads what it needs. The prompt is
/// optional: verl's default `compute_score` does not pass it, so no verifier
/// may require it (they use it when present, e.g. to read a table or a
/// puzzle's constraints).
///
/// # Example
/// ```
/// use rlvr_core::Sample;
/// use serde_json::json;
/// let s = Sample::new("math__math", "so \\boxed{2}", json!("2"))
///     .with_extra_info(json!({"index": 3}))
///     .with_prompt("What is 1+1?");
/// assert_eq!(s.prompt_text().as_deref(), Some("What is 1+1?"));
/// assert_eq!(s.extra_str("missing"), None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sample {
    /// The dataset name used for dispatch (`math__math`, `codegen__taco`, ...).
    pub data_source: String,
    /// The model's response text (the decoded completion).
    pub response: String,
    /// The ground truth, as stored in the row (`reward_model.ground_truth`).
    pub ground_truth: Value,
    /// The row's `extra_info` (an object, or `null`).
    #[serde(default)]
    pub extra_info: Value,
    /// The prompt, when the row or the trainer provides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Prompt>,
}

impl Sample {
    /// A sample with no `extra_info` and no prompt.
    pub fn new(
        data_source: impl Into<String>,
        response: impl Into<String>,
        ground_truth: impl Into<Value>,
    ) -> Self {
        Self {
            data_source: data_source.into(),
            response: response.into(),
            ground_truth: ground_truth.into(),
            extra_info: Value::Null,
            prompt: None,
        }
    }

    /// Sets `extra_info`.
    #[must_use]
    pub fn with_extra_info(mut self, extra_info: Value) -> Self {
        self.extra_info = extra_info;
        self
    }

    /// Sets the prompt (a string, or a [`Prompt`]).
    #[must_use]
    pub fn with_prompt(mut self, prompt: impl Into<Prompt>) -> Self {
        self.prompt = Some(prompt.into());
        self
    }

    /// A field of `extra_info` (when `extra_info` is an object).
    pub fn extra(&self, key: &str) -> Option<&Value> {
        self.extra_info.as_object()?.get(key)
    }

    /// A string field of `extra_info`.
    pub fn extra_str(&self, key: &str) -> Option<&str> {
        self.extra(key)?.as_str()
    }

    /// The prompt as one text (see [`Prompt::text`]).
    pub fn prompt_text(&self) -> Option<String> {
        self.prompt.as_ref().map(Prompt::text)
    }
}

/// A prompt: plain text or a chat transcript.
///
/// Serialized untagged, so a JSON string or a list of `{role, content}`
/// objects both read as a prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Prompt {
    /// A plain text prompt.
    Text(String),
    /// A chat transcript (Guru rows store `[{"role":"user","content":...}]`).
    Chat(Vec<Message>),
}

impl Prompt {
    /// The prompt's text: the string itself, or the contents of the chat's
    /// messages joined with blank lines (system and user turns alike, since
    /// Guru puts its instructions in either).
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Chat(messages) => {
                messages.iter().map(|m| m.content.as_str()).collect::<Vec<_>>().join("\n\n")
            }
        }
    }

    /// Reads a prompt in every shape a row, a request or a trainer hands
    /// over: a string; a chat list of messages; or one message. A
    /// message's `content` is a string, a list of parts (`{"type": "text",
    /// "text": ...}` objects or strings; other parts, such as images, carry
    /// no text), or `null`; its `role` defaults to `user`. `null` and an
    /// empty list are no prompt. This is the one reader of prompts: the
    /// row reader, the server and the Python bindings all use it, so one
    /// prompt reads the same through every door.
    ///
    /// # Errors
    /// [`crate::Error::MalformedRow`] (status `internal_error`, detail
    /// naming the shape) for any other shape.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::Prompt;
    /// use serde_json::json;
    /// let p = Prompt::from_json(json!([
    ///     {"role": "user", "content": [{"type": "text", "text": "Q"}, {"type": "image_url"}]},
    /// ]))?;
    /// assert_eq!(p.map(|p| p.text()).as_deref(), Some("Q"));
    /// assert!(Prompt::from_json(json!(null))?.is_none());
    /// assert!(Prompt::from_json(json!(7)).is_err());
    /// # Ok::<(), rlvr_core::Error>(())
    /// ```
    pub fn from_json(v: Value) -> Result<Option<Self>, crate::Error> {
        let bad = |what: &str| {
            crate::Error::malformed_row(format!(
                "`prompt` is neither a string nor a chat list ({what})"
            ))
        };
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(Self::Text(s))),
            Value::Array(items) if items.is_empty() => Ok(None),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, m)| Message::from_json(m).ok_or_else(|| bad(&format!("item {i}"))))
                .collect::<Result<Vec<_>, _>>()
                .map(|m| Some(Self::Chat(m))),
            v @ Value::Object(_) => Message::from_json(&v)
                .map(|m| Some(Self::Chat(vec![m])))
                .ok_or_else(|| bad("an object")),
            Value::Bool(_) | Value::Number(_) => Err(bad("a scalar")),
        }
    }

    /// The content of the last `user` message, or the text of a plain prompt.
    pub fn last_user(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            Self::Chat(messages) => {
                messages.iter().rev().find(|m| m.role == "user").map(|m| m.content.as_str())
            }
        }
    }
}

impl From<String> for Prompt {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Prompt {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<Vec<Message>> for Prompt {
    fn from(messages: Vec<Message>) -> Self {
        Self::Chat(messages)
    }
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// `system`, `user`, `assistant`, ...
    pub role: String,
    /// The message text.
    #[serde(default)]
    pub content: String,
}

impl Message {
    /// A message.
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        Self { role: role.into(), content: content.into() }
    }

    /// One chat message as JSON (see [`Prompt::from_json`]): an object
    /// with a `content` (a string, a list of parts, or `null`) and an
    /// optional string `role` (default `user`). `None` for anything else.
    pub fn from_json(v: &Value) -> Option<Self> {
        let obj = v.as_object()?;
        let role = match obj.get("role") {
            None | Some(Value::Null) => "user",
            Some(Value::String(r)) => r.as_str(),
            Some(_) => return None,
        };
        let content = match obj.get("content")? {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            Value::Array(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(o) => o.get("text").and_then(Value::as_str),
                    _ => None,
                })
                .collect(),
            _ => return None,
        };
        Some(Self::new(role, content))
    }
}
