//! Polynomials with exact rational coefficients, and the tasks graded on
//! them: polynomial multiplication, polynomial equations and simple
//! (polynomial) integration; and, for intermediate integration,
//! expressions with elementary functions, differentiated by exact
//! forward-mode rules and evaluated at complex points.
//!
//! The reader takes the Python/sympy notation the tasks print and ask for:
//! numbers, the instance's variables, `+ - * /`, `**` (or `^`) with a
//! whole constant exponent, and parentheses. Nothing else is a polynomial:
//! a function call, an unknown name or a code payload is a parse error,
//! and sizes (degree, number of terms, nesting, digits) are bounded and
//! every multiplication is charged to the budget, so `(x+1)**64**64` is a
//! fast zero.
//!
//! `rlvr-math`'s expression equivalence is not used: it decides whether two
//! answers are *equal*, while polynomial multiplication also needs the
//! answer's *form* (expanded, like terms collected), which it does not
//! expose.

use std::collections::BTreeMap;
use std::ops::{Add, Mul, Neg, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use rlvr_core::{Context, Error, Reward};

use super::numeric::clean;
use super::{Entry, meta_err};

/// The largest total degree of a polynomial.
const MAX_DEGREE: u32 = 256;
/// The most terms a polynomial may have.
const MAX_TERMS: usize = 4_096;
/// The most digits in a number.
const MAX_DIGITS: usize = 200;
/// Nesting limit of parentheses and signs.
const MAX_DEPTH: usize = 64;
/// The longest text read.
const MAX_TEXT: usize = 16 * 1024;

/// A polynomial: monomial exponents (one per variable) to coefficient,
/// with no zero coefficients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Poly {
    nvars: usize,
    terms: BTreeMap<Vec<u32>, BigRational>,
}

impl Poly {
    fn constant(nvars: usize, c: BigRational) -> Self {
        let mut terms = BTreeMap::new();
        if !c.is_zero() {
            terms.insert(vec![0; nvars], c);
        }
        Self { nvars, terms }
    }

    fn var(nvars: usize, i: usize) -> Self {
        let mut m = vec![0; nvars];
        m[i] = 1;
        Self { nvars, terms: BTreeMap::from([(m, BigRational::one())]) }
    }

    /// The value when constant.
    fn as_constant(&self) -> Option<BigRational> {
        match self.terms.len() {
            0 => Some(BigRational::zero()),
            1 => self
                .terms
                .iter()
                .next()
                .filter(|(m, _)| m.iter().all(|&e| e == 0))
                .map(|(_, c)| c.clone()),
            _ => None,
        }
    }

    /// The total degree (0 for the zero polynomial).
    pub(crate) fn degree(&self) -> u32 {
        self.terms.keys().map(|m| m.iter().sum()).max().unwrap_or(0)
    }

    /// The number of terms.
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The coefficients of a one-variable polynomial, lowest power first.
    pub(crate) fn coefficients(&self) -> Vec<BigRational> {
        let mut out = vec![BigRational::zero(); self.degree() as usize + 1];
        for (m, c) in &self.terms {
            out[m.first().copied().unwrap_or(0) as usize] = c.clone();
        }
        out
    }

    /// The value of a one-variable polynomial at `x`.
    pub(crate) fn eval1(&self, x: &BigRational) -> BigRational {
        self.coefficients().iter().rev().fold(BigRational::zero(), |acc, c| acc * x + c)
    }

    fn mul_checked(&self, o: &Self, cx: &Context) -> Result<Self, String> {
        cx.charge((self.terms.len() * o.terms.len()) as u64 + 1).map_err(|e| e.to_string())?;
        let mut terms: BTreeMap<Vec<u32>, BigRational> = BTreeMap::new();
        for (ma, ca) in &self.terms {
            for (mb, cb) in &o.terms {
                let m: Vec<u32> = ma.iter().zip(mb).map(|(a, b)| a + b).collect();
                if m.iter().sum::<u32>() > MAX_DEGREE {
                    return Err("degree too high".into());
                }
                *terms.entry(m).or_insert_with(BigRational::zero) += ca * cb;
            }
        }
        terms.retain(|_, c| !c.is_zero());
        if terms.len() > MAX_TERMS {
            return Err("too many terms".into());
        }
        Ok(Self { nvars: self.nvars, terms })
    }
}

impl Add for Poly {
    type Output = Self;
    fn add(mut self, o: Self) -> Self {
        for (m, c) in o.terms {
            *self.terms.entry(m).or_insert_with(BigRational::zero) += c;
        }
        self.terms.retain(|_, c| !c.is_zero());
        self
    }
}

impl Neg for Poly {
    type Output = Self;
    fn neg(mut self) -> Self {
        for c in self.terms.values_mut() {
            *c = -c.clone();
        }
        self
    }
}

