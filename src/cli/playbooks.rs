//! `warroom playbooks list|show|check`.

use super::output::{emit, table};
use super::{Failure, PlaybooksCommand};
use crate::app::{self, Context};
use crate::playbook::{Entry, LogTarget, Origin, Playbook, check_files};
use crate::redact::sanitize_str;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

pub fn run(ctx: &Context, cmd: PlaybooksCommand) -> Result<(), Failure> {
    match cmd {
        PlaybooksCommand::List => list(ctx),
        PlaybooksCommand::Show { id } => show(ctx, &id),
        PlaybooksCommand::Check { paths } if paths.is_empty() => check_configured(ctx),
        PlaybooksCommand::Check { paths } => check_paths(&paths),
    }
}

fn list(ctx: &Context) -> Result<(), Failure> {
    let (lib, diags) = ctx.library()?;
    // Where a playbook comes from matters only once user files are in play.
    let any_user = lib.entries().any(|e| e.origin != Origin::Bundled);
    let mut header = vec![
        "ID".to_string(),
        "SEV".into(),
        "DEADLINES".into(),
        "TITLE".into(),
    ];
    if any_user {
        header.push("FROM".into());
    }
    let mut rows = vec![header];
    for e in lib.entries() {
        let pb = &e.playbook;
        let mut row = vec![
            pb.id.clone(),
            pb.severity.to_string(),
            pb.deadlines(),
            sanitize_str(&pb.title).into_owned(),
        ];
        if any_user {
            row.push(e.source_label());
        }
        rows.push(row);
    }
    let mut out = table(&rows);
    if lib.entries().any(|e| e.playbook.has_suggested_deadline()) {
        out.push_str(&format!("\n{}\n", crate::playbook::SUGGESTED_LEGEND));
    }
    emit(&out)?;
    // The list is still useful with a broken user file; say what was left
    // out and exit 2 so scripts notice.
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Failure::Diagnostics(diags))
    }
}

fn show(ctx: &Context, id: &str) -> Result<(), Failure> {
    let (lib, diags) = ctx.library()?;
    let entry = app::find_playbook(&lib, id).inspect_err(|_| print_diagnostics(&diags))?;
    // Playbook text was checked to be printable; it goes through the one
    // redaction path anyway (sanitize, then redact), since nothing reaches
    // a terminal without passing through it: a runbook may quote a token.
    let store = super::existing_store(ctx);
    let red = app::redactor(&lib, store.as_ref())?;
    emit(&red.clean_text(&sanitize_text(&render(entry))))?;
    // A broken user file may have been meant to replace what was shown.
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Failure::Diagnostics(diags))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn print_diagnostics(diags: &[crate::playbook::Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}", super::error_line(&d.to_string()));
    }
}

fn check_configured(ctx: &Context) -> Result<(), Failure> {
    let (lib, diags) = ctx.library()?;
    if !diags.is_empty() {
        return Err(Failure::Diagnostics(diags));
    }
    let bundled = lib
        .entries()
        .filter(|e| e.origin == crate::playbook::Origin::Bundled)
        .count();
    let dirs = ctx.playbook_dirs();
    let mut msg = format!(
        "ok: {} valid ({bundled} bundled",
        plural(lib.len(), "playbook")
    );
    if dirs.is_empty() {
        msg.push(')');
    } else {
        let shown: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        let _ = write!(msg, ", {} from {}", lib.len() - bundled, shown.join(", "));
        msg.push(')');
    }
    msg.push('\n');
    emit(&msg)
}

