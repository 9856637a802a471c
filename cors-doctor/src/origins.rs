//! The probe origins, and what granting them betrays. Besides the page's own origin, the
//! doctor sends an origin no server should allow (`reflects-any-origin`), `null`, and the
//! look-alikes of the page's origin from `tower_cors::diagnostics::lookalikes`, the same
//! generator `build()` probes predicates with: a suffix appended, text glued before the host
//! or its domain, a dot replaced, the `http://` twin, a sibling subdomain, another port.

use http::{Request, header};
use tower_cors::diagnostics::{LookalikeKind, lookalikes};
use tower_cors::testing::BrowserRequest;

use crate::cache;
use crate::diagnose::{Finding, Severity};
use crate::headers::with_origin;
use crate::probe::Exchange;

/// An origin no server should allow, to see whether the server reflects any origin.
pub const CANARY_ORIGIN: &str = "https://cors-doctor.invalid";
/// The domain glued or appended by look-alikes (as `build()` uses it).
pub const FOREIGN_DOMAIN: &str = "evil.test";
/// The label glued before a host by look-alikes.
pub const LABEL: &str = "evil";

/// One origin to send instead of the page's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOrigin {
    /// The origin.
    pub origin: String,
    /// `foreign-origin`, `null`, or the look-alike's kind (`suffix-appended`, ...).
    pub kind: &'static str,
    /// The look-alike's kind, for a look-alike.
    pub lookalike: Option<LookalikeKind>,
    /// Whether someone else can hold it, whatever the site owns.
    pub foreign: bool,
}

/// A probe and what it was granted.
#[derive(Debug, Clone)]
pub struct ProbeResult {
    /// The origin sent.
    pub origin: String,
    /// Its kind (as [`ProbeOrigin::kind`]).
    pub kind: &'static str,
    /// Whether the answer allowed it: `Access-Control-Allow-Origin` is exactly it.
    pub granted: bool,
    /// Whether it was granted with `Access-Control-Allow-Credentials: true`.
    pub credentials: bool,
    /// The request and its answer.
    pub exchange: Exchange,
}

/// The origins probed for a page at `page`, in the order they are sent: the foreign origin,
/// `null`, one look-alike of each kind, then the other look-alikes (more dots replaced, the
/// second seam character), so that a smaller budget still covers every kind.
#[must_use]
pub fn probe_origins(page: &str) -> Vec<ProbeOrigin> {
    let mut first = vec![
        ProbeOrigin {
            origin: CANARY_ORIGIN.to_owned(),
            kind: "foreign-origin",
            lookalike: None,
            foreign: true,
        },
        ProbeOrigin {
            origin: "null".to_owned(),
            kind: "null",
            lookalike: None,
            foreign: true,
        },
    ];
    let mut rest = Vec::new();
    for l in lookalikes(&page.to_ascii_lowercase(), FOREIGN_DOMAIN, LABEL) {
        let probe = ProbeOrigin {
            origin: l.origin,
            kind: l.kind.name(),
            lookalike: Some(l.kind),
            foreign: l.foreign,
        };
        if first.iter().any(|p| p.kind == probe.kind) {
            rest.push(probe);
        } else {
            first.push(probe);
        }
    }
    first.extend(rest);
    first
}

/// The request of a probe: the page's fetch from `origin` (its preflight when it needs one).
///
/// # Errors
/// When the page's fetch cannot be made.
pub fn request(page: &BrowserRequest, origin: &str) -> Result<Request<()>, http::Error> {
    let request = if page.needs_preflight() {
        page.preflight_request()?
    } else {
        page.actual_request()?
    };
    Ok(with_origin(request, origin))
}

/// Judges the answers to the probes of a page at `page`: what each was granted, and the
/// findings (a reflected or `null` origin, trusted look-alikes, answers carrying another
/// origin). Any answer is judged; nothing here panics.
#[must_use]
pub fn judge_probes(
    page: &str,
    answers: Vec<(ProbeOrigin, Exchange)>,
) -> (Vec<ProbeResult>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut results = Vec::new();
    let mut subdomains = Vec::new();
    let reflects = answers
        .iter()
        .any(|(p, e)| p.kind == "foreign-origin" && granted(&p.origin, e).0);
    for (probe, exchange) in &answers {
        let (granted, credentials) = granted(&probe.origin, exchange);
        if granted {
            match finding(page, probe, credentials, reflects) {
                Some(f) => findings.push(f),
                None if !reflects && probe.lookalike.is_some() => {
                    subdomains.push(probe.origin.clone());
                }
                None => {}
            }
        }
    }
    if !subdomains.is_empty() {
        findings.push(Finding {
            code: "trusts-any-subdomain",
            severity: Severity::Warning,
            detail: format!(
                "other subdomains of {page}'s site were granted ({}): fine when every \
                 subdomain is yours, a hole when any serves user content or can be taken over \
                 (a dangling DNS record)",
                subdomains.join(", ")
            ),
            fix: "list the subdomains that may read it instead of a pattern that matches them \
                  all"
            .to_owned(),
        });
    }
    findings.extend(cache::pinned_finding(answers.iter().map(|(_, e)| e)));
    for (probe, exchange) in answers {
        let (granted, credentials) = granted(&probe.origin, &exchange);
        results.push(ProbeResult {
            origin: probe.origin,
            kind: probe.kind,
            granted,
            credentials,
            exchange,
        });
    }
    (results, findings)
}

