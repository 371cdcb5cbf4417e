//! A small unit system: SI base dimensions, prefixes, common derived and
//! non-SI units, and the parser for unit expressions (`m/s^2`,
//! `J/(kg·K)`, `kilometers per hour`, `\mathrm{kg\,m\,s^{-2}}`).

use std::fmt;

/// Exponents of the SI base dimensions (m, kg, s, A, K, mol, cd) and of
/// money, which is its own dimension so that `$5` never converts to
/// anything physical.
///
/// # Example
/// ```
/// use rlvr_science::Unit;
/// let n = Unit::parse("kg m/s^2")?;
/// assert_eq!(n.dimension(), Unit::parse("N")?.dimension());
/// assert_eq!(n.dimension().to_string(), "m kg s^-2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dimension([i8; 8]);

const BASE_NAMES: [&str; 8] = ["m", "kg", "s", "A", "K", "mol", "cd", "money"];

impl Dimension {
    /// No dimension (a pure number, a ratio, an angle).
    pub const NONE: Self = Self([0; 8]);

    /// Whether this is [`Dimension::NONE`].
    pub fn is_none(&self) -> bool {
        *self == Self::NONE
    }

    /// The exponents, in the order m, kg, s, A, K, mol, cd, money.
    pub fn exponents(&self) -> [i8; 8] {
        self.0
    }

    fn mul(self, other: Self, sign: i8) -> Option<Self> {
        let mut out = [0i8; 8];
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.0[i].checked_add(other.0[i].checked_mul(sign)?)?;
        }
        Some(Self(out))
    }

    fn pow(self, n: i8) -> Option<Self> {
        let mut out = [0i8; 8];
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.0[i].checked_mul(n)?;
        }
        Some(Self(out))
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            return f.write_str("dimensionless");
        }
        let mut first = true;
        for (name, &e) in BASE_NAMES.iter().zip(&self.0) {
            if e == 0 {
                continue;
            }
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            if e == 1 {
                f.write_str(name)?;
            } else {
                write!(f, "{name}^{e}")?;
            }
        }
        Ok(())
    }
}

/// Why a unit expression could not be read.
///
/// # Example
/// ```
/// use rlvr_science::{Unit, UnitError};
/// assert_eq!(Unit::parse(""), Err(UnitError::Empty));
/// assert!(matches!(Unit::parse("m^"), Err(UnitError::Syntax { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnitError {
    /// No unit at all.
    #[error("empty unit")]
    Empty,
    /// Text that is not a unit expression (an unexpected character or
    /// word, an unclosed parenthesis, a bad exponent).
    #[error("{reason}")]
    Syntax {
        /// What was found where.
        reason: String,
    },
    /// A word that names no unit.
    #[error("unknown unit `{name}`")]
    Unknown {
        /// The word.
        name: String,
    },
    /// Over a size cap: too long, nested too deeply, an exponent that
    /// overflows.
    #[error("{reason}")]
    TooComplex {
        /// Which cap.
        reason: String,
    },
    /// Two different currencies in one unit.
    #[error("two currencies in one unit")]
    MixedCurrencies,
}

fn syntax<T>(reason: impl Into<String>) -> Result<T, UnitError> {
    Err(UnitError::Syntax { reason: reason.into() })
}

fn too_complex<T>(reason: impl Into<String>) -> Result<T, UnitError> {
    Err(UnitError::TooComplex { reason: reason.into() })
}

