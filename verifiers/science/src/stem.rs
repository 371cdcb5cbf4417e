//! WebInstruct-verified (`stem_web`, `stem__web*`): quantities with units,
//! numbers, expressions and short text answers.

use rlvr_core::extract::{Kind, Mode, Policy};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};
use serde_json::Value;

use crate::quantity::{Quantity, strip_math};

/// What to do with a bare number when the gold has a physical unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Unitless {
    /// The default: a bare `19.8` for a gold of `19.8 m/s` is incorrect,
    /// since the unit is part of a physical answer (`19.8` could be km/h).
    /// Money, percentages, angles and scale words are exempt: `8645.09`
    /// matches `$8,645.09`, `30` matches `30°`.
    #[default]
    Reject,
    /// Read the bare number in the gold's unit.
    AssumeGoldUnit,
}

impl rlvr_core::option::RowOption for Unitless {
    const KEY: &'static str = "unitless";
    const NAMES: &'static [(&'static str, Self)] =
        &[("reject", Self::Reject), ("assume_gold_unit", Self::AssumeGoldUnit)];
}

impl Unitless {
    /// Parses `reject` / `assume_gold_unit` (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as rlvr_core::option::RowOption>::named(name)
    }
}

/// Grades WebInstruct-verified STEM answers (`stem_web`, `stem__web*`)
/// without a judge, deterministically.
///
/// The answer is the last `\boxed{}` (core's extraction policy). Then:
/// - **quantities** (`2.5 m/s`, `$8,645.09`, `3.2e-19 J`,
///   `1.5 \times 10^{3}\ \mathrm{kg}`): the prediction's unit is converted
///   to the gold's (SI prefixes, derived and common non-SI units, `°C`/`°F`
///   offsets); a different dimension is incorrect. The numbers must agree
///   to the precision the gold shows: half a unit in its last place (so
///   `19.81` matches `19.8`), or the prediction's own last place when it
///   shows at least three significant figures (`8645.1` matches
///   `8645.09`), never more than 1% of the gold. Integers written as
///   integers are compared exactly (`1235` never matches `1234`);
/// - **a bare number against a gold with a unit**: see [`Unitless`];
/// - **expressions, fractions, intervals, matrices** go to
///   [`rlvr_math::answers_equal`];
/// - **text** is compared as lowercase words without punctuation or
///   articles. A rule-based verifier cannot accept a paraphrase
///   (`increases` for `it goes up`); the detail says so. The reference
///   grades this domain with an LLM judge, which is not reproducible
///   offline; with the `judge` feature and
///   `StemWebVerifierBuilder::judge`, the answers the rules leave
///   undecided (such text, and answers the math parser cannot read) go to
///   an OpenAI-compatible judge, whose failures are errors, never wrong
///   answers.
///
/// `extra_info.unitless = "assume_gold_unit"` overrides the [`Unitless`]
/// policy for one row.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_science::StemWebVerifier;
///
/// let v = StemWebVerifier::new();
/// let cx = Context::default();
/// let ok = |r: &str, g: &str| v.verify(&Sample::new("stem_web", r, g), &cx).map(|r| r.is_correct());
/// assert!(ok("\\boxed{70.2\\ \\text{km/h}}", "19.5 m/s")?);
/// assert!(ok("\\boxed{250 mA}", "0.25 A")?);
/// assert!(ok("\\boxed{2.0 eV}", "3.2e-19 J")?);
/// assert!(!ok("\\boxed{19.8 J}", "19.8 m/s")?);
/// assert!(!ok("\\boxed{19.8}", "19.8 m/s")?);
/// assert!(ok("\\boxed{8645.09}", "$8,645.09")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct StemWebVerifier {
    unitless: Unitless,
    max_relative: f64,
    min_sig: u32,
    policy: Policy,
    #[cfg(feature = "judge")]
    judge: Option<std::sync::Arc<crate::Judge>>,
}

