//! Move lists replayed from the instance's start state: knight swap, rush
//! hour, boxnet, tsumego and the Rubik's cube. An answer is correct iff every move is legal
//! where it is played and the last one leaves the goal reached; one
//! illegal move, or a list that stops short, is wrong. Lists longer than
//! [`MAX_MOVES`] are wrong before any replay, and every move charges the
//! step budget.
//!
//! Choices, each against reasoning-gym's grader:
//! - knight swap: the moves are the question's (a knight's L between two
//!   squares of the drawn board), not the metadata's edge list: the
//!   "impossible" instances delete one edge from the metadata only, so the
//!   board the question draws may still allow the swap. "No" is right iff
//!   a search over the drawn board finds no swap; a swap that works is
//!   right at any length (the question does not ask for the shortest;
//!   reasoning-gym scales it by optimal/length).
//! - rush hour: reasoning-gym skips blocked steps and unknown cars and
//!   reads move tokens anywhere in the text (so prose and hedges count);
//!   here the answer is only move tokens, and a blocked step is illegal.
//! - boxnet: the agents of one step act at once: each action must be
//!   possible in the state the step starts from. An impossible action is
//!   illegal (reasoning-gym skips it), and only a plan that matches every
//!   box is correct (reasoning-gym pays the matched share, at least 0.05
//!   for any JSON).
//! - tsumego: the key move is a legal black move that captures the most
//!   white stones any one move can; reasoning-gym compares with the stored
//!   move and pays 0.05 to any coordinate. Its generator sometimes leaves
//!   no capture on the board at all (about one instance in five at its
//!   default sizes, more on 9x9 boards); those instances are unreadable
//!   (`gold_unparseable`), not graded. Where its stored move captures
//!   nothing but another move does (about one in seventy), the capture
//!   is right and `check_ground_truth` rejects the stored move.
//! - Rubik's cube: moves in the notation of the package reasoning-gym
//!   replays with (`U2` repeats, as there); a token that is not a move is
//!   wrong (reasoning-gym drops tokens its expansion cannot read, such as
//!   `2R`, and then gives a partial score).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::{Context, Error, Reward, literal};
use serde_json::Value;

use super::{Entry, meta_err};
use crate::answer;
use crate::grid;

/// The longest move list replayed.
const MAX_MOVES: usize = 2_000;

/// The longest answer read, in bytes: a plan of [`MAX_MOVES`] honest
/// moves fits many times over; a longer answer is wrong before parsing.
const MAX_ANSWER: usize = 64 * MAX_MOVES;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// The over-long answer's reward, when `text` is longer than [`MAX_ANSWER`].
fn too_long(text: &str) -> Option<Result<Reward, Error>> {
    (text.len() > MAX_ANSWER)
        .then(|| wrong(format!("{} bytes, more than {MAX_ANSWER}", text.len())))
}

// --- knight swap -------------------------------------------------------------

/// Column and row of a square name (`B3` is (1, 3)).
fn square(name: &str) -> Option<(i32, i32)> {
    let mut cs = name.chars();
    let col = cs.next().filter(char::is_ascii_uppercase)?;
    let row: i32 = cs.as_str().parse().ok()?;
    Some((i32::from(col as u8 - b'A'), row))
}

fn knight_step(a: (i32, i32), b: (i32, i32)) -> bool {
    let (dc, dr) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
    (dc, dr) == (1, 2) || (dc, dr) == (2, 1)
}

/// Whether the pieces can swap, by breadth-first search over (white
/// squares, black squares, side to move) as bitmasks.
fn swap_exists(
    adj: &[Vec<usize>],
    white: u32,
    black: u32,
    white_first: bool,
    cx: &Context,
) -> Result<bool, Error> {
    let start = (white, black, white_first);
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some((w, b, wt)) = queue.pop_front() {
        cx.charge(adj.len() as u64)?;
        if w == black && b == white {
            return Ok(true);
        }
        let mine = if wt { w } else { b };
        for (from, next) in adj.iter().enumerate() {
            if mine >> from & 1 == 0 {
                continue;
            }
            for &to in next {
                if (w | b) >> to & 1 == 1 {
                    continue;
                }
                let moved = mine & !(1 << from) | 1 << to;
                let s = if wt { (moved, b, false) } else { (w, moved, true) };
                if seen.insert(s) {
                    queue.push_back(s);
                }
            }
        }
    }
    Ok(false)
}

