//! The PostgreSQL store (issue 20), behind the `postgres` cargo feature:
//! the same append-only, hash-chained record as the SQLite file, shared by
//! responders on any host that can reach the server.
//!
//! The promises are the SQLite store's (see `docs/STORE.md`):
//! - events are hashed by warroom exactly as SQLite's are, so a chain
//!   copied between the two verifies unchanged;
//! - a write locks the incident's head row (`SELECT … FOR UPDATE`), folds,
//!   decides and appends seq+1 in one transaction: of two racing writers
//!   one wins and the other is refused by the state machine, and the
//!   primary key `(incident, seq)` is the backstop;
//! - `Ok` means committed, with `synchronous_commit = on`;
//! - the account of every event is the connection's `session_user`, never
//!   what the client claims, and a trigger refuses any other;
//! - responders cannot change or delete the record: no grant, and a
//!   trigger that refuses UPDATE/DELETE on `events` for every role.

mod connect;
mod copy;
mod listen;
pub mod schema;

use super::presence::{FORGET_MS, STALE_MS, peers_from};
use super::{
    Declaration, DeclaredSource, FoldRow, GENESIS, Peer, Presence, Row, StoreError, Stored,
    Summary, Verdict, Written, catch_up, chain_break, clean_actor, clean_kind, declared_digest,
    fold_declared, head_break, parse_time, sha256_hex, source_break, stored, timestamp,
    unknown_among,
};
use crate::incident::{Actor, Command, Event, EventKind, IncidentState, Status};
use crate::playbook::Severity;
use crate::redact::{LiteralPrint, Redactor};
use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use schema::{Migrated, SCHEMA_VERSION};

/// One connection to the server, as one responder's store.
pub struct PgStore {
    /// The crate's client needs `&mut` to query; the store interface reads
    /// through `&self`, as SQLite's does.
    client: RefCell<Client>,
    /// The URL, for messages and as the key witnesses are filed under.
    url: PathBuf,
    /// `session_user`: the account every event of this connection records.
    account: String,
    /// Folded states, brought up to date from what was written since.
    cache: RefCell<HashMap<u64, IncidentState>>,
    written: RefCell<Vec<Written>>,
    /// The server process of `client`: what it notifies is not news to us.
    backend_pid: i32,
    /// The second connection that LISTENs, once a reader asked to be
    /// woken ([`IncidentStore::wake_on_change`]).
    listener: RefCell<Option<listen::Listener>>,
    /// The last digests asked of the server (the change signal's
    /// fallback while the listener is down): (data version, heads).
    polled: Cell<(i64, (i64, i64))>,
    /// What this connection last said about its presence (session,
    /// incident, step): the others are told only when that changes, not
    /// at every once-a-second refresh.
    announced: RefCell<Option<(String, u64, Option<String>)>>,
}

/// The server's words for an error, in one line.
pub fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// Whether the server gave up waiting for a lock or aborted a transaction
/// that collided with another: nothing was recorded, try again.
pub fn is_busy(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::LOCK_NOT_AVAILABLE
    )
}

fn open_error(url: &str, reason: String) -> StoreError {
    StoreError::Open {
        path: PathBuf::from(url),
        reason,
    }
}

