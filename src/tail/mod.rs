//! Following log files and commands, the way `tail -F` does, with every
//! byte cleaned by the redactor before anyone sees it.
//!
//! [`follow`] starts one thread per source and sends [`Event`]s into a
//! bounded channel the caller owns. A file source survives everything a log
//! file goes through on a real host:
//!
//! - **absent**: a file that does not exist yet is waited for, then read
//!   from its beginning when it appears;
//! - **rename-rotation**: when the path names another file (`st_dev` /
//!   `st_ino` changed), the old open file is read to its end first, then the
//!   new file from its start;
//! - **truncation** (copytruncate, `> file`): a size below our offset, or
//!   bytes before our offset that changed, restart reading at 0;
//! - **deletion and re-creation**, even of the parent directory;
//! - **partial last lines** are held until their newline arrives (emitted
//!   at the end only when not following);
//! - **symlinks** are followed by name: the link is re-resolved every check.
//!
//! Wake-ups come from `notify` watching each file's parent directory
//! (rename and removal are only seen reliably there), with a poll every
//! [`Options::poll_interval`] as a backstop for NFS, exhausted inotify
//! watches, and a directory removed and re-created. Files are read with
//! plain `read` on a `File`, never mapped: a truncated mapping raises SIGBUS.
//!
//! A command source (`journalctl -fu nanoclaw`) is spawned without a
//! shell, its stdout and stderr read line by line, and restarted with
//! exponential backoff (1 s doubling to 30 s) when it exits.
//!
//! Memory is bounded everywhere: a line without a newline is held up to
//! [`Options::max_line_bytes`], then cut and the rest of it dropped; the
//! channel is bounded by the caller; [`Ring`] keeps the last lines for the
//! log pane and counts what it evicted.
//!
//! Nothing leaves this module uncleaned: each line goes through
//! [`Redactor::clean_line`] with one [`Stream`] per byte stream (a file, or
//! a command's stdout or stderr, so that an interleaved stderr line cannot
//! end the redaction of a PEM block on stdout), and notices and source
//! labels (file names and command lines can hold control bytes or tokens)
//! are cleaned too.
//!
//! For `warroom tail`, [`print_files`] prints like GNU `tail`: one file's
//! lines as they are; with several files, a `==> path <==` header before
//! each run of lines from one file. Notices go to the error stream as
//! `warroom: path: text`.

mod command;
mod file;
mod lines;
mod print;
mod ring;
mod watch;

pub use print::{PrintSummary, Printer, print_files, print_files_live};
pub use ring::Ring;

use crate::redact::{Redactor, Stream};
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use watch::{Hub, Waker, lock};

/// Something to follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceSpec {
    /// A file, followed by name.
    File(PathBuf),
    /// A program and its arguments, run without a shell.
    Command(Vec<String>),
}

impl SourceSpec {
    /// What the source is called on screen, before cleaning.
    pub fn label(&self) -> String {
        match self {
            SourceSpec::File(path) => path.display().to_string(),
            SourceSpec::Command(argv) => argv.join(" "),
        }
    }
}

impl fmt::Display for SourceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// One cleaned line: sanitized, redacted, cut for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The cleaned label of the source it came from.
    pub source: Arc<str>,
    pub text: String,
}

/// What a notice is about, so a caller can style it or count failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// The file does not exist (yet); waiting for it.
    Missing,
    /// A file we were waiting for exists now.
    Appeared,
    /// The path now names another file; following that one.
    Rotated,
    /// The file shrank or was rewritten; reading again from its start.
    Truncated,
    /// The file was deleted; waiting for it to be re-created.
    Removed,
    /// A line was longer than the limit: cut, the rest of it dropped.
    LineCut,
    /// A command exited (and will be restarted when following).
    Exited,
    /// Change notification is unavailable; polling instead.
    Polling,
    /// A source cannot be read (or a command started) right now.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Line(Line),
    /// Something happened to a source; `text` is cleaned plain text.
    Notice {
        source: Arc<str>,
        kind: NoticeKind,
        text: String,
    },
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Emit the last this many lines of a file that exists at start (like
    /// `tail -n`); `usize::MAX` for all of it. A file that appears later is
    /// always read from its start.
    pub start_lines: usize,
    /// How often every file is checked even without a change notification.
    pub poll_interval: Duration,
    /// The most bytes of one line held in memory; a longer line is cut
    /// there and the rest of it, up to its newline, dropped.
    pub max_line_bytes: usize,
    /// Keep following after the current end; false reads once, like `tail`
    /// without `-f`, and runs each command once.
    pub follow: bool,
    /// Use change notification (inotify); false polls only.
    pub watch: bool,
}

/// Default for [`Options::max_line_bytes`]: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

impl Default for Options {
    fn default() -> Self {
        Options {
            start_lines: 10,
            poll_interval: Duration::from_millis(250),
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            follow: true,
            watch: true,
        }
    }
}

