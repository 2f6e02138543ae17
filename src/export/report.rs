//! What a postmortem needs from an incident, worked out once from its
//! events: key times, phase outcomes, the step table, decisions and inputs,
//! responders and follow-ups. The Markdown report renders it; the JSON
//! export carries it as data. Texts here are redacted already.

use super::Exported;
use crate::incident::{Event, EventKind, FollowUpState, PhaseState, Status};
use crate::playbook::DueOrigin;
use crate::redact::Redactor;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub key_times: KeyTimes,
    pub phases: Vec<PhaseOutcome>,
    pub steps: Vec<StepRow>,
    pub overrides: Vec<Override>,
    pub decisions: Vec<Decision>,
    pub responders: Vec<Responder>,
    pub follow_ups: Vec<FollowUpRow>,
    /// Commands run from warroom, in order, with who ran them.
    pub runs: Vec<RunRow>,
    /// Every holder of every role, with when each took it and gave it up.
    pub roles: Vec<RoleSpan>,
}

/// One account's time in a role.
#[derive(Clone, Debug, Serialize)]
pub struct RoleSpan {
    pub role: String,
    pub account: String,
    pub from: DateTime<Utc>,
    /// When it passed to someone else; `None` while held.
    pub until: Option<DateTime<Utc>>,
    /// How it came to them: "took it", "handed over by alice: note",
    /// "took it over from bob".
    pub how: String,
}

/// A step's command run from warroom: the evidence, with its step's title.
#[derive(Clone, Debug, Serialize)]
pub struct RunRow {
    pub seq: u64,
    pub title: String,
    pub by: String,
    #[serde(flatten)]
    pub run: crate::incident::RunRecord,
}

