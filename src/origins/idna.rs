//! Internationalised host names in a configuration: the `xn--` labels browsers could send.
//!
//! Without the `idna` feature, each `xn--` label must be well-formed Punycode (RFC 3492): it
//! decodes, it decodes to text with a non-ASCII character (an all-ASCII label is never
//! written as `xn--`) and without control or white-space characters, and encoding that text
//! again gives the label back (one spelling per name). With the `idna` feature, the host also goes through the IDNA processing browsers
//! apply to a URL's host (UTS 46), which refuses besides the labels whose text a host may not
//! hold (disallowed code points, bidi and joiner rules). Either way the check runs at
//! `build()` only, on configured hosts with such a label.

use super::host::Check;

const INVALID: &str = "an xn-- label of the host is not valid punycode, so no browser can send \
                       this origin; convert the Unicode host to its ASCII form again";

/// Refuses a configured host with an `xn--` label that browsers' IDNA processing rejects: no
/// browser can send it. Hosts without such a label are not looked at.
pub(crate) fn check_punycode_labels(host: &str) -> Check<()> {
    let mut any = false;
    for label in host.split('.') {
        let Some(encoded) = label.strip_prefix("xn--") else {
            continue;
        };
        any = true;
        let decoded = decode(encoded).ok_or(INVALID)?;
        let canonical = decoded.iter().any(|c| !c.is_ascii())
            && !decoded.iter().any(|c| c.is_control() || c.is_whitespace())
            && encode(&decoded).is_some_and(|again| again == encoded);
        if !canonical {
            return Err(INVALID);
        }
    }
    if any { full_check(host) } else { Ok(()) }
}

#[cfg(feature = "idna")]
fn full_check(host: &str) -> Check<()> {
    match idna::domain_to_ascii_cow(host.as_bytes(), idna::AsciiDenyList::URL) {
        Ok(ascii) if ascii == host => Ok(()),
        _ => Err(INVALID),
    }
}

#[cfg(not(feature = "idna"))]
#[allow(clippy::unnecessary_wraps)]
fn full_check(_: &str) -> Check<()> {
    Ok(())
}

// RFC 3492, section 5: the parameters of Punycode.
const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// RFC 3492, section 6.1.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn threshold(k: u32, bias: u32) -> u32 {
    k.saturating_sub(bias).clamp(T_MIN, T_MAX)
}

/// The digit value of a lower-case letter or digit (a label in browser form is lower case).
fn digit_value(byte: u8) -> Option<u32> {
    match byte {
        b'a'..=b'z' => Some(u32::from(byte - b'a')),
        b'0'..=b'9' => Some(u32::from(byte - b'0') + 26),
        _ => None,
    }
}

fn digit_char(digit: u32) -> u8 {
    // A digit is below 36 by construction.
    let digit = u8::try_from(digit).unwrap_or(0);
    if digit < 26 {
        b'a' + digit
    } else {
        b'0' + digit - 26
    }
}

/// RFC 3492, section 6.2: the code points of `input` (the part after `xn--`), or `None` when
/// it does not decode. Arithmetic overflow is a failure, as the RFC requires.
fn decode(input: &str) -> Option<Vec<char>> {
    let bytes = input.as_bytes();
    let (basic, extended) = match bytes.iter().rposition(|&b| b == b'-') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&b""[..], bytes),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.iter().map(|&b| char::from(b)).collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut rest = extended.iter();
    while rest.len() > 0 {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = digit_value(*rest.next()?)?;
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let points = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, points, old_i == 0);
        n = n.checked_add(i / points)?;
        i %= points;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

/// RFC 3492, section 6.3: the Punycode of `input` (without `xn--`).
fn encode(input: &[char]) -> Option<String> {
    let mut output: Vec<u8> = input
        .iter()
        .filter(|c| c.is_ascii())
        .map(|&c| u8::try_from(c).unwrap_or(0))
        .collect();
    let basic = u32::try_from(output.len()).ok()?;
    if basic > 0 {
        output.push(b'-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut handled = basic;
    let total = u32::try_from(input.len()).ok()?;
    while handled < total {
        let m = input
            .iter()
            .map(|&c| u32::from(c))
            .filter(|&c| c >= n)
            .min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = u32::from(c);
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit_char(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit_char(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    String::from_utf8(output).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_round_trips_the_rfc_samples_and_refuses_broken_labels() {
        for (unicode, ace) in [
            ("bücher", "bcher-kva"),
            ("рф", "p1ai"),
            ("中国", "fiqs8s"),
            ("münchen", "mnchen-3ya"),
            ("ü", "tda"),
        ] {
            let chars: Vec<char> = unicode.chars().collect();
            assert_eq!(decode(ace).as_deref(), Some(&chars[..]), "{ace}");
            assert_eq!(encode(&chars).as_deref(), Some(ace), "{unicode}");
            assert!(
                check_punycode_labels(&format!("app.xn--{ace}")).is_ok(),
                "{ace}"
            );
        }
        for broken in [
            "xn--f",
            "xn--",
            "xn--abc",
            "xn--bcher-kv",
            "xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "xn--99999999999",
        ] {
            assert!(check_punycode_labels(broken).is_err(), "{broken}");
        }
        assert!(check_punycode_labels("app.example.com").is_ok());
    }
}