impl Sub for Poly {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        self + (-o)
    }
}

impl Mul<&BigRational> for Poly {
    type Output = Self;
    fn mul(mut self, k: &BigRational) -> Self {
        if k.is_zero() {
            self.terms.clear();
        }
        for c in self.terms.values_mut() {
            *c = &*c * k;
        }
        self
    }
}

/// What the reader saw besides the value.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// Whether parentheses were used.
    pub(crate) parens: bool,
    /// The number of top-level `+`/`-` terms.
    pub(crate) top_terms: usize,
}

struct Reader<'a, 'c> {
    s: &'a [u8],
    i: usize,
    vars: &'a [&'a str],
    cx: &'c Context,
    shape: Shape,
}

type Parsed<T> = Result<T, String>;

impl Reader<'_, '_> {
    fn peek(&mut self) -> Option<u8> {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn at(&mut self, tok: &[u8]) -> bool {
        self.peek().is_some() && self.s[self.i..].starts_with(tok)
    }

    fn expr(&mut self, depth: usize) -> Parsed<Poly> {
        let mut acc = self.term(depth)?;
        let mut count = 1;
        loop {
            match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    acc = acc + self.term(depth)?;
                }
                Some(b'-') => {
                    self.i += 1;
                    acc = acc - self.term(depth)?;
                }
                _ => break,
            }
            count += 1;
            if acc.terms.len() > MAX_TERMS {
                return Err("too many terms".into());
            }
        }
        if depth == 0 {
            self.shape.top_terms = count;
        }
        Ok(acc)
    }

    fn term(&mut self, depth: usize) -> Parsed<Poly> {
        let mut acc = self.unary(depth)?;
        loop {
            if self.at(b"**") {
                return Err("misplaced `**`".into());
            }
            match self.peek() {
                Some(b'*') => {
                    self.i += 1;
                    let r = self.unary(depth)?;
                    acc = acc.mul_checked(&r, self.cx)?;
                }
                Some(b'/') => {
                    self.i += 1;
                    let r = self.unary(depth)?;
                    let k = r.as_constant().ok_or("division by a non-constant")?;
                    if k.is_zero() {
                        return Err("division by zero".into());
                    }
                    acc = acc * &k.recip();
                }
                _ => return Ok(acc),
            }
        }
    }

    fn unary(&mut self, depth: usize) -> Parsed<Poly> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                Ok(-self.unary(depth + 1)?)
            }
            Some(b'+') => {
                self.i += 1;
                self.unary(depth + 1)
            }
            _ => self.power(depth),
        }
    }

    fn power(&mut self, depth: usize) -> Parsed<Poly> {
        let base = self.atom(depth)?;
        let caret = self.peek() == Some(b'^');
        if !(caret || self.at(b"**")) {
            return Ok(base);
        }
        self.i += if caret { 1 } else { 2 };
        let exp = self.unary(depth + 1)?;
        let k = exp
            .as_constant()
            .filter(BigRational::is_integer)
            .and_then(|k| k.to_integer().to_u32())
            .filter(|&k| k <= MAX_DEGREE)
            .ok_or("the exponent is not a small whole number")?;
        let mut out = Poly::constant(base.nvars, BigRational::one());
        for _ in 0..k {
            out = out.mul_checked(&base, self.cx)?;
        }
        Ok(out)
    }

    fn atom(&mut self, depth: usize) -> Parsed<Poly> {
        let n = self.vars.len();
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                self.shape.parens = true;
                let v = self.expr(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err("unbalanced parentheses".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(b'0'..=b'9' | b'.') => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                    self.i += 1;
                }
                let text =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                if text.len() > MAX_DIGITS {
                    return Err("number too long".into());
                }
                decimal(text).map(|c| Poly::constant(n, c)).ok_or_else(|| "bad number".into())
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                    self.i += 1;
                }
                let name =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                let k = self
                    .vars
                    .iter()
                    .position(|v| *v == name)
                    .ok_or_else(|| format!("unknown name `{name}`"))?;
                Ok(Poly::var(n, k))
            }
            Some(c) => Err(format!("unexpected `{}`", char::from(c))),
            None => Err("unexpected end".into()),
        }
    }
}

/// An unsigned decimal `12`, `1.5`, `.5` as an exact rational.
fn decimal(text: &str) -> Option<BigRational> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if (int.is_empty() && frac.is_empty()) || frac.contains('.') {
        return None;
    }
    let digits = format!("{int}{frac}");
    let n: BigInt = if digits.is_empty() { BigInt::zero() } else { digits.parse().ok()? };
    Some(BigRational::new(n, BigInt::from(10u32).pow(frac.len() as u32)))
}

