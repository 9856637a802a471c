//! [`CorsOutcome`]: what the layer decided for one request, small enough to copy into the
//! request's and the response's extensions for the code around the layer.

use std::num::NonZeroU8;

use super::code::ReasonCode;
use crate::decision::{Decision, Refusal, RequestKind};
use crate::origins::Grant;
use crate::response::Stamp;

/// The reason codes in a fixed order, for [`Stamp`]s.
const CODES: [ReasonCode; 14] = [
    ReasonCode::CorsMissingAllowOrigin,
    ReasonCode::CorsAllowOriginNotMatchingOrigin,
    ReasonCode::CorsMultipleAllowOriginNotAllowed,
    ReasonCode::CorsNotSupportingCredentials,
    ReasonCode::CorsMissingAllowCredentials,
    ReasonCode::CorsPreflightDidNotSucceed,
    ReasonCode::CorsMethodNotFound,
    ReasonCode::CorsMissingAllowHeaderFromPreflight,
    ReasonCode::CorsInvalidAllowMethod,
    ReasonCode::CorsInvalidAllowHeader,
    ReasonCode::CorsExternalRedirectNotAllowed,
    ReasonCode::CorsRequestNotHttp,
    ReasonCode::CorsDidNotSucceed,
    ReasonCode::NotFromABrowser,
];

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

/// An index that fits the stamp's 29 bits (no policy lists half a billion patterns).
const INDEX: u32 = (1 << 29) - 1;

impl CorsOutcome {
    /// The outcome in five bytes, to travel in a [`Decoration`](crate::Decoration)'s padding.
    pub(crate) fn stamp(&self) -> Stamp {
        let kind: u8 = match self.kind {
            RequestKind::Preflight => 1,
            RequestKind::Actual => 2,
            _ => 3,
        };
        let reason = self
            .reason
            .and_then(|r| CODES.iter().position(|c| *c == r))
            .map_or(0, |i| u8::try_from(i + 1).unwrap_or(0));
        let first = kind | (u8::from(self.allowed) << 2) | (reason << 3);
        let grant = match self.grant {
            None => 0,
            Some(Grant::Any) => 1 << 29,
            Some(Grant::Origin) => 2 << 29,
            Some(Grant::Pattern(i)) => (3 << 29) | i.min(INDEX),
            Some(Grant::Regex(i)) => (4 << 29) | i.min(INDEX),
            Some(Grant::Predicate(i)) => (5 << 29) | i.min(INDEX),
        };
        // `kind` is at least 1, so the first byte is never zero.
        Stamp(
            NonZeroU8::new(first).unwrap_or(NonZeroU8::MIN),
            grant.to_le_bytes(),
        )
    }

    /// The outcome a [`Stamp`] carries.
    pub(crate) fn from_stamp(stamp: Stamp) -> Self {
        let first = stamp.0.get();
        let kind = match first & 3 {
            1 => RequestKind::Preflight,
            2 => RequestKind::Actual,
            _ => RequestKind::NotCors,
        };
        let reason = usize::from(first >> 3)
            .checked_sub(1)
            .and_then(|i| CODES.get(i).copied());
        let grant = u32::from_le_bytes(stamp.1);
        let index = grant & INDEX;
        let grant = match grant >> 29 {
            1 => Some(Grant::Any),
            2 => Some(Grant::Origin),
            3 => Some(Grant::Pattern(index)),
            4 => Some(Grant::Regex(index)),
            5 => Some(Grant::Predicate(index)),
            _ => None,
        };
        Self {
            kind,
            allowed: first & 4 != 0,
            reason,
            grant,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_survives_its_stamp() {
        let mut outcomes = Vec::new();
        for kind in [
            RequestKind::Preflight,
            RequestKind::Actual,
            RequestKind::NotCors,
        ] {
            for reason in std::iter::once(None).chain(CODES.iter().copied().map(Some)) {
                for grant in [
                    None,
                    Some(Grant::Any),
                    Some(Grant::Origin),
                    Some(Grant::Pattern(0)),
                    Some(Grant::Regex(7)),
                    Some(Grant::Predicate(INDEX)),
                ] {
                    for allowed in [false, true] {
                        outcomes.push(CorsOutcome {
                            kind,
                            allowed,
                            reason,
                            grant,
                        });
                    }
                }
            }
        }
        for outcome in outcomes {
            assert_eq!(CorsOutcome::from_stamp(outcome.stamp()), outcome);
        }
    }
}
