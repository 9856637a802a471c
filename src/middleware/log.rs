//! The `tracing` feature's events for CORS requests (target `tower_cors`): a refused request
//! at `debug`, with its kind, origin (escaped: it is attacker-controlled), reason and the
//! policy change that would allow it; an allowed one at `trace`. Nothing is computed unless
//! a subscriber listens at `debug` or finer. Under a public policy (any origin, no
//! credentials) requests other than preflights are not judged, so not logged: their answer
//! does not depend on them.

use tracing::Level;

use crate::decision::{Decision, RequestKind};

/// Logs the decision for one request.
pub(crate) fn decision(decision: &Decision<'_>) {
    if decision.kind() == RequestKind::NotCors
        || !tracing::enabled!(target: "tower_cors", Level::DEBUG)
    {
        return;
    }
    let kind = match decision.kind() {
        RequestKind::Preflight => "preflight",
        _ => "actual",
    };
    let origin = decision
        .origin()
        .map(|o| o.as_bytes().escape_ascii().to_string())
        .unwrap_or_default();
    match (decision.refusal(), decision.explain()) {
        (Some(refusal), Some(explanation)) => tracing::debug!(
            target: "tower_cors",
            kind,
            %origin,
            reason = %refusal,
            code = %explanation.code,
            fix = %explanation.fix,
            did_you_mean = explanation.did_you_mean.as_deref(),
            "CORS request refused"
        ),
        _ => tracing::trace!(target: "tower_cors", kind, %origin, "CORS request allowed"),
    }
}
