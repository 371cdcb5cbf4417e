//! The equivalence engine: two parsed answers, one decision, and the stage
//! that made it.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use rlvr_core::{Context, Error};

use crate::ast::{Const, Expr, Func};
use crate::huge::log_of;
use crate::lex::RelOp;
use crate::value::{Env, EvalError, Gq, Val, eval, radd, rat_f64, rsub, sign};

/// Which stage of the engine decided.
///
/// Reported in every reward's `detail` so that users can audit a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The normalised strings (or words) are equal, or multiple-choice
    /// letters were compared.
    String,
    /// The parsed trees are equal, or their shapes differ (a set against a
    /// number, different lengths).
    Structural,
    /// Exact rational (Gaussian rational) arithmetic.
    Exact,
    /// Floating-point evaluation with tracked error bounds, and the
    /// tolerance of a rounded decimal literal.
    Numeric,
    /// Evaluation at seeded sample points, for expressions with variables.
    Symbolic,
}

impl Stage {
    /// The lowercase name used in details.
    ///
    /// # Example
    /// ```
    /// assert_eq!(rlvr_math::Stage::Symbolic.as_str(), "symbolic");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Structural => "structural",
            Self::Exact => "exact",
            Self::Numeric => "numeric",
            Self::Symbolic => "symbolic",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The engine's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    Eq(Stage),
    Ne(Stage),
    Undecided(String),
}

impl Decision {
    pub(crate) fn is_eq(&self) -> bool {
        matches!(self, Self::Eq(_))
    }
}

/// Comparison conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Options {
    /// A percentage also matches its bare number (`10\%` vs `10`).
    pub(crate) percent_as_number: bool,
    /// Degrees also match radians (`90^\circ` vs `\pi/2`).
    pub(crate) degrees_as_radians: bool,
    /// Significant digits a rounded decimal must show to match an exact
    /// value that it only approximates (only with `decimal_approx`).
    pub(crate) min_sig_digits: u32,
    /// Whether a rounded decimal answer may match an exact gold it
    /// approximates (`3.14` for `\pi`). Off by default: an exact gold needs
    /// an exact answer.
    pub(crate) decimal_approx: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            percent_as_number: true,
            degrees_as_radians: false,
            min_sig_digits: 3,
            decimal_approx: false,
        }
    }
}

/// Significant digits a decimal gold must show for an answer to be judged
/// at the gold's precision (`0.87` does, so `0.866` matches it; `0.5` does
/// not, so `0.46` does not).
const GOLD_SIG_DIGITS: u32 = 2;
/// Against a decimal answer, a decimal gold with more significant digits
/// than a float holds is an exact value written out, not a rounded one:
/// the two are compared at the finer precision (two 500-place decimals
/// that differ in the last place differ).
const MAX_ROUNDED_GOLD_DIGITS: u32 = 15;

/// How many seeded points a symbolic comparison needs.
const POINTS: usize = 3;
/// How many points it may try (some fall outside a domain).
const TRIES: usize = 10;
/// The largest set compared element by element.
const MAX_ITEMS: usize = 256;

pub(crate) struct Engine<'a> {
    pub(crate) opts: Options,
    pub(crate) cx: &'a Context,
}

pub(crate) type Decided = Result<Decision, Error>;

