//! Sentence counting after NLTK's Punkt sentence tokenizer with its English
//! parameters, which is what the reference counts sentences with
//! (`nltk.data.load("tokenizers/punkt/english.pickle")`, the `punkt_tab`
//! model in current NLTK).
//!
//! The port follows NLTK's algorithm step by step: candidate ends are `.`,
//! `?` and `!` followed by other punctuation or by whitespace and a token;
//! the candidate's context (the word before, the end, what follows) is split
//! into Punkt word tokens, annotated (first pass: sentence ends,
//! abbreviations, ellipses; second pass: collocations, initials, numbers and
//! the orthographic heuristic), and a boundary is kept when a sentence break
//! is followed by another token.
//!
//! # The model
//! The English model's abbreviation list, collocations, frequent sentence
//! starters and orthographic context table (some 20,000 word types, with
//! how each was seen capitalised or in lower case in its training corpus;
//! the `punkt_ortho` module) are embedded, exactly, so the orthographic
//! heuristic after an abbreviation, an initial or a number is NLTK's. The
//! table once was approximated by a list of frequent words, which
//! undercounted sentences such as `World War I. Peace came.`; the
//! differential fixtures (`fixtures/instruct`) keep those cases.

use std::borrow::Cow;

use crate::punkt_ortho::ortho_context;

/// The English Punkt model's abbreviation types.
const ABBREV_TYPES: &[&str] = &[
    ". . ", "a.a", "a.c", "a.d", "a.g", "a.h", "a.m", "a.m.e", "a.s", "a.t", "adm", "ala", "ariz",
    "aug", "ave", "b.f", "b.v", "bros", "c", "c.i.t", "c.o.m.b", "c.v", "calif", "chg", "cie",
    "co", "col", "colo", "conn", "corp", "cos", "ct", "d", "d.c", "d.h", "d.w", "dec", "dr", "e",
    "e.f", "e.h", "e.l", "e.m", "f", "f.g", "f.j", "feb", "fla", "fri", "ft", "g", "g.d", "g.f",
    "g.k", "ga", "gen", "h", "h.c", "h.f", "h.m", "i.m.s", "ill", "inc", "j.b", "j.c", "j.j",
    "j.k", "j.p", "j.r", "jan", "jr", "k", "kan", "ky", "l", "l.a", "l.f", "l.p", "lt", "ltd", "m",
    "m.b.a", "m.d.c", "m.j", "maj", "messrs", "mg", "mich", "minn", "mr", "mrs", "ms", "n", "n.c",
    "n.d", "n.h", "n.j", "n.m", "n.v", "n.y", "nev", "nov", "oct", "ok", "okla", "ore", "p",
    "p.a.m", "p.m", "pa", "ph.d", "prof", "r", "r.a", "r.h", "r.i", "r.j", "r.k", "r.t", "rep",
    "reps", "s", "s.a", "s.a.y", "s.c", "s.g", "s.p.a", "s.s", "sen", "sep", "sept", "sr", "st",
    "sw", "t", "t.j", "tenn", "tues", "u.k", "u.n", "u.s", "u.s.a", "u.s.s.r", "v", "va", "vs",
    "vt", "w", "w.c", "w.r", "w.va", "w.w", "wash", "wed", "wis", "yr",
];

/// The English Punkt model's frequent sentence starters.
const SENT_STARTERS: &[&str] = &[
    "according",
    "although",
    "among",
    "both",
    "but",
    "despite",
    "even",
    "he",
    "however",
    "i",
    "if",
    "in",
    "indeed",
    "instead",
    "it",
    "many",
    "meanwhile",
    "moreover",
    "most",
    "nevertheless",
    "nonetheless",
    "nor",
    "sales",
    "separately",
    "similarly",
    "since",
    "so",
    "some",
    "the",
    "there",
    "these",
    "they",
    "this",
    "though",
    "thus",
    "under",
    "when",
    "while",
    "yet",
];

