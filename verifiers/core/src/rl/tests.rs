use std::time::Duration;

use super::*;
use crate::{Error, Reward};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn graded(reward: Reward) -> Outcome {
    Outcome { result: Ok(reward), verifier: Some("t".into()), elapsed: Duration::ZERO }
}

fn ungraded() -> Outcome {
    Outcome::failed(Error::MalformedRow { reason: "test".into() })
}

/// Binomial coefficient by exact integer arithmetic, for checking the
/// stable product formula on small inputs.
fn binom(n: u64, k: u64) -> u128 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1))
}

#[test]
fn pass_at_k_matches_hand_computed_values() {
    // 1 - C(3,2)/C(5,2) = 1 - 3/10.
    assert!(close(pass_at_k(5, 2, 2).unwrap(), 0.7));
    // k = 1 is the plain success rate.
    assert!(close(pass_at_k(10, 3, 1).unwrap(), 0.3));
    // 1 - C(3,2)/C(4,2) = 1 - 3/6.
    assert!(close(pass_at_k(4, 1, 2).unwrap(), 0.5));
    // 1 - C(4,3)/C(6,3) = 1 - 4/20.
    assert!(close(pass_at_k(6, 2, 3).unwrap(), 0.8));
    // No correct sample, or every draw must contain a correct one.
    assert_eq!(pass_at_k(8, 0, 4).unwrap(), 0.0);
    assert_eq!(pass_at_k(8, 5, 4).unwrap(), 1.0);
    assert_eq!(pass_at_k(8, 1, 8).unwrap(), 1.0);
}

#[test]
fn pass_at_k_agrees_with_exact_binomials_for_small_n() {
    for n in 1..=20u64 {
        for c in 0..=n {
            for k in 1..=n {
                let exact = 1.0 - binom(n - c, k) as f64 / binom(n, k) as f64;
                let got = pass_at_k(n, c, k).unwrap();
                assert!((got - exact).abs() < 1e-12, "n={n} c={c} k={k}: {got} vs {exact}");
            }
        }
    }
}

#[test]
fn pass_at_k_is_stable_for_large_n() {
    // C(10000, 5000) overflows every float; the product form does not.
    let p = pass_at_k(10_000, 1, 1).unwrap();
    assert!(close(p, 1e-4));
    let p = pass_at_k(10_000, 10, 5_000).unwrap();
    assert!(p.is_finite() && p > 0.99 && p <= 1.0);
    // Monotone in k.
    let mut last = 0.0;
    for k in 1..=100 {
        let p = pass_at_k(1_000, 3, k).unwrap();
        assert!(p >= last);
        last = p;
    }
}

#[test]
fn pass_at_k_rejects_undefined_arguments() {
    assert_eq!(pass_at_k(5, 1, 0), Err(RlError::PassAtK { n: 5, c: 1, k: 0 }));
    assert!(pass_at_k(5, 1, 6).is_err());
    assert!(pass_at_k(5, 6, 1).is_err());
}

#[test]
fn mean_pass_at_k_averages_groups() {
    // Group 1: c=1 of 4, pass@2 = 1 - C(3,2)/C(4,2) = 0.5; group 2: c=0.
    let correct = [true, false, false, false, false, false, false, false];
    assert!(close(mean_pass_at_k(&correct, 4, 2).unwrap(), 0.25));
    assert!(mean_pass_at_k(&correct, 3, 1).is_err());
    assert!(mean_pass_at_k(&correct, 4, 5).is_err());
    assert!(mean_pass_at_k(&[], 4, 1).is_err());
}

#[test]
fn advantages_with_std_match_known_values() {
    let adv = GroupAdvantage::new(2).with_eps(0.0).compute(&[1.0, 0.0]).unwrap();
    // mean 0.5, unbiased std sqrt(0.5).
    assert!(close(adv[0], 0.5 / 0.5f64.sqrt()) && close(adv[1], -0.5 / 0.5f64.sqrt()));
    let adv = GroupAdvantage::new(4).with_eps(0.0).compute(&[1.0, 0.0, 0.0, 0.0]).unwrap();
    // mean 0.25, var (0.5625 + 3 * 0.0625) / 3 = 0.25, std 0.5.
    assert!(close(adv[0], 1.5));
    assert!(adv[1..].iter().all(|&a| close(a, -0.5)));
}

#[test]
fn advantages_without_std_are_centred_rewards() {
    let adv = GroupAdvantage::new(3).with_std(false).compute(&[0.9, 0.3, 0.0]).unwrap();
    assert!(close(adv[0], 0.5) && close(adv[1], -0.1) && close(adv[2], -0.4));
    assert!(close(adv.iter().sum::<f64>(), 0.0));
}

#[test]
fn advantages_of_equal_groups_are_exactly_zero() {
    for std in [true, false] {
        let adv = GroupAdvantage::new(4)
            .with_std(std)
            .compute(&[0.3, 0.3, 0.3, 0.3, 1.0, 1.0, 1.0, 1.0])
            .unwrap();
        assert_eq!(adv, [0.0; 8]);
    }
}