/// Knight swap: `No`, or a JSON list of `"colour,from,to"` moves that
/// alternate from the starting side and end with every knight on a
/// square the other colour started on.
pub(super) fn knight_swap(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    if let Some(r) = too_long(text) {
        return r;
    }
    let pieces: HashMap<String, Option<String>> = e.field("pieces")?;
    let board: HashMap<String, Value> = e.field("board")?;
    let first: String = e.field("start_turn")?;
    let mut names: Vec<&String> = board.keys().collect();
    names.sort();
    if names.is_empty() || names.len() > 31 || pieces.keys().any(|p| !board.contains_key(p)) {
        return Err(meta_err("the pieces are not on a board of at most 31 squares"));
    }
    let coords: Vec<(i32, i32)> = names
        .iter()
        .map(|n| square(n))
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("a square name is not a letter and a row"))?;
    let index = |n: &str| names.iter().position(|m| *m == n);
    let adj: Vec<Vec<usize>> = coords
        .iter()
        .map(|&a| (0..coords.len()).filter(|&j| knight_step(a, coords[j])).collect())
        .collect();
    let (mut white, mut black) = (0u32, 0u32);
    for (p, piece) in &pieces {
        let i = index(p).unwrap_or(0);
        match piece.as_deref() {
            Some("w") => white |= 1 << i,
            Some("B") => black |= 1 << i,
            None => {}
            Some(other) => return Err(meta_err(format!("unknown piece `{other}`"))),
        }
    }
    let white_first = match first.as_str() {
        "w" => true,
        "B" => false,
        other => return Err(meta_err(format!("unknown side `{other}`"))),
    };
    let said = answer::norm(text);
    if said == "no" {
        let possible = swap_exists(&adj, white, black, white_first, cx)?;
        return Ok(Reward::from_bool(!possible).with_detail(if possible {
            "the drawn board allows the swap"
        } else {
            "no swap exists"
        }));
    }
    let Some(Value::Array(moves)) = literal::parse(grid::unfence(text)) else {
        return wrong("neither `No` nor a list of moves");
    };
    if moves.len() > MAX_MOVES {
        return wrong(format!("{} moves, more than {MAX_MOVES}", moves.len()));
    }
    let (w0, b0) = (white, black);
    let mut white_turn = white_first;
    for (k, m) in moves.iter().enumerate() {
        cx.charge(1)?;
        let Some(m) = m.as_str() else {
            return wrong(format!("move {} is not a string", k + 1));
        };
        let parts: Vec<&str> = m.split(',').map(str::trim).collect();
        let [colour, from, to] = parts[..] else {
            return wrong(format!("move {} is not `colour,from,to`", k + 1));
        };
        let is_white = match colour {
            "w" | "W" => true,
            "B" | "b" => false,
            _ => return wrong(format!("move {}: unknown colour `{colour}`", k + 1)),
        };
        if is_white != white_turn {
            return wrong(format!("move {}: not this side's turn", k + 1));
        }
        let (Some(f), Some(t)) = (index(&from.to_uppercase()), index(&to.to_uppercase())) else {
            return wrong(format!("move {}: a square is not on the board", k + 1));
        };
        let mine = if is_white { &mut white } else { &mut black };
        if *mine >> f & 1 == 0 {
            return wrong(format!("move {}: no such knight on {from}", k + 1));
        }
        if (white | black) >> t & 1 == 1 || !adj[f].contains(&t) {
            return wrong(format!(
                "move {}: {from} to {to} is not a knight's move to an empty square",
                k + 1
            ));
        }
        let mine = if is_white { &mut white } else { &mut black };
        *mine = *mine & !(1 << f) | 1 << t;
        white_turn = !white_turn;
    }
    Ok(Reward::from_bool(white == b0 && black == w0)
        .with_detail(format!("{} legal moves", moves.len())))
}

