//! Matrix exercises with one right output: rotation, spiral order,
//! manipulation, pooling, distance to the nearest zero, and the modulo
//! pattern grid.
//!
//! Each truth is recomputed from the instance (the input matrix and the
//! operation) where that is a few lines, and read from `solution` where
//! the operation list is long (`manipulate_matrix`); `check_ground_truth`
//! then holds the stored answer to it. Grids are read in any common syntax
//! (rows of numbers, JSON or Python lists) and compared by shape and every
//! cell.
//!
//! Partial credit: none. reasoning-gym gives 0.1 to a Python-list answer
//! of the right matrix (we read lists as the same grid: correct), a
//! length ratio to an answer that merely contains the gold (a hedge that
//! lists the gold among other text: wrong here), and 0.1 to a pooled
//! matrix of the right shape with wrong values (wrong here).

use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};
use crate::arc::compare_grids;
use crate::grid::{self, IntGrid};

/// The largest side read from metadata.
const MAX_SIDE: usize = 256;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// A rectangular integer matrix from metadata `key`.
fn matrix(e: &Entry, key: &str) -> Result<IntGrid, Error> {
    let m: IntGrid = e.field(key)?;
    if !grid::is_rectangular(&m) || m.len() > MAX_SIDE || m[0].len() > MAX_SIDE {
        return Err(meta_err(format!("`{key}` is not a rectangular matrix")));
    }
    Ok(m)
}

fn grade_grid(text: &str, truth: &IntGrid, cx: &Context) -> Result<Reward, Error> {
    cx.charge(text.len() as u64)?;
    Ok(match grid::parse_int_grid(text, false) {
        Some(pred) => compare_grids(&pred, truth),
        None => Reward::incorrect().with_detail("not a grid of integers"),
    })
}

/// A quarter turn clockwise.
fn rot90(m: &IntGrid) -> IntGrid {
    let (h, w) = (m.len(), m[0].len());
    (0..w).map(|c| (0..h).rev().map(|r| m[r][c]).collect()).collect()
}

/// Rotate matrix: the input turned `num_rotations` quarter turns clockwise.
pub(super) fn rotate_matrix(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let mut m = matrix(e, "matrix")?;
    let turns = e.uint("num_rotations")? % 4;
    for _ in 0..turns {
        m = rot90(&m);
    }
    grade_grid(text, &m, cx)
}

/// The elements in clockwise spiral order from the top-left corner.
fn spiral(m: &IntGrid) -> Vec<i64> {
    let (mut t, mut b, mut l, mut r) = (0, m.len(), 0, m[0].len());
    let mut out = Vec::with_capacity(b * r);
    while t < b && l < r {
        out.extend((l..r).map(|c| m[t][c]));
        t += 1;
        out.extend((t..b).map(|row| m[row][r - 1]));
        r -= 1;
        if t < b {
            out.extend((l..r).rev().map(|c| m[b - 1][c]));
            b -= 1;
        }
        if l < r {
            out.extend((t..b).rev().map(|row| m[row][l]));
            l += 1;
        }
    }
    out
}

/// Spiral matrix: the elements in spiral order, as one list (spaces,
/// commas or a JSON list; line breaks between numbers are fine, a nested
/// list is not a list of elements).
pub(super) fn spiral_matrix(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let truth = spiral(&matrix(e, "matrix")?);
    cx.charge(text.len() as u64)?;
    let t = grid::unfence(text);
    let Some(rows) = grid::parse_int_grid(t, false) else {
        return wrong("not a list of integers");
    };
    if rows.len() > 1 && t.starts_with(['[', '(']) {
        return wrong("a nested list, not the elements in order");
    }
    let said: Vec<i64> = rows.concat();
    if said.len() != truth.len() {
        return wrong(format!("{} elements, expected {}", said.len(), truth.len()));
    }
    let bad = said.iter().zip(&truth).position(|(a, b)| a != b);
    Ok(match bad {
        None => Reward::correct(),
        Some(i) => Reward::incorrect().with_detail(format!("element {} is wrong", i + 1)),
    })
}

/// Manipulate matrix: the stored `solution` after the listed operations.
pub(super) fn manipulate_matrix(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    // A crop can leave an empty matrix only by a generator bug; a solution
    // must have cells.
    let truth = matrix(e, "solution")?;
    grade_grid(text, &truth, cx)
}

