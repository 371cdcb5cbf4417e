use proptest::prelude::*;

use super::*;

const ALL: [Kind; 5] =
    [Kind::Boxed, Kind::AnswerTag, Kind::Code(Fence::ANY), Kind::Json, Kind::AnswerLine];

const PHRASE_KINDS: [Kind; 3] = [Kind::Boxed, Kind::AnswerTag, Kind::AnswerPhrase];

fn strict<'a>(text: &'a str, kinds: &[Kind]) -> Result<&'a str, NoAnswer> {
    Policy::default().extract(text, kinds, Mode::Strict).map(|a| a.text)
}

/// Text with none of the container delimiters in it.
fn plain() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.;=+\\n-]{0,40}"
}

/// An answer with balanced braces and no delimiters.
fn answer() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9+=^ -]{1,12}", "[a-z0-9]{1,4}".prop_map(|s| format!("\\frac{{{s}}}{{2}}"))]
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-empty", |s| !s.is_empty())
}

proptest! {
    #[test]
    fn extraction_never_panics(text in "\\PC{0,300}") {
        for kind in ALL.into_iter().chain([Kind::AnswerPhrase, Kind::MathEnv, Kind::Number]) {
            let _ = find(&text, kind);
        }
        let _ = Policy::default().extract(&text, &ALL, Mode::Lenient);
        let _ = after_think(&text);
    }

    #[test]
    fn extraction_never_panics_on_delimiter_soup(
        parts in prop::collection::vec(prop_oneof![
            Just("\\boxed"), Just("\\fbox"), Just("{"), Just("}"), Just("\\{"), Just("<answer>"),
            Just("</answer>"), Just("```"), Just("```py\n"), Just("\""), Just("["), Just("]"),
            Just("$"), Just("\\("), Just("\\]"), Just("<think>"), Just("</think>"), Just("Answer: "),
            Just("\n"), Just("é"), Just(" "), Just("7"), Just("\\"), Just("the answer is "),
            Just(". "), Just(", because "), Just("if "),
        ], 0..60)
    ) {
        let text: String = parts.concat();
        for kind in ALL.into_iter().chain([Kind::AnswerPhrase, Kind::MathEnv, Kind::Number]) {
            let _ = find(&text, kind);
        }
        let _ = Policy::default().extract(&text, &ALL, Mode::Lenient);
        let _ = Policy::default().extract(&text, &PHRASE_KINDS, Mode::Strict);
    }

    #[test]
    fn last_complete_box_wins(pre in plain(), answers in prop::collection::vec(answer(), 1..5), post in plain()) {
        let mut text = pre;
        for a in &answers {
            text.push_str(&format!("\\boxed{{{a}}} and "));
        }
        text.push_str(&post);
        prop_assert_eq!(strict(&text, &[Kind::Boxed]), Ok(answers.last().unwrap().as_str()));
    }

    #[test]
    fn last_complete_answer_tag_wins(pre in plain(), answers in prop::collection::vec(answer(), 1..5)) {
        let mut text = pre;
        for a in &answers {
            text.push_str(&format!("<answer>\n{a}\n</answer> so "));
        }
        prop_assert_eq!(strict(&text, &[Kind::AnswerTag]), Ok(answers.last().unwrap().as_str()));
    }

    #[test]
    fn appending_an_unclosed_container_yields_no_answer(
        pre in plain(),
        a in answer(),
        tail in plain(),
        which in 0usize..4,
    ) {
        let complete = format!("{pre}\\boxed{{{a}}} <answer>{a}</answer> ```\n{a}\n```");
        prop_assert!(strict(&complete, &ALL).is_ok());
        let opener = ["\\boxed{", "<answer>", "```python\n", "{\"k\": "][which];
        let cut = format!("{complete}\n{opener}{tail}");
        prop_assert!(matches!(strict(&cut, &ALL), Err(NoAnswer::Unclosed(_))), "{cut:?}");
    }

    #[test]
    fn an_unclosed_think_is_no_answer(pre in plain(), a in answer()) {
        let text = format!("{pre}\\boxed{{{a}}} <think> {pre}");
        prop_assert_eq!(strict(&text, &ALL), Err(NoAnswer::UnclosedThink));
    }

    #[test]
    fn answers_inside_think_do_not_count(pre in plain(), a in answer(), b in answer()) {
        let text = format!("<think>{pre} \\boxed{{{a}}}</think>{pre} \\boxed{{{b}}}");
        prop_assert_eq!(strict(&text, &[Kind::Boxed]), Ok(b.as_str()));
        let text = format!("<think>\\boxed{{{a}}}</think>{pre}");
        prop_assert_eq!(strict(&text, &[Kind::Boxed]), Err(NoAnswer::Missing));
    }
}

