//! [`GuardService`]: runs a guard's check before the inner service.

use std::task::{Context, Poll};

use http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use tower_service::Service;

use super::future::GuardFuture;
use super::refusal::GuardRefusal;

/// What a guard decides from a request's head. Implemented by the guards of this module
/// only.
pub trait Guard: sealed::Sealed {
    /// `Ok` when the request may reach the inner service, or why it may not.
    ///
    /// # Errors
    /// Why the guard refuses the request.
    fn check_request<'a>(
        &self,
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<(), GuardRefusal<'a>>;

    /// The guard's name in logs and metrics: `websocket`, `cross_origin`, `host`.
    fn name(&self) -> &'static str;

    /// Whether the guard only counts and logs what it would refuse, and lets it through.
    fn is_report_only(&self) -> bool;
}

pub(crate) mod sealed {
    /// Keeps [`Guard`](super::Guard) to the guards of this crate.
    pub trait Sealed {}
}

/// The service made by a guard's layer ([`WebSocketGuard`](super::WebSocketGuard),
/// [`CrossOriginGuard`](super::CrossOriginGuard), [`HostGuard`](super::HostGuard)): a request
/// the guard refuses is answered 403 with an empty body, before the inner service sees it,
/// with the refusal's [`GuardRefusalKind`](super::GuardRefusalKind) in the response's
/// extensions; any other goes through untouched. Under a guard in report-only mode, a request
/// it would refuse goes through too, with the `GuardRefusalKind` in the request's extensions.
///
/// # Another refusal response
/// The 403 is empty. To answer with a body of your own, map the responses that carry a
/// `GuardRefusalKind` outside the guard:
///
/// ```
/// use axum::{http::header, middleware::map_response, response::Response, routing::post, Router};
/// use tower_cors::guard::{GuardRefusalKind, HostGuard};
///
/// async fn explain(response: Response) -> Response {
///     match response.extensions().get::<GuardRefusalKind>() {
///         Some(kind) => Response::builder()
///             .status(response.status())
///             .header(header::CONTENT_TYPE, "application/json")
///             .body(format!(r#"{{"error":"forbidden","reason":"{}"}}"#, kind.name()).into())
///             .unwrap(),
///         None => response,
///     }
/// }
///
/// let app: Router = Router::new()
///     .route("/mcp", post(|| async { "ok" }))
///     .layer(HostGuard::loopback(3006))
///     .layer(map_response(explain));
/// ```
#[derive(Debug, Clone)]
pub struct GuardService<S, G> {
    inner: S,
    guard: G,
}

impl<S, G> GuardService<S, G> {
    /// Wraps `inner` with `guard`.
    pub fn new(inner: S, guard: G) -> Self {
        Self { inner, guard }
    }

    /// The guard applied.
    pub fn guard(&self) -> &G {
        &self.guard
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, G, ReqBody, ResBody> Service<Request<ReqBody>> for GuardService<S, G>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    G: Guard,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = GuardFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let verdict = self
            .guard
            .check_request(request.method(), request.uri(), request.headers());
        let Err(refusal) = verdict else {
            return GuardFuture::passed(self.inner.call(request));
        };
        let kind = refusal.kind();
        let report_only = self.guard.is_report_only();
        #[cfg(feature = "metrics")]
        metrics::counter!(
            "tower_cors_guard_refusals_total",
            "guard" => self.guard.name(),
            "reason" => kind.name(),
            "mode" => if report_only { "report-only" } else { "enforced" }
        )
        .increment(1);
        if report_only {
            #[cfg(feature = "tracing")]
            tracing::debug!(
                target: "tower_cors::guard",
                guard = self.guard.name(),
                reason = %refusal,
                "request an origin guard would refuse (report-only: let through)"
            );
            let mut request = request;
            request.extensions_mut().insert(kind);
            return GuardFuture::passed(self.inner.call(request));
        }
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: "tower_cors::guard",
            guard = self.guard.name(),
            reason = %refusal,
            "request refused by an origin guard"
        );
        #[cfg(not(feature = "tracing"))]
        let _ = refusal;
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::FORBIDDEN;
        response.extensions_mut().insert(kind);
        GuardFuture::refused(response)
    }
}
