//! Internationalised host names in a configuration: the `xn--` labels browsers could send.

use super::host::Check;

/// Refuses a configured host with an `xn--` label that browsers' IDNA processing rejects (it
/// does not decode, or decodes to text a URL's host may not hold): no browser can send it.
/// Configuration only; hosts without such a label are not looked at.
pub(crate) fn check_punycode_labels(host: &str) -> Check<()> {
    let has_ace_label = host
        .as_bytes()
        .split(|&c| c == b'.')
        .any(|label| label.starts_with(b"xn--"));
    if !has_ace_label {
        return Ok(());
    }
    match idna::domain_to_ascii_cow(host.as_bytes(), idna::AsciiDenyList::URL) {
        Ok(ascii) if ascii == host => Ok(()),
        _ => Err(
            "an xn-- label of the host is not valid punycode, so no browser can send \
                  this origin; convert the Unicode host to its ASCII form again",
        ),
    }
}