impl Default for StemWebVerifier {
    fn default() -> Self {
        Self {
            unitless: Unitless::Reject,
            max_relative: 0.01,
            min_sig: 3,
            policy: Policy::default(),
            #[cfg(feature = "judge")]
            judge: None,
        }
    }
}

/// A rule-based reward, and whether the rules decided it (an undecided one
/// may go to the judge).
struct Ruled {
    reward: Reward,
    #[cfg_attr(
        not(feature = "judge"),
        expect(dead_code, reason = "only the judge fallback reads it")
    )]
    decided: bool,
}

/// Builds a [`StemWebVerifier`] with non-default conventions.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_science::{StemWebVerifier, Unitless};
/// let v = StemWebVerifier::builder().unitless(Unitless::AssumeGoldUnit).build();
/// assert!(v.verify(&Sample::new("stem_web", "\\boxed{19.8}", "19.8 m/s"), &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct StemWebVerifierBuilder {
    v: StemWebVerifier,
}

impl StemWebVerifierBuilder {
    /// The policy for bare numbers against golds with units.
    #[must_use]
    pub fn unitless(mut self, policy: Unitless) -> Self {
        self.v.unitless = policy;
        self
    }

    /// The largest relative tolerance the gold's precision may grant
    /// (default 0.01).
    #[must_use]
    pub fn max_relative_tolerance(mut self, rel: f64) -> Self {
        self.v.max_relative = if rel.is_finite() { rel.max(0.0) } else { 0.01 };
        self
    }

    /// The significant figures a prediction must show for its own rounding
    /// to count when it is coarser than the gold (default 3).
    #[must_use]
    pub fn min_significant_digits(mut self, digits: u32) -> Self {
        self.v.min_sig = digits;
        self
    }

    /// The extraction caps.
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.v.policy = policy;
        self
    }

    /// Sends the answers the rules cannot decide (free-form text, answers
    /// the math parser cannot read) to an LLM judge (feature `judge`).
    ///
    /// # Example
    /// ```
    /// use rlvr_science::{Judge, JudgeConfig, StemWebVerifier};
    /// let judge = Judge::new(JudgeConfig::new("http://127.0.0.1:8000", "judge-model"))?;
    /// let v = StemWebVerifier::builder().judge(judge).build();
    /// assert!(v.judge_endpoint().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "judge")]
    #[must_use]
    pub fn judge(mut self, judge: crate::Judge) -> Self {
        self.v.judge = Some(std::sync::Arc::new(judge));
        self
    }

    /// The verifier.
    pub fn build(self) -> StemWebVerifier {
        self.v
    }
}

const KINDS: [Kind; 1] = [Kind::Boxed];

/// The largest gold or answer read, in bytes.
const MAX_LEN: usize = 4096;

impl StemWebVerifier {
    /// The verifier with the default conventions.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder.
    pub fn builder() -> StemWebVerifierBuilder {
        StemWebVerifierBuilder::default()
    }