/// The English Punkt model's collocations (word before a period, word
/// after it) that are not sentence breaks.
const COLLOCATIONS: &[(&str, &str)] = &[
    ("##number##", "abreast"),
    ("##number##", "aes"),
    ("##number##", "business"),
    ("##number##", "cbot"),
    ("##number##", "colgate"),
    ("##number##", "commodities"),
    ("##number##", "cooper"),
    ("##number##", "corrections"),
    ("##number##", "credit"),
    ("##number##", "dividend"),
    ("##number##", "financing"),
    ("##number##", "genentech"),
    ("##number##", "henley"),
    ("##number##", "insider"),
    ("##number##", "international"),
    ("##number##", "leisure"),
    ("##number##", "letters"),
    ("##number##", "notable"),
    ("##number##", "pay-fone"),
    ("##number##", "pegasus"),
    ("##number##", "pepper"),
    ("##number##", "review"),
    ("##number##", "rj"),
    ("##number##", "wedgestone"),
    ("##number##", "who"),
    ("##number##", "zimmer"),
    ("b", "edelman"),
    ("b", "levine"),
    ("b", "smith"),
    ("b", "stewart"),
    ("b", "wigton"),
    ("i", "magnin"),
    ("i", "toussie"),
    ("j", "aron"),
    ("j", "fialka"),
    ("j", "walter"),
    ("o", "ludcke"),
];

/// NLTK's `_ORTHO_*` flags: seen capitalised at the beginning of a
/// sentence, in the middle, or where unknown; and the same in lower case.
const ORTHO_BEG_UC: u8 = 1 << 1;
const ORTHO_MID_UC: u8 = 1 << 2;
const ORTHO_UNK_UC: u8 = 1 << 3;
const ORTHO_BEG_LC: u8 = 1 << 4;
const ORTHO_MID_LC: u8 = 1 << 5;
const ORTHO_UNK_LC: u8 = 1 << 6;
const ORTHO_UC: u8 = ORTHO_BEG_UC | ORTHO_MID_UC | ORTHO_UNK_UC;
const ORTHO_LC: u8 = ORTHO_BEG_LC | ORTHO_MID_LC | ORTHO_UNK_LC;

fn is_abbrev(s: &str) -> bool {
    ABBREV_TYPES.binary_search(&s).is_ok()
}

fn is_sent_starter(s: &str) -> bool {
    SENT_STARTERS.binary_search(&s).is_ok()
}

/// Python's `str.isspace` (what `\s` matches in a `str` pattern).
pub(crate) fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// NLTK's `_re_non_word_chars`: characters that cannot appear in a word.
fn non_word(c: char) -> bool {
    matches!(
        c,
        ')' | '"'
            | ';'
            | '}'
            | ']'
            | '*'
            | ':'
            | '@'
            | '\''
            | '('
            | '{'
            | '['
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{ab}'
            | '\u{bb}'
            | '?'
            | '!'
    )
}

/// NLTK's `_re_word_start` (negated): characters that cannot start a word.
fn not_word_start(c: char) -> bool {
    matches!(
        c,
        '(' | '"'
            | '`'
            | '{'
            | '['
            | ':'
            | ';'
            | '&'
            | '#'
            | '*'
            | '@'
            | ')'
            | '}'
            | ']'
            | '-'
            | ','
    )
}

/// The length in bytes of NLTK's `_re_multi_char_punct` at the start of `s`
/// (`-{2,}`, `\.{2,}` or `(?:\.\s){2,}\.`), if it matches.
fn multi_char(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    for ch in [b'-', b'.'] {
        let n = b.iter().take_while(|&&x| x == ch).count();
        if n >= 2 {
            return Some(n);
        }
    }
    // (?:\.\s){2,}\.
    let mut pos = 0;
    let mut pairs = 0;
    let mut best = None;
    loop {
        let rest = &s[pos..];
        let mut it = rest.chars();
        if it.next() != Some('.') {
            break;
        }
        if pairs >= 2 {
            best = Some(pos + 1);
        }
        match it.next() {
            Some(c) if py_space(c) => {
                pos += 1 + c.len_utf8();
                pairs += 1;
            }
            _ => break,
        }
    }
    best
}

/// Punkt's word tokenizer (`PunktLanguageVars.word_tokenize`): splits off
/// punctuation other than periods.
fn word_tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        if py_space(c) {
            i += c.len_utf8();
            continue;
        }
        if let Some(n) = multi_char(rest) {
            out.push(&rest[..n]);
            i += n;
            continue;
        }
        if !not_word_start(c) {
            // `\S+?` until a word end: whitespace, the end, a non-word
            // character, multi-character punctuation, or a comma at the end
            // of a word.
            let mut end = c.len_utf8();
            loop {
                let after = &rest[end..];
                let Some(n) = after.chars().next() else { break };
                if py_space(n) || non_word(n) || multi_char(after).is_some() {
                    break;
                }
                if n == ',' {
                    let after2 = &after[1..];
                    match after2.chars().next() {
                        None => break,
                        Some(m) if py_space(m) || non_word(m) || multi_char(after2).is_some() => {
                            break;
                        }
                        _ => {}
                    }
                }
                end += n.len_utf8();
            }
            out.push(&rest[..end]);
            i += end;
            continue;
        }
        out.push(&rest[..c.len_utf8()]);
        i += c.len_utf8();
    }
    out
}

