//! Shared helpers of the integration tests: the guest-gated verifier.

use std::io::Write as _;
use std::sync::OnceLock;

use rlvr_code::CodeVerifier;
use rlvr_core::{Context, Reward, Sample, Verifier};

/// The shared verifier, or `None` (with a loud message) when the guest has
/// not been built.
pub(crate) fn verifier() -> Option<&'static CodeVerifier> {
    static V: OnceLock<Option<CodeVerifier>> = OnceLock::new();
    V.get_or_init(|| {
        let v = CodeVerifier::builder()
            .fuel_per_test(2_000_000_000)
            .wall_per_test(std::time::Duration::from_secs(10))
            .memory_bytes(256 << 20)
            .output_bytes(1 << 20)
            .build();
        // The default guest is built on first use when it is missing.
        match v.sandbox().preload() {
            Ok(t) => {
                eprintln!(
                    "rlvr-code: guest {} loaded in {t:?}",
                    v.sandbox().guest_path().display()
                );
                Some(v)
            }
            Err(e) => {
                // Written to the stderr handle directly: libtest captures
                // `eprintln!`, and a skip must be seen.
                let _ = writeln!(std::io::stderr(), "\n\n*** SKIPPED: {e} ***\n\n");
                None
            }
        }
    })
    .as_ref()
}

/// A response holding `code` in a Python block.
pub(crate) fn fenced(code: &str) -> String {
    format!("Here it is.\n```python\n{code}\n```\n")
}

/// Grades `code` against a ground truth.
pub(crate) fn grade(v: &CodeVerifier, code: &str, gt: serde_json::Value) -> Reward {
    let s = Sample::new("codegen__taco", fenced(code), gt);
    v.verify(&s, &Context::default()).unwrap_or_else(|e| panic!("error: {e}\n{code}"))
}

/// A stdin/stdout ground truth.
pub(crate) fn stdio(pairs: &[(&str, &str)]) -> serde_json::Value {
    let (i, o): (Vec<_>, Vec<_>) = pairs.iter().copied().unzip();
    serde_json::json!({"inputs": i, "outputs": o})
}
