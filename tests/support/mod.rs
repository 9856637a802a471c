//! Test support shared by the integration tests: the reference model, the checker that runs
//! the crate against it, and proptest strategies.
#![allow(dead_code, unreachable_pub, clippy::must_use_candidate)]

pub mod check;
pub mod reference;
pub mod strategies;
pub mod url_oracle;
