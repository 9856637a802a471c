//! `Vary` on responses: merged, never overwritten, `origin` once.

use http::{Method, StatusCode};
use tower_cors::CorsPolicy;

use crate::support::{Harness, all, build};

const APP: &str = "https://app.example.com";

fn harness() -> Harness {
    Harness::new(build(CorsPolicy::builder().allow_origin(APP)))
}

#[test]
fn inner_vary_values_are_kept_and_origin_added_once() {
    let cases: &[(&[&'static str], &[&str])] = &[
        (&[], &["origin"]),
        (&["accept-encoding"], &["accept-encoding", "origin"]),
        (
            &["Accept-Encoding", "accept-language"],
            &["Accept-Encoding", "accept-language", "origin"],
        ),
        (&["accept-encoding, Origin"], &["accept-encoding, Origin"]),
        (&["ORIGIN"], &["ORIGIN"]),
        (&["*"], &["*"]),
    ];
    for (inner, want) in cases {
        for request in [
            vec![("origin", APP)],
            vec![("origin", "https://evil.example")],
            vec![],
        ] {
            let mut h = harness();
            for v in *inner {
                h = h.inner_header("vary", v);
            }
            let res = h.send(Method::GET, &request);
            assert_eq!(
                all(res.headers(), "vary"),
                *want,
                "inner {inner:?}, request {request:?}"
            );
        }
    }
}

#[test]
fn error_responses_get_vary_too() {
    let res = harness()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .send(Method::GET, &[]);
    assert_eq!(all(res.headers(), "vary"), ["origin"]);
}
