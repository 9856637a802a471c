//! `floor`: the least that any correct CORS layer must do to a request and its response
//! with http 1.x's `HeaderMap`, the decision itself being free (worked out in advance for
//! the case, outside the measure). Not a CORS implementation: a measuring stick that splits
//! tower-cors's cost into what is its own and what no layer can avoid.
//!
//! What it still does, per request:
//! - any-origin policy, actual request: write `Access-Control-Allow-Origin: *` (Fetch lets a
//!   public resource send it on every response, so the request is not even read);
//! - otherwise, actual request: look `Origin` up; when allowed, echo it; always append
//!   `Vary: origin`;
//! - preflight: look up `Origin`, `Access-Control-Request-Method` and
//!   `Access-Control-Request-Headers` (their checks are free), then answer with a copy of
//!   the finished header map, the echoed origin written into it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use http::header::{self, HeaderValue};
use http::{HeaderMap, Request, Response, StatusCode};
use pin_project_lite::pin_project;
use tower::Service;
use tower_cors::{CorsPolicy, RequestKind};

#[derive(Clone)]
enum Answer {
    Actual {
        wildcard: bool,
        allowed: bool,
    },
    Preflight {
        /// Shared, so that axum's per-request clone of the routed floor costs no copy.
        headers: Arc<HeaderMap>,
        status: StatusCode,
        echo: bool,
    },
}

#[derive(Clone)]
pub struct Floor<S> {
    inner: S,
    answer: Answer,
}

/// The floor as a layer, for an axum `Router::layer` (the routed cases).
#[derive(Clone)]
pub struct FloorLayer(Answer);

impl<S> tower::Layer<S> for FloorLayer {
    type Service = Floor<S>;

    fn layer(&self, inner: S) -> Floor<S> {
        Floor {
            inner,
            answer: self.0.clone(),
        }
    }
}

impl<S> Floor<S> {
    /// The floor for one case: `request` is the case's request, judged here once by
    /// tower-cors so that the floor writes the same headers.
    pub fn new(inner: S, policy: &CorsPolicy, request: &Request<()>) -> Self {
        Self {
            inner,
            answer: FloorLayer::new(policy, request).0,
        }
    }
}

impl FloorLayer {
    /// See [`Floor::new`].
    pub fn new(policy: &CorsPolicy, request: &Request<()>) -> Self {
        let decision = policy.evaluate(request.method(), request.headers());
        let wildcard = policy.origins().allows_any() && !policy.allows_credentials();
        let answer = match decision.preflight_response() {
            Some(response) => Answer::Preflight {
                echo: !wildcard && decision.is_allowed(),
                status: response.status(),
                headers: Arc::new(response.headers().clone()),
            },
            None => Answer::Actual {
                wildcard,
                allowed: decision.kind() == RequestKind::Actual && decision.is_allowed(),
            },
        };
        Self(answer)
    }
}

impl<S, ReqBody, B> Service<Request<ReqBody>> for Floor<S>
where
    S: Service<Request<ReqBody>, Response = Response<B>>,
    B: Default,
{
    type Response = Response<B>;
    type Error = S::Error;
    type Future = FloorFuture<S::Future, B>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        match &self.answer {
            Answer::Preflight {
                headers,
                status,
                echo,
            } => {
                let h = request.headers();
                let origin = h.get(header::ORIGIN);
                let looked_up = (
                    h.get(header::ACCESS_CONTROL_REQUEST_METHOD).is_some(),
                    h.get(header::ACCESS_CONTROL_REQUEST_HEADERS).is_some(),
                );
                std::hint::black_box(looked_up);
                let mut response = Response::new(B::default());
                *response.status_mut() = *status;
                *response.headers_mut() = HeaderMap::clone(headers);
                if let (true, Some(origin)) = (*echo, origin) {
                    response
                        .headers_mut()
                        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
                }
                FloorFuture::Answered {
                    response: Some(response),
                }
            }
            Answer::Actual { wildcard, allowed } => {
                let (wildcard, allowed) = (*wildcard, *allowed);
                let origin = if wildcard {
                    None
                } else {
                    request
                        .headers()
                        .get(header::ORIGIN)
                        .filter(|_| allowed)
                        .cloned()
                };
                FloorFuture::Forwarded {
                    future: self.inner.call(request),
                    wildcard,
                    origin,
                }
            }
        }
    }
}

pin_project! {
    #[project = FloorProj]
    pub enum FloorFuture<F, B> {
        Answered { response: Option<Response<B>> },
        Forwarded {
            #[pin]
            future: F,
            wildcard: bool,
            origin: Option<HeaderValue>,
        },
    }
}

impl<F, B, E> Future for FloorFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            FloorProj::Answered { response } => {
                Poll::Ready(Ok(response.take().expect("polled once")))
            }
            FloorProj::Forwarded {
                future,
                wildcard,
                origin,
            } => {
                let mut response = ready!(future.poll(cx))?;
                let headers = response.headers_mut();
                if *wildcard {
                    headers.insert(
                        header::ACCESS_CONTROL_ALLOW_ORIGIN,
                        HeaderValue::from_static("*"),
                    );
                } else {
                    if let Some(origin) = origin.take() {
                        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                    }
                    headers.append(header::VARY, HeaderValue::from_static("origin"));
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}
