//! The one answer-extraction policy, shared by every domain.
//!
//! 1. **Think blocks.** The answer is read after the last `</think>`. A
//!    `<think>` that is never closed means the response was cut off: no
//!    answer.
//! 2. **Containers.** Each verifier names the containers it accepts
//!    ([`Kind`]): `\boxed{}` / `\fbox{}` (brace-balanced, also `\boxed 5`),
//!    `<answer>…</answer>` (multi-line), a fenced code block of the right
//!    language, a JSON object or array, an `Answer: X` / `final answer is X`
//!    line, or (opt-in) a `the answer is X` phrase without a colon. Of all
//!    containers found, the one that **starts last** wins, so
//!    `<answer>\boxed{5}</answer>` reads `5`.
//! 3. **Unclosed means no answer.** If the container that starts last is
//!    never closed (`\boxed{42`, a fence with no closing fence), the result
//!    is [`NoAnswer::Unclosed`]: we never fall back to an earlier answer,
//!    which would let a model hedge with a draft and a dangling container.
//! 4. **No whole-text fallback** by default; the format is part of the task.
//!    [`Mode::Lenient`] (per row `extra_info.extraction = "lenient"`, or per
//!    run) falls back, for answer-only corpora and parity runs, to (in
//!    order) the whole answer when it is short ([`whole_answer`]: one line
//!    of at most [`MAX_WHOLE_BYTES`], so `-\frac{10}{9}` and `The answer is
//!    A.` are read whole), the last LaTeX math environment, and only then
//!    the last number. [`Policy::extract_with`] lets a verifier skip a
//!    candidate it cannot read (a sentence that does not parse) and go on
//!    to the next; [`Policy::extract`] keeps the math environment and the
//!    number only. The number is never read from inside a command's
//!    arguments: `\frac{10}{9}` has no last number `9`.
//! 5. **Runs of boxes.** When the answer is a box, the boxes right before
//!    it that are joined to it only by punctuation, `and`/`or`, spacing or
//!    part labels form one answer with several parts ([`Run::List`]:
//!    `\boxed{1}, \boxed{2} and \boxed{3}`, `(a) \boxed{3} and (b)
//!    \boxed{5}`). Reasoning between two boxes makes the earlier one a
//!    draft, and the last box wins. A hedging word between them
//!    (`\boxed{5}, or possibly \boxed{6}`) makes a [`Run::Hedge`], which
//!    verifiers grade wrong. [`Answer::text`] is always the last box, so
//!    a verifier that ignores [`Answer::run`] grades the last box as
//!    before. See [`Run`].
//! 6. **Size caps** on the response and on the extracted answer, checked
//!    before any parsing.
//!
//! Every function here is linear in the input and never panics.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::{Context, Reward, Sample};

mod boxes;

pub use boxes::{MAX_JOINT_BYTES, MAX_RUN, Run};

/// Strict or lenient extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Only the containers a verifier names count.
    #[default]
    Strict,
    /// When no container is present, fall back to the last LaTeX math
    /// environment, expression or number.
    Lenient,
}

impl crate::option::RowOption for Mode {
    const KEY: &'static str = "extraction";
    const NAMES: &'static [(&'static str, Self)] =
        &[("strict", Self::Strict), ("lenient", Self::Lenient)];
}

impl Mode {
    /// Parses `strict` / `lenient` (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as crate::option::RowOption>::named(name)
    }

    /// The mode for one sample: `extra_info.extraction` when it is set,
    /// else the run's default carried by the context.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`](crate::Error) of `verifier` when
    /// `extra_info.extraction` is set but names no mode (see
    /// [`option`](crate::option)).
    ///
    /// # Example
    /// ```
    /// use rlvr_core::{Context, Sample, extract::Mode};
    /// let s = Sample::new("m", "", "1").with_extra_info(serde_json::json!({"extraction": "lenient"}));
    /// assert_eq!(Mode::for_sample(&s, &Context::default(), "math")?, Mode::Lenient);
    /// let typo = Sample::new("m", "", "1").with_extra_info(serde_json::json!({"extraction": "lenint"}));
    /// assert!(Mode::for_sample(&typo, &Context::default(), "math").is_err());
    /// # Ok::<(), rlvr_core::Error>(())
    /// ```
    pub fn for_sample(sample: &Sample, cx: &Context, verifier: &str) -> Result<Self, crate::Error> {
        Ok(sample.option::<Self>(verifier)?.unwrap_or_else(|| cx.extraction()))
    }
}

/// Which code blocks count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Fence {
    /// Accepted language tags (ASCII case-insensitive); empty: any tag.
    pub langs: &'static [&'static str],
    /// Whether a block with no language tag counts.
    pub untagged: bool,
}

impl Fence {
    /// Any fenced block.
    pub const ANY: Self = Self { langs: &[], untagged: true };
    /// Python blocks (`python`, `py`, `python3`) and untagged ones.
    pub const PYTHON: Self = Self { langs: &["python", "py", "python3"], untagged: true };
    /// JSON blocks and untagged ones.
    pub const JSON: Self = Self { langs: &["json"], untagged: true };

    /// A filter for the given tags.
    pub const fn new(langs: &'static [&'static str], untagged: bool) -> Self {
        Self { langs, untagged }
    }

    fn accepts(&self, lang: &str) -> bool {
        if lang.is_empty() {
            self.untagged
        } else {
            self.langs.is_empty() || self.langs.iter().any(|l| l.eq_ignore_ascii_case(lang))
        }
    }
}

