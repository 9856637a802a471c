//! Whether a host is a public suffix (`com`, `co.uk`, `github.io`): a name under which anyone
//! can register a site. Read by `build()` only, for `*.` patterns with credentials.
//!
//! The rules are the Public Suffix List, shipped as text beside this file and read into a set
//! at the first `build()` that asks (about 10,000 rules, a few milliseconds, once per
//! process); `scripts/update-public-suffixes.py` refreshes them. A list compiled to code costs
//! every build of every application about ten seconds of compile time for a check that runs
//! a few times at start-up.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The rules, one a line: `com`, `*.ck` (every label under `ck`), `!www.ck` (an exception).
const LIST: &str = include_str!("public_suffixes.txt");

fn rules() -> &'static HashSet<&'static str> {
    static RULES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    RULES.get_or_init(|| {
        LIST.lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Whether `host` (lower case, ASCII) is itself a public suffix, by the list's algorithm: the
/// matching exception rule, else the matching rule with the most labels, else `*` (the last
/// label), names how many labels the suffix has.
pub(crate) fn is_public_suffix(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    suffix_labels(&labels) == labels.len()
}

/// The registrable domain of `host` (its public suffix and one label more: `example.co.uk`
/// for `app.example.co.uk`), or `None` when `host` is itself a public suffix.
pub(crate) fn registrable_domain(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').collect();
    let keep = suffix_labels(&labels) + 1;
    if keep > labels.len() {
        return None;
    }
    let skipped: usize = labels[..labels.len() - keep]
        .iter()
        .map(|l| l.len() + 1)
        .sum();
    Some(&host[skipped..])
}

fn suffix_labels(labels: &[&str]) -> usize {
    let rules = rules();
    let n = labels.len();
    let mut longest = 1;
    for k in 1..=n {
        let name = labels[n - k..].join(".");
        if rules.contains(format!("!{name}").as_str()) {
            return k - 1;
        }
        let wildcard =
            k >= 2 && rules.contains(format!("*.{}", labels[n - k + 1..].join(".")).as_str());
        if rules.contains(name.as_str()) || wildcard {
            longest = k;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::{is_public_suffix, registrable_domain};

    #[test]
    fn registrable_domains_are_one_label_under_the_suffix() {
        assert_eq!(
            registrable_domain("app.example.co.uk"),
            Some("example.co.uk")
        );
        assert_eq!(registrable_domain("example.com"), Some("example.com"));
        assert_eq!(
            registrable_domain("a.b.user.github.io"),
            Some("user.github.io")
        );
        assert_eq!(registrable_domain("co.uk"), None);
    }

    #[test]
    fn public_suffixes_follow_the_lists_rules() {
        for (host, suffix) in [
            ("com", true),
            ("example.com", false),
            ("co.uk", true),
            ("example.co.uk", false),
            ("github.io", true),
            ("user.github.io", false),
            ("s3.amazonaws.com", true),
            // A wildcard rule (`*.ck`) and its exception (`!www.ck`).
            ("anything.ck", true),
            ("www.ck", false),
            ("a.anything.ck", false),
            // No rule: the last label (`*`).
            ("example", true),
            ("example.invalid-tld-zz", false),
            // Unicode rules are kept in their xn-- form.
            ("xn--fiqs8s", true),
            ("xn--55qx5d.cn", true),
            ("example.xn--fiqs8s", false),
        ] {
            assert_eq!(is_public_suffix(host), suffix, "{host}");
        }
    }
}
