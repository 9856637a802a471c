//! The diagnosis: what a browser at the page's origin would send, whether it would let the
//! page read the answer (the Fetch standard's checks, from `tower_cors::testing`), and what
//! browsers do not say (a reflected origin, `null` allowed, a missing `Vary`, ...).

use http::{HeaderMap, Request, Uri, header};
use tower_cors::testing::{BrowserRequest, CorsError};

use crate::args::Options;
use crate::probe::{Exchange, Probe};

/// An origin no server should allow, to see whether the server reflects any origin.
pub const CANARY_ORIGIN: &str = "https://cors-doctor.invalid";

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Works today, breaks with caches, proxies or errors.
    Warning,
    /// Lets other sites read what they should not.
    Security,
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
}

/// The diagnosis of one fetch.
#[derive(Debug, Clone)]
pub struct Report {
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
    /// What browsers do not report.
    pub findings: Vec<Finding>,
    /// Every request sent and what came back, labelled.
    pub exchanges: Vec<(&'static str, Exchange)>,
}

impl Report {
    /// The exit status: 0 allowed and no security finding, 1 blocked, 3 allowed with one.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match (
            self.allowed,
            self.findings
                .iter()
                .any(|f| f.severity == Severity::Security),
        ) {
            (false, _) => 1,
            (true, true) => 3,
            (true, false) => 0,
        }
    }
}

/// The page's fetch as the browser model sees it.
fn page(options: &Options) -> BrowserRequest {
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

/// Runs the checks.
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
    report
        .findings
        .extend(probe_origins(&probe, &url, &page).await?);
    if report.allowed {
        report
            .findings
            .extend(probe_paths(&probe, &url, &page, options).await?);
    }
    report.findings.dedup();
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
        origin: options.origin.clone(),
        allowed: true,
        error: None,
        stage: None,
        fix: None,
        builder: None,
        findings: Vec::new(),
        exchanges: Vec::new(),
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
        report.builder =
            recognise(&report.exchanges).and_then(|server| server.builder(error, &options.origin));
    }
    for (_, exchange) in &report.exchanges {
        report
            .findings
            .extend(header_findings(exchange, &options.origin));
    }
    report.findings.dedup();
    report
}

impl Report {
    fn block(&mut self, stage: &'static str, error: CorsError, origin: &str) {
        self.allowed = false;
        self.stage = Some(stage);
        self.fix = Some(fix(&error, origin));
        self.error = Some(error);
    }
}

/// The server-side change for `error`, in HTTP terms.
fn fix(error: &CorsError, origin: &str) -> String {
    let on = |preflight: bool| {
        if preflight {
            "the OPTIONS preflight"
        } else {
            "the response"
        }
    };
    match error {
        CorsError::NoAllowOrigin { preflight } => format!(
            "answer {} with `Access-Control-Allow-Origin: {origin}` and `Vary: Origin`, whatever its \
             status (errors included), if the pages of {origin} may read it",
            on(*preflight)
        ),
        CorsError::MultipleAllowOrigin { .. } => "send exactly one `Access-Control-Allow-Origin`: \
            two layers (a proxy and the application?) both add it"
            .to_owned(),
        CorsError::WildcardWithCredentials { .. } => format!(
            "answer `Access-Control-Allow-Origin: {origin}` (not `*`) with \
             `Access-Control-Allow-Credentials: true`, or fetch without credentials"
        ),
        CorsError::AllowOriginMismatch { value, .. } => format!(
            "send `Access-Control-Allow-Origin: {origin}`, the page's origin byte for byte, not \
             `{value}`; with `Vary: Origin` so that caches keep one answer per origin"
        ),
        CorsError::MissingAllowCredentials { preflight, .. } => format!(
            "send `Access-Control-Allow-Credentials: true` on {}",
            on(*preflight)
        ),
        CorsError::PreflightNotOk(status) => format!(
            "answer the OPTIONS preflight with 204 or 200 before authentication or routing \
             rejects it (it got {status}); preflights never carry credentials"
        ),
        CorsError::PreflightRedirect(status) => format!(
            "answer the preflight at this URL: browsers never follow a preflight's redirect \
             (it got {status}); have the page call the final URL"
        ),
        CorsError::InvalidAllowMethods(token) => {
            format!("list only methods in `Access-Control-Allow-Methods` (`{token}` is not one)")
        }
        CorsError::InvalidAllowHeaders(token) => format!(
            "list only header names in `Access-Control-Allow-Headers` (`{token}` is not one)"
        ),
        CorsError::MethodNotAllowed(method) => format!(
            "add `{method}` to `Access-Control-Allow-Methods` (methods compare byte for byte)"
        ),
        CorsError::HeaderNotAllowed(name) => {
            format!("add `{name}` to `Access-Control-Allow-Headers`")
        }
        CorsError::ForbiddenMethod(method) => {
            format!("none: browsers never send {method}, `fetch` throws")
        }
        _ => "see the reason".to_owned(),
    }
}

