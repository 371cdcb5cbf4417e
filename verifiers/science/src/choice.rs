//! Multiple choice: GPQA and SuperGPQA letters.

use rlvr_core::extract::{Kind, Mode, Policy};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

/// The letter (or letters) read from an answer.
///
/// # Example
/// ```
/// use rlvr_science::{Choice, read_choice};
/// assert_eq!(read_choice("\\text{(C)}", 'J'), Choice::One('C'));
/// assert_eq!(read_choice("\\textbf{B}", 'J'), Choice::One('B'));
/// assert_eq!(read_choice("B) 12 m/s", 'J'), Choice::One('B'));
/// // The reference picks `B` here (the first letter of A..J contained in
/// // the text); only `C` stands alone.
/// assert_eq!(read_choice("Both C", 'J'), Choice::One('C'));
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

/// Reads a multiple-choice letter from an extracted answer.
///
/// Letters run from `A` to `last` (`D` for GPQA, `J` for SuperGPQA). The
/// forms read, in order:
/// 1. the whole answer is a letter: `B`, `(B)`, `[B]`, `\text{(B)}`,
///    `\textbf{B}`, `**B**`, `B.`, `Option B`;
/// 2. it leads with a letter: `(B) 12`, `B) 12`, `B. 12`, `B: 12`;
/// 3. otherwise the capital letters that stand alone as words: one
///    distinct letter is the answer, several are [`Choice::Several`].
///
/// Nothing is guessed: no letter is [`Choice::None`].
pub fn read_choice(text: &str, last: char) -> Choice {
    let s = unwrap(text);
    let in_range = |c: char| ('A'..=last).contains(&c);
    let mut t = s.trim();
    for _ in 0..4 {
        let before = t.len();
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
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_uppercase()
    {
        return Choice::One(c);
    }
    // Leading forms.
    let b = t.as_bytes();
    let lead = match b {
        [b'(', c, b')', ..] => Some(*c),
        [c, b')' | b'.' | b':', rest @ ..] if rest.first().is_none_or(|r| *r == b' ') => Some(*c),
        _ => None,
    };
    if let Some(c) = lead.map(char::from)
        && in_range(c)
    {
        return Choice::One(c);
    }
    let mut found: Vec<char> = Vec::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !in_range(c) {
            continue;
        }
        let alone = |o: Option<&char>| {
            o.is_none_or(|o| {
                !o.is_alphanumeric() && *o != '\'' && *o != '\\' && *o != '_' && *o != '^'
            })
        };
        let prev = if i == 0 { None } else { chars.get(i - 1) };
        if alone(prev) && alone(chars.get(i + 1)) && !found.contains(&c) {
            found.push(c);
        }
    }
    match found.len() {
        0 => Choice::None,
        1 => Choice::One(found[0]),
        _ => {
            found.sort_unstable();
            Choice::Several(found)
        }
    }
}

/// Which multiple-choice convention a [`ChoiceVerifier`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChoiceStyle {
    /// `stem__gpqa*`: names with `no_box` read an `Answer: X` line (or a
    /// `the answer is X` phrase) with letters A–D (the reference's strict
    /// regex reads only the colon line); other names read the last
    /// `\boxed{}` or answer line with letters A–J, as the reference sends
    /// them to its SuperGPQA scorer.
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
/// *contained* in the text, so `\boxed{Both C}` reads `B`).
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verdict, Verifier};
/// use rlvr_science::ChoiceVerifier;
///
/// let v = ChoiceVerifier::supergpqa();
/// let cx = Context::default();
/// assert!(v.verify(&Sample::new("stem__supergpqa", "so \\boxed{Both C}", "C"), &cx)?.is_correct());
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

    /// The SuperGPQA verifier (`science.supergpqa`).
    pub fn supergpqa() -> Self {
        Self { style: ChoiceStyle::SuperGpqa, policy: Policy::default() }
    }

    /// Sets the extraction caps.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
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
        let strict_line = self.style == ChoiceStyle::Gpqa && sample.data_source.contains("no_box");
        let (kinds, last): (&[Kind], char) = if strict_line {
            (&[Kind::AnswerPhrase], 'D')
        } else {
            (&[Kind::Boxed, Kind::AnswerPhrase], 'J')
        };
        let last = last.max(gold);
        let answer =
            match self.policy.extract(&sample.response, kinds, Mode::for_sample(sample, cx)) {
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
            Choice::None => Reward::no_answer()
                .with_pred(pred)
                .with_detail(format!("no choice letter A–{last} in the {}", answer.kind.name())),
        })
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(&sample.ground_truth).map(|_| ())
    }
}
