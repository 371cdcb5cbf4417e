//! The 25 IFEval instruction types: reading an instruction from its id and
//! keyword arguments, and checking a response against it.

use regex::Regex;
use serde_json::{Map, Value};
use whatlang::Lang;

use crate::text;

/// Every instruction id this crate checks (all 25 of IFEval's registry).
pub const INSTRUCTION_IDS: &[&str] = &[
    "keywords:existence",
    "keywords:frequency",
    "keywords:forbidden_words",
    "keywords:letter_frequency",
    "language:response_language",
    "length_constraints:number_sentences",
    "length_constraints:number_paragraphs",
    "length_constraints:number_words",
    "length_constraints:nth_paragraph_first_word",
    "detectable_content:number_placeholders",
    "detectable_content:postscript",
    "detectable_format:number_bullet_lists",
    "detectable_format:constrained_response",
    "detectable_format:number_highlighted_sections",
    "detectable_format:multiple_sections",
    "detectable_format:json_format",
    "detectable_format:title",
    "combination:two_responses",
    "combination:repeat_prompt",
    "startend:end_checker",
    "change_case:capital_word_frequency",
    "change_case:english_capital",
    "change_case:english_lowercase",
    "punctuation:no_comma",
    "startend:quotation",
];

/// `less than` or `at least`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    LessThan,
    AtLeast,
}

impl Relation {
    fn holds(self, actual: usize, threshold: u64) -> bool {
        let actual = actual as u64;
        match self {
            Self::LessThan => actual < threshold,
            Self::AtLeast => actual >= threshold,
        }
    }
}

/// One instruction, ready to check.
#[derive(Debug)]
pub(crate) enum Instruction {
    KeywordsExist(Vec<String>),
    KeywordFrequency { keyword: String, relation: Relation, frequency: u64 },
    ForbiddenWords(Vec<String>),
    LetterFrequency { letter: char, relation: Relation, frequency: u64 },
    ResponseLanguage(Lang),
    NumberSentences { relation: Relation, n: u64 },
    NumberParagraphs(u64),
    NumberWords { relation: Relation, n: u64 },
    NthParagraphFirstWord { paragraphs: u64, nth: u64, word: String },
    NumberPlaceholders(u64),
    Postscript(Marker),
    NumberBulletLists(u64),
    ConstrainedResponse,
    NumberHighlightedSections(u64),
    MultipleSections { splitter: String, n: u64 },
    JsonFormat,
    Title,
    TwoResponses,
    RepeatPrompt(String),
    EndChecker(String),
    CapitalWordFrequency { relation: Relation, frequency: u64 },
    EnglishCapital,
    EnglishLowercase,
    NoComma,
    Quotation,
}

/// The keyword arguments of one instruction (IFEval's, and IFBench's
/// constraints). Null values are dropped, as the reference (Reasoning360)
/// drops `None`; every other key must be one the instruction takes, and
/// every value must fit.
pub(crate) struct Kwargs<'a> {
    id: &'a str,
    map: Map<String, Value>,
}

impl<'a> Kwargs<'a> {
    pub(crate) fn new(id: &'a str, value: &Value) -> Result<Self, String> {
        let map = match value {
            Value::Null => Map::new(),
            Value::Object(m) => m
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            other => {
                return Err(format!(
                    "the kwargs of `{id}` are not an object: {}",
                    rlvr_core::clip(&other.to_string(), 80)
                ));
            }
        };
        Ok(Self { id, map })
    }

    pub(crate) fn err(&self, key: &str, why: &str) -> String {
        format!("kwarg `{key}` of `{}` {why}", self.id)
    }

    pub(crate) fn take(&mut self, key: &str) -> Result<Value, String> {
        self.map
            .remove(key)
            .ok_or_else(|| self.err(key, "is missing (the reference would pick a random value)"))
    }

