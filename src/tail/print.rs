//! `warroom tail [-f] [-n N] PATH...`: the follower, printed like GNU tail.

use super::{Event, NoticeKind, Options, SourceSpec, clean_label, follow};
use crate::redact::Redactor;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};

/// Events in flight between the readers and the printer.
const CHANNEL: usize = 1024;

/// What a print run met, for the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintSummary {
    /// Notices of kind [`NoticeKind::Error`]: files that could not be read.
    pub errors: usize,
}

/// Writes events as `tail` does: lines to `out`, with a `==> source <==`
/// header before each run of lines from one source when there are several;
/// notices to `err` as `warroom: source: text`.
pub struct Printer {
    headers: bool,
    current: Option<Arc<str>>,
    started: bool,
    errors: usize,
}

impl Printer {
    pub fn new(headers: bool) -> Printer {
        Printer {
            headers,
            current: None,
            started: false,
            errors: 0,
        }
    }

    pub fn event(
        &mut self,
        event: &Event,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        match event {
            Event::Line(line) => {
                self.header(&line.source, out)?;
                writeln!(out, "{}", line.text)
            }
            Event::Notice { source, kind, text } => {
                self.errors += usize::from(*kind == NoticeKind::Error);
                writeln!(err, "warroom: {source}: {text}")
            }
        }
    }

    /// Prints the header for `source` unless its lines are the ones
    /// running already; a blank line separates it from earlier output.
    pub fn header(&mut self, source: &Arc<str>, out: &mut dyn Write) -> io::Result<()> {
        if !self.headers || self.current.as_ref() == Some(source) {
            return Ok(());
        }
        if self.started {
            writeln!(out)?;
        }
        writeln!(out, "==> {source} <==")?;
        self.current = Some(source.clone());
        self.started = true;
        Ok(())
    }

    pub fn summary(&self) -> PrintSummary {
        PrintSummary {
            errors: self.errors,
        }
    }
}

/// Prints the last `lines` lines of each file (`usize::MAX`: all of it).
/// Without `follow`, files are printed one after the other, each under its
/// header when there are several, and the call returns at the end. With
/// `follow`, every file is followed at once and the call returns only when
/// writing fails (a closed pipe: `ErrorKind::BrokenPipe`).
pub fn print_files(
    paths: &[PathBuf],
    lines: usize,
    follow: bool,
    redactor: Arc<Redactor>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<PrintSummary> {
    print_files_live(paths, lines, follow, redactor, &mut || None, out, err)
}

/// As [`print_files`]; `newer` is asked before each line is printed and
/// may hand over a newer redactor (a value registered as leaked since):
/// from then on every line is cleaned again with it.
pub fn print_files_live(
    paths: &[PathBuf],
    lines: usize,
    follow: bool,
    redactor: Arc<Redactor>,
    newer: &mut dyn FnMut() -> Option<Arc<Redactor>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<PrintSummary> {
    let mut printer = Printer::new(paths.len() > 1);
    let opts = Options {
        start_lines: lines,
        follow,
        ..Options::default()
    };
    let sources = |paths: &[PathBuf]| paths.iter().cloned().map(SourceSpec::File).collect();
    if follow {
        let (tx, rx) = sync_channel(CHANNEL);
        let _follower = self::follow(sources(paths), redactor, opts, tx);
        pump(&rx, &mut printer, newer, out, err)?;
        return Ok(printer.summary());
    }
    for path in paths {
        let (tx, rx) = sync_channel(CHANNEL);
        let _follower = self::follow(
            sources(std::slice::from_ref(path)),
            redactor.clone(),
            opts.clone(),
            tx,
        );
        let errors = printer.errors;
        // `tail a a` prints a twice, each under its header.
        printer.current = None;
        pump(&rx, &mut printer, newer, out, err)?;
        if printer.errors == errors {
            // An empty file still gets its header, as with tail.
            let label = clean_label(&redactor, &SourceSpec::File(path.clone()));
            printer.header(&label, out)?;
        }
    }
    out.flush()?;
    Ok(printer.summary())
}

/// Prints events until every sender is gone, flushing whenever the channel
/// runs dry so a followed line shows at once without a flush per line.
fn pump(
    rx: &Receiver<Event>,
    printer: &mut Printer,
    newer: &mut dyn FnMut() -> Option<Arc<Redactor>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let mut again: Option<Arc<Redactor>> = None;
    loop {
        let event = match rx.try_recv() {
            Ok(event) => event,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                out.flush()?;
                err.flush()?;
                match rx.recv() {
                    Ok(event) => event,
                    Err(_) => break,
                }
            }
        };
        if let Some(r) = newer() {
            again = Some(r);
        }
        match (&again, event) {
            (Some(r), Event::Line(mut line)) => {
                line.text = r.clean_text(&line.text);
                printer.event(&Event::Line(line), out, err)?;
            }
            (_, event) => printer.event(&event, out, err)?,
        }
    }
    out.flush()
}
