//! The headless incident commands: declare, list, status, step, answer,
//! note, set-status, set-severity, verify.

use super::output::{emit, table};
use super::{Command, Failure, StepAction};
use crate::app::verify::{Claim, Outcome, Source};
use crate::app::witness::Checkpoint;
use crate::app::{self, Context};
use crate::incident::{
    Command as Cmd, FollowUpState, IncidentState, PhaseState, Status, display_id, parse_id,
};
use crate::playbook::Severity;
use crate::store::IncidentStore;
use chrono::{DateTime, Duration, Utc};

/// The store for a command that only reads (list, status, verify,
/// export): still readable on a full disk.
fn open(ctx: &Context) -> Result<Box<dyn IncidentStore>, Failure> {
    Ok(ctx.open_store_to_read()?)
}

fn incident_id(text: &str) -> Result<u64, Failure> {
    parse_id(text).ok_or_else(|| {
        Failure::Bad(format!(
            "`{text}` is not an incident id (expected something like INC-7)"
        ))
    })
}

pub fn run(ctx: &Context, cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Declare {
            playbook,
            title,
            severity,
            set,
            drill,
            speed,
        } => {
            let id = declare_new(
                ctx,
                &NewIncident {
                    playbook,
                    title,
                    severity,
                    set,
                    drill,
                    speed,
                },
            )?;
            emit(&format!("{}\n", display_id(id)))
        }
        Command::List { all, json } => list(ctx, all, json),
        Command::Status { incident, json } => status(ctx, incident.as_deref(), json),
        Command::Step {
            incident,
            step,
            action,
            reason,
            note,
            force,
            yes,
        } => {
            let reason = reason.unwrap_or_default();
            let forced = || if force { Some(reason.clone()) } else { None };
            if force && reason.trim().is_empty() {
                return Err(Failure::Bad("--force needs a --reason".into()));
            }
            if matches!(action, StepAction::Start) && !yes {
                someone_elses(ctx, &incident, &step)?;
            }
            let cmd = match action {
                StepAction::Start => Cmd::Start {
                    step,
                    force: forced(),
                    note,
                },
                StepAction::Done => Cmd::Done {
                    step,
                    force: forced(),
                    note,
                },
                StepAction::Skip => Cmd::Skip { step, reason },
                StepAction::Reopen => Cmd::Reopen { step, reason },
            };
            apply(ctx, &incident, cmd)
        }
        Command::Answer {
            incident,
            step,
            choice,
            force,
            reason,
        } => {
            let reason = reason.unwrap_or_default();
            if force && reason.trim().is_empty() {
                return Err(Failure::Bad("--force needs a --reason".into()));
            }
            apply(
                ctx,
                &incident,
                Cmd::Answer {
                    target: step,
                    choice,
                    note: None,
                    force: force.then_some(reason),
                },
            )
        }
        Command::Note {
            incident,
            text,
            step,
        } => {
            let text = if text == ["-"] {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                    .map_err(|e| Failure::Bad(format!("cannot read the note: {e}")))?;
                s
            } else {
                text.join(" ")
            };
            apply(ctx, &incident, Cmd::Note { text, step })
        }
        Command::SetStatus { incident, status } => {
            let to = Status::parse(&status.to_ascii_lowercase()).ok_or_else(|| {
                let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                Failure::Bad(format!(
                    "unknown status `{status}` (statuses: {})",
                    all.join(", ")
                ))
            })?;
            apply(ctx, &incident, Cmd::SetStatus(to))
        }
        Command::SetSeverity { incident, severity } => {
            apply(ctx, &incident, Cmd::SetSeverity(parse_severity(&severity)?))
        }
        Command::Rename { incident, title } => apply(ctx, &incident, Cmd::Rename(title.join(" "))),
        Command::Run {
            incident,
            step,
            line,
            set,
            yes,
        } => run_step(ctx, &incident, &step, line, &set, yes),
        Command::Role {
            incident,
            role,
            handoff_to,
            note,
            force,
        } => {
            let cmd = match handoff_to {
                Some(to) => Cmd::HandOff {
                    role,
                    to,
                    note: note.unwrap_or_default(),
                },
                None => Cmd::TakeRole { role, force },
            };
            apply(ctx, &incident, cmd)
        }
        Command::Assign {
            incident,
            step,
            account,
            clear,
        } => apply(
            ctx,
            &incident,
            Cmd::Assign {
                step,
                to: if clear { None } else { account },
            },
        ),
        Command::Amend {
            incident,
            event,
            text,
            at,
            reason,
        } => {
            let at = at.map(|t| parse_when(&t, "at")).transpose()?;
            apply(
                ctx,
                &incident,
                Cmd::Amend {
                    event,
                    text,
                    at,
                    reason,
                },
            )
        }
        Command::Approve {
            incident,
            step,
            reason,
            refuse,
        } => {
            let cmd = if refuse {
                let reason = reason.unwrap_or_default();
                if reason.trim().is_empty() {
                    return Err(Failure::Bad("--refuse needs a --reason".into()));
                }
                Cmd::RefuseApproval { step, reason }
            } else {
                Cmd::Approve { step, reason }
            };
            apply(ctx, &incident, cmd)
        }
        Command::FollowUp {
            incident,
            text,
            owner,
            due,
            done,
            drop,
            reopen,
        } => {
            let change = [
                (done, FollowUpState::Done),
                (drop, FollowUpState::Dropped),
                (reopen, FollowUpState::Open),
            ]
            .into_iter()
            .find_map(|(n, state)| n.map(|number| Cmd::SetFollowUp { number, state }));
            let cmd = match change {
                Some(cmd) => cmd,
                None => Cmd::FollowUp {
                    text: text.join(" "),
                    owner: owner.unwrap_or_else(|| ctx.actor().name),
                    due: due
                        .map(|d| crate::duration::due_date(&d, Utc::now().date_naive()))
                        .transpose()
                        .map_err(Failure::Bad)?,
                },
            };
            apply(ctx, &incident, cmd)
        }
        Command::Verify {
            incident,
            expect,
            against,
            all,
        } => match incident {
            Some(incident) if !all => verify(ctx, &incident, expect.as_deref(), against.as_deref()),
            _ => verify_all(ctx),
        },
        Command::Leaked { incident } => leaked(ctx, &incident),
        Command::Export {
            incidents,
            all,
            format,
            output,
            force,
            since,
            until,
        } => export(
            ctx,
            &incidents,
            all,
            format,
            output.as_deref(),
            force,
            since.as_deref(),
            until.as_deref(),
        ),
        _ => unreachable!("dispatched by cli::run"),
    }
}

