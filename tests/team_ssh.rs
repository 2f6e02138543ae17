//! Team mode end to end over real SSH: a throwaway `sshd` on 127.0.0.1,
//! throwaway Unix accounts (`alice` and `bob` in group `oncall`, `mallory`
//! outside it), the real binary copied where they can run it, and two
//! consoles driven through `ssh -tt` in pseudo-terminals whose output is
//! read back through a VT parser.
//!
//! It needs root (accounts, sshd) and OpenSSH; without them it prints why
//! on stderr and passes. It never touches /etc/warroom: the system config
//! lives in the temp dir, named by `WARROOM_SYSTEM_CONFIG`. Accounts and
//! the group are created only when absent and only those are removed, on
//! success and on failure alike.
//!
//! Every wait is a poll loop with a deadline; a failed wait prints the
//! screens (or the command's output, or sshd's log). Waits on the shared
//! database also print its presence table, which processes hold its files
//! open and how (a console that got its `-wal` or `-shm` read-only cannot
//! write), and the end of each console's own log.

mod common;

use common::pty;
use portable_pty::{Child, CommandBuilder, MasterPty};
use serde_json::Value;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{JoinHandle, sleep};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// The steps pane is the left 45 % of the main area.
const STEPS_W: u16 = COLS * 45 / 100;
/// Generous: every command and every screen update crosses SSH.
const WAIT: Duration = Duration::from_secs(20);
/// How much later than alice's own screen bob's may show her action.
const MAX_LAG: Duration = Duration::from_secs(1);
/// How long the remote console may outlive its dropped SSH link.
const HANGUP_WITHIN: Duration = Duration::from_secs(2);

const SSHD: &str = "/usr/sbin/sshd";
/// Besides sshd; all found on PATH or in the usual bin and sbin dirs.
const TOOLS: [&str; 8] = [
    "ssh",
    "ssh-keygen",
    "useradd",
    "groupadd",
    "userdel",
    "groupdel",
    "getent",
    "id",
];
const GROUP: &str = "oncall";
const MEMBERS: [&str; 2] = ["alice", "bob"];
const OUTSIDER: &str = "mallory";
const FIRST: &str = "assess-scope";
/// The start of the first step's title; the row cuts the rest.
const FIRST_TITLE: &str = "Assess scope";

// ------------------------------------------------------------ processes

fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let usual = [
        "/usr/local/sbin",
        "/usr/local/bin",
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
    ];
    std::env::split_paths(&path)
        .chain(usual.into_iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.mode() & 0o111 != 0)
        })
}

fn tool(name: &str) -> Command {
    Command::new(find_tool(name).unwrap_or_else(|| panic!("{name} not found")))
}

/// Why this machine cannot run the test, if it cannot.
fn skip_reason() -> Option<String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not root".into());
    }
    if !Path::new(SSHD).is_file() {
        return Some(format!("{SSHD} not installed"));
    }
    TOOLS
        .iter()
        .find(|t| find_tool(t).is_none())
        .map(|t| format!("{t} not installed"))
}

