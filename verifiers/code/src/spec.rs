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
                owned = serde_json::from_str::<Value>(&mark_big_ints(s))
                    .map_err(|e| format!("ground truth is not JSON: {e}"))?;
                owned.as_object().ok_or("ground truth is not a JSON object")?
            }
            Value::Object(o) => {
                if let Some(x) = inexact_integer(gt) {
                    return Err(format!(
                        "the ground truth, given as a JSON object, holds the number {x:e}: an \
                         integer past 2^53 that was rounded when the row was read, so the test \
                         could not tell it from its neighbours; give the ground truth as a JSON \
                         string, whose integers are read exactly at any size"
                    ));
                }
                o
            }
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
                Value::Array(a) => Ok(a.iter().map(|x| unmark_big_ints(&x.to_string())).collect()),
                other => Err(format!("call-based input {other} is neither a string nor a list")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::Call { fn_name: fn_name.to_owned(), args, outputs: outputs.clone() })
    }
}

/// The key of the object that stands for an integer too large for a
/// float to hold exactly (see [`mark_big_ints`]); no JSON text a row
/// carries can hold a NUL in a key unless it escapes it, and such an object
/// is only ever compared as that integer.
pub(crate) const BIG_INT_KEY: &str = "\u{0}int";

/// `text` (JSON) with every integer literal of more than 15 digits outside
/// strings replaced by `{"\u0000int": "<digits>"}`: serde_json reads such
/// integers as floats, so `2**70 + 1` would equal `2**70`. Anything that is
/// not a plain integer literal is left alone.
pub(crate) fn mark_big_ints(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_str = true;
            i += 1;
            continue;
        }
        let starts_number =
            c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < b.len()
            && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            i += 1;
        }
        let token = &text[start..i];
        let digits = token.trim_start_matches('-');
        if digits.len() > 15 && digits.bytes().all(|d| d.is_ascii_digit()) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 32));
            o.push_str(&text[last..start]);
            o.push_str(&format!("{{\"\\u0000int\": \"{token}\"}}"));
            last = i;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&text[last..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// A number of `v` that a JSON reader has already rounded: a float of
/// magnitude 2^53 or more (every such float is a whole number, and the
/// integer it was read from may have been another).
fn inexact_integer(v: &Value) -> Option<f64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match v {
        Value::Number(n) if n.is_f64() => n.as_f64().filter(|x| x.abs() >= EXACT),
        Value::Array(a) => a.iter().find_map(inexact_integer),
        Value::Object(o) => o.values().find_map(inexact_integer),
        _ => None,
    }
}

/// JSON text with the objects of [`mark_big_ints`] turned back into the
/// integers they stand for (arguments go to the guest as JSON text).
fn unmark_big_ints(json: &str) -> String {
    const OPEN: &str = "{\"\\u0000int\":\"";
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        match after.find("\"}") {
            Some(end) if after[..end].bytes().all(|d| d.is_ascii_digit() || d == b'-') => {
                out.push_str(&after[..end]);
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

    #[test]
    fn object_ground_truths_with_rounded_integers_are_refused() {
        // Read without arbitrary precision, 10^20 + 1 is already 1e20: a
        // program printing 10^20 must not pass for it.
        let gt: Value =
            serde_json::from_str(r#"{"inputs": ["1\n"], "outputs": [100000000000000000001]}"#)
                .unwrap();
        let err = Tests::parse(&gt, &Value::Null).unwrap_err();
        assert!(err.contains("JSON string"), "{err}");
        let gt: Value = serde_json::from_str(
            r#"{"fn_name": "f", "inputs": [[1]], "outputs": [[3.5, 9007199254740991]]}"#,
        )
        .unwrap();
        assert!(Tests::parse(&gt, &Value::Null).is_ok(), "exact numbers are fine");
    }

    #[test]
    fn big_integers_of_the_gold_stay_exact() {
        let gt = json!(
            r#"{"fn_name": "inc", "inputs": [[1180591620717411303425], "[\"12345678901234567890\"]"], "outputs": [[1180591620717411303426], -99999999999999999999]}"#
        );
        let Tests::Call { args, outputs, .. } = Tests::parse(&gt, &Value::Null).unwrap() else {
            panic!("not call-based")
        };
        assert_eq!(args[0], vec!["1180591620717411303425".to_owned()]);
        // Inside a string, digits are text.
        assert_eq!(args[1], vec!["[\"12345678901234567890\"]".to_owned()]);
        assert_eq!(outputs[0], json!([{BIG_INT_KEY: "1180591620717411303426"}]));
        assert_eq!(outputs[1], json!({BIG_INT_KEY: "-99999999999999999999"}));
        assert_eq!(
            mark_big_ints(r#"{"a": 1.5e300, "b": 123456789012345}"#),
            r#"{"a": 1.5e300, "b": 123456789012345}"#
        );
    }
}
