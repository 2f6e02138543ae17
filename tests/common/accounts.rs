//! Throwaway Unix accounts for tests that need several people: created
//! with a name no real account has, removed (with what they left running)
//! when dropped, on failure too. Root only; `skip_reason` says why not.

#![allow(dead_code)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn find_tool(name: &str) -> Option<PathBuf> {
    ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

pub fn tool(name: &str) -> Command {
    Command::new(find_tool(name).unwrap_or_else(|| panic!("{name} not found")))
}

pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn skip_reason() -> Option<String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not root".into());
    }
    [
        "useradd", "userdel", "groupadd", "groupdel", "runuser", "getent", "env", "chown",
    ]
    .into_iter()
    .find(|t| find_tool(t).is_none())
    .map(|t| format!("{t} not installed"))
}

pub fn uid_of(user: &str) -> Option<u32> {
    let out = tool("id").args(["-u", user]).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Live pids whose real uid is `uid`.
pub fn pids_of(uid: u32) -> Vec<i32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        if std::fs::metadata(entry.path()).is_ok_and(|m| m.uid() == uid) {
            pids.push(pid);
        }
    }
    pids
}

/// Throwaway accounts and their group, named after this process so they
/// cannot be anyone's real ones (nor another test's); dropping removes them
/// and ends, by pid, whatever they left running.
pub struct Accounts {
    pub group: String,
    pub users: Vec<String>,
}

impl Accounts {
    pub fn create(tag: &str, members: &[&str]) -> Accounts {
        let pid = std::process::id();
        let group = format!("wr{tag}g{pid}");
        let mut acc = Accounts {
            group: group.clone(),
            users: Vec::new(),
        };
        run_ok(tool("groupadd").arg(&group));
        for m in members {
            let user = format!("wr{tag}{m}{pid}");
            run_ok(tool("useradd").args(["-m", "-s", "/bin/sh", "-G", &group, &user]));
            acc.users.push(user);
        }
        acc
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.users {
            if let Some(uid) = uid_of(user) {
                for pid in pids_of(uid) {
                    // SAFETY: a process of an account this test created.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
                let deadline = Instant::now() + Duration::from_secs(5);
                while !pids_of(uid).is_empty() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            let ok = tool("userdel")
                .args(["-r", "-f", user])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                eprintln!("cleanup: userdel -r {user} failed");
            }
        }
        let ok = tool("groupdel")
            .arg(&self.group)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("cleanup: groupdel {} failed", self.group);
        }
    }
}

/// `warroom ARGS` as `user` with only the environment given, through
/// `runuser` (PAM, the account's groups, its uid).
pub fn as_user(user: &str, home: &Path, bin: &Path, db: &Path, args: &[&str]) -> Vec<String> {
    let mut argv: Vec<String> = vec![
        "-u".into(),
        user.into(),
        "--".into(),
        // By path: runuser is given no PATH to look it up in.
        find_tool("env").unwrap().display().to_string(),
        "-i".into(),
        format!("HOME={}", home.display()),
        "PATH=/usr/local/bin:/usr/bin:/bin".into(),
        format!("WARROOM_DB={}", db.display()),
        "WARROOM_SYSTEM_CONFIG=/nonexistent/warroom.toml".into(),
        "LANG=C.UTF-8".into(),
        "TERM=xterm-256color".into(),
        bin.display().to_string(),
    ];
    argv.extend(args.iter().map(|a| a.to_string()));
    argv
}

/// A team host as an admin sets it up, for throwaway accounts: a scratch
/// tree everyone may traverse, a copy of the binary they may run, and
/// `team init`'s directory (setgid, sticky) with the database, root's.
pub struct TeamHost {
    pub root: tempfile::TempDir,
    pub bin: PathBuf,
    pub db: PathBuf,
}

impl TeamHost {
    pub fn new(group: &str) -> TeamHost {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = root.path().join("warroom");
        super::installed_copy(&bin);
        let team = root.path().join("team");
        let init = Command::new(&bin)
            .args(["team", "init", "--dir"])
            .arg(&team)
            .args(["--group", group])
            .env("WARROOM_SYSTEM_CONFIG", root.path().join("config.toml"))
            .output()
            .unwrap();
        assert!(init.status.success(), "team init: {init:?}");
        TeamHost {
            db: team.join("warroom.db"),
            root,
            bin,
        }
    }
}

/// An account's home directory, from the passwd database.
pub fn home_of(user: &str) -> PathBuf {
    let line = run_ok(tool("getent").args(["passwd", user]));
    PathBuf::from(line.trim_end().split(':').nth(5).unwrap())
}
