//! What each browser prints in its console for each reason, in one place: the explanations of
//! [`Refusal`](crate::Refusal)s and the browser model of the `testing` feature both read it.
//!
//! Checked against the engines themselves by the browser suite (Chromium 156, Firefox ESR 153,
//! WebKitGTK 2.50): where an engine's wording changes, the suite fails. Firefox writes header
//! names in typographic quotes (‘ ’); WebKit writes the header names it knows in their
//! canonical case (`Authorization`) and any other as the page wrote it.

/// Chrome (and every Chromium browser): the reason after "has been blocked by CORS policy: ".
pub(crate) mod chrome {
    /// Before the reason of a refused preflight.
    pub(crate) const PREFLIGHT: &str =
        "Response to preflight request doesn't pass access control check: ";
    pub(crate) const NO_ALLOW_ORIGIN: &str =
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    pub(crate) const WILDCARD_WITH_CREDENTIALS: &str = "The value of the 'Access-Control-Allow-Origin' header in the response must not be the \
         wildcard '*' when the request's credentials mode is 'include'.";
    pub(crate) const PREFLIGHT_NOT_OK: &str = "It does not have HTTP ok status.";
    pub(crate) const PREFLIGHT_REDIRECT: &str = "Redirect is not allowed for a preflight request.";
    pub(crate) const INVALID_ALLOW_METHODS: &str =
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response.";
    pub(crate) const INVALID_ALLOW_HEADERS: &str =
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response.";
    pub(crate) const NO_ALLOW_PRIVATE_NETWORK: &str = "No 'Access-Control-Allow-Private-Network' header was present in the preflight response \
         for this private network request.";

    pub(crate) fn method_not_allowed(method: &str) -> String {
        format!(
            "Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."
        )
    }

    pub(crate) fn header_not_allowed(name: &str) -> String {
        format!(
            "Request header field {name} is not allowed by Access-Control-Allow-Headers in \
             preflight response."
        )
    }

    pub(crate) fn multiple_allow_origin(value: &str) -> String {
        format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but \
             only one is allowed."
        )
    }

    pub(crate) fn allow_origin_mismatch(value: &str) -> String {
        format!(
            "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to \
             the supplied origin."
        )
    }

    pub(crate) fn missing_allow_credentials(value: &str) -> String {
        format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is \
             '{value}' which must be 'true' when the request's credentials mode is 'include'."
        )
    }

    /// A public page's call to a less public address space, without the user's permission.
    pub(crate) fn lna_permission_denied(space: &str) -> String {
        format!("Permission was denied for this request to access the `{space}` address space.")
    }

    /// A call whose `targetAddressSpace` names another space than the target's.
    pub(crate) fn lna_wrong_target(declared: &str, actual: &str) -> String {
        format!(
            "Request had a target IP address space of `{declared}` yet the resource is in \
             address space `{actual}`."
        )
    }
}

/// Firefox: the text inside `(Reason: ...)`.
pub(crate) mod firefox {
    /// Local Network Access: the `[Security]` line Firefox prints before asking the user.
    pub(crate) fn lna_permission_required(page: &str, url: &str) -> String {
        format!(
            "Local Network Access permission required: top-level site “{page}/”, initiator \
             “{page}/”, attempting to access target “{url}”"
        )
    }

    pub(crate) const MISSING_ALLOW_ORIGIN: &str =
        "CORS header ‘Access-Control-Allow-Origin’ missing";
    pub(crate) const MULTIPLE_ALLOW_ORIGIN: &str =
        "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed";
    pub(crate) const NOT_SUPPORTING_CREDENTIALS: &str =
        "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’";
    pub(crate) const MISSING_ALLOW_CREDENTIALS: &str =
        "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’";
    pub(crate) const PREFLIGHT_DID_NOT_SUCCEED: &str = "CORS preflight response did not succeed";
    pub(crate) const METHOD_NOT_FOUND: &str =
        "Did not find method in CORS header ‘Access-Control-Allow-Methods’";

    pub(crate) fn allow_origin_not_matching(value: &str) -> String {
        format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’")
    }

    pub(crate) fn invalid_token(header: &str, token: &str) -> String {
        format!("invalid token ‘{token}’ in CORS header ‘{header}’")
    }

    pub(crate) fn header_not_allowed(name: &str) -> String {
        format!(
            "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ \
             from CORS preflight response"
        )
    }
}

/// Safari and every WebKit browser: the `SECURITY ERROR` line (followed by `Fetch API cannot
/// load <url> due to access control checks.`).
pub(crate) mod safari {
    pub(crate) const WILDCARD_WITH_CREDENTIALS: &str =
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.";
    pub(crate) const MISSING_ALLOW_CREDENTIALS: &str =
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".";

    /// An answer without an acceptable `Access-Control-Allow-Origin`; WebKit adds the answer's
    /// status, left out here when it is not known.
    pub(crate) fn origin_not_allowed(origin: &str, status: Option<u16>) -> String {
        let text = format!("Origin {origin} is not allowed by Access-Control-Allow-Origin.");
        match status {
            Some(status) => format!("{text} Status code: {status}"),
            None => text,
        }
    }

    /// A preflight answered with a status outside 200-299 (WebKit checks it first).
    pub(crate) fn preflight_not_ok(status: u16) -> String {
        format!("Preflight response is not successful. Status code: {status}")
    }

    pub(crate) fn method_not_allowed(method: &str) -> String {
        format!("Method {method} is not allowed by Access-Control-Allow-Methods.")
    }

    pub(crate) fn header_not_allowed(name: &str) -> String {
        format!(
            "Request header field {} is not allowed by Access-Control-Allow-Headers.",
            canonical(name)
        )
    }

    /// WebKit's spelling of a request header name it knows (`content-type` → `Content-Type`);
    /// other names stay as they are.
    fn canonical(name: &str) -> &str {
        const KNOWN: &[&str] = &[
            "Accept",
            "Accept-Language",
            "Authorization",
            "Cache-Control",
            "Content-Language",
            "Content-Type",
            "If-Match",
            "If-Modified-Since",
            "If-None-Match",
            "If-Range",
            "If-Unmodified-Since",
            "Pragma",
            "Range",
        ];
        KNOWN
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
            .copied()
            .unwrap_or(name)
    }
}
