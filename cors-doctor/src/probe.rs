//! Sending one request as a browser would and keeping what came back: the status and the
//! headers (the body is read up to a bound and dropped). Redirects are never followed.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The most of a body read before the answer is judged (the headers are what matter).
const MAX_BODY: usize = 64 * 1024;

/// What a server answered.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request as sent: method and headers.
    pub request: Request<()>,
    /// The status and headers received.
    pub response: Response<()>,
}

impl Exchange {
    /// The status received.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The headers received.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }
}

/// Sends `request` to `url` (`http` only), within `timeout`.
///
/// # Errors
/// A message for a URL that is not `http`, a connection that fails, or a timeout.
pub async fn send(url: &Uri, request: Request<()>, timeout: Duration) -> Result<Exchange, String> {
    if url.scheme_str() != Some("http") {
        return Err(format!(
            "{url}: only http URLs are supported (https is not built in yet); test the server \
             over plain http on its internal address"
        ));
    }
    let authority = url.authority().ok_or_else(|| format!("{url}: no host"))?;
    let (mut parts, ()) = request.clone().into_parts();
    parts.uri = url.clone();
    parts.headers.insert(
        http::header::HOST,
        authority.as_str().parse().map_err(|_| "bad host")?,
    );
    parts.headers.insert(
        http::header::USER_AGENT,
        "cors-doctor".parse().expect("a valid value"),
    );
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let exchange = async {
        let response = client
            .request(Request::from_parts(parts, Empty::new()))
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        let (parts, body) = response.into_parts();
        // Read a bounded body so that the connection ends cleanly; its bytes are not used.
        let _ = Limited::new(body, MAX_BODY).collect().await;
        Ok::<_, String>(Response::from_parts(parts, ()))
    };
    let response = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| format!("{url}: no answer within {timeout:?}"))??;
    Ok(Exchange { request, response })
}
