//! Cryptarithms (alphametics): any injective letter-to-digit mapping over
//! exactly the puzzle's letters, without leading zeros, that makes the sum
//! hold.

use std::collections::BTreeMap;

use rlvr_core::{Context, Error, Reward};
use serde_json::Value;

use super::{Entry, meta_err};
use crate::zebra::literal_in;

/// Reads `A=1,B=2`, `A = 1, B = 2`, one pair per line, or a map literal.
fn mapping(text: &str) -> Option<BTreeMap<char, u32>> {
    if let Some(Value::Object(map)) = literal_in(text) {
        return map
            .iter()
            .map(|(k, v)| {
                let mut cs = k.trim().chars();
                let (Some(c), None) = (cs.next(), cs.next()) else { return None };
                let d = match v {
                    Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
                    Value::String(s) => s.trim().parse().ok()?,
                    _ => return None,
                };
                Some((c.to_ascii_uppercase(), d))
            })
            .collect();
    }
    let mut out = BTreeMap::new();
    for pair in text.split([',', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once(['=', ':'])?;
        let mut cs = k.trim().trim_matches(['"', '\'']).chars();
        let (Some(c), None) = (cs.next(), cs.next()) else { return None };
        let d: u32 = v.trim().trim_matches(['"', '\'', '.']).parse().ok()?;
        if out.insert(c.to_ascii_uppercase(), d).is_some() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn value(word: &str, map: &BTreeMap<char, u32>) -> Option<u128> {
    word.chars()
        .try_fold(0u128, |acc, c| acc.checked_mul(10)?.checked_add(u128::from(*map.get(&c)?)))
}

/// Checks a mapping against `words_letters` + `result_letters`.
pub(super) fn cryptarithm(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let words: Vec<String> = e.field("words_letters")?;
    let result: String = e.field("result_letters")?;
    let leading_zero: bool =
        e.metadata.get("allow_leading_zero").and_then(Value::as_bool).unwrap_or(false);
    if words.is_empty() || words.iter().chain([&result]).any(|w| w.is_empty() || w.len() > 30) {
        return Err(meta_err("bad words"));
    }
    let wrong = |d: String| Ok(Reward::incorrect().with_detail(d));
    let Some(map) = mapping(text) else {
        return wrong("not a letter=digit mapping".to_owned());
    };
    cx.charge(map.len() as u64 + 1)?;
    let mut letters: Vec<char> = words.iter().chain([&result]).flat_map(|w| w.chars()).collect();
    letters.sort_unstable();
    letters.dedup();
    let keys: Vec<char> = map.keys().copied().collect();
    if keys != letters {
        return wrong(format!("maps {keys:?}, the puzzle's letters are {letters:?}"));
    }
    let mut digits: Vec<u32> = map.values().copied().collect();
    if digits.iter().any(|&d| d > 9) {
        return wrong("a digit is outside 0-9".to_owned());
    }
    digits.sort_unstable();
    digits.dedup();
    if digits.len() != map.len() {
        return wrong("two letters share a digit".to_owned());
    }
    for w in words.iter().chain([&result]) {
        let first = w.chars().next().unwrap_or('?');
        if !leading_zero && w.len() > 1 && map.get(&first) == Some(&0) {
            return wrong(format!("{w} has a leading zero"));
        }
    }
    let sum = words.iter().try_fold(0u128, |acc, w| acc.checked_add(value(w, &map)?));
    let rhs = value(&result, &map);
    match (sum, rhs) {
        (Some(a), Some(b)) if a == b => Ok(Reward::correct()),
        (Some(a), Some(b)) => wrong(format!("the words sum to {a}, the result reads {b}")),
        _ => wrong("overflow".to_owned()),
    }
}
