//! Drills: ending one (score it, record the card, print it) and listing
//! past drills with their scores. Only drills are ever compared with
//! drills: a real incident of the same playbook is never in a trend.

use super::Failure;
use super::output::{emit, table};
use crate::app::Context;
use crate::drill::{Card, Earlier, Schedule};
use crate::export::scorecard;
use crate::incident::{Actor, Command, IncidentState, score};
use crate::redact::Redactor;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Earlier drills of the same playbook that have a score, oldest first.
pub fn earlier(store: &Store, state: &IncidentState) -> Result<Vec<Earlier>, Failure> {
    let mut out = Vec::new();
    for s in store.list(true)? {
        if !s.drill || s.playbook != state.playbook.id || s.declared_at >= state.declared_at {
            continue;
        }
        let Some(id) = crate::incident::parse_id(&s.id) else {
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

/// Applies `cmd` unless the incident's state refuses it (another console
/// got there first, which is as good); `true` when this call recorded it.
fn apply_once(
    store: &mut Store,
    id: u64,
    cmd: Command,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    match store.apply(id, cmd, actor, now, redactor) {
        Ok(_) => Ok(true),
        Err(crate::store::StoreError::Refused(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Records a drill's signals that are due by `now`, each once, whichever
/// process gets there first: every console each second, and headless
/// commands for a drill run from scripts. Returns how many this call
/// recorded. The drill wrote them, through this responder's account.
pub fn catch_up(
    store: &mut Store,
    id: u64,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
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
    store: &mut Store,
    id: u64,
    actor: &Actor,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<Option<score::ScoreCard>, Failure> {
    catch_up(store, id, actor, redactor, now)?;
    let state = store.state(id)?;
    if !state.drill || state.score.is_some() {
        return Ok(None);
    }
    if state.status.is_open() {
        let resolve = Command::SetStatus(crate::incident::Status::Resolved);
        apply_once(store, id, resolve, actor, redactor, now)?;
    }
    let (state, events) = store.incident(id)?;
    let card = crate::drill::score::compute(&state, &events, now);
    let scored = Command::Score(Box::new(card.clone()));
    Ok(apply_once(store, id, scored, actor, redactor, now)?.then_some(card))
}

/// A scored drill's card in words, with the trend of earlier drills.
pub fn card_text(store: &Store, state: &IncidentState) -> Result<Option<String>, Failure> {
    if state.score.is_none() {
        return Ok(None);
    }
    Ok(Card::of(state, earlier(store, state)?).map(|c| render(&c)))
}

/// The card as text for the terminal.
pub fn render(c: &Card) -> String {
    scorecard::text(&c.label, &c.card, &c.earlier)
}

/// `warroom drills [PLAYBOOK]`.
pub fn list(ctx: &Context, playbook: Option<&str>, json: bool) -> Result<(), Failure> {
    if let Some(id) = playbook {
        let (lib, _) = ctx.library()?;
        if lib.get(id).is_none() {
            return Err(Failure::Bad(super::playbooks::unknown_playbook(
                id,
                &lib.ids(),
            )));
        }
    }
    let store = ctx.open_store()?;
    let mut rows = Vec::new();
    for s in store.list(true)? {
        if !s.drill || playbook.is_some_and(|p| p != s.playbook) {
            continue;
        }
        let Some(id) = crate::incident::parse_id(&s.id) else {
            continue;
        };
        let state = store.state(id)?;
        rows.push((s, state));
    }
    if json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(s, state)| {
                serde_json::json!({
                    "id": s.id, "playbook": s.playbook, "title": s.title,
                    "declared_at": s.declared_at, "speed": state.speed,
                    "status": s.status, "score": state.score,
                })
            })
            .collect();
        return emit(&(serde_json::to_string_pretty(&items).expect("serializes") + "\n"));
    }
    if rows.is_empty() {
        let what = match playbook {
            Some(p) => format!("no drills of {p} yet (start one: warroom drill {p})"),
            None => "no drills yet (start one: warroom drill PLAYBOOK --speed 60)".into(),
        };
        return emit(&format!("{what}\n"));
    }
    let mut table_rows = vec![vec![
        "ID".into(),
        "PLAYBOOK".into(),
        "DECLARED (UTC)".into(),
        "SPEED".into(),
        "SCORE".into(),
    ]];
    for (s, state) in &rows {
        let score = match &state.score {
            Some(card) => format!("{} · {}", card.compact(), score::short(card.duration_secs)),
            None if s.status.is_open() => format!("in progress ({})", s.status),
            None => format!("{} without a score", s.status),
        };
        table_rows.push(vec![
            s.id.clone(),
            s.playbook.clone(),
            s.declared_at.format("%Y-%m-%d %H:%M").to_string(),
            format!("{}x", state.speed),
            score,
        ]);
    }
    emit(&table(&table_rows))
}
