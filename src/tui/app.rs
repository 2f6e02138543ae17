//! The console's state and its update function. No terminal, no store, no
//! clock in here: messages come in, effects go out, and `view` draws the
//! state, so every screen can be tested without a terminal.

use super::field::Field;
use super::keys::{Action, action};
use crate::app::Summary;
use crate::app::live::Peer;
use crate::incident::{Command, IncidentState, Status};
use crate::playbook::Severity;
use crate::tail::{Event as LogEvent, Line, Ring};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Logs,
    Timeline,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// No open incident: choose a playbook to declare from.
    Home,
    /// Several open incidents: choose one.
    Picker,
    Incident,
}

/// A playbook as the home screen lists it.
#[derive(Clone, Debug)]
pub struct PlaybookRow {
    pub id: String,
    pub title: String,
    pub deadlines: String,
    /// Questions asked at declaration: id, prompt, choices (empty: free text).
    pub inputs: Vec<(String, String, Vec<String>)>,
}

impl PlaybookRow {
    pub fn of(pb: &crate::playbook::Playbook) -> PlaybookRow {
        PlaybookRow {
            id: pb.id.clone(),
            title: pb.title.clone(),
            deadlines: pb.deadlines(),
            inputs: pb
                .inputs
                .iter()
                .map(|i| (i.id.clone(), i.prompt.clone(), i.choices.clone()))
                .collect(),
        }
    }
}

impl TimelineRow {
    pub fn of(e: &crate::incident::Event, pb: &crate::playbook::Playbook) -> TimelineRow {
        TimelineRow {
            seq: e.seq,
            at: e.at,
            actor: e.actor.to_string(),
            text: crate::incident::describe(e, pb),
            correction: None,
            words: own_words(&e.kind),
        }
    }

    /// An event as corrected, marked so, with what it said before and why.
    pub fn shown(s: &crate::incident::Shown, pb: &crate::playbook::Playbook) -> TimelineRow {
        let mut row = TimelineRow::of(&s.event, pb);
        row.seq = s.original.seq;
        if let Some(a) = s.correction {
            row.text.push_str(" (corrected)");
            row.correction = Some(format!(
                "Corrected by {} (event {}): {}\nOriginally, at {}: {}",
                a.by,
                a.seq,
                a.reason,
                s.original.at.format("%Y-%m-%d %H:%M:%S UTC"),
                crate::incident::describe(s.original, pb)
            ));
        }
        row
    }
}

/// An event's own words, which a correction may replace.
fn own_words(kind: &crate::incident::EventKind) -> Option<String> {
    use crate::incident::EventKind as K;
    match kind {
        K::NoteAdded { text, .. } => Some(text.clone()),
        K::StepSkipped { reason, .. } | K::StepReopened { reason, .. } => Some(reason.clone()),
        K::StepStarted { note, .. } | K::StepDone { note, .. } | K::Answered { note, .. } => {
            note.clone()
        }
        _ => None,
    }
}

/// A declaration being put together from the home screen.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pending {
    pub playbook: String,
    pub title: String,
    pub inputs: std::collections::BTreeMap<String, String>,
    /// Index of the next input to ask.
    pub next: usize,
    /// A drill, and its clock speed.
    pub drill: Option<u32>,
}

/// The drill speeds offered on the home screen.
pub const DRILL_SPEEDS: [&str; 4] = ["1x (real time)", "10x", "60x", "120x"];

/// One line of the timeline pane, already in words.
#[derive(Clone, Debug)]
pub struct TimelineRow {
    /// The event's number: what `warroom amend` takes.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub text: String,
    /// For a corrected entry: who corrected it, why, and what it said.
    pub correction: Option<String>,
    /// The entry's own words (a note, a reason), which a correction may change.
    pub words: Option<String>,
}

/// A playbook command this account has not allowed: it was not started.
/// Every text here is already sanitized and redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldCommand {
    /// What allowing it names (the hash of its exact arguments).
    pub sha256: String,
    /// The command on one line, shell-quoted.
    pub shown: String,
    /// Each argument on its own, so nothing hides in the quoting.
    pub argv: Vec<String>,
    /// "playbook `disk-full`".
    pub playbook: String,
    /// "not a bundled playbook", or how it differs.
    pub why: String,
    /// Where it comes from in full: file, incident, who declared it.
    pub origin: String,
    /// Part of it is masked or escaped on screen.
    pub masked: bool,
}

