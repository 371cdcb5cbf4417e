//! Evaluation of scalar expressions: exact Gaussian rationals where the
//! arithmetic allows it, else complex floats that carry an error bound.
//!
//! Every step charges the [`Context`]; powers and factorials check the size
//! of their result before computing it and fall back to floating point
//! (which may overflow to "undecidable") rather than building huge numbers.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rlvr_core::{Context, Error};

use crate::ast::{Const, Expr, Func};

/// The largest exact result a power or factorial may produce, in bits
/// (65,536: about 19,700 digits; larger powers take milliseconds to build
/// with num-bigint and are evaluated in floating point instead).
const MAX_BITS: u64 = 1 << 16;
/// Relative error of one floating-point operation, with slack.
const EPS: f64 = 4.0 * f64::EPSILON;

/// An exact Gaussian rational `re + im·i`; both parts are kept reduced.
#[derive(Debug, Clone)]
pub(crate) struct Gq {
    pub(crate) re: BigRational,
    pub(crate) im: BigRational,
}

/// Reduced fractions are equal when their parts are: no cross products.
impl PartialEq for Gq {
    fn eq(&self, o: &Self) -> bool {
        let same =
            |a: &BigRational, b: &BigRational| a.numer() == b.numer() && a.denom() == b.denom();
        same(&self.re, &o.re) && same(&self.im, &o.im)
    }
}

impl Eq for Gq {}

impl Gq {
    pub(crate) fn real(re: BigRational) -> Self {
        Self { re, im: BigRational::zero() }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.re.is_zero() && self.im.is_zero()
    }

    pub(crate) fn is_real(&self) -> bool {
        self.im.is_zero()
    }

    /// About how many bits the value takes (an upper bound on the
    /// growth of its powers: `3` counts 2, not 4).
    fn bits(&self) -> u64 {
        let part = |r: &BigRational| {
            if r.is_zero() { 0 } else { r.numer().bits() + r.denom().bits() - 1 }
        };
        part(&self.re) + part(&self.im)
    }

    /// `None` when reducing the result would cost too much (see [`gcd`]).
    fn add(&self, o: &Self) -> Option<Self> {
        Some(Self { re: radd(&self.re, &o.re)?, im: radd(&self.im, &o.im)? })
    }

    fn neg(&self) -> Self {
        Self { re: -&self.re, im: -&self.im }
    }

    /// `None` when reducing the result would cost too much.
    pub(crate) fn mul(&self, o: &Self) -> Option<Self> {
        if self.is_real() && o.is_real() {
            return Some(Self::real(rmul(&self.re, &o.re)?));
        }
        Some(Self {
            re: rsub(&rmul(&self.re, &o.re)?, &rmul(&self.im, &o.im)?)?,
            im: radd(&rmul(&self.re, &o.im)?, &rmul(&self.im, &o.re)?)?,
        })
    }

    /// `None` for zero, or when reducing the result would cost too much
    /// (callers tell the two apart with [`Gq::is_zero`]).
    pub(crate) fn inv(&self) -> Option<Self> {
        if self.is_zero() {
            return None;
        }
        if self.is_real() {
            return Some(Self::real(self.re.recip()));
        }
        let d = radd(&rmul(&self.re, &self.re)?, &rmul(&self.im, &self.im)?)?;
        Some(Self { re: rdiv(&self.re, &d)?, im: -rdiv(&self.im, &d)? })
    }

    fn to_c(&self) -> (f64, f64) {
        (rat_f64(&self.re), rat_f64(&self.im))
    }
}

/// The most machine-word operations one gcd may spend (a fraction of a
/// millisecond); a gcd that needs more gives up and the caller falls back
/// to floating point.
const GCD_WORK: u64 = 1 << 16;

/// The gcd of two integers (non-negative), or `None` when it would cost
/// more than [`GCD_WORK`]. num-integer's binary gcd is quadratic even when
/// one side is tiny (`gcd(1, 2004!)` shifts through every bit), so a small
/// side reduces the big one with one division and finishes in machine
/// words, and big pairs run Euclid's algorithm, whose first division
/// usually settles the factorials and powers of answers; two huge coprime
/// numbers (`5^{80000}`, `7^{80000}`) would take seconds and give up.
pub(crate) fn gcd(a: &BigInt, b: &BigInt) -> Option<BigInt> {
    let (mut x, mut y) = (a.magnitude().clone(), b.magnitude().clone());
    if x < y {
        std::mem::swap(&mut x, &mut y);
    }
    let mut work = 0u64;
    loop {
        if y.is_zero() {
            return Some(BigInt::from(x));
        }
        if let Some(small) = y.to_u64() {
            let r = (&x % small).to_u64().unwrap_or(0);
            return Some(BigInt::from(small.gcd(&r)));
        }
        // One division costs about (words of x) × (words of the quotient).
        let (xw, yw) = (x.bits() / 64 + 1, y.bits() / 64 + 1);
        work += xw * (xw - yw.min(xw) + 1);
        if work > GCD_WORK {
            return None;
        }
        let r = &x % &y;
        x = y;
        y = r;
    }
}

/// [`gcd`], charging `cx` for it first (as for a product of the two).
pub(crate) fn charged_gcd(a: &BigInt, b: &BigInt, cx: &Context) -> Result<Option<BigInt>, Error> {
    cx.charge(size_cost(a.bits(), b.bits(), false) + words(a.bits()) + words(b.bits()))?;
    Ok(gcd(a, b))
}

/// `n / d` for a reduced fraction's parts (`d > 0`), without a gcd.
fn raw(n: BigInt, d: BigInt) -> BigRational {
    BigRational::new_raw(n, d)
}

/// `a / g`, skipping the division when `g` is one.
fn div_by(a: &BigInt, g: &BigInt) -> BigInt {
    if g.is_one() { a.clone() } else { a / g }
}

/// `a + b`, reduced with gcds of the denominators only (Knuth's method),
/// so that adding to an integer never takes a gcd of a huge number.
/// `None` when a gcd would cost too much.
pub(crate) fn radd(a: &BigRational, b: &BigRational) -> Option<BigRational> {
    if a.is_zero() {
        return Some(b.clone());
    }
    if b.is_zero() {
        return Some(a.clone());
    }
    let (p, q, r, s) = (a.numer(), a.denom(), b.numer(), b.denom());
    if q.is_one() && s.is_one() {
        return Some(BigRational::from_integer(p + r));
    }
    if q.is_one() {
        return Some(raw(p * s + r, s.clone()));
    }
    if s.is_one() {
        return Some(raw(p + r * q, q.clone()));
    }
    let d1 = gcd(q, s)?;
    if d1.is_one() {
        return Some(raw(p * s + r * q, q * s));
    }
    let t = p * div_by(s, &d1) + r * div_by(q, &d1);
    if t.is_zero() {
        return Some(BigRational::zero());
    }
    let d2 = gcd(&t, &d1)?;
    Some(raw(div_by(&t, &d2), div_by(q, &d1) * div_by(s, &d2)))
}

