//! Truth-functional tasks: knights and knaves, self-referential statement
//! counting, logic circuits and propositional entailment. Each recomputes
//! the truth by evaluating the instance (truth tables charged to the step
//! budget).

use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::{Context, Error, Reward};
use serde_json::Value;

use super::{Entry, meta_err};
use crate::answer;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

// ---------------------------------------------------------------------------
// Knights and knaves.

const KNIGHT_WORDS: &[&str] = &[
    "knight",
    "hero",
    "angel",
    "saint",
    "altruist",
    "pioneer",
    "sage",
    "truth-teller",
    "truthteller",
];
const KNAVE_WORDS: &[&str] =
    &["knave", "villain", "devil", "sinner", "egoist", "laggard", "fool", "liar"];

/// `Some(true)` for a knight word, `Some(false)` for a knave word (plurals
/// too).
fn role_of(word: &str, terms: &[(String, bool)]) -> Option<bool> {
    let singular = |w: &str| -> String {
        for suffix in ["es", "s"] {
            if let Some(s) = w.strip_suffix(suffix)
                && (KNIGHT_WORDS.contains(&s)
                    || KNAVE_WORDS.contains(&s)
                    || terms.iter().any(|(t, _)| t == s))
            {
                return s.to_owned();
            }
        }
        w.to_owned()
    };
    let w = singular(word);
    if let Some((_, r)) = terms.iter().find(|(t, _)| *t == w) {
        return Some(*r);
    }
    if KNIGHT_WORDS.contains(&w.as_str()) {
        Some(true)
    } else if KNAVE_WORDS.contains(&w.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Evaluates a reasoning-gym statement tree under an assignment.
fn statement(s: &Value, roles: &[bool], depth: usize) -> Result<bool, Error> {
    let bad = || meta_err("malformed statement");
    if depth > 64 {
        return Err(bad());
    }
    let items = s.as_array().ok_or_else(bad)?;
    let op = items.first().and_then(Value::as_str).ok_or_else(bad)?;
    let arg = |i: usize| items.get(i).ok_or_else(bad);
    let sub = |i: usize| statement(arg(i)?, roles, depth + 1);
    let person = |i: usize| -> Result<bool, Error> {
        let p = arg(i)?.as_u64().and_then(|p| usize::try_from(p).ok()).ok_or_else(bad)?;
        roles.get(p).copied().ok_or_else(bad)
    };
    Ok(match op {
        "telling-truth" => person(1)?,
        "lying" => !person(1)?,
        "not" => !sub(1)?,
        "and" => {
            let mut all = true;
            for i in 1..items.len() {
                all &= sub(i)?;
            }
            all
        }
        "or" => {
            let mut any = false;
            for i in 1..items.len() {
                any |= sub(i)?;
            }
            any
        }
        "->" => !sub(1)? || sub(2)?,
        "<=>" => sub(1)? == sub(2)?,
        _ => return Err(bad()),
    })
}

/// Knights and knaves: every named person gets one role, and the
/// assignment makes every knight's statement true and every knave's false.
/// Any consistent assignment is correct; a half-right one is wrong
/// (reasoning-gym gives it 0.65).
pub(super) fn knights_knaves(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let names: Vec<String> = e.field("names")?;
    let statements: Vec<Value> = e.field("statements")?;
    if names.is_empty() || names.len() != statements.len() || names.len() > 64 {
        return Err(meta_err("names and statements differ in number"));
    }
    let mut terms: Vec<(String, bool)> = Vec::new();
    if let Some(t) = e.metadata.get("knight_knave_terms") {
        for (k, is_knight) in [("knight", true), ("knave", false)] {
            if let Some(w) = t.get(k).and_then(Value::as_str) {
                terms.push((w.to_lowercase(), is_knight));
            }
        }
    }
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let mut roles: Vec<Option<bool>> = vec![None; names.len()];
    let mut pending: Vec<usize> = Vec::new();
    let text = text.to_lowercase();
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty());
    for w in words {
        cx.charge(1)?;
        if let Some(i) = lower.iter().position(|n| n == w) {
            pending.push(i);
        } else if let Some(r) = role_of(w, &terms) {
            for &i in &pending {
                if roles[i].is_some_and(|old| old != r) {
                    return wrong(format!("{} is given two roles", names[i]));
                }
                roles[i] = Some(r);
            }
            pending.clear();
        }
    }
    let Some(roles) = roles.into_iter().collect::<Option<Vec<bool>>>() else {
        return wrong("not every person is given a role");
    };
    for (i, s) in statements.iter().enumerate() {
        cx.charge(1)?;
        if statement(s, &roles, 0)? != roles[i] {
            let role = if roles[i] { "truth-teller" } else { "liar" };
            return wrong(format!(
                "{} cannot be a {role}: the statement's truth disagrees",
                names[i]
            ));
        }
    }
    Ok(Reward::correct())
}

// ---------------------------------------------------------------------------
// Self-reference.

/// One self-referential statement.
#[derive(Debug, Clone, Copy)]
enum Claim {
    AtLeastTrue(usize),
    AtMostFalse(usize),
    ExactlyTrue(usize),
    ExactlyFalse(usize),
    /// Statement `a` xor statement `b` (1-based).
    Xor(usize, usize),
    TruePrime,
    FalseComposite,
}

static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)Statement (\d+): '(?:At least (\d+) of these \d+ statements are true|At most (\d+) of these \d+ statements are false|Exactly (\d+) of these \d+ statements are true|Exactly (\d+) of these \d+ statements are false|Either Statement (\d+) or Statement (\d+) is true, but not both|The number of true statements is a (prime) number|The number of false statements is a (composite) number)\.?'",
    )
    .expect("valid")
});