fn drain(mut r: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// Runs `cmd` (stdin empty) to its end; kills it and fails after `within`.
fn run(cmd: &mut Command, within: Duration, what: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let deadline = Instant::now() + within;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {within:?}: {cmd:?}");
        }
        sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn show(out: &Output) -> String {
    format!(
        "{}\n--- stdout:\n{}--- stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `run`, failing unless the command exited 0.
fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = run(cmd, WAIT, what);
    assert!(out.status.success(), "{what} failed: {}", show(&out));
    out
}

/// Polls `ok` until it holds; after `within` fails with `what` and `why()`.
fn poll(within: Duration, what: &str, mut ok: impl FnMut() -> bool, why: impl Fn() -> String) {
    let deadline = Instant::now() + within;
    while !ok() {
        if Instant::now() >= deadline {
            panic!("timed out after {within:?} waiting for {what}:\n{}", why());
        }
        sleep(Duration::from_millis(20));
    }
}

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", p.display()));
}

fn mkdir(p: &Path, mode: u32) -> PathBuf {
    fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
    chmod(p, mode);
    p.to_path_buf()
}

/// Single-quoted for the remote `sh -c`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

// ------------------------------------------------------------- accounts

fn exists(database: &str, name: &str) -> bool {
    tool("getent")
        .args([database, name])
        .stdout(Stdio::null())
        .status()
        .expect("getent")
        .success()
}

fn groups_of(user: &str) -> Vec<String> {
    let out = run_ok(tool("id").args(["-nG", user]), "id -nG");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(String::from)
        .collect()
}

fn gid_of(group: &str) -> u32 {
    let out = run_ok(tool("getent").args(["group", group]), "getent group");
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    line.split(':')
        .nth(2)
        .and_then(|g| g.trim().parse().ok())
        .unwrap_or_else(|| panic!("no gid in {line:?}"))
}

fn home_of(user: &str) -> PathBuf {
    let out = run_ok(tool("getent").args(["passwd", user]), "getent passwd");
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    PathBuf::from(
        line.trim_end()
            .split(':')
            .nth(5)
            .unwrap_or_else(|| panic!("no home in {line:?}")),
    )
}

/// None when there is no such account (and never a panic: drop uses it).
fn uid_of(user: &str) -> Option<u32> {
    let out = tool("id").args(["-u", user]).output().ok()?;
    let uid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    out.status.success().then(|| uid.parse().ok()).flatten()
}

/// A process as /proc shows it.
struct Proc {
    pid: i32,
    ppid: i32,
    /// R, S, D, Z, …
    state: char,
    /// The name pgrep matches (at most 15 bytes).
    comm: String,
    cmdline: String,
}

/// The processes whose effective uid is `uid`, zombies included.
fn processes(uid: u32) -> Vec<Proc> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let dir = entry.path();
        // Gone in between: skip.
        let (Ok(stat), Ok(status)) = (
            fs::read_to_string(dir.join("stat")),
            fs::read_to_string(dir.join("status")),
        ) else {
            continue;
        };
        let euid = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1)?.parse::<u32>().ok());
        // `pid (comm) state …`; comm may hold spaces and parentheses.
        let (Some((head, tail)), Some(uid_seen)) = (stat.rsplit_once(')'), euid) else {
            continue;
        };
        if uid_seen != uid {
            continue;
        }
        let cmdline = fs::read(dir.join("cmdline")).unwrap_or_default();
        let mut fields = tail.split_whitespace();
        found.push(Proc {
            pid,
            state: fields.next().and_then(|f| f.chars().next()).unwrap_or('?'),
            ppid: fields.next().and_then(|f| f.parse().ok()).unwrap_or(0),
            comm: head.split_once('(').map_or("", |(_, c)| c).to_string(),
            cmdline: String::from_utf8_lossy(&cmdline).replace('\0', " "),
        });
    }
    found
}

/// A process that has not exited. Not `pgrep`, which also counts
/// zombies: where PID 1 reaps slowly (a container's init) a process that
/// exited at once lingers as a zombie for a second or more once its
/// parent (the SSH session) is gone.
fn alive(p: &Proc) -> bool {
    !matches!(p.state, 'Z' | 'X')
}

/// Whether `uid` runs a live process named exactly `warroom`.
fn runs_warroom(uid: u32) -> bool {
    processes(uid)
        .iter()
        .any(|p| alive(p) && p.comm == "warroom")
}

/// The live pids of `uid`'s warroom processes and of all they started
/// (the console's log followers).
fn console_tree(uid: u32) -> Vec<i32> {
    let procs: Vec<Proc> = processes(uid).into_iter().filter(alive).collect();
    let mut tree: Vec<i32> = procs
        .iter()
        .filter(|p| p.comm == "warroom")
        .map(|p| p.pid)
        .collect();
    let mut i = 0;
    while let Some(&parent) = tree.get(i) {
        tree.extend(procs.iter().filter(|p| p.ppid == parent).map(|p| p.pid));
        i += 1;
    }
    tree
}

fn any_alive(uid: u32, pids: &[i32]) -> bool {
    processes(uid)
        .iter()
        .any(|p| alive(p) && pids.contains(&p.pid))
}