/// `a - b`.
pub(crate) fn rsub(a: &BigRational, b: &BigRational) -> Option<BigRational> {
    radd(a, &-b)
}

/// `a · b`, reduced by cross gcds (each cheap when one side is small).
pub(crate) fn rmul(a: &BigRational, b: &BigRational) -> Option<BigRational> {
    if a.is_zero() || b.is_zero() {
        return Some(BigRational::zero());
    }
    let (p, q, r, s) = (a.numer(), a.denom(), b.numer(), b.denom());
    if q.is_one() && s.is_one() {
        return Some(BigRational::from_integer(p * r));
    }
    let g1 = gcd(p, s)?;
    let g2 = gcd(r, q)?;
    Some(raw(div_by(p, &g1) * div_by(r, &g2), div_by(q, &g2) * div_by(s, &g1)))
}

/// `a / b` (`b` nonzero).
pub(crate) fn rdiv(a: &BigRational, b: &BigRational) -> Option<BigRational> {
    rmul(a, &b.recip())
}

/// A rational as the nearest `f64` (infinite when out of range).
pub(crate) fn rat_f64(r: &BigRational) -> f64 {
    r.to_f64().unwrap_or(if r.is_negative() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// A scalar value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Exact(Gq),
    /// `re + im·i`, within `err` (absolute) of the true value.
    Approx {
        re: f64,
        im: f64,
        err: f64,
    },
}

/// Why a scalar could not be evaluated.
#[derive(Debug)]
pub(crate) enum EvalError {
    /// Division by zero or a value outside a function's domain.
    Undefined,
    /// Not a scalar, or not something we evaluate (an opaque function).
    Unsupported,
    /// A floating-point value overflowed: too large to tell.
    Overflow,
    /// The budget ran out.
    Budget(Error),
}

impl From<Error> for EvalError {
    fn from(e: Error) -> Self {
        Self::Budget(e)
    }
}

type EResult = Result<Val, EvalError>;

fn approx(re: f64, im: f64, err: f64) -> Val {
    Val::Approx { re, im, err }
}

/// A float result of a value known to be nonzero. When it underflowed to
/// zero (`10^{-10^6}`, `e^{-1000}`), the float has lost the value: its
/// error bound is unbounded, so it is never found equal to anything (in
/// particular not to `0`), and comparisons with it are undecided.
fn approx_nonzero(re: f64, im: f64, err: f64) -> Val {
    if re == 0.0 && im == 0.0 { approx(0.0, 0.0, f64::INFINITY) } else { approx(re, im, err) }
}

impl Val {
    pub(crate) fn int(n: i64) -> Self {
        Self::Exact(Gq::real(BigRational::from_integer(BigInt::from(n))))
    }

    /// The value as a complex float with its error bound.
    pub(crate) fn c(&self) -> (f64, f64, f64) {
        match self {
            Self::Exact(q) => {
                let (re, im) = q.to_c();
                if re == 0.0 && im == 0.0 && !q.is_zero() {
                    // Below a float's range: see `approx_nonzero`.
                    return (0.0, 0.0, f64::INFINITY);
                }
                (re, im, EPS * re.hypot(im))
            }
            Self::Approx { re, im, err } => (*re, *im, *err),
        }
    }

    pub(crate) fn is_finite(&self) -> bool {
        let (re, im, err) = self.c();
        re.is_finite() && im.is_finite() && err.is_finite()
    }

    /// The exact real value, if it is one.
    pub(crate) fn exact_real(&self) -> Option<&BigRational> {
        match self {
            Self::Exact(q) if q.is_real() => Some(&q.re),
            _ => None,
        }
    }

    /// `self + o`, charging `cx` for it first (see [`charge_op`]).
    pub(crate) fn add(&self, o: &Self, cx: &Context) -> Result<Self, Error> {
        charge_op(self, o, cx)?;
        Ok(match (self, o) {
            (Self::Exact(a), Self::Exact(b)) if let Some(q) = a.add(b) => Self::Exact(q),
            _ => {
                let (a, b, ea) = self.c();
                let (c, d, eb) = o.c();
                let (re, im) = (a + c, b + d);
                approx(re, im, ea + eb + EPS * re.hypot(im))
            }
        })
    }

    pub(crate) fn neg(&self) -> Self {
        match self {
            Self::Exact(a) => Self::Exact(a.neg()),
            Self::Approx { re, im, err } => approx(-re, -im, *err),
        }
    }

    /// `self · o`, charging `cx` for it first.
    pub(crate) fn mul(&self, o: &Self, cx: &Context) -> Result<Self, Error> {
        charge_op(self, o, cx)?;
        Ok(match (self, o) {
            (Self::Exact(a), Self::Exact(b)) if let Some(q) = a.mul(b) => Self::Exact(q),
            _ => {
                let (a, b, ea) = self.c();
                let (c, d, eb) = o.c();
                let (re, im) = (a * c - b * d, a * d + b * c);
                let (ma, mb) = (a.hypot(b), c.hypot(d));
                let err = ma * eb + mb * ea + ea * eb + EPS * re.hypot(im);
                if ma != 0.0 && mb != 0.0 {
                    approx_nonzero(re, im, err)
                } else {
                    approx(re, im, err)
                }
            }
        })
    }

    /// `1 / self`, charging `cx` for it first.
    pub(crate) fn inv(&self, cx: &Context) -> EResult {
        charge_op(self, self, cx).map_err(EvalError::Budget)?;
        if let Self::Exact(a) = self {
            if a.is_zero() {
                return Err(EvalError::Undefined);
            }
            if let Some(q) = a.inv() {
                return Ok(Self::Exact(q));
            }
        }
        let (re, im, err) = self.c();
        let m = re.hypot(im);
        if !m.is_finite() || !err.is_finite() {
            return Err(EvalError::Overflow);
        }
        if m <= err || m == 0.0 {
            return Err(EvalError::Undefined);
        }
        let d = re * re + im * im;
        let (r, i) = (re / d, -im / d);
        // |1/z - 1/w| <= |z - w| / (|z| |w|).
        let e = err / (m * (m - err)) + EPS * r.hypot(i);
        Ok(approx_nonzero(r, i, e))
    }
}

/// Numerically evaluated functions: `f(z)` and a bound on `|f'(z)|` near
/// `z` (for error propagation).
fn float_fn(f: &Func, re: f64, im: f64) -> Option<(f64, f64, f64)> {
    let z = C(re, im);
    let (v, d) = match f {
        Func::Sin => (z.sin(), z.cos().abs().max(1.0)),
        Func::Cos => (z.cos(), z.sin().abs().max(1.0)),
        Func::Tan => {
            let c = z.cos();
            let v = z.sin().div(c)?;
            (v, 1.0 + v.abs() * v.abs())
        }
        Func::Cot => {
            let s = z.sin();
            let v = z.cos().div(s)?;
            (v, 1.0 + v.abs() * v.abs())
        }
        Func::Sec => {
            let v = C(1.0, 0.0).div(z.cos())?;
            (v, v.abs() * (1.0 + v.abs()))
        }
        Func::Csc => {
            let v = C(1.0, 0.0).div(z.sin())?;
            (v, v.abs() * (1.0 + v.abs()))
        }
        Func::Exp => {
            let v = z.exp();
            (v, v.abs())
        }
        Func::Ln => {
            let m = z.abs();
            if m == 0.0 {
                return None;
            }
            (C(m.ln(), im.atan2(re)), 1.0 / m)
        }
        Func::Sinh => {
            let v = C(re.sinh() * im.cos(), re.cosh() * im.sin());
            (v, re.cosh())
        }
        Func::Cosh => {
            let v = C(re.cosh() * im.cos(), re.sinh() * im.sin());
            (v, re.cosh())
        }
        Func::Tanh if im == 0.0 => (C(re.tanh(), 0.0), 1.0),
        Func::Asin if im == 0.0 && re.abs() < 1.0 => {
            (C(re.asin(), 0.0), 1.0 / (1.0 - re * re).sqrt())
        }
        Func::Acos if im == 0.0 && re.abs() < 1.0 => {
            (C(re.acos(), 0.0), 1.0 / (1.0 - re * re).sqrt())
        }
        Func::Asin if im == 0.0 && re.abs() == 1.0 => (C(re.asin(), 0.0), f64::INFINITY),
        Func::Acos if im == 0.0 && re.abs() == 1.0 => (C(re.acos(), 0.0), f64::INFINITY),
        Func::Atan if im == 0.0 => (C(re.atan(), 0.0), 1.0),
        _ => return None,
    };
    Some((v.0, v.1, d))
}

/// A minimal complex float.
#[derive(Clone, Copy)]
struct C(f64, f64);

impl C {
    fn abs(self) -> f64 {
        self.0.hypot(self.1)
    }
    fn sin(self) -> Self {
        Self(self.0.sin() * self.1.cosh(), self.0.cos() * self.1.sinh())
    }
    fn cos(self) -> Self {
        Self(self.0.cos() * self.1.cosh(), -self.0.sin() * self.1.sinh())
    }
    fn exp(self) -> Self {
        let m = self.0.exp();
        Self(m * self.1.cos(), m * self.1.sin())
    }
    fn div(self, o: Self) -> Option<Self> {
        let d = o.0 * o.0 + o.1 * o.1;
        if d == 0.0 {
            return None;
        }
        Some(Self((self.0 * o.0 + self.1 * o.1) / d, (self.1 * o.0 - self.0 * o.1) / d))
    }
}

/// Variable bindings for one evaluation point.
pub(crate) type Env<'a> = &'a [(String, Val)];

/// Evaluates a scalar expression.
pub(crate) fn eval(e: &Expr, env: Env<'_>, cx: &Context) -> EResult {
    eval_depth(e, env, cx, 0)
}

/// Steps charged for visiting one node of an expression. A visit costs
/// about 100 ns in a release build (a deep recursion with a large frame,
/// values copied in and out), against the some tens of nanoseconds a step
/// stands for; a fuzzed answer of many long literals under sums spent the
/// whole step budget in 3 s at one step a node.
const NODE_STEPS: u64 = 3;

fn eval_depth(e: &Expr, env: Env<'_>, cx: &Context, depth: usize) -> EResult {
    cx.charge(NODE_STEPS)?;
    if depth > crate::parse::MAX_DEPTH * 4 {
        return Err(EvalError::Unsupported);
    }
    let ev = |x: &Expr| eval_depth(x, env, cx, depth + 1);
    Ok(match e {
        Expr::Num(lit) => {
            // The literal is copied: charge its size.
            let v = lit.value();
            cx.charge((v.numer().bits() + v.denom().bits()) / 64)?;
            Val::Exact(Gq::real(v.clone()))
        }
        Expr::Var(v) => env
            .iter()
            .find(|(n, _)| n == v)
            .map(|(_, val)| val.clone())
            .ok_or_else(|| EvalError::Unsupported)?,
        Expr::Const(Const::I) => Val::Exact(Gq { re: BigRational::zero(), im: BigRational::one() }),
        Expr::Const(Const::Pi) => approx(std::f64::consts::PI, 0.0, EPS * 4.0),
        Expr::Const(Const::E) => approx(std::f64::consts::E, 0.0, EPS * 3.0),
        Expr::Const(Const::Infinity) => return Err(EvalError::Unsupported),
        Expr::Neg(a) => ev(a)?.neg(),
        Expr::Sum(terms) => {
            let mut acc = Val::int(0);
            for t in terms {
                acc = acc.add(&ev(t)?, cx)?;
            }
            acc
        }
        Expr::Prod(factors) => {
            let mut acc = Val::int(1);
            for f in factors {
                acc = acc.mul(&ev(f)?, cx)?;
            }
            acc
        }
        Expr::Inv(a) => ev(a)?.inv(cx)?,
        Expr::Pow(a, b) => {
            let (a, b) = (ev(a)?, ev(b)?);
            pow(&a, &b, cx)?
        }
        Expr::Percent(a) => ev(a)?
            .mul(&Val::Exact(Gq::real(BigRational::new(BigInt::one(), BigInt::from(100)))), cx)?,
        // Degrees read as plain numbers (`90^\circ` is 90); the radian
        // reading is an option of the comparison.
        Expr::Degree(a) | Expr::Based(a, _, _) => ev(a)?,
        // The comparison checks a unit where it is outside the value (an
        // item's, or a sum's last term's, which the parser takes outside).
        // A unit met here is inside a larger expression (`\sqrt{4 kg}`,
        // `\frac{3 cm}{2}`), where no one checks it: such a value is not
        // evaluated, so it cannot equal a number with its unit dropped.
        Expr::Quantity(..) => return Err(EvalError::Unsupported),
        Expr::Func(Func::Opaque(name), args) if matches!(name.as_str(), "sum" | "prod") => {
            let [Expr::Var(k), lo, hi, body] = args.as_slice() else {
                return Err(EvalError::Unsupported);
            };
            let int = |v: Val| -> Result<i64, EvalError> {
                v.exact_real()
                    .filter(|r| r.is_integer())
                    .and_then(|r| r.to_integer().to_i64())
                    .ok_or(EvalError::Unsupported)
            };
            let (lo, hi) = (int(ev(lo)?)?, int(ev(hi)?)?);
            if hi.saturating_sub(lo) > MAX_SUM_TERMS {
                return Err(EvalError::Unsupported);
            }
            let mut inner: Vec<(String, Val)> = env.to_vec();
            inner.push((k.clone(), Val::int(0)));
            let last = inner.len() - 1;
            let mut acc = Val::int(if name == "sum" { 0 } else { 1 });
            for i in lo..=hi {
                inner[last].1 = Val::int(i);
                let v = eval_depth(body, &inner, cx, depth + 1)?;
                acc = if name == "sum" { acc.add(&v, cx)? } else { acc.mul(&v, cx)? };
            }
            acc
        }
        Expr::Func(Func::Opaque(name), args) if name == "int" => {
            let [Expr::Var(x), lo, hi, body] = args.as_slice() else {
                return Err(EvalError::Unsupported);
            };
            let (Some(lo), Some(hi)) =
                (ev(lo)?.exact_real().cloned(), ev(hi)?.exact_real().cloned())
            else {
                return Err(EvalError::Unsupported);
            };
            Val::Exact(Gq::real(integrate_polynomial(x, body, &lo, &hi, env, cx, depth)?))
        }
        Expr::Func(Func::Opaque(name), args) if name == "det" => match args.as_slice() {
            [Expr::Matrix(rows)] if rows.len() == rows[0].len() && rows.len() <= MAX_DET => {
                let vals = rows
                    .iter()
                    .map(|r| r.iter().map(ev).collect::<Result<Vec<_>, _>>())
                    .collect::<Result<Vec<_>, _>>()?;
                let cols: Vec<usize> = (0..vals.len()).collect();
                det(&vals, 0, &cols, cx)?
            }
            _ => return Err(EvalError::Unsupported),
        },
        Expr::Func(f, args) => {
            if let [arg] = args.as_slice()
                && let Some(v) = special(f, arg, env, cx, depth)?
            {
                return Ok(v);
            }
            let vals = args.iter().map(ev).collect::<Result<Vec<_>, _>>()?;
            func(f, &vals, cx)?
        }
        _ => return Err(EvalError::Unsupported),
    })
}

/// A function of one argument whose value the argument's form settles:
/// a trigonometric function of a rational multiple of `π` (or of degrees,
/// which inside a trigonometric function are degrees: `\sin 30^\circ` is
/// `\frac12`), exact where the value is rational; `\ln` of `e`, `e^q` and
/// `\exp q`, exactly `1` and `q`. `None`: evaluate as usual.
fn special(
    f: &Func,
    arg: &Expr,
    env: Env<'_>,
    cx: &Context,
    depth: usize,
) -> Result<Option<Val>, EvalError> {
    let trig = matches!(f, Func::Sin | Func::Cos | Func::Tan | Func::Cot | Func::Sec | Func::Csc);
    if trig {
        if let Some(q) = pi_multiple(arg, env, cx, depth)? {
            if let Some(v) = trig_at_pi_multiple(f, &q) {
                return Ok(Some(Val::Exact(Gq::real(v))));
            }
            let pi = eval_depth(&Expr::Const(Const::Pi), env, cx, depth + 1)?;
            let x = Val::Exact(Gq::real(q)).mul(&pi, cx)?;
            return func(f, &[x], cx).map(Some);
        }
        if let Expr::Degree(a) = arg {
            let pi = eval_depth(&Expr::Const(Const::Pi), env, cx, depth + 1)?;
            let per_degree =
                pi.mul(&Val::Exact(Gq::real(BigRational::new(1.into(), 180.into()))), cx)?;
            let x = eval_depth(a, env, cx, depth + 1)?.mul(&per_degree, cx)?;
            return func(f, &[x], cx).map(Some);
        }
        return Ok(None);
    }
    if *f == Func::Ln {
        let exponent = match arg {
            Expr::Const(Const::E) => return Ok(Some(Val::int(1))),
            Expr::Pow(b, x) if matches!(**b, Expr::Const(Const::E)) => x,
            Expr::Func(Func::Exp, a) if a.len() == 1 => &a[0],
            _ => return Ok(None),
        };
        return Ok(match eval_depth(exponent, env, cx, depth + 1)? {
            v @ Val::Exact(_) if v.exact_real().is_some() => Some(v),
            _ => None,
        });
    }
    Ok(None)
}

/// The rational `q` with `e = q·π` when `e` is built of `π`, degrees and
/// exact rational factors, terms and signs; `None` otherwise.
fn pi_multiple(
    e: &Expr,
    env: Env<'_>,
    cx: &Context,
    depth: usize,
) -> Result<Option<BigRational>, EvalError> {
    cx.charge(NODE_STEPS)?;
    if depth > crate::parse::MAX_DEPTH * 4 {
        return Ok(None);
    }
    let exact = |x: &Expr| -> Result<Option<BigRational>, EvalError> {
        Ok(eval_depth(x, env, cx, depth + 1)?.exact_real().cloned())
    };
    let mul = |a: &BigRational, b: &BigRational| rmul(a, b).ok_or(EvalError::Overflow);
    Ok(match e {
        Expr::Const(Const::Pi) => Some(BigRational::one()),
        Expr::Degree(a) => match exact(a)? {
            Some(r) => Some(mul(&r, &BigRational::new(1.into(), 180.into()))?),
            None => None,
        },
        Expr::Neg(a) => pi_multiple(a, env, cx, depth + 1)?.map(|q| -q),
        Expr::Sum(v) => {
            let mut acc = BigRational::zero();
            for x in v {
                let Some(q) = pi_multiple(x, env, cx, depth + 1)? else { return Ok(None) };
                acc = radd(&acc, &q).ok_or(EvalError::Overflow)?;
            }
            Some(acc)
        }
        Expr::Prod(v) => {
            let mut q = None;
            let mut r = BigRational::one();
            for x in v {
                if q.is_none()
                    && let Some(m) = pi_multiple(x, env, cx, depth + 1)?
                {
                    q = Some(m);
                } else if let Some(c) = exact(x)? {
                    r = mul(&r, &c)?;
                } else {
                    return Ok(None);
                }
            }
            match q {
                Some(q) => Some(mul(&q, &r)?),
                None => None,
            }
        }
        _ => None,
    })
}

/// `f(qπ)` where it is rational: the sines and cosines of multiples of
/// `π/6` and `π/2` that are `0, ±\frac12, ±1`, the tangents and
/// cotangents of multiples of `π/4`, and their reciprocals where defined.
/// `None` where the value is irrational or undefined.
fn trig_at_pi_multiple(f: &Func, q: &BigRational) -> Option<BigRational> {
    // q mod 2, in sixths of π: sin(kπ/6) for k = 0..12.
    let two = BigRational::from_integer(2.into());
    let r = q - (q / &two).floor() * &two;
    let sixths = r * BigRational::from_integer(6.into());
    let half = BigRational::new(1.into(), 2.into());
    let sin_of = |k: &BigRational| -> Option<BigRational> {
        if !k.is_integer() {
            return None;
        }
        let k: BigInt = (k.to_integer() % 12 + 12) % 12;
        let k = k.to_i64()?;
        Some(match k {
            0 | 6 => BigRational::zero(),
            1 | 5 => half.clone(),
            3 => BigRational::one(),
            7 | 11 => -half.clone(),
            9 => -BigRational::one(),
            _ => return None,
        })
    };
    let three = BigRational::from_integer(3.into());
    let sin = sin_of(&sixths);
    let cos = sin_of(&(&sixths + &three));
    let recip = |v: Option<BigRational>| v.filter(|v| !v.is_zero()).map(|v| v.recip());
    // Tangents: multiples of π/4 (quarters of π, mod π).
    let quarters = q * BigRational::from_integer(4.into());
    let tan_of = |cot: bool| -> Option<BigRational> {
        if !quarters.is_integer() {
            return None;
        }
        let k: BigInt = (quarters.to_integer() % 4 + 4) % 4;
        let k = k.to_i64()?;
        let v = match (k, cot) {
            (0, false) | (2, true) => BigRational::zero(),
            (1, _) => BigRational::one(),
            (3, _) => -BigRational::one(),
            _ => return None,
        };
        Some(v)
    };
    match f {
        Func::Sin => sin,
        Func::Cos => cos,
        Func::Tan => tan_of(false),
        Func::Cot => tan_of(true),
        Func::Sec => recip(cos),
        Func::Csc => recip(sin),
        _ => None,
    }
}

/// The most terms of a finite sum or product that are evaluated.
const MAX_SUM_TERMS: i64 = 10_000;
/// The highest degree of a polynomial integrated exactly.
const MAX_POLY_DEGREE: usize = 8;

/// The exact integral from `lo` to `hi` of `body`, a polynomial in `x` of
/// degree at most [`MAX_POLY_DEGREE`] with rational coefficients: the
/// coefficients are solved from its values at `0, 1, …`, one more point
/// checks the degree, and the antiderivative is evaluated exactly.
fn integrate_polynomial(
    x: &str,
    body: &Expr,
    lo: &BigRational,
    hi: &BigRational,
    env: Env<'_>,
    cx: &Context,
    depth: usize,
) -> Result<BigRational, EvalError> {
    let n = MAX_POLY_DEGREE + 1;
    let mut inner: Vec<(String, Val)> = env.to_vec();
    inner.push((x.to_owned(), Val::int(0)));
    let last = inner.len() - 1;
    let mut at = |t: i64| -> Result<BigRational, EvalError> {
        inner[last].1 = Val::int(t);
        eval_depth(body, &inner, cx, depth + 1)?.exact_real().cloned().ok_or(EvalError::Unsupported)
    };
    // Vandermonde system rows [1, t, t², …] = f(t), for t = 0..n.
    let mut rows: Vec<Vec<BigRational>> = Vec::with_capacity(n);
    for t in 0..n {
        let tt = BigRational::from_integer(BigInt::from(t));
        let mut row = Vec::with_capacity(n + 1);
        let mut p = BigRational::one();
        for _ in 0..n {
            row.push(p.clone());
            p = &p * &tt;
        }
        row.push(at(t as i64)?);
        rows.push(row);
    }
    cx.charge(64)?;
    // Gaussian elimination (the matrix is invertible: distinct nodes).
    for col in 0..n {
        let piv = (col..n).find(|&r| !rows[r][col].is_zero()).ok_or(EvalError::Unsupported)?;
        rows.swap(col, piv);
        let p = rows[col][col].clone();
        for x in &mut rows[col][col..] {
            *x = &*x / &p;
        }
        let pivot = rows[col].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != col && !row[col].is_zero() {
                let f = row[col].clone();
                for (x, pv) in row[col..].iter_mut().zip(&pivot[col..]) {
                    *x = &*x - pv * &f;
                }
            }
        }
    }
    let coef: Vec<BigRational> = rows.iter().map(|r| r[n].clone()).collect();
    // One more point checks that the body is such a polynomial.
    let t = n as i64;
    let tt = BigRational::from_integer(BigInt::from(t));
    let mut p = BigRational::one();
    let mut want = BigRational::zero();
    for c in &coef {
        want += c * &p;
        p = &p * &tt;
    }
    if at(t)? != want {
        return Err(EvalError::Unsupported);
    }
    let mut total = BigRational::zero();
    let (mut ph, mut pl) = (hi.clone(), lo.clone());
    for (i, c) in coef.iter().enumerate() {
        let k = BigRational::from_integer(BigInt::from(i + 1));
        total += c * (&ph - &pl) / k;
        ph = &ph * hi;
        pl = &pl * lo;
    }
    Ok(total)
}