// --- rush hour ---------------------------------------------------------------

static RUSH_MOVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z])([+-])(\d{1,2})$").expect("regex"));

/// Rush hour: moves `F+1 K-2 …` (a vehicle letter as the question draws
/// it, then how far right/down or left/up); every step of every move must
/// be onto empty squares of the 6x6 board, and at the end the red car
/// `A` is at the exit (columns 5-6 of row 3).
pub(super) fn rush_hour(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    if let Some(r) = too_long(text) {
        return r;
    }
    const N: usize = 6;
    let config: String = e.field("board_config")?;
    if config.len() != N * N || !config.is_ascii() {
        return Err(meta_err("`board_config` is not a 6x6 board"));
    }
    // The question labels the vehicles A, B, C… in the sorted order of
    // their letters in the configuration.
    let mut labels: Vec<u8> = config.bytes().filter(|b| !matches!(b, b'o' | b'x')).collect();
    labels.sort_unstable();
    labels.dedup();
    let mut occupied = [false; N * N];
    // (first cell, length, horizontal) per vehicle.
    let mut cars = Vec::new();
    for &l in &labels {
        let cells: Vec<usize> = (0..N * N).filter(|&i| config.as_bytes()[i] == l).collect();
        let stride = cells[1..].first().map_or(0, |c| c - cells[0]);
        if !(2..=3).contains(&cells.len())
            || !(stride == 1 || stride == N)
            || cells.windows(2).any(|w| w[1] - w[0] != stride)
            || (stride == 1 && cells[0] / N != cells[cells.len() - 1] / N)
        {
            return Err(meta_err(format!("vehicle `{}` is not a straight car", l as char)));
        }
        for &c in &cells {
            occupied[c] = true;
        }
        cars.push((cells[0], cells.len(), stride == 1));
    }
    for (i, b) in config.bytes().enumerate() {
        if b == b'x' {
            occupied[i] = true;
        }
    }
    if cars.first().is_none_or(|c| !c.2 || c.0 / N != 2) {
        return Err(meta_err("the red car is not horizontal in row 3"));
    }
    let tokens: Vec<&str> = grid::unfence(text)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return wrong("no moves");
    }
    if tokens.len() > MAX_MOVES {
        return wrong(format!("{} moves, more than {MAX_MOVES}", tokens.len()));
    }
    for tok in tokens {
        cx.charge(1)?;
        let Some(c) = RUSH_MOVE.captures(tok) else {
            return wrong(format!("`{tok}` is not a move like `F+1`"));
        };
        let car = usize::from(c[1].as_bytes()[0] - b'A');
        let steps: usize = c[3].parse().unwrap_or(0);
        let forward = &c[2] == "+";
        let Some(&(pos, len, horizontal)) = cars.get(car) else {
            return wrong(format!("`{tok}`: no vehicle {}", &c[1]));
        };
        if steps == 0 {
            return wrong(format!("`{tok}` moves nothing"));
        }
        let mut p = pos;
        for _ in 0..steps {
            // The cell the car enters, and the one it leaves.
            let (enter, leave, next) = match (horizontal, forward) {
                (true, true) if p % N + len < N => (p + len, p, p + 1),
                (true, false) if p % N > 0 => (p - 1, p + len - 1, p - 1),
                (false, true) if p / N + len < N => (p + len * N, p, p + N),
                (false, false) if p / N > 0 => (p - N, p + (len - 1) * N, p - N),
                _ => return wrong(format!("`{tok}` drives vehicle {} off the board", &c[1])),
            };
            if occupied[enter] {
                return wrong(format!("`{tok}`: vehicle {} is blocked", &c[1]));
            }
            occupied[enter] = true;
            occupied[leave] = false;
            p = next;
        }
        cars[car].0 = p;
    }
    let red = cars[0].0;
    Ok(Reward::from_bool(red == 2 * N + N - cars[0].1).with_detail(if red % N + cars[0].1 == N {
        "the red car is out"
    } else {
        "the red car is not at the exit"
    }))
}