/// A unit: a factor to SI, a [`Dimension`], and for a lone temperature
/// scale (`°C`, `°F`) an offset.
///
/// # Angles and cycles
/// The radian is dimensionless in SI, so `rad/s` and `Hz` are both
/// `s^-1` as a [`Dimension`]; but a hertz is a *cycle* per second, and
/// one cycle is 2π radians. A unit therefore also counts its angle
/// exponent ([`Unit::angle`]: 1 for `rad`, `°`, `rev`, and for `Hz` and
/// `rpm`, which count cycles), with the SI factor measuring angles in
/// radians (`Hz` → 2π). Two units with the same angle exponent convert
/// with their full factors (`1 Hz` = `6.283 rad/s` = `60 rpm`); when only
/// one of them carries an angle, the other is read in its angle unit
/// (`5 rad/s` = `5 s^-1`, `1 Hz` = `1 s^-1`). See [`Unit::convert`].
///
/// # Example
/// ```
/// use rlvr_science::Unit;
/// let kmh = Unit::parse("km/h")?;
/// assert!((kmh.to_si(36.0) - 10.0).abs() < 1e-12);
/// let c = Unit::parse("°C")?;
/// assert!((c.to_si(25.0) - 298.15).abs() < 1e-9);
/// assert!(Unit::parse("furlongs of joy").is_err());
/// let (hz, rad_s) = (Unit::parse("Hz")?, Unit::parse("rad/s")?);
/// assert!((hz.convert(1.0, &rad_s).ok_or("no")? - std::f64::consts::TAU).abs() < 1e-12);
/// assert_eq!(hz.convert(1.0, &Unit::parse("s^-1")?), Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Unit {
    factor: f64,
    dim: Dimension,
    offset: f64,
    currency: Option<&'static str>,
    /// The exponent of angle units (radians, degrees, cycles).
    angle: i8,
    /// The part of `factor` that comes from angle units (`Hz` → 2π).
    angle_factor: f64,
    text: String,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Unit {
    /// The unit of a pure number.
    pub fn one() -> Self {
        Self {
            factor: 1.0,
            dim: Dimension::NONE,
            offset: 0.0,
            currency: None,
            angle: 0,
            angle_factor: 1.0,
            text: String::new(),
        }
    }

    /// Parses a unit expression. LaTeX wrappers (`\text{}`, `\mathrm{}`,
    /// `\,`, `^{-1}`, `\cdot`, `\frac{}{}`, `^\circ`, `\mu`, `\Omega`) and
    /// spelled-out names (`meters per second squared` is not read, but
    /// `meters per second` is) are accepted.
    ///
    /// # Errors
    /// [`UnitError`] naming the part that is not a known unit.
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let norm = normalize(text);
        let mut p = UnitParser { toks: tokenize(&norm)?, i: 0 };
        if p.toks.is_empty() {
            return Err(UnitError::Empty);
        }
        let mut u = p.expr(0)?;
        if p.i != p.toks.len() {
            return syntax(format!("unexpected `{}` in unit", p.toks[p.i]));
        }
        u.text = text.trim().to_owned();
        Ok(u)
    }

    /// The unit's dimension.
    pub fn dimension(&self) -> Dimension {
        self.dim
    }

    /// How many SI units one of this unit is (`km` → 1000).
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// The currency code, for money (`USD` for `$`).
    pub fn currency(&self) -> Option<&'static str> {
        self.currency
    }

    /// Whether this is an affine temperature scale (`°C`, `°F`).
    pub fn is_affine(&self) -> bool {
        self.offset != 0.0
    }

    /// A value in this unit, in SI units.
    pub fn to_si(&self, v: f64) -> f64 {
        v * self.factor + self.offset
    }

    /// A value in SI units, in this unit.
    pub fn from_si(&self, v: f64) -> f64 {
        (v - self.offset) / self.factor
    }

    /// The unit written as text (as it was parsed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The exponent of angle units in this unit: 1 for `rad`, `°`, `rev`,
    /// `rad/s`, `Hz` (cycles per second) and `rpm`; 2 for `sr`; 0 for
    /// `s^-1`, `Bq` or `m`.
    pub fn angle(&self) -> i8 {
        self.angle
    }

    /// A value in this unit, in unit `to`; `None` when the two cannot be
    /// converted (different dimensions or currencies, or two different
    /// non-zero angle exponents such as `sr` and `rad`).
    ///
    /// With equal angle exponents the full factors convert (`1 Hz` is
    /// 2π `rad/s`). When only one side carries an angle (`rad/s` against
    /// `s^-1`, `Hz` against `s^-1`), the side without one is read in the
    /// other's angle unit, so the angle part of the factors is left out:
    /// `1 Hz` is `1 s^-1`, `5 rad/s` is `5 s^-1`.
    ///
    /// # Example
    /// ```
    /// use rlvr_science::Unit;
    /// let rpm = Unit::parse("rpm")?;
    /// assert!((rpm.convert(60.0, &Unit::parse("Hz")?).ok_or("no")? - 1.0).abs() < 1e-12);
    /// assert_eq!(Unit::parse("m")?.convert(1.0, &Unit::parse("s")?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn convert(&self, v: f64, to: &Self) -> Option<f64> {
        if self.dim != to.dim || self.currency != to.currency {
            return None;
        }
        if self.angle == to.angle {
            return Some(to.from_si(self.to_si(v)));
        }
        if self.angle != 0 && to.angle != 0 {
            return None;
        }
        Some(v * self.scale_without_angle() / to.scale_without_angle())
    }

    /// How many `to` one of this unit's rounding steps is: the factor
    /// [`Unit::convert`] scales by (1 when they do not convert).
    pub fn ratio(&self, to: &Self) -> f64 {
        if self.angle == to.angle || self.angle != 0 && to.angle != 0 {
            (self.factor / to.factor).abs()
        } else {
            (self.scale_without_angle() / to.scale_without_angle()).abs()
        }
    }

    fn scale_without_angle(&self) -> f64 {
        self.factor / self.angle_factor
    }

    fn mul(self, other: &Self, sign: i8) -> Result<Self, UnitError> {
        let dim = self.dim.mul(other.dim, sign).ok_or(overflow())?;
        let currency = match (self.currency, other.currency) {
            (Some(a), Some(b)) if a != b => return Err(UnitError::MixedCurrencies),
            (a, b) => a.or(b),
        };
        let factor = if sign > 0 { self.factor * other.factor } else { self.factor / other.factor };
        let angle_factor = if sign > 0 {
            self.angle_factor * other.angle_factor
        } else {
            self.angle_factor / other.angle_factor
        };
        let angle = self
            .angle
            .checked_add(other.angle.checked_mul(sign).ok_or(overflow())?)
            .ok_or(overflow())?;
        // An offset scale inside a compound unit is a temperature
        // difference (`J/(kg·°C)`), so the offset is dropped.
        Ok(Self { factor, dim, offset: 0.0, currency, angle, angle_factor, text: String::new() })
    }

    fn pow(self, n: i8) -> Result<Self, UnitError> {
        let dim = self.dim.pow(n).ok_or(overflow())?;
        let offset = if n == 1 { self.offset } else { 0.0 };
        Ok(Self {
            factor: self.factor.powi(i32::from(n)),
            dim,
            offset,
            currency: self.currency,
            angle: self.angle.checked_mul(n).ok_or(overflow())?,
            angle_factor: self.angle_factor.powi(i32::from(n)),
            text: String::new(),
        })
    }
}