fn is_prime(n: usize) -> bool {
    n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// Self-reference: the number of truth assignments under which every
/// statement's truth equals what it claims, by enumeration of all 2^n
/// assignments.
pub(super) fn self_reference(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let mut claims = Vec::new();
    for c in CLAIM.captures_iter(&e.question) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<usize>().ok());
        let claim = if let Some(k) = num(2) {
            Claim::AtLeastTrue(k)
        } else if let Some(k) = num(3) {
            Claim::AtMostFalse(k)
        } else if let Some(k) = num(4) {
            Claim::ExactlyTrue(k)
        } else if let Some(k) = num(5) {
            Claim::ExactlyFalse(k)
        } else if let (Some(a), Some(b)) = (num(6), num(7)) {
            Claim::Xor(a, b)
        } else if c.get(8).is_some() {
            Claim::TruePrime
        } else {
            Claim::FalseComposite
        };
        if num(1) != Some(claims.len() + 1) {
            return Err(meta_err("statements are not numbered 1, 2, ..."));
        }
        claims.push(claim);
    }
    let n = claims.len();
    if n == 0
        || n > 16
        || claims
            .iter()
            .any(|c| matches!(c, Claim::Xor(a, b) if *a == 0 || *b == 0 || *a > n || *b > n))
    {
        return Err(meta_err("the question's statements could not be read"));
    }
    cx.charge((n as u64) << n)?;
    let mut count = 0i64;
    for mask in 0u32..(1 << n) {
        let truth = |i: usize| mask & (1 << i) != 0;
        let t = mask.count_ones() as usize;
        let f = n - t;
        let consistent = claims.iter().enumerate().all(|(i, c)| {
            let holds = match *c {
                Claim::AtLeastTrue(k) => t >= k,
                Claim::AtMostFalse(k) => f <= k,
                Claim::ExactlyTrue(k) => t == k,
                Claim::ExactlyFalse(k) => f == k,
                Claim::Xor(a, b) => truth(a - 1) != truth(b - 1),
                Claim::TruePrime => is_prime(t),
                Claim::FalseComposite => f > 1 && !is_prime(f),
            };
            holds == truth(i)
        });
        count += i64::from(consistent);
    }
    Ok(match answer::parse_int(text) {
        Some(k) => Reward::from_bool(k == count).with_pred(k.to_string()),
        None => Reward::incorrect().with_detail("not an integer"),
    })
}

// ---------------------------------------------------------------------------
// Circuits.

