//! The one SQLite file: an append-only, hash-chained event log per incident.
//!
//! Every write validates a command against the state folded from the stored
//! events and appends the resulting event in one `BEGIN IMMEDIATE`
//! transaction, so two responders racing on a step get one success and one
//! refusal that names who won. WAL with `synchronous=FULL`: an acknowledged
//! action survives `kill -9` and a power cut.

pub mod access;
mod backend;
pub mod copy;
#[cfg(feature = "postgres")]
pub mod postgres;
mod presence;
mod schema;
#[cfg(test)]
mod tests;

pub use backend::IncidentStore;
pub use presence::{Peer, Presence, hostname};

use crate::incident::{
    Actor, Command, Event, EventKind, FoldError, IncidentState, Refusal, Status,
};
use crate::playbook::{Playbook, Severity};
use crate::redact::Redactor;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be used at all (exit 2).
    #[error("database {}: {reason}", path.display())]
    Open { path: PathBuf, reason: String },
    /// Bad input: unknown incident and the like (exit 2).
    #[error("{0}")]
    Invalid(String),
    /// The command was refused by the incident's state (exit 1).
    #[error("{0}")]
    Refused(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[cfg(feature = "postgres")]
    #[error("database error: {}", postgres::describe(.0))]
    Postgres(#[from] ::postgres::Error),
    #[error("stored history of INC-{id} does not fold: {source}")]
    Fold { id: u64, source: FoldError },
}

impl StoreError {
    /// Another writer held the database past the busy timeout: nothing was
    /// recorded, and trying again may work.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => {
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
            }
            #[cfg(feature = "postgres")]
            StoreError::Postgres(e) => postgres::is_busy(e),
            _ => false,
        }
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(m) => StoreError::Invalid(m),
            Refusal::Refused(m) => StoreError::Refused(m),
        }
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Folded states, brought up to date from the events written since, so
    /// a command on a long incident does not re-fold its whole history.
    cache: RefCell<HashMap<u64, IncidentState>>,
    /// Heads this connection produced and committed, until the caller
    /// takes them to record outside the database (see [`Store::take_written`]).
    written: RefCell<Vec<Written>>,
}

/// An event this connection wrote, by the hash it was given: what the
/// writing account can later vouch for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub incident: u64,
    pub seq: u64,
    pub hash: String,
}

/// A line of `warroom list`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub playbook: String,
    pub severity: Severity,
    pub status: Status,
    pub drill: bool,
    pub declared_at: DateTime<Utc>,
    pub declared_by: String,
}

/// What `verify` found in the database alone. `Consistent` means only
/// that the chain agrees with itself: anyone who can write the database
/// can rewrite it whole and recompute every hash, so only something kept
/// outside it (a witness, an export, a remembered hash) can vouch for more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Consistent {
        events: u64,
        /// The last event's hash.
        head: String,
    },
    /// The first event that is not what was written, and how.
    Broken { seq: u64, problem: String },
}

/// The playbook text an incident was declared with, as stored.
#[derive(Clone, Debug)]
pub struct DeclaredSource {
    /// The id the declaration names (the text may say otherwise).
    pub playbook: String,
    pub text: String,
    pub declared_by: Actor,
}

/// Everything needed to declare an incident.
pub struct Declaration<'a> {
    pub playbook: &'a Playbook,
    pub source: &'a str,
    pub title: String,
    pub severity: Severity,
    pub inputs: BTreeMap<String, String>,
    pub drill: bool,
    pub speed: u32,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The hash that chains an event to the one before it.
/// The writing account is chained too, so changing who wrote an event is
/// as visible as changing what it says. Events from before accounts were
/// recorded (empty account) keep the hash they were written with.
fn event_hash(incident: u64, seq: u64, row: &RowText, prev: &str) -> String {
    let mut h = Sha256::new();
    let (seq, incident) = (seq.to_string(), incident.to_string());
    let parts = [
        incident.as_str(),
        &seq,
        row.at,
        row.actor,
        row.kind,
        row.payload,
        prev,
    ];
    for part in parts
        .into_iter()
        .chain((!row.account.is_empty()).then_some(row.account))
    {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex(&h.finalize())
}

/// An event's columns as both stores write them, and the hash that chains
/// it to `prev`.
struct Stored {
    kind: String,
    payload: String,
    at: String,
    hash: String,
}

fn stored(
    id: u64,
    seq: u64,
    at: DateTime<Utc>,
    actor: &Actor,
    kind: &EventKind,
    prev: &str,
) -> Stored {
    let (kind, payload) = encode(kind);
    let at = timestamp(at);
    let text = RowText {
        at: &at,
        actor: &actor.name,
        account: &actor.account,
        kind: &kind,
        payload: &payload,
    };
    let hash = event_hash(id, seq, &text, prev);
    Stored {
        kind,
        payload,
        at,
        hash,
    }
}

/// The hashed text of an event row.
struct RowText<'a> {
    at: &'a str,
    actor: &'a str,
    account: &'a str,
    kind: &'a str,
    payload: &'a str,
}

