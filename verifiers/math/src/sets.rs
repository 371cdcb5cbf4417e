//! Subsets of the real line: intervals, unions, finite sets of numbers,
//! set differences (`\mathbb{R}\setminus\{0\}`), and one-variable
//! inequalities up to degree two (`x^2 < 4`, `|x| \le 1`), all brought to
//! one canonical form, a sorted union of disjoint intervals (a point is a
//! closed interval of length zero), and compared piece by piece.
//!
//! Merging is exact where it matters: two endpoints are the same only when
//! the engine says they are equal, so `(1,5)\cup\{5\}` is `(1,5]` and
//! `(1,2)\cup(2,3)` is not `(1,3)`.

use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rlvr_core::Error;

use crate::ast::{Const, Expr, Func, SetOp};
use crate::equiv::{Decision, Engine, Stage, flip, free_vars};
use crate::lex::RelOp;
use crate::number::Lit;
use crate::value::{Gq, Val, eval};

/// The most pieces one set may have.
const MAX_PIECES: usize = 64;

/// An interval bound.
#[derive(Debug, Clone)]
pub(crate) enum Bound {
    NegInf,
    PosInf,
    At(Expr),
}

/// One interval (a point when both ends are the same and closed).
#[derive(Debug, Clone)]
pub(crate) struct Iv {
    lo: Bound,
    hi: Bound,
    lo_closed: bool,
    hi_closed: bool,
}

impl Iv {
    fn new(lo: Bound, hi: Bound, lo_closed: bool, hi_closed: bool) -> Self {
        Self { lo, hi, lo_closed, hi_closed }
    }

    fn point(e: Expr) -> Self {
        Self::new(Bound::At(e.clone()), Bound::At(e), true, true)
    }

    fn all() -> Self {
        Self::new(Bound::NegInf, Bound::PosInf, false, false)
    }
}

fn infinity(e: &Expr) -> Option<bool> {
    match e {
        Expr::Const(Const::Infinity) => Some(true),
        Expr::Neg(x) if matches!(**x, Expr::Const(Const::Infinity)) => Some(false),
        Expr::Sum(v) if v.len() == 1 => infinity(&v[0]),
        _ => None,
    }
}

fn bound(e: &Expr) -> Bound {
    match infinity(e) {
        Some(true) => Bound::PosInf,
        Some(false) => Bound::NegInf,
        None => Bound::At(e.clone()),
    }
}

fn is_ineq(op: RelOp) -> bool {
    matches!(op, RelOp::Lt | RelOp::Le | RelOp::Gt | RelOp::Ge)
}

/// Whether an answer reads as a subset of the real line that is not just
/// a finite set: an interval, a union, `\mathbb{R}`, a set difference, or
/// an inequality in one variable.
pub(crate) fn is_interval_like(e: &Expr) -> bool {
    match e {
        Expr::Interval(..) | Expr::NamedSet('R') => true,
        Expr::SetOp(SetOp::Union | SetOp::Difference, ..) => true,
        Expr::Sum(v) => {
            v.len() == 2
                && matches!(v[0], Expr::NamedSet('R') | Expr::Interval(..))
                && matches!(&v[1], Expr::Neg(b) if matches!(**b, Expr::Set(_)))
        }
        Expr::Rel(items, ops) => {
            !ops.is_empty()
                && ops.iter().all(|o| is_ineq(*o))
                && (items.iter().filter(|x| is_unknown(x)).count() == 1
                    || items.len() == 2 && free_vars(e).len() == 1)
                || ops.as_slice() == [RelOp::In] && matches!(items[0], Expr::Var(_))
                || ops.as_slice() == [RelOp::Ne]
                    && items.iter().filter(|x| is_unknown(x)).count() == 1
                    && free_vars(e).len() == 1
        }
        Expr::List(v) => v.iter().any(is_interval_like),
        _ => false,
    }
}

