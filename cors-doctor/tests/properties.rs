//! Properties of the probe judging, over generated origins and servers: a server that grants
//! exactly one origin, the page's, never yields a look-alike, subdomain, insecure-origin,
//! reflection or cache finding, whatever else it answers (credentials, `Vary`, status); and
//! one that grants every origin it is sent is always found.

use cors_doctor::probe::Exchange;
use cors_doctor::{Options, judge_probes, probe_origins};
use http::{HeaderValue, Response, header};
use proptest::prelude::*;
use tower_cors::testing::BrowserRequest;

/// A page origin: http or https, one to three labels under a suffix, maybe a port.
fn origin() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("https"), Just("http")],
        prop::collection::vec("[a-z][a-z0-9-]{0,6}[a-z0-9]", 1..4),
        prop_oneof![
            Just("com"),
            Just("io"),
            Just("co.uk"),
            Just("dev"),
            Just("net")
        ],
        prop::option::of(1u16..65535),
    )
        .prop_map(|(scheme, labels, suffix, port)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            format!("{scheme}://{}.{suffix}{port}", labels.join("."))
        })
}

/// How the server answers besides `Access-Control-Allow-Origin`.
#[derive(Debug, Clone)]
struct Manner {
    credentials: bool,
    vary: bool,
    status: u16,
    preflight: bool,
}

fn manner() -> impl Strategy<Value = Manner> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(200u16), Just(204), Just(403), Just(404)],
        any::<bool>(),
    )
        .prop_map(|(credentials, vary, status, preflight)| Manner {
            credentials,
            vary,
            status,
            preflight,
        })
}

/// The answers of a server that grants the origins `grants` says yes to.
fn answers(
    page: &str,
    manner: &Manner,
    grants: impl Fn(&str) -> bool,
) -> Vec<(cors_doctor::ProbeOrigin, Exchange)> {
    let method = if manner.preflight { "PUT" } else { "GET" };
    let browser = BrowserRequest::new(page, method).with_credentials();
    probe_origins(page)
        .into_iter()
        .map(|probe| {
            let request = cors_doctor::origins::request(&browser, &probe.origin).unwrap();
            let mut response = Response::new(());
            *response.status_mut() = http::StatusCode::from_u16(manner.status).unwrap();
            let headers = response.headers_mut();
            if grants(&probe.origin) {
                let value = HeaderValue::from_str(&probe.origin).unwrap();
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
            if manner.credentials {
                let yes = HeaderValue::from_static("true");
                headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, yes);
            }
            if manner.vary {
                headers.insert(header::VARY, HeaderValue::from_static("Origin"));
            }
            (probe, Exchange { request, response })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_server_granting_exactly_one_origin_never_yields_a_lookalike_finding(
        page in origin(),
        manner in manner(),
    ) {
        let probes = probe_origins(&page);
        prop_assert!(probes.iter().all(|p| p.origin != page), "the page is never probed");
        let (results, findings) = judge_probes(&page, answers(&page, &manner, |o| o == page));
        prop_assert!(results.iter().all(|r| !r.granted));
        prop_assert!(findings.is_empty(), "{page}: {findings:?}");
    }

    #[test]
    fn a_server_granting_every_origin_is_found_reflecting(page in origin(), manner in manner()) {
        let (results, findings) = judge_probes(&page, answers(&page, &manner, |_| true));
        prop_assert!(results.iter().all(|r| r.granted && r.credentials == manner.credentials));
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        prop_assert_eq!(codes, ["reflects-any-origin", "null-origin-allowed"]);
    }
}

#[test]
fn the_options_parse_a_url_list_and_the_request_budget() {
    let args = [
        "--urls",
        "list.txt",
        "--origin",
        "https://a.example.com",
        "--max-requests",
        "5",
    ];
    let options = Options::parse(args.map(str::to_owned)).unwrap();
    assert_eq!(options.max_requests, 5);
    assert!(options.url.is_empty());
    let lines = cors_doctor::args::url_lines("# a\nhttp://x/ # b\n\n  http://y/\n");
    assert_eq!(lines, ["http://x/", "http://y/"]);
    for bad in [
        &["http://x/", "--urls", "f", "--origin", "o"][..],
        &["--origin", "o"],
    ] {
        assert!(Options::parse(bad.iter().map(|s| (*s).to_owned())).is_err());
    }
}