#[test]
fn boxed_forms() {
    assert_eq!(last_boxed("\\boxed{}").content(), Some(""));
    assert_eq!(last_boxed("\\boxed {7}").content(), Some("7"));
    assert_eq!(last_boxed("\\boxed\t7\n").content(), Some("7"));
    assert_eq!(last_boxed("\\fbox{a} \\boxedsymbol").content(), Some("a"));
    assert_eq!(last_boxed("x \\\\} \\boxed{a\\\\}").content(), Some("a\\\\"));
    assert_eq!(last_boxed("\\boxed{\\text{B}}").content(), Some("\\text{B}"));
    assert!(matches!(last_boxed("\\boxed"), Find::Unclosed(0)));
    assert!(matches!(last_boxed("no box"), Find::Absent));
}

#[test]
fn two_thousand_deep_braces_return() {
    let deep = format!("\\boxed{{{}{}}}", "{".repeat(2000), "}".repeat(2000));
    assert!(matches!(last_boxed(&deep), Find::Complete(_)));
    let unclosed = format!("\\boxed{{{}", "{".repeat(100_000));
    assert!(matches!(last_boxed(&unclosed), Find::Unclosed(_)));
    let json = "[".repeat(100_000);
    assert!(matches!(last_json(&json), Find::Unclosed(0)));
}

#[test]
fn code_blocks() {
    let t = "```python\na = 1\n```\n```\nuntagged\n```\n```text\nout\n```";
    assert_eq!(last_code_block(t, Fence::PYTHON).content(), Some("untagged"));
    assert_eq!(last_code_block(t, Fence::new(&["python"], false)).content(), Some("a = 1"));
    assert_eq!(last_code_block(t, Fence::ANY).content(), Some("out"));
    let Find::Complete(span) = last_code_block("````Python\nx\n````", Fence::PYTHON) else {
        panic!("expected a block");
    };
    assert_eq!((span.content, span.lang), ("x", "Python"));
    // Code right after the fence on the same line.
    assert_eq!(last_code_block("```print(1)```", Fence::ANY).content(), Some("print(1)"));
    assert!(matches!(last_code_block("```py\nx\n```\n```py\ny", Fence::PYTHON), Find::Unclosed(_)));
    // An unclosed block of another language still means the response was cut.
    assert!(matches!(
        last_code_block("```py\nx\n```\n```text\ny", Fence::PYTHON),
        Find::Unclosed(_)
    ));
}

#[test]
fn json_values() {
    assert_eq!(
        last_json("a {\"x\": [1, {\"y\": \"]\"}]} b").content(),
        Some("{\"x\": [1, {\"y\": \"]\"}]}")
    );
    // A balanced span that is not JSON is skipped in favour of an earlier one.
    assert_eq!(last_json("[1] then {not json}").content(), Some("[1]"));
    assert!(matches!(last_json("none here"), Find::Absent));
}

#[test]
fn answer_lines() {
    assert_eq!(last_answer_line("Answer: (B)").content(), Some("(B)"));
    assert_eq!(
        last_answer_line("## Final Answer\nThe final answer is $\\frac12$.").content(),
        Some("\\frac12")
    );
    assert_eq!(last_answer_line("- answer: yes\nno answer here").content(), Some("yes"));
    assert!(matches!(last_answer_line("the answers are many"), Find::Absent));
}

