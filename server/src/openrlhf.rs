//! OpenRLHF's remote reward protocol: the request body of
//! `POST /get_reward`. Labels, prompt stripping and the response body follow
//! [`rlvr_core::openrlhf`], the rules the Python `rlvr.reward_func` shares.

use rlvr_core::openrlhf::{self, Label};
use rlvr_core::{Error, Sample};
use serde::Deserialize;
use serde_json::Value;

pub(crate) use rlvr_core::openrlhf::response;

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
        let mut prompts = self.prompts.unwrap_or_default().into_iter();
        let mut labels = self.labels.unwrap_or_default().into_iter();
        self.query
            .iter()
            .map(|query| {
                let prompt = match prompts.next() {
                    Some(Value::String(p)) => Some(p),
                    _ => None,
                };
                let label = Label::from_value(labels.next().unwrap_or(Value::Null));
                openrlhf::sample(query, prompt.as_deref(), label, default_data_source)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lengths_must_agree() {
        let req: Request =
            serde_json::from_value(json!({"query": ["a", "b"], "labels": ["1"]})).unwrap();
        assert!(req.check().unwrap_err().contains("`labels` has 1 items"));
    }

    #[test]
    fn samples_follow_the_shared_rules() {
        let req: Request = serde_json::from_value(json!({
            "query": ["P \\boxed{2}", "x"],
            "prompts": ["P", null],
            "labels": ["2", {"data_source": "d", "ground_truth": "3"}],
        }))
        .unwrap();
        let samples = req.samples(Some("math"));
        let first = samples[0].as_ref().unwrap();
        assert_eq!((first.data_source.as_str(), first.response.as_str()), ("math", " \\boxed{2}"));
        assert_eq!(samples[1].as_ref().unwrap().data_source, "d");
    }
}
