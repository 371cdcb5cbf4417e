//! IFBench's 58 out-of-distribution constraints: reading one from its id
//! and keyword arguments, and checking a response against it.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::emoji::is_emoji;
use super::syllable;
use crate::instruction::Kwargs;
use crate::text::{self, py_split, py_strip, remove_punct, split_sentences, strip_punct};

/// Every IFBench constraint id this crate checks.
pub const CONSTRAINT_IDS: &[&str] = &[
    "count:word_count_range",
    "count:unique_word_count",
    "ratio:stop_words",
    "ratio:sentence_type",
    "ratio:sentence_balance",
    "count:conjunctions",
    "count:person_names",
    "ratio:overlap",
    "count:numbers",
    "words:alphabet",
    "words:vowel",
    "words:consonants",
    "sentence:alliteration_increment",
    "words:palindrome",
    "count:punctuation",
    "format:parentheses",
    "format:quotes",
    "words:prime_lengths",
    "format:options",
    "format:newline",
    "format:emoji",
    "ratio:sentence_words",
    "count:words_japanese",
    "words:repeats",
    "sentence:keyword",
    "words:odd_even_syllables",
    "count:pronouns",
    "words:last_first",
    "words:paragraph_last_first",
    "sentence:increment",
    "words:no_consecutive",
    "format:line_indent",
    "format:quote_unquote",
    "format:list",
    "format:thesis",
    "format:sub-bullets",
    "format:no_bullets_bullets",
    "custom:multiples",
    "custom:mcq_count_length",
    "custom:reverse_newline",
    "custom:word_reverse",
    "custom:character_reverse",
    "custom:sentence_alphabet",
    "custom:european_capitals_sort",
    "custom:csv_city",
    "custom:csv_special_character",
    "custom:csv_quotes",
    "custom:date_format_list",
    "count:keywords_multiple",
    "words:keywords_specific_position",
    "words:words_position",
    "repeat:repeat_change",
    "repeat:repeat_simple",
    "repeat:repeat_span",
    "format:title_case",
    "format:output_template",
    "format:no_whitespace",
];

/// IFBench constraints this build cannot check, with the reason. A row
/// naming one is `gold_unparseable`.
pub const UNSUPPORTED_IDS: &[(&str, &str)] = &[(
    "words:start_verb",
    "needs NLTK's averaged-perceptron part-of-speech tagger and its trained weights",
)];

/// A response variant with its sentences and word tokens, computed once
/// for all the constraints that read them.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    text: &'a str,
    sentences: OnceCell<Vec<&'a str>>,
    tokens: OnceCell<Vec<String>>,
}

impl<'a> Doc<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, sentences: OnceCell::new(), tokens: OnceCell::new() }
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// NLTK's `sent_tokenize` of the text.
    fn sentences(&self) -> &[&'a str] {
        self.sentences.get_or_init(|| split_sentences(self.text))
    }

    /// NLTK's `word_tokenize` of the text.
    fn tokens(&self) -> &[String] {
        self.tokens.get_or_init(|| text::word_tokenize(self.text))
    }
}

/// One constraint, ready to check.
#[derive(Debug)]
pub(crate) enum Constraint {
    WordCountRange { min: u64, max: u64 },
    UniqueWordCount(u64),
    StopWords(u64),
    SentenceType,
    SentenceBalance,
    Conjunctions(u64),
    PersonNames(u64),
    Overlap { reference: Vec<char>, percentage: u64 },
    Numbers(u64),
    Alphabet,
    Vowel,
    Consonants,
    AlliterationIncrement,
    Palindrome,
    Punctuation,
    Parentheses,
    Quotes,
    PrimeLengths,
    Options { options: Vec<String>, strict: bool },
    Newline,
    Emoji,
    SentenceWords,
    WordsJapanese(u64),
    Repeats(u64),
    OddEvenSyllables,
    SentenceKeyword { word: Regex, n: u64 },
    Pronouns(u64),
    LastFirst,
    ParagraphLastFirst,
    SentenceIncrement(u64),
    NoConsecutive,
    LineIndent,
    QuoteUnquote,
    List(String),
    Thesis,
    SubBullets,
    NoBulletsBullets,
    Multiples,
    McqCountLength,
    ReverseNewline,
    WordReverse,
    CharacterReverse,
    SentenceAlphabet,
    EuropeanCapitals,
    CsvCity,
    CsvSpecialCharacter,
    CsvQuotes,
    DateFormatList,
    KeywordsMultiple([String; 5]),
    KeywordSpecificPosition { keyword: String, n: u64, m: u64 },
    WordsPosition(String),
    RepeatChange(String),
    RepeatSimple,
    RepeatSpan(String),
    TitleCase,
    OutputTemplate,
    NoWhitespace,
}

/// The options of `format:options`, split as the reference splits them.
fn parse_options(options: &str) -> (Vec<String>, bool) {
    let strict = OPTIONS_ABC.is_match(options);
    let sep = if options.contains('/') {
        "/"
    } else if options.contains("or") {
        "or"
    } else {
        ","
    };
    (options.split(sep).map(|o| py_strip(o).to_owned()).collect(), strict)
}

