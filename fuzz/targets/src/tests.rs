//! Replays each committed corpus (`fuzz/corpus/<target>/`) through its
//! target, so every input a fuzzer kept (crashers included, once fixed)
//! runs in the ordinary test suite.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    for file in files {
        let data = std::fs::read(&file).expect("a corpus file reads");
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ok = std::panic::catch_unwind(|| run(&data)).is_ok();
        assert!(ok, "{target}: corpus input {name} failed (see above)");
    }
}

#[test]
fn extract_corpus_replays() {
    replay("extract", crate::extract);
}

#[test]
fn math_corpus_replays() {
    replay("math", crate::math);
}

#[test]
fn literal_corpus_replays() {
    replay("literal", crate::literal);
}

#[test]
fn row_corpus_replays() {
    replay("row", crate::row);
}

#[test]
fn answers_corpus_replays() {
    replay("answers", crate::answers);
}

#[cfg(feature = "table")]
#[test]
fn table_corpus_replays() {
    replay("table", crate::table);
}

#[cfg(feature = "server")]
#[test]
fn server_corpus_replays() {
    replay("server", crate::server);
}
