//! Zebra (Einstein) puzzles in the Guru format: gold `{"header", "rows"}`.

use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

use crate::answer;
use rlvr_core::literal;

/// Grades zebra puzzles (`logic__zebra_puzzle*`).
///
/// The answer is the last `<answer>` block (it may span lines), read as JSON
/// or a Python literal: `{"header": [...], "rows": [[...], ...]}`, a bare
/// list of rows, or the ZebraLogic form `{"House 1": {"Name": ...}}`.
/// Cells are compared case-insensitively with whitespace collapsed, and
/// `1` equals `"1"`. When the answer carries a header that is a permutation
/// of the gold header, its columns are matched by name.
///
/// The answer is **correct iff every cell matches**. The cell accuracy,
/// with the position column excluded (it is free credit), is reported in
/// the detail, and used as the score only under the partial-credit option
/// ([`ZebraVerifierBuilder::partial_credit`], or `extra_info.partial_credit =
/// true` on the row).
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier, Verdict};
/// use rlvr_logic::ZebraVerifier;
///
/// let gold = serde_json::json!({"header": ["Position", "Name"], "rows": [["1", "Ann"], ["2", "Bob"]]});
/// let ok = Sample::new("logic__zebra_puzzle_dataset", "<answer>{'rows': [[1, 'ann'], [2, 'bob']]}</answer>", gold.clone());
/// assert!(ZebraVerifier::new().verify(&ok, &Context::default())?.is_correct());
///
/// let half = Sample::new("logic__zebra_puzzle_dataset", "<answer>[[1, 'bob'], [2, 'bob']]</answer>", gold);
/// let r = ZebraVerifier::builder().partial_credit(true).build().verify(&half, &Context::default())?;
/// assert_eq!((r.verdict, r.score), (Verdict::Partial, 0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ZebraVerifier {
    partial_credit: bool,
}

/// The gold grid.
struct Gold {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The index of the position column, if any.
    position: Option<usize>,
}

impl ZebraVerifier {
    /// The verifier, with partial credit off.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for other settings.
    pub fn builder() -> ZebraVerifierBuilder {
        ZebraVerifierBuilder { v: Self::new() }
    }

    fn gold(sample: &Sample) -> Result<Gold, Error> {
        let bad = |why: &str| Error::invalid_ground_truth(names::ZEBRA, why);
        let v = literal::unwrap_string(&sample.ground_truth);
        let header: Vec<String> = v
            .get("header")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing `header` list"))?
            .iter()
            .map(cell)
            .collect::<Option<_>>()
            .ok_or_else(|| bad("header cells must be strings or numbers"))?;
        let rows: Vec<Vec<String>> = v
            .get("rows")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing `rows` list"))?
            .iter()
            .map(|r| r.as_array().and_then(|r| r.iter().map(cell).collect()))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("rows must be lists of strings or numbers"))?;
        if header.is_empty() || rows.is_empty() || rows.iter().any(|r| r.len() != header.len()) {
            return Err(bad("rows and header differ in length, or are empty"));
        }
        let position =
            header.iter().position(|h| matches!(h.as_str(), "position" | "house" | "pos"));
        Ok(Gold { header, rows, position })
    }
}

/// Builds a [`ZebraVerifier`] with settings other than the defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct ZebraVerifierBuilder {
    v: ZebraVerifier,
}

impl ZebraVerifierBuilder {
    /// Scores a wrong grid by its cell accuracy (position column excluded)
    /// instead of 0. Off by default: for RL, puzzle-level correctness is
    /// the reward, and a uniform guess already earns cell accuracy.
    pub fn partial_credit(mut self, on: bool) -> Self {
        self.v.partial_credit = on;
        self
    }

    /// The verifier.
    pub fn build(self) -> ZebraVerifier {
        self.v
    }
}

/// A normalized cell: strings and numbers as lowercase text.
fn cell(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
}

