//! The store's own guarantees about numbering and what `verify` reads:
//! numbers are never handed out twice, the heads a connection wrote are
//! the ones stored, and a row that is not text is named by its event.

use super::*;
use crate::playbook::{Library, bundled_source};

fn declare(store: &mut Store, floor: u64) -> u64 {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let decl = Declaration {
        playbook: pb,
        source: bundled_source("secret-leak").unwrap(),
        title: "t".into(),
        severity: Severity::P2,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    store
        .declare_above(
            decl,
            floor,
            &Actor::account("alice"),
            Utc::now(),
            &Redactor::builtin(),
        )
        .unwrap()
}

fn note(store: &mut Store, id: u64, text: &str) -> Event {
    store
        .apply(
            id,
            Command::Note {
                text: text.into(),
                step: None,
            },
            &Actor::account("alice"),
            Utc::now(),
            &Redactor::builtin(),
        )
        .unwrap()
}

#[test]
fn a_deleted_incident_number_is_not_handed_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    assert_eq!(declare(&mut store, 0), 1);
    assert_eq!(declare(&mut store, 0), 2);
    store
        .conn
        .execute_batch(
            "DELETE FROM events WHERE incident = 2; DELETE FROM heads WHERE incident = 2;",
        )
        .unwrap();
    assert_eq!(declare(&mut store, 0), 3);
    assert!(store.allocated_at(2).unwrap().is_some());
    assert!(!store.has_events(2).unwrap());
    assert_eq!(store.known_ids().unwrap(), [1, 2, 3]);
    // A number known from outside the database is skipped too, even when
    // the database lost every trace of it.
    store
        .conn
        .execute_batch("DELETE FROM incident_ids")
        .unwrap();
    assert_eq!(declare(&mut store, 9), 10);
}

#[test]
fn the_heads_written_are_the_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    let id = declare(&mut store, 0);
    let e = note(&mut store, id, "one");
    let written = store.take_written();
    assert_eq!(written.len(), 2);
    assert_eq!((written[0].incident, written[0].seq), (id, 1));
    assert_eq!(written[1].seq, e.seq);
    for w in &written {
        assert_eq!(
            store.hash_at(id, w.seq).unwrap().as_deref(),
            Some(w.hash.as_str())
        );
    }
    assert!(store.take_written().is_empty(), "taken once");
    let Verdict::Consistent { events, head } = store.verify(id).unwrap() else {
        panic!("not consistent");
    };
    assert_eq!((events, head), (2, written[1].hash.clone()));
}

#[test]
fn a_payload_that_is_not_utf8_is_named_by_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    let id = declare(&mut store, 0);
    note(&mut store, id, "one");
    note(&mut store, id, "two");
    store
        .conn
        .execute_batch(
            "UPDATE events SET payload = CAST(X'7B2274657874223A22FF227D' AS TEXT) WHERE seq = 2",
        )
        .unwrap();
    match store.verify(id).unwrap() {
        Verdict::Broken { seq, problem } => {
            assert_eq!(seq, 2);
            assert!(
                problem.contains("event 2's payload is not valid UTF-8"),
                "{problem}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = store.incident(id).unwrap_err().to_string();
    assert!(err.contains("not valid UTF-8"), "{err}");
}

/// The names in `dir`, sorted: what a glance must leave exactly as it was.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_peek_reads_without_making_a_file_with_or_without_a_wal_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    assert!(Store::peek(&db).unwrap().is_none());
    assert_eq!(entries(dir.path()), Vec::<String>::new());

    // A writer still open: its events are in the WAL, read through the
    // -shm it keeps.
    let mut writer = Store::open(&db).unwrap();
    let id = declare(&mut writer, 0);
    let before = entries(dir.path());
    assert_eq!(before, ["w.db", "w.db-shm", "w.db-wal"]);
    let peek = Store::peek(&db).unwrap().unwrap();
    assert_eq!(peek.list(false).unwrap().len(), 1);
    drop(peek);
    assert_eq!(entries(dir.path()), before);

    // The writer gone (its WAL checkpointed and removed): the file alone,
    // and no -wal or -shm appears for the glance.
    drop(writer);
    assert_eq!(entries(dir.path()), ["w.db"]);
    let peek = Store::peek(&db).unwrap().unwrap();
    let open: Vec<String> = peek
        .list(false)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(open, [crate::incident::display_id(id)]);
    drop(peek);
    assert_eq!(entries(dir.path()), ["w.db"]);
}
