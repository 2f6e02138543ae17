//! `warroom playbooks list|show|check` driven through the real binary.

mod common;

use common::{Sandbox, fixtures};
use predicates::prelude::*;
use std::path::Path;

/// Each bad fixture ends with `# expect: LINE:COL: text` lines: the exact
/// diagnostics `check` must print, no more and no fewer.
fn expectations(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|e| {
            let (pos, text) = e.split_at(e.find(": ").expect("LINE:COL: text"));
            (pos.to_string(), text[2..].to_string())
        })
        .collect()
}

#[test]
fn every_bad_fixture_is_refused_with_exactly_its_diagnostics() {
    let sb = Sandbox::new();
    let dir = fixtures().join("playbooks/bad");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let expected = expectations(&path);
        assert!(
            !expected.is_empty(),
            "{} has no # expect: lines",
            path.display()
        );
        let out = sb
            .cmd()
            .args(["playbooks", "check"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{}:\n{stderr}", path.display());
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout for a refused file"
        );
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines.len(),
            expected.len(),
            "{}: got\n{stderr}",
            path.display()
        );
        for (line, (pos, text)) in lines.iter().zip(&expected) {
            let prefix = format!("{}:{pos}: ", path.display());
            assert!(
                line.starts_with(&prefix),
                "{}: expected {prefix}…, got {line}",
                path.display()
            );
            assert!(
                line.contains(text.as_str()),
                "{}: expected `{text}` in {line}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures");
}

#[test]
fn good_fixtures_and_the_bundled_set_pass() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["playbooks", "check"])
        .arg(fixtures().join("playbooks/good"))
        .assert()
        .success()
        .stdout("ok: 2 playbooks valid\n");
    sb.cmd()
        .args(["playbooks", "check"])
        .arg(fixtures().join("playbooks/good/minimal.toml"))
        .arg(fixtures().join("playbooks/good"))
        .assert()
        .success()
        .stdout("ok: 2 playbooks valid\n");
    sb.cmd()
        .args(["playbooks", "check"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: ").and(predicate::str::contains("bundled")));
}

#[test]
fn empty_non_utf8_and_unreadable_files_get_one_line() {
    let sb = Sandbox::new();
    let empty = sb.write("empty.toml", "");
    let blank = sb.write("blank.toml", "\n  \n");
    let latin1 = sb.write("latin1.toml", b"id = \"x\"\ntitle = \"caf\xe9\"\n");
    let dir = sb.path().join("dir.toml");
    std::fs::create_dir(&dir).unwrap();
    for (path, needle) in [
        (&empty, ":1:1: file is empty"),
        (&blank, ":1:1: file is empty"),
        (&latin1, ":2:13: file is not UTF-8 text (byte 0xe9)"),
        (&dir, "no playbook files (*.toml) in"),
    ] {
        sb.cmd()
            .args(["playbooks", "check"])
            .arg(path)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(needle).and(predicate::str::contains("panicked").not()),
            );
    }
    sb.cmd()
        .args(["playbooks", "check", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("missing.toml:1:1: cannot read"));
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let sb = Sandbox::new();
    let deep_array = format!(
        "id = \"deep\"\nx = {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_table = format!(
        "id = \"deep\"\nx = {}1{}\n",
        "{a = ".repeat(50_000),
        "}".repeat(50_000)
    );
    let deep_keys = format!("{} = 1\n", vec!["a"; 50_000].join("."));
    let deep_when = format!(
        "id = \"w\"\ntitle = \"W\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n[[steps]]\nid = \"s\"\nphase = \"p\"\ntitle = \"S\"\nwhen = \"{}x == 'y'{}\"\n",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    for (name, text) in [
        ("array", deep_array),
        ("table", deep_table),
        ("keys", deep_keys),
        ("when", deep_when),
    ] {
        let path = sb.write(&format!("{name}.toml"), text);
        let out = sb
            .cmd()
            .args(["playbooks", "check"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            !stderr.contains("overflow") && !stderr.contains("panicked"),
            "{name}: {stderr}"
        );
        assert!(
            stderr
                .lines()
                .all(|l| l.starts_with(&path.display().to_string())),
            "{name}: {stderr}"
        );
        assert!(
            stderr.lines().count() <= 5,
            "{name}: a flood of errors: {stderr}"
        );
    }
}

#[test]
fn all_errors_of_a_file_are_reported_at_once() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["playbooks", "check"])
        .arg(fixtures().join("playbooks/bad/bad-values.toml"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 7);
}

#[test]
fn the_same_id_in_two_checked_files_is_refused() {
    let sb = Sandbox::new();
    let good = std::fs::read_to_string(fixtures().join("playbooks/good/minimal.toml")).unwrap();
    sb.write("a/one.toml", &good);
    sb.write("a/two.toml", &good);
    sb.cmd()
        .args(["playbooks", "check", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "two.toml:1:1: playbook id `minimal` is already defined in a/one.toml",
        ));
}

#[test]
fn list_shows_deadlines_and_sources_and_user_overrides() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["playbooks", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("secret-leak").and(predicate::str::contains("15m / 1h / 24h")),
        )
        .stdout(
            predicate::str::contains("execution-plane-emergency")
                .and(predicate::str::contains("30s / 1m / 5m")),
        )
        .stdout(predicate::str::contains("untimed"));

    // A user file with a bundled id replaces it and says so.
    let mine = "id = \"secret-leak\"\ntitle = \"Our own leak runbook\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\ndue = \"5m\"\n[[steps]]\nid = \"s\"\nphase = \"p\"\ntitle = \"S\"\n";
    sb.write("config/warroom/playbooks/leak.toml", mine);
    sb.cmd()
        .args(["playbooks", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Our own leak runbook")
                .and(predicate::str::contains("(overrides bundled)")),
        );

    // --playbooks adds a directory; a broken file there is named, the rest still listed, exit 2.
    sb.write("extra/broken.toml", "id = \"broken\"\n");
    sb.write("extra/new.toml", mine.replace("secret-leak", "our-new-one"));
    sb.cmd()
        .args(["playbooks", "list", "--playbooks", "extra"])
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("our-new-one")
                .and(predicate::str::contains("token-compromise")),
        )
        .stderr(predicate::str::contains(
            "extra/broken.toml:1:1: the playbook is missing the required key `title`",
        ));

    sb.cmd()
        .args(["playbooks", "list", "--playbooks", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "warroom: playbooks directory nowhere:",
        ));
}

#[test]
fn show_prints_phases_steps_and_commands_or_names_the_choices() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["playbooks", "show", "secret-leak"])
        .assert()
        .success()
        .stdout(predicate::str::contains("— due T+15m"))
        .stdout(predicate::str::contains("$ systemctl restart nanoclaw"))
        .stdout(predicate::str::contains("only when:"));
    sb.cmd()
        .args(["playbooks", "show", "secret-lek"])
        .assert()
        .code(2)
        .stderr("warroom: unknown playbook `secret-lek`; did you mean `secret-leak`? (see `warroom playbooks list`)\n");
}

