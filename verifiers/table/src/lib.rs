//! The table QA verifier of [rlvr]: tables in polars DataFrames, answer
//! values parsed the way a careful grader reads them, and one comparison
//! policy per dataset.
//!
//! - [`TableVerifier`] (name `table`, every `table*` data source) with
//!   [`TablePolicy`]: HiTab / MultiHiertt, FinQA (programs executed over
//!   the table), WikiTableQuestions, TAT-QA, Guru parity and SQL answers.
//! - [`Table`]: markdown, HTML (rowspan / colspan), CSV and JSON matrices
//!   into a polars [`DataFrame`](polars::prelude::DataFrame), hierarchical
//!   headers flattened into column paths (`2019 > Q1`) with the path kept
//!   per column ([`Table::header_paths`]).
//! - [`parse_value`]: thousands separators, currency, accounting
//!   negatives, `%`, scale words, fractions, dates, yes/no, `\boxed{}` and
//!   `\text{}`; [`NumberRule`] and [`PercentPolicy`] compare numbers.
//! - [`run_program`] (FinQA DSL) and [`run_sql`] (guarded polars SQL).
//!
//! # Tables in a sample
//! `extra_info.tables` is a list; each entry is a string (format detected:
//! HTML, markdown, JSON matrix, CSV), a JSON matrix (`[[header], [row],
//! ...]`), or an object `{"name": "sales", "format":
//! "markdown|html|csv|json", "content": "..."}` or `{"name", "header":
//! [...] or [[level 1], [level 2]], "rows": [[...]]}` or a HiTab table
//! `{"texts", "top_header_rows_num", "left_header_columns_num",
//! "merged_regions", "top_root", "left_root"}` ([`Table::parse_hitab`]).
//! An object entry may set `"row_header_columns": n` (the first `n`
//! columns form a row-header tree); an HTML table whose body rows open
//! with `<th>` cells gets those columns as row headers without it
//! ([`Table::parse_html`]). Tables are named `t0`, `t1`, ...
//! unless named; a lone table is also `df` and `t` in SQL.
//!
//! # Hierarchical headers
//! Column header levels are flattened into paths (`2019 > Q1`,
//! [`Table::header_paths`]) and row-header trees into row paths
//! ([`Table::row_paths`]; HiTab's `left_root`, or row-header columns); a
//! table with nested rows also gets a `row_path` column in its frame for
//! SQL. [`Table::lookup`], [`Table::rows_under`] and
//! [`Table::columns_under`] find cells by any part of a path, so a
//! parent header finds its own row or all its children; FinQA programs
//! may name a row by its path (`liabilities > loans`).
//!
//! # Per-row options
//! `extra_info.policy`, `percent`, `tolerance`, `extraction`, `tables` and
//! `question`: see [`TableVerifier`].
//! Without `extra_info.tables`, the tables in the prompt are used (HTML
//! tables, then markdown blocks). Tables are only parsed when a policy
//! needs them (FinQA programs, SQL, HiTab gold checks).
//!
//! # HiTab aggregation golds
//! HiTab's samples carry `aggregation`, `answer_formulas` (`=(I15+I16)/I5`,
//! `=SUM(D18,D19)`) and `reference_cells_map` (A1 names to `texts`
//! coordinates). A row that keeps them in `extra_info` has each formula
//! recomputed over its table; the detail reports agreement or a
//! `MISMATCH` with the stored gold, which still decides the verdict.
//! Arg-max / arg-min formulas only name the answer cell (`=A19`), so the
//! label is checked but the ranking is not recomputed. Guru's
//! `table__hitab` rows carry no formulas or cell references (their
//! `extra_info` is `{split, index}`; the preprocessing keeps the question,
//! the answers, `aggregation` outside `extra_info`, and the table only
//! inside the prompt), so on Guru data the check never runs: an
//! aggregation name without its cells cannot be recomputed.
//!
//! # Scale words and the question's unit
//! A question that asks for an amount in a unit (`(in thousands)`, `in $
//! millions`, `in millions of dollars`, `how many thousand …`; read from
//! `extra_info.question`, else the prompt) fixes the unit the gold is in.
//! For HiTab / MultiHiertt and FinQA numbers:
//! - a scale word in the answer that **agrees** with that unit names the
//!   unit and is not multiplied in: `9,864 thousand` matches a gold of
//!   9864 when the question asks in thousands, `5829 million` a gold of
//!   5829 in millions (a gold written with the same word reads the same
//!   way);
//! - a scale word that **disagrees** with it is wrong (`9,864 million`
//!   for an amount in thousands), whatever the value;
//! - without a unit in the question, or when the prompt names several
//!   different ones, a scale word is multiplied in as written (`9,864
//!   thousand` is 9,864,000).
//!
//!
//! A question that asks for a **ratio** (the word `ratio` in it) reads
//! `a:b` in an answer as a/b (`26:25` matches 1.04); elsewhere `a:b` is
//! not a number.
//!
//! WTQ, TAT-QA (which has its own `scale` field) and the Guru parity
//! policy are unchanged.
//!
//! # Where this differs from the reference (Reasoning360 `tablereason`)
//! - **No `eval`.** The reference runs `float(eval(answer))` on model text
//!   (`\boxed{__import__('os').system(...)}` runs); here nothing is
//!   evaluated — numbers are parsed, programs interpreted, SQL guarded.
//! - **No silent 100× leniency, integers exact.** The reference accepts
//!   `12.5` for a gold of `0.125` and `1235` for `1234` (relative 1e-3).
//!   Here the percent policy is explicit ([`PercentPolicy`]): a value
//!   written with `%` matches its number and its fraction; two plain
//!   numbers 100× apart match only under `accept_x100` / `accept_div100`.
//!   `table__finqa` defaults to `accept_x100` when the question asks for a
//!   percentage (FinQA golds store `12.34%` as 0.1234), `strict` otherwise.
//! - **`\text{}` is unwrapped** (the reference's regex misses it, so
//!   `\text{North America}` fails there).
//! - **Multisets, not sorted strings.** `13|12.5` matches `12.5|13.0`.
//! - [`TablePolicy::Guru`] reproduces the reference's verdicts (lenient
//!   where it is lenient) for parity runs, still without `eval`; its
//!   whole-text fallback is core's lenient extraction mode.
//!
//! # Public surface
//! - Entry points: [`verifiers`], [`gym_tasks`] (none) and [`DOMAIN`].
//! - The verifier: [`TableVerifier`], configured by
//!   [`TableVerifierBuilder`] and [`TablePolicy`].
//! - Tables: [`Table`] (its parsers; at most 200,000 cells and 512
//!   columns, else a [`TableError`]), [`prompt_tables`], [`sample_tables`],
//!   and the frame's row-path layout ([`ROW_PATH_COLUMN`], [`PATH_SEP`]).
//! - Values: [`parse_value`], [`parse_value_with`] ([`ValueOptions`]),
//!   [`Value`] with [`Num`], [`Scale`] and [`Date`], [`normalize_text`].
//! - Comparisons: [`values_equal`], [`guru_equal`], [`wtq_equal`],
//!   [`wtq_normalize`], [`tatqa_equal`] ([`TatQaGold`]),
//!   [`multiset_match`], [`NumberRule`], [`PercentPolicy`].
//! - Programs and queries: [`run_program`], [`is_program`]
//!   ([`ProgramValue`]); [`run_sql`] ([`SqlLimits`]).
//! - Errors: [`TableError`], one enum for tables, programs and queries,
//!   by kind (no table, too large, malformed, a program fault, a refused
//!   query, the engine, a query over its time limit).
//!
//! [`Table::frame`] and [`run_sql`] hand out polars `DataFrame`s; polars
//! itself is not re-exported (depend on the same polars version to use
//! them).
//!
//! # Example
//! ```
//! use rlvr_core::{Context, Registry, Sample};
//! let mut reg = Registry::guru();
//! reg.install(&[rlvr_table::DOMAIN], &rlvr_core::Environment::default())?;
//! let s = Sample::new("table__hitab", "so \\boxed{\\text{North America}}", "north america");
//! assert!(reg.verify(&s, &Context::default())?.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [rlvr]: https://docs.rs/rlvr