    /// A non-negative integer (an integral float is accepted: parquet
    /// exports turn integer columns with nulls into floats).
    pub(crate) fn int(&mut self, key: &str) -> Result<u64, String> {
        let v = self.take(key)?;
        if let Some(n) = v.as_u64() {
            return Ok(n);
        }
        match v.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1e15 => Ok(f as u64),
            _ => Err(self.err(key, &format!("is not a non-negative integer: {v}"))),
        }
    }

    /// A positive integer (a count or a 1-based position).
    pub(crate) fn positive(&mut self, key: &str) -> Result<u64, String> {
        let n = self.int(key)?;
        if n == 0 {
            return Err(self.err(key, "is 0, not a positive integer"));
        }
        Ok(n)
    }

    pub(crate) fn string(&mut self, key: &str) -> Result<String, String> {
        match self.take(key)? {
            Value::String(s) => Ok(s),
            v => {
                Err(self
                    .err(key, &format!("is not a string: {}", rlvr_core::clip(&v.to_string(), 80))))
            }
        }
    }

    /// A string that is not empty once stripped (the reference strips it).
    pub(crate) fn phrase(&mut self, key: &str) -> Result<String, String> {
        let s = self.string(key)?;
        let t = text::py_strip(&s);
        if t.is_empty() {
            return Err(self.err(key, "is empty"));
        }
        Ok(t.to_owned())
    }

    pub(crate) fn relation(&mut self, key: &str) -> Result<Relation, String> {
        let s = self.string(key)?;
        match s.as_str() {
            "less than" => Ok(Relation::LessThan),
            "at least" => Ok(Relation::AtLeast),
            _ => Err(self.err(key, &format!("is `{s}`, not `less than` or `at least`"))),
        }
    }

    pub(crate) fn words(&mut self, key: &str) -> Result<Vec<String>, String> {
        let v = self.take(key)?;
        let Value::Array(items) = v else {
            return Err(self.err(key, "is not a list of strings"));
        };
        if items.is_empty() {
            return Err(self.err(key, "is an empty list (the reference would pick random words)"));
        }
        items
            .into_iter()
            .map(|w| match w {
                Value::String(s) if !s.trim().is_empty() => Ok(s),
                _ => Err(self.err(key, "holds an item that is not a non-empty string")),
            })
            .collect()
    }

    /// Fails on keys the instruction does not take.
    pub(crate) fn finish(self) -> Result<(), String> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => Err(format!("`{}` takes no kwarg `{k}`", self.id)),
        }
    }
}

/// A postscript marker: the two the reference has patterns for, or any
/// other, matched literally.
#[derive(Debug)]
pub(crate) enum Marker {
    /// `P.S.`: `p\.\s?s\.` in the lowercased response.
    Ps,
    /// `P.P.S`: `p\.\s?p\.\s?s` in the lowercased response.
    Pps,
    /// Another marker, lowercased.
    Other(String),
}

/// Keywords are matched case-insensitively and literally: both sides are
/// lowercased (the reference's `re.IGNORECASE` folds case character by
/// character; the two differ only for the few characters whose lower case
/// is longer, such as `İ`).
fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Python's `\w` in the `re` module's `\b` (Unicode word characters).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `\b` holds between `before` and `after` (each `None` at an end).
fn boundary(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(is_word) != after.is_some_and(is_word)
}

/// Whether the lowercased `hay` contains `needle` as `\bneedle\b` would
/// match it (trying every occurrence, overlapping ones included).
fn contains_word(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + i;
        let end = start + needle.len();
        let first = needle.chars().next();
        let last = needle.chars().next_back();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if boundary(before, first) && boundary(last, after) {
            return true;
        }
        from = start + first.map_or(1, char::len_utf8);
    }
    false
}

