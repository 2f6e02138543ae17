//! The block scan's search for the pieces of words that name a secret
//! (`oken`, `uth`, `ass`, …), in exactly the spellings given.
//!
//! A busy auth log holds several such words on every line (`token_count`,
//! "auth failed", `auth_method`). A fingerprint search (Teddy) finds them
//! among many look-alike candidates and confirms each one by one; here
//! thirty-two positions at a time are matched exactly against the first
//! three bytes of every anchor (case folded, so `uth` and `UTH` are one
//! prefix), which leaves only true candidates to confirm. Other bytes
//! than letters may start an anchor too (`://`): folded the same way,
//! a control byte can pass for one (`\x1a` for `:`), and the hit is
//! confirmed exactly.
//!
//! Each prefix owns one bit of a byte (of two bytes, past eight; the word
//! group keeps to eight, one byte). For each of the three places, two
//! table lookups (by the low and by the high nibble of the byte) give the
//! prefixes whose byte there it folds onto: exact, since each prefix's
//! byte is one value, so one low nibble and one folded high nibble
//! (folding sets one bit of the high nibble, which the high table allows
//! for). The lookups at offsets 0, 1 and 2 are ANDed: what is left at a
//! position is the prefix written there.
//!
//! The hits are those of a leftmost-first search that reports no two
//! overlapping hits, as the other block searchers report theirs.

/// Anchors of three bytes or more, searched with AVX2.
pub struct Words {
    /// The anchors, in priority order (a hit names its index).
    anchors: Vec<Vec<u8>>,
    /// The distinct case-folded first three bytes, and the anchors (by
    /// index, in order) that start with each.
    prefixes: Vec<([u8; 3], Vec<usize>)>,
    /// Each anchor of up to 16 bytes as two little-endian words and the
    /// masks of its bytes in them: compared with the text in two steps,
    /// not byte by byte.
    words: Vec<Option<Spelled>>,
    /// Each prefix's anchors, when they are few and short, to try all at
    /// once (see [`Candidates`]).
    candidates: Vec<Option<Candidates>>,
}

/// The anchors of one prefix (`oken` and `OKEN`), each spelled, tried
/// together: which one a candidate turns out to be varies with the text,
/// and trying them one by one costs a mispredicted branch each time it
/// changes. Slots past the prefix's anchors are not `valid`.
#[derive(Clone, Copy)]
struct Candidates {
    spelled: [Spelled; PER_PREFIX],
    /// Each slot's anchor and its length.
    anchors: [(usize, usize); PER_PREFIX],
    valid: u32,
}

/// Anchors of one prefix that [`Candidates`] holds: each built-in word
/// has two spellings that share a prefix (`oken`, `OKEN`), and every slot
/// is compared at each candidate. A prefix with more is tried one by one.
const PER_PREFIX: usize = 2;

impl Candidates {
    fn of(ids: &[usize], anchors: &[Vec<u8>], words: &[Option<Spelled>]) -> Option<Candidates> {
        if ids.len() > PER_PREFIX {
            return None;
        }
        let mut c = Candidates {
            spelled: [([0; 2], [0; 2]); PER_PREFIX],
            anchors: [(0, 0); PER_PREFIX],
            valid: (1 << ids.len()) - 1,
        };
        for (j, &i) in ids.iter().enumerate() {
            c.spelled[j] = words[i]?;
            c.anchors[j] = (i, anchors[i].len());
        }
        Some(c)
    }

    /// The first anchor, in priority order, that `window` (sixteen bytes
    /// from the candidate, as [`halves`]) begins with, and its length.
    fn first_in(&self, window: [u64; 2]) -> Option<(usize, usize)> {
        let mut found = 0u32;
        for (j, spelled) in self.spelled.iter().enumerate() {
            found |= u32::from(spells(spelled, window)) << j;
        }
        found &= self.valid;
        (found != 0).then(|| self.anchors[found.trailing_zeros() as usize])
    }
}

pub(super) type Spelled = ([u64; 2], [u64; 2]);

