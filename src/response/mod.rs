//! Writing a decision into responses: the answer to a preflight (`preflight.rs`), and the
//! CORS headers and `Vary` added to a handler's response (`decorate.rs`, `vary.rs`). Every
//! value written here was built once, by `build()`, or is the request's own checked bytes.

mod decorate;
mod names;
mod preflight;
mod vary;

pub use self::decorate::Decoration;
pub(crate) use self::decorate::Stamp;
