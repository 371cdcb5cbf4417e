//! Property tests: the value parser and the verifier never panic, and a
//! number formatted in any supported style parses back to its value.

use proptest::prelude::*;
use rlvr_core::{Context, Sample, Verifier};
use rlvr_table::{
    SqlLimits, Table, TableVerifier, Value, is_program, parse_value, run_program, run_sql,
    wtq_normalize,
};

/// Thousands separators for an integer part.
fn group(int: u64, sep: &str) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_value_parser_never_panics(s in "\\PC*") {
        let _ = parse_value(&s);
        let _ = wtq_normalize(&s);
        let _ = Table::parse_any("t", &s);
        if is_program(&s) {
            let _ = run_program(&s, &[]);
        }
    }

    #[test]
    fn sql_never_panics(s in "[A-Za-z0-9_*(),.'\" =<>]{0,60}") {
        let t = Table::parse_csv("t", "a,b\n1,x\n2,y\n").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let _ = run_sql(&format!("SELECT {s}"), std::slice::from_ref(&t), &SqlLimits::default());
        let _ = run_sql(&s, &[t], &SqlLimits::default());
    }

    #[test]
    fn the_verifier_never_panics(s in "[0-9a-z$%,.()|\\\\{} -]{0,40}") {
        let v = TableVerifier::new();
        let cx = Context::default();
        for ds in ["table__hitab", "table__finqa", "table__wtq", "table__tatqa"] {
            let _ = v.verify(&Sample::new(ds, format!("\\boxed{{{s}}}"), "12.5|13"), &cx);
            let _ = v.verify(&Sample::new(ds, "\\boxed{1}", s.clone()), &cx);
        }
    }

    #[test]
    fn formatting_then_parsing_round_trips(
        int in 0u64..10_000_000,
        cents in 0u64..100,
        negative in any::<bool>(),
        style in 0usize..8,
    ) {
        let v = int as f64 + cents as f64 / 100.0;
        let plain = format!("{int}.{cents:02}");
        let grouped = format!("{}.{cents:02}", group(int, ","));
        let (text, want) = match style {
            0 => (plain, v),
            1 => (grouped, v),
            2 => (format!("${grouped}"), v),
            3 => (format!("({grouped})"), -v),
            4 => (format!("{}.{cents:02}", group(int, "\u{2009}")), v),
            5 => (format!("\\boxed{{\\text{{{grouped}}}}}"), v),
            6 => (format!("{plain} million"), v * 1e6),
            _ => (format!("{grouped}\\%"), v),
        };
        let (text, want) = if negative && style != 3 { (format!("-{text}"), -want) } else { (text, want) };
        match parse_value(&text) {
            Value::Number(n) => prop_assert!((n.value - want).abs() <= 1e-9 * want.abs().max(1.0), "{text}: {}", n.value),
            other => prop_assert!(false, "{text}: {other:?}"),
        }
    }

    #[test]
    fn hitab_formulas_never_panic(
        f in "=[A-Z$0-9:+*/^%(),. -]{0,40}",
        map in proptest::collection::vec(("[A-C][0-9]{1,2}", 0usize..6, 0usize..4), 0..4),
        html in "(<t[rdh]( rowspan=[0-9]| colspan=[0-9])?>[a-z0-9]{0,3}){0,12}",
    ) {
        let refs: serde_json::Map<String, serde_json::Value> =
            map.into_iter().map(|(k, r, c)| (k, format!("({r}, {c})").into())).collect();
        let cx = Context::default();
        for table in [
            serde_json::json!({"texts": [["", "a", "b"], ["x", "1", "2"], ["y", "3", "n/a"]]}),
            serde_json::json!(format!("<table>{html}</table>")),
        ] {
            let extra = serde_json::json!({
                "tables": [table], "aggregation": ["sum"],
                "answer_formulas": [f.clone()], "reference_cells_map": refs.clone(),
            });
            let s = Sample::new("table__hitab", "\\boxed{3}", "3").with_extra_info(extra);
            let r = TableVerifier::new().verify(&s, &cx);
            prop_assert!(r.is_ok(), "{r:?}");
        }
    }

    #[test]
    fn a_multiset_answer_in_any_order_matches(mut xs in proptest::collection::vec(0u32..1000, 1..6)) {
        let gold = xs.iter().map(u32::to_string).collect::<Vec<_>>().join("|");
        xs.reverse();
        let pred = xs.iter().map(u32::to_string).collect::<Vec<_>>().join("|");
        let r = TableVerifier::new().verify(&Sample::new("table__hitab", format!("\\boxed{{{pred}}}"), gold), &Context::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.is_correct());
    }
}
