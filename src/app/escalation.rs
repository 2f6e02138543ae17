//! Escalation and update reminders: what `warroom watch` and every console
//! do each second for the open incidents. Missed deadlines and a drill's
//! due signals are recorded (once, whoever gets there first); a phase that
//! stays missed escalates, a quiet incident reminds its commander; and the
//! host's hooks run for each, exactly once however many processes watch:
//! appending the `escalated` or `reminded` event is the claim, and only the
//! process whose append succeeded runs the hook. Hooks run on a thread of
//! their own; what they did is recorded (`hook_ran`) when they are done.

use super::{Error, Session};
use crate::config::{Hook, Hooks, Layers};
use crate::incident::{Command, EventKind, display_id};
use chrono::{DateTime, Utc};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a command hook may run before it is killed.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a URL hook may take, all told.
pub const URL_TIMEOUT: Duration = Duration::from_secs(10);

/// Something a tick did, for `watch` to print and the console to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A phase's missed deadline recorded.
    Missed { id: u64, phase: String },
    /// A drill's due signals recorded.
    Signals { id: u64, count: usize },
    /// An escalation claimed by this process; `hook` when it runs one.
    Escalated {
        id: u64,
        seq: u64,
        phase: String,
        occurrence: u32,
        late_secs: i64,
        hook: bool,
    },
    /// An update reminder claimed by this process.
    Reminded {
        id: u64,
        seq: u64,
        occurrence: u32,
        quiet_secs: i64,
        commander: Option<String>,
        hook: bool,
    },
    /// A hook finished and what it did was recorded.
    HookRan {
        id: u64,
        of: u64,
        outcome: String,
        ok: bool,
    },
}

impl Action {
    /// The incident it was for.
    pub fn incident(&self) -> u64 {
        match self {
            Action::Missed { id, .. }
            | Action::Signals { id, .. }
            | Action::Escalated { id, .. }
            | Action::Reminded { id, .. }
            | Action::HookRan { id, .. } => *id,
        }
    }
}

/// What a hook is told: as `WARROOM_*` variables for a command, as a JSON
/// body for a URL.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HookEvent {
    /// `escalated` or `reminded`.
    pub event: &'static str,
    /// `INC-4`.
    pub incident: String,
    /// The incident's title, redacted.
    pub title: String,
    pub severity: String,
    pub status: String,
    pub drill: bool,
    /// The missed phase (empty for a reminder).
    pub phase: String,
    pub occurrence: u32,
    /// How late the phase is, in playbook seconds (0 for a reminder).
    pub late_seconds: i64,
    /// Seconds without a status change or note (0 for an escalation).
    pub quiet_seconds: i64,
    /// The commander's account, or empty.
    pub commander: String,
    /// The claim's event number.
    pub seq: u64,
}

impl HookEvent {
    /// The variables a command hook gets.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("WARROOM_EVENT", self.event.to_string()),
            ("WARROOM_INCIDENT", self.incident.clone()),
            ("WARROOM_TITLE", self.title.clone()),
            ("WARROOM_SEVERITY", self.severity.clone()),
            ("WARROOM_STATUS", self.status.clone()),
            ("WARROOM_DRILL", self.drill.to_string()),
            ("WARROOM_PHASE", self.phase.clone()),
            ("WARROOM_OCCURRENCE", self.occurrence.to_string()),
            ("WARROOM_LATE_SECONDS", self.late_seconds.to_string()),
            ("WARROOM_QUIET_SECONDS", self.quiet_seconds.to_string()),
            ("WARROOM_COMMANDER", self.commander.clone()),
            ("WARROOM_SEQ", self.seq.to_string()),
        ]
    }
}

/// A hook that finished, waiting to be recorded.
struct Finished {
    id: u64,
    of: u64,
    outcome: String,
    ok: bool,
}

