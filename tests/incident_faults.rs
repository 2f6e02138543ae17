//! Faults the store must survive: concurrent writers, writers killed at any
//! moment, tampering, and databases it must refuse to touch.

mod common;

use common::Sandbox;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("warroom")
}

/// A raw command (not assert_cmd) for spawning many processes at once.
fn raw(sb: &Sandbox, db: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env("WARROOM_DB", db)
        .env("XDG_CONFIG_HOME", sb.path().join("config"))
        .env("XDG_DATA_HOME", sb.path().join("data"))
        .env("XDG_STATE_HOME", sb.path().join("state"))
        .env("HOME", sb.path())
        .env_remove("WARROOM_ACTOR")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn declared(sb: &Sandbox) -> PathBuf {
    let db = sb.path().join("w.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["declare", "secret-leak"])
        .assert()
        .success()
        .stdout("INC-1\n");
    db
}

fn note_texts(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT json_extract(payload, '$.text') FROM events WHERE kind = 'note_added'")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn eight_writers_with_a_hundred_notes_each_all_land() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let handles: Vec<_> = (0..8)
        .map(|w| {
            let db = db.clone();
            let cfg = sb.path().join("config");
            let state = sb.path().join("state");
            std::thread::spawn(move || {
                for i in 0..100 {
                    let out = Command::new(bin())
                        .env("WARROOM_DB", &db)
                        .env("XDG_CONFIG_HOME", &cfg)
                        .env("XDG_STATE_HOME", &state)
                        .args(["note", "INC-1", &format!("writer {w} note {i}")])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "writer {w} note {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let notes = note_texts(&db);
    assert_eq!(notes.len(), 800);
    let unique: std::collections::HashSet<_> = notes.iter().collect();
    assert_eq!(unique.len(), 800, "every note once");
    // Every writer witnessed its own note: the newest head is vouched for.
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("INC-1: 801 events, head ")
                .and(predicate::str::contains("matches your witness"))
                .and(predicate::str::ends_with("up to event 801\n")),
        );
}

/// Twelve rounds of five `note` writers, most of them killed (SIGKILL)
/// 0..30 ms after they start; returns the notes whose writer exited 0.
fn kill_loop(mut writer: impl FnMut(&str) -> std::process::Child) -> Vec<String> {
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..12 {
        let children: Vec<_> = (0..5)
            .map(|i| {
                let text = format!("round {round} writer {i}");
                let child = writer(&text);
                (text, child)
            })
            .collect();
        for (text, mut child) in children {
            // xorshift: a kill after 0..30 ms, or none.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let delay = seed % 40;
            if delay < 30 {
                std::thread::sleep(std::time::Duration::from_millis(delay));
                if child.try_wait().unwrap().is_none() {
                    let _ = child.kill();
                    killed += 1;
                }
            }
            let status = child.wait().unwrap();
            if status.success() {
                acknowledged.push(text);
            }
        }
    }
    assert!(killed > 0, "no writer was killed; the test proved nothing");
    assert!(
        !acknowledged.is_empty(),
        "no writer finished; the test proved nothing"
    );
    acknowledged
}

#[test]
fn writers_killed_at_random_moments_lose_no_acknowledged_note() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let acknowledged =
        kill_loop(|text| raw(&sb, &db).args(["note", "INC-1", text]).spawn().unwrap());
    let stored = note_texts(&db);
    for text in &acknowledged {
        assert!(stored.contains(text), "acknowledged note lost: {text}");
    }
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .success();
}

/// The same loop against a PostgreSQL server (tests/common/pg.rs): a
/// writer killed mid-transaction leaves nothing, one that exited 0 left
/// its note committed.
#[cfg(feature = "postgres")]
#[test]
fn writers_killed_at_random_moments_lose_no_acknowledged_note_on_postgres() {
    let Some(server) = common::pg::server() else {
        return;
    };
    let name = server.fresh_db();
    let url = server.url("alice", &name);
    let sb = Sandbox::new();
    sb.cmd()
        .env("WARROOM_DB", &url)
        .args(["declare", "secret-leak"])
        .assert()
        .success()
        .stdout("INC-1\n");
    let acknowledged = kill_loop(|text| {
        let mut c = sb.std_cmd();
        c.env("WARROOM_DB", &url)
            .args(["note", "INC-1", text])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c.spawn().unwrap()
    });
    let stored: Vec<String> = server
        .client("alice", &name)
        .query(
            "SELECT payload::jsonb ->> 'text' FROM warroom.events WHERE kind = 'note_added'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for text in &acknowledged {
        assert!(stored.contains(text), "acknowledged note lost: {text}");
    }
    sb.cmd()
        .env("WARROOM_DB", &url)
        .args(["verify", "INC-1"])
        .assert()
        .success();
}

/// Runs `sql` against the database, then expects `verify` to fail naming `needle`.
fn tampered(sql: &str, needle: &str) {
    let sb = Sandbox::new();
    let db = declared(&sb);
    for i in 0..5 {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args(["note", "INC-1", &format!("note {i}")])
            .assert()
            .success();
    }
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["verify", "INC-1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(needle).and(predicate::str::contains("\n").count(1)));
}

#[test]
fn an_edited_event_is_named() {
    tampered(
        r#"UPDATE events SET payload = '{"text":"nothing happened"}' WHERE seq = 3"#,
        "event 3 was edited",
    );
}

#[test]
fn a_deleted_event_is_named() {
    tampered("DELETE FROM events WHERE seq = 3", "event 3 is missing");
}

#[test]
fn a_deleted_last_event_is_named() {
    tampered("DELETE FROM events WHERE seq = 6", "event 6 is missing");
}

#[test]
fn an_inserted_event_is_named() {
    // Shift events 3.. up by one and forge a new event 3.
    tampered(
        "UPDATE events SET seq = seq + 100 WHERE seq >= 3;
         UPDATE events SET seq = seq - 99 WHERE seq >= 100;
         INSERT INTO events (incident, seq, at, actor, kind, payload, prev_hash, hash)
           SELECT incident, 3, at, 'mallory', 'note_added', '{\"text\":\"forged\"}', hash, hash FROM events WHERE seq = 2;",
        "event 3",
    );
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("newer warroom")
                .and(predicate::str::contains("panicked").not()),
        );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database was modified"
    );
}

#[test]
fn a_file_that_is_not_a_database_and_a_missing_directory_are_one_line() {
    let sb = Sandbox::new();
    let junk = sb.write("junk.db", "hello ".repeat(1000));
    sb.cmd()
        .env("WARROOM_DB", &junk)
        .args(["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not a warroom database")
                .and(predicate::str::contains("\n").count(1)),
        );
    sb.cmd()
        .env("WARROOM_DB", sb.path().join("no/such/dir/w.db"))
        .args(["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "its directory {} does not exist",
                sb.path().join("no/such/dir").display()
            ))
            .and(predicate::str::contains("\n").count(1)),
        );
}

#[test]
fn a_read_only_database_is_refused() {
    let sb = Sandbox::new();
    let db = declared(&sb);
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o444);
    std::fs::set_permissions(&db, perms).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&db).is_ok() {
        eprintln!("skipped: running as root, file modes do not stop writes here");
        return;
    }
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["note", "INC-1", "x"])
        .assert()
        .code(2);
}

#[test]
fn the_database_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let db = declared(&sb);
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