impl HeldCommand {
    /// The log pane's line for it: what, from where, and the key.
    pub fn not_started_line(&self) -> String {
        format!(
            "not started: `{}` from {} ({}) — press A to review and allow",
            self.shown, self.playbook, self.why
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReasonFor {
    Skip(String),
    Reopen(String),
    ForceStart(String),
    ForceDone(String),
    /// Answering a decision whose prerequisites are open.
    ForceAnswer(String),
}

const APPROVE: &str = "approve (a reason is optional)";
const REFUSE: &str = "refuse (asks a reason)";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// The keys, scrolled `top` rows down when they do not fit.
    Help { top: usize },
    /// Something too long for its pane, in full: a title and the text,
    /// scrolled `top` wrapped lines down.
    Show {
        title: String,
        text: String,
        top: usize,
    },
    /// Free text, edited in place; a note takes Alt+Enter (and pastes)
    /// as new lines.
    Text { purpose: TextFor, input: Field },
    Choose {
        purpose: ChooseFor,
        options: Vec<String>,
        selected: usize,
    },
    /// A held playbook command in full, to allow (y) or keep stopped (n).
    Allow(HeldCommand),
    /// A step's command about to run, in full with where, as whom and from
    /// where: y runs it, n or Esc does not.
    ConfirmRun { text: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextFor {
    Reason(ReasonFor),
    Note,
    Search,
    Filter,
    AddLog,
    Leaked,
    Title(String),
    /// A new title for the open incident.
    Rename,
    /// A follow-up's text; its owner and due date are asked next.
    FollowUp,
    /// A follow-up's owner, for this text.
    FollowUpOwner(String),
    /// A follow-up's due date, for this text and owner.
    FollowUpDue(String, String),
    /// A free-text value for the playbook input with this id.
    SetInput(String),
    /// A free-text playbook input, while declaring.
    Input(String),
    /// A value for placeholder `name` of a step's command about to run.
    RunValue(PendingRun, String),
    /// Why this step is refused approval.
    RefuseApproval(String),
    /// An optional reason for approving this step.
    ApproveReason(String),
    /// The account to give the role to, then the note.
    HandOffTo(String),
    /// What the next holder of the role needs to know.
    HandOffNote(String, String),
    /// The account to assign the selected step to (empty: nobody).
    AssignTo(String),
    /// The corrected words of timeline entry `seq`.
    CorrectText(u64),
    /// The corrected time (HH:MM:SS, the console's zone) of entry `seq`.
    CorrectTime(u64),
    /// Why entry `seq` is corrected, with the correction.
    CorrectReason(u64, Option<String>, Option<DateTime<Utc>>),
}

/// A run being put together: which step, which command, the values typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingRun {
    pub step: String,
    pub line: Option<usize>,
    pub typed: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChooseFor {
    Answer(String),
    /// An answer to a blocked decision, with the override's reason.
    ForcedAnswer(String, String),
    /// A playbook input with choices, while declaring.
    Input(String),
    Status,
    Severity,
    /// How fast a drill of this playbook should run.
    DrillSpeed(String),
    /// Quitting would end (and score) the running drill: end it, keep it
    /// running, or stay.
    QuitDrill,
    /// What `c` copies from a step with several command lines.
    Copy,
    /// Which playbook input to set (`i`).
    PickInput,
    /// A value for the playbook input with this id, from its choices.
    SetInput(String),
    /// Which of this step's commands to run.
    RunLine(String),
    /// Approve this step, refuse it, or neither.
    Approve(String),
    /// Which role to take or hand over.
    Role,
    /// Take this role, or hand it over (when held by this account).
    RoleAction(String),
    /// Start this step assigned to someone else, or not.
    StartOthers(String),
    /// Correct the words or the time of timeline entry `seq`.
    Correct(u64),
}

/// What the console must do outside its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Apply(Command),
    Declare {
        playbook: String,
        title: String,
        inputs: std::collections::BTreeMap<String, String>,
        /// A drill at this speed.
        drill: Option<u32>,
    },
    Open(u64),
    Copy(String),
    AddLog(String),
    Leaked(String),
    /// This account allows the held command with this hash: record it and
    /// start it.
    AllowCommand(String),
    Quit,
    /// Quit without ending the drill this console would otherwise end.
    QuitKeepingDrill,
    /// Plan a step's run and ask to confirm it (with `Msg::ConfirmRun`).
    PrepareRun(PendingRun),
    /// Run the command confirmed.
    StartRun,
    /// The responder said no: forget the planned run.
    CancelRun,
    /// Stop the command running.
    StopRun,
}

pub enum Msg {
    Key(KeyEvent),
    Tick(DateTime<Utc>),
    Log(LogEvent),
    /// The incident as stored now, with its timeline.
    Loaded(Box<IncidentState>, Vec<TimelineRow>),
    /// The open incidents, when there is no single one to show.
    Incidents(Vec<Summary>),
    /// What became of an effect: a confirmation or a refusal to show.
    Outcome(Result<String, String>),
    /// Who else has this incident open now.
    Peers(Vec<Peer>),
    /// A value was registered as leaked: clean what is shown again.
    Rescrub(std::sync::Arc<crate::redact::Redactor>),
    /// The open incident's playbook commands this account has not allowed.
    Held(Vec<HeldCommand>),
    /// Text pasted in one piece (the terminal's bracketed paste).
    Paste(String),
    /// A planned run, described in full, to confirm.
    ConfirmRun(String),
    /// The step whose command now runs; `None` when it has ended.
    Running(Option<String>),
}

/// Where a scrolled pane's view stands, remembered between frames (the
/// view is settled while drawing, which only borrows the app).
#[derive(Debug, Default)]
pub struct Scroll {
    /// The distance of the view's bottom row from the newest entry.
    view: std::cell::Cell<usize>,
    /// The pane's rows when last drawn: a page.
    rows: std::cell::Cell<usize>,
}

impl Scroll {
    /// The view that keeps `cursor` in sight in `rows` rows, moving as
    /// little as possible from where it stood.
    pub fn follow_cursor(&self, cursor: usize, rows: usize) -> usize {
        let mut view = self.view.get();
        if cursor < view {
            view = cursor;
        }
        if rows > 0 && cursor >= view + rows {
            view = cursor + 1 - rows;
        }
        view
    }

    pub fn set(&self, view: usize, rows: usize) {
        self.view.set(view);
        self.rows.set(rows);
    }

    pub fn rows(&self) -> usize {
        self.rows.get()
    }

    /// For a view scrolled from the top: the largest `top` (stored as the
    /// view by the last frame).
    pub fn view_max(&self) -> usize {
        self.view.get()
    }
}

/// What a log search looks for: the words typed, ignoring case; or, typed
/// as `re:PATTERN`, a regular expression (ignoring case too).
#[derive(Clone, Debug)]
pub enum Matcher {
    Words(String),
    Regex(regex::Regex),
}

impl Matcher {
    pub fn parse(text: &str) -> Result<Matcher, String> {
        match text.strip_prefix("re:") {
            Some(pattern) => regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map(Matcher::Regex)
                .map_err(|e| {
                    let why = e.to_string();
                    format!(
                        "not a regular expression: {}",
                        why.lines().last().unwrap_or("").trim()
                    )
                }),
            None => Ok(Matcher::Words(text.to_string())),
        }
    }

    /// The first match in `text` (never an empty one), as byte offsets.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        match self {
            Matcher::Words(w) => find_ci(text, w),
            Matcher::Regex(r) => r
                .find_iter(text)
                .find(|m| !m.is_empty())
                .map(|m| (m.start(), m.end())),
        }
    }
}

/// Where `needle` first occurs in `text`, ignoring ASCII case: (start,
/// end) in bytes. The search responders type is a word, not a case.
pub fn find_ci(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    (0..=t.len().checked_sub(n.len())?)
        .find(|&i| t[i..i + n.len()].eq_ignore_ascii_case(n))
        .filter(|&i| text.is_char_boundary(i) && text.is_char_boundary(i + n.len()))
        .map(|i| (i, i + n.len()))
}

/// The first choice of `c` on a step with several command lines.
const WHOLE_BLOCK: &str = "the whole block as one script";

/// The choices when quitting would end a drill, in order.
const QUIT_DRILL: [&str; 3] = [
    "end the drill now and show its score",
    "quit and leave the drill running",
    "stay",
];

/// Status-line messages kept for M.
const MAX_MESSAGES: usize = 200;

pub struct App {
    /// Times in UTC; else in this host's local time. Either way the zone
    /// is labelled (responders in several zones read one screen).
    pub utc: bool,
    /// The steps pane's rows when last drawn: a page.
    pub steps_rows: std::cell::Cell<usize>,
    pub screen: Screen,
    pub playbooks: Vec<PlaybookRow>,
    pub home_selected: usize,
    pub incidents: Vec<Summary>,
    pub picker_selected: usize,
    pub incident: Option<IncidentState>,
    pub timeline: Vec<TimelineRow>,
    pub selected: usize,
    pub focus: Pane,
    pub dialog: Option<Dialog>,
    /// The status line: a message and whether it is a refusal.
    pub flash: Option<(String, bool)>,
    /// The status line's messages so far (when, text, whether a refusal),
    /// oldest first.
    pub messages: Vec<(DateTime<Utc>, String, bool)>,
    pub logs: Ring,
    /// The log cursor: lines above the newest that pass the filter (0 =
    /// newest); the pane is paused when it is not 0.
    pub log_offset: usize,
    pub follow: bool,
    pub search: Option<String>,
    pub filter: Option<String>,
    /// The timeline cursor: entries above the newest (0 = newest).
    pub timeline_offset: usize,
    /// Entries recorded since the timeline was scrolled away from the
    /// newest; shown in its title until the responder returns.
    pub timeline_new: usize,
    /// Where each pane's view stands (the distance of its bottom line from
    /// the newest) and how many rows it had when last drawn. The view moves
    /// only to keep the cursor in sight, so scrolling up fills the pane
    /// instead of pinning the cursor to the bottom row.
    pub log_view: Scroll,
    pub timeline_view: Scroll,
    /// The `v` view: its rows and how far it can scroll, from the last frame.
    pub show_view: Scroll,
    /// The help, the same way.
    pub help_view: Scroll,
    /// The search, compiled.
    pub matcher: Option<Matcher>,
    /// The command block `c` offers, while its choice is open.
    copy_block: String,
    /// Log pane: a syslog prefix shown once per run of lines (z).
    pub log_compact: bool,
    /// Log pane: columns scrolled sideways (←/→).
    pub log_hscroll: usize,
    /// Log pane: long lines wrapped instead of cut (w).
    pub log_wrap: bool,
    /// The log sources seen (a label per line once there are several).
    pub log_sources: std::collections::BTreeSet<std::sync::Arc<str>>,
    /// The search's match count, and the buffer state it was counted at.
    #[allow(clippy::type_complexity)]
    search_cache: std::cell::RefCell<Option<((usize, u64, String), usize)>>,
    pub now: DateTime<Utc>,
    pub actor: String,
    pub pending: Option<Pending>,
    /// Set between choosing a drill's speed and naming it.
    pub drill_speed: Option<u32>,
    /// The other responders with this incident open (presence).
    pub peers: Vec<Peer>,
    /// What text being typed is shown through, because war rooms share
    /// screens: a secret pasted into a note is masked before Enter.
    pub redactor: Option<std::sync::Arc<crate::redact::Redactor>>,
    /// Playbook commands not started until this account allows them.
    pub held: Vec<HeldCommand>,
    /// The account the console runs as: who a command would run as.
    pub account: String,
    /// The step whose command is running from this console.
    pub running: Option<String>,
    /// The steps pane shows only the steps assigned to this account.
    pub mine: bool,
}

impl App {
    pub fn new(playbooks: Vec<PlaybookRow>, actor: String, now: DateTime<Utc>) -> App {
        App {
            screen: Screen::Home,
            playbooks,
            utc: true,
            steps_rows: std::cell::Cell::new(0),
            messages: Vec::new(),
            home_selected: 0,
            incidents: Vec::new(),
            picker_selected: 0,
            incident: None,
            timeline: Vec::new(),
            selected: 0,
            focus: Pane::Steps,
            dialog: None,
            flash: None,
            logs: Ring::default(),
            log_offset: 0,
            timeline_new: 0,
            log_view: Scroll::default(),
            show_view: Scroll::default(),
            help_view: Scroll::default(),
            search_cache: Default::default(),
            matcher: None,
            copy_block: String::new(),
            log_compact: false,
            log_hscroll: 0,
            log_wrap: false,
            log_sources: Default::default(),
            timeline_view: Scroll::default(),
            follow: true,
            search: None,
            filter: None,
            timeline_offset: 0,
            now,
            actor,
            pending: None,
            drill_speed: None,
            peers: Vec::new(),
            redactor: None,
            held: Vec::new(),
            account: String::new(),
            running: None,
            mine: false,
        }
    }

    /// The id of the step under the cursor, for presence.
    pub fn selected_step(&self) -> Option<String> {
        let s = self.incident.as_ref()?;
        Some(s.playbook.steps.get(self.selected)?.id.clone())
    }