#[test]
fn output_to_a_closed_pipe_is_not_a_crash() {
    let sb = Sandbox::new();
    let bin = assert_cmd::cargo::cargo_bin!("warroom");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' playbooks show secret-leak | head -c 1 >/dev/null",
            bin.display()
        ))
        .env("XDG_CONFIG_HOME", sb.path())
        .env("RUST_BACKTRACE", "1")
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&status.stderr).contains("panicked"));
}

/// A playbook with no phases gets one error for that root cause, not one
/// more per step naming a phase that cannot exist.
#[test]
fn no_phases_is_one_error_not_one_per_step() {
    let sb = Sandbox::new();
    let file = sb.write(
        "nophase.toml",
        "id = \"x\"\ntitle = \"X\"\n\n[[steps]]\nid = \"a\"\nphase = \"p\"\ntitle = \"A\"\n\n[[steps]]\nid = \"b\"\nphase = \"p\"\ntitle = \"B\"\n",
    );
    let out = sb
        .cmd()
        .args(["playbooks", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("no phases"), "{text}");
}

/// A deadline the source does not give carries `~` and the legend says
/// so, in `list`, `show` and an incident's `status`; the source's own stay
/// plain.
#[test]
fn suggested_deadlines_are_marked_everywhere_they_show() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(["playbooks", "list"]).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let row = |id: &str| {
        list.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} in\n{list}"))
            .to_string()
    };
    assert!(row("token-compromise").contains("~15m / ~1h"), "{list}");
    assert!(row("secret-leak").contains(" 15m / 1h / 24h"), "{list}");
    assert!(!row("secret-leak").contains('~'), "{list}");
    assert!(list.contains("~ deadline suggested by warroom; the source gives none"));

    let out = sb
        .cmd()
        .args(["playbooks", "show", "token-compromise"])
        .output()
        .unwrap();
    let show = String::from_utf8(out.stdout).unwrap();
    assert!(
        show.contains("due ~T+15m (warroom's suggestion; the source gives no deadline)"),
        "{show}"
    );
    assert!(
        show.contains("[warroom's note, not the source's]"),
        "{show}"
    );

    let db = sb.path().join("w.db");
    sb.cmd()
        .env("WARROOM_DB", &db)
        .args(["declare", "token-compromise", "--title", "t"])
        .assert()
        .success();
    let out = sb
        .cmd()
        .env("WARROOM_DB", &db)
        .args(["status", "INC-1"])
        .output()
        .unwrap();
    let status = String::from_utf8(out.stdout).unwrap();
    assert!(status.contains(" ~"), "{status}");
    assert!(
        status.contains("~ deadline suggested by warroom"),
        "{status}"
    );
    let out = sb
        .cmd()
        .env("WARROOM_DB", &db)
        .args(["status", "INC-1", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["phases"][0]["due_origin"], "suggested");
}
