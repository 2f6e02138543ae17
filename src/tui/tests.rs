//! Screens rendered into a `TestBackend` and compared with snapshots
//! (`cargo insta review` after an intended change).

use super::app::{App, Dialog, HeldCommand, Msg, PlaybookRow, TextFor, TimelineRow};
use super::field::Field;
use super::view::{Theme, draw, wrap, wrap_words};
use crate::app::Summary;
use crate::incident::{Actor, Event, EventKind, IncidentState, Status};
use crate::playbook::{Library, Severity, bundled_files};
use crate::tail::{Event as LogEvent, Line};
use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
}

const COLOR: Theme = Theme {
    color: true,
    ascii: false,
};

fn playbooks() -> Vec<PlaybookRow> {
    let (lib, _) = Library::bundled();
    lib.entries()
        .map(|e| PlaybookRow::of(&e.playbook))
        .collect()
}

fn ev(seq: u64, minutes: i64, who: &str, kind: EventKind) -> Event {
    Event {
        seq,
        at: t0() + Duration::minutes(minutes),
        actor: Actor::account(who),
        kind,
    }
}

/// A bundled playbook's incident, declared at t0 and nothing more: its
/// state and its one event.
fn declared(playbook: &str, title: &str, severity: Severity) -> (IncidentState, Event) {
    let (lib, _) = Library::bundled();
    let pb = Arc::new(lib.get(playbook).unwrap().playbook.clone());
    let first = ev(
        1,
        0,
        "alice",
        EventKind::Declared {
            playbook: pb.id.clone(),
            playbook_sha256: "0".repeat(64),
            title: title.into(),
            severity,
            inputs: BTreeMap::new(),
            drill: false,
            speed: 1,
        },
    );
    let state = IncidentState::fold(1, pb, std::slice::from_ref(&first)).unwrap();
    (state, first)
}

/// The emergency rollback, declared at t0 and nothing more.
fn rollback(title: &str) -> (IncidentState, Event) {
    declared("execution-plane-emergency", title, Severity::P0)
}

/// A secret-leak incident twelve minutes in: some steps done, one in
/// progress, a decision answered, a note, and a few log lines.
fn incident_app(title: &str, drill: bool) -> App {
    let (lib, _) = Library::bundled();
    let pb = Arc::new(lib.get("secret-leak").unwrap().playbook.clone());
    let _ = bundled_files();
    let events = vec![
        ev(
            1,
            0,
            "alice",
            EventKind::Declared {
                playbook: "secret-leak".into(),
                playbook_sha256: "0".repeat(64),
                title: title.into(),
                severity: Severity::P1,
                inputs: BTreeMap::new(),
                drill,
                speed: if drill { 60 } else { 1 },
            },
        ),
        ev(
            2,
            1,
            "alice",
            EventKind::StepStarted {
                step: "assess-scope".into(),
                override_reason: None,
                note: None,
            },
        ),
        ev(
            3,
            4,
            "alice",
            EventKind::StepDone {
                step: "assess-scope".into(),
                override_reason: None,
                note: None,
            },
        ),
        ev(
            4,
            5,
            "bob",
            EventKind::Answered {
                step: "github-token-leaked".into(),
                choice: "yes".into(),
                note: None,
                override_reason: None,
            },
        ),
        ev(
            5,
            6,
            "bob",
            EventKind::StatusChanged {
                from: Status::Declared,
                to: Status::Investigating,
            },
        ),
        ev(
            6,
            7,
            "carol",
            EventKind::StepStarted {
                step: "revoke-github-token".into(),
                override_reason: Some("token abused now".into()),
                note: None,
            },
        ),
        ev(
            7,
            8,
            "bob",
            EventKind::NoteAdded {
                text: "401 burst from 203.0.113.7 stopped".into(),
                step: None,
            },
        ),
    ];
    let state = IncidentState::fold(1, pb, &events).unwrap();
    let rows = events
        .iter()
        .map(|e| TimelineRow::of(e, &state.playbook))
        .collect();
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::minutes(12));
    app.update(Msg::Loaded(Box::new(state), rows));
    for (i, text) in [
        "Nov 23 03:10:01 web-1 nanoclaw[812]: 401 auth denied for token=[REDACTED:github-token] from 203.0.113.7",
        "Nov 23 03:10:02 web-1 nanoclaw[812]: cockpit login ok user=ops",
        "Nov 23 03:10:05 web-1 nanoclaw[812]: restart requested by systemd",
    ]
    .iter()
    .enumerate()
    {
        let _ = i;
        app.update(Msg::Log(LogEvent::Line(Line { source: "nanoclaw".into(), text: text.to_string() })));
    }
    app
}

fn render(app: &App, theme: &Theme, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, app, theme)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn home_screen_lists_the_playbooks() {
    let app = App::new(playbooks(), "alice".into(), t0());
    insta::assert_snapshot!(render(&app, &COLOR, 80, 24));
}

#[test]
fn picker_lists_open_incidents() {
    let mut app = App::new(playbooks(), "alice".into(), t0());
    let item = |id: &str, title: &str, drill| Summary {
        id: id.into(),
        title: title.into(),
        playbook: "secret-leak".into(),
        severity: Severity::P1,
        status: Status::Investigating,
        drill,
        declared_at: t0(),
        declared_by: "alice".into(),
    };
    app.update(Msg::Incidents(vec![
        item("INC-3", "GitHub token in CI logs", false),
        item("INC-4", "Rehearsal", true),
    ]));
    insta::assert_snapshot!(render(&app, &COLOR, 80, 24));
    insta::assert_snapshot!("picker_60x18", render(&app, &COLOR, 60, 18));
    insta::assert_snapshot!("picker_200x60", render(&app, &COLOR, 200, 60));
}

/// The playbook list reached with D from inside an incident, at the three
/// sizes: it says the incident stays open and Esc goes back to it.
#[test]
fn the_playbook_list_from_inside_an_incident_at_three_sizes() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = incident_app("GitHub token in CI logs", false);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('D'),
        KeyModifiers::NONE,
    )));
    for (w, h) in [(60, 18), (80, 24), (200, 60)] {
        insta::assert_snapshot!(
            format!("declare_from_incident_{w}x{h}"),
            render(&app, &COLOR, w, h)
        );
    }
}

#[test]
fn incident_at_80x24() {
    insta::assert_snapshot!(render(
        &incident_app("GitHub token in CI logs", false),
        &COLOR,
        80,
        24
    ));
}

#[test]
fn incident_at_200x60() {
    insta::assert_snapshot!(render(
        &incident_app("GitHub token in CI logs", false),
        &COLOR,
        200,
        60
    ));
}

#[test]
fn incident_degrades_at_60x18_without_panicking() {
    insta::assert_snapshot!(render(
        &incident_app("GitHub token in CI logs", false),
        &COLOR,
        60,
        18
    ));
    // Smaller still must not panic.
    for (w, h) in [(40, 10), (20, 5), (1, 1)] {
        render(&incident_app("x", false), &COLOR, w, h);
    }
}

