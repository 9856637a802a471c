//! [`HostGuard`]: refuses requests addressed to a host name the server does not answer to,
//! which is how a DNS-rebinding page reaches a server on loopback or a private network.

use std::sync::Arc;

use http::header::HOST;
use http::{HeaderMap, Method, Uri};
use tower_layer::Layer;

use super::refusal::GuardRefusal;
use super::service::{Guard, GuardService, sealed};
use crate::error::{ConfigError, ConfigErrorKind, ConfigProblem};
use crate::origins::host::{check_host, split_host_port};

/// A Tower layer that answers 403, before the handler runs, to a request whose `Host` (in
/// HTTP/2, its `:authority`) is not one of the hosts the server answers to.
///
/// # Why
/// CORS and the [`CrossOriginGuard`](super::CrossOriginGuard) judge the page's origin. A
/// DNS-rebinding attack makes that origin the attacker's own: a page of
/// `http://attacker.test:3000` has its name re-resolved to `127.0.0.1`, and its requests to
/// `http://attacker.test:3000/...` are then **same-origin** requests that reach your local
/// server with `Host: attacker.test:3000`, and whose answers the page reads. No CORS header
/// is involved. The one thing the attacker cannot choose is a `Host` your server answers to:
/// this guard refuses every other. Local development servers, desktop-app back ends and MCP
/// servers on loopback need it.
///
/// # The rules
/// - A configured host with a port (`localhost:3000`) matches that host on that port; a
///   request without a port matches it only when the port is 80 or 443. A configured host
///   without a port matches the host on any port.
/// - Hosts compare without regard to case. An IPv6 address is written in brackets
///   (`[::1]:3000`), as `Host` carries it. `localhost.` (with a trailing dot) is another name.
/// - A request with no host, more than one `Host` line, or a `Host` that differs from its
///   absolute URI's authority is refused.
///
/// ```
/// use axum::{routing::post, Router};
/// use tower_cors::guard::HostGuard;
/// use tower_cors::{Cors, CorsConfig};
///
/// let port = 3000;
/// let app: Router = Router::new()
///     .route("/transfer", post(|| async { "done" }))
///     .layer(HostGuard::loopback(port)) // localhost, 127.0.0.1, [::1] on this port
///     .layer(Cors::new(CorsConfig::local_development().build()?));
///
/// let named = HostGuard::new(["localhost:3000", "dev.example.test:3000"])?;
/// # let _ = named;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct HostGuard {
    hosts: Arc<[Host]>,
    report_only: bool,
}

/// A host the server answers to: a name or IP literal in lower case, and a port if it has one.
#[derive(Debug, PartialEq, Eq)]
struct Host {
    name: Box<str>,
    port: Option<u16>,
}

impl HostGuard {
    /// A guard for the hosts listed, each `name`, `name:port`, an IPv4 address or a bracketed
    /// IPv6 address, with or without a port.
    ///
    /// # Errors
    /// Every entry that is not a host as `Host` carries it (`*`, a scheme, a path, an empty
    /// name, a bad port), at once; and an empty list.
    pub fn new<I>(hosts: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for entry in hosts {
            let entry = entry.as_ref();
            match parse(entry) {
                Ok(host) => parsed.push(host),
                Err(why) => problems.push(ConfigProblem::new(
                    ConfigErrorKind::InvalidHost,
                    Some(entry),
                    format!(
                        "invalid host {entry:?}: {why} (write a host as a browser sends it in \
                         Host, such as \"localhost:3000\", \"127.0.0.1:3000\" or \"[::1]:3000\")"
                    ),
                )),
            }
        }
        if parsed.is_empty() && problems.is_empty() {
            problems.push(ConfigProblem::new(
                ConfigErrorKind::InvalidHost,
                None,
                "no host is listed: name the hosts the server answers to, or use \
                 HostGuard::loopback(port)"
                    .to_owned(),
            ));
        }
        if !problems.is_empty() {
            return Err(ConfigError::new(problems));
        }
        Ok(Self {
            hosts: parsed.into(),
            report_only: false,
        })
    }

    /// The loopback names on `port`: `localhost`, `127.0.0.1` and `[::1]`, what a browser on
    /// the same machine sends to a server listening on loopback.
    pub fn loopback(port: u16) -> Self {
        Self {
            hosts: ["localhost", "127.0.0.1", "[::1]"]
                .map(|name| Host {
                    name: name.into(),
                    port: Some(port),
                })
                .into(),
            report_only: false,
        }
    }

    /// Checks a request's target and headers: see the rules above.
    ///
    /// # Errors
    /// Why the request is refused.
    pub fn check<'a>(&self, uri: &'a Uri, headers: &'a HeaderMap) -> Result<(), GuardRefusal<'a>> {
        let mut lines = headers.get_all(HOST).iter();
        let header = match (lines.next(), lines.next()) {
            (_, Some(_)) => return Err(GuardRefusal::UnknownHost { host: None }),
            (line, None) => line.map(|v| v.to_str().unwrap_or_default()),
        };
        let authority = uri.authority().map(http::uri::Authority::as_str);
        let host = match (header, authority) {
            (Some(h), Some(a)) if !h.eq_ignore_ascii_case(a) => {
                return Err(GuardRefusal::UnknownHost { host: Some(h) });
            }
            (Some(host), _) | (None, Some(host)) => host,
            (None, None) => return Err(GuardRefusal::UnknownHost { host: None }),
        };
        if self.answers_to(host) {
            Ok(())
        } else {
            Err(GuardRefusal::UnknownHost { host: Some(host) })
        }
    }

