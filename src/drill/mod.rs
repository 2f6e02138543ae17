//! Drills: rehearsing a playbook on a faster clock.
//!
//! This module owns what makes a drill a drill: when its scripted signals
//! fall due on the scaled clock ([`Schedule`]), when it ends, how it is
//! scored ([`score`]) and what its score card says ([`card`]). It is pure:
//! recording signals and scores is the application layer's work, and the
//! text and Markdown renderings of the card are the export's.

pub mod card;
pub mod score;

pub use card::{Card, Earlier};

use crate::incident::{IncidentState, PhaseState};
use chrono::{DateTime, Utc};

/// A drill's timetable, read off the incident's state: signals are due at
/// `declared + at / speed` on the wall clock, the same clock its deadlines
/// run on.
pub trait Schedule {
    /// When the drill's injection `index` is due, on the wall clock.
    fn injection_due(&self, index: usize) -> Option<DateTime<Utc>>;
    /// Drill injections due by `now` and not recorded yet, in order.
    /// Nothing is injected into a real incident or an ended drill.
    fn due_injections(&self, now: DateTime<Utc>) -> Vec<usize>;
    /// Every phase met or missed: nothing is left to decide on the clock.
    fn phases_decided(&self, now: DateTime<Utc>) -> bool;
}

impl Schedule for IncidentState {
    fn injection_due(&self, index: usize) -> Option<DateTime<Utc>> {
        let inj = self.playbook.injections.get(index)?;
        Some(self.due_at(inj.at))
    }

    fn due_injections(&self, now: DateTime<Utc>) -> Vec<usize> {
        if !self.drill || !self.status.is_open() || self.score.is_some() {
            return Vec::new();
        }
        (0..self.playbook.injections.len())
            .filter(|i| !self.injected.contains_key(i))
            .filter(|i| self.injection_due(*i).is_some_and(|d| d <= now))
            .collect()
    }

    fn phases_decided(&self, now: DateTime<Utc>) -> bool {
        self.phases(now).iter().all(|p| p.state != PhaseState::Open)
    }
}

/// Does a console that quits now end the drill? Only an unscored drill,
/// and only when every phase is decided or nobody else has it open (a
/// team rehearsing together ends it when the last one leaves; a dropped
/// SSH link is not a quit).
pub fn ends_on_quit(state: &IncidentState, alone: bool, now: DateTime<Utc>) -> bool {
    state.drill && state.score.is_none() && (alone || state.phases_decided(now))
}
