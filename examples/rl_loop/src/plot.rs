//! The reward-curve PNG, drawn with plotters' bitmap backend.
//!
//! Text needs a font. plotters' `ab_glyph` backend reads a TTF from bytes,
//! so there is no fontconfig or freetype dependency: we load the first
//! font found at a few usual paths (or `$RL_LOOP_FONT`). Without one the
//! curves are still drawn, without labels.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::FontStyle;

/// One step's points.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    /// The step.
    pub step: usize,
    /// Mean reward over all samples.
    pub reward: f64,
    /// Mean reward per domain (math, sort); NaN when a domain had no sample.
    pub domains: [f64; 2],
}

const FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
];

/// Registers a font as "sans-serif"; false when none was found.
fn register_font() -> bool {
    let env = std::env::var("RL_LOOP_FONT").ok();
    let candidates = env.iter().map(String::as_str).chain(FONT_PATHS.iter().copied());
    for path in candidates {
        if let Ok(bytes) = std::fs::read(path) {
            // plotters keeps fonts for the life of the process.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                return true;
            }
        }
    }
    false
}

/// A trailing moving average over `w` points (NaN points skipped).
fn smooth(values: &[f64], w: usize) -> Vec<f64> {
    (0..values.len())
        .map(|i| {
            let window = &values[i.saturating_sub(w - 1)..=i];
            let live: Vec<f64> = window.iter().copied().filter(|v| v.is_finite()).collect();
            if live.is_empty() { f64::NAN } else { live.iter().sum::<f64>() / live.len() as f64 }
        })
        .collect()
}

/// Draws mean reward (raw and smoothed) and per-domain smoothed reward
/// against the step.
pub fn reward_curve(
    path: &Path,
    points: &[Point],
    title: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    if points.is_empty() {
        return Ok(());
    }
    let labels = register_font();
    let root = BitMapBackend::new(path, (960, 540)).into_drawing_area();
    root.fill(&WHITE)?;
    let first = points[0].step as f64;
    let last = (points[points.len() - 1].step as f64).max(first + 1.0);
    let w = (points.len() / 20).clamp(1, 25);
    let mut builder = ChartBuilder::on(&root);
    builder.margin(20);
    if labels {
        builder.caption(title, ("sans-serif", 22)).x_label_area_size(40).y_label_area_size(50);
    }
    let mut chart = builder.build_cartesian_2d(first..last, 0.0..1.0)?;
    let mut mesh = chart.configure_mesh();
    if labels {
        mesh.x_desc("step").y_desc("mean reward");
    } else {
        mesh.disable_x_axis().disable_y_axis();
    }
    mesh.light_line_style(RGBColor(230, 230, 230)).draw()?;
    let raw: Vec<f64> = points.iter().map(|p| p.reward).collect();
    let series = |values: &[f64]| -> Vec<(f64, f64)> {
        points
            .iter()
            .zip(values)
            .filter(|(_, v)| v.is_finite())
            .map(|(p, v)| (p.step as f64, *v))
            .collect()
    };
    chart.draw_series(LineSeries::new(series(&raw), RGBColor(180, 180, 180)))?;
    let colours = [RGBColor(31, 119, 180), RGBColor(214, 39, 40)];
    let names = ["math (rlvr-math)", "sort (rlvr-logic)"];
    for d in 0..2 {
        let v: Vec<f64> = points.iter().map(|p| p.domains[d]).collect();
        let s = chart
            .draw_series(LineSeries::new(series(&smooth(&v, w)), colours[d].stroke_width(2)))?;
        if labels {
            let c = colours[d];
            s.label(names[d])
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], c.stroke_width(2)));
        }
    }
    let s = chart.draw_series(LineSeries::new(series(&smooth(&raw, w)), BLACK.stroke_width(3)))?;
    if labels {
        s.label(format!("all (moving mean of {w})"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.stroke_width(3)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(("sans-serif", 16))
            .draw()?;
    }
    root.present()?;
    Ok(())
}