pub(super) fn spelled(a: &[u8]) -> Option<Spelled> {
    let mut bytes = [0u8; 16];
    let mut mask = [0u8; 16];
    bytes.get_mut(..a.len())?.copy_from_slice(a);
    mask[..a.len()].fill(0xff);
    Some((halves(&bytes), halves(&mask)))
}

/// Whether the sixteen bytes `window` (as [`halves`]) begin with the
/// anchor or keyword `spelled` stands for.
pub(super) fn spells((words, masks): &Spelled, window: [u64; 2]) -> bool {
    ((window[0] ^ words[0]) & masks[0]) | ((window[1] ^ words[1]) & masks[1]) == 0
}

/// Sixteen bytes as two little-endian words.
pub(super) fn halves(b: &[u8; 16]) -> [u64; 2] {
    let (lo, hi) = b.split_at(8);
    [lo, hi].map(|h| u64::from_le_bytes(h.try_into().expect("eight bytes")))
}

/// One bit per prefix in two bytes. More prefixes than this cost more
/// per block than a fingerprint search.
const MAX_PREFIXES: usize = 16;

/// Prefixes that one byte holds: up to this many, half the lookups.
pub const HALF: usize = 8;

/// ASCII letters fold to lower case by setting this bit; no other byte
/// folds onto a letter (a few control bytes fold onto punctuation).
const FOLD: u8 = 0x20;

impl Words {
    /// `None` when the CPU lacks AVX2, or an anchor is shorter than three
    /// bytes, or they need too many prefixes: the caller then uses a
    /// general searcher.
    pub fn new<S: AsRef<[u8]>>(anchors: &[S]) -> Option<Words> {
        if !avx2() {
            return None;
        }
        Words::build(anchors)
    }

    /// How many lookups per place `anchors` need (one per [`HALF`] of
    /// their prefixes), if they can be searched this way at all.
    pub fn halves_needed<S: AsRef<[u8]>>(anchors: &[S]) -> Option<usize> {
        Words::build(anchors).map(|w| w.prefixes.len().div_ceil(HALF))
    }

    fn build<S: AsRef<[u8]>>(anchors: &[S]) -> Option<Words> {
        let anchors: Vec<Vec<u8>> = anchors.iter().map(|a| a.as_ref().to_vec()).collect();
        let mut prefixes: Vec<([u8; 3], Vec<usize>)> = Vec::new();
        for (i, a) in anchors.iter().enumerate() {
            let head = a.get(..3)?;
            let folded = [head[0] | FOLD, head[1] | FOLD, head[2] | FOLD];
            match prefixes.iter_mut().find(|(p, _)| *p == folded) {
                Some((_, ids)) => ids.push(i),
                None => prefixes.push((folded, vec![i])),
            }
        }
        let words: Vec<Option<Spelled>> = anchors.iter().map(|a| spelled(a)).collect();
        let candidates = prefixes
            .iter()
            .map(|(_, ids)| Candidates::of(ids, &anchors, &words))
            .collect();
        (!prefixes.is_empty() && prefixes.len() <= MAX_PREFIXES).then_some(Words {
            anchors,
            prefixes,
            words,
            candidates,
        })
    }

