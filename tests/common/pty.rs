//! The console in a pseudo-terminal, for tests that watch several at once
//! (tests/pg_console.rs): the real binary at 80x24, its output parsed by a
//! VT emulator, keys written as a terminal would. A smaller cousin of the
//! harness in tests/console_pty.rs, which also checks terminal modes.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// Waits up to `within` for `child` to end; past it, panics naming `what`
/// with the screen as it is then.
pub fn wait_exit<CB: vt100::Callbacks>(
    child: &mut Box<dyn Child + Send + Sync>,
    screen: &Mutex<vt100::Parser<CB>>,
    what: &str,
    within: Duration,
) -> portable_pty::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() >= deadline {
            let text = screen.lock().unwrap().screen().contents();
            panic!("{what} did not exit within {within:?}; screen:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A pseudo-terminal of `rows` x `cols`.
pub fn open(rows: u16, cols: u16) -> portable_pty::PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty")
}

/// A VT screen of `rows` x `cols` with no scrollback.
pub fn screen(rows: u16, cols: u16) -> vt100::Parser {
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    vt100::Parser::new(size(rows), size(cols), 0)
}

/// A program running in a pseudo-terminal. A reader thread feeds what it
/// writes to the VT `screen`, keeps every byte in `transcript`, and
/// signals `reader_done` at the end of its output. Every harness here
/// (the console's, the team's over ssh, the command-trust one) starts
/// programs this way.
pub struct Running<CB: vt100::Callbacks = ()> {
    pub screen: Arc<Mutex<vt100::Parser<CB>>>,
    pub transcript: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub reader_done: mpsc::Receiver<()>,
}

/// Starts `cmd` in `pair` (see [`open`]), its output parsed by `parser`.
pub fn run<CB: vt100::Callbacks + Send + 'static>(
    pair: portable_pty::PtyPair,
    cmd: CommandBuilder,
    parser: vt100::Parser<CB>,
) -> Running<CB> {
    let child = pair.slave.spawn_command(cmd).expect("spawn in a pty");
    // Only the child holds the slave now: its exit ends our reads.
    drop(pair.slave);
    let screen = Arc::new(Mutex::new(parser));
    let transcript = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (p, t) = (screen.clone(), transcript.clone());
    let (done, reader_done) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            t.lock().unwrap().extend_from_slice(&buf[..n]);
            p.lock().unwrap().process(&buf[..n]);
        }
        let _ = done.send(());
    });
    Running {
        screen,
        transcript,
        writer: pair.master.take_writer().expect("pty writer"),
        child,
        master: pair.master,
        reader_done,
    }
}

/// One console in its own pseudo-terminal, killed if the test fails.
pub struct Console {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    reader_done: mpsc::Receiver<()>,
    exited: bool,
    pub name: String,
}

impl Console {
    /// Starts `warroom ARGS` in the sandbox's isolated environment, with
    /// `db` (a path or a postgres:// URL) in WARROOM_DB and `actor` in
    /// WARROOM_ACTOR. Nothing from the machine's environment but PATH.
    pub fn start(sb: &super::Sandbox, db: &str, actor: &str, args: &[&str]) -> Console {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_warroom"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        // Each console keeps its own state directory (its log file, its
        // witnesses), as two responders' accounts would.
        let home = sb.path().join("home").join(actor);
        std::fs::create_dir_all(&home).expect("home");
        cmd.env("HOME", &home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("WARROOM_SYSTEM_CONFIG", sb.path().join("etc/config.toml"));
        cmd.env("WARROOM_DB", db);
        cmd.env("WARROOM_ACTOR", actor);
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.cwd(sb.path());
        let running = run(open(ROWS, COLS), cmd, screen(ROWS, COLS));
        Console {
            screen: running.screen,
            writer: running.writer,
            child: running.child,
            _master: running.master,
            reader_done: running.reader_done,
            exited: false,
            name: actor.to_string(),
        }
    }

    /// The screen's text now.
    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen's text satisfies `ok`; panics naming `what`
    /// with the screen after `within`. A bound, not a measurement: a
    /// loaded machine only makes it wait longer.
    pub fn wait_for(&self, within: Duration, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + within;
        loop {
            let text = self.text();
            if ok(&text) {
                return text;
            }
            if Instant::now() >= deadline {
                panic!("{}: no {what} after {within:?}; screen:\n{text}", self.name);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Presses q and waits for the process to end; whether it exited 0.
    pub fn quit(&mut self, within: Duration) -> bool {
        self.send("q");
        let what = format!("{}'s console", self.name);
        let status = wait_exit(&mut self.child, &self.screen, &what, within);
        self.exited = true;
        let _ = self.reader_done.recv_timeout(Duration::from_secs(5));
        status.success()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        // A failed test must not leave its console running.
        if !self.exited && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