fn check_paths(paths: &[PathBuf]) -> Result<(), Failure> {
    let (ok, diags) = check_files(paths)?;
    if !diags.is_empty() {
        return Err(Failure::Diagnostics(diags));
    }
    if ok.is_empty() {
        return Err(Failure::Bad(format!(
            "no playbook files (*.toml) in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    emit(&format!("ok: {} valid\n", plural(ok.len(), "playbook")))
}

/// A playbook as a responder reads it in a terminal: phases in order, steps
/// numbered as the console numbers them, commands ready to copy.
fn render(entry: &Entry) -> String {
    let pb = &entry.playbook;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}   [{}]", pb.id, pb.title, pb.severity);
    if let Some(summary) = &pb.summary {
        let _ = writeln!(out, "{}", summary.trim());
    }
    let source = pb
        .source
        .as_deref()
        .map(|s| format!("written from {s}; "))
        .unwrap_or_default();
    let _ = writeln!(out, "{source}loaded from {}", entry.source_label());
    render_inputs(&mut out, pb);
    let mut number = 0;
    for (i, phase) in pb.phases.iter().enumerate() {
        let due = match phase.due {
            None => "untimed".to_string(),
            Some(d) if phase.due_origin.is_suggested() => {
                format!("due ~T+{d} (warroom's suggestion; the source gives no deadline)")
            }
            Some(d) => format!("due T+{d}"),
        };
        let _ = writeln!(out, "\nPhase {}: {} — {due}", i + 1, phase.title);
        if let Some(s) = &phase.summary {
            let _ = writeln!(out, "  {}", s.trim());
        }
        for step in pb.steps_in(&phase.id) {
            number += 1;
            render_step(&mut out, number, step);
        }
    }
    render_logs(&mut out, pb);
    out
}

fn render_inputs(out: &mut String, pb: &Playbook) {
    if pb.inputs.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nAsked at declaration:");
    for input in &pb.inputs {
        let choices = if input.choices.is_empty() {
            "free text".to_string()
        } else {
            input.choices.join(" | ")
        };
        let default = input
            .default
            .as_deref()
            .map(|d| format!(", default {d}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}: {} [{choices}{default}]", input.id, input.prompt);
    }
}

fn render_step(out: &mut String, number: usize, step: &crate::playbook::Step) {
    let marker = if step.is_decision() {
        "  (decision)"
    } else {
        ""
    };
    let _ = writeln!(out, "  {number:>2}. {}{marker}   [{}]", step.title, step.id);
    let pad = "      ";
    if let Some(role) = &step.role {
        let _ = writeln!(out, "{pad}role: {role}");
    }
    if !step.after.is_empty() {
        let _ = writeln!(out, "{pad}after: {}", step.after.join(", "));
    }
    if let Some(w) = &step.when {
        let _ = writeln!(out, "{pad}only when: {}", w.expr);
    }
    if step.is_decision() {
        let _ = writeln!(out, "{pad}answers: {}", step.choices.join(" | "));
    }
    if let Some(body) = &step.body {
        for line in body.trim().lines() {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    if let Some(note) = &step.annotation {
        let _ = writeln!(
            out,
            "{pad}[warroom's note, not the source's] {}",
            note.trim()
        );
    }
    for cmd in &step.commands {
        for (i, line) in cmd.lines().enumerate() {
            // Comment lines from a runbook's code block are guidance, not commands.
            let lead = match (i, cmd.starts_with('#')) {
                (0, false) => "$ ",
                (0, true) => "",
                _ => "  ",
            };
            let _ = writeln!(out, "{pad}{lead}{line}");
        }
    }
    for check in &step.checks {
        let _ = writeln!(out, "{pad}check: {check}");
    }
}

fn render_logs(out: &mut String, pb: &Playbook) {
    if pb.logs.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nLogs followed:");
    for log in &pb.logs {
        let what = match &log.target {
            LogTarget::Path(p) => p.clone(),
            LogTarget::Command(argv) => format!("$ {}", argv.join(" ")),
        };
        match &log.name {
            Some(name) => {
                let _ = writeln!(out, "  {name}: {what}");
            }
            None => {
                let _ = writeln!(out, "  {what}");
            }
        }
    }
}

/// Sanitizes each line, keeping the line breaks.
fn sanitize_text(text: &str) -> String {
    text.lines()
        .map(|l| sanitize_str(l).into_owned() + "\n")
        .collect()
}
