//! What the application layer needs from a store, whatever keeps it.
//!
//! [`IncidentStore`] is the interface `app` is moving onto (issue 20):
//! today's SQLite [`Store`] implements it, and a PostgreSQL store will.
//! Every operation keeps the promises of `docs/STORE.md`: events are
//! appended, never changed; a write checks the incident's head and appends
//! in one transaction, so a lost race is a refusal; an `Ok` means
//! committed.
//!
//! What stays off the trait is specific to a file on this host: opening
//! (with its access checks, WAL and the team directory), the read-only
//! open on a full disk, and `set_bulk_loading`. Those remain inherent
//! methods of [`Store`].
//!
//! The trait is object safe: the application layer takes
//! `&dyn IncidentStore`, and a `&Store` coerces to it, so callers holding
//! a `Store` do not change.

use super::{
    Declaration, DeclaredSource, Peer, Presence, Store, StoreError, Summary, Verdict, Written,
};
use crate::incident::{Actor, Command, Event, IncidentState};
use crate::redact::{LiteralPrint, Redactor};
use chrono::{DateTime, Utc};
use std::path::Path;

/// An append-only, hash-chained event log per incident, with the leaked
/// values' fingerprints and who is looking at what.
pub trait IncidentStore {
    /// Where the store lives, for messages and as the key witnesses are
    /// filed under: the database file for SQLite. (For PostgreSQL: the
    /// connection URL without its password; see `docs/STORE.md`.)
    fn path(&self) -> &Path;

    // Writing: each is one transaction that checks the head and appends.

