//! The Markdown report: reads well raw and rendered.

use super::report::Report;
use super::{Exported, cell, span, t_plus, text};
use crate::incident::{EventKind, display_id};
use crate::playbook::{DueOrigin, SUGGESTED_LEGEND};
use crate::redact::Redactor;
use chrono::{DateTime, Duration, Utc};
use std::fmt::Write as _;

/// A fenced block that its content cannot close.
fn fenced(content: &str) -> String {
    fenced_as("text", content)
}

fn fenced_as(info: &str, content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{info}\n{content}\n{fence}\n")
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
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
    let report = Report::of(x, r, now);
    summary(out, x, &report, r, now);
    key_times(out, x, &report);
    placeholder(
        out,
        "Impact",
        "Who and what was affected, for how long, and how badly: services, users, data, money.",
    );
    placeholder(
        out,
        "Root cause",
        "Why the secret leaked or the token was compromised, and why it was not caught sooner.",
    );
    phases(out, x, &report);
    gantt(out, x, &report);
    steps(out, &report);
    runs(out, &report);
    overrides(out, &report);
    decisions(out, &report);
    if let Some(card) = &s.score {
        // Redacted again, like every other text in the report.
        out.push_str(&r.clean_text(&super::scorecard::markdown(card, &x.earlier)));
    }
    evidence(out, x, r);
    notes(out, x, r);
    responders(out, &report);
    roles(out, &report);
    follow_ups(out, &report);
    lessons(out);
    timeline(out, x, r);
    if let Some((e, hash)) = x.last() {
        let _ = writeln!(
            out,
            "### Verification\n\nLast event: #{} at {}, hash `{hash}`. Check the database against it with `warroom verify {id} --expect {hash}`, or `--against` this file.\n",
            e.seq,
            utc(e.at)
        );
    }
}

/// A section the postmortem's author writes, clearly marked as not yet
/// written so nobody mistakes an empty heading for "nothing to say".
fn placeholder(out: &mut String, title: &str, ask: &str) {
    let _ = writeln!(out, "### {title}\n\n> **To be written.** {ask}\n");
}