fn overflow() -> UnitError {
    UnitError::TooComplex { reason: "exponent overflow".into() }
}

const fn d(m: i8, kg: i8, s: i8, a: i8, k: i8, mol: i8, cd: i8) -> Dimension {
    Dimension([m, kg, s, a, k, mol, cd, 0])
}

const NONE: Dimension = Dimension::NONE;
const LENGTH: Dimension = d(1, 0, 0, 0, 0, 0, 0);
const MASS: Dimension = d(0, 1, 0, 0, 0, 0, 0);
const TIME: Dimension = d(0, 0, 1, 0, 0, 0, 0);
const CURRENT: Dimension = d(0, 0, 0, 1, 0, 0, 0);
const TEMP: Dimension = d(0, 0, 0, 0, 1, 0, 0);
const AMOUNT: Dimension = d(0, 0, 0, 0, 0, 1, 0);
const LUMINOUS: Dimension = d(0, 0, 0, 0, 0, 0, 1);
const FREQ: Dimension = d(0, 0, -1, 0, 0, 0, 0);
const FORCE: Dimension = d(1, 1, -2, 0, 0, 0, 0);
const PRESSURE: Dimension = d(-1, 1, -2, 0, 0, 0, 0);
const ENERGY: Dimension = d(2, 1, -2, 0, 0, 0, 0);
const POWER: Dimension = d(2, 1, -3, 0, 0, 0, 0);
const CHARGE: Dimension = d(0, 0, 1, 1, 0, 0, 0);
const VOLTAGE: Dimension = d(2, 1, -3, -1, 0, 0, 0);
const CAPACITANCE: Dimension = d(-2, -1, 4, 2, 0, 0, 0);
const RESISTANCE: Dimension = d(2, 1, -3, -2, 0, 0, 0);
const CONDUCTANCE: Dimension = d(-2, -1, 3, 2, 0, 0, 0);
const FLUX: Dimension = d(2, 1, -2, -1, 0, 0, 0);
const FLUX_DENSITY: Dimension = d(0, 1, -2, -1, 0, 0, 0);
const INDUCTANCE: Dimension = d(2, 1, -2, -2, 0, 0, 0);
const VOLUME: Dimension = d(3, 0, 0, 0, 0, 0, 0);
const VELOCITY: Dimension = d(1, 0, -1, 0, 0, 0, 0);
const MOLARITY: Dimension = d(-3, 0, 0, 0, 0, 1, 0);
const DOSE: Dimension = d(2, 0, -2, 0, 0, 0, 0);
const MONEY: Dimension = Dimension([0, 0, 0, 0, 0, 0, 0, 1]);

const PI: f64 = std::f64::consts::PI;
const EV: f64 = 1.602_176_634e-19;