/// Runs the tick and the host's hooks for one process.
pub struct Escalator {
    hooks: Hooks,
    done_tx: mpsc::Sender<Finished>,
    done: mpsc::Receiver<Finished>,
    /// Hooks started and not yet recorded.
    running: usize,
    /// How long a command hook may run (tests shorten it).
    pub command_timeout: Duration,
}

impl Escalator {
    pub fn new(hooks: Hooks) -> Escalator {
        let (done_tx, done) = mpsc::channel();
        Escalator {
            hooks,
            done_tx,
            done,
            running: 0,
            command_timeout: COMMAND_TIMEOUT,
        }
    }

    /// With the host's hooks (the system config's `[escalation]` and
    /// `[reminder]`; a user config naming them was refused on load).
    pub fn from_config() -> Result<Escalator, Error> {
        let layers = Layers::load().map_err(|e| Error::Bad(e.0))?;
        Ok(Escalator::new(layers.hooks()))
    }

    pub fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    /// Hooks started and not yet recorded.
    pub fn running(&self) -> usize {
        self.running
    }

    /// One pass over every open incident: records what finished hooks did,
    /// then for each incident its missed deadlines, a drill's due signals,
    /// the escalations and the reminder due at `now`. An error with one
    /// incident is logged and the others go on.
    pub fn tick(&mut self, session: &mut Session, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = self.collect(session, now);
        let open = match session.store.list(false) {
            Ok(open) => open,
            Err(e) => {
                tracing::warn!(error = %e, "open incidents not listed");
                return actions;
            }
        };
        for summary in open {
            let Some(id) = crate::incident::parse_id(&summary.id) else {
                continue;
            };
            if let Err(e) = self.incident(session, id, now, &mut actions) {
                tracing::warn!(incident = %summary.id, error = %e, "escalation tick");
            }
        }
        actions
    }

    fn incident(
        &mut self,
        session: &mut Session,
        id: u64,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) -> Result<(), Error> {
        let count = session.catch_up(id, now)?;
        if count > 0 {
            actions.push(Action::Signals { id, count });
        }
        for phase in session.store.state(id)?.misses_to_record(now) {
            let miss = Command::RecordMiss {
                phase: phase.clone(),
            };
            if claimed(session.apply(id, miss, now))?.is_some() {
                actions.push(Action::Missed { id, phase });
            }
        }
        if let Some((hook, repeat)) = self.hooks.escalation.clone() {
            let state = session.store.state(id)?;
            for (phase, occurrence) in state.escalations_due(now, repeat) {
                let claim = Command::ClaimEscalation {
                    phase: phase.clone(),
                    occurrence,
                };
                // Refused: another process claimed it and runs the hook.
                let Some(event) = claimed(session.apply(id, claim, now))? else {
                    continue;
                };
                let EventKind::Escalated { late_secs, .. } = event.kind else {
                    continue;
                };
                let what = self.event(session, id, "escalated", event.seq)?;
                let what = HookEvent {
                    phase: phase.clone(),
                    occurrence,
                    late_seconds: late_secs,
                    ..what
                };
                self.start(id, event.seq, hook.clone(), what);
                actions.push(Action::Escalated {
                    id,
                    seq: event.seq,
                    phase,
                    occurrence,
                    late_secs,
                    hook: true,
                });
            }
        }
        if let Some((every, hook)) = self.hooks.reminder.clone() {
            let state = session.store.state(id)?;
            if let Some(occurrence) = state.reminder_due(now, every) {
                let claim = Command::ClaimReminder { occurrence };
                if let Some(event) = claimed(session.apply(id, claim, now))?
                    && let EventKind::Reminded { quiet_secs, .. } = event.kind
                {
                    let what = self.event(session, id, "reminded", event.seq)?;
                    let commander = Some(what.commander.clone()).filter(|c| !c.is_empty());
                    if let Some(hook) = &hook {
                        let what = HookEvent {
                            occurrence,
                            quiet_seconds: quiet_secs,
                            ..what
                        };
                        self.start(id, event.seq, hook.clone(), what);
                    }
                    actions.push(Action::Reminded {
                        id,
                        seq: event.seq,
                        occurrence,
                        quiet_secs,
                        commander,
                        hook: hook.is_some(),
                    });
                }
            }
        }
        Ok(())
    }

