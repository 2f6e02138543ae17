//! Commands responders give, and the rules that turn them into events or
//! refuse them with a reason that names who did what, and when.

use super::event::{Actor, EventKind, Status};
use super::state::{IncidentState, StepState};
use crate::playbook::Severity;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Start {
        step: String,
        force: Option<String>,
        note: Option<String>,
    },
    Done {
        step: String,
        force: Option<String>,
        note: Option<String>,
    },
    Skip {
        step: String,
        reason: String,
    },
    Reopen {
        step: String,
        reason: String,
    },
    /// Answers a decision step, or sets an input.
    Answer {
        target: String,
        choice: String,
        note: Option<String>,
        /// Answer a decision whose prerequisites are open, for this reason.
        force: Option<String>,
    },
    Note {
        text: String,
        step: Option<String>,
    },
    /// Keeps a log line on the timeline as evidence.
    Pin {
        source: String,
        line: String,
    },
    SetStatus(Status),
    SetSeverity(Severity),
    /// Records a drill's scripted signal `index` (it is due).
    Inject {
        index: usize,
    },
    /// Records a drill's score card as it ends.
    Score(Box<super::score::ScoreCard>),
    /// Gives the incident a new title (one line).
    Rename(String),
    /// Records that `phase`'s deadline passed with the phase not done.
    /// Refused when it did not, or when it is recorded already: of two
    /// consoles that see the miss at once, one records it.
    RecordMiss {
        phase: String,
    },
    /// Ends a drill without anyone deciding it was resolved (its console
    /// quit); `how` says so on the timeline.
    EndDrill {
        how: String,
    },
    /// Adds an action item for after the incident.
    FollowUp {
        text: String,
        owner: String,
        due: Option<chrono::NaiveDate>,
    },
    /// Marks follow-up `number` done, dropped, or open again.
    SetFollowUp {
        number: u32,
        state: super::FollowUpState,
    },
    /// Agrees, as a second account, that a step needing approval may run.
    Approve {
        step: String,
        reason: Option<String>,
    },
    /// Says no to a step needing approval; earlier approvals stop counting.
    RefuseApproval {
        step: String,
        reason: String,
    },
    /// Takes a role; one held by someone else only with `force` (a
    /// takeover, recorded as one).
    TakeRole {
        role: String,
        force: bool,
    },
    /// Hands a role the writer holds to another account.
    HandOff {
        role: String,
        to: String,
        note: String,
    },
    /// Assigns a step to an account, or (`None`) takes it back.
    Assign {
        step: String,
        to: Option<String>,
    },
    /// Corrects an earlier event's text or time, with a reason.
    Amend {
        event: u64,
        text: Option<String>,
        at: Option<DateTime<Utc>>,
        reason: String,
    },
    /// Claims escalation `occurrence` of a missed phase; refused when
    /// another process claimed it first.
    ClaimEscalation {
        phase: String,
        occurrence: u32,
    },
    /// Claims update reminder `occurrence`.
    ClaimReminder {
        occurrence: u32,
    },
    /// Records what the hook of claim `of` did.
    RecordHook {
        of: u64,
        outcome: String,
        ok: bool,
    },
    /// Records a run that happened. Never refused for approval: the check
    /// is [`IncidentState::may_run`], before running; evidence of what ran
    /// is kept whatever changed meanwhile.
    RecordRun(Box<super::RunRecord>),
}

/// Why a command was not turned into an event.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The command names something that does not exist, or lacks a
    /// required reason: bad input (exit 2).
    #[error("{0}")]
    Invalid(String),
    /// The incident's state does not allow it (exit 1).
    #[error("{0}")]
    Refused(String),
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::Invalid(msg.into()))
}

fn refused<T>(msg: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::Refused(msg.into()))
}

/// "by alice at 03:12:44 UTC"
fn by_when(state: &IncidentState, i: usize) -> String {
    let r = &state.steps[i];
    match (&r.by, r.at) {
        (Some(by), Some(at)) => format!(" (by {by} at {} UTC)", at.format("%H:%M:%S")),
        _ => String::new(),
    }
}

fn reason(text: &str, what: &str) -> Result<String, Refusal> {
    let t = super::one_line(text);
    if t.is_empty() {
        return invalid(format!("{what} needs a reason (--reason \"…\")"));
    }
    Ok(t)
}