// --- boxnet ------------------------------------------------------------------

static BOX_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*move\(\s*box_([a-z]+)\s*,\s*(?:target_([a-z]+)|square\[\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\])\s*\)\s*$")
        .expect("regex")
});

/// A half-integer coordinate (`1.5`) as a cell index on a side of `n`.
fn half_index(s: &str, n: usize) -> Option<usize> {
    let v: f64 = s.trim().parse().ok()?;
    let i = v - 0.5;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked integral and in range"
    )]
    (i.fract() == 0.0 && i >= 0.0 && i < n as f64).then_some(i as usize)
}

static AGENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*Agent\[\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\]\s*$").expect("regex")
});

/// Boxnet: a JSON list of steps, each an object from `"Agent[x, y]"` to
/// `"move(box_c, target_c)"` (match the box with its target, both in the
/// agent's square) or `"move(box_c, square[x', y'])"` (to a side-adjacent
/// square). Correct iff every action is legal and no box is left.
pub(super) fn boxnet(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    if let Some(r) = too_long(text) {
        return r;
    }
    let rows = usize::try_from(e.uint("row_num")?).unwrap_or(usize::MAX);
    let cols = usize::try_from(e.uint("column_num")?).unwrap_or(usize::MAX);
    if rows == 0 || cols == 0 || rows > 64 || cols > 64 {
        return Err(meta_err("the field is not 1..64 squares a side"));
    }
    let initial: HashMap<String, Vec<String>> = e.field("initial_state")?;
    // (boxes, targets) per square, as colour counts.
    let mut boxes: Vec<HashMap<String, u32>> = vec![HashMap::new(); rows * cols];
    let mut targets: Vec<HashMap<String, u32>> = vec![HashMap::new(); rows * cols];
    for (key, items) in &initial {
        let (r, c) = key
            .split_once('_')
            .and_then(|(a, b)| Some((half_index(a, rows)?, half_index(b, cols)?)))
            .ok_or_else(|| meta_err(format!("square `{key}` is off the field")))?;
        for it in items {
            if let Some(colour) = it.strip_prefix("box_") {
                *boxes[r * cols + c].entry(colour.to_owned()).or_default() += 1;
            } else if let Some(colour) = it.strip_prefix("target_") {
                *targets[r * cols + c].entry(colour.to_owned()).or_default() += 1;
            } else {
                return Err(meta_err(format!("unknown item `{it}`")));
            }
        }
    }
    let Some(Value::Array(steps)) = literal::parse(grid::unfence(text)) else {
        return wrong("not a list of action plans");
    };
    if steps.len() > MAX_MOVES {
        return wrong(format!("{} steps, more than {MAX_MOVES}", steps.len()));
    }
    for (k, step) in steps.iter().enumerate() {
        let Value::Object(plan) = step else {
            return wrong(format!("step {} is not an object", k + 1));
        };
        cx.charge(plan.len() as u64 + 1)?;
        // Actions of a step use the state the step starts from.
        let mut taken: Vec<(usize, String)> = Vec::new();
        let mut matched: Vec<(usize, String)> = Vec::new();
        let mut moved: Vec<(usize, String)> = Vec::new();
        for (agent, action) in plan {
            let Some(a) = AGENT.captures(agent) else {
                return wrong(format!("step {}: `{agent}` is not an agent", k + 1));
            };
            let (Some(r), Some(c)) = (half_index(&a[1], rows), half_index(&a[2], cols)) else {
                return wrong(format!("step {}: {agent} is off the field", k + 1));
            };
            let sq = r * cols + c;
            let Some(m) = action.as_str().and_then(|s| BOX_ACTION.captures(s)) else {
                return wrong(format!("step {}: {agent} has no `move(box, destination)`", k + 1));
            };
            let colour = m[1].to_owned();
            let have = boxes[sq].get(&colour).copied().unwrap_or(0);
            let claimed = taken.iter().filter(|(s, col)| *s == sq && *col == colour).count();
            if have as usize <= claimed {
                return wrong(format!("step {}: no box_{colour} in {agent}'s square", k + 1));
            }
            taken.push((sq, colour.clone()));
            if let Some(t) = m.get(2) {
                let wanted = matched.iter().filter(|(s, col)| *s == sq && *col == colour).count();
                if t.as_str() != colour
                    || targets[sq].get(&colour).copied().unwrap_or(0) as usize <= wanted
                {
                    return wrong(format!("step {}: no target_{colour} for {agent}'s box", k + 1));
                }
                matched.push((sq, colour));
            } else {
                let (Some(r2), Some(c2)) = (half_index(&m[3], rows), half_index(&m[4], cols))
                else {
                    return wrong(format!("step {}: the destination is off the field", k + 1));
                };
                if r.abs_diff(r2) + c.abs_diff(c2) != 1 {
                    return wrong(format!(
                        "step {}: {agent} moves to a square not beside it",
                        k + 1
                    ));
                }
                moved.push((r2 * cols + c2, colour));
            }
        }
        for (sq, colour) in taken {
            if let Some(n) = boxes[sq].get_mut(&colour) {
                *n -= 1;
            }
        }
        for (sq, colour) in matched {
            if let Some(n) = targets[sq].get_mut(&colour) {
                *n -= 1;
            }
        }
        for (sq, colour) in moved {
            *boxes[sq].entry(colour).or_default() += 1;
        }
    }
    let left: u32 = boxes.iter().flat_map(HashMap::values).sum();
    Ok(Reward::from_bool(left == 0).with_detail(format!("{left} box(es) left unmatched")))
}