fn summary(out: &mut String, x: &Exported, rep: &Report, r: &Redactor, now: DateTime<Utc>) {
    let s = &x.state;
    let responders: Vec<String> = rep
        .responders
        .iter()
        .map(|p| {
            if p.names.is_empty() {
                p.account.clone()
            } else {
                format!("{} ({})", p.names.join(", "), p.account)
            }
        })
        .collect();
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
    let k = &rep.key_times;
    let end = k
        .resolved
        .as_ref()
        .or(k.drill_ended.as_ref())
        .map(|m| m.at)
        .or(s.ended_at);
    let mut duration = match end {
        Some(e) if k.resolved.is_some() => {
            format!("{} (declared to resolved)", span(e - s.declared_at))
        }
        Some(e) => format!("{} (declared to ended)", span(e - s.declared_at)),
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
    out.push_str("### Summary\n\n| | |\n|---|---|\n");
    let rows = [
        ("Title", cell(&r.clean_text(&s.title))),
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
            "Started",
            format!(
                "{} by {}",
                utc(s.declared_at),
                cell(&r.clean_text(&s.declared_by.to_string()))
            ),
        ),
        ("Duration", duration),
        ("Responders", cell(&responders.join(", "))),
    ];
    for (k, v) in rows {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    out.push('\n');
}

fn key_times(out: &mut String, x: &Exported, rep: &Report) {
    let k = &rep.key_times;
    let s = &x.state;
    let at = |m: &Option<super::report::Moment>| match m {
        Some(m) => format!("{} ({}) by {}", utc(m.at), t_plus(s, m.at), cell(&m.by)),
        None => "not reached".to_string(),
    };
    let first = match &k.first_action {
        Some(m) => format!(
            "{} ({}) by {}: {}",
            utc(m.at),
            t_plus(s, m.at),
            cell(&m.by),
            cell(m.what.as_deref().unwrap_or_default())
        ),
        None => "none yet".to_string(),
    };
    let to = |secs: Option<i64>| secs.map_or("—".to_string(), |n| span(Duration::seconds(n)));
    out.push_str("### Key times\n\n| | |\n|---|---|\n");
    let _ = writeln!(out, "| Declared | {} |", utc(k.declared));
    let _ = writeln!(out, "| First action | {first} |");
    let _ = writeln!(out, "| Mitigated | {} |", at(&k.mitigated));
    let _ = writeln!(out, "| Resolved | {} |", at(&k.resolved));
    if let Some(m) = &k.drill_ended {
        let _ = writeln!(
            out,
            "| Drill ended | {} ({}), when its console quit |",
            utc(m.at),
            t_plus(s, m.at)
        );
    }
    let _ = writeln!(
        out,
        "| Time to mitigate | {} |",
        to(k.time_to_mitigate_secs)
    );
    let _ = writeln!(out, "| Time to resolve | {} |", to(k.time_to_resolve_secs));
    out.push('\n');
}

fn phases(out: &mut String, x: &Exported, rep: &Report) {
    out.push_str("### Phases\n\n| Phase | Due | Deadline from | Completed | Outcome |\n|---|---|---|---|---|\n");
    let mut suggested = false;
    for p in &rep.phases {
        let due = match (p.due_at, &p.due) {
            (Some(d), Some(o)) => {
                let mark = p.due_origin.map_or("", |o| o.mark());
                format!("{} ({mark}T+{o})", d.format("%Y-%m-%d %H:%M:%S"))
            }
            _ => "untimed".to_string(),
        };
        let origin = match p.due_origin {
            Some(DueOrigin::Suggested) => {
                suggested = true;
                "warroom's suggestion".to_string()
            }
            Some(DueOrigin::Source) => match &x.state.playbook.source {
                Some(src) => format!("the source ({})", cell(src)),
                None => "the playbook".to_string(),
            },
            None => "—".to_string(),
        };
        let done = p.completed_at.map_or("—".to_string(), |c| {
            c.format("%Y-%m-%d %H:%M:%S").to_string()
        });
        let _ = writeln!(
            out,
            "| {} | {due} | {origin} | {done} | {} |",
            cell(&p.title),
            p.outcome
        );
    }
    if suggested {
        let _ = writeln!(out, "\n{}", cell(SUGGESTED_LEGEND));
    }
    out.push('\n');
}

/// A Mermaid chart of phases (declaration to deadline) and of steps
/// (start to finish), which GitHub and GitLab draw. Names lose the
/// characters Mermaid's task syntax gives meaning to.
fn gantt(out: &mut String, x: &Exported, rep: &Report) {
    let s = &x.state;
    let at = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    let mut lines = vec![
        "gantt".to_string(),
        format!("    title {}", mermaid_text(&display_id(s.id))),
        "    dateFormat YYYY-MM-DD HH:mm:ss".to_string(),
        "    axisFormat %H:%M".to_string(),
    ];
    let timed: Vec<_> = rep.phases.iter().filter(|p| p.due_at.is_some()).collect();
    if !timed.is_empty() {
        lines.push("    section Phases".to_string());
        for (i, p) in timed.iter().enumerate() {
            let due = p.due_at.expect("timed");
            let tag = match p.state {
                "met" => "done, ",
                "missed" => "crit, ",
                _ => "active, ",
            };
            let mark = p.due_origin.map_or("", |o| o.mark());
            lines.push(format!(
                "    {} (due {mark}T+{}) :{tag}p{}, {}, {}",
                mermaid_text(&p.title),
                p.due.as_deref().unwrap_or_default(),
                i + 1,
                at(s.declared_at),
                at(due.max(s.declared_at + Duration::seconds(1)))
            ));
        }
    }
    let worked: Vec<_> = rep
        .steps
        .iter()
        .filter(|st| st.started_at.is_some() || st.finished_at.is_some())
        .collect();
    if !worked.is_empty() {
        lines.push("    section Steps".to_string());
        for st in worked {
            let (start, end, tag) = match (st.started_at, st.finished_at) {
                (Some(a), Some(b)) => (a, b, "done, "),
                (Some(a), None) => (a, a, "active, "),
                (None, Some(b)) => (b, b, "milestone, "),
                (None, None) => unreachable!("filtered"),
            };
            // A task needs a length to be drawn; a finished-at-once step is
            // a one-second bar.
            let end = end.max(start + Duration::seconds(1));
            lines.push(format!(
                "    {}. {} :{tag}s{}, {}, {}",
                st.number,
                mermaid_text(&st.title),
                st.number,
                at(start),
                at(end)
            ));
        }
    }
    out.push_str("### Chart\n\n```mermaid\n");
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("```\n\n");
}

/// Text safe inside a Mermaid gantt line: `:` starts the task data, `;`
/// and `#` end or comment a line, and a fence would close the block.
fn mermaid_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            ':' | ';' | '#' | '`' | '%' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    crate::incident::one_line(&cleaned)
}

