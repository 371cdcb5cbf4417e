//! String and rewriting tasks: spelling backward, reversing and sorting
//! word lists, counting letters, Caesar decryption, isomorphic strings,
//! ransom notes, coin-flip probabilities, letter jumbles, string
//! insertion, string manipulation, string splitting, string synthesis,
//! binary alternation and A::B programs. Truths are recomputed from the
//! instance (the rule systems are re-run), except for letter jumbles,
//! which compare with the metadata's original words.
//!
//! Every checker is exact (1 or 0). reasoning-gym gives partial credit on
//! most of these tasks (a share of matching positions, `len(gold) /
//! len(answer)` when the gold is a substring of the answer, 0.1 for a
//! Python list of characters, a prefix share for probabilities). None of
//! it is kept: each of those rules pays an answer that is wrong (a prefix
//! of the right word, the gold buried in a longer hedge), and an RL
//! policy learns to collect it. Some pay in full: `0` scores 1 on every
//! coin-flip probability below 1 (the prefix share divides by the shorter
//! string), and a hedge `gold or other` scores 1 on spell backward and
//! letter jumble. Case and whitespace rules follow each
//! question and are stated per task.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use regex::Regex;
use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};
use crate::answer;

/// The longest instance string or word list read from metadata.
const MAX_INSTANCE: usize = 1 << 16;
/// The most rule applications simulated for the splitting and synthesis
/// tasks, whatever the question allows.
const MAX_STEPS: u64 = 100_000;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

fn verdict(ok: bool, detail: &str) -> Result<Reward, Error> {
    Ok(if ok { Reward::correct() } else { Reward::incorrect().with_detail(detail) })
}

/// A metadata string, bounded.
fn meta_str(e: &Entry, key: &str) -> Result<String, Error> {
    let s: String = e.field(key)?;
    if s.len() > MAX_INSTANCE {
        return Err(meta_err(format!("metadata `{key}` is too long")));
    }
    Ok(s)
}

/// A metadata list of strings, bounded.
fn meta_words(e: &Entry, key: &str) -> Result<Vec<String>, Error> {
    let w: Vec<String> = e.field(key)?;
    if w.len() > MAX_INSTANCE || w.iter().map(String::len).sum::<usize>() > MAX_INSTANCE {
        return Err(meta_err(format!("metadata `{key}` is too long")));
    }
    Ok(w)
}

/// A comma-separated list as its items, each trimmed of whitespace (so
/// `a, b`, `a,b` and `a ,  b` are one list). An "The answer is" preamble
/// is dropped first.
fn comma_list(text: &str) -> Vec<&str> {
    answer::strip_preamble(text).split(',').map(str::trim).collect()
}

/// Spell backward: the metadata word reversed, letter for letter, in any
/// case (the question shows one lowercase example and reasoning-gym
/// compares lowercased). Quotes, a trailing period and a preamble are
/// dropped; inner spaces are not (`a i n o m m a` is not a word).
pub(super) fn spell_backward(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let word = meta_str(e, "word")?;
    if word.trim().is_empty() {
        return Err(meta_err("empty word"));
    }
    let truth: String = word.chars().rev().collect::<String>().to_lowercase();
    let said = answer::norm(text);
    Ok(Reward::from_bool(said == truth).with_pred(said))
}

/// Word sequence reversal: the metadata words in reverse order, as a
/// comma-separated list. Words are compared exactly (case kept: the words
/// are copied, not transformed); spacing around the commas is free.
pub(super) fn word_sequence_reversal(
    e: &Entry,
    text: &str,
    _cx: &Context,
) -> Result<Reward, Error> {
    let mut words = meta_words(e, "words")?;
    words.reverse();
    let truth = words.join(", ");
    verdict(comma_list(text) == comma_list(&truth), "not the words in reverse order")
}

/// Word sorting: the instance's (transformed) words sorted by code point,
/// ascending or descending as asked, as a comma-separated list. Case is
/// kept (it decides the order); spacing around the commas is free.
pub(super) fn word_sorting(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let mut words = meta_words(e, "transformed_words")?;
    let direction: String = e.field("direction")?;
    words.sort();
    match direction.as_str() {
        "ascending" => {}
        "descending" => words.reverse(),
        other => return Err(meta_err(format!("unknown direction `{other}`"))),
    }
    let truth = words.join(", ");
    verdict(comma_list(text) == comma_list(&truth), "not the words in the asked order")
}

