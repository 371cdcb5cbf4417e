//! Comparing answer values: percent policy, tolerances, multisets, and the
//! per-dataset rules (WTQ, TAT-QA, Guru parity).

use crate::value::{Date, Num, Scale, Value, clean, parse_value};

/// How a bare number may match a bare gold number that differs by 100×.
///
/// A gold or answer written with `%` always matches both its number and
/// its value (`12.5%` matches `12.5` and `0.125`); this policy is only
/// about two *plain* numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum PercentPolicy {
    /// The numbers must agree. `12.5` never matches `0.125`.
    #[default]
    Strict,
    /// The answer may be the gold × 100 (a fraction gold, an answer in
    /// percent: FinQA stores `12.34%` as 0.1234).
    AcceptX100,
    /// The answer may be the gold ÷ 100.
    AcceptDiv100,
}

impl rlvr_core::option::RowOption for PercentPolicy {
    const KEY: &'static str = "percent";
    const NAMES: &'static [(&'static str, Self)] = &[
        ("strict", Self::Strict),
        ("accept_x100", Self::AcceptX100),
        ("accept_div100", Self::AcceptDiv100),
    ];
}

impl PercentPolicy {
    /// Parses `strict`, `accept_x100`, `accept_div100` (ASCII
    /// case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as rlvr_core::option::RowOption>::named(name)
    }
}

/// Numeric comparison settings.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct NumberRule {
    /// The percent policy.
    pub percent: PercentPolicy,
    /// The largest relative tolerance shown digits may grant (default 1%).
    pub max_relative: f64,
    /// Significant digits an answer coarser than the gold must show for
    /// its own rounding to count (default 3).
    pub min_sig: u32,
}

impl Default for NumberRule {
    fn default() -> Self {
        Self { percent: PercentPolicy::Strict, max_relative: 0.01, min_sig: 3 }
    }
}

impl NumberRule {
    /// Sets the percent policy.
    #[must_use]
    pub fn with_percent(mut self, p: PercentPolicy) -> Self {
        self.percent = p;
        self
    }

    /// Sets the largest relative tolerance (non-finite or negative values
    /// are ignored).
    #[must_use]
    pub fn with_max_relative(mut self, rel: f64) -> Self {
        if rel.is_finite() && rel >= 0.0 {
            self.max_relative = rel;
        }
        self
    }

    /// Whether two numbers agree under this rule.
    ///
    /// # Example
    /// ```
    /// use rlvr_table::{NumberRule, PercentPolicy, Value, parse_value};
    /// let n = |s: &str| match parse_value(s) { Value::Number(n) => n, _ => unreachable!() };
    /// let r = NumberRule::default();
    /// assert!(!r.numbers_equal(&n("1234"), &n("1235")));
    /// assert!(r.numbers_equal(&n("12.5"), &n("12.50")));
    /// assert!(r.numbers_equal(&n("0.1234"), &n("0.12341")));
    /// assert!(!r.numbers_equal(&n("0.125"), &n("12.5")));
    /// assert!(r.numbers_equal(&n("12.5%"), &n("0.125")));
    /// assert!(r.with_percent(PercentPolicy::AcceptX100).numbers_equal(&n("0.125"), &n("12.5")));
    /// ```
    pub fn numbers_equal(&self, g: &Num, p: &Num) -> bool {
        match (g.percent, p.percent) {
            (true, false) => {
                self.close(g.value, g, p.value, p, 1.0, 1.0)
                    || self.close(g.value / 100.0, g, p.value, p, 0.01, 1.0)
            }
            (false, true) => {
                self.close(g.value, g, p.value, p, 1.0, 1.0)
                    || self.close(g.value, g, p.value / 100.0, p, 1.0, 0.01)
            }
            _ => {
                self.close(g.value, g, p.value, p, 1.0, 1.0)
                    || match self.percent {
                        PercentPolicy::Strict => false,
                        PercentPolicy::AcceptX100 => {
                            self.close(g.value * 100.0, g, p.value, p, 100.0, 1.0)
                        }
                        PercentPolicy::AcceptDiv100 => {
                            self.close(g.value / 100.0, g, p.value, p, 0.01, 1.0)
                        }
                    }
            }
        }
    }