impl PgStore {
    /// Connects as a responder. The schema must be there at this binary's
    /// version: responders have no DDL rights, so an older one is a
    /// message to run `store migrate`, and a newer one is refused
    /// untouched.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let fail = |reason: String| open_error(url, reason);
        let mut client = connect::connect(url).map_err(fail)?;
        // lock_timeout is SQLite's busy timeout: a writer held up this
        // long gives up and says so, having recorded nothing.
        client
            .batch_execute(
                "SET search_path = warroom; SET synchronous_commit = on; SET lock_timeout = '15s'",
            )
            .map_err(|e| fail(describe(&e)))?;
        let version = schema::stored_version(&mut client).map_err(|e| fail(describe(&e)))?;
        if version != SCHEMA_VERSION {
            return Err(fail(version_problem(version)));
        }
        let me = client
            .query_typed_one("SELECT session_user::text, pg_backend_pid()", &[])
            .map_err(|e| fail(describe(&e)))?;
        Ok(PgStore {
            client: RefCell::new(client),
            url: PathBuf::from(url),
            account: me.get(0),
            cache: RefCell::new(HashMap::new()),
            written: RefCell::new(Vec::new()),
            backend_pid: me.get(1),
            listener: RefCell::new(None),
            polled: Cell::new((0, (0, 0))),
            announced: RefCell::new(None),
        })
    }

    /// `warroom store migrate --db URL`, as the admin role: creates or
    /// upgrades the schema and re-applies the grants.
    pub fn migrate(url: &str) -> Result<Migrated, StoreError> {
        let fail = |reason: String| open_error(url, reason);
        let mut client = connect::connect(url).map_err(fail)?;
        let key: String = crate::redact::random_key()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        schema::migrate(&mut client, &key).map_err(|e| match e {
            schema::MigrateError::Newer(v) => fail(version_problem(v)),
            schema::MigrateError::NoResponderRole => fail(format!(
                "role {} does not exist; create it first: CREATE ROLE {0} NOLOGIN; GRANT {0} TO alice, bob",
                schema::RESPONDER_ROLE
            )),
            schema::MigrateError::Db(e) => fail(describe(&e)),
        })
    }

    /// The account this connection writes as (`session_user`).
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The server's version, for `doctor`.
    pub fn server_version(&self) -> Result<String, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SHOW server_version", &[])?
            .get(0))
    }

    /// The actor as recorded here: the display name the responder chose,
    /// the account the server authenticated.
    fn recorded(&self, actor: &Actor, redactor: &Redactor) -> Actor {
        clean_actor(
            &Actor::named(actor.name.clone(), self.account.clone()),
            redactor,
        )
    }

    /// Whether a listener hears changes now: `None` without one, else
    /// (listening, what it heard).
    fn hearing(&self) -> Option<(bool, (i64, i64))> {
        let listener = self.listener.borrow();
        listener.as_ref().map(|l| (l.listening(), l.heard()))
    }

    /// A digest of the heads, the leaked values and the presence rows,
    /// which changes whenever anyone commits one of them; and the heads'
    /// (count, sum of seq), which changes with every event.
    fn digests(&self) -> Result<(i64, (i64, i64)), StoreError> {
        let row = self.client.borrow_mut().query_typed_one(
            "SELECT (SELECT COUNT(*) FROM heads), (SELECT COALESCE(SUM(seq), 0)::bigint FROM heads),
                    (SELECT COUNT(*) FROM literals), (SELECT COUNT(*) FROM presence),
                    (SELECT COALESCE(MAX(seen_ms), 0) FROM presence)",
            &[],
        )?;
        let parts: [i64; 5] = std::array::from_fn(|n| row.get(n));
        let polled = (mix(17, &parts), (parts[0], parts[1]));
        self.polled.set(polled);
        Ok(polled)
    }

    /// The digests as last asked while the listener hears for us; asked
    /// of the server again while it does not.
    fn asked_unless(&self, listening: bool) -> Result<(i64, (i64, i64)), StoreError> {
        if listening {
            Ok(self.polled.get())
        } else {
            self.digests()
        }
    }

    fn wrote(&self, incident: u64, seq: u64, hash: String) {
        self.written.borrow_mut().push(Written {
            incident,
            seq,
            hash,
        });
    }
}

fn version_problem(version: u32) -> String {
    match version {
        0 => "there is no warroom schema on this server yet: run `warroom store migrate --db URL` as the admin role".into(),
        v if v > SCHEMA_VERSION => format!(
            "written by a newer warroom (schema {v}; this one knows up to {SCHEMA_VERSION}); upgrade warroom, the database was not changed"
        ),
        v => format!(
            "its schema {v} is older than this warroom's {SCHEMA_VERSION}: run `warroom store migrate --db URL` as the admin role"
        ),
    }
}

/// Folds numbers into one that changes when any of them does.
fn mix(seed: i64, parts: &[i64]) -> i64 {
    parts
        .iter()
        .fold(seed, |acc, p| acc.wrapping_mul(1_000_003).wrapping_add(*p))
}

fn i(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A query parameter with its type. Queries are sent with their
/// parameters' types (`query_typed`), so each is one round trip to the
/// server instead of three (prepare, execute, close): an acknowledged
/// note is five round trips, which matters on a busy server or a far one.
type Param<'a> = (&'a (dyn ToSql + Sync), Type);

