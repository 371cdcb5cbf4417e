//! Graph and grid-search tasks: graph colouring, shortest path, maze,
//! largest island, course schedule. Truths are recomputed from the
//! instance (BFS, flood fill, Kahn's algorithm), never read from the
//! stored answer.

use std::collections::{BTreeMap, VecDeque};

use rlvr_core::{Context, Error, Reward};
use serde_json::Value;

use super::{Entry, meta_err};
use crate::answer;
use crate::zebra::literal_in;

/// The largest grid or graph read from metadata.
const MAX_CELLS: usize = 1 << 16;

fn wrong(detail: impl Into<String>) -> Result<Reward, Error> {
    Ok(Reward::incorrect().with_detail(detail))
}

/// Graph colouring: every vertex gets one of the allowed colours and no
/// edge joins two vertices of the same colour. Any proper colouring counts.
pub(super) fn graph_color(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle = e.get("puzzle")?;
    let get = |k: &str| -> Result<Value, Error> {
        puzzle.get(k).cloned().ok_or_else(|| meta_err(format!("puzzle has no `{k}`")))
    };
    let parse = |k: &str| -> Result<Vec<Value>, Error> {
        serde_json::from_value(get(k)?).map_err(|_| meta_err(format!("puzzle `{k}` is not a list")))
    };
    let vertices: Vec<String> = parse("vertices")?
        .iter()
        .map(scalar)
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("bad vertex"))?;
    let colors: Vec<String> = parse("color_options")?
        .iter()
        .map(scalar)
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("bad colour"))?;
    let edges: Vec<(Value, Value)> = serde_json::from_value(get("edges")?)
        .map_err(|_| meta_err("puzzle `edges` are not pairs"))?;
    if vertices.len() > MAX_CELLS || edges.len() > MAX_CELLS {
        return Err(meta_err("graph too large"));
    }
    let Some(Value::Object(map)) = literal_in(text) else {
        return wrong("not a map of vertices to colours");
    };
    let mut coloring = BTreeMap::new();
    for (k, v) in &map {
        let k = k.trim().to_owned();
        if !vertices.contains(&k) {
            return wrong(format!("`{k}` is not a vertex"));
        }
        let Some(c) = scalar(v).filter(|c| colors.contains(c)) else {
            return wrong(format!("vertex {k} has a colour that is not allowed: {v}"));
        };
        coloring.insert(k, c);
    }
    if let Some(v) = vertices.iter().find(|v| !coloring.contains_key(*v)) {
        return wrong(format!("vertex {v} has no colour"));
    }
    cx.charge(edges.len() as u64)?;
    for (a, b) in &edges {
        let (Some(a), Some(b)) = (scalar(a), scalar(b)) else {
            return Err(meta_err("bad edge"));
        };
        if coloring.get(&a) == coloring.get(&b) {
            return wrong(format!("edge ({a}, {b}) joins two vertices of the same colour"));
        }
    }
    Ok(Reward::correct())
}

/// A vertex or colour as text (`1` and `"1"` alike).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// A rectangular character grid from a list of strings or of lists.
fn char_grid(v: &Value) -> Result<Vec<Vec<char>>, Error> {
    let rows = v.as_array().ok_or_else(|| meta_err("grid is not a list"))?;
    let grid: Vec<Vec<char>> = rows
        .iter()
        .map(|r| match r {
            Value::String(s) => Some(s.chars().collect()),
            Value::Array(cells) => cells
                .iter()
                .map(|c| match c {
                    Value::String(s) => s.chars().next(),
                    Value::Number(n) => n.to_string().chars().next(),
                    _ => None,
                })
                .collect(),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or_else(|| meta_err("grid rows are not strings or lists"))?;
    let w = grid.first().map_or(0, Vec::len);
    if w == 0 || grid.iter().any(|r| r.len() != w) || grid.len() * w > MAX_CELLS {
        return Err(meta_err("grid is empty, ragged or too large"));
    }
    Ok(grid)
}

/// BFS distances from `start` over cells where `open` holds.
fn bfs(
    grid: &[Vec<char>],
    start: (usize, usize),
    open: impl Fn(char) -> bool,
    cx: &Context,
) -> Result<Vec<Vec<Option<usize>>>, Error> {
    let (h, w) = (grid.len(), grid[0].len());
    let mut dist = vec![vec![None; w]; h];
    dist[start.0][start.1] = Some(0);
    let mut queue = VecDeque::from([start]);
    while let Some((r, c)) = queue.pop_front() {
        cx.charge(4)?;
        let d = dist[r][c].unwrap_or(0);
        for (nr, nc) in neighbours(r, c, h, w) {
            if dist[nr][nc].is_none() && open(grid[nr][nc]) {
                dist[nr][nc] = Some(d + 1);
                queue.push_back((nr, nc));
            }
        }
    }
    Ok(dist)
}

fn neighbours(r: usize, c: usize, h: usize, w: usize) -> impl Iterator<Item = (usize, usize)> {
    [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)].into_iter().filter_map(move |(dr, dc)| {
        let nr = usize::try_from(r as i64 + dr).ok().filter(|&x| x < h)?;
        let nc = usize::try_from(c as i64 + dc).ok().filter(|&x| x < w)?;
        Some((nr, nc))
    })
}

fn find(grid: &[Vec<char>], ch: char) -> Option<(usize, usize)> {
    grid.iter().enumerate().find_map(|(r, row)| row.iter().position(|&x| x == ch).map(|c| (r, c)))
}

/// Shortest path on a grid: any walk of open cells from `*` to `#` whose
/// length is the BFS distance; `infeasible` iff `#` is unreachable.
/// reasoning-gym gives 0.5 to a longer valid walk; here it is wrong.
pub(super) fn shortest_path(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let grid = char_grid(e.get("matrix")?)?;
    let start = find(&grid, '*').ok_or_else(|| meta_err("no start `*`"))?;
    let goal = find(&grid, '#').ok_or_else(|| meta_err("no goal `#`"))?;
    let dist = bfs(&grid, start, |ch| ch != 'X', cx)?;
    let best = dist[goal.0][goal.1];
    let said = answer::norm(text);
    let Some(best) = best else {
        return Ok(Reward::from_bool(said == "infeasible").with_detail("the goal is unreachable"));
    };
    if said == "infeasible" {
        return wrong(format!("a path of {best} moves exists"));
    }
    let moves: Vec<&str> = said
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '>' | '→' | '-'))
        .filter(|m| !m.is_empty())
        .collect();
    let (h, w) = (grid.len(), grid[0].len());
    let (mut r, mut c) = start;
    for (i, m) in moves.iter().enumerate() {
        cx.charge(1)?;
        let (dr, dc) = match *m {
            "up" | "u" => (-1i64, 0i64),
            "down" | "d" => (1, 0),
            "left" | "l" => (0, -1),
            "right" | "r" => (0, 1),
            other => return wrong(format!("`{other}` is not a direction")),
        };
        let nr = usize::try_from(r as i64 + dr).ok().filter(|&x| x < h);
        let nc = usize::try_from(c as i64 + dc).ok().filter(|&x| x < w);
        match (nr, nc) {
            (Some(nr), Some(nc)) if grid[nr][nc] != 'X' => (r, c) = (nr, nc),
            _ => return wrong(format!("move {} leaves the open cells", i + 1)),
        }
    }
    if (r, c) != goal {
        return wrong("the path does not end at `#`");
    }
    if moves.len() != best {
        return wrong(format!("{} moves, the shortest path has {best}", moves.len()));
    }
    Ok(Reward::correct())
}