/// Reads a polynomial in `vars`, with what the text looked like.
pub(crate) fn parse_shape(
    text: &str,
    vars: &[&str],
    cx: &Context,
) -> Result<(Poly, Shape), String> {
    if text.len() > MAX_TEXT {
        return Err("too long".into());
    }
    cx.charge(text.len() as u64).map_err(|e| e.to_string())?;
    let mut r = Reader { s: text.as_bytes(), i: 0, vars, cx, shape: Shape::default() };
    let p = r.expr(0)?;
    if r.peek().is_some() {
        return Err(format!("unexpected `{}`", char::from(r.s[r.i])));
    }
    Ok((p, r.shape))
}

/// Reads a polynomial in `vars`.
pub(crate) fn parse(text: &str, vars: &[&str], cx: &Context) -> Result<Poly, String> {
    parse_shape(text, vars, cx).map(|(p, _)| p)
}

/// The answer with its wrapping removed.
fn answer_text(text: &str) -> String {
    clean(text).replace(['−', '–'], "-")
}

/// Polynomial multiplication: the product written out, expanded. The
/// answer must equal the instance's expression as a polynomial exactly, use
/// no parentheses, and have one term per monomial (like terms collected),
/// so echoing the question's product, or `x**2 + x**2`, is wrong even
/// though its value is right. reasoning-gym compares sympy expressions
/// structurally, which also refuses the unexpanded product, but parses the
/// answer with `sympy.parse_expr`, which evaluates Python code.
pub(super) fn polynomial_multiplication(
    e: &Entry,
    text: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let expr: String = e.field("polynomial_expr")?;
    let vars: Vec<String> = e.field("variables")?;
    let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
    let truth =
        parse(&expr, &vars, cx).map_err(|why| meta_err(format!("cannot read `{expr}`: {why}")))?;
    let said = answer_text(text);
    let (pred, shape) = match parse_shape(&said, &vars, cx) {
        Ok(p) => p,
        Err(why) => return Ok(Reward::incorrect().with_detail(format!("not a polynomial: {why}"))),
    };
    if pred != truth {
        return Ok(Reward::incorrect().with_detail("not equal to the product"));
    }
    if shape.parens || shape.top_terms != truth.len().max(1) {
        return Ok(Reward::incorrect()
            .with_detail("equal to the product but not expanded with like terms collected"));
    }
    Ok(Reward::correct())
}

/// The real roots of a one-variable polynomial with rational
/// coefficients, each once, ascending, to about 1e-12.
fn real_roots(p: &Poly, cx: &Context) -> Result<Vec<f64>, Error> {
    let coeffs = p.coefficients();
    let c: Vec<f64> = coeffs.iter().map(|c| c.to_f64().unwrap_or(f64::NAN)).collect();
    if c.iter().any(|x| !x.is_finite()) || coeffs.len() > 33 {
        return Err(meta_err("the polynomial is out of range"));
    }
    cx.charge(1_000 * c.len() as u64)?;
    Ok(roots_of(&c))
}

fn eval_f(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, k| acc * x + k)
}

/// The distinct real roots of `c` (lowest power first): the roots of the
/// derivative split the line into monotone pieces, each bisected; a
/// critical point where the value is (nearly) zero is a multiple root.
fn roots_of(c: &[f64]) -> Vec<f64> {
    let mut c = c.to_vec();
    while c.len() > 1 && c.last() == Some(&0.0) {
        c.pop();
    }
    match c.len() {
        0 | 1 => return Vec::new(),
        2 => return vec![-c[0] / c[1]],
        _ => {}
    }
    // Cauchy's bound on the roots.
    let lead = c[c.len() - 1].abs();
    let bound = 1.0 + c[..c.len() - 1].iter().map(|k| k.abs() / lead).fold(0.0, f64::max);
    let deriv: Vec<f64> = c.iter().enumerate().skip(1).map(|(i, k)| k * i as f64).collect();
    let mut points = vec![-bound];
    points.extend(roots_of(&deriv).into_iter().filter(|x| x.abs() < bound));
    points.push(bound);
    let scale = c.iter().map(|k| k.abs()).fold(0.0, f64::max);
    let mut out: Vec<f64> = Vec::new();
    let push = |x: f64, out: &mut Vec<f64>| {
        if out.last().is_none_or(|&l| (x - l).abs() > 1e-9 * (1.0 + x.abs())) {
            out.push(x);
        }
    };
    for w in points.windows(2) {
        let (mut a, mut b) = (w[0], w[1]);
        let (fa, fb) = (eval_f(&c, a), eval_f(&c, b));
        if fa.abs() <= 1e-12 * scale * (1.0 + a.abs()).powi(c.len() as i32) {
            push(a, &mut out);
        }
        if fa.signum() * fb.signum() < 0.0 {
            for _ in 0..200 {
                let m = 0.5 * (a + b);
                if m == a || m == b {
                    break;
                }
                if eval_f(&c, m).signum() == fa.signum() {
                    a = m;
                } else {
                    b = m;
                }
            }
            push(0.5 * (a + b), &mut out);
        }
    }
    let (last, flast) = (points[points.len() - 1], eval_f(&c, points[points.len() - 1]));
    if flast.abs() <= 1e-12 * scale * (1.0 + last.abs()).powi(c.len() as i32) {
        push(last, &mut out);
    }
    out
}

