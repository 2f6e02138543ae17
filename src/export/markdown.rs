//! The Markdown report: reads well raw and rendered.

use super::{Exported, cell, reached, t_plus, text};
use crate::incident::{EventKind, PhaseState, Status, StepState, display_id};
use crate::redact::Redactor;
use chrono::{DateTime, Duration, Utc};
use std::fmt::Write as _;

/// A fenced block that its content cannot close.
fn fenced(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{content}\n{fence}\n")
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn span(d: Duration) -> String {
    let s = d.num_seconds().abs();
    match (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60) {
        (0, 0, 0, sec) => format!("{sec}s"),
        (0, 0, m, sec) => format!("{m}m {sec:02}s"),
        (0, h, m, _) => format!("{h}h {m:02}m"),
        (d, h, m, _) => format!("{d}d {h}h {m:02}m"),
    }
}

/// One or more incidents as one report; several get a table of contents.
pub fn markdown(items: &[Exported], r: &Redactor, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    if items.len() > 1 {
        out.push_str("# Incident reports\n\n");
        for x in items {
            let id = display_id(x.state.id);
            let drill = if x.state.drill { " (DRILL)" } else { "" };
            let _ = writeln!(
                out,
                "- [{id}: {}{drill}](#{})",
                cell(&r.clean_text(&x.state.title)),
                id.to_ascii_lowercase()
            );
        }
        out.push('\n');
    }
    // One incident is the whole document; several sit under a contents list.
    let level = if items.len() > 1 { "##" } else { "#" };
    for x in items {
        let mut body = String::new();
        one(&mut body, x, r, now, level);
        if items.len() > 1 {
            // The contents list links here whatever the heading's words
            // make of the renderer's own anchor.
            let _ = writeln!(
                out,
                "<a id=\"{}\"></a>\n",
                display_id(x.state.id).to_ascii_lowercase()
            );
            out.push_str(&body);
        } else {
            // Sections sit one level under the title, with no level skipped.
            out.push_str(&promote_headings(&body));
        }
    }
    out
}

/// Every heading below the first level one level up (`###` → `##`):
/// sections are written for the several-incident document, under `##`.
fn promote_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        if hashes >= 3 && line.as_bytes().get(hashes) == Some(&b' ') {
            out.push_str(&line[1..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn one(out: &mut String, x: &Exported, r: &Redactor, now: DateTime<Utc>, level: &str) {
    let s = &x.state;
    let id = display_id(s.id);
    let drill = if s.drill { "\\[DRILL\\] " } else { "" };
    let _ = writeln!(
        out,
        "{level} {drill}{id}: {}\n",
        cell(&r.clean_text(&s.title))
    );
    if s.drill {
        out.push_str("> **DRILL**: this was a rehearsal, not a real incident.\n\n");
    }
    summary(out, x, r, now);
    phases(out, x, now);
    if let Some(card) = &s.score {
        // Redacted again, like every other text in the report.
        out.push_str(&r.clean_text(&super::scorecard::markdown(card, &x.earlier)));
    }
    timeline(out, x, r);
    decisions(out, x, r);
    skips(out, x, r);
    notes(out, x, r);
    evidence(out, x, r);
    never_done(out, x);
    if let Some((e, hash)) = x.last() {
        let _ = writeln!(
            out,
            "---\n\nLast event: #{} at {}, hash `{hash}`. Check the database against it with `warroom verify {id} --expect {hash}`, or `--against` this file.\n",
            e.seq,
            utc(e.at)
        );
    }
}

fn summary(out: &mut String, x: &Exported, r: &Redactor, now: DateTime<Utc>) {
    let s = &x.state;
    let mut responders: Vec<String> = Vec::new();
    for (e, _) in &x.events {
        // The drill's own signals are not a responder.
        if matches!(e.kind, EventKind::DrillInjected { .. }) {
            continue;
        }
        let who = r.clean_text(&e.actor.to_string());
        if !responders.contains(&who) {
            responders.push(who);
        }
    }
    let severities: Vec<String> = x
        .events
        .iter()
        .filter_map(|(e, _)| match &e.kind {
            EventKind::SeverityChanged { from, to } => {
                Some(format!("{from} → {to} at {}", e.at.format("%H:%M:%S")))
            }
            _ => None,
        })
        .collect();
    let severity = if severities.is_empty() {
        s.severity.to_string()
    } else {
        format!("{} (changes: {})", s.severity, severities.join("; "))
    };
    let end = reached(x, Status::Resolved);
    let mut duration = match end {
        Some(e) => format!("{} (declared to resolved)", span(e - s.declared_at)),
        None => format!("{} so far", span(now - s.declared_at)),
    };
    if s.speed > 1 {
        let played = s.elapsed(end.unwrap_or(now));
        duration.push_str(&format!(
            "; {} of playbook time at {}x",
            span(played),
            s.speed
        ));
    }
    let at = |st| reached(x, st).map_or("—".to_string(), utc);
    out.push_str("| | |\n|---|---|\n");
    let rows = [
        (
            "Playbook",
            format!("{} ({})", s.playbook.id, cell(&s.playbook.title)),
        ),
        ("Severity", cell(&severity)),
        ("Status", s.status.to_string()),
        (
            "Drill",
            if s.drill {
                format!("yes, clock ×{}", s.speed)
            } else {
                "no".into()
            },
        ),
        (
            "Declared",
            format!(
                "{} by {}",
                utc(s.declared_at),
                cell(&r.clean_text(&s.declared_by.to_string()))
            ),
        ),
        ("Mitigated", at(Status::Mitigated)),
        ("Resolved", at(Status::Resolved)),
        ("Duration", duration),
        ("Responders", cell(&responders.join(", "))),
    ];
    for (k, v) in rows {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    out.push('\n');
}

fn phases(out: &mut String, x: &Exported, now: DateTime<Utc>) {
    let s = &x.state;
    out.push_str("### Phases\n\n| Phase | Due | Completed | Outcome |\n|---|---|---|---|\n");
    let speed = i32::try_from(s.speed).unwrap_or(1);
    for (v, p) in s.phases(now).iter().zip(&s.playbook.phases) {
        let due = v.due_at.map_or("untimed".to_string(), |d| {
            format!(
                "{} (T+{})",
                d.format("%Y-%m-%d %H:%M:%S"),
                p.due.map(|o| o.to_string()).unwrap_or_default()
            )
        });
        let done = v.completed_at.map_or("—".to_string(), |c| {
            c.format("%Y-%m-%d %H:%M:%S").to_string()
        });
        let outcome = match (v.state, v.completed_at, v.due_at) {
            (PhaseState::Met, Some(c), Some(d)) => format!("met, {} early", span((d - c) * speed)),
            (PhaseState::Met, _, _) => "met".to_string(),
            (PhaseState::Missed, Some(c), Some(d)) => {
                format!("missed by {}", span((c - d) * speed))
            }
            (PhaseState::Missed, None, Some(d)) if s.ended_at.is_some() => format!(
                "missed, never completed (ended {} after the deadline)",
                span((s.clock(now) - d) * speed)
            ),
            (PhaseState::Missed, None, Some(d)) => format!(
                "missed, still open {} after the deadline",
                span((now - d) * speed)
            ),
            // An untimed phase has no deadline to end before.
            _ if s.ended_at.is_some() && v.due_at.is_none() => "never completed".to_string(),
            _ if s.ended_at.is_some() => {
                "never completed (the incident ended before its deadline)".to_string()
            }
            _ => "open".to_string(),
        };
        let _ = writeln!(out, "| {} | {due} | {done} | {outcome} |", cell(&p.title));
    }
    out.push('\n');
}

fn timeline(out: &mut String, x: &Exported, r: &Redactor) {
    let window = match (x.since, x.until) {
        (None, None) => String::new(),
        (a, b) => format!(
            " (from {} to {})",
            a.map_or("the start".into(), utc),
            b.map_or("the end".into(), utc)
        ),
    };
    let _ = writeln!(
        out,
        "### Timeline{window}\n\n| Time (UTC) | T+ | Who | What happened |\n|---|---|---|---|"
    );
    for (e, _) in x.in_window() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            t_plus(&x.state, e.at),
            who(e, r),
            cell(&text(e, x, r))
        );
    }
    out.push('\n');
}

fn decisions(out: &mut String, x: &Exported, r: &Redactor) {
    let lines: Vec<String> = x
        .events
        .iter()
        .filter_map(|(e, _)| match &e.kind {
            EventKind::Answered { step, choice, .. } => {
                let title = x
                    .state
                    .playbook
                    .step(step)
                    .map_or(step.as_str(), |s| s.title.as_str());
                Some(format!(
                    "- **{}** {} ({}, {})",
                    cell(title),
                    cell(choice),
                    who(e, r),
                    e.at.format("%H:%M:%S")
                ))
            }
            EventKind::InputSet { input, value } => Some(format!(
                "- **{}** {} ({}, {})",
                cell(input),
                cell(&r.clean_text(value)),
                who(e, r),
                e.at.format("%H:%M:%S")
            )),
            _ => None,
        })
        .collect();
    section(out, "Decisions", &lines);
}

fn skips(out: &mut String, x: &Exported, r: &Redactor) {
    let lines: Vec<String> = x
        .events
        .iter()
        .filter_map(|(e, _)| {
            let (verb, step, reason) = match &e.kind {
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
            let title = x
                .state
                .playbook
                .step(step)
                .map_or(step.as_str(), |s| s.title.as_str());
            Some(format!(
                "- *{}* {verb} by {} at {}: {}",
                cell(title),
                who(e, r),
                e.at.format("%H:%M:%S"),
                cell(&r.clean_text(reason))
            ))
        })
        .collect();
    section(out, "Skipped, reopened and overridden steps", &lines);
}

fn notes(out: &mut String, x: &Exported, r: &Redactor) {
    let lines: Vec<String> = x
        .events
        .iter()
        .filter_map(|(e, _)| match &e.kind {
            EventKind::NoteAdded { text, .. } => Some(format!(
                "- {} {}: {}",
                e.at.format("%H:%M:%S"),
                who(e, r),
                cell(&r.clean_text(text))
            )),
            _ => None,
        })
        .collect();
    section(out, "Notes", &lines);
}

fn evidence(out: &mut String, x: &Exported, r: &Redactor) {
    let pins: Vec<_> = x
        .events
        .iter()
        .filter_map(|(e, _)| match &e.kind {
            EventKind::LogPinned { source, line } => Some((e, source, line)),
            _ => None,
        })
        .collect();
    if pins.is_empty() {
        return;
    }
    out.push_str("### Pinned log evidence\n\n");
    for (e, source, line) in pins {
        let _ = writeln!(
            out,
            "{} {} pinned from {}:\n",
            e.at.format("%H:%M:%S"),
            who(e, r),
            cell(&r.clean_text(source))
        );
        out.push_str(&fenced(&r.clean_text(line)));
        out.push('\n');
    }
}

fn never_done(out: &mut String, x: &Exported) {
    let s = &x.state;
    let lines: Vec<String> = s
        .playbook
        .steps
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            matches!(
                s.step_state(*i),
                StepState::Pending | StepState::InProgress | StepState::Blocked
            )
        })
        .map(|(i, st)| format!("- {} ({})", cell(&st.title), s.step_state(i)))
        .collect();
    section(out, "Steps never done", &lines);
}

/// Who wrote an event (`carol (via oncall)`), redacted, for a table cell.
fn who(e: &crate::incident::Event, r: &Redactor) -> String {
    cell(&r.clean_text(&e.actor.to_string()))
}

fn section(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push('\n');
}
