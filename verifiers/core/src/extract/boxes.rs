//! Runs of boxes: `\boxed{1}, \boxed{2} and \boxed{3}` is one answer.
//!
//! The last box is found as always ([`last_boxed`]). Walking back from it,
//! each earlier box joins the run when the text between the two is only a
//! *joint*:
//!
//! - punctuation (`, ; . : & ~`), math delimiters (`$`, `\(`, `\)`, `\[`,
//!   `\]`), spacing commands (`\quad`, `\qquad`, `\,`, `\;`, `\ `, `\\`),
//!   markdown list and emphasis marks, and `\text{…}` / `\textbf{…}` /
//!   `\mathrm{…}` / `\mbox{…}` wrappers around any of these;
//! - the words `and`, `or`, `also`, `part`;
//! - part labels: `(a)`, `b)`, `(ii)`, `(2)`, and `x =` (a one-letter
//!   name and an equals sign);
//!
//! all within [`MAX_JOINT_BYTES`]. Any other word (`no wait`, `so`,
//! `then`) makes the earlier box a draft, and the run stops there: the last
//! box wins, as for a single box. A joint with a hedging word (`or
//! possibly`, `maybe`, `perhaps`, `alternatively`), or `either` right
//! before the run, makes the run a [`Run::Hedge`], which a verifier grades
//! wrong.

use super::{Find, Span, last_boxed};

/// The longest text between two boxes of one run, in bytes.
pub const MAX_JOINT_BYTES: usize = 80;

/// The most boxes read into one run; earlier ones are drafts.
pub const MAX_RUN: usize = 64;

/// How the last box stands among the boxes before it.
///
/// # Example
/// ```
/// use rlvr_core::extract::{Kind, Mode, Policy, Run};
/// let p = Policy::default();
/// let a = p.extract("The solutions are \\boxed{1}, \\boxed{2} and \\boxed{3}.", &[Kind::Boxed], Mode::Strict)?;
/// assert_eq!(a.text, "3");
/// assert_eq!(a.run.parts(), ["1", "2", "3"]);
/// let a = p.extract("\\boxed{5}, or possibly \\boxed{6}", &[Kind::Boxed], Mode::Strict)?;
/// assert!(matches!(a.run, Run::Hedge { .. }));
/// let a = p.extract("\\boxed{5}. No wait, it is \\boxed{6}", &[Kind::Boxed], Mode::Strict)?;
/// assert_eq!(a.run, Run::Single);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Run<'a> {
    /// One answer: the container is not a box, or no box joins it.
    #[default]
    Single,
    /// Several boxes joined only by a joint: one answer with several parts.
    List {
        /// The text from the first box of the run to the end of the last.
        span: &'a str,
    },
    /// Boxes joined by a hedge (`\boxed{5}, or possibly \boxed{6}`).
    Hedge {
        /// The text from the first box of the run to the end of the last.
        span: &'a str,
    },
}

impl<'a> Run<'a> {
    /// The contents of the run's boxes in order, consecutive duplicates
    /// dropped (`\boxed{2}, \boxed{2}` is one part); empty for
    /// [`Run::Single`].
    pub fn parts(&self) -> Vec<&'a str> {
        let span = match self {
            Self::Single => return Vec::new(),
            Self::List { span } | Self::Hedge { span } => *span,
        };
        let mut parts = Vec::new();
        let mut end = span.len();
        while let Find::Complete(b) = last_boxed(&span[..end]) {
            parts.push(b.content);
            end = b.start;
            if end == 0 || parts.len() >= MAX_RUN {
                break;
            }
        }
        parts.reverse();
        parts.dedup();
        parts
    }
}

/// What joins two neighbouring boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joint {
    /// Separators only: one answer.
    List,
    /// Separators and a hedging word.
    Hedge,
    /// Anything else: the earlier box was a draft.
    Draft,
}

/// Words that make a joint a hedge.
const HEDGES: [&str; 11] = [
    "possibly",
    "maybe",
    "perhaps",
    "alternatively",
    "otherwise",
    "probably",
    "likely",
    "either",
    "else",
    "could",
    "might",
];

