//! The number tasks: base conversion, bitwise arithmetic, bit and prime
//! counts, decimal chain sums, leg counting, number filtering, sorting and
//! formatting, number sequences, powers, products, dice, complex
//! arithmetic, GSM-symbolic word problems, simple equations and the
//! missing polygon angle.
//!
//! Every truth is recomputed from the instance (the expression, the
//! numbers, the dice, the equation) and compared exactly in big rationals:
//! an integer answer has no float tolerance at any size. Numbers are read
//! by the crate's one number reader ([`numeric::literal`], built on
//! `rlvr_math::parse_number` after a literal-only check), so an answer
//! that echoes the question's expression is not a number. The one float
//! task, `power_function`, follows the question's stated rule: the answer
//! is right when it rounds to the same 3 significant figures as the exact
//! power.
//!
//! Partial credit: reasoning-gym gives 0.01 for any parsable wrong answer
//! (power function), `exp(-distance)` for a complex number near the
//! result, and by default `len(gold) / len(answer)` to any answer that
//! *contains* the gold (`7` inside `17`, a hedge listing ten numbers).
//! Every one of these pays a wrong answer, which a policy learns to
//! exploit, so every task here is exact: 1 or 0.

use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use regex::Regex;
use rlvr_core::{Context, Error, Reward};
use serde_json::Value;

use super::numeric::{self, DECIMAL, clean, literal, show};
use super::polynomial::{self, Poly};
use super::{Entry, meta_err};

/// The longest list answer read, in bytes.
const MAX_LIST: usize = 64 * 1024;
/// The most items a list answer may have.
const MAX_ITEMS: usize = 2_000;
/// The largest range end for which primes are counted.
const MAX_PRIME_END: u64 = 10_000_000;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

fn int(n: impl Into<BigInt>) -> BigRational {
    BigRational::from_integer(n.into())
}

/// `10^k` as a rational, for any sign of `k`.
fn pow10(k: i64) -> BigRational {
    let p = int(BigInt::from(10u32).pow(k.unsigned_abs() as u32));
    if k < 0 { p.recip() } else { p }
}

/// A number in scientific notation: `1.23e+4`, `-5E-3`, `1.23 × 10^4`,
/// `1.23 \times 10^{4}`; the mantissa is a decimal literal and the exponent
/// at most 400 in size.
static SCIENTIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:[eE]\s*([+-]?\d{1,3})|(?:\\times|\\cdot|×|\*|x|·)\s*10\s*(?:\^|\*\*)\s*\{?\s*([+-]?\d{1,3})\s*\}?)$",
    )
    .expect("regex")
});

/// An exact number from an answer: a decimal or fraction literal (see
/// [`numeric::literal`]) or a decimal in scientific notation.
pub(super) fn number(text: &str) -> Option<BigRational> {
    if let Some(l) = literal(text) {
        return Some(l.value);
    }
    let s = clean(text);
    let c = SCIENTIFIC.captures(&s)?;
    let mantissa = literal(c.get(1)?.as_str())?.value;
    let exp: i64 = c.get(2).or_else(|| c.get(3))?.as_str().parse().ok()?;
    Some(mantissa * pow10(exp))
}

/// A JSON number of the instance as an exact rational: its shortest
/// decimal text (what the generator printed) read exactly.
fn json_number(v: &Value) -> Option<BigRational> {
    match v {
        Value::Number(n) => number(&n.to_string()),
        Value::String(s) => number(s),
        _ => None,
    }
}

/// A metadata field that is a number.
fn field_number(e: &Entry, key: &str) -> Result<BigRational, Error> {
    json_number(e.get(key)?).ok_or_else(|| meta_err(format!("metadata `{key}` is not a number")))
}

/// Grades an answer that must equal `truth` exactly.
fn exact(text: &str, truth: &BigRational) -> Result<Reward, Error> {
    Ok(numeric::grade(text, truth, None))
}

