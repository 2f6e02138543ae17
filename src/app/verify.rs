//! `verify`: what the database's own hash chain shows, and what something
//! kept outside the database (this account's witness, an earlier export,
//! a head someone wrote down) can vouch for on top of it.
//!
//! A chain that agrees with itself is only "internally consistent": any
//! member can rewrite events and recompute every hash and head. A rewrite,
//! a cut tail or a deleted incident shows only against a record made
//! before it, so every claim names the record it rests on.

use super::Error;
use super::witness::{self, Checkpoint, Witness};
use crate::store::{IncidentStore, Verdict};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Something outside the database that records what the chain was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// This account's own witness file.
    Witness(PathBuf),
    /// A head given with `--expect`.
    Expected,
    /// An export given with `--against`.
    Export(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Witness(p) => write!(f, "your witness {}", p.display()),
            Source::Expected => write!(f, "the expected head"),
            Source::Export(p) => write!(f, "the export {}", p.display()),
        }
    }
}

/// What a source recorded of one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub source: Source,
    /// Events by number and hash, ascending.
    pub checkpoints: Vec<Checkpoint>,
    /// Hashes recorded without their event's number (`--expect HASH`).
    pub heads: Vec<String>,
}

/// A source that agrees with the database, up to which event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vouched {
    pub source: Source,
    pub through: u64,
}

/// What `verify` found for one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The chain agrees with itself and with every source there was.
    /// `vouched` empty: nothing outside the database vouches for it.
    Holds {
        id: u64,
        events: u64,
        head: String,
        vouched: Vec<Vouched>,
        /// Why this account's witnesses could not be consulted, if so.
        unwitnessed: Option<String>,
    },
    /// The first problem found, naming the event where there is one.
    Broken {
        id: u64,
        seq: Option<u64>,
        problem: String,
    },
}

impl Outcome {
    pub fn id(&self) -> u64 {
        match self {
            Outcome::Holds { id, .. } | Outcome::Broken { id, .. } => *id,
        }
    }
}

/// This account's witness of the store's database, if it has one.
struct Witnessed {
    found: Option<(PathBuf, Witness)>,
    /// Why the state directory could not be used (no home, not writable):
    /// then nothing vouches, and the verdict says why.
    unusable: Option<String>,
}