fn steps(out: &mut String, rep: &Report) {
    out.push_str("### Steps\n\n| # | Step | Owner | Started | Finished | Took | Outcome |\n|---|---|---|---|---|---|---|\n");
    let hm = |t: Option<DateTime<Utc>>| {
        t.map_or("—".to_string(), |t| t.format("%H:%M:%S").to_string())
    };
    for st in &rep.steps {
        let mut outcome = match (&st.answer, st.state.as_str()) {
            (Some(a), _) => format!("answered {}", cell(a)),
            (None, "pending") => "not done".to_string(),
            (None, "in_progress") => "in progress, not finished".to_string(),
            (None, "not_applicable") => "not applicable".to_string(),
            (None, "blocked") => "not done (prerequisites open)".to_string(),
            (None, other) => other.to_string(),
        };
        if st.reasons > 0 {
            outcome.push_str(" (see reasons)");
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {outcome} |",
            st.number,
            cell(&st.title),
            st.owner.as_deref().map_or("—".to_string(), cell),
            hm(st.started_at),
            hm(st.finished_at),
            st.took_secs
                .map_or("—".to_string(), |n| span(Duration::seconds(n))),
        );
    }
    out.push('\n');
}

/// Commands run from warroom, under their steps: who, where, the result,
/// and the redacted output folded away (`<details>`), with the raw
/// output's SHA-256 to match against a copy kept elsewhere.
fn runs(out: &mut String, rep: &Report) {
    if rep.runs.is_empty() {
        return;
    }
    out.push_str("### Commands run\n\n");
    let mut last_step: Option<&str> = None;
    for row in &rep.runs {
        let r = &row.run;
        if last_step != Some(r.step.as_str()) {
            let _ = writeln!(out, "**{}**\n", cell(&row.title));
            last_step = Some(r.step.as_str());
        }
        let _ = writeln!(
            out,
            "- {} by {} on {} in {}: {}, {}. Output {} bytes, SHA-256 `{}`{}.\n",
            r.started_at.format("%H:%M:%S"),
            cell(&row.by),
            cell(&r.host),
            cell(&r.cwd),
            r.result(),
            if r.duration_ms < 60_000 {
                format!("{:.1}s", r.duration_ms as f64 / 1000.0)
            } else {
                span(Duration::milliseconds(
                    i64::try_from(r.duration_ms).unwrap_or(i64::MAX),
                ))
            },
            r.output_bytes,
            r.output_sha256,
            if r.output_cut > 0 {
                format!(" ({} bytes cut from the middle here)", r.output_cut)
            } else {
                String::new()
            }
        );
        let _ = writeln!(out, "{}", indent(&fenced_as("sh", &r.command)));
        if r.output.trim().is_empty() {
            out.push_str("  (no output)\n\n");
            continue;
        }
        let _ = writeln!(
            out,
            "  <details><summary>output (event {})</summary>\n",
            row.seq
        );
        let _ = writeln!(out, "{}", indent(&fenced(r.output.trim_end())));
        out.push_str("  </details>\n\n");
    }
}

/// Two spaces before every line: the block belongs to the list item above.
fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn overrides(out: &mut String, rep: &Report) {
    let lines: Vec<String> = rep
        .overrides
        .iter()
        .map(|o| {
            format!(
                "- *{}* {} by {} at {}: {}",
                cell(&o.title),
                o.what,
                cell(&o.by),
                o.at.format("%H:%M:%S"),
                cell(&o.reason)
            )
        })
        .collect();
    section(
        out,
        "Reasons: skipped, reopened and overridden steps",
        &lines,
    );
}

