//! The state of an incident: a fold over its events, and the rules that
//! decide whether a command becomes an event.

use super::event::{Actor, Event, EventKind, Status};
use crate::playbook::{Playbook, Severity, Step};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Where a step's work stands, as recorded by events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Pending,
    InProgress,
    Done,
    Skipped,
}

/// What a responder sees for a step: the recorded progress, plus what the
/// playbook derives from answers and prerequisites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Pending,
    InProgress,
    Done,
    Skipped,
    /// Its `when` is false for this incident.
    NotApplicable,
    /// A prerequisite is not done or skipped yet.
    Blocked,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::InProgress => "in_progress",
            StepState::Done => "done",
            StepState::Skipped => "skipped",
            StepState::NotApplicable => "not_applicable",
            StepState::Blocked => "blocked",
        }
    }
}

impl fmt::Display for StepState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct StepRecord {
    pub progress: Progress,
    /// Who moved the step last, and when.
    pub by: Option<Actor>,
    pub at: Option<DateTime<Utc>>,
    pub started_by: Option<Actor>,
    /// Skip or reopen reason, or the override reason of a forced start.
    pub reason: Option<String>,
    /// Who approved it since it was last reopened or refused.
    pub approvals: Vec<Actor>,
    /// The account it is assigned to.
    pub assignee: Option<String>,
    /// Its commands' runs so far.
    pub runs: usize,
}

impl StepRecord {
    fn new() -> Self {
        StepRecord {
            progress: Progress::Pending,
            by: None,
            at: None,
            started_by: None,
            reason: None,
            approvals: Vec::new(),
            assignee: None,
            runs: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseState {
    Open,
    Met,
    Missed,
}

impl PhaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseState::Open => "open",
            PhaseState::Met => "met",
            PhaseState::Missed => "missed",
        }
    }
}

/// A phase as of some moment.
#[derive(Clone, Debug)]
pub struct PhaseView {
    pub id: String,
    /// Wall-clock deadline (drills divide the playbook's offset by their speed).
    pub due_at: Option<DateTime<Utc>>,
    pub state: PhaseState,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct IncidentState {
    pub id: u64,
    pub playbook: Arc<Playbook>,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    pub drill: bool,
    pub speed: u32,
    pub declared_at: DateTime<Utc>,
    pub declared_by: Actor,
    pub inputs: BTreeMap<String, String>,
    /// Decision step id → chosen answer.
    pub answers: BTreeMap<String, String>,
    /// One per playbook step, in the same order.
    pub steps: Vec<StepRecord>,
    /// When each phase last became complete, if it is complete now.
    pub phase_completed: Vec<Option<DateTime<Utc>>>,
    pub last_seq: u64,
    pub last_at: DateTime<Utc>,
    pub notes: usize,
    /// Drill signals recorded so far: injection index → when.
    pub injected: BTreeMap<usize, DateTime<Utc>>,
    /// Phases whose missed deadline is on the timeline already.
    pub misses_recorded: std::collections::BTreeSet<String>,
    /// The score card, once the drill has ended.
    pub score: Option<super::score::ScoreCard>,
    /// When it was last resolved or closed (cleared if reopened): its
    /// clocks stop there.
    pub ended_at: Option<DateTime<Utc>>,
    /// The action items for after the incident, numbered from 1.
    pub follow_ups: Vec<FollowUp>,
    /// Who holds each role now (commander, scribe, comms, the playbook's).
    pub roles: BTreeMap<String, RoleHolder>,
    /// Corrections, by the event they correct (the latest of each wins).
    pub amendments: BTreeMap<u64, Amendment>,
    /// Each event's kind by sequence number, what a correction may change
    /// depends on it.
    pub kinds: BTreeMap<u64, Correctable>,
    /// Escalations claimed so far, by phase.
    pub escalations: BTreeMap<String, u32>,
    /// When each phase's last escalation was claimed.
    pub last_escalated: BTreeMap<String, DateTime<Utc>>,
    /// Update reminders claimed so far.
    pub reminders: u32,
    /// When the last one was claimed.
    pub last_reminded: Option<DateTime<Utc>>,
    /// The last status change or note: what the update reminder counts from.
    pub last_update: DateTime<Utc>,
}

/// A role's holder, since when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleHolder {
    pub account: String,
    pub name: String,
    pub since: DateTime<Utc>,
}

