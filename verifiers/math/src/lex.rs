//! The tokenizer: LaTeX and plain-text math to a flat token list.
//!
//! Layout commands (`\left`, `\displaystyle`, spacing, `$`) vanish here, as
//! do the style wrappers around math (`\mathrm{e}` is the letter `e`);
//! `\text{…}` with words becomes one [`Tok::Text`] atom.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while1;
use nom::character::complete::char;

use crate::number::{Lit, number};

/// A relation symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RelOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Approx,
    In,
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(Lit),
    /// One Latin letter.
    Letter(char),
    /// A run of two or more Latin letters that is not a known name.
    Word(String),
    /// A command or a known name (`frac`, `pi`, `sin`, `alpha`).
    Cmd(String),
    /// The words of a `\text{…}`.
    Text(String),
    Begin(String),
    End(String),
    /// `(`, `[`, `{`, or `s` for `\{`.
    Open(char),
    Close(char),
    Pipe,
    Comma,
    Semi,
    /// `and`, `or`, `\text{ or }`.
    Sep,
    Plus,
    Minus,
    PlusMinus,
    MinusPlus,
    Times,
    Slash,
    Div,
    Caret,
    Under,
    Bang,
    Percent,
    Degree,
    Amp,
    RowSep,
    Colon,
    Prime,
    Rel(RelOp),
}

/// A tokenizer failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError(pub(crate) String);

/// The most tokens one answer may have: four per term of the longest sum
/// the parser accepts ([`MAX_TERMS`](crate::parse::MAX_TERMS)), so that an
/// over-long answer is refused before most of it is read.
pub(crate) const MAX_TOKENS: usize = 4 * crate::parse::MAX_TERMS;
/// The deepest nesting of style wrappers (`\mathrm{\mathrm{…}}`).
const MAX_WRAP: usize = 64;

type Res<'a, T> = IResult<&'a str, T>;

fn cmd_name(i: &str) -> Res<'_, &str> {
    let (i, _) = char('\\').parse(i)?;
    take_while1(|c: char| c.is_ascii_alphabetic()).parse(i)
}

fn letters(i: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphabetic()).parse(i)
}

/// The content of the brace group at the start of `i` (after optional
/// spaces), and the rest.
fn brace_group(i: &str) -> Option<(&str, &str)> {
    let t = i.trim_start();
    let b = t.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&t[1..k], &t[k + 1..]));
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Commands that only change layout or spacing.
const SKIP: &[&str] = &[
    "left",
    "right",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
    "Biggl",
    "Biggr",
    "middle",
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "limits",
    "nolimits",
    "quad",
    "qquad",
    "mathstrut",
    "strut",
    "hfill",
    "hspace",
    "phantom",
    "enspace",
];

/// Style wrappers whose content is math (or a word, read as text).
const STYLE: &[&str] = &[
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "boldsymbol",
    "bm",
    "mathnormal",
    "textbf",
    "textit",
    "textrm",
    "textnormal",
    "text",
    "mbox",
    "textsf",
    "texttt",
    "emph",
    "hbox",
    "mathcal",
    "mathscr",
    "mathfrak",
];

/// Plain words read as commands.
fn word_cmd(w: &str) -> Option<&'static str> {
    Some(match w {
        "sqrt" => "sqrt",
        "pi" => "pi",
        "sin" => "sin",
        "cos" => "cos",
        "tan" => "tan",
        "cot" => "cot",
        "sec" => "sec",
        "csc" => "csc",
        "arcsin" | "asin" => "arcsin",
        "arccos" | "acos" => "arccos",
        "arctan" | "atan" => "arctan",
        "log" => "log",
        "ln" => "ln",
        "exp" => "exp",
        "inf" | "infty" | "infinity" | "Infinity" => "infty",
        "gcd" => "gcd",
        "lcm" => "lcm",
        "abs" => "abs",
        _ => return None,
    })
}