/// A kind of answer container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `\boxed{…}`, `\fbox{…}`, `\boxed 5`.
    Boxed,
    /// `<answer>…</answer>`.
    AnswerTag,
    /// A fenced code block.
    Code(Fence),
    /// A JSON object or array.
    Json,
    /// An `Answer: X`, `Final answer: X` or `final answer is X` line.
    AnswerLine,
    /// Everything [`Kind::AnswerLine`] reads, plus `the (correct) answer is
    /// X` phrases without a colon (`The answer is (C)`), cut at the end of
    /// their sentence; remarks (`the answer is correct`, `check whether
    /// the answer is A`) do not count. See [`last_answer_phrase`]. A
    /// verifier opts in by naming this kind instead of `AnswerLine`.
    AnswerPhrase,
    /// A `#### X` line (the GSM8K answer format).
    HashLine,
    /// Lenient fallback: the whole answer, when it is one short line.
    Whole,
    /// Lenient fallback: the last `$…$`, `$$…$$`, `\(…\)`, `\[…\]`.
    MathEnv,
    /// Lenient fallback: the last number.
    Number,
}

impl Kind {
    /// A short name for details and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Boxed => "\\boxed{}",
            Self::AnswerTag => "<answer>",
            Self::Code(_) => "code block",
            Self::Json => "JSON value",
            Self::AnswerLine => "answer line",
            Self::AnswerPhrase => "answer phrase",
            Self::HashLine => "#### line",
            Self::Whole => "whole answer",
            Self::MathEnv => "math environment",
            Self::Number => "number",
        }
    }
}

/// What one finder saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Find<'a> {
    /// A complete container.
    Complete(Span<'a>),
    /// The last container of this kind starts at this byte and never closes.
    Unclosed(usize),
    /// None of this kind.
    Absent,
}

impl<'a> Find<'a> {
    /// The complete container's content, if any.
    pub fn content(self) -> Option<&'a str> {
        match self {
            Self::Complete(span) => Some(span.content),
            _ => None,
        }
    }
}

/// The content of the complete answer tag that holds `json`, when that
/// tag also holds another, earlier JSON value (a hedge such as `{A} or
/// {B}`).
fn tag_with_two_json_values<'a>(text: &'a str, json: Span<'a>) -> Option<&'a str> {
    let Find::Complete(tag) = find(text, Kind::AnswerTag) else { return None };
    let base = text.as_ptr() as usize;
    let tag_at = tag.content.as_ptr() as usize - base;
    let json_at = json.content.as_ptr() as usize - base;
    if json_at < tag_at || json_at + json.content.len() > tag_at + tag.content.len() {
        return None;
    }
    let before = &tag.content[..json_at - tag_at];
    matches!(find(before, Kind::Json), Find::Complete(_)).then_some(tag.content)
}

/// A complete container found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Span<'a> {
    /// Byte offset where the container starts (its opening delimiter).
    pub start: usize,
    /// The content, trimmed of surrounding whitespace.
    pub content: &'a str,
    /// The code block's language tag (empty when untagged or not a block).
    pub lang: &'a str,
}

/// An extracted answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Answer<'a> {
    /// The container it came from.
    pub kind: Kind,
    /// The content, trimmed.
    pub text: &'a str,
    /// The code block's language tag (empty otherwise).
    pub lang: &'a str,
    /// For a box: the run of boxes it ends, if any ([`Run::Single`]
    /// otherwise).
    pub run: Run<'a>,
}

/// Why no answer could be read: always graded [`Verdict::NoAnswer`](crate::Verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoAnswer {
    /// The response is over the size cap.
    ResponseTooLong {
        /// Its size.
        bytes: usize,
        /// The cap.
        cap: usize,
    },
    /// A `<think>` block is never closed.
    UnclosedThink,
    /// The container that starts last is never closed.
    Unclosed(Kind),
    /// No container of an accepted kind.
    Missing,
    /// The extracted answer is over the size cap.
    AnswerTooLong {
        /// Its size.
        bytes: usize,
        /// The cap.
        cap: usize,
    },
}

impl NoAnswer {
    /// The graded reward: score 0, [`Verdict::NoAnswer`](crate::Verdict),
    /// this as the detail.
    pub fn reward(self) -> Reward {
        Reward::no_answer().with_detail(self.to_string())
    }
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ResponseTooLong { bytes, cap } => {
                write!(f, "response of {bytes} bytes is over the {cap}-byte cap")
            }
            Self::UnclosedThink => f.write_str("unclosed <think> block: the response was cut off"),
            Self::Unclosed(kind) => write!(f, "the last {} is never closed", kind.name()),
            Self::Missing => f.write_str("no answer container found"),
            Self::AnswerTooLong { bytes, cap } => {
                write!(f, "answer of {bytes} bytes is over the {cap}-byte cap")
            }
        }
    }
}

/// The extraction policy with its caps.
///
/// # Example
/// ```
/// use rlvr_core::extract::{Kind, Mode, NoAnswer, Policy};
/// let p = Policy::default();
/// let kinds = [Kind::Boxed, Kind::AnswerLine];
/// let a = p.extract("<think>maybe \\boxed{3}</think> so \\boxed{\\frac{1}{2}}", &kinds, Mode::Strict)?;
/// assert_eq!(a.text, "\\frac{1}{2}");
/// assert_eq!(p.extract("\\boxed{1} then \\boxed{2", &kinds, Mode::Strict), Err(NoAnswer::Unclosed(Kind::Boxed)));
/// assert_eq!(p.extract("it is 42", &kinds, Mode::Strict), Err(NoAnswer::Missing));
/// assert_eq!(p.extract("it is 42", &kinds, Mode::Lenient)?.text, "42");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// The largest response read at all, in bytes.
    pub max_response_bytes: usize,
    /// The largest extracted answer, in bytes.
    pub max_answer_bytes: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self { max_response_bytes: 1 << 20, max_answer_bytes: 64 << 10 }
    }
}

impl std::error::Error for NoAnswer {}

impl Policy {
    /// Sets the response cap.
    #[must_use]
    pub fn with_max_response_bytes(mut self, cap: usize) -> Self {
        self.max_response_bytes = cap;
        self
    }

