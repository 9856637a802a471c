//! [`WebSocketGuard`]: refuses WebSocket handshakes from untrusted origins.

use http::header::{ORIGIN, UPGRADE};
use http::{HeaderMap, Method, Uri};
use tower_layer::Layer;

use super::refusal::GuardRefusal;
use super::service::{Guard, GuardService, sealed};
use super::trusted::TrustedOrigins;

/// A Tower layer that answers 403 to a WebSocket handshake (`Upgrade: websocket`) whose
/// `Origin` is not trusted, before the handler runs: the upgrade never happens. Every other
/// request goes through untouched.
///
/// A handshake without `Origin` comes from a client that is not a browser (browsers always
/// send it); it is let through unless [`refuse_missing_origin`](Self::refuse_missing_origin)
/// is called. A browser cannot omit or forge `Origin`, so a page of another site cannot get
/// past the guard; a non-browser client can send anything, and must be authenticated.
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_cors::guard::{TrustedOrigins, WebSocketGuard};
/// use tower_cors::{Cors, CorsPolicy};
///
/// let policy = CorsPolicy::builder().allow_origin("https://app.example.com").build()?;
/// let app: Router = Router::new()
///     .route("/ws", get(|| async { "a WebSocket handler" }))
///     .layer(WebSocketGuard::new(TrustedOrigins::from_policy(&policy)))
///     .layer(Cors::new(policy));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct WebSocketGuard {
    trusted: TrustedOrigins,
    refuse_missing_origin: bool,
    report_only: bool,
}

impl WebSocketGuard {
    /// A guard that lets handshakes through from `trusted` origins (and without `Origin`).
    pub fn new(trusted: TrustedOrigins) -> Self {
        Self {
            trusted,
            refuse_missing_origin: false,
            report_only: false,
        }
    }

    /// Refuses handshakes without `Origin` too: only browsers on trusted pages may connect.
    pub fn refuse_missing_origin(mut self) -> Self {
        self.refuse_missing_origin = true;
        self
    }

    /// Checks a request's headers: `Ok` for anything but a WebSocket handshake, and for a
    /// handshake from a trusted origin.
    ///
    /// # Errors
    /// Why the handshake is refused.
    pub fn check<'a>(&self, headers: &'a HeaderMap) -> Result<(), GuardRefusal<'a>> {
        if !is_websocket_upgrade(headers) {
            return Ok(());
        }
        let mut origins = headers.get_all(ORIGIN).iter();
        match (origins.next(), origins.next()) {
            (None, _) if self.refuse_missing_origin => Err(GuardRefusal::WebSocketWithoutOrigin),
            (None, _) => Ok(()),
            (Some(_), Some(_)) => Err(GuardRefusal::MultipleOrigins),
            (Some(origin), None) if self.trusted.trusts(origin.as_bytes()) => Ok(()),
            (Some(origin), None) => Err(GuardRefusal::WebSocketOrigin {
                origin: origin.to_str().unwrap_or_default(),
            }),
        }
    }
}

/// Whether any `Upgrade` line lists `websocket` (any case).
fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers.get_all(UPGRADE).iter().any(|line| {
        line.as_bytes()
            .split(|&b| b == b',')
            .any(|protocol| protocol.trim_ascii().eq_ignore_ascii_case(b"websocket"))
    })
}

impl WebSocketGuard {
    /// Report-only: a request the guard would refuse is counted (feature `metrics`,
    /// `tower_cors_guard_refusals_total{mode="report-only"}`) and logged (feature `tracing`,
    /// target `tower_cors::guard`), then let through with its
    /// [`GuardRefusalKind`](super::GuardRefusalKind) in the request's extensions. Run a guard
    /// this way first to see what it would refuse in production.
    pub fn report_only(mut self) -> Self {
        self.report_only = true;
        self
    }
}

impl sealed::Sealed for WebSocketGuard {}

impl Guard for WebSocketGuard {
    fn check_request<'a>(
        &self,
        _: &'a Method,
        _: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<(), GuardRefusal<'a>> {
        self.check(headers)
    }

    fn name(&self) -> &'static str {
        "websocket"
    }

    fn is_report_only(&self) -> bool {
        self.report_only
    }
}

impl<S> Layer<S> for WebSocketGuard {
    type Service = GuardService<S, Self>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService::new(inner, self.clone())
    }
}
