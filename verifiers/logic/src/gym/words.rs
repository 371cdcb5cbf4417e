//! Word, list and recognition tasks: group anagrams, palindrome
//! generation and partitioning (checked by their definitions: any valid
//! answer counts), and the tasks with one answer, compared with the
//! instance's: sentence reordering, needle in a haystack, emoji mystery,
//! figlet fonts, rectangle counts, list functions, ACRE blicket
//! detectors and "Alice in Wonderland" sibling questions.
//!
//! Every checker is exact (1 or 0). reasoning-gym pays 0.01 for any JSON
//! (group anagrams), 0.02 or 0.05 for a wrong palindrome, a share of
//! matching characters or words (emoji mystery, figlet, sentence
//! reordering), a distance share (rectangle count) and `len(gold) /
//! len(answer)` when the gold is a substring (list functions, ACRE, AIW).
//! Each of those pays a wrong answer (`on off undetermined` holds every
//! ACRE verdict), so none is kept.

use std::collections::{HashMap, HashSet};

use rlvr_core::literal;
use rlvr_core::{Context, Error, Reward};
use serde_json::Value;

use super::{Entry, meta_err};
use crate::answer;

/// The longest instance string or word list read from metadata.
const MAX_INSTANCE: usize = 1 << 16;
/// The longest string partitioned.
const MAX_PARTITIONED: usize = 64;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

fn verdict(ok: bool, detail: &str) -> Result<Reward, Error> {
    Ok(if ok { Reward::correct() } else { Reward::incorrect().with_detail(detail) })
}

/// A JSON or Python list of lists of strings.
fn string_lists(text: &str) -> Option<Vec<Vec<String>>> {
    let Value::Array(outer) = literal::parse(answer::strip_preamble(text))? else {
        return None;
    };
    outer
        .into_iter()
        .map(|inner| match inner {
            Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => None,
        })
        .collect()
}

/// A word's letters, sorted: its anagram class.
fn anagram_key(w: &str) -> Vec<char> {
    let mut k: Vec<char> = w.chars().collect();
    k.sort_unstable();
    k
}

/// Group anagrams: a list of groups (JSON or Python literal) that uses
/// each instance word exactly once, puts anagrams together and
/// non-anagrams apart. The order of the groups and of the words inside a
/// group is free; words are compared exactly.
pub(super) fn group_anagrams(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let words: Vec<String> = e.field("words")?;
    if words.len() > MAX_INSTANCE {
        return Err(meta_err("too many words"));
    }
    cx.charge(text.len() as u64)?;
    let Some(groups) = string_lists(text) else {
        return wrong("not a list of lists of words");
    };
    let mut want: HashMap<&str, usize> = HashMap::new();
    for w in &words {
        *want.entry(w).or_default() += 1;
    }
    let mut keys = HashSet::new();
    for g in &groups {
        let Some(first) = g.first() else {
            return wrong("an empty group");
        };
        let key = anagram_key(first);
        if g.iter().any(|w| anagram_key(w) != key) {
            return wrong("a group holds words that are not anagrams");
        }
        if !keys.insert(key) {
            return wrong("anagrams are split over two groups");
        }
        for w in g {
            match want.get_mut(w.as_str()) {
                Some(n) if *n > 0 => *n -= 1,
                _ => return wrong(format!("`{w}` is not a word of the list, or is repeated")),
            }
        }
    }
    verdict(want.values().all(|&n| n == 0), "a word of the list is missing")
}

/// Palindrome generation: any palindrome that uses exactly the given
/// letters, each as often as given. Case-insensitive (the letters are
/// lowercase; reasoning-gym lowercases the answer); spaces or punctuation
/// are wrong, as the question says.
pub(super) fn palindrome_generation(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let letters: Vec<String> = e.field("letters")?;
    if letters.len() > MAX_INSTANCE {
        return Err(meta_err("too many letters"));
    }
    let mut want: Vec<char> = letters.concat().to_lowercase().chars().collect();
    want.sort_unstable();
    let said = answer::strip_preamble(text)
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '`'))
        .to_lowercase();
    let chars: Vec<char> = said.chars().collect();
    if !chars.iter().eq(chars.iter().rev()) {
        return wrong("not a palindrome");
    }
    let mut got = chars;
    got.sort_unstable();
    verdict(got == want, "not exactly the given letters")
}

