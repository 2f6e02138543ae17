//! What a drill's score card says: its label, the recorded card, the trend
//! of earlier drills, and the verdict words. The export lays it out as
//! text for the terminal or as a Markdown section.

use crate::incident::score::{PhaseScore, ScoreCard, SignalScore, StepScore, short};
use crate::incident::{IncidentState, display_id};
use chrono::{DateTime, Utc};

/// An earlier drill of the same playbook, for the trend.
#[derive(Clone, Debug)]
pub struct Earlier {
    pub id: String,
    pub declared_at: DateTime<Utc>,
    pub card: ScoreCard,
}

/// A scored drill's card with everything shown beside it.
#[derive(Clone, Debug)]
pub struct Card {
    /// "drill INC-4 (secret-leak)".
    pub label: String,
    pub card: ScoreCard,
    /// Earlier scored drills of the same playbook; only drills are ever
    /// compared with drills.
    pub earlier: Vec<Earlier>,
}

impl Card {
    /// The card of a scored drill; `None` when it has no score (yet).
    pub fn of(state: &IncidentState, earlier: Vec<Earlier>) -> Option<Card> {
        let card = state.score.clone()?;
        Some(Card {
            label: format!("drill {} ({})", display_id(state.id), state.playbook.id),
            card,
            earlier,
        })
    }
}

/// One drill of the trend: an earlier one, or "this drill".
pub struct TrendRow<'a> {
    pub id: &'a str,
    pub declared_at: Option<DateTime<Utc>>,
    pub card: &'a ScoreCard,
}

/// Every drill in the trend: the earlier ones oldest first, then this one.
pub fn trend<'a>(card: &'a ScoreCard, earlier: &'a [Earlier]) -> Vec<TrendRow<'a>> {
    let mut rows: Vec<&Earlier> = earlier.iter().collect();
    rows.sort_by_key(|e| e.declared_at);
    rows.into_iter()
        .map(|e| TrendRow {
            id: &e.id,
            declared_at: Some(e.declared_at),
            card: &e.card,
        })
        .chain(std::iter::once(TrendRow {
            id: "this drill",
            declared_at: card.declared_at,
            card,
        }))
        .collect()
}

/// "met, 3m12s to spare", "missed by 1m05s", "not done, missed by 10m00s".
pub fn phase_result(p: &PhaseScore) -> String {
    match (p.met, p.completed_secs, p.margin_secs) {
        (Some(true), _, Some(m)) => format!("met, {} to spare", short(m)),
        (Some(true), _, None) => "done".to_string(),
        (Some(false), Some(_), Some(m)) => format!("missed by {}", short(-m)),
        (Some(false), None, Some(m)) => format!("not done, missed by {}", short(-m)),
        (Some(false), _, None) => "missed".to_string(),
        (None, _, _) if p.due_secs.is_some() => "not done, not due yet".to_string(),
        (None, _, _) => "not done".to_string(),
    }
}

/// How long the team took to react to a signal, or that nobody did.
pub fn response(s: &SignalScore) -> String {
    s.response_secs
        .map_or_else(|| "no response".to_string(), short)
}

/// A step somebody started or finished: the card lists its times.
pub fn worked_on(s: &StepScore) -> bool {
    s.started_secs.is_some() || s.finished_secs.is_some()
}

/// The median response time, or "-".
pub fn median(card: &ScoreCard) -> String {
    card.median_response_secs()
        .map_or_else(|| "-".to_string(), short)
}

/// "a/b".
pub fn ratio(a: usize, b: usize) -> String {
    format!("{a}/{b}")
}
