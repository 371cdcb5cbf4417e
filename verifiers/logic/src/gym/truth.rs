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

/// The role words of one puzzle: its own pair (from the metadata's
/// `knight_knave_terms`, else the question's "Xs always tell the truth"),
/// which wins, and the fixed synonym table, whose words each have one
/// polarity in every reasoning-gym puzzle.
#[derive(Debug, Default)]
struct RoleWords {
    own: Vec<(String, bool)>,
}

static TELLS_TRUTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z-]+) always tell the truth").expect("valid"));
static ALWAYS_LIE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z-]+) always lie").expect("valid"));

impl RoleWords {
    fn of(e: &Entry) -> Self {
        let mut own = Vec::new();
        if let Some(t) = e.metadata.get("knight_knave_terms") {
            for (k, is_knight) in [("knight", true), ("knave", false)] {
                if let Some(w) = t.get(k).and_then(Value::as_str) {
                    own.push((w.to_lowercase(), is_knight));
                }
            }
        }
        if own.is_empty() {
            for (re, is_knight) in [(&*TELLS_TRUTH, true), (&*ALWAYS_LIE, false)] {
                if let Some(c) = re.captures(&e.question) {
                    own.push((c[1].to_lowercase(), is_knight));
                }
            }
        }
        Self { own }
    }

    /// `Some(true)` for a knight word, `Some(false)` for a knave word, in
    /// the singular or a plural (`heros`, `heroes`, `knights`).
    fn role(&self, word: &str) -> Option<bool> {
        let mut forms = vec![word.to_owned()];
        for suffix in ["es", "s"] {
            if let Some(s) = word.strip_suffix(suffix) {
                forms.push(s.to_owned());
            }
        }
        for f in &forms {
            if let Some((_, r)) = self.own.iter().find(|(t, _)| t == f) {
                return Some(*r);
            }
        }
        forms.iter().find_map(|f| {
            if KNIGHT_WORDS.contains(&f.as_str()) {
                Some(true)
            } else if KNAVE_WORDS.contains(&f.as_str()) {
                Some(false)
            } else {
                None
            }
        })
    }
}

/// One token of a knights-and-knaves answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KkTok {
    Word(String),
    /// A clause separator: `,` `;` `.` a line break, `|`.
    Sep,
    /// `:` `=` or a free-standing dash or arrow between a name and a role.
    Colon,
    /// Any other character: the answer is not read.
    Other(char),
}

/// Words that may open an answer before its first clause.
const LEAD_IN: &[&str] = &[
    "answer",
    "final",
    "the",
    "is",
    "so",
    "therefore",
    "thus",
    "hence",
    "in",
    "conclusion",
    "solution",
];

/// The most tokens read from one answer.
const MAX_KK_TOKENS: usize = 4_096;

fn kk_tokens(text: &str) -> Option<Vec<KkTok>> {
    let lower = text.to_lowercase();
    let mut s = lower.replace("n't", " not").replace("truth teller", "truth-teller");
    for cmd in ["\\textbf", "\\text", "\\mathrm", "\\quad", "\\\\"] {
        s = s.replace(cmd, " ");
    }
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() > MAX_KK_TOKENS {
            return None;
        }
        if c.is_alphanumeric() {
            let mut w = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_alphanumeric() || (d == '-' && w.chars().all(char::is_alphabetic)) {
                    w.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let w = w.trim_end_matches('-').to_owned();
            out.push(KkTok::Word(w));
            continue;
        }
        out.push(match c {
            ',' | ';' | '.' | '\n' | '|' => KkTok::Sep,
            ':' | '=' | '–' | '—' | '→' => KkTok::Colon,
            '-' => {
                if chars.peek() == Some(&'>') {
                    chars.next();
                }
                KkTok::Colon
            }
            // Quotes, brackets and emphasis around names and roles.
            c if c.is_whitespace() || "\"'`*_{}[]()$“”‘’•".contains(c) => continue,
            other => KkTok::Other(other),
        });
    }
    Some(out)
}

