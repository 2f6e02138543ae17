//! The console end to end: the real binary in an 80x24 pseudo-terminal,
//! its output read back through a VT parser, real key presses, and the
//! headless commands observing the same database.
//!
//! Every wait is bounded (10 s unless a test states a tighter contract);
//! nothing asserts after a fixed sleep.

mod common;

use common::Sandbox;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a console may take to quit: generous, because CI machines are
/// shared and slow at times; a console that hangs still fails.
const EXIT_WITHIN: Duration = Duration::from_secs(15);

const ROWS: u16 = 24;
const COLS: u16 = 80;
/// The steps pane is the left 45 % of the main area.
const STEPS_W: u16 = COLS * 45 / 100;
const WAIT: Duration = Duration::from_secs(10);

// ------------------------------------------------------------------ harness

/// What the program asked of the terminal beyond drawing: window titles,
/// icon names, OSC sequences vt100 does not know.
#[derive(Default)]
struct Requests {
    titles: Vec<Vec<u8>>,
    icon_names: Vec<Vec<u8>>,
    other_osc: Vec<Vec<Vec<u8>>>,
}

impl vt100::Callbacks for Requests {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(name.to_vec());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.other_osc
            .push(params.iter().map(|p| p.to_vec()).collect());
    }
}

type Parser = vt100::Parser<Requests>;

/// The terminal modes a program can leave changed behind it.
#[derive(Debug, PartialEq, Eq)]
struct Modes {
    alternate_screen: bool,
    hide_cursor: bool,
    bracketed_paste: bool,
    application_cursor: bool,
    application_keypad: bool,
    mouse: vt100::MouseProtocolMode,
}

impl Modes {
    fn of(s: &vt100::Screen) -> Modes {
        Modes {
            alternate_screen: s.alternate_screen(),
            hide_cursor: s.hide_cursor(),
            bracketed_paste: s.bracketed_paste(),
            application_cursor: s.application_cursor(),
            application_keypad: s.application_keypad(),
            mouse: s.mouse_protocol_mode(),
        }
    }
}

/// The line discipline settings (what raw mode changes).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Termios {
    iflag: libc::tcflag_t,
    oflag: libc::tcflag_t,
    cflag: libc::tcflag_t,
    lflag: libc::tcflag_t,
}

fn termios(master: &dyn MasterPty) -> Termios {
    let fd = master.as_raw_fd().expect("pty master fd");
    // SAFETY: tcgetattr writes into a zeroed termios we own.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::tcgetattr(fd, &mut t) };
    assert_eq!(rc, 0, "tcgetattr: {}", std::io::Error::last_os_error());
    Termios {
        iflag: t.c_iflag,
        oflag: t.c_oflag,
        cflag: t.c_cflag,
        lflag: t.c_lflag,
    }
}

/// One console in its own pseudo-terminal.
struct Term {
    parser: Arc<Mutex<Parser>>,
    /// Every byte the program wrote, in order.
    transcript: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Fires once the reader has seen the end of the output.
    reader_done: mpsc::Receiver<()>,
    /// Modes and line settings before the program ran.
    before: (Modes, Termios),
    exited: bool,
}