/// Whether the answer allows `origin` (exactly one `Access-Control-Allow-Origin`, `origin`
/// byte for byte), and whether with credentials.
fn granted(origin: &str, exchange: &Exchange) -> (bool, bool) {
    let headers = exchange.headers();
    let mut values = headers.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).iter();
    let granted = matches!((values.next(), values.next()), (Some(v), None) if v == origin);
    let credentials = headers
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_some_and(|v| v == "true");
    (granted, granted && credentials)
}

/// The rule a server betrays by trusting a look-alike of `kind`.
fn betrays(kind: LookalikeKind) -> &'static str {
    match kind {
        LookalikeKind::SuffixAppended => {
            "an unanchored pattern (no `$`) or a prefix check (`startsWith`)"
        }
        LookalikeKind::PrefixGlued | LookalikeKind::SeamCharacter => {
            "an unanchored pattern (no `^`) or a suffix check (`endsWith`)"
        }
        LookalikeKind::DomainPrefixGlued => {
            "a suffix check on the domain (`endsWith`) or a pattern with `.*` glued before it"
        }
        LookalikeKind::DotReplaced => "an unescaped `.` in a regular expression",
        LookalikeKind::OtherPort => "a check that ignores the port, or a prefix check",
        LookalikeKind::InsecureTwin => "an `http://` origin listed next to the `https://` one",
        _ => "an origin check that is too broad",
    }
}

/// The finding for a granted probe; `None` for a sibling subdomain (gathered in one), or a
/// look-alike when the server reflects any origin anyway.
fn finding(page: &str, probe: &ProbeOrigin, credentials: bool, reflects: bool) -> Option<Finding> {
    let origin = &probe.origin;
    let with = if credentials { " with credentials" } else { "" };
    let severity = if credentials {
        Severity::Security
    } else {
        Severity::Warning
    };
    let exact = "compare the whole origin with a list of exact origins (a regular expression \
                 anchored with `^` and `$`, dots escaped, if you must)";
    let Some(kind) = probe.lookalike else {
        let (code, fix) = if probe.kind == "null" {
            (
                "null-origin-allowed",
                "never allow `null`: sandboxed iframes and `data:` pages of any site send it",
            )
        } else {
            (
                "reflects-any-origin",
                "compare `Origin` with the list of origins that may read it; never copy it into \
                 `Access-Control-Allow-Origin` unchecked",
            )
        };
        return Some(Finding {
            code,
            severity: Severity::Security,
            detail: format!(
                "`Origin: {origin}` was answered `Access-Control-Allow-Origin: {origin}`{}",
                if credentials {
                    " with credentials: any site can read your users' data"
                } else {
                    ""
                }
            ),
            fix: fix.to_owned(),
        });
    };
    if reflects {
        return None;
    }
    let (code, severity, why) = match kind {
        LookalikeKind::InsecureTwin => (
            "trusts-insecure-origin",
            severity,
            "anyone on the network path (public Wi-Fi, a proxy) can inject script into that \
             origin's pages and read your users' data",
        ),
        LookalikeKind::OtherPort => (
            "trusts-lookalike-origin",
            Severity::Warning,
            "another port is another origin, often another program",
        ),
        _ if probe.foreign => (
            "trusts-lookalike-origin",
            severity,
            "anyone can register that domain",
        ),
        _ => return None,
    };
    Some(Finding {
        code,
        severity,
        detail: format!(
            "the {} look-alike `{origin}` of {page} was granted{with}: {why}; the origin check \
             is {}",
            probe.kind,
            betrays(kind)
        ),
        fix: if kind == LookalikeKind::InsecureTwin {
            format!("allow only `{page}`, never its `http://` twin")
        } else {
            exact.to_owned()
        },
    })
}