/// The largest determinant expanded (5! = 120 products).
const MAX_DET: usize = 5;

/// The determinant of the rows from `row` on, over the columns `cols`, by
/// expansion along the first of those rows.
fn det(m: &[Vec<Val>], row: usize, cols: &[usize], cx: &Context) -> EResult {
    cx.charge(1)?;
    if cols.len() == 1 {
        return Ok(m[row][cols[0]].clone());
    }
    let mut acc = Val::int(0);
    for (k, &c) in cols.iter().enumerate() {
        let rest: Vec<usize> = cols.iter().copied().filter(|&x| x != c).collect();
        let minor = det(m, row + 1, &rest, cx)?;
        let term = m[row][c].mul(&minor, cx)?;
        acc = acc.add(&if k % 2 == 0 { term } else { term.neg() }, cx)?;
    }
    Ok(acc)
}

/// Machine-word operations that one step of the budget stands for (a step
/// is some tens of nanoseconds; see [`rlvr_core::Budget::DEFAULT_STEPS`]).
const WORDS_PER_STEP: u64 = 32;

/// Steps an exact operation on values of `a` and `b` bits may cost, at
/// most: the schoolbook product of their sizes in words, and the gcds that
/// reduce the result (Euclid's, quadratic in the larger size, each capped
/// at [`GCD_WORK`]), six times over for complex values (four products and
/// two sums of parts). A gcd that gives up still did its work, so the cost
/// is charged before the operation, whether it stays exact or not: without
/// this a sum of a thousand large terms whose reductions each give up ran
/// for tens of seconds on a budget that was never charged.
fn exact_cost(a: &Gq, b: &Gq) -> u64 {
    size_cost(a.bits(), b.bits(), !(a.is_real() && b.is_real()))
}

