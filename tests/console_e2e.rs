//! The console in a real pseudo-terminal, read back through a VT parser:
//! what a responder sees, with real keys.

mod common;

use common::Sandbox;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Records every window title the program sets.
#[derive(Default)]
struct Titles(Vec<Vec<u8>>);

impl vt100::Callbacks for Titles {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.0.push(title.to_vec());
    }
}

type Parser = vt100::Parser<Titles>;

struct Console {
    parser: Arc<Mutex<Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Console {
    fn start(sb: &Sandbox, db: &Path, actor: &str, args: &[&str]) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin!("warroom"));
        cmd.args(args);
        cmd.env("WARROOM_DB", db);
        cmd.env("WARROOM_ACTOR", actor);
        cmd.env("XDG_CONFIG_HOME", sb.path().join("config"));
        cmd.env("XDG_STATE_HOME", sb.path().join("state"));
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(sb.path());
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let parser = Arc::new(Mutex::new(Parser::new_with_callbacks(
            size(24),
            size(80),
            0,
            Titles::default(),
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // Keep the master alive as long as the writer needs it.
        std::mem::forget(pty.master);
        Console {
            parser,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the console did not exit in {within:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn declared(sb: &Sandbox) -> PathBuf {
    let db = sb.path().join("w.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["declare", "secret-leak", "--title", "Token in CI logs"])
        .assert()
        .success();
    db
}

fn step_json(sb: &Sandbox, db: &Path, step: &str) -> serde_json::Value {
    let out = sb
        .cmd()
        .env("WARROOM_DB", db)
        .args(["status", "INC-1", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == step)
        .unwrap()
        .clone()
}

#[test]
fn start_and_finish_a_step_with_keys() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let mut c = Console::start(&sb, &db, "alice", &[]);
    c.wait_for("the incident screen", |s| {
        s.contains("INC-1") && s.contains("T+")
    });
    c.keys("s");
    c.wait_for("the start on the timeline", |s| {
        s.contains("alice started Assess scope")
    });
    let step = step_json(&sb, &db, "assess-scope");
    assert_eq!(
        (step["state"].as_str(), step["by"].as_str()),
        (Some("in_progress"), Some("alice"))
    );
    c.keys("d");
    c.wait_for("done", |s| s.contains("alice marked Assess scope"));
    assert_eq!(step_json(&sb, &db, "assess-scope")["state"], "done");
    c.keys("q");
    assert!(c.wait_exit(Duration::from_secs(3)).success());
    // The terminal was left as found: main screen, cursor visible.
    let p = c.parser.lock().unwrap();
    assert!(
        !p.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!p.screen().hide_cursor(), "cursor left hidden");
}

#[test]
fn two_consoles_see_each_other() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let mut alice = Console::start(&sb, &db, "alice", &[]);
    let bob = Console::start(&sb, &db, "bob", &[]);
    alice.wait_for("alice's screen", |s| s.contains("INC-1"));
    bob.wait_for("bob's screen", |s| s.contains("INC-1"));
    alice.keys("s");
    let started = Instant::now();
    bob.wait_for("alice's action on bob's screen", |s| {
        s.contains("alice started Assess scope")
    });
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    // Her name is on the step in bob's step list too.
    assert!(
        bob.screen()
            .lines()
            .any(|l| l.contains("Assess scope") && l.contains("alice"))
    );
}

#[test]
fn followed_lines_arrive_redacted_and_escapes_do_nothing() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let log = sb.write("app.log", "boot\n");
    let c = Console::start(&sb, &db, "alice", &["--log", log.to_str().unwrap()]);
    c.wait_for("the log pane", |s| s.contains("boot"));
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    writeln!(
        f,
        "auth token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB denied"
    )
    .unwrap();
    writeln!(f, "evil\x1b]2;pwned\x07 and \x1b[2J clear attempt").unwrap();
    let s = c.wait_for("both lines", |s| {
        s.contains("[REDACTED:github-") && s.contains("evil and  clear attempt")
    });
    assert!(!s.contains("ghp_0123"), "{s}");
    assert!(s.contains("INC-1"), "the screen was cleared:\n{s}");
    assert!(
        c.parser.lock().unwrap().callbacks().0.is_empty(),
        "the window title was set"
    );
}

#[test]
fn sighup_ends_the_console_with_the_database_intact() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let mut c = Console::start(&sb, &db, "alice", &[]);
    c.wait_for("the incident screen", |s| s.contains("INC-1"));
    c.keys("s");
    c.wait_for("the start", |s| s.contains("alice started"));
    let pid = c.child.process_id().unwrap();
    std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    c.wait_exit(Duration::from_secs(2));
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .success();
}

#[test]
fn home_and_picker() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let mut c = Console::start(&sb, &db, "alice", &[]);
    c.wait_for("the home screen", |s| {
        s.contains("no open incident") && s.contains("secret-leak")
    });
    c.keys("q");
    c.wait_exit(Duration::from_secs(3));
    for pb in ["secret-leak", "token-compromise"] {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args(["declare", pb])
            .assert()
            .success();
    }
    let c = Console::start(&sb, &db, "alice", &[]);
    c.wait_for("the picker", |s| {
        s.contains("Open incidents") && s.contains("INC-1") && s.contains("INC-2")
    });
}
