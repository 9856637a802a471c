//! `BrowserRequest`: what a page asks `fetch` to do, the requests the browser sends for it, and
//! the browser's verdict on the answers.

use http::header::{
    ACCEPT, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HeaderName, ORIGIN,
};
use http::{HeaderValue, Method, Request};

use super::{
    CredentialsMode, cors_unsafe_request_header_names, is_cors_safelisted_method, normalize_method,
    safelist,
};

/// What a page asks `fetch` to do, cross-origin, in `cors` mode: the page's origin, the method,
/// the headers script sets, and the credentials mode.
///
/// Headers page script may not set (`Cookie`, `Origin`, `Sec-*`, ...) are dropped, as the
/// browser drops them. The method is normalised as the browser does (`put` becomes `PUT`,
/// `patch` stays `patch`).
///
/// ```
/// use tower_cors::testing::BrowserRequest;
///
/// let request = BrowserRequest::new("https://app.example.com", "patch")
///     .header("X-Trace-Id", "1")
///     .header("Content-Type", "application/json")
///     .header("Cookie", "dropped=1");
/// assert_eq!(request.method(), "patch");
/// assert!(request.needs_preflight());
/// assert_eq!(
///     request.access_control_request_headers().as_deref(),
///     Some("content-type,x-trace-id")
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserRequest {
    origin: String,
    method: String,
    headers: Vec<(String, String)>,
    credentials: CredentialsMode,
}

impl BrowserRequest {
    /// A request from a page at `origin` (its serialisation, e.g. `https://app.example.com`),
    /// with the `method` script passed to `fetch`, no headers and the default credentials mode.
    ///
    /// ```
    /// use tower_cors::testing::{BrowserRequest, CredentialsMode};
    ///
    /// let request = BrowserRequest::new("https://app.example.com", "delete");
    /// assert_eq!(request.origin(), "https://app.example.com");
    /// assert_eq!(request.method(), "DELETE");
    /// assert!(request.headers().is_empty());
    /// assert_eq!(request.credentials_mode(), CredentialsMode::SameOrigin);
    /// ```
    #[must_use]
    pub fn new(origin: impl Into<String>, method: impl AsRef<str>) -> Self {
        Self {
            origin: origin.into(),
            method: normalize_method(method.as_ref()),
            headers: Vec::new(),
            credentials: CredentialsMode::default(),
        }
    }

