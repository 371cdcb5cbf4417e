//! Multiple choice: GPQA and SuperGPQA letters.

use rlvr_core::extract::{Kind, Mode, Policy};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// The letter (or letters) read from an answer.
///
/// # Example
/// ```
/// use rlvr_science::{Choice, read_choice};
/// assert_eq!(read_choice("\\text{(C)}", 'J'), Choice::One('C'));
/// assert_eq!(read_choice("\\textbf{B}", 'J'), Choice::One('B'));
/// assert_eq!(read_choice("B) 12 m/s", 'J'), Choice::One('B'));
/// assert_eq!(read_choice("\\boxed{c}", 'J'), Choice::One('C'));
/// assert_eq!(read_choice("I believe it is H", 'J'), Choice::One('H'));
/// assert_eq!(read_choice("A was tempting. Final Answer: B", 'J'), Choice::One('B'));
/// // A letter outside an answer form is not read: a unit, a negation.
/// assert_eq!(read_choice("2.5 J", 'J'), Choice::OutsideForm('J'));
/// assert_eq!(read_choice("not A", 'J'), Choice::OutsideForm('A'));
/// // The reference picks `B` here (the first letter of A..J contained in
/// // the text); here `C` is prose, not an answer form.
/// assert_eq!(read_choice("Both C", 'J'), Choice::OutsideForm('C'));
/// assert_eq!(read_choice("A or C", 'J'), Choice::Several(vec!['A', 'C']));
/// assert_eq!(read_choice("none of these", 'J'), Choice::None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Choice {
    /// Exactly one letter.
    One(char),
    /// Several different letters: a hedge, graded incorrect.
    Several(Vec<char>),
    /// A letter that appears only outside an answer form: a unit (`5
    /// A`), a negation (`not A`), prose (`Both C`). It is not an answer,
    /// graded incorrect.
    OutsideForm(char),
    /// No letter at all.
    None,
}

/// Wrappers whose content is the answer.
const WRAPPERS: [&str; 9] = [
    "\\textbf", "\\textrm", "\\textit", "\\text", "\\mathrm", "\\mathbf", "\\mathit", "\\mbox",
    "\\boxed",
];

/// Unwraps `\text{…}` and friends anywhere, and drops markdown emphasis,
/// `$` and `\(`/`\)`.
fn unwrap(s: &str) -> String {
    let mut out = s.to_owned();
    for w in WRAPPERS {
        while let Some(at) = out.find(w) {
            let after = &out[at + w.len()..];
            let trimmed = after.trim_start();
            if let Some(body) = trimmed.strip_prefix('{') {
                let skip = after.len() - trimmed.len();
                let mut depth = 1usize;
                let mut end = None;
                for (i, c) in body.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(i);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else { break };
                let inner = body[..end].to_owned();
                let rest = body[end + 1..].to_owned();
                let _ = skip;
                out = format!("{}{inner}{rest}", &out[..at]);
            } else {
                out = format!("{}{}", &out[..at], after);
            }
        }
    }
    out.replace("**", "").replace(['$', '*'], "").replace("\\(", "").replace("\\)", "")
}

/// Words that, right before a letter that ends the answer, introduce it
/// as the answer: `it is H`, `I would go with C`, `option D`.
const INTRO: [&str; 14] = [
    "is", "be", "option", "choice", "answer", "select", "choose", "chose", "pick", "picked",
    "with", "selected", "chosen", "letter",
];

/// Words and signs that link two letters into a hedge: `A or C`, `B and
/// D`, `C, D`, `C/D`.
const LINKS: [&str; 12] =
    ["or", "and", "nor", "vs", "versus", "either", "both", ",", "/", "&", "+", ";"];

/// A capital letter standing alone as a word: where it is (a char index)
/// and which.
#[derive(Debug, Clone, Copy)]
struct Alone {
    at: usize,
    letter: char,
}

/// Words that offer another letter as a second answer: `B, or maybe C`.
const DOUBTS: [&str; 5] = ["maybe", "perhaps", "possibly", "alternatively", "otherwise"];

/// Answer markers inside an answer (`A was tempting. Final Answer: B`,
/// `the correct choice is D`): the text after the last one is read first.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:answer|option|choice)(?:\s+(?:is|would\s+be|should\s+be|will\s+be))?\s*[:：]|\b(?:answer|option|choice)\s+(?:is|would\s+be|should\s+be|will\s+be)\b",
    )
    .expect("marker pattern is valid")
});

