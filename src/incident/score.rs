//! A drill's score card as it is recorded: the payload of the
//! `drill_scored` event. Computing it is the `drill` module's work.
//!
//! Every figure is in playbook time (wall-clock time multiplied by the
//! drill's speed), so a drill at `--speed 60` is scored against the same
//! 15-minute deadline a real incident has.

use crate::playbook::DueOrigin;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

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
    /// Whose deadline `due_secs` is: the source runbook's, or warroom's
    /// suggestion (shown with a `~`). Cards recorded before origins were
    /// kept read as the source's.
    #[serde(default, deserialize_with = "due_origin")]
    pub due_origin: DueOrigin,
    /// When all its steps were complete, if they were.
    pub completed_secs: Option<i64>,
    /// `Some(true)` met (an untimed phase that is complete counts as met),
    /// `Some(false)` missed (completed late, or not completed and its due
    /// time passed before the drill ended), `None` not complete and not
    /// (or not yet) due: neither met nor missed, and not counted.
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
    /// Playbook seconds from the scheduled signal to the first action at
    /// or after it (up to the end of the drill) that plausibly responds to
    /// it: a pin of the injected line, a note, or a start, finish, skip,
    /// answer or reopening of a step the injection `expects`. `None` if
    /// nobody responded; unrelated actions do not count.
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
    /// From its first start to its last completion; `None` for a step
    /// finished without being started.
    pub took_secs: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedStep {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// How a card's timed phases went, all of them or those of one origin.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Met their deadline.
    pub met: usize,
    /// Decided: met or missed. A phase not complete and not yet due when
    /// the drill ended is neither, and is not counted here.
    pub decided: usize,
    /// Timed: decided or not.
    pub timed: usize,
}

impl Tally {
    /// Timed phases not yet due when the drill ended.
    pub fn not_due(self) -> usize {
        self.timed - self.decided
    }

    /// "met/decided".
    pub fn ratio(self) -> String {
        format!("{}/{}", self.met, self.decided)
    }
}

impl ScoreCard {
    /// The timed phases with a deadline of `origin`, or all of them.
    pub fn tally(&self, origin: Option<DueOrigin>) -> Tally {
        let mut t = Tally::default();
        for p in self
            .phases
            .iter()
            .filter(|p| p.due_secs.is_some() && origin.is_none_or(|o| o == p.due_origin))
        {
            t.timed += 1;
            if p.met.is_some() {
                t.decided += 1;
            }
            if p.met == Some(true) {
                t.met += 1;
            }
        }
        t
    }

    /// Timed phases met. Untimed phases that are complete are marked met
    /// too but not counted here, so this never exceeds `phases_decided`.
    pub fn phases_met(&self) -> usize {
        self.tally(None).met
    }

    /// Timed phases met or missed; those not yet due are left out.
    pub fn phases_decided(&self) -> usize {
        self.tally(None).decided
    }

    pub fn phases_timed(&self) -> usize {
        self.tally(None).timed
    }

    /// Does any timed phase run on a deadline warroom suggested?
    pub fn has_suggested(&self) -> bool {
        self.tally(Some(DueOrigin::Suggested)).timed > 0
    }

    /// Phases met for a narrow column: "2/3" when every deadline is the
    /// source's, "1/2 ~0/1" (the source's, then the suggested ones) when
    /// some are warroom's, "~1/3" when all are.
    pub fn phases_ratio(&self) -> String {
        if !self.has_suggested() {
            return self.tally(None).ratio();
        }
        let source = self.tally(Some(DueOrigin::Source));
        let suggested = self.tally(Some(DueOrigin::Suggested));
        let mark = DueOrigin::Suggested.mark();
        if suggested.decided == 0 {
            return source.ratio();
        }
        if source.timed == 0 {
            format!("{mark}{}", suggested.ratio())
        } else {
            format!("{} {mark}{}", source.ratio(), suggested.ratio())
        }
    }

    /// The source's and the suggested deadlines apart, when some are
    /// warroom's: "source 1/1, suggested ~1/2". `None` when every deadline
    /// is the source's.
    pub fn phases_split(&self) -> Option<String> {
        if !self.has_suggested() {
            return None;
        }
        let source = self.tally(Some(DueOrigin::Source));
        let suggested = self.tally(Some(DueOrigin::Suggested));
        // No suggested deadline has been decided yet: nothing to tell apart.
        if suggested.decided == 0 {
            return None;
        }
        let suggested = format!(
            "suggested {}{}",
            DueOrigin::Suggested.mark(),
            suggested.ratio()
        );
        Some(if source.timed == 0 {
            suggested
        } else {
            format!("source {}, {suggested}", source.ratio())
        })
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

    /// The summary's parts, to be joined with " · " or laid out on
    /// several lines: "2/3 phases met (source 1/1, suggested ~1/2; 1 not
    /// due)", "5/6 signals answered (median 1m20s)", "1 skipped".
    pub fn summary_parts(&self) -> Vec<String> {
        let all = self.tally(None);
        let mut notes: Vec<String> = self.phases_split().into_iter().collect();
        if all.not_due() > 0 {
            notes.push(format!("{} not due", all.not_due()));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        vec![
            format!("{} phases met{notes}", all.ratio()),
            format!(
                "{}/{} signals answered{}",
                self.signals_answered(),
                self.signals.len(),
                self.median("median ")
            ),
            format!("{} skipped", self.skipped.len()),
        ]
    }

    /// One line for timelines: "2/3 phases met (1 not due) · 5/6 signals
    /// answered (median 1m20s) · 1 skipped". Phases not yet due when the
    /// drill ended are neither met nor missed: they are left out of the
    /// ratio and counted apart.
    pub fn summary(&self) -> String {
        self.summary_parts().join(" · ")
    }

    /// For narrow tables: "1/3 met · 2/5 signals (1m20s) · 0 skipped";
    /// "2/3 met (source 1/1, ~1/2) · …" when some deadlines are suggested,
    /// "~1/3 met · …" when all are.
    pub fn compact(&self) -> String {
        let mark = DueOrigin::Suggested.mark();
        let source = self.tally(Some(DueOrigin::Source));
        let suggested = self.tally(Some(DueOrigin::Suggested));
        let phases = match (source.timed, suggested.timed) {
            (_, 0) => format!("{} met", self.tally(None).ratio()),
            (0, _) => format!("{mark}{} met", suggested.ratio()),
            _ => format!(
                "{} met (source {}, {mark}{})",
                self.tally(None).ratio(),
                source.ratio(),
                suggested.ratio()
            ),
        };
        format!(
            "{phases} · {}/{} signals{} · {} skipped",
            self.signals_answered(),
            self.signals.len(),
            self.median(""),
            self.skipped.len()
        )
    }

    fn median(&self, label: &str) -> String {
        self.median_response_secs()
            .map(|s| format!(" ({label}{})", short(s)))
            .unwrap_or_default()
    }
}

/// An origin as it was recorded; cards written before origins were kept
/// have none (see `#[serde(default)]`, the source's). An unknown word is
/// not an error that would lose the whole card, nor claimed as the
/// source's: it reads as a suggestion.
fn due_origin<'de, D: Deserializer<'de>>(d: D) -> Result<DueOrigin, D::Error> {
    let word = String::deserialize(d)?;
    Ok(DueOrigin::parse(&word).unwrap_or(DueOrigin::Suggested))
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
