//! Acting on incidents: declaring one, applying a responder's command, and
//! registering a leaked value, for the command line and the console alike.

use super::{Context, Error, drills, redactor};
use crate::drill::Card;
use crate::incident::score::ScoreCard;
use crate::incident::{Actor, Command, Event, EventKind};
use crate::playbook::{Entry, Library, Origin, Severity};
use crate::redact::Redactor;
use crate::store::{Declaration, IncidentStore};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A responder at work: who, on which store, with which playbooks, and the
/// redactor everything they write goes through.
pub struct Session {
    pub store: Box<dyn IncidentStore>,
    pub library: Library,
    pub redactor: Arc<Redactor>,
    pub actor: Actor,
    /// How many leaked values `redactor` knows.
    pub(super) leaked_known: u64,
    /// Where this session keeps its witnesses: `None` for the account's own
    /// state directory (always, outside tests).
    pub(super) witness_dir: Option<std::path::PathBuf>,
}

impl Context {
    /// Opens the store, loads the playbooks and builds the redactor.
    pub fn session(&self) -> Result<Session, Error> {
        let (library, _) = self.library()?;
        self.session_with(library)
    }

    /// As [`Context::session`], with a library already loaded.
    pub fn session_with(&self, library: Library) -> Result<Session, Error> {
        let store = self.open_store()?;
        let leaked_known = store.literal_count()?;
        let redactor = Arc::new(redactor(&library, Some(&store))?);
        Ok(Session {
            store,
            library,
            redactor,
            actor: self.actor(),
            leaked_known,
            witness_dir: None,
        })
    }
}

/// What `declare`, `drill` and the console's declare dialog ask for.
#[derive(Clone, Debug, Default)]
pub struct NewIncident {
    pub playbook: String,
    /// A one-line title; empty or absent: the playbook's title.
    pub title: Option<String>,
    /// Absent: the playbook's severity.
    pub severity: Option<Severity>,
    /// Answers to the playbook's inputs, `(input, value)`.
    pub inputs: Vec<(String, String)>,
    pub drill: bool,
    /// Drill clock speed; only for drills.
    pub speed: Option<u32>,
}

/// A declaration checked against its playbook, ready to record.
pub struct Checked<'a> {
    entry: &'a Entry,
    title: String,
    severity: Severity,
    inputs: BTreeMap<String, String>,
    drill: bool,
    speed: u32,
}

/// The playbook `id`, or "unknown playbook" with the nearest id when one
/// is close.
pub fn find_playbook<'a>(library: &'a Library, id: &str) -> Result<&'a Entry, Error> {
    library.get(id).ok_or_else(|| {
        let lower = id.to_ascii_lowercase();
        let near = library
            .ids()
            .into_iter()
            .map(|c| (crate::playbook::edit_distance(&lower, c), c))
            .filter(|(d, c)| *d <= 3.max(c.len() / 4))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c);
        Error::Bad(match near {
            Some(c) => format!(
                "unknown playbook `{id}`; did you mean `{c}`? (see `warroom playbooks list`)"
            ),
            None => format!("unknown playbook `{id}` (see `warroom playbooks list`)"),
        })
    })
}