    /// What a hook is told about incident `id`, the rest filled by the caller.
    fn event(
        &self,
        session: &Session,
        id: u64,
        event: &'static str,
        seq: u64,
    ) -> Result<HookEvent, Error> {
        let state = session.store.state(id)?;
        Ok(HookEvent {
            event,
            incident: display_id(id),
            title: session.redactor.clean_text(&state.title),
            severity: state.severity.to_string(),
            status: state.status.to_string(),
            drill: state.drill,
            phase: String::new(),
            occurrence: 0,
            late_seconds: 0,
            quiet_seconds: 0,
            commander: state
                .roles
                .get("commander")
                .map(|h| h.account.clone())
                .unwrap_or_default(),
            seq,
        })
    }

    /// Runs `hook` on a thread; its outcome is recorded by a later
    /// [`Escalator::collect`].
    fn start(&mut self, id: u64, of: u64, hook: Hook, what: HookEvent) {
        self.running += 1;
        let tx = self.done_tx.clone();
        let timeout = self.command_timeout;
        std::thread::spawn(move || {
            let (outcome, ok) = run_hook(&hook, &what, timeout);
            let _ = tx.send(Finished {
                id,
                of,
                outcome,
                ok,
            });
        });
    }

    /// Records what every finished hook did (`hook_ran`).
    pub fn collect(&mut self, session: &mut Session, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        while let Ok(f) = self.done.try_recv() {
            self.record(session, f, now, &mut actions);
        }
        actions
    }

    fn record(
        &mut self,
        session: &mut Session,
        f: Finished,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        self.running = self.running.saturating_sub(1);
        let cmd = Command::RecordHook {
            of: f.of,
            outcome: f.outcome.clone(),
            ok: f.ok,
        };
        match session.apply(f.id, cmd, now) {
            Ok(applied) => {
                let outcome = match applied.event.kind {
                    EventKind::HookRan { outcome, .. } => outcome,
                    _ => f.outcome,
                };
                actions.push(Action::HookRan {
                    id: f.id,
                    of: f.of,
                    outcome,
                    ok: f.ok,
                });
            }
            Err(e) => tracing::warn!(
                incident = %display_id(f.id),
                error = %e,
                "what a hook did was not recorded"
            ),
        }
    }

    /// Waits up to `wait` for the hooks still running and records them
    /// (`watch` on its way out); `now` gives the time to record at.
    pub fn finish(
        &mut self,
        session: &mut Session,
        wait: Duration,
        now: impl Fn() -> DateTime<Utc>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let until = Instant::now() + wait;
        while self.running > 0 {
            let left = until.saturating_duration_since(Instant::now());
            match self.done.recv_timeout(left) {
                Ok(f) => self.record(session, f, now(), &mut actions),
                Err(_) => break,
            }
        }
        actions
    }
}