    /// Adds a header set by script; forbidden request headers are dropped, as browsers do.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET")
    ///     .header("X-Trace-Id", "1")
    ///     .header("Cookie", "session=1"); // forbidden: the browser drops it
    /// assert_eq!(request.headers(), [("X-Trace-Id".to_owned(), "1".to_owned())]);
    /// ```
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        if !safelist::is_forbidden_request_header(&name, &value) {
            self.headers.push((name, value));
        }
        self
    }

    /// Sets the credentials mode.
    ///
    /// ```
    /// use tower_cors::testing::{BrowserRequest, CredentialsMode};
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET").credentials(CredentialsMode::Omit);
    /// assert_eq!(request.credentials_mode(), CredentialsMode::Omit);
    /// ```
    #[must_use]
    pub fn credentials(mut self, mode: CredentialsMode) -> Self {
        self.credentials = mode;
        self
    }

    /// Shortcut for `credentials(CredentialsMode::Include)`.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// assert!(BrowserRequest::new("https://a.example", "GET").with_credentials().is_credentialed());
    /// ```
    #[must_use]
    pub fn with_credentials(self) -> Self {
        self.credentials(CredentialsMode::Include)
    }

    /// The page's origin, sent as `Origin`.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// assert_eq!(BrowserRequest::new("https://a.example", "GET").origin(), "https://a.example");
    /// ```
    #[must_use]
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The method the browser sends (normalised).
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// assert_eq!(BrowserRequest::new("https://a.example", "options").method(), "OPTIONS");
    /// assert_eq!(BrowserRequest::new("https://a.example", "Patch").method(), "Patch");
    /// ```
    #[must_use]
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The headers set by script that the browser keeps, in order.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET").header("accept", "text/csv");
    /// assert_eq!(request.headers()[0].0, "accept");
    /// ```
    #[must_use]
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The credentials mode.
    ///
    /// ```
    /// use tower_cors::testing::{BrowserRequest, CredentialsMode};
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET").with_credentials();
    /// assert_eq!(request.credentials_mode(), CredentialsMode::Include);
    /// ```
    #[must_use]
    pub fn credentials_mode(&self) -> CredentialsMode {
        self.credentials
    }

    /// Whether the request is credentialed (mode `include`).
    ///
    /// ```
    /// use tower_cors::testing::{BrowserRequest, CredentialsMode};
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET");
    /// assert!(!request.clone().credentials(CredentialsMode::SameOrigin).is_credentialed());
    /// assert!(request.credentials(CredentialsMode::Include).is_credentialed());
    /// ```
    #[must_use]
    pub fn is_credentialed(&self) -> bool {
        self.credentials == CredentialsMode::Include
    }

    /// The request's CORS-unsafe header names: lower case, sorted, unique.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let request = BrowserRequest::new("https://a.example", "POST")
    ///     .header("Content-Type", "application/json")
    ///     .header("Accept", "application/json");
    /// assert_eq!(request.unsafe_header_names(), ["content-type"]);
    /// ```
    #[must_use]
    pub fn unsafe_header_names(&self) -> Vec<String> {
        cors_unsafe_request_header_names(&self.headers)
    }

    /// Whether the browser sends a preflight first: a method other than `GET`, `HEAD` and
    /// `POST`, or any CORS-unsafe header (Fetch standard, "CORS-preflight fetch").
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let form = BrowserRequest::new("https://a.example", "POST")
    ///     .header("content-type", "application/x-www-form-urlencoded");
    /// assert!(!form.needs_preflight());
    /// let json = form.clone().header("content-type", "application/json");
    /// assert!(json.needs_preflight());
    /// ```
    #[must_use]
    pub fn needs_preflight(&self) -> bool {
        !is_cors_safelisted_method(&self.method) || !self.unsafe_header_names().is_empty()
    }

    /// The `Access-Control-Request-Headers` value the browser sends with the preflight:
    /// the unsafe names, lower case, sorted, joined with `,` and no spaces; `None` when there
    /// are none (the header is then omitted).
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET")
    ///     .header("X-B", "1")
    ///     .header("Authorization", "Bearer t")
    ///     .header("x-b", "2")
    ///     .header("Accept", "application/json");
    /// assert_eq!(request.access_control_request_headers().as_deref(), Some("authorization,x-b"));
    /// assert_eq!(BrowserRequest::new("https://a.example", "PUT").access_control_request_headers(), None);
    /// ```
    #[must_use]
    pub fn access_control_request_headers(&self) -> Option<String> {
        let names = self.unsafe_header_names();
        (!names.is_empty()).then(|| names.join(","))
    }

    /// The preflight the browser sends: `OPTIONS /` with `Origin`, `Accept: */*`,
    /// `Access-Control-Request-Method` and, when needed, `Access-Control-Request-Headers`. Set
    /// the URI with `*request.uri_mut()` if your service routes on it.
    ///
    /// # Errors
    /// When the origin or method cannot be written as an HTTP header value.
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let preflight = BrowserRequest::new("https://a.example", "DELETE").preflight_request()?;
    /// assert_eq!(preflight.method(), "OPTIONS");
    /// assert_eq!(preflight.headers()["access-control-request-method"], "DELETE");
    /// assert!(!preflight.headers().contains_key("access-control-request-headers"));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn preflight_request(&self) -> Result<Request<()>, http::Error> {
        let mut builder = Request::builder()
            .method(Method::OPTIONS)
            .uri("/")
            .header(ORIGIN, self.origin.as_str())
            .header(ACCEPT, "*/*")
            .header(ACCESS_CONTROL_REQUEST_METHOD, self.method.as_str());
        if let Some(names) = self.access_control_request_headers() {
            builder = builder.header(ACCESS_CONTROL_REQUEST_HEADERS, names);
        }
        builder.body(())
    }

    /// The actual request the browser sends: the method, `Origin`, and the headers set by
    /// script (credentials themselves, cookies and the like, are not modelled).
    ///
    /// # Errors
    /// When the method, the origin or a header cannot be written in HTTP (`fetch` would throw).
    ///
    /// ```
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let request = BrowserRequest::new("https://a.example", "put")
    ///     .header("x-trace-id", "7")
    ///     .actual_request()?;
    /// assert_eq!(request.method(), "PUT");
    /// assert_eq!(request.headers()["origin"], "https://a.example");
    /// assert_eq!(request.headers()["x-trace-id"], "7");
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn actual_request(&self) -> Result<Request<()>, http::Error> {
        let mut builder = Request::builder()
            .method(self.method.as_str())
            .uri("/")
            .header(ORIGIN, self.origin.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(
                HeaderName::from_bytes(name.as_bytes())?,
                HeaderValue::from_str(value)?,
            );
        }
        builder.body(())
    }
}