/// `(symbol, factor to SI, dimension, takes SI prefixes)`.
const UNITS: &[(&str, f64, Dimension, bool)] = &[
    ("m", 1.0, LENGTH, true),
    ("g", 1e-3, MASS, true),
    ("s", 1.0, TIME, true),
    ("A", 1.0, CURRENT, true),
    ("K", 1.0, TEMP, true),
    ("mol", 1.0, AMOUNT, true),
    ("cd", 1.0, LUMINOUS, true),
    // A hertz is a cycle (2π rad) per second: see `ANGLES`.
    ("Hz", 2.0 * PI, FREQ, true),
    ("N", 1.0, FORCE, true),
    ("Pa", 1.0, PRESSURE, true),
    ("J", 1.0, ENERGY, true),
    ("W", 1.0, POWER, true),
    ("C", 1.0, CHARGE, true),
    ("V", 1.0, VOLTAGE, true),
    ("F", 1.0, CAPACITANCE, true),
    ("Ω", 1.0, RESISTANCE, true),
    ("S", 1.0, CONDUCTANCE, true),
    ("Wb", 1.0, FLUX, true),
    ("T", 1.0, FLUX_DENSITY, true),
    ("H", 1.0, INDUCTANCE, true),
    ("Bq", 1.0, FREQ, true),
    ("Gy", 1.0, DOSE, true),
    ("Sv", 1.0, DOSE, true),
    ("lm", 1.0, LUMINOUS, true),
    ("L", 1e-3, VOLUME, true),
    ("l", 1e-3, VOLUME, true),
    ("M", 1e3, MOLARITY, true),
    ("eV", EV, ENERGY, true),
    ("cal", 4.184, ENERGY, true),
    ("Cal", 4184.0, ENERGY, false),
    ("Wh", 3600.0, ENERGY, true),
    ("erg", 1e-7, ENERGY, false),
    ("dyn", 1e-5, FORCE, false),
    ("bar", 1e5, PRESSURE, true),
    ("atm", 101_325.0, PRESSURE, false),
    ("Torr", 101_325.0 / 760.0, PRESSURE, true),
    ("torr", 101_325.0 / 760.0, PRESSURE, false),
    ("mmHg", 133.322_387_415, PRESSURE, false),
    ("psi", 6_894.757_293_168_361, PRESSURE, false),
    ("min", 60.0, TIME, false),
    ("h", 3600.0, TIME, false),
    ("hr", 3600.0, TIME, false),
    ("d", 86_400.0, TIME, false),
    ("day", 86_400.0, TIME, false),
    ("yr", 31_557_600.0, TIME, false),
    ("y", 31_557_600.0, TIME, false),
    ("Å", 1e-10, LENGTH, false),
    ("in", 0.0254, LENGTH, false),
    ("ft", 0.3048, LENGTH, false),
    ("yd", 0.9144, LENGTH, false),
    ("mi", 1609.344, LENGTH, false),
    ("au", 1.495_978_707e11, LENGTH, false),
    ("AU", 1.495_978_707e11, LENGTH, false),
    ("ly", 9.460_730_472_580_8e15, LENGTH, false),
    ("pc", 3.085_677_581_491_367e16, LENGTH, true),
    ("lb", 0.453_592_37, MASS, false),
    ("lbm", 0.453_592_37, MASS, false),
    ("oz", 0.028_349_523_125, MASS, false),
    ("t", 1000.0, MASS, false),
    ("u", 1.660_539_066_60e-27, MASS, false),
    ("amu", 1.660_539_066_60e-27, MASS, false),
    ("Da", 1.660_539_066_60e-27, MASS, true),
    ("lbf", 4.448_221_615_260_5, FORCE, false),
    ("mph", 0.44704, VELOCITY, false),
    ("kn", 1852.0 / 3600.0, VELOCITY, false),
    ("hp", 745.699_871_582_270_2, POWER, false),
    ("BTU", 1_055.055_852_62, ENERGY, false),
    ("Btu", 1_055.055_852_62, ENERGY, false),
    ("gal", 3.785_411_784e-3, VOLUME, false),
    ("cc", 1e-6, VOLUME, false),
    ("rad", 1.0, NONE, true),
    ("sr", 1.0, NONE, false),
    ("°", PI / 180.0, NONE, false),
    ("deg", PI / 180.0, NONE, false),
    ("rev", 2.0 * PI, NONE, false),
    ("cycle", 2.0 * PI, NONE, false),
    ("rpm", 2.0 * PI / 60.0, FREQ, false),
    ("%", 0.01, NONE, false),
    ("ppm", 1e-6, NONE, false),
    ("G", 1e-4, FLUX_DENSITY, false),
    ("$", 1.0, MONEY, false),
    ("€", 1.0, MONEY, false),
    ("£", 1.0, MONEY, false),
    ("¥", 1.0, MONEY, false),
    ("thousand", 1e3, NONE, false),
    ("million", 1e6, NONE, false),
    ("billion", 1e9, NONE, false),
    ("trillion", 1e12, NONE, false),
];