impl Constraint {
    /// Reads one constraint from its id and kwargs; `Ok(None)` when the id
    /// is not an IFBench constraint.
    pub(crate) fn parse(id: &str, kwargs: &Value) -> Result<Option<Self>, String> {
        if let Some((_, why)) = UNSUPPORTED_IDS.iter().find(|(u, _)| *u == id) {
            return Err(format!("constraint `{id}` is not implemented: it {why}"));
        }
        let mut k = Kwargs::new(id, kwargs)?;
        let c = match id {
            "count:word_count_range" => {
                let min = k.int("min_words")?;
                let max = k.int("max_words")?;
                Self::WordCountRange { min, max }
            }
            "count:unique_word_count" => Self::UniqueWordCount(k.int("N")?),
            "ratio:stop_words" => {
                let p = k.int("percentage")?;
                if p > 100 {
                    return Err(k.err("percentage", &format!("is {p}, over 100")));
                }
                Self::StopWords(p)
            }
            "ratio:sentence_type" => Self::SentenceType,
            "ratio:sentence_balance" => Self::SentenceBalance,
            "count:conjunctions" => Self::Conjunctions(k.int("small_n")?),
            "count:person_names" => Self::PersonNames(k.int("N")?),
            "ratio:overlap" => {
                let reference = k.string("reference_text")?;
                if reference.chars().count() < 3 {
                    return Err(k.err("reference_text", "has fewer than 3 characters"));
                }
                let percentage = k.int("percentage")?;
                Self::Overlap { reference: reference.chars().collect(), percentage }
            }
            "count:numbers" => Self::Numbers(k.int("N")?),
            "words:alphabet" => Self::Alphabet,
            "words:vowel" => Self::Vowel,
            "words:consonants" => Self::Consonants,
            "sentence:alliteration_increment" => Self::AlliterationIncrement,
            "words:palindrome" => Self::Palindrome,
            "count:punctuation" => Self::Punctuation,
            "format:parentheses" => Self::Parentheses,
            "format:quotes" => Self::Quotes,
            "words:prime_lengths" => Self::PrimeLengths,
            "format:options" => {
                let s = k.string("options")?;
                if py_strip(&s).is_empty() {
                    return Err(k.err("options", "is empty"));
                }
                let (options, strict) = parse_options(&s);
                Self::Options { options, strict }
            }
            "format:newline" => Self::Newline,
            "format:emoji" => Self::Emoji,
            "ratio:sentence_words" => Self::SentenceWords,
            "count:words_japanese" => Self::WordsJapanese(k.positive("N")?),
            "words:repeats" => Self::Repeats(k.int("small_n")?),
            "words:odd_even_syllables" => Self::OddEvenSyllables,
            "sentence:keyword" => {
                let word = k.phrase("word")?;
                let n = k.positive("N")?;
                let re = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(&word)))
                    .map_err(|e| k.err("word", &format!("cannot be matched: {e}")))?;
                Self::SentenceKeyword { word: re, n }
            }
            "count:pronouns" => Self::Pronouns(k.int("N")?),
            "words:last_first" => Self::LastFirst,
            "words:paragraph_last_first" => Self::ParagraphLastFirst,
            "sentence:increment" => Self::SentenceIncrement(k.int("small_n")?),
            "words:no_consecutive" => Self::NoConsecutive,
            "format:line_indent" => Self::LineIndent,
            "format:quote_unquote" => Self::QuoteUnquote,
            "format:list" => {
                let sep = k.string("sep")?;
                if sep.is_empty() {
                    return Err(k.err("sep", "is empty"));
                }
                Self::List(sep)
            }
            "format:thesis" => Self::Thesis,
            "format:sub-bullets" => Self::SubBullets,
            "format:no_bullets_bullets" => Self::NoBulletsBullets,
            "custom:multiples" => Self::Multiples,
            "custom:mcq_count_length" => Self::McqCountLength,
            "custom:reverse_newline" => Self::ReverseNewline,
            "custom:word_reverse" => Self::WordReverse,
            "custom:character_reverse" => Self::CharacterReverse,
            "custom:sentence_alphabet" => Self::SentenceAlphabet,
            "custom:european_capitals_sort" => Self::EuropeanCapitals,
            "custom:csv_city" => Self::CsvCity,
            "custom:csv_special_character" => Self::CsvSpecialCharacter,
            "custom:csv_quotes" => Self::CsvQuotes,
            "custom:date_format_list" => Self::DateFormatList,
            "count:keywords_multiple" => {
                let mut kw: [String; 5] = Default::default();
                for (i, slot) in kw.iter_mut().enumerate() {
                    *slot = k.phrase(&format!("keyword{}", i + 1))?.to_lowercase();
                }
                Self::KeywordsMultiple(kw)
            }
            "words:keywords_specific_position" => {
                let keyword = k.phrase("keyword")?.to_lowercase();
                let n = k.positive("n")?;
                let m = k.positive("m")?;
                Self::KeywordSpecificPosition { keyword, n, m }
            }
            "words:words_position" => Self::WordsPosition(k.phrase("keyword")?.to_lowercase()),
            "repeat:repeat_change" => {
                let p = k.string("prompt_to_repeat")?;
                if p.is_empty() {
                    return Err(k.err("prompt_to_repeat", "is empty"));
                }
                Self::RepeatChange(p)
            }
            "repeat:repeat_simple" => Self::RepeatSimple,
            "repeat:repeat_span" => {
                let p = k.string("prompt_to_repeat")?;
                if p.is_empty() {
                    return Err(k.err("prompt_to_repeat", "is empty"));
                }
                let start = k.int("n_start")?;
                let end = k.int("n_end")?;
                if end < start {
                    return Err(k.err("n_end", &format!("is {end}, before n_start {start}")));
                }
                let span: String = p
                    .chars()
                    .skip(usize::try_from(start).unwrap_or(usize::MAX))
                    .take(usize::try_from((end - start).saturating_add(1)).unwrap_or(usize::MAX))
                    .collect();
                if py_strip(&span).is_empty() {
                    return Err(k.err("n_start", "selects an empty span of the prompt"));
                }
                Self::RepeatSpan(py_strip(&span).to_lowercase())
            }
            "format:title_case" => Self::TitleCase,
            "format:output_template" => Self::OutputTemplate,
            "format:no_whitespace" => Self::NoWhitespace,
            _ => return Ok(None),
        };
        k.finish()?;
        Ok(Some(c))
    }

    /// Whether `value` follows the constraint (the reference's
    /// `check_following`, with the deliberate differences of the module
    /// docs).
    pub(crate) fn check(&self, doc: &Doc<'_>) -> bool {
        let value = doc.text;
        match self {
            Self::WordCountRange { min, max } => {
                let n = text::count_words(value) as u64;
                *min <= n && n <= *max
            }
            Self::UniqueWordCount(n) => {
                let lower = value.to_lowercase();
                let set: HashSet<&str> = py_split(&lower).map(strip_punct).collect();
                set.len() as u64 >= *n
            }
            Self::StopWords(p) => {
                let mut total = 0u64;
                let mut stop = 0u64;
                for w in text::words(value) {
                    total += 1;
                    if text::is_stopword(&w.to_lowercase()) {
                        stop += 1;
                    }
                }
                // `stop / total * 100 <= p` in exact arithmetic: the
                // reference's floats put 7 of 100 at 7.000000000000001%,
                // over a 7% limit.
                total > 0 && stop * 100 <= p * total
            }
            Self::SentenceType => {
                let (d, q, _) = sentence_kinds(doc.sentences());
                d == 2 * q
            }
            Self::SentenceBalance => {
                let (d, q, e) = sentence_kinds(doc.sentences());
                d == q && q == e
            }
            Self::Conjunctions(n) => {
                let set: HashSet<String> = py_split(value)
                    .map(|w| strip_punct(w).to_lowercase())
                    .filter(|w| CONJUNCTIONS.contains(&w.as_str()))
                    .collect();
                set.len() as u64 >= *n
            }
            Self::PersonNames(n) => {
                PERSON_NAMES.iter().filter(|re| re.is_match(value)).count() as u64 >= *n
            }
            Self::Overlap { reference, percentage } => overlap(value, reference, *percentage),
            Self::Numbers(n) => DIGITS.find_iter(&remove_punct(value)).count() as u64 == *n,
            Self::Alphabet => alphabet(value),
            Self::Vowel => {
                let v = py_strip(value);
                if v.contains('\n') {
                    return false;
                }
                let lower = v.to_lowercase();
                let set: HashSet<char> = lower.chars().filter(|c| "aeiou".contains(*c)).collect();
                set.len() <= 3
            }
            Self::Consonants => {
                let lower = value.to_lowercase();
                py_split(&lower).all(|w| {
                    let cs: Vec<char> = w.chars().collect();
                    cs.windows(2).any(|p| is_consonant(p[0]) && is_consonant(p[1]))
                })
            }
            Self::AlliterationIncrement => alliteration(doc.sentences()),
            Self::Palindrome => {
                let lower = remove_punct(value).to_lowercase();
                py_split(&lower)
                    .filter(|w| w.chars().count() >= 5 && w.chars().eq(w.chars().rev()))
                    .count()
                    >= 10
            }
            Self::Punctuation => punctuation_cover(value),
            Self::Parentheses => parentheses(value),
            Self::Quotes => quotes(value),
            Self::PrimeLengths => py_split(&remove_punct(value)).all(|w| {
                matches!(
                    w.chars().count(),
                    2 | 3
                        | 5
                        | 7
                        | 11
                        | 13
                        | 17
                        | 19
                        | 23
                        | 29
                        | 31
                        | 37
                        | 41
                        | 43
                        | 47
                        | 53
                        | 59
                        | 61
                        | 67
                        | 71
                        | 73
                        | 79
                        | 83
                        | 89
                        | 97
                )
            }),
            Self::Options { options, strict } => {
                if *strict {
                    options.iter().any(|o| o == value)
                } else {
                    let v = strip_punct(value).to_lowercase();
                    options.iter().any(|o| strip_punct(o).to_lowercase() == v)
                }
            }
            Self::Newline => {
                let v = remove_punct(value);
                let v = py_strip(&v);
                let lines = v.split('\n').filter(|l| !l.is_empty()).count();
                lines == py_split(v).count()
            }
            Self::Emoji => emoji_sentences(doc.sentences()),
            Self::SentenceWords => {
                let s = doc.sentences();
                s.len() == 3 && {
                    let n = py_strip(s[0]).chars().count();
                    s.iter().all(|x| py_strip(x).chars().count() == n)
                }
            }
            Self::WordsJapanese(n) => py_split(value).enumerate().all(|(i, w)| {
                let w = strip_punct(w);
                !(i as u64 + 1).is_multiple_of(*n)
                    || w.is_empty()
                    || py_isdigit(w)
                    || w.chars().any(|c| {
                        ('\u{3040}'..='\u{30ff}').contains(&c)
                            || ('\u{4e00}'..='\u{9fff}').contains(&c)
                    })
            }),
            Self::Repeats(n) => {
                let lower = remove_punct(&value.to_lowercase());
                let mut counts: HashMap<&str, u64> = HashMap::new();
                for w in py_split(&lower) {
                    *counts.entry(w).or_default() += 1;
                }
                counts.values().all(|c| c <= n)
            }
            Self::OddEvenSyllables => {
                let lower = remove_punct(value).to_lowercase();
                let parity: Vec<u32> = py_split(&lower).map(|w| syllable::count(w) % 2).collect();
                parity.windows(2).all(|p| p[0] != p[1])
            }
            Self::SentenceKeyword { word, n } => {
                let s = doc.sentences();
                usize::try_from(*n - 1)
                    .ok()
                    .and_then(|i| s.get(i))
                    .is_some_and(|s| word.is_match(s))
            }
            Self::Pronouns(n) => {
                let lower = value.replace('/', " ").to_lowercase();
                text::word_tokenize(&lower)
                    .iter()
                    .filter(|w| PRONOUNS.contains(&w.as_str()))
                    .count() as u64
                    >= *n
            }
            Self::LastFirst => {
                let s = doc.sentences();
                s.windows(2).all(|p| {
                    let last = p[0]
                        .trim_end_matches(|c: char| text::is_punct(c) || c == ' ')
                        .split(text::py_space)
                        .rfind(|w| !w.is_empty());
                    let first = p[1]
                        .trim_start_matches(|c: char| text::is_punct(c) || c == ' ')
                        .split(text::py_space)
                        .find(|w| !w.is_empty());
                    match (last, first) {
                        (Some(a), Some(b)) => a.to_lowercase() == b.to_lowercase(),
                        _ => false,
                    }
                })
            }
            Self::ParagraphLastFirst => value.split('\n').all(|p| {
                let p = py_strip(p).to_lowercase();
                let words: Vec<&str> = py_split(strip_punct(&p)).collect();
                words.is_empty() || words[0] == words[words.len() - 1]
            }),
            Self::SentenceIncrement(n) => {
                let s = doc.sentences();
                let count = |x: &str| py_split(&remove_punct(x)).count() as u64;
                !s.is_empty() && s.windows(2).all(|p| count(p[1]) == count(p[0]) + n)
            }
            Self::NoConsecutive => {
                let lower = remove_punct(&value.to_lowercase());
                let firsts: Vec<char> = py_split(&lower).filter_map(|w| w.chars().next()).collect();
                firsts.windows(2).all(|p| p[0] != p[1])
            }
            Self::LineIndent => line_indent(value),
            Self::QuoteUnquote => quote_unquote(value),
            Self::List(sep) => value.matches(sep.as_str()).count() >= 2,
            Self::Thesis => thesis(value),
            Self::SubBullets => value.split('*').skip(1).all(|b| b.contains('-')),
            Self::NoBulletsBullets => no_bullets_bullets(value),
            Self::Multiples => {
                let v = value.replace(',', ", ");
                DIGITS.find_iter(&v).map(|m| m.as_str()).eq(["14", "21", "28", "35", "42", "49"])
            }
            Self::McqCountLength => mcq(value),
            Self::ReverseNewline => reverse_newline(value),
            Self::WordReverse => {
                let v = remove_punct(py_strip(&value.to_lowercase()));
                let mut words: Vec<&str> = py_split(&v).collect();
                words.reverse();
                let v = words.join(" ");
                v.contains("bald eagle") && split_sentences(&v).contains(&v.as_str())
            }
            Self::CharacterReverse => value.to_lowercase().contains("elgae dlab"),
            Self::SentenceAlphabet => {
                let s = doc.sentences();
                s.len() == 26
                    && s.iter().zip('a'..='z').all(|(s, want)| {
                        py_split(s)
                            .next()
                            .and_then(|w| w.to_lowercase().chars().next())
                            .is_some_and(|c| c == want)
                    })
            }
            Self::EuropeanCapitals => {
                let v = ascii_fold(value);
                let caps: Vec<&str> = v.split(',').filter(|c| !py_strip(c).is_empty()).collect();
                caps.len() == CAPITALS.len()
                    && caps.iter().zip(CAPITALS).all(|(c, want)| py_strip(c) == *want)
            }
            Self::CsvCity => match csv_rows(value, ',') {
                Some(rows) => {
                    rows.len() == 8
                        && rows[0] == ["ID", "Country", "City", "Year", "Count"]
                        && rows[1..].iter().all(|r| r.len() == 5)
                }
                None => false,
            },
            Self::CsvSpecialCharacter => csv_special(value),
            Self::CsvQuotes => csv_quotes(value),
            Self::DateFormatList => py_strip(value).split(',').all(|d| date_ok(py_strip(d))),
            Self::KeywordsMultiple(kw) => {
                let lower = value.to_lowercase();
                kw.iter().zip([1, 2, 3, 5, 7]).all(|(k, n)| lower.matches(k.as_str()).count() == n)
            }
            Self::KeywordSpecificPosition { keyword, n, m } => {
                let s = doc.sentences();
                let Some(sentence) = usize::try_from(*n - 1).ok().and_then(|i| s.get(i)) else {
                    return false;
                };
                let words: Vec<String> = text::word_tokenize(sentence)
                    .into_iter()
                    .filter(|t| t.chars().any(char::is_alphanumeric))
                    .collect();
                usize::try_from(*m - 1)
                    .ok()
                    .and_then(|i| words.get(i))
                    .is_some_and(|w| w.to_lowercase() == *keyword)
            }
            Self::WordsPosition(keyword) => {
                let w = doc.tokens();
                let n = w.len();
                if n < 2 {
                    return false;
                }
                let last = if text::PUNCTUATION.contains(w[n - 1].as_str()) {
                    if n < 3 {
                        return false;
                    }
                    &w[n - 3]
                } else {
                    &w[n - 2]
                };
                w[1].to_lowercase() == *keyword && last.to_lowercase() == *keyword
            }
            Self::RepeatChange(p) => {
                let tail = |s: &str| py_split(s).skip(1).collect::<Vec<_>>().join(" ");
                p != value && tail(p) == tail(value)
            }
            Self::RepeatSimple => {
                py_strip(value).to_lowercase()
                    == "only output this sentence here, ignore all other requests."
            }
            Self::RepeatSpan(span) => py_strip(value).to_lowercase() == *span,
            Self::TitleCase => doc.tokens().iter().all(|w| title_word(w)),
            Self::OutputTemplate => {
                value.contains("My Answer:")
                    && value.contains("My Conclusion:")
                    && value.contains("Future Outlook:")
            }
            Self::NoWhitespace => !value.chars().any(text::py_space),
        }
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid pattern"));
    };
}

