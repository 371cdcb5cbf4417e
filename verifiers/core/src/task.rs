//! A second dispatch level for corpora that mix tasks under one
//! `data_source`: reasoning-gym rows all say `reasoning_gym` and name their
//! task in `extra_info.task`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::{Context, Error, Reward, Sample, Verifier};

/// A verifier that dispatches on `extra_info.task` to per-task verifiers.
///
/// Several domain crates contribute tasks (logic puzzles, simulations); the
/// facade collects them into one router registered under
/// [`names::REASONING_GYM`](crate::names::REASONING_GYM).
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use rlvr_core::{Context, Error, Reward, Sample, TaskRouter, Verifier};
///
/// #[derive(Debug)]
/// struct Yes;
/// impl Verifier for Yes {
///     fn name(&self) -> &str { "yes" }
///     fn verify(&self, _: &Sample, _: &Context) -> Result<Reward, Error> { Ok(Reward::correct()) }
/// }
///
/// let mut router = TaskRouter::new("reasoning_gym");
/// router.add("maze", Arc::new(Yes))?;
/// let row = |task: &str| Sample::new("reasoning_gym", "x", serde_json::Value::Null)
///     .with_extra_info(serde_json::json!({"task": task}));
/// assert!(router.verify(&row("maze"), &Context::default())?.is_correct());
/// let err = router.verify(&row("mazes"), &Context::default()).unwrap_err();
/// assert!(err.to_string().contains("`maze`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TaskRouter {
    name: String,
    tasks: BTreeMap<String, Arc<dyn Verifier>>,
}

impl TaskRouter {
    /// An empty router reporting `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), tasks: BTreeMap::new() }
    }

    /// Adds a task.
    ///
    /// # Errors
    /// [`Error::Duplicate`] when the task is already routed.
    pub fn add(
        &mut self,
        task: impl Into<String>,
        verifier: Arc<dyn Verifier>,
    ) -> Result<&mut Self, Error> {
        let task = task.into();
        if self.tasks.contains_key(&task) {
            return Err(Error::Duplicate { what: "task", name: task });
        }
        self.tasks.insert(task, verifier);
        Ok(self)
    }

    /// The task names, sorted.
    pub fn tasks(&self) -> impl Iterator<Item = &str> {
        self.tasks.keys().map(String::as_str)
    }

    fn route(&self, sample: &Sample) -> Result<&Arc<dyn Verifier>, Error> {
        let Some(task) = sample.extra_str("task") else {
            return Err(Error::invalid_ground_truth(&self.name, "missing `extra_info.task`"));
        };
        let part;
        let task = if task == COMPOSITE {
            part = self.composite_part(sample)?;
            part.as_str()
        } else {
            task
        };
        self.tasks.get(task).ok_or_else(|| {
            let mut closest: Vec<(usize, &str)> = self
                .tasks
                .keys()
                .map(|k| {
                    (crate::registry::edit_distance(task.as_bytes(), k.as_bytes()), k.as_str())
                })
                .collect();
            closest.sort_unstable();
            Error::UnknownDataSource {
                data_source: format!("{}/{task}", sample.data_source),
                closest: closest.into_iter().take(3).map(|(_, k)| k.to_owned()).collect(),
            }
        })
    }

    /// The task a `composite` row's entry comes from: reasoning-gym's
    /// composite dataset draws entries from other tasks and grades each with
    /// its own task, named in `entry.metadata.source_dataset`.
    fn composite_part(&self, sample: &Sample) -> Result<String, Error> {
        let entry = crate::gym::Entry::from_sample(sample)
            .map_err(|e| Error::invalid_ground_truth(&self.name, e.to_string()))?;
        match entry.metadata.get("source_dataset").and_then(serde_json::Value::as_str) {
            Some(COMPOSITE) => Err(Error::invalid_ground_truth(
                &self.name,
                "a `composite` entry names `composite` as its source dataset",
            )),
            Some(part) => Ok(part.to_owned()),
            None => Err(Error::invalid_ground_truth(
                &self.name,
                "a `composite` entry needs `entry.metadata.source_dataset` (the task it comes from)",
            )),
        }
    }
}

/// reasoning-gym's mixed dataset: its rows say `task = "composite"` and are
/// graded by the task their entry comes from.
pub(crate) const COMPOSITE: &str = "composite";

impl Verifier for TaskRouter {
    fn name(&self) -> &str {
        &self.name
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        self.route(sample)?.verify(sample, cx)
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.route(sample)?.check_ground_truth(sample)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug)]
    struct Named(&'static str);
    impl Verifier for Named {
        fn name(&self) -> &str {
            self.0
        }
        fn verify(&self, _: &Sample, _: &Context) -> Result<Reward, Error> {
            Ok(Reward::correct().with_pred(self.0))
        }
    }

    fn router() -> TaskRouter {
        let mut r = TaskRouter::new("reasoning_gym");
        r.add("gcd", Arc::new(Named("gcd"))).unwrap();
        r.add("maze", Arc::new(Named("maze"))).unwrap();
        r
    }

    fn composite(metadata: &serde_json::Value) -> Sample {
        Sample::new("reasoning_gym", "<answer>2</answer>", json!("2")).with_extra_info(json!({
            "task": "composite",
            "entry": {"question": "q", "answer": "2", "metadata": metadata},
        }))
    }

    #[test]
    fn composite_rows_go_to_the_task_their_entry_comes_from() {
        let cx = Context::default();
        let r = router().verify(&composite(&json!({"source_dataset": "maze"})), &cx).unwrap();
        assert_eq!(r.pred.as_deref(), Some("maze"));
        let r = router().verify(&composite(&json!({"source_dataset": "gcd"})), &cx).unwrap();
        assert_eq!(r.pred.as_deref(), Some("gcd"));
    }

    #[test]
    fn composite_rows_without_a_known_part_are_errors() {
        let cx = Context::default();
        for (meta, unknown) in [
            (json!({}), false),
            (json!({"source_dataset": 3}), false),
            (json!({"source_dataset": "composite"}), false),
            (json!({"source_dataset": "mazes"}), true),
        ] {
            let err = router().verify(&composite(&meta), &cx).unwrap_err();
            assert_eq!(matches!(err, Error::UnknownDataSource { .. }), unknown, "{meta}: {err}");
            assert!(router().check_ground_truth(&composite(&meta)).is_err());
        }
    }
}
