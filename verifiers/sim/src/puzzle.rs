//! Puzzles with moves: Tower of Hanoi, water jugs, sliding tiles, Sokoban,
//! the quantum lock, and BFS spread (rotten oranges).

use std::collections::{HashSet, VecDeque};
use std::hash::Hash;

use rlvr_core::{Context, Error};

use crate::SimError;
use crate::simulator::Simulator;

/// A simulator whose legal actions in a state can be listed, so a shortest
/// plan can be found by breadth-first search ([`shortest_plan_len`]).
pub trait Enumerable: Simulator {
    /// The actions worth trying in `state` (illegal ones may be included;
    /// they are skipped).
    fn actions(&self, state: &Self::State) -> Vec<Self::Action>;
}

/// The length of a shortest plan from `start` to a goal, by BFS, searching
/// at most `max_depth` moves deep and visiting at most `max_states` states.
/// `Ok(None)`: no plan within those limits.
///
/// # Errors
/// Budget errors from the context.
///
/// # Example
/// ```
/// use rlvr_sim::puzzle::{Jugs, shortest_plan_len};
/// let jugs = Jugs::new(vec![3, 5], 4)?;
/// assert_eq!(shortest_plan_len(&jugs, vec![0, 0], 20, 10_000, &rlvr_core::Context::default())?, Some(6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shortest_plan_len<S>(
    sim: &S,
    start: S::State,
    max_depth: usize,
    max_states: usize,
    cx: &Context,
) -> Result<Option<usize>, Error>
where
    S: Enumerable,
    S::State: Hash + Eq,
{
    if sim.is_goal(&start) {
        return Ok(Some(0));
    }
    let mut seen: HashSet<S::State> = HashSet::new();
    seen.insert(start.clone());
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((state, depth)) = queue.pop_front() {
        if depth >= max_depth {
            continue;
        }
        for action in sim.actions(&state) {
            cx.charge(sim.step_cost())?;
            let Ok(next) = sim.step(&state, &action) else { continue };
            if sim.is_goal(&next) {
                return Ok(Some(depth + 1));
            }
            if seen.len() >= max_states {
                return Ok(None);
            }
            if seen.insert(next.clone()) {
                queue.push_back((next, depth + 1));
            }
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------- Hanoi --

/// Tower of Hanoi with `k ≥ 3` pegs, numbered from 1.
///
/// An action is `(disk, from, to)`; `disk` may be omitted (`None`), and when
/// given it must be the top disk of `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hanoi {
    disks: u32,
    pegs: usize,
    start: usize,
    target: usize,
    optimum: Option<usize>,
}

/// A Hanoi state: for each peg, its disks from the bottom up.
pub type Pegs = Vec<Vec<u32>>;

impl Hanoi {
    /// `disks` disks on peg `start`, to be moved to peg `target`.
    ///
    /// # Errors
    /// When the numbers make no puzzle (fewer than 3 pegs, more than 16
    /// pegs or 60 disks, a peg out of range, start equal to target).
    pub fn new(disks: u32, pegs: usize, start: usize, target: usize) -> Result<Self, SimError> {
        if !(3..=16).contains(&pegs) || disks > 60 {
            return Err(SimError::instance(format!(
                "unsupported Hanoi size: {disks} disks, {pegs} pegs"
            )));
        }
        if start == 0 || target == 0 || start > pegs || target > pegs || start == target {
            return Err(SimError::instance(format!("bad start/target pegs {start}/{target}")));
        }
        let optimum = frame_stewart(disks, pegs);
        Ok(Self { disks, pegs, start, target, optimum })
    }

    /// Overrides the known optimum (e.g. with a dataset's stored length).
    #[must_use]
    pub fn with_optimum(mut self, optimum: Option<usize>) -> Self {
        self.optimum = optimum;
        self
    }

    /// The start state.
    pub fn start(&self) -> Pegs {
        let mut pegs = vec![Vec::new(); self.pegs];
        pegs[self.start - 1] = (1..=self.disks).rev().collect();
        pegs
    }
}

/// The Frame–Stewart number of moves for `n` disks and `k` pegs (optimal
/// for 3 and 4 pegs), or `None` when it overflows.
fn frame_stewart(n: u32, k: usize) -> Option<usize> {
    let n = n as usize;
    // fs[j][m]: moves for m disks with j pegs.
    let mut fs = vec![vec![u128::MAX; n + 1]; k + 1];
    for row in fs.iter_mut().skip(3) {
        row[0] = 0;
    }
    for (m, slot) in fs[3].iter_mut().enumerate().skip(1) {
        *slot = (1u128 << m.min(127)) - 1;
    }
    for j in 4..=k {
        for m in 1..=n {
            let mut best = u128::MAX;
            for t in 1..m {
                let v = fs[j][t].saturating_mul(2).saturating_add(fs[j - 1][m - t]);
                best = best.min(v);
            }
            fs[j][m] = if m == 1 { 1 } else { best };
        }
    }
    usize::try_from(fs[k][n]).ok()
}

impl Simulator for Hanoi {
    type State = Pegs;
    type Action = (Option<u32>, usize, usize);

    fn step(&self, s: &Pegs, &(disk, from, to): &Self::Action) -> Result<Pegs, SimError> {
        if from == 0 || to == 0 || from > self.pegs || to > self.pegs {
            return Err(SimError::illegal(format!(
                "no peg {} (pegs are 1..{})",
                from.max(to),
                self.pegs
            )));
        }
        if from == to {
            return Err(SimError::illegal(format!("moves a disk from peg {from} to itself")));
        }
        let Some(&top) = s[from - 1].last() else {
            return Err(SimError::illegal(format!("peg {from} is empty")));
        };
        if let Some(d) = disk
            && d != top
        {
            return Err(SimError::illegal(format!(
                "disk {d} is not on top of peg {from} (disk {top} is)"
            )));
        }
        if let Some(&under) = s[to - 1].last()
            && under < top
        {
            return Err(SimError::illegal(format!(
                "disk {top} cannot go on smaller disk {under} (peg {to})"
            )));
        }
        let mut next = s.clone();
        next[from - 1].pop();
        next[to - 1].push(top);
        Ok(next)
    }

    fn is_goal(&self, s: &Pegs) -> bool {
        s[self.target - 1].len() == self.disks as usize
    }

    fn optimal_len(&self) -> Option<usize> {
        self.optimum
    }
}

impl Enumerable for Hanoi {
    fn actions(&self, _: &Pegs) -> Vec<Self::Action> {
        let mut v = Vec::new();
        for a in 1..=self.pegs {
            for b in 1..=self.pegs {
                if a != b {
                    v.push((None, a, b));
                }
            }
        }
        v
    }
}

// ----------------------------------------------------------------- Jugs --

/// A water-jug move; jugs are 0-based here (`A` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JugMove {
    /// Fill a jug to its capacity.
    Fill(usize),
    /// Empty a jug.
    Empty(usize),
    /// Pour from the first jug into the second until one is empty or full.
    Pour(usize, usize),
}

/// Water jugs: start empty, reach `target` litres in any jug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jugs {
    capacities: Vec<u64>,
    target: u64,
    optimum: Option<usize>,
}