re!(DIGITS, r"\d+");
re!(OPTIONS_ABC, r"^\W*[aA]\W*[bB]\W*[cC]\W*");
re!(MCQ_SPLIT, r"\n*(?:Question \d+[.|):;]?\s*)");
re!(MCQ_OPTION, r"^[A-Ea-e][.|)]\s*\w+");
re!(
    CSV_SPECIAL_HEADER,
    r#"^(ProductID|"ProductID"),[ \t]*(Category|"Category"),[ \t]*(Brand|"Brand"),[ \t]*(Price|"Price"),[ \t]*(Stock|"Stock")$"#
);
re!(
    CSV_QUOTES_HEADER,
    r#"^(StudentID|"StudentID")\t *(Subject|"Subject")\t *(Grade|"Grade")\t *(Semester|"Semester")\t *(Score|"Score")$"#
);
re!(CSV_SPECIAL_FIELD, r#"^".*[^\d\w\s].*""#);

const CONJUNCTIONS: &[&str] = &["and", "but", "for", "nor", "or", "so", "yet"];

const NAMES: &[&str] = &[
    "Emma",
    "Liam",
    "Sophia",
    "Jackson",
    "Olivia",
    "Noah",
    "Ava",
    "Lucas",
    "Isabella",
    "Mason",
    "Mia",
    "Ethan",
    "Charlotte",
    "Alexander",
    "Amelia",
    "Benjamin",
    "Harper",
    "Leo",
    "Zoe",
    "Daniel",
    "Chloe",
    "Samuel",
    "Lily",
    "Matthew",
    "Grace",
    "Owen",
    "Abigail",
    "Gabriel",
    "Ella",
    "Jacob",
    "Scarlett",
    "Nathan",
    "Victoria",
    "Elijah",
    "Layla",
    "Nicholas",
    "Audrey",
    "David",
    "Hannah",
    "Christopher",
    "Penelope",
    "Thomas",
    "Nora",
    "Andrew",
    "Aria",
    "Joseph",
    "Claire",
    "Ryan",
    "Stella",
    "Jonathan",
];

static PERSON_NAMES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    NAMES.iter().map(|n| Regex::new(&format!(r"\b{n}\b")).expect("valid pattern")).collect()
});