/// A correction as it stands: the latest for its event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    /// The `amended` event.
    pub seq: u64,
    pub text: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub reason: String,
    pub by: Actor,
}

/// What a correction may change of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Correctable {
    /// Its time and its words (a note, a reason, a step's note).
    TextAndTime,
    /// Its time only.
    Time,
    /// Nothing: the declaration, and corrections themselves.
    Nothing,
}

/// An action item, as it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub number: u32,
    pub text: String,
    pub owner: String,
    pub due: Option<chrono::NaiveDate>,
    pub state: super::FollowUpState,
    pub added_by: Actor,
    pub added_at: DateTime<Utc>,
}

/// Why an event could not be folded: the stored history contradicts the
/// playbook (an edited database, or a bug). Never expected in practice.
#[derive(Debug, thiserror::Error)]
#[error("event {seq}: {message}")]
pub struct FoldError {
    pub seq: u64,
    pub message: String,
}

impl IncidentState {
    /// Starts a state from the `Declared` event.
    pub fn declare(id: u64, playbook: Arc<Playbook>, first: &Event) -> Result<Self, FoldError> {
        let EventKind::Declared {
            title,
            severity,
            inputs,
            drill,
            speed,
            ..
        } = &first.kind
        else {
            return Err(FoldError {
                seq: first.seq,
                message: "the first event is not a declaration".into(),
            });
        };
        let mut state = IncidentState {
            id,
            steps: vec![StepRecord::new(); playbook.steps.len()],
            phase_completed: vec![None; playbook.phases.len()],
            playbook,
            title: title.clone(),
            severity: *severity,
            status: Status::Declared,
            drill: *drill,
            speed: (*speed).max(1),
            declared_at: first.at,
            declared_by: first.actor.clone(),
            inputs: inputs.clone(),
            answers: BTreeMap::new(),
            last_seq: first.seq,
            last_at: first.at,
            notes: 0,
            injected: BTreeMap::new(),
            misses_recorded: Default::default(),
            score: None,
            ended_at: None,
            follow_ups: Vec::new(),
            roles: BTreeMap::new(),
            amendments: BTreeMap::new(),
            kinds: BTreeMap::from([(first.seq, Correctable::Nothing)]),
            escalations: BTreeMap::new(),
            last_escalated: BTreeMap::new(),
            reminders: 0,
            last_reminded: None,
            last_update: first.at,
        };
        state.update_phases(first.at);
        Ok(state)
    }

    /// Folds a whole history: the declaration, then every later event.
    pub fn fold(id: u64, playbook: Arc<Playbook>, events: &[Event]) -> Result<Self, FoldError> {
        let Some(first) = events.first() else {
            return Err(FoldError {
                seq: 0,
                message: "an incident without events".into(),
            });
        };
        let mut state = IncidentState::declare(id, playbook, first)?;
        for e in &events[1..] {
            state.apply(e)?;
        }
        Ok(state)
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.playbook.steps.iter().position(|s| s.id == id)
    }

    fn index_or_fail(&self, seq: u64, step: &str) -> Result<usize, FoldError> {
        self.step_index(step).ok_or_else(|| FoldError {
            seq,
            message: format!("unknown step `{step}`"),
        })
    }