/// The number of non-overlapping matches of `\s?splitter\s?\d+\s?` (the
/// reference's section splitter, with the splitter literal).
fn count_sections(hay: &str, splitter: &str) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(splitter)) {
        let start = from + i;
        let mut pos = start + splitter.len();
        let mut skip = 0;
        if let Some(c) = hay[pos..].chars().next()
            && text::py_space(c)
        {
            skip = c.len_utf8();
        }
        let digits: usize =
            hay[pos + skip..].chars().take_while(|&c| text::is_digit(c)).map(char::len_utf8).sum();
        if digits > 0 {
            n += 1;
            pos += skip + digits;
            from = pos;
        } else {
            from = start + splitter.chars().next().map_or(1, char::len_utf8);
        }
    }
    n
}

impl Instruction {
    /// Reads one instruction from its id and kwargs.
    pub(crate) fn parse(id: &str, kwargs: &Value) -> Result<Self, String> {
        let mut k = Kwargs::new(id, kwargs)?;
        let ins = match id {
            "keywords:existence" => {
                let words = k.words("keywords")?;
                Self::KeywordsExist(words.iter().map(|w| fold(w)).collect())
            }
            "keywords:frequency" => {
                let keyword = fold(&k.phrase("keyword")?);
                let frequency = k.int("frequency")?;
                let relation = k.relation("relation")?;
                Self::KeywordFrequency { keyword, relation, frequency }
            }
            "keywords:forbidden_words" => {
                let words = k.words("forbidden_words")?;
                Self::ForbiddenWords(words.iter().map(|w| fold(w)).collect())
            }
            "keywords:letter_frequency" => {
                let s = k.string("letter")?;
                let t = text::py_strip(&s);
                let mut it = t.chars();
                let letter = match (it.next(), it.next()) {
                    (Some(c), None) if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
                    _ => return Err(k.err("letter", &format!("is `{s}`, not one ASCII letter"))),
                };
                let frequency = k.int("let_frequency")?;
                let relation = k.relation("let_relation")?;
                Self::LetterFrequency { letter, relation, frequency }
            }
            "language:response_language" => {
                let code = k.string("language")?;
                match text::language(&code) {
                    Some(l) => Self::ResponseLanguage(l),
                    None => {
                        return Err(k.err(
                            "language",
                            &format!("is `{code}`, a language this build cannot identify"),
                        ));
                    }
                }
            }
            "length_constraints:number_sentences" => {
                let n = k.int("num_sentences")?;
                Self::NumberSentences { relation: k.relation("relation")?, n }
            }
            "length_constraints:number_paragraphs" => {
                Self::NumberParagraphs(k.int("num_paragraphs")?)
            }
            "length_constraints:number_words" => {
                let n = k.int("num_words")?;
                Self::NumberWords { relation: k.relation("relation")?, n }
            }
            "length_constraints:nth_paragraph_first_word" => {
                let paragraphs = k.int("num_paragraphs")?;
                let nth = k.int("nth_paragraph")?;
                if nth == 0 || nth > paragraphs {
                    return Err(
                        k.err("nth_paragraph", &format!("is {nth}, not in 1..={paragraphs}"))
                    );
                }
                let word = k.phrase("first_word")?.to_lowercase();
                Self::NthParagraphFirstWord { paragraphs, nth, word }
            }
            "detectable_content:number_placeholders" => {
                Self::NumberPlaceholders(k.int("num_placeholders")?)
            }
            "detectable_content:postscript" => {
                let marker = k.phrase("postscript_marker")?;
                Self::Postscript(match marker.as_str() {
                    "P.P.S" => Marker::Pps,
                    "P.S." => Marker::Ps,
                    m => Marker::Other(m.to_lowercase()),
                })
            }
            "detectable_format:number_bullet_lists" => {
                Self::NumberBulletLists(k.int("num_bullets")?)
            }
            "detectable_format:constrained_response" => Self::ConstrainedResponse,
            "detectable_format:number_highlighted_sections" => {
                Self::NumberHighlightedSections(k.int("num_highlights")?)
            }
            "detectable_format:multiple_sections" => {
                let splitter = k.phrase("section_spliter")?;
                Self::MultipleSections { splitter, n: k.int("num_sections")? }
            }
            "detectable_format:json_format" => Self::JsonFormat,
            "detectable_format:title" => Self::Title,
            "combination:two_responses" => Self::TwoResponses,
            "combination:repeat_prompt" => {
                Self::RepeatPrompt(k.phrase("prompt_to_repeat")?.to_lowercase())
            }
            "startend:end_checker" => Self::EndChecker(k.phrase("end_phrase")?.to_lowercase()),
            "change_case:capital_word_frequency" => {
                let frequency = k.int("capital_frequency")?;
                Self::CapitalWordFrequency { relation: k.relation("capital_relation")?, frequency }
            }
            "change_case:english_capital" => Self::EnglishCapital,
            "change_case:english_lowercase" => Self::EnglishLowercase,
            "punctuation:no_comma" => Self::NoComma,
            "startend:quotation" => Self::Quotation,
            _ => return Err(format!("unknown instruction id `{}`", rlvr_core::clip(id, 80))),
        };
        k.finish()?;
        Ok(ins)
    }