/// Reads a multiple-choice letter from an extracted answer.
///
/// Letters run from `A` to `last` (`D` for GPQA, `J` for SuperGPQA). A
/// letter counts only in an answer form:
/// 1. the whole answer is a letter: `B`, `(B)`, `[B]`, `\text{(B)}`,
///    `\textbf{B}`, `**B**`, `B.`, `Option B`, `Answer: B`; lowercase
///    counts here (`\boxed{c}`, `answer: c`) and only here;
/// 2. it leads with a letter: `(B) 12`, `B) 12`, `B. 12`, `B: 12`, `B — 12`;
/// 3. it ends with a letter introduced as the answer: `the answer is C`,
///    `I believe it is H`, `I choose (D)`, `option D`;
/// 4. exactly one letter in parentheses: `I think (C) fits`.
///
/// Text after the last answer marker inside the answer is read first (`A
/// was tempting. Final Answer: B` is `B`: the last answer wins).
///
/// A letter in prose is not an answer form: `\boxed{2.5 J}` (a unit),
/// `\boxed{5 A}`, `not A`, `Both C` give no answer letter
/// ([`Choice::OutsideForm`], graded incorrect).
/// Other letters linked to the one read (`C or D`, `(C) and (D)`, `C, D`,
/// `C/D`), or, with no answer form, two or more standalone letters, are
/// a hedge ([`Choice::Several`]). In prose the pronoun `I` (`I believe`)
/// and a sentence-opening article `A` (`A careful look shows …`) are
/// words, not options; lowercase `a` and `i` in prose are never options.
///
/// Nothing is guessed: no letter is [`Choice::None`].
pub fn read_choice(text: &str, last: char) -> Choice {
    let s = unwrap(text);
    if let Some(m) = MARKER.find_iter(&s).last() {
        let after = read_form(&s[m.end()..], last);
        if after != Choice::None {
            return after;
        }
    }
    read_form(&s, last)
}

