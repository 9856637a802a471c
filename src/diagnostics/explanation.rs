//! [`Explanation`]: a refusal in the browsers' words, with its fix.

use std::fmt;

use super::code::ReasonCode;
use super::near_miss::near_miss;
use crate::decision::{Decision, Refusal, RequestKind};

/// When a browser refuses: on the preflight, or on the actual response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The preflight's answer did not allow the request: the actual request is never sent.
    Preflight,
    /// The actual response cannot be read by the page (the request was sent and processed).
    Actual,
}

/// A refusal explained: where it happens, the browsers' console texts, and the fix.
///
/// ```
/// use http::{header, HeaderMap, Method};
/// use tower_cors::CorsPolicy;
/// use tower_cors::diagnostics::{ReasonCode, Stage};
///
/// let policy = CorsPolicy::builder().allow_origin("https://app.example.com").build()?;
/// let mut request = HeaderMap::new();
/// request.insert(header::ORIGIN, "http://app.example.com".parse().unwrap());
/// let explanation = policy.evaluate(&Method::GET, &request).explain().unwrap();
/// assert_eq!(explanation.stage, Stage::Actual);
/// assert_eq!(explanation.code, ReasonCode::CorsMissingAllowOrigin);
/// assert_eq!(
///     explanation.chrome.as_deref(),
///     Some("No 'Access-Control-Allow-Origin' header is present on the requested resource.")
/// );
/// assert_eq!(explanation.did_you_mean.as_deref(), Some("https://app.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// Where the browser refuses.
    pub stage: Stage,
    /// The reason, as Firefox names it.
    pub code: ReasonCode,
    /// The reason part of Chrome's console message (after "has been blocked by CORS
    /// policy: "), when Chrome reports it.
    pub chrome: Option<String>,
    /// The reason part of Firefox's message (inside "(Reason: ...)"), when Firefox reports it.
    pub firefox: Option<String>,
    /// Safari's message, where known.
    pub safari: Option<String>,
    /// The builder call that would allow the request (`.allow_header("x-debug")`), or why
    /// none should be made.
    pub fix: String,
    /// The configuration key to change (`allow_headers`), when one would allow it.
    pub config_key: Option<&'static str>,
    /// An allowed origin the refused one is a near miss of, and [`near_miss`](Self::near_miss)
    /// says how it differs.
    pub did_you_mean: Option<String>,
    /// How the refused origin differs from [`did_you_mean`](Self::did_you_mean).
    pub near_miss: Option<&'static str>,
}

impl Decision<'_> {
    /// The refusal explained, or `None` when the request is allowed (or not a CORS request).
    #[must_use]
    pub fn explain(&self) -> Option<Explanation> {
        let refusal = self.refusal()?;
        let preflight = self.kind() == RequestKind::Preflight;
        let stage = if preflight {
            Stage::Preflight
        } else {
            Stage::Actual
        };
        let fix = refusal.fix().to_string();
        let explanation = match refusal {
            Refusal::OriginNotAllowed { origin } => {
                let chrome = "No 'Access-Control-Allow-Origin' header is present on the requested \
                              resource.";
                let status = if preflight { 403 } else { 200 };
                let mut e = Explanation::new(stage, ReasonCode::CorsMissingAllowOrigin, fix);
                e.chrome = Some(if preflight {
                    format!(
                        "Response to preflight request doesn't pass access control check: {chrome}"
                    )
                } else {
                    chrome.to_owned()
                });
                e.firefox = Some("CORS header 'Access-Control-Allow-Origin' missing".to_owned());
                e.safari = Some(format!(
                    "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: \
                     {status}"
                ));
                e.config_key = Some("allow_origins");
                if let Some((allowed, how)) = near_miss(self.policy().origins(), origin) {
                    e.did_you_mean = Some(allowed);
                    e.near_miss = Some(how);
                }
                e
            }
            Refusal::MethodNotAllowed { method } => {
                let mut e = Explanation::new(stage, ReasonCode::CorsMethodNotFound, fix);
                e.chrome = Some(format!(
                    "Method {method} is not allowed by Access-Control-Allow-Methods in preflight \
                     response."
                ));
                e.firefox = Some(
                    "Did not find method in CORS header 'Access-Control-Allow-Methods'".to_owned(),
                );
                e.safari = Some(format!(
                    "Method {method} is not allowed by Access-Control-Allow-Methods."
                ));
                e.config_key = Some("allow_methods");
                e
            }
            Refusal::HeaderNotAllowed { name } => {
                let code = ReasonCode::CorsMissingAllowHeaderFromPreflight;
                let mut e = Explanation::new(stage, code, fix);
                e.chrome = Some(format!(
                    "Request header field {name} is not allowed by Access-Control-Allow-Headers \
                     in preflight response."
                ));
                e.firefox = Some(format!(
                    "missing token '{name}' in CORS header 'Access-Control-Allow-Headers' from \
                     CORS preflight channel"
                ));
                e.safari = Some(format!(
                    "Request header field {name} is not allowed by Access-Control-Allow-Headers."
                ));
                e.config_key = Some("allow_headers");
                e
            }
            Refusal::PrivateNetworkNotAllowed => {
                let mut e = Explanation::new(stage, ReasonCode::CorsPreflightDidNotSucceed, fix);
                e.chrome = Some(
                    "Response to preflight request doesn't pass access control check: No \
                     'Access-Control-Allow-Private-Network' header was present in the preflight \
                     response for this private network request."
                        .to_owned(),
                );
                e.config_key = Some("allow_private_network");
                e
            }
            Refusal::Malformed(_) => Explanation::new(stage, ReasonCode::NotFromABrowser, fix),
        };
        Some(explanation)
    }
}

impl Explanation {
    fn new(stage: Stage, code: ReasonCode, fix: String) -> Self {
        Self {
            stage,
            code,
            chrome: None,
            firefox: None,
            safari: None,
            fix,
            config_key: None,
            did_you_mean: None,
            near_miss: None,
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?} stage)", self.code, self.stage)?;
        if let Some(chrome) = &self.chrome {
            write!(f, "; Chrome: {chrome}")?;
        }
        if let Some(firefox) = &self.firefox {
            write!(f, "; Firefox: {firefox}")?;
        }
        write!(f, "; fix: {}", self.fix)?;
        if let (Some(allowed), Some(how)) = (&self.did_you_mean, self.near_miss) {
            write!(f, "; did you mean {allowed:?}? ({how} differs)")?;
        }
        Ok(())
    }
}
