//! `warroom redact [FILE...]`: stdin or files to stdout, sanitized and redacted.

use super::Failure;
use crate::redact::{Pieces, Redactor, Stats, Stream, cut_raw};
use std::io::{ErrorKind, IoSlice, Read, Seek, Write};
use std::path::PathBuf;

/// Read size; large enough that per-read overhead vanishes.
const CHUNK: usize = 1 << 20;
/// A "line" longer than this without a newline is cut and the rest of it
/// skipped, so a binary file or a runaway writer cannot exhaust memory.
const MAX_PENDING: usize = 1 << 20;

pub fn run(files: &[PathBuf], show_stats: bool, redactor: &Redactor) -> Result<(), Failure> {
    let mut stats = Stats::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = if files.is_empty() {
        copy(
            &mut std::io::stdin().lock(),
            &mut out,
            redactor,
            &mut stats,
            Stream::default(),
        )
    } else {
        files.iter().try_for_each(|path| {
            let mut f = std::fs::File::open(path)
                .map_err(|e| Failure::Bad(format!("{}: {e}", path.display())))?;
            let large = f
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() >= PARALLEL_FROM);
            if large && threads() > 1 {
                copy_parallel(f, &mut out, redactor, &mut stats)
            } else {
                copy(&mut f, &mut out, redactor, &mut stats, Stream::default())
            }
        })
    };
    match result {
        Err(Failure::Bad(msg)) if msg == BROKEN_PIPE => {}
        other => other?,
    }
    if show_stats {
        let mut err = std::io::stderr().lock();
        for (rule, n) in &stats.counts {
            let _ = writeln!(err, "{n:>8}  {rule}");
        }
        let _ = writeln!(err, "{:>8}  total", stats.total());
    }
    Ok(())
}

const BROKEN_PIPE: &str = "broken pipe";

/// A file at least this large is cleaned on every core.
const PARALLEL_FROM: u64 = 16 << 20;
/// What one thread cleans at a time.
const PIECE: usize = 4 << 20;

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(16))
}

