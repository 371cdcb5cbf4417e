//! Where records go, and how a killed run is continued (`--resume`).
//!
//! Records are written in input order, one line each, and flushed after
//! every chunk. So after a crash or a kill the output file holds a prefix
//! of the records, possibly followed by one line cut off in the middle.
//! `--resume` keeps the complete records, cuts off the partial line, checks
//! that the kept records belong to the first rows of the input (their `id`
//! and `index` fields must match), skips those rows and appends the rest.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde_json::{Map, Value};

use crate::input::Rows;

/// Rows read per step while skipping already-scored rows.
const SKIP_CHUNK: usize = 4096;

/// Opens `path` for a fresh run (created or truncated).
pub(crate) fn create(path: &Path) -> io::Result<Box<dyn Write>> {
    let file = File::create(path).map_err(|e| with_path(path, &e))?;
    Ok(Box::new(BufWriter::new(file)))
}

/// Prepares `path` for a resumed run: returns the writer (appending) and
/// how many rows of the input already have their record, after skipping
/// those rows in `rows`.
pub(crate) fn resume(path: &Path, rows: &mut Rows) -> io::Result<(Box<dyn Write>, usize)> {
    if !path.exists() {
        return Ok((create(path)?, 0));
    }
    let (kept, ids) = complete_records(path)?;
    let file = OpenOptions::new().write(true).open(path).map_err(|e| with_path(path, &e))?;
    file.set_len(kept)?;
    drop(file);
    let done = ids.len();
    skip_matching(rows, &ids, path)?;
    let file = OpenOptions::new().append(true).open(path).map_err(|e| with_path(path, &e))?;
    Ok((Box::new(BufWriter::new(file)), done))
}

/// The byte length of the complete records at the start of `path`, and
/// each record's id fields. Reading stops at the first line that is not a
/// whole JSON object ending in a newline: that line and anything after it
/// were cut off by the kill.
fn complete_records(path: &Path) -> io::Result<(u64, Vec<Map<String, Value>>)> {
    let mut reader = BufReader::new(File::open(path).map_err(|e| with_path(path, &e))?);
    let mut kept = 0u64;
    let mut ids = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        match serde_json::from_slice::<Value>(&line) {
            Ok(Value::Object(map)) if map.contains_key("status") => {
                kept += n as u64;
                ids.push(id_fields(&map));
            }
            _ => break,
        }
    }
    Ok((kept, ids))
}

/// The fields a record copies from its row to identify it.
fn id_fields(map: &Map<String, Value>) -> Map<String, Value> {
    ["id", "index"]
        .iter()
        .filter_map(|k| map.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect()
}

/// Skips the first `ids.len()` rows, checking that each row's id fields are
/// the ones its record carries: a resumed run must continue the same input.
fn skip_matching(rows: &mut Rows, ids: &[Map<String, Value>], path: &Path) -> io::Result<()> {
    let mut next = 0;
    while next < ids.len() {
        let chunk = rows.next_chunk(SKIP_CHUNK.min(ids.len() - next))?;
        if chunk.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: holds {} records but the input has only {next} rows; \
                     it is not the output of this input",
                    path.display(),
                    ids.len()
                ),
            ));
        }
        for numbered in chunk {
            let expected = &ids[next];
            if id_fields(&numbered.row.ids) != *expected {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{}: record {} has ids {} but input line {} has {}; \
                         it is not the output of this input",
                        path.display(),
                        next + 1,
                        Value::Object(expected.clone()),
                        numbered.number,
                        Value::Object(id_fields(&numbered.row.ids)),
                    ),
                ));
            }
            next += 1;
        }
    }
    Ok(())
}

fn with_path(path: &Path, e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