/// A claim that another process won is `None`, not an error.
fn claimed(
    applied: Result<super::Applied, Error>,
) -> Result<Option<crate::incident::Event>, Error> {
    match applied {
        Ok(a) => Ok(Some(a.event)),
        Err(Error::Refused(why)) => {
            tracing::debug!(%why, "claimed elsewhere");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Runs one hook; returns its outcome in words and whether it succeeded.
pub fn run_hook(hook: &Hook, what: &HookEvent, timeout: Duration) -> (String, bool) {
    match hook {
        Hook::Command(argv) => run_command(argv, what, timeout),
        Hook::Url(url) => post(url, what),
    }
}

/// The program, without a shell, stdin and output closed, in a process
/// group of its own, with a clean environment: `PATH`, `HOME` and the
/// `WARROOM_*` variables. Killed (the whole group) after `timeout`.
fn run_command(argv: &[String], what: &HookEvent, timeout: Duration) -> (String, bool) {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Command as Process, Stdio};
    let Some((program, args)) = argv.split_first() else {
        return ("failed to start: no program".into(), false);
    };
    let mut cmd = Process::new(program);
    cmd.args(args)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .envs(what.env())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    if let Some(home) = std::env::var_os("HOME") {
        cmd.env("HOME", home);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return (format!("failed to start: {e}"), false),
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return match (status.code(), status.signal()) {
                    (Some(code), _) => (format!("exit {code}"), code == 0),
                    (None, Some(sig)) => (format!("killed by signal {sig}"), false),
                    _ => ("ended".into(), false),
                };
            }
            Ok(None) if started.elapsed() >= timeout => {
                // SAFETY: kill has no memory preconditions; the group is the
                // child's own (process_group(0)).
                unsafe {
                    libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
                }
                let _ = child.wait();
                return (
                    format!("timed out after {}s and was killed", timeout.as_secs()),
                    false,
                );
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return (format!("failed: {e}"), false),
        }
    }
}

/// An HTTP POST of the event as JSON; 2xx is success.
fn post(url: &str, what: &HookEvent) -> (String, bool) {
    let body = match serde_json::to_string(what) {
        Ok(b) => b,
        Err(e) => return (format!("failed: {e}"), false),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(URL_TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    match agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.as_str())
    {
        Ok(resp) => {
            let status = resp.status().as_u16();
            (format!("HTTP {status}"), (200..300).contains(&status))
        }
        Err(e) => (format!("failed: {e}"), false),
    }
}

#[cfg(test)]
mod tests {
    //! A fixed clock, a real store in a temporary directory, and several
    //! processes (sessions on threads) watching the same database.

    use super::*;
    use crate::app::NewIncident;
    use crate::app::tests::session;
    use crate::duration::Offset;
    use chrono::Duration as Span;
    use std::path::{Path, PathBuf};

    /// A command hook that appends one line per run to `out`.
    fn appending(out: &Path) -> Hook {
        Hook::Command(vec![
            "/bin/sh".into(),
            "-c".into(),
            "echo \"$WARROOM_EVENT $WARROOM_INCIDENT $WARROOM_PHASE $WARROOM_OCCURRENCE $WARROOM_COMMANDER\" >> \"$1\"".into(),
            "hook".into(),
            out.display().to_string(),
        ])
    }

    fn lines(out: &Path) -> Vec<String> {
        std::fs::read_to_string(out)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Three watchers, each on its own session and thread, run one tick at
    /// the same `now` and record their hooks; all their actions.
    fn three_watch(db: &Path, hooks: &Hooks, now: DateTime<Utc>) -> Vec<Action> {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(3));
        let handles: Vec<_> = ["w1", "w2", "w3"]
            .into_iter()
            .map(|name| {
                let (db, hooks, barrier) = (db.to_path_buf(), hooks.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut s = session(&db, name);
                    let mut e = Escalator::new(hooks);
                    barrier.wait();
                    let mut actions = e.tick(&mut s, now);
                    actions.extend(e.finish(&mut s, Duration::from_secs(20), || now));
                    actions
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    }

    fn kinds(db: &Path, id: u64) -> Vec<EventKind> {
        let store = crate::store::Store::open(db).unwrap();
        store
            .incident(id)
            .unwrap()
            .1
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, u64, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let out = dir.path().join("hook.out");
        // Whole seconds, as the store keeps them.
        let t0 = chrono::SubsecRound::trunc_subsecs(Utc::now(), 0) - Span::hours(3);
        let mut alice = session(&db, "alice");
        let new = NewIncident {
            playbook: "secret-leak".into(),
            ..NewIncident::default()
        };
        let id = alice.declare(&new, t0).unwrap();
        (dir, db, out, id, t0)
    }

    #[test]
    fn three_watchers_escalate_a_missed_phase_once_then_on_schedule() {
        let (_dir, db, out, id, t0) = setup();
        let hooks = Hooks {
            file: "/etc/warroom/config.toml".into(),
            escalation: Some((appending(&out), Some(Offset::from_secs(600)))),
            reminder: None,
        };
        // secret-leak's first phase is due 15 minutes after declaration.
        let due = t0 + Span::minutes(15);
        let early = three_watch(&db, &hooks, due);
        assert!(early.is_empty(), "not missed yet: {early:?}");
        assert!(lines(&out).is_empty());

        let actions = three_watch(&db, &hooks, due + Span::seconds(1));
        assert_eq!(lines(&out), ["escalated INC-1 immediate 1 "]);
        let escalated: Vec<_> = actions
            .iter()
            .filter(|a| matches!(a, Action::Escalated { .. }))
            .collect();
        assert_eq!(escalated.len(), 1, "{actions:?}");
        let missed = actions
            .iter()
            .filter(|a| matches!(a, Action::Missed { .. }))
            .count();
        assert_eq!(missed, 1, "{actions:?}");

        // Not again before `repeat` has passed.
        three_watch(&db, &hooks, due + Span::minutes(5));
        three_watch(&db, &hooks, due + Span::seconds(600));
        assert_eq!(lines(&out).len(), 1);

        // Past it: exactly one more, whoever watches.
        three_watch(&db, &hooks, due + Span::seconds(602));
        assert_eq!(
            lines(&out),
            [
                "escalated INC-1 immediate 1 ",
                "escalated INC-1 immediate 2 "
            ]
        );

        let events = kinds(&db, id);
        let claims: Vec<(u32, i64)> = events
            .iter()
            .filter_map(|k| match k {
                EventKind::Escalated {
                    occurrence,
                    late_secs,
                    ..
                } => Some((*occurrence, *late_secs)),
                _ => None,
            })
            .collect();
        assert_eq!(claims, [(1, 1), (2, 602)]);
        let ran: Vec<(String, bool)> = events
            .iter()
            .filter_map(|k| match k {
                EventKind::HookRan { outcome, ok, .. } => Some((outcome.clone(), *ok)),
                _ => None,
            })
            .collect();
        assert_eq!(ran, [("exit 0".into(), true), ("exit 0".into(), true)]);

        // A phase that gets done stops escalating.
        let mut alice = session(&db, "alice");
        let now = due + Span::seconds(700);
        for step in alice.store.state(id).unwrap().playbook.steps.clone() {
            if step.phase == "immediate" {
                let _ = alice.apply(
                    id,
                    Command::Skip {
                        step: step.id.clone(),
                        reason: "test".into(),
                    },
                    now,
                );
            }
        }
        three_watch(&db, &hooks, due + Span::seconds(1300));
        assert_eq!(lines(&out).len(), 2);
    }

    #[test]
    fn the_reminder_comes_after_quiet_minutes_once_and_a_note_restarts_the_count() {
        let (_dir, db, out, id, t0) = setup();
        let hooks = Hooks {
            file: "/etc/warroom/config.toml".into(),
            escalation: None,
            reminder: Some((Offset::from_secs(30 * 60), Some(appending(&out)))),
        };
        let mut alice = session(&db, "alice");
        alice
            .apply(
                id,
                Command::TakeRole {
                    role: "commander".into(),
                    force: false,
                },
                t0 + Span::seconds(5),
            )
            .unwrap();
        let at = |m: i64, s: i64| t0 + Span::minutes(m) + Span::seconds(s);
        let reminded = |actions: &[Action]| {
            actions
                .iter()
                .filter(|a| matches!(a, Action::Reminded { .. }))
                .count()
        };

        assert_eq!(reminded(&three_watch(&db, &hooks, at(29, 59))), 0);
        assert!(lines(&out).is_empty());
        let actions = three_watch(&db, &hooks, at(30, 0));
        assert_eq!(reminded(&actions), 1, "{actions:?}");
        assert_eq!(lines(&out), ["reminded INC-1  1 alice"]);
        assert_eq!(reminded(&three_watch(&db, &hooks, at(31, 0))), 0);

        // A note restarts the count: nothing 30 minutes after the first
        // reminder, one 30 minutes after the note.
        alice
            .apply(
                id,
                Command::Note {
                    text: "still rotating".into(),
                    step: None,
                },
                at(40, 0),
            )
            .unwrap();
        assert_eq!(reminded(&three_watch(&db, &hooks, at(60, 0))), 0);
        assert_eq!(reminded(&three_watch(&db, &hooks, at(69, 59))), 0);
        assert_eq!(reminded(&three_watch(&db, &hooks, at(70, 0))), 1);
        // Still quiet: again `every` later, not sooner.
        assert_eq!(reminded(&three_watch(&db, &hooks, at(99, 0))), 0);
        assert_eq!(reminded(&three_watch(&db, &hooks, at(100, 0))), 1);
        assert_eq!(lines(&out).len(), 3);

        let quiet: Vec<i64> = kinds(&db, id)
            .iter()
            .filter_map(|k| match k {
                EventKind::Reminded { quiet_secs, .. } => Some(*quiet_secs),
                _ => None,
            })
            .collect();
        assert_eq!(quiet, [30 * 60, 30 * 60, 60 * 60]);

        // Resolved: no more reminders.
        alice
            .apply(
                id,
                Command::SetStatus(crate::incident::Status::Resolved),
                at(101, 0),
            )
            .unwrap();
        assert_eq!(reminded(&three_watch(&db, &hooks, at(200, 0))), 0);
    }

    #[test]
    fn a_hook_that_hangs_is_killed_and_a_missing_one_is_a_failure() {
        let what = HookEvent {
            event: "escalated",
            incident: "INC-1".into(),
            title: String::new(),
            severity: "P1".into(),
            status: "declared".into(),
            drill: false,
            phase: "immediate".into(),
            occurrence: 1,
            late_seconds: 1,
            quiet_seconds: 0,
            commander: String::new(),
            seq: 3,
        };
        let hang = Hook::Command(vec!["/bin/sleep".into(), "30".into()]);
        let started = Instant::now();
        let (outcome, ok) = run_hook(&hang, &what, Duration::from_millis(300));
        assert!(!ok);
        assert!(outcome.starts_with("timed out"), "{outcome}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let missing = Hook::Command(vec!["/nonexistent/page".into()]);
        let (outcome, ok) = run_hook(&missing, &what, Duration::from_secs(1));
        assert!(!ok);
        assert!(outcome.starts_with("failed to start"), "{outcome}");
        let failing = Hook::Command(vec!["/bin/sh".into(), "-c".into(), "exit 3".into()]);
        assert_eq!(
            run_hook(&failing, &what, Duration::from_secs(5)),
            ("exit 3".into(), false)
        );
    }

    #[test]
    fn a_url_hook_posts_the_event_as_json() {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut head = Vec::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                head.push(line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut conn = conn;
            conn.write_all(
                b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
            (head, String::from_utf8(body).unwrap())
        });
        let what = HookEvent {
            event: "reminded",
            incident: "INC-7".into(),
            title: "token leak".into(),
            severity: "P1".into(),
            status: "investigating".into(),
            drill: false,
            phase: String::new(),
            occurrence: 2,
            late_seconds: 0,
            quiet_seconds: 1800,
            commander: "alice".into(),
            seq: 9,
        };
        let (outcome, ok) = run_hook(&Hook::Url(url), &what, COMMAND_TIMEOUT);
        assert_eq!((outcome.as_str(), ok), ("HTTP 204", true));
        let (head, body) = server.join().unwrap();
        assert!(head[0].starts_with("POST /hook "), "{head:?}");
        assert!(
            head.iter()
                .any(|h| h.eq_ignore_ascii_case("content-type: application/json\r\n")),
            "{head:?}"
        );
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["event"], "reminded");
        assert_eq!(json["incident"], "INC-7");
        assert_eq!(json["commander"], "alice");
        assert_eq!(json["quiet_seconds"], 1800);
    }
}
