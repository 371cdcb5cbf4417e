//! Word ladders: every step changes one letter and lands on a word of the
//! task's own vocabulary.

use std::collections::HashSet;
use std::sync::LazyLock;

use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};

/// reasoning-gym's word-ladder vocabulary (3 to 5 letters), bundled with
/// its attribution in `data/NOTICE`.
pub(super) static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/word_ladder_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The shortest and longest words the vocabulary holds.
const LENGTHS: std::ops::RangeInclusive<usize> = 3..=5;

/// The most words a ladder may have: far more than any shortest ladder of
/// the vocabulary, and small enough to check at once.
const MAX_STEPS: usize = 10_000;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// The answer's words in upper case: separated by commas, arrows,
/// semicolons or white space, optionally as a list literal with quotes.
/// `None` when a token is not made of letters.
fn ladder_words(text: &str) -> Option<Vec<String>> {
    let t = text.trim().trim_end_matches('.').trim();
    let t = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(t);
    t.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '→' | '⟶' | '➔'))
        .flat_map(|s| s.split("->"))
        .flat_map(|s| s.split("=>"))
        .map(|s| s.trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | '*')))
        .filter(|s| !s.is_empty())
        .map(|s| s.bytes().all(|b| b.is_ascii_alphabetic()).then(|| s.to_ascii_uppercase()))
        .collect()
}

/// Word ladder: a sequence from `start_word` to `end_word`, all of the same
/// length, each word one letter away from the one before, and every word in
/// the task's vocabulary (the start and end words are given, so they count
/// whatever the vocabulary says). Any such ladder counts, a longer one too:
/// reasoning-gym's `score_answer` does not ask for the shortest. A made-up
/// word makes the ladder wrong; reasoning-gym halves the score per unknown
/// word instead.
pub(super) fn word_ladder(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let start: String = e.field::<String>("start_word")?.trim().to_ascii_uppercase();
    let end: String = e.field::<String>("end_word")?.trim().to_ascii_uppercase();
    let n = end.len();
    if start.len() != n
        || !LENGTHS.contains(&n)
        || !format!("{start}{end}").bytes().all(|b| b.is_ascii_uppercase())
    {
        return Err(meta_err(format!(
            "start and end words must be letters of one length in 3..=5: `{start}`, `{end}`"
        )));
    }
    let Some(words) = ladder_words(text) else {
        return wrong("not a sequence of words");
    };
    if words.len() > MAX_STEPS {
        return wrong(format!("{} words, more than {MAX_STEPS}", words.len()));
    }
    cx.charge(words.len() as u64)?;
    if words.len() < 2 {
        return wrong("a ladder has at least two words");
    }
    if words[0] != start || words[words.len() - 1] != end {
        return wrong(format!("the ladder must go from {start} to {end}"));
    }
    if let Some(w) = words.iter().find(|w| w.len() != n) {
        return wrong(format!("{w} does not have {n} letters"));
    }
    for pair in words.windows(2) {
        let changed = pair[0].bytes().zip(pair[1].bytes()).filter(|(a, b)| a != b).count();
        if changed != 1 {
            return wrong(format!("{} to {} changes {changed} letters", pair[0], pair[1]));
        }
    }
    if let Some(w) =
        words.iter().find(|w| **w != start && **w != end && !WORDS.contains(w.as_str()))
    {
        return wrong(format!("{w} is not in the word list"));
    }
    Ok(Reward::correct()
        .with_pred(words.join(","))
        .with_detail(format!("{} steps", words.len() - 1)))
}
