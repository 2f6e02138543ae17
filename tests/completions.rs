//! The bash completion script, sourced in a non-interactive bash as the
//! package installs it: subcommands from the clap definitions, incident
//! ids from the database in force (`--db` on the line included), playbook
//! ids for `declare`; and the helper behind them, which never creates or
//! changes a file.

mod common;

use common::Sandbox;
use std::path::{Path, PathBuf};

/// A sandbox with a database holding INC-1 (open) and INC-2 (resolved),
/// and the bash script `warroom completions bash` wrote.
struct Shell {
    sandbox: Sandbox,
    script: PathBuf,
}

impl Shell {
    fn new() -> Shell {
        let sandbox = Sandbox::new();
        let out = sandbox
            .cmd()
            .args(["completions", "bash"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let script = sandbox.write("warroom.bash", &out.stdout);
        let shell = Shell { sandbox, script };
        let db = shell.db();
        shell.declare(&db, "secret-leak");
        shell.declare(&db, "webhook-spoof");
        shell
            .sandbox
            .cmd()
            .args(["set-status", "INC-2", "resolved"])
            .env("WARROOM_DB", &db)
            .assert()
            .success();
        shell
    }

    fn db(&self) -> PathBuf {
        self.sandbox.path().join("team.db")
    }

    fn declare(&self, db: &Path, playbook: &str) -> String {
        let out = self
            .sandbox
            .cmd()
            .args(["declare", playbook])
            .env("WARROOM_DB", db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// What bash offers for the command line `words` (the last one being
    /// completed), run as bash runs a completion function: `_warroom` with
    /// the command, the current word and the previous one.
    fn complete(&self, words: &[&str]) -> Vec<String> {
        self.complete_with(words, |_| {})
    }

    fn complete_with(
        &self,
        words: &[&str],
        adjust: impl FnOnce(&mut std::process::Command),
    ) -> Vec<String> {
        let base = self.sandbox.std_cmd();
        let mut bash = std::process::Command::new("bash");
        for (key, value) in base.get_envs() {
            match value {
                Some(v) => bash.env(key, v),
                None => bash.env_remove(key),
            };
        }
        // `warroom` on PATH is the binary under test, as the installed one
        // would be.
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_warroom")).parent().unwrap();
        let path = std::env::var("PATH").unwrap_or_default();
        bash.env("PATH", format!("{}:{path}", bin_dir.display()))
            .env("WARROOM_DB", self.db())
            .current_dir(self.sandbox.path());
        adjust(&mut bash);
        let out = bash
            .args([
                "--norc",
                "--noprofile",
                "-c",
                r#"source "$1" || exit 9
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_warroom warroom "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#,
                "bash",
            ])
            .arg(&self.script)
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }
}

fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

#[test]
fn a_subcommand_completes_from_its_first_letters() {
    let shell = Shell::new();
    assert_eq!(shell.complete(&["warroom", "dec"]), ["declare"]);
    let found = shell.complete(&["warroom", "fo"]);
    assert!(has(&found, "follow-up"), "{found:?}");
}

#[test]
fn status_lists_the_incidents_of_the_database() {
    let shell = Shell::new();
    let found = shell.complete(&["warroom", "status", ""]);
    assert!(has(&found, "INC-1"), "{found:?}");
    // A resolved incident still has a status, and a report to write.
    assert!(has(&found, "INC-2"), "{found:?}");
    assert_eq!(shell.complete(&["warroom", "status", "INC-1"]), ["INC-1"]);
    // Only INCIDENT slots: `step INC-1 <TAB>` is a step, not an incident.
    let found = shell.complete(&["warroom", "step", "INC-1", ""]);
    assert!(!has(&found, "INC-1") && has(&found, "start"), "{found:?}");
}

#[test]
fn commands_that_move_the_response_list_only_open_incidents() {
    let shell = Shell::new();
    assert_eq!(shell.complete(&["warroom", "step", ""]), ["INC-1"]);
    assert_eq!(shell.complete(&["warroom", "approve", "I"]), ["INC-1"]);
    // An option's value is not a positional: the incident is still next.
    assert_eq!(
        shell.complete(&["warroom", "step", "--reason", "why", ""]),
        ["INC-1"]
    );
    let export = shell.complete(&["warroom", "export", "INC-1", ""]);
    assert!(has(&export, "INC-1") && has(&export, "INC-2"), "{export:?}");
}

#[test]
fn warroom_alone_offers_subcommands_and_open_incidents() {
    let shell = Shell::new();
    let found = shell.complete(&["warroom", ""]);
    assert!(has(&found, "declare") && has(&found, "INC-1"), "{found:?}");
    assert!(!has(&found, "INC-2"), "{found:?}");
}

#[test]
fn a_db_on_the_command_line_is_the_one_listed() {
    let shell = Shell::new();
    let other = shell.sandbox.path().join("other.db");
    for _ in 0..3 {
        shell.declare(&other, "secret-leak");
    }
    let other_arg = other.to_str().unwrap();
    for words in [
        vec!["warroom", "--db", other_arg, "status", ""],
        vec!["warroom", "status", "--db", other_arg, ""],
        // bash splits `--db=FILE` at the `=`.
        vec!["warroom", "--db", "=", other_arg, "status", ""],
    ] {
        let found = shell.complete(&words);
        assert!(has(&found, "INC-3"), "{words:?}: {found:?}");
    }
    // Without it, WARROOM_DB's database, which has no INC-3.
    assert!(!has(&shell.complete(&["warroom", "status", ""]), "INC-3"));
}

#[test]
fn declare_and_drill_list_playbook_ids() {
    let shell = Shell::new();
    for cmd in ["declare", "drill"] {
        let found = shell.complete(&["warroom", cmd, "secret-le"]);
        assert_eq!(found, ["secret-leak"], "{cmd}");
    }
    // The playbooks in force: --playbooks adds the team's own.
    let dir = shell.sandbox.path().join("mine");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        common::fixtures().join("playbooks/good/minimal.toml"),
        dir.join("minimal.toml"),
    )
    .unwrap();
    let found = shell.complete(&[
        "warroom",
        "--playbooks",
        dir.to_str().unwrap(),
        "declare",
        "",
    ]);
    assert!(has(&found, "minimal"), "{found:?}");
}

#[test]
fn nothing_to_offer_is_nothing_rather_than_file_names() {
    let shell = Shell::new();
    let missing = shell.sandbox.path().join("nowhere/none.db");
    let found = shell.complete(&["warroom", "--db", missing.to_str().unwrap(), "status", ""]);
    assert!(found.is_empty(), "{found:?}");
}

/// The names under `dir`, recursively, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            out.push(e.path().strip_prefix(dir).unwrap().display().to_string());
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_helper_without_a_database_prints_nothing_and_creates_nothing() {
    let sandbox = Sandbox::new();
    let before = tree(sandbox.path());
    for ids in ["incidents", "open-incidents"] {
        // The per-user default (no --db, WARROOM_DB or config) ...
        let out = sandbox.cmd().args(["__complete", ids]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
        // ... and a named one.
        let missing = sandbox.path().join("none.db");
        let out = sandbox
            .cmd()
            .args(["__complete", ids, "--db"])
            .arg(&missing)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    }
    assert_eq!(tree(sandbox.path()), before, "no directory, no database");
}

#[test]
fn the_helper_leaves_an_existing_database_exactly_as_it_was() {
    let shell = Shell::new();
    let db = shell.db();
    let listing = |dir: &Path| {
        let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(shell.sandbox.path());
    let bytes = std::fs::read(&db).unwrap();
    let out = shell
        .sandbox
        .cmd()
        .args(["__complete", "incidents", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "INC-1\nINC-2\n");
    assert_eq!(
        listing(shell.sandbox.path()),
        before,
        "no -wal or -shm made"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_broken_config_makes_the_helper_quiet_not_noisy() {
    let sandbox = Sandbox::new();
    sandbox.write("etc/config.toml", "db = [this is not toml\n");
    let out = sandbox
        .cmd()
        .args(["__complete", "incidents"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn zsh_and_fish_scripts_come_from_the_same_definitions() {
    let sandbox = Sandbox::new();
    for shell in ["zsh", "fish"] {
        let out = sandbox.cmd().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("declare") && text.contains("follow-up"),
            "{shell}"
        );
        assert!(
            !text.contains("__complete"),
            "{shell}: the helper is not offered"
        );
    }
    sandbox
        .cmd()
        .args(["completions", "powershell"])
        .assert()
        .code(2);
}

#[test]
fn a_postgres_database_is_not_contacted_on_tab() {
    let sandbox = Sandbox::new();
    // Port 9 (discard) on this host: a connection attempt would fail or
    // hang; the helper must not make one.
    let started = std::time::Instant::now();
    let out = sandbox
        .cmd()
        .args([
            "__complete",
            "incidents",
            "--db",
            "postgres://alice@127.0.0.1:9/warroom",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}
