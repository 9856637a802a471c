//! Reading `Access-Control-Request-Headers`: one bounded pass over every line, without
//! allocating, each name checked against the policy as it is found.

use http::HeaderValue;
use http::header::GetAll;

use super::refusal::{Malformed, Refusal};
use crate::grammar::list::{Element, try_each};
use crate::grammar::token::is_token;
use crate::policy::RequestHeaders;

/// Total bytes of `Access-Control-Request-Headers` (all lines) looked at: a browser's list of
/// header names is far shorter, and anything longer is refused before it is scanned.
const MAX_REQUEST_HEADERS_LEN: usize = 4096;
/// Empty list elements tolerated (browsers send none). An empty line is one empty element.
const MAX_EMPTY_ELEMENTS: usize = 16;

/// Checks every name of `Access-Control-Request-Headers` in one bounded pass: at most
/// [`MAX_REQUEST_HEADERS_LEN`] bytes over all lines, optional whitespace around names, at most
/// [`MAX_EMPTY_ELEMENTS`] empty elements. Names are compared case-insensitively; every one
/// must be allowed.
///
/// The two bounds also bound the number of lines: a line is either empty (an empty element)
/// or at least one byte long. They are checked before any name is looked at, so a hostile
/// list costs one walk over its line lengths.
#[inline(never)]
pub(crate) fn check<'a>(
    allowed: &RequestHeaders,
    lines: GetAll<'a, HeaderValue>,
) -> Result<(), Refusal<'a>> {
    let (mut total, mut empty_lines) = (0, 0);
    for line in lines.iter() {
        total += line.len();
        empty_lines += usize::from(line.is_empty());
        if total > MAX_REQUEST_HEADERS_LEN || empty_lines > MAX_EMPTY_ELEMENTS {
            return Err(Refusal::Malformed(Malformed::RequestHeadersTooLong));
        }
    }
    let mut empty = 0;
    let mut count_empty = || {
        empty += 1;
        match empty > MAX_EMPTY_ELEMENTS {
            true => Err(Refusal::Malformed(Malformed::InvalidRequestHeaders)),
            false => Ok(()),
        }
    };
    if allowed.allows_any() {
        for line in lines {
            try_each(line.as_bytes(), |element| match element.bytes.is_empty() {
                true => count_empty(),
                false => check_name(allowed, element.bytes),
            })?;
        }
        return Ok(());
    }
    // Only listed names: the lookup is the whole check of a listed name.
    let names = allowed.listed();
    for line in lines {
        try_each(line.as_bytes(), |element| {
            if element.bytes.is_empty() {
                count_empty()
            } else if names.contains(&element) {
                Ok(())
            } else {
                check_name(allowed, element.bytes)
            }
        })?;
    }
    Ok(())
}

/// Checks one requested name (not empty) that is not simply listed: under "any header", or
/// a name the list lacks.
#[cold]
#[inline(never)]
fn check_name<'a>(allowed: &RequestHeaders, name: &'a [u8]) -> Result<(), Refusal<'a>> {
    if !is_token(name) {
        return Err(Refusal::Malformed(Malformed::InvalidRequestHeaders));
    }
    if allowed.allows(&Element::new(name)) {
        return Ok(());
    }
    // A token is ASCII, so the conversion cannot fail.
    let name = std::str::from_utf8(name).unwrap_or_default();
    Err(Refusal::HeaderNotAllowed { name })
}
