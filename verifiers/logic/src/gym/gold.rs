//! Tasks with exactly one answer, where comparing with the instance's
//! answer is the rule: syllogisms (a fixed logic convention), family
//! relationships, zebra questions (unique by construction) and ARC grids
//! (the rule is implicit). Comparison is on normalized forms, never by
//! substring: `14740` is not `4740`.

use rlvr_core::{Context, Error, Reward};

use super::{Entry, meta_err};
use crate::answer;
use crate::arc::compare_grids;
use crate::grid;

/// Syllogism: `Yes` iff the metadata says the conclusion follows. Empty or
/// hedged answers ("I am not sure") are wrong.
pub(super) fn syllogism(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let valid: bool = e.field("is_valid")?;
    Ok(match answer::parse_bool(text) {
        Some(b) => Reward::from_bool(b == valid).with_pred(if b { "Yes" } else { "No" }),
        None => Reward::incorrect().with_detail("not Yes or No"),
    })
}

/// A relation word with case, hyphens, spaces and an article removed.
fn relation(s: &str) -> String {
    let n = answer::norm(s);
    let n = n.strip_prefix("the ").or_else(|| n.strip_prefix("a ")).unwrap_or(&n);
    n.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Family relationships: the relation word, in any case or hyphenation.
pub(super) fn family_relationships(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let truth: String = e.field("relationship")?;
    let said = relation(text);
    Ok(Reward::from_bool(!said.is_empty() && said == relation(&truth)).with_pred(said))
}

/// Zebra questions: the one asked cell, compared case-insensitively.
pub(super) fn zebra_puzzles(e: &Entry, text: &str, _cx: &Context) -> Result<Reward, Error> {
    let gold = answer::norm(e.gold()?);
    if gold.is_empty() {
        return Err(meta_err("empty stored answer"));
    }
    let said = answer::norm(text);
    Ok(Reward::from_bool(said == gold).with_pred(said))
}

fn grid_answer(text: &str, gold: &grid::IntGrid, cx: &Context) -> Result<Reward, Error> {
    cx.charge(text.len() as u64)?;
    Ok(match grid::parse_int_grid(text, false) {
        Some(pred) => compare_grids(&pred, gold),
        None => Reward::incorrect().with_detail("not a grid"),
    })
}

/// ARC-1D: the test example's output row, exactly.
pub(super) fn arc_1d(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let out = e.get("test_example")?.get("output").ok_or_else(|| meta_err("no test output"))?;
    let gold =
        grid::from_value(out).ok_or_else(|| meta_err("test output is not a row of integers"))?;
    grid_answer(text, &gold, cx)
}

/// re-ARC: the output grid, exactly.
pub(super) fn rearc(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let gold = grid::from_value(e.get("output")?)
        .filter(|g| g.iter().all(|r| r.len() == g[0].len()))
        .ok_or_else(|| meta_err("output is not a grid"))?;
    grid_answer(text, &gold, cx)
}
