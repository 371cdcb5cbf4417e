//! The parser: tokens to an [`Expr`], by recursive descent with a depth
//! limit.
//!
//! Precedence, loosest first: list separators (`,` `;` `and` `or`),
//! relations, ratio colons (`a : b`), set operations, `+ - ±`, products (explicit and implicit),
//! unary signs, powers, postfix (`!`, `%`, `°`, subscripts), atoms.

use num_bigint::BigInt;
use num_rational::BigRational;

use crate::ast::{Const, Expr, Func, SetOp};
use crate::lex::{RelOp, Tok, lex};
use crate::number::Lit;

/// How deep groups may nest. Deeper input is an error, not a stack
/// overflow.
pub(crate) const MAX_DEPTH: usize = 40;

/// The most terms in one sum or factors in one product.
pub(crate) const MAX_TERMS: usize = 1024;
/// The most parts of one ratio (`1 : 2 : … : 16`).
const MAX_RATIO_PARTS: usize = 16;
/// The most postfix operators on one atom (`5!!!!`).
const MAX_POSTFIX: usize = 8;

/// Why an answer could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError(pub(crate) String);

impl ParseError {
    /// A size guard tripped (too deep, too long).
    pub(crate) fn too_big(what: &str) -> Self {
        Self(format!("size limit: {what}"))
    }
}

type PResult<T> = Result<T, ParseError>;

fn err<T>(msg: impl Into<String>) -> PResult<T> {
    Err(ParseError(msg.into()))
}

/// Parses one answer.
pub(crate) fn parse(input: &str) -> PResult<Expr> {
    let input = crate::unicode::normalize(input);
    let toks = lex(&input).map_err(|e| ParseError(e.0))?;
    if toks.is_empty() {
        return err("empty answer");
    }
    // An answer of words only (`does not exist`, `There is no solution`)
    // is one piece of text, compared as words.
    if let Some(words) = words_only(&toks) {
        return Ok(Expr::Text(words));
    }
    let mut p = Parser { toks, pos: 0, depth: 0, abs: 0 };
    let e = p.list(&[])?;
    if p.pos < p.toks.len() {
        return err(format!("unexpected {:?}", p.toks[p.pos]));
    }
    Ok(e)
}

/// The unit text of a compound quantity, whose value is a sum of
/// quantities (`2 \text{ hours } 30 \text{ minutes}`).
pub(crate) const COMPOUND: &str = "+";

/// The words of an answer made of words alone (runs of letters, at least
/// one of three or more letters, no numbers, operators or separators).
fn words_only(toks: &[Tok]) -> Option<String> {
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    let mut long = false;
    for t in toks {
        match t {
            Tok::Word(w) => {
                long |= w.len() >= 3;
                out.push(w.clone());
            }
            Tok::Letter(c) => out.push(c.to_string()),
            Tok::Text(w) => {
                long = true;
                out.push(w.clone());
            }
            _ => return None,
        }
    }
    (long && out.len() >= 2).then(|| out.join(" "))
}

/// Unit words read after a complete expression.
const UNITS: &[&str] = &[
    "cm",
    "mm",
    "km",
    "m",
    "meter",
    "meters",
    "metre",
    "metres",
    "centimeter",
    "centimeters",
    "kilometer",
    "kilometers",
    "millimeter",
    "millimeters",
    "inch",
    "inches",
    "in",
    "ft",
    "foot",
    "feet",
    "yard",
    "yards",
    "yd",
    "mile",
    "miles",
    "mi",
    "mph",
    "kph",
    "kmh",
    "g",
    "kg",
    "gram",
    "grams",
    "kilogram",
    "kilograms",
    "mg",
    "lb",
    "lbs",
    "pound",
    "pounds",
    "ounce",
    "ounces",
    "oz",
    "ton",
    "tons",
    "l",
    "ml",
    "liter",
    "liters",
    "litre",
    "litres",
    "gallon",
    "gallons",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "yr",
    "yrs",
    "dollar",
    "dollars",
    "cent",
    "cents",
    "usd",
    "euro",
    "euros",
    "degree",
    "degrees",
    "deg",
    "rad",
    "radian",
    "radians",
    "unit",
    "units",
    "sq",
    "square",
    "cubic",
    "cu",
    "people",
    "students",
    "times",
    "ways",
    "points",
    "percent",
    "pages",
    "apples",
    "marbles",
    "books",
    "items",
    "cookies",
    "boxes",
    "balls",
    "cards",
    "games",
    "dogs",
    "cats",
    "children",
    "men",
    "women",
    "boys",
    "girls",
    "hats",
    "coins",
    "miles/hour",
    "mps",
    "kmph",
];

/// `am` / `pm` after a time: never dropped as a unit, since `3:45 am`
/// and `3:45 pm` differ.
fn is_meridiem(w: &str) -> bool {
    w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm")
}

