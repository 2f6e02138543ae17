//! Nobody runs another's command: a playbook's `[[logs]] command` starts by
//! itself only when the playbook is bundled and unchanged; any other waits
//! in the console ("not started … press A") until the account running the
//! console has seen it in full and said yes, and that yes is remembered in
//! the account's own state directory, for that incident only.
//!
//! The real binary in a pseudo-terminal, read back through a VT parser.
//! The first test runs as whoever runs the tests. The second needs root:
//! it creates throwaway accounts (a member who writes the playbook and
//! declares, a member who opens it) and a group, runs the consoles through
//! `runuser`, and removes what it created, on failure too; without root
//! (or the tools) it says why on stderr and passes.
//!
//! Every wait is bounded. That a command did NOT run is checked after the
//! console has shown the line saying so and then for a further grace
//! period, long enough for a started command to have touched its marker.

mod common;

use common::Sandbox;
use common::accounts::{
    Accounts, TeamHost, as_user, find_tool, home_of, run_ok, skip_reason, tool, uid_of,
};
use portable_pty::{Child, CommandBuilder, MasterPty};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 120;
const WAIT: Duration = Duration::from_secs(15);
/// How long a command that was wrongly started would take, at most, to
/// leave its marker (it is started with the console's first screen).
const GRACE: Duration = Duration::from_millis(2500);

// ------------------------------------------------------------------ console

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    exited: bool,
}