fn parse_severity(text: &str) -> Result<Severity, Failure> {
    Severity::parse(&text.to_ascii_uppercase()).ok_or_else(|| {
        Failure::Bad(format!(
            "unknown severity `{text}` (severities: P0, P1, P2, P3)"
        ))
    })
}

/// What `declare` and `drill` ask for, as typed.
pub struct NewIncident {
    pub playbook: String,
    pub title: Option<String>,
    pub severity: Option<String>,
    pub set: Vec<String>,
    pub drill: bool,
    /// Drill clock speed; only for drills.
    pub speed: Option<u32>,
}

/// Declares an incident (or a drill); returns its number. Everything is
/// checked before the database is opened.
pub fn declare_new(ctx: &Context, new: &NewIncident) -> Result<u64, Failure> {
    let mut inputs = Vec::new();
    for pair in &new.set {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(Failure::Bad(format!(
                "--set `{pair}`: expected INPUT=VALUE"
            )));
        };
        inputs.push((key.to_string(), value.to_string()));
    }
    let new = app::NewIncident {
        playbook: new.playbook.clone(),
        title: new.title.clone(),
        severity: new.severity.as_deref().map(parse_severity).transpose()?,
        inputs,
        drill: new.drill,
        speed: new.speed,
    };
    let (library, _) = ctx.library()?;
    app::check(&library, &new)?;
    let mut session = ctx.session_with(library)?;
    Ok(session.declare(&new, Utc::now())?)
}