#[derive(Debug, Default, Clone)]
struct Tok<'a> {
    tok: &'a str,
    typ: Cow<'a, str>,
    period_final: bool,
    sentbreak: bool,
    abbr: bool,
    ellipsis: bool,
}

/// `^-?[\.,]?\d[\d,\.-]*\.?$` (NLTK's `_RE_NUMERIC`) on a lowercased token.
fn is_numeric(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let s = s.strip_prefix(['.', ',']).unwrap_or(s);
    let mut chars = s.chars();
    if !chars.next().is_some_and(is_decimal_digit) {
        return false;
    }
    chars.all(|c| is_decimal_digit(c) || matches!(c, ',' | '.' | '-'))
}

/// Python's `\d` in a `str` pattern: Unicode decimal digits.
pub(crate) fn is_decimal_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && is_nd(c))
}

/// Whether a non-ASCII numeric character is a decimal digit (category Nd).
/// Decimal digits come in runs of ten starting at a code point ending in 0
/// or 6; the blocks below cover the scripts in use.
fn is_nd(c: char) -> bool {
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10,
    ];
    let u = c as u32;
    ZEROS.iter().any(|&z| (z..z + 10).contains(&u))
}

impl<'a> Tok<'a> {
    fn new(tok: &'a str) -> Self {
        let lower: Cow<'a, str> = if tok.chars().any(char::is_uppercase) {
            Cow::Owned(tok.to_lowercase())
        } else {
            Cow::Borrowed(tok)
        };
        let typ = if is_numeric(&lower) { Cow::Borrowed("##number##") } else { lower };
        Self { tok, typ, period_final: tok.ends_with('.'), ..Self::default() }
    }

    fn type_no_period(&self) -> &str {
        if self.typ.chars().count() > 1 && self.typ.ends_with('.') {
            &self.typ[..self.typ.len() - 1]
        } else {
            &self.typ
        }
    }

    fn type_no_sentperiod(&self) -> &str {
        if self.sentbreak { self.type_no_period() } else { &self.typ }
    }

    fn first_upper(&self) -> bool {
        self.tok.chars().next().is_some_and(char::is_uppercase)
    }

    fn first_lower(&self) -> bool {
        self.tok.chars().next().is_some_and(char::is_lowercase)
    }

    /// `^\.\.+$`
    fn is_ellipsis(&self) -> bool {
        self.tok.len() >= 2 && self.tok.bytes().all(|b| b == b'.')
    }

    /// `[^\W\d]\.$` matched at the start: one letter (or `_`) and a period.
    fn is_initial(&self) -> bool {
        let mut it = self.tok.chars();
        matches!((it.next(), it.next(), it.next()), (Some(c), Some('.'), None)
            if (c.is_alphabetic() || c == '_') && !c.is_numeric())
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Ortho {
    Yes,
    No,
    Unknown,
}

/// The orthographic heuristic, approximated (see the module docs).
fn ortho_heuristic(t: &Tok<'_>) -> Ortho {
    if matches!(t.tok, ";" | ":" | "," | "." | "!" | "?") {
        return Ortho::No;
    }
    let o = ortho_context(t.type_no_sentperiod());
    if t.first_upper() && o & ORTHO_LC != 0 && o & ORTHO_MID_UC == 0 {
        return Ortho::Yes;
    }
    if t.first_lower() && (o & ORTHO_UC != 0 || o & ORTHO_BEG_LC == 0) {
        return Ortho::No;
    }
    Ortho::Unknown
}

/// A token with Punkt's first-pass annotation.
fn first_pass(word: &str) -> Tok<'_> {
    let mut t = Tok::new(word);
    let tok = t.tok;
    if matches!(tok, "." | "?" | "!") {
        t.sentbreak = true;
    } else if t.is_ellipsis() {
        t.ellipsis = true;
    } else if t.period_final && !tok.ends_with("..") {
        let stem = &tok[..tok.len() - 1];
        let stem: Cow<'_, str> = if stem.chars().any(char::is_uppercase) {
            Cow::Owned(stem.to_lowercase())
        } else {
            Cow::Borrowed(stem)
        };
        let last = stem.rsplit('-').next().unwrap_or("");
        if is_abbrev(&stem) || is_abbrev(last) {
            t.abbr = true;
        } else {
            t.sentbreak = true;
        }
    }
    t
}