    /// Sets the answer cap.
    #[must_use]
    pub fn with_max_answer_bytes(mut self, cap: usize) -> Self {
        self.max_answer_bytes = cap;
        self
    }

    /// Extracts the answer from a response under this policy.
    ///
    /// # Errors
    /// [`NoAnswer`] says why there is none.
    pub fn extract<'a>(
        &self,
        response: &'a str,
        kinds: &[Kind],
        mode: Mode,
    ) -> Result<Answer<'a>, NoAnswer> {
        self.extract_from(response, kinds, mode, &LENIENT_LAST, &mut |_| true)
    }

    /// [`extract`](Self::extract), with the full lenient order: the whole
    /// short answer, then the last math environment, then the last number.
    /// In lenient mode each of those that is present is offered to
    /// `accepts` in that order, and the first it accepts is the answer
    /// (when it accepts none, there is no answer: [`NoAnswer::Missing`],
    /// so `I don't know.` is no answer, not a wrong one). Containers are
    /// never offered: the container that starts last is the answer.
    ///
    /// # Errors
    /// [`NoAnswer`] says why there is none.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::extract::{Kind, Mode, Policy};
    /// let p = Policy::default();
    /// let digits_only = |a: &rlvr_core::extract::Answer<'_>| a.text.bytes().all(|b| b.is_ascii_digit());
    /// let a = p.extract_with("-\\frac{10}{9}", &[Kind::Boxed], Mode::Lenient, |_| true)?;
    /// assert_eq!((a.kind, a.text), (Kind::Whole, "-\\frac{10}{9}"));
    /// let a = p.extract_with("so it is $12$ in all", &[Kind::Boxed], Mode::Lenient, digits_only)?;
    /// assert_eq!((a.kind, a.text), (Kind::MathEnv, "12"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extract_with<'a>(
        &self,
        response: &'a str,
        kinds: &[Kind],
        mode: Mode,
        mut accepts: impl FnMut(&Answer<'a>) -> bool,
    ) -> Result<Answer<'a>, NoAnswer> {
        self.extract_from(response, kinds, mode, &LENIENT, &mut accepts)
    }

    fn extract_from<'a>(
        &self,
        response: &'a str,
        kinds: &[Kind],
        mode: Mode,
        fallback: &[Kind],
        accepts: &mut dyn FnMut(&Answer<'a>) -> bool,
    ) -> Result<Answer<'a>, NoAnswer> {
        if response.len() > self.max_response_bytes {
            return Err(NoAnswer::ResponseTooLong {
                bytes: response.len(),
                cap: self.max_response_bytes,
            });
        }
        let text = after_think(response)?;
        let mut best: Option<(usize, Kind, Find<'a>)> = None;
        for &kind in kinds {
            let found = find(text, kind);
            let start = match found {
                Find::Complete(span) => span.start,
                Find::Unclosed(at) => at,
                Find::Absent => continue,
            };
            if best.as_ref().is_none_or(|(s, _, _)| start > *s) {
                best = Some((start, kind, found));
            }
        }
        let answer = match best {
            Some((_, Kind::Json, Find::Complete(span)))
                if let Some(tag) = tag_with_two_json_values(text, span) =>
            {
                // `<answer>{A}; {B}</answer>`: the last JSON value in the
                // tag is not the answer, the tag is, and it offers two.
                Answer { kind: Kind::AnswerTag, text: tag, lang: "", run: Run::Single }
            }
            Some((_, kind, Find::Complete(span))) => {
                let run = if kind == Kind::Boxed {
                    boxes::run_ending_with(text, span)
                } else {
                    Run::Single
                };
                Answer { kind, text: span.content, lang: span.lang, run }
            }
            Some((_, kind, _)) => return Err(NoAnswer::Unclosed(kind)),
            None if mode == Mode::Lenient => {
                let mut chosen = None;
                for &kind in fallback {
                    let Some(content) = find(text, kind).content() else { continue };
                    let a = Answer { kind, text: content, lang: "", run: Run::Single };
                    if content.len() <= self.max_answer_bytes && accepts(&a) {
                        chosen = Some(a);
                        break;
                    }
                }
                chosen.ok_or(NoAnswer::Missing)?
            }
            None => return Err(NoAnswer::Missing),
        };
        if answer.text.len() > self.max_answer_bytes {
            return Err(NoAnswer::AnswerTooLong {
                bytes: answer.text.len(),
                cap: self.max_answer_bytes,
            });
        }
        Ok(answer)
    }
}

/// The lenient fallbacks of [`Policy::extract`], in order.
const LENIENT_LAST: [Kind; 2] = [Kind::MathEnv, Kind::Number];
/// The lenient fallbacks of [`Policy::extract_with`], in order.
const LENIENT: [Kind; 3] = [Kind::Whole, Kind::MathEnv, Kind::Number];

/// The longest answer [`whole_answer`] reads whole, in bytes.
pub const MAX_WHOLE_BYTES: usize = 160;

/// The whole text as one answer, when it is short: one line of at most
/// [`MAX_WHOLE_BYTES`] after trimming (an answer-only string such as
/// `-\frac{10}{9}` or `The answer is A.`).
///
/// # Example
/// ```
/// use rlvr_core::extract::whole_answer;
/// assert_eq!(whole_answer("  \\frac{10}{9}\n").content(), Some("\\frac{10}{9}"));
/// assert_eq!(whole_answer("step one\nstep two").content(), None);
/// ```
pub fn whole_answer(text: &str) -> Find<'_> {
    let t = text.trim();
    if t.is_empty() || t.len() > MAX_WHOLE_BYTES || t.contains('\n') {
        return Find::Absent;
    }
    let start = t.as_ptr() as usize - text.as_ptr() as usize;
    Find::Complete(Span { start, content: t, lang: "" })
}