    /// Whether `host` (a `Host` value) names one of the configured hosts.
    fn answers_to(&self, host: &str) -> bool {
        let Ok((name, port)) = split_host_port(host) else {
            return false;
        };
        let port = match port {
            None => None,
            Some(p) => match p.parse::<u16>() {
                Ok(port) if !p.starts_with('+') => Some(port),
                _ => return false,
            },
        };
        self.hosts.iter().any(|allowed| {
            allowed.name.eq_ignore_ascii_case(name)
                && match (allowed.port, port) {
                    (None, _) => true,
                    (Some(a), Some(p)) => a == p,
                    (Some(a), None) => a == 80 || a == 443,
                }
        })
    }
}

/// A configured host, or why it is not one.
fn parse(entry: &str) -> Result<Host, &'static str> {
    if entry.contains("://") || entry.contains('/') {
        return Err("a host has no scheme and no path");
    }
    if entry.contains('*') {
        return Err("a host guard lists hosts, never \"*\"");
    }
    let lower = entry.to_ascii_lowercase();
    let (name, port) = split_host_port(&lower)?;
    let port = match port {
        None => None,
        Some(p) => {
            let valid = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
            match p.parse::<u16>() {
                Ok(port) if valid && port > 0 && !p.starts_with('0') => Some(port),
                _ => return Err("the port must be a number from 1 to 65535"),
            }
        }
    };
    check_host(name, false)?;
    Ok(Host {
        name: name.into(),
        port,
    })
}

impl HostGuard {
    /// Report-only: a request the guard would refuse is counted (feature `metrics`,
    /// `tower_cors_guard_refusals_total{mode="report-only"}`) and logged (feature `tracing`,
    /// target `tower_cors::guard`), then let through with its
    /// [`GuardRefusalKind`](super::GuardRefusalKind) in the request's extensions. Run a guard
    /// this way first to see what it would refuse in production.
    pub fn report_only(mut self) -> Self {
        self.report_only = true;
        self
    }
}

impl sealed::Sealed for HostGuard {}

impl Guard for HostGuard {
    fn check_request<'a>(
        &self,
        _: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<(), GuardRefusal<'a>> {
        self.check(uri, headers)
    }

    fn name(&self) -> &'static str {
        "host"
    }

    fn is_report_only(&self) -> bool {
        self.report_only
    }
}

impl<S> Layer<S> for HostGuard {
    type Service = GuardService<S, Self>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService::new(inner, self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(host: Option<&str>, uri: &str) -> (Uri, HeaderMap) {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(HOST, host.parse().unwrap());
        }
        (uri.parse().unwrap(), headers)
    }

    #[test]
    fn a_host_guard_answers_only_to_its_hosts() {
        let guard = HostGuard::loopback(3000);
        let named = HostGuard::new(["Dev.Example.test", "[::1]:8080", "web:443"]).unwrap();
        // Guard, Host, request target, passes.
        let cases: &[(&HostGuard, Option<&str>, &str, bool)] = &[
            (&guard, Some("localhost:3000"), "/", true),
            (&guard, Some("LOCALHOST:3000"), "/", true),
            (&guard, Some("127.0.0.1:3000"), "/", true),
            (&guard, Some("[::1]:3000"), "/", true),
            (&guard, Some("attacker.test:3000"), "/", false),
            (&guard, Some("localhost:3001"), "/", false),
            (&guard, Some("localhost"), "/", false),
            (&guard, Some("localhost.:3000"), "/", false),
            (&guard, Some("127.0.0.2:3000"), "/", false),
            (&guard, Some("localhost:+3000"), "/", false),
            (&guard, None, "/", false),
            (&guard, None, "http://localhost:3000/", true),
            (&guard, None, "http://attacker.test:3000/", false),
            (
                &guard,
                Some("localhost:3000"),
                "http://attacker.test:3000/",
                false,
            ),
            (&named, Some("dev.example.test:1234"), "/", true),
            (&named, Some("dev.example.test"), "/", true),
            (&named, Some("[::1]:8080"), "/", true),
            (&named, Some("[::1]"), "/", false),
            (&named, Some("web"), "/", true),
            (&named, Some("web:80"), "/", false),
            (&named, Some("example.test"), "/", false),
        ];
        for (guard, host, target, passes) in cases {
            let (uri, headers) = request(*host, target);
            assert_eq!(
                guard.check(&uri, &headers).is_ok(),
                *passes,
                "{host:?} {target}"
            );
        }
        let (uri, mut headers) = request(Some("localhost:3000"), "/");
        headers.append(HOST, "localhost:3000".parse().unwrap());
        assert!(guard.check(&uri, &headers).is_err(), "two Host lines");
    }

    #[test]
    fn a_host_list_is_checked_at_once() {
        let err = HostGuard::new(["*", "http://localhost:3000", "localhost:0", "a b", "ok:1"])
            .unwrap_err();
        assert_eq!(err.problems().len(), 4, "{err}");
        assert!(
            err.problems()
                .iter()
                .all(|p| p.kind() == ConfigErrorKind::InvalidHost)
        );
        assert_eq!(
            err.problems()[0].to_string(),
            "invalid host \"*\": a host guard lists hosts, never \"*\" (write a host as a \
             browser sends it in Host, such as \"localhost:3000\", \"127.0.0.1:3000\" or \
             \"[::1]:3000\")"
        );
        assert!(HostGuard::new(Vec::<String>::new()).is_err());
    }
}