fn apply(ctx: &Context, incident: &str, cmd: Cmd) -> Result<(), Failure> {
    let id = incident_id(incident)?;
    let mut session = ctx.session()?;
    let app::Applied { event, ended } = session.apply(id, cmd, Utc::now())?;
    let what = match event.kind.step() {
        Some(step) => format!("{} {step}", event.kind.name().replace('_', " ")),
        None => event.kind.name().replace('_', " "),
    };
    emit(&format!(
        "{}: {what} by {} (event {})\n",
        display_id(id),
        event.actor,
        event.seq
    ))?;
    // Resolving (or closing) a drill ended it: show its score.
    if ended.is_some()
        && let Some(card) = session.drill_card(id)?
    {
        emit(&format!("\n{}", super::drills::render(&card)))?;
    }
    Ok(())
}

/// Starting a step assigned to another account is refused without
/// `--yes`: they may be on it already.
fn someone_elses(ctx: &Context, incident: &str, step: &str) -> Result<(), Failure> {
    let id = incident_id(incident)?;
    let session = ctx.session()?;
    let state = session.store.state(id)?;
    let me = &session.actor.account;
    if let Some(i) = state.step_index(step)
        && let Some(to) = &state.steps[i].assignee
        && to != me
    {
        return Err(Failure::Refused(format!(
            "step `{step}` is assigned to {to}; pass --yes to start it anyway"
        )));
    }
    Ok(())
}

/// `warroom run`: plan, show, ask, start the step, run, record.
fn run_step(
    ctx: &Context,
    incident: &str,
    step: &str,
    line: Option<usize>,
    set: &[String],
    yes: bool,
) -> Result<(), Failure> {
    use std::io::{BufRead, IsTerminal, Write};
    let id = incident_id(incident)?;
    let mut typed = std::collections::BTreeMap::new();
    for pair in set {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| Failure::Bad(format!("--set `{pair}` is not NAME=VALUE")))?;
        typed.insert(name.trim().to_string(), value.to_string());
    }
    let mut session = ctx.session()?;
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Bad(format!("cannot tell the current directory: {e}")))?;
    let prepared = session.prepare_run(id, step, line, &typed, &cwd)?;
    // What cannot go on is said in one line, before any plan is shown.
    if yes && !prepared.bundled && !prepared.allowed_before {
        return Err(Failure::Refused(format!(
            "not run: this command comes from {}; confirm it once without --yes before a script may run it",
            prepared.origin
        )));
    }
    if !yes && !std::io::stdin().is_terminal() {
        return Err(Failure::Bad(
            "not run: nobody to confirm it here; pass --yes to run without asking".into(),
        ));
    }
    let mut shown = format!("{}: about to run step {step}:\n\n", display_id(id));
    for l in prepared.describe().lines() {
        if l.is_empty() {
            shown.push('\n');
        } else {
            shown.push_str(&format!("  {l}\n"));
        }
    }
    if let Some(why) = &prepared.approval {
        shown.push_str(&format!("  approved by a second account (needed: {why})\n"));
    }
    if session.redactor.clean_text(&prepared.plan.script) != prepared.plan.script {
        shown
            .push_str("  (parts of the command are hidden here as secrets; they run as written)\n");
    }
    // Shown through the one redaction path: a command may quote a secret.
    let shown = session.redactor.clean_text(&shown);
    eprint!("\n{shown}\n");
    if !yes {
        let stdin = std::io::stdin();
        eprint!("Run it? [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        stdin
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::Bad(format!("cannot read the answer: {e}")))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Err(Failure::Refused("not run: not confirmed".into()));
        }
    }
    session.begin_run(id, &prepared, Utc::now())?;
    let stop = crate::run::stop_on_interrupt();
    let host = crate::run::host();
    let mut out = std::io::stdout().lock();
    let record = crate::run::execute(&prepared.plan, &session.redactor, stop, &host, |l| {
        let _ = writeln!(out, "{l}");
        let _ = out.flush();
    });
    drop(out);
    let (seq, done) =
        session.finish_run(id, record.clone(), prepared.done_on_success, Utc::now())?;
    let summary = app::runs::summary(id, &record, seq, done);
    if record.succeeded() {
        emit(&format!("{summary}\n"))
    } else {
        Err(Failure::Refused(summary))
    }
}

