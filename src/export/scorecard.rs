//! A drill's score card in words: for the terminal when a drill ends, and
//! as a section of the Markdown report.

use crate::incident::score::ScoreCard;

/// An earlier drill of the same playbook, for the trend.
#[derive(Clone, Debug)]
pub struct Earlier {
    pub id: String,
    pub declared_at: chrono::DateTime<chrono::Utc>,
    pub card: ScoreCard,
}

/// Plain text for the terminal.
pub fn text(label: &str, card: &ScoreCard, earlier: &[Earlier]) -> String {
    let _ = earlier;
    format!("{label}: {}\n", card.summary())
}

/// A `## Drill score` section for the Markdown report.
pub fn markdown(card: &ScoreCard, earlier: &[Earlier]) -> String {
    let _ = earlier;
    format!("## Drill score\n\n{}\n", card.summary())
}