/// Letter counting: how often the target letter occurs in the span, in
/// either case (the generator counts in the lowercased text). The answer
/// is one integer.
pub(super) fn letter_counting(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let span = meta_words(e, "span")?;
    let letter = meta_str(e, "target_letter")?.to_lowercase();
    if letter.chars().count() != 1 {
        return Err(meta_err("the target is not one letter"));
    }
    let count: usize = span.iter().map(|w| w.to_lowercase().matches(letter.as_str()).count()).sum();
    Ok(match answer::parse_int(text) {
        Some(n) => {
            Reward::from_bool(usize::try_from(n).is_ok_and(|n| n == count)).with_pred(n.to_string())
        }
        None => Reward::incorrect().with_detail("not an integer"),
    })
}

/// Shifts the ASCII letters of `s` back by `rot` places.
fn caesar_decrypt(s: &str, rot: u8) -> String {
    s.chars()
        .map(|c| match c {
            'A'..='Z' => char::from(b'A' + (c as u8 - b'A' + 26 - rot) % 26),
            'a'..='z' => char::from(b'a' + (c as u8 - b'a' + 26 - rot) % 26),
            other => other,
        })
        .collect()
}

/// Caesar cipher: the cipher text shifted back by the instance's rotation,
/// in any case, with whitespace runs collapsed (the question asks for "the
/// decrypted text" and gives it in capitals). The clear text in the
/// metadata must agree with the decryption.
pub(super) fn caesar_cipher(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let cipher = meta_str(e, "cipher_text")?;
    let rot = e.uint("rotation")?;
    let rot = u8::try_from(rot % 26).map_err(|_| meta_err("bad rotation"))?;
    let clear = caesar_decrypt(&cipher, rot);
    if let Ok(stored) = e.field::<String>("clear_text")
        && answer::norm(&stored) != answer::norm(&clear)
    {
        return Err(meta_err("the clear text is not the decrypted cipher text"));
    }
    let said = answer::norm(text);
    Ok(Reward::from_bool(!said.is_empty() && said == answer::norm(&clear)).with_pred(said))
}

/// Grades a True/False answer against the truth.
fn boolean(text: &str, truth: bool) -> Result<Reward, Error> {
    Ok(match answer::parse_bool(text) {
        Some(b) => Reward::from_bool(b == truth).with_pred(if b { "True" } else { "False" }),
        None => Reward::incorrect().with_detail("not True or False"),
    })
}

/// Isomorphic strings: `True` iff a one-to-one character map turns the
/// first word into the second (recomputed). `True`/`False`, `Yes`/`No`
/// in any case.
pub(super) fn isomorphic_strings(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let words = meta_words(e, "words")?;
    let [a, b] = words.as_slice() else {
        return Err(meta_err("`words` is not a pair"));
    };
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut fwd = HashMap::new();
    let mut back = HashMap::new();
    let iso = a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            *fwd.entry(*x).or_insert(*y) == *y && *back.entry(*y).or_insert(*x) == *x
        });
    boolean(text, iso)
}

/// Ransom note: `True` iff the magazine holds every letter of the note as
/// often as the note uses it (recomputed).
pub(super) fn ransom_note(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let note = meta_str(e, "ransom_note")?;
    let magazine = meta_str(e, "magazine")?;
    let mut have: HashMap<char, usize> = HashMap::new();
    for c in magazine.chars() {
        *have.entry(c).or_default() += 1;
    }
    let ok = note.chars().all(|c| match have.get_mut(&c) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    });
    boolean(text, ok)
}

/// A decimal in plain or scientific notation: its exact value and how
/// many significant digits it shows.
static SCI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$").expect("regex")
});
/// A fraction `a/b` or `\frac{a}{b}`.
static FRAC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,40})\s*/\s*(\d{1,40})$|^\\[dt]?frac\{(\d{1,40})\}\{(\d{1,40})\}$")
        .expect("regex")
});

