//! Inputs that crashed a fuzz target, replayed as ordinary tests (crash files kept in
//! `tests/fuzz_regressions/`). Each test names the bug it pins.

use tower_cors::{ConfigErrorKind, CorsPolicy, Origin};

/// Bug 1 (found by `origin_parse` and `config_build`, fixed in `src/origin.rs`): parsing a
/// configured origin sliced the text at byte 5 to look for `file:`, which panics when a
/// multi-byte character straddles byte 5. `Origin::from_str` and `CorsConfig::build` panicked
/// instead of returning an error.
#[test]
fn origin_parse_never_slices_inside_a_character() {
    // The crash file of `origin_parse`: the raw bytes of the `&str` parsed.
    let crash = include_bytes!("fuzz_regressions/origin_parse-5cd4bd4c.bin");
    let text = std::str::from_utf8(crash).expect("the target only parses UTF-8");
    assert_eq!(text, "1\n%#\u{69d}");
    assert!(text.parse::<Origin>().is_err());

    // The string `config_build` passed to `allow_origin` (decoded from its crash file,
    // `fuzz_regressions/config_build-3fe06cfa.bin`).
    let config_origin = "~C\u{8}\u{f30c}";
    let err = CorsPolicy::builder()
        .allow_origin(config_origin)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::InvalidOrigin);
}

/// The same class, exhaustively: every ASCII prefix of 0 to 5 bytes followed by a 2-, 3- and
/// 4-byte character, as an `Origin` and as a configured origin.
#[test]
fn multibyte_characters_around_the_file_scheme_prefix_are_refused_not_panicked() {
    for prefix in ["", "f", "fi", "fil", "file", "file:", "http", "https"] {
        for c in ['\u{e9}', '\u{69d}', '\u{f30c}', '\u{1f600}'] {
            for suffix in ["", "://a.example", ":"] {
                let text = format!("{prefix}{c}{suffix}");
                assert!(text.parse::<Origin>().is_err(), "{text:?}");
                let result = CorsPolicy::builder().allow_origin(text.as_str()).build();
                assert!(result.is_err(), "{text:?}");
            }
        }
    }
    // Upper-case `FILE:` is still refused as a file origin.
    let err = CorsPolicy::builder()
        .allow_origin("FILE://x")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::ProhibitedOrigin);
}

/// Bug 2 (found by `origin_parse` with the WHATWG URL parser as a judge, fixed in
/// `src/origins/host.rs`): a configured host whose last label is `0x` and hex digits was
/// accepted, although browsers read such a host as an IPv4 address and never send it as
/// written: the entry could never match.
#[test]
fn hosts_that_browsers_read_as_hex_ipv4_addresses_are_refused() {
    let crash = include_bytes!("fuzz_regressions/origin_parse-dc636b72.bin");
    let text = std::str::from_utf8(crash).expect("the target only parses UTF-8");
    assert_eq!(text, "z://0x02");
    for origin in [
        text,
        "https://0x7f000001",
        "http://a.0xff",
        "https://app.0x",
    ] {
        assert!(origin.parse::<Origin>().is_err(), "{origin}");
        let err = CorsPolicy::builder()
            .allow_origin(origin)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::InvalidOrigin, "{origin}");
    }
    // A label that merely starts with `0x` and goes on with other letters is a name.
    assert!("https://0xygen.example".parse::<Origin>().is_ok());
}
