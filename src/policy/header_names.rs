//! [`HeaderNames`]: allowed header names, built once for a lookup that costs a hash of two
//! words and a few word compares per requested name, whatever the number of names.
//!
//! Each listed name is kept as 8-byte words with a mask of the bits that must agree, so that
//! a requested name matches when it differs from a listed one only by the case of letters:
//! `(word ^ listed) & keep == 0`. A match also proves the requested name a token, since every
//! byte equals a token byte up to a letter's case. Names sit in an open-addressed table, at
//! most half full, keyed by the length and the case-folded first and last words, which a
//! requested name of the same length and letters hashes to as well.

use crate::grammar::list::Element;
use crate::grammar::words::word;

/// Sets the case bit of every byte: letters of either case fold together (other bytes may
/// too, which the exact compare that follows sorts out).
const FOLD: u64 = 0x2020_2020_2020_2020;

/// A word of a listed name, and the bits a requested word must share with it.
type Masked = (u64, u64);

/// A word no requested word matches: header values are never all `0xff` bytes.
const NEVER: Masked = (u64::MAX, u64::MAX);

/// One slot of the table: a listed name, or empty (length 0).
#[derive(Debug, Clone, Copy)]
struct Slot {
    len: usize,
    first: Masked,
    last: Masked,
    /// Where the words between the first and last start in [`HeaderNames::middles`] (names
    /// over 16 bytes).
    middle: usize,
}

const EMPTY: Slot = Slot {
    len: 0,
    first: NEVER,
    last: NEVER,
    middle: 0,
};

/// Allowed header names (lower case), matched case-insensitively.
#[derive(Debug, Clone)]
pub(crate) struct HeaderNames {
    /// A power-of-two number of slots, at least twice the names.
    slots: Box<[Slot]>,
    /// The number of slots less one.
    mask: usize,
    /// The [`hash`] multiplier that places these names best.
    multiplier: u64,
    /// The words of names over 16 bytes at offsets 8, 16, … before their last 8 bytes.
    middles: Box<[Masked]>,
}

impl Default for HeaderNames {
    fn default() -> Self {
        Self::new([])
    }
}

