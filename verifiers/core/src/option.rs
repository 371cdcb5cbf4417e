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

/// An option whose values are names, read from one `extra_info` key.
///
/// # Example
/// ```
/// use rlvr_core::{Sample, option::RowOption};
///
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// enum Speed { Fast, Slow }
/// impl RowOption for Speed {
///     const KEY: &'static str = "speed";
///     const NAMES: &'static [(&'static str, Self)] = &[("fast", Speed::Fast), ("slow", Speed::Slow)];
/// }
/// let row = |v: serde_json::Value| Sample::new("x", "", "").with_extra_info(serde_json::json!({"speed": v}));
/// assert_eq!(row("Slow".into()).option::<Speed>("demo")?, Some(Speed::Slow));
/// assert_eq!(Sample::new("x", "", "").option::<Speed>("demo")?, None);
/// let err = row("slw".into()).option::<Speed>("demo").unwrap_err().to_string();
/// assert!(err.contains("extra_info.speed") && err.contains("fast, slow"));
/// # Ok::<(), rlvr_core::Error>(())
/// ```
pub trait RowOption: Sized + Copy + 'static {
    /// The key in `extra_info`.
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
