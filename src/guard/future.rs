//! [`GuardFuture`]: the inner service's future, or a guard's 403.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::Response;
use pin_project_lite::pin_project;

use crate::middleware::AnswerOr;

pin_project! {
    /// The future of a [`GuardService`](super::GuardService): the inner service's, or the 403
    /// a guard answered with (empty body, made with `Default`).
    #[derive(Debug)]
    pub struct GuardFuture<F> {
        #[pin]
        state: AnswerOr<F>,
    }
}

impl<F> GuardFuture<F> {
    pub(crate) fn refused(response: Response<()>) -> Self {
        Self {
            state: AnswerOr::Answer {
                response: Some(response),
            },
        }
    }

    pub(crate) fn passed(future: F) -> Self {
        Self {
            state: AnswerOr::Inner { future },
        }
    }
}

impl<F, B, E> Future for GuardFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Default,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().state.poll_then(cx, |_| {})
    }
}
