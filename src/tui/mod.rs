//! The console: one loop that selects over terminal input, a clock tick,
//! log lines and the store's change signal; `app` holds the state and
//! decides, `view` draws, and this module carries out the effects.

pub mod app;
mod backend;
pub mod field;
pub mod keys;
mod logline;
pub mod view;

use crate::app::commands::{Allowed, CommandSource, LogSource};
use crate::app::live::{Change, Here, Watch};
use crate::app::{Context, Error as AppError, NewIncident, Session};
use crate::drill::{Card, Schedule};
use crate::incident::display_id;
use crate::playbook::Diagnostic;
use crate::redact::Redactor;
use crate::tail::{self, Follower, Options as TailOptions, SourceSpec};
use app::{App, Effect, HeldCommand, Msg, PlaybookRow, TimelineRow};
use base64::Engine;
use chrono::Utc;
use futures_util::StreamExt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use view::Theme;

pub struct Options {
    pub ctx: Context,
    pub logs: Vec<PathBuf>,
    pub ascii: bool,
    /// Times in UTC instead of local time.
    pub utc: bool,
    /// Open this incident (a drill just declared) instead of choosing.
    pub open: Option<u64>,
}

/// Where the console is: the things its effects act on.
struct Console {
    /// Ring the terminal bell when a deadline passes (config).
    bell: bool,
    /// The host's escalation and reminder hooks, run as `warroom watch` does.
    escalator: crate::app::escalation::Escalator,
    /// Misses already rung for: (incident, phase).
    rung: std::collections::HashSet<(u64, String)>,
    /// Who, on which store, with which playbooks and redactor.
    session: Session,
    current: Option<u64>,
    followers: Vec<Follower>,
    extra_logs: Vec<SourceSpec>,
    log_tx: std::sync::mpsc::SyncSender<tail::Event>,
    /// What other processes wrote.
    watch: Watch,
    /// This console's presence, once an incident is open.
    here: Option<Here>,
    /// The redactor the followers were started with; lines they send are
    /// cleaned again when the session's is newer (a value registered as
    /// leaked since), so nobody waits for a restart.
    followers_redactor: Arc<Redactor>,
    /// Playbooks as shown, by the address of the one stored (kept, so the
    /// address stays its own).
    cleaned_playbooks: std::collections::HashMap<
        usize,
        (
            Arc<crate::playbook::Playbook>,
            Arc<crate::playbook::Playbook>,
        ),
    >,
    /// Drill signals already put into the log pane: (incident, index).
    shown_signals: std::collections::HashSet<(u64, usize)>,
    /// This account's confirmations of playbook commands; `Err` (why)
    /// when it has no private place for them, and then nothing that needs
    /// one runs.
    allowed: Result<Allowed, String>,
    /// Held commands already announced in the log pane: (incident, hash).
    announced: std::collections::HashSet<(u64, String)>,
    /// A run planned and shown, waiting for y.
    pending_run: Option<crate::app::runs::Prepared>,
    /// The run in progress: its incident, whether exit 0 marks it done,
    /// and the flag that stops it.
    running: Option<(u64, bool, Arc<std::sync::atomic::AtomicBool>)>,
    /// Where a run's thread sends its output and its record.
    run_tx: tokio::sync::mpsc::UnboundedSender<RunMsg>,
}

/// From a run's thread: a line of output (cleaned), or the finished record.
enum RunMsg {
    Line(Arc<str>, String),
    Done(Box<crate::incident::RunRecord>),
}

impl Drop for Console {
    /// However the console ends (quit, SIGHUP, error, panic), the others
    /// stop showing this responder at once rather than when the row goes
    /// stale.
    fn drop(&mut self) {
        if let Some(h) = &self.here {
            h.leave(&self.session.store);
        }
    }
}

/// Box drawing and glyphs only where the locale says UTF-8.
fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.to_ascii_lowercase().replace('-', "").contains("utf8"))
}

/// Sends `tracing` output to `~/.local/state/warroom/console.log` (0600).
/// Without a writable place, diagnostics are dropped rather than drawn
/// over the screen.
fn init_diagnostics() {
    use std::os::unix::fs::OpenOptionsExt;
    let Some(dir) = crate::paths::state_dir() else {
        return;
    };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(dir.join("console.log"));
    if let Ok(file) = file {
        let _ = tracing_subscriber::fmt()
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .try_init();
    }
}

