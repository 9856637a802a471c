//! A model of the browser's CORS checks, for your own tests (feature `testing`).
//!
//! Describe what a page would do, a [`BrowserRequest`] (page origin, method, headers set by
//! script, credentials mode); send the requests it builds through your service; then ask the
//! model whether the browser would let the page read the answer, and if not, why: a
//! [`CorsError`] whose `Display` is Chrome's console message.
//!
//! The model follows the Fetch standard for a cross-origin `fetch` in `cors` mode: forbidden
//! methods and headers, method normalisation, safelisted headers (the 128- and 1024-byte
//! limits included), the preflight decision and its `Access-Control-Request-Headers`, the CORS
//! check, and the preflight's checks in the browser's order (no redirect, CORS check, ok
//! status, method, header names, `*` meaning "any" only without credentials and never covering
//! `authorization`). It does not model the preflight cache, redirects of the actual request,
//! same-origin or `no-cors` requests, or cookies. Where Chromium is laxer than the standard
//! (Chromium 156 lets `*` cover `authorization` unless a flag is set), the model follows the
//! standard, which other engines enforce.
//!
//! A browser at `https://app.example.com`, with credentials, sending JSON to a `tower-cors`
//! policy:
//!
//! ```
//! use http::{Method, Response};
//! use tower_cors::CorsPolicy;
//! use tower_cors::testing::{BrowserRequest, CorsError};
//!
//! let policy = CorsPolicy::builder()
//!     .allow_origin("https://app.example.com")
//!     .allow_methods([Method::PUT])
//!     .allow_headers(["content-type"])
//!     .allow_credentials(true)
//!     .build()?;
//!
//! let browser = BrowserRequest::new("https://app.example.com", "PUT")
//!     .header("Content-Type", "application/json")
//!     .with_credentials();
//! assert!(browser.needs_preflight());
//!
//! // The preflight, answered by the policy (the `Cors` layer does the same).
//! let preflight = browser.preflight_request()?;
//! let answer = policy
//!     .evaluate(preflight.method(), preflight.headers())
//!     .preflight_response()
//!     .expect("a preflight");
//!
//! // The actual request, and the handler's response decorated by the policy.
//! let request = browser.actual_request()?;
//! let mut response = Response::new(());
//! policy.evaluate(request.method(), request.headers()).decorate(response.headers_mut());
//!
//! assert_eq!(browser.check(Some(&answer), &response), Ok(()));
//!
//! // The same page at another origin is blocked, and the console says why.
//! let stranger = BrowserRequest::new("https://evil.example.net", "GET").with_credentials();
//! let request = stranger.actual_request()?;
//! let mut response = Response::new(());
//! policy.evaluate(request.method(), request.headers()).decorate(response.headers_mut());
//! let error = stranger.check_response(&response).unwrap_err();
//! assert_eq!(error, CorsError::NoAllowOrigin { preflight: false });
//! assert_eq!(
//!     error.to_string(),
//!     "No 'Access-Control-Allow-Origin' header is present on the requested resource."
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod error;
mod request;
mod safelist;

pub use error::CorsError;
pub use request::BrowserRequest;
pub use safelist::{
    cors_unsafe_request_header_names, is_cors_safelisted_method, is_cors_safelisted_request_header,
    normalize_method,
};

/// A request's credentials mode (the `credentials` option of `fetch`).
///
/// For a cross-origin request only [`Include`](Self::Include) sends cookies and HTTP
/// authentication, and only then does the browser require `Access-Control-Allow-Credentials`.
///
/// ```
/// use tower_cors::testing::{BrowserRequest, CredentialsMode};
///
/// let page = BrowserRequest::new("https://app.example.com", "GET");
/// assert_eq!(page.credentials_mode(), CredentialsMode::SameOrigin);
/// assert!(!page.is_credentialed());
/// assert!(page.credentials(CredentialsMode::Include).is_credentialed());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CredentialsMode {
    /// `credentials: 'omit'`: never send credentials.
    Omit,
    /// `credentials: 'same-origin'`, the default: credentials only to the page's own origin,
    /// so none on a cross-origin request.
    #[default]
    SameOrigin,
    /// `credentials: 'include'` (or `xhr.withCredentials = true`): always send credentials.
    Include,
}