/// Machine words that hold `bits` bits.
fn words(bits: u64) -> u64 {
    bits / 64 + 1
}

/// [`exact_cost`] from the sizes alone.
fn size_cost(a_bits: u64, b_bits: u64, complex: bool) -> u64 {
    let (wa, wb) = (words(a_bits), words(b_bits));
    let w = wa.max(wb);
    let parts = if complex { 6 } else { 1 };
    wa.saturating_mul(wb).saturating_add(2 * w.saturating_mul(w).min(GCD_WORK)) * parts
        / WORDS_PER_STEP
}

/// Charges an operation on `a` and `b` before it runs: on two exact
/// values, [`exact_cost`] plus their sizes in words (the result is built
/// and copied); on an exact value and a float, the exact value's size (it
/// is converted to a float, a division of big integers); on two floats,
/// nothing beyond the step of the node that asked for it. Without the
/// linear terms, an answer of many long literals mixed with floats ran
/// three times longer than the budget stands for.
fn charge_op(a: &Val, b: &Val, cx: &Context) -> Result<(), Error> {
    cx.charge(match (a, b) {
        (Val::Exact(x), Val::Exact(y)) => exact_cost(x, y) + words(x.bits()) + words(y.bits()),
        (Val::Exact(x), Val::Approx { .. }) | (Val::Approx { .. }, Val::Exact(x)) => {
            words(x.bits())
        }
        (Val::Approx { .. }, Val::Approx { .. }) => 0,
    })
}