fn second_pass(t1: &mut Tok<'_>, t2: &Tok<'_>) {
    if !t1.period_final {
        return;
    }
    let next_typ = t2.type_no_sentperiod();
    let initial = t1.is_initial();
    let (collocation, number) = {
        let typ = t1.type_no_period();
        (COLLOCATIONS.binary_search(&(typ, next_typ)).is_ok(), typ == "##number##")
    };
    if collocation {
        t1.sentbreak = false;
        t1.abbr = true;
        return;
    }
    if (t1.abbr || t1.ellipsis) && !initial {
        if ortho_heuristic(t2) == Ortho::Yes {
            t1.sentbreak = true;
            return;
        }
        if t2.first_upper() && is_sent_starter(next_typ) {
            t1.sentbreak = true;
            return;
        }
    }
    if initial || number {
        let o = ortho_heuristic(t2);
        if o == Ortho::No {
            t1.sentbreak = false;
            t1.abbr = true;
            return;
        }
        if o == Ortho::Unknown
            && initial
            && t2.first_upper()
            && ortho_context(next_typ) & ORTHO_LC == 0
        {
            t1.sentbreak = false;
            t1.abbr = true;
        }
    }
}

/// NLTK's `text_contains_sentbreak`: a token annotated as a sentence break
/// (first pass, then the second pass against the token after it) that is
/// followed by another token. Stops at the first one.
fn contains_sentbreak(context: &str) -> bool {
    let mut prev: Option<Tok> = None;
    for w in word_tokens(context) {
        let cur = first_pass(w);
        if let Some(mut p) = prev.take() {
            second_pass(&mut p, &cur);
            if p.sentbreak {
                return true;
            }
        }
        prev = Some(cur);
    }
    false
}

/// One candidate end: the byte offset of the end character, the end of the
/// match, and where the following token starts (when whitespace follows).
struct Candidate {
    start: usize,
    after_end: usize,
    next_tok: Option<usize>,
}

fn candidates(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after = &text[i + 1..];
        let Some(n) = after.chars().next() else { continue };
        if non_word(n) {
            out.push(Candidate { start: i, after_end: i + 1 + n.len_utf8(), next_tok: None });
            continue;
        }
        if py_space(n) {
            let ws: usize = after.chars().take_while(|&c| py_space(c)).map(char::len_utf8).sum();
            let tok: usize =
                after[ws..].chars().take_while(|&c| !py_space(c)).map(char::len_utf8).sum();
            if tok > 0 {
                out.push(Candidate {
                    start: i,
                    after_end: i + 1 + ws + tok,
                    next_tok: Some(i + 1 + ws),
                });
            }
        }
    }
    out
}

/// The index of the last ASCII whitespace in `s`, or 0 (NLTK's
/// `_get_last_whitespace_index`, whose "not found" and "found at 0" are the
/// same).
fn last_ws(s: &str) -> usize {
    s.bytes().rposition(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)).unwrap_or(0)
}

/// The number of sentences NLTK's English Punkt tokenizer finds in `text`
/// (approximated; see the module docs). Linear in the text's length.
pub(crate) fn count_sentences(text: &str) -> usize {
    sentence_spans(text).len()
}

/// The sentences NLTK's English Punkt tokenizer finds in `text`
/// (`sent_tokenize`, approximated; see the module docs).
pub(crate) fn split_sentences(text: &str) -> Vec<&str> {
    sentence_spans(text).into_iter().filter_map(|(a, b)| text.get(a..b)).collect()
}

