//! Comparing a program's stdout with the expected output (on the host).

/// How a program's standard output is compared with the expected output.
///
/// # Example
/// ```
/// use rlvr_code::Compare;
/// let fuzzy = Compare::default();
/// assert!(fuzzy.matches("YES\n0.3333333\n", "yes\r\n0.33333333"));
/// assert!(!fuzzy.matches("1 2", "1 2 3"));
/// assert!(Compare::Rstrip.matches("42 \n\n", "42"));
/// assert!(!Compare::Exact.matches("42\n", "42"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Compare {
    /// Byte-for-byte equality.
    Exact,
    /// Equality after removing trailing whitespace (verl's `sandbox_fusion`
    /// compares `rstrip("\n")`; this also drops trailing spaces).
    Rstrip,
    /// The reference (Guru `coder1`) fuzzy comparison, with its float rule
    /// fixed: `\r\n` is read as `\n` and the outputs are stripped; then equal
    /// text passes, else both need the same number of lines, each line the
    /// same number of whitespace-separated tokens, and each token must be
    /// equal, or both `yes`/`no` in any case, or both numbers that are close.
    ///
    /// **Numbers (differs from the reference).** The reference accepts two
    /// float tokens when `|a - b| <= 1e-6`, absolute only: large values
    /// printed with a different rounding never match (`1e12` vs
    /// `1000000000000.5`), integers beyond 2^53 compare equal when they
    /// differ (both round to the same float), and every pair of tiny
    /// values matches. Here:
    /// - when the **expected** token is an integer (`[+-]?\d+`, any size),
    ///   the answer must denote that integer exactly: its decimal value is
    ///   compared exactly, never through `f64` (`7`, `007`, `7.0` and
    ///   `7e0` are 7; `1000000100000.0` is not `1000000000000`, `1e18` is
    ///   not `999999999999999999`). Tolerance is for floats only;
    /// - when the expected token is another finite number, the answer
    ///   matches when `|a - b| <= abs` **or** `|a - b| <= rel * |expected|`
    ///   (the usual "absolute or relative error" judge rule);
    /// - `nan`/`inf` tokens only match themselves, textually.
    Fuzzy(Tolerance),
}

impl Default for Compare {
    fn default() -> Self {
        Self::Fuzzy(Tolerance::default())
    }
}

/// Float tolerance of [`Compare::Fuzzy`].
///
/// # Example
/// ```
/// use rlvr_code::{Compare, Tolerance};
/// let c = Compare::Fuzzy(Tolerance::new(1e-6, 1e-6));
/// assert!(c.matches("1000000000000.5", "1e12"));
/// assert!(!c.matches("9007199254740993", "9007199254740992"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Tolerance {
    /// Absolute tolerance.
    pub abs: f64,
    /// Relative tolerance (relative to the expected value).
    pub rel: f64,
}

impl Tolerance {
    /// A tolerance.
    pub fn new(abs: f64, rel: f64) -> Self {
        Self { abs, rel }
    }
}

impl Default for Tolerance {
    /// `abs = rel = 1e-6`.
    fn default() -> Self {
        Self { abs: 1e-6, rel: 1e-6 }
    }
}

impl Compare {
    /// Whether `actual` (the program's stdout) matches `expected`.
    pub fn matches(&self, actual: &str, expected: &str) -> bool {
        match self {
            Self::Exact => actual == expected,
            Self::Rstrip => actual.trim_end() == expected.trim_end(),
            Self::Fuzzy(tol) => fuzzy(actual, expected, *tol),
        }
    }
}

fn fuzzy(actual: &str, expected: &str, tol: Tolerance) -> bool {
    let a = actual.replace("\r\n", "\n");
    let e = expected.replace("\r\n", "\n");
    let (a, e) = (a.trim(), e.trim());
    if a == e {
        return true;
    }
    let (al, el): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), e.split('\n').collect());
    if al.len() != el.len() {
        return false;
    }
    al.iter().zip(&el).all(|(la, le)| {
        let (ta, te): (Vec<&str>, Vec<&str>) =
            (la.split_whitespace().collect(), le.split_whitespace().collect());
        ta.len() == te.len() && ta.iter().zip(&te).all(|(x, y)| token_eq(x, y, tol))
    })
}

fn token_eq(a: &str, b: &str, tol: Tolerance) -> bool {
    if a == b {
        return true;
    }
    let yes_no = |s: &str| s.eq_ignore_ascii_case("yes") || s.eq_ignore_ascii_case("no");
    if yes_no(a) && yes_no(b) {
        return a.eq_ignore_ascii_case(b);
    }
    if is_integer(b) {
        // Exact: the answer's decimal value must be this integer.
        return match (Decimal::parse(a), Decimal::parse(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        };
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => {
            let d = (x - y).abs();
            d <= tol.abs || d <= tol.rel * y.abs()
        }
        _ => false,
    }
}

/// Whether a token is an integer (`[+-]?\d+`).
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The exact value of a decimal token (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)
/// as `±digits × 10^exp`, normalized (no leading or trailing zeros in
/// `digits`; zero is `+ "" × 10^0`), so that two tokens denote the same
/// number exactly when their `Decimal`s are equal. No `f64` involved.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exp: i128,
}

