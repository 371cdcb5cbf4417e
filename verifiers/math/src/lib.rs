//! The math verifier of [rlvr]: answer equivalence for LaTeX and plain-text
//! math, exact where it can be and never slower than it must be.
//!
//! - [`MathVerifier`]: the [`Verifier`] for math rows
//!   (name `math`), with a typed API, [`MathVerifier::equivalent`], for
//!   users without JSON rows.
//! - [`answers_equal`] and [`parse_number`]: helpers other domains reuse
//!   (science and tables need numbers).
//!
//! # How an answer is judged
//! 1. **Extraction** uses core's shared policy: the last complete
//!    `\boxed{}`/`\fbox{}`, `<answer>` tag or `Answer:` line after the last
//!    `</think>`. A trailing run of boxes joined only by punctuation,
//!    `and`/`or`, `\quad` or part labels (`(a) \boxed{3} and (b)
//!    \boxed{5}`) is one answer, compared as a list with the gold; a box
//!    followed by reasoning and another box is a draft (the last box
//!    wins); a hedge between boxes (`\boxed{5}, or possibly \boxed{6}`) is
//!    wrong. Lenient mode tries the whole short answer (unless it is
//!    prose), then the last math environment, then the last number outside
//!    any command's arguments; an answer it cannot read is no answer.
//!    A bare gold is read as it is (a GSM8K gold after its `####`); a gold
//!    that is not a bare answer (a worked solution, `So the answer is: \[
//!    \boxed{32349} \]`, a `$…$` sentence) is read like a response (its
//!    last box or run of boxes, else its answer line or phrase, else its
//!    last math environment with a unit word after it), and the reward's
//!    detail says where the gold was read from.
//! 2. **Parsing** (a nom tokenizer and a recursive-descent parser with a
//!    depth limit, so 2,000-deep braces return an error instead of
//!    overflowing the stack) reads numbers in every common form, `\frac`
//!    and its shorthands, roots, powers, factorials, binomials, trig and
//!    logs, `|x|`, floor and ceiling, constants, `\pm`, sets, intervals,
//!    tuples, matrices, ratios, relations, `\text{…}` words, degrees and unit
//!    words after a complete expression.
//! 3. **Comparison**, reported as a [`Stage`] in every reward's detail:
//!    - *string*: equal normalised strings, or multiple-choice letters;
//!    - *structural*: equal trees, or shapes that cannot match (a set
//!      against a number, tuples of different lengths);
//!    - *exact*: arbitrary-precision Gaussian rationals. Integers and
//!      fractions are compared exactly, so `1/2^99` differs from `1/2^98`
//!      and `1/2004!` from `1/2006!`, and `100001` never matches `100000`;
//!    - *numeric*: floating point with a tracked error bound, for surds,
//!      `\pi`, logs and trig (see the decimal policy below);
//!    - *symbolic*: expressions with variables are evaluated exactly at
//!      seeded rational points of both signs; equations must have
//!      proportional `lhs - rhs`, inequalities with a positive factor.
//!
//! Ratios `a : b : c` match when their parts are equal in order or
//! proportional (`6:8` is `3:4`), except ratios that look like times of
//! day (`4:30`) or have a zero part, which compare in order only; a
//! two-part ratio also matches its value `a/b`. A set-builder `\{x : x >
//! 0\}` is read as its condition.
//!
//! Sets are unordered, tuples ordered, intervals compare their endpoint
//! types, matrices compare element-wise; sums, products, scalar multiples
//! and small powers of matrices are multiplied out first, and `\det` or a
//! `vmatrix` (up to 5×5) is evaluated. A negative real to a rational power
//! with an odd denominator is real (`(-8)^{2/3} = 4`). `x = 2` matches `2`
//! (and `f^{-1}(x) = …` names the answer like `f(x) = …`). A percentage
//! matches its value and (configurable) its bare number. There is no
//! "times 100" leniency on plain numbers.
//!
//! **Subsets of the real line** (intervals, unions, finite sets of numbers,
//! differences such as `\mathbb{R}\setminus\{0\}` or `\mathbb{R}\setminus[-1,2]`,
//! `x \ne a`, and one-variable inequalities whose sides differ by a
//! polynomial of degree at most two, or `|u| \le k`) are brought to one
//! canonical form, a sorted union of disjoint intervals, before they are
//! compared: `(1,5)\cup\{5\}` is `(1,5]`, `x^2 < 4` is `-2 < x < 2`, and
//! `(1,2)\cup(2,3)` is not `(1,3)`.
//!
//! **Units are part of the answer.** Two quantities must have the same
//! dimension and are converted exactly (`5\text{ m}` is `500\text{ cm}`,
//! `2` hours `30` minutes is `2.5` hours; `3` minutes is not `3` hours, `5`
//! cents is not `5` dollars). A bare number against a quantity compares the
//! numbers; count nouns (`apples`) carry no dimension. A unit after the last
//! term of a sum is the whole sum's (`5-1.5\text{ kg}` is `3.5` kg). A unit
//! inside a larger expression (`\sqrt{4\text{ kg}}`) is never dropped to
//! read the rest as a number: such a value matches only as written. Words
//! after a value that hedge or qualify it (`or more`, `(or 3 if …)`, `at
//! least`, `approximately`) are no unit: the answer does not parse and is
//! wrong.
//!
//! **Degrees.** The degree sign is dropped against a gold without `\pi`
//! (`90^\circ` is `90`); an explicit degree sign in the answer against a
//! gold written with `\pi` converts (`30^\circ` is `\frac{\pi}{6}`; a bare
//! `30` is not). The full radian reading both ways is an option. Inside a
//! trigonometric function degrees are always degrees (`\sin 30^\circ` is
//! `\frac12`).
//!
//! **Notation** also covers Unicode (NFKC plus superscripts as powers,
//! vulgar fractions, `ℝ`, zero-width characters), negative mixed numbers
//! (`-1\frac12` is `-\frac32`), `{n \choose k}`, `{}_nC_k`, `C(n,k)`,
//! `\langle…\rangle` and `\mathbf{i}, \mathbf{j}, \mathbf{k}` against
//! column vectors and tuples, bases (`1011_2` against the digits `1011`),
//! "no solution" for `\emptyset`, "does not exist" for DNE, number words,
//! and finite `\sum`/`\prod` and `\int` of polynomials with numeric bounds.
//!
//! **Exact where the form says so.** Trigonometric functions of rational
//! multiples of `\pi` are exact where the value is rational
//! (`\cos\frac{\pi}{3}`, `\tan\frac{3\pi}{4}`,
//! `\sin(10^{20}\pi+\frac{\pi}{6})`), and `\ln e^{q}` is `q`.
//!
//! **The numeric stage never guesses.** Two floats are equal only when
//! their error bounds are as narrow as a float's rounding; a wider band that
//! cannot separate them is undecided (`(1+10^{-9}\pi)^{10^9}` against
//! `e^\pi`). Against an exact fraction, a float's band must also be
//! narrower than half the spacing of that fraction's denominator: Ramanujan's
//! `e^{\pi\sqrt{163}}` agrees with the integer `640320^3+744` to a float's
//! rounding (relatively 3·10^{-30}) with a band in the hundreds, and is
//! undecided, not equal. What floats cannot see is the limit: an irrational
//! value within a double's rounding of a rational (`\ln(e^{100}+1)` against
//! `100`, `e^{\pi\sqrt{67}}` against its nearest integer) is called equal.
//! Values too large or too small for a float cancel shared terms and
//! factors, then compare their signs and logarithms (`e^{1000}+1` against
//! `e^{1000}` is different, `(e^8)^{100}` equals `e^{800}`). A logarithm is
//! kept exactly where it can be, as a rational plus rational multiples of
//! `ln π` and of the logarithms of integers, and two exact ones are compared
//! exactly over a coprime basis of those integers: `2^{2^{20}}`,
//! `2^{1048576}` and `4^{2^{19}}` are equal; `2^{10^{20}+1}` against
//! `2^{10^{20}}`, `(1+10^{-9})^{10^9}` against `e`, and `e^{-100000}`
//! against `0` are different; sums count when their terms' ratios are
//! small rationals (`2^N + 2^N = 2^{N+1}`). Where `ln π` does not cancel, or
//! a part has no exact form, the floats decide, and only that values differ.
//!
//! # The decimal policy
//! - **An exact gold needs an exact answer.** A rounded decimal does not
//!   match `\pi`, `\sqrt 2`, `\frac13`, `e` or `\ln 2` (`3.14`, `1.414`,
//!   `0.333`, `0.3333333333`, `2.718` and `0.693` are all wrong). A
//!   terminating decimal that *is* the exact value still matches (`0.5` is
//!   `\frac12`, exactly).
//! - **A decimal gold is matched at its own precision**, when it shows at
//!   least two significant digits: an exact answer that rounds to it (`\pi`
//!   for `3.14`), or a decimal with at least as many places that rounds to
//!   it (`0.866` for `0.87`). A coarser decimal (`0.87` for `0.866`), and any
//!   answer against a one-digit decimal gold (`0.46` for `0.5`), are compared
//!   at the finer precision of the two. A gold with more significant digits
//!   than a float holds is an exact value written out: against another
//!   decimal it is compared at the finer precision.
//! - **Loosening is opt-in**, off by default:
//!   [`MathVerifierBuilder::decimal_approximations`] for a verifier, or
//!   `extra_info.decimal_approx = true` for one row, lets a decimal answer
//!   match an exact gold at the precision it shows (half a unit in its last
//!   place), when it shows at least
//!   [`min_significant_digits`](MathVerifierBuilder::min_significant_digits)
//!   (3 by default).
//!
//! # Guards
//! Nothing from the model is ever evaluated as code. Powers and factorials
//! check the size of their exact result first and fall back to floating
//! point (`10^{10^{10}}` overflows and is reported as undecided, graded
//! `timeout`, unless it equals the gold string-wise). Every step charges
//! the [`Context`] budget.
//!
//! [rlvr]: https://docs.rs/rlvr
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - The verifier: [`MathVerifier`], configured by [`MathVerifierBuilder`];
//!   [`Equivalence`] (a comparison's verdict) and [`Stage`] (which stage
//!   decided it).
//! - Functions: [`answers_equal`] and [`parse_number`] (a [`Number`]).
//!
//! Everything else (the lexer, parser, evaluator and units) is private.