/// The polynomial with its repeated factors removed (`p / gcd(p, p')`), so
/// every real root is simple and shows as a sign change.
fn squarefree(c: &[BigRational]) -> Vec<BigRational> {
    let deriv: Vec<BigRational> = c
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, k)| k * BigRational::from_integer(i.into()))
        .collect();
    let g = poly_gcd(c.to_vec(), deriv);
    if g.len() <= 1 { c.to_vec() } else { poly_div(c, &g) }
}

fn trim(mut p: Vec<BigRational>) -> Vec<BigRational> {
    while p.last().is_some_and(Zero::is_zero) {
        p.pop();
    }
    p
}

/// The remainder of `a / b` (lowest power first).
fn poly_rem(a: &[BigRational], b: &[BigRational]) -> Vec<BigRational> {
    let mut r = trim(a.to_vec());
    let b = trim(b.to_vec());
    let Some(lead) = b.last().cloned() else { return r };
    while r.len() >= b.len() {
        let Some(top) = r.last().cloned() else { break };
        let k = top / &lead;
        let shift = r.len() - b.len();
        for (i, bc) in b.iter().enumerate() {
            r[shift + i] -= &k * bc;
        }
        r.pop();
        r = trim(r);
    }
    r
}

fn poly_div(a: &[BigRational], b: &[BigRational]) -> Vec<BigRational> {
    let mut r = trim(a.to_vec());
    let b = trim(b.to_vec());
    let Some(lead) = b.last().cloned() else { return r };
    if r.len() < b.len() {
        return vec![BigRational::zero()];
    }
    let mut q = vec![BigRational::zero(); r.len() - b.len() + 1];
    while r.len() >= b.len() && !r.is_empty() {
        let top = r.last().cloned().unwrap_or_else(BigRational::zero);
        let k = top / &lead;
        let shift = r.len() - b.len();
        for (i, bc) in b.iter().enumerate() {
            r[shift + i] -= &k * bc;
        }
        q[shift] = k;
        r.pop();
        r = trim(r);
    }
    q
}

fn poly_gcd(mut a: Vec<BigRational>, mut b: Vec<BigRational>) -> Vec<BigRational> {
    a = trim(a);
    b = trim(b);
    while !b.is_empty() {
        let r = poly_rem(&a, &b);
        a = b;
        b = r;
    }
    a
}

