//! The parsed form of an answer.

use crate::lex::RelOp;
use crate::number::Lit;

/// A named constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Const {
    Pi,
    E,
    I,
    Infinity,
}

/// A function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Func {
    Sqrt,
    /// `\sqrt[n]{x}`: arguments `[n, x]`.
    Root,
    Sin,
    Cos,
    Tan,
    Cot,
    Sec,
    Csc,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    /// `\log_b x`: arguments `[b, x]`.
    Log,
    Ln,
    Exp,
    Abs,
    Floor,
    Ceil,
    Binom,
    Gcd,
    Lcm,
    Max,
    Min,
    Factorial,
    /// A function we do not evaluate (compared only structurally).
    Opaque(String),
}

/// A set operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SetOp {
    Union,
    Intersection,
    Difference,
}

/// An answer expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Num(Lit),
    Var(String),
    Const(Const),
    Neg(Box<Self>),
    /// A sum; subtracted terms are [`Expr::Neg`]. Flat, so that long sums
    /// do not make deep trees.
    Sum(Vec<Self>),
    /// A product; divisors are [`Expr::Inv`].
    Prod(Vec<Self>),
    /// `1/x`.
    Inv(Box<Self>),
    Pow(Box<Self>, Box<Self>),
    /// `a ± b` (`mp` flips the signs); `a` is `None` for a leading `±`.
    PlusMinus(Option<Box<Self>>, Box<Self>, bool),
    Func(Func, Vec<Self>),
    Percent(Box<Self>),
    Degree(Box<Self>),
    /// `(a, b, …)`; with two elements it may also be an open interval.
    Tuple(Vec<Self>),
    /// `[a, b, c, …]` with other than two elements: an ordered list.
    Bracket(Vec<Self>),
    /// An interval: ends and whether each end is closed.
    Interval(Box<Self>, Box<Self>, bool, bool),
    /// `\{a, b\}`.
    Set(Vec<Self>),
    /// A top-level list `a, b` (or `a and b`): read as a set of answers.
    List(Vec<Self>),
    Matrix(Vec<Vec<Self>>),
    SetOp(SetOp, Box<Self>, Box<Self>),
    /// `\mathbb{R}` and friends, by letter.
    NamedSet(char),
    /// `\emptyset`, `\varnothing`, `\{\}`.
    Empty,
    /// A chain `a op b op c`.
    Rel(Vec<Self>, Vec<RelOp>),
    /// A ratio `a : b` or `a : b : c` (two or more parts).
    Ratio(Vec<Self>),
    /// Words.
    Text(String),
    /// An integer written in a base (`1011_2`): its value, its digits as
    /// written, and the base.
    Based(Box<Self>, String, u32),
    /// A value with a unit written after it (`5\text{ cm}`, `3 hours`): the
    /// unit's words as written.
    Quantity(Box<Self>, String),
}

impl Expr {
    /// `a / b`.
    pub(crate) fn div(a: Self, b: Self) -> Self {
        Self::Prod(vec![a, Self::Inv(Box::new(b))])
    }

    /// `a · b`.
    pub(crate) fn mul(a: Self, b: Self) -> Self {
        Self::Prod(vec![a, b])
    }

    /// `a^b`.
    pub(crate) fn pow(a: Self, b: Self) -> Self {
        Self::Pow(Box::new(a), Box::new(b))
    }
}
