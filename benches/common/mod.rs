//! Shared by every benchmark: the contenders and the inner services (`contenders.rs`), the
//! case matrix and its requests (`cases.rs`), and a driver that polls services directly,
//! without a runtime (`driver.rs`).
//!
//! Contenders, always measured in the same run and interleaved case by case:
//! - `tower-cors`: this crate's `Cors` layer;
//! - `tower-http`: `tower_http::cors::CorsLayer` configured to the same policy;
//! - `bare`: the inner service alone, no CORS at all;
//! - `floor` (instruction counts only): the least any correct layer must do, see `floor.rs`.

#![allow(dead_code, unreachable_pub, missing_docs)]
// Each bench binary uses part of what is re-exported here.
#![allow(unused_imports)]

mod cases;
mod contenders;
mod driver;
pub mod floor;

pub use cases::*;
pub use contenders::*;
pub use driver::*;
