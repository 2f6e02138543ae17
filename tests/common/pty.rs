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
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
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
        let child = pair.slave.spawn_command(cmd).expect("spawn warroom");
        // Only the child holds the slave now: its exit ends our reads.
        drop(pair.slave);

        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let parser = screen.clone();
        let (done, reader_done) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
            let _ = done.send(());
        });
        Console {
            screen,
            writer: pair.master.take_writer().expect("pty writer"),
            child,
            _master: pair.master,
            reader_done,
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
        let deadline = Instant::now() + within;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{}: did not exit within {within:?}; screen:\n{}",
                    self.name,
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
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