/// Runs the console until the responder quits; returns the score card of
/// a drill that ended, for the caller to print once the terminal is back.
pub fn run(opts: Options) -> Result<Option<Card>, AppError> {
    // Everything that can fail with a one-line error does so before the
    // terminal is touched.
    // A playbook that fails to load is said on the status line at start:
    // left out silently, its steps and its [[redact]] rules would be
    // missing without a word.
    let (library, unloaded) = opts.ctx.library()?;
    let session = opts.ctx.session_with(library)?;
    let bell = opts.ctx.bell()?;
    // `warroom INC-9` for an incident that does not exist is one line
    // before the screen is taken, not an empty console.
    if let Some(id) = opts.open {
        session.store.state(id)?;
    }
    let theme = Theme {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: opts.ascii || !utf8_locale(),
    };
    init_diagnostics();
    tracing::info!(db = %session.store.path().display(), actor = %session.actor, "console starting");
    let (log_tx, log_rx) = std::sync::mpsc::sync_channel(4096);
    let (run_tx, run_rx) = tokio::sync::mpsc::unbounded_channel();
    // A store that can tell (PostgreSQL) wakes the loop when someone else
    // commits; the store's thread only leaves a permit here.
    let changed = Arc::new(tokio::sync::Notify::new());
    let (watch, pushed) = {
        let changed = changed.clone();
        Watch::woken_by(&session.store, Arc::new(move || changed.notify_one()))?
    };
    tracing::info!(pushed, "watching the store for changes");
    let extra_logs = opts.logs.into_iter().map(SourceSpec::File).collect();
    let console = Console {
        bell,
        escalator: crate::app::escalation::Escalator::from_config()?,
        rung: Default::default(),
        followers_redactor: session.redactor.clone(),
        cleaned_playbooks: Default::default(),
        watch,
        here: None,
        shown_signals: Default::default(),
        allowed: Allowed::mine().map_err(|e| e.to_string()),
        announced: Default::default(),
        session,
        current: None,
        followers: Vec::new(),
        extra_logs,
        log_tx,
        pending_run: None,
        running: None,
        run_tx,
    };
    let changes = Changes {
        changed,
        poll: if pushed { FALLBACK_POLL } else { POLL },
    };
    // Not `Runtime::block_on`: see `run_loop` (the PostgreSQL client).
    let start = Start {
        open: opts.open,
        utc: opts.utc,
        unloaded: unloaded_notice(&unloaded, &console.session.redactor),
    };
    crate::app::live::run_loop(event_loop(console, log_rx, run_rx, changes, theme, start))?
}

/// What the loop is told at start, besides the console.
struct Start {
    /// The incident to open first.
    open: Option<u64>,
    utc: bool,
    /// The status line's word on playbooks that did not load.
    unloaded: Option<String>,
}

/// One status line for the playbooks that failed to load: the first
/// problem at FILE:LINE:COL, how many more files, and what to run. Read
/// from the files, so cleaned like any other text shown.
fn unloaded_notice(diags: &[Diagnostic], redactor: &Redactor) -> Option<String> {
    let files = crate::playbook::first_per_file(diags);
    let first = files.first()?;
    let more = match files.len() {
        1 => String::new(),
        n => format!(" (and {} more files)", n - 1),
    };
    let text = format!(
        "playbook not loaded: {first}{more}; its steps and [[redact]] rules are missing (see `warroom playbooks check`)"
    );
    let text = redactor.clean_text(&crate::incident::one_line(&text));
    tracing::warn!(files = files.len(), "{text}");
    Some(text)
}

/// How the loop learns that others wrote: woken by the store, or by
/// asking it every `poll`.
struct Changes {
    changed: Arc<tokio::sync::Notify>,
    poll: Duration,
}

/// A store that must be asked (SQLite's `data_version`, a read of the
/// file's header) is asked this often: another responder's action shows
/// within a quarter second plus a reload.
const POLL: Duration = Duration::from_millis(250);
/// A store that wakes the console is still asked this often: while its
/// listening connection is down this is what notices others' writes.
const FALLBACK_POLL: Duration = Duration::from_secs(1);

/// Log lines taken between two redraws under a flood.
pub const MAX_LINES_PER_FRAME: usize = 2_000;