impl Term {
    /// Starts `warroom` with no subcommand (the console), isolated in the
    /// sandbox, on database `db`. `actor` goes in WARROOM_ACTOR; pass
    /// `--as NAME` in `args` to use the flag instead.
    fn start(sb: &Sandbox, db: &Path, actor: Option<&str>, args: &[&str]) -> Term {
        let pair = common::pty::open(ROWS, COLS);
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_warroom"));
        cmd.args(args);
        // Only what we give it: nothing from the machine running the tests.
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("HOME", sb.path());
        cmd.env("XDG_CONFIG_HOME", sb.path().join("config"));
        cmd.env("XDG_DATA_HOME", sb.path().join("data"));
        cmd.env("XDG_STATE_HOME", sb.path().join("state"));
        cmd.env("WARROOM_DB", db);
        cmd.env("WARROOM_SYSTEM_CONFIG", sb.path().join("etc/config.toml"));
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        if let Some(a) = actor {
            cmd.env("WARROOM_ACTOR", a);
        }
        cmd.cwd(sb.path());

        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let parser = Parser::new_with_callbacks(size(ROWS), size(COLS), 0, Requests::default());
        let before = (Modes::of(parser.screen()), termios(&*pair.master));
        let running = common::pty::run(pair, cmd, parser);
        Term {
            parser: running.screen,
            transcript: running.transcript,
            writer: running.writer,
            child: running.child,
            master: running.master,
            reader_done: running.reader_done,
            before,
            exited: false,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn transcript_len(&self) -> usize {
        self.transcript.lock().unwrap().len()
    }

    fn transcript_since(&self, from: usize) -> Vec<u8> {
        self.transcript.lock().unwrap()[from..].to_vec()
    }

    /// Polls the parsed screen until `ok` holds; panics with the screen
    /// after `within`.
    fn wait_screen_within(
        &self,
        within: Duration,
        what: &str,
        ok: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        let deadline = Instant::now() + within;
        loop {
            {
                let p = self.parser.lock().unwrap();
                if ok(p.screen()) {
                    return p.screen().contents();
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {within:?} waiting for {what}; screen:\n{}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_screen(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) -> String {
        self.wait_screen_within(WAIT, what, ok)
    }

    /// `wait_for(|screen_text| …)`: polls the screen's text.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_screen(what, |s| ok(&s.contents()))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Resizes the terminal, as a responder dragging a window does.
    fn resize(&self, rows: u16, cols: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.parser.lock().unwrap().screen_mut().set_size(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
        );
    }

    fn pid(&self) -> i32 {
        self.child.process_id().expect("child pid") as i32
    }

    /// Closes an overlay (Esc), waits until it is gone, then quits (q) and
    /// checks the console exits cleanly. Esc and q sent together would read
    /// as Alt+q.
    fn close_and_quit(&mut self) {
        self.send("\x1b");
        self.wait_for("the overlay closed", |t| !t.contains("Esc closes"));
        self.send("q");
        assert!(self.wait_exit(EXIT_WITHIN).success());
    }

    /// Waits for the process to end, then for the reader to take all of its
    /// output, so the parsed screen is final.
    fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let status = common::pty::wait_exit(&mut self.child, &self.parser, "the console", within);
        self.exited = true;
        self.reader_done
            .recv_timeout(Duration::from_secs(5))
            .expect("the pty output did not end after the process exited");
        status
    }

    /// Asserts the terminal is as it was before the program ran: screen
    /// modes and line discipline.
    fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        let after = Modes::of(p.screen());
        assert!(
            !after.alternate_screen,
            "still on the alternate screen after exit"
        );
        assert!(!after.hide_cursor, "the cursor was left hidden");
        assert_eq!(after, self.before.0, "terminal modes changed");
        drop(p);
        assert_eq!(
            termios(&*self.master),
            self.before.1,
            "line settings (raw mode) not restored"
        );
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        // A failed test must not leave its console running.
        if !self.exited && matches!(self.child.try_wait(), Ok(None)) {
            unsafe { libc::kill(self.pid(), libc::SIGKILL) };
            let _ = self.child.wait();
        }
    }
}

// ------------------------------------------------------------------ helpers

/// The text of the steps pane's rows (left columns of the screen).
fn steps_rows(s: &vt100::Screen) -> Vec<String> {
    s.rows(0, STEPS_W).collect()
}

/// The steps-pane row of step `n` (1-based) if it shows `glyph` and
/// ends with `who`.
fn step_row_shows(s: &vt100::Screen, n: usize, title: &str, glyph: &str, who: &str) -> bool {
    let label = format!("{n:>2} {title}");
    // The pane names the account beside a display name that differs.
    let account = common::account();
    let who = if who.is_empty() || who == account {
        who.to_string()
    } else {
        format!("{who} ({account})")
    };
    let who = who.as_str();
    steps_rows(s).iter().any(|r| {
        let r = r.trim_end();
        r.starts_with('│')
            && r.contains(&label)
            && r.trim_start_matches('│').trim_start().starts_with(glyph)
            && r.trim_end_matches('│').trim_end().ends_with(who)
    })
}

/// Whether the picker row for `id` showing `title` is selected (drawn
/// reversed); None when there is no such row.
fn picker_row(s: &vt100::Screen, id: &str, title: &str) -> Option<bool> {
    s.rows(0, COLS).zip(0u16..).find_map(|(text, r)| {
        (text.contains(id) && text.contains(title))
            .then(|| s.cell(r, 1).is_some_and(|c| c.inverse()))
    })
}

/// INC-1's events as the JSON export gives them.
fn exported_events(sb: &Sandbox, db: &Path) -> Vec<Value> {
    let out = sb
        .cmd()
        .env("WARROOM_DB", db)
        .args(["export", "INC-1", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("export json");
    v["incidents"][0]["events"]
        .as_array()
        .or_else(|| v["events"].as_array())
        .expect("events")
        .clone()
}

fn declare(sb: &Sandbox, db: &Path, playbook: &str, title: &str) {
    sb.cmd()
        .env("WARROOM_DB", db)
        .args(["declare", playbook, "--title", title])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("INC-"));
}

fn one_incident(sb: &Sandbox) -> PathBuf {
    let db = sb.path().join("w.db");
    declare(sb, &db, "secret-leak", "Token in CI logs");
    db
}

fn step_json(sb: &Sandbox, db: &Path, step: &str) -> Value {
    let out = sb
        .cmd()
        .env("WARROOM_DB", db)
        .args(["status", "INC-1", "--json"])
        .output()
        .expect("run status");
    assert!(out.status.success(), "status --json failed: {out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("status json");
    v["steps"]
        .as_array()
        .expect("steps array")
        .iter()
        .find(|s| s["id"] == step)
        .unwrap_or_else(|| panic!("no step {step} in {v}"))
        .clone()
}

fn state_and_by(step: &Value) -> (Option<&str>, Option<&str>) {
    (step["state"].as_str(), step["by"].as_str())
}

const FIRST: &str = "assess-scope";
const FIRST_TITLE: &str = "Assess scope";
fn started(name: &str) -> String {
    format!(
        "{} started Assess scope: which secrets leaked",
        common::shown(name)
    )
}

fn done(name: &str) -> String {
    format!(
        "{} marked Assess scope: which secrets leaked done",
        common::shown(name)
    )
}

// ------------------------------------------------------------------ tests

/// Case 1: Keys move a step; the screen and `status --json` agree.
#[test]
fn s_then_d_moves_the_first_step_on_screen_and_in_the_store() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let mut c = Term::start(&sb, &db, None, &["--as", "alice"]);
    c.wait_screen("the incident screen with the pending first step", |s| {
        let t = s.contents();
        t.lines()
            .next()
            .is_some_and(|h| h.contains("INC-1") && h.contains("T+"))
            && step_row_shows(s, 1, FIRST_TITLE, "·", "")
    });
    assert_eq!(
        state_and_by(&step_json(&sb, &db, FIRST)),
        (Some("pending"), None)
    );

    c.send("s");
    c.wait_screen(
        "the in-progress glyph with alice's name, and the timeline",
        |s| {
            step_row_shows(s, 1, FIRST_TITLE, "▶", "alice")
                && s.contents().contains(&started("alice"))
        },
    );
    assert_eq!(
        state_and_by(&step_json(&sb, &db, FIRST)),
        (Some("in_progress"), Some(common::shown("alice").as_str()))
    );

    c.send("d");
    c.wait_screen("the done glyph and the timeline", |s| {
        step_row_shows(s, 1, FIRST_TITLE, "✓", "alice") && s.contents().contains(&done("alice"))
    });
    assert_eq!(
        state_and_by(&step_json(&sb, &db, FIRST)),
        (Some("done"), Some(common::shown("alice").as_str()))
    );

    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// Case 2: Two consoles on one database: each sees the other's action within
/// a second, with the actor's name on the step.
#[test]
fn two_consoles_on_one_database_see_each_other_within_a_second() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    // One names itself with the flag, the other with the environment.
    let mut alice = Term::start(&sb, &db, None, &["--as", "alice"]);
    let mut bob = Term::start(&sb, &db, Some("bob"), &[]);
    for c in [&alice, &bob] {
        c.wait_screen("the incident screen", |s| {
            s.contents().contains("INC-1") && step_row_shows(s, 1, FIRST_TITLE, "·", "")
        });
    }

    alice.send("s");
    alice.wait_for("alice's own start", |t| t.contains(&started("alice")));
    // Alice's screen shows it only after the write: from here the change is
    // in the database and bob has one second to show it.
    let t0 = Instant::now();
    bob.wait_screen_within(
        Duration::from_secs(1),
        "alice's start on bob's screen",
        |s| {
            step_row_shows(s, 1, FIRST_TITLE, "▶", "alice")
                && s.contents().contains(&started("alice"))
        },
    );
    let a_to_b = t0.elapsed();

    bob.send("d");
    bob.wait_for("bob's own done", |t| t.contains(&done("bob")));
    let t0 = Instant::now();
    alice.wait_screen_within(
        Duration::from_secs(1),
        "bob's done on alice's screen",
        |s| step_row_shows(s, 1, FIRST_TITLE, "✓", "bob") && s.contents().contains(&done("bob")),
    );
    let b_to_a = t0.elapsed();
    eprintln!("propagation: alice→bob {a_to_b:?}, bob→alice {b_to_a:?}");

    alice.send("q");
    bob.send("q");
    assert!(alice.wait_exit(EXIT_WITHIN).success());
    assert!(bob.wait_exit(EXIT_WITHIN).success());
}

/// Case 3: A line appended to a followed file shows redacted; the token never
/// reaches the terminal, not even for one frame.
#[test]
fn appended_log_line_appears_redacted() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let log = sb.write("app.log", "boot ok\n");
    let mut c = Term::start(&sb, &db, Some("alice"), &["--log", log.to_str().unwrap()]);
    c.wait_for("the existing line in the log pane", |t| {
        t.contains("INC-1") && t.contains("boot ok")
    });

    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    f.write_all(b"token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n")
        .unwrap();
    f.flush().unwrap();
    let screen = c.wait_for("the redacted line", |t| {
        t.lines()
            .any(|l| l.contains("token=[REDACTED:github-token]"))
    });
    assert!(!screen.contains("ghp_0123"), "{screen}");
    // Never, not only at the end: the raw output never carried it.
    let raw = String::from_utf8_lossy(&c.transcript_since(0)).into_owned();
    assert!(
        !raw.contains("0123456789abcdefghijklmnopqrstuvwxyzAB") && !raw.contains("ghp_0123"),
        "the token reached the terminal"
    );

    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// Case 4: Escape sequences in a log line are inert: no title change, no
/// clear; the visible text shows without them.
#[test]
fn escape_sequences_in_a_log_line_change_neither_title_nor_screen() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let log = sb.write("app.log", "boot ok\n");
    let mut c = Term::start(&sb, &db, Some("alice"), &["--log", log.to_str().unwrap()]);
    let before = c.wait_for("the incident screen and the log pane", |t| {
        t.contains("boot ok") && t.contains("Timeline")
    });
    let header = before.lines().next().unwrap().to_string();
    assert!(header.contains("INC-1"), "{header}");
    let steps_before: Vec<String> = {
        let p = c.parser.lock().unwrap();
        steps_rows(p.screen())
    };
    let mark = c.transcript_len();

    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    f.write_all(b"esc-test A\x1b]2;pwned\x07B\x1b[2JC end\n")
        .unwrap();
    f.flush().unwrap();
    let after = c.wait_for("the line's visible text", |t| {
        t.contains("esc-test ABC end")
    });

    // The rest of the screen is still there.
    let first = after.lines().next().unwrap_or_default();
    assert!(
        first.contains("INC-1") && first.contains("Token in CI logs") && first.contains("T+"),
        "header gone after the line arrived:\n{after}"
    );
    assert!(after.contains("boot ok"), "older log line gone:\n{after}");
    let steps_after: Vec<String> = {
        let p = c.parser.lock().unwrap();
        steps_rows(p.screen())
    };
    assert_eq!(steps_after, steps_before, "the steps pane changed");
    assert!(
        !after.contains("pwned"),
        "the OSC payload is shown:\n{after}"
    );

    // No title, icon name or other OSC request ever reached the terminal.
    let p = c.parser.lock().unwrap();
    let req = p.callbacks();
    assert!(req.titles.is_empty(), "window title set: {:?}", req.titles);
    assert!(
        req.icon_names.is_empty(),
        "icon name set: {:?}",
        req.icon_names
    );
    assert!(req.other_osc.is_empty(), "OSC sent: {:?}", req.other_osc);
    drop(p);
    // And no clear-screen was emitted since the line was written.
    let raw = c.transcript_since(mark);
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[2J"),
        "ESC [ 2 J was written to the terminal"
    );
    assert!(
        !raw.windows(2).any(|w| w == b"\x1b]"),
        "an OSC was written to the terminal"
    );

    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// Case 5: SIGHUP (the SSH link dropping) ends the console within two seconds,
/// the database is intact and holds what was recorded, and the terminal is
/// restored.
#[test]
fn sighup_ends_the_console_with_the_database_intact() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_for("the incident screen", |t| {
        t.contains("INC-1") && t.contains("T+")
    });
    c.send("s");
    c.wait_for("the start", |t| t.contains(&started("alice")));

    let rc = unsafe { libc::kill(c.pid(), libc::SIGHUP) };
    assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
    let t0 = Instant::now();
    let status = c.wait_exit(EXIT_WITHIN);
    eprintln!("exited {:?} after SIGHUP: {status:?}", t0.elapsed());

    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .success();
    assert_eq!(
        state_and_by(&step_json(&sb, &db, FIRST)),
        (Some("in_progress"), Some(common::shown("alice").as_str()))
    );
    c.assert_restored();
}

/// SIGINT, SIGQUIT and SIGTERM (`kill -INT` and friends; in raw mode the
/// keys do not send them) restore the terminal as `q` does: no raw mode,
/// no alternate screen, no hidden cursor left behind.
#[test]
fn catchable_signals_restore_the_terminal() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    for (name, sig) in [
        ("SIGINT", libc::SIGINT),
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGTERM", libc::SIGTERM),
    ] {
        let mut c = Term::start(&sb, &db, Some("alice"), &[]);
        c.wait_screen("the incident screen on the alternate screen", |s| {
            s.alternate_screen() && s.hide_cursor() && s.contents().contains("INC-1")
        });
        let rc = unsafe { libc::kill(c.pid(), sig) };
        assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
        let status = c.wait_exit(EXIT_WITHIN);
        eprintln!("{name}: {status:?}");
        c.assert_restored();
    }
}

/// Case 6: `q` leaves the terminal as it found it, with exit status 0.
#[test]
fn q_restores_the_terminal_and_exits_zero() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_screen("the incident screen on the alternate screen", |s| {
        s.alternate_screen() && s.hide_cursor() && s.contents().contains("INC-1")
    });
    c.send("q");
    let status = c.wait_exit(EXIT_WITHIN);
    assert!(status.success(), "exit status {status:?}");
    c.assert_restored();
}

/// 7a. No open incident: the home screen.
#[test]
fn no_incident_opens_the_home_screen() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    let t = c.wait_for("the home screen", |t| {
        t.contains("no open incident") && t.contains("Playbooks") && t.contains("secret-leak")
    });
    assert!(!t.contains("INC-"), "{t}");
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// 7a'. A playbook on the path that fails to load is named on the status
/// line at start, with its first problem and where to learn more (M), and
/// the bundled ones still load: left out without a word, its steps and its
/// [[redact]] rules would be missing while the responder trusted them.
#[test]
fn a_playbook_that_fails_to_load_is_named_at_start() {
    let sb = Sandbox::new();
    let pb = sb.write(
        "pb/broken.toml",
        "id = \"broken\"\ntitle = \"Broken one\"\nseverity = \"high\"\n",
    );
    let dir = pb.parent().unwrap().to_str().unwrap().to_string();
    let db = sb.path().join("w.db");
    let mut c = Term::start(&sb, &db, Some("alice"), &["--playbooks", &dir]);
    let t = c.wait_for("the notice", |t| {
        t.contains("playbook not loaded") && t.contains("broken.toml:1:1")
    });
    assert!(t.contains("secret-leak"), "the bundled playbooks load: {t}");
    assert!(!t.contains("Broken one"), "{t}");
    c.send("M");
    c.wait_for("the whole notice in the messages", |t| {
        t.contains("has no phases") && t.contains("warroom playbooks check")
    });
    c.close_and_quit();
}

/// 7b. Two open incidents: the picker lists both; `j` moves the selection.
#[test]
fn two_open_incidents_open_the_picker() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(&sb, &db, "secret-leak", "Alpha token leak");
    declare(&sb, &db, "token-compromise", "Beta compromise");
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_screen("the picker with both incidents, the first selected", |s| {
        let t = s.contents();
        t.contains("Open incidents")
            && picker_row(s, "INC-1", "Alpha token leak") == Some(true)
            && picker_row(s, "INC-2", "Beta compromise") == Some(false)
    });
    c.send("j");
    c.wait_screen("the selection on INC-2", |s| {
        picker_row(s, "INC-1", "Alpha token leak") == Some(false)
            && picker_row(s, "INC-2", "Beta compromise") == Some(true)
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// 7c. Enter in the picker opens the selected incident.
#[test]
fn enter_in_the_picker_opens_the_selected_incident() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(&sb, &db, "secret-leak", "Alpha token leak");
    declare(&sb, &db, "token-compromise", "Beta compromise");
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_screen("the picker", |s| {
        picker_row(s, "INC-1", "Alpha token leak") == Some(true)
    });
    c.send("j");
    c.wait_screen("the selection on INC-2", |s| {
        picker_row(s, "INC-2", "Beta compromise") == Some(true)
    });
    c.send("\r");
    c.wait_for("INC-2 opened", |t| {
        t.lines().next().is_some_and(|h| {
            h.contains("INC-2") && h.contains("Beta compromise") && h.contains("T+")
        })
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// The harness itself: a console killed without a chance to clean up is
/// seen as not restored, by both the screen modes and the line settings,
/// so the restoration checks above can fail.
#[test]
fn harness_sees_an_unrestored_terminal() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_screen("the incident screen, cursor hidden", |s| {
        s.alternate_screen() && s.hide_cursor() && s.contents().contains("INC-1")
    });
    unsafe { libc::kill(c.pid(), libc::SIGKILL) };
    let status = c.wait_exit(EXIT_WITHIN);
    assert!(!status.success());
    let p = c.parser.lock().unwrap();
    assert!(p.screen().alternate_screen() && p.screen().hide_cursor());
    assert_ne!(Modes::of(p.screen()), c.before.0);
    drop(p);
    assert_ne!(termios(&*c.master), c.before.1, "raw mode not visible");
}

/// The `T+hh:mm:ss` clock in the header, in seconds.
fn t_plus(s: &vt100::Screen) -> Option<u64> {
    let head = s.contents().lines().next()?.to_string();
    let at = head.find("T+")? + 2;
    let hms: Vec<u64> = head
        .get(at..at + 8)?
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match hms.as_slice() {
        [h, m, s] => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

/// Issue 9: `warroom drill secret-leak --speed 120` shows DRILL and a clock
/// past ten minutes within seconds, puts an injected signal (redacted) in
/// the log pane, takes a finished step, and on quitting prints the score
/// card, which is also in the export.
#[test]
fn a_drill_at_speed_120_injects_signals_and_ends_with_a_score_card() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let mut c = Term::start(
        &sb,
        &db,
        Some("alice"),
        &["drill", "secret-leak", "--speed", "120"],
    );
    let t0 = Instant::now();
    // Ten playbook minutes are five wall seconds at 120x.
    let screen = c.wait_screen("DRILL and T+ past ten minutes", |s| {
        let head = s.contents().lines().next().unwrap_or_default().to_string();
        head.contains("DRILL") && t_plus(s).is_some_and(|t| t >= 600)
    });
    eprintln!("T+10m after {:?}", t0.elapsed());
    // The first signal (playbook minute 1) is in the log pane, its fake
    // GitHub token redacted, and on the timeline.
    assert!(screen.contains("WARN notify: thi"), "{screen}");
    let all = String::from_utf8_lossy(&c.transcript_since(0)).to_string();
    assert!(!all.contains("ghp_FAKE"), "a token reached the terminal");
    assert!(
        screen.contains("drill (via ") && screen.contains(" signal "),
        "{screen}"
    );

    c.send("s");
    c.wait_screen("the first step started", |s| {
        step_row_shows(s, 1, FIRST_TITLE, "▶", "alice")
    });
    c.send("d");
    c.wait_screen("the first step done", |s| {
        step_row_shows(s, 1, FIRST_TITLE, "✓", "alice")
    });
    // The last console on a running drill asks before ending it; the
    // default is to stay.
    c.send("q");
    c.wait_for("the question before ending the drill", |t| {
        t.contains("last one on this drill")
    });
    c.send("\r");
    c.wait_for("still on the drill", |t| {
        !t.contains("last one on this drill")
    });
    c.send("q");
    c.wait_for("the question again", |t| {
        t.contains("last one on this drill")
    });
    let mark = c.transcript_len();
    c.send("kk");
    c.send("\r");
    assert!(c.wait_exit(EXIT_WITHIN).success());
    c.assert_restored();
    // The card is printed after the screen is restored, into scrollback.
    let after = String::from_utf8_lossy(&c.transcript_since(mark)).to_string();
    assert!(after.contains("Score card"), "{after}");

    let md = sb
        .cmd()
        .env("WARROOM_DB", &db)
        .args(["export", "INC-1"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("DRILL") && md.contains("Drill score"), "{md}");
    assert!(md.contains("Assess scope"), "{md}");
    let status: Value = serde_json::from_slice(
        &sb.cmd()
            .env("WARROOM_DB", &db)
            .args(["status", "INC-1", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(status["drill"], true);
    assert_eq!(status["speed"], 120);
}

/// A value registered as leaked in one console is scrubbed within a second
/// in another console on the same database, from lines already in its log
/// pane as well as new ones.
#[test]
fn a_value_registered_in_one_console_is_scrubbed_in_another_within_a_second() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    // No rule knows this value: only its registration can hide it.
    let secret = "plain-words-leaked-7731";
    let log = sb.write("app.log", format!("boot with {secret}\n"));
    let args = ["--log", log.to_str().unwrap()];
    let mut alice = Term::start(&sb, &db, Some("alice"), &args);
    let bob = Term::start(&sb, &db, Some("bob"), &args);
    for c in [&alice, &bob] {
        c.wait_for("the line in the log pane", |t| {
            t.contains("INC-1") && t.contains(secret)
        });
    }

    alice.send("!");
    alice.wait_for("the leaked-value dialog", |t| {
        t.to_lowercase().contains("leaked")
    });
    alice.send(secret);
    alice.send("\r");
    alice.wait_for("the value scrubbed on alice's screen", |t| {
        !t.contains(secret) && t.contains("[REDACTED:literal]")
    });
    let t0 = Instant::now();
    bob.wait_screen_within(
        Duration::from_secs(1),
        "the value scrubbed on bob's screen",
        |s| {
            let t = s.contents();
            !t.contains(secret) && t.contains("[REDACTED:literal]")
        },
    );
    eprintln!(
        "leaked value scrubbed on the other console after {:?}",
        t0.elapsed()
    );

    // A line that arrives afterwards is scrubbed too.
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    f.write_all(format!("again {secret} later\n").as_bytes())
        .unwrap();
    f.flush().unwrap();
    bob.wait_for("the new line, scrubbed", |t| {
        t.contains("again [REDACTED:literal] later")
    });
    assert!(!bob.text().contains(secret));
}

/// A bracketed paste of three lines with `d` and `s` in them, into a note:
/// one note with the three lines, and no step started or done.
#[test]
fn a_pasted_note_is_one_note_and_runs_no_keys() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_for("the incident screen", |t| {
        t.contains("INC-1") && t.contains("T+")
    });
    c.send("n");
    c.wait_for("the note dialog", |t| t.contains("Note"));
    c.send("\x1b[200~deploy d rolled back\nsecret s rotated\nall done\x1b[201~");
    c.wait_for("the pasted text in the dialog", |t| t.contains("all done"));
    c.send("\r");
    c.wait_for("the note on the timeline", |t| {
        t.contains("deploy d rolled back")
    });
    let events = exported_events(&sb, &db);
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["declared", "note_added"],
        "a pasted letter ran a key"
    );
    let note = &events[1];
    let text = note["text"].as_str().unwrap_or_default();
    assert!(
        text.ends_with(": deploy d rolled back\nsecret s rotated\nall done"),
        "{note}"
    );
    assert_eq!(state_and_by(&step_json(&sb, &db, FIRST)).0, Some("pending"));
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
    c.assert_restored();
}

/// The emergency rollback's clocks in a real terminal: at 80x24 every
/// phase's countdown whole; resized to 60x18, the nearest ones still whole.
#[test]
fn the_rollbacks_countdowns_show_whole_at_80x24_and_60x18() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(
        &sb,
        &db,
        "execution-plane-emergency",
        "Unauthorized action job",
    );
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    let clock = |name: &str| regex::Regex::new(&format!(r"{name} \+?\d\d:\d\d:\d\d")).unwrap();
    let (disable, verify, assess) = (clock("Disable"), clock("Verify"), clock("Assess"));
    c.wait_screen("three whole clocks at 80x24", |s| {
        let bar: String = s
            .rows(0, COLS)
            .skip(1)
            .take(2)
            .collect::<Vec<_>>()
            .join("\n");
        disable.is_match(&bar)
            && verify.is_match(&bar)
            && assess.is_match(&bar)
            && bar.contains("Restore (when safe)")
    });
    c.resize(18, 60);
    let short = |name: &str| regex::Regex::new(&format!(r"{name}\S* \+?\d\d:\d\d:\d\d")).unwrap();
    // Five phases (the rollback's untimed "Respond to the level" is one)
    // leave room for two letters of each name at 60 columns.
    let (disable, verify) = (short("Di"), short("Ve"));
    c.wait_screen("the nearest clocks whole at 60x18", |s| {
        let bar: String = s.rows(0, 60).nth(1).unwrap_or_default();
        // Drawn anew at 60 columns (the panes' frame closes at the last
        // one), not the 80-column screen cut: a key sent while the resize
        // is still unread can wait in the terminal until the next one
        // (crossterm reports one of a signal and input that arrive
        // together), so q is pressed only once the console has redrawn.
        let frame: String = s.rows(0, 60).nth(2).unwrap_or_default();
        let redrawn = frame.chars().count() == 60 && frame.ends_with('┐');
        redrawn && disable.is_match(&bar) && verify.is_match(&bar)
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// A 50,000-line log in the log pane: PgUp pages back through it (the
/// pane pauses and stays full), PgDn pages forward, and G returns to the
/// newest line and follows again.
#[test]
fn paging_through_a_50000_line_log() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let log = sb.write("big.log", "");
    let mut c = Term::start(&sb, &db, Some("alice"), &["--log", log.to_str().unwrap()]);
    c.wait_for("the incident screen", |t| {
        t.contains("INC-1") && t.contains("T+")
    });
    let text: String = (0..50_000)
        .map(|i| format!("entry {i:05} of the big log\n"))
        .collect();
    std::fs::write(&log, text).unwrap();
    c.wait_for("the newest line", |t| t.contains("entry 49999"));
    c.send("\t"); // steps → logs
    c.wait_for("the log pane focused", |t| t.contains("Logs (follow)"));
    for _ in 0..3 {
        c.send("\x1b[5~"); // PgUp
    }
    let paged = c.wait_for("a paused, paged-back pane", |t| {
        t.contains("Logs (paused") && !t.contains("entry 49999")
    });
    // The pane is full: as many entries as before, none blank.
    let shown = paged.matches("entry ").count();
    assert!(shown >= 5, "a full pane after paging:\n{paged}");
    c.send("\x1b[6~"); // PgDn
    c.wait_for("a page forward, still paused", |t| {
        t.contains("Logs (paused")
    });
    c.send("G");
    c.wait_for("following the newest again", |t| {
        t.contains("Logs (follow") && t.contains("entry 49999")
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// `L` adds a file as `--log` does: its last lines show at once, and the
/// sources already followed go on untouched (not restarted, so their
/// lines are not shown twice).
#[test]
fn l_adds_a_file_like_log_does() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let a = sb.write("a.log", "aaa-first line of a\n");
    let b = sb.write("b.log", "bbb-already in b\n");
    let mut c = Term::start(&sb, &db, Some("alice"), &["--log", a.to_str().unwrap()]);
    c.wait_for("a's line", |t| t.contains("aaa-first"));
    c.send("L");
    c.wait_for("the add-log dialog", |t| t.contains("Follow a log file"));
    c.send(b.to_str().unwrap());
    c.send("\r");
    let screen = c.wait_for("b's existing line", |t| t.contains("bbb-already in b"));
    assert_eq!(
        screen.matches("aaa-first").count(),
        1,
        "a was restarted:\n{screen}"
    );
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// `warroom INC-2` opens INC-2 with three incidents open, not the list.
#[test]
fn warroom_inc_2_opens_that_incident() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(&sb, &db, "secret-leak", "first leak");
    declare(&sb, &db, "token-compromise", "the second one");
    declare(&sb, &db, "webhook-spoof", "third");
    let mut c = Term::start(&sb, &db, Some("alice"), &["INC-2"]);
    c.wait_for("INC-2's screen", |t| {
        t.contains("INC-2") && t.contains("the second one") && t.contains("Steps")
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// Two consoles on a fast drill of the rollback: each deadline that
/// passes undone is recorded once (not once per console), and shows on
/// both timelines.
#[test]
fn a_missed_deadline_is_recorded_once_with_two_consoles_open() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args([
            "declare",
            "execution-plane-emergency",
            "--drill",
            "--speed",
            "60",
        ])
        .assert()
        .success();
    // Disable is due half a second in, Verify after one, Assess after five.
    let a = Term::start(&sb, &db, Some("alice"), &[]);
    let b = Term::start(&sb, &db, Some("bob"), &[]);
    for c in [&a, &b] {
        c.wait_screen_within(
            Duration::from_secs(15),
            "the Assess miss on the timeline",
            |s| s.contents().contains("deadline missed: Assess"),
        );
    }
    // Give both consoles a few more ticks to (wrongly) record again.
    std::thread::sleep(Duration::from_secs(3));
    let events = exported_events(&sb, &db);
    let misses: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "deadline_missed")
        .filter_map(|e| e["phase"].as_str())
        .collect();
    assert_eq!(misses, ["disable", "verify", "assess"], "{events:#?}");
    drop((a, b));
}

/// `v` on the rollback's disable-all-flags step (Method 2 and the note
/// after it) reaches the step's last line with G in a real terminal.
#[test]
fn the_step_view_scrolls_to_the_last_line_of_a_long_step() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(&sb, &db, "execution-plane-emergency", "rollback");
    let mut c = Term::start(&sb, &db, Some("alice"), &[]);
    c.wait_for("the incident screen", |t| {
        t.contains("INC-1") && t.contains("Steps")
    });
    c.send("jj");
    c.send("v");
    c.wait_for("the step view, scrollable", |t| t.contains("lines 1-"));
    c.send("G");
    c.wait_for("the step's last line", |t| {
        t.contains("REQUIRE_POLICY_TOKENS") && t.contains("at `1`")
    });
    c.close_and_quit();
}

/// `I` lists the open incidents from inside one; Enter switches to the
/// chosen one without quitting, Esc goes back.
#[test]
fn i_switches_incidents_without_quitting() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    declare(&sb, &db, "secret-leak", "first leak");
    declare(&sb, &db, "token-compromise", "the second one");
    let mut c = Term::start(&sb, &db, Some("alice"), &["INC-1"]);
    c.wait_for("INC-1", |t| t.contains("first leak") && t.contains("Steps"));
    c.send("I");
    c.wait_for("the list of open incidents", |t| {
        t.contains("the second one") && t.contains("Esc back")
    });
    c.send("\x1b");
    c.wait_for("back on INC-1", |t| {
        t.contains("first leak") && t.contains("Steps")
    });
    c.send("I");
    c.wait_for("the list again", |t| t.contains("Esc back"));
    c.send("j\r");
    c.wait_for("INC-2's screen", |t| {
        t.contains("the second one") && t.contains("Steps")
    });
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
}

/// With `[console] bell = true` in the responder's config, the console
/// rings the terminal bell when a deadline passes; without it, never.
#[test]
fn the_bell_rings_on_a_miss_only_when_configured() {
    for wanted in [true, false] {
        let sb = Sandbox::new();
        if wanted {
            sb.write("config/warroom/config.toml", "[console]\nbell = true\n");
        }
        let db = sb.path().join("w.db");
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args([
                "declare",
                "execution-plane-emergency",
                "--drill",
                "--speed",
                "60",
            ])
            .assert()
            .success();
        let c = Term::start(&sb, &db, Some("alice"), &[]);
        c.wait_screen_within(Duration::from_secs(15), "the Verify miss", |s| {
            s.contents().contains("deadline missed: Verify")
        });
        std::thread::sleep(Duration::from_millis(1500));
        let rang = c.transcript_since(0).contains(&0x07);
        assert_eq!(rang, wanted, "bell configured: {wanted}");
    }
}

/// `e` on a step: the command in full with where and as whom, `y` runs it,
/// its output streams into the log pane redacted, and the run is on the
/// timeline and in the store with the raw output's hash only.
#[test]
fn e_shows_the_command_runs_it_on_y_and_records_the_run() {
    let sb = Sandbox::new();
    let pb = sb.write(
        "pb/run.toml",
        r#"
id = "run-here"
title = "Run here"
[[phases]]
id = "p"
title = "P"
due = "15m"
[[steps]]
id = "check"
phase = "p"
title = "Check the service"
commands = ["echo service-ok; echo token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"]
"#,
    );
    let dir = pb.parent().unwrap().to_str().unwrap().to_string();
    let db = sb.path().join("w.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["--playbooks", &dir, "declare", "run-here", "--title", "t"])
        .assert()
        .success();
    let mut c = Term::start(&sb, &db, Some("alice"), &["--playbooks", &dir]);
    c.wait_for("the incident screen", |t| t.contains("Check the service"));
    c.send("e");
    let shown = c.wait_for("the confirmation", |t| t.contains("Run this command?"));
    assert!(shown.contains("echo service-ok"), "{shown}");
    assert!(shown.contains("(login)"), "{shown}");
    assert!(shown.contains("not a bundled playbook"), "{shown}");
    assert!(!shown.contains("ghp_0123"), "{shown}");
    c.send("y");
    let screen = c.wait_for("the output and the run on the timeline", |t| {
        t.contains("service-ok") && t.contains("ran command 1 of Check the service")
    });
    assert!(screen.contains("token=[REDACTED:github-token]"), "{screen}");
    assert!(!screen.contains("ghp_0123"), "{screen}");
    let events = exported_events(&sb, &db);
    let run = events
        .iter()
        .find(|e| e["kind"] == "command_run")
        .expect("a command_run event");
    assert_eq!(run["exit_code"], 0);
    assert_eq!(run["output_sha256"].as_str().unwrap().len(), 64);
    assert!(!run.to_string().contains("ghp_0123"));
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
    c.assert_restored();
}

/// The header names the commander, and `m` narrows the steps pane to the
/// steps assigned to this account (and back).
#[test]
fn the_header_shows_the_commander_and_m_shows_my_steps() {
    let sb = Sandbox::new();
    let db = one_incident(&sb);
    let me = common::account();
    for args in [
        &["role", "INC-1", "commander"][..],
        &["assign", "INC-1", "exposure-timeline", &me],
        &["assign", "INC-1", "assess-scope", "somebody-else"],
    ] {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args(args)
            .assert()
            .success();
    }
    let mut c = Term::start(&sb, &db, None, &[]);
    let ic = format!("IC {me}");
    c.wait_for("the commander in the header", |t| {
        t.lines().next().is_some_and(|l| l.contains(&ic))
    });
    c.wait_screen("both steps before m", |s| {
        let rows = steps_rows(s).join("\n");
        rows.contains("Assess scope") && rows.contains("Determine exposure")
    });
    c.send("m");
    // The steps pane's rows only: the timeline below names the steps too.
    let pane = |s: &vt100::Screen| {
        steps_rows(s)
            .into_iter()
            .take(17)
            .collect::<Vec<_>>()
            .join("\n")
    };
    c.wait_screen("only mine after m", |s| {
        let rows = pane(s);
        rows.contains("Steps (mine)")
            && rows.contains("Determine exposure")
            && !rows.contains("Assess scope")
    });
    c.send("m");
    c.wait_screen("all again", |s| pane(s).contains("Assess scope"));
    c.send("q");
    assert!(c.wait_exit(EXIT_WITHIN).success());
    c.assert_restored();
}
