//! `ResponseFuture`: the inner service's future, whose response is decorated when it resolves,
//! or a preflight's answer; and [`AnswerOr`], the state it shares with the guards' future.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::Response;
use pin_project_lite::pin_project;

use crate::diagnostics::outcome::CorsOutcome;
use crate::response::Decoration;

pin_project! {
    /// Either an answer made without calling the inner service, or the inner service's future.
    #[project = AnswerOrProj]
    #[derive(Debug)]
    pub(crate) enum AnswerOr<F> {
        Answer { response: Option<Response<()>> },
        Inner { #[pin] future: F },
    }
}

impl<F> AnswerOr<F> {
    /// Polls to the response: the answer with an empty body made with `Default`, or the inner
    /// service's response after `then` has seen it.
    pub(crate) fn poll_then<B, E>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        then: impl FnOnce(&mut Response<B>),
    ) -> Poll<Result<Response<B>, E>>
    where
        F: Future<Output = Result<Response<B>, E>>,
        B: Default,
    {
        match self.project() {
            AnswerOrProj::Answer { response } => {
                let response = response.take().expect("polled after completion");
                Poll::Ready(Ok(response.map(|()| B::default())))
            }
            AnswerOrProj::Inner { future } => {
                let mut response = ready!(future.poll(cx))?;
                then(&mut response);
                Poll::Ready(Ok(response))
            }
        }
    }
}

pin_project! {
    /// The future returned by [`CorsService`](crate::CorsService).
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        state: AnswerOr<F>,
        decoration: Option<Decoration>,
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn answered(response: Response<()>) -> Self {
        Self {
            state: AnswerOr::Answer {
                response: Some(response),
            },
            decoration: None,
        }
    }

    pub(crate) fn forwarded(future: F, decoration: Decoration) -> Self {
        Self {
            state: AnswerOr::Inner { future },
            decoration: Some(decoration),
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
        let this = self.project();
        let decoration = this.decoration;
        this.state.poll_then(cx, |response| {
            if let Some(decoration) = decoration {
                decoration.apply(response.headers_mut());
                // A layer that records outcomes left the request's in the decoration.
                if let Some(stamp) = decoration.stamp() {
                    response
                        .extensions_mut()
                        .insert(CorsOutcome::from_stamp(stamp));
                }
            }
        })
    }
}