// --- tsumego -----------------------------------------------------------------

/// The stones of the group at `p` and whether it has a liberty.
fn group(board: &[Vec<u8>], p: (usize, usize)) -> (Vec<(usize, usize)>, bool) {
    let n = board.len();
    let colour = board[p.0][p.1];
    let mut seen = vec![vec![false; n]; n];
    seen[p.0][p.1] = true;
    let mut stack = vec![p];
    let mut stones = Vec::new();
    let mut free = false;
    while let Some((r, c)) = stack.pop() {
        stones.push((r, c));
        for (nr, nc) in neighbours(r, c, n) {
            if board[nr][nc] == b'.' {
                free = true;
            } else if board[nr][nc] == colour && !seen[nr][nc] {
                seen[nr][nc] = true;
                stack.push((nr, nc));
            }
        }
    }
    (stones, free)
}

fn neighbours(r: usize, c: usize, n: usize) -> impl Iterator<Item = (usize, usize)> {
    [(r.wrapping_sub(1), c), (r + 1, c), (r, c.wrapping_sub(1)), (r, c + 1)]
        .into_iter()
        .filter(move |&(a, b)| a < n && b < n)
}

/// The white stones a black stone at `p` captures, or `None` when the
/// move is illegal (occupied, or suicide without a capture).
fn black_captures(board: &mut [Vec<u8>], p: (usize, usize)) -> Option<usize> {
    if board[p.0][p.1] != b'.' {
        return None;
    }
    board[p.0][p.1] = b'X';
    let n = board.len();
    let mut dead: HashSet<(usize, usize)> = HashSet::new();
    for (r, c) in neighbours(p.0, p.1, n) {
        if board[r][c] == b'O' && !dead.contains(&(r, c)) {
            let (stones, free) = group(board, (r, c));
            if !free {
                dead.extend(stones);
            }
        }
    }
    let legal = !dead.is_empty() || group(board, p).1;
    board[p.0][p.1] = b'.';
    legal.then_some(dead.len())
}

static GO_POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z])\s*([0-9]{1,2})$").expect("regex"));

