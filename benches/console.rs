//! The console's targets (issue 5):
//! - start to first complete frame <= 100 ms with 1,000 incidents / 100,000 events
//! - a 200x60 frame with 100,000 lines in the log buffer <= 2 ms
//! - a key press shown within 50 ms while 100,000 lines/s arrive: the loop
//!   takes at most `MAX_LINES_PER_FRAME` lines between frames, so the bound
//!   is one such batch plus one frame, measured here.
//!
//! Run: `cargo bench --bench console`. Idle output (bytes per second) is
//! measured on a real pseudo-terminal by `scripts/bench-console.py`.

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::hint::black_box;
use warroom::incident::{Actor, Command, Status};
use warroom::playbook::{Library, bundled_source};
use warroom::redact::Redactor;
use warroom::store::{Declaration, Store};
use warroom::tail::{Event as LogEvent, Line};
use warroom::tui::app::{App, Msg, PlaybookRow, TimelineRow};
use warroom::tui::view::{Theme, draw};

const THEME: Theme = Theme {
    color: true,
    ascii: false,
};

fn playbooks(lib: &Library) -> Vec<PlaybookRow> {
    lib.entries()
        .map(|e| PlaybookRow::of(&e.playbook))
        .collect()
}

/// 1,000 incidents of 100 events each; all but the last closed.
fn fixture(path: &std::path::Path) {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let source = bundled_source("secret-leak").unwrap();
    let red = Redactor::builtin();
    let who = Actor::account("bench");
    let mut store = Store::open(path).unwrap();
    store.set_bulk_loading(true).unwrap();
    for n in 0..1_000 {
        let decl = Declaration {
            playbook: pb,
            source,
            title: format!("incident {n}"),
            severity: pb.severity,
            inputs: BTreeMap::new(),
            drill: false,
            speed: 1,
        };
        let id = store.declare(decl, &who, Utc::now(), &red).unwrap();
        for i in 0..98 {
            store
                .apply(
                    id,
                    Command::Note {
                        text: format!("note {i}"),
                        step: None,
                    },
                    &who,
                    Utc::now(),
                    &red,
                )
                .unwrap();
        }
        if n < 999 {
            store
                .apply(
                    id,
                    Command::SetStatus(Status::Closed),
                    &who,
                    Utc::now(),
                    &red,
                )
                .unwrap();
        } else {
            store
                .apply(
                    id,
                    Command::Note {
                        text: "still open".into(),
                        step: None,
                    },
                    &who,
                    Utc::now(),
                    &red,
                )
                .unwrap();
        }
    }
    store.set_bulk_loading(false).unwrap();
}

/// What `warroom` does before its first frame: open the store, list the
/// open incidents, load the one there is, draw.
fn first_frame(path: &std::path::Path, lib: &Library) -> usize {
    let store = Store::open(path).unwrap();
    let open = store.list(false).unwrap();
    let id = warroom::incident::parse_id(&open[0].id).unwrap();
    let (state, events) = store.incident(id).unwrap();
    let rows = events
        .iter()
        .map(|e| TimelineRow::of(e, &state.playbook))
        .collect();
    let mut app = App::new(playbooks(lib), "bench".into(), Utc::now());
    app.update(Msg::Loaded(Box::new(state), rows));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(f, &app, &THEME)).unwrap();
    terminal.backend().buffer().content.len()
}

fn app_with_logs(lib: &Library, n: usize) -> App {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.db");
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let source = bundled_source("secret-leak").unwrap();
    let mut store = Store::open(&path).unwrap();
    let decl = Declaration {
        playbook: pb,
        source,
        title: "flood".into(),
        severity: pb.severity,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    let id = store
        .declare(
            decl,
            &Actor::account("bench"),
            Utc::now(),
            &Redactor::builtin(),
        )
        .unwrap();
    let (state, _) = store.incident(id).unwrap();
    let mut app = App::new(playbooks(lib), "bench".into(), Utc::now());
    app.update(Msg::Loaded(Box::new(state), Vec::new()));
    for i in 0..n {
        app.update(Msg::Log(LogEvent::Line(Line {
            source: "app".into(),
            text: format!(
                "Nov 23 03:12:{:02} web-1 app[1201]: request {i} handled in 12ms status=ok",
                i % 60
            ),
        })));
    }
    app
}

fn console(c: &mut Criterion) {
    let (lib, _) = Library::bundled();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("many.db");
    fixture(&db);
    c.bench_function(
        "start to first frame: 1,000 incidents / 100,000 events",
        |b| b.iter(|| black_box(first_frame(&db, &lib))),
    );

    let app = app_with_logs(&lib, 100_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("render 200x60 with 100,000 log lines", |b| {
        b.iter(|| {
            terminal
                .draw(|f| draw(f, black_box(&app), &THEME))
                .unwrap()
                .area
                .width
        })
    });

    let mut app = app_with_logs(&lib, 100_000);
    let burst: Vec<String> = (0..warroom::tui::MAX_LINES_PER_FRAME)
        .map(|i| format!("flood line {i} status=ok"))
        .collect();
    c.bench_function("key after a full batch of flood lines, 200x60", |b| {
        b.iter(|| {
            for text in &burst {
                app.update(Msg::Log(LogEvent::Line(Line {
                    source: "app".into(),
                    text: text.clone(),
                })));
            }
            app.update(Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('j'),
                crossterm::event::KeyModifiers::NONE,
            )));
            terminal.draw(|f| draw(f, &app, &THEME)).unwrap().area.width
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = console
}
criterion_main!(benches);
