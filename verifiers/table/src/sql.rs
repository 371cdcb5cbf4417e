//! SQL answers: a guarded SELECT run on polars' SQLContext over the
//! registered tables.

use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use polars::prelude::{AnyValue, DataFrame, IntoLazy, PolarsError};
use polars::sql::SQLContext;
use sqlparser::ast::{BinaryOperator, Expr, ObjectName, Statement, TableFactor, Visit, Visitor};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::{Parser, ParserError};

use crate::table::Table;

/// Limits on one SQL answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SqlLimits {
    /// The most result rows; a larger result is an error.
    pub max_rows: usize,
    /// The largest product of the row counts of the tables a query names
    /// (each mention counts): bounds joins before anything runs.
    pub max_join_rows: u64,
    /// The longest query, in bytes.
    pub max_query_bytes: usize,
    /// The deepest nesting the SQL parser follows (sqlparser's recursion
    /// limit). The parser backtracks, and its work grows exponentially
    /// with the depth it may try: at sqlparser's default of 50 a fuzzed
    /// 450-byte query of dots and brackets took 22 s to fail, at 30 its
    /// variants up to a second, at 20 at most 10 ms. Twenty still reads
    /// six nested `IN` subqueries or fourteen nested parentheses.
    pub max_depth: usize,
    /// The longest a query may run: the result is awaited this long, then
    /// the query is graded as failed (see [`run_sql`] for how the work
    /// itself is bounded).
    pub time_limit: Duration,
}

impl Default for SqlLimits {
    fn default() -> Self {
        Self {
            max_rows: 10_000,
            max_join_rows: 10_000_000,
            max_query_bytes: 16 << 10,
            max_depth: 20,
            time_limit: Duration::from_secs(2),
        }
    }
}

use crate::error::{TableError, engine, refused, too_large};

/// Functions that read files or make data out of nothing.
const FORBIDDEN: [&str; 4] = ["read_", "scan_", "generate_series", "range"];

#[derive(Default)]
struct Guard {
    relations: Vec<String>,
    problem: Option<String>,
}

