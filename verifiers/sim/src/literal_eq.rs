//! A JSON / Python-literal value comparator (CodeI/O outputs).

use serde_json::{Number, Value};

/// Compares two literal values.
///
/// - Objects: the same key set, values compared recursively (key order
///   never matters).
/// - Arrays: the same length, compared element by element (order matters;
///   tuples were read as arrays).
/// - Numbers: integers must be equal; when either side is a float, both
///   must be finite and within `rel_tol` relative error (and, with
///   `same_integer_part`, truncate to the same integer: CodeI/O's quirk).
///   NaN is never equal to anything (JSON cannot even carry it, so an
///   answer spelling `NaN` does not parse).
/// - `int_float`: whether `1` equals `1.0` (Python's `==` says yes).
/// - `bool_int`: whether `true` equals `1` (Python's `==` says yes; JSON
///   consumers say no).
///
/// # Example
/// ```
/// use rlvr_sim::Comparator;
/// use serde_json::json;
/// let c = Comparator::default();
/// assert!(c.equal(&json!({"a": [1, 2.0005]}), &json!({"a": [1, 2.0]})));
/// assert!(!c.equal(&json!([1, 2]), &json!([1, 2, 3])));
/// assert!(!c.equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
/// assert!(!c.equal(&json!(true), &json!("true")));
/// assert!(c.with_same_integer_part(true).equal(&json!(1.0004), &json!(1.0)));
/// assert!(!c.with_same_integer_part(true).equal(&json!(0.9996), &json!(1.0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Comparator {
    /// Relative tolerance for floats (default `1e-3`, as CodeI/O).
    pub rel_tol: f64,
    /// `1 == 1.0` (default true).
    pub int_float: bool,
    /// `true == 1` (default false).
    pub bool_int: bool,
    /// CodeI/O's extra rule that floats must truncate to the same integer
    /// (default false).
    pub same_integer_part: bool,
}

impl Default for Comparator {
    fn default() -> Self {
        Self { rel_tol: 1e-3, int_float: true, bool_int: false, same_integer_part: false }
    }
}

impl Comparator {
    /// Exact comparison: no float tolerance, no unification.
    pub fn exact() -> Self {
        Self { rel_tol: 0.0, int_float: false, bool_int: false, same_integer_part: false }
    }

    /// Sets the relative float tolerance.
    #[must_use]
    pub fn with_rel_tol(mut self, rel_tol: f64) -> Self {
        self.rel_tol = rel_tol;
        self
    }

    /// Sets `1 == 1.0`.
    #[must_use]
    pub fn with_int_float(mut self, on: bool) -> Self {
        self.int_float = on;
        self
    }

    /// Sets `true == 1`.
    #[must_use]
    pub fn with_bool_int(mut self, on: bool) -> Self {
        self.bool_int = on;
        self
    }

    /// Sets CodeI/O's same-integer-part rule.
    #[must_use]
    pub fn with_same_integer_part(mut self, on: bool) -> Self {
        self.same_integer_part = on;
        self
    }

    /// Whether `pred` equals `gold` under this comparator.
    pub fn equal(&self, pred: &Value, gold: &Value) -> bool {
        match (pred, gold) {
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| self.equal(v, w)))
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| self.equal(x, y))
            }
            (Value::Number(a), Value::Number(b)) => self.numbers(a, b),
            (Value::Bool(a), Value::Number(n)) | (Value::Number(n), Value::Bool(a)) => {
                self.bool_int && n.as_i64() == Some(i64::from(*a))
            }
            (a, b) => a == b,
        }
    }

    fn numbers(&self, a: &Number, b: &Number) -> bool {
        let int = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
        match (int(a), int(b)) {
            (Some(x), Some(y)) => x == y,
            (ia, ib) => {
                if (ia.is_some() || ib.is_some()) && !self.int_float {
                    return false;
                }
                let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else { return false };
                if !(x.is_finite() && y.is_finite()) {
                    return false;
                }
                if self.same_integer_part && x.trunc() != y.trunc() {
                    return false;
                }
                x == y || (x - y).abs() <= self.rel_tol * y.abs()
            }
        }
    }
}
