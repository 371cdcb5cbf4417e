//! The crate's fixture files, shared by the unit tests and the benches
//! (which include this file by path).

use std::path::Path;

use rlvr_core::testutil::{Case, load_file};

/// The cases of every `fixtures/logic/*.toml`, in file order, named
/// `logic/<file>/<case>` (each file is loaded against `fixtures/`, which
/// keeps the `logic` domain in the names).
pub(crate) fn logic_cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files: Vec<_> = std::fs::read_dir(root.join("logic"))
        .expect("fixtures/logic")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files.iter().flat_map(|f| load_file(&root, f).expect("fixtures load")).collect()
}
