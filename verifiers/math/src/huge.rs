//! Positive values too large for a float (`2^{2^{20}}`, `4^{5·10^9}`,
//! `e^{800}`), compared through their logarithms.
//!
//! A logarithm is kept exactly where it can be, as `r + Σ cᵢ·ln nᵢ`: a
//! rational `r` (the power of `e`), and rational coefficients `cᵢ` of the
//! logarithms of integers `nᵢ ≥ 2`. The integers are a base's prime
//! factors up to [`TRIAL`], and what is left of it once they are divided
//! out, brought to its smallest root (`1018081 = 1009²` counts as `1009`,
//! twice). Then:
//!
//! - two logarithms with the same exact form are the same value, whatever
//!   the integers are (`2^{2^{20}}` and `2^{1048576}` and `4^{2^{19}}` are
//!   all `1048576·ln 2`);
//! - when every integer in both is known to be prime (below
//!   [`PRIME_BELOW`]), different forms are different values: `1, ln 2,
//!   ln 3, ln 5, …` are linearly independent over the rationals (unique
//!   factorisation, and `eʳ` is transcendental for a rational `r ≠ 0`), so
//!   `2^{10^{20}}` is not `2^{10^{20}+1}`, though their logarithms agree to
//!   a float's precision;
//! - otherwise only the floats decide, and only that two values differ
//!   (their error bounds separate).
//!
//! What has no exact form (`π^{1000}`, an irrational exponent) is carried
//! as a float with its error bound, and such a logarithm is never called
//! equal to anything.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rlvr_core::{Context, Error};

use crate::ast::{Const, Expr, Func};
use crate::value::{EvalError, Gq, Val, eval, ln};

/// Trial division finds the prime factors up to this bound.
const TRIAL: u32 = 1000;
/// A factor left after trial division and smaller than this is prime: it
/// has no factor up to [`TRIAL`], and the smallest product of two larger
/// primes is `1009²`.
const PRIME_BELOW: u64 = 1009 * 1009;
/// Integers up to this size are factored; a larger one is an integer of
/// the form as it is (trial division would cost more than it can find).
const FACTOR_BITS: u64 = 4096;
/// A leftover factor is tested for being a perfect power up to this size.
const ROOT_BITS: u64 = 512;
/// Powers tried in that test: every exponent of a leftover of
/// [`ROOT_BITS`] bits whose prime factors all exceed [`TRIAL`] is a
/// product of these.
const ROOT_PRIMES: [u32; 16] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];
/// How deeply products, powers and quotients are followed.
const MAX_DEPTH: usize = 16;

/// The natural logarithm of a positive real value (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Log {
    /// The rational part, the multiple of `ln e = 1`.
    rational: BigRational,
    /// `nᵢ → cᵢ` for the integers `nᵢ ≥ 2`; no coefficient is zero.
    atoms: BTreeMap<BigInt, BigRational>,
    /// What has no exact form, as a float; `None` is zero.
    approx: Option<Val>,
}

impl Log {
    fn zero() -> Self {
        Self { rational: BigRational::zero(), atoms: BTreeMap::new(), approx: None }
    }

    fn float(v: Val) -> Self {
        Self { approx: Some(v), ..Self::zero() }
    }

    /// Whether the two values are equal, when their exact forms decide it;
    /// `None` when only the floats can say.
    pub(crate) fn exactly_equal(&self, o: &Self) -> Option<bool> {
        if self.approx.is_some() || o.approx.is_some() {
            return None;
        }
        let same =
            |a: &BigRational, b: &BigRational| a.numer() == b.numer() && a.denom() == b.denom();
        let equal = same(&self.rational, &o.rational)
            && self.atoms.len() == o.atoms.len()
            && self.atoms.iter().zip(&o.atoms).all(|((n, c), (m, d))| n == m && same(c, d));
        let primes =
            || self.atoms.keys().chain(o.atoms.keys()).all(|n| *n < BigInt::from(PRIME_BELOW));
        if equal {
            Some(true)
        } else if primes() {
            Some(false)
        } else {
            None
        }
    }