#[test]
fn drill_with_a_long_wide_title_in_ascii() {
    let app = incident_app(
        "漏洩した GitHub トークン in CI logs and a title far too long to fit on one line",
        true,
    );
    let screen = render(
        &app,
        &Theme {
            color: false,
            ascii: true,
        },
        80,
        24,
    );
    // `LANG=C` over SSH: nothing but ASCII may reach the terminal.
    assert!(screen.is_ascii(), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn dialogs() {
    let mut app = incident_app("GitHub token in CI logs", false);
    app.dialog = Some(Dialog::Help { top: 0 });
    insta::assert_snapshot!("help", render(&app, &COLOR, 80, 24));
    app.dialog = Some(Dialog::Text { purpose: TextFor::Note, input: "第一行 wide characters wrap by display width, not by bytes: 警告警告警告警告警告警告警告警告\nsecond line".into() });
    insta::assert_snapshot!("note", render(&app, &COLOR, 80, 24));
    app.dialog = Some(Dialog::Text {
        purpose: TextFor::Leaked,
        input: "hunter2-prod".into(),
    });
    let leaked = render(&app, &COLOR, 80, 24);
    assert!(!leaked.contains("hunter2"), "a leaked value is never shown");
    insta::assert_snapshot!("leaked", leaked);
}

#[test]
fn wrapping_counts_display_width() {
    assert_eq!(wrap("警告警告", 4), vec!["警告", "警告"]);
    assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
}

#[test]
fn keys_drive_the_state_without_a_terminal() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    // Step 1 is done: `s` asks the store, which would refuse; the app just emits.
    assert_eq!(app.update(key('s')).len(), 1);
    app.update(key('j'));
    assert_eq!(app.selected, 1);
    // `x` asks for a reason; an empty reason records nothing.
    app.update(key('x'));
    assert!(matches!(app.dialog, Some(Dialog::Text { .. })));
    assert!(
        app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
            .is_empty()
    );
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("reason"))
    );
    // `?` opens help, Esc closes it.
    app.update(key('?'));
    assert_eq!(app.dialog, Some(Dialog::Help { top: 0 }));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_eq!(app.dialog, None);
    assert_eq!(app.update(key('q')), vec![super::app::Effect::Quit]);
}

#[test]
fn declaring_from_home_asks_the_playbook_inputs() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code| app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    let mut app = App::new(playbooks(), "alice".into(), t0());
    let at = app
        .playbooks
        .iter()
        .position(|p| p.id == "secret-rotation-routine")
        .unwrap();
    app.home_selected = at;
    press(&mut app, KeyCode::Char('D'));
    assert!(matches!(
        app.dialog,
        Some(Dialog::Text {
            purpose: TextFor::Title(_),
            ..
        })
    ));
    // Title accepted as proposed; then a free-text input, then one with choices.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.dialog,
        Some(Dialog::Text {
            purpose: TextFor::Input(_),
            ..
        })
    ));
    // Each input shows its question, not its id.
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("Which secret is being rotated"), "{screen}");
    for c in "PROXY_JWT_SECRET".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.dialog, Some(Dialog::Choose { .. })));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("Which secret store holds it?"), "{screen}");
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Enter);
    match effects.as_slice() {
        [
            super::app::Effect::Declare {
                playbook, inputs, ..
            },
        ] => {
            assert_eq!(playbook, "secret-rotation-routine");
            assert_eq!(
                inputs.get("secret-name").map(String::as_str),
                Some("PROXY_JWT_SECRET")
            );
            assert_eq!(
                inputs.get("secret-store").map(String::as_str),
                Some("vault")
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Every dialog, at both sizes the issue names.
#[test]
fn every_dialog_at_80x24_and_200x60() {
    use super::app::{ChooseFor, ReasonFor};
    let dialogs = [
        ("help", Dialog::Help { top: 0 }),
        (
            "reason",
            Dialog::Text {
                purpose: TextFor::Reason(ReasonFor::Skip("assess-scope".into())),
                input: "vendor already rotated it".into(),
            },
        ),
        (
            "force",
            Dialog::Text {
                purpose: TextFor::Reason(ReasonFor::ForceStart("rotate-all".into())),
                input: Field::default(),
            },
        ),
        (
            "note",
            Dialog::Text {
                purpose: TextFor::Note,
                input: "first line\nsecond line 警告".into(),
            },
        ),
        (
            "search",
            Dialog::Text {
                purpose: TextFor::Search,
                input: "401".into(),
            },
        ),
        (
            "filter",
            Dialog::Text {
                purpose: TextFor::Filter,
                input: "nanoclaw".into(),
            },
        ),
        (
            "add-log",
            Dialog::Text {
                purpose: TextFor::AddLog,
                input: "/var/log/syslog".into(),
            },
        ),
        (
            "title",
            Dialog::Text {
                purpose: TextFor::Title("secret-leak".into()),
                input: "Secret or credential leak".into(),
            },
        ),
        (
            "input",
            Dialog::Text {
                purpose: TextFor::Input("secret-name".into()),
                input: "PROXY_JWT_SECRET".into(),
            },
        ),
        (
            "answer",
            Dialog::Choose {
                purpose: ChooseFor::Answer("in-git".into()),
                options: vec!["yes".into(), "no".into()],
                selected: 1,
            },
        ),
        (
            "status",
            Dialog::Choose {
                purpose: ChooseFor::Status,
                options: Status::ALL.iter().map(|s| s.to_string()).collect(),
                selected: 2,
            },
        ),
        (
            "severity",
            Dialog::Choose {
                purpose: ChooseFor::Severity,
                options: Severity::ALL.iter().map(|s| s.to_string()).collect(),
                selected: 0,
            },
        ),
        ("allow", Dialog::Allow(held("tail -F /var/log/disk.log"))),
        (
            "rename",
            Dialog::Text {
                purpose: TextFor::Rename,
                input: Field::prefilled("GitHub token in CI logs"),
            },
        ),
        (
            "copy",
            Dialog::Choose {
                purpose: super::app::ChooseFor::Copy,
                options: vec![
                    "the whole block as one script (3 lines)".into(),
                    "gh auth refresh".into(),
                    "gh secret set GH_TOKEN".into(),
                ],
                selected: 0,
            },
        ),
        (
            "quit_drill",
            Dialog::Choose {
                purpose: super::app::ChooseFor::QuitDrill,
                options: vec![
                    "end the drill now and show its score".into(),
                    "quit and leave the drill running".into(),
                    "stay".into(),
                ],
                selected: 2,
            },
        ),
        (
            "confirm_run",
            Dialog::ConfirmRun {
                text: "git filter-repo --path .env --invert-paths\n\nshell /bin/bash (login) · in /srv/app · as alice · timeout 5m\nfrom bundled playbook `secret-leak` (secret-leak.toml)\napproved by a second account (needed: rewrites history everyone has pulled)".into(),
            },
        ),
        (
            "approve",
            Dialog::Choose {
                purpose: super::app::ChooseFor::Approve("purge-git-history".into()),
                options: vec![
                    "approve (a reason is optional)".into(),
                    "refuse (asks a reason)".into(),
                    "cancel".into(),
                ],
                selected: 0,
            },
        ),
        (
            "messages",
            Dialog::Show {
                title: " Messages ".into(),
                text: "03:10:01 note added\n03:10:05 ! step `assess-scope` is done already".into(),
                top: 0,
            },
        ),
    ];
    for (name, dialog) in dialogs {
        let mut app = incident_app("GitHub token in CI logs", false);
        app.dialog = Some(dialog);
        insta::assert_snapshot!(format!("dialog_{name}_60x18"), render(&app, &COLOR, 60, 18));
        insta::assert_snapshot!(format!("dialog_{name}_80x24"), render(&app, &COLOR, 80, 24));
        insta::assert_snapshot!(
            format!("dialog_{name}_200x60"),
            render(&app, &COLOR, 200, 60)
        );
    }
}

/// A fresh incident: nothing done, no logs, a one-line timeline.
#[test]
fn empty_states() {
    let (state, first) = rollback("Unauthorized action job");
    let rows = vec![TimelineRow::of(&first, &state.playbook)];
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::seconds(20));
    app.update(Msg::Loaded(Box::new(state), rows));
    insta::assert_snapshot!("empty_80x24", render(&app, &COLOR, 80, 24));
    insta::assert_snapshot!("empty_200x60", render(&app, &COLOR, 200, 60));
    let home = App::new(Vec::new(), "alice".into(), t0());
    insta::assert_snapshot!("home_without_playbooks", render(&home, &COLOR, 80, 24));
}

/// Presence: who else has the incident open, with the step each has
/// selected, in the Steps title; names that do not fit are counted.
#[test]
fn peers_show_in_the_steps_title() {
    use crate::app::live::Peer;
    let mut app = incident_app("GitHub token in CI logs", false);
    let peer = |name: &str, account: &str, step: Option<&str>| Peer {
        actor: Actor::named(name, account),
        step: step.map(str::to_string),
    };
    app.update(Msg::Peers(vec![
        peer("bob", "bob", Some("revoke-github-token")),
        peer("carol", "oncall", None),
    ]));
    let screen = render(&app, &COLOR, 80, 24);
    let title = screen.lines().nth(2).unwrap();
    // Carol's started revoke-github-token waits for a second person: at
    // 80 columns the names give way to their count, wider they show.
    assert!(title.contains("Steps · 1 to OK · here: +2"), "{title}");
    let wide = render(&app, &COLOR, 200, 60);
    let title = wide.lines().nth(2).unwrap();
    assert!(
        title.contains("Steps · 1 to OK · here: bob 9, carol"),
        "{title}"
    );

    let many: Vec<Peer> = ["dave", "erin", "frank", "grace", "heidi", "ivan"]
        .iter()
        .map(|n| peer(n, n, Some("assess-scope")))
        .collect();
    app.update(Msg::Peers(many));
    let screen = render(&app, &COLOR, 80, 24);
    let title = screen.lines().nth(2).unwrap();
    assert!(title.contains(" +6"), "counted when none fits: {title}");
    insta::assert_snapshot!(screen);
    let wide = render(&app, &COLOR, 120, 30);
    let title = wide.lines().nth(2).unwrap();
    assert!(title.contains("here: dave 1"), "{title}");
    assert!(title.contains(" +"), "the rest are counted: {title}");

    app.update(Msg::Peers(vec![]));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(
        screen
            .lines()
            .nth(2)
            .unwrap()
            .contains("Steps · 1 to approve (Y) ─")
    );
}

/// `R` on the home screen rehearses the selected playbook: a speed, a
/// title proposed as "Drill: …", then the usual inputs; `D` afterwards is
/// a real declaration again.
#[test]
fn rehearsing_from_home_declares_a_drill_at_the_chosen_speed() {
    use super::app::Effect;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code| app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.home_selected = app
        .playbooks
        .iter()
        .position(|p| p.id == "token-compromise")
        .unwrap();
    press(&mut app, KeyCode::Char('R'));
    assert!(matches!(
        &app.dialog,
        Some(Dialog::Choose { options, selected: 2, .. }) if options[2] == "60x"
    ));
    insta::assert_snapshot!(render(&app, &COLOR, 80, 24));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        &app.dialog,
        Some(Dialog::Text { purpose: TextFor::Title(_), input }) if input.starts_with("Drill: ")
    ));
    let mut effects = press(&mut app, KeyCode::Enter);
    // Any playbook inputs: take the first choice or leave free text empty.
    while effects.is_empty() && app.dialog.is_some() {
        effects = press(&mut app, KeyCode::Enter);
    }
    assert!(
        matches!(effects.as_slice(), [Effect::Declare { playbook, drill: Some(120), .. }] if playbook == "token-compromise"),
        "{effects:?}"
    );

    press(&mut app, KeyCode::Char('D'));
    let mut effects = press(&mut app, KeyCode::Enter);
    while effects.is_empty() && app.dialog.is_some() {
        effects = press(&mut app, KeyCode::Enter);
    }
    assert!(
        matches!(effects.as_slice(), [Effect::Declare { drill: None, .. }]),
        "{effects:?}"
    );
}

