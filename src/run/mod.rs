//! Running a step's command, and keeping the evidence of what ran.
//!
//! A run is planned first (`plan`): which command, its placeholders filled,
//! which shell, directory and account, and how long it may take. The plan
//! is shown in full and confirmed before anything runs. Then `execute`
//! starts it in the account's own login environment, in a process group of
//! its own (so a timeout or a stop reaches everything it started), streams
//! its output through sanitize and redact, and returns a [`RunRecord`]: the
//! raw output's SHA-256 and size, never the raw output itself.

mod fill;

pub use fill::{Missing, fill, placeholders};

use crate::incident::{RunEnd, RunRecord};
use crate::redact::{Redactor, Stream};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Redacted output kept at each end of a long run's output.
pub const KEEP_EACH_END: usize = 32 * 1024;

/// After a stop or timeout, how long the group has to end on SIGTERM
/// before it gets SIGKILL.
const GRACE: Duration = Duration::from_secs(2);

/// What will run, shown in full before it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub step: String,
    /// 1-based command of the step; `None` for the whole block as one script.
    pub line: Option<usize>,
    /// The script, placeholders filled.
    pub script: String,
    pub shell: PathBuf,
    pub cwd: PathBuf,
    pub account: String,
    pub home: PathBuf,
    pub timeout: Duration,
}

/// Commands that make a new secret and may print it: their output's long
/// random-looking words are hidden too, though no key names them.
const GENERATORS: &[&str] = &[
    "openssl rand",
    "token_hex",
    "token_urlsafe",
    "token_bytes",
    "/dev/urandom",
    "/dev/random",
    "pwgen",
    "gpg --gen-random",
    "secrets.",
    "uuidgen",
    "mkpasswd",
    "head -c",
];

/// Does `script` make a new secret (see [`GENERATORS`])?
pub fn generates_secrets(script: &str) -> bool {
    GENERATORS.iter().any(|g| script.contains(g))
}

/// A word of 20 or more token characters, digits and letters, spread like a
/// random value's (at least 3.5 bits of entropy per character): what a
/// generator prints, with no key beside it to say it is secret.
fn looks_generated(word: &str) -> bool {
    // Random values of this length mix digits and letters; words do not.
    let digits = word.bytes().any(|b| b.is_ascii_digit());
    let letters = word.bytes().any(|b| b.is_ascii_alphabetic());
    if word.len() < 20 || word.contains("REDACTED") || !digits || !letters {
        return false;
    }
    crate::redact::entropy(word) >= 3.5
}

/// Hides every generated-looking word of a line (see [`looks_generated`]).
fn hide_generated(line: &str) -> std::borrow::Cow<'_, str> {
    let token = |c: char| c.is_ascii_alphanumeric() || "+/=_-".contains(c);
    let mut out = String::new();
    let mut last = 0;
    let mut start = None;
    let bytes: Vec<(usize, char)> = line.char_indices().chain([(line.len(), ' ')]).collect();
    for (i, c) in bytes {
        match (start, token(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if looks_generated(&line[s..i]) {
                    out.push_str(&line[last..s]);
                    out.push_str(&crate::redact::marker("generated-secret"));
                    last = i;
                }
                start = None;
            }
            _ => {}
        }
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(line);
    }
    out.push_str(&line[last..]);
    std::borrow::Cow::Owned(out)
}

impl Plan {
    /// What the confirmation shows: the command, then where and as whom.
    pub fn describe(&self) -> String {
        format!(
            "{}\n\nshell {} (login) · in {} · as {} · timeout {}",
            self.script,
            self.shell.display(),
            self.cwd.display(),
            self.account,
            crate::duration::Offset::from_secs(self.timeout.as_secs())
        )
    }
}

/// The shell a plan uses: the account's own when it is a POSIX shell the
/// playbook's commands are written for, else `/bin/sh`.
pub fn shell_for(login_shell: &std::path::Path) -> PathBuf {
    let known = ["bash", "zsh", "sh", "dash", "ksh"];
    let name = login_shell
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    if known.contains(&name) && login_shell.is_absolute() && login_shell.exists() {
        login_shell.to_path_buf()
    } else if std::path::Path::new("/bin/bash").exists() {
        PathBuf::from("/bin/bash")
    } else {
        PathBuf::from("/bin/sh")
    }
}

