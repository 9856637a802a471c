//! proptest strategies: random policies built from valid pieces, and requests whose origins
//! sit near the policy (same host with another scheme, port or label, look-alikes, case and
//! trailing-dot variants) or are random bytes.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use super::reference::{Policy, Request};

/// 10,000 cases, failures persisted in `file` (under `proptest-regressions/`, committed).
pub fn config(file: &'static str) -> Config {
    Config {
        // Relative to the package root (cargo runs tests there); proptest's `SourceParallel`
        // cannot locate integration-test files.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        // Bounded shrinking keeps a failure report fast; the seed is saved either way.
        max_shrink_iters: 1024,
        max_shrink_time: 20_000,
        ..Config::with_cases(10_000)
    }
}

/// Origins and patterns that `build()` accepts with credentials.
const SECURE: &[&str] = &[
    "https://example.com",
    "https://*.example.com",
    "https://foo.com",
    "https://bar.com",
    "https://api.foo.com:8443",
    "https://*.foo.com:*",
    "http://localhost:*",
    "http://*.localhost:3000",
    "http://127.0.0.1:8080",
    "http://[::1]:*",
    "https://xn--bcher-kva.example",
];

/// Accepted without credentials only.
const INSECURE: &[&str] = &[
    "*",
    "http://example.com",
    "http://*.example.com:8080",
    "chrome-extension://abcdefgh",
];

const METHODS: &[&str] = &[
    "PUT", "put", "PATCH", "patch", "DELETE", "GET", "x-custom", "*",
];
const HEADERS: &[&str] = &[
    "content-type",
    "Authorization",
    "x-request-id",
    "X-Trace-Id",
    "accept",
    "*",
];
const EXPOSED: &[&str] = &["x-total-count", "ETag", "content-type", "link", "*"];

fn pick_some(pool: &'static [&'static str], max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(pool, 0..=max)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

/// A random policy that `build()` accepts.
pub fn policy() -> impl Strategy<Value = Policy> {
    (
        any::<bool>(),
        proptest::sample::subsequence(SECURE, 1..=4),
        pick_some(INSECURE, 3),
        pick_some(METHODS, 4),
        pick_some(HEADERS, 4),
        pick_some(EXPOSED, 3),
        proptest::option::of(0u64..=86_400),
        any::<bool>(),
        prop_oneof![Just(204u16), Just(200)],
        prop_oneof![Just(403u16), Just(401), Just(404)],
    )
        .prop_map(
            |(credentials, secure, insecure, methods, headers, exposed, max_age, pn, ok, no)| {
                let mut origins: Vec<String> = secure.into_iter().map(str::to_owned).collect();
                let mut exposed = exposed;
                if credentials {
                    exposed.retain(|h| h != "*");
                } else {
                    origins.extend(insecure);
                }
                let any_origin = origins.iter().any(|o| o == "*");
                Policy {
                    origins,
                    methods,
                    headers,
                    exposed,
                    credentials,
                    max_age,
                    private_network: pn && !any_origin,
                    preflight_status: ok,
                    refusal_status: no,
                }
            },
        )
}

/// Hosts to build request origins from: the policy's own, their look-alikes, and others.
const HOSTS: &[&str] = &[
    "example.com",
    "a.example.com",
    "a.b.example.com",
    "evil-example.com",
    "evilexample.com",
    "example.com.evil.test",
    "example.community",
    "foo.com",
    "bar.com",
    "barfoo.com",
    "foobar.com",
    "api.foo.com",
    "x.api.foo.com",
    "localhost",
    "a.localhost",
    "localhost.evil.test",
    "127.0.0.1",
    "127.0.0.2",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "xn--bcher-kva.example",
    "xn--f",
    "xn--f.example.com",
    "a.xn--p1ai",
    "xn--ls8h.example",
    "a..example.com",
    "a_b.example.com",
    "-a.example.com",
    "0x02",
    "a.0x7f",
    "abcdefgh",
    "EXAMPLE.com",
    "example.com.",
    ".example.com",
    "*.example.com",
    "user@example.com",
    "exa%6dple.com",
    "1.2.3",
];

