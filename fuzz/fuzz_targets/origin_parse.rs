//! `Origin` parsing: never panics; whatever parses round-trips (`FromStr` → `Display` → parse
//! is identical), agrees with the reference model's idea of a browser origin, and matches
//! itself once allowed in a policy. The WHATWG URL parser (`url`) judges too: whatever is
//! accepted is a browser origin, and a browser origin is refused only for a documented reason.
#![no_main]

#[path = "../../tests/support/reference.rs"]
mod reference;
#[path = "../../tests/support/url_oracle.rs"]
mod url_oracle;

use libfuzzer_sys::fuzz_target;
use tower_cors::{CorsPolicy, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = text.parse::<Origin>();
    if let Err(disagreement) = url_oracle::check(text, parsed.is_ok()) {
        panic!("{disagreement}");
    }
    let model = reference::parse_origin(text);
    match parsed {
        Ok(origin) => {
            let shown = origin.to_string();
            assert_eq!(shown, text, "Display differs from the accepted input");
            assert_eq!(origin.as_str(), text);
            let again: Origin = shown.parse().expect("a displayed origin parses");
            assert_eq!(again, origin, "parse(display(o)) != o");
            let parts = model.expect("the model refuses an origin the crate accepts");
            assert_eq!(parts.scheme, origin.scheme());
            assert_eq!(parts.host, origin.host());
            assert_eq!(parts.port, origin.port());
            let policy = CorsPolicy::builder()
                .allow_origin(text)
                .build()
                .expect("a parsed origin builds a policy");
            assert!(
                policy.origins().matches(text.as_bytes()),
                "an allowed origin must match itself"
            );
            assert!(!policy.origins().matches(b"null"));
        }
        Err(_) => {
            // The crate refuses only what a browser cannot send, plus `file:` (an opaque
            // origin, serialised as `null`).
            // The model knows no IDNA: an `xn--` label that does not decode is the URL
            // parser's call.
            if model.is_some() && !text.starts_with("file:") && url_oracle::is_browser_origin(text) {
                panic!("the crate refuses {text:?}, a valid browser origin");
            }
        }
    }
});