/// Checks a declaration against the library before anything is opened or
/// written: the playbook exists, every input is one it has, and every
/// value is one of its choices. The playbook's defaults fill the rest.
pub fn check<'a>(library: &'a Library, new: &NewIncident) -> Result<Checked<'a>, Error> {
    if new.speed.is_some_and(|s| s != 1) && !new.drill {
        return Err(Error::Bad(
            "--speed is for drills: add --drill (a real incident runs on the real clock)".into(),
        ));
    }
    let id = &new.playbook;
    let entry = find_playbook(library, id)?;
    let pb = &entry.playbook;
    let mut inputs: BTreeMap<String, String> = pb
        .inputs
        .iter()
        .filter_map(|i| i.default.clone().map(|d| (i.id.clone(), d)))
        .collect();
    for (key, value) in &new.inputs {
        let Some(input) = pb.input(key.trim()) else {
            let names: Vec<&str> = pb.inputs.iter().map(|i| i.id.as_str()).collect();
            let known = if names.is_empty() {
                "it has none".to_string()
            } else {
                names.join(", ")
            };
            return Err(Error::Bad(format!(
                "playbook `{id}` has no input `{key}` (inputs: {known})"
            )));
        };
        if !input.choices.is_empty() && !input.choices.iter().any(|c| c == value) {
            return Err(Error::Bad(format!(
                "`{value}` is not a choice of `{key}` (choices: {})",
                input.choices.join(", ")
            )));
        }
        inputs.insert(input.id.clone(), value.clone());
    }
    let title = new
        .title
        .as_deref()
        .map(crate::incident::one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| pb.title.clone());
    Ok(Checked {
        entry,
        title,
        severity: new.severity.unwrap_or(pb.severity),
        inputs,
        drill: new.drill,
        speed: new.speed.unwrap_or(1),
    })
}

/// The playbook's text as loaded, kept with the incident so editing the
/// file later never changes an incident in flight.
fn source_text(entry: &Entry) -> Result<String, Error> {
    match &entry.origin {
        Origin::Bundled => crate::playbook::bundled_source(&entry.playbook.id)
            .map(str::to_string)
            .ok_or_else(|| {
                Error::Bad(format!(
                    "bundled playbook `{}` has no source",
                    entry.playbook.id
                ))
            }),
        Origin::File(path) => {
            let refused = |why: String| Error::Bad(format!("{}: {why}", path.display()));
            let bytes = crate::paths::read_capped(path, crate::paths::MAX_TEXT_FILE).map_err(
                |e| match e {
                    crate::paths::ReadError::Missing => refused("no such file".into()),
                    crate::paths::ReadError::Refused(why) => refused(why),
                },
            )?;
            String::from_utf8(bytes).map_err(|_| refused("not UTF-8 text".into()))
        }
    }
}

/// A command recorded, and the drill it ended, if it ended one.
pub struct Applied {
    pub event: Event,
    /// The score card recorded because this command resolved (or closed)
    /// a drill.
    pub ended: Option<ScoreCard>,
}

/// A leaked value registered.
pub struct Leaked {
    /// Its length in characters (the value itself is never kept).
    pub length: usize,
    pub event: Event,
}

impl Session {
    /// Records in this account's own witness the heads this session just
    /// wrote (see `witness`). Called after every write, whether or not the
    /// action as a whole succeeded (a drill's signals may have been written
    /// before a refusal). A witness that cannot be written is logged, never
    /// the responder's problem: the action is already recorded.
    fn witness(&self) {
        let written = self.store.take_written();
        if written.is_empty() {
            return;
        }
        match super::witness::record(&self.store, self.witness_dir.as_deref(), &written) {
            Ok(refused) => {
                for id in refused {
                    tracing::warn!(
                        incident = id,
                        db = %self.store.path().display(),
                        "not witnessed: the incident no longer holds the head this account witnessed (rewritten or cut; `warroom verify` names the event)"
                    );
                }
            }
            Err(e) => tracing::warn!(
                db = %self.store.path().display(),
                error = %e,
                "witness not recorded"
            ),
        }
    }

    /// The highest incident number this account witnessed on this
    /// database, so a number it saw is never handed out again even if every
    /// trace of it was removed from the database.
    fn witnessed_floor(&self) -> u64 {
        match super::witness::of(&self.store, self.witness_dir.as_deref()) {
            Ok((_, w)) => w.map_or(0, |w| w.highest_id()),
            Err(e) => {
                tracing::warn!(error = %e, "witness not read; numbering from the database alone");
                0
            }
        }
    }

