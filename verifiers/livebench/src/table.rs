//! tableformat: a table converted to another format (CSV, TSV, JSON,
//! JSONL, HTML, Markdown), read here by small readers of our own.
//!
//! rlvr-table's readers build polars DataFrames, and polars is not a
//! dependency this pure-Rust crate should pull in; the readers here return
//! a plain [`Table`] of cells, which is all the comparison needs.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// A cell: empty, a number, or text (trimmed).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Num(f64),
    Text(String),
}

impl Cell {
    fn from_text(s: &str) -> Self {
        let t = s.trim();
        if t.is_empty() || matches!(t, "NaN" | "nan" | "null" | "None" | "NULL") {
            return Self::Null;
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() && !t.starts_with('+') && !t.ends_with('.') => Self::Num(x),
            _ => match t {
                "True" | "true" => Self::Text("true".to_owned()),
                "False" | "false" => Self::Text("false".to_owned()),
                _ => Self::Text(t.to_owned()),
            },
        }
    }

    fn from_json(v: &Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Number(n) => n.as_f64().map_or(Self::Null, Self::Num),
            Value::String(s) => Self::from_text(s),
            Value::Bool(b) => Self::Text(b.to_string()),
            other => Self::Text(other.to_string()),
        }
    }

    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Null, Self::Null) => true,
            (Self::Num(a), Self::Num(b)) => (a - b).abs() < 1e-6,
            (Self::Text(a), Self::Text(b)) => a == b,
            _ => false,
        }
    }
}

/// A table: column names and rows of cells, one per column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// The most cells a table may have.
const MAX_CELLS: usize = 200_000;

/// The table formats of the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Tsv,
    Json,
    Jsonl,
    Html,
    Markdown,
}

impl Format {
    fn from_name(s: &str) -> Option<Self> {
        Some(match s.trim().to_lowercase().as_str() {
            "csv" => Self::Csv,
            "tsv" => Self::Tsv,
            "json" => Self::Json,
            "jsonl" => Self::Jsonl,
            "html" => Self::Html,
            "markdown" => Self::Markdown,
            _ => return None,
        })
    }
}

static V1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Please convert the Input Table from (\w+) format to (\w+) format")
        .expect("static regex")
});
static V2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)Target Format: *(\w+)").expect("static regex"));

/// The target format named in the prompt (LiveBench's two phrasings).
pub(crate) fn target_format(prompt: &str) -> Option<Format> {
    if let Some(c) = V1.captures_iter(prompt).last() {
        return Format::from_name(&c[2]);
    }
    V2.captures_iter(prompt).last().and_then(|c| Format::from_name(&c[1]))
}

impl Table {
    fn new(columns: Vec<String>, rows: Vec<Vec<Cell>>) -> Option<Self> {
        let columns: Vec<String> = columns.into_iter().map(|c| c.trim().to_owned()).collect();
        if columns.is_empty() || rows.is_empty() || rows.iter().any(|r| r.len() != columns.len()) {
            return None;
        }
        let distinct: BTreeSet<&String> = columns.iter().collect();
        if distinct.len() != columns.len() {
            return None;
        }
        let mut t = Self { columns, rows };
        // pandas writes its index as a column named `index`; LiveBench drops it.
        if let Some(i) = t.columns.iter().position(|c| c == "index") {
            t.columns.remove(i);
            for r in &mut t.rows {
                r.remove(i);
            }
        }
        Some(t)
    }