/// For failure messages: one line per process of `uid`.
fn processes_of(uid: u32) -> String {
    processes(uid)
        .iter()
        .map(|p| {
            let (pid, ppid, state) = (p.pid, p.ppid, p.state);
            format!("{pid:>7} {ppid:>7} {state} {:<15} {}", p.comm, p.cmdline)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Waits for `user`'s processes to be gone, zombies included (userdel
/// refuses while any is left); SIGKILLs, by pid, those still alive after
/// 3 s. Only for accounts this test created.
fn end_processes_of(user: &str) {
    let Some(uid) = uid_of(user) else {
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(3);
    while !processes(uid).is_empty() && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    let left: Vec<Proc> = processes(uid).into_iter().filter(alive).collect();
    if !left.is_empty() {
        eprintln!(
            "cleanup: killing what is left of {user}:\n{}",
            processes_of(uid)
        );
        for p in &left {
            // SAFETY: a pid of an account this test created.
            unsafe { libc::kill(p.pid, libc::SIGKILL) };
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes(uid).is_empty() && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
}

/// The accounts and the group this test created; dropping removes them
/// (also when the test fails). Ones that existed before are left alone.
#[derive(Default)]
struct Accounts {
    users: Vec<String>,
    group: Option<String>,
}

impl Accounts {
    /// `alice` and `bob` in `oncall`, `mallory` outside it.
    fn ensure() -> Accounts {
        let mut acc = Accounts::default();
        if !exists("group", GROUP) {
            run_ok(tool("groupadd").arg(GROUP), "groupadd");
            acc.group = Some(GROUP.to_string());
        }
        let wanted = MEMBERS
            .map(|u| (u, true))
            .into_iter()
            .chain([(OUTSIDER, false)]);
        for (user, member) in wanted {
            if !exists("passwd", user) {
                // `*`, not the default `!`: with `UsePAM no` sshd refuses
                // even key logins to a locked (`!`) account.
                let mut add = tool("useradd");
                add.args(["-m", "-s", "/bin/sh", "-p", "*"]);
                if member {
                    add.args(["-G", GROUP]);
                }
                run_ok(add.arg(user), "useradd");
                acc.users.push(user.to_string());
            }
            assert_eq!(
                groups_of(user).iter().any(|g| g == GROUP),
                member,
                "account {user} existed before this test with the wrong membership of {GROUP}"
            );
        }
        acc
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.users {
            // Their sessions end with the ssh clients and sshd.
            end_processes_of(user);
            let del = |force: bool| {
                let mut cmd = tool("userdel");
                cmd.arg("-r");
                if force {
                    cmd.arg("-f");
                }
                cmd.arg(user).stdout(Stdio::null()).stderr(Stdio::null());
                cmd.status().is_ok_and(|s| s.success())
            };
            if !del(false) && !del(true) {
                eprintln!("cleanup: userdel -r {user} failed");
            }
        }
        if let Some(group) = &self.group {
            let del = tool("groupdel").arg(group).status();
            if !del.as_ref().is_ok_and(|s| s.success()) {
                eprintln!("cleanup: groupdel {group}: {del:?}");
            }
        }
    }
}

// ----------------------------------------------------------------- sshd

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().unwrap().port()
}

/// `ssh-keygen` an ed25519 key pair at `dir/name`; returns the private key.
fn keygen(dir: &Path, name: &str) -> PathBuf {
    let key = dir.join(name);
    run_ok(
        tool("ssh-keygen")
            .args(["-q", "-N", "", "-t", "ed25519", "-C", name, "-f"])
            .arg(&key),
        "ssh-keygen",
    );
    key
}

/// The privilege separation dir sshd insists on (normally made by systemd).
fn ensure_privsep_dir() {
    let dir = Path::new("/run/sshd");
    if !dir.is_dir() {
        mkdir(dir, 0o755);
    }
}

/// A private sshd on 127.0.0.1: key logins only, one client key for every
/// test account. Dropping stops it.
struct Sshd {
    child: std::process::Child,
    port: u16,
    key: PathBuf,
    log: PathBuf,
}

impl Sshd {
    fn start(dir: &Path, users: &[&str]) -> Sshd {
        mkdir(dir, 0o755);
        let host_key = keygen(dir, "host_ed25519");
        let key = keygen(dir, "client_ed25519");
        let public = fs::read_to_string(dir.join("client_ed25519.pub")).expect("public key");
        // sshd reads these as the user logging in.
        let auth = mkdir(&dir.join("authorized_keys"), 0o755);
        for user in users {
            fs::write(auth.join(user), &public).expect("authorized keys");
            chmod(&auth.join(user), 0o644);
        }
        ensure_privsep_dir();
        let log = dir.join("sshd.log");
        // The port is free when chosen; another process may take it before
        // sshd binds it, so retry a few times.
        for _ in 0..3 {
            let port = free_port();
            let config = dir.join("sshd_config");
            fs::write(&config, sshd_config(dir, port, &host_key, &auth, users)).unwrap();
            run_ok(
                Command::new(SSHD).arg("-t").arg("-f").arg(&config),
                "sshd -t",
            );
            let child = Command::new(SSHD)
                .arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(fs::File::create(&log).expect("sshd log"))
                .spawn()
                .expect("start sshd");
            let mut sshd = Sshd {
                child,
                port,
                key: key.clone(),
                log: log.clone(),
            };
            if sshd.wait_listening() {
                return sshd;
            }
            assert!(
                sshd.log_text().contains("Address already in use"),
                "sshd exited:\n{}",
                sshd.log_text()
            );
        }
        panic!("sshd found no free port in 3 tries");
    }

    /// True once the port accepts connections; false if sshd exited.
    fn wait_listening(&mut self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + WAIT;
        loop {
            if self.child.try_wait().expect("try_wait sshd").is_some() {
                return false;
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return true;
            }
            if Instant::now() >= deadline {
                panic!("sshd not listening after {WAIT:?}:\n{}", self.log_text());
            }
            sleep(Duration::from_millis(20));
        }
    }

    fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The ssh client's arguments for `remote` run as `user`.
    fn args(&self, user: &str, tty: bool, remote: &str) -> Vec<String> {
        let mut a: Vec<String> = ["-F", "/dev/null", "-i"].map(String::from).to_vec();
        a.push(self.key.display().to_string());
        for o in [
            "IdentitiesOnly=yes",
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "BatchMode=yes",
            "LogLevel=ERROR",
            "ConnectTimeout=10",
        ] {
            a.extend(["-o".to_string(), o.to_string()]);
        }
        a.extend(["-p".to_string(), self.port.to_string()]);
        if tty {
            a.push("-tt".into());
        }
        a.push(format!("{user}@127.0.0.1"));
        a.push(remote.to_string());
        a
    }

    /// `remote` as `user`, no terminal: fails after `WAIT`, with sshd's log.
    fn run(&self, user: &str, remote: &str) -> Output {
        let out = run(
            tool("ssh").args(self.args(user, false, remote)),
            WAIT,
            &format!("ssh {user} {remote}"),
        );
        // 255 is ssh's own failure (refused, auth), not the command's.
        assert_ne!(
            out.status.code(),
            Some(255),
            "ssh as {user} failed: {}\n--- sshd log:\n{}",
            show(&out),
            self.log_text()
        );
        out
    }

    fn run_ok(&self, user: &str, remote: &str) -> Output {
        let out = self.run(user, remote);
        assert!(out.status.success(), "as {user}: {remote}: {}", show(&out));
        out
    }
}

fn sshd_config(dir: &Path, port: u16, host_key: &Path, auth: &Path, users: &[&str]) -> String {
    format!(
        "Port {port}\n\
         ListenAddress 127.0.0.1\n\
         HostKey {host_key}\n\
         PidFile {pid}\n\
         AuthorizedKeysFile {auth}/%u\n\
         AllowUsers {users}\n\
         StrictModes no\n\
         PubkeyAuthentication yes\n\
         PasswordAuthentication no\n\
         KbdInteractiveAuthentication no\n\
         UsePAM no\n\
         PermitRootLogin no\n\
         PrintMotd no\n\
         PrintLastLog no\n\
         UseDNS no\n\
         X11Forwarding no\n\
         AllowTcpForwarding no\n",
        host_key = host_key.display(),
        pid = dir.join("sshd.pid").display(),
        auth = auth.display(),
        users = users.join(" "),
    )
}

impl Drop for Sshd {
    fn drop(&mut self) {
        // SAFETY: our own child, not yet reaped.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(2);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// --------------------------------------------------------------- install

/// The shared install, all inside the test's temp dir.
struct Install {
    bin: PathBuf,
    config: PathBuf,
    lib: PathBuf,
    root_home: PathBuf,
}

impl Install {
    /// Copies the binary (named `warroom`, the process name we look for)
    /// where every account
    /// can run it.
    fn new(tmp: &Path) -> Install {
        let bin = mkdir(&tmp.join("bin"), 0o755).join("warroom");
        common::installed_copy(&bin);
        Install {
            bin,
            // Its dir does not exist yet: `team init` must make it, as it
            // must make /etc/warroom on a fresh host.
            config: tmp.join("etc").join("config.toml"),
            lib: tmp.join("lib"),
            root_home: mkdir(&tmp.join("root-home"), 0o700),
        }
    }

    fn db(&self) -> PathBuf {
        self.lib.join("warroom.db")
    }

    /// The remote command line: `warroom ARGS` with the system config.
    fn remote(&self, args: &[&str]) -> String {
        let mut line = format!(
            "WARROOM_SYSTEM_CONFIG={} {}",
            sh_quote(&self.config.display().to_string()),
            sh_quote(&self.bin.display().to_string())
        );
        for a in args {
            line.push(' ');
            line.push_str(&sh_quote(a));
        }
        line
    }

    /// `warroom ARGS` run here as root, with the system config.
    fn as_root(&self, args: &[&str]) -> Output {
        run(
            Command::new(&self.bin)
                .args(args)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", &self.root_home)
                .env("WARROOM_SYSTEM_CONFIG", &self.config),
            WAIT,
            &format!("warroom {args:?}"),
        )
    }

    fn team_init(&self) -> Output {
        let lib = self.lib.display().to_string();
        self.as_root(&["team", "init", "--dir", &lib, "--group", GROUP])
    }
}

/// What `team init` must leave alone when run again.
#[derive(Debug, PartialEq)]
struct FileState {
    mode: u32,
    uid: u32,
    gid: u32,
    len: u64,
    /// Of the contents, or of the sorted names in a dir.
    hash: u64,
}

fn file_state(p: &Path) -> FileState {
    let m = fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut h = DefaultHasher::new();
    if m.is_dir() {
        let mut names: Vec<_> = fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names.hash(&mut h);
    } else {
        fs::read(p).unwrap().hash(&mut h);
    }
    FileState {
        mode: m.mode() & 0o7777,
        uid: m.uid(),
        gid: m.gid(),
        len: if m.is_dir() { 0 } else { m.len() },
        hash: h.finish(),
    }
}

// ------------------------------------------------------------- consoles

/// One `ssh -tt … warroom` in its own pseudo-terminal.
struct Console {
    who: String,
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    exited: bool,
}

impl Console {
    fn start(sshd: &Sshd, user: &str, remote: &str, cwd: &Path) -> Console {
        let mut cmd = CommandBuilder::new(find_tool("ssh").expect("ssh"));
        cmd.args(sshd.args(user, true, remote));
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        // ssh sends TERM (and the window size) to the remote pty; no LANG.
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(cwd);
        let running = pty::run(pty::open(ROWS, COLS), cmd, pty::screen(ROWS, COLS));
        Console {
            who: user.to_string(),
            writer: running.writer,
            parser: running.screen,
            child: running.child,
            _master: running.master,
            exited: false,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn holds(&self, ok: &impl Fn(&vt100::Screen) -> bool) -> bool {
        ok(self.parser.lock().unwrap().screen())
    }

    fn wait_screen(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        poll(
            WAIT,
            &format!("{what} on {}'s screen", self.who),
            || self.holds(&ok),
            || self.text(),
        );
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    fn pid(&self) -> i32 {
        self.child.process_id().expect("ssh pid") as i32
    }

    /// The SSH link dropping: the client dies without a word to sshd.
    fn kill_client(&mut self) {
        // SAFETY: our own child, not yet reaped.
        let rc = unsafe { libc::kill(self.pid(), libc::SIGKILL) };
        assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
        let _ = self.child.wait();
        self.exited = true;
    }

    fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let mut status = None;
        let parser = self.parser.clone();
        poll(
            within,
            &format!("{}'s console to exit", self.who),
            || {
                status = self.child.try_wait().expect("try_wait");
                status.is_some()
            },
            || parser.lock().unwrap().screen().contents(),
        );
        self.exited = true;
        status.unwrap()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        if !self.exited && matches!(self.child.try_wait(), Ok(None)) {
            // SAFETY: our own child, not yet reaped.
            unsafe { libc::kill(self.pid(), libc::SIGKILL) };
            let _ = self.child.wait();
        }
    }
}

/// When each console first satisfied `ok`, counted from `since`; fails
/// after `within` with `why()`.
fn first_seen(
    consoles: [&Console; 2],
    since: Instant,
    within: Duration,
    what: &str,
    ok: impl Fn(&vt100::Screen) -> bool,
    why: impl Fn() -> String,
) -> [Duration; 2] {
    let mut seen = [None; 2];
    poll(
        within,
        what,
        || {
            for (c, t) in consoles.iter().zip(seen.iter_mut()) {
                if t.is_none() && c.holds(&ok) {
                    *t = Some(since.elapsed());
                }
            }
            seen.iter().all(Option::is_some)
        },
        why,
    );
    seen.map(Option::unwrap)
}

fn screens(consoles: &[&Console]) -> String {
    consoles
        .iter()
        .map(|c| format!("--- {}'s screen:\n{}", c.who, c.text()))
        .collect::<Vec<_>>()
        .join("\n")
}

// --------------------------------------------------------------- screens

fn is_side(row: &str) -> bool {
    row.starts_with('|') || row.starts_with('│')
}

/// Where the steps pane's top border (with its title) is.
fn steps_top(s: &vt100::Screen) -> Option<usize> {
    s.rows(0, STEPS_W)
        .position(|r| !is_side(&r) && r.contains("Steps"))
}

/// The steps pane's rows, without their side borders.
fn steps_rows(s: &vt100::Screen) -> Vec<String> {
    let Some(top) = steps_top(s) else {
        return Vec::new();
    };
    s.rows(0, STEPS_W)
        .skip(top + 1)
        .take_while(|r| is_side(r))
        .map(|r| r.trim_matches(['|', '│', ' ']).to_string())
        .collect()
}

/// The step row that shows `title`.
fn step_row(s: &vt100::Screen, title: &str) -> Option<String> {
    steps_rows(s).into_iter().find(|r| r.contains(title))
}

/// Whether the row of the step `title` ends with the name `who`.
fn step_shows(s: &vt100::Screen, title: &str, who: &str) -> bool {
    step_row(s, title).is_some_and(|r| r.ends_with(&format!(" {who}")))
}

/// Where presence shows: the header above the panes and the panes' top
/// borders (the steps pane's title reads "Steps - here: bob 1").
fn presence_area(s: &vt100::Screen) -> String {
    let Some(top) = steps_top(s) else {
        return String::new();
    };
    s.rows(0, COLS).take(top + 1).collect::<Vec<_>>().join("\n")
}

fn incident_shown(s: &vt100::Screen) -> bool {
    s.contents().contains("INC-1") && step_row(s, FIRST_TITLE).is_some()
}

// ----------------------------------------------------------- diagnostics

/// For failure messages: a table of the shared database, read as root.
fn table_rows(db: &Path, table: &str) -> String {
    let rows = || -> rusqlite::Result<Vec<String>> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let conn = rusqlite::Connection::open_with_flags(db, flags)?;
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
        let n = stmt.column_count();
        let names = stmt.column_names().collect::<Vec<_>>().join(" | ");
        let mut out = vec![names];
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i)))
                .collect();
            out.push(cells.join(" | "));
        }
        Ok(out)
    };
    rows().map_or_else(|e| format!("({table}: {e})"), |r| r.join("\n"))
}

/// For failure messages: the end of each member's console diagnostics.
fn console_logs() -> String {
    MEMBERS
        .iter()
        .map(|user| {
            let log = home_of(user).join(".local/state/warroom/console.log");
            let text = fs::read_to_string(&log).unwrap_or_else(|e| format!("({e})"));
            let tail: Vec<&str> = text.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!("--- {}:\n{}", log.display(), tail.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// For failure messages: the files under `dir` each member's warroom has
/// open, and how (`flags` from fdinfo, octal: …0 read-only, …2 read-write).
fn open_files(dir: &Path) -> String {
    let mut out = Vec::new();
    for user in MEMBERS {
        let Some(uid) = uid_of(user) else { continue };
        for p in processes(uid)
            .iter()
            .filter(|p| alive(p) && p.comm == "warroom")
        {
            let fds = fs::read_dir(format!("/proc/{}/fd", p.pid))
                .into_iter()
                .flatten();
            for fd in fds.flatten() {
                let Ok(target) = fs::read_link(fd.path()) else {
                    continue;
                };
                if !target.starts_with(dir) {
                    continue;
                }
                let info = format!(
                    "/proc/{}/fdinfo/{}",
                    p.pid,
                    fd.file_name().to_string_lossy()
                );
                let flags = fs::read_to_string(info).unwrap_or_default();
                let flags = flags
                    .lines()
                    .find(|l| l.starts_with("flags:"))
                    .unwrap_or("");
                out.push(format!(
                    "{user} pid {}: {} {flags}",
                    p.pid,
                    target.display()
                ));
            }
        }
    }
    out.join("\n")
}

/// For failure messages: the shared dir's files and their modes.
fn dir_listing(dir: &Path) -> String {
    let mut out: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let m = e.metadata().ok();
            let (mode, uid, gid) = m.map_or((0, 0, 0), |m| (m.mode() & 0o7777, m.uid(), m.gid()));
            format!("{mode:04o} {uid}:{gid} {}", e.file_name().to_string_lossy())
        })
        .collect();
    out.sort();
    out.join("\n")
}

/// Both screens, the presence table, the shared files and who has them
/// open how, and the consoles' own logs.
fn diagnostics(consoles: &[&Console], install: &Install) -> String {
    // The files first: reading the table opens the database.
    let files = format!(
        "--- {}:\n{}\n--- open there:\n{}",
        install.lib.display(),
        dir_listing(&install.lib),
        open_files(&install.lib)
    );
    format!(
        "{}\n{files}\n--- presence table:\n{}\n{}",
        screens(consoles),
        table_rows(&install.db(), "presence"),
        console_logs()
    )
}

// ----------------------------------------------------------------- steps

/// The first step as `status --json` shows it to `user`.
fn first_step(sshd: &Sshd, install: &Install, user: &str) -> Value {
    let out = sshd.run_ok(user, &install.remote(&["status", "INC-1", "--json"]));
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("status --json: {e}: {}", show(&out)));
    v["steps"]
        .as_array()
        .and_then(|steps| steps.iter().find(|s| s["id"] == FIRST))
        .unwrap_or_else(|| panic!("no step {FIRST} in {v}"))
        .clone()
}

/// Accounts log in with the key and run the copied binary.
fn check_logins(sshd: &Sshd, install: &Install) {
    let bin = sh_quote(&install.bin.display().to_string());
    for user in MEMBERS.into_iter().chain([OUTSIDER]) {
        let out = sshd.run_ok(user, "id -un");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), user);
    }
    let out = sshd.run_ok("alice", &format!("{bin} --version"));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("warroom "),
        "{}",
        show(&out)
    );
    let out = sshd.run_ok("alice", &format!("{bin} playbooks list"));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("secret-leak"),
        "{}",
        show(&out)
    );
}

/// `team init` as root makes the shared dir and database; again, it
/// changes nothing and says so.
fn check_team_init(install: &Install) {
    let first = install.team_init();
    assert!(first.status.success(), "team init: {}", show(&first));
    let gid = gid_of(GROUP);
    let dir = file_state(&install.lib);
    assert_eq!(
        (dir.mode, dir.gid),
        (0o3770, gid),
        "{}",
        install.lib.display()
    );
    let db = file_state(&install.db());
    assert_eq!(
        (db.mode, db.gid),
        (0o660, gid),
        "{}",
        install.db().display()
    );
    assert!(install.config.is_file(), "no {}", install.config.display());

    let watched = [install.lib.clone(), install.db(), install.config.clone()];
    let before: Vec<FileState> = watched.iter().map(|p| file_state(p)).collect();
    let again = install.team_init();
    assert!(again.status.success(), "team init again: {}", show(&again));
    let said = String::from_utf8_lossy(&again.stdout).to_lowercase();
    assert!(
        said.contains("nothing") || said.contains("unchanged"),
        "team init again does not say nothing changed: {}",
        show(&again)
    );
    for (p, was) in watched.iter().zip(&before) {
        assert_eq!(
            &file_state(p),
            was,
            "team init again changed {}",
            p.display()
        );
    }
}

/// A non-member is told, in one line, which file and which group; no
/// private database appears in their home.
fn check_outsider_refused(sshd: &Sshd, install: &Install) {
    let private = home_of(OUTSIDER).join(".local/share/warroom");
    assert!(
        !private.exists(),
        "{} exists before the test",
        private.display()
    );
    let out = sshd.run(OUTSIDER, &install.remote(&["status"]));
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with('\n') && err.matches('\n').count() == 1,
        "not one line on stderr: {err:?}"
    );
    let db = install.db().display().to_string();
    assert!(
        err.contains(&db) && err.contains(GROUP),
        "stderr does not name both {db} and {GROUP}: {err:?}"
    );
    assert!(!private.exists(), "{} was created", private.display());
    eprintln!("{OUTSIDER} was told: {}", err.trim_end());
}

