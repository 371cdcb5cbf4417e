//! [`TableVerifier`]: the `table` verifier and its per-dataset policies.

use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::extract::{Fence, Kind, Mode, Policy as Extraction};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value as Json;

use crate::error::TableError;
use crate::finqa::{ProgramValue, is_program, round5, run_program};
use crate::hitab;
use crate::rules::{
    NumberRule, PercentPolicy, TatQaGold, describe, guru_equal, multiset_match, parse_all,
    split_answers, split_pred, tatqa_equal, tatqa_pred_scale, values_equal, wtq_equal,
};
use crate::sql::{SqlLimits, frame_rows, run_checked};
use crate::table::sample_tables;
use crate::value::{Scale, Value, ValueOptions, parse_value, parse_value_with};

/// A comparison policy, selectable per dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TablePolicy {
    /// HiTab / MultiHiertt: `|`-separated answers compared as a multiset of
    /// parsed values; integers exact, decimals to the gold's shown digits,
    /// strict percent by default. A row carrying HiTab's
    /// `answer_formulas` gets them recomputed over the table, reported in
    /// the detail (see [`TableVerifier`]).
    Hitab,
    /// FinQA: a predicted program is executed over the table and compared
    /// at 5 decimals; a number is compared by value with the percent policy
    /// (default: `accept_x100` when the prompt asks for a percentage,
    /// `strict` otherwise).
    FinQa,
    /// WikiTableQuestions: the official normalisation and set semantics.
    Wtq,
    /// TAT-QA: numbers rounded to 2 dp and scaled, the scale must match;
    /// spans as bags of tokens.
    TatQa,
    /// Reasoning360 `tablereason` parity (lenient: relative 1e-3 and
    /// ×100/÷100 on every number; `\text{}` not unwrapped), without `eval`.
    Guru,
    /// SQL answers run on polars and compared with the gold result.
    Sql,
}

impl rlvr_core::option::RowOption for TablePolicy {
    const KEY: &'static str = "policy";
    const NAMES: &'static [(&'static str, Self)] = &[
        ("hitab", Self::Hitab),
        ("multihier", Self::Hitab),
        ("multihiertt", Self::Hitab),
        ("finqa", Self::FinQa),
        ("wtq", Self::Wtq),
        ("wikitablequestions", Self::Wtq),
        ("tatqa", Self::TatQa),
        ("tat-qa", Self::TatQa),
        ("tat_qa", Self::TatQa),
        ("guru", Self::Guru),
        ("sql", Self::Sql),
    ];
}

impl TablePolicy {
    /// Parses `hitab`, `finqa`, `wtq`, `tatqa`, `guru`, `sql` (and their
    /// other spellings; ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as rlvr_core::option::RowOption>::named(name)
    }

    /// The policy for a sample: `extra_info.policy`, else a gold object
    /// with `sql` or `rows` (SQL), else the data source's name.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] when `extra_info.policy` is set but
    /// names no policy.
    pub fn for_sample(sample: &Sample) -> Result<Self, Error> {
        if let Some(p) = sample.option::<Self>(names::TABLE)? {
            return Ok(p);
        }
        if sample.ground_truth.get("sql").is_some() || sample.ground_truth.get("rows").is_some() {
            return Ok(Self::Sql);
        }
        let ds = sample.data_source.to_ascii_lowercase();
        if ds.contains("finqa") {
            Ok(Self::FinQa)
        } else if ds.contains("wtq") || ds.contains("wikitable") {
            Ok(Self::Wtq)
        } else if ds.contains("tatqa") || ds.contains("tat_qa") || ds.contains("tat-qa") {
            Ok(Self::TatQa)
        } else {
            Ok(Self::Hitab)
        }
    }
}

