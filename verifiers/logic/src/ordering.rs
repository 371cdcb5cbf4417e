//! Ordering (linear arrangement) puzzles in the Guru format.

use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};

use crate::answer;
use rlvr_core::literal;

/// Grades ordering puzzles (`logic__ordering_puzzle*`).
///
/// The gold is the list of objects from left to right. The answer is the
/// last `<answer>` block (it may span lines): a JSON or Python list
/// (`['pigeon', 'sparrow']`), or names separated by commas, arrows or
/// lines. Names match case-insensitively and are read back in the
/// instance's own spelling, so the people puzzles (`Emma`, `Liam`) are
/// solvable, unlike in the reference scorer, which lowercases the answer but
/// not the gold.
///
/// When the row carries its constraints (`extra_info.raw_input`, or the
/// prompt's "The constraints are: ..." list) and every constraint line is
/// understood, the answer is checked against them: it must be a
/// permutation of the objects satisfying all of them, so a valid
/// alternative arrangement is correct too. Otherwise the answer must equal
/// the gold list. Nothing in the answer is ever evaluated.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_logic::OrderingVerifier;
///
/// let gold = serde_json::json!(["Emma", "Liam", "Wei"]);
/// let s = Sample::new("logic__ordering_puzzle_dataset", "<answer>\n['emma', 'liam', 'wei']\n</answer>", gold)
///     .with_extra_info(serde_json::json!({"raw_input": "1. The Emma is to the left of the Liam\n2. The Wei is the 1st from the right\n"}));
/// assert!(OrderingVerifier::new().verify(&s, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct OrderingVerifier;

/// One constraint over object indices.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// `a` is somewhere left of `b`.
    LeftOf(usize, usize),
    /// `a` is immediately left of `b`.
    NextLeft(usize, usize),
    /// Exactly `k` objects sit between `a` and `b`.
    Between(usize, usize, usize),
    /// `a` is at this 0-based position from the left.
    At(usize, usize),
    /// `a` is at this 1-based position from the right.
    AtRight(usize, usize),
}

/// A rule over two objects, `(left one, right one)`.
type RuleOf = fn(usize, usize) -> Rule;

static ABSOLUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the (.+?) is the (\d+)(?:st|nd|rd|th) from the (left|right)$").expect("valid")
});
static NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the (.+?) is immediately to the (left|right) of the (.+)$").expect("valid")
});
static SIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the (.+?) is to the (left|right) of the (.+)$").expect("valid")
});
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^there (?:is|are) (\d+) \w+ between the (.+?) and the (.+)$").expect("valid")
});

fn key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl OrderingVerifier {
    /// The verifier.
    pub fn new() -> Self {
        Self
    }

    fn gold(&self, sample: &Sample) -> Result<Vec<String>, Error> {
        let v = literal::unwrap_string(&sample.ground_truth);
        let items: Option<Vec<String>> =
            v.as_array().and_then(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect());
        let items = items
            .filter(|i| !i.is_empty())
            .ok_or_else(|| Error::invalid_ground_truth(self.name(), "not a list of names"))?;
        let mut keys: Vec<String> = items.iter().map(|s| key(s)).collect();
        keys.sort();
        keys.dedup();
        if keys.len() != items.len() {
            return Err(Error::invalid_ground_truth(self.name(), "names repeat"));
        }
        Ok(items)
    }
}

