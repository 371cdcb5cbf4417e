//! Property tests: the parsers never panic, formatting a quantity and
//! reading it back gives the same value, and a converted answer matches.

use proptest::prelude::*;
use rlvr_core::{Context, Sample, Verifier};
use rlvr_science::{Quantity, StemWebVerifier, Unit, read_choice};

const UNITS: [&str; 10] =
    ["m/s", "km/h", "J", "eV", "mA", "kPa", "g/cm^3", "N", "\\mathrm{m\\,s^{-2}}", "°C"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_parsers_never_panic(s in "\\PC*") {
        let _ = Quantity::parse(&s);
        let _ = Unit::parse(&s);
        let _ = read_choice(&s, 'J');
        let _ = StemWebVerifier::new().verify(&Sample::new("stem_web", format!("\\boxed{{{s}}}"), "2.5 m/s"), &Context::default());
        let _ = StemWebVerifier::new().verify(&Sample::new("stem_web", "\\boxed{1}", s), &Context::default());
    }

    #[test]
    fn unit_soup_never_panics(s in "[0-9a-zA-Z\\\\{}()^_/*. %$°µ-]{0,40}") {
        let _ = Quantity::parse(&s);
        let _ = Unit::parse(&s);
    }

    #[test]
    fn formatting_then_parsing_round_trips(mantissa in -99_999i64..99_999, places in 0u32..4, unit in 0usize..UNITS.len(), style in 0usize..3) {
        let v = mantissa as f64 / 10f64.powi(places as i32);
        let u = UNITS[unit];
        let text = match style {
            0 => format!("{v:.p$} {u}", p = places as usize),
            1 => format!("{v:.p$}\\ \\text{{{u}}}", p = places as usize),
            _ => format!("{:.p$e} {u}", v, p = places as usize + 4),
        };
        let q = Quantity::parse(&text).ok_or_else(|| TestCaseError::fail(format!("unparsed: {text}")))?;
        prop_assert!((q.value() - v).abs() <= 1e-9 * v.abs().max(1.0), "{text}: {}", q.value());
        let want = Unit::parse(u).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(q.unit().map(Unit::dimension), Some(want.dimension()));
    }

    #[test]
    fn an_answer_in_other_units_matches(m in 1i64..100_000) {
        // The gold in m/s with three decimals; the answer in km/h with
        // enough digits.
        let v = m as f64 / 1000.0;
        let gold = format!("{v:.3} m/s");
        let pred = format!("\\boxed{{{:.6} km/h}}", v * 3.6);
        let r = StemWebVerifier::new().verify(&Sample::new("stem_web", pred.as_str(), gold.as_str()), &Context::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.is_correct(), "{pred} vs {gold}: {:?}", r.detail);
    }
}
