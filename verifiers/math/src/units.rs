//! Units after a number: read, compared and converted.
//!
//! A unit is part of an answer. `3\text{ minutes}` is not `3\text{
//! hours}`; compatible units convert (`5\text{ m}` is `500\text{ cm}`,
//! `2\text{ weeks}` is `14\text{ days}`); a bare number against a quantity
//! compares the numbers alone. Words that are not physical units
//! (`apples`, `ways`, `people`) are count nouns and carry no dimension.
//!
//! Words inside a unit's `\text{…}` that hedge or qualify the answer (`or
//! more`, `(or 3 if …)`, `at least`, `approximately`) make it no unit at
//! all: the parser then refuses the answer, which is graded wrong.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;

/// Base dimensions: length, mass, time, money (dollars), money (euros),
/// volume (kept apart from length, so that litres need no cube), short
/// and metric tons (kept apart: the word is ambiguous), angle.
const DIMS: usize = 8;

/// A unit's dimension exponents and its factor to the base units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub(crate) dims: [i8; DIMS],
    pub(crate) factor: BigRational,
    /// The words that name no known unit (`apples`, `J`, `W`), lowercased,
    /// a plural `s` dropped, sorted: two quantities agree only when these
    /// agree too, so `9 J` is not `9 W` merely because neither unit is
    /// known here.
    pub(crate) nouns: Vec<String>,
}

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// One unit word: its dimension index and factor, or `None` for a count
/// noun.
fn word(w: &str) -> Option<(usize, BigRational)> {
    const L: usize = 0;
    const M: usize = 1;
    const T: usize = 2;
    const USD: usize = 3;
    const EUR: usize = 4;
    const VOL: usize = 5;
    const TON: usize = 6;
    const ANG: usize = 7;
    // Case matters only for `L` (litre) and `m`/`M`, which stay as written.
    // In a symbol of two or three letters, a capital `M` first is the mega
    // prefix (`Mm`, `Mg`, `ML`), and a capital after the first letter other
    // than `L` is another unit's symbol (`mS` millisiemens, `mA`, `kW`):
    // no unit known here, so never the one its lowercase spells. All
    // capitals without an `M` (`KM`, `CM`, `KG`) are read as written loud.
    let short = (2..=3).contains(&w.len()) && w.is_ascii();
    let loud = w.bytes().all(|b| b.is_ascii_uppercase()) && !w.contains('M');
    if short
        && !loud
        && (w.starts_with('M') || w.bytes().skip(1).any(|b| b.is_ascii_uppercase() && b != b'L'))
    {
        return None;
    }
    let lw = w.to_ascii_lowercase();
    Some(match lw.as_str() {
        "mm" | "millimeter" | "millimeters" | "millimetre" | "millimetres" => (L, q(1, 1000)),
        "cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres" => (L, q(1, 100)),
        "m" | "meter" | "meters" | "metre" | "metres" if w != "M" => (L, q(1, 1)),
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => (L, q(1000, 1)),
        "in" | "inch" | "inches" => (L, q(254, 10_000)),
        "ft" | "foot" | "feet" => (L, q(3048, 10_000)),
        "yd" | "yard" | "yards" => (L, q(9144, 10_000)),
        "mi" | "mile" | "miles" => (L, q(1_609_344, 1000)),
        "mg" | "milligram" | "milligrams" => (M, q(1, 1_000_000)),
        "g" | "gram" | "grams" => (M, q(1, 1000)),
        "kg" | "kilogram" | "kilograms" => (M, q(1, 1)),
        "lb" | "lbs" | "pound" | "pounds" => (M, q(45_359_237, 100_000_000)),
        "oz" | "ounce" | "ounces" => (M, q(28_349_523_125, 1_000_000_000_000)),
        "ton" | "tons" => (TON, q(1, 1)),
        "tonne" | "tonnes" => (M, q(1000, 1)),
        "ms" | "millisecond" | "milliseconds" => (T, q(1, 1000)),
        "s" | "sec" | "secs" | "second" | "seconds" => (T, q(1, 1)),
        "min" | "mins" | "minute" | "minutes" => (T, q(60, 1)),
        "h" | "hr" | "hrs" | "hour" | "hours" => (T, q(3600, 1)),
        "day" | "days" => (T, q(86_400, 1)),
        "week" | "weeks" => (T, q(604_800, 1)),
        "month" | "months" => (T, q(2_629_800, 1)),
        "year" | "years" | "yr" | "yrs" => (T, q(31_557_600, 1)),
        "dollar" | "dollars" | "usd" => (USD, q(1, 1)),
        "cent" | "cents" => (USD, q(1, 100)),
        "euro" | "euros" => (EUR, q(1, 1)),
        "l" | "liter" | "liters" | "litre" | "litres" => (VOL, q(1, 1)),
        "ml" | "milliliter" | "milliliters" | "millilitre" | "millilitres" => (VOL, q(1, 1000)),
        "gallon" | "gallons" => (VOL, q(3_785_411_784, 1_000_000_000)),
        "degree" | "degrees" | "deg" => (ANG, q(1, 1)),
        _ => return None,
    })
}

