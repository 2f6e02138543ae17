//! A throwaway PostgreSQL cluster for the tests that need a real server:
//! started once per test binary from Debian's `postgresql` package, on a
//! Unix socket in a temporary directory (no TCP port), and stopped when
//! the test binary exits.
//!
//! Roles, as `docs/STORE.md` and the README describe them: `warroom_admin`
//! owns each test database and migrates it; `warroom_responder` is the
//! group role; `alice`, `bob`, `carol` are responders (members of it).
//! Authentication is `trust` on the socket: the tests are about what each
//! role may do, not about passwords.
//!
//! Without a server (`initdb` not installed) a test calls [`server`],
//! gets `None` and returns, printing why; with
//! `WARROOM_REQUIRE_POSTGRES=1` (CI) that is a failure instead.

use postgres::{Client, NoTls};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub const RESPONDERS: [&str; 3] = ["alice", "bob", "carol"];

pub struct Server {
    /// The directory holding the data directory and the socket.
    pub dir: PathBuf,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(1);

/// The cluster, started on first use; `None` (after saying why) when this
/// machine has no PostgreSQL server to start.
pub fn server() -> Option<&'static Server> {
    match SERVER.get_or_init(start) {
        Ok(s) => Some(s),
        Err(why) => {
            if std::env::var("WARROOM_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("WARROOM_REQUIRE_POSTGRES=1 but no PostgreSQL server: {why}");
            }
            eprintln!("skipped: needs a PostgreSQL server: {why}");
            None
        }
    }
}

impl Server {
    /// A URL for `user` on database `db`, through the socket.
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@/{db}?host={}", self.dir.display())
    }

    /// A new, empty database owned by the admin role, migrated by it;
    /// returns its name.
    pub fn fresh_db(&self) -> String {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::SeqCst)
        );
        self.superuser()
            .batch_execute(&format!("CREATE DATABASE {name} OWNER warroom_admin"))
            .expect("create database");
        warroom::store::postgres::PgStore::migrate(&self.url("warroom_admin", &name))
            .expect("migrate as admin");
        name
    }

    /// A plain client as `user` on `db`, for SQL the tests run themselves.
    pub fn client(&self, user: &str, db: &str) -> Client {
        Client::connect(
            &format!("host={} user={user} dbname={db}", self.dir.display()),
            NoTls,
        )
        .expect("connect")
    }

    fn superuser(&self) -> Client {
        self.client("postgres", "postgres")
    }
}

/// Where Debian installs the server's programs: the newest version.
fn bin_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("WARROOM_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<u32> = std::fs::read_dir(root)
        .map_err(|_| "no /usr/lib/postgresql (apt-get install postgresql)".to_string())?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|v: &u32| root.join(v.to_string()).join("bin/initdb").exists())
        .collect();
    versions.sort();
    let v = versions
        .last()
        .ok_or("no initdb under /usr/lib/postgresql/*/bin")?;
    Ok(root.join(v.to_string()).join("bin"))
}

/// initdb refuses to run as root: then the cluster runs as `postgres`.
fn as_server_user(program: &Path) -> Command {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn start() -> Result<Server, String> {
    let bin = bin_dir()?;
    // On tmpfs when there is one: commits still wait for their fsync,
    // which there costs nothing, so the tests measure warroom, not the disk.
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = tempfile::Builder::new()
        .prefix("warroom-pg-")
        .tempdir_in(base)
        .map_err(|e| e.to_string())?
        .keep();
    let data = dir.join("data");
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } == 0 {
        run(
            {
                let mut c = Command::new("chown");
                c.arg("postgres:postgres").arg(&dir);
                c
            },
            "chown",
        )?;
    }
    let mut initdb = as_server_user(&bin.join("initdb"));
    initdb
        .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
        .arg(&data);
    run(initdb, "initdb")?;
    let mut ctl = as_server_user(&bin.join("pg_ctl"));
    ctl.arg("-D")
        .arg(&data)
        .arg("-o")
        .arg(format!(
            "-k {} -c listen_addresses='' -c max_connections=200 -c fsync=on",
            dir.display()
        ))
        .arg("-l")
        .arg(dir.join("log"))
        .args(["-w", "start"]);
    run(ctl, "pg_ctl start")?;
    stop_when_we_exit(&bin, &data, &dir);
    let server = Server { dir };
    let mut admin = server.superuser();
    let responders: Vec<String> = RESPONDERS
        .iter()
        .map(|r| format!("CREATE ROLE {r} LOGIN IN ROLE warroom_responder;"))
        .collect();
    admin
        .batch_execute(&format!(
            "CREATE ROLE warroom_admin LOGIN CREATEDB;
             CREATE ROLE warroom_responder NOLOGIN;
             {}",
            responders.join("\n")
        ))
        .map_err(|e| format!("roles: {e}"))?;
    Ok(server)
}

/// A watcher outside the test process stops the cluster and removes its
/// directory once this process is gone (statics have no destructor).
fn stop_when_we_exit(bin: &Path, data: &Path, dir: &Path) {
    let pg_ctl = bin.join("pg_ctl");
    let stop = if unsafe { libc::getuid() } == 0 {
        format!(
            "runuser -u postgres -- {} -D {} -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    } else {
        format!(
            "{} -D {} -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    let _ = Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
