//! Markdown (pipe) tables.

use super::{Table, TableError};
use crate::error::no_table;

impl Table {
    /// Reads a markdown (pipe) table. Rows before the `|---|` line are
    /// header levels; without one, the first row is the header.
    ///
    /// # Errors
    /// [`TableError`] when there is no table.
    pub fn parse_markdown(name: &str, text: &str) -> Result<Self, TableError> {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| l.starts_with('|')).collect();
        if lines.is_empty() {
            return no_table("no markdown table");
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
}

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
