//! HiTab's JSON tables: header trees (`top_root`, `left_root`) flattened
//! into paths.

use serde_json::Value as Json;

use super::{MAX_CELLS, MAX_COLUMNS, Table, TableError};
use crate::error::too_large;

impl Table {
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
    /// get a [`ROW_PATH_COLUMN`](super::ROW_PATH_COLUMN) in the frame.
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
            .ok_or(TableError::Malformed { reason: "no `texts` matrix".into() })?;
        if texts.len() > MAX_CELLS {
            return too_large(format!("table over {MAX_CELLS} cells"));
        }
        let mut grid: Vec<Vec<String>> = texts
            .iter()
            .map(|r| {
                r.as_array()
                    .filter(|a| a.len() <= MAX_COLUMNS)
                    .map(|a| a.iter().map(cell).collect())
                    .ok_or(TableError::Malformed { reason: "a `texts` row is not a list".into() })
            })
            .collect::<Result<_, _>>()?;
        let height = grid.len();
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width.saturating_mul(height) > MAX_CELLS {
            return too_large(format!("table over {MAX_CELLS} cells"));
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
            return too_large("header tree too large");
        }
        let at = |k: &str| node.get(k).and_then(Json::as_i64).and_then(|x| usize::try_from(x).ok());
        if let (Some(r), Some(c)) = (at("row_index"), at("column_index"))
            && let Some(text) = label(r, c).filter(|t| !t.is_empty())
        {
            path.push(text);
        }
        if path.len() > 64 {
            return too_large("header tree too deep");
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