    /// The first hit's start.
    #[cfg(test)]
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        let mut first = None;
        self.for_each(hay, |start, _, _| {
            first = Some(start);
            false
        });
        first
    }

    /// Every hit as (start, end, anchor), in order; `f` returns whether to
    /// go on.
    pub fn for_each(&self, hay: &[u8], mut f: impl FnMut(usize, usize, usize) -> bool) {
        let mut next = 0;
        // A position where prefix `k` (folded) stands.
        let mut at = |pos: usize, k: usize, next: &mut usize| -> bool {
            if pos < *next {
                return true;
            }
            match self.anchor_at(hay, pos, k) {
                Some((i, len)) => {
                    *next = pos + len;
                    f(pos, *next, i)
                }
                None => true,
            }
        };
        let mut from = 0;
        #[cfg(target_arch = "x86_64")]
        if avx2() {
            let mut found = |pos, k| at(pos, k, &mut next);
            // SAFETY: the CPU has AVX2, checked just above.
            let done = unsafe {
                if self.prefixes.len() <= HALF {
                    self.candidates_avx2::<false>(hay, &mut found)
                } else {
                    self.candidates_avx2::<true>(hay, &mut found)
                }
            };
            match done {
                Some(done) => from = done,
                None => return,
            }
        }
        for pos in from..hay.len().saturating_sub(2) {
            if let Some(k) = self.prefix_at(hay, pos)
                && !at(pos, k, &mut next)
            {
                return;
            }
        }
    }

    /// Which anchor's folded prefix stands at `pos`, if any.
    fn prefix_at(&self, hay: &[u8], pos: usize) -> Option<usize> {
        let folded = [hay[pos] | FOLD, hay[pos + 1] | FOLD, hay[pos + 2] | FOLD];
        self.prefixes.iter().position(|(p, _)| *p == folded)
    }

    /// The first anchor, in priority order, written exactly at `pos`,
    /// where prefix `k` stands, and its length.
    fn anchor_at(&self, hay: &[u8], pos: usize, k: usize) -> Option<(usize, usize)> {
        let rest = &hay[pos..];
        let window = rest.first_chunk::<16>().map(halves);
        if let (Some(c), Some(x)) = (&self.candidates[k], window) {
            return c.first_in(x);
        }
        self.prefixes[k]
            .1
            .iter()
            .copied()
            .find(|&i| match (window, &self.words[i]) {
                (Some(x), Some(spelled)) => spells(spelled, x),
                // Near the end of the text, or a long anchor: in place.
                _ => {
                    let a = &self.anchors[i];
                    rest.len() >= a.len() && rest.iter().zip(a).all(|(x, y)| x == y)
                }
            })
            .map(|i| (i, self.anchors[i].len()))
    }

    /// The lookup tables of each of the three places, for the prefixes
    /// from `first` (eight): bit k of `lo[place][n]` is set when prefix
    /// `first + k`'s byte there has low nibble n, and likewise `hi` for
    /// the high nibble of a byte that folds onto it. Folding sets one bit
    /// of the high nibble, so the tables fold and the text need not be.
    fn tables(&self, first: usize) -> ([[u8; 16]; 3], [[u8; 16]; 3]) {
        const FOLD_HIGH: u8 = FOLD >> 4;
        let mut lo = [[0u8; 16]; 3];
        let mut hi = [[0u8; 16]; 3];
        for (k, (p, _)) in self.prefixes.iter().skip(first).take(8).enumerate() {
            for place in 0..3 {
                lo[place][usize::from(p[place] & 0xf)] |= 1 << k;
                // The folded nibble, and the one without the fold's bit.
                let high = p[place] >> 4;
                hi[place][usize::from(high)] |= 1 << k;
                hi[place][usize::from(high & !FOLD_HIGH)] |= 1 << k;
            }
        }
        (lo, hi)
    }

    /// Calls `found` with every position whose three bytes match a folded
    /// prefix, and that prefix, thirty-two positions at a time, in order,
    /// until it returns false (then `None`); else the position from which
    /// the caller must look byte by byte. `TWO`: prefixes past the first
    /// eight are looked up too.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn candidates_avx2<const TWO: bool>(
        &self,
        hay: &[u8],
        found: &mut impl FnMut(usize, usize) -> bool,
    ) -> Option<usize> {
        use std::arch::x86_64::*;
        let nibble = _mm256_set1_epi8(0x0f);
        let table = |t: &[u8; 16]| {
            // SAFETY: 16 bytes are read from a 16-byte array.
            _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(t.as_ptr().cast()) })
        };
        // Prefixes 0-7 and 8-15.
        let halves = [self.tables(0), self.tables(8)].map(|(lo, hi)| {
            (
                [table(&lo[0]), table(&lo[1]), table(&lo[2])],
                [table(&hi[0]), table(&hi[1]), table(&hi[2])],
            )
        });
        // The prefixes written at each of the 32 positions from i: three
        // loads of 32 bytes, at i, i + 1 and i + 2.
        let classify = |i: usize| {
            let mut here = [_mm256_setzero_si256(); 2];
            for place in 0..3 {
                // SAFETY: the callers keep i + 2 + 32 <= hay.len(): every
                // load is in bounds. Not folded: the tables are (see
                // `tables`).
                let v =
                    unsafe { _mm256_loadu_si256(hay.as_ptr().add(i + place).cast::<__m256i>()) };
                let low = _mm256_and_si256(v, nibble);
                let high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
                // The prefixes whose byte at `place` each of the 32 bytes
                // from i + place is, ANDed into what the earlier places
                // left.
                for (h, (lo, hi)) in here.iter_mut().zip(&halves).take(1 + usize::from(TWO)) {
                    let class = _mm256_and_si256(
                        _mm256_shuffle_epi8(lo[place], low),
                        _mm256_shuffle_epi8(hi[place], high),
                    );
                    *h = if place == 0 {
                        class
                    } else {
                        _mm256_and_si256(*h, class)
                    };
                }
            }
            here
        };
        // Bit j: some prefix is written at j.
        let written = |here: &[__m256i; 2]| {
            let any = if TWO {
                _mm256_or_si256(here[0], here[1])
            } else {
                here[0]
            };
            !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(any, _mm256_setzero_si256())) as u32)
        };
        // Each position in `bits` (from i), with its prefix from `here`
        // (one per 32 positions), to `found`; false when it said stop.
        let mut report = |i: usize, mut bits: u64, here: &[[__m256i; 2]]| {
            let mut which = [[0u8; 64]; 2];
            for (c, chunk) in here.iter().enumerate() {
                for (w, h) in which.iter_mut().zip(chunk).take(1 + usize::from(TWO)) {
                    // SAFETY: 32 bytes are written inside a 64-byte array.
                    unsafe { _mm256_storeu_si256(w.as_mut_ptr().add(32 * c).cast(), *h) };
                }
            }
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                // Prefixes differ, so one bit is set in one half: the
                // two halves as one word, without a branch on which.
                let k = u16::from_le_bytes([which[0][j], which[1][j]]).trailing_zeros() as usize;
                if !found(i + j, k) {
                    return false;
                }
            }
            true
        };
        let mut i = 0;
        // Sixty-four positions a step, while both chunks' loads fit.
        while i + 32 + 34 <= hay.len() {
            let here = [classify(i), classify(i + 32)];
            let bits = u64::from(written(&here[0])) | u64::from(written(&here[1])) << 32;
            if bits != 0 && !report(i, bits, &here) {
                return None;
            }
            i += 64;
        }
        if i + 34 <= hay.len() {
            let here = [classify(i)];
            let bits = u64::from(written(&here[0]));
            if bits != 0 && !report(i, bits, &here) {
                return None;
            }
            i += 32;
        }
        Some(i)
    }
}