#![deny(missing_docs)]

mod error;
mod finqa;
mod hitab;
mod rules;
mod sql;
mod table;
mod value;
mod verifier;

use std::sync::Arc;

use rlvr_core::{Domain, Environment, GymTask, Verifier};

pub use error::TableError;
pub use finqa::{ProgramValue, is_program, run_program};
pub use rules::{
    NumberRule, PercentPolicy, TatQaGold, guru_equal, multiset_match, tatqa_equal, values_equal,
    wtq_equal, wtq_normalize,
};
pub use sql::{SqlLimits, run_sql};
pub use table::{PATH_SEP, ROW_PATH_COLUMN, Table, prompt_tables, sample_tables};
pub use value::{
    Date, Num, Scale, Value, ValueOptions, normalize_text, parse_value, parse_value_with,
};
pub use verifier::{TablePolicy, TableVerifier, TableVerifierBuilder};

/// The table verifiers: a default [`TableVerifier`] under
/// [`names::TABLE`](rlvr_core::names::TABLE).
pub fn verifiers(_env: &Environment) -> Vec<Arc<dyn Verifier>> {
    vec![Arc::new(TableVerifier::new())]
}

/// The reasoning-gym tasks graded here: none (the table domain has its
/// entry point for the same face as every domain crate).
pub fn gym_tasks(_env: &Environment) -> Vec<GymTask> {
    Vec::new()
}

/// This crate's two entry points, for
/// [`Registry::install`](rlvr_core::Registry::install).
pub const DOMAIN: Domain = Domain::new("table", verifiers, gym_tasks);
