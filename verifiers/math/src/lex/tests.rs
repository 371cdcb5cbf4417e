use super::*;

#[test]
fn layout_commands_vanish() {
    assert_eq!(lex("\\left( 1 \\right)").ok(), lex("(1)").ok());
    assert_eq!(lex("\\displaystyle\\dfrac12").ok(), lex("\\frac12").ok());
    assert_eq!(lex("\\left.x\\right|").ok(), lex("x|").ok());
}

#[test]
fn degrees_percent_and_relations_are_tokens() {
    assert_eq!(
        lex("90^\\circ").ok(),
        Some(vec![Tok::Num(Lit::integer("90").unwrap_or_else(|| unreachable!())), Tok::Degree])
    );
    assert_eq!(lex("5\\%").ok().map(|t| t.len()), Some(2));
    assert_eq!(lex("a \\le b").ok().map(|t| t[1].clone()), Some(Tok::Rel(RelOp::Le)));
    assert_eq!(lex("a <= b").ok().map(|t| t[1].clone()), Some(Tok::Rel(RelOp::Le)));
}

#[test]
fn text_words_are_atoms_and_style_letters_are_letters() {
    assert_eq!(lex("\\text{ cm}").ok(), Some(vec![Tok::Text("cm".into())]));
    assert_eq!(
        lex("\\mathrm{e}").ok(),
        Some(vec![Tok::Open('{'), Tok::Letter('e'), Tok::Close('{')])
    );
    assert_eq!(lex("\\text{ or }").ok(), Some(vec![Tok::Sep]));
}

#[test]
fn plain_words_map_to_commands() {
    assert_eq!(lex("sqrt(2)").ok().map(|t| t[0].clone()), Some(Tok::Cmd("sqrt".into())));
    assert_eq!(lex("2 and 3").ok().map(|t| t[1].clone()), Some(Tok::Sep));
}

#[test]
fn nested_wrappers_are_bounded() {
    let deep = format!("{}1{}", "\\mathrm{".repeat(500), "}".repeat(500));
    assert!(lex(&deep).is_err());
}

#[test]
fn strange_characters_are_errors_not_panics() {
    assert!(lex("\u{1F600}").is_err());
    assert!(lex("\\").is_ok());
}
