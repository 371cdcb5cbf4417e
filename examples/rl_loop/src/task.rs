//! Procedurally generated verifiable tasks, rendered as prompts for the
//! policy and as [`Sample`]s for the verifiers.
//!
//! - **math**: `a+b=` or `a-b=` (non-negative results). The prompt ends with
//!   the `\boxed{` token; the policy writes the digits and `}`, and the
//!   response graded by `rlvr-math` is `\boxed{...}` (the opener is an
//!   assistant prefill, as a chat template would add).
//! - **sort**: an ordering puzzle. The prompt lists k distinct letters;
//!   the answer is the letters in alphabetical order, written
//!   `a,c,f</answer>` after the prefilled `<answer>`. The verifier gets the
//!   gold list and the puzzle's constraints in English
//!   (`extra_info.raw_input`: "The a is to the left of the c", ...), so
//!   `rlvr-logic`'s ordering verifier checks the answer against them.
//!
//! Rewards are exact: 1 for a correct answer, 0 otherwise, never a bonus
//! for form alone.

use rlvr::Sample;
use serde_json::json;

use crate::rng::Rng;
use crate::vocab;

/// Which family a task comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Arithmetic, graded by rlvr-math.
    Math,
    /// Ordering (sorting letters), graded by rlvr-logic.
    Sort,
}

impl Domain {
    /// Both domains, in metric order.
    pub const ALL: [Self; 2] = [Self::Math, Self::Sort];

    /// The metric name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Math => "math",
            Self::Sort => "sort",
        }
    }
}

/// Difficulty knobs: the largest tasks (which fix the prompt and response
/// layout) and the current curriculum level within them.
#[derive(Debug, Clone, Copy)]
pub struct TaskConfig {
    /// The layout allows operands up to `max_operand`.
    pub max_operand: u32,
    /// The layout allows up to `max_letters` letters.
    pub max_letters: usize,
    /// Operands are drawn from `0..=operand_level` (at most `max_operand`).
    pub operand_level: u32,
    /// Sort puzzles have 1 to `letters_level` letters (at most
    /// `max_letters`).
    pub letters_level: usize,
}

impl TaskConfig {
    /// The full task, no curriculum.
    pub fn full(max_operand: u32, max_letters: usize) -> Self {
        Self { max_operand, max_letters, operand_level: max_operand, letters_level: max_letters }
    }

    /// The same layout at another level (clamped to the layout).
    pub fn at_level(&self, operand_level: u32, letters_level: usize) -> Self {
        Self {
            operand_level: operand_level.min(self.max_operand),
            letters_level: letters_level.clamp(1, self.max_letters),
            ..*self
        }
    }

    /// True when the level is the full task.
    pub fn is_full(&self) -> bool {
        self.operand_level >= self.max_operand && self.letters_level >= self.max_letters
    }

    /// Prompt length in tokens (every prompt is left-filled to it),
    /// opener token included.
    pub fn prompt_len(&self) -> usize {
        let digits = self.max_operand.to_string().len();
        let math = 2 * digits + 2;
        let sort = self.max_letters + 1;
        math.max(sort) + 1
    }

    /// The longest correct response, in tokens.
    pub fn answer_len(&self) -> usize {
        let math = (2 * self.max_operand).to_string().len() + 1;
        let sort = 2 * self.max_letters;
        math.max(sort)
    }
}

/// One generated task.
#[derive(Debug, Clone)]
pub struct Task {
    /// Its domain.
    pub domain: Domain,
    /// The prompt tokens, `prompt_len` long, ending with the opener.
    pub prompt: Vec<i64>,
    data_source: &'static str,
    ground_truth: serde_json::Value,
    extra_info: serde_json::Value,
}

const LETTERS: &[u8] = b"abcdefgh";

impl Task {
    /// A random task; domains alternate with equal probability.
    pub fn random(rng: &mut Rng, cfg: &TaskConfig) -> Self {
        if rng.below(2) == 0 { Self::math(rng, cfg) } else { Self::sort(rng, cfg) }
    }

    fn math(rng: &mut Rng, cfg: &TaskConfig) -> Self {
        let n = u64::from(cfg.operand_level.min(cfg.max_operand)) + 1;
        let (mut a, mut b) = (rng.below(n), rng.below(n));
        let text = if rng.below(2) == 0 {
            format!("{a}+{b}=")
        } else {
            if a < b {
                std::mem::swap(&mut a, &mut b);
            }
            format!("{a}-{b}=")
        };
        let answer = if text.contains('+') { a + b } else { a - b };
        Self::new(
            Domain::Math,
            &text,
            vocab::BOXED,
            cfg,
            "math__rl_loop_arithmetic",
            json!(answer.to_string()),
            json!({}),
        )
    }

