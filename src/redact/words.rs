//! The block scan's search for the pieces of words that name a secret
//! (`oken`, `uth`, `ass`, …), in exactly the spellings given.
//!
//! A busy auth log holds several such words on every line (`token_count`,
//! "auth failed", `auth_method`). A fingerprint search (Teddy) finds them
//! among many look-alike candidates and confirms each one by one; here
//! thirty-two positions at a time are compared with the first three bytes
//! of every anchor (case folded, so `uth` and `UTH` cost one comparison),
//! which leaves only true candidates to confirm.
//!
//! The hits are those of a leftmost-first search that reports no two
//! overlapping hits, as the other block searchers report theirs.

/// Anchors that start with three ASCII letters, searched with AVX2.
pub struct Words {
    /// The anchors, in priority order (a hit names its index).
    anchors: Vec<Vec<u8>>,
    /// The distinct case-folded first three bytes, and the anchors (by
    /// index, in order) that start with each.
    prefixes: Vec<([u8; 3], Vec<usize>)>,
}

/// More prefixes than this cost more compares per block than a
/// fingerprint search.
const MAX_PREFIXES: usize = 10;

/// ASCII letters fold to lower case by setting this bit; no other byte
/// folds onto a letter.
const FOLD: u8 = 0x20;

impl Words {
    /// `None` when the CPU lacks AVX2, or an anchor does not start with
    /// three letters, or they need too many prefixes: the caller then uses
    /// a general searcher.
    pub fn new<S: AsRef<[u8]>>(anchors: &[S]) -> Option<Words> {
        if !avx2() {
            return None;
        }
        Words::build(anchors)
    }

    /// Whether `anchors` can be searched this way (on a CPU with AVX2).
    pub fn fits<S: AsRef<[u8]>>(anchors: &[S]) -> bool {
        Words::build(anchors).is_some()
    }

    fn build<S: AsRef<[u8]>>(anchors: &[S]) -> Option<Words> {
        let anchors: Vec<Vec<u8>> = anchors.iter().map(|a| a.as_ref().to_vec()).collect();
        let mut prefixes: Vec<([u8; 3], Vec<usize>)> = Vec::new();
        for (i, a) in anchors.iter().enumerate() {
            let head = a.get(..3)?;
            if !head.iter().all(u8::is_ascii_alphabetic) {
                return None;
            }
            let folded = [head[0] | FOLD, head[1] | FOLD, head[2] | FOLD];
            match prefixes.iter_mut().find(|(p, _)| *p == folded) {
                Some((_, ids)) => ids.push(i),
                None => prefixes.push((folded, vec![i])),
            }
        }
        (!prefixes.is_empty() && prefixes.len() <= MAX_PREFIXES)
            .then_some(Words { anchors, prefixes })
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
        let mut at = |pos: usize, next: &mut usize| -> bool {
            if pos < *next {
                return true;
            }
            match self.anchor_at(hay, pos) {
                Some(i) => {
                    *next = pos + self.anchors[i].len();
                    f(pos, *next, i)
                }
                None => true,
            }
        };
        let mut from = 0;
        #[cfg(target_arch = "x86_64")]
        if avx2() {
            // SAFETY: the CPU has AVX2, checked just above.
            match unsafe { self.candidates_avx2(hay, &mut |pos| at(pos, &mut next)) } {
                Some(done) => from = done,
                None => return,
            }
        }
        for pos in from..hay.len().saturating_sub(2) {
            if self.prefix_at(hay, pos) && !at(pos, &mut next) {
                return;
            }
        }
    }

    /// Whether some anchor's folded prefix stands at `pos`.
    fn prefix_at(&self, hay: &[u8], pos: usize) -> bool {
        let folded = [hay[pos] | FOLD, hay[pos + 1] | FOLD, hay[pos + 2] | FOLD];
        self.prefixes.iter().any(|(p, _)| *p == folded)
    }

