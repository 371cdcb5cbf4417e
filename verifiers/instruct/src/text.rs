//! Text measures with the reference's semantics: word counts, Python's
//! `str` predicates, NLTK-like word tokens, language identification.

use std::sync::LazyLock;

use regex::Regex;
use whatlang::Lang;

pub(crate) use crate::punkt::{
    count_sentences, is_decimal_digit as is_digit, py_space, split_sentences,
};

/// Python's `str.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(py_space)
}

/// The reference counts words with NLTK's `RegexpTokenizer(r"\w+")`. NLTK
/// 3.10 compiles its patterns with the `regex` engine, whose `\w` is the
/// Unicode (UTS #18) word class: letters, marks, decimal digits, connector
/// punctuation, joiners. That is the regex crate's `\w` too. (NLTK before
/// 3.10 used Python's `re`, whose `\w` excludes combining marks, splitting
/// `हिन्दी` into three words, and includes `½` and `²`.)
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("valid"));

/// The number of words, as the reference counts them.
pub(crate) fn count_words(text: &str) -> usize {
    WORD.find_iter(text).count()
}

/// Python's `string.punctuation`.
pub(crate) const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Whether `c` is in Python's `string.punctuation`.
pub(crate) fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// `s.strip(string.punctuation + ' ')`.
pub(crate) fn strip_punct(s: &str) -> &str {
    s.trim_matches(|c: char| is_punct(c) || c == ' ')
}

/// `s.translate(str.maketrans('', '', string.punctuation))`.
pub(crate) fn remove_punct(s: &str) -> String {
    s.chars().filter(|&c| !is_punct(c)).collect()
}

/// Python's `str.split()`: runs of whitespace separate, no empty items.
pub(crate) fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(py_space).filter(|w| !w.is_empty())
}

/// The words of `text` as `\w+` runs.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    WORD.find_iter(text).map(|m| m.as_str())
}

/// NLTK's English stop words (`nltk.corpus.stopwords.words('english')`),
/// those without an apostrophe: the reference looks up `\w+` tokens,
/// which never hold one, so the list's contractions never match.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ain",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "couldn",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "ma",
    "me",
    "mightn",
    "more",
    "most",
    "mustn",
    "my",
    "myself",
    "needn",
    "no",
    "nor",
    "not",
    "now",
    "o",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "same",
    "shan",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "wouldn",
    "y",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether the lowercased token is an English stop word.
pub(crate) fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid pattern"));
    };
}

