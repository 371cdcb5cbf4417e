//! Nonzero real values too large or too small for a float (`2^{2^{20}}`,
//! `4^{5·10^9}`, `e^{800}`, `2^{-10^{10}}`), compared through their signs
//! and logarithms.
//!
//! A logarithm is kept exactly where it can be, as `r + s·ln π + Σ cᵢ·ln nᵢ`:
//! rationals `r` (the power of `e`), `s` and `cᵢ`, and integers `nᵢ ≥ 2`
//! (the numerators and denominators of rational bases, as written). What
//! has no exact form (`\sqrt{3}^{x}` with an irrational exponent, `\ln 2`
//! as a base) is carried as a float with its error bound. A sum is its
//! first term times the sum of every term's ratio to it, when those ratios
//! are rationals of at most [`RATIO_BITS`] bits (`2^N + 2^N`,
//! `2^N - 2^{N-1}`); other sums have no logarithm here.
//!
//! Two exact logarithms are compared exactly. Their difference is brought
//! to a coprime basis (factor refinement: two integers that share a factor
//! `g` are split into `g` and what is left of each, until no two share
//! one), and then, when the `ln π` terms cancel, it is zero exactly when
//! every coefficient is: `1, ln n₁, ln n₂, …` for pairwise coprime integers
//! are linearly independent over the rationals (a relation would make `eʳ`
//! rational, so `r = 0` by Lindemann's theorem, and then `Π nᵢ^{cᵢ} = 1`
//! with coprime `nᵢ` forces every `cᵢ = 0`). So `2^{2^{20}}`, `2^{1048576}`,
//! `4^{2^{19}}` and `1018081^{x}` against `1009^{2x}` are equal, and
//! `2^{10^{20}+1}` against `2^{10^{20}}` or `(1+10^{-9})^{10^9}` against `e`
//! are different, though their logarithms agree to a float's precision.
//!
//! When `ln π` does not cancel, or a part is a float, only the floats
//! decide, and only that two values differ (their error bounds separate):
//! whether `π` and `e` are algebraically independent is an open question.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rlvr_core::{Context, Error};

use crate::ast::{Const, Expr, Func};
use crate::value::{EvalError, Gq, Val, charged_gcd, eval, ln};

/// How deeply products, powers and quotients are followed.
const MAX_DEPTH: usize = 16;
/// The most splits factor refinement may make before it gives up (each
/// is charged too; this bounds the bookkeeping).
const MAX_SPLITS: usize = 4096;
/// The largest ratio of two terms of a sum that is built exactly, in bits.
const RATIO_BITS: u64 = 4096;

/// A nonzero real value as its sign and natural logarithm (see the module
/// docs).
#[derive(Debug, Clone)]
pub(crate) struct Log {
    negative: bool,
    /// The rational part, the multiple of `ln e = 1`.
    rational: BigRational,
    /// The multiple of `ln π`.
    pi: BigRational,
    /// `nᵢ → cᵢ` for integers `nᵢ ≥ 2`; no coefficient is zero.
    atoms: BTreeMap<BigInt, BigRational>,
    /// What has no exact form, as a float; `None` is zero.
    approx: Option<Val>,
}

impl Log {
    fn one() -> Self {
        Self {
            negative: false,
            rational: BigRational::zero(),
            pi: BigRational::zero(),
            atoms: BTreeMap::new(),
            approx: None,
        }
    }

    fn float(v: Val) -> Self {
        Self { approx: Some(v), ..Self::one() }
    }

    fn e_to(r: BigRational) -> Self {
        Self { rational: r, ..Self::one() }
    }

    /// Whether the values are equal, when their signs or exact logarithms
    /// decide it; `None` when only the floats can say.
    pub(crate) fn exactly_equal(&self, o: &Self, cx: &Context) -> Result<Option<bool>, Error> {
        if self.negative != o.negative {
            return Ok(Some(false));
        }
        if self.approx.is_some() || o.approx.is_some() {
            return Ok(None);
        }
        let Some(d) = self.add(&o.inverse(), cx)? else { return Ok(None) };
        if d.approx.is_some() || !d.pi.is_zero() {
            return Ok(None);
        }
        let Some(basis) = coprime(d.atoms, cx)? else { return Ok(None) };
        Ok(Some(d.rational.is_zero() && basis.is_empty()))
    }

