//! [`ReasonCode`]: why a browser blocks a request, in one vocabulary.

use std::fmt;

use crate::decision::Refusal;

/// Why a browser blocks a request, as Firefox names its CORS errors (the closest thing to a
/// standard vocabulary; each has a page on MDN), plus one code for requests no browser sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReasonCode {
    /// No `Access-Control-Allow-Origin` in the answer.
    CorsMissingAllowOrigin,
    /// `Access-Control-Allow-Origin` is not the page's origin.
    CorsAllowOriginNotMatchingOrigin,
    /// More than one `Access-Control-Allow-Origin` value.
    CorsMultipleAllowOriginNotAllowed,
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    CorsNotSupportingCredentials,
    /// A credentialed request without `Access-Control-Allow-Credentials: true`.
    CorsMissingAllowCredentials,
    /// The preflight's answer is not a 2xx (a redirect included).
    CorsPreflightDidNotSucceed,
    /// The preflight asked for a method the answer does not list.
    CorsMethodNotFound,
    /// The preflight asked for a header the answer does not list.
    CorsMissingAllowHeaderFromPreflight,
    /// `Access-Control-Allow-Methods` has an element that is not a method.
    CorsInvalidAllowMethod,
    /// `Access-Control-Allow-Headers` has an element that is not a header name.
    CorsInvalidAllowHeader,
    /// A CORS request was redirected in a way the browser refuses.
    CorsExternalRedirectNotAllowed,
    /// The page or the target is not http or https.
    CorsRequestNotHttp,
    /// No answer at all: the server is down, the name does not resolve, TLS failed.
    CorsDidNotSucceed,
    /// Not something a browser sends: no browser reports it.
    NotFromABrowser,
}

impl ReasonCode {
    /// The code of a refusal: what the browser reports for it.
    #[must_use]
    pub fn of(refusal: &Refusal<'_>) -> Self {
        match refusal {
            Refusal::OriginNotAllowed { .. } => Self::CorsMissingAllowOrigin,
            Refusal::MethodNotAllowed { .. } => Self::CorsMethodNotFound,
            Refusal::HeaderNotAllowed { .. } => Self::CorsMissingAllowHeaderFromPreflight,
            Refusal::PrivateNetworkNotAllowed => Self::CorsPreflightDidNotSucceed,
            Refusal::Malformed(_) => Self::NotFromABrowser,
        }
    }

    /// The name Firefox and MDN use (`CORSMissingAllowOrigin`), or `NotFromABrowser`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CorsMissingAllowOrigin => "CORSMissingAllowOrigin",
            Self::CorsAllowOriginNotMatchingOrigin => "CORSAllowOriginNotMatchingOrigin",
            Self::CorsMultipleAllowOriginNotAllowed => "CORSMultipleAllowOriginNotAllowed",
            Self::CorsNotSupportingCredentials => "CORSNotSupportingCredentials",
            Self::CorsMissingAllowCredentials => "CORSMissingAllowCredentials",
            Self::CorsPreflightDidNotSucceed => "CORSPreflightDidNotSucceed",
            Self::CorsMethodNotFound => "CORSMethodNotFound",
            Self::CorsMissingAllowHeaderFromPreflight => "CORSMissingAllowHeaderFromPreflight",
            Self::CorsInvalidAllowMethod => "CORSInvalidAllowMethod",
            Self::CorsInvalidAllowHeader => "CORSInvalidAllowHeader",
            Self::CorsExternalRedirectNotAllowed => "CORSExternalRedirectNotAllowed",
            Self::CorsRequestNotHttp => "CORSRequestNotHttp",
            Self::CorsDidNotSucceed => "CORSDidNotSucceed",
            Self::NotFromABrowser => "NotFromABrowser",
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
