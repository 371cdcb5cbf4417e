//! Reading answers: grids (JSON, Python or text rows), step lists
//! (numbered lines, JSON lists), Hanoi moves, booleans, integers.

use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::literal;
use serde_json::Value;

/// The largest number of cells or steps read from one answer.
pub(crate) const MAX_ITEMS: usize = 1 << 20;

/// Reads a grid of small non-negative integers: `[[0,1],[1,0]]`,
/// `((0, 1), (1, 0))`, numpy's `[[0 1]\n [1 0]]`, whitespace or comma rows
/// (`0 1\n1 0`), or digit strings (`01\n10`).
pub(crate) fn parse_grid(text: &str) -> Option<Vec<Vec<u8>>> {
    let text = text.trim().trim_end_matches('.');
    if let Some(v) = literal::parse(text) {
        return grid_from_value(&v);
    }
    let mut rows = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_matches(|c| c == '[' || c == ']' || c == ',');
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '[' || c == ']');
        if line.is_empty() {
            continue;
        }
        let tokens: Vec<&str> =
            line.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
        let row: Option<Vec<u8>> = if tokens.len() == 1 && tokens[0].len() > 1 {
            tokens[0].chars().map(|c| c.to_digit(10).map(|d| d as u8)).collect()
        } else {
            tokens.iter().map(|t| t.parse::<u8>().ok()).collect()
        };
        rows.push(row?);
    }
    (!rows.is_empty() && rows.iter().map(Vec::len).sum::<usize>() <= MAX_ITEMS).then_some(rows)
}

/// A grid from a parsed literal: a list of rows of integers, booleans or
/// one-digit strings.
pub(crate) fn grid_from_value(v: &Value) -> Option<Vec<Vec<u8>>> {
    let rows = v.as_array()?;
    rows.iter()
        .map(|row| {
            if let Some(s) = row.as_str() {
                return s
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_digit(10).map(|d| d as u8))
                    .collect();
            }
            row.as_array()?
                .iter()
                .map(|c| match c {
                    Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
                    Value::Bool(b) => Some(u8::from(*b)),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:step|move)\s*)?\d+\s*[.):]\s*|^\s*[-*•]\s+")
        .expect("numbering pattern is valid")
});

/// Splits an answer into steps: the items of a JSON / Python list (inner
/// lists become space-separated text), else its non-empty lines with
/// numbering (`1.`, `2)`, `Step 3:`) and bullets removed. Fence lines are
/// dropped.
pub(crate) fn split_steps(text: &str) -> Vec<String> {
    let trimmed = text.trim();
    if trimmed.starts_with('[')
        && let Some(Value::Array(items)) = literal::parse(trimmed)
    {
        return items.iter().map(step_text).collect();
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("```"))
        .map(|l| NUMBERING.replace(l, "").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn step_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(step_text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

static HANOI_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^move\s+(?:disk\s+)?(\d+)\s+from\s+(?:peg\s+|rod\s+|tower\s+)?(\w+)\s+to\s+(?:peg\s+|rod\s+|tower\s+)?(\w+)\.?$",
    )
    .expect("hanoi pattern is valid")
});

static HANOI_NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s(\[]*\d+(?:[\s,:\->→]+\d+){1,2}[\s)\]]*\.?$").expect("valid")
});

/// Reads a Hanoi move: `Move disk 1 from Peg 2 to Peg 3`, `1 2 3`,
/// `(1, 2, 3)` (disk, from, to), `2 3` / `2 -> 3` (from, to). Pegs may be
/// letters (`A` is peg 1).
pub(crate) fn hanoi_move(text: &str) -> Option<(Option<u32>, usize, usize)> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let peg = |s: &str| -> Option<usize> {
        if let Ok(n) = s.parse::<usize>() {
            return Some(n);
        }
        let b = s.as_bytes();
        (b.len() == 1 && b[0].is_ascii_alphabetic())
            .then(|| usize::from(b[0].to_ascii_uppercase() - b'A') + 1)
    };
    if let Some(c) = HANOI_WORDS.captures(text) {
        return Some((Some(c[1].parse().ok()?), peg(&c[2])?, peg(&c[3])?));
    }
    if HANOI_NUMBERS.is_match(text) {
        let nums: Vec<usize> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|t| !t.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        return match nums.as_slice() {
            [d, f, t] => Some((Some(u32::try_from(*d).ok()?), *f, *t)),
            [f, t] => Some((None, *f, *t)),
            _ => None,
        };
    }
    None
}

/// Reads `True`/`False`/`yes`/`no` (any case, quotes and a final period
/// ignored).
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim().trim_matches(|c: char| "\"'`*.$ ".contains(c)).to_ascii_lowercase();
    match t.as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// Reads an integer (`8`, `-1`, `8.`, `**8**`, `8 minutes`).
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim().trim_matches(|c: char| "\"'`*.$ ".contains(c));
    let t = t.strip_suffix("minutes").or_else(|| t.strip_suffix("minute")).unwrap_or(t).trim();
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_in_every_format() {
        let want = vec![vec![0, 1], vec![1, 0]];
        for text in [
            "[[0,1],[1,0]]",
            "((0, 1), (1, 0))",
            "[[0 1]\n [1 0]]",
            "0 1\n1 0",
            "01\n10",
            "[['0','1'],['1','0']]",
            "[\"01\", \"10\"]",
            "0,1\n1,0",
        ] {
            assert_eq!(parse_grid(text), Some(want.clone()), "{text}");
        }
        assert_eq!(parse_grid("a b\nc d"), None);
    }

    #[test]
    fn steps_and_moves() {
        assert_eq!(
            split_steps("1. fill A\n2) pour A->B\nStep 3: empty B"),
            ["fill A", "pour A->B", "empty B"]
        );
        assert_eq!(split_steps("[\"fill A\", 'empty A']"), ["fill A", "empty A"]);
        assert_eq!(split_steps("[[1, 1, 3], [2, 1, 2]]"), ["1 1 3", "2 1 2"]);
        assert_eq!(hanoi_move("Move disk 1 from Peg 2 to Peg 3"), Some((Some(1), 2, 3)));
        assert_eq!(hanoi_move("move 1 from A to C."), Some((Some(1), 1, 3)));
        assert_eq!(hanoi_move("1 2 3"), Some((Some(1), 2, 3)));
        assert_eq!(hanoi_move("(1, 2, 3)"), Some((Some(1), 2, 3)));
        assert_eq!(hanoi_move("2 -> 3"), Some((None, 2, 3)));
        assert_eq!(hanoi_move("1 2 3 4"), None);
        assert_eq!(hanoi_move("Move the disk"), None);
    }
}