/// The constraint lines of the instance, from `extra_info.raw_input` or the
/// prompt.
fn constraint_lines(sample: &Sample) -> Option<Vec<String>> {
    let text = match sample.extra_str("raw_input") {
        Some(t) => t.to_owned(),
        None => {
            let prompt = sample.prompt_text()?;
            let start = prompt.find("The constraints are:")? + "The constraints are:".len();
            let rest = &prompt[start..];
            rest[..rest.find("Please put your answer").unwrap_or(rest.len())].to_owned()
        }
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let l = l.trim();
            let l = l.trim_start_matches(|c: char| c.is_ascii_digit());
            let l = l.strip_prefix('.').unwrap_or(l);
            l.trim().trim_end_matches('.').trim().to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then_some(lines)
}

/// Parses every line; `None` when any line or name is not understood.
fn parse_rules(lines: &[String], objects: &[String]) -> Option<Vec<Rule>> {
    let keys: Vec<String> = objects.iter().map(|o| key(o)).collect();
    let idx = |name: &str| keys.iter().position(|k| *k == key(name));
    let n = objects.len();
    lines
        .iter()
        .map(|line| {
            if let Some(c) = ABSOLUTE.captures(line) {
                let (a, k) = (idx(&c[1])?, c[2].parse::<usize>().ok()?);
                if k == 0 || k > n {
                    return None;
                }
                return Some(if c[3].eq_ignore_ascii_case("left") {
                    Rule::At(a, k - 1)
                } else {
                    Rule::AtRight(a, k)
                });
            }
            // "a is (immediately) to the left/right of b", read left to right.
            for (re, rule) in [(&*NEXT, Rule::NextLeft as RuleOf), (&*SIDE, Rule::LeftOf)] {
                if let Some(c) = re.captures(line) {
                    let (a, b) = (idx(&c[1])?, idx(&c[3])?);
                    let left = c[2].eq_ignore_ascii_case("left");
                    return Some(if left { rule(a, b) } else { rule(b, a) });
                }
            }
            if let Some(c) = BETWEEN.captures(line) {
                return Some(Rule::Between(idx(&c[2])?, idx(&c[3])?, c[1].parse().ok()?));
            }
            None
        })
        .collect()
}

fn holds(rule: &Rule, pos: &[usize], n: usize) -> bool {
    match *rule {
        Rule::LeftOf(a, b) => pos[a] < pos[b],
        Rule::NextLeft(a, b) => pos[a] + 1 == pos[b],
        Rule::Between(a, b, k) => pos[a].abs_diff(pos[b]) == k + 1,
        Rule::At(a, p) => pos[a] == p,
        Rule::AtRight(a, k) => pos[a] + k == n,
    }
}

/// The answer's items: a literal list of strings, or names split on
/// commas, arrows, semicolons or lines (numbered or not).
fn answer_items(text: &str) -> Option<Vec<String>> {
    let t = crate::grid::unfence(text).trim_end_matches('.');
    if t.starts_with(['[', '('])
        && let Some(v) = literal::parse(t)
    {
        return v.as_array()?.iter().map(|x| x.as_str().map(str::to_owned)).collect();
    }
    // `[Pigeon, Sparrow, Quail]`: bare names in brackets.
    let t = match t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        Some(inner) if !inner.contains(['[', ']']) => inner,
        _ => t,
    };
    let items: Vec<String> = t
        .split(['\n', ',', ';', '→'])
        .flat_map(|s| s.split("->"))
        .map(|s| {
            let s = s.trim().trim_start_matches(|c: char| c.is_ascii_digit());
            let s = s.strip_prefix(['.', ')']).unwrap_or(s).trim();
            let s = s.trim_matches(|c: char| matches!(c, '\'' | '"' | '*' | '`')).trim();
            let s = match s.get(..4) {
                Some(p) if s.len() > 4 && p.eq_ignore_ascii_case("the ") => &s[4..],
                _ => s,
            };
            s.to_owned()
        })
        .filter(|s| !s.is_empty())
        .collect();
    (!items.is_empty()).then_some(items)
}

