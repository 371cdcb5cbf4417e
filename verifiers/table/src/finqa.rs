//! FinQA programs: `subtract(5829, 5735), divide(#0, 5735)` executed over
//! the table, never evaluated as code.

use std::fmt;

use polars::prelude::AnyValue;

use crate::table::Table;

/// The result of a FinQA program.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ProgramValue {
    /// A number.
    Number(f64),
    /// The result of `greater`.
    Bool(bool),
}

impl fmt::Display for ProgramValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(v) => write!(f, "{v}"),
            Self::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
        }
    }
}

use crate::error::{TableError, program, too_large};

/// The most steps a program may have.
pub(crate) const MAX_STEPS: usize = 64;

const OPS: [&str; 10] = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "exp",
    "greater",
    "table_max",
    "table_min",
    "table_sum",
    "table_average",
];

/// Whether the text looks like a FinQA program (`op(` with a known op).
pub fn is_program(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    OPS.iter().any(|op| t.starts_with(&format!("{op}(")))
}

/// Splits `op(a, b), op(c, d)` into steps.
fn steps(text: &str) -> Result<Vec<(String, String, String)>, TableError> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if out.len() >= MAX_STEPS {
            return too_large(format!("more than {MAX_STEPS} steps"));
        }
        let open = rest.find('(').ok_or(TableError::Program {
            reason: format!("expected `op(` at `{}`", short(rest)),
        })?;
        let op = rest[..open].trim().to_ascii_lowercase();
        if !OPS.contains(&op.as_str()) {
            return program(format!("unknown operation `{}`", short(&op)));
        }
        let close = rest[open..]
            .find(')')
            .map(|c| open + c)
            .ok_or(TableError::Program { reason: "unclosed `(`".into() })?;
        let args = &rest[open + 1..close];
        let (a, b) = args
            .split_once(',')
            .ok_or(TableError::Program { reason: format!("`{op}` needs two arguments") })?;
        if b.contains(',') && !b.trim().chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return program(format!("`{op}` takes two arguments"));
        }
        out.push((op, a.trim().to_owned(), b.trim().to_owned()));
        rest = rest[close + 1..].trim_start().trim_start_matches(',').trim_start();
    }
    if out.is_empty() {
        return program("empty program");
    }
    Ok(out)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A FinQA number: `,` and `$` dropped, `x%` is x/100, `const_k` is k
/// (`const_m1` is -1).
fn number(arg: &str) -> Option<f64> {
    let a = arg.trim().to_ascii_lowercase();
    if let Some(k) = a.strip_prefix("const_") {
        return match k.strip_prefix('m') {
            Some(n) => n.parse::<f64>().ok().map(|v| -v),
            None => k.parse().ok(),
        };
    }
    let t: String = a.chars().filter(|c| !matches!(c, ',' | '$')).collect();
    let (t, pct) = match t.strip_suffix('%') {
        Some(x) => (x.to_owned(), true),
        None => (t, false),
    };
    let v: f64 = t.trim().parse().ok()?;
    let v = if pct { v / 100.0 } else { v };
    v.is_finite().then_some(v)
}

/// A table cell read as FinQA does: `$` and anything from `(` on dropped,
/// `,` removed, `x%` is x/100.
fn cell_number(v: &AnyValue<'_>) -> Option<f64> {
    match v {
        AnyValue::Int64(i) => Some(*i as f64),
        AnyValue::Float64(f) => Some(*f),
        v => {
            let head = v.get_str()?.split('(').next().unwrap_or("");
            number(head)
        }
    }
}

