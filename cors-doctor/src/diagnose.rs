//! The diagnosis: what a browser at the page's origin would send, whether it would let the
//! page read the answer (the Fetch standard's checks, from `tower_cors::testing`), and what
//! browsers do not say (a reflected origin, a trusted look-alike, a cache that ignores
//! `Vary`, ...).

use http::Uri;
use tower_cors::testing::{BrowserRequest, CorsError};

use crate::args::Options;
use crate::origins::{ProbeResult, probe_origins};
use crate::probe::{Exchange, Probe};
use crate::{cache, fix, headers, origins};

pub use crate::origins::CANARY_ORIGIN;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Works today, breaks with caches, proxies or errors, or trusts more than it may need.
    Warning,
    /// Lets other sites read what they should not.
    Security,
}

impl Severity {
    /// `warning` or `security`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Security => "security",
        }
    }
}

/// Something browsers do not report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A stable code (`reflects-any-origin`).
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What was seen.
    pub detail: String,
    /// What to change on the server.
    pub fix: String,
}

/// The diagnosis of one fetch.
#[derive(Debug, Clone)]
pub struct Report {
    /// The URL checked.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// Whether a browser would let the page read the answer.
    pub allowed: bool,
    /// Why not, as the browser model found it.
    pub error: Option<CorsError>,
    /// `preflight` or `actual`, when blocked.
    pub stage: Option<&'static str>,
    /// The change on the server, in HTTP terms.
    pub fix: Option<String>,
    /// The same change as a builder call, when the server is recognisably tower-cors or
    /// tower-http.
    pub builder: Option<String>,
    /// The tower-cors configuration key of that change (`allow_methods`), as `explain()`
    /// names it.
    pub config_key: Option<&'static str>,
    /// What browsers do not report.
    pub findings: Vec<Finding>,
    /// Every request a browser would send and what came back, labelled.
    pub exchanges: Vec<(&'static str, Exchange)>,
    /// Each origin probed (foreign, `null`, look-alikes) and what it was granted.
    pub probes: Vec<ProbeResult>,
    /// Probe origins not sent because the request budget ran out.
    pub unsent: Vec<String>,
    /// How many requests were sent.
    pub requests: usize,
}

impl Report {
    /// The exit status: 0 allowed and no security finding, 1 blocked, 3 a security finding
    /// (whatever the verdict: a hole is worse than a blocked page).
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        if self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Security)
        {
            3
        } else if self.allowed {
            0
        } else {
            1
        }
    }

    /// The finding codes, in order, each once.
    #[must_use]
    pub fn codes(&self) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = Vec::new();
        for f in &self.findings {
            if !codes.contains(&f.code) {
                codes.push(f.code);
            }
        }
        codes
    }

    fn block(&mut self, stage: &'static str, error: CorsError, origin: &str) {
        self.allowed = false;
        self.stage = Some(stage);
        self.fix = Some(fix::fix(&error, origin));
        self.error = Some(error);
    }
}

/// The page's fetch as the browser model sees it.
pub(crate) fn page(options: &Options) -> BrowserRequest {
    let mut page = BrowserRequest::new(options.origin.as_str(), options.method.as_str());
    for header in &options.headers {
        let (name, value) = match header.split_once(':') {
            Some((name, value)) => (name.trim(), value.trim()),
            // A value that makes the header count as set by script for what it is.
            None if header.eq_ignore_ascii_case("content-type") => {
                (header.as_str(), "application/json")
            }
            None => (header.as_str(), "1"),
        };
        page = page.header(name, value);
    }
    if options.credentials {
        page = page.with_credentials();
    }
    page
}