/// A witness file that is there but cannot be parsed is an error, not an
/// absence: treating it as missing would turn a damaged record into
/// "nothing to compare" without anyone noticing.
fn witness_of(store: &dyn IncidentStore) -> Result<Witnessed, Error> {
    match witness::of(store, None) {
        Ok((path, found)) => Ok(Witnessed {
            found: found.map(|w| (path, w)),
            unusable: None,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err(Error::Bad(format!("cannot read your witness: {e}")))
        }
        Err(e) => Ok(Witnessed {
            found: None,
            unusable: Some(e.to_string()),
        }),
    }
}

/// Verifies one incident against the database, this account's witness
/// and `extra` (an export's or `--expect`'s record).
pub fn incident(
    store: &dyn IncidentStore,
    id: u64,
    extra: Option<&Claim>,
) -> Result<Outcome, Error> {
    let witness = witness_of(store)?;
    check(store, id, &witness, extra)
}

/// Verifies every incident the database or this account's witness knows
/// of, in number order.
pub fn all(store: &dyn IncidentStore) -> Result<Vec<Outcome>, Error> {
    let witness = witness_of(store)?;
    let mut ids: BTreeSet<u64> = store.known_ids()?.into_iter().collect();
    if let Some((_, w)) = &witness.found {
        ids.extend(w.incidents.keys());
    }
    ids.into_iter()
        .map(|id| check(store, id, &witness, None))
        .collect()
}

fn witness_claim(witness: &Witnessed, id: u64) -> Option<Claim> {
    let (path, w) = witness.found.as_ref()?;
    let checkpoints = w.incidents.get(&id)?.clone();
    Some(Claim {
        source: Source::Witness(path.clone()),
        checkpoints,
        heads: Vec::new(),
    })
}

fn check(
    store: &dyn IncidentStore,
    id: u64,
    witness: &Witnessed,
    extra: Option<&Claim>,
) -> Result<Outcome, Error> {
    // The record asked for on the command line first: a problem is then
    // told in terms of the source the responder named.
    let claims: Vec<Claim> = extra
        .cloned()
        .into_iter()
        .chain(witness_claim(witness, id))
        .collect();
    if !store.has_events(id)? {
        // Gone from the database: vanished if anything remembers it,
        // unknown (bad input) otherwise.
        let problem = if let Some(c) = claims.first() {
            let last = c
                .checkpoints
                .last()
                .map_or(String::new(), |c| format!(" up to event {}", c.seq));
            format!(
                "vanished: {} recorded it{last}, and none of its events are in the database",
                c.source
            )
        } else if let Some(at) = store.allocated_at(id)? {
            format!(
                "vanished: it was declared in this database at {at}, and none of its events remain"
            )
        } else {
            return Err(store.verify(id).err().map_or_else(
                || {
                    Error::Bad(format!(
                        "unknown incident {}",
                        crate::incident::display_id(id)
                    ))
                },
                Error::from,
            ));
        };
        return Ok(Outcome::Broken {
            id,
            seq: None,
            problem,
        });
    }
    let (events, head) = match store.verify(id)? {
        Verdict::Consistent { events, head } => (events, head),
        Verdict::Broken { seq, problem } => {
            return Ok(Outcome::Broken {
                id,
                seq: Some(seq),
                problem,
            });
        }
    };
    let hashes = store.hashes(id)?;
    let mut vouched = Vec::new();
    for claim in &claims {
        match compare(&hashes, claim) {
            Ok(through) => vouched.push(Vouched {
                source: claim.source.clone(),
                through,
            }),
            Err((seq, problem)) => return Ok(Outcome::Broken { id, seq, problem }),
        }
    }
    Ok(Outcome::Holds {
        id,
        events,
        head,
        vouched,
        unwitnessed: witness.unusable.clone(),
    })
}

/// Compares a chain that agrees with itself (`hashes[i]` is event i+1's)
/// with what a source recorded. Each hash covers the one before it, so an
/// event that matches vouches for every event before it too. Returns the
/// last event the source vouches for, or the first event that differs
/// (when one can be named) and how.
pub fn compare(hashes: &[String], claim: &Claim) -> Result<u64, (Option<u64>, String)> {
    let events = hashes.len() as u64;
    let source = &claim.source;
    let mut through = 0;
    for c in &claim.checkpoints {
        if c.seq == 0 {
            continue;
        }
        if c.seq > events {
            // Name the whole gap, up to the newest event recorded.
            let newest = claim
                .checkpoints
                .iter()
                .map(|c| c.seq)
                .max()
                .unwrap_or(c.seq);
            let first = events + 1;
            let gone = if first == newest {
                format!("event {first} is missing")
            } else {
                format!("events {first}-{newest} are missing")
            };
            return Err((
                Some(first),
                format!(
                    "{gone}: the chain ends at event {events}, but {source} recorded event {newest} (the newest events were cut)"
                ),
            ));
        }
        if hashes[c.seq as usize - 1] != c.hash {
            let problem = if through + 1 == c.seq {
                format!(
                    "event {} was rewritten: it is not the event {source} recorded",
                    c.seq
                )
            } else {
                format!(
                    "event {} is not the event {source} recorded: the chain was rewritten after event {through} (which matches), at or before event {}",
                    c.seq, c.seq
                )
            };
            return Err((Some(c.seq), problem));
        }
        through = c.seq;
    }
    for head in &claim.heads {
        match hashes.iter().position(|h| h == head) {
            Some(i) => through = through.max(i as u64 + 1),
            None => {
                return Err((
                    None,
                    format!(
                        "no event has {source} {head}: the events up to it were rewritten or cut (the chain now ends at event {events})"
                    ),
                ));
            }
        }
    }
    Ok(through)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<String> {
        (1..=n).map(|i| format!("h{i}")).collect()
    }

    fn claim(points: &[(u64, &str)], heads: &[&str]) -> Claim {
        Claim {
            source: Source::Expected,
            checkpoints: points
                .iter()
                .map(|(seq, hash)| Checkpoint {
                    seq: *seq,
                    hash: hash.to_string(),
                })
                .collect(),
            heads: heads.iter().map(|h| h.to_string()).collect(),
        }
    }

    #[test]
    fn a_matching_record_vouches_up_to_its_newest_event() {
        let c = claim(&[(1, "h1"), (4, "h4")], &[]);
        assert_eq!(compare(&chain(6), &c), Ok(4));
        assert_eq!(compare(&chain(6), &claim(&[], &["h5"])), Ok(5));
        assert_eq!(compare(&chain(6), &claim(&[], &[])), Ok(0));
    }

    #[test]
    fn a_rewritten_event_is_named_as_closely_as_the_record_allows() {
        // Rewriting event 3 changes every hash from it on.
        let mut hashes = chain(6);
        for (i, h) in hashes.iter_mut().enumerate().skip(2) {
            *h = format!("x{}", i + 1);
        }
        let every: Vec<(u64, String)> = (1..=6).map(|i| (i, format!("h{i}"))).collect();
        let every: Vec<(u64, &str)> = every.iter().map(|(s, h)| (*s, h.as_str())).collect();
        let (seq, problem) = compare(&hashes, &claim(&every, &[])).unwrap_err();
        assert_eq!(seq, Some(3));
        assert!(problem.starts_with("event 3 was rewritten"), "{problem}");
        let (seq, problem) = compare(&hashes, &claim(&[(1, "h1"), (5, "h5")], &[])).unwrap_err();
        assert_eq!(seq, Some(5));
        assert!(problem.contains("after event 1"), "{problem}");
    }

    #[test]
    fn a_cut_tail_names_the_first_missing_event() {
        let (seq, problem) =
            compare(&chain(4), &claim(&[(4, "h4"), (5, "h5"), (6, "h6")], &[])).unwrap_err();
        assert_eq!(seq, Some(5));
        assert!(problem.starts_with("events 5-6 are missing"), "{problem}");
        let (seq, problem) = compare(&chain(5), &claim(&[(6, "h6")], &[])).unwrap_err();
        assert_eq!(seq, Some(6));
        assert!(problem.starts_with("event 6 is missing"), "{problem}");
    }

    #[test]
    fn an_expected_head_that_is_nowhere_in_the_chain_fails() {
        let (seq, problem) = compare(&chain(4), &claim(&[], &["h6"])).unwrap_err();
        assert_eq!(seq, None);
        assert!(problem.contains("ends at event 4"), "{problem}");
    }
}
