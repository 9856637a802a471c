//! Policies read from data: TOML and JSON files (feature `serde`) and environment variables.
//! Reading only stores values; `build()` checks them and names the key of each problem.

use http::{HeaderMap, Method, header};
use tower_cors::{ConfigErrorKind, CorsConfig};

fn preflight(policy: &tower_cors::CorsPolicy, origin: &str, method: &str) -> http::Response<()> {
    let mut request = HeaderMap::new();
    request.insert(header::ORIGIN, origin.parse().unwrap());
    request.insert(
        header::ACCESS_CONTROL_REQUEST_METHOD,
        method.parse().unwrap(),
    );
    policy
        .evaluate(&Method::OPTIONS, &request)
        .preflight_response()
        .unwrap()
}

#[test]
fn environment_variables_configure_a_policy() {
    let config = CorsConfig::from_vars(
        "CORS",
        [
            (
                "CORS_ALLOW_ORIGINS",
                "https://a.example.com, https://*.b.example.com",
            ),
            ("CORS_ALLOW_METHODS", "PUT,DELETE"),
            ("CORS_ALLOW_CREDENTIALS", "true"),
            ("CORS_MAX_AGE", "600"),
            ("HOME", "/root"),
        ],
    )
    .unwrap();
    let policy = config.build().unwrap();
    assert!(policy.allows_credentials());
    let answer = preflight(&policy, "https://x.b.example.com", "DELETE");
    assert_eq!(answer.status(), 204);
    assert_eq!(answer.headers()[header::ACCESS_CONTROL_MAX_AGE], "600");
    assert_eq!(
        answer.headers()[header::ACCESS_CONTROL_ALLOW_METHODS],
        "PUT,DELETE"
    );
}

#[test]
fn environment_problems_are_reported_at_once_with_the_variable() {
    let err = CorsConfig::from_vars(
        "CORS",
        [
            ("CORS_ALLOWED_ORIGINS", "https://a.example.com"),
            ("CORS_ALLOW_CREDENTIALS", "yes"),
            ("CORS_MAX_AGE", "ten minutes"),
        ],
    )
    .unwrap_err();
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r#"CORS_ALLOW_CREDENTIALS="yes": expected true or false"#,
            "unknown variable `CORS_ALLOWED_ORIGINS`, did you mean `CORS_ALLOW_ORIGINS`?",
            r#"CORS_MAX_AGE="ten minutes": expected a whole number"#,
        ]
    );
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ConfigErrorKind::InvalidValue)
    );
}

#[test]
fn build_names_the_key_of_a_problem_read_from_the_environment() {
    let config = CorsConfig::from_vars(
        "CORS",
        [(
            "CORS_ALLOW_ORIGINS",
            "https://a.example.com,https://app.example.com/",
        )],
    )
    .unwrap();
    let err = config.build().unwrap_err();
    assert_eq!(err.problems()[0].key(), Some("allow_origins[1]"));
    assert!(
        err.to_string().starts_with(
            r#"allow_origins[1]: invalid origin "https://app.example.com/": remove the trailing slash"#
        ),
        "{err}"
    );
}

#[test]
fn problems_of_a_config_built_in_code_carry_the_key_but_no_prefix() {
    let err = CorsConfig::new()
        .allow_origin("https://a.example.com")
        .allow_origin("https://app.example.com/")
        .build()
        .unwrap_err();
    assert_eq!(err.problems()[0].key(), Some("allow_origins[1]"));
    assert!(err.to_string().starts_with("invalid origin"), "{err}");
}

#[cfg(feature = "serde")]
mod files {
    use super::*;

    const FULL: &str = r#"
        allow_origins = ["https://app.example.com", "https://*.example.com"]
        allow_methods = ["PUT", "DELETE"]
        allow_headers = ["content-type", "authorization"]
        expose_headers = ["x-request-id"]
        allow_credentials = true
        max_age = 600
        allow_private_network = false
        preflight_status = 200
        refusal_status = 401
        dangerously_allow_insecure_origins = false
        dangerously_allow_public_suffix_wildcards = false
    "#;