/// Whether `s` reads the same backward.
fn is_palindrome(s: &[char]) -> bool {
    s.iter().eq(s.iter().rev())
}

/// How many ways `s` splits into palindromes (saturating).
fn count_partitions(s: &[char]) -> u128 {
    let n = s.len();
    let mut ways = vec![0u128; n + 1];
    ways[n] = 1;
    for i in (0..n).rev() {
        ways[i] = (i + 1..=n)
            .filter(|&j| is_palindrome(&s[i..j]))
            .fold(0u128, |acc, j| acc.saturating_add(ways[j]));
    }
    ways[0]
}

/// Palindrome partitioning: every way to split the string into
/// palindromes, each once, in any order (a JSON or Python list of lists).
/// Each listed partition is checked (its parts join to the string and are
/// palindromes), duplicates are refused, and the count must equal the
/// number of partitions the string has. reasoning-gym compares sets, so
/// it also accepts a list that repeats a partition.
pub(super) fn palindrome_partitioning(
    e: &Entry,
    text: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let s: String = e.field("string")?;
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || chars.len() > MAX_PARTITIONED {
        return Err(meta_err("the string is empty or too long"));
    }
    cx.charge((chars.len() * chars.len() * chars.len()) as u64)?;
    let total = count_partitions(&chars);
    cx.charge(text.len() as u64)?;
    let Some(parts) = string_lists(text) else {
        return wrong("not a list of partitions");
    };
    let mut seen = HashSet::new();
    for p in &parts {
        if p.concat() != s {
            return wrong(format!("{p:?} does not spell the string"));
        }
        if let Some(bad) = p.iter().find(|w| {
            let c: Vec<char> = w.chars().collect();
            c.is_empty() || !is_palindrome(&c)
        }) {
            return wrong(format!("`{bad}` is not a palindrome"));
        }
        if !seen.insert(p) {
            return wrong("a partition is listed twice");
        }
    }
    let ok = u128::try_from(parts.len()).is_ok_and(|n| n == total);
    Ok(if ok {
        Reward::correct()
    } else {
        Reward::incorrect().with_detail(format!("{} of {total} partitions", parts.len()))
    })
}

