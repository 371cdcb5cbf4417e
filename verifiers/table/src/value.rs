//! The answer value parser: text into [`Value`].

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A scale word (`thousand`, `million`, ...) written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scale {
    /// No scale word.
    #[default]
    One,
    /// `hundred`.
    Hundred,
    /// `thousand`, `k`.
    Thousand,
    /// `million`, `m`, `mn`.
    Million,
    /// `billion`, `bn`, `b`.
    Billion,
    /// `trillion`, `tn`.
    Trillion,
}

impl Scale {
    /// The multiplier.
    pub fn factor(self) -> f64 {
        match self {
            Self::One => 1.0,
            Self::Hundred => 1e2,
            Self::Thousand => 1e3,
            Self::Million => 1e6,
            Self::Billion => 1e9,
            Self::Trillion => 1e12,
        }
    }

    /// Reads a scale word (TAT-QA spells them `thousand`, `million`, ...).
    pub fn from_word(w: &str) -> Option<Self> {
        Some(match w.trim().to_ascii_lowercase().as_str() {
            "" | "none" => Self::One,
            "hundred" | "hundreds" => Self::Hundred,
            "thousand" | "thousands" | "k" => Self::Thousand,
            "million" | "millions" | "m" | "mn" | "mm" => Self::Million,
            "billion" | "billions" | "b" | "bn" => Self::Billion,
            "trillion" | "trillions" | "tn" => Self::Trillion,
            _ => return None,
        })
    }

    /// The word (empty for [`Scale::One`]).
    pub fn word(self) -> &'static str {
        match self {
            Self::One => "",
            Self::Hundred => "hundred",
            Self::Thousand => "thousand",
            Self::Million => "million",
            Self::Billion => "billion",
            Self::Trillion => "trillion",
        }
    }
}

/// A number as written: its value (with the scale word applied, without
/// the percent), whether it was a percentage, and the precision it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Num {
    /// The number with its scale applied: `12.5%` is 12.5, `1.2 million`
    /// is 1 200 000.
    pub value: f64,
    /// Written with `%`, `percent` or `pp`.
    pub percent: bool,
    /// The scale word written.
    pub scale: Scale,
    /// Decimal places shown, after the scale (`1.2 million` shows -5);
    /// `None` for exact forms (fractions).
    pub places: Option<i64>,
    /// Significant digits shown.
    pub sig: u32,
    /// Written as a plain integer (no point, no scale word, no fraction).
    pub integer: bool,
}

impl Num {
    /// A plain number.
    pub fn plain(value: f64) -> Self {
        let integer = value.fract() == 0.0;
        Self { value, percent: false, scale: Scale::One, places: Some(0), sig: 15, integer }
    }

    /// The number as written before its scale word: `9,864 thousand`
    /// is 9864 (with the precision it shows), for a question that asks for
    /// the amount in thousands.
    ///
    /// # Example
    /// ```
    /// use rlvr_table::{Value, parse_value};
    /// let Value::Number(n) = parse_value("9,864 thousand") else { unreachable!() };
    /// assert_eq!(n.unscaled().value, 9864.0);
    /// assert!(n.unscaled().integer);
    /// ```
    #[must_use]
    pub fn unscaled(&self) -> Self {
        if self.scale == Scale::One {
            return *self;
        }
        let shift = self.scale.factor().log10().round() as i64;
        let value = self.value / self.scale.factor();
        let places = self.places.map(|p| p + shift);
        let integer = places == Some(0) && value.fract() == 0.0;
        Self { value, scale: Scale::One, places, integer, ..*self }
    }

    /// The value a percentage stands for (`12.5%` → 0.125).
    pub fn fraction_value(&self) -> f64 {
        if self.percent { self.value / 100.0 } else { self.value }
    }
}

/// A date; each part may be unknown (`xx`, or not written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Date {
    /// The year.
    pub year: Option<i32>,
    /// The month, 1–12.
    pub month: Option<u8>,
    /// The day, 1–31.
    pub day: Option<u8>,
}

