//! The face every domain crate shows: see [`Domain`].

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::{Error, Executor, Registry, TaskRouter, Verifier, names};

/// What the verifiers of several domain crates share, handed to every
/// domain's entry points.
///
/// - [`executor`](Environment::executor): the program runner that CodeI/O,
///   CRUXEval and the reasoning-gym `codeio` task grade through (none: they
///   fall back as their docs say).
/// - [`shared`](Environment::shared): any other shared part, found by its
///   type: the code sandbox itself (the code verifier needs more of it than
///   the [`Executor`] trait), an optional LLM judge. A crate that finds no
///   part of the type it wants builds its own default.
#[derive(Clone, Default)]
#[must_use]
pub struct Environment {
    executor: Option<Arc<dyn Executor>>,
    shared: Vec<Arc<dyn Any + Send + Sync>>,
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Environment")
            .field("executor", &self.executor)
            .field("shared", &self.shared.len())
            .finish()
    }
}

impl Environment {
    /// An environment with nothing shared.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs programs through `executor`.
    pub fn with_executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.executor = Some(executor);
        self
    }

    /// Shares `part`, found by [`shared`](Self::shared) with its type. A
    /// part of the same type given before is replaced.
    pub fn with_shared<T: Any + Send + Sync>(mut self, part: Arc<T>) -> Self {
        self.shared.retain(|p| !p.is::<T>());
        self.shared.push(part);
        self
    }

    /// The program runner, if any.
    pub fn executor(&self) -> Option<&Arc<dyn Executor>> {
        self.executor.as_ref()
    }

    /// The shared part of type `T`, if one was given.
    pub fn shared<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.shared.iter().find_map(|p| Arc::clone(p).downcast::<T>().ok())
    }
}

/// A reasoning-gym task a domain grades: its name (`extra_info.task`) and
/// its verifier.
pub type GymTask = (&'static str, Arc<dyn Verifier>);

/// A domain crate's two entry points, given one [`Environment`]: the face
/// every domain crate shows.
///
/// A domain crate (math, logic, simulation, code, tables, science, ...)
/// exports
///
/// - `verifiers(&Environment) -> Vec<Arc<dyn Verifier>>`: its verifiers,
///   each under its Guru name;
/// - `gym_tasks(&Environment) -> Vec<GymTask>`:
///   the reasoning-gym tasks it grades (empty when it grades none);
/// - `DOMAIN`, a [`Domain`] holding both.
///
/// [`Registry::install`] registers any list of domains, with one
/// [`TaskRouter`] for all their reasoning-gym tasks, so the facade's
/// registry is a loop over the domains compiled in. Per-verifier settings
/// are behind each verifier's builder; the environment holds only what
/// verifiers of several crates share.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use rlvr_core::{Context, Domain, Environment, Error, GymTask, Registry, Reward, Sample, Verifier};
///
/// #[derive(Debug)]
/// struct Echo;
/// impl Verifier for Echo {
///     fn name(&self) -> &str { "echo" }
///     fn verify(&self, s: &Sample, _: &Context) -> Result<Reward, Error> {
///         Ok(Reward::from_bool(s.response == s.ground_truth.as_str().unwrap_or("")))
///     }
/// }
/// fn verifiers(_: &Environment) -> Vec<Arc<dyn Verifier>> { vec![Arc::new(Echo)] }
/// fn gym_tasks(_: &Environment) -> Vec<GymTask> {
///     vec![("echo_task", Arc::new(Echo))]
/// }
/// const ECHO: Domain = Domain::new("echo", verifiers, gym_tasks);
///
/// let mut registry = Registry::new();
/// registry.install(&[ECHO], &Environment::default())?;
/// assert!(registry.verifier("echo").is_some());
/// assert!(registry.verifier(rlvr_core::names::REASONING_GYM).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Domain {
    /// The domain's short name (`math`, `logic`, ...).
    pub name: &'static str,
    /// Its verifiers, each under its Guru name.
    pub verifiers: fn(&Environment) -> Vec<Arc<dyn Verifier>>,
    /// The reasoning-gym tasks it grades.
    pub gym_tasks: fn(&Environment) -> Vec<GymTask>,
}

impl Domain {
    /// A domain from its name and entry points.
    pub const fn new(
        name: &'static str,
        verifiers: fn(&Environment) -> Vec<Arc<dyn Verifier>>,
        gym_tasks: fn(&Environment) -> Vec<GymTask>,
    ) -> Self {
        Self { name, verifiers, gym_tasks }
    }
}

impl Registry {
    /// Registers the verifiers of every domain in `domains`, built with
    /// `env`, and one [`TaskRouter`] under [`names::REASONING_GYM`] for all
    /// their reasoning-gym tasks (none when they grade no task).
    ///
    /// # Errors
    /// [`Error::Duplicate`] when a verifier name or a reasoning-gym task
    /// is already taken.
    pub fn install(&mut self, domains: &[Domain], env: &Environment) -> Result<&mut Self, Error> {
        let mut router = TaskRouter::new(names::REASONING_GYM);
        for domain in domains {
            for verifier in (domain.verifiers)(env) {
                self.register(verifier)?;
            }
            for (task, verifier) in (domain.gym_tasks)(env) {
                router.add(task, verifier)?;
            }
        }
        if router.tasks().next().is_some() {
            self.register(Arc::new(router))?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_parts_are_found_by_type_and_replaced_by_type() {
        let env = Environment::new()
            .with_shared(Arc::new(1u32))
            .with_shared(Arc::new(String::from("a")))
            .with_shared(Arc::new(2u32));
        assert_eq!(env.shared::<u32>().as_deref(), Some(&2));
        assert_eq!(env.shared::<String>().as_deref().map(String::as_str), Some("a"));
        assert!(env.shared::<u64>().is_none());
        assert!(env.executor().is_none());
    }
}