/// A probability as written: its value and, for a decimal, the digits it
/// shows.
struct Prob {
    value: BigRational,
    /// `(significant digits, power of ten of the last digit)` for a
    /// decimal; `None` for a fraction (exact by form).
    decimal: Option<(usize, i32)>,
}

/// `10^e` as a rational, for any sign of `e`.
fn pow10(e: i32) -> BigRational {
    let p = BigInt::from(10u32).pow(e.unsigned_abs());
    if e >= 0 { BigRational::from_integer(p) } else { BigRational::new(BigInt::one(), p) }
}

/// Reads a probability answer: a fraction or a decimal (plain or
/// scientific notation).
fn probability(text: &str) -> Option<Prob> {
    if text.len() > 200 {
        return None;
    }
    let s = answer::strip_preamble(text).trim().trim_matches('$').trim();
    let s = s.strip_suffix('.').unwrap_or(s).trim();
    if let Some(c) = FRAC.captures(s) {
        let n: BigInt = c.get(1).or_else(|| c.get(3))?.as_str().parse().ok()?;
        let d: BigInt = c.get(2).or_else(|| c.get(4))?.as_str().parse().ok()?;
        return (!d.is_zero()).then(|| Prob { value: BigRational::new(n, d), decimal: None });
    }
    let c = SCI.captures(s)?;
    let int = c.get(2).map_or("", |m| m.as_str());
    let frac = c.get(3).map_or("", |m| m.as_str());
    if int.is_empty() && frac.is_empty() || int.len() + frac.len() > 60 {
        return None;
    }
    let exp: i32 = c.get(4).map_or(Ok(0), |m| m.as_str().parse()).ok()?;
    let digits = format!("{int}{frac}");
    let mantissa: BigInt = digits.parse().ok()?;
    let last = exp - i32::try_from(frac.len()).ok()?;
    let mut value = BigRational::from_integer(mantissa) * pow10(last);
    if c.get(1).is_some_and(|m| m.as_str() == "-") {
        value = -value;
    }
    let significant = digits.trim_start_matches('0').len();
    Some(Prob { value, decimal: Some((significant, last)) })
}

/// `n choose k` exactly.
fn binomial(n: u64, k: u64) -> BigInt {
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * BigInt::from(n - i) / BigInt::from(i + 1);
    }
    r
}

/// Coin flip: the probability of exactly, or at least, `k` heads in `n`
/// fair flips, recomputed exactly. Accepted: the exact value as a
/// fraction or a decimal, or a decimal (plain or scientific) correctly
/// rounded in its last digit with at least three significant digits (the
/// stored answer itself is the value rounded to ten). reasoning-gym
/// accepts anything within an absolute 1e-4, so for `P = 3.05e-05` it
/// pays `0`; here `0` is wrong.
pub(super) fn coin_flip(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let n = e.uint("num_trials")?;
    let k = e.uint("k_heads")?;
    let kind: String = e.field("problem_type")?;
    if n > 10_000 || k > n {
        return Err(meta_err("bad trial counts"));
    }
    cx.charge(n)?;
    let favourable = match kind.as_str() {
        "exact" => binomial(n, k),
        "at_least" => (k..=n).map(|i| binomial(n, i)).sum(),
        other => return Err(meta_err(format!("unknown problem type `{other}`"))),
    };
    let truth = BigRational::new(favourable, BigInt::from(2u32).pow(u32::try_from(n).unwrap_or(0)));
    let Some(p) = probability(text) else {
        return wrong("not a probability");
    };
    if p.value == truth {
        return Ok(Reward::correct());
    }
    let Some((significant, last)) = p.decimal else {
        return wrong(format!("the probability is {truth}"));
    };
    // Within half a unit of the last digit shown.
    let two = BigRational::from_integer(BigInt::from(2u32));
    let rounded = (&p.value - &truth).abs() * two <= pow10(last);
    verdict(significant >= 3 && rounded, "not the probability, nor it correctly rounded")
}

