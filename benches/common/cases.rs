//! The case matrix: which policy, which request. Requests are built once as a [`Template`]
//! and copied (reference counts only) before each call.

use bytes::BytesMut;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request};

use super::contenders::{ALLOWED_HEADERS, Origins, REFUSED_ORIGIN, long_origin, many_origins};

/// A header value backed by shared (reference-counted) storage, as hyper's parser makes
/// them: cloning it is a reference-count increment, as it is for a real request.
pub fn shared_value(bytes: &[u8]) -> HeaderValue {
    let mut buf = BytesMut::from(bytes);
    let shared = buf.split_to(buf.len()).freeze();
    HeaderValue::from_maybe_shared(shared).expect("a valid header value")
}

/// A request to replay: built once, copied (reference counts only) before each call.
#[derive(Clone, Debug)]
pub struct Template {
    method: Method,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Template {
    /// `GET` (actual) or `OPTIONS` with `Access-Control-Request-Method: PUT` (preflight),
    /// with `Origin` when given.
    pub fn new(preflight: bool, origin: Option<&str>) -> Self {
        let mut headers = vec![(header::HOST, shared_value(b"api.example.com"))];
        if let Some(origin) = origin {
            headers.push((header::ORIGIN, shared_value(origin.as_bytes())));
        }
        let method = if preflight {
            headers.push((header::ACCESS_CONTROL_REQUEST_METHOD, shared_value(b"PUT")));
            Method::OPTIONS
        } else {
            Method::GET
        };
        Self { method, headers }
    }

    /// Adds `Access-Control-Request-Headers`.
    #[must_use]
    pub fn with_request_headers(mut self, value: &[u8]) -> Self {
        self.headers
            .push((header::ACCESS_CONTROL_REQUEST_HEADERS, shared_value(value)));
        self
    }

    pub fn request(&self) -> Request<()> {
        let mut request = Request::new(());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = http::Uri::from_static("/");
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        request
    }
}

/// One case: a name (`question/allowlist/verdict`), a policy and a request.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub origins: Origins,
    pub template: Template,
}

impl Case {
    fn new(name: String, origins: &Origins, template: Template) -> Self {
        Self {
            name,
            origins: origins.clone(),
            template,
        }
    }
}

/// The allowlists of the matrix: name, origins, an allowed origin (the last one listed:
/// tower-http's worst case), a refused origin.
fn allowlists() -> Vec<(&'static str, Origins, String, Option<String>)> {
    let mut v = vec![(
        "one",
        Origins::List(vec!["https://example.com".to_owned()]),
        "https://example.com".to_owned(),
        Some("https://example.org".to_owned()),
    )];
    v.push((
        "two-253",
        Origins::List(vec![long_origin('a'), long_origin('b')]),
        long_origin('b'),
        Some(long_origin('c')),
    ));
    for (name, n) in [("100", 100), ("1000", 1_000), ("10000", 10_000)] {
        let list = many_origins(n);
        let last = list.last().cloned().expect("not empty");
        v.push((
            name,
            Origins::List(list),
            last,
            Some(REFUSED_ORIGIN.to_owned()),
        ));
    }
    v.push(("any", Origins::Any, "https://example.com".to_owned(), None));
    v
}

fn matrix(question: &str, preflight: bool) -> Vec<Case> {
    let mut cases = Vec::new();
    for (name, origins, allowed, refused) in allowlists() {
        let template = Template::new(preflight, Some(&allowed));
        cases.push(Case::new(
            format!("{question}/{name}/allowed"),
            &origins,
            template,
        ));
        if let Some(refused) = refused {
            let template = Template::new(preflight, Some(&refused));
            cases.push(Case::new(
                format!("{question}/{name}/refused"),
                &origins,
                template,
            ));
        }
    }
    cases
}

/// Actual requests over the allowlists, and one without `Origin`.
pub fn actual_cases() -> Vec<Case> {
    let mut cases = matrix("actual", false);
    let one = Origins::List(vec!["https://example.com".to_owned()]);
    cases.push(Case::new(
        "actual/one/no-origin".to_owned(),
        &one,
        Template::new(false, None),
    ));
    cases
}

/// Preflights over the allowlists.
pub fn preflight_cases() -> Vec<Case> {
    matrix("preflight", true)
}

