//! `warroom store copy FROM TO`: every incident's rows moved as stored
//! (never re-applied), so the hashes do not change and the chain verifies
//! the same on either side. One transaction per incident on the target.
//!
//! Leaked values are stored only as fingerprints keyed by the store's
//! `literal_key`; a fingerprint cannot be re-keyed without the value, which
//! no store keeps. So when the source has leaked values the target must
//! use the source's key: it already does (a store copied from this one),
//! or it takes the source's key while it has no incidents and no leaked
//! values yet (nothing was fingerprinted with its own key, and nobody is
//! using it); otherwise the copy is refused before anything is written.
//!
//! Presence rows are not copied: each says a console process has the
//! incident open on FROM right now and goes stale within seconds; in TO
//! it would only show someone who is not there.

use super::{IncidentStore, Row, Store, StoreError, Verdict, chain_break, head_break};
use rusqlite::OptionalExtension;

/// One event as stored, every column the hash covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub account: String,
    pub kind: String,
    pub payload: String,
    pub prev: String,
    pub hash: String,
}

/// A registered leaked value's fingerprint row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLiteral {
    pub print: String,
    pub at: String,
    pub actor: String,
}

/// Everything one incident owns in a store.
#[derive(Clone, Debug, Default)]
pub struct RawIncident {
    pub id: u64,
    /// When `declare` handed out the number (`incident_ids`).
    pub allocated_at: Option<String>,
    pub events: Vec<RawEvent>,
    /// The playbook texts its events name: (sha256, text).
    pub sources: Vec<(String, String)>,
    pub literals: Vec<RawLiteral>,
}

/// What a store needs, beyond [`IncidentStore`], to be copied from or to.
pub trait CopyStore: IncidentStore {
    /// The incident's rows, as stored.
    fn raw_incident(&self, id: u64) -> Result<RawIncident, StoreError>;
    /// In one transaction: the incident's number, playbook texts, leaked
    /// values and the events after `after` (the target's head, `None`
    /// when it has none), refused if the head is no longer `after`, and
    /// rolled back unless the chain then verifies up to the last event.
    fn append_raw(
        &mut self,
        inc: &RawIncident,
        after: Option<&(u64, String)>,
    ) -> Result<(), StoreError>;
    /// The leaked-value key as stored (hex), if the store has made one.
    fn stored_key(&self) -> Result<Option<String>, StoreError>;
    /// Takes `key` as this store's leaked-value key, in one transaction,
    /// only while the store has no incidents and no leaked values:
    /// `false` (nothing changed) otherwise.
    fn adopt_key(&mut self, key: &str) -> Result<bool, StoreError>;
    /// Whether this connection may write events recorded by other
    /// accounts; `Err` says why not and what to do.
    fn may_write_others_events(&self) -> Result<(), StoreError>;
}

/// What happened to one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Written (`appended` events), and the target's chain verifies.
    Copied {
        events: u64,
        appended: u64,
        head: String,
    },
    /// The target already had the same chain.
    AlreadyThere { events: u64, head: String },
    /// Nothing was written for it, and why.
    Refused(String),
}

/// Checks that nothing stops the copy as a whole (who writes, the
/// leaked-value key): `Err(Refused)` before anything is written.
pub fn prepare(from: &dyn CopyStore, to: &mut dyn CopyStore) -> Result<(), StoreError> {
    to.may_write_others_events()?;
    if from.literal_count()? == 0 {
        return Ok(());
    }
    let Some(key) = from.stored_key()? else {
        return Err(StoreError::Invalid(
            "the source has leaked values but no leaked-value key: it was written outside warroom"
                .into(),
        ));
    };
    if to.stored_key()?.as_deref() == Some(key.as_str()) || to.adopt_key(&key)? {
        return Ok(());
    }
    Err(StoreError::Refused(format!(
        "the target has its own leaked-value key and already holds {} incident(s) or {} leaked value(s): \
         the source's {} leaked-value fingerprints cannot be re-keyed (the values are not stored anywhere); \
         copy into an empty store, or one that was copied from this source",
        to.known_ids()?.len(),
        to.literal_count()?,
        from.literal_count()?
    )))
}

