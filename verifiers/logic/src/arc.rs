//! ARC-AGI and BARC output grids: exact shape, exact cells.

use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};

use crate::answer;
use crate::grid::{self, IntGrid};
use rlvr_core::literal;

/// Grades ARC-AGI / BARC output grids (`simulation__arcagi*`,
/// `simulation__barc*`, `logic__arcagi*`, `logic__barc*`).
///
/// The answer is read from the last `<answer>` block, in any grid syntax:
/// JSON, Python lists or tuples, or whitespace rows (`0 1\n1 0`, also
/// `01\n10`). It is correct iff its shape and every cell equal the gold
/// grid. A wrong shape scores 0 and is not padded; the pixel accuracy of a
/// same-shape grid is reported in the detail only.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_logic::ArcVerifier;
///
/// let gold = serde_json::json!([[1, 0], [0, 1]]);
/// let s = Sample::new("simulation__arcagi1", "<answer>\n1 0\n0 1\n</answer>", gold);
/// assert!(ArcVerifier::new().verify(&s, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ArcVerifier;

impl ArcVerifier {
    /// The verifier.
    pub fn new() -> Self {
        Self
    }

    fn gold(&self, sample: &Sample) -> Result<IntGrid, Error> {
        let v = literal::unwrap_string(&sample.ground_truth);
        let g = grid::from_value(&v).filter(|g| grid::is_rectangular(g)).ok_or_else(|| {
            Error::invalid_ground_truth(self.name(), "not a rectangular integer grid")
        })?;
        Ok(g)
    }
}

impl Verifier for ArcVerifier {
    fn name(&self) -> &str {
        names::ARC
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        answer::grade_tagged(
            sample,
            cx,
            self.name(),
            self.gold(sample),
            |_, text| grid::parse_int_grid(text, true),
            "not a grid",
            |gold, pred, text| Ok(compare_grids(&pred, &gold).with_pred(text)),
        )
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(sample).map(drop)
    }
}

/// Exact grid comparison with a pixel-accuracy detail.
pub(crate) fn compare_grids(pred: &IntGrid, gold: &IntGrid) -> Reward {
    let shape = |g: &IntGrid| format!("{}x{}", g.len(), g.first().map_or(0, Vec::len));
    let same_shape =
        pred.len() == gold.len() && pred.iter().zip(gold).all(|(a, b)| a.len() == b.len());
    if !same_shape {
        return Reward::incorrect().with_detail(format!(
            "shape {} (ragged rows count as wrong), expected {}",
            shape(pred),
            shape(gold)
        ));
    }
    let total: usize = gold.iter().map(Vec::len).sum();
    let right: usize =
        pred.iter().zip(gold).map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x == y).count()).sum();
    Reward::from_bool(right == total).with_detail(format!("{right}/{total} cells match"))
}
