//! One policy (the global one, or one tenant's) from the base configuration and its rows: the
//! rows that do not build are left out, named and counted; the others are built together.

use std::collections::HashMap;

use tower_cors::{ConfigError, ConfigErrorKind, CorsConfig, CorsPolicy};

use crate::status::RejectedRow;

/// The rows of one policy found not to build, by origin. A row's verdict depends only on the
/// base configuration (fixed for a source's life) and the row, so each bad row is found
/// once, warned about once, and later reloads skip it without building it again.
pub(crate) type KnownBad = HashMap<String, RejectedRow>;

/// What [`assemble`] made of a policy's rows.
#[derive(Debug)]
pub(crate) struct Assembled {
    /// The policy of the good rows, or why the good rows did not build together.
    pub(crate) policy: Result<CorsPolicy, ConfigError>,
    /// How many rows it allows.
    pub(crate) accepted: usize,
    /// The rows left out, in the order of `origins`.
    pub(crate) rejected: Vec<RejectedRow>,
}

/// Builds `base` with `origins` (sorted, without duplicates), leaving out the rows that do not
/// build alone against `base`. Rows already in `known_bad` are left out without a build, and
/// rows of `known_good` (sorted: the rows of the last policy built with the same `base`) are
/// not built alone again; the newly found bad rows are added to `known_bad` with a `warn`
/// event each. No row is ever dropped for another's fault, and a bad row never empties the
/// policy: with no good row left, the policy is `base` alone (or, when `base` lists no
/// origin, same-origin only).
///
/// A change of a few rows costs one build of the whole policy: the new rows are built alone
/// first. A load of many new rows (the first) is built together first, and row by row only
/// if that fails.
pub(crate) fn assemble(
    base: &CorsConfig,
    tenant: Option<&str>,
    origins: &[String],
    known_good: &[String],
    known_bad: &mut KnownBad,
) -> Assembled {
    known_bad.retain(|origin, _| origins.binary_search(origin).is_ok());
    let candidates: Vec<&String> = origins
        .iter()
        .filter(|o| !known_bad.contains_key(*o))
        .collect();
    let fresh = candidates
        .iter()
        .filter(|o| known_good.binary_search(o).is_err())
        .count();
    let few = fresh <= 256 || fresh * 8 <= candidates.len();
    let (policy, good) = match few {
        false => match together(base, &candidates) {
            Ok(policy) => (Ok(policy), candidates.len()),
            Err(_) => sift(base, tenant, candidates, known_good, known_bad),
        },
        true => sift(base, tenant, candidates, known_good, known_bad),
    };
    let rejected = origins
        .iter()
        .filter_map(|o| known_bad.get(o).cloned())
        .collect();
    Assembled {
        policy,
        accepted: good,
        rejected,
    }
}

/// Builds each candidate not in `known_good` alone, records the bad ones, and builds the
/// good ones together.
fn sift(
    base: &CorsConfig,
    tenant: Option<&str>,
    candidates: Vec<&String>,
    known_good: &[String],
    known_bad: &mut KnownBad,
) -> (Result<CorsPolicy, ConfigError>, usize) {
    let good: Vec<&String> = candidates
        .into_iter()
        .filter(|origin| {
            if known_good.binary_search(origin).is_ok() {
                return true;
            }
            let Err(error) = base.clone().allow_origin(*origin).build() else {
                return true;
            };
            let row = rejected(tenant, origin, &error);
            tracing::warn!(
                tenant = tenant.unwrap_or("(global)"),
                origin = %origin,
                kind = ?row.kind,
                "tower-cors-postgres: row left out of the CORS policy: {}",
                row.reason
            );
            known_bad.insert((*origin).clone(), row);
            false
        })
        .collect();
    let count = good.len();
    (together(base, &good), count)
}

/// `base` with every origin of `origins`, or, with none, `base` alone when it lists origins
/// of its own and a same-origin-only policy when it does not.
fn together(base: &CorsConfig, origins: &[&String]) -> Result<CorsPolicy, ConfigError> {
    if !origins.is_empty() {
        return base
            .clone()
            .allow_origins(origins.iter().map(|o| o.as_str()))
            .build();
    }
    match base.build() {
        Err(e) if only_no_origins(&e) => CorsConfig::same_origin_only().build(),
        other => other,
    }
}

/// Whether the only problem of `error` is that no origin is listed.
pub(crate) fn only_no_origins(error: &ConfigError) -> bool {
    error
        .problems()
        .iter()
        .all(|p| p.kind() == ConfigErrorKind::NoOrigins)
}

