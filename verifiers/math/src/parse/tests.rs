use super::*;

fn ok(s: &str) -> Expr {
    parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

#[test]
fn shorthands_match_their_long_forms() {
    assert_eq!(ok("\\frac12"), ok("\\frac{1}{2}"));
    assert_eq!(ok("\\sqrt3"), ok("\\sqrt{3}"));
    assert_eq!(ok("\\frac1{x}"), ok("\\frac{1}{x}"));
}

#[test]
fn mixed_numbers_are_sums() {
    assert!(matches!(ok("2\\frac12"), Expr::Sum(_)));
    assert!(matches!(ok("2\\frac{x}{2}"), Expr::Prod(_)));
}

#[test]
fn brackets_make_tuples_intervals_and_groups() {
    assert!(matches!(ok("(1, 2)"), Expr::Tuple(_)));
    assert!(matches!(ok("[1, 2)"), Expr::Interval(_, _, true, false)));
    assert!(matches!(ok("[1, 2, 3]"), Expr::Bracket(_)));
    assert!(matches!(ok("(1)"), Expr::Num(_)));
    assert!(matches!(ok("\\{1, 2\\}"), Expr::Set(_)));
    assert!(matches!(ok("\\{\\}"), Expr::Empty));
}

#[test]
fn relations_chain() {
    let Expr::Rel(items, ops) = ok("1 < x \\le 3") else { panic!("not a relation") };
    assert_eq!(items.len(), 3);
    assert_eq!(ops, vec![RelOp::Lt, RelOp::Le]);
}

#[test]
fn units_after_an_expression_are_kept_apart_and_math_is_not_a_unit() {
    let unit = |s: &str| match ok(s) {
        Expr::Quantity(v, u) => (*v, u),
        other => panic!("not a quantity: {other:?}"),
    };
    assert_eq!(unit("5 \\text{ cm}^2"), (ok("5"), "cm ^2".to_owned()));
    assert_eq!(unit("12 dollars"), (ok("12"), "dollars".to_owned()));
    assert_eq!(unit("3 km/h"), (ok("3"), "km / h".to_owned()));
    assert_eq!(unit("5\\text{ m}"), (ok("5"), "m".to_owned()));
    assert!(matches!(ok("2e"), Expr::Prod(_)));
    // A hedge in the box is no unit: the answer does not parse.
    assert!(parse("7\\text{ or more}").is_err());
    assert!(parse("2\\text{ (or 3 if the boundary counts)}").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["{", "(", "\\sqrt{", "-", "x^{"] {
        let close = match open {
            "{" | "\\sqrt{" | "x^{" => "}",
            "(" => ")",
            _ => "",
        };
        let s = format!("{}1{}", open.repeat(2000), close.repeat(2000));
        let e = parse(&s).expect_err("too deep");
        assert!(e.0.starts_with("size limit"), "{open}: {e:?}");
    }
}

#[test]
fn long_sums_are_flat() {
    let s = vec!["1"; 1000].join("+");
    assert!(matches!(ok(&s), Expr::Sum(v) if v.len() == 1000));
    let s = vec!["1"; 5000].join("+");
    assert!(parse(&s).is_err());
}

#[test]
fn matrices_need_a_rectangular_shape() {
    assert!(matches!(ok("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}"), Expr::Matrix(_)));
    assert!(parse("\\begin{pmatrix}1&2\\\\3\\end{pmatrix}").is_err());
}

#[test]
fn base_subscripts_read_digits_in_that_base() {
    let Expr::Based(v, digits, 2) = ok("1010_2") else { panic!("not a base-2 number") };
    let Expr::Num(l) = *v else { panic!("not a number") };
    assert_eq!(l.value().to_string(), "10");
    assert_eq!(digits, "1010");
    assert!(matches!(ok("1010_{\\text{two}}"), Expr::Based(_, _, 2)));
    assert!(parse("12_2").is_err());
}

#[test]
fn functions_take_arguments_the_latex_way() {
    assert_eq!(ok("\\sin^{-1} x"), ok("\\arcsin x"));
    assert!(matches!(ok("\\log_2 8"), Expr::Func(Func::Log, _)));
    assert!(matches!(ok("\\sin^2 x"), Expr::Pow(..)));
}

#[test]
fn colons_make_ratios_between_sums_and_relations() {
    let Expr::Ratio(parts) = ok("1 : 2 : 3") else { panic!("not a ratio") };
    assert_eq!(parts.len(), 3);
    // Every spelling of the colon.
    for s in ["3\\colon 4", "3 \\mathbin{:} 4", "3∶4", "3 \\mathrel{\\colon} 4"] {
        assert_eq!(ok(s), ok("3:4"), "{s}");
    }
    // Parts are whole sums; a relation relates two ratios.
    assert!(matches!(ok("x+1 : 2"), Expr::Ratio(p) if matches!(p[0], Expr::Sum(_))));
    assert!(
        matches!(ok("x : y = 3 : 4"), Expr::Rel(items, _) if matches!(items[1], Expr::Ratio(_)))
    );
    // A dangling colon and an over-long ratio are errors, not panics.
    assert!(parse("3:").is_err());
    let long = vec!["1"; 40].join(":");
    assert!(parse(&long).is_err());
}

#[test]
fn set_builders_read_as_their_condition() {
    assert_eq!(ok("\\{x : x > 0\\}"), ok("x > 0"));
    assert_eq!(ok("\\{x \\mid 1 < x \\le 3\\}"), ok("1 < x \\le 3"));
    assert_eq!(ok("\\{x \\in \\mathbb{R} : x \\ne 2\\}"), ok("x \\ne 2"));
    // Not over the reals, not a relation, or not in its own variable.
    assert!(parse("\\{x \\in \\mathbb{Z} : x > 0\\}").is_err());
    assert!(parse("\\{x : 2x\\}").is_err());
    assert!(parse("\\{x : y > 0\\}").is_err());
    // `\{x, y\}` and `\{|x|\}` are still sets.
    assert!(matches!(ok("\\{x, y\\}"), Expr::Set(_)));
    assert!(matches!(ok("\\{|x|\\}"), Expr::Set(_)));
}

#[test]
fn meridiem_words_are_kept() {
    assert_ne!(ok("3:45 pm"), ok("3:45 am"));
    assert_ne!(ok("3:45 pm"), ok("3:45"));
    assert_eq!(ok("3:45 hours"), ok("3:45 \\text{hours}"));
}
