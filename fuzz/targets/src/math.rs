use crate::{context, split_nul};

/// The math parser and equivalence on a pair, `gold NUL prediction`:
/// [`rlvr::math::answers_equal`] both ways, reflexivity on a gold that
/// parses, and [`rlvr::math::parse_number`] on each side.
///
/// # Panics
/// When the parser or the equivalence panics, or a gold that parses is not
/// equal to itself.
pub fn math(data: &[u8]) {
    let (gold, pred) = split_nul(data);
    let (Ok(gold), Ok(pred)) = (std::str::from_utf8(gold), std::str::from_utf8(pred)) else {
        return;
    };
    let cx = context();
    let _ = rlvr::math::answers_equal(gold, pred, &cx);
    let _ = rlvr::math::answers_equal(pred, gold, &context());
    if let Ok(same) = rlvr::math::answers_equal(gold, gold, &context()) {
        assert!(same, "{gold:?} parses but is not equal to itself");
    }
    for s in [gold, pred] {
        if let Some(n) = rlvr::math::parse_number(s) {
            assert!(!n.to_f64().is_nan(), "{s:?} reads as a number that is NaN");
        }
    }
}