    /// Whether the two tables hold the same columns (in any order) and the
    /// same rows in the same order.
    pub(crate) fn same(&self, other: &Self) -> Result<(), String> {
        if self.rows.len() != other.rows.len() {
            return Err(format!("{} rows, not {}", other.rows.len(), self.rows.len()));
        }
        let a: BTreeSet<&String> = self.columns.iter().collect();
        let b: BTreeSet<&String> = other.columns.iter().collect();
        if a != b {
            return Err("other columns".to_owned());
        }
        let map: Vec<usize> = self
            .columns
            .iter()
            .map(|c| other.columns.iter().position(|d| d == c).unwrap_or(0))
            .collect();
        for (i, (r, s)) in self.rows.iter().zip(&other.rows).enumerate() {
            for (j, cell) in r.iter().enumerate() {
                if !cell.same(&s[map[j]]) {
                    return Err(format!("row {} column `{}` differs", i + 1, self.columns[j]));
                }
            }
        }
        Ok(())
    }
}

/// How many lines of `text` are the gold's header row (CSV and TSV; 0 for
/// the other formats): more than one is several tables.
pub(crate) fn header_lines(format: Format, text: &str, gold: &Table) -> usize {
    let sep = match format {
        Format::Csv => ",",
        Format::Tsv => "\t",
        _ => return 0,
    };
    let header = gold.columns.join(sep);
    text.lines().filter(|l| l.trim() == header).count()
}

/// Reads `text` as a whole table in `format`.
pub(crate) fn read(format: Format, text: &str) -> Option<Table> {
    match format {
        Format::Csv => read_sep(text, b','),
        Format::Tsv => read_sep(text, b'\t'),
        Format::Json => read_json(text),
        Format::Jsonl => read_jsonl(text, false),
        Format::Html => read_html(text),
        Format::Markdown => read_markdown(text),
    }
}

/// Reads a table embedded in other text: for CSV/TSV from the line that
/// equals the gold's header to the end of the block, for JSONL the lines
/// that are JSON objects, for Markdown the lines that start with `|`, for
/// HTML the `<table>` elements, for JSON the last JSON value.
pub(crate) fn find(format: Format, text: &str, gold: &Table) -> Option<Table> {
    match format {
        Format::Csv | Format::Tsv => {
            let sep = if format == Format::Csv { "," } else { "\t" };
            let header = gold.columns.join(sep);
            let lines: Vec<&str> = text.lines().collect();
            // The header must appear once: two tables are a hedge.
            let mut at = lines.iter().enumerate().filter(|(_, l)| l.trim() == header);
            let (start, _) = at.next()?;
            if at.next().is_some() {
                return None;
            }
            let end = lines[start..]
                .iter()
                .position(|l| l.trim().is_empty() || l.trim_start().starts_with("```"))
                .map_or(lines.len(), |e| start + e);
            read(format, &lines[start..end].join("\n"))
        }
        Format::Jsonl => read_jsonl(text, true),
        Format::Markdown => {
            let lines: Vec<&str> =
                text.lines().filter(|l| l.trim_start().starts_with('|')).collect();
            read_markdown(&lines.join("\n"))
        }
        Format::Html => {
            let start = text.find("<table")?;
            let end = text.rfind("</table>")? + "</table>".len();
            (end > start).then(|| read_html(&text[start..end])).flatten()
        }
        Format::Json => match rlvr_core::extract::last_json(text) {
            rlvr_core::extract::Find::Complete(span) => read_json(span.content),
            _ => None,
        },
    }
}

fn read_sep(text: &str, sep: u8) -> Option<Table> {
    let records = split_records(text.trim(), sep)?;
    let mut it = records.into_iter().filter(|r| !(r.len() == 1 && r[0].trim().is_empty()));
    let header = it.next()?;
    let rows: Vec<Vec<Cell>> = it.map(|r| r.iter().map(|c| Cell::from_text(c)).collect()).collect();
    if rows.len().saturating_mul(header.len()) > MAX_CELLS {
        return None;
    }
    Table::new(header, rows)
}

