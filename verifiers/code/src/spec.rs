//! Reading the tests out of a ground truth (every Guru / verl format).

use serde_json::{Map, Value};

/// The tests of one problem, as read from its ground truth.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tests {
    /// stdin/stdout pairs.
    Stdio { inputs: Vec<String>, outputs: Vec<String> },
    /// Call-based: `fn_name` called with JSON arguments (one per line in the
    /// source format), the result compared with a JSON value.
    Call { fn_name: String, args: Vec<Vec<String>>, outputs: Vec<Value> },
    /// Test code run after the solution (HumanEval `check`, MBPP asserts,
    /// LeetCode2k, TACO `_deep_eq`, SandboxFusion `assert_case`): each entry
    /// is run in its own instance, after `prefix` + the solution.
    Functional { prefix: String, codes: Vec<String> },
    /// A pytest test file (`{"pytest": ..}` or `{"solution_file": ..}`):
    /// the program is importable as module `solution`; the harness
    /// collects the file's tests in the sandbox, so their number is known
    /// only after a collection run.
    Pytest {
        /// The test file.
        file: String,
        /// The number of tests the harness collected (0 before).
        collected: usize,
    },
}

impl Tests {
    /// The number of tests (pytest: 0 before collection).
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Stdio { inputs, .. } => inputs.len(),
            Self::Call { args, .. } => args.len(),
            Self::Functional { codes, .. } => codes.len(),
            Self::Pytest { collected, .. } => *collected,
        }
    }

    /// Reads the ground truth (a JSON string or an object) and the row's
    /// `extra_info.prefix`.
    pub(crate) fn parse(gt: &Value, extra: &Value) -> Result<Self, String> {
        let owned;
        let obj = match gt {
            Value::String(s) => {
                owned = serde_json::from_str::<Value>(s)
                    .map_err(|e| format!("ground truth is not JSON: {e}"))?;
                owned.as_object().ok_or("ground truth is not a JSON object")?
            }
            Value::Object(o) => o,
            _ => return Err("ground truth is neither a JSON string nor an object".to_owned()),
        };
        let prefix = extra.get("prefix").and_then(Value::as_str).unwrap_or("").to_owned();
        if let Some(f) = obj.get("functional") {
            let code = f.as_str().ok_or("`functional` is not a string")?;
            if code.trim().is_empty() {
                return Err("`functional` is empty".to_owned());
            }
            return Ok(Self::Functional { prefix, codes: vec![code.to_owned()] });
        }
        if let Some(cases) = obj.get("assert_case") {
            let cases = cases.as_array().ok_or("`assert_case` is not an array")?;
            let codes = cases
                .iter()
                .map(|c| c.as_str().map(str::to_owned).ok_or("an `assert_case` is not a string"))
                .collect::<Result<Vec<_>, _>>()?;
            if codes.is_empty() {
                return Err("`assert_case` is empty".to_owned());
            }
            return Ok(Self::Functional { prefix, codes });
        }
        if let Some(file) = obj.get("pytest").or_else(|| obj.get("solution_file")) {
            let file = file.as_str().ok_or("the pytest test file is not a string")?;
            // A cheap early refusal; the harness collects the tests for real.
            if !file.contains("def test") {
                return Err("the pytest test file defines no test functions".to_owned());
            }
            return Ok(Self::Pytest { file: file.to_owned(), collected: 0 });
        }
        Self::io(obj)
    }

    fn io(obj: &Map<String, Value>) -> Result<Self, String> {
        let inputs = obj.get("inputs").and_then(Value::as_array).ok_or("no `inputs` array")?;
        let outputs = obj.get("outputs").and_then(Value::as_array).ok_or("no `outputs` array")?;
        if inputs.len() != outputs.len() {
            return Err(format!("{} inputs but {} outputs", inputs.len(), outputs.len()));
        }
        if inputs.is_empty() {
            return Err("no tests".to_owned());
        }
        let fn_name = obj.get("fn_name").and_then(Value::as_str).unwrap_or("").trim();
        if fn_name.is_empty() {
            let text = |v: &Value, what: &str| -> Result<String, String> {
                match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Array(lines) => lines
                        .iter()
                        .map(|l| l.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .map(|l| l.join("\n"))
                        .ok_or(format!("an {what} is a list with a non-string line")),
                    _ => Err(format!("an {what} is not a string")),
                }
            };
            let inputs = inputs.iter().map(|v| text(v, "input")).collect::<Result<_, _>>()?;
            let outputs = outputs
                .iter()
                .map(|v| text(v, "output").map(|s| s.replace("\r\n", "\n")))
                .collect::<Result<_, _>>()?;
            return Ok(Self::Stdio { inputs, outputs });
        }
        if !fn_name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!("`fn_name` {fn_name:?} is not an identifier"));
        }
        let args = inputs
            .iter()
            .map(|v| match v {
                // One JSON value per line, one line per positional argument.
                Value::String(s) => s
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        serde_json::from_str::<Value>(l)
                            .map(|_| l.to_owned())
                            .map_err(|e| format!("argument {l:?} is not JSON: {e}"))
                    })
                    .collect::<Result<Vec<_>, _>>(),
                // Already a list of arguments.
                Value::Array(a) => Ok(a.iter().map(Value::to_string).collect()),
                other => Err(format!("call-based input {other} is neither a string nor a list")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::Call { fn_name: fn_name.to_owned(), args, outputs: outputs.clone() })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_stdio_from_a_json_string_and_joins_line_lists() {
        let gt = json!(r#"{"inputs": ["1 2\n", ["3", "4"]], "outputs": ["3\r\n", "7\n"]}"#);
        let t = Tests::parse(&gt, &Value::Null).unwrap();
        assert_eq!(
            t,
            Tests::Stdio {
                inputs: vec!["1 2\n".into(), "3\n4".into()],
                outputs: vec!["3\n".into(), "7\n".into()]
            }
        );
    }

    #[test]
    fn reads_call_based_tests() {
        let gt = json!({"inputs": ["[1, 2]\n3", [[5], 6]], "outputs": [[1], 2], "fn_name": "f"});
        let Tests::Call { fn_name, args, outputs } = Tests::parse(&gt, &Value::Null).unwrap()
        else {
            panic!("not call-based")
        };
        assert_eq!(fn_name, "f");
        assert_eq!(
            args,
            vec![vec!["[1, 2]".to_owned(), "3".into()], vec!["[5]".into(), "6".into()]]
        );
        assert_eq!(outputs, vec![json!([1]), json!(2)]);
    }

    #[test]
    fn reads_functional_with_prefix_and_assert_cases() {
        let gt = json!({"functional": "assert f() == 1"});
        let t = Tests::parse(&gt, &json!({"prefix": "import os"})).unwrap();
        assert_eq!(
            t,
            Tests::Functional { prefix: "import os".into(), codes: vec!["assert f() == 1".into()] }
        );
        let t = Tests::parse(&json!({"assert_case": ["assert 1", "assert 2"]}), &Value::Null);
        assert_eq!(t.unwrap().len(), 2);
    }

    #[test]
    fn reads_pytest_and_solution_file() {
        let file = "from solution import f\ndef test_f():\n    assert f() == 1\n";
        for key in ["pytest", "solution_file"] {
            let gt = json!({key: file}).to_string();
            let t = Tests::parse(&Value::String(gt), &Value::Null).unwrap();
            assert_eq!(t, Tests::Pytest { file: file.to_owned(), collected: 0 }, "{key}");
        }
    }

    #[test]
    fn rejects_bad_ground_truths() {
        for gt in [
            json!(3),
            json!("not json"),
            json!({"inputs": ["1"], "outputs": []}),
            json!({"inputs": [], "outputs": []}),
            json!({"pytest": "def helper(): pass"}),
            json!({"pytest": ""}),
            json!({"solution_file": 3}),
            json!({"functional": ""}),
            json!({"inputs": ["x"], "outputs": [1], "fn_name": "f"}),
            json!({"inputs": ["1"], "outputs": [1], "fn_name": "f(); import os"}),
        ] {
            assert!(Tests::parse(&gt, &Value::Null).is_err(), "{gt}");
        }
    }
}
