//! Look-alikes of an origin: the origins an attacker registers or controls to pass a careless
//! origin check (an unanchored pattern, a `contains`, `startsWith` or `endsWith` test, an
//! unescaped dot, an `http://` twin). One generator, read by `build()` to probe predicates
//! and by `cors-doctor` to probe a live server.

use std::fmt;

use super::public_suffix::registrable_domain;

/// What a look-alike betrays when a server trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookalikeKind {
    /// A domain appended to the host (`https://app.example.com.attacker.test`): an unanchored
    /// pattern, or a `startsWith` check.
    SuffixAppended,
    /// Text glued before the host (`https://xapp.example.com`): an `endsWith` check.
    PrefixGlued,
    /// Text glued before the registrable domain (`https://xexample.com`): an `endsWith` check
    /// on the site's domain.
    DomainPrefixGlued,
    /// A dot of the host replaced by a letter (`https://appxexample.com`): an unescaped `.` in
    /// a regular expression.
    DotReplaced,
    /// The `http://` twin of an `https://` origin: anyone on the network path can take it.
    InsecureTwin,
    /// Another subdomain of the same registrable domain: fine when every subdomain is yours,
    /// a hole when one serves user content or can be taken over.
    SiblingSubdomain,
    /// The same host on another port: another origin, often another program.
    OtherPort,
    /// `-` or `_` at the seam between a glued prefix and the host, characters browsers accept
    /// in hosts (`https://x-app.example.com`, `https://x_app.example.com`).
    SeamCharacter,
}

impl LookalikeKind {
    /// A stable name: `suffix-appended`, `prefix-glued`, ...
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::SuffixAppended => "suffix-appended",
            Self::PrefixGlued => "prefix-glued",
            Self::DomainPrefixGlued => "domain-prefix-glued",
            Self::DotReplaced => "dot-replaced",
            Self::InsecureTwin => "insecure-twin",
            Self::SiblingSubdomain => "sibling-subdomain",
            Self::OtherPort => "other-port",
            Self::SeamCharacter => "seam-character",
        }
    }
}

impl fmt::Display for LookalikeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One look-alike origin and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lookalike {
    /// What it betrays.
    pub kind: LookalikeKind,
    /// The origin, serialised as a browser sends it.
    pub origin: String,
    /// Whether someone else can hold it, whatever the site owns: another registrable domain,
    /// or the `http://` twin. A sibling subdomain, a prefix glued inside the site's own
    /// domain, or another port may be the site's own.
    pub foreign: bool,
}

/// The look-alikes of `origin` (`scheme://host[:port]`, a domain host; none for an IP
/// address, `null` or text that is not an origin), in a fixed order. `foreign` is a domain the
/// attacker holds (`attacker.test`), glued or appended where a look-alike needs one; `label`
/// a label to glue (`x`).
#[must_use]
pub fn lookalikes(origin: &str, foreign: &str, label: &str) -> Vec<Lookalike> {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Vec::new();
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (host, Some(port)),
        _ => (rest, None),
    };
    let host = host.strip_prefix("*.").unwrap_or(host);
    let is_domain = host.contains('.') && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if host.is_empty() || host.starts_with('[') || !is_domain {
        return Vec::new();
    }
    let at = |host: &str| match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    let registrable = registrable_domain(host);
    let mut out = Vec::new();
    let mut push = |kind, origin: String| {
        let foreign = match kind {
            LookalikeKind::SiblingSubdomain | LookalikeKind::OtherPort => false,
            LookalikeKind::InsecureTwin => true,
            // Foreign unless it stays under the site's registrable domain.
            _ => {
                let rest = origin.split_once("://").map_or("", |(_, rest)| rest);
                let host = rest.split(':').next().unwrap_or_default();
                registrable.is_none() || registrable_domain(host) != registrable
            }
        };
        out.push(Lookalike {
            kind,
            origin,
            foreign,
        });
    };
    push(
        LookalikeKind::SuffixAppended,
        at(&format!("{host}.{foreign}")),
    );
    push(LookalikeKind::PrefixGlued, at(&format!("{label}{host}")));
    if let Some(domain) = registrable.filter(|d| *d != host) {
        push(
            LookalikeKind::DomainPrefixGlued,
            at(&format!("{label}{domain}")),
        );
    }
    for (i, _) in host.match_indices('.') {
        push(
            LookalikeKind::DotReplaced,
            at(&format!("{}{label}{}", &host[..i], &host[i + 1..])),
        );
    }
    if scheme == "https" {
        push(LookalikeKind::InsecureTwin, format!("http://{rest}"));
    }
    if let Some(domain) = registrable {
        push(
            LookalikeKind::SiblingSubdomain,
            at(&format!("{label}-sibling.{domain}")),
        );
    }
    let other = match port {
        Some("8443") => "9443",
        _ => "8443",
    };
    push(
        LookalikeKind::OtherPort,
        format!("{scheme}://{host}:{other}"),
    );
    for seam in ['-', '_'] {
        push(
            LookalikeKind::SeamCharacter,
            at(&format!("{label}{seam}{host}")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_of_an_https_origin() {
        let all = lookalikes("https://app.example.com", "attacker.test", "x");
        let got: Vec<(&str, &str, bool)> = all
            .iter()
            .map(|l| (l.kind.name(), &*l.origin, l.foreign))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "suffix-appended",
                    "https://app.example.com.attacker.test",
                    true
                ),
                ("prefix-glued", "https://xapp.example.com", false),
                ("domain-prefix-glued", "https://xexample.com", true),
                ("dot-replaced", "https://appxexample.com", true),
                ("dot-replaced", "https://app.examplexcom", true),
                ("insecure-twin", "http://app.example.com", true),
                ("sibling-subdomain", "https://x-sibling.example.com", false),
                ("other-port", "https://app.example.com:8443", false),
                ("seam-character", "https://x-app.example.com", false),
                ("seam-character", "https://x_app.example.com", false),
            ]
        );
        let apex = lookalikes("https://example.com", "attacker.test", "x");
        assert!(
            apex.iter()
                .any(|l| l.origin == "https://xexample.com" && l.foreign)
        );
        let port = lookalikes("http://api.example.co.uk:8080", "attacker.test", "x");
        assert!(
            port.iter()
                .any(|l| l.origin == "http://xexample.co.uk:8080")
        );
        assert!(port.iter().all(|l| l.kind != LookalikeKind::InsecureTwin));
        assert!(lookalikes("http://127.0.0.1:3000", "attacker.test", "x").is_empty());
        assert!(lookalikes("null", "attacker.test", "x").is_empty());
    }
}
