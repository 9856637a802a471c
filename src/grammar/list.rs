//! Comma-separated header values (RFC 9110 lists): elements split at commas, without the
//! optional whitespace (spaces, tabs) around them, each with its first and last 8 bytes read
//! as words for the lookups that follow, in one pass over the value.

use super::words::{ends, find, first_in_word, low_bytes, padded, splat, word};

/// One element of a list, maybe empty.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'a> {
    /// The element, without the whitespace around it.
    pub(crate) bytes: &'a [u8],
    /// Its first 8 bytes, little-endian; under 8 bytes, the bytes padded with zeros.
    pub(crate) first: u64,
    /// Its last 8 bytes (the same as `first` under 9 bytes).
    pub(crate) last: u64,
}

impl<'a> Element<'a> {
    /// `bytes` as an element, words read from it alone.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        let (first, last) = ends(bytes);
        Self { bytes, first, last }
    }
}

/// Calls `f` with each element of one header line, in order, until it fails: `a, b,,c` gives
/// `a`, `b`, an empty one and `c`; an empty line gives one empty element.
#[inline]
pub(crate) fn try_each<'a, E>(
    line: &'a [u8],
    mut f: impl FnMut(Element<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let mut at = 0;
    while let Some(rest) = line.get(at..) {
        let (len, first, last) = split(rest);
        let bytes = &rest[..len];
        f(match (bytes.first(), bytes.last()) {
            // No whitespace to trim (browsers send none). Bytes above a space are never
            // whitespace; anything else takes the general path.
            (Some(&a), Some(&z)) if a > b' ' && z > b' ' => Element { bytes, first, last },
            (Some(_), _) => Element::new(trim_ows(bytes)),
            (None, _) => Element {
                bytes,
                first: 0,
                last: 0,
            },
        })?;
        at += len + 1;
    }
    Ok(())
}

/// The length of the first element of `rest` (up to its first comma), with its first and
/// last words, read by the same loads that look for the comma: one word for an element under
/// 8 bytes, two under 16, then a search of the rest and one more load for the last word.
#[inline(always)]
fn split(rest: &[u8]) -> (usize, u64, u64) {
    const COMMAS: u64 = splat(b',');
    if rest.first() == Some(&b',') {
        // An empty element, as hostile lists repeat.
        return (0, 0, 0);
    }
    if rest.len() < 8 {
        // The last element; the padding's zero bytes are never commas.
        let head = padded(rest);
        let len = first_in_word(head, COMMAS).unwrap_or(rest.len());
        let first = head & low_bytes(len);
        return (len, first, first);
    }
    let head = word(rest);
    if let Some(len) = first_in_word(head, COMMAS) {
        let first = head & low_bytes(len);
        return (len, first, first);
    }
    let len = match rest.get(8..16) {
        Some(second) => match first_in_word(word(second), COMMAS) {
            Some(at) => 8 + at,
            None => 16 + find(&rest[16..], b','),
        },
        None => 8 + find(&rest[8..], b','),
    };
    (len, head, word(&rest[len - 8..]))
}

/// Optional whitespace: a space or a tab.
#[inline]
fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `bytes` without the spaces and tabs at either end.
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_ows(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_ows(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every element as the plain split and trim say, with the words [`ends`] gives.
    #[test]
    fn elements_are_the_trimmed_pieces_between_commas_with_their_end_words() {
        for line in [
            "",
            ",",
            "a",
            "content-type",
            "content-type,x-requested-with",
            " accept , x-a ,\tx-b\t,,x-client-version,x-csrf-token ",
            "x-a-name-of-twenty-five-b,a,bc,def,ghij,klmno,pqrstu,vwxyzab,cdefghij",
            "a,",
            " , ,",
            "a b,c",
        ] {
            let expected: Vec<&[u8]> = line
                .as_bytes()
                .split(|&b| b == b',')
                .map(|e| e.trim_ascii())
                .collect();
            let mut found: Vec<Element<'_>> = Vec::new();
            let _ = try_each(line.as_bytes(), |e| -> Result<(), ()> {
                found.push(e);
                Ok(())
            });
            assert_eq!(found.len(), expected.len(), "{line:?}");
            for (element, bytes) in found.iter().zip(expected) {
                assert_eq!(element.bytes, bytes, "{line:?}");
                assert_eq!((element.first, element.last), ends(bytes), "{bytes:?}");
            }
        }
    }
}
