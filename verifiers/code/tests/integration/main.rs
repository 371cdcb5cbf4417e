//! rlvr-code's integration tests, in one binary (one link of the
//! crate and its dependencies): each module is one suite.

mod attacks;
mod clocks;
mod common;
mod fixtures;
mod humaneval;
mod pytest_format;
mod run_api;
mod smoke;
