//! Local Network Access: why a public page's call to a server on loopback or a private
//! network never reaches it. Chromium (from version 142) and Firefox (153) block such a call
//! until the user grants the page the permission to reach local devices; no response header
//! can grant it, and no browser sends the older Private Network Access preflight any more.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::code::ReasonCode;
use super::console::{chrome, firefox};
use super::explanation::{Explanation, Stage};

/// The address spaces browsers tell apart, most private first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum AddressSpace {
    /// This machine: `127.0.0.0/8`, `::1`, `localhost`.
    Loopback,
    /// A private network: `10/8`, `172.16/12`, `192.168/16`, link-local, `fc00::/7`, ...
    Local,
    /// Anything else.
    Public,
}

impl AddressSpace {
    /// The address space of a host as a URL writes it (`127.0.0.1`, `[::1]`, `localhost`,
    /// `192.168.1.2`, a domain). A domain other than `localhost` counts as public: where it
    /// points is known only when it is resolved.
    #[must_use]
    pub fn of_host(host: &str) -> Self {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host == "localhost" || host.ends_with(".localhost") {
            return Self::Loopback;
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => Self::of_v4(ip),
            Ok(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
                Some(v4) => Self::of_v4(v4),
                None => Self::of_v6(ip),
            },
            Err(_) => Self::Public,
        }
    }

    fn of_v4(ip: Ipv4Addr) -> Self {
        if ip.is_loopback() {
            Self::Loopback
        } else if ip.is_private() || ip.is_link_local() || ip.is_unspecified() {
            Self::Local
        } else {
            Self::Public
        }
    }

    fn of_v6(ip: Ipv6Addr) -> Self {
        if ip.is_loopback() {
            Self::Loopback
        } else if ip.is_unique_local() || ip.is_unicast_link_local() || ip.is_unspecified() {
            Self::Local
        } else {
            Self::Public
        }
    }

    /// The name Chromium's console uses: `loopback`, `local`, `public`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Local => "local",
            Self::Public => "public",
        }
    }
}

/// Why a page of `page_origin` cannot call `url` (`scheme://host[:port]/path`) when the target
/// is in a more private address space than the page: Chromium's and Firefox's console texts,
/// and what to do; `None` when Local Network Access does not apply (the page is as private as
/// the target, or the texts are not an origin and a URL).
///
/// ```
/// use tower_cors::diagnostics::{local_network_access, Stage};
///
/// let why = local_network_access("https://app.example.com", "http://127.0.0.1:3000/api").unwrap();
/// assert_eq!(why.stage, Stage::Permission);
/// assert_eq!(
///     why.chrome.as_deref(),
///     Some("Permission was denied for this request to access the `loopback` address space.")
/// );
/// assert!(local_network_access("http://localhost:5173", "http://127.0.0.1:3000/api").is_none());
/// ```
#[must_use]
pub fn local_network_access(page_origin: &str, url: &str) -> Option<Explanation> {
    let page = AddressSpace::of_host(host_of(page_origin)?);
    let target = AddressSpace::of_host(host_of(url)?);
    local_network_access_between(page_origin, page, url, target)
}

/// [`local_network_access`] with the address spaces given: where the host alone does not
/// tell (a domain resolved to a private address, a page the browser was told is public).
#[must_use]
pub fn local_network_access_between(
    page_origin: &str,
    page: AddressSpace,
    url: &str,
    target: AddressSpace,
) -> Option<Explanation> {
    if target >= page {
        return None;
    }
    let fix = format!(
        "no response header can allow it: a page of the {} address space may call the {} \
         space only once the user allows it to reach devices on the local network (Chromium \
         and Firefox ask); serve the page from the same space as the API, or call the API \
         through the page's own server",
        page.name(),
        target.name()
    );
    let mut e = Explanation::new(Stage::Permission, ReasonCode::CorsDidNotSucceed, fix);
    e.chrome = Some(chrome::lna_permission_denied(target.name()));
    e.firefox = Some(firefox::lna_permission_required(
        page_origin.trim_end_matches('/'),
        url,
    ));
    Some(e)
}

/// Chromium's text when the page declares `targetAddressSpace` and the target is in
/// another space: `declared` as the page wrote it (`local`; Chromium reports `private` as
/// `local`), `url` the target.
#[must_use]
pub fn local_network_wrong_target(declared: &str, url: &str) -> Option<String> {
    let declared = if declared == "private" {
        "local"
    } else {
        declared
    };
    let actual = AddressSpace::of_host(host_of(url)?);
    (declared != actual.name()).then(|| chrome::lna_wrong_target(declared, actual.name()))
}

/// The host of an origin or a URL.
fn host_of(text: &str) -> Option<&str> {
    let rest = text.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if authority.starts_with('[') {
        return authority.find(']').map(|end| &authority[..=end]);
    }
    Some(authority.split(':').next().unwrap_or(authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_spaces_follow_the_browsers() {
        for (host, space) in [
            ("127.0.0.1", AddressSpace::Loopback),
            ("127.1.2.3", AddressSpace::Loopback),
            ("[::1]", AddressSpace::Loopback),
            ("localhost", AddressSpace::Loopback),
            ("app.localhost", AddressSpace::Loopback),
            ("192.168.1.20", AddressSpace::Local),
            ("10.0.0.1", AddressSpace::Local),
            ("172.20.0.1", AddressSpace::Local),
            ("169.254.1.1", AddressSpace::Local),
            ("[fd00::1]", AddressSpace::Local),
            ("[::ffff:192.168.0.1]", AddressSpace::Local),
            ("8.8.8.8", AddressSpace::Public),
            ("example.com", AddressSpace::Public),
        ] {
            assert_eq!(AddressSpace::of_host(host), space, "{host}");
        }
    }

    #[test]
    fn only_a_call_into_a_more_private_space_needs_the_permission() {
        let lan = local_network_access("https://app.example.com", "http://192.168.1.20/x").unwrap();
        assert_eq!(
            lan.chrome.as_deref(),
            Some("Permission was denied for this request to access the `local` address space.")
        );
        assert!(
            lan.firefox
                .unwrap()
                .contains("attempting to access target “http://192.168.1.20/x”")
        );
        assert!(local_network_access("http://192.168.1.20", "http://127.0.0.1:1/").is_some());
        assert!(local_network_access("http://127.0.0.1:1", "http://192.168.1.20/").is_none());
        assert!(local_network_access("https://a.example", "https://b.example/").is_none());
        assert_eq!(
            local_network_wrong_target("private", "http://127.0.0.1:8082/api").as_deref(),
            Some(
                "Request had a target IP address space of `local` yet the resource is in address space `loopback`."
            )
        );
        assert!(local_network_wrong_target("loopback", "http://127.0.0.1:8082/").is_none());
    }
}