fn pow(a: &Val, b: &Val, cx: &Context) -> EResult {
    // A negative real to a rational power with an odd denominator is real
    // (`(-8)^{2/3} = 4`, `x^{2/3} = \sqrt[3]{x}^2` for every real `x`), as
    // in school mathematics, rather than the principal complex value.
    if let Some(e) = b.exact_real()
        && !e.is_integer()
        && e.denom().is_odd()
    {
        let negative = match a {
            Val::Exact(q) => q.is_real() && q.re.is_negative(),
            Val::Approx { re, im, err } => *im == 0.0 && *re < -*err,
        };
        if negative {
            let p = pow(&a.neg(), b, cx)?;
            return Ok(if e.numer().is_odd() { p.neg() } else { p });
        }
    }
    if let (Val::Exact(base), Some(exp)) = (a, b.exact_real()) {
        if exp.is_integer() {
            if let Some(n) = exp.to_integer().to_i64() {
                let mag = n.unsigned_abs();
                let bits = base.bits().max(1).saturating_mul(mag);
                if bits <= MAX_BITS {
                    // By repeated squaring: the last product (two halves of
                    // the result) costs as much as all the others together.
                    cx.charge(1 + 2 * size_cost(bits / 2, bits / 2, !base.is_real()))?;
                    // (A complex power whose reduction costs too much falls
                    // through to floating point.)
                    if let Some(p) = pow_int(base, mag) {
                        return if n < 0 { Val::Exact(p).inv(cx) } else { Ok(Val::Exact(p)) };
                    }
                }
                if base.is_zero() && n > 0 {
                    return Ok(Val::int(0));
                }
                if base.is_real() && (base.re.is_one() || (-&base.re).is_one()) {
                    let sign = if mag % 2 == 0 { Val::int(1) } else { Val::Exact(base.clone()) };
                    return Ok(sign);
                }
            }
        } else if base.is_real() && !base.re.is_negative() {
            // A rational power of a rational: exact when both parts are
            // perfect powers (`8^{2/3}`, `(4/9)^{1/2}`).
            if let Some(r) = exact_root(&base.re, exp) {
                return Ok(Val::Exact(Gq::real(r)));
            }
        }
    }
    // Floating point: z^w = exp(w ln z).
    let (zr, zi, ze) = a.c();
    let (wr, wi, we) = b.c();
    if zr == 0.0 && zi == 0.0 {
        return if wr > 0.0 {
            Ok(approx(0.0, 0.0, ze.powf(wr.max(1e-9))))
        } else {
            Err(EvalError::Undefined)
        };
    }
    if zi == 0.0 && wi == 0.0 && zr > 0.0 {
        // A positive real to a real power stays real (and overflows to a
        // clean infinity rather than a NaN).
        let v = zr.powf(wr);
        let err = v * (wr.abs() * ze / (zr - ze).max(f64::MIN_POSITIVE) + zr.ln().abs() * we)
            + EPS * (1.0 + (wr * zr.ln()).abs()) * v;
        return Ok(approx_nonzero(v, 0.0, err));
    }
    let m = zr.hypot(zi);
    let (lr, li) = (m.ln(), zi.atan2(zr));
    let (er, ei) = (wr * lr - wi * li, wr * li + wi * lr);
    let mag = er.exp();
    let (re, im) = (mag * ei.cos(), mag * ei.sin());
    // d(z^w) = w z^(w-1) dz + z^w ln z dw.
    let vm = re.hypot(im);
    let err = vm * (wr.hypot(wi) * ze / (m - ze).max(f64::MIN_POSITIVE) + lr.hypot(li) * we)
        + EPS * (1.0 + er.abs()) * vm;
    Ok(approx_nonzero(re, im, err))
}