/// Reads a knights-and-knaves answer whole: every clause must be
/// `<names> is/are [not] [a/an] <role>` (`Ann is a knight`, `Ann and Bob
/// are knaves`, `Ann is not a knave`), `<name>: <role>`, or `<Roles>:
/// <names>`, separated by commas, semicolons, periods, lines or `and`.
/// Returns each person's role (`true` for a truth-teller), or why the text
/// is not read. A disjunction, a hedge, an unknown name or word, or one
/// person given both roles is not an answer.
fn read_roles(text: &str, names: &[String], words: &RoleWords) -> Result<Vec<bool>, String> {
    let toks = kk_tokens(text).ok_or("the answer is too long")?;
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let mut roles: Vec<Option<bool>> = vec![None; names.len()];
    let word = |i: usize| match toks.get(i) {
        Some(KkTok::Word(w)) => Some(w.as_str()),
        _ => None,
    };
    let name_at = |i: usize| word(i).and_then(|w| lower.iter().position(|n| n == w));
    let is_sep = |i: usize| matches!(toks.get(i), Some(KkTok::Sep)) || word(i) == Some("and");
    // After a name: more names joined by `,` / `and` / `, and`.
    let name_list = |mut i: usize, out: &mut Vec<usize>| -> usize {
        loop {
            let mut j = i;
            while is_sep(j) && j < i + 2 {
                j += 1;
            }
            match name_at(j) {
                Some(n) if j > i => {
                    out.push(n);
                    i = j + 1;
                }
                _ => return i,
            }
        }
    };
    let mut assign = |who: &[usize], role: bool| -> Result<(), String> {
        for &p in who {
            if roles[p].is_some_and(|r| r != role) {
                return Err(format!("{} is given both roles", names[p]));
            }
            roles[p] = Some(role);
        }
        Ok(())
    };
    // A lead-in before the first clause (`**Answer:**`, `So, in
    // conclusion:`) says nothing about roles.
    let mut i = toks
        .iter()
        .position(|t| match t {
            KkTok::Word(w) => !LEAD_IN.contains(&w.as_str()),
            KkTok::Other(_) => true,
            KkTok::Sep | KkTok::Colon => false,
        })
        .unwrap_or(toks.len());
    // The people of the last `<names> is ...` clause.
    let mut last: Vec<usize> = Vec::new();
    loop {
        // Separators, bullets and list numbers between clauses.
        while i < toks.len()
            && (is_sep(i)
                || matches!(toks.get(i), Some(KkTok::Colon))
                || word(i).is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        if i >= toks.len() {
            break;
        }
        if let Some(first) = name_at(i) {
            let mut who = vec![first];
            i = name_list(i + 1, &mut who);
            let plural = match (word(i), toks.get(i)) {
                (Some("is"), _) => false,
                (Some("are"), _) => true,
                (_, Some(KkTok::Colon)) => who.len() > 1,
                _ => return Err("a name is not followed by `is`, `are` or `:`".into()),
            };
            if !plural && who.len() > 1 {
                return Err("several names with `is`".into());
            }
            i += 1;
            let negated = word(i) == Some("not");
            i += usize::from(negated);
            if matches!(word(i), Some("a" | "an"))
                || (plural && matches!(word(i), Some("both" | "all")))
            {
                i += 1;
            }
            let role =
                word(i).and_then(|w| words.role(w)).ok_or("a clause does not end in a role")?;
            i += 1;
            assign(&who, role != negated)?;
            // A restatement in other words: `a knight (truth-teller)`.
            while let Some(again) = word(i).and_then(|w| words.role(w)) {
                assign(&who, again)?;
                i += 1;
            }
            last = who;
        } else if word(i) == Some("not") && !last.is_empty() {
            // `Ann is a knight, not a knave`: the same people again.
            i += 1;
            if matches!(word(i), Some("a" | "an")) {
                i += 1;
            }
            let role = word(i).and_then(|w| words.role(w)).ok_or("`not` without a role")?;
            i += 1;
            assign(&last, !role)?;
        } else if let Some(role) = word(i).and_then(|w| words.role(w)) {
            // `Knights: Ann, Bob` (or `none`).
            if !matches!(toks.get(i + 1), Some(KkTok::Colon)) {
                return Err("a role word is not followed by `:`".into());
            }
            i += 2;
            if word(i) == Some("none") {
                i += 1;
            } else {
                let first = name_at(i).ok_or("a role list without names")?;
                let mut who = vec![first];
                i = name_list(i + 1, &mut who);
                assign(&who, role)?;
            }
        } else {
            return Err(match toks.get(i) {
                Some(KkTok::Word(w)) => format!("`{w}` is neither a person nor a role"),
                Some(KkTok::Other(c)) => format!("unexpected `{c}`"),
                _ => "unexpected punctuation".to_owned(),
            });
        }
        // Each clause ends at a separator or the end.
        if i < toks.len() && !is_sep(i) {
            return Err(match toks.get(i) {
                Some(KkTok::Word(w)) => format!("unexpected `{w}` after a role"),
                Some(KkTok::Other(c)) => format!("unexpected `{c}` after a role"),
                _ => "unexpected `:` after a role".to_owned(),
            });
        }
    }
    roles
        .iter()
        .enumerate()
        .map(|(p, r)| r.ok_or_else(|| format!("{} is given no role", names[p])))
        .collect()
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

/// Knights and knaves: every named person gets exactly one role, read from
/// the whole answer (see [`read_roles`]: negations read, disjunctions and
/// anything unread rejected), and the assignment makes every knight's
/// statement true and every knave's false. Any consistent assignment is
/// correct; a half-right one is wrong (reasoning-gym gives it 0.65).
pub(super) fn knights_knaves(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let names: Vec<String> = e.field("names")?;
    let statements: Vec<Value> = e.field("statements")?;
    if names.is_empty() || names.len() != statements.len() || names.len() > 64 {
        return Err(meta_err("names and statements differ in number"));
    }
    cx.charge(text.len() as u64)?;
    let words = RoleWords::of(e);
    let text = answer::strip_preamble(text);
    let roles = match read_roles(text, &names, &words) {
        Ok(r) => r,
        Err(why) => return wrong(format!("not read as one role per person: {why}")),
    };
    let shown = names
        .iter()
        .zip(&roles)
        .map(|(n, &r)| format!("{n}: {}", if r { "truth-teller" } else { "liar" }))
        .collect::<Vec<_>>()
        .join(", ");
    for (i, s) in statements.iter().enumerate() {
        cx.charge(1)?;
        if statement(s, &roles, 0)? != roles[i] {
            let role = if roles[i] { "truth-teller" } else { "liar" };
            return Ok(Reward::incorrect().with_pred(shown).with_detail(format!(
                "{} cannot be a {role}: the statement's truth disagrees",
                names[i]
            )));
        }
    }
    Ok(Reward::correct().with_pred(shown))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn propositional_formulas_parse_in_both_notations() {
        let f = parse_formula;
        assert_eq!(f("(P ∨ Q) → ¬R"), f("(P | Q) -> ~R"));
        assert_eq!(f("P ∧ Q ∨ R"), f("(P and Q) or R"));
        assert!(f("P ∧").is_none());
        assert!(f("p").is_none());
    }
}