fn avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    const ANCHORS: &[&str] = &[
        "ecret", "ECRET", "oken", "OKEN", "ass", "ASS", "pwd", "PWD", "uth", "UTH", "aws", "AWS",
    ];

    fn reference(anchors: &[&str], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(anchors)
            .expect("builds");
        ac.find_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn hits(w: &Words, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        w.for_each(hay, |s, e, i| {
            out.push((s, e, i));
            true
        });
        out
    }

    #[test]
    fn finds_what_a_leftmost_first_search_finds() {
        // Text made of the anchors' letters in both cases, cut anywhere,
        // so hits meet, overlap and straddle the 32-byte steps.
        let pieces = [
            "oken", "OKEN", "oKen", "ass", "AsS", "uth", "UTH", "uTh", "ecret", "ECRET", "eCret",
            "pwd", "PWD", "aws", "AWS", "awss", "t", " ", "=", "a", "s", "x\u{e9}", "\n",
        ];
        agrees_with_a_leftmost_first_search(ANCHORS, &pieces);
        // Past eight prefixes, the second half of each lookup is used too.
        let more: Vec<&str> = ANCHORS
            .iter()
            .copied()
            .chain([
                "ontribsys",
                "ONTRIBSYS",
                "rabbitmqctl",
                "ault login",
                "smbclient",
                "redis-cli",
            ])
            .chain(["machine", "openssl", "mysql"])
            // Prefixes that are not letters: only letters fold.
            .chain(["://", " -u"])
            .collect();
        let mut pieces = pieces.to_vec();
        pieces.extend([
            "ontribsys",
            "rabbit",
            "mqctl",
            "ault login",
            "smb",
            "client",
            "redis-cli",
        ]);
        pieces.extend([
            "MACHINE", "machine", "openssl", "mongo", "mysq", "l", "ONT", "rab",
        ]);
        // `\u{1a}` and `\r` fold onto `:` and `-`.
        pieces.extend([
            "://", ":/", "/", "\u{1a}//", " -u", " -U", "\r", " \r-u", "-",
        ]);
        // Long anchors' first eight bytes, then something else: compared
        // word by word, the second word must decide.
        pieces.extend([
            "rabbitmqcXl",
            "ontribsyX",
            "ault logXn",
            "smbclienX",
            "redis-clX",
        ]);
        agrees_with_a_leftmost_first_search(&more, &pieces);
    }

    fn agrees_with_a_leftmost_first_search(anchors: &[&str], pieces: &[&str]) {
        let Some(w) = Words::new(anchors) else {
            return; // no AVX2: the general searcher is used instead
        };
        let scalar = Words::build(anchors).expect("builds");
        let mut seed = 0x853c_49e6_748f_ea9bu64;
        for round in 0..3000 {
            let mut hay = String::new();
            for _ in 0..(round % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                hay.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let want = reference(anchors, hay.as_bytes());
            assert_eq!(hits(&w, hay.as_bytes()), want, "{hay:?}");
            assert_eq!(w.find(hay.as_bytes()), want.first().map(|h| h.0));
            // The byte-by-byte path alone gives the same.
            let mut alone = Vec::new();
            for pos in 0..hay.len().saturating_sub(2) {
                if let Some(k) = scalar.prefix_at(hay.as_bytes(), pos)
                    && alone.last().is_none_or(|&(_, e, _)| pos >= e)
                    && let Some((i, len)) = scalar.anchor_at(hay.as_bytes(), pos, k)
                {
                    alone.push((pos, pos + len, i));
                }
            }
            assert_eq!(alone, want, "{hay:?}");
        }
    }

    #[test]
    fn overlapping_anchors_keep_the_first_in_priority() {
        let Some(w) = Words::new(&["assx", "ass", "ssx"]) else {
            return;
        };
        for hay in ["passxword", "ass", "xxassx", "sssx assx assxssx"] {
            let hay = hay.repeat(9);
            assert_eq!(
                hits(&w, hay.as_bytes()),
                reference(&["assx", "ass", "ssx"], hay.as_bytes()),
                "{hay}"
            );
        }
    }

    #[test]
    fn many_anchors_of_one_prefix_keep_their_priority() {
        // More than two anchors of one prefix are tried one by one, two
        // all at once; a long one (past sixteen bytes) in place.
        let five = ["abcde", "abcd", "ABCD", "abcdefghijklmnopq", "abc"];
        let four = ["abcde", "abcd", "ABCD", "abc"];
        let two = ["abcd", "ABCD"];
        let long = ["abcdefghijklmnopq", "abcd"];
        for anchors in [&five[..], &four, &two, &long] {
            let Some(w) = Words::new(anchors) else {
                return;
            };
            let hay = "abc abcd ABCD abcde abcdefghijklmnopq AbCd abcdefghijklmnopqr ".repeat(5);
            assert_eq!(
                hits(&w, hay.as_bytes()),
                reference(anchors, hay.as_bytes()),
                "{anchors:?}"
            );
        }
    }

    #[test]
    fn refuses_what_it_cannot_search() {
        assert!(Words::build(&["ab"]).is_none());
        let seventeen: Vec<String> = (b'a'..=b'q').map(|c| format!("{}xy", c as char)).collect();
        assert!(Words::build(&seventeen).is_none());
        assert!(Words::build(&seventeen[..16]).is_some());
        assert!(Words::build(&["uth", "UTH"]).is_some_and(|w| w.prefixes.len() == 1));
    }
}