/// Tsumego: one black move (`C4`: column letter, row counted from the
/// bottom) that is legal and captures the most white stones any black
/// move can.
pub(super) fn tsumego(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    if let Some(r) = too_long(text) {
        return r;
    }
    let cells: Vec<Vec<String>> = e.field("board")?;
    let n = cells.len();
    if !(2..=26).contains(&n) || cells.iter().any(|r| r.len() != n) {
        return Err(meta_err("`board` is not a square board of at most 26 lines"));
    }
    let mut board: Vec<Vec<u8>> = Vec::with_capacity(n);
    for row in &cells {
        let row: Vec<u8> = row
            .iter()
            .map(|c| match c.as_str() {
                "X" => Some(b'X'),
                "O" => Some(b'O'),
                "." => Some(b'.'),
                _ => None,
            })
            .collect::<Option<_>>()
            .ok_or_else(|| meta_err("a point is not X, O or ."))?;
        board.push(row);
    }
    let said = answer::norm(text);
    let Some(m) = GO_POINT.captures(&said) else {
        return wrong("not a point like `C4`");
    };
    let col = usize::from(m[1].to_ascii_uppercase().as_bytes()[0] - b'A');
    let row: usize = m[2].parse().unwrap_or(0);
    if col >= n || row == 0 || row > n {
        return wrong("the point is off the board");
    }
    cx.charge((n * n * n * n) as u64 / 4 + 1)?;
    let Some(got) = black_captures(&mut board, (n - row, col)) else {
        return wrong("an illegal move (occupied, or suicide)");
    };
    let mut best = 0;
    for r in 0..n {
        for c in 0..n {
            best = best.max(black_captures(&mut board, (r, c)).unwrap_or(0));
        }
    }
    // reasoning-gym's generator can leave the white formation with
    // liberties (a failed placement's stones stay on the board): when no
    // black move captures, the instance has no key move to grade.
    if best == 0 {
        return Err(meta_err("no black move captures a stone: the instance has no key move"));
    }
    Ok(Reward::from_bool(got == best)
        .with_detail(format!("captures {got} stone(s); the best move captures {best}")))
}

// --- rubiks cube -------------------------------------------------------------

static CUBE_MOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]*)(?:([LRDUBF])(w?)|([XYZMES]))('?)([0-9]?)$").expect("regex")
});

/// One sticker: the doubled coordinates of its cubie's centre, the face
/// normal it shows, and its colour (the face it started on).
#[derive(Clone, Copy)]
struct Sticker {
    pos: [i32; 3],
    normal: [i32; 3],
    colour: u8,
}

/// A quarter turn of `v` about `axis`, counterclockwise seen from the
/// axis's positive end.
fn quarter(v: [i32; 3], axis: usize) -> [i32; 3] {
    let [x, y, z] = v;
    match axis {
        0 => [x, -z, y],
        1 => [z, y, -x],
        _ => [-y, x, z],
    }
}

/// An N×N×N cube as its 6N² stickers, turned by moves in the notation of
/// the `magiccube` package reasoning-gym replays with: `R`, `U'`, `F2`
/// (the digit repeats), `Rw` (two layers), `3Rw` (three layers), `2R`
/// (the second layer alone), `M`/`E`/`S` (the middle slice, odd sizes),
/// `X`/`Y`/`Z` (the whole cube).
struct Cube {
    n: i32,
    stickers: Vec<Sticker>,
}

impl Cube {
    fn solved(n: usize) -> Self {
        let n = i32::try_from(n).unwrap_or(3);
        let coords: Vec<i32> = (0..n).map(|i| 2 * i - (n - 1)).collect();
        let mut stickers = Vec::new();
        let normals = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
        for (colour, normal) in (0u8..).zip(normals) {
            let axis = normal.iter().position(|&c| c != 0).unwrap_or(0);
            for &a in &coords {
                for &b in &coords {
                    let mut pos = [0; 3];
                    pos[axis] = normal[axis] * (n - 1);
                    let others: Vec<usize> = (0..3).filter(|&i| i != axis).collect();
                    pos[others[0]] = a;
                    pos[others[1]] = b;
                    stickers.push(Sticker { pos, normal, colour });
                }
            }
        }
        Self { n, stickers }
    }

