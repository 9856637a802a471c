//! `cors-doctor`'s judging of arbitrary answers: any status and any response headers for the
//! preflight and the actual request, for fetches of several shapes. It never panics (text and
//! JSON reports included), and its verdict follows the Fetch standard's rules, checked here
//! independently: an allowed fetch got exactly one `Access-Control-Allow-Origin`, the page's
//! origin or (without credentials) `*`, and with credentials `Access-Control-Allow-Credentials:
//! true`; a blocked one names its stage; the exit code follows the verdict and the findings.
//! The probe judging too: arbitrary answers to the probe origins (foreign, `null`, the
//! look-alikes of the page's origin): a probe is granted only when its answer holds exactly
//! its origin, every look-alike finding names a granted probe, and a security one was granted
//! with credentials.
#![no_main]

use arbitrary::Arbitrary;
use cors_doctor::probe::Exchange;
use cors_doctor::{Options, judge, judge_probes, probe_origins, report};
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
    /// Answers to the probes, in order (the rest unanswered: not sent).
    probes: Vec<Answer>,
    /// Answers that echo the probe's origin, by index.
    echoes: Vec<u8>,
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
    let security = report
        .findings
        .iter()
        .any(|f| f.severity == cors_doctor::Severity::Security);
    match report.exit_code() {
        0 => assert!(report.allowed && !security),
        1 => assert!(!report.allowed && !security),
        3 => assert!(security),
        other => panic!("exit code {other}"),
    }
    judge_probe_answers(&input);
    let judged_actual = report
        .exchanges
        .iter()
        .find(|(label, _)| *label == "actual");
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

fn judge_probe_answers(input: &Input) {
    let answers: Vec<_> = probe_origins(ORIGIN)
        .into_iter()
        .zip(&input.probes)
        .enumerate()
        .map(|(i, (probe, answer))| {
            let mut exchange = answer.exchange();
            if let Ok(origin) = HeaderValue::from_str(&probe.origin) {
                exchange
                    .request
                    .headers_mut()
                    .insert("origin", origin.clone());
                if input.echoes.contains(&(i as u8)) {
                    exchange
                        .response
                        .headers_mut()
                        .insert("access-control-allow-origin", origin);
                }
            }
            (probe, exchange)
        })
        .collect();
    let (results, findings) = judge_probes(ORIGIN, answers);
    for r in &results {
        let acao: Vec<&[u8]> = r
            .exchange
            .headers()
            .get_all("access-control-allow-origin")
            .iter()
            .map(HeaderValue::as_bytes)
            .collect();
        assert_eq!(r.granted, acao == [r.origin.as_bytes()], "{}", r.origin);
        assert!(r.granted || !r.credentials);
    }
    for f in &findings {
        if f.code.starts_with("trusts-") && f.code != "trusts-any-subdomain" {
            let probe = results
                .iter()
                .find(|r| r.granted && f.detail.contains(&format!("`{}`", r.origin)))
                .unwrap_or_else(|| panic!("{f:?} names no granted probe"));
            if f.severity == cors_doctor::Severity::Security {
                assert!(probe.credentials, "{f:?}");
            }
        }
    }
}
