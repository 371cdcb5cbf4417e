//! [`MathVerifier`]: the [`Verifier`] for math rows, and its typed API.

use std::fmt;

use std::borrow::Cow;

use rlvr_core::extract::{Answer, Kind, Mode, Policy, Run};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

use crate::ast::Expr;
use crate::equiv::{Decision, Engine, Options, Stage};
use crate::parse::parse;

/// The containers a math answer may come in.
const KINDS: [Kind; 3] = [Kind::Boxed, Kind::AnswerTag, Kind::AnswerLine];
/// GSM8K rows also accept the dataset's own `#### X` answer line.
const GSM8K_KINDS: [Kind; 4] = [Kind::Boxed, Kind::AnswerTag, Kind::AnswerLine, Kind::HashLine];

/// The outcome of comparing a gold answer with a predicted one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Equivalence {
    /// The answers are equivalent; `stage` decided.
    Equal {
        /// The stage that decided.
        stage: Stage,
    },
    /// The answers differ; `stage` decided.
    Different {
        /// The stage that decided.
        stage: Stage,
    },
    /// The prediction could not be parsed as math.
    Unparseable {
        /// Why.
        reason: String,
    },
    /// Neither equal nor different could be shown within the guards (values
    /// too large to evaluate, no point where both sides are defined).
    Undecided {
        /// Why.
        reason: String,
    },
}

impl Equivalence {
    /// Whether the answers are equivalent.
    pub fn is_equal(&self) -> bool {
        matches!(self, Self::Equal { .. })
    }
}

impl fmt::Display for Equivalence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Equal { stage } => write!(f, "equal ({stage} stage)"),
            Self::Different { stage } => write!(f, "different ({stage} stage)"),
            Self::Unparseable { reason } => write!(f, "unparseable answer: {reason}"),
            Self::Undecided { reason } => write!(f, "undecided: {reason}"),
        }
    }
}

/// Grades math answers: Guru `math__*` rows, `openai/gsm8k` (gold after
/// `####`), `lighteval/MATH`, `math_dapo`, `aime*` and `numina_*`.
///
/// The answer is read with core's shared extraction policy (the last
/// `\boxed{}`, `<answer>` tag or answer line after the last `</think>`, a
/// trailing run of boxes as one answer; the lenient mode adds the whole
/// short answer, the last math environment and the last number). A gold
/// that is not a bare answer is read the same way (see the crate docs). It is parsed and compared
/// with the gold by exact arithmetic, error-bounded numerics or seeded
/// sample points; the deciding stage is reported in the reward's detail.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_math::MathVerifier;
///
/// let v = MathVerifier::new();
/// let s = Sample::new("math__math", "so the answer is $\\boxed{\\dfrac{1}{2}}$", "0.5");
/// let r = v.verify(&s, &Context::default())?;
/// assert!(r.is_correct());
/// assert_eq!(r.detail.as_deref(), Some("equal (exact stage)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MathVerifier {
    opts: Options,
    policy: Policy,
}

/// Builds a [`MathVerifier`] with non-default conventions.
///
/// # Example
/// ```
/// use rlvr_math::MathVerifier;
/// // By default a percentage also matches its bare number.
/// assert!(MathVerifier::new().equivalent("10\\%", "10")?.is_equal());
/// let v = MathVerifier::builder().percent_as_number(false).build();
/// assert!(!v.equivalent("10\\%", "10")?.is_equal());
/// // An explicit degree sign matches radians written with pi, either way;
/// // a bare number is no angle.
/// assert!(MathVerifier::new().equivalent("90^\\circ", "\\frac{\\pi}{2}")?.is_equal());
/// assert!(!MathVerifier::new().equivalent("90", "\\frac{\\pi}{2}")?.is_equal());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MathVerifierBuilder {
    v: MathVerifier,
}

impl MathVerifierBuilder {
    /// Whether a percentage also matches its bare number (`10\%` vs `10`,
    /// on either side). On by default; its value (`0.1`) always matches.
    #[must_use]
    pub fn percent_as_number(mut self, yes: bool) -> Self {
        self.v.opts.percent_as_number = yes;
        self
    }