    /// Whether `value` follows the instruction (the reference's
    /// `check_following`).
    pub(crate) fn check(&self, value: &str) -> bool {
        match self {
            Self::KeywordsExist(words) => {
                let hay = fold(value);
                words.iter().all(|w| hay.contains(w.as_str()))
            }
            Self::KeywordFrequency { keyword, relation, frequency } => {
                relation.holds(fold(value).matches(keyword.as_str()).count(), *frequency)
            }
            Self::ForbiddenWords(words) => {
                let hay = fold(value);
                !words.iter().any(|w| contains_word(&hay, w))
            }
            Self::LetterFrequency { letter, relation, frequency } => {
                let n = value.chars().flat_map(char::to_lowercase).filter(|c| c == letter).count();
                relation.holds(n, *frequency)
            }
            Self::ResponseLanguage(lang) => text::detect(value) == Some(*lang),
            Self::NumberSentences { relation, n } => {
                relation.holds(text::count_sentences(value), *n)
            }
            Self::NumberParagraphs(n) => paragraphs(value) == Some(*n),
            Self::NumberWords { relation, n } => relation.holds(text::count_words(value), *n),
            Self::NthParagraphFirstWord { paragraphs, nth, word } => {
                nth_paragraph_first_word(value, *paragraphs, *nth, word)
            }
            Self::NumberPlaceholders(n) => (PLACEHOLDER.find_iter(value).count() as u64) >= *n,
            Self::Postscript(marker) => {
                let lower = value.to_lowercase();
                match marker {
                    Marker::Ps => PS.is_match(&lower),
                    Marker::Pps => PPS.is_match(&lower),
                    Marker::Other(m) => lower.contains(m.as_str()),
                }
            }
            Self::NumberBulletLists(n) => {
                (BULLET_STAR.find_iter(value).count() + BULLET_DASH.find_iter(value).count()) as u64
                    == *n
            }
            Self::ConstrainedResponse => {
                let v = text::py_strip(value);
                ["My answer is yes.", "My answer is no.", "My answer is maybe."]
                    .iter()
                    .any(|o| v.contains(o))
            }
            Self::NumberHighlightedSections(n) => highlights(value) >= *n,
            Self::MultipleSections { splitter, n } => {
                (count_sections(value, splitter) as u64) >= *n
            }
            Self::JsonFormat => json_format(value),
            Self::Title => TITLE.find_iter(value).any(|m| {
                let t = m.as_str().trim_start_matches('<').trim_end_matches('>');
                !text::py_strip(t).is_empty()
            }),
            Self::TwoResponses => two_responses(value),
            Self::RepeatPrompt(p) => text::py_strip(value).to_lowercase().starts_with(p.as_str()),
            Self::EndChecker(p) => {
                text::py_strip(value).trim_matches('"').to_lowercase().ends_with(p.as_str())
            }
            Self::CapitalWordFrequency { relation, frequency } => {
                relation.holds(text::count_capital_words(value), *frequency)
            }
            Self::EnglishCapital => {
                text::py_isupper(value) && text::detect(value) == Some(Lang::Eng)
            }
            Self::EnglishLowercase => {
                text::py_islower(value) && text::detect(value) == Some(Lang::Eng)
            }
            Self::NoComma => !value.contains(','),
            Self::Quotation => {
                let v = text::py_strip(value);
                v.chars().count() > 1 && v.starts_with('"') && v.ends_with('"')
            }
        }
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new($pat).expect("valid pattern"));
    };
}