/// A CORS library recognisable from its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    /// tower-cors: preflights answered 204 (403 when the origin is refused) with a lower-case
    /// `vary: origin`.
    TowerCors,
    /// tower-http: every `OPTIONS` answered 200 with an empty body, and no `Vary` or
    /// `vary: origin, access-control-request-method, access-control-request-headers`.
    TowerHttp,
}

fn recognise(exchanges: &[(&'static str, Exchange)]) -> Option<Server> {
    let (_, preflight) = exchanges.iter().find(|(label, _)| *label == "preflight")?;
    let vary: Vec<&[u8]> = preflight
        .headers()
        .get_all(header::VARY)
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    let empty = preflight
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v == "0");
    match (preflight.status().as_u16(), vary.as_slice()) {
        (200, [] | [b"origin, access-control-request-method, access-control-request-headers"])
            if empty =>
        {
            Some(Server::TowerHttp)
        }
        (204 | 403, [v]) if v.starts_with(b"origin") => Some(Server::TowerCors),
        _ => None,
    }
}

impl Server {
    /// The builder call that would allow the request.
    fn builder(self, error: &CorsError, origin: &str) -> Option<String> {
        Some(match (self, error) {
            (Self::TowerCors, CorsError::MethodNotAllowed(m)) => format!(".allow_method({m:?})"),
            (Self::TowerCors, CorsError::HeaderNotAllowed(h)) => format!(".allow_header({h:?})"),
            (Self::TowerCors, CorsError::NoAllowOrigin { .. }) => {
                format!(".allow_origin({origin:?})")
            }
            (Self::TowerCors, CorsError::MissingAllowCredentials { .. })
            | (Self::TowerHttp, CorsError::MissingAllowCredentials { .. }) => {
                ".allow_credentials(true)".to_owned()
            }
            (Self::TowerHttp, CorsError::MethodNotAllowed(m)) => {
                format!(".allow_methods([Method::from_bytes(b{m:?})?])")
            }
            (Self::TowerHttp, CorsError::HeaderNotAllowed(h)) => {
                format!(".allow_headers([HeaderName::from_static({h:?})])")
            }
            (
                Self::TowerHttp,
                CorsError::NoAllowOrigin { .. } | CorsError::AllowOriginMismatch { .. },
            ) => {
                format!(".allow_origin(HeaderValue::from_static({origin:?}))")
            }
            _ => return None,
        })
    }
}

/// What one answer shows that browsers do not report.
fn header_findings(exchange: &Exchange, origin: &str) -> Vec<Finding> {
    let headers = exchange.headers();
    let mut findings = Vec::new();
    let values: Vec<&[u8]> = headers
        .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    if values.len() > 1 || values.iter().any(|v| v.contains(&b',')) {
        findings.push(Finding {
            code: "duplicate-allow-origin",
            severity: Severity::Warning,
            detail: format!("{} Access-Control-Allow-Origin values", values.len()),
        });
    }
    let credentials = headers
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_some_and(|v| v == "true");
    if values.contains(&&b"*"[..]) && credentials {
        findings.push(Finding {
            code: "wildcard-with-credentials",
            severity: Severity::Security,
            detail: "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: \
                     true`: browsers refuse it, and the usual \"fix\", reflecting the origin, \
                     lets any site read your users' data"
                .to_owned(),
        });
    }
    if values.contains(&origin.as_bytes()) && !varies_on_origin(headers) {
        findings.push(Finding {
            code: "missing-vary-origin",
            severity: Severity::Warning,
            detail: "an answer that depends on `Origin` without `Vary: Origin`: a cache can \
                     serve it to another origin"
                .to_owned(),
        });
    }
    let is_preflight = exchange.request.method() == http::Method::OPTIONS;
    let has_body = headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || headers.contains_key(header::CONTENT_TYPE);
    if is_preflight && (matches!(exchange.status().as_u16(), 401 | 404 | 405) || has_body) {
        findings.push(Finding {
            code: "preflight-reaches-app",
            severity: Severity::Warning,
            detail: format!(
                "the preflight was answered {}{}: it seems to have reached the application \
                 (routing, authentication) instead of being answered by the CORS layer in front \
                 of it",
                exchange.status(),
                if has_body { " with a body" } else { "" }
            ),
        });
    }
    if is_preflight && exchange.status().is_redirection() {
        findings.push(Finding {
            code: "preflight-redirected",
            severity: Severity::Warning,
            detail: format!("the preflight was answered {}", exchange.status()),
        });
    }
    findings
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers.get_all(header::VARY).iter().any(|line| {
        line.as_bytes().split(|&b| b == b',').any(|token| {
            let token = token.trim_ascii();
            token == b"*" || token.eq_ignore_ascii_case(b"origin")
        })
    })
}

/// The same fetch from an origin no server should allow, and from `null`.
async fn probe_origins(
    probe: &Probe,
    url: &Uri,
    page: &BrowserRequest,
) -> Result<Vec<Finding>, String> {
    let mut findings = Vec::new();
    for (canary, code) in [
        (CANARY_ORIGIN, "reflects-any-origin"),
        ("null", "null-origin-allowed"),
    ] {
        let mut request = with_origin(page.actual_request().map_err(|e| e.to_string())?, canary);
        if page.needs_preflight() {
            request = with_origin(page.preflight_request().map_err(|e| e.to_string())?, canary);
        }
        let answer = probe.send(url, request).await?;
        let echoed = answer
            .headers()
            .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .iter()
            .any(|v| v == canary);
        if echoed {
            let credentials = answer
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
                .is_some_and(|v| v == "true");
            findings.push(Finding {
                code,
                severity: Severity::Security,
                detail: format!(
                    "`Origin: {canary}` was answered `Access-Control-Allow-Origin: {canary}`{}",
                    if credentials {
                        " with credentials: any site can read your users' data"
                    } else {
                        ""
                    }
                ),
            });
        }
    }
    Ok(findings)
}

/// Other paths (one that 404s, one behind authentication): an error without
/// `Access-Control-Allow-Origin` reaches the page as an opaque network error.
async fn probe_paths(
    probe: &Probe,
    url: &Uri,
    page: &BrowserRequest,
    options: &Options,
) -> Result<Vec<Finding>, String> {
    let mut findings = Vec::new();
    for path in &options.also_paths {
        let mut parts = url.clone().into_parts();
        parts.path_and_query = Some(path.parse().map_err(|e| format!("{path}: {e}"))?);
        let other = Uri::from_parts(parts).map_err(|e| format!("{path}: {e}"))?;
        let request = with_origin(
            page.actual_request().map_err(|e| e.to_string())?,
            &options.origin,
        );
        let answer = probe.send(&other, request).await?;
        if !answer
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        {
            findings.push(Finding {
                code: "error-response-undecorated",
                severity: Severity::Warning,
                detail: format!(
                    "{path} answered {} without Access-Control-Allow-Origin: the page sees a \
                     network error instead of the status",
                    answer.status()
                ),
            });
        }
    }
    Ok(findings)
}

fn with_origin(mut request: Request<()>, origin: &str) -> Request<()> {
    if let Ok(value) = origin.parse() {
        request.headers_mut().insert(header::ORIGIN, value);
    }
    request
}