/// `v` shows what a pane cuts off: the newest log line in full (wrapped),
/// and the selected step with its commands.
#[test]
fn v_views_a_cut_line_in_full() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code| app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    let mut app = incident_app("GitHub token in CI logs", false);
    let long = "nanoclaw[4182]: WARN http: 401 auth denied x47 in 60s from 203.0.113.7, last header Authorization: [REDACTED:bearer-token] (end of line)";
    app.update(Msg::Log(LogEvent::Line(Line {
        source: "nanoclaw".into(),
        text: long.into(),
    })));
    press(&mut app, KeyCode::Tab); // logs
    press(&mut app, KeyCode::Char('v'));
    assert!(
        matches!(&app.dialog, Some(Dialog::Show { text, .. }) if text == long),
        "{:?}",
        app.dialog
    );
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("(end of line)"), "{screen}");
    insta::assert_snapshot!(screen);
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());

    press(&mut app, KeyCode::Tab); // timeline
    press(&mut app, KeyCode::Tab); // steps
    press(&mut app, KeyCode::Char('v'));
    assert!(
        matches!(&app.dialog, Some(Dialog::Show { title, text, .. }) if title.contains("assess-scope") && text.contains("\n$ ")),
        "{:?}",
        app.dialog
    );
}

/// War rooms share screens: a token pasted into a note shows as its
/// marker while it is typed, before anything is recorded.
#[test]
fn a_secret_typed_into_a_note_is_masked_before_enter() {
    let mut app = incident_app("GitHub token in CI logs", false);
    let token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    app.dialog = Some(Dialog::Text {
        purpose: TextFor::Note,
        input: format!("rotated {token} at 03:12").into(),
    });
    let unmasked = render(&app, &COLOR, 80, 24);
    assert!(
        unmasked.contains("ghp_0123"),
        "the harness sees the raw text without a redactor"
    );
    app.redactor = Some(Arc::new(crate::redact::Redactor::builtin()));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(!screen.contains("ghp_0123"), "{screen}");
    assert!(
        screen.contains("rotated [REDACTED:github-token] at 03:12"),
        "{screen}"
    );
}

/// Playbook text is shown through the redactor too: a runbook that quotes
/// a live token by mistake does not put it on every screen.
#[test]
fn playbook_text_is_shown_cleaned() {
    let (lib, _) = Library::bundled();
    let mut pb = lib.get("secret-leak").unwrap().playbook.clone();
    let token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    pb.steps[0].title = format!("Revoke {token}");
    pb.steps[0].commands = vec![format!("gh auth login --with-token {token}")];
    let red = crate::redact::Redactor::builtin();
    let shown = pb.cleaned(&|t| red.clean_text(t));
    assert_eq!(shown.steps[0].title, "Revoke [REDACTED:github-token]");
    assert!(!shown.steps[0].commands[0].contains("ghp_0123"));
    // What steers the incident stays as written.
    assert_eq!(shown.steps[0].id, pb.steps[0].id);
    assert_eq!(
        shown.inputs,
        pb.inputs
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.prompt = red.clean_text(&i.prompt);
                i
            })
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_steps_pane_shows_the_account_beside_a_different_display_name() {
    let (lib, _) = Library::bundled();
    let pb = Arc::new(lib.get("secret-leak").unwrap().playbook.clone());
    let mut events = vec![ev(
        1,
        0,
        "alice",
        EventKind::Declared {
            playbook: "secret-leak".into(),
            playbook_sha256: "0".repeat(64),
            title: "t".into(),
            severity: Severity::P1,
            inputs: BTreeMap::new(),
            drill: false,
            speed: 1,
        },
    )];
    events.push(Event {
        seq: 2,
        at: t0() + Duration::minutes(1),
        actor: Actor::named("carol", "oncall"),
        kind: EventKind::StepStarted {
            step: "assess-scope".into(),
            override_reason: None,
            note: None,
        },
    });
    let state = IncidentState::fold(1, pb, &events).unwrap();
    let rows = events
        .iter()
        .map(|e| TimelineRow::of(e, &state.playbook))
        .collect();
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::minutes(2));
    app.update(Msg::Loaded(Box::new(state), rows));
    let screen = render(&app, &COLOR, 200, 60);
    let step_row = screen
        .lines()
        .find(|l| l.contains("Assess") && l.contains("carol"))
        .unwrap_or_else(|| panic!("no step row names carol:\n{screen}"));
    assert!(step_row.contains("carol (oncall)"), "{step_row}");
}

/// A held command as the console would give it to the app.
fn held(script: &str) -> HeldCommand {
    HeldCommand {
        sha256: format!("{:064x}", script.len()),
        shown: format!("sh -c '{script}'"),
        argv: vec!["sh".into(), "-c".into(), script.into()],
        playbook: "playbook `disk-full`".into(),
        why: "not a bundled playbook".into(),
        origin: "playbook `disk-full` from /home/alice/pb/disk-full.toml, stored in INC-1 by alice (not a bundled playbook)".into(),
        masked: false,
    }
}