/// Base conversion: the number written in the target base, with digits
/// `0-9a-z` in either case (the question asks for lower case; the value is
/// what is graded) and leading zeros allowed; a `0x`, `0b` or `0o` prefix
/// is accepted for bases 16, 2 and 8. The default reasoning-gym grader
/// gives `len(gold)/len(answer)` to any answer containing the gold.
pub(super) fn base_conversion(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let value: u64 = e.field("decimal_value")?;
    let base: u32 = e.field("target_base")?;
    if !(2..=36).contains(&base) {
        return Err(meta_err("`target_base` out of range"));
    }
    cx.charge(text.len() as u64)?;
    let s = clean(text).to_ascii_lowercase();
    let prefix = match base {
        16 => Some("0x"),
        8 => Some("0o"),
        2 => Some("0b"),
        _ => None,
    };
    let digits = prefix.and_then(|p| s.strip_prefix(p)).unwrap_or(&s);
    if digits.is_empty() || digits.len() > 128 {
        return wrong("not a number in the target base");
    }
    let mut acc: u128 = 0;
    for ch in digits.chars() {
        let Some(d) = ch.to_digit(base) else {
            return wrong(format!("`{ch}` is not a base-{base} digit"));
        };
        let Some(next) = acc.checked_mul(u128::from(base)).and_then(|a| a.checked_add(d.into()))
        else {
            return wrong("the number is far too large");
        };
        acc = next;
    }
    Ok(Reward::from_bool(acc == u128::from(value))
        .with_pred(digits.to_owned())
        .with_detail(format!("the value read is {acc}")))
}

/// A signed integer in Python's grammar for the bitwise problems.
struct Hex<'a> {
    s: &'a [u8],
    i: usize,
    steps: u64,
}

/// The largest shift in an instance.
const MAX_SHIFT: usize = 256;
/// The largest intermediate value in an instance, in bits.
const MAX_BITS: u64 = 1 << 20;

impl Hex<'_> {
    fn peek(&mut self) -> Option<u8> {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, tok: &str) -> bool {
        if self.peek().is_some() && self.s[self.i..].starts_with(tok.as_bytes()) {
            self.i += tok.len();
            true
        } else {
            false
        }
    }

    fn bounded(&mut self, v: BigInt) -> Result<BigInt, String> {
        let bits = v.bits();
        self.steps += bits / 64 + 1;
        if bits > MAX_BITS { Err("value too large".into()) } else { Ok(v) }
    }

    /// `shift := sum (('<<' | '>>') sum)*`, the loosest level in Python.
    fn shift(&mut self, depth: usize) -> Result<BigInt, String> {
        let mut acc = self.sum(depth)?;
        loop {
            let left = if self.eat("<<") {
                true
            } else if self.eat(">>") {
                false
            } else {
                return Ok(acc);
            };
            let by = self.sum(depth)?;
            let by = by.to_usize().filter(|&b| b <= MAX_SHIFT).ok_or("bad shift amount")?;
            acc = if left { self.bounded(acc << by)? } else { acc >> by };
        }
    }

    fn sum(&mut self, depth: usize) -> Result<BigInt, String> {
        let mut acc = self.product(depth)?;
        loop {
            match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    let r = self.product(depth)?;
                    acc = self.bounded(acc + r)?;
                }
                Some(b'-') => {
                    self.i += 1;
                    let r = self.product(depth)?;
                    acc = self.bounded(acc - r)?;
                }
                _ => return Ok(acc),
            }
        }
    }

    fn product(&mut self, depth: usize) -> Result<BigInt, String> {
        let mut acc = self.unary(depth)?;
        while self.peek() == Some(b'*') && self.s.get(self.i + 1) != Some(&b'*') {
            self.i += 1;
            let r = self.unary(depth)?;
            acc = self.bounded(acc * r)?;
        }
        Ok(acc)
    }

    fn unary(&mut self, depth: usize) -> Result<BigInt, String> {
        if depth > 256 {
            return Err("nested too deeply".into());
        }
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                Ok(-self.unary(depth + 1)?)
            }
            Some(b'+') => {
                self.i += 1;
                self.unary(depth + 1)
            }
            Some(b'(') => {
                self.i += 1;
                let v = self.shift(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err("unbalanced parentheses".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(b'0'..=b'9') => {
                let start = self.i;
                let radix =
                    if self.s[self.i..].starts_with(b"0x") || self.s[self.i..].starts_with(b"0X") {
                        self.i += 2;
                        16
                    } else {
                        10
                    };
                let digits = self.i;
                while self.s.get(self.i).is_some_and(u8::is_ascii_alphanumeric) {
                    self.i += 1;
                }
                if self.i - start > 4_096 {
                    return Err("literal too long".into());
                }
                BigInt::parse_bytes(&self.s[digits..self.i], radix)
                    .ok_or_else(|| "bad literal".into())
            }
            _ => Err("unexpected token".into()),
        }
    }
}

