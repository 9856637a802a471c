//! A configuration read from data (feature `serde`): arbitrary text as TOML and as JSON, and
//! arbitrary JSON-shaped maps. Reading never panics; whatever reads builds or is refused with
//! at least one problem, each naming a key; an accepted policy never pairs credentials with
//! any origin; a configuration written back out reads again to the same verdict.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tower_cors::CorsConfig;

/// A JSON document built from the configuration's own keys, so that most inputs reach
/// `build()` instead of failing to parse.
#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(i64),
    Float(f64),
    Text(String),
    Pick(u8),
    List(Vec<Json>),
    Map(Vec<(u8, Json)>),
}

const KEYS: &[&str] = &[
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "expose_headers",
    "allow_credentials",
    "max_age",
    "allow_private_network",
    "preflight_status",
    "refusal_status",
    "allow_origin",
    "allowed_origins",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_wildcards",
];

const WORDS: &[&str] = &[
    "*",
    "https://app.example.com",
    "https://*.example.com",
    "http://localhost:*",
    "null",
    "https://github.io",
    "https://*.github.io",
    "GET",
    "PUT",
    "CONNECT",
    "content-type",
    "authorization",
    "x-request-id",
    "set-cookie",
    "600s",
    "1h",
    "",
];

impl Json {
    fn to_value(&self, depth: u8) -> serde_json::Value {
        use serde_json::Value as V;
        if depth > 4 {
            return V::Null;
        }
        match self {
            Self::Null => V::Null,
            Self::Bool(b) => V::Bool(*b),
            Self::Number(n) => V::from(*n),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(V::Null, V::Number),
            Self::Text(t) => V::String(t.clone()),
            Self::Pick(i) => V::String(WORDS[usize::from(*i) % WORDS.len()].to_owned()),
            Self::List(items) => V::Array(items.iter().map(|j| j.to_value(depth + 1)).collect()),
            Self::Map(entries) => V::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            KEYS[usize::from(*k) % KEYS.len()].to_owned(),
                            v.to_value(depth + 1),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Input {
    Toml(String),
    JsonText(String),
    Shaped(Json),
}

fn judge(config: CorsConfig) {
    let again: Option<CorsConfig> = serde_json::to_string(&config)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let verdict = config.build();
    match &verdict {
        Ok(policy) => {
            assert!(
                !(policy.allows_credentials() && policy.origins().allows_any()),
                "credentials with any origin were accepted"
            );
        }
        Err(err) => {
            assert!(!err.problems().is_empty(), "an error without a problem");
            let text = err.to_string();
            assert!(!text.is_empty());
        }
    }
    let again = again.expect("a configuration that was read writes out and reads back");
    assert_eq!(
        again.build().is_ok(),
        verdict.is_ok(),
        "written out and read back, the configuration changed verdict"
    );
}

fuzz_target!(|input: Input| {
    let config = match input {
        Input::Toml(text) => toml::from_str::<CorsConfig>(&text).ok(),
        Input::JsonText(text) => serde_json::from_str::<CorsConfig>(&text).ok(),
        Input::Shaped(json) => serde_json::from_value::<CorsConfig>(json.to_value(0)).ok(),
    };
    if let Some(config) = config {
        judge(config);
    }
});
