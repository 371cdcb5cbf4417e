//! HiTab gold checks: a HiTab row's answer formulas (`=(I15+I16)/I5`,
//! `=SUM(D18,D19)`) recomputed over the parsed table, so a gold that
//! disagrees with its own table shows in the reward's detail.
//!
//! HiTab's QA samples carry `aggregation` (`["sum", "div"]`, `["none"]`,
//! `["argmax"]`, ...), `answer_formulas` (one spreadsheet formula per
//! answer, over the sheet's A1 names) and `reference_cells_map` (each A1
//! name to its `(row, column)` in the table's `texts` matrix). A row that
//! keeps those three keys in `extra_info` gets its formulas evaluated
//! here. Guru's `table__hitab` rows do not keep them (their `extra_info`
//! is `{split, index}`), so for them nothing runs.
//!
//! The formula language read: numbers, cell names (`$` allowed), ranges
//! (`A1:B3`) as function arguments, `+ - * / ^`, a trailing `%`,
//! parentheses, and `SUM`, `AVERAGE`, `MAX`, `MIN`, `COUNT`, `COUNTA`,
//! `PRODUCT`, `ABS`, `ROUND`. Anything else is reported as not
//! recomputed, never guessed.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::rules::{NumberRule, values_equal};
use crate::table::{MAX_CELLS, Table, cell_number};
use crate::value::{Num, Scale, Value, normalize_text, parse_value};

/// The deepest nesting of parentheses and function calls read.
const MAX_DEPTH: usize = 64;
/// The longest formula read, in characters.
const MAX_FORMULA: usize = 4096;

/// A value while evaluating: a number, a cell's text, or a range's cells.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Num(f64),
    Text(String),
    Many(Vec<Self>),
}

impl Val {
    fn number(&self) -> Result<f64, String> {
        match self {
            Self::Num(x) => Ok(*x),
            Self::Text(t) if t.is_empty() => Err("an empty cell in arithmetic".into()),
            Self::Text(t) => Err(format!("`{}` is not a number", short(t))),
            Self::Many(v) if v.len() == 1 => v[0].number(),
            Self::Many(_) => Err("a range outside a function".into()),
        }
    }

    fn flatten(self, out: &mut Vec<Self>) {
        match self {
            Self::Many(v) => v.into_iter().for_each(|x| x.flatten(out)),
            other => out.push(other),
        }
    }
}

fn short(s: &str) -> std::borrow::Cow<'_, str> {
    rlvr_core::clip(s, 40)
}