fn unicode(c: char) -> Option<Tok> {
    Some(match c {
        '−' | '–' => Tok::Minus,
        '×' | '·' | '∙' | '⋅' => Tok::Times,
        '÷' => Tok::Div,
        '±' => Tok::PlusMinus,
        '∓' => Tok::MinusPlus,
        '≤' | '⩽' => Tok::Rel(RelOp::Le),
        '≥' | '⩾' => Tok::Rel(RelOp::Ge),
        '≠' => Tok::Rel(RelOp::Ne),
        '≈' => Tok::Rel(RelOp::Approx),
        '∈' => Tok::Rel(RelOp::In),
        '°' => Tok::Degree,
        'π' => Tok::Cmd("pi".into()),
        '∞' => Tok::Cmd("infty".into()),
        '√' => Tok::Cmd("sqrt".into()),
        '∪' => Tok::Cmd("cup".into()),
        '∩' => Tok::Cmd("cap".into()),
        '∅' => Tok::Cmd("emptyset".into()),
        'ℝ' => Tok::Cmd("R".into()),
        '′' => Tok::Prime,
        'α'..='ω' | 'Α'..='Ω' => Tok::Cmd(c.to_string()),
        // U+2236 RATIO.
        '∶' => Tok::Colon,
        _ => return None,
    })
}

fn is_space_like(c: char) -> bool {
    c.is_whitespace() || matches!(c, '~' | '$' | '€' | '£' | '¥' | '₹' | '\u{feff}')
}

/// Tokenizes `input`.
pub(crate) fn lex(input: &str) -> Result<Vec<Tok>, LexError> {
    // About one token per two bytes, capped so that a long input does not
    // start with an allocation big enough to be mapped fresh each time.
    let mut out = Vec::with_capacity((input.len() / 2).min(256));
    lex_into(input, &mut out, 0)?;
    Ok(out)
}