/// Pool matrix: max or average pooling with stride equal to the kernel.
/// Averages are exact rationals; an answer cell is right when it is
/// within 0.005 of the exact mean (correct to two decimal places, as the
/// question asks). reasoning-gym accepts a relative error of 1% (`4.1`
/// for 4.125) and gives 0.1 to any grid of the right shape.
pub(super) fn pool_matrix(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let m = matrix(e, "matrix")?;
    let k = usize::try_from(e.uint("pool_size")?).unwrap_or(0);
    if k == 0 || k > MAX_SIDE {
        return Err(meta_err("`pool_size` is not a kernel size"));
    }
    let average = match e.field::<String>("pool_type")?.as_str() {
        "average" => true,
        "max" => false,
        other => return Err(meta_err(format!("unknown `pool_type` {other}"))),
    };
    let (h, w) = (m.len(), m[0].len());
    let mut truth = Vec::new();
    for r0 in (0..h).step_by(k) {
        let mut row = Vec::new();
        for c0 in (0..w).step_by(k) {
            let cells: Vec<i64> = m[r0..(r0 + k).min(h)]
                .iter()
                .flat_map(|r| &r[c0..(c0 + k).min(w)])
                .copied()
                .collect();
            #[allow(clippy::cast_precision_loss, reason = "small integers and counts")]
            let v = if average {
                cells.iter().sum::<i64>() as f64 / cells.len() as f64
            } else {
                cells.iter().copied().max().unwrap_or(0) as f64
            };
            row.push(v);
        }
        truth.push(row);
    }
    cx.charge(text.len() as u64 + (h * w) as u64)?;
    let Some(pred) = grid::parse_real_grid(text) else {
        return wrong("not a grid of numbers");
    };
    let same_shape =
        pred.len() == truth.len() && pred.iter().zip(&truth).all(|(a, b)| a.len() == b.len());
    if !same_shape {
        return wrong(format!(
            "shape {}x{}, expected {}x{}",
            pred.len(),
            pred.first().map_or(0, Vec::len),
            truth.len(),
            truth[0].len()
        ));
    }
    for (r, (a, b)) in pred.iter().zip(&truth).enumerate() {
        for (c, (x, y)) in a.iter().zip(b).enumerate() {
            if (x - y).abs() > 0.005 + 1e-9 {
                return wrong(format!("cell ({}, {}) is {x}, expected {y}", r + 1, c + 1));
            }
        }
    }
    Ok(Reward::correct())
}

/// Binary matrix: each cell's taxicab distance to the nearest 0.
pub(super) fn binary_matrix(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let m = matrix(e, "matrix")?;
    let (h, w) = (m.len(), m[0].len());
    let mut dist = vec![vec![i64::MAX; w]; h];
    let mut queue = std::collections::VecDeque::new();
    for (r, row) in m.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if v == 0 {
                dist[r][c] = 0;
                queue.push_back((r, c));
            }
        }
    }
    if queue.is_empty() {
        return Err(meta_err("the matrix has no 0"));
    }
    cx.charge((h * w) as u64)?;
    while let Some((r, c)) = queue.pop_front() {
        let d = dist[r][c] + 1;
        let next = [(r.wrapping_sub(1), c), (r + 1, c), (r, c.wrapping_sub(1)), (r, c + 1)];
        for (nr, nc) in next {
            if nr < h && nc < w && dist[nr][nc] > d {
                dist[nr][nc] = d;
                queue.push_back((nr, nc));
            }
        }
    }
    grade_grid(text, &dist, cx)
}

/// `base^exp mod m` without overflow (`0^0 = 1`, as in Python).
fn pow_mod(base: u64, mut exp: u64, m: u64) -> u64 {
    let mut acc = 1 % m;
    let mut b = base % m;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * b % m;
        }
        b = b * b % m;
        exp >>= 1;
    }
    acc
}

/// Modulo grid: the whole grid of `✅` (the operation on the 0-based
/// column `x` and row `y`, modulo `divisor`, equals `target`) and `❌`,
/// one row per line, the hole filled. Cells may be separated by spaces.
pub(super) fn modulo_grid(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let divisor = e.uint("divisor")?;
    let target = e.uint("target")?;
    let op: String = e.field("operation")?;
    let size = |k: &str| {
        e.get("difficulty")?
            .get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|v| usize::try_from(v).ok())
            .filter(|&v| v > 0 && v <= MAX_SIDE)
            .ok_or_else(|| meta_err(format!("no grid size `difficulty.{k}`")))
    };
    let (sx, sy) = (size("size_x")?, size("size_y")?);
    if divisor == 0 || divisor > 1 << 20 {
        return Err(meta_err("`divisor` out of range"));
    }
    let cell = |x: u64, y: u64| -> Result<bool, Error> {
        let v = match op.as_str() {
            "sum" => (x + y) % divisor,
            "diff" => x.abs_diff(y) % divisor,
            "prod" => (x * y) % divisor,
            "pow" => pow_mod(x, y, divisor),
            other => return Err(meta_err(format!("unknown operation `{other}`"))),
        };
        Ok(v == target)
    };
    let mut truth = Vec::with_capacity(sy);
    for y in 0..sy as u64 {
        truth.push((0..sx as u64).map(|x| cell(x, y)).collect::<Result<Vec<bool>, Error>>()?);
    }
    cx.charge(text.len() as u64 + (sx * sy) as u64)?;
    let Some(tokens) = grid::parse_token_grid(grid::unfence(text)) else {
        return wrong("not a grid of ✅ and ❌");
    };
    let mut rows = Vec::with_capacity(tokens.len());
    for row in &tokens {
        // Cells written together (`✅❌`) or apart (`✅ ❌`).
        let mut cells = Vec::new();
        for ch in row.iter().flat_map(|t| t.chars()).filter(|&c| c != '\u{fe0f}') {
            match ch {
                '✅' => cells.push(true),
                '❌' => cells.push(false),
                other => return wrong(format!("unknown cell `{other}`")),
            }
        }
        rows.push(cells);
    }
    if rows.len() != sy || rows.iter().any(|r| r.len() != sx) {
        return wrong(format!("not a {sy}x{sx} grid"));
    }
    let right = rows.iter().flatten().zip(truth.iter().flatten()).filter(|(a, b)| a == b).count();
    Ok(Reward::from_bool(right == sx * sy).with_detail(format!("{right}/{} cells match", sx * sy)))
}