fn list(ctx: &Context, all: bool, json: bool) -> Result<(), Failure> {
    let store = open(ctx)?;
    let items = store.list(all)?;
    if json {
        return emit(&(serde_json::to_string_pretty(&items).expect("serializes") + "\n"));
    }
    if items.is_empty() {
        let what = if all {
            "no incidents yet"
        } else {
            "no open incidents (--all shows every incident)"
        };
        return emit(&format!("{what}\n"));
    }
    let mut rows = vec![vec![
        "ID".into(),
        "SEV".into(),
        "STATUS".into(),
        "PLAYBOOK".into(),
        "DECLARED (UTC)".into(),
        "TITLE".into(),
    ]];
    for s in items {
        let status = if s.drill {
            format!("{} DRILL", s.status)
        } else {
            s.status.to_string()
        };
        rows.push(vec![
            s.id,
            s.severity.to_string(),
            status,
            s.playbook,
            s.declared_at.format("%Y-%m-%d %H:%M").to_string(),
            s.title,
        ]);
    }
    emit(&table(&rows))
}

/// The incident named, or the only open one.
fn pick(store: &dyn IncidentStore, incident: Option<&str>) -> Result<u64, Failure> {
    if let Some(text) = incident {
        return incident_id(text);
    }
    let open = store.list(false)?;
    match open.as_slice() {
        [one] => incident_id(&one.id),
        [] => Err(Failure::Bad(
            "no open incident; name one (warroom list --all)".into(),
        )),
        many => {
            let ids: Vec<&str> = many.iter().map(|s| s.id.as_str()).collect();
            Err(Failure::Bad(format!(
                "several incidents are open; name one: {}",
                ids.join(", ")
            )))
        }
    }
}

fn status(ctx: &Context, incident: Option<&str>, json: bool) -> Result<(), Failure> {
    let store = open(ctx)?;
    let id = pick(&store, incident)?;
    let mut state = store.state(id)?;
    // The playbook's words go through the redactor like everything shown.
    let red = ctx.redactor(Some(&store))?;
    state.playbook = app::shown_playbook(&state.playbook, &red);
    let now = Utc::now();
    if json {
        return emit(
            &(serde_json::to_string_pretty(&crate::export::status_json(&state, now))
                .expect("serializes")
                + "\n"),
        );
    }
    emit(&status_text(&state, now))
}

