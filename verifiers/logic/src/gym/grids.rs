//! Placement and Latin-square grids: n-queens, mini sudoku, futoshiki.
//! Any fill that keeps the givens and satisfies every rule is correct.

use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};
use crate::grid;

/// The largest board read from metadata.
const MAX_N: usize = 32;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// n-queens: `n` queens, none sharing a row, column or diagonal, and the
/// queens already on the board kept.
pub(super) fn n_queens(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle: Vec<Vec<String>> = e.field("puzzle")?;
    let n = puzzle.len();
    if n == 0 || n > MAX_N || puzzle.iter().any(|r| r.len() != n) {
        return Err(meta_err("`puzzle` is not a square board"));
    }
    let Some(mut board) = grid::parse_token_grid(text) else {
        return wrong("not a board");
    };
    // Rows written without spaces (`_Q__`) are split into cells.
    for row in &mut board {
        if row.len() == 1 && row[0].chars().count() == n {
            *row = row[0].chars().map(String::from).collect();
        }
    }
    if board.len() != n || board.iter().any(|r| r.len() != n) {
        return wrong(format!("the board is not {n}x{n}"));
    }
    let mut queens = Vec::new();
    for (r, row) in board.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.as_str() {
                "Q" | "q" => queens.push((r, c)),
                "_" | "." => {
                    if puzzle[r][c] == "Q" {
                        return wrong(format!(
                            "the given queen at row {} column {} was removed",
                            r + 1,
                            c + 1
                        ));
                    }
                }
                other => return wrong(format!("unknown cell `{other}`")),
            }
        }
    }
    if queens.len() != n {
        return wrong(format!("{} queens, expected {n}", queens.len()));
    }
    cx.charge((n * n) as u64)?;
    for (i, &(r1, c1)) in queens.iter().enumerate() {
        for &(r2, c2) in &queens[i + 1..] {
            if r1 == r2 || c1 == c2 || r1.abs_diff(r2) == c1.abs_diff(c2) {
                return wrong(format!(
                    "queens at ({}, {}) and ({}, {}) attack each other",
                    r1 + 1,
                    c1 + 1,
                    r2 + 1,
                    c2 + 1
                ));
            }
        }
    }
    Ok(Reward::correct())
}

/// Reads a square digit grid of side `n`: whitespace rows, lists, or digit
/// strings per row. Lines without digits (futoshiki's vertical signs) are
/// skipped, and non-digit tokens (`<`, `>`) are ignored.
pub(super) fn digit_grid(text: &str, n: usize) -> Option<Vec<Vec<i64>>> {
    let rows: Vec<Vec<i64>> = if text.trim_start().starts_with('[') {
        grid::parse_int_grid(text, true)?
    } else {
        text.lines()
            .map(|l| {
                let tokens: Vec<&str> = l
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '[' | ']'))
                    .filter(|t| !t.is_empty())
                    .collect();
                let mut row = Vec::new();
                for t in tokens {
                    if t.bytes().all(|b| b.is_ascii_digit()) {
                        if t.len() > 1 && t.len() == n {
                            row.extend(t.bytes().map(|b| i64::from(b - b'0')));
                        } else {
                            row.push(t.parse().ok()?);
                        }
                    } else if !matches!(t, "<" | ">" | "∧" | "∨" | "^" | "v") {
                        return None;
                    }
                }
                Some(row)
            })
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect()
    };
    (rows.len() == n && rows.iter().all(|r| r.len() == n)).then_some(rows)
}

/// Checks a Latin square over `1..=n` that keeps the givens (`0` = blank).
pub(super) fn latin(fill: &[Vec<i64>], givens: &[Vec<i64>]) -> Option<String> {
    let n = fill.len();
    for r in 0..n {
        for c in 0..n {
            let v = fill[r][c];
            if v < 1 || v > n as i64 {
                return Some(format!("cell ({}, {}) holds {v}, outside 1..{n}", r + 1, c + 1));
            }
            if givens[r][c] != 0 && givens[r][c] != v {
                return Some(format!(
                    "the given {} at ({}, {}) was changed",
                    givens[r][c],
                    r + 1,
                    c + 1
                ));
            }
        }
    }
    for i in 0..n {
        let mut row = vec![false; n + 1];
        let mut col = vec![false; n + 1];
        for (j, cells) in fill.iter().enumerate() {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked in 1..=n above"
            )]
            let (a, b) = (fill[i][j] as usize, cells[i] as usize);
            if std::mem::replace(&mut row[a], true) {
                return Some(format!("row {} repeats {a}", i + 1));
            }
            if std::mem::replace(&mut col[b], true) {
                return Some(format!("column {} repeats {b}", i + 1));
            }
        }
    }
    None
}

fn givens(e: &Entry, n_expected: Option<usize>) -> Result<Vec<Vec<i64>>, Error> {
    let puzzle: Vec<Vec<i64>> = e.field("puzzle")?;
    let n = puzzle.len();
    if n == 0
        || n > MAX_N
        || puzzle.iter().any(|r| r.len() != n)
        || n_expected.is_some_and(|m| m != n)
    {
        return Err(meta_err("`puzzle` is not a square grid of the expected size"));
    }
    Ok(puzzle)
}

/// 4x4 sudoku: rows, columns and 2x2 boxes are permutations of 1..4, and
/// the givens are kept. No per-cell partial credit (reasoning-gym gives
/// 0.75 to a grid with four wrong cells).
pub(super) fn mini_sudoku(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle = givens(e, Some(4))?;
    let Some(fill) = digit_grid(text, 4) else {
        return wrong("not a 4x4 grid of digits");
    };
    cx.charge(16)?;
    if let Some(why) = latin(&fill, &puzzle) {
        return wrong(why);
    }
    for br in [0, 2] {
        for bc in [0, 2] {
            let mut seen = [false; 5];
            let cells = fill[br..br + 2].iter().flat_map(|row| &row[bc..bc + 2]);
            for &v in cells {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "checked in 1..=4"
                )]
                let v = v as usize;
                if std::mem::replace(&mut seen[v], true) {
                    return wrong(format!("the box at ({}, {}) repeats {v}", br + 1, bc + 1));
                }
            }
        }
    }
    Ok(Reward::correct())
}

/// Futoshiki: a Latin square keeping the givens, with every inequality
/// `[r1, c1, r2, c2, "<" | ">"]` (0-based cells) holding.
pub(super) fn futoshiki(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle = givens(e, None)?;
    let n = puzzle.len();
    let constraints: Vec<(usize, usize, usize, usize, String)> = e.field("constraints")?;
    if constraints.iter().any(|&(a, b, c, d, _)| a.max(b).max(c).max(d) >= n) {
        return Err(meta_err("a constraint is off the board"));
    }
    let Some(fill) = digit_grid(text, n) else {
        return wrong(format!("not a {n}x{n} grid of numbers"));
    };
    cx.charge((n * n + constraints.len()) as u64)?;
    if let Some(why) = latin(&fill, &puzzle) {
        return wrong(why);
    }
    for (r1, c1, r2, c2, op) in &constraints {
        let (a, b) = (fill[*r1][*c1], fill[*r2][*c2]);
        let ok = match op.as_str() {
            "<" => a < b,
            ">" => a > b,
            _ => return Err(meta_err(format!("unknown constraint `{op}`"))),
        };
        if !ok {
            return wrong(format!(
                "({}, {}) {op} ({}, {}) fails: {a} vs {b}",
                r1 + 1,
                c1 + 1,
                r2 + 1,
                c2 + 1
            ));
        }
    }
    Ok(Reward::correct())
}