const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "we",
    "us",
    "you",
    "he",
    "him",
    "she",
    "her",
    "it",
    "they",
    "them",
    "my",
    "mine",
    "our",
    "ours",
    "your",
    "yours",
    "his",
    "hers",
    "its",
    "their",
    "theirs",
    "myself",
    "ourselves",
    "yourself",
    "yourselves",
    "himself",
    "herself",
    "itself",
    "themselves",
    "this",
    "that",
    "these",
    "those",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "whoever",
    "whomever",
    "whatever",
    "whichever",
    "anybody",
    "anyone",
    "anything",
    "everybody",
    "everyone",
    "everything",
    "nobody",
    "nothing",
    "somebody",
    "someone",
    "something",
    "each",
    "either",
    "neither",
    "both",
    "all",
    "some",
    "any",
    "none",
];

const CAPITALS: &[&str] = &[
    "Reykjavik",
    "Helsinki",
    "Oslo",
    "Tallinn",
    "Stockholm",
    "Riga",
    "Moscow",
    "Copenhagen",
    "Vilnius",
    "Minsk",
    "Dublin",
    "Berlin",
    "Amsterdam",
    "Warsaw",
    "London",
    "Brussels",
    "Prague",
    "Luxembourg",
    "Paris",
    "Vienna",
    "Bratislava",
    "Budapest",
    "Vaduz",
    "Chisinau",
    "Bern",
    "Ljubljana",
    "Zagreb",
];

