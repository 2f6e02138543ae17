//! Exports of a scripted incident with a fixed clock, compared with golden
//! files (`UPDATE_GOLDEN=1 cargo test --test export` rewrites them after an
//! intended change), and the CLI's file handling.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{Sandbox, golden};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use warroom::export::{Exported, csv, json, markdown};
use warroom::incident::{Actor, Command, Status};
use warroom::playbook::{Library, Severity, bundled_source};
use warroom::redact::Redactor;
use warroom::store::{Declaration, Store};

const TOKEN: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
}

/// A secret-leak incident with decisions, skips with reasons, a reopening,
/// notes full of Markdown-breaking and wide characters, pinned evidence, a
/// severity change, and resolution.
fn scripted(db: &Path) -> Store {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let source = bundled_source("secret-leak").unwrap();
    let red = Redactor::builtin();
    let mut store = Store::open(db).unwrap();
    let decl = Declaration {
        playbook: pb,
        source,
        title: "GitHub token | leaked in `CI` logs".into(),
        severity: Severity::P2,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    let id = store
        .declare(decl, &Actor::account("alice"), t0(), &red)
        .unwrap();
    let mut minute = 0;
    let mut run = |who: &str, cmd: Command| {
        minute += 1;
        // Carol works from the shared `oncall` login: both names show.
        let actor = if who == "carol" {
            Actor::named("carol", "oncall")
        } else {
            Actor::account(who)
        };
        store
            .apply(id, cmd, &actor, t0() + Duration::minutes(minute), &red)
            .unwrap();
    };
    run("alice", Command::SetStatus(Status::Investigating));
    run(
        "alice",
        Command::Start {
            step: "assess-scope".into(),
            force: None,
            note: None,
        },
    );
    run(
        "alice",
        Command::Done {
            step: "assess-scope".into(),
            force: None,
            note: Some("only the CI token".into()),
        },
    );
    run(
        "bob",
        Command::Answer {
            target: "github-token-leaked".into(),
            choice: "yes".into(),
            note: None,
            force: None,
        },
    );
    run(
        "bob",
        Command::Answer {
            target: "worker-secret-leaked".into(),
            choice: "no".into(),
            note: None,
            force: None,
        },
    );
    run(
        "carol",
        Command::Skip {
            step: "exposure-timeline".into(),
            reason: "known | from the CI log".into(),
        },
    );
    run(
        "carol",
        Command::Reopen {
            step: "exposure-timeline".into(),
            reason: "the log was *partial*".into(),
        },
    );
    run(
        "bob",
        Command::Note {
            text: format!(
                "token={TOKEN} was in build #1432\nsecond line: `code`, <b>, 漏洩した トークン"
            ),
            step: None,
        },
    );
    run(
        "bob",
        Command::Pin {
            source: "nanoclaw".into(),
            line: "401 auth denied from 203.0.113.7 ``` fence".into(),
        },
    );
    run("alice", Command::SetSeverity(Severity::P1));
    run("alice", Command::SetStatus(Status::Mitigated));
    run("alice", Command::SetStatus(Status::Resolved));
    store
}

fn exported(store: &Store) -> Vec<Exported> {
    let (state, events) = store.incident_with_hashes(1).unwrap();
    vec![Exported::whole(state, events)]
}

#[test]
fn golden_markdown_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let store = scripted(&dir.path().join("w.db"));
    let items = exported(&store);
    let red = Redactor::builtin();
    let now = t0() + Duration::hours(2);
    let md = markdown(&items, &red, now);
    let js = json(&items, &red, now);
    let cs = csv(&items, &red);
    for text in [&md, &js, &cs] {
        assert!(
            !text.contains(&TOKEN[..12]),
            "the token leaked into an export"
        );
    }
    golden("secret-leak.md", &md);
    golden("secret-leak.json", &js);
    golden("secret-leak.csv", &cs);
}

#[test]
fn the_csv_reads_back_as_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let store = scripted(&dir.path().join("w.db"));
    let items = exported(&store);
    let text = csv(&items, &Redactor::builtin());
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let events = &items[0].events;
    assert_eq!(rows.len(), events.len());
    for (row, (e, hash)) in rows.iter().zip(events) {
        assert_eq!(&row[0], "INC-1");
        assert_eq!(row[1].parse::<u64>().unwrap(), e.seq);
        assert_eq!(&row[5], e.kind.name());
        assert_eq!(&row[6], e.kind.step().unwrap_or(""));
        assert_eq!(&row[8], hash);
    }
    // The multi-line note survives quoting intact.
    assert!(rows.iter().any(|r| r[7].contains("\nsecond line: `code`")));
}

