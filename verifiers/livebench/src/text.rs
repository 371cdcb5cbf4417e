//! Containers and normalisation shared by the tasks: `<solution>` tags,
//! bold spans, boxes, and the Python-literal reader for tablejoin.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::extract::{Find, Kind, Mode, NoAnswer, Policy, Run, last_boxed};

/// What a container finder saw: an answer, an unclosed last container (no
/// answer, never a fallback to an earlier one), or nothing.
pub(crate) enum Found<'a> {
    /// The content.
    Some(Cow<'a, str>),
    /// The last container never closes.
    Unclosed(&'static str),
    /// None.
    Absent,
}

/// The last `<solution>…</solution>` (multi-line).
pub(crate) fn last_solution(text: &str) -> Found<'_> {
    let Some(open) = text.rfind("<solution>") else {
        return Found::Absent;
    };
    let rest = &text[open + "<solution>".len()..];
    match rest.find("</solution>") {
        Some(close) => Found::Some(rest[..close].trim().into()),
        None => Found::Unclosed("<solution> tag"),
    }
}

/// The last box. A run of boxes joined by a hedging word is `Err` (graded
/// wrong by the caller); a list of boxes (`\boxed{no}, \boxed{yes}`) is
/// their contents joined by `, `, so a single-answer task reads it as a
/// wrong answer and a list task reads the list.
pub(crate) fn last_box(text: &str) -> Result<Found<'_>, ()> {
    match last_boxed(text) {
        Find::Complete(span) => {
            let policy = Policy::default();
            if let Ok(answer) = policy.extract(text, &[Kind::Boxed], Mode::Strict) {
                match answer.run {
                    Run::Hedge { .. } => return Err(()),
                    Run::List { .. } => {
                        let parts = answer.run.parts();
                        if parts.len() > 1 {
                            return Ok(Found::Some(parts.join(", ").into()));
                        }
                    }
                    _ => {}
                }
            }
            Ok(Found::Some(span.content.into()))
        }
        Find::Unclosed(_) => Ok(Found::Unclosed("\\boxed{}")),
        _ => Ok(Found::Absent),
    }
}

static BOLD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*\**([^*]+?)\*\*\**").expect("static regex"));

/// The contents of every `**…**` span (also `***…***`), in order.
pub(crate) fn bold_spans(text: &str) -> Vec<&str> {
    BOLD.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str().trim()).collect()
}

/// The start of the last bold span, if any.
pub(crate) fn last_bold_start(text: &str) -> Option<usize> {
    BOLD.find_iter(text).last().map(|m| m.start())
}

/// Removes LaTeX text wrappers (`\text{…}`, `\textbf{…}`, `\mathrm{…}`,
/// `\mathbf{…}`), braces, dollars and backslashes: a box holding a word or
/// a short list reads as that word or list.
pub(crate) fn unlatex(s: &str) -> String {
    let mut out = s.to_owned();
    for w in ["\\text{", "\\textbf{", "\\textit{", "\\mathrm{", "\\mathbf{", "\\operatorname{"] {
        out = out.replace(w, "");
    }
    out.chars().filter(|c| !matches!(c, '{' | '}' | '$' | '\\')).collect()
}

/// Lowercase words: runs of letters and digits.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Turns the extraction's no-answer into a reward detail.
pub(crate) fn unclosed(what: &'static str) -> rlvr_core::Reward {
    rlvr_core::Reward::no_answer().with_detail(format!("the last {what} is never closed"))
}

/// The response after its last `</think>`, under the size cap.
pub(crate) fn answer_part(response: &str, cap: usize) -> Result<&str, NoAnswer> {
    if response.len() > cap {
        return Err(NoAnswer::ResponseTooLong { bytes: response.len(), cap });
    }
    rlvr_core::extract::after_think(response)
}

/// A Python literal value as tablejoin answers hold them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    /// A string.
    Str(String),
    /// `None` / `null`.
    None,
    /// A number, `True`/`False` or `true`/`false`, as written.
    Atom(String),
}

/// The most entries a tablejoin dictionary may have.
pub(crate) const MAX_ENTRIES: usize = 10_000;

/// Reads a Python (or JSON) dictionary literal whose keys are strings and
/// whose values are strings, `None`/`null`, numbers or booleans: the whole
/// text must be that dictionary. Linear, no recursion.
pub(crate) fn parse_dict(text: &str) -> Option<Vec<(String, Lit)>> {
    let mut p = Parser { s: text.as_bytes(), i: 0, text };
    p.ws();
    p.eat(b'{')?;
    let mut out = Vec::new();
    loop {
        p.ws();
        if p.peek() == Some(b'}') {
            p.i += 1;
            break;
        }
        let key = p.string()?;
        p.ws();
        p.eat(b':')?;
        p.ws();
        let value = match p.peek()? {
            b'\'' | b'"' => Lit::Str(p.string()?),
            _ => p.atom()?,
        };
        out.push((key, value));
        if out.len() > MAX_ENTRIES {
            return None;
        }
        p.ws();
        match p.peek()? {
            b',' => p.i += 1,
            b'}' => {
                p.i += 1;
                break;
            }
            _ => return None,
        }
    }
    p.ws();
    (p.i == p.s.len()).then_some(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }
    fn string(&mut self) -> Option<String> {
        let q = self.peek()?;
        if q != b'\'' && q != b'"' {
            return None;
        }
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let b = self.peek()?;
            if b == q {
                out.push_str(self.text.get(start..self.i)?);
                self.i += 1;
                return Some(out);
            }
            if b == b'\n' {
                return None;
            }
            if b == b'\\' {
                out.push_str(self.text.get(start..self.i)?);
                let e = *self.s.get(self.i + 1)?;
                out.push(match e {
                    b'n' => '\n',
                    b't' => '\t',
                    b'\\' => '\\',
                    b'\'' => '\'',
                    b'"' => '"',
                    _ => return None,
                });
                self.i += 2;
                start = self.i;
                continue;
            }
            self.i += 1;
        }
    }
    fn atom(&mut self) -> Option<Lit> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b"+-._".contains(&b)) {
            self.i += 1;
        }
        let word = self.text.get(start..self.i)?;
        match word {
            "None" | "null" => Some(Lit::None),
            "True" | "False" | "true" | "false" => Some(Lit::Atom(word.to_owned())),
            w if !w.is_empty() && w.parse::<f64>().is_ok() => Some(Lit::Atom(w.to_owned())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_parse_in_python_and_json_spelling() {
        let d = parse_dict("{'a': 'x', \"b\": None, 'c': null, 'd': 3,}").unwrap();
        assert_eq!(d.len(), 4);
        assert_eq!(d[0], ("a".to_owned(), Lit::Str("x".to_owned())));
        assert_eq!(d[1].1, Lit::None);
        assert!(parse_dict("{'a': 'x'} trailing").is_none());
        assert!(parse_dict("{'a': print('x')}").is_none());
        assert_eq!(parse_dict("{}").unwrap().len(), 0);
        assert_eq!(parse_dict(&"{".repeat(100_000)), None);
    }

    #[test]
    fn bold_spans_read_double_and_triple_stars() {
        assert_eq!(bold_spans("a **yes** b ***3***"), vec!["yes", "3"]);
    }
}