    /// Applies one event. Events were validated before they were stored, so
    /// this only records; it refuses only what the playbook cannot hold.
    pub fn apply(&mut self, e: &Event) -> Result<(), FoldError> {
        match &e.kind {
            EventKind::Declared { .. } => {
                return Err(FoldError {
                    seq: e.seq,
                    message: "a second declaration".into(),
                });
            }
            EventKind::StepStarted {
                step,
                override_reason,
                ..
            } => {
                let i = self.index_or_fail(e.seq, step)?;
                let r = &mut self.steps[i];
                r.progress = Progress::InProgress;
                r.started_by = Some(e.actor.clone());
                r.reason = override_reason.clone();
                r.by = Some(e.actor.clone());
                r.at = Some(e.at);
            }
            EventKind::StepDone {
                step,
                override_reason,
                ..
            } => {
                let i = self.index_or_fail(e.seq, step)?;
                let r = &mut self.steps[i];
                r.progress = Progress::Done;
                if override_reason.is_some() {
                    r.reason = override_reason.clone();
                }
                r.by = Some(e.actor.clone());
                r.at = Some(e.at);
            }
            EventKind::StepSkipped { step, reason } => {
                let i = self.index_or_fail(e.seq, step)?;
                let r = &mut self.steps[i];
                r.progress = Progress::Skipped;
                r.reason = Some(reason.clone());
                r.by = Some(e.actor.clone());
                r.at = Some(e.at);
            }
            EventKind::StepReopened { step, reason } => {
                let i = self.index_or_fail(e.seq, step)?;
                self.answers.remove(step);
                let r = &mut self.steps[i];
                r.progress = Progress::Pending;
                r.reason = Some(reason.clone());
                r.started_by = None;
                // An approval was for the step as it was: reopened, it
                // needs a new one.
                r.approvals.clear();
                r.by = Some(e.actor.clone());
                r.at = Some(e.at);
            }
            EventKind::Answered { step, choice, .. } => {
                let i = self.index_or_fail(e.seq, step)?;
                self.answers.insert(step.clone(), choice.clone());
                let r = &mut self.steps[i];
                r.progress = Progress::Done;
                r.by = Some(e.actor.clone());
                r.at = Some(e.at);
            }
            EventKind::InputSet { input, value } => {
                self.inputs.insert(input.clone(), value.clone());
            }
            EventKind::NoteAdded { .. } => self.notes += 1,
            EventKind::StatusChanged { to, .. } => {
                self.status = *to;
                self.ended_at = if to.is_open() {
                    None
                } else {
                    self.ended_at.or(Some(e.at))
                };
            }
            EventKind::SeverityChanged { to, .. } => self.severity = *to,
            EventKind::LiteralRegistered { .. } | EventKind::LogPinned { .. } => {}
            EventKind::DrillInjected { index, .. } => {
                self.injected.insert(*index, e.at);
            }
            EventKind::DrillScored { card } => self.score = Some((**card).clone()),
            EventKind::Renamed { to, .. } => self.title = to.clone(),
            EventKind::Approved { step, .. } => {
                let i = self.index_or_fail(e.seq, step)?;
                self.steps[i].approvals.push(e.actor.clone());
            }
            EventKind::ApprovalRefused { step, .. } => {
                let i = self.index_or_fail(e.seq, step)?;
                self.steps[i].approvals.clear();
            }
            EventKind::CommandRun(run) => {
                let i = self.index_or_fail(e.seq, &run.step)?;
                self.steps[i].runs += 1;
            }
            EventKind::RoleTaken { role, .. } => {
                self.roles.insert(
                    role.clone(),
                    RoleHolder {
                        account: e.actor.account.clone(),
                        name: e.actor.name.clone(),
                        since: e.at,
                    },
                );
            }
            EventKind::RoleHandedOff { role, to, .. } => {
                self.roles.insert(
                    role.clone(),
                    RoleHolder {
                        account: to.clone(),
                        name: to.clone(),
                        since: e.at,
                    },
                );
            }
            EventKind::Assigned { step, to } => {
                let i = self.index_or_fail(e.seq, step)?;
                self.steps[i].assignee = to.clone();
            }
            EventKind::Amended {
                event,
                text,
                at,
                reason,
            } => {
                // A second correction of the same field replaces the first;
                // one of the other field keeps the first's.
                let before = self.amendments.get(event).cloned();
                self.amendments.insert(
                    *event,
                    Amendment {
                        seq: e.seq,
                        text: text
                            .clone()
                            .or_else(|| before.as_ref().and_then(|b| b.text.clone())),
                        at: at.or_else(|| before.as_ref().and_then(|b| b.at)),
                        reason: reason.clone(),
                        by: e.actor.clone(),
                    },
                );
            }
            EventKind::Escalated { phase, .. } => {
                *self.escalations.entry(phase.clone()).or_default() += 1;
                self.last_escalated.insert(phase.clone(), e.at);
            }
            EventKind::Reminded { .. } => {
                self.reminders += 1;
                self.last_reminded = Some(e.at);
            }
            EventKind::HookRan { .. } => {}
            EventKind::DrillEnded { .. } => {
                self.status = Status::Resolved;
                self.ended_at = self.ended_at.or(Some(e.at));
            }
            EventKind::FollowUpAdded {
                number,
                text,
                owner,
                due,
            } => self.follow_ups.push(FollowUp {
                number: *number,
                text: text.clone(),
                owner: owner.clone(),
                due: *due,
                state: super::FollowUpState::Open,
                added_by: e.actor.clone(),
                added_at: e.at,
            }),
            EventKind::FollowUpChanged { number, state } => {
                if let Some(f) = self.follow_ups.iter_mut().find(|f| f.number == *number) {
                    f.state = *state;
                }
            }
            EventKind::DeadlineMissed { phase, .. } => {
                self.misses_recorded.insert(phase.clone());
            }
        }
        self.last_seq = e.seq;
        self.last_at = e.at;
        self.kinds.insert(e.seq, correctable(&e.kind));
        if matches!(
            e.kind,
            EventKind::StatusChanged { .. } | EventKind::NoteAdded { .. }
        ) {
            self.last_update = e.at;
        }
        // Only step moves and answers can complete or reopen a phase; notes,
        // pins and status changes (most of a long history) cannot.
        let moves_steps = e.kind.step().is_some()
            && !matches!(
                e.kind,
                EventKind::NoteAdded { .. } | EventKind::Assigned { .. }
            )
            || matches!(e.kind, EventKind::InputSet { .. });
        if moves_steps {
            self.update_phases(e.at);
        }
        Ok(())
    }

