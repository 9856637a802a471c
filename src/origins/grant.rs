//! [`Grant`]: which entry of a policy let an origin in.

/// Which entry of a policy let an origin in: what [`CorsOutcome`](crate::CorsOutcome) reports
/// and [`OriginMatcher::entry`](crate::OriginMatcher::entry) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Grant {
    /// Any origin (`*`).
    Any,
    /// The listed origin equal to the request's.
    Origin,
    /// The `*.` or port pattern at this place among the policy's patterns.
    Pattern(u32),
    /// The regular expression at this place among the policy's (feature `regex`).
    Regex(u32),
    /// The predicate at this place among the policy's.
    Predicate(u32),
}
