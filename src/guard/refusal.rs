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
    /// A request addressed to a host the server does not answer to
    /// ([`HostGuard`](super::HostGuard)): DNS rebinding, or a missing or doubled `Host`.
    UnknownHost {
        /// The request's host, when it has exactly one (empty when it is not visible ASCII).
        host: Option<&'a str>,
    },
}

impl GuardRefusal<'_> {
    /// The kind of refusal, owned: what a guard's service puts in the extensions of the 403
    /// it answers, for an outer layer (logging, metrics) to read.
    #[must_use]
    pub fn kind(&self) -> GuardRefusalKind {
        match self {
            Self::WebSocketOrigin { .. } => GuardRefusalKind::WebSocketOrigin,
            Self::WebSocketWithoutOrigin => GuardRefusalKind::WebSocketWithoutOrigin,
            Self::MultipleOrigins => GuardRefusalKind::MultipleOrigins,
            Self::CrossOrigin { .. } => GuardRefusalKind::CrossOrigin,
            Self::UnknownHost { .. } => GuardRefusalKind::UnknownHost,
        }
    }
}

/// Why a guard refused a request, as a value with no borrow: found in the extensions of the
/// 403 response a guard's service answers.
///
/// ```
/// use http::{Request, Response};
/// use tower::{service_fn, Layer, Service, ServiceExt};
/// use tower_cors::guard::{GuardRefusalKind, HostGuard};
///
/// # tokio_test_block(async {
/// let inner = service_fn(|_: Request<()>| async { Ok::<_, std::convert::Infallible>(Response::new(())) });
/// let mut service = HostGuard::loopback(3000).layer(inner);
/// let request = Request::get("/").header("host", "attacker.test:3000").body(()).unwrap();
/// let response = service.ready().await.unwrap().call(request).await.unwrap();
/// assert_eq!(response.status(), 403);
/// assert_eq!(response.extensions().get(), Some(&GuardRefusalKind::UnknownHost));
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GuardRefusalKind {
    /// See [`GuardRefusal::WebSocketOrigin`].
    WebSocketOrigin,
    /// See [`GuardRefusal::WebSocketWithoutOrigin`].
    WebSocketWithoutOrigin,
    /// See [`GuardRefusal::MultipleOrigins`].
    MultipleOrigins,
    /// See [`GuardRefusal::CrossOrigin`].
    CrossOrigin,
    /// See [`GuardRefusal::UnknownHost`].
    UnknownHost,
}

impl GuardRefusalKind {
    /// A stable name for logs, metrics and error bodies: `websocket-origin`,
    /// `websocket-without-origin`, `multiple-origins`, `cross-origin`, `unknown-host`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::WebSocketOrigin => "websocket-origin",
            Self::WebSocketWithoutOrigin => "websocket-without-origin",
            Self::MultipleOrigins => "multiple-origins",
            Self::CrossOrigin => "cross-origin",
            Self::UnknownHost => "unknown-host",
        }
    }
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
            Self::UnknownHost { host: Some(host) } => write!(
                f,
                "request for host {host:?} refused: the server answers only to its own host \
                 names (a DNS-rebinding page sends its own); if {host:?} is yours, add it to \
                 the HostGuard's hosts"
            ),
            Self::UnknownHost { host: None } => f.write_str(
                "request refused: it names no host, or more than one, or a Host that differs \
                 from its target's authority",
            ),
        }
    }
}
