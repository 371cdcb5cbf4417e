//! Where a sample's tables come from: `extra_info.tables` (any format,
//! detected) or the prompt.

use serde_json::Value as Json;

use super::{Table, TableError};
use crate::error::malformed;

impl Table {
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
        _ => malformed(format!("table {i}: not a string, list or object")),
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
        .ok_or(TableError::Malformed { reason: format!("table {i}: no `content` or `rows`") })?;
    match o.get("format").and_then(Json::as_str) {
        Some("markdown") => Table::parse_markdown(name, content),
        Some("html") => Table::parse_html(name, content),
        Some("csv") => Table::parse_csv(name, content),
        Some("json") => {
            let v: Json = serde_json::from_str(content)
                .map_err(|e| TableError::Malformed { reason: e.to_string() })?;
            Table::parse_json(name, &v)
        }
        Some(f) => malformed(format!("table {i}: unknown format `{f}`")),
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
