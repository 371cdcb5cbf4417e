//! HTML tables: `rowspan` / `colspan`, header rows and `<th>` row headers.

use super::{HtmlCell, MAX_CELLS, MAX_COLUMNS, Table, TableError};
use crate::error::{no_table, too_large};

impl Table {
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
        let start =
            lower.find("<table").ok_or(TableError::Malformed { reason: "no <table>".into() })?;
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
                    return too_large("too many cells in a row");
                }
            }
            if !cells.is_empty() {
                raw_rows.push((in_thead, cells));
            }
            pos = row_end.max(row_start + 3);
            if raw_rows.len() > MAX_CELLS {
                return too_large("too many rows");
            }
        }
        if raw_rows.is_empty() {
            return no_table("empty <table>");
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
                            return too_large("too many columns");
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
