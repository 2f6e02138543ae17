//! `verify` claims exactly what it can prove. A member with write access
//! to the shared database plays the attacker here, through `rusqlite`:
//! rewriting an event and recomputing every hash and head, cutting the
//! newest events, deleting a whole incident. The chain alone cannot see
//! any of that; this account's witness, an export made before, and a head
//! written down before must each catch all three.

mod common;

use common::{Sandbox, one_error_line};
use predicates::prelude::*;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A responder's environment on a shared database: `home` holds their
/// own state (their witnesses), the database lives elsewhere.
struct Responder<'a> {
    sb: &'a Sandbox,
    home: PathBuf,
    db: PathBuf,
}

impl Responder<'_> {
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.sb.cmd();
        c.env("WARROOM_DB", &self.db)
            .env("HOME", &self.home)
            .env("XDG_STATE_HOME", self.home.join("state"));
        c
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout_of(args, self.run(args))
    }

    /// The one stderr line of a command that must exit with `code`.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        one_error_line(&format!("{args:?}"), &out.stderr)
    }

    fn witness_dir(&self) -> PathBuf {
        self.home.join("state/warroom/witness")
    }
}

fn responder<'a>(sb: &'a Sandbox, name: &str) -> Responder<'a> {
    let home = sb.path().join(name);
    std::fs::create_dir_all(&home).unwrap();
    Responder {
        sb,
        home,
        db: sb.path().join("shared/w.db"),
    }
}

/// Alice declares INC-1 and adds five notes: six events, all hers.
fn six_events(alice: &Responder) {
    std::fs::create_dir_all(alice.db.parent().unwrap()).unwrap();
    assert_eq!(
        alice.ok(&["declare", "secret-leak", "--title", "t"]),
        "INC-1\n"
    );
    for i in 1..=5 {
        alice.ok(&["note", "INC-1", &format!("note {i}")]);
    }
}

/// The head hash `verify` printed.
fn head_of(line: &str) -> String {
    let at = line.find(", head ").expect("verify prints the head") + ", head ".len();
    line[at..at + 64].to_string()
}