/// Number words that scale the value they follow (`2.5 million`, `3
/// dozen`, `3 hundredths`): the factor, as a fraction.
fn scale_word(w: &str) -> Option<(u64, u64)> {
    Some(match w.to_ascii_lowercase().as_str() {
        "dozen" | "dozens" => (12, 1),
        "hundred" | "hundreds" => (100, 1),
        "thousand" | "thousands" => (1_000, 1),
        "million" | "millions" => (1_000_000, 1),
        "billion" | "billions" | "bn" => (1_000_000_000, 1),
        "trillion" | "trillions" => (1_000_000_000_000, 1),
        "tenth" | "tenths" => (1, 10),
        "hundredth" | "hundredths" => (1, 100),
        "thousandth" | "thousandths" => (1, 1_000),
        "millionth" | "millionths" => (1, 1_000_000),
        "billionth" | "billionths" => (1, 1_000_000_000),
        _ => return None,
    })
}

/// The number words at the start of a unit text (`million dollars`,
/// `dozen`), multiplied, and the rest of the text: `5\text{ million}` is
/// five million, never `5` of a count noun called `million`.
pub(crate) fn split_scale(text: &str) -> (Option<BigRational>, &str) {
    let mut scale: Option<BigRational> = None;
    let mut rest = text.trim_start();
    while let Some(w) = rest.split_whitespace().next()
        && let Some((n, d)) = scale_word(w)
    {
        let k = BigRational::new(BigInt::from(n), BigInt::from(d));
        scale = Some(scale.unwrap_or_else(BigRational::one) * k);
        rest = rest[w.len()..].trim_start();
    }
    (scale, rest.trim_end())
}

/// Compound words: `mph` is miles per hour.
fn compound(w: &str) -> Option<&'static str> {
    Some(match w.to_ascii_lowercase().as_str() {
        "mph" => "mi / h",
        "kph" | "kmh" | "kmph" => "km / h",
        "mps" => "m / s",
        "cc" => "ml",
        _ => return None,
    })
}

/// Words that hedge, qualify or offer an alternative: never part of a
/// unit.
const HEDGES: &[&str] = &[
    "or",
    "and",
    "more",
    "less",
    "fewer",
    "than",
    "least",
    "most",
    "about",
    "approximately",
    "approx",
    "roughly",
    "around",
    "nearly",
    "almost",
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "if",
    "unless",
    "but",
    "not",
    "either",
    "neither",
    "nor",
    "over",
    "under",
    "up",
    "to",
    "at",
    "between",
    "plus",
    "minus",
    "depending",
    "depends",
    "counts",
    "estimate",
    "estimated",
    "close",
    "some",
    "assuming",
    "otherwise",
    "else",
    "ish",
];

/// Whether the words of a `\text{…}` (or a plain word) may be a unit or a
/// count noun: letters, spaces, `/`, `.`, `-`, `^` and a digit after `^`,
/// and no hedging word.
pub(crate) fn is_unit_phrase(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    let mut prev = ' ';
    for c in t.chars() {
        let ok = c.is_alphabetic()
            || matches!(c, ' ' | '/' | '.' | '-' | '^')
            || c.is_ascii_digit() && prev == '^';
        if !ok {
            return false;
        }
        prev = c;
    }
    !t.split(|c: char| !c.is_alphabetic())
        .any(|w| HEDGES.contains(&w.to_ascii_lowercase().as_str()))
}