fn int(v: &i64) -> Param<'_> {
    (v, Type::INT8)
}

fn text<T: ToSql + Sync>(v: &T) -> Param<'_> {
    (v, Type::TEXT)
}

/// The head (seq, hash) of an incident, locked until the transaction
/// ends when `lock`: the `BEGIN IMMEDIATE` of this store.
fn head(
    c: &mut impl GenericClient,
    id: u64,
    lock: bool,
) -> Result<Option<(u64, String)>, StoreError> {
    let sql = if lock {
        "SELECT seq, hash FROM heads WHERE incident = $1 FOR UPDATE"
    } else {
        "SELECT seq, hash FROM heads WHERE incident = $1"
    };
    Ok(c.query_typed_opt(sql, &[int(&i(id))])?
        .map(|r| (r.get::<_, i64>(0) as u64, r.get(1))))
}

fn unknown_incident(c: &mut impl GenericClient, id: u64) -> StoreError {
    let recent: Vec<i64> = c
        .query_typed(
            "SELECT incident FROM events WHERE kind = 'declared' ORDER BY incident DESC LIMIT 10",
            &[],
        )
        .map(|rows| rows.iter().map(|r| r.get(0)).collect())
        .unwrap_or_default();
    unknown_among(id, &recent)
}

/// The incident's state from the cache, folding in only what was written
/// since the cached state; a full fold otherwise.
fn current(
    c: &mut impl GenericClient,
    cache: &RefCell<HashMap<u64, IncidentState>>,
    id: u64,
    head: u64,
) -> Result<IncidentState, StoreError> {
    let mut cache = cache.borrow_mut();
    if let Some(state) = cache.get(&id)
        && state.last_seq == head
    {
        // Nobody wrote since: no round trip.
        return Ok(state.clone());
    }
    if let Some(state) = cache.get_mut(&id)
        && state.last_seq < head
    {
        let rows = c.query_typed(
            "SELECT seq, at, actor, account, kind, payload FROM events
             WHERE incident = $1 AND seq > $2 ORDER BY seq",
            &[int(&i(id)), int(&i(state.last_seq))],
        )?;
        let newer = rows.iter().map(|r| Ok::<FoldRow, ()>(fold_row(r)));
        if catch_up(state, newer) && state.last_seq == head {
            return Ok(state.clone());
        }
    }
    let (state, _) = load(c, id)?;
    cache.insert(id, state.clone());
    Ok(state)
}

fn fold_row(r: &postgres::Row) -> FoldRow {
    (
        r.get::<_, i64>(0) as u64,
        r.get(1),
        Actor::named(r.get::<_, String>(2), r.get::<_, String>(3)),
        r.get(4),
        r.get(5),
    )
}

fn load(c: &mut impl GenericClient, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
    let rows = c.query_typed(
        "SELECT seq, at, actor, account, kind, payload FROM events WHERE incident = $1 ORDER BY seq",
        &[int(&i(id))],
    )?;
    let mut events = Vec::with_capacity(rows.len());
    for r in &rows {
        let (seq, at, actor, kind, payload) = fold_row(r);
        let kind = super::decode(&kind, &payload).map_err(|message| StoreError::Fold {
            id,
            source: crate::incident::FoldError { seq, message },
        })?;
        events.push(Event {
            seq,
            at: parse_time(&at),
            actor,
            kind,
        });
    }
    if events.is_empty() {
        return Err(unknown_incident(c, id));
    }
    fold_declared(id, events, |digest| source(c, digest))
}

fn source(c: &mut impl GenericClient, digest: &str) -> Result<Option<String>, StoreError> {
    Ok(c.query_typed_opt(
        "SELECT source FROM playbook_sources WHERE sha256 = $1",
        &[text(&digest)],
    )?
    .map(|r| r.get(0)))
}