/// Cleans a large file on every core: a round of pieces (cut at line ends)
/// at a time, each read and cleaned on its own thread, written in order.
/// Each thread reads its piece itself (`pread`), so the copy out of the
/// page cache is shared too, and keeps its buffer from round to round;
/// the cleaned output is pieces of that buffer, written without a copy. A
/// piece that starts inside a multi-line private key is cleaned again
/// after its predecessor, with its state, so the output is exactly the
/// sequential one. A line too long to cut at sends the rest of the file
/// to the sequential path.
fn copy_parallel(
    mut f: std::fs::File,
    out: &mut dyn Write,
    redactor: &Redactor,
    stats: &mut Stats,
) -> Result<(), Failure> {
    let mut workers: Vec<Worker> = (0..threads()).map(|_| Worker::default()).collect();
    let mut stream = Stream::default();
    let mut pos: u64 = 0;
    loop {
        let Some((cuts, at_end)) = cuts(&f, pos, workers.len()).map_err(read_failure)? else {
            // No line end within a piece: the sequential path cuts it.
            f.seek(std::io::SeekFrom::Start(pos))
                .map_err(read_failure)?;
            return copy(&mut f, out, redactor, stats, stream);
        };
        let ranges: Vec<(u64, u64)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        let results: Vec<std::io::Result<(Stream, Stats)>> = std::thread::scope(|s| {
            let handles: Vec<_> = workers
                .iter_mut()
                .zip(&ranges)
                .map(|(w, &range)| {
                    let f = &f;
                    s.spawn(move || w.clean(f, range, redactor))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a cleaning thread does not panic"))
                .collect()
        });
        // The end of the file as this round found it ends the run, as it
        // ends the one-core path: a line a writer is still appending to
        // must not be cleaned as two.
        let mut eof = at_end || ranges.is_empty();
        for (w, result) in workers.iter_mut().zip(results) {
            let (st, counts) = result.map_err(read_failure)?;
            if stream.in_block() {
                w.pieces.clear();
                redactor.clean_pieces(&mut stream, &w.buf[..w.len], &mut w.pieces, Some(stats));
            } else {
                stats.add(counts);
                stream = st;
            }
            write_pieces(out, &w.pieces, &w.buf[..w.len])?;
            // A file cut short while read (rotated by truncation) ends here.
            eof |= w.short;
        }
        pos = *cuts.last().expect("cuts start at pos");
        if eof {
            break;
        }
    }
    out.flush().map_err(io_failure)
}

/// One cleaning thread's buffer and output, kept from round to round.
#[derive(Default)]
struct Worker {
    buf: Vec<u8>,
    /// How much of `buf` this round's piece fills.
    len: usize,
    /// The file ended before the piece did.
    short: bool,
    pieces: Pieces,
}

impl Worker {
    /// Reads `range` of the file and cleans it, from a fresh stream state.
    fn clean(
        &mut self,
        f: &std::fs::File,
        (start, end): (u64, u64),
        redactor: &Redactor,
    ) -> std::io::Result<(Stream, Stats)> {
        let want = usize::try_from(end - start).expect("a piece fits in memory");
        // Zeroed only when it grows: a read fills what the piece needs.
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        self.len = read_at(f, &mut self.buf[..want], start)?;
        self.short = self.len < want;
        self.pieces.clear();
        let mut stream = Stream::default();
        let mut counts = Stats::default();
        redactor.clean_pieces(
            &mut stream,
            &self.buf[..self.len],
            &mut self.pieces,
            Some(&mut counts),
        );
        Ok((stream, counts))
    }
}

/// Where this round's pieces start and end: `pos`, then one line end at
/// or after every `PIECE` bytes, up to `n` pieces or the end of the file,
/// and whether the end of the file was reached. `None` when a piece would
/// hold no line end within `PIECE` more bytes.
fn cuts(f: &std::fs::File, pos: u64, n: usize) -> std::io::Result<Option<(Vec<u64>, bool)>> {
    let mut cuts = vec![pos];
    let mut window = vec![0u8; WINDOW];
    for _ in 0..n {
        let from = *cuts.last().expect("cuts start at pos");
        // The piece's last line ends at the first newline from here on.
        let mut at = from + PIECE as u64 - 1;
        loop {
            let got = read_at(f, &mut window, at)?;
            if let Some(i) = memchr::memchr(b'\n', &window[..got]) {
                cuts.push(at + i as u64 + 1);
                break;
            }
            if got < WINDOW {
                // The end of the file ends the last piece (a read past it
                // says nothing of where it is).
                let eof = if got > 0 {
                    at + got as u64
                } else {
                    f.metadata()?.len().min(at)
                };
                if eof > from {
                    cuts.push(eof);
                }
                return Ok(Some((cuts, true)));
            }
            at += WINDOW as u64;
            if at - from > 2 * PIECE as u64 {
                return Ok(None);
            }
        }
    }
    Ok(Some((cuts, false)))
}

/// How much of the file around a cut is read to find the line end there.
const WINDOW: usize = 64 << 10;

/// Reads at `offset` until `buf` is full or the file ends; how much it read.
fn read_at(f: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut filled = 0;
    while filled < buf.len() {
        match f.read_at(&mut buf[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn read_failure(e: std::io::Error) -> Failure {
    Failure::Bad(format!("cannot read input: {e}"))
}

/// `warroom redact --list-rules`: every rule, its count last.
pub fn list_rules(redactor: &Redactor) -> Result<(), Failure> {
    let rules = redactor.list_rules();
    let names: std::collections::BTreeSet<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    let mut out = format!(
        "{} rules under {} names: name, what it finds, its shape\n\n",
        rules.len(),
        names.len()
    );
    for r in &rules {
        out.push_str(&format!("{}\n    {}\n    {}\n", r.name, r.what, r.shape));
    }
    out.push_str(&format!(
        "{} rules under {} names\n",
        rules.len(),
        names.len()
    ));
    super::output::emit(&out)
}

/// Cleans `input` on one thread, from `stream`'s state (a private key the
/// parallel path was inside when it handed over).
fn copy(
    input: &mut dyn Read,
    out: &mut dyn Write,
    redactor: &Redactor,
    stats: &mut Stats,
    mut stream: Stream,
) -> Result<(), Failure> {
    // Zeroed once: reads fill `buf[filled..]`, and only `filled` says how
    // much of it is input.
    let mut buf: Vec<u8> = vec![0; CHUNK + MAX_PENDING];
    let mut filled = 0;
    let mut pieces = Pieces::default();
    // True while skipping the rest of an over-long line.
    let mut skipping = false;
    loop {
        if buf.len() < filled + CHUNK {
            buf.resize(filled + CHUNK, 0);
        }
        let n = match input.read(&mut buf[filled..filled + CHUNK]) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Bad(format!("cannot read input: {e}"))),
        };
        if n == 0 {
            break;
        }
        filled += n;
        let mut from = 0;
        if skipping {
            match memchr::memchr(b'\n', &buf[..filled]) {
                Some(i) => {
                    from = i + 1;
                    skipping = false;
                }
                None => {
                    filled = 0;
                    continue;
                }
            }
        }
        pieces.clear();
        let taken = match memchr::memrchr(b'\n', &buf[from..filled]) {
            Some(last) => {
                let block = &buf[from..=from + last];
                redactor.clean_pieces(&mut stream, block, &mut pieces, Some(stats));
                write_pieces(out, &pieces, block)?;
                from + last + 1
            }
            None if filled - from > MAX_PENDING => {
                let line = cut_raw(&buf[from..filled], MAX_PENDING);
                let mut clean = redactor.clean_line_counting(&mut stream, line, Some(stats));
                clean.push('\n');
                write(out, clean.as_bytes())?;
                skipping = true;
                filled
            }
            None => from,
        };
        // The unfinished line moves to the front for the next read.
        buf.copy_within(taken..filled, 0);
        filled -= taken;
    }
    if filled > 0 && !skipping {
        pieces.clear();
        let block = &buf[..filled];
        redactor.clean_pieces(&mut stream, block, &mut pieces, Some(stats));
        write_pieces(out, &pieces, block)?;
    }
    out.flush().map_err(io_failure)
}

/// Writes cleaned pieces with as few system calls as the writer allows:
/// vectored writes, so unchanged input is never copied into a buffer.
fn write_pieces(out: &mut dyn Write, pieces: &Pieces, block: &[u8]) -> Result<(), Failure> {
    let mut slices: Vec<IoSlice> = pieces.iter(block).map(IoSlice::new).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => {
                return Err(io_failure(std::io::Error::from(ErrorKind::WriteZero)));
            }
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(io_failure(e)),
        }
    }
    Ok(())
}

fn write(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes).map_err(io_failure)
}

fn io_failure(e: std::io::Error) -> Failure {
    if e.kind() == ErrorKind::BrokenPipe {
        Failure::Bad(BROKEN_PIPE.to_string())
    } else {
        Failure::Bad(format!("cannot write output: {e}"))
    }
}