/// Runs the finder for one kind.
pub fn find(text: &str, kind: Kind) -> Find<'_> {
    match kind {
        Kind::Boxed => last_boxed(text),
        Kind::AnswerTag => last_answer_tag(text),
        Kind::Code(fence) => last_code_block(text, fence),
        Kind::Json => last_json(text),
        Kind::AnswerLine => last_answer_line(text),
        Kind::AnswerPhrase => last_answer_phrase(text),
        Kind::HashLine => last_hash_line(text),
        Kind::Whole => whole_answer(text),
        Kind::MathEnv => last_math_env(text),
        Kind::Number => last_number(text),
    }
}

/// The text after the last `</think>` (all of it when there is none).
///
/// # Errors
/// [`NoAnswer::UnclosedThink`] when a `<think>` comes after the last
/// `</think>` (or there is no `</think>` at all).
///
/// # Example
/// ```
/// use rlvr_core::extract::{after_think, NoAnswer};
/// assert_eq!(after_think("<think>a</think> b"), Ok(" b"));
/// // Chat templates often put the opening tag in the prompt.
/// assert_eq!(after_think("a</think>b</think>c"), Ok("c"));
/// assert_eq!(after_think("<think>a"), Err(NoAnswer::UnclosedThink));
/// ```
pub fn after_think(text: &str) -> Result<&str, NoAnswer> {
    let close = text.rfind("</think>");
    let open = text.rfind("<think>");
    match (open, close) {
        (Some(o), Some(c)) if o > c => Err(NoAnswer::UnclosedThink),
        (Some(_), None) => Err(NoAnswer::UnclosedThink),
        (_, Some(c)) => Ok(&text[c + "</think>".len()..]),
        (None, None) => Ok(text),
    }
}

/// The last `\boxed{…}` or `\fbox{…}` (also `\boxed 5`), brace-balanced;
/// `\{` and `\}` do not count as grouping braces.
///
/// # Example
/// ```
/// use rlvr_core::extract::{last_boxed, Find};
/// assert_eq!(last_boxed("\\boxed{\\{1, 2\\}} and \\fbox{\\frac{a}{b}}").content(), Some("\\frac{a}{b}"));
/// assert_eq!(last_boxed("so $\\boxed 5$.").content(), Some("5"));
/// assert!(matches!(last_boxed("\\boxed{1} \\boxed{2"), Find::Unclosed(_)));
/// ```
pub fn last_boxed(text: &str) -> Find<'_> {
    let bytes = text.as_bytes();
    let mut end = text.len();
    while let Some(at) = rfind_either(&text[..end], "\\boxed", "\\fbox") {
        end = at;
        let name_len = if text[at..].starts_with("\\boxed") { 6 } else { 5 };
        let mut i = at + name_len;
        // `\boxedfoo` is another command, not a box.
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let spaces = bytes[i..].iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        i += spaces;
        match bytes.get(i) {
            Some(b'{') => {
                return match close_brace(bytes, i) {
                    Some(close) => Find::Complete(Span {
                        start: at,
                        content: text[i + 1..close].trim(),
                        lang: "",
                    }),
                    None => Find::Unclosed(at),
                };
            }
            Some(_) if spaces > 0 => {
                let rest = &text[i..];
                let len = rest.find(|c: char| c.is_whitespace() || c == '$').unwrap_or(rest.len());
                return Find::Complete(Span { start: at, content: &rest[..len], lang: "" });
            }
            _ => return Find::Unclosed(at),
        }
    }
    Find::Absent
}

fn rfind_either(text: &str, a: &str, b: &str) -> Option<usize> {
    match (text.rfind(a), text.rfind(b)) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// The index of the `}` closing the `{` at `open`; a backslash escapes the
/// next byte.
fn close_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The last `<answer>…</answer>` (tags ASCII case-insensitive; the content
/// may span lines).
///
/// # Example
/// ```
/// use rlvr_core::extract::last_answer_tag;
/// assert_eq!(last_answer_tag("<answer>a</answer> <ANSWER>\n[1,\n 2]\n</answer>").content(), Some("[1,\n 2]"));
/// ```
pub fn last_answer_tag(text: &str) -> Find<'_> {
    const OPEN: &str = "<answer>";
    const CLOSE: &str = "</answer>";
    let Some(open) = rfind_ascii_ci(text, OPEN) else {
        return Find::Absent;
    };
    let body = &text[open + OPEN.len()..];
    match find_ascii_ci(body, CLOSE) {
        Some(close) => {
            Find::Complete(Span { start: open, content: body[..close].trim(), lang: "" })
        }
        None => Find::Unclosed(open),
    }
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn rfind_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).rev().find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The last fenced code block accepted by `fence`.
///
/// Fences are runs of three or more backticks, paired in order. An opening
/// fence's tag is the word right after it; a closing fence may follow code
/// on the same line (`print(x)```). If the last fence opens a block that
/// never closes, the result is [`Find::Unclosed`] whatever its language.
///
/// # Example
/// ```
/// use rlvr_core::extract::{last_code_block, Fence};
/// let text = "```python\nprint(1)\n```\nthen\n```text\nout\n```";
/// assert_eq!(last_code_block(text, Fence::PYTHON).content(), Some("print(1)"));
/// assert_eq!(last_code_block("```py\nx = 1```", Fence::PYTHON).content(), Some("x = 1"));
/// ```
pub fn last_code_block(text: &str, fence: Fence) -> Find<'_> {
    let bytes = text.as_bytes();
    let mut best = Find::Absent;
    let mut open: Option<(usize, &str, usize)> = None; // (fence start, tag, content start)
    let mut i = 0;
    while let Some(off) = text[i..].find("```") {
        let at = i + off;
        let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let after = at + run;
        match open.take() {
            None => {
                let line_end = text[after..].find('\n').map_or(text.len(), |n| after + n);
                let info = text[after..line_end].trim();
                let tag = info.split_whitespace().next().unwrap_or("");
                // A tag is one word; anything longer on the fence line is
                // code written right after the fence.
                let (tag, content_start) = if tag.len() == info.len()
                    && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-_.#".contains(&b))
                {
                    (tag, (line_end + 1).min(text.len()))
                } else {
                    ("", after)
                };
                open = Some((at, tag, content_start));
            }
            Some((start, tag, content_start)) => {
                if fence.accepts(tag) {
                    let content = text.get(content_start..at).unwrap_or("");
                    best = Find::Complete(Span {
                        start,
                        content: content.trim_matches(|c| c == '\n' || c == '\r'),
                        lang: tag,
                    });
                }
            }
        }
        i = after;
    }
    match open {
        Some((start, _, _)) => Find::Unclosed(start),
        None => best,
    }
}