    /// Whether every angle in degrees also matches the same angle in
    /// radians, whatever the other side looks like. Off by default: then an
    /// explicit degree sign matches radians written with `\pi`, on either
    /// side (`90^\circ` vs `\pi/2`), and is otherwise dropped (`90^\circ`
    /// matches `90`).
    #[must_use]
    pub fn degrees_as_radians(mut self, yes: bool) -> Self {
        self.v.opts.degrees_as_radians = yes;
        self
    }

    /// The significant digits a rounded decimal must show to match an exact
    /// value it approximates (`0.333` for `1/3` needs 3, the default), when
    /// [`decimal_approximations`](Self::decimal_approximations) is on.
    #[must_use]
    pub fn min_significant_digits(mut self, digits: u32) -> Self {
        self.v.opts.min_sig_digits = digits;
        self
    }

    /// Whether a rounded decimal answer may match an exact gold that it
    /// approximates (`3.14` for `\pi`, `0.333` for `\frac13`), at the
    /// precision it shows and with at least
    /// [`min_significant_digits`](Self::min_significant_digits). Off by
    /// default: an exact gold needs an exact answer. A row can switch it on
    /// for itself with `extra_info.decimal_approx = true`.
    #[must_use]
    pub fn decimal_approximations(mut self, yes: bool) -> Self {
        self.v.opts.decimal_approx = yes;
        self
    }

    /// The extraction caps.
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.v.policy = policy;
        self
    }

    /// The verifier.
    pub fn build(self) -> MathVerifier {
        self.v
    }
}

/// A gold answer, read once.
#[derive(Debug)]
enum Gold {
    /// A multiple-choice letter.
    Letter(char),
    Expr(Expr),
}

/// A gold answer with the text it was read from.
#[derive(Debug)]
struct ReadGold {
    gold: Gold,
    /// The answer text: the whole gold, or the final answer read out of it.
    text: String,
    /// Where the answer was read from, when it is not the whole gold.
    from: Option<&'static str>,
}

impl MathVerifier {
    /// A verifier with the default conventions.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for other conventions.
    pub fn builder() -> MathVerifierBuilder {
        MathVerifierBuilder::default()
    }

    /// Compares a gold answer with a predicted one (both raw answer
    /// strings, without `$…$` or `\boxed{}`), under a default budget.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when the gold cannot be read;
    /// [`Error::BudgetExceeded`] when the comparison runs out of budget.
    ///
    /// # Example
    /// ```
    /// use rlvr_math::{Equivalence, MathVerifier, Stage};
    /// let v = MathVerifier::new();
    /// assert_eq!(v.equivalent("\\frac{1}{2^{99}}", "2^{-98}")?, Equivalence::Different { stage: Stage::Exact });
    /// assert_eq!(v.equivalent("(x+1)^2", "x^2+2x+1")?, Equivalence::Equal { stage: Stage::Symbolic });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn equivalent(&self, gold: &str, pred: &str) -> Result<Equivalence, Error> {
        self.equivalent_in(gold, pred, &Context::default())
    }

    /// [`equivalent`](Self::equivalent) within the budget of `cx`.
    ///
    /// # Errors
    /// As [`equivalent`](Self::equivalent).
    pub fn equivalent_in(
        &self,
        gold: &str,
        pred: &str,
        cx: &Context,
    ) -> Result<Equivalence, Error> {
        let g = read_gold(gold, &self.policy)?;
        Self::decide(self.opts, &g.gold, &g.text, pred, cx)
    }

    /// Whether the lenient candidate `a` can be read as an answer to
    /// `gold` at all: a letter for a letter gold, an expression otherwise.
    fn readable(gold: &ReadGold, a: &Answer<'_>) -> bool {
        if a.kind == Kind::Whole {
            return whole_reading(gold, a.text).is_some();
        }
        let text = lenient_text(a);
        parses_for(&gold.gold, clean(&text))
    }

    fn decide(
        opts: Options,
        gold: &Gold,
        gold_raw: &str,
        pred: &str,
        cx: &Context,
    ) -> Result<Equivalence, Error> {
        cx.charge(1 + (gold_raw.len() + pred.len()) as u64 / 16)?;
        let pred = clean(pred);
        match gold {
            Gold::Letter(g) => {
                let stage = Stage::String;
                let letter = choice_letter(pred, true)
                    .or_else(|| after_is(pred).and_then(|t| choice_letter(t, true)));
                Ok(match letter {
                    Some(p) if p == *g => Equivalence::Equal { stage },
                    _ => Equivalence::Different { stage },
                })
            }
            Gold::Expr(g) => {
                let gs = clean(gold_raw);
                if gs == pred || norm_eq(gs, pred) {
                    return Ok(Equivalence::Equal { stage: Stage::String });
                }
                let p = match parse(pred) {
                    Ok(p) => p,
                    Err(e) => match after_is(pred).and_then(|t| parse(t).ok()) {
                        Some(p) => p,
                        None => return Ok(Equivalence::Unparseable { reason: e.0 }),
                    },
                };
                let engine = Engine { opts, cx };
                Ok(match engine.compare(g, &p)? {
                    Decision::Eq(stage) => Equivalence::Equal { stage },
                    Decision::Ne(stage) => Equivalence::Different { stage },
                    Decision::Undecided(reason) => Equivalence::Undecided { reason },
                })
            }
        }
    }
}

