//! The RPC scenarios: which npm client calls which server from which page origin, and what
//! the page, the console and the server must show.

use serde_json::{Value, json};

use super::greeter::{FAIL, FAIL_CODE, FAIL_MESSAGE, FAIL_REASON, request_id};
use super::proto::{base64, rpc_status};
use crate::engine::Engine;
use crate::refusal::Why;

/// How long one call may take in the page.
pub(crate) const CALL_TIMEOUT_MS: u64 = 5_000;

/// The npm client a case calls with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Client {
    /// `@connectrpc/connect-web`'s `createConnectTransport`, JSON (`application/json`).
    ConnectJson,
    /// The same with `useBinaryFormat: true` (`application/proto`).
    ConnectProto,
    /// `@connectrpc/connect-web`'s `createGrpcWebTransport` (`application/grpc-web+proto`).
    ConnectGrpcWeb,
    /// Google's `grpc-web` (`GrpcWebClientBase`, XMLHttpRequest, `application/grpc-web-text`).
    GoogleGrpcWeb,
}

impl Client {
    fn js(self) -> &'static str {
        match self {
            Self::ConnectJson => "connect",
            Self::ConnectProto => "connect-proto",
            Self::ConnectGrpcWeb => "grpc-web",
            Self::GoogleGrpcWeb => "google-grpc-web",
        }
    }
}

/// The server a case calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Server {
    /// tonic + `GrpcWebLayer` behind `CorsConfig::grpc_web()`.
    Tonic,
    /// The Connect endpoint behind `CorsConfig::connect()`.
    Connect,
    /// Control: the Connect endpoint behind the old `connect()` list (no `content-type`).
    ConnectWithoutContentType,
}

/// What the page must read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expect {
    /// The greeting and the exposed `x-request-id`.
    Greeting,
    /// The error: code `INVALID_ARGUMENT`, its message, `x-request-id` and the
    /// `ErrorDetail`: parsed by connect-web, or for Google's grpc-web (which has no API for
    /// details) the raw `grpc-status-details-bin` metadata.
    Failure,
    /// The call fails without a response; the console names this reason.
    Refused(Why),
}

#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) client: Client,
    pub(crate) server: Server,
    /// Called from `http://localhost:<page port>` (not listed) instead of the top page.
    pub(crate) unlisted_origin: bool,
    pub(crate) expect: Expect,
    /// Preflights, other requests and handler runs the server must have seen.
    pub(crate) counts: (usize, usize, usize),
}

fn case(name: &'static str, client: Client, server: Server, expect: Expect) -> Case {
    let counts = match expect {
        Expect::Refused(_) => (1, 0, 0),
        _ => (1, 1, 1),
    };
    Case {
        name,
        client,
        server,
        unlisted_origin: false,
        expect,
        counts,
    }
}

impl Case {
    fn unlisted(mut self) -> Self {
        self.unlisted_origin = true;
        self
    }

    /// The name the page sends: `fail` makes the call fail.
    fn who(&self) -> &'static str {
        match self.expect {
            Expect::Failure => FAIL,
            _ => "world",
        }
    }

    /// The case as the page's `CASES` entry; `base` is the server's `http://host:port`.
    pub(crate) fn js(&self, base: &str, frame_origin: &str) -> Value {
        json!({
            "name": self.name,
            "client": self.client.js(),
            "baseUrl": format!("{base}/{}", self.name),
            "who": self.who(),
            "frame": self.unlisted_origin.then_some(frame_origin),
            "timeoutMs": CALL_TIMEOUT_MS,
        })
    }
}

