//! The arithmetic tasks: basic arithmetic, chain sums, decimal arithmetic,
//! fraction simplification, prime factorization, GCD and LCM.
//!
//! Every truth is recomputed from the instance (the expression, the
//! numbers), never read from the stored answer, and compared exactly in
//! big rationals. Numbers are read by [`rlvr_math::parse_number`], but only
//! after the answer has been checked to be a number *literal* in one of the
//! forms a human grader accepts (`1234`, `1,234`, `1 234`, `-7`, `0.50`,
//! `3/4`, `\frac{3}{4}`): `rlvr-math` also evaluates arithmetic, and an
//! answer that echoes the question's expression, or `9**9**9**9`, is not a
//! number.

use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use regex::Regex;
use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};
use crate::answer;

/// The longest answer read as a number, in bytes.
const MAX_LITERAL: usize = 200;
/// The largest number factorized by trial division.
const MAX_FACTORIZE: u64 = 1 << 40;
/// The most numbers a GCD or LCM instance may have.
const MAX_NUMBERS: usize = 1_000;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// A decimal literal: digits with optional thousands separators (commas or
/// single spaces between groups of three), an optional sign and fraction.
pub(super) static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?|\.\d+)$")
        .expect("regex")
});
/// A fraction `a/b` or `\frac{a}{b}` (also `\dfrac`, `\tfrac`).
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([+-]?)(\d+)\s*/\s*(\d+)|([+-]?)\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\})$",
    )
    .expect("regex")
});

/// The answer with its wrapping removed: an "The answer is" preamble,
/// `$…$`, `\(…\)`, quotes, markdown emphasis, a trailing period, LaTeX
/// thin spaces and unicode minus signs.
pub(crate) fn clean(text: &str) -> String {
    let s = answer::strip_preamble(text);
    let mut s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '*'));
    if let Some(t) = s.strip_suffix('.')
        && t.ends_with(|c: char| c.is_ascii_digit() || c == '}' || c == '$')
    {
        s = t;
    }
    let s = s.trim_matches('$');
    let s = s.strip_prefix("\\(").and_then(|t| t.strip_suffix("\\)")).unwrap_or(s);
    s.trim()
        .replace("{,}", ",")
        .replace("\\,", ",")
        .replace("\\!", "")
        .replace(['−', '–'], "-")
        .replace(['\u{2009}', '\u{202f}', '\u{a0}'], " ")
}

/// A number from an answer: its exact value and the decimal places it
/// shows (0 for integers and fractions).
#[derive(Debug)]
pub(super) struct Literal {
    pub(super) value: BigRational,
    pub(super) places: u32,
    /// Whether it was written as a fraction.
    pub(super) fraction: bool,
}

/// A `rlvr-math` number as a big rational.
fn big(n: &rlvr_math::Number) -> Option<BigRational> {
    let (p, q) = n.fraction();
    let (p, q): (BigInt, BigInt) = (p.parse().ok()?, q.parse().ok()?);
    (!q.is_zero()).then(|| BigRational::new(p, q))
}

/// Reads a decimal or fraction literal; `None` for anything else,
/// including arithmetic. A fraction counts as a number only in lowest
/// terms with a denominator above 1 (`7/2`): `20/2`, `-136 / 4` or `5/1`
/// is a division left undone, not an answer. A decimal may omit its
/// leading zero (`.752`, `-.5`).
pub(super) fn literal(text: &str) -> Option<Literal> {
    if text.len() > MAX_LITERAL {
        return None;
    }
    let s = clean(text);
    let fraction = if DECIMAL.is_match(&s) {
        false
    } else if FRACTION.is_match(&s) {
        true
    } else {
        return None;
    };
    // `.752` is read as `0.752`.
    let s = match s.find('.') {
        Some(0) => format!("0{s}"),
        Some(1) if s.starts_with(['+', '-']) => format!("{}0{}", &s[..1], &s[1..]),
        _ => s,
    };
    let n = rlvr_math::parse_number(&s)?;
    let places = n.decimal_places().map_or(0, |p| u32::try_from(p.max(0)).unwrap_or(0));
    let value = big(&n)?;
    if fraction && !lowest_terms(&s) {
        return None;
    }
    Some(Literal { value, places, fraction })
}