/// The last complete top-level JSON object or array.
///
/// Brackets are matched in one pass, aware of JSON strings once inside a
/// bracket; a top-level balanced span counts when it parses as JSON. An
/// unclosed bracket after the last complete value gives
/// [`Find::Unclosed`].
///
/// # Example
/// ```
/// use rlvr_core::extract::{last_json, Find};
/// assert_eq!(last_json(r#"x {"a": "}"} y [1, 2] z"#).content(), Some("[1, 2]"));
/// assert!(matches!(last_json(r#"{"a": 1} then {"b": "#), Find::Unclosed(_)));
/// ```
pub fn last_json(text: &str) -> Find<'_> {
    let bytes = text.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    let mut top_start = 0;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'{' | b'[' => {
                    if stack.is_empty() {
                        top_start = i;
                    }
                    stack.push(if b == b'{' { b'}' } else { b']' });
                }
                b'}' | b']' if !stack.is_empty() => {
                    if stack.last() == Some(&b) {
                        stack.pop();
                        if stack.is_empty() {
                            spans.push((top_start, i + 1));
                        }
                    } else {
                        // A mismatched bracket: this was not JSON.
                        stack.clear();
                    }
                }
                b'"' if !stack.is_empty() => in_string = true,
                _ => {}
            }
        }
        i += 1;
    }
    if !stack.is_empty() {
        return Find::Unclosed(top_start);
    }
    spans
        .iter()
        .rev()
        .find(|(s, e)| serde_json::from_str::<serde::de::IgnoredAny>(&text[*s..*e]).is_ok())
        .map_or(Find::Absent, |&(s, e)| {
            Find::Complete(Span { start: s, content: &text[s..e], lang: "" })
        })
}

/// The pattern of an `Answer: X` line: at the start of a line (after
/// quote, list or emphasis marks), optionally `the`, one of `qualifiers`
/// (`final`, ...), `answer`, optionally `is`, then a colon; `X` is group 1.
fn colon_line_pattern(qualifiers: &str) -> String {
    format!(
        r"(?im)^[ \t>*#_-]*(?:the\s+)?(?:(?:{qualifiers})\s+)?answer(?:\s+is)?[ \t*_]*[:：][ \t*_]*(\S.*?)[ \t]*$"
    )
}

static ANSWER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = colon_line_pattern("final") + r"|(?i)final\s+answer\s+is[ \t*_:]*(\S.*?)[ \t]*$";
    Regex::new(&pattern).expect("answer-line pattern is valid")
});

/// The last `Answer: X`, `**Final Answer:** X` or `… final answer is X`
/// line. Markdown emphasis, a trailing period and surrounding `$` are
/// stripped from `X`.
///
/// [`last_answer_phrase`] also reads `the answer is X` without a colon.
///
/// # Example
/// ```
/// use rlvr_core::extract::last_answer_line;
/// assert_eq!(last_answer_line("Answer: 3\n**Final Answer:** $x+1$.").content(), Some("x+1"));
/// assert_eq!(last_answer_line("So the final answer is 12.").content(), Some("12"));
/// ```
pub fn last_answer_line(text: &str) -> Find<'_> {
    let Some(caps) = ANSWER_LINE.captures_iter(text).last() else {
        return Find::Absent;
    };
    let (Some(whole), Some(m)) = (caps.get(0), caps.get(1).or_else(|| caps.get(2))) else {
        return Find::Absent;
    };
    Find::Complete(Span { start: whole.start(), content: clean_answer(m.as_str()), lang: "" })
}

/// `Answer: X` lines for [`last_answer_phrase`]: at the start of a line,
/// optionally `the`, `final`, `correct` or `right`, then a colon.
static COLON_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&colon_line_pattern("final|correct|right")).expect("colon-line pattern is valid")
});

/// `… the answer is X` phrases, colon optional: `The answer is (C)`, `the
/// correct answer is C.`, `Therefore, the final answer is B`, `My answer
/// would be 5`. The article is required unless the phrase starts a line
/// (`Answer is C`) or says `final answer`.
static ANSWER_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(?:(?:^[ \t>*#_-]*|\b(?:the|my|our)\s+)(?:(?:final|correct|right|best)\s+)?answer|\bfinal\s+answer)[ \t*_]+(?:is|would\s+be|should\s+be|will\s+be)\b[ \t*_:：]*([^\n]*)$",
    )
    .expect("answer-phrase pattern is valid")
});

/// First words after `the answer is` that make it a remark about an
/// answer rather than one: `the answer is correct`, `… is not obvious`,
/// `… is as follows:`.
const NOT_AN_ANSWER: [&str; 21] = [
    "correct",
    "incorrect",
    "wrong",
    "right",
    "not",
    "as",
    "below",
    "above",
    "that",
    "unclear",
    "clear",
    "obvious",
    "obviously",
    "yet",
    "still",
    "also",
    "indeed",
    "likely",
    "probably",
    "same",
    "different",
];

/// Words that, right before `the answer is`, make it a hypothesis: `check
/// whether the answer is A`.
const HYPOTHETICAL: [&str; 10] =
    ["if", "whether", "suppose", "assume", "assuming", "unless", "check", "verify", "not", "doubt"];