/// The answer's rows, with its columns reordered to the gold header when it
/// names them.
fn answer_rows(v: &Value, gold: &Gold) -> Option<Vec<Vec<Option<String>>>> {
    let row_of = |r: &Value| -> Option<Vec<Option<String>>> {
        Some(r.as_array()?.iter().map(cell).collect())
    };
    match v {
        Value::Array(rows) => rows.iter().map(row_of).collect(),
        Value::Object(map) if map.contains_key("rows") => {
            let rows: Vec<Vec<Option<String>>> =
                map.get("rows")?.as_array()?.iter().map(row_of).collect::<Option<_>>()?;
            let header: Option<Vec<String>> = map
                .get("header")
                .and_then(Value::as_array)
                .and_then(|h| h.iter().map(cell).collect());
            let Some(header) = header else { return Some(rows) };
            // Reorder by name only when the header is a permutation of the gold's.
            let idx: Option<Vec<usize>> =
                gold.header.iter().map(|g| header.iter().position(|h| h == g)).collect();
            match idx {
                Some(idx) if header.len() == gold.header.len() => Some(
                    rows.iter()
                        .map(|r| idx.iter().map(|&i| r.get(i).cloned().flatten()).collect())
                        .collect(),
                ),
                _ => Some(rows),
            }
        }
        Value::Object(map) => {
            // ZebraLogic: {"House 1": {"Name": "...", ...}, ...}.
            let mut rows = Vec::new();
            for (i, _) in gold.rows.iter().enumerate() {
                let key = map.keys().find(|k| {
                    k.trim_start_matches(|c: char| !c.is_ascii_digit()).parse::<usize>().ok()
                        == Some(i + 1)
                })?;
                let attrs = map.get(key)?.as_object()?;
                let row = gold
                    .header
                    .iter()
                    .enumerate()
                    .map(|(j, h)| {
                        if Some(j) == gold.position {
                            return Some((i + 1).to_string());
                        }
                        attrs
                            .iter()
                            .find(|(k, _)| k.to_lowercase() == *h)
                            .and_then(|(_, v)| cell(v))
                    })
                    .collect();
                rows.push(row);
            }
            Some(rows)
        }
        _ => None,
    }
}

/// The answer's rows in the gold's row order, matched by their position
/// cell, when the gold has a position column and the answer's position
/// cells are exactly the gold's (in any order); otherwise as listed. A row
/// is identified by its position, not by where it is listed.
fn by_position(rows: Vec<Vec<Option<String>>>, gold: &Gold) -> Vec<Vec<Option<String>>> {
    let Some(p) = gold.position else { return rows };
    if rows.len() != gold.rows.len() {
        return rows;
    }
    let mut order = Vec::with_capacity(rows.len());
    for g in &gold.rows {
        let found = rows.iter().position(|r| r.get(p).and_then(Option::as_ref) == Some(&g[p]));
        match found {
            Some(i) if !order.contains(&i) => order.push(i),
            _ => return rows,
        }
    }
    let mut slots: Vec<Option<Vec<Option<String>>>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The last `{...}` or `[...]` span of `text`, for answers with prose
/// around the literal.
pub(crate) fn literal_in(text: &str) -> Option<Value> {
    if let Some(v) = literal::parse(text) {
        return Some(v);
    }
    let start = text.find(['{', '['])?;
    let end = text.rfind(['}', ']'])?;
    (start < end).then(|| literal::parse(&text[start..=end])).flatten()
}

impl Verifier for ZebraVerifier {
    fn name(&self) -> &str {
        names::ZEBRA
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let partial = self.partial_credit
            || sample.option_bool(self.name(), "partial_credit")?.unwrap_or(false);
        answer::grade_tagged(
            sample,
            cx,
            self.name(),
            Self::gold(sample),
            |gold, text| {
                literal_in(text).and_then(|v| answer_rows(&v, gold)).map(|r| by_position(r, gold))
            },
            "not a zebra grid",
            |gold, rows, text| Ok(Self::grade_rows(partial, &gold, &rows).with_pred(text)),
        )
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        Self::gold(sample).map(drop)
    }
}

impl ZebraVerifier {
    /// All cells right, or (under the partial-credit option) the cell
    /// accuracy; the accuracy is in the detail either way.
    fn grade_rows(partial: bool, gold: &Gold, rows: &[Vec<Option<String>>]) -> Reward {
        let mut all = true;
        let (mut right, mut total) = (0usize, 0usize);
        for (i, gold_row) in gold.rows.iter().enumerate() {
            for (j, g) in gold_row.iter().enumerate() {
                let ok = rows.get(i).and_then(|r| r.get(j)).and_then(Option::as_ref) == Some(g);
                all &= ok;
                if Some(j) != gold.position {
                    total += 1;
                    right += usize::from(ok);
                }
            }
        }
        all &= rows.len() == gold.rows.len();
        let detail = format!("cell accuracy {right}/{total} (position column excluded)");
        let reward = if all {
            Reward::correct()
        } else if partial && right < total {
            #[allow(clippy::cast_precision_loss, reason = "cell counts are small")]
            Reward::partial(right as f64 / total.max(1) as f64)
        } else {
            Reward::incorrect()
        };
        reward.with_detail(detail)
    }
}