fn key(app: &mut App, c: char) -> Vec<super::app::Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// A held command is named in the log pane's title; A shows it in full
/// with its origin and the account it would run as; only y allows it.
#[test]
fn a_held_command_is_reviewed_with_a_and_runs_only_on_y() {
    use super::app::Effect;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = incident_app("Disk full", false);
    app.account = "bob".into();
    assert!(key(&mut app, 'A').is_empty());
    assert!(app.dialog.is_none());
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(t, _)| t.contains("no playbook command is waiting")),
        "{:?}",
        app.flash
    );

    let (one, two) = (held("tail -F /var/log/disk.log"), held("touch /tmp/x"));
    app.update(Msg::Held(vec![one.clone(), two.clone()]));
    let screen = render(&app, &COLOR, 200, 60);
    assert!(screen.contains("2 commands not started: A"), "{screen}");

    assert!(key(&mut app, 'A').is_empty());
    assert_eq!(app.dialog, Some(Dialog::Allow(one.clone())));
    let screen = render(&app, &COLOR, 80, 24);
    for needle in [
        "Run a playbook command?",
        "runs now as bob",
        " 0  sh",
        " 1  -c",
        " 2  tail -F /var/log/disk.log",
        "INC-1 by alice",
        "y: run it, and remember",
    ] {
        assert!(screen.contains(needle), "{needle}:\n{screen}");
    }
    // Keys other than y and n change nothing; Enter does not allow.
    for code in [KeyCode::Enter, KeyCode::Char('s'), KeyCode::Char('q')] {
        let effects = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        assert!(effects.is_empty(), "{code:?}: {effects:?}");
        assert_eq!(app.dialog, Some(Dialog::Allow(one.clone())), "{code:?}");
    }
    // n keeps it stopped and shows the next one; y on that allows it.
    assert!(key(&mut app, 'n').is_empty());
    assert_eq!(app.dialog, Some(Dialog::Allow(two.clone())));
    assert_eq!(
        key(&mut app, 'y'),
        vec![Effect::AllowCommand(two.sha256.clone())]
    );
    assert!(app.dialog.is_none());
    // Esc declines without moving on.
    key(&mut app, 'A');
    assert!(
        app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)))
            .is_empty()
    );
    assert!(app.dialog.is_none());
    // Once nothing is held, the title says nothing and an open dialog on
    // a command no longer held closes.
    key(&mut app, 'A');
    app.update(Msg::Held(vec![two.clone()]));
    assert!(app.dialog.is_none());
    app.update(Msg::Held(vec![]));
    assert!(!render(&app, &COLOR, 200, 60).contains("not started"));
}

/// The log pane's line for a held command says what, from where, and the key.
#[test]
fn the_not_started_line_names_the_command_the_playbook_and_the_key() {
    assert_eq!(
        held("touch /tmp/x").not_started_line(),
        "not started: `sh -c 'touch /tmp/x'` from playbook `disk-full` (not a bundled playbook) — press A to review and allow"
    );
}

#[test]
fn prose_wraps_at_spaces_and_cuts_only_words_too_long_for_a_line() {
    assert_eq!(
        wrap_words("runs now as bob, and again", 12),
        ["runs now as", "bob, and", "again"]
    );
    assert_eq!(
        wrap_words("a /very/long/path/name b", 8),
        ["a", "/very/lo", "ng/path/", "name b"]
    );
    assert_eq!(wrap_words("one\ntwo", 20), ["one", "two"]);
}

/// A value registered as leaked after a command was held is scrubbed from
/// what the review shows, the open dialog included.
#[test]
fn a_leaked_value_is_scrubbed_from_held_commands() {
    let secret = "hunter2-but-much-longer-4711";
    let mut app = incident_app("Disk full", false);
    let h = held(&format!("curl -u ops:{secret} https://x"));
    app.update(Msg::Held(vec![h.clone()]));
    app.dialog = Some(Dialog::Allow(h));
    assert!(render(&app, &COLOR, 200, 60).contains(secret));
    let mut red = crate::redact::Redactor::builtin();
    red.register_literal(secret).unwrap();
    app.update(Msg::Rescrub(Arc::new(red)));
    let screen = render(&app, &COLOR, 200, 60);
    assert!(!screen.contains(secret), "{screen}");
    assert!(!app.held[0].shown.contains(secret));
    assert!(app.held[0].argv.iter().all(|a| !a.contains(secret)));
}

/// A log line open in full when its value is registered as leaked (by
/// this responder or another on the database) is scrubbed in the open
/// view too, not only in the pane behind it; so is a command awaiting y/n.
#[test]
fn a_leaked_value_is_scrubbed_from_an_open_view() {
    let secret = "Zx9QwErTy7UiOp-4711";
    let mut app = incident_app("t", false);
    app.dialog = Some(Dialog::Show {
        title: " Log line from app.log ".into(),
        text: format!("session opened for alice, value {secret}"),
        top: 0,
    });
    assert!(render(&app, &COLOR, 120, 40).contains(secret));
    let mut red = crate::redact::Redactor::builtin();
    red.register_literal(secret).unwrap();
    let red = Arc::new(red);
    app.update(Msg::Rescrub(red.clone()));
    let screen = render(&app, &COLOR, 120, 40);
    assert!(!screen.contains(secret), "{screen}");
    assert!(screen.contains("[REDACTED:literal]"), "{screen}");
    app.dialog = Some(Dialog::ConfirmRun {
        text: format!("psql -c \"select '{secret}'\""),
    });
    app.flash = Some((format!("alice noted: {secret}"), false));
    app.messages
        .push((app.now, format!("alice noted: {secret}"), false));
    app.update(Msg::Rescrub(red));
    let screen = render(&app, &COLOR, 120, 40);
    assert!(!screen.contains(secret), "{screen}");
    assert!(app.messages.iter().all(|(_, m, _)| !m.contains(secret)));
}

#[test]
fn a_paste_is_text_in_a_field_and_nothing_outside_one() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    let before = app.selected;
    // Outside a field: nothing runs, and the responder is told.
    assert!(app.update(Msg::Paste("d\ns\nx".into())).is_empty());
    assert_eq!(app.dialog, None);
    assert_eq!(app.selected, before);
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, _)| m.contains("paste ignored"))
    );
    // Into a note: whole, its lines kept, nothing submitted until Enter.
    app.update(key(KeyCode::Char('n')));
    assert!(
        app.update(Msg::Paste("first d\r\nsecond s\nthird".into()))
            .is_empty()
    );
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(effects.len(), 1, "{effects:?}");
    match &effects[0] {
        super::app::Effect::Apply(crate::incident::Command::Note { text, .. }) => {
            assert_eq!(text, "first d\nsecond s\nthird");
        }
        other => panic!("not a note: {other:?}"),
    }
    // Into a one-line field: joined into one line.
    app.update(key(KeyCode::Char('/')));
    app.update(Msg::Paste("auth\nfailed".into()));
    match &app.dialog {
        Some(Dialog::Text { input, .. }) => assert_eq!(input.text(), "auth failed"),
        other => panic!("no text field: {other:?}"),
    }
}

