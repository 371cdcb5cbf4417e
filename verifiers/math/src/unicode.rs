//! Unicode normalisation before tokenizing: compatibility forms (NFKC)
//! plus the common math symbols, so that `１２`, `½`, `x²+1`, `1＋i` and
//! text with zero-width characters read as their ASCII/LaTeX spelling.
//!
//! Plain NFKC is not enough, and is wrong in places: it turns `x²` into
//! `x2` and `ℝ` into `R`. So the characters with a math meaning are mapped
//! first (superscripts become powers, subscripts become subscripts, vulgar
//! fractions become `\frac`, double-struck letters become `\mathbb`), and
//! NFKC is applied only to the remaining non-ASCII characters. Symbols
//! the tokenizer reads itself (`−`, `×`, `÷`, `≤`, `π`, `√`, `∞`, `°`, …)
//! are left to it.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// The most bytes one answer may grow to (a guard against expansion).
const MAX_LEN: usize = 1 << 20;

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁺' => '+',
        '⁻' => '-',
        '⁼' => '=',
        '⁽' => '(',
        '⁾' => ')',
        'ⁿ' => 'n',
        'ⁱ' => 'i',
        'ˣ' => 'x',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '₀' => '0',
        '₁' => '1',
        '₂' => '2',
        '₃' => '3',
        '₄' => '4',
        '₅' => '5',
        '₆' => '6',
        '₇' => '7',
        '₈' => '8',
        '₉' => '9',
        '₊' => '+',
        '₋' => '-',
        '₍' => '(',
        '₎' => ')',
        _ => return None,
    })
}

fn vulgar(c: char) -> Option<(u32, u32)> {
    Some(match c {
        '½' => (1, 2),
        '⅓' => (1, 3),
        '⅔' => (2, 3),
        '¼' => (1, 4),
        '¾' => (3, 4),
        '⅕' => (1, 5),
        '⅖' => (2, 5),
        '⅗' => (3, 5),
        '⅘' => (4, 5),
        '⅙' => (1, 6),
        '⅚' => (5, 6),
        '⅐' => (1, 7),
        '⅛' => (1, 8),
        '⅜' => (3, 8),
        '⅝' => (5, 8),
        '⅞' => (7, 8),
        '⅑' => (1, 9),
        '⅒' => (1, 10),
        '↉' => (0, 3),
        _ => return None,
    })
}

/// Characters with a fixed LaTeX or ASCII spelling.
fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        // Zero-width and invisible characters.
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
        | '\u{2061}' | '\u{2062}' | '\u{2063}' | '\u{2064}' => "",
        'ℝ' => "\\mathbb{R}",
        'ℤ' => "\\mathbb{Z}",
        'ℕ' => "\\mathbb{N}",
        'ℚ' => "\\mathbb{Q}",
        'ℂ' => "\\mathbb{C}",
        '‐' | '‑' | '‒' | '﹣' | '－' => "-",
        '∕' | '⁄' => "/",
        '∗' | '✕' | '⨯' => "*",
        '∛' => "\\sqrt[3]",
        '∜' => "\\sqrt[4]",
        '…' | '⋯' => "\\dots ",
        '≦' => "\\le ",
        '≧' => "\\ge ",
        '∖' => "\\setminus ",
        '∉' => "\\notin ",
        '⟨' | '〈' => "\\langle ",
        '⟩' | '〉' => "\\rangle ",
        'ⅈ' => "i",
        'ℯ' => "e",
        '\u{3000}' => " ",
        _ => return None,
    })
}

/// The answer with its Unicode math normalised; borrowed when it is ASCII.
pub(crate) fn normalize(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() > MAX_LEN {
            break;
        }
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if let Some(d) = superscript(c) {
            out.push_str("^{");
            out.push(d);
            while let Some(d) = chars.peek().copied().and_then(superscript) {
                out.push(d);
                chars.next();
            }
            out.push('}');
            continue;
        }
        if let Some(d) = subscript(c) {
            out.push_str("_{");
            out.push(d);
            while let Some(d) = chars.peek().copied().and_then(subscript) {
                out.push(d);
                chars.next();
            }
            out.push('}');
            continue;
        }
        if let Some((a, b)) = vulgar(c) {
            // `2½` is the mixed number `2\frac{1}{2}`.
            out.push_str(&format!("\\frac{{{a}}}{{{b}}}"));
            continue;
        }
        if let Some(t) = symbol(c) {
            out.push_str(t);
            continue;
        }
        // Everything else: its compatibility form (full-width digits and
        // signs, mathematical alphanumerics, ligatures), unless that form
        // is itself a superscript or a fraction we would read differently.
        let mut buf = [0u8; 4];
        let one: &str = c.encode_utf8(&mut buf);
        let mut k = one.nfkc().peekable();
        match (k.next(), k.peek()) {
            (Some(n), None) if n != c && superscript(n).is_none() => {
                if let Some(t) = symbol(n) {
                    out.push_str(t);
                } else {
                    out.push(n);
                }
            }
            (Some(n), Some(_)) if n != c && one.nfkc().all(|x| x.is_ascii()) => {
                out.extend(one.nfkc());
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn math_forms_become_latex() {
        assert_eq!(normalize("１２"), "12");
        assert_eq!(normalize("½"), "\\frac{1}{2}");
        assert_eq!(normalize("2½"), "2\\frac{1}{2}");
        assert_eq!(normalize("x²+1"), "x^{2}+1");
        assert_eq!(normalize("x⁻¹"), "x^{-1}");
        assert_eq!(normalize("1＋i"), "1+i");
        assert_eq!(normalize("1\u{200b}2"), "12");
        assert_eq!(normalize("ℝ"), "\\mathbb{R}");
        assert_eq!(normalize("a₁"), "a_{1}");
        assert_eq!(normalize("3π"), "3π");
        assert_eq!(normalize("plain"), "plain");
    }
}
