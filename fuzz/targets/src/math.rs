use crate::{context, split_nul};

/// The math parser and equivalence on a pair, `gold NUL prediction`:
/// [`rlvr::math::answers_equal`] both ways, and [`rlvr::math::parse_number`]
/// on each side; a side that reads as a number is equal to itself.
/// (Reflexivity does not hold on every gold that parses: a gold is read more
/// leniently than a prediction, `\boxed{C}.` being a gold of `C` but no
/// prediction of it.)
///
/// # Panics
/// When the parser or the equivalence panics, or a number is not equal to
/// itself.
pub fn math(data: &[u8]) {
    let (gold, pred) = split_nul(data);
    let (Ok(gold), Ok(pred)) = (std::str::from_utf8(gold), std::str::from_utf8(pred)) else {
        return;
    };
    let cx = context();
    let _ = rlvr::math::answers_equal(gold, pred, &cx);
    let _ = rlvr::math::answers_equal(pred, gold, &context());
    for s in [gold, pred] {
        if let Some(n) = rlvr::math::parse_number(s) {
            assert!(!n.to_f64().is_nan(), "{s:?} reads as a number that is NaN");
            if let Ok(same) = rlvr::math::answers_equal(s, s, &context()) {
                assert!(same, "{s:?} reads as a number but is not equal to itself");
            }
        }
    }
}
