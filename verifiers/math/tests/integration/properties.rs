//! Property tests: the parser never panics, and equivalence behaves like
//! an equivalence where it should.

use proptest::prelude::*;
use rlvr_core::{Budget, Context, Sample, Verdict, Verifier};
use rlvr_math::{MathVerifier, answers_equal, parse_number};

fn cx() -> Context {
    Context::new(&Budget::default())
}

/// Small answers built from the grammar we read.
fn answer() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        (0u32..1000).prop_map(|n| n.to_string()),
        (1u32..100, 1u32..100).prop_map(|(a, b)| format!("\\frac{{{a}}}{{{b}}}")),
        (2u32..50).prop_map(|n| format!("\\sqrt{{{n}}}")),
        Just("\\pi".to_owned()),
        Just("x".to_owned()),
        Just("y".to_owned()),
        (0u32..100, 1u32..4).prop_map(|(a, d)| format!("{a}.{}", "5".repeat(d as usize))),
    ];
    atom.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}+{b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}-{b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}\\cdot {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("\\frac{{{a}}}{{{b}}}")),
            inner.clone().prop_map(|a| format!("({a})^2")),
            inner.prop_map(|a| format!("\\left({a}\\right)")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_verifier_never_panics_on_any_string(s in "\\PC*") {
        let v = MathVerifier::new();
        let _ = v.verify(&Sample::new("math__math", format!("\\boxed{{{s}}}"), "1"), &cx());
        let _ = v.verify(&Sample::new("math__math", "\\boxed{1}", s.clone()), &cx());
        let _ = parse_number(&s);
    }

    #[test]
    fn the_verifier_never_panics_on_latex_soup(s in "[0-9a-z\\\\{}()\\[\\]^_+\\-*/=<>,.|!% ]{0,60}") {
        let v = MathVerifier::new();
        let _ = v.verify(&Sample::new("math__math", format!("\\boxed{{{s}}}"), s), &cx());
    }

    #[test]
    fn equivalence_is_reflexive(a in answer()) {
        prop_assert!(answers_equal(&a, &a, &cx())?, "{a}");
    }

    #[test]
    fn equivalence_is_symmetric(a in answer(), b in answer()) {
        // The decimal policy is deliberately asymmetric (a decimal gold is
        // matched at its precision, an exact gold needs an exact answer).
        prop_assume!(!a.contains('.') && !b.contains('.'));
        let ab = answers_equal(&a, &b, &cx())?;
        let ba = answers_equal(&b, &a, &cx())?;
        prop_assert_eq!(ab, ba, "{} vs {}", a, b);
    }

    #[test]
    fn layout_does_not_change_the_verdict(a in answer(), b in answer()) {
        let plain = answers_equal(&a, &b, &cx())?;
        let dressed = b.replace("\\frac", "\\dfrac").replace('(', "\\left(").replace(')', "\\right)").replace('+', " + ");
        prop_assert_eq!(plain, answers_equal(&a, &dressed, &cx())?, "{} vs {}", a, dressed);
    }

    #[test]
    fn a_decimal_gold_accepts_the_fraction_it_rounds(n in 1i64..10_000, d in 1i64..10_000) {
        let dec = format!("{:.12}", n as f64 / d as f64);
        prop_assert!(answers_equal(&dec, &format!("\\frac{{{n}}}{{{d}}}"), &cx())?, "{} vs {}/{}", dec, n, d);
    }

    #[test]
    fn an_exact_gold_accepts_a_decimal_only_when_it_is_exact(n in 1i64..10_000, d in 1i64..10_000) {
        let dec = format!("{:.12}", n as f64 / d as f64);
        let frac = format!("\\frac{{{n}}}{{{d}}}");
        let exact = (i128::from(n) * 1_000_000_000_000) % i128::from(d) == 0;
        prop_assert_eq!(answers_equal(&frac, &dec, &cx())?, exact, "{} vs {}", frac, dec);
        let loose = MathVerifier::builder().decimal_approximations(true).build();
        prop_assert!(loose.equivalent_in(&frac, &dec, &cx())?.is_equal(), "{} vs {} with the opt-in", frac, dec);
    }

    #[test]
    fn different_integers_never_match(a in 0u64..u64::MAX, b in 0u64..u64::MAX) {
        prop_assume!(a != b);
        prop_assert!(!answers_equal(&a.to_string(), &b.to_string(), &cx())?);
    }

    #[test]
    fn thousands_separators_do_not_change_an_integer(n in 1000u64..1_000_000_000_000) {
        let s = n.to_string();
        let mut grouped = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                grouped.push_str("{,}");
            }
            grouped.push(c);
        }
        prop_assert!(answers_equal(&s, &grouped, &cx())?, "{} vs {}", s, grouped);
    }

    #[test]
    fn scaling_a_ratio_keeps_it_unless_it_looks_like_a_time(a in 1u64..1000, b in 1u64..1000, k in 1u64..30) {
        let (g, p) = (format!("{a}:{b}"), format!("{}:{}", a * k, b * k));
        let clock = |x: u64, y: u64| x < 100 && (10..60).contains(&y);
        let expected = k == 1 || !(clock(a, b) || clock(a * k, b * k));
        prop_assert_eq!(answers_equal(&g, &p, &cx())?, expected, "{} vs {}", g, p);
    }

    #[test]
    fn ratios_of_different_value_never_match(a in 0u64..200, b in 0u64..200, c in 0u64..200, d in 0u64..200) {
        let (g, p) = (format!("{a}:{b}"), format!("{c}:{d}"));
        let same = (a, b) == (c, d) || a * d == b * c && (a, b) != (0, 0) && (c, d) != (0, 0);
        if !same {
            prop_assert!(!answers_equal(&g, &p, &cx())?, "{} vs {}", g, p);
        }
        // With a third part of 1 the only factor left is 1.
        let (g3, p3) = (format!("{a}:{b}:1"), format!("{c}:{d}:1"));
        prop_assert_eq!(answers_equal(&g3, &p3, &cx())?, (a, b) == (c, d), "{} vs {}", g3, p3);
    }

    #[test]
    fn ratio_equivalence_is_symmetric(
        a in 0u64..40, b in 1u64..40, c in 0u64..40, d in 1u64..40,
        form in 0usize..4,
    ) {
        let g = format!("{a}:{b}");
        let p = match form {
            0 => format!("{c}:{d}"),
            1 => format!("\\frac{{{c}}}{{{d}}}"),
            2 => format!("{c}:{d}:{a}"),
            _ => format!("({c}, {d})"),
        };
        prop_assert_eq!(answers_equal(&g, &p, &cx())?, answers_equal(&p, &g, &cx())?, "{} vs {}", g, p);
    }
}