/// `hh:mm:ss`, hours unbounded.
pub fn clock(d: Duration) -> String {
    let secs = d.num_seconds().abs();
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn status_text(s: &IncidentState, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let drill = if s.drill { "   DRILL" } else { "" };
    out.push_str(&format!(
        "{}  {}  [{}]  {}  T+{}{drill}\n",
        display_id(s.id),
        s.title,
        s.severity,
        s.status,
        clock(s.elapsed(now))
    ));
    out.push_str(&format!(
        "playbook {}, declared {} UTC by {}\n",
        s.playbook.id,
        s.declared_at.format("%Y-%m-%d %H:%M:%S"),
        s.declared_by
    ));
    // Who holds which role: the commander first, a free one said so.
    let roles: Vec<String> = s
        .playbook
        .all_roles()
        .iter()
        .map(|r| match s.roles.get(r) {
            Some(h) => format!("{r}: {}", h.account),
            None => format!("{r}: nobody"),
        })
        .collect();
    out.push_str(&format!("{}\n\n", roles.join(" · ")));
    let mut rows = vec![vec![
        "PHASE".to_string(),
        "DUE (UTC)".into(),
        "STATE".into(),
    ]];
    for (v, p) in s.phases(now).into_iter().zip(&s.playbook.phases) {
        let due = v.due_at.map_or("untimed".to_string(), |d| {
            format!("{}{}", p.due_origin.mark(), d.format("%m-%d %H:%M:%S"))
        });
        let scale = |d: Duration| d * i32::try_from(s.speed).unwrap_or(1);
        let state = match (v.state, v.completed_at, v.due_at) {
            (PhaseState::Met, Some(c), _) => format!("met at {}", c.format("%H:%M:%S")),
            (PhaseState::Missed, Some(c), Some(d)) => format!("missed by {}", clock(scale(c - d))),
            (PhaseState::Missed, None, Some(d)) => format!("open, {} over", clock(scale(now - d))),
            (PhaseState::Open, _, Some(d)) => format!("open, {} left", clock(scale(d - now))),
            _ => "open".to_string(),
        };
        rows.push(vec![p.title.clone(), due, state]);
    }
    out.push_str(&table(&rows));
    if s.playbook.has_suggested_deadline() {
        out.push_str(crate::playbook::SUGGESTED_LEGEND);
        out.push('\n');
    }
    out.push('\n');
    let mut rows = vec![vec![
        " #".to_string(),
        "STATE".into(),
        "STEP".into(),
        "BY".into(),
        "AT (UTC)".into(),
        "FOR".into(),
        "TITLE".into(),
    ]];
    for (i, st) in s.playbook.steps.iter().enumerate() {
        let r = &s.steps[i];
        let mut state = s.step_state(i).to_string();
        if let Some(a) = s.answers.get(&st.id) {
            state = format!("{state}: {a}");
        }
        rows.push(vec![
            format!("{:>2}", i + 1),
            state,
            st.id.clone(),
            r.by.as_ref().map(|a| a.to_string()).unwrap_or_default(),
            r.at.map(|t| t.format("%H:%M:%S").to_string())
                .unwrap_or_default(),
            r.assignee.clone().unwrap_or_default(),
            st.title.clone(),
        ]);
    }
    out.push_str(&table(&rows));
    if !s.amendments.is_empty() {
        out.push_str("\nCorrections (the originals stay in the chain):\n");
        for (seq, a) in &s.amendments {
            let mut what = Vec::new();
            if let Some(t) = &a.text {
                what.push(format!("text now \"{t}\""));
            }
            if let Some(at) = a.at {
                what.push(format!("time now {} UTC", at.format("%Y-%m-%d %H:%M:%S")));
            }
            out.push_str(&format!(
                "  event {seq}: {} (by {}, event {}: {})\n",
                what.join(", "),
                a.by,
                a.seq,
                a.reason
            ));
        }
    }
    if !s.follow_ups.is_empty() {
        let mut rows = vec![vec![
            " #".to_string(),
            "STATE".into(),
            "OWNER".into(),
            "DUE".into(),
            "FOLLOW-UP".into(),
        ]];
        for f in &s.follow_ups {
            rows.push(vec![
                format!("{:>2}", f.number),
                f.state.to_string(),
                f.owner.clone(),
                f.due.map(|d| d.to_string()).unwrap_or_default(),
                f.text.clone(),
            ]);
        }
        out.push('\n');
        out.push_str(&table(&rows));
    }
    out
}

/// `--expect HASH`: 64 hex digits, as `verify` and every export print it.
fn expected(hash: &str) -> Result<Claim, Failure> {
    let hash = hash.trim();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::Bad(format!(
            "--expect `{hash}`: expected a head hash of 64 hex digits (as `warroom verify` prints it)"
        )));
    }
    Ok(Claim {
        source: Source::Expected,
        checkpoints: Vec::new(),
        heads: vec![hash.to_ascii_lowercase()],
    })
}

/// `--against EXPORT`: what the export recorded of incident `id`.
fn against(path: &std::path::Path, id: u64) -> Result<Claim, Failure> {
    let bad = |why: String| Failure::Bad(format!("--against {}: {why}", path.display()));
    let text = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let text = String::from_utf8(text).map_err(|_| bad("not a text file".into()))?;
    let mut recorded = crate::export::recorded(&text).map_err(bad)?;
    let Some(points) = recorded.remove(&id) else {
        let held: Vec<String> = recorded.keys().map(|n| display_id(*n)).collect();
        return Err(bad(format!(
            "it has no {} (it holds {})",
            display_id(id),
            held.join(", ")
        )));
    };
    Ok(Claim {
        source: Source::Export(path.to_path_buf()),
        checkpoints: points
            .into_iter()
            .map(|(seq, hash)| Checkpoint { seq, hash })
            .collect(),
        heads: Vec::new(),
    })
}