fn lex_into(input: &str, out: &mut Vec<Tok>, wrap: usize) -> Result<(), LexError> {
    if wrap > MAX_WRAP {
        return Err(LexError("style wrappers nested too deeply".into()));
    }
    let mut i = input;
    while let Some(c) = i.chars().next() {
        if out.len() > MAX_TOKENS {
            return Err(LexError("size limit: too many tokens".into()));
        }
        // `^\circ C`, `°F`, `\degree\,\text{C}`, `^\circ\text{ Celsius}`:
        // a temperature scale after a degree sign is a unit (`0^\circ C` is
        // not `0 K`), not the variable `C`.
        if matches!(out.last(), Some(Tok::Degree))
            && let Some((scale, rest)) = temperature_scale(i)
        {
            out.push(Tok::Text(format!("deg{scale}")));
            i = rest;
            continue;
        }
        if is_space_like(c) {
            i = &i[c.len_utf8()..];
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && i[1..].starts_with(|d: char| d.is_ascii_digit())) {
            // After `(`, `[`, `\{` or a comma, `0,5` is two items
            // (`[0,1)`, `(0,5)`), not a decimal comma.
            let listed = matches!(out.last(), Some(Tok::Open(_) | Tok::Comma | Tok::Semi));
            match number(i, !listed) {
                Ok((rest, lit)) => {
                    out.push(Tok::Num(lit));
                    i = rest;
                    continue;
                }
                Err(_) => return Err(LexError("number out of range".into())),
            }
        }
        if c == '\\' {
            i = lex_command(i, out, wrap)?;
            continue;
        }
        if c.is_ascii_alphabetic() {
            let (rest, w) = letters(i).map_err(|_| LexError("letters".into()))?;
            i = rest;
            let lower = w.to_ascii_lowercase();
            if w.len() == 1 {
                out.push(Tok::Letter(c));
            } else if let Some(cmd) = word_cmd(w) {
                out.push(Tok::Cmd(cmd.into()));
            } else if lower == "and" || lower == "or" {
                out.push(Tok::Sep);
            } else if matches!(lower.as_str(), "percent" | "percentage" | "pct") {
                out.push(Tok::Percent);
            } else {
                out.push(Tok::Word(w.into()));
            }
            continue;
        }
        let rest = &i[c.len_utf8()..];
        let two = |s: &str| i.starts_with(s);
        let tok = if two("<=") || two("=<") {
            i = &i[2..];
            out.push(Tok::Rel(RelOp::Le));
            continue;
        } else if two(">=") || two("=>") {
            i = &i[2..];
            out.push(Tok::Rel(RelOp::Ge));
            continue;
        } else if two("!=") {
            i = &i[2..];
            out.push(Tok::Rel(RelOp::Ne));
            continue;
        } else if two("**") {
            i = &i[2..];
            out.push(Tok::Caret);
            continue;
        } else if c == '^' {
            // `^\circ`, `^{\circ}` and `^\circ{}` are degrees.
            let after = rest.trim_start();
            let deg = ["\\circ", "{\\circ}", "{ \\circ }", "{\\circ }", "{ \\circ}"]
                .iter()
                .find(|d| after.starts_with(**d));
            if let Some(d) = deg {
                i = &after[d.len()..];
                out.push(Tok::Degree);
                continue;
            }
            Tok::Caret
        } else {
            match c {
                '(' => Tok::Open('('),
                '[' => Tok::Open('['),
                '{' => Tok::Open('{'),
                ')' => Tok::Close(')'),
                ']' => Tok::Close(']'),
                '}' => Tok::Close('{'),
                '|' => Tok::Pipe,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '+' => Tok::Plus,
                '-' => Tok::Minus,
                '*' => Tok::Times,
                '/' => Tok::Slash,
                '_' => Tok::Under,
                '!' => Tok::Bang,
                '%' => Tok::Percent,
                '&' => Tok::Amp,
                ':' => Tok::Colon,
                '\'' => Tok::Prime,
                '=' => Tok::Rel(RelOp::Eq),
                '<' => Tok::Rel(RelOp::Lt),
                '>' => Tok::Rel(RelOp::Gt),
                '"' | '`' => {
                    i = rest;
                    continue;
                }
                _ => unicode(c).ok_or_else(|| LexError(format!("unexpected character {c:?}")))?,
            }
        };
        out.push(tok);
        i = rest;
    }
    Ok(())
}

