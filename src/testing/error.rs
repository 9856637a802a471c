//! Why a browser blocks a cross-origin response, worded as Chrome's console words it.

use std::fmt;

use crate::diagnostics::ReasonCode;
use crate::diagnostics::console::{chrome, firefox, safari};

/// Why a browser would not let the page read a cross-origin response.
///
/// `Display` gives the reason as Chrome's DevTools console prints it after
/// `Access to fetch at '…' from origin '…' has been blocked by CORS policy: `, so a failing test
/// reads like the console a front-end developer would see.
///
/// ```
/// use tower_cors::testing::CorsError;
///
/// assert_eq!(
///     CorsError::NoAllowOrigin { preflight: false }.to_string(),
///     "No 'Access-Control-Allow-Origin' header is present on the requested resource."
/// );
/// assert_eq!(
///     CorsError::HeaderNotAllowed("authorization".into()).to_string(),
///     "Request header field authorization is not allowed by Access-Control-Allow-Headers in \
///      preflight response."
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CorsError {
    /// The script asked for a method the browser refuses to send (`CONNECT`, `TRACE`,
    /// `TRACK`): `fetch` throws before any request is made.
    ForbiddenMethod(String),
    /// The request needs a preflight, but the check was given no preflight response.
    PreflightMissing,
    /// The preflight was answered with a redirect (3xx), which browsers never follow.
    PreflightRedirect(u16),
    /// No `Access-Control-Allow-Origin` header.
    NoAllowOrigin {
        /// Whether the response was the preflight's.
        preflight: bool,
    },
    /// Several `Access-Control-Allow-Origin` values (several lines, or a list in one line).
    MultipleAllowOrigin {
        /// The combined value, lines joined with `, ` as the browser sees it.
        value: String,
        /// Whether the response was the preflight's.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin: *` on a request whose credentials mode is `include`.
    WildcardWithCredentials {
        /// Whether the response was the preflight's.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin` is not the page's origin, byte for byte.
    AllowOriginMismatch {
        /// The value received.
        value: String,
        /// Whether the response was the preflight's.
        preflight: bool,
    },
    /// A credentialed request without `Access-Control-Allow-Credentials: true` (exactly).
    MissingAllowCredentials {
        /// The value received (empty when the header is absent).
        value: String,
        /// Whether the response was the preflight's.
        preflight: bool,
    },
    /// The preflight's status is not in 200–299.
    PreflightNotOk(u16),
    /// `Access-Control-Allow-Methods` has an element that is not a method token: the whole
    /// preflight fails.
    InvalidAllowMethods(String),
    /// `Access-Control-Allow-Headers` has an element that is not a header name: the whole
    /// preflight fails.
    InvalidAllowHeaders(String),
    /// The preflight response does not allow the request's method.
    MethodNotAllowed(String),
    /// The preflight response does not allow one of the request's header names.
    HeaderNotAllowed(String),
}

impl CorsError {
    /// Whether the failure is in the preflight's answer (Chrome then prefixes its message with
    /// `Response to preflight request doesn't pass access control check: `).
    ///
    /// ```
    /// use tower_cors::testing::CorsError;
    ///
    /// let error = CorsError::NoAllowOrigin { preflight: true };
    /// assert!(error.is_preflight());
    /// assert!(error.to_string().starts_with("Response to preflight request doesn't pass"));
    /// assert!(!CorsError::NoAllowOrigin { preflight: false }.is_preflight());
    /// ```
    #[must_use]
    pub fn is_preflight(&self) -> bool {
        match self {
            Self::NoAllowOrigin { preflight }
            | Self::MultipleAllowOrigin { preflight, .. }
            | Self::WildcardWithCredentials { preflight }
            | Self::AllowOriginMismatch { preflight, .. }
            | Self::MissingAllowCredentials { preflight, .. } => *preflight,
            Self::PreflightMissing
            | Self::PreflightRedirect(_)
            | Self::PreflightNotOk(_)
            | Self::InvalidAllowMethods(_)
            | Self::InvalidAllowHeaders(_)
            | Self::MethodNotAllowed(_)
            | Self::HeaderNotAllowed(_) => true,
            Self::ForbiddenMethod(_) => false,
        }
    }
}

const PREFLIGHT: &str = chrome::PREFLIGHT;

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = |f: &mut fmt::Formatter<'_>, preflight: bool| {
            if preflight {
                f.write_str(PREFLIGHT)
            } else {
                Ok(())
            }
        };
        match self {
            Self::ForbiddenMethod(m) => write!(f, "'{m}' HTTP method is unsupported."),
            Self::PreflightMissing => f.write_str(
                "the request needs a preflight, but no preflight response was given to the check",
            ),
            Self::PreflightRedirect(_) => {
                write!(f, "{PREFLIGHT}{}", chrome::PREFLIGHT_REDIRECT)
            }
            Self::NoAllowOrigin { preflight } => {
                prefix(f, *preflight)?;
                f.write_str(chrome::NO_ALLOW_ORIGIN)
            }
            Self::MultipleAllowOrigin { value, preflight } => {
                prefix(f, *preflight)?;
                f.write_str(&chrome::multiple_allow_origin(value))
            }
            Self::WildcardWithCredentials { preflight } => {
                prefix(f, *preflight)?;
                f.write_str(chrome::WILDCARD_WITH_CREDENTIALS)
            }
            Self::AllowOriginMismatch { value, preflight } => {
                prefix(f, *preflight)?;
                f.write_str(&chrome::allow_origin_mismatch(value))
            }
            Self::MissingAllowCredentials { value, preflight } => {
                prefix(f, *preflight)?;
                f.write_str(&chrome::missing_allow_credentials(value))
            }
            Self::PreflightNotOk(_) => write!(f, "{PREFLIGHT}{}", chrome::PREFLIGHT_NOT_OK),
            Self::InvalidAllowMethods(_) => f.write_str(chrome::INVALID_ALLOW_METHODS),
            Self::InvalidAllowHeaders(_) => f.write_str(chrome::INVALID_ALLOW_HEADERS),
            Self::MethodNotAllowed(m) => f.write_str(&chrome::method_not_allowed(m)),
            Self::HeaderNotAllowed(name) => f.write_str(&chrome::header_not_allowed(name)),
        }
    }
}

