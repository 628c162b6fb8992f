//! How often each byte occurs in the plan's folded text, so substring
//! search picks the needle's rarest bytes for its prefilter.
//!
//! memchr's default ranking is tuned for English: to it every byte of
//! UTF-8 Japanese looks equally rare, so for 協働 its prefilter stops at
//! nearly every kanji and the search runs at a fraction of its speed. The
//! plan's own counts tell which bytes of a needle are rare here.

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem;

/// Each byte's rank by how often it occurs in the indexed text: 0 for the
/// rarest, 255 for the most common.
#[derive(Debug, Clone, Copy)]
pub(super) struct ByteRanks([u8; 256]);

impl ByteRanks {
    /// Ranks from byte counts (as [`count`] adds them up).
    pub(super) fn from_counts(counts: &[u64; 256]) -> Self {
        let mut order: Vec<u8> = (0..=255).collect();
        // Stable: bytes never seen keep byte order among themselves.
        order.sort_by_key(|&b| counts[usize::from(b)]);
        let mut ranks = [0u8; 256];
        for (rank, &b) in order.iter().enumerate() {
            ranks[usize::from(b)] = u8::try_from(rank).unwrap_or(u8::MAX);
        }
        Self(ranks)
    }

    /// A finder for `needle` that uses these ranks.
    pub(super) fn finder(self, needle: &[u8]) -> memmem::Finder<'static> {
        memmem::FinderBuilder::new().build_forward_with_ranker_owned(self, needle)
    }
}

impl Default for ByteRanks {
    /// Every byte equally common: the ranks before any text is counted.
    fn default() -> Self {
        Self::from_counts(&[0; 256])
    }
}

impl HeuristicFrequencyRank for ByteRanks {
    fn rank(&self, byte: u8) -> u8 {
        self.0[usize::from(byte)]
    }
}

/// Adds the bytes of `text` to `counts`.
pub(super) fn count(text: &[u8], counts: &mut [u64; 256]) {
    for &b in text {
        counts[usize::from(b)] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_byte_ranks_lowest() {
        let mut counts = [0u64; 256];
        count(b"aaaaabbbc", &mut counts);
        let ranks = ByteRanks::from_counts(&counts);
        assert!(ranks.rank(b'a') > ranks.rank(b'b'));
        assert!(ranks.rank(b'b') > ranks.rank(b'c'));
        assert_eq!(ranks.rank(b'a'), 255);
        // Bytes never seen are rarer than any seen.
        assert!(ranks.rank(b'z') < ranks.rank(b'c'));
    }

    #[test]
    fn a_ranked_finder_finds_what_the_default_finds() {
        let text = "協働のまちづくり、市民協働の推進、協力と協働";
        let mut counts = [0u64; 256];
        count(text.as_bytes(), &mut counts);
        let ranks = ByteRanks::from_counts(&counts);
        for needle in ["協働", "協", "まちづくり", "推進、", "無い"] {
            let ours: Vec<usize> = ranks
                .finder(needle.as_bytes())
                .find_iter(text.as_bytes())
                .collect();
            let plain: Vec<usize> = memmem::find_iter(text.as_bytes(), needle).collect();
            assert_eq!(ours, plain, "{needle}");
        }
    }
}