impl Engine<'_> {
    /// Compares a gold answer with a predicted one.
    pub(crate) fn compare(&self, g: &Expr, p: &Expr) -> Decided {
        self.cx.charge(1)?;
        if g == p {
            return Ok(Decision::Eq(Stage::Structural));
        }
        // `C(7,3)`: a binomial coefficient against a number (against a
        // tuple or an interval it is left as written).
        if let Some((n, k)) = c_of(p)
            && !matches!(g, Expr::Tuple(_) | Expr::Interval(..))
        {
            return self.compare(g, &Expr::Func(Func::Binom, vec![n.clone(), k.clone()]));
        }
        // `3\mathbf{i} - 3\mathbf{j}` against a vector: its coefficients.
        if let Some(n) = vector_len(g)
            && let Some(t) = self.unit_vector_coefficients(p, n)?
        {
            return self.compare(g, &t);
        }
        if let Some(n) = vector_len(p)
            && let Some(t) = self.unit_vector_coefficients(g, n)?
        {
            return self.compare(&t, p);
        }
        // A number in a base against the same digits without the base
        // (`1011_2` against `1011`): the digits as written decide. Two
        // numbers in bases, or one against another value, compare values.
        match (g, p) {
            (Expr::Based(_, d, _), Expr::Num(l)) | (Expr::Num(l), Expr::Based(_, d, _))
                if l.plain_digits()
                    == Some(d.trim_start_matches('0')).filter(|x| !x.is_empty()) =>
            {
                return Ok(Decision::Eq(Stage::String));
            }
            // A gold written in a base asks for the answer in that base: bare
            // digits are read as digits in it, so `25` is not `221_3` even
            // though 221 in base 3 is 25.
            (Expr::Based(..), Expr::Num(l)) if l.plain_digits().is_some() => {
                return Ok(Decision::Ne(Stage::String));
            }
            (Expr::Based(a, ..), Expr::Based(b, ..)) => return self.compare(a, b),
            (Expr::Based(a, ..), q) => return self.compare(a, q),
            (q, Expr::Based(b, ..)) => return self.compare(q, b),
            _ => {}
        }
        // Units: both with a unit, the units must agree (converting
        // compatible ones); a bare value against a quantity compares the
        // values alone.
        // A temperature is not an angle: `45^\circ C` against a gold of
        // `45^\circ` (or the other way) differs.
        let temperature =
            |e: &Expr| matches!(e, Expr::Quantity(_, u) if u == "degC" || u == "degF");
        if temperature(g) && matches!(p, Expr::Degree(_))
            || temperature(p) && matches!(g, Expr::Degree(_))
        {
            return Ok(Decision::Ne(Stage::Structural));
        }
        match (g, p) {
            (Expr::Quantity(a, ua), Expr::Quantity(b, ub)) => return self.quantities(a, ua, b, ub),
            (Expr::Quantity(a, u), q) => {
                return match in_first_unit(a, u) {
                    Some(v) => self.compare(&v, q),
                    None => Ok(Decision::Ne(Stage::Structural)),
                };
            }
            (q, Expr::Quantity(b, u)) => {
                return match in_first_unit(b, u) {
                    Some(v) => self.compare(q, &v),
                    None => Ok(Decision::Ne(Stage::Structural)),
                };
            }
            _ => {}
        }
        // Matrix arithmetic (`A + B`, `2A`, `AB`, `A^2`) written out as one
        // matrix of entry expressions.
        if let Some(m) = matrix_arith(g) {
            return self.compare(&m, p);
        }
        if let Some(m) = matrix_arith(p) {
            return self.compare(g, &m);
        }
        // Assignments: `x = 2` against `2`, either way round.
        if let Some(v) = self.assigned(g)?
            && !matches!(p, Expr::Rel(..))
        {
            return self.compare(v, p);
        }
        if let Some(v) = self.assigned(p)?
            && !matches!(g, Expr::Rel(..))
        {
            return self.compare(g, v);
        }
        // Intervals, unions and inequalities in one variable.
        if (crate::sets::is_interval_like(g) || crate::sets::is_interval_like(p))
            && let Some(a) = self.real_set(g)?
            && let Some(b) = self.real_set(p)?
            && let Some(d) = self.compare_real_sets(a, b)?
        {
            return Ok(d);
        }
        match (g, p) {
            // "No solution" is the empty set.
            (Expr::Text(t), Expr::Empty) | (Expr::Empty, Expr::Text(t)) => {
                return Ok(if canon_text(t) == EMPTY_WORDS {
                    Decision::Eq(Stage::String)
                } else {
                    Decision::Ne(Stage::String)
                });
            }
            (Expr::Text(a), Expr::Text(b)) => {
                return Ok(if canon_text(a) == canon_text(b) {
                    Decision::Eq(Stage::String)
                } else {
                    Decision::Ne(Stage::String)
                });
            }
            // A number word against a number: `\text{five}` is 5.
            (Expr::Text(t), q) | (q, Expr::Text(t))
                if is_single_value(q) && number_word(t).is_some() =>
            {
                let n = number_word(t).unwrap_or_default();
                let n = Expr::Num(crate::number::Lit::exact(
                    BigRational::from_integer(n.into()),
                    None,
                    1,
                    None,
                ));
                return if matches!(g, Expr::Text(_)) {
                    self.compare(&n, q)
                } else {
                    self.compare(q, &n)
                };
            }
            (Expr::Text(_), _) | (_, Expr::Text(_)) => return Ok(Decision::Ne(Stage::String)),
            (Expr::Rel(ga, gops), Expr::Rel(pa, pops)) => {
                return self.relations(ga, gops, pa, pops);
            }
            (Expr::Rel(..), _) | (_, Expr::Rel(..)) => return Ok(Decision::Ne(Stage::Structural)),
            (Expr::Ratio(a), Expr::Ratio(b)) => return self.ratios(a, b),
            // A two-part ratio against a single value: `3 : 4` is `3/4`, as
            // Math-Verify reads it; a longer ratio matches no single value.
            (Expr::Ratio(a), q) => {
                return match ratio_value(a) {
                    Some(v) if is_single_value(q) => self.compare(&v, q),
                    _ => Ok(Decision::Ne(Stage::Structural)),
                };
            }
            (q, Expr::Ratio(b)) => {
                return match ratio_value(b) {
                    Some(v) if is_single_value(q) => self.compare(q, &v),
                    _ => Ok(Decision::Ne(Stage::Structural)),
                };
            }
            (Expr::Matrix(a), Expr::Matrix(b)) => {
                if a.len() != b.len() || a.first().map(Vec::len) != b.first().map(Vec::len) {
                    return Ok(Decision::Ne(Stage::Structural));
                }
                let ga: Vec<&Expr> = a.iter().flatten().collect();
                let pb: Vec<&Expr> = b.iter().flatten().collect();
                return self.ordered(&ga, &pb);
            }
            // A column (or row) vector against a tuple or `\langle…\rangle`:
            // the entries in order.
            (Expr::Matrix(m), Expr::Tuple(t)) | (Expr::Tuple(t), Expr::Matrix(m))
                if vector_entries(m).is_some_and(|v| v.len() == t.len()) =>
            {
                let v = vector_entries(m).unwrap_or_default();
                return self.ordered(&v, &t.iter().collect::<Vec<_>>());
            }
            (Expr::Matrix(_), _) | (_, Expr::Matrix(_)) => {
                return Ok(Decision::Ne(Stage::Structural));
            }
            (Expr::Interval(a, b, ac, bc), Expr::Interval(c, d, cc, dc)) => {
                if ac != cc || bc != dc {
                    return Ok(Decision::Ne(Stage::Structural));
                }
                return self.ordered(&[a, b], &[c, d]);
            }
            (Expr::Interval(a, b, false, false), Expr::Tuple(t))
            | (Expr::Tuple(t), Expr::Interval(a, b, false, false))
                if t.len() == 2 =>
            {
                return self.ordered(&[a, b], &[&t[0], &t[1]]);
            }
            (Expr::Interval(..), _) | (_, Expr::Interval(..)) => {
                return Ok(Decision::Ne(Stage::Structural));
            }
            (Expr::Tuple(a) | Expr::Bracket(a), Expr::Tuple(b) | Expr::Bracket(b)) => {
                return self.ordered(&a.iter().collect::<Vec<_>>(), &b.iter().collect::<Vec<_>>());
            }
            // A tuple against a bare list `1, 2` is compared in order.
            (Expr::Tuple(a), Expr::List(b)) | (Expr::List(a), Expr::Tuple(b)) => {
                return self.ordered(&a.iter().collect::<Vec<_>>(), &b.iter().collect::<Vec<_>>());
            }
            (Expr::Tuple(_) | Expr::Bracket(_), _) | (_, Expr::Tuple(_) | Expr::Bracket(_)) => {
                return Ok(Decision::Ne(Stage::Structural));
            }
            _ => {}
        }
        // Sets, lists and `±`: unordered collections of answers. A single
        // value matches a one-element set.
        // (Plain scalars skip the expansion, which copies both trees.)
        if !is_set(g) && !is_set(p) && !expands_pm(g) && !expands_pm(p) {
            return self.scalar(g, p);
        }
        let (gs, ps) = (items(g)?, items(p)?);
        if gs.len() > 1 || ps.len() > 1 || is_set(g) || is_set(p) {
            return self.unordered(&gs, &ps);
        }
        self.scalar(g, p)
    }

    /// Two quantities: the same unit compares the values; units of one
    /// dimension compare the values converted to base units; other units
    /// differ (`3` minutes is not `3` hours, `5` dollars is not `5` cents).
    fn quantities(&self, a: &Expr, ua: &str, b: &Expr, ub: &str) -> Decided {
        let compound = |u: &str| u == crate::parse::COMPOUND;
        // The same words; read the same too, where case matters (`Mm` is
        // not `mm`).
        if norm_text(ua) == norm_text(ub)
            && !compound(ua)
            && crate::units::read(ua) == crate::units::read(ub)
        {
            return self.compare(a, b);
        }
        if !compound(ua)
            && !compound(ub)
            && let (Some(x), Some(y)) = (crate::units::read(ua), crate::units::read(ub))
            && x.nouns != y.nouns
        {
            // Words that name no known unit must agree (`9 J` is not `9 W`).
            return Ok(Decision::Ne(Stage::Structural));
        }
        let (Some((x, dx)), Some((y, dy))) = (in_base_units(a, ua), in_base_units(b, ub)) else {
            return Ok(Decision::Ne(Stage::Structural));
        };
        if dx != dy {
            return Ok(Decision::Ne(Stage::Structural));
        }
        self.compare(&x, &y)
    }

    /// The coefficients of an expression linear in the unit vectors
    /// `\mathbf{i}`, `\mathbf{j}`, `\mathbf{k}` (and nothing else), as an
    /// `n`-tuple; `None` for anything else.
    fn unit_vector_coefficients(&self, e: &Expr, n: usize) -> Result<Option<Expr>, Error> {
        const UNITS: [&str; 3] = ["\\mathbf{i}", "\\mathbf{j}", "\\mathbf{k}"];
        let vars = free_vars(e);
        if vars.is_empty()
            || !(2..=3).contains(&n)
            || vars.iter().any(|v| !UNITS[..n].contains(&v.as_str()))
        {
            return Ok(None);
        }
        let at = |point: [i64; 3]| -> Result<Option<BigRational>, Error> {
            let env: Vec<(String, Val)> = UNITS
                .iter()
                .zip(point)
                .map(|(u, x)| {
                    ((*u).to_owned(), Val::Exact(Gq::real(BigRational::from_integer(x.into()))))
                })
                .collect();
            match eval(e, &env, self.cx) {
                Ok(v) => Ok(v.exact_real().cloned()),
                Err(EvalError::Budget(b)) => Err(b),
                Err(_) => Ok(None),
            }
        };
        let Some(zero) = at([0, 0, 0])? else { return Ok(None) };
        if !zero.is_zero() {
            return Ok(None);
        }
        let mut coef = Vec::with_capacity(n);
        for k in 0..n {
            let mut p = [0; 3];
            p[k] = 1;
            let Some(c) = at(p)? else { return Ok(None) };
            // Linear: doubling the point doubles the value.
            p[k] = 2;
            let Some(c2) = at(p)? else { return Ok(None) };
            if c2 != &c + &c {
                return Ok(None);
            }
            coef.push(c);
        }
        // And additive across directions.
        let Some(all) = at([1, 1, 1])? else { return Ok(None) };
        let sum = coef.iter().fold(BigRational::zero(), |a, b| a + b);
        if all != sum {
            return Ok(None);
        }
        Ok(Some(Expr::Tuple(
            coef.into_iter()
                .map(|c| Expr::Num(crate::number::Lit::exact(c, None, 1, None)))
                .collect(),
        )))
    }

    /// Two ratios. Equal when the parts are equal in order, or when they
    /// are proportional with a nonzero factor (`6 : 8` is `3 : 4`, `2 : 4 :
    /// 6` is `1 : 2 : 3`): a ratio's value does not depend on how far it
    /// is reduced, just as `\frac{6}{8}` equals `\frac{3}{4}`; Math-Verify
    /// also accepts `6:8` for `3:4` (it reads `a:b` as `a/b`). A question
    /// that demands the simplest form is a question about the form, which
    /// no value comparison can judge. Two exceptions compare in order
    /// only: ratios that look like times of day (`4:30` is not `2:15`,
    /// though the pair is proportional; the price is that `1:12` does not
    /// match `2:24`), and ratios with a zero part (`12:0` is not `5:0`).
    /// Ratios of different lengths never match.
    ///
    /// Proportionality is tested without dividing: `a_i b_j = a_j b_i` for
    /// every pair of places; with no zero part this means `b = c·a` for one
    /// nonzero `c` (a negative `c` too: `-3 : -4` is `3 : 4`, as `-3/-4`
    /// is `3/4`).
    fn ratios(&self, a: &[Expr], b: &[Expr]) -> Decided {
        if a.len() != b.len() {
            return Ok(Decision::Ne(Stage::Structural));
        }
        let ordered = self.ordered(&a.iter().collect::<Vec<_>>(), &b.iter().collect::<Vec<_>>())?;
        if ordered.is_eq() || is_clock(a) || is_clock(b) {
            return Ok(ordered);
        }
        // A zero part makes a ratio degenerate (and `12 : 0` would be
        // proportional to `5 : 0`): such ratios compare in order only.
        let zero = Expr::Num(crate::number::Lit::exact(BigRational::zero(), None, 1, None));
        for x in a.iter().chain(b) {
            if self.compare(&zero, x)?.is_eq() {
                return Ok(ordered);
            }
        }
        let mut stage = Stage::Structural;
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let l = Expr::mul(a[i].clone(), b[j].clone());
                let r = Expr::mul(a[j].clone(), b[i].clone());
                match self.compare(&l, &r)? {
                    Decision::Eq(s) => stage = stage.max_of(s),
                    Decision::Ne(s) => return Ok(Decision::Ne(s)),
                    Decision::Undecided(why) => return Ok(Decision::Undecided(why)),
                }
            }
        }
        Ok(Decision::Eq(stage))
    }

    /// The value of an assignment `x = v` (or `a = b = v`), whose left
    /// sides are plain variables or, for a prediction, equal to `v`.
    fn assigned<'e>(&self, e: &'e Expr) -> Result<Option<&'e Expr>, Error> {
        let Expr::Rel(items, ops) = e else { return Ok(None) };
        if !ops.iter().all(|o| matches!(o, RelOp::Eq | RelOp::Approx)) {
            return Ok(None);
        }
        let Some((last, init)) = items.split_last() else { return Ok(None) };
        if matches!(last, Expr::Var(_)) && init.iter().all(|x| !matches!(x, Expr::Var(_))) {
            // `5 = x`: read as `x = 5`.
            if init.len() == 1 {
                return Ok(Some(&init[0]));
            }
        }
        for x in init {
            if is_name(x) {
                continue;
            }
            // `10/2 = 5`: a worked computation that must be right.
            if free_vars(x).is_empty()
                && free_vars(last).is_empty()
                && self.scalar(x, last)?.is_eq()
            {
                continue;
            }
            return Ok(None);
        }
        Ok(Some(last))
    }

    fn ordered(&self, a: &[&Expr], b: &[&Expr]) -> Decided {
        if a.len() != b.len() {
            return Ok(Decision::Ne(Stage::Structural));
        }
        let mut stage = Stage::Structural;
        for (x, y) in a.iter().zip(b) {
            match self.compare(x, y)? {
                Decision::Eq(s) => stage = stage.max_of(s),
                other => return Ok(other),
            }
        }
        Ok(Decision::Eq(stage))
    }

    fn unordered(&self, a: &[Expr], b: &[Expr]) -> Decided {
        if a.len() > MAX_ITEMS || b.len() > MAX_ITEMS {
            return Ok(Decision::Undecided("set too large to compare".into()));
        }
        let a = self.dedup(a)?;
        let b = self.dedup(b)?;
        if a.len() != b.len() {
            return Ok(Decision::Ne(Stage::Structural));
        }
        let mut used = vec![false; b.len()];
        let mut stage = Stage::Structural;
        for x in &a {
            let mut found = false;
            let mut undecided = None;
            for (k, y) in b.iter().enumerate() {
                if used[k] {
                    continue;
                }
                match self.compare(x, y)? {
                    Decision::Eq(s) => {
                        used[k] = true;
                        stage = stage.max_of(s);
                        found = true;
                        break;
                    }
                    Decision::Undecided(r) => undecided = Some(r),
                    Decision::Ne(_) => {}
                }
            }
            if !found {
                return Ok(undecided
                    .map_or(Decision::Ne(stage.max_of(Stage::Structural)), Decision::Undecided));
            }
        }
        Ok(Decision::Eq(stage))
    }

    fn dedup<'e>(&self, xs: &'e [Expr]) -> Result<Vec<&'e Expr>, Error> {
        let mut out: Vec<&Expr> = Vec::new();
        for x in xs {
            let mut dup = false;
            for y in &out {
                if self.compare(y, x)?.is_eq() {
                    dup = true;
                    break;
                }
            }
            if !dup {
                out.push(x);
            }
        }
        Ok(out)
    }

    /// Two relations: the same solution set, judged by `lhs - rhs` being
    /// proportional (with a positive factor for inequalities).
    fn relations(&self, ga: &[Expr], gops: &[RelOp], pa: &[Expr], pops: &[RelOp]) -> Decided {
        if gops.len() != 1 || pops.len() != 1 {
            if gops.len() != pops.len() {
                return Ok(Decision::Ne(Stage::Structural));
            }
            // Chains: same operators, the same items in order.
            let flips = gops.iter().zip(pops).all(|(a, b)| flip(*a) == *b);
            let same = gops == pops;
            if same {
                return self
                    .ordered(&ga.iter().collect::<Vec<_>>(), &pa.iter().collect::<Vec<_>>());
            }
            if flips {
                return self
                    .ordered(&ga.iter().collect::<Vec<_>>(), &pa.iter().rev().collect::<Vec<_>>());
            }
            return Ok(Decision::Ne(Stage::Structural));
        }
        let (g, p) = (gops[0], pops[0]);
        let norm = |op: RelOp| if op == RelOp::Approx { RelOp::Eq } else { op };
        let (g, p) = (norm(g), norm(p));
        let (gl, gr) = (&ga[0], &ga[1]);
        let (pl, pr) = (&pa[0], &pa[1]);
        if g == RelOp::In || p == RelOp::In {
            if g == p {
                return self.ordered(&[gl, gr], &[pl, pr]);
            }
            return Ok(Decision::Ne(Stage::Structural));
        }
        // Orient both as `f op 0` with op in {=, ≠, <, ≤}.
        let orient = |op: RelOp, l: &Expr, r: &Expr| -> (RelOp, Expr) {
            let diff =
                |a: &Expr, b: &Expr| Expr::Sum(vec![a.clone(), Expr::Neg(Box::new(b.clone()))]);
            match op {
                RelOp::Gt => (RelOp::Lt, diff(r, l)),
                RelOp::Ge => (RelOp::Le, diff(r, l)),
                other => (other, diff(l, r)),
            }
        };
        let (go, gf) = orient(g, gl, gr);
        let (po, pf) = orient(p, pl, pr);
        if go != po {
            return Ok(Decision::Ne(Stage::Structural));
        }
        let positive = matches!(go, RelOp::Lt | RelOp::Le);
        self.proportional(&gf, &pf, positive)
    }

    /// `f` and `g` evaluated at `env`: both values; `Ok(None)` when either
    /// is undefined there (try another point); or the verdict to return at
    /// once (the budget is spent, or an operation cannot be evaluated, so
    /// the forms are compared by structure alone).
    fn eval_pair(&self, f: &Expr, g: &Expr, env: Env<'_>) -> Result<Option<(Val, Val)>, Decided> {
        match (eval(f, env, self.cx), eval(g, env, self.cx)) {
            (Ok(a), Ok(b)) => Ok(Some((a, b))),
            (Err(EvalError::Budget(e)), _) | (_, Err(EvalError::Budget(e))) => Err(Err(e)),
            (Err(EvalError::Unsupported), _) | (_, Err(EvalError::Unsupported)) => {
                Err(Ok(Decision::Ne(Stage::Structural)))
            }
            _ => Ok(None),
        }
    }

    /// Whether `f = c·g` for a constant `c` (nonzero; positive when
    /// `positive`), by evaluation at seeded points.
    fn proportional(&self, f: &Expr, g: &Expr, positive: bool) -> Decided {
        let vars = union_vars(f, g);
        let mut ratio: Option<Val> = None;
        let mut good = 0;
        for t in 0..TRIES {
            let env = point(&vars, t);
            let (a, b) = match self.eval_pair(f, g, &env) {
                Ok(Some(values)) => values,
                Ok(None) => continue,
                Err(verdict) => return verdict,
            };
            let (za, zb) = (is_zero(&a), is_zero(&b));
            match (za, zb) {
                (Some(true), Some(true)) => continue,
                (Some(true), Some(false)) | (Some(false), Some(true)) => {
                    return Ok(Decision::Ne(stage_for(&vars)));
                }
                (None, _) | (_, None) => continue,
                _ => {}
            }
            let inv = match b.inv(self.cx) {
                Ok(inv) => inv,
                Err(EvalError::Budget(e)) => return Err(e),
                Err(_) => continue,
            };
            let r = a.mul(&inv, self.cx)?;
            if positive && sign(&r) != Some(std::cmp::Ordering::Greater) {
                return Ok(Decision::Ne(stage_for(&vars)));
            }
            match &ratio {
                None => ratio = Some(r),
                Some(r0) => match vals_equal(r0, &r, 0.0) {
                    Some(true) => {}
                    Some(false) => return Ok(Decision::Ne(stage_for(&vars))),
                    None => return Ok(Decision::Undecided("values too large to compare".into())),
                },
            }
            good += 1;
            if good >= POINTS || (vars.is_empty() && good >= 1) {
                return Ok(Decision::Eq(stage_for(&vars)));
            }
        }
        Ok(Decision::Undecided("no sample point where both sides are defined".into()))
    }

    /// Two scalars, with the percent and degree conventions.
    fn scalar(&self, g: &Expr, p: &Expr) -> Decided {
        let first = self.value(g, p)?;
        if first.is_eq() {
            return Ok(first);
        }
        let mut alts: Vec<(Expr, Expr)> = Vec::new();
        if self.opts.percent_as_number {
            match (g, p) {
                (Expr::Percent(_), Expr::Percent(_)) => {}
                (Expr::Percent(a), _) => alts.push(((**a).clone(), p.clone())),
                (_, Expr::Percent(b)) => alts.push((g.clone(), (**b).clone())),
                _ => {}
            }
        }
        let has_pi = |e: &Expr| {
            let mut found = false;
            walk(e, &mut |x| found |= matches!(x, Expr::Const(Const::Pi)));
            found
        };
        // An explicit degree sign against a gold in radians (one written
        // with `\pi`): `30^\circ` is `\frac{\pi}{6}`. A bare `30` stays
        // different, and a gold without `\pi` keeps reading the degree
        // sign as dropped (`30^\circ` is `30`).
        if let Expr::Degree(b) = p
            && !matches!(g, Expr::Degree(_))
            && has_pi(g)
            && !self.opts.degrees_as_radians
        {
            alts.push((g.clone(), radians(b)));
        }
        // And the other way: a gold with an explicit degree sign against an
        // answer in radians (one written with `\pi`).
        if let Expr::Degree(a) = g
            && !matches!(p, Expr::Degree(_))
            && has_pi(p)
            && !self.opts.degrees_as_radians
        {
            alts.push((radians(a), p.clone()));
        }
        if self.opts.degrees_as_radians {
            let rad = |x: &Expr| {
                Expr::Prod(vec![
                    x.clone(),
                    Expr::Const(Const::Pi),
                    Expr::Inv(Box::new(Expr::Num(lit_180()))),
                ])
            };
            match (g, p) {
                (Expr::Degree(a), q) if !matches!(q, Expr::Degree(_)) => {
                    alts.push((rad(a), q.clone()));
                }
                (q, Expr::Degree(b)) if !matches!(q, Expr::Degree(_)) => {
                    alts.push((q.clone(), rad(b)));
                }
                _ => {}
            }
        }
        for (a, b) in &alts {
            let d = self.value(a, b)?;
            if d.is_eq() {
                return Ok(d);
            }
        }
        Ok(first)
    }

    /// Two scalar values: exact, numeric, or at seeded points.
    fn value(&self, g: &Expr, p: &Expr) -> Decided {
        // Two plain integers: their digits decide, with no conversion.
        if let (Expr::Num(a), Expr::Num(b)) = (g, p)
            && let (Some(x), Some(y)) = (a.plain_digits(), b.plain_digits())
        {
            return Ok(if x == y {
                Decision::Eq(Stage::Exact)
            } else {
                Decision::Ne(Stage::Exact)
            });
        }
        // Terms both sides share cancel first (a + c = b + c exactly when
        // a = b). Without this, a float compares `e^{100} + 1` with
        // `e^{100}` inside its relative error band and calls them equal;
        // and `e^{1000} + 1` is too large to evaluate at all.
        match cancel_common_terms(g, p) {
            Some(Cancelled::All) => return Ok(Decision::Eq(Stage::Structural)),
            Some(Cancelled::Left(pair)) => return self.value(&pair.0, &pair.1),
            None => {}
        }
        let vars = union_vars(g, p);
        let (tol, places) = self.tolerance(g, p);
        if vars.is_empty() {
            let d = self.numeric(g, p, tol, places)?;
            if let Decision::Undecided(_) = d {
                return self.huge(g, p, d);
            }
            return Ok(d);
        }
        self.at_points(g, p, &vars)
    }

    /// Two values too large or too small for a float (`e^{800}` against
    /// `e^{799}` or `(e^8)^{100}`, `2^{2^{20}}` against `4^{2^{19}}`):
    /// shared factors cancel, then the signs and logarithms decide (see
    /// [`crate::huge`]): equal or different exactly when both logarithms
    /// are exact and `ln π` cancels; different when the floats separate
    /// them; else still undecided (`und`).
    fn huge(&self, g: &Expr, p: &Expr, und: Decision) -> Decided {
        if let Some((g2, p2)) = cancel_common_factors(g, p) {
            return self.value(&g2, &p2);
        }
        let (a, b) = match (log_of(g, self.cx)?, log_of(p, self.cx)?) {
            (Some(a), Some(b)) => (a, b),
            (None, None) => return Ok(und),
            _ => {
                // A nonzero value against an exact zero (`2^{-10^{10}}`
                // against `0`).
                let zero =
                    |e: &Expr| matches!(eval(e, &[], self.cx), Ok(Val::Exact(q)) if q.is_zero());
                return Ok(if zero(g) || zero(p) { Decision::Ne(Stage::Exact) } else { und });
            }
        };
        match a.exactly_equal(&b, self.cx)? {
            Some(true) => return Ok(Decision::Eq(Stage::Exact)),
            Some(false) => return Ok(Decision::Ne(Stage::Exact)),
            None => {}
        }
        let (Some(x), Some(y)) = (a.value(self.cx)?, b.value(self.cx)?) else {
            return Ok(und);
        };
        Ok(match vals_equal(&x, &y, 0.0) {
            Some(false) => Decision::Ne(Stage::Numeric),
            _ => und,
        })
    }

    /// Two scalars without variables: exact, else by error-bounded floats.
    fn numeric(&self, g: &Expr, p: &Expr, tol: f64, places: Option<i64>) -> Decided {
        {
            let a = match eval(g, &[], self.cx) {
                Ok(v) => v,
                Err(EvalError::Budget(e)) => return Err(e),
                Err(EvalError::Undefined) => return Ok(Decision::Ne(Stage::Numeric)),
                Err(EvalError::Overflow) => {
                    return Ok(Decision::Undecided("values too large to compare".into()));
                }
                Err(EvalError::Unsupported) => return Ok(Decision::Ne(Stage::Structural)),
            };
            let b = match eval(p, &[], self.cx) {
                Ok(v) => v,
                Err(EvalError::Budget(e)) => return Err(e),
                Err(EvalError::Undefined) => return Ok(Decision::Ne(Stage::Numeric)),
                Err(EvalError::Overflow) => {
                    return Ok(Decision::Undecided("values too large to compare".into()));
                }
                Err(EvalError::Unsupported) => return Ok(Decision::Ne(Stage::Structural)),
            };
            // The decimal policy: a decimal answer against an exact gold
            // whose value is not rational (it evaluates only approximately:
            // `9\pi`, `\sqrt2`) is an approximation, however many digits it
            // shows, unless decimals are allowed (`decimal_approx`, which
            // gives a tolerance). A gold that hides a rational
            // (`\sin\frac{\pi}{6}`) is then missed by a decimal: golds are
            // written simplified.
            if tol == 0.0
                && matches!(b, Val::Exact(_))
                && !matches!(a, Val::Exact(_))
                && contains_decimal(p)
                && !contains_decimal(g)
            {
                return Ok(Decision::Ne(Stage::Numeric));
            }
            if let (Val::Exact(x), Val::Exact(y)) = (&a, &b) {
                if x == y {
                    return Ok(Decision::Eq(Stage::Exact));
                }
                // A decimal with more places than a float can resolve:
                // |x - y| <= half a unit in its last place, exactly.
                if let Some(pl) = places.filter(|&pl| pl > 300)
                    && x.im == y.im
                    && let Ok(pl) = usize::try_from(pl)
                {
                    let Some(d) = rsub(&x.re, &y.re) else {
                        return Ok(Decision::Undecided("values too large to compare".into()));
                    };
                    let half_unit = BigRational::new_raw(
                        BigInt::one(),
                        BigInt::from(2) * num_traits::pow(BigInt::from(10), pl),
                    );
                    return Ok(if d.abs() <= half_unit {
                        Decision::Eq(Stage::Numeric)
                    } else {
                        Decision::Ne(Stage::Numeric)
                    });
                }
                if tol == 0.0 {
                    return Ok(Decision::Ne(Stage::Exact));
                }
            }
            // A float that agrees with an exact rational to its rounding is
            // evidence of equality only when its band is narrower than half
            // the spacing of that rational's denominator: `\pi^{500}` and
            // `e^{\pi\sqrt{163}}` agree with integers to a float's
            // precision (relatively 10^{-30} and closer) and are not
            // integers.
            if tol == 0.0
                && let (Val::Exact(q), other) | (other, Val::Exact(q)) = (&a, &b)
                && !matches!(other, Val::Exact(_))
                && vals_equal(&a, &b, 0.0) == Some(true)
                && !band_pins(q, &a, &b)
            {
                return Ok(Decision::Undecided(
                    "the error bound is wider than the spacing of the exact value's fractions"
                        .into(),
                ));
            }
            Ok(match vals_equal(&a, &b, tol) {
                Some(true) => Decision::Eq(Stage::Numeric),
                Some(false) => Decision::Ne(Stage::Numeric),
                None if a.is_finite() && b.is_finite() => {
                    Decision::Undecided("the error bound cannot separate the values".into())
                }
                None => Decision::Undecided("values too large to compare".into()),
            })
        }
    }

    /// Two expressions with variables, at seeded points.
    fn at_points(&self, g: &Expr, p: &Expr, vars: &[String]) -> Decided {
        let mut good = 0;
        for t in 0..TRIES {
            let env = point(vars, t);
            let (a, b) = match self.eval_pair(g, p, &env) {
                Ok(Some(values)) => values,
                Ok(None) => continue,
                Err(verdict) => return verdict,
            };
            match vals_equal(&a, &b, 0.0) {
                Some(true) => good += 1,
                Some(false) => return Ok(Decision::Ne(Stage::Symbolic)),
                None => continue,
            }
            if good >= POINTS {
                return Ok(Decision::Eq(Stage::Symbolic));
            }
        }
        Ok(Decision::Undecided("no sample point where both sides are defined".into()))
    }

    /// The tolerance a rounded decimal literal earns (the decimal policy):
    /// - a decimal gold with at least [`GOLD_SIG_DIGITS`] significant
    ///   digits is matched at its own precision by an exact answer (`\pi`
    ///   for `3.14`), and, when it shows at most [`MAX_ROUNDED_GOLD_DIGITS`],
    ///   by a decimal that shows at least as many places (`0.866` for
    ///   `0.87`);
    /// - any other two decimals are compared at the finer one's precision;
    /// - an exact gold needs an exact answer: a decimal answer gets no
    ///   tolerance (`3.14` is not `\pi`; `0.5` still equals `\frac12`,
    ///   exactly), unless `decimal_approx` is set, when it gets its own
    ///   precision if it shows `min_sig_digits` significant digits.
    ///
    /// (As a float, and as the decimal places that set it: past 300
    /// places the float underflows and the comparison is made exactly.)
    fn tolerance(&self, g: &Expr, p: &Expr) -> (f64, Option<i64>) {
        let lit = |e: &Expr| -> Option<(f64, u32, i64)> {
            let with = |l: &crate::number::Lit, shift: i64, scale: f64| {
                let places = l.places? + shift;
                l.radius().map(|r| (r * scale, l.sig, places))
            };
            match e {
                Expr::Num(l) => with(l, 0, 1.0),
                Expr::Neg(x) => match &**x {
                    Expr::Num(l) => with(l, 0, 1.0),
                    _ => None,
                },
                Expr::Percent(x) => match &**x {
                    Expr::Num(l) => with(l, 2, 0.01),
                    _ => None,
                },
                _ => None,
            }
        };
        let exact_kind = |e: &Expr| !contains_decimal(e);
        match (lit(g), lit(p)) {
            (Some((a, sig, pa)), Some((b, _, pb))) => {
                if (GOLD_SIG_DIGITS..=MAX_ROUNDED_GOLD_DIGITS).contains(&sig) && pb >= pa {
                    (a, Some(pa))
                } else {
                    (a.min(b), Some(pa.max(pb)))
                }
            }
            (Some((r, sig, pl)), None) if exact_kind(p) && sig >= GOLD_SIG_DIGITS => (r, Some(pl)),
            (None, Some((r, sig, pl)))
                if self.opts.decimal_approx && exact_kind(g) && sig >= self.opts.min_sig_digits =>
            {
                (r, Some(pl))
            }
            _ => (0.0, None),
        }
    }
}