/// Letter jumble: each scrambled word unscrambled to the original word, in
/// order, words separated by whitespace. Compared case-insensitively
/// (reasoning-gym lowercases; the scrambled letters carry the capitals to
/// arbitrary positions). Only the original words count: another anagram
/// that happens to be an English word cannot be told apart without a
/// dictionary the instance does not carry.
pub(super) fn letter_jumble(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let original = meta_words(e, "original_words")?;
    let scrambled = meta_words(e, "scrambled_words")?;
    if original.len() != scrambled.len() {
        return Err(meta_err("scrambled and original word counts differ"));
    }
    let said: Vec<String> =
        answer::strip_preamble(text).split_whitespace().map(str::to_lowercase).collect();
    let truth: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
    verdict(said == truth, "not the unscrambled words")
}

/// The string after the insertion rules (one left-to-right pass, each
/// match skipped with its inserted letter).
fn insert_letters(s: &str) -> String {
    const RULES: [(&str, char); 5] =
        [("ABCD", 'A'), ("BCDE", 'B'), ("CDEA", 'C'), ("DEAB", 'D'), ("EABC", 'E')];
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() * 2);
    let mut i = 0;
    while i < b.len() {
        if let Some((p, c)) = RULES.iter().find(|(p, _)| b[i..].starts_with(p.as_bytes())) {
            out.push_str(p);
            out.push(*c);
            i += p.len();
        } else {
            out.push(char::from(b[i]));
            i += 1;
        }
    }
    out
}

/// Reads one bare string answer: a preamble, surrounding quotes or
/// backticks and a trailing period dropped; inner text kept.
fn bare(text: &str) -> &str {
    let s = answer::strip_preamble(text);
    let s = s.strip_suffix('.').unwrap_or(s);
    s.trim().trim_matches(|c| matches!(c, '"' | '\'' | '`')).trim()
}

/// String insertion: the instance's string after the insertion rules
/// (recomputed), letter for letter in upper case. reasoning-gym gives 0.1
/// to a Python list of the right characters (and `eval`s the answer to
/// find out); here a list is wrong and never evaluated.
pub(super) fn string_insertion(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let s = meta_str(e, "string")?;
    if !s.bytes().all(|b| (b'A'..=b'E').contains(&b)) {
        return Err(meta_err("the string is not over A-E"));
    }
    let truth = insert_letters(&s);
    verdict(bare(text) == truth, "not the string after the insertions")
}

/// reasoning-gym's string-manipulation rules, by their text.
const MANIPULATION_RULES: [&str; 20] = [
    "If the string prefix is 'ab', replace it with 'ca'.",
    "If the string suffix is 'ac', replace it with 'cb'.",
    "If the string prefix is 'bc', delete the first two characters and append 'aa' to the end.",
    "If the string suffix is 'bb', delete the last two characters.",
    "If the string prefix is 'cb', replace it with 'aa' and delete the last character.",
    "If the string prefix is 'ca', replace it with 'bb' and append 'c' to the end.",
    "If the string suffix is 'cc', replace it with 'b' and prepend 'a' to the start.",
    "If the string prefix is 'aa', remove the first character.",
    "If the string contains 'abc', replace the first occurrence with 'cab'.",
    "If the string contains 'bca', delete the first occurrence entirely.",
    "If the string ends with 'ba', replace it with 'ab'.",
    "If the string starts with 'cc', remove the first two characters.",
    "If the string contains 'acb', replace the first occurrence with its reverse ('bca').",
    "If the string ends with 'ca', remove the last character.",
    "If the string starts with 'bb', remove the second character.",
    "If the string ends with 'aa', replace it with 'cc'.",
    "If the string contains 'ca' (not at the start), remove the first occurrence found after the first character.",
    "If the string contains an even number of 'b's (and at least one 'b'), append 'ab' at the end.",
    "If the string length is greater than 15, remove the middle character.",
    "If the string starts with 'ac', replace the first two characters with 'zz'.",
];