impl Verifier for MathVerifier {
    fn name(&self) -> &str {
        names::MATH
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let gold_raw = gold_text(&sample.ground_truth)?;
        let gold = read_gold(&gold_raw, &self.policy)?;
        let mode = Mode::for_sample(sample, cx, self.name())?;
        let kinds = kinds(&sample.data_source);
        let answer = match self
            .policy
            .extract_with(&sample.response, kinds, mode, |a| Self::readable(&gold, a))
        {
            Ok(a) => a,
            Err(none) => return Ok(none.reward()),
        };
        let mut notes = Vec::new();
        if let Some(from) = gold.from {
            notes.push(format!("gold read from its {from}"));
        }
        let parts = answer.run.parts();
        let pred: Cow<'_, str> = match answer.run {
            Run::Hedge { span } => {
                let detail = format!(
                    "hedged between {} boxes: {}",
                    parts.len().max(2),
                    rlvr_core::clip(span, 120)
                );
                return Ok(Reward::incorrect().with_pred(answer.text).with_detail(detail));
            }
            Run::List { .. } if parts.len() > 1 => {
                notes.push(format!("{} boxes read as one answer", parts.len()));
                parts.iter().map(|p| clean(p)).collect::<Vec<_>>().join(", ").into()
            }
            _ if answer.kind == Kind::Whole => {
                whole_reading(&gold, answer.text).unwrap_or_else(|| answer.text.into())
            }
            _ => lenient_text(&answer),
        };
        let mut opts = self.opts;
        // A row may allow decimal approximations of an exact gold for
        // itself (never forbid what the verifier allows).
        if sample.option_bool(self.name(), "decimal_approx")? == Some(true) {
            opts.decimal_approx = true;
        }
        let eq = Self::decide(opts, &gold.gold, &gold.text, &pred, cx)?;
        let reward = match &eq {
            Equivalence::Equal { .. } => Reward::correct(),
            Equivalence::Different { .. } => Reward::incorrect(),
            Equivalence::Unparseable { reason } if reason.starts_with("size limit") => {
                Reward::no_answer()
            }
            Equivalence::Unparseable { .. } => Reward::incorrect(),
            Equivalence::Undecided { .. } => Reward::timed_out(),
        };
        let mut detail = eq.to_string();
        for note in notes {
            detail.push_str("; ");
            detail.push_str(&note);
        }
        Ok(reward.with_pred(pred.into_owned()).with_detail(detail))
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let gold = gold_text(&sample.ground_truth)?;
        read_gold(&gold, &self.policy).map(|_| ())
    }
}