impl IncidentState {
    fn find_step(&self, step: &str) -> Result<usize, Refusal> {
        self.step_index(step).ok_or_else(|| {
            if let Some(guess) = self.likely_step(step) {
                return Refusal::Invalid(format!(
                    "unknown step `{step}` in INC-{}; did you mean `{guess}`? (`warroom status INC-{}` lists every step id)",
                    self.id, self.id
                ));
            }
            let ids: Vec<&str> = self.playbook.steps.iter().map(|s| s.id.as_str()).collect();
            Refusal::Invalid(format!(
                "unknown step `{step}` in INC-{} (steps: {})",
                self.id,
                ids.join(", ")
            ))
        })
    }

    /// The step whose id and title share the most words with `given`
    /// (responders type what they read on screen: "determine-exposure"
    /// for "Determine exposure timeline").
    fn likely_step(&self, given: &str) -> Option<&str> {
        let words: Vec<String> = given
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(str::to_string)
            .collect();
        let (best, score) = self
            .playbook
            .steps
            .iter()
            .map(|s| {
                let hay = format!("{} {}", s.id, s.title).to_lowercase();
                (s, words.iter().filter(|w| hay.contains(w.as_str())).count())
            })
            .max_by_key(|(_, n)| *n)?;
        (score > 0).then_some(best.id.as_str())
    }

