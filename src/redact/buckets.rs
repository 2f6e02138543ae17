//! The order in which a block searcher is given its anchors.
//!
//! Teddy (aho-corasick's SIMD searcher) puts anchors in eight buckets (16
//! past 32 anchors) by their position in the list: the i-th goes to bucket
//! `7 - i % 8`, unless an earlier anchor has the same low nibbles in its
//! first bytes, which it then joins. Each bucket is a fingerprint of the
//! first few bytes of its anchors, as sets of low and high nibbles, so a
//! bucket holding ` -u` and `mongo` also accepts ` on`, `mou` and `-ou`:
//! every such look-alike is a candidate to verify. On prose the wrong
//! pairs cost two to three times the search's time (measured: 1.9 against
//! 4.8 GB/s on the noisy log for the same anchors in another order).
//!
//! So the anchors are ordered to pair those whose fingerprints are rare in
//! log text, judged by a rough table of how often each byte occurs there.
//! The hits do not change: only which anchors share a bucket.

/// A permutation of `anchors` (indices into it) that gives Teddy buckets
/// of rare fingerprints, or the order as given when the order could
/// matter: when an anchor begins another, a leftmost-first search reports
/// the one listed first.
pub fn order(anchors: &[&[u8]]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    let begins_another = anchors.iter().enumerate().any(|(i, a)| {
        anchors
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && b.starts_with(a))
    });
    let width = anchors.iter().map(|a| a.len()).min().unwrap_or(0).min(4);
    if begins_another || width == 0 || anchors.len() < 2 || anchors.len() > MAX_ANCHORS {
        return order;
    }
    let model = Model::new(anchors, width);
    let mut best = model.cost(&order);
    // Swap any two while that helps: a few passes over a few hundred
    // pairs, each judged in a few hundred operations, at start-up.
    for _ in 0..MAX_PASSES {
        let mut improved = false;
        for i in 0..order.len() {
            for j in i + 1..order.len() {
                order.swap(i, j);
                let cost = model.cost(&order);
                if cost < best {
                    best = cost;
                    improved = true;
                } else {
                    order.swap(i, j);
                }
            }
        }
        if !improved {
            break;
        }
    }
    order
}

const MAX_PASSES: usize = 6;

/// Teddy takes up to 64 anchors; a block searcher holds fewer.
const MAX_ANCHORS: usize = 64;

/// What Teddy would see of the anchors: their first `width` bytes.
struct Model<'a> {
    anchors: &'a [&'a [u8]],
    width: usize,
    buckets: usize,
    /// For each anchor, the first anchor with the same low nibbles in its
    /// first `width` bytes: Teddy keeps those in one bucket.
    class: Vec<usize>,
}

impl Model<'_> {
    fn new<'a>(anchors: &'a [&'a [u8]], width: usize) -> Model<'a> {
        let low = |a: &[u8]| -> Vec<u8> { a[..width].iter().map(|b| b & 0xf).collect() };
        let class = anchors
            .iter()
            .map(|a| {
                anchors
                    .iter()
                    .position(|b| low(b) == low(a))
                    .expect("an anchor matches itself")
            })
            .collect();
        Model {
            anchors,
            width,
            buckets: if anchors.len() > 32 { 16 } else { 8 },
            class,
        }
    }

    /// The expected number of candidates per byte of log text: for each
    /// bucket, the chance that `width` bytes in a row each fall in its
    /// fingerprint at that position.
    fn cost(&self, order: &[usize]) -> f64 {
        // Per bucket and position: the low and high nibbles seen, as bits.
        let mut lo = [[0u16; 4]; 16];
        let mut hi = [[0u16; 4]; 16];
        let mut used = [false; 16];
        // The bucket of each class of anchors, once one is placed: an
        // earlier anchor with the same low nibbles takes this one.
        let mut placed = [usize::MAX; MAX_ANCHORS];
        for (id, &a) in order.iter().enumerate() {
            let head = &self.anchors[a][..self.width];
            let class = self.class[a];
            if placed[class] == usize::MAX {
                placed[class] = self.buckets - 1 - id % self.buckets;
            }
            let bucket = placed[class];
            used[bucket] = true;
            for (k, &byte) in head.iter().enumerate() {
                lo[bucket][k] |= 1 << (byte & 0xf);
                hi[bucket][k] |= 1 << (byte >> 4);
            }
        }
        (0..self.buckets)
            .filter(|&b| used[b])
            .map(|b| {
                (0..self.width)
                    .map(|k| accepted(lo[b][k], hi[b][k]))
                    .product::<f64>()
            })
            .sum()
    }
}