/// Writes one event chained to `prev`, moves the head, and tells the
/// listeners (on commit only: NOTIFY is transactional); returns its hash.
fn insert(
    tx: &mut impl GenericClient,
    id: u64,
    seq: u64,
    at: DateTime<Utc>,
    actor: &Actor,
    kind: &EventKind,
    prev: &str,
) -> Result<String, StoreError> {
    let Stored {
        kind: name,
        payload,
        at,
        hash,
    } = stored(id, seq, at, actor, kind, prev);
    // One statement, one round trip: the event, the head, the notice.
    tx.execute_typed(
        "WITH event AS (
             INSERT INTO events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING incident, seq, hash),
         head AS (
             INSERT INTO heads (incident, seq, hash) SELECT incident, seq, hash FROM event
             ON CONFLICT (incident) DO UPDATE SET seq = excluded.seq, hash = excluded.hash)
         SELECT pg_notify($10, $1::text || ':' || $2::text) FROM event",
        &[
            int(&i(id)),
            int(&i(seq)),
            text(&at),
            text(&actor.name),
            text(&actor.account),
            text(&name),
            text(&payload),
            text(&prev),
            text(&hash),
            text(&listen::EVENTS),
        ],
    )
    .map_err(lost_race)?;
    Ok(hash)
}

/// The unique `(incident, seq)` is the backstop of the head lock: a
/// duplicate means another writer appended first, which is a refusal,
/// never a silent loss.
fn lost_race(e: postgres::Error) -> StoreError {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        StoreError::Refused(
            "another responder wrote to this incident at the same moment; nothing was recorded, try again".into(),
        )
    } else {
        e.into()
    }
}