/// Logic circuit: the output recomputed from `term_strings`, `final_gate`
/// and `assignments`.
pub(super) fn circuit_logic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let terms: Vec<String> = e.field("term_strings")?;
    let gate: String = e.field("final_gate")?;
    let assignments: std::collections::BTreeMap<String, u8> = e.field("assignments")?;
    let mut values = Vec::new();
    for term in &terms {
        cx.charge(term.len() as u64)?;
        let op = ['&', '↑', '⊕'].into_iter().find(|c| term.contains(*c));
        let mut lits = Vec::new();
        for lit in term.split(['&', '↑', '⊕']) {
            let lit = lit.trim();
            let (name, neg) = match lit.strip_suffix('\'') {
                Some(n) => (n, true),
                None => (lit, false),
            };
            let v =
                *assignments.get(name).ok_or_else(|| meta_err(format!("no input `{name}`")))? != 0;
            lits.push(v != neg);
        }
        values.push(match op {
            Some('&') | None => lits.iter().all(|&b| b),
            Some('↑') => !lits.iter().all(|&b| b),
            _ => lits.iter().fold(false, |a, &b| a ^ b),
        });
    }
    let out = match gate.as_str() {
        "OR" => values.iter().any(|&b| b),
        "NOR" => !values.iter().any(|&b| b),
        "XOR" => values.iter().fold(false, |a, &b| a ^ b),
        "AND" => values.iter().all(|&b| b),
        other => return Err(meta_err(format!("unknown gate `{other}`"))),
    };
    let said = match answer::norm(text).as_str() {
        "1" | "true" | "high" => Some(true),
        "0" | "false" | "low" => Some(false),
        _ => None,
    };
    Ok(match said {
        Some(b) => Reward::from_bool(b == out).with_pred(u8::from(b).to_string()),
        None => Reward::incorrect().with_detail("not 0 or 1"),
    })
}

// ---------------------------------------------------------------------------
// Propositional logic.

/// A propositional formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Formula {
    Var(u8),
    Not(Box<Self>),
    And(Box<Self>, Box<Self>),
    Or(Box<Self>, Box<Self>),
    Implies(Box<Self>, Box<Self>),
    Iff(Box<Self>, Box<Self>),
}

impl Formula {
    fn eval(&self, env: u32) -> bool {
        match self {
            Self::Var(v) => env & (1 << (v - b'A')) != 0,
            Self::Not(a) => !a.eval(env),
            Self::And(a, b) => a.eval(env) && b.eval(env),
            Self::Or(a, b) => a.eval(env) || b.eval(env),
            Self::Implies(a, b) => !a.eval(env) || b.eval(env),
            Self::Iff(a, b) => a.eval(env) == b.eval(env),
        }
    }

