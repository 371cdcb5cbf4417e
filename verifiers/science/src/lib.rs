//! The science verifiers of [rlvr]: multiple choice and quantities with
//! units, graded without a judge.
//!
//! - [`ChoiceVerifier`]: GPQA (`science.gpqa`, `stem__gpqa*`) and SuperGPQA
//!   (`science.supergpqa`, `stem__supergpqa*`) letters, read by
//!   [`read_choice`].
//! - [`StemWebVerifier`]: WebInstruct-verified (`science.stem_web`,
//!   `stem_web`, `stem__web*`): quantities with units ([`Quantity`],
//!   [`Unit`], [`Dimension`]), numbers to the precision the gold shows,
//!   expressions through [rlvr-math](rlvr_math), short text answers.
//! - [`verifiers`] gives all three, for a [`Registry`](rlvr_core::Registry).
//!
//! # Where this differs from the reference (Reasoning360)
//! - **No random letters.** The reference's SuperGPQA scorer returns a
//!   random letter when it finds none, so its reward is not deterministic;
//!   here no letter is `no_answer`. It also takes the first of A..J
//!   *contained* in the answer (`\boxed{Both C}` reads `B`); here a
//!   letter counts only in an answer form, and several letters are a
//!   hedge, graded incorrect.
//!
//! # Multiple-choice letters: the policy
//! - **Answer forms only.** A letter is read when the answer *is* the
//!   letter (`C`, `(C)`, `[C]`, `\text{C}`, `**C**`, `Option C`), leads
//!   with it (`(C) 12 m/s`, `C) 12 m/s`, `C. 12`, `C: 12`, `C (12 m/s)`,
//!   `C because …`, `C is correct`), ends with it
//!   after an introducing word (`the answer is C`, `I believe it is C`, `I
//!   choose C`), or has exactly one letter in parentheses. A letter in
//!   prose is not an answer: `\boxed{2.5 J}` and `\boxed{5 A}` are
//!   quantities, `\boxed{\text{not } A}` a negation, `Both C` prose — all
//!   `incorrect` (an answer, but not an option letter), never the option.
//!   An answer with no letter at all is `no_answer`.
//! - **Containers.** Every GPQA / SuperGPQA name reads the last
//!   `\boxed{}`, `Answer: X` line or `the answer is X` phrase; `no_box`
//!   names (whose prompt asks for the line) accept a boxed letter too, with
//!   four options (A–D).
//! - **Hedges.** Another letter linked to the one read (`C or D`, `(C)
//!   and (D)`, `C, D`, `C/D`), or two standalone letters with no answer
//!   form, is a hedge: incorrect. After a leading letter only its first
//!   sentence counts (`B. Explanation: A and C fail` is B).
//! - **The last answer wins.** An answer line holding a second answer
//!   marker (`Answer: A was tempting. Final Answer: B`) is read from its
//!   last marker, as the last container wins everywhere else.
//! - **Lowercase.** A lowercase letter counts only when it is the whole
//!   answer (`\boxed{c}`, `answer: c`, `the answer is (c)`). In prose,
//!   lowercase `a` and `i` are words; so are the capital pronoun `I`
//!   followed by a lowercase word (`I believe it is H` is H, not a hedge
//!   between H and I) and a sentence-opening article `A` followed by a
//!   lowercase word (`A careful check shows it is D`).
//!
//! # `stem_web` quantities
//! - An approximation sign or word before the value (`\approx 19.6 m/s`,
//!   `v \approx 19.6 m/s`, `about 20 m/s`) is dropped: the value is then
//!   compared at the gold's precision like any other.
//! - Units are converted first, then compared at the gold's precision:
//!   `25 °C` matches a gold of `298 K` (298.15 is 298 to the kelvin), and
//!   `298 K` a gold of `25 °C`. Two integers compare exactly only when no
//!   conversion changed the value.
//! - **No judge by default.** `stem_web` is graded by an external LLM in
//!   the reference, which is neither reproducible nor available offline.
//!   The rule-based verifier decides numbers, units and expressions
//!   exactly; for free-form text it only accepts the same words, and says
//!   so in the reward's detail. The `judge` feature adds an optional
//!   OpenAI-compatible judge for what the rules leave undecided
//!   (`Judge`, `StemWebVerifierBuilder::judge`).
//! - **Units are checked.** A different dimension is incorrect (`19.8 J`
//!   for `19.8 m/s`); compatible units are converted (`70.2 km/h` for
//!   `19.5 m/s`, `250 mA` for `0.25 A`, `2.0 eV` for `3.2e-19 J`).
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - Multiple choice: [`ChoiceVerifier`] ([`ChoiceStyle`],
//!   [`ChoiceVerifierBuilder`]), [`read_choice`]
//!   and [`Choice`].
//! - WebInstruct: [`StemWebVerifier`], configured by
//!   [`StemWebVerifierBuilder`] ([`Unitless`]); quantities and units:
//!   [`Quantity`], [`Unit`], [`Dimension`], [`UnitError`].
//! - With the `judge` feature: `Judge`, `JudgeConfig`, `JudgeError`.
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Registry, Sample};
//!
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_science::DOMAIN], &rlvr_core::Environment::default())?;
//! let cx = Context::default();
//! assert!(reg.verify(&Sample::new("stem__gpqa_diamond", "\\boxed{\\text{(C)}}", "C"), &cx)?.is_correct());
//! assert!(reg.verify(&Sample::new("stem__web_3.6k", "\\boxed{0.250 A}", "250 mA"), &cx)?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Feature flags
//!
//! | feature | what it adds |
//! |---|---|
//! | `judge` | `Judge`: an OpenAI-compatible `/v1/chat/completions` judge for undecided `stem_web` answers (plain `http`, through ureq) |
//! | `judge-tls` | `judge` for `https` endpoints (rustls) |
//!
//! Both are off by default: the default build is offline and
//! deterministic.
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]

mod choice;
#[cfg(feature = "judge")]
mod judge;
mod quantity;
mod stem;
mod unit;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use choice::{Choice, ChoiceStyle, ChoiceVerifier, ChoiceVerifierBuilder, read_choice};
#[cfg(feature = "judge")]
pub use judge::{Judge, JudgeConfig, JudgeError};
pub use quantity::Quantity;
pub use stem::{StemWebVerifier, StemWebVerifierBuilder, Unitless};
pub use unit::{Dimension, Unit, UnitError};

/// The science verifiers: GPQA, SuperGPQA and WebInstruct under their
/// Guru names ([`names::GPQA`](rlvr_core::names::GPQA),
/// [`names::SUPERGPQA`](rlvr_core::names::SUPERGPQA),
/// [`names::STEM_WEB`](rlvr_core::names::STEM_WEB)). With the `judge`
/// feature, a [`Judge`] shared in `env` is asked about the WebInstruct
/// answers the rules leave undecided; without one, none is.
pub fn verifiers(env: &Environment) -> Vec<Arc<dyn Verifier>> {
    #[allow(unused_mut, reason = "the judge is set only with the `judge` feature")]
    let mut stem_web = StemWebVerifier::builder();
    #[cfg(feature = "judge")]
    if let Some(judge) = env.shared::<Judge>() {
        stem_web = stem_web.judge(Judge::clone(&judge));
    }
    #[cfg(not(feature = "judge"))]
    let _ = env;
    vec![
        Arc::new(ChoiceVerifier::gpqa()),
        Arc::new(ChoiceVerifier::supergpqa()),
        Arc::new(stem_web.build()),
    ]
}

/// The reasoning-gym tasks graded here: none (the science domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("science", verifiers, gym_tasks);
