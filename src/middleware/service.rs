//! `CorsService`: answers preflights, forwards everything else and decorates the response.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use super::extras::Extras;
use super::future::ResponseFuture;
use super::source::{PolicySource, Serving};
use crate::policy::CorsPolicy;
use crate::response::Decoration;

/// The service made by the [`Cors`](crate::Cors) layer.
///
/// For each request it makes the decision of [`CorsPolicy::evaluate`]; a preflight is
/// answered at once (the inner service is never called for it), any other request goes to the
/// inner service and its response, whatever its status, gets the CORS headers and `Vary`.
///
/// # Response body
/// The inner service's body type is kept, so that axum, hyper and tonic get back the body
/// they gave (axum does not box it again). A preflight's answer has an empty body, made with
/// `Default`: every body of axum, tonic, and `http-body-util`'s `Full`, `Empty` and boxed bodies
/// has one. For a body without it (a proxied `hyper::body::Incoming`, an `Either`), map the
/// inner service's body into [`CorsBody`](crate::CorsBody) inside the layer.
///
/// # Backpressure
/// `poll_ready` is the inner service's: a preflight waits for the same readiness as any other
/// request, and a readiness reserved for a preflight is simply not used.
///
/// # Errors
/// An `Err` from the inner service is passed through untouched: there is no response to
/// decorate. Turn errors into responses inside this layer (axum's `HandleErrorLayer`,
/// tower-http's `CatchPanicLayer`) so that the browser can read them.
#[derive(Debug, Clone)]
pub struct CorsService<S> {
    inner: S,
    source: Serving,
    /// Outcomes, metrics, a candidate policy: `None` unless the layer was asked for one.
    extras: Option<Arc<Extras>>,
}

impl<S> CorsService<S> {
    /// Wraps `inner` with `policy`.
    pub fn new(inner: S, policy: CorsPolicy) -> Self {
        Self {
            inner,
            source: Serving::Fixed(policy),
            extras: None,
        }
    }

    pub(crate) fn from_source(
        inner: S,
        source: &PolicySource,
        extras: Option<&Arc<Extras>>,
    ) -> Self {
        Self {
            inner,
            source: source.serving(),
            extras: extras.cloned(),
        }
    }

    /// The policy applied outside the layer's path prefixes, as it is now.
    pub fn policy(&self) -> CorsPolicy {
        self.source.current()
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for CorsService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // A fixed or cached policy without options: the common layer, served inline (the
        // arms of `Serving::load` that borrow). Anything else (a policy chosen per request or
        // path, outcomes, metrics, a candidate) leaves through one call, so that the common
        // layer does not pay for what it does not use.
        let policy: &CorsPolicy = match &mut self.source {
            Serving::Fixed(policy) if self.extras.is_none() => policy,
            #[cfg(feature = "reload")]
            Serving::Cached(cache) if self.extras.is_none() => cache.load(),
            _ => return self.call_dynamic(request),
        };
        serve(&mut self.inner, policy, request)
    }
}

impl<S> CorsService<S> {
    /// [`Service::call`] for a policy chosen per request or path, or a layer with options.
    #[inline(never)]
    fn call_dynamic<ReqBody, ResBody>(
        &mut self,
        request: Request<ReqBody>,
    ) -> ResponseFuture<S::Future>
    where
        S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    {
        let loaded = self.source.load(request.uri(), request.headers());
        match &self.extras {
            Some(extras) => super::extras::serve(&mut self.inner, &loaded, extras, request),
            None => serve(&mut self.inner, &loaded, request),
        }
    }
}

/// Decides, answers a preflight, or forwards the request with the decoration of its response.
#[inline(always)]
fn serve<S, ReqBody, ResBody>(
    inner: &mut S,
    policy: &CorsPolicy,
    request: Request<ReqBody>,
) -> ResponseFuture<S::Future>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    if let Some(decoration) = Decoration::independent_of_request(policy, request.method()) {
        return ResponseFuture::forwarded(inner.call(request), decoration);
    }
    let decision = policy.evaluate(request.method(), request.headers());
    #[cfg(feature = "tracing")]
    super::log::decision(&decision);
    if let Some(answer) = decision.preflight_response() {
        return ResponseFuture::answered(answer);
    }
    let decoration = decision.decoration();
    ResponseFuture::forwarded(inner.call(request), decoration)
}