/// Runs a FinQA program over the tables. Row names in `table_*` steps are
/// looked up in the polars frames by their first column.
///
/// # Errors
/// [`TableError`] for a malformed program, an unknown row, a division by
/// zero or a non-finite result.
///
/// # Example
/// ```
/// use rlvr_table::{ProgramValue, Table, run_program};
/// let r = run_program("subtract(5829, 5735), divide(#0, 5735)", &[])?;
/// assert!(matches!(r, ProgramValue::Number(v) if (v - 0.01639).abs() < 1e-5));
/// let t = Table::parse_markdown("t", "| | 2019 | 2020 |\n|---|---|---|\n| revenue | $1,000 | $2,000 (a) |")?;
/// assert_eq!(run_program("table_average(revenue, none)", &[t])?, ProgramValue::Number(1500.0));
/// assert_eq!(run_program("greater(3, 2)", &[])?, ProgramValue::Bool(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_program(text: &str, tables: &[Table]) -> Result<ProgramValue, TableError> {
    let steps = steps(text)?;
    let mut results: Vec<ProgramValue> = Vec::with_capacity(steps.len());
    for (op, a, b) in &steps {
        let arg = |s: &str| -> Result<f64, TableError> {
            if let Some(k) = s.strip_prefix('#') {
                let k: usize = k
                    .trim()
                    .parse()
                    .map_err(|_| TableError::Program { reason: format!("bad reference `{s}`") })?;
                return match results.get(k) {
                    Some(ProgramValue::Number(v)) => Ok(*v),
                    Some(ProgramValue::Bool(_)) => program(format!("#{k} is yes/no, not a number")),
                    None => program(format!("#{k} refers to a later step")),
                };
            }
            number(s)
                .ok_or(TableError::Program { reason: format!("`{}` is not a number", short(s)) })
        };
        let value = match op.as_str() {
            "add" => ProgramValue::Number(arg(a)? + arg(b)?),
            "subtract" => ProgramValue::Number(arg(a)? - arg(b)?),
            "multiply" => ProgramValue::Number(arg(a)? * arg(b)?),
            "divide" => {
                let d = arg(b)?;
                if d == 0.0 {
                    return program("division by zero");
                }
                ProgramValue::Number(arg(a)? / d)
            }
            "exp" => {
                let (x, y) = (arg(a)?, arg(b)?);
                if y.abs() > 1000.0 {
                    return program("exponent too large");
                }
                ProgramValue::Number(x.powf(y))
            }
            "greater" => ProgramValue::Bool(arg(a)? > arg(b)?),
            table_op => {
                let values = row_values(a, tables)?;
                if values.is_empty() {
                    return program(format!("row `{}` has no numbers", short(a)));
                }
                let n = values.len() as f64;
                ProgramValue::Number(match table_op {
                    "table_max" => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    "table_min" => values.iter().copied().fold(f64::INFINITY, f64::min),
                    "table_sum" => values.iter().sum(),
                    _ => values.iter().sum::<f64>() / n,
                })
            }
        };
        if let ProgramValue::Number(v) = value
            && !v.is_finite()
        {
            return program("the result is not a finite number");
        }
        results.push(value);
    }
    results.last().copied().ok_or(TableError::Program { reason: "empty program".into() })
}

/// The numbers of the row labelled `label`, from the polars frame: the
/// first row whose first cell is the label, else the row whose header
/// path it names (`liabilities > loans`, see [`Table::row_index`]).
fn row_values(label: &str, tables: &[Table]) -> Result<Vec<f64>, TableError> {
    let want = crate::value::normalize_text(label);
    let values = |frame: &polars::prelude::DataFrame, i: usize| -> Vec<f64> {
        frame
            .columns()
            .iter()
            .skip(1)
            .filter_map(|c| c.get(i).ok().and_then(|v| cell_number(&v)))
            .collect()
    };
    for t in tables {
        let frame = t.frame();
        let Some(first) = frame.columns().first() else { continue };
        for i in 0..frame.height() {
            let hit = match first.get(i) {
                Ok(v) => match v.get_str() {
                    Some(s) => crate::value::normalize_text(s) == want,
                    None => crate::value::normalize_text(&v.to_string()) == want,
                },
                Err(_) => false,
            };
            if hit {
                return Ok(values(frame, i));
            }
        }
    }
    for t in tables {
        if let Some(i) = t.row_index(label) {
            return Ok(values(t.frame(), i));
        }
    }
    program(format!("no row `{}` in the tables", short(label)))
}

/// Rounds to 5 decimals, as FinQA's execution accuracy does.
pub(crate) fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}
