//! Quick end-to-end checks of the three formats.

use crate::common::{grade, stdio, verifier};
use serde_json::json;

#[test]
fn stdio_call_and_functional_formats_pass_and_fail() {
    let Some(v) = verifier() else { return };
    let t = std::time::Instant::now();
    let r = grade(
        v,
        "a, b = map(int, input().split())\nprint(a + b)",
        stdio(&[("1 2\n", "3\n"), ("3 4\n", "7\n")]),
    );
    assert!(r.is_correct(), "{r:?}");
    eprintln!("stdio: {:?}", t.elapsed());
    let r = grade(v, "a, b = map(int, input().split())\nprint(a - b)", stdio(&[("1 2\n", "3\n")]));
    assert!(!r.is_correct(), "{r:?}");
    let gt = json!({"inputs": ["[1, 2]\n3", "[]\n0"], "outputs": [[1, 2, 3], [0]], "fn_name": "f"});
    let r = grade(v, "def f(xs, k):\n    return xs + [k]", gt);
    assert!(r.is_correct(), "{r:?}");
    let gt =
        json!({"functional": "def check(candidate):\n    assert candidate(2) == 4\n\ncheck(sq)"});
    let r = grade(v, "def sq(x):\n    return x * x", gt.clone());
    assert!(r.is_correct(), "{r:?}");
    let r = grade(v, "import sys\nsys.exit(0)\ndef sq(x):\n    return x * x", gt);
    assert!(!r.is_correct(), "{r:?}");
}