/// Preflights that ask for 1, 2, 3 or 8 request headers (the browser's lower-case, sorted
/// list), all allowed or the last one refused, under one origin, any origin and a subdomain
/// pattern.
pub fn header_cases() -> Vec<Case> {
    header_cases_in("")
}

/// [`header_cases`] in another setting: `"axum/"` (around the axum app) or `"routed/"`
/// (`Router::layer`).
pub fn header_cases_in(setting: &str) -> Vec<Case> {
    let policies = [
        (
            "one",
            Origins::List(vec!["https://example.com".to_owned()]),
            "https://example.com",
        ),
        ("any", Origins::Any, "https://example.com"),
        (
            "subdomain",
            Origins::Subdomains("example.com"),
            "https://api.example.com",
        ),
    ];
    let mut cases = Vec::new();
    for (name, origins, origin) in policies {
        for n in [1, 2, 3, 8] {
            let mut names: Vec<&str> = ALLOWED_HEADERS[..n].to_vec();
            names.sort_unstable();
            for verdict in ["allowed", "refused"] {
                let mut list = names.clone();
                if verdict == "refused" {
                    *list.last_mut().expect("n >= 1") = "x-unlisted-name";
                }
                let template = Template::new(true, Some(origin))
                    .with_request_headers(list.join(",").as_bytes());
                let case = format!("{setting}headers/{name}/{n}/{verdict}");
                cases.push(Case::new(case, &origins, template));
            }
        }
    }
    cases
}

/// Preflights with hostile `Access-Control-Request-Headers`, any origin allowed.
pub fn hostile_cases() -> Vec<Case> {
    [("1024-commas", 1_024), ("1MiB-commas", 1 << 20)]
        .into_iter()
        .map(|(name, len)| {
            let template = Template::new(true, Some("https://example.com"))
                .with_request_headers(&vec![b','; len]);
            Case::new(format!("hostile/{name}"), &Origins::Any, template)
        })
        .collect()
}

/// A subdomain pattern and (feature `regex`) a regex, actual and preflight, allowed and
/// refused.
pub fn pattern_cases() -> Vec<Case> {
    #[cfg_attr(not(feature = "regex"), allow(unused_mut))]
    let mut policies = vec![
        (
            "subdomain",
            Origins::Subdomains("example.com"),
            ["https://api.example.com", "https://api.example.org"],
        ),
        (
            "tenants-1000",
            Origins::Tenants(1000),
            [
                "https://app.tenant-999.example.com",
                "https://app.tenant-999.example.org",
            ],
        ),
    ];
    #[cfg(feature = "regex")]
    policies.push((
        "regex",
        Origins::Regex(r"https://[a-z0-9-]+\.example\.com"),
        ["https://api.example.com", "https://api.example.org"],
    ));
    let mut cases = Vec::new();
    for (name, origins, [allowed, refused]) in policies {
        for (kind, preflight) in [("actual", false), ("preflight", true)] {
            for (verdict, origin) in [("allowed", allowed), ("refused", refused)] {
                let template = Template::new(preflight, Some(origin));
                let case = format!("patterns/{name}/{kind}/{verdict}");
                cases.push(Case::new(case, &origins, template));
            }
        }
    }
    cases
}

/// The actual requests of the one-origin policy again, around [`AxumApp`] instead of
/// [`Bare`]: what the layer costs next to a real (if small) axum application.
pub fn axum_cases() -> Vec<Case> {
    let origins = Origins::List(vec!["https://example.com".to_owned()]);
    [
        ("allowed", Some("https://example.com")),
        ("refused", Some("https://example.org")),
        ("no-origin", None),
    ]
    .into_iter()
    .map(|(verdict, origin)| {
        let template = Template::new(false, origin);
        Case::new(format!("axum/actual/one/{verdict}"), &origins, template)
    })
    .collect()
}

/// The whole matrix (actual requests and preflights over every allowlist, allowed and
/// refused, and a request without `Origin`) again, with the contenders of [`Routed`]: the
/// cost an axum application sees, per-request clone of the layered service included.
pub fn routed_cases() -> Vec<Case> {
    let mut cases = actual_cases();
    cases.extend(preflight_cases());
    for case in &mut cases {
        case.name = format!("routed/{}", case.name);
    }
    cases
}
