//! `CorsBody`: the response body of [`CorsService`](crate::CorsService): the handler's body,
//! or nothing for a preflight answered by the layer.

use std::pin::Pin;
use std::task::{Context, Poll};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// The body of a response from [`CorsService`](crate::CorsService): the inner service's
    /// body, or an empty one for a preflight answered by the layer.
    ///
    /// Wrapping the body (rather than requiring `B: Default`) lets the layer answer
    /// preflights in front of any service, tonic's included.
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
