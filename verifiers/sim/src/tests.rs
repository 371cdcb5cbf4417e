//! Unit tests, the fixture corpus, conformance and properties.
