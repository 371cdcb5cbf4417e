//! Grids in every common answer syntax: JSON (`[[1, 2], [3, 4]]`), Python
//! lists or tuples (`((1, 2), (3, 4))`), and whitespace rows (`1 2\n3 4`,
//! also `1,2` per line and `12` per line when cells are single digits).

use serde_json::Value;

use rlvr_core::literal;

/// A grid of integers, row by row. Rows may be ragged; callers check the
/// shape they need.
pub(crate) type IntGrid = Vec<Vec<i64>>;

/// The largest number of cells read from one answer.
const MAX_CELLS: usize = 1 << 16;

/// The body of a fenced block (```` ```json … ``` ````) left inside
/// another container, else the text.
pub(crate) fn unfence(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("```")
        .and_then(|rest| rest.split_once('\n'))
        .and_then(|(_, body)| body.trim_end().strip_suffix("```"))
        .map_or(t, str::trim)
}

/// Reads an integer grid. A flat list or a single line is one row. Also
/// read: a fenced block, and numpy's printing (`[[0 3 3]\n [3 0 3]]`,
/// `array([[0, 3], [3, 0]])`).
pub(crate) fn parse_int_grid(text: &str, single_digit_cells: bool) -> Option<IntGrid> {
    let text = unfence(text);
    let text = ["np.array(", "numpy.array(", "array("]
        .iter()
        .find_map(|p| text.strip_prefix(p).and_then(|t| t.strip_suffix(')')))
        .unwrap_or(text)
        .trim();
    if text.starts_with(['[', '(']) {
        if let Some(v) = literal::parse(text) {
            return from_value(&v);
        }
        // `[[1, 2], [3, 4]].` with a trailing period, or words without
        // digits before it; nothing else after it: `[[1, 2]] or 1 2` and
        // `[[1, 2]] or f()` are hedges, not grids.
        let (a, b) = (text.find('[')?, text.rfind(']')?);
        let digits = |t: &str| t.bytes().any(|c| c.is_ascii_digit());
        if a < b
            && !digits(&text[..a])
            && text[b + 1..].trim().trim_end_matches(['.', '!']).is_empty()
            && let Some(v) = literal::parse(&text[a..=b])
        {
            return from_value(&v);
        }
        // numpy prints rows without commas, one per line: read as rows
        // (`[[0 3] [3 0]]` on one line too).
        if !text.starts_with("[[") || text.contains("],") {
            return None;
        }
    }
    let rows_text;
    let text = if text.starts_with("[[") && !text.contains('\n') {
        rows_text = text.replace("] [", "]\n[");
        rows_text.as_str()
    } else {
        text
    };
    let mut grid = Vec::new();
    let mut cells = 0usize;
    for line in text.lines() {
        let line = line.trim().trim_matches(|c| c == '|' || c == '[' || c == ']' || c == ',');
        if line.is_empty() {
            continue;
        }
        let tokens: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
            .filter(|t| !t.is_empty())
            .collect();
        let row: Vec<i64> = if single_digit_cells
            && tokens.len() == 1
            && tokens[0].len() > 1
            && tokens[0].bytes().all(|b| b.is_ascii_digit())
        {
            tokens[0].bytes().map(|b| i64::from(b - b'0')).collect()
        } else {
            tokens.iter().map(|t| t.parse().ok()).collect::<Option<_>>()?
        };
        cells += row.len();
        if cells > MAX_CELLS {
            return None;
        }
        grid.push(row);
    }
    (!grid.is_empty()).then_some(grid)
}

/// Reads an integer grid out of a JSON value (a list of rows, or one flat
/// row). Integer-valued floats (`1.0`) count as integers.
pub(crate) fn from_value(v: &Value) -> Option<IntGrid> {
    let rows = v.as_array()?;
    if rows.iter().all(|r| !r.is_array()) {
        return Some(vec![rows.iter().map(int_of).collect::<Option<_>>()?]);
    }
    rows.iter()
        .map(|r| r.as_array().and_then(|r| r.iter().map(int_of).collect::<Option<Vec<_>>>()))
        .collect()
}

fn int_of(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        let f = v.as_f64()?;
        #[allow(clippy::cast_possible_truncation, reason = "checked to be integral and in range")]
        (f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64)
    })
}

/// Whether every row has the same, non-zero length.
pub(crate) fn is_rectangular<T>(grid: &[Vec<T>]) -> bool {
    grid.first().is_some_and(|r| !r.is_empty() && grid.iter().all(|x| x.len() == r.len()))
}

/// A grid of whitespace-separated tokens (n-queens boards), or a list of
/// lists of strings.
pub(crate) fn parse_token_grid(text: &str) -> Option<Vec<Vec<String>>> {
    let text = text.trim();
    if text.starts_with('[') {
        let v = literal::parse(text)?;
        return v
            .as_array()?
            .iter()
            .map(|r| match r {
                Value::Array(cells) => {
                    cells.iter().map(|c| c.as_str().map(str::to_owned)).collect()
                }
                Value::String(s) => Some(s.split_whitespace().map(str::to_owned).collect()),
                _ => None,
            })
            .collect();
    }
    let grid: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|r| !r.is_empty())
        .collect();
    (!grid.is_empty() && grid.iter().map(Vec::len).sum::<usize>() <= MAX_CELLS).then_some(grid)
}

/// Reads a grid of real numbers (pooling outputs, `4.25 5`): a JSON or
/// Python list of rows, or whitespace rows (commas and bars also split
/// cells). Integer grids read by [`parse_int_grid`] are real grids too.
pub(crate) fn parse_real_grid(text: &str) -> Option<Vec<Vec<f64>>> {
    let text = unfence(text);
    if text.starts_with(['[', '(']) {
        let v = literal::parse(text)?;
        let rows = v.as_array()?;
        let real = |c: &Value| c.as_f64().filter(|f| f.is_finite());
        if rows.iter().all(|r| !r.is_array()) {
            return Some(vec![rows.iter().map(real).collect::<Option<_>>()?]);
        }
        return rows
            .iter()
            .map(|r| r.as_array().and_then(|r| r.iter().map(real).collect::<Option<Vec<_>>>()))
            .collect();
    }
    let mut grid = Vec::new();
    let mut cells = 0usize;
    for line in text.lines() {
        let row: Vec<f64> = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
            .filter(|t| !t.is_empty())
            .map(|t| {
                let ok = t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
                t.parse::<f64>().ok().filter(|f| ok && f.is_finite())
            })
            .collect::<Option<_>>()?;
        if row.is_empty() {
            continue;
        }
        cells += row.len();
        if cells > MAX_CELLS {
            return None;
        }
        grid.push(row);
    }
    (!grid.is_empty()).then_some(grid)
}
