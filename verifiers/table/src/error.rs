//! The crate's error type.

/// Why a table could not be read, a FinQA program could not be run, or a
/// SQL query was refused or failed. The verifier grades a model's program
/// or query that fails as incorrect, with the reason as its detail; a gold
/// that fails is an invalid ground truth.
///
/// # Example
/// ```
/// use rlvr_table::{Table, TableError};
/// let e = Table::parse_markdown("t", "no table here").unwrap_err();
/// assert!(matches!(e, TableError::NoTable { .. }));
/// assert_eq!(e.to_string(), "no markdown table");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// No table where one was expected, or an empty one.
    #[error("{reason}")]
    NoTable {
        /// What was missing.
        reason: String,
    },
    /// Over a size cap: cells, rows, columns, a header tree, a program's
    /// steps, a query's length or its result's rows.
    #[error("{reason}")]
    TooLarge {
        /// Which cap.
        reason: String,
    },
    /// Text or JSON that does not read as what it claims to be (a table
    /// entry of an unknown format, row paths that do not fit the rows, SQL
    /// that does not parse).
    #[error("{reason}")]
    Malformed {
        /// What is wrong with it.
        reason: String,
    },
    /// A FinQA program that cannot be run: an unknown operation, wrong
    /// arguments, a reference to a later step or a missing row, a
    /// division by zero, a result that is not a finite number.
    #[error("{reason}")]
    Program {
        /// Why.
        reason: String,
    },
    /// A SQL query the guard refuses: not one `SELECT`, a file read, a
    /// generator, an unknown table.
    #[error("{reason}")]
    Refused {
        /// Why.
        reason: String,
    },
    /// The dataframe engine failed.
    #[error("{reason}")]
    Engine {
        /// The engine's message.
        reason: String,
    },
    /// A query ran over its wall-clock limit: the caller reports that it
    /// could not decide in time, not a verdict that a loaded machine would
    /// flip.
    #[error("{reason}")]
    TimedOut {
        /// Which limit.
        reason: String,
    },
}

impl TableError {
    /// The reason, whatever the kind.
    pub fn reason(&self) -> &str {
        match self {
            Self::NoTable { reason }
            | Self::TooLarge { reason }
            | Self::Malformed { reason }
            | Self::Program { reason }
            | Self::Refused { reason }
            | Self::Engine { reason }
            | Self::TimedOut { reason } => reason,
        }
    }
}

macro_rules! constructors {
    ($($name:ident => $variant:ident),* $(,)?) => {
        $(
            pub(crate) fn $name<T>(reason: impl Into<String>) -> Result<T, TableError> {
                Err(TableError::$variant { reason: reason.into() })
            }
        )*
    };
}

constructors! {
    no_table => NoTable,
    too_large => TooLarge,
    malformed => Malformed,
    program => Program,
    refused => Refused,
    engine => Engine,
}