impl Term {
    fn start(cmd: CommandBuilder) -> Term {
        let running = common::pty::run(
            common::pty::open(ROWS, COLS),
            cmd,
            common::pty::screen(ROWS, COLS),
        );
        Term {
            parser: running.screen,
            writer: running.writer,
            child: running.child,
            _master: running.master,
            exited: false,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text();
            if ok(&text) {
                return text;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for {what}; screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// q, and the process ends (its followers, and their commands, with it).
    fn quit(&mut self) {
        self.send("q");
        let deadline = Instant::now() + WAIT;
        while self.child.try_wait().expect("try_wait").is_none() {
            assert!(
                Instant::now() < deadline,
                "the console did not quit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        self.exited = true;
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ------------------------------------------------------------------ helpers

/// A playbook whose only log source is a command that leaves a marker
/// naming the account it ran as, then stays (so it is not restarted).
fn playbook_touching(markers: &Path) -> String {
    format!(
        r#"id = "disk-full"
title = "Disk full"

[[phases]]
id = "only"
title = "Only phase"

[[steps]]
id = "look"
phase = "only"
title = "Look at the disk"

[[logs]]
name = "marker"
command = ["sh", "-c", "touch {}/ran-as-$(id -un); exec sleep 600"]
"#,
        markers.display()
    )
}

/// Waits for `path` to exist.
fn wait_file(path: &Path, term: &Term) {
    let deadline = Instant::now() + WAIT;
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} did not appear; screen:\n{}",
            path.display(),
            term.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `path` stays absent for the grace period.
fn assert_stays_absent(path: &Path, term: &Term) {
    let until = Instant::now() + GRACE;
    while Instant::now() < until {
        assert!(
            !path.exists(),
            "{} appeared: the command ran without being allowed; screen:\n{}",
            path.display(),
            term.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The confirmation files in a state directory's `allowed-commands`.
fn confirmations(state: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(state.join("warroom/allowed-commands"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

// ---------------------------------------------------------- one account

/// One account, its own sandbox: a file playbook's command waits for A
/// and y, then runs, and runs again on reopening without a question; the
/// bundled secret-leak playbook's command (`journalctl`, here a stand-in
/// on PATH that leaves a marker) runs without one.
#[test]
fn a_file_playbooks_command_waits_for_a_yes_and_a_bundled_ones_does_not() {
    let sb = Sandbox::new();
    let markers = sb.path().join("markers");
    std::fs::create_dir(&markers).unwrap();
    let bin = sb.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let fake = bin.join("journalctl");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ntouch {}/bundled-ran\nexec sleep 600\n",
            markers.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let books = sb.path().join("pb");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(books.join("disk-full.toml"), playbook_touching(&markers)).unwrap();
    let state = sb.path().join("state");
    let me = common::account();
    let marker = markers.join(format!("ran-as-{me}"));

    let console = |db: &Path| {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_warroom"));
        cmd.env_clear();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        cmd.env("PATH", path);
        cmd.env("HOME", sb.path());
        cmd.env("XDG_CONFIG_HOME", sb.path().join("config"));
        cmd.env("XDG_DATA_HOME", sb.path().join("data"));
        cmd.env("XDG_STATE_HOME", &state);
        cmd.env("WARROOM_DB", db);
        cmd.env("WARROOM_SYSTEM_CONFIG", sb.path().join("etc/config.toml"));
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(sb.path());
        Term::start(cmd)
    };

    // The file playbook: declared, then opened (the only open incident).
    let db = sb.path().join("files.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .arg("--playbooks")
        .arg(&books)
        .args(["declare", "disk-full", "--title", "Disk full"])
        .assert()
        .success()
        .stdout("INC-1\n");
    let mut t = console(&db);
    // The line is cut at the pane's width; the pane's title keeps the key.
    t.wait_for("the not-started line and the key", |s| {
        s.contains("not started: `sh -c 'touch") && s.contains("1 command not started: A")
    });
    assert_stays_absent(&marker, &t);
    assert!(confirmations(&state).is_empty());

    t.send("A");
    let dialog = t.wait_for("the dialog", |s| s.contains("Run a playbook command?"));
    for needle in [
        " 0  sh",
        " 1  -c",
        "ran-as-$(id -un); exec sleep 600",
        "stored in INC-1 by",
        &format!("runs now as {me}"),
        "y: run it, and remember",
    ] {
        assert!(dialog.contains(needle), "{needle}:\n{dialog}");
    }
    // n keeps it stopped.
    t.send("n");
    t.wait_for("the dialog to close", |s| {
        !s.contains("Run a playbook command?")
    });
    assert_stays_absent(&marker, &t);
    // A again, and y: it runs now.
    t.send("A");
    t.wait_for("the dialog", |s| s.contains("Run a playbook command?"));
    t.send("y");
    wait_file(&marker, &t);
    t.wait_for("the status line", |s| s.contains("started `sh -c"));
    t.quit();
    let kept = confirmations(&state);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(mode(&kept[0]), 0o600);
    assert_eq!(mode(kept[0].parent().unwrap()), 0o700);

    // Reopened: it runs at once, and nothing says it was held.
    std::fs::remove_file(&marker).unwrap();
    let mut t = console(&db);
    wait_file(&marker, &t);
    let screen = t.wait_for("the incident", |s| s.contains("INC-1"));
    assert!(!screen.contains("not started"), "{screen}");
    t.quit();

    // The bundled playbook's command runs without a question.
    let bundled = sb.path().join("bundled.db");
    sb.cmd()
        .env("WARROOM_DB", &bundled)
        .args(["declare", "secret-leak", "--title", "Leak"])
        .assert()
        .success();
    let mut t = console(&bundled);
    wait_file(&markers.join("bundled-ran"), &t);
    let screen = t.wait_for("the incident", |s| s.contains("INC-1"));
    assert!(!screen.contains("not started"), "{screen}");
    t.quit();
}

/// A member writes a playbook with a command and declares an incident
/// with it. Another member's console does not run it, says so, and runs it
/// only after A and y, as that member; reopened, it runs without asking
/// (the yes is in that member's state directory, 0600, and not in the
/// database); root, a different account, is still asked and nothing runs
/// as root.
#[test]
fn another_members_command_runs_only_after_this_account_allows_it() {
    if let Some(why) = skip_reason() {
        eprintln!("skipping another_members_command_runs_only_after_this_account_allows_it: {why}");
        return;
    }
    let acc = Accounts::create("ct", &["a", "b"]);
    let (author, opener) = (acc.users[0].clone(), acc.users[1].clone());
    let (home_a, home_b) = (home_of(&author), home_of(&opener));

    // Everyone may traverse the scratch tree; the team directory is the
    // group's (setgid), the markers directory anyone's. Set up as an
    // admin does: `team init` makes the directory and the database
    // files, owned by root.
    let host = TeamHost::new(&acc.group);
    let (root, bin, db) = (&host.root, host.bin.clone(), host.db.clone());
    let markers = root.path().join("markers");
    std::fs::create_dir(&markers).unwrap();
    std::fs::set_permissions(&markers, std::fs::Permissions::from_mode(0o1777)).unwrap();

    // A writes the playbook in their home and declares with it.
    let books = home_a.join("pb");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(books.join("disk-full.toml"), playbook_touching(&markers)).unwrap();
    run_ok(tool("chown").arg("-R").arg(&author).arg(&books));
    let books_arg = books.display().to_string();
    let declare = as_user(
        &author,
        &home_a,
        &bin,
        &db,
        &[
            "--playbooks",
            &books_arg,
            "declare",
            "disk-full",
            "--title",
            "Disk full",
        ],
    );
    assert_eq!(run_ok(tool("runuser").args(&declare)), "INC-1\n");

    let console_as_b = || {
        let mut cmd = CommandBuilder::new(find_tool("runuser").unwrap());
        cmd.args(as_user(&opener, &home_b, &bin, &db, &[]));
        cmd.env_clear();
        cmd.cwd(root.path());
        Term::start(cmd)
    };
    let marker_b = markers.join(format!("ran-as-{opener}"));
    let marker_a = markers.join(format!("ran-as-{author}"));

    // B opens it: not started, and said so.
    let mut t = console_as_b();
    // The line is cut at the pane's width; the pane's title keeps the key.
    t.wait_for("the not-started line and the key", |s| {
        s.contains("not started: `sh -c 'touch") && s.contains("1 command not started: A")
    });
    assert_stays_absent(&marker_b, &t);
    let state_b = home_b.join(".local/state");
    assert!(confirmations(&state_b).is_empty());

    // A shows it all: the argv, where it is from, who it would run as.
    t.send("A");
    let dialog = t.wait_for("the dialog", |s| s.contains("Run a playbook command?"));
    for needle in [
        "ran-as-$(id -un); exec sleep 600".to_string(),
        format!("stored in INC-1 by {author}"),
        format!("runs now as {opener}"),
    ] {
        assert!(dialog.contains(&needle), "{needle}:\n{dialog}");
    }
    t.send("y");
    wait_file(&marker_b, &t);
    assert_eq!(
        std::fs::metadata(&marker_b).unwrap().uid(),
        uid_of(&opener).unwrap()
    );
    t.quit();

    // The yes is B's own: one 0600 file in B's state directory, and the
    // shared database does not carry it.
    let kept = confirmations(&state_b);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let meta = std::fs::metadata(&kept[0]).unwrap();
    assert_eq!(
        (meta.uid(), mode(&kept[0])),
        (uid_of(&opener).unwrap(), 0o600)
    );
    let command_sha =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&kept[0]).unwrap())
            .unwrap()["command_sha256"]
            .as_str()
            .unwrap()
            .to_string();
    let db_bytes = std::fs::read(&db).unwrap();
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    for bytes in [&db_bytes, &wal] {
        assert!(
            !bytes
                .windows(command_sha.len())
                .any(|w| w == command_sha.as_bytes()),
            "the confirmation reached the shared database"
        );
    }

    // B again: it runs without a question.
    std::fs::remove_file(&marker_b).unwrap();
    let mut t = console_as_b();
    wait_file(&marker_b, &t);
    let screen = t.wait_for("the incident", |s| s.contains("INC-1"));
    assert!(!screen.contains("not started"), "{screen}");
    t.quit();

    // Root, another account, is asked and nothing runs as root.
    let root_home = root.path().join("root-home");
    std::fs::create_dir(&root_home).unwrap();
    std::fs::set_permissions(&root_home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let mut cmd = CommandBuilder::new(&bin);
    cmd.env_clear();
    cmd.env("HOME", &root_home);
    cmd.env("PATH", "/usr/local/bin:/usr/bin:/bin");
    cmd.env("WARROOM_DB", &db);
    cmd.env("WARROOM_SYSTEM_CONFIG", "/nonexistent/warroom.toml");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(root.path());
    let mut t = Term::start(cmd);
    t.wait_for("the not-started line", |s| {
        s.contains("not started: `sh -c 'touch")
    });
    assert_stays_absent(&markers.join("ran-as-root"), &t);
    t.quit();
    assert!(confirmations(&root_home.join(".local/state")).is_empty());
    // And the author's own marker never appeared: nobody ran it as A.
    assert!(!marker_a.exists());
}
