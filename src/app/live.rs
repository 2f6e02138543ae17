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

    /// As [`Watch::new`], and `wake` is called (from another thread) soon
    /// after anyone else commits, when the store can tell (PostgreSQL's
    /// LISTEN): then `true`, and polling is only the fallback for a lost
    /// connection, so it can be rare.
    pub fn woken_by(
        store: &dyn IncidentStore,
        wake: std::sync::Arc<dyn Fn() + Send + Sync>,
    ) -> Result<(Watch, bool), Error> {
        // Before the first look: from then on the store's signals count
        // what its listener heard.
        let pushed = store.wake_on_change(wake);
        Ok((Watch::new(store)?, pushed))
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
/// notices leaked values registered on the database since, and builds the
/// redactor that scrubs them too. A store that must be polled is asked
/// once a second; one that wakes its readers (PostgreSQL) as soon as
/// anyone wrote, and otherwise only every few seconds, in case its
/// listening connection was down.
pub struct Leaks {
    store: Box<dyn IncidentStore>,
    library: crate::playbook::Library,
    known: u64,
    last: std::time::Instant,
    /// Set by the store's listener when someone wrote; `None` when the
    /// store must be polled.
    written: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// How often a reader the store wakes asks anyway.
const WOKEN_FALLBACK: std::time::Duration = std::time::Duration::from_secs(5);

impl Leaks {
    pub fn new(
        store: Box<dyn IncidentStore>,
        library: crate::playbook::Library,
    ) -> Result<Leaks, Error> {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let set = flag.clone();
        let woken = store.wake_on_change(std::sync::Arc::new(move || {
            set.store(true, std::sync::atomic::Ordering::SeqCst)
        }));
        Ok(Leaks {
            known: store.literal_count()?,
            store,
            library,
            last: std::time::Instant::now(),
            written: woken.then_some(flag),
        })
    }

    /// A redactor that knows every value registered so far, when some were
    /// registered since the last one this handed out (or since `new`).
    pub fn newer(&mut self) -> Option<std::sync::Arc<crate::redact::Redactor>> {
        let due = match &self.written {
            Some(flag) => {
                flag.swap(false, std::sync::atomic::Ordering::SeqCst)
                    || self.last.elapsed() >= WOKEN_FALLBACK
            }
            None => self.last.elapsed() >= std::time::Duration::from_secs(1),
        };
        if !due {
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

/// Runs a long-lived loop (the console, `warroom watch`) on this thread.
///
/// The stores are blocking, and the PostgreSQL client blocks on a tokio
/// runtime of its own, which tokio refuses to do on a thread that is
/// already driving one ("cannot start a runtime from within a runtime").
/// So the loop's future is polled here by a plain park/unpark executor,
/// and the runtime its timers, signals and sockets register with is
/// driven by a thread of its own, which wakes this one. Store calls inside
/// the loop then block as they would anywhere else.
pub fn run_loop<F: std::future::Future>(f: F) -> Result<F::Output, Error> {
    use std::sync::Arc;
    let cannot = |e: std::io::Error| Error::Bad(format!("cannot start: {e}"));
    let runtime = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(cannot)?,
    );
    let stop = Arc::new(tokio::sync::Notify::new());
    let driver = {
        let (runtime, stop) = (runtime.clone(), stop.clone());
        std::thread::Builder::new()
            .name("warroom-io".into())
            .spawn(move || runtime.block_on(stop.notified()))
            .map_err(cannot)?
    };
    let out = {
        let _registered_here = runtime.enter();
        block_here(f)
    };
    // The loop's timers and signals are gone with it; the driver can go.
    stop.notify_one();
    let _ = driver.join();
    Ok(out)
}

/// Polls `f` on the current thread until it is done, sleeping while it
/// waits for a wake-up.
fn block_here<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(out) = f.as_mut().poll(&mut cx) {
            return out;
        }
        // An unpark that came before this park makes it return at once,
        // so no wake-up is lost.
        std::thread::park();
    }
}
