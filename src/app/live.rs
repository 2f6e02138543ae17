//! Live sync: what other processes wrote, and who else has an incident
//! open. The console consumes the store's change signal and presence only
//! through here, so a second store implementation changes this one place.

use super::Error;
use crate::incident::Actor;
pub use crate::store::Peer;
use crate::store::{IncidentStore, Presence};

/// What changed in the store since the last look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing was written.
    Nothing,
    /// Something was written, but no event: presence, most likely.
    Other,
    /// Events were written: reload what is shown.
    Events,
}

/// Notices writes by any process, cheaply enough to ask four times a
/// second.
pub struct Watch {
    data_version: i64,
    /// Changes only when events are written, not presence.
    signature: (i64, i64),
}

impl Watch {
    /// Starts watching from the store as it is now.
    pub fn new(store: &dyn IncidentStore) -> Result<Watch, Error> {
        Ok(Watch {
            data_version: store.data_version()?,
            signature: store.events_signature()?,
        })
    }

    /// What was written since the last call (or [`Watch::seen`]). A store
    /// that cannot be asked counts as changed, so the caller reloads and
    /// reports what is wrong.
    pub fn poll(&mut self, store: &dyn IncidentStore) -> Change {
        let Ok(v) = store.data_version() else {
            return Change::Nothing;
        };
        if v == self.data_version {
            return Change::Nothing;
        }
        self.data_version = v;
        match store.events_signature() {
            Ok(sig) if sig == self.signature => Change::Other,
            Ok(sig) => {
                self.signature = sig;
                Change::Events
            }
            Err(_) => Change::Events,
        }
    }

    /// The caller has just read the events as they are: nothing up to now
    /// is news.
    pub fn seen(&mut self, store: &dyn IncidentStore) {
        if let Ok(sig) = store.events_signature() {
            self.signature = sig;
        }
    }
}

/// This console's presence on one incident: written about once a second
/// and when the selected step changes, removed when the console leaves.
pub struct Here {
    presence: Presence,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Here {
    /// Joins `incident` as `actor`, with a fresh session id.
    pub fn join(incident: u64, actor: Actor) -> Here {
        Here {
            presence: Presence::new(incident, actor),
        }
    }

    pub fn incident(&self) -> u64 {
        self.presence.incident
    }

    /// Refreshes this console's row, with the step it has selected.
    pub fn beat(&mut self, store: &dyn IncidentStore, step: Option<String>) -> Result<(), Error> {
        self.presence.step = step;
        Ok(store.announce(&self.presence, now_ms())?)
    }

    /// Tells the others at once when the selected step changed; `false`
    /// when it had not.
    pub fn moved(&mut self, store: &dyn IncidentStore, step: Option<String>) -> bool {
        if self.presence.step == step {
            return false;
        }
        self.presence.step = step;
        let _ = store.announce(&self.presence, now_ms());
        true
    }

    /// Everyone else who has this incident open now.
    pub fn others(&self, store: &dyn IncidentStore) -> Result<Vec<Peer>, Error> {
        Ok(store.peers(self.presence.incident, &self.presence.session, now_ms())?)
    }

    /// Removes this console's row: the others stop showing it at once.
    pub fn leave(&self, store: &dyn IncidentStore) {
        let _ = store.leave(&self.presence.session);
    }
}

/// For a long-running reader without a session (`warroom tail -f`):
/// notices, at most once a second, leaked values registered on the
/// database since, and builds the redactor that scrubs them too.
pub struct Leaks {
    store: Box<dyn IncidentStore>,
    library: crate::playbook::Library,
    known: u64,
    last: std::time::Instant,
}

impl Leaks {
    pub fn new(
        store: Box<dyn IncidentStore>,
        library: crate::playbook::Library,
    ) -> Result<Leaks, Error> {
        Ok(Leaks {
            known: store.literal_count()?,
            store,
            library,
            last: std::time::Instant::now(),
        })
    }

    /// A redactor that knows every value registered so far, when some were
    /// registered since the last one this handed out (or since `new`).
    pub fn newer(&mut self) -> Option<std::sync::Arc<crate::redact::Redactor>> {
        if self.last.elapsed() < std::time::Duration::from_secs(1) {
            return None;
        }
        self.last = std::time::Instant::now();
        let count = self.store.literal_count().ok()?;
        if count == self.known {
            return None;
        }
        let redactor = super::redactor(&self.library, Some(&self.store)).ok()?;
        self.known = count;
        Some(std::sync::Arc::new(redactor))
    }
}
