//! Two people for a dangerous step, with real Unix accounts: a step with
//! `approval = true` is refused for its starter's own approval, accepted
//! once another account approves, and both are on the record, with the
//! account each came from. The account is the uid's: a display name
//! (`--as`) changes nothing.
//!
//! It needs root (accounts, `runuser`); without it, it says why on stderr
//! and passes. The accounts and group are removed when it ends.

mod common;

use common::accounts::{Accounts, TeamHost, as_user, home_of, skip_reason, tool};
use std::os::unix::fs::PermissionsExt;

const PLAYBOOK: &str = r#"
id = "purge"
title = "Purge a leaked secret from history"
[[phases]]
id = "p"
title = "Purge"
due = "1h"
[[steps]]
id = "purge-history"
phase = "p"
title = "Force-push the rewritten history"
commands = ["echo pushed"]
approval = "rewrites history everyone has pulled"
"#;

#[test]
fn an_approval_step_needs_a_second_account_not_the_starters_own() {
    if let Some(why) = skip_reason() {
        eprintln!("skipping an_approval_step_needs_a_second_account_not_the_starters_own: {why}");
        return;
    }
    let acc = Accounts::create("ap", &["a", "b"]);
    let (alice, bob) = (acc.users[0].clone(), acc.users[1].clone());
    let (home_a, home_b) = (home_of(&alice), home_of(&bob));
    let host = TeamHost::new(&acc.group);
    let (root, bin, db) = (&host.root, host.bin.clone(), host.db.clone());
    let books = root.path().join("pb");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(books.join("purge.toml"), PLAYBOOK).unwrap();
    std::fs::set_permissions(&books, std::fs::Permissions::from_mode(0o755)).unwrap();
    let books = books.display().to_string();

    // What an account runs: exit code, stdout, stderr.
    let warroom = |user: &str, args: &[&str]| {
        let home = if user == alice { &home_a } else { &home_b };
        let mut all = vec!["--playbooks", books.as_str()];
        all.extend_from_slice(args);
        let out = tool("runuser")
            .args(as_user(user, home, &bin, &db, &all))
            .current_dir(root.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    let (code, out, err) = warroom(&alice, &["declare", "purge", "--title", "leak"]);
    assert_eq!((code, out.as_str()), (Some(0), "INC-1\n"), "{err}");
    // Not run, not done, before anyone approves.
    let (code, _, err) = warroom(&alice, &["run", "INC-1", "purge-history", "--yes"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("needs another account's approval"), "{err}");
    assert!(
        err.contains("rewrites history everyone has pulled"),
        "{err}"
    );
    let (code, _, _) = warroom(&alice, &["step", "INC-1", "purge-history", "start"]);
    assert_eq!(code, Some(0));
    let (code, _, err) = warroom(&alice, &["step", "INC-1", "purge-history", "done"]);
    assert_eq!(code, Some(1), "{err}");
    // The starter's own approval is refused, whatever name she gives.
    let (code, _, err) = warroom(&alice, &["--as", &bob, "approve", "INC-1", "purge-history"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("your approval would be your own"), "{err}");
    // Bob approves; now Alice may finish it.
    let (code, _, err) = warroom(
        &bob,
        &[
            "approve",
            "INC-1",
            "purge-history",
            "--reason",
            "backup verified",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = warroom(&alice, &["step", "INC-1", "purge-history", "done"]);
    assert_eq!(code, Some(0), "{err}");

    // Both on the record, each with the account that wrote it.
    let (_, json, _) = warroom(&alice, &["export", "INC-1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let events = v["events"].as_array().unwrap();
    let approved: Vec<&serde_json::Value> =
        events.iter().filter(|e| e["kind"] == "approved").collect();
    assert_eq!(approved.len(), 1, "{json}");
    assert_eq!(approved[0]["account"], bob.as_str());
    assert_eq!(approved[0]["reason"], "backup verified");
    let done = events
        .iter()
        .find(|e| e["kind"] == "step_done")
        .expect("the step done");
    assert_eq!(done["account"], alice.as_str());
    assert!(done["seq"].as_u64() > approved[0]["seq"].as_u64());
    // The refused self-approval wrote nothing.
    assert!(
        !events
            .iter()
            .any(|e| e["kind"] == "approved" && e["account"] == alice.as_str())
    );
}