    /// Judges a raw predicted answer against a raw gold answer (neither in
    /// a `\boxed{}`), returning the reward with its detail.
    ///
    /// # Errors
    /// [`Error::BudgetExceeded`] when `cx` runs out.
    ///
    /// # Example
    /// ```
    /// use rlvr_core::Context;
    /// use rlvr_science::StemWebVerifier;
    /// let r = StemWebVerifier::new().judge("25 °C", "298.15 K", &Context::default())?;
    /// assert!(r.is_correct());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn judge(&self, gold: &str, pred: &str, cx: &Context) -> Result<Reward, Error> {
        self.rule(gold, pred, self.unitless, cx).map(|r| r.reward)
    }

    /// The endpoint of the LLM judge, when one is configured (feature
    /// `judge`).
    #[cfg(feature = "judge")]
    pub fn judge_endpoint(&self) -> Option<&str> {
        self.judge.as_deref().map(crate::Judge::endpoint)
    }

    fn rule(
        &self,
        gold: &str,
        pred: &str,
        unitless: Unitless,
        cx: &Context,
    ) -> Result<Ruled, Error> {
        cx.charge(1 + (gold.len() + pred.len()) as u64 / 16)?;
        if pred.len() > MAX_LEN {
            return Ok(Ruled {
                reward: Reward::no_answer().with_detail(format!("answer over {MAX_LEN} bytes")),
                decided: true,
            });
        }
        let ruled = |ok: bool, decided: bool, detail: String| Ruled {
            reward: Reward::from_bool(ok).with_pred(pred).with_detail(detail),
            decided,
        };
        if let (Some(g), Some(p)) = (Quantity::parse(gold), Quantity::parse(pred)) {
            let (ok, detail) = self.compare(&g, &p, unitless);
            return Ok(ruled(ok, true, detail));
        }
        // Expressions and everything else rlvr-math reads.
        match rlvr_math::MathVerifier::new().equivalent_in(gold, pred, cx) {
            Ok(eq) if eq.is_equal() => return Ok(ruled(true, true, format!("math: {eq}"))),
            Ok(eq) if !looks_like_text(gold) => {
                // Shown different is decided; unreadable is not.
                let decided = matches!(eq, rlvr_math::Equivalence::Different { .. });
                return Ok(ruled(false, decided, format!("math: {eq}")));
            }
            Ok(_) | Err(Error::InvalidGroundTruth { .. }) => {}
            Err(e) => return Err(e),
        }
        let (g, p) = (words(gold), words(pred));
        if !g.is_empty() && g == p {
            Ok(ruled(true, true, "text: same words".to_owned()))
        } else {
            Ok(ruled(
                false,
                false,
                "text: different words; a rule-based verifier cannot accept a paraphrase \
                 (the optional LLM judge can)"
                    .to_owned(),
            ))
        }
    }

    /// Asks the judge about an answer the rules left undecided.
    #[cfg(feature = "judge")]
    fn ask_judge(
        &self,
        sample: &Sample,
        gold: &str,
        ruled: Ruled,
        pred: &str,
        cx: &Context,
    ) -> Result<Reward, Error> {
        let Some(judge) = self.judge.as_deref().filter(|_| !ruled.decided) else {
            return Ok(ruled.reward);
        };
        cx.check()?;
        let question = sample
            .extra_str("question")
            .map(str::to_owned)
            .or_else(|| sample.prompt.as_ref().and_then(|p| p.last_user().map(str::to_owned)));
        let ok = judge
            .ask(question.as_deref(), gold, pred, cx)
            .map_err(|e| Error::domain(names::STEM_WEB, e))?;
        let rules = ruled.reward.detail.unwrap_or_default();
        Ok(Reward::from_bool(ok).with_pred(pred).with_detail(format!(
            "judge `{}`: {}; rules: {rules}",
            judge.model(),
            if ok { "CORRECT" } else { "INCORRECT" }
        )))
    }

    /// Compares two quantities.
    fn compare(&self, g: &Quantity, p: &Quantity, unitless: Unitless) -> (bool, String) {
        match (g.unit(), p.unit()) {
            (Some(gu), Some(pu)) => {
                if gu.dimension() != pu.dimension() {
                    return (
                        false,
                        format!(
                            "dimension mismatch: gold `{}` is {}, answer `{}` is {}",
                            gu.text(),
                            gu.dimension(),
                            pu.text(),
                            pu.dimension()
                        ),
                    );
                }
                if gu.currency() != pu.currency() {
                    return (false, format!("currency mismatch: {} vs {}", gu.text(), pu.text()));
                }
                let Some(pv) = pu.convert(p.value(), gu) else {
                    return (
                        false,
                        format!(
                            "angle mismatch: gold `{}` and answer `{}` count different angles",
                            gu.text(),
                            pu.text()
                        ),
                    );
                };
                let scale = pu.ratio(gu);
                let ok = self.close(g, g.value(), p, pv, scale);
                (ok, Self::says(ok, g, pv, &format!("{} converted to {}", pu.text(), gu.text())))
            }
            (Some(gu), None) => {
                let exempt = gu.currency().is_some() || gu.dimension().is_none();
                if !exempt && unitless == Unitless::Reject {
                    return (
                        false,
                        format!(
                            "the answer has no unit; the gold is in `{}` (bare numbers are \
                             read in the gold's unit only with unitless = assume_gold_unit)",
                            gu.text()
                        ),
                    );
                }
                // A bare number in the gold's unit; for a dimensionless
                // gold unit (`%`, a scale word) its value counts too.
                if self.close(g, g.value(), p, p.value(), 1.0) {
                    return (
                        true,
                        Self::says(true, g, p.value(), &format!("read in {}", gu.text())),
                    );
                }
                if gu.dimension().is_none() && !gu.text().contains('°') && gu.text() != "deg" {
                    let gv = gu.to_si(g.value());
                    let ok = self.close_values(gv, g.half_ulp() * gu.factor(), p, p.value(), 1.0);
                    return (ok, Self::says(ok, g, p.value(), &format!("value of {}", gu.text())));
                }
                (false, Self::says(false, g, p.value(), &format!("read in {}", gu.text())))
            }
            (None, Some(pu)) => {
                if self.close(g, g.value(), p, p.value(), 1.0) {
                    return (
                        true,
                        Self::says(
                            true,
                            g,
                            p.value(),
                            &format!("the gold has no unit; `{}` ignored", pu.text()),
                        ),
                    );
                }
                if pu.dimension().is_none() && pu.currency().is_none() {
                    let pv = pu.to_si(p.value());
                    let ok = self.close(g, g.value(), p, pv, pu.factor().abs());
                    return (ok, Self::says(ok, g, pv, &format!("value of {}", pu.text())));
                }
                (
                    false,
                    Self::says(
                        false,
                        g,
                        p.value(),
                        &format!("the gold has no unit; `{}` ignored", pu.text()),
                    ),
                )
            }
            (None, None) => {
                let ok = self.close(g, g.value(), p, p.value(), 1.0);
                (ok, Self::says(ok, g, p.value(), "numbers"))
            }
        }
    }

    fn says(ok: bool, g: &Quantity, pv: f64, how: &str) -> String {
        let verb = if ok { "matches" } else { "differs from" };
        format!("{pv} {verb} {} to the gold's precision ({how})", g.value())
    }

    /// Whether `pv` (the prediction in the gold's unit; `scale` converts
    /// the prediction's rounding unit) agrees with the gold.
    fn close(&self, g: &Quantity, gv: f64, p: &Quantity, pv: f64, scale: f64) -> bool {
        // Integers compare exactly only in the same unit: a converted
        // value (`25 °C` is 298.15 K) is compared at the gold's precision.
        if g.is_integer() && p.is_integer() && scale == 1.0 && pv == p.value() {
            return gv == pv;
        }
        self.close_values(gv, g.half_ulp(), p, pv, scale)
    }

    fn close_values(&self, gv: f64, g_tol: f64, p: &Quantity, pv: f64, scale: f64) -> bool {
        let p_tol = p.half_ulp() * scale;
        let coarse_ok = p.significant_digits() >= self.min_sig;
        let tol = if coarse_ok { g_tol.max(p_tol) } else { g_tol };
        let tol = tol.min(self.max_relative * gv.abs());
        let eps = 1e-9 * gv.abs().max(pv.abs());
        (pv - gv).abs() <= tol + eps
    }
}