/// Grades table QA (`table*`: `table__hitab`, `table__multihier`,
/// `table__finqa`, and WTQ / TAT-QA / SQL rows by policy).
///
/// The answer is read with core's extraction policy (the last `\boxed{}`
/// or answer line; SQL also from a ```` ```sql ```` block). The policy is
/// [`TablePolicy::for_sample`] unless the builder fixes one. Model text is
/// never evaluated: `\boxed{__import__('os').system(...)}` is just text.
///
/// # Per-row options (`extra_info`)
///
/// | key | values | effect |
/// |---|---|---|
/// | `policy` | `hitab` (`multihier`), `finqa`, `wtq`, `tatqa`, `guru`, `sql` | the comparison policy, over the data source's default (a builder's fixed policy wins over both) |
/// | `percent` | `strict`, `accept_x100`, `accept_div100` | how two plain numbers 100× apart compare; over the builder's and the policy's default (`accept_x100` for FinQA questions that ask for a percentage, else `strict`) |
/// | `tolerance` | a number in `[0, 1]` | the largest relative tolerance a decimal gold's shown digits may grant (default 0.01, or the builder's); integers stay exact. Anything else is an invalid row |
/// | `extraction` | `strict`, `lenient` | core's extraction mode (lenient: no container needed) |
/// | `tables` | see the crate docs | the tables for FinQA programs and SQL; an entry object may set `row_header_columns` |
/// | `question` | text | read for the FinQA percent default when the row has no prompt |
/// | `answer_formulas`, `reference_cells_map`, `aggregation` | HiTab's own sample fields (`["=(I15+I16)/I5"]`, `{"I15": "(12, 8)"}`, `["sum", "div"]`) | HiTab policy: each formula is recomputed over the first table (`extra_info.tables`, else the prompt's) and the detail says whether it agrees with the gold item in its position, or `MISMATCH`; the verdict stays the stored gold's. Guru's `table__hitab` rows do not carry these fields |
///
/// Out-of-range or unknown values of `policy`, `percent` and `extraction`
/// are ignored (the default applies); a bad `tolerance` is an
/// [`Error::InvalidGroundTruth`].
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_table::TableVerifier;
///
/// let v = TableVerifier::new();
/// let cx = Context::default();
/// let ok = |ds: &str, r: &str, g: serde_json::Value| v.verify(&Sample::new(ds, r, g), &cx).map(|r| r.is_correct());
/// assert!(ok("table__hitab", "\\boxed{13|12.5}", "12.5|13.0".into())?);
/// assert!(ok("table__hitab", "\\boxed{\\text{North America}}", "north america".into())?);
/// assert!(!ok("table__hitab", "\\boxed{1235}", "1234".into())?);
/// assert!(!ok("table__hitab", "\\boxed{12.5}", 0.125.into())?);
/// assert!(ok("table__finqa", "\\boxed{subtract(5829, 5735), divide(#0, 5735)}", 0.01639.into())?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct TableVerifier {
    policy: Option<TablePolicy>,
    percent: Option<PercentPolicy>,
    tolerance: Option<f64>,
    sql: SqlLimits,
    extraction: Extraction,
}

/// Builds a [`TableVerifier`].
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_table::{PercentPolicy, TableVerifier};
/// let v = TableVerifier::builder().percent(PercentPolicy::AcceptX100).build();
/// assert!(v.verify(&Sample::new("table__hitab", "\\boxed{12.5}", 0.125), &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct TableVerifierBuilder {
    v: TableVerifier,
}

impl TableVerifierBuilder {
    /// Uses one policy for every sample.
    #[must_use]
    pub fn policy(mut self, p: TablePolicy) -> Self {
        self.v.policy = Some(p);
        self
    }

    /// Uses one percent policy (rows may still override it).
    #[must_use]
    pub fn percent(mut self, p: PercentPolicy) -> Self {
        self.v.percent = Some(p);
        self
    }

    /// The largest relative tolerance for decimals (default 0.01; rows
    /// may still override it with `extra_info.tolerance`).
    #[must_use]
    pub fn tolerance(mut self, rel: f64) -> Self {
        self.v.tolerance = (rel.is_finite() && rel >= 0.0).then_some(rel);
        self
    }

    /// The SQL limits.
    #[must_use]
    pub fn sql_limits(mut self, limits: SqlLimits) -> Self {
        self.v.sql = limits;
        self
    }

    /// The extraction caps.
    #[must_use]
    pub fn extraction(mut self, policy: Extraction) -> Self {
        self.v.extraction = policy;
        self
    }

    /// The verifier.
    pub fn build(self) -> TableVerifier {
        self.v
    }
}

const ANSWER_KINDS: [Kind; 2] = [Kind::Boxed, Kind::AnswerLine];
const SQL_KINDS: [Kind; 3] =
    [Kind::Code(Fence::new(&["sql"], true)), Kind::Boxed, Kind::AnswerLine];