/// Units that count angles: `(symbol, angle exponent, angle factor)`. The
/// angle factor is the part of the unit's SI factor that measures its
/// angle in radians (a cycle is 2π rad), so a hertz is `2π rad/s` but
/// `1 s^-1` when compared with a unit that has no angle.
const ANGLES: &[(&str, i8, f64)] = &[
    ("rad", 1, 1.0),
    ("sr", 2, 1.0),
    ("°", 1, PI / 180.0),
    ("deg", 1, PI / 180.0),
    ("rev", 1, 2.0 * PI),
    ("cycle", 1, 2.0 * PI),
    ("rpm", 1, 2.0 * PI),
    ("Hz", 1, 2.0 * PI),
];

fn angle_of(sym: &str) -> (i8, f64) {
    ANGLES.iter().find(|(s, ..)| *s == sym).map_or((0, 1.0), |&(_, a, f)| (a, f))
}

/// Temperature scales with an offset: `(symbol, factor, offset)`.
const AFFINE: &[(&str, f64, f64)] =
    &[("°C", 1.0, 273.15), ("°F", 5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0)];

/// Currency codes by symbol.
const CURRENCY: &[(&str, &str)] = &[("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")];

/// SI prefixes, longest first (`da` before `d`).
const PREFIXES: &[(&str, f64)] = &[
    ("da", 1e1),
    ("Q", 1e30),
    ("R", 1e27),
    ("Y", 1e24),
    ("Z", 1e21),
    ("E", 1e18),
    ("P", 1e15),
    ("T", 1e12),
    ("G", 1e9),
    ("M", 1e6),
    ("k", 1e3),
    ("h", 1e2),
    ("d", 1e-1),
    ("c", 1e-2),
    ("m", 1e-3),
    ("µ", 1e-6),
    ("u", 1e-6),
    ("n", 1e-9),
    ("p", 1e-12),
    ("f", 1e-15),
    ("a", 1e-18),
    ("z", 1e-21),
    ("y", 1e-24),
];

/// Spelled-out names, lowercase, singular → symbol. Plurals (`-s`, `-es`)
/// and the prefixes below are handled when looking up.
const WORDS: &[(&str, &str)] = &[
    ("meter", "m"),
    ("metre", "m"),
    ("gram", "g"),
    ("gramme", "g"),
    ("second", "s"),
    ("sec", "s"),
    ("ampere", "A"),
    ("amp", "A"),
    ("kelvin", "K"),
    ("mole", "mol"),
    ("candela", "cd"),
    ("hertz", "Hz"),
    ("newton", "N"),
    ("pascal", "Pa"),
    ("joule", "J"),
    ("watt", "W"),
    ("coulomb", "C"),
    ("volt", "V"),
    ("farad", "F"),
    ("ohm", "Ω"),
    ("siemens", "S"),
    ("weber", "Wb"),
    ("tesla", "T"),
    ("henry", "H"),
    ("becquerel", "Bq"),
    ("liter", "L"),
    ("litre", "L"),
    ("molar", "M"),
    ("electronvolt", "eV"),
    ("electron-volt", "eV"),
    ("calorie", "cal"),
    ("atmosphere", "atm"),
    ("minute", "min"),
    ("hour", "h"),
    ("year", "yr"),
    ("angstrom", "Å"),
    ("inch", "in"),
    ("inche", "in"),
    ("foot", "ft"),
    ("feet", "ft"),
    ("yard", "yd"),
    ("mile", "mi"),
    ("pound", "lb"),
    ("ounce", "oz"),
    ("ton", "t"),
    ("tonne", "t"),
    ("radian", "rad"),
    ("degree", "°"),
    ("revolution", "rev"),
    ("cycle", "cycle"),
    ("percent", "%"),
    ("dollar", "$"),
    ("usd", "$"),
    ("euro", "€"),
    ("eur", "€"),
    ("gallon", "gal"),
    ("horsepower", "hp"),
    ("gauss", "G"),
    ("celsius", "°C"),
    ("fahrenheit", "°F"),
];

const WORD_PREFIXES: &[(&str, &str)] = &[
    ("kilo", "k"),
    ("mega", "M"),
    ("giga", "G"),
    ("tera", "T"),
    ("milli", "m"),
    ("micro", "µ"),
    ("nano", "n"),
    ("pico", "p"),
    ("femto", "f"),
    ("centi", "c"),
    ("deci", "d"),
    ("hecto", "h"),
];

fn base(sym: &str) -> Option<Unit> {
    if let Some(&(_, factor, offset)) = AFFINE.iter().find(|(s, _, _)| *s == sym) {
        return Some(Unit {
            factor,
            dim: TEMP,
            offset,
            currency: None,
            angle: 0,
            angle_factor: 1.0,
            text: String::new(),
        });
    }
    UNITS.iter().find(|(s, ..)| *s == sym).map(|&(s, factor, dim, _)| {
        let (angle, angle_factor) = angle_of(s);
        Unit {
            factor,
            dim,
            offset: 0.0,
            currency: CURRENCY.iter().find(|(c, _)| *c == s).map(|(_, code)| *code),
            angle,
            angle_factor,
            text: String::new(),
        }
    })
}