fn is_unit_word(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    UNITS.contains(&l.as_str())
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    abs: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += usize::from(t.is_some());
        t
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: &Tok) -> PResult<()> {
        if self.eat(t) { Ok(()) } else { err(format!("expected {t:?}, found {:?}", self.peek())) }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(ParseError::too_big("nested too deeply")) } else { Ok(()) }
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn at_end(&self, closers: &[Tok]) -> bool {
        match self.peek() {
            None => true,
            Some(t) => closers.contains(t),
        }
    }

    /// Items separated by `,` `;` `and` `or`, up to a closer.
    fn list(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let mut items = Vec::new();
        loop {
            // Tolerate leading and doubled separators (`x = 1, or x = 2`).
            while matches!(self.peek(), Some(Tok::Sep)) {
                self.pos += 1;
            }
            if self.at_end(closers) {
                break;
            }
            items.push(self.relation(closers)?);
            match self.peek() {
                Some(Tok::Comma | Tok::Semi | Tok::Sep) => {
                    self.pos += 1;
                }
                _ => break,
            }
        }
        match items.len() {
            0 => err("empty list"),
            1 => Ok(items.pop().unwrap_or(Expr::Empty)),
            _ => Ok(Expr::List(items)),
        }
    }

    /// A chain `a op b op …`.
    fn relation(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let first = self.ratio(closers)?;
        let mut items = vec![first];
        let mut ops = Vec::new();
        while let Some(Tok::Rel(op)) = self.peek() {
            let op = *op;
            self.pos += 1;
            ops.push(op);
            if op == RelOp::Approx && ops.len() > 1 {
                // `x = 3.14… \approx 3.1`: the approximation tail is dropped.
                ops.pop();
                let _ = self.ratio(closers)?;
                continue;
            }
            items.push(self.ratio(closers)?);
        }
        if ops.is_empty() {
            Ok(items.pop().unwrap_or(Expr::Empty))
        } else {
            Ok(Expr::Rel(items, ops))
        }
    }

    /// A ratio `a : b : …` (`\colon`, `\mathbin{:}` and `∶` too), or the
    /// one expression when there is no colon. The parts are looser than
    /// sums, tighter than relations: `x : y = 3 : 4` relates two ratios.
    fn ratio(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let first = self.set_expr(closers)?;
        if self.peek() != Some(&Tok::Colon) {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.eat(&Tok::Colon) {
            if parts.len() >= MAX_RATIO_PARTS {
                return Err(ParseError::too_big("too many ratio parts"));
            }
            parts.push(self.set_expr(closers)?);
        }
        Ok(Expr::Ratio(parts))
    }

    /// The tokens that open a set-builder `\{x : …\}` or `\{x \mid …\}`
    /// (also `\{x \in D : …\}`), after the `\{`: how many to skip and the
    /// variable.
    fn set_builder_head(&self) -> Option<(usize, char)> {
        let bar = |t: Option<&Tok>| matches!(t, Some(Tok::Colon | Tok::Pipe));
        let Some(Tok::Letter(x)) = self.peek() else { return None };
        if bar(self.peek_at(1)) {
            return Some((2, *x));
        }
        let domain = matches!(self.peek_at(2), Some(Tok::Cmd(_) | Tok::Letter(_)));
        (self.peek_at(1) == Some(&Tok::Rel(RelOp::In)) && domain && bar(self.peek_at(3)))
            .then_some((4, *x))
    }

    /// A set-builder's condition, read as the relation it states: `\{x :
    /// x > 0\}` is `x > 0` (which matches `(0, \infty)`). Only one relation
    /// in the set's own variable, over the reals, is accepted; anything
    /// else is an error rather than a guess.
    fn set_builder(&mut self, skip: usize, var: char) -> PResult<Expr> {
        // Over the integers or naturals the set is discrete, not the
        // interval the condition describes.
        if skip == 4 && !matches!(self.peek_at(2), Some(Tok::Cmd(c)) if c == "R") {
            return err("a set-builder over a domain other than the reals");
        }
        self.pos += skip;
        let saved = self.abs;
        self.abs = 0;
        let cond = self.relation(&[Tok::Close('s')]);
        self.abs = saved;
        let cond = cond?;
        self.expect(&Tok::Close('s'))?;
        let own = crate::equiv::free_vars(&cond) == [var.to_string()];
        if matches!(cond, Expr::Rel(..)) && own {
            Ok(cond)
        } else {
            err("a set-builder needs one relation in its variable")
        }
    }

    fn set_expr(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let mut left = self.additive(closers)?;
        for _ in 0..64 {
            let op = match self.peek() {
                Some(Tok::Cmd(c)) if c == "cup" => SetOp::Union,
                Some(Tok::Word(w)) if w == "U" => SetOp::Union,
                Some(Tok::Cmd(c)) if c == "cap" => SetOp::Intersection,
                Some(Tok::Cmd(c)) if c == "setminus" || c == "backslash" => SetOp::Difference,
                _ => break,
            };
            self.pos += 1;
            let right = self.additive(closers)?;
            left = Expr::SetOp(op, Box::new(left), Box::new(right));
        }
        if matches!(self.peek(), Some(Tok::Cmd(c)) if c == "cup" || c == "cap") {
            return Err(ParseError::too_big("too many set operations"));
        }
        Ok(left)
    }

    fn additive(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let mut terms = Vec::new();
        let mut pm = 0;
        let mut first = true;
        let mut compound = false;
        loop {
            let sign = match self.peek() {
                Some(Tok::Plus) if !first => 1,
                Some(Tok::Minus) if !first => -1,
                Some(Tok::PlusMinus) => 2,
                Some(Tok::MinusPlus) => 3,
                _ if first => 0,
                // `2 \text{ hours } 30 \text{ minutes}`: a compound quantity.
                Some(Tok::Num(_)) if matches!(terms.last(), Some(Expr::Quantity(..))) => {
                    compound = true;
                    0
                }
                _ => break,
            };
            if sign != 0 {
                self.pos += 1;
            }
            first = false;
            let t = self.term(closers)?;
            if terms.len() >= MAX_TERMS {
                return Err(ParseError::too_big("too many terms"));
            }
            match sign {
                -1 => terms.push(Expr::Neg(Box::new(t))),
                2 | 3 => {
                    pm += 1;
                    if pm > 4 {
                        return Err(ParseError::too_big("too many \\pm signs"));
                    }
                    let before = match terms.len() {
                        0 => None,
                        1 => terms.pop().map(Box::new),
                        _ => Some(Box::new(Expr::Sum(std::mem::take(&mut terms)))),
                    };
                    terms.push(Expr::PlusMinus(before, Box::new(t), sign == 3));
                }
                _ => terms.push(t),
            }
        }
        if compound {
            if terms.len() > 8 || !terms.iter().all(|t| matches!(t, Expr::Quantity(..))) {
                return err("a compound quantity needs a unit on every part");
            }
            return Ok(Expr::Quantity(Box::new(Expr::Sum(terms)), COMPOUND.into()));
        }
        // A unit may end only the last term (`skip_units`); it applies to
        // the whole sum, as it is read (`5 - 1.5 kg` is 3.5 kg), so that the
        // comparison sees it and checks it.
        let last = hoist_unit(terms.pop().unwrap_or(Expr::Empty));
        if terms.is_empty() {
            return Ok(last);
        }
        Ok(match last {
            Expr::Quantity(last, unit) => {
                terms.push(*last);
                Expr::Quantity(Box::new(Expr::Sum(terms)), unit)
            }
            last => {
                terms.push(last);
                Expr::Sum(terms)
            }
        })
    }

    /// Whether the next token can start an implicitly multiplied factor.
    fn starts_factor(&self) -> bool {
        match self.peek() {
            Some(Tok::Num(_) | Tok::Letter(_) | Tok::Open('(' | '{' | '[')) => true,
            Some(Tok::Pipe) => self.abs == 0,
            Some(Tok::Cmd(c)) => !matches!(
                c.as_str(),
                "cup"
                    | "cap"
                    | "choose"
                    | "setminus"
                    | "backslash"
                    | "rfloor"
                    | "rceil"
                    | "dots"
                    | "to"
                    | "rightarrow"
                    | "Rightarrow"
                    | "implies"
                    | "quad"
            ),
            Some(Tok::Begin(_)) => true,
            _ => false,
        }
    }

    /// Unit words (and `\text{…}` units) after a complete factor, with an
    /// optional power (`\text{cm}^2`): the unit's text, or `None` (and
    /// nothing read) when they are not a unit run that ends the item. A
    /// `\text{…}` or word that hedges (`or more`, `at least`) is no unit.
    fn skip_units(&mut self, closers: &[Tok]) -> Option<String> {
        let start = self.pos;
        let mut unit = String::new();
        loop {
            let word = match self.peek() {
                Some(Tok::Word(w)) => {
                    let w = w.clone();
                    // A non-unit word counts only at the very end of an
                    // item, and only with three letters or more: `3xy` is
                    // a product of variables, not 3 of a thing called `xy`.
                    let ok = crate::units::is_unit_phrase(&w)
                        && (is_unit_word(&w)
                            || !is_meridiem(&w) && w.chars().count() >= 3 && {
                                let save = self.pos;
                                self.pos += 1;
                                let end = self.item_ends(closers);
                                self.pos = save;
                                end
                            });
                    ok.then_some(w)
                }
                Some(Tok::Text(t)) => crate::units::is_unit_phrase(t).then(|| t.clone()),
                Some(Tok::Letter(c)) if self.pos > start => {
                    // `km / h`: single-letter units only inside a unit run.
                    matches!(c, 'm' | 's' | 'h' | 'g' | 'l' | 'L').then(|| c.to_string())
                }
                _ => None,
            };
            let Some(word) = word else { break };
            unit.push_str(&word);
            unit.push(' ');
            self.pos += 1;
            if self.eat(&Tok::Caret) {
                let digits = |t: Option<&Tok>| match t {
                    Some(Tok::Num(l)) => l.raw.clone(),
                    _ => None,
                };
                if let Some(d) = digits(self.peek()) {
                    self.pos += 1;
                    unit.push_str(&format!("^{d} "));
                } else if self.peek() == Some(&Tok::Open('{'))
                    && let Some(d) = digits(self.peek_at(1))
                    && self.peek_at(2) == Some(&Tok::Close('{'))
                {
                    self.pos += 3;
                    unit.push_str(&format!("^{d} "));
                } else {
                    self.pos = start;
                    return None;
                }
            }
            if self.peek() == Some(&Tok::Slash)
                && matches!(self.peek_at(1), Some(Tok::Word(_) | Tok::Text(_) | Tok::Letter(_)))
            {
                self.pos += 1;
                unit.push_str("/ ");
            }
        }
        // A physical unit may also be followed by the next part of a
        // compound quantity (`2 \text{ hours } 30 \text{ minutes}`).
        let compound_next = matches!(self.peek(), Some(Tok::Num(_)))
            && crate::units::read(&unit).is_some_and(|u| u.dims.iter().any(|d| *d != 0));
        if self.pos > start && (self.item_ends(closers) || compound_next) {
            Some(unit.trim().to_owned())
        } else {
            self.pos = start;
            None
        }
    }

    fn item_ends(&self, closers: &[Tok]) -> bool {
        matches!(self.peek(), None | Some(Tok::Comma | Tok::Semi | Tok::Sep | Tok::Rel(_)))
            || self.at_end(closers)
    }

    fn term(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let mut factors = vec![self.unary(closers)?];
        loop {
            if factors.len() >= MAX_TERMS {
                return Err(ParseError::too_big("too many factors"));
            }
            if matches!(self.peek(), Some(Tok::Word(_) | Tok::Text(_)))
                && let Some(unit) = self.skip_units(closers)
            {
                // A unit ends the item (checked by `skip_units`).
                let (scale, unit) = crate::units::split_scale(&unit);
                if let Some(k) = scale {
                    factors.push(Expr::Num(Lit::exact(k, None, 1, None)));
                }
                // A temperature's degree sign belongs to its unit: the
                // value is a plain number, never an angle (`45^\circ C` is
                // not `\frac{\pi}{4}`).
                if matches!(unit, "degC" | "degF")
                    && matches!(factors.as_slice(), [Expr::Degree(_)])
                    && let Some(Expr::Degree(v)) = factors.pop()
                {
                    factors.push(*v);
                }
                let value = if factors.len() == 1 {
                    factors.pop().unwrap_or(Expr::Empty)
                } else {
                    Expr::Prod(factors)
                };
                if unit.is_empty() {
                    return Ok(value);
                }
                return Ok(Expr::Quantity(Box::new(value), unit.to_owned()));
            }
            match self.peek() {
                Some(Tok::Times) => {
                    self.pos += 1;
                    factors.push(self.unary(closers)?);
                }
                Some(Tok::Slash | Tok::Div) => {
                    self.pos += 1;
                    let d = self.unary(closers)?;
                    factors.push(Expr::Inv(Box::new(d)));
                }
                Some(Tok::Word(w)) if w.len() == 2 => {
                    let w = w.clone();
                    self.pos += 1;
                    let mut it = w.chars();
                    let (a, b) = (it.next().unwrap_or('x'), it.next().unwrap_or('x'));
                    factors.push(letter(a));
                    let b = self.postfix_on(letter(b))?;
                    let b = self.power_on(b, closers)?;
                    factors.push(b);
                }
                _ if self.starts_factor() => {
                    // Mixed numbers: `2\frac12`, `2 \frac{1}{2}`, and after
                    // a sign `-1\frac12` (which is -3/2, not -1/2);
                    // `33\frac13\%` is a mixed-number percentage.
                    let whole_int = |e: &Expr| matches!(e, Expr::Num(l) if l.raw.is_some());
                    let mixed = factors.len() == 1
                        && match &factors[0] {
                            Expr::Neg(x) => whole_int(x),
                            x => whole_int(x),
                        }
                        && matches!(self.peek(), Some(Tok::Cmd(c)) if c == "frac");
                    let right = self.power(closers)?;
                    let is_frac = |e: &Expr| {
                        matches!(e, Expr::Prod(v) if v.len() == 2
                        && matches!(v[0], Expr::Num(_))
                        && matches!(&v[1], Expr::Inv(d) if matches!(**d, Expr::Num(_))))
                    };
                    let (frac, percent) = match right {
                        Expr::Percent(f) if is_frac(&f) => (*f, true),
                        other => (other, false),
                    };
                    if mixed && is_frac(&frac) {
                        let whole = factors.pop().unwrap_or(Expr::Empty);
                        let (neg, whole) = match whole {
                            Expr::Neg(w) => (true, *w),
                            w => (false, w),
                        };
                        let mut v = Expr::Sum(vec![whole, frac]);
                        if percent {
                            v = Expr::Percent(Box::new(v));
                        }
                        if neg {
                            v = Expr::Neg(Box::new(v));
                        }
                        factors.push(v);
                    } else if percent {
                        factors.push(Expr::Percent(Box::new(frac)));
                    } else {
                        factors.push(frac);
                    }
                }
                _ => break,
            }
        }
        Ok(if factors.len() == 1 {
            factors.pop().unwrap_or(Expr::Empty)
        } else {
            Expr::Prod(factors)
        })
    }

    fn unary(&mut self, closers: &[Tok]) -> PResult<Expr> {
        match self.peek() {
            Some(Tok::Minus) => {
                self.pos += 1;
                self.enter()?;
                let e = self.unary(closers);
                self.leave();
                Ok(Expr::Neg(Box::new(e?)))
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.enter()?;
                let e = self.unary(closers);
                self.leave();
                e
            }
            _ => self.power(closers),
        }
    }

    fn power(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let base = self.postfix(closers)?;
        self.power_on(base, closers)
    }

    fn power_on(&mut self, base: Expr, closers: &[Tok]) -> PResult<Expr> {
        if !self.eat(&Tok::Caret) {
            return Ok(base);
        }
        self.enter()?;
        let exp = self.exponent(closers);
        self.leave();
        let e = Expr::pow(base, exp?);
        // A power can still take a factorial or a percent sign.
        self.postfix_on(e)
    }

    /// The exponent after `^`: a group, a signed atom, or one digit of a
    /// number (`x^23` is `x^2·3` in TeX, but we read `x^23` as written).
    fn exponent(&mut self, closers: &[Tok]) -> PResult<Expr> {
        match self.peek() {
            Some(Tok::Minus) => {
                self.pos += 1;
                self.enter()?;
                let e = self.exponent(closers);
                self.leave();
                Ok(Expr::Neg(Box::new(e?)))
            }
            Some(Tok::Open('{')) => {
                let base = self.atom(closers)?;
                // `2^{x}^{y}` is not valid TeX; read it right-associatively.
                self.power_on(base, closers)
            }
            _ => {
                let a = self.atom(closers)?;
                self.power_on(a, closers)
            }
        }
    }

    fn postfix(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let a = self.atom(closers)?;
        self.postfix_on(a)
    }

    fn postfix_on(&mut self, mut e: Expr) -> PResult<Expr> {
        for _ in 0..=MAX_POSTFIX {
            match self.peek() {
                Some(Tok::Bang) => {
                    self.pos += 1;
                    e = Expr::Func(Func::Factorial, vec![e]);
                }
                Some(Tok::Percent) => {
                    self.pos += 1;
                    e = Expr::Percent(Box::new(e));
                }
                Some(Tok::Degree) => {
                    self.pos += 1;
                    e = Expr::Degree(Box::new(e));
                }
                Some(Tok::Prime) => {
                    self.pos += 1;
                    e = match e {
                        Expr::Var(v) => Expr::Var(format!("{v}'")),
                        other => return err(format!("prime after {other:?}")),
                    };
                }
                Some(Tok::Under) => {
                    self.pos += 1;
                    let sub = self.subscript()?;
                    e = match e {
                        Expr::Num(lit) => base_number(&lit, &sub)?,
                        Expr::Var(v) => Expr::Var(format!("{v}_{sub}")),
                        other => return err(format!("subscript after {other:?}")),
                    };
                }
                _ => return Ok(e),
            }
        }
        Err(ParseError::too_big("too many postfix operators"))
    }

    /// The raw text of a subscript: one token or a brace group of simple
    /// tokens.
    fn subscript(&mut self) -> PResult<String> {
        let one = |t: &Tok| -> Option<String> {
            match t {
                Tok::Num(l) => l.raw.clone().or_else(|| Some(l.value().to_string())),
                Tok::Letter(c) => Some(c.to_string()),
                Tok::Word(w) | Tok::Cmd(w) | Tok::Text(w) => Some(w.clone()),
                Tok::Plus => Some("+".into()),
                Tok::Minus => Some("-".into()),
                Tok::Comma => Some(",".into()),
                _ => None,
            }
        };
        match self.next() {
            Some(Tok::Open('{')) => {
                let mut s = String::new();
                loop {
                    match self.next() {
                        Some(Tok::Close('{')) => return Ok(s),
                        Some(t) => s.push_str(&one(&t).ok_or(ParseError("subscript".into()))?),
                        None => return err("unclosed subscript"),
                    }
                }
            }
            Some(t) => one(&t).ok_or(ParseError("subscript".into())),
            None => err("empty subscript"),
        }
    }

    /// A `{…}` group or a single token, as TeX reads a macro argument;
    /// `\frac12` splits the digits.
    fn arg(&mut self, closers: &[Tok]) -> PResult<Expr> {
        match self.peek().cloned() {
            Some(Tok::Open('{')) => self.group(closers),
            Some(Tok::Num(lit)) => {
                self.pos += 1;
                match &lit.raw {
                    Some(raw) if raw.len() > 1 => {
                        let (first, rest) = raw.split_at(1);
                        let rest_lit = Lit::integer(rest).ok_or(ParseError("digits".into()))?;
                        self.toks.insert(self.pos, Tok::Num(rest_lit));
                        Ok(Expr::Num(Lit::integer(first).ok_or(ParseError("digit".into()))?))
                    }
                    _ => Ok(Expr::Num(lit)),
                }
            }
            Some(Tok::Minus) => {
                self.pos += 1;
                self.enter()?;
                let e = self.arg(closers);
                self.leave();
                Ok(Expr::Neg(Box::new(e?)))
            }
            _ => self.atom(closers),
        }
    }

    fn group(&mut self, _closers: &[Tok]) -> PResult<Expr> {
        self.expect(&Tok::Open('{'))?;
        self.enter()?;
        let saved = self.abs;
        self.abs = 0;
        let choose = Tok::Cmd("choose".into());
        let e = if self.peek() == Some(&Tok::Close('{')) {
            err("empty group")
        } else {
            // `{n \choose k}`: the infix binomial of plain TeX.
            self.list(&[Tok::Close('{'), choose.clone()]).and_then(|n| {
                if self.eat(&choose) {
                    let k = self.list(&[Tok::Close('{')])?;
                    Ok(Expr::Func(Func::Binom, vec![n, k]))
                } else {
                    Ok(n)
                }
            })
        };
        self.abs = saved;
        self.leave();
        let e = e?;
        self.expect(&Tok::Close('{'))?;
        Ok(e)
    }

    fn atom(&mut self, closers: &[Tok]) -> PResult<Expr> {
        let Some(t) = self.next() else {
            return err("unexpected end");
        };
        match t {
            Tok::Num(lit) => Ok(Expr::Num(lit)),
            Tok::Letter(c) => Ok(letter(c)),
            Tok::Word(w) => {
                // Two letters are a product; a longer word is text.
                if w.chars().count() == 2 {
                    let mut it = w.chars();
                    let (a, b) = (it.next().unwrap_or('x'), it.next().unwrap_or('x'));
                    Ok(Expr::mul(letter(a), letter(b)))
                } else {
                    Ok(Expr::Text(w))
                }
            }
            Tok::Text(t) => Ok(Expr::Text(t)),
            // `{}_7C_3` and `{}_7P_3`: combinations and permutations.
            Tok::Open('{')
                if self.peek() == Some(&Tok::Close('{'))
                    && self.peek_at(1) == Some(&Tok::Under) =>
            {
                self.pos += 2;
                let n = self.arg(closers)?;
                let kind = self.next();
                let k = match (self.next(), &kind) {
                    (Some(Tok::Under), Some(Tok::Letter('C' | 'P'))) => self.arg(closers)?,
                    _ => return err("expected {}_nC_k"),
                };
                if kind == Some(Tok::Letter('C')) {
                    Ok(Expr::Func(Func::Binom, vec![n, k]))
                } else {
                    // nPk = n! / (n-k)!.
                    let diff = Expr::Sum(vec![n.clone(), Expr::Neg(Box::new(k))]);
                    Ok(Expr::div(
                        Expr::Func(Func::Factorial, vec![n]),
                        Expr::Func(Func::Factorial, vec![diff]),
                    ))
                }
            }
            Tok::Open('{') => {
                self.pos -= 1;
                self.group(closers)
            }
            Tok::Open(c @ ('(' | '[')) => self.bracketed(c),
            Tok::Open('s') => {
                self.enter()?;
                let r = if self.eat(&Tok::Close('s')) {
                    Ok(Expr::Empty)
                } else if let Some((skip, var)) = self.set_builder_head() {
                    self.set_builder(skip, var)
                } else {
                    let saved = self.abs;
                    self.abs = 0;
                    let e = self.list(&[Tok::Close('s')]);
                    self.abs = saved;
                    e.and_then(|e| {
                        self.expect(&Tok::Close('s'))?;
                        Ok(match e {
                            Expr::List(items) => Expr::Set(items),
                            one => Expr::Set(vec![one]),
                        })
                    })
                };
                self.leave();
                r
            }
            Tok::Pipe => {
                self.enter()?;
                self.abs += 1;
                let e = self.additive(&[Tok::Pipe]);
                self.abs -= 1;
                self.leave();
                let e = e?;
                self.expect(&Tok::Pipe)?;
                Ok(Expr::Func(Func::Abs, vec![e]))
            }
            Tok::Begin(env) => self.matrix(&env),
            Tok::Cmd(c) => self.command(&c, closers),
            other => err(format!("unexpected {other:?}")),
        }
    }

    /// After `(` or `[`: a group, a tuple, an interval or a list.
    fn bracketed(&mut self, open: char) -> PResult<Expr> {
        self.enter()?;
        let saved = self.abs;
        self.abs = 0;
        let closers = [Tok::Close(')'), Tok::Close(']')];
        let mut items = Vec::new();
        let r = (|| {
            loop {
                items.push(self.relation(&closers)?);
                match self.peek() {
                    Some(Tok::Comma | Tok::Semi) => self.pos += 1,
                    _ => break,
                }
            }
            match self.next() {
                Some(Tok::Close(c)) => Ok(c),
                other => err(format!("expected a closing bracket, found {other:?}")),
            }
        })();
        self.abs = saved;
        self.leave();
        let close = r?;
        Ok(match (open, close, items.len()) {
            (_, _, 1) if open == '(' && close == ')' || open == '[' && close == ']' => {
                items.pop().unwrap_or(Expr::Empty)
            }
            ('(', ')', _) => Expr::Tuple(items),
            ('[', ']', n) if n != 2 => Expr::Bracket(items),
            (_, _, 2) => {
                let b = items.pop().unwrap_or(Expr::Empty);
                let a = items.pop().unwrap_or(Expr::Empty);
                Expr::Interval(Box::new(a), Box::new(b), open == '[', close == ']')
            }
            _ => return err("mismatched brackets"),
        })
    }

    fn matrix(&mut self, env: &str) -> PResult<Expr> {
        if !matches!(
            env,
            "pmatrix"
                | "bmatrix"
                | "Bmatrix"
                | "matrix"
                | "smallmatrix"
                | "array"
                | "vmatrix"
                | "Vmatrix"
        ) {
            return err(format!("environment {env} is not supported"));
        }
        self.enter()?;
        let end = Tok::End(env.to_owned());
        let closers = [Tok::Amp, Tok::RowSep, end.clone()];
        let mut rows: Vec<Vec<Expr>> = Vec::new();
        let mut row = Vec::new();
        let r = (|| {
            loop {
                if self.eat(&end) {
                    break;
                }
                row.push(self.relation(&closers)?);
                match self.next() {
                    Some(Tok::Amp) => {}
                    Some(Tok::RowSep) => {
                        rows.push(std::mem::take(&mut row));
                        // A trailing `\\` before `\end`.
                        if self.eat(&end) {
                            break;
                        }
                    }
                    Some(t) if t == end => break,
                    other => return err(format!("unexpected {other:?} in a matrix")),
                }
            }
            Ok(())
        })();
        self.leave();
        r?;
        if !row.is_empty() {
            rows.push(row);
        }
        let width = rows.first().map_or(0, Vec::len);
        if width == 0 || rows.iter().any(|r| r.len() != width) {
            return err("ragged matrix");
        }
        let m = Expr::Matrix(rows);
        Ok(if env.starts_with('v') || env.starts_with('V') {
            Expr::Func(Func::Opaque("det".into()), vec![m])
        } else {
            m
        })
    }

    fn command(&mut self, c: &str, closers: &[Tok]) -> PResult<Expr> {
        self.enter()?;
        let r = self.command_inner(c, closers);
        self.leave();
        r
    }

    fn command_inner(&mut self, c: &str, closers: &[Tok]) -> PResult<Expr> {
        let f = match c {
            "pi" => return Ok(Expr::Const(Const::Pi)),
            "infty" => return Ok(Expr::Const(Const::Infinity)),
            "emptyset" => return Ok(Expr::Empty),
            "R" | "Z" | "N" | "Q" | "C" => {
                return Ok(Expr::NamedSet(c.chars().next().unwrap_or('R')));
            }
            "frac" => {
                let a = self.arg(closers)?;
                let b = self.arg(closers)?;
                return Ok(Expr::div(a, b));
            }
            "binom" | "dbinom" | "tbinom" => {
                let a = self.arg(closers)?;
                let b = self.arg(closers)?;
                return Ok(Expr::Func(Func::Binom, vec![a, b]));
            }
            "sqrt" => {
                if self.eat(&Tok::Open('[')) {
                    let n = self.list(&[Tok::Close(']')])?;
                    self.expect(&Tok::Close(']'))?;
                    let x = self.sqrt_arg(closers)?;
                    return Ok(Expr::Func(Func::Root, vec![n, x]));
                }
                let x = self.sqrt_arg(closers)?;
                return Ok(Expr::Func(Func::Sqrt, vec![x]));
            }
            "lfloor" | "lceil" => {
                let close = if c == "lfloor" { "rfloor" } else { "rceil" };
                let e = self.additive(&[Tok::Cmd(close.into())])?;
                self.expect(&Tok::Cmd(close.into()))?;
                let f = if c == "lfloor" { Func::Floor } else { Func::Ceil };
                return Ok(Expr::Func(f, vec![e]));
            }
            "overline" | "bar" | "vec" | "hat" | "tilde" | "widehat" | "overrightarrow" => {
                let a = self.arg(closers)?;
                return Ok(Expr::Func(Func::Opaque(c.into()), vec![a]));
            }
            "det" => {
                let a = self.fn_arg(closers)?;
                return Ok(Expr::Func(Func::Opaque("det".into()), vec![a]));
            }
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" | "tg" => Func::Tan,
            "cot" | "ctg" => Func::Cot,
            "sec" => Func::Sec,
            "csc" | "cosec" => Func::Csc,
            "arcsin" => Func::Asin,
            "arccos" => Func::Acos,
            "arctan" => Func::Atan,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            "tanh" => Func::Tanh,
            "ln" => Func::Ln,
            "exp" => Func::Exp,
            "log" | "lg" => Func::Log,
            "abs" => Func::Abs,
            "gcd" => Func::Gcd,
            "lcm" => Func::Lcm,
            "max" => Func::Max,
            "min" => Func::Min,
            "sum" | "prod" => return self.big_operator(c, closers),
            "int" => return self.integral(closers),
            "dots" => return Ok(Expr::Var("\\dots".into())),
            "unitvec_i" | "unitvec_j" | "unitvec_k" => {
                return Ok(Expr::Var(format!("\\mathbf{{{}}}", &c[8..])));
            }
            other => {
                if other.chars().count() == 1 && !other.is_ascii() || is_greek(other) {
                    return Ok(Expr::Var(format!("\\{other}")));
                }
                // An unknown command with an argument is an opaque
                // function, without one an opaque symbol.
                if self.peek() == Some(&Tok::Open('{')) {
                    let a = self.group(closers)?;
                    return Ok(Expr::Func(Func::Opaque(other.into()), vec![a]));
                }
                return err(format!("unknown command \\{other}"));
            }
        };
        // `\log_2`, `\log_{b}`.
        let mut base = None;
        if f == Func::Log && self.eat(&Tok::Under) {
            base = Some(self.arg(closers)?);
        }
        // `\sin^2 x` is `(\sin x)^2`; `\sin^{-1} x` is `\arcsin x`.
        let mut power = None;
        if self.eat(&Tok::Caret) {
            power = Some(self.arg(closers)?);
        }
        let mut f = f;
        if let Some(Expr::Neg(one)) = &power
            && matches!(&**one, Expr::Num(l) if l.raw.as_deref() == Some("1"))
        {
            let inv = match f {
                Func::Sin => Some(Func::Asin),
                Func::Cos => Some(Func::Acos),
                Func::Tan => Some(Func::Atan),
                _ => None,
            };
            if let Some(inv) = inv {
                f = inv;
                power = None;
            }
        }
        let arg = self.fn_arg(closers)?;
        let args = match (f.clone(), base, arg) {
            (Func::Log, Some(b), a) => vec![b, a],
            (Func::Log, None, a) => {
                vec![Expr::Num(Lit::integer("10").ok_or(ParseError("10".into()))?), a]
            }
            (Func::Gcd | Func::Lcm | Func::Max | Func::Min, _, Expr::Tuple(items)) => items,
            (_, _, a) => vec![a],
        };
        let call = Expr::Func(f, args);
        Ok(match power {
            Some(p) => Expr::pow(call, p),
            None => call,
        })
    }

    /// `\sum_{k=a}^{b} body` and `\prod`: the index is renamed to a bound
    /// name (`#k`, never a free variable) and the whole is evaluated for
    /// integer bounds.
    fn big_operator(&mut self, c: &str, closers: &[Tok]) -> PResult<Expr> {
        self.expect(&Tok::Under)?;
        let from = self.arg(closers)?;
        let Expr::Rel(items, ops) = from else { return err("a sum needs k = a below it") };
        let ([index, lo], [RelOp::Eq]) = (items.as_slice(), ops.as_slice()) else {
            return err("a sum needs k = a below it");
        };
        let k = match index {
            Expr::Var(k) => k.clone(),
            Expr::Const(Const::I) => "i".to_owned(),
            Expr::Const(Const::E) => "e".to_owned(),
            _ => return err("a sum needs k = a below it"),
        };
        let k = &k;
        self.expect(&Tok::Caret)?;
        let hi = self.arg(closers)?;
        let body = self.term(closers)?;
        let bound = format!("#{k}");
        let body = rename(&body, k, &bound);
        Ok(Expr::Func(Func::Opaque(c.into()), vec![Expr::Var(bound), lo.clone(), hi, body]))
    }

    /// `\int_a^b body \, dx`: the body runs to the differential; the
    /// variable is renamed to a bound name. Evaluated for polynomials with
    /// numeric bounds.
    fn integral(&mut self, closers: &[Tok]) -> PResult<Expr> {
        self.expect(&Tok::Under)?;
        let lo = self.arg(closers)?;
        self.expect(&Tok::Caret)?;
        let hi = self.arg(closers)?;
        // Find the differential at this nesting level.
        let mut depth = 0i32;
        let mut found = None;
        for j in self.pos..self.toks.len() {
            match &self.toks[j] {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth -= 1,
                Tok::Word(w) if depth == 0 && w.len() == 2 && w.starts_with('d') => {
                    found = w.chars().nth(1).map(|v| (j, 1, v));
                    break;
                }
                Tok::Letter('d') if depth == 0 => {
                    if let Some(Tok::Letter(v)) = self.toks.get(j + 1) {
                        found = Some((j, 2, *v));
                        break;
                    }
                }
                _ => {}
            }
            if depth < 0 {
                break;
            }
        }
        let Some((j, len, var)) = found else { return err("an integral without dx") };
        self.toks.splice(j..j + len, [Tok::Close('{')]);
        self.toks.insert(self.pos, Tok::Open('{'));
        let body = self.group(closers)?;
        let v = var.to_string();
        let bound = format!("#{v}");
        let body = rename(&body, &v, &bound);
        Ok(Expr::Func(Func::Opaque("int".into()), vec![Expr::Var(bound), lo, hi, body]))
    }

    /// The radicand: a group, a parenthesised expression, a whole number
    /// (`\sqrt3`, `\sqrt 12`) or one atom (`\sqrt x`).
    fn sqrt_arg(&mut self, closers: &[Tok]) -> PResult<Expr> {
        match self.peek() {
            Some(Tok::Open('(')) => {
                self.pos += 1;
                self.bracketed('(')
            }
            Some(Tok::Open('{')) => self.group(closers),
            _ => self.atom(closers),
        }
    }

    /// A function argument: a parenthesised or braced group, else the
    /// implicit product that follows (`\sin 2x`).
    fn fn_arg(&mut self, closers: &[Tok]) -> PResult<Expr> {
        match self.peek() {
            Some(Tok::Open('(')) => {
                self.pos += 1;
                let e = self.bracketed('(')?;
                self.postfix_on(e)
            }
            Some(Tok::Open('{')) => self.group(closers),
            _ => {
                let mut f = vec![self.power(closers)?];
                while matches!(self.peek(), Some(Tok::Letter(_) | Tok::Num(_))) && f.len() < 16 {
                    f.push(self.power(closers)?);
                }
                Ok(if f.len() == 1 { f.pop().unwrap_or(Expr::Empty) } else { Expr::Prod(f) })
            }
        }
    }
}

