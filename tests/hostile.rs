//! A hostile member of the team group, with real throwaway accounts: links
//! planted where root's `team init`, `status` and console would follow
//! them, a database another account made, a world-writable one, and a team
//! directory owned by an outsider. Each attack must be refused and the file
//! it aimed at left as it was.
//!
//! It needs root (accounts, `chown`); without it, it says why on stderr and
//! passes. The group and accounts are created only when absent and only
//! those are removed, on success and on failure alike. The system config
//! lives in the sandbox (`WARROOM_SYSTEM_CONFIG`).

mod common;

use common::{Sandbox, one_error_line};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GROUP: &str = "wrhteam";
const MEMBER: &str = "wrhmember";
const OUTSIDER: &str = "wrhoutsider";

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run a command")
}

fn exists(kind: &str, name: &str) -> bool {
    run(Command::new("getent").args([kind, name]))
        .status
        .success()
}

fn id_of(kind: &str, name: &str) -> u32 {
    let out = run(Command::new("getent").args([kind, name]));
    String::from_utf8_lossy(&out.stdout)
        .split(':')
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

/// Tests that use the accounts run one at a time: one test's cleanup must
/// not remove the accounts under another.
static ACCOUNTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The group and accounts this test made, removed when it ends.
struct Accounts {
    users: Vec<&'static str>,
    group: bool,
    /// Held until the accounts are removed (fields drop after `drop`).
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Accounts {
    fn make() -> Accounts {
        let mut made = Accounts {
            users: Vec::new(),
            group: false,
            _turn: ACCOUNTS.lock().unwrap_or_else(|e| e.into_inner()),
        };
        if !exists("group", GROUP) {
            assert!(run(Command::new("groupadd").arg(GROUP)).status.success());
            made.group = true;
        }
        for (user, groups) in [(MEMBER, Some(GROUP)), (OUTSIDER, None)] {
            if exists("passwd", user) {
                continue;
            }
            let mut add = Command::new("useradd");
            add.args(["--no-create-home", "--shell", "/bin/sh"]);
            if let Some(g) = groups {
                add.args(["-G", g]);
            }
            let out = run(add.arg(user));
            assert!(out.status.success(), "useradd {user}: {out:?}");
            made.users.push(user);
        }
        made
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.users {
            let _ = run(Command::new("userdel").arg(user));
        }
        if self.group {
            let _ = run(Command::new("groupdel").arg(GROUP));
        }
    }
}

/// A shell command run as `user`.
fn as_user(user: &str, script: &str) -> Output {
    run(Command::new("runuser").args(["-u", user, "--", "sh", "-c", script]))
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().mode() & 0o7777
}

/// A root-only file the attacks aim at, standing in for `/etc/shadow`.
struct Target {
    path: PathBuf,
}

impl Target {
    fn new(sb: &Sandbox) -> Target {
        let path = sb.write("shadow", "root:$6$secret:19000::::::\n");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Target { path }
    }

    /// Still root's, 0600, its group root's, and unchanged.
    fn assert_untouched(&self, after: &str) {
        let m = std::fs::metadata(&self.path).unwrap();
        assert_eq!(
            (m.mode() & 0o7777, m.uid(), m.gid()),
            (0o600, 0, 0),
            "after {after}: the target's mode or owner changed"
        );
        assert_eq!(
            std::fs::read_to_string(&self.path).unwrap(),
            "root:$6$secret:19000::::::\n",
            "after {after}: the target's content changed"
        );
    }
}

/// A team directory as it is before `team init`: setgid, group-writable,
/// not yet sticky, so a member can put anything in it.
fn open_team_dir(sb: &Sandbox, gid: u32) -> PathBuf {
    let dir = sb.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::chown(&dir, Some(0), Some(gid)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    dir
}

fn team_init(sb: &Sandbox, dir: &Path) -> Output {
    run(sb.std_cmd().args([
        "team",
        "init",
        "--dir",
        dir.to_str().unwrap(),
        "--group",
        GROUP,
    ]))
}

fn clear(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        std::fs::remove_file(&p).unwrap();
    }
}

#[test]
fn a_hostile_member_cannot_turn_the_team_directory_against_root() {
    if !is_root() {
        eprintln!("skipped: needs root to create throwaway accounts");
        return;
    }
    let _accounts = Accounts::make();
    let gid = id_of("group", GROUP);
    let sb = Sandbox::new();
    // The member must reach the team directory inside the sandbox.
    std::fs::set_permissions(sb.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let target = Target::new(&sb);
    let dir = open_team_dir(&sb, gid);
    let db = dir.join("warroom.db");
    let db_arg = db.to_str().unwrap().to_string();

    // 1. A link under each of the database's names before `team init`.
    for name in ["warroom.db", "warroom.db-wal", "warroom.db-shm"] {
        clear(&dir);
        let planted = as_user(
            MEMBER,
            &format!("ln -s {} {}/{name}", target.path.display(), dir.display()),
        );
        assert!(planted.status.success(), "plant {name}: {planted:?}");
        let out = team_init(&sb, &dir);
        assert_eq!(out.status.code(), Some(1), "team init over {name}: {out:?}");
        let line = one_error_line("team init", &out.stderr);
        assert!(line.contains("symbolic link"), "{name}: {line}");
        assert!(line.contains(name), "{name}: {line}");
        target.assert_untouched(&format!("team init over a planted {name}"));
    }

    // 2. Before `status` and `list`: the member swaps a companion of a
    // database root made in a directory that is not sticky (the refused
    // `team init` above already made it sticky).
    clear(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let out = run(sb
        .std_cmd()
        .args(["--db", &db_arg, "declare", "secret-leak", "--title", "t"]));
    assert!(out.status.success(), "{out:?}");
    for name in ["warroom.db-wal", "warroom.db-shm", "warroom.db"] {
        let swapped = as_user(
            MEMBER,
            &format!(
                "mv {d}/{name} {d}/{name}.kept && ln -s {t} {d}/{name}",
                d = dir.display(),
                t = target.path.display()
            ),
        );
        assert!(swapped.status.success(), "swap {name}: {swapped:?}");
        for args in [&["list"][..], &["status", "INC-1"][..]] {
            let out = run(sb.std_cmd().args(["--db", &db_arg]).args(args));
            assert_eq!(out.status.code(), Some(2), "{args:?} over {name}: {out:?}");
            let line = one_error_line("status", &out.stderr);
            assert!(line.contains("symbolic link"), "{name}: {line}");
            target.assert_untouched(&format!("{args:?} over a planted {name}"));
        }
        // 3. The console: refused before the screen is taken.
        let console = run(Command::new("script").args([
            "-qec",
            &format!(
                "env WARROOM_SYSTEM_CONFIG={} HOME={} XDG_CONFIG_HOME={0}.x XDG_DATA_HOME={1}/data {} --db {db_arg}",
                sb.path().join("etc/config.toml").display(),
                sb.path().display(),
                env!("CARGO_BIN_EXE_warroom"),
            ),
            "/dev/null",
        ]));
        assert_eq!(
            console.status.code(),
            Some(2),
            "console over {name}: {console:?}"
        );
        let shown = String::from_utf8_lossy(&console.stdout);
        assert!(
            shown.contains("symbolic link"),
            "console over {name}: {shown}"
        );
        target.assert_untouched(&format!("the console over a planted {name}"));
        std::fs::remove_file(dir.join(name)).unwrap();
        std::fs::rename(dir.join(format!("{name}.kept")), dir.join(name)).unwrap();
    }

    // 4. After `team init` the directory is sticky and the companions are
    // root's and stay: the member can no longer remove or replace them.
    let out = team_init(&sb, &dir);
    assert!(out.status.success(), "team init: {out:?}");
    assert_eq!(mode(&dir), 0o3770);
    for name in ["warroom.db", "warroom.db-wal", "warroom.db-shm"] {
        let f = dir.join(name);
        let m = std::fs::symlink_metadata(&f).unwrap();
        assert!(m.file_type().is_file(), "{name}");
        assert_eq!(
            (m.uid(), m.gid(), m.mode() & 0o777),
            (0, gid, 0o660),
            "{name}"
        );
        let attack = as_user(
            MEMBER,
            &format!(
                "rm -f {f} || true; ln -sf {t} {f}",
                f = f.display(),
                t = target.path.display()
            ),
        );
        assert!(
            !attack.status.success(),
            "the member replaced {name}: {attack:?}"
        );
        assert!(
            std::fs::symlink_metadata(&f).unwrap().file_type().is_file(),
            "{name}"
        );
    }
    // The member's own use leaves the companions in place and root's.
    let out = run(Command::new("runuser").args([
        "-u",
        MEMBER,
        "--",
        env!("CARGO_BIN_EXE_warroom"),
        "--db",
        &db_arg,
        "--as",
        "m",
        "note",
        "INC-1",
        "member was here",
    ]));
    if out.status.success() {
        for name in ["warroom.db-wal", "warroom.db-shm"] {
            assert_eq!(
                std::fs::metadata(dir.join(name)).unwrap().uid(),
                0,
                "{name}"
            );
        }
    } else {
        // The test binary may sit where the member cannot run it; the
        // ownership checks above still hold.
        eprintln!("note: the member could not run the binary: {out:?}");
    }

    // 5. A database another account made is refused; a member's from
    // before the team existed is taken over by `team init`, an
    // outsider's is refused by it.
    clear(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let made = as_user(MEMBER, &format!("umask 002; : > {}", db.display()));
    assert!(made.status.success(), "{made:?}");
    let out = run(sb.std_cmd().args(["--db", &db_arg, "list"]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("list over a member's file", &out.stderr);
    assert!(line.contains(&format!("belongs to {MEMBER}")), "{line}");
    let out = team_init(&sb, &dir);
    assert!(
        out.status.success(),
        "team init takes a member's file over: {out:?}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("owner was {MEMBER}")),
        "{out:?}"
    );
    assert_eq!(std::fs::metadata(&db).unwrap().uid(), 0);

    clear(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2777)).unwrap();
    let made = as_user(OUTSIDER, &format!(": > {}", db.display()));
    assert!(made.status.success(), "{made:?}");
    let out = team_init(&sb, &dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let line = one_error_line("team init over an outsider's file", &out.stderr);
    assert!(line.contains(&format!("made by {OUTSIDER}")), "{line}");
    assert_eq!(
        std::fs::metadata(&db).unwrap().uid(),
        id_of("passwd", OUTSIDER)
    );

    // 6. A world-writable database is refused, not used.
    clear(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let out = run(sb
        .std_cmd()
        .args(["--db", &db_arg, "declare", "secret-leak", "--title", "t"]));
    assert!(out.status.success(), "{out:?}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = run(sb.std_cmd().args(["--db", &db_arg, "list"]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("a world-writable database", &out.stderr);
    assert!(line.contains("world-writable"), "{line}");
    // `doctor` calls it what it is, never "private".
    let out = run(sb.std_cmd().args(["--db", &db_arg, "doctor"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("OPEN TO EVERY ACCOUNT"), "{text}");
    assert!(!text.contains("private"), "{text}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(sb.std_cmd().args(["--db", &db_arg, "doctor"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("private to root (mode 0600)"), "{text}");

    // 8. The advice fits the case: a file only its owner may use is not
    // fixed by joining a group, and root's own group is no team.
    for (gid_of_file, bits, want) in [(gid, 0o600, "root's alone"), (0, 0o660, "team init")] {
        std::os::unix::fs::chown(&db, Some(0), Some(gid_of_file)).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(bits)).unwrap();
        let out = run(Command::new("runuser").args([
            "-u",
            MEMBER,
            "--",
            env!("CARGO_BIN_EXE_warroom"),
            "--db",
            &db_arg,
            "list",
        ]));
        if out.status.code() == Some(126) || out.status.code() == Some(127) {
            eprintln!("note: the member cannot run the test binary: {out:?}");
            break;
        }
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let line = one_error_line("the member's refusal", &out.stderr);
        assert!(line.contains(want), "mode {bits:o}: {line}");
        assert!(!line.contains("usermod -aG root"), "{line}");
        assert!(
            !line.contains("chmod g+rw") || bits != 0o600 || line.contains("if its group"),
            "{line}"
        );
    }

    // 7. A team directory owned by an outsider is taken over.
    clear(&dir);
    std::os::unix::fs::chown(&dir, Some(id_of("passwd", OUTSIDER)), None).unwrap();
    let out = team_init(&sb, &dir);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::metadata(&dir).unwrap().uid(), 0);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("was {OUTSIDER}")),
        "{out:?}"
    );
}

/// Four responders opening a database that does not exist yet, at the
/// same moment, a hundred times over: every one of them gets in.
#[test]
fn four_racing_first_opens_all_succeed() {
    let sb = Sandbox::on_tmpfs();
    for round in 0..100 {
        let db = sb.path().join(format!("race-{round}.db"));
        let children: Vec<_> = (0..4)
            .map(|i| {
                let mut cmd = sb.std_cmd();
                cmd.args(["--db", db.to_str().unwrap()]);
                if i % 2 == 0 {
                    cmd.arg("list");
                } else {
                    cmd.args(["declare", "secret-leak", "--title", "race"]);
                }
                cmd.stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (i, c) in children.into_iter().enumerate() {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, process {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Without a terminal (`ssh host warroom` without `-t`, cron, setsid) the
/// console and a drill say so in one line and exit 2; the drill is not
/// declared.
#[test]
fn without_a_terminal_the_console_and_a_drill_refuse_in_one_line() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let db_arg = db.to_str().unwrap();
    for args in [&[][..], &["drill", "secret-leak"][..]] {
        let out = run(sb
            .std_cmd()
            .args(["--db", db_arg])
            .args(args)
            .stdin(std::process::Stdio::null()));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let line = one_error_line("no terminal", &out.stderr);
        assert!(line.contains("needs a terminal"), "{line}");
    }
    let out = run(sb.std_cmd().args(["--db", db_arg, "list", "--all"]));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(!listed.contains("INC-1"), "a drill was declared: {listed}");
}

/// A title with a newline is one line in `list` (no forged row), and an
/// error echoes at most a few hundred characters of a 100 KB argument.
#[test]
fn odd_text_is_flattened_and_echoes_are_capped() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let db_arg = db.to_str().unwrap();
    let out = run(sb.std_cmd().args([
        "--db",
        db_arg,
        "declare",
        "secret-leak",
        "--title",
        "real\nINC-99  open  forged row",
    ]));
    assert!(out.status.success(), "{out:?}");
    let out = run(sb.std_cmd().args(["--db", db_arg, "list"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.lines().any(|l| l.starts_with("INC-99")), "{text}");
    assert!(text.contains("real INC-99 open forged row"), "{text}");

    let huge = "x".repeat(100_000);
    for args in [
        vec!["status", huge.as_str()],
        vec!["start", "INC-1", huge.as_str()],
    ] {
        let out = run(sb.std_cmd().args(["--db", db_arg]).args(&args));
        assert_eq!(out.status.code(), Some(2), "{:?}", out.status);
        let line = one_error_line("a 100 KB argument", &out.stderr);
        assert!(line.len() < 1_000, "{} bytes echoed", line.len());
    }
}

/// A FIFO, `/dev/zero` and an oversized file as a playbook or a config
/// are refused at once (no hang, no unbounded read); `export -o` onto a
/// FIFO, a device or a link is refused, even with --force; `--db` on a
/// device is refused before anything is created beside it.
#[test]
fn special_files_are_refused_without_blocking() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("pb.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: `c` is a valid path for the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = sb.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let big = sb.write("big.toml", "# x\n".repeat(1_200_000));
    let db = sb.path().join("w.db");
    let db_arg = db.to_str().unwrap();

    let timed = |cmd: &mut Command| {
        let t0 = std::time::Instant::now();
        let mut child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if t0.elapsed() > std::time::Duration::from_secs(10) {
                let _ = child.kill();
                panic!("{cmd:?} still running after 10 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    };
    for (file, want) in [(&fifo, "FIFO"), (&zero, "device"), (&big, "at most 4 MiB")] {
        let out = timed(
            sb.std_cmd()
                .args(["playbooks", "check", file.to_str().unwrap()]),
        );
        assert_eq!(out.status.code(), Some(2), "{file:?}: {out:?}");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(text.contains(want), "{file:?}: {text}");
        // The same file as the user's config.
        let config_dir = sb.path().join("config/warroom");
        std::fs::create_dir_all(&config_dir).unwrap();
        let config = config_dir.join("config.toml");
        let _ = std::fs::remove_file(&config);
        std::os::unix::fs::symlink(file, &config).unwrap();
        let out = timed(sb.std_cmd().args(["--db", db_arg, "list"]));
        assert_eq!(out.status.code(), Some(2), "config {file:?}: {out:?}");
        let line = one_error_line("a special config", &out.stderr);
        assert!(line.contains(want), "config {file:?}: {line}");
        std::fs::remove_file(&config).unwrap();
    }

    let out = run(sb
        .std_cmd()
        .args(["--db", db_arg, "declare", "secret-leak", "--title", "t"]));
    assert!(out.status.success(), "{out:?}");
    let link = sb.path().join("link.md");
    std::os::unix::fs::symlink(sb.path().join("elsewhere.md"), &link).unwrap();
    for (target, want) in [(&fifo, "a FIFO"), (&link, "a symbolic link")] {
        for force in [false, true] {
            let mut cmd = sb.std_cmd();
            cmd.args([
                "--db",
                db_arg,
                "export",
                "INC-1",
                "-o",
                target.to_str().unwrap(),
            ]);
            if force {
                cmd.arg("--force");
            }
            let out = timed(&mut cmd);
            assert_eq!(out.status.code(), Some(2), "{target:?}: {out:?}");
            let line = one_error_line("export onto a special file", &out.stderr);
            assert!(line.contains(want), "{line}");
        }
    }
    assert!(!sb.path().join("elsewhere.md").exists());
    let out = timed(sb.std_cmd().args([
        "--db",
        db_arg,
        "export",
        "INC-1",
        "-o",
        "/dev/null",
        "--force",
    ]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    let out = timed(sb.std_cmd().args(["--db", "/dev/null", "list"]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("--db on a device", &out.stderr);
    assert!(line.contains("a device"), "{line}");
    assert!(!Path::new("/dev/null-wal").exists() && !Path::new("/dev/null-journal").exists());
}

/// On a full disk the reading commands still read; a write says the disk
/// is full. Needs root to mount a small tmpfs; skipped otherwise.
#[test]
fn a_full_disk_still_lets_responders_read() {
    if !is_root() {
        eprintln!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let sb = Sandbox::new();
    let mnt = sb.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = run(Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt));
    if !mounted.status.success() {
        eprintln!("skipped: cannot mount a tmpfs here: {mounted:?}");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let db = mnt.join("w.db");
    let db_arg = db.to_str().unwrap();
    for args in [
        &["declare", "secret-leak", "--title", "full"][..],
        &["note", "INC-1", "before the disk filled"][..],
    ] {
        let out = run(sb.std_cmd().args(["--db", db_arg]).args(args));
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    // Fill it.
    let _ = run(Command::new("dd")
        .args(["if=/dev/zero", "bs=64k"])
        .arg(format!("of={}", mnt.join("fill").display())));
    for args in [
        &["list"][..],
        &["status", "INC-1"][..],
        &["verify", "INC-1"][..],
        &["export", "INC-1"][..],
    ] {
        let out = run(sb.std_cmd().args(["--db", db_arg]).args(args));
        assert!(out.status.success(), "{args:?} on a full disk: {out:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    let out = run(sb
        .std_cmd()
        .args(["--db", db_arg, "note", "INC-1", "after"]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("a write on a full disk", &out.stderr);
    assert!(line.contains("disk is full"), "{line}");
}

/// A member cuts the newest events of an incident (moving its recorded
/// head back) and deletes another incident outright, through `sqlite3` as
/// their own account. Root, whose writes left witnesses in root's own
/// state directory, sees both; the deleted id is never handed out again.
#[test]
fn a_members_history_rewrite_is_caught_by_the_writers_witnesses() {
    if !is_root() {
        eprintln!("skipped: needs root to create throwaway accounts");
        return;
    }
    if !run(Command::new("sh").args(["-c", "command -v sqlite3"]))
        .status
        .success()
    {
        eprintln!("skipped: no sqlite3 for the member to tamper with");
        return;
    }
    let _accounts = Accounts::make();
    let sb = Sandbox::new();
    std::fs::set_permissions(sb.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let dir = sb.path().join("team");
    let out = team_init(&sb, &dir);
    assert!(out.status.success(), "{out:?}");
    let db = dir.join("warroom.db");
    let db_arg = db.to_str().unwrap();
    let w = |args: &[&str]| {
        let out = run(sb.std_cmd().args(["--db", db_arg]).args(args));
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    w(&["declare", "secret-leak", "--title", "one"]);
    for i in 0..5 {
        w(&["note", "INC-1", &format!("note {i}")]);
    }
    w(&["declare", "secret-leak", "--title", "two"]);
    let verify = |args: &[&str]| run(sb.std_cmd().args(["--db", db_arg, "verify"]).args(args));
    assert!(verify(&["INC-1"]).status.success());

    let tamper = as_user(
        MEMBER,
        &format!(
            "sqlite3 {db} \"DELETE FROM events WHERE incident = 1 AND seq > 4; \
             UPDATE heads SET seq = 4, hash = (SELECT hash FROM events WHERE incident = 1 AND seq = 4) WHERE incident = 1; \
             DELETE FROM events WHERE incident = 2; DELETE FROM heads WHERE incident = 2; \
             DELETE FROM incident_ids WHERE id = 2;\"",
            db = db.display()
        ),
    );
    assert!(
        tamper.status.success(),
        "the member could not write: {tamper:?}"
    );

    let out = verify(&["INC-1"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let line = one_error_line("verify after a cut tail", &out.stderr);
    assert!(line.contains("missing"), "{line}");
    let out = verify(&["--all"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("INC-2") && text.contains("vanished"),
        "{text}"
    );
    let out =
        run(sb
            .std_cmd()
            .args(["--db", db_arg, "declare", "secret-leak", "--title", "three"]));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "INC-3",
        "{out:?}"
    );
}

/// A config steers warroom (it names the database, adds redaction rules):
/// one that another account owns, or that everyone may write, is refused.
#[test]
fn a_config_another_account_controls_is_refused() {
    let sb = Sandbox::new();
    let config = sb.write("config/warroom/config.toml", "# mine\n");
    let db = sb.path().join("w.db");
    let list = || run(sb.std_cmd().args(["--db", db.to_str().unwrap(), "list"]));
    assert!(list().status.success());
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = list();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("a world-writable config", &out.stderr);
    assert!(line.contains("writable by every account"), "{line}");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&config, Some(65534), None).unwrap();
        let out = list();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let line = one_error_line("another account's config", &out.stderr);
        assert!(line.contains("not to you or root"), "{line}");
    }
}

/// A member who writes an escape sequence straight into a stored note (SQL
/// past the store's cleaning) cannot reach another responder's terminal:
/// `status` and `export` print it without the sequence.
#[test]
fn an_escape_planted_in_the_database_never_reaches_the_terminal() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let db_arg = db.to_str().unwrap();
    for args in [
        &["declare", "secret-leak", "--title", "t"][..],
        &["note", "INC-1", "plain note"][..],
    ] {
        let out = run(sb.std_cmd().args(["--db", db_arg]).args(args));
        assert!(out.status.success(), "{out:?}");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE events SET payload = json_set(payload, '$.text', 'x' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J done') WHERE kind = 'note_added'",
        [],
    )
    .unwrap();
    drop(conn);
    common::assert_views_clean(|args| run(sb.std_cmd().args(["--db", db_arg]).args(args)));
    // A report written to a file is as clean (it is `cat`ed later).
    let report = sb.path().join("report.md");
    let out = run(sb.std_cmd().args([
        "--db",
        db_arg,
        "export",
        "INC-1",
        "-o",
        report.to_str().unwrap(),
    ]));
    assert!(out.status.success(), "{out:?}");
    let written = std::fs::read(&report).unwrap();
    assert!(!written.contains(&0x1b) && !written.contains(&0x07));
}
