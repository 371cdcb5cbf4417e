//! Tables: markdown, HTML (rowspan / colspan), CSV and JSON matrices read
//! into polars DataFrames, with hierarchical headers flattened into column
//! paths. This file holds the [`Table`] type; each format's reader is in its
//! own file (`markdown`, `html`, `csv`, `json`, `hitab`), and `sample` finds
//! a sample's tables and detects their format.

use polars::prelude::{Column, DataFrame, DataType, NamedFrom, Series};

use crate::value::{Value, parse_value};

mod csv;
mod hitab;
mod html;
mod json;
mod markdown;
mod sample;

pub use sample::{prompt_tables, sample_tables};

use crate::error::TableError;
use crate::error::{malformed, no_table, too_large};

/// The largest table read: rows × columns cells (a larger one is a
/// [`TableError`]).
pub(crate) const MAX_CELLS: usize = 200_000;
/// The most columns.
pub(crate) const MAX_COLUMNS: usize = 512;

/// The separator between the levels of a flattened header path.
pub const PATH_SEP: &str = " > ";

/// A table: its cells as text, its header hierarchy, and a polars
/// [`DataFrame`] whose columns are typed (`i64` or `f64` when every cell
/// of the column is a plain number, text otherwise).
///
/// # Example
/// ```
/// use rlvr_table::Table;
/// let t = Table::parse_markdown("t", "| region | 2019 |\n|---|---|\n| north america | 1,200 |\n| europe | 800 |")?;
/// assert_eq!(t.columns(), ["region", "2019"]);
/// assert_eq!(t.frame().height(), 2);
/// assert_eq!(t.frame().column("2019")?.dtype(), &polars::prelude::DataType::Int64);
///
/// let h = Table::parse_html("h", "<table><tr><th rowspan=2>region</th><th colspan=2>2019</th></tr>\
///     <tr><th>Q1</th><th>Q2</th></tr><tr><td>EU</td><td>1</td><td>2</td></tr></table>")?;
/// assert_eq!(h.columns(), ["region", "2019 > Q1", "2019 > Q2"]);
/// assert_eq!(h.header_paths()[1], ["2019", "Q1"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    paths: Vec<Vec<String>>,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    row_paths: Vec<Vec<String>>,
    /// The header rows as the source laid them out (before header paths),
    /// so that source coordinates ([`Table::source_cell`]) still resolve.
    source_header: Vec<Vec<String>>,
    frame: DataFrame,
}

/// The name of the frame column holding each row's header path, added when
/// the row headers are hierarchical (see [`Table::with_row_paths`]).
pub const ROW_PATH_COLUMN: &str = "row_path";

