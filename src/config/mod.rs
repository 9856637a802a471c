//! `CorsConfig`: the policy as plain data, with additive builder-style setters, and its
//! presets. Nothing is checked here; [`CorsConfig::build`] (in `policy/`) checks everything at
//! once.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

mod env;
pub(crate) mod fields;
mod presets;
#[cfg(feature = "serde")]
mod serde;

/// A user-supplied origin predicate (see [`CorsConfig::allow_origin_fn`]).
pub(crate) type OriginFn = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// A CORS policy as plain data, before validation.
///
/// Setters named `allow_*` and `expose_*` **add** to what is there (calling
/// `allow_origin` in a loop allows every origin of the loop); scalar settings
/// (`allow_credentials`, `max_age`, the status codes) **set** a value. Nothing is checked until
/// [`build`](Self::build), which reports every problem at once.
///
/// ```
/// use std::time::Duration;
/// use http::Method;
/// use tower_cors::CorsConfig;
///
/// let mut config = CorsConfig::new()
///     .allow_methods([Method::PUT, Method::DELETE])
///     .allow_headers(["content-type", "authorization"])
///     .max_age(Duration::from_secs(600));
/// for tenant in ["https://a.example.com", "https://b.example.com"] {
///     config = config.allow_origin(tenant); // adds, never replaces
/// }
/// let policy = config.build()?;
/// assert!(policy.origins().matches(b"https://a.example.com"));
/// assert!(policy.origins().matches(b"https://b.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[doc = include_str!("../../docs/configuration.md")]
#[derive(Clone, Default)]
#[must_use]
pub struct CorsConfig {
    pub(crate) origins: Vec<String>,
    pub(crate) origin_regexes: Vec<String>,
    pub(crate) origin_fns: Vec<OriginFn>,
    pub(crate) methods: Vec<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) exposed: Vec<String>,
    pub(crate) credentials: bool,
    pub(crate) max_age: Option<Duration>,
    pub(crate) private_network: bool,
    pub(crate) preflight_status: Option<StatusCode>,
    pub(crate) refusal_status: Option<StatusCode>,
    pub(crate) dangerously_allow_insecure_origins: bool,
    pub(crate) dangerously_allow_public_suffix_wildcards: bool,
    /// No origin listed is meant: only same-origin pages read responses.
    pub(crate) same_origin_only: bool,
    /// Read from data (a file, the environment): problems then name their key.
    pub(crate) keyed: bool,
}

impl fmt::Debug for CorsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CorsConfig")
            .field("origins", &self.origins)
            .field("origin_regexes", &self.origin_regexes)
            .field(
                "origin_fns",
                &format_args!("[{} predicate(s)]", self.origin_fns.len()),
            )
            .field("methods", &self.methods)
            .field("headers", &self.headers)
            .field("exposed", &self.exposed)
            .field("credentials", &self.credentials)
            .field("max_age", &self.max_age)
            .field("private_network", &self.private_network)
            .field("same_origin_only", &self.same_origin_only)
            .field("preflight_status", &self.preflight_status)
            .field("refusal_status", &self.refusal_status)
            .field(
                "dangerously_allow_insecure_origins",
                &self.dangerously_allow_insecure_origins,
            )
            .field(
                "dangerously_allow_public_suffix_wildcards",
                &self.dangerously_allow_public_suffix_wildcards,
            )
            .finish()
    }
}

