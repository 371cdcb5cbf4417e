//! Boards and puzzles graded by their rules: ARC-AGI outputs, path-star
//! paths, sudoku, kakurasu, survo, the colour cube and the mahjong card
//! game.
//!
//! Sudoku, kakurasu and survo accept any fill that keeps the givens and
//! obeys every rule (reasoning-gym compares sudoku and survo with its one
//! stored solution, so another valid completion scores 0 there). The cube
//! and the card game are replayed from the instance, never read from the
//! stored answer: reasoning-gym's mahjong generator labels about one round
//! in seven against its own stated rules (a random "Pass" card that does
//! make a Peng or a Chi; a Chi its sorted-window test misses when the hand
//! holds the new card once), and there the rules win and
//! `check_ground_truth` rejects the stored answer.
//!
//! Partial credit: none. reasoning-gym gives 0.05 to any ARC grid that
//! parses, 0.01 to any colour, per-cell shares (times 0.9) to a sudoku in
//! another layout, and a length ratio to an answer containing the gold;
//! none of these is evidence of a solved puzzle, so all are 0 here.

use rlvr_core::{Context, Error, Reward};

use super::grids::{digit_grid, latin};
use super::{Entry, meta_err};
use crate::answer;
use crate::arc::compare_grids;
use crate::grid::{self, IntGrid};

/// The largest board read from metadata.
const MAX_SIDE: usize = 64;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// ARC-AGI: the augmented test output, exactly (shape and every cell).
pub(super) fn arc_agi(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let truth = grid::from_value(e.get("output")?)
        .filter(|g| grid::is_rectangular(g))
        .ok_or_else(|| meta_err("`output` is not a grid"))?;
    cx.charge(text.len() as u64)?;
    Ok(match grid::parse_int_grid(text, true) {
        Some(pred) => compare_grids(&pred, &truth),
        None => Reward::incorrect().with_detail("not a grid"),
    })
}

/// The integers of a node list: separated by spaces, commas or arrows.
fn node_list(text: &str) -> Option<Vec<i64>> {
    let t = grid::unfence(text);
    let t = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(t);
    t.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty() && !matches!(*s, "->" | "→" | "-"))
        .map(|s| s.parse().ok())
        .collect()
}

/// Path-star: the unique path between the centre and the goal, every node
/// from start to goal. The direction is the question's (`/start goal`):
/// reversed instances store the path from the goal, so the stored
/// answer's first node says which end is the start.
pub(super) fn path_star(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let mut truth: Vec<i64> = e.field("goal_path")?;
    let center: i64 = e.field("center")?;
    let goal: i64 = e.field("goal")?;
    if truth.len() < 2 || truth.first() != Some(&center) || truth.last() != Some(&goal) {
        return Err(meta_err("`goal_path` does not run from the centre to the goal"));
    }
    let reversed = e
        .answer
        .as_deref()
        .and_then(node_list)
        .is_some_and(|g| g.first() == Some(&goal) && goal != center);
    if reversed {
        truth.reverse();
    }
    cx.charge(text.len() as u64)?;
    let Some(said) = node_list(text) else {
        return wrong("not a list of node labels");
    };
    Ok(Reward::from_bool(said == truth).with_detail(format!(
        "{} nodes, the path has {}",
        said.len(),
        truth.len()
    )))
}

