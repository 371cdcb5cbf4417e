//! rlvr-science's integration tests, in one binary (one link of the
//! crate and its dependencies): each module is one suite.

mod fixtures;
mod judge;
mod metamorphic;
mod properties;