/// Appends the event `kind` after `state` (locked head `prev`) inside the
/// caller's transaction.
fn append(
    tx: &mut impl GenericClient,
    id: u64,
    state: &IncidentState,
    prev: &str,
    actor: &Actor,
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<(Event, String), StoreError> {
    // Keep the log in order even if the system clock steps back.
    let at = now.max(state.last_at);
    let seq = state.last_seq + 1;
    let hash = insert(tx, id, seq, at, actor, &kind, prev)?;
    let event = Event {
        seq,
        at: parse_time(&timestamp(at)),
        actor: actor.clone(),
        kind,
    };
    Ok((event, hash))
}

impl super::IncidentStore for PgStore {
    fn path(&self) -> &Path {
        &self.url
    }

    fn declare_above(
        &mut self,
        d: Declaration,
        floor: u64,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError> {
        let actor = self.recorded(actor, redactor);
        let digest = sha256_hex(d.source);
        let kind = EventKind::Declared {
            playbook: d.playbook.id.clone(),
            playbook_sha256: digest.clone(),
            title: redactor.clean_text(d.title.trim()),
            severity: d.severity,
            inputs: d
                .inputs
                .into_iter()
                .map(|(k, v)| (k, redactor.clean_text(&v)))
                .collect(),
            drill: d.drill,
            speed: d.speed.max(1),
        };
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        // One declarer at a time hands out numbers (an advisory lock needs
        // no table privilege); incident_ids' primary key is the backstop.
        tx.execute_typed(
            "SELECT pg_advisory_xact_lock(hashtext('warroom_declare'))",
            &[],
        )?;
        let id: i64 = tx
            .query_typed_one(
                "SELECT GREATEST(
                    (SELECT COALESCE(MAX(id), 0) FROM incident_ids),
                    (SELECT COALESCE(MAX(incident), 0) FROM events),
                    (SELECT COALESCE(MAX(incident), 0) FROM heads),
                    $1::bigint) + 1",
                &[int(&i(floor).min(i64::MAX - 1))],
            )?
            .get(0);
        tx.execute_typed(
            "INSERT INTO incident_ids (id, at) VALUES ($1, $2)",
            &[int(&id), text(&timestamp(at))],
        )?;
        tx.execute_typed(
            "INSERT INTO playbook_sources (sha256, source) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[text(&digest), text(&d.source)],
        )?;
        let id = id as u64;
        let hash = insert(&mut tx, id, 1, at, &actor, &kind, GENESIS)?;
        tx.commit()?;
        drop(client);
        self.wrote(id, 1, hash);
        Ok(id)
    }

    fn apply(
        &mut self,
        id: u64,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        let actor = self.recorded(actor, redactor);
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        let Some((seq, prev)) = head(&mut tx, id, true)? else {
            return Err(unknown_incident(&mut tx, id));
        };
        let mut state = current(&mut tx, &self.cache, id, seq)?;
        let kind = clean_kind(state.decide(cmd, &actor, now)?, redactor);
        let (event, hash) = append(&mut tx, id, &state, &prev, &actor, kind, now)?;
        tx.commit()?;
        drop(client);
        self.wrote(id, event.seq, hash);
        if state.apply(&event).is_ok() {
            self.cache.borrow_mut().insert(id, state);
        }
        Ok(event)
    }

    fn register_literal(
        &mut self,
        id: u64,
        print: &LiteralPrint,
        length: usize,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        let actor = self.recorded(actor, redactor);
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        let Some((seq, prev)) = head(&mut tx, id, true)? else {
            return Err(unknown_incident(&mut tx, id));
        };
        let state = current(&mut tx, &self.cache, id, seq)?;
        tx.execute_typed(
            "WITH print AS (
                 INSERT INTO literals (print, incident, at, actor) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING)
             SELECT pg_notify($5, '')",
            &[
                text(&print.to_string()),
                int(&i(id)),
                text(&timestamp(now.max(state.last_at))),
                text(&actor.to_string()),
                text(&listen::LITERALS),
            ],
        )?;
        let kind = EventKind::LiteralRegistered { length };
        let (event, hash) = append(&mut tx, id, &state, &prev, &actor, kind, now)?;
        tx.commit()?;
        drop(client);
        self.wrote(id, event.seq, hash);
        self.cache.borrow_mut().remove(&id);
        Ok(event)
    }

    fn take_written(&self) -> Vec<Written> {
        std::mem::take(&mut *self.written.borrow_mut())
    }

    fn state(&self, id: u64) -> Result<IncidentState, StoreError> {
        let mut client = self.client.borrow_mut();
        let Some((seq, _)) = head(&mut *client, id, false)? else {
            return Err(unknown_incident(&mut *client, id));
        };
        current(&mut *client, &self.cache, id, seq)
    }

    fn incident(&self, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
        load(&mut *self.client.borrow_mut(), id)
    }

    fn incident_with_hashes(
        &self,
        id: u64,
    ) -> Result<(IncidentState, Vec<(Event, String)>), StoreError> {
        let (state, events) = self.incident(id)?;
        let hashes = self.hashes(id)?;
        Ok((state, events.into_iter().zip(hashes).collect()))
    }

    fn hashes(&self, id: u64) -> Result<Vec<String>, StoreError> {
        let rows = self.client.borrow_mut().query_typed(
            "SELECT hash FROM events WHERE incident = $1 ORDER BY seq",
            &[int(&i(id))],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn hash_at(&self, id: u64, seq: u64) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_typed_opt(
                "SELECT hash FROM events WHERE incident = $1 AND seq = $2",
                &[int(&i(id)), int(&i(seq))],
            )?
            .map(|r| r.get(0)))
    }

    fn declared_source(&self, id: u64) -> Result<DeclaredSource, StoreError> {
        let mut client = self.client.borrow_mut();
        let first = client.query_typed_opt(
            "SELECT actor, account, payload FROM events WHERE incident = $1 AND seq = 1 AND kind = 'declared'",
            &[int(&i(id))],
        )?;
        let Some(first) = first else {
            return Err(unknown_incident(&mut *client, id));
        };
        let payload: String = first.get(2);
        let value: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let playbook = field("playbook").unwrap_or_default();
        let digest = field("playbook_sha256").unwrap_or_default();
        let text = source(&mut *client, &digest)?.ok_or_else(|| StoreError::Fold {
            id,
            source: crate::incident::FoldError {
                seq: 1,
                message: format!("the text of playbook `{playbook}` is missing"),
            },
        })?;
        Ok(DeclaredSource {
            playbook,
            text,
            declared_by: Actor::named(first.get::<_, String>(0), first.get::<_, String>(1)),
        })
    }

    fn verify(&self, id: u64) -> Result<Verdict, StoreError> {
        let mut client = self.client.borrow_mut();
        let rows: Vec<Row> = copy::raw_rows(&mut *client, id)?
            .into_iter()
            .map(|r| Row {
                seq: r.seq,
                at: r.at,
                actor: r.actor,
                account: r.account,
                kind: r.kind,
                payload: r.payload,
                prev: r.prev,
                hash: r.hash,
                // The server checks text encoding on the way in.
                not_text: None,
            })
            .collect();
        let Some(last) = rows.last() else {
            return Err(unknown_incident(&mut *client, id));
        };
        if let Some(broken) = chain_break(id, &rows) {
            return Ok(broken);
        }
        if let Some(broken) = head_break(last, head(&mut *client, id, false)?) {
            return Ok(broken);
        }
        if let Some(digest) = declared_digest(&rows[0])
            && let Some(broken) = source_break(&digest, source(&mut *client, &digest)?.as_deref())
        {
            return Ok(broken);
        }
        Ok(Verdict::Consistent {
            events: last.seq,
            head: last.hash.clone(),
        })
    }

    fn list(&self, all: bool) -> Result<Vec<Summary>, StoreError> {
        let rows = self.client.borrow_mut().query_typed(
            "SELECT d.incident, d.at, d.actor, d.account,
                    COALESCE((SELECT s.payload::jsonb ->> 'to' FROM events s
                      WHERE s.kind = 'renamed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1),
                      d.payload::jsonb ->> 'title'),
                    d.payload::jsonb ->> 'playbook',
                    COALESCE((d.payload::jsonb ->> 'drill')::boolean, false),
                    d.payload::jsonb ->> 'severity',
                    (SELECT s.payload::jsonb ->> 'to' FROM events s
                      WHERE s.kind = 'status_changed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1),
                    (SELECT s.payload::jsonb ->> 'to' FROM events s
                      WHERE s.kind = 'severity_changed' AND s.incident = d.incident ORDER BY s.seq DESC LIMIT 1)
             FROM events d WHERE d.kind = 'declared' ORDER BY d.incident",
            &[],
        )?;
        let summaries = rows.iter().map(|r| {
            let status: Option<String> = r.get(8);
            let severity: Option<String> = r.get(9);
            let first_severity: Option<String> = r.get(7);
            Summary {
                id: crate::incident::display_id(r.get::<_, i64>(0) as u64),
                declared_at: parse_time(&r.get::<_, String>(1)),
                declared_by: Actor::named(r.get::<_, String>(2), r.get::<_, String>(3)).to_string(),
                title: r.get::<_, Option<String>>(4).unwrap_or_default(),
                playbook: r.get::<_, Option<String>>(5).unwrap_or_default(),
                drill: r.get(6),
                severity: Severity::parse(
                    severity
                        .as_deref()
                        .or(first_severity.as_deref())
                        .unwrap_or(""),
                )
                .unwrap_or(Severity::P2),
                status: status
                    .as_deref()
                    .and_then(Status::parse)
                    .unwrap_or(Status::Declared),
            }
        });
        Ok(summaries.filter(|s| all || s.status.is_open()).collect())
    }

    fn ids(&self) -> Result<Vec<u64>, StoreError> {
        self.numbers("SELECT incident FROM heads ORDER BY incident")
    }

    fn known_ids(&self) -> Result<Vec<u64>, StoreError> {
        self.numbers(
            "SELECT incident FROM events UNION SELECT incident FROM heads
             UNION SELECT id FROM incident_ids ORDER BY 1",
        )
    }

    fn allocated_at(&self, id: u64) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_typed_opt("SELECT at FROM incident_ids WHERE id = $1", &[int(&i(id))])?
            .map(|r| r.get(0)))
    }

    fn has_events(&self, id: u64) -> Result<bool, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_typed_opt(
                "SELECT 1 FROM events WHERE incident = $1 LIMIT 1",
                &[int(&i(id))],
            )?
            .is_some())
    }

    fn literal_key(&self) -> Result<[u8; 32], StoreError> {
        let row = self.client.borrow_mut().query_typed_opt(
            "SELECT value FROM warroom_meta WHERE key = 'literal_key'",
            &[],
        )?;
        let Some(hex_key) = row.map(|r| r.get::<_, String>(0)) else {
            return Err(StoreError::Invalid(
                "the server's warroom schema has no leaked-value key: run `warroom store migrate --db URL` as the admin role".into(),
            ));
        };
        Ok(super::key_from_hex(&hex_key))
    }

    fn literal_prints(&self) -> Result<Vec<LiteralPrint>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query_typed("SELECT print FROM literals", &[])?;
        Ok(rows
            .iter()
            .filter_map(|r| r.get::<_, String>(0).parse().ok())
            .collect())
    }

    fn literal_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .client
            .borrow_mut()
            .query_typed_one("SELECT COUNT(*) FROM literals", &[])?
            .get(0);
        Ok(n.max(0) as u64)
    }

    /// With a listener, what it heard (no round trip), mixed with the last
    /// digest asked of the server, which is asked again only while the
    /// listener is down. Without one, the digest: a reader that never
    /// asked to be woken polls.
    fn data_version(&self) -> Result<i64, StoreError> {
        Ok(match self.hearing() {
            None => self.digests()?.0,
            Some((listening, (any, _))) => mix(any, &[self.asked_unless(listening)?.0]),
        })
    }

    fn events_signature(&self) -> Result<(i64, i64), StoreError> {
        Ok(match self.hearing() {
            None => self.digests()?.1,
            Some((listening, (_, events))) => {
                let (count, sum) = self.asked_unless(listening)?.1;
                (events, mix(0, &[count, sum]))
            }
        })
    }

    /// A second connection LISTENs on a thread of its own (see `listen`).
    fn wake_on_change(&self, wake: std::sync::Arc<dyn Fn() + Send + Sync>) -> bool {
        let url = self.url.to_string_lossy();
        // Replacing a listener stops the old one's thread.
        *self.listener.borrow_mut() = Some(listen::Listener::start(&url, self.backend_pid, wake));
        true
    }

    fn announce(&self, p: &Presence, now_ms: i64) -> Result<(), StoreError> {
        let said = (p.session.clone(), p.incident, p.step.clone());
        let news = self.announced.borrow().as_ref() != Some(&said);
        // Arriving, or moving to another step, is news at once; the
        // refresh every second is not (a row that stops being refreshed
        // goes stale on the readers' own clock). One statement: this runs
        // every second in every console.
        self.client.borrow_mut().execute_typed(
            "WITH forgotten AS (DELETE FROM presence WHERE seen_ms < $9 AND session <> $1),
                  here AS (
                      INSERT INTO presence (session, incident, account, name, step, host, pid, seen_ms)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                      ON CONFLICT (session) DO UPDATE SET incident = excluded.incident,
                          step = excluded.step, seen_ms = excluded.seen_ms
                      RETURNING incident)
             SELECT pg_notify($10, incident::text) FROM here WHERE $11",
            &[
                text(&p.session),
                int(&i(p.incident)),
                text(&self.account),
                text(&p.actor.name),
                text(&p.step),
                text(&super::hostname()),
                (&(std::process::id() as i32), Type::INT4),
                int(&now_ms),
                int(&(now_ms - FORGET_MS)),
                text(&listen::PRESENCE),
                (&news, Type::BOOL),
            ],
        )?;
        if news {
            *self.announced.borrow_mut() = Some(said);
        }
        Ok(())
    }

    fn leave(&self, session: &str) -> Result<(), StoreError> {
        self.client.borrow_mut().execute_typed(
            "WITH gone AS (DELETE FROM presence WHERE session = $1 RETURNING 1)
             SELECT pg_notify($2, '') WHERE EXISTS (SELECT 1 FROM gone)",
            &[text(&session), text(&listen::PRESENCE)],
        )?;
        self.announced.borrow_mut().take();
        Ok(())
    }

    fn peers(&self, incident: u64, me: &str, now_ms: i64) -> Result<Vec<Peer>, StoreError> {
        let rows = self.client.borrow_mut().query_typed(
            "SELECT account, name, step, host, pid FROM presence
             WHERE incident = $1 AND session != $2 AND seen_ms >= $3
             ORDER BY seen_ms DESC",
            &[int(&i(incident)), text(&me), int(&(now_ms - STALE_MS))],
        )?;
        let rows = rows
            .iter()
            .map(|r| {
                (
                    Actor::named(r.get::<_, String>(1), r.get::<_, String>(0)),
                    r.get(2),
                    r.get(3),
                    i64::from(r.get::<_, i32>(4)),
                )
            })
            .collect();
        Ok(peers_from(rows))
    }
}

impl PgStore {
    fn numbers(&self, sql: &str) -> Result<Vec<u64>, StoreError> {
        let rows = self.client.borrow_mut().query_typed(sql, &[])?;
        Ok(rows.iter().map(|r| r.get::<_, i64>(0) as u64).collect())
    }
}