/// One unit name: an exact symbol, a prefixed symbol, or a word.
fn atom(name: &str) -> Option<Unit> {
    if let Some(u) = base(name) {
        return Some(u);
    }
    for (p, scale) in PREFIXES {
        if let Some(rest) = name.strip_prefix(p)
            && let Some(&(_, factor, dim, true)) = UNITS.iter().find(|(s, ..)| *s == rest)
        {
            let (angle, angle_factor) = angle_of(rest);
            return Some(Unit {
                factor: factor * scale,
                dim,
                offset: 0.0,
                currency: None,
                angle,
                angle_factor,
                text: String::new(),
            });
        }
    }
    word(name)
}

fn word(name: &str) -> Option<Unit> {
    let lower = name.to_lowercase();
    let singular = |w: &str| -> Option<&'static str> {
        let candidates = [Some(w), w.strip_suffix('s'), w.strip_suffix("es")];
        candidates
            .into_iter()
            .flatten()
            .find_map(|c| WORDS.iter().find(|(n, _)| *n == c).map(|(_, s)| *s))
    };
    if let Some(sym) = singular(&lower) {
        return base(sym);
    }
    for (wp, p) in WORD_PREFIXES {
        if let Some(rest) = lower.strip_prefix(wp)
            && let Some(sym) = singular(rest)
        {
            return atom(&format!("{p}{sym}"))
                .filter(|_| UNITS.iter().any(|&(s, _, _, prefixable)| s == sym && prefixable));
        }
    }
    None
}

/// Rewrites LaTeX and Unicode spellings into the plain forms the tokenizer
/// reads.
pub(crate) fn normalize(text: &str) -> String {
    let mut s = text.trim().to_owned();
    // `\frac{a}{b}` → `(a)/(b)`.
    while let Some(at) = s.find("\\frac") {
        let rest = &s[at + 5..];
        let Some((num, after)) = braced(rest) else { break };
        let Some((den, after2)) = braced(after) else { break };
        let tail = after2.to_owned();
        s = format!("{}({num})/({den}){tail}", &s[..at]);
    }
    for (from, to) in [
        ("\\mathrm", ""),
        ("\\textrm", ""),
        ("\\text", ""),
        ("\\operatorname", ""),
        ("\\mbox", ""),
        ("\\rm", ""),
        ("^{\\circ}", "°"),
        ("^\\circ", "°"),
        ("\\circ", "°"),
        ("\\degree", "°"),
        ("\\deg", "°"),
        ("\\%", "%"),
        ("\\$", "$"),
        ("\\mu ", "µ"),
        ("\\mu", "µ"),
        ("μ", "µ"),
        ("\\Omega", "Ω"),
        ("Ω", "Ω"),
        ("\\AA", "Å"),
        ("Å", "Å"),
        ("\\cdot", "*"),
        ("\\times", "*"),
        ("·", "*"),
        ("⋅", "*"),
        ("×", "*"),
        ("\\,", " "),
        ("\\;", " "),
        ("\\:", " "),
        ("\\!", ""),
        ("\\ ", " "),
        ("~", " "),
        ("\\left", ""),
        ("\\right", ""),
        ("²", "^2"),
        ("³", "^3"),
        ("⁻¹", "^-1"),
        ("⁻²", "^-2"),
        ("⁻³", "^-3"),
        ("−", "-"),
        ("{", ""),
        ("}", ""),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

/// The content of a `{…}` group at the start of `s` (after spaces) and the
/// rest.
fn braced(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    let body = s.strip_prefix('{')?;
    let mut depth = 1usize;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&body[..i], &body[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Int(i8),
    Mul,
    Div,
    Pow,
    Open,
    Close,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(n) => f.write_str(n),
            Self::Int(i) => write!(f, "{i}"),
            Self::Mul => f.write_str("*"),
            Self::Div => f.write_str("/"),
            Self::Pow => f.write_str("^"),
            Self::Open => f.write_str("("),
            Self::Close => f.write_str(")"),
        }
    }
}

const MAX_TOKENS: usize = 64;

fn tokenize(s: &str) -> Result<Vec<Tok>, UnitError> {
    let mut toks = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if toks.len() > MAX_TOKENS {
            return too_complex("unit expression too long");
        }
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' => {
                i += 1;
                continue;
            }
            '*' | '.' => toks.push(Tok::Mul),
            '/' => toks.push(Tok::Div),
            '^' => toks.push(Tok::Pow),
            '(' | '[' => toks.push(Tok::Open),
            ')' | ']' => toks.push(Tok::Close),
            '-' | '+' | '0'..='9' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n: i8 = text
                    .parse()
                    .map_err(|_| UnitError::Syntax { reason: format!("bad exponent `{text}`") })?;
                toks.push(Tok::Int(n));
                continue;
            }
            '°' => {
                // `°C` and `°F` are one name; a lone `°` is the degree.
                let mut j = i + 1;
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                let next = chars.get(j).copied();
                if matches!(next, Some('C' | 'F'))
                    && !chars.get(j + 1).is_some_and(|c| c.is_alphabetic())
                {
                    toks.push(Tok::Name(format!("°{}", next.unwrap_or('C'))));
                    i = j + 1;
                } else {
                    toks.push(Tok::Name("°".into()));
                    i += 1;
                }
                continue;
            }
            '%' | '$' | '€' | '£' | '¥' | 'Ω' | 'Å' => toks.push(Tok::Name(c.to_string())),
            c if c.is_alphabetic() || c == 'µ' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphabetic()
                        || chars[i] == 'µ'
                        || chars[i] == 'Ω'
                        || (chars[i] == '-' && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())))
                {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                if name.eq_ignore_ascii_case("per") {
                    toks.push(Tok::Div);
                } else if name.eq_ignore_ascii_case("squared") {
                    toks.push(Tok::Pow);
                    toks.push(Tok::Int(2));
                } else if name.eq_ignore_ascii_case("cubed") {
                    toks.push(Tok::Pow);
                    toks.push(Tok::Int(3));
                } else if matches!(name.to_lowercase().as_str(), "square" | "sq") {
                    // `square meters`: read as a power of the next name.
                    toks.push(Tok::Name("\u{1}2".into()));
                } else if matches!(name.to_lowercase().as_str(), "cubic" | "cu") {
                    toks.push(Tok::Name("\u{1}3".into()));
                } else if name.eq_ignore_ascii_case("degrees")
                    || name.eq_ignore_ascii_case("degree")
                {
                    toks.push(Tok::Name("°".into()));
                } else {
                    toks.push(Tok::Name(name));
                }
                continue;
            }
            _ => return syntax(format!("unexpected `{c}` in unit")),
        }
        i += 1;
    }
    Ok(toks)
}

