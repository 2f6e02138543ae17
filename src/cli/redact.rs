//! `warroom redact [FILE...]`: stdin or files to stdout, sanitized and redacted.

use super::Failure;
use crate::redact::{Pieces, Redactor, Stats, Stream, cut_raw};
use std::io::{ErrorKind, IoSlice, Read, Write};
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
        copy(&mut std::io::stdin().lock(), &mut out, redactor, &mut stats)
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
                copy(&mut f, &mut out, redactor, &mut stats)
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
/// at a time, each on its own thread, written in order. A piece that
/// starts inside a multi-line private key is cleaned again after its
/// predecessor, with its state, so the output is exactly the sequential
/// one. A line too long to cut at falls back to the sequential path.
fn copy_parallel(
    mut f: std::fs::File,
    out: &mut dyn Write,
    redactor: &Redactor,
    stats: &mut Stats,
) -> Result<(), Failure> {
    let n = threads();
    let round = n * PIECE;
    let mut stream = Stream::default();
    let mut buf: Vec<u8> = Vec::with_capacity(round + PIECE);
    loop {
        // Fill the round (after what was carried over from the last one).
        let mut eof = false;
        while buf.len() < round {
            let filled = buf.len();
            buf.resize(round, 0);
            match f.read(&mut buf[filled..]) {
                Ok(0) => {
                    buf.truncate(filled);
                    eof = true;
                    break;
                }
                Ok(k) => buf.truncate(filled + k),
                Err(e) if e.kind() == ErrorKind::Interrupted => buf.truncate(filled),
                Err(e) => return Err(Failure::Bad(format!("cannot read input: {e}"))),
            }
        }
        if buf.is_empty() {
            break;
        }
        let end = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                // No line end in a whole round: the sequential path cuts it.
                None => {
                    let mut rest = std::io::Cursor::new(std::mem::take(&mut buf)).chain(f);
                    return copy(&mut rest, out, redactor, stats);
                }
            }
        };
        let pieces = pieces(&buf[..end], n);
        let cleaned: Vec<(Vec<u8>, Stream, Stats)> = std::thread::scope(|s| {
            let handles: Vec<_> = pieces
                .iter()
                .map(|p| {
                    s.spawn(move || {
                        let mut st = Stream::default();
                        let mut o = Vec::with_capacity(p.len() + p.len() / 8);
                        let mut counts = Stats::default();
                        redactor.clean_lines(&mut st, p, &mut o, Some(&mut counts));
                        (o, st, counts)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a cleaning thread does not panic"))
                .collect()
        });
        for (piece, (o, st, counts)) in pieces.iter().zip(cleaned) {
            if stream.in_block() {
                let mut o = Vec::with_capacity(piece.len());
                let mut counts = Stats::default();
                redactor.clean_lines(&mut stream, piece, &mut o, Some(&mut counts));
                write(out, &o)?;
                stats.add(counts);
            } else {
                write(out, &o)?;
                stats.add(counts);
                stream = st;
            }
        }
        buf.drain(..end);
        if eof && buf.is_empty() {
            break;
        }
    }
    out.flush().map_err(io_failure)
}

/// `block` cut into at most `n` pieces of about equal size, each ending at
/// a line end (the last at the block's end).
fn pieces(block: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let target = (block.len() * k / n).max(start);
        let Some(i) = memchr::memchr(b'\n', &block[target..]) else {
            break;
        };
        let end = target + i + 1;
        if end > start && end < block.len() {
            out.push(&block[start..end]);
            start = end;
        }
    }
    out.push(&block[start..]);
    out
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

fn copy(
    input: &mut dyn Read,
    out: &mut dyn Write,
    redactor: &Redactor,
    stats: &mut Stats,
) -> Result<(), Failure> {
    let mut stream = Stream::default();
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