/// The byte spans of the sentences (NLTK's `span_tokenize`).
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let cands = candidates(text);
    // NLTK's `_match_potential_end_contexts`: the context of each candidate
    // is the word before it, the end character and what follows; a
    // candidate whose word overlaps the next candidate's is dropped.
    let mut contexts: Vec<(usize, &str)> = Vec::new();
    let mut prev: Option<(usize, (usize, usize))> = None; // (candidate, word slice)
    for (k, m) in cands.iter().enumerate() {
        let prev_stop = prev.map_or(0, |(_, s)| s.1);
        let prev_start = prev.map_or(0, |(_, s)| s.0);
        let before = text.get(prev_stop..m.start).unwrap_or("");
        let idx = last_ws(before);
        let word_start = if idx != 0 { idx + prev_stop + 1 } else { prev_start };
        let slice = (word_start, m.start);
        if let Some((pk, ps)) = prev
            && ps.1 <= slice.0
        {
            contexts.push((pk, context(text, ps, &cands[pk])));
        }
        prev = Some((k, slice));
    }
    if let Some((pk, ps)) = prev {
        contexts.push((pk, context(text, ps, &cands[pk])));
    }
    // `_slices_from_text`, then `_realign_boundaries`, keeping non-empty
    // slices.
    let mut slices: Vec<(usize, usize)> = Vec::new();
    let mut last_break = 0;
    for (k, ctx) in &contexts {
        if contains_sentbreak(ctx) {
            let m = &cands[*k];
            slices.push((last_break, m.start + 1));
            last_break = m.next_tok.unwrap_or(m.start + 1);
        }
    }
    let end = text.trim_end_matches(py_space).len();
    slices.push((last_break, end));
    let mut out = Vec::new();
    let mut realign = 0;
    for (j, s1) in slices.iter().enumerate() {
        let start = s1.0 + realign;
        let s1 = (start, s1.1);
        let nonempty = s1.0 < s1.1;
        match slices.get(j + 1) {
            None => {
                if nonempty {
                    out.push(s1);
                }
            }
            Some(s2) => {
                let t2 = text.get(s2.0..s2.1).unwrap_or("");
                match realignment(t2) {
                    Some((n, closing)) => {
                        // NLTK yields `slice(s1.start, s2.start + len(m.rstrip()))`
                        // (`s1.start` already realigned).
                        out.push((s1.0, s2.0 + closing));
                        realign = n;
                    }
                    None => {
                        realign = 0;
                        if nonempty {
                            out.push(s1);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The candidate's context: the word before it, the end and what follows,
/// which are contiguous in the text (the word ends where the end starts).
fn context<'a>(text: &'a str, word: (usize, usize), m: &Candidate) -> &'a str {
    text.get(word.0..m.after_end).unwrap_or("")
}

/// NLTK's `re_boundary_realignment`,
/// `["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)` matched
/// at the start (multiline `$`): the length of the match, and of its
/// closing characters.
fn realignment(s: &str) -> Option<(usize, usize)> {
    // NLTK 3.10 added the curly quotes and guillemets.
    let closing = |c: char| {
        matches!(
            c,
            '"' | '\''
                | ')'
                | ']'
                | '}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201c}'
                | '\u{201d}'
                | '\u{ab}'
                | '\u{bb}'
        )
    };
    let mut end = 0;
    for c in s.chars() {
        if !closing(c) {
            break;
        }
        end += c.len_utf8();
        // The lazy `+?` stops at the first position where the rest matches.
        let rest = &s[end..];
        let ws: usize = rest.chars().take_while(|&c| py_space(c)).map(char::len_utf8).sum();
        if ws > 0 {
            return Some((end + ws, end));
        }
        if rest.starts_with("--") || rest.is_empty() || rest.starts_with('\n') {
            return Some((end, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_counted_as_punkt_counts_them() {
        assert_eq!(count_sentences("Hello world. this is Mr. Smith. In 2020. the end! Right?"), 4);
        assert_eq!(count_sentences("Very bad acting!!! I promise."), 2);
        assert_eq!(count_sentences("One. Two. Three."), 3);
        assert_eq!(count_sentences("He said \"Hi.\" Then he left."), 2);
        assert_eq!(count_sentences("J. Smith came."), 1);
        assert_eq!(count_sentences(""), 0);
        assert_eq!(count_sentences("no end"), 1);
    }

    #[test]
    fn the_model_tables_are_sorted_for_binary_search() {
        assert!(ABBREV_TYPES.windows(2).all(|w| w[0] < w[1]));
        assert!(SENT_STARTERS.windows(2).all(|w| w[0] < w[1]));
        assert!(COLLOCATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn punkt_words_split_off_punctuation_but_not_periods() {
        assert_eq!(word_tokens("Hi.\" Then"), ["Hi.", "\"", "Then"]);
        assert_eq!(word_tokens("a, b... c"), ["a", ",", "b", "...", "c"]);
    }
}