    /// `gv` and `pv` are the values under one reading; `gscale` and
    /// `pscale` what that reading multiplied each by (to scale its
    /// rounding unit).
    fn close(&self, gv: f64, g: &Num, pv: f64, p: &Num, gscale: f64, pscale: f64) -> bool {
        if g.integer && gscale == 1.0 && pscale == 1.0 {
            return pv == gv;
        }
        let half = |places: Option<i64>| {
            places.map_or(0.0, |pl| 0.5 * 10f64.powi(-(pl.clamp(-300, 300) as i32)))
        };
        let g_tol = half(g.places) * gscale;
        let p_tol = half(p.places) * pscale;
        let tol =
            if p.sig >= self.min_sig || p.places.is_none() { g_tol.max(p_tol) } else { g_tol };
        let tol = tol.min(self.max_relative * gv.abs());
        let eps = 1e-9 * gv.abs().max(pv.abs()).max(1e-300);
        (pv - gv).abs() <= tol + eps
    }
}

/// Whether two values agree: numbers by `rule`, dates part by part, text
/// after normalisation.
pub fn values_equal(g: &Value, p: &Value, rule: &NumberRule) -> bool {
    match (g, p) {
        (Value::Number(a), Value::Number(b)) => rule.numbers_equal(a, b),
        (Value::Date(a), Value::Date(b)) => a == b,
        // A year-only answer against a year gold.
        (Value::Number(n), Value::Date(d)) | (Value::Date(d), Value::Number(n)) => {
            d.month.is_none() && d.day.is_none() && d.year.is_some_and(|y| f64::from(y) == n.value)
        }
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Text(a), Value::Text(b)) => a == b,
        _ => false,
    }
}

/// Splits a multi-answer on `|`.
pub(crate) fn split_answers(s: &str) -> Vec<String> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

/// Splits a predicted multi-answer: on `|`; when that gives one item and
/// the gold has `want` items, also on `;`, `, ` or ` and `.
pub(crate) fn split_pred(s: &str, want: usize) -> Vec<String> {
    let s = clean(s);
    let items = split_answers(&s);
    if items.len() != 1 || want <= 1 {
        return items;
    }
    for sep in [";", ", ", " and "] {
        let parts: Vec<String> =
            s.split(sep).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect();
        if parts.len() == want {
            return parts;
        }
    }
    items
}

/// Whether the two lists match as multisets: same length and a perfect
/// one-to-one matching under `eq` (found by augmenting paths, so the order
/// of items never matters).
pub fn multiset_match<G, P>(gold: &[G], pred: &[P], eq: impl Fn(&G, &P) -> bool) -> bool {
    if gold.len() != pred.len() {
        return false;
    }
    let n = gold.len();
    let adj: Vec<Vec<usize>> =
        gold.iter().map(|g| (0..n).filter(|&j| eq(g, &pred[j])).collect()).collect();
    let mut owner: Vec<Option<usize>> = vec![None; n];
    fn augment(
        i: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &j in &adj[i] {
            if seen[j] {
                continue;
            }
            seen[j] = true;
            if owner[j].is_none_or(|o| augment(o, adj, seen, owner)) {
                owner[j] = Some(i);
                return true;
            }
        }
        false
    }
    (0..n).all(|i| {
        let mut seen = vec![false; n];
        augment(i, &adj, &mut seen, &mut owner)
    })
}

// ---------------------------------------------------------------------
// WikiTableQuestions (official evaluator v1.0.2)
// ---------------------------------------------------------------------

