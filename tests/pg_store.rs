//! The store interface's promises, run against both implementations: the
//! SQLite file and a real PostgreSQL server (tests/common/pg.rs). Plus
//! what only the server can enforce: the responder role cannot change or
//! delete the record, nor write as another account; a newer schema is
//! refused untouched; eight concurrent writers lose nothing; two
//! processes racing for a step give one winner and one refusal (exit 1).

#![cfg(feature = "postgres")]

mod common;

use chrono::{TimeZone, Utc};
use common::pg;
use std::collections::BTreeMap;
use warroom::incident::{Actor, Command, EventKind};
use warroom::playbook::{Library, Severity, bundled_source};
use warroom::redact::{LiteralPrint, Redactor};
use warroom::store::postgres::PgStore;
use warroom::store::{Declaration, IncidentStore, Presence, Store, StoreError, Verdict};

const SECRET: &str = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

fn declare_at(store: &mut dyn IncidentStore, floor: u64, at: chrono::DateTime<Utc>) -> u64 {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let decl = Declaration {
        playbook: pb,
        source: bundled_source("secret-leak").unwrap(),
        title: "token in CI logs".into(),
        severity: Severity::P2,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    store
        .declare_above(decl, floor, &alice(), at, &Redactor::builtin())
        .unwrap()
}

fn alice() -> Actor {
    Actor::account("alice")
}

fn act(store: &mut dyn IncidentStore, id: u64, cmd: Command) -> Result<u64, StoreError> {
    store
        .apply(id, cmd, &alice(), Utc::now(), &Redactor::builtin())
        .map(|e| e.seq)
}

fn note(text: &str) -> Command {
    Command::Note {
        text: text.into(),
        step: None,
    }
}

fn start(step: &str) -> Command {
    Command::Start {
        step: step.into(),
        force: None,
        note: None,
    }
}

/// What every store promises, seen through two connections to one store
/// (two responders).
fn contract(one: &mut dyn IncidentStore, two: &mut dyn IncidentStore) {
    // Numbering: above every number handed out, and above the floor.
    let id = declare_at(one, 0, Utc::now());
    assert_eq!(id, 1);
    assert_eq!(declare_at(two, 9, Utc::now()), 10);
    assert_eq!(one.known_ids().unwrap(), [1, 10]);
    assert!(one.allocated_at(10).unwrap().is_some());
    assert!(one.has_events(1).unwrap() && !one.has_events(2).unwrap());

    // Appending: redacted, chained, acknowledged heads.
    let signature = two.events_signature().unwrap();
    let version = two.data_version().unwrap();
    assert_eq!(act(one, id, note(&format!("saw {SECRET}"))).unwrap(), 2);
    assert_ne!(two.events_signature().unwrap(), signature);
    assert_ne!(two.data_version().unwrap(), version);
    let written: Vec<u64> = one.take_written().iter().map(|w| w.seq).collect();
    assert_eq!(written, [1, 2]);
    let (state, events) = two.incident_with_hashes(id).unwrap();
    assert_eq!(state.last_seq, 2);
    let EventKind::NoteAdded { text, .. } = &events[1].0.kind else {
        panic!("{:?}", events[1].0.kind);
    };
    assert!(!text.contains(SECRET), "stored unredacted: {text}");
    assert_eq!(two.hash_at(id, 2).unwrap().as_ref(), Some(&events[1].1));
    assert_eq!(two.hashes(id).unwrap().len(), 2);

    // The race for a step: the second writer folds the first one's event
    // and is refused by the state machine, naming who won.
    act(one, id, start("assess-scope")).unwrap();
    match act(two, id, start("assess-scope")) {
        Err(StoreError::Refused(m)) => assert!(m.contains("already"), "{m}"),
        other => panic!("the second start was not refused: {other:?}"),
    }
    assert_eq!(two.state(id).unwrap().last_seq, 3);

    // Reading.
    assert_eq!(
        two.verify(id).unwrap(),
        Verdict::Consistent {
            events: 3,
            head: two.hash_at(id, 3).unwrap().unwrap()
        }
    );
    let listed = two.list(false).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].title, "token in CI logs");
    assert_eq!(two.ids().unwrap(), [1, 10]);
    assert_eq!(
        two.declared_source(id).unwrap().text,
        bundled_source("secret-leak").unwrap()
    );
    assert!(
        matches!(two.state(5), Err(StoreError::Invalid(m)) if m.contains("unknown incident INC-5"))
    );
    act(
        one,
        id,
        Command::SetStatus(warroom::incident::Status::Closed),
    )
    .unwrap();
    assert_eq!(two.list(false).unwrap().len(), 1);
    assert_eq!(two.list(true).unwrap().len(), 2);

    // Leaked values: one key per store, prints shared.
    assert_eq!(one.literal_key().unwrap(), two.literal_key().unwrap());
    let print: LiteralPrint = format!("18:{:016x}:{}", 7, "ab".repeat(32))
        .parse()
        .unwrap();
    one.register_literal(10, &print, 18, &alice(), Utc::now(), &Redactor::builtin())
        .unwrap();
    assert_eq!(two.literal_count().unwrap(), 1);
    assert_eq!(two.literal_prints().unwrap(), [print]);

    // Presence: seen until it leaves.
    let now = Utc::now().timestamp_millis();
    let here = Presence::new(10, alice());
    one.announce(&here, now).unwrap();
    let peers = two.peers(10, "someone-else", now).unwrap();
    assert_eq!(peers.len(), 1);
    one.leave(&here.session).unwrap();
    assert!(two.peers(10, "someone-else", now).unwrap().is_empty());
}