/// Copies one incident: verified in the source, compared with the target,
/// written in one transaction, verified in the target.
pub fn copy_incident(
    from: &dyn CopyStore,
    to: &mut dyn CopyStore,
    id: u64,
) -> Result<Outcome, StoreError> {
    let refused = |why: String| Ok(Outcome::Refused(why));
    if !from.has_events(id)? {
        return refused(
            "the source has no events for it (it vanished there: see `warroom verify --all`)"
                .into(),
        );
    }
    let (events, head) = match from.verify(id)? {
        Verdict::Consistent { events, head } => (events, head),
        Verdict::Broken { seq, problem } => {
            return refused(format!(
                "its chain does not verify in the source at event {seq}: {problem}"
            ));
        }
    };
    let mut raw = from.raw_incident(id)?;
    // Exactly what was verified, even if someone appended since.
    raw.events.truncate(events as usize);
    if raw.events.len() as u64 != events || raw.events.last().map(|e| &e.hash) != Some(&head) {
        return refused("its events changed in the source while being read; run copy again".into());
    }
    if let Some(broken) = chain_break(id, &rows_of(&raw.events)) {
        return refused(format!(
            "its chain does not verify in the source: {}",
            said(&broken)
        ));
    }
    let theirs = to.hashes(id)?;
    let after = match theirs.len() {
        0 => {
            if let Some(at) = to.allocated_at(id)?
                && raw.allocated_at.as_deref() != Some(at.as_str())
            {
                return refused(format!(
                    "the target handed out INC-{id} already (at {at}) to another incident"
                ));
            }
            None
        }
        n if n as u64 > events || theirs[..] != hashes_of(&raw.events[..n]) => {
            return refused(format!(
                "the target's INC-{id} has a different chain ({n} events, head {}): a different incident with the same number",
                short(theirs.last().map(String::as_str).unwrap_or(""))
            ));
        }
        n if n as u64 == events => {
            return Ok(Outcome::AlreadyThere { events, head });
        }
        n => Some((n as u64, theirs[n - 1].clone())),
    };
    let appended = events - after.as_ref().map_or(0, |a| a.0);
    to.append_raw(&raw, after.as_ref())?;
    match to.verify(id)? {
        Verdict::Consistent { events: n, head: h }
            if n == events && h == head && to.hashes(id)? == hashes_of(&raw.events) =>
        {
            Ok(Outcome::Copied {
                events,
                appended,
                head,
            })
        }
        other => Err(StoreError::Invalid(format!(
            "INC-{id} was written to the target but does not verify there: {}",
            said(&other)
        ))),
    }
}

/// A verdict in words.
fn said(v: &Verdict) -> String {
    match v {
        Verdict::Consistent { events, head } => {
            format!("{events} events, head {}", short(head))
        }
        Verdict::Broken { seq, problem } => format!("event {seq}: {problem}"),
    }
}

pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn hashes_of(events: &[RawEvent]) -> Vec<String> {
    events.iter().map(|e| e.hash.clone()).collect()
}

fn rows_of(events: &[RawEvent]) -> Vec<Row> {
    events
        .iter()
        .map(|e| Row {
            seq: e.seq,
            at: e.at.clone(),
            actor: e.actor.clone(),
            account: e.account.clone(),
            kind: e.kind.clone(),
            payload: e.payload.clone(),
            prev: e.prev.clone(),
            hash: e.hash.clone(),
            not_text: None,
        })
        .collect()
}

/// After the rows went in (inside the writing transaction): the chain as
/// now stored must verify, and end at the copied head.
pub(super) fn check_written(
    id: u64,
    stored: &[RawEvent],
    head: Option<(u64, String)>,
    want: &RawEvent,
) -> Result<(), StoreError> {
    let rows = rows_of(stored);
    let broken = chain_break(id, &rows).or_else(|| head_break(rows.last()?, head));
    if let Some(b) = broken {
        return Err(StoreError::Invalid(format!(
            "INC-{id} would not verify in the target after the copy ({}); nothing was written for it",
            said(&b)
        )));
    }
    if stored.last() != Some(want) {
        return Err(StoreError::Invalid(format!(
            "INC-{id} does not end at the copied head in the target; nothing was written for it"
        )));
    }
    Ok(())
}

