//! `store copy` on the server: the rows as stored, one transaction per
//! incident. Events keep the account that wrote them, which the trigger
//! `events_own_account` allows only to the schema's owner: copying into
//! PostgreSQL is the admin role's job.

use super::{PgStore, i};
use crate::store::StoreError;
use crate::store::copy::{
    CopyStore, RawEvent, RawIncident, RawLiteral, check_written, named_digests,
};
use postgres::GenericClient;
use postgres::error::SqlState;

pub(super) fn raw_rows(c: &mut impl GenericClient, id: u64) -> Result<Vec<RawEvent>, StoreError> {
    Ok(c.query(
        "SELECT seq, at, actor, account, kind, payload, prev_hash, hash
         FROM events WHERE incident = $1 ORDER BY seq",
        &[&i(id)],
    )?
    .iter()
    .map(|r| RawEvent {
        seq: r.get::<_, i64>(0) as u64,
        at: r.get(1),
        actor: r.get(2),
        account: r.get(3),
        kind: r.get(4),
        payload: r.get(5),
        prev: r.get(6),
        hash: r.get(7),
    })
    .collect())
}

fn head(c: &mut impl GenericClient, id: u64) -> Result<Option<(u64, String)>, StoreError> {
    super::head(c, id, true)
}

impl PgStore {
    fn not_the_owner(&self) -> StoreError {
        StoreError::Refused(format!(
            "copying into PostgreSQL must be run as the owner of the warroom schema (the admin role, e.g. warroom_admin, \
             as for `store migrate`): the copied events keep the accounts that wrote them, and the server lets \
             {} write only its own",
            self.account
        ))
    }
}

impl CopyStore for PgStore {
    fn raw_incident(&self, id: u64) -> Result<RawIncident, StoreError> {
        let mut c = self.client.borrow_mut();
        let events = raw_rows(&mut *c, id)?;
        let mut sources = Vec::new();
        for digest in named_digests(&events) {
            if let Some(r) = c.query_opt(
                "SELECT source FROM playbook_sources WHERE sha256 = $1",
                &[&digest],
            )? {
                sources.push((digest, r.get(0)));
            }
        }
        let literals = c
            .query(
                "SELECT print, at, actor FROM literals WHERE incident = $1 ORDER BY at, print",
                &[&i(id)],
            )?
            .iter()
            .map(|r| RawLiteral {
                print: r.get(0),
                at: r.get(1),
                actor: r.get(2),
            })
            .collect();
        let allocated_at = c
            .query_opt("SELECT at FROM incident_ids WHERE id = $1", &[&i(id)])?
            .map(|r| r.get(0));
        Ok(RawIncident {
            id,
            allocated_at,
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
        let Some(last) = inc.events.last() else {
            return Err(StoreError::Invalid(format!("INC-{} has no events", inc.id)));
        };
        let owner_refused = |e: postgres::Error| {
            if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
                None
            } else {
                Some(StoreError::from(e))
            }
        };
        let mut client = self.client.borrow_mut();
        let result = (|| -> Result<Result<(), Option<StoreError>>, StoreError> {
            let mut tx = client.transaction()?;
            // Numbers are handed out under this lock: a `declare` racing
            // the copy waits, then numbers above the copied incident.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext('warroom_declare'))",
                &[],
            )?;
            if head(&mut tx, inc.id)?.as_ref() != after {
                return Err(StoreError::Refused(format!(
                    "INC-{} changed in the target while copying; nothing was written for it, run copy again",
                    inc.id
                )));
            }
            let id = i(inc.id);
            let mut steps: Vec<(&str, Vec<Box<dyn postgres::types::ToSql + Sync>>)> = Vec::new();
            if let Some(at) = &inc.allocated_at {
                steps.push((
                    "INSERT INTO incident_ids (id, at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    vec![Box::new(id), Box::new(at.clone())],
                ));
            }
            for (digest, text) in &inc.sources {
                steps.push((
                    "INSERT INTO playbook_sources (sha256, source) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    vec![Box::new(digest.clone()), Box::new(text.clone())],
                ));
            }
            for l in &inc.literals {
                steps.push((
                    "INSERT INTO literals (print, incident, at, actor) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                    vec![
                        Box::new(l.print.clone()),
                        Box::new(id),
                        Box::new(l.at.clone()),
                        Box::new(l.actor.clone()),
                    ],
                ));
            }
            let from = after.map_or(0, |a| a.0);
            for e in inc.events.iter().filter(|e| e.seq > from) {
                steps.push((
                    "INSERT INTO events (incident, seq, at, actor, account, kind, payload, prev_hash, hash)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    vec![
                        Box::new(id),
                        Box::new(i(e.seq)),
                        Box::new(e.at.clone()),
                        Box::new(e.actor.clone()),
                        Box::new(e.account.clone()),
                        Box::new(e.kind.clone()),
                        Box::new(e.payload.clone()),
                        Box::new(e.prev.clone()),
                        Box::new(e.hash.clone()),
                    ],
                ));
            }
            steps.push((
                "INSERT INTO heads (incident, seq, hash) VALUES ($1, $2, $3)
                 ON CONFLICT (incident) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                vec![
                    Box::new(id),
                    Box::new(i(last.seq)),
                    Box::new(last.hash.clone()),
                ],
            ));
            for (sql, params) in &steps {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref()).collect();
                if let Err(e) = tx.execute(*sql, &params) {
                    return Ok(Err(owner_refused(e)));
                }
            }
            let stored = raw_rows(&mut tx, inc.id)?;
            let now = head(&mut tx, inc.id)?;
            check_written(inc.id, &stored, now, last)?;
            tx.execute(
                "SELECT pg_notify('warroom_events', $1)",
                &[&format!("{}:{}", inc.id, last.seq)],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })();
        drop(client);
        self.cache.borrow_mut().remove(&inc.id);
        match result? {
            Ok(()) => Ok(()),
            Err(Some(e)) => Err(e),
            Err(None) => Err(self.not_the_owner()),
        }
    }

    fn stored_key(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT value FROM warroom_meta WHERE key = 'literal_key'",
                &[],
            )?
            .map(|r| r.get(0)))
    }

    fn adopt_key(&mut self, key: &str) -> Result<bool, StoreError> {
        self.may_write_others_events()?;
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        // No responder may register a value or declare meanwhile.
        tx.batch_execute("LOCK TABLE literals, incident_ids, heads IN SHARE MODE")?;
        let used: i64 = tx
            .query_one(
                "SELECT (SELECT COUNT(*) FROM literals) + (SELECT COUNT(*) FROM incident_ids)
                      + (SELECT COUNT(*) FROM heads)",
                &[],
            )?
            .get(0);
        if used > 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO warroom_meta (key, value) VALUES ('literal_key', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn may_write_others_events(&self) -> Result<(), StoreError> {
        let owner: Option<bool> = self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT pg_has_role(session_user, n.nspowner, 'MEMBER')
                 FROM pg_namespace n WHERE n.nspname = 'warroom'",
                &[],
            )?
            .map(|r| r.get(0));
        if owner == Some(true) {
            Ok(())
        } else {
            Err(self.not_the_owner())
        }
    }
}
