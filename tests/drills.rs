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

/// A playbook of the user's: one deadline the source's, two warroom's
/// suggestions, and two signals due at once, each naming its step.
const SPLIT: &str = r#"
id = "split"
title = "Split deadlines"

[[phases]]
id = "contain"
title = "Contain"
due = "15m"

[[phases]]
id = "recover"
title = "Recover"
due = "1h"
due_origin = "suggested"

[[phases]]
id = "review"
title = "Review"
due = "24h"
due_origin = "suggested"

[[steps]]
id = "revoke"
phase = "contain"
title = "Revoke the token"

[[steps]]
id = "rotate"
phase = "recover"
title = "Rotate the keys"

[[steps]]
id = "report"
phase = "review"
title = "Write the report"

[[logs]]
name = "api"
path = "/var/log/api.log"

[[drill.inject]]
at = "0s"
source = "api"
log = "api: token used from a new address"
expects = ["rotate"]

[[drill.inject]]
at = "0s"
source = "api"
log = "api: report requested by legal"
expects = ["report"]
"#;

#[test]
fn the_score_card_counts_source_and_suggested_deadlines_apart() {
    let sb = Sandbox::new();
    sb.write("config/warroom/playbooks/split.toml", SPLIT);
    assert_eq!(
        ok(&sb, &["declare", "split", "--drill", "--speed", "1"]),
        "INC-1\n"
    );
    // Revoking answers neither signal; rotating answers the first. Report
    // is never started, and its (suggested) day is not up when the drill
    // ends seconds later: not due, so neither met nor missed.
    for (step, action) in [
        ("revoke", "start"),
        ("revoke", "done"),
        ("rotate", "start"),
        ("rotate", "done"),
    ] {
        ok(&sb, &["step", "INC-1", step, action]);
    }
    let card = ok(&sb, &["set-status", "INC-1", "resolved"]);
    assert!(card.contains("Score card"), "{card}");
    for line in card.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(
        card.contains("2/2 phases met (source 1/1, suggested ~1/1; 1 not due)"),
        "{card}"
    );
    assert!(card.contains("1/2 signals answered"), "{card}");
    let row = |title: &str| {
        card.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("no {title} row in\n{card}"))
            .to_string()
    };
    assert!(row("Contain").contains(" T+15m00s "), "{card}");
    assert!(!row("Contain").contains('~'), "{card}");
    assert!(row("Recover").contains("~T+1h00m"), "{card}");
    assert!(row("Review").contains("~T+24h00m"), "{card}");
    assert!(row("Review").ends_with("not done, not due yet"), "{card}");
    assert!(
        card.contains("~ deadline suggested by warroom; the source gives none"),
        "{card}"
    );

    let drills = ok(&sb, &["drills", "split"]);
    assert!(
        drills.contains("2/2 met (source 1/1, ~1/1) · 1/2 signals"),
        "{drills}"
    );
    let md = ok(&sb, &["export", "INC-1"]);
    assert!(md.contains("| Recover | ~T+1h00m |"), "{md}");
    assert!(
        md.contains("(source 1/1, suggested ~1/1; 1 not due)"),
        "{md}"
    );
}