    #[test]
    fn every_key_of_a_toml_file_reaches_the_policy() {
        let config: CorsConfig = toml::from_str(FULL).unwrap();
        let policy = config.build().unwrap();
        assert!(policy.allows_credentials());
        let answer = preflight(&policy, "https://api.example.com", "PUT");
        assert_eq!(answer.status(), 200);
        let h = answer.headers();
        assert_eq!(
            h[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://api.example.com"
        );
        assert_eq!(
            h[header::ACCESS_CONTROL_ALLOW_HEADERS],
            "authorization,content-type"
        );
        assert_eq!(h[header::ACCESS_CONTROL_MAX_AGE], "600");
        assert_eq!(preflight(&policy, "https://evil.test", "PUT").status(), 401);
        let mut request = HeaderMap::new();
        request.insert(header::ORIGIN, "https://app.example.com".parse().unwrap());
        let mut response = HeaderMap::new();
        policy
            .evaluate(&Method::GET, &request)
            .decorate(&mut response);
        assert_eq!(
            response[header::ACCESS_CONTROL_EXPOSE_HEADERS],
            "x-request-id"
        );
    }

    #[test]
    fn an_empty_origin_list_in_a_file_means_same_origin_only_and_round_trips() {
        let config: CorsConfig = toml::from_str("allow_origins = []").unwrap();
        let policy = config.build().unwrap();
        assert_eq!(
            preflight(&policy, "https://app.example.com", "PUT").status(),
            403
        );
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(json, r#"{"allow_origins":[]}"#);
        let back: CorsConfig = serde_json::from_str(&json).unwrap();
        assert!(back.build().is_ok());
        // No key at all is not the same: a file that forgot its origins is refused.
        let forgot: CorsConfig = toml::from_str("max_age = 600").unwrap();
        assert!(forgot.build().is_err());
    }

    #[test]
    fn a_star_in_a_file_means_any_and_never_crashes() {
        let config: CorsConfig = toml::from_str(
            r#"allow_origins = ["*"]
allow_methods = ["*"]
allow_headers = ["*"]"#,
        )
        .unwrap();
        let policy = config.build().unwrap();
        assert!(policy.origins().allows_any());
        let with_credentials: CorsConfig =
            toml::from_str("allow_origins = [\"*\"]\nallow_credentials = true").unwrap();
        let err = with_credentials.build().unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::AnyOriginWithCredentials);
        assert!(
            err.to_string()
                .starts_with("allow_origins: credentials cannot be allowed"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_names_the_closest_known_one() {
        let err = toml::from_str::<CorsConfig>(r#"allowed_origins = ["https://a.example.com"]"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown field `allowed_origins`, did you mean `allow_origins`?"),
            "{err}"
        );
        let err = serde_json::from_str::<CorsConfig>(r#"{"origins": []}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown field `origins`, did you mean `allow_origins`?"),
            "{err}"
        );
    }

    #[test]
    fn a_wrong_type_names_its_key() {
        let err =
            serde_json::from_str::<CorsConfig>(r#"{"allow_credentials": "yes"}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("allow_credentials: invalid type"),
            "{err}"
        );
        let err = serde_json::from_str::<CorsConfig>(r#"{"preflight_status": 1000}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("preflight_status: 1000 is not an HTTP status code"),
            "{err}"
        );
    }

    #[test]
    fn build_names_the_key_of_each_problem_in_a_file() {
        let config: CorsConfig = toml::from_str(
            r#"allow_origins = ["https://app.example.com", "https://app.example.com/"]
allow_headers = ["x bad"]
max_age = 999999"#,
        )
        .unwrap();
        let err = config.build().unwrap_err();
        let keys: Vec<_> = err.problems().iter().map(|p| p.key().unwrap()).collect();
        assert_eq!(keys, ["allow_origins[1]", "allow_headers[0]", "max_age"]);
        assert!(err.problems()[0].to_string().starts_with(
            r#"allow_origins[1]: invalid origin "https://app.example.com/": remove the trailing slash"#
        ));
    }

    #[test]
    fn a_config_survives_a_round_trip_through_json() {
        let config: CorsConfig = toml::from_str(FULL).unwrap();
        let json = serde_json::to_string(&config).unwrap();
        let back: CorsConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(format!("{back:?}"), format!("{config:?}"));
        assert!(json.contains(r#""max_age":600"#), "{json}");
    }
}