/// An angle in degrees as radians.
fn radians(x: &Expr) -> Expr {
    Expr::Prod(vec![x.clone(), Expr::Const(Const::Pi), Expr::Inv(Box::new(Expr::Num(lit_180())))])
}

fn lit_180() -> crate::number::Lit {
    crate::number::Lit::exact(BigRational::from_integer(180.into()), None, 3, None)
}

impl Stage {
    /// The more involved of two stages (for reporting what a collection
    /// comparison needed).
    pub(crate) fn max_of(self, other: Self) -> Self {
        let rank = |s: Self| match s {
            Self::String => 0,
            Self::Structural => 1,
            Self::Exact => 2,
            Self::Numeric => 3,
            Self::Symbolic => 4,
        };
        if rank(other) > rank(self) { other } else { self }
    }
}

fn stage_for(vars: &[String]) -> Stage {
    if vars.is_empty() { Stage::Numeric } else { Stage::Symbolic }
}

/// A matrix's entries.
type Mat = Vec<Vec<Expr>>;

/// The most entries a folded matrix may have, and the largest power.
const MAX_MATRIX_ENTRIES: usize = 256;
const MAX_MATRIX_POWER: u32 = 8;

/// `e` as one matrix when it is a sum, difference, scalar multiple,
/// product or small power of matrices with agreeing shapes (entries stay
/// expressions; the comparison evaluates them). `None` for a plain matrix
/// and for anything else.
fn matrix_arith(e: &Expr) -> Option<Expr> {
    if !matches!(e, Expr::Sum(_) | Expr::Prod(_) | Expr::Neg(_) | Expr::Pow(..)) {
        return None;
    }
    let mut has = false;
    walk(e, &mut |x| has |= matches!(x, Expr::Matrix(_)));
    if !has {
        return None;
    }
    fold_matrix(e, 0).map(Expr::Matrix)
}