#[test]
fn answer_phrases_without_a_colon() {
    let line = |t| last_answer_phrase(t).content();
    assert_eq!(line("The answer is (C)"), Some("(C)"));
    assert_eq!(line("After all that, the correct answer is C."), Some("C"));
    assert_eq!(line("Therefore, the final answer is B"), Some("B"));
    assert_eq!(line("Answer is D"), Some("D"));
    assert_eq!(line("So my answer would be $\\frac{1}{2}$."), Some("\\frac{1}{2}"));
    assert_eq!(line("**The answer is** 42"), Some("42"));
    assert_eq!(line("the answer is: 7"), Some("7"));
    // The sentence ends the answer; math and groups are never cut.
    assert_eq!(line("The answer is 5 m/s. That is fast."), Some("5 m/s"));
    assert_eq!(line("The answer is 5, because 2 + 3 = 5"), Some("5"));
    assert_eq!(line("The answer is $a. b$; done"), Some("a. b"));
    assert_eq!(line("The answer is \\text{x. y} here"), Some("\\text{x. y} here"));
    // Minerva's format: the phrase inside the answer line is the answer.
    assert_eq!(line("Final Answer: The final answer is $5$. I hope it is correct."), Some("5"));
    // Remarks about an answer are not answers.
    for remark in [
        "I hope the answer is correct.",
        "the answer is not obvious",
        "The answer is as follows:",
        "The answer is:",
        "Let us check whether the answer is A.",
        "if the answer is B, then x = 2",
        "whose answer is 4",
    ] {
        assert_eq!(line(remark), None, "{remark:?}");
    }
}

#[test]
fn answer_phrases_keep_the_last_container_rule() {
    // The last phrase that is an answer wins; a later remark does not hide it.
    assert_eq!(
        last_answer_phrase(
            "The answer is A.\nNo: the answer is C.\nI am sure the answer is right."
        )
        .content(),
        Some("C")
    );
    // A colon line after a phrase wins, and a phrase after a colon line wins.
    assert_eq!(last_answer_phrase("The answer is A\nAnswer: B").content(), Some("B"));
    assert_eq!(last_answer_phrase("Answer: B\nOn reflection the answer is A").content(), Some("A"));
    // A closing tag ends a phrase written inside the tag.
    assert_eq!(strict("<answer>The answer is 3.</answer>", &PHRASE_KINDS), Ok("3"));
    // `AnswerLine` alone keeps reading only colon lines and `final answer is`.
    assert_eq!(last_answer_line("The answer is (C)").content(), None);
    assert_eq!(last_answer_line("Correct answer: C").content(), None);
    assert_eq!(last_answer_phrase("Correct answer: C").content(), Some("C"));
    // A box that starts after the phrase wins over it, wherever it is.
    assert_eq!(strict("The answer is $\\boxed{5}$.", &PHRASE_KINDS), Ok("5"));
    assert_eq!(strict("\\boxed{5}\nSo the answer is 6.", &PHRASE_KINDS), Ok("6"));
    assert_eq!(strict("\\boxed{5}\nI hope the answer is correct.", &PHRASE_KINDS), Ok("5"));
    // Without the phrase kind, the box is the answer.
    assert_eq!(strict("\\boxed{5}\nSo the answer is 6.", &ALL), Ok("5"));
    // An unclosed box after a phrase is still no answer.
    assert_eq!(
        strict("The answer is 5. Or \\boxed{6", &[Kind::Boxed, Kind::AnswerPhrase]),
        Err(NoAnswer::Unclosed(Kind::Boxed))
    );
}

#[test]
fn start_order_decides_between_kinds() {
    // The inner box starts after the tag, so it wins.
    assert_eq!(strict("<answer>\\boxed{5}</answer>", &ALL), Ok("5"));
    assert_eq!(strict("\\boxed{5}\nAnswer: 6", &ALL), Ok("6"));
    assert_eq!(strict("Answer: 6\n\\boxed{5}", &ALL), Ok("5"));
}