/// Starts following `sources`, sending events into `tx` until stopped (or,
/// when not following, until every source is read). The receiver ends
/// (`recv` fails) once every source thread is done.
///
/// Files are opened (and their directories watched) before this returns,
/// so anything written to them afterwards is followed; a file that does
/// not exist yet is read from its start when it appears.
pub fn follow(
    sources: Vec<SourceSpec>,
    redactor: Arc<Redactor>,
    opts: Options,
    tx: SyncSender<Event>,
) -> Follower {
    let shared = Arc::new(Shared::default());
    let wants_hub = opts.follow && sources.iter().any(|s| matches!(s, SourceSpec::File(_)));
    let hub = wants_hub.then(|| Arc::new(Hub::new(opts.watch)));
    let mut threads = Vec::new();
    for source in sources {
        let label = clean_label(&redactor, &source);
        let sink = Sink {
            tx: tx.clone(),
            shared: shared.clone(),
            redactor: redactor.clone(),
            label,
        };
        let waker = shared.new_waker();
        let work: Box<dyn FnOnce() + Send> = match source {
            SourceSpec::File(path) => {
                let f = file::prepare(path, sink, &waker, hub.clone(), opts.clone());
                Box::new(move || file::run(f, waker))
            }
            SourceSpec::Command(argv) => {
                let opts = opts.clone();
                Box::new(move || command::run(argv, sink, waker, opts))
            }
        };
        let spawned = std::thread::Builder::new()
            .name("warroom-tail".into())
            .spawn(work);
        match spawned {
            Ok(handle) => threads.push(handle),
            // The closure (and its sink) is gone with the error; say so on
            // a fresh sender without blocking.
            Err(e) => {
                let _ = tx.try_send(Event::Notice {
                    source: Arc::from("warroom"),
                    kind: NoticeKind::Error,
                    text: format!("cannot start a reader thread: {e}"),
                });
            }
        }
    }
    Follower {
        shared,
        threads,
        _hub: hub,
    }
}

fn clean_label(redactor: &Redactor, source: &SourceSpec) -> Arc<str> {
    Arc::from(redactor.clean_line(&mut Stream::default(), source.label().as_bytes()))
}

/// The running follow; dropping it stops every thread.
pub struct Follower {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    /// Kept alive so notifications keep arriving; dropped after the threads.
    _hub: Option<Arc<Hub>>,
}

impl Follower {
    /// Stops every source and waits for its thread (child processes are
    /// killed). Returns promptly even when the receiver is not reading.
    pub fn stop(mut self) {
        self.halt();
    }

    /// True when every source thread has ended (all read, when not following).
    pub fn is_finished(&self) -> bool {
        self.threads.iter().all(JoinHandle::is_finished)
    }

    fn halt(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        for waker in lock(&self.shared.wakers).iter() {
            waker.wake();
        }
        for handle in self.threads.drain(..) {
            let _ = handle.join();
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.halt();
    }
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    wakers: Mutex<Vec<Arc<Waker>>>,
}

impl Shared {
    fn new_waker(&self) -> Arc<Waker> {
        let waker = Arc::new(Waker::default());
        lock(&self.wakers).push(waker.clone());
        waker
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// Where a source thread's output goes: cleans, then sends without ever
/// blocking past a stop.
struct Sink {
    tx: SyncSender<Event>,
    shared: Arc<Shared>,
    redactor: Arc<Redactor>,
    label: Arc<str>,
}

impl Sink {
    /// Cleans and sends one raw line; `cut` says the line was over the
    /// limit. False when the follow is over (stopped, receiver gone).
    fn line(&self, stream: &mut Stream, raw: &[u8], cut: bool, max: usize) -> bool {
        let text = self.redactor.clean_line(stream, raw);
        let sent = self.send(Event::Line(Line {
            source: self.label.clone(),
            text,
        }));
        if sent && cut {
            return self.notice(
                NoticeKind::LineCut,
                &format!("line longer than {max} bytes: cut, the rest of it dropped"),
            );
        }
        sent
    }

    fn notice(&self, kind: NoticeKind, text: &str) -> bool {
        let text = self
            .redactor
            .clean_line(&mut Stream::default(), text.as_bytes());
        self.send(Event::Notice {
            source: self.label.clone(),
            kind,
            text,
        })
    }

    /// A bounded channel may be full for as long as the receiver likes;
    /// retry with short sleeps so a stop is noticed within ~20 ms.
    fn send(&self, mut event: Event) -> bool {
        let mut pause = Duration::from_millis(1);
        loop {
            if self.shared.stopped() {
                return false;
            }
            match self.tx.try_send(event) {
                Ok(()) => return true,
                Err(TrySendError::Disconnected(_)) => return false,
                Err(TrySendError::Full(back)) => {
                    event = back;
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
            }
        }
    }

    fn stopped(&self) -> bool {
        self.shared.stopped()
    }
}