/// An answer value.
///
/// # Example
/// ```
/// use rlvr_table::{Value, parse_value};
/// let n = |s: &str| match parse_value(s) { Value::Number(n) => Some(n.value), _ => None };
/// assert_eq!(n("1,234.5"), Some(1234.5));
/// assert_eq!(n("$(1,234)"), Some(-1234.0));
/// assert_eq!(n("−3.5"), Some(-3.5));
/// assert_eq!(n("2.5 million"), Some(2.5e6));
/// assert_eq!(n("3/4"), Some(0.75));
/// assert_eq!(n("\\boxed{\\$12.5\\%}"), Some(12.5));
/// assert_eq!(parse_value("\\text{North America}"), Value::Text("north america".into()));
/// assert_eq!(parse_value("Yes"), Value::Bool(true));
/// assert!(matches!(parse_value("Jan 5, 2020"), Value::Date(d) if d.day == Some(5)));
/// assert!(matches!(parse_value("__import__('os').system('x')"), Value::Text(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// A number.
    Number(Num),
    /// A date.
    Date(Date),
    /// yes / no / true / false.
    Bool(bool),
    /// Anything else, normalised (see [`normalize_text`]).
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => {
                write!(f, "{}", n.value)?;
                if n.percent {
                    f.write_str("%")?;
                }
                Ok(())
            }
            Self::Date(d) => {
                let part = |p: Option<i64>, w: usize| {
                    p.map_or_else(|| "x".repeat(w), |v| format!("{v:0w$}"))
                };
                write!(
                    f,
                    "{}-{}-{}",
                    part(d.year.map(i64::from), 4),
                    part(d.month.map(i64::from), 2),
                    part(d.day.map(i64::from), 2)
                )
            }
            Self::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// Options of the value parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ValueOptions {
    /// Read `1.234,5` as 1234.5 (European separators). Off by default.
    pub european: bool,
    /// Read a ratio `3:1` as the number 3. Off by default.
    pub ratios: bool,
}

impl ValueOptions {
    /// Sets [`european`](Self::european).
    #[must_use]
    pub fn with_european(mut self, yes: bool) -> Self {
        self.european = yes;
        self
    }

    /// Sets [`ratios`](Self::ratios).
    #[must_use]
    pub fn with_ratios(mut self, yes: bool) -> Self {
        self.ratios = yes;
        self
    }
}

/// Parses an answer value with the default options.
pub fn parse_value(s: &str) -> Value {
    parse_value_with(s, ValueOptions::default())
}

/// The longest answer value read; longer text is kept as text.
const MAX_VALUE: usize = 1024;

/// Parses an answer value.
pub fn parse_value_with(s: &str, opts: ValueOptions) -> Value {
    let s = clean(s);
    if s.len() > MAX_VALUE {
        return Value::Text(normalize_text(&s));
    }
    let lower = s.to_lowercase();
    match lower.as_str() {
        "yes" | "true" => return Value::Bool(true),
        "no" | "false" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = number(&s, opts) {
        return Value::Number(n);
    }
    if let Some(d) = date(&lower) {
        return Value::Date(d);
    }
    Value::Text(normalize_text(&s))
}

/// Unwraps `\boxed{}`, `\text{}` and friends, math delimiters, markdown
/// emphasis, quotes and a trailing period.
pub(crate) fn clean(s: &str) -> String {
    let mut t = s.trim().to_owned();
    for _ in 0..8 {
        let before = t.clone();
        for w in [
            "\\boxed", "\\fbox", "\\textbf", "\\textrm", "\\textit", "\\text", "\\mathrm",
            "\\mathbf", "\\mbox",
        ] {
            t = unwrap_command(&t, w);
        }
        t = t.trim().to_owned();
        for (a, b) in
            [("$$", "$$"), ("\\(", "\\)"), ("\\[", "\\]"), ("**", "**"), ("\"", "\""), ("“", "”")]
        {
            if t.len() >= a.len() + b.len()
                && let Some(inner) = t.strip_prefix(a).and_then(|x| x.strip_suffix(b))
            {
                t = inner.trim().to_owned();
            }
        }
        if t.len() > 1 && t.starts_with('$') && t.ends_with('$') && !t[1..t.len() - 1].contains('$')
        {
            t = t[1..t.len() - 1].trim().to_owned();
        }
        t = t.trim_end_matches(['.', '。']).trim().to_owned();
        if t == before {
            break;
        }
    }
    let mut out = t;
    for (a, b) in [
        ("\\%", "%"),
        ("\\$", "$"),
        ("\\,", ""),
        ("\\!", ""),
        ("\\ ", " "),
        ("{,}", ","),
        ("\\;", " "),
    ] {
        if out.contains(a) {
            out = out.replace(a, b);
        }
    }
    // `\frac{a}{b}` → `a/b` (digits only; anything else stays text).
    static FRAC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\\[dt]?frac\{\s*(-?\d+(?:\.\d+)?)\s*\}\{\s*(\d+(?:\.\d+)?)\s*\}")
            .expect("valid")
    });
    if out.contains("frac") {
        out = FRAC.replace_all(&out, "$1/$2").into_owned();
    }
    out.trim().to_owned()
}