/// A number found by the lenient fallback with its decimal comma as a
/// point (`1000,99` → `1000.99`), where core's finder read one: the parser
/// would otherwise read `3,5` as a list of two numbers. Thousands
/// (`1,000`, `1{,}000`) are left as they are.
fn point_for_comma(number: &str) -> Cow<'_, str> {
    match rlvr_core::extract::decimal_comma(number) {
        Some(k) => format!("{}.{}", &number[..k], &number[k + 1..]).into(),
        None => number.into(),
    }
}

/// The text of an answer as the parser should see it: a number found by
/// the lenient fallback with its decimal comma as a point, and a whole
/// short answer without its math delimiters (`-$\\frac{10}{9}$` is
/// `-\\frac{10}{9}`: the sign outside the math is part of the answer, and
/// the math environment alone would drop it).
fn lenient_text<'a>(a: &Answer<'a>) -> Cow<'a, str> {
    match a.kind {
        Kind::Number => point_for_comma(a.text),
        Kind::Whole => without_math_delimiters(a.text),
        _ => a.text.into(),
    }
}

/// `s` with its unescaped `$`, `\(`, `\)`, `\[` and `\]` removed.
fn without_math_delimiters(s: &str) -> Cow<'_, str> {
    if !s.contains('$') && !s.contains("\\(") && !s.contains("\\[") {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some('(' | ')' | '[' | ']') => {
                    chars.next();
                }
                Some(&n) => {
                    out.push(c);
                    out.push(n);
                    chars.next();
                }
                None => out.push(c),
            },
            '$' => {}
            _ => out.push(c),
        }
    }
    out.into()
}

/// Whether `t` reads as an answer to `gold`: a letter for a letter gold, an
/// expression otherwise (directly or after its last ` is `).
fn parses_for(gold: &Gold, t: &str) -> bool {
    match gold {
        Gold::Letter(_) => {
            choice_letter(t, true).is_some()
                || after_is(t).is_some_and(|x| choice_letter(x, true).is_some())
        }
        Gold::Expr(_) => parse(t).is_ok() || after_is(t).is_some_and(|x| parse(x).is_ok()),
    }
}

/// How a whole short answer is read, if it can be: without its math
/// delimiters when it is not prose (`-$\frac{10}{9}$`); as it is when the
/// gold is itself words (`does not exist` against `\text{DNE}`) or a
/// letter (`The answer is A.`); else the math after its last prose word
/// (`So we get \frac{12}{7}.` reads `\frac{12}{7}`), unless that word is
/// a negation (`5, not 6`) or the math is a list (`between 1 and 2`, `3,5`:
/// the last number decides those). `None`: the next lenient candidate is
/// tried.
fn whole_reading<'a>(gold: &ReadGold, text: &'a str) -> Option<Cow<'a, str>> {
    let bare = without_math_delimiters(text);
    let t = clean(&bare);
    // A gold in words is compared with the words, whatever the parser
    // makes of them.
    if prose(t) && word_gold(&gold.text) {
        // Plain words are text: `does not exist` is `\text{does not exist}`.
        let plain = !t.contains(['\\', '$', '{', '}']);
        return Some(if plain { format!("\\text{{{t}}}").into() } else { t.to_owned().into() });
    }
    // A hedge or qualifier (`42\text{ (or 52 if …)}`, `about 5 hours`) is
    // read whole and graded wrong, never reduced to a number inside it.
    if hedged(t, prose(t)) {
        return Some(t.to_owned().into());
    }
    if !prose(t) || matches!(gold.gold, Gold::Letter(_)) {
        let t = t.to_owned();
        return parses_for(&gold.gold, &t).then_some(t.into());
    }
    let (word, tail) = prose_tail(t);
    let tail = clean(tail.trim_start_matches([',', ':', ';']));
    let listed = tail.contains([',', ';'])
        || tail
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"));
    if tail.is_empty() || listed || ["not", "never", "nor", "than", "or"].contains(&word.as_str()) {
        return None;
    }
    parses_for(&gold.gold, tail).then(|| tail.to_owned().into())
}