// NLTK 3.10's `NLTKWordTokenizer` rules, in its order; the rules with
// look-around are applied by hand in `treebank`.
re!(SQ_UNI, r"([«“‘„]|[`]+)");
re!(SQ_START, r#"^""#);
re!(SQ_TICKS, r"(``)");
re!(SQ_OPEN, r#"([ (\[{<])("|'')"#);
re!(P_FINAL1, r#"([^.])(\.)([\])}>"'»”’ ]*)\s*$"#);
re!(P_COLON, r"([:,])([^\d])");
re!(P_COLON_END, r"([:,])$");
re!(P_ELLIPSIS, r"\.{2,}");
re!(P_SYMBOLS, r"[;@#$%&]");
re!(P_DASHES, r"[\u{2012}-\u{2015}]");
re!(P_FINAL2, r#"([^.])(\.)([\])}>"']*)\s*$"#);
re!(P_QE, r"[?!]");
re!(P_APOS, r"([^'])' ");
re!(P_STAR, r"[*]");
re!(PARENS, r"[\]\[(){}<>]");
re!(DDASH, r"--");
re!(EQ_UNI, r"([»”’])");
re!(EQ_TWO, r"''");
re!(EQ_DQ, r#"""#);
re!(EQ_SPACE, r"\s+");
re!(EQ_S, r"([^' ])('[sS]|'[mM]|'[dD]|') ");
re!(EQ_LL, r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ");
re!(C_CANNOT, r"(?i)\b(can)(not)\b");
re!(C_DYE, r"(?i)\b(d)('ye)\b");
re!(C_GIMME, r"(?i)\b(gim)(me)\b");
re!(C_GONNA, r"(?i)\b(gon)(na)\b");
re!(C_GOTTA, r"(?i)\b(got)(ta)\b");
re!(C_LEMME, r"(?i)\b(lem)(me)\b");
re!(C_MOREN, r"(?i)\b(more)('n)\b");
re!(C_WANNA, r"(?i)\b(wan)(na)(\s)");
re!(C_TIS, r"(?i) ('t)(is)\b");
re!(C_TWAS, r"(?i) ('t)(was)\b");

/// `(?i)(?<!\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)` → `' `: an opening
/// single quote before a word is split off.
fn split_opening_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        out.push(c);
        if c == '\'' && !prev.is_some_and(is_word_char) {
            let rest = &s[i + 1..];
            let next_word = rest.chars().next().is_some_and(is_word_char);
            let lower: String = rest.chars().take(3).flat_map(char::to_lowercase).collect();
            let contraction = ["re", "ve", "ll", "m", "t", "s", "d", "n"].iter().any(|k| {
                lower.starts_with(k)
                    && !rest.chars().nth(k.chars().count()).is_some_and(is_word_char)
            });
            if next_word && !contraction {
                out.push(' ');
            }
        }
        prev = Some(c);
    }
    out
}

/// Python's `\w` (Unicode word characters).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `t = re.sub(rep, t)`, reallocating only when something matched.
fn sub(t: &mut String, re: &Regex, rep: &str) {
    if let std::borrow::Cow::Owned(new) = re.replace_all(t, rep) {
        *t = new;
    }
}

/// NLTK's `NLTKWordTokenizer.tokenize` on one sentence.
fn treebank(sentence: &str, out: &mut Vec<String>) {
    let mut t = SQ_UNI.replace_all(sentence, " $1 ").into_owned();
    sub(&mut t, &SQ_START, "``");
    sub(&mut t, &SQ_TICKS, " $1 ");
    sub(&mut t, &SQ_OPEN, "$1 `` ");
    t = split_opening_quotes(&t);
    sub(&mut t, &P_FINAL1, "$1 $2 $3 ");
    sub(&mut t, &P_COLON, " $1 $2");
    sub(&mut t, &P_COLON_END, " $1 ");
    sub(&mut t, &P_ELLIPSIS, " $0 ");
    sub(&mut t, &P_SYMBOLS, " $0 ");
    sub(&mut t, &P_DASHES, " $0 ");
    sub(&mut t, &P_FINAL2, "$1 $2$3 ");
    sub(&mut t, &P_QE, " $0 ");
    sub(&mut t, &P_APOS, "$1 ' ");
    sub(&mut t, &P_STAR, " $0 ");
    sub(&mut t, &PARENS, " $0 ");
    sub(&mut t, &DDASH, " -- ");
    t = format!(" {t} ");
    sub(&mut t, &EQ_UNI, " $1 ");
    sub(&mut t, &EQ_TWO, " '' ");
    sub(&mut t, &EQ_DQ, " '' ");
    sub(&mut t, &EQ_SPACE, " ");
    sub(&mut t, &EQ_S, "$1 $2 ");
    sub(&mut t, &EQ_LL, "$1 $2 ");
    for re in [&*C_CANNOT, &*C_DYE, &*C_GIMME, &*C_GONNA, &*C_GOTTA, &*C_LEMME, &*C_MOREN] {
        sub(&mut t, re, " $1 $2 ");
    }
    sub(&mut t, &C_WANNA, " $1 $2 $3");
    for re in [&*C_TIS, &*C_TWAS] {
        sub(&mut t, re, " $1 $2 ");
    }
    out.extend(py_split(&t).map(str::to_owned));
}

/// NLTK's `word_tokenize`: Punkt sentences, each split by the Treebank
/// rules of `NLTKWordTokenizer`.
pub(crate) fn word_tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in split_sentences(text) {
        treebank(s, &mut out);
    }
    out
}

/// Python's `str.isupper()`: at least one cased character and no lowercase
/// one.
pub(crate) fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Python's `str.islower()`: at least one cased character and no uppercase
/// one.
pub(crate) fn py_islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() {
            return false;
        }
        cased |= c.is_lowercase();
    }
    cased
}

/// Characters NLTK's Treebank word tokenizer always splits off a word:
/// brackets, quotes, `;@#$%&?!`.
fn always_split(c: char) -> bool {
    matches!(
        c,
        ';' | '@'
            | '#'
            | '$'
            | '%'
            | '&'
            | '?'
            | '!'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '"'
            | '`'
            | '\u{ab}'
            | '\u{bb}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201e}'
    )
}

/// The number of all-uppercase tokens NLTK's `word_tokenize` finds, as
/// `change_case:capital_word_frequency` counts them.
///
/// Approximation: only how a chunk splits into *cased* tokens matters (a
/// punctuation token is never upper case), so instead of the full Treebank
/// rules this splits whitespace-separated chunks at the characters the
/// Treebank tokenizer splits off (brackets, quotes, `;@#$%&?!`, `--`,
/// `...`, and `,`/`:` before a non-digit), then splits the contractions
/// Treebank splits (`'s 'm 'd 'll 're 've n't` before the end of a token,
/// and `cannot gimme gonna gotta lemme wanna`).
pub(crate) fn count_capital_words(text: &str) -> usize {
    let mut n = 0;
    for chunk in text.split(py_space).filter(|c| !c.is_empty()) {
        let mut pieces: Vec<&str> = Vec::new();
        let mut start = 0;
        let mut chars = chunk.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, c)| c);
            let split = always_split(c)
                || (matches!(c, ',' | ':') && !next.is_some_and(|d| d.is_ascii_digit()))
                || (c == '-' && next == Some('-'))
                || (c == '.' && chunk[i..].starts_with("..."));
            if split {
                pieces.push(&chunk[start..i]);
                start = i + c.len_utf8();
            }
        }
        pieces.push(&chunk[start..]);
        for p in pieces {
            n += contraction_parts(p).iter().filter(|t| py_isupper(t)).count();
        }
    }
    n
}

