//! Tables: markdown, HTML (rowspan / colspan), CSV and JSON matrices read
//! into polars DataFrames, with hierarchical headers flattened into column
//! paths.

use std::fmt;

use polars::prelude::{Column, DataFrame, DataType, NamedFrom, Series};
use serde_json::Value as Json;

use crate::value::{Value, parse_value};

/// Why a table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableError {
    /// What went wrong.
    pub reason: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for TableError {}

fn err<T>(reason: impl Into<String>) -> Result<T, TableError> {
    Err(TableError { reason: reason.into() })
}

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
            return err("empty table");
        }
        if width > MAX_COLUMNS || width.saturating_mul(rows.len() + header.len()) > MAX_CELLS {
            return err(format!("table over {MAX_CELLS} cells"));
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
            return err(format!("{} row paths for {} rows", paths.len(), self.rows.len()));
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
                self.frame.drop(&name).map_err(|e| TableError { reason: e.to_string() })?;
        }
        if self.row_paths.iter().any(|p| p.len() > 1) {
            let joined: Vec<String> = self.row_paths.iter().map(|p| p.join(PATH_SEP)).collect();
            self.frame
                .with_column(Column::from(Series::new(name.as_str().into(), joined)))
                .map_err(|e| TableError { reason: e.to_string() })?;
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

    /// Reads a markdown (pipe) table. Rows before the `|---|` line are
    /// header levels; without one, the first row is the header.
    ///
    /// # Errors
    /// [`TableError`] when there is no table.
    pub fn parse_markdown(name: &str, text: &str) -> Result<Self, TableError> {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| l.starts_with('|')).collect();
        if lines.is_empty() {
            return err("no markdown table");
        }
        let mut header = Vec::new();
        let mut body = Vec::new();
        let sep = lines.iter().position(|l| is_separator(l));
        for (i, line) in lines.iter().enumerate() {
            if Some(i) == sep {
                continue;
            }
            let cells = split_pipes(line);
            match sep {
                Some(s) if i < s => header.push(cells),
                None if i == 0 => header.push(cells),
                _ => body.push(cells),
            }
        }
        Self::from_rows(name, &header, body)
    }

    /// Reads an HTML `<table>`: `rowspan` and `colspan` fill the grid;
    /// rows in `<thead>`, or leading rows of `<th>` cells only, are header
    /// levels. Tags inside cells are dropped and entities decoded.
    ///
    /// Body rows that open with `<th>` cells, such as
    /// `<tr><th>Revenue</th><td>10</td></tr>`, mark row headers: the
    /// leading `<th>` columns become row-header columns as with
    /// [`Table::with_row_header_columns`] (a `<th rowspan>` parent fills the
    /// rows below it, so those rows get the path `parent > child`). The count is the fewest leading `<th>`
    /// columns over the body rows that hold a data cell; rows of `<th>`
    /// only (section labels) do not count, and one data row without a
    /// leading `<th>` turns detection off (a `<th>` in only some rows is
    /// read as emphasis), so a body without `<th>` reads as it always did.
    /// An explicit `row_header_columns` in `extra_info.tables` still wins.
    ///
    /// # Errors
    /// [`TableError`] when there is no table.
    ///
    /// # Example
    /// ```
    /// use rlvr_table::Table;
    /// let t = Table::parse_html("h", "<table><tr><th></th><th></th><th>2019</th></tr>\
    ///     <tr><th rowspan=2>assets</th><th>cash</th><td>5</td></tr>\
    ///     <tr><th>loans</th><td>7</td></tr></table>")?;
    /// assert_eq!(t.row_paths()[1], ["assets", "loans"]);
    /// assert_eq!(t.lookup(&["assets", "loans"], &["2019"]), Some("7"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_html(name: &str, html: &str) -> Result<Self, TableError> {
        let lower = html.to_ascii_lowercase();
        let start = lower.find("<table").ok_or(TableError { reason: "no <table>".into() })?;
        let end = lower[start..].find("</table>").map_or(html.len(), |e| start + e);
        let body = &html[start..end];
        let lbody = &lower[start..end];
        let thead_end = lbody.find("</thead>");
        // (is header row, cells: (text, is_th, rowspan, colspan))
        let mut raw_rows: Vec<(bool, Vec<HtmlCell>)> = Vec::new();
        let mut pos = 0;
        while let Some(off) = lbody[pos..].find("<tr") {
            let row_start = pos + off;
            let row_end = lbody[row_start + 3..]
                .find("<tr")
                .map_or(lbody.len(), |e| row_start + 3 + e)
                .min(lbody[row_start..].find("</tr>").map_or(lbody.len(), |e| row_start + e));
            let in_thead = thead_end.is_some_and(|t| row_start < t);
            let mut cells = Vec::new();
            let mut cpos = row_start;
            loop {
                let td = lbody[cpos..row_end].find("<td").map(|o| (cpos + o, false));
                let th = lbody[cpos..row_end].find("<th").map(|o| (cpos + o, true));
                let next = match (td, th) {
                    (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
                    (a, b) => a.or(b),
                };
                let Some((cell_start, is_th)) = next else { break };
                // `<thead` is not a cell.
                if lbody[cell_start..].starts_with("<thead") {
                    cpos = cell_start + 6;
                    continue;
                }
                let Some(tag_end) = lbody[cell_start..row_end].find('>').map(|e| cell_start + e)
                else {
                    break;
                };
                let attrs = &lbody[cell_start..tag_end];
                let close = if is_th { "</th" } else { "</td" };
                let content_end = [
                    lbody[tag_end..row_end].find(close),
                    lbody[tag_end + 1..row_end].find("<td").map(|x| x + 1),
                    lbody[tag_end + 1..row_end].find("<th").map(|x| x + 1),
                ]
                .into_iter()
                .flatten()
                .min()
                .map_or(row_end, |e| tag_end + e);
                let text = html_text(&body[tag_end + 1..content_end]);
                cells.push((text, is_th, span(attrs, "rowspan"), span(attrs, "colspan")));
                cpos = content_end.max(tag_end + 1);
                if cells.len() > MAX_COLUMNS {
                    return err("too many cells in a row");
                }
            }
            if !cells.is_empty() {
                raw_rows.push((in_thead, cells));
            }
            pos = row_end.max(row_start + 3);
            if raw_rows.len() > MAX_CELLS {
                return err("too many rows");
            }
        }
        if raw_rows.is_empty() {
            return err("empty <table>");
        }
        // Fill the grid; each filled cell remembers whether it came from a
        // `<th>` (for row headers, below).
        let mut grid: Vec<Vec<Option<(String, bool)>>> = Vec::new();
        let mut header_rows = 0;
        let mut leading_th = true;
        for (r, (in_thead, cells)) in raw_rows.iter().enumerate() {
            if grid.len() <= r {
                grid.resize(r + 1, Vec::new());
            }
            let all_th = cells.iter().all(|c| c.1);
            if (*in_thead || all_th) && leading_th {
                header_rows = r + 1;
            } else {
                leading_th = false;
            }
            let mut c = 0;
            for (text, is_th, rowspan, colspan) in cells {
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                for dr in 0..*rowspan {
                    let rr = r + dr;
                    if grid.len() <= rr {
                        grid.resize(rr + 1, Vec::new());
                    }
                    for dc in 0..*colspan {
                        let cc = c + dc;
                        if cc >= MAX_COLUMNS {
                            return err("too many columns");
                        }
                        if grid[rr].len() <= cc {
                            grid[rr].resize(cc + 1, None);
                        }
                        grid[rr][cc] = Some((text.clone(), *is_th));
                    }
                }
                c += colspan;
            }
        }
        let header_rows = if header_rows == 0 { 1 } else { header_rows.min(grid.len()) };
        let row_headers = th_row_header_columns(&grid[header_rows..]);
        let grid: Vec<Vec<String>> = grid
            .into_iter()
            .map(|r| r.into_iter().map(|c| c.map(|(t, _)| t).unwrap_or_default()).collect())
            .collect();
        let (header, body) = grid.split_at(header_rows);
        let table = Self::from_rows(name, header, body.to_vec())?;
        if row_headers == 0 { Ok(table) } else { table.with_row_header_columns(row_headers) }
    }

    /// Reads CSV (RFC 4180 quoting); the first row is the header.
    ///
    /// # Errors
    /// [`TableError`] when there is no row.
    pub fn parse_csv(name: &str, text: &str) -> Result<Self, TableError> {
        let mut rows = csv_rows(text);
        if rows.is_empty() {
            return err("empty CSV");
        }
        let header = rows.remove(0);
        Self::from_rows(name, &[header], rows)
    }

    /// Reads a JSON matrix: `[[header...], [row...], ...]`, or an object
    /// `{"header": [...], "rows": [[...]]}` (`header` may be a list of
    /// header levels).
    ///
    /// # Errors
    /// [`TableError`] when the JSON is not a matrix.
    pub fn parse_json(name: &str, v: &Json) -> Result<Self, TableError> {
        let cell = |c: &Json| match c {
            Json::String(s) => s.clone(),
            Json::Null => String::new(),
            other => other.to_string(),
        };
        let row = |r: &Json| -> Result<Vec<String>, TableError> {
            r.as_array()
                .map(|a| a.iter().map(cell).collect())
                .ok_or(TableError { reason: "a row is not a list".into() })
        };
        match v {
            Json::Object(o) if o.contains_key("texts") => Self::parse_hitab(name, v),
            Json::Array(rows) if !rows.is_empty() => {
                let header = row(&rows[0])?;
                let body = rows[1..].iter().map(row).collect::<Result<_, _>>()?;
                Self::from_rows(name, &[header], body)
            }
            Json::Object(o) => {
                let body = o
                    .get("rows")
                    .and_then(Json::as_array)
                    .ok_or(TableError { reason: "no `rows`".into() })?
                    .iter()
                    .map(row)
                    .collect::<Result<_, _>>()?;
                let header: Vec<Vec<String>> = match o.get("header") {
                    Some(Json::Array(h)) if h.iter().all(Json::is_array) => {
                        h.iter().map(row).collect::<Result<_, _>>()?
                    }
                    Some(h @ Json::Array(_)) => vec![row(h)?],
                    _ => Vec::new(),
                };
                Self::from_rows(name, &header, body)
            }
            _ => err("not a JSON matrix"),
        }
    }

    /// Reads a HiTab table: `{"texts": [[...]], "top_header_rows_num": n,
    /// "left_header_columns_num": m, "merged_regions": [{"first_row",
    /// "last_row", "first_column", "last_column"}], "top_root": tree,
    /// "left_root": tree}`, where a tree node is `{"row_index",
    /// "column_index", "children": [...]}` (the root at `-1, -1`).
    ///
    /// Merged regions are filled with their text. Column paths come from
    /// `top_root` (each leaf's chain of header labels), else from the
    /// header rows; row paths from `left_root` (each node's chain of row
    /// labels, so a parent row such as a total keeps its children under
    /// it), else from the `m` row-header columns. Rows deeper than one level
    /// get a [`ROW_PATH_COLUMN`] in the frame.
    ///
    /// # Errors
    /// [`TableError`] when `texts` is not a matrix or the table is over
    /// the caps.
    ///
    /// # Example
    /// ```
    /// use rlvr_table::Table;
    /// let t = Table::parse_json("h", &serde_json::json!({
    ///     "texts": [["", "2019", "2019"], ["", "q1", "q2"], ["assets", "10", "12"],
    ///               ["cash", "4", "5"], ["loans", "6", "7"]],
    ///     "top_header_rows_num": 2, "left_header_columns_num": 1,
    ///     "merged_regions": [{"first_row": 0, "last_row": 0, "first_column": 1, "last_column": 2}],
    ///     "left_root": {"row_index": -1, "column_index": -1, "children": [
    ///         {"row_index": 2, "column_index": 0, "children": [
    ///             {"row_index": 3, "column_index": 0, "children": []},
    ///             {"row_index": 4, "column_index": 0, "children": []}]}]}
    /// }))?;
    /// assert_eq!(t.columns()[1], "2019 > q1");
    /// assert_eq!(t.row_paths()[2], ["assets", "loans"]);
    /// // A lookup by the parent header finds the parent's own row.
    /// assert_eq!(t.lookup(&["assets"], &["2019", "q2"]), Some("12"));
    /// assert_eq!(t.lookup(&["assets", "loans"], &["q1"]), Some("6"));
    /// assert_eq!(t.columns_under(&["2019"]), [1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_hitab(name: &str, v: &Json) -> Result<Self, TableError> {
        let cell = |c: &Json| match c {
            Json::String(s) => s.trim().to_owned(),
            Json::Null => String::new(),
            other => other.to_string(),
        };
        let texts = v
            .get("texts")
            .and_then(Json::as_array)
            .ok_or(TableError { reason: "no `texts` matrix".into() })?;
        if texts.len() > MAX_CELLS {
            return err(format!("table over {MAX_CELLS} cells"));
        }
        let mut grid: Vec<Vec<String>> = texts
            .iter()
            .map(|r| {
                r.as_array()
                    .filter(|a| a.len() <= MAX_COLUMNS)
                    .map(|a| a.iter().map(cell).collect())
                    .ok_or(TableError { reason: "a `texts` row is not a list".into() })
            })
            .collect::<Result<_, _>>()?;
        let height = grid.len();
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width.saturating_mul(height) > MAX_CELLS {
            return err(format!("table over {MAX_CELLS} cells"));
        }
        for r in &mut grid {
            r.resize(width, String::new());
        }
        let index = |n: &Json, k: &str| n.get(k).and_then(Json::as_i64);
        for region in v.get("merged_regions").and_then(Json::as_array).into_iter().flatten() {
            let get = |k: &str| index(region, k).and_then(|x| usize::try_from(x).ok());
            let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                (get("first_row"), get("last_row"), get("first_column"), get("last_column"))
            else {
                continue;
            };
            let (r1, c1) = (r1.min(height.saturating_sub(1)), c1.min(width.saturating_sub(1)));
            let Some(text) = grid.get(r0).and_then(|r| r.get(c0)).cloned() else { continue };
            for row in grid.iter_mut().take(r1 + 1).skip(r0) {
                for c in row.iter_mut().take(c1 + 1).skip(c0) {
                    if c.is_empty() {
                        c.clone_from(&text);
                    }
                }
            }
        }
        let num = |k: &str, default: usize| {
            v.get(k).and_then(Json::as_u64).and_then(|x| usize::try_from(x).ok()).unwrap_or(default)
        };
        let top = num("top_header_rows_num", 1).min(height);
        let left = num("left_header_columns_num", 1).min(width);
        let label = |r: usize, c: usize| grid.get(r).and_then(|row| row.get(c)).cloned();
        // Column paths from the top tree, as header levels.
        let mut header: Vec<Vec<String>> = grid[..top].to_vec();
        if let Some(root) = v.get("top_root") {
            let mut paths: Vec<Vec<String>> = vec![Vec::new(); width];
            for (node, path) in tree_paths(root, &label)? {
                if let Some(c) = index(node, "column_index").and_then(|x| usize::try_from(x).ok())
                    && node.get("children").and_then(Json::as_array).is_none_or(Vec::is_empty)
                    && c < width
                {
                    paths[c] = path;
                }
            }
            if paths.iter().any(|p| !p.is_empty()) {
                let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
                header = (0..depth)
                    .map(|d| {
                        (0..width)
                            .map(|c| {
                                if paths[c].is_empty() {
                                    // Row-header columns keep their own header cells.
                                    if d == 0 {
                                        grid[..top]
                                            .iter()
                                            .map(|r| r[c].clone())
                                            .find(|t| !t.is_empty())
                                            .unwrap_or_default()
                                    } else {
                                        String::new()
                                    }
                                } else {
                                    paths[c].get(d).cloned().unwrap_or_default()
                                }
                            })
                            .collect()
                    })
                    .collect();
            }
        }
        let body = grid[top..].to_vec();
        let mut table = Self::from_rows(name, &header, body)?;
        // Header paths may have been rebuilt from `top_root`; the source
        // rows are `texts` as given.
        table.source_header = grid[..top].to_vec();
        match v.get("left_root") {
            Some(root) => {
                let mut paths: Vec<Vec<String>> = table.row_paths.clone();
                for (node, path) in tree_paths(root, &label)? {
                    if let Some(r) = index(node, "row_index").and_then(|x| usize::try_from(x).ok())
                        && r >= top
                        && r - top < paths.len()
                    {
                        paths[r - top] = path;
                    }
                }
                table.with_row_paths(paths)
            }
            None => table.with_row_header_columns(left),
        }
    }

    /// Reads a table in any supported format, detected from the text:
    /// HTML when it holds `<table`, markdown when a line starts with `|`,
    /// a JSON matrix when it parses as JSON, CSV otherwise.
    ///
    /// # Errors
    /// As the format's reader.
    pub fn parse_any(name: &str, text: &str) -> Result<Self, TableError> {
        if text.to_ascii_lowercase().contains("<table") {
            Self::parse_html(name, text)
        } else if text.lines().any(|l| l.trim_start().starts_with('|')) {
            Self::parse_markdown(name, text)
        } else if let Ok(v) = serde_json::from_str::<Json>(text) {
            Self::parse_json(name, &v)
        } else {
            Self::parse_csv(name, text)
        }
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

/// Each node of a HiTab header tree with its chain of labels from the
/// top level (the root, at `-1, -1`, has no label). Iterative, capped at
/// [`MAX_CELLS`] nodes and 64 levels.
fn tree_paths<'a>(
    root: &'a Json,
    label: &dyn Fn(usize, usize) -> Option<String>,
) -> Result<Vec<(&'a Json, Vec<String>)>, TableError> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Json, Vec<String>)> = vec![(root, Vec::new())];
    while let Some((node, mut path)) = stack.pop() {
        if out.len() > MAX_CELLS {
            return err("header tree too large");
        }
        let at = |k: &str| node.get(k).and_then(Json::as_i64).and_then(|x| usize::try_from(x).ok());
        if let (Some(r), Some(c)) = (at("row_index"), at("column_index"))
            && let Some(text) = label(r, c).filter(|t| !t.is_empty())
        {
            path.push(text);
        }
        if path.len() > 64 {
            return err("header tree too deep");
        }
        if let Some(children) = node.get("children").and_then(Json::as_array) {
            for child in children.iter().rev() {
                stack.push((child, path.clone()));
            }
        }
        out.push((node, path));
    }
    Ok(out)
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

/// How many leading columns of an HTML body are row headers: the leading
/// grid cells that come from `<th>` (a `<th rowspan>` covers the rows
/// below it, a `<th colspan>` the columns beside it), counted in every
/// body row that also holds a data cell, and the fewest of those counts
/// taken. Rows made only of `<th>` (section labels such as
/// `<tr><th colspan=3>Assets</th></tr>`) and empty rows are not counted.
/// One body row with a data cell and no leading `<th>` makes it 0: a
/// `<th>` in only some rows is read as emphasis, not as a header column,
/// and the table reads as it would without detection.
fn th_row_header_columns(body: &[Vec<Option<(String, bool)>>]) -> usize {
    let mut fewest: Option<usize> = None;
    for row in body {
        let is_th = |c: &Option<(String, bool)>| c.as_ref().is_some_and(|(_, th)| *th);
        let has_data = row.iter().any(|c| c.as_ref().is_some_and(|(_, th)| !*th));
        if !has_data {
            continue;
        }
        let leading = row.iter().take_while(|c| is_th(c)).count();
        fewest = Some(fewest.map_or(leading, |f| f.min(leading)));
        if fewest == Some(0) {
            return 0;
        }
    }
    fewest.unwrap_or(0)
}

/// One HTML cell: text, `<th>`, rowspan, colspan.
type HtmlCell = (String, bool, usize, usize);

fn is_separator(line: &str) -> bool {
    let inner = line.trim().trim_matches('|');
    !inner.is_empty()
        && inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' '))
        && inner.contains('-')
}