/// Words that hedge even inside a sentence.
const STRONG_HEDGES: [&str; 14] = [
    "about",
    "approximately",
    "approx",
    "roughly",
    "around",
    "nearly",
    "almost",
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "least",
    "most",
    "either",
];

/// Whether a whole short answer hedges or qualifies: for an answer-like
/// string, any word the unit reader refuses as a hedge (`or`, `more`, `if`,
/// …, inside `\text{}` too; `and` lists); in a sentence, a strong hedge
/// only (`about`, `at least`, `maybe`).
fn hedged(t: &str, sentence: bool) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let len = b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if len == 0 {
            i += 1;
            continue;
        }
        let command = i > 0 && b[i - 1] == b'\\';
        let w = t[i..i + len].to_ascii_lowercase();
        i += len;
        if command || w == "and" {
            continue;
        }
        let hedge = if sentence {
            STRONG_HEDGES.contains(&w.as_str())
        } else {
            !crate::units::is_unit_phrase(&w)
        };
        if hedge {
            return true;
        }
    }
    false
}

/// Whether a gold answer is words (`\text{DNE}`, `\text{Sunday}`,
/// `\emptyset`) and no number, so that a prose answer is compared with it
/// whole.
fn word_gold(gold: &str) -> bool {
    // A number with a unit (`5\text{ hours}`) is not words.
    if gold.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if gold.contains("\\emptyset") || gold.contains("\\varnothing") || prose(gold) {
        return true;
    }
    // Words inside a text command: `\text{DNE}`, `\textbf{Sunday}`.
    ["\\text{", "\\textbf{", "\\textrm{", "\\mathrm{", "\\mbox{"].iter().any(|w| {
        gold.match_indices(w).any(|(at, _)| {
            let inner = &gold[at + w.len()..];
            let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
            inner.split(|c: char| !c.is_ascii_alphabetic()).any(|word| word.len() >= 3)
        })
    })
}

/// The containers accepted for a data source.
fn kinds(data_source: &str) -> &'static [Kind] {
    if data_source.contains("gsm8k") { &GSM8K_KINDS } else { &KINDS }
}

/// The gold answer string of a row: a string (after `####` for GSM8K), a
/// number, or the first element of a list.
fn gold_text(v: &Value) -> Result<String, Error> {
    let bad = |why: &str| Error::invalid_ground_truth(names::MATH, why);
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            return items.first().ok_or_else(|| bad("empty list")).and_then(gold_text);
        }
        Value::Null => return Err(bad("missing")),
        _ => return Err(bad("not a string, a number or a list")),
    };
    let s = match s.rfind("####") {
        Some(at) => s[at + 4..].trim().to_owned(),
        None => s.trim().to_owned(),
    };
    if s.is_empty() {
        return Err(bad("empty string"));
    }
    if s.len() > 64 << 10 {
        return Err(bad("over 64 KiB"));
    }
    Ok(s)
}

