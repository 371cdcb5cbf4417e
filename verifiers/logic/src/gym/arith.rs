//! The 24 game and countdown: the expression is parsed exactly, in
//! rationals, with `+ - * /` and parentheses only. The multiset of numbers
//! written must equal the given numbers, division must be exact in
//! rationals (no float tolerance), and the value must equal the target.
//!
//! Nothing is evaluated but this grammar: `9**9**9**9`, `__import__(...)`,
//! names and decimals are parse errors, and integers are bounded, so an
//! exploit answer costs microseconds.

use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};

/// Nesting limit of parentheses and unary signs.
const MAX_DEPTH: usize = 64;
/// The largest integer literal, in digits.
const MAX_DIGITS: usize = 12;

/// An exact rational `num / den` with `den > 0` and `gcd(num, den) = 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

impl Ratio {
    fn int(n: i128) -> Self {
        Self { num: n, den: 1 }
    }

    fn new(num: i128, den: i128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (num, den) = (num / g, den / g);
        Some(if den < 0 {
            Self { num: num.checked_neg()?, den: den.checked_neg()? }
        } else {
            Self { num, den }
        })
    }

    /// The numerator and denominator.
    #[cfg(test)]
    pub(crate) fn parts(self) -> (i128, i128) {
        (self.num, self.den)
    }

    fn add(self, o: Self) -> Option<Self> {
        Self::new(
            self.num.checked_mul(o.den)?.checked_add(o.num.checked_mul(self.den)?)?,
            self.den.checked_mul(o.den)?,
        )
    }

    fn neg(self) -> Option<Self> {
        Some(Self { num: self.num.checked_neg()?, den: self.den })
    }

    fn mul(self, o: Self) -> Option<Self> {
        Self::new(self.num.checked_mul(o.num)?, self.den.checked_mul(o.den)?)
    }

    fn div(self, o: Self) -> Option<Self> {
        Self::new(self.num.checked_mul(o.den)?, self.den.checked_mul(o.num)?)
    }
}

/// A parsed expression: its exact value and the integers it uses.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) value: Ratio,
    pub(crate) numbers: Vec<i128>,
}

/// Why an expression was rejected.
pub(crate) type ParseError = String;

/// Parses and evaluates an arithmetic expression exactly.
pub(crate) fn eval(text: &str) -> Result<Parsed, ParseError> {
    let mut norm = String::with_capacity(text.len());
    let t = text.replace("\\times", "*").replace("\\cdot", "*").replace("\\div", "/");
    for ch in t.chars() {
        match ch {
            '×' | '·' | '∗' | 'x' | 'X' => norm.push('*'),
            '÷' => norm.push('/'),
            '−' | '–' => norm.push('-'),
            '$' | '\\' => {}
            '{' => norm.push('('),
            '}' => norm.push(')'),
            c => norm.push(c),
        }
    }
    let mut p = P { s: norm.as_bytes(), i: 0, numbers: Vec::new() };
    let value = p.expr(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("unexpected `{}`", char::from(p.s[p.i])));
    }
    Ok(Parsed { value, numbers: p.numbers })
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
    numbers: Vec<i128>,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn expr(&mut self, depth: usize) -> Result<Ratio, ParseError> {
        let mut acc = self.term(depth)?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.i += 1;
            let rhs = self.term(depth)?;
            let rhs = if op == b'-' { rhs.neg() } else { Some(rhs) };
            acc = rhs.and_then(|r| acc.add(r)).ok_or("overflow")?;
        }
        Ok(acc)
    }

    fn term(&mut self, depth: usize) -> Result<Ratio, ParseError> {
        let mut acc = self.factor(depth)?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.i += 1;
            if self.peek() == Some(op) {
                return Err(format!("`{0}{0}` is not allowed", char::from(op)));
            }
            let rhs = self.factor(depth)?;
            acc = if op == b'*' {
                acc.mul(rhs).ok_or("overflow")?
            } else {
                acc.div(rhs).ok_or("division by zero or overflow")?
            };
        }
        Ok(acc)
    }

    fn factor(&mut self, depth: usize) -> Result<Ratio, ParseError> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_owned());
        }
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                self.factor(depth + 1)?.neg().ok_or_else(|| "overflow".to_owned())
            }
            Some(b'+') => {
                self.i += 1;
                self.factor(depth + 1)
            }
            Some(b'(' | b'[') => {
                let close = if self.s[self.i] == b'(' { b')' } else { b']' };
                self.i += 1;
                let v = self.expr(depth + 1)?;
                if self.peek() != Some(close) {
                    return Err("unbalanced parentheses".to_owned());
                }
                self.i += 1;
                Ok(v)
            }
            Some(b'0'..=b'9') => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                    self.i += 1;
                }
                if self.i - start > MAX_DIGITS {
                    return Err("number too long".to_owned());
                }
                if self.s.get(self.i) == Some(&b'.') {
                    return Err("decimals are not allowed".to_owned());
                }
                let digits =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                let n: i128 = digits.parse().map_err(|_| "bad number".to_owned())?;
                self.numbers.push(n);
                Ok(Ratio::int(n))
            }
            Some(c) => Err(format!("unexpected `{}`", char::from(c))),
            None => Err("unexpected end".to_owned()),
        }
    }
}

