//! Origins, the crate's main security surface, in one place, in the order an origin meets
//! them: the grammar of a host and of an origin as configured (`*.` and port patterns, IDNA
//! labels) and as a request sends it; the rules a configured list must follow (the public
//! suffixes, look-alikes and canaries that probe the escape hatches) and its validation; then
//! the compiled allowlist that answers every request, and the entry that granted.
//!
//! Fetch standard, "Origin header" (<https://fetch.spec.whatwg.org/#origin-header>); the URL
//! standard's host parser (<https://url.spec.whatwg.org/#host-parsing>).

pub(crate) mod host;
pub(crate) mod idna;
pub(crate) mod origin;
pub(crate) mod request_origin;

mod allowlist;
mod canary;
mod lookalike;
mod public_suffix;

mod grant;
mod matcher;
mod shapes;
mod tables;

pub(crate) use self::allowlist::compile;
pub use self::lookalike::{Lookalike, LookalikeKind, lookalikes};
pub use self::matcher::{Grant, OriginMatcher};
pub use self::origin::Origin;
