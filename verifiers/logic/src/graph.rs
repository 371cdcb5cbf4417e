//! Graph search puzzles in the Guru format: gold is a string of node
//! letters (`"fdebme"`).

use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};

use crate::answer;
use rlvr_core::literal;

/// Grades graph search puzzles (`logic__graph*`).
///
/// The gold is a path written as node letters. The answer is the last
/// `<answer>` block; the letters may be separated by spaces, commas,
/// arrows (`->`, `→`, `=>`) or lines, or given as a list (`['f', 'd']`).
/// Letters compare case-insensitively; anything else (digits, words that
/// are not single nodes once separators are removed) makes the answer
/// wrong. The reference scorer gives 0 to `f -> d -> e`.
///
/// The instance's graph is not in Guru rows in a documented form, so the
/// path is compared with the gold rather than checked against edges.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_logic::GraphVerifier;
///
/// let s = Sample::new("logic__graph_logical_dataset", "<answer>F -> D -> E</answer>", "fde");
/// assert!(GraphVerifier::new().verify(&s, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GraphVerifier;

impl GraphVerifier {
    /// The verifier.
    pub fn new() -> Self {
        Self
    }

    fn gold(&self, sample: &Sample) -> Result<String, Error> {
        sample
            .ground_truth
            .as_str()
            .and_then(path_letters)
            .ok_or_else(|| Error::invalid_ground_truth(self.name(), "not a string of node letters"))
    }
}

/// The path's letters, lowercased, or `None` when the text is not a path.
fn path_letters(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    if text.starts_with('[') {
        let v = literal::parse(text)?;
        let parts: Option<Vec<&str>> = v.as_array()?.iter().map(|x| x.as_str()).collect();
        return path_letters(&parts?.join(" "));
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let skip = ["->", "=>", "-->", "→", "⟶", "➔"]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| s.len());
        if let Some(n) = skip {
            rest = &rest[n..];
            continue;
        }
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if !(c.is_whitespace() || matches!(c, ',' | '-' | '>' | '\'' | '"')) {
            return None;
        }
        rest = &rest[c.len_utf8()..];
    }
    (!out.is_empty()).then_some(out)
}

impl Verifier for GraphVerifier {
    fn name(&self) -> &str {
        names::GRAPH
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let gold = self.gold(sample)?;
        let text = match answer::extract(sample, cx, answer::TAGGED) {
            Ok(t) => t,
            Err(r) => return Ok(r),
        };
        cx.charge(text.len() as u64)?;
        Ok(match path_letters(text) {
            Some(p) => Reward::from_bool(p == gold).with_pred(p),
            None => Reward::incorrect().with_pred(text).with_detail("not a path of node letters"),
        })
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(sample).map(drop)
    }
}