/// Strips brackets, trailing periods and `option` / `choice` / `answer`
/// prefixes around the answer.
fn strip_wrapping(s: &str) -> &str {
    let mut t = s.trim();
    for _ in 0..4 {
        let before = t.len();
        // Closing braces left over from a container the answer sat in
        // (`\boxed{\text{The answer is C}}` read as a phrase: `C}}`).
        while t.ends_with('}') && t.matches('}').count() > t.matches('{').count() {
            t = t[..t.len() - 1].trim_end();
        }
        t = t.trim_end_matches(['.', '。']).trim();
        for (a, b) in [("(", ")"), ("[", "]"), ("{", "}")] {
            if let Some(inner) = t.strip_prefix(a).and_then(|x| x.strip_suffix(b)) {
                t = inner.trim();
            }
        }
        let lower = t.to_ascii_lowercase();
        for p in ["option", "choice", "answer", "the answer is", "answer is"] {
            if lower.starts_with(p) && lower[p.len()..].starts_with([' ', ':']) {
                t = t[p.len()..].trim_start_matches([' ', ':']).trim();
                break;
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// Reads one answer text (see [`read_choice`]).
fn read_form(s: &str, last: char) -> Choice {
    let in_range = |c: char| ('A'..=last).contains(&c);
    let t = strip_wrapping(s);
    let chars: Vec<char> = t.chars().collect();
    // 1. The whole answer is a letter.
    if let [c] = chars[..] {
        if c.is_ascii_uppercase() {
            return Choice::One(c);
        }
        let up = c.to_ascii_uppercase();
        if c.is_ascii_lowercase() && in_range(up) {
            return Choice::One(up);
        }
        return Choice::None;
    }
    let alone = standalone(&chars, in_range);
    // 2. A leading letter.
    let b = t.as_bytes();
    let lead = match b {
        [b'(', c, b')', ..] if c.is_ascii_uppercase() => Some(*c),
        [c, b')' | b'.' | b':', rest @ ..]
            if c.is_ascii_uppercase() && rest.first().is_none_or(|r| *r == b' ') =>
        {
            Some(*c)
        }
        [c, b' ', b'-' | b'\xE2', ..] if c.is_ascii_uppercase() && dash_after(t) => Some(*c),
        [c, b' ' | b',', ..] if c.is_ascii_uppercase() && lead_gloss(&t[1..]) => Some(*c),
        _ => None,
    };
    if let Some(c) = lead.map(char::from)
        && in_range(c)
    {
        // The option's text or an explanation may follow in later
        // sentences (`B. Explanation: A and C fail`); a hedge is in the
        // first one (`B) 12 or C) 14`).
        let end = (1..chars.len()).find(|&i| sentence_end(&chars, i)).unwrap_or(chars.len());
        let first: Vec<Alone> = alone.iter().copied().filter(|a| a.at < end).collect();
        return with_hedges(c, 0, &chars, &first);
    }
    // 3. A letter that ends the answer, introduced as the answer.
    if let Some(a) = alone.last()
        && chars[a.at + 1..].iter().all(|c| matches!(c, ')' | ']' | '.' | '!' | ' '))
        && intro_before(&chars, a.at)
    {
        return with_hedges(a.letter, a.at, &chars, &alone);
    }
    // 4. One letter in parentheses.
    let mut paren: Vec<&Alone> = alone.iter().filter(|a| in_parens(&chars, a.at)).collect();
    paren.dedup_by_key(|a| a.letter);
    let mut distinct: Vec<char> = paren.iter().map(|a| a.letter).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if let [c] = distinct[..] {
        return with_hedges(c, paren[0].at, &chars, &alone);
    }
    // No answer form: two letters or more are a hedge; one is prose.
    let mut found: Vec<char> =
        alone.iter().filter(|a| !is_word(&chars, a.at)).map(|a| a.letter).collect();
    found.sort_unstable();
    found.dedup();
    match found[..] {
        [] => Choice::None,
        [c] => Choice::OutsideForm(c),
        _ => Choice::Several(found),
    }
}

/// The in-range capital letters that stand alone as words.
fn standalone(chars: &[char], in_range: impl Fn(char) -> bool) -> Vec<Alone> {
    let sep = |o: Option<&char>| {
        o.is_none_or(|o| !o.is_alphanumeric() && !matches!(o, '\'' | '\\' | '_' | '^' | '’'))
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            in_range(c)
                && c.is_ascii_uppercase()
                && sep(if i == 0 { None } else { chars.get(i - 1) })
                && sep(chars.get(i + 1))
        })
        .map(|(at, &letter)| Alone { at, letter })
        .collect()
}

/// Whether a sentence ends at `i`: `.`, `;`, `!` or `?`, a space, then a
/// word of two letters or more that does not go on with the answer
/// (`B. Explanation: …`, not `B. 12`, `; C) 14` or `B. Or C`).
fn sentence_end(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], '.' | ';' | '!' | '?') || chars.get(i + 1) != Some(&' ') {
        return false;
    }
    let word: String = chars[i + 1..]
        .iter()
        .skip_while(|c| **c == ' ')
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    // `B. Or C.` goes on with the same answer.
    word.chars().count() >= 2 && !LINKS.contains(&word.as_str()) && !DOUBTS.contains(&word.as_str())
}

/// What may follow a leading letter and a space: the option's value or
/// a gloss (`B (12 m/s)`, `B 12 m/s`, `B because …`, `B, since …`, `B is
/// correct`), never another letter or a plain word (`A careful look`).
fn lead_gloss(rest: &str) -> bool {
    let r = rest.strip_prefix(',').unwrap_or(rest);
    if !r.starts_with(' ') {
        return false;
    }
    let r = r.trim_start();
    let lower = r.to_ascii_lowercase();
    r.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '(' | '[' | '$'))
        || [
            "because ",
            "since ",
            "is correct",
            "is right",
            "is the answer",
            "is the correct",
            "is the right",
            "is the best",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
}

/// Whether a dash follows `X ` at the start (`B - 12`, `B — 12`).
fn dash_after(t: &str) -> bool {
    let rest = t.get(1..).unwrap_or("").trim_start();
    rest.starts_with(['-', '–', '—']) && rest.len() > 1
}

/// The word (or sign) before position `at`, lowercased, and the one after.
fn neighbours(chars: &[char], at: usize) -> (String, String) {
    let is_word = |c: &char| c.is_alphanumeric() || *c == '.' || *c == '\'';
    let mut i = at;
    while i > 0 && matches!(chars[i - 1], ' ' | '(' | '[' | '*' | '"') {
        i -= 1;
    }
    let mut j = i;
    while j > 0 && is_word(&chars[j - 1]) {
        j -= 1;
    }
    let before: String = if j == i && i > 0 {
        chars[i - 1].to_string()
    } else {
        chars[j..i].iter().collect::<String>().to_lowercase()
    };
    let mut k = at + 1;
    while k < chars.len() && matches!(chars[k], ' ' | ')' | ']' | '*' | '"') {
        k += 1;
    }
    let mut l = k;
    while l < chars.len() && chars[l].is_alphanumeric() {
        l += 1;
    }
    let after: String = if l == k && k < chars.len() {
        chars[k].to_string()
    } else {
        chars[k..l].iter().collect::<String>().to_lowercase()
    };
    (before, after)
}