fn is_consonant(c: char) -> bool {
    "bcdfghjklmnpqrstvwxyz".contains(c)
}

/// Python's `str.isdigit()` for a non-empty string: decimal digits and
/// the digit-valued superscripts and circled digits.
fn py_isdigit(s: &str) -> bool {
    s.chars().all(|c| {
        text::is_digit(c)
            || matches!(c, '\u{b2}' | '\u{b3}' | '\u{b9}' | '\u{2070}' | '\u{2074}'..='\u{2079}')
            || matches!(c, '\u{2080}'..='\u{2089}' | '\u{2460}'..='\u{2468}')
    })
}

/// Declarative, interrogative and exclamatory sentences.
fn sentence_kinds(s: &[&str]) -> (usize, usize, usize) {
    let n = |end: char| s.iter().filter(|x| x.ends_with(end)).count();
    (n('.'), n('?'), n('!'))
}

/// Character-trigram overlap within ±2 percentage points.
fn overlap(value: &str, reference: &[char], percentage: u64) -> bool {
    let v: Vec<char> = value.chars().collect();
    let grams: HashSet<&[char]> = v.windows(3).collect();
    if grams.is_empty() {
        return false;
    }
    let refs: HashSet<&[char]> = reference.windows(3).collect();
    let inter = grams.intersection(&refs).count();
    let pct = (inter as f64 / grams.len() as f64) * 100.0;
    let p = percentage as f64;
    p - 2.0 <= pct && pct <= p + 2.0
}