fn fold_matrix(e: &Expr, depth: usize) -> Option<Mat> {
    if depth > 16 {
        return None;
    }
    let map = |m: Mat, f: &dyn Fn(Expr) -> Expr| -> Mat {
        m.into_iter().map(|r| r.into_iter().map(f).collect()).collect()
    };
    match e {
        Expr::Matrix(m) => Some(m.clone()),
        Expr::Neg(a) => Some(map(fold_matrix(a, depth + 1)?, &|x| Expr::Neg(Box::new(x)))),
        Expr::Sum(terms) => {
            let mut acc: Option<Mat> = None;
            for t in terms {
                let m = fold_matrix(t, depth + 1)?;
                acc = Some(match acc {
                    None => m,
                    Some(a) => mat_add(a, m)?,
                });
            }
            acc
        }
        Expr::Prod(factors) => {
            let mut scalars = Vec::new();
            let mut acc: Option<Mat> = None;
            for f in factors {
                let mut has = false;
                walk(f, &mut |x| has |= matches!(x, Expr::Matrix(_)));
                if !has {
                    scalars.push(f.clone());
                    continue;
                }
                let m = fold_matrix(f, depth + 1)?;
                acc = Some(match acc {
                    None => m,
                    Some(a) => mat_mul(&a, &m)?,
                });
            }
            let m = acc?;
            if scalars.is_empty() {
                return Some(m);
            }
            Some(map(m, &|x| {
                let mut v = scalars.clone();
                v.push(x);
                Expr::Prod(v)
            }))
        }
        Expr::Pow(a, b) => {
            let Expr::Num(l) = &**b else { return None };
            let n = l.plain_digits()?.parse::<u32>().ok()?;
            if n == 0 || n > MAX_MATRIX_POWER {
                return None;
            }
            let base = fold_matrix(a, depth + 1)?;
            let mut acc = base.clone();
            for _ in 1..n {
                acc = mat_mul(&acc, &base)?;
            }
            Some(acc)
        }
        _ => None,
    }
}

