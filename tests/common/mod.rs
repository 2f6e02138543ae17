//! Shared helpers for integration tests: the real binary, isolated from the
//! machine's own config, playbooks and database.

#![allow(dead_code)]

pub mod accounts;
#[cfg(feature = "postgres")]
pub mod pg;
pub mod pty;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A sandbox home: `XDG_CONFIG_HOME` and `XDG_DATA_HOME` point inside it.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `warroom` with a clean environment rooted in the sandbox.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same, as a `std::process::Command` (to spawn, or wrap in a shell).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"));
        cmd.env_remove("WARROOM_PLAYBOOKS")
            .env_remove("WARROOM_DB")
            .env_remove("WARROOM_ACTOR")
            .env_remove("SUDO_USER")
            .env("WARROOM_SYSTEM_CONFIG", self.path().join("etc/config.toml"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            // Witnesses of every write land here, never in the real home.
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("HOME", self.path())
            .env("NO_COLOR", "1")
            .current_dir(self.path());
        cmd
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Sandbox {
    /// A sandbox on a memory file system (`/dev/shm`) when the machine has
    /// one, else the usual temp dir. SQLite's locking and WAL behave the
    /// same there, but an fsync costs nothing, so tests that run hundreds
    /// of writers stay fast.
    pub fn on_tmpfs() -> Self {
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::Builder::new()
                .prefix("warroom-test-")
                .tempdir_in(shm)
                .ok()
        } else {
            None
        };
        Sandbox {
            dir: dir.unwrap_or_else(|| tempfile::tempdir().expect("temp dir")),
        }
    }
}

/// Fails when `text` (a command's stdout or stderr) shows a panic or a
/// backtrace.
pub fn assert_no_panic(what: &str, text: &str) {
    for needle in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
        assert!(
            !text.contains(needle),
            "{what}: printed `{needle}`:\n{text}"
        );
    }
}

/// The error line of a failed command: stderr must be exactly one line
/// starting with `warroom: `, with no panic. Returns it without the newline.
pub fn one_error_line(what: &str, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr).into_owned();
    assert_no_panic(what, &text);
    assert!(
        text.ends_with('\n') && text.matches('\n').count() == 1,
        "{what}: stderr is not one line: {text:?}"
    );
    assert!(
        text.starts_with("warroom: "),
        "{what}: stderr does not start with `warroom: `: {text:?}"
    );
    text.trim_end().to_string()
}

/// A command's standard output, asserting it succeeded (its stderr in the
/// message otherwise).
pub fn stdout_of(what: &[&str], out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{what:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `status`, the Markdown export and the CSV export of INC-1, each run by
/// `run`: they succeed and print no escape or bell from the hostile text
/// the test planted, and the exports still hold the note `x done`.
pub fn assert_views_clean(run: impl Fn(&[&str]) -> std::process::Output) {
    for args in [
        &["status", "INC-1"][..],
        &["export", "INC-1"][..],
        &["export", "INC-1", "--format", "csv"][..],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(!out.stdout.contains(&0x1b), "{args:?} printed an escape");
        assert!(!out.stdout.contains(&0x07), "{args:?} printed a bell");
        if args[0] == "export" {
            // The note itself is there, only its sequences are gone.
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("x done"),
                "{args:?}: the note itself is gone"
            );
        }
    }
}

/// The operating-system account running the tests, which warroom records
/// as the writer of every event.
pub fn account() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("run `id -un`");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// How warroom shows a display name: with the account that really wrote
/// the event (the test runner's) beside it, unless they are the same.
pub fn shown(name: &str) -> String {
    let account = account();
    if account == name {
        account
    } else {
        format!("{name} (via {account})")
    }
}

/// Compares `actual` with `tests/golden/NAME`; `UPDATE_GOLDEN=1` rewrites
/// the file instead, after an intended change.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{name} missing; run with UPDATE_GOLDEN=1"));
    assert_eq!(actual, expected, "{name} differs from the golden file");
}

/// A copy of the binary at `dest`, executable by every account (tests that
/// run it as another user need one outside the build tree), ready to run.
///
/// While the copy is written, another test's thread may fork a child that
/// holds the write handle until it execs; running the copy then fails with
/// "Text file busy". Once one run of the copy starts, no such child is
/// left, so the copy is run (`--version`) until one does.
pub fn installed_copy(dest: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::copy(env!("CARGO_BIN_EXE_warroom"), dest).expect("copy the binary");
    std::fs::set_permissions(dest, std::fs::Permissions::from_mode(0o755))
        .expect("make the copy executable");
    for _ in 0..200 {
        match std::process::Command::new(dest).arg("--version").output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("cannot run {}: {e}", dest.display()),
            Ok(_) => return,
        }
    }
    panic!("{} stayed busy for two seconds", dest.display());
}
