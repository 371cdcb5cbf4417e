//! JSON tables: a matrix of cells, or an object with a header and rows.

use serde_json::Value as Json;

use super::{Table, TableError};
use crate::error::malformed;

impl Table {
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
                .ok_or(TableError::Malformed { reason: "a row is not a list".into() })
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
                    .ok_or(TableError::Malformed { reason: "no `rows`".into() })?
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
            _ => malformed("not a JSON matrix"),
        }
    }
}