impl Jugs {
    /// Jugs of the given capacities (at most 26).
    ///
    /// # Errors
    /// No jugs, or more than 26.
    pub fn new(capacities: Vec<u64>, target: u64) -> Result<Self, SimError> {
        if capacities.is_empty() || capacities.len() > 26 {
            return Err(SimError::instance(format!("{} jugs is not a puzzle", capacities.len())));
        }
        Ok(Self { capacities, target, optimum: None })
    }

    /// Sets the known optimum.
    #[must_use]
    pub fn with_optimum(mut self, optimum: Option<usize>) -> Self {
        self.optimum = optimum;
        self
    }

    /// All jugs empty.
    pub fn start(&self) -> Vec<u64> {
        vec![0; self.capacities.len()]
    }

    /// Parses `fill A`, `empty B`, `pour A->B` (also `→`, `to`, `into`,
    /// `jug A`, any case).
    ///
    /// # Example
    /// ```
    /// use rlvr_sim::puzzle::{Jugs, JugMove};
    /// assert_eq!(Jugs::parse_move("pour C->A"), Some(JugMove::Pour(2, 0)));
    /// assert_eq!(Jugs::parse_move("Fill jug b"), Some(JugMove::Fill(1)));
    /// assert_eq!(Jugs::parse_move("drink A"), None);
    /// ```
    pub fn parse_move(text: &str) -> Option<JugMove> {
        let t =
            text.trim().trim_matches(|c| c == '"' || c == '\'' || c == '.').to_ascii_lowercase();
        let t = t.replace("->", " ").replace('→', " ").replace(" into ", " ").replace(" to ", " ");
        let words: Vec<&str> = t.split_whitespace().filter(|w| *w != "jug").collect();
        let jug = |w: &str| -> Option<usize> {
            let b = w.as_bytes();
            (b.len() == 1 && b[0].is_ascii_lowercase()).then(|| usize::from(b[0] - b'a'))
        };
        match words.as_slice() {
            ["fill", j] => Some(JugMove::Fill(jug(j)?)),
            ["empty", j] => Some(JugMove::Empty(jug(j)?)),
            ["pour", a, b] => Some(JugMove::Pour(jug(a)?, jug(b)?)),
            _ => None,
        }
    }
}

