//! The block scan's byte gate: which lines need more than a copy, because
//! they hold a byte to sanitize or a run of token characters long enough
//! to be a credential (`tokens::MIN_RUN`).
//!
//! Sixty-four bytes a step, in one vector with AVX-512 (BW) or two with
//! AVX2, whichever the CPU has, one byte at a time otherwise; all give
//! the same answer (tested). The step's logic is shared; only reading the
//! bytes into bit masks differs. With AVX-512 the compares give those
//! masks as they are: 2% less time on the noisy log's one core of an
//! Intel Xeon, nothing measurable on AMD Zen 4 (docs/PERFORMANCE.md).

use super::tokens::{MIN_RUN, run_byte};

/// A byte sanitizing may change: a control other than tab and newline,
/// DEL, or any non-ASCII byte (checked precisely on the slow path).
pub(super) fn dirty(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n') || b >= 0x7f
}

/// What one pass over a block finds: every run of at least `MIN_RUN` run
/// bytes, whole and in order, and the start of every 32-byte chunk (from
/// the block's start) that holds a dirty byte. A line none of them touches
/// needs only a copy; a line no dirty chunk touches is ASCII with nothing
/// to sanitize. When asked, also where every line ends.
#[derive(Default, Debug, PartialEq)]
pub struct Marks {
    pub runs: Vec<std::ops::Range<usize>>,
    pub dirty: Vec<usize>,
    /// Every newline, in order: only from [`Marks::find_with_lines`].
    pub lines: Vec<usize>,
}

/// Bytes per chunk in [`Marks::dirty`].
pub const CHUNK: usize = 32;

impl Marks {
    /// The marks of `b`, replacing what `self` held.
    pub fn find(&mut self, b: &[u8]) {
        self.find_by::<false>(Kernel::best(), b);
    }

    /// As [`Marks::find`], and every newline too: for a block where most
    /// lines are looked at, which then need not search for their ends one
    /// by one. Other blocks skip most of their lines and would pay for a
    /// list they never read.
    pub fn find_with_lines(&mut self, b: &[u8]) {
        self.find_by::<true>(Kernel::best(), b);
    }