    /// The logarithm of the absolute value as a number with its error
    /// bound; `None` when a part cannot be evaluated.
    pub(crate) fn value(&self, cx: &Context) -> Result<Option<Val>, Error> {
        let mut acc = exact(&self.rational);
        let pi = eval(&Expr::Const(Const::Pi), &[], cx).and_then(|p| ln(&p, cx));
        let terms = std::iter::once((pi, &self.pi)).chain(
            self.atoms
                .iter()
                .map(|(n, c)| (ln(&exact(&BigRational::from_integer(n.clone())), cx), c)),
        );
        for (l, c) in terms {
            if c.is_zero() {
                continue;
            }
            let l = match l {
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

    /// `self + o`: the logarithm of a product. `None` when an exact step
    /// would cost too much and a float cannot be had either.
    fn add(&self, o: &Self, cx: &Context) -> Result<Option<Self>, Error> {
        let float = |cx| -> Result<Option<Self>, Error> {
            let (Some(a), Some(b)) = (self.value(cx)?, o.value(cx)?) else { return Ok(None) };
            let mut l = Self::float(a.add(&b, cx)?);
            l.negative = self.negative != o.negative;
            Ok(Some(l))
        };
        let mut out = self.clone();
        out.negative = self.negative != o.negative;
        let (Some(r), Some(s)) = (
            rat_op(&self.rational, &o.rational, cx, Val::add)?,
            rat_op(&self.pi, &o.pi, cx, Val::add)?,
        ) else {
            return float(cx);
        };
        (out.rational, out.pi) = (r, s);
        for (n, c) in &o.atoms {
            let sum = match out.atoms.get(n) {
                None => c.clone(),
                Some(b) => match rat_op(b, c, cx, Val::add)? {
                    Some(s) => s,
                    None => return float(cx),
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

    /// `x · self`, the logarithm of a power, for a positive value.
    fn scale(&self, x: &Val, cx: &Context) -> Result<Option<Self>, Error> {
        let float = |cx| -> Result<Option<Self>, Error> {
            Ok(self.value(cx)?.map(|v| v.mul(x, cx)).transpose()?.map(Self::float))
        };
        let Some(q) = x.exact_real() else { return float(cx) };
        let mut out = Self::one();
        let (Some(r), Some(s)) =
            (rat_op(&self.rational, q, cx, Val::mul)?, rat_op(&self.pi, q, cx, Val::mul)?)
        else {
            return float(cx);
        };
        (out.rational, out.pi) = (r, s);
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

    /// The reciprocal: the logarithm negated, the sign kept.
    fn inverse(&self) -> Self {
        Self {
            negative: self.negative,
            rational: -&self.rational,
            pi: -&self.pi,
            atoms: self.atoms.iter().map(|(n, c)| (n.clone(), -c)).collect(),
            approx: self.approx.as_ref().map(Val::neg),
        }
    }

    /// The value as a rational, when it is one of at most
    /// [`RATIO_BITS`] bits: no float part, no `ln π`, no power of `e`, and
    /// integer exponents over a coprime basis.
    fn as_rational(&self, cx: &Context) -> Result<Option<BigRational>, Error> {
        if self.approx.is_some() || !self.pi.is_zero() || !self.rational.is_zero() {
            return Ok(None);
        }
        let Some(basis) = coprime(self.atoms.clone(), cx)? else { return Ok(None) };
        let mut bits = 0u64;
        for (n, c) in &basis {
            if !c.is_integer() {
                return Ok(None);
            }
            let k = c.numer().magnitude().to_u64().unwrap_or(u64::MAX);
            bits = bits.saturating_add(n.bits().saturating_mul(k));
        }
        if bits > RATIO_BITS {
            return Ok(None);
        }
        cx.charge(bits / 64 + 1)?;
        let (mut num, mut den) = (BigInt::one(), BigInt::one());
        for (n, c) in &basis {
            let k = u32::try_from(c.numer().magnitude()).unwrap_or(u32::MAX);
            if c.is_positive() {
                num *= n.pow(k);
            } else {
                den *= n.pow(k);
            }
        }
        let q = BigRational::new(num, den);
        Ok(Some(if self.negative { -q } else { q }))
    }

    /// The value of a nonzero rational.
    fn of_rational(q: &BigRational) -> Self {
        let mut out = Self { negative: q.is_negative(), ..Self::one() };
        for (n, c) in [(q.numer().abs(), 1), (q.denom().clone(), -1)] {
            if !n.is_one() {
                out.atoms.insert(n, BigRational::from_integer(c.into()));
            }
        }
        out
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

/// `Σ cᵢ·ln nᵢ` over a coprime basis (no two integers share a factor), with
/// zero coefficients and ones dropped; `None` when a gcd would cost too
/// much or the refinement takes too many splits.
fn coprime(
    atoms: BTreeMap<BigInt, BigRational>,
    cx: &Context,
) -> Result<Option<BTreeMap<BigInt, BigRational>>, Error> {
    let mut atoms: Vec<(BigInt, BigRational)> = atoms.into_iter().collect();
    for _ in 0..MAX_SPLITS {
        // Merge equal integers, drop ones and zero coefficients.
        let mut merged: BTreeMap<BigInt, BigRational> = BTreeMap::new();
        for (n, c) in atoms {
            if n.is_one() {
                continue;
            }
            let sum = match merged.remove(&n) {
                Some(b) => match rat_op(&b, &c, cx, Val::add)? {
                    Some(s) => s,
                    None => return Ok(None),
                },
                None => c,
            };
            if !sum.is_zero() {
                merged.insert(n, sum);
            }
        }
        atoms = merged.into_iter().collect();
        // Split the first pair that shares a factor `g`:
        // `a·ln n + b·ln m = (a + b)·ln g + a·ln(n/g) + b·ln(m/g)`.
        let mut split = None;
        'pairs: for i in 0..atoms.len() {
            for j in i + 1..atoms.len() {
                let Some(g) = charged_gcd(&atoms[i].0, &atoms[j].0, cx)? else { return Ok(None) };
                if !g.is_one() {
                    split = Some((i, j, g));
                    break 'pairs;
                }
            }
        }
        let Some((i, j, g)) = split else {
            return Ok(Some(atoms.into_iter().collect()));
        };
        let Some(sum) = rat_op(&atoms[i].1, &atoms[j].1, cx, Val::add)? else { return Ok(None) };
        cx.charge(atoms[i].0.bits() / 64 + atoms[j].0.bits() / 64 + 2)?;
        atoms[i].0 = atoms[i].0.div_floor(&g);
        atoms[j].0 = atoms[j].0.div_floor(&g);
        atoms.push((g, sum));
    }
    Ok(None)
}

/// The sign and logarithm of a nonzero real expression, through products,
/// quotients, powers, roots, `\exp`, `e` and `π`; `None` when some part is
/// not a nonzero real we can evaluate.
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
    // The `1/k`-th power of a positive value.
    let root = |x: &Expr, k: BigRational| -> Result<Option<Log>, Error> {
        match inner(x)? {
            Some(l) if !l.negative && !k.is_zero() => l.scale(&exact(&k.recip()), cx),
            _ => Ok(None),
        }
    };
    Ok(match e {
        Expr::Func(Func::Exp, a) if a.len() == 1 => match ev(&a[0])? {
            Some(Val::Exact(q)) => Some(Log::e_to(q.re)),
            Some(v) => Some(Log::float(v)),
            None => None,
        },
        Expr::Func(Func::Sqrt, a) if a.len() == 1 => {
            root(&a[0], BigRational::from_integer(2.into()))?
        }
        Expr::Func(Func::Root, a) if a.len() == 2 => match ev(&a[0])? {
            Some(Val::Exact(k)) => root(&a[1], k.re)?,
            _ => None,
        },
        Expr::Pow(b, x) => {
            let Some(x) = ev(x)? else { return Ok(None) };
            let Some(lb) = inner(b)? else { return Ok(None) };
            if lb.negative {
                // A negative base needs an integer exponent; its parity
                // gives the sign.
                let Some(k) = x.exact_real().filter(|k| k.is_integer()) else { return Ok(None) };
                let positive = Log { negative: false, ..lb };
                positive.scale(&x, cx)?.map(|l| Log { negative: k.numer().is_odd(), ..l })
            } else {
                lb.scale(&x, cx)?
            }
        }
        Expr::Prod(v) => {
            let mut acc = Log::one();
            for x in v {
                let Some(l) = inner(x)? else { return Ok(None) };
                let Some(product) = acc.add(&l, cx)? else { return Ok(None) };
                acc = product;
            }
            Some(acc)
        }
        Expr::Sum(v) => {
            // The first term times the sum of every term's ratio to it, when
            // those ratios are small rationals (`2^N + 2^N = 2^N·2`,
            // `2^N - 2^{N-1} = 2^N·\frac12`).
            let Some((first, rest)) = v.split_first() else { return Ok(None) };
            let Some(base) = inner(first)? else { return Ok(None) };
            let mut ratios = BigRational::one();
            for x in rest {
                let Some(l) = inner(x)? else { return Ok(None) };
                let Some(ratio) = l.add(&base.inverse(), cx)? else { return Ok(None) };
                let Some(q) = ratio.as_rational(cx)? else { return Ok(None) };
                let Some(sum) = rat_op(&ratios, &q, cx, Val::add)? else { return Ok(None) };
                ratios = sum;
            }
            if ratios.is_zero() {
                return Ok(None);
            }
            base.add(&Log::of_rational(&ratios), cx)?
        }
        Expr::Inv(a) => inner(a)?.map(|l| l.inverse()),
        Expr::Neg(a) => inner(a)?.map(|l| Log { negative: !l.negative, ..l }),
        Expr::Const(Const::E) => Some(Log::e_to(BigRational::one())),
        Expr::Const(Const::Pi) => Some(Log { pi: BigRational::one(), ..Log::one() }),
        other => {
            let Some(v) = ev(other)? else { return Ok(None) };
            match &v {
                Val::Exact(q) if q.is_zero() => None,
                Val::Exact(q) => Some(Log::of_rational(&q.re)),
                Val::Approx { re, err, .. } if re.abs() > *err => {
                    let magnitude = if *re < 0.0 { v.neg() } else { v.clone() };
                    match ln(&magnitude, cx) {
                        Ok(l) if real(&l) => Some(Log { negative: *re < 0.0, ..Log::float(l) }),
                        Ok(_) => None,
                        Err(EvalError::Budget(e)) => return Err(e),
                        Err(_) => None,
                    }
                }
                Val::Approx { .. } => None,
            }
        }
    })
}