/// A token split as Treebank splits contractions.
fn contraction_parts(p: &str) -> Vec<&str> {
    let lower = p.to_lowercase();
    if lower.len() == p.len() {
        for two in ["cannot", "gimme", "gonna", "gotta", "lemme", "wanna"] {
            if lower == two {
                let cut = if two == "cannot" { 3 } else { 3.min(p.len()) };
                return vec![&p[..cut], &p[cut..]];
            }
        }
        for suffix in ["n't", "'ll", "'re", "'ve", "'s", "'m", "'d"] {
            if lower.len() > suffix.len() && lower.ends_with(suffix) {
                let cut = p.len() - suffix.len();
                if p.is_char_boundary(cut) && !p[..cut].ends_with('\'') {
                    return vec![&p[..cut], &p[cut..]];
                }
            }
        }
    }
    vec![p]
}

/// The ISO 639-1 codes the reference's instruction uses, and the language
/// whatlang reports for each. Swahili (`sw`) is not among whatlang's
/// languages.
const LANGUAGES: &[(&str, Lang)] = &[
    ("en", Lang::Eng),
    ("es", Lang::Spa),
    ("pt", Lang::Por),
    ("ar", Lang::Ara),
    ("hi", Lang::Hin),
    ("fr", Lang::Fra),
    ("ru", Lang::Rus),
    ("de", Lang::Deu),
    ("ja", Lang::Jpn),
    ("it", Lang::Ita),
    ("bn", Lang::Ben),
    ("uk", Lang::Ukr),
    ("th", Lang::Tha),
    ("ur", Lang::Urd),
    ("ta", Lang::Tam),
    ("te", Lang::Tel),
    ("bg", Lang::Bul),
    ("ko", Lang::Kor),
    ("pl", Lang::Pol),
    ("he", Lang::Heb),
    ("fa", Lang::Pes),
    ("vi", Lang::Vie),
    ("ne", Lang::Nep),
    ("kn", Lang::Kan),
    ("mr", Lang::Mar),
    ("gu", Lang::Guj),
    ("pa", Lang::Pan),
    ("ml", Lang::Mal),
    ("fi", Lang::Fin),
];

/// The whatlang language for an ISO 639-1 code the instruction accepts.
pub(crate) fn language(code: &str) -> Option<Lang> {
    LANGUAGES.iter().find(|(c, _)| *c == code).map(|&(_, l)| l)
}

/// How much text language identification reads. The reference's
/// langdetect reads the first 10,000 characters too
/// (`Detector.max_text_length`).
const DETECT_CHARS: usize = 10_000;

/// The languages the reference's langdetect can answer (its 55 profiles),
/// as far as whatlang knows them (it has no Somali, Albanian or Swahili).
/// Identification chooses among these only: a text the reference must call
/// one of its languages is not called Esperanto, Latin or Javanese here.
const LANGDETECT_LANGUAGES: &[Lang] = &[
    Lang::Afr,
    Lang::Ara,
    Lang::Bul,
    Lang::Ben,
    Lang::Cat,
    Lang::Ces,
    Lang::Cym,
    Lang::Dan,
    Lang::Deu,
    Lang::Ell,
    Lang::Eng,
    Lang::Spa,
    Lang::Est,
    Lang::Pes,
    Lang::Fin,
    Lang::Fra,
    Lang::Guj,
    Lang::Heb,
    Lang::Hin,
    Lang::Hrv,
    Lang::Hun,
    Lang::Ind,
    Lang::Ita,
    Lang::Jpn,
    Lang::Kan,
    Lang::Kor,
    Lang::Lit,
    Lang::Lav,
    Lang::Mkd,
    Lang::Mal,
    Lang::Mar,
    Lang::Nep,
    Lang::Nld,
    Lang::Nob,
    Lang::Pan,
    Lang::Pol,
    Lang::Por,
    Lang::Ron,
    Lang::Rus,
    Lang::Slk,
    Lang::Slv,
    Lang::Swe,
    Lang::Tam,
    Lang::Tel,
    Lang::Tha,
    Lang::Tgl,
    Lang::Tur,
    Lang::Ukr,
    Lang::Urd,
    Lang::Vie,
    Lang::Cmn,
];