/// Runs `plan`, calling `on_line` with each line of output as the screen
/// may show it (sanitized, redacted, cut), until it exits, its timeout
/// passes, or `stop` is set. Never returns the raw output.
pub fn execute(
    plan: &Plan,
    redactor: &Redactor,
    stop: &AtomicBool,
    host: &str,
    mut on_line: impl FnMut(&str),
) -> RunRecord {
    let started_at = Utc::now();
    let clock = Instant::now();
    let spawned = spawn(plan);
    let (mut child, reader) = match spawned {
        Ok(pair) => pair,
        Err(e) => {
            let message =
                redactor.clean_text(&format!("could not start {}: {e}", plan.shell.display()));
            on_line(&message);
            return record(
                plan,
                host,
                started_at,
                clock.elapsed(),
                Ended::failed(),
                Output::from_message(&message),
            );
        }
    };
    let (tx, rx) = std::sync::mpsc::channel::<Chunk>();
    let reading = std::thread::spawn(move || read_all(reader, tx));
    let mut output = Output::new(redactor);
    output.strict = generates_secrets(&plan.script);
    let mut ended: Option<Ended> = None;
    let mut killing: Option<(Instant, RunEnd)> = None;
    loop {
        // Output first, so it streams while the command runs.
        while let Ok(chunk) = rx.try_recv() {
            output.take(chunk, &mut on_line);
        }
        if ended.is_none() {
            match child.try_wait() {
                Ok(Some(status)) => {
                    ended = Some(match killing {
                        Some((_, why)) => Ended {
                            end: why,
                            exit_code: status.code(),
                            signal: status.signal(),
                        },
                        None => Ended {
                            end: RunEnd::Exited,
                            exit_code: status.code(),
                            signal: status.signal(),
                        },
                    });
                }
                Ok(None) => {}
                Err(_) => ended = Some(Ended::failed()),
            }
        }
        if ended.is_some() {
            // The pipe closes when everything holding it has exited; a
            // daemon the command left behind may hold it, so wait a little
            // and keep what came.
            let deadline = Instant::now() + Duration::from_millis(500);
            while let Ok(chunk) =
                rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                output.take(chunk, &mut on_line);
            }
            break;
        }
        match killing {
            None => {
                let why = if stop.load(Ordering::Relaxed) {
                    Some(RunEnd::Stopped)
                } else if clock.elapsed() >= plan.timeout {
                    Some(RunEnd::TimedOut)
                } else {
                    None
                };
                if let Some(why) = why {
                    signal_group(child.id(), libc::SIGTERM);
                    killing = Some((Instant::now(), why));
                }
            }
            Some((since, _)) if since.elapsed() >= GRACE => {
                signal_group(child.id(), libc::SIGKILL);
            }
            Some(_) => {}
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if reading.is_finished() {
        let _ = reading.join();
    }
    output.flush(&mut on_line);
    let ended = ended.unwrap_or_else(Ended::failed);
    record(plan, host, started_at, clock.elapsed(), ended, output)
}

struct Ended {
    end: RunEnd,
    exit_code: Option<i32>,
    signal: Option<i32>,
}

impl Ended {
    fn failed() -> Ended {
        Ended {
            end: RunEnd::Failed,
            exit_code: None,
            signal: None,
        }
    }
}

fn record(
    plan: &Plan,
    host: &str,
    started_at: DateTime<Utc>,
    took: Duration,
    ended: Ended,
    output: Output,
) -> RunRecord {
    let (text, cut) = output.kept();
    RunRecord {
        step: plan.step.clone(),
        line: plan.line,
        command: plan.script.clone(),
        shell: plan.shell.display().to_string(),
        host: host.to_string(),
        cwd: plan.cwd.display().to_string(),
        started_at,
        duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        end: ended.end,
        exit_code: ended.exit_code,
        signal: ended.signal,
        output_sha256: output.sha256(),
        output_bytes: output.raw_bytes,
        output: text,
        output_cut: cut,
    }
}

/// Starts the shell as a login shell, in its own process group, with
/// stdin closed and stdout and stderr into one pipe, in an environment
/// built from the account's login (nothing of warroom's own environment
/// leaks in, a preloaded library least of all).
fn spawn(plan: &Plan) -> std::io::Result<(std::process::Child, std::io::PipeReader)> {
    let (reader, writer) = std::io::pipe()?;
    let err = writer.try_clone()?;
    let mut cmd = std::process::Command::new(&plan.shell);
    cmd.arg("-l")
        .arg("-c")
        .arg(&plan.script)
        .current_dir(&plan.cwd)
        .env_clear()
        .env("HOME", &plan.home)
        .env("USER", &plan.account)
        .env("LOGNAME", &plan.account)
        .env("SHELL", &plan.shell)
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .env("TERM", "dumb")
        .env("WARROOM_STEP", &plan.step)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(err)
        .process_group(0);
    for key in ["LANG", "LC_ALL", "TZ"] {
        if let Some(v) = std::env::var_os(key) {
            cmd.env(key, v);
        }
    }
    let child = cmd.spawn()?;
    // `cmd` still holds the pipe's write ends: drop them, or the reader
    // never sees the end of the output.
    drop(cmd);
    Ok((child, reader))
}

fn signal_group(pid: u32, sig: libc::c_int) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill has no memory preconditions; a negative pid names
        // the process group the child leads (process_group(0) above).
        unsafe {
            libc::kill(-pid, sig);
        }
    }
}

