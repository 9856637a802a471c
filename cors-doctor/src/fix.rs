//! What to change on the server: the fix of each refusal in HTTP terms, and, when the answers
//! look like tower-cors's or tower-http's, the builder call (and tower-cors's configuration
//! key, as `tower_cors::diagnostics::Explanation` names it).

use http::header;
use tower_cors::testing::CorsError;

use crate::probe::Exchange;

/// The server-side change for `error`, in HTTP terms.
pub(crate) fn fix(error: &CorsError, origin: &str) -> String {
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
pub(crate) enum Server {
    /// tower-cors: preflights answered 204 (403 when the origin is refused) with a lower-case
    /// `vary: origin`; actual responses with exactly `vary: origin`.
    TowerCors,
    /// tower-http: every `OPTIONS` answered 200 with an empty body, and no `Vary` or
    /// `vary: origin, access-control-request-method, access-control-request-headers`.
    TowerHttp,
}

pub(crate) fn recognise(exchanges: &[(&'static str, Exchange)]) -> Option<Server> {
    let vary = |e: &Exchange| -> Vec<Vec<u8>> {
        e.headers()
            .get_all(header::VARY)
            .iter()
            .map(|v| v.as_bytes().to_vec())
            .collect()
    };
    let Some((_, preflight)) = exchanges.iter().find(|(label, _)| *label == "preflight") else {
        // A simple request: tower-cors's own `vary: origin`, lower case, alone.
        let (_, actual) = exchanges.iter().find(|(label, _)| *label == "actual")?;
        return (vary(actual) == [b"origin".to_vec()]).then_some(Server::TowerCors);
    };
    let vary = vary(preflight);
    let empty = preflight
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v == "0");
    let tower_http: &[u8] =
        b"origin, access-control-request-method, access-control-request-headers";
    match (preflight.status().as_u16(), vary.as_slice()) {
        (200, []) if empty => Some(Server::TowerHttp),
        (200, [v]) if empty && v == tower_http => Some(Server::TowerHttp),
        (204 | 403, [v]) if v.starts_with(b"origin") => Some(Server::TowerCors),
        _ => None,
    }
}

impl Server {
    /// The builder call that would allow the request, and tower-cors's configuration key.
    pub(crate) fn builder(
        self,
        error: &CorsError,
        origin: &str,
    ) -> Option<(String, Option<&'static str>)> {
        Some(match (self, error) {
            (Self::TowerCors, CorsError::MethodNotAllowed(m)) => {
                (format!(".allow_method({m:?})"), Some("allow_methods"))
            }
            (Self::TowerCors, CorsError::HeaderNotAllowed(h)) => {
                (format!(".allow_header({h:?})"), Some("allow_headers"))
            }
            (Self::TowerCors, CorsError::NoAllowOrigin { .. }) => {
                (format!(".allow_origin({origin:?})"), Some("allow_origins"))
            }
            (Self::TowerCors, CorsError::MissingAllowCredentials { .. }) => (
                ".allow_credentials(true)".to_owned(),
                Some("allow_credentials"),
            ),
            (Self::TowerHttp, CorsError::MissingAllowCredentials { .. }) => {
                (".allow_credentials(true)".to_owned(), None)
            }
            (Self::TowerHttp, CorsError::MethodNotAllowed(m)) => (
                format!(".allow_methods([Method::from_bytes(b{m:?})?])"),
                None,
            ),
            (Self::TowerHttp, CorsError::HeaderNotAllowed(h)) => (
                format!(".allow_headers([HeaderName::from_static({h:?})])"),
                None,
            ),
            (
                Self::TowerHttp,
                CorsError::NoAllowOrigin { .. } | CorsError::AllowOriginMismatch { .. },
            ) => (
                format!(".allow_origin(HeaderValue::from_static({origin:?}))"),
                None,
            ),
            _ => return None,
        })
    }

    /// A finding's fix in this library's terms, when it has one.
    pub(crate) fn finding_fix(self, code: &str) -> Option<String> {
        Some(match (self, code) {
            (Self::TowerCors, "trusts-any-subdomain") => {
                "list the subdomains that may read it, `.allow_origins([\"https://app.example.com\", \
                 ...])` (config key `allow_origins`), instead of a `https://*.example.com` \
                 pattern, unless every subdomain is yours and none serves user content"
                    .to_owned()
            }
            (Self::TowerCors, "trusts-lookalike-origin" | "trusts-insecure-origin") => {
                "replace the predicate or regex with the exact origins, `.allow_origins([...])` \
                 (config key `allow_origins`): patterns are anchored and probed by `build()`, \
                 predicates are not"
                    .to_owned()
            }
            (Self::TowerHttp, "reflects-any-origin" | "null-origin-allowed") => {
                "replace `AllowOrigin::mirror_request()` (or `very_permissive()`) with \
                 `.allow_origin([HeaderValue::from_static(\"https://...\")])`, the origins that \
                 may read it"
                    .to_owned()
            }
            _ => return None,
        })
    }
}
