//! Advanced geometry: the orthocenter, the incircle radius or an angle of
//! a triangle with integer vertices, recomputed from the vertices.
//!
//! The orthocenter is rational and is computed exactly; the radius and the
//! angle are irrational and are computed in `f64` (relative error near
//! 1e-15, far below the rounding the question asks for).
//!
//! Rounding (the question: "Round decimal answers to 3 decimal places"):
//! a number is right when it is the exact value, or a decimal with at
//! least the asked places that is correctly rounded, that is within half a
//! unit of its last place (plus 1e-9 for the float truths, so a truth on a
//! rounding tie accepts both neighbours). The stored angles show 2 places
//! (`46.40°`) although the question asks for 3, so angles need 2; the
//! orthocenter and the radius need 3. reasoning-gym compares
//! `round(answer, 2)` for angles and radii (3 for the orthocenter), gives
//! 0.5 to a radius right to 2 places, and 0.05 to any other non-empty
//! answer; here a wrong answer scores 0.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rlvr_core::{Context, Error, Reward};

use super::numeric::{clean, literal, show};
use super::{Entry, meta_err};

/// Slack for truths computed in floating point.
const FLOAT_SLACK: f64 = 1e-9;

fn point(e: &Entry, key: &str) -> Result<(i64, i64), Error> {
    let p: Vec<String> = e.field(key)?;
    let coord = |s: &String| {
        s.trim().parse::<i64>().ok().filter(|v| v.abs() <= 1 << 20).ok_or_else(|| {
            meta_err(format!("`{key}` is not a point with small integer coordinates"))
        })
    };
    match p.as_slice() {
        [x, y] => Ok((coord(x)?, coord(y)?)),
        _ => Err(meta_err(format!("`{key}` is not a point"))),
    }
}

/// Whether a written number is an exact rational truth or a correctly
/// rounded decimal of it with at least `places` places.
fn matches_exact(text: &str, truth: &BigRational, places: u32) -> bool {
    let Some(l) = literal(text) else { return false };
    if l.value == *truth {
        return true;
    }
    if l.fraction || l.places < places {
        return false;
    }
    let unit = BigRational::from_integer(BigInt::from(10u32).pow(l.places));
    (&l.value - truth).abs() * unit * BigRational::from_integer(2.into()) <= BigRational::one()
}

/// Whether a written number is a float truth, exactly (to 1e-9) or as a
/// correctly rounded decimal with at least `places` places.
fn matches_float(text: &str, truth: f64, places: u32) -> bool {
    let Some(l) = literal(text) else { return false };
    let Some(v) = l.value.to_f64() else { return false };
    let diff = (v - truth).abs();
    if diff <= FLOAT_SLACK {
        return true;
    }
    !l.fraction && l.places >= places && diff <= 0.5 * 10f64.powi(-(l.places as i32)) + FLOAT_SLACK
}

/// The answer with a degree sign or the word "degrees" removed.
fn strip_degrees(text: &str) -> String {
    let s = clean(text);
    s.trim_end_matches("degrees")
        .trim_end()
        .trim_end_matches('°')
        .trim_end_matches("^{\\circ}")
        .trim_end_matches("^\\circ")
        .trim()
        .to_owned()
}

/// The orthocenter of a triangle, exactly.
fn orthocenter(a: (i64, i64), b: (i64, i64), c: (i64, i64)) -> Option<(BigRational, BigRational)> {
    // (H - A) . (C - B) = 0 and (H - B) . (A - C) = 0.
    let r = |v: i64| BigRational::from_integer(v.into());
    let (p1, q1) = (r(c.0 - b.0), r(c.1 - b.1));
    let (p2, q2) = (r(a.0 - c.0), r(a.1 - c.1));
    let k1 = &p1 * r(a.0) + &q1 * r(a.1);
    let k2 = &p2 * r(b.0) + &q2 * r(b.1);
    let det = &p1 * &q2 - &q1 * &p2;
    if det.is_zero() {
        return None;
    }
    let x = (&k1 * &q2 - &q1 * &k2) / &det;
    let y = (&p1 * &k2 - &k1 * &p2) / &det;
    Some((x, y))
}

/// Reads `(x, y)`, `x, y` or `(x=…, y=…)`.
fn read_point(text: &str) -> Option<(String, String)> {
    let s = clean(text);
    if s.len() > 200 {
        return None;
    }
    let s = s.trim();
    let s = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(s);
    let (x, y) = s.split_once(',')?;
    let part = |p: &str, name: &str| -> String {
        let p = p.trim();
        p.split_once('=').filter(|(l, _)| l.trim() == name).map_or(p, |(_, r)| r.trim()).to_owned()
    };
    let (x, y) = (part(x, "x"), part(y, "y"));
    (!y.contains(',')).then_some((x, y))
}

/// Advanced geometry; see the module docs for the rounding rule.
pub(super) fn advanced_geometry(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let a = point(e, "A")?;
    let b = point(e, "B")?;
    let c = point(e, "C")?;
    let kind: String = e.field("task_type")?;
    cx.charge(text.len() as u64 + 1)?;
    let f = |p: (i64, i64)| (p.0 as f64, p.1 as f64);
    let (af, bf, cf) = (f(a), f(b), f(c));
    let cross = (bf.0 - af.0) * (cf.1 - af.1) - (bf.1 - af.1) * (cf.0 - af.0);
    if cross == 0.0 {
        return Err(meta_err("the triangle is degenerate"));
    }
    match kind.as_str() {
        "orthocenter" => {
            let (x, y) = orthocenter(a, b, c).ok_or_else(|| meta_err("degenerate triangle"))?;
            let Some((px, py)) = read_point(text) else {
                return Ok(Reward::incorrect().with_detail("not a point (x, y)"));
            };
            let ok = matches_exact(&px, &x, 3) && matches_exact(&py, &y, 3);
            Ok(Reward::from_bool(ok).with_pred(format!("({px}, {py})")).with_detail(format!(
                "the orthocenter is ({}, {})",
                show(&x),
                show(&y)
            )))
        }
        "incircle_radius" => {
            let d = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
            let perimeter = d(bf, cf) + d(cf, af) + d(af, bf);
            let r = cross.abs() / perimeter;
            let said = clean(text);
            Ok(Reward::from_bool(matches_float(&said, r, 3))
                .with_detail(format!("the radius is {r:.6}")))
        }
        "angle_measure" => {
            let (ux, uy) = (af.0 - bf.0, af.1 - bf.1);
            let (vx, vy) = (cf.0 - bf.0, cf.1 - bf.1);
            let angle = (ux * vy - uy * vx).abs().atan2(ux * vx + uy * vy).to_degrees();
            let said = strip_degrees(text);
            Ok(Reward::from_bool(matches_float(&said, angle, 2))
                .with_pred(said)
                .with_detail(format!("the angle is {angle:.4}°")))
        }
        other => Err(meta_err(format!("unknown task type `{other}`"))),
    }
}