/// Whether a gold reads as words rather than math (`North America`,
/// `increases`).
fn looks_like_text(gold: &str) -> bool {
    let letters = gold.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && gold.split_whitespace().count() >= 1
        && !gold.contains('\\')
        && !gold.contains('^')
        && gold.chars().filter(|c| c.is_ascii_digit()).count() == 0
}

/// Lowercase words without punctuation, `\text{}` or articles.
fn words(s: &str) -> Vec<String> {
    let s = strip_math(s);
    let mut t = s.to_owned();
    for w in ["\\text", "\\mathrm", "\\textbf", "\\mbox"] {
        t = t.replace(w, " ");
    }
    t.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| !w.is_empty() && !matches!(*w, "a" | "an" | "the"))
        .map(str::to_owned)
        .collect()
}

impl Verifier for StemWebVerifier {
    fn name(&self) -> &str {
        names::STEM_WEB
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let gold = gold_text(&sample.ground_truth)?;
        let answer = match self.policy.extract(
            &sample.response,
            &KINDS,
            Mode::for_sample(sample, cx, self.name())?,
        ) {
            Ok(a) => a,
            Err(none) => return Ok(none.reward()),
        };
        let unitless = sample.option::<Unitless>(self.name())?.unwrap_or(self.unitless);
        let pred = strip_approx(answer.text);
        let ruled = self.rule(&gold, pred, unitless, cx)?;
        #[cfg(feature = "judge")]
        return self.ask_judge(sample, &gold, ruled, pred, cx);
        #[cfg(not(feature = "judge"))]
        Ok(ruled.reward)
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        gold_text(&sample.ground_truth).map(|_| ())
    }
}