impl Simulator for Jugs {
    type State = Vec<u64>;
    type Action = JugMove;

    fn step(&self, s: &Vec<u64>, m: &JugMove) -> Result<Vec<u64>, SimError> {
        let n = self.capacities.len();
        let name = |i: usize| char::from(b'A' + (i % 26) as u8);
        let check = |i: usize| {
            if i < n {
                Ok(())
            } else {
                Err(SimError::illegal(format!("there is no jug {}", name(i))))
            }
        };
        let mut next = s.clone();
        match *m {
            JugMove::Fill(i) => {
                check(i)?;
                next[i] = self.capacities[i];
            }
            JugMove::Empty(i) => {
                check(i)?;
                next[i] = 0;
            }
            JugMove::Pour(i, j) => {
                check(i)?;
                check(j)?;
                if i == j {
                    return Err(SimError::illegal(format!("pours jug {} into itself", name(i))));
                }
                let amount = s[i].min(self.capacities[j] - s[j]);
                next[i] -= amount;
                next[j] += amount;
            }
        }
        Ok(next)
    }

    fn is_goal(&self, s: &Vec<u64>) -> bool {
        s.contains(&self.target)
    }

    fn optimal_len(&self) -> Option<usize> {
        self.optimum
    }
}

impl Enumerable for Jugs {
    fn actions(&self, _: &Vec<u64>) -> Vec<JugMove> {
        let n = self.capacities.len();
        let mut v: Vec<JugMove> =
            (0..n).map(JugMove::Fill).chain((0..n).map(JugMove::Empty)).collect();
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    v.push(JugMove::Pour(i, j));
                }
            }
        }
        v
    }
}

// -------------------------------------------------------------- Sliding --

/// A direction on a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dir {
    /// Row − 1.
    Up,
    /// Row + 1.
    Down,
    /// Column − 1.
    Left,
    /// Column + 1.
    Right,
}

impl Dir {
    /// Reads `U`/`D`/`L`/`R` (any case) or `up`/`down`/`left`/`right`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "u" | "up" => Some(Self::Up),
            "d" | "down" => Some(Self::Down),
            "l" | "left" => Some(Self::Left),
            "r" | "right" => Some(Self::Right),
            _ => None,
        }
    }

    fn delta(self) -> (isize, isize) {
        match self {
            Self::Up => (-1, 0),
            Self::Down => (1, 0),
            Self::Left => (0, -1),
            Self::Right => (0, 1),
        }
    }

    fn opposite(self) -> Self {
        match self {
            Self::Up => Self::Down,
            Self::Down => Self::Up,
            Self::Left => Self::Right,
            Self::Right => Self::Left,
        }
    }

    /// The four directions.
    pub const ALL: [Self; 4] = [Self::Up, Self::Down, Self::Left, Self::Right];
}

/// What a sliding-puzzle direction names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SlideConvention {
    /// The blank moves in the direction.
    #[default]
    Blank,
    /// A tile moves in the direction (into the blank).
    Tile,
}

/// A sliding-tile puzzle (8-puzzle, 15-puzzle, any `h × w`); `0` is the
/// blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sliding {
    height: usize,
    width: usize,
    goal: Vec<u16>,
    convention: SlideConvention,
    optimum: Option<usize>,
}

impl Sliding {
    /// A puzzle whose goal is `1, 2, …, n-1, 0`.
    ///
    /// # Errors
    /// A side of 0, or more than 64 cells.
    pub fn new(height: usize, width: usize, convention: SlideConvention) -> Result<Self, SimError> {
        let n = height * width;
        if height == 0 || width == 0 || n > 64 {
            return Err(SimError::instance(format!("unsupported sliding puzzle {height}x{width}")));
        }
        let goal = (1..n as u16).chain([0]).collect();
        Ok(Self { height, width, goal, convention, optimum: None })
    }

