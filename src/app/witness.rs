//! What this account saw itself write, kept where no other account can
//! write: one file per database in the account's own state directory.
//!
//! Every member of the team can rewrite the shared database and recompute
//! its whole hash chain, so the chain alone proves only that it agrees with
//! itself. The heads an account wrote, kept outside the database, are what
//! lets `verify` say more: an event this account wrote is still there and
//! still the same, and so is everything before it (each hash covers the
//! one before). The file also remembers every incident number the account
//! saw, so a deleted incident is reported and its number never reused.

use crate::store::{IncidentStore, Written};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Version of the file's shape.
const FORMAT: u32 = 1;

/// Checkpoints kept per incident. Enough to name a rewritten event closely
/// (every write of a short incident, the recent ones of a long one) while
/// the file, rewritten on every action, stays small.
const KEEP: usize = 64;

/// Incidents (the highest numbers) that keep all their checkpoints; older
/// ones keep only their first and newest, which still show a rewrite, a
/// cut tail or a deletion, so a database used for years keeps a witness
/// file of a few hundred kilobytes.
const RECENT: usize = 32;

/// A head this account produced: the event's number and its chain hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub hash: String,
}

/// One database as this account witnessed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witness {
    pub format: u32,
    /// The database's canonical path, for people reading the file (the
    /// file's name is its hash).
    pub db: String,
    /// Per incident number: checkpoints in ascending `seq`, the last one
    /// the newest head this account wrote.
    pub incidents: BTreeMap<u64, Vec<Checkpoint>>,
}

impl Witness {
    /// Adds a head this account wrote. A second, different hash for an
    /// event already witnessed is not taken: the first one seen is what
    /// was written, and keeping it keeps the rewrite visible.
    pub fn record(&mut self, incident: u64, seq: u64, hash: &str) -> bool {
        let list = self.incidents.entry(incident).or_default();
        match list.binary_search_by_key(&seq, |c| c.seq) {
            Ok(i) => list[i].hash == hash,
            Err(i) => {
                list.insert(
                    i,
                    Checkpoint {
                        seq,
                        hash: hash.to_string(),
                    },
                );
                thin(list);
                self.compact();
                true
            }
        }
    }

    /// Applies [`RECENT`]: older incidents keep their first and newest
    /// checkpoints only.
    fn compact(&mut self) {
        let old = self.incidents.len().saturating_sub(RECENT);
        for list in self.incidents.values_mut().take(old) {
            if list.len() > 2 {
                let newest = list.pop().expect("more than two");
                list.truncate(1);
                list.push(newest);
            }
        }
    }

    /// The newest head witnessed for an incident.
    pub fn latest(&self, incident: u64) -> Option<&Checkpoint> {
        self.incidents.get(&incident).and_then(|l| l.last())
    }

    /// The highest incident number witnessed (0 for none): the next
    /// declaration must be numbered above it.
    pub fn highest_id(&self) -> u64 {
        self.incidents.keys().next_back().copied().unwrap_or(0)
    }
}

/// Keeps at most [`KEEP`] checkpoints: the first (the declaration) and the
/// newest always, and among the older half every other one, so coverage
/// thins out with age instead of stopping.
fn thin(list: &mut Vec<Checkpoint>) {
    while list.len() > KEEP {
        let half = list.len() / 2;
        let mut i = 0;
        list.retain(|_| {
            let keep = i == 0 || i >= half || i % 2 == 0;
            i += 1;
            keep
        });
    }
}

/// Where this account keeps its witness of the database at `db`: in `dir`
/// (`None`: the account's own state directory, `witness/` in it), named by
/// the sha256 of the database's canonical path, so each database has its
/// own file whichever way it was named (`--db`, config, a symlink).
pub fn path_for(db: &Path, dir: Option<&Path>) -> io::Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let canonical = canonical(db)?;
    let digest = Sha256::digest(canonical.as_os_str().as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => crate::paths::own_state_dir("witness")?,
    };
    Ok(dir.join(format!("{name}.json")))
}

/// What names the database: a file's canonical path; a server's URL as
/// given (there is no file to resolve, and a URL never carries a
/// password: one is refused), so the same server spelled another way
/// has a witness of its own.
fn canonical(db: &Path) -> io::Result<PathBuf> {
    match db.to_str() {
        Some(url) if crate::config::is_url(url) => Ok(db.to_path_buf()),
        _ => std::fs::canonicalize(db),
    }
}

/// The witness at `path`; `None` when this account never wrote to that
/// database.
pub fn load(path: &Path) -> io::Result<Option<Witness>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let witness: Witness = serde_json::from_slice(&bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    if witness.format > FORMAT {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("written by a newer warroom (format {})", witness.format),
        ));
    }
    Ok(Some(witness))
}

/// The witness of the database `store` is on, and where it is kept (see
/// [`path_for`] for `dir`).
pub fn of(store: &dyn IncidentStore, dir: Option<&Path>) -> io::Result<(PathBuf, Option<Witness>)> {
    let path = path_for(store.path(), dir)?;
    let witness = load(&path)?;
    Ok((path, witness))
}

