//! The headless incident commands through the real binary: output, exit
//! codes, and the `status --json` contract.

mod common;

use common::Sandbox;
use predicates::prelude::*;
use serde_json::Value;

struct Db {
    sb: Sandbox,
}

impl Db {
    fn new() -> Db {
        Db { sb: Sandbox::new() }
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.sb
            .cmd()
            .env("WARROOM_DB", self.sb.path().join("w.db"))
            .args(args)
            .assert()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args).success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }

    fn step<'a>(status: &'a Value, id: &str) -> &'a Value {
        status["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
    }
}

#[test]
fn declare_prints_only_the_id_and_validates_its_input() {
    let db = Db::new();
    db.run(&["declare", "secret-leak", "--title", "Token in CI"])
        .stdout("INC-1\n")
        .stderr("");
    db.run(&[
        "declare",
        "secret-rotation-routine",
        "--set",
        "secret-store=vault",
        "--drill",
    ])
    .stdout("INC-2\n");
    db.run(&["declare", "secret-rotation-routine", "--set", "store=vault"])
        .code(2)
        .stderr(predicate::str::contains(
            "has no input `store` (inputs: secret-name, secret-store)",
        ));
    db.run(&[
        "declare",
        "secret-rotation-routine",
        "--set",
        "secret-store=ftp",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "not a choice of `secret-store` (choices: github-actions, vault",
    ));
    db.run(&["declare", "secret-lek"])
        .code(2)
        .stderr(predicate::str::contains("did you mean `secret-leak`"));
    db.run(&["declare", "secret-leak", "--severity", "P7"])
        .code(2)
        .stderr(predicate::str::contains("P0, P1, P2, P3"));
    db.run(&["list"])
        .success()
        .stdout(predicate::str::contains("INC-1").and(predicate::str::contains("declared DRILL")));
    let drill = db.json(&["status", "INC-2", "--json"]);
    assert_eq!(drill["drill"], true);
    assert_eq!(drill["inputs"]["secret-store"], "vault");
}

#[test]
fn status_json_carries_the_contract_fields() {
    let db = Db::new();
    db.run(&["declare", "secret-leak"]).success();
    let s = db.json(&["status", "--json"]);
    for key in [
        "id",
        "title",
        "playbook",
        "severity",
        "status",
        "drill",
        "declared_at",
        "phases",
        "steps",
    ] {
        assert!(!s[key].is_null(), "missing {key}");
    }
    let phase = &s["phases"][0];
    for key in ["id", "due_at", "state"] {
        assert!(!phase[key].is_null(), "phase missing {key}");
    }
    assert!(phase.get("completed_at").is_some());
    let step = &s["steps"][0];
    for key in ["id", "phase", "state"] {
        assert!(!step[key].is_null(), "step missing {key}");
    }
    assert!(step.get("by").is_some() && step.get("at").is_some());
    assert_eq!(s["id"], "INC-1");
    assert_eq!(s["phases"][0]["state"], "open");
}