    /// The logarithm as a number with its error bound; `None` when a part
    /// cannot be evaluated.
    pub(crate) fn value(&self, cx: &Context) -> Result<Option<Val>, Error> {
        let mut acc = exact(&self.rational);
        for (n, c) in &self.atoms {
            let l = match ln(&exact(&BigRational::from_integer(n.clone())), cx) {
                Ok(l) => l,
                Err(EvalError::Budget(e)) => return Err(e),
                Err(_) => return Ok(None),
            };
            acc = acc.add(&l.mul(&exact(c), cx)?, cx)?;
        }
        if let Some(a) = &self.approx {
            acc = acc.add(a, cx)?;
        }
        Ok(Some(acc))
    }

    /// `self + o`: the logarithm of a product.
    fn add(&self, o: &Self, cx: &Context) -> Result<Option<Self>, Error> {
        let mut out = self.clone();
        let Some(r) = rat_op(&self.rational, &o.rational, cx, Val::add)? else {
            return self.as_float_op(o, cx, Val::add);
        };
        out.rational = r;
        for (n, c) in &o.atoms {
            let sum = match out.atoms.get(n) {
                None => c.clone(),
                Some(b) => match rat_op(b, c, cx, Val::add)? {
                    Some(s) => s,
                    None => return self.as_float_op(o, cx, Val::add),
                },
            };
            if sum.is_zero() {
                out.atoms.remove(n);
            } else {
                out.atoms.insert(n.clone(), sum);
            }
        }
        out.approx = match (&self.approx, &o.approx) {
            (Some(a), Some(b)) => Some(a.add(b, cx)?),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Ok(Some(out))
    }

    /// `x · self`: the logarithm of a power.
    fn scale(&self, x: &Val, cx: &Context) -> Result<Option<Self>, Error> {
        let float = |cx| -> Result<Option<Self>, Error> {
            Ok(self.value(cx)?.map(|v| v.mul(x, cx)).transpose()?.map(Self::float))
        };
        let Some(q) = x.exact_real() else { return float(cx) };
        let mut out = Self::zero();
        match rat_op(&self.rational, q, cx, Val::mul)? {
            Some(r) => out.rational = r,
            None => return float(cx),
        }
        for (n, c) in &self.atoms {
            match rat_op(c, q, cx, Val::mul)? {
                Some(d) if d.is_zero() => {}
                Some(d) => {
                    out.atoms.insert(n.clone(), d);
                }
                None => return float(cx),
            }
        }
        out.approx = self.approx.as_ref().map(|a| a.mul(x, cx)).transpose()?;
        Ok(Some(out))
    }

    fn neg(&self) -> Self {
        Self {
            rational: -&self.rational,
            atoms: self.atoms.iter().map(|(n, c)| (n.clone(), -c)).collect(),
            approx: self.approx.as_ref().map(Val::neg),
        }
    }

    /// `op` on the two logarithms as floats, when an exact step would cost
    /// too much.
    fn as_float_op(
        &self,
        o: &Self,
        cx: &Context,
        op: fn(&Val, &Val, &Context) -> Result<Val, Error>,
    ) -> Result<Option<Self>, Error> {
        let (Some(a), Some(b)) = (self.value(cx)?, o.value(cx)?) else { return Ok(None) };
        Ok(Some(Self::float(op(&a, &b, cx)?)))
    }

    /// The logarithm of a positive rational, through its factors.
    fn of_rational(q: &BigRational, cx: &Context) -> Result<Self, Error> {
        let mut out = Self::zero();
        factor_into(q.numer(), 1, &mut out.atoms, cx)?;
        factor_into(q.denom(), -1, &mut out.atoms, cx)?;
        Ok(out)
    }
}

fn exact(r: &BigRational) -> Val {
    Val::Exact(Gq::real(r.clone()))
}

/// `op(a, b)` in exact arithmetic, charged to `cx`; `None` when the result
/// is not exact (a step that would cost too much falls back to a float).
fn rat_op(
    a: &BigRational,
    b: &BigRational,
    cx: &Context,
    op: fn(&Val, &Val, &Context) -> Result<Val, Error>,
) -> Result<Option<BigRational>, Error> {
    Ok(op(&exact(a), &exact(b), cx)?.exact_real().cloned())
}

/// Adds `sign · ln n` to `atoms`, as prime factors up to [`TRIAL`] and
/// the smallest root of what is left.
fn factor_into(
    n: &BigInt,
    sign: i64,
    atoms: &mut BTreeMap<BigInt, BigRational>,
    cx: &Context,
) -> Result<(), Error> {
    let mut add = |atom: BigInt, k: i64| {
        let c = atoms.remove(&atom).unwrap_or_else(BigRational::zero)
            + BigRational::from_integer((k * sign).into());
        if !c.is_zero() {
            atoms.insert(atom, c);
        }
    };
    let mut m = n.abs();
    if m.bits() > FACTOR_BITS {
        add(m, 1);
        return Ok(());
    }
    let mut d = 2u32;
    while d <= TRIAL && !m.is_one() {
        let dd = BigInt::from(d);
        if &dd * &dd > m {
            // No factor up to its square root: `m` is prime.
            break;
        }
        let mut k = 0i64;
        loop {
            cx.charge(m.bits() / 64 + 1)?;
            if !(&m % d).is_zero() {
                break;
            }
            m /= d;
            k += 1;
        }
        if k > 0 {
            add(dd, k);
        }
        d = if d == 2 { 3 } else { d + 2 };
    }
    if m.is_one() {
        return Ok(());
    }
    let mut k = 1i64;
    if m.bits() <= ROOT_BITS {
        'roots: loop {
            for p in ROOT_PRIMES {
                cx.charge(m.bits() / 8 + 1)?;
                let r = m.nth_root(p);
                if r > BigInt::one() && r.pow(p) == m {
                    m = r;
                    k *= i64::from(p);
                    continue 'roots;
                }
            }
            break;
        }
    }
    add(m, k);
    Ok(())
}

