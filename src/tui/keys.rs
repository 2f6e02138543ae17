//! The one key table: it drives dispatch and the `?` help screen, so the
//! help never lies about what a key does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfUp,
    HalfDown,
    /// The oldest line (logs, timeline) or the first step.
    Top,
    NextPane,
    Start,
    Done,
    Skip,
    Reopen,
    Answer,
    Note,
    Search,
    Filter,
    Follow,
    Newest,
    Pin,
    View,
    Copy,
    Status,
    Severity,
    AddLog,
    Leaked,
    Allow,
    Declare,
    Drill,
    Help,
    /// The status line's messages, again.
    Messages,
    /// The previous (newer) search match in the log pane.
    PrevMatch,
    /// Give the incident a new title.
    Rename,
    /// Add a follow-up action item for the postmortem.
    FollowUp,
    /// Run the selected step's command (shown and confirmed first).
    Run,
    /// Stop the command running.
    Kill,
    /// Approve (or refuse) the selected step that needs a second person.
    Approve,
    /// Take a role or hand one over.
    Roles,
    /// Assign the selected step to a responder.
    Assign,
    /// Show only the steps assigned to you, or all.
    Mine,
    /// Correct the timeline entry in view (its words or time).
    Correct,
    /// The open incidents, to switch to another.
    Incidents,
    /// Log pane: repeated syslog prefixes shown once per run, or always.
    Compact,
    /// See and set the playbook's inputs (which secret, which store).
    Inputs,
    /// Log pane: wrap long lines, or cut them.
    Wrap,
    /// Log pane: scroll sideways.
    Left,
    Right,
    Quit,
}

/// Key, what it shows in help, action. Order is the help screen's order.
pub const KEYS: &[(&str, &str, Action)] = &[
    ("j / ↓", "move down", Action::Down),
    ("k / ↑", "move up", Action::Up),
    (
        "Tab",
        "switch pane (steps, logs, timeline)",
        Action::NextPane,
    ),
    ("s", "start the selected step", Action::Start),
    ("d", "mark the selected step done", Action::Done),
    ("x", "skip the selected step (asks a reason)", Action::Skip),
    (
        "r",
        "reopen the selected step (asks a reason)",
        Action::Reopen,
    ),
    ("a", "answer the selected decision", Action::Answer),
    ("i", "see or set the playbook's inputs", Action::Inputs),
    ("n", "add a note to the timeline", Action::Note),
    (
        "e",
        "run the step's command: shown in full, asked, recorded",
        Action::Run,
    ),
    ("K", "stop the command running (Ctrl-C too)", Action::Kill),
    (
        "Y",
        "approve or refuse a step that needs a second person",
        Action::Approve,
    ),
    (
        "o",
        "assign the selected step to a responder",
        Action::Assign,
    ),
    ("m", "only my steps (assigned to me) / all", Action::Mine),
    (
        "O",
        "take a role (commander…) or hand yours over",
        Action::Roles,
    ),
    (
        "E",
        "timeline: correct the entry in view (the original stays)",
        Action::Correct,
    ),
    (
        "c",
        "copy the step's command, or its whole block (OSC 52)",
        Action::Copy,
    ),
    (
        "/",
        "search the log pane (ignores case; n older match, N newer)",
        Action::Search,
    ),
    (
        "N",
        "newer search match (n: older, in the log pane while searching)",
        Action::PrevMatch,
    ),
    ("F", "filter the log pane", Action::Filter),
    ("f", "follow / pause the log pane", Action::Follow),
    (
        "z",
        "log pane: show a repeated syslog prefix once per run",
        Action::Compact,
    ),
    ("w", "log pane: wrap long lines (or cut them)", Action::Wrap),
    ("← / →", "log pane: scroll sideways", Action::Left),
    ("PgUp", "page up in the focused pane", Action::PageUp),
    ("PgDn", "page down in the focused pane", Action::PageDown),
    ("Ctrl-U", "half a page up", Action::HalfUp),
    ("Ctrl-D", "half a page down", Action::HalfDown),
    ("g / Home", "the top: oldest line, first step", Action::Top),
    (
        "G / End",
        "the bottom: newest line (following again), last step",
        Action::Newest,
    ),
    ("p", "pin the selected log line as evidence", Action::Pin),
    ("v", "view a cut-off line or step in full", Action::View),
    ("S", "change the incident status", Action::Status),
    ("V", "change the severity", Action::Severity),
    ("T", "rename the incident (recorded)", Action::Rename),
    (
        "U",
        "add a follow-up action item (owner, due date)",
        Action::FollowUp,
    ),
    ("L", "add a log file to follow", Action::AddLog),
    ("!", "register a leaked value to scrub", Action::Leaked),
    ("A", "review a command not started", Action::Allow),
    ("I", "switch to another open incident", Action::Incidents),
    ("D", "declare an incident (home screen)", Action::Declare),
    ("R", "rehearse: start a drill (home screen)", Action::Drill),
    ("M", "the status line's messages, again", Action::Messages),
    ("?", "this help", Action::Help),
    ("q", "quit", Action::Quit),
];

