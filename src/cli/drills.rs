//! Drills on the command line: a score card in words, and `warroom
//! drills`, past drills with their scores. Only drills are ever compared with
//! drills: a real incident of the same playbook is never in a trend.

use super::Failure;
use super::output::{emit, table};
use crate::app::{self, Context};
use crate::drill::Card;
use crate::export::scorecard;
use crate::incident::{IncidentState, score};
use crate::store::IncidentStore;

/// A scored drill's card in words, with the trend of earlier drills.
pub fn card_text(
    store: &dyn IncidentStore,
    state: &IncidentState,
) -> Result<Option<String>, Failure> {
    Ok(app::drills::card(store, state)?.map(|c| render(&c)))
}

/// The card as text for the terminal.
pub fn render(c: &Card) -> String {
    scorecard::text(&c.label, &c.card, &c.earlier)
}

/// `warroom drills [PLAYBOOK]`.
pub fn list(ctx: &Context, playbook: Option<&str>, json: bool) -> Result<(), Failure> {
    if let Some(id) = playbook {
        let (lib, _) = ctx.library()?;
        app::find_playbook(&lib, id)?;
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