/// Applies rule `id` (an index into [`MANIPULATION_RULES`]) to an ASCII
/// string, as reasoning-gym does; `None` when it does not apply.
fn manipulate(id: usize, s: &str) -> Option<String> {
    let n = s.len();
    let first =
        |pat: &str, with: &str| s.find(pat).map(|i| format!("{}{with}{}", &s[..i], &s[i + 3..]));
    match id {
        0 => s.strip_prefix("ab").map(|r| format!("ca{r}")),
        1 => s.strip_suffix("ac").map(|r| format!("{r}cb")),
        2 => s.strip_prefix("bc").map(|r| format!("{r}aa")),
        3 => s.strip_suffix("bb").map(str::to_owned),
        4 => s
            .strip_prefix("cb")
            .map(|r| format!("aa{}", r.get(..r.len().saturating_sub(1)).unwrap_or(""))),
        5 => s.strip_prefix("ca").map(|r| format!("bb{r}c")),
        6 => s.strip_suffix("cc").map(|r| format!("a{r}b")),
        7 => s.starts_with("aa").then(|| s[1..].to_owned()),
        8 => first("abc", "cab"),
        9 => first("bca", ""),
        10 => s.strip_suffix("ba").map(|r| format!("{r}ab")),
        11 => s.strip_prefix("cc").map(str::to_owned),
        12 => first("acb", "bca"),
        13 => s.ends_with("ca").then(|| s[..n - 1].to_owned()),
        14 => s.starts_with("bb").then(|| format!("b{}", &s[2..])),
        15 => s.strip_suffix("aa").map(|r| format!("{r}cc")),
        16 => s.get(1..).and_then(|t| t.find("ca")).map(|i| format!("{}{}", &s[..=i], &s[i + 3..])),
        17 => {
            let b = s.bytes().filter(|&c| c == b'b').count();
            (b > 0 && b % 2 == 0).then(|| format!("{s}ab"))
        }
        18 => (n > 15).then(|| format!("{}{}", &s[..n / 2], &s[n / 2 + 1..])),
        19 => s.strip_prefix("ac").map(|r| format!("zz{r}")),
        _ => None,
    }
}

/// String manipulation: the final string of the rewriting, re-run from
/// the instance's string with its selected rules (the first that applies,
/// until none does or a state repeats; the repeated state is discarded),
/// exactly: the letters are lowercase and the rules are case-sensitive.
/// The metadata's `solution` must agree.
pub(super) fn string_manipulation(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let start = meta_str(e, "string")?;
    let rules = meta_words(e, "selected_rules")?;
    let ids: Vec<usize> = rules
        .iter()
        .map(|r| MANIPULATION_RULES.iter().position(|k| k == r))
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("an unknown rule"))?;
    if !start.is_ascii() || start.len() > 1_000 {
        return Err(meta_err("the string is not short ASCII"));
    }
    let mut seen = HashSet::from([start.clone()]);
    let mut cur = start;
    for _ in 0..MAX_STEPS {
        cx.charge(cur.len() as u64 + 1)?;
        let Some(next) = ids.iter().find_map(|&id| manipulate(id, &cur)) else {
            break;
        };
        if next.len() > 10_000 {
            return Err(meta_err("the rewriting does not settle"));
        }
        if !seen.insert(next.clone()) {
            break;
        }
        cur = next;
    }
    if let Ok(stored) = e.field::<String>("solution")
        && stored != cur
    {
        return Err(meta_err("the stored solution is not the rewriting's final string"));
    }
    if cur.is_empty() {
        // The rules emptied the string: only an empty answer is right.
        return verdict(bare(text).is_empty(), "the final string is empty");
    }
    verdict(bare(text) == cur, "not the final string")
}

/// The maximum number of rule applications the question allows
/// (`Apply the rules at most N times`), 1000 when absent.
fn max_iterations(question: &str) -> u64 {
    static AT_MOST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"at most (\d{1,9}) times").expect("regex"));
    AT_MOST.captures(question).and_then(|c| c[1].parse().ok()).unwrap_or(1_000).min(MAX_STEPS)
}

/// Runs `apply` (which returns `false` when no rule fits) from `start`
/// until nothing applies, a state repeats or the question's iteration
/// limit is reached; the last new state is the answer.
fn run_rules<const N: usize>(
    start: [u64; N],
    limit: u64,
    cx: &Context,
    apply: fn(&mut [u64; N]) -> bool,
) -> Result<[u64; N], Error> {
    let mut seen = HashSet::from([start]);
    let mut cur = start;
    for _ in 0..limit {
        cx.charge(1)?;
        let mut next = cur;
        if !apply(&mut next) || !seen.insert(next) {
            break;
        }
        cur = next;
    }
    Ok(cur)
}

