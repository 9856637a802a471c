//! [`GuardService`]: runs a guard's check before the inner service.

use std::task::{Context, Poll};

use http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use tower_service::Service;

use super::future::GuardFuture;

/// What a guard decides from a request's head. Implemented by the guards of this module
/// only.
pub trait Guard: sealed::Sealed {
    /// Whether the request may reach the inner service.
    fn allows(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> bool;
}

pub(crate) mod sealed {
    /// Keeps [`Guard`](super::Guard) to the guards of this crate.
    pub trait Sealed {}
}

/// The service made by a guard's layer ([`WebSocketGuard`](super::WebSocketGuard),
/// [`CrossOriginGuard`](super::CrossOriginGuard)): a request the guard refuses is answered
/// 403 with an empty body, before the inner service sees it; any other goes through
/// untouched.
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
        if self
            .guard
            .allows(request.method(), request.uri(), request.headers())
        {
            return GuardFuture::passed(self.inner.call(request));
        }
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::FORBIDDEN;
        GuardFuture::refused(response)
    }
}
