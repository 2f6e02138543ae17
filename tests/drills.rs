//! Drills through the real binary: `declare --drill --speed`, DRILL on
//! every surface, a score card when a drill is resolved, and trends that
//! compare drills with drills only.

mod common;

use common::{Sandbox, one_error_line};
use serde_json::Value;

fn run(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.cmd()
        .env("WARROOM_DB", sb.path().join("w.db"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let out = run(sb, args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn speed_is_only_for_drills_and_is_bounded() {
    let sb = Sandbox::new();
    let out = run(&sb, &["declare", "secret-leak", "--speed", "60"]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line("speed without drill", &out.stderr);
    assert!(line.contains("--speed is for drills"), "{line}");
    let out = run(&sb, &["declare", "secret-leak", "--drill", "--speed", "0"]);
    assert_eq!(out.status.code(), Some(2));
    // A bad flag value is bad input like any other: one line, not clap's
    // usage block.
    let line = one_error_line("speed 0", &out.stderr);
    assert!(line.contains("'0' for '--speed <N>'"), "{line}");
    let out = run(&sb, &["step", "INC-1", "x", "start", "--force", "later"]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line("a reason without --reason", &out.stderr);
    assert!(line.contains("unexpected argument 'later'"), "{line}");
    assert!(!sb.path().join("w.db").exists(), "nothing half-written");
}

#[test]
fn drills_are_marked_everywhere_and_scored_against_drills_only() {
    let sb = Sandbox::new();
    // A real incident of the same playbook, resolved: never in a trend.
    assert_eq!(
        ok(&sb, &["declare", "secret-leak", "--title", "real"]),
        "INC-1\n"
    );
    let resolved = ok(&sb, &["set-status", "INC-1", "resolved"]);
    assert_eq!(resolved.lines().count(), 1, "no score card: {resolved}");

    assert_eq!(
        ok(&sb, &["declare", "secret-leak", "--drill", "--speed", "60"]),
        "INC-2\n"
    );
    let list = ok(&sb, &["list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("INC-2") && l.contains("DRILL")),
        "{list}"
    );
    let status = ok(&sb, &["status", "INC-2"]);
    assert!(status.lines().next().unwrap().contains("DRILL"), "{status}");
    let json: Value = serde_json::from_str(&ok(&sb, &["status", "INC-2", "--json"])).unwrap();
    assert_eq!(
        (json["drill"].as_bool(), json["speed"].as_u64()),
        (Some(true), Some(60))
    );

    ok(&sb, &["step", "INC-2", "assess-scope", "start"]);
    ok(&sb, &["step", "INC-2", "assess-scope", "done"]);
    ok(&sb, &["note", "INC-2", "rehearsal note"]);
    let ended = ok(&sb, &["set-status", "INC-2", "resolved"]);
    assert!(ended.contains("Score card"), "{ended}");
    // Resolving again scores nothing twice.
    ok(&sb, &["set-status", "INC-2", "closed"]);
    let json: Value =
        serde_json::from_str(&ok(&sb, &["export", "INC-2", "--format", "json"])).unwrap();
    let scored = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "drill_scored")
        .count();
    assert_eq!(scored, 1);

    // A second drill: its trend holds the first drill, not the real incident.
    assert_eq!(ok(&sb, &["declare", "secret-leak", "--drill"]), "INC-3\n");
    let ended = ok(&sb, &["set-status", "INC-3", "resolved"]);
    assert!(
        ended.contains("INC-2"),
        "the earlier drill is in the trend: {ended}"
    );
    assert!(
        !ended.contains("INC-1"),
        "a real incident in a drill trend: {ended}"
    );

    let drills = ok(&sb, &["drills", "secret-leak"]);
    let ids: Vec<&str> = drills
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, ["INC-2", "INC-3"], "{drills}");
    assert!(drills.contains(" met · "), "{drills}");
    let none = ok(&sb, &["drills", "token-compromise"]);
    assert!(none.starts_with("no drills of token-compromise"), "{none}");

    let md = ok(&sb, &["export", "INC-3"]);
    assert!(md.contains("DRILL") && md.contains("Drill score"), "{md}");
    let real = ok(&sb, &["export", "INC-1"]);
    assert!(!real.contains("Drill score") && !real.contains("DRILL"));
}