    /// Applies one move token; `None` when it is not a move on this cube.
    fn apply(&mut self, token: &str) -> Option<()> {
        let c = CUBE_MOVE.captures(token)?;
        let n = self.n;
        let layer: i32 = match &c[1] {
            "" => -1,
            d => d.parse().ok().filter(|&l| (1..=n).contains(&l))?,
        };
        // (axis, layers as doubled coordinates, quarter turns about +axis).
        let (axis, lo, hi, turns) = if let Some(face) = c.get(2) {
            let wide = !c[3].is_empty();
            let k = if layer > 0 {
                layer
            } else if wide {
                2.min(n)
            } else {
                1
            };
            let (axis, plus, ccw) = match face.as_str() {
                "R" => (0, true, false),
                "L" => (0, false, true),
                "U" => (1, true, false),
                "D" => (1, false, true),
                "F" => (2, true, false),
                _ => (2, false, true),
            };
            // Layer j (1-based from the face) sits at ±(n + 1 - 2j).
            let outer = n - 1;
            let inner = n + 1 - 2 * k;
            let (a, b) = if wide { (inner, outer) } else { (inner, inner) };
            let (lo, hi) = if plus { (a, b) } else { (-b, -a) };
            (axis, lo, hi, if ccw { 1 } else { 3 })
        } else {
            if layer > 0 {
                return None;
            }
            let m = &c[4];
            let (axis, ccw) = match m {
                "X" => (0, false),
                "Y" => (1, false),
                "Z" => (2, false),
                "M" => (0, true),
                "E" => (1, true),
                _ => (2, false),
            };
            let (lo, hi) = if matches!(m, "X" | "Y" | "Z") {
                (-(n - 1), n - 1)
            } else if n % 2 == 1 {
                (0, 0)
            } else {
                return None;
            };
            (axis, lo, hi, if ccw { 1 } else { 3 })
        };
        let turns = if c[5].is_empty() { turns } else { 4 - turns };
        let count: usize = if c[6].is_empty() { 1 } else { c[6].parse().ok()? };
        for _ in 0..(turns * count) % 4 {
            for s in &mut self.stickers {
                if (lo..=hi).contains(&s.pos[axis]) {
                    s.pos = quarter(s.pos, axis);
                    s.normal = quarter(s.normal, axis);
                }
            }
        }
        Some(())
    }

    fn is_solved(&self) -> bool {
        let mut face: HashMap<[i32; 3], u8> = HashMap::new();
        self.stickers.iter().all(|s| *face.entry(s.normal).or_insert(s.colour) == s.colour)
    }
}

/// Rubik's cube: the answer's moves, after the instance's scramble, leave
/// every face one colour. reasoning-gym pays the share of right stickers
/// (at least 0.05) to a cube left unsolved; that is not a solution.
pub(super) fn rubiks_cube(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    if let Some(r) = too_long(text) {
        return r;
    }
    let n = usize::try_from(e.uint("cube_size")?).unwrap_or(0);
    if !(2..=9).contains(&n) {
        return Err(meta_err("`cube_size` is not 2..9"));
    }
    let scramble: String = e.field("scramble_moves")?;
    let mut cube = Cube::solved(n);
    for t in scramble.split_whitespace() {
        cube.apply(t).ok_or_else(|| meta_err(format!("scramble move `{t}` is not a move")))?;
    }
    let tokens: Vec<&str> = grid::unfence(text).split_whitespace().collect();
    if tokens.is_empty() {
        return wrong("no moves");
    }
    if tokens.len() > MAX_MOVES {
        return wrong(format!("{} moves, more than {MAX_MOVES}", tokens.len()));
    }
    for t in tokens {
        cx.charge(6 * (n * n) as u64)?;
        if cube.apply(t).is_none() {
            return wrong(format!("`{t}` is not a move on a {n}x{n} cube"));
        }
    }
    Ok(Reward::from_bool(cube.is_solved()).with_detail(if cube.is_solved() {
        "solved"
    } else {
        "the cube is not solved"
    }))
}