impl Table {
    /// A table from header rows (one per header level) and body rows.
    /// Short rows are padded with empty cells.
    ///
    /// # Errors
    /// [`TableError`] when the table is empty or over the size caps.
    pub fn from_rows(
        name: &str,
        header: &[Vec<String>],
        rows: Vec<Vec<String>>,
    ) -> Result<Self, TableError> {
        let width = header.iter().chain(&rows).map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return no_table("empty table");
        }
        if width > MAX_COLUMNS || width.saturating_mul(rows.len() + header.len()) > MAX_CELLS {
            return too_large(format!("table over {MAX_CELLS} cells"));
        }
        let mut paths: Vec<Vec<String>> = vec![Vec::new(); width];
        for level in header {
            for (c, path) in paths.iter_mut().enumerate() {
                let cell = level.get(c).map_or("", |s| s.trim());
                if !cell.is_empty() && path.last().is_none_or(|l| l != cell) {
                    path.push(cell.to_owned());
                }
            }
        }
        let mut columns: Vec<String> = Vec::with_capacity(width);
        for (c, path) in paths.iter().enumerate() {
            let base = if path.is_empty() { format!("column_{c}") } else { path.join(PATH_SEP) };
            let mut name = base.clone();
            let mut k = 2;
            while columns.contains(&name) {
                name = format!("{base} ({k})");
                k += 1;
            }
            columns.push(name);
        }
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|mut r| {
                r.resize(width, String::new());
                r
            })
            .collect();
        let frame = build_frame(&columns, &rows)?;
        let row_paths = rows
            .iter()
            .map(|r| r.first().map(|c| c.trim()).filter(|c| !c.is_empty()).map(str::to_owned))
            .map(|c| c.into_iter().collect())
            .collect();
        let source_header = header.to_vec();
        Ok(Self { name: name.to_owned(), paths, columns, rows, row_paths, source_header, frame })
    }

    /// Marks the first `n` columns as row headers (a row-header tree laid
    /// out in columns, parents filled down by rowspan): each body row's
    /// path is the distinct non-empty cells of those columns, left first.
    ///
    /// # Errors
    /// As [`Table::with_row_paths`].
    ///
    /// # Example
    /// ```
    /// use rlvr_table::Table;
    /// let t = Table::parse_html("h", "<table><tr><th>group</th><th>item</th><th>2019</th></tr>\
    ///     <tr><td rowspan=2>assets</td><td>cash</td><td>5</td></tr><tr><td>loans</td><td>7</td></tr></table>")?
    ///     .with_row_header_columns(2)?;
    /// assert_eq!(t.row_paths()[1], ["assets", "loans"]);
    /// assert_eq!(t.lookup(&["loans"], &["2019"]), Some("7"));
    /// assert_eq!(t.rows_under(&["assets"]), [0, 1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_row_header_columns(self, n: usize) -> Result<Self, TableError> {
        let n = n.min(self.columns.len());
        let paths = self
            .rows
            .iter()
            .map(|r| {
                let mut p: Vec<String> = Vec::new();
                for c in &r[..n.min(r.len())] {
                    let c = c.trim();
                    if !c.is_empty() && p.last().is_none_or(|l| l != c) {
                        p.push(c.to_owned());
                    }
                }
                p
            })
            .collect();
        self.with_row_paths(paths)
    }

    /// Sets each body row's header path, top level first (from a HiTab
    /// left header tree, or [`Table::with_row_header_columns`]). When some
    /// path has more than one level, the frame gains a
    /// [`ROW_PATH_COLUMN`] column holding the path joined by
    /// [`PATH_SEP`], so SQL can filter by a parent (`WHERE row_path LIKE
    /// 'assets >%'`).
    ///
    /// # Errors
    /// [`TableError`] when the number of paths is not the number of rows.
    pub fn with_row_paths(mut self, paths: Vec<Vec<String>>) -> Result<Self, TableError> {
        if paths.len() != self.rows.len() {
            return malformed(format!("{} row paths for {} rows", paths.len(), self.rows.len()));
        }
        self.row_paths = paths;
        let mut name = ROW_PATH_COLUMN.to_owned();
        let mut k = 2;
        while self.columns.contains(&name) {
            name = format!("{ROW_PATH_COLUMN} ({k})");
            k += 1;
        }
        // Paths set again (an explicit `row_header_columns` over the ones
        // detected from `<th>` cells) replace the column, or drop it.
        if self.frame.column(&name).is_ok() {
            self.frame =
                self.frame.drop(&name).map_err(|e| TableError::Engine { reason: e.to_string() })?;
        }
        if self.row_paths.iter().any(|p| p.len() > 1) {
            let joined: Vec<String> = self.row_paths.iter().map(|p| p.join(PATH_SEP)).collect();
            self.frame
                .with_column(Column::from(Series::new(name.as_str().into(), joined)))
                .map_err(|e| TableError::Engine { reason: e.to_string() })?;
        }
        Ok(self)
    }

    /// Each body row's header path, top level first (by default its first
    /// cell).
    pub fn row_paths(&self) -> &[Vec<String>] {
        &self.row_paths
    }

    /// The columns whose header path holds `labels` in order (normalised
    /// text; other levels may come between): `["2019"]` finds every column
    /// under 2019, `["2019", "q1"]` one of them.
    pub fn columns_under(&self, labels: &[&str]) -> Vec<usize> {
        under(&self.paths, labels)
    }

    /// The body rows whose header path holds `labels` in order (see
    /// [`Table::columns_under`]): a parent label finds the parent's own
    /// row and all its descendants.
    pub fn rows_under(&self, labels: &[&str]) -> Vec<usize> {
        under(&self.row_paths, labels)
    }

    /// The cell at the row and the column named by header labels (each a
    /// path or part of one, see [`Table::columns_under`]). A query that
    /// matches several rows (or columns) picks the one whose own label is
    /// the query's last label when only one is (a parent row that carries
    /// its own values, like a total); otherwise it is ambiguous: `None`.
    pub fn lookup(&self, row: &[&str], column: &[&str]) -> Option<&str> {
        let r = pick(&self.row_paths, &self.rows_under(row), row)?;
        let c = pick(&self.paths, &self.columns_under(column), column)?;
        self.rows.get(r)?.get(c).map(String::as_str)
    }

    /// The table's name (what SQL queries call it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The flattened column names (`2019 > Q1`).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Each column's header path, top level first (the header tree).
    pub fn header_paths(&self) -> &[Vec<String>] {
        &self.paths
    }

    /// The body rows, as text.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// The polars frame.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// The cell at `(row, column)` of the source matrix, header rows
    /// included: HiTab's `texts` coordinates (what its
    /// `reference_cells_map` names), or a markdown / HTML / CSV / JSON
    /// table's own rows counted from its first header row (the `|---|`
    /// line not counted). `None` outside the table.
    ///
    /// # Example
    /// ```
    /// use rlvr_table::Table;
    /// let t = Table::parse_markdown("t", "| region | 2019 |\n|---|---|\n| eu | 8 |")?;
    /// assert_eq!(t.source_cell(0, 1), Some("2019"));
    /// assert_eq!(t.source_cell(1, 1), Some("8"));
    /// assert_eq!(t.source_cell(2, 0), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn source_cell(&self, row: usize, column: usize) -> Option<&str> {
        let cells = match row.checked_sub(self.source_header.len()) {
            None => self.source_header.get(row)?,
            Some(r) => self.rows.get(r)?,
        };
        cells.get(column).map(String::as_str)
    }

    /// Finds a body row by its label (first cell), compared after
    /// normalisation; failing that, by its header path written with
    /// [`PATH_SEP`] (`assets > cash`) or its own (last) row label.
    pub fn row_by_label(&self, label: &str) -> Option<&[String]> {
        self.row_index(label).and_then(|r| self.rows.get(r)).map(Vec::as_slice)
    }

    /// The index of the body row [`Table::row_by_label`] finds.
    pub fn row_index(&self, label: &str) -> Option<usize> {
        let want = crate::value::normalize_text(label);
        if let Some(r) = self
            .rows
            .iter()
            .position(|r| r.first().is_some_and(|c| crate::value::normalize_text(c) == want))
        {
            return Some(r);
        }
        let labels: Vec<&str> = label.split(PATH_SEP.trim()).map(str::trim).collect();
        pick(&self.row_paths, &self.rows_under(&labels), &labels)
    }
}