/// How often a byte of log text has a low nibble in `lo` and a high one
/// in `hi` (bit sets).
fn accepted(lo: u16, hi: u16) -> f64 {
    // Only the set bits are visited: a bucket holds two or three anchors,
    // so a few nibbles each (this runs some thousand times at start-up).
    let mut sum = 0;
    let mut his = hi;
    while his != 0 {
        let h = his.trailing_zeros() as u8;
        his &= his - 1;
        let mut los = lo;
        while los != 0 {
            let l = los.trailing_zeros() as u8;
            los &= los - 1;
            sum += frequency((h << 4) | l);
        }
    }
    f64::from(sum) / f64::from(TOTAL)
}

/// Roughly how often `b` occurs in log text, per ten thousand bytes or so:
/// blanks, lower-case letters (in English order) and digits most, then
/// the punctuation of timestamps, paths and key/value pairs, capitals,
/// and the rest. Only the ranking matters much.
const fn frequency(b: u8) -> u32 {
    match b {
        b' ' => 1500,
        b'e' => 700,
        b't' => 520,
        b'a' => 480,
        b'o' => 470,
        b'i' => 450,
        b'n' => 440,
        b's' => 430,
        b'r' => 420,
        b'l' => 280,
        b'h' | b'd' | b'c' => 250,
        b'u' => 200,
        b'm' => 180,
        b'p' => 150,
        b'f' | b'g' => 130,
        b'w' | b'y' | b'b' => 100,
        b'v' => 70,
        b'k' => 60,
        b'x' => 30,
        b'j' | b'q' | b'z' => 10,
        b'0'..=b'9' => 120,
        b'-' | b'.' | b':' | b'"' => 150,
        b'/' | b'=' => 100,
        b'_' => 80,
        b',' | b'\n' => 70,
        b'E' | b'T' | b'A' | b'O' | b'I' | b'N' | b'S' | b'R' => 40,
        b'A'..=b'Z' => 25,
        b'(' | b')' | b'[' | b']' | b'\'' => 30,
        b'{' | b'}' => 20,
        b';' => 15,
        b'\t' | b'@' | b'&' | b'?' | b'%' | b'+' | b'\\' => 10,
        b'*' | b'#' | b'$' | b'!' | b'<' | b'>' | b'|' => 5,
        b'~' | b'`' | b'^' => 3,
        _ => 1,
    }
}

/// The sum of [`frequency`] over all bytes.
const TOTAL: u32 = {
    let mut sum = 0;
    let mut b = 0;
    while b < 256 {
        sum += frequency(b as u8);
        b += 1;
    }
    sum
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_a_permutation() {
        let anchors: Vec<&[u8]> = ["://", " -u", "--user", " login", "mysql", "PRIVATE", "sig="]
            .iter()
            .map(|a| a.as_bytes())
            .collect();
        let mut order = order(&anchors);
        order.sort_unstable();
        assert_eq!(order, (0..anchors.len()).collect::<Vec<_>>());
    }

    #[test]
    fn rare_fingerprints_share_buckets() {
        // Nine anchors in eight buckets: the two that share one should be
        // the two whose union accepts least (the capitals), not a blank
        // and a letter.
        let list = [
            " ab", "QZX", "ein", "QZY", "tio", "ran", "son", "lat", "men",
        ];
        let anchors: Vec<&[u8]> = list.iter().map(|a| a.as_bytes()).collect();
        let order = order(&anchors);
        let model = Model::new(&anchors, 3);
        assert!(model.cost(&order) <= model.cost(&(0..anchors.len()).collect::<Vec<_>>()));
        let bucket_of = |name: &str| {
            let i = list.iter().position(|a| *a == name).expect("listed");
            let at = order.iter().position(|&o| o == i).expect("ordered");
            7 - at % 8
        };
        assert_eq!(bucket_of("QZX"), bucket_of("QZY"));
    }

    #[test]
    fn an_anchor_that_begins_another_keeps_the_order() {
        let anchors: Vec<&[u8]> = ["mongo", " -u", "mon", "PRIVATE"]
            .iter()
            .map(|a| a.as_bytes())
            .collect();
        assert_eq!(order(&anchors), vec![0, 1, 2, 3]);
    }
}