fn mat_add(a: Mat, b: Mat) -> Option<Mat> {
    if a.len() != b.len() || a.first().map(Vec::len) != b.first().map(Vec::len) {
        return None;
    }
    Some(
        a.into_iter()
            .zip(b)
            .map(|(r, s)| r.into_iter().zip(s).map(|(x, y)| Expr::Sum(vec![x, y])).collect())
            .collect(),
    )
}

fn mat_mul(a: &Mat, b: &Mat) -> Option<Mat> {
    let (n, k, m) = (a.len(), a.first()?.len(), b.first()?.len());
    if b.len() != k || n.saturating_mul(m) > MAX_MATRIX_ENTRIES || k > 16 {
        return None;
    }
    Some(
        (0..n)
            .map(|i| {
                (0..m)
                    .map(|j| {
                        Expr::Sum(
                            (0..k)
                                .map(|t| Expr::Prod(vec![a[i][t].clone(), b[t][j].clone()]))
                                .collect(),
                        )
                    })
                    .collect()
            })
            .collect(),
    )
}

/// A left side that names the quantity an answer gives: `x`, `f(x)`,
/// `(p, q)`, `AB`, `|AB|`, `\frac{NO}{BO}`: letters only, no numbers, so
/// `2x + z = 1` stays an equation.
fn is_name(e: &Expr) -> bool {
    match e {
        Expr::Var(_) | Expr::Func(Func::Opaque(_), _) => true,
        Expr::Tuple(v) => !v.is_empty() && v.iter().all(|x| matches!(x, Expr::Var(_))),
        Expr::Prod(v) => {
            !v.is_empty()
                && v.iter().all(|x| match x {
                    Expr::Inv(y) => is_name(y),
                    y => is_name(y),
                })
        }
        Expr::Func(Func::Abs, v) => v.len() == 1 && is_name(&v[0]),
        // `f^{-1}(x)`: an inverse function's name.
        Expr::Pow(a, e) => {
            matches!(**a, Expr::Var(_))
                && matches!(&**e, Expr::Neg(one) if matches!(&**one, Expr::Num(l) if l.raw.as_deref() == Some("1")))
        }
        // `AB : BC = 3 : 4`.
        Expr::Ratio(v) => v.iter().all(is_name),
        _ => false,
    }
}

