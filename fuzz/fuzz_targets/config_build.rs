//! `CorsConfig::build` on arbitrary inputs: never panics, and every accepted policy obeys the
//! invariants (checked against the reference model on probe requests: the configured origins,
//! their look-alikes and attacker origins).
#![no_main]

#[path = "../../tests/support/check.rs"]
mod check;
#[path = "../../tests/support/reference.rs"]
mod reference;

use std::time::Duration;

use arbitrary::Arbitrary;
use http::StatusCode;
use libfuzzer_sys::fuzz_target;
use tower_cors::CorsConfig;

const ORIGINS: &[&str] = &[
    "*",
    "https://example.com",
    "https://*.example.com",
    "http://localhost:*",
    "https://*.github.io",
    "https://*.com",
    "http://example.com",
    "null",
    "file://",
    "https://a.example.com:*",
    "http://[::1]:*",
    "https://127.0.0.1",
    "https://example.com:443",
    "https://example.com/",
    "https://EXAMPLE.com",
    "example.com",
    "https://*.*.example.com",
    "https://ex*ample.com",
];
const METHODS: &[&str] = &[
    "*", "GET", "put", "PATCH", "CONNECT", "track", "a b", "", "x-m",
];
const HEADERS: &[&str] = &[
    "*",
    "authorization",
    "Content-Type",
    "cookie",
    "sec-foo",
    "proxy-x",
    "access-control-allow-origin",
    "x-a",
    "a b",
    "",
    "set-cookie",
    "origin",
    "content-length",
];

#[derive(Arbitrary, Debug)]
enum S {
    Known(u8),
    Raw(String),
}

impl S {
    fn get(&self, table: &[&str]) -> String {
        match self {
            Self::Known(i) => table[*i as usize % table.len()].to_owned(),
            Self::Raw(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    origins: Vec<S>,
    methods: Vec<S>,
    headers: Vec<S>,
    exposed: Vec<S>,
    credentials: bool,
    max_age: Option<(u32, u32)>,
    private_network: bool,
    preflight_status: Option<u16>,
    refusal_status: Option<u16>,
    insecure: bool,
    public_suffix: bool,
    probes: Vec<Vec<u8>>,
}

const ATTACKERS: &[&str] = &[
    "https://evil.test",
    "null",
    "https://example.com.evil.test",
    "https://evil-example.com",
    "https://evilexample.com",
    "http://example.com",
    "https://example.community",
];

fuzz_target!(|input: Input| {
    let model = reference::Policy {
        origins: input.origins.iter().map(|s| s.get(ORIGINS)).collect(),
        methods: input.methods.iter().map(|s| s.get(METHODS)).collect(),
        headers: input.headers.iter().map(|s| s.get(HEADERS)).collect(),
        exposed: input.exposed.iter().map(|s| s.get(HEADERS)).collect(),
        credentials: input.credentials,
        max_age: None,
        private_network: input.private_network,
        preflight_status: input.preflight_status.unwrap_or(204),
        refusal_status: input.refusal_status.unwrap_or(403),
    };
    let mut config = CorsConfig::new()
        .allow_origins(model.origins.iter().cloned())
        .allow_methods(&model.methods)
        .allow_headers(&model.headers)
        .expose_headers(&model.exposed)
        .allow_credentials(model.credentials)
        .allow_private_network(model.private_network);
    let mut model = model;
    if let Some((secs, nanos)) = input.max_age {
        let age = Duration::new(u64::from(secs), nanos % 1_000_000_000);
        config = config.max_age(age);
        model.max_age = Some(age.as_secs());
    }
    if let Some(s) = input
        .preflight_status
        .and_then(|s| StatusCode::from_u16(s).ok())
    {
        config = config.preflight_status(s);
    } else {
        model.preflight_status = 204;
    }
    if let Some(s) = input
        .refusal_status
        .and_then(|s| StatusCode::from_u16(s).ok())
    {
        config = config.refusal_status(s);
    } else {
        model.refusal_status = 403;
    }
    if input.insecure {
        config = config.dangerously_allow_insecure_origins();
    }
    if input.public_suffix {
        config = config.dangerously_allow_public_suffix_wildcards();
    }
    let policy = match config.build() {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.problems().is_empty());
            let _ = e.to_string();
            return;
        }
    };
    // Accepted: the static invariants.
    let any = model.origins.iter().any(|o| o == "*");
    assert!(!(policy.allows_credentials() && policy.origins().allows_any()));
    assert_eq!(policy.origins().allows_any(), any);
    if model.credentials {
        assert!(
            !model.exposed.iter().any(|h| h == "*"),
            "expose * with credentials accepted"
        );
    }
    for o in &model.origins {
        assert!(!o.eq_ignore_ascii_case("null"), "null accepted");
        if !o.contains('*') {
            assert!(
                reference::parse_origin(o).is_some(),
                "accepted {o:?}, not a browser origin"
            );
            assert!(
                policy.origins().matches(o.as_bytes()),
                "{o:?} does not match itself"
            );
        }
    }
    assert!(any || !policy.origins().matches(b"null"));
    // Probe requests: the model and the invariants must agree with the compiled policy.
    let mut probes: Vec<Vec<u8>> = model
        .origins
        .iter()
        .map(|o| o.as_bytes().to_vec())
        .collect();
    probes.extend(ATTACKERS.iter().map(|a| a.as_bytes().to_vec()));
    probes.extend(input.probes.iter().take(8).cloned());
    for origin in probes {
        for (method, acrm) in [
            (&b"GET"[..], None),
            (b"OPTIONS", Some(&b"PUT"[..])),
            (b"OPTIONS", Some(b"x-m")),
        ] {
            let mut headers = vec![("origin".to_owned(), origin.clone())];
            if let Some(m) = acrm {
                headers.push(("access-control-request-method".to_owned(), m.to_vec()));
                headers.push((
                    "access-control-request-headers".to_owned(),
                    b"authorization,x-a".to_vec(),
                ));
            }
            let request = reference::Request {
                method: method.to_vec(),
                headers,
            };
            if let Err(e) = check::check_decision(&model, &policy, &request, &[]) {
                panic!("{e}\npolicy: {model:?}\nrequest: {request:?}");
            }
        }
    }
});
