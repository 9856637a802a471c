#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod assemble;
mod backoff;
mod error;
mod session;
mod source;
mod state;
mod status;
mod table;
mod tls;
mod worker;

pub use error::StartError;
pub use source::{Builder, PgPolicySource};
pub use status::{PolicyStatus, RejectedRow, Status};
pub use table::{InvalidTableName, Table, migrate};
pub use tls::MakeTls;