#[test]
fn the_store_contract_holds_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut one = Store::open(&path).unwrap();
    let mut two = Store::open(&path).unwrap();
    contract(&mut one, &mut two);
}

#[test]
fn the_store_contract_holds_on_postgres() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let mut one = PgStore::open(&server.url("alice", &db)).unwrap();
    let mut two = PgStore::open(&server.url("bob", &db)).unwrap();
    contract(&mut one, &mut two);
}

/// The hash is warroom's, over the same text: the same history written to
/// either store has the same chain, so `verify` and `store copy` agree.
#[test]
fn both_stores_chain_the_same_history_to_the_same_hashes() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let mut postgres = PgStore::open(&server.url("alice", &db)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = Store::open(&dir.path().join("w.db")).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap();
    let stores: [&mut dyn IncidentStore; 2] = [&mut sqlite, &mut postgres];
    let mut chains = Vec::new();
    for store in stores {
        let id = declare_at(store, 0, at);
        store
            .apply(id, note("rotated"), &alice(), at, &Redactor::builtin())
            .unwrap();
        chains.push(store.hashes(id).unwrap());
    }
    assert_eq!(chains[0], chains[1]);
}

/// The database itself keeps the record append-only: the responder role
/// has no UPDATE or DELETE on events, and the trigger refuses them even
/// for the owner; nor can a responder write an event as someone else.
#[test]
fn the_responder_role_cannot_change_the_record() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let mut store = PgStore::open(&server.url("alice", &db)).unwrap();
    let id = declare_at(&mut store, 0, Utc::now());
    assert_eq!(store.account(), "alice");
    let mut alice = server.client("alice", &db);
    for sql in [
        "UPDATE warroom.events SET payload = '{}' WHERE incident = 1",
        "DELETE FROM warroom.events WHERE incident = 1",
        "TRUNCATE warroom.events",
        "DELETE FROM warroom.incident_ids",
        "UPDATE warroom.warroom_meta SET value = '99'",
    ] {
        let e = alice.batch_execute(sql).expect_err(sql);
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    // Writing as bob: refused by the trigger, whatever the client claims.
    let forged = alice.batch_execute(
        "INSERT INTO warroom.events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
         VALUES (1, 2, 'x', 'bob', 'bob', 'note_added', '{}', 'x', 'x')",
    );
    let e = forged.expect_err("an event as bob");
    assert!(
        e.to_string().contains("cannot be written as alice")
            || format!("{e:?}").contains("cannot be written as alice"),
        "{e:?}"
    );
    // Even the owner cannot edit: the trigger is for every role.
    let mut admin = server.client("warroom_admin", &db);
    assert!(
        admin
            .batch_execute("UPDATE warroom.events SET actor = 'mallory'")
            .is_err()
    );
    assert_eq!(
        store.verify(id).unwrap(),
        Verdict::Consistent {
            events: 1,
            head: store.hash_at(id, 1).unwrap().unwrap()
        }
    );
}