/// Restores the terminal however the loop ends, panics included.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        end_paste_mode();
        ratatui::restore();
    }
}

/// Bracketed paste: the terminal marks a paste, so it arrives as one text
/// instead of keys (a pasted `d` must not mark a step done).
fn start_paste_mode() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    // A panic restores the screen through ratatui's hook; paste mode is
    // ours to end first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        end_paste_mode();
        previous(info);
    }));
}

fn end_paste_mode() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
}

/// Runs until the responder quits or the terminal goes away; returns a
/// drill's score card to print once the terminal is restored.
async fn event_loop(
    mut c: Console,
    log_rx: std::sync::mpsc::Receiver<tail::Event>,
    mut runs: tokio::sync::mpsc::UnboundedReceiver<RunMsg>,
    changes: Changes,
    theme: Theme,
    start: Start,
) -> Result<Option<Card>, AppError> {
    let Start {
        open: open_first,
        utc,
        unloaded,
    } = start;
    let playbooks = c
        .session
        .library
        .entries()
        .map(|e| {
            PlaybookRow::of(&crate::app::shown_playbook(
                &e.playbook,
                &c.session.redactor,
            ))
        })
        .collect();
    let mut app = App::new(playbooks, c.session.actor.to_string(), Utc::now());
    app.utc = utc;
    app.redactor = Some(c.session.redactor.clone());
    app.account = c.session.actor.account.clone();
    if let Some(text) = unloaded {
        app.notice(text, true);
    }
    let open = c.session.store.list(false)?;
    if let Some(id) = open_first {
        c.open(id, &mut app);
    } else if let [one] = open.as_slice()
        && let Some(id) = crate::incident::parse_id(&one.id)
    {
        c.open(id, &mut app);
    }
    app.update(Msg::Incidents(open));

    // Log lines arrive on a std channel from the follower threads.
    let (tx, mut logs) = tokio::sync::mpsc::channel::<tail::Event>(4096);
    std::thread::spawn(move || {
        while let Ok(ev) = log_rx.recv() {
            if tx.blocking_send(ev).is_err() {
                break;
            }
        }
    });

    // ratatui::init sets the terminal up (raw mode, alternate screen, the
    // panic hook); drawing goes through a backend that does not repeat
    // what the terminal already has.
    drop(ratatui::init());
    let _guard = TerminalGuard;
    let mut terminal = ratatui::Terminal::new(backend::Quiet::new(
        ratatui::backend::CrosstermBackend::new(std::io::stdout()),
    ))
    .map_err(io_failure)?;
    start_paste_mode();
    let mut input = crossterm::event::EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut poll = tokio::time::interval(changes.poll);
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .map_err(io_failure)?;
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(io_failure)?;
    // In raw mode Ctrl-C and Ctrl-\ are keys, but `kill -INT` and
    // `kill -QUIT` still arrive; their default actions would leave raw
    // mode, the alternate screen and a hidden cursor behind.
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(io_failure)?;
    let mut quit =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::quit()).map_err(io_failure)?;
    let mut dirty = true;
    loop {
        if dirty {
            terminal
                .draw(|f| view::draw(f, &app, &theme))
                .map_err(io_failure)?;
            dirty = false;
        }
        let effects = tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(crossterm::event::Event::Key(k))) if k.kind != crossterm::event::KeyEventKind::Release => {
                    dirty = true;
                    let effects = app.update(Msg::Key(k));
                    c.announce_if_moved(&app);
                    effects
                }
                Some(Ok(crossterm::event::Event::Paste(text))) => {
                    dirty = true;
                    app.update(Msg::Paste(text))
                }
                Some(Ok(_)) => { dirty = true; vec![] }
                // The terminal is gone (the SSH link dropped): leave.
                Some(Err(_)) | None => break,
            },
            _ = tick.tick() => {
                dirty = app.incident.is_some();
                c.heartbeat(&mut app);
                c.inject_due(&mut app);
                c.record_misses(&mut app);
                c.escalate(&mut app);
                if c.newly_missed() {
                    let _ = write!(terminal.backend_mut(), "\x07");
                    let _ = std::io::Write::flush(terminal.backend_mut());
                }
                app.update(Msg::Tick(Utc::now()))
            }
            _ = poll.tick() => {
                dirty |= c.refresh(&mut app);
                vec![]
            }
            _ = changes.changed.notified() => {
                dirty |= c.refresh(&mut app);
                vec![]
            }
            Some(ev) = logs.recv() => {
                dirty = true;
                app.update(Msg::Log(c.fresh(ev)));
                // Take a burst in one redraw, but only so much that a key
                // press waiting behind it is served within a frame or two.
                for _ in 0..MAX_LINES_PER_FRAME {
                    match logs.try_recv() {
                        Ok(ev) => { app.update(Msg::Log(c.fresh(ev))); }
                        Err(_) => break,
                    }
                }
                vec![]
            }
            Some(m) = runs.recv() => {
                dirty = true;
                c.run_message(m, &mut app);
                vec![]
            }
            _ = hup.recv() => break,
            _ = term.recv() => break,
            _ = int.recv() => break,
            _ = quit.recv() => break,
        };
        for effect in effects {
            match effect {
                Effect::Quit => {
                    c.wind_down(&mut runs, &mut app).await;
                    return Ok(c.leaving());
                }
                Effect::QuitKeepingDrill => return Ok(None),
                Effect::Copy(text) => {
                    // OSC 52: the responder's own terminal puts it on their
                    // clipboard, through SSH and tmux.
                    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                    let _ = write!(terminal.backend_mut(), "\x1b]52;c;{b64}\x07");
                    let _ = std::io::Write::flush(terminal.backend_mut());
                }
                other => c.carry_out(other, &mut app),
            }
            dirty = true;
        }
    }
    // The link dropped or a signal came: a command still running is
    // stopped and its run recorded, never left behind unrecorded.
    c.wind_down(&mut runs, &mut app).await;
    Ok(None)
}