fn pow_int(base: &Gq, mut n: u64) -> Option<Gq> {
    // Numerator and denominator separately: they stay coprime, so no gcd
    // is needed along the way.
    if base.is_real()
        && let Ok(e) = u32::try_from(n)
    {
        let (num, den) = (base.re.numer().pow(e), base.re.denom().pow(e));
        return Some(Gq::real(BigRational::new_raw(num, den)));
    }
    let mut acc = Gq::real(BigRational::one());
    let mut b = base.clone();
    while n > 0 {
        if n & 1 == 1 {
            acc = acc.mul(&b)?;
        }
        n >>= 1;
        if n > 0 {
            b = b.mul(&b)?;
        }
    }
    Some(acc)
}

/// The product `lo·(lo+1)·…·hi` by halving, so that big factors meet big
/// factors (much faster than multiplying one at a time).
fn product(lo: u64, hi: u64) -> BigInt {
    if hi < lo {
        return BigInt::one();
    }
    if hi - lo < 16 {
        return (lo..=hi).fold(BigInt::one(), |acc, k| acc * k);
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

/// `r^(p/q)` exactly when `r`'s numerator and denominator are perfect
/// `q`-th powers and the result is small.
fn exact_root(r: &BigRational, e: &BigRational) -> Option<BigRational> {
    let q = e.denom().to_u32()?;
    let p = e.numer().to_i64()?;
    if q > 64 || p.unsigned_abs() > 4096 {
        return None;
    }
    let root = |n: &BigInt| -> Option<BigInt> {
        let k = n.nth_root(q);
        (num_traits::pow(k.clone(), q as usize) == *n).then_some(k)
    };
    let (a, b) = (root(r.numer())?, root(r.denom())?);
    let base = BigRational::new(a, b);
    if base.is_zero() && p < 0 {
        return None;
    }
    let v = num_traits::pow(base, p.unsigned_abs() as usize);
    Some(if p < 0 { v.recip() } else { v })
}

/// `ln v` (the principal branch), charged to `cx`.
pub(crate) fn ln(v: &Val, cx: &Context) -> EResult {
    func(&Func::Ln, std::slice::from_ref(v), cx)
}

fn func(f: &Func, args: &[Val], cx: &Context) -> EResult {
    let one = || args.first().ok_or_else(|| EvalError::Unsupported);
    match f {
        Func::Sqrt => pow(one()?, &Val::Exact(Gq::real(BigRational::new(1.into(), 2.into()))), cx),
        Func::Root => {
            let [n, x] = args else { return Err(EvalError::Unsupported) };
            let inv = n.inv(cx)?;
            // An odd root of a negative real is real.
            if let (Some(nr), Some(xr)) = (n.exact_real(), x.exact_real())
                && xr.is_negative()
                && nr.is_integer()
                && nr.to_integer().is_odd()
            {
                let p = pow(&Val::Exact(Gq::real(-xr)), &inv, cx)?;
                return Ok(p.neg());
            }
            pow(x, &inv, cx)
        }
        Func::Abs => {
            let x = one()?;
            match x {
                Val::Exact(q) if q.is_real() => Ok(Val::Exact(Gq::real(q.re.abs()))),
                Val::Exact(q) => {
                    let half = Val::Exact(Gq::real(BigRational::new(1.into(), 2.into())));
                    match rmul(&q.re, &q.re).zip(rmul(&q.im, &q.im)).and_then(|(a, b)| radd(&a, &b))
                    {
                        Some(sq) => pow(&Val::Exact(Gq::real(sq)), &half, cx),
                        None => {
                            let (re, im, err) = x.c();
                            Ok(approx(re.hypot(im), 0.0, err + EPS * re.hypot(im)))
                        }
                    }
                }
                Val::Approx { re, im, err } => {
                    Ok(approx(re.hypot(*im), 0.0, *err + EPS * re.hypot(*im)))
                }
            }
        }
        Func::Floor | Func::Ceil => {
            let x = one()?;
            match x {
                Val::Exact(q) if q.is_real() => Ok(Val::Exact(Gq::real(if *f == Func::Floor {
                    q.re.floor()
                } else {
                    q.re.ceil()
                }))),
                Val::Approx { re, im, err } if *im == 0.0 => {
                    let r = if *f == Func::Floor { re.floor() } else { re.ceil() };
                    // Safe only when no integer lies within the error.
                    if (re - re.round()).abs() <= *err || r.abs() > 9.0e15 {
                        Err(EvalError::Unsupported)
                    } else {
                        Ok(Val::Exact(Gq::real(BigRational::from_integer(BigInt::from(r as i64)))))
                    }
                }
                _ => Err(EvalError::Undefined),
            }
        }
        Func::Factorial => {
            let n = one()?
                .exact_real()
                .filter(|r| r.is_integer() && !r.is_negative())
                .ok_or(EvalError::Undefined)?;
            let n = n.to_integer().to_u64().ok_or(EvalError::Unsupported)?;
            // log2(n!) < n log2 n.
            let bits = n.saturating_mul(64 - u64::from(n.leading_zeros()));
            if bits > MAX_BITS {
                return Err(EvalError::Unsupported);
            }
            cx.charge(1 + n.saturating_mul(bits / 64 + 1) / 64)?;
            Ok(Val::Exact(Gq::real(BigRational::from_integer(product(1, n)))))
        }
        Func::Binom => {
            let [n, k] = args else { return Err(EvalError::Unsupported) };
            let (Some(n), Some(k)) = (n.exact_real(), k.exact_real()) else {
                return Err(EvalError::Unsupported);
            };
            if !n.is_integer() || !k.is_integer() {
                return Err(EvalError::Unsupported);
            }
            let (n, k) = (n.to_integer(), k.to_integer());
            if k.is_negative() || (!n.is_negative() && k > n) {
                return Ok(Val::int(0));
            }
            // Natural n: the falling product n…(n-k+1) over k!, both by
            // halving, and one exact division, when the numerator (under
            // n^k) fits the size guard.
            if let (Some(nn), Some(kk)) = (n.to_u64(), k.to_u64()) {
                let kk = kk.min(nn - kk);
                let width = 64 - u64::from(nn.leading_zeros());
                if kk.saturating_mul(width) > MAX_BITS {
                    return Err(EvalError::Overflow);
                }
                cx.charge(1 + kk.saturating_mul(width) / 64)?;
                let c = product(nn - kk + 1, nn) / product(1, kk);
                return Ok(Val::Exact(Gq::real(BigRational::from_integer(c))));
            }
            let k = k.to_u64().filter(|&k| k <= 4_096).ok_or(EvalError::Unsupported)?;
            // The same size guard: the result has under k·(bits of |n| + k)
            // bits (`\binom{5 \cdot 10^{701}}{2501}` would build 5.8
            // million bits, a second of multiplications).
            let width = n.bits() + 64 - u64::from(k.leading_zeros());
            if k.saturating_mul(width) > MAX_BITS {
                return Err(EvalError::Overflow);
            }
            let mut acc = BigRational::one();
            for j in 0..k {
                cx.charge(1 + acc.numer().bits() / 64)?;
                acc = rmul(&acc, &BigRational::from_integer(&n - BigInt::from(j)))
                    .and_then(|a| rdiv(&a, &BigRational::from_integer(BigInt::from(j + 1))))
                    .ok_or(EvalError::Overflow)?;
            }
            Ok(Val::Exact(Gq::real(acc)))
        }
        Func::Gcd | Func::Lcm => {
            let mut acc: Option<BigInt> = None;
            for a in args {
                let r = a.exact_real().filter(|r| r.is_integer()).ok_or(EvalError::Unsupported)?;
                let n = r.to_integer();
                cx.charge(1 + n.bits() / 64)?;
                acc = Some(match acc {
                    None => n.abs(),
                    Some(m) => {
                        let g = gcd(&m, &n).ok_or(EvalError::Overflow)?;
                        // lcm(0, 0) is 0, like their gcd.
                        if *f == Func::Gcd || g.is_zero() { g } else { (&m / &g * &n).abs() }
                    }
                });
            }
            acc.map(|n| Val::Exact(Gq::real(BigRational::from_integer(n))))
                .ok_or(EvalError::Undefined)
        }
        Func::Max | Func::Min => {
            let mut best: Option<&BigRational> = None;
            for a in args {
                let r = a.exact_real().ok_or(EvalError::Unsupported)?;
                best = Some(match best {
                    None => r,
                    Some(b) if (*f == Func::Max) == (r > b) => r,
                    Some(b) => b,
                });
            }
            best.map(|r| Val::Exact(Gq::real(r.clone()))).ok_or(EvalError::Undefined)
        }
        Func::Log => {
            let [b, x] = args else { return Err(EvalError::Unsupported) };
            // Exact when x is an integer power of b.
            if let (Some(br), Some(xr)) = (b.exact_real(), x.exact_real())
                && let Some(k) = exact_log(br, xr)
            {
                return Ok(Val::int(k));
            }
            let lx = func(&Func::Ln, std::slice::from_ref(x), cx)?;
            let lb = func(&Func::Ln, std::slice::from_ref(b), cx)?;
            Ok(lx.mul(&lb.inv(cx)?, cx)?)
        }
        Func::Ln if matches!(one()?.exact_real(), Some(r) if r.is_one()) => Ok(Val::int(0)),
        Func::Exp if matches!(one()?.exact_real(), Some(r) if r.is_zero()) => Ok(Val::int(1)),
        Func::Sin | Func::Tan | Func::Asin | Func::Atan | Func::Sinh | Func::Tanh if matches!(one()?.exact_real(), Some(r) if r.is_zero()) => {
            Ok(Val::int(0))
        }
        Func::Cos | Func::Cosh if matches!(one()?.exact_real(), Some(r) if r.is_zero()) => {
            Ok(Val::int(1))
        }
        // At the ends of their domain the inverse sines have an infinite
        // derivative, so the general error bound is useless: `\arcsin 1`
        // is `\pi/2` exactly (to a float's rounding).
        Func::Asin | Func::Acos if matches!(one()?.exact_real(), Some(r) if r.abs().is_one()) => {
            let r = one()?.exact_real().map(Signed::is_positive).unwrap_or(true);
            let half_pi = std::f64::consts::FRAC_PI_2;
            let v = match (f, r) {
                (Func::Asin, true) => half_pi,
                (Func::Asin, false) => -half_pi,
                (_, true) => return Ok(Val::int(0)),
                (_, false) => std::f64::consts::PI,
            };
            Ok(approx(v, 0.0, EPS * 4.0))
        }
        Func::Opaque(_) => Err(EvalError::Unsupported),
        f => {
            let (re, im, err) = one()?.c();
            let (vr, vi, d) = float_fn(f, re, im).ok_or(EvalError::Undefined)?;
            let e = d * err + EPS * (1.0 + vr.hypot(vi));
            if !(vr.is_finite() && vi.is_finite()) {
                return Err(EvalError::Overflow);
            }
            // `exp` is never zero.
            Ok(if matches!(f, Func::Exp) { approx_nonzero(vr, vi, e) } else { approx(vr, vi, e) })
        }
    }
}

/// `k` with `b^k = x`, for rationals, when it exists and is small.
fn exact_log(b: &BigRational, x: &BigRational) -> Option<i64> {
    let one = BigRational::one();
    if !b.is_positive() || b.is_one() || !x.is_positive() {
        return None;
    }
    // The only candidate is the nearest integer to ln x / ln b, from
    // floating-point logarithms of any size; one power checks it.
    let k = (ln_rat(x) / ln_rat(b)).round();
    if !k.is_finite() || k.abs() > 1e6 {
        return None;
    }
    let k = k as i64;
    let base = Gq::real(if k < 0 { b.recip() } else { b.clone() });
    let bits = base.bits().max(1).saturating_mul(k.unsigned_abs());
    if bits > MAX_BITS + 64 {
        return None;
    }
    let p = pow_int(&base, k.unsigned_abs())?;
    (p.re == *x || (k == 0 && *x == one)).then_some(k)
}

/// `ln r` for a positive rational of any size, as a float.
fn ln_rat(r: &BigRational) -> f64 {
    let ln_int = |n: &BigInt| {
        let bits = n.bits();
        let shift = bits.saturating_sub(60);
        let top = (n >> shift).to_f64().unwrap_or(f64::NAN);
        top.ln() + shift as f64 * std::f64::consts::LN_2
    };
    ln_int(r.numer()) - ln_int(r.denom())
}

/// The sign of a real value, if known (`None` for complex or unsure).
pub(crate) fn sign(v: &Val) -> Option<std::cmp::Ordering> {
    match v {
        Val::Exact(q) if q.is_real() => Some(match q.re.numer().sign() {
            Sign::Minus => std::cmp::Ordering::Less,
            Sign::NoSign => std::cmp::Ordering::Equal,
            Sign::Plus => std::cmp::Ordering::Greater,
        }),
        Val::Approx { re, im, err } if im.abs() <= *err && re.abs() > *err => {
            Some(re.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