/// A schema newer than this binary is refused by responders and by
/// `migrate`, and left as it was.
#[test]
fn a_newer_schema_is_refused_untouched() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let mut admin = server.client("warroom_admin", &db);
    admin
        .batch_execute("UPDATE warroom.warroom_meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let err = PgStore::open(&server.url("alice", &db)).err().unwrap();
    assert!(
        err.to_string().contains("newer warroom (schema 99"),
        "{err}"
    );
    let err = PgStore::migrate(&server.url("warroom_admin", &db)).unwrap_err();
    assert!(err.to_string().contains("was not changed"), "{err}");
    let v: String = admin
        .query_one(
            "SELECT value FROM warroom.warroom_meta WHERE key = 'schema_version'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(v, "99");
    // And a server with no schema yet says what to run.
    let bare = server.client("postgres", "postgres");
    drop(bare);
    let err = PgStore::open(&server.url("alice", "postgres"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("store migrate"), "{err}");
}

/// 8 writers × 500 notes on one incident, each its own connection: every
/// note acknowledged is stored, none fails, the chain verifies.
#[test]
fn eight_concurrent_writers_lose_nothing() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let url = |n: usize| server.url(pg::RESPONDERS[n % 3], &db);
    let id = declare_at(&mut PgStore::open(&url(0)).unwrap(), 0, Utc::now());
    let started = std::time::Instant::now();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let url = url(w);
            std::thread::spawn(move || {
                let mut store = PgStore::open(&url).unwrap();
                let mut errors = 0;
                for n in 0..500 {
                    if act(&mut store, id, note(&format!("writer {w} note {n}"))).is_err() {
                        errors += 1;
                    }
                }
                errors
            })
        })
        .collect();
    let errors: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    eprintln!("8 x 500 notes in {:?}", started.elapsed());
    assert_eq!(errors, 0);
    let store = PgStore::open(&url(1)).unwrap();
    let (_, events) = store.incident(id).unwrap();
    assert_eq!(events.len(), 1 + 8 * 500);
    for w in 0..8 {
        for n in 0..500 {
            let want = format!("writer {w} note {n}");
            assert!(
                events
                    .iter()
                    .any(|e| matches!(&e.kind, EventKind::NoteAdded { text, .. } if *text == want)),
                "lost: {want}"
            );
        }
    }
    assert!(matches!(
        store.verify(id).unwrap(),
        Verdict::Consistent { events: 4001, .. }
    ));
}