/// The official WTQ `normalize()`: NFKD without combining marks, quotes and
/// dashes folded, trailing citations / parenthesised details / surrounding
/// quotes stripped repeatedly, one trailing `.` dropped, whitespace
/// collapsed, lowercase.
///
/// # Example
/// ```
/// use rlvr_table::wtq_normalize;
/// assert_eq!(wtq_normalize("Chicago Bulls (NBA)"), "chicago bulls");
/// assert_eq!(wtq_normalize("Paris [1]"), "paris");
/// assert_eq!(wtq_normalize("(2)"), "(2)");
/// ```
pub fn wtq_normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut x: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '‘' | '’' | '´' | '`' => '\'',
            '“' | '”' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            c => c,
        })
        .collect();
    loop {
        let before = x.clone();
        // Trailing citations `[1]`, `[note]`, and marks.
        let t = x.trim_end();
        if t.ends_with(']')
            && let Some(open) = t.rfind('[')
            && open > 0
        {
            x = t[..open].to_owned();
        }
        x = x.trim_end_matches(['•', '♦', '†', '‡', '*', '#', '+']).to_owned();
        // A trailing ` (…)` detail, not a leading parenthesis.
        let t = x.trim_end();
        if t.ends_with(')')
            && let Some(open) = t.rfind(" (")
        {
            x = t[..open].to_owned();
        }
        let t = x.trim();
        if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
            x = t[1..t.len() - 1].to_owned();
        }
        if x == before {
            break;
        }
    }
    let x = x.trim();
    let x = x.strip_suffix('.').unwrap_or(x);
    x.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[derive(Debug, Clone, PartialEq)]
enum WtqValue {
    Str(String),
    Num(String, f64),
    Date(String, Date),
}

fn wtq_value(s: &str) -> WtqValue {
    let norm = wtq_normalize(s);
    // Python `int()`/`float()` semantics: no thousands separators.
    let t = norm.trim();
    let is_float = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e'))
        && t.bytes().any(|b| b.is_ascii_digit());
    if is_float && let Ok(v) = t.parse::<f64>() {
        return WtqValue::Num(norm, v);
    }
    if let Value::Date(d) = parse_value(t)
        && t.contains('-')
    {
        if d.month.is_none()
            && d.day.is_none()
            && let Some(y) = d.year
        {
            return WtqValue::Num(norm, f64::from(y));
        }
        return WtqValue::Date(norm, d);
    }
    WtqValue::Str(norm)
}

fn wtq_match(g: &WtqValue, p: &WtqValue) -> bool {
    let norm = |v: &WtqValue| match v {
        WtqValue::Str(s) | WtqValue::Num(s, _) | WtqValue::Date(s, _) => s.clone(),
    };
    if norm(g) == norm(p) {
        return true;
    }
    match (g, p) {
        (WtqValue::Num(_, a), WtqValue::Num(_, b)) => (a - b).abs() < 1e-6,
        (WtqValue::Date(_, a), WtqValue::Date(_, b)) => a == b,
        _ => false,
    }
}

/// WTQ's official rule: the lists have the same size and every gold item
/// matches some predicted item.
pub fn wtq_equal(gold: &[String], pred: &[String]) -> bool {
    let g: Vec<WtqValue> = gold.iter().map(|s| wtq_value(s)).collect();
    let p: Vec<WtqValue> = pred.iter().map(|s| wtq_value(s)).collect();
    g.len() == p.len() && g.iter().all(|gv| p.iter().any(|pv| wtq_match(gv, pv)))
}

// ---------------------------------------------------------------------
// TAT-QA
// ---------------------------------------------------------------------

/// `scale_to_num` of TAT-QA: `percent` is 0.01.
fn tatqa_scale(s: &str) -> f64 {
    match s.trim().to_ascii_lowercase().as_str() {
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "percent" => 0.01,
        _ => 1.0,
    }
}