/// A row of the `events` table.
struct Row {
    seq: u64,
    at: String,
    actor: String,
    account: String,
    kind: String,
    payload: String,
    prev: String,
    hash: String,
    /// The first column that is not valid UTF-8 text (only a write from
    /// outside warroom makes one); its text above is then empty.
    not_text: Option<&'static str>,
}

/// A text column as stored: `Err` when its bytes are not UTF-8, so the
/// caller can name the event instead of failing the whole read.
fn text_column(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Result<String, ()>> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8(b.to_vec()).map_err(|_| ()),
        ValueRef::Null => Ok(String::new()),
        ValueRef::Integer(n) => Ok(n.to_string()),
        ValueRef::Real(x) => Ok(x.to_string()),
    })
}

/// A stored leaked-value key (64 hex digits) as bytes.
fn key_from_hex(hex_key: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = hex_key
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    key
}

/// The schema version of an existing database, read without changing it.
pub fn stored_version(path: &Path) -> Result<u32, StoreError> {
    access::check_files(path).map_err(|reason| StoreError::Open {
        path: path.to_path_buf(),
        reason,
    })?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NOFOLLOW,
    )?;
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// A path for an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Switches a new database to WAL. The switch needs the database to
/// itself for a moment, and SQLite reports a responder opening it at that
/// moment as busy without waiting; so wait here, as long as the busy
/// timeout would.
fn wal_mode(conn: &Connection) -> Result<String, StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