/// The rollback's clocks, 31 seconds in (Disable missed, Verify due in
/// 29 s): every one whole at 80x24, nearest deadline first; at 60x18 the
/// nearest ones still whole.
#[test]
fn every_countdown_shows_whole_nearest_first() {
    let (state, first) = rollback("Unauthorized action job");
    let rows = vec![TimelineRow::of(&first, &state.playbook)];
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::seconds(31));
    app.update(Msg::Loaded(Box::new(state), rows));
    let at_80 = render(&app, &COLOR, 80, 24);
    let bar: String = at_80.lines().skip(1).take(2).collect::<Vec<_>>().join("\n");
    for clock in ["+00:00:01", "00:00:29", "00:04:29"] {
        assert!(bar.contains(clock), "{clock} not whole at 80x24:\n{bar}");
    }
    let (missed, verify) = (
        bar.find("+00:00:01").unwrap(),
        bar.find("00:00:29").unwrap(),
    );
    assert!(missed < verify, "nearest deadline first:\n{bar}");
    insta::assert_snapshot!("rollback_clocks_80x24", at_80);
    let at_60 = render(&app, &COLOR, 60, 18);
    let bar = at_60.lines().nth(1).unwrap();
    for clock in ["+00:00:01", "00:00:29"] {
        assert!(bar.contains(clock), "{clock} not whole at 60x18:\n{bar}");
    }
    insta::assert_snapshot!("rollback_clocks_60x18", at_60);
}

/// Scrolling up a log pane fills it (no blank rows under the cursor), g
/// goes to the oldest line, PgDn pages, and G follows the newest again.
#[test]
fn a_scrolled_log_pane_stays_full_and_pages() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.logs = crate::tail::Ring::new(1000);
    for i in 0..50 {
        app.update(Msg::Log(LogEvent::Line(Line {
            source: "app".into(),
            text: format!("line {i:02}"),
        })));
    }
    app.update(key(KeyCode::Tab)); // steps → logs
    let rows = 12;
    let _ = app.log_window(rows); // a frame: the pane's size is known
    for _ in 0..20 {
        app.update(key(KeyCode::Up));
    }
    let (window, cursor) = app.log_window(rows);
    assert_eq!(window.len(), rows, "the pane stays full");
    assert_eq!(window[cursor.unwrap()].text, "line 29");
    assert!(!app.follow);
    app.update(key(KeyCode::Char('g')));
    let (window, cursor) = app.log_window(rows);
    assert_eq!(window[cursor.unwrap()].text, "line 00");
    assert_eq!(window.len(), rows);
    app.update(key(KeyCode::PageDown));
    let (window, cursor) = app.log_window(rows);
    assert_eq!(
        window[cursor.unwrap()].text,
        format!("line {:02}", rows - 1)
    );
    app.update(key(KeyCode::Char('G')));
    assert!(app.follow);
    let (window, cursor) = app.log_window(rows);
    assert_eq!(window[cursor.unwrap()].text, "line 49");
}

/// A scrolled timeline keeps its place when entries arrive, counts them
/// in its title, and highlights the entry under its cursor.
#[test]
fn a_scrolled_timeline_counts_what_arrives_and_highlights_its_cursor() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab)); // → timeline
    app.update(key(KeyCode::Up));
    let before = app.timeline[app.timeline.len() - 2].text.clone();
    let state = app.incident.clone().unwrap();
    let mut rows = app.timeline.clone();
    rows.push(rows.last().unwrap().clone());
    app.update(Msg::Loaded(Box::new(state), rows));
    assert_eq!(app.timeline_new, 1);
    assert_eq!(
        app.timeline[app.timeline.len() - 1 - app.timeline_offset].text,
        before
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(f, &app, &COLOR)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Timeline (UTC) · 1 new"), "{screen}");
    let buf = terminal.backend().buffer();
    let reversed_row = (0..24).find(|&y| {
        (1..79).all(|x| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
    });
    let row = reversed_row.expect("a highlighted timeline row");
    let text: String = (0..80)
        .map(|x| buf[(x, row)].symbol().to_string())
        .collect();
    assert!(text.contains(&before[..before.len().min(20)]), "{text}");
}

/// D inside an incident lists the playbooks without pretending nothing is
/// open; Esc goes back to the incident, and a stray `s` declares nothing.
#[test]
fn d_inside_an_incident_can_be_left_with_esc() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.update(key(KeyCode::Char('D')));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(!screen.contains("no open incident"), "{screen}");
    assert!(screen.contains("INC-1 stays open"), "{screen}");
    assert!(app.update(key(KeyCode::Char('s'))).is_empty());
    assert_eq!(app.dialog, None, "a stray s opened a dialog");
    app.update(key(KeyCode::Esc));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("Steps"), "Esc did not go back:\n{screen}");
}

/// `v` on the rollback's longest step scrolls to its very last line (G),
/// back to its first (g), and says where it stands.
#[test]
fn the_step_view_scrolls_to_its_last_line() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let (state, _) = rollback("t");
    let pb = state.playbook.clone();
    let longest = pb
        .steps
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| {
            s.body.as_ref().map_or(0, String::len)
                + s.commands.iter().map(String::len).sum::<usize>()
        })
        .map(|(i, _)| i)
        .unwrap();
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.update(Msg::Loaded(Box::new(state), vec![]));
    app.selected = longest;
    app.update(key(KeyCode::Char('v')));
    let text = match &app.dialog {
        Some(Dialog::Show { text, .. }) => text.clone(),
        other => panic!("no step view: {other:?}"),
    };
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim()
        .to_string();
    let tail: String = last
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let screen = render(&app, &COLOR, 80, 24);
    assert!(
        !screen.contains(&tail),
        "the step fits; the test needs a longer one"
    );
    assert!(screen.contains("lines 1-"), "{screen}");
    app.update(key(KeyCode::Char('G')));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(
        screen.contains(&tail),
        "its last line is unreachable:\n{screen}"
    );
    app.update(key(KeyCode::Char('g')));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("lines 1-"), "{screen}");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.dialog, None);
}

/// A message about a note pasted in several lines keeps its breaks
/// visible on the status line, as the timeline shows them.
#[test]
fn a_status_message_in_several_lines_shows_where_they_break() {
    let mut app = incident_app("t", false);
    app.update(Msg::Outcome(Ok("root noted: rotated\nline two".into())));
    let screen = render(&app, &COLOR, 80, 24);
    let last = screen.lines().last().unwrap().to_string();
    assert!(last.contains("rotated ⏎ line two"), "{last}");
}

/// A message too long for the status line is cut with an ellipsis and a
/// pointer to M, which shows every message whole.
#[test]
fn status_messages_are_cut_visibly_and_kept_for_m() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = incident_app("t", false);
    let long = format!(
        "step `assess-scope` is blocked: waiting for {}; give a reason",
        "x ".repeat(60)
    );
    app.update(Msg::Outcome(Err(long.clone())));
    let screen = render(&app, &COLOR, 80, 24);
    let last = screen.lines().last().unwrap().to_string();
    assert!(
        last.contains("…") && last.contains("(M: read it all)"),
        "{last}"
    );
    app.update(Msg::Outcome(Ok("note added".into())));
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('M'),
        KeyModifiers::NONE,
    )));
    match &app.dialog {
        Some(Dialog::Show { text, .. }) => {
            assert!(text.contains(&long), "{text}");
            assert!(
                text.lines().last().unwrap().ends_with("note added"),
                "{text}"
            );
        }
        other => panic!("no messages view: {other:?}"),
    }
}

/// A search match past the log pane's edge is brought into sight.
#[test]
fn a_search_match_past_the_edge_is_shown() {
    let mut app = incident_app("t", false);
    let line = format!("{} needle-7f3 at the end", "filler ".repeat(30));
    app.update(Msg::Log(LogEvent::Line(Line {
        source: "app".into(),
        text: line,
    })));
    app.search = Some("needle-7f3".into());
    app.matcher = Some(super::app::Matcher::Words("needle-7f3".into()));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("needle-7f3"), "{screen}");
}

/// Steps sit under their phase's header with its clock, and the open steps
/// of a missed phase are drawn in red.
#[test]
fn steps_are_grouped_by_phase_and_a_missed_phases_steps_stand_out() {
    let (state, _) = rollback("t");
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::seconds(31));
    app.update(Msg::Loaded(Box::new(state), vec![]));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| draw(f, &app, &COLOR)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("─ Disable · missed"), "{screen}");
    assert!(screen.contains("─ Verify · due 03:01"), "{screen}");
    let buf = terminal.backend().buffer();
    let row = (0..30)
        .find(|&y| {
            let text: String = (0..45).map(|x| buf[(x, y)].symbol().to_string()).collect();
            text.contains("Disable action jobs")
        })
        .expect("the step's row");
    assert_eq!(
        buf[(4, row)].fg,
        ratatui::style::Color::Red,
        "a late step is red"
    );
}