impl Visitor for Guard {
    type Break = ();

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        self.relations.push(relation.to_string());
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        let bad = match factor {
            TableFactor::Table { args: Some(_), name, .. } => {
                Some(format!("table function `{name}`"))
            }
            TableFactor::TableFunction { .. } | TableFactor::Function { .. } => {
                Some("table function".to_owned())
            }
            _ => None,
        };
        if let Some(b) = bad {
            self.problem =
                Some(format!("{b} is not allowed: only the registered tables can be read"));
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        // polars' `//` (floor division) panics on some mixes of integer
        // literal types ("cannot get ref Int64 from Int32", found by
        // fuzzing). The panic is contained, but the operator is no SQL a
        // table answer needs: refused before it runs.
        if let Expr::BinaryOp { op: BinaryOperator::DuckIntegerDivide, .. } = expr {
            self.problem = Some("the `//` operator is not allowed".to_owned());
            return ControlFlow::Break(());
        }
        if let Expr::Function(f) = expr {
            let name = f.name.to_string().to_ascii_lowercase();
            if FORBIDDEN.iter().any(|p| name.starts_with(p)) {
                self.problem = Some(format!("function `{name}` is not allowed"));
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }
}

/// A checked query: one SELECT, no table functions, no file readers.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    /// Whether the top-level query has ORDER BY.
    pub(crate) ordered: bool,
    relations: Vec<String>,
}

pub(crate) fn check(query: &str, limits: &SqlLimits) -> Result<Checked, TableError> {
    if query.len() > limits.max_query_bytes {
        return too_large(format!("query over {} bytes", limits.max_query_bytes));
    }
    let stmts = match Parser::new(&GenericDialect {})
        .with_recursion_limit(limits.max_depth)
        .try_with_sql(query)
        .and_then(|mut p| p.parse_statements())
    {
        Ok(stmts) => stmts,
        Err(ParserError::RecursionLimitExceeded) => {
            return too_large(format!("the query nests over {} deep", limits.max_depth));
        }
        Err(e) => return Err(TableError::Malformed { reason: format!("SQL syntax: {e}") }),
    };
    let [stmt] = stmts.as_slice() else {
        return refused(format!("expected one statement, got {}", stmts.len()));
    };
    let Statement::Query(q) = stmt else {
        return refused("only SELECT queries are allowed");
    };
    let mut guard = Guard::default();
    let _ = stmt.visit(&mut guard);
    if let Some(p) = guard.problem {
        return refused(p);
    }
    Ok(Checked { ordered: q.order_by.is_some(), relations: guard.relations })
}

/// Runs a SELECT over the tables (registered under their names; a lone
/// table also as `df` and `t`). Returns the result frame.
///
/// # Errors
/// [`TableError`] when the query is refused (not a single SELECT, a table
/// function, a file reader, a join over the size bound), fails in polars,
/// returns too many rows, or overruns the time limit.
///
/// # Bounds
/// - Before the plan runs: one SELECT statement under `max_query_bytes`
///   that the parser reads within `max_depth` (which bounds its
///   backtracking, and so the polars parse of an accepted query too),
///   and the product of the row counts of every table the query names
///   under `max_join_rows` (so no cross join can blow up).
/// - All of it, the parse included, runs on its own thread, awaited at
///   most `time_limit`; past it the query is graded as failed at once.
///   polars offers no way to interrupt a running plan that also contains
///   its panics, so the abandoned work finishes in the background; the
///   join bound and the row cap keep it finite and small.
/// - After: at most `max_rows` result rows (the plan is limited to one
///   more, so a huge result is never materialised).
///
/// # Example
/// ```
/// use rlvr_table::{SqlLimits, Table, run_sql};
/// let t = Table::parse_csv("sales", "region,amount\neu,3\nus,5\neu,4\n")?;
/// let df = run_sql("SELECT region, SUM(amount) AS s FROM sales GROUP BY region ORDER BY s DESC", &[t.clone()], &SqlLimits::default())?;
/// assert_eq!(df.height(), 2);
/// assert!(run_sql("DROP TABLE sales", &[t.clone()], &SqlLimits::default()).is_err());
/// assert!(run_sql("SELECT * FROM read_csv('/etc/passwd')", &[t], &SqlLimits::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_sql(query: &str, tables: &[Table], limits: &SqlLimits) -> Result<DataFrame, TableError> {
    run_checked(query, tables, limits).map(|(df, _)| df)
}

pub(crate) fn run_checked(
    query: &str,
    tables: &[Table],
    limits: &SqlLimits,
) -> Result<(DataFrame, bool), TableError> {
    let heights: Vec<(String, u64)> =
        tables.iter().map(|t| (t.name().to_ascii_lowercase(), t.frame().height() as u64)).collect();
    let mut cx = SQLContext::new();
    for t in tables {
        cx.register(t.name(), t.frame().clone().lazy());
    }
    if tables.len() == 1 {
        for alias in ["df", "t"] {
            if !tables[0].name().eq_ignore_ascii_case(alias) {
                cx.register(alias, tables[0].frame().clone().lazy());
            }
        }
    }
    let (query, limits) = (query.to_owned(), *limits);
    // The parse, the guard, the plan and the run all happen on one thread,
    // awaited at most `time_limit`: sqlparser backtracks (a fuzzed query of
    // brackets and dots took seconds to parse), and polars is not ours to
    // audit, so a panic inside it (an unwrap on an unusual syntax tree) is
    // contained and graded like any other error.
    // PERF: polars' `collect_concurrently` could also cancel the work, but
    // it runs the plan as a rayon job, where a panic aborts the process;
    // here a panic is caught, and a query over the limit keeps running in
    // the background until done, bounded by `max_join_rows` and the row cap.
    within(limits.time_limit, move || {
        let checked = check(&query, &limits)?;
        let rows_of = |name: &str| -> Option<u64> {
            let lname = name.trim_matches('"').to_ascii_lowercase();
            heights
                .iter()
                .find(|(n, _)| *n == lname)
                .or_else(|| {
                    (heights.len() == 1 && matches!(lname.as_str(), "df" | "t"))
                        .then(|| &heights[0])
                })
                .map(|(_, h)| *h)
        };
        let mut product: u64 = 1;
        for r in &checked.relations {
            // CTE names and unknown names count as one row here; polars
            // reports unknown tables itself.
            product = product.saturating_mul(rows_of(r).unwrap_or(1).max(1));
        }
        if product > limits.max_join_rows {
            return too_large(format!(
                "the query joins up to {product} rows, over the {} bound",
                limits.max_join_rows
            ));
        }
        let cap = u32::try_from(limits.max_rows.saturating_add(1)).unwrap_or(u32::MAX);
        let polars = |e: PolarsError| TableError::Engine { reason: format!("polars: {e}") };
        let df = cx.execute(&query).map_err(polars)?.limit(cap).collect().map_err(polars)?;
        if df.height() > limits.max_rows {
            return too_large(format!("the result has over {} rows", limits.max_rows));
        }
        Ok((df, checked.ordered))
    })?
}

