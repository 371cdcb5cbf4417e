//! Per-row options: the one reader of option values in `extra_info`.
//!
//! A row may set how it is graded (`extra_info.extraction = "lenient"`,
//! `code_blocks = "all"`, `policy = "finqa"`, ...). A value that is not
//! one of the option's names is an error, never the default: a typo
//! (`"Lenint"`) would otherwise grade under other rules without a word.
//! The error is [`Error::InvalidGroundTruth`] (status `gold_unparseable`),
//! and its reason names the key, the value given and the accepted names.
//! Names match ASCII case-insensitively (`"Lenient"` is `lenient`).

use serde_json::Value;

use crate::{Error, Sample};

/// Every `extra_info` key that sets how a row is graded, across the
/// domains. A key spelt like one of these but not one of them
/// (`extration`, `Code-Blocks`, `partial_credits`) is refused by
/// [`misspelt`] before a verifier runs, so a typo cannot grade the row
/// under the defaults without a word. Dataset keys (`index`, `split`,
/// `question`, ...) are not options and pass as they are.
pub const KEYS: &[&str] = &[
    "extraction",
    "code_blocks",
    "ifeval_mode",
    "policy",
    "percent",
    "tolerance",
    "unitless",
    "partial_credit",
    "require_execution",
    "decimal_approx",
];

/// Keys longer than this are compared on this many bytes (they are no
/// option's spelling anyway; it bounds the distance computation).
const MAX_KEY: usize = 64;

/// The option key that `key` misspells: the same letters up to case and
/// `_`/`-`/space, or one edit away. `None` for an option key itself, and
/// for keys unlike every option.
fn meant(key: &str) -> Option<&'static str> {
    // The option keys squashed once, not for every key of every row.
    static SQUASHED: std::sync::LazyLock<Vec<Vec<u8>>> =
        std::sync::LazyLock::new(|| KEYS.iter().map(|o| squash(o)).collect());
    if KEYS.contains(&key) {
        return None;
    }
    let k = squash(key);
    KEYS.iter()
        .zip(SQUASHED.iter())
        .find(|(_, o)| k == **o || crate::registry::edit_distance(&k, o) <= 1)
        .map(|(o, _)| *o)
}

/// A key as compared: ASCII lowercase, without `_`, `-` and spaces, at
/// most [`MAX_KEY`] bytes.
fn squash(k: &str) -> Vec<u8> {
    k.bytes()
        .filter(|b| !matches!(b, b'_' | b'-' | b' '))
        .take(MAX_KEY)
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

/// Refuses a row whose `extra_info` has a key that misspells an option
/// key (see [`KEYS`]): [`Error::InvalidGroundTruth`] of `verifier`, whose
/// reason names the key and the option meant. The registry calls it for
/// every row before dispatch.
///
/// # Errors
/// As above.
///
/// # Example
/// ```
/// use rlvr_core::{Sample, option};
/// let row = |k: &str| Sample::new("x", "", "").with_extra_info(serde_json::json!({k: "lenient"}));
/// assert!(option::misspelt(&row("extraction"), "demo").is_ok());
/// assert!(option::misspelt(&row("index"), "demo").is_ok());
/// let e = option::misspelt(&row("extration"), "demo").unwrap_err().to_string();
/// assert!(e.contains("extra_info.extration") && e.contains("`extraction`"));
/// ```
pub fn misspelt(sample: &Sample, verifier: &str) -> Result<(), Error> {
    let Value::Object(extra) = &sample.extra_info else { return Ok(()) };
    for key in extra.keys() {
        if let Some(option) = meant(key) {
            let shown: String = key.chars().take(MAX_KEY).collect();
            return Err(Error::invalid_ground_truth(
                verifier,
                format!(
                    "extra_info.{shown} is not an option; did you mean `{option}`? (the \
                     options: {})",
                    KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// An option whose values are names, read from one `extra_info` key.
///
/// # Example
/// ```
/// use rlvr_core::{Sample, option::RowOption};
///
/// // A table-like policy option (its key must be listed in `option::KEYS`).
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// enum Policy { Strict, Loose }
/// impl RowOption for Policy {
///     const KEY: &'static str = "policy";
///     const NAMES: &'static [(&'static str, Self)] = &[("strict", Policy::Strict), ("loose", Policy::Loose)];
/// }
/// let row = |v: serde_json::Value| Sample::new("x", "", "").with_extra_info(serde_json::json!({"policy": v}));
/// assert_eq!(row("Loose".into()).option::<Policy>("demo")?, Some(Policy::Loose));
/// assert_eq!(Sample::new("x", "", "").option::<Policy>("demo")?, None);
/// let err = row("lose".into()).option::<Policy>("demo").unwrap_err().to_string();
/// assert!(err.contains("extra_info.policy") && err.contains("strict, loose"));
/// # Ok::<(), rlvr_core::Error>(())
/// ```
pub trait RowOption: Sized + Copy + 'static {
    /// The key in `extra_info`; it must be one of [`KEYS`].
    const KEY: &'static str;
    /// The accepted names and the value each denotes (one value may have
    /// several names); the first name of each value is its canonical one.
    const NAMES: &'static [(&'static str, Self)];

    /// The value `name` denotes (ASCII case-insensitive), if any.
    fn named(name: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
    }
}

impl Sample {
    /// The row's value of option `O` (`extra_info[O::KEY]`): `None` when the
    /// key is absent or null.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] of `verifier` when the value is not a
    /// string naming one of `O::NAMES`.
    pub fn option<O: RowOption>(&self, verifier: &str) -> Result<Option<O>, Error> {
        debug_assert!(KEYS.contains(&O::KEY), "option key {} is not in option::KEYS", O::KEY);
        match self.extra(O::KEY) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_str().and_then(O::named).map(Some).ok_or_else(|| {
                let names: Vec<&str> = O::NAMES.iter().map(|(n, _)| *n).collect();
                Error::invalid_ground_truth(
                    verifier,
                    format!(
                        "extra_info.{} is {}, not one of: {}",
                        O::KEY,
                        clip(v),
                        names.join(", ")
                    ),
                )
            }),
        }
    }

    /// The row's boolean option `key`: `None` when absent or null.
    ///
    /// # Errors
    /// [`Error::InvalidGroundTruth`] of `verifier` when the value is not a
    /// JSON boolean (`"true"` is a string, not a boolean).
    pub fn option_bool(&self, verifier: &str, key: &str) -> Result<Option<bool>, Error> {
        debug_assert!(KEYS.contains(&key), "option key {key} is not in option::KEYS");
        match self.extra(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(Error::invalid_ground_truth(
                verifier,
                format!("extra_info.{key} is {}, not a boolean (true or false)", clip(v)),
            )),
        }
    }
}

fn clip(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
