//! The hand-reduced rational arithmetic agrees with num-rational's.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::{Gq, gcd, radd, rdiv, rmul, rsub};

/// Numerators and denominators from tiny to over 64 bits (so that both
/// the machine-word and the Euclid paths of `gcd` run).
fn big() -> impl Strategy<Value = BigInt> {
    prop_oneof![
        (-50i64..50).prop_map(BigInt::from),
        any::<i64>().prop_map(BigInt::from),
        (any::<i64>(), any::<u64>(), 0u32..3)
            .prop_map(|(a, b, k)| BigInt::from(a) * BigInt::from(b).pow(k + 1) + BigInt::from(b)),
    ]
}

fn rat() -> impl Strategy<Value = BigRational> {
    (big(), big()).prop_filter_map("zero denominator", |(n, d)| {
        (!d.is_zero()).then(|| BigRational::new(n, d))
    })
}

/// Reduced, with a positive denominator: what `PartialEq for Gq` relies on.
fn reduced(r: &BigRational) -> bool {
    r.denom() > &BigInt::zero() && r.numer().gcd(r.denom()).is_one()
}

/// Small operands never exhaust the gcd's work cap.
fn some<T>(x: Option<T>) -> Result<T, TestCaseError> {
    x.ok_or_else(|| TestCaseError::fail("the gcd gave up on small operands"))
}

proptest! {
    #[test]
    fn sums_products_and_quotients_match_num_rational(a in rat(), b in rat()) {
        let s = some(radd(&a, &b))?;
        prop_assert_eq!(&s, &(&a + &b));
        prop_assert!(reduced(&s));
        let d = some(rsub(&a, &b))?;
        prop_assert_eq!(&d, &(&a - &b));
        prop_assert!(reduced(&d));
        let p = some(rmul(&a, &b))?;
        prop_assert_eq!(&p, &(&a * &b));
        prop_assert!(reduced(&p));
        if !b.is_zero() {
            let q = some(rdiv(&a, &b))?;
            prop_assert_eq!(&q, &(&a / &b));
            prop_assert!(reduced(&q));
        }
    }

    #[test]
    fn gcd_matches_num_integer(a in big(), b in big()) {
        prop_assert_eq!(some(gcd(&a, &b))?, a.gcd(&b));
    }

    #[test]
    fn gaussian_equality_is_value_equality(a in rat(), b in rat(), c in rat()) {
        let x = Gq { re: a.clone(), im: b.clone() };
        let y = Gq { re: a.clone() * BigRational::one(), im: b.clone() };
        prop_assert!(x == y);
        let z = Gq { re: c.clone(), im: b };
        prop_assert_eq!(x == z, a == c);
    }
}

#[test]
fn a_gcd_of_huge_coprime_numbers_gives_up() {
    let a = BigInt::from(5u32).pow(80_000u32);
    let b = BigInt::from(7u32).pow(80_000u32);
    assert_eq!(gcd(&a, &b), None);
    // One division settles a multiple of a 4,600-bit number.
    let (c, d) = (BigInt::from(5u32).pow(2_000u32), BigInt::from(7u32).pow(2_000u32));
    assert_eq!(gcd(&(&c * &d), &c), Some(c.clone()));
}