/// The answer's numbers: comma-separated decimals (`x = 1.5, x = -2` and
/// `[1.5, -2]` also read); `None` when any item is not a number.
fn read_roots(text: &str, var: &str) -> Option<Vec<f64>> {
    let s = answer_text(text);
    if s.len() > 4_096 {
        return None;
    }
    let s = s.trim();
    let s = s.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(s).trim();
    if s.is_empty() || s == "\"\"" || s == "''" {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for item in s.split(',') {
        let item = item.trim();
        let item =
            item.split_once('=').filter(|(l, _)| l.trim() == var).map_or(item, |(_, r)| r.trim());
        if out.len() > 64 {
            return None;
        }
        let v = super::numbers::number(item)?;
        out.push(v.to_f64()?);
    }
    Some(out)
}

/// How far an answered root may be from the true one: the question asks
/// for 4 decimal places, so a correctly rounded value is within 0.00005;
/// one unit of the fourth place (0.0001) is allowed, since the question's
/// own rounding rule is garbled ("rounding down when the 5th decimal place
/// is 5 or greater").
const ROOT_TOLERANCE: f64 = 1e-4 + 1e-9;

/// Polynomial equations: every distinct real root of the polynomial, each
/// once, in any order, to 4 decimal places (within [`ROOT_TOLERANCE`] of
/// the root). The roots are recomputed from the polynomial (its repeated
/// factors removed, then isolated by the sign changes between the
/// derivative's roots) and an answer is right when its numbers match the
/// roots one to one. No real root: an explicitly empty answer (`""` or
/// `[]`). reasoning-gym scores a greedy match with `exp(-distance)`
/// partial credit and a penalty for missing or extra roots, so an answer
/// with one of two roots earns about 0.5; here it is 0.
pub(super) fn polynomial_equations(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expr: String = e.field("polynomial_expr")?;
    let var: String = e.field("variable")?;
    let p = parse(&expr, &[var.as_str()], cx)
        .map_err(|why| meta_err(format!("cannot read `{expr}`: {why}")))?;
    if p.degree() == 0 {
        return Err(meta_err("the polynomial is constant"));
    }
    let sf = Poly::from_coefficients(squarefree(&p.coefficients()));
    let truth = real_roots(&sf, cx)?;
    let Some(mut pred) = read_roots(text, &var) else {
        return Ok(Reward::incorrect().with_detail("not a list of numbers"));
    };
    pred.sort_by(f64::total_cmp);
    let shown = format!("{truth:?}");
    if pred.len() != truth.len() {
        return Ok(Reward::incorrect().with_detail(format!(
            "{} number(s) for {} real root(s) {shown}",
            pred.len(),
            truth.len()
        )));
    }
    // Both sorted: on a line, matching in order is the best one-to-one
    // match (it minimizes the largest distance).
    let ok = pred.iter().zip(&truth).all(|(a, b)| (a - b).abs() <= ROOT_TOLERANCE);
    Ok(Reward::from_bool(ok).with_detail(format!("the real roots are {shown}")))
}

impl Poly {
    /// The derivative in variable `i`.
    fn derivative(&self, i: usize) -> Self {
        let mut terms = BTreeMap::new();
        for (m, c) in &self.terms {
            if m[i] > 0 {
                let mut d = m.clone();
                d[i] -= 1;
                terms.insert(d, c * BigRational::from_integer(m[i].into()));
            }
        }
        Self { nvars: self.nvars, terms }
    }

    fn from_coefficients(c: Vec<BigRational>) -> Self {
        let mut terms = BTreeMap::new();
        for (i, k) in c.into_iter().enumerate() {
            if !k.is_zero() {
                terms.insert(vec![i as u32], k);
            }
        }
        Self { nvars: 1, terms }
    }
}

/// Simple integration: an antiderivative of the polynomial integrand. The
/// answer is read as a polynomial in the variable and the constant `C`
/// (which may be left out: the constant of integration is free) and is
/// right when its derivative equals the integrand exactly; any constant,
/// any term order, expanded or factored, is accepted. reasoning-gym checks
/// the same with sympy, after parsing the answer with `sympy.parse_expr`,
/// which evaluates Python code.
pub(super) fn simple_integration(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let integrand: String = e.field("integrand")?;
    let var: String = e.field("variable")?;
    if var == "C" {
        return Err(meta_err("the variable is named C"));
    }
    let vars = [var.as_str(), "C"];
    let f = parse(&integrand, &vars, cx)
        .map_err(|why| meta_err(format!("cannot read `{integrand}`: {why}")))?;
    let said = answer_text(text);
    let pred = match parse(&said, &vars, cx) {
        Ok(p) => p,
        Err(why) => return Ok(Reward::incorrect().with_detail(format!("not a polynomial: {why}"))),
    };
    let ok = pred.derivative(0) == f;
    Ok(Reward::from_bool(ok).with_detail(if ok {
        "its derivative is the integrand"
    } else {
        "its derivative is not the integrand"
    }))
}

/// A complex number, for evaluating antiderivatives off the real line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cx {
    re: f64,
    im: f64,
}

impl Cx {
    const ZERO: Self = Self { re: 0.0, im: 0.0 };
    const ONE: Self = Self { re: 1.0, im: 0.0 };
    const I: Self = Self { re: 0.0, im: 1.0 };