const SCHEMES: &[&str] = &[
    "https",
    "http",
    "HTTPS",
    "wss",
    "chrome-extension",
    "file",
    "",
];
const PORTS: &[&str] = &[
    "", ":443", ":80", ":8443", ":3000", ":8080", ":0", ":08443", ":*", ":",
];
const TAILS: &[&str] = &[
    "",
    "",
    "",
    "/",
    "/path",
    "?q",
    "#f",
    ".",
    " ",
    ",https://example.com",
];

/// An origin near the policies above, or random bytes.
pub fn origin() -> impl Strategy<Value = Vec<u8>> {
    let structured = (
        proptest::sample::select(SCHEMES),
        proptest::sample::select(HOSTS),
        proptest::sample::select(PORTS),
        proptest::sample::select(TAILS),
    )
        .prop_map(|(s, h, p, t)| format!("{s}://{h}{p}{t}").into_bytes());
    prop_oneof![
        6 => structured,
        1 => Just(b"null".to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => proptest::collection::vec(0x21u8..0x7f, 0..40),
    ]
}

const NAMES: &[&str] = &[
    "content-type",
    "Content-Type",
    "authorization",
    "x-request-id",
    "x-trace-id",
    "x-other",
    "accept",
    "*",
    "a b",
    "",
    // Near misses of listed names: same length, one byte off (first, last, case, a byte
    // that is not a token character).
    "content-typf",
    "dontent-type",
    "x-request-iD",
    "x-request-ie",
    "x-trace-ic",
    "accepu",
    "authorizatioM",
    "x-request-i/",
];

fn acrh_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (
            proptest::collection::vec(proptest::sample::select(NAMES), 0..5),
            proptest::sample::select(&[",", ", ", " , ", ",\t"][..]),
        )
            .prop_map(|(names, sep)| names.join(sep).into_bytes()),
        1 => proptest::collection::vec(0x20u8..0x7f, 0..20),
    ]
}

const REQUEST_METHODS: &[&str] = &["OPTIONS", "GET", "POST", "PUT", "options", "PATCH"];
const ACRM: &[&str] = &[
    "PUT", "put", "PATCH", "patch", "GET", "DELETE", "x-custom", "*", "a b",
];

/// A request a browser (or an attacker) might send: a method, 0 to 2 origins, and for
/// preflights the request method, header names and private-network flag.
pub fn request() -> impl Strategy<Value = Request> {
    request_with(origin().boxed())
}

fn request_with(origin: BoxedStrategy<Vec<u8>>) -> impl Strategy<Value = Request> {
    (
        proptest::sample::select(REQUEST_METHODS),
        prop_oneof![
            1 => Just(Vec::new()),
            8 => origin.clone().prop_map(|o| vec![o]),
            1 => proptest::collection::vec(origin, 2..3),
        ],
        proptest::collection::vec(proptest::sample::select(ACRM), 0..3),
        proptest::collection::vec(acrh_line(), 0..3),
        proptest::option::of(prop_oneof![Just("true"), Just("false")]),
    )
        .prop_map(|(method, origins, acrm, acrh, pna)| {
            let mut headers = Vec::new();
            for o in origins {
                headers.push(("origin".to_owned(), o));
            }
            // Mostly one request method, as browsers send.
            for m in acrm.iter().take(if acrm.len() == 2 { 1 } else { 2 }) {
                headers.push((
                    "access-control-request-method".to_owned(),
                    m.as_bytes().to_vec(),
                ));
            }
            for line in acrh {
                headers.push(("access-control-request-headers".to_owned(), line));
            }
            if let Some(p) = pna {
                headers.push((
                    "access-control-request-private-network".to_owned(),
                    p.as_bytes().to_vec(),
                ));
            }
            Request {
                method: method.as_bytes().to_vec(),
                headers,
            }
        })
}

