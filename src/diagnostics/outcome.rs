//! [`CorsOutcome`]: what the layer decided for one request, small enough to copy into the
//! request's and the response's extensions for the code around the layer.

use super::code::ReasonCode;
use crate::decision::{Decision, Refusal, RequestKind};
use crate::policy::Grant;

/// What the layer decided for one request: its kind, allowed or refused, why, and which entry
/// of the policy let the origin in. `Copy`, and free of borrows: a handler can take it as
/// `Extension<CorsOutcome>`, and an outer logging layer can read it from the response.
///
/// Ask a layer for it with [`Cors::record_outcomes`](crate::Cors::record_outcomes), or make one
/// from a decision with [`Decision::outcome`].
///
/// ```
/// use http::{HeaderMap, Method};
/// use tower_cors::{CorsPolicy, Grant, RequestKind};
///
/// let policy = CorsPolicy::builder().allow_origin("https://*.example.com").build()?;
/// let mut request = HeaderMap::new();
/// request.insert("origin", "https://app.example.com".parse().unwrap());
/// let outcome = policy.evaluate(&Method::GET, &request).outcome();
/// assert_eq!(outcome.kind, RequestKind::Actual);
/// assert!(outcome.allowed);
/// assert_eq!(outcome.grant, Some(Grant::Pattern(0)));
/// assert_eq!(policy.origins().entry(Grant::Pattern(0)).as_deref(), Some("https://*.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CorsOutcome {
    /// Preflight, actual CORS request, or not a CORS request (no `Origin`).
    pub kind: RequestKind,
    /// Whether the browser will let the page have the response (a request that is not a CORS
    /// request is never refused).
    pub allowed: bool,
    /// Why it is refused, in the codes [`explain`](Decision::explain) uses.
    pub reason: Option<ReasonCode>,
    /// Which entry of the policy let the origin in (also when the method or a header is then
    /// refused); name it with [`OriginMatcher::entry`](crate::OriginMatcher::entry).
    pub grant: Option<Grant>,
}

impl Decision<'_> {
    /// The decision as a [`CorsOutcome`]. Finding the granting entry costs a second look at
    /// the allowlist: the layer does it only when asked to record outcomes.
    #[must_use]
    pub fn outcome(&self) -> CorsOutcome {
        let refusal = self.refusal();
        let origin_passed = !matches!(
            refusal,
            Some(Refusal::OriginNotAllowed { .. } | Refusal::Malformed(_))
        );
        let grant = self
            .origin()
            .filter(|_| origin_passed)
            .and_then(|origin| self.policy().origins().grant(origin.as_bytes()));
        CorsOutcome {
            kind: self.kind(),
            allowed: refusal.is_none(),
            reason: refusal.as_ref().map(ReasonCode::of),
            grant,
        }
    }

    /// The entry that lets the decision's origin in, as text: `*`, a pattern, the listed
    /// origin itself, or `unlisted` (never more than the policy's own entries: safe as a
    /// metric label).
    pub(crate) fn granting_entry(&self) -> String {
        let origins = self.policy().origins();
        let Some(origin) = self.origin() else {
            return String::new();
        };
        match origins.grant(origin.as_bytes()) {
            Some(grant) => origins.entry(grant).map_or_else(
                || origin.to_str().unwrap_or_default().to_owned(),
                std::borrow::Cow::into_owned,
            ),
            None => "unlisted".to_owned(),
        }
    }
}