/// Sudoku (9x9): rows, columns and 3x3 boxes are permutations of 1..9,
/// and the givens are kept.
pub(super) fn sudoku(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle: IntGrid = e.field("puzzle")?;
    if puzzle.len() != 9 || puzzle.iter().any(|r| r.len() != 9) {
        return Err(meta_err("`puzzle` is not a 9x9 grid"));
    }
    cx.charge(text.len() as u64 + 81)?;
    let Some(fill) = digit_grid(text, 9) else {
        return wrong("not a 9x9 grid of digits");
    };
    if let Some(why) = latin(&fill, &puzzle) {
        return wrong(why);
    }
    for br in (0..9).step_by(3) {
        for bc in (0..9).step_by(3) {
            let mut seen = [false; 10];
            for &v in fill[br..br + 3].iter().flat_map(|row| &row[bc..bc + 3]) {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "checked in 1..=9 by `latin`"
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

/// Kakurasu: a 0/1 grid whose row sums (a 1 in column `j` weighs `j`) and
/// column sums (a 1 in row `i` weighs `i`) are the given ones.
pub(super) fn kakurasu(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let rows: Vec<i64> = e.field("row_sums")?;
    let cols: Vec<i64> = e.field("col_sums")?;
    let (h, w) = (rows.len(), cols.len());
    if h == 0 || w == 0 || h > MAX_SIDE || w > MAX_SIDE {
        return Err(meta_err("no row or column sums"));
    }
    cx.charge(text.len() as u64 + (h * w) as u64)?;
    let Some(fill) = grid::parse_int_grid(text, true) else {
        return wrong("not a grid of 0s and 1s");
    };
    if fill.len() != h || fill.iter().any(|r| r.len() != w) {
        return wrong(format!("not a {h}x{w} grid"));
    }
    if fill.iter().flatten().any(|&v| v != 0 && v != 1) {
        return wrong("a cell is not 0 or 1");
    }
    for (i, (row, &want)) in fill.iter().zip(&rows).enumerate() {
        let got: i64 = row.iter().zip(1..).map(|(&v, j)| v * j).sum();
        if got != want {
            return wrong(format!("row {} weighs {got}, expected {want}", i + 1));
        }
    }
    for (j, &want) in cols.iter().enumerate() {
        let got: i64 = fill.iter().zip(1..).map(|(r, i)| r[j] * i).sum();
        if got != want {
            return wrong(format!("column {} weighs {got}, expected {want}", j + 1));
        }
    }
    Ok(Reward::correct())
}

/// Survo: the givens kept, the blanks (0) filled with exactly the
/// candidate numbers (each once), and the last cell of every row and
/// column the sum of the others.
pub(super) fn survo(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle: IntGrid = e.field("puzzle")?;
    let mut candidates: Vec<i64> = e.field("candidate_numbers")?;
    let n = puzzle.len();
    if !(2..=MAX_SIDE).contains(&n) || puzzle.iter().any(|r| r.len() != n) {
        return Err(meta_err("`puzzle` is not a square grid"));
    }
    if puzzle.iter().flatten().filter(|&&v| v == 0).count() != candidates.len() {
        return Err(meta_err("the blanks and the candidate numbers differ in number"));
    }
    cx.charge(text.len() as u64 + (n * n) as u64)?;
    let Some(fill) = grid::parse_int_grid(text, false) else {
        return wrong("not a grid of integers");
    };
    if fill.len() != n || fill.iter().any(|r| r.len() != n) {
        return wrong(format!("not a {n}x{n} grid"));
    }
    let mut used = Vec::new();
    for (r, (a, p)) in fill.iter().zip(&puzzle).enumerate() {
        for (c, (&v, &given)) in a.iter().zip(p).enumerate() {
            if given == 0 {
                used.push(v);
            } else if v != given {
                return wrong(format!("the given {given} at ({}, {}) was changed", r + 1, c + 1));
            }
        }
    }
    used.sort_unstable();
    candidates.sort_unstable();
    if used != candidates {
        return wrong("the blanks do not hold the candidate numbers, each once");
    }
    for i in 0..n {
        let row: i64 = fill[i][..n - 1].iter().sum();
        if row != fill[i][n - 1] {
            return wrong(format!("row {} sums to {row}, not {}", i + 1, fill[i][n - 1]));
        }
        let col: i64 = fill[..n - 1].iter().map(|r| r[i]).sum();
        if col != fill[n - 1][i] {
            return wrong(format!("column {} sums to {col}, not {}", i + 1, fill[n - 1][i]));
        }
    }
    Ok(Reward::correct())
}

/// Colour cube: the colour on the asked side after the rotations, each
/// of which brings the named side to the top.
pub(super) fn color_cube_rotation(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    const SIDES: [&str; 6] = ["top", "right", "front", "left", "back", "bottom"];
    let initial: std::collections::HashMap<String, String> = e.field("initial_state")?;
    let rotations: Vec<String> = e.field("rotations")?;
    let target: String = e.field("target_side")?;
    let mut cube = [0usize; 6].map(|_| String::new());
    for (i, side) in SIDES.iter().enumerate() {
        cube[i] = initial
            .get(*side)
            .cloned()
            .ok_or_else(|| meta_err(format!("no colour for the {side} side")))?;
    }
    cx.charge(rotations.len() as u64)?;
    // (top, right, front, left, back, bottom) = (0, 1, 2, 3, 4, 5); each
    // rotation is the cycle of sides that takes the named one to the top.
    for r in &rotations {
        let cycle: [usize; 4] = match r.as_str() {
            "front" => [0, 2, 5, 4],
            "right" => [0, 1, 5, 3],
            "back" => [0, 4, 5, 2],
            "left" => [0, 3, 5, 1],
            "bottom" => {
                cube.swap(0, 5);
                cube.swap(2, 4);
                continue;
            }
            other => return Err(meta_err(format!("unknown rotation `{other}`"))),
        };
        // new[c0] = old[c1], new[c1] = old[c2], new[c2] = old[c3], new[c3] = old[c0].
        let old = cube.clone();
        for k in 0..4 {
            cube[cycle[k]] = old[cycle[(k + 1) % 4]].clone();
        }
    }
    let t = SIDES
        .iter()
        .position(|s| *s == target)
        .ok_or_else(|| meta_err(format!("unknown side `{target}`")))?;
    let truth = cube[t].to_lowercase();
    let said = answer::norm(text);
    let said = said.strip_suffix(" side").unwrap_or(&said);
    Ok(Reward::from_bool(said == truth).with_pred(said.to_owned()))
}

/// The rules' result of adding `new` to `hand`: Peng (two in hand), else
/// Chi (two cards in hand that make a run of three with it), else Pass.
fn mahjong_result(hand: &[u8], new: u8) -> &'static str {
    let has = |c: i32| (0..26).contains(&c) && hand.contains(&(c as u8 + b'A'));
    if hand.iter().filter(|&&c| c == new).count() >= 2 {
        return "peng";
    }
    let x = i32::from(new - b'A');
    if (has(x - 2) && has(x - 1)) || (has(x - 1) && has(x + 1)) || (has(x + 1) && has(x + 2)) {
        "chi"
    } else {
        "pass"
    }
}

/// Mahjong puzzle: the result of the last round, by the question's rules,
/// from the hand before that round (the previous round's cards, or the
/// initial cards in the question).
pub(super) fn mahjong_puzzle(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    #[derive(serde::Deserialize)]
    struct Round {
        add: String,
        cards: String,
    }
    let rounds: Vec<Round> = e.field("rounds")?;
    let last = rounds.last().ok_or_else(|| meta_err("no rounds"))?;
    let hand: String = if rounds.len() >= 2 {
        rounds[rounds.len() - 2].cards.clone()
    } else {
        let q = &e.question;
        q.split("initial cards ")
            .nth(1)
            .map(|t| t.chars().take_while(char::is_ascii_uppercase).collect())
            .ok_or_else(|| meta_err("no initial cards in the question"))?
    };
    let valid = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase());
    if !valid(&hand) || last.add.len() != 1 || !valid(&last.add) {
        return Err(meta_err("cards are not letters"));
    }
    cx.charge(hand.len() as u64)?;
    let truth = mahjong_result(hand.as_bytes(), last.add.as_bytes()[0]);
    let said = answer::norm(text);
    Ok(Reward::from_bool(said == truth).with_detail(format!("the rules give {truth}")))
}
