//! Cellular automata: Life-like rules on a 2-D grid and elementary 1-D
//! automata, with dead or toroidal borders.

use std::collections::HashMap;
use std::fmt;

use rlvr_core::{Context, Error};

use crate::SimError;
use crate::simulator::Simulator;

/// What lies beyond the edge of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Boundary {
    /// Cells outside the grid are dead.
    Dead,
    /// The grid wraps around (a torus); cellpylib's `evolve2d` and
    /// reasoning-gym's "wrapping topology".
    Toroidal,
}

/// A Life-like rule `B…/S…`: the neighbour counts (Moore neighbourhood)
/// that give birth to a dead cell and keep a live one alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    birth: u16,
    survive: u16,
}

impl Rule {
    /// Conway's Game of Life, `B3/S23`.
    pub fn conway() -> Self {
        Self { birth: 1 << 3, survive: (1 << 2) | (1 << 3) }
    }

    /// Parses `B3/S23`, `b36/s23`, or the old `23/3` (survive/birth) form.
    ///
    /// # Example
    /// ```
    /// use rlvr_sim::automata::Rule;
    /// assert_eq!(Rule::parse("B3/S23"), Some(Rule::conway()));
    /// assert_eq!(Rule::parse("23/3"), Some(Rule::conway()));
    /// assert!(Rule::parse("B36/S23").is_some());
    /// assert_eq!(Rule::parse("B9/S2"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (a, b) = text.split_once('/')?;
        let digits = |s: &str| -> Option<u16> {
            let mut m = 0u16;
            for c in s.chars() {
                let d = c.to_digit(10)?;
                if d > 8 {
                    return None;
                }
                m |= 1 << d;
            }
            Some(m)
        };
        let (a, b) = (a.trim(), b.trim());
        let strip = |s: &str, p: char| {
            s.strip_prefix(p).or_else(|| s.strip_prefix(p.to_ascii_lowercase())).map(str::to_owned)
        };
        match (strip(a, 'B'), strip(b, 'S'), strip(a, 'S'), strip(b, 'B')) {
            (Some(bb), Some(ss), _, _) | (_, _, Some(ss), Some(bb)) => {
                Some(Self { birth: digits(&bb)?, survive: digits(&ss)? })
            }
            _ => Some(Self { birth: digits(b)?, survive: digits(a)? }),
        }
    }

    fn next(self, alive: bool, neighbours: u32) -> bool {
        let mask = if alive { self.survive } else { self.birth };
        mask & (1 << neighbours) != 0
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("B")?;
        for d in 0..=8 {
            if self.birth & (1 << d) != 0 {
                write!(f, "{d}")?;
            }
        }
        f.write_str("/S")?;
        for d in 0..=8 {
            if self.survive & (1 << d) != 0 {
                write!(f, "{d}")?;
            }
        }
        Ok(())
    }
}

/// A 2-D grid of 0/1 cells, row-major.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grid {
    /// Rows.
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// `height * width` cells, 0 or 1, row by row.
    pub cells: Vec<u8>,
}

impl Grid {
    /// Whether every cell is dead.
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|&c| c == 0)
    }

    /// The grid as rows.
    pub fn rows(&self) -> Vec<Vec<u8>> {
        self.cells.chunks(self.width.max(1)).map(<[u8]>::to_vec).collect()
    }
}

/// A Life-like automaton on a fixed grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Life {
    rule: Rule,
    boundary: Boundary,
    height: usize,
    width: usize,
}

/// The largest grid side accepted.
pub const MAX_SIDE: usize = 1000;

impl Life {
    /// A `height × width` automaton.
    pub fn new(rule: Rule, boundary: Boundary, height: usize, width: usize) -> Self {
        Self { rule, boundary, height, width }
    }

    /// Builds a grid of this automaton's shape from 0/1 rows.
    ///
    /// # Errors
    /// When the shape differs or a cell is not 0 or 1.
    pub fn grid_from_rows(&self, rows: &[Vec<u8>]) -> Result<Grid, SimError> {
        if rows.len() != self.height || rows.iter().any(|r| r.len() != self.width) {
            return Err(SimError::instance(format!(
                "expected a {}x{} grid",
                self.height, self.width
            )));
        }
        if rows.iter().flatten().any(|&c| c > 1) {
            return Err(SimError::instance("cells must be 0 or 1".to_owned()));
        }
        Ok(Grid { height: self.height, width: self.width, cells: rows.concat() })
    }