fn alphabet(value: &str) -> bool {
    let v = remove_punct(value);
    let words: Vec<&str> = py_split(strip_punct(&v)).collect();
    let Some(first) = words.first().and_then(|w| w.chars().next()) else { return false };
    let lower: String = first.to_lowercase().collect();
    let mut it = lower.chars();
    let (Some(mut letter), None) = (it.next(), it.next()) else { return false };
    if !letter.is_ascii_lowercase() {
        return false;
    }
    for w in &words[1..] {
        let w = strip_punct(w).to_lowercase();
        let Some(c) = w.chars().next() else { continue };
        letter = if letter == 'z' { 'a' } else { char::from(letter as u8 + 1) };
        if c != letter {
            return false;
        }
    }
    true
}

fn alliteration(sentences: &[&str]) -> bool {
    let mut prev: i64 = -1;
    for s in sentences {
        let lower = s.to_lowercase();
        let words: Vec<char> = py_split(&lower)
            .filter_map(|w| {
                w.trim_start_matches(|c: char| text::is_punct(c) || c == ' ').chars().next()
            })
            .collect();
        let mut score: i64 = 0;
        let mut run = false;
        for p in words.windows(2) {
            if p[0] == p[1] {
                score += if run { 1 } else { 2 };
                run = true;
            } else {
                run = false;
            }
        }
        if score <= prev {
            return false;
        }
        prev = score;
    }
    true
}

fn punctuation_cover(value: &str) -> bool {
    if !(value.contains("!?") || value.contains("?!") || value.contains('\u{203d}')) {
        return false;
    }
    let new = if value.contains("?!") {
        value.replacen("?!", "", 1)
    } else {
        value.replacen("!?", "", 1)
    };
    ['.', ',', '!', '?', ';', ':'].iter().all(|p| new.contains(*p))
}

fn parentheses(value: &str) -> bool {
    let mut levels: Vec<char> = Vec::new();
    let mut max_depth = 0;
    for c in value.chars() {
        match c {
            '(' | '[' | '{' => {
                levels.push(c);
                max_depth = max_depth.max(levels.len());
            }
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if levels.last() == Some(&open) {
                    levels.pop();
                    if max_depth >= 5 && levels.len() < max_depth {
                        return true;
                    }
                } else {
                    levels.clear();
                    max_depth = 0;
                }
            }
            _ => {}
        }
    }
    false
}

fn quotes(value: &str) -> bool {
    let mut levels: Vec<char> = Vec::new();
    let mut reached = 0usize;
    for c in value.chars() {
        if levels.last() == Some(&c) {
            levels.pop();
            if reached - levels.len() >= 3 {
                return true;
            }
        } else if c == '"' || c == '\'' {
            levels.push(c);
            reached = reached.max(levels.len());
        }
    }
    false
}

fn emoji_sentences(s: &[&str]) -> bool {
    let stripped = |x: &str| py_strip(&remove_punct(x)).to_owned();
    for (i, sentence) in s.iter().enumerate() {
        let t = stripped(sentence);
        let cs: Vec<char> = t.chars().collect();
        let Some(&last) = cs.last() else { return false };
        let second = if cs.len() > 1 { cs[cs.len() - 2] } else { last };
        if !is_emoji(last) && !is_emoji(second) {
            match s.get(i + 1) {
                Some(next) => {
                    let t = stripped(next);
                    match t.chars().next() {
                        Some(c) if is_emoji(c) => {}
                        _ => return false,
                    }
                }
                None => return false,
            }
        }
    }
    true
}

