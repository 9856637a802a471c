//! The browser's checks of a server's answers (Fetch "CORS check" and "CORS-preflight fetch"),
//! written from the standard, step by step.

use http::{HeaderMap, Response};

use super::{BrowserRequest, CorsError};
use crate::grammar::fetch_names::{is_forbidden_method, is_safelisted_response_header};

impl BrowserRequest {
    /// The browser's checks of a preflight response: no redirect, the CORS check
    /// (`Access-Control-Allow-Origin`, and `-Allow-Credentials` with credentials), an ok
    /// status, the method, then every unsafe header name.
    ///
    /// # Errors
    /// The first check that fails, as the browser reports it.
    ///
    /// ```
    /// use http::Response;
    /// use tower_cors::testing::{BrowserRequest, CorsError};
    ///
    /// let request = BrowserRequest::new("https://a.example", "PATCH");
    /// let answer = Response::builder()
    ///     .status(204)
    ///     .header("access-control-allow-origin", "https://a.example")
    ///     .header("access-control-allow-methods", "patch") // case matters for methods
    ///     .body(())?;
    /// assert_eq!(
    ///     request.check_preflight(&answer),
    ///     Err(CorsError::MethodNotAllowed("PATCH".into()))
    /// );
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn check_preflight<B>(&self, response: &Response<B>) -> Result<(), CorsError> {
        if is_forbidden_method(self.method()) {
            return Err(CorsError::ForbiddenMethod(self.method().to_owned()));
        }
        preflight_check(
            self.origin(),
            self.is_credentialed(),
            self.method(),
            &self.unsafe_header_names(),
            response.status().as_u16(),
            response.headers(),
        )
    }

    /// The browser's CORS check of the actual response (any status, errors and redirects
    /// included): whether the page may read it.
    ///
    /// # Errors
    /// Why the browser hides the response from the page.
    ///
    /// ```
    /// use http::Response;
    /// use tower_cors::testing::{BrowserRequest, CorsError};
    ///
    /// let public = Response::builder().header("access-control-allow-origin", "*").body(())?;
    /// let anonymous = BrowserRequest::new("https://a.example", "GET");
    /// assert_eq!(anonymous.check_response(&public), Ok(()));
    /// assert_eq!(
    ///     anonymous.with_credentials().check_response(&public),
    ///     Err(CorsError::WildcardWithCredentials { preflight: false })
    /// );
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn check_response<B>(&self, response: &Response<B>) -> Result<(), CorsError> {
        if is_forbidden_method(self.method()) {
            return Err(CorsError::ForbiddenMethod(self.method().to_owned()));
        }
        cors_check(
            self.origin(),
            self.is_credentialed(),
            response.headers(),
            false,
        )
    }

    /// The whole exchange: the preflight's answer when the request needs one, then the actual
    /// response. `Ok(())` means the page reads the response.
    ///
    /// # Errors
    /// [`CorsError::PreflightMissing`] when a preflight is needed and `preflight` is `None`;
    /// otherwise the first failed check.
    ///
    /// ```
    /// use http::Response;
    /// use tower_cors::testing::{BrowserRequest, CorsError};
    ///
    /// let request = BrowserRequest::new("https://a.example", "GET").header("authorization", "Bearer t");
    /// let answer = Response::builder()
    ///     .status(204)
    ///     .header("access-control-allow-origin", "*")
    ///     .header("access-control-allow-headers", "*") // never covers authorization
    ///     .body(())?;
    /// let response = Response::builder().header("access-control-allow-origin", "*").body(())?;
    /// assert_eq!(
    ///     request.check(Some(&answer), &response),
    ///     Err(CorsError::HeaderNotAllowed("authorization".into()))
    /// );
    /// assert_eq!(request.check::<(), ()>(None, &response), Err(CorsError::PreflightMissing));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn check<P, B>(
        &self,
        preflight: Option<&Response<P>>,
        response: &Response<B>,
    ) -> Result<(), CorsError> {
        if self.needs_preflight() {
            match preflight {
                Some(answer) => self.check_preflight(answer)?,
                None if is_forbidden_method(self.method()) => {
                    return Err(CorsError::ForbiddenMethod(self.method().to_owned()));
                }
                None => return Err(CorsError::PreflightMissing),
            }
        }
        self.check_response(response)
    }

    /// Whether page script can read the response header `name` (once the response passed the
    /// CORS check): the seven safelisted names, and those in `Access-Control-Expose-Headers`
    /// (`*` only without credentials); never `Set-Cookie`.
    ///
    /// ```
    /// use http::Response;
    /// use tower_cors::testing::BrowserRequest;
    ///
    /// let response = Response::builder()
    ///     .header("access-control-allow-origin", "https://a.example")
    ///     .header("access-control-expose-headers", "x-total-count")
    ///     .body(())?;
    /// let page = BrowserRequest::new("https://a.example", "GET");
    /// assert!(page.can_read_header(&response, "X-Total-Count"));
    /// assert!(page.can_read_header(&response, "content-type"));
    /// assert!(!page.can_read_header(&response, "etag"));
    /// # Ok::<(), http::Error>(())
    /// ```
    #[must_use]
    pub fn can_read_header<B>(&self, response: &Response<B>, name: &str) -> bool {
        readable(name, self.is_credentialed(), response.headers())
    }
}