static DETECTOR: LazyLock<whatlang::Detector> =
    LazyLock::new(|| whatlang::Detector::with_allowlist(LANGDETECT_LANGUAGES.to_vec()));

/// The most frequent function words of the Latin-script languages, for
/// short texts (see [`detect`]).
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (
        Lang::Eng,
        &[
            "the", "a", "an", "and", "or", "of", "to", "in", "is", "are", "was", "it", "i", "you",
            "he", "she", "we", "they", "this", "that", "my", "your", "be", "have", "has", "not",
            "for", "with", "on", "at", "do", "so", "yes", "no", "think", "love", "what", "am",
        ],
    ),
    (
        Lang::Spa,
        &[
            "el", "la", "los", "las", "de", "que", "y", "es", "en", "un", "una", "me", "gusta",
            "mucho", "muy", "por", "con", "yo", "estoy", "soy", "pero", "para", "está",
        ],
    ),
    (
        Lang::Fra,
        &[
            "le", "la", "les", "de", "des", "et", "je", "suis", "est", "un", "une", "que", "pas",
            "ne", "nous", "vous", "il", "elle", "très", "c'est", "avec", "pour", "dans",
        ],
    ),
    (
        Lang::Deu,
        &[
            "der", "die", "das", "und", "ich", "bin", "ist", "nicht", "ein", "eine", "zu", "mit",
            "sehr", "du", "wir", "sie", "es", "auf", "für", "den", "dem",
        ],
    ),
    (
        Lang::Ita,
        &[
            "il", "lo", "gli", "di", "che", "è", "sono", "un", "una", "per", "non", "mi", "molto",
            "io", "sei", "della", "con", "anche",
        ],
    ),
    (
        Lang::Por,
        &[
            "o", "os", "de", "que", "é", "estou", "sou", "não", "um", "uma", "com", "muito", "eu",
            "você", "para", "mas", "está",
        ],
    ),
    (Lang::Nld, &["het", "een", "en", "ik", "ben", "niet", "van", "dat", "je", "zijn", "wij"]),
    (Lang::Fin, &["olen", "on", "ja", "ei", "se", "että", "minä", "sinä", "hän", "oli", "mutta"]),
    (Lang::Pol, &["jestem", "jest", "nie", "w", "na", "się", "że", "ja", "jak", "ale"]),
];

/// Texts with fewer words than this are identified by their function words
/// first: trigram statistics need more text than a short answer has.
const SHORT_TEXT_WORDS: usize = 12;