/// Whether a [`FRACTION`] literal is written in lowest terms with a
/// denominator above 1.
fn lowest_terms(s: &str) -> bool {
    let Some(c) = FRACTION.captures(s) else { return false };
    let get = |i: usize, j: usize| c.get(i).or_else(|| c.get(j)).map(|m| m.as_str());
    let (Some(n), Some(d)) = (get(2, 5), get(3, 6)) else { return false };
    let (Ok(n), Ok(d)) = (n.parse::<BigInt>(), d.parse::<BigInt>()) else { return false };
    d > BigInt::one() && n.gcd(&d).is_one()
}

/// The exact value of an instance's expression (trusted text from the
/// generator, restricted to digits, `.`, `+ - * /`, parentheses and
/// spaces).
pub(super) fn eval_expression(expr: &str) -> Result<BigRational, Error> {
    if expr.is_empty()
        || expr.len() > 4_096
        || !expr.chars().all(|c| c.is_ascii_digit() || " .+-*/()".contains(c))
    {
        return Err(meta_err("the expression is not plain arithmetic"));
    }
    rlvr_math::parse_number(expr)
        .as_ref()
        .and_then(big)
        .ok_or_else(|| meta_err(format!("cannot evaluate `{expr}`")))
}

pub(super) fn show(v: &BigRational) -> String {
    if v.is_integer() { v.numer().to_string() } else { format!("{}/{}", v.numer(), v.denom()) }
}

/// Whether `pred`, showing `places` decimals, is `exact` correctly
/// rounded: within half a unit of its last place.
fn rounds_to(pred: &BigRational, places: u32, exact: &BigRational) -> bool {
    let unit = BigRational::from_integer(BigInt::from(10u32).pow(places));
    let two = BigRational::from_integer(BigInt::from(2u32));
    (pred - exact).abs() * unit * two <= BigRational::one()
}

/// How close an answer must be to a non-integer truth.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tolerance {
    /// A rounded decimal must show at least this many places.
    min_places: u32,
    /// A relative error below `10^-k` is accepted whatever the digits
    /// shown (the reference rounds every intermediate step).
    relative: Option<u32>,
}

/// Grades an answer against an exact truth. Integers must match exactly;
/// a non-integer truth also accepts its exact fraction and, under `tol`, a
/// correctly rounded decimal.
pub(super) fn grade(text: &str, truth: &BigRational, tol: Option<Tolerance>) -> Reward {
    let Some(pred) = literal(text) else {
        return Reward::incorrect().with_detail("not a number");
    };
    let shown = show(&pred.value);
    if pred.value == *truth {
        return Reward::correct().with_pred(shown);
    }
    let close = tol.is_some_and(|t| {
        let rounded = !pred.fraction
            && pred.places >= t.min_places
            && rounds_to(&pred.value, pred.places, truth);
        let relative = t.relative.is_some_and(|k| {
            let scale = BigRational::from_integer(BigInt::from(10u32).pow(k));
            (&pred.value - truth).abs() * scale <= truth.abs()
        });
        !truth.is_integer() && (rounded || relative)
    });
    Reward::from_bool(close).with_pred(shown).with_detail(if close {
        "correctly rounded".to_owned()
    } else {
        format!("the value is {}", show(truth))
    })
}

/// Basic arithmetic: the value of the expression as printed, with `/` as
/// division. reasoning-gym computes the answer with Python's floor division
/// `//`; the generator means every division to be exact, and in the few
/// entries where one is not, the stored answer is not the value of the
/// question's expression and is rejected. A non-integer value also accepts
/// its exact fraction or a decimal correctly rounded to three or more
/// places.
pub(super) fn basic_arithmetic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expr: String = e.field("expression")?;
    cx.charge(expr.len() as u64)?;
    let truth = eval_expression(&expr)?;
    Ok(grade(text, &truth, Some(Tolerance { min_places: 3, relative: None })))
}

/// Chain sum: the integer value of the `+`/`-` chain.
pub(super) fn chain_sum(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expr: String = e.field("expression")?;
    cx.charge(expr.len() as u64)?;
    let truth = eval_expression(&expr)?;
    Ok(grade(text, &truth, None))
}