// ------------------------------------------------------------------ test

#[test]
fn team_mode_over_ssh() {
    if let Some(why) = skip_reason() {
        eprintln!("skipped: {why}");
        return;
    }
    // Dropped in reverse: consoles, sshd, accounts, then the temp dir.
    let tmp = tempfile::Builder::new()
        .prefix("warroom-team-")
        .tempdir()
        .expect("temp dir");
    chmod(tmp.path(), 0o755);
    let _accounts = Accounts::ensure();
    let install = Install::new(tmp.path());
    let users = [MEMBERS[0], MEMBERS[1], OUTSIDER];
    let sshd = Sshd::start(&tmp.path().join("ssh"), &users);
    check_logins(&sshd, &install);

    check_team_init(&install);

    let out = sshd.run_ok(
        "alice",
        &install.remote(&["declare", "secret-leak", "--title", "e2e"]),
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "INC-1");

    // Two consoles on the one incident, each seeing the other.
    let console = install.remote(&[]);
    let mut alice = Console::start(&sshd, "alice", &console, tmp.path());
    let mut bob = Console::start(&sshd, "bob", &console, tmp.path());
    for c in [&alice, &bob] {
        c.wait_screen("INC-1 with the Steps pane", incident_shown);
    }
    // A console that could not open the database for writing (the
    // diagnostics show its -wal/-shm open read-only) never shows up here.
    poll(
        WAIT,
        "bob's presence on alice's screen and alice's on bob's",
        || {
            alice.holds(&|s| presence_area(s).contains("bob"))
                && bob.holds(&|s| presence_area(s).contains("alice"))
        },
        || diagnostics(&[&alice, &bob], &install),
    );

    let sent = Instant::now();
    alice.send("s");
    let [on_alice, on_bob] = first_seen(
        [&alice, &bob],
        sent,
        WAIT,
        "alice's name on the first step",
        |s| step_shows(s, FIRST_TITLE, "alice"),
        || diagnostics(&[&alice, &bob], &install),
    );
    let lag = on_bob.saturating_sub(on_alice);
    eprintln!("after the key: alice's screen {on_alice:?}, bob's {on_bob:?} (lag {lag:?})");
    assert!(
        lag <= MAX_LAG,
        "bob's screen showed alice's start {lag:?} after hers"
    );
    let step = first_step(&sshd, &install, "bob");
    assert_eq!(
        (step["state"].as_str(), step["by"].as_str()),
        (Some("in_progress"), Some("alice")),
        "{step}"
    );

    check_outsider_refused(&sshd, &install);

    // The link drops: alice's remote console goes with it, and so do the
    // log followers it started.
    let uid = uid_of("alice").expect("alice's uid");
    assert!(runs_warroom(uid), "no warroom of alice's running");
    let tree = console_tree(uid);
    eprintln!(
        "alice's console: {} processes (warroom and what it started)",
        tree.len()
    );
    let dropped = Instant::now();
    alice.kill_client();
    poll(
        HANGUP_WITHIN,
        "alice's warroom to exit after her SSH link dropped",
        || !runs_warroom(uid),
        || processes_of(uid),
    );
    eprintln!(
        "alice's warroom gone {:?} after the link dropped",
        dropped.elapsed()
    );
    poll(
        HANGUP_WITHIN,
        "what alice's console started to exit after her SSH link dropped",
        || !any_alive(uid, &tree),
        || format!("console's pids {tree:?} among:\n{}", processes_of(uid)),
    );

    bob.send("q");
    let status = bob.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "bob's console exited {status:?}");

    sshd.run_ok("bob", &install.remote(&["verify", "INC-1"]));
}
