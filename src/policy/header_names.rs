//! [`HeaderNames`]: allowed header names, built once for a lookup that costs a few word
//! compares per requested name. Names are bucketed by length; each is kept as 8-byte words
//! with a mask of its letters, so that a requested name matches when it differs from a listed
//! one only by the case of letters: `(word ^ listed) & !letters == 0`. A match also proves the
//! requested name a token, since every byte equals a token byte up to a letter's case.

/// One listed name as words: the lower-case bytes, and 0x20 in each letter's byte.
#[derive(Debug, Clone)]
struct Name {
    /// Full 8-byte words from the start, then the last 8 bytes (overlapping) or, for names
    /// shorter than 8 bytes, the bytes padded with zeros.
    words: Box<[(u64, u64)]>,
}

/// Allowed header names (lower case), matched case-insensitively.
#[derive(Debug, Clone, Default)]
pub(crate) struct HeaderNames {
    /// `by_len[n]`: the names of `n` bytes.
    by_len: Box<[Box<[Name]>]>,
}

impl HeaderNames {
    /// The set of `names`, each a lower-case token.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut by_len: Vec<Vec<Name>> = Vec::new();
        for name in names {
            if by_len.len() <= name.len() {
                by_len.resize(name.len() + 1, Vec::new());
            }
            let words = words(name)
                .into_iter()
                .map(|word| (word, letters(word)))
                .collect();
            by_len[name.len()].push(Name { words });
        }
        Self {
            by_len: by_len.into_iter().map(Vec::into_boxed_slice).collect(),
        }
    }

    /// Whether `name` is one of the names, ignoring ASCII case.
    #[inline]
    pub(crate) fn contains(&self, name: &[u8]) -> bool {
        match self.by_len.get(name.len()) {
            Some(candidates) => candidates.iter().any(|candidate| candidate.matches(name)),
            None => false,
        }
    }
}

impl Name {
    /// Whether `name`, of this name's length, is this name up to the case of letters.
    #[inline]
    fn matches(&self, name: &[u8]) -> bool {
        let same = |word: u64, (value, letters): (u64, u64)| (word ^ value) & !letters == 0;
        let len = name.len();
        if len < 8 {
            return same(padded(name), self.words[0]);
        }
        let mut at = 0;
        for &pair in &self.words[..self.words.len() - 1] {
            if !same(word(&name[at..at + 8]), pair) {
                return false;
            }
            at += 8;
        }
        same(word(&name[len - 8..]), self.words[self.words.len() - 1])
    }
}

/// `name` as 8-byte words: full words from the start, then the last 8 bytes (overlapping the
/// previous word) or, when shorter than 8 bytes, the bytes padded with zeros.
fn words(name: &[u8]) -> Vec<u64> {
    if name.len() < 8 {
        return vec![padded(name)];
    }
    let mut words: Vec<u64> = name.chunks_exact(8).map(word).collect();
    if name.len() % 8 != 0 {
        words.push(word(&name[name.len() - 8..]));
    }
    words
}

/// The first 8 bytes of `bytes`, little-endian.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    let mut array = [0; 8];
    array.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(array)
}

/// Fewer than 8 bytes, padded with zeros.
#[inline]
fn padded(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0, |word, &b| (word << 8) | u64::from(b))
}

/// 0x20 in each byte of `word` that is a lower-case letter.
fn letters(word: u64) -> u64 {
    word.to_le_bytes()
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_lowercase())
        .fold(0, |mask, (i, _)| mask | (0x20 << (8 * i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whatever_the_case_of_their_letters_and_nothing_else() {
        let listed = [
            "accept",
            "content-type",
            "x-requested-with",
            "x-csrf-token",
            "a",
        ];
        let set = HeaderNames::new(listed.iter().map(|n| n.as_bytes()));
        for name in [
            "accept",
            "ACCEPT",
            "Content-Type",
            "X-Requested-With",
            "x-CSRF-token",
            "A",
        ] {
            assert!(set.contains(name.as_bytes()), "{name}");
        }
        // Same length, one byte off anywhere; a case flip of a non-letter (`-` ^ 0x20 = `\r`).
        for name in [
            "accepu",
            "bccept",
            "content-typf",
            "dontent-type",
            "x-requested-wit!",
            "content\rtype",
            "x-csrf-tokem",
            "b",
            "",
            "content-type-",
            "x-requested-withx",
        ] {
            assert!(!set.contains(name.as_bytes()), "{name:?}");
        }
    }
}
