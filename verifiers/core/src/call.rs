//! A call of one function of a model's or a dataset's program, the request
//! that every program-running part shares: the code sandbox runs it, and
//! the simulation graders (CodeI/O, CRUXEval) ask for it through their
//! [`Executor`](crate::Executor). The arguments are data, never code: the runner reads them as
//! literals only.

use serde_json::{Map, Value};

/// One call: the program, the function, its arguments, and optionally a
/// Python literal to compare the result with using Python's `==`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct FunctionCall<'a> {
    /// The program's source; it defines `function`. It runs as a module
    /// (not as `__main__`), so an `if __name__ == "__main__":` block does
    /// not run.
    pub program: &'a str,
    /// The function to call (`main_solution`, `f`).
    pub function: &'a str,
    /// The arguments.
    pub args: CallArgs<'a>,
    /// When set, the result is compared with this literal under Python's
    /// `==` inside the runner (CRUXEval: `1 == 1.0 == True`, `[1, 2] !=
    /// (1, 2)`).
    pub expect: Option<&'a str>,
}

impl<'a> FunctionCall<'a> {
    /// A call with no expected value.
    pub fn new(program: &'a str, function: &'a str, args: CallArgs<'a>) -> Self {
        Self { program, function, args, expect: None }
    }

    /// Sets the literal the result is compared with.
    #[must_use]
    pub fn with_expect(mut self, expect: &'a str) -> Self {
        self.expect = Some(expect);
        self
    }
}

/// The arguments of a [`FunctionCall`]. A runner reads them as literals
/// only (Python's `ast.literal_eval`, or JSON): never evaluated as code.
#[derive(Debug, Clone, Copy, PartialEq)]
#[expect(
    clippy::exhaustive_enums,
    reason = "every runner must handle every form: a new one should fail to compile, not at run time"
)]
pub enum CallArgs<'a> {
    /// `function(<source>)`: the source of a Python argument list of
    /// literals, e.g. `[1, 2], 'a', key=(3, 4)`. CRUXEval keeps tuples and
    /// sets distinct from lists, so the text is passed rather than a JSON
    /// reading of it.
    Source(&'a str),
    /// `function(**kwargs)` from a JSON object (CodeI/O's `main_solution`).
    Keywords(&'a Map<String, Value>),
    /// `function(*args)` from JSON values.
    Positional(&'a [Value]),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_the_expectation() {
        let call = FunctionCall::new("def f(x): return x", "f", CallArgs::Source("1"));
        assert_eq!(call.expect, None);
        let call = call.with_expect("1");
        assert_eq!(call.expect, Some("1"));
        assert_eq!(call.function, "f");
    }
}
