//! Team mode through the real binary: which database is used and why, the
//! modes of shared and private databases, refusing a configured database
//! that cannot be opened (never a private fallback), `team init` run
//! twice, and the account recorded beside a display name.

mod common;

use common::{Sandbox, account, one_error_line};
use predicates::prelude::*;
use serde_json::Value;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

fn is_root() -> bool {
    common::account() == "root"
}

/// A group the test may give a directory to: as root any, so one that is
/// neither root's own (proving the group comes from the directory) nor
/// `nobody`'s (who plays the outsider); otherwise the runner's own group.
fn some_group() -> (String, u32) {
    let name = if is_root() {
        ["daemon", "bin", "sys", "adm"]
            .into_iter()
            .find(|g| gid_of(g).is_some())
            .expect("a group other than root")
            .to_string()
    } else {
        let out = StdCommand::new("id").arg("-gn").output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let gid = gid_of(&name).expect("gid");
    (name, gid)
}

fn gid_of(group: &str) -> Option<u32> {
    let out = StdCommand::new("getent")
        .args(["group", group])
        .output()
        .ok()?;
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    line.split(':').nth(2)?.trim().parse().ok()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

fn doctor_db(cmd: &mut assert_cmd::Command) -> (String, String) {
    let out = cmd.arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| {
                l.trim_start()
                    .strip_prefix(name)
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_else(|| panic!("no `{name}` in doctor output:\n{text}"))
    };
    (field("database"), field("why"))
}

/// `--db`, `WARROOM_DB`, user config, system config, XDG default: each
/// wins over everything after it, and `doctor` says which and why.
#[test]
fn the_database_is_resolved_in_order_and_doctor_says_why() {
    let sb = Sandbox::new();
    let system = sb.write(
        "etc/config.toml",
        format!("db = \"{}\"\n", sb.path().join("system.db").display()),
    );
    let user = sb.write(
        "config/warroom/config.toml",
        format!("db = \"{}\"\n", sb.path().join("user.db").display()),
    );
    let p = |name: &str| sb.path().join(name).display().to_string();

    let (db, why) = doctor_db(
        sb.cmd()
            .env("WARROOM_DB", p("env.db"))
            .args(["--db", &p("flag.db")]),
    );
    assert_eq!(
        (db.as_str(), why.as_str()),
        (p("flag.db").as_str(), "from --db")
    );

    let (db, why) = doctor_db(sb.cmd().env("WARROOM_DB", p("env.db")));
    assert_eq!(
        (db.as_str(), why.as_str()),
        (p("env.db").as_str(), "from WARROOM_DB")
    );

    let (db, why) = doctor_db(&mut sb.cmd());
    assert_eq!(db, p("user.db"));
    assert_eq!(why, format!("from `db` in {}", user.display()));

    std::fs::remove_file(&user).unwrap();
    let (db, why) = doctor_db(&mut sb.cmd());
    assert_eq!(db, p("system.db"));
    assert_eq!(why, format!("from `db` in {}", system.display()));

    std::fs::remove_file(&system).unwrap();
    let (db, why) = doctor_db(&mut sb.cmd());
    assert_eq!(db, p("data/warroom/warroom.db"));
    assert!(why.starts_with("the per-user default"), "{why}");

    // And the commands really use the chosen file.
    sb.write(
        "etc/config.toml",
        format!("db = \"{}\"\n", sb.path().join("system.db").display()),
    );
    sb.cmd()
        .args(["declare", "secret-leak", "--title", "t"])
        .assert()
        .success()
        .stdout("INC-1\n");
    assert!(sb.path().join("system.db").exists());
    assert!(!sb.path().join("data/warroom/warroom.db").exists());
}

/// A relative `db` or an unknown key in a config file is one line with the
/// file and line, exit 2.
#[test]
fn a_bad_db_setting_is_one_line_with_its_place() {
    let sb = Sandbox::new();
    let sys = sb.write("etc/config.toml", "# team\ndb = \"relative.db\"\n");
    let out = sb.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line("relative db", &out.stderr);
    assert!(
        line.contains(&format!("{}:2:1", sys.display())) && line.contains("absolute"),
        "{line}"
    );
}

/// `warroom ARGS` run under `umask` through a shell, with the sandbox's
/// environment.
fn under_umask(sb: &Sandbox, umask: &str, args: &[&str]) -> StdCommand {
    let mut std_cmd = sb.std_cmd();
    std_cmd.args(args);
    let mut shell = StdCommand::new("sh");
    shell
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$@\""))
        .arg("sh")
        .arg(std_cmd.get_program())
        .args(std_cmd.get_args());
    for (k, v) in std_cmd.get_envs() {
        match v {
            Some(v) => shell.env(k, v),
            None => shell.env_remove(k),
        };
    }
    shell.current_dir(sb.path());
    shell
}

