//! Reading input rows: JSONL (streamed) or Parquet (through polars).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use rlvr::Row;

/// One input row with its 1-based line (JSONL) or row (Parquet) number,
/// and its text when the source keeps it ([`Rows::keep_text`]).
pub(crate) struct NumberedRow {
    pub(crate) number: usize,
    pub(crate) row: Row,
    pub(crate) text: Option<String>,
}

/// A source of rows, read in chunks so memory stays bounded on big files.
pub(crate) struct Rows {
    source: Source,
    keep_text: bool,
}

enum Source {
    Jsonl { reader: Box<dyn BufRead>, line: usize, buf: Vec<u8>, bytes_read: u64 },
    Lines { lines: std::vec::IntoIter<String>, line: usize },
}

impl Rows {
    /// Opens `path` by extension: `.parquet` or JSON lines (anything else);
    /// `-` reads JSON lines from standard input.
    pub(crate) fn open(path: &Path) -> io::Result<(Self, Option<u64>)> {
        let (source, total) = if path == Path::new("-") {
            let reader = Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
            (Source::Jsonl { reader, line: 0, buf: Vec::new(), bytes_read: 0 }, None)
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
            let lines = parquet_lines(path)?;
            let total = lines.len() as u64;
            (Source::Lines { lines: lines.into_iter(), line: 0 }, Some(total))
        } else {
            let file = File::open(path)?;
            let size = file.metadata().ok().map(|m| m.len());
            let reader = Box::new(BufReader::with_capacity(1 << 16, file));
            (Source::Jsonl { reader, line: 0, buf: Vec::new(), bytes_read: 0 }, size)
        };
        Ok((Self { source, keep_text: false }, total))
    }

    /// Keeps each row's text in [`NumberedRow::text`] (for `--join`).
    pub(crate) fn keep_text(&mut self) {
        self.keep_text = true;
    }

    /// Progress so far, in the unit of the total given by [`Rows::open`]
    /// (bytes for JSONL, rows for Parquet).
    pub(crate) fn position(&self) -> u64 {
        match &self.source {
            Source::Jsonl { bytes_read, .. } => *bytes_read,
            Source::Lines { line, .. } => *line as u64,
        }
    }

    /// Up to `max` next rows; an empty vector at the end.
    pub(crate) fn next_chunk(&mut self, max: usize) -> io::Result<Vec<NumberedRow>> {
        let mut out = Vec::new();
        while out.len() < max {
            match &mut self.source {
                Source::Jsonl { reader, line, buf, bytes_read } => {
                    buf.clear();
                    let n = reader.read_until(b'\n', buf)?;
                    if n == 0 {
                        break;
                    }
                    *line += 1;
                    *bytes_read += n as u64;
                    // Blank lines are not rows.
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let (row, text) = match std::str::from_utf8(buf) {
                        Ok(text) => (Row::from_json_str(text), Some(text)),
                        Err(e) => (Row::malformed(format!("invalid UTF-8: {e}")), None),
                    };
                    let text = text.filter(|_| self.keep_text).map(str::to_owned);
                    out.push(NumberedRow { number: *line, row, text });
                }
                Source::Lines { lines, line } => {
                    let Some(text) = lines.next() else { break };
                    *line += 1;
                    let row = Row::from_json_str(&text);
                    let text = self.keep_text.then_some(text);
                    out.push(NumberedRow { number: *line, row, text });
                }
            }
        }
        Ok(out)
    }
}

/// Reads a Parquet file and renders each row as a JSON line, so Parquet and
/// JSONL rows go through the same row reader.
#[cfg(feature = "parquet")]
fn parquet_lines(path: &Path) -> io::Result<Vec<String>> {
    use polars::prelude::{JsonFormat, JsonWriter, ParquetReader, SerReader, SerWriter};

    let to_io = |e: polars::prelude::PolarsError| io::Error::other(e.to_string());
    let mut df = ParquetReader::new(File::open(path)?).finish().map_err(to_io)?;
    let mut buf = Vec::new();
    JsonWriter::new(&mut buf)
        .with_json_format(JsonFormat::JsonLines)
        .finish(&mut df)
        .map_err(to_io)?;
    let text = String::from_utf8(buf).map_err(io::Error::other)?;
    Ok(text.lines().map(str::to_owned).collect())
}

#[cfg(not(feature = "parquet"))]
fn parquet_lines(path: &Path) -> io::Result<Vec<String>> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "{}: Parquet input needs the `parquet` feature (cargo install rlvr --features parquet)",
            path.display()
        ),
    ))
}