/// Reads a gold answer.
///
/// A gold that holds a `\boxed{}` (a worked solution, `So the answer is:
/// \[ \boxed{32349} \]`, `\(\boxed{C}\).`) is read the way a response is:
/// its last box, or its last run of boxes as one answer. A gold that is
/// not a bare answer and has no box (`The answer is $\frac{1}{2}$.`) is
/// read from its answer line or phrase, else, as in lenient extraction,
/// from the whole short text, its last math environment or its last
/// number. A bare answer is read as it is.
fn read_gold(gold: &str, policy: &Policy) -> Result<ReadGold, Error> {
    let bare = |text: &str| -> Result<Gold, String> {
        let g = clean(text);
        if let Some(c) = choice_letter(g, false) {
            return Ok(Gold::Letter(c));
        }
        parse(g).map(Gold::Expr).map_err(|e| e.0)
    };
    let bad = |why: String| {
        Error::invalid_ground_truth(names::MATH, format!("cannot parse `{}`: {why}", short(gold)))
    };
    if gold.contains("\\boxed") || gold.contains("\\fbox") {
        let a =
            policy.extract(gold, &[Kind::Boxed], Mode::Strict).map_err(|e| bad(e.to_string()))?;
        let parts = a.run.parts();
        let text = match a.run {
            Run::Hedge { .. } => return Err(bad("the gold hedges between boxes".into())),
            Run::List { .. } if parts.len() > 1 => {
                parts.iter().map(|p| clean(p)).collect::<Vec<_>>().join(", ")
            }
            _ => a.text.to_owned(),
        };
        let from = if parts.len() > 1 { "run of boxes" } else { "\\boxed{}" };
        return bare(&text).map(|gold| ReadGold { gold, text, from: Some(from) }).map_err(bad);
    }
    let first_error = match bare(gold) {
        Ok(g) => return Ok(ReadGold { gold: g, text: gold.to_owned(), from: None }),
        Err(e) => e,
    };
    // No number fallback for a gold (`\\sum_{k=0}^{n-2}` is no answer `-2`),
    // and a sentence is never read whole.
    let kinds = [Kind::AnswerLine, Kind::AnswerPhrase];
    let readable = |a: &Answer<'_>| {
        matches!(a.kind, Kind::AnswerLine | Kind::AnswerPhrase | Kind::MathEnv)
            && (bare(a.text).is_ok() || after_is(clean(a.text)).is_some_and(|t| bare(t).is_ok()))
    };
    match policy.extract_with(gold, &kinds, Mode::Lenient, readable) {
        Ok(a) if readable(&a) => {
            let text = match bare(a.text) {
                Ok(_) => a.text,
                Err(_) => after_is(clean(a.text)).unwrap_or(a.text),
            };
            // `The escape speed is $4\times 10^{4}$ m/s.`: the unit after
            // the math is part of the gold.
            if a.kind == Kind::MathEnv
                && let Some(unit) = unit_after(gold, a.text)
            {
                let with_unit = format!("{text}\\text{{ {unit}}}");
                if let Ok(g) = bare(&with_unit) {
                    return Ok(ReadGold { gold: g, text: with_unit, from: Some(a.kind.name()) });
                }
            }
            let g = bare(text).map_err(|_| bad(first_error))?;
            Ok(ReadGold { gold: g, text: text.to_owned(), from: Some(a.kind.name()) })
        }
        _ => Err(bad(first_error)),
    }
}

/// The unit word right after the math environment whose content is
/// `content` (a slice of `text`): one word such as `m/s`, `cm^2` or
/// `square units`, ending the sentence.
fn unit_after<'a>(text: &'a str, content: &str) -> Option<&'a str> {
    let end = content.as_ptr() as usize - text.as_ptr() as usize + content.len();
    let rest = text.get(end..)?.trim_start();
    let rest = ["$$", "$", "\\)", "\\]"].iter().find_map(|d| rest.strip_prefix(d))?;
    let sentence = rest.split(['.', ',', ';', '\n', '(']).next()?.trim();
    let (first, second) = match sentence.split_once(' ') {
        Some((a, b)) if ["square", "cubic"].contains(&a) => (a, Some(b)),
        Some(_) => return None,
        None => (sentence, None),
    };
    let unitish = |w: &str| {
        !w.is_empty()
            && w.len() <= 12
            && w.starts_with(|c: char| c.is_ascii_alphabetic())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || "/^·-".contains(c))
    };
    const NOT_UNITS: [&str; 16] = [
        "or", "and", "is", "are", "so", "which", "then", "when", "if", "for", "in", "of", "to",
        "the", "as", "at",
    ];
    (unitish(first) && second.is_none_or(unitish) && !NOT_UNITS.contains(&first))
        .then_some(sentence)
}

/// Words that may stand in a short answer without making it prose.
const ANSWER_WORDS: [&str; 28] = [
    "and", "or", "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "log", "ln", "exp", "sqrt", "pi", "mod", "gcd", "lcm", "max", "min", "det",
    "inf", "infty", "dne",
];

/// What the prose readers see in a short answer: a digit anywhere, or a
/// run of ASCII letters outside LaTeX commands and their braces.
enum Piece {
    Digit,
    /// The byte range of the word.
    Word(usize, usize),
}

