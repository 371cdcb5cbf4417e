//! The end-of-run table: per data source, rows, mean score, counts per
//! status and throughput.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use rlvr::{Record, Status};

#[derive(Default)]
struct Line {
    rows: u64,
    score_sum: f64,
    statuses: BTreeMap<Status, u64>,
    busy: Duration,
}

impl Line {
    fn add(&mut self, rec: &Record, elapsed: Duration) {
        self.rows += 1;
        self.score_sum += rec.score;
        *self.statuses.entry(rec.status).or_default() += 1;
        self.busy += elapsed;
    }
}

/// Accumulates records as they are written.
#[derive(Default)]
pub(crate) struct Summary {
    by_source: BTreeMap<String, Line>,
    total: Line,
    #[cfg(feature = "judge")]
    judged: u64,
}

impl Summary {
    /// Adds one record; `elapsed` is the precise grading time (the
    /// record's `latency_us` is rounded to microseconds).
    pub(crate) fn add(&mut self, data_source: Option<&str>, rec: &Record, elapsed: Duration) {
        let key = data_source.unwrap_or("(malformed row)").to_owned();
        self.by_source.entry(key).or_default().add(rec, elapsed);
        self.total.add(rec, elapsed);
    }

    pub(crate) fn rows(&self) -> u64 {
        self.total.rows
    }

    /// Counts one row that went to the LLM judge.
    #[cfg(feature = "judge")]
    pub(crate) fn judged(&mut self) {
        self.judged += 1;
    }

    /// The rows that went to the LLM judge.
    #[cfg(feature = "judge")]
    pub(crate) fn judged_rows(&self) -> u64 {
        self.judged
    }

    /// Renders the table. `wall` is the run's wall time, `threads` the
    /// worker count; per-source throughput is per core (rows over the time
    /// spent grading them), the total is rows over wall time.
    pub(crate) fn render(&self, wall: Duration, threads: usize) -> String {
        let statuses: Vec<Status> =
            Status::ALL.into_iter().filter(|s| self.total.statuses.contains_key(s)).collect();
        let mut header = vec!["data_source".to_owned(), "rows".to_owned(), "mean".to_owned()];
        header.extend(statuses.iter().map(|s| s.as_str().to_owned()));
        header.push("samples/s/core".to_owned());
        let mut table = vec![header];
        let row = |name: &str, line: &Line, rate: f64| {
            let mut cells = vec![
                name.to_owned(),
                line.rows.to_string(),
                format!("{:.3}", line.score_sum / line.rows.max(1) as f64),
            ];
            cells.extend(
                statuses.iter().map(|s| line.statuses.get(s).copied().unwrap_or(0).to_string()),
            );
            cells.push(format_rate(rate));
            cells
        };
        for (name, line) in &self.by_source {
            table.push(row(name, line, per_second(line.rows, line.busy)));
        }
        table.push(row("TOTAL", &self.total, per_second(self.total.rows, self.total.busy)));

        let widths: Vec<usize> = (0..table[0].len())
            .map(|c| table.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for (i, cells) in table.iter().enumerate() {
            if i == table.len() - 1 || i == 1 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                let _ = writeln!(out, "{}", rule.join("  "));
            }
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(
                    |(c, (cell, w))| {
                        if c == 0 { format!("{cell:<w$}") } else { format!("{cell:>w$}") }
                    },
                )
                .collect();
            let _ = writeln!(out, "{}", padded.join("  ").trim_end());
        }
        let _ = writeln!(
            out,
            "{} rows in {:.2} s on {threads} thread{} ({} rows/s)",
            self.total.rows,
            wall.as_secs_f64(),
            if threads == 1 { "" } else { "s" },
            format_rate(per_second(self.total.rows, wall)),
        );
        out
    }
}

fn per_second(rows: u64, time: Duration) -> f64 {
    if time.is_zero() { f64::INFINITY } else { rows as f64 / time.as_secs_f64() }
}

fn format_rate(rate: f64) -> String {
    if !rate.is_finite() {
        "-".to_owned()
    } else if rate >= 1e6 {
        format!("{:.1}M", rate / 1e6)
    } else if rate >= 1e4 {
        format!("{:.0}k", rate / 1e3)
    } else {
        format!("{rate:.0}")
    }
}
