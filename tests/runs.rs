//! `warroom run` end to end: the real binary in a pseudo-terminal (it asks
//! before running), a playbook of the test's own, and the evidence read
//! back from the JSON and Markdown exports.

mod common;

use common::Sandbox;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TOKEN: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";

const PLAYBOOK: &str = r#"
id = "runs"
title = "Runs"
[[inputs]]
id = "svc"
prompt = "Which service?"
[[phases]]
id = "p"
title = "P"
due = "15m"
[[steps]]
id = "echo"
phase = "p"
title = "Echo the token"
commands = ["echo start {{svc}}; echo token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB >&2; echo end"]
done_on_success = true
[[steps]]
id = "slow"
phase = "p"
title = "Slow"
commands = ["echo begun; sleep 30; echo never"]
timeout = "2s"
[[steps]]
id = "fill"
phase = "p"
title = "Fill"
commands = ["echo rotating <secret-name> for {{owner}}"]
placeholders = ["<secret-name>"]
"#;

fn setup() -> (Sandbox, PathBuf, PathBuf) {
    let sb = Sandbox::new();
    let pb = sb.write("pb/runs.toml", PLAYBOOK);
    let dir = pb.parent().unwrap().to_path_buf();
    let db = sb.path().join("w.db");
    let out = warroom(
        &sb,
        &db,
        &dir,
        &["declare", "runs", "--title", "t", "--set", "svc=nginx"],
    );
    assert!(out.status.success(), "{out:?}");
    (sb, db, dir)
}

/// `warroom ARGS` on the test's database and playbooks, without a terminal.
fn warroom(sb: &Sandbox, db: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    sb.cmd()
        .env("WARROOM_DB", db)
        .env("WARROOM_PLAYBOOKS", dir)
        .args(args)
        .output()
        .unwrap()
}

/// `warroom ARGS` in a pseudo-terminal; `answer` typed when it asks
/// "Run it?", then `after_answer` (bytes, e.g. a Ctrl-C) once `wait_for`
/// shows in the output. Returns the exit code and everything it printed.
fn in_pty(
    sb: &Sandbox,
    db: &Path,
    dir: &Path,
    args: &[&str],
    answer: &str,
    then: Option<(&str, &[u8])>,
) -> (u32, String) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_warroom"));
    cmd.args(args);
    cmd.env_clear();
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.env("HOME", sb.path());
    cmd.env("XDG_CONFIG_HOME", sb.path().join("config"));
    cmd.env("XDG_DATA_HOME", sb.path().join("data"));
    cmd.env("XDG_STATE_HOME", sb.path().join("state"));
    cmd.env("WARROOM_SYSTEM_CONFIG", sb.path().join("etc/config.toml"));
    cmd.env("WARROOM_DB", db);
    cmd.env("WARROOM_PLAYBOOKS", dir);
    cmd.cwd(sb.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let wait_for = |what: &str, seen: &mut String| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !seen.contains(what) {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("no `{what}` within 15 s; output:\n{seen}"),
            }
        }
    };
    wait_for("Run it? [y/N]", &mut seen);
    writer.write_all(answer.as_bytes()).unwrap();
    writer.flush().unwrap();
    if let Some((marker, bytes)) = then {
        wait_for(marker, &mut seen);
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not exit; output:\n{seen}");
        while let Ok(bytes) = rx.try_recv() {
            seen.push_str(&String::from_utf8_lossy(&bytes));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(300)) {
        seen.push_str(&String::from_utf8_lossy(&bytes));
    }
    (status.exit_code(), seen)
}