/// TAT-QA's number reading: `,` removed, `(…)` or `-` negative, `%`
/// divides by 100, rounded to 4 decimals.
fn tatqa_number(s: &str) -> Option<f64> {
    let t = s.trim().replace([',', '$'], "");
    let (neg, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner.to_owned()),
        None => (false, t),
    };
    let (pct, t) = match t.strip_suffix('%') {
        Some(x) => (true, x.trim().to_owned()),
        None => (false, t),
    };
    let mut v: f64 = t.trim().parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    if neg {
        v = -v;
    }
    if pct {
        v /= 100.0;
    }
    Some((v * 1e4).round() / 1e4)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// TAT-QA's span normal form: lowercase, punctuation removed (numbers kept
/// as parsed values), articles removed.
fn tatqa_tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split_whitespace()
        .filter_map(|w| {
            if let Some(v) = tatqa_number(w) {
                return Some(format!("{v:.4}"));
            }
            let w: String = w.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
            (!w.is_empty() && !matches!(w.as_str(), "a" | "an" | "the")).then_some(w)
        })
        .collect();
    out.sort();
    out
}

/// A TAT-QA gold: the answer (spans or a number), its scale and type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TatQaGold {
    /// The answer spans (one for arithmetic, count and span answers).
    pub answers: Vec<String>,
    /// `""`, `thousand`, `million`, `billion` or `percent`.
    pub scale: String,
    /// `span`, `multi-span`, `arithmetic` or `count`.
    pub answer_type: String,
}

/// TAT-QA exact match: numbers as `round(x, 2) × scale` (so a wrong scale
/// makes them differ), with the bare-number fallback for percentages;
/// spans as bags of normalised tokens; multi-span answers as a set of
/// spans.
///
/// # Example
/// ```
/// use rlvr_table::{TatQaGold, tatqa_equal};
/// let g = TatQaGold::new(vec!["1,234.5".into()], "thousand", "arithmetic");
/// assert!(tatqa_equal(&g, &["1234.5".into()], "thousand"));
/// assert!(!tatqa_equal(&g, &["1234.5".into()], "million"));
/// let p = TatQaGold::new(vec!["12.35".into()], "percent", "arithmetic");
/// assert!(tatqa_equal(&p, &["12.351".into()], "percent"));
/// assert!(!tatqa_equal(&p, &["12.36".into()], "percent"));
/// ```
pub fn tatqa_equal(gold: &TatQaGold, pred: &[String], pred_scale: &str) -> bool {
    let numeric = matches!(gold.answer_type.as_str(), "arithmetic" | "count");
    if numeric
        || (gold.answers.len() == 1 && pred.len() == 1 && tatqa_number(&gold.answers[0]).is_some())
    {
        let (Some(g), Some(p)) = (gold.answers.first().and_then(|g| tatqa_number(g)), pred.first())
        else {
            return false;
        };
        let gv = format!("{:.4}", round2(g) * tatqa_scale(&gold.scale));
        let Some(pn) = tatqa_number(p) else {
            return false;
        };
        if format!("{:.4}", round2(pn) * tatqa_scale(pred_scale)) == gv {
            return true;
        }
        // A bare number with no scale and no `%` is also tried raw.
        return pred_scale.is_empty() && !p.contains('%') && format!("{pn:.4}") == gv;
    }
    if gold.scale != pred_scale && !gold.scale.is_empty() && !pred_scale.is_empty() {
        return false;
    }
    let g: Vec<Vec<String>> = gold.answers.iter().map(|a| tatqa_tokens(a)).collect();
    let p: Vec<Vec<String>> = pred.iter().map(|a| tatqa_tokens(a)).collect();
    multiset_match(&g, &p, |a, b| a == b)
}

impl TatQaGold {
    /// A gold.
    pub fn new(answers: Vec<String>, scale: &str, answer_type: &str) -> Self {
        Self { answers, scale: scale.to_owned(), answer_type: answer_type.to_owned() }
    }
}