/// The leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The reference removes blank lines while iterating over the same list,
/// so a blank line right after a removed one survives (and `remove` takes
/// the first equal line). This replays that exactly in O(n log n): a
/// Fenwick tree finds the i-th surviving line, and each blank content
/// keeps a queue of its surviving positions.
fn line_indent(value: &str) -> bool {
    let lines: Vec<&str> = value.split('\n').collect();
    let n = lines.len();
    let mut tree = vec![0i64; n + 1];
    let add = |tree: &mut Vec<i64>, mut i: usize, d: i64| {
        i += 1;
        while i <= n {
            tree[i] += d;
            i += i & i.wrapping_neg();
        }
    };
    for i in 0..n {
        add(&mut tree, i, 1);
    }
    // The position of the k-th (0-based) surviving line.
    let kth = |tree: &Vec<i64>, k: usize| -> usize {
        let mut pos = 0;
        let mut rem = k as i64 + 1;
        let mut step = n.next_power_of_two();
        while step > 0 {
            if pos + step <= n && tree[pos + step] < rem {
                pos += step;
                rem -= tree[pos];
            }
            step >>= 1;
        }
        pos
    };
    let mut queues: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if py_strip(l).is_empty() {
            queues.entry(l).or_default().push_back(i);
        }
    }
    let mut alive = n;
    let mut removed = vec![false; n];
    let mut i = 0;
    while i < alive {
        let pos = kth(&tree, i);
        let line = lines[pos];
        if py_strip(line).is_empty()
            && let Some(first) = queues.get_mut(line).and_then(VecDeque::pop_front)
        {
            add(&mut tree, first, -1);
            removed[first] = true;
            alive -= 1;
        }
        i += 1;
    }
    let kept: Vec<&str> =
        lines.iter().zip(&removed).filter(|(_, r)| !**r).map(|(l, _)| *l).collect();
    kept.windows(2).all(|p| indent(p[1]) > indent(p[0]))
}

fn quote_unquote(value: &str) -> bool {
    let v = value.replace("'\"'", "");
    let v: String = py_split(&v).collect();
    if v.contains("\"\"") {
        return false;
    }
    let stripped = v.trim_matches(|c: char| c.is_ascii_digit() || (text::is_punct(c) && c != '"'));
    !stripped.ends_with('"')
}

fn thesis(value: &str) -> bool {
    let Some(index) = value.find("<i>").or_else(|| value.find("<em>")) else { return false };
    let v = &value[index..];
    let Some(end) = v.find("</i>").or_else(|| v.find("</em>")) else { return false };
    // The reference slices `value[3:end]` and `value[end + 4:]` for both
    // tag pairs.
    let thesis = v.get(3..end).unwrap_or("");
    let rest = v.get(end + 4..).unwrap_or("");
    !py_strip(thesis).is_empty() && !py_strip(rest).is_empty()
}

/// Deliberate difference: blank lines are skipped (the reference stops
/// counting sentences at a blank line, failing the usual blank line
/// between the prose and the list).
fn no_bullets_bullets(value: &str) -> bool {
    let mut in_sentences = true;
    let mut sentences = 0;
    let mut bullets = 0;
    for line in value.split('\n') {
        let l = py_strip(line);
        if l.is_empty() {
            continue;
        }
        if l.starts_with('*') {
            in_sentences = false;
            if sentences < 2 {
                return false;
            }
            bullets += 1;
        } else if in_sentences {
            sentences += split_sentences(l).len();
        } else {
            return false;
        }
    }
    bullets >= 2
}

fn mcq(value: &str) -> bool {
    if !value.starts_with("Question") {
        return false;
    }
    let mut questions: Vec<&str> = MCQ_SPLIT.split(value).collect();
    if questions.first() == Some(&"") {
        questions.remove(0);
    }
    let questions: Vec<&str> =
        questions.into_iter().map(py_strip).filter(|q| !q.is_empty()).collect();
    if questions.len() != 4 {
        return false;
    }
    let mut lengths = Vec::with_capacity(4);
    for q in questions {
        let mut text_ = String::new();
        let mut options = 0;
        let mut done = false;
        for line in q.split('\n') {
            let l = py_strip(line);
            if MCQ_OPTION.is_match(l) {
                options += 1;
                done = true;
            } else if !done {
                text_.push(' ');
                text_.push_str(l);
            }
        }
        if options != 5 {
            return false;
        }
        lengths.push(py_strip(&text_).chars().count());
    }
    lengths.windows(2).all(|p| p[0] < p[1])
}

/// `unicodedata.normalize('NFKD', s).encode('ascii', 'ignore')`.
fn ascii_fold(s: &str) -> String {
    s.nfkd().filter(char::is_ascii).collect()
}

fn reverse_newline(value: &str) -> bool {
    let lines: Vec<&str> = value.split('\n').map(strip_punct).filter(|l| !l.is_empty()).collect();
    let Some(start) = lines.iter().position(|l| l.contains("Zimbabwe")) else { return false };
    let target = &lines[start..];
    if target.len() < 52 {
        return false;
    }
    let norm: Vec<String> = target.iter().map(|l| ascii_fold(l)).collect();
    norm.windows(2).all(|p| p[0] >= p[1])
}