/// The last `Answer: X`, `**Final Answer:** X`, `… final answer is X` or
/// `the answer is X` line, colon optional ([`Kind::AnswerPhrase`]).
///
/// Markdown emphasis, a trailing period and surrounding `$` are stripped
/// from `X`. In the `the answer is X` form (no colon at the start of the
/// line) `X` ends where its sentence ends (`. `, `; `, `, because`), and a
/// phrase that is a remark rather than an answer (`the answer is correct`,
/// `check whether the answer is A`, `the answer is as follows:`) is not an
/// answer line. The answer line that starts last wins.
///
/// # Example
/// ```
/// use rlvr_core::extract::last_answer_phrase;
/// assert_eq!(last_answer_phrase("Answer: 3\n**Final Answer:** $x+1$.").content(), Some("x+1"));
/// assert_eq!(last_answer_phrase("So the final answer is 12.").content(), Some("12"));
/// assert_eq!(last_answer_phrase("The answer is (C). It fits the data.").content(), Some("(C)"));
/// assert_eq!(last_answer_phrase("the correct answer is C.\nI hope the answer is right.").content(), Some("C"));
/// ```
pub fn last_answer_phrase(text: &str) -> Find<'_> {
    let mut best: Option<Span<'_>> = None;
    if let Some(caps) = COLON_LINE.captures_iter(text).last()
        && let (Some(whole), Some(m)) = (caps.get(0), caps.get(1))
    {
        best = Some(Span { start: whole.start(), content: clean_answer(m.as_str()), lang: "" });
    }
    // Phrases are few per response; the last one that is an answer wins
    // over a colon line that starts before it (a colon line starting at
    // the same place keeps its whole line, as before phrases were read).
    let phrases: Vec<_> = ANSWER_PHRASE.captures_iter(text).collect();
    for caps in phrases.iter().rev() {
        let (Some(whole), Some(m)) = (caps.get(0), caps.get(1)) else { continue };
        if best.is_some_and(|b| b.start >= whole.start()) {
            break;
        }
        if hypothetical(&text[..whole.start()]) {
            continue;
        }
        let content = clean_answer(first_sentence(m.as_str()));
        let first =
            content.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_ascii_lowercase();
        if content.is_empty() || content.ends_with(':') || NOT_AN_ANSWER.contains(&first.as_str()) {
            continue;
        }
        best = Some(Span { start: whole.start(), content, lang: "" });
        break;
    }
    best.map_or(Find::Absent, Find::Complete)
}

/// Strips markdown emphasis, a trailing period and surrounding `$`.
fn clean_answer(raw: &str) -> &str {
    let content = raw
        .trim()
        .trim_end_matches('.')
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    content.strip_prefix('$').and_then(|c| c.strip_suffix('$')).map_or(content, str::trim)
}

/// Whether the word before `the answer is` makes it a hypothesis.
fn hypothetical(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let word = line
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    HYPOTHETICAL.contains(&word.as_str())
}

/// The text up to the end of its first sentence: a `.`, `;`, `!` or `?`
/// followed by a space, `because` / `since` / `which` after a space or
/// comma, or a closing tag (`</`); `$…$` math and `{…}` groups are never
/// cut.
fn first_sentence(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut math = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'$' => math = !math,
            // A closing tag (`</answer>`) ends the phrase it contains.
            b'<' if !math && bytes.get(i + 1) == Some(&b'/') => return &s[..i],
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'.' | b';' | b'!' | b'?' | b',' | b' ' if depth == 0 && !math && i > 0 => {
                let rest = &s[i + 1..];
                let sentence_end = bytes[i] != b','
                    && bytes[i] != b' '
                    && rest.starts_with(|c: char| c.is_whitespace());
                let clause = matches!(bytes[i], b',' | b' ') && {
                    let r = rest.trim_start();
                    ["because ", "since ", "which "]
                        .iter()
                        .any(|w| r.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
                };
                if sentence_end || clause {
                    return &s[..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    s
}

static HASH_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*####[ \t]*(\S.*?)[ \t]*$").expect("hash-line pattern is valid")
});

/// The last `#### X` line (GSM8K's answer format); a trailing period and
/// surrounding `$` are stripped from `X`.
///
/// # Example
/// ```
/// use rlvr_core::extract::last_hash_line;
/// assert_eq!(last_hash_line("4 * 6 = 24\n#### 24").content(), Some("24"));
/// assert_eq!(last_hash_line("#### $1,080.").content(), Some("1,080"));
/// ```
pub fn last_hash_line(text: &str) -> Find<'_> {
    let Some(caps) = HASH_LINE.captures_iter(text).last() else {
        return Find::Absent;
    };
    let (Some(whole), Some(m)) = (caps.get(0), caps.get(1)) else {
        return Find::Absent;
    };
    let content = m.as_str().trim_end_matches('.').trim();
    let content = content.trim_matches('$').trim();
    Find::Complete(Span { start: whole.start(), content, lang: "" })
}

/// Compiles the policy's patterns now, so that the first sample graded does
/// not pay for it (a millisecond or so). Calling it is optional.
pub fn warm_up() {
    LazyLock::force(&ANSWER_LINE);
    LazyLock::force(&COLON_LINE);
    LazyLock::force(&ANSWER_PHRASE);
    LazyLock::force(&HASH_LINE);
}

/// The last LaTeX math environment: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`.
///
/// # Example
/// ```
/// use rlvr_core::extract::last_math_env;
/// assert_eq!(last_math_env("so $x$ and \\[ y^2 \\] done").content(), Some("y^2"));
/// assert_eq!(last_math_env("cost $$5$$ or $7$").content(), Some("7"));
/// ```
pub fn last_math_env(text: &str) -> Find<'_> {
    let bytes = text.as_bytes();
    let mut best = Find::Absent;
    let mut i = 0;
    while i < bytes.len() {
        let (open_len, close): (usize, &str) = match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b'(')) => (2, "\\)"),
            (b'\\', Some(b'[')) => (2, "\\]"),
            (b'\\', Some(_)) => {
                i += 2;
                continue;
            }
            (b'$', Some(b'$')) => (2, "$$"),
            (b'$', _) => (1, "$"),
            _ => {
                i += 1;
                continue;
            }
        };
        let body_start = i + open_len;
        match find_unescaped(&text[body_start..], close) {
            Some(n) => {
                let content = text[body_start..body_start + n].trim();
                if !content.is_empty() {
                    best = Find::Complete(Span { start: i, content, lang: "" });
                }
                i = body_start + n + close.len();
            }
            None => return Find::Unclosed(i),
        }
    }
    best
}

