//! `cors-doctor`'s judging of arbitrary answers: any status and any response headers for the
//! preflight and the actual request, for fetches of several shapes. It never panics (text and
//! JSON reports included), and its verdict follows the Fetch standard's rules, checked here
//! independently: an allowed fetch got exactly one `Access-Control-Allow-Origin`, the page's
//! origin or (without credentials) `*`, and with credentials `Access-Control-Allow-Credentials:
//! true`; a blocked one names its stage; the exit code follows the verdict.
#![no_main]

use arbitrary::Arbitrary;
use cors_doctor::probe::Exchange;
use cors_doctor::{Options, judge, report};
use http::{HeaderName, HeaderValue, Request, Response};
use libfuzzer_sys::fuzz_target;

const ORIGIN: &str = "https://app.example.com";

const NAMES: &[&str] = &[
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
    "vary",
    "location",
    "content-length",
];

const VALUES: &[&str] = &[
    "https://app.example.com",
    "*",
    "null",
    "https://app.example.com, https://app.example.com",
    "https://APP.example.com",
    "true",
    "TRUE",
    "PUT",
    "put",
    "GET, PUT, DELETE",
    "x-debug",
    "x-debug, content-type",
    "origin",
    "Origin, Accept-Encoding",
    "0",
    "",
    "https://elsewhere.test/",
];

#[derive(Arbitrary, Debug)]
enum Text {
    Pick(u8),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Answer {
    status: u16,
    headers: Vec<(u8, Text)>,
}

impl Answer {
    fn exchange(&self) -> Exchange {
        let mut response = Response::new(());
        *response.status_mut() =
            http::StatusCode::from_u16(100 + self.status % 500).unwrap_or_default();
        for (name, value) in self.headers.iter().take(12) {
            let name = HeaderName::from_static(NAMES[usize::from(*name) % NAMES.len()]);
            let value = match value {
                Text::Pick(i) => HeaderValue::from_static(VALUES[usize::from(*i) % VALUES.len()]),
                Text::Raw(bytes) => match HeaderValue::from_bytes(bytes) {
                    Ok(v) => v,
                    Err(_) => continue,
                },
            };
            response.headers_mut().append(name, value);
        }
        Exchange {
            request: Request::new(()),
            response,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    method: u8,
    header: Option<u8>,
    credentials: bool,
    preflight: Option<Answer>,
    actual: Option<Answer>,
}

fuzz_target!(|input: Input| {
    let method = ["GET", "PUT", "POST", "DELETE", "PATCH"][usize::from(input.method) % 5];
    let mut args = vec![
        "http://127.0.0.1:1/api".to_owned(),
        "--origin".to_owned(),
        ORIGIN.to_owned(),
        "--method".to_owned(),
        method.to_owned(),
    ];
    if let Some(h) = input.header {
        args.push("--header".to_owned());
        args.push(["x-debug", "content-type", "authorization"][usize::from(h) % 3].to_owned());
    }
    if input.credentials {
        args.push("--credentials".to_owned());
    }
    let options = Options::parse(args).expect("valid arguments");
    let preflight = input.preflight.as_ref().map(Answer::exchange);
    let actual = input.actual.as_ref().map(Answer::exchange);
    let report = judge(&options, preflight, actual.clone());
    let _ = report::text(&report);
    let _ = report::json(&report);

    assert_eq!(report.allowed, report.error.is_none());
    assert_eq!(report.allowed, report.stage.is_none());
    match report.exit_code() {
        1 => assert!(!report.allowed),
        0 | 3 => assert!(report.allowed),
        other => panic!("exit code {other}"),
    }
    let judged_actual = report.exchanges.iter().find(|(label, _)| *label == "actual");
    if report.allowed {
        if let Some((_, actual)) = judged_actual {
            let acao: Vec<&[u8]> = actual
                .headers()
                .get_all("access-control-allow-origin")
                .iter()
                .map(HeaderValue::as_bytes)
                .collect();
            match acao.as_slice() {
                [b"*"] => assert!(!input.credentials, "`*` allowed a credentialed fetch"),
                [one] => assert_eq!(*one, ORIGIN.as_bytes(), "another origin allowed the page"),
                other => panic!("allowed with {} allow-origin values", other.len()),
            }
            if input.credentials {
                assert_eq!(
                    actual
                        .headers()
                        .get_all("access-control-allow-credentials")
                        .iter()
                        .map(HeaderValue::as_bytes)
                        .collect::<Vec<_>>(),
                    [b"true"],
                    "a credentialed fetch allowed without allow-credentials: true"
                );
            }
        }
    }
});