/// A1 name → (1-based row, 0-based column).
fn a1(name: &str) -> Option<(usize, usize)> {
    let name = name.replace('$', "");
    let letters: String = name.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &name[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || digits.len() > 7 {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A' + 1))
        - 1;
    let row: usize = digits.parse().ok().filter(|&r| r >= 1)?;
    Some((row, col))
}

/// `"(18, 1)"` → (18, 1).
fn coords(s: &str) -> Option<(usize, usize)> {
    let inner = s.trim().strip_prefix('(')?.strip_suffix(')')?;
    let (r, c) = inner.split_once(',')?;
    let n = |x: &str| x.trim().parse::<usize>().ok().filter(|&v| v <= MAX_CELLS);
    Some((n(r)?, n(c)?))
}

/// Resolves A1 names to `texts` coordinates: through
/// `reference_cells_map`, else (cells inside a range) through the one
/// sheet-to-table offset every map entry agrees on.
struct Refs {
    map: HashMap<String, (usize, usize)>,
    offset: Option<(i64, i64)>,
}

impl Refs {
    fn new(map: Option<&serde_json::Map<String, Json>>) -> Self {
        let mut out = HashMap::new();
        let mut offsets = Vec::new();
        for (k, v) in map.into_iter().flatten() {
            let key = k.replace('$', "").to_ascii_uppercase();
            if let (Some(at), Some((sr, sc))) = (v.as_str().and_then(coords), a1(&key)) {
                out.insert(key, at);
                offsets.push((sr as i64 - 1 - at.0 as i64, sc as i64 - at.1 as i64));
            }
        }
        let offset = offsets.first().copied().filter(|o| offsets.iter().all(|x| x == o));
        Self { map: out, offset }
    }

    fn resolve(&self, name: &str) -> Option<(usize, usize)> {
        let key = name.replace('$', "").to_ascii_uppercase();
        if let Some(at) = self.map.get(&key) {
            return Some(*at);
        }
        let (sr, sc) = a1(&key)?;
        let (dr, dc) = self.offset?;
        let r = usize::try_from(sr as i64 - 1 - dr).ok()?;
        let c = usize::try_from(sc as i64 - dc).ok()?;
        Some((r, c))
    }
}

struct Eval<'a> {
    src: Vec<char>,
    pos: usize,
    depth: usize,
    table: &'a Table,
    refs: &'a Refs,
}

impl Eval<'_> {
    fn skip_ws(&mut self) {
        while self.src.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.src.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err("formula nested too deeply".into()) } else { Ok(()) }
    }

    fn expr(&mut self) -> Result<Val, String> {
        self.enter()?;
        let mut acc = self.term()?;
        loop {
            if self.eat('+') {
                acc = Val::Num(acc.number()? + self.term()?.number()?);
            } else if self.eat('-') {
                acc = Val::Num(acc.number()? - self.term()?.number()?);
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(acc)
    }

    fn term(&mut self) -> Result<Val, String> {
        let mut acc = self.power()?;
        loop {
            if self.eat('*') {
                acc = Val::Num(acc.number()? * self.power()?.number()?);
            } else if self.eat('/') {
                let d = self.power()?.number()?;
                if d == 0.0 {
                    return Err("division by zero".into());
                }
                acc = Val::Num(acc.number()? / d);
            } else {
                break;
            }
        }
        Ok(acc)
    }

    fn power(&mut self) -> Result<Val, String> {
        let base = self.unary()?;
        if self.eat('^') {
            let e = self.unary()?.number()?;
            return Ok(Val::Num(base.number()?.powf(e)));
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<Val, String> {
        self.enter()?;
        let v = if self.eat('-') {
            Val::Num(-self.unary()?.number()?)
        } else if self.eat('+') {
            Val::Num(self.unary()?.number()?)
        } else {
            let mut v = self.primary()?;
            while self.eat('%') {
                v = Val::Num(v.number()? / 100.0);
            }
            v
        };
        self.depth -= 1;
        Ok(v)
    }

    fn primary(&mut self) -> Result<Val, String> {
        match self.peek() {
            None => Err("the formula ends early".into()),
            Some('(') => {
                self.pos += 1;
                let v = self.expr()?;
                if !self.eat(')') {
                    return Err("a `(` is not closed".into());
                }
                Ok(v)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == '$' => self.name(),
            Some(c) => Err(format!("unexpected `{c}`")),
        }
    }

    fn number(&mut self) -> Result<Val, String> {
        let start = self.pos;
        while self.src.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
            self.pos += 1;
        }
        if matches!(self.src.get(self.pos), Some('e' | 'E'))
            && self
                .src
                .get(self.pos + 1)
                .is_some_and(|c| c.is_ascii_digit() || *c == '-' || *c == '+')
        {
            self.pos += 2;
            while self.src.get(self.pos).is_some_and(char::is_ascii_digit) {
                self.pos += 1;
            }
        }
        let text: String = self.src[start..self.pos].iter().collect();
        text.parse::<f64>().map(Val::Num).map_err(|_| format!("bad number `{text}`"))
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while self
            .src
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '$' || *c == '.')
        {
            self.pos += 1;
        }
        self.src[start..self.pos].iter().collect()
    }

    fn name(&mut self) -> Result<Val, String> {
        let word = self.word();
        if self.eat('(') {
            return self.call(&word.to_ascii_uppercase());
        }
        if self.eat(':') {
            self.skip_ws();
            let end = self.word();
            return self.range(&word, &end);
        }
        self.cell(&word)
    }

    fn cell_at(&self, (r, c): (usize, usize)) -> Val {
        let text = self.table.source_cell(r, c).unwrap_or("").trim();
        match cell_number(text) {
            Some((x, _)) => Val::Num(x),
            None => Val::Text(text.to_owned()),
        }
    }

    fn cell(&self, name: &str) -> Result<Val, String> {
        let at = self.refs.resolve(name).ok_or_else(|| format!("cell {name} is not mapped"))?;
        if self.table.source_cell(at.0, at.1).is_none() {
            return Err(format!("cell {name} {at:?} is outside the table"));
        }
        Ok(self.cell_at(at))
    }

    fn range(&self, from: &str, to: &str) -> Result<Val, String> {
        let a = self.refs.resolve(from).ok_or_else(|| format!("cell {from} is not mapped"))?;
        let b = self.refs.resolve(to).ok_or_else(|| format!("cell {to} is not mapped"))?;
        let (r0, r1) = (a.0.min(b.0), a.0.max(b.0));
        let (c0, c1) = (a.1.min(b.1), a.1.max(b.1));
        if (r1 - r0 + 1).saturating_mul(c1 - c0 + 1) > MAX_CELLS {
            return Err("range too large".into());
        }
        let mut cells = Vec::new();
        for r in r0..=r1 {
            for c in c0..=c1 {
                cells.push(self.cell_at((r, c)));
            }
        }
        Ok(Val::Many(cells))
    }

    fn call(&mut self, f: &str) -> Result<Val, String> {
        self.enter()?;
        let mut args = Vec::new();
        if !self.eat(')') {
            loop {
                args.push(self.expr()?);
                if self.eat(',') {
                    continue;
                }
                if self.eat(')') {
                    break;
                }
                return Err(format!("{f}( is not closed"));
            }
        }
        self.depth -= 1;
        let mut flat = Vec::new();
        for a in args.iter().cloned() {
            a.flatten(&mut flat);
        }
        let nums: Vec<f64> =
            flat.iter().filter_map(|v| if let Val::Num(x) = v { Some(*x) } else { None }).collect();
        let need = |n: usize| -> Result<(), String> {
            if args.len() == n { Ok(()) } else { Err(format!("{f} takes {n} argument(s)")) }
        };
        Ok(Val::Num(match f {
            "SUM" => nums.iter().sum(),
            "PRODUCT" => nums.iter().product(),
            "AVERAGE" if !nums.is_empty() => nums.iter().sum::<f64>() / nums.len() as f64,
            "MAX" if !nums.is_empty() => nums.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            "MIN" if !nums.is_empty() => nums.iter().copied().fold(f64::INFINITY, f64::min),
            "AVERAGE" | "MAX" | "MIN" => return Err(format!("{f} of no numbers")),
            "COUNT" => nums.len() as f64,
            "COUNTA" => {
                flat.iter().filter(|v| !matches!(v, Val::Text(t) if t.is_empty())).count() as f64
            }
            "ABS" => {
                need(1)?;
                args[0].number()?.abs()
            }
            "ROUND" => {
                need(2)?;
                let places = args[1].number()?.clamp(-15.0, 15.0) as i32;
                let k = 10f64.powi(places);
                (args[0].number()? * k).round() / k
            }
            other => return Err(format!("function {other} is not supported")),
        }))
    }
}

/// Evaluates one spreadsheet formula (with or without the leading `=`)
/// over `table`'s source cells.
fn evaluate(formula: &str, table: &Table, refs: &Refs) -> Result<Val, String> {
    let body = formula.trim().strip_prefix('=').unwrap_or(formula.trim());
    if body.chars().count() > MAX_FORMULA {
        return Err("formula too long".into());
    }
    let mut ev = Eval { src: body.chars().collect(), pos: 0, depth: 0, table, refs };
    let v = ev.expr()?;
    if ev.peek().is_some() {
        return Err(format!(
            "unexpected `{}`",
            ev.src[ev.pos..].iter().take(10).collect::<String>()
        ));
    }
    match v {
        Val::Num(x) if !x.is_finite() => Err("the result is not a finite number".into()),
        Val::Many(mut cells) if cells.len() == 1 => Ok(cells.remove(0)),
        Val::Many(_) => Err("the formula is a range, not a value".into()),
        v => Ok(v),
    }
}

/// Ten significant digits: enough for any HiTab gold (six decimals at
/// most), and no float noise (`0.1 + 0.2`) against an integer gold.
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let k = 10f64.powi((9 - mag).clamp(-300, 300));
    let r = (x * k).round() / k;
    if r.is_finite() { r } else { x }
}

/// The steps a check costs, charged before it runs.
pub(crate) fn cost(sample: &rlvr_core::Sample) -> u64 {
    sample
        .extra("answer_formulas")
        .and_then(Json::as_array)
        .map_or(0, |f| f.iter().filter_map(Json::as_str).map(|s| s.len() as u64 + 1).sum())
}

/// Whether the row carries HiTab's formulas.
pub(crate) fn applies(sample: &rlvr_core::Sample) -> bool {
    sample.extra("answer_formulas").is_some_and(Json::is_array)
}

/// The aggregation names, for the detail (`sum, div`).
fn aggregation(sample: &rlvr_core::Sample) -> String {
    match sample.extra("aggregation") {
        Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect::<Vec<_>>().join(", "),
        Some(Json::String(s)) => s.clone(),
        _ => "not given".into(),
    }
}

/// Recomputes each answer formula over the first table and compares it
/// with the gold item in the same position. The report is for the
/// reward's detail; the stored gold stays the truth for the verdict.
pub(crate) fn check(
    sample: &rlvr_core::Sample,
    tables: &[Table],
    gold: &[String],
    rule: &NumberRule,
) -> String {
    let agg = aggregation(sample);
    let head = format!("hitab gold check (aggregation {agg})");
    let Some(formulas) = sample.extra("answer_formulas").and_then(Json::as_array) else {
        return format!("{head}: no answer_formulas");
    };
    let Some(table) = tables.first() else {
        return format!("{head}: no table to recompute on");
    };
    if formulas.len() != gold.len() {
        return format!(
            "{head}: {} formula(s) for {} gold item(s), not compared",
            formulas.len(),
            gold.len()
        );
    }
    let refs = Refs::new(sample.extra("reference_cells_map").and_then(Json::as_object));
    let label_only = agg.contains("arg");
    let mut parts = Vec::new();
    let mut mismatches = 0;
    for (f, g) in formulas.iter().zip(gold) {
        let Some(f) = f.as_str().map(str::trim) else {
            parts.push("a formula is not a string: not recomputed".to_owned());
            continue;
        };
        if !f.starts_with('=') {
            parts.push(format!("`{}` is a literal, not a formula: not recomputed", short(f)));
            continue;
        }
        let gv = parse_value(g);
        match evaluate(f, table, &refs) {
            Err(e) => parts.push(format!("`{}` not recomputed: {e}", short(f))),
            Ok(Val::Num(x)) => {
                let x = tidy(x);
                let got = Value::Number(Num {
                    value: x,
                    percent: false,
                    scale: Scale::One,
                    places: None,
                    sig: 15,
                    integer: false,
                });
                if values_equal(&gv, &got, rule) {
                    parts.push(format!("`{}` = {x} agrees", short(f)));
                } else {
                    mismatches += 1;
                    parts.push(format!(
                        "MISMATCH `{}` = {x}, the gold says {}",
                        short(f),
                        short(g)
                    ));
                }
            }
            Ok(Val::Text(t)) => {
                let ok = normalize_text(&t) == normalize_text(g)
                    || values_equal(&gv, &parse_value(&t), rule);
                if ok {
                    parts.push(format!("`{f}` names `{}`, agrees", short(&t)));
                } else {
                    mismatches += 1;
                    parts.push(format!(
                        "MISMATCH `{f}` names `{}`, the gold says {}",
                        short(&t),
                        short(g)
                    ));
                }
            }
            Ok(Val::Many(_)) => parts.push(format!("`{}` is a range: not recomputed", short(f))),
        }
    }
    let note = if label_only {
        " (an arg-max / arg-min formula names the answer cell only; the compared cells are not \
         annotated, so the ranking itself is not recomputed)"
    } else {
        ""
    };
    let verdict = if mismatches == 0 { "" } else { " — the stored gold is still the truth" };
    format!("{head}: {}{note}{verdict}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        // `texts` coordinates: row 0 is the header.
        Table::parse_json(
            "h",
            &serde_json::json!([
                ["region", "2019", "2020"],
                ["north", "10", "12"],
                ["south", "4", "6"],
                ["east", "1,000", "n/a"]
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn refs(pairs: &[(&str, &str)]) -> Refs {
        let map: serde_json::Map<String, Json> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), Json::from(*v))).collect();
        Refs::new(Some(&map))
    }

    fn num(f: &str, r: &Refs) -> f64 {
        match evaluate(f, &table(), r) {
            Ok(Val::Num(x)) => x,
            other => panic!("{f}: {other:?}"),
        }
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1("A1"), Some((1, 0)));
        assert_eq!(a1("$AA$10"), Some((10, 26)));
        assert_eq!(a1("A0"), None);
        assert_eq!(a1("ABCD1"), None);
        assert_eq!(a1("12"), None);
        assert_eq!(coords("(18, 1)"), Some((18, 1)));
        assert_eq!(coords("18, 1"), None);
        assert_eq!(coords("(9223372036854775808, 1)"), None);
    }

    #[test]
    fn formulas_over_mapped_cells() {
        // The sheet has two title rows: B4 is texts (1, 1).
        let r = refs(&[("B4", "(1, 1)"), ("B5", "(2, 1)"), ("C4", "(1, 2)")]);
        assert_eq!(num("=B4+B5", &r), 14.0);
        assert_eq!(num("=(C4-B4)/B4", &r), 0.2);
        assert_eq!(num("=SUM(B4,B5)", &r), 14.0);
        assert_eq!(num("=AVERAGE(B4:C5)", &r), 8.0);
        assert_eq!(num("=MAX(B4:C5)", &r), 12.0);
        assert_eq!(num("=MIN(B4:B6)", &r), 4.0);
        // B6 is mapped through the offset; "1,000" is a number.
        assert_eq!(num("=B6", &r), 1000.0);
        // C6 is `n/a`: COUNT skips it, COUNTA does not.
        assert_eq!(num("=COUNT(C4:C6)", &r), 2.0);
        assert_eq!(num("=COUNTA(C4:C6)", &r), 3.0);
        assert_eq!(num("=ROUND(B5/C4*100, 1)", &r), 33.3);
        assert_eq!(num("=-B4^2", &r), 100.0);
        assert_eq!(num("=B4*50%", &r), 5.0);
        assert_eq!(num("=ABS(B5-B4)", &r), 6.0);
        assert_eq!(evaluate("=A5", &table(), &r), Ok(Val::Text("south".into())));
    }

    #[test]
    fn bad_formulas_are_errors_not_guesses() {
        let r = refs(&[("B4", "(1, 1)")]);
        for f in [
            "=B4/(B4-B4)",
            "=C6+1",
            "=VLOOKUP(B4)",
            "=B4+",
            "=(B4",
            "=B4 B4",
            "=Z99",
            "=B4:B5",
            "=A4+1",
            "=ABS(B4, B4)",
            "=AVERAGE()",
        ] {
            assert!(evaluate(f, &table(), &r).is_err(), "{f}");
        }
        let deep = format!("={}1{}", "(".repeat(500), ")".repeat(500));
        assert!(evaluate(&deep, &table(), &r).is_err());
        let long = format!("={}", "1+".repeat(5000));
        assert!(evaluate(&long, &table(), &r).is_err());
        // No consistent offset: an unmapped name cannot be resolved.
        let skewed = refs(&[("B4", "(1, 1)"), ("B5", "(9, 1)")]);
        assert!(evaluate("=B6", &table(), &skewed).is_err());
    }

    fn detail(response: &str, gold: &str, extra: Json) -> (bool, String) {
        use rlvr_core::{Context, Sample, Verifier};
        let s = Sample::new("table__hitab", response, gold).with_extra_info(extra);
        let r = crate::TableVerifier::new()
            .verify(&s, &Context::default())
            .unwrap_or_else(|e| panic!("{e}"));
        (r.is_correct(), r.detail.unwrap_or_default())
    }

    fn row(formulas: &Json, refs: &Json) -> Json {
        serde_json::json!({
            "tables": [{"texts": [["", "2018", "2019"], ["all", "300", "356"], ["small", "20", "25"],
                                  ["medium", "30", "40"], ["large", "250", "291"]],
                        "top_header_rows_num": 1, "left_header_columns_num": 1}],
            "aggregation": ["sum", "div"],
            "answer_formulas": formulas,
            "reference_cells_map": refs,
        })
    }

    #[test]
    fn verifier_reports_agreement_and_mismatch() {
        let refs = serde_json::json!({"C6": "(2, 2)", "C7": "(3, 2)", "C5": "(1, 2)"});
        let (ok, d) = detail(
            "\\boxed{0.182584}",
            "0.182584",
            row(&serde_json::json!(["=(C6+C7)/C5"]), &refs),
        );
        assert!(ok, "{d}");
        assert!(d.contains("aggregation sum, div") && d.contains("agrees"), "{d}");
        assert!(!d.contains("MISMATCH"), "{d}");
        // A gold typo: reported, and still the truth.
        let (ok, d) =
            detail("\\boxed{0.19}", "0.19", row(&serde_json::json!(["=(C6+C7)/C5"]), &refs));
        assert!(ok, "{d}");
        assert!(d.contains("MISMATCH") && d.contains("0.1825842697"), "{d}");
        let (ok, _) =
            detail("\\boxed{0.182584}", "0.19", row(&serde_json::json!(["=(C6+C7)/C5"]), &refs));
        assert!(!ok);
        // Multi-answers are checked position by position.
        let (_, d) =
            detail("\\boxed{25|40}", "25|40", row(&serde_json::json!(["=C6", "=C7"]), &refs));
        assert_eq!(d.matches("agrees").count(), 2, "{d}");
        let (_, d) = detail("\\boxed{25}", "25", row(&serde_json::json!(["=C6", "=C7"]), &refs));
        assert!(d.contains("2 formula(s) for 1 gold item(s)"), "{d}");
        // Literal answers are not formulas.
        let (_, d) = detail("\\boxed{x}", "x", row(&serde_json::json!(["Small"]), &refs));
        assert!(d.contains("literal"), "{d}");
        // No formulas, no check.
        let (_, d) = detail("\\boxed{1}", "1", serde_json::json!({"aggregation": ["sum"]}));
        assert!(!d.contains("hitab gold check"), "{d}");
    }

    #[test]
    fn verifier_names_the_argmax_label() {
        let mut extra = row(&serde_json::json!(["=A8"]), &serde_json::json!({"A8": "(4, 0)"}));
        extra["aggregation"] = serde_json::json!(["argmax"]);
        let (ok, d) = detail("\\boxed{large}", "large", extra.clone());
        assert!(ok && d.contains("names `large`, agrees") && d.contains("not recomputed"), "{d}");
        let (ok, d) = detail("\\boxed{small}", "small", extra);
        assert!(ok && d.contains("MISMATCH"), "{d}");
    }

    #[test]
    fn tidy_drops_float_noise() {
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(tidy(736.000_000_000_1), 736.0);
        assert_eq!(tidy(-0.876_264_280_123), -0.876_264_280_1);
    }
}