fn decisions(out: &mut String, rep: &Report) {
    let lines: Vec<String> = rep
        .decisions
        .iter()
        .map(|d| {
            let when = if d.kind == "input" && d.at == rep.key_times.declared {
                "at declaration".to_string()
            } else {
                d.at.format("%H:%M:%S").to_string()
            };
            format!(
                "- **{}** {} ({}, {when})",
                cell(&d.question),
                cell(&d.answer),
                cell(&d.by)
            )
        })
        .collect();
    section(out, "Decisions and inputs", &lines);
}

fn responders(out: &mut String, rep: &Report) {
    if rep.responders.is_empty() {
        return;
    }
    out.push_str("### Responders\n\n| Account | Shown as | First seen | What they did |\n|---|---|---|---|\n");
    for p in &rep.responders {
        let names = if p.names.is_empty() {
            "—".to_string()
        } else {
            cell(&p.names.join(", "))
        };
        let _ = writeln!(
            out,
            "| {} | {names} | {} | {} |",
            cell(&p.account),
            p.first_at.format("%H:%M:%S"),
            cell(&p.did.join(", "))
        );
    }
    out.push('\n');
}

fn roles(out: &mut String, rep: &Report) {
    if rep.roles.is_empty() {
        return;
    }
    out.push_str("### Roles\n\n| Role | Held by | From | Until | How |\n|---|---|---|---|---|\n");
    for r in &rep.roles {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&r.role),
            cell(&r.account),
            r.from.format("%Y-%m-%d %H:%M:%S"),
            r.until.map_or("still held".to_string(), |u| u
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()),
            cell(&r.how)
        );
    }
    out.push('\n');
}

fn follow_ups(out: &mut String, rep: &Report) {
    out.push_str("### Follow-up actions\n\n");
    if rep.follow_ups.is_empty() {
        out.push_str("> **To be written.** None recorded yet: add them with `warroom follow-up INC-N \"what\" --owner NAME --due DATE`, or `U` in the console.\n\n");
        return;
    }
    out.push_str("| # | Action | Owner | Due | State | Added |\n|---|---|---|---|---|---|\n");
    for f in &rep.follow_ups {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} by {} |",
            f.number,
            cell(&f.text),
            cell(&f.owner),
            f.due.map_or("—".to_string(), |d| d.to_string()),
            f.state,
            f.added_at.format("%Y-%m-%d %H:%M"),
            cell(&f.added_by)
        );
    }
    out.push('\n');
}

fn lessons(out: &mut String) {
    out.push_str("### Lessons learned\n\n");
    for (title, ask) in [
        (
            "What went well",
            "What helped: tools, people, luck that was not luck.",
        ),
        (
            "What went wrong",
            "What slowed the response or made it worse.",
        ),
        (
            "Where we got lucky",
            "What could have gone worse, and why it did not.",
        ),
    ] {
        let _ = writeln!(out, "#### {title}\n\n> **To be written.** {ask}\n");
    }
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
    // Corrected entries read as corrected, in corrected order, each with a
    // footnote saying what it said and why it changed; the chain keeps the
    // original.
    let shown = crate::incident::corrected_timeline(x.in_window().map(|(e, _)| e), &x.state);
    let mut notes = Vec::new();
    for s in &shown {
        let e = &s.event;
        let mark = match s.correction {
            Some(a) => {
                let text = crate::incident::describe(s.original, &x.state.playbook);
                notes.push(format!(
                    "[^e{}]: Event {} as first recorded, at {}: {}. Corrected by {} in event {}: {}",
                    s.original.seq,
                    s.original.seq,
                    utc(s.original.at),
                    cell(&r.clean_text(&text)),
                    cell(&r.clean_text(&a.by.to_string())),
                    a.seq,
                    cell(&r.clean_text(&a.reason))
                ));
                format!(" *(corrected)*[^e{}]", s.original.seq)
            }
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{mark} |",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            t_plus(&x.state, e.at),
            who(e, r),
            cell(&text(e, x, r))
        );
    }
    out.push('\n');
    for n in notes {
        out.push_str(&n);
        out.push_str("\n\n");
    }
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