/// Search ignores case, counts its matches in the log pane's title, and
/// n / N walk the cursor to older and newer matches.
#[test]
fn search_ignores_case_counts_and_walks_matches() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.logs = crate::tail::Ring::new(100);
    for text in [
        "Token refresh ok",
        "disk fine",
        "TOKEN expired",
        "all quiet",
        "token revoked",
    ] {
        app.update(Msg::Log(LogEvent::Line(Line {
            source: "app".into(),
            text: text.into(),
        })));
    }
    app.update(key(KeyCode::Char('/')));
    for c in "token".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    app.update(key(KeyCode::Enter));
    let screen = render(&app, &COLOR, 100, 30);
    assert!(screen.contains("\"token\": 3 matches"), "{screen}");
    assert_eq!(app.current_log().unwrap().text, "token revoked");
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.current_log().unwrap().text, "TOKEN expired");
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.current_log().unwrap().text, "Token refresh ok");
    app.update(key(KeyCode::Char('n')));
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, _)| m.contains("no older match"))
    );
    app.update(key(KeyCode::Char('N')));
    assert_eq!(app.current_log().unwrap().text, "TOKEN expired");
    assert_eq!(app.dialog, None, "n opened the note dialog");
}

/// q on a running drill, alone: asked first; "leave it running" quits
/// without ending it, "stay" stays.
#[test]
fn quitting_the_last_console_of_a_drill_asks_first() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", true);
    assert!(app.update(key(KeyCode::Char('q'))).is_empty());
    assert!(matches!(app.dialog, Some(Dialog::Choose { .. })));
    assert!(
        app.update(key(KeyCode::Enter)).is_empty(),
        "stay is the default"
    );
    app.update(key(KeyCode::Char('q')));
    app.update(key(KeyCode::Up));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::QuitKeepingDrill]
    );
    // A real incident quits at once.
    let mut real = incident_app("t", false);
    assert_eq!(
        real.update(key(KeyCode::Char('q'))),
        vec![super::app::Effect::Quit]
    );
}

/// Step keys act only from the steps pane; elsewhere they say so. The key
/// bar lists the focused pane's keys.
#[test]
fn step_keys_act_only_on_the_steps_pane() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.update(key(KeyCode::Tab)); // → logs
    assert!(app.update(key(KeyCode::Char('d'))).is_empty());
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, _)| m.contains("acts on a step"))
    );
    app.flash = None;
    let screen = render(&app, &COLOR, 120, 30);
    assert!(screen.contains("/ search · n/N matches"), "{screen}");
}

/// Times are local unless --utc, and the zone is labelled either way.
#[test]
fn times_are_labelled_with_their_zone() {
    let mut app = incident_app("t", false);
    assert_eq!(app.zone(), "UTC");
    assert_eq!(app.time(t0(), "%H:%M"), "03:00");
    app.utc = false;
    let local = t0().with_timezone(&chrono::Local);
    assert_eq!(app.time(t0(), "%H:%M"), local.format("%H:%M").to_string());
    // Local time says its offset from UTC (none where local time is UTC).
    let offset = chrono::Local::now().format("%:z").to_string();
    let want = if offset == "+00:00" {
        "UTC".to_string()
    } else {
        format!("UTC{offset}")
    };
    assert_eq!(app.zone(), want);
    let screen = render(&app, &COLOR, 80, 24);
    assert!(
        screen.contains(&format!("Timeline ({})", app.zone())),
        "{screen}"
    );
}

#[test]
fn t_renames_the_incident() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("old title", false);
    app.update(key(KeyCode::Char('T')));
    for c in "New title".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::Apply(crate::incident::Command::Rename(
            "New title".into()
        ))]
    );
}

/// `re:` makes the search a regular expression (ignoring case); a bad one
/// is refused in one line and searches nothing.
#[test]
fn a_search_can_be_a_regular_expression() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.logs = crate::tail::Ring::new(100);
    for text in ["401 from 203.0.113.7", "200 ok", "403 from 198.51.100.2"] {
        app.update(Msg::Log(LogEvent::Line(Line {
            source: "app".into(),
            text: text.into(),
        })));
    }
    let search = |app: &mut App, q: &str| {
        app.update(key(KeyCode::Char('/')));
        for c in q.chars() {
            app.update(key(KeyCode::Char(c)));
        }
        app.update(key(KeyCode::Enter));
    };
    search(&mut app, r"re:^40\d FROM");
    let screen = render(&app, &COLOR, 100, 30);
    assert!(screen.contains("2 matches"), "{screen}");
    assert_eq!(app.current_log().unwrap().text, "403 from 198.51.100.2");
    search(&mut app, "re:(unclosed");
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("not a regular expression"))
    );
    assert!(app.matcher.is_none());
}

/// `c` on a step with several command lines offers the whole block as one
/// script, or any one line.
#[test]
fn c_offers_the_whole_command_block_or_one_line() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let (state, first) = rollback("t");
    let at = state
        .playbook
        .steps
        .iter()
        .position(|s| s.commands.iter().filter(|c| !c.starts_with('#')).count() > 1)
        .expect("a step with several command lines");
    let block = state.playbook.steps[at].commands.join("\n");
    let second = state.playbook.steps[at]
        .commands
        .iter()
        .filter(|c| !c.starts_with('#'))
        .nth(1)
        .unwrap()
        .clone();
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.update(Msg::Loaded(
        Box::new(state.clone()),
        vec![TimelineRow::of(&first, &state.playbook)],
    ));
    app.selected = at;
    app.update(key(KeyCode::Char('c')));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::Copy(block)]
    );
    app.update(key(KeyCode::Char('c')));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::Copy(second)]
    );
}

/// z shows a repeated syslog prefix once per run; several sources get a
/// label each; → scrolls the log pane sideways.
#[test]
fn a_narrow_log_pane_can_be_compact_labelled_and_scrolled() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.logs = crate::tail::Ring::new(100);
    app.log_sources.clear();
    for (source, text) in [
        (
            "api",
            "Nov 23 03:10:01 web-1 nanoclaw[812]: 401 burst from 203.0.113.7",
        ),
        (
            "api",
            "Nov 23 03:10:02 web-1 nanoclaw[812]: cockpit login refused",
        ),
        ("db", "checkpoint complete"),
    ] {
        app.update(Msg::Log(LogEvent::Line(Line {
            source: source.into(),
            text: text.into(),
        })));
    }
    app.update(key(KeyCode::Tab)); // → logs
    app.update(key(KeyCode::Char('z')));
    let screen = render(&app, &COLOR, 100, 30);
    assert!(
        screen.contains("api        ┆ cockpit login refused"),
        "{screen}"
    );
    assert!(screen.contains("db       checkpoint complete"), "{screen}");
    assert!(screen.contains("compact"), "{screen}");
    app.update(key(KeyCode::Right));
    let screen = render(&app, &COLOR, 100, 30);
    assert!(screen.contains("→8"), "{screen}");
    assert!(!screen.contains("api        ┆"), "{screen}");
}

/// A step's **emphasis** is drawn bold, without the stars.
#[test]
fn playbook_emphasis_is_bold_not_stars() {
    let (state, _) = rollback("t");
    let at = state
        .playbook
        .steps
        .iter()
        .position(|s| s.body.as_deref().is_some_and(|b| b.contains("**")))
        .expect("a step with emphasis");
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.update(Msg::Loaded(Box::new(state), vec![]));
    app.selected = at;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| draw(f, &app, &COLOR)).unwrap();
    let screen = terminal.backend().to_string();
    let detail: String = screen
        .lines()
        .skip(3)
        .take(20)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!detail.contains("**"), "{detail}");
    let buf = terminal.backend().buffer();
    let bold = (0..60).any(|y| {
        (90..200).any(|x| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::BOLD)
        })
    });
    assert!(bold, "no bold text in the detail pane:\n{screen}");
}