enum Chunk {
    Bytes(Vec<u8>),
}

fn read_all(mut reader: std::io::PipeReader, tx: std::sync::mpsc::Sender<Chunk>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if tx.send(Chunk::Bytes(buf[..n].to_vec())).is_err() {
                    return;
                }
            }
        }
    }
}

/// The output as it comes: hashed raw, split into lines, each line
/// cleaned, the first and last [`KEEP_EACH_END`] bytes of the cleaned text
/// kept.
struct Output<'r> {
    redactor: Option<&'r Redactor>,
    /// The command makes secrets: hide generated-looking words too.
    strict: bool,
    stream: Stream,
    hasher: Sha256,
    raw_bytes: u64,
    partial: Vec<u8>,
    head: String,
    tail: VecDeque<String>,
    tail_len: usize,
    cut: u64,
}

impl<'r> Output<'r> {
    fn new(redactor: &'r Redactor) -> Output<'r> {
        Output {
            redactor: Some(redactor),
            strict: false,
            stream: Stream::default(),
            hasher: Sha256::new(),
            raw_bytes: 0,
            partial: Vec::new(),
            head: String::new(),
            tail: VecDeque::new(),
            tail_len: 0,
            cut: 0,
        }
    }

    fn from_message(message: &str) -> Output<'static> {
        Output {
            redactor: None,
            strict: false,
            stream: Stream::default(),
            hasher: Sha256::new(),
            raw_bytes: 0,
            partial: Vec::new(),
            head: format!("{message}\n"),
            tail: VecDeque::new(),
            tail_len: 0,
            cut: 0,
        }
    }

    fn take(&mut self, chunk: Chunk, on_line: &mut impl FnMut(&str)) {
        let Chunk::Bytes(bytes) = chunk;
        self.hasher.update(&bytes);
        self.raw_bytes += bytes.len() as u64;
        self.partial.extend_from_slice(&bytes);
        while let Some(nl) = memchr::memchr(b'\n', &self.partial) {
            let line: Vec<u8> = self.partial.drain(..=nl).collect();
            self.line(&line[..line.len() - 1], on_line);
        }
        // A line that never ends is still shown, in display-sized pieces.
        if self.partial.len() >= crate::redact::DEFAULT_MAX_LINE {
            let line = std::mem::take(&mut self.partial);
            self.line(&line, on_line);
        }
    }

    fn flush(&mut self, on_line: &mut impl FnMut(&str)) {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.line(&line, on_line);
        }
    }

    fn line(&mut self, raw: &[u8], on_line: &mut impl FnMut(&str)) {
        let Some(r) = self.redactor else { return };
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let clean = r.clean_line(&mut self.stream, raw);
        let clean = if self.strict {
            hide_generated(&clean).into_owned()
        } else {
            clean
        };
        on_line(&clean);
        let len = clean.len() + 1;
        if self.head.len() + len <= KEEP_EACH_END && self.tail.is_empty() {
            self.head.push_str(&clean);
            self.head.push('\n');
            return;
        }
        self.tail.push_back(clean);
        self.tail_len += len;
        while self.tail_len > KEEP_EACH_END {
            let Some(old) = self.tail.pop_front() else {
                break;
            };
            self.tail_len -= old.len() + 1;
            self.cut += old.len() as u64 + 1;
        }
    }

    /// The kept text, with a marker where the middle was cut, and how many
    /// bytes were cut.
    fn kept(&self) -> (String, u64) {
        let mut text = self.head.clone();
        if self.cut > 0 {
            text.push_str(&format!(
                "[… {} bytes of output cut here; the SHA-256 covers all of it …]\n",
                self.cut
            ));
        }
        for l in &self.tail {
            text.push_str(l);
            text.push('\n');
        }
        (text, self.cut)
    }

    fn sha256(&self) -> String {
        self.hasher
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// This host's name, for the record.
pub fn host() -> String {
    crate::paths::hostname()
}

/// A flag a Ctrl-C (SIGINT) or SIGTERM sets while a run is in the
/// foreground of a command line: the run is stopped and recorded as
/// stopped, instead of warroom dying with the command half done and
/// nothing recorded.
pub fn stop_on_interrupt() -> &'static AtomicBool {
    static STOP: AtomicBool = AtomicBool::new(false);
    extern "C" fn on_signal(_: libc::c_int) {
        STOP.store(true, Ordering::Relaxed);
    }
    // SAFETY: the handler only stores to an atomic, which is
    // async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
    &STOP
}

#[cfg(test)]
mod tests;
