//! Live sync on PostgreSQL: a second connection, on a thread of its own,
//! `LISTEN`s on the channels every write notifies inside its transaction,
//! so a console hears another responder's commit as it happens instead of
//! asking the server four times a second.
//!
//! What it heard is kept as counters (any channel; events only), which
//! `PgStore::data_version` and `events_signature` hand to `live::Watch`
//! unchanged in meaning: they move whenever someone else commits. While
//! the connection is down the store falls back to asking the server, and
//! the thread reconnects with a growing delay; on reconnecting it counts
//! one change, since notifications sent meanwhile were lost. Nothing here
//! ever prints: diagnostics go through `tracing` (the console's log file).

use postgres::Client;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// What writes notify (see `insert`, `register_literal`, `announce`).
pub const EVENTS: &str = "warroom_events";
pub const LITERALS: &str = "warroom_literals";
pub const PRESENCE: &str = "warroom_presence";

/// Called from the listening thread after a change was counted.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// Longest single wait for a notification: how soon the thread notices it
/// was asked to stop (the store was dropped).
const WAIT: Duration = Duration::from_millis(250);
/// After this much silence the connection is checked with a round trip: a
/// server or link that died without closing the socket must not leave a
/// console believing it listens.
const CHECK_AFTER: Duration = Duration::from_secs(10);
const CHECK_WITHIN: Duration = Duration::from_secs(5);
/// Reconnection delays: doubled after each failure, up to the cap.
const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Heard {
    /// Notifications on any channel, plus one per (re)connection.
    any: AtomicI64,
    /// Notifications on `warroom_events`, plus one per (re)connection.
    events: AtomicI64,
    /// Whether the connection is listening now.
    up: AtomicBool,
    stop: AtomicBool,
}

impl Heard {
    fn count(&self, events: bool) {
        if events {
            self.events.fetch_add(1, Ordering::SeqCst);
        }
        self.any.fetch_add(1, Ordering::SeqCst);
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// The listening thread, stopped when this is dropped.
pub struct Listener {
    heard: Arc<Heard>,
}

impl Listener {
    /// Starts listening on `url` in the background. `own_pid` is the
    /// backend of the store's main connection: its own writes are not
    /// news (the caller already reloads after them, as SQLite's
    /// `data_version` does not move for its own connection).
    pub fn start(url: &str, own_pid: i32, wake: Wake) -> Listener {
        let heard = Arc::new(Heard::default());
        let (url, h) = (url.to_string(), heard.clone());
        let spawned = std::thread::Builder::new()
            .name("warroom-listen".into())
            .spawn(move || run(&url, own_pid, &h, &wake));
        if let Err(e) = spawned {
            // Not listening is not fatal: the store polls instead.
            tracing::warn!(error = %e, "cannot start the LISTEN thread; polling instead");
        }
        Listener { heard }
    }

    /// Whether notifications arrive now; when not, ask the server.
    pub fn listening(&self) -> bool {
        self.heard.up.load(Ordering::SeqCst)
    }

    /// (any channel, events) counted so far.
    pub fn heard(&self) -> (i64, i64) {
        (
            self.heard.any.load(Ordering::SeqCst),
            self.heard.events.load(Ordering::SeqCst),
        )
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // The thread sees this within one WAIT and closes its connection.
        self.heard.stop.store(true, Ordering::SeqCst);
    }
}

fn run(url: &str, own_pid: i32, heard: &Heard, wake: &Wake) {
    let mut retry = FIRST_RETRY;
    let mut lost = false;
    while !heard.stopped() {
        match listen(url) {
            Ok(mut client) => {
                // What was committed while nobody listened was not heard:
                // count it as news, so the reader looks once.
                heard.count(true);
                heard.up.store(true, Ordering::SeqCst);
                if std::mem::take(&mut lost) {
                    tracing::info!("listening for changes again");
                }
                wake();
                let since = Instant::now();
                let why = hear(&mut client, own_pid, heard, wake);
                heard.up.store(false, Ordering::SeqCst);
                let Some(why) = why else { return };
                tracing::warn!(reason = %why, "lost the LISTEN connection; polling until it is back");
                lost = true;
                // The reader starts polling at once rather than on its
                // slow fallback tick.
                wake();
                // A connection that held a while earns a quick retry; one
                // that drops at once backs off like a failed connect.
                if since.elapsed() >= MAX_RETRY {
                    retry = FIRST_RETRY;
                }
            }
            Err(why) => {
                tracing::warn!(reason = %why, retry_in = ?retry, "cannot LISTEN for changes; polling meanwhile");
                lost = true;
            }
        }
        pause(heard, retry);
        retry = (retry * 2).min(MAX_RETRY);
    }
}

/// A new connection, listening on every channel.
fn listen(url: &str) -> Result<Client, String> {
    let mut client = super::connect::connect_named(url, "warroom-listen")?;
    client
        .batch_execute(&format!(
            "LISTEN {EVENTS}; LISTEN {LITERALS}; LISTEN {PRESENCE}"
        ))
        .map_err(|e| super::describe(&e))?;
    Ok(client)
}

/// Counts notifications until asked to stop (`None`) or the connection
/// is lost (why).
fn hear(client: &mut Client, own_pid: i32, heard: &Heard, wake: &Wake) -> Option<String> {
    let mut quiet = Instant::now();
    loop {
        if heard.stopped() {
            return None;
        }
        if let Some(why) = drain(client, own_pid, heard, wake, &mut quiet) {
            return Some(why);
        }
        if client.is_closed() {
            return Some("the server closed the connection".into());
        }
        if quiet.elapsed() >= CHECK_AFTER {
            if let Err(e) = client.is_valid(CHECK_WITHIN) {
                return Some(super::describe(&e));
            }
            quiet = Instant::now();
        }
    }
}

/// Counts what arrives within one WAIT; why, if the connection failed.
fn drain(
    client: &mut Client,
    own_pid: i32,
    heard: &Heard,
    wake: &Wake,
    quiet: &mut Instant,
) -> Option<String> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut notifications = client.notifications();
    let mut waiting = notifications.timeout_iter(WAIT);
    loop {
        match waiting.next() {
            Ok(Some(n)) => {
                *quiet = Instant::now();
                if n.process_id() == own_pid {
                    continue;
                }
                heard.count(n.channel() == EVENTS);
                wake();
            }
            Ok(None) => return None,
            Err(e) => return Some(super::describe(&e)),
        }
    }
}

/// Sleeps `d`, waking early when asked to stop.
fn pause(heard: &Heard, d: Duration) {
    let until = Instant::now() + d;
    while !heard.stopped() {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(WAIT));
    }
}