fn gold_string(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.trim().to_owned()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        Json::Array(a) => {
            let parts: Option<Vec<String>> = a.iter().map(gold_string).collect();
            parts.map(|p| p.join("|"))
        }
        _ => None,
    }
}

/// A unit the question asks for: `(in thousands)`, `in $ millions`, `in
/// millions of dollars`, `how many thousand`.
static UNIT_SCALE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:in|of|many)\s+|\(\s*)(?:(?:us|u\.s\.)?\s*\$\s*|usd\s+|dollars\s+|euros?\s+|€\s*|£\s*)?(thousands?|millions?|billions?|trillions?)\b",
    )
    .expect("unit-scale pattern is valid")
});

/// What the question asks for, as far as reading a number goes.
#[derive(Debug, Clone, Copy, Default)]
struct Asked {
    /// The unit the amount is asked in ([`question_scale`]).
    unit: Option<Scale>,
    /// The question asks for a ratio: `26:25` in an answer is 26/25.
    ratio: bool,
}

/// `ratio` as a word in a question.
static RATIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bratios?\b").expect("ratio pattern is valid"));

impl Asked {
    fn of(sample: &Sample) -> Self {
        let text = sample.extra_str("question").map(str::to_owned).or_else(|| sample.prompt_text());
        let text = text.as_deref().unwrap_or("");
        Self { unit: question_scale(text), ratio: RATIO.is_match(text) }
    }
}

/// The scale a question (`extra_info.question`, else the prompt) asks the
/// amount in. `None` when it names none, or several different ones.
fn question_scale(text: &str) -> Option<Scale> {
    let mut found: Option<Scale> = None;
    for caps in UNIT_SCALE.captures_iter(text) {
        let s = caps.get(1).and_then(|m| Scale::from_word(m.as_str()))?;
        match found {
            Some(f) if f != s => return None,
            _ => found = Some(s),
        }
    }
    found
}

/// Reads a scale word in an answer against the question's unit: with the
/// question's own scale it is the unit, not a multiplier (`9,864
/// thousand` for an amount in thousands is 9864); with another scale word
/// it is a mismatch (`Err`, the word written). A question without a unit
/// leaves the value as written (the scale multiplied in).
fn in_question_unit(v: Value, unit: Option<Scale>) -> Result<Value, Scale> {
    match (v, unit) {
        (Value::Number(n), Some(u)) if n.scale != Scale::One => {
            if n.scale == u {
                Ok(Value::Number(n.unscaled()))
            } else {
                Err(n.scale)
            }
        }
        (v, _) => Ok(v),
    }
}

fn mentions_percent(sample: &Sample) -> bool {
    let text = sample
        .prompt_text()
        .or_else(|| sample.extra_str("question").map(str::to_owned))
        .unwrap_or_default();
    let lower = text.to_ascii_lowercase();
    lower.contains("percent") || lower.contains('%')
}

impl TableVerifier {
    /// The verifier with per-sample policies.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder.
    pub fn builder() -> TableVerifierBuilder {
        TableVerifierBuilder::default()
    }

    fn bad(&self, why: impl Into<String>) -> Error {
        Error::invalid_ground_truth(self.name(), why)
    }

    fn percent_for(&self, sample: &Sample, policy: TablePolicy) -> Result<PercentPolicy, Error> {
        if let Some(p) = sample.option::<PercentPolicy>(self.name())? {
            return Ok(p);
        }
        if let Some(p) = self.percent {
            return Ok(p);
        }
        Ok(if policy == TablePolicy::FinQa && mentions_percent(sample) {
            PercentPolicy::AcceptX100
        } else {
            PercentPolicy::Strict
        })
    }

    fn tolerance_for(&self, sample: &Sample) -> Result<Option<f64>, Error> {
        match sample.extra("tolerance") {
            None | Some(Json::Null) => Ok(self.tolerance),
            Some(v) => v
                .as_f64()
                .filter(|t| t.is_finite() && (0.0..=1.0).contains(t))
                .map(Some)
                .ok_or_else(|| self.bad(format!("extra_info.tolerance `{v}` is not in [0, 1]"))),
        }
    }

