//! A drill's score card as it is recorded: the payload of the
//! `drill_scored` event. Computing it is the `drill` module's work.
//!
//! Every figure is in playbook time (wall-clock time multiplied by the
//! drill's speed), so a drill at `--speed 60` is scored against the same
//! 15-minute deadline a real incident has.

use chrono::{DateTime, Utc};
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
    /// When the drill was declared (wall clock), for trends. Absent from
    /// cards recorded before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<DateTime<Utc>>,
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
    /// `Some(true)` met (an untimed phase that is complete counts as met),
    /// `Some(false)` missed (completed late, or not completed and its due
    /// time passed before the drill ended), `None` not complete and not
    /// (or not yet) due.
    pub met: Option<bool>,
    /// Seconds to spare (positive or zero) or late (negative): `due -
    /// completed`, or `due - duration_secs` for a missed phase that was
    /// never completed. `None` when untimed or not decided.
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
    /// Playbook seconds from the scheduled signal to the first response
    /// (any step move, answer, input, note, pin, status or severity change
    /// or registered leak at or after it, up to the end of the drill), or
    /// `None` if nobody responded.
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
    /// Timed phases met. Untimed phases that are complete are marked met
    /// too but not counted here, so this never exceeds `phases_timed`.
    pub fn phases_met(&self) -> usize {
        self.phases
            .iter()
            .filter(|p| p.due_secs.is_some() && p.met == Some(true))
            .count()
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
        let undecided = self
            .phases
            .iter()
            .filter(|p| p.due_secs.is_some() && p.met.is_none())
            .count();
        let not_due = if undecided > 0 {
            format!(" ({undecided} not due)")
        } else {
            String::new()
        };
        self.line(
            &format!("phases met{not_due}"),
            "signals answered",
            "median ",
        )
    }

    /// For narrow tables: "1/3 met · 2/5 signals (1m20s) · 0 skipped".
    pub fn compact(&self) -> String {
        self.line("met", "signals", "")
    }

    fn line(&self, met: &str, answered: &str, median_label: &str) -> String {
        let median = self
            .median_response_secs()
            .map(|s| format!(" ({median_label}{})", short(s)))
            .unwrap_or_default();
        format!(
            "{}/{} {met} · {}/{} {answered}{median} · {} skipped",
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