    /// The first anchor, in priority order, written exactly at `pos`.
    fn anchor_at(&self, hay: &[u8], pos: usize) -> Option<usize> {
        let rest = &hay[pos..];
        let folded = [
            *rest.first()? | FOLD,
            *rest.get(1)? | FOLD,
            *rest.get(2)? | FOLD,
        ];
        let (_, ids) = self.prefixes.iter().find(|(p, _)| *p == folded)?;
        // Anchors are a few bytes long: compared in place, not by a call.
        ids.iter().copied().find(|&i| {
            let a = &self.anchors[i];
            rest.len() >= a.len() && rest.iter().zip(a).all(|(x, y)| x == y)
        })
    }

    /// Calls `found` with every position whose three bytes match a folded
    /// prefix, thirty-two positions at a time, in order, until it returns
    /// false (then `None`); else the position from which the caller must
    /// look byte by byte.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn candidates_avx2(&self, hay: &[u8], found: &mut impl FnMut(usize) -> bool) -> Option<usize> {
        use std::arch::x86_64::*;
        let fold = _mm256_set1_epi8(FOLD as i8);
        let mut wanted = [[_mm256_setzero_si256(); 3]; MAX_PREFIXES];
        for (w, (p, _)) in wanted.iter_mut().zip(&self.prefixes) {
            for k in 0..3 {
                w[k] = _mm256_set1_epi8(p[k] as i8);
            }
        }
        let wanted = &wanted[..self.prefixes.len()];
        let mut i = 0;
        // Three loads of 32 bytes, at i, i + 1 and i + 2.
        while i + 34 <= hay.len() {
            // SAFETY: i + 2 + 32 <= hay.len(): every load is in bounds.
            let load = |k: usize| unsafe {
                _mm256_or_si256(
                    _mm256_loadu_si256(hay.as_ptr().add(i + k).cast::<__m256i>()),
                    fold,
                )
            };
            let (b0, b1, b2) = (load(0), load(1), load(2));
            let mut any = _mm256_setzero_si256();
            for w in wanted {
                let m = _mm256_and_si256(
                    _mm256_and_si256(_mm256_cmpeq_epi8(b0, w[0]), _mm256_cmpeq_epi8(b1, w[1])),
                    _mm256_cmpeq_epi8(b2, w[2]),
                );
                any = _mm256_or_si256(any, m);
            }
            let mut bits = _mm256_movemask_epi8(any) as u32;
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if !found(i + j) {
                    return None;
                }
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
        let Some(w) = Words::new(ANCHORS) else {
            return; // no AVX2: the general searcher is used instead
        };
        let scalar = Words::build(ANCHORS).expect("builds");
        // Text made of the anchors' letters in both cases, cut anywhere,
        // so hits meet, overlap and straddle the 32-byte steps.
        let pieces = [
            "oken", "OKEN", "oKen", "ass", "AsS", "uth", "UTH", "uTh", "ecret", "ECRET", "eCret",
            "pwd", "PWD", "aws", "AWS", "awss", "t", " ", "=", "a", "s", "x\u{e9}", "\n",
        ];
        let mut seed = 0x853c_49e6_748f_ea9bu64;
        for round in 0..3000 {
            let mut hay = String::new();
            for _ in 0..(round % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                hay.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let want = reference(ANCHORS, hay.as_bytes());
            assert_eq!(hits(&w, hay.as_bytes()), want, "{hay:?}");
            assert_eq!(w.find(hay.as_bytes()), want.first().map(|h| h.0));
            // The byte-by-byte path alone gives the same.
            let mut alone = Vec::new();
            for pos in 0..hay.len().saturating_sub(2) {
                if scalar.prefix_at(hay.as_bytes(), pos)
                    && alone.last().is_none_or(|&(_, e, _)| pos >= e)
                    && let Some(i) = scalar.anchor_at(hay.as_bytes(), pos)
                {
                    alone.push((pos, pos + scalar.anchors[i].len(), i));
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
    fn refuses_what_it_cannot_search() {
        assert!(Words::build(&["://"]).is_none());
        assert!(Words::build(&["ab"]).is_none());
        assert!(
            Words::build(&[
                "abc", "bcd", "cde", "def", "efg", "fgh", "ghi", "hij", "ijk", "jkl", "klm"
            ])
            .is_none()
        );
        assert!(Words::build(&["uth", "UTH"]).is_some_and(|w| w.prefixes.len() == 1));
    }
}
