//! The application layer against a real store in a temporary directory:
//! declarations checked before anything is written, races refused with the
//! winner's name, drills ended by the command that resolves them, leaked
//! values scrubbed by the same session at once, and the change signal.

use super::live::{Change, Here, Watch};
use super::*;
use crate::incident::{Actor, Command, Status};
use crate::playbook::Library;
use crate::redact::Redactor;
use crate::store::Store;
use chrono::{Duration, Utc};
use std::sync::Arc;

pub(super) fn session(db: &std::path::Path, name: &str) -> Session {
    let (library, _) = Library::load(&[]).unwrap();
    let store = Store::open(db).unwrap();
    let redactor = Arc::new(redactor_without_config(&store));
    // Witnesses go beside the test's database, never into the home of
    // whoever runs the tests.
    let witness_dir = db.parent().unwrap().join(format!("witness-{name}"));
    std::fs::create_dir_all(&witness_dir).unwrap();
    Session {
        witness_dir: Some(witness_dir),
        leaked_known: store.literal_count().unwrap(),
        store: Box::new(store),
        library,
        redactor,
        actor: Actor::named(name.to_string(), name.to_string()),
    }
}

/// The session's redactor without reading the machine's config files.
fn redactor_without_config(store: &Store) -> Redactor {
    Redactor::builder()
        .literal_key(store.literal_key().unwrap())
        .literal_prints(store.literal_prints().unwrap())
        .build()
        .unwrap()
}

fn new(playbook: &str) -> NewIncident {
    NewIncident {
        playbook: playbook.into(),
        ..NewIncident::default()
    }
}

#[test]
fn a_declaration_is_checked_against_its_playbook() {
    let (library, _) = Library::load(&[]).unwrap();
    let err = |n: NewIncident| match check(&library, &n) {
        Err(Error::Bad(m)) => m,
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("accepted {n:?}"),
    };
    assert!(err(new("secret-leek")).contains("did you mean `secret-leak`"));
    let mut n = new("secret-rotation-emergency");
    n.inputs = vec![("secret-store".into(), "floppy".into())];
    assert!(err(n).contains("not a choice of `secret-store`"));
    let mut n = new("secret-leak");
    n.inputs = vec![("colour".into(), "red".into())];
    assert!(err(n).contains("has no input `colour`"));
    let mut n = new("secret-leak");
    n.speed = Some(60);
    assert!(err(n).contains("--speed is for drills"));
    // An empty title is the playbook's.
    let mut n = new("secret-leak");
    n.title = Some("  ".into());
    assert!(check(&library, &n).is_ok());
}

#[test]
fn two_responders_racing_for_a_step_get_one_success_and_one_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut alice = session(&db, "alice");
    let mut bob = session(&db, "bob");
    let id = alice.declare(&new("secret-leak"), Utc::now()).unwrap();
    let start = || Command::Start {
        step: "assess-scope".into(),
        force: None,
        note: None,
    };
    alice.apply(id, start(), Utc::now()).unwrap();
    match bob.apply(id, start(), Utc::now()) {
        Err(Error::Refused(m)) => assert!(m.contains("alice"), "{m}"),
        other => panic!("{:?}", other.map(|a| a.event)),
    }
}

#[test]
fn resolving_a_drill_ends_and_scores_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut alice = session(&db, "alice");
    let mut drill = new("secret-leak");
    drill.drill = true;
    drill.speed = Some(60);
    let t0 = Utc::now();
    let id = alice.declare(&drill, t0).unwrap();
    // Three playbook minutes in: the first signals are due and recorded
    // before the response.
    let now = t0 + Duration::seconds(3);
    let applied = alice
        .apply(id, Command::SetStatus(Status::Resolved), now)
        .unwrap();
    let card = applied.ended.expect("the drill was scored");
    assert!(!card.signals.is_empty());
    let state = alice.store.state(id).unwrap();
    assert!(state.score.is_some());
    assert!(alice.drill_card(id).unwrap().is_some());
    // Already scored: ending it again records nothing.
    assert!(alice.end_drill(id, now).unwrap().is_none());
    // A real incident is never scored.
    let real = alice.declare(&new("secret-leak"), t0).unwrap();
    let applied = alice
        .apply(real, Command::SetStatus(Status::Resolved), now)
        .unwrap();
    assert!(applied.ended.is_none());
}

#[test]
fn a_registered_value_is_scrubbed_by_the_same_session_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut alice = session(&db, "alice");
    let id = alice.declare(&new("secret-leak"), Utc::now()).unwrap();
    let secret = "plain-words-no-rule-matches-42";
    assert!(alice.redactor.clean_text(secret).contains(secret));
    let mut carol_later = session(&db, "carol");
    let leaked = alice.register_leaked(id, secret, Utc::now()).unwrap();
    assert_eq!(leaked.length, secret.len());
    assert!(!alice.redactor.clean_text(secret).contains(secret));
    // Another session on the database picks it up when it looks.
    assert!(carol_later.redactor.clean_text(secret).contains(secret));
    assert!(carol_later.refresh_leaked().unwrap());
    assert!(!carol_later.redactor.clean_text(secret).contains(secret));
    assert!(
        !carol_later.refresh_leaked().unwrap(),
        "nothing new the second time"
    );
}

#[test]
fn the_watch_tells_events_from_presence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut alice = session(&db, "alice");
    let bob = session(&db, "bob");
    let id = alice.declare(&new("secret-leak"), Utc::now()).unwrap();
    let mut watch = Watch::new(&bob.store).unwrap();
    assert_eq!(watch.poll(&bob.store), Change::Nothing);
    let mut here = Here::join(id, alice.actor.clone());
    here.beat(&alice.store, None).unwrap();
    assert_eq!(watch.poll(&bob.store), Change::Other);
    let peers = Here::join(id, bob.actor.clone())
        .others(&bob.store)
        .unwrap();
    assert_eq!(peers.len(), 1);
    alice
        .apply(id, Command::SetStatus(Status::Investigating), Utc::now())
        .unwrap();
    assert_eq!(watch.poll(&bob.store), Change::Events);
    assert_eq!(watch.poll(&bob.store), Change::Nothing);
    here.leave(&alice.store);
    assert!(
        Here::join(id, bob.actor.clone())
            .others(&bob.store)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn every_write_is_witnessed_and_a_witnessed_number_is_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut alice = session(&db, "alice");
    let now = Utc::now();
    let id = alice.declare(&new("secret-leak"), now).unwrap();
    let note = Command::Note {
        text: "seen".into(),
        step: None,
    };
    alice.apply(id, note, now).unwrap();
    let witnessed = |s: &Session| {
        super::witness::of(&s.store, s.witness_dir.as_deref())
            .unwrap()
            .1
            .unwrap()
    };
    let w = witnessed(&alice);
    let head = w.latest(id).unwrap();
    assert_eq!(head.seq, 2);
    assert_eq!(alice.store.hash_at(id, 2).unwrap(), Some(head.hash.clone()));

    // Every trace of the incident erased from the database, the record of
    // numbers handed out included: the witness still keeps its number.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DELETE FROM events; DELETE FROM heads; DELETE FROM incident_ids;")
        .unwrap();
    drop(conn);
    assert_eq!(alice.declare(&new("secret-leak"), now).unwrap(), id + 1);
    assert_eq!(witnessed(&alice).highest_id(), id + 1);
}