    /// Records when each phase became complete (and forgets it when a
    /// reopen or a changed answer makes it incomplete again).
    fn update_phases(&mut self, at: DateTime<Utc>) {
        for (i, phase) in self.playbook.phases.iter().enumerate() {
            let complete = self
                .playbook
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.phase == phase.id)
                .all(|(j, _)| self.is_complete(j));
            match (complete, self.phase_completed[i]) {
                (true, None) => self.phase_completed[i] = Some(at),
                (false, Some(_)) => self.phase_completed[i] = None,
                _ => {}
            }
        }
    }

    /// Does `when` hold? `None` while an answer it needs is missing.
    pub fn applicable(&self, step: &Step) -> Option<bool> {
        match &step.when {
            None => Some(true),
            Some(cond) => cond.expr.eval(&|name| {
                self.answers
                    .get(name)
                    .or_else(|| self.inputs.get(name))
                    .cloned()
            }),
        }
    }

    /// Done, skipped or not applicable: nothing left to do for it.
    pub fn is_complete(&self, i: usize) -> bool {
        match self.steps[i].progress {
            Progress::Done | Progress::Skipped => true,
            _ => self.applicable(&self.playbook.steps[i]) == Some(false),
        }
    }

    /// Prerequisites that are not complete yet.
    pub fn waiting_for(&self, i: usize) -> Vec<&str> {
        self.playbook.steps[i]
            .after
            .iter()
            .filter(|pre| self.step_index(pre).is_some_and(|j| !self.is_complete(j)))
            .map(String::as_str)
            .collect()
    }

    pub fn step_state(&self, i: usize) -> StepState {
        let step = &self.playbook.steps[i];
        match self.steps[i].progress {
            Progress::Done => StepState::Done,
            Progress::Skipped => StepState::Skipped,
            _ if self.applicable(step) == Some(false) => StepState::NotApplicable,
            Progress::InProgress => StepState::InProgress,
            Progress::Pending if !self.waiting_for(i).is_empty() => StepState::Blocked,
            Progress::Pending => StepState::Pending,
        }
    }

    /// The wall-clock deadline of a phase offset.
    pub fn due_at(&self, due: crate::duration::Offset) -> DateTime<Utc> {
        let secs = i64::try_from(due.as_secs()).unwrap_or(i64::MAX / 2);
        let speed = i64::from(self.speed.max(1));
        // Milliseconds so a fast drill keeps sub-second deadlines exact enough.
        self.declared_at + Duration::milliseconds(secs.saturating_mul(1000) / speed)
    }

    /// `now`, or the moment the incident ended if it has: a resolved
    /// incident's deadlines and `T+` stop counting.
    pub fn clock(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.ended_at.map_or(now, |end| now.min(end))
    }

    /// Phases whose deadline has passed with the phase not done, and not
    /// yet recorded as missed: what a console records now.
    pub fn misses_to_record(&self, now: DateTime<Utc>) -> Vec<String> {
        if !self.status.is_open() {
            return Vec::new();
        }
        self.phases(now)
            .into_iter()
            .filter(|v| {
                v.state == PhaseState::Missed
                    && v.completed_at.is_none()
                    && !self.misses_recorded.contains(&v.id)
            })
            .map(|v| v.id)
            .collect()
    }

    /// A period of playbook time on the wall clock: a drill divides it by
    /// its speed, as it does its deadlines.
    pub fn wall(&self, period: crate::duration::Offset) -> Duration {
        let secs = i64::try_from(period.as_secs()).unwrap_or(i64::MAX / 2);
        Duration::milliseconds(secs.saturating_mul(1000) / i64::from(self.speed.max(1)))
    }

    /// The escalations to claim now, `(phase, occurrence)`: for each phase
    /// missed and still open, occurrence 1 once its deadline has passed,
    /// and occurrence n (with a `repeat`) at `due + (n-1) × repeat`, never
    /// sooner than `repeat` after the one before (a watcher that was down
    /// catches up with one, not a burst). Nothing once the incident is
    /// resolved or closed.
    pub fn escalations_due(
        &self,
        now: DateTime<Utc>,
        repeat: Option<crate::duration::Offset>,
    ) -> Vec<(String, u32)> {
        if !self.status.is_open() {
            return Vec::new();
        }
        self.phases(now)
            .into_iter()
            .filter_map(|v| {
                let due = v.due_at?;
                if v.state != PhaseState::Missed || v.completed_at.is_some() {
                    return None;
                }
                let claimed = self.escalations.get(&v.id).copied().unwrap_or(0);
                if claimed > 0 {
                    let every = self.wall(repeat?);
                    let scheduled = due + every * i32::try_from(claimed).unwrap_or(i32::MAX);
                    let after_last = self
                        .last_escalated
                        .get(&v.id)
                        .map_or(scheduled, |last| *last + every);
                    if now < scheduled.max(after_last) {
                        return None;
                    }
                }
                Some((v.id, claimed + 1))
            })
            .collect()
    }

    /// The update reminder to claim now, if one is due: `every` has passed
    /// since the last status change or note, and since the last reminder
    /// (so a quiet incident is reminded once per `every`, and a note or a
    /// status change starts the count again). Nothing once resolved or
    /// closed.
    pub fn reminder_due(&self, now: DateTime<Utc>, every: crate::duration::Offset) -> Option<u32> {
        if !self.status.is_open() {
            return None;
        }
        let since = self
            .last_reminded
            .map_or(self.last_update, |r| r.max(self.last_update));
        (now - since >= self.wall(every)).then_some(self.reminders + 1)
    }

    /// Step `i`'s approval: `None` when it needs none; else whether an
    /// account other than its starter has approved it (before it is
    /// started, any approval shows).
    pub fn approved(&self, i: usize) -> Option<bool> {
        let st = self.playbook.steps.get(i)?;
        if !st.run.approval.is_needed() {
            return None;
        }
        let r = &self.steps[i];
        Some(match &r.started_by {
            Some(starter) => r.approvals.iter().any(|a| a.account != starter.account),
            None => !r.approvals.is_empty(),
        })
    }

    /// Steps started and waiting for a second person's approval.
    pub fn awaiting_approval(&self) -> Vec<usize> {
        (0..self.steps.len())
            .filter(|&i| {
                self.approved(i) == Some(false) && self.step_state(i) == StepState::InProgress
            })
            .collect()
    }

    pub fn phases(&self, now: DateTime<Utc>) -> Vec<PhaseView> {
        let now = self.clock(now);
        self.playbook
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let due_at = p.due.map(|d| self.due_at(d));
                let completed_at = self.phase_completed[i];
                let state = match (completed_at, due_at) {
                    (Some(c), Some(d)) if c > d => PhaseState::Missed,
                    (Some(_), _) => PhaseState::Met,
                    (None, Some(d)) if now > d => PhaseState::Missed,
                    (None, _) => PhaseState::Open,
                };
                PhaseView {
                    id: p.id.clone(),
                    due_at,
                    state,
                    completed_at,
                }
            })
            .collect()
    }

    /// Elapsed incident time, scaled for drills: the `T+` clock.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        let now = self.clock(now);
        super::clock::scale(self.declared_at, now, self.speed) - self.declared_at
    }
}

/// What a correction may change of an event of this kind.
fn correctable(kind: &EventKind) -> Correctable {
    match kind {
        EventKind::Declared { .. } | EventKind::Amended { .. } => Correctable::Nothing,
        EventKind::NoteAdded { .. }
        | EventKind::StepSkipped { .. }
        | EventKind::StepReopened { .. }
        | EventKind::StepStarted { note: Some(_), .. }
        | EventKind::StepDone { note: Some(_), .. }
        | EventKind::Answered { note: Some(_), .. } => Correctable::TextAndTime,
        _ => Correctable::Time,
    }
}