/// The pieces of `s`, in order (see [`Piece`]).
fn pieces(s: &str) -> impl Iterator<Item = Piece> + '_ {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            match b[i] {
                b'\\' => {
                    i += 1 + b[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .count()
                        .max(1);
                    continue;
                }
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                c if c.is_ascii_digit() => {
                    i += 1;
                    return Some(Piece::Digit);
                }
                c if c.is_ascii_alphabetic() && depth == 0 => {
                    let start = i;
                    i += b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                    return Some(Piece::Word(start, i));
                }
                _ => {}
            }
            i += 1;
        }
        None
    })
}

/// The last prose word of `s` (lowercased) and the text after it.
fn prose_tail(s: &str) -> (String, &str) {
    let mut last = (String::new(), 0);
    for piece in pieces(s) {
        if let Piece::Word(a, z) = piece {
            let word = s[a..z].to_ascii_lowercase();
            if z - a >= 2 && !ANSWER_WORDS.contains(&word.as_str()) {
                last = (word, z);
            }
        }
    }
    (last.0, s.get(last.1..).unwrap_or(""))
}

/// Whether a short answer reads as prose: a word (two or more letters, not
/// a math word, outside commands and their braces) before its first digit,
/// or three or more words of three or more letters; a single word is not
/// prose. `The answer is A`,
/// `Answer $ 9 $` and `about 5 hours` are prose; `-\frac{10}{9}`, `2xy`,
/// `5 cm`, `5 hours`, `1 and 2` are not (a value and its unit words are
/// for the parser to read).
fn prose(s: &str) -> bool {
    // One word (`seven`, `DNE`) is an answer for the parser to read.
    if s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut seen_digit = false;
    let mut long_words = 0;
    for piece in pieces(s) {
        let (a, z) = match piece {
            Piece::Digit => {
                seen_digit = true;
                continue;
            }
            Piece::Word(a, z) => (a, z),
        };
        let word = s[a..z].to_ascii_lowercase();
        let math = ANSWER_WORDS.contains(&word.as_str());
        if z - a >= 2 && !math && !seen_digit {
            return true;
        }
        if z - a >= 3 && !math {
            long_words += 1;
            if long_words >= 3 {
                return true;
            }
        }
    }
    false
}

fn short(s: &str) -> Cow<'_, str> {
    rlvr_core::clip(s, 80)
}

/// An answer sentence's value: `The largest $n$ is 34` reads `34` (the
/// text after the last ` is `, cleaned), for answer lines written as prose.
fn after_is(s: &str) -> Option<&str> {
    let at = s.rfind(" is ")?;
    let t = clean(&s[at + 4..]);
    (!t.is_empty()).then_some(t)
}

/// Trims an answer: the Minerva template's closing sentence (`… is $X$. I
/// hope it is correct.`), spaces, a final period, surrounding `$`.
fn clean(s: &str) -> &str {
    let mut s = s.trim();
    if let Some(at) = s.find("I hope it is correct") {
        s = s[..at].trim();
    }
    loop {
        let before = s.len();
        s = s.trim_end_matches(['.', '。']).trim();
        if let Some(inner) = s.strip_prefix("$$").and_then(|x| x.strip_suffix("$$")) {
            s = inner.trim();
        } else if let Some(inner) = s.strip_prefix('$').and_then(|x| x.strip_suffix('$')) {
            s = inner.trim();
        } else if let Some(inner) = s.strip_prefix("\\(").and_then(|x| x.strip_suffix("\\)")) {
            s = inner.trim();
        } else if let Some(inner) = s.strip_prefix("\\[").and_then(|x| x.strip_suffix("\\]")) {
            s = inner.trim();
        }
        if s.len() == before {
            return s;
        }
    }
}