impl HeaderNames {
    /// The set of `names`, each a distinct, non-empty, lower-case token.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let names: Vec<Element<'_>> = names
            .into_iter()
            .filter(|name| !name.is_empty())
            .map(Element::new)
            .collect();
        // Few names get four slots each, more two: a table at most half full.
        let spread = if names.len() <= SPREAD_UP_TO { 4 } else { 2 };
        let size = (names.len() * spread).next_power_of_two().max(2);
        // The multiplier that leaves the fewest names out of their first slot.
        let mut best = (usize::MAX, MULTIPLIERS[0]);
        for multiplier in MULTIPLIERS {
            let mut taken = vec![false; size];
            let mut displaced = 0;
            for name in &names {
                let mut at = hash(name, multiplier) & (size - 1);
                displaced += usize::from(taken[at]);
                while taken[at] {
                    at = (at + 1) & (size - 1);
                }
                taken[at] = true;
            }
            if displaced < best.0 {
                best = (displaced, multiplier);
            }
        }
        let multiplier = best.1;
        let mut slots = vec![EMPTY; size].into_boxed_slice();
        let mut middles = Vec::new();
        for name in &names {
            let mut at = hash(name, multiplier) & (size - 1);
            while slots[at].len != 0 {
                at = (at + 1) & (size - 1);
            }
            let len = name.bytes.len();
            slots[at] = Slot {
                len,
                first: masked(name.first),
                last: masked(name.last),
                middle: middles.len(),
            };
            middles.extend(
                (8..len.saturating_sub(8))
                    .step_by(8)
                    .map(|at| masked(word(&name.bytes[at..]))),
            );
        }
        Self {
            mask: size - 1,
            multiplier,
            slots,
            middles: middles.into_boxed_slice(),
        }
    }

    /// Whether `name` is one of the names, ignoring ASCII case.
    #[inline]
    pub(crate) fn contains(&self, name: &Element<'_>) -> bool {
        let mask = self.mask;
        let mut at = hash(name, self.multiplier) & mask;
        loop {
            let Some(slot) = self.slots.get(at) else {
                return false;
            };
            if slot.len == name.bytes.len()
                && same(name.first, slot.first)
                && same(name.last, slot.last)
                && (slot.len <= 16 || self.middle_matches(slot, name.bytes))
            {
                return true;
            }
            if slot.len == 0 {
                return false;
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether the words of `name` between its first and last 8 bytes match the slot's.
    #[inline(never)]
    fn middle_matches(&self, slot: &Slot, name: &[u8]) -> bool {
        let offsets = (8..name.len() - 8).step_by(8);
        let Some(words) = self.middles.get(slot.middle..slot.middle + offsets.len()) else {
            return false;
        };
        offsets
            .zip(words)
            .all(|(at, &listed)| same(word(&name[at..]), listed))
    }
}

/// Whether a requested word is a listed word up to the case of letters.
#[inline]
fn same(word: u64, (value, keep): Masked) -> bool {
    (word ^ value) & keep == 0
}

/// A listed (lower-case) word and the bits to compare: all but the case bit of letters.
fn masked(word: u64) -> Masked {
    let letters = word
        .to_le_bytes()
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_lowercase())
        .fold(0, |mask, (i, _)| mask | (0x20 << (8 * i)));
    (word, !letters)
}

/// Up to this many names, the table has four slots a name, which leaves most in their first
/// slot; more take two.
const SPREAD_UP_TO: usize = 64;

/// Odd multipliers for [`hash`], each fitting an instruction's 32-bit immediate; a table
/// keeps the one that places its names best.
const MULTIPLIERS: [u64; 8] = [
    0x7FEB_352D,
    0x3C6E_F373,
    0x6A09_E667,
    0x5BE0_CD19,
    0x1F83_D9AB,
    0x510E_527F,
    0x2545_F491,
    0x0D2B_4E7B,
];

/// The table slot a name hashes to (before the mask): its length and case-folded end words.
#[inline]
fn hash(name: &Element<'_>, multiplier: u64) -> usize {
    // Shifting by whole bytes keeps each byte's case bit where the fold sets it.
    let mixed = ((name.first ^ (name.last >> 8)) | FOLD) ^ name.bytes.len() as u64;
    // The high bits of a product mix the bits below them.
    (mixed.wrapping_mul(multiplier) >> 29) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(set: &HeaderNames, name: &str) -> bool {
        set.contains(&Element::new(name.as_bytes()))
    }

    #[test]
    fn names_match_whatever_the_case_of_their_letters_and_nothing_else() {
        let listed = [
            "accept",
            "content-type",
            "x-requested-with",
            "x-csrf-token",
            "a",
            "x-a-name-of-twenty-five-b",
            "x-a-name-of-exactly-32-bytes-xyz",
        ];
        let set = HeaderNames::new(listed.iter().map(|n| n.as_bytes()));
        for name in [
            "accept",
            "ACCEPT",
            "Content-Type",
            "X-Requested-With",
            "x-CSRF-token",
            "A",
            "X-A-Name-Of-Twenty-Five-B",
            "x-a-name-of-exactly-32-bytes-XYZ",
        ] {
            assert!(contains(&set, name), "{name}");
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
            "x-a-name-of-twenty-fivf-b",
            "x-a-name-of-exactly-32-bytes-xyy",
            "x-a-name-of-exactlz-32-bytes-xyz",
        ] {
            assert!(!contains(&set, name), "{name:?}");
        }
    }

    #[test]
    fn an_empty_set_and_a_large_one_answer_without_looping() {
        assert!(!contains(&HeaderNames::default(), "accept"));
        assert!(!contains(&HeaderNames::default(), ""));
        let names: Vec<String> = (0..1000).map(|i| format!("x-name-{i}")).collect();
        let set = HeaderNames::new(names.iter().map(String::as_bytes));
        assert!(names.iter().all(|n| contains(&set, n)));
        assert!(!contains(&set, "x-name-1000"));
    }
}