/// Asks SQLite to keep the `-wal` file (and with it the `-shm`) when this
/// connection is the last to close. With a journal size limit, the last
/// one to close also empties the kept WAL after checkpointing it: a WAL
/// left full would be replayed into the database by the next opener.
fn persist_wal(conn: &Connection) {
    let _ = conn.execute_batch("PRAGMA journal_size_limit = 67108864");
    let mut on: std::os::raw::c_int = 1;
    // SAFETY: the handle is valid while `conn` lives; PERSIST_WAL reads
    // and writes one int through the pointer, which outlives the call.
    unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        );
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database. It is 0600,
    /// or 0660 and the directory's group in a shared (setgid) directory;
    /// see `access`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let fail = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        access::check(path).map_err(fail)?;
        access::check_files(path).map_err(fail)?;
        let mode = access::mode_for(&access::directory(path));
        let _umask = mode.group.map(|_| access::SharedUmask::set());
        if std::fs::symlink_metadata(path).is_err() {
            access::create(path, mode).map_err(|e| fail(describe_io(&e)))?;
        }
        // SQLite itself opens the `-wal` and `-shm` files with O_NOFOLLOW;
        // NOFOLLOW here refuses a link as the database's own name too.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|e| fail(describe_sqlite(&e)))?;
        if mode.group.is_some() {
            // In a team directory the companions stay when the last
            // connection closes: whoever made them (the directory's owner,
            // at `team init`) keeps owning them, so no member has to
            // create or delete them, and none can swap them in the sticky
            // directory.
            persist_wal(&conn);
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            cache: RefCell::new(HashMap::new()),
            written: RefCell::new(Vec::new()),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(e) => fail(describe_sqlite(&e)),
            other => other,
        })?;
        access::settle(path, mode);
        // SQLite quietly falls back to read-only when it cannot open the
        // `-shm` file for writing; a console would then fail every action.
        if store.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(fail(
                "it opened read-only (its -wal or -shm file is not writable for you)".into(),
            ));
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens an existing database only to read it, for when the normal
    /// open cannot write (a full disk): `status`, `list`, `verify` and
    /// `export` still work. Read-only through SQLite's WAL index when it
    /// can be used; else, when no WAL content is pending, as an immutable
    /// file (no lock, no `-shm` to create).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let fail = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        access::check_files(path).map_err(fail)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let first = Connection::open_with_flags(path, flags).and_then(|c| {
            c.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))
                .map(|v| (c, v))
        });
        let (conn, version) = match first {
            Ok(ok) => ok,
            Err(e) => {
                let pending =
                    std::fs::metadata(access::files(path)[1].as_path()).is_ok_and(|m| m.len() > 0);
                if pending {
                    return Err(fail(describe_sqlite(&e)));
                }
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let c = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                    .map_err(|e| fail(describe_sqlite(&e)))?;
                let v = c
                    .query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))
                    .map_err(|e| fail(describe_sqlite(&e)))?;
                (c, v)
            }
        };
        if version != SCHEMA_VERSION {
            return Err(fail(format!(
                "it needs schema {SCHEMA_VERSION} (it has {version}) and cannot be changed now"
            )));
        }
        conn.busy_timeout(std::time::Duration::from_secs(15))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            cache: RefCell::new(HashMap::new()),
            written: RefCell::new(Vec::new()),
        })
    }

    /// Opens an existing database only to glance at it, for shell
    /// completion: nothing is created, migrated or written, not even a
    /// `-wal` or `-shm` file (a plain read-only open of a WAL database makes
    /// both when the directory allows). `Ok(None)` when there is no
    /// database. With nothing pending in the WAL the file is read as
    /// immutable; with a WAL in use, through the `-shm` already there,
    /// opened read-only. A WAL with content but no `-shm` (left by a crash)
    /// is refused: SQLite would have to create one to read it.
    pub fn peek(path: &Path) -> Result<Option<Store>, StoreError> {
        let fail = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        access::check_files(path).map_err(fail)?;
        let [_, wal, shm] = access::files(path);
        let pending = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        let uri = match (pending, shm.exists()) {
            (false, _) => format!("file:{}?immutable=1", uri_path(path)),
            (true, true) => format!("file:{}?mode=ro&readonly_shm=1", uri_path(path)),
            (true, false) => {
                return Err(fail(
                    "its WAL holds changes but its -shm file is missing; not read".into(),
                ));
            }
        };
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| fail(describe_sqlite(&e)))?;
        // A glance must not hang a shell's Tab key behind a writer.
        conn.busy_timeout(std::time::Duration::from_millis(20))?;
        Ok(Some(Store {
            conn,
            path: path.to_path_buf(),
            cache: RefCell::new(HashMap::new()),
            written: RefCell::new(Vec::new()),
        }))
    }

    fn prepare(&mut self) -> Result<(), StoreError> {
        // Before the first read: a responder opening the database while
        // another creates it, or switches it to WAL, waits instead of
        // failing.
        self.conn.busy_timeout(std::time::Duration::from_secs(15))?;
        // Read the version before anything writes: a newer database is
        // refused untouched.
        let version: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Open {
                path: self.path.clone(),
                reason: format!(
                    "written by a newer warroom (schema {version}; this one knows up to {SCHEMA_VERSION}); upgrade warroom, the database was not changed"
                ),
            });
        }
        let mode = wal_mode(&self.conn)?;
        if mode != "wal" {
            return Err(StoreError::Open {
                path: self.path.clone(),
                reason: format!("cannot use WAL journaling (got {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        schema::migrate(&mut self.conn, version)?;
        Ok(())
    }

    /// Changes whenever another connection commits: a cheap "did anything
    /// happen?" for an open console.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Changes whenever an event is written to any incident (but not when
    /// a console only refreshes its presence), so consoles reload only
    /// when there is something new.
    pub fn events_signature(&self) -> Result<(i64, i64), StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(seq), 0) FROM heads",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Declares a new incident; returns its number.
    pub fn declare(
        &mut self,
        d: Declaration,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError> {
        self.declare_above(d, 0, actor, at, redactor)
    }

    /// Declares a new incident numbered above `floor` as well as above
    /// every number this database ever handed out; returns its number.
    /// The floor is what the declaring account knows from outside the
    /// database (the incidents it witnessed), so a number is not handed
    /// out again even when a member erased every trace of it here.
    pub fn declare_above(
        &mut self,
        d: Declaration,
        floor: u64,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError> {
        let digest = sha256_hex(d.source);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Events and heads count too: a row someone added by hand must not
        // be joined by a new incident of the same number.
        let id: i64 = tx.query_row(
            "SELECT MAX(
                (SELECT COALESCE(MAX(id), 0) FROM incident_ids),
                (SELECT COALESCE(MAX(incident), 0) FROM events),
                (SELECT COALESCE(MAX(incident), 0) FROM heads),
                ?1) + 1",
            [i64::try_from(floor).unwrap_or(i64::MAX - 1)],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO incident_ids (id, at) VALUES (?1, ?2)",
            params![id, timestamp(at)],
        )?;
        let id = id as u64;
        tx.execute(
            "INSERT OR IGNORE INTO playbook_sources (sha256, source) VALUES (?1, ?2)",
            params![digest, d.source],
        )?;
        let inputs = d
            .inputs
            .into_iter()
            .map(|(k, v)| (k, redactor.clean_text(&v)))
            .collect();
        let kind = EventKind::Declared {
            playbook: d.playbook.id.clone(),
            playbook_sha256: digest,
            title: redactor.clean_text(d.title.trim()),
            severity: d.severity,
            inputs,
            drill: d.drill,
            speed: d.speed.max(1),
        };
        let hash = insert(
            &tx,
            id,
            1,
            at,
            &clean_actor(actor, redactor),
            &kind,
            GENESIS,
        )?;
        tx.commit()?;
        self.wrote(id, 1, hash);
        Ok(id)
    }

    /// Remembers a committed head for [`Store::take_written`].
    fn wrote(&self, incident: u64, seq: u64, hash: String) {
        self.written.borrow_mut().push(Written {
            incident,
            seq,
            hash,
        });
    }

    /// The events this connection wrote and committed since the last call,
    /// oldest first.
    pub fn take_written(&self) -> Vec<Written> {
        std::mem::take(&mut *self.written.borrow_mut())
    }

    /// Validates `cmd` against the incident as stored now and appends the
    /// event it yields, all in one write transaction.
    pub fn apply(
        &mut self,
        id: u64,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut state = current(&tx, &self.cache, id)?;
        let kind = clean_kind(state.decide(cmd, actor, now)?, redactor);
        // Keep the log in order even if the system clock steps back.
        let (event, hash) = append(&tx, id, &state, &clean_actor(actor, redactor), kind, now)?;
        tx.commit()?;
        self.wrote(id, event.seq, hash);
        if state.apply(&event).is_ok() {
            self.cache.borrow_mut().insert(id, state);
        }
        Ok(event)
    }

    /// The key that makes literal fingerprints: one per database, created
    /// on first use, so every console scrubs the same registered values.
    pub fn literal_key(&self) -> Result<[u8; 32], StoreError> {
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'literal_key'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let hex_key = match existing {
            Some(k) => k,
            None => {
                let fresh = hex(&crate::redact::random_key());
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('literal_key', ?1)",
                    [&fresh],
                )?;
                self.conn.query_row(
                    "SELECT value FROM meta WHERE key = 'literal_key'",
                    [],
                    |r| r.get(0),
                )?
            }
        };
        Ok(key_from_hex(&hex_key))
    }

    /// Fingerprints of every registered leaked value.
    pub fn literal_prints(&self) -> Result<Vec<crate::redact::LiteralPrint>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT print FROM literals")?;
        let prints = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(prints.filter_map(|p| p.ok()?.parse().ok()).collect())
    }

    /// How many leaked values are registered: when it changes, every
    /// redactor on this database has a value to add.
    pub fn literal_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM literals", [], |r| r.get::<_, i64>(0))?
            .max(0) as u64)
    }

    /// Records a leaked value's fingerprint, and the fact on the incident's
    /// timeline, in one transaction.
    pub fn register_literal(
        &mut self,
        id: u64,
        print: &crate::redact::LiteralPrint,
        length: usize,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = current(&tx, &self.cache, id)?;
        let actor = clean_actor(actor, redactor);
        tx.execute(
            "INSERT OR IGNORE INTO literals (print, incident, at, actor) VALUES (?1, ?2, ?3, ?4)",
            params![
                print.to_string(),
                id as i64,
                timestamp(now.max(state.last_at)),
                actor.to_string()
            ],
        )?;
        let (event, hash) = append(
            &tx,
            id,
            &state,
            &actor,
            EventKind::LiteralRegistered { length },
            now,
        )?;
        tx.commit()?;
        self.wrote(id, event.seq, hash);
        self.cache.borrow_mut().remove(&id);
        Ok(event)
    }

    /// The incident's current state (cached, brought up to date).
    pub fn state(&self, id: u64) -> Result<IncidentState, StoreError> {
        current(&self.conn, &self.cache, id)
    }

    /// For building large fixtures (benchmarks, imports): trade the fsync
    /// per commit for speed. Never used for responders' actions.
    #[doc(hidden)]
    pub fn set_bulk_loading(&self, on: bool) -> Result<(), StoreError> {
        self.conn.execute_batch(if on {
            "PRAGMA synchronous=OFF"
        } else {
            "PRAGMA synchronous=FULL"
        })?;
        Ok(())
    }

    /// The incident's folded state and its events.
    pub fn incident(&self, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
        load(&self.conn, id)
    }

    /// The playbook text stored when the incident was declared, exactly as
    /// the table holds it now, with who declared it. Nothing here is
    /// vouched for: any member can rewrite the table, so a caller that
    /// decides on trust hashes this text itself rather than believing the
    /// digest it is filed under.
    pub fn declared_source(&self, id: u64) -> Result<DeclaredSource, StoreError> {
        let first: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT actor, account, payload FROM events WHERE incident = ?1 AND seq = 1 AND kind = 'declared'",
                [id as i64],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((actor, account, payload)) = first else {
            return Err(unknown_incident(&self.conn, id));
        };
        let value: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let playbook = field("playbook").unwrap_or_default();
        let digest = field("playbook_sha256").unwrap_or_default();
        let text: String = self
            .conn
            .query_row(
                "SELECT source FROM playbook_sources WHERE sha256 = ?1",
                [&digest],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Fold {
                id,
                source: FoldError {
                    seq: 1,
                    message: format!("the text of playbook `{playbook}` is missing"),
                },
            })?;
        Ok(DeclaredSource {
            playbook,
            text,
            declared_by: Actor::named(actor, account),
        })
    }

    /// The incident with each event beside its chain hash, for exports.
    pub fn incident_with_hashes(
        &self,
        id: u64,
    ) -> Result<(IncidentState, Vec<(Event, String)>), StoreError> {
        let (state, events) = self.incident(id)?;
        let hashes = self.hashes(id)?;
        Ok((state, events.into_iter().zip(hashes).collect()))
    }

    /// Each event's chain hash, by sequence number, for exports.
    pub fn hashes(&self, id: u64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE incident = ?1 ORDER BY seq")?;
        let hashes = stmt.query_map([id as i64], |r| r.get::<_, String>(0))?;
        Ok(hashes.collect::<Result<_, _>>()?)
    }

    /// Every incident number the database knows of in any way: with
    /// events, with a head, or only as handed out by `declare`. `verify
    /// --all` checks each; one handed out with no events left vanished.
    pub fn known_ids(&self) -> Result<Vec<u64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT incident FROM events UNION SELECT incident FROM heads
             UNION SELECT id FROM incident_ids ORDER BY 1",
        )?;
        let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        Ok(ids.map(|r| r.map(|n| n as u64)).collect::<Result<_, _>>()?)
    }

    /// Whether `declare` handed out this number here (and when), even if
    /// the incident's events are gone.
    pub fn allocated_at(&self, id: u64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT at FROM incident_ids WHERE id = ?1",
                [id as i64],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether the incident has any event left.
    pub fn has_events(&self, id: u64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM events WHERE incident = ?1 LIMIT 1",
                [id as i64],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The stored hash of one event, if the event exists.
    pub fn hash_at(&self, id: u64, seq: u64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash FROM events WHERE incident = ?1 AND seq = ?2",
                params![id as i64, i64::try_from(seq).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Ids of every incident, oldest first.
    pub fn ids(&self) -> Result<Vec<u64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT incident FROM heads ORDER BY incident")?;
        let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        Ok(ids.map(|r| r.map(|n| n as u64)).collect::<Result<_, _>>()?)
    }

    /// Incidents, newest last; only open ones unless `all`.
    pub fn list(&self, all: bool) -> Result<Vec<Summary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.incident, d.at, d.actor, d.account,
                    COALESCE((SELECT json_extract(s.payload, '$.to') FROM events s
                      WHERE s.kind = 'renamed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1),
                      json_extract(d.payload, '$.title')), json_extract(d.payload, '$.playbook'),
                    json_extract(d.payload, '$.drill'), json_extract(d.payload, '$.severity'),
                    (SELECT json_extract(s.payload, '$.to') FROM events s
                      WHERE s.kind = 'status_changed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1),
                    (SELECT json_extract(s.payload, '$.to') FROM events s
                      WHERE s.kind = 'severity_changed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1)
             FROM events d WHERE d.kind = 'declared' ORDER BY d.incident",
        )?;
        let rows = stmt.query_map([], |r| {
            let status: Option<String> = r.get(8)?;
            let severity: Option<String> = r.get(9)?;
            let first_severity: String = r.get(7)?;
            Ok(Summary {
                id: crate::incident::display_id(r.get::<_, i64>(0)? as u64),
                declared_at: parse_time(&r.get::<_, String>(1)?),
                declared_by: Actor::named(r.get::<_, String>(2)?, r.get::<_, String>(3)?)
                    .to_string(),
                title: r.get(4)?,
                playbook: r.get(5)?,
                drill: r.get::<_, i64>(6)? != 0,
                severity: Severity::parse(severity.as_deref().unwrap_or(&first_severity))
                    .unwrap_or(Severity::P2),
                status: status
                    .as_deref()
                    .and_then(Status::parse)
                    .unwrap_or(Status::Declared),
            })
        })?;
        let mut out = Vec::new();
        for r in rows {
            let s = r?;
            if all || s.status.is_open() {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Walks the hash chain and names the first event that was edited,
    /// inserted or deleted.
    pub fn verify(&self, id: u64) -> Result<Verdict, StoreError> {
        let rows = rows(&self.conn, id)?;
        if rows.is_empty() {
            return Err(unknown_incident(&self.conn, id));
        }
        if let Some(broken) = chain_break(id, &rows) {
            return Ok(broken);
        }
        let last = rows.last().expect("not empty");
        let head: Option<(u64, String)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM heads WHERE incident = ?1",
                [id as i64],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()?;
        if let Some(broken) = head_break(last, head) {
            return Ok(broken);
        }
        if let Some(digest) = declared_digest(&rows[0]) {
            let source: Option<String> = self
                .conn
                .query_row(
                    "SELECT source FROM playbook_sources WHERE sha256 = ?1",
                    [&digest],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(broken) = source_break(&digest, source.as_deref()) {
                return Ok(broken);
            }
        }
        Ok(Verdict::Consistent {
            events: last.seq,
            head: last.hash.clone(),
        })
    }
}

/// The first event of one incident's rows (in sequence order, not empty)
/// that is not as it was written: missing, not text, out of the chain, or
/// edited. The same walk for every store, so they agree on a copied chain.
fn chain_break(id: u64, rows: &[Row]) -> Option<Verdict> {
    let mut prev = GENESIS;
    for (i, row) in rows.iter().enumerate() {
        let expected = i as u64 + 1;
        let broken = |problem: String| {
            Some(Verdict::Broken {
                seq: expected,
                problem,
            })
        };
        if row.seq != expected {
            return broken(format!("event {expected} is missing (deleted)"));
        }
        if let Some(column) = row.not_text {
            return broken(format!(
                "event {}'s {column} is not valid UTF-8 text (it was written outside warroom)",
                row.seq
            ));
        }
        if row.prev != prev {
            return broken(format!(
                "event {} does not follow event {} (inserted, or its predecessor was replaced)",
                row.seq,
                row.seq.saturating_sub(1)
            ));
        }
        let text = RowText {
            at: &row.at,
            actor: &row.actor,
            account: &row.account,
            kind: &row.kind,
            payload: &row.payload,
        };
        if event_hash(id, row.seq, &text, &row.prev) != row.hash {
            return broken(format!("event {} was edited after it was written", row.seq));
        }
        prev = &row.hash;
    }
    None
}

/// Whether the recorded head (seq, hash) disagrees with the last event.
fn head_break(last: &Row, head: Option<(u64, String)>) -> Option<Verdict> {
    match head {
        Some((seq, hash)) if seq == last.seq && hash == last.hash => None,
        Some((seq, _)) if seq > last.seq => Some(Verdict::Broken {
            seq: last.seq + 1,
            problem: format!("event {} is missing (deleted)", last.seq + 1),
        }),
        _ => Some(Verdict::Broken {
            seq: last.seq,
            problem: "the chain's recorded head does not match its last event".into(),
        }),
    }
}

/// Whether the playbook text stored under the declared digest is gone or
/// no longer hashes to it.
fn source_break(digest: &str, source: Option<&str>) -> Option<Verdict> {
    (source.map(sha256_hex).as_deref() != Some(digest)).then(|| Verdict::Broken {
        seq: 1,
        problem: "the playbook recorded at declaration was changed or removed".into(),
    })
}

fn declared_digest(first: &Row) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(&first.payload).ok()?;
    v.get("playbook_sha256")?.as_str().map(str::to_string)
}

fn unknown_incident(conn: &Connection, id: u64) -> StoreError {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT incident FROM events WHERE kind = 'declared' ORDER BY incident DESC LIMIT 10",
        )
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, i64>(0))
                .and_then(|rows| rows.collect::<Result<Vec<i64>, _>>())
        })
        .unwrap_or_default();
    unknown_among(id, &ids)
}

/// "unknown incident", with the most recent ones declared (newest first).
fn unknown_among(id: u64, recent: &[i64]) -> StoreError {
    let ids: Vec<String> = recent
        .iter()
        .map(|&n| crate::incident::display_id(n as u64))
        .collect();
    let known = if ids.is_empty() {
        "there are no incidents yet".to_string()
    } else {
        format!("recent: {}", ids.join(", "))
    };
    StoreError::Invalid(format!(
        "unknown incident {} ({known})",
        crate::incident::display_id(id)
    ))
}

/// One event row as the fold reads it: seq, time, actor, kind, payload.
type FoldRow = (u64, String, Actor, String, String);

/// Folds the rows written since into a cached state; `false` when one
/// does not decode or apply (the caller folds the whole history instead).
fn catch_up<E>(
    state: &mut IncidentState,
    newer: impl IntoIterator<Item = Result<FoldRow, E>>,
) -> bool {
    for row in newer {
        let Ok((seq, at, actor, kind, payload)) = row else {
            return false;
        };
        let Ok(kind) = decode(&kind, &payload) else {
            return false;
        };
        let event = Event {
            seq,
            at: parse_time(&at),
            actor,
            kind,
        };
        if state.apply(&event).is_err() {
            return false;
        }
    }
    true
}

/// The incident's state from the cache, folding in only what was written
/// since; a full fold when the cache is missing or ahead of the database.
fn current(
    conn: &Connection,
    cache: &RefCell<HashMap<u64, IncidentState>>,
    id: u64,
) -> Result<IncidentState, StoreError> {
    let head: Option<i64> = conn
        .query_row(
            "SELECT seq FROM heads WHERE incident = ?1",
            [id as i64],
            |r| r.get(0),
        )
        .optional()?;
    let Some(head) = head.map(|h| h as u64) else {
        return Err(unknown_incident(conn, id));
    };
    let mut cache = cache.borrow_mut();
    if let Some(state) = cache.get_mut(&id)
        && state.last_seq <= head
    {
        let mut stmt = conn.prepare_cached(
            "SELECT seq, at, actor, account, kind, payload FROM events WHERE incident = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let newer = stmt.query_map(params![id as i64, state.last_seq as i64], |r| {
            Ok((
                r.get::<_, i64>(0)? as u64,
                r.get::<_, String>(1)?,
                Actor::named(r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let ok = catch_up(state, newer);
        if ok && state.last_seq == head {
            return Ok(state.clone());
        }
    }
    let (state, _) = load(conn, id)?;
    cache.insert(id, state.clone());
    Ok(state)
}

fn rows(conn: &Connection, id: u64) -> Result<Vec<Row>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, account, kind, payload, prev_hash, hash FROM events WHERE incident = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id as i64], |r| {
        let mut not_text = None;
        let mut text = |i: usize, column: &'static str| -> rusqlite::Result<String> {
            Ok(text_column(r, i)?.unwrap_or_else(|()| {
                not_text.get_or_insert(column);
                String::new()
            }))
        };
        Ok(Row {
            seq: r.get::<_, i64>(0)? as u64,
            at: text(1, "time")?,
            actor: text(2, "actor")?,
            account: text(3, "account")?,
            kind: text(4, "kind")?,
            payload: text(5, "payload")?,
            prev: text(6, "previous hash")?,
            hash: text(7, "hash")?,
            not_text,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn load(conn: &Connection, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
    let broken = |seq: u64, message: String| StoreError::Fold {
        id,
        source: FoldError { seq, message },
    };
    // Decoded straight from the rows; the hashes are `verify`'s business.
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, account, kind, payload FROM events WHERE incident = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([id as i64])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let seq = r.get::<_, i64>(0)? as u64;
        let not_utf8 = |what: &str| broken(seq, format!("its {what} is not valid UTF-8 text"));
        let kind = text_column(r, 4)?.map_err(|()| not_utf8("kind"))?;
        let payload = text_column(r, 5)?.map_err(|()| not_utf8("payload"))?;
        let kind = decode(&kind, &payload).map_err(|e| broken(seq, e))?;
        events.push(Event {
            seq,
            at: parse_time(r.get_ref(1)?.as_str().unwrap_or_default()),
            actor: Actor::named(r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            kind,
        });
    }
    drop(rows);
    if events.is_empty() {
        return Err(unknown_incident(conn, id));
    }
    fold_declared(id, events, |digest| {
        Ok(conn
            .query_row(
                "SELECT source FROM playbook_sources WHERE sha256 = ?1",
                [digest],
                |r| r.get(0),
            )
            .optional()?)
    })
}

/// Folds one incident's events (not empty) with the playbook text its
/// declaration names, which `source` looks up by digest.
fn fold_declared(
    id: u64,
    events: Vec<Event>,
    source: impl FnOnce(&str) -> Result<Option<String>, StoreError>,
) -> Result<(IncidentState, Vec<Event>), StoreError> {
    let broken = |seq: u64, message: String| StoreError::Fold {
        id,
        source: FoldError { seq, message },
    };
    let EventKind::Declared {
        playbook_sha256,
        playbook,
        ..
    } = &events[0].kind
    else {
        return Err(broken(1, "the first event is not a declaration".into()));
    };
    let text = source(playbook_sha256)?
        .ok_or_else(|| broken(1, format!("the text of playbook `{playbook}` is missing")))?;
    let pb = crate::playbook::parse(&format!("<{playbook} as declared>"), text.as_bytes())
        .map_err(|d| broken(1, d.first().map(|d| d.message.clone()).unwrap_or_default()))?;
    let state = IncidentState::fold(id, Arc::new(pb), &events)
        .map_err(|source| StoreError::Fold { id, source })?;
    Ok((state, events))
}

/// The stored form: the kind name in its own column, the rest as JSON.
fn encode(kind: &EventKind) -> (String, String) {
    let mut value = serde_json::to_value(kind).expect("events serialize");
    if let Some(obj) = value.as_object_mut() {
        obj.remove("kind");
    }
    (kind.name().to_string(), value.to_string())
}

fn decode(kind: &str, payload: &str) -> Result<EventKind, String> {
    // Splice the kind into the stored object and parse once: a long
    // history decodes without building an intermediate JSON tree.
    let body = payload.trim();
    let inner = body
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .ok_or("payload is not an object")?;
    let kind = serde_json::to_string(kind).map_err(|e| e.to_string())?;
    let joined = if inner.trim().is_empty() {
        format!("{{\"kind\":{kind}}}")
    } else {
        format!("{{\"kind\":{kind},{inner}}}")
    };
    serde_json::from_str(&joined).map_err(|e| e.to_string())
}

/// Appends the next event of an incident whose current state is `state`,
/// chained to the recorded head, inside the caller's transaction; returns
/// it with its hash.
fn append(
    tx: &Connection,
    id: u64,
    state: &IncidentState,
    actor: &Actor,
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<(Event, String), StoreError> {
    // Keep the log in order even if the system clock steps back.
    let at = now.max(state.last_at);
    let prev: String = tx.query_row(
        "SELECT hash FROM heads WHERE incident = ?1",
        [id as i64],
        |r| r.get(0),
    )?;
    let seq = state.last_seq + 1;
    let hash = insert(tx, id, seq, at, actor, &kind, &prev)?;
    let event = Event {
        seq,
        at: parse_time(&timestamp(at)),
        actor: actor.clone(),
        kind,
    };
    Ok((event, hash))
}

/// Writes one event and moves the incident's head to it; returns its hash.
fn insert(
    tx: &Connection,
    id: u64,
    seq: u64,
    at: DateTime<Utc>,
    actor: &Actor,
    kind: &EventKind,
    prev: &str,
) -> Result<String, StoreError> {
    let Stored {
        kind,
        payload,
        at,
        hash,
    } = stored(id, seq, at, actor, kind, prev);
    tx.execute(
        "INSERT INTO events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id as i64,
            seq as i64,
            at,
            actor.name,
            actor.account,
            kind,
            payload,
            prev,
            hash
        ],
    )?;
    tx.execute(
        "INSERT INTO heads (incident, seq, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (incident) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        params![id as i64, seq as i64, hash],
    )?;
    Ok(hash)
}

fn parse_time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A display name is free text (from `--as`): redacted, one line, short.
/// The account comes from the uid and is stored as it is.
fn clean_actor(actor: &Actor, redactor: &Redactor) -> Actor {
    let name: String = redactor
        .clean_text(&actor.name)
        .replace('\n', " ")
        .chars()
        .take(64)
        .collect();
    let name = name.trim();
    Actor {
        name: if name.is_empty() {
            actor.account.clone()
        } else {
            name.to_string()
        },
        account: actor.account.clone(),
    }
}

/// Free text in an event passes through the redactor before it is stored.
fn clean_kind(kind: EventKind, r: &Redactor) -> EventKind {
    let c = |s: String| r.clean_text(&s);
    let co = |s: Option<String>| s.map(|s| r.clean_text(&s));
    match kind {
        EventKind::StepStarted {
            step,
            override_reason,
            note,
        } => EventKind::StepStarted {
            step,
            override_reason: co(override_reason),
            note: co(note),
        },
        EventKind::StepDone {
            step,
            override_reason,
            note,
        } => EventKind::StepDone {
            step,
            override_reason: co(override_reason),
            note: co(note),
        },
        EventKind::StepSkipped { step, reason } => EventKind::StepSkipped {
            step,
            reason: c(reason),
        },
        EventKind::StepReopened { step, reason } => EventKind::StepReopened {
            step,
            reason: c(reason),
        },
        EventKind::Answered {
            step,
            choice,
            note,
            override_reason,
        } => EventKind::Answered {
            step,
            choice,
            note: co(note),
            override_reason: co(override_reason),
        },
        EventKind::InputSet { input, value } => EventKind::InputSet {
            input,
            value: c(value),
        },
        EventKind::NoteAdded { text, step } => EventKind::NoteAdded {
            text: c(text),
            step,
        },
        EventKind::LogPinned { source, line } => EventKind::LogPinned {
            source: c(source),
            line: c(line),
        },
        EventKind::Renamed { from, to } => EventKind::Renamed {
            from: c(from),
            to: c(to),
        },
        EventKind::FollowUpAdded {
            number,
            text,
            owner,
            due,
        } => EventKind::FollowUpAdded {
            number,
            text: c(text),
            owner: c(owner),
            due,
        },
        EventKind::DrillEnded { from, how } => EventKind::DrillEnded { from, how: c(how) },
        EventKind::Approved { step, reason } => EventKind::Approved {
            step,
            reason: co(reason),
        },
        EventKind::ApprovalRefused { step, reason } => EventKind::ApprovalRefused {
            step,
            reason: c(reason),
        },
        EventKind::RoleHandedOff { role, to, note } => EventKind::RoleHandedOff {
            role,
            to: c(to),
            note: c(note),
        },
        EventKind::Assigned { step, to } => EventKind::Assigned { step, to: co(to) },
        EventKind::Amended {
            event,
            text,
            at,
            reason,
        } => EventKind::Amended {
            event,
            text: co(text),
            at,
            reason: c(reason),
        },
        EventKind::HookRan { of, outcome, ok } => EventKind::HookRan {
            of,
            outcome: c(outcome),
            ok,
        },
        EventKind::CommandRun(mut run) => {
            run.command = c(run.command);
            run.output = c(run.output);
            run.cwd = c(run.cwd);
            EventKind::CommandRun(run)
        }
        EventKind::DrillInjected {
            index,
            source,
            line,
        } => EventKind::DrillInjected {
            index,
            source: c(source),
            line: c(line),
        },
        other => other,
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "its directory does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => e.to_string(),
    }
}

fn describe_sqlite(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => "not a warroom database (the file is not SQLite)".into(),
        Some(ErrorCode::ReadOnly) => "cannot write to it (read-only file or file system)".into(),
        Some(ErrorCode::CannotOpen) => "cannot open it (missing directory or no permission)".into(),
        Some(ErrorCode::PermissionDenied) => "permission denied".into(),
        Some(ErrorCode::DatabaseCorrupt) => "the database file is corrupt".into(),
        Some(ErrorCode::DatabaseBusy) => "another process holds it locked".into(),
        _ => e.to_string(),
    }
}