/// Checks an expression against the numbers and the target.
fn check(text: &str, numbers: &[i128], target: i128) -> Reward {
    // `expr = target` is accepted as `expr`, any other `=` is not.
    let expr = match text.split_once('=') {
        Some((lhs, rhs))
            if rhs.trim().trim_end_matches('.').parse::<i128>().ok() == Some(target) =>
        {
            lhs
        }
        Some(_) => return Reward::incorrect().with_detail("an equation, not an expression"),
        None => text,
    };
    let expr = expr.trim().trim_end_matches('.');
    let parsed = match eval(expr) {
        Ok(p) => p,
        Err(why) => {
            return Reward::incorrect()
                .with_pred(expr)
                .with_detail(format!("not an arithmetic expression: {why}"));
        }
    };
    let mut used = parsed.numbers.clone();
    let mut given = numbers.to_vec();
    used.sort_unstable();
    given.sort_unstable();
    if used != given {
        return Reward::incorrect()
            .with_pred(expr)
            .with_detail(format!("uses {used:?}, must use exactly {given:?}"));
    }
    if parsed.value != Ratio::int(target) {
        let v = parsed.value;
        let shown = if v.den == 1 { v.num.to_string() } else { format!("{}/{}", v.num, v.den) };
        return Reward::incorrect()
            .with_pred(expr)
            .with_detail(format!("evaluates to {shown}, not {target}"));
    }
    Reward::correct().with_pred(expr)
}

/// The 24 game: all four numbers once each, value exactly 24.
pub(super) fn puzzle24(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let numbers: Vec<i128> = e.field("numbers")?;
    if numbers.is_empty() || numbers.len() > 16 {
        return Err(meta_err("bad `numbers`"));
    }
    cx.charge(text.len() as u64)?;
    Ok(check(text, &numbers, 24))
}

/// Countdown: every given number once, value exactly the target (the
/// prompt says "using all of these numbers", as reasoning-gym's scorer
/// requires).
pub(super) fn countdown(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let numbers: Vec<i128> = e.field("numbers")?;
    let target: i128 = e.field("target")?;
    if numbers.is_empty() || numbers.len() > 32 {
        return Err(meta_err("bad `numbers`"));
    }
    cx.charge(text.len() as u64)?;
    Ok(check(text, &numbers, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact() {
        let eval = |text: &str| eval(text).ok().map(|p| p.value.parts());
        assert_eq!(eval("8 / (3 - 8 / 3)"), Some((24, 1)));
        assert_eq!(eval("1 / 3 + 1 / 3 + 1 / 3"), Some((1, 1)));
        assert_eq!(eval("2 * -3"), Some((-6, 1)));
        assert_eq!(eval("1 / 0"), None);
        assert_eq!(eval("2 ** 3"), None);
        assert_eq!(eval("1.5 * 2"), None);
    }
}