/// Text with whitespace runs collapsed and an answer preamble dropped.
fn squeeze(text: &str) -> String {
    answer::strip_preamble(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A sentence for comparison: [`squeeze`]d, one final period dropped
/// (an `Answer:` line loses it in extraction; a sentence with or without
/// its final period is the same answer).
fn sentence(text: &str) -> String {
    let s = squeeze(text);
    s.strip_suffix('.').map_or_else(|| s.clone(), |t| t.trim_end().to_owned())
}

/// The stored answer, which must not be blank.
fn gold(e: &Entry) -> Result<&str, Error> {
    let g = e.gold()?;
    if g.trim().is_empty() {
        return Err(meta_err("empty stored answer"));
    }
    Ok(g)
}

/// Sentence reordering: the original sentence, word for word with its
/// punctuation and case (the words are given, only their order is asked),
/// whitespace runs collapsed, a final period optional. Another order
/// that also reads well is not recognized: the instance holds one
/// sentence.
pub(super) fn sentence_reordering(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let truth = sentence(gold(e)?);
    verdict(sentence(text) == truth, "not the original sentence")
}

/// Needle in a haystack: the name, in any case ("Reply only with a
/// name"); a sentence around it is wrong.
pub(super) fn needle_haystack(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let truth = answer::norm(gold(e)?);
    let said = answer::norm(text);
    Ok(Reward::from_bool(said == truth).with_pred(said))
}

/// Decodes the variation selectors after the emoji (the question's own
/// hint: `U+FE00..U+FE0F` are bytes 0..15, `U+E0100..U+E01EF` bytes
/// 16..255).
fn emoji_decode(question: &str) -> Option<String> {
    let line = question.lines().find_map(|l| l.split_once("from the emoji:").map(|x| x.1))?;
    let mut chars = line.trim().chars().skip(1).peekable();
    // The base emoji may carry its own presentation selector (`❤️` is
    // U+2764 U+FE0F): that one is part of the emoji, not a byte. (The
    // question's hint decodes it as a byte 15.)
    chars.next_if_eq(&'\u{FE0F}');
    let bytes: Vec<u8> = chars
        .filter_map(|c| match u32::from(c) {
            v @ 0xFE00..=0xFE0F => u8::try_from(v - 0xFE00).ok(),
            v @ 0xE0100..=0xE01EF => u8::try_from(v - 0xE0100 + 16).ok(),
            _ => None,
        })
        .collect();
    String::from_utf8(bytes).ok().filter(|s| !s.is_empty())
}

/// Emoji mystery: the hidden sentence, exactly (case and punctuation
/// kept), whitespace runs collapsed, a final period optional. The stored
/// answer must match the sentence decoded from the question's emoji.
pub(super) fn emoji_mystery(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let stored = gold(e)?;
    if let Some(decoded) = emoji_decode(&e.question)
        && squeeze(&decoded) != squeeze(stored)
    {
        return Err(meta_err("the stored answer is not the sentence the emoji hides"));
    }
    verdict(sentence(text) == sentence(stored), "not the hidden sentence")
}

/// Figlet font: the word drawn, in any case, spaces between letters
/// ignored (the drawing spaces them; reasoning-gym drops spaces too).
pub(super) fn figlet_font(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let letters = |s: &str| answer::norm(s).replace(' ', "");
    let truth = letters(gold(e)?);
    let said = letters(text);
    Ok(Reward::from_bool(said == truth).with_pred(said))
}

/// An integer task graded against the stored integer.
fn integer(e: &Entry, text: &str) -> Result<Reward, Error> {
    let truth = answer::parse_int(gold(e)?)
        .ok_or_else(|| meta_err("the stored answer is not an integer"))?;
    Ok(match answer::parse_int(text) {
        Some(n) => Reward::from_bool(n == truth).with_pred(n.to_string()),
        None => Reward::incorrect().with_detail("not an integer"),
    })
}

/// Rectangle count: the number of rectangles, exactly (the metadata's
/// `solution` must agree with the stored answer). reasoning-gym pays a
/// near miss; here it is wrong.
pub(super) fn rectangle_count(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    if let Ok(sol) = e.field::<i64>("solution")
        && answer::parse_int(gold(e)?) != Some(sol)
    {
        return Err(meta_err("the stored answer is not the solution"));
    }
    integer(e, text)
}

/// Alice in Wonderland: the count asked, exactly.
pub(super) fn aiw(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    integer(e, text)
}

/// List functions: the output list for the test input, element for
/// element (JSON or Python syntax, any spacing).
pub(super) fn list_functions(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let Some(truth @ Value::Array(_)) = literal::parse(gold(e)?) else {
        return Err(meta_err("the stored answer is not a list"));
    };
    Ok(match literal::parse(answer::strip_preamble(text)) {
        Some(v @ Value::Array(_)) => Reward::from_bool(v == truth),
        _ => Reward::incorrect().with_detail("not a list"),
    })
}

/// ACRE: `on`, `off` or `undetermined`, in any case.
pub(super) fn acre(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let truth = answer::norm(gold(e)?);
    if !matches!(truth.as_str(), "on" | "off" | "undetermined") {
        return Err(meta_err("the stored answer is not on, off or undetermined"));
    }
    let said = answer::norm(text);
    Ok(Reward::from_bool(said == truth).with_pred(said))
}
