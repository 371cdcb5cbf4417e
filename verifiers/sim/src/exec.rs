//! The [`Executor`] trait: how CodeI/O and CRUXEval run reference programs.
//!
//! This crate never runs code itself. A sandbox (the `rlvr-code` crate's
//! wasm CPython, wired in by the facade) implements [`Executor`]; without
//! one, CodeI/O input prediction falls back to comparing with the gold
//! input (and says so), and CRUXEval returns an error rather than a
//! reward it could not earn.

use std::fmt::Debug;
use std::sync::Arc;

use rlvr_core::{Context, Error};
use serde_json::{Map, Value};

/// Runs one call of a reference program in a sandbox.
///
/// Implementations must run `program` (trusted dataset code, but still
/// sandboxed), then call `function` with the arguments, with their own
/// fuel and memory limits, and never touch the host.
///
/// # Example
/// ```
/// use rlvr_sim::{Call, Args, Executor, Run};
/// use rlvr_core::{Context, Error};
///
/// /// A toy executor that only knows `main_solution(x)` returning `x * 2`.
/// #[derive(Debug)]
/// struct Doubler;
/// impl Executor for Doubler {
///     fn call(&self, call: &Call<'_>, _: &Context) -> Result<Run, Error> {
///         let Args::Keywords(kw) = call.args else { return Ok(Run::raised("positional")) };
///         let x = kw.get("x").and_then(|v| v.as_i64()).unwrap_or(0);
///         Ok(Run::returned(serde_json::json!(x * 2)))
///     }
/// }
/// let kw = serde_json::json!({"x": 21});
/// let call = Call::new("def main_solution(x): return 2*x", "main_solution", Args::Keywords(kw.as_object().unwrap()));
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
    fn call(&self, call: &Call<'_>, cx: &Context) -> Result<Run, Error>;
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<E: Executor + ?Sized> Executor for $ty {
            fn call(&self, call: &Call<'_>, cx: &Context) -> Result<Run, Error> {
                (**self).call(call, cx)
            }
        }
    )*};
}

forward!(&E, Box<E>, Arc<E>);

/// One call: the program, the function, its arguments, and optionally a
/// Python literal to compare the result with using Python's `==`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Call<'a> {
    /// The program's source (defines `function`).
    pub program: &'a str,
    /// The function to call (`main_solution`, `f`).
    pub function: &'a str,
    /// The arguments.
    pub args: Args<'a>,
    /// When set, the sandbox evaluates `result == <expect>` with Python's
    /// `==` and reports it in [`Run::Returned::equal`] (CRUXEval: `1 ==
    /// 1.0 == True`, `[1, 2] != (1, 2)`).
    pub expect: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// A call with no expected value.
    pub fn new(program: &'a str, function: &'a str, args: Args<'a>) -> Self {
        Self { program, function, args, expect: None }
    }

    /// Sets the literal the result is compared with.
    #[must_use]
    pub fn with_expect(mut self, expect: &'a str) -> Self {
        self.expect = Some(expect);
        self
    }
}

/// How the arguments are passed.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Args<'a> {
    /// `function(**kwargs)` from a JSON object (CodeI/O's `main_solution`).
    Keywords(&'a Map<String, Value>),
    /// `function(<source>)`: the source text of a Python argument list,
    /// already checked by [`rlvr_core::literal::parse`] to hold only
    /// literals (CRUXEval keeps tuples and sets distinct from lists, so the
    /// text is passed rather than its JSON reading).
    Source(&'a str),
}

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