    /// Declares a new incident numbered above `floor` and above every
    /// number the store ever handed out; returns its number.
    fn declare_above(
        &mut self,
        d: Declaration,
        floor: u64,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError>;

    /// Validates `cmd` against the incident as stored now and appends the
    /// event it yields; a lost race is `StoreError::Refused`.
    fn apply(
        &mut self,
        id: u64,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError>;

    /// Records a leaked value's fingerprint and the fact on the incident's
    /// timeline, together.
    fn register_literal(
        &mut self,
        id: u64,
        print: &LiteralPrint,
        length: usize,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError>;

    /// The heads this connection committed since the last call, oldest
    /// first, for the account's witness.
    fn take_written(&self) -> Vec<Written>;

    // Reading incidents.

    /// The incident's current folded state.
    fn state(&self, id: u64) -> Result<IncidentState, StoreError>;
    /// The folded state and every event.
    fn incident(&self, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError>;
    /// As [`IncidentStore::incident`], each event beside its chain hash.
    fn incident_with_hashes(
        &self,
        id: u64,
    ) -> Result<(IncidentState, Vec<(Event, String)>), StoreError>;
    /// Each event's chain hash, by sequence number.
    fn hashes(&self, id: u64) -> Result<Vec<String>, StoreError>;
    /// The stored hash of one event, if it exists.
    fn hash_at(&self, id: u64, seq: u64) -> Result<Option<String>, StoreError>;
    /// The playbook text the incident was declared with, as stored.
    fn declared_source(&self, id: u64) -> Result<DeclaredSource, StoreError>;
    /// Walks the hash chain; names the first event not as written.
    fn verify(&self, id: u64) -> Result<Verdict, StoreError>;

    // Listing and numbering.

    /// Incidents, oldest first; only open ones unless `all`.
    fn list(&self, all: bool) -> Result<Vec<Summary>, StoreError>;
    /// Ids of every incident with a head, oldest first.
    fn ids(&self) -> Result<Vec<u64>, StoreError>;
    /// Every number known in any way (events, head, or only handed out).
    fn known_ids(&self) -> Result<Vec<u64>, StoreError>;
    /// When `declare` handed out this number, if it did.
    fn allocated_at(&self, id: u64) -> Result<Option<String>, StoreError>;
    /// Whether the incident has any event left.
    fn has_events(&self, id: u64) -> Result<bool, StoreError>;

    // Leaked values.

    /// The per-store key literal fingerprints are made with (created on
    /// first use).
    fn literal_key(&self) -> Result<[u8; 32], StoreError>;
    /// Every registered fingerprint.
    fn literal_prints(&self) -> Result<Vec<LiteralPrint>, StoreError>;
    /// How many are registered: a change means redactors must reload.
    fn literal_count(&self) -> Result<u64, StoreError>;

    // Live: change signals and presence.

    /// Changes whenever anyone else commits anything.
    fn data_version(&self) -> Result<i64, StoreError>;
    /// Changes whenever an event is written to any incident.
    fn events_signature(&self) -> Result<(i64, i64), StoreError>;
    /// Calls `wake`, from a thread of the store's own, soon after anyone
    /// else commits, so a reader need not poll often; `false` when the
    /// store cannot (SQLite: polling `data_version` reads the file's
    /// header, no server round trip).
    fn wake_on_change(&self, _wake: std::sync::Arc<dyn Fn() + Send + Sync>) -> bool {
        false
    }
    /// Says this console is here (overwrites its earlier row).
    fn announce(&self, p: &Presence, now_ms: i64) -> Result<(), StoreError>;
    /// Removes this console's presence.
    fn leave(&self, session: &str) -> Result<(), StoreError>;
    /// The other consoles on `incident` seen recently.
    fn peers(&self, incident: u64, me: &str, now_ms: i64) -> Result<Vec<Peer>, StoreError>;
}

/// Today's store: every operation is the inherent method of the same name.
impl IncidentStore for Store {
    fn path(&self) -> &Path {
        Store::path(self)
    }
    fn declare_above(
        &mut self,
        d: Declaration,
        floor: u64,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError> {
        Store::declare_above(self, d, floor, actor, at, redactor)
    }
    fn apply(
        &mut self,
        id: u64,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        Store::apply(self, id, cmd, actor, now, redactor)
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
        Store::register_literal(self, id, print, length, actor, now, redactor)
    }
    fn take_written(&self) -> Vec<Written> {
        Store::take_written(self)
    }
    fn state(&self, id: u64) -> Result<IncidentState, StoreError> {
        Store::state(self, id)
    }
    fn incident(&self, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
        Store::incident(self, id)
    }
    fn incident_with_hashes(
        &self,
        id: u64,
    ) -> Result<(IncidentState, Vec<(Event, String)>), StoreError> {
        Store::incident_with_hashes(self, id)
    }
    fn hashes(&self, id: u64) -> Result<Vec<String>, StoreError> {
        Store::hashes(self, id)
    }
    fn hash_at(&self, id: u64, seq: u64) -> Result<Option<String>, StoreError> {
        Store::hash_at(self, id, seq)
    }
    fn declared_source(&self, id: u64) -> Result<DeclaredSource, StoreError> {
        Store::declared_source(self, id)
    }
    fn verify(&self, id: u64) -> Result<Verdict, StoreError> {
        Store::verify(self, id)
    }
    fn list(&self, all: bool) -> Result<Vec<Summary>, StoreError> {
        Store::list(self, all)
    }
    fn ids(&self) -> Result<Vec<u64>, StoreError> {
        Store::ids(self)
    }
    fn known_ids(&self) -> Result<Vec<u64>, StoreError> {
        Store::known_ids(self)
    }
    fn allocated_at(&self, id: u64) -> Result<Option<String>, StoreError> {
        Store::allocated_at(self, id)
    }
    fn has_events(&self, id: u64) -> Result<bool, StoreError> {
        Store::has_events(self, id)
    }
    fn literal_key(&self) -> Result<[u8; 32], StoreError> {
        Store::literal_key(self)
    }
    fn literal_prints(&self) -> Result<Vec<LiteralPrint>, StoreError> {
        Store::literal_prints(self)
    }
    fn literal_count(&self) -> Result<u64, StoreError> {
        Store::literal_count(self)
    }
    fn data_version(&self) -> Result<i64, StoreError> {
        Store::data_version(self)
    }
    fn events_signature(&self) -> Result<(i64, i64), StoreError> {
        Store::events_signature(self)
    }
    fn announce(&self, p: &Presence, now_ms: i64) -> Result<(), StoreError> {
        Store::announce(self, p, now_ms)
    }
    fn leave(&self, session: &str) -> Result<(), StoreError> {
        Store::leave(self, session)
    }
    fn peers(&self, incident: u64, me: &str, now_ms: i64) -> Result<Vec<Peer>, StoreError> {
        Store::peers(self, incident, me, now_ms)
    }
}

/// A boxed store is a store, so `&session.store` (a `Box<dyn IncidentStore>`)
/// passes where `&dyn IncidentStore` is asked for.
impl<T: IncidentStore + ?Sized> IncidentStore for Box<T> {
    fn path(&self) -> &Path {
        (**self).path()
    }
    fn declare_above(
        &mut self,
        d: Declaration,
        floor: u64,
        actor: &Actor,
        at: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<u64, StoreError> {
        (**self).declare_above(d, floor, actor, at, redactor)
    }
    fn apply(
        &mut self,
        id: u64,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
        redactor: &Redactor,
    ) -> Result<Event, StoreError> {
        (**self).apply(id, cmd, actor, now, redactor)
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
        (**self).register_literal(id, print, length, actor, now, redactor)
    }
    fn take_written(&self) -> Vec<Written> {
        (**self).take_written()
    }
    fn state(&self, id: u64) -> Result<IncidentState, StoreError> {
        (**self).state(id)
    }
    fn incident(&self, id: u64) -> Result<(IncidentState, Vec<Event>), StoreError> {
        (**self).incident(id)
    }
    fn incident_with_hashes(
        &self,
        id: u64,
    ) -> Result<(IncidentState, Vec<(Event, String)>), StoreError> {
        (**self).incident_with_hashes(id)
    }
    fn hashes(&self, id: u64) -> Result<Vec<String>, StoreError> {
        (**self).hashes(id)
    }
    fn hash_at(&self, id: u64, seq: u64) -> Result<Option<String>, StoreError> {
        (**self).hash_at(id, seq)
    }
    fn declared_source(&self, id: u64) -> Result<DeclaredSource, StoreError> {
        (**self).declared_source(id)
    }
    fn verify(&self, id: u64) -> Result<Verdict, StoreError> {
        (**self).verify(id)
    }
    fn list(&self, all: bool) -> Result<Vec<Summary>, StoreError> {
        (**self).list(all)
    }
    fn ids(&self) -> Result<Vec<u64>, StoreError> {
        (**self).ids()
    }
    fn known_ids(&self) -> Result<Vec<u64>, StoreError> {
        (**self).known_ids()
    }
    fn allocated_at(&self, id: u64) -> Result<Option<String>, StoreError> {
        (**self).allocated_at(id)
    }
    fn has_events(&self, id: u64) -> Result<bool, StoreError> {
        (**self).has_events(id)
    }
    fn literal_key(&self) -> Result<[u8; 32], StoreError> {
        (**self).literal_key()
    }
    fn literal_prints(&self) -> Result<Vec<LiteralPrint>, StoreError> {
        (**self).literal_prints()
    }
    fn literal_count(&self) -> Result<u64, StoreError> {
        (**self).literal_count()
    }
    fn data_version(&self) -> Result<i64, StoreError> {
        (**self).data_version()
    }
    fn events_signature(&self) -> Result<(i64, i64), StoreError> {
        (**self).events_signature()
    }
    fn wake_on_change(&self, wake: std::sync::Arc<dyn Fn() + Send + Sync>) -> bool {
        (**self).wake_on_change(wake)
    }
    fn announce(&self, p: &Presence, now_ms: i64) -> Result<(), StoreError> {
        (**self).announce(p, now_ms)
    }
    fn leave(&self, session: &str) -> Result<(), StoreError> {
        (**self).leave(session)
    }
    fn peers(&self, incident: u64, me: &str, now_ms: i64) -> Result<Vec<Peer>, StoreError> {
        (**self).peers(incident, me, now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Status;
    use crate::playbook::{Library, Severity, bundled_source};
    use std::collections::BTreeMap;

    /// The SQLite store through the interface, as `app` will hold it:
    /// declare, apply, read back with hashes, list, verify.
    #[test]
    fn the_sqlite_store_works_through_the_interface() {
        let dir = tempfile::tempdir().unwrap();
        let mut sqlite = Store::open(&dir.path().join("w.db")).unwrap();
        let store: &mut dyn IncidentStore = &mut sqlite;
        let (lib, _) = Library::bundled();
        let pb = &lib.get("secret-leak").unwrap().playbook;
        let alice = Actor::account("alice");
        let redactor = Redactor::builtin();
        let decl = Declaration {
            playbook: pb,
            source: bundled_source("secret-leak").unwrap(),
            title: "t".into(),
            severity: Severity::P2,
            inputs: BTreeMap::new(),
            drill: false,
            speed: 1,
        };
        let id = store
            .declare_above(decl, 0, &alice, Utc::now(), &redactor)
            .unwrap();
        let event = store
            .apply(
                id,
                Command::Note {
                    text: "looking".into(),
                    step: None,
                },
                &alice,
                Utc::now(),
                &redactor,
            )
            .unwrap();
        assert_eq!(event.seq, 2);
        let written = store.take_written();
        assert_eq!(written.iter().map(|w| w.seq).collect::<Vec<_>>(), [1, 2]);
        let (_, events) = store.incident_with_hashes(id).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(store.hash_at(id, 2).unwrap().as_ref(), Some(&events[1].1));
        assert_eq!(
            store.verify(id).unwrap(),
            Verdict::Consistent {
                events: 2,
                head: events[1].1.clone()
            }
        );
        let listed = store.list(false).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status, Status::Declared);
        assert_eq!(store.ids().unwrap(), [id]);
    }
}