fn sqlite_rows(conn: &rusqlite::Connection, id: u64) -> Result<Vec<RawEvent>, StoreError> {
    let rows = super::rows(conn, id)?;
    if let Some(r) = rows.iter().find(|r| r.not_text.is_some()) {
        return Err(StoreError::Invalid(format!(
            "INC-{id} event {} is not text (written outside warroom)",
            r.seq
        )));
    }
    Ok(rows
        .into_iter()
        .map(|r| RawEvent {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            account: r.account,
            kind: r.kind,
            payload: r.payload,
            prev: r.prev,
            hash: r.hash,
        })
        .collect())
}

/// The digests of the playbook texts an incident's events name.
pub(super) fn named_digests(events: &[RawEvent]) -> Vec<String> {
    let mut out: Vec<String> = events
        .iter()
        .filter_map(|e| {
            let v: serde_json::Value = serde_json::from_str(&e.payload).ok()?;
            v.get("playbook_sha256")?.as_str().map(str::to_string)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

impl CopyStore for Store {
    fn raw_incident(&self, id: u64) -> Result<RawIncident, StoreError> {
        let events = sqlite_rows(&self.conn, id)?;
        let mut sources = Vec::new();
        for digest in named_digests(&events) {
            let text: Option<String> = self
                .conn
                .query_row(
                    "SELECT source FROM playbook_sources WHERE sha256 = ?1",
                    [&digest],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(text) = text {
                sources.push((digest, text));
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT print, at, actor FROM literals WHERE incident = ?1 ORDER BY at, print",
        )?;
        let literals = stmt
            .query_map([id as i64], |r| {
                Ok(RawLiteral {
                    print: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(RawIncident {
            id,
            allocated_at: self.allocated_at(id)?,
            events,
            sources,
            literals,
        })
    }

    fn append_raw(
        &mut self,
        inc: &RawIncident,
        after: Option<&(u64, String)>,
    ) -> Result<(), StoreError> {
        let id = inc.id as i64;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let head: Option<(u64, String)> = tx
            .query_row(
                "SELECT seq, hash FROM heads WHERE incident = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()?;
        if head.as_ref() != after {
            return Err(StoreError::Refused(format!(
                "INC-{} changed in the target while copying; nothing was written for it, run copy again",
                inc.id
            )));
        }
        if let Some(at) = &inc.allocated_at {
            tx.execute(
                "INSERT OR IGNORE INTO incident_ids (id, at) VALUES (?1, ?2)",
                rusqlite::params![id, at],
            )?;
        }
        for (digest, text) in &inc.sources {
            tx.execute(
                "INSERT OR IGNORE INTO playbook_sources (sha256, source) VALUES (?1, ?2)",
                [digest, text],
            )?;
        }
        for l in &inc.literals {
            tx.execute(
                "INSERT OR IGNORE INTO literals (print, incident, at, actor) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![l.print, id, l.at, l.actor],
            )?;
        }
        let from = after.map_or(0, |a| a.0);
        for e in inc.events.iter().filter(|e| e.seq > from) {
            tx.execute(
                "INSERT INTO events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params![
                    id, e.seq as i64, e.at, e.actor, e.account, e.kind, e.payload, e.prev, e.hash
                ],
            )?;
        }
        let Some(last) = inc.events.last() else {
            return Err(StoreError::Invalid(format!("INC-{} has no events", inc.id)));
        };
        tx.execute(
            "INSERT INTO heads (incident, seq, hash) VALUES (?1, ?2, ?3)
             ON CONFLICT (incident) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            rusqlite::params![id, last.seq as i64, last.hash],
        )?;
        let stored = sqlite_rows(&tx, inc.id)?;
        let head = tx
            .query_row(
                "SELECT seq, hash FROM heads WHERE incident = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()?;
        check_written(inc.id, &stored, head, last)?;
        tx.commit()?;
        self.cache.borrow_mut().remove(&inc.id);
        Ok(())
    }

    fn stored_key(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'literal_key'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn adopt_key(&mut self, key: &str) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let used: i64 = tx.query_row(
            "SELECT (SELECT COUNT(*) FROM literals) + (SELECT COUNT(*) FROM incident_ids)
                  + (SELECT COUNT(*) FROM heads)",
            [],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('literal_key', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn may_write_others_events(&self) -> Result<(), StoreError> {
        // A file records whoever writes it; the copied rows keep their
        // accounts, chained into their hashes.
        Ok(())
    }
}
