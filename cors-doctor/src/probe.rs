//! Sending one request as a browser would and keeping what came back: the status and the
//! headers (the body is read up to a bound and dropped). Redirects are never followed.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

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

/// The client: http and https (rustls, Mozilla's roots plus `--cacert`), never following
/// redirects, each request bounded in time.
pub struct Probe {
    client: Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
    timeout: Duration,
}

impl Probe {
    /// A client for `timeout` per request, trusting the extra certificates of `ca_file`.
    ///
    /// # Errors
    /// When `ca_file` cannot be read or holds no certificate.
    pub fn new(timeout: Duration, ca_file: Option<&Path>) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = ca_file {
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let mut added = 0;
            for cert in certs {
                let cert = cert.map_err(|e| format!("{}: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                added += 1;
            }
            if added == 0 {
                return Err(format!("{}: no certificate", path.display()));
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
            timeout,
        })
    }

    /// Sends `request` to `url` (http or https).
    ///
    /// # Errors
    /// A message for a URL that is neither, a connection or TLS failure, or a timeout.
    pub async fn send(&self, url: &Uri, mut request: Request<()>) -> Result<Exchange, String> {
        if !matches!(url.scheme_str(), Some("http" | "https")) {
            return Err(format!("{url}: only http and https URLs can be checked"));
        }
        let authority = url.authority().ok_or_else(|| format!("{url}: no host"))?;
        let (mut parts, ()) = request.clone().into_parts();
        parts.uri = url.clone();
        let host = authority
            .as_str()
            .parse()
            .map_err(|_| format!("{url}: bad host"))?;
        parts.headers.insert(http::header::HOST, host);
        parts.headers.insert(
            http::header::USER_AGENT,
            HeaderValue::from_static("cors-doctor"),
        );
        let exchange = async {
            let response = self
                .client
                .request(Request::from_parts(parts, Empty::new()))
                .await
                .map_err(|e| format!("{url}: {}", error_chain(&e)))?;
            let (parts, body) = response.into_parts();
            // Read a bounded body so that the connection ends cleanly; its bytes are not used.
            let _ = Limited::new(body, MAX_BODY).collect().await;
            Ok::<_, String>(Response::from_parts(parts, ()))
        };
        let response = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| format!("{url}: no answer within {:?}", self.timeout))??;
        *request.uri_mut() = url.clone();
        Ok(Exchange { request, response })
    }
}

/// An error and its sources, joined: a TLS failure is only named by its source.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
