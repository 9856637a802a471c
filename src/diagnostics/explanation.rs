//! [`Explanation`]: a refusal in the browsers' words, with its fix.

use std::fmt;

use super::code::ReasonCode;
use super::console::{chrome, firefox, safari};
use super::near_miss::near_miss;
use crate::config::fields::Field;
use crate::decision::{Decision, Refusal, RequestKind};

/// When a browser refuses: on the preflight, or on the actual response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The preflight's answer did not allow the request: the actual request is never sent.
    Preflight,
    /// The actual response cannot be read by the page (the request was sent and processed).
    Actual,
    /// Nothing is sent: the browser needs the user's permission first (Local Network Access,
    /// a public page calling a loopback or private address).
    Permission,
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
    /// Firefox and Safari do not implement private network access: they send no such
    /// preflight, and report nothing for it. No browser reports a malformed request.
    pub firefox: Option<String>,
    /// Safari's (WebKit's) console message, when WebKit reports it. For an actual response
    /// the message goes on with the response's status (`Status code: 200`), which the
    /// application decides: it is left out.
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
        let code = ReasonCode::of(&refusal);
        let explanation = match refusal {
            Refusal::OriginNotAllowed { origin } => {
                let missing = chrome::NO_ALLOW_ORIGIN;
                let mut e = Explanation::new(stage, code, fix);
                e.chrome = Some(if preflight {
                    format!("{}{missing}", chrome::PREFLIGHT)
                } else {
                    missing.to_owned()
                });
                e.firefox = Some(firefox::MISSING_ALLOW_ORIGIN.to_owned());
                // A refused preflight is answered with the policy's refusal status, which
                // WebKit checks first; an actual response keeps the application's status.
                let refusal = self.policy().preflight_answers().refusal_status();
                e.safari = Some(match preflight {
                    true if !refusal.is_success() => safari::preflight_not_ok(refusal.as_u16()),
                    true => safari::origin_not_allowed(origin, Some(refusal.as_u16())),
                    false => safari::origin_not_allowed(origin, None),
                });
                e.config_key = Some(Field::AllowOrigins.name());
                if let Some((allowed, how)) = near_miss(self.policy().origins(), origin) {
                    e.did_you_mean = Some(allowed);
                    e.near_miss = Some(how);
                }
                e
            }
            Refusal::MethodNotAllowed { method } => {
                let mut e = Explanation::new(stage, code, fix);
                e.chrome = Some(chrome::method_not_allowed(method));
                e.firefox = Some(firefox::METHOD_NOT_FOUND.to_owned());
                e.safari = Some(safari::method_not_allowed(method));
                e.config_key = Some(Field::AllowMethods.name());
                e
            }
            Refusal::HeaderNotAllowed { name } => {
                let mut e = Explanation::new(stage, code, fix);
                e.chrome = Some(chrome::header_not_allowed(name));
                e.firefox = Some(firefox::header_not_allowed(name));
                e.safari = Some(safari::header_not_allowed(name));
                e.config_key = Some(Field::AllowHeaders.name());
                e
            }
            Refusal::PrivateNetworkNotAllowed => {
                let mut e = Explanation::new(stage, code, fix);
                e.chrome = Some(format!(
                    "{}{}",
                    chrome::PREFLIGHT,
                    chrome::NO_ALLOW_PRIVATE_NETWORK
                ));
                e.config_key = Some(Field::AllowPrivateNetwork.name());
                e
            }
            Refusal::Malformed(_) => Explanation::new(stage, code, fix),
        };
        Some(explanation)
    }
}

impl Explanation {
    pub(crate) fn new(stage: Stage, code: ReasonCode, fix: String) -> Self {
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
