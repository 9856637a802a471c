//! Origin protection where CORS does not reach. CORS decides which pages may **read** a
//! response; it never stops a request from being sent. Two attacks pass under it:
//!
//! - **Cross-site WebSocket hijacking**: a WebSocket handshake is a `GET` with `Origin` that no
//!   CORS check refuses, so any site could open a socket with the user's cookies.
//!   [`WebSocketGuard`] answers 403 to a handshake whose `Origin` is not trusted.
//! - **Cross-site request forgery**: a form `POST` or a `no-cors` fetch is sent and processed
//!   whatever the CORS policy says. [`CrossOriginGuard`] answers 403 to an unsafe method
//!   (`POST`, `PUT`, `PATCH`, `DELETE`, ...) sent by a page of another, untrusted origin.
//!
//! - **DNS rebinding**: a page whose host name is re-resolved to your server's address makes
//!   same-origin requests to it, where neither CORS nor an origin check applies.
//!   [`HostGuard`] answers 403 to a request addressed to a host the server does not answer
//!   to (every server on loopback or a private network needs it).
//!
//! The first two trust the origins of a [`TrustedOrigins`] list, made from a [`CorsPolicy`](crate::CorsPolicy)
//! (so one list says who is trusted) or from a list of their own, with the same syntax and
//! checks. `*` is never trusted by a guard, and `null` never matches.

mod cross_origin;
mod future;
mod host;
mod refusal;
mod service;
mod trusted;
mod websocket;

pub use self::cross_origin::CrossOriginGuard;
pub use self::future::GuardFuture;
pub use self::host::HostGuard;
pub use self::refusal::{GuardRefusal, GuardRefusalKind};
pub use self::service::{Guard, GuardService};
pub use self::trusted::TrustedOrigins;
pub use self::websocket::WebSocketGuard;