const GREEK: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Phi",
    "Psi",
    "Omega",
    "ell",
    "hbar",
];

fn is_greek(s: &str) -> bool {
    GREEK.contains(&s)
}

/// `e` with the variable `from` renamed `to` (for bound variables).
fn rename(e: &Expr, from: &str, to: &str) -> Expr {
    let r = |x: &Expr| rename(x, from, to);
    let b = |x: &Expr| Box::new(rename(x, from, to));
    match e {
        Expr::Var(v) if v == from => Expr::Var(to.to_owned()),
        // `e` and `i` were read as constants; as an index they are letters.
        Expr::Const(Const::E) if from == "e" => Expr::Var(to.to_owned()),
        Expr::Const(Const::I) if from == "i" => Expr::Var(to.to_owned()),
        Expr::Neg(a) => Expr::Neg(b(a)),
        Expr::Inv(a) => Expr::Inv(b(a)),
        Expr::Percent(a) => Expr::Percent(b(a)),
        Expr::Degree(a) => Expr::Degree(b(a)),
        Expr::Pow(x, y) => Expr::Pow(b(x), b(y)),
        Expr::Sum(v) => Expr::Sum(v.iter().map(r).collect()),
        Expr::Prod(v) => Expr::Prod(v.iter().map(r).collect()),
        Expr::Func(f, v) => Expr::Func(f.clone(), v.iter().map(r).collect()),
        Expr::Tuple(v) => Expr::Tuple(v.iter().map(r).collect()),
        other => other.clone(),
    }
}

