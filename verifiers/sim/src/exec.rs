//! The [`Executor`] trait: how CodeI/O and CRUXEval run reference programs.
//!
//! This crate never runs code itself. A sandbox (the `rlvr-code` crate's
//! wasm CPython, wired in by the facade) implements [`Executor`]; without
//! one, CodeI/O input prediction falls back to comparing with the gold
//! input (and says so), and CRUXEval returns an error rather than a
//! reward it could not earn.

use std::fmt::Debug;
use std::sync::Arc;

use rlvr_core::{Context, Error, FunctionCall};
use serde_json::Value;

/// Runs one call of a reference program in a sandbox.
///
/// Implementations must run `program` (trusted dataset code, but still
/// sandboxed), then call `function` with the arguments, with their own
/// fuel and memory limits, and never touch the host.
///
/// # Example
/// ```
/// use rlvr_sim::{Executor, Run};
/// use rlvr_core::{CallArgs, Context, Error, FunctionCall};
///
/// /// A toy executor that only knows `main_solution(x)` returning `x * 2`.
/// #[derive(Debug)]
/// struct Doubler;
/// impl Executor for Doubler {
///     fn call(&self, call: &FunctionCall<'_>, _: &Context) -> Result<Run, Error> {
///         let CallArgs::Keywords(kw) = call.args else { return Ok(Run::raised("positional")) };
///         let x = kw.get("x").and_then(|v| v.as_i64()).unwrap_or(0);
///         Ok(Run::returned(serde_json::json!(x * 2)))
///     }
/// }
/// let kw = serde_json::json!({"x": 21});
/// let call = FunctionCall::new(
///     "def main_solution(x): return 2*x",
///     "main_solution",
///     CallArgs::Keywords(kw.as_object().unwrap()),
/// );
/// assert_eq!(Doubler.call(&call, &Context::default())?, Run::returned(serde_json::json!(42)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Executor: Debug + Send + Sync {
    /// Runs the call.
    ///
    /// # Errors
    /// [`Error::Sandbox`] when the sandbox itself fails (it could not
    /// start, the guest is missing). A program that raises or runs out of
    /// fuel is a [`Run`], not an error.
    fn call(&self, call: &FunctionCall<'_>, cx: &Context) -> Result<Run, Error>;
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<E: Executor + ?Sized> Executor for $ty {
            fn call(&self, call: &FunctionCall<'_>, cx: &Context) -> Result<Run, Error> {
                (**self).call(call, cx)
            }
        }
    )*};
}

forward!(&E, Box<E>, Arc<E>);

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Run {
    /// The function returned.
    Returned {
        /// The result as JSON (`None` when it is not JSON-serializable).
        value: Option<Value>,
        /// `result == expect` under Python's `==`, when an `expect` was
        /// given.
        equal: Option<bool>,
    },
    /// The program or the call raised; the exception text.
    Raised {
        /// The exception.
        message: String,
    },
    /// The program ran out of fuel or time.
    OutOfFuel,
    /// The program cannot run in this executor: it does not compile, its
    /// top level raised (a module the sandbox lacks), or it does not define
    /// the function. Says nothing about the arguments.
    Unavailable {
        /// Why.
        message: String,
    },
}

impl Run {
    /// A returned JSON value with no comparison.
    pub fn returned(value: Value) -> Self {
        Self::Returned { value: Some(value), equal: None }
    }

    /// A raised exception.
    pub fn raised(message: impl Into<String>) -> Self {
        Self::Raised { message: message.into() }
    }
}
