//! Who has an incident open right now. Not events: each open console
//! overwrites its own row every second and deletes it when it leaves, and
//! readers ignore rows that stopped being refreshed (a console killed
//! without a chance to clean up) or whose process is gone.

use super::{Store, StoreError};
use crate::incident::Actor;
use rusqlite::params;

/// A console's row goes stale this long after its last refresh.
pub const STALE_MS: i64 = 4_000;

/// Rows older than this are deleted by whoever writes next.
pub(super) const FORGET_MS: i64 = 60_000;

/// One open console, as the others see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    pub actor: Actor,
    /// The step it has selected.
    pub step: Option<String>,
}

/// This console's presence.
#[derive(Clone, Debug)]
pub struct Presence {
    pub session: String,
    pub incident: u64,
    pub actor: Actor,
    pub step: Option<String>,
}

impl Presence {
    /// A fresh session for this process.
    pub fn new(incident: u64, actor: Actor) -> Presence {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Presence {
            session: format!("{}:{}:{nanos}", hostname(), std::process::id()),
            incident,
            actor,
            step: None,
        }
    }
}

pub fn hostname() -> String {
    crate::paths::hostname()
}

/// Whether a process on this host is gone (a console killed with -9).
/// Another user's live process answers EPERM, which counts as alive.
fn gone(pid: i64) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// A console's row as read: who, the step selected, its host and pid.
pub(super) type PresenceRow = (Actor, Option<String>, String, i64);

/// The live consoles among fresh rows (most recent first): one per account
/// and name, sorted by name; a console on this host whose process is gone
/// is not there.
pub(super) fn peers_from(rows: Vec<PresenceRow>) -> Vec<Peer> {
    let host = hostname();
    let mut peers: Vec<Peer> = Vec::new();
    for (actor, step, at, pid) in rows {
        if at == host && gone(pid) {
            continue;
        }
        if !peers.iter().any(|p| p.actor == actor) {
            peers.push(Peer { actor, step });
        }
    }
    peers.sort_by(|a, b| a.actor.name.cmp(&b.actor.name));
    peers
}

impl Store {
    /// Writes (or refreshes) this console's row. Presence is not worth an
    /// fsync: the write uses `synchronous=NORMAL`, which in WAL mode is
    /// still safe from corruption, and losing a heartbeat to a power cut
    /// costs nothing.
    pub fn announce(&self, p: &Presence, now_ms: i64) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA synchronous=NORMAL")?;
        let written = self.conn.execute(
            "INSERT INTO presence (session, incident, account, name, step, host, pid, seen_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (session) DO UPDATE SET incident = excluded.incident,
                 step = excluded.step, seen_ms = excluded.seen_ms",
            params![
                p.session,
                p.incident as i64,
                p.actor.account,
                p.actor.name,
                p.step,
                hostname(),
                std::process::id() as i64,
                now_ms
            ],
        );
        let forgotten = self.conn.execute(
            "DELETE FROM presence WHERE seen_ms < ?1",
            [now_ms - FORGET_MS],
        );
        let restored = self.conn.execute_batch("PRAGMA synchronous=FULL");
        written?;
        forgotten?;
        restored?;
        Ok(())
    }

    /// Removes this console's row: it is leaving.
    pub fn leave(&self, session: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM presence WHERE session = ?1", [session])?;
        Ok(())
    }

    /// The other consoles that have `incident` open, one per account and
    /// name, most recently active first.
    pub fn peers(&self, incident: u64, me: &str, now_ms: i64) -> Result<Vec<Peer>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT account, name, step, host, pid FROM presence
             WHERE incident = ?1 AND session != ?2 AND seen_ms >= ?3
             ORDER BY seen_ms DESC",
        )?;
        let rows = stmt.query_map(params![incident as i64, me, now_ms - STALE_MS], |r| {
            Ok((
                Actor::named(r.get::<_, String>(1)?, r.get::<_, String>(0)?),
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let rows = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(peers_from(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("w.db")).unwrap();
        (dir, s)
    }

    #[test]
    fn a_peer_is_seen_until_it_leaves_or_goes_stale() {
        let (_d, s) = store();
        let mut alice = Presence::new(1, Actor::account("alice"));
        alice.session = "alice-session".into();
        alice.step = Some("revoke".into());
        s.announce(&alice, 10_000).unwrap();
        let seen = s.peers(1, "bob-session", 10_500).unwrap();
        assert_eq!(
            seen,
            vec![Peer {
                actor: Actor::account("alice"),
                step: Some("revoke".into())
            }]
        );
        // Not shown to herself, nor on another incident.
        assert!(s.peers(1, "alice-session", 10_500).unwrap().is_empty());
        assert!(s.peers(2, "bob-session", 10_500).unwrap().is_empty());
        // Stale after STALE_MS without a refresh.
        assert!(
            s.peers(1, "bob-session", 10_000 + STALE_MS + 1)
                .unwrap()
                .is_empty()
        );
        s.leave("alice-session").unwrap();
        assert!(s.peers(1, "bob-session", 10_500).unwrap().is_empty());
    }

    #[test]
    fn a_dead_process_on_this_host_is_not_present() {
        let (_d, s) = store();
        let p = Presence::new(1, Actor::account("alice"));
        s.announce(&p, 1_000).unwrap();
        // Rewrite the row's pid to one that cannot exist.
        s.conn
            .execute("UPDATE presence SET pid = 2147483000", [])
            .unwrap();
        assert!(s.peers(1, "other", 1_500).unwrap().is_empty());
    }
}