/// The language of `text`, or `None` when it cannot be told (no letters).
///
/// whatlang chooses among the reference's languages. A short Latin-script
/// text (fewer than [`SHORT_TEXT_WORDS`] words) is first read by its
/// function words: when one language's list has strictly more of the
/// text's words than every other, that language wins (whatlang calls
/// `I love it.` Slovenian, `Sono felice.` French).
pub(crate) fn detect(text: &str) -> Option<Lang> {
    let end = text.char_indices().nth(DETECT_CHARS).map_or(text.len(), |(i, _)| i);
    // whatlang's trigram profiles are lower case, and an all-capital text
    // must still be read as English.
    let lower = text[..end].to_lowercase();
    if whatlang::detect_script(&lower) == Some(whatlang::Script::Latin) {
        let words: Vec<&str> = WORD.find_iter(&lower).map(|m| m.as_str()).collect();
        if words.len() < SHORT_TEXT_WORDS {
            let hits = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
            let mut best: Option<(Lang, usize)> = None;
            let mut tie = false;
            for (lang, list) in FUNCTION_WORDS {
                let n = hits(list);
                match best {
                    Some((_, b)) if n == b => tie = true,
                    Some((_, b)) if n < b => {}
                    _ => {
                        best = Some((*lang, n));
                        tie = false;
                    }
                }
            }
            if let Some((lang, n)) = best
                && n > 0
                && !tie
            {
                return Some(lang);
            }
        }
    }
    DETECTOR.detect_lang(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_python_word_runs() {
        assert_eq!(count_words("Hello, world! It's 2024_x."), 5);
        assert_eq!(count_words("हिन्दी x² ½"), 2);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn capital_words_split_like_treebank() {
        assert_eq!(count_capital_words("DON'T STOP, HELLO,WORLD cannot U.S.A. \"QUOTE\""), 7);
        assert_eq!(count_capital_words("CANNOT"), 2);
        assert_eq!(count_capital_words("Hello WORLD I"), 2);
    }

    #[test]
    fn python_case_predicates() {
        assert!(py_isupper("HELLO 123!"));
        assert!(!py_isupper("123"));
        assert!(py_islower("hello, 123"));
        assert!(!py_islower("Hello"));
    }

    /// NLTK 3.10.4's `word_tokenize` on tricky texts (generated with the
    /// venv of scripts/gen_ifbench_fixtures.py).
    #[test]
    fn word_tokens_match_nltk() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.",
                &[
                    "Good", "muffins", "cost", "$", "3.88", "(", "roughly", "3,36", "euros", ")",
                    "in", "New", "York", ".", "Please", "buy", "me", "two", "of", "them", ".",
                    "Thanks", ".",
                ],
            ),
            (
                "They'll save and invest more. I can't believe it's not butter!",
                &[
                    "They", "'ll", "save", "and", "invest", "more", ".", "I", "ca", "n't",
                    "believe", "it", "'s", "not", "butter", "!",
                ],
            ),
            (
                "\"Hello,\" she said. 'Tis the season; gimme a break -- wanna go?",
                &[
                    "``", "Hello", ",", "''", "she", "said", ".", "'", "Tis", "the", "season", ";",
                    "gim", "me", "a", "break", "--", "wan", "na", "go", "?",
                ],
            ),
            (
                "He said: “quoted” and ‘single’ «guillemets» … done.",
                &[
                    "He",
                    "said",
                    ":",
                    "“",
                    "quoted",
                    "”",
                    "and",
                    "‘",
                    "single",
                    "’",
                    "«",
                    "guillemets",
                    "»",
                    "…",
                    "done",
                    ".",
                ],
            ),
            (
                "U.S. officials met Dr. Smith at 5 p.m. on Jan. 3rd. It was fine.",
                &[
                    "U.S.",
                    "officials",
                    "met",
                    "Dr.",
                    "Smith",
                    "at",
                    "5",
                    "p.m.",
                    "on",
                    "Jan.",
                    "3rd",
                    ".",
                    "It",
                    "was",
                    "fine",
                    ".",
                ],
            ),
            (
                "I'm sure you're right, aren't you? Y'all DON'T know 'em.",
                &[
                    "I", "'m", "sure", "you", "'re", "right", ",", "are", "n't", "you", "?",
                    "Y'all", "DO", "N'T", "know", "'", "em", ".",
                ],
            ),
            (
                "What?! No way... That's crazy!!! (Really) [yes] {no} <maybe>",
                &[
                    "What", "?", "!", "No", "way", "...", "That", "'s", "crazy", "!", "!", "!",
                    "(", "Really", ")", "[", "yes", "]", "{", "no", "}", "<", "maybe", ">",
                ],
            ),
            (
                "Cannot, gonna, gotta, lemme, more'n, d'ye, 'twas",
                &[
                    "Can", "not", ",", "gon", "na", ",", "got", "ta", ",", "lem", "me", ",",
                    "more", "'n", ",", "d", "'ye", ",", "'", "twas",
                ],
            ),
            (
                "Price: 3:30pm, 1,000 items, e-mail@example.com #tag 50% & more*",
                &[
                    "Price",
                    ":",
                    "3:30pm",
                    ",",
                    "1,000",
                    "items",
                    ",",
                    "e-mail",
                    "@",
                    "example.com",
                    "#",
                    "tag",
                    "50",
                    "%",
                    "&",
                    "more",
                    "*",
                ],
            ),
            (
                "The Fox's Den and O'Neil's pub. NASA's iPhone app.",
                &[
                    "The", "Fox", "'s", "Den", "and", "O'Neil", "'s", "pub", ".", "NASA", "'s",
                    "iPhone", "app", ".",
                ],
            ),
            (
                "She/her pronouns; it/its. This—that – those.",
                &[
                    "She/her", "pronouns", ";", "it/its", ".", "This", "—", "that", "–", "those",
                    ".",
                ],
            ),
            (
                "``Quoted'' text and ''double'' quotes.",
                &["``", "Quoted", "''", "text", "and", "``", "double", "''", "quotes", "."],
            ),
            (
                "end with quote.\" Next sentence.'",
                &["end", "with", "quote", ".", "''", "Next", "sentence", ".", "'"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(word_tokenize(text), *want, "{text:?}");
        }
    }
}