/// Replaces every `\cmd{x}` with `x` (brace-balanced).
fn unwrap_command(s: &str, cmd: &str) -> String {
    let mut out = s.to_owned();
    let mut from = 0;
    while let Some(off) = out[from..].find(cmd) {
        let at = from + off;
        let after = at + cmd.len();
        if out[after..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            from = after;
            continue;
        }
        let rest = out[after..].trim_start();
        let open = out.len() - rest.len();
        if !rest.starts_with('{') {
            from = after;
            continue;
        }
        let mut depth = 0usize;
        let mut close = None;
        for (i, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        let inner = out[open + 1..close].to_owned();
        out = format!("{}{inner}{}", &out[..at], &out[close + 1..]);
        from = at + inner.len();
    }
    out
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?P<cur0>[$€£¥₹])?\s*
        (?P<neg1>[-−–])?\s*
        (?P<open>\()?\s*
        (?P<neg2>[-−–])?\s*
        (?P<cur>[$€£¥₹]|us\$|usd|eur|gbp|rmb|cny|inr|rs\.?)?\s*
        (?P<neg3>[-−–])?\s*
        (?P<num>
            \d+\s*/\s*\d+
          | \d{1,3}(?:[,\u{2009}\u{202f}'’]\d{3})+(?:\.\d+)?
          | \d+(?:\.\d+)?(?:e[-+]?\d+)?
          | \.\d+
        )\s*
        (?P<close>\))?\s*
        (?P<pct>%|percent|per\ cent|pp|percentage\ points?)?\s*
        (?P<scale>hundred|thousands?|k|millions?|mn|mm|m|billions?|bn|b|trillions?|tn)?\s*
        (?P<cur2>dollars?|usd|eur|euros?|pounds?)?\s*
        (?P<pct2>%)?\s*$",
    )
    .expect("number pattern is valid")
});

static EUROPEAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<sign>-)?(?P<int>\d{1,3}(?:\.\d{3})+|\d+),(?P<frac>\d+)$").expect("valid")
});

fn number(s: &str, opts: ValueOptions) -> Option<Num> {
    let s = s.trim();
    if opts.european
        && let Some(c) = EUROPEAN.captures(s)
    {
        let text = format!(
            "{}{}.{}",
            c.name("sign").map_or("", |m| m.as_str()),
            c["int"].replace('.', ""),
            &c["frac"]
        );
        return number(&text, ValueOptions::default());
    }
    if opts.ratios
        && let Some((a, b)) = s.split_once(':')
        && let (Some(x), Some(y)) =
            (number(a, ValueOptions::default()), number(b, ValueOptions::default()))
        && y.value != 0.0
    {
        let v = x.value / y.value;
        return Some(Num {
            value: v,
            percent: false,
            scale: Scale::One,
            places: None,
            sig: 15,
            integer: false,
        });
    }
    let c = NUMBER.captures(s)?;
    let raw = c.name("num")?.as_str();
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{2009}' | '\u{202f}' | '\'' | '’' | ' '))
        .collect();
    let n = rlvr_math::parse_number(&digits)?;
    let mut value = n.to_f64();
    if !value.is_finite() {
        return None;
    }
    let paren = c.name("open").is_some() && c.name("close").is_some();
    if c.name("open").is_some() != c.name("close").is_some() {
        return None;
    }
    let minus = ["neg1", "neg2", "neg3"].iter().filter(|k| c.name(k).is_some()).count()
        + usize::from(paren);
    if minus % 2 == 1 {
        value = -value;
    }
    let scale = c.name("scale").and_then(|m| Scale::from_word(m.as_str())).unwrap_or_default();
    // A bare `m`/`b`/`k` after a number without a currency is still a
    // scale word in table answers (`$5m`, `3.2bn`).
    let percent = c.name("pct").is_some() || c.name("pct2").is_some();
    let shift = match scale {
        Scale::One => 0,
        Scale::Hundred => 2,
        Scale::Thousand => 3,
        Scale::Million => 6,
        Scale::Billion => 9,
        Scale::Trillion => 12,
    };
    value *= scale.factor();
    let fraction = raw.contains('/');
    let places = if fraction { None } else { Some(n.decimal_places().unwrap_or(0) - shift) };
    let integer = !fraction && n.decimal_places().is_none() && scale == Scale::One;
    if value == 0.0 {
        value = 0.0;
    }
    Some(Num { value, percent, scale, places, sig: n.significant_digits(), integer })
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = full[idx].starts_with(w) || (idx == 8 && w == "sept");
    ok.then(|| u8::try_from(idx + 1).unwrap_or(1))
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4}|xxxx)-(\d{1,2}|xx)(?:-(\d{1,2}|xx))?$").expect("valid"));