    /// Records a declaration made by [`check`]; returns the incident's
    /// number.
    pub fn declare(&mut self, new: &NewIncident, now: DateTime<Utc>) -> Result<u64, Error> {
        let c = check(&self.library, new)?;
        let source = source_text(c.entry)?;
        let decl = Declaration {
            playbook: &c.entry.playbook,
            source: &source,
            title: c.title,
            severity: c.severity,
            inputs: c.inputs,
            drill: c.drill,
            speed: c.speed,
        };
        let floor = self.witnessed_floor();
        let id = self
            .store
            .declare_above(decl, floor, &self.actor, now, &self.redactor);
        self.witness();
        Ok(id?)
    }

    /// Checks `cmd` against the incident as stored and appends its event
    /// in one transaction; a responder who lost a race gets a refusal that
    /// names the winner. A drill's signals that fell due are recorded
    /// first, so the timeline shows them before this response, and a
    /// command that resolves or closes a drill ends and scores it.
    pub fn apply(&mut self, id: u64, cmd: Command, now: DateTime<Utc>) -> Result<Applied, Error> {
        let applied = self.apply_unwitnessed(id, cmd, now);
        self.witness();
        applied
    }

    fn apply_unwitnessed(
        &mut self,
        id: u64,
        cmd: Command,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        drills::catch_up(&mut self.store, id, &self.actor, &self.redactor, now)?;
        let event = self
            .store
            .apply(id, cmd, &self.actor, now, &self.redactor)?;
        let ended = match event.kind {
            EventKind::StatusChanged { to, .. } if !to.is_open() => {
                drills::end(&mut self.store, id, &self.actor, &self.redactor, now)?
            }
            _ => None,
        };
        Ok(Applied { event, ended })
    }

    /// Registers a value that leaked: only its keyed fingerprint is
    /// stored, and from now on this session's redactor scrubs it too.
    pub fn register_leaked(
        &mut self,
        id: u64,
        value: &str,
        now: DateTime<Utc>,
    ) -> Result<Leaked, Error> {
        let mut prints = Redactor::builder()
            .literal_key(self.store.literal_key()?)
            .build()
            .map_err(|e| Error::Bad(e.to_string()))?;
        let length = value.trim().chars().count();
        let print = prints
            .register_literal(value)
            .map_err(|e| Error::Bad(e.to_string()))?;
        let event =
            self.store
                .register_literal(id, &print, length, &self.actor, now, &self.redactor);
        self.witness();
        let event = event?;
        self.rebuild_redactor()?;
        Ok(Leaked { length, event })
    }

    /// Picks up leaked values another process registered on this database
    /// since this session's redactor was built; `true` when there were
    /// some (the redactor is new, and what was shown should be cleaned
    /// again with it).
    pub fn refresh_leaked(&mut self) -> Result<bool, Error> {
        if self.store.literal_count()? == self.leaked_known {
            return Ok(false);
        }
        self.rebuild_redactor()?;
        Ok(true)
    }

    fn rebuild_redactor(&mut self) -> Result<(), Error> {
        self.leaked_known = self.store.literal_count()?;
        self.redactor = Arc::new(redactor(&self.library, Some(&*self.store))?);
        Ok(())
    }

    /// Records a drill's due signals (see [`drills::catch_up`]).
    pub fn catch_up(&mut self, id: u64, now: DateTime<Utc>) -> Result<usize, Error> {
        let recorded = drills::catch_up(&mut self.store, id, &self.actor, &self.redactor, now);
        self.witness();
        recorded
    }

    /// Ends a drill and scores it, once (see [`drills::end`]).
    pub fn end_drill(&mut self, id: u64, now: DateTime<Utc>) -> Result<Option<ScoreCard>, Error> {
        let ended = drills::end(&mut self.store, id, &self.actor, &self.redactor, now);
        self.witness();
        ended
    }

    /// A scored drill's card with its trend.
    pub fn drill_card(&self, id: u64) -> Result<Option<Card>, Error> {
        drills::card(&self.store, &self.store.state(id)?)
    }
}