impl CorsError {
    /// The reason as Firefox names it (see [`ReasonCode`]).
    #[must_use]
    pub fn code(&self) -> ReasonCode {
        match self {
            Self::ForbiddenMethod(_) => ReasonCode::NotFromABrowser,
            Self::PreflightMissing | Self::PreflightRedirect(_) | Self::PreflightNotOk(_) => {
                ReasonCode::CorsPreflightDidNotSucceed
            }
            Self::NoAllowOrigin { .. } => ReasonCode::CorsMissingAllowOrigin,
            Self::MultipleAllowOrigin { .. } => ReasonCode::CorsMultipleAllowOriginNotAllowed,
            Self::WildcardWithCredentials { .. } => ReasonCode::CorsNotSupportingCredentials,
            Self::AllowOriginMismatch { .. } => ReasonCode::CorsAllowOriginNotMatchingOrigin,
            Self::MissingAllowCredentials { .. } => ReasonCode::CorsMissingAllowCredentials,
            Self::InvalidAllowMethods(_) => ReasonCode::CorsInvalidAllowMethod,
            Self::InvalidAllowHeaders(_) => ReasonCode::CorsInvalidAllowHeader,
            Self::MethodNotAllowed(_) => ReasonCode::CorsMethodNotFound,
            Self::HeaderNotAllowed(_) => ReasonCode::CorsMissingAllowHeaderFromPreflight,
        }
    }

    /// The reason as Firefox prints it inside `(Reason: ...)`, when Firefox reports one.
    ///
    /// ```
    /// use tower_cors::testing::CorsError;
    ///
    /// let error = CorsError::HeaderNotAllowed("x-debug".into());
    /// assert_eq!(
    ///     error.firefox().as_deref(),
    ///     Some("header ‘x-debug’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response")
    /// );
    /// ```
    #[must_use]
    pub fn firefox(&self) -> Option<String> {
        Some(match self {
            Self::ForbiddenMethod(_) | Self::PreflightMissing => return None,
            Self::PreflightRedirect(_) | Self::PreflightNotOk(_) => {
                firefox::PREFLIGHT_DID_NOT_SUCCEED.to_owned()
            }
            Self::NoAllowOrigin { .. } => firefox::MISSING_ALLOW_ORIGIN.to_owned(),
            Self::MultipleAllowOrigin { .. } => firefox::MULTIPLE_ALLOW_ORIGIN.to_owned(),
            Self::WildcardWithCredentials { .. } => firefox::NOT_SUPPORTING_CREDENTIALS.to_owned(),
            Self::AllowOriginMismatch { value, .. } => firefox::allow_origin_not_matching(value),
            Self::MissingAllowCredentials { .. } => firefox::MISSING_ALLOW_CREDENTIALS.to_owned(),
            Self::InvalidAllowMethods(token) => {
                firefox::invalid_token("Access-Control-Allow-Methods", token)
            }
            Self::InvalidAllowHeaders(token) => {
                firefox::invalid_token("Access-Control-Allow-Headers", token)
            }
            Self::MethodNotAllowed(_) => firefox::METHOD_NOT_FOUND.to_owned(),
            Self::HeaderNotAllowed(name) => firefox::header_not_allowed(name),
        })
    }

    /// Safari's (WebKit's) console message, when WebKit reports one; `origin` is the page's.
    ///
    /// ```
    /// use tower_cors::testing::CorsError;
    ///
    /// let error = CorsError::HeaderNotAllowed("content-type".into());
    /// assert_eq!(
    ///     error.safari("https://app.example.com").as_deref(),
    ///     Some("Request header field Content-Type is not allowed by Access-Control-Allow-Headers.")
    /// );
    /// ```
    #[must_use]
    pub fn safari(&self, origin: &str) -> Option<String> {
        Some(match self {
            Self::NoAllowOrigin { .. }
            | Self::AllowOriginMismatch { .. }
            | Self::MultipleAllowOrigin { .. } => safari::origin_not_allowed(origin, None),
            Self::PreflightNotOk(status) => safari::preflight_not_ok(*status),
            Self::WildcardWithCredentials { .. } => safari::WILDCARD_WITH_CREDENTIALS.to_owned(),
            Self::MissingAllowCredentials { .. } => safari::MISSING_ALLOW_CREDENTIALS.to_owned(),
            Self::MethodNotAllowed(method) => safari::method_not_allowed(method),
            Self::HeaderNotAllowed(name) => safari::header_not_allowed(name),
            _ => return None,
        })
    }
}

impl std::error::Error for CorsError {}
