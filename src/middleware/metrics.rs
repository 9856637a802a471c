//! The `metrics` feature's counters, on the `metrics` facade (any recorder: Prometheus,
//! OpenTelemetry, StatsD). Labels come from the policy, never from the request: an origin no
//! entry lets in is counted as `unlisted`, so a flood of distinct origins adds no series.

use crate::decision::{Decision, RequestKind};
use crate::diagnostics::outcome::CorsOutcome;

use super::report::Change;

/// `tower_cors_requests_total{kind, outcome, reason, entry}`: one CORS request.
pub(crate) fn request(outcome: &CorsOutcome, decision: &Decision<'_>) {
    let kind = match outcome.kind {
        RequestKind::Preflight => "preflight",
        _ => "actual",
    };
    let verdict = if outcome.allowed {
        "allowed"
    } else {
        "refused"
    };
    let reason = outcome.reason.map_or("none", |r| r.as_str());
    let entry = if outcome.grant.is_some() {
        decision.granting_entry()
    } else {
        "unlisted".to_owned()
    };
    metrics::counter!(
        "tower_cors_requests_total",
        "kind" => kind,
        "outcome" => verdict,
        "reason" => reason,
        "entry" => entry
    )
    .increment(1);
}

/// `tower_cors_candidate_total{change, entry}`: a request the candidate policy decides the
/// other way.
pub(crate) fn candidate(change: Change, entry: &str) {
    metrics::counter!(
        "tower_cors_candidate_total",
        "change" => change.name(),
        "entry" => entry.to_owned()
    )
    .increment(1);
}
