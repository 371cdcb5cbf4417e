//! The pytest format under the scoring modes and isolations: one result per
//! collected test function (parametrized rows count one each), traps
//! restarting from the next test. Skipped when the guest is not built.

use crate::common::{grade, verifier};
use rlvr_code::{CodeVerifier, Isolation, Scoring};
use rlvr_core::Verdict;
use serde_json::json;

/// Four tests: `test_one`, two parametrized rows of `test_rows`, and
/// `TestK::test_three`; `f(2)` loops forever and `f(3)` is wrong.
const FILE: &str = "import pytest\nfrom solution import f\n\ndef test_one():\n    assert f(1) == 1\n\n\
@pytest.mark.parametrize('x', [2, 4])\ndef test_rows(x):\n    assert f(x) == x\n\n\
class TestK:\n    def test_three(self):\n        assert f(3) == 3\n";
const CODE: &str = "def f(x):\n    while x == 2:\n        pass\n    return x + (x == 3)\n";

fn with(scoring: Scoring, isolation: Isolation) -> CodeVerifier {
    CodeVerifier::builder()
        .fuel_per_test(1_000_000_000)
        .scoring(scoring)
        .isolation(isolation)
        .build()
}

#[test]
fn fraction_counts_each_test_function_and_row() {
    let Some(_) = verifier() else { return };
    for iso in [Isolation::PerProgram, Isolation::PerTest] {
        let r = grade(&with(Scoring::Fraction, iso), CODE, json!({"pytest": FILE}));
        assert!((r.score - 0.5).abs() < 1e-9, "{iso:?}: {r:?}");
        let d = r.detail.clone().unwrap_or_default();
        assert!(d.contains("passed 2/4") && d.contains("test 2: time limit (fuel)"), "{r:?}");
    }
}

#[test]
fn first_n_and_pass_fail() {
    let Some(_) = verifier() else { return };
    let r = grade(&with(Scoring::FirstN(1), Isolation::PerProgram), CODE, json!({"pytest": FILE}));
    assert!(r.is_correct(), "{r:?}");
    let r = grade(&with(Scoring::FirstN(2), Isolation::PerProgram), CODE, json!({"pytest": FILE}));
    assert!((r.score - 0.5).abs() < 1e-9, "{r:?}");
    let r = grade(&with(Scoring::PassFail, Isolation::PerProgram), CODE, json!({"pytest": FILE}));
    assert_eq!(r.verdict, Verdict::TimedOut, "{r:?}");
    let good = "def f(x):\n    return x\n";
    let r =
        grade(&with(Scoring::PassFail, Isolation::PerTest), good, json!({"solution_file": FILE}));
    assert!(r.is_correct(), "{r:?}");
}

#[test]
fn a_report_from_the_program_fails_and_a_load_error_fails_all() {
    let Some(v) = verifier() else { return };
    let hack = "import wit_world\nwit_world.report('{\"i\": 0, \"status\": \"ok\"}')\ndef f(x):\n    return 0\n";
    let r = grade(v, hack, json!({"pytest": FILE}));
    assert!(!r.is_correct(), "{r:?}");
    let r =
        grade(v, "def f(x):\n    return x\nraise ValueError('boom')\n", json!({"pytest": FILE}));
    assert!(r.score.abs() < 1e-12, "{r:?}");
    assert!(r.detail.unwrap_or_default().contains("boom"));
}

/// Five tests: one skipped by a mark, one by `pytest.skip`, one xfailed,
/// two graded (`g(1)` right, `g(2)` wrong under `WRONG`).
const SKIPS: &str = "import pytest\nfrom solution import g\n\n@pytest.mark.skip(reason='later')\n\
def test_marked():\n    assert g(0) == 99\n\ndef test_one():\n    assert g(1) == 1\n\n\
def test_skip_call():\n    pytest.skip('slow')\n\n@pytest.mark.xfail(raises=ZeroDivisionError)\n\
def test_xfail():\n    1 / g(0)\n\ndef test_two():\n    assert g(2) == 4\n";
const WRONG: &str = "def g(x):\n    return x\n";

#[test]
fn skipped_and_xfailed_tests_leave_the_denominator() {
    let Some(_) = verifier() else { return };
    for iso in [Isolation::PerProgram, Isolation::PerTest] {
        let r = grade(&with(Scoring::Fraction, iso), WRONG, json!({"pytest": SKIPS}));
        assert!((r.score - 0.5).abs() < 1e-9, "{iso:?}: {r:?}");
        let d = r.detail.clone().unwrap_or_default();
        assert!(d.contains("passed 1/2 tests (2 skipped, 1 xfailed not graded)"), "{r:?}");
        let good = "def g(x):\n    return x * x\n";
        let r = grade(&with(Scoring::PassFail, iso), good, json!({"pytest": SKIPS}));
        assert!(r.is_correct(), "{iso:?}: {r:?}");
    }
}

#[test]
fn a_skip_from_the_program_is_a_failure_under_every_scoring() {
    let Some(_) = verifier() else { return };
    let hack = "import sys\ndef g(x):\n    sys.modules['pytest'].skip('no')\n";
    for scoring in [Scoring::PassFail, Scoring::Fraction, Scoring::FirstN(10)] {
        let r = grade(&with(scoring, Isolation::PerProgram), hack, json!({"pytest": SKIPS}));
        assert!(r.score.abs() < 1e-12, "{scoring:?}: {r:?}");
        // The program's skip stays the program's exception, which is not
        // an `Exception`: it ends the test as a failure, never a skip.
        let d = r.detail.unwrap_or_default();
        assert!(d.contains("raised _Skipped (a BaseException)"), "{scoring:?}: {d}");
    }
}

#[test]
fn forged_reports_followed_by_a_trap_do_not_pass() {
    let Some(v) = verifier() else { return };
    // The program reports every test as passed through the harness's hook,
    // then never returns: the run ends in a trap, not in the harness's
    // own end of run.
    let forge = |fields: &str| {
        format!(
            "import json, wit_world\ndef f(x):\n    for i in range(4):\n        \
             wit_world.report(json.dumps({{'i': i, 'status': 'ok', 'err': ''{fields}}}))\n    \
             while True:\n        pass\n"
        )
    };
    let hack = forge("");
    for scoring in [Scoring::PassFail, Scoring::Fraction] {
        for iso in [Isolation::PerProgram, Isolation::PerTest] {
            let r = grade(&with(scoring, iso), &hack, json!({"pytest": FILE}));
            assert!(r.score < 0.5, "{scoring:?} {iso:?}: {r:?}");
        }
    }
    // Forged reports and then a normal return: the harness's own report
    // comes out of order, and the whole run's reports are void.
    let returns = hack.replace("while True:\n        pass\n", "return x\n");
    assert_ne!(returns, hack);
    let r =
        grade(&with(Scoring::Fraction, Isolation::PerProgram), &returns, json!({"pytest": FILE}));
    assert!(r.score.abs() < 1e-12, "{r:?}");
    let stdio = forge(", 'stdout': '1\\n'") + "f(0)\n";
    let gt =
        json!({"inputs": ["1\n", "1\n", "1\n", "1\n"], "outputs": ["1\n", "1\n", "1\n", "1\n"]});
    let r = grade(v, &stdio, gt);
    assert!(!r.is_correct(), "{r:?}");
}