fn runs_of(sb: &Sandbox, db: &Path, dir: &Path) -> Vec<Value> {
    let out = warroom(sb, db, dir, &["export", "INC-1", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "command_run")
        .cloned()
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_run_is_evidence_and_the_secret_it_printed_is_nowhere() {
    let (sb, db, dir) = setup();
    let (code, screen) = in_pty(&sb, &db, &dir, &["run", "INC-1", "echo"], "y\r", None);
    assert_eq!(code, 0, "{screen}");
    // The confirmation showed the command, where, as whom and from where.
    assert!(screen.contains("echo start nginx;"), "{screen}");
    assert!(screen.contains("(login)"), "{screen}");
    assert!(
        screen.contains(&format!("in {}", sb.path().display())),
        "{screen}"
    );
    assert!(screen.contains("not a bundled playbook"), "{screen}");
    assert!(
        screen.contains("parts of the command are hidden"),
        "{screen}"
    );
    // Neither the screen nor anything stored holds the token.
    assert!(!screen.contains(&TOKEN[..12]), "{screen}");
    assert!(screen.contains("token=[REDACTED:github-token]"), "{screen}");
    let runs = runs_of(&sb, &db, &dir);
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["step"], "echo");
    assert_eq!(run["end"], "exited");
    assert_eq!(run["exit_code"], 0);
    assert_eq!(run["line"], 1);
    assert!(run["shell"].as_str().unwrap().starts_with('/'));
    assert!(!run["host"].as_str().unwrap().is_empty());
    let raw = format!("start nginx\ntoken={TOKEN}\nend\n");
    assert_eq!(run["output_sha256"], sha256_hex(raw.as_bytes()));
    assert_eq!(run["output_bytes"], raw.len());
    assert!(run["output"].as_str().unwrap().contains("start nginx"));
    let md = warroom(&sb, &db, &dir, &["export", "INC-1"]);
    let md = String::from_utf8(md.stdout).unwrap();
    let js = serde_json::to_string(&runs).unwrap();
    for text in [&md, &js] {
        assert!(!text.contains(&TOKEN[..12]), "the token leaked:\n{text}");
    }
    assert!(
        md.contains("### Commands run") || md.contains("## Commands run"),
        "{md}"
    );
    assert!(md.contains("<details><summary>output"), "{md}");
    assert!(md.contains(&sha256_hex(raw.as_bytes())), "{md}");
    // Exit 0 and done_on_success: the step is done.
    let status = warroom(&sb, &db, &dir, &["status", "INC-1", "--json"]);
    let v: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["steps"][0]["state"], "done");
}

#[test]
fn an_unfilled_placeholder_is_refused_and_nothing_runs() {
    let (sb, db, dir) = setup();
    let out = warroom(
        &sb,
        &db,
        &dir,
        &["run", "INC-1", "fill", "--yes", "--set", "owner=carol"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = common::one_error_line("run", &out.stderr);
    assert!(
        err.contains("unfilled placeholder(s): <secret-name>"),
        "{err}"
    );
    assert!(runs_of(&sb, &db, &dir).is_empty());
    // The step was not started either.
    let status = warroom(&sb, &db, &dir, &["status", "INC-1", "--json"]);
    let v: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["steps"][2]["state"], "pending");
    // Filled, it runs (asked in a terminal: the playbook is not bundled).
    let (code, screen) = in_pty(
        &sb,
        &db,
        &dir,
        &[
            "run",
            "INC-1",
            "fill",
            "--set",
            "owner=carol",
            "--set",
            "<secret-name>=GH_TOKEN",
        ],
        "y\r",
        None,
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("rotating GH_TOKEN for carol"), "{screen}");
}

#[test]
fn a_timeout_and_a_ctrl_c_stop_the_command_and_are_recorded() {
    let (sb, db, dir) = setup();
    let began = Instant::now();
    let (code, screen) = in_pty(&sb, &db, &dir, &["run", "INC-1", "slow"], "y\r", None);
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("timed out"), "{screen}");
    assert!(began.elapsed() < Duration::from_secs(20));
    let (code, screen) = in_pty(
        &sb,
        &db,
        &dir,
        &["run", "INC-1", "slow"],
        "y\r",
        Some(("\nbegun", b"\x03")),
    );
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("stopped"), "{screen}");
    let runs = runs_of(&sb, &db, &dir);
    let ends: Vec<&str> = runs.iter().map(|r| r["end"].as_str().unwrap()).collect();
    assert_eq!(ends, ["timed_out", "stopped"]);
    for r in &runs {
        assert!(r["output"].as_str().unwrap().contains("begun"));
        assert!(!r["output"].as_str().unwrap().contains("never"));
    }
}

#[test]
fn yes_runs_only_what_this_account_confirmed_once_and_no_terminal_means_no() {
    let (sb, db, dir) = setup();
    let run = |extra: &[&str]| {
        let args: Vec<&str> = ["run", "INC-1", "echo"]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        warroom(&sb, &db, &dir, &args)
    };
    // Not bundled and never confirmed: --yes is not enough.
    let out = run(&["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(common::one_error_line("run", &out.stderr).contains("confirm it once without --yes"));
    // No terminal to ask on: refused, nothing run.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(runs_of(&sb, &db, &dir).is_empty());
    // Once confirmed in a terminal, a script may run it.
    let (code, _) = in_pty(&sb, &db, &dir, &["run", "INC-1", "echo"], "y\r", None);
    assert_eq!(code, 0);
    let out = run(&["--yes"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(runs_of(&sb, &db, &dir).len(), 2);
    // Saying no runs nothing.
    let (code, _) = in_pty(&sb, &db, &dir, &["run", "INC-1", "slow"], "n\r", None);
    assert_eq!(code, 1);
    assert_eq!(runs_of(&sb, &db, &dir).len(), 2);
}