const INNER: &[(&str, &str)] = &[
    ("access-control-allow-origin", "*"),
    ("access-control-allow-origin", "https://evil.test"),
    ("access-control-allow-credentials", "true"),
    ("access-control-allow-methods", "*"),
    ("access-control-expose-headers", "*"),
    ("vary", "accept-encoding"),
    ("vary", "Origin"),
    ("vary", "Accept-Encoding, ORIGIN"),
    ("vary", "*"),
    ("vary", "accept"),
    ("content-type", "text/plain"),
    ("x-request-id", "42"),
];

/// The headers an inner service sets: CORS headers of its own, `Vary` lines, others.
pub fn inner_headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    proptest::collection::vec(proptest::sample::select(INNER), 0..4).prop_map(|v| {
        v.into_iter()
            .map(|(n, v)| (n.to_owned(), v.as_bytes().to_vec()))
            .collect()
    })
}

/// A preflight as a browser builds it: `OPTIONS`, one origin, one request method, and
/// usually a lower-case, sorted, comma-joined list of header names.
pub fn preflight() -> impl Strategy<Value = Request> {
    preflight_with(origin().boxed())
}

fn preflight_with(origin: BoxedStrategy<Vec<u8>>) -> impl Strategy<Value = Request> {
    (
        origin,
        proptest::sample::select(ACRM),
        proptest::option::of(acrh_line()),
    )
        .prop_map(|(origin, method, acrh)| {
            let mut headers = vec![
                ("origin".to_owned(), origin),
                (
                    "access-control-request-method".to_owned(),
                    method.as_bytes().to_vec(),
                ),
            ];
            if let Some(line) = acrh {
                headers.push(("access-control-request-headers".to_owned(), line));
            }
            Request {
                method: b"OPTIONS".to_vec(),
                headers,
            }
        })
}

/// Any request, a third of them well-formed preflights.
pub fn any_request() -> impl Strategy<Value = Request> {
    prop_oneof![2 => request(), 1 => preflight()]
}

/// Labels put where a pattern has `*.`: good ones, and the malformed ones a matcher that
/// compares only the pattern's parent would let through.
const LABELS: &[&str] = &[
    "a.", "a.b.", "x-y.", "www.", "", "a_b.", "a..", ".", "-a.", "a-.", "A.", "a:1.", "a/b.",
];
const NEAR_PORTS: &[&str] = &["", ":3000", ":8443", ":80", ":443"];

/// A request origin made from one of the policy's entries: a pattern instantiated with a
/// label and a port, then possibly changed the way attackers and typos change origins.
fn near(entries: Vec<String>) -> BoxedStrategy<Vec<u8>> {
    (
        proptest::sample::select(entries),
        proptest::sample::select(LABELS),
        proptest::sample::select(NEAR_PORTS),
        0usize..16,
    )
        .prop_map(|(entry, label, port, edit)| {
            let mut o = if entry == "*" {
                format!("https://{label}example.com")
            } else {
                entry.replacen("*.", label, 1)
            };
            if let Some(stem) = o.strip_suffix(":*") {
                o = format!("{stem}{port}");
            }
            match edit {
                0 => o = o.replacen("https://", "http://", 1),
                1 => o = o.replacen("http://", "https://", 1),
                2 => o.push_str(":8443"),
                3 => o = o.replacen("://", "://evil-", 1),
                4 => o.push_str(".evil.test"),
                5 => o = o.to_ascii_uppercase(),
                6 => o.push('.'),
                7 => o.push('/'),
                8 => o = o.replacen("://", "://evil", 1),
                9 => {
                    o.pop();
                }
                _ => {}
            }
            o.into_bytes()
        })
        .boxed()
}

/// A random valid policy and requests aimed at it: most origins near its entries.
pub fn policy_and_requests() -> impl Strategy<Value = (Policy, Vec<Request>)> {
    policy().prop_flat_map(|p| {
        let origin = prop_oneof![3 => near(p.origins.clone()), 1 => origin()].boxed();
        let request = prop_oneof![
            2 => request_with(origin.clone()),
            1 => preflight_with(origin),
        ];
        (Just(p), proptest::collection::vec(request, 1..6))
    })
}