/// Reads a TAT-QA prediction's scale from the answer text: a trailing
/// scale word or `%` (`1,234.5 thousand`, `12.3%`).
pub(crate) fn tatqa_pred_scale(s: &str) -> (String, String) {
    let t = clean(s);
    let lower = t.to_lowercase();
    for w in ["thousand", "million", "billion", "percent"] {
        if let Some(head) = lower.strip_suffix(w) {
            return (t[..head.len()].trim().to_owned(), w.to_owned());
        }
    }
    if let Some(head) = t.strip_suffix('%') {
        return (head.trim().to_owned(), "percent".to_owned());
    }
    (t, String::new())
}

// ---------------------------------------------------------------------
// Guru parity (Reasoning360 `tablereason`)
// ---------------------------------------------------------------------

/// Reasoning360's single-answer reading, without `eval`: drop `,` `$` `\`,
/// `%` → `/100`, `:` → `/`, then read the result as exact arithmetic with
/// rlvr-math (numbers, `+ - * /`, powers with size limits).
fn guru_number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !matches!(c, ',' | '$' | '\\')).collect();
    let t = t.replace('%', "/100").replace(':', "/");
    let t = t.trim();
    if t.is_empty() || t.len() > 200 {
        return None;
    }
    // Only arithmetic characters: anything else (names, calls) is not a
    // number, exactly where Python's eval would have run code.
    if !t.chars().all(|c| c.is_ascii_digit() || " .+-*/()eE".contains(c)) {
        return None;
    }
    let t = t.replace("**", "^");
    rlvr_math::parse_number(&t).map(|n| n.to_f64()).filter(|v| v.is_finite())
}

/// `math_equal(x, gt, tolerance=1e-3)` with the ×100 and ÷100 variants.
fn guru_close(g: f64, p: f64) -> bool {
    [g, g * 100.0, g / 100.0].iter().any(|&gv| {
        let tol = 1e-3 * gv.abs().max(p.abs());
        (gv - p).abs() <= tol || gv == p
    })
}

/// Hendrycks `is_equiv`, approximately: spaces removed, `\left`/`\right`
/// dropped, compared as strings.
fn guru_string(s: &str) -> String {
    s.replace("\\left", "").replace("\\right", "").chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reasoning360 `tablereason` verdicts (for parity runs), minus `eval`:
/// the answer is lowercased; `\text{}` is *not* unwrapped (the reference's
/// regex wants a double backslash), so `\text{North America}` fails as it
/// does there; numbers match with relative 1e-3 and ×100/÷100 on every
/// number (so 1235 matches 1234 and 12.5 matches 0.125, as there);
/// multi-answers are split on `|`, sorted as strings and compared pairwise.
pub fn guru_equal(gold: &str, pred: &str) -> bool {
    let gold = gold.to_lowercase();
    let pred = pred.to_lowercase();
    let one = |g: &str, p: &str| match (guru_number(g), guru_number(p)) {
        (Some(a), Some(b)) => guru_close(a, b),
        _ => guru_string(g) == guru_string(p),
    };
    if gold.contains('|') {
        let mut g: Vec<&str> = gold.split('|').map(str::trim).collect();
        let mut p: Vec<&str> = pred.split('|').map(str::trim).collect();
        g.sort_unstable();
        p.sort_unstable();
        return g.len() == p.len() && g.iter().zip(&p).all(|(a, b)| one(a, b));
    }
    one(gold.trim(), pred.trim())
}

/// Parses and normalises the parts of a multi-answer.
pub(crate) fn parse_all(items: &[String]) -> Vec<Value> {
    items.iter().map(|s| parse_value(s)).collect()
}

/// A scale is shown in the value itself; used by details.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) if n.scale != Scale::One => format!("{v} ({})", n.scale.word()),
        _ => v.to_string(),
    }
}