/// The action a key press means outside dialogs.
pub fn action(key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('u') => Some(Action::HalfUp),
            KeyCode::Char('d') => Some(Action::HalfDown),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Tab => Action::NextPane,
        KeyCode::Char('s') => Action::Start,
        KeyCode::Char('d') => Action::Done,
        KeyCode::Char('x') => Action::Skip,
        KeyCode::Char('r') => Action::Reopen,
        KeyCode::Char('a') => Action::Answer,
        KeyCode::Char('n') => Action::Note,
        KeyCode::Char('c') => Action::Copy,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('F') => Action::Filter,
        KeyCode::Char('f') => Action::Follow,
        KeyCode::Char('G') | KeyCode::End => Action::Newest,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('p') => Action::Pin,
        KeyCode::Char('v') => Action::View,
        KeyCode::Char('S') => Action::Status,
        KeyCode::Char('V') => Action::Severity,
        KeyCode::Char('T') => Action::Rename,
        KeyCode::Char('U') => Action::FollowUp,
        KeyCode::Char('e') => Action::Run,
        KeyCode::Char('K') => Action::Kill,
        KeyCode::Char('Y') => Action::Approve,
        KeyCode::Char('o') => Action::Assign,
        KeyCode::Char('m') => Action::Mine,
        KeyCode::Char('O') => Action::Roles,
        KeyCode::Char('E') => Action::Correct,
        KeyCode::Char('I') => Action::Incidents,
        KeyCode::Char('z') => Action::Compact,
        KeyCode::Char('w') => Action::Wrap,
        KeyCode::Char('i') => Action::Inputs,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::Char('L') => Action::AddLog,
        KeyCode::Char('!') => Action::Leaked,
        KeyCode::Char('A') => Action::Allow,
        KeyCode::Char('D') => Action::Declare,
        KeyCode::Char('R') => Action::Drill,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('M') => Action::Messages,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_in_the_table_is_reachable_by_its_key() {
        for (label, _, act) in KEYS {
            let first = label.split(" / ").next().unwrap();
            let (code, mods) = match first {
                "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "PgUp" => (KeyCode::PageUp, KeyModifiers::NONE),
                "PgDn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "←" => (KeyCode::Left, KeyModifiers::NONE),
                c if c.starts_with("Ctrl-") => (
                    KeyCode::Char(c[5..].to_ascii_lowercase().chars().next().unwrap()),
                    KeyModifiers::CONTROL,
                ),
                c if c.chars().count() == 1 => {
                    (KeyCode::Char(c.chars().next().unwrap()), KeyModifiers::NONE)
                }
                other => panic!("unparsed key label {other}"),
            };
            assert_eq!(action(KeyEvent::new(code, mods)), Some(*act), "{label}");
        }
    }
}
