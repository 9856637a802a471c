//! What a layer does besides deciding, when asked: record each request's [`CorsOutcome`],
//! count requests in metrics (feature `metrics`), and judge a candidate policy beside the
//! enforced one. A layer asked for none of them never reaches this code.

use http::Request;
use tower_service::Service;

use super::future::ResponseFuture;
use super::report::{CandidateReport, Change};
use crate::config::CorsConfig;
use crate::decision::Decision;
#[cfg(feature = "metrics")]
use crate::decision::RequestKind;
use crate::diagnostics::outcome::CorsOutcome;
use crate::error::ConfigError;
use crate::policy::CorsPolicy;

/// The options of a layer, shared by its services.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras {
    pub(crate) outcomes: bool,
    #[cfg(feature = "metrics")]
    pub(crate) metrics: bool,
    pub(crate) candidate: Option<Candidate>,
}

/// A policy judged beside the enforced one, which never answers.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    policy: CorsPolicy,
    pub(crate) report: CandidateReport,
}

impl Candidate {
    pub(crate) fn new(config: CorsConfig, top: usize) -> Result<Self, ConfigError> {
        Ok(Self {
            policy: config.build()?,
            report: CandidateReport::new(config, top),
        })
    }

    /// Judges the request as the candidate would, and records a difference.
    fn observe(&self, enforced: &Decision<'_>, method: &http::Method, headers: &http::HeaderMap) {
        let Some(origin) = enforced.origin() else {
            return;
        };
        let candidate = self.policy.evaluate(method, headers);
        let (change, judged) = match (enforced.is_allowed(), candidate.is_allowed()) {
            (true, false) => (Change::WouldRefuse, enforced),
            (false, true) => (Change::WouldAllow, &candidate),
            _ => return,
        };
        let entry = judged.granting_entry();
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: "tower_cors::candidate",
            change = change.name(),
            origin = %origin.as_bytes().escape_ascii(),
            entry = %entry,
            "the candidate policy decides this request the other way"
        );
        #[cfg(feature = "metrics")]
        super::metrics::candidate(change, &entry);
        self.report.record(change, origin.as_bytes(), &entry);
    }
}

/// Serves one request with the extras: the same answer as without them.
pub(crate) fn serve<S, ReqBody, ResBody>(
    inner: &mut S,
    policy: &CorsPolicy,
    extras: &Extras,
    mut request: Request<ReqBody>,
) -> ResponseFuture<S::Future>
where
    S: Service<Request<ReqBody>, Response = http::Response<ResBody>>,
{
    let decision = policy.evaluate(request.method(), request.headers());
    #[cfg(feature = "tracing")]
    super::log::decision(&decision);
    if let Some(candidate) = &extras.candidate {
        candidate.observe(&decision, request.method(), request.headers());
    }
    let outcome: Option<CorsOutcome> =
        (extras.outcomes || metrics_on(extras)).then(|| decision.outcome());
    #[cfg(feature = "metrics")]
    if let Some(outcome) = outcome.filter(|_| extras.metrics) {
        if outcome.kind != RequestKind::NotCors {
            super::metrics::request(&outcome, &decision);
        }
    }
    let outcome = outcome.filter(|_| extras.outcomes);
    if let Some(mut answer) = decision.preflight_response() {
        if let Some(outcome) = outcome {
            answer.extensions_mut().insert(outcome);
        }
        return ResponseFuture::answered(answer);
    }
    let mut decoration = decision.decoration();
    if let Some(outcome) = outcome {
        request.extensions_mut().insert(outcome);
        decoration = decoration.with_stamp(outcome.stamp());
    }
    ResponseFuture::forwarded(inner.call(request), decoration)
}

#[cfg(feature = "metrics")]
fn metrics_on(extras: &Extras) -> bool {
    extras.metrics
}

#[cfg(not(feature = "metrics"))]
fn metrics_on(_: &Extras) -> bool {
    false
}