    fn vars(&self, out: &mut u32) {
        match self {
            Self::Var(v) => *out |= 1 << (v - b'A'),
            Self::Not(a) => a.vars(out),
            Self::And(a, b) | Self::Or(a, b) | Self::Implies(a, b) | Self::Iff(a, b) => {
                a.vars(out);
                b.vars(out);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Var(u8),
    Not,
    And,
    Or,
    Implies,
    Iff,
    Open,
    Close,
}

fn lex(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut rest = s;
    const SYMBOLS: &[(&str, Tok)] = &[
        ("<->", Tok::Iff),
        ("<=>", Tok::Iff),
        ("↔", Tok::Iff),
        ("⟷", Tok::Iff),
        ("->", Tok::Implies),
        ("=>", Tok::Implies),
        ("→", Tok::Implies),
        ("⟶", Tok::Implies),
        ("∧", Tok::And),
        ("&&", Tok::And),
        ("&", Tok::And),
        ("/\\", Tok::And),
        ("∨", Tok::Or),
        ("||", Tok::Or),
        ("|", Tok::Or),
        ("\\/", Tok::Or),
        ("¬", Tok::Not),
        ("~", Tok::Not),
        ("!", Tok::Not),
        ("(", Tok::Open),
        (")", Tok::Close),
    ];
    'outer: while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        for (sym, tok) in SYMBOLS {
            if let Some(r) = rest.strip_prefix(sym) {
                out.push(*tok);
                rest = r;
                continue 'outer;
            }
        }
        let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        let tok = match word.as_str() {
            "AND" | "and" => Tok::And,
            "OR" | "or" => Tok::Or,
            "NOT" | "not" => Tok::Not,
            w if w.len() == 1
                && w.as_bytes()[0].is_ascii_uppercase()
                && w.as_bytes()[0] - b'A' < 26 =>
            {
                Tok::Var(w.as_bytes()[0])
            }
            _ => return None,
        };
        out.push(tok);
        rest = &rest[word.len()..];
    }
    Some(out)
}

/// Parses a formula: `¬` binds tightest, then `∧`, `∨`, `→` (right
/// associative), `↔`. ASCII spellings (`~ & | -> <->`, `and`, `or`, `not`)
/// are accepted.
pub(crate) fn parse_formula(s: &str) -> Option<Formula> {
    let toks = lex(s)?;
    let mut i = 0;
    let f = iff(&toks, &mut i, 0)?;
    (i == toks.len()).then_some(f)
}

/// One level of a left-associative binary operator: `next (op next)*`.
fn chain(
    t: &[Tok],
    i: &mut usize,
    d: usize,
    op: &Tok,
    next: fn(&[Tok], &mut usize, usize) -> Option<Formula>,
    make: fn(Box<Formula>, Box<Formula>) -> Formula,
) -> Option<Formula> {
    let mut a = next(t, i, d)?;
    while t.get(*i) == Some(op) {
        *i += 1;
        a = make(Box::new(a), Box::new(next(t, i, d)?));
    }
    Some(a)
}

fn iff(t: &[Tok], i: &mut usize, d: usize) -> Option<Formula> {
    chain(t, i, d, &Tok::Iff, implies, Formula::Iff)
}

fn implies(t: &[Tok], i: &mut usize, d: usize) -> Option<Formula> {
    let a = or(t, i, d)?;
    if t.get(*i) == Some(&Tok::Implies) {
        *i += 1;
        return Some(Formula::Implies(Box::new(a), Box::new(implies(t, i, d + 1)?)));
    }
    Some(a)
}

fn or(t: &[Tok], i: &mut usize, d: usize) -> Option<Formula> {
    chain(t, i, d, &Tok::Or, and, Formula::Or)
}

fn and(t: &[Tok], i: &mut usize, d: usize) -> Option<Formula> {
    chain(t, i, d, &Tok::And, unary, Formula::And)
}

fn unary(t: &[Tok], i: &mut usize, d: usize) -> Option<Formula> {
    if d > 64 {
        return None;
    }
    match *t.get(*i)? {
        Tok::Not => {
            *i += 1;
            Some(Formula::Not(Box::new(unary(t, i, d + 1)?)))
        }
        Tok::Var(v) => {
            *i += 1;
            Some(Formula::Var(v))
        }
        Tok::Open => {
            *i += 1;
            let f = iff(t, i, d + 1)?;
            (t.get(*i) == Some(&Tok::Close)).then(|| *i += 1)?;
            Some(f)
        }
        _ => None,
    }
}

/// Propositional logic: the answer must follow from the premises (checked
/// by truth table) and must not be trivial: a tautology, or a premise
/// restated. reasoning-gym gives trivial answers 0.25 and, unlike here,
/// also counts any single entailed variable as trivial.
pub(super) fn propositional_logic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let premises: Vec<String> = e.field("premises")?;
    let variables: Vec<String> = e.field("variables")?;
    let premises: Vec<Formula> = premises
        .iter()
        .map(|p| parse_formula(p))
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("a premise could not be parsed"))?;
    let Some(conclusion) = parse_formula(text) else {
        return wrong("not a propositional formula");
    };
    let mut allowed = 0u32;
    for v in &variables {
        let b = v.as_bytes();
        if b.len() != 1 || !b[0].is_ascii_uppercase() {
            return Err(meta_err("variables must be single capital letters"));
        }
        allowed |= 1 << (b[0] - b'A');
    }
    let mut used = 0u32;
    conclusion.vars(&mut used);
    for p in &premises {
        p.vars(&mut used);
    }
    if used & !allowed != 0 {
        return wrong("uses a variable that is not in the puzzle");
    }
    let vars: Vec<u32> = (0..26).filter(|b| used & (1 << b) != 0).collect();
    if vars.len() > 20 {
        return Err(meta_err("too many variables"));
    }
    cx.charge(1u64 << vars.len())?;
    let (mut entailed, mut tautology) = (true, true);
    for mask in 0u32..(1 << vars.len()) {
        let env = vars
            .iter()
            .enumerate()
            .fold(0u32, |env, (i, b)| if mask & (1 << i) != 0 { env | (1 << b) } else { env });
        let c = conclusion.eval(env);
        tautology &= c;
        if premises.iter().all(|p| p.eval(env)) && !c {
            entailed = false;
            break;
        }
    }
    if !entailed {
        return wrong("does not follow from the premises");
    }
    if tautology {
        return wrong("trivial: a tautology");
    }
    if premises.contains(&conclusion) {
        return wrong("trivial: restates a premise");
    }
    Ok(Reward::correct())
}
