//! Build-time checks of the escape hatches (regular expressions and predicates) against
//! attacker-style canary origins: a hatch that accepts one of them is a hole, not a policy.

use super::lookalike::{LookalikeKind, lookalikes};
use crate::config::OriginFn;
#[cfg(feature = "regex")]
use crate::config::fields::Field;
use crate::error::{ConfigErrorKind, Report};

/// Origins no real allowlist should accept.
const FIXED: [&str; 3] = ["null", "https://evil.test", "http://evil.test"];

/// The host-like literals of a pattern (`example.com` in `^https://.*\.example\.com$`).
#[cfg_attr(not(feature = "regex"), allow(dead_code))]
fn host_literals(pattern: &str) -> Vec<String> {
    let unescaped = pattern.replace("\\.", ".").replace("\\-", "-");
    unescaped
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|run| run.trim_matches(['.', '-']))
        .filter(|run| run.contains('.') && run.split('.').all(|l| !l.is_empty()))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The canaries for a pattern: fixed ones, plus look-alikes of each host it names.
#[cfg_attr(not(feature = "regex"), allow(dead_code))]
pub(crate) fn canaries(pattern: &str, credentials: bool) -> Vec<String> {
    let mut out: Vec<String> = FIXED.iter().map(|s| (*s).to_owned()).collect();
    for host in host_literals(pattern) {
        out.push(format!("https://{host}.evil.test"));
        out.push(format!("https://evil{host}"));
        out.push(format!("https://evil-{host}"));
        // An unescaped `.` in the pattern matches any character.
        out.push(format!("https://{}", host.replace('.', "-")));
        if credentials {
            out.push(format!("http://{host}"));
        }
    }
    out
}

/// Compiles the regular expressions, anchored, and refuses those that accept a canary.
#[cfg(feature = "regex")]
pub(crate) fn compile_regexes(
    sources: &[String],
    credentials: bool,
    report: &mut Report,
) -> Vec<regex::bytes::Regex> {
    let mut out = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        report.at(format_args!("{}[{i}]", Field::AllowOriginRegexes.name()));
        let anchored = format!("^(?:{src})$");
        let re = match regex::bytes::RegexBuilder::new(&anchored)
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => re,
            Err(e) => {
                let detail = e.to_string().lines().last().unwrap_or_default().to_owned();
                report.error(
                    ConfigErrorKind::InvalidRegex,
                    Some(src),
                    format!("invalid origin regex {src:?}: {detail}"),
                );
                continue;
            }
        };
        match canaries(src, credentials)
            .into_iter()
            .find(|c| re.is_match(c.as_bytes()))
        {
            Some(canary) => report.error(
                ConfigErrorKind::OriginMatcherTooBroad,
                Some(src),
                format!(
                    "origin regex {src:?} also matches the attacker origin {canary:?}: escape \
                     the dots (\\.), match whole labels ([a-z0-9-]+\\.), and fix the scheme"
                ),
            ),
            None => out.push(re),
        }
    }
    out
}

/// Refuses predicates that accept an obviously foreign origin (`|_| true` and the like), or a
/// look-alike of an origin the policy lists (`|o| o.contains("example.com")` next to
/// `https://app.example.com` accepts `https://app.example.com.evil.test`). A predicate on its
/// own, with no listed origin to compare, is probed with the fixed canaries only.
pub(crate) fn check_predicates(
    predicates: &[OriginFn],
    listed: &[String],
    credentials: bool,
    report: &mut Report,
) {
    let mut probes: Vec<String> = FIXED[1..].iter().map(|s| (*s).to_owned()).collect();
    for origin in listed {
        probes.extend(
            lookalikes(&origin.to_ascii_lowercase(), "evil.test", "evil")
                .into_iter()
                .filter(|l| l.foreign)
                .filter(|l| credentials || l.kind != LookalikeKind::InsecureTwin)
                .map(|l| l.origin),
        );
    }
    for (i, p) in predicates.iter().enumerate() {
        if let Some(canary) = probes.iter().find(|c| p(c)) {
            let fix = if credentials {
                "make it accept only your own origins"
            } else {
                "make it accept only your own origins, or use allow_any_origin() for a public API"
            };
            report.error(
                ConfigErrorKind::OriginMatcherTooBroad,
                None,
                format!(
                    "origin predicate #{} accepts the attacker origin {canary:?}: {fix}",
                    i + 1
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_literals_are_found_in_escaped_patterns() {
        assert_eq!(
            host_literals(r"https://([a-z0-9-]+\.)*example\.com"),
            ["example.com"]
        );
        assert_eq!(host_literals(r"https://api\.foo\.io:\d+"), ["api.foo.io"]);
    }

    #[test]
    fn canaries_include_lookalikes_of_each_host() {
        let c = canaries(r"https://a\.example\.com", true);
        for want in [
            "null",
            "https://evil.test",
            "https://a.example.com.evil.test",
            "https://evila.example.com",
            "https://evil-a.example.com",
            "http://a.example.com",
            "https://a-example-com",
        ] {
            assert!(c.iter().any(|x| x == want), "missing canary {want}");
        }
    }
}
