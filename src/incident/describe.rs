//! Events in words, for the timeline pane and the export:
//! "alice marked *Rotate all secrets* done".

use super::event::{Event, EventKind};
use super::state::{Amendment, IncidentState};
use crate::playbook::Playbook;

fn title<'a>(pb: &'a Playbook, step: &'a str) -> &'a str {
    pb.step(step).map_or(step, |s| s.title.as_str())
}

/// One line (notes may span lines) saying what happened, without the actor.
pub fn describe(e: &Event, pb: &Playbook) -> String {
    let with_note = |base: String, note: &Option<String>| match note {
        Some(n) => format!("{base}: {n}"),
        None => base,
    };
    match &e.kind {
        EventKind::Declared {
            title,
            severity,
            drill,
            inputs,
            ..
        } => {
            let drill = if *drill { " (DRILL)" } else { "" };
            // The answers given at declaration (which secret, which store)
            // belong where everyone reads them.
            let given = if inputs.is_empty() {
                String::new()
            } else {
                let pairs: Vec<String> = inputs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("; {}", pairs.join(", "))
            };
            format!(
                "declared {title} [{severity}] from playbook {}{drill}{given}",
                pb.id
            )
        }
        EventKind::StepStarted {
            step,
            override_reason,
            note,
        } => {
            let base = match override_reason {
                Some(r) => format!("started {} while blocked, because: {r}", title(pb, step)),
                None => format!("started {}", title(pb, step)),
            };
            with_note(base, note)
        }
        EventKind::StepDone {
            step,
            override_reason,
            note,
        } => {
            let base = match override_reason {
                Some(r) => format!(
                    "marked {} done while blocked, because: {r}",
                    title(pb, step)
                ),
                None => format!("marked {} done", title(pb, step)),
            };
            with_note(base, note)
        }
        EventKind::StepSkipped { step, reason } => format!("skipped {}: {reason}", title(pb, step)),
        EventKind::StepReopened { step, reason } => {
            format!("reopened {}: {reason}", title(pb, step))
        }
        EventKind::Answered {
            step,
            choice,
            note,
            override_reason,
        } => {
            let base = match override_reason {
                Some(r) => format!(
                    "answered {}: {choice} while blocked, because: {r}",
                    title(pb, step)
                ),
                None => format!("answered {}: {choice}", title(pb, step)),
            };
            with_note(base, note)
        }
        EventKind::InputSet { input, value } => format!("set {input} to {value}"),
        EventKind::NoteAdded {
            text,
            step: Some(step),
        } => format!("noted on {}: {text}", title(pb, step)),
        EventKind::NoteAdded { text, step: None } => format!("noted: {text}"),
        EventKind::StatusChanged { from, to } => format!("changed status from {from} to {to}"),
        EventKind::SeverityChanged { from, to } => format!("changed severity from {from} to {to}"),
        EventKind::LiteralRegistered { length } => {
            format!("registered a leaked {length}-character value for scrubbing")
        }
        EventKind::LogPinned { source, line } => {
            format!("pinned log evidence from {source}: {line}")
        }
        EventKind::DrillInjected {
            index,
            source,
            line,
        } => {
            let at = pb
                .injections
                .get(*index)
                .map(|i| format!(" at {}", i.at))
                .unwrap_or_default();
            format!("signal {}{at} from {source}: {line}", index + 1)
        }
        EventKind::DrillScored { card } => format!("drill ended: {}", card.summary()),
        EventKind::Renamed { from, to } => {
            format!("renamed the incident \"{to}\" (was \"{from}\")")
        }
        EventKind::DrillEnded { how, .. } => format!("ended the drill: {how}"),
        EventKind::CommandRun(run) => {
            let which = match run.line {
                Some(n) => format!("command {n} of "),
                None => String::new(),
            };
            format!(
                "ran {which}{}: `{}` ({}, {} ms, output sha256 {})",
                title(pb, &run.step),
                run.command.lines().next().unwrap_or_default(),
                run.result(),
                run.duration_ms,
                &run.output_sha256[..run.output_sha256.len().min(12)]
            )
        }
        EventKind::Approved { step, reason } => match reason {
            Some(r) => format!("approved {}: {r}", title(pb, step)),
            None => format!("approved {}", title(pb, step)),
        },
        EventKind::ApprovalRefused { step, reason } => {
            format!("refused approval of {}: {reason}", title(pb, step))
        }
        EventKind::RoleTaken { role, from: None } => format!("took the {role} role"),
        EventKind::RoleTaken {
            role,
            from: Some(from),
        } => format!("took over the {role} role from {from}"),
        EventKind::RoleHandedOff { role, to, note } if note.is_empty() => {
            format!("handed the {role} role to {to}")
        }
        EventKind::RoleHandedOff { role, to, note } => {
            format!("handed the {role} role to {to}: {note}")
        }
        EventKind::Assigned { step, to: Some(to) } => {
            format!("assigned {} to {to}", title(pb, step))
        }
        EventKind::Assigned { step, to: None } => format!("unassigned {}", title(pb, step)),
        EventKind::Amended {
            event,
            text,
            at,
            reason,
        } => {
            let mut what = Vec::new();
            if let Some(t) = text {
                what.push(format!("its text to \"{t}\""));
            }
            if let Some(at) = at {
                what.push(format!("its time to {}", at.format("%H:%M:%S UTC")));
            }
            format!("corrected event {event}: {} ({reason})", what.join(" and "))
        }
        EventKind::Escalated {
            phase,
            occurrence,
            late_secs,
        } => {
            let again = if *occurrence > 1 {
                format!(" (again, #{occurrence})")
            } else {
                String::new()
            };
            format!(
                "escalated: {} is {} late{again}",
                phase_title(pb, phase),
                late(*late_secs)
            )
        }
        EventKind::Reminded {
            occurrence: _,
            quiet_secs,
        } => format!(
            "reminded the commander: no status or note for {}",
            late(*quiet_secs)
        ),
        EventKind::HookRan { of, outcome, .. } => format!("hook for event {of}: {outcome}"),
        EventKind::FollowUpAdded {
            number,
            text,
            owner,
            due,
        } => {
            let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
            format!("added follow-up #{number} for {owner}{due}: {text}")
        }
        EventKind::FollowUpChanged { number, state } => match state {
            super::FollowUpState::Open => format!("opened follow-up #{number} again"),
            _ => format!("marked follow-up #{number} {state}"),
        },
        EventKind::DeadlineMissed { phase, due_at } => {
            let title = pb
                .phases
                .iter()
                .find(|p| p.id == *phase)
                .map_or(phase.as_str(), |p| p.title.as_str());
            format!(
                "deadline missed: {title} was due {} UTC and is not done",
                due_at.format("%H:%M:%S")
            )
        }
    }
}

