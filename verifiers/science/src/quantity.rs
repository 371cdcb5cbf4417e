//! Quantities: a number as written (with the precision it shows) and an
//! optional unit.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::unit::{Unit, normalize};

/// A number and its unit, read from an answer like `2.5 m/s`,
/// `$8,645.09`, `3.2 \times 10^{-19}\ \mathrm{J}` or `70 km/h`.
///
/// The number keeps the precision it was written with (decimal places and
/// significant figures), which sets the comparison tolerance.
///
/// # Example
/// ```
/// use rlvr_science::Quantity;
/// let q = Quantity::parse("3.2 \\times 10^{-19}\\ \\mathrm{J}").ok_or("not a quantity")?;
/// assert_eq!(q.significant_digits(), 2);
/// assert!((q.value() - 3.2e-19).abs() < 1e-30);
/// assert_eq!(q.unit().map(|u| u.text()), Some("J"));
/// assert!(Quantity::parse("$8,645.09").ok_or("no")?.unit().is_some_and(|u| u.currency() == Some("USD")));
/// assert!(Quantity::parse("x^2 + 1").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Quantity {
    value: f64,
    /// Decimal places shown (negative for `3 \times 10^{8}`); 0 for a
    /// plain integer.
    places: i64,
    sig: u32,
    integer: bool,
    unit: Option<Unit>,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            Some(u) => write!(f, "{} {}", self.value, u.text()),
            None => write!(f, "{}", self.value),
        }
    }
}

/// A decimal literal with thousands separators and an exponent, then an
/// optional `× 10^n`, at the start of the (normalised) text.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<sign>[-+])?\s*(?P<cur1>[$€£¥])?\s*(?P<sign2>[-+])?\s*(?P<lit>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)?(?:\s*(?:\*|x|×)\s*10\s*\^\s*\(?\s*(?P<exp>[-+]?\d{1,4})\s*\)?)?",
    )
    .expect("quantity pattern is valid")
});

impl Quantity {
    /// Reads a quantity; `None` when the text is not a number with an
    /// optional known unit.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_end_matches('.').trim();
        let t = strip_math(t);
        let norm = normalize(t);
        let norm = norm.trim();
        let caps = NUMBER.captures(norm)?;
        let whole = caps.get(0)?;
        let lit = caps.name("lit");
        let exp = caps.name("exp");
        if lit.is_none() && exp.is_none() {
            return None;
        }
        if lit.is_none()
            && !norm[..whole.end()].trim_start_matches(['-', '+', ' ']).starts_with("10")
        {
            return None;
        }
        let negative = [caps.name("sign"), caps.name("sign2")]
            .iter()
            .flatten()
            .filter(|m| m.as_str() == "-")
            .count()
            % 2
            == 1;
        let (mut value, mut places, sig, integer) = match lit {
            Some(l) => {
                let n = rlvr_math::parse_number(l.as_str())?;
                let places = n.decimal_places().unwrap_or(0);
                (
                    n.to_f64(),
                    places,
                    n.significant_digits(),
                    n.is_integer() && n.decimal_places().is_none(),
                )
            }
            // A bare `10^{-3}`.
            None => (1.0, 0, 1, true),
        };
        let mut integer = integer;
        if let Some(e) = exp {
            let e: i32 = e.as_str().parse().ok()?;
            value *= 10f64.powi(e);
            places -= i64::from(e);
            integer = false;
        }
        if !value.is_finite() {
            return None;
        }
        if negative {
            value = -value;
        }
        let mut unit_text = norm[whole.end()..].trim().to_owned();
        if let Some(c) = caps.name("cur1") {
            unit_text = if unit_text.is_empty() {
                c.as_str().to_owned()
            } else {
                format!("{} {unit_text}", c.as_str())
            };
        }
        let unit = if unit_text.is_empty() { None } else { Some(Unit::parse(&unit_text).ok()?) };
        Some(Self { value, places, sig, integer, unit })
    }

    /// A quantity from its parts, for building golds in code.
    ///
    /// `places` is the decimal places the value is known to (its rounding
    /// unit is `10^-places`).
    pub fn new(value: f64, places: i64, unit: Option<Unit>) -> Self {
        let digits = value.abs().log10().floor();
        let sig = if value == 0.0 || !digits.is_finite() {
            1
        } else {
            (digits as i64 + 1 + places).clamp(1, 30) as u32
        };
        Self { value, places, sig, integer: places <= 0 && value.fract() == 0.0, unit }
    }

    /// The number as written (in its own unit).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The unit, if one was written.
    pub fn unit(&self) -> Option<&Unit> {
        self.unit.as_ref()
    }

    /// Significant figures the number shows.
    pub fn significant_digits(&self) -> u32 {
        self.sig
    }

    /// Decimal places the number shows (negative for `3 \times 10^{8}`).
    pub fn decimal_places(&self) -> i64 {
        self.places
    }

    /// Whether the number was written as a plain integer.
    pub fn is_integer(&self) -> bool {
        self.integer
    }

    /// Half a unit in the last place shown, in the quantity's own unit.
    pub(crate) fn half_ulp(&self) -> f64 {
        0.5 * 10f64.powi(-(self.places.clamp(-300, 300) as i32))
    }
}

/// Strips `$…$`, `\(…\)`, `\[…\]` around a whole answer.
pub(crate) fn strip_math(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s.len();
        for (a, b) in [("$$", "$$"), ("\\(", "\\)"), ("\\[", "\\]")] {
            if let Some(inner) = s.strip_prefix(a).and_then(|x| x.strip_suffix(b)) {
                s = inner.trim();
            }
        }
        // A single `$…$` pair, but not a currency sign (`$5`).
        if s.len() > 1 && s.starts_with('$') && s.ends_with('$') && !s[1..s.len() - 1].contains('$')
        {
            s = s[1..s.len() - 1].trim();
        }
        if s.len() == before {
            return s;
        }
    }
}
