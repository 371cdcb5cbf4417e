//! Number literals: every written form of a real number we read, as an
//! exact rational plus the precision the literal shows.

use std::fmt;
use std::sync::OnceLock;

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::tag;
use nom::character::complete::{digit1, one_of};
use nom::combinator::{opt, recognize};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The most digits one literal may have (a 20,000-digit integer is fine).
pub(crate) const MAX_DIGITS: usize = 100_000;
/// The largest decimal exponent `1e…` we expand exactly.
const MAX_EXP: i64 = 10_000;

/// Plain integers with more digits than this keep their digits and are
/// converted to a big integer only when arithmetic needs the value: two
/// such literals compare by their digits (a 20,000-digit conversion costs
/// hundreds of microseconds).
const LAZY_DIGITS: usize = 256;

/// A literal's exact value, computed now or on first use.
#[derive(Debug, Clone)]
enum LitValue {
    Ready(BigRational),
    /// From the literal's `raw` digits.
    Deferred(OnceLock<BigRational>),
}

/// A number literal as written.
#[derive(Debug, Clone)]
pub(crate) struct Lit {
    val: LitValue,
    /// Decimal places shown (`0.50` shows 2, `1.5e3` shows -2); `None` for
    /// integers and repeating decimals, which are exact.
    pub(crate) places: Option<i64>,
    /// Significant digits shown.
    pub(crate) sig: u32,
    /// The digits of a plain integer literal (no separators, exponent or
    /// point), for base subscripts and the `\frac12` shorthand.
    pub(crate) raw: Option<String>,
}

/// Equal values (and equal shown precision); two plain integers compare
/// by their digits, without converting them.
impl PartialEq for Lit {
    fn eq(&self, o: &Self) -> bool {
        if self.places != o.places || self.sig != o.sig {
            return false;
        }
        match (self.plain_digits(), o.plain_digits()) {
            (Some(a), Some(b)) => a == b,
            _ => self.value() == o.value(),
        }
    }
}

impl Eq for Lit {}

impl Lit {
    /// A literal with a known value.
    pub(crate) fn exact(
        value: BigRational,
        places: Option<i64>,
        sig: u32,
        raw: Option<String>,
    ) -> Self {
        Self { val: LitValue::Ready(value), places, sig, raw }
    }

    /// A plain integer literal.
    pub(crate) fn integer(digits: &str) -> Option<Self> {
        if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.is_empty() {
            return None;
        }
        let raw = Some(digits.to_owned());
        let sig = sig_digits(digits, "");
        if digits.len() > LAZY_DIGITS {
            return Some(Self { val: LitValue::Deferred(OnceLock::new()), places: None, sig, raw });
        }
        let n = BigInt::parse_bytes(digits.as_bytes(), 10)?;
        Some(Self::exact(BigRational::from_integer(n), None, sig, raw))
    }

    /// The exact value.
    pub(crate) fn value(&self) -> &BigRational {
        match &self.val {
            LitValue::Ready(v) => v,
            LitValue::Deferred(cell) => cell.get_or_init(|| {
                // `raw` holds ASCII digits only (checked when built), so
                // the conversion cannot fail; zero is never reached.
                let digits = self.raw.as_deref().unwrap_or("0");
                BigRational::from_integer(parse_decimal(digits.as_bytes()).unwrap_or_default())
            }),
        }
    }

    /// The digits of a plain integer without leading zeros.
    pub(crate) fn plain_digits(&self) -> Option<&str> {
        let raw = self.raw.as_deref()?;
        let t = raw.trim_start_matches('0');
        Some(if t.is_empty() { "0" } else { t })
    }

    /// Half a unit in the last shown place, when the literal is a rounded
    /// decimal.
    pub(crate) fn radius(&self) -> Option<f64> {
        // Past 320 places the radius is below every float: such a literal
        // is compared exactly (no tolerance), never more loosely.
        self.places.map(|p| if p > 320 { 0.0 } else { 0.5 * 10f64.powi(-(p.max(-300) as i32)) })
    }
}

fn sig_digits(int: &str, frac: &str) -> u32 {
    let all = int.bytes().chain(frac.bytes()).skip_while(|&b| b == b'0').count();
    u32::try_from(all.max(1)).unwrap_or(u32::MAX)
}

type Res<'a, T> = IResult<&'a str, T>;

/// Separators allowed between groups of three digits.
const THOUSANDS: [&str; 12] =
    [",\\! ", ",\\!", ",", "{,}", "{, }", " {, }", "\\,", "\\!", "~", " ", "\\ ", "\\;"];

/// One group of exactly three digits after a separator `sep`, not
/// followed by another digit.
fn group<'a>(i: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let rest = i.strip_prefix(sep)?;
    let b = rest.as_bytes();
    if b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
    {
        Some((&rest[3..], &rest[..3]))
    } else {
        None
    }
}