    fn grade(
        &self,
        sample: &Sample,
        policy: TablePolicy,
        pred: &str,
        cx: &Context,
    ) -> Result<Reward, Error> {
        let gold = &sample.ground_truth;
        let mut rule = NumberRule::default().with_percent(self.percent_for(sample, policy)?);
        if let Some(t) = self.tolerance_for(sample)? {
            rule = rule.with_max_relative(t);
        }
        match policy {
            TablePolicy::Hitab => {
                let g = gold_string(gold)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| self.bad("expected a string, a number or a list"))?;
                let reward = Self::multiset(&g, pred, &rule, Asked::of(sample), cx)?;
                if !hitab::applies(sample) {
                    return Ok(reward);
                }
                // The gold carries HiTab's formulas: recompute them over the
                // table and say in the detail whether they agree. The
                // verdict stays the stored gold's.
                let check = match sample_tables(sample) {
                    Err(e) => format!("hitab gold check: tables: {e}"),
                    Ok(tables) => {
                        cx.charge(
                            hitab::cost(sample)
                                + tables.iter().map(|t| t.rows().len() as u64 + 1).sum::<u64>(),
                        )?;
                        hitab::check(sample, &tables, &split_answers(&g), &rule)
                    }
                };
                let detail = reward.detail.clone().unwrap_or_default();
                Ok(reward.with_detail(format!("{detail}; {check}")))
            }
            TablePolicy::FinQa => self.finqa(sample, pred, &rule, cx),
            TablePolicy::Wtq => {
                let g = gold_string(gold)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| self.bad("expected a string or a list"))?;
                let gi = split_answers(&g);
                let pi = split_pred(pred, gi.len());
                cx.charge((gi.len() * pi.len()) as u64 + 1)?;
                let ok = wtq_equal(&gi, &pi);
                Ok(Reward::from_bool(ok).with_pred(pred).with_detail(format!(
                    "wtq: {} gold, {} predicted item(s)",
                    gi.len(),
                    pi.len()
                )))
            }
            TablePolicy::TatQa => {
                let g = tatqa_gold(gold)
                    .ok_or_else(|| self.bad("expected {answer, scale, answer_type} or a string"))?;
                let (text, scale) = tatqa_pred_scale(pred);
                let items = split_pred(&text, g.answers.len());
                cx.charge(items.len() as u64 + 1)?;
                let ok = tatqa_equal(&g, &items, &scale);
                let detail = format!("tatqa: gold scale `{}`, answer scale `{scale}`", g.scale);
                Ok(Reward::from_bool(ok).with_pred(pred).with_detail(detail))
            }
            TablePolicy::Guru => {
                let g = gold_string(gold)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| self.bad("expected a string or a number"))?;
                let ok = guru_equal(&g, pred);
                Ok(Reward::from_bool(ok)
                    .with_pred(pred)
                    .with_detail("guru parity (relative 1e-3, x100/÷100)"))
            }
            TablePolicy::Sql => self.sql(sample, pred, cx),
        }
    }

    /// Compares `|`-separated answers as a multiset, read as the question
    /// asks ([`Asked`]: the unit of the amount, ratios).
    fn multiset(
        gold: &str,
        pred: &str,
        rule: &NumberRule,
        asked: Asked,
        cx: &Context,
    ) -> Result<Reward, Error> {
        let unit = asked.unit;
        let gi = split_answers(gold);
        let pi = split_pred(pred, gi.len());
        cx.charge((gi.len() * pi.len().max(1)) as u64 + 1)?;
        // A gold written with the question's scale word reads in that
        // unit too; a gold with another scale word stays as written.
        let gv: Vec<Value> = parse_all(&gi)
            .into_iter()
            .map(|v| in_question_unit(v.clone(), unit).unwrap_or(v))
            .collect();
        let mut pv = Vec::with_capacity(pi.len());
        let opts = ValueOptions::default().with_ratios(asked.ratio);
        for v in pi.iter().map(|p| parse_value_with(p, opts)) {
            match in_question_unit(v, unit) {
                Ok(v) => pv.push(v),
                Err(scale) => {
                    let asked = unit.map_or("", Scale::word);
                    return Ok(Reward::incorrect().with_pred(pred).with_detail(format!(
                        "scale mismatch: the answer says `{}`, the question asks in {asked}s",
                        scale.word()
                    )));
                }
            }
        }
        let ok = multiset_match(&gv, &pv, |g, p| values_equal(g, p, rule));
        let list = |v: &[Value]| v.iter().map(describe).collect::<Vec<_>>().join(" | ");
        let detail = if ok {
            format!("values match: {}", list(&pv))
        } else if gv.len() != pv.len() {
            format!("{} gold value(s), {} predicted", gv.len(), pv.len())
        } else {
            format!("gold [{}] vs answer [{}] (percent {:?})", list(&gv), list(&pv), rule.percent)
        };
        Ok(Reward::from_bool(ok).with_pred(pred).with_detail(detail))
    }

    fn finqa(
        &self,
        sample: &Sample,
        pred: &str,
        rule: &NumberRule,
        cx: &Context,
    ) -> Result<Reward, Error> {
        let gold_raw = sample.ground_truth.get("exe_ans").unwrap_or(&sample.ground_truth);
        let g = gold_string(gold_raw)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| self.bad("expected a number or yes/no"))?;
        if is_program(pred) {
            let tables = sample_tables(sample).map_err(|e| self.bad(format!("tables: {e}")))?;
            cx.charge(
                tables.iter().map(|t| t.rows().len() as u64 + 1).sum::<u64>() + pred.len() as u64,
            )?;
            return Ok(match run_program(pred, &tables) {
                Err(e) => {
                    Reward::incorrect().with_pred(pred).with_detail(format!("program error: {e}"))
                }
                Ok(ProgramValue::Bool(b)) => {
                    let ok = matches!(parse_value(&g), Value::Bool(x) if x == b);
                    Reward::from_bool(ok)
                        .with_pred(pred)
                        .with_detail(format!("program gives {}", if b { "yes" } else { "no" }))
                }
                Ok(ProgramValue::Number(v)) => {
                    let Value::Number(gn) = parse_value(&g) else {
                        return Ok(Reward::incorrect()
                            .with_pred(pred)
                            .with_detail("program gives a number; the gold is not one"));
                    };
                    let gv = gn.fraction_value();
                    let mut candidates = vec![gv];
                    match rule.percent {
                        PercentPolicy::AcceptX100 => candidates.push(gv * 100.0),
                        PercentPolicy::AcceptDiv100 => candidates.push(gv / 100.0),
                        PercentPolicy::Strict => {}
                    }
                    let ok = candidates.iter().any(|c| round5(*c) == round5(v));
                    Reward::from_bool(ok)
                        .with_pred(pred)
                        .with_detail(format!("program gives {v}; compared at 5 decimals with {gv}"))
                }
            });
        }
        Self::multiset(&g, pred, rule, Asked::of(sample), cx)
    }

    fn sql(&self, sample: &Sample, pred: &str, cx: &Context) -> Result<Reward, Error> {
        let tables = sample_tables(sample).map_err(|e| self.bad(format!("tables: {e}")))?;
        if tables.is_empty() {
            return Err(self.bad("no tables in extra_info.tables or the prompt"));
        }
        cx.charge(tables.iter().map(|t| (t.rows().len() * t.columns().len()) as u64 + 1).sum())?;
        let gold = &sample.ground_truth;
        let (gold_rows, ordered) = if let Some(q) = gold.get("sql").and_then(Json::as_str) {
            let (df, ordered) = run_checked(q, &tables, &self.sql).map_err(|e| {
                if matches!(e, TableError::TimedOut { .. }) {
                    sql_timeout()
                } else {
                    self.bad(format!("gold SQL: {e}"))
                }
            })?;
            (frame_rows(&df), ordered)
        } else if let Some(rows) = gold.get("rows").and_then(Json::as_array) {
            let rows: Option<Vec<Vec<String>>> = rows
                .iter()
                .map(|r| {
                    r.as_array().map(|cells| {
                        cells.iter().map(|c| gold_string(c).unwrap_or_default()).collect()
                    })
                })
                .collect();
            let ordered = gold.get("ordered").and_then(Json::as_bool).unwrap_or(false);
            (rows.ok_or_else(|| self.bad("`rows` must be a list of lists"))?, ordered)
        } else {
            return Err(self.bad("expected {\"sql\": ...} or {\"rows\": [[...]]}"));
        };
        let query = pred.trim().trim_end_matches(';');
        let (df, _) = match run_checked(query, &tables, &self.sql) {
            Ok(r) => r,
            Err(TableError::TimedOut { .. }) => return Err(sql_timeout()),
            Err(e) => {
                return Ok(Reward::incorrect()
                    .with_pred(pred)
                    .with_detail(format!("SQL refused or failed: {e}")));
            }
        };
        let pred_rows = frame_rows(&df);
        cx.charge((pred_rows.len() + gold_rows.len()) as u64 * 4 + 1)?;
        let width = |rows: &[Vec<String>]| rows.first().map_or(0, Vec::len);
        if !gold_rows.is_empty() && width(&gold_rows) != width(&pred_rows) && !pred_rows.is_empty()
        {
            return Ok(Reward::incorrect().with_pred(pred).with_detail(format!(
                "the result has {} column(s), the gold {}",
                width(&pred_rows),
                width(&gold_rows)
            )));
        }
        let rule = NumberRule::default();
        let parse_row =
            |r: &Vec<String>| -> Vec<Value> { r.iter().map(|c| parse_value(c)).collect() };
        let g: Vec<Vec<Value>> = gold_rows.iter().map(parse_row).collect();
        let p: Vec<Vec<Value>> = pred_rows.iter().map(parse_row).collect();
        let row_eq = |a: &Vec<Value>, b: &Vec<Value>| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| values_equal(x, y, &rule))
        };
        let ok = if ordered {
            g.len() == p.len() && g.iter().zip(&p).all(|(a, b)| row_eq(a, b))
        } else {
            multiset_match(&g, &p, row_eq)
        };
        let detail = format!(
            "{} result row(s) vs {} gold row(s){}; column names ignored",
            p.len(),
            g.len(),
            if ordered { ", in order" } else { ", order ignored" }
        );
        Ok(Reward::from_bool(ok).with_pred(pred).with_detail(detail))
    }
}

