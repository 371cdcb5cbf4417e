//! Metamorphic tests over the multiple-choice fixtures: every correct
//! GPQA / SuperGPQA case is rewritten in forms that must stay correct (the
//! container, `(C)`, `\text{C}`, lowercase, `the answer is C`, spacing,
//! reasoning before it) and in forms that must not be rewarded (a second
//! letter, a unit letter in place of the option, `not C`, another letter).

use std::path::PathBuf;
use std::sync::LazyLock;

use proptest::prelude::*;
use rlvr_core::testutil::{Case, load_dir};
use rlvr_core::{Context, Registry, Sample, Status};

/// A correct multiple-choice fixture: its data source and gold letter.
#[derive(Debug, Clone)]
struct Seed {
    name: String,
    data_source: String,
    gold: char,
}

impl Seed {
    /// `no_box` GPQA names read only answer lines (letters A–D).
    fn line_only(&self) -> bool {
        self.data_source.contains("gpqa") && self.data_source.contains("no_box")
    }

    fn last(&self) -> char {
        if self.data_source.contains("supergpqa") {
            'J'
        } else if self.line_only() {
            'D'
        } else {
            'J'
        }
    }
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/science");
    let cases: Vec<Case> = load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let seeds: Vec<Seed> = cases
        .into_iter()
        .filter(|c| c.status == Status::Correct && c.sample.data_source.contains("gpqa"))
        .filter_map(|c| {
            let g = c.sample.ground_truth.as_str()?.trim().trim_matches(['(', ')']).to_owned();
            let mut chars = g.chars();
            match (chars.next(), chars.next()) {
                (Some(l), None) if l.is_ascii_uppercase() => {
                    Some(Seed { name: c.full_name, data_source: c.sample.data_source, gold: l })
                }
                _ => None,
            }
        })
        .collect();
    assert!(seeds.len() >= 15, "only {} multiple-choice seeds", seeds.len());
    seeds
});

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut reg = Registry::guru();
    reg.install(&[rlvr_science::DOMAIN], &rlvr_core::Environment::default())
        .unwrap_or_else(|e| panic!("{e}"));
    reg
});

fn grade(seed: &Seed, response: &str) -> Result<rlvr_core::Reward, TestCaseError> {
    let s = Sample::new(seed.data_source.as_str(), response, seed.gold.to_string());
    REGISTRY.verify(&s, &Context::default()).map_err(|e| TestCaseError::fail(e.to_string()))
}

/// Reasoning before the answer: lowercase prose without option letters.
const PROSE: [&str; 5] = [
    "",
    "the field is uniform, so the flux is conserved.\n\n",
    "we compare the spectra; the shift is 12 nm.\n",
    "<think>the second option fails the limit</think>\n",
    "after checking units (kg m/s) and the sign:\n",
];

/// An answer form that carries the letter `x` (as text) and must be read
/// as exactly that letter.
fn keep_form(x: char, idx: usize, boxed: bool) -> String {
    let lower = x.to_ascii_lowercase();
    let line = [
        format!("Answer: {x}"),
        format!("Answer: ({x})"),
        format!("**Answer:** **{x}**"),
        format!("answer: {lower}"),
        format!("Final Answer: $\\text{{{x}}}$"),
        format!("The answer is ({x})."),
        format!("The answer is {x}"),
        format!("Final Answer: I believe it is {x}"),
        format!("Answer: {x} was tempting at first.\nFinal Answer: {x}"),
        format!("Answer: A was tempting. Final Answer: {x}"),
        format!("Therefore, the correct answer is {x}."),
    ];
    let boxes = [
        format!("\\boxed{{{x}}}"),
        format!("\\boxed{{({x})}}"),
        format!("\\boxed{{\\text{{{x}}}}}"),
        format!("\\boxed{{\\textbf{{({x})}}}}"),
        format!("\\boxed{{{lower}}}"),
        format!("\\boxed{{ {x} }}"),
        format!("\\boxed{{{x}) 4.2 eV}}"),
        format!("\\boxed{{({x}) the second isomer}}"),
        format!("\\boxed{{Option {x}}}"),
        format!("\\boxed{{\\text{{The answer is {x}}}}}"),
    ];
    if boxed && idx % 2 == 1 {
        boxes[(idx / 2) % boxes.len()].clone()
    } else {
        line[(idx / 2) % line.len()].clone()
    }
}

/// A form that names `x` but must not be rewarded for it: a hedge with
/// `y`, a unit letter, a negation, or `y` alone.
fn break_form(x: char, y: char, idx: usize, boxed: bool) -> String {
    let line = [
        format!("Answer: {x} or {y}"),
        format!("Answer: {y} or {x}"),
        format!("Answer: {x}, {y}"),
        format!("Answer: ({x}) and ({y})"),
        format!("Answer: {x}/{y}"),
        format!("Answer: not {x}"),
        format!("Answer: 2.5 {x}"),
        format!("Final Answer: {y}"),
        format!("Answer: {x} was tempting. Final Answer: {y}"),
        format!("The answer is either {x} or {y}."),
        format!("Answer: {x}. {y}."),
        format!("Answer: {x}. Or maybe {y}."),
        format!("Answer: {x}) 12 m/s; {y}) 14 m/s"),
    ];
    let boxes = [
        format!("\\boxed{{{x} or {y}}}"),
        format!("\\boxed{{{x}, {y}}}"),
        format!("\\boxed{{({x}) or ({y})}}"),
        format!("\\boxed{{2.5 {x}}}"),
        format!("\\boxed{{5 {x}}}"),
        format!("\\boxed{{\\text{{not }} {x}}}"),
        format!("\\boxed{{not {x}}}"),
        format!("\\boxed{{{y}}}"),
        format!("\\boxed{{{x}}} hmm, no: \\boxed{{{y}}}"),
        format!("\\boxed{{Both {x} and {y}}}"),
        format!("\\boxed{{{x}) 12 m/s\n{y}) 14 m/s}}"),
        format!("\\boxed{{{x}. {y}.}}"),
    ];
    if boxed && idx % 2 == 1 {
        boxes[(idx / 2) % boxes.len()].clone()
    } else {
        line[(idx / 2) % line.len()].clone()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Rewritten in another answer form, a correct answer stays correct.
    #[test]
    fn answer_forms_keep_a_correct_letter(seed in 0usize..1000, form in 0usize..64, prose in 0usize..PROSE.len(), trail in 0usize..3) {
        let seed = &SEEDS[seed % SEEDS.len()];
        let answer = keep_form(seed.gold, form, !seed.line_only());
        let end = ["", "\n", "  "][trail];
        let response = format!("{}{answer}{end}", PROSE[prose]);
        let r = grade(seed, &response)?;
        prop_assert!(r.is_correct(), "{}: {response:?} -> {:?} {:?}", seed.name, r.verdict, r.detail);
    }

    /// A hedge, a unit letter, a negation or another letter is never
    /// rewarded.
    #[test]
    fn broken_forms_are_not_rewarded(seed in 0usize..1000, form in 0usize..64, other in 0u8..10, prose in 0usize..PROSE.len()) {
        let seed = &SEEDS[seed % SEEDS.len()];
        let span = seed.last() as u8 - b'A' + 1;
        let mut y = char::from(b'A' + other % span);
        if y == seed.gold {
            y = char::from(b'A' + (other + 1) % span);
        }
        let answer = break_form(seed.gold, y, form, !seed.line_only());
        let response = format!("{}{answer}", PROSE[prose]);
        let r = grade(seed, &response)?;
        prop_assert!(!r.is_correct(), "{}: {response:?} was rewarded: {:?}", seed.name, r.detail);
    }
}