    /// Sets the known optimum.
    #[must_use]
    pub fn with_optimum(mut self, optimum: Option<usize>) -> Self {
        self.optimum = optimum;
        self
    }

    /// Checks that `tiles` is a permutation of `0..n`.
    pub fn is_valid_state(&self, tiles: &[u16]) -> bool {
        let mut seen = vec![false; self.goal.len()];
        tiles.len() == seen.len()
            && tiles.iter().all(|&t| {
                let t = usize::from(t);
                t < seen.len() && !std::mem::replace(&mut seen[t], true)
            })
    }
}

impl Simulator for Sliding {
    type State = Vec<u16>;
    type Action = Dir;

    fn step(&self, s: &Vec<u16>, d: &Dir) -> Result<Vec<u16>, SimError> {
        let blank = s.iter().position(|&t| t == 0).ok_or_else(|| SimError::illegal("no blank"))?;
        let dir = match self.convention {
            SlideConvention::Blank => *d,
            SlideConvention::Tile => d.opposite(),
        };
        let (dr, dc) = dir.delta();
        let (r, c) = ((blank / self.width) as isize + dr, (blank % self.width) as isize + dc);
        if r < 0 || c < 0 || r >= self.height as isize || c >= self.width as isize {
            return Err(SimError::illegal(format!("{d:?} leaves the board")));
        }
        let mut next = s.clone();
        next.swap(blank, r as usize * self.width + c as usize);
        Ok(next)
    }

    fn is_goal(&self, s: &Vec<u16>) -> bool {
        *s == self.goal
    }

    fn optimal_len(&self) -> Option<usize> {
        self.optimum
    }
}

impl Enumerable for Sliding {
    fn actions(&self, _: &Vec<u16>) -> Vec<Dir> {
        Dir::ALL.to_vec()
    }
}

// -------------------------------------------------------------- Sokoban --

/// A Sokoban board: walls and goals; the state is the player and the boxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sokoban {
    width: usize,
    height: usize,
    walls: Vec<bool>,
    goals: Vec<bool>,
    start: SokobanState,
}

/// Where the player and the boxes are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SokobanState {
    /// The player's cell (row-major index).
    pub player: usize,
    /// Whether each cell holds a box.
    pub boxes: Vec<bool>,
}

impl Sokoban {
    /// Parses reasoning-gym's notation: `*` player, `%` player on a goal,
    /// `@` box, `X` goal, `$` box on a goal, `+` wall, `-` floor; spaces
    /// between cells are ignored.
    ///
    /// # Errors
    /// Ragged rows, unknown characters, not exactly one player.
    pub fn parse_rg(text: &str) -> Result<Self, SimError> {
        Self::parse_with(
            text,
            |c| match c {
                '*' => Some((false, false, false, true)),
                '%' => Some((false, true, false, true)),
                '@' => Some((false, false, true, false)),
                'X' => Some((false, true, false, false)),
                '$' => Some((false, true, true, false)),
                '+' => Some((true, false, false, false)),
                '-' => Some((false, false, false, false)),
                _ => None,
            },
            true,
        )
    }

    /// Parses the standard XSB notation: `#` wall, `@` player, `+` player on
    /// a goal, `$` box, `*` box on a goal, `.` goal, space or `-` floor.
    ///
    /// # Errors
    /// As [`Sokoban::parse_rg`].
    pub fn parse_xsb(text: &str) -> Result<Self, SimError> {
        Self::parse_with(
            text,
            |c| match c {
                '@' => Some((false, false, false, true)),
                '+' => Some((false, true, false, true)),
                '$' => Some((false, false, true, false)),
                '.' => Some((false, true, false, false)),
                '*' => Some((false, true, true, false)),
                '#' => Some((true, false, false, false)),
                ' ' | '-' | '_' => Some((false, false, false, false)),
                _ => None,
            },
            false,
        )
    }