re!(PLACEHOLDER, r"\[.*?\]");
re!(PS, r"p\.\s?s\.");
re!(PPS, r"p\.\s?p\.\s?s");
re!(BULLET_STAR, r"(?m)^\s*\*[^\*].*$");
re!(BULLET_DASH, r"(?m)^\s*-.*$");
re!(HIGHLIGHT, r"\*[^\n\*]*\*");
re!(DOUBLE_HIGHLIGHT, r"\*\*[^\n\*]*\*\*");
re!(TITLE, r"<<[^\n]+>>");
re!(PARAGRAPH_DIVIDER, r"\s?\*\*\*\s?");

/// The number of `***`-separated paragraphs, or `None` when an empty one
/// sits between two others (the reference's `ParagraphChecker`).
fn paragraphs(value: &str) -> Option<u64> {
    let parts: Vec<&str> = PARAGRAPH_DIVIDER.split(value).collect();
    let mut n = parts.len() as u64;
    for (i, p) in parts.iter().enumerate() {
        if text::py_strip(p).is_empty() {
            if i == 0 || i == parts.len() - 1 {
                n -= 1;
            } else {
                return None;
            }
        }
    }
    Some(n)
}

fn nth_paragraph_first_word(value: &str, want: u64, nth: u64, word: &str) -> bool {
    let parts: Vec<&str> = value.split("\n\n").collect();
    let n = parts.iter().filter(|p| !text::py_strip(p).is_empty()).count() as u64;
    if nth > n {
        return false;
    }
    let Some(p) = usize::try_from(nth - 1).ok().and_then(|i| parts.get(i)) else { return false };
    let p = text::py_strip(p);
    let Some(first) = p.split(text::py_space).find(|w| !w.is_empty()) else { return false };
    let first = first.trim_start_matches('\'').trim_start_matches('"');
    let mut got = String::new();
    for c in first.chars() {
        if matches!(c, '.' | ',' | '?' | '!' | '\'' | '"') {
            break;
        }
        got.extend(c.to_lowercase());
    }
    n == want && got == word
}

fn highlights(value: &str) -> u64 {
    let single = HIGHLIGHT
        .find_iter(value)
        .filter(|m| !text::py_strip(m.as_str().trim_matches('*')).is_empty())
        .count();
    let double = DOUBLE_HIGHLIGHT
        .find_iter(value)
        .filter(|m| {
            let s = m.as_str();
            let s = s.strip_prefix("**").unwrap_or(s);
            let s = s.strip_suffix("**").unwrap_or(s);
            !text::py_strip(s).is_empty()
        })
        .count();
    (single + double) as u64
}

fn json_format(value: &str) -> bool {
    let mut v = text::py_strip(value);
    for prefix in ["```json", "```Json", "```JSON", "```"] {
        v = v.strip_prefix(prefix).unwrap_or(v);
    }
    v = v.strip_suffix("```").unwrap_or(v);
    let v = text::py_strip(v);
    serde_json::from_str::<Value>(v).is_ok()
}

fn two_responses(value: &str) -> bool {
    let parts: Vec<&str> = value.split("******").collect();
    let mut valid = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if text::py_strip(p).is_empty() {
            if i != 0 && i != parts.len() - 1 {
                return false;
            }
        } else {
            valid.push(*p);
        }
    }
    valid.len() == 2 && text::py_strip(valid[0]) != text::py_strip(valid[1])
}
