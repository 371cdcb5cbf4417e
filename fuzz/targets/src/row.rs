use rlvr_core::{Outcome, Record, Registry, Row};

use crate::context;

/// The row and record reader: [`Row::from_json_str`] on a JSON line, the
/// record its outcome gives (dispatched through the bare Guru routes, so
/// no verifier runs) written and read back, and the line read as a
/// [`Record`] written and read back.
///
/// # Panics
/// When reading panics, or a record does not round-trip through JSON.
pub fn row(data: &[u8]) {
    let row = match std::str::from_utf8(data) {
        Ok(line) => Row::from_json_str(line),
        Err(e) => Row::malformed(format!("not UTF-8: {e}")),
    };
    let malformed = row.sample.is_err();
    let outcome = match row.sample {
        Ok(sample) => {
            let _ = sample.prompt_text();
            let _ = sample.extra_str("task");
            registry().verify_timed(&sample, &context())
        }
        Err(e) => Outcome::failed(e),
    };
    let record = Record::from_outcome(&outcome).with_ids(row.ids);
    assert!(record.score.is_finite() && (0.0..=1.0).contains(&record.score));
    if malformed {
        assert!(record.status.is_error(), "a row that cannot be read is graded {}", record.status);
    }
    round_trip(&record);
    if let Ok(line) = std::str::from_utf8(data)
        && let Ok(read) = serde_json::from_str::<Record>(line)
    {
        round_trip(&read);
    }
}

fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(Registry::guru)
}

/// A record written as JSON reads back as itself (floats compared through
/// their JSON text, which is what a reader of the file sees).
fn round_trip(record: &Record) {
    let json = serde_json::to_string(record).expect("a record serialises");
    let back: Record = serde_json::from_str(&json).expect("a written record reads back");
    let again = serde_json::to_string(&back).expect("a record serialises");
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&json).expect("JSON"), serde_json::from_str(&again).expect("JSON"));
    assert_eq!(a, b, "record {json} does not round-trip");
}
