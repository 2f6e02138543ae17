//! A command source: run without a shell, stdout and stderr read line by
//! line, restarted with backoff when it exits, killed on stop.

use super::lines::Splitter;
use super::watch::Waker;
use super::{NoticeKind, Options, Sink};
use crate::redact::Stream;
use std::io::{ErrorKind, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How often a running child is checked for exit when nothing wakes us.
const EXIT_POLL: Duration = Duration::from_millis(200);
/// How long to let readers drain the pipes of an exited (or killed) child.
/// A grandchild that inherited a pipe can hold it open for ever; after this
/// its reader is left behind (it stops at its next read, sending nothing).
const DRAIN_GRACE: Duration = Duration::from_secs(1);

pub(super) fn run(argv: Vec<String>, sink: Sink, waker: Arc<Waker>, opts: Options) {
    let sink = Arc::new(sink);
    if argv.is_empty() {
        sink.notice(NoticeKind::Error, "empty command");
        return;
    }
    let mut backoff = FIRST_BACKOFF;
    loop {
        let started = Instant::now();
        let outcome = match spawn(&argv) {
            Ok(child) => supervise(child, &sink, &waker, opts.max_line_bytes),
            Err(e) => Outcome::NotStarted(format!("cannot start {}: {e}", argv[0])),
        };
        if sink.stopped() || !opts.follow {
            if let Outcome::NotStarted(why) = outcome {
                sink.notice(NoticeKind::Error, &why);
            }
            return;
        }
        // A command that ran a good while was not crash-looping: start the
        // backoff over.
        if started.elapsed() >= MAX_BACKOFF {
            backoff = FIRST_BACKOFF;
        }
        let (kind, what) = match outcome {
            Outcome::Exited(status) => (NoticeKind::Exited, describe(status)),
            Outcome::NotStarted(why) => (NoticeKind::Error, why),
            Outcome::Over => return,
        };
        let text = format!("{what}; restarting in {}s", backoff.as_secs());
        if !sink.notice(kind, &text) || !sleep(&sink, &waker, backoff) {
            return;
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

enum Outcome {
    Exited(ExitStatus),
    NotStarted(String),
    /// Stopped, or the receiver is gone.
    Over,
}

fn spawn(argv: &[String]) -> std::io::Result<Child> {
    Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("command exited with {code}"),
        (None, Some(sig)) => format!("command killed by signal {sig}"),
        (None, None) => format!("command ended ({status})"),
    }
}

/// Runs one child to its end (or the stop) and reaps it.
fn supervise(mut child: Child, sink: &Arc<Sink>, waker: &Arc<Waker>, max: usize) -> Outcome {
    let (done_tx, done_rx) = mpsc::channel();
    let mut readers = 0;
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ];
    for pipe in pipes.into_iter().flatten() {
        let (sink, waker, done) = (sink.clone(), waker.clone(), done_tx.clone());
        let spawned = std::thread::Builder::new()
            .name("warroom-tail-pipe".into())
            .spawn(move || {
                read_pipe(pipe, &sink, max);
                let _ = done.send(());
                // The child probably exited; let the supervisor look now.
                waker.wake();
            });
        readers += usize::from(spawned.is_ok());
    }
    let status = loop {
        if sink.stopped() {
            let _ = child.kill();
            let _ = child.wait();
            wait_readers(&done_rx, readers);
            return Outcome::Over;
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => waker.wait(EXIT_POLL),
            Err(e) => {
                // Never leave a child behind to start another beside it.
                let _ = child.kill();
                let _ = child.wait();
                wait_readers(&done_rx, readers);
                return Outcome::NotStarted(format!("cannot wait for the command: {e}"));
            }
        }
    };
    // Its last lines come before the notice that it exited.
    wait_readers(&done_rx, readers);
    Outcome::Exited(status)
}

fn wait_readers(done: &Receiver<()>, mut readers: usize) {
    let deadline = Instant::now() + DRAIN_GRACE;
    while readers > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        match done.recv_timeout(left) {
            Ok(()) => readers -= 1,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Reads one pipe to its end. Each pipe has its own redaction stream: an
/// interleaved stderr line must not end a PEM block running on stdout.
fn read_pipe(mut pipe: Box<dyn Read + Send>, sink: &Sink, max: usize) {
    let mut splitter = Splitter::new(max);
    let mut stream = Stream::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if !splitter.feed(&buf[..n], &mut |raw, cut| {
            sink.line(&mut stream, raw, cut, max)
        }) {
            return;
        }
    }
    // The stream is over, so its last unfinished line is complete.
    splitter.finish(&mut |raw, cut| sink.line(&mut stream, raw, cut, max));
}

/// Sleeps for the backoff unless stopped first; false when stopped.
fn sleep(sink: &Sink, waker: &Waker, how_long: Duration) -> bool {
    let deadline = Instant::now() + how_long;
    loop {
        if sink.stopped() {
            return false;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        waker.wait(left);
    }
}