fn with_umask(sb: &Sandbox, umask: &str, args: &[&str]) -> std::process::Output {
    under_umask(sb, umask, args).output().unwrap()
}

/// A team directory in the sandbox: setgid, 2770, group `gid`.
fn team_dir(sb: &Sandbox, gid: u32) -> PathBuf {
    let dir = sb.path().join("team");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::chown(&dir, None, Some(gid)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    dir
}

/// In a setgid directory the database, its `-wal` and `-shm` are 0660 and
/// the directory's group even under umask 077; elsewhere 0600.
#[test]
fn shared_directory_gives_0660_and_its_group_whatever_the_umask() {
    let sb = Sandbox::new();
    let (_, gid) = some_group();
    let dir = team_dir(&sb, gid);
    let db = dir.join("warroom.db");
    let db_arg = db.to_str().unwrap();

    let out = with_umask(
        &sb,
        "077",
        &["--db", db_arg, "declare", "secret-leak", "--title", "t"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&db), 0o660);
    assert_eq!(std::fs::metadata(&db).unwrap().gid(), gid);

    // `-wal` and `-shm` exist while a process holds the database open:
    // `tail -f` does (to load registered leaked values).
    let log = sb.write("app.log", "x\n");
    let mut held = under_umask(
        &sb,
        "077",
        &["--db", db_arg, "tail", "-f", log.to_str().unwrap()],
    )
    .stdout(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let wal = dir.join("warroom.db-wal");
    let shm = dir.join("warroom.db-shm");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !(wal.exists() && shm.exists()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let seen = [&wal, &shm].map(|p| std::fs::metadata(p).map(|m| (m.mode() & 0o777, m.gid())));
    held.kill().unwrap();
    held.wait().unwrap();
    for (p, s) in [&wal, &shm].iter().zip(seen) {
        assert_eq!(
            s.unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            (0o660, gid),
            "{}",
            p.display()
        );
    }

    // A plain directory: private, 0600, under a permissive umask too.
    let private = sb.path().join("private.db");
    let out = with_umask(
        &sb,
        "000",
        &[
            "--db",
            private.to_str().unwrap(),
            "declare",
            "secret-leak",
            "--title",
            "t",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&private), 0o600);
}

/// A configured database that cannot be opened is one line naming the
/// file and the reason, exit 2, and no private database appears.
#[test]
fn a_configured_database_that_cannot_be_opened_is_refused_without_fallback() {
    let sb = Sandbox::new();
    let missing = sb.path().join("gone/warroom.db");
    let sys = sb.write(
        "etc/config.toml",
        format!("db = \"{}\"\n", missing.display()),
    );
    for args in [&["list"][..], &["declare", "secret-leak", "--title", "t"]] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = one_error_line("missing dir", &out.stderr);
        assert!(
            line.contains(&missing.display().to_string())
                && line.contains("does not exist")
                && line.contains(&sys.display().to_string()),
            "{line}"
        );
    }
    assert!(!missing.exists());
    assert!(
        !sb.path().join("data/warroom").exists(),
        "a private fallback"
    );
}

/// Permission: someone not in the team's group is told which group to
/// join. As root the refusal is shown to `nobody`; otherwise to the
/// runner, whose own directory is made unreadable.
#[test]
fn a_responder_without_access_is_told_the_file_and_the_group() {
    let sb = Sandbox::new();
    std::fs::set_permissions(sb.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (group, gid) = some_group();
    let dir = team_dir(&sb, gid);
    let db = dir.join("warroom.db");
    sb.cmd()
        .args(["--db", db.to_str().unwrap(), "declare", "secret-leak"])
        .args(["--title", "t"])
        .assert()
        .success();
    let cfg = sb.write("etc/config.toml", format!("db = \"{}\"\n", db.display()));
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let home = sb.path().join("outsider");
    std::fs::create_dir(&home).unwrap();

    let out = if is_root() {
        // `nobody` must be able to run a copy of the binary.
        let bin = sb.path().join("warroom");
        common::installed_copy(&bin);
        let nobody = 65534;
        std::os::unix::fs::chown(&home, Some(nobody), Some(nobody)).unwrap();
        let mut cmd = StdCommand::new(&bin);
        std::os::unix::process::CommandExt::uid(&mut cmd, nobody);
        std::os::unix::process::CommandExt::gid(&mut cmd, nobody);
        cmd.env_clear()
            .env("HOME", &home)
            .env("WARROOM_SYSTEM_CONFIG", &cfg)
            .arg("status")
            .output()
            .unwrap()
    } else {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2000)).unwrap();
        let out = sb
            .cmd()
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .arg("status")
            .output()
            .unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
        out
    };
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = one_error_line("no access", &out.stderr);
    assert!(
        line.contains(&db.display().to_string()) && line.contains("permission denied"),
        "{line}"
    );
    if is_root() {
        assert!(
            line.contains(&format!("not in its group `{group}`"))
                && line.contains(&format!("usermod -aG {group} nobody")),
            "{line}"
        );
    }
    assert!(
        !home.join(".local/share/warroom").exists(),
        "a private database was created"
    );
}

fn team_init(sb: &Sandbox, dir: &Path, group: &str) -> std::process::Output {
    team_init_cmd(sb.cmd(), dir, group)
}

fn team_init_cmd(mut cmd: assert_cmd::Command, dir: &Path, group: &str) -> std::process::Output {
    cmd.args([
        "team",
        "init",
        "--dir",
        dir.to_str().unwrap(),
        "--group",
        group,
    ])
    .output()
    .unwrap()
}

/// `team init` sets up the directory, the database and the system config;
/// a second run changes nothing and says so; then every responder's
/// `warroom` uses the team database.
#[test]
fn team_init_twice_changes_nothing_the_second_time() {
    let sb = Sandbox::new();
    let (group, gid) = some_group();
    let dir = sb.path().join("var/lib/warroom");
    let config = sb.path().join("etc/config.toml");

    let first = team_init(&sb, &dir, &group);
    assert!(first.status.success(), "{first:?}");
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(
        text.contains(&format!("created {}", dir.display())),
        "{text}"
    );
    assert_eq!(mode(&dir), 0o3770);
    assert_eq!(std::fs::metadata(&dir).unwrap().gid(), gid);
    let db = dir.join("warroom.db");
    // The companions are made now and kept, so no member ever creates or
    // deletes them in the sticky directory.
    for suffix in ["", "-wal", "-shm"] {
        let f = dir.join(format!("warroom.db{suffix}"));
        assert_eq!(mode(&f), 0o660, "{}", f.display());
        assert_eq!(std::fs::metadata(&f).unwrap().gid(), gid, "{}", f.display());
    }
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(
        written.contains(&format!("db = \"{}\"", db.display())),
        "{written}"
    );
    assert_eq!(mode(&config), 0o644);

    // (The directory's own mtime moves whenever SQLite's -wal and -shm
    // come and go, so only its mode is compared.)
    let before: Vec<(PathBuf, std::time::SystemTime, u32)> = [&db, &config]
        .iter()
        .map(|p| {
            let m = std::fs::metadata(p).unwrap();
            (p.to_path_buf(), m.modified().unwrap(), m.mode())
        })
        .collect();
    let second = team_init(&sb, &dir, &group);
    assert!(second.status.success(), "{second:?}");
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(text.starts_with("nothing to change"), "{text}");
    for (p, modified, m) in before {
        let now = std::fs::metadata(&p).unwrap();
        assert_eq!(
            (now.modified().unwrap(), now.mode()),
            (modified, m),
            "{}",
            p.display()
        );
    }
    assert_eq!(std::fs::read_to_string(&config).unwrap(), written);
    assert_eq!(mode(&dir), 0o3770);

    // Everyone now lands in the team database.
    sb.cmd()
        .args(["declare", "secret-leak", "--title", "t"])
        .assert()
        .success();
    let (db_shown, why) = doctor_db(&mut sb.cmd());
    assert_eq!(db_shown, db.display().to_string());
    assert_eq!(why, format!("from `db` in {}", config.display()));
    assert!(!sb.path().join("data/warroom").exists());
}

/// An existing config keeps its content; the `db` line goes on top, where a
/// top-level key must be. A config that already points elsewhere is
/// refused (exit 1), unchanged.
#[test]
fn team_init_respects_an_existing_system_config() {
    let sb = Sandbox::new();
    let (group, _) = some_group();
    let rules = "[[redact]]\nname = \"acme\"\npattern = \"acme_[0-9]{8}\"\n";
    let config = sb.write("etc/config.toml", rules);
    let dir = sb.path().join("lib");
    let out = team_init(&sb, &dir, &group);
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        text,
        format!("db = \"{}\"\n{rules}", dir.join("warroom.db").display())
    );
    // The rule still works.
    sb.cmd()
        .arg("redact")
        .write_stdin("key acme_12345678\n")
        .assert()
        .success()
        .stdout(predicates::str::contains("acme_12345678").not());

    let other = sb.path().join("elsewhere");
    let out = team_init(&sb, &other, &group);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let line = one_error_line("points elsewhere", &out.stderr);
    assert!(line.contains("already sets db"), "{line}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
}

/// Without permission to write the system config, `team init` prints the
/// line to add and exits 1.
#[test]
fn team_init_prints_the_lines_when_it_cannot_write_the_config() {
    let sb = Sandbox::new();
    let (group, _) = some_group();
    let dir = sb.path().join("lib");
    // Nobody, root included, can create files under /proc.
    let mut cmd = sb.cmd();
    cmd.env("WARROOM_SYSTEM_CONFIG", "/proc/warroom/config.toml");
    let out = team_init_cmd(cmd, &dir, &group);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("cannot write /proc/warroom/config.toml")
            && text
                .lines()
                .any(|l| l == format!("db = \"{}\"", dir.join("warroom.db").display())),
        "{text}"
    );
    let out = sb
        .cmd()
        .args([
            "team",
            "init",
            "--dir",
            "/x",
            "--group",
            "no-such-group-here",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line("unknown group", &out.stderr);
    assert!(
        line.contains("group `no-such-group-here` does not exist"),
        "{line}"
    );
}

/// `--as` sets the display name; the account always comes from the uid
/// (not `$USER`), and status, exports and the timeline show both.
#[test]
fn the_account_is_recorded_beside_a_display_name() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let me = account();
    let run = |args: &[&str]| {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .env("USER", "mallory")
            .env("LOGNAME", "mallory")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&["--as", "carol", "declare", "secret-leak", "--title", "t"])
            .status
            .success()
    );
    assert!(
        run(&["step", "INC-1", "assess-scope", "start"])
            .status
            .success()
    );
    let out = run(&["status", "INC-1", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected_decl = if me == "carol" {
        me.clone()
    } else {
        format!("carol (via {me})")
    };
    assert_eq!(v["declared_by"], expected_decl.as_str());
    assert_eq!(v["declared_by_account"], me.as_str());
    let step = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "assess-scope")
        .unwrap();
    // No --as: the account's own name; `$USER=mallory` is ignored.
    assert_eq!(step["by"], me.as_str());
    assert_eq!(step["by_account"], me.as_str());

    let out = run(&["export", "INC-1", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = v["events"].as_array().unwrap();
    assert_eq!(events[0]["actor"], expected_decl.as_str());
    assert_eq!(events[0]["account"], me.as_str());
    assert!(events.iter().all(|e| e["account"] == me.as_str()));
    let md = String::from_utf8(run(&["export", "INC-1"]).stdout).unwrap();
    assert!(md.contains(&expected_decl), "{md}");
    assert!(!md.contains("mallory"));

    // The account is in the hash chain: rewriting it is caught.
    assert!(run(&["verify", "INC-1"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE events SET account = 'mallory' WHERE incident = 1 AND seq = 2",
        [],
    )
    .unwrap();
    drop(conn);
    let out = run(&["verify", "INC-1"]);
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line("tampered account", &out.stderr);
    assert!(line.contains("event 2 was edited"), "{line}");
}