/// The stack of a query's thread.
const SQL_STACK_BYTES: usize = 64 << 20;

/// Runs `f` on its own thread and waits for it at most `limit`: a panic
/// inside is contained (an [`TableError::Engine`] error), and past `limit`
/// the caller gets [`TableError::TimedOut`] at once while the thread
/// finishes in the background.
fn within<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TableError> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    // A large stack: polars plans and evaluates recursively, and a deep
    // (depth-bounded) query overflowed the 2 MiB default in a debug build,
    // which aborts the process. The memory is reserved, not committed.
    let spawned = std::thread::Builder::new()
        .name("rlvr-table-sql".into())
        .stack_size(SQL_STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(std::panic::catch_unwind(AssertUnwindSafe(f)));
        });
    if spawned.is_err() {
        return engine("could not start the query thread");
    }
    match rx.recv_timeout(limit) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => engine("the SQL engine panicked on this query"),
        Err(_) => {
            Err(TableError::TimedOut { reason: format!("the query ran over the {limit:?} limit") })
        }
    }
}

/// A result frame as rows of text cells (nulls empty, floats as Rust
/// prints them).
pub(crate) fn frame_rows(df: &DataFrame) -> Vec<Vec<String>> {
    (0..df.height())
        .map(|i| {
            df.columns()
                .iter()
                .map(|c| match c.get(i) {
                    Ok(AnyValue::Null) | Err(_) => String::new(),
                    Ok(v) if v.get_str().is_some() => v.get_str().unwrap_or_default().to_owned(),
                    Ok(AnyValue::Float64(f)) => f.to_string(),
                    Ok(AnyValue::Float32(f)) => f.to_string(),
                    Ok(AnyValue::Boolean(b)) => if b { "true" } else { "false" }.to_owned(),
                    Ok(v) => v.to_string().trim_matches('"').to_owned(),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// Found by fuzzing (target `table`): sqlparser backtracks on this
    /// text for seconds (25 s in the fuzzing build). The parse runs under
    /// the query's time limit, so the answer comes back at the limit.
    #[test]
    fn a_query_that_backtracks_deeply_is_refused_by_its_depth() {
        let q = concat!(
            "If\u{b}f\u{b}\u{b}\u{b}.\u{b}tooooooo.ooooooooo.oooo$ooooyyyyo[oo.oooooooooo",
            "ooooo.okoo$ooooyyyyo[oo.oooooooo.oooooooooo$ooooyyyyo[oo.oooooooo.ooyo[oo.oo",
            "ooooooooooooo.okoo$ooooyyyyo[oo.oooooooo.oooooooooo$ooooyyyyo[oo.oo.oooooooo",
            ".oooooooooo$ooooyyyyo[oo.oooooooo.ooyo[oo.ooooooooooooooo.okoo$ooooyyyyo[oo.",
            "oooooooo.oooooooooo$ooooyyyyo[oo.oooooooo.ooooooo.ooooooooyyy\n\n\n\n\n\n\n",
            "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n%\n\n\n\n\n\n\n\n\n\u{0}\u{0}\u{0}\u{0}[oooo",
            "oooooyyy\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n%\n\n\n\n\n\n\n\n\n",
            "\u{0}\u{0}\u{0}\u{0}[oooo@XXXXXXXXXXXooooooo\u{7}",
        );
        // It took 22 s to fail at sqlparser's default depth of 50 (and
        // its parse thread then ran on after the time limit); at our
        // depth the parser gives up at once, long before any time limit.
        let t = Table::parse_csv("t", "a,b\n1,2").unwrap_or_else(|e| panic!("{e}"));
        let limits = SqlLimits { time_limit: Duration::from_secs(60), ..SqlLimits::default() };
        let r = run_sql(q, std::slice::from_ref(&t), &limits);
        assert!(matches!(r, Err(TableError::TooLarge { .. })), "{r:?}");
    }

    #[test]
    fn floor_division_is_refused_before_polars_panics_on_it() {
        // Fuzzed (round 4): polars panicked inside `floor_div_series`.
        let t = Table::parse_csv("t", "a,b\n1,2").unwrap_or_else(|e| panic!("{e}"));
        let q = "SELECT .4000000000000000615-000000000000000000//0000000000355224-0000000000000000000000//00000";
        let r = run_sql(q, std::slice::from_ref(&t), &SqlLimits::default());
        assert!(matches!(r, Err(TableError::Refused { .. })), "{r:?}");
        let r = run_sql("SELECT a // b FROM t", std::slice::from_ref(&t), &SqlLimits::default());
        assert!(matches!(r, Err(TableError::Refused { .. })), "{r:?}");
    }

    #[test]
    fn deeply_nested_but_honest_queries_are_read() {
        let t =
            Table::parse_csv("t", "a,b,c,d,e,f,g\n1,2,3,4,5,6,7").unwrap_or_else(|e| panic!("{e}"));
        let limits = SqlLimits::default();
        for q in [
            "SELECT a FROM t WHERE b IN (SELECT b FROM t WHERE c IN (SELECT c FROM t WHERE d IN \
             (SELECT d FROM t WHERE e IN (SELECT e FROM t WHERE f IN (SELECT f FROM t WHERE \
             g IN (SELECT g FROM t))))))",
            "SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM t) s1) s2) s3) s4",
            "SELECT ((((((((((((((a + 1)))))))))))))) FROM t",
        ] {
            let r = run_sql(q, std::slice::from_ref(&t), &limits);
            assert!(r.is_ok(), "{q}: {r:?}");
        }
    }

    #[test]
    fn a_query_over_the_time_limit_returns_at_the_limit() {
        let csv: String = std::iter::once("k,v".to_owned())
            .chain((0..2000).map(|i| format!("{},{}", i % 7, i)))
            .collect::<Vec<_>>()
            .join("\n");
        let t = Table::parse_csv("a", &csv).unwrap_or_else(|e| panic!("{e}"));
        let limits = SqlLimits { time_limit: Duration::from_millis(1), ..SqlLimits::default() };
        // 4M rows by the join bound (under its 10M), 571k joined rows.
        let q = "SELECT a.k, SUM(a.v * b.v) FROM a JOIN a AS b ON a.k = b.k GROUP BY a.k";
        let start = Instant::now();
        let r = run_sql(q, std::slice::from_ref(&t), &limits);
        let e = r.err().map(|e| e.reason().to_owned()).unwrap_or_default();
        assert!(e.contains("limit"), "{e}");
        assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
        // Under the join bound and with time to spare, the same table works.
        let ok = run_sql("SELECT k, COUNT(*) FROM a GROUP BY k", &[t], &SqlLimits::default());
        assert_eq!(ok.map(|df| df.height()).ok(), Some(7));
    }
}
