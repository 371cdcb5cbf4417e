//! rlvr
