//! Why a browser refuses a scenario's fetch, and the phrase each engine's console prints for
//! it. A change in an engine's wording fails the scenarios that expect it.

use crate::engine::Engine;

/// The reason a scenario expects the browser to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// The response carries no `Access-Control-Allow-Origin` (the origin was refused).
    NoAllowOrigin,
    /// The preflight's answer carries no `Access-Control-Allow-Origin`.
    PreflightNoAllowOrigin,
    /// A requested header (lower case, as browsers send it) is not allowed by the preflight.
    HeaderNotAllowed(&'static str),
    /// The method (as the page wrote it) is not allowed by the preflight.
    MethodNotAllowed(&'static str),
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    WildcardWithCredentials,
    /// A credentialed request's response without `Access-Control-Allow-Credentials: true`.
    MissingAllowCredentials,
}

impl Why {
    /// The phrase `engine`'s console message for this refusal contains.
    pub(crate) fn phrase(&self, engine: Engine) -> String {
        match engine {
            Engine::Chromium => self.chromium(),
            Engine::Firefox => self.firefox(),
            Engine::WebKit => self.webkit(),
        }
    }

    fn chromium(&self) -> String {
        const NO_ACAO: &str =
            "No 'Access-Control-Allow-Origin' header is present on the requested resource";
        match self {
            Self::NoAllowOrigin => NO_ACAO.to_owned(),
            Self::PreflightNoAllowOrigin => {
                format!(
                    "Response to preflight request doesn't pass access control check: {NO_ACAO}"
                )
            }
            Self::HeaderNotAllowed(name) => format!(
                "Request header field {name} is not allowed by Access-Control-Allow-Headers in \
                 preflight response"
            ),
            Self::MethodNotAllowed(method) => format!(
                "Method {method} is not allowed by Access-Control-Allow-Methods in preflight response"
            ),
            Self::WildcardWithCredentials => "must not be the wildcard '*' when the request's \
                                              credentials mode is 'include'"
                .to_owned(),
            Self::MissingAllowCredentials => "The value of the 'Access-Control-Allow-Credentials' \
                                              header in the response is '' which must be 'true'"
                .to_owned(),
        }
    }

    /// Firefox prints `[<reason code>] Cross-Origin Request Blocked: ... (Reason: <text>)`.
    fn firefox(&self) -> String {
        match self {
            Self::NoAllowOrigin | Self::PreflightNoAllowOrigin => {
                "[CORSMissingAllowOrigin2] Cross-Origin Request Blocked".to_owned()
            }
            Self::HeaderNotAllowed(name) => format!(
                "(Reason: header ‘{name}’ is not allowed according to header \
                 ‘Access-Control-Allow-Headers’ from CORS preflight response)"
            ),
            Self::MethodNotAllowed(_) => {
                "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)"
                    .to_owned()
            }
            Self::WildcardWithCredentials => "(Reason: Credential is not supported if the CORS \
                                              header ‘Access-Control-Allow-Origin’ is ‘*’)"
                .to_owned(),
            Self::MissingAllowCredentials => {
                "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)"
                    .to_owned()
            }
        }
    }

    /// WebKit prints `CONSOLE SECURITY ERROR <text>`, then the fetch's URL on another line.
    fn webkit(&self) -> String {
        match self {
            Self::NoAllowOrigin => "is not allowed by Access-Control-Allow-Origin".to_owned(),
            // WebKit checks the preflight's status first (tower-cors refuses with 403).
            Self::PreflightNoAllowOrigin => {
                "Preflight response is not successful. Status code: 403".to_owned()
            }
            Self::HeaderNotAllowed(name) => format!(
                "Request header field {} is not allowed by Access-Control-Allow-Headers.",
                webkit_header_name(name)
            ),
            Self::MethodNotAllowed(method) => {
                format!("Method {method} is not allowed by Access-Control-Allow-Methods.")
            }
            Self::WildcardWithCredentials => {
                "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                    .to_owned()
            }
            Self::MissingAllowCredentials => "Access-Control-Allow-Credentials".to_owned(),
        }
    }
}

/// How WebKit writes a header name in its messages: the names it knows in their canonical
/// case (`Authorization`, `Content-Type`), any other as the page wrote it.
fn webkit_header_name(name: &str) -> String {
    const KNOWN: &[&str] = &["Authorization", "Content-Type", "Accept", "Cache-Control"];
    KNOWN
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_owned(), |known| (*known).to_owned())
}