/// Reads `N` counts separated by whitespace or commas.
fn counts<const N: usize>(text: &str) -> Option<[u64; N]> {
    let s = answer::strip_preamble(text);
    let s = s.trim().trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'));
    let s = s.strip_suffix('.').unwrap_or(s);
    let v: Vec<u64> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    v.try_into().ok()
}

/// The initial counts from metadata.
fn initial<const N: usize>(e: &Entry, key: &str) -> Result<[u64; N], Error> {
    let v: Vec<u64> = e.field(key)?;
    if v.len() != 3 || v.iter().any(|&x| x > 1 << 40) {
        return Err(meta_err(format!("`{key}` is not three counts")));
    }
    let mut out = [0; N];
    out[..3].copy_from_slice(&v);
    Ok(out)
}

fn grade_counts<const N: usize>(text: &str, truth: [u64; N]) -> Result<Reward, Error> {
    let shown = truth.map(|x| x.to_string()).join(" ");
    Ok(match counts::<N>(text) {
        Some(c) => Reward::from_bool(c == truth)
            .with_pred(c.map(|x| x.to_string()).join(" "))
            .with_detail(format!("the counts are {shown}")),
        None => Reward::incorrect().with_detail(format!("not {N} counts")),
    })
}

/// The splitting rules (A B C X Y Z), the first that applies.
fn split_rule(c: &mut [u64; 6]) -> bool {
    let [a, b, cc, x, y, z] = c;
    if *a >= 1 {
        *a -= 1;
        *x += 2;
        *y += 1;
    } else if *b >= 2 {
        *b -= 2;
        *x += 1;
    } else if *cc >= 2 {
        *cc -= 2;
        *y += 1;
    } else if *b >= 1 && *cc >= 1 {
        *b -= 1;
        *cc -= 1;
        *a += 1;
    } else if *x >= 1 && *y >= 1 {
        *x -= 1;
        *y -= 1;
        *z += 1;
    } else {
        return false;
    }
    true
}

/// String splitting: the counts `A B C X Y Z` after the rules, simulated
/// from the initial machines as the question defines it (first rule that
/// applies, stop when none does, a state repeats, or the iteration limit
/// is reached). Six integers separated by spaces (commas tolerated).
pub(super) fn string_splitting(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let start: [u64; 6] = initial(e, "initial_machines")?;
    let truth = run_rules(start, max_iterations(&e.question), cx, split_rule)?;
    grade_counts(text, truth)
}

/// The synthesis rules (`[A] [B] [C] {A} {B} {C} (A) (B) (C)`).
fn synth_rule(c: &mut [u64; 9]) -> bool {
    let [a, b, cc, ca, cb, ccu, ..] = c;
    if *a >= 1 && *b >= 1 && *cc >= 1 {
        *a -= 1;
        *b -= 1;
        *cc -= 1;
        *ca += 1;
    } else if *a >= 1 && *b >= 1 {
        *a -= 1;
        *b -= 1;
        *ccu += 1;
    } else if *b >= 1 && *cc >= 1 {
        *b -= 1;
        *cc -= 1;
        *cb += 1;
    } else if *cc >= 2 {
        *cc -= 2;
        *ccu += 1;
    } else if *ca >= 1 && *ccu >= 1 {
        *ca -= 1;
        *ccu -= 1;
        c[6] += 1;
        c[7] += 1;
    } else if *cb >= 2 {
        *cb -= 2;
        c[8] += 1;
    } else {
        return false;
    }
    true
}

/// String synthesis: the nine block counts after the rules, simulated from
/// the initial blocks as the question defines it (as for string
/// splitting). Nine integers separated by spaces (commas tolerated).
pub(super) fn string_synthesis(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let start: [u64; 9] = initial(e, "initial_blocks")?;
    let truth = run_rules(start, max_iterations(&e.question), cx, synth_rule)?;
    grade_counts(text, truth)
}