/// Whether the letter at `at` is introduced as the answer (`it is H`,
/// `I choose C`, `my pick: D`).
fn intro_before(chars: &[char], at: usize) -> bool {
    let (before, _) = neighbours(chars, at);
    INTRO.contains(&before.as_str()) || before == ":"
}

/// Whether the letter at `at` is in parentheses: `(C)`, not `(R)-…`.
fn in_parens(chars: &[char], at: usize) -> bool {
    at > 0
        && chars[at - 1] == '('
        && chars.get(at + 1) == Some(&')')
        && chars.get(at + 2).is_none_or(|c| !c.is_alphanumeric() && *c != '-')
}

/// Whether the capital at `at` is a word of prose: the pronoun `I` (`I
/// believe`) anywhere, or the article `A` opening a sentence (`A careful
/// look`), each followed by a lowercase word that does not link letters.
fn is_word(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    if c != 'I' && c != 'A' {
        return false;
    }
    if chars.get(at + 1) != Some(&' ') || !chars.get(at + 2).is_some_and(char::is_ascii_lowercase) {
        return false;
    }
    let (_, after) = neighbours(chars, at);
    if LINKS.contains(&after.as_str()) {
        return false;
    }
    if c == 'I' {
        return true;
    }
    let before: String = chars[..at].iter().rev().take_while(|c| **c == ' ').collect::<String>();
    let prev = chars[..at - before.len()].last();
    prev.is_none_or(|p| matches!(p, '.' | '!' | '?' | '\n' | ':'))
}

/// `c` (read at `at`) unless another letter is linked to an answer form
/// around it: `C or D`, `(C) and (D)`, `C, D`, `C/D`.
fn with_hedges(c: char, at: usize, chars: &[char], alone: &[Alone]) -> Choice {
    let mut letters = vec![c];
    for a in alone {
        if a.letter == c || a.at == at || is_word(chars, a.at) {
            continue;
        }
        let (before, after) = neighbours(chars, a.at);
        // `.` links too: `A. B. C. D.` lists every option.
        let linked = in_parens(chars, a.at)
            || LINKS.contains(&before.as_str())
            || DOUBTS.contains(&before.as_str())
            || LINKS.contains(&after.as_str())
            || chars[..a.at].iter().rev().find(|c| **c != ' ') == Some(&'.')
            || matches!(chars.get(a.at + 1), Some(')'));
        if linked && !letters.contains(&a.letter) {
            letters.push(a.letter);
        }
    }
    if letters.len() == 1 {
        Choice::One(c)
    } else {
        letters.sort_unstable();
        Choice::Several(letters)
    }
}

/// Which multiple-choice convention a [`ChoiceVerifier`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChoiceStyle {
    /// `stem__gpqa*`: names with `no_box` (whose prompt asks for an
    /// `Answer: X` line; the reference's strict regex reads only that line)
    /// have letters A–D; other names A–J, as the reference sends them to
    /// its SuperGPQA scorer. All read the last `\boxed{}`, answer line or
    /// `the answer is X` phrase.
    Gpqa,
    /// `stem__supergpqa*`: the last `\boxed{}`, answer line or `the answer
    /// is X` phrase, letters A–J.
    SuperGpqa,
}

/// Grades multiple-choice answers (GPQA, SuperGPQA).
///
/// Unlike the reference, it never guesses: an answer with no letter is
/// [`NoAnswer`](rlvr_core::Verdict::NoAnswer) (the reference returns a
/// random letter, so its reward is not deterministic), and an answer with
/// several letters is incorrect (the reference takes the first of A..J
/// *contained* in the text, so `\boxed{Both C}` reads `B`). A letter
/// counts only in an answer form ([`read_choice`]): `\boxed{2.5 J}` is a
/// unit, not option J.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verdict, Verifier};
/// use rlvr_science::ChoiceVerifier;
///
/// let v = ChoiceVerifier::supergpqa();
/// let cx = Context::default();
/// assert!(v.verify(&Sample::new("stem__supergpqa", "so \\boxed{C) 12 m/s}", "C"), &cx)?.is_correct());
/// assert!(v.verify(&Sample::new("stem__supergpqa", "so \\boxed{c}", "C"), &cx)?.is_correct());
/// assert!(!v.verify(&Sample::new("stem__supergpqa", "\\boxed{2.5 J}", "J"), &cx)?.is_correct());
/// assert_eq!(v.verify(&Sample::new("stem__supergpqa", "\\boxed{none}", "C"), &cx)?.verdict, Verdict::NoAnswer);
/// let g = ChoiceVerifier::gpqa();
/// assert!(g.verify(&Sample::new("stem__gpqa_diamond_no_box", "Reasoning...\nAnswer: $B$", "B"), &cx)?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ChoiceVerifier {
    style: ChoiceStyle,
    policy: Policy,
}