    fn real(re: f64) -> Self {
        Self { re, im: 0.0 }
    }
    fn add(self, o: Self) -> Self {
        Self { re: self.re + o.re, im: self.im + o.im }
    }
    fn sub(self, o: Self) -> Self {
        Self { re: self.re - o.re, im: self.im - o.im }
    }
    fn mul(self, o: Self) -> Self {
        Self { re: self.re * o.re - self.im * o.im, im: self.re * o.im + self.im * o.re }
    }
    fn div(self, o: Self) -> Self {
        let n = o.re * o.re + o.im * o.im;
        Self {
            re: (self.re * o.re + self.im * o.im) / n,
            im: (self.im * o.re - self.re * o.im) / n,
        }
    }
    fn neg(self) -> Self {
        Self { re: -self.re, im: -self.im }
    }
    fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }
    fn exp(self) -> Self {
        let m = self.re.exp();
        Self { re: m * self.im.cos(), im: m * self.im.sin() }
    }
    /// The principal logarithm.
    fn ln(self) -> Self {
        Self { re: self.abs().ln(), im: self.im.atan2(self.re) }
    }
    /// The principal square root.
    fn sqrt(self) -> Self {
        let r = self.abs();
        let re = ((r + self.re) / 2.0).sqrt();
        let im = ((r - self.re) / 2.0).sqrt();
        Self { re, im: if self.im < 0.0 { -im } else { im } }
    }
    fn sin(self) -> Self {
        Self { re: self.re.sin() * self.im.cosh(), im: self.re.cos() * self.im.sinh() }
    }
    fn cos(self) -> Self {
        Self { re: self.re.cos() * self.im.cosh(), im: -self.re.sin() * self.im.sinh() }
    }
    /// `self^w`: repeated squaring for a small whole exponent, else the
    /// principal `exp(w ln self)`.
    fn pow(self, w: Self) -> Self {
        if w.im == 0.0 && w.re.fract() == 0.0 && w.re.abs() <= 64.0 {
            let mut n = w.re.abs() as u32;
            let (mut base, mut acc) = (self, Self::ONE);
            while n > 0 {
                if n & 1 == 1 {
                    acc = acc.mul(base);
                }
                base = base.mul(base);
                n >>= 1;
            }
            return if w.re < 0.0 { Self::ONE.div(acc) } else { acc };
        }
        if self == Self::ZERO {
            return if w.re > 0.0 { Self::ZERO } else { Self::real(f64::NAN) };
        }
        w.mul(self.ln()).exp()
    }
    fn is_finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
}

/// The functions an antiderivative may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
}

impl Func {
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "exp" => Self::Exp,
            "log" | "ln" => Self::Log,
            "sqrt" => Self::Sqrt,
            "sin" => Self::Sin,
            "cos" => Self::Cos,
            "tan" => Self::Tan,
            "asin" | "arcsin" => Self::Asin,
            "acos" | "arccos" => Self::Acos,
            "atan" | "arctan" => Self::Atan,
            "sinh" => Self::Sinh,
            "cosh" => Self::Cosh,
            "tanh" => Self::Tanh,
            _ => return None,
        })
    }

    /// The value and the derivative at `z`.
    fn apply(self, z: Cx) -> (Cx, Cx) {
        let one = Cx::ONE;
        let half = Cx::real(0.5);
        match self {
            Self::Exp => {
                let v = z.exp();
                (v, v)
            }
            Self::Log => (z.ln(), one.div(z)),
            Self::Sqrt => {
                let v = z.sqrt();
                (v, half.div(v))
            }
            Self::Sin => (z.sin(), z.cos()),
            Self::Cos => (z.cos(), z.sin().neg()),
            Self::Tan => {
                let v = z.sin().div(z.cos());
                (v, one.add(v.mul(v)))
            }
            Self::Asin | Self::Acos => {
                // asin z = -i ln(iz + sqrt(1 - z^2)); acos z = pi/2 - asin z.
                let root = one.sub(z.mul(z)).sqrt();
                let asin = Cx::I.neg().mul(Cx::I.mul(z).add(root).ln());
                let d = one.div(root);
                if self == Self::Asin {
                    (asin, d)
                } else {
                    (Cx::real(std::f64::consts::FRAC_PI_2).sub(asin), d.neg())
                }
            }
            Self::Atan => {
                // atan z = (i/2) (ln(1 - iz) - ln(1 + iz)).
                let iz = Cx::I.mul(z);
                let v = Cx::I.mul(half).mul(one.sub(iz).ln().sub(one.add(iz).ln()));
                (v, one.div(one.add(z.mul(z))))
            }
            Self::Sinh | Self::Cosh | Self::Tanh => {
                let (p, m) = (z.exp(), z.neg().exp());
                let sinh = p.sub(m).mul(half);
                let cosh = p.add(m).mul(half);
                match self {
                    Self::Sinh => (sinh, cosh),
                    Self::Cosh => (cosh, sinh),
                    _ => {
                        let t = sinh.div(cosh);
                        (t, one.sub(t.mul(t)))
                    }
                }
            }
        }
    }
}

/// An expression in one variable (Python/sympy notation).
#[derive(Debug)]
enum Ex {
    Num(f64),
    Var,
    Add(Box<Self>, Box<Self>),
    Sub(Box<Self>, Box<Self>),
    Mul(Box<Self>, Box<Self>),
    Div(Box<Self>, Box<Self>),
    Pow(Box<Self>, Box<Self>),
    Neg(Box<Self>),
    Call(Func, Box<Self>),
}

/// A value and its derivative in the variable (forward-mode
/// differentiation: exact rules, evaluated in floating point).
#[derive(Debug, Clone, Copy)]
struct Dual {
    v: Cx,
    d: Cx,
}