fn overline(i: &str) -> Res<'_, &str> {
    let (i, _) = tag("\\overline").parse(i)?;
    let (i, _) = opt(tag(" ")).parse(i)?;
    let braced: Res<'_, &str> = nom::sequence::delimited(tag("{"), digit1, tag("}")).parse(i);
    if let Ok((i, d)) = braced {
        return Ok((i, d));
    }
    recognize(one_of("0123456789")).parse(i)
}

/// `e3`, `E+3`, `e-3`; the minus may also be U+2212 or an en dash, as
/// the lexer reads them elsewhere (`1.5e−3`).
fn exponent(i: &str) -> Res<'_, i64> {
    let (i, _) = one_of("eE").parse(i)?;
    let (i, sign) = match i.chars().next() {
        Some(c @ ('-' | '\u{2212}' | '\u{2013}')) => (&i[c.len_utf8()..], "-"),
        Some('+') => (&i[1..], ""),
        _ => (i, ""),
    };
    let (i, d) = digit1(i)?;
    let e = format!("{sign}{d}").parse::<i64>().unwrap_or(i64::MAX);
    Ok((i, e))
}

/// Reads a number literal at the start of `i`: digits with thousands
/// separators (`1,234`, `1\,234`, `1{,}234`, `1 234`), a decimal point or
/// a decimal comma after a zero (`0,5`, `3{,}5`), a leading dot, a
/// repeating part (`0.\overline{3}`) and an exponent (`1e3`). A bare
/// decimal comma (`0,5`) is read only when `decimal_comma` is set.
pub(crate) fn number(input: &str, decimal_comma: bool) -> Res<'_, Lit> {
    let comma_ok = decimal_comma;
    let fail = || nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit));
    let (mut i, int) = opt(digit1).parse(input)?;
    let int = int.unwrap_or("");
    // Fast path: a short plain integer that nothing can continue (no
    // separator, point, exponent or repeating part may follow).
    if !int.is_empty()
        && int.len() <= 18
        && !i.starts_with([',', '.', '{', '\\', '~', ' ', 'e', 'E'])
        && let Ok(n) = int.parse::<u64>()
    {
        return Ok((
            i,
            Lit::exact(
                BigRational::from_integer(BigInt::from(n)),
                None,
                sig_digits(int, ""),
                Some(int.to_owned()),
            ),
        ));
    }
    let mut digits = int.to_owned();
    let mut grouped = false;
    if !int.is_empty() && int.len() <= 3 && !int.starts_with('0') {
        'seps: for sep in THOUSANDS {
            let mut j = i;
            let mut more = String::new();
            while let Some((rest, g)) = group(j, sep) {
                more.push_str(g);
                j = rest;
            }
            if !more.is_empty() {
                digits.push_str(&more);
                i = j;
                grouped = true;
                break 'seps;
            }
        }
    }
    let mut frac = "";
    let mut point = false;
    let decimal_comma = |s: &str| -> Option<usize> {
        if grouped {
            return None;
        }
        if s.starts_with("{,}") {
            Some(3)
        } else if s.starts_with(',') && int == "0" && comma_ok {
            Some(1)
        } else {
            None
        }
    };
    if let Some(rest) = i.strip_prefix('.') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) || rest.starts_with("\\overline") {
            point = true;
            i = rest;
        }
    } else if let Some(n) = decimal_comma(i)
        && i[n..].starts_with(|c: char| c.is_ascii_digit())
    {
        point = true;
        i = &i[n..];
    }
    if point {
        let (rest, f) = opt(digit1).parse(i)?;
        frac = f.unwrap_or("");
        i = rest;
    }
    if int.is_empty() && frac.is_empty() && !point {
        return Err(fail());
    }
    let mut repeating = "";
    if point && let Ok((rest, r)) = overline(i) {
        repeating = r;
        i = rest;
    }
    if int.is_empty() && frac.is_empty() && repeating.is_empty() {
        return Err(fail());
    }
    let mut exp = 0i64;
    if let Ok((rest, e)) = exponent(i) {
        if e.abs() > MAX_EXP {
            return Err(nom::Err::Failure(nom::error::Error::new(
                input,
                nom::error::ErrorKind::TooLarge,
            )));
        }
        exp = e;
        i = rest;
    }
    if digits.len() + frac.len() + repeating.len() > MAX_DIGITS {
        return Err(nom::Err::Failure(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    if !point && !grouped && exp == 0 && int.len() > LAZY_DIGITS {
        return Lit::integer(int).map(|l| (i, l)).ok_or_else(fail);
    }
    let whole: String = [digits.as_str(), frac].concat();
    let n = if whole.is_empty() {
        BigInt::zero()
    } else {
        parse_decimal(whole.as_bytes()).ok_or_else(fail)?
    };
    // Integers are built without any gcd: num-rational's reduction of a
    // 20,000-digit number against 1 is quadratic.
    let ten = BigInt::from(10);
    let frac_len = u32::try_from(frac.len()).map_err(|_| fail())?;
    let scale = num_traits::pow(ten.clone(), exp.unsigned_abs() as usize);
    let mut value = if repeating.is_empty() {
        // n · 10^(exp - frac_len), reduced by its factors 2 and 5 only.
        let e = exp - i64::from(frac_len);
        if e >= 0 {
            BigRational::from_integer(n * num_traits::pow(ten, e.unsigned_abs() as usize))
        } else {
            decimal_ratio(n, u32::try_from(e.unsigned_abs()).map_err(|_| fail())?)
        }
    } else {
        let mut v = BigRational::new(n, num_traits::pow(ten.clone(), frac_len as usize));
        if !repeating.is_empty() {
            let r = parse_decimal(repeating.as_bytes()).ok_or_else(fail)?;
            let den = (num_traits::pow(ten.clone(), repeating.len()) - BigInt::one())
                * num_traits::pow(ten, frac_len as usize);
            v += BigRational::new(r, den);
        }
        if exp > 0 {
            v *= BigRational::from_integer(scale);
        } else if exp < 0 {
            v /= BigRational::from_integer(scale);
        }
        v
    };
    if value.is_zero() {
        value = BigRational::zero();
    }
    let places = (point && repeating.is_empty()).then(|| i64::from(frac_len) - exp);
    let raw = (!point && !grouped && exp == 0 && i.len() + int.len() == input.len())
        .then(|| int.to_owned());
    Ok((i, Lit::exact(value, places, sig_digits(&digits, frac), raw)))
}

/// `n / 10^k` in lowest terms. The only common factors are 2 and 5, so
/// the reduction shifts out trailing zero bits and divides by 5 while it
/// can: no general gcd, which is quadratic on a 50,000-digit decimal.
fn decimal_ratio(n: BigInt, k: u32) -> BigRational {
    if n.is_zero() {
        return BigRational::zero();
    }
    let mut n = n;
    let twos = u32::try_from(n.trailing_zeros().unwrap_or(0).min(u64::from(k))).unwrap_or(0);
    n >>= twos;
    // Fives in blocks of 27 (5^27 fits a word), then one at a time.
    let mut fives = 0u32;
    for (step, d) in [(27u32, 5u64.pow(27)), (1, 5)] {
        let d = BigInt::from(d);
        while fives + step <= k {
            let (q, r) = n.div_rem(&d);
            if !r.is_zero() {
                break;
            }
            n = q;
            fives += step;
        }
    }
    let den =
        (BigInt::one() << (k - twos)) * num_traits::pow(BigInt::from(5u32), (k - fives) as usize);
    BigRational::new_raw(n, den)
}

/// Decimal digits to an integer, splitting long runs in halves so that the
/// cost is that of a few big multiplications rather than quadratic.
pub(crate) fn parse_decimal(digits: &[u8]) -> Option<BigInt> {
    const CHUNK: usize = 512;
    if digits.len() <= CHUNK {
        return BigInt::parse_bytes(digits, 10);
    }
    let mid = digits.len() / 2;
    let (hi, lo) = digits.split_at(mid);
    let scale = BigInt::from(10u32).pow(u32::try_from(lo.len()).ok()?);
    Some(parse_decimal(hi)? * scale + parse_decimal(lo)?)
}

/// A real number read from text, exactly.
///
/// Returned by [`parse_number`](crate::parse_number). It keeps the exact
/// value (an arbitrary-precision rational) and, for a decimal literal, how
/// many decimal places it shows, which is what the equivalence engine uses
/// to decide how close a rounded answer must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub(crate) value: BigRational,
    pub(crate) places: Option<i64>,
    pub(crate) sig: u32,
}

impl Number {
    /// The value as the nearest `f64` (infinite when out of range).
    ///
    /// # Example
    /// ```
    /// let n = rlvr_math::parse_number("1{,}5").ok_or("no number")?;
    /// assert_eq!(n.to_f64(), 1.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_f64(&self) -> f64 {
        self.value.to_f64().unwrap_or(if self.value.is_negative() {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        })
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        self.value.is_integer()
    }

    /// The decimal places a rounded decimal literal shows (`2.50` → 2,
    /// `1.5e3` → -2); `None` when the number is exact (an integer, a
    /// fraction, a repeating decimal, or the result of arithmetic).
    pub fn decimal_places(&self) -> Option<i64> {
        self.places
    }

    /// Significant digits the literal shows.
    pub fn significant_digits(&self) -> u32 {
        self.sig
    }

    /// The exact value's numerator and denominator in lowest terms, as
    /// decimal strings (the denominator is positive).
    ///
    /// # Example
    /// ```
    /// let n = rlvr_math::parse_number("0.\\overline{3}").ok_or("no number")?;
    /// assert_eq!(n.fraction(), ("1".to_owned(), "3".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fraction(&self) -> (String, String) {
        (self.value.numer().to_string(), self.value.denom().to_string())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_integer() {
            write!(f, "{}", self.value.numer())
        } else {
            write!(f, "{}/{}", self.value.numer(), self.value.denom())
        }
    }
}

#[cfg(test)]
mod tests;