impl ChoiceVerifier {
    /// The GPQA verifier (`science.gpqa`).
    pub fn gpqa() -> Self {
        Self { style: ChoiceStyle::Gpqa, policy: Policy::default() }
    }

    /// A builder for the verifier of `style`, with other settings.
    pub fn builder(style: ChoiceStyle) -> ChoiceVerifierBuilder {
        ChoiceVerifierBuilder { v: Self { style, policy: Policy::default() } }
    }

    /// The SuperGPQA verifier (`science.supergpqa`).
    pub fn supergpqa() -> Self {
        Self { style: ChoiceStyle::SuperGpqa, policy: Policy::default() }
    }

    /// The style.
    pub fn style(&self) -> ChoiceStyle {
        self.style
    }

    fn gold(&self, v: &Value) -> Result<char, Error> {
        let bad = |why: String| Error::invalid_ground_truth(self.name(), why);
        let s = match v {
            Value::String(s) => s.as_str(),
            Value::Array(a) if a.len() == 1 => {
                a[0].as_str().ok_or_else(|| bad("not a letter".into()))?
            }
            _ => return Err(bad(format!("expected a letter, got {v}"))),
        };
        match read_choice(s, 'Z') {
            Choice::One(c) if c <= 'J' => Ok(c),
            _ => Err(bad(format!(
                "`{}` is not a letter A–J",
                s.chars().take(40).collect::<String>()
            ))),
        }
    }
}

/// Builds a [`ChoiceVerifier`] with settings other than the defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct ChoiceVerifierBuilder {
    v: ChoiceVerifier,
}

impl ChoiceVerifierBuilder {
    /// Sets the extraction caps.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.v.policy = policy;
        self
    }

    /// The verifier.
    pub fn build(self) -> ChoiceVerifier {
        self.v
    }
}

impl Verifier for ChoiceVerifier {
    fn name(&self) -> &str {
        match self.style {
            ChoiceStyle::Gpqa => names::GPQA,
            ChoiceStyle::SuperGpqa => names::SUPERGPQA,
        }
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let gold = self.gold(&sample.ground_truth)?;
        cx.charge(1 + sample.response.len() as u64 / 64)?;
        let four = self.style == ChoiceStyle::Gpqa && sample.data_source.contains("no_box");
        // Every name reads the last `\boxed{}` or answer line; `no_box`
        // names (whose prompt asks for an `Answer: X` line) have four
        // options. A boxed letter there is a reasonable answer, not a
        // format error.
        let kinds: &[Kind] = &[Kind::Boxed, Kind::AnswerPhrase];
        let last = if four { 'D' } else { 'J' };
        let last = last.max(gold);
        let answer = match self.policy.extract(
            &sample.response,
            kinds,
            Mode::for_sample(sample, cx, self.name())?,
        ) {
            Ok(a) => a,
            Err(none) => return Ok(none.reward()),
        };
        cx.charge(answer.text.len() as u64)?;
        let pred = answer.text;
        Ok(match read_choice(pred, last) {
            Choice::One(c) if c == gold => {
                Reward::correct().with_pred(c.to_string()).with_detail(format!("letter {c}"))
            }
            Choice::One(c) if c > last => Reward::incorrect()
                .with_pred(c.to_string())
                .with_detail(format!("letter {c} is not an option (A–{last})")),
            Choice::One(c) => Reward::incorrect()
                .with_pred(c.to_string())
                .with_detail(format!("letter {c}, gold {gold}")),
            Choice::Several(cs) => {
                let list: Vec<String> = cs.iter().map(char::to_string).collect();
                Reward::incorrect().with_pred(pred).with_detail(format!(
                    "several letters ({}): a hedge is not an answer",
                    list.join(", ")
                ))
            }
            Choice::OutsideForm(c) => Reward::incorrect().with_pred(pred).with_detail(format!(
                "letter {c} is not in an answer form (a unit, a negation or prose): not an answer"
            )),
            Choice::None => Reward::no_answer().with_pred(pred).with_detail(format!(
                "no choice letter A–{last} in an answer form in the {}",
                answer.kind.name()
            )),
        })
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(&sample.ground_truth).map(|_| ())
    }
}