/// Commands that are layout only, between boxes.
const LAYOUT: [&str; 14] = [
    "\\qquad",
    "\\quad",
    "\\,",
    "\\;",
    "\\:",
    "\\ ",
    "\\!",
    "\\\\",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "\\hfill",
    "\\newline",
];

/// Commands whose braces wrap joint text.
const WRAPPERS: [&str; 7] =
    ["\\textbf", "\\textrm", "\\textit", "\\text", "\\mathrm", "\\mbox", "\\mathbf"];

/// Reads the text between two boxes.
fn joint(sep: &str) -> Joint {
    if sep.len() > MAX_JOINT_BYTES {
        return Joint::Draft;
    }
    let mut hedged = false;
    let mut s = sep;
    'tokens: while let Some(c) = s.chars().next() {
        if c.is_whitespace() || ",;.:&~$*_-#>{}()".contains(c) {
            s = &s[c.len_utf8()..];
            continue;
        }
        if c == '\\' {
            for cmd in LAYOUT.iter().chain(WRAPPERS.iter()) {
                if let Some(rest) = s.strip_prefix(cmd) {
                    // `\text` must not be the start of `\textstyle`.
                    let letters = cmd.bytes().skip(1).all(|b| b.is_ascii_alphabetic());
                    if letters && rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                        continue;
                    }
                    s = rest;
                    continue 'tokens;
                }
            }
            return Joint::Draft;
        }
        if c.is_ascii_alphanumeric() {
            let len = s.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(s.len());
            let word = &s[..len];
            let rest = &s[len..];
            let lower = word.to_ascii_lowercase();
            if ["and", "or", "also", "part"].contains(&lower.as_str()) {
            } else if HEDGES.contains(&lower.as_str()) {
                hedged = true;
            } else if rest.starts_with(')') && label(word) {
                // A part label: `b)`, `(a)`, `(ii)`, `(2)`.
            } else if word.len() == 1
                && word.bytes().all(|b| b.is_ascii_alphabetic())
                && rest.trim_start().starts_with('=')
            {
                // `x = \boxed{2}, y = \boxed{3}`.
                s = &rest.trim_start()[1..];
                continue;
            } else {
                return Joint::Draft;
            }
            s = rest;
            continue;
        }
        return Joint::Draft;
    }
    if hedged { Joint::Hedge } else { Joint::List }
}

/// Whether `s` is a part label: one letter, a small roman numeral or a
/// one- or two-digit number.
fn label(s: &str) -> bool {
    let s = s.trim();
    let letter = s.len() == 1 && s.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
        .contains(&s.to_ascii_lowercase().as_str());
    let number = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    letter || roman || number
}

/// The byte offset just past the box whose content is `content` (a slice
/// of `text`): past its closing `}`, or past the content for `\boxed 5`.
fn box_end(text: &str, span: &Span<'_>) -> usize {
    let content_end = span.content.as_ptr() as usize - text.as_ptr() as usize + span.content.len();
    let rest = &text[content_end..];
    let ws = rest.len() - rest.trim_start().len();
    if rest[ws..].starts_with('}') { content_end + ws + 1 } else { content_end }
}

