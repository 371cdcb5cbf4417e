//! Criterion benches for the table verifier: one sample per policy (each
//! checked for the expected verdict before it is timed), and table parsing
//! and SQL query time measured separately.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rlvr_core::{Context, Sample, Verdict, Verifier};
use rlvr_table::{SqlLimits, Table, TableVerifier, run_sql};
use serde_json::json;

/// A 100-row markdown table.
fn markdown(rows: usize) -> String {
    let mut s = String::from("| item | 2019 | 2020 |\n|---|---|---|\n");
    for i in 0..rows {
        let _ = writeln!(s, "| row{i} | ${},{:03} | {} |", i + 1, i % 1000, i * 7);
    }
    s
}

fn html(rows: usize) -> String {
    let mut s = String::from(
        "<table><thead><tr><th rowspan=2>item</th><th colspan=2>Revenue</th></tr><tr><th>2019</th><th>2020</th></tr></thead>",
    );
    for i in 0..rows {
        let _ = write!(s, "<tr><td>row{i}</td><td>{i}</td><td>{}</td></tr>", i * 2);
    }
    s.push_str("</table>");
    s
}

/// An HTML table whose body rows open with `<th>` row headers: a
/// `<th rowspan=5>` group over five `<th>` items.
fn html_th_rows(rows: usize) -> String {
    let mut s = String::from("<table><tr><th></th><th></th><th>2019</th><th>2020</th></tr>");
    for i in 0..rows {
        s.push_str("<tr>");
        if i % 5 == 0 {
            let _ = write!(s, "<th rowspan=5>group{}</th>", i / 5);
        }
        let _ = write!(s, "<th>row{i}</th><td>{i}</td><td>{}</td></tr>", i * 2);
    }
    s.push_str("</table>");
    s
}

/// A HiTab table: two header rows (a merged year over two quarters) and
/// `rows` body rows under parents of five children each.
fn hitab(rows: usize) -> serde_json::Value {
    let mut texts = vec![json!(["", "2019", ""]), json!(["", "q1", "q2"])];
    let mut parents = Vec::new();
    for i in 0..rows {
        texts.push(json!([format!("row{i}"), i.to_string(), (i * 2).to_string()]));
        let node = json!({"row_index": i + 2, "column_index": 0, "children": []});
        if i % 6 == 0 {
            parents.push(json!({"row_index": i + 2, "column_index": 0, "children": []}));
        } else if let Some(p) = parents.last_mut()
            && let Some(c) = p["children"].as_array_mut()
        {
            c.push(node);
        }
    }
    json!({
        "texts": texts, "top_header_rows_num": 2, "left_header_columns_num": 1,
        "merged_regions": [{"first_row": 0, "last_row": 0, "first_column": 1, "last_column": 2}],
        "left_root": {"row_index": -1, "column_index": -1, "children": parents},
    })
}

fn cases() -> Vec<(&'static str, Sample, Verdict)> {
    let tables = json!({"tables": [markdown(100)]});
    let sales = json!({"tables": [{"name": "sales", "format": "csv", "content": "region,amount\neu,3\nus,5\neu,4\n"}]});
    vec![
        ("hitab-number", Sample::new("table__hitab", "so \\boxed{12.5}", "12.5"), Verdict::Correct),
        (
            "hitab-multi",
            Sample::new(
                "table__hitab",
                "\\boxed{13|12.5|north america}",
                "north america|12.5|13.0",
            ),
            Verdict::Correct,
        ),
        (
            "hitab-text",
            Sample::new("table__hitab", "\\boxed{\\text{North America}}", "north america"),
            Verdict::Correct,
        ),
        (
            "finqa-number",
            Sample::new("table__finqa", "\\boxed{12.34\\%}", 0.1234),
            Verdict::Correct,
        ),
        (
            "finqa-program",
            Sample::new("table__finqa", "\\boxed{subtract(5829, 5735), divide(#0, 5735)}", 0.01639),
            Verdict::Correct,
        ),
        (
            "finqa-program-table-100rows",
            Sample::new("table__finqa", "\\boxed{table_sum(row42, none)}", 43_336.0)
                .with_extra_info(tables),
            Verdict::Correct,
        ),
        (
            "hitab-formula-check-100rows",
            Sample::new("table__hitab", "\\boxed{0.5}", "0.5").with_extra_info(json!({
                "tables": [hitab(100)],
                "aggregation": ["div"],
                "answer_formulas": ["=B13/C13"],
                "reference_cells_map": {"B13": "(12, 1)", "C13": "(12, 2)"},
            })),
            Verdict::Correct,
        ),
        (
            "wtq",
            Sample::new("table__wtq", "\\boxed{chicago bulls}", "Chicago Bulls (NBA)"),
            Verdict::Correct,
        ),
        (
            "tatqa",
            Sample::new(
                "table__tatqa",
                "\\boxed{1234.5 thousand}",
                json!({"answer": "1,234.5", "scale": "thousand", "answer_type": "arithmetic"}),
            ),
            Verdict::Correct,
        ),
        (
            "guru",
            Sample::new("table__hitab", "\\boxed{1235}", "1234")
                .with_extra_info(json!({"policy": "guru"})),
            Verdict::Correct,
        ),
        (
            "sql",
            Sample::new(
                "table__sql",
                "```sql\nSELECT region, SUM(amount) FROM sales GROUP BY region\n```",
                json!({"rows": [["eu", 7], ["us", 5]]}),
            )
            .with_extra_info(sales),
            Verdict::Correct,
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let v = TableVerifier::new();
    let mut group = c.benchmark_group("table");
    for (name, sample, want) in cases() {
        let got = v.verify(&sample, &Context::default()).map(|r| r.verdict);
        assert_eq!(got.as_ref().ok(), Some(&want), "{name}: wrong verdict before timing: {got:?}");
        group
            .bench_function(name, |b| b.iter(|| v.verify(black_box(&sample), &Context::default())));
    }
    // Parsing and querying, separately.
    let md = markdown(100);
    let ht = html(100);
    assert_eq!(Table::parse_markdown("t", &md).map(|t| t.frame().height()).ok(), Some(100));
    assert_eq!(Table::parse_html("t", &ht).map(|t| t.frame().height()).ok(), Some(100));
    group.bench_function("parse-markdown-100rows", |b| {
        b.iter(|| Table::parse_markdown("t", black_box(&md)));
    });
    group.bench_function("parse-html-100rows", |b| {
        b.iter(|| Table::parse_html("t", black_box(&ht)));
    });
    let th = html_th_rows(100);
    assert_eq!(Table::parse_html("t", &th).map(|t| t.frame().height()).ok(), Some(100));
    group.bench_function("parse-html-th-rows-100rows", |b| {
        b.iter(|| Table::parse_html("t", black_box(&th)));
    });
    let hi = hitab(100);
    assert_eq!(Table::parse_hitab("t", &hi).map(|t| t.row_paths()[2].len()).ok(), Some(2));
    group.bench_function("parse-hitab-tree-100rows", |b| {
        b.iter(|| Table::parse_hitab("t", black_box(&hi)));
    });
    let t = Table::parse_markdown("t", &md).expect("bench table");
    let q = "SELECT item, \"2020\" FROM t WHERE \"2020\" > 300 ORDER BY \"2020\" DESC LIMIT 5";
    assert_eq!(
        run_sql(q, std::slice::from_ref(&t), &SqlLimits::default()).map(|d| d.height()).ok(),
        Some(5)
    );
    let tables = [t];
    group.bench_function("sql-query-100rows", |b| {
        b.iter(|| run_sql(black_box(q), &tables, &SqlLimits::default()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