/// The first `needle` in `hay` not preceded by an escaping backslash (for
/// `$`, so that `\$5` inside math does not close it).
fn find_unescaped(hay: &str, needle: &str) -> Option<usize> {
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(n) = hay[from..].find(needle) {
        let at = from + n;
        if needle.starts_with('$') && at > 0 && bytes[at - 1] == b'\\' {
            from = at + 1;
            continue;
        }
        return Some(at);
    }
    None
}

/// Thousands separators between groups of three digits, in the order
/// they are tried: LaTeX thin spaces and braced commas first, then a plain
/// comma, then spaces (ASCII, no-break, thin and narrow no-break).
const THOUSANDS: [&str; 8] = ["\\,", "{,}", "\\!", ",", " ", "\u{a0}", "\u{2009}", "\u{202f}"];

/// The number of ASCII digits at the start of `b`.
fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The end of the number that starts at `at` (a `-`, a digit or a `.`),
/// under the rules of [`last_number`], and where its decimal comma is, if
/// it has one; `None` when no number starts there.
fn number_end(text: &str, at: usize) -> Option<(usize, Option<usize>)> {
    let b = text.as_bytes();
    let mut i = at;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    // A leading dot: `.5`.
    if b.get(i) == Some(&b'.') {
        let n = digit_run(&b[i + 1..]);
        return (n > 0).then_some((i + 1 + n, None));
    }
    let int = digit_run(&b[i..]);
    if int == 0 {
        return None;
    }
    i += int;
    // Thousands: a lead of one to three digits, then groups of exactly
    // three digits, all after the same separator.
    let mut sep_used: Option<&str> = None;
    if int <= 3 {
        for sep in THOUSANDS {
            let mut j = i;
            while text[j..].starts_with(sep) {
                let after = j + sep.len();
                if digit_run(&b[after..]) != 3 {
                    break;
                }
                j = after + 3;
            }
            if j > i {
                i = j;
                sep_used = Some(sep);
                break;
            }
        }
    }
    // A decimal point, or a decimal comma: a comma followed by digits that
    // are not a group of three, not continued by another `,digit` (a
    // list), after a number that does not itself follow a comma or an
    // opening bracket (`(3,4)` and `1,2,3` are lists), and never after
    // comma-grouped thousands.
    let mut decimal_comma = None;
    if b.get(i) == Some(&b'.') && digit_run(&b[i + 1..]) > 0 {
        i += 1 + digit_run(&b[i + 1..]);
    } else if b.get(i) == Some(&b',') && sep_used != Some(",") {
        let n = digit_run(&b[i + 1..]);
        let end = i + 1 + n;
        let listed = b.get(end) == Some(&b',') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
        let before = text[..at].chars().next_back();
        let in_list = matches!(before, Some('(' | '[' | '{' | ',' | ';'));
        if n > 0 && n != 3 && !listed && !in_list {
            decimal_comma = Some(i);
            i = end;
        }
    }
    // A fraction `a/b`.
    if b.get(i) == Some(&b'/') {
        let n = digit_run(&b[i + 1..]);
        if n > 0 {
            i += 1 + n;
        }
    }
    Some((i, decimal_comma))
}

