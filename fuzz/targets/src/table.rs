use std::sync::OnceLock;

use rlvr::table::{SqlLimits, Table, run_sql};

/// A small table the SQL queries run against.
fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        vec![
            Table::parse_csv("t", "name,year,amount\nalpha,2019,3.5\nbeta,2020,-4\ngamma,,1e3\n")
                .expect("the CSV table parses"),
        ]
    })
}

/// The table parsers and the SQL guard: the first byte picks the reader
/// (markdown, HTML, CSV, JSON, HiTab JSON, any, tables in a prompt, or a
/// SQL query against a small table), the rest (UTF-8) is its input. A
/// table that parses has as many cells in every row as it has columns, and
/// a frame of that shape; a query's result stays within the row limit.
///
/// # Panics
/// When a parser or the guard panics or breaks those rules.
pub fn table(data: &[u8]) {
    let [which, rest @ ..] = data else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let parsed = match which % 8 {
        0 => Table::parse_markdown("t", text),
        1 => Table::parse_html("t", text),
        2 => Table::parse_csv("t", text),
        3 | 4 => {
            let Ok(v) = serde_json::from_str(text) else { return };
            if which % 8 == 3 { Table::parse_json("t", &v) } else { Table::parse_hitab("t", &v) }
        }
        5 => Table::parse_any("t", text),
        6 => {
            for t in rlvr::table::prompt_tables(text) {
                check(&t);
            }
            return;
        }
        _ => {
            let limits = SqlLimits::default();
            if let Ok(df) = run_sql(text, tables(), &limits) {
                assert!(df.height() <= limits.max_rows, "{text:?} gave {} rows", df.height());
            }
            return;
        }
    };
    if let Ok(t) = parsed {
        check(&t);
    }
}

fn check(t: &Table) {
    let width = t.columns().len();
    for row in t.rows() {
        assert_eq!(row.len(), width, "a row of {} cells under {width} columns", row.len());
    }
    assert_eq!(t.frame().height(), t.rows().len(), "the frame's height is not the row count");
    let _ = t.lookup(&["a"], &["b"]);
    let _ = t.row_by_label("total");
}