struct UnitParser {
    toks: Vec<Tok>,
    i: usize,
}

impl UnitParser {
    /// A product; after a `/`, every factor up to the next `/` or `)` is in
    /// the denominator (`J/kg K` is `J/(kg·K)`, `m/s/s` is `m/s²`).
    fn expr(&mut self, depth: usize) -> Result<Unit, UnitError> {
        if depth > 8 {
            return too_complex("unit nested too deeply");
        }
        let mut acc = Unit::one();
        let mut sign = 1i8;
        let mut count = 0usize;
        let mut single = None;
        loop {
            match self.toks.get(self.i) {
                None | Some(Tok::Close) => break,
                Some(Tok::Mul) => {
                    self.i += 1;
                    continue;
                }
                Some(Tok::Div) => {
                    self.i += 1;
                    sign = -1;
                    continue;
                }
                _ => {}
            }
            let f = self.factor(depth)?;
            count += 1;
            if count == 1 && sign == 1 {
                single = Some(f.clone());
            }
            acc = acc.mul(&f, sign)?;
        }
        match (count, single) {
            (0, _) => Err(UnitError::Empty),
            // A lone unit keeps its offset (`°C`); in a product it is a
            // temperature difference.
            (1, Some(f)) => Ok(f),
            _ => Ok(acc),
        }
    }