/// Decimal arithmetic: the exact value of the expression on the question's
/// last line (`… = ?`; the metadata does not carry it). Accepted: the exact
/// value, a decimal correctly rounded to at least the instance's
/// `decimal_places`, or one within a relative 1e-10 of the exact value
/// (the question asks for 12 significant digits and the reference rounds
/// every step to 12, so its own last digit may be off by a few units).
/// reasoning-gym accepts any answer within `10^-places`, so a truncated
/// `0.388` for `0.38887` passes there and fails here.
pub(super) fn decimal_arithmetic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let line = e
        .question
        .lines()
        .rev()
        .map(str::trim)
        .find_map(|l| l.strip_suffix("= ?"))
        .ok_or_else(|| meta_err("the question has no `… = ?` line"))?
        .trim();
    cx.charge(line.len() as u64)?;
    let truth = eval_expression(line)?;
    let places: u32 =
        e.metadata.get("decimal_places").and_then(|v| v.as_u64()).map_or(3, |p| p as u32);
    Ok(grade(text, &truth, Some(Tolerance { min_places: places.clamp(1, 30), relative: Some(10) })))
}

/// Fraction simplification: the fraction in lowest terms, written as
/// `a/b`, `$a/b$` or `\frac{a}{b}` in any of the task's styles (a whole
/// number when the denominator reduces to 1). An equal but unreduced
/// fraction or a decimal is wrong.
pub(super) fn fraction_simplification(
    e: &Entry,
    text: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let num: u64 = e.field("numerator")?;
    let den: u64 = e.field("denominator")?;
    if den == 0 {
        return Err(meta_err("zero denominator"));
    }
    cx.charge(text.len() as u64)?;
    let truth = BigRational::new(BigInt::from(num), BigInt::from(den));
    let s = clean(text);
    if s.len() > MAX_LITERAL {
        return wrong("not a fraction");
    }
    let (written_num, written_den) = match FRACTION.captures(&s) {
        Some(c) => {
            let get = |i: usize| c.get(i).map(|m| m.as_str());
            let sign = get(1).or(get(4)).unwrap_or("");
            let n = get(2).or(get(5)).unwrap_or("");
            let d = get(3).or(get(6)).unwrap_or("");
            let n = rlvr_math::parse_number(&format!("{sign}{n}")).as_ref().and_then(big);
            let d = rlvr_math::parse_number(d).as_ref().and_then(big);
            match (n, d) {
                (Some(n), Some(d)) => (n.to_integer(), d.to_integer()),
                _ => return wrong("not a fraction"),
            }
        }
        None if DECIMAL.is_match(&s) && !s.contains('.') && truth.denom().is_one() => {
            match literal(&s) {
                Some(l) => (l.value.to_integer(), BigInt::one()),
                None => return wrong("not a fraction"),
            }
        }
        None => return wrong("not a fraction in the form a/b"),
    };
    let pred = format!("{written_num}/{written_den}");
    if written_den.is_zero() || BigRational::new(written_num.clone(), written_den.clone()) != truth
    {
        return Ok(Reward::incorrect()
            .with_pred(pred)
            .with_detail(format!("the value is {}", show(&truth))));
    }
    if !written_num.gcd(&written_den).is_one() {
        return Ok(Reward::incorrect().with_pred(pred).with_detail("not in lowest terms"));
    }
    Ok(Reward::correct().with_pred(pred))
}

/// The prime factors of `n`, with multiplicity, by trial division charged
/// to the budget.
fn factorize(mut n: u64, cx: &Context) -> Result<Vec<u64>, Error> {
    let mut out = Vec::new();
    let mut d = 2u64;
    let mut steps = 0u64;
    while d.saturating_mul(d) <= n {
        steps += 1;
        if steps.is_multiple_of(1024) {
            cx.charge(1024)?;
        }
        while n.is_multiple_of(d) {
            out.push(d);
            n /= d;
        }
        d += 1;
    }
    if n > 1 {
        out.push(n);
    }
    Ok(out)
}

static FACTOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,19})(?:\s*\^\s*\{?\s*(\d{1,2})\s*\}?)?$").expect("regex"));