/// The value of a bitwise problem: hexadecimal literals, `+ - *`, `<<`,
/// `>>` (Python's floor shift) and parentheses, with Python's precedence.
fn eval_bitwise(problem: &str, cx: &Context) -> Result<BigInt, Error> {
    if problem.len() > 65_536 {
        return Err(meta_err("the problem is too long"));
    }
    let mut p = Hex { s: problem.as_bytes(), i: 0, steps: 0 };
    let v = p.shift(0).map_err(|why| meta_err(format!("cannot evaluate the problem: {why}")))?;
    if p.peek().is_some() {
        return Err(meta_err("trailing text in the problem"));
    }
    cx.charge(p.steps + problem.len() as u64)?;
    Ok(v)
}

static HEX_ANSWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([+-]?)\s*0[xX]([0-9a-fA-F]+)$").expect("regex"));

/// Bitwise arithmetic: the exact value of the problem, written as the
/// question asks, in hexadecimal with a `0x` prefix and a sign for a
/// negative value (`-0x3`). reasoning-gym reads the answer with Python's
/// `int(answer, 0)`, so it also takes a decimal, an octal or a binary
/// answer; here a bare `10` is refused, since it is 16 or ten depending on
/// the base the reader assumes, and the question asks for hexadecimal.
pub(super) fn bitwise_arithmetic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let problem: String = e.field("problem")?;
    let truth = eval_bitwise(&problem, cx)?;
    let s = clean(text).replace('_', "");
    if s.len() > 20_000 {
        return wrong("the answer is far too long");
    }
    let Some(c) = HEX_ANSWER.captures(&s) else {
        return wrong("not a hexadecimal number with a 0x prefix");
    };
    let Some(mut v) = BigInt::parse_bytes(c[2].as_bytes(), 16) else {
        return wrong("not a hexadecimal number");
    };
    if &c[1] == "-" {
        v = -v;
    }
    let shown = if v.is_negative() { format!("-{:#x}", -&v) } else { format!("{v:#x}") };
    let truth_shown =
        if truth.is_negative() { format!("-{:#x}", -&truth) } else { format!("{truth:#x}") };
    Ok(Reward::from_bool(v == truth)
        .with_pred(shown)
        .with_detail(format!("the value is {truth_shown}")))
}

/// Count bits: the number of ones in the binary form of `number`.
pub(super) fn count_bits(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let n: u64 = e.field("number")?;
    exact(text, &int(n.count_ones()))
}

/// Count primes: the number of primes in `[start, end]`, by a sieve
/// charged to the budget.
pub(super) fn count_primes(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let start = e.uint("start")?;
    let end = e.uint("end")?;
    if end > MAX_PRIME_END || start > end {
        return Err(meta_err("`start`/`end` out of range"));
    }
    cx.charge(end / 8 + 1)?;
    let n = end as usize;
    let mut composite = vec![false; n + 1];
    let mut i = 2usize;
    while i * i <= n {
        if !composite[i] {
            let mut j = i * i;
            while j <= n {
                composite[j] = true;
                j += i;
            }
        }
        i += 1;
    }
    let count = (start.max(2) as usize..=n).filter(|&k| !composite[k]).count();
    exact(text, &int(count))
}

