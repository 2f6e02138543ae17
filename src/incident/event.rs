//! What happens in an incident, as events. The events are the truth; the
//! state is a fold over them (see `state`).

use crate::playbook::Severity;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Incident status, in its usual order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Declared,
    Investigating,
    Mitigated,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Declared,
        Status::Investigating,
        Status::Mitigated,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Declared => "declared",
            Status::Investigating => "investigating",
            Status::Mitigated => "mitigated",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still being worked on: shown by `list` and opened by the console.
    pub fn is_open(self) -> bool {
        self < Status::Resolved
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who did something: the operating-system account that wrote the event
/// (from the process's uid; nobody can choose it) and the name shown for
/// it, which defaults to the account but may be set with `--as` on a
/// shared login.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Actor {
    pub name: String,
    /// Empty for events written before accounts were recorded.
    pub account: String,
}

impl Actor {
    /// A responder whose display name is their account name.
    pub fn account(account: impl Into<String>) -> Actor {
        let account = account.into();
        Actor {
            name: account.clone(),
            account,
        }
    }

    /// A display name written by `account`.
    pub fn named(name: impl Into<String>, account: impl Into<String>) -> Actor {
        Actor {
            name: one_line(&name.into()),
            account: account.into(),
        }
    }
}

/// A title, name or reason as one line: every run of whitespace and control
/// characters (newlines, tabs, escapes) becomes one space. A newline in a
/// title would otherwise print a forged row in `list`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// `carol`, or `carol (via oncall)` when the display name is not the
/// account that wrote the event: both are always shown, never one instead
/// of the other.
impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.account.is_empty() || self.account == self.name {
            f.write_str(&self.name)
        } else {
            write!(f, "{} (via {})", self.name, self.account)
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Everything that can happen to an incident. Free text in here has
/// already been through `redact`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    Declared {
        playbook: String,
        /// SHA-256 of the playbook file's text at declaration; the store
        /// keeps that text, so the incident keeps working if the playbook
        /// is later edited or removed, and the hash chain vouches for it.
        playbook_sha256: String,
        title: String,
        severity: Severity,
        inputs: BTreeMap<String, String>,
        drill: bool,
        /// Drill clock speed; 1 for real incidents.
        speed: u32,
    },
    StepStarted {
        step: String,
        /// Set when a blocked step was started anyway.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        override_reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    StepDone {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        override_reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    StepSkipped {
        step: String,
        reason: String,
    },
    StepReopened {
        step: String,
        reason: String,
    },
    Answered {
        step: String,
        choice: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// Why it was answered while its prerequisites were open.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        override_reason: Option<String>,
    },
    InputSet {
        input: String,
        value: String,
    },
    NoteAdded {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<String>,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    SeverityChanged {
        from: Severity,
        to: Severity,
    },
    /// A leaked value was registered for scrubbing. Only the fact is
    /// recorded, never the value or its fingerprint.
    LiteralRegistered {
        /// How many characters it had, so responders can tell entries apart.
        length: usize,
    },
    /// A log line kept as evidence on the timeline.
    LogPinned {
        source: String,
        line: String,
    },
    /// A drill's scripted signal (the playbook's `[[drill.inject]]` entry
    /// `index`) appeared in the log pane.
    DrillInjected {
        index: usize,
        source: String,
        line: String,
    },
    /// A drill ended; how the team did.
    DrillScored {
        card: Box<super::score::ScoreCard>,
    },
    /// The incident was given a new title.
    Renamed {
        from: String,
        to: String,
    },
    /// A phase's deadline passed with the phase not done: recorded once,
    /// by the first console to see it, so the timeline and the report
    /// show when the team fell behind.
    DeadlineMissed {
        phase: String,
        /// When it was due (wall clock; a drill's is scaled).
        due_at: DateTime<Utc>,
    },
    /// A drill was ended by leaving its console (or by warroom itself),
    /// not by anyone deciding it was resolved: it folds to `resolved`,
    /// but the timeline says what really happened.
    DrillEnded {
        from: Status,
        /// How it ended, in words ("the last console present quit").
        how: String,
    },
    /// An action item for after the incident: the postmortem's follow-ups.
    FollowUpAdded {
        /// 1, 2, 3… within the incident.
        number: u32,
        text: String,
        owner: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// A follow-up was done, dropped, or opened again.
    FollowUpChanged {
        number: u32,
        state: FollowUpState,
    },
    /// A step's command was run from warroom: the evidence of what ran,
    /// where, as whom, and with what result.
    CommandRun(Box<RunRecord>),
    /// Another account agreed that a step needing approval may be run or
    /// marked done.
    Approved {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Another account said no: earlier approvals of the step no longer count.
    ApprovalRefused {
        step: String,
        reason: String,
    },
    /// The writer took a role; `from` is the account that held it, when it
    /// was taken over rather than free.
    RoleTaken {
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// The role's holder (the writer) handed it to account `to`.
    RoleHandedOff {
        role: String,
        to: String,
        note: String,
    },
    /// A step given to a responder's account; `None` takes it back.
    Assigned {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// A correction of event `event`: its text, its time, or both. The
    /// original stays in the chain; what is shown is corrected and marked.
    Amended {
        event: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<DateTime<Utc>>,
        reason: String,
    },
    /// The escalation of a missed phase, claimed by the process that runs
    /// its hook: occurrence 1 when the deadline passed, then one per
    /// repeat. Appending it is the claim, so each runs exactly once.
    Escalated {
        phase: String,
        occurrence: u32,
        /// How late the phase was when claimed (playbook seconds).
        late_secs: i64,
    },
    /// The update reminder, claimed like an escalation.
    Reminded {
        occurrence: u32,
        /// Seconds since the last status change or note.
        quiet_secs: i64,
    },
    /// What an escalation or reminder hook did.
    HookRan {
        /// The claim (`escalated` or `reminded` event) it ran for.
        of: u64,
        /// `exit 0`, `HTTP 200`, `failed to start: …`.
        outcome: String,
        ok: bool,
    },
}

/// One run of a step's command. The raw output is never kept: only its
/// SHA-256 and size, and the output as redacted, first and last parts when
/// it was long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    pub step: String,
    /// Which of the step's commands (1-based); `None` for the whole block
    /// run as one script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The command as run, placeholders filled, redacted.
    pub command: String,
    pub shell: String,
    pub host: String,
    pub cwd: String,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub end: RunEnd,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// SHA-256 of the raw output (stdout and stderr as they came).
    pub output_sha256: String,
    /// Bytes of raw output.
    pub output_bytes: u64,
    /// The output, sanitized and redacted; cut in the middle when long.
    pub output: String,
    /// Bytes of redacted output left out in the middle (0: all kept).
    #[serde(default)]
    pub output_cut: u64,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunEnd {
    /// It exited by itself (with `exit_code`) or was killed by a signal
    /// nobody in warroom sent (`signal`).
    Exited,
    /// It ran past its timeout and was stopped.
    TimedOut,
    /// A responder stopped it (Ctrl-C, `K`).
    Stopped,
    /// It never started (no shell, a bad directory).
    Failed,
}

impl RunEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            RunEnd::Exited => "exited",
            RunEnd::TimedOut => "timed out",
            RunEnd::Stopped => "stopped",
            RunEnd::Failed => "failed to start",
        }
    }
}

impl RunRecord {
    /// `exit 0`, `exit 2`, `killed by signal 9`, `timed out after 5m`…
    pub fn result(&self) -> String {
        match (self.end, self.exit_code, self.signal) {
            (RunEnd::Exited, Some(code), _) => format!("exit {code}"),
            (RunEnd::Exited, None, Some(sig)) => format!("killed by signal {sig}"),
            (RunEnd::Exited, None, None) => "exited".to_string(),
            (end, _, _) => end.as_str().to_string(),
        }
    }

    /// Did it succeed: exited by itself with status 0.
    pub fn succeeded(&self) -> bool {
        self.end == RunEnd::Exited && self.exit_code == Some(0)
    }
}

/// Where a follow-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    Open,
    Done,
    Dropped,
}