/// The run that ends with the box `last`, a complete box found in `text`
/// by [`last_boxed`].
pub(super) fn run_ending_with<'a>(text: &'a str, last: Span<'a>) -> Run<'a> {
    let end = box_end(text, &last);
    let mut first = last.start;
    let mut count = 1;
    let mut hedged = false;
    while count < MAX_RUN {
        let Find::Complete(prev) = last_boxed(&text[..first]) else { break };
        let prev_end = box_end(text, &prev);
        if prev_end > first {
            break;
        }
        match joint(&text[prev_end..first]) {
            Joint::List => {}
            Joint::Hedge => hedged = true,
            Joint::Draft => break,
        }
        first = prev.start;
        count += 1;
    }
    // `either \boxed{5} or \boxed{6}` offers a choice: a hedge.
    if count > 1 {
        let before = text[..first].trim_end_matches(|c: char| c.is_whitespace() || c == '$');
        let before = before.strip_suffix("\\(").unwrap_or(before).trim_end();
        let word = before.rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
        hedged |= word.eq_ignore_ascii_case("either");
    }
    let span = &text[first..end];
    match (count, hedged) {
        (1, _) => Run::Single,
        (_, true) => Run::Hedge { span },
        (_, false) => Run::List { span },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Kind, Mode, Policy};

    fn run(text: &str) -> (Run<'_>, Vec<&str>) {
        let a = Policy::default().extract(text, &[Kind::Boxed], Mode::Strict).expect("a box");
        (a.run, a.run.parts())
    }

    #[test]
    fn joints_make_one_answer() {
        for (text, parts) in [
            ("The solutions are \\boxed{1}, \\boxed{2} and \\boxed{3}", vec!["1", "2", "3"]),
            ("\\boxed{(2,2)} \\quad\\text{and}\\quad \\boxed{(6,2)}", vec!["(2,2)", "(6,2)"]),
            ("(a) \\boxed{3} and (b) \\boxed{5}", vec!["3", "5"]),
            ("(a) $\\boxed{3}$\n(b) $\\boxed{5}$.", vec!["3", "5"]),
            ("a) \\boxed{3}, b) \\boxed{5}", vec!["3", "5"]),
            ("$x = \\boxed{2}$, $y = \\boxed{-1}$", vec!["2", "-1"]),
            ("\\boxed{2} or \\boxed{3}", vec!["2", "3"]),
            ("**Part (i):** \\boxed{4}\n**Part (ii):** \\boxed{7}", vec!["4", "7"]),
            ("\\boxed{2}\\boxed{2}", vec!["2"]),
            ("\\boxed{1}\\text{ and }\\boxed{2}", vec!["1", "2"]),
        ] {
            let (r, p) = run(text);
            assert!(matches!(r, Run::List { .. }), "{text}: {r:?}");
            assert_eq!(p, parts, "{text}");
        }
    }

    #[test]
    fn reasoning_between_boxes_makes_a_draft() {
        for text in [
            "\\boxed{41} no wait, \\boxed{42}",
            "First \\boxed{3}. Then we check the other case and get \\boxed{5}",
            "\\boxed{5}. So \\boxed{6}",
            "\\boxed{\\boxed{3}}",
            "\\boxed{1}, \\hspace{1cm} \\boxed{2}",
            "\\boxed{1} (which is odd) \\boxed{2}",
            "\\boxed{5}",
        ] {
            assert_eq!(run(text), (Run::Single, vec![]), "{text}");
        }
        // A long joint is reasoning even if its words would pass.
        let long = format!("\\boxed{{1}}{}\\boxed{{2}}", " and".repeat(30));
        assert_eq!(run(&long).0, Run::Single);
    }

    #[test]
    fn hedges_are_reported() {
        for text in [
            "\\boxed{5}, or possibly \\boxed{6}",
            "\\boxed{5} or maybe \\boxed{6}",
            "\\boxed{5}; alternatively \\boxed{6}",
            "\\boxed{5} (or perhaps \\boxed{6})",
            "It is either \\boxed{5} or \\boxed{6}",
            "either $\\boxed{5}$ or $\\boxed{6}$",
        ] {
            let (r, _) = run(text);
            assert!(matches!(r, Run::Hedge { .. }), "{text}: {r:?}");
        }
        let (r, p) = run("\\boxed{5}, or possibly \\boxed{6}");
        assert!(matches!(r, Run::Hedge { .. }));
        assert_eq!(p, ["5", "6"]);
    }

    #[test]
    fn a_run_stops_at_a_draft() {
        let (r, p) = run("\\boxed{9} so then \\boxed{1}, \\boxed{2}");
        assert!(matches!(r, Run::List { .. }));
        assert_eq!(p, ["1", "2"]);
    }

    #[test]
    fn runs_are_bounded() {
        let many = "\\boxed{1},".repeat(500) + "\\boxed{2}";
        let (r, p) = run(&many);
        assert!(matches!(r, Run::List { .. }));
        assert!(p.len() <= MAX_RUN);
    }
}