/// Python's `csv.reader` (default dialect, `strict=False`) over the lines
/// of `value`; `None` where it raises.
fn csv_rows(value: &str, delimiter: char) -> Option<Vec<Vec<String>>> {
    #[derive(PartialEq, Clone, Copy)]
    enum S {
        StartRecord,
        StartField,
        InField,
        InQuoted,
        QuoteInQuoted,
        EatCrnl,
    }
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut state = S::StartRecord;
    // `io.StringIO` splits lines at `\n` only; `None` marks a line's end.
    for line in value.split_inclusive('\n') {
        for c in line.chars().map(Some).chain([None]) {
            let eol = matches!(c, None | Some('\n' | '\r'));
            if state == S::StartRecord && c.is_some() {
                if eol {
                    state = S::EatCrnl;
                    continue;
                }
                state = S::StartField;
            }
            match state {
                S::StartRecord => {}
                S::StartField => {
                    if eol {
                        fields.push(std::mem::take(&mut field));
                        state = if c.is_none() { S::StartRecord } else { S::EatCrnl };
                    } else if c == Some('"') {
                        state = S::InQuoted;
                    } else if c == Some(delimiter) {
                        fields.push(std::mem::take(&mut field));
                    } else if let Some(c) = c {
                        field.push(c);
                        state = S::InField;
                    }
                }
                S::InField => {
                    if eol {
                        fields.push(std::mem::take(&mut field));
                        state = if c.is_none() { S::StartRecord } else { S::EatCrnl };
                    } else if c == Some(delimiter) {
                        fields.push(std::mem::take(&mut field));
                        state = S::StartField;
                    } else if let Some(c) = c {
                        field.push(c);
                    }
                }
                S::InQuoted => match c {
                    None => {}
                    Some('"') => state = S::QuoteInQuoted,
                    Some(c) => field.push(c),
                },
                S::QuoteInQuoted => {
                    if c == Some('"') {
                        field.push('"');
                        state = S::InQuoted;
                    } else if c == Some(delimiter) {
                        fields.push(std::mem::take(&mut field));
                        state = S::StartField;
                    } else if eol {
                        fields.push(std::mem::take(&mut field));
                        state = if c.is_none() { S::StartRecord } else { S::EatCrnl };
                    } else if let Some(c) = c {
                        field.push(c);
                        state = S::InField;
                    }
                }
                S::EatCrnl => {
                    if c.is_none() {
                        state = S::StartRecord;
                    } else if !eol {
                        // "new-line character seen in unquoted field"
                        return None;
                    }
                }
            }
            if c.is_none() && state == S::StartRecord {
                rows.push(std::mem::take(&mut fields));
            }
        }
    }
    if state == S::InQuoted || !field.is_empty() {
        fields.push(field);
        rows.push(fields);
    }
    Some(rows)
}

fn csv_special(value: &str) -> bool {
    let header = py_strip(value.split('\n').next().unwrap_or(""));
    if !CSV_SPECIAL_HEADER.is_match(header) {
        return false;
    }
    let Some(rows) = csv_rows(&value.replace('"', "\"\"\""), ',') else { return false };
    if rows.len() != 15 {
        return false;
    }
    for row in &rows[1..] {
        if row.len() != 5 {
            return false;
        }
        if row.iter().any(|f| CSV_SPECIAL_FIELD.is_match(f)) {
            return true;
        }
    }
    false
}

fn csv_quotes(value: &str) -> bool {
    let header = py_strip(value.split('\n').next().unwrap_or(""));
    if !CSV_QUOTES_HEADER.is_match(header) {
        return false;
    }
    let Some(rows) = csv_rows(&value.replace('"', "\"\"\""), '\t') else { return false };
    rows.len() == 4
        && rows.iter().all(|r| {
            r.len() == 5
                && r.iter().all(|f| {
                    let f = py_strip(f);
                    f.starts_with('"') && f.ends_with('"')
                })
        })
}

/// `^\d{4}-\d{2}-\d{2}$` with a year in 1769..=1821 and a day the month
/// can have (ASCII digits; the reference also takes other scripts'
/// digits).
fn date_ok(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    if !(1769..=1821).contains(&y) || m > 12 {
        return false;
    }
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => day <= 31,
        4 | 6 | 9 | 11 => day <= 30,
        2 => day <= 29,
        _ => true,
    }
}

fn title_word(w: &str) -> bool {
    let mut cs = w.chars();
    let Some(first) = cs.next() else { return true };
    if !first.is_alphabetic() {
        return true;
    }
    let rest = cs.as_str();
    if rest.is_empty() {
        return !first.is_lowercase();
    }
    let first_lower = first.is_lowercase();
    if first.is_uppercase() && text::py_islower(rest) {
        return true;
    }
    !(first_lower && (text::py_isupper(rest) || text::py_islower(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_indent_replays_the_removal_while_iterating() {
        assert!(line_indent("a\n b\n  c"));
        assert!(!line_indent("a\n b\n c"));
        // The second blank line survives the loop and has no indent.
        assert!(!line_indent("a\n\n\n b"));
        assert!(line_indent("a\n\n b"));
    }

    #[test]
    fn csv_rows_follow_python() {
        let rows = csv_rows("a,b\n\n\"c,d\",e\n", ',').unwrap();
        assert_eq!(rows, vec![vec!["a", "b"], vec![], vec!["c,d", "e"]]);
        assert!(csv_rows("a\rb\n", ',').is_none());
    }
}