    fn find_by<const LINES: bool>(&mut self, kernel: Kernel, b: &[u8]) {
        self.runs.clear();
        self.dirty.clear();
        self.lines.clear();
        match kernel {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernel` is only made where the CPU has it.
            Kernel::Avx512 => unsafe { avx512::marks::<LINES>(b, self) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Kernel::Avx2 => unsafe { avx2::marks::<LINES>(b, self) },
            Kernel::Bytes => self.find_bytes_as::<LINES>(b),
        }
    }

    /// As [`Marks::find_with_lines`] (or [`Marks::find`]) by `kernel`:
    /// the tests check each one the CPU has against the byte-by-byte one.
    #[cfg(test)]
    fn find_with(&mut self, kernel: Kernel, b: &[u8], lines: bool) {
        if lines {
            self.find_by::<true>(kernel, b);
        } else {
            self.find_by::<false>(kernel, b);
        }
    }

    fn find_bytes_as<const LINES: bool>(&mut self, b: &[u8]) {
        self.find_by_bytes(b);
        if LINES {
            self.lines.extend(memchr::memchr_iter(b'\n', b));
        }
    }

    /// The reference: byte by byte.
    fn find_by_bytes(&mut self, b: &[u8]) {
        let mut i = 0;
        while i < b.len() {
            if !run_byte(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && run_byte(b[i]) {
                i += 1;
            }
            if i - start >= MIN_RUN {
                self.runs.push(start..i);
            }
        }
        for (k, chunk) in b.chunks(CHUNK).enumerate() {
            if chunk.iter().any(|&c| dirty(c)) {
                self.dirty.push(k * CHUNK);
            }
        }
    }
}

/// Which code reads a block's bytes: the widest vectors the CPU has. A
/// value is only handed out by [`Kernel::best`] or [`Kernel::available`],
/// which keep those the CPU supports: holding one is the proof that it
/// can run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Bytes,
}

impl Kernel {
    /// Every kernel, the best first.
    const ALL: &[Kernel] = &[
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512,
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2,
        Kernel::Bytes,
    ];

    /// Whether this CPU can run the kernel (the answer is cached by std).
    fn supported(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => std::is_x86_feature_detected!("avx512bw"),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => std::is_x86_feature_detected!("avx2"),
            Kernel::Bytes => true,
        }
    }

    fn best() -> Kernel {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.supported())
            .unwrap_or(Kernel::Bytes)
    }

    /// Every kernel this CPU can run, the best first.
    #[cfg(test)]
    fn available() -> Vec<Kernel> {
        Self::ALL
            .iter()
            .copied()
            .filter(|k| k.supported())
            .collect()
    }
}

/// Bytes per step of the block scan: two chunks.
#[cfg(target_arch = "x86_64")]
const STEP: usize = 2 * CHUNK;

/// What one step of the block scan reads off its 64 bytes, bit i for
/// byte i: the CPU-specific part of [`Marks::find`].
#[cfg(target_arch = "x86_64")]
struct StepMasks {
    dirty: u64,
    newlines: u64,
    runs: u64,
}

/// [`Marks::find`] with `read` giving each step's masks, 64 bytes (two
/// chunks) at a time. A window of 16 run bytes is found as in [`find`]; a
/// run is a stretch of such windows, from the first one's start to the
/// last one's end, so only the edges of each stretch are visited, never
/// the bytes of a word. Inlined into each kernel, which `read` belongs to.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn scan_steps<const LINES: bool>(
    b: &[u8],
    out: &mut Marks,
    mut read: impl FnMut(&[u8; STEP]) -> StepMasks,
) {
    // The previous step's last 16 run bits; whether the window that
    // starts 17 bytes before this step was all run bytes; where the
    // stretch of windows now open began.
    let mut prev: u64 = 0;
    let mut top = 0u64;
    let mut open = 0usize;
    let mut i = 0;
    // Bytes past the end read blanks: neither run nor dirty bytes.
    // Windows start up to 16 bytes before a step, so the step after the
    // last byte closes any run that ends there.
    while i < b.len() + 16 {
        // `read` is called in each branch, not on a reference chosen
        // between them: the usual step then loads straight from `b`.
        let (masks, valid) = if i + STEP <= b.len() {
            (
                read(b[i..i + STEP].try_into().expect("a step's bytes")),
                u64::MAX,
            )
        } else {
            // Fewer than 64 bytes are left (maybe none).
            let tail = b.get(i..).unwrap_or(&[]);
            let mut pad = [b' '; STEP];
            pad[..tail.len()].copy_from_slice(tail);
            (read(&pad), (1u64 << tail.len()) - 1)
        };
        let dirt = masks.dirty & valid;
        if dirt as u32 != 0 {
            out.dirty.push(i);
        }
        if dirt >> 32 != 0 {
            out.dirty.push(i + CHUNK);
        }
        if LINES {
            // Padding is blanks: no newline past the end.
            let mut nl = masks.newlines;
            while nl != 0 {
                out.lines.push(i + nl.trailing_zeros() as usize);
                nl &= nl - 1;
            }
        }
        let runs = masks.runs;
        // Bit j of `w`: the 16 bytes from i - 16 + j are run bytes.
        let mut w = u128::from(prev) | u128::from(runs) << 16;
        w &= w >> 1;
        w &= w >> 2;
        w &= w >> 4;
        w &= w >> 8;
        let w = w as u64;
        // Where a stretch of windows opens or closes in this step.
        let mut edges = w ^ ((w << 1) | top);
        while edges != 0 {
            let j = edges.trailing_zeros();
            edges &= edges - 1;
            let p = i + j as usize - 16;
            if w >> j & 1 == 1 {
                open = p;
            } else {
                // The last window started at p - 1: its run ends at
                // p + 15, before a byte that is not a run byte.
                out.runs.push(open..p + 15);
            }
        }
        top = w >> 63;
        prev = runs >> 48;
        i += STEP;
    }
}

/// The run bytes as a union of rectangles in (high nibble, low nibble)
/// space, one bit per rectangle: a byte is a run byte when the bits of
/// its low nibble and of its high nibble share one. Two table lookups
/// (`vpshufb`) per vector instead of a dozen range compares.
#[cfg(target_arch = "x86_64")]
const fn nibble_tables() -> ([u8; 16], [u8; 16]) {
    // (bit, high nibbles, low nibbles)
    const RECTS: [(u8, &[u8], &[u8]); 6] = [
        // 0-9
        (1, &[3], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        // A-O, a-o
        (
            2,
            &[4, 6],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        ),
        // P-Z, p-z
        (4, &[5, 7], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        // ! $ % + - . /
        (8, &[2], &[1, 4, 5, 11, 13, 14, 15]),
        // _
        (16, &[5], &[15]),
        // ~
        (32, &[7], &[14]),
    ];
    let mut lo = [0u8; 16];
    let mut hi = [0u8; 16];
    let mut r = 0;
    while r < RECTS.len() {
        let (bit, his, los) = RECTS[r];
        let mut i = 0;
        while i < his.len() {
            hi[his[i] as usize] |= bit;
            i += 1;
        }
        let mut i = 0;
        while i < los.len() {
            lo[los[i] as usize] |= bit;
            i += 1;
        }
        r += 1;
    }
    (lo, hi)
}

#[cfg(target_arch = "x86_64")]
const TABLES: ([u8; 16], [u8; 16]) = nibble_tables();

/// The first dirty byte at or after `from` (see [`super::first_dirty`]).
pub fn next_dirty(b: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { avx2::find_dirty(b, from) };
    }
    dirty_by_words(&b[from..]).map(|j| from + j)
}

/// [`next_dirty`] from the start, eight bytes at a time: for CPUs without
/// AVX2.
pub(super) fn dirty_by_words(bytes: &[u8]) -> Option<usize> {
    // Eight bytes at a time: a word with no byte below 0x20, none at 0x7f
    // and none at or above 0x80 is clean; only flagged words (newlines and
    // tabs flag too) are looked at byte by byte.
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let below_space = w.wrapping_sub(LO * 0x20) & !w;
        let del = (w ^ (LO * 0x7f)).wrapping_sub(LO) & !(w ^ (LO * 0x7f));
        if (below_space | del | w) & HI != 0
            && let Some(j) = bytes[i..i + 8].iter().position(|&b| dirty(b))
        {
            return Some(i + j);
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| dirty(b)).map(|j| i + j)
}

/// The next run of at least `MIN_RUN` run bytes at or after `from`, whole.
pub fn next_run(b: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
    let mut start = find(b, from)?;
    while start > from && run_byte(b[start - 1]) {
        start -= 1;
    }
    let mut end = start + MIN_RUN;
    while end < b.len() && run_byte(b[end]) {
        end += 1;
    }
    Some(start..end)
}

/// The first byte of `MIN_RUN` run bytes in a row at or after `from`. A
/// run that started before `from` counts from `from`.
fn find(b: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { avx2::find(b, from) };
    }
    scalar(b, from, 0).map(|p| p.max(from))
}

/// The reference: byte by byte, `run` run bytes already seen before `from`.
fn scalar(b: &[u8], from: usize, mut run: usize) -> Option<usize> {
    if run >= MIN_RUN {
        return Some(from - run);
    }
    for (i, &c) in b.iter().enumerate().skip(from) {
        if run_byte(c) {
            run += 1;
            if run >= MIN_RUN {
                // May lie before `from` when `run` was carried in.
                return Some(i + 1 - MIN_RUN);
            }
        } else {
            run = 0;
        }
    }
    None
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx2")]
    fn eq(v: __m256i, c: u8) -> __m256i {
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c as i8))
    }

    #[target_feature(enable = "avx2")]
    fn table(t: &[u8; 16]) -> __m256i {
        // SAFETY: 16 bytes are read from a 16-byte array.
        let half = unsafe { _mm_loadu_si128(t.as_ptr().cast()) };
        _mm256_broadcastsi128_si256(half)
    }

    /// Bit i: byte i is a run byte (`tokens::run_byte`).
    #[target_feature(enable = "avx2")]
    fn run_mask(v: __m256i, lo_t: __m256i, hi_t: __m256i) -> u32 {
        let nib = _mm256_set1_epi8(0x0f);
        let lo = _mm256_and_si256(v, nib);
        let hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
        let both = _mm256_and_si256(_mm256_shuffle_epi8(lo_t, lo), _mm256_shuffle_epi8(hi_t, hi));
        !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256())) as u32)
    }

    /// Bit i: byte i is dirty (`super::dirty`).
    #[target_feature(enable = "avx2")]
    fn dirty_mask(v: __m256i) -> u32 {
        // Signed, below 0x20 is a control or any byte from 0x80 up.
        let low_or_high = _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v);
        let kept = _mm256_or_si256(eq(v, b'\t'), eq(v, b'\n'));
        let all = _mm256_or_si256(_mm256_andnot_si256(kept, low_or_high), eq(v, 0x7f));
        _mm256_movemask_epi8(all) as u32
    }

    /// [`super::Marks::find`], a step's 64 bytes in two 32-byte vectors.
    #[target_feature(enable = "avx2")]
    pub unsafe fn marks<const LINES: bool>(b: &[u8], out: &mut super::Marks) {
        let (lo_t, hi_t) = (table(&super::TABLES.0), table(&super::TABLES.1));
        super::scan_steps::<LINES>(b, out, |bytes| {
            // SAFETY: 64 bytes are read from a 64-byte array; unaligned
            // loads are allowed.
            let (v0, v1) = unsafe {
                (
                    _mm256_loadu_si256(bytes.as_ptr().cast()),
                    _mm256_loadu_si256(bytes.as_ptr().add(32).cast()),
                )
            };
            let two = |m0: u32, m1: u32| u64::from(m0) | u64::from(m1) << 32;
            let newline = |v| _mm256_movemask_epi8(eq(v, b'\n')) as u32;
            super::StepMasks {
                dirty: two(dirty_mask(v0), dirty_mask(v1)),
                newlines: if LINES {
                    two(newline(v0), newline(v1))
                } else {
                    0
                },
                runs: two(run_mask(v0, lo_t, hi_t), run_mask(v1, lo_t, hi_t)),
            }
        });
    }

    #[target_feature(enable = "avx2")]
    pub unsafe fn find_dirty(b: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while i + 32 <= b.len() {
            // SAFETY: `i + 32 <= b.len()`; an unaligned load is allowed.
            let v = unsafe { _mm256_loadu_si256(b.as_ptr().add(i).cast()) };
            let dirt = dirty_mask(v);
            if dirt != 0 {
                return Some(i + dirt.trailing_zeros() as usize);
            }
            i += 32;
        }
        if i < b.len() && b.len() - from >= 32 {
            // The last bytes in one more load, overlapping what was seen
            // (clean) rather than one by one: a line's tail is short.
            let last = b.len() - 32;
            // SAFETY: `last + 32 == b.len()`.
            let v = unsafe { _mm256_loadu_si256(b.as_ptr().add(last).cast()) };
            let dirt = dirty_mask(v);
            return (dirt != 0).then(|| last + dirt.trailing_zeros() as usize);
        }
        super::dirty_by_words(&b[i..]).map(|j| i + j)
    }

    #[target_feature(enable = "avx2")]
    pub unsafe fn find(b: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        let (lo_t, hi_t) = (table(&super::TABLES.0), table(&super::TABLES.1));
        // The previous chunk's last 16 run bits, and how many run bytes
        // in a row end just before `i`.
        let mut prev: u64 = 0;
        let mut run = 0usize;
        while i + 32 <= b.len() {
            // SAFETY: `i + 32 <= b.len()`; an unaligned load is allowed.
            let v = unsafe { _mm256_loadu_si256(b.as_ptr().add(i).cast()) };
            let runs = run_mask(v, lo_t, hi_t);
            // 48 bits: the 16 before this chunk, then its 32. Bit j of
            // `w` is set when bits j..j+15 all are: 16 run bytes starting
            // at byte i - 16 + j.
            let x = prev | (u64::from(runs) << 16);
            let mut w = x;
            w &= w >> 1;
            w &= w >> 2;
            w &= w >> 4;
            w &= w >> 8;
            let w = w & 0xffff_ffff;
            // A run in this chunk (or reaching into it): the first window
            // of 16 run bytes says where, without a byte-by-byte pass. A
            // window starting before `i` counts only with the run bytes
            // carried in (the first chunk has none), as in the
            // byte-by-byte reference.
            if w != 0 {
                let window = i + w.trailing_zeros() as usize - 16;
                // A window reaching back past what was carried in is the
                // byte-by-byte reference's to place.
                if window + run < i {
                    return super::scalar(b, i, run).map(|p| p.max(from));
                }
                return Some(window.max(from));
            }
            run = if runs == u32::MAX {
                run + 32
            } else {
                runs.leading_ones() as usize
            };
            prev = u64::from(runs >> 16);
            i += 32;
        }
        super::scalar(b, i, run).map(|p| p.max(from))
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    /// [`super::Marks::find`], a step's 64 bytes in one vector: the
    /// compares give bit masks as they are, with no byte masks to gather.
    #[target_feature(enable = "avx512bw")]
    pub unsafe fn marks<const LINES: bool>(b: &[u8], out: &mut super::Marks) {
        let table = |t: &[u8; 16]| {
            // SAFETY: 16 bytes are read from a 16-byte array.
            _mm512_broadcast_i32x4(unsafe { _mm_loadu_si128(t.as_ptr().cast()) })
        };
        let (lo_t, hi_t) = (table(&super::TABLES.0), table(&super::TABLES.1));
        let byte = |c: u8| _mm512_set1_epi8(c as i8);
        let nib = byte(0x0f);
        super::scan_steps::<LINES>(b, out, |bytes| {
            // SAFETY: 64 bytes are read from a 64-byte array; an unaligned
            // load is allowed.
            let v = unsafe { _mm512_loadu_si512(bytes.as_ptr().cast()) };
            let eq = |c: u8| _mm512_cmpeq_epi8_mask(v, byte(c));
            // Signed, below 0x20 is a control or any byte from 0x80 up
            // (`super::dirty`).
            let low_or_high = _mm512_cmplt_epi8_mask(v, byte(0x20));
            let newlines = eq(b'\n');
            let dirty = (low_or_high & !(eq(b'\t') | newlines)) | eq(0x7f);
            let lo = _mm512_and_si512(v, nib);
            let hi = _mm512_and_si512(_mm512_srli_epi16::<4>(v), nib);
            let runs =
                _mm512_test_epi8_mask(_mm512_shuffle_epi8(lo_t, lo), _mm512_shuffle_epi8(hi_t, hi));
            super::StepMasks {
                dirty,
                newlines,
                runs,
            }
        });
    }
}

#[cfg(test)]
// A list of runs may hold one run: `vec![0..40]` is meant.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    /// A xorshift generator: the same cases on every run.
    fn rng(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// `len` bytes of run bytes (the first four), other bytes, blanks,
    /// separators, newlines and dirty bytes; run bytes `tenths` tenths of
    /// the time, so long runs are common enough to test.
    fn text(rnd: &mut impl FnMut() -> u64, len: usize, tenths: u64) -> Vec<u8> {
        let alphabet = b"aZ09_-+/.~$!%, :=\"\n\t\x1b\x7f\xc3";
        (0..len)
            .map(|_| {
                let r = rnd();
                if r % 10 < tenths {
                    alphabet[(r % 4) as usize]
                } else {
                    alphabet[((r >> 8) % alphabet.len() as u64) as usize]
                }
            })
            .collect()
    }

    #[test]
    fn the_fast_gate_agrees_with_the_byte_by_byte_one() {
        let mut rnd = rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let len = (rnd() % 200) as usize;
            let text = text(&mut rnd, len, 8);
            let from = if len == 0 {
                0
            } else {
                (rnd() % len as u64) as usize
            };
            // Callers start at line starts: make `from` one.
            let mut t = text.clone();
            if from > 0 {
                t[from - 1] = b'\n';
            }
            assert_eq!(
                find(&t, from),
                scalar(&t, from, 0).map(|p| p.max(from)),
                "{:?} from {from}",
                String::from_utf8_lossy(&t)
            );
            let slow = (from..t.len())
                .find(|&i| t[i..].iter().take_while(|&&c| run_byte(c)).count() >= MIN_RUN);
            let slow = slow.map(|s| {
                let mut e = s;
                while e < t.len() && run_byte(t[e]) {
                    e += 1;
                }
                s..e
            });
            assert_eq!(
                next_dirty(&t, from),
                (from..t.len()).find(|&i| dirty(t[i])),
                "{:?} from {from}",
                String::from_utf8_lossy(&t)
            );
            assert_eq!(
                next_run(&t, from),
                slow,
                "{:?} from {from}",
                String::from_utf8_lossy(&t)
            );
        }
    }

    #[test]
    fn the_block_marks_agree_with_the_byte_by_byte_ones() {
        let mut rnd = rng(0x2545_f491_4f6c_dd1d);
        for round in 0..4000 {
            // Up to a few chunks, so runs meet, straddle and end at chunk
            // edges and at the end of the block; mostly run bytes in some
            // rounds, so long runs abound.
            let len = (rnd() % 260) as usize;
            let text = text(&mut rnd, len, 4 + round % 6);
            let mut want = Marks::default();
            want.find_by_bytes(&text);
            for lines in [false, true] {
                // With the line ends: the same marks, and every newline.
                if lines {
                    want.lines = memchr::memchr_iter(b'\n', &text).collect();
                }
                for kernel in Kernel::available() {
                    let mut got = Marks::default();
                    got.find_with(kernel, &text, lines);
                    assert_eq!(
                        got,
                        want,
                        "{kernel:?}, lines {lines}: {:?}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
        // A block that is one run, and runs of exactly MIN_RUN and one less.
        for len in [
            0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 79, 80, 81, 100, 127, 128, 129,
        ] {
            let text = vec![b'a'; len];
            let want: Vec<std::ops::Range<usize>> =
                if len >= MIN_RUN { vec![0..len] } else { vec![] };
            for kernel in Kernel::available() {
                let mut fast = Marks::default();
                fast.find_with(kernel, &text, true);
                assert_eq!(fast.runs, want, "{kernel:?} {len}");
            }
        }
    }

    #[test]
    fn every_byte_is_classed_as_the_byte_by_byte_gate_classes_it() {
        for kernel in Kernel::available() {
            every_byte_is_classed_by(kernel);
        }
    }

    fn every_byte_is_classed_by(kernel: Kernel) {
        let marks = |t: &[u8]| {
            let mut m = Marks::default();
            m.find_with(kernel, t, false);
            m
        };
        for b in 0..=255u8 {
            // Forty of one byte: one run if it is a run byte, two dirty
            // chunks if it is dirty, nothing else.
            let t = [b; 40];
            let m = marks(&t);
            assert_eq!(
                m.runs,
                if run_byte(b) { vec![0..40] } else { vec![] },
                "{kernel:?} byte {b:#04x}"
            );
            assert_eq!(
                m.dirty,
                if dirty(b) { vec![0, 32] } else { vec![] },
                "{kernel:?} byte {b:#04x}"
            );
            assert_eq!(
                next_dirty(&t, 3),
                dirty(b).then_some(3),
                "{kernel:?} byte {b:#04x}"
            );
            // Alone among blanks: a mark only if it is dirty.
            let mut t = [b' '; 48];
            t[20] = b;
            let m = marks(&t);
            assert!(m.runs.is_empty(), "{kernel:?} byte {b:#04x} alone");
            assert_eq!(
                m.dirty,
                if dirty(b) { vec![0] } else { vec![] },
                "{kernel:?} byte {b:#04x} alone"
            );
            // Fifteen run bytes and this one: a run only if it is one too.
            let mut t = [b' '; 48];
            t[5..20].fill(b'a');
            t[20] = b;
            let want = if run_byte(b) { vec![5..21] } else { vec![] };
            assert_eq!(
                marks(&t).runs,
                want,
                "{kernel:?} byte {b:#04x} ending a run of 15"
            );
            assert_eq!(
                find(&t, 0),
                run_byte(b).then_some(5),
                "{kernel:?} byte {b:#04x}"
            );
        }
    }
}