/// Runs the checks: the browser's requests, then (budget allowing) the other paths and the
/// probe origins, one at a time, never following a redirect.
///
/// # Errors
/// A usage or network problem, as a message.
pub async fn diagnose(options: &Options) -> Result<Report, String> {
    let url: Uri = options
        .url
        .parse()
        .map_err(|e| format!("{}: {e}", options.url))?;
    let page = page(options);
    let probe = Probe::new(options.timeout, options.ca_file.as_deref())?;
    let bad = |e: http::Error| format!("the fetch cannot be made: {e}");
    let mut preflight = None;
    if page.needs_preflight() {
        preflight = Some(
            probe
                .send(&url, page.preflight_request().map_err(bad)?)
                .await?,
        );
    }
    let passed = preflight
        .as_ref()
        .is_none_or(|p| page.check_preflight(&p.response).is_ok());
    let mut actual = None;
    if passed {
        actual = Some(
            probe
                .send(&url, page.actual_request().map_err(bad)?)
                .await?,
        );
    }
    let mut report = judge(options, preflight, actual);
    report.requests = report.exchanges.len();
    if report.allowed {
        let paths = options.also_paths.iter();
        for path in paths.take(options.max_requests.saturating_sub(report.requests)) {
            report.requests += 1;
            let found = headers::probe_path(&probe, &url, &page, &options.origin, path).await?;
            report.findings.extend(found);
        }
    }
    if !options.no_probes {
        let mut targets = probe_origins(&options.origin);
        let room = options.max_requests.saturating_sub(report.requests);
        report.unsent = targets
            .split_off(room.min(targets.len()))
            .into_iter()
            .map(|t| t.origin)
            .collect();
        let mut answers = Vec::new();
        for target in targets {
            let request = origins::request(&page, &target.origin).map_err(bad)?;
            report.requests += 1;
            answers.push((target, probe.send(&url, request).await?));
        }
        let (results, findings) = origins::judge_probes(&options.origin, answers);
        report.probes = results;
        report.findings.extend(findings);
    }
    if let Some(server) = fix::recognise(&report.exchanges) {
        for finding in &mut report.findings {
            if let Some(better) = server.finding_fix(finding.code) {
                finding.fix = better;
            }
        }
    }
    dedup(&mut report.findings);
    Ok(report)
}

/// Judges what a server answered, without the network: the preflight's answer (when the fetch
/// needs one) and the actual request's (when it was sent), with the browser model's checks,
/// the fix, the builder call when the server is recognisable, and what each answer's headers
/// show. Any status and any headers are judged; nothing here panics.
#[must_use]
pub fn judge(options: &Options, preflight: Option<Exchange>, actual: Option<Exchange>) -> Report {
    let page = page(options);
    let mut report = Report {
        url: options.url.clone(),
        origin: options.origin.clone(),
        allowed: true,
        error: None,
        stage: None,
        fix: None,
        builder: None,
        config_key: None,
        findings: Vec::new(),
        exchanges: Vec::new(),
        probes: Vec::new(),
        unsent: Vec::new(),
        requests: 0,
    };
    if let Some(preflight) = preflight {
        if let Err(error) = page.check_preflight(&preflight.response) {
            report.block("preflight", error, &options.origin);
        }
        report.exchanges.push(("preflight", preflight));
    }
    if let Some(actual) = actual.filter(|_| report.allowed) {
        if let Err(error) = page.check_response(&actual.response) {
            report.block("actual", error, &options.origin);
        }
        report.exchanges.push(("actual", actual));
    }
    if let Some(error) = &report.error {
        if let Some((builder, key)) = fix::recognise(&report.exchanges)
            .and_then(|server| server.builder(error, &options.origin))
        {
            report.builder = Some(builder);
            report.config_key = key;
        }
    }
    for (_, exchange) in &report.exchanges {
        report
            .findings
            .extend(headers::header_findings(exchange, &options.origin));
    }
    let pinned = report.exchanges.iter().map(|(_, e)| e);
    report.findings.extend(cache::pinned_finding(pinned));
    report.findings.extend(local_network(options));
    dedup(&mut report.findings);
    report
}

/// A page of a more public address space than the server's: Chromium and Firefox send
/// nothing until the user allows the page to reach local devices, whatever the server answers
/// (the doctor, not a browser, got through).
fn local_network(options: &Options) -> Option<Finding> {
    use tower_cors::diagnostics::{
        AddressSpace, local_network_access, local_network_access_between,
    };
    let explanation = match options.target_space {
        Some(target) => {
            let host = options
                .origin
                .split_once("://")
                .map_or("", |(_, rest)| rest);
            let host = host.rsplit_once(':').map_or(host, |(h, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    h
                } else {
                    host
                }
            });
            let page = AddressSpace::of_host(host);
            local_network_access_between(&options.origin, page, &options.url, target)
        }
        None => local_network_access(&options.origin, &options.url),
    }?;
    let chrome = explanation.chrome.unwrap_or_default();
    let firefox = explanation.firefox.unwrap_or_default();
    Some(Finding {
        code: "local-network-access",
        severity: Severity::Warning,
        detail: format!(
            "a page of {} calling {}: Chromium and Firefox send nothing until the user grants \
             the page Local Network Access (Chromium: \"{chrome}\"; Firefox: \"{firefox}\"); \
             WebKit does not ask",
            options.origin, options.url
        ),
        fix: explanation.fix,
    })
}

/// Drops repeated findings (same code and detail), keeping the first of each.
fn dedup(findings: &mut Vec<Finding>) {
    let mut seen = Vec::new();
    findings.retain(|f| {
        let key = (f.code, f.detail.clone());
        let new = !seen.contains(&key);
        if new {
            seen.push(key);
        }
        new
    });
}
