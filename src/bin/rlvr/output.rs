//! Where records go, and how a killed run is continued (`--resume`).
//!
//! Records are written in input order, one line each, and flushed after
//! every chunk. So after a crash or a kill the output file holds a prefix
//! of the records, possibly followed by one line cut off in the middle.
//! `--resume` keeps the complete records, cuts off the partial line, checks
//! that the kept records belong to the first rows of the input (their `id`
//! and `index` fields must match), skips those rows and appends the rest.
//!
//! A `.parquet` output (feature `parquet`) is written the same way to a
//! JSON-lines part file beside it (`records.parquet.part.jsonl`), which
//! becomes the Parquet file, and is removed, when the run ends with every
//! row scored: a killed run keeps its records in the part file, and
//! `--resume` continues from there.
//!
//! With `--join` each line is the input row with the record's fields added
//! (a field of the record replaces an input column of the same name), so
//! the output is the scored dataset.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use rlvr::Record;
use serde_json::{Map, Value};

use crate::input::Rows;

/// Where the records of a run go.
pub(crate) struct Sink {
    out: Box<dyn Write>,
    /// For a Parquet output: the part file and the Parquet file.
    parquet: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    /// Opens the output (standard output when `path` is `None`) for a fresh
    /// or a resumed run, and returns how many rows already have their
    /// record (skipped in `rows`).
    pub(crate) fn open(
        path: Option<&Path>,
        resume: bool,
        rows: &mut Rows,
    ) -> io::Result<(Self, usize)> {
        let Some(path) = path else {
            return Ok((
                Self { out: Box::new(BufWriter::new(io::stdout().lock())), parquet: None },
                0,
            ));
        };
        let parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if parquet && !cfg!(feature = "parquet") {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!(
                    "{}: Parquet output needs the `parquet` feature (cargo install rlvr --features parquet)",
                    path.display()
                ),
            ));
        }
        let lines = if parquet { part_path(path) } else { path.to_owned() };
        let (out, skipped) =
            if resume { self::resume(&lines, rows)? } else { (create(&lines)?, 0) };
        Ok((Self { out, parquet: parquet.then(|| (lines, path.to_owned())) }, skipped))
    }

    /// Writes one record, joined with its row's text when given.
    pub(crate) fn write(&mut self, record: &Record, row_text: Option<&str>) -> io::Result<()> {
        match row_text {
            Some(text) => serde_json::to_writer(&mut self.out, &joined(text, record)?)?,
            None => serde_json::to_writer(&mut self.out, record)?,
        }
        self.out.write_all(b"\n")
    }

    /// Flushes what is written (after every chunk).
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Ends the run. A Parquet output is written when the run is
    /// `complete`; otherwise its part file stays for `--resume`.
    pub(crate) fn finish(mut self, complete: bool) -> io::Result<()> {
        self.out.flush()?;
        drop(self.out);
        match self.parquet {
            Some((part, path)) if complete => {
                jsonl_to_parquet(&part, &path).map_err(|e| with_path(&path, &e))?;
                fs::remove_file(&part).map_err(|e| with_path(&part, &e))
            }
            Some((part, _)) => {
                eprintln!("rlvr: the records so far are in {}", part.display());
                Ok(())
            }
            None => Ok(()),
        }
    }
}

/// The part file of a Parquet output.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part.jsonl");
    PathBuf::from(name)
}

/// The input row (its JSON text) with the record's fields added.
fn joined(row_text: &str, record: &Record) -> io::Result<Value> {
    let Value::Object(mut record) = serde_json::to_value(record)? else {
        return Err(io::Error::other("a record is not a JSON object"));
    };
    Ok(match serde_json::from_str::<Value>(row_text) {
        Ok(Value::Object(mut row)) => {
            row.append(&mut record);
            Value::Object(row)
        }
        // A malformed row: its record alone.
        _ => Value::Object(record),
    })
}

/// Converts a JSON-lines file of records (or joined rows) to Parquet; the
/// schema is inferred from every line.
#[cfg(feature = "parquet")]
fn jsonl_to_parquet(lines: &Path, path: &Path) -> io::Result<()> {
    use polars::prelude::{JsonFormat, JsonReader, ParquetWriter, SerReader};

    let to_io = |e: polars::prelude::PolarsError| io::Error::other(e.to_string());
    let mut df = JsonReader::new(File::open(lines)?)
        .with_json_format(JsonFormat::JsonLines)
        .infer_schema_len(None)
        .finish()
        .map_err(to_io)?;
    let tmp = part_path(path).with_extension("tmp");
    ParquetWriter::new(File::create(&tmp)?).finish(&mut df).map_err(to_io)?;
    fs::rename(&tmp, path)
}

#[cfg(not(feature = "parquet"))]
fn jsonl_to_parquet(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "Parquet output needs the `parquet` feature"))
}

/// Rows read per step while skipping already-scored rows.
const SKIP_CHUNK: usize = 4096;

/// Opens `path` for a fresh run (created or truncated).
fn create(path: &Path) -> io::Result<Box<dyn Write>> {
    let file = File::create(path).map_err(|e| with_path(path, &e))?;
    Ok(Box::new(BufWriter::new(file)))
}

/// Prepares `path` for a resumed run: returns the writer (appending) and
/// how many rows of the input already have their record, after skipping
/// those rows in `rows`.
fn resume(path: &Path, rows: &mut Rows) -> io::Result<(Box<dyn Write>, usize)> {
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