/// Decimal chain sum: the exact value of the `+`/`-` chain of decimals. A
/// value with fewer or more trailing zeros (`3.5`, `3.500`) is the same
/// number; a rounded one is not (the sum of decimals is exact).
pub(super) fn decimal_chain_sum(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expr: String = e.field("expression")?;
    cx.charge(expr.len() as u64)?;
    exact(text, &numeric::eval_expression(&expr)?)
}

/// Legs per animal, as in reasoning-gym's generator.
const LEGS: &[(&str, u64)] = &[
    ("snake", 0),
    ("sea slug", 0),
    ("jellyfish", 0),
    ("flatworm", 0),
    ("leech", 0),
    ("chicken", 2),
    ("bird", 2),
    ("human", 2),
    ("duck", 2),
    ("dog", 4),
    ("cat", 4),
    ("cow", 4),
    ("horse", 4),
    ("lion", 4),
    ("elephant", 4),
    ("giraffe", 4),
    ("tiger", 4),
    ("deer", 4),
    ("sheep", 4),
    ("starfish", 5),
    ("insect", 6),
    ("ant", 6),
    ("butterfly", 6),
    ("beetle", 6),
    ("bee", 6),
    ("wasp", 6),
    ("grasshopper", 6),
    ("cricket", 6),
    ("cockroach", 6),
    ("praying mantis", 6),
    ("firefly", 6),
    ("spider", 8),
    ("scorpion", 8),
    ("crab", 10),
    ("lobster", 10),
    ("shrimp", 10),
    ("woodlouse", 14),
];

/// Leg counting: the sum of count × legs over the instance's animals.
pub(super) fn leg_counting(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let animals: std::collections::BTreeMap<String, u64> = e.field("animals")?;
    let mut total = BigInt::zero();
    for (animal, count) in &animals {
        let legs = LEGS
            .iter()
            .find(|(a, _)| a == animal)
            .map(|&(_, l)| l)
            .ok_or_else(|| meta_err(format!("unknown animal `{animal}`")))?;
        total += BigInt::from(legs) * BigInt::from(*count);
    }
    exact(text, &int(total))
}

/// Reads a list of numbers: `['1.5', '-2']`, `[1.5, -2]`, `1.5, -2` (items
/// may be quoted); `[]` is the empty list (a bare empty answer is not).
/// Each item is a plain decimal literal.
fn read_list(text: &str) -> Option<Vec<BigRational>> {
    if text.len() > MAX_LIST {
        return None;
    }
    let s = crate::answer::strip_preamble(text).trim().trim_end_matches('.').trim();
    let inner = match s.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(t) => t.trim(),
        None if s.is_empty() => return None,
        None => s,
    };
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for item in inner.split(',') {
        if out.len() >= MAX_ITEMS {
            return None;
        }
        let item = item.trim();
        let item = ['\'', '"']
            .iter()
            .find_map(|&q| item.strip_prefix(q).and_then(|t| t.strip_suffix(q)))
            .unwrap_or(item)
            .trim();
        if !DECIMAL.is_match(item) || item.contains([',', ' ']) {
            return None;
        }
        out.push(literal(item)?.value);
    }
    Some(out)
}

fn show_list(v: &[BigRational]) -> String {
    let items: Vec<String> = v.iter().map(show).collect();
    format!("[{}]", items.join(", "))
}

/// The instance's numbers from a list of decimal strings.
fn string_numbers(e: &Entry, key: &str) -> Result<Vec<BigRational>, Error> {
    let v: Vec<String> = e.field(key)?;
    if v.len() > MAX_ITEMS {
        return Err(meta_err(format!("`{key}` is too long")));
    }
    v.iter()
        .map(|s| number(s).ok_or_else(|| meta_err(format!("`{s}` in `{key}` is not a number"))))
        .collect()
}