/// What the console shows of a held command (its texts already cleaned).
fn held_row(c: &CommandSource) -> HeldCommand {
    HeldCommand {
        sha256: c.key.command_sha256.clone(),
        shown: c.shown.clone(),
        argv: c.shown_argv.clone(),
        playbook: c.playbook.clone(),
        why: c.why.clone(),
        origin: c.origin.clone(),
        masked: c.masked,
    }
}

fn io_failure(e: std::io::Error) -> AppError {
    AppError::Bad(format!("terminal: {e}"))
}

impl Console {
    fn open(&mut self, id: u64, app: &mut App) {
        self.current = Some(id);
        if let Some(old) = self.here.take() {
            old.leave(&self.session.store);
        }
        self.reload(app);
        self.restart_followers(app);
        self.here = Some(Here::join(id, self.session.actor.clone()));
        self.heartbeat(app);
    }

    /// Refreshes this console's presence and reads the others'.
    fn heartbeat(&mut self, app: &mut App) {
        let Some(here) = &mut self.here else { return };
        if let Err(e) = here.beat(&self.session.store, app.selected_step()) {
            tracing::debug!(error = %e, "presence not written");
        }
        self.read_peers(app);
    }

    /// Tells the others at once when the cursor moves to another step.
    fn announce_if_moved(&mut self, app: &App) {
        if let Some(here) = &mut self.here {
            here.moved(&self.session.store, app.selected_step());
        }
    }

