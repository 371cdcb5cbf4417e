use super::*;

fn read(s: &str) -> (String, Lit) {
    let (rest, lit) = number(s, true).unwrap_or_else(|e| panic!("{s}: {e:?}"));
    (rest.to_owned(), lit)
}

fn value(s: &str) -> String {
    let (rest, lit) = read(s);
    assert!(rest.is_empty(), "{s}: left {rest:?}");
    lit.value().to_string()
}

#[test]
fn thousands_separators_in_every_spelling_are_read() {
    for s in
        ["1,234,567", "1\\,234\\,567", "1{,}234{,}567", "1 234 567", "1\\!234\\!567", "1~234~567"]
    {
        assert_eq!(value(s), "1234567", "{s}");
    }
}

#[test]
fn commas_that_are_not_thousands_are_left_alone() {
    assert_eq!(read("1,23").0, ",23");
    assert_eq!(read("1,2345").0, ",2345");
    assert_eq!(read("1234,567").0, ",567");
}

#[test]
fn decimal_commas_after_zero_or_in_braces_are_decimals() {
    assert_eq!(value("0,5"), "1/2");
    assert_eq!(value("3{,}5"), "7/2");
    assert_eq!(value("0,125"), "1/8");
}

#[test]
fn decimals_record_the_places_they_show() {
    let (_, l) = read("2.50");
    assert_eq!((l.places, l.sig), (Some(2), 3));
    let (_, l) = read("1.5e3");
    assert_eq!((l.value().to_string(), l.places), ("1500".to_owned(), Some(-2)));
    let (_, l) = read(".25");
    assert_eq!(l.value().to_string(), "1/4");
    assert_eq!(read("42").1.places, None);
}

#[test]
fn repeating_decimals_are_exact() {
    assert_eq!(value("0.\\overline{3}"), "1/3");
    assert_eq!(value("0.1\\overline{6}"), "1/6");
    assert_eq!(value("0.\\overline{142857}"), "1/7");
    assert_eq!(read("0.\\overline{3}").1.places, None);
}

#[test]
fn huge_exponents_are_refused_not_expanded() {
    assert!(number("1e999999", true).is_err());
    assert_eq!(value("1e3"), "1000");
    assert_eq!(value("25e-2"), "1/4");
}

#[test]
fn a_trailing_dot_is_not_a_decimal_point() {
    assert_eq!(read("5.").0, ".");
}