/// A phase's title, or its id when the playbook has none of that id.
fn phase_title<'a>(pb: &'a Playbook, phase: &'a str) -> &'a str {
    pb.phases
        .iter()
        .find(|p| p.id == phase)
        .map_or(phase, |p| p.title.as_str())
}

/// `12m05s`, `1h02m`: how late, in a phrase.
fn late(secs: i64) -> String {
    crate::duration::Offset::from_secs(secs.max(0) as u64).to_string()
}

/// An event as the timeline shows it: corrected where a correction says
/// so (time, words), with the correction beside it. The chain keeps the
/// original; this is only how it reads.
pub struct Shown<'a> {
    pub event: Event,
    pub original: &'a Event,
    pub correction: Option<&'a Amendment>,
}

/// The events in the order of their (corrected) times, each corrected. A
/// correction of an event's time moves it to where it belongs; ties keep
/// the order they were written in.
pub fn corrected_timeline<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    state: &'a IncidentState,
) -> Vec<Shown<'a>> {
    let mut out: Vec<Shown<'a>> = events
        .into_iter()
        .map(|e| {
            let correction = state.amendments.get(&e.seq);
            let mut event = e.clone();
            if let Some(a) = correction {
                if let Some(at) = a.at {
                    event.at = at;
                }
                if let Some(text) = &a.text {
                    replace_words(&mut event.kind, text);
                }
            }
            Shown {
                event,
                original: e,
                correction,
            }
        })
        .collect();
    out.sort_by_key(|s| s.event.at);
    out
}

/// Puts `text` where the event keeps its own words: a note's text, a
/// reason, a step's note.
fn replace_words(kind: &mut EventKind, text: &str) {
    match kind {
        EventKind::NoteAdded { text: t, .. } => *t = text.to_string(),
        EventKind::StepSkipped { reason, .. } | EventKind::StepReopened { reason, .. } => {
            *reason = text.to_string()
        }
        EventKind::StepStarted { note, .. }
        | EventKind::StepDone { note, .. }
        | EventKind::Answered { note, .. } => *note = Some(text.to_string()),
        _ => {}
    }
}