    fn alive(&self, g: &Grid, r: isize, c: isize) -> u32 {
        let (h, w) = (self.height as isize, self.width as isize);
        let (r, c) = match self.boundary {
            Boundary::Toroidal => (r.rem_euclid(h), c.rem_euclid(w)),
            Boundary::Dead if r < 0 || c < 0 || r >= h || c >= w => return 0,
            Boundary::Dead => (r, c),
        };
        u32::from(g.cells[r as usize * self.width + c as usize])
    }

    /// Whether the automaton ever reaches an empty grid within `max_steps`
    /// steps (step 0 included). States are hashed, so a repeated non-empty
    /// state proves it never will and ends the search early.
    ///
    /// # Errors
    /// Budget errors from the context.
    ///
    /// # Example
    /// ```
    /// use rlvr_sim::automata::{Life, Rule, Boundary};
    /// let life = Life::new(Rule::conway(), Boundary::Toroidal, 5, 5);
    /// let blinker = life.grid_from_rows(&[vec![0,0,0,0,0], vec![0,0,1,0,0], vec![0,0,1,0,0], vec![0,0,1,0,0], vec![0,0,0,0,0]])?;
    /// assert_eq!(life.halts(blinker, 100, &rlvr_core::Context::default())?, false);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn halts(&self, start: Grid, max_steps: usize, cx: &Context) -> Result<bool, Error> {
        let mut seen: HashMap<Grid, usize> = HashMap::new();
        let mut state = start;
        for t in 0..=max_steps {
            if state.is_empty() {
                return Ok(true);
            }
            if seen.insert(state.clone(), t).is_some() {
                return Ok(false);
            }
            if t == max_steps {
                break;
            }
            cx.charge(self.step_cost())?;
            state = self.evolve(&state);
        }
        Ok(false)
    }

    fn evolve(&self, g: &Grid) -> Grid {
        let mut cells = vec![0u8; g.cells.len()];
        for r in 0..self.height {
            for c in 0..self.width {
                let (ri, ci) = (r as isize, c as isize);
                let mut n = 0;
                for dr in -1..=1 {
                    for dc in -1..=1 {
                        if dr != 0 || dc != 0 {
                            n += self.alive(g, ri + dr, ci + dc);
                        }
                    }
                }
                let alive = g.cells[r * self.width + c] == 1;
                cells[r * self.width + c] = u8::from(self.rule.next(alive, n));
            }
        }
        Grid { height: self.height, width: self.width, cells }
    }
}

impl Simulator for Life {
    type State = Grid;
    type Action = ();

    fn step(&self, state: &Grid, _: &()) -> Result<Grid, SimError> {
        if state.height != self.height || state.width != self.width {
            return Err(SimError::state("grid shape differs from the automaton's".to_owned()));
        }
        Ok(self.evolve(state))
    }

    fn step_cost(&self) -> u64 {
        (self.height * self.width) as u64
    }
}

/// An elementary (radius-1, two-state) 1-D cellular automaton, rule 0–255
/// in Wolfram's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eca {
    rule: u8,
    boundary: Boundary,
}

impl Eca {
    /// Rule `rule` with the given boundary.
    pub fn new(rule: u8, boundary: Boundary) -> Self {
        Self { rule, boundary }
    }
}

impl Simulator for Eca {
    type State = Vec<u8>;
    type Action = ();

    fn step(&self, s: &Vec<u8>, _: &()) -> Result<Vec<u8>, SimError> {
        let n = s.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        if s.iter().any(|&c| c > 1) {
            return Err(SimError::state("cells must be 0 or 1".to_owned()));
        }
        let at = |i: isize| -> u8 {
            match self.boundary {
                Boundary::Toroidal => s[i.rem_euclid(n as isize) as usize],
                Boundary::Dead if i < 0 || i >= n as isize => 0,
                Boundary::Dead => s[i as usize],
            }
        };
        Ok((0..n as isize)
            .map(|i| {
                let idx = (at(i - 1) << 2) | (at(i) << 1) | at(i + 1);
                (self.rule >> idx) & 1
            })
            .collect())
    }

    fn step_cost(&self) -> u64 {
        64
    }
}