impl Verifier for OrderingVerifier {
    fn name(&self) -> &str {
        names::ORDERING
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        answer::grade_tagged(
            sample,
            cx,
            self.name(),
            self.gold(sample),
            |_, text| answer_items(text),
            "not a list of names",
            |gold, items, text| grade_order(sample, cx, &gold, &items, text),
        )
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let gold = self.gold(sample)?;
        // When constraints are given they must be read and hold for the gold.
        if let Some(lines) = constraint_lines(sample)
            && let Some(rules) = parse_rules(&lines, &gold)
        {
            let pos: Vec<usize> = (0..gold.len()).collect();
            if let Some(i) = rules.iter().position(|r| !holds(r, &pos, gold.len())) {
                return Err(Error::invalid_ground_truth(
                    self.name(),
                    format!("gold violates constraint {}: {}", i + 1, lines[i]),
                ));
            }
        }
        Ok(())
    }
}

/// Splits items that are several names separated by spaces (`pigeon
/// sparrow quail`) into those names: an item that is not itself a name is
/// replaced by its words read greedily as names (the longest name first,
/// for names of several words), when every word is used. Anything else is
/// left as it is, to be rejected as an unknown name.
fn split_spaced(items: &[String], keys: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let k = key(item);
        if keys.contains(&k) {
            out.push(item.clone());
            continue;
        }
        let words: Vec<&str> = item.split_whitespace().collect();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let found =
                (i + 1..=words.len()).rev().find(|&j| keys.contains(&key(&words[i..j].join(" "))));
            match found {
                Some(j) => {
                    parts.push(words[i..j].join(" "));
                    i = j;
                }
                None => break,
            }
        }
        if i == words.len() && parts.len() > 1 {
            out.extend(parts);
        } else {
            out.push(item.clone());
        }
    }
    out
}

/// Grades the answer's names: a permutation of the objects that satisfies
/// the constraints when they are understood, or the gold order otherwise.
fn grade_order(
    sample: &Sample,
    cx: &Context,
    gold: &[String],
    items: &[String],
    text: &str,
) -> Result<Reward, Error> {
    let keys: Vec<String> = gold.iter().map(|g| key(g)).collect();
    let items = split_spaced(items, &keys);
    let items = items.as_slice();
    // Positions of each gold object in the answer.
    let mut pos = vec![usize::MAX; gold.len()];
    for (i, item) in items.iter().enumerate() {
        let Some(o) = keys.iter().position(|k| *k == key(item)) else {
            return Ok(Reward::incorrect()
                .with_pred(text)
                .with_detail(format!("`{item}` is not one of the objects")));
        };
        if pos[o] != usize::MAX {
            return Ok(Reward::incorrect()
                .with_pred(text)
                .with_detail(format!("`{}` appears twice", gold[o])));
        }
        pos[o] = i;
    }
    if items.len() != gold.len() {
        return Ok(Reward::incorrect().with_pred(text).with_detail(format!(
            "{} names, expected {}",
            items.len(),
            gold.len()
        )));
    }
    let canonical: Vec<&str> = {
        let mut order = vec![""; gold.len()];
        for (o, &p) in pos.iter().enumerate() {
            order[p] = &gold[o];
        }
        order
    };
    let pred = format!("{canonical:?}");
    let same_as_gold = pos.iter().enumerate().all(|(o, &p)| o == p);
    let rules = constraint_lines(sample).and_then(|l| Some((parse_rules(&l, gold)?, l)));
    let Some((rules, lines)) = rules else {
        return Ok(Reward::from_bool(same_as_gold)
            .with_pred(pred)
            .with_detail("compared with the gold order (no constraints available)"));
    };
    cx.charge(rules.len() as u64)?;
    if let Some(i) = rules.iter().position(|r| !holds(r, &pos, gold.len())) {
        return Ok(Reward::incorrect().with_pred(pred).with_detail(format!(
            "violates constraint {}: {}",
            i + 1,
            lines[i]
        )));
    }
    let detail = if same_as_gold {
        format!("satisfies all {} constraints", rules.len())
    } else {
        format!("alternative_solution: satisfies all {} constraints", rules.len())
    };
    Ok(Reward::correct().with_pred(pred).with_detail(detail))
}