/// The natural logarithm of a positive real expression, through products,
/// quotients, powers, roots and `\exp`; `None` when some part is not a
/// positive real we can evaluate.
pub(crate) fn log_of(e: &Expr, cx: &Context) -> Result<Option<Log>, Error> {
    walk(e, cx, 0)
}

fn walk(e: &Expr, cx: &Context, depth: usize) -> Result<Option<Log>, Error> {
    if depth > MAX_DEPTH {
        return Ok(None);
    }
    cx.charge(1)?;
    let real = |v: &Val| match v {
        Val::Exact(q) => q.is_real(),
        Val::Approx { im, err, .. } => im.abs() <= *err && *im == 0.0,
    };
    let ev = |x: &Expr| -> Result<Option<Val>, Error> {
        match eval(x, &[], cx) {
            Ok(v) if real(&v) => Ok(Some(v)),
            Ok(_) => Ok(None),
            Err(EvalError::Budget(e)) => Err(e),
            Err(_) => Ok(None),
        }
    };
    let inner = |x: &Expr| walk(x, cx, depth + 1);
    Ok(match e {
        Expr::Func(Func::Exp, a) if a.len() == 1 => match ev(&a[0])? {
            Some(Val::Exact(q)) => Some(Log { rational: q.re, ..Log::zero() }),
            Some(v) => Some(Log::float(v)),
            None => None,
        },
        Expr::Func(Func::Sqrt, a) if a.len() == 1 => {
            let half = Val::Exact(Gq::real(BigRational::new(1.into(), 2.into())));
            match inner(&a[0])? {
                Some(l) => l.scale(&half, cx)?,
                None => None,
            }
        }
        Expr::Pow(b, x) => {
            let Some(x) = ev(x)? else { return Ok(None) };
            let lb = if matches!(**b, Expr::Const(Const::E)) {
                Some(Log { rational: BigRational::one(), ..Log::zero() })
            } else {
                inner(b)?
            };
            match lb {
                Some(l) => l.scale(&x, cx)?,
                None => None,
            }
        }
        Expr::Prod(v) => {
            let mut acc = Log::zero();
            for x in v {
                let Some(l) = inner(x)? else { return Ok(None) };
                let Some(sum) = acc.add(&l, cx)? else { return Ok(None) };
                acc = sum;
            }
            Some(acc)
        }
        Expr::Inv(a) => inner(a)?.map(|l| l.neg()),
        Expr::Const(Const::E) => Some(Log { rational: BigRational::one(), ..Log::zero() }),
        other => {
            let Some(v) = ev(other)? else { return Ok(None) };
            match &v {
                Val::Exact(q) if q.re.is_positive() => Some(Log::of_rational(&q.re, cx)?),
                Val::Exact(_) => None,
                Val::Approx { re, err, .. } if *re > *err => match ln(&v, cx) {
                    Ok(l) if real(&l) => Some(Log::float(l)),
                    Ok(_) => None,
                    Err(EvalError::Budget(e)) => return Err(e),
                    Err(_) => None,
                },
                Val::Approx { .. } => None,
            }
        }
    })
}
