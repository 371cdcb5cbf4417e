//! The host↔guest protocol, typed: every JSON the guest sends (final
//! results, streamed reports, the program instance's replies and the values
//! in them) is read here, by one decoder per message kind, into serde
//! enums. A message that does not decode is a protocol violation: the
//! caller grades the program wrong (saying so), never panics. No size a
//! message states drives an allocation: tables are as long as the bytes that
//! carried them, and counts are capped.

use num_bigint::{BigInt, Sign};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most tests a pytest file may have collected.
pub(crate) const MAX_TESTS: usize = 100_000;

/// The most nodes and container parts, together, of one value table: a
/// deterministic bound on what the trusted instance decodes from one reply
/// (the harness's own iteration stops at a million items).
pub(crate) const MAX_TABLE_ITEMS: usize = 3_000_000;

/// The statuses the harness uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Ok,
    Loaded,
    Done,
    Passed,
    Collected,
    Compared,
    Returned,
    Raised,
    Error,
    Exit,
    Exit0,
    Memory,
    OutputLimit,
    CompileError,
    BadTests,
    Tampered,
    NotData,
    HarnessError,
    Failed,
    Skipped,
    Xfailed,
    Xpassed,
}

/// A final result of `run` (every mode but exec and invoke).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RunResult {
    pub(crate) status: Status,
    #[serde(default)]
    pub(crate) err: String,
    /// pytest collection: how many tests.
    #[serde(default)]
    pub(crate) n: Option<u64>,
    /// compare: whether the value equals the expectation.
    #[serde(default)]
    pub(crate) equal: Option<bool>,
}

/// The result of an `invoke` request.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct InvokeResult {
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) err: String,
    #[serde(default)]
    pub(crate) repr: String,
    /// The result as JSON text, when it is JSON data.
    #[serde(default)]
    pub(crate) json: Option<String>,
    /// The result as a value table, when an expectation was given.
    #[serde(default)]
    pub(crate) value: Option<Table>,
}

/// The result of an `exec` request.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ExecResult {
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) stdout: String,
    #[serde(default)]
    pub(crate) stderr: String,
    #[serde(default)]
    pub(crate) exit: Option<i64>,
}

/// One streamed report.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Report {
    pub(crate) i: i64,
    pub(crate) status: Status,
    #[serde(default)]
    pub(crate) err: String,
    #[serde(default)]
    pub(crate) stdout: Option<String>,
    /// Call-based: the result as a [`Table`] in JSON.
    #[serde(default)]
    pub(crate) value: Option<String>,
}

/// A reply of the program instance's `serve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub(crate) enum Reply {
    Loaded {
        names: Table,
    },
    Returned {
        value: Table,
    },
    /// The program raised (`msg` is read by the trusted side);
    /// `type_name` is the nearest builtin class of the exception, which the
    /// host checks ([`Reply::ends_the_test`]), `program_type` its class.
    Raised {
        #[serde(default)]
        type_name: String,
        #[serde(default)]
        program_type: String,
    },
    Exit {
        #[serde(default)]
        err: String,
    },
    Memory,
    OutputLimit,
    CompileError {
        #[serde(default)]
        err: String,
    },
    BadTests {
        #[serde(default)]
        err: String,
    },
    Error {
        #[serde(default)]
        err: String,
    },
    HarnessError {
        #[serde(default)]
        err: String,
    },
}

/// The builtin exception classes that are not `Exception`s: natively the
/// test code's `except Exception` lets them through.
const NOT_EXCEPTIONS: [&str; 5] =
    ["BaseException", "BaseExceptionGroup", "GeneratorExit", "KeyboardInterrupt", "SystemExit"];

impl Reply {
    /// Why a reply to a `call` ends the test whatever the test code
    /// catches, or `None` for a plain result or an `Exception`: the program
    /// exited (`SystemExit`, `os._exit`), raised a builtin exception that
    /// is not an `Exception` (`KeyboardInterrupt`, its own `BaseException`
    /// subclass), ran out of memory or output, or its harness failed. The
    /// host stops the trusted instance on it, so no `except` clause of the
    /// test code ever sees it.
    pub(crate) fn ends_the_test(&self) -> Option<String> {
        Some(match self {
            Self::Returned { .. } => return None,
            Self::Raised { type_name, .. } if !NOT_EXCEPTIONS.contains(&type_name.as_str()) => {
                return None;
            }
            Self::Raised { type_name, program_type } if program_type == type_name => {
                format!("raised {type_name}")
            }
            Self::Raised { type_name, program_type } => {
                format!("raised {} (a {type_name})", clip(program_type))
            }
            Self::Exit { err } => format!("exited ({})", clip(err)),
            Self::Memory => "ran out of memory".to_owned(),
            Self::OutputLimit => "went past the output limit".to_owned(),
            Self::Error { err } | Self::HarnessError { err } => {
                format!("failed in its harness ({})", clip(err))
            }
            Self::Loaded { .. } | Self::CompileError { .. } | Self::BadTests { .. } => {
                "answered a call with a reply that is not one".to_owned()
            }
        })
    }
}