#[test]
fn steps_move_and_refusals_name_who_and_when() {
    let db = Db::new();
    db.run(&["declare", "secret-leak"]).success();
    db.run(&["step", "INC-1", "assess-scope", "start", "--as", "alice"])
        .success()
        .stdout(format!(
            "INC-1: step started assess-scope by {} (event 2)\n",
            common::shown("alice")
        ));
    let s = db.json(&["status", "INC-1", "--json"]);
    assert_eq!(Db::step(&s, "assess-scope")["state"], "in_progress");
    assert_eq!(
        Db::step(&s, "assess-scope")["by"],
        common::shown("alice").as_str()
    );
    db.run(&["step", "INC-1", "assess-scope", "done", "--as", "alice"])
        .success();
    db.run(&["step", "INC-1", "assess-scope", "done", "--as", "bob"])
        .code(1)
        .stderr(
            predicate::str::contains(format!("already done (by {} at", common::shown("alice")))
                .and(predicate::str::contains("\n").count(1)),
        );
    let s = db.json(&["status", "INC-1", "--json"]);
    assert_eq!(Db::step(&s, "assess-scope")["state"], "done");

    // Skip and reopen need reasons; a blocked step needs --force with one.
    db.run(&["step", "INC-1", "exposure-timeline", "skip"])
        .code(2)
        .stderr(predicate::str::contains("needs a reason"));
    db.run(&[
        "step",
        "INC-1",
        "exposure-timeline",
        "skip",
        "--reason",
        "known already",
    ])
    .success();
    db.run(&[
        "step",
        "INC-1",
        "exposure-timeline",
        "reopen",
        "--reason",
        "it was not",
    ])
    .success();
    let blocked = db.json(&["status", "INC-1", "--json"]);
    let b = blocked["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "blocked")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    db.run(&["step", "INC-1", &b, "start"])
        .code(1)
        .stderr(predicate::str::contains("--force"));
    db.run(&["step", "INC-1", &b, "start", "--force"])
        .code(2)
        .stderr(predicate::str::contains("--force needs a --reason"));
    db.run(&[
        "step", "INC-1", &b, "start", "--force", "--reason", "urgent",
    ])
    .success();

    // Decisions are answered; a wrong choice names the right ones.
    db.run(&["answer", "INC-1", "in-git", "maybe"])
        .code(2)
        .stderr(predicate::str::contains("choices: yes, no"));
    db.run(&["answer", "INC-1", "in-git", "no"]).success();
    let s = db.json(&["status", "INC-1", "--json"]);
    assert_eq!(Db::step(&s, "in-git")["answer"], "no");
    assert_eq!(Db::step(&s, "git-pushed")["state"], "not_applicable");
}

#[test]
fn status_severity_and_closing() {
    let db = Db::new();
    db.run(&["declare", "secret-leak"]).success();
    db.run(&["set-status", "INC-1", "fixed"])
        .code(2)
        .stderr(predicate::str::contains(
            "declared, investigating, mitigated, resolved, closed",
        ));
    db.run(&["set-status", "INC-1", "investigating"]).success();
    db.run(&["set-status", "INC-1", "investigating"]).code(1);
    db.run(&["set-severity", "INC-1", "p0"]).success();
    assert_eq!(db.json(&["status", "INC-1", "--json"])["severity"], "P0");
    db.run(&["set-status", "INC-1", "closed"]).success();
    db.run(&["step", "INC-1", "assess-scope", "start"])
        .code(1)
        .stderr(predicate::str::contains("closed"));
    db.run(&["note", "INC-1", "post-mortem scheduled"])
        .success();
    db.run(&["list"])
        .success()
        .stdout(predicate::str::contains("no open incidents"));
    db.run(&["list", "--all"])
        .success()
        .stdout(predicate::str::contains("INC-1"));
    let all = db.json(&["list", "--all", "--json"]);
    assert_eq!(all[0]["status"], "closed");
}

#[test]
fn unknown_things_are_bad_input_naming_the_valid_ones() {
    let db = Db::new();
    db.run(&["status", "INC-1"])
        .code(2)
        .stderr(predicate::str::contains(
            "unknown incident INC-1 (there are no incidents yet)",
        ));
    db.run(&["declare", "secret-leak"]).success();
    db.run(&["declare", "token-compromise"]).success();
    db.run(&["status"]).code(2).stderr(predicate::str::contains(
        "several incidents are open; name one: INC-1, INC-2",
    ));
    db.run(&["note", "INC-x", "hello"])
        .code(2)
        .stderr(predicate::str::contains("not an incident id"));
    db.run(&["step", "INC-1", "asess-scope", "start"])
        .code(2)
        .stderr(
            predicate::str::contains("unknown step `asess-scope`")
                .and(predicate::str::contains("assess-scope")),
        );
    db.run(&["status", "INC-9"])
        .code(2)
        .stderr(predicate::str::contains("recent: INC-2, INC-1"));
}

#[test]
fn a_secret_in_a_note_or_a_reason_never_reaches_the_database() {
    let db = Db::new();
    db.run(&["declare", "secret-leak"]).success();
    let token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    db.run(&[
        "note",
        "INC-1",
        &format!("found token={token} in the build log"),
    ])
    .success();
    db.run(&[
        "step",
        "INC-1",
        "assess-scope",
        "skip",
        "--reason",
        &format!("vendor rotated {token}"),
    ])
    .success();
    for file in ["w.db", "w.db-wal", "w.db-shm"] {
        if let Ok(bytes) = std::fs::read(db.sb.path().join(file)) {
            assert!(
                !bytes.windows(12).any(|w| w == &token.as_bytes()[..12]),
                "{file} holds the token"
            );
        }
    }
    let conn = rusqlite::Connection::open(db.sb.path().join("w.db")).unwrap();
    let stored: String = conn
        .query_row("SELECT group_concat(payload, ' ') FROM events", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.contains("[REDACTED:github-token]"), "{stored}");
}

/// `rename` records a new title: `list`, `status` and the timeline show it,
/// and the same title again is refused.
#[test]
fn rename_records_a_new_title() {
    let db = Db::new();
    db.run(&["declare", "secret-leak", "--title", "first guess"])
        .success();
    db.run(&["rename", "INC-1", "GitHub", "token", "in", "CI", "logs"])
        .success();
    db.run(&["list"])
        .success()
        .stdout(predicate::str::contains("GitHub token in CI logs"))
        .stdout(predicate::str::contains("first guess").not());
    assert_eq!(
        db.json(&["status", "INC-1", "--json"])["title"],
        "GitHub token in CI logs"
    );
    db.run(&["rename", "INC-1", "GitHub token in CI logs"])
        .code(1);
    db.run(&["export", "INC-1"])
        .success()
        .stdout(predicate::str::contains(
            "renamed the incident \"GitHub token in CI logs\" (was \"first guess\")",
        ));
}

/// A decision whose prerequisites are open is answered only as an
/// override, with a reason, and the report lists it among the overrides.
#[test]
fn a_blocked_decision_needs_an_override_and_a_reason() {
    let db = Db::new();
    db.run(&["declare", "secret-leak"]).success();
    // `github-token-leaked` waits for `assess-scope`.
    db.run(&["answer", "INC-1", "github-token-leaked", "yes"])
        .code(1)
        .stderr(predicate::str::contains("--force"));
    db.run(&["answer", "INC-1", "github-token-leaked", "yes", "--force"])
        .code(2)
        .stderr(predicate::str::contains("--force needs a --reason"));
    db.run(&[
        "answer",
        "INC-1",
        "github-token-leaked",
        "yes",
        "--force",
        "--reason",
        "the token is in the public log",
    ])
    .success();
    let s = db.json(&["status", "INC-1", "--json"]);
    assert_eq!(Db::step(&s, "github-token-leaked")["answer"], "yes");
    db.run(&["export", "INC-1"]).success().stdout(
        predicate::str::contains("answered while blocked")
            .and(predicate::str::contains("the token is in the public log")),
    );
}