/// The chain hash exactly as warroom computes it: incident, seq, at,
/// actor, kind, payload, previous hash and (when there is one) the
/// account, each followed by a NUL.
fn event_hash(incident: i64, seq: i64, fields: &[String; 5], prev: &str) -> String {
    let [at, actor, kind, payload, account] = fields;
    let mut h = Sha256::new();
    let (incident, seq) = (incident.to_string(), seq.to_string());
    let parts = [&incident, &seq, at, actor, kind, payload]
        .map(String::as_str)
        .into_iter()
        .chain([prev])
        .chain((!account.is_empty()).then_some(account.as_str()));
    for part in parts {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What a hostile member does after changing events: recompute every
/// hash of the incident and its head, so the chain agrees with itself.
fn rechain(conn: &Connection, incident: i64) {
    let rows: Vec<(i64, [String; 5])> = conn
        .prepare(
            "SELECT seq, at, actor, kind, payload, account FROM events WHERE incident = ?1 ORDER BY seq",
        )
        .unwrap()
        .query_map([incident], |r| {
            Ok((
                r.get(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev = "0".repeat(64);
    for (seq, fields) in rows {
        let hash = event_hash(incident, seq, &fields, &prev);
        conn.execute(
            "UPDATE events SET prev_hash = ?1, hash = ?2 WHERE incident = ?3 AND seq = ?4",
            rusqlite::params![prev, hash, incident, seq],
        )
        .unwrap();
        conn.execute(
            "UPDATE heads SET seq = ?1, hash = ?2 WHERE incident = ?3",
            rusqlite::params![seq, hash, incident],
        )
        .unwrap();
        prev = hash;
    }
}

fn tamper(db: &Path, sql: &str) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(sql).unwrap();
    rechain(&conn, 1);
}

/// Everything recorded before the attack: the head `verify` printed and
/// exports in two formats.
struct Before {
    head: String,
    json: PathBuf,
    md: PathBuf,
}

fn record_before(alice: &Responder) -> Before {
    let line = alice.ok(&["verify", "INC-1"]);
    assert!(
        line.starts_with("INC-1: 6 events, head ") && line.contains("matches your witness"),
        "{line}"
    );
    assert!(line.trim_end().ends_with("up to event 6"), "{line}");
    let json = alice.sb.path().join("before.json");
    let md = alice.sb.path().join("before.md");
    alice.ok(&[
        "export",
        "INC-1",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    alice.ok(&["export", "INC-1", "-o", md.to_str().unwrap()]);
    Before {
        head: head_of(&line),
        json,
        md,
    }
}

#[test]
fn a_rewritten_and_rehashed_chain_is_caught_by_every_record_made_before() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let before = record_before(&alice);

    tamper(
        &alice.db,
        r#"UPDATE events SET payload = '{"text":"nothing happened"}' WHERE incident = 1 AND seq = 3"#,
    );

    // The chain alone is fooled: it agrees with itself. Someone without a
    // record is told only that.
    let stranger = responder(&sb, "stranger");
    let line = stranger.ok(&["verify", "INC-1"]);
    assert!(line.contains("internally consistent"), "{line}");
    assert_ne!(head_of(&line), before.head);

    let line = alice.fails(&["verify", "INC-1"], 1);
    assert!(
        line.starts_with("warroom: INC-1: event 3 was rewritten") && line.contains("your witness"),
        "{line}"
    );
    // The records made before catch it on their own, for someone with no
    // witness at all, and are named when given.
    for who in [&alice, &stranger] {
        let json = before.json.to_str().unwrap();
        let line = who.fails(&["verify", "INC-1", "--against", json], 1);
        assert!(
            line.starts_with("warroom: INC-1: event 3 was rewritten") && line.contains(json),
            "{line}"
        );
        // Markdown keeps only the head: the rewrite shows at the head.
        let md = before.md.to_str().unwrap();
        let line = who.fails(&["verify", "INC-1", "--against", md], 1);
        assert!(
            line.starts_with("warroom: INC-1: event 6 ") && line.contains(md),
            "{line}"
        );
        let line = who.fails(&["verify", "INC-1", "--expect", &before.head], 1);
        assert!(
            line.starts_with("warroom: INC-1: no event has the expected head"),
            "{line}"
        );
    }

    // Writing on top of the rewritten chain does not launder it: the
    // action succeeds, the witness keeps what was really written.
    alice.ok(&["note", "INC-1", "after the rewrite"]);
    let line = alice.fails(&["verify", "INC-1"], 1);
    assert!(line.contains("event 3 was rewritten"), "{line}");
}

#[test]
fn a_cut_tail_with_its_head_moved_back_is_caught_by_every_record_made_before() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let before = record_before(&alice);

    tamper(
        &alice.db,
        "DELETE FROM events WHERE incident = 1 AND seq > 4",
    );

    let stranger = responder(&sb, "stranger");
    let line = stranger.ok(&["verify", "INC-1"]);
    assert!(
        line.starts_with("INC-1: 4 events, head ") && line.contains("internally consistent"),
        "{line}"
    );

    let line = alice.fails(&["verify", "INC-1"], 1);
    assert!(
        line.starts_with("warroom: INC-1: events 5-6 are missing") && line.contains("your witness"),
        "{line}"
    );
    for who in [&alice, &stranger] {
        for export in [&before.json, &before.md] {
            let export = export.to_str().unwrap();
            let line = who.fails(&["verify", "INC-1", "--against", export], 1);
            assert!(
                line.starts_with("warroom: INC-1: events 5-6 are missing") && line.contains(export),
                "{line}"
            );
        }
        let line = who.fails(&["verify", "INC-1", "--expect", &before.head], 1);
        assert!(
            line.contains("INC-1: no event has the expected head")
                && line.contains("ends at event 4"),
            "{line}"
        );
    }
}

#[test]
fn a_deleted_incident_is_reported_vanished_and_its_number_never_reused() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    assert_eq!(alice.ok(&["declare", "secret-leak"]), "INC-2\n");
    alice.ok(&["note", "INC-2", "found it"]);
    let all = alice.ok(&["verify", "--all"]);
    assert_eq!(all.lines().count(), 2, "{all}");

    // Every trace, including the record of numbers handed out.
    let conn = Connection::open(&alice.db).unwrap();
    conn.execute_batch(
        "DELETE FROM events WHERE incident = 2; DELETE FROM heads WHERE incident = 2;
         DELETE FROM incident_ids WHERE id = 2;",
    )
    .unwrap();
    drop(conn);

    let out = alice.run(&["verify", "--all"]);
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line("verify --all", &out.stderr);
    assert!(
        line.starts_with("warroom: INC-2: vanished") && line.contains("up to event 2"),
        "{line}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("INC-1: 6 events, head "), "{stdout}");
    assert!(stdout.contains("INC-2: FAILED: vanished"), "{stdout}");
    let line = alice.fails(&["verify", "INC-2"], 1);
    assert!(line.starts_with("warroom: INC-2: vanished"), "{line}");

    // Her next incident does not take the vanished one's number.
    assert_eq!(alice.ok(&["declare", "secret-leak"]), "INC-3\n");

    // An honest clean-up (events and head only) is seen from the database
    // alone, and the number is not reused for anyone.
    let conn = Connection::open(&alice.db).unwrap();
    conn.execute_batch(
        "DELETE FROM events WHERE incident = 3; DELETE FROM heads WHERE incident = 3;",
    )
    .unwrap();
    drop(conn);
    let bob = responder(&sb, "bob");
    let line = bob.fails(&["verify", "--all"], 1);
    assert!(
        line.starts_with("warroom: INC-3: vanished: it was declared in this database"),
        "{line}"
    );
    assert_eq!(bob.ok(&["declare", "secret-leak"]), "INC-4\n");
}

#[test]
fn with_no_witness_the_chain_is_only_internally_consistent() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let fresh = responder(&sb, "fresh");
    let line = fresh.ok(&["verify", "INC-1"]);
    assert!(line.starts_with("INC-1: 6 events, head "), "{line}");
    assert!(line.contains("internally consistent"), "{line}");
    assert!(!line.contains("intact"), "{line}");
    assert_eq!(line.lines().count(), 1);
    // The head it prints is one to write down: `--expect` vouches for it.
    let head = head_of(&line);
    let line = fresh.ok(&["verify", "INC-1", "--expect", &head]);
    assert!(
        line.contains("matches the expected head up to event 6") && !line.contains("intact"),
        "{line}"
    );
}

#[test]
fn a_payload_that_is_not_utf8_is_named_by_its_event() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let conn = Connection::open(&alice.db).unwrap();
    conn.execute_batch(
        r#"UPDATE events SET payload = CAST(X'7B2274657874223A22FF227D' AS TEXT) WHERE incident = 1 AND seq = 3"#,
    )
    .unwrap();
    drop(conn);
    let line = alice.fails(&["verify", "INC-1"], 1);
    assert!(
        line.contains("INC-1: event 3's payload is not valid UTF-8"),
        "{line}"
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let line = alice.fails(&["verify", "INC-9"], 2);
    assert!(line.contains("unknown incident INC-9"), "{line}");
    let line = alice.fails(&["verify", "INC-1", "--expect", "abc123"], 2);
    assert!(line.contains("64 hex digits"), "{line}");
    let missing = sb.path().join("nope.json");
    let line = alice.fails(
        &["verify", "INC-1", "--against", missing.to_str().unwrap()],
        2,
    );
    assert!(line.contains("nope.json"), "{line}");
    let junk = sb.write("junk.txt", "hello\n");
    let line = alice.fails(&["verify", "INC-1", "--against", junk.to_str().unwrap()], 2);
    assert!(line.contains("junk.txt"), "{line}");
    let md = sb.path().join("one.md");
    alice.ok(&["export", "INC-1", "-o", md.to_str().unwrap()]);
    let line = alice.fails(&["verify", "INC-2", "--against", md.to_str().unwrap()], 2);
    assert!(line.contains("has no INC-2"), "{line}");
    let head = "0".repeat(64);
    alice.fails(
        &[
            "verify",
            "INC-1",
            "--expect",
            &head,
            "--against",
            md.to_str().unwrap(),
        ],
        2,
    );
}

#[test]
fn witnesses_are_private_and_a_witness_that_cannot_be_written_fails_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let alice = responder(&sb, "alice");
    six_events(&alice);
    let dir = alice.witness_dir();
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(files.len(), 1, "one witness per database: {files:?}");
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Carol's state directory is unusable (a file where the directory
    // should be): her actions still succeed, unwitnessed.
    let carol = responder(&sb, "carol");
    std::fs::create_dir_all(carol.home.join("state")).unwrap();
    std::fs::write(carol.home.join("state/warroom"), "not a directory").unwrap();
    carol
        .cmd()
        .args(["note", "INC-1", "still recorded"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // Her verify still works, and says why nothing vouches for it.
    let line = carol.ok(&["verify", "INC-1"]);
    assert!(
        line.contains("internally consistent") && line.contains("could not be read"),
        "{line}"
    );

    // A damaged witness is reported, not taken for an absent one.
    std::fs::write(&files[0], "{ damaged").unwrap();
    let line = alice.fails(&["verify", "INC-1"], 2);
    assert!(line.contains("cannot read your witness"), "{line}");
}