fn clip(s: &str) -> String {
    s.chars().take(100).collect()
}

/// A value as data: a flat table of nodes (no nesting, so no depth limit on
/// the wire; shared and cyclic parts keep their shape).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Table {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: usize,
}

/// An object crossing as data: its class name and attributes.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Object {
    pub(crate) class: String,
    pub(crate) attrs: Vec<(String, usize)>,
}

/// One node of a [`Table`]; containers hold the indices of their parts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "t", content = "c", rename_all = "snake_case")]
pub(crate) enum Node {
    None,
    Bool(bool),
    /// An integer of any size, in decimal.
    Int(String),
    /// A float, as Python's `repr` writes it (`inf`, `nan` included).
    Float(String),
    Complex([String; 2]),
    Str(String),
    Bytes(String),
    Bytearray(String),
    Decimal(String),
    Fraction([String; 2]),
    List(Vec<usize>),
    Tuple(Vec<usize>),
    Set(Vec<usize>),
    Frozenset(Vec<usize>),
    Dict(Vec<[usize; 2]>),
    Object(Object),
    /// An object that stays in the program's instance.
    Handle(u64),
    /// A class or builtin function of a genuine module, `module:qualname`.
    Global(String),
    Module(String),
}

fn is_int(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

impl Table {
    /// Checks every index and every scalar's text, and the size: at most
    /// [`MAX_TABLE_ITEMS`] nodes and container parts together.
    pub(crate) fn check(&self) -> Result<(), String> {
        let n = self.nodes.len();
        if self.root >= n {
            return Err(format!("root {} of {n} nodes", self.root));
        }
        let items = self.nodes.iter().fold(n, |k, node| {
            k.saturating_add(match node {
                Node::List(v) | Node::Tuple(v) | Node::Set(v) | Node::Frozenset(v) => v.len(),
                Node::Dict(v) => 2 * v.len(),
                Node::Object(o) => o.attrs.len(),
                _ => 0,
            })
        });
        if items > MAX_TABLE_ITEMS {
            return Err(format!("a value of {items} items (at most {MAX_TABLE_ITEMS})"));
        }
        let idx = |i: &usize| -> Result<(), String> {
            if *i < n { Ok(()) } else { Err(format!("node index {i} of {n} nodes")) }
        };
        for node in &self.nodes {
            match node {
                Node::Int(s) if !is_int(s) => return Err(format!("bad integer {s:.40}")),
                Node::Float(s) if !is_float(s) => return Err(format!("bad float {s:.40}")),
                Node::Complex([a, b]) if !is_float(a) || !is_float(b) => {
                    return Err("bad complex".into());
                }
                Node::Fraction([a, b]) if !is_int(a) || !is_int(b) => {
                    return Err("bad fraction".into());
                }
                Node::Bytes(h) | Node::Bytearray(h)
                    if h.len() % 2 != 0 || !h.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    return Err("bad bytes".into());
                }
                Node::List(v) | Node::Tuple(v) | Node::Set(v) | Node::Frozenset(v) => {
                    v.iter().try_for_each(idx)?;
                }
                Node::Dict(v) => v.iter().flatten().try_for_each(idx)?,
                Node::Object(o) => o.attrs.iter().map(|(_, i)| i).try_for_each(idx)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether the value equals `want` (a JSON value of the ground truth)
    /// with Python's `==`: an integer must be that integer exactly, at any
    /// size; `1 == 1.0 == True`; a float equals an integer only when it is
    /// that integer exactly; a `Fraction`, a `Decimal` or a complex equals a
    /// number when its exact value is that number; tuples compare as lists
    /// (the reference turns them into lists); a dict's keys are the JSON
    /// object's string keys (an int key never equals a string key), each
    /// matched once. Anything that is not plain data (a handle, an object)
    /// equals nothing.
    pub(crate) fn equals(&self, want: &Value) -> bool {
        self.eq_at(self.root, want, 0, None)
    }

    /// [`Table::equals`], where the gold dict `int_keyed` (a JSON object
    /// inside `want`, found by address) has integer keys: the reference
    /// turns a call-based gold dict whose keys all read as integers into
    /// that dict with `int` keys (`{"0": "a"}` is `{0: "a"}`), and compares
    /// with Python's `==` then.
    pub(crate) fn equals_int_keyed(&self, want: &Value, int_keyed: &Value) -> bool {
        self.eq_at(self.root, want, 0, Some(int_keyed))
    }

    /// Whether the value is a list or tuple of one item that equals `want`
    /// (as [`Table::equals_int_keyed`]).
    pub(crate) fn is_one_item_equal(&self, want: &Value, int_keyed: &Value) -> bool {
        match self.nodes.get(self.root) {
            Some(Node::List(v) | Node::Tuple(v)) if v.len() == 1 => {
                self.eq_at(v[0], want, 1, Some(int_keyed))
            }
            _ => false,
        }
    }

    fn eq_at(&self, at: usize, want: &Value, depth: usize, int_keyed: Option<&Value>) -> bool {
        if depth > 256 {
            return false;
        }
        let Some(node) = self.nodes.get(at) else { return false };
        // An integer of the gold too large for a float (spec::mark_big_ints):
        // only that integer, exactly, equals it.
        if let Value::Object(o) = want
            && o.len() == 1
            && let Some(Value::String(digits)) = o.get(crate::spec::BIG_INT_KEY)
        {
            return match node {
                Node::Int(s) => norm_int(s) == norm_int(digits),
                Node::Fraction(_) | Node::Decimal(_) | Node::Complex(_) => {
                    self.exact(at).is_some_and(|r| {
                        digits.parse::<BigInt>().is_ok_and(|w| r == (w, BigInt::from(1)))
                    })
                }
                _ => false,
            };
        }
        match (node, want) {
            (Node::None, Value::Null) => true,
            (Node::Str(s), Value::String(w)) => s == w,
            (Node::Bool(b), w) => num_eq(&Num::Int(i128::from(*b).to_string()), w),
            (Node::Int(s), w) => num_eq(&Num::Int(s.clone()), w),
            (Node::Float(s), w) => s.parse::<f64>().is_ok_and(|f| num_eq(&Num::Float(f), w)),
            (Node::Fraction(_) | Node::Decimal(_) | Node::Complex(_), w) => {
                match (self.exact(at), exact_of_json(w)) {
                    (Some((a, b)), Some((c, d))) => a * d == c * b,
                    _ => false,
                }
            }
            (Node::List(v) | Node::Tuple(v), Value::Array(w)) => {
                v.len() == w.len()
                    && v.iter().zip(w).all(|(i, x)| self.eq_at(*i, x, depth + 1, int_keyed))
            }
            (Node::Dict(v), Value::Object(w)) => {
                let ints = int_keyed.is_some_and(|k| std::ptr::eq(k, want));
                self.dict_eq(v, w, ints, depth, int_keyed)
            }
            _ => false,
        }
    }

    /// Python's `==` between a dict of the result and a JSON object: as
    /// many keys, and each key of the result equal to one key of the gold
    /// (a string to the same string; with `ints`, a number to the integer
    /// the gold key reads as), each gold key matched once, with equal
    /// values. A table is data the program may forge: two keys that Python
    /// would never hold in one dict (`0` and `0.0`) find their gold key
    /// taken.
    fn dict_eq(
        &self,
        got: &[[usize; 2]],
        want: &serde_json::Map<String, Value>,
        ints: bool,
        depth: usize,
        int_keyed: Option<&Value>,
    ) -> bool {
        use std::collections::HashMap;
        // The gold's keys as Python holds them: a later key equal to an
        // earlier one replaces it, as in the reference's comprehension.
        let mut keys: HashMap<String, (usize, &Value)> = HashMap::new();
        for (k, v) in want {
            let key = if ints {
                match py_int(k) {
                    Some(i) => i,
                    None => return false,
                }
            } else {
                k.clone()
            };
            let n = keys.len();
            let slot = keys.entry(key).or_insert((n, v));
            slot.1 = v;
        }
        if got.len() != keys.len() {
            return false;
        }
        let mut used = vec![false; keys.len()];
        got.iter().all(|[k, x]| {
            let key = if ints {
                self.int_key(*k)
            } else {
                match self.nodes.get(*k) {
                    Some(Node::Str(s)) => Some(s.clone()),
                    _ => None,
                }
            };
            let Some(&(i, y)) = key.as_ref().and_then(|key| keys.get(key)) else {
                return false;
            };
            !std::mem::replace(&mut used[i], true) && self.eq_at(*x, y, depth + 1, int_keyed)
        })
    }

    /// A dict key of the result as the integer it equals in Python
    /// (`1`, `True`, `1.0`, `Fraction(1)`), in normal decimal text.
    fn int_key(&self, at: usize) -> Option<String> {
        match self.nodes.get(at)? {
            Node::Int(s) => Some(norm_int(s)),
            Node::Bool(b) => Some(u8::from(*b).to_string()),
            Node::Float(s) => s.parse::<f64>().ok().and_then(float_as_int),
            Node::Fraction(_) | Node::Decimal(_) | Node::Complex(_) => {
                let (n, d) = self.exact(at)?;
                (d == BigInt::from(1)).then(|| n.to_string())
            }
            _ => None,
        }
    }

    /// The exact value of a `Fraction`, a finite `Decimal` or a complex
    /// with no imaginary part, as a fraction with a positive denominator.
    fn exact(&self, at: usize) -> Option<(BigInt, BigInt)> {
        match self.nodes.get(at)? {
            Node::Fraction([n, d]) => {
                // Python keeps a Fraction in lowest terms, so one that can
                // equal a JSON number has at most about 1,100 digits.
                if n.len() > MAX_EXACT_DIGITS || d.len() > MAX_EXACT_DIGITS {
                    return None;
                }
                let (n, d) = (n.parse::<BigInt>().ok()?, d.parse::<BigInt>().ok()?);
                match d.sign() {
                    Sign::NoSign => None,
                    Sign::Minus => Some((-n, -d)),
                    Sign::Plus => Some((n, d)),
                }
            }
            Node::Decimal(s) => decimal_exact(s),
            Node::Complex([re, im]) => {
                let (re, im) = (re.parse::<f64>().ok()?, im.parse::<f64>().ok()?);
                if im == 0.0 { float_exact(re) } else { None }
            }
            _ => None,
        }
    }
}

/// Digits beyond which a number cannot equal a JSON number (a double has at
/// most 767 significant decimal digits and 309 integer ones).
const MAX_EXACT_DIGITS: usize = 1_100;

/// A JSON key as Python's `int(key)` reads it (surrounding whitespace, a
/// sign, `_` between digits), in normal decimal text.
pub(crate) fn py_int(key: &str) -> Option<String> {
    let k = key.trim();
    let (neg, d) = match k.as_bytes().first()? {
        b'-' => (true, &k[1..]),
        b'+' => (false, &k[1..]),
        _ => (false, k),
    };
    if d.is_empty()
        || d.starts_with('_')
        || d.ends_with('_')
        || d.contains("__")
        || !d.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let digits: String = d.chars().filter(|c| *c != '_').collect();
    Some(norm_int(&if neg { format!("-{digits}") } else { digits }))
}

/// The exact value of a finite double.
fn float_exact(f: f64) -> Option<(BigInt, BigInt)> {
    if !f.is_finite() {
        return None;
    }
    let bits = f.to_bits();
    let neg = bits >> 63 == 1;
    let exp = i32::try_from((bits >> 52) & 0x7ff).ok()?;
    let frac = bits & ((1 << 52) - 1);
    let (mant, e) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
    let mut n = BigInt::from(mant);
    if neg {
        n = -n;
    }
    let one = BigInt::from(1);
    Some(if e >= 0 { (n << e.unsigned_abs(), one) } else { (n, one << e.unsigned_abs()) })
}

/// The exact value of a JSON number or bool.
fn exact_of_json(want: &Value) -> Option<(BigInt, BigInt)> {
    let one = BigInt::from(1);
    match want {
        Value::Bool(b) => Some((BigInt::from(u8::from(*b)), one)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some((BigInt::from(i), one))
            } else if let Some(u) = n.as_u64() {
                Some((BigInt::from(u), one))
            } else {
                float_exact(n.as_f64()?)
            }
        }
        _ => None,
    }
}

/// The exact value of a finite `Decimal` as `str` writes it (`-1.50`,
/// `1E+3`); `None` for `NaN`, `Infinity` and anything too large or too
/// small to equal a JSON number.
fn decimal_exact(s: &str) -> Option<(BigInt, BigInt)> {
    let (neg, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    let zeros = digits.len() - digits.trim_end_matches('0').len();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return Some((BigInt::from(0), BigInt::from(1)));
    }
    if digits.len() > MAX_EXACT_DIGITS || exp_digits.len() > 9 {
        return None;
    }
    // value = digits * 10^scale
    let exp: i64 = exp.parse().ok()?;
    let scale = exp + i64::try_from(zeros).ok()? - i64::try_from(frac.len()).ok()?;
    // The magnitude: a JSON number is below 1e309 and a nonzero one above
    // 1e-1100.
    let magnitude = scale + i64::try_from(digits.len()).ok()?;
    if !(-1_100..=310).contains(&magnitude) {
        return None;
    }
    let mut n: BigInt = digits.parse().ok()?;
    if neg {
        n = -n;
    }
    let ten = |k: i64| BigInt::from(10).pow(u32::try_from(k).unwrap_or(0));
    Some(if scale >= 0 { (n * ten(scale), BigInt::from(1)) } else { (n, ten(-scale)) })
}

enum Num {
    Int(String),
    Float(f64),
}

/// The exact decimal text of an integral float (`None` otherwise).
fn float_as_int(f: f64) -> Option<String> {
    (f.is_finite() && f.fract() == 0.0).then(|| {
        let s = format!("{f:.0}");
        if s == "-0" { "0".to_owned() } else { s }
    })
}

fn norm_int(s: &str) -> String {
    let (neg, d) = s.strip_prefix('-').map_or((false, s), |d| (true, d));
    let d = d.trim_start_matches('0');
    if d.is_empty() {
        "0".to_owned()
    } else if neg {
        format!("-{d}")
    } else {
        d.to_owned()
    }
}

/// Python's `==` between a number (or bool) of the result and a JSON value.
fn num_eq(got: &Num, want: &Value) -> bool {
    let want = match want {
        Value::Bool(b) => Num::Int(u8::from(*b).to_string()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Num::Int(i.to_string())
            } else if let Some(u) = n.as_u64() {
                Num::Int(u.to_string())
            } else if let Some(f) = n.as_f64() {
                Num::Float(f)
            } else {
                return false;
            }
        }
        _ => return false,
    };
    match (got, &want) {
        (Num::Int(a), Num::Int(b)) => norm_int(a) == norm_int(b),
        (Num::Float(a), Num::Float(b)) => a == b,
        (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
            float_as_int(*f).is_some_and(|fi| fi == norm_int(i))
        }
    }
}

/// Decodes a final result.
pub(crate) fn run_result(json: &str) -> Result<RunResult, String> {
    serde_json::from_str(json).map_err(|e| format!("a malformed result ({e})"))
}

/// Decodes a streamed report.
pub(crate) fn report(line: &str) -> Result<Report, String> {
    serde_json::from_str(line).map_err(|e| format!("a malformed report ({e})"))
}

/// Decodes and checks a program instance's reply.
pub(crate) fn reply(json: &str) -> Result<Reply, String> {
    let r: Reply = serde_json::from_str(json).map_err(|e| format!("a malformed reply ({e})"))?;
    match &r {
        Reply::Loaded { names: t } | Reply::Returned { value: t } => t.check()?,
        _ => {}
    }
    Ok(r)
}

/// Decodes and checks a call-based result table.
pub(crate) fn table(json: &str) -> Result<Table, String> {
    let t: Table = serde_json::from_str(json).map_err(|e| format!("a malformed value ({e})"))?;
    t.check()?;
    Ok(t)
}

/// The fuzz target of the host side of the protocol (cargo-fuzz builds it
/// with `--cfg fuzzing`; the unit tests replay its corpus): the first line
/// of `data` is a ground truth (JSON, `null` when it is not), the rest a
/// guest message, decoded as each message kind. A table that checks is
/// compared with the ground truth, and written and read back, and checks
/// again; nothing panics.
#[cfg(any(test, fuzzing))]
#[cfg_attr(not(fuzzing), allow(unreachable_pub, reason = "public to the fuzzer only"))]
pub fn fuzz_guest_message(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (want, message) = text.split_once('\n').unwrap_or(("null", text));
    let want: Value = serde_json::from_str(want).unwrap_or(Value::Null);
    let _ = run_result(message);
    let _ = report(message).map(|r| r.value.map(|v| table(&v).map(|t| t.equals(&want))));
    let replied = match reply(message) {
        Ok(Reply::Loaded { names: t } | Reply::Returned { value: t }) => Some(t),
        _ => None,
    };
    for t in replied.into_iter().chain(table(message).ok()) {
        let _ = t.equals(&want);
        let again = serde_json::to_string(&t).expect("a table serialises");
        let back = table(&again).expect("a checked table reads back and checks");
        assert_eq!(back.equals(&want), t.equals(&want), "a table changed across JSON");
    }
    let _ = serde_json::from_str::<InvokeResult>(message)
        .map(|r| r.value.map(|t| t.check().map(|()| t.equals(&want))));
    let _ = serde_json::from_str::<ExecResult>(message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(nodes: &Value) -> Table {
        table(&json!({"nodes": nodes, "root": 0}).to_string()).unwrap()
    }

    #[test]
    fn integers_compare_exactly_at_any_size() {
        let two70 = "1180591620717411303424";
        let big = t(&json!([{"t": "int", "c": two70}]));
        assert!(big.equals(&serde_json::from_str::<Value>(two70).unwrap()));
        let off = t(&json!([{"t": "int", "c": "1180591620717411426880"}]));
        assert!(!off.equals(&serde_json::from_str::<Value>(two70).unwrap()));
        // 1e17 is not 100000000000000001.
        let f = t(&json!([{"t": "float", "c": "1e+17"}]));
        assert!(!f.equals(&json!(100_000_000_000_000_001_u64)));
        assert!(f.equals(&json!(100_000_000_000_000_000_u64)));
        assert!(t(&json!([{"t": "int", "c": "1"}])).equals(&json!(1.0)));
        assert!(t(&json!([{"t": "bool", "c": true}])).equals(&json!(1)));
        assert!(!t(&json!([{"t": "float", "c": "1.5"}])).equals(&json!(1)));
        assert!(!t(&json!([{"t": "float", "c": "nan"}])).equals(&json!(1)));
        assert!(t(&json!([{"t": "int", "c": "-0"}])).equals(&json!(0)));
    }

    #[test]
    fn containers_and_handles() {
        let v = t(
            &json!([{"t": "tuple", "c": [1, 2]}, {"t": "int", "c": "1"}, {"t": "str", "c": "a"}]),
        );
        assert!(v.equals(&json!([1, "a"])));
        assert!(!v.equals(&json!([1, "b"])));
        // As Python: an int key never equals a JSON string key (see
        // `call_eq` for the reference's int-keyed reading of a gold dict).
        let d = t(&json!([{"t": "dict", "c": [[1, 2]]}, {"t": "int", "c": "3"}, {"t": "none"}]));
        assert!(!d.equals(&json!({"3": null})));
        let k = json!({"3": null});
        assert!(d.equals_int_keyed(&k, &k));
        let h = t(&json!([{"t": "handle", "c": 0}]));
        assert!(!h.equals(&json!(0)) && !h.equals(&Value::Null));
        // A cycle terminates.
        let c = t(&json!([{"t": "list", "c": [0]}]));
        assert!(!c.equals(&json!([[[[1]]]])));
    }

    #[test]
    fn corrupt_messages_are_errors() {
        assert!(table(r#"{"nodes": [], "root": 0}"#).is_err());
        assert!(table(r#"{"nodes": [{"t": "list", "c": [5]}], "root": 0}"#).is_err());
        assert!(table(r#"{"nodes": [{"t": "int", "c": "1e5"}], "root": 0}"#).is_err());
        assert!(table(r#"{"nodes": [{"t": "evil"}], "root": 0}"#).is_err());
        assert!(reply(r#"{"status": "returned"}"#).is_err());
        assert!(reply("not json").is_err());
        assert!(run_result(r#"{"status": "collected", "n": 1125899906842624}"#).is_ok());
        assert!(report(r#"{"i": "x", "status": "ok"}"#).is_err());
    }

    /// Replays the fuzz corpus of the host side of the protocol
    /// (`fuzz/corpus/guest_protocol/`, kept by the fuzzer in `fuzz/`).
    #[test]
    fn guest_protocol_corpus_replays() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/corpus/guest_protocol");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("the corpus directory reads") {
            let path = entry.expect("a directory entry").path();
            fuzz_guest_message(&std::fs::read(&path).expect("a corpus file reads"));
            n += 1;
        }
        assert!(n > 0, "{} is empty", dir.display());
    }
}