    /// `cell` maps a character to (wall, goal, box, player).
    fn parse_with(
        text: &str,
        cell: impl Fn(char) -> Option<(bool, bool, bool, bool)>,
        drop_spaces: bool,
    ) -> Result<Self, SimError> {
        let rows: Vec<Vec<char>> = text
            .lines()
            .map(|l| {
                if drop_spaces {
                    l.chars().filter(|c| !c.is_whitespace()).collect()
                } else {
                    l.trim_end().chars().collect()
                }
            })
            .filter(|r: &Vec<char>| !r.is_empty())
            .collect();
        let height = rows.len();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if height == 0 || width == 0 || height * width > 10_000 {
            return Err(SimError::instance("empty or oversized board".to_owned()));
        }
        let n = height * width;
        let (mut walls, mut goals, mut boxes) = (vec![false; n], vec![false; n], vec![false; n]);
        let mut player = None;
        for (r, row) in rows.iter().enumerate() {
            if drop_spaces && row.len() != width {
                return Err(SimError::instance(format!(
                    "row {} has {} cells, expected {width}",
                    r + 1,
                    row.len()
                )));
            }
            for c in 0..width {
                let ch = row.get(c).copied().unwrap_or(' ');
                let (w, g, b, p) =
                    cell(ch).ok_or_else(|| SimError::instance(format!("unknown cell {ch:?}")))?;
                let i = r * width + c;
                (walls[i], goals[i], boxes[i]) = (w, g, b);
                if p {
                    if player.is_some() {
                        return Err(SimError::instance("more than one player".to_owned()));
                    }
                    player = Some(i);
                }
            }
        }
        let player = player.ok_or_else(|| SimError::instance("no player on the board"))?;
        Ok(Self { width, height, walls, goals, start: SokobanState { player, boxes } })
    }

    /// The start state.
    pub fn start(&self) -> SokobanState {
        self.start.clone()
    }

    /// Parses a plan: `LDURR`, `L, D, U`, `left down`, lowercase (moves)
    /// and uppercase (pushes) alike. `None` when a token is unreadable.
    pub fn parse_plan(text: &str) -> Option<Vec<Dir>> {
        let mut out = Vec::new();
        for word in text.split(|c: char| c.is_whitespace() || ",;→>-|[]\"'".contains(c)) {
            if word.is_empty() {
                continue;
            }
            if let Some(d) = Dir::parse(word).filter(|_| word.len() > 1) {
                out.push(d);
                continue;
            }
            for ch in word.chars() {
                out.push(Dir::parse(ch.encode_utf8(&mut [0; 4]))?);
            }
        }
        Some(out)
    }

    fn neighbour(&self, i: usize, d: Dir) -> Option<usize> {
        let (dr, dc) = d.delta();
        let (r, c) = ((i / self.width) as isize + dr, (i % self.width) as isize + dc);
        (r >= 0 && c >= 0 && r < self.height as isize && c < self.width as isize)
            .then(|| r as usize * self.width + c as usize)
    }
}

impl Simulator for Sokoban {
    type State = SokobanState;
    type Action = Dir;

    fn step(&self, s: &SokobanState, d: &Dir) -> Result<SokobanState, SimError> {
        let to = self.neighbour(s.player, *d).filter(|&t| !self.walls[t]);
        let Some(to) = to else {
            return Err(SimError::illegal(format!("{d:?} walks into a wall")));
        };
        let mut next = s.clone();
        if s.boxes[to] {
            let beyond = self.neighbour(to, *d).filter(|&b| !self.walls[b] && !s.boxes[b]);
            let Some(beyond) = beyond else {
                return Err(SimError::illegal(format!(
                    "{d:?} pushes a box into a wall or another box"
                )));
            };
            next.boxes[to] = false;
            next.boxes[beyond] = true;
        }
        next.player = to;
        Ok(next)
    }

    fn is_goal(&self, s: &SokobanState) -> bool {
        s.boxes.iter().zip(&self.goals).all(|(&b, &g)| !b || g)
    }
}

// --------------------------------------------------------- Quantum lock --

/// The light of a quantum lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Light {
    /// Red.
    Red,
    /// Green.
    Green,
}

impl Light {
    /// Reads `red` / `green` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "red" => Some(Self::Red),
            "green" => Some(Self::Green),
            _ => None,
        }
    }

    fn toggled(self) -> Self {
        match self {
            Self::Red => Self::Green,
            Self::Green => Self::Red,
        }
    }
}

/// A quantum-lock button.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Button {
    /// Its name (`A`).
    pub name: String,
    /// `add`, `subtract` or `multiply`.
    pub op: Op,
    /// The light it works under (`None`: any).
    pub active: Option<Light>,
}

impl Button {
    /// A button.
    pub fn new(name: impl Into<String>, op: Op, active: Option<Light>) -> Self {
        Self { name: name.into(), op, active }
    }
}

/// A button's operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Op {
    /// `+ v`.
    Add(i64),
    /// `- v`.
    Subtract(i64),
    /// `× v`.
    Multiply(i64),
}