/// Whether a ratio is written like a time of day, `H:MM` or `H:MM:SS`:
/// plain integers, the first of one or two digits, each later one of
/// exactly two digits and under 60. Such ratios are compared part by part
/// only, never by proportion or value.
fn is_clock(parts: &[Expr]) -> bool {
    let raw = |e: &Expr| match e {
        Expr::Num(l) => l.raw.clone(),
        _ => None,
    };
    let Some((first, rest)) = parts.split_first() else { return false };
    matches!(parts.len(), 2 | 3)
        && raw(first).is_some_and(|h| h.len() <= 2)
        && rest.iter().all(|p| raw(p).is_some_and(|m| m.len() == 2 && m.as_bytes()[0] < b'6'))
}

/// `a / b` for a two-part ratio `a : b`. A time of day has this reading
/// too: a value that equals `4/30` by accident is not a plausible answer to
/// a question about times, while `\frac{1}{12}` for a gold `1:12` is.
fn ratio_value(parts: &[Expr]) -> Option<Expr> {
    match parts {
        [a, b] => Some(Expr::div(a.clone(), b.clone())),
        _ => None,
    }
}

/// Whether an answer is one value (a number or an expression), the only
/// kind a two-part ratio is compared with: not a collection, interval,
/// relation, matrix or words.
fn is_single_value(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::Set(_)
            | Expr::List(_)
            | Expr::Empty
            | Expr::Tuple(_)
            | Expr::Bracket(_)
            | Expr::Interval(..)
            | Expr::Matrix(_)
            | Expr::Rel(..)
            | Expr::Text(_)
            | Expr::NamedSet(_)
            | Expr::SetOp(..)
            | Expr::Ratio(_)
    ) && !has_pm(e)
}

pub(crate) fn flip(op: RelOp) -> RelOp {
    match op {
        RelOp::Lt => RelOp::Gt,
        RelOp::Gt => RelOp::Lt,
        RelOp::Le => RelOp::Ge,
        RelOp::Ge => RelOp::Le,
        other => other,
    }
}

fn contains_decimal(e: &Expr) -> bool {
    let mut found = false;
    walk(e, &mut |x| {
        if let Expr::Num(l) = x {
            found |= l.places.is_some();
        }
    });
    found
}

