//! `warroom watch`: the headless watcher. Each second, for every open
//! incident, it records missed deadlines and a drill's due signals, and
//! claims the escalations and reminders the host's hooks are for (see
//! `app::escalation`). One line per action on stdout, diagnostics on
//! stderr; SIGTERM, SIGINT and SIGHUP end it with exit 0 once the hooks
//! still running are done (or their timeout passed).

use super::Failure;
use super::output::emit;
use crate::app::Context;
use crate::app::escalation::{Action, COMMAND_TIMEOUT, Escalator};
use crate::incident::display_id;
use chrono::Utc;
use std::time::Duration;

pub fn run(ctx: &Context, once: bool) -> Result<(), Failure> {
    // Diagnostics (a hook not recorded, an incident that cannot be read)
    // go to stderr; actions to stdout.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::WARN)
        .without_time()
        .with_target(false)
        .try_init();
    let mut escalator = Escalator::from_config()?;
    let mut session = ctx.session()?;
    eprintln!(
        "{}",
        banner(&escalator, &session.store.path().display().to_string())
    );
    // Not `Runtime::block_on`: the PostgreSQL client blocks on a runtime
    // of its own (see `run_loop`).
    crate::app::live::run_loop(async {
        use tokio::signal::unix::{SignalKind, signal};
        let sig =
            |kind| signal(kind).map_err(|e| Failure::Bad(format!("cannot watch signals: {e}")));
        let mut term = sig(SignalKind::terminate())?;
        let mut int = sig(SignalKind::interrupt())?;
        let mut hup = sig(SignalKind::hangup())?;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = session.refresh_leaked() {
                        eprintln!(
                            "warroom watch: {}",
                            super::error_line(&format!("leaked values not reloaded: {e}"))
                        );
                    }
                    let actions = escalator.tick(&mut session, Utc::now());
                    print(&actions, &session.redactor)?;
                    if once {
                        break;
                    }
                }
                _ = term.recv() => break,
                _ = int.recv() => break,
                _ = hup.recv() => break,
            }
        }
        Ok::<(), Failure>(())
    })??;
    if escalator.running() > 0 {
        eprintln!(
            "warroom watch: waiting for {} hook(s) to finish (at most {}s)",
            escalator.running(),
            COMMAND_TIMEOUT.as_secs() + 1
        );
    }
    let actions = escalator.finish(
        &mut session,
        COMMAND_TIMEOUT + Duration::from_secs(1),
        Utc::now,
    );
    print(&actions, &session.redactor)?;
    Ok(())
}

/// What the watcher will do, on stderr as it starts.
fn banner(escalator: &Escalator, db: &str) -> String {
    let hooks = escalator.hooks();
    let escalation = match &hooks.escalation {
        Some((hook, Some(repeat))) => format!("escalation: {hook}, again every {repeat}"),
        Some((hook, None)) => format!("escalation: {hook}, once per missed phase"),
        None => "escalation: none".into(),
    };
    let reminder = match &hooks.reminder {
        Some((every, Some(hook))) => format!("reminder: after {every} quiet, {hook}"),
        Some((every, None)) => format!("reminder: after {every} quiet, on the timeline only"),
        None => "reminder: none".into(),
    };
    let from = if hooks.any() {
        format!(" (from {})", hooks.file.display())
    } else {
        format!(
            " (only {} may configure them)",
            crate::paths::system_config_path().display()
        )
    };
    format!("warroom watch: database {db}; {escalation}; {reminder}{from}")
}

fn print(actions: &[Action], redactor: &crate::redact::Redactor) -> Result<(), Failure> {
    let mut out = String::new();
    for a in actions {
        out.push_str(&redactor.clean_text(&line(a)));
        out.push('\n');
    }
    if out.is_empty() {
        return Ok(());
    }
    emit(&out)
}

/// One action in one line.
pub fn line(a: &Action) -> String {
    match a {
        Action::Missed { id, phase } => format!("{} {phase}: deadline missed", display_id(*id)),
        Action::Signals { id, count } => {
            format!("{} {count} drill signal(s) recorded", display_id(*id))
        }
        Action::Escalated {
            id,
            seq,
            phase,
            occurrence,
            late_secs,
            ..
        } => format!(
            "{} {phase}: escalation {occurrence} ({} late), hook started (event {seq})",
            display_id(*id),
            span(*late_secs)
        ),
        Action::Reminded {
            id,
            seq,
            occurrence,
            quiet_secs,
            commander,
            hook,
        } => format!(
            "{} reminder {occurrence} to {} ({} without an update){} (event {seq})",
            display_id(*id),
            commander.as_deref().unwrap_or("the commander (none named)"),
            span(*quiet_secs),
            if *hook { ", hook started" } else { "" }
        ),
        Action::HookRan {
            id,
            of,
            outcome,
            ok,
        } => format!(
            "{} hook for event {of}: {outcome}{}",
            display_id(*id),
            if *ok { "" } else { " (FAILED)" }
        ),
    }
}

/// `95` → `1m35s`.
fn span(secs: i64) -> String {
    let s = secs.max(0);
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, _) => format!("{h}h{m:02}m"),
    }
}