/// The line for an incident whose chain holds: its count and head, then
/// exactly what vouches for it. "Internally consistent" when nothing
/// outside the database does; never "intact", which the chain alone
/// cannot prove.
fn holds_line(
    id: u64,
    events: u64,
    head: &str,
    vouched: &[app::verify::Vouched],
    unwitnessed: Option<&str>,
) -> String {
    let mut line = format!("{}: {events} events, head {head}; ", display_id(id));
    // Said whenever it is so: a missing witness is not a clean one.
    let unwitnessed = unwitnessed
        .map(|why| format!("; your witnesses could not be read ({why})"))
        .unwrap_or_default();
    if vouched.is_empty() {
        line.push_str("internally consistent (nothing outside the database vouches for it)");
        line.push_str(&unwitnessed);
        return line;
    }
    let parts: Vec<String> = vouched
        .iter()
        .map(|v| format!("matches {} up to event {}", v.source, v.through))
        .collect();
    line.push_str(&parts.join("; "));
    let through = vouched.iter().map(|v| v.through).max().unwrap_or(0);
    if through < events {
        let rest = if through + 1 == events {
            format!("event {events} is")
        } else {
            format!("events {}-{events} are", through + 1)
        };
        line.push_str(&format!("; {rest} only internally consistent"));
    }
    line.push_str(&unwitnessed);
    line
}

fn verify(
    ctx: &Context,
    incident: &str,
    expect: Option<&str>,
    against_file: Option<&std::path::Path>,
) -> Result<(), Failure> {
    let id = incident_id(incident)?;
    // Bad input is found before the database is opened.
    let claim = match (expect, against_file) {
        (Some(hash), _) => Some(expected(hash)?),
        (None, Some(path)) => Some(against(path, id)?),
        (None, None) => None,
    };
    let store = open(ctx)?;
    match app::verify::incident(&store, id, claim.as_ref())? {
        Outcome::Holds {
            id,
            events,
            head,
            vouched,
            unwitnessed,
        } => emit(&format!(
            "{}\n",
            holds_line(id, events, &head, &vouched, unwitnessed.as_deref())
        )),
        Outcome::Broken { id, problem, .. } => {
            Err(Failure::Refused(format!("{}: {problem}", display_id(id))))
        }
    }
}

/// Every incident: one line each on stdout; when any fails, one line on
/// stderr naming the first problem and how many there are, exit 1.
fn verify_all(ctx: &Context) -> Result<(), Failure> {
    let store = open(ctx)?;
    let outcomes = app::verify::all(&store)?;
    if outcomes.is_empty() {
        return emit("no incidents, and none witnessed\n");
    }
    let mut out = String::new();
    let mut problems = Vec::new();
    for o in &outcomes {
        match o {
            Outcome::Holds {
                id,
                events,
                head,
                vouched,
                unwitnessed,
            } => out.push_str(&holds_line(
                *id,
                *events,
                head,
                vouched,
                unwitnessed.as_deref(),
            )),
            Outcome::Broken { id, problem, .. } => {
                let line = format!("{}: {problem}", display_id(*id));
                out.push_str(&format!("{}: FAILED: {problem}", display_id(*id)));
                problems.push(line);
            }
        }
        out.push('\n');
    }
    emit(&out)?;
    match problems.as_slice() {
        [] => Ok(()),
        [one] => Err(Failure::Refused(one.clone())),
        [first, ..] => Err(Failure::Refused(format!(
            "{first} (and {} more of {} incidents failed)",
            problems.len() - 1,
            outcomes.len()
        ))),
    }
}

fn leaked(ctx: &Context, incident: &str) -> Result<(), Failure> {
    let id = incident_id(incident)?;
    let mut session = ctx.session()?;
    session.store.state(id)?;
    let value = read_secret("Paste the leaked value (it will not be shown), then press Enter: ")?;
    let leaked = session.register_leaked(id, &value, Utc::now())?;
    emit(&format!(
        "{}: a value of {} characters will be scrubbed from logs, notes and exports (event {})\n",
        display_id(id),
        leaked.length,
        leaked.event.seq
    ))
}