fn split_pipes(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur).trim().to_owned()),
            c => cur.push(c),
        }
    }
    cells.push(cur.trim().to_owned());
    cells
}

fn span(attrs: &str, key: &str) -> usize {
    let Some(at) = attrs.find(key) else { return 1 };
    let rest = attrs[at + key.len()..].trim_start().trim_start_matches('=').trim_start();
    let digits: String =
        rest.trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok().filter(|&n| n >= 1).map_or(1, |n| n.min(64))
}

fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let mut t = out;
    for (a, b) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&amp;", "&"),
    ] {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut cell).trim().to_owned()),
            '\n' => {
                row.push(std::mem::take(&mut cell).trim().to_owned());
                if row.iter().any(|c| !c.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
            }
            '\r' => {}
            c => cell.push(c),
        }
    }
    row.push(cell.trim().to_owned());
    if row.iter().any(|c| !c.is_empty()) {
        rows.push(row);
    }
    rows
}

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
    DataFrame::new_infer_height(cols).map_err(|e| TableError { reason: e.to_string() })
}

/// The tables of a sample: `extra_info.tables` when present (see the crate
/// docs for its format), else the tables found in the prompt (HTML
/// `<table>`s, then markdown blocks). Tables are named `t0`, `t1`, ...
/// unless the entry names them.
///
/// # Errors
/// [`TableError`] when `extra_info.tables` is present but unreadable.
pub fn sample_tables(sample: &rlvr_core::Sample) -> Result<Vec<Table>, TableError> {
    if let Some(tables) = sample.extra("tables") {
        let entries: Vec<&Json> = match tables {
            Json::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        return entries.iter().enumerate().map(|(i, e)| table_entry(i, e)).collect();
    }
    let Some(prompt) = sample.prompt_text() else { return Ok(Vec::new()) };
    Ok(prompt_tables(&prompt))
}

fn table_entry(i: usize, e: &Json) -> Result<Table, TableError> {
    let default = format!("t{i}");
    match e {
        Json::String(s) => Table::parse_any(&default, s),
        Json::Array(_) => Table::parse_json(&default, e),
        Json::Object(o) => {
            let name = o.get("name").and_then(Json::as_str).unwrap_or(&default);
            let table = table_object(i, name, o, e)?;
            match o.get("row_header_columns").and_then(Json::as_u64) {
                Some(n) => table.with_row_header_columns(usize::try_from(n).unwrap_or(usize::MAX)),
                None => Ok(table),
            }
        }
        _ => err(format!("table {i}: not a string, list or object")),
    }
}

fn table_object(
    i: usize,
    name: &str,
    o: &serde_json::Map<String, Json>,
    e: &Json,
) -> Result<Table, TableError> {
    if o.contains_key("rows") || o.contains_key("texts") {
        return Table::parse_json(name, e);
    }
    let content = o
        .get("content")
        .and_then(Json::as_str)
        .ok_or(TableError { reason: format!("table {i}: no `content` or `rows`") })?;
    match o.get("format").and_then(Json::as_str) {
        Some("markdown") => Table::parse_markdown(name, content),
        Some("html") => Table::parse_html(name, content),
        Some("csv") => Table::parse_csv(name, content),
        Some("json") => {
            let v: Json =
                serde_json::from_str(content).map_err(|e| TableError { reason: e.to_string() })?;
            Table::parse_json(name, &v)
        }
        Some(f) => err(format!("table {i}: unknown format `{f}`")),
        None => Table::parse_any(name, content),
    }
}

/// The tables in a prompt: each HTML `<table>…</table>`, then each block
/// of consecutive `|` lines. Unreadable blocks are skipped.
pub fn prompt_tables(prompt: &str) -> Vec<Table> {
    let mut out = Vec::new();
    let lower = prompt.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(off) = lower[pos..].find("<table") {
        let start = pos + off;
        let end = lower[start..].find("</table>").map_or(lower.len(), |e| start + e + 8);
        if let Ok(t) = Table::parse_html(&format!("t{}", out.len()), &prompt[start..end]) {
            out.push(t);
        }
        pos = end;
    }
    let mut block: Vec<&str> = Vec::new();
    for line in prompt.lines().chain(std::iter::once("")) {
        if line.trim_start().starts_with('|') {
            block.push(line);
        } else if !block.is_empty() {
            if let Ok(t) = Table::parse_markdown(&format!("t{}", out.len()), &block.join("\n")) {
                out.push(t);
            }
            block.clear();
        }
    }
    out
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