/// CSV records with RFC 4180 quoting.
fn split_records(text: &str, sep: u8) -> Option<Vec<Vec<String>>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = Vec::new();
    let mut quoted = false;
    let mut at_start = true;
    let b = text.as_bytes();
    let mut i = 0;
    let mut cells = 0usize;
    while i < b.len() {
        let c = b[i];
        if quoted {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    field.push(b'"');
                    i += 1;
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == b'"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == sep {
            record.push(String::from_utf8(std::mem::take(&mut field)).ok()?);
            at_start = true;
            cells += 1;
        } else if c == b'\n' || c == b'\r' {
            if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            record.push(String::from_utf8(std::mem::take(&mut field)).ok()?);
            records.push(std::mem::take(&mut record));
            at_start = true;
            cells += 1;
        } else {
            field.push(c);
            at_start = false;
        }
        if cells > MAX_CELLS {
            return None;
        }
        i += 1;
    }
    if quoted {
        return None;
    }
    record.push(String::from_utf8(field).ok()?);
    records.push(record);
    Some(records)
}

fn from_objects<'a>(
    objects: impl Iterator<Item = &'a serde_json::Map<String, Value>>,
) -> Option<Table> {
    let objects: Vec<_> = objects.collect();
    let mut columns: Vec<String> = Vec::new();
    for o in &objects {
        for k in o.keys() {
            if !columns.contains(k) {
                columns.push(k.clone());
                if columns.len() > 1000 {
                    return None;
                }
            }
        }
    }
    if objects.len().saturating_mul(columns.len()) > MAX_CELLS {
        return None;
    }
    let rows = objects
        .iter()
        .map(|o| columns.iter().map(|c| o.get(c).map_or(Cell::Null, Cell::from_json)).collect())
        .collect();
    Table::new(columns, rows)
}

fn read_json(text: &str) -> Option<Table> {
    let v: Value = serde_json::from_str(text.trim()).ok()?;
    match &v {
        // records
        Value::Array(items) => {
            let objs: Option<Vec<_>> = items.iter().map(Value::as_object).collect();
            from_objects(objs?.into_iter())
        }
        Value::Object(m) => {
            // table orient: {"schema": ..., "data": [records]}
            if let (Some(_), Some(Value::Array(data))) = (m.get("schema"), m.get("data")) {
                let objs: Option<Vec<_>> = data.iter().map(Value::as_object).collect();
                return from_objects(objs?.into_iter());
            }
            // split orient: {"columns": [...], "data": [[...]]}
            if let (Some(Value::Array(cols)), Some(Value::Array(data))) =
                (m.get("columns"), m.get("data"))
            {
                let columns: Option<Vec<String>> =
                    cols.iter().map(|c| c.as_str().map(str::to_owned)).collect();
                let rows: Option<Vec<Vec<Cell>>> = data
                    .iter()
                    .map(|r| r.as_array().map(|r| r.iter().map(Cell::from_json).collect()))
                    .collect();
                return Table::new(columns?, rows?);
            }
            // index orient: {"row": {"column": value}}
            let objs: Option<Vec<_>> = m.values().map(Value::as_object).collect();
            from_objects(objs?.into_iter())
        }
        _ => None,
    }
}

fn read_jsonl(text: &str, skip_other: bool) -> Option<Table> {
    let mut objects = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(m)) => objects.push(m),
            _ if skip_other => {}
            _ => return None,
        }
    }
    if objects.is_empty() {
        return None;
    }
    from_objects(objects.iter())
}

fn read_markdown(text: &str) -> Option<Table> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let cells = |l: &str| -> Option<Vec<String>> {
        let l = l.strip_prefix('|')?;
        let l = l.strip_suffix('|').unwrap_or(l);
        Some(l.split('|').map(|c| c.trim().to_owned()).collect())
    };
    let header = cells(lines.next()?)?;
    let mut rows = Vec::new();
    for l in lines {
        let r = cells(l)?;
        if r.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
            continue;
        }
        rows.push(r.iter().map(|c| Cell::from_text(c)).collect());
        if rows.len().saturating_mul(header.len()) > MAX_CELLS {
            return None;
        }
    }
    Table::new(header, rows)
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<(/?)(tr|td|th|table)\b[^>]*>").expect("static regex"));
static ANY_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("static regex"));

