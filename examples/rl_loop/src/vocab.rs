//! The policy's vocabulary: characters plus three tag tokens.
//!
//! The answer containers the verifiers read (`\boxed{`, `<answer>`,
//! `</answer>`) are single tokens, as a BPE vocabulary would make them, so
//! a from-scratch policy does not have to discover an eight-character tag
//! one letter at a time.

/// Padding after a response has stopped (never a model action).
pub const PAD: i64 = 0;
/// `\boxed{`: the math answer opener (part of the prompt, see `task`).
pub const BOXED: i64 = 1;
/// `<answer>`: the ordering answer opener (part of the prompt).
pub const ANSWER: i64 = 2;
/// `</answer>`: closes an ordering answer and stops generation.
pub const END_ANSWER: i64 = 3;
/// Left filler of prompts, so every prompt has the same length.
pub const FILL: char = '_';

const TAGS: [&str; 4] = ["", "\\boxed{", "<answer>", "</answer>"];
const CHARS: &str = "0123456789abcdefgh+-=,:}_ ";

/// The number of tokens.
pub fn size() -> i64 {
    (TAGS.len() + CHARS.len()) as i64
}

/// The token of a character of [`CHARS`].
pub fn char_token(c: char) -> i64 {
    let i = CHARS.find(c).unwrap_or_else(|| panic!("character `{c}` is not in the vocabulary"));
    (TAGS.len() + i) as i64
}

/// The text of a token (empty for [`PAD`]).
pub fn text(token: i64) -> &'static str {
    let t = usize::try_from(token).expect("token ids are non-negative");
    if t < TAGS.len() { TAGS[t] } else { &CHARS[t - TAGS.len()..=t - TAGS.len()] }
}

/// The policy's action space: the tokens an answer can contain (digits,
/// letters, `,`, `}` and `</answer>`). Prompt-only tokens (the openers,
/// `+ - = : _`, space, padding) are masked out of sampling and of the
/// log-probabilities, as constrained decoding would do; it shrinks the
/// space a from-scratch policy explores from 30 tokens to 21.
pub fn response_mask() -> Vec<bool> {
    (0..size())
        .map(|t| {
            t == END_ANSWER
                || text(t).chars().all(|c| c.is_ascii_alphanumeric() || c == ',' || c == '}')
                    && t != PAD
        })
        .collect()
}

/// The action space inside the container that `opener` opens, as a
/// grammar-constrained decoder would have it: digits and `}` inside
/// `\boxed{`, letters, `,` and `</answer>` inside `<answer>`, and
/// [`response_mask`] after any other token. The answer's content is still
/// the policy's choice; the mask only rules out tokens that can never be
/// part of that container's answer (a from-scratch policy would otherwise
/// spend most of its early samples on them: a right one-digit answer is
/// 1 in 121 samples instead of 1 in 441).
pub fn action_mask(opener: i64) -> Vec<bool> {
    let generic = response_mask();
    (0..size())
        .map(|t| match opener {
            BOXED => text(t).chars().all(|c| c.is_ascii_digit() || c == '}') && t != PAD,
            ANSWER => {
                t == END_ANSWER
                    || text(t).chars().all(|c| c.is_ascii_lowercase() || c == ',') && t != PAD
            }
            _ => generic[t as usize],
        })
        .collect()
}

/// [`action_mask`] for every token as the opener: row `o` is the mask
/// after opener `o`, `size() x size()` values, row-major.
pub fn action_masks() -> Vec<bool> {
    (0..size()).flat_map(action_mask).collect()
}

/// Generation stops after one of these: `}` closes `\boxed{`,
/// `</answer>` closes `<answer>`.
#[cfg(test)]
pub fn is_stop(token: i64) -> bool {
    token == END_ANSWER || token == char_token('}')
}

/// Tokens of a plain string of [`CHARS`].
pub fn encode(s: &str) -> Vec<i64> {
    s.chars().map(char_token).collect()
}

/// The text of a token sequence, stopping at the first [`PAD`].
pub fn decode(tokens: &[i64]) -> String {
    tokens.iter().take_while(|&&t| t != PAD).map(|&t| text(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = encode("12+3=");
        assert_eq!(decode(&t), "12+3=");
        assert_eq!(decode(&[BOXED, char_token('7'), char_token('}')]), "\\boxed{7}");
        let allowed = response_mask();
        assert_eq!(allowed.iter().filter(|&&a| a).count(), 21);
        assert!(
            !allowed[PAD as usize]
                && !allowed[BOXED as usize]
                && !allowed[char_token('_') as usize]
        );
        let count = |m: Vec<bool>| m.iter().filter(|&&a| a).count();
        assert_eq!(count(action_mask(BOXED)), 11);
        assert_eq!(count(action_mask(ANSWER)), 10);
        assert_eq!(action_mask(char_token('_')), allowed);
        assert!(
            action_mask(BOXED)[char_token('}') as usize]
                && !action_mask(BOXED)[END_ANSWER as usize]
        );
        assert!(
            action_mask(ANSWER)[END_ANSWER as usize]
                && !action_mask(ANSWER)[char_token('}') as usize]
        );
        assert_eq!(action_masks().len(), (size() * size()) as usize);
        assert!(is_stop(END_ANSWER) && is_stop(char_token('}')) && !is_stop(char_token('a')));
    }
}
