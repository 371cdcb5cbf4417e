//! Reading the answer out of a response and normalizing short answers.
//!
//! Extraction itself is the shared core policy
//! ([`rlvr_core::extract`]); this module only picks the container kinds
//! and maps "no answer" to its reward.

use rlvr_core::extract::{Kind, Mode, Policy};
use rlvr_core::{Context, Error, Reward, Sample};

/// Containers the Guru logic datasets ask for.
pub(crate) const TAGGED: &[Kind] = &[Kind::AnswerTag];

/// Containers accepted for reasoning-gym answers: the tag Guru's prompts
/// ask for, plus a box or an `Answer:` line.
pub(crate) const LOOSE: &[Kind] = &[Kind::AnswerTag, Kind::Boxed, Kind::AnswerLine];

/// The extracted answer text, or the graded no-answer reward; an error
/// when the row's `extra_info.extraction` names no mode.
pub(crate) fn extract<'a>(
    sample: &'a Sample,
    cx: &Context,
    verifier: &str,
    kinds: &[Kind],
) -> Result<Result<&'a str, Reward>, Error> {
    Ok(Policy::default()
        .extract(&sample.response, kinds, Mode::for_sample(sample, cx, verifier)?)
        .map(|a| a.text)
        .map_err(|e| e.reward()))
}

/// The common course of the Guru verifiers: read the gold (its error is the
/// call's error), extract the tagged answer (no answer is its own reward),
/// charge its length, and parse it (knowing the gold). An answer that does not parse is wrong,
/// with `not_parsed` as the detail; otherwise `judge` grades the parsed
/// answer against the gold, with the answer text at hand.
pub(crate) fn grade_tagged<G, P>(
    sample: &Sample,
    cx: &Context,
    verifier: &str,
    gold: Result<G, Error>,
    parse: impl FnOnce(&G, &str) -> Option<P>,
    not_parsed: &str,
    judge: impl FnOnce(G, P, &str) -> Result<Reward, Error>,
) -> Result<Reward, Error> {
    let gold = gold?;
    let text = match extract(sample, cx, verifier, TAGGED)? {
        Ok(t) => t,
        Err(r) => return Ok(r),
    };
    cx.charge(text.len() as u64)?;
    match parse(&gold, text) {
        Some(p) => judge(gold, p, text),
        None => Ok(Reward::incorrect().with_pred(text).with_detail(not_parsed)),
    }
}

/// Lowercases, collapses whitespace, and strips quotes, markdown emphasis,
/// a trailing period and an "the answer is" preamble.
pub(crate) fn norm(s: &str) -> String {
    let s = strip_preamble(s);
    let s = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '*' | '_' | '.' | '$' | '“' | '”')
    });
    let s = s.strip_prefix("\\text{").and_then(|t| t.strip_suffix('}')).unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The text trimmed, without an "The (final) answer is" or "Answer:"
/// preamble in any case.
pub(crate) fn strip_preamble(s: &str) -> &str {
    let mut s = s.trim();
    for prefix in ["the final answer is", "the answer is", "final answer:", "answer:"] {
        if s.len() >= prefix.len()
            && s.is_char_boundary(prefix.len())
            && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            s = s[prefix.len()..].trim_start();
        }
    }
    s
}

/// Parses a yes/no or true/false answer.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match norm(s).as_str() {
        "yes" | "true" | "1" => Some(true),
        "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Parses a non-negative or negative integer answer (`12`, `12.`, `$12$`).
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let n = norm(s);
    let n = n.strip_suffix(".0").unwrap_or(&n);
    n.parse().ok()
}