/// Number filtering: the original list, in order, with the numbers that
/// the operation drops removed. Items are compared by exact value (`5.10`
/// is `5.1`), in the original order. The default reasoning-gym grader
/// gives partial credit to any answer containing the gold list's text.
pub(super) fn number_filtering(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let numbers = string_numbers(e, "original_numbers")?;
    let filter: String = e.field("filter_value")?;
    let filter = number(&filter).ok_or_else(|| meta_err("`filter_value` is not a number"))?;
    let op: String = e.field("operation")?;
    let keep: fn(&BigRational, &BigRational) -> bool = match op.as_str() {
        "keep_larger" => |n, f| n > f,
        "keep_smaller" => |n, f| n < f,
        "remove_larger" => |n, f| n <= f,
        "remove_smaller" => |n, f| n >= f,
        _ => return Err(meta_err(format!("unknown operation `{op}`"))),
    };
    cx.charge((numbers.len() + text.len()) as u64)?;
    let truth: Vec<BigRational> = numbers.into_iter().filter(|n| keep(n, &filter)).collect();
    let Some(pred) = read_list(text) else { return wrong("not a list of numbers") };
    Ok(Reward::from_bool(pred == truth)
        .with_pred(show_list(&pred))
        .with_detail(format!("the filtered list is {}", show_list(&truth))))
}

/// Number sorting: the original numbers, each once, in the asked order.
/// Items are compared by exact value. reasoning-gym accepts any sorted list
/// of the right length whose items are each within 1 of the gold's, so a
/// list with a number changed by 0.5 (or a rounded list) passes there and
/// fails here.
pub(super) fn number_sorting(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let mut numbers = string_numbers(e, "original_numbers")?;
    let direction: String = e.field("direction")?;
    let ascending = match direction.as_str() {
        "ascending" => true,
        "descending" => false,
        _ => return Err(meta_err(format!("unknown direction `{direction}`"))),
    };
    cx.charge((numbers.len() + text.len()) as u64)?;
    numbers.sort();
    if !ascending {
        numbers.reverse();
    }
    let Some(pred) = read_list(text) else { return wrong("not a list of numbers") };
    Ok(Reward::from_bool(pred == numbers)
        .with_pred(show_list(&pred))
        .with_detail(format!("the sorted list is {}", show_list(&numbers))))
}

