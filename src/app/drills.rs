//! Recording what a drill's clock decides: its due signals, its end and
//! its score, each once, whichever process gets there first.

use super::Error;
use crate::drill::{Card, Earlier, Schedule, score};
use crate::incident::score::ScoreCard;
use crate::incident::{Actor, Command, IncidentState, parse_id};
use crate::redact::Redactor;
use crate::store::{IncidentStore, StoreError};
use chrono::{DateTime, Utc};

/// Applies `cmd` unless the incident's state refuses it (another console
/// got there first, which is as good); `true` when this call recorded it.
fn apply_once(
    store: &mut dyn IncidentStore,
    id: u64,
    cmd: Command,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    match store.apply(id, cmd, actor, now, redactor) {
        Ok(_) => Ok(true),
        Err(StoreError::Refused(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Records a drill's signals that are due by `now`, each once, whichever
/// process gets there first: every console each second, and headless
/// commands for a drill run from scripts. Returns how many this call
/// recorded. The drill wrote them, through this responder's account.
pub fn catch_up(
    store: &mut dyn IncidentStore,
    id: u64,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let drill = Actor::named("drill", actor.account.clone());
    let mut recorded = 0;
    for index in store.state(id)?.due_injections(now) {
        recorded += usize::from(apply_once(
            store,
            id,
            Command::Inject { index },
            &drill,
            redactor,
            now,
        )?);
    }
    Ok(recorded)
}

/// Ends a drill: records its due signals, resolves it (an ended drill is
/// over everywhere: off the open list, its clocks stopped) and records its
/// score card, once. Returns the card this call recorded; `None` when the
/// incident is not a drill or was already scored.
pub fn end(
    store: &mut dyn IncidentStore,
    id: u64,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<Option<ScoreCard>, Error> {
    catch_up(store, id, actor, redactor, now)?;
    let state = store.state(id)?;
    if !state.drill || state.score.is_some() {
        return Ok(None);
    }
    if state.status.is_open() {
        // Nobody decided it was resolved: the drill ended with its console.
        let end = Command::EndDrill {
            how: "its console quit".into(),
        };
        apply_once(store, id, end, actor, redactor, now)?;
    }
    let (state, events) = store.incident(id)?;
    let card = score::compute(&state, &events, now);
    let scored = Command::Score(Box::new(card.clone()));
    Ok(apply_once(store, id, scored, actor, redactor, now)?.then_some(card))
}

/// Earlier drills of the same playbook that have a score, oldest first.
/// Only drills are ever compared with drills: a real incident of the same
/// playbook is never in a trend.
pub fn earlier(store: &dyn IncidentStore, state: &IncidentState) -> Result<Vec<Earlier>, Error> {
    let mut out = Vec::new();
    for s in store.list(true)? {
        if !s.drill || s.playbook != state.playbook.id || s.declared_at >= state.declared_at {
            continue;
        }
        let Some(id) = parse_id(&s.id) else {
            continue;
        };
        if id == state.id {
            continue;
        }
        if let Some(card) = store.state(id)?.score {
            out.push(Earlier {
                id: s.id,
                declared_at: s.declared_at,
                card,
            });
        }
    }
    Ok(out)
}

/// A scored drill's card with its trend; `None` when it has no score.
pub fn card(store: &dyn IncidentStore, state: &IncidentState) -> Result<Option<Card>, Error> {
    if state.score.is_none() {
        return Ok(None);
    }
    Ok(Card::of(state, earlier(store, state)?))
}
