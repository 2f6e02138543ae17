//! The postmortem report of a played incident and of a drill, with a fixed
//! clock and a fixed playbook (tests/fixtures/report), against golden files
//! (`UPDATE_GOLDEN=1 cargo test --test report` rewrites them after an
//! intended change). The Markdown is read back by a CommonMark+GFM parser,
//! and its Mermaid chart by Mermaid itself where Node.js has it (CI does).

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{Sandbox, golden};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use warroom::export::{Exported, json, markdown};
use warroom::incident::{Actor, Command, FollowUpState, Status};
use warroom::playbook::{Playbook, Severity};
use warroom::redact::Redactor;
use warroom::store::{Declaration, Store};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
}

fn fixture() -> (Playbook, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/token-leak.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let pb = warroom::playbook::parse("token-leak.toml", text.as_bytes()).unwrap();
    (pb, text)
}

fn declare(store: &mut Store, drill: bool, speed: u32) -> u64 {
    let (pb, source) = fixture();
    let inputs = BTreeMap::from([("leaked".to_string(), "github-token".to_string())]);
    let decl = Declaration {
        playbook: &pb,
        source: &source,
        title: "CI token in a public gist".into(),
        severity: Severity::P1,
        inputs,
        drill,
        speed,
    };
    store
        .declare(decl, &Actor::account("alice"), t0(), &Redactor::builtin())
        .unwrap()
}

/// `who` gives `cmd` to incident `id` at `at`.
fn apply(store: &mut Store, id: u64, at: DateTime<Utc>, who: &str, cmd: Command, red: &Redactor) {
    store.apply(id, cmd, &Actor::account(who), at, red).unwrap();
}

fn start(step: &str) -> Command {
    Command::Start {
        step: step.into(),
        force: None,
        note: None,
    }
}

fn done(step: &str) -> Command {
    Command::Done {
        step: step.into(),
        force: None,
        note: None,
    }
}

/// A played incident: a decision answered over its open prerequisite (an
/// override), a step done, a skip, a note, pinned evidence, follow-ups
/// (one done), resolved straight from investigating: never mitigated.
fn played(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap();
    let id = declare(&mut store, false, 1);
    let red = Redactor::builtin();
    let mut run = |minute: i64, who: &str, cmd: Command| {
        apply(
            &mut store,
            id,
            t0() + Duration::minutes(minute),
            who,
            cmd,
            &red,
        )
    };
    run(2, "alice", Command::SetStatus(Status::Investigating));
    run(
        3,
        "bob",
        Command::Answer {
            target: "pushed".into(),
            choice: "yes".into(),
            note: None,
            force: Some("the gist is public: it was pushed".into()),
        },
    );
    run(4, "alice", start("revoke"));
    run(9, "alice", done("revoke"));
    run(
        10,
        "bob",
        Command::Pin {
            source: "auth".into(),
            line: "auth: 401 revoked token from 203.0.113.9".into(),
        },
    );
    run(
        12,
        "bob",
        Command::Note {
            text: "no other secret was in the gist".into(),
            step: None,
        },
    );
    run(
        20,
        "alice",
        Command::Skip {
            step: "rotate".into(),
            reason: "nothing depends on this token".into(),
        },
    );
    run(
        25,
        "alice",
        Command::FollowUp {
            text: "Scan gists in CI".into(),
            owner: "bob".into(),
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 7),
        },
    );
    run(
        26,
        "bob",
        Command::FollowUp {
            text: "Shorten CI token lifetime".into(),
            owner: "alice".into(),
            due: None,
        },
    );
    run(
        27,
        "bob",
        Command::SetFollowUp {
            number: 2,
            state: FollowUpState::Done,
        },
    );
    run(70, "alice", Command::SetStatus(Status::Resolved));
    store
}