#[test]
fn a_rule_added_after_the_event_still_applies() {
    let dir = tempfile::tempdir().unwrap();
    let store = scripted(&dir.path().join("w.db"));
    let items = exported(&store);
    let later = Redactor::builder()
        .pattern("ci-build", r"build #[0-9]+")
        .build()
        .unwrap();
    let md = markdown(&items, &later, t0());
    assert!(
        md.contains("[REDACTED:ci-build]") || md.contains("\\[REDACTED:ci-build\\]"),
        "{md}"
    );
    assert!(!md.contains("#1432"));
}

#[test]
fn the_window_cuts_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let store = scripted(&dir.path().join("w.db"));
    let mut items = exported(&store);
    items[0].since = Some(t0() + Duration::minutes(4));
    items[0].until = Some(t0() + Duration::minutes(5));
    let text = csv(&items, &Redactor::builtin());
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn the_cli_writes_files_atomically_and_refuses_to_overwrite() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    drop(scripted(&db));
    let cmd = || {
        let mut c = sb.cmd();
        c.env("WARROOM_DB", &db);
        c
    };
    cmd()
        .args(["export", "INC-1", "-o", "report.md"])
        .assert()
        .success()
        .stdout("");
    let report = sb.path().join("report.md");
    assert_eq!(
        std::fs::metadata(&report).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("# INC-1: ")
    );
    cmd()
        .args(["export", "INC-1", "-o", "report.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; add --force"));
    cmd()
        .args([
            "export",
            "INC-1",
            "--format",
            "json",
            "-o",
            "report.md",
            "--force",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("\"schema_version\": 1")
    );
    cmd()
        .args(["export", "INC-1", "--format", "pdf"])
        .assert()
        .code(2);
    cmd()
        .args(["export", "INC-9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown incident INC-9"));
    cmd()
        .args(["export", "INC-1", "-o", "no/such/dir/r.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    let leftovers: Vec<_> = std::fs::read_dir(sb.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "a temp file was left behind");
    cmd()
        .args(["export", "--all", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("incident,seq,at,"));
}

/// An untimed phase of an ended incident reads "never completed", without
/// a deadline it never had.
#[test]
fn an_untimed_phase_never_completed_names_no_deadline() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let run = |args: &[&str]| {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args(args)
            .assert()
            .success()
    };
    run(&[
        "declare",
        "execution-plane-emergency",
        "--title",
        "rollback",
    ]);
    run(&["set-status", "INC-1", "resolved"]);
    let out = sb
        .cmd()
        .env("WARROOM_DB", &db)
        .args(["export", "INC-1"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    let row = md
        .lines()
        .find(|l| l.starts_with("| Restore (when safe)"))
        .unwrap_or_else(|| panic!("no Restore row:\n{md}"));
    assert!(row.ends_with("| never completed |"), "{row}");
}

/// Headings never skip a level (a single report's sections are `##`), and
/// `export --all`'s contents links each land on an anchor that exists.
#[test]
fn headings_do_not_skip_levels_and_contents_links_land() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let run = |args: &[&str]| {
        sb.cmd()
            .env("WARROOM_DB", &db)
            .args(args)
            .assert()
            .success()
    };
    run(&["declare", "secret-leak", "--title", "first"]);
    run(&[
        "declare",
        "secret-leak",
        "--drill",
        "--speed",
        "60",
        "--title",
        "drill",
    ]);
    run(&["set-status", "INC-2", "resolved"]);
    let export = |args: &[&str]| {
        let out = sb.cmd().env("WARROOM_DB", &db).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    for args in [
        &["export", "INC-1"][..],
        &["export", "INC-2"][..],
        &["export", "--all"][..],
    ] {
        let md = export(args);
        let mut last = 0;
        for line in md.lines().filter(|l| l.starts_with('#')) {
            let level = line.bytes().take_while(|&b| b == b'#').count();
            assert!(
                level <= last + 1,
                "{args:?}: `{line}` skips a level after {last}"
            );
            last = level;
        }
    }
    let all = export(&["export", "--all"]);
    for id in ["inc-1", "inc-2"] {
        assert!(all.contains(&format!("](#{id})")), "{all}");
        assert!(all.contains(&format!("<a id=\"{id}\"></a>")), "{all}");
    }
}