/// A header's value as the browser *gets* it: every line, joined with `, `; `None` when
/// absent. Values that are not UTF-8 are read lossily (they can never match anyway).
pub(crate) fn get_combined(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut lines = headers.get_all(name).iter().peekable();
    lines.peek()?;
    let parts: Vec<String> = lines
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    Some(parts.join(", "))
}

/// The elements of a comma-separated list header, trimmed of whitespace; empty elements are
/// skipped (as Chromium does).
pub(crate) fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    let Some(value) = get_combined(headers, name) else {
        return Vec::new();
    };
    value
        .split(',')
        .map(|e| e.trim_matches([' ', '\t']).to_owned())
        .filter(|e| !e.is_empty())
        .collect()
}

pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
}

/// Fetch "CORS check": `Access-Control-Allow-Origin` (and, with credentials,
/// `Access-Control-Allow-Credentials`) of one response.
pub(crate) fn cors_check(
    origin: &str,
    credentials: bool,
    headers: &HeaderMap,
    preflight: bool,
) -> Result<(), CorsError> {
    let Some(allow_origin) = get_combined(headers, "access-control-allow-origin") else {
        return Err(CorsError::NoAllowOrigin { preflight });
    };
    if allow_origin == "*" && !credentials {
        return Ok(());
    }
    if allow_origin.contains(',') {
        return Err(CorsError::MultipleAllowOrigin {
            value: allow_origin,
            preflight,
        });
    }
    if allow_origin == "*" {
        return Err(CorsError::WildcardWithCredentials { preflight });
    }
    if allow_origin != origin {
        return Err(CorsError::AllowOriginMismatch {
            value: allow_origin,
            preflight,
        });
    }
    if !credentials {
        return Ok(());
    }
    match get_combined(headers, "access-control-allow-credentials") {
        Some(v) if v == "true" => Ok(()),
        other => Err(CorsError::MissingAllowCredentials {
            value: other.unwrap_or_default(),
            preflight,
        }),
    }
}

/// The preflight's answer, in the browser's order: no redirect, the CORS check, an ok status,
/// the method, then every unsafe header name.
pub(crate) fn preflight_check(
    origin: &str,
    credentials: bool,
    method: &str,
    unsafe_names: &[String],
    status: u16,
    headers: &HeaderMap,
) -> Result<(), CorsError> {
    if (300..400).contains(&status) {
        return Err(CorsError::PreflightRedirect(status));
    }
    cors_check(origin, credentials, headers, true)?;
    if !(200..300).contains(&status) {
        return Err(CorsError::PreflightNotOk(status));
    }
    let methods = list(headers, "access-control-allow-methods");
    if let Some(bad) = methods.iter().find(|m| !is_token(m)) {
        return Err(CorsError::InvalidAllowMethods(bad.clone()));
    }
    let names = list(headers, "access-control-allow-headers");
    if let Some(bad) = names.iter().find(|n| !is_token(n)) {
        return Err(CorsError::InvalidAllowHeaders(bad.clone()));
    }
    // Methods compare byte for byte; `*` is a wildcard only without credentials.
    let method_ok = methods.iter().any(|m| m == method)
        || super::is_cors_safelisted_method(method)
        || (!credentials && methods.iter().any(|m| m == "*"));
    if !method_ok {
        return Err(CorsError::MethodNotAllowed(method.to_owned()));
    }
    let listed = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    // `authorization` is never covered by `*` (a "CORS non-wildcard request-header name").
    if unsafe_names.iter().any(|n| n == "authorization") && !listed("authorization") {
        return Err(CorsError::HeaderNotAllowed("authorization".to_owned()));
    }
    let star = !credentials && names.iter().any(|n| n == "*");
    if let Some(name) = unsafe_names.iter().find(|n| !listed(n) && !star) {
        return Err(CorsError::HeaderNotAllowed(name.clone()));
    }
    Ok(())
}

/// The response header names page script can read: the seven safelisted ones, plus those in
/// `Access-Control-Expose-Headers` (`*` meaning every name without credentials); never
/// `set-cookie` or `set-cookie2`.
pub(crate) fn readable(name: &str, credentials: bool, headers: &HeaderMap) -> bool {
    let name = name.to_ascii_lowercase();
    if name == "set-cookie" || name == "set-cookie2" {
        return false;
    }
    if is_safelisted_response_header(&name) {
        return true;
    }
    let exposed = list(headers, "access-control-expose-headers");
    exposed
        .iter()
        .any(|e| e.eq_ignore_ascii_case(&name) || (e == "*" && !credentials))
}