fn date(lower: &str) -> Option<Date> {
    let part = |s: Option<regex::Match<'_>>| -> Option<Option<u32>> {
        match s {
            None => Some(None),
            Some(m) if m.as_str().starts_with('x') => Some(None),
            Some(m) => m.as_str().parse().ok().map(Some),
        }
    };
    if let Some(c) = ISO.captures(lower) {
        let y = part(c.get(1))?;
        let m = part(c.get(2))?;
        let d = part(c.get(3))?;
        return valid(y.map(|y| y as i32), m, d);
    }
    let words: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let num = |w: &str| -> Option<u32> {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().ok().filter(|_| {
            let suffix = w.trim_start_matches(|c: char| c.is_ascii_digit());
            matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        })
    };
    match words.as_slice() {
        // Jan 5 2020 / January 5, 2020
        [m, d, y] if month(m).is_some() => {
            valid(Some(num(y)? as i32), month(m).map(u32::from), Some(num(d)?))
        }
        // 5 January 2020
        [d, m, y] if month(m).is_some() => {
            valid(Some(num(y)? as i32), month(m).map(u32::from), Some(num(d)?))
        }
        // January 2020
        [m, y] if month(m).is_some() && y.len() == 4 => {
            valid(Some(num(y)? as i32), month(m).map(u32::from), None)
        }
        // January 5
        [m, d] if month(m).is_some() && d.len() <= 4 => {
            valid(None, month(m).map(u32::from), Some(num(d)?))
        }
        _ => None,
    }
}

fn valid(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Option<Date> {
    if m.is_some_and(|m| !(1..=12).contains(&m)) || d.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    Some(Date {
        year: y,
        month: m.and_then(|m| u8::try_from(m).ok()),
        day: d.and_then(|d| u8::try_from(d).ok()),
    })
}

/// Normalises text for comparison: NFKD without combining marks, smart
/// quotes and dashes folded, lowercase, whitespace collapsed, surrounding
/// punctuation dropped.
///
/// # Example
/// ```
/// assert_eq!(rlvr_table::normalize_text("  Café  “Olé” "), "cafe \"ole\"");
/// ```
pub fn normalize_text(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '‘' | '’' | '´' | '`' => '\'',
            '“' | '”' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            c => c,
        })
        .collect();
    let lower = folded.to_lowercase();
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?') || c.is_whitespace())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Num {
        match parse_value(s) {
            Value::Number(n) => n,
            v => panic!("{s}: {v:?}"),
        }
    }

    #[test]
    fn numbers_in_every_style() {
        // A plain space is not a thousands separator (`1 234` could be
        // two numbers).
        assert!(matches!(parse_value("1 234"), Value::Text(_)));
        assert_eq!(num("1\u{2009}234").value, 1234.0);
        assert_eq!(num("1'234").value, 1234.0);
        assert_eq!(num("(123)").value, -123.0);
        assert_eq!(num("-$5").value, -5.0);
        assert_eq!(num("$-5").value, -5.0);
        assert_eq!(num("12.5%").value, 12.5);
        assert!(num("12.5 percent").percent);
        assert_eq!(num("$3.2bn").value, 3.2e9);
        assert_eq!(num("5 thousand").value, 5000.0);
        assert_eq!(num("1.5e3").value, 1500.0);
        assert_eq!(num("\\frac{3}{4}").value, 0.75);
        assert!(num("12").integer);
        assert!(!num("12.0").integer);
        assert_eq!(num("1.2 million").places, Some(-5));
    }

    #[test]
    fn european_and_ratios_behind_flags() {
        assert!(matches!(parse_value("1.234,5"), Value::Text(_)));
        let eu = ValueOptions::default().with_european(true);
        assert_eq!(parse_value_with("1.234,5", eu), Value::Number(num("1234.5")));
        let r = ValueOptions::default().with_ratios(true);
        assert!(matches!(parse_value_with("3:1", r), Value::Number(n) if n.value == 3.0));
    }

    #[test]
    fn dates() {
        let d = |s: &str| match parse_value(s) {
            Value::Date(d) => (d.year, d.month, d.day),
            v => panic!("{s}: {v:?}"),
        };
        assert_eq!(d("2020-01-05"), (Some(2020), Some(1), Some(5)));
        assert_eq!(d("5 January 2020"), (Some(2020), Some(1), Some(5)));
        assert_eq!(d("Sept. 3rd, 1999"), (Some(1999), Some(9), Some(3)));
        assert_eq!(d("xxxx-03-xx"), (None, Some(3), None));
        assert!(matches!(parse_value("2020"), Value::Number(_)));
        assert!(matches!(parse_value("2020-13-01"), Value::Text(_)));
    }
}
