//! `CorsBody`: a body that is either another body or empty, for inner services whose body
//! has no `Default` (the layer answers preflights with `Default::default()`).

use std::pin::Pin;
use std::task::{Context, Poll};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// A response body that is either the inner service's body or empty: what to map a body
    /// without `Default` into, so that [`CorsService`](crate::CorsService) can answer
    /// preflights with an empty one.
    ///
    /// axum's, tonic's and `http-body-util`'s `Full`, `Empty` and boxed bodies implement
    /// `Default` and need nothing. A body that does not (a proxied `hyper::body::Incoming`,
    /// an `http_body_util::Either`) is mapped inside the layer:
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use bytes::Bytes;
    /// use http::{header, Method, Request, Response, StatusCode};
    /// use http_body_util::{Either, Empty, Full};
    /// use tower::{ServiceBuilder, ServiceExt};
    /// use tower_cors::{Cors, CorsBody, CorsPolicy};
    ///
    /// // A handler whose body type has no `Default`.
    /// let handler = tower::service_fn(|_: Request<()>| async {
    ///     let body: Either<Full<Bytes>, Empty<Bytes>> = Either::Left(Full::from("hello"));
    ///     Ok::<_, Infallible>(Response::new(body))
    /// });
    /// let policy = CorsPolicy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT])
    ///     .build()?;
    /// let service = ServiceBuilder::new()
    ///     .layer(Cors::new(policy))
    ///     .map_response(|response: Response<_>| response.map(CorsBody::new))
    ///     .service(handler);
    ///
    /// let preflight = Request::builder()
    ///     .method(Method::OPTIONS)
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(())?;
    /// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    /// let response = runtime.block_on(service.oneshot(preflight))?;
    /// assert_eq!(response.status(), StatusCode::NO_CONTENT);
    /// assert!(response.into_body().into_inner().is_none()); // the empty body
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug)]
    pub struct CorsBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[derive(Debug)]
    #[project = KindProj]
    enum Kind<B> {
        Empty,
        Inner { #[pin] body: B },
    }
}

impl<B> CorsBody<B> {
    /// An empty body.
    #[must_use]
    pub fn empty() -> Self {
        Self { kind: Kind::Empty }
    }

    /// Wraps the inner service's body.
    #[must_use]
    pub fn new(body: B) -> Self {
        Self {
            kind: Kind::Inner { body },
        }
    }

    /// The inner service's body, or `None` for a preflight's empty body.
    pub fn into_inner(self) -> Option<B> {
        match self.kind {
            Kind::Empty => None,
            Kind::Inner { body } => Some(body),
        }
    }
}

impl<B> Default for CorsBody<B> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<B: Body> Body for CorsBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Empty => Poll::Ready(None),
            KindProj::Inner { body } => body.poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Empty => true,
            Kind::Inner { body } => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Empty => SizeHint::with_exact(0),
            Kind::Inner { body } => body.size_hint(),
        }
    }
}