/// The unknown of a one-variable inequality: `x`, or a name such as `f(x)`
/// (read as letters).
fn is_unknown(e: &Expr) -> bool {
    match e {
        Expr::Var(_) | Expr::Func(Func::Opaque(_), _) => true,
        Expr::Prod(v) => !v.is_empty() && v.iter().all(|x| matches!(x, Expr::Var(_))),
        _ => false,
    }
}

/// `x > 2`, `2 < x`, `1 < x \le 3`, `3 \ge x > 1` as an interval.
fn relation_interval(items: &[Expr], ops: &[RelOp]) -> Option<Iv> {
    let var = items.iter().position(is_unknown)?;
    let mut iv = Iv::all();
    // Each op relates items[k] and items[k+1].
    for (k, op) in ops.iter().enumerate() {
        let (other, var_on_left) = if k == var {
            (&items[k + 1], true)
        } else if k + 1 == var {
            (&items[k], false)
        } else {
            return None;
        };
        if !free_vars(other).is_empty() {
            return None;
        }
        // Normalise to `var op other`.
        let op = if var_on_left { *op } else { flip(*op) };
        match op {
            RelOp::Lt | RelOp::Le => {
                iv.hi = bound(other);
                iv.hi_closed = op == RelOp::Le;
            }
            RelOp::Gt | RelOp::Ge => {
                iv.lo = bound(other);
                iv.lo_closed = op == RelOp::Ge;
            }
            _ => return None,
        }
    }
    Some(iv)
}

fn num(r: BigRational) -> Expr {
    Expr::Num(Lit::exact(r, None, 1, None))
}