/// Lexes one command at `i` (which starts with a backslash); returns the
/// rest.
/// Whether the tokens so far leave an environment open.
fn in_env(out: &[Tok]) -> bool {
    let mut depth = 0i64;
    for t in out {
        match t {
            Tok::Begin(_) => depth += 1,
            Tok::End(_) => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

fn lex_command<'a>(i: &'a str, out: &mut Vec<Tok>, wrap: usize) -> Result<&'a str, LexError> {
    let Ok((rest, name)) = cmd_name(i) else {
        // A backslash and a symbol.
        let mut chars = i[1..].chars();
        let Some(sym) = chars.next() else {
            return Ok(&i[1..]);
        };
        let rest = chars.as_str();
        match sym {
            '{' => out.push(Tok::Open('s')),
            '}' => out.push(Tok::Close('s')),
            '%' => out.push(Tok::Percent),
            '|' => out.push(Tok::Pipe),
            // `\\frac` outside an environment is a doubly escaped
            // `\frac` (a row break is never followed by a command name
            // there); inside a matrix `\\` always ends a row.
            '\\' if rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !in_env(out) => {
                return lex_command(&i[1..], out, wrap);
            }
            '\\' => out.push(Tok::RowSep),
            '$' | ',' | ';' | ':' | '!' | ' ' | '>' | '#' | '&' | '_' => {
                if sym == '&' {
                    out.push(Tok::Amp);
                } else if sym == '_' {
                    out.push(Tok::Under);
                }
            }
            _ => return Err(LexError(format!("unknown symbol command \\{sym}"))),
        }
        return Ok(rest);
    };
    let mut rest = rest;
    let tok = match name {
        n if SKIP.contains(&n) => {
            // `\left.` and `\right.` are invisible delimiters; `\hspace{…}`
            // and `\phantom{…}` take an argument.
            if matches!(n, "left" | "right") {
                rest = rest.strip_prefix('.').unwrap_or(rest);
            }
            if matches!(n, "hspace" | "phantom")
                && let Some((_, r)) = brace_group(rest)
            {
                rest = r;
            }
            return Ok(rest);
        }
        n if STYLE.contains(&n) => {
            let Some((content, r)) = brace_group(rest) else {
                return Ok(rest);
            };
            style(n, content, out, wrap)?;
            return Ok(r);
        }
        // `a \mathbin{:} b`: a colon set as a binary operator is a ratio
        // sign; other content of these spacing wrappers is read inline.
        "mathbin" | "mathrel" | "mathpunct" | "mathord" | "mathop" => {
            let Some((content, r)) = brace_group(rest) else {
                return Ok(rest);
            };
            let t = content.trim();
            if t == ":" || t == "\\colon" {
                out.push(Tok::Colon);
            } else {
                lex_into(t, out, wrap + 1)?;
            }
            return Ok(r);
        }
        "operatorname" => {
            let Some((content, r)) = brace_group(rest) else {
                return Err(LexError("\\operatorname without a name".into()));
            };
            rest = r;
            Tok::Cmd(content.trim().to_owned())
        }
        "mathbb" => {
            let Some((content, r)) = brace_group(rest) else {
                return Err(LexError("\\mathbb without a letter".into()));
            };
            rest = r;
            Tok::Cmd(content.trim().to_owned())
        }
        "begin" | "end" => {
            let Some((env, r)) = brace_group(rest) else {
                return Err(LexError(format!("\\{name} without an environment")));
            };
            rest = r;
            let env = env.trim().trim_end_matches('*').to_owned();
            if name == "begin" {
                if env == "array" {
                    // Skip the column spec.
                    if let Some((_, r)) = brace_group(rest) {
                        rest = r;
                    }
                }
                Tok::Begin(env)
            } else {
                Tok::End(env)
            }
        }
        "dfrac" | "tfrac" | "cfrac" | "frac" => Tok::Cmd("frac".into()),
        "cdot" | "times" | "ast" => Tok::Times,
        "div" => Tok::Div,
        "pm" => Tok::PlusMinus,
        "mp" => Tok::MinusPlus,
        "le" | "leq" | "leqslant" | "leqq" => Tok::Rel(RelOp::Le),
        "ge" | "geq" | "geqslant" | "geqq" => Tok::Rel(RelOp::Ge),
        "lt" => Tok::Rel(RelOp::Lt),
        "gt" => Tok::Rel(RelOp::Gt),
        "ne" | "neq" => Tok::Rel(RelOp::Ne),
        "approx" | "simeq" | "sim" | "cong" => Tok::Rel(RelOp::Approx),
        "in" => Tok::Rel(RelOp::In),
        "circ" | "degree" => Tok::Degree,
        "prime" => Tok::Prime,
        "lbrace" => Tok::Open('s'),
        "rbrace" => Tok::Close('s'),
        "vert" | "lvert" | "rvert" | "mid" => Tok::Pipe,
        "lparen" | "langle" => Tok::Open('('),
        "rparen" | "rangle" => Tok::Close(')'),
        "lbrack" => Tok::Open('['),
        "rbrack" => Tok::Close(']'),
        "colon" => Tok::Colon,
        "varnothing" | "emptyset" | "empty" => Tok::Cmd("emptyset".into()),
        "infin" | "infty" => Tok::Cmd("infty".into()),
        "land" | "wedge" | "lor" | "vee" => Tok::Sep,
        "imath" => Tok::Letter('i'),
        "ldots" | "cdots" | "dots" | "dotsc" | "dotsb" | "vdots" => Tok::Cmd("dots".into()),
        "tfrac12" => Tok::Cmd("frac".into()),
        other => Tok::Cmd(other.to_owned()),
    };
    out.push(tok);
    Ok(rest)
}

/// `C` or `F` (or `Celsius`, `Fahrenheit`) at the start of `t`, bare or
/// upright (`\text{C}`, `\mathrm{F}`): the scale and the text after it.
/// Spacing before it (`\,`, `~`) is skipped by the lexer's loop, which
/// pushes no token for it and asks again.
fn temperature_scale(t: &str) -> Option<(char, &str)> {
    let scale = |w: &str| match w {
        "C" => Some('C'),
        "F" => Some('F'),
        _ if w.eq_ignore_ascii_case("celsius") => Some('C'),
        _ if w.eq_ignore_ascii_case("fahrenheit") => Some('F'),
        _ => None,
    };
    for wrap in ["\\text{", "\\mathrm{", "\\textrm{", "\\rm{", "\\mbox{"] {
        if let Some(inner) = t.strip_prefix(wrap)
            && let Some(end) = inner.find('}')
            && let Some(c) = scale(inner[..end].replace('~', " ").trim())
        {
            return Some((c, &inner[end + 1..]));
        }
    }
    let end = t.find(|n: char| !n.is_ascii_alphabetic()).unwrap_or(t.len());
    scale(&t[..end]).map(|c| (c, &t[end..]))
}

/// A style wrapper's content: a word becomes text, a single letter stays
/// a letter (`\mathrm{e}` is Euler's number), anything else is math.
fn style(name: &str, content: &str, out: &mut Vec<Tok>, wrap: usize) -> Result<(), LexError> {
    // `~` is a (non-breaking) space in text too: `5\mathrm{~cm}`.
    let spaced = content.replace('~', " ");
    let t = spaced.trim();
    if t.is_empty() {
        return Ok(());
    }
    let lower = t.to_ascii_lowercase();
    let wordy = t.chars().filter(char::is_ascii_alphabetic).count() >= 2
        || (name.starts_with("text") || name == "mbox")
            && t.chars().any(char::is_alphabetic)
            && t.chars().count() > 1;
    if matches!(lower.as_str(), "and" | "or" | "or," | ", or" | "and,") {
        out.push(Tok::Sep);
        return Ok(());
    }
    // `5\text{ m}`, `9.8\,\mathrm{s}`: a one-letter unit set upright after
    // a value is a unit word, not the variable `m`.
    let upright = name.starts_with("text") || matches!(name, "mbox" | "mathrm");
    let after_value = matches!(out.last(), Some(Tok::Num(_) | Tok::Close(_)));
    if upright
        && after_value
        && matches!(t, "m" | "g" | "s" | "h" | "L" | "l" | "J" | "N" | "W" | "V" | "K")
    {
        out.push(Tok::Text(t.to_owned()));
        return Ok(());
    }
    // `\mathbf{i}`, `\boldsymbol{j}`, `\vec{k}`-style unit vectors.
    if matches!(name, "mathbf" | "boldsymbol" | "bm") && matches!(t, "i" | "j" | "k") {
        out.push(Tok::Cmd(format!("unitvec_{t}")));
        return Ok(());
    }
    if wordy && !t.starts_with('\\') {
        out.push(Tok::Text(t.split_whitespace().collect::<Vec<_>>().join(" ")));
        return Ok(());
    }
    // Punctuation set in text (`\text{.}` after an answer) is not math.
    if matches!(t, "." | "," | ";" | "!") {
        return Ok(());
    }
    let mut inner = Vec::new();
    lex_into(t, &mut inner, wrap + 1)?;
    match inner.as_slice() {
        // `\text{\$}` is a currency sign, which vanishes.
        [] => {}
        // `25\text{\%}` and `30\text{°}` are postfix signs, not groups.
        [Tok::Percent | Tok::Degree] => out.extend(inner),
        _ => {
            out.push(Tok::Open('{'));
            out.extend(inner);
            out.push(Tok::Close('{'));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