#![deny(missing_docs)]

mod ast;
mod equiv;
mod huge;
mod lex;
mod number;
mod parse;
mod sets;
mod unicode;
mod units;
mod value;
mod verifier;

pub use equiv::Stage;
pub use number::Number;
pub use verifier::{Equivalence, MathVerifier, MathVerifierBuilder};

use std::sync::Arc;

use rlvr_core::{Context, Domain, Environment, Error, GymTask, Verifier};

/// The math verifiers: a default [`MathVerifier`] under
/// [`names::MATH`](rlvr_core::names::MATH).
pub fn verifiers(_env: &Environment) -> Vec<Arc<dyn Verifier>> {
    vec![Arc::new(MathVerifier::default())]
}

/// The reasoning-gym tasks graded here: none (the math domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("math", verifiers, gym_tasks);

/// Whether a predicted answer is equivalent to a gold answer, with the
/// default conventions of [`MathVerifier`].
///
/// Both are raw answer strings (no `\boxed{}`); an unparseable prediction
/// is simply not equal.
///
/// # Errors
/// [`Error::InvalidGroundTruth`] when the gold cannot be parsed;
/// [`Error::BudgetExceeded`] when `cx` runs out.
///
/// # Example
/// ```
/// use rlvr_core::Context;
/// let cx = Context::default();
/// assert!(rlvr_math::answers_equal("\\frac{\\sqrt{3}}{2}", "\\sqrt3/2", &cx)?);
/// assert!(rlvr_math::answers_equal("\\{1, 2\\}", "2, 1", &cx)?);
/// assert!(!rlvr_math::answers_equal("100000", "100001", &cx)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn answers_equal(gold: &str, pred: &str, cx: &Context) -> Result<bool, Error> {
    Ok(MathVerifier::new().equivalent_in(gold, pred, cx)?.is_equal())
}