impl Decimal {
    fn parse(s: &str) -> Option<Self> {
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], exponent(&rest[i + 1..])?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let all = format!("{int}{frac}");
        let significant = all.trim_start_matches('0');
        let digits = significant.trim_end_matches('0');
        if digits.is_empty() {
            return Some(Self { negative: false, digits: String::new(), exp: 0 });
        }
        let trailing = significant.len() - digits.len();
        // Lengths fit in i128 with room to spare.
        let exp = exp - frac.len() as i128 + trailing as i128;
        Some(Self { negative, digits: digits.to_owned(), exp })
    }
}

/// An exponent (`[+-]?\d+`), saturated far beyond any token's length (a
/// saturated exponent never equals that of an integer token).
fn exponent(s: &str) -> Option<i128> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cap: i128 = 1 << 80;
    let v = digits.bytes().fold(0i128, |v, b| (v * 10 + i128::from(b - b'0')).min(cap));
    Some(if negative { -v } else { v })
}

/// A finite number token (decimal notation only: no `inf`, `nan`, hex).
fn number(s: &str) -> Option<f64> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_the_reference_on_common_cases() {
        let c = Compare::default();
        assert!(c.matches("3\n", "3"));
        assert!(c.matches("a  b\r\nc", "a b\nc"));
        assert!(c.matches("Yes", "YES"));
        assert!(!c.matches("Yes", "No"));
        assert!(c.matches("0.1234567", "0.1234568"));
        assert!(!c.matches("0.12", "0.13"));
        assert!(!c.matches("1\n2", "1 2"));
        assert!(!c.matches("", "0"));
    }

    #[test]
    fn fuzzy_fixes_the_absolute_only_float_rule() {
        let c = Compare::default();
        // Relative tolerance for large values.
        assert!(c.matches("123456789.1234", "123456789.12345"));
        // Big integers are compared exactly, not as floats.
        assert!(!c.matches("100000000000000001", "100000000000000000"));
        assert!(c.matches("007", "7"));
        assert!(c.matches("-0", "0"));
        // Tolerance is for floats only: an expected float still takes it.
        assert!(c.matches("1000000000000", "1000000000000.5"));
        assert!(c.matches("3", "3.0000001"));
        // Non-finite tokens only match themselves.
        assert!(!c.matches("nan", "inf"));
        assert!(c.matches("nan", "nan"));
        assert!(!c.matches("1e400", "1e401"));
    }

    #[test]
    fn an_expected_integer_needs_that_integer_exactly() {
        let c = Compare::default();
        // A float within the relative tolerance is not the integer.
        assert!(!c.matches("1000000100000.0", "1000000000000"));
        assert!(!c.matches("1e18", "999999999999999999"));
        assert!(!c.matches("1e17", "100000000000000001"));
        assert!(!c.matches("2.0000001", "2"));
        assert!(!c.matches("0.0000001", "0"));
        // Beyond u64 and f64: digit by digit.
        let big = "1180591620717411303424123456";
        assert!(c.matches(big, big));
        assert!(!c.matches("1180591620717411303424123457", big));
        assert!(!c.matches("1.180591620717411303424123456e27", "1180591620717411303424123457"));
        // The same integer written as a decimal is that integer.
        assert!(c.matches("1180591620717411303424123456.000", big));
        assert!(c.matches("1.180591620717411303424123456e27", big));
        assert!(c.matches("7.0", "7"));
        assert!(c.matches("+7", "7"));
        assert!(c.matches("70e-1", "7"));
        assert!(c.matches("-0.0", "0"));
        assert!(c.matches("1e18", "1000000000000000000"));
        assert!(!c.matches("-7", "7"));
        // Not numbers, or absurd exponents: no match, no panic.
        for bad in [".", "e5", "7e", "7e+", "--7", "7x", "0x7", "1e99999999999999999999999999999"] {
            assert!(!c.matches(bad, "7"), "{bad}");
        }
        assert!(c.matches("7.", "7"));
        assert!(!c.matches("1e-99999999999999999999999999999", "0"));
    }

    #[test]
    fn decimal_normal_form() {
        let d = |s| Decimal::parse(s).map(|d| (d.negative, d.digits, d.exp));
        assert_eq!(d("00120.500"), Some((false, "1205".to_owned(), -1)));
        assert_eq!(d("-1.2e3"), Some((true, "12".to_owned(), 2)));
        assert_eq!(d("-000.000e7"), Some((false, String::new(), 0)));
        assert_eq!(d(".5"), Some((false, "5".to_owned(), -1)));
        assert_eq!(d(""), None);
        assert_eq!(d("1.2.3"), None);
        assert_eq!(d("inf"), None);
    }

    #[test]
    fn exact_and_rstrip() {
        assert!(Compare::Exact.matches("a\n", "a\n"));
        assert!(!Compare::Exact.matches("a", "a\n"));
        assert!(Compare::Rstrip.matches("a \n", "a"));
        assert!(!Compare::Rstrip.matches(" a", "a"));
    }
}