    /// Shows `text` on the status line and keeps it in the messages (M),
    /// as the loop does for what a key or an event sets.
    pub fn notice(&mut self, text: String, err: bool) {
        self.messages.push((self.now, text.clone(), err));
        self.flash = Some((text, err));
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = self.handle(msg);
        // Every status-line message is kept, to be read again with M: at
        // 3 a.m. one flashes by while the responder is looking elsewhere.
        if let Some((text, err)) = &self.flash
            && self.messages.last().is_none_or(|(_, t, _)| t != text)
        {
            self.messages.push((self.now, text.clone(), *err));
            if self.messages.len() > MAX_MESSAGES {
                self.messages.remove(0);
            }
        }
        effects
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Tick(now) => {
                self.now = now;
                vec![]
            }
            Msg::Log(LogEvent::Line(line)) => {
                self.push_log(line);
                vec![]
            }
            Msg::Log(LogEvent::Notice { source, text, .. }) => {
                self.push_log(Line {
                    source,
                    text: format!("-- {text}"),
                });
                vec![]
            }
            Msg::Loaded(state, timeline) => {
                // A refresh of the incident left open behind the playbook
                // list (D) does not pull the responder back to it.
                let same_id = self.incident.as_ref().is_some_and(|s| s.id == state.id);
                if !(same_id && matches!(self.screen, Screen::Home | Screen::Picker)) {
                    self.screen = Screen::Incident;
                }
                self.selected = self
                    .selected
                    .min(state.playbook.steps.len().saturating_sub(1));
                let same = self.incident.as_ref().is_some_and(|s| s.id == state.id);
                // A scrolled timeline stays on the entry being read and
                // counts what arrived below it.
                if same && self.timeline_offset > 0 {
                    let grown = timeline.len().saturating_sub(self.timeline.len());
                    self.timeline_offset += grown;
                    self.timeline_new += grown;
                } else if !same {
                    self.timeline_offset = 0;
                    self.timeline_new = 0;
                }
                self.incident = Some(*state);
                self.timeline = timeline;
                vec![]
            }
            Msg::Incidents(list) => {
                self.incidents = list;
                self.picker_selected = self
                    .picker_selected
                    .min(self.incidents.len().saturating_sub(1));
                if self.incident.is_none() {
                    self.screen = if self.incidents.is_empty() {
                        Screen::Home
                    } else {
                        Screen::Picker
                    };
                }
                vec![]
            }
            Msg::Paste(text) => {
                self.paste(&text);
                vec![]
            }
            Msg::ConfirmRun(text) => {
                self.dialog = Some(Dialog::ConfirmRun { text });
                vec![]
            }
            Msg::Running(step) => {
                self.running = step;
                vec![]
            }
            Msg::Outcome(Ok(text)) => {
                self.flash = Some((text, false));
                vec![]
            }
            Msg::Outcome(Err(text)) => {
                self.flash = Some((text, true));
                vec![]
            }
            Msg::Peers(peers) => {
                self.peers = peers;
                vec![]
            }
            Msg::Held(held) => {
                // A dialog on a command that is no longer held closes.
                if let Some(Dialog::Allow(h)) = &self.dialog
                    && !held.iter().any(|x| x.sha256 == h.sha256)
                {
                    self.dialog = None;
                }
                self.held = held;
                vec![]
            }
            Msg::Rescrub(redactor) => {
                self.redactor = Some(redactor.clone());
                let again = |t: &str| Some(redactor.clean_text(t)).filter(|c| c != t);
                self.logs.rewrite(again);
                for row in &mut self.timeline {
                    if let Some(text) = again(&row.text) {
                        row.text = text;
                    }
                }
                // A held command is shown in full: a value registered
                // since must not be in it either. Nor in whatever an open
                // dialog shows (a log line viewed in full, a command
                // about to run): it holds its own copy of the text.
                let clean = |t: &mut String| *t = redactor.clean_text(t);
                // The status line and its history for M quote notes and
                // lines as they were.
                for (_, text, _) in &mut self.messages {
                    clean(text);
                }
                if let Some((text, _)) = &mut self.flash {
                    clean(text);
                }
                let dialog = match &mut self.dialog {
                    Some(Dialog::Allow(h)) => Some(h),
                    Some(Dialog::Show { title, text, .. }) => {
                        clean(title);
                        clean(text);
                        None
                    }
                    Some(Dialog::ConfirmRun { text }) => {
                        clean(text);
                        None
                    }
                    _ => None,
                };
                for h in self.held.iter_mut().chain(dialog) {
                    for t in [&mut h.shown, &mut h.playbook, &mut h.why, &mut h.origin] {
                        clean(t);
                    }
                    h.argv.iter_mut().for_each(clean);
                }
                vec![]
            }
        }
    }

    fn push_log(&mut self, line: Line) {
        // A handful of sources at most; a bound all the same.
        if self.log_sources.len() < 64 && !self.log_sources.contains(&line.source) {
            self.log_sources.insert(line.source.clone());
        }
        self.logs.push(line);
        // A paused pane stays on the line the responder is reading.
        if !self.follow {
            self.log_offset = self
                .log_offset
                .saturating_add(1)
                .min(self.logs.len().saturating_sub(1));
        }
    }

    /// The `rows` log lines the pane shows (oldest first), and which of
    /// them is the cursor. Walks back from the newest line only as far as
    /// the view reaches, so a 100,000-line buffer costs a screenful unless
    /// the responder scrolled far up.
    pub fn log_window(&self, rows: usize) -> (Vec<&Line>, Option<usize>) {
        let filter = self.filter.as_deref().filter(|f| !f.is_empty());
        let view = self.log_view.follow_cursor(self.log_offset, rows);
        let mut picked: Vec<&Line> = self
            .logs
            .iter()
            .rev()
            .filter(|l| filter.is_none_or(|f| l.text.contains(f)))
            .take(view + rows)
            .collect();
        // Near the oldest line the view stops there and the pane fills.
        let view = view.min(picked.len().saturating_sub(rows));
        self.log_view.set(view, rows);
        picked.drain(..view.min(picked.len()));
        picked.reverse();
        let cursor = (self.log_offset >= view && self.log_offset - view < picked.len())
            .then(|| picked.len() - 1 - (self.log_offset - view));
        (picked, cursor)
    }

    /// How many lines pass the filter, for bounding the scroll.
    fn log_count(&self) -> usize {
        match self.filter.as_deref().filter(|f| !f.is_empty()) {
            Some(f) => self.logs.iter().filter(|l| l.text.contains(f)).count(),
            None => self.logs.len(),
        }
    }

    /// The log line under the cursor: the newest, or the one paused on.
    pub fn current_log(&self) -> Option<&Line> {
        let filter = self.filter.as_deref().filter(|f| !f.is_empty());
        self.logs
            .iter()
            .rev()
            .filter(|l| filter.is_none_or(|f| l.text.contains(f)))
            .nth(self.log_offset)
    }

    /// Moves the focused pane's cursor by `delta` (positive: toward older
    /// lines, up). The log pane pauses when it leaves the newest line and
    /// follows again when it returns; the timeline forgets its "new" count.
    fn scroll(&mut self, delta: isize) {
        let moved = |at: usize, max: usize| at.saturating_add_signed(delta).min(max);
        match self.focus {
            Pane::Logs => {
                self.log_offset = moved(self.log_offset, self.log_count().saturating_sub(1));
                self.follow = self.log_offset == 0;
            }
            Pane::Timeline => {
                self.timeline_offset =
                    moved(self.timeline_offset, self.timeline.len().saturating_sub(1));
                if self.timeline_offset == 0 {
                    self.timeline_new = 0;
                }
            }
            Pane::Steps if self.mine => {
                // Only the steps shown: from one of mine to the next.
                let shown = self.visible_steps();
                if shown.is_empty() {
                    return;
                }
                let at = shown.iter().position(|&i| i >= self.selected).unwrap_or(0);
                let to = at.saturating_add_signed(-delta).min(shown.len() - 1);
                self.selected = shown[to];
            }
            Pane::Steps => {
                let steps = self.incident.as_ref().map_or(0, |s| s.playbook.steps.len());
                // Up the screen is toward the first step.
                self.selected = self
                    .selected
                    .saturating_add_signed(-delta)
                    .min(steps.saturating_sub(1));
            }
        }
    }

    /// Moves the log cursor to the next line holding the search text:
    /// older (`n`) or newer (`N`); `here` counts the line under the cursor.
    /// Says so when there is none that way.
    fn jump_to_match(&mut self, older: bool, here: bool) {
        let Some(needle) = self.search.clone() else {
            self.flash = Some(("no search: / searches the log pane".into(), true));
            return;
        };
        let filter = self.filter.clone().filter(|f| !f.is_empty());
        // Lines newest first, as log_offset counts them.
        let lines: Vec<&Line> = self
            .logs
            .iter()
            .rev()
            .filter(|l| filter.as_deref().is_none_or(|f| l.text.contains(f)))
            .collect();
        let from = self.log_offset;
        let Some(matcher) = self.matcher.clone() else {
            return;
        };
        let hit = |i: &usize| matcher.find(&lines[*i].text).is_some();
        let found = if older {
            let start = if here { from } else { from + 1 };
            (start..lines.len()).find(hit)
        } else {
            (0..from).rev().find(hit)
        };
        match found {
            Some(i) => {
                self.log_offset = i;
                self.follow = i == 0;
            }
            None => {
                self.flash = Some((
                    format!(
                        "no {} match for \"{needle}\"",
                        if older { "older" } else { "newer" }
                    ),
                    true,
                ))
            }
        }
    }

