//! `ResponseFuture`: the inner service's future, whose response is decorated when it resolves.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::Response;
use pin_project_lite::pin_project;

use crate::response::Decoration;

pin_project! {
    /// The future returned by [`CorsService`](crate::CorsService).
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    #[derive(Debug)]
    enum State<F> {
        Answered { response: Option<Response<()>> },
        Forwarded { #[pin] future: F, decoration: Decoration },
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn answered(response: Response<()>) -> Self {
        Self {
            state: State::Answered {
                response: Some(response),
            },
        }
    }

    pub(crate) fn forwarded(future: F, decoration: Decoration) -> Self {
        Self {
            state: State::Forwarded { future, decoration },
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Default,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Answered { response } => {
                let response = response
                    .take()
                    .expect("ResponseFuture polled after completion");
                Poll::Ready(Ok(response.map(|()| B::default())))
            }
            StateProj::Forwarded { future, decoration } => {
                let mut response = ready!(future.poll(cx))?;
                decoration.apply(response.headers_mut());
                Poll::Ready(Ok(response))
            }
        }
    }
}