    fn read_peers(&self, app: &mut App) {
        let Some(here) = &self.here else { return };
        match here.others(&self.session.store) {
            Ok(peers) if peers != app.peers => {
                app.update(Msg::Peers(peers));
            }
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "presence not read"),
        }
    }

    /// Reloads the incident when another process (or we) wrote an event,
    /// and the others' presence when they moved.
    fn refresh(&mut self, app: &mut App) -> bool {
        let change = self.watch.poll(&self.session.store);
        if change == Change::Nothing {
            return false;
        }
        let before = app.peers.clone();
        self.read_peers(app);
        let moved = app.peers != before;
        if change == Change::Events {
            self.pick_up_leaked(app);
            self.reload(app);
            return true;
        }
        moved
    }

    /// A value registered as leaked by anyone on this database is scrubbed
    /// here at once: from the log pane's buffer, the timeline, and every
    /// line the followers send from now on.
    fn pick_up_leaked(&mut self, app: &mut App) {
        match self.session.refresh_leaked() {
            Ok(true) => {
                self.cleaned_playbooks.clear();
                app.update(Msg::Rescrub(self.session.redactor.clone()));
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "leaked values not picked up"),
        }
    }

    /// The playbook as shown: its titles, bodies and commands through the
    /// redactor, once per playbook (and again after a leaked value).
    fn cleaned(&mut self, pb: &Arc<crate::playbook::Playbook>) -> Arc<crate::playbook::Playbook> {
        let key = Arc::as_ptr(pb) as usize;
        if let Some((orig, clean)) = self.cleaned_playbooks.get(&key)
            && Arc::ptr_eq(orig, pb)
        {
            return clean.clone();
        }
        let clean = crate::app::shown_playbook(pb, &self.session.redactor);
        self.cleaned_playbooks
            .insert(key, (pb.clone(), clean.clone()));
        clean
    }

    /// A followed line, cleaned again if a value was registered as leaked
    /// since the followers started.
    fn fresh(&self, ev: tail::Event) -> tail::Event {
        if Arc::ptr_eq(&self.session.redactor, &self.followers_redactor) {
            return ev;
        }
        let again = |t: String| self.session.redactor.clean_text(&t);
        match ev {
            tail::Event::Line(mut l) => {
                l.text = again(l.text);
                tail::Event::Line(l)
            }
            tail::Event::Notice { source, kind, text } => tail::Event::Notice {
                source,
                kind,
                text: again(text),
            },
        }
    }

    fn reload(&mut self, app: &mut App) {
        let store = &self.session.store;
        self.watch.seen(store);
        if let Ok(list) = store.list(false) {
            app.update(Msg::Incidents(list));
        }
        let Some(id) = self.current else { return };
        match store.incident(id) {
            Ok((state, events)) => {
                self.show_signals(id, &events, app);
                // Stored texts were cleaned when written; a value registered
                // as leaked later is scrubbed from them here.
                let literals = self.session.redactor.has_literals();
                let rows = crate::incident::corrected_timeline(&events, &state)
                    .iter()
                    .map(|e| {
                        let mut row = TimelineRow::shown(e, &state.playbook);
                        if literals {
                            row.text = self.session.redactor.clean_text(&row.text);
                            row.correction =
                                row.correction.map(|c| self.session.redactor.clean_text(&c));
                        }
                        row
                    })
                    .collect();
                let mut state = state;
                state.playbook = self.cleaned(&state.playbook);
                app.update(Msg::Loaded(Box::new(state), rows));
            }
            Err(e) => {
                tracing::warn!(incident = id, error = %e, "cannot load the incident");
                app.update(Msg::Outcome(Err(e.to_string())));
            }
        }
    }

    /// A drill's signals that are due are recorded (once, whichever console
    /// gets there first) and so reach every console's log pane.
    fn inject_due(&mut self, app: &mut App) {
        let Some(id) = self.current else { return };
        let Ok(state) = self.session.store.state(id) else {
            return;
        };
        if state.due_injections(Utc::now()).is_empty() {
            return;
        }
        match self.session.catch_up(id, Utc::now()) {
            Ok(0) => {}
            Ok(_) => self.reload(app),
            Err(e) => tracing::debug!(error = ?e, "signals not injected"),
        }
    }

    /// Records each phase whose deadline just passed undone, once: the
    /// first console to see it wins the append (the store refuses the
    /// others), so the timeline and the report show it whoever is watching.
    fn record_misses(&mut self, app: &mut App) {
        let Some(id) = self.current else { return };
        let now = Utc::now();
        let Ok(state) = self.session.store.state(id) else {
            return;
        };
        let mut recorded = false;
        for phase in state.misses_to_record(now) {
            match self
                .session
                .apply(id, crate::incident::Command::RecordMiss { phase }, now)
            {
                Ok(_) => recorded = true,
                // Another console recorded it first, or the phase got done.
                Err(e) => tracing::debug!(error = %e, "miss not recorded"),
            }
        }
        if recorded {
            self.reload(app);
        }
    }

    /// Runs the escalation tick of `warroom watch` when the host has hooks:
    /// each occurrence runs once whoever is watching; a reminder for the
    /// open incident flashes in the status line.
    fn escalate(&mut self, app: &mut App) {
        if !self.escalator.hooks().any() {
            return;
        }
        let mut reload = false;
        for a in self.escalator.tick(&mut self.session, Utc::now()) {
            if Some(a.incident()) != self.current {
                continue;
            }
            reload = true;
            if let crate::app::escalation::Action::Reminded { quiet_secs, .. } = a {
                app.update(Msg::Outcome(Ok(format!(
                    "reminder: no status change or note for {} min: post an update (n, S)",
                    quiet_secs / 60
                ))));
            }
        }
        if reload {
            self.reload(app);
        }
    }

    /// Whether a phase of the open incident passed its deadline in the
    /// last few seconds, not yet rung for, and the bell is wanted. Misses
    /// already old when the incident was opened do not ring.
    fn newly_missed(&mut self) -> bool {
        let Some(id) = self.current.filter(|_| self.bell) else {
            return false;
        };
        let Ok(state) = self.session.store.state(id) else {
            return false;
        };
        let now = Utc::now();
        let mut ring = false;
        for v in state.phases(now) {
            let just = v
                .due_at
                .is_some_and(|d| now - d <= chrono::Duration::seconds(5));
            if v.state == crate::incident::PhaseState::Missed
                && v.completed_at.is_none()
                && just
                && self.rung.insert((id, v.id.clone()))
            {
                ring = true;
            }
        }
        ring
    }

    /// Puts recorded drill signals into the log pane, each once.
    fn show_signals(&mut self, id: u64, events: &[crate::incident::Event], app: &mut App) {
        for e in events {
            if let crate::incident::EventKind::DrillInjected {
                index,
                source,
                line,
            } = &e.kind
                && self.shown_signals.insert((id, *index))
            {
                app.update(Msg::Log(tail::Event::Line(tail::Line {
                    source: format!("drill:{source}").into(),
                    text: line.clone(),
                })));
            }
        }
    }

    /// On quit, a drill may end (see `drill::ends_on_quit`). It is scored
    /// once, and the card is printed after the screen goes.
    fn leaving(&mut self) -> Option<Card> {
        let id = self.current?;
        let state = self.session.store.state(id).ok()?;
        if !state.drill {
            return None;
        }
        let now = Utc::now();
        let alone = match &self.here {
            Some(here) => here
                .others(&self.session.store)
                .is_ok_and(|peers| peers.is_empty()),
            None => true,
        };
        if crate::drill::ends_on_quit(&state, alone, now)
            && let Err(e) = self.session.end_drill(id, now)
        {
            tracing::warn!(error = ?e, "drill not scored");
        }
        self.session.drill_card(id).ok()?
    }

    /// (Re)starts following the playbook's log sources and the added ones.
    /// A playbook command starts only when its playbook is bundled and
    /// unchanged or this account allowed it; the others are held, each
    /// said once in the log pane with the key that reviews it.
    fn restart_followers(&mut self, app: &mut App) {
        self.followers.clear();
        let mut sources = self.extra_logs.clone();
        let mut held = Vec::new();
        if let Some(id) = self.current {
            match self.session.log_sources(id, self.allowed.as_ref().ok()) {
                Ok(logs) => {
                    for log in logs {
                        match log {
                            LogSource::File { path, .. } => sources.push(SourceSpec::File(path)),
                            LogSource::Command(c) if c.verdict.may_run() => {
                                sources.push(SourceSpec::Command(c.argv))
                            }
                            LogSource::Command(c) => held.push(*c),
                        }
                    }
                }
                Err(e) => {
                    // The reason can quote the stored text: cleaned too.
                    let why = self.session.redactor.clean_text(&e.to_string());
                    app.update(Msg::Log(self.warroom_line(format!(
                        "the playbook's log sources were not started: {why}"
                    ))));
                }
            }
            for c in &held {
                if self.announced.insert((id, c.key.command_sha256.clone())) {
                    let line = held_row(c).not_started_line();
                    app.update(Msg::Log(self.warroom_line(line)));
                }
            }
        }
        app.update(Msg::Held(held.iter().map(held_row).collect()));
        self.follow(sources);
    }

    /// Starts one more follower beside the running ones.
    fn follow(&mut self, sources: Vec<SourceSpec>) {
        if sources.is_empty() {
            return;
        }
        let opts = TailOptions {
            start_lines: 200,
            ..TailOptions::default()
        };
        self.followers_redactor = self.session.redactor.clone();
        self.followers.push(tail::follow(
            sources,
            self.session.redactor.clone(),
            opts,
            self.log_tx.clone(),
        ));
    }

    /// A line of the console's own in the log pane (already clean).
    fn warroom_line(&self, text: String) -> tail::Event {
        tail::Event::Line(tail::Line {
            source: Arc::from("warroom"),
            text,
        })
    }

    /// This account said yes to a held command: remember it (in its own
    /// state directory), start it, and stop listing it as held.
    fn allow(&mut self, sha256: &str, app: &mut App) -> Result<String, String> {
        let id = self.current.ok_or("no incident is open")?;
        let allowed = self
            .allowed
            .as_ref()
            .map_err(|why| format!("not started: {why}"))?;
        let source = self
            .session
            .allow_command(id, sha256, allowed)
            .map_err(|e| e.to_string())?;
        tracing::info!(incident = id, command = %source.shown, "command allowed");
        let shown = source.shown.clone();
        self.follow(vec![SourceSpec::Command(source.argv)]);
        let still: Vec<HeldCommand> = app
            .held
            .iter()
            .filter(|h| h.sha256 != sha256)
            .cloned()
            .collect();
        app.update(Msg::Held(still));
        Ok(format!(
            "started `{shown}`; allowed for {} (you will not be asked again)",
            display_id(id)
        ))
    }

    fn carry_out(&mut self, effect: Effect, app: &mut App) {
        let outcome = match effect {
            Effect::Apply(cmd) => match self.current {
                Some(id) => self.apply(id, cmd),
                None => Err("no incident is open".into()),
            },
            Effect::Declare {
                playbook,
                title,
                inputs,
                drill,
            } => {
                let new = NewIncident {
                    playbook,
                    title: Some(title),
                    severity: None,
                    inputs: inputs.into_iter().collect(),
                    drill: drill.is_some(),
                    speed: drill,
                };
                self.session
                    .declare(&new, Utc::now())
                    .map(|id| {
                        self.open(id, app);
                        format!("declared {}", display_id(id))
                    })
                    .map_err(|e| e.to_string())
            }
            Effect::Open(id) => {
                self.open(id, app);
                Ok(format!("opened {}", display_id(id)))
            }
            Effect::AddLog(path) => {
                // One more follower beside the running ones, from the
                // file's last lines, as --log does; the playbook's own
                // sources keep running untouched.
                let spec = SourceSpec::File(PathBuf::from(&path));
                self.extra_logs.push(spec.clone());
                self.follow(vec![spec]);
                Ok(format!("following {path} from its last 200 lines"))
            }
            Effect::Leaked(value) => self.leaked(&value, app),
            Effect::PrepareRun(p) => match self.prepare_run(p) {
                // The plan goes up for confirmation; nothing to say yet.
                Ok(text) => {
                    app.update(Msg::ConfirmRun(text));
                    return;
                }
                Err(e) => Err(e),
            },
            Effect::StartRun => self.start_run(app),
            Effect::CancelRun => {
                self.pending_run = None;
                return;
            }
            Effect::StopRun => {
                if let Some((_, _, stop)) = &self.running {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                return;
            }
            Effect::AllowCommand(sha256) => self.allow(&sha256, app),
            Effect::Copy(_) | Effect::Quit | Effect::QuitKeepingDrill => Ok(String::new()),
        };
        if let Err(refusal) = &outcome {
            tracing::info!(%refusal, "refused");
        }
        app.update(Msg::Outcome(outcome));
        self.reload(app);
    }

    /// Plans the run and returns what the confirmation shows.
    fn prepare_run(&mut self, p: crate::tui::app::PendingRun) -> Result<String, String> {
        let id = self.current.ok_or("no incident is open")?;
        if self.running.is_some() {
            return Err("a command is still running (K stops it)".into());
        }
        let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        let prepared = self
            .session
            .prepare_run(id, &p.step, p.line, &p.typed, &cwd)
            .map_err(|e| e.to_string())?;
        let mut text = prepared.describe();
        if let Some(why) = &prepared.approval {
            text.push_str(&format!("\napproved by a second account (needed: {why})"));
        }
        if self.session.redactor.clean_text(&prepared.plan.script) != prepared.plan.script {
            text.push_str("\nparts of the command are hidden here as secrets; they run as written");
        }
        self.pending_run = Some(prepared);
        Ok(self.session.redactor.clean_text(&text))
    }

    /// Starts the confirmed run on a thread of its own; its lines and its
    /// record come back as [`RunMsg`]s.
    fn start_run(&mut self, app: &mut App) -> Result<String, String> {
        let id = self.current.ok_or("no incident is open")?;
        let prepared = self.pending_run.take().ok_or("nothing to run")?;
        self.session
            .begin_run(id, &prepared, Utc::now())
            .map_err(|e| e.to_string())?;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.running = Some((id, prepared.done_on_success, stop.clone()));
        let redactor = self.session.redactor.clone();
        let tx = self.run_tx.clone();
        let step = prepared.plan.step.clone();
        let label: Arc<str> = Arc::from(format!("run {step}"));
        let plan = prepared.plan;
        std::thread::spawn(move || {
            let host = crate::run::host();
            let record = crate::run::execute(&plan, &redactor, &stop, &host, |line| {
                let _ = tx.send(RunMsg::Line(label.clone(), line.to_string()));
            });
            let _ = tx.send(RunMsg::Done(Box::new(record)));
        });
        app.update(Msg::Running(Some(step.clone())));
        Ok(format!("running {step}… K or Ctrl-C stops it"))
    }

    /// A run's line goes to the log pane; its end is recorded.
    fn run_message(&mut self, m: RunMsg, app: &mut App) {
        match m {
            RunMsg::Line(source, text) => {
                app.update(Msg::Log(tail::Event::Line(tail::Line { source, text })));
            }
            RunMsg::Done(record) => {
                let Some((id, done_on_success, _)) = self.running.take() else {
                    return;
                };
                app.update(Msg::Running(None));
                let outcome = self
                    .session
                    .finish_run(id, (*record).clone(), done_on_success, Utc::now())
                    .map(|(seq, done)| crate::app::runs::summary(id, &record, seq, done))
                    .map_err(|e| format!("the run ended but was not recorded: {e}"));
                let outcome = match outcome {
                    Ok(text) if !record.succeeded() => Err(text),
                    other => other,
                };
                app.update(Msg::Outcome(outcome));
                self.reload(app);
            }
        }
    }

    /// Before the console goes: a command still running is stopped and
    /// its run recorded (waiting a few seconds at most).
    async fn wind_down(
        &mut self,
        runs: &mut tokio::sync::mpsc::UnboundedReceiver<RunMsg>,
        app: &mut App,
    ) {
        // A hook this console started gets a few seconds to finish and be
        // recorded; one that takes longer is left to its own timeout.
        if self.escalator.running() > 0 {
            self.escalator
                .finish(&mut self.session, Duration::from_secs(3), Utc::now);
        }
        let Some((_, _, stop)) = &self.running else {
            return;
        };
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
        while self.running.is_some() {
            match tokio::time::timeout_at(deadline, runs.recv()).await {
                Ok(Some(m)) => self.run_message(m, app),
                _ => break,
            }
        }
    }

    /// Records a responder's command; says what happened in words, or why
    /// it was refused. A drill this resolved has ended and been scored.
    fn apply(&mut self, id: u64, cmd: crate::incident::Command) -> Result<String, String> {
        let applied = self
            .session
            .apply(id, cmd, Utc::now())
            .map_err(|e| e.to_string())?;
        if let Some(card) = applied.ended {
            return Ok(format!(
                "drill ended: {}; the score card prints when you quit",
                card.summary()
            ));
        }
        let e = applied.event;
        Ok(match self.session.store.state(id) {
            Ok(s) => format!("{} {}", e.actor, crate::incident::describe(&e, &s.playbook)),
            Err(_) => format!("recorded (event {})", e.seq),
        })
    }

    fn leaked(&mut self, value: &str, app: &mut App) -> Result<String, String> {
        let id = self.current.ok_or("no incident is open")?;
        let leaked = self
            .session
            .register_leaked(id, value, Utc::now())
            .map_err(|e| e.to_string())?;
        // What is shown, and what the followers send from now on, is
        // cleaned again with the new redactor.
        self.cleaned_playbooks.clear();
        app.update(Msg::Rescrub(self.session.redactor.clone()));
        Ok(format!(
            "a value of {} characters is scrubbed from now on",
            leaked.length
        ))
    }
}

#[cfg(test)]
mod tests;