/// Records the heads this account just wrote. An incident whose newest
/// witnessed head is no longer in the database as it was seen gets no new
/// checkpoint: writing on top of a rewritten chain must not make the
/// rewrite look witnessed. Those incidents are returned (the caller logs
/// them); the action itself has succeeded either way.
pub fn record(
    store: &dyn IncidentStore,
    dir: Option<&Path>,
    written: &[Written],
) -> io::Result<Vec<u64>> {
    let path = path_for(store.path(), dir)?;
    locked(&path, || {
        let mut witness = load(&path)?.unwrap_or_default();
        witness.format = FORMAT;
        witness.db = canonical(store.path())?.to_string_lossy().into_owned();
        let mut refused = Vec::new();
        for w in written {
            if refused.contains(&w.incident) {
                continue;
            }
            let holds = match witness.latest(w.incident) {
                None => true,
                // A checkpoint at or after this write (another process of
                // this account got there first) is checked the same way.
                Some(c) => store
                    .hash_at(w.incident, c.seq)
                    .map_err(io::Error::other)?
                    .is_some_and(|h| h == c.hash),
            };
            if !holds || !witness.record(w.incident, w.seq, &w.hash) {
                refused.push(w.incident);
            }
        }
        let mut text = serde_json::to_vec(&witness).map_err(io::Error::other)?;
        text.push(b'\n');
        crate::paths::write_atomically(&path, &text, 0o600)?;
        Ok(refused)
    })
}

/// Runs `f` holding an exclusive lock beside `path`, so two processes of
/// this account (a console and a command) do not each read the file and
/// write back a copy without the other's heads. Waits a few seconds at
/// most: a stuck holder costs a witness, never the responder's action.
fn locked<T>(path: &Path, f: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path.with_extension("lock"))?;
    let start = std::time::Instant::now();
    loop {
        // SAFETY: flock on a descriptor `lock` owns for this whole scope.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::WouldBlock {
            return Err(err);
        }
        if start.elapsed() > std::time::Duration::from_secs(5) {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "another warroom of yours held the witness lock for 5 s",
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Closing `lock` when this returns releases it.
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: u64) -> String {
        format!("{n:064x}")
    }

    #[test]
    fn heads_are_kept_in_order_and_the_highest_id_is_known() {
        let mut w = Witness::default();
        assert_eq!(w.highest_id(), 0);
        assert!(w.record(2, 3, &h(3)));
        assert!(w.record(2, 1, &h(1)));
        assert!(w.record(7, 1, &h(71)));
        assert_eq!(w.latest(2).unwrap().seq, 3);
        let seqs: Vec<u64> = w.incidents[&2].iter().map(|c| c.seq).collect();
        assert_eq!(seqs, [1, 3]);
        assert_eq!(w.highest_id(), 7);
    }

    #[test]
    fn a_second_hash_for_a_witnessed_event_is_not_taken() {
        let mut w = Witness::default();
        assert!(w.record(1, 2, &h(2)));
        assert!(w.record(1, 2, &h(2)), "the same head again is fine");
        assert!(!w.record(1, 2, &h(99)));
        assert_eq!(w.latest(1).unwrap().hash, h(2));
    }

    #[test]
    fn a_long_incident_keeps_its_first_and_newest_heads_within_the_cap() {
        let mut w = Witness::default();
        for seq in 1..=1000 {
            w.record(1, seq, &h(seq));
        }
        let list = &w.incidents[&1];
        assert!(list.len() <= KEEP, "{}", list.len());
        assert_eq!(list.first().unwrap().seq, 1);
        assert_eq!(list.last().unwrap().seq, 1000);
        assert!(list.windows(2).all(|p| p[0].seq < p[1].seq));
        // The recent heads stay dense.
        assert!(list.iter().any(|c| c.seq == 999));
    }

    #[test]
    fn old_incidents_keep_their_first_and_newest_heads() {
        let mut w = Witness::default();
        for id in 1..=(RECENT as u64 + 5) {
            for seq in 1..=10 {
                w.record(id, seq, &h(seq));
            }
        }
        let seqs = |id: u64| -> Vec<u64> { w.incidents[&id].iter().map(|c| c.seq).collect() };
        assert_eq!(seqs(1), [1, 10]);
        assert_eq!(seqs(5), [1, 10]);
        assert_eq!(seqs(6).len(), 10, "among the {RECENT} highest");
        assert_eq!(w.highest_id(), RECENT as u64 + 5);
    }

    #[test]
    fn the_file_round_trips_and_a_newer_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        assert_eq!(load(&path).unwrap(), None);
        let mut w = Witness {
            format: FORMAT,
            db: "/x.db".into(),
            ..Witness::default()
        };
        w.record(3, 4, &h(4));
        std::fs::write(&path, serde_json::to_vec(&w).unwrap()).unwrap();
        assert_eq!(load(&path).unwrap(), Some(w.clone()));
        w.format = FORMAT + 1;
        std::fs::write(&path, serde_json::to_vec(&w).unwrap()).unwrap();
        assert!(load(&path).is_err());
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(load(&path).unwrap_err().kind(), io::ErrorKind::InvalidData);
    }
}
