//! Roles, hand-offs, assignments and corrections from the command line,
//! read back through `status`, the exports and `verify`.

mod common;

use common::Sandbox;
use serde_json::Value;
use std::path::PathBuf;

fn setup() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let out = sb
        .cmd()
        .env("WARROOM_DB", &db)
        .args(["declare", "secret-leak", "--title", "Token in CI"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (sb, db)
}

/// `warroom ARGS` as display name `name` (the account is the test's own:
/// roles are held by accounts, so a hand-off names the account).
fn run(sb: &Sandbox, db: &PathBuf, args: &[&str]) -> (Option<i32>, String, String) {
    let out = sb.cmd().env("WARROOM_DB", db).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn events(sb: &Sandbox, db: &PathBuf) -> Vec<Value> {
    let (_, out, _) = run(sb, db, &["export", "INC-1", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["events"].as_array().unwrap().clone()
}

#[test]
fn a_role_is_taken_and_handed_over_with_both_accounts_on_record() {
    let (sb, db) = setup();
    let me = common::account();
    assert_eq!(run(&sb, &db, &["role", "INC-1", "commander"]).0, Some(0));
    // Taking it again, or a role that doesn't exist: refused / bad input.
    let (code, _, err) = run(&sb, &db, &["role", "INC-1", "commander"]);
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = run(&sb, &db, &["role", "INC-1", "pilot"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("commander, scribe, comms"), "{err}");
    let (_, status, _) = run(&sb, &db, &["status", "INC-1"]);
    assert!(status.contains(&format!("commander: {me}")), "{status}");
    assert!(status.contains("scribe: nobody"), "{status}");
    let (code, _, err) = run(
        &sb,
        &db,
        &[
            "role",
            "INC-1",
            "commander",
            "--handoff-to",
            "bob",
            "--note",
            "going off shift",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let ev = events(&sb, &db);
    let handed = ev
        .iter()
        .find(|e| e["kind"] == "role_handed_off")
        .expect("the hand-off");
    assert_eq!(handed["account"], me.as_str());
    assert_eq!(handed["to"], "bob");
    assert_eq!(handed["note"], "going off shift");
    // Now bob's: this account can't hand it on, and takes it back only on purpose.
    let (code, _, err) = run(
        &sb,
        &db,
        &[
            "role",
            "INC-1",
            "commander",
            "--handoff-to",
            "carol",
            "--note",
            "x",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = run(&sb, &db, &["role", "INC-1", "commander"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("bob holds the commander role"), "{err}");
    assert_eq!(
        run(&sb, &db, &["role", "INC-1", "commander", "--force"]).0,
        Some(0)
    );
    // The report lists every holder, with from and until.
    let (_, md, _) = run(&sb, &db, &["export", "INC-1"]);
    let roles: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| commander |"))
        .collect();
    assert_eq!(roles.len(), 3, "{md}");
    assert!(roles[0].contains(&format!("| {me} |")) && roles[0].contains("| took it |"));
    assert!(roles[1].contains("| bob |") && roles[1].contains("handed over by"));
    assert!(roles[2].contains("still held") && roles[2].contains("took it over from bob"));
    let v: Value = serde_json::from_str(&run(&sb, &db, &["status", "INC-1", "--json"]).1).unwrap();
    assert_eq!(v["roles"]["commander"]["account"], me.as_str());
    assert_eq!(v["roles"]["comms"], Value::Null);
}

#[test]
fn an_assigned_step_is_not_started_by_someone_else_without_yes() {
    let (sb, db) = setup();
    assert_eq!(
        run(&sb, &db, &["assign", "INC-1", "assess-scope", "bob"]).0,
        Some(0)
    );
    let (code, _, err) = run(&sb, &db, &["step", "INC-1", "assess-scope", "start"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("assigned to bob; pass --yes"), "{err}");
    assert_eq!(
        run(
            &sb,
            &db,
            &["step", "INC-1", "assess-scope", "start", "--yes"]
        )
        .0,
        Some(0)
    );
    let v: Value = serde_json::from_str(&run(&sb, &db, &["status", "INC-1", "--json"]).1).unwrap();
    assert_eq!(v["steps"][0]["assignee"], "bob");
    // Assigned to me: no question.
    let me = common::account();
    assert_eq!(
        run(&sb, &db, &["assign", "INC-1", "exposure-timeline", &me]).0,
        Some(0)
    );
    assert_eq!(
        run(&sb, &db, &["step", "INC-1", "exposure-timeline", "start"]).0,
        Some(0)
    );
    assert_eq!(
        run(
            &sb,
            &db,
            &["assign", "INC-1", "exposure-timeline", "--clear"]
        )
        .0,
        Some(0)
    );
    let (_, status, _) = run(&sb, &db, &["status", "INC-1"]);
    assert!(status.contains("FOR"), "{status}");
}

#[test]
fn a_correction_shows_in_status_and_exports_and_keeps_the_original() {
    let (sb, db) = setup();
    assert_eq!(
        run(&sb, &db, &["note", "INC-1", "revoked at 03:01"]).0,
        Some(0)
    );
    // Event 2 is the note.
    let (code, _, err) = run(
        &sb,
        &db,
        &[
            "amend",
            "INC-1",
            "2",
            "--text",
            "revoked at 03:02",
            "--reason",
            "read the wrong clock",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // No reason, no event, a declaration: bad input.
    let (code, _, _) = run(&sb, &db, &["amend", "INC-1", "2", "--text", "x"]);
    assert_eq!(code, Some(2));
    let (code, _, _) = run(
        &sb,
        &db,
        &["amend", "INC-1", "99", "--text", "x", "--reason", "r"],
    );
    assert_eq!(code, Some(2));
    let (code, _, err) = run(
        &sb,
        &db,
        &[
            "amend",
            "INC-1",
            "1",
            "--at",
            "2020-01-01 00:00",
            "--reason",
            "r",
        ],
    );
    assert_eq!(code, Some(2), "{err}");

    let (_, status, _) = run(&sb, &db, &["status", "INC-1"]);
    assert!(
        status.contains("event 2: text now \"revoked at 03:02\""),
        "{status}"
    );
    assert!(status.contains("read the wrong clock"), "{status}");
    let (_, md, _) = run(&sb, &db, &["export", "INC-1"]);
    assert!(
        md.contains("noted: revoked at 03:02 *(corrected)*[^e2]"),
        "{md}"
    );
    assert!(md.contains("[^e2]: Event 2 as first recorded"), "{md}");
    assert!(md.contains("noted: revoked at 03:01"), "{md}");
    let ev = events(&sb, &db);
    let note = ev.iter().find(|e| e["seq"] == 2).unwrap();
    assert!(
        note["text"].as_str().unwrap().ends_with("revoked at 03:01"),
        "{note}"
    );
    assert_eq!(note["corrected"]["text"], "revoked at 03:02");
    assert_eq!(note["corrected"]["reason"], "read the wrong clock");
    // The chain covers the correction: verify passes, and the correction
    // is an event like any other.
    let (code, out, err) = run(&sb, &db, &["verify", "INC-1"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(ev.iter().any(|e| e["kind"] == "amended" && e["event"] == 2));
}