/// Visits every node (the tree depth is bounded by the parser).
fn walk(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Neg(a)
        | Expr::Inv(a)
        | Expr::Percent(a)
        | Expr::Degree(a)
        | Expr::Quantity(a, _)
        | Expr::Based(a, _, _) => {
            walk(a, f);
        }
        Expr::Pow(a, b) | Expr::SetOp(_, a, b) | Expr::Interval(a, b, _, _) => {
            walk(a, f);
            walk(b, f);
        }
        Expr::PlusMinus(a, b, _) => {
            if let Some(a) = a {
                walk(a, f);
            }
            walk(b, f);
        }
        Expr::Sum(v)
        | Expr::Prod(v)
        | Expr::Func(_, v)
        | Expr::Tuple(v)
        | Expr::Bracket(v)
        | Expr::Set(v)
        | Expr::List(v)
        | Expr::Rel(v, _)
        | Expr::Ratio(v) => v.iter().for_each(|x| walk(x, f)),
        Expr::Matrix(rows) => rows.iter().flatten().for_each(|x| walk(x, f)),
        Expr::Num(_)
        | Expr::Var(_)
        | Expr::Const(_)
        | Expr::NamedSet(_)
        | Expr::Empty
        | Expr::Text(_) => {}
    }
}

pub(crate) fn free_vars(e: &Expr) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    walk(e, &mut |x| {
        // `#k`: the bound index of a sum or the variable of an integral.
        if let Expr::Var(v) = x
            && !v.starts_with('#')
            && !out.contains(v)
        {
            out.push(v.clone());
        }
    });
    out.sort();
    out
}