    /// Decides whether `cmd` may happen now; if so, the event recording it.
    /// The event `actor` giving `cmd` at `now` yields, or why not. The
    /// actor matters only where people do: a second person's approval.
    pub fn decide(
        &self,
        cmd: Command,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<EventKind, Refusal> {
        if self.status == Status::Closed
            && !matches!(
                cmd,
                Command::Note { .. } | Command::Pin { .. } | Command::RecordRun(_)
            )
        {
            return refused(format!(
                "INC-{} is closed; only notes can be added",
                self.id
            ));
        }
        match cmd {
            Command::Start { step, force, note } => self.decide_start(step, force, note),
            Command::Done { step, force, note } => {
                let i = self.find_step(&step)?;
                self.approval_ok(i, actor, "marked done")?;
                self.decide_done(step, force, note)
            }
            Command::Approve { step, reason } => self.decide_approve(step, reason, actor),
            Command::RefuseApproval { step, reason: why } => {
                let i = self.find_step(&step)?;
                if !self.playbook.steps[i].run.approval.is_needed() {
                    return invalid(format!("step `{step}` does not need approval"));
                }
                Ok(EventKind::ApprovalRefused {
                    step,
                    reason: reason(&why, "refusing approval")?,
                })
            }
            Command::TakeRole { role, force } => self.decide_take_role(role, force, actor),
            Command::HandOff { role, to, note } => self.decide_hand_off(role, to, note, actor),
            Command::Assign { step, to } => {
                let i = self.find_step(&step)?;
                let to = to.map(|t| super::one_line(&t)).filter(|t| !t.is_empty());
                if self.steps[i].assignee == to {
                    return refused(match &to {
                        Some(t) => format!("step `{step}` is already assigned to {t}"),
                        None => format!("step `{step}` is not assigned"),
                    });
                }
                Ok(EventKind::Assigned { step, to })
            }
            Command::Amend {
                event,
                text,
                at,
                reason: why,
            } => self.decide_amend(event, text, at, why, now),
            Command::ClaimEscalation { phase, occurrence } => {
                self.decide_escalation(phase, occurrence, now)
            }
            Command::ClaimReminder { occurrence } => {
                if occurrence != self.reminders + 1 {
                    return refused(format!("reminder {occurrence} was claimed already"));
                }
                Ok(EventKind::Reminded {
                    occurrence,
                    quiet_secs: ((self.clock(now) - self.last_update).num_seconds()
                        * i64::from(self.speed))
                    .max(0),
                })
            }
            Command::RecordHook { of, outcome, ok } => {
                if of == 0 || of > self.last_seq {
                    return invalid(format!("INC-{} has no event {of}", self.id));
                }
                Ok(EventKind::HookRan {
                    of,
                    outcome: super::one_line(&outcome),
                    ok,
                })
            }
            Command::RecordRun(run) => {
                self.find_step(&run.step)?;
                Ok(EventKind::CommandRun(run))
            }
            Command::Skip { step, reason: why } => {
                let i = self.find_step(&step)?;
                match self.step_state(i) {
                    StepState::Done | StepState::Skipped => refused(format!(
                        "step `{step}` is already {}{}",
                        self.step_state(i),
                        by_when(self, i)
                    )),
                    StepState::NotApplicable => {
                        refused(format!("step `{step}` does not apply to this incident"))
                    }
                    _ => Ok(EventKind::StepSkipped {
                        step,
                        reason: reason(&why, "skipping a step")?,
                    }),
                }
            }
            Command::Reopen { step, reason: why } => {
                let i = self.find_step(&step)?;
                match self.step_state(i) {
                    StepState::Done | StepState::Skipped => Ok(EventKind::StepReopened {
                        step,
                        reason: reason(&why, "reopening a step")?,
                    }),
                    other => refused(format!(
                        "step `{step}` is {other}; only a done or skipped step can be reopened"
                    )),
                }
            }
            Command::Answer {
                target,
                choice,
                note,
                force,
            } => self.decide_answer(target, choice, note, force),
            Command::Note { text, step } => {
                if let Some(s) = &step {
                    self.find_step(s)?;
                }
                if text.trim().is_empty() {
                    return invalid("a note needs some text");
                }
                Ok(EventKind::NoteAdded { text, step })
            }
            Command::Pin { source, line } => {
                if line.trim().is_empty() {
                    return invalid("an empty log line is no evidence");
                }
                Ok(EventKind::LogPinned { source, line })
            }
            Command::SetStatus(to) => {
                if to == self.status {
                    return refused(format!("INC-{} is already {to}", self.id));
                }
                Ok(EventKind::StatusChanged {
                    from: self.status,
                    to,
                })
            }
            Command::SetSeverity(to) => {
                if to == self.severity {
                    return refused(format!("INC-{} is already {to}", self.id));
                }
                Ok(EventKind::SeverityChanged {
                    from: self.severity,
                    to,
                })
            }
            Command::Inject { index } => self.decide_inject(index),
            Command::RecordMiss { phase } => self.decide_miss(phase, now),
            Command::Rename(to) => {
                let to = super::one_line(&to);
                if to.is_empty() {
                    return invalid("a title cannot be empty".to_string());
                }
                if to == self.title {
                    return refused(format!("INC-{} is already titled \"{to}\"", self.id));
                }
                Ok(EventKind::Renamed {
                    from: self.title.clone(),
                    to,
                })
            }
            Command::EndDrill { how } => {
                if !self.drill {
                    return invalid(format!("INC-{} is not a drill", self.id));
                }
                if !self.status.is_open() {
                    return refused(format!("drill INC-{} has ended already", self.id));
                }
                Ok(EventKind::DrillEnded {
                    from: self.status,
                    how: super::one_line(&how),
                })
            }
            Command::FollowUp { text, owner, due } => self.decide_follow_up(text, owner, due),
            Command::SetFollowUp { number, state } => {
                let Some(f) = self.follow_ups.iter().find(|f| f.number == number) else {
                    return invalid(format!("INC-{} has no follow-up #{number}", self.id));
                };
                if f.state == state {
                    return refused(format!("follow-up #{number} is already {state}"));
                }
                Ok(EventKind::FollowUpChanged { number, state })
            }
            Command::Score(card) => {
                if !self.drill {
                    return invalid(format!("INC-{} is not a drill", self.id));
                }
                if self.score.is_some() {
                    return refused(format!("drill INC-{} was already scored", self.id));
                }
                Ok(EventKind::DrillScored { card })
            }
        }
    }

    /// May `actor` run step `i`'s commands now? A blocked, finished or
    /// inapplicable step is not run; a step needing approval needs one from
    /// an account other than whoever started it (or `actor`, who would
    /// start it by running it).
    pub fn may_run(&self, step: &str, actor: &Actor) -> Result<(), Refusal> {
        let i = self.find_step(step)?;
        if self.status == Status::Closed {
            return refused(format!("INC-{} is closed; nothing more is run", self.id));
        }
        let st = &self.playbook.steps[i];
        if st.is_decision() {
            return invalid(format!(
                "step `{step}` is a decision; it has no command to run"
            ));
        }
        if st.commands.is_empty() {
            return invalid(format!("step `{step}` has no command to run"));
        }
        match self.step_state(i) {
            StepState::Blocked => {
                return refused(format!(
                    "step `{step}` is waiting for {}; start it with --force and a reason first",
                    self.waiting_for(i).join(", ")
                ));
            }
            StepState::NotApplicable => return refused(self.not_applicable(i, step)),
            StepState::Skipped => {
                return refused(format!("step `{step}` was skipped{}", by_when(self, i)));
            }
            StepState::Pending | StepState::InProgress | StepState::Done => {}
        }
        self.approval_ok(i, actor, "run")
    }

    /// Step `i` needs no approval, or has one from an account other than
    /// its starter's (by account, from the uid: a display name proves
    /// nothing).
    fn approval_ok(&self, i: usize, actor: &Actor, doing: &str) -> Result<(), Refusal> {
        let st = &self.playbook.steps[i];
        if !st.run.approval.is_needed() {
            return Ok(());
        }
        let r = &self.steps[i];
        let starter = r
            .started_by
            .as_ref()
            .map_or(actor.account.as_str(), |a| a.account.as_str());
        if r.approvals.iter().any(|a| a.account != starter) {
            return Ok(());
        }
        let why = match &st.run.approval {
            crate::playbook::Approval::Needed(Some(why)) => format!(" ({why})"),
            _ => String::new(),
        };
        let own = if r.approvals.iter().any(|a| a.account == starter) {
            format!("; the approval by {starter}, who started it, does not count")
        } else {
            String::new()
        };
        refused(format!(
            "step `{}` needs another account's approval before it is {doing}{why}{own}: ask a second responder to run `warroom approve INC-{} {}` (or press Y in the console)",
            st.id, self.id, st.id
        ))
    }

    fn decide_approve(
        &self,
        step: String,
        reason: Option<String>,
        actor: &Actor,
    ) -> Result<EventKind, Refusal> {
        let i = self.find_step(&step)?;
        if !self.playbook.steps[i].run.approval.is_needed() {
            return invalid(format!("step `{step}` does not need approval"));
        }
        match self.step_state(i) {
            StepState::Done | StepState::Skipped => {
                return refused(format!(
                    "step `{step}` is already {}{}",
                    self.step_state(i),
                    by_when(self, i)
                ));
            }
            StepState::NotApplicable => return refused(self.not_applicable(i, &step)),
            _ => {}
        }
        let r = &self.steps[i];
        if let Some(starter) = &r.started_by
            && starter.account == actor.account
        {
            return refused(format!(
                "you started step `{step}`, so your approval would be your own; another account must approve it"
            ));
        }
        if r.approvals.iter().any(|a| a.account == actor.account) {
            return refused(format!("you have already approved step `{step}`"));
        }
        Ok(EventKind::Approved {
            step,
            reason: reason
                .map(|r| super::one_line(&r))
                .filter(|r| !r.is_empty()),
        })
    }

    fn decide_take_role(
        &self,
        role: String,
        force: bool,
        actor: &Actor,
    ) -> Result<EventKind, Refusal> {
        let roles = self.playbook.all_roles();
        if !roles.contains(&role) {
            return invalid(format!(
                "no role `{role}` in INC-{} (roles: {})",
                self.id,
                roles.join(", ")
            ));
        }
        let from = match self.roles.get(&role) {
            Some(h) if h.account == actor.account => {
                return refused(format!("you hold the {role} role already"));
            }
            Some(h) if !force => {
                return refused(format!(
                    "{} holds the {role} role since {}; ask them to hand it over, or take it over with --force",
                    h.account,
                    h.since.format("%H:%M:%S UTC")
                ));
            }
            Some(h) => Some(h.account.clone()),
            None => None,
        };
        Ok(EventKind::RoleTaken { role, from })
    }

    fn decide_hand_off(
        &self,
        role: String,
        to: String,
        note: String,
        actor: &Actor,
    ) -> Result<EventKind, Refusal> {
        let to = super::one_line(&to);
        if to.is_empty() {
            return invalid("a hand-off needs the account it goes to");
        }
        match self.roles.get(&role) {
            Some(h) if h.account == actor.account => {}
            Some(h) => {
                return refused(format!(
                    "{} holds the {role} role, not you; only its holder hands it over",
                    h.account
                ));
            }
            None => return refused(format!("nobody holds the {role} role; take it first")),
        }
        if to == actor.account {
            return refused(format!("you hold the {role} role already"));
        }
        Ok(EventKind::RoleHandedOff {
            role,
            to,
            note: super::one_line(&note),
        })
    }

    fn decide_amend(
        &self,
        event: u64,
        text: Option<String>,
        at: Option<DateTime<Utc>>,
        why: String,
        now: DateTime<Utc>,
    ) -> Result<EventKind, Refusal> {
        let Some(kind) = self.kinds.get(&event) else {
            return invalid(format!("INC-{} has no event {event}", self.id));
        };
        if text.is_none() && at.is_none() {
            return invalid("say what to correct: --text, --at, or both");
        }
        match kind {
            super::Correctable::Nothing => {
                return invalid(format!(
                    "event {event} cannot be corrected (a declaration, or a correction: correct the original again)"
                ));
            }
            super::Correctable::Time if text.is_some() => {
                return invalid(format!(
                    "event {event} has no words of its own to correct; only its time (--at)"
                ));
            }
            _ => {}
        }
        if let Some(at) = at
            && (at < self.declared_at || at > now)
        {
            return invalid(format!(
                "a corrected time must lie between the declaration ({}) and now",
                self.declared_at.format("%Y-%m-%d %H:%M:%S UTC")
            ));
        }
        Ok(EventKind::Amended {
            event,
            text,
            at,
            reason: reason(&why, "a correction")?,
        })
    }

    fn decide_escalation(
        &self,
        phase: String,
        occurrence: u32,
        now: DateTime<Utc>,
    ) -> Result<EventKind, Refusal> {
        let Some(view) = self.phases(now).into_iter().find(|v| v.id == phase) else {
            return invalid(format!(
                "playbook {} has no phase `{phase}`",
                self.playbook.id
            ));
        };
        let (Some(due), None, super::PhaseState::Missed) =
            (view.due_at, view.completed_at, view.state)
        else {
            return refused(format!("phase `{phase}` is not missed and open"));
        };
        let claimed = self.escalations.get(&phase).copied().unwrap_or(0);
        if occurrence != claimed + 1 {
            return refused(format!(
                "escalation {occurrence} of `{phase}` was claimed already"
            ));
        }
        Ok(EventKind::Escalated {
            phase,
            occurrence,
            late_secs: ((self.clock(now) - due).num_seconds() * i64::from(self.speed)).max(0),
        })
    }

    fn decide_follow_up(
        &self,
        text: String,
        owner: String,
        due: Option<chrono::NaiveDate>,
    ) -> Result<EventKind, Refusal> {
        // A follow-up is a line in a table: one line, whatever was pasted.
        let text = super::one_line(&text);
        let owner = super::one_line(&owner);
        if text.is_empty() {
            return invalid("a follow-up needs its text: what is to be done");
        }
        if owner.is_empty() {
            return invalid("a follow-up needs an owner (--owner NAME)");
        }
        let number = self.follow_ups.iter().map(|f| f.number).max().unwrap_or(0) + 1;
        Ok(EventKind::FollowUpAdded {
            number,
            text,
            owner,
            due,
        })
    }

    fn decide_miss(&self, phase: String, now: DateTime<Utc>) -> Result<EventKind, Refusal> {
        let Some(view) = self.phases(now).into_iter().find(|v| v.id == phase) else {
            return invalid(format!(
                "playbook {} has no phase `{phase}`",
                self.playbook.id
            ));
        };
        if self.misses_recorded.contains(&phase) {
            return refused(format!("the miss of `{phase}` is recorded already"));
        }
        match (view.due_at, view.completed_at) {
            (Some(due_at), None) if view.state == super::PhaseState::Missed => {
                Ok(EventKind::DeadlineMissed { phase, due_at })
            }
            _ => refused(format!("phase `{phase}` has not missed its deadline")),
        }
    }

    fn decide_inject(&self, index: usize) -> Result<EventKind, Refusal> {
        if !self.drill {
            return invalid(format!(
                "INC-{} is not a drill; signals are only injected into drills",
                self.id
            ));
        }
        let Some(inj) = self.playbook.injections.get(index) else {
            return invalid(format!(
                "playbook {} has no drill signal {}",
                self.playbook.id,
                index + 1
            ));
        };
        if self.injected.contains_key(&index) {
            return refused(format!("drill signal {} was already injected", index + 1));
        }
        Ok(EventKind::DrillInjected {
            index,
            source: inj.source.clone().unwrap_or_else(|| "drill".into()),
            line: inj.log.clone(),
        })
    }

    fn decide_start(
        &self,
        step: String,
        force: Option<String>,
        note: Option<String>,
    ) -> Result<EventKind, Refusal> {
        let i = self.find_step(&step)?;
        let override_reason = match self.step_state(i) {
            StepState::Pending => None,
            StepState::Blocked => Some(self.override_reason(i, &step, force, "start")?),
            StepState::InProgress => {
                return refused(format!(
                    "step `{step}` is already in progress{}",
                    by_when(self, i).replace("(by ", "(started by ")
                ));
            }
            StepState::Done | StepState::Skipped => {
                return refused(format!(
                    "step `{step}` is already {}{}; reopen it first",
                    self.step_state(i),
                    by_when(self, i)
                ));
            }
            StepState::NotApplicable => return refused(self.not_applicable(i, &step)),
        };
        Ok(EventKind::StepStarted {
            step,
            override_reason,
            note,
        })
    }

    fn decide_done(
        &self,
        step: String,
        force: Option<String>,
        note: Option<String>,
    ) -> Result<EventKind, Refusal> {
        let i = self.find_step(&step)?;
        if self.playbook.steps[i].is_decision() {
            let choices = self.playbook.steps[i].choices.join(", ");
            return invalid(format!(
                "step `{step}` is a decision: answer it instead (warroom answer INC-{} {step} CHOICE; choices: {choices})",
                self.id
            ));
        }
        let override_reason = match self.step_state(i) {
            StepState::Pending | StepState::InProgress => None,
            // A step started with an override stays overridden.
            StepState::Blocked => Some(self.override_reason(i, &step, force, "finish")?),
            StepState::Done | StepState::Skipped => {
                return refused(format!(
                    "step `{step}` is already {}{}",
                    self.step_state(i),
                    by_when(self, i)
                ));
            }
            StepState::NotApplicable => return refused(self.not_applicable(i, &step)),
        };
        Ok(EventKind::StepDone {
            step,
            override_reason,
            note,
        })
    }

    fn decide_answer(
        &self,
        target: String,
        choice: String,
        note: Option<String>,
        force: Option<String>,
    ) -> Result<EventKind, Refusal> {
        if let Some(input) = self.playbook.input(&target) {
            if !input.choices.is_empty() && !input.choices.contains(&choice) {
                return invalid(format!(
                    "`{choice}` is not a choice of `{target}` (choices: {})",
                    input.choices.join(", ")
                ));
            }
            if self.inputs.get(&target) == Some(&choice) {
                return refused(format!("`{target}` is already `{choice}`"));
            }
            return Ok(EventKind::InputSet {
                input: target,
                value: choice,
            });
        }
        let Some(i) = self.step_index(&target) else {
            let mut names: Vec<&str> = self.playbook.inputs.iter().map(|i| i.id.as_str()).collect();
            names.extend(
                self.playbook
                    .steps
                    .iter()
                    .filter(|s| s.is_decision())
                    .map(|s| s.id.as_str()),
            );
            return invalid(format!(
                "unknown decision or input `{target}` in INC-{} (decisions and inputs: {})",
                self.id,
                names.join(", ")
            ));
        };
        let step = &self.playbook.steps[i];
        if !step.is_decision() {
            return invalid(format!(
                "step `{target}` is not a decision; mark it done instead"
            ));
        }
        if !step.choices.contains(&choice) {
            return invalid(format!(
                "`{choice}` is not a choice of `{target}` (choices: {})",
                step.choices.join(", ")
            ));
        }
        match self.step_state(i) {
            StepState::Done => {
                let prior = self.answers.get(&target).map(String::as_str).unwrap_or("?");
                refused(format!(
                    "`{target}` was already answered `{prior}`{}; reopen it to change the answer",
                    by_when(self, i)
                ))
            }
            StepState::Skipped => refused(format!(
                "step `{target}` was skipped{}; reopen it first",
                by_when(self, i)
            )),
            StepState::NotApplicable => refused(self.not_applicable(i, &target)),
            // Answering ahead of its prerequisites is an override, as
            // starting a blocked step is: it needs a reason, and the
            // report lists it.
            StepState::Blocked => {
                let reason = self.override_reason(i, &target, force, "answer")?;
                Ok(EventKind::Answered {
                    step: target,
                    choice,
                    note,
                    override_reason: Some(reason),
                })
            }
            _ => Ok(EventKind::Answered {
                step: target,
                choice,
                note,
                override_reason: None,
            }),
        }
    }

    fn override_reason(
        &self,
        i: usize,
        step: &str,
        force: Option<String>,
        verb: &str,
    ) -> Result<String, Refusal> {
        let waiting = self.waiting_for(i).join(", ");
        match force {
            Some(r) if !super::one_line(&r).is_empty() => Ok(super::one_line(&r)),
            _ => refused(format!(
                "step `{step}` is blocked: waiting for {waiting}; to {verb} it anyway, give a reason (--force --reason \"...\")"
            )),
        }
    }

    fn not_applicable(&self, i: usize, step: &str) -> String {
        let cond = self.playbook.steps[i]
            .when
            .as_ref()
            .map(|w| w.text.clone())
            .unwrap_or_default();
        format!("step `{step}` does not apply to this incident (only when {cond})")
    }
}
