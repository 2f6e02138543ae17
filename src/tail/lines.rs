//! Splitting a byte stream into lines with bounded memory, and finding
//! where the last N lines of a file start.

use crate::redact::cut_raw;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// Receives each line (without its newline); `cut` is true when the line
/// was over the limit. Returning false stops the feed.
pub(super) type Emit<'a> = dyn FnMut(&[u8], bool) -> bool + 'a;

/// Turns chunks of bytes into lines. Holds at most `max` bytes of an
/// unfinished line: past that the line is emitted cut and the rest of it,
/// up to its newline, skipped, so a binary file or a 10 MB line cannot
/// grow memory.
pub(super) struct Splitter {
    partial: Vec<u8>,
    max: usize,
    /// Skipping the rest of a line that was already emitted cut.
    discarding: bool,
}

/// A held buffer bigger than this is released after use rather than kept.
const KEEP_CAPACITY: usize = 64 * 1024;

impl Splitter {
    pub(super) fn new(max: usize) -> Splitter {
        Splitter {
            partial: Vec::new(),
            // cut_raw needs room to back off to a separator.
            max: max.max(64),
            discarding: false,
        }
    }

    pub(super) fn max(&self) -> usize {
        self.max
    }

    /// Feeds a chunk; false when `emit` asked to stop.
    pub(super) fn feed(&mut self, mut chunk: &[u8], emit: &mut Emit<'_>) -> bool {
        while !chunk.is_empty() {
            let Some(i) = memchr::memchr(b'\n', chunk) else {
                return self.hold(chunk, emit);
            };
            let (line, rest) = (&chunk[..i], &chunk[i + 1..]);
            chunk = rest;
            if std::mem::take(&mut self.discarding) {
                continue;
            }
            if !self.complete(line, emit) {
                return false;
            }
        }
        true
    }

    /// The end of a line arrived: emit it with what was held.
    fn complete(&mut self, line: &[u8], emit: &mut Emit<'_>) -> bool {
        if self.partial.is_empty() {
            return match line.len() > self.max {
                true => emit(cut_raw(line, self.max), true),
                false => emit(line, false),
            };
        }
        let room = self.max + 1 - self.partial.len();
        self.partial
            .extend_from_slice(&line[..line.len().min(room)]);
        let ok = match self.partial.len() > self.max {
            true => emit(cut_raw(&self.partial, self.max), true),
            false => emit(&self.partial, false),
        };
        self.release();
        ok
    }

    /// Bytes with no newline: hold them, or emit the line cut once it is
    /// over the limit and skip the rest of it.
    fn hold(&mut self, bytes: &[u8], emit: &mut Emit<'_>) -> bool {
        if self.discarding {
            return true;
        }
        let room = self.max + 1 - self.partial.len();
        if bytes.len() < room {
            self.partial.extend_from_slice(bytes);
            return true;
        }
        self.partial.extend_from_slice(&bytes[..room]);
        let ok = emit(cut_raw(&self.partial, self.max), true);
        self.release();
        self.discarding = true;
        ok
    }

    fn release(&mut self) {
        self.partial.clear();
        if self.partial.capacity() > KEEP_CAPACITY {
            self.partial = Vec::new();
        }
    }

    #[cfg(test)]
    fn has_partial(&self) -> bool {
        !self.partial.is_empty()
    }

    /// The stream ended: emit a held unfinished line, forget any skipping.
    pub(super) fn finish(&mut self, emit: &mut Emit<'_>) -> bool {
        self.discarding = false;
        if self.partial.is_empty() {
            return true;
        }
        let ok = emit(&self.partial, false);
        self.release();
        ok
    }

    #[cfg(test)]
    fn held_capacity(&self) -> usize {
        self.partial.capacity()
    }
}

/// Offset where the last `n` lines of `file` (of length `len`) start; a
/// final newline ends the last line rather than starting an empty one.
/// Reads backwards in blocks, so a huge file costs no memory.
pub(super) fn last_lines_offset(file: &mut File, len: u64, n: usize) -> io::Result<u64> {
    if n == 0 {
        return Ok(len);
    }
    if n == usize::MAX {
        return Ok(0);
    }
    const BLOCK: u64 = 64 * 1024;
    let mut buf = vec![0u8; BLOCK as usize];
    let mut end = len;
    let mut seen = 0usize;
    while end > 0 {
        let start = end.saturating_sub(BLOCK);
        let block = &mut buf[..(end - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(block)?;
        for i in memchr::memrchr_iter(b'\n', block) {
            let at = start + i as u64;
            if at + 1 == len {
                continue;
            }
            seen += 1;
            if seen == n {
                return Ok(at + 1);
            }
        }
        end = start;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &mut Splitter, chunks: &[&[u8]], finish: bool) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut emit = |l: &[u8], cut: bool| {
            out.push((String::from_utf8_lossy(l).into_owned(), cut));
            true
        };
        for c in chunks {
            s.feed(c, &mut emit);
        }
        if finish {
            s.finish(&mut emit);
        }
        out
    }

    fn plain(v: &[&str]) -> Vec<(String, bool)> {
        v.iter().map(|s| (s.to_string(), false)).collect()
    }

    #[test]
    fn lines_across_chunks() {
        let mut s = Splitter::new(100);
        let out = split(&mut s, &[b"ab", b"c\nde", b"f\n\ng"], false);
        assert_eq!(out, plain(&["abc", "def", ""]));
        assert!(s.has_partial());
        let out = split(&mut s, &[], true);
        assert_eq!(out, plain(&["g"]));
    }

    #[test]
    fn an_endless_line_is_cut_and_skipped_with_bounded_memory() {
        let mut s = Splitter::new(1000);
        let big = vec![b'x'; 300];
        let mut chunks: Vec<&[u8]> = vec![&big; 100];
        chunks.push(b"tail\nnext\n");
        let out = split(&mut s, &chunks, false);
        assert_eq!(out.len(), 2);
        assert!(out[0].1 && out[0].0.len() <= 1000);
        assert_eq!(out[1], ("next".to_string(), false));
        assert!(s.held_capacity() <= 2 * 1001);
    }

    #[test]
    fn a_long_complete_line_is_cut() {
        let mut s = Splitter::new(100);
        let mut line = vec![b'y'; 500];
        line.push(b'\n');
        let out = split(&mut s, &[b"ab", &line, b"z\n"], false);
        assert!(out[0].1 && out[0].0.len() <= 100);
        assert_eq!(out[1], ("z".to_string(), false));
    }

    #[test]
    fn finishing_while_skipping_emits_nothing() {
        let mut s = Splitter::new(64);
        let out = split(&mut s, &[&[b'q'; 200]], true);
        assert_eq!(out.len(), 1);
        assert!(out[0].1);
    }

    fn offset_of(content: &[u8], n: usize) -> u64 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, content).unwrap();
        let mut f = File::open(&path).unwrap();
        last_lines_offset(&mut f, content.len() as u64, n).unwrap()
    }

    #[test]
    fn last_lines_like_tail_n() {
        assert_eq!(offset_of(b"a\nb\nc\n", 2), 2);
        assert_eq!(offset_of(b"a\nb\nc", 2), 2);
        assert_eq!(offset_of(b"a\nb\nc\n", 5), 0);
        assert_eq!(offset_of(b"a\nb\nc\n", 0), 6);
        assert_eq!(offset_of(b"", 3), 0);
        let mut big = Vec::new();
        for i in 0..50_000 {
            big.extend(format!("line {i}\n").bytes());
        }
        let at = offset_of(&big, 3) as usize;
        assert_eq!(&big[at..], b"line 49997\nline 49998\nline 49999\n");
    }
}