    /// How many held log lines hold the search text (cached per buffer
    /// state, so a frame does not scan 100,000 lines).
    pub fn search_count(&self) -> Option<usize> {
        let needle = self.search.as_deref()?;
        let key = (self.logs.len(), self.logs.dropped(), needle.to_string());
        if let Some((k, n)) = self.search_cache.borrow().as_ref()
            && *k == key
        {
            return Some(*n);
        }
        let n = self
            .logs
            .iter()
            .filter(|l| {
                self.matcher
                    .as_ref()
                    .is_some_and(|m| m.find(&l.text).is_some())
            })
            .count();
        *self.search_cache.borrow_mut() = Some((key, n));
        Some(n)
    }

    /// A page of the focused pane, as last drawn.
    fn page(&self) -> isize {
        let rows = match self.focus {
            Pane::Logs => self.log_view.rows(),
            Pane::Timeline => self.timeline_view.rows(),
            Pane::Steps => self.steps_rows.get(),
        };
        rows.max(2) as isize - 1
    }

    /// The selected step and its assignee, when that is someone else.
    fn someone_elses(&self) -> Option<(String, String)> {
        let s = self.incident.as_ref()?;
        let st = s.playbook.steps.get(self.selected)?;
        let to = s.steps[self.selected].assignee.as_ref()?;
        (to != &self.account).then(|| (st.id.clone(), to.clone()))
    }

    /// The steps the pane shows: all, or with `m` only this account's.
    pub fn visible_steps(&self) -> Vec<usize> {
        let Some(s) = &self.incident else {
            return Vec::new();
        };
        (0..s.playbook.steps.len())
            .filter(|&i| !self.mine || s.steps[i].assignee.as_deref() == Some(&self.account))
            .collect()
    }

    /// The timeline entry the view ends on: what `v` shows and `E` corrects.
    fn timeline_row(&self) -> Option<&TimelineRow> {
        let end = self.timeline.len().saturating_sub(self.timeline_offset);
        end.checked_sub(1).and_then(|i| self.timeline.get(i))
    }

    fn step_id(&self) -> Option<String> {
        let s = self.incident.as_ref()?;
        s.playbook.steps.get(self.selected).map(|st| st.id.clone())
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.dialog.is_some() {
            return self.dialog_key(key);
        }
        // Enter opens the chosen incident; it is not in the key table
        // because it means nothing on the other screens.
        if self.screen == Screen::Picker && key.code == KeyCode::Enter {
            return self.picker_key(Action::Help, key);
        }
        // Esc on the incident list goes back to the incident left open.
        if self.screen == Screen::Picker && key.code == KeyCode::Esc && self.incident.is_some() {
            self.screen = Screen::Incident;
            return vec![];
        }
        // Esc on the playbook list goes back to where D came from.
        if self.screen == Screen::Home && key.code == KeyCode::Esc {
            if self.incident.is_some() {
                self.screen = Screen::Incident;
            } else if !self.incidents.is_empty() {
                self.screen = Screen::Picker;
            }
            return vec![];
        }
        let Some(act) = action(key) else {
            return vec![];
        };
        self.flash = None;
        match self.screen {
            Screen::Home => self.home_key(act),
            Screen::Picker => self.picker_key(act, key),
            Screen::Incident => self.incident_key(act),
        }
    }