fn html_text(s: &str) -> String {
    let s = ANY_TAG.replace_all(s, "");
    let s = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_html(text: &str) -> Option<Table> {
    // Rows of (is header cell, text).
    let mut rows: Vec<Vec<(bool, String)>> = Vec::new();
    let mut cell_start: Option<(bool, usize)> = None;
    let mut cells = 0usize;
    for m in TAG.captures_iter(text) {
        let whole = m.get(0)?;
        let closing = &m[1] == "/";
        let tag = m[2].to_ascii_lowercase();
        match (tag.as_str(), closing) {
            ("tr", false) => rows.push(Vec::new()),
            ("td" | "th", false) => cell_start = Some((tag == "th", whole.end())),
            ("td" | "th", true) => {
                let (th, start) = cell_start.take()?;
                rows.last_mut()?.push((th, html_text(text.get(start..whole.start())?)));
                cells += 1;
                if cells > MAX_CELLS {
                    return None;
                }
            }
            _ => {}
        }
    }
    let mut rows = rows.into_iter().filter(|r| !r.is_empty());
    let header: Vec<String> = rows.next()?.into_iter().map(|(_, t)| t).collect();
    let body: Vec<Vec<Cell>> = rows
        .filter(|r| !(r.iter().all(|(th, _)| *th) && r.iter().map(|(_, t)| t).eq(header.iter())))
        .map(|r| r.iter().map(|(_, t)| Cell::from_text(t)).collect())
        .collect();
    Table::new(header, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(cols: &[&str], rows: &[&[&str]]) -> Table {
        Table::new(
            cols.iter().map(|c| (*c).to_owned()).collect(),
            rows.iter().map(|r| r.iter().map(|c| Cell::from_text(c)).collect()).collect(),
        )
        .unwrap()
    }

    #[test]
    fn every_format_reads_the_same_table() {
        let want = t(&["name", "age"], &[&["Ann", "30"], &["Bob, Jr.", "4.5"]]);
        let inputs = [
            (Format::Csv, "name,age\nAnn,30\n\"Bob, Jr.\",4.5\n"),
            (Format::Tsv, "name\tage\nAnn\t30\nBob, Jr.\t4.50"),
            (Format::Json, r#"[{"name": "Ann", "age": 30}, {"name": "Bob, Jr.", "age": 4.5}]"#),
            (
                Format::Json,
                r#"{"0": {"name": "Ann", "age": 30}, "1": {"name": "Bob, Jr.", "age": 4.5}}"#,
            ),
            (
                Format::Jsonl,
                "{\"name\": \"Ann\", \"age\": 30}\n{\"age\": 4.5, \"name\": \"Bob, Jr.\"}",
            ),
            (
                Format::Html,
                "<table><thead><tr><th>name</th><th>age</th></tr></thead><tbody><tr><td>Ann</td><td>30</td></tr><tr><td>Bob, Jr.</td><td>4.5</td></tr></tbody></table>",
            ),
            (Format::Markdown, "| name | age |\n|:---|---:|\n| Ann | 30 |\n| Bob, Jr. | 4.5 |"),
        ];
        for (f, text) in inputs {
            let got = read(f, text).unwrap_or_else(|| panic!("{f:?}: {text}"));
            assert_eq!(want.same(&got), Ok(()), "{f:?}");
        }
    }

    #[test]
    fn target_formats_are_read_from_both_prompt_styles() {
        let v1 = "Please convert the Input Table from TSV format to JSONL format. Please respond only with the table.";
        assert_eq!(target_format(v1), Some(Format::Jsonl));
        assert_eq!(target_format("Source Format: csv\nTarget Format: html\n"), Some(Format::Html));
        assert_eq!(target_format("convert it"), None);
    }
}