/// The scenarios, in `engine` (no engine deviates).
pub(crate) fn cases(_engine: Engine) -> Vec<Case> {
    use Client::{ConnectGrpcWeb, ConnectJson, ConnectProto, GoogleGrpcWeb};
    use Expect::{Failure, Greeting};
    use Server::{Connect, ConnectWithoutContentType, Tonic};
    let listed = [
        (
            "connect_json_reads_the_greeting_and_exposed_header",
            ConnectJson,
            Connect,
            Greeting,
        ),
        (
            "connect_proto_reads_the_greeting_and_exposed_header",
            ConnectProto,
            Connect,
            Greeting,
        ),
        (
            "connect_json_error_has_code_message_and_details",
            ConnectJson,
            Connect,
            Failure,
        ),
        (
            "connect_proto_error_has_code_message_and_details",
            ConnectProto,
            Connect,
            Failure,
        ),
        (
            "connect_grpc_web_reads_the_greeting_and_exposed_header",
            ConnectGrpcWeb,
            Tonic,
            Greeting,
        ),
        (
            "connect_grpc_web_error_has_code_message_and_details",
            ConnectGrpcWeb,
            Tonic,
            Failure,
        ),
        (
            "google_grpc_web_reads_the_greeting_and_exposed_header",
            GoogleGrpcWeb,
            Tonic,
            Greeting,
        ),
        (
            "google_grpc_web_error_has_code_message_and_raw_details",
            GoogleGrpcWeb,
            Tonic,
            Failure,
        ),
    ];
    let unlisted = [
        (
            "connect_json_from_unlisted_origin_is_refused",
            ConnectJson,
            Connect,
        ),
        (
            "connect_grpc_web_from_unlisted_origin_is_refused",
            ConnectGrpcWeb,
            Tonic,
        ),
        (
            "google_grpc_web_from_unlisted_origin_is_refused",
            GoogleGrpcWeb,
            Tonic,
        ),
    ];
    let mut cases: Vec<Case> = listed
        .into_iter()
        .map(|(name, client, server, expect)| case(name, client, server, expect))
        .collect();
    for (name, client, server) in unlisted {
        let refused = Expect::Refused(Why::PreflightNoAllowOrigin);
        cases.push(case(name, client, server, refused).unlisted());
    }
    // The old `connect()` list: Connect's own preflight asks for `content-type`.
    cases.push(case(
        "control_connect_without_content_type_allowed_is_refused",
        ConnectJson,
        ConnectWithoutContentType,
        Expect::Refused(Why::HeaderNotAllowed("content-type")),
    ));
    cases
}

/// Checks what the page read against the case; `Ok` is a one-line summary.
pub(crate) fn check_page(case: &Case, got: Option<&Value>) -> Result<String, Vec<String>> {
    let Some(got) = got else {
        return Err(vec!["the page reported no result".to_owned()]);
    };
    let mut problems = Vec::new();
    let outcome = got["outcome"].as_str().unwrap_or_default();
    let mut expect = |what: &str, want: Value, have: &Value| {
        if *have != want {
            problems.push(format!("expected {what} {want}, the page read {have}"));
        }
    };
    let id = json!(request_id(case.name));
    match &case.expect {
        Expect::Greeting => {
            expect("outcome", json!("ok"), &got["outcome"]);
            expect("message", json!("Hello, world!"), &got["message"]);
            expect("x-request-id", id, &got["header"]);
        }
        Expect::Failure => {
            expect("outcome", json!("error"), &got["outcome"]);
            expect("code", json!(FAIL_CODE as i32), &got["code"]);
            expect("error message", json!(FAIL_MESSAGE), &got["error"]);
            if case.client == Client::GoogleGrpcWeb {
                let status = rpc_status(FAIL_CODE as i32, FAIL_MESSAGE, FAIL_REASON);
                let raw = json!(base64(&status));
                expect("grpc-status-details-bin", raw, &got["detailsBin"]);
            } else {
                expect("details", json!([FAIL_REASON]), &got["details"]);
            }
            expect("x-request-id", id, &got["header"]);
        }
        Expect::Refused(_) => {
            expect("outcome", json!("error"), &got["outcome"]);
            if got["header"].as_str().is_some() || got["message"].as_str().is_some() {
                problems.push(format!("the page read a response: {got}"));
            }
        }
    }
    if problems.is_empty() {
        Ok(match outcome {
            "ok" => format!("read {}", got["message"]),
            _ => format!("error code {} {}", got["code"], got["error"]),
        })
    } else {
        Err(problems)
    }
}
