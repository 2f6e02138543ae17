//! Versioned migrations, recorded in SQLite's `user_version`.

use rusqlite::Connection;

/// Each entry moves the schema up one version, in one transaction.
const MIGRATIONS: &[&str] = &[
    // 1: the event log, its per-incident heads, and the playbook texts.
    "CREATE TABLE events (
        incident  INTEGER NOT NULL,
        seq       INTEGER NOT NULL,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        payload   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL,
        PRIMARY KEY (incident, seq)
    ) WITHOUT ROWID;
    CREATE INDEX events_by_kind ON events (kind, incident, seq);
    CREATE TABLE heads (
        incident INTEGER PRIMARY KEY,
        seq      INTEGER NOT NULL,
        hash     TEXT NOT NULL
    );
    CREATE TABLE playbook_sources (
        sha256 TEXT PRIMARY KEY,
        source TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 2: leaked values registered for scrubbing, by keyed fingerprint only,
    // and the per-database key those fingerprints are made with.
    "CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE literals (
        print    TEXT PRIMARY KEY,
        incident INTEGER,
        at       TEXT NOT NULL,
        actor    TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 3: the operating-system account that wrote each event (chained into
    // its hash; empty for older events), and who has which incident open
    // right now. Presence rows are not events: they are overwritten every
    // second and deleted when a console leaves.
    "ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT '';
    CREATE TABLE presence (
        session  TEXT PRIMARY KEY,
        incident INTEGER NOT NULL,
        account  TEXT NOT NULL,
        name     TEXT NOT NULL,
        step     TEXT,
        host     TEXT NOT NULL,
        pid      INTEGER NOT NULL,
        seen_ms  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX presence_by_incident ON presence (incident, seen_ms);",
    // 4: every incident number ever handed out, so deleting the newest
    // incident does not let the next `declare` take its number again (the
    // next number used to be MAX(incident) + 1 over the events). Seeded
    // from the incidents that still have events; a number deleted before
    // this migration cannot be recovered from the database itself.
    "CREATE TABLE incident_ids (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL
    );
    INSERT INTO incident_ids (id, at)
        SELECT incident, MIN(at) FROM events GROUP BY incident;",
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as u32 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_database_numbers_on_from_its_highest_incident() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        // Incidents 3 and 4 were deleted before this version: only what is
        // left can be known.
        for (incident, seq) in [(1, 1), (1, 2), (2, 1), (5, 1)] {
            conn.execute(
                "INSERT INTO events (incident, seq, at, actor, kind, payload, prev_hash, hash)
                 VALUES (?1, ?2, '2026-01-0' || ?1 || 'T00:00:00.000Z', 'a', 'k', '{}', '', '')",
                [incident, seq],
            )
            .unwrap();
        }
        migrate(&mut conn, 3).unwrap();
        let ids: Vec<(i64, String)> = conn
            .prepare("SELECT id, at FROM incident_ids ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(ids.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [1, 2, 5]);
        assert_eq!(ids[2].1, "2026-01-05T00:00:00.000Z");
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }
}