fn rejected(tenant: Option<&str>, origin: &str, error: &ConfigError) -> RejectedRow {
    RejectedRow {
        tenant: tenant.map(str::to_owned),
        origin: origin.to_owned(),
        kind: error.kind(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> CorsConfig {
        CorsConfig::new()
            .allow_credentials(true)
            .allow_method("PUT")
    }

    fn rows(origins: &[&str]) -> Vec<String> {
        let mut rows: Vec<String> = origins.iter().map(|o| (*o).to_owned()).collect();
        rows.sort_unstable();
        rows
    }

    #[test]
    fn bad_rows_are_left_out_and_named_and_good_rows_still_served() {
        let rows = rows(&[
            "https://a.example.com",
            "null",
            "*",
            "https://b.example.com/",
            "https://*.github.io",
            "http://plain.example.com",
            "https://c.example.com",
        ]);
        let mut bad = KnownBad::new();
        let got = assemble(&base(), Some("acme"), &rows, &[], &mut bad);
        let policy = got.policy.unwrap();
        for ok in ["https://a.example.com", "https://c.example.com"] {
            assert!(policy.origins().matches(ok.as_bytes()), "{ok}");
        }
        assert_eq!(got.accepted, 2);
        let names: Vec<&str> = got.rejected.iter().map(|r| r.origin.as_str()).collect();
        assert_eq!(
            names,
            [
                "*",
                "http://plain.example.com",
                "https://*.github.io",
                "https://b.example.com/",
                "null"
            ]
        );
        assert!(
            got.rejected
                .iter()
                .all(|r| r.tenant.as_deref() == Some("acme"))
        );
        let kind = |o: &str| got.rejected.iter().find(|r| r.origin == o).unwrap().kind;
        assert_eq!(kind("*"), ConfigErrorKind::AnyOriginWithCredentials);
        assert_eq!(kind("null"), ConfigErrorKind::ProhibitedOrigin);
        assert_eq!(
            kind("https://b.example.com/"),
            ConfigErrorKind::InvalidOrigin
        );
        assert_eq!(bad.len(), 5);
    }

    #[test]
    fn a_bad_row_never_widens_the_policy() {
        let rows = rows(&["*", "https://a.example.com"]);
        let got = assemble(&base(), None, &rows, &[], &mut KnownBad::new());
        let policy = got.policy.unwrap();
        assert!(!policy.origins().allows_any());
        assert!(!policy.origins().matches(b"https://evil.test"));
    }

    #[test]
    fn only_bad_rows_give_a_same_origin_only_policy_not_an_open_one() {
        let rows = rows(&["null", "*"]);
        let got = assemble(&base(), None, &rows, &[], &mut KnownBad::new());
        let policy = got.policy.unwrap();
        assert!(!policy.origins().matches(b"https://a.example.com"));
        assert!(!policy.origins().allows_any());
        assert_eq!(got.rejected.len(), 2);
    }

    #[test]
    fn no_rows_keep_the_base_configurations_own_origins() {
        let base = base().allow_origin("https://app.example.com");
        let got = assemble(&base, None, &[], &[], &mut KnownBad::new());
        assert!(
            got.policy
                .unwrap()
                .origins()
                .matches(b"https://app.example.com")
        );
    }

    #[test]
    fn known_bad_rows_are_forgotten_once_deleted() {
        let mut bad = KnownBad::new();
        let rows1 = rows(&["null", "https://a.example.com"]);
        assemble(&base(), None, &rows1, &[], &mut bad);
        assert_eq!(bad.len(), 1);
        let rows2 = rows(&["https://a.example.com"]);
        let got = assemble(&base(), None, &rows2, &rows1, &mut bad);
        assert!(bad.is_empty());
        assert!(got.rejected.is_empty());
    }

    #[test]
    fn a_bad_row_added_to_known_good_rows_is_found_and_the_others_kept() {
        let good: Vec<String> = (0..1000)
            .map(|i| format!("https://t{i}.example.com"))
            .collect();
        let mut good = rows(&good.iter().map(String::as_str).collect::<Vec<_>>());
        let mut bad = KnownBad::new();
        assert!(assemble(&base(), None, &good, &[], &mut bad).policy.is_ok());
        let before = good.clone();
        good.push("https://x.example.com/path".to_owned());
        good.sort_unstable();
        let got = assemble(&base(), None, &good, &before, &mut bad);
        assert_eq!(got.accepted, 1000);
        assert_eq!(got.rejected.len(), 1);
        assert!(
            got.policy
                .unwrap()
                .origins()
                .matches(b"https://t999.example.com")
        );
    }
}
