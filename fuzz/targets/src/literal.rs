/// The literal/JSON reader: [`rlvr_core::literal::parse`] on any text, and
/// [`rlvr_core::literal::unwrap_string`] on what it reads. A value it reads
/// is JSON data, so it serialises, and its JSON text reads back as itself.
///
/// # Panics
/// When the reader panics or a value it read does not survive JSON.
pub fn literal(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(v) = rlvr_core::literal::parse(text) else { return };
    let _ = rlvr_core::literal::unwrap_string(&v);
    let json = serde_json::to_string(&v).expect("a read value serialises");
    let back: serde_json::Value = serde_json::from_str(&json).expect("its JSON reads back");
    if !has_float(&v) {
        assert_eq!(back, v, "{text:?} read as {json} does not round-trip");
    }
}

/// Whether a float is anywhere in `v` (serde_json's float reading is not
/// exact on every round trip).
fn has_float(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.is_f64(),
        serde_json::Value::Array(a) => a.iter().any(has_float),
        serde_json::Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}