/// A multiple-choice letter `A`–`J` in the forms `B`, `(B)`, `\text{(B)}`,
/// `\textbf{B}`, `\mathrm{B}`, `**B**`. A prediction may also lead with
/// the letter: `(B) 12`, `B) 12`, `B. 12`, `Option B`.
pub(crate) fn choice_letter(s: &str, pred: bool) -> Option<char> {
    let mut t = s.trim();
    for _ in 0..6 {
        let before = t.len();
        for w in ["\\text", "\\textbf", "\\mathrm", "\\mathbf", "\\textrm", "\\mbox", "\\mathit"] {
            if let Some(inner) = t.strip_prefix(w).and_then(|x| x.trim_start().strip_prefix('{')) {
                if let Some(inner) = inner.strip_suffix('}') {
                    t = inner.trim();
                } else if pred {
                    // `\text{(B)} 12`: the wrapper closes before the rest.
                    if let Some(end) = inner.find('}') {
                        t = inner[..end].trim();
                    }
                }
            }
        }
        for (a, b) in [("(", ")"), ("**", "**"), ("[", "]"), ("{", "}")] {
            if let Some(inner) = t.strip_prefix(a).and_then(|x| x.strip_suffix(b)) {
                t = inner.trim();
            }
        }
        if pred {
            let lower = t.to_ascii_lowercase();
            for p in ["option ", "choice ", "answer "] {
                if lower.starts_with(p) {
                    t = t[p.len()..].trim();
                }
            }
        }
        if t.len() == before {
            break;
        }
    }
    let letter = |c: char| ('A'..='J').contains(&c);
    let mut chars = t.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if letter(first) && rest.is_empty() {
        return Some(first);
    }
    if !pred {
        return None;
    }
    // Leading forms: `(B) 12`, `B) 12`, `B. 12`, `B: 12`, unless what
    // follows offers another option or hedges (`(C) and (Decision)`, `(B) (or
    // 7 if …)`).
    let (l, after) = if first == '(' {
        let mut c2 = rest.chars();
        let l = c2.next()?;
        if !(letter(l) && c2.next() == Some(')')) {
            return None;
        }
        (l, c2.as_str())
    } else if letter(first) && rest.starts_with([')', '.', ':']) {
        (first, &rest[1..])
    } else {
        return None;
    };
    let another = after.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        let lower = w.to_ascii_lowercase();
        lower == "and"
            || lower == "or"
            || !crate::units::is_unit_phrase(&lower)
                && !w.is_empty()
                && w.bytes().all(|b| b.is_ascii_alphabetic())
    }) || after.contains('(') && after.chars().any(letter);
    (!another).then_some(l)
}

/// Whether two answers have the same normal form. The common prefix of
/// plain ASCII bytes (no backslash, no space: nothing normalising touches)
/// is skipped with a byte comparison first.
fn norm_eq(a: &str, b: &str) -> bool {
    let n = a
        .bytes()
        .zip(b.bytes())
        .take_while(|&(x, y)| x == y && x.is_ascii() && x != b'\\' && !x.is_ascii_whitespace())
        .count();
    Norm(&a[n..]).eq(Norm(&b[n..]))
}

/// The string stage's normal form, as a stream of characters: no spaces,
/// no layout commands, one `\frac` spelling. Streamed, so two answers are
/// compared without copying them and stop at their first difference.
struct Norm<'a>(&'a str);

impl Iterator for Norm<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        const DROP: [&str; 7] = ["\\left", "\\right", "\\displaystyle", "\\!", "\\,", "\\;", "\\ "];
        'chars: loop {
            let c = self.0.chars().next()?;
            if c == '\\' {
                for d in DROP {
                    if let Some(rest) = self.0.strip_prefix(d) {
                        self.0 = rest;
                        continue 'chars;
                    }
                }
                // `\dfrac` and `\tfrac` read as `\frac`: emit the
                // backslash and skip the `d` or `t`.
                if self.0.starts_with("\\dfrac") || self.0.starts_with("\\tfrac") {
                    self.0 = &self.0[2..];
                    return Some('\\');
                }
            }
            self.0 = &self.0[c.len_utf8()..];
            if !c.is_whitespace() {
                return Some(c);
            }
        }
    }
}