/// Signs that say "approximately" before a value: `\approx 19.6 m/s`,
/// `v \approx 19.6`, `≈ 19.6`.
const APPROX_SIGNS: [&str; 5] = ["\\approx", "\\simeq", "≈", "\\sim", "≃"];

/// Words that say "approximately" before a value.
const APPROX_WORDS: [&str; 6] =
    ["approximately", "approx.", "approx", "about", "roughly", "around"];

/// The value an answer gives "approximately": the text after the last
/// approximation sign (`v \approx 19.6 m/s` is `19.6 m/s`), without a
/// leading `approximately` / `about` / `~`. The value is then compared at
/// the gold's precision like any other.
///
/// ```text
/// \approx 19.6\ m/s  →  19.6\ m/s
/// ```
fn strip_approx(pred: &str) -> &str {
    let mut t = pred.trim();
    if let Some((at, len)) = APPROX_SIGNS
        .iter()
        .filter_map(|s| t.rfind(s).map(|at| (at, s.len())))
        .max_by_key(|&(at, len)| (at + len, len))
    {
        let rest = t[at + len..].trim();
        if !rest.is_empty() && t[at + len..].starts_with(|c: char| !c.is_ascii_alphabetic()) {
            t = rest;
        }
    }
    // Only before a number: `about the same` stays words.
    let numeric =
        |r: &str| r.trim_start().starts_with(|c: char| c.is_ascii_digit() || "-+.$\\".contains(c));
    loop {
        let lower = t.to_ascii_lowercase();
        let before = t.len();
        if let Some(rest) = t.strip_prefix('~').filter(|r| numeric(r)) {
            t = rest.trim_start();
        }
        for w in APPROX_WORDS {
            if lower.starts_with(w)
                && t[w.len()..].starts_with(|c: char| c.is_whitespace() || c == '$')
                && numeric(&t[w.len()..])
            {
                t = t[w.len()..].trim_start();
                break;
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

fn gold_text(v: &Value) -> Result<String, Error> {
    let bad = |why: &str| Error::invalid_ground_truth(names::STEM_WEB, why);
    let s = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) if !a.is_empty() => return gold_text(&a[0]),
        _ => return Err(bad("expected a string or a number")),
    };
    if s.is_empty() {
        return Err(bad("empty string"));
    }
    if s.len() > MAX_LEN {
        return Err(bad("over 4 KiB"));
    }
    Ok(s)
}
