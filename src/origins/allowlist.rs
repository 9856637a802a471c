//! Validating the origin list: each entry parsed strictly, the rules credentials add (https
//! or loopback, no `*.` pattern on a public suffix, no `*`), duplicates and covered entries
//! dropped with a warning, the escape hatches checked against canaries. The result is an
//! [`OriginMatcher`].

use std::collections::HashSet;

use super::canary;
use super::host::is_loopback_host;
use super::matcher::OriginMatcher;
use super::origin::{self, OriginSpec, Pattern};
use super::public_suffix::is_public_suffix;
use super::tables::OriginHash;
use crate::config::CorsConfig;
use crate::config::fields::Field;
use crate::error::{ConfigErrorKind, Report};

/// Validates and compiles the allowlist, reporting every problem.
pub(crate) fn compile(config: &CorsConfig, report: &mut Report) -> OriginMatcher {
    let credentials = config.credentials;
    let allow_insecure = config.dangerously_allow_insecure_origins;
    let mut any = false;
    let mut exact: HashSet<Box<[u8]>, OriginHash> = HashSet::default();
    let mut patterns: HashSet<Pattern> = HashSet::new();
    for (i, text) in config.origins.iter().enumerate() {
        report.at(format_args!("{}[{i}]", Field::AllowOrigins.name()));
        match origin::parse_spec(text) {
            Ok(OriginSpec::Any) => any = true,
            Ok(OriginSpec::Exact(o)) => {
                if credentials && !allow_insecure {
                    check_secure(text, o.scheme(), o.host(), report);
                }
                if !exact.insert(o.as_str().as_bytes().into()) {
                    report.redundant(text);
                }
            }
            Ok(OriginSpec::Pattern(p)) => {
                if credentials {
                    if !allow_insecure {
                        check_secure(text, &p.scheme, &p.host, report);
                    }
                    if p.subdomains && !config.dangerously_allow_public_suffix_wildcards {
                        check_public_suffix(&p, report);
                    }
                }
                if !patterns.insert(p) {
                    report.redundant(text);
                }
            }
            Err(problem) => report.push(problem),
        }
    }
    report.at(Field::AllowOrigins.name());
    if any && credentials {
        report.error(
            ConfigErrorKind::AnyOriginWithCredentials,
            Some("*"),
            "credentials cannot be allowed for any origin (\"*\"): browsers refuse it, and \
             reflecting every origin instead would let any site read your users' data; list \
             the origins that may send credentials, or turn credentials off"
                .to_owned(),
        );
    }
    #[cfg(feature = "regex")]
    let regexes = canary::compile_regexes(&config.origin_regexes, credentials, report);
    #[cfg(not(feature = "regex"))]
    if !config.origin_regexes.is_empty() {
        report.at(Field::AllowOriginRegexes.name());
        report.error(
            ConfigErrorKind::InvalidValue,
            None,
            "origin regexes need the `regex` feature of tower-cors: enable it, or use `*.` \
             patterns"
                .to_owned(),
        );
    }
    report.clear_key();
    canary::check_predicates(&config.origin_fns, &config.origins, credentials, report);
    let (matcher, covered) = OriginMatcher::new(
        any,
        exact,
        patterns,
        #[cfg(feature = "regex")]
        regexes,
        config.origin_fns.clone(),
    );
    report.at(Field::AllowOrigins.name());
    for o in covered {
        report.redundant(std::str::from_utf8(&o).unwrap_or_default());
    }
    if matcher.allows_none() && !config.same_origin_only && report.problems.is_empty() {
        report.error(
            ConfigErrorKind::NoOrigins,
            None,
            "no origin is allowed: call allow_origin(\"https://app.example.com\") for each site \
             whose pages may read responses, allow_any_origin() for a public API, or start from \
             CorsConfig::same_origin_only() if no other site's pages may (in a file or the \
             environment: an empty allow_origins)"
                .to_owned(),
        );
    }
    matcher
}

/// With credentials, an origin must be https or loopback: anyone on the network path of a
/// plain-http page can inject script into it.
fn check_secure(text: &str, scheme: &str, host: &str, report: &mut Report) {
    if scheme == "https" || is_loopback_host(host) {
        return;
    }
    let fix = match scheme {
        "http" => format!("use {:?}, or ", text.replacen("http://", "https://", 1)),
        _ => String::new(),
    };
    report.error(
        ConfigErrorKind::InsecureOriginWithCredentials,
        Some(text),
        format!(
            "origin {text:?} is not https, so anyone on the network path can inject script into \
             it and read credentialed responses: {fix}call dangerously_allow_insecure_origins()"
        ),
    );
}

/// With credentials, a `*.` pattern must not sit directly on a public suffix, where anyone
/// can register a site.
fn check_public_suffix(p: &Pattern, report: &mut Report) {
    if is_loopback_host(&p.host) {
        return;
    }
    if is_public_suffix(&p.host) {
        report.error(
            ConfigErrorKind::PublicSuffixWildcardWithCredentials,
            Some(&p.text),
            format!(
                "origin pattern {:?} trusts every site registered under the public suffix {:?}, \
                 including attackers' sites: list the sites instead, or call \
                 dangerously_allow_public_suffix_wildcards()",
                p.text, p.host
            ),
        );
    }
}