impl FollowUpState {
    pub const ALL: [FollowUpState; 3] = [
        FollowUpState::Open,
        FollowUpState::Done,
        FollowUpState::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpState::Open => "open",
            FollowUpState::Done => "done",
            FollowUpState::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<FollowUpState> {
        FollowUpState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for FollowUpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EventKind {
    /// The name stored in the `kind` column.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Declared { .. } => "declared",
            EventKind::StepStarted { .. } => "step_started",
            EventKind::StepDone { .. } => "step_done",
            EventKind::StepSkipped { .. } => "step_skipped",
            EventKind::StepReopened { .. } => "step_reopened",
            EventKind::Answered { .. } => "answered",
            EventKind::InputSet { .. } => "input_set",
            EventKind::NoteAdded { .. } => "note_added",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::SeverityChanged { .. } => "severity_changed",
            EventKind::LiteralRegistered { .. } => "literal_registered",
            EventKind::LogPinned { .. } => "log_pinned",
            EventKind::DrillInjected { .. } => "drill_injected",
            EventKind::DrillScored { .. } => "drill_scored",
            EventKind::DeadlineMissed { .. } => "deadline_missed",
            EventKind::Renamed { .. } => "renamed",
            EventKind::DrillEnded { .. } => "drill_ended",
            EventKind::FollowUpAdded { .. } => "follow_up_added",
            EventKind::FollowUpChanged { .. } => "follow_up_changed",
            EventKind::CommandRun(_) => "command_run",
            EventKind::Approved { .. } => "approved",
            EventKind::ApprovalRefused { .. } => "approval_refused",
            EventKind::RoleTaken { .. } => "role_taken",
            EventKind::RoleHandedOff { .. } => "role_handed_off",
            EventKind::Assigned { .. } => "assigned",
            EventKind::Amended { .. } => "amended",
            EventKind::Escalated { .. } => "escalated",
            EventKind::Reminded { .. } => "reminded",
            EventKind::HookRan { .. } => "hook_ran",
        }
    }

    /// The step an event concerns, if any.
    pub fn step(&self) -> Option<&str> {
        match self {
            EventKind::StepStarted { step, .. }
            | EventKind::StepDone { step, .. }
            | EventKind::StepSkipped { step, .. }
            | EventKind::StepReopened { step, .. }
            | EventKind::Answered { step, .. }
            | EventKind::Approved { step, .. }
            | EventKind::ApprovalRefused { step, .. }
            | EventKind::Assigned { step, .. } => Some(step),
            EventKind::CommandRun(run) => Some(&run.step),
            EventKind::NoteAdded { step, .. } => step.as_deref(),
            _ => None,
        }
    }
}

/// One stored event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    #[serde(flatten)]
    pub kind: EventKind,
}
