//! Bytes read eight at a time: little-endian words of a slice, and the search for a byte
//! that looks at a word per step instead of a byte.

/// Each byte 0x01.
const ONES: u64 = 0x0101_0101_0101_0101;
/// Each byte's high bit.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The first 8 bytes of `bytes`, little-endian. `bytes` has at least 8.
#[inline]
pub(crate) fn word(bytes: &[u8]) -> u64 {
    let mut array = [0; 8];
    array.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(array)
}

/// Fewer than 8 bytes as a little-endian word padded with zeros: two overlapping loads, not
/// a loop over the bytes.
#[inline]
pub(crate) fn padded(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let load = |at: usize, width: usize| {
        bytes[at..at + width]
            .iter()
            .rev()
            .fold(0u64, |word, &b| (word << 8) | u64::from(b))
    };
    match n {
        4..8 => load(0, 4) | (load(n - 4, 4) << (8 * (n - 4))),
        2..4 => load(0, 2) | (load(n - 2, 2) << (8 * (n - 2))),
        1 => u64::from(bytes[0]),
        _ => 0,
    }
}

/// The first and last 8 bytes of `bytes` as words (overlapping under 16 bytes); under 8
/// bytes, both are the bytes padded with zeros.
#[inline]
pub(crate) fn ends(bytes: &[u8]) -> (u64, u64) {
    match bytes.len() {
        0..8 => {
            let padded = padded(bytes);
            (padded, padded)
        }
        len => (word(bytes), word(&bytes[len - 8..])),
    }
}

/// The first `len` bytes of a word (`len` < 8) as a mask.
#[inline]
pub(crate) fn low_bytes(len: usize) -> u64 {
    (1u64 << (8 * len)) - 1
}

/// Whether `a` and `b` hold the same bytes, compared a word at a time (the last word
/// overlapping): cheaper than a call to `memcmp` for the few bytes of an origin's parts.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return padded(a) == padded(b);
    }
    let body = a
        .chunks_exact(8)
        .zip(b.chunks_exact(8))
        .all(|(x, y)| word(x) == word(y));
    body && word(&a[len - 8..]) == word(&b[len - 8..])
}

/// `byte` in each byte of a word.
#[inline]
pub(crate) const fn splat(byte: u8) -> u64 {
    ONES * byte as u64
}

/// The index of the first byte of `word` equal to the byte `needles` repeats, if any.
#[inline]
pub(crate) fn first_in_word(word: u64, needles: u64) -> Option<usize> {
    // A byte of `x` is zero where the needle is. Subtracting one from each byte sets the high
    // bit of a zero byte; borrows can only mark bytes after a true zero, so the lowest mark is
    // exact.
    let x = word ^ needles;
    let marks = x.wrapping_sub(ONES) & !x & HIGHS;
    (marks != 0).then(|| (marks.trailing_zeros() / 8) as usize)
}

/// The index of the first `needle` in `haystack`, or its length.
#[inline]
pub(crate) fn find(haystack: &[u8], needle: u8) -> usize {
    let needles = splat(needle);
    let mut chunks = haystack.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        if let Some(i) = first_in_word(word(chunk), needles) {
            return at + i;
        }
        at += 8;
    }
    let rest = chunks.remainder();
    // The padding's zero bytes match only a zero needle: keep hits inside the slice.
    match first_in_word(padded(rest), needles) {
        Some(i) if i < rest.len() => at + i,
        _ => haystack.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_slices_load_as_the_same_padded_word_byte_by_byte() {
        for len in 0..8 {
            let bytes: Vec<u8> = (1..=len as u8).collect();
            let expected = bytes
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, &b)| w | (u64::from(b) << (8 * i)));
            assert_eq!(padded(&bytes), expected, "{len}");
        }
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let text = b"https://a.example.com:8443";
        for len in 0..text.len() {
            for at in 0..len {
                let a = &text[..len];
                let mut b = a.to_vec();
                assert!(same_bytes(a, &b));
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {at}");
            }
            assert!(!same_bytes(&text[..len], &text[..len + 1]));
        }
    }

    #[test]
    fn find_returns_the_first_needle_or_the_length() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                // Bytes that differ from the needle by one bit, and high bytes, around it.
                for (i, b) in bytes.iter_mut().enumerate() {
                    *b = [b'-', b'.', 0xac, b'l', 0x2d][i % 5];
                }
                if at < len {
                    bytes[at] = b',';
                    if at + 1 < len {
                        bytes[at + 1] = b',';
                    }
                }
                assert_eq!(find(&bytes, b','), at, "{bytes:?}");
                assert_eq!(find(&bytes, 0), len);
            }
        }
    }
}