    fn factor(&mut self, depth: usize) -> Result<Unit, UnitError> {
        let tok = self.toks.get(self.i).cloned();
        self.i += 1;
        let mut u = match tok {
            Some(Tok::Open) => {
                let u = self.expr(depth + 1)?;
                if self.toks.get(self.i) != Some(&Tok::Close) {
                    return syntax("unclosed parenthesis in unit");
                }
                self.i += 1;
                u
            }
            Some(Tok::Name(n)) if n.starts_with('\u{1}') => {
                let power: i8 = n[1..].parse().unwrap_or(1);
                let inner = self.factor(depth)?;
                inner.pow(power)?
            }
            Some(Tok::Name(n)) => atom(&n).ok_or_else(|| UnitError::Unknown { name: n.clone() })?,
            Some(Tok::Int(1)) => Unit::one(),
            Some(t) => return syntax(format!("unexpected `{t}` in unit")),
            None => return syntax("unit ends early"),
        };
        if self.toks.get(self.i) == Some(&Tok::Pow) {
            self.i += 1;
            let n = match self.toks.get(self.i) {
                Some(Tok::Int(n)) => *n,
                Some(Tok::Open) => {
                    let n = match self.toks.get(self.i + 1) {
                        Some(Tok::Int(n)) => *n,
                        _ => return syntax("bad exponent in unit"),
                    };
                    if self.toks.get(self.i + 2) != Some(&Tok::Close) {
                        return syntax("bad exponent in unit");
                    }
                    self.i += 2;
                    n
                }
                _ => return syntax("bad exponent in unit"),
            };
            self.i += 1;
            u = u.pow(n)?;
        } else if let Some(Tok::Int(n)) = self.toks.get(self.i) {
            // `m2`, `s-1`.
            let n = *n;
            self.i += 1;
            u = u.pow(n)?;
        }
        Ok(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn si(u: &str, v: f64) -> f64 {
        Unit::parse(u).unwrap_or_else(|e| panic!("{u}: {e}")).to_si(v)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }

    #[test]
    fn prefixes_and_derived_units_convert() {
        assert!(close(si("km/h", 72.0), 20.0));
        assert!(close(si("mA", 250.0), 0.25));
        assert!(close(si("eV", 2.0), 2.0 * EV));
        assert!(close(si("kWh", 1.0), 3.6e6));
        assert!(close(si("µs", 3.0), 3e-6));
        assert!(close(si("\\mu s", 3.0), 3e-6));
        assert!(close(si("nm", 500.0), 5e-7));
        assert!(close(si("g/cm^3", 1.0), 1000.0));
        assert!((si("mmHg", 760.0) - 101_325.0).abs() < 0.1);
        assert!(close(si("kilometers per hour", 36.0), 10.0));
        assert!(close(si("°F", 212.0), 373.15));
        assert!(close(si("\\text{ m/s}^{2}", 1.0), 1.0));
    }

    #[test]
    fn cycles_and_radians_are_told_apart() {
        let u = |t: &str| Unit::parse(t).unwrap_or_else(|e| panic!("{t}: {e}"));
        let conv = |v: f64, from: &str, to: &str| u(from).convert(v, &u(to));
        let tau = 2.0 * PI;
        // Same angle exponent: full factors.
        assert!(conv(1.0, "Hz", "rad/s").is_some_and(|v| close(v, tau)));
        assert!(conv(1.0, "rad/s", "Hz").is_some_and(|v| close(v, 1.0 / tau)));
        assert!(conv(60.0, "rpm", "Hz").is_some_and(|v| close(v, 1.0)));
        assert!(conv(2.5, "kHz", "Hz").is_some_and(|v| close(v, 2500.0)));
        assert!(conv(3.0, "cycles per second", "Hz").is_some_and(|v| close(v, 3.0)));
        assert!(conv(180.0, "°", "rad").is_some_and(|v| close(v, PI)));
        // One side without an angle is read in the other's angle unit.
        assert!(conv(1.0, "Hz", "s^-1").is_some_and(|v| close(v, 1.0)));
        assert!(conv(5.0, "rad/s", "1/s").is_some_and(|v| close(v, 5.0)));
        assert!(conv(1.0, "Bq", "Hz").is_some_and(|v| close(v, 1.0)));
        // Two different angle exponents, or dimensions, do not convert.
        assert_eq!(conv(1.0, "sr", "rad"), None);
        assert_eq!(conv(1.0, "Hz", "m"), None);
        assert_eq!(u("rad/s").angle(), 1);
        assert_eq!(u("Hz*s").angle(), 1);
        assert_eq!(u("m/s").angle(), 0);
    }

    #[test]
    fn dimensions_compose() {
        let dim = |u: &str| Unit::parse(u).unwrap_or_else(|e| panic!("{u}: {e}")).dimension();
        assert_eq!(dim("kg m/s^2"), dim("N"));
        assert_eq!(dim("J/(kg·K)"), dim("J/kg K"));
        assert_eq!(dim("m s^{-2}"), dim("m/s/s"));
        assert_eq!(dim("\\mathrm{kg\\,m^2\\,s^{-2}}"), dim("J"));
        assert_eq!(dim("V/m"), dim("N/C"));
        assert_eq!(dim("\\Omega"), dim("V/A"));
        assert_eq!(dim("square meters"), dim("m^2"));
        assert_ne!(dim("J"), dim("W"));
        assert_ne!(dim("$"), dim("%"));
    }

    #[test]
    fn symbols_beat_prefix_readings() {
        // `min` is minutes, `Pa` pascal, `mM` millimolar, `Mm` megametre.
        assert!(close(si("min", 1.0), 60.0));
        assert!(close(si("Pa", 1.0), 1.0));
        assert!(close(si("mM", 1.0), 1.0));
        assert!(close(si("Mm", 1.0), 1e6));
        assert!(close(si("cd", 1.0), 1.0));
    }

    #[test]
    fn garbage_is_an_error() {
        for bad in ["", "banana", "m^", "(m", "m^^2", "m^999", "kg)", "furlongs"] {
            assert!(Unit::parse(bad).is_err(), "{bad}");
        }
    }
}