fn tatqa_gold(v: &Json) -> Option<TatQaGold> {
    match v {
        Json::Object(o) => {
            let answers = match o.get("answer")? {
                Json::Array(a) => a.iter().map(gold_string).collect::<Option<Vec<_>>>()?,
                other => vec![gold_string(other)?],
            };
            let scale = o.get("scale").and_then(Json::as_str).unwrap_or("");
            let ty = o.get("answer_type").and_then(Json::as_str).unwrap_or("span");
            Some(TatQaGold::new(answers, scale, ty))
        }
        other => {
            let s = gold_string(other)?;
            Some(TatQaGold::new(split_answers(&s), "", "span"))
        }
    }
}

impl Verifier for TableVerifier {
    fn name(&self) -> &str {
        names::TABLE
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let policy = match self.policy {
            Some(p) => p,
            None => TablePolicy::for_sample(sample)?,
        };
        let kinds: &[Kind] = if policy == TablePolicy::Sql { &SQL_KINDS } else { &ANSWER_KINDS };
        let answer = match self.extraction.extract(
            &sample.response,
            kinds,
            Mode::for_sample(sample, cx, self.name())?,
        ) {
            Ok(a) => a,
            Err(none) => return Ok(none.reward()),
        };
        cx.charge(1 + answer.text.len() as u64 / 16)?;
        self.grade(sample, policy, answer.text, cx)
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let policy = match self.policy {
            Some(p) => p,
            None => TablePolicy::for_sample(sample)?,
        };
        match policy {
            TablePolicy::TatQa => tatqa_gold(&sample.ground_truth)
                .map(|_| ())
                .ok_or_else(|| self.bad("unreadable TAT-QA gold")),
            TablePolicy::Sql => {
                sample_tables(sample).map(|_| ()).map_err(|e| self.bad(format!("tables: {e}")))
            }
            _ => gold_string(sample.ground_truth.get("exe_ans").unwrap_or(&sample.ground_truth))
                .filter(|s| !s.is_empty())
                .map(|_| ())
                .ok_or_else(|| self.bad("expected a string, a number or a list")),
        }
    }
}

/// A query over its wall-clock limit: undecided (`timeout`), never a
/// verdict, since the same query on a less loaded machine would finish.
fn sql_timeout() -> Error {
    Error::BudgetExceeded { kind: rlvr_core::BudgetKind::WallClock }
}