impl CorsConfig {
    /// An empty configuration: no origin, no method beyond the safelisted `GET`, `HEAD` and
    /// `POST`, no request header, no exposed header, no credentials, no max-age header
    /// (browsers then cache preflights for 5 seconds).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an allowed origin or origin pattern:
    ///
    /// - an exact origin, `scheme://host[:port]`, as a browser sends it
    ///   (`https://app.example.com`, `http://localhost:3000`, `http://[::1]:8080`);
    /// - a subdomain pattern, `https://*.example.com`: one or more labels in front of
    ///   `example.com` (not `example.com` itself), same scheme and port;
    /// - a port wildcard, `http://localhost:*` (any port, the default one included), which
    ///   combines with a subdomain pattern;
    /// - `*`: any origin (see [`allow_any_origin`](Self::allow_any_origin)).
    ///
    /// `null`, `file:` origins, paths, trailing slashes, upper case and default ports are
    /// refused by [`build`](Self::build), with the likely fix in the message.
    ///
    /// ```
    /// let policy = tower_cors::CorsPolicy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_origin("https://*.example.org")
    ///     .allow_origin("http://localhost:*")
    ///     .build()?;
    /// let origins = policy.origins();
    /// assert!(origins.matches(b"https://app.example.com"));
    /// assert!(origins.matches(b"https://eu.api.example.org"));
    /// assert!(!origins.matches(b"https://example.org"));
    /// assert!(origins.matches(b"http://localhost:5173"));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        self.origins.push(origin.into());
        self
    }

    /// Adds several origins or patterns (see [`allow_origin`](Self::allow_origin)).
    pub fn allow_origins<I>(mut self, origins: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.origins.extend(origins.into_iter().map(Into::into));
        self
    }

    /// Allows any origin: `Access-Control-Allow-Origin: *`. Refused together with credentials.
    pub fn allow_any_origin(self) -> Self {
        self.allow_origin("*")
    }

    /// Adds an origin predicate, for allowlists that change at run time (tenants in a
    /// database). It sees only well-formed origins (never `null`, never garbage), after
    /// the listed origins and patterns did not match. It must be fast and must not block.
    ///
    /// [`build`](Self::build) refuses a predicate that accepts `https://evil.test`: use
    /// [`allow_any_origin`](Self::allow_any_origin) for a public API.
    ///
    /// ```
    /// let tenants = ["https://acme.example.com", "https://globex.example.com"];
    /// let policy = tower_cors::CorsPolicy::builder()
    ///     .allow_origin_fn(move |origin| tenants.contains(&origin))
    ///     .build()?;
    /// assert!(policy.origins().matches(b"https://acme.example.com"));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_origin_fn<F>(mut self, predicate: F) -> Self
    where
        F: Fn(&str) -> bool + Send + Sync + 'static,
    {
        self.origin_fns.push(Arc::new(predicate));
        self
    }

    /// Adds an origin regular expression (feature `regex`), matched against the whole origin
    /// (it is anchored for you). [`build`](Self::build) refuses one that also matches an
    /// attacker-style origin: `null`, `https://evil.test`, or look-alikes of the hosts it
    /// names (`https://example.com.evil.test`, `https://evilexample.com`,
    /// `https://evil-example.com`, and with credentials `http://example.com`).
    ///
    /// Prefer a `*.` pattern: a regex is an escape hatch.
    #[cfg(feature = "regex")]
    #[cfg_attr(docsrs, doc(cfg(feature = "regex")))]
    pub fn allow_origin_regex(mut self, regex: impl Into<String>) -> Self {
        self.origin_regexes.push(regex.into());
        self
    }

    /// Adds an allowed method. Compared case-sensitively, as browsers do; only `DELETE`,
    /// `GET`, `HEAD`, `OPTIONS`, `POST` and `PUT` are upper-cased (browsers upper-case those
    /// six and send every other method verbatim, so `patch` and `PATCH` differ). `GET`,
    /// `HEAD` and `POST` are always allowed. `*` allows any method.
    ///
    /// ```
    /// use http::{header, HeaderMap, Method};
    ///
    /// let policy = tower_cors::CorsPolicy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_method(Method::PUT)
    ///     .allow_method("patch") // what `fetch(url, {method: "patch"})` sends
    ///     .build()?;
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, "https://app.example.com".parse().unwrap());
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, "patch".parse().unwrap());
    /// assert!(policy.evaluate(&Method::OPTIONS, &request).is_allowed());
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, "PATCH".parse().unwrap());
    /// assert!(!policy.evaluate(&Method::OPTIONS, &request).is_allowed());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_method(mut self, method: impl AsRef<str>) -> Self {
        self.methods.push(method.as_ref().to_owned());
        self
    }

    /// Adds several allowed methods (see [`allow_method`](Self::allow_method)).
    pub fn allow_methods<I>(mut self, methods: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.methods
            .extend(methods.into_iter().map(|m| m.as_ref().to_owned()));
        self
    }

    /// Allows any method: `Access-Control-Allow-Methods: *`, or with credentials the
    /// requested method echoed back (browsers read `*` literally with credentials).
    pub fn allow_any_method(self) -> Self {
        self.allow_method("*")
    }

    /// Adds an allowed request header name (case-insensitive). JSON APIs need
    /// `content-type`; token-authenticated ones need `authorization`.
    ///
    /// ```
    /// use http::{header, HeaderMap, Method};
    ///
    /// let policy = tower_cors::CorsPolicy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_header("content-type")
    ///     .allow_header(header::AUTHORIZATION)
    ///     .build()?;
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, "https://app.example.com".parse().unwrap());
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, "POST".parse().unwrap());
    /// request.insert(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type".parse().unwrap());
    /// let answer = policy.evaluate(&Method::OPTIONS, &request).preflight_response().unwrap();
    /// assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS], "authorization,content-type");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_header(mut self, name: impl AsRef<str>) -> Self {
        self.headers.push(name.as_ref().to_owned());
        self
    }

    /// Adds several allowed request header names (see [`allow_header`](Self::allow_header)).
    pub fn allow_headers<I>(mut self, names: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.headers
            .extend(names.into_iter().map(|n| n.as_ref().to_owned()));
        self
    }

    /// Allows any request header but `authorization`, which must be listed as well (as the
    /// Fetch standard's `*` never covers it): `Access-Control-Allow-Headers: *`, or with
    /// credentials the requested names echoed back (browsers read `*` literally then).
    pub fn allow_any_header(self) -> Self {
        self.allow_header("*")
    }

    /// Adds a response header that page script may read. Safelisted names (`content-type`,
    /// `cache-control`, ...) are always readable and are dropped.
    ///
    /// ```
    /// use http::{header, HeaderMap, Method};
    ///
    /// let policy = tower_cors::CorsPolicy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_header("x-request-id")
    ///     .expose_header("content-type") // always readable: dropped, with a warning
    ///     .build()?;
    /// assert_eq!(policy.warnings().len(), 1);
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, "https://app.example.com".parse().unwrap());
    /// let mut response = HeaderMap::new();
    /// policy.evaluate(&Method::GET, &request).decorate(&mut response);
    /// assert_eq!(response[header::ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn expose_header(mut self, name: impl AsRef<str>) -> Self {
        self.exposed.push(name.as_ref().to_owned());
        self
    }

    /// Adds several exposed response headers (see [`expose_header`](Self::expose_header)).
    pub fn expose_headers<I>(mut self, names: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.exposed
            .extend(names.into_iter().map(|n| n.as_ref().to_owned()));
        self
    }

    /// Exposes every response header but `set-cookie` (`*`). Refused with credentials.
    pub fn expose_any_header(self) -> Self {
        self.expose_header("*")
    }

    /// Sets whether pages may send credentials (cookies, HTTP authentication) and read the
    /// responses. Requires explicit origins, over https unless they are loopback.
    ///
    /// ```
    /// use tower_cors::{ConfigErrorKind, CorsPolicy};
    ///
    /// let ok = CorsPolicy::builder().allow_origin("https://app.example.com").allow_credentials(true);
    /// assert!(ok.build()?.allows_credentials());
    /// let any = CorsPolicy::builder().allow_any_origin().allow_credentials(true);
    /// assert_eq!(any.build().unwrap_err().kind(), ConfigErrorKind::AnyOriginWithCredentials);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.credentials = allow;
        self
    }

    /// Sets `Access-Control-Max-Age`: how long browsers cache a preflight's answer, a whole
    /// number of seconds from 0 to 86400. Browsers cap it: Chromium at 7200 s, Safari at
    /// 600 s, Firefox at 86400 s. Unset, the header is omitted and browsers use 5 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cors::{ConfigErrorKind, CorsPolicy};
    ///
    /// let config = CorsPolicy::builder().allow_origin("https://app.example.com");
    /// assert!(config.clone().max_age(Duration::from_secs(600)).build()?.warnings().is_empty());
    /// let too_long = config.max_age(Duration::from_secs(7 * 86_400));
    /// assert_eq!(too_long.build().unwrap_err().kind(), ConfigErrorKind::InvalidMaxAge);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Sets whether to answer legacy Private Network Access preflights
    /// (`Access-Control-Allow-Private-Network: true`); refused together with any origin.
    ///
    /// No current browser sends such a preflight: Chromium (from 142) and Firefox (153) block
    /// a public page's call to a loopback or private address until the user grants the page
    /// Local Network Access, which no response header can give, and WebKit has neither. So
    /// `build()` warns (`ConfigWarningKind::PrivateNetworkAccessObsolete`) when it is on; it is
    /// kept for the older Chromium releases that still ask.
    /// [`diagnostics::local_network_access`](crate::diagnostics::local_network_access)
    /// explains what the browsers do instead.
    pub fn allow_private_network(mut self, allow: bool) -> Self {
        self.private_network = allow;
        self
    }

    /// Sets the status of a successful preflight: 204 (the default) or 200, for old clients
    /// that mishandle 204.
    pub fn preflight_status(mut self, status: StatusCode) -> Self {
        self.preflight_status = Some(status);
        self
    }

    /// Sets the status of a preflight refused because of its origin (default 403; any 4xx).
    pub fn refusal_status(mut self, status: StatusCode) -> Self {
        self.refusal_status = Some(status);
        self
    }

    /// Allows credentials for origins that are not https (and not loopback).
    ///
    /// # Security
    /// Anyone on the network path of a plain-http origin can inject script into its pages
    /// and read every credentialed response of your API through them.
    pub fn dangerously_allow_insecure_origins(mut self) -> Self {
        self.dangerously_allow_insecure_origins = true;
        self
    }

    /// Allows credentials for `*.` patterns directly under a public suffix
    /// (`https://*.github.io`, `https://*.co.uk`).
    ///
    /// # Security
    /// Anyone can register a site under a public suffix, so such a pattern trusts strangers.
    pub fn dangerously_allow_public_suffix_wildcards(mut self) -> Self {
        self.dangerously_allow_public_suffix_wildcards = true;
        self
    }
}