impl Ex {
    fn eval(&self, z: Cx) -> Dual {
        let k = |v| Dual { v, d: Cx::ZERO };
        match self {
            Self::Num(n) => k(Cx::real(*n)),
            Self::Var => Dual { v: z, d: Cx::ONE },
            Self::Add(a, b) => {
                let (a, b) = (a.eval(z), b.eval(z));
                Dual { v: a.v.add(b.v), d: a.d.add(b.d) }
            }
            Self::Sub(a, b) => {
                let (a, b) = (a.eval(z), b.eval(z));
                Dual { v: a.v.sub(b.v), d: a.d.sub(b.d) }
            }
            Self::Mul(a, b) => {
                let (a, b) = (a.eval(z), b.eval(z));
                Dual { v: a.v.mul(b.v), d: a.d.mul(b.v).add(a.v.mul(b.d)) }
            }
            Self::Div(a, b) => {
                let (a, b) = (a.eval(z), b.eval(z));
                Dual { v: a.v.div(b.v), d: a.d.mul(b.v).sub(a.v.mul(b.d)).div(b.v.mul(b.v)) }
            }
            Self::Neg(a) => {
                let a = a.eval(z);
                Dual { v: a.v.neg(), d: a.d.neg() }
            }
            Self::Pow(a, b) => {
                let (a, b) = (a.eval(z), b.eval(z));
                let v = a.v.pow(b.v);
                let d = if b.d == Cx::ZERO {
                    b.v.mul(a.v.pow(b.v.sub(Cx::ONE))).mul(a.d)
                } else {
                    v.mul(b.d.mul(a.v.ln()).add(b.v.mul(a.d).div(a.v)))
                };
                Dual { v, d }
            }
            Self::Call(f, a) => {
                let a = a.eval(z);
                let (v, fd) = f.apply(a.v);
                Dual { v, d: fd.mul(a.d) }
            }
        }
    }
}

/// The most nodes an expression may have. Evaluation recurses over the
/// tree, whose height can reach its size (`x + x + … + x`), so this also
/// bounds the recursion.
const MAX_NODES: usize = 1_024;

struct ExReader<'a> {
    s: &'a [u8],
    i: usize,
    var: &'a str,
    nodes: usize,
}

impl ExReader<'_> {
    fn peek(&mut self) -> Option<u8> {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn at(&mut self, tok: &[u8]) -> bool {
        self.peek().is_some() && self.s[self.i..].starts_with(tok)
    }

    fn node(&mut self, e: Ex) -> Parsed<Box<Ex>> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err("expression too large".into());
        }
        Ok(Box::new(e))
    }

    fn expr(&mut self, depth: usize) -> Parsed<Box<Ex>> {
        let mut acc = self.term(depth)?;
        loop {
            match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    let r = self.term(depth)?;
                    acc = self.node(Ex::Add(acc, r))?;
                }
                Some(b'-') => {
                    self.i += 1;
                    let r = self.term(depth)?;
                    acc = self.node(Ex::Sub(acc, r))?;
                }
                _ => return Ok(acc),
            }
        }
    }

    fn term(&mut self, depth: usize) -> Parsed<Box<Ex>> {
        let mut acc = self.unary(depth)?;
        loop {
            if self.at(b"**") {
                return Err("misplaced `**`".into());
            }
            match self.peek() {
                Some(b'*') => {
                    self.i += 1;
                    let r = self.unary(depth)?;
                    acc = self.node(Ex::Mul(acc, r))?;
                }
                Some(b'/') => {
                    self.i += 1;
                    let r = self.unary(depth)?;
                    acc = self.node(Ex::Div(acc, r))?;
                }
                _ => return Ok(acc),
            }
        }
    }

    fn unary(&mut self, depth: usize) -> Parsed<Box<Ex>> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                let a = self.unary(depth + 1)?;
                self.node(Ex::Neg(a))
            }
            Some(b'+') => {
                self.i += 1;
                self.unary(depth + 1)
            }
            _ => {
                let base = self.atom(depth)?;
                let caret = self.peek() == Some(b'^');
                if !(caret || self.at(b"**")) {
                    return Ok(base);
                }
                self.i += if caret { 1 } else { 2 };
                let exp = self.unary(depth + 1)?;
                self.node(Ex::Pow(base, exp))
            }
        }
    }

    fn atom(&mut self, depth: usize) -> Parsed<Box<Ex>> {
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                let v = self.expr(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err("unbalanced parentheses".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(b'0'..=b'9' | b'.') => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                    self.i += 1;
                }
                let text =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                if text.len() > MAX_DIGITS {
                    return Err("number too long".into());
                }
                let v = decimal(text).and_then(|d| d.to_f64()).ok_or("bad number")?;
                self.node(Ex::Num(v))
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                    self.i += 1;
                }
                let name =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                if name == self.var {
                    return self.node(Ex::Var);
                }
                if self.peek() == Some(b'(') {
                    let f =
                        Func::named(name).ok_or_else(|| format!("unknown function `{name}`"))?;
                    self.i += 1;
                    let arg = self.expr(depth + 1)?;
                    if self.peek() != Some(b')') {
                        return Err(format!("`{name}` takes one argument"));
                    }
                    self.i += 1;
                    return self.node(Ex::Call(f, arg));
                }
                match name {
                    // The constant of integration: free, but it must be
                    // additive. It gets a value that is not 0 or 1, so that
                    // `C*x` or `exp(C)*F` is not an antiderivative.
                    "C" => self.node(Ex::Num(1.37)),
                    "E" => self.node(Ex::Num(std::f64::consts::E)),
                    "pi" => self.node(Ex::Num(std::f64::consts::PI)),
                    _ => Err(format!("unknown name `{name}`")),
                }
            }
            Some(c) => Err(format!("unexpected `{}`", char::from(c))),
            None => Err("unexpected end".into()),
        }
    }
}

