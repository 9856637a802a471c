//! The Local Network Access scenarios: the APIs, the cases, and what each engine must show
//! for each (what the page read, what reached the API, the console), in the words of the
//! crate's explanation where it has one.

use crate::engine::Engine;
use crate::refusal::Why;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Api {
    Plain,
    Pna,
    Unlisted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RunKind {
    Denied,
    Granted,
    AsShipped,
}

impl RunKind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Denied => "denied",
            Self::Granted => "granted",
            Self::AsShipped => "as_shipped",
        }
    }
}

pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) api: Api,
    /// PUT with `x-custom` (preflighted), or a simple GET.
    pub(super) preflighted: bool,
    pub(super) target_address_space: Option<&'static str>,
}

pub(super) const fn case(
    name: &'static str,
    api: Api,
    preflighted: bool,
    target_address_space: Option<&'static str>,
) -> Case {
    Case {
        name,
        api,
        preflighted,
        target_address_space,
    }
}

pub(super) const CASES: [Case; 8] = [
    case("simple_get", Api::Plain, false, None),
    case("preflighted_put", Api::Plain, true, None),
    case("target_local", Api::Plain, false, Some("local")),
    case("target_private", Api::Plain, false, Some("private")),
    case("target_loopback", Api::Plain, false, Some("loopback")),
    case("pna_simple_get", Api::Pna, false, None),
    case("pna_preflighted_put", Api::Pna, true, None),
    case("unlisted_origin_get", Api::Unlisted, false, None),
];

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    Read(u16),
    Rejected,
    /// Unanswered until the page aborted it.
    Pending,
    /// Rejected, or unanswered until the page aborted it (Firefox's prompt).
    Refused,
}

/// A console line the case must have.
#[derive(Debug)]
pub(super) enum Line {
    Exact(String),
    Contains(String),
}

pub(super) struct Expect {
    pub(super) outcome: Outcome,
    /// (preflights, other requests) the API saw.
    pub(super) counts: (usize, usize),
    pub(super) console: Vec<Line>,
}

/// The crate's explanation of a call from the page (loopback, told it is public) to `url`.
pub(super) fn lna_explanation(page: &str, url: &str) -> tower_cors::diagnostics::Explanation {
    use tower_cors::diagnostics::{AddressSpace, local_network_access_between};
    local_network_access_between(page, AddressSpace::Public, url, AddressSpace::Loopback)
        .expect("a public page calling loopback")
}

/// Chromium's refusal for a request the permission (or `targetAddressSpace`) stops, in the
/// words of the crate's explanation (so the suite proves them against the console).
pub(super) fn chromium_lna(url: &str, page: &str, target: Option<&str>) -> String {
    let why = match target {
        Some(declared @ ("local" | "private")) => {
            tower_cors::diagnostics::local_network_wrong_target(declared, url)
                .expect("the target is loopback, not local")
        }
        _ => lna_explanation(page, url).chrome.expect("Chromium's text"),
    };
    format!(
        "Access to fetch at '{url}' from origin '{page}' has been blocked by CORS policy: {why}"
    )
}

pub(super) fn expect(engine: Engine, run: RunKind, case: &Case, url: &str, page: &str) -> Expect {
    let read = |console: Vec<Line>| {
        if case.api == Api::Unlisted {
            let mut console = console;
            console.push(Line::Contains(Why::NoAllowOrigin.phrase(engine)));
            Expect {
                outcome: Outcome::Rejected,
                counts: (0, 1),
                console,
            }
        } else {
            Expect {
                outcome: Outcome::Read(200),
                counts: (usize::from(case.preflighted), 1),
                console,
            }
        }
    };
    let local_target = matches!(case.target_address_space, Some("local" | "private"));
    match (engine, run) {
        (Engine::Chromium, RunKind::Granted) if !local_target => read(Vec::new()),
        (Engine::Chromium, _) => Expect {
            outcome: Outcome::Rejected,
            counts: (0, 0),
            console: vec![Line::Exact(chromium_lna(
                url,
                page,
                case.target_address_space,
            ))],
        },
        // Firefox asks (a prompt, denied in headless: `prompt action: prompt_deny`, or left
        // unanswered); the run must show at least one "permission required" line.
        (Engine::Firefox, RunKind::Denied) => Expect {
            outcome: Outcome::Refused,
            counts: (0, 0),
            console: Vec::new(),
        },
        (Engine::Firefox, _) => read(vec![Line::Contains(format!(
            "[Security] Local Network Access detected: top-level site “{page}/”, initiator \
             “{page}/”, accessing target “{url}”"
        ))]),
        (Engine::WebKit, _) => read(Vec::new()),
    }
}