/// One line from stdin; on a terminal, echo is off while it is typed, so
/// the value never appears on a screen someone might be watching.
fn read_secret(prompt: &str) -> Result<String, Failure> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    let mut saved: Option<libc::termios> = None;
    if stdin.is_terminal() {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        // SAFETY: tcgetattr/tcsetattr on fd 0 with a termios we own.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut t) == 0 {
                saved = Some(t);
                t.c_lflag &= !libc::ECHO;
                libc::tcsetattr(0, libc::TCSANOW, &t);
            }
        }
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if let Some(t) = saved {
        // SAFETY: restores the settings read above.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &t);
        }
        eprintln!();
    }
    read.map_err(|e| Failure::Bad(format!("cannot read the value: {e}")))?;
    let value = line.trim_end_matches(['\n', '\r']).to_string();
    if value.trim().is_empty() {
        return Err(Failure::Bad(
            "no value given; nothing was registered".into(),
        ));
    }
    Ok(value)
}

fn parse_when(text: &str, flag: &str) -> Result<DateTime<Utc>, Failure> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, fmt) {
            return Ok(t.and_utc());
        }
    }
    Err(Failure::Bad(format!(
        "--{flag} `{text}`: expected a time such as 2026-11-23T03:15:00Z or \"2026-11-23 03:15\" (UTC)"
    )))
}

#[allow(clippy::too_many_arguments)]
fn export(
    ctx: &Context,
    ids: &[String],
    all: bool,
    format: super::ExportFormat,
    output: Option<&std::path::Path>,
    force: bool,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(), Failure> {
    let since = since.map(|t| parse_when(t, "since")).transpose()?;
    let until = until.map(|t| parse_when(t, "until")).transpose()?;
    if let Some(path) = output {
        check_output(path, force)?;
    }
    let store = open(ctx)?;
    let numbers: Vec<u64> = if all {
        store.ids()?
    } else if ids.is_empty() {
        return Err(Failure::Bad(
            "name an incident (INC-7), several, or --all".into(),
        ));
    } else {
        ids.iter()
            .map(|i| incident_id(i))
            .collect::<Result<_, _>>()?
    };
    let red = ctx.redactor(Some(&store))?;
    let mut items = Vec::new();
    for n in numbers {
        let (mut state, events) = store.incident_with_hashes(n)?;
        state.playbook = app::shown_playbook(&state.playbook, &red);
        let earlier = if state.score.is_some() {
            app::drills::earlier(&store, &state)?
        } else {
            Vec::new()
        };
        items.push(crate::export::Exported {
            state,
            events,
            since,
            until,
            earlier,
        });
    }
    let now = Utc::now();
    let text = match format {
        super::ExportFormat::Md => crate::export::markdown(&items, &red, now),
        super::ExportFormat::Json => crate::export::json(&items, &red, now),
        super::ExportFormat::Csv => crate::export::csv(&items, &red),
    };
    match output {
        None => emit(&text),
        Some(path) => write_atomically(path, super::output::printable(&text).as_bytes()),
    }
}

/// An export goes to a regular file only. A link, FIFO or device at that
/// name is refused, even with --force: renaming over `/dev/null` as root
/// would replace the device, and a member's planted link could aim the
/// write anywhere.
fn check_output(path: &std::path::Path, force: bool) -> Result<(), Failure> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Failure::Bad(format!("{}: {e}", path.display()))),
    };
    let t = meta.file_type();
    let what = (!t.is_file()).then(|| crate::paths::kind_of(&t));
    if let Some(what) = what {
        return Err(Failure::Bad(format!(
            "{} is {what}; an export is written only as a regular file (name a new file)",
            path.display()
        )));
    }
    if !force {
        return Err(Failure::Bad(format!(
            "{} exists; add --force to replace it",
            path.display()
        )));
    }
    Ok(())
}

/// Temp file beside the target (0600), fsync, rename: a reader sees the
/// old file or the whole new one, never half of it.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::paths::write_atomically(path, bytes, 0o600)
        .map_err(|e| Failure::Bad(format!("cannot write {}: {e}", path.display())))
}