/// A drill at 60x: both signals come, the first is answered by starting
/// the step it expects, and the drill ends when its last console quits.
fn drill(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap();
    let id = declare(&mut store, true, 60);
    let red = Redactor::builtin();
    let secs = |s: i64| t0() + Duration::seconds(s);
    let alice = Actor::account("alice");
    warroom::app::drills::catch_up(&mut store, id, &alice, &red, secs(3)).unwrap();
    let mut run = |s: i64, who: &str, cmd: Command| apply(&mut store, id, secs(s), who, cmd, &red);
    run(4, "alice", start("revoke"));
    run(6, "alice", done("revoke"));
    warroom::app::drills::end(&mut store, id, &alice, &red, secs(20)).unwrap();
    store
}

fn exported(store: &Store) -> Vec<Exported> {
    let (state, events) = store.incident_with_hashes(1).unwrap();
    vec![Exported::whole(state, events)]
}

/// The headings a CommonMark+GFM renderer sees, with their levels; the
/// number of tables; and the Mermaid blocks.
struct Rendered {
    headings: Vec<(usize, String)>,
    tables: usize,
    mermaid: Vec<String>,
}

fn render(md: &str) -> Rendered {
    let mut out = Rendered {
        headings: Vec::new(),
        tables: 0,
        mermaid: Vec::new(),
    };
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<String> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                heading = Some((n, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => out.headings.extend(heading.take()),
            Event::Start(Tag::Table(_)) => out.tables += 1,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "mermaid" => {
                code = Some(String::new())
            }
            Event::End(TagEnd::CodeBlock) => out.mermaid.extend(code.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = &mut heading {
                    h.push_str(&t);
                }
                if let Some(c) = &mut code {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn assert_heading_order(r: &Rendered, expected: &[(usize, &str)]) {
    let got: Vec<(usize, &str)> = r.headings.iter().map(|(l, t)| (*l, t.as_str())).collect();
    assert_eq!(got, expected, "headings as a renderer sees them");
    let mut last = 0;
    for (level, text) in &got {
        assert!(*level <= last + 1, "`{text}` skips a level after {last}");
        last = *level;
    }
}

/// Every task line of a gantt chart: `name :tags, id, start, end`, with
/// dates in the declared format and the start not after the end. Mermaid
/// itself is asked too when it is installed (see `mermaid_parses`).
fn check_gantt(chart: &str) -> usize {
    let mut lines = chart.lines();
    assert_eq!(lines.next(), Some("gantt"));
    let mut tasks = 0;
    for line in lines {
        let line = line.trim();
        if line.starts_with("title ")
            || line.starts_with("dateFormat ")
            || line.starts_with("axisFormat ")
            || line.starts_with("section ")
        {
            continue;
        }
        let (name, data) = line
            .split_once(" :")
            .unwrap_or_else(|| panic!("not a task line: {line}"));
        assert!(
            !name.contains(':') && !name.contains('#') && !name.contains(';'),
            "{line}"
        );
        let parts: Vec<&str> = data.split(", ").collect();
        let dates = &parts[parts.len() - 2..];
        let parse = |d: &str| {
            chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|e| panic!("{d} in {line}: {e}"))
        };
        assert!(parse(dates[0]) <= parse(dates[1]), "{line}");
        tasks += 1;
    }
    tasks
}

/// Has Mermaid parse and lay out the charts, when `scripts/mermaid-check`
/// has its packages (`npm ci --prefix scripts/mermaid-check`). CI installs
/// them and sets WARROOM_REQUIRE_MERMAID, so there it never skips.
fn mermaid_parses(charts: &[String], tasks: &[usize]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/mermaid-check");
    let required = std::env::var_os("WARROOM_REQUIRE_MERMAID").is_some();
    if !dir.join("node_modules/mermaid").exists() {
        assert!(
            !required,
            "WARROOM_REQUIRE_MERMAID is set but scripts/mermaid-check has no node_modules"
        );
        eprintln!(
            "skipping Mermaid's own parse: run `npm ci --prefix scripts/mermaid-check` to include it"
        );
        return;
    }
    let mut child = std::process::Command::new("node")
        .arg(dir.join("check.mjs"))
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(charts.join("\n%%--%%\n").as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Mermaid refused the chart: {}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<String> = tasks.iter().map(|n| format!("ok gantt {n}")).collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

const PLAYED_HEADINGS: &[(usize, &str)] = &[
    (1, "INC-1: CI token in a public gist"),
    (2, "Summary"),
    (2, "Key times"),
    (2, "Impact"),
    (2, "Root cause"),
    (2, "Phases"),
    (2, "Chart"),
    (2, "Steps"),
    (2, "Reasons: skipped, reopened and overridden steps"),
    (2, "Decisions and inputs"),
    (2, "Pinned log evidence"),
    (2, "Notes"),
    (2, "Responders"),
    (2, "Follow-up actions"),
    (2, "Lessons learned"),
    (3, "What went well"),
    (3, "What went wrong"),
    (3, "Where we got lucky"),
    (2, "Timeline"),
    (2, "Verification"),
];

#[test]
fn the_played_incidents_report() {
    let dir = tempfile::tempdir().unwrap();
    let store = played(&dir.path().join("w.db"));
    let items = exported(&store);
    let red = Redactor::builtin();
    let now = t0() + Duration::hours(3);
    let md = markdown(&items, &red, now);
    let js = json(&items, &red, now);
    golden("report-played.md", &md);
    golden("report-played.json", &js);

    let r = render(&md);
    assert_heading_order(&r, PLAYED_HEADINGS);
    // Summary, key times, phases, steps, responders, follow-ups, timeline.
    assert_eq!(r.tables, 7);
    assert_eq!(r.mermaid.len(), 1);
    let tasks = check_gantt(&r.mermaid[0]);
    // Two timed phases, and the four steps somebody touched.
    assert_eq!(tasks, 2 + 3);
    mermaid_parses(&r.mermaid, &[tasks]);

    // What a postmortem author looks for first.
    let row = |key: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {key} |")))
            .unwrap_or_else(|| panic!("no {key} row"))
            .to_string()
    };
    assert!(
        row("Mitigated").contains("not reached"),
        "{}",
        row("Mitigated")
    );
    assert!(row("Time to mitigate").contains("—"));
    assert!(row("Resolved").contains("04:10:00 UTC (T+01:10:00) by alice"));
    assert!(row("Time to resolve").contains("1h 10m"));
    assert!(row("First action").contains("changed status from declared to investigating"));
    // The leaked secret is named, with who said so.
    assert!(
        md.contains("- **Which secret leaked?** github-token (alice, at declaration)"),
        "{md}"
    );
    // The override, with its reason; the suggestion, with its legend.
    assert!(md.contains("answered while blocked by bob at 03:03:00: the gist is public"));
    assert!(
        row("Recover").contains("(~T+1h) | warroom's suggestion |"),
        "{}",
        row("Recover")
    );
    assert!(row("Contain: revoke").contains("| the source (runbook-token-leak.md) |"));
    assert!(md.contains("~ deadline suggested by warroom; the source gives none"));
    // Step table: owner, start, finish, took.
    assert!(
        md.contains("| 1 | Revoke the token | alice | 03:04:00 | 03:09:00 | 5m 00s | done |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| 3 | Rotate dependent secrets | alice | — | 03:20:00 | — | skipped (see reasons) |"
        ),
        "{md}"
    );
    // Follow-ups with owner, due and state.
    assert!(
        md.contains("| 1 | Scan gists in CI | bob | 2026-12-07 | open |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | Shorten CI token lifetime | alice | — | done |"),
        "{md}"
    );
    // Placeholders are marked as such.
    assert_eq!(md.matches("> **To be written.**").count(), 5);

    let v: serde_json::Value = serde_json::from_str(&js).unwrap();
    let rep = &v["incident"]["report"];
    assert_eq!(rep["key_times"]["mitigated"], serde_json::Value::Null);
    assert_eq!(rep["key_times"]["time_to_resolve_secs"], 4200);
    assert_eq!(rep["phases"][1]["due_origin"], "suggested");
    assert_eq!(rep["phases"][2]["due_origin"], serde_json::Value::Null);
    assert_eq!(rep["follow_ups"][1]["state"], "done");
    assert_eq!(rep["steps"][0]["took_secs"], 300);
    assert_eq!(rep["decisions"][0]["answer"], "github-token");
}

#[test]
fn the_drills_report() {
    let dir = tempfile::tempdir().unwrap();
    let store = drill(&dir.path().join("w.db"));
    let items = exported(&store);
    let red = Redactor::builtin();
    let now = t0() + Duration::minutes(5);
    let md = markdown(&items, &red, now);
    golden("report-drill.md", &md);

    let r = render(&md);
    let titles: Vec<&str> = r.headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles[0], "[DRILL] INC-1: CI token in a public gist");
    assert!(titles.contains(&"Drill score"), "{titles:?}");
    let mut last = 0;
    for (level, text) in &r.headings {
        assert!(*level <= last + 1, "`{text}` skips a level after {last}");
        last = *level;
    }
    let tasks = check_gantt(&r.mermaid[0]);
    mermaid_parses(&r.mermaid, &[tasks]);
    // Quitting the console ended the drill: nobody "resolved" it.
    assert!(
        !md.contains("changed status from investigating to resolved"),
        "{md}"
    );
    assert!(!md.contains("to resolved"), "{md}");
    assert!(md.contains("ended the drill: its console quit"), "{md}");
    assert!(md.contains("| Resolved | not reached |"), "{md}");
    assert!(
        md.contains(
            "| Drill ended | 2026-11-23 03:00:20 UTC (T+00:20:00), when its console quit |"
        ),
        "{md}"
    );
}

/// `warroom follow-up` end to end: add, change, refuse nonsense, and see
/// it in `status` and the report.
#[test]
fn follow_ups_from_the_command_line() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let cmd = |args: &[&str]| {
        let out = sb.cmd().env("WARROOM_DB", &db).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(cmd(&["declare", "secret-leak", "--title", "t"]).0, Some(0));
    let (code, out, err) = cmd(&[
        "follow-up",
        "INC-1",
        "Rotate",
        "CI",
        "tokens",
        "--owner",
        "carol",
        "--due",
        "2099-01-31",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("follow up added"), "{out}");
    // Owner defaults to whoever runs it.
    assert_eq!(
        cmd(&["follow-up", "INC-1", "Write the postmortem"]).0,
        Some(0)
    );
    assert_eq!(cmd(&["follow-up", "INC-1", "--done", "2"]).0, Some(0));
    // A number that does not exist is bad input; the same state twice is refused.
    let (code, _, err) = cmd(&["follow-up", "INC-1", "--done", "9"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no follow-up #9"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (code, _, err) = cmd(&["follow-up", "INC-1", "--done", "2"]);
    assert_eq!(code, Some(1), "{err}");
    // A date in the past, or no date at all, is one line and exit 2.
    let (code, _, err) = cmd(&["follow-up", "INC-1", "x", "--due", "2001-01-01"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("in the past"), "{err}");
    let (code, _, err) = cmd(&["follow-up", "INC-1", "x", "--due", "soonish"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    // Nothing to add and nothing to change is a usage error.
    assert_eq!(cmd(&["follow-up", "INC-1"]).0, Some(2));

    let (_, status, _) = cmd(&["status", "INC-1"]);
    assert!(status.contains("FOLLOW-UP"), "{status}");
    assert!(status.contains("carol"), "{status}");
    assert!(status.contains("2099-01-31"), "{status}");
    let (_, md, _) = cmd(&["export", "INC-1"]);
    assert!(
        md.contains("| 1 | Rotate CI tokens | carol | 2099-01-31 | open |"),
        "{md}"
    );
    assert!(
        md.contains("| Write the postmortem |") && md.contains("| done |"),
        "{md}"
    );
}