/// Two processes start the same step at the same moment, over and over:
/// each time exactly one wins (exit 0) and the other is refused (exit 1).
#[test]
fn the_race_for_a_step_has_one_winner_and_one_refusal() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = common::Sandbox::new();
    let rounds = 10;
    for _ in 0..rounds {
        sb.cmd()
            .env("WARROOM_DB", server.url("alice", &db))
            .args(["declare", "secret-leak", "--title", "race"])
            .assert()
            .success();
    }
    for round in 1..=rounds {
        let racers: Vec<_> = ["alice", "bob"]
            .iter()
            .map(|who| {
                let mut cmd = sb.std_cmd();
                cmd.env("WARROOM_DB", server.url(who, &db))
                    .args(["step", &format!("INC-{round}"), "assess-scope", "start"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        let mut codes: Vec<i32> = racers
            .into_iter()
            .map(|r| r.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        codes.sort();
        assert_eq!(codes, [0, 1], "round {round}");
    }
}

/// A store asked to wake its reader holds a second connection that
/// LISTENs: another connection's event, leaked value or arrival wakes it,
/// and its change signals move without asking the server. When the
/// server drops that connection the signals still move (asked of the
/// server meanwhile) and it comes back by itself.
#[test]
fn a_listening_store_is_woken_by_other_connections_writes() {
    use std::sync::mpsc;
    use std::time::Duration;
    let wait = Duration::from_secs(30);
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let reader = PgStore::open(&server.url("alice", &db)).unwrap();
    let mut writer = PgStore::open(&server.url("bob", &db)).unwrap();
    let id = declare_at(&mut writer, 0, Utc::now());
    let (tx, woken) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    assert!(reader.wake_on_change(std::sync::Arc::new(move || {
        let _ = tx.lock().unwrap().send(());
    })));
    // The first wake-up says it is listening (and that it may have missed
    // something before).
    woken.recv_timeout(wait).expect("woken when listening");
    let drain = || while woken.try_recv().is_ok() {};
    let next = |what: &str| {
        woken
            .recv_timeout(wait)
            .unwrap_or_else(|_| panic!("not woken by {what}"))
    };

    // An event.
    drain();
    let (version, signature) = (
        reader.data_version().unwrap(),
        reader.events_signature().unwrap(),
    );
    act(&mut writer, id, note("from bob")).unwrap();
    next("an event");
    assert_ne!(reader.events_signature().unwrap(), signature);
    assert_ne!(reader.data_version().unwrap(), version);

    // Someone arriving: news, but not an event.
    drain();
    let (version, signature) = (
        reader.data_version().unwrap(),
        reader.events_signature().unwrap(),
    );
    let here = Presence::new(id, Actor::account("bob"));
    writer
        .announce(&here, Utc::now().timestamp_millis())
        .unwrap();
    next("an arrival");
    assert_ne!(reader.data_version().unwrap(), version);
    assert_eq!(reader.events_signature().unwrap(), signature);

    // A leaked value.
    drain();
    let version = reader.data_version().unwrap();
    let print: LiteralPrint = format!("18:{:016x}:{}", 9, "cd".repeat(32))
        .parse()
        .unwrap();
    writer
        .register_literal(id, &print, 18, &alice(), Utc::now(), &Redactor::builtin())
        .unwrap();
    next("a leaked value");
    assert_ne!(reader.data_version().unwrap(), version);

    // The server drops the listening connection.
    let listeners = |client: &mut postgres::Client| -> Vec<i32> {
        client
            .query(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'warroom-listen'",
                &[&db],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let mut su = server.client("postgres", &db);
    let before = listeners(&mut su);
    assert_eq!(before.len(), 1, "one LISTEN connection");
    // ... and refuses new connections for a while (the open ones stay).
    su.batch_execute(&format!("REVOKE CONNECT ON DATABASE {db} FROM PUBLIC"))
        .unwrap();
    su.execute("SELECT pg_terminate_backend($1)", &[&before[0]])
        .unwrap();
    let deadline = std::time::Instant::now() + wait;
    while !listeners(&mut su).is_empty() {
        assert!(std::time::Instant::now() < deadline, "still listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Meanwhile writes are still noticed: asked of the server.
    let signature = reader.events_signature().unwrap();
    act(&mut writer, id, note("while it was down")).unwrap();
    let deadline = std::time::Instant::now() + wait;
    while reader.events_signature().unwrap() == signature {
        assert!(
            std::time::Instant::now() < deadline,
            "a write while the listener was down went unnoticed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(listeners(&mut su).is_empty());
    // It comes back by itself, on a new connection, once it may.
    su.batch_execute(&format!("GRANT CONNECT ON DATABASE {db} TO PUBLIC"))
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let now = listeners(&mut su);
        if now.len() == 1 && now != before {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not listening again");
        std::thread::sleep(Duration::from_millis(100));
    }
    drain();
    let signature = reader.events_signature().unwrap();
    act(&mut writer, id, note("after it came back")).unwrap();
    next("an event after reconnecting");
    assert_ne!(reader.events_signature().unwrap(), signature);

    // Dropping the store stops its listener.
    drop(reader);
    let deadline = std::time::Instant::now() + wait;
    while !listeners(&mut su).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the LISTEN connection outlived its store"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A responder's shell on the server: their own home (their witnesses).
struct Shell<'a> {
    sb: &'a common::Sandbox,
    home: std::path::PathBuf,
    url: String,
}

impl<'a> Shell<'a> {
    fn new(sb: &'a common::Sandbox, server: &pg::Server, role: &str, db: &str) -> Shell<'a> {
        let home = sb.path().join(role);
        std::fs::create_dir_all(&home).unwrap();
        Shell {
            sb,
            home,
            url: server.url(role, db),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.sb
            .cmd()
            .env("WARROOM_DB", &self.url)
            .env("HOME", &self.home)
            .env("XDG_STATE_HOME", self.home.join("state"))
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout_of(args, self.run(args))
    }

    /// The one error line of a command that must exit 1.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        common::one_error_line(&format!("{args:?}"), &out.stderr)
    }
}

/// Alice declares INC-1 and adds five notes (six events, all hers), and
/// verifies it: her witness holds the head.
fn six_events_verified(alice: &Shell) {
    assert_eq!(
        alice.ok(&["declare", "secret-leak", "--title", "t"]),
        "INC-1\n"
    );
    for n in 1..=5 {
        alice.ok(&["note", "INC-1", &format!("note {n}")]);
    }
    let line = alice.ok(&["verify", "INC-1"]);
    assert!(
        line.starts_with("INC-1: 6 events") && line.contains("matches your witness"),
        "{line}"
    );
}

/// What only the schema's owner can do: switch the append-only trigger
/// off around `sql`, as a DBA (or whoever holds that role) would.
fn as_owner_without_the_trigger(server: &pg::Server, db: &str, sql: &str) {
    server
        .client("warroom_admin", db)
        .batch_execute(&format!(
            "SET search_path = warroom;
             ALTER TABLE events DISABLE TRIGGER events_append_only;
             {sql};
             ALTER TABLE events ENABLE TRIGGER events_append_only;"
        ))
        .unwrap();
}

/// The owner's cover-up after changing events: every hash of INC-1 and
/// its head recomputed (in SQL, as warroom computes them: each field and
/// the previous hash followed by a NUL, the account last when there is
/// one), so the chain agrees with itself.
const RECHAIN: &str = r"DO $$
DECLARE
  r record;
  prev text := repeat('0', 64);
  h text;
  nul bytea := '\x00'::bytea;
BEGIN
  FOR r IN SELECT * FROM events WHERE incident = 1 ORDER BY seq LOOP
    h := encode(sha256(
      convert_to(r.incident::text, 'UTF8') || nul || convert_to(r.seq::text, 'UTF8') || nul ||
      convert_to(r.at, 'UTF8') || nul || convert_to(r.actor, 'UTF8') || nul ||
      convert_to(r.kind, 'UTF8') || nul || convert_to(r.payload, 'UTF8') || nul ||
      convert_to(prev, 'UTF8') || nul ||
      CASE WHEN r.account <> '' THEN convert_to(r.account, 'UTF8') || nul ELSE ''::bytea END), 'hex');
    UPDATE events SET prev_hash = prev, hash = h WHERE incident = 1 AND seq = r.seq;
    prev := h;
  END LOOP;
  UPDATE heads SET seq = (SELECT MAX(seq) FROM events WHERE incident = 1), hash = prev
    WHERE incident = 1;
END $$";

/// The owner switches the trigger off and edits an event: `verify` names
/// the event and exits 1, for anyone, witness or not.
#[test]
fn an_event_edited_by_the_owner_is_named_by_verify() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = common::Sandbox::new();
    let alice = Shell::new(&sb, server, "alice", &db);
    six_events_verified(&alice);
    as_owner_without_the_trigger(
        server,
        &db,
        r#"UPDATE events SET payload = '{"text":"nothing happened"}' WHERE incident = 1 AND seq = 3"#,
    );
    let bob = Shell::new(&sb, server, "bob", &db);
    for who in [&alice, &bob] {
        let line = who.refused(&["verify", "INC-1"]);
        assert!(line.contains("INC-1: event 3"), "{line}");
    }
    // And with the trigger back on, nobody edits it back unseen.
    let mut owner = server.client("warroom_admin", &db);
    assert!(
        owner
            .batch_execute("UPDATE warroom.events SET payload = '{}' WHERE incident = 1")
            .is_err()
    );
}

/// The owner rewrites an event and recomputes the whole chain: the chain
/// agrees with itself, which `verify` says and no more to a stranger,
/// while the witness of the responder who wrote it names the event.
#[test]
fn a_chain_rewritten_and_rehashed_by_the_owner_is_caught_by_the_witness() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = common::Sandbox::new();
    let alice = Shell::new(&sb, server, "alice", &db);
    six_events_verified(&alice);
    as_owner_without_the_trigger(
        server,
        &db,
        &format!(
            r#"UPDATE events SET payload = '{{"text":"nothing happened"}}' WHERE incident = 1 AND seq = 3; {RECHAIN}"#
        ),
    );
    let bob = Shell::new(&sb, server, "bob", &db);
    let line = bob.ok(&["verify", "INC-1"]);
    assert!(
        line.starts_with("INC-1: 6 events") && line.contains("internally consistent"),
        "{line}"
    );
    let line = alice.refused(&["verify", "INC-1"]);
    assert!(
        line.starts_with("warroom: INC-1: event 3 was rewritten") && line.contains("your witness"),
        "{line}"
    );
}

/// The owner deletes the newest events and moves the head back, and
/// deletes a second incident outright: a consistent, shorter chain to a
/// stranger; missing events and a vanished incident to the witness, whose
/// number is not handed out again.
#[test]
fn a_tail_cut_by_the_owner_is_caught_by_the_witness() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = common::Sandbox::new();
    let alice = Shell::new(&sb, server, "alice", &db);
    six_events_verified(&alice);
    assert_eq!(
        alice.ok(&["declare", "secret-leak", "--title", "two"]),
        "INC-2\n"
    );
    as_owner_without_the_trigger(
        server,
        &db,
        &format!(
            "DELETE FROM events WHERE incident = 1 AND seq > 4; {RECHAIN};
             DELETE FROM events WHERE incident = 2; DELETE FROM heads WHERE incident = 2;
             ALTER TABLE incident_ids DISABLE TRIGGER incident_ids_append_only;
             DELETE FROM incident_ids WHERE id = 2;
             ALTER TABLE incident_ids ENABLE TRIGGER incident_ids_append_only"
        ),
    );
    let bob = Shell::new(&sb, server, "bob", &db);
    let line = bob.ok(&["verify", "INC-1"]);
    assert!(
        line.starts_with("INC-1: 4 events") && line.contains("internally consistent"),
        "{line}"
    );
    let line = alice.refused(&["verify", "INC-1"]);
    assert!(
        line.starts_with("warroom: INC-1: events 5-6 are missing") && line.contains("your witness"),
        "{line}"
    );
    let out = alice.run(&["verify", "--all"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("INC-2: FAILED: vanished"), "{text}");
    assert_eq!(
        alice.ok(&["declare", "secret-leak", "--title", "three"]),
        "INC-3\n"
    );
}

/// A responder may INSERT events (as themselves) with SQL of their own,
/// past the store's cleaning: an escape sequence planted in a note that
/// way never reaches another responder's terminal.
#[test]
fn an_escape_a_responder_inserts_by_hand_never_reaches_the_terminal() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = common::Sandbox::new();
    let alice = Shell::new(&sb, server, "alice", &db);
    alice.ok(&["declare", "secret-leak", "--title", "t"]);
    // The next event, chained and hashed as warroom would, by hand.
    server
        .client("alice", &db)
        .batch_execute(
            r#"SET search_path = warroom;
            DO $$
            DECLARE
              head record;
              nul bytea := '\x00'::bytea;
              -- JSON escapes: the decoded note holds ESC and BEL.
              payload text := '{"text":"x\u001b]0;pwned\u0007\u001b[2J done"}';
              at text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
              h text;
            BEGIN
              SELECT seq, hash INTO head FROM heads WHERE incident = 1;
              h := encode(sha256(
                convert_to('1', 'UTF8') || nul || convert_to((head.seq + 1)::text, 'UTF8') || nul ||
                convert_to(at, 'UTF8') || nul || convert_to('alice', 'UTF8') || nul ||
                convert_to('note_added', 'UTF8') || nul || convert_to(payload, 'UTF8') || nul ||
                convert_to(head.hash, 'UTF8') || nul || convert_to('alice', 'UTF8') || nul), 'hex');
              INSERT INTO events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
                VALUES (1, head.seq + 1, at, 'alice', 'alice', 'note_added', payload, head.hash, h);
              UPDATE heads SET seq = head.seq + 1, hash = h WHERE incident = 1;
            END $$"#,
        )
        .unwrap();
    // The hand-made event is a proper link of the chain.
    let line = alice.ok(&["verify", "INC-1"]);
    assert!(line.starts_with("INC-1: 2 events"), "{line}");
    common::assert_views_clean(|args| alice.run(args));
}