/// Reads a real number written in any common form: integers with
/// thousands separators (`1,234`, `1\,234`, `1{,}234`), decimals
/// (`.5`, `0,5`), `1e3`, repeating decimals (`0.\overline{3}`), fractions
/// (`\frac{3}{4}`, `3/4`, `2\frac12`), percentages (`12.5\%`, read as
/// `0.125`), currency (`\$5`), base subscripts (`1010_2`), and exact
/// arithmetic on them (`2^{10}`, `5!`). Returns `None` for anything that
/// is not an exact real number (`\sqrt2`, `x`, `(1, 2)`).
///
/// # Example
/// ```
/// let n = rlvr_math::parse_number("1{,}234.50").ok_or("no number")?;
/// assert_eq!(n.to_f64(), 1234.5);
/// assert_eq!(n.decimal_places(), Some(2));
/// assert_eq!(rlvr_math::parse_number("2\\frac{1}{2}").ok_or("no number")?.to_f64(), 2.5);
/// assert!(rlvr_math::parse_number("\\sqrt{2}").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_number(s: &str) -> Option<Number> {
    // A unit after the number is not part of it, nor of its shown
    // precision.
    let e = match parse::parse(s.trim()).ok()? {
        ast::Expr::Quantity(v, _) => *v,
        other => other,
    };
    let cx = Context::default();
    let v = value::eval(&e, &[], &cx).ok()?;
    let value = v.exact_real()?.clone();
    let (places, sig) = match &e {
        ast::Expr::Num(l) => (l.places, l.sig),
        ast::Expr::Neg(x) => match &**x {
            ast::Expr::Num(l) => (l.places, l.sig),
            _ => (None, 0),
        },
        ast::Expr::Percent(x) => match &**x {
            ast::Expr::Num(l) => (l.places.map(|p| p + 2), l.sig),
            _ => (None, 0),
        },
        _ => (None, 0),
    };
    Some(Number { value, places, sig })
}