#[test]
fn advantages_of_groups_of_one_are_zero() {
    let adv = GroupAdvantage::new(1).compute(&[1.0, 0.0, 0.5]).unwrap();
    assert_eq!(adv, [0.0; 3]);
}

#[test]
fn advantages_ignore_masked_samples() {
    let adv = GroupAdvantage::new(4)
        .with_std(false)
        .compute_masked(&[1.0, 0.0, 7.0, 0.0], &[true, true, false, false])
        .unwrap();
    assert_eq!(adv, [0.5, -0.5, 0.0, 0.0]);
    // One live sample left: no baseline, no update.
    let adv = GroupAdvantage::new(2).compute_masked(&[1.0, 0.0], &[true, false]).unwrap();
    assert_eq!(adv, [0.0, 0.0]);
}

#[test]
fn advantages_reject_bad_shapes() {
    let g = GroupAdvantage::new(3);
    assert_eq!(g.compute(&[1.0; 4]), Err(RlError::GroupSize { len: 4, group_size: 3 }));
    assert!(GroupAdvantage::new(0).compute(&[1.0]).is_err());
    assert!(matches!(
        g.compute_masked(&[1.0; 3], &[true; 2]),
        Err(RlError::LengthMismatch { what: "mask", got: 2, expected: 3 })
    ));
    assert_eq!(g.compute(&[]).unwrap(), Vec::<f64>::new());
}

#[test]
fn dense_rewards_apply_the_error_policy() {
    let outcomes = vec![graded(Reward::correct()), ungraded(), graded(Reward::partial(0.5))];
    let skip = dense_rewards(&outcomes, OnError::Skip).unwrap();
    assert_eq!(skip.scores, [1.0, 0.0, 0.5]);
    assert_eq!(skip.mask, [true, false, true]);
    assert_eq!(skip.correct, [true, false, false]);
    assert_eq!(skip.verdicts, [Some(Verdict::Correct), None, Some(Verdict::Partial)]);
    assert_eq!(skip.errors, 1);
    assert_eq!(skip.mean_score(), Some(0.75));
    assert_eq!(skip.accuracy(), Some(0.5));

    let zero = dense_rewards(&outcomes, OnError::Zero).unwrap();
    assert_eq!(zero.mask, [true; 3]);
    assert_eq!(zero.mean_score(), Some(0.5));

    match dense_rewards(&outcomes, OnError::Fail) {
        Err(RlError::Ungraded { index, message }) => {
            assert_eq!(index, 1);
            assert!(message.contains("malformed row"), "{message}");
        }
        other => panic!("expected Ungraded, got {other:?}"),
    }
}

#[test]
fn dense_rewards_of_all_masked_batch_have_no_mean() {
    let d = dense_rewards(&[ungraded(), ungraded()], OnError::Skip).unwrap();
    assert_eq!(d.mean_score(), None);
    assert_eq!(d.accuracy(), None);
    assert!(dense_rewards(&[], OnError::Fail).unwrap().is_empty());
}

#[test]
fn overlong_penalty_follows_the_dapo_formula() {
    let p = OverlongBuffer::new(100, 20, 1.0);
    assert_eq!(p.penalty(0), 0.0);
    assert_eq!(p.penalty(80), 0.0);
    assert!(close(p.penalty(85), -0.25));
    assert!(close(p.penalty(100), -1.0));
    assert!(close(p.penalty(110), -1.5));
    assert!(close(OverlongBuffer::new(100, 20, 0.5).penalty(90), -0.25));
    assert_eq!(OverlongBuffer::new(100, 0, 1.0).penalty(500), 0.0);
    // A buffer longer than max_len starts at 0.
    assert!(close(OverlongBuffer::new(10, 20, 1.0).penalty(10), -0.5));
}

#[test]
fn shaping_is_a_separate_term_and_off_by_default() {
    let d = DenseRewards::from_scores(vec![1.0, 0.0]);
    assert_eq!(Shaping::new().terms(&d, &[5, 500]), [0.0, 0.0]);
    let s = Shaping::new().with_format_bonus(0.1).with_length_penalty(0.01);
    let t = s.terms(&d, &[10, 20]);
    assert!(close(t[0], 0.0) && close(t[1], -0.1));
    // The scores themselves are untouched.
    assert_eq!(d.scores, [1.0, 0.0]);
    let total = d.total(&t);
    assert!(close(total[0], 1.0) && close(total[1], -0.1));
}

#[test]
fn shaping_gives_no_format_bonus_without_an_answer_and_nothing_when_masked() {
    let s = Shaping::new().with_format_bonus(0.2);
    assert_eq!(s.term(Some(Verdict::NoAnswer), 3), 0.0);
    assert_eq!(s.term(None, 3), 0.0);
    assert_eq!(s.term(Some(Verdict::Incorrect), 3), 0.2);
    let outcomes = vec![graded(Reward::incorrect()), ungraded(), graded(Reward::no_answer())];
    let d = dense_rewards(&outcomes, OnError::Skip).unwrap();
    assert_eq!(s.terms(&d, &[1, 1, 1]), [0.2, 0.0, 0.0]);
}
