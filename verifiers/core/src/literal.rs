//! A safe parser for JSON and Python literals.
//!
//! Models answer in either syntax: `["a", "b"]`, `['a', 'b']`, `(1, 2)`,
//! `{'header': [...], "rows": [...]}`, `True`, `None`. Reference graders
//! call `ast.literal_eval` or, worse, `eval`; this module reads the same
//! literals into a [`serde_json::Value`] and nothing else. Names, calls,
//! attribute access and operators other than a sign on a number are
//! syntax errors, so `__import__('os')` is just an unparseable answer.
//!
//! Tuples and sets become arrays, dict keys that are numbers become their
//! decimal text, and nesting is limited to [`MAX_DEPTH`] levels. The parser
//! is linear in its input and never panics.

use serde_json::{Map, Number, Value};

/// The deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses one literal filling the whole text (surrounding whitespace
/// allowed). Returns `None` on any syntax error.
///
/// # Example
/// ```
/// use rlvr_core::literal::parse;
/// use serde_json::json;
/// assert_eq!(parse("{'a': (1, -2.5), \"b\": [True, None]}"), Some(json!({"a": [1, -2.5], "b": [true, null]})));
/// assert_eq!(parse("__import__('os').system('x')"), None);
/// ```
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser { s: text.as_bytes(), text, i: 0 };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'[' => {
                self.i += 1;
                self.seq(b']', depth).map(Value::Array)
            }
            b'(' => {
                self.i += 1;
                self.seq(b')', depth).map(Value::Array)
            }
            b'{' => {
                self.i += 1;
                self.dict_or_set(depth)
            }
            b'"' | b'\'' => self.string().map(Value::String),
            b'-' | b'+' | b'.' | b'0'..=b'9' => self.number(),
            _ => self.word(),
        }
    }

    /// Items up to `close`, with an optional trailing comma.
    fn seq(&mut self, close: u8, depth: usize) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            if !self.eat(b',') {
                return self.eat(close).then_some(items);
            }
        }
    }

    fn dict_or_set(&mut self, depth: usize) -> Option<Value> {
        if self.eat(b'}') {
            return Some(Value::Object(Map::new()));
        }
        let first = self.value(depth + 1)?;
        if !self.eat(b':') {
            // A set literal: read it as an array.
            let mut items = vec![first];
            loop {
                if !self.eat(b',') {
                    return self.eat(b'}').then_some(Value::Array(items));
                }
                if self.eat(b'}') {
                    return Some(Value::Array(items));
                }
                items.push(self.value(depth + 1)?);
            }
        }
        let mut map = Map::new();
        let mut key = first;
        loop {
            let k = match key {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => if b { "True" } else { "False" }.to_owned(),
                _ => return None,
            };
            let v = self.value(depth + 1)?;
            map.insert(k, v);
            if !self.eat(b',') {
                return self.eat(b'}').then_some(Value::Object(map));
            }
            if self.eat(b'}') {
                return Some(Value::Object(map));
            }
            key = self.value(depth + 1)?;
            if !self.eat(b':') {
                return None;
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        while self.i < self.s.len() {
            let b = self.s[self.i];
            if b == quote {
                out.push_str(&self.text[start..self.i]);
                self.i += 1;
                return Some(out);
            }
            if b == b'\n' {
                return None;
            }
            if b == b'\\' {
                out.push_str(&self.text[start..self.i]);
                let esc = *self.s.get(self.i + 1)?;
                self.i += 2;
                match esc {
                    b'n' => out.push('\n'),
                    b't' => out.push('\t'),
                    b'r' => out.push('\r'),
                    b'0' => out.push('\0'),
                    b'u' => {
                        let hex = self.text.get(self.i..self.i + 4)?;
                        let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
                        out.push(c);
                        self.i += 4;
                    }
                    b'\\' | b'\'' | b'"' | b'/' => out.push(char::from(esc)),
                    _ => return None,
                }
                start = self.i;
                continue;
            }
            self.i += 1;
        }
        None
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.i += 1;
        }
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_digit()
                || matches!(self.s[self.i], b'.' | b'e' | b'E' | b'_')
                || (matches!(self.s[self.i], b'-' | b'+')
                    && matches!(self.s[self.i - 1], b'e' | b'E')))
        {
            self.i += 1;
        }
        let raw: String = self.text[start..self.i].chars().filter(|&c| c != '_').collect();
        let raw = raw.strip_prefix('+').unwrap_or(&raw);
        if let Ok(n) = raw.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        let f: f64 = raw.parse().ok()?;
        Number::from_f64(f).map(Value::Number)
    }

    fn word(&mut self) -> Option<Value> {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        match &self.text[start..self.i] {
            "True" | "true" => Some(Value::Bool(true)),
            "False" | "false" => Some(Value::Bool(false)),
            "None" | "null" => Some(Value::Null),
            _ => None,
        }
    }
}

/// Reads a JSON value that may itself be a string holding a literal (rows
/// stored through parquet often carry `"['a', 'b']"` instead of a list).
///
/// # Example
/// ```
/// use rlvr_core::literal::unwrap_string;
/// use serde_json::json;
/// assert_eq!(unwrap_string(&json!("['a', 'b']")), json!(["a", "b"]));
/// assert_eq!(unwrap_string(&json!("plain text")), json!("plain text"));
/// ```
pub fn unwrap_string(v: &Value) -> Value {
    match v {
        Value::String(s) => parse(s).unwrap_or_else(|| v.clone()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn json_round_trips(v in prop::collection::vec(-1000i64..1000, 0..8)) {
            let text = serde_json::to_string(&v).unwrap();
            prop_assert_eq!(parse(&text), Some(json!(v)));
        }
    }

    #[test]
    fn python_forms() {
        assert_eq!(parse("(1,)"), Some(json!([1])));
        assert_eq!(parse("{1, 2}"), Some(json!([1, 2])));
        assert_eq!(parse("{1: 'x'}"), Some(json!({"1": "x"})));
        assert_eq!(parse("1_000"), Some(json!(1000)));
        assert_eq!(parse("'it\\'s'"), Some(json!("it's")));
        assert_eq!(parse("[1, 2"), None);
        assert_eq!(parse("x"), None);
    }

    #[test]
    fn nesting_is_limited() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&deep), None);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_some());
    }
}