/// Reads `2 × 2 × 3`, `2^2 * 3`, `2² · 3`, `2**2 x 3`, `12 = 2 × 2 × 3`:
/// the factors with multiplicity, or why not. A factor list longer than
/// 64 is rejected.
fn read_factors(text: &str, number: u64) -> Result<Vec<u64>, &'static str> {
    let s = clean(text).replace("\\times", "×").replace("\\cdot", "×").replace("**", "^");
    // Superscript exponents (`2³`, `2¹²`) become `^3`, `^12`.
    let mut t = String::with_capacity(s.len());
    let mut in_sup = false;
    for ch in s.chars() {
        match "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|c| c == ch) {
            Some(d) => {
                if !in_sup {
                    t.push('^');
                }
                t.push(char::from(b'0' + d as u8));
                in_sup = true;
            }
            None => {
                t.push(ch);
                in_sup = false;
            }
        }
    }
    let s = t;
    // `12 = 2 × 2 × 3` and `2 × 2 × 3 = 12`: drop the side that is the number.
    let body = match s.split_once('=') {
        Some((l, r)) if l.trim() == number.to_string() => r,
        Some((l, r)) if r.trim() == number.to_string() => l,
        Some(_) => return Err("an equation that is not `n = factors`"),
        None => s.as_str(),
    };
    let mut out = Vec::new();
    for piece in body.split(['×', '*', 'x', 'X', '·', '⋅', '∗']) {
        let caps = FACTOR.captures(piece.trim()).ok_or("a factor that is not `p` or `p^k`")?;
        let base: u64 = caps[1].parse().map_err(|_| "a factor out of range")?;
        let exp: usize =
            caps.get(2).map_or(Ok(1), |m| m.as_str().parse()).map_err(|_| "bad exponent")?;
        if exp == 0 || out.len() + exp > 64 {
            return Err("too many factors or a zero exponent");
        }
        out.extend(std::iter::repeat_n(base, exp));
    }
    Ok(out)
}

/// Prime factorization: the multiset of prime factors of `number`, in any
/// order, as repeated factors or powers. reasoning-gym reads only `×`
/// between plain factors (a power or `*` makes it raise or score 0.01) and
/// gives 0.5 to any list with the right product, such as `4 × 3` for 12;
/// here a composite or unit factor is wrong.
pub(super) fn prime_factorization(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let number: u64 = e.field("number")?;
    if !(2..=MAX_FACTORIZE).contains(&number) {
        return Err(meta_err("`number` out of range"));
    }
    cx.charge(text.len() as u64)?;
    let truth = factorize(number, cx)?;
    let mut pred = match read_factors(text, number) {
        Ok(p) => p,
        Err(why) => return wrong(why),
    };
    pred.sort_unstable();
    let shown = pred.iter().map(u64::to_string).collect::<Vec<_>>().join(" × ");
    if pred == truth {
        return Ok(Reward::correct().with_pred(shown));
    }
    let product = pred.iter().try_fold(1u64, |acc, &p| acc.checked_mul(p));
    let detail = if product == Some(number) {
        "the product is right but not every factor is prime"
    } else {
        "the factors do not multiply to the number"
    };
    Ok(Reward::incorrect().with_pred(shown).with_detail(detail))
}

fn numbers(e: &Entry) -> Result<Vec<BigInt>, Error> {
    let ns: Vec<u64> = e.field("numbers")?;
    if ns.is_empty() || ns.len() > MAX_NUMBERS {
        return Err(meta_err("bad `numbers`"));
    }
    Ok(ns.into_iter().map(BigInt::from).collect())
}

/// GCD of the instance's numbers, as an integer in any written form.
pub(super) fn gcd(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let ns = numbers(e)?;
    cx.charge(ns.len() as u64)?;
    let truth = ns.iter().fold(BigInt::zero(), |acc, n| acc.gcd(n));
    Ok(grade(text, &BigRational::from_integer(truth), None))
}

/// LCM of the instance's numbers, as an integer in any written form.
pub(super) fn lcm(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let ns = numbers(e)?;
    cx.charge(ns.len() as u64)?;
    let truth = ns.iter().fold(BigInt::one(), |acc, n| acc.lcm(n));
    Ok(grade(text, &BigRational::from_integer(truth), None))
}

/// Grades an integer answer exactly (`1,234`, `-1`, `12.0` are read).
pub(super) fn grade_integer(text: &str, truth: i64) -> Reward {
    grade(text, &BigRational::from_integer(BigInt::from(truth)), None)
}