/// The indices of the paths that hold `labels` in order.
fn under(paths: &[Vec<String>], labels: &[&str]) -> Vec<usize> {
    let want: Vec<String> = labels.iter().map(|l| crate::value::normalize_text(l)).collect();
    if want.is_empty() {
        return Vec::new();
    }
    paths
        .iter()
        .enumerate()
        .filter(|(_, path)| {
            let mut w = want.iter().peekable();
            for level in *path {
                if w.peek().is_some_and(|l| **l == crate::value::normalize_text(level)) {
                    w.next();
                }
            }
            w.peek().is_none()
        })
        .map(|(i, _)| i)
        .collect()
}

/// One index of `found`: the only one, or the only one whose last level is
/// the query's last label.
fn pick(paths: &[Vec<String>], found: &[usize], labels: &[&str]) -> Option<usize> {
    match found {
        [] => None,
        [one] => Some(*one),
        many => {
            let last = crate::value::normalize_text(labels.last()?);
            let own: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&i| {
                    paths[i].last().is_some_and(|l| crate::value::normalize_text(l) == last)
                })
                .collect();
            match own.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
    }
}

/// One HTML cell: text, `<th>`, rowspan, colspan.
type HtmlCell = (String, bool, usize, usize);

/// A plain number in a cell (no percent, no scale word, no date).
pub(crate) fn cell_number(s: &str) -> Option<(f64, bool)> {
    match parse_value(s) {
        Value::Number(n) if !n.percent && n.scale == crate::value::Scale::One => {
            Some((n.value, n.integer))
        }
        _ => None,
    }
}