/// Maze: the number of steps of a shortest path, recomputed by BFS.
pub(super) fn maze(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let grid = char_grid(e.get("grid")?)?;
    let ch = |k: &str| -> Result<char, Error> {
        let s: String = e.field(k)?;
        s.chars().next().ok_or_else(|| meta_err(format!("empty `{k}`")))
    };
    let (start, goal, wall) = (ch("start")?, ch("goal")?, ch("wall")?);
    let s = find(&grid, start).ok_or_else(|| meta_err("start not on the grid"))?;
    let g = find(&grid, goal).ok_or_else(|| meta_err("goal not on the grid"))?;
    let dist = bfs(&grid, s, |x| x != wall, cx)?;
    let truth = dist[g.0][g.1].ok_or_else(|| meta_err("the goal is unreachable"))?;
    Ok(int_answer(text, truth as i64))
}

fn int_answer(text: &str, truth: i64) -> Reward {
    match answer::parse_int(text) {
        Some(n) => Reward::from_bool(n == truth).with_pred(n.to_string()),
        None => Reward::incorrect().with_detail("not an integer"),
    }
}

/// Largest island: the area of the largest 4-connected group of 1s,
/// recomputed by flood fill.
pub(super) fn largest_island(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let grid: Vec<Vec<i64>> = e.field("grid")?;
    let w = grid.first().map_or(0, Vec::len);
    if grid.iter().any(|r| r.len() != w) || grid.len() * w > MAX_CELLS {
        return Err(meta_err("grid is ragged or too large"));
    }
    let h = grid.len();
    let mut seen = vec![vec![false; w]; h];
    let mut best = 0i64;
    for r0 in 0..h {
        for c0 in 0..w {
            if grid[r0][c0] != 1 || seen[r0][c0] {
                continue;
            }
            seen[r0][c0] = true;
            let mut stack = vec![(r0, c0)];
            let mut area = 0;
            while let Some((r, c)) = stack.pop() {
                cx.charge(4)?;
                area += 1;
                for (nr, nc) in neighbours(r, c, h, w) {
                    if grid[nr][nc] == 1 && !seen[nr][nc] {
                        seen[nr][nc] = true;
                        stack.push((nr, nc));
                    }
                }
            }
            best = best.max(area);
        }
    }
    Ok(int_answer(text, best))
}

/// Course schedule: `True` iff the prerequisite graph has no cycle
/// (Kahn's algorithm).
pub(super) fn course_schedule(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let courses: Vec<usize> = e.field("courses")?;
    let prereqs: Vec<(usize, usize)> = e.field("prerequisites")?;
    let n = courses.iter().copied().max().map_or(0, |m| m + 1);
    if n > MAX_CELLS || prereqs.iter().any(|&(a, b)| a >= n || b >= n) {
        return Err(meta_err("course numbers out of range"));
    }
    let mut indegree = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for &(a, b) in &prereqs {
        out[b].push(a);
        indegree[a] += 1;
    }
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut done = 0;
    while let Some(v) = queue.pop() {
        cx.charge(1 + out[v].len() as u64)?;
        done += 1;
        for &u in &out[v] {
            indegree[u] -= 1;
            if indegree[u] == 0 {
                queue.push(u);
            }
        }
    }
    let truth = done == n;
    Ok(match answer::parse_bool(text) {
        Some(b) => Reward::from_bool(b == truth).with_pred(if b { "True" } else { "False" }),
        None => Reward::incorrect().with_detail("not True or False"),
    })
}