/// Reads an expression in `var`, with `C` (the free constant), `E`, `pi`
/// and the functions of [`Func`].
fn parse_ex(text: &str, var: &str, cx: &Context) -> Result<Box<Ex>, String> {
    if text.len() > MAX_TEXT {
        return Err("too long".into());
    }
    cx.charge(text.len() as u64).map_err(|e| e.to_string())?;
    let mut r = ExReader { s: text.as_bytes(), i: 0, var, nodes: 0 };
    let e = r.expr(0)?;
    if r.peek().is_some() {
        return Err(format!("unexpected `{}`", char::from(r.s[r.i])));
    }
    Ok(e)
}

/// The points, off the real line, where an antiderivative's derivative is
/// compared with the integrand: generic, so no branch cut or pole of the
/// tasks' functions passes through them, and small, so nothing overflows.
const POINTS: [(f64, f64); 6] =
    [(0.31, 0.17), (-0.73, 0.41), (1.13, -0.29), (0.57, 0.89), (-1.27, -0.36), (0.05, -1.21)];
/// How close the derivative must be to the integrand at each point,
/// relative to `1 + |integrand|`: rounding in the evaluation is near
/// 1e-13; a wrong antiderivative differs by far more.
const DERIVATIVE_TOLERANCE: f64 = 1e-7;

/// Intermediate integration: an antiderivative of the integrand. The
/// answer is parsed (one variable, `C`, `E`, `pi`, `exp log ln sqrt sin
/// cos tan asin acos atan sinh cosh tanh`, `+ - * / ** ^`), differentiated
/// exactly by forward-mode rules and compared with the integrand at
/// [`POINTS`] in complex arithmetic (principal branches), within
/// [`DERIVATIVE_TOLERANCE`]; the constant of integration is free (it may be
/// left out) but must be additive: `C*x` is not an antiderivative. An
/// unevaluated `Integral(...)`, `Abs` or any other name is not an answer
/// (some stored answers are `2*Integral(x**2*cos(x), x) + C`: sympy gave
/// up, and those entries are rejected as bad gold). reasoning-gym checks
/// `simplify(diff(answer) - integrand) == 0` with sympy, after parsing the
/// answer with `sympy.parse_expr`, which evaluates Python code.
pub(super) fn intermediate_integration(
    e: &Entry,
    text: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let integrand: String = e.field("integrand")?;
    let var: String = e.field("variable")?;
    if matches!(var.as_str(), "C" | "E" | "pi") || Func::named(&var).is_some() {
        return Err(meta_err("the variable's name is reserved"));
    }
    let f = parse_ex(&integrand, &var, cx)
        .map_err(|why| meta_err(format!("cannot read `{integrand}`: {why}")))?;
    let said = answer_text(text);
    let g = match parse_ex(&said, &var, cx) {
        Ok(g) => g,
        Err(why) => {
            return Ok(Reward::incorrect().with_detail(format!("not an expression: {why}")));
        }
    };
    cx.charge((MAX_NODES * POINTS.len()) as u64 / 8)?;
    let mut compared = 0;
    for (re, im) in POINTS {
        let z = Cx { re, im };
        let want = f.eval(z).v;
        if !want.is_finite() {
            continue;
        }
        let got = g.eval(z).d;
        if !got.is_finite() || got.sub(want).abs() > DERIVATIVE_TOLERANCE * (1.0 + want.abs()) {
            return Ok(Reward::incorrect().with_detail("its derivative is not the integrand"));
        }
        compared += 1;
    }
    if compared < 4 {
        return Err(meta_err("the integrand cannot be evaluated at the check points"));
    }
    Ok(Reward::correct().with_detail("its derivative is the integrand"))
}