/// `i` lists the playbook's inputs with their values and sets one later.
#[test]
fn i_sets_a_playbook_input_later() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let (state, _) = declared("secret-rotation-routine", "rotate", Severity::P2);
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.update(Msg::Loaded(Box::new(state), vec![]));
    app.update(key(KeyCode::Char('i')));
    let screen = render(&app, &COLOR, 100, 30);
    assert!(screen.contains("secret-name: (not set)"), "{screen}");
    app.update(key(KeyCode::Enter));
    let screen = render(&app, &COLOR, 100, 30);
    assert!(screen.contains("Which secret is being rotated"), "{screen}");
    for c in "PROXY_JWT_SECRET".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::Apply(
            crate::incident::Command::Answer {
                target: "secret-name".into(),
                choice: "PROXY_JWT_SECRET".into(),
                note: None,
                force: None,
            }
        )]
    );
}

/// w wraps long log lines, so the end of a long line shows without `v`.
#[test]
fn w_wraps_long_log_lines() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.logs = crate::tail::Ring::new(100);
    let long = format!("{} tail-marker-9q", "word ".repeat(40));
    app.update(Msg::Log(LogEvent::Line(Line {
        source: "app".into(),
        text: long,
    })));
    assert!(!render(&app, &COLOR, 80, 24).contains("tail-marker-9q"));
    app.update(key(KeyCode::Char('w')));
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("tail-marker-9q"), "{screen}");
    assert!(screen.contains("wrapped"), "{screen}");
}

/// At 60x18 the help is one column that scrolls to its last key.
#[test]
fn help_scrolls_on_a_small_terminal() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut app = incident_app("t", false);
    app.update(key(KeyCode::Char('?')));
    let screen = render(&app, &COLOR, 60, 18);
    assert!(screen.contains("j/k scroll"), "{screen}");
    assert!(!screen.contains("Enter  confirm"), "{screen}");
    app.update(key(KeyCode::Char('G')));
    let screen = render(&app, &COLOR, 60, 18);
    assert!(screen.contains("Enter  confirm"), "{screen}");
    insta::assert_snapshot!("help_60x18_end", screen);
}

/// The screens this round changed, at the three sizes responders use.
#[test]
fn changed_screens_at_three_sizes() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    // The rollback 31 s in: a missed phase, its red steps, grouped panes.
    let (state, first) = rollback("Unauthorized action job");
    let rows = vec![TimelineRow::of(&first, &state.playbook)];
    let mut rollback_app = App::new(playbooks(), "alice".into(), t0() + Duration::seconds(31));
    rollback_app.update(Msg::Loaded(Box::new(state), rows));
    // A searched, compact, labelled log pane.
    let mut logs_app = incident_app("t", false);
    logs_app.log_sources.clear();
    for (source, text) in [
        (
            "api",
            "Nov 23 03:10:01 web-1 nanoclaw[812]: 401 burst from 203.0.113.7",
        ),
        (
            "api",
            "Nov 23 03:10:02 web-1 nanoclaw[812]: token refresh refused",
        ),
        ("db", "checkpoint complete"),
    ] {
        logs_app.update(Msg::Log(LogEvent::Line(Line {
            source: source.into(),
            text: text.into(),
        })));
    }
    logs_app.update(key(KeyCode::Tab));
    logs_app.update(key(KeyCode::Char('z')));
    logs_app.update(key(KeyCode::Char('/')));
    for c in "token".chars() {
        logs_app.update(key(KeyCode::Char(c)));
    }
    logs_app.update(key(KeyCode::Enter));
    for (w, h) in [(60, 18), (80, 24), (200, 60)] {
        insta::assert_snapshot!(
            format!("rollback_missed_{w}x{h}"),
            render(&rollback_app, &COLOR, w, h)
        );
        insta::assert_snapshot!(
            format!("logs_searched_compact_{w}x{h}"),
            render(&logs_app, &COLOR, w, h)
        );
    }
}

/// `a` on a decision waiting for its prerequisites asks the override's
/// reason first, then the answer, and records both.
#[test]
fn answering_a_blocked_decision_asks_a_reason_first() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let (state, _) = declared("secret-leak", "t", Severity::P1);
    let at = state
        .playbook
        .steps
        .iter()
        .position(|s| s.id == "github-token-leaked")
        .unwrap();
    let mut app = App::new(playbooks(), "alice".into(), t0());
    app.update(Msg::Loaded(Box::new(state), vec![]));
    app.selected = at;
    app.update(key(KeyCode::Char('a')));
    assert!(matches!(
        app.dialog,
        Some(Dialog::Text {
            purpose: TextFor::Reason(_),
            ..
        })
    ));
    for c in "token seen in a public log".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    app.update(key(KeyCode::Enter));
    assert!(matches!(app.dialog, Some(Dialog::Choose { .. })));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![super::app::Effect::Apply(
            crate::incident::Command::Answer {
                target: "github-token-leaked".into(),
                choice: "yes".into(),
                note: None,
                force: Some("token seen in a public log".into()),
            }
        )]
    );
}

/// A playbook of our own with one suggested and one source deadline and an
/// annotated step, declared at t0, shown at t0+5m.
fn suggested_app() -> App {
    let text = r#"
id = "origins"
title = "Deadline origins"
severity = "P1"
source = "seed.txt"

[[phases]]
id = "contain"
title = "Contain"
due = "15m"

[[phases]]
id = "recover"
title = "Recover"
due = "1h"
due_origin = "suggested"

[[steps]]
id = "revoke"
phase = "contain"
title = "Revoke the token"
body = "Revoke it at the provider."
annotation = "The seed says revoke before verifying; its step 3 says the opposite."

[[steps]]
id = "verify"
phase = "recover"
title = "Verify the new token"
"#;
    let pb = Arc::new(crate::playbook::parse("origins.toml", text.as_bytes()).unwrap());
    let first = Event {
        seq: 1,
        at: t0(),
        actor: Actor::account("alice"),
        kind: EventKind::Declared {
            playbook: pb.id.clone(),
            playbook_sha256: "0".repeat(64),
            title: "Token".into(),
            severity: Severity::P1,
            inputs: BTreeMap::new(),
            drill: false,
            speed: 1,
        },
    };
    let state = IncidentState::fold(1, pb.clone(), std::slice::from_ref(&first)).unwrap();
    let rows = vec![TimelineRow::of(&first, &pb)];
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::minutes(5));
    app.utc = true;
    app.update(Msg::Loaded(Box::new(state), rows));
    app
}

#[test]
fn a_suggested_deadline_wears_its_mark_and_an_annotation_shows_as_warrooms() {
    let app = suggested_app();
    let screen = render(&app, &COLOR, 80, 24);
    // Phase bar: the source's deadline plain, the suggestion marked.
    assert!(screen.contains("Contain 00:10:00"), "{screen}");
    assert!(screen.contains("Recover ~00:55:00"), "{screen}");
    // The steps pane's phase headers say which is which in words.
    assert!(screen.contains("due 03:15 "), "{screen}");
    assert!(screen.contains("due ~04:00 "), "{screen}");
    // With room, the header says it in words too.
    let wide = render(&app, &COLOR, 200, 60);
    assert!(wide.contains("due ~04:00 (suggested)"), "{wide}");
    assert!(screen.contains("warroom's note: The seed says"), "{screen}");
    insta::assert_snapshot!("suggested_deadline_80x24", screen);
}