impl Engine<'_> {
    /// An exact real value of a constant expression.
    fn exact(&self, e: &Expr) -> Result<Option<BigRational>, Error> {
        if !free_vars(e).is_empty() {
            return Ok(None);
        }
        Ok(match eval(e, &[], self.cx) {
            Ok(v) => v.exact_real().cloned(),
            Err(crate::value::EvalError::Budget(e)) => return Err(e),
            Err(_) => None,
        })
    }

    /// The float position of a bound, for ordering.
    fn at(&self, b: &Bound) -> Result<Option<f64>, Error> {
        Ok(match b {
            Bound::NegInf => Some(f64::NEG_INFINITY),
            Bound::PosInf => Some(f64::INFINITY),
            Bound::At(e) => match eval(e, &[], self.cx) {
                Ok(v) => {
                    let (re, im, err) = v.c();
                    (im.abs() <= err && re.is_finite()).then_some(re)
                }
                Err(crate::value::EvalError::Budget(e)) => return Err(e),
                Err(_) => None,
            },
        })
    }

    /// Whether two bounds are the same point.
    fn same(&self, a: &Bound, b: &Bound) -> Result<bool, Error> {
        Ok(match (a, b) {
            (Bound::NegInf, Bound::NegInf) | (Bound::PosInf, Bound::PosInf) => true,
            (Bound::At(x), Bound::At(y)) => self.compare(x, y)?.is_eq(),
            _ => false,
        })
    }

    /// An answer as a union of intervals (not yet canonical), or `None`
    /// when it is not a subset of the real line we can read.
    pub(crate) fn real_set(&self, e: &Expr) -> Result<Option<Vec<Iv>>, Error> {
        self.cx.charge(1)?;
        let out = match e {
            Expr::Interval(a, b, lc, rc) => vec![Iv::new(bound(a), bound(b), *lc, *rc)],
            Expr::Tuple(v) if v.len() == 2 => {
                vec![Iv::new(bound(&v[0]), bound(&v[1]), false, false)]
            }
            Expr::NamedSet('R') => vec![Iv::all()],
            Expr::Empty => Vec::new(),
            Expr::Set(items) => {
                let mut out = Vec::new();
                for x in items {
                    if !free_vars(x).is_empty() || infinity(x).is_some() {
                        return Ok(None);
                    }
                    out.push(Iv::point(x.clone()));
                }
                out
            }
            Expr::SetOp(SetOp::Union, a, b) => {
                let (Some(mut x), Some(y)) = (self.real_set(a)?, self.real_set(b)?) else {
                    return Ok(None);
                };
                x.extend(y);
                x
            }
            // `\mathbb{R} - \{3\}`: a minus sign between sets is a difference.
            Expr::Sum(v)
                if v.len() == 2
                    && matches!(&v[1], Expr::Neg(b) if matches!(**b, Expr::Set(_)))
                    && matches!(v[0], Expr::NamedSet('R') | Expr::Interval(..)) =>
            {
                let Expr::Neg(b) = &v[1] else { return Ok(None) };
                return self.real_set(&Expr::SetOp(
                    SetOp::Difference,
                    Box::new(v[0].clone()),
                    b.clone(),
                ));
            }
            Expr::SetOp(SetOp::Difference, a, b) if !matches!(**b, Expr::Set(_)) => {
                // `\mathbb{R} \setminus [-1, 2]`: what is in a and not in b.
                let (Some(x), Some(y)) = (self.real_set(a)?, self.real_set(b)?) else {
                    return Ok(None);
                };
                let (Some(x), Some(y)) = (self.canonical(x)?, self.canonical(y)?) else {
                    return Ok(None);
                };
                let Some(gaps) = self.complement(&y)? else { return Ok(None) };
                match self.intersect(&x, &gaps)? {
                    Some(v) => v,
                    None => return Ok(None),
                }
            }
            Expr::SetOp(SetOp::Difference, a, b) => {
                let (Some(x), Expr::Set(points)) = (self.real_set(a)?, &**b) else {
                    return Ok(None);
                };
                let Some(mut x) = self.canonical(x)? else { return Ok(None) };
                for p in points {
                    if !free_vars(p).is_empty() {
                        return Ok(None);
                    }
                    let Some(cut) = self.remove_point(x, p)? else { return Ok(None) };
                    x = cut;
                }
                x
            }
            Expr::List(v) => {
                let mut out = Vec::new();
                for x in v {
                    let Some(y) = self.real_set(x)? else { return Ok(None) };
                    out.extend(y);
                }
                out
            }
            Expr::Rel(items, ops)
                if ops.as_slice() == [RelOp::In] && matches!(items[0], Expr::Var(_)) =>
            {
                return self.real_set(&items[1]);
            }
            // `x \ne a`: the line without the point.
            Expr::Rel(items, ops) if ops.as_slice() == [RelOp::Ne] => {
                let a = if is_unknown(&items[0]) { &items[1] } else { &items[0] };
                if !free_vars(a).is_empty() || infinity(a).is_some() {
                    return Ok(None);
                }
                let at = Bound::At(a.clone());
                vec![
                    Iv::new(Bound::NegInf, at.clone(), false, false),
                    Iv::new(at, Bound::PosInf, false, false),
                ]
            }
            Expr::Rel(items, ops) => match relation_interval(items, ops) {
                Some(iv) => vec![iv],
                None => match self.inequality(e, items, ops)? {
                    Some(v) => v,
                    None => return Ok(None),
                },
            },
            _ => return Ok(None),
        };
        Ok((out.len() <= MAX_PIECES).then_some(out))
    }

    /// `x` without the point `p` (`x` canonical).
    fn remove_point(&self, x: Vec<Iv>, p: &Expr) -> Result<Option<Vec<Iv>>, Error> {
        let Some(pv) = self.at(&Bound::At(p.clone()))? else { return Ok(None) };
        let pb = Bound::At(p.clone());
        let mut out = Vec::new();
        for iv in x {
            let (Some(lo), Some(hi)) = (self.at(&iv.lo)?, self.at(&iv.hi)?) else {
                return Ok(None);
            };
            let on_lo = self.same(&iv.lo, &pb)?;
            let on_hi = self.same(&iv.hi, &pb)?;
            if on_lo && on_hi {
                continue;
            }
            if on_lo {
                out.push(Iv { lo_closed: false, ..iv });
            } else if on_hi {
                out.push(Iv { hi_closed: false, ..iv });
            } else if lo < pv && pv < hi {
                out.push(Iv::new(iv.lo.clone(), pb.clone(), iv.lo_closed, false));
                out.push(Iv::new(pb.clone(), iv.hi.clone(), false, iv.hi_closed));
            } else {
                out.push(iv);
            }
        }
        Ok(Some(out))
    }

    /// Sorted, disjoint, non-empty pieces; `None` when an endpoint cannot
    /// be placed on the real line, or when a written piece runs backwards
    /// (`(3, 2]` is not read as the empty set: `(3,2)` is more likely a
    /// point, and it must not match `(3,2]`). Pieces computed here
    /// (intersections, complements) that come out empty are dropped.
    fn canonical(&self, v: Vec<Iv>) -> Result<Option<Vec<Iv>>, Error> {
        self.canonical_with(v, false)
    }

    fn canonical_with(&self, v: Vec<Iv>, computed: bool) -> Result<Option<Vec<Iv>>, Error> {
        let mut keyed = Vec::with_capacity(v.len());
        for iv in v {
            let (Some(lo), Some(hi)) = (self.at(&iv.lo)?, self.at(&iv.hi)?) else {
                return Ok(None);
            };
            if lo > hi && !self.same(&iv.lo, &iv.hi)? {
                if computed {
                    continue;
                }
                return Ok(None);
            }
            if self.same(&iv.lo, &iv.hi)? && !(iv.lo_closed && iv.hi_closed) {
                continue;
            }
            keyed.push((lo, hi, iv));
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.2.lo_closed.cmp(&a.2.lo_closed)));
        let mut out: Vec<(f64, Iv)> = Vec::new();
        for (lo, hi, iv) in keyed {
            if let Some((cur_hi, cur)) = out.last_mut() {
                let touch = self.same(&iv.lo, &cur.hi)?;
                let overlap = lo < *cur_hi && !touch;
                if overlap || touch && (cur.hi_closed || iv.lo_closed) {
                    if self.same(&iv.lo, &cur.lo)? {
                        cur.lo_closed |= iv.lo_closed;
                    }
                    if self.same(&iv.hi, &cur.hi)? {
                        cur.hi_closed |= iv.hi_closed;
                    } else if hi > *cur_hi {
                        cur.hi = iv.hi;
                        cur.hi_closed = iv.hi_closed;
                        *cur_hi = hi;
                    }
                    continue;
                }
            }
            out.push((hi, iv));
        }
        Ok(Some(out.into_iter().map(|(_, iv)| iv).collect()))
    }

    /// The complement of a canonical set.
    fn complement(&self, v: &[Iv]) -> Result<Option<Vec<Iv>>, Error> {
        let mut out = Vec::new();
        let mut lo = Bound::NegInf;
        let mut lo_closed = false;
        for iv in v {
            if !matches!((&lo, &iv.lo), (Bound::NegInf, Bound::NegInf)) {
                out.push(Iv::new(lo, iv.lo.clone(), lo_closed, !iv.lo_closed));
            }
            lo = iv.hi.clone();
            lo_closed = !iv.hi_closed;
        }
        if !matches!(lo, Bound::PosInf) {
            out.push(Iv::new(lo, Bound::PosInf, lo_closed, false));
        }
        self.canonical_with(out, true)
    }

    /// The intersection of two canonical sets.
    fn intersect(&self, a: &[Iv], b: &[Iv]) -> Result<Option<Vec<Iv>>, Error> {
        let mut out = Vec::new();
        for x in a {
            for y in b {
                let (Some(xl), Some(yl), Some(xh), Some(yh)) =
                    (self.at(&x.lo)?, self.at(&y.lo)?, self.at(&x.hi)?, self.at(&y.hi)?)
                else {
                    return Ok(None);
                };
                let (lo, lo_closed) = if self.same(&x.lo, &y.lo)? {
                    (x.lo.clone(), x.lo_closed && y.lo_closed)
                } else if xl > yl {
                    (x.lo.clone(), x.lo_closed)
                } else {
                    (y.lo.clone(), y.lo_closed)
                };
                let (hi, hi_closed) = if self.same(&x.hi, &y.hi)? {
                    (x.hi.clone(), x.hi_closed && y.hi_closed)
                } else if xh < yh {
                    (x.hi.clone(), x.hi_closed)
                } else {
                    (y.hi.clone(), y.hi_closed)
                };
                out.push(Iv::new(lo, hi, lo_closed, hi_closed));
            }
        }
        // Empty pieces (lo above hi) are dropped by the canonical form.
        self.canonical_with(out, true)
    }

    /// Two subsets of the real line, canonical form against canonical form;
    /// `None` when either has no canonical form.
    pub(crate) fn compare_real_sets(
        &self,
        a: Vec<Iv>,
        b: Vec<Iv>,
    ) -> Result<Option<Decision>, Error> {
        let (Some(a), Some(b)) = (self.canonical(a)?, self.canonical(b)?) else {
            // Not a set we can place on the line: compared as written.
            return Ok(None);
        };
        if a.len() != b.len() {
            return Ok(Some(Decision::Ne(Stage::Structural)));
        }
        let mut stage = Stage::Structural;
        for (x, y) in a.iter().zip(&b) {
            if x.lo_closed != y.lo_closed || x.hi_closed != y.hi_closed {
                return Ok(Some(Decision::Ne(Stage::Structural)));
            }
            for (p, q) in [(&x.lo, &y.lo), (&x.hi, &y.hi)] {
                match (p, q) {
                    (Bound::NegInf, Bound::NegInf) | (Bound::PosInf, Bound::PosInf) => {}
                    (Bound::At(p), Bound::At(q)) => match self.compare(p, q)? {
                        Decision::Eq(s) => stage = stage.max_of(s),
                        other => return Ok(Some(other)),
                    },
                    _ => return Ok(Some(Decision::Ne(Stage::Structural))),
                }
            }
        }
        Ok(Some(Decision::Eq(stage)))
    }

    /// The solution set of an inequality `l op r` in one variable whose
    /// sides differ by a polynomial of degree at most two with rational
    /// coefficients (`x^2 < 4`, `2x + 1 \ge 3`), or of `|u| op k` with `u`
    /// such a polynomial and `k` a rational number.
    fn inequality(
        &self,
        rel: &Expr,
        items: &[Expr],
        ops: &[RelOp],
    ) -> Result<Option<Vec<Iv>>, Error> {
        let ([l, r], [op]) = (items, ops) else { return Ok(None) };
        if !is_ineq(*op) {
            return Ok(None);
        }
        let vars = free_vars(rel);
        let [var] = vars.as_slice() else { return Ok(None) };
        // `k > |u|` is `|u| < k`.
        let (l, r, op) = match (l, r) {
            (Expr::Func(Func::Abs, _), _) => (l, r, *op),
            (_, Expr::Func(Func::Abs, _)) => (r, l, flip(*op)),
            _ => (l, r, *op),
        };
        let f = if let Expr::Func(Func::Abs, u) = l
            && let [u] = u.as_slice()
            && let Some(k) = self.exact(r)?
        {
            if k.is_negative() {
                // |u| < k or ≤ k: nothing; > k or ≥ k: everything.
                return Ok(Some(match op {
                    RelOp::Lt | RelOp::Le => Vec::new(),
                    _ => vec![Iv::all()],
                }));
            }
            // |u| op k with k ≥ 0 is u² op k².
            Expr::Sum(vec![
                Expr::pow(u.clone(), num(BigRational::from_integer(2.into()))),
                Expr::Neg(Box::new(num(&k * &k))),
            ])
        } else {
            Expr::Sum(vec![l.clone(), Expr::Neg(Box::new(r.clone()))])
        };
        // f(t) for t = 0, 1, -1 fixes a, b, c; t = 2, 3 check the degree.
        let mut at = Vec::with_capacity(5);
        for t in [0i64, 1, -1, 2, 3] {
            let env = [(var.clone(), Val::Exact(Gq::real(BigRational::from_integer(t.into()))))];
            match eval(&f, &env, self.cx) {
                Ok(v) => match v.exact_real() {
                    Some(x) => at.push(x.clone()),
                    None => return Ok(None),
                },
                Err(crate::value::EvalError::Budget(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        }
        let two = BigRational::from_integer(2.into());
        let c = at[0].clone();
        let a = (&at[1] + &at[2] - &c * &two) / &two;
        let b = (&at[1] - &at[2]) / &two;
        let poly = |t: i64| {
            let t = BigRational::from_integer(t.into());
            &a * &t * &t + &b * &t + &c
        };
        if poly(2) != at[3] || poly(3) != at[4] {
            return Ok(None);
        }
        // Normalise to a leading coefficient ≥ 0 (flipping the relation).
        let (a, b, c, op) = if a.is_negative() || a.is_zero() && b.is_negative() {
            (-a, -b, -c, flip(op))
        } else {
            (a, b, c, op)
        };
        let strict_below = op == RelOp::Lt;
        let below = matches!(op, RelOp::Lt | RelOp::Le);
        let closed = matches!(op, RelOp::Le | RelOp::Ge);
        if a.is_zero() {
            if b.is_zero() {
                // A constant: always or never.
                let holds = match op {
                    RelOp::Lt => c.is_negative(),
                    RelOp::Le => !c.is_positive(),
                    RelOp::Gt => c.is_positive(),
                    _ => !c.is_negative(),
                };
                return Ok(Some(if holds { vec![Iv::all()] } else { Vec::new() }));
            }
            // b > 0: f op 0 ⟺ x op -c/b.
            let root = Bound::At(num(-&c / &b));
            return Ok(Some(vec![if below {
                Iv::new(Bound::NegInf, root, false, closed)
            } else {
                Iv::new(root, Bound::PosInf, closed, false)
            }]));
        }
        let disc = &b * &b - BigRational::from_integer(4.into()) * &a * &c;
        let two_a = &two * &a;
        if disc.is_negative() {
            // f > 0 everywhere.
            return Ok(Some(if below { Vec::new() } else { vec![Iv::all()] }));
        }
        if disc.is_zero() {
            let r = Bound::At(num(-&b / &two_a));
            return Ok(Some(match (below, strict_below, closed) {
                (true, true, _) => Vec::new(),
                (true, false, _) => vec![Iv::new(r.clone(), r, true, true)],
                (false, _, true) => vec![Iv::all()],
                (false, _, false) => vec![
                    Iv::new(Bound::NegInf, r.clone(), false, false),
                    Iv::new(r, Bound::PosInf, false, false),
                ],
            }));
        }
        // Two roots (-b ∓ √D) / 2a, smaller first.
        let root = |sign: bool| {
            let sq = Expr::Func(Func::Sqrt, vec![num(disc.clone())]);
            let sq = if sign { sq } else { Expr::Neg(Box::new(sq)) };
            Expr::Prod(vec![Expr::Sum(vec![num(-&b), sq]), Expr::Inv(Box::new(num(two_a.clone())))])
        };
        let (r1, r2) = (Bound::At(root(false)), Bound::At(root(true)));
        Ok(Some(if below {
            vec![Iv::new(r1, r2, closed, closed)]
        } else {
            vec![
                Iv::new(Bound::NegInf, r1, false, closed),
                Iv::new(r2, Bound::PosInf, closed, false),
            ]
        }))
    }
}