/// A term whose unit ends it, with the unit taken outside: `-(1.5 kg)`
/// is `(-1.5) kg`, and `5 \pm (0.2 cm)` is `(5 \pm 0.2) cm`.
fn hoist_unit(t: Expr) -> Expr {
    match t {
        Expr::Neg(x) => match *x {
            Expr::Quantity(v, u) if u != COMPOUND => Expr::Quantity(Box::new(Expr::Neg(v)), u),
            x => Expr::Neg(Box::new(x)),
        },
        Expr::PlusMinus(before, x, minus_plus) => match *x {
            Expr::Quantity(v, u) if u != COMPOUND => {
                Expr::Quantity(Box::new(Expr::PlusMinus(before, v, minus_plus)), u)
            }
            x => Expr::PlusMinus(before, Box::new(x), minus_plus),
        },
        other => other,
    }
}

/// One letter: `e` is Euler's number, `i` the imaginary unit.
fn letter(c: char) -> Expr {
    match c {
        'e' => Expr::Const(Const::E),
        'i' => Expr::Const(Const::I),
        c => Expr::Var(c.to_string()),
    }
}

/// `1010_2`: an integer literal written in base 2..=36 (digits only).
fn base_number(lit: &Lit, sub: &str) -> PResult<Expr> {
    let Some(raw) = &lit.raw else {
        return err("subscript on a non-integer");
    };
    let word = match sub.trim().to_ascii_lowercase().as_str() {
        "two" | "binary" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" | "octal" => Some(8),
        "nine" => Some(9),
        "ten" | "decimal" => Some(10),
        "twelve" => Some(12),
        "sixteen" | "hex" | "hexadecimal" => Some(16),
        _ => None,
    };
    let base: u32 = match word {
        Some(b) => b,
        None => sub.parse().map_err(|_| ParseError("base".into()))?,
    };
    if !(2..=36).contains(&base) {
        return err("base out of range");
    }
    let n =
        BigInt::parse_bytes(raw.as_bytes(), base).ok_or(ParseError("digit over base".into()))?;
    let value = Expr::Num(Lit::exact(BigRational::from_integer(n), None, lit.sig, None));
    Ok(Expr::Based(Box::new(value), raw.clone(), base))
}

#[cfg(test)]
mod tests;