/// The moments every postmortem template asks for. A status the incident
/// never reached is `None` ("not reached"), never a later status's time.
#[derive(Clone, Debug, Serialize)]
pub struct KeyTimes {
    pub declared: DateTime<Utc>,
    pub first_action: Option<Moment>,
    pub mitigated: Option<Moment>,
    pub resolved: Option<Moment>,
    /// A drill ended by its console quitting, not by anyone resolving it.
    pub drill_ended: Option<Moment>,
    /// Wall-clock seconds from declaration.
    pub time_to_mitigate_secs: Option<i64>,
    pub time_to_resolve_secs: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub by: String,
    /// What happened then, for the first action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PhaseOutcome {
    pub id: String,
    pub title: String,
    /// `15m`, as the playbook gives it.
    pub due: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    /// Whose deadline it is; `None` for an untimed phase.
    pub due_origin: Option<DueOrigin>,
    pub completed_at: Option<DateTime<Utc>>,
    pub state: &'static str,
    pub outcome: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepRow {
    pub number: usize,
    pub id: String,
    pub title: String,
    pub phase: String,
    pub decision: bool,
    /// Who finished (or skipped, or answered) it, else who started it.
    pub owner: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Playbook seconds from start to finish; none without a start.
    pub took_secs: Option<i64>,
    pub state: String,
    /// The answer of a decision.
    pub answer: Option<String>,
    /// How many times a reason was given for it (overrides, skips, reopenings).
    pub reasons: usize,
}

/// A skip, reopening or override, with its reason.
#[derive(Clone, Debug, Serialize)]
pub struct Override {
    pub step: String,
    pub title: String,
    pub what: &'static str,
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    /// `input` (asked at declaration or set later) or `decision` (a step).
    pub kind: &'static str,
    pub id: String,
    /// The question as the playbook asks it.
    pub question: String,
    pub answer: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Responder {
    pub account: String,
    /// Display names used by this account, when any differs from it.
    pub names: Vec<String>,
    pub first_at: DateTime<Utc>,
    /// What they did, counted: "started 2 steps", "1 note".
    pub did: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FollowUpRow {
    pub number: u32,
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub state: FollowUpState,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

impl Report {
    pub fn of(x: &Exported, r: &Redactor, now: DateTime<Utc>) -> Report {
        let who = |e: &Event| r.clean_text(&e.actor.to_string());
        Report {
            key_times: key_times(x, &who),
            phases: phases(x, now),
            steps: steps(x, &who),
            overrides: overrides(x, r, &who),
            decisions: decisions(x, r, &who),
            responders: responders(x, r),
            roles: roles(x, r),
            runs: x
                .events
                .iter()
                .filter_map(|(e, _)| match &e.kind {
                    EventKind::CommandRun(run) => {
                        let mut run = (**run).clone();
                        run.command = r.clean_text(&run.command);
                        run.output = r.clean_text(&run.output);
                        run.cwd = r.clean_text(&run.cwd);
                        Some(RunRow {
                            seq: e.seq,
                            title: title_of(x, &run.step),
                            by: who(e),
                            run,
                        })
                    }
                    _ => None,
                })
                .collect(),
            follow_ups: x
                .state
                .follow_ups
                .iter()
                .map(|f| FollowUpRow {
                    number: f.number,
                    text: r.clean_text(&f.text),
                    owner: r.clean_text(&f.owner),
                    due: f.due,
                    state: f.state,
                    added_by: r.clean_text(&f.added_by.to_string()),
                    added_at: f.added_at,
                })
                .collect(),
        }
    }
}

/// The holders of each role in turn, from the role events.
fn roles(x: &Exported, r: &Redactor) -> Vec<RoleSpan> {
    let mut out: Vec<RoleSpan> = Vec::new();
    let close = |out: &mut Vec<RoleSpan>, role: &str, at: DateTime<Utc>| {
        if let Some(open) = out
            .iter_mut()
            .rev()
            .find(|s| s.role == role && s.until.is_none())
        {
            open.until = Some(at);
        }
    };
    for (e, _) in &x.events {
        match &e.kind {
            EventKind::RoleTaken { role, from } => {
                close(&mut out, role, e.at);
                out.push(RoleSpan {
                    role: role.clone(),
                    account: e.actor.account.clone(),
                    from: e.at,
                    until: None,
                    how: match from {
                        Some(f) => format!("took it over from {f}"),
                        None => "took it".into(),
                    },
                });
            }
            EventKind::RoleHandedOff { role, to, note } => {
                close(&mut out, role, e.at);
                let note = r.clean_text(note);
                out.push(RoleSpan {
                    role: role.clone(),
                    account: r.clean_text(to),
                    from: e.at,
                    until: None,
                    how: if note.is_empty() {
                        format!("handed over by {}", e.actor.account)
                    } else {
                        format!("handed over by {}: {note}", e.actor.account)
                    },
                });
            }
            _ => {}
        }
    }
    out
}

/// Did a person do something about the incident? Signals, missed
/// deadlines and score cards are warroom's, not a responder's.
fn is_action(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Declared { .. }
            | EventKind::DrillInjected { .. }
            | EventKind::DrillScored { .. }
            | EventKind::DeadlineMissed { .. }
            | EventKind::DrillEnded { .. }
    )
}

fn key_times(x: &Exported, who: &dyn Fn(&Event) -> String) -> KeyTimes {
    let s = &x.state;
    let moment = |e: &Event| Moment {
        at: e.at,
        by: who(e),
        what: None,
    };
    let first_action = x
        .events
        .iter()
        .map(|(e, _)| e)
        .find(|e| is_action(&e.kind))
        .map(|e| Moment {
            what: Some(crate::incident::describe(e, &s.playbook)),
            ..moment(e)
        });
    // The first time it was set to exactly this status: an incident that
    // went straight to resolved was never mitigated.
    let reached = |status: Status| {
        x.events.iter().map(|(e, _)| e).find_map(|e| match e.kind {
            EventKind::StatusChanged { to, .. } if to == status => Some(moment(e)),
            _ => None,
        })
    };
    let mitigated = reached(Status::Mitigated);
    let resolved = reached(Status::Resolved);
    let drill_ended = x.events.iter().map(|(e, _)| e).find_map(|e| match e.kind {
        EventKind::DrillEnded { .. } => Some(moment(e)),
        _ => None,
    });
    let since = |m: &Option<Moment>| m.as_ref().map(|m| (m.at - s.declared_at).num_seconds());
    KeyTimes {
        declared: s.declared_at,
        time_to_mitigate_secs: since(&mitigated),
        time_to_resolve_secs: since(&resolved),
        first_action,
        mitigated,
        resolved,
        drill_ended,
    }
}

fn phases(x: &Exported, now: DateTime<Utc>) -> Vec<PhaseOutcome> {
    let s = &x.state;
    let speed = i32::try_from(s.speed).unwrap_or(1);
    let span = |d: chrono::Duration| super::span(d * speed);
    s.phases(now)
        .into_iter()
        .zip(&s.playbook.phases)
        .map(|(v, p)| {
            let outcome = match (v.state, v.completed_at, v.due_at) {
                (PhaseState::Met, Some(c), Some(d)) => format!("met, {} early", span(d - c)),
                (PhaseState::Met, _, _) => "met".to_string(),
                (PhaseState::Missed, Some(c), Some(d)) => format!("missed by {}", span(c - d)),
                (PhaseState::Missed, None, Some(d)) if s.ended_at.is_some() => format!(
                    "missed, never completed (ended {} after the deadline)",
                    span(s.clock(now) - d)
                ),
                (PhaseState::Missed, None, Some(d)) => {
                    format!("missed, still open {} after the deadline", span(now - d))
                }
                // An untimed phase has no deadline to end before.
                _ if s.ended_at.is_some() && v.due_at.is_none() => "never completed".to_string(),
                _ if s.ended_at.is_some() => {
                    "never completed (the incident ended before its deadline)".to_string()
                }
                _ => "open".to_string(),
            };
            PhaseOutcome {
                id: p.id.clone(),
                title: p.title.clone(),
                due: p.due.map(|d| d.to_string()),
                due_at: v.due_at,
                due_origin: p.due.map(|_| p.due_origin),
                completed_at: v.completed_at,
                state: v.state.as_str(),
                outcome,
            }
        })
        .collect()
}

/// One row per playbook step, from its events: a reopening starts the
/// step's story over, so the row tells how it ended.
fn steps(x: &Exported, who: &dyn Fn(&Event) -> String) -> Vec<StepRow> {
    let s = &x.state;
    let mut rows: Vec<StepRow> = s
        .playbook
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| StepRow {
            number: i + 1,
            id: st.id.clone(),
            title: st.title.clone(),
            phase: st.phase.clone(),
            decision: st.is_decision(),
            owner: None,
            started_at: None,
            finished_at: None,
            took_secs: None,
            state: s.step_state(i).to_string(),
            answer: s.answers.get(&st.id).cloned(),
            reasons: 0,
        })
        .collect();
    for (e, _) in &x.events {
        let Some(row) = e
            .kind
            .step()
            .and_then(|id| rows.iter_mut().find(|r| r.id == id))
        else {
            continue;
        };
        match &e.kind {
            EventKind::StepStarted {
                override_reason, ..
            } => {
                row.started_at = Some(e.at);
                row.finished_at = None;
                row.owner = Some(who(e));
                row.reasons += usize::from(override_reason.is_some());
            }
            EventKind::StepDone {
                override_reason, ..
            }
            | EventKind::Answered {
                override_reason, ..
            } => {
                row.finished_at = Some(e.at);
                row.owner = Some(who(e));
                row.reasons += usize::from(override_reason.is_some());
            }
            EventKind::StepSkipped { .. } => {
                row.finished_at = Some(e.at);
                row.owner = Some(who(e));
                row.reasons += 1;
            }
            EventKind::StepReopened { .. } => {
                row.started_at = None;
                row.finished_at = None;
                row.owner = None;
                row.reasons += 1;
            }
            _ => {}
        }
    }
    for row in &mut rows {
        if let (Some(a), Some(b)) = (row.started_at, row.finished_at) {
            let played = |t| crate::incident::clock::scale(s.declared_at, t, s.speed);
            row.took_secs = Some((played(b) - played(a)).num_seconds().max(0));
        }
    }
    rows
}

fn overrides(x: &Exported, r: &Redactor, who: &dyn Fn(&Event) -> String) -> Vec<Override> {
    x.events
        .iter()
        .filter_map(|(e, _)| {
            let (what, step, reason) = match &e.kind {
                EventKind::StepSkipped { step, reason } => ("skipped", step, reason),
                EventKind::StepReopened { step, reason } => ("reopened", step, reason),
                EventKind::StepStarted {
                    step,
                    override_reason: Some(reason),
                    ..
                } => ("started while blocked", step, reason),
                EventKind::StepDone {
                    step,
                    override_reason: Some(reason),
                    ..
                } => ("finished while blocked", step, reason),
                EventKind::Answered {
                    step,
                    override_reason: Some(reason),
                    ..
                } => ("answered while blocked", step, reason),
                _ => return None,
            };
            Some(Override {
                step: step.clone(),
                title: title_of(x, step),
                what,
                by: who(e),
                at: e.at,
                reason: r.clean_text(reason),
            })
        })
        .collect()
}

fn title_of(x: &Exported, step: &str) -> String {
    x.state
        .playbook
        .step(step)
        .map_or_else(|| step.to_string(), |s| s.title.clone())
}

/// Inputs given at declaration first (they name what leaked), then every
/// answer and later input in the order given.
fn decisions(x: &Exported, r: &Redactor, who: &dyn Fn(&Event) -> String) -> Vec<Decision> {
    let pb = &x.state.playbook;
    let prompt = |id: &str| {
        pb.input(id)
            .map_or_else(|| id.to_string(), |i| i.prompt.clone())
    };
    let mut out = Vec::new();
    for (e, _) in &x.events {
        match &e.kind {
            EventKind::Declared { inputs, .. } => {
                for (id, value) in inputs {
                    out.push(Decision {
                        kind: "input",
                        id: id.clone(),
                        question: prompt(id),
                        answer: r.clean_text(value),
                        by: who(e),
                        at: e.at,
                    });
                }
            }
            EventKind::InputSet { input, value } => out.push(Decision {
                kind: "input",
                id: input.clone(),
                question: prompt(input),
                answer: r.clean_text(value),
                by: who(e),
                at: e.at,
            }),
            EventKind::Answered { step, choice, .. } => out.push(Decision {
                kind: "decision",
                id: step.clone(),
                question: title_of(x, step),
                answer: choice.clone(),
                by: who(e),
                at: e.at,
            }),
            _ => {}
        }
    }
    out
}

/// Every account that acted, in order of first action, with what it did.
fn responders(x: &Exported, r: &Redactor) -> Vec<Responder> {
    let mut out: Vec<(Responder, Vec<(&'static str, usize)>)> = Vec::new();
    for (e, _) in &x.events {
        let what = match &e.kind {
            EventKind::Declared { .. } => "declared it",
            EventKind::StepStarted { .. } => "started steps",
            EventKind::StepDone { .. } => "finished steps",
            EventKind::StepSkipped { .. } => "skipped steps",
            EventKind::StepReopened { .. } => "reopened steps",
            EventKind::Answered { .. } => "answered decisions",
            EventKind::InputSet { .. } => "set inputs",
            EventKind::NoteAdded { .. } => "notes",
            EventKind::StatusChanged { .. } => "status changes",
            EventKind::SeverityChanged { .. } => "severity changes",
            EventKind::LiteralRegistered { .. } => "leaked values registered",
            EventKind::LogPinned { .. } => "log lines pinned",
            EventKind::Renamed { .. } => "renamed it",
            EventKind::FollowUpAdded { .. } | EventKind::FollowUpChanged { .. } => "follow-ups",
            EventKind::DrillEnded { .. } => "ended the drill",
            EventKind::CommandRun(_) => "commands run",
            EventKind::Approved { .. } => "approvals",
            EventKind::ApprovalRefused { .. } => "approvals refused",
            EventKind::RoleTaken { .. } | EventKind::RoleHandedOff { .. } => "role changes",
            EventKind::Assigned { .. } => "assignments",
            EventKind::Amended { .. } => "corrections",
            // warroom's own, by whichever process claimed them.
            EventKind::Escalated { .. }
            | EventKind::Reminded { .. }
            | EventKind::HookRan { .. } => {
                continue;
            }
            EventKind::DrillInjected { .. }
            | EventKind::DrillScored { .. }
            | EventKind::DeadlineMissed { .. } => continue,
        };
        // Events from before accounts were recorded fall back to the name.
        let account = if e.actor.account.is_empty() {
            r.clean_text(&e.actor.name)
        } else {
            e.actor.account.clone()
        };
        let i = match out.iter().position(|(p, _)| p.account == account) {
            Some(i) => i,
            None => {
                out.push((
                    Responder {
                        account: account.clone(),
                        names: Vec::new(),
                        first_at: e.at,
                        did: Vec::new(),
                    },
                    Vec::new(),
                ));
                out.len() - 1
            }
        };
        let (p, counts) = &mut out[i];
        let name = r.clean_text(&e.actor.name);
        if name != p.account && !p.names.contains(&name) {
            p.names.push(name);
        }
        match counts.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => counts.push((what, 1)),
        }
    }
    out.into_iter()
        .map(|(mut p, counts)| {
            p.did = counts
                .into_iter()
                .map(|(what, n)| match what {
                    "declared it" | "renamed it" | "ended the drill" if n == 1 => what.to_string(),
                    _ => format!("{what}: {n}"),
                })
                .collect();
            p
        })
        .collect()
}