/// The last number: an integer, a decimal, `a/b`, with an optional `-`,
/// never one inside a command's arguments (`\frac{10}{9}`, `\sqrt{2}`,
/// `\text{5 apples}`, `\frac12` have no number).
///
/// Rules, each shown below:
/// - **Thousands separators** join groups of exactly three digits after a
///   lead of one to three digits, all with the same separator: `,`, a space
///   (also no-break and thin spaces), `\,`, `{,}` or `\!`. `1 000 000` and
///   `1\,000` are one number each.
/// - **`1,000` is one thousand**: a comma followed by exactly three digits
///   is a thousands separator, never a decimal comma.
/// - **Decimal comma**: a comma followed by one, two or four or more digits
///   (`3,5`, `1000,99`, `1 000,25`), unless it is a list: the number follows
///   a comma or an opening bracket (`(3,4)`, the `2,3` of `1,2,3`) or the
///   digits go on with another `,digit` (`1,2,3`), or the number already
///   used commas for thousands.
/// - **Ordinary text never merges**: a comma or space followed by anything
///   but a group of three digits ends the number (`3, 4 and 5`, `1 and 2`,
///   `3 4`).
///
/// A space between two numbers is a thousands separator when the second
/// has exactly three digits and the first at most three (`12 345` is
/// twelve thousand ...), as it is in Math-Verify.
///
/// # Example
/// ```
/// use rlvr_core::extract::last_number;
/// assert_eq!(last_number("about 1,234.5 or -3/4 units").content(), Some("-3/4"));
/// // Thousands separators.
/// assert_eq!(last_number("it costs 1 000 000 euros").content(), Some("1 000 000"));
/// assert_eq!(last_number("so 1\\,000 and 1{,}000").content(), Some("1{,}000"));
/// assert_eq!(last_number("total 1,000").content(), Some("1,000"));
/// // Decimal commas.
/// assert_eq!(last_number("x = 1000,99 so").content(), Some("1000,99"));
/// assert_eq!(last_number("about 3,5 kg").content(), Some("3,5"));
/// // Separate numbers stay separate.
/// assert_eq!(last_number("the pairs 3, 4 and 5").content(), Some("5"));
/// assert_eq!(last_number("between 1 and 2").content(), Some("2"));
/// assert_eq!(last_number("a list 1, 2, 3").content(), Some("3"));
/// assert_eq!(last_number("a list 1,2,3").content(), Some("3"));
/// assert_eq!(last_number("the point (3,4)").content(), Some("4"));
/// // Never inside a command's arguments.
/// assert_eq!(last_number("\\frac{10}{9}").content(), None);
/// assert_eq!(last_number("7 and \\frac{1}{9}").content(), Some("7"));
/// assert_eq!(last_number("\\sqrt[3]{8} or \\frac12, then x^{2}").content(), Some("2"));
/// ```
pub fn last_number(text: &str) -> Find<'_> {
    let b = text.as_bytes();
    // Every number read, by start; an infix command drops those of its
    // group (`{7 \choose 3}` holds no number).
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut args = CommandArgs::default();
    let mut i = 0;
    while i < b.len() {
        if let Some(skip) = args.step(b, i) {
            if let Some(from) = args.cut.take() {
                while found.last().is_some_and(|(s, _)| *s >= from) {
                    found.pop();
                }
            }
            i += skip;
            continue;
        }
        let starts = match b[i] {
            b'0'..=b'9' => true,
            b'-' => b.get(i + 1).is_some_and(|c| c.is_ascii_digit() || *c == b'.'),
            b'.' => b.get(i + 1).is_some_and(u8::is_ascii_digit),
            _ => false,
        };
        if starts && let Some((end, _)) = number_end(text, i) {
            found.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    found.last().map_or(Find::Absent, |&(s, e)| {
        Find::Complete(Span { start: s, content: &text[s..e], lang: "" })
    })
}

/// Where command arguments are, for [`last_number`]: a `{…}` group right
/// after a `\name` (or right after another such group, as in
/// `\frac{10}{9}`), an optional `[…]` argument, and the digit shorthands
/// `\frac12` and `\sqrt3`, and everything nested inside them.
#[derive(Debug, Default)]
struct CommandArgs {
    /// For each open `{`: whether it is inside a command argument.
    stack: Vec<bool>,
    /// For each open `{`: where it is.
    opens: Vec<usize>,
    /// Whether the next `{` (or `[`) is a command argument.
    pending: bool,
    /// Set when an infix command (`\choose`) makes the numbers read since
    /// this offset (the start of its group) its arguments.
    cut: Option<usize>,
}

impl CommandArgs {
    /// Whether the text at `i` is inside a command argument.
    fn inside(&self) -> bool {
        self.stack.last().copied().unwrap_or(false)
    }

    /// Reads the byte at `i`. Returns how many bytes to skip when they
    /// cannot hold a number that counts (a command name, an argument's
    /// content, a brace), or `None` when a number may start here.
    fn step(&mut self, b: &[u8], i: usize) -> Option<usize> {
        match b[i] {
            b'\\' => {
                let name = b[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                if name == 0 {
                    // `\{`, `\,`, `\\`: an escaped character.
                    self.pending = false;
                    return Some(2.min(b.len() - i));
                }
                let cmd = &b[i + 1..i + 1 + name];
                let mut skip = 1 + name;
                // `\frac12`, `\sqrt3`: digit shorthands are arguments.
                if matches!(cmd, b"frac" | b"dfrac" | b"tfrac" | b"cfrac" | b"sqrt" | b"binom") {
                    let digits = b[i + skip..].iter().take_while(|c| c.is_ascii_digit()).count();
                    skip += digits.min(if cmd == b"sqrt" { 1 } else { 2 });
                }
                // `{7 \choose 3}`, `1 \over 2`: the number after an infix
                // command is its argument.
                if matches!(cmd, b"choose" | b"over" | b"atop" | b"brace" | b"brack") {
                    let spaces = b[i + skip..].iter().take_while(|c| **c == b' ').count();
                    let digits =
                        b[i + skip + spaces..].iter().take_while(|c| c.is_ascii_digit()).count();
                    skip += spaces + digits;
                    self.cut = Some(self.opens.last().copied().unwrap_or(0));
                }
                self.pending = true;
                Some(skip)
            }
            b'{' => {
                let arg = self.pending || self.inside();
                self.stack.push(arg);
                self.opens.push(i);
                self.pending = false;
                Some(1)
            }
            b'}' => {
                let was_arg = self.stack.pop().unwrap_or(false);
                self.opens.pop();
                // `\frac{10}{9}`: a group right after an argument is one.
                self.pending = was_arg && !self.inside();
                Some(1)
            }
            b'[' if self.pending => {
                // An optional argument, `\sqrt[3]{8}`.
                let close = b[i..].iter().position(|&c| c == b']').map_or(b.len() - i, |n| n + 1);
                Some(close)
            }
            b' ' | b'\t' if self.pending => Some(1),
            _ => {
                self.pending = false;
                if self.inside() { Some(1) } else { None }
            }
        }
    }
}

/// Where the decimal comma is in a number that [`last_number`] found, so
/// that a caller can read it as a point: `1000,99` and `1 000,25` have one
/// (at 4 and 5), `1,000` (thousands), `3.5` and `2` have none. `None` also
/// when `number` is not one whole number under those rules.
///
/// # Example
/// ```
/// use rlvr_core::extract::decimal_comma;
/// assert_eq!(decimal_comma("1000,99"), Some(4));
/// assert_eq!(decimal_comma("-3,5/2"), Some(2));
/// assert_eq!(decimal_comma("1,000"), None);
/// assert_eq!(decimal_comma("1{,}000"), None);
/// ```
pub fn decimal_comma(number: &str) -> Option<usize> {
    match number_end(number, 0) {
        Some((end, comma)) if end == number.len() => comma,
        _ => None,
    }
}

#[cfg(test)]
mod tests;