/// The verdict on `pred` against `gold` (`None` for an error).
fn verdict(gold: &str, pred: &str) -> Option<Verdict> {
    let sample = Sample::new("math__math", format!("\\boxed{{{pred}}}"), gold);
    MathVerifier::new().verify(&sample, &cx()).ok().map(|r| r.verdict)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Powers too large for a float, written through a power of the base
    /// or a product of powers, are decided exactly: equal when they are,
    /// and different when the exponent is one off (never undecided, never
    /// a guess).
    #[test]
    fn huge_powers_are_decided_exactly(a in 2u64..300, b in 2u64..300, k in 2u32..5, n in 1_000_000u64..1_000_000_000_000) {
        let gold = format!("{a}^{{{}}}", u128::from(k) * u128::from(n));
        prop_assert_eq!(verdict(&gold, &format!("\\left({a}^{{{k}}}\\right)^{{{n}}}")), Some(Verdict::Correct), "{}", gold);
        let off = format!("{a}^{{{}}}", u128::from(k) * u128::from(n) + 1);
        prop_assert_eq!(verdict(&gold, &off), Some(Verdict::Incorrect), "{} against {}", gold, off);
        let prod = format!("{}^{{{n}}}", u128::from(a) * u128::from(b));
        prop_assert_eq!(verdict(&prod, &format!("{a}^{{{n}}}\\cdot {b}^{{{n}}}")), Some(Verdict::Correct), "{}", prod);
    }
}