    fn home_key(&mut self, act: Action) -> Vec<Effect> {
        match act {
            Action::Up => self.home_selected = self.home_selected.saturating_sub(1),
            Action::Down => {
                self.home_selected =
                    (self.home_selected + 1).min(self.playbooks.len().saturating_sub(1))
            }
            Action::Drill => {
                if let Some(pb) = self.playbooks.get(self.home_selected) {
                    self.dialog = Some(Dialog::Choose {
                        purpose: ChooseFor::DrillSpeed(pb.id.clone()),
                        options: DRILL_SPEEDS.iter().map(|s| s.to_string()).collect(),
                        selected: 2,
                    });
                }
            }
            // Only D: `s` is "start a step" everywhere else, and a stray one
            // must not open a declaration.
            Action::Declare => {
                self.drill_speed = None;
                if let Some(pb) = self.playbooks.get(self.home_selected) {
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::Title(pb.id.clone()),
                        input: Field::prefilled(pb.title.clone()),
                    });
                }
            }
            Action::Help => self.dialog = Some(Dialog::Help { top: 0 }),
            Action::Messages => self.show_messages(),
            Action::Quit => return vec![Effect::Quit],
            _ => {
                self.flash = Some((
                    "press D to declare from the selected playbook, R to rehearse it, Esc to go back, ? for help"
                        .into(),
                    false,
                ))
            }
        }
        vec![]
    }

    fn picker_key(&mut self, act: Action, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Enter
            && let Some(s) = self.incidents.get(self.picker_selected)
            && let Some(n) = crate::incident::parse_id(&s.id)
        {
            // The incident already loaded needs no reload to be shown.
            if self.incident.as_ref().is_some_and(|s| s.id == n) {
                self.screen = Screen::Incident;
            }
            return vec![Effect::Open(n)];
        }
        match act {
            Action::Up => self.picker_selected = self.picker_selected.saturating_sub(1),
            Action::Down => {
                self.picker_selected =
                    (self.picker_selected + 1).min(self.incidents.len().saturating_sub(1))
            }
            Action::Declare => self.screen = Screen::Home,
            Action::Help => self.dialog = Some(Dialog::Help { top: 0 }),
            Action::Messages => self.show_messages(),
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    fn incident_key(&mut self, act: Action) -> Vec<Effect> {
        let steps = self.incident.as_ref().map_or(0, |s| s.playbook.steps.len());
        match (act, self.focus) {
            (Action::Up, _) => self.scroll(1),
            (Action::Down, _) => self.scroll(-1),
            (Action::PageUp, _) => self.scroll(self.page()),
            (Action::PageDown, _) => self.scroll(-self.page()),
            (Action::HalfUp, _) => self.scroll((self.page() / 2).max(1)),
            (Action::HalfDown, _) => self.scroll(-(self.page() / 2).max(1)),
            (Action::Top, _) => self.scroll(isize::MAX),
            (Action::Note, Pane::Logs) if self.search.is_some() => self.jump_to_match(true, false),
            (Action::PrevMatch, _) => self.jump_to_match(false, false),
            (Action::Newest, Pane::Steps) => self.selected = steps.saturating_sub(1),
            (Action::Newest, Pane::Timeline) => {
                self.timeline_offset = 0;
                self.timeline_new = 0;
            }
            (Action::NextPane, _) => {
                self.focus = match self.focus {
                    Pane::Steps => Pane::Logs,
                    Pane::Logs => Pane::Timeline,
                    Pane::Timeline => Pane::Steps,
                }
            }
            // Step keys act on steps: from the log or timeline pane a
            // stray `s` or `d` must not move the step selected out of sight.
            (
                Action::Start | Action::Done | Action::Skip | Action::Reopen | Action::Answer,
                Pane::Logs | Pane::Timeline,
            ) => {
                self.flash = Some((
                    "that key acts on a step: Tab to the steps pane first".into(),
                    true,
                ));
            }
            (Action::Kill, _) => {
                return match &self.running {
                    Some(step) => {
                        self.flash = Some((format!("stopping the run of {step}…"), false));
                        vec![Effect::StopRun]
                    }
                    None => {
                        self.flash = Some(("no command is running".into(), true));
                        vec![]
                    }
                };
            }
            (Action::Run | Action::Approve, Pane::Logs | Pane::Timeline) => {
                self.flash = Some((
                    "that key acts on a step: Tab to the steps pane first".into(),
                    true,
                ));
            }
            (Action::Run, _) => return self.run_selected(),
            (Action::Mine, _) => {
                self.mine = !self.mine;
                self.flash = Some(if self.mine {
                    let n = self.visible_steps().len();
                    (
                        format!("showing the {n} step(s) assigned to {} (m shows all)", self.account),
                        false,
                    )
                } else {
                    ("showing every step".into(), false)
                });
                if let Some(&first) = self.visible_steps().first()
                    && !self.visible_steps().contains(&self.selected)
                {
                    self.selected = first;
                }
            }
            (Action::Roles, _) => {
                if let Some(s) = &self.incident {
                    let options = s
                        .playbook
                        .all_roles()
                        .into_iter()
                        .map(|r| match s.roles.get(&r) {
                            Some(h) => format!("{r} (held by {})", h.account),
                            None => format!("{r} (free)"),
                        })
                        .collect();
                    self.dialog = Some(Dialog::Choose {
                        purpose: ChooseFor::Role,
                        options,
                        selected: 0,
                    });
                }
            }
            (Action::Assign, Pane::Steps) => {
                if let Some(s) = &self.incident
                    && let Some(st) = s.playbook.steps.get(self.selected)
                {
                    let now = s.steps[self.selected].assignee.clone().unwrap_or_default();
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::AssignTo(st.id.clone()),
                        input: Field::prefilled(now),
                    });
                }
            }
            (Action::Correct, Pane::Timeline) => {
                if let Some(row) = self.timeline_row() {
                    let mut options = vec!["its time".to_string()];
                    if row.words.is_some() {
                        options.insert(0, "its words".into());
                    }
                    options.push("cancel".into());
                    self.dialog = Some(Dialog::Choose {
                        purpose: ChooseFor::Correct(row.seq),
                        options,
                        selected: 0,
                    });
                }
            }
            (Action::Correct, _) => {
                self.flash = Some((
                    "E corrects a timeline entry: Tab to the timeline pane, scroll to it".into(),
                    true,
                ));
            }
            (Action::Assign, _) => {
                self.flash = Some((
                    "that key acts on a step: Tab to the steps pane first".into(),
                    true,
                ));
            }
            (Action::Approve, _) => self.approve_selected(),
            (Action::Start, _) if self.someone_elses().is_some() => {
                let (step, to) = self.someone_elses().unwrap_or_default();
                self.dialog = Some(Dialog::Choose {
                    purpose: ChooseFor::StartOthers(step),
                    options: vec![
                        format!("start it anyway ({to} may be on it)"),
                        format!("leave it to {to}"),
                    ],
                    selected: 1,
                });
            }
            (Action::Start, _) => {
                return self.on_step(|step| Command::Start {
                    step,
                    force: None,
                    note: None,
                });
            }
            (Action::Done, _) => {
                return self.on_step(|step| Command::Done {
                    step,
                    force: None,
                    note: None,
                });
            }
            (Action::Skip, _) => self.ask_reason(ReasonFor::Skip),
            (Action::Reopen, _) => self.ask_reason(ReasonFor::Reopen),
            (Action::Answer, _) => self.ask_answer(),
            (Action::Note, _) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Note,
                    input: Field::default(),
                })
            }
            (Action::Search, _) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Search,
                    input: Field::prefilled(self.search.clone().unwrap_or_default()),
                })
            }
            (Action::Filter, _) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Filter,
                    input: Field::prefilled(self.filter.clone().unwrap_or_default()),
                })
            }
            (Action::Follow, _) => {
                self.follow = !self.follow;
                if self.follow {
                    self.log_offset = 0;
                }
            }
            (Action::Newest, _) => {
                self.follow = true;
                self.log_offset = 0;
            }
            (Action::Pin, _) => {
                return match self.current_log() {
                    Some(line) => vec![Effect::Apply(Command::Pin {
                        source: line.source.to_string(),
                        line: line.text.clone(),
                    })],
                    None => {
                        self.flash = Some(("no log line to pin yet".into(), true));
                        vec![]
                    }
                };
            }
            (Action::View, pane) => self.view_in_full(pane),
            (Action::Copy, _) => return self.copy_command(),
            (Action::Status, _) => {
                let options = Status::ALL.iter().map(|s| s.to_string()).collect();
                self.dialog = Some(Dialog::Choose {
                    purpose: ChooseFor::Status,
                    options,
                    selected: 0,
                });
            }
            (Action::Severity, _) => {
                let options = Severity::ALL.iter().map(|s| s.to_string()).collect();
                self.dialog = Some(Dialog::Choose {
                    purpose: ChooseFor::Severity,
                    options,
                    selected: 0,
                });
            }
            (Action::AddLog, _) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::AddLog,
                    input: Field::default(),
                })
            }
            (Action::Leaked, _) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Leaked,
                    input: Field::default(),
                })
            }
            (Action::Allow, _) => match self.held.first() {
                Some(h) => self.dialog = Some(Dialog::Allow(h.clone())),
                None => {
                    self.flash = Some((
                        "no playbook command is waiting for you (bundled playbooks' commands start by themselves)".into(),
                        false,
                    ))
                }
            },
            // The incident stays loaded: Esc on the list comes back to it.
            (Action::Declare | Action::Drill, _) => self.screen = Screen::Home,
            (Action::Help, _) => self.dialog = Some(Dialog::Help { top: 0 }),
            (Action::Messages, _) => self.show_messages(),
            (Action::Inputs, _) => self.pick_input(),
            (Action::Compact, _) => {
                self.log_compact = !self.log_compact;
                self.flash = Some((
                    if self.log_compact {
                        "log pane: a repeated syslog prefix shows once per run (z: every line)"
                    } else {
                        "log pane: every line in full (z: compact)"
                    }
                    .into(),
                    false,
                ));
            }
            (Action::Wrap, _) => {
                self.log_wrap = !self.log_wrap;
                self.log_hscroll = 0;
            }
            (Action::Right, Pane::Logs) if !self.log_wrap => self.log_hscroll += 8,
            (Action::Left, Pane::Logs) => self.log_hscroll = self.log_hscroll.saturating_sub(8),
            (Action::Left | Action::Right, _) => {}
            (Action::Incidents, _) => {
                self.picker_selected = self
                    .incidents
                    .iter()
                    .position(|i| {
                        self.incident
                            .as_ref()
                            .is_some_and(|s| crate::incident::parse_id(&i.id) == Some(s.id))
                    })
                    .unwrap_or(0);
                self.screen = Screen::Picker;
            }
            (Action::FollowUp, _) => {
                if self.incident.is_some() {
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::FollowUp,
                        input: Field::default(),
                    });
                }
            }
            (Action::Rename, _) => {
                if let Some(s) = &self.incident {
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::Rename,
                        input: Field::prefilled(s.title.clone()),
                    });
                }
            }
            (Action::Quit, _) if self.running.is_some() => {
                // Ctrl-C is also Quit: while a command runs it stops the
                // command, never leaves it running unrecorded.
                self.flash = Some((
                    "stopping the command first; its run is recorded, then q quits".into(),
                    false,
                ));
                return vec![Effect::StopRun];
            }
            (Action::Quit, _) => {
                // The last console on a running drill ends and scores it:
                // ask first, a stray q must not end a rehearsal.
                if let Some(s) = &self.incident
                    && s.status.is_open()
                    && crate::drill::ends_on_quit(s, self.peers.is_empty(), self.now)
                {
                    self.dialog = Some(Dialog::Choose {
                        purpose: ChooseFor::QuitDrill,
                        options: QUIT_DRILL.iter().map(|o| o.to_string()).collect(),
                        selected: 2,
                    });
                    return vec![];
                }
                return vec![Effect::Quit];
            }
        }
        vec![]
    }

    /// `e`: which command (when the step has several), then each
    /// placeholder's value, then the plan to confirm.
    fn run_selected(&mut self) -> Vec<Effect> {
        let Some(s) = &self.incident else {
            return vec![];
        };
        let Some(st) = s.playbook.steps.get(self.selected) else {
            return vec![];
        };
        if let Some(step) = &self.running {
            self.flash = Some((format!("{step} is still running (K stops it)"), true));
            return vec![];
        }
        let runnable: Vec<(usize, &String)> = st
            .commands
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim_start().starts_with('#'))
            .map(|(i, c)| (i + 1, c))
            .collect();
        if st.is_decision() || runnable.is_empty() {
            self.flash = Some((format!("`{}` has no command to run", st.id), true));
            return vec![];
        }
        // Said before any question: a blocked step is started (with a
        // reason) before its command runs.
        if s.step_state(self.selected) == crate::incident::StepState::Blocked {
            self.flash = Some((
                format!(
                    "`{}` is waiting for {}; s starts it anyway (asks a reason), then e runs it",
                    st.id,
                    s.waiting_for(self.selected).join(", ")
                ),
                true,
            ));
            return vec![];
        }
        let step = st.id.clone();
        if st.run.one_shell {
            return self.ask_run_values(PendingRun {
                step,
                line: None,
                typed: Default::default(),
            });
        }
        if let [(line, _)] = runnable.as_slice() {
            return self.ask_run_values(PendingRun {
                step,
                line: Some(*line),
                typed: Default::default(),
            });
        }
        let options = runnable
            .iter()
            .map(|(n, c)| format!("{n}: {}", c.lines().next().unwrap_or_default()))
            .collect();
        self.dialog = Some(Dialog::Choose {
            purpose: ChooseFor::RunLine(step),
            options,
            selected: 0,
        });
        vec![]
    }

    /// Asks the next unfilled placeholder's value, or plans the run.
    fn ask_run_values(&mut self, pending: PendingRun) -> Vec<Effect> {
        let Some(s) = &self.incident else {
            return vec![];
        };
        let Some(st) = s.playbook.step(&pending.step) else {
            return vec![];
        };
        let command = match pending.line {
            Some(n) => st.commands.get(n - 1).cloned().unwrap_or_default(),
            None => st.commands.join("\n"),
        };
        match crate::run::fill(&command, &st.run.placeholders, &s.inputs, &pending.typed) {
            Ok(_) => vec![Effect::PrepareRun(pending)],
            Err(missing) => {
                let name = missing.0[0].0.clone();
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::RunValue(pending, name),
                    input: Field::default(),
                });
                vec![]
            }
        }
    }

    /// `Y`: approve the selected step, or refuse it, when it needs a
    /// second person.
    fn approve_selected(&mut self) {
        let Some(s) = &self.incident else { return };
        let Some(st) = s.playbook.steps.get(self.selected) else {
            return;
        };
        if !st.run.approval.is_needed() {
            self.flash = Some((format!("`{}` does not need approval", st.id), true));
            return;
        }
        self.dialog = Some(Dialog::Choose {
            purpose: ChooseFor::Approve(st.id.clone()),
            options: vec![
                APPROVE.to_string(),
                REFUSE.to_string(),
                "cancel".to_string(),
            ],
            selected: 0,
        });
    }

    fn on_step(&mut self, make: impl FnOnce(String) -> Command) -> Vec<Effect> {
        let Some(step) = self.step_id() else {
            return vec![];
        };
        // A blocked step asks for the override reason instead of failing.
        let blocked = self
            .incident
            .as_ref()
            .is_some_and(|s| s.step_state(self.selected) == crate::incident::StepState::Blocked);
        let cmd = make(step.clone());
        if blocked {
            let reason = match cmd {
                Command::Start { .. } => ReasonFor::ForceStart(step),
                _ => ReasonFor::ForceDone(step),
            };
            self.dialog = Some(Dialog::Text {
                purpose: TextFor::Reason(reason),
                input: Field::default(),
            });
            return vec![];
        }
        vec![Effect::Apply(cmd)]
    }

    fn ask_reason(&mut self, make: fn(String) -> ReasonFor) {
        if let Some(step) = self.step_id() {
            self.dialog = Some(Dialog::Text {
                purpose: TextFor::Reason(make(step)),
                input: Field::default(),
            });
        }
    }

    fn ask_answer(&mut self) {
        let Some(s) = &self.incident else { return };
        let Some(step) = s.playbook.steps.get(self.selected) else {
            return;
        };
        if !step.is_decision() {
            self.flash = Some((
                format!("`{}` is not a decision; d marks it done", step.id),
                true,
            ));
            return;
        }
        // Ahead of its prerequisites, an answer is an override: the
        // reason first, as for starting a blocked step.
        if s.step_state(self.selected) == crate::incident::StepState::Blocked {
            self.dialog = Some(Dialog::Text {
                purpose: TextFor::Reason(ReasonFor::ForceAnswer(step.id.clone())),
                input: Field::default(),
            });
            return;
        }
        self.dialog = Some(Dialog::Choose {
            purpose: ChooseFor::Answer(step.id.clone()),
            options: step.choices.clone(),
            selected: 0,
        });
    }

    /// `c`: a step with one command copies it; one with several offers
    /// the whole block as one script (the seeds' "run these in one shell"
    /// steps) or any single line.
    fn copy_command(&mut self) -> Vec<Effect> {
        let Some(s) = &self.incident else {
            return vec![];
        };
        let commands: Vec<String> = s
            .playbook
            .steps
            .get(self.selected)
            .map(|st| st.commands.clone())
            .unwrap_or_default();
        let lines: Vec<&String> = commands.iter().filter(|c| !c.starts_with('#')).collect();
        match lines.as_slice() {
            [] => {
                self.flash = Some(("this step has no command to copy".into(), true));
                vec![]
            }
            [one] => self.copied((*one).clone(), "command"),
            _ => {
                let mut options = vec![format!("{WHOLE_BLOCK} ({} lines)", commands.len())];
                options.extend(lines.iter().map(|l| l.to_string()));
                self.copy_block = commands.join("\n");
                self.dialog = Some(Dialog::Choose {
                    purpose: ChooseFor::Copy,
                    options,
                    selected: 0,
                });
                vec![]
            }
        }
    }

    fn copied(&mut self, text: String, what: &str) -> Vec<Effect> {
        self.flash = Some((format!("{what} copied to your clipboard"), false));
        vec![Effect::Copy(text)]
    }

    /// Opens the focused pane's current item in a dialog, unabridged.
    fn view_in_full(&mut self, pane: Pane) {
        let shown = match pane {
            Pane::Logs => self
                .current_log()
                .map(|l| (format!(" Log line from {} ", l.source), l.text.clone())),
            Pane::Timeline => {
                let end = self.timeline.len().saturating_sub(self.timeline_offset);
                end.checked_sub(1)
                    .and_then(|i| self.timeline.get(i))
                    .map(|r| {
                        (
                            format!(
                                " Timeline, {} {} ",
                                self.time(r.at, "%H:%M:%S"),
                                self.zone()
                            ),
                            match &r.correction {
                                Some(c) => format!("{} {}\n\n{c}", r.actor, r.text),
                                None => format!("{} {}", r.actor, r.text),
                            },
                        )
                    })
            }
            Pane::Steps => self.incident.as_ref().and_then(|s| {
                let st = s.playbook.steps.get(self.selected)?;
                let mut text = st.title.clone();
                if let Some(note) = &st.annotation {
                    text.push_str(&format!("\n\nwarroom's note: {}", note.trim()));
                }
                for part in [&st.body].into_iter().flatten() {
                    text.push_str("\n\n");
                    text.push_str(part);
                }
                for c in &st.commands {
                    text.push_str(&format!("\n$ {c}"));
                }
                for c in &st.checks {
                    text.push_str(&format!("\ncheck: {c}"));
                }
                Some((format!(" Step {} ", st.id), text))
            }),
        };
        match shown {
            Some((title, text)) => {
                self.dialog = Some(Dialog::Show {
                    title,
                    text,
                    top: 0,
                })
            }
            None => self.flash = Some(("nothing to show here yet".into(), true)),
        }
    }

    fn dialog_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(dialog) = self.dialog.take() else {
            return vec![];
        };
        match dialog {
            Dialog::Show { title, text, top } => {
                // The view scrolls like a pager; what is below the last
                // line (set by the last frame) bounds it.
                let (max, page) = (self.show_view.view_max(), self.show_view.rows().max(2) - 1);
                let top = match (key.code, key.modifiers.contains(KeyModifiers::CONTROL)) {
                    (
                        KeyCode::Esc | KeyCode::Char('v') | KeyCode::Char('q') | KeyCode::Enter,
                        _,
                    ) => {
                        return vec![];
                    }
                    (KeyCode::Char('d'), true) => top + page / 2,
                    (KeyCode::Char('u'), true) => top.saturating_sub(page / 2),
                    (KeyCode::Down | KeyCode::Char('j'), _) => top + 1,
                    (KeyCode::Up | KeyCode::Char('k'), _) => top.saturating_sub(1),
                    (KeyCode::PageDown | KeyCode::Char(' '), _) => top + page,
                    (KeyCode::PageUp, _) => top.saturating_sub(page),
                    (KeyCode::Home | KeyCode::Char('g'), _) => 0,
                    (KeyCode::End | KeyCode::Char('G'), _) => max,
                    _ => top,
                };
                self.dialog = Some(Dialog::Show {
                    title,
                    text,
                    top: top.min(max),
                });
                vec![]
            }
            Dialog::Help { top } => {
                let max = self.help_view.view_max();
                let top = match key.code {
                    KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
                        return vec![];
                    }
                    KeyCode::Down | KeyCode::Char('j') => top + 1,
                    KeyCode::Up | KeyCode::Char('k') => top.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => top + self.help_view.rows(),
                    KeyCode::PageUp => top.saturating_sub(self.help_view.rows()),
                    KeyCode::Home | KeyCode::Char('g') => 0,
                    KeyCode::End | KeyCode::Char('G') => max,
                    _ => top,
                };
                self.dialog = Some(Dialog::Help { top: top.min(max) });
                vec![]
            }
            Dialog::Allow(held) => self.allow_key(held, key),
            Dialog::ConfirmRun { text } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.flash = Some(("running…  K or Ctrl-C stops it".into(), false));
                    vec![Effect::StartRun]
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    self.flash = Some(("not run".into(), false));
                    vec![Effect::CancelRun]
                }
                _ => {
                    self.dialog = Some(Dialog::ConfirmRun { text });
                    vec![]
                }
            },
            Dialog::Choose {
                purpose,
                options,
                selected,
            } => match key.code {
                KeyCode::Esc => vec![],
                KeyCode::Up | KeyCode::Char('k') => {
                    self.dialog = Some(Dialog::Choose {
                        purpose,
                        options,
                        selected: selected.saturating_sub(1),
                    });
                    vec![]
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    let next = (selected + 1).min(options.len().saturating_sub(1));
                    self.dialog = Some(Dialog::Choose {
                        purpose,
                        options,
                        selected: next,
                    });
                    vec![]
                }
                KeyCode::Enter => {
                    self.chosen(purpose, options.get(selected).cloned().unwrap_or_default())
                }
                _ => {
                    self.dialog = Some(Dialog::Choose {
                        purpose,
                        options,
                        selected,
                    });
                    vec![]
                }
            },
            Dialog::Text { purpose, mut input } => match key.code {
                KeyCode::Esc => vec![],
                KeyCode::Enter
                    if key.modifiers.contains(KeyModifiers::ALT) && purpose == TextFor::Note =>
                {
                    input.insert("\n");
                    self.dialog = Some(Dialog::Text { purpose, input });
                    vec![]
                }
                KeyCode::Enter => self.submitted(purpose, input.into_text()),
                _ => {
                    input.key(key);
                    self.dialog = Some(Dialog::Text { purpose, input });
                    vec![]
                }
            },
        }
    }

    /// A time as the console shows it: UTC, or local time.
    pub fn time(&self, at: DateTime<Utc>, fmt: &str) -> String {
        if self.utc {
            at.format(fmt).to_string()
        } else {
            at.with_timezone(&chrono::Local).format(fmt).to_string()
        }
    }

    /// The label of the zone times are shown in: `UTC`, or the local
    /// offset (`UTC+01:00`).
    pub fn zone(&self) -> String {
        let offset = chrono::Local::now().format("%:z").to_string();
        if self.utc || offset == "+00:00" {
            "UTC".into()
        } else {
            format!("UTC{offset}")
        }
    }

    /// `HH:MM[:SS]` typed for entry `seq`, on the entry's own day in the
    /// zone the console shows, as a UTC instant.
    fn corrected_time(&self, seq: u64, text: &str) -> Result<DateTime<Utc>, String> {
        let row = self
            .timeline
            .iter()
            .find(|r| r.seq == seq)
            .ok_or("that entry is gone")?;
        let t = chrono::NaiveTime::parse_from_str(text, "%H:%M:%S")
            .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M"))
            .map_err(|_| format!("`{text}` is not a time like 03:12 or 03:12:30"))?;
        let at = if self.utc {
            row.at.date_naive().and_time(t).and_utc()
        } else {
            let day = row.at.with_timezone(&chrono::Local).date_naive();
            day.and_time(t)
                .and_local_timezone(chrono::Local)
                .earliest()
                .ok_or("that time does not exist here (a clock change)")?
                .with_timezone(&Utc)
        };
        Ok(at)
    }

    /// The status line's messages in the `v` view, newest at the bottom
    /// and in sight.
    fn show_messages(&mut self) {
        let text = if self.messages.is_empty() {
            "no messages yet".to_string()
        } else {
            self.messages
                .iter()
                .map(|(at, text, err)| {
                    format!(
                        "{} {}{text}",
                        self.time(*at, "%H:%M:%S"),
                        if *err { "! " } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        self.dialog = Some(Dialog::Show {
            title: " Messages ".into(),
            text,
            top: usize::MAX,
        });
    }

    /// `i`: the playbook's inputs with their values, to pick one to set.
    fn pick_input(&mut self) {
        let Some(s) = &self.incident else { return };
        if s.playbook.inputs.is_empty() {
            self.flash = Some(("this playbook asks no inputs".into(), false));
            return;
        }
        let options = s
            .playbook
            .inputs
            .iter()
            .map(|i| match s.inputs.get(&i.id) {
                Some(v) => format!("{}: {v}", i.id),
                None => format!("{}: (not set)", i.id),
            })
            .collect();
        self.dialog = Some(Dialog::Choose {
            purpose: ChooseFor::PickInput,
            options,
            selected: 0,
        });
    }

    /// Asks a value for input `id`: its choices, or free text (shown with
    /// its question).
    fn ask_input_value(&mut self, id: &str) {
        let Some(s) = &self.incident else { return };
        let Some(input) = s.playbook.inputs.iter().find(|i| i.id == id) else {
            return;
        };
        self.dialog = Some(if input.choices.is_empty() {
            Dialog::Text {
                purpose: TextFor::SetInput(id.to_string()),
                input: Field::prefilled(s.inputs.get(id).cloned().unwrap_or_default()),
            }
        } else {
            Dialog::Choose {
                purpose: ChooseFor::SetInput(id.to_string()),
                options: input.choices.clone(),
                selected: 0,
            }
        });
    }

    /// A paste goes whole into the open text field, where it is text, never
    /// keys: its newlines do not submit, its letters run no command. A
    /// note keeps the paste's lines; a one-line field gets them joined.
    /// With no text field open, a paste does nothing and says so.
    fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match &mut self.dialog {
            Some(Dialog::Text { purpose, input }) => {
                if *purpose == TextFor::Note {
                    input.insert(&text);
                } else {
                    input.insert(&crate::incident::one_line(&text));
                }
            }
            _ => {
                self.flash = Some((
                    "paste ignored: it goes only into a text field (n opens a note)".into(),
                    true,
                ));
            }
        }
    }

    /// y allows the command shown (nothing else: Enter does not, so a
    /// key pressed out of habit never runs a command); n or Esc keeps it
    /// stopped and shows the next held one, if any.
    fn allow_key(&mut self, held: HeldCommand, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                self.flash = Some((format!("allowing `{}`…", held.shown), false));
                vec![Effect::AllowCommand(held.sha256)]
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                self.flash = Some((
                    format!(
                        "not started: `{}` stays stopped (A to review again)",
                        held.shown
                    ),
                    false,
                ));
                let at = self.held.iter().position(|h| h.sha256 == held.sha256);
                if key.code != KeyCode::Esc
                    && let Some(next) = at.and_then(|i| self.held.get(i + 1))
                {
                    self.dialog = Some(Dialog::Allow(next.clone()));
                }
                vec![]
            }
            _ => {
                self.dialog = Some(Dialog::Allow(held));
                vec![]
            }
        }
    }

    fn chosen(&mut self, purpose: ChooseFor, choice: String) -> Vec<Effect> {
        let cmd = match purpose {
            ChooseFor::Input(id) => return self.input_given(id, choice),
            ChooseFor::Answer(step) => Command::Answer {
                target: step,
                choice,
                note: None,
                force: None,
            },
            ChooseFor::ForcedAnswer(step, reason) => Command::Answer {
                target: step,
                choice,
                note: None,
                force: Some(reason),
            },
            ChooseFor::Status => match Status::parse(&choice) {
                Some(s) => Command::SetStatus(s),
                None => return vec![],
            },
            ChooseFor::Severity => match Severity::parse(&choice) {
                Some(s) => Command::SetSeverity(s),
                None => return vec![],
            },
            ChooseFor::PickInput => {
                let id = choice
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.ask_input_value(&id);
                return vec![];
            }
            ChooseFor::SetInput(id) => Command::Answer {
                target: id,
                choice,
                note: None,
                force: None,
            },
            ChooseFor::Copy => {
                return if choice.starts_with(WHOLE_BLOCK) {
                    let block = std::mem::take(&mut self.copy_block);
                    self.copied(block, "the whole command block")
                } else {
                    self.copied(choice, "command")
                };
            }
            ChooseFor::RunLine(step) => {
                let line = choice.split(':').next().and_then(|n| n.trim().parse().ok());
                return self.ask_run_values(PendingRun {
                    step,
                    line,
                    typed: Default::default(),
                });
            }
            ChooseFor::Approve(step) => {
                let purpose = match choice.as_str() {
                    APPROVE => TextFor::ApproveReason(step),
                    REFUSE => TextFor::RefuseApproval(step),
                    _ => return vec![],
                };
                self.dialog = Some(Dialog::Text {
                    purpose,
                    input: Field::default(),
                });
                return vec![];
            }
            ChooseFor::Role => {
                let role = choice.split(' ').next().unwrap_or_default().to_string();
                let Some(s) = &self.incident else {
                    return vec![];
                };
                return match s.roles.get(&role) {
                    None => vec![Effect::Apply(Command::TakeRole { role, force: false })],
                    Some(h) if h.account == self.account => {
                        self.dialog = Some(Dialog::Text {
                            purpose: TextFor::HandOffTo(role),
                            input: Field::default(),
                        });
                        vec![]
                    }
                    Some(h) => {
                        self.dialog = Some(Dialog::Choose {
                            purpose: ChooseFor::RoleAction(role.clone()),
                            options: vec![
                                format!("take {role} over from {}", h.account),
                                "cancel".into(),
                            ],
                            selected: 1,
                        });
                        vec![]
                    }
                };
            }
            ChooseFor::RoleAction(role) => {
                return if choice.starts_with("take") {
                    vec![Effect::Apply(Command::TakeRole { role, force: true })]
                } else {
                    vec![]
                };
            }
            ChooseFor::StartOthers(step) => {
                return if choice.starts_with("start") {
                    vec![Effect::Apply(Command::Start {
                        step,
                        force: None,
                        note: None,
                    })]
                } else {
                    vec![]
                };
            }
            ChooseFor::Correct(seq) => {
                let row = self.timeline.iter().find(|r| r.seq == seq).cloned();
                let Some(row) = row else { return vec![] };
                let (purpose, input) = match choice.as_str() {
                    "its words" => (
                        TextFor::CorrectText(seq),
                        Field::prefilled(row.words.unwrap_or_default()),
                    ),
                    "its time" => (
                        TextFor::CorrectTime(seq),
                        Field::prefilled(self.time(row.at, "%H:%M:%S")),
                    ),
                    _ => return vec![],
                };
                self.dialog = Some(Dialog::Text { purpose, input });
                return vec![];
            }
            ChooseFor::QuitDrill => {
                return match QUIT_DRILL.iter().position(|o| *o == choice) {
                    Some(0) => vec![Effect::Quit],
                    Some(1) => vec![Effect::QuitKeepingDrill],
                    _ => vec![],
                };
            }
            ChooseFor::DrillSpeed(playbook) => {
                let speed = choice
                    .split('x')
                    .next()
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(1);
                self.drill_speed = Some(speed);
                let title = self
                    .playbooks
                    .iter()
                    .find(|p| p.id == playbook)
                    .map(|p| format!("Drill: {}", p.title))
                    .unwrap_or_default();
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Title(playbook),
                    input: Field::prefilled(title),
                });
                return vec![];
            }
        };
        vec![Effect::Apply(cmd)]
    }

    fn submitted(&mut self, purpose: TextFor, input: String) -> Vec<Effect> {
        let text = input.trim().to_string();
        match purpose {
            TextFor::Reason(why) => {
                if text.is_empty() {
                    self.flash = Some(("a reason is required; nothing was recorded".into(), true));
                    return vec![];
                }
                let cmd = match why {
                    ReasonFor::Skip(step) => Command::Skip { step, reason: text },
                    ReasonFor::Reopen(step) => Command::Reopen { step, reason: text },
                    ReasonFor::ForceStart(step) => Command::Start {
                        step,
                        force: Some(text),
                        note: None,
                    },
                    ReasonFor::ForceDone(step) => Command::Done {
                        step,
                        force: Some(text),
                        note: None,
                    },
                    ReasonFor::ForceAnswer(step) => {
                        let options = self
                            .incident
                            .as_ref()
                            .and_then(|s| s.playbook.steps.iter().find(|st| st.id == step))
                            .map(|st| st.choices.clone())
                            .unwrap_or_default();
                        self.dialog = Some(Dialog::Choose {
                            purpose: ChooseFor::ForcedAnswer(step, text),
                            options,
                            selected: 0,
                        });
                        return vec![];
                    }
                };
                vec![Effect::Apply(cmd)]
            }
            TextFor::Note if text.is_empty() => vec![],
            TextFor::Note => vec![Effect::Apply(Command::Note {
                text: input,
                step: self.step_id(),
            })],
            TextFor::Search => {
                self.matcher = None;
                if !text.is_empty() {
                    match Matcher::parse(&text) {
                        Ok(m) => self.matcher = Some(m),
                        Err(why) => {
                            self.flash = Some((why, true));
                            return vec![];
                        }
                    }
                }
                self.search = (!text.is_empty()).then_some(text);
                if self.search.is_some() {
                    // Searching is about the log pane: go there, to the
                    // newest match.
                    self.focus = Pane::Logs;
                    self.log_offset = 0;
                    self.jump_to_match(true, true);
                }
                vec![]
            }
            TextFor::Filter => {
                self.filter = (!text.is_empty()).then_some(text);
                self.log_offset = 0;
                vec![]
            }
            TextFor::SetInput(_) if text.is_empty() => vec![],
            TextFor::SetInput(id) => vec![Effect::Apply(Command::Answer {
                target: id,
                choice: text,
                note: None,
                force: None,
            })],
            TextFor::RunValue(mut pending, name) => {
                if text.is_empty() {
                    self.flash = Some((format!("`{name}` needs a value; nothing was run"), true));
                    return vec![];
                }
                pending.typed.insert(name, input);
                self.ask_run_values(pending)
            }
            TextFor::ApproveReason(step) => vec![Effect::Apply(Command::Approve {
                step,
                reason: (!text.is_empty()).then_some(text),
            })],
            TextFor::RefuseApproval(step) => {
                if text.is_empty() {
                    self.flash = Some((
                        "a refusal needs a reason; nothing was recorded".into(),
                        true,
                    ));
                    return vec![];
                }
                vec![Effect::Apply(Command::RefuseApproval {
                    step,
                    reason: text,
                })]
            }
            TextFor::HandOffTo(role) => {
                if text.is_empty() {
                    self.flash = Some(("a hand-off needs the account it goes to".into(), true));
                    return vec![];
                }
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::HandOffNote(role, text),
                    input: Field::default(),
                });
                vec![]
            }
            TextFor::HandOffNote(role, to) => vec![Effect::Apply(Command::HandOff {
                role,
                to,
                note: text,
            })],
            TextFor::AssignTo(step) => vec![Effect::Apply(Command::Assign {
                step,
                to: (!text.is_empty()).then_some(text),
            })],
            TextFor::CorrectText(seq) => {
                if text.is_empty() {
                    self.flash = Some(("empty words: nothing was corrected".into(), true));
                    return vec![];
                }
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::CorrectReason(seq, Some(input), None),
                    input: Field::default(),
                });
                vec![]
            }
            TextFor::CorrectTime(seq) => match self.corrected_time(seq, &text) {
                Ok(at) => {
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::CorrectReason(seq, None, Some(at)),
                        input: Field::default(),
                    });
                    vec![]
                }
                Err(why) => {
                    self.flash = Some((why, true));
                    self.dialog = Some(Dialog::Text {
                        purpose: TextFor::CorrectTime(seq),
                        input: Field::prefilled(text),
                    });
                    vec![]
                }
            },
            TextFor::CorrectReason(seq, words, at) => {
                if text.is_empty() {
                    self.flash = Some((
                        "a correction needs a reason; nothing was recorded".into(),
                        true,
                    ));
                    return vec![];
                }
                vec![Effect::Apply(Command::Amend {
                    event: seq,
                    text: words,
                    at,
                    reason: text,
                })]
            }
            TextFor::FollowUp if text.is_empty() => vec![],
            TextFor::FollowUp => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::FollowUpOwner(text),
                    input: Field::prefilled(self.actor.clone()),
                });
                vec![]
            }
            TextFor::FollowUpOwner(what) => {
                if text.is_empty() {
                    self.flash = Some((
                        "a follow-up needs an owner; nothing was recorded".into(),
                        true,
                    ));
                    return vec![];
                }
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::FollowUpDue(what, text),
                    input: Field::prefilled("7d"),
                });
                vec![]
            }
            TextFor::FollowUpDue(what, owner) => {
                let due = if text.is_empty() {
                    None
                } else {
                    match crate::duration::due_date(&text, self.now.date_naive()) {
                        Ok(d) => Some(d),
                        Err(why) => {
                            // Asked again, with what was typed, to fix it.
                            self.flash = Some((why, true));
                            self.dialog = Some(Dialog::Text {
                                purpose: TextFor::FollowUpDue(what, owner),
                                input: Field::prefilled(text),
                            });
                            return vec![];
                        }
                    }
                };
                vec![Effect::Apply(Command::FollowUp {
                    text: what,
                    owner,
                    due,
                })]
            }
            TextFor::Rename if text.is_empty() => vec![],
            TextFor::Rename => vec![Effect::Apply(Command::Rename(text))],
            TextFor::AddLog if text.is_empty() => vec![],
            TextFor::AddLog => vec![Effect::AddLog(text)],
            TextFor::Leaked if text.is_empty() => vec![],
            TextFor::Leaked => vec![Effect::Leaked(input)],
            TextFor::Title(playbook) => {
                self.pending = Some(Pending {
                    playbook,
                    title: text,
                    drill: self.drill_speed.take(),
                    ..Pending::default()
                });
                self.ask_next_input()
            }
            TextFor::Input(id) => self.input_given(id, text),
        }
    }

    fn input_given(&mut self, id: String, value: String) -> Vec<Effect> {
        if let Some(p) = &mut self.pending {
            if !value.is_empty() {
                p.inputs.insert(id, value);
            }
            p.next += 1;
        }
        self.ask_next_input()
    }

    /// Asks the playbook's next input, or declares once all are answered.
    /// Esc on any of them cancels the declaration.
    fn ask_next_input(&mut self) -> Vec<Effect> {
        let Some(p) = self.pending.clone() else {
            return vec![];
        };
        let questions = self
            .playbooks
            .iter()
            .find(|r| r.id == p.playbook)
            .map(|r| r.inputs.clone())
            .unwrap_or_default();
        match questions.get(p.next) {
            Some((id, _, choices)) if !choices.is_empty() => {
                self.dialog = Some(Dialog::Choose {
                    purpose: ChooseFor::Input(id.clone()),
                    options: choices.clone(),
                    selected: 0,
                });
                vec![]
            }
            Some((id, _, _)) => {
                self.dialog = Some(Dialog::Text {
                    purpose: TextFor::Input(id.clone()),
                    input: Field::default(),
                });
                vec![]
            }
            None => {
                self.pending = None;
                vec![Effect::Declare {
                    playbook: p.playbook,
                    title: p.title,
                    inputs: p.inputs,
                    drill: p.drill,
                }]
            }
        }
    }
}
