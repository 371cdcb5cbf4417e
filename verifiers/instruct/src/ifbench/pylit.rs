//! A Python literal (`ast.literal_eval` of a ground-truth string) read as
//! JSON: dicts, lists, tuples, strings, numbers, `None`, `True`, `False`.

use serde_json::{Map, Number, Value};

/// How deep literals may nest.
const MAX_DEPTH: usize = 64;

/// Parses `s` as one Python literal.
pub(crate) fn parse(s: &str) -> Result<Value, String> {
    let mut p = Parser { s: s.as_bytes(), src: s, i: 0 };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing text at byte {}", p.i));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return Err("unexpected end".into()) };
        match c {
            b'[' | b'(' => {
                self.i += 1;
                let close = if c == b'[' { b']' } else { b')' };
                let mut items = Vec::new();
                loop {
                    if self.eat(close) {
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value(depth + 1)?);
                    if !self.eat(b',') {
                        if self.eat(close) {
                            return Ok(Value::Array(items));
                        }
                        return Err(format!("expected `,` at byte {}", self.i));
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut map = Map::new();
                loop {
                    if self.eat(b'}') {
                        return Ok(Value::Object(map));
                    }
                    let key = match self.value(depth + 1)? {
                        Value::String(k) => k,
                        k => return Err(format!("dict key {k} is not a string")),
                    };
                    if !self.eat(b':') {
                        return Err(format!("expected `:` at byte {}", self.i));
                    }
                    let v = self.value(depth + 1)?;
                    map.insert(key, v);
                    if !self.eat(b',') {
                        if self.eat(b'}') {
                            return Ok(Value::Object(map));
                        }
                        return Err(format!("expected `,` at byte {}", self.i));
                    }
                }
            }
            b'\'' | b'"' => self.string(c).map(Value::String),
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || matches!(self.s[self.i], b'.' | b'-' | b'+' | b'_'))
                {
                    self.i += 1;
                }
                let word = &self.src[start..self.i];
                match word {
                    "None" => Ok(Value::Null),
                    "True" => Ok(Value::Bool(true)),
                    "False" => Ok(Value::Bool(false)),
                    _ => {
                        if let Ok(n) = word.parse::<i64>() {
                            return Ok(Value::from(n));
                        }
                        match word.parse::<f64>().ok().and_then(Number::from_f64) {
                            Some(n) if !word.is_empty() => Ok(Value::Number(n)),
                            _ => Err(format!("not a literal: `{}`", rlvr_core::clip(word, 40))),
                        }
                    }
                }
            }
        }
    }

    fn string(&mut self, quote: u8) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = &self.src[self.i..];
            let Some(c) = rest.chars().next() else { return Err("unclosed string".into()) };
            self.i += c.len_utf8();
            if c as u32 == u32::from(quote) {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.src[self.i..].chars().next() else {
                return Err("unclosed string".into());
            };
            self.i += e.len_utf8();
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' | '\'' | '"' => out.push(e),
                '\n' => {}
                'x' | 'u' | 'U' => {
                    let n = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex = self.src.get(self.i..self.i + n).ok_or("short escape")?;
                    let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                    out.push(char::from_u32(code).ok_or("escape is not a character")?);
                    self.i += n;
                }
                _ => {
                    out.push('\\');
                    out.push(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_literals_read_as_json() {
        let v = parse(
            "[{'instruction_id': ['a:b'], 'kwargs': [{'N': 3.0, 'x': None, 's': \"it's\\n\"}]}]",
        )
        .unwrap();
        assert_eq!(
            v,
            json!([{"instruction_id": ["a:b"], "kwargs": [{"N": 3.0, "x": null, "s": "it's\n"}]}])
        );
        assert!(parse("[1, 2").is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
    }
}