/// The quantum lock: buttons change a number, every press toggles the
/// light, and a button may only be pressed under its light (the puzzle
/// generator's model: pressing an inactive button is an illegal move).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantumLock {
    buttons: Vec<Button>,
    start: (i64, Light),
    target: i64,
    optimum: Option<usize>,
}

impl QuantumLock {
    /// A lock.
    pub fn new(buttons: Vec<Button>, start: i64, light: Light, target: i64) -> Self {
        Self { buttons, start: (start, light), target, optimum: None }
    }

    /// Sets the known optimum.
    #[must_use]
    pub fn with_optimum(mut self, optimum: Option<usize>) -> Self {
        self.optimum = optimum;
        self
    }

    /// The start state.
    pub fn start(&self) -> (i64, Light) {
        self.start
    }

    /// The index of the button called `name` (case-insensitive).
    pub fn button(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.buttons.iter().position(|b| b.name.eq_ignore_ascii_case(name))
    }
}

impl Simulator for QuantumLock {
    type State = (i64, Light);
    type Action = usize;

    fn step(&self, &(v, light): &(i64, Light), &b: &usize) -> Result<(i64, Light), SimError> {
        let button = self.buttons.get(b).ok_or_else(|| SimError::illegal("no such button"))?;
        if button.active.is_some_and(|a| a != light) {
            return Err(SimError::illegal(format!(
                "button {} does not work while the light is {light:?}",
                button.name
            )));
        }
        let next = match button.op {
            Op::Add(x) => v.checked_add(x),
            Op::Subtract(x) => v.checked_sub(x),
            Op::Multiply(x) => v.checked_mul(x),
        }
        .ok_or_else(|| SimError::illegal("the number overflows"))?;
        Ok((next, light.toggled()))
    }

    fn is_goal(&self, s: &(i64, Light)) -> bool {
        s.0 == self.target
    }

    fn optimal_len(&self) -> Option<usize> {
        self.optimum
    }
}

impl Enumerable for QuantumLock {
    fn actions(&self, _: &(i64, Light)) -> Vec<usize> {
        (0..self.buttons.len()).collect()
    }
}

// --------------------------------------------------------------- Spread --

/// BFS spread on a grid (rotten oranges): each minute every fresh cell
/// (`1`) 4-adjacent to a rotten one (`2`) rots; `0` is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    height: usize,
    width: usize,
}

impl Spread {
    /// A spread on an `height × width` grid.
    pub fn new(height: usize, width: usize) -> Self {
        Self { height, width }
    }

    /// Minutes until no fresh cell is left, or `-1` when some never rot.
    ///
    /// # Errors
    /// Budget errors from the context.
    ///
    /// # Example
    /// ```
    /// use rlvr_sim::puzzle::Spread;
    /// let s = Spread::new(3, 3);
    /// assert_eq!(s.minutes(vec![2,1,1, 1,1,0, 0,1,1], &rlvr_core::Context::default())?, 4);
    /// assert_eq!(s.minutes(vec![2,1,1, 0,1,1, 1,0,1], &rlvr_core::Context::default())?, -1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minutes(&self, mut grid: Vec<u8>, cx: &Context) -> Result<i64, Error> {
        let mut minutes = 0;
        loop {
            cx.charge(self.step_cost())?;
            let next = self.step(&grid, &()).map_err(|e| Error::domain("sim", e))?;
            if next == grid {
                return Ok(if grid.contains(&1) { -1 } else { minutes });
            }
            grid = next;
            minutes += 1;
        }
    }
}

impl Simulator for Spread {
    type State = Vec<u8>;
    type Action = ();

    fn step(&self, g: &Vec<u8>, _: &()) -> Result<Vec<u8>, SimError> {
        if g.len() != self.height * self.width || g.iter().any(|&c| c > 2) {
            return Err(SimError::state("bad grid".to_owned()));
        }
        let mut next = g.clone();
        for (i, cell) in next.iter_mut().enumerate() {
            if g[i] != 1 {
                continue;
            }
            let (r, c) = (i / self.width, i % self.width);
            let rotten = (r > 0 && g[i - self.width] == 2)
                || (r + 1 < self.height && g[i + self.width] == 2)
                || (c > 0 && g[i - 1] == 2)
                || (c + 1 < self.width && g[i + 1] == 2);
            if rotten {
                *cell = 2;
            }
        }
        Ok(next)
    }

    fn step_cost(&self) -> u64 {
        (self.height * self.width) as u64
    }
}