/// Reads a unit text (`km / h`, `cm^2`, `square feet`, `apples`). Count
/// nouns carry no dimension. `None` when the text is not a unit at all.
pub(crate) fn read(text: &str) -> Option<Unit> {
    let mut u = Unit { dims: [0; DIMS], factor: BigRational::one(), nouns: Vec::new() };
    let mut denom = false;
    let mut pending: i8 = 1;
    // Filler words that name no unit: `18 dollars in total`, `3 each`.
    let lower = text.to_ascii_lowercase();
    let mut kept: Vec<&str> = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let lwords: Vec<&str> = lower.split_whitespace().collect();
    let mut k = 0;
    while k < words.len() {
        let w = lwords[k];
        if w == "in" && matches!(lwords.get(k + 1), Some(&("total" | "all"))) {
            k += 2;
            continue;
        }
        if !matches!(w, "total" | "each" | "exactly" | "only" | "respectively" | "altogether") {
            kept.push(words[k]);
        }
        k += 1;
    }
    let joined = kept.join(" ");
    let text = joined.as_str();
    let expanded;
    let text = match compound(text.trim()) {
        Some(c) => c,
        None => {
            expanded = text.replace('/', " / ").replace('^', " ^");
            expanded.as_str()
        }
    };
    let mut toks = text.split_whitespace().peekable();
    while let Some(t) = toks.next() {
        let t = t.trim_end_matches('.');
        match t.to_ascii_lowercase().as_str() {
            "" => continue,
            "/" | "per" => {
                denom = true;
                continue;
            }
            "square" | "sq" => {
                pending = 2;
                continue;
            }
            "cubic" | "cu" => {
                pending = 3;
                continue;
            }
            _ => {}
        }
        let mut power = pending;
        pending = 1;
        if let Some(p) = toks.peek().and_then(|n| n.strip_prefix('^')) {
            power = p.parse::<i8>().ok()?;
            toks.next();
        }
        if let Some(c) = compound(t) {
            let inner = read(c)?;
            add(&mut u, &inner, if denom { -power } else { power });
            continue;
        }
        if let Some((d, f)) = word(t) {
            let sign = if denom { -power } else { power };
            u.dims[d] = u.dims[d].checked_add(sign)?;
            let f = num_traits::pow(f, usize::from(power.unsigned_abs()));
            u.factor = if sign > 0 { &u.factor * f } else { &u.factor / f };
        } else {
            // Anything else is a count noun: no dimension, but named.
            u.nouns.push(noun_key(t));
        }
    }
    u.nouns.sort();
    Some(u)
}

/// A count noun as compared: lowercase, without a plural `s` on words of
/// four letters or more (`apples` is `apple`; `Pa` and `ms` stay).
fn noun_key(w: &str) -> String {
    // A symbol of one to three letters keeps its case (`mS` is not `ms`,
    // `T` is not `t`).
    if w.chars().count() <= 3 {
        return w.to_owned();
    }
    let lw = w.to_lowercase();
    let one = match lw.strip_suffix('s') {
        Some(stem) if lw.len() >= 4 && !stem.ends_with('s') => stem.to_owned(),
        _ => lw,
    };
    // Physical units this module does not convert still have one name:
    // `9 joules` is `9 J`, but not `9 W`.
    let symbol = match one.as_str() {
        "joule" => "J",
        "watt" => "W",
        "newton" => "N",
        "volt" => "V",
        "ampere" | "amp" => "A",
        "ohm" => "Ω",
        "pascal" => "Pa",
        "hertz" | "hertze" => "Hz",
        "coulomb" => "C",
        "kelvin" => "K",
        "mole" => "mol",
        "calorie" => "cal",
        "tesla" => "T",
        "farad" => "F",
        "kilojoule" => "kJ",
        "kilowatt" => "kW",
        _ => return one,
    };
    symbol.to_owned()
}

fn add(u: &mut Unit, v: &Unit, power: i8) {
    for (a, b) in u.dims.iter_mut().zip(v.dims) {
        *a = a.saturating_add(b.saturating_mul(power));
    }
    let f = num_traits::pow(v.factor.clone(), usize::from(power.unsigned_abs()));
    u.factor = if power > 0 { &u.factor * f } else { &u.factor / f };
}

#[cfg(test)]
mod tests {
    use super::{is_unit_phrase, read};

    #[test]
    fn units_convert_and_mismatches_are_seen() {
        let m = read("m").unwrap_or_else(|| panic!("m"));
        let cm = read("cm").unwrap_or_else(|| panic!("cm"));
        assert_eq!(m.dims, cm.dims);
        assert_ne!(m.factor, cm.factor);
        let h = read("hours").unwrap_or_else(|| panic!("h"));
        let min = read("minutes").unwrap_or_else(|| panic!("min"));
        assert_eq!(h.dims, min.dims);
        assert_ne!(h.factor, min.factor);
        assert_eq!(read("mph").map(|u| u.dims), read("miles / hour").map(|u| u.dims));
        assert_eq!(read("cm^2").map(|u| u.dims), read("square centimeters").map(|u| u.dims));
        assert_eq!(read("apples").map(|u| u.dims), Some([0; super::DIMS]));
    }

    #[test]
    fn hedges_are_no_units() {
        assert!(is_unit_phrase("hours"));
        assert!(is_unit_phrase("km/h"));
        assert!(is_unit_phrase("dollars in total"));
        assert_eq!(read("dollars in total").map(|u| u.dims), read("dollars").map(|u| u.dims));
        assert_eq!(read("each").map(|u| u.dims), Some([0; super::DIMS]));
        assert!(!is_unit_phrase("or more"));
        assert!(!is_unit_phrase("(or 3 if the boundary counts)"));
        assert!(!is_unit_phrase("at least"));
    }
}