#[test]
fn size_caps_are_enforced_before_parsing() {
    let p = Policy::default().with_max_response_bytes(20).with_max_answer_bytes(3);
    assert!(matches!(
        p.extract(&"x".repeat(21), &ALL, Mode::Strict),
        Err(NoAnswer::ResponseTooLong { .. })
    ));
    assert!(matches!(
        p.extract("\\boxed{1234}", &ALL, Mode::Strict),
        Err(NoAnswer::AnswerTooLong { .. })
    ));
    assert_eq!(p.extract("\\boxed{123}", &ALL, Mode::Strict).map(|a| a.text), Ok("123"));
}

#[test]
fn lenient_falls_back_to_math_then_number() {
    let p = Policy::default();
    let lenient = |t| p.extract(t, &[Kind::Boxed], Mode::Lenient).map(|a| (a.kind, a.text));
    assert_eq!(lenient("so $x^2$ is 4"), Ok((Kind::MathEnv, "x^2")));
    assert_eq!(lenient("it is 4, or 5"), Ok((Kind::Number, "5")));
    assert_eq!(lenient("nothing"), Err(NoAnswer::Missing));
    // Lenient never overrides an unclosed container.
    assert_eq!(lenient("\\boxed{4"), Err(NoAnswer::Unclosed(Kind::Boxed)));
}

#[test]
fn hash_lines() {
    assert_eq!(last_hash_line("#### 1\nso\n####  -3.5 ").content(), Some("-3.5"));
    // A markdown heading with text is still a `####` line; the verifier that
    // asks for this kind (GSM8K) decides whether it parses.
    assert!(matches!(last_hash_line("no hashes"), Find::Absent));
    assert!(matches!(last_hash_line("a #### 5"), Find::Absent));
}

#[test]
fn last_number_reads_separators_and_decimal_commas() {
    let n = |t| last_number(t).content();
    // Thousands, every separator.
    assert_eq!(n("we get 1 000"), Some("1 000"));
    assert_eq!(n("we get 1 000 000."), Some("1 000 000"));
    assert_eq!(n("we get 1\u{a0}000 or 2\u{202f}500"), Some("2\u{202f}500"));
    assert_eq!(n("so 1\\,000"), Some("1\\,000"));
    assert_eq!(n("so 1{,}000{,}000"), Some("1{,}000{,}000"));
    assert_eq!(n("so 1\\!000"), Some("1\\!000"));
    assert_eq!(n("so 12,345,678"), Some("12,345,678"));
    assert_eq!(n("so 1,234.5"), Some("1,234.5"));
    assert_eq!(n("so 1 000.25"), Some("1 000.25"));
    // `1,000` is a thousand, also when the comma could be a decimal one.
    assert_eq!(n("total 1,000"), Some("1,000"));
    // (The math parser reads this one as 0.125: no thousands after a zero.)
    assert_eq!(n("total 0,125"), Some("0,125"));
    // Decimal commas.
    assert_eq!(n("x = 1000,99"), Some("1000,99"));
    assert_eq!(n("about 3,5 kg"), Some("3,5"));
    assert_eq!(n("about 0,5"), Some("0,5"));
    assert_eq!(n("about 2,1234"), Some("2,1234"));
    assert_eq!(n("so 1 000,99 euros"), Some("1 000,99"));
    assert_eq!(n("and -3,25."), Some("-3,25"));
    // Never merged: lists, pairs, words between numbers.
    assert_eq!(n("the pairs 3, 4 and 5"), Some("5"));
    assert_eq!(n("between 1 and 2"), Some("2"));
    assert_eq!(n("a list 1, 2, 3"), Some("3"));
    assert_eq!(n("a list 1,2,3"), Some("3"));
    assert_eq!(n("a list 10,20,30"), Some("30"));
    assert_eq!(n("the point (3,4)"), Some("4"));
    assert_eq!(n("the set {1,5}"), Some("5"));
    assert_eq!(n("1000,999"), Some("999"));
    assert_eq!(n("3 4"), Some("4"));
    assert_eq!(n("12 1234"), Some("1234"));
    assert_eq!(n("1234 567"), Some("567"));
    assert_eq!(n("1,2345,678"), Some("678"));
    assert_eq!(n("in 2019, 100 people"), Some("100"));
    assert_eq!(n("1 000, 2 000"), Some("2 000"));
    // Signs, leading dots and fractions as before.
    assert_eq!(n("it is -3/4."), Some("-3/4"));
    assert_eq!(n("it is .5"), Some(".5"));
    assert_eq!(n("it is -.5"), Some("-.5"));
    assert_eq!(n("x-5"), Some("-5"));
    assert_eq!(n("end."), None);
    assert_eq!(n("- . -. .."), None);
    assert_eq!(n("1,"), Some("1"));
    assert_eq!(n("1 "), Some("1"));
    assert_eq!(n("é1,5é"), Some("1,5"));
}