fn union_vars(a: &Expr, b: &Expr) -> Vec<String> {
    let mut v = free_vars(a);
    for x in free_vars(b) {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v.sort();
    v
}

/// The `t`-th seeded sample point: small rationals of both signs, the same
/// on every run.
fn point(vars: &[String], t: usize) -> Vec<(String, Val)> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ (t as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let mut next = || {
        state ^= state >> 30;
        state = state.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        state ^= state >> 27;
        state = state.wrapping_mul(0x94D0_49BB_1331_11EB);
        state ^= state >> 31;
        state
    };
    vars.iter()
        .enumerate()
        .map(|(k, v)| {
            let num = i64::try_from(next() % 47).unwrap_or(0) + 1;
            let den = i64::try_from(next() % 13).unwrap_or(0) + 2;
            // Signs alternate between points, so that a one-variable
            // identity is checked on both sides of zero.
            let neg = (t + k) % 2 == 1;
            let r = BigRational::new((if neg { -num } else { num }).into(), den.into());
            (v.clone(), Val::Exact(Gq::real(r)))
        })
        .collect()
}

fn is_zero(v: &Val) -> Option<bool> {
    match v {
        Val::Exact(q) => Some(q.re.is_zero() && q.im.is_zero()),
        Val::Approx { re, im, err } => {
            let m = re.hypot(*im);
            if !m.is_finite() {
                None
            } else if m <= *err * 4.0 {
                Some(true)
            } else {
                Some(false)
            }
        }
    }
}

/// Whether the error band of `a` against `b` is narrower than half the
/// spacing `1/d` of the fractions with the denominator `d` of the exact
/// value `q` (so that the band holds no other such fraction).
fn band_pins(q: &Gq, a: &Val, b: &Val) -> bool {
    let (_, _, ea) = a.c();
    let (_, _, eb) = b.c();
    let band = 4.0 * (ea + eb);
    let d = rat_f64(&BigRational::from_integer(q.re.denom() * q.im.denom()));
    band * d < 0.5
}

/// Whether two values are equal within their error bounds plus `tol`;
/// `None` when they are not finite.
pub(crate) fn vals_equal(a: &Val, b: &Val, tol: f64) -> Option<bool> {
    if let (Val::Exact(x), Val::Exact(y)) = (a, b) {
        if x == y {
            return Some(true);
        }
        if tol == 0.0 {
            return Some(false);
        }
        // |x - y| <= tol, exactly where possible.
        let tol = tol * (1.0 + 1e-9);
        let (dr, di) = (rsub(&x.re, &y.re)?.abs(), rsub(&x.im, &y.im)?.abs());
        let d = rat_f64(&dr).hypot(rat_f64(&di));
        if d == 0.0 {
            // The difference underflows a float (two long decimals that
            // differ in their 400th place): compare it exactly.
            let t = BigRational::from_float(tol)?;
            return Some(radd(&dr, &di)? <= t);
        }
        return Some(d <= tol);
    }
    if !a.is_finite() || !b.is_finite() {
        // An overflowed value is larger than any finite one we can hold.
        let huge = |v: &Val| {
            let (re, im, _) = v.c();
            re.is_infinite() || im.is_infinite()
        };
        let small = |v: &Val| {
            let (re, im, err) = v.c();
            v.is_finite() && re.hypot(im) + err < 1e300
        };
        if (huge(a) && small(b)) || (small(a) && huge(b)) {
            return Some(false);
        }
        return None;
    }
    let (ar, ai, ea) = a.c();
    let (br, bi, eb) = b.c();
    let d = (ar - br).hypot(ai - bi);
    let band = 4.0 * (ea + eb);
    let tol = tol * (1.0 + 1e-9);
    if d > band + tol {
        return Some(false);
    }
    // Within the error band. That is "equal" only when the band is as
    // narrow as a float's rounding of the values; a wide band (a power
    // that magnifies rounding, `(1+10^{-9})^{10^9}` against `e`) cannot
    // separate two values that differ inside it: undecided, never equal.
    let mag = ar.hypot(ai).max(br.hypot(bi)).max(1.0);
    if band <= MAX_REL_BAND * mag || d + band <= tol { Some(true) } else { None }
}

/// `a` and `b` with the items they share (structurally, counted as a
/// multiset) removed from both, or `None` when they share none: the one
/// step of cancelling common terms and common factors.
fn without_shared(mut a: Vec<Expr>, mut b: Vec<Expr>) -> Option<(Vec<Expr>, Vec<Expr>)> {
    let mut removed = false;
    let mut k = 0;
    while k < a.len() {
        if let Some(j) = b.iter().position(|y| *y == a[k]) {
            a.remove(k);
            b.remove(j);
            removed = true;
        } else {
            k += 1;
        }
    }
    removed.then_some((a, b))
}

/// What cancelling the shared terms of two sums leaves.
enum Cancelled {
    /// The same terms on both sides, in some order: the sums are equal.
    All,
    /// What is left of each side.
    Left(Box<(Expr, Expr)>),
}

/// `g` and `p` with the terms they share (structurally) removed from their
/// sums, or `None` when they share none.
fn cancel_common_terms(g: &Expr, p: &Expr) -> Option<Cancelled> {
    let terms = |e: &Expr| match e {
        Expr::Sum(v) => v.clone(),
        other => vec![other.clone()],
    };
    let (a, b) = without_shared(terms(g), terms(p))?;
    if a.is_empty() && b.is_empty() {
        return Some(Cancelled::All);
    }
    let zero = || Expr::Num(crate::number::Lit::exact(BigRational::zero(), None, 1, None));
    let back = |mut v: Vec<Expr>| match v.len() {
        0 => zero(),
        1 => v.pop().unwrap_or_else(zero),
        _ => Expr::Sum(v),
    };
    Some(Cancelled::Left(Box::new((back(a), back(b)))))
}

/// A quantity's value in base units, and its dimensions; a compound
/// quantity's parts must share one dimension.
fn in_base_units(v: &Expr, unit: &str) -> Option<(Expr, Vec<i8>)> {
    let scaled = |e: &Expr, f: BigRational| {
        Expr::mul(e.clone(), Expr::Num(crate::number::Lit::exact(f, None, 1, None)))
    };
    if unit == crate::parse::COMPOUND {
        let Expr::Sum(parts) = v else { return None };
        let mut dims: Option<Vec<i8>> = None;
        let mut sum = Vec::with_capacity(parts.len());
        for p in parts {
            let Expr::Quantity(x, u) = p else { return None };
            let (x, d) = in_base_units(x, u)?;
            if dims.as_ref().is_some_and(|e| *e != d) {
                return None;
            }
            dims = Some(d);
            sum.push(x);
        }
        return Some((Expr::Sum(sum), dims?));
    }
    let u = crate::units::read(unit)?;
    Some((scaled(v, u.factor), u.dims.to_vec()))
}

/// A quantity's value without its unit: as written, or for a compound
/// quantity in the unit of its first part (`2` hours `30` minutes is `2.5`).
fn in_first_unit(v: &Expr, unit: &str) -> Option<Expr> {
    if unit != crate::parse::COMPOUND {
        return Some(v.clone());
    }
    let Expr::Sum(parts) = v else { return None };
    let Some(Expr::Quantity(_, first)) = parts.first() else { return None };
    let f = crate::units::read(first)?.factor;
    let (total, _) = in_base_units(v, unit)?;
    Some(Expr::div(total, Expr::Num(crate::number::Lit::exact(f, None, 1, None))))
}

/// The entries of a one-column or one-row matrix.
fn vector_entries(m: &[Vec<Expr>]) -> Option<Vec<&Expr>> {
    if m.len() > 1 && m.iter().all(|r| r.len() == 1) || m.len() == 1 {
        Some(m.iter().flatten().collect())
    } else {
        None
    }
}

/// The length of a vector answer: a tuple or a one-column/one-row matrix.
fn vector_len(e: &Expr) -> Option<usize> {
    match e {
        Expr::Tuple(t) => Some(t.len()),
        Expr::Matrix(m) => vector_entries(m).map(|v| v.len()),
        _ => None,
    }
}

/// The parts of `C(n, k)` written as a product of the letter `C` and a
/// pair of integers.
fn c_of(e: &Expr) -> Option<(&Expr, &Expr)> {
    let Expr::Prod(v) = e else { return None };
    let [Expr::Var(c), Expr::Tuple(t)] = v.as_slice() else { return None };
    let int = |x: &Expr| matches!(x, Expr::Num(l) if l.raw.is_some());
    (c == "C" && t.len() == 2 && int(&t[0]) && int(&t[1])).then(|| (&t[0], &t[1]))
}

/// `g` and `p` with the factors they share (structurally) removed from
/// their products, or `None` when they share none.
fn cancel_common_factors(g: &Expr, p: &Expr) -> Option<(Expr, Expr)> {
    let factors = |e: &Expr| match e {
        Expr::Prod(v) => v.clone(),
        other => vec![other.clone()],
    };
    let (a, b) = without_shared(factors(g), factors(p))?;
    let one = || Expr::Num(crate::number::Lit::exact(BigRational::one(), None, 1, None));
    let back = |mut v: Vec<Expr>| match v.len() {
        0 => one(),
        1 => v.pop().unwrap_or_else(one),
        _ => Expr::Prod(v),
    };
    Some((back(a), back(b)))
}

/// The widest error band, relative to the values, within which two
/// floating-point values are called equal.
const MAX_REL_BAND: f64 = 1e-10;

/// The elements of a collection answer: a list, a set, or `±` expanded.
fn items(e: &Expr) -> Result<Vec<Expr>, Error> {
    Ok(match e {
        Expr::List(v) | Expr::Set(v) => {
            let mut out = Vec::new();
            for x in v {
                out.extend(expand_pm(x));
            }
            out
        }
        Expr::Empty => Vec::new(),
        other => expand_pm(other),
    })
}

fn is_set(e: &Expr) -> bool {
    matches!(e, Expr::Set(_) | Expr::Empty | Expr::List(_))
}

/// Whether `e` holds a `±`.
fn has_pm(e: &Expr) -> bool {
    let mut has = false;
    walk(e, &mut |x| has |= matches!(x, Expr::PlusMinus(..)));
    has
}

/// Whether `e` holds a `±` that [`choose_pm`] resolves: one reached
/// through the nodes it rebuilds, not one inside a tuple, set, interval or
/// other container (which compare their parts themselves). Expanding on a
/// `±` it cannot resolve gave back the same expression, twice, and the
/// comparison recursed until the stack overflowed (`2 \cdot (1, \pm 2)`).
fn expands_pm(e: &Expr) -> bool {
    match e {
        Expr::PlusMinus(..) => true,
        Expr::Neg(a) | Expr::Inv(a) | Expr::Percent(a) | Expr::Degree(a) | Expr::Quantity(a, _) => {
            expands_pm(a)
        }
        Expr::Pow(a, b) => expands_pm(a) || expands_pm(b),
        Expr::Sum(v) | Expr::Prod(v) | Expr::Func(_, v) | Expr::Rel(v, _) | Expr::Ratio(v) => {
            v.iter().any(expands_pm)
        }
        _ => false,
    }
}

/// `a ± b` as `[a + b, a - b]`; other expressions as themselves.
fn expand_pm(e: &Expr) -> Vec<Expr> {
    if !expands_pm(e) {
        return vec![e.clone()];
    }
    vec![choose_pm(e, true), choose_pm(e, false)]
}

fn choose_pm(e: &Expr, plus: bool) -> Expr {
    let c = |x: &Expr| choose_pm(x, plus);
    match e {
        Expr::PlusMinus(a, b, mp) => {
            let b = c(b);
            let b = if plus != *mp { b } else { Expr::Neg(Box::new(b)) };
            match a {
                Some(a) => Expr::Sum(vec![c(a), b]),
                None => b,
            }
        }
        Expr::Neg(a) => Expr::Neg(Box::new(c(a))),
        Expr::Inv(a) => Expr::Inv(Box::new(c(a))),
        Expr::Percent(a) => Expr::Percent(Box::new(c(a))),
        Expr::Degree(a) => Expr::Degree(Box::new(c(a))),
        Expr::Quantity(a, u) => Expr::Quantity(Box::new(c(a)), u.clone()),
        Expr::Pow(a, b) => Expr::pow(c(a), c(b)),
        Expr::Sum(v) => Expr::Sum(v.iter().map(c).collect()),
        Expr::Prod(v) => Expr::Prod(v.iter().map(c).collect()),
        Expr::Func(f, v) => Expr::Func(f.clone(), v.iter().map(c).collect()),
        Expr::Rel(v, ops) => Expr::Rel(v.iter().map(c).collect(), ops.clone()),
        Expr::Ratio(v) => Expr::Ratio(v.iter().map(c).collect()),
        other => other.clone(),
    }
}

/// The value of a number word (`five`, `twenty`), up to one hundred.
fn number_word(t: &str) -> Option<i64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] =
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let w = t.trim().trim_end_matches('.').to_ascii_lowercase();
    if let Some(k) = ONES.iter().position(|x| *x == w) {
        return i64::try_from(k).ok();
    }
    if w == "one hundred" || w == "hundred" {
        return Some(100);
    }
    let (tens, ones) = match w.split_once(['-', ' ']) {
        Some((a, b)) => (a, Some(b)),
        None => (w.as_str(), None),
    };
    let t = i64::try_from(TENS.iter().position(|x| *x == tens)?).ok()? * 10 + 20;
    match ones {
        None => Some(t),
        Some(o) => {
            let k = ONES.iter().position(|x| *x == o).filter(|k| (1..10).contains(k))?;
            Some(t + i64::try_from(k).ok()?)
        }
    }
}

/// The canonical words of "no solution" (the empty set).
const EMPTY_WORDS: &str = "\\emptyset";

/// Words in canonical form: [`norm_text`], with the phrasings of "no
/// solution" read as the empty set and of "does not exist" as `dne`.
fn canon_text(s: &str) -> String {
    let t = norm_text(s);
    let t =
        t.strip_prefix("text{").and_then(|x| x.strip_suffix('}')).map_or(t.clone(), str::to_owned);
    match t.as_str() {
        "nosolution"
        | "nosolutions"
        | "norealsolution"
        | "norealsolutions"
        | "thereisnosolution"
        | "therearenosolutions"
        | "thereisnorealsolution"
        | "therearenorealsolutions"
        | "emptyset"
        | "theemptyset"
        | "none"
        | "nosuchvalue"
        | "nosuchvalues" => EMPTY_WORDS.to_owned(),
        "dne" | "doesnotexist" | "itdoesnotexist" | "thelimitdoesnotexist" => "dne".to_owned(),
        _ => t,
    }
}

/// Words compared case-insensitively, ignoring spaces and a trailing period.
pub(crate) fn norm_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '\\')
        .flat_map(char::to_lowercase)
        .collect()
}