fn build_frame(columns: &[String], rows: &[Vec<String>]) -> Result<DataFrame, TableError> {
    let mut cols: Vec<Column> = Vec::with_capacity(columns.len());
    for (c, name) in columns.iter().enumerate() {
        let cells: Vec<&str> = rows.iter().map(|r| r[c].as_str()).collect();
        let nums: Vec<Option<(f64, bool)>> =
            cells.iter().map(|s| if s.trim().is_empty() { None } else { cell_number(s) }).collect();
        let numeric = cells.iter().zip(&nums).all(|(s, n)| s.trim().is_empty() || n.is_some())
            && nums.iter().any(Option::is_some);
        let series = if numeric && nums.iter().flatten().all(|(v, int)| *int && v.abs() < 9e15) {
            let v: Vec<Option<i64>> = nums.iter().map(|n| n.map(|(v, _)| v as i64)).collect();
            Series::new(name.as_str().into(), v)
        } else if numeric {
            let v: Vec<Option<f64>> = nums.iter().map(|n| n.map(|(v, _)| v)).collect();
            Series::new(name.as_str().into(), v)
        } else {
            let v: Vec<&str> = cells.clone();
            Series::new(name.as_str().into(), v)
        };
        debug_assert!(matches!(
            series.dtype(),
            DataType::Int64 | DataType::Float64 | DataType::String
        ));
        cols.push(series.into());
    }
    DataFrame::new_infer_height(cols).map_err(|e| TableError::Engine { reason: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes() {
        let t = Table::parse_csv("c", "name,value\n\"Smith, J\",\"1,200\"\nDoe,3\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows()[0], ["Smith, J", "1,200"]);
        assert_eq!(
            t.frame().column("value").map(|c| c.dtype().clone()).ok(),
            Some(DataType::Int64)
        );
    }

    #[test]
    fn html_spans_fill_the_grid() {
        let t = Table::parse_html(
            "h",
            "<table><thead><tr><th></th><th colspan='2'>Revenue</th></tr><tr><th>Region</th><th>2019</th><th>2020</th></tr></thead>\
             <tr><td rowspan=\"2\">EU</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4 &amp; more</td></tr></table>",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns(), ["Region", "Revenue > 2019", "Revenue > 2020"]);
        assert_eq!(t.rows()[1], ["EU", "3", "4 & more"]);
    }

    fn html(body: &str) -> Table {
        Table::parse_html("h", body).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn html_th_row_headers_are_detected() {
        let t = html(
            "<table><tr><th>item</th><th>2019</th><th>2020</th></tr>\
             <tr><th>Revenue</th><td>10</td><td>12</td></tr>\
             <tr><th>Costs</th><td>4</td><td>5</td></tr></table>",
        );
        assert_eq!(t.columns(), ["item", "2019", "2020"]);
        assert_eq!(t.row_paths(), [vec!["Revenue".to_owned()], vec!["Costs".to_owned()]]);
        assert_eq!(t.lookup(&["costs"], &["2020"]), Some("5"));
        // One level only: no row_path column.
        assert!(t.frame().column(ROW_PATH_COLUMN).is_err());
    }

    #[test]
    fn html_th_rowspan_parents_make_row_paths() {
        let src = "<table><thead><tr><th></th><th></th><th>2019</th></tr></thead>\
             <tr><th rowspan=2>assets</th><th>cash</th><td>5</td></tr>\
             <tr><th>loans</th><td>7</td></tr>\
             <tr><th colspan=3>memo items</th></tr>\
             <tr><th rowspan=2>liabilities</th><th>loans</th><td>3</td></tr>\
             <tr><th>bonds</th><td>2</td></tr></table>";
        let t = html(src);
        assert_eq!(t.row_paths()[1], ["assets", "loans"]);
        assert_eq!(t.row_paths()[4], ["liabilities", "bonds"]);
        // The section row keeps its label as its path.
        assert_eq!(t.row_paths()[2], ["memo items"]);
        assert_eq!(t.lookup(&["liabilities", "loans"], &["2019"]), Some("3"));
        assert_eq!(t.lookup(&["loans"], &["2019"]), None, "two `loans` rows: ambiguous");
        assert_eq!(t.rows_under(&["assets"]), [0, 1]);
        assert!(t.frame().column(ROW_PATH_COLUMN).is_ok());
        // Same as naming the two columns by hand.
        let by_hand = html(
            "<table><thead><tr><th></th><th></th><th>2019</th></tr></thead>\
             <tr><td rowspan=2>assets</td><td>cash</td><td>5</td></tr>\
             <tr><td>loans</td><td>7</td></tr>\
             <tr><td colspan=3>memo items</td></tr>\
             <tr><td rowspan=2>liabilities</td><td>loans</td><td>3</td></tr>\
             <tr><td>bonds</td><td>2</td></tr></table>",
        );
        assert_eq!(by_hand.row_paths()[1], ["assets"], "no <th>: first cell only");
        let by_hand = by_hand.with_row_header_columns(2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(by_hand.row_paths(), t.row_paths());
    }

    #[test]
    fn html_th_in_some_rows_only_is_not_a_header_column() {
        let t = html(
            "<table><tr><th>item</th><th>group</th><th>v</th></tr>\
             <tr><th>a</th><th>x</th><td>1</td></tr>\
             <tr><td>b</td><td>y</td><td>2</td></tr></table>",
        );
        assert_eq!(t.row_paths(), [vec!["a".to_owned()], vec!["b".to_owned()]]);
        assert!(t.frame().column(ROW_PATH_COLUMN).is_err());
        // Different counts: the fewest wins.
        let t = html(
            "<table><tr><th>g</th><th>item</th><th>v</th></tr>\
             <tr><th>a</th><th>x</th><td>1</td></tr>\
             <tr><th>b</th><td>y</td><td>2</td></tr></table>",
        );
        assert_eq!(t.row_paths()[0], ["a"]);
    }

    #[test]
    fn html_without_body_th_parses_as_before() {
        let src = "<table><thead><tr><th rowspan=2>item</th><th colspan=2>Revenue</th></tr>\
             <tr><th>2019</th><th>2020</th></tr></thead>\
             <tr><td rowspan=2>eu</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>";
        let t = html(src);
        let plain = Table::from_rows(
            "h",
            &[
                vec!["item".into(), "Revenue".into(), "Revenue".into()],
                vec!["item".into(), "2019".into(), "2020".into()],
            ],
            vec![
                vec!["eu".into(), "1".into(), "2".into()],
                vec!["eu".into(), "3".into(), "4".into()],
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns(), plain.columns());
        assert_eq!(t.rows(), plain.rows());
        assert_eq!(t.row_paths(), plain.row_paths());
        assert!(t.frame().equals_missing(plain.frame()));
    }

    #[test]
    fn explicit_row_header_columns_win_over_th() {
        let t = html(
            "<table><tr><th>g</th><th>item</th><th>v</th></tr>\
             <tr><th rowspan=2>a</th><th>x</th><td>1</td></tr>\
             <tr><th>y</th><td>2</td></tr></table>",
        );
        assert_eq!(t.row_paths()[1], ["a", "y"]);
        assert!(t.frame().column(ROW_PATH_COLUMN).is_ok());
        let one = t.with_row_header_columns(1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(one.row_paths()[1], ["a"]);
        assert!(one.frame().column(ROW_PATH_COLUMN).is_err(), "the stale path column is dropped");
        assert_eq!(one.frame().width(), 3);
    }

    #[test]
    fn markdown_with_two_header_levels() {
        let t = Table::parse_markdown(
            "m",
            "| | 2019 | 2019 |\n| region | q1 | q2 |\n|---|---|---|\n| eu | 1 | 2 |",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns(), ["region", "2019 > q1", "2019 > q2"]);
    }

    #[test]
    fn lookups_by_header_paths() {
        let t = Table::parse_markdown(
            "m",
            "| | 2019 | 2019 | 2020 |\n| item | q1 | q2 | q1 |\n|---|---|---|---|\n\
             | assets | 10 | 12 | 14 |\n| cash | 4 | 5 | 6 |\n| loans | 6 | 7 | 8 |",
        )
        .and_then(|t| {
            t.with_row_paths(vec![
                vec!["assets".into()],
                vec!["assets".into(), "cash".into()],
                vec!["assets".into(), "loans".into()],
            ])
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns_under(&["2019"]), [1, 2]);
        assert_eq!(t.columns_under(&["q1"]), [1, 3]);
        // A parent row that carries its own values is found by its label.
        assert_eq!(t.lookup(&["assets"], &["2020", "q1"]), Some("14"));
        assert_eq!(t.lookup(&["Assets", "Loans"], &["2019", "Q2"]), Some("7"));
        // `q1` alone is under two years: ambiguous, so no cell.
        assert_eq!(t.lookup(&["cash"], &["q1"]), None);
        assert_eq!(t.lookup(&["nothing"], &["2019", "q1"]), None);
        assert_eq!(t.lookup(&[], &["2019", "q1"]), None);
        assert!(t.frame().column(ROW_PATH_COLUMN).is_ok());
        assert!(t.with_row_paths(Vec::new()).is_err());
    }

    #[test]
    fn hitab_garbage_never_panics() {
        for v in [
            serde_json::json!({"texts": "x"}),
            serde_json::json!({"texts": [[1, 2], "row"]}),
            serde_json::json!({"texts": [["a"], ["1"]], "top_header_rows_num": 9,
                "left_header_columns_num": 9,
                "merged_regions": [{"first_row": 5, "last_row": 1, "first_column": 0, "last_column": 99}],
                "left_root": {"row_index": 99, "column_index": -7, "children": [{"children": 3}]},
                "top_root": {"row_index": 0, "column_index": 0, "children": [{"row_index": 0, "column_index": 9}]}}),
        ] {
            let _ = Table::parse_json("h", &v);
        }
    }

    #[test]
    fn json_matrix_and_prompt_tables() {
        let t = Table::parse_json("j", &serde_json::json!([["a", "b"], [1, "x"], [2, null]]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.frame().height(), 2);
        let found = prompt_tables(
            "Table:\n| a | b |\n|---|---|\n| 1 | 2 |\nQuestion? <table><tr><th>x</th></tr><tr><td>1</td></tr></table>",
        );
        assert_eq!(found.len(), 2);
    }
}