    fn sort(rng: &mut Rng, cfg: &TaskConfig) -> Self {
        let k = 1 + rng.below(cfg.letters_level.clamp(1, cfg.max_letters) as u64) as usize;
        let mut pool: Vec<u8> = LETTERS.to_vec();
        rng.shuffle(&mut pool);
        let letters: Vec<char> = pool[..k].iter().map(|&c| char::from(c)).collect();
        let mut gold = letters.clone();
        gold.sort_unstable();
        let constraints: String = gold
            .windows(2)
            .enumerate()
            .map(|(i, w)| format!("{}. The {} is to the left of the {}\n", i + 1, w[0], w[1]))
            .collect();
        let text: String = letters.iter().chain(std::iter::once(&':')).collect();
        let gold: Vec<String> = gold.iter().map(char::to_string).collect();
        Self::new(
            Domain::Sort,
            &text,
            vocab::ANSWER,
            cfg,
            "logic__ordering_puzzle_dataset",
            json!(gold),
            json!({ "raw_input": constraints }),
        )
    }

    fn new(
        domain: Domain,
        text: &str,
        opener: i64,
        cfg: &TaskConfig,
        data_source: &'static str,
        ground_truth: serde_json::Value,
        extra_info: serde_json::Value,
    ) -> Self {
        let width = cfg.prompt_len() - 1;
        let filled = format!("{}{text}", vocab::FILL.to_string().repeat(width - text.len()));
        let mut prompt = vocab::encode(&filled);
        prompt.push(opener);
        Self { domain, prompt, data_source, ground_truth, extra_info }
    }

    /// The opener's text (`\boxed{` or `<answer>`).
    pub fn opener(&self) -> &'static str {
        vocab::text(*self.prompt.last().expect("prompts are never empty"))
    }

    /// The sample the verifiers grade: the opener prefill plus the
    /// generated tokens, as text.
    pub fn sample(&self, response: &[i64]) -> Sample {
        let text = format!("{}{}", self.opener(), vocab::decode(response));
        Sample::new(self.data_source, text, self.ground_truth.clone())
            .with_extra_info(self.extra_info.clone())
    }
}

#[cfg(test)]
mod tests {
    use rlvr::{BatchOptions, Verdict};

    use super::*;

    fn cfg() -> TaskConfig {
        TaskConfig::full(9, 3)
    }

    #[test]
    fn levels_bound_the_tasks_but_not_the_layout() {
        let low = cfg().at_level(2, 1);
        assert!(!low.is_full() && cfg().is_full());
        assert_eq!(low.prompt_len(), cfg().prompt_len());
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let t = Task::random(&mut rng, &low);
            assert_eq!(t.prompt.len(), cfg().prompt_len());
            match t.domain {
                Domain::Math => {
                    let answer: u32 = t.ground_truth.as_str().unwrap().parse().unwrap();
                    assert!(answer <= 4, "{answer}");
                }
                Domain::Sort => assert_eq!(t.ground_truth.as_array().unwrap().len(), 1),
            }
        }
    }

    #[test]
    fn gold_answers_are_graded_correct_and_others_not() {
        let reg = crate::registry();
        let mut rng = Rng::new(7);
        for _ in 0..50 {
            let t = Task::random(&mut rng, &cfg());
            assert_eq!(t.prompt.len(), cfg().prompt_len());
            let gold = match t.domain {
                Domain::Math => format!("{}}}", t.ground_truth.as_str().unwrap()),
                Domain::Sort => {
                    let g: Vec<&str> = t
                        .ground_truth
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect();
                    g.join(",")
                }
            };
            let mut tokens = vocab::encode(&gold);
            if t.domain == Domain::Sort {
                tokens.push(vocab::END_ANSWER);
            }
            assert!(tokens.len() <= cfg().answer_len());
            let wrong = vocab::encode("h,h");
            let unclosed = vocab::encode("1");
            let samples = vec![t.sample(&tokens), t.sample(&wrong), t.sample(&unclosed)];
            let out = reg.verify_batch(&samples, &BatchOptions::default().with_threads(1));
            let r: Vec<_> = out.iter().map(|o| o.result.as_ref().expect("graded")).collect();
            assert!(r[0].is_correct(), "{:?}: {:?}", samples[0].response, r[0]);
            assert!(!r[1].is_correct() && !r[2].is_correct());
            assert_eq!(r[2].verdict, Verdict::NoAnswer, "{:?}", samples[2].response);
        }
    }
}