/// Number format: the largest or smallest candidate. The generator adds
/// two 3-decimal numbers in floats, so a candidate stored as
/// `400663084.49700004` means `400663084.497`: each candidate is its stored
/// value rounded to 3 decimals. The answer must be that value up to float
/// noise: within `max(1e-6, 1e-14 |value|)`, which takes the value, the
/// stored float (reasoning-gym's answer) and the question's printed forms
/// (`569,204,296.880000`, `5.692042968800000e+08`) and nothing else, since
/// candidates differ by at least 0.001. reasoning-gym accepts anything
/// within 0.01 of the float.
pub(super) fn number_format(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let candidates: Vec<Value> = e.field("candidates")?;
    let size: String = e.field("size")?;
    if candidates.is_empty() || candidates.len() > MAX_ITEMS {
        return Err(meta_err("bad `candidates`"));
    }
    cx.charge(candidates.len() as u64)?;
    let thousand = int(1000);
    let values = candidates
        .iter()
        .map(|c| {
            json_number(c)
                .map(|v| (v * &thousand).round() / &thousand)
                .ok_or_else(|| meta_err("a candidate is not a number"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let truth = match size.as_str() {
        "largest" => values.iter().max(),
        "smallest" => values.iter().min(),
        _ => return Err(meta_err(format!("unknown size `{size}`"))),
    }
    .ok_or_else(|| meta_err("no candidates"))?;
    let Some(pred) = number(text) else { return wrong("not a number") };
    let tol = (truth.abs() * BigRational::new(BigInt::one(), BigInt::from(10u64.pow(14))))
        .max(BigRational::new(BigInt::one(), BigInt::from(1_000_000)));
    Ok(Reward::from_bool((&pred - truth).abs() <= tol)
        .with_pred(show(&pred))
        .with_detail(format!("the {size} is {}", show(truth))))
}

/// Number sequence: the next term, the sequence's last in the metadata
/// (the rule that made it is named there; the question shows the terms
/// before it).
pub(super) fn number_sequence(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let seq: Vec<Value> = e.field("sequence")?;
    let last = seq
        .last()
        .and_then(json_number)
        .filter(BigRational::is_integer)
        .ok_or_else(|| meta_err("`sequence` does not end in an integer"))?;
    exact(text, &last)
}

/// `x` rounded to `sig` significant figures, half to even (Python's
/// `Decimal.quantize`); with `both`, both neighbours when `x` is exactly
/// halfway.
fn round_sig(x: &BigRational, sig: i64, both: bool) -> Vec<BigRational> {
    if x.is_zero() {
        return vec![BigRational::zero()];
    }
    let a = x.abs();
    // 10^e <= a < 10^(e+1).
    let mut e = a.numer().to_string().len() as i64 - a.denom().to_string().len() as i64;
    while pow10(e) > a {
        e -= 1;
    }
    while pow10(e + 1) <= a {
        e += 1;
    }
    let unit = pow10(e - sig + 1);
    let scaled = &a / &unit;
    let floor = scaled.floor();
    let frac = &scaled - &floor;
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    let sign = if x.is_negative() { -BigRational::one() } else { BigRational::one() };
    let at = |m: BigRational| &sign * m * &unit;
    match frac.cmp(&half) {
        std::cmp::Ordering::Less => vec![at(floor)],
        std::cmp::Ordering::Greater => vec![at(floor + BigRational::one())],
        std::cmp::Ordering::Equal if both => {
            vec![at(floor.clone()), at(floor + BigRational::one())]
        }
        std::cmp::Ordering::Equal => {
            let even = floor.to_integer().is_even();
            vec![at(if even { floor } else { floor + BigRational::one() })]
        }
    }
}

/// Power function: `base^exponent` to 3 significant figures, the
/// question's rule: the answer, rounded half to even to 3 significant
/// figures (as reasoning-gym rounds it), must equal the exact power so
/// rounded (either neighbour when the exact power is halfway). The answer
/// may be a decimal or in scientific notation. reasoning-gym gives 0.01 to
/// any wrong number; here it is 0.
pub(super) fn power_function(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let base = field_number(e, "base")?;
    let exponent: i64 = e.field("exponent")?;
    if exponent.unsigned_abs() > 64 || (base.is_zero() && exponent < 0) {
        return Err(meta_err("`exponent` out of range"));
    }
    cx.charge(64)?;
    let mut truth = num_traits::pow(base, exponent.unsigned_abs() as usize);
    if exponent < 0 {
        truth = truth.recip();
    }
    let Some(pred) = number(text) else { return wrong("not a number") };
    let want = round_sig(&truth, 3, true);
    let got = round_sig(&pred, 3, false);
    let ok = want.contains(&got[0]);
    let approx = want[0].to_f64().unwrap_or(f64::NAN);
    Ok(Reward::from_bool(ok)
        .with_pred(show(&pred))
        .with_detail(format!("to 3 significant figures the power is {approx:.3e}")))
}

/// Products: the exact integer product.
pub(super) fn products(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expr: String = e.field("expression")?;
    cx.charge(expr.len() as u64)?;
    exact(text, &numeric::eval_expression(&expr)?)
}

/// The probability of rolling `target` or more with dice of these sizes,
/// exactly.
fn dice_probability(sizes: &[u64], target: u64, cx: &Context) -> Result<BigRational, Error> {
    // ways[s] = the number of rolls with total s.
    let mut ways: Vec<BigInt> = vec![BigInt::one()];
    let mut outcomes = BigInt::one();
    for &d in sizes {
        cx.charge(ways.len() as u64 * d)?;
        let mut next = vec![BigInt::zero(); ways.len() + d as usize];
        for (s, w) in ways.iter().enumerate() {
            if w.is_zero() {
                continue;
            }
            for face in 1..=d as usize {
                next[s + face] += w;
            }
        }
        ways = next;
        outcomes *= BigInt::from(d);
    }
    let hits: BigInt = ways.iter().skip(target as usize).sum();
    Ok(BigRational::new(hits, outcomes))
}

static DIE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^1d(\d{1,4})$").expect("regex"));

/// Dice: the probability of rolling at least the target, as the question
/// asks, a reduced fraction `a/b` (a whole number when it is 0 or 1). An
/// unreduced fraction or a decimal is wrong. reasoning-gym compares the
/// text with the stored fraction.
pub(super) fn dice(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle = e.get("puzzle")?;
    let dice_str = puzzle
        .get("dice_str")
        .and_then(Value::as_str)
        .ok_or_else(|| meta_err("`puzzle.dice_str` missing"))?;
    let target = puzzle
        .get("target")
        .and_then(Value::as_u64)
        .ok_or_else(|| meta_err("`puzzle.target` missing"))?;
    let sizes = dice_str
        .split(',')
        .map(|d| {
            DIE.captures(d.trim())
                .and_then(|c| c[1].parse::<u64>().ok())
                .filter(|&s| s >= 1)
                .ok_or_else(|| meta_err(format!("bad die `{d}`")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if sizes.is_empty() || sizes.len() > 64 || target > 100_000 {
        return Err(meta_err("too many dice"));
    }
    let truth = dice_probability(&sizes, target, cx)?;
    let Some(pred) = literal(text) else {
        return wrong("not a reduced fraction");
    };
    if pred.places > 0 || (!pred.fraction && !pred.value.is_integer()) {
        return wrong("a decimal, not a fraction");
    }
    Ok(Reward::from_bool(pred.value == truth)
        .with_pred(show(&pred.value))
        .with_detail(format!("the probability is {}", show(&truth))))
}

/// A complex number `a + bi` read from an answer: `-15 + 3i`,
/// `(-15.0+3.0i)`, `3i`, `-i`, `7`, `4 - 2*i`, `2 + 3j`; each part a
/// decimal literal.
fn read_complex(text: &str) -> Option<(BigRational, BigRational)> {
    let s = clean(text);
    if s.len() > 200 {
        return None;
    }
    let mut s: String =
        s.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('j', "i");
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].to_owned();
    }
    let s = s.replace("*i", "i");
    let part = |p: &str| -> Option<BigRational> {
        if !DECIMAL.is_match(p) || p.contains(',') {
            return None;
        }
        literal(p).map(|l| l.value)
    };
    let Some(body) = s.strip_suffix('i') else {
        return Some((part(&s)?, BigRational::zero()));
    };
    // The split between the parts: the last sign that is not the first
    // character.
    let split = body.char_indices().skip(1).filter(|&(_, c)| c == '+' || c == '-').last();
    let (re, im) = match split {
        Some((k, _)) => (part(&body[..k])?, &body[k..]),
        None => (BigRational::zero(), body),
    };
    let im = match im {
        "" | "+" => BigRational::one(),
        "-" => -BigRational::one(),
        other => part(other)?,
    };
    Some((re, im))
}

fn show_complex(re: &BigRational, im: &BigRational) -> String {
    let sign = if im.is_negative() { '-' } else { '+' };
    format!("{} {sign} {}i", show(re), show(&im.abs()))
}

/// Complex arithmetic: the exact result of `num1 op num2`, as `a + bi`.
/// reasoning-gym scores `exp(-distance)`, so an answer 1 away earns 0.37;
/// here only the exact value counts.
pub(super) fn complex_arithmetic(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let pair = |key: &str| -> Result<(BigRational, BigRational), Error> {
        let v: Vec<Value> = e.field(key)?;
        match v.as_slice() {
            [a, b] => Ok((
                json_number(a).ok_or_else(|| meta_err("not a number"))?,
                json_number(b).ok_or_else(|| meta_err("not a number"))?,
            )),
            _ => Err(meta_err(format!("`{key}` is not a pair"))),
        }
    };
    let (a, b) = pair("num1")?;
    let (c, d) = pair("num2")?;
    let op: String = e.field("operation")?;
    let (re, im) = match op.as_str() {
        "+" => (&a + &c, &b + &d),
        "-" => (&a - &c, &b - &d),
        "*" => (&a * &c - &b * &d, &a * &d + &b * &c),
        "/" => {
            let n = &c * &c + &d * &d;
            if n.is_zero() {
                return Err(meta_err("division by zero"));
            }
            ((&a * &c + &b * &d) / &n, (&b * &c - &a * &d) / &n)
        }
        _ => return Err(meta_err(format!("unknown operation `{op}`"))),
    };
    let Some((pr, pi)) = read_complex(text) else { return wrong("not a complex number a + bi") };
    Ok(Reward::from_bool(pr == re && pi == im)
        .with_pred(show_complex(&pr, &pi))
        .with_detail(format!("the result is {}", show_complex(&re, &im))))
}

/// GSM-symbolic: the stored numeric answer, exactly (the instance is a
/// word problem whose values are in the metadata but whose formula is
/// not). reasoning-gym reads the *first* number in the answer, so `288 or
/// 290` passes there and fails here.
pub(super) fn gsm_symbolic(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let gold = e.gold()?;
    let truth = number(gold).ok_or_else(|| meta_err("the stored answer is not a number"))?;
    exact(text, &truth)
}

/// Simple equations: a value of the variable that satisfies the linear
/// equation, substituted exactly (`x = 4` and `4` are both read; a
/// fraction is read when the root is not whole).
pub(super) fn simple_equations(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let equation: String = e.field("equation")?;
    let var: String = e.field("variable")?;
    let (lhs, rhs) = equation.split_once('=').ok_or_else(|| meta_err("not an equation"))?;
    let vars = [var.as_str()];
    let parse = |s: &str| {
        polynomial::parse(s, &vars, cx)
            .map_err(|why| meta_err(format!("cannot read the equation: {why}")))
    };
    let p: Poly = parse(lhs)? - parse(rhs)?;
    if p.degree() != 1 {
        return Err(meta_err("the equation is not linear"));
    }
    let s = clean(text);
    let value_text =
        s.split_once('=').filter(|(l, _)| l.trim() == var).map_or(s.as_str(), |(_, r)| r).trim();
    let Some(v) = number(value_text) else { return wrong("not a number") };
    let ok = p.eval1(&v).is_zero();
    Ok(Reward::from_bool(ok).with_pred(show(&v)).with_detail(if ok {
        "the value satisfies the equation"
    } else {
        "the value does not satisfy the equation"
    }))
}

/// Simple geometry: the missing interior angle, `180 (n - 2)` less the
/// known angles, exactly; a degree sign or the word "degrees" is allowed.
/// reasoning-gym's default grader gives partial credit to any answer that
/// contains the gold (`1234` for `23`).
pub(super) fn simple_geometry(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let n = e.uint("n_sides")?;
    let known: Vec<Value> = e.field("known_angles")?;
    if !(3..=10_000).contains(&n) || known.len() as u64 + 1 != n {
        return Err(meta_err("bad `n_sides` or `known_angles`"));
    }
    cx.charge(n)?;
    let mut truth = int(180 * (n - 2));
    for a in &known {
        truth -= json_number(a).ok_or_else(|| meta_err("an angle is not a number"))?;
    }
    let s = clean(text);
    let s = s
        .trim_end_matches("degrees")
        .trim_end()
        .trim_end_matches('°')
        .trim_end_matches("^{\\circ}")
        .trim_end_matches("^\\circ")
        .trim();
    exact(s, &truth)
}