#[test]
fn lenient_with_tries_whole_then_math_then_number() {
    let p = Policy::default();
    let all =
        |t| p.extract_with(t, &[Kind::Boxed], Mode::Lenient, |_| true).map(|a| (a.kind, a.text));
    assert_eq!(all(" -\\frac{10}{9} "), Ok((Kind::Whole, "-\\frac{10}{9}")));
    assert_eq!(all("The answer is A."), Ok((Kind::Whole, "The answer is A.")));
    // A candidate the verifier cannot read is skipped.
    let no_whole = |t| {
        p.extract_with(t, &[Kind::Boxed], Mode::Lenient, |a| a.kind != Kind::Whole)
            .map(|a| (a.kind, a.text))
    };
    assert_eq!(no_whole("so $x^2$ is 4"), Ok((Kind::MathEnv, "x^2")));
    assert_eq!(no_whole("it is 4, or 5"), Ok((Kind::Number, "5")));
    // When none is accepted, there is no answer.
    let none = |t| p.extract_with(t, &[Kind::Boxed], Mode::Lenient, |_| false).map(|a| a.kind);
    assert_eq!(none("so $x$ is 4"), Err(NoAnswer::Missing));
    assert_eq!(none(""), Err(NoAnswer::Missing));
    // ... but a container is never offered: it is the answer.
    assert_eq!(none("\\boxed{?}"), Ok(Kind::Boxed));
    // Several lines are never read whole.
    assert_eq!(all("step 1\nso 7"), Ok((Kind::Number, "7")));
    // A container always wins over the fallbacks, and strict mode has none.
    assert_eq!(all("x \\boxed{3} y"), Ok((Kind::Boxed, "3")));
    let strict = p.extract_with("\\frac{1}{2}", &[Kind::Boxed], Mode::Strict, |_| true);
    assert_eq!(strict.map(|a| a.text), Err(NoAnswer::Missing));
}

#[test]
fn the_last_number_is_never_inside_a_command() {
    for (text, want) in [
        ("\\frac{10}{9}", None),
        ("-\\dfrac{1}{9}", None),
        ("\\frac12", None),
        ("\\sqrt3", None),
        ("\\sqrt[3]{8}", None),
        ("\\text{5 apples}", None),
        ("\\frac{\\sqrt{2}}{3}", None),
        ("{7 \\choose 3}", None),
        ("{1 \\over 2}", None),
        ("7 then \\frac{1}{9}", Some("7")),
        ("\\frac{1}{2} + 3", Some("3")),
        ("x^{2}", Some("2")),
        ("\\$5", Some("5")),
        ("\\cdot 4", Some("4")),
        ("\\{1, 2\\}", Some("2")),
        ("\\left( 3 \\right)", Some("3")),
        ("1{,}000", Some("1{,}000")),
        ("} 4 {", Some("4")),
    ] {
        assert_eq!(last_number(text).content(), want, "{text}");
    }
}

#[test]
fn boxes_report_their_run() {
    let p = Policy::default();
    let a = p.extract("\\boxed{1}, \\boxed{2}", &ALL, Mode::Strict).expect("a box");
    assert_eq!((a.text, a.run.parts()), ("2", vec!["1", "2"]));
    // Other containers never have a run.
    let a = p.extract("\\boxed{1}, \\boxed{2}\nAnswer: 3", &ALL, Mode::Strict).expect("a line");
    assert_eq!(a.run, Run::Single);
}
