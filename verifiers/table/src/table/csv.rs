//! CSV tables (quoted fields, doubled quotes).

use super::{Table, TableError};
use crate::error::no_table;

impl Table {
    /// Reads CSV (RFC 4180 quoting); the first row is the header.
    ///
    /// # Errors
    /// [`TableError`] when there is no row.
    pub fn parse_csv(name: &str, text: &str) -> Result<Self, TableError> {
        let mut rows = csv_rows(text);
        if rows.is_empty() {
            return no_table("empty CSV");
        }
        let header = rows.remove(0);
        Self::from_rows(name, &[header], rows)
    }
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