#[test]
fn u_asks_what_who_and_when_then_records_a_follow_up() {
    use crate::incident::Command;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = suggested_app();
    let key = |app: &mut App, code| app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    key(&mut app, KeyCode::Char('U'));
    app.update(Msg::Paste("Rotate CI tokens monthly".into()));
    key(&mut app, KeyCode::Enter);
    // The owner is prefilled with who is at the keyboard.
    match &app.dialog {
        Some(Dialog::Text {
            purpose: TextFor::FollowUpOwner(what),
            input,
        }) => {
            assert_eq!(what, "Rotate CI tokens monthly");
            assert_eq!(input.text(), "alice");
        }
        other => panic!("expected the owner question, got {other:?}"),
    }
    key(&mut app, KeyCode::Enter);
    // A due date in the past is refused and asked again, keeping the text.
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    app.update(Msg::Paste("2020-01-01".into()));
    let effects = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|(m, _)| m.contains("in the past")),
        "{:?}",
        app.flash
    );
    let Some(Dialog::Text { input, .. }) = &app.dialog else {
        panic!("asked again")
    };
    assert_eq!(input.text(), "2020-01-01");
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    app.update(Msg::Paste("3d".into()));
    let effects = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(
        effects,
        vec![super::app::Effect::Apply(Command::FollowUp {
            text: "Rotate CI tokens monthly".into(),
            owner: "alice".into(),
            due: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()),
        })]
    );
}

/// An incident with a commander, two steps assigned (one to alice, the
/// console's account) and a corrected note.
fn team_app() -> App {
    let (state, first) = declared("secret-leak", "Token in CI logs", Severity::P1);
    let pb = state.playbook.clone();
    let mut events = vec![first];
    let mut push = |who: &str, minutes, kind| {
        let seq = events.len() as u64 + 1;
        events.push(ev(seq, minutes, who, kind));
    };
    push(
        "carol",
        1,
        EventKind::RoleTaken {
            role: "commander".into(),
            from: None,
        },
    );
    push(
        "carol",
        2,
        EventKind::Assigned {
            step: "exposure-timeline".into(),
            to: Some("alice".into()),
        },
    );
    push(
        "carol",
        2,
        EventKind::Assigned {
            step: "assess-scope".into(),
            to: Some("bob".into()),
        },
    );
    push(
        "bob",
        3,
        EventKind::NoteAdded {
            text: "revoked at 03:01".into(),
            step: None,
        },
    );
    push(
        "bob",
        4,
        EventKind::Amended {
            event: 5,
            text: Some("revoked at 03:02".into()),
            at: None,
            reason: "typo".into(),
        },
    );
    let state = IncidentState::fold(1, pb, &events).unwrap();
    let rows = crate::incident::corrected_timeline(&events, &state)
        .iter()
        .map(|s| TimelineRow::shown(s, &state.playbook))
        .collect();
    let mut app = App::new(playbooks(), "alice".into(), t0() + Duration::minutes(5));
    app.account = "alice".into();
    app.utc = true;
    app.update(Msg::Loaded(Box::new(state), rows));
    app
}

fn press(app: &mut App, c: char) -> Vec<super::app::Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

#[test]
fn the_header_names_the_commander_and_m_shows_only_my_steps() {
    let mut app = team_app();
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("· IC carol"), "{screen}");
    assert!(screen.contains("@bob"), "{screen}");
    press(&mut app, 'm');
    let screen = render(&app, &COLOR, 80, 24);
    assert!(screen.contains("Steps (mine)"), "{screen}");
    assert!(screen.contains("Determine exposure timeline"), "{screen}");
    assert!(!screen.contains("  1 Assess scope"), "{screen}");
    assert_eq!(app.visible_steps().len(), 1);
    // The timeline shows the corrected words, marked.
    assert!(screen.contains("revoked at 03:02 (corrected)"), "{screen}");
    insta::assert_snapshot!("mine_80x24", screen);
}

#[test]
fn starting_someone_elses_step_asks_and_o_assigns() {
    use super::app::{ChooseFor, Effect};
    use crate::incident::Command;
    let mut app = team_app();
    // assess-scope (step 1) is bob's.
    app.selected = 0;
    assert!(press(&mut app, 's').is_empty());
    assert!(matches!(
        &app.dialog,
        Some(Dialog::Choose { purpose: ChooseFor::StartOthers(s), selected: 1, .. }) if s == "assess-scope"
    ));
    // Enter on the default leaves it to bob.
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let enter =
        |app: &mut App| app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(enter(&mut app).is_empty());
    press(&mut app, 's');
    press(&mut app, 'k');
    assert_eq!(
        enter(&mut app),
        vec![Effect::Apply(Command::Start {
            step: "assess-scope".into(),
            force: None,
            note: None,
        })]
    );
    // o: the assignee prefilled; a new account replaces it.
    press(&mut app, 'o');
    let Some(Dialog::Text { input, .. }) = &app.dialog else {
        panic!("the assign dialog")
    };
    assert_eq!(input.text(), "bob");
    app.update(Msg::Paste("x".into()));
    for _ in 0..4 {
        app.update(Msg::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)));
    }
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('k'),
        KeyModifiers::CONTROL,
    )));
    app.update(Msg::Paste("dave".into()));
    assert_eq!(
        enter(&mut app),
        vec![Effect::Apply(Command::Assign {
            step: "assess-scope".into(),
            to: Some("dave".into()),
        })]
    );
}

#[test]
fn o_upper_takes_a_free_role_and_e_corrects_the_entry_in_view() {
    use super::app::Effect;
    use crate::incident::Command;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = team_app();
    let enter =
        |app: &mut App| app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    press(&mut app, 'O');
    press(&mut app, 'j');
    assert_eq!(
        enter(&mut app),
        vec![Effect::Apply(Command::TakeRole {
            role: "scribe".into(),
            force: false,
        })]
    );
    // The commander's role is carol's: taking it over asks first.
    press(&mut app, 'O');
    assert!(enter(&mut app).is_empty());
    press(&mut app, 'k');
    assert_eq!(
        enter(&mut app),
        vec![Effect::Apply(Command::TakeRole {
            role: "commander".into(),
            force: true,
        })]
    );
    // E in the timeline pane, on the newest entry (the correction itself
    // can't be corrected; scroll up one to the note).
    press(&mut app, '\t');
    app.update(Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    press(&mut app, 'k');
    press(&mut app, 'E');
    assert!(enter(&mut app).is_empty(), "words chosen");
    let Some(Dialog::Text { input, .. }) = &app.dialog else {
        panic!("the words dialog: {:?}", app.dialog)
    };
    assert_eq!(input.text(), "revoked at 03:02");
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Backspace,
        KeyModifiers::NONE,
    )));
    app.update(Msg::Paste("3".into()));
    assert!(enter(&mut app).is_empty());
    app.update(Msg::Paste("the second correction".into()));
    assert_eq!(
        enter(&mut app),
        vec![Effect::Apply(Command::Amend {
            event: 5,
            text: Some("revoked at 03:03".into()),
            at: None,
            reason: "the second correction".into(),
        })]
    );
}

/// The start-up word on playbooks that failed to load names the first
/// problem and counts the other files; read from the files, it is cleaned
/// like any text shown (a secret or an escape in a file name or message
/// reaches neither the screen nor our log).
#[test]
fn the_unloaded_notice_names_the_first_problem_and_is_cleaned() {
    use crate::playbook::Diagnostic;
    let red = crate::redact::Redactor::builtin();
    let d = |file: &str, message: &str| Diagnostic {
        file: file.into(),
        line: 3,
        col: 1,
        message: message.into(),
    };
    assert_eq!(super::unloaded_notice(&[], &red), None);
    let one = super::unloaded_notice(
        &[
            d(
                "/pb/a\u{1b}[2J.toml",
                "unknown key token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
            ),
            d("/pb/a\u{1b}[2J.toml", "second problem"),
            d("/pb/b.toml", "third"),
        ],
        &red,
    )
    .expect("a notice");
    assert!(one.starts_with("playbook not loaded: /pb/a"), "{one}");
    assert!(
        one.contains(":3:1: unknown key token=[REDACTED:github-token]"),
        "{one}"
    );
    assert!(one.contains("(and 1 more files)"), "{one}");
    assert!(one.contains("warroom playbooks check"), "{one}");
    assert!(
        !one.contains('\u{1b}') && !one.contains("ghp_0123"),
        "{one}"
    );
}