/// Binary alternation: the fewest swaps that make the string alternate,
/// or -1 when the counts of 0s and 1s differ by more than one
/// (recomputed).
pub(super) fn binary_alternation(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let s = meta_str(e, "string")?;
    if !s.bytes().all(|b| b == b'0' || b == b'1') {
        return Err(meta_err("not a binary string"));
    }
    let ones = s.bytes().filter(|&b| b == b'1').count();
    let zeros = s.len() - ones;
    let swaps = |first: u8| {
        s.bytes()
            .enumerate()
            .filter(|&(i, b)| b != if i % 2 == 0 { first } else { first ^ 1 })
            .count()
            / 2
    };
    let truth: i64 = if ones.abs_diff(zeros) > 1 {
        -1
    } else if ones > zeros {
        swaps(b'1') as i64
    } else if zeros > ones {
        swaps(b'0') as i64
    } else {
        swaps(b'0').min(swaps(b'1')) as i64
    };
    Ok(match answer::parse_int(text) {
        Some(n) => Reward::from_bool(n == truth).with_pred(n.to_string()),
        None => Reward::incorrect().with_detail("not an integer"),
    })
}

/// The A::B program of the question: the token line after "Now, consider
/// the following program:".
fn ab_program(question: &str) -> Option<Vec<&str>> {
    let (_, rest) = question.split_once("following program:")?;
    let line = rest.lines().map(str::trim).find(|l| !l.is_empty())?;
    let toks: Vec<&str> = line.split_whitespace().collect();
    toks.iter().all(|t| matches!(*t, "A#" | "#A" | "B#" | "#B")).then_some(toks)
}

/// The normal form of an A::B program. The system is confluent, so any
/// rewriting order reaches it: right-facing tokens wait on a stack, a
/// left-facing token annihilates a facing twin or passes left over the
/// other letter.
pub(super) fn ab_normal_form<'a>(program: &[&'a str]) -> Vec<&'a str> {
    let mut left: Vec<&str> = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    for &t in program {
        if t.ends_with('#') {
            stack.push(t);
            continue;
        }
        let letter = &t[1..];
        let mut consumed = false;
        let mut passed = Vec::new();
        while let Some(top) = stack.pop() {
            if &top[..1] == letter {
                consumed = true;
                break;
            }
            passed.push(top);
        }
        if !consumed {
            left.push(t);
        }
        stack.extend(passed.into_iter().rev());
    }
    left.extend(stack);
    left
}

/// A::B: the normal form of the question's program (recomputed), as
/// tokens separated by whitespace. When the program reduces to nothing,
/// the empty answer is the right one (reasoning-gym stores an empty
/// string).
pub(super) fn ab(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let program = ab_program(&e.question)
        .filter(|p| p.len() <= 4_096)
        .ok_or_else(|| meta_err("no A::B program in the question"))?;
    cx.charge((program.len() * program.len()) as u64)?;
    let truth = ab_normal_form(&program);
    let said: Vec<&str> = answer::strip_preamble(text).split_whitespace().collect();
    verdict(said == truth, "not the program's final state")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// reasoning-gym's A::B reference: rewrite the leftmost facing pair until
    /// none is left.
    fn ab_leftmost(mut p: Vec<&str>) -> Vec<&str> {
        loop {
            let Some(i) = (0..p.len().saturating_sub(1))
                .find(|&i| p[i].ends_with('#') && p[i + 1].starts_with('#'))
            else {
                return p;
            };
            if p[i][..1] == p[i + 1][1..] {
                p.drain(i..i + 2);
            } else {
                p.swap(i, i + 1);
            }
        }
    }

    proptest! {
        /// The stack reduction reaches the same final state as the reference's
        /// leftmost rewriting, on any program.
        #[test]
        fn ab_normal_form_matches_leftmost_rewriting(p in proptest::collection::vec(0..4usize, 0..24)) {
            let toks = ["A#", "#A", "B#", "#B"];
            let program: Vec<&str> = p.iter().map(|&i| toks[i]).collect();
            prop_assert_eq!(ab_normal_form(&program), ab_leftmost(program.clone()));
        }
    }
}
