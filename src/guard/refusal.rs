//! [`GuardRefusal`]: why a guard answered 403, and what would change its answer.

use std::fmt;

/// Why a guard refused a request, borrowed from the request. Its `Display` names the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuardRefusal<'a> {
    /// A WebSocket handshake from an origin that is not trusted.
    WebSocketOrigin {
        /// The request's `Origin` (empty when it is not visible ASCII).
        origin: &'a str,
    },
    /// A WebSocket handshake without `Origin`, under a guard that requires one.
    WebSocketWithoutOrigin,
    /// A WebSocket handshake with more than one `Origin` line: not something a browser sends.
    MultipleOrigins,
    /// An unsafe method sent by a page of another origin that is not trusted.
    CrossOrigin {
        /// The request's method.
        method: &'a str,
        /// The request's `Origin`, when there is one (empty when it is not visible ASCII).
        origin: Option<&'a str>,
        /// The request's `Sec-Fetch-Site`, when there is one.
        fetch_site: Option<&'a str>,
    },
}

impl fmt::Display for GuardRefusal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WebSocketOrigin { origin } => write!(
                f,
                "a page of {origin:?} may not open a WebSocket here: if its pages are yours, \
                 add allow_origin({origin:?}) to the trusted origins"
            ),
            Self::WebSocketWithoutOrigin => f.write_str(
                "a WebSocket handshake without Origin is refused: browsers always send one; \
                 to let other clients connect, do not call refuse_missing_origin()",
            ),
            Self::MultipleOrigins => f.write_str("more than one Origin header line"),
            Self::CrossOrigin {
                method,
                origin,
                fetch_site,
            } => {
                write!(f, "cross-origin {method} refused")?;
                if let Some(site) = fetch_site {
                    write!(f, " (Sec-Fetch-Site: {site:?})")?;
                }
                match origin {
                    Some(origin) => write!(
                        f,
                        ": if the pages of {origin:?} are yours, add allow_origin({origin:?}) \
                         to the trusted origins"
                    ),
                    None => f.write_str(": the request has no Origin to trust"),
                }
            }
        }
    }
}
