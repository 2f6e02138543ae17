//! Escalation hooks end to end: `warroom watch` on its own runs the host's
//! hook when a phase misses its deadline and records what it did; hooks
//! come only from the host's config, never a responder's or a playbook.

mod common;

use common::Sandbox;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const QUICK: &str = r#"
id = "quick-deadline"
title = "A deadline two seconds away"

[[phases]]
id = "first-look"
title = "First look"
due = "2s"

[[steps]]
id = "look"
phase = "first-look"
title = "Look at it"
"#;

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A hook script that writes what it was told to `out` (whole, by rename).
fn hook_script(sb: &Sandbox, out: &Path) -> PathBuf {
    let script = sb.write(
        "hook.sh",
        format!(
            "#!/bin/sh\nprintf '%s %s %s %s\\n' \"$WARROOM_EVENT\" \"$WARROOM_INCIDENT\" \"$WARROOM_PHASE\" \"$WARROOM_OCCURRENCE\" > '{out}.tmp'\nmv '{out}.tmp' '{out}'\n",
            out = out.display()
        ),
    );
    chmod(&script, 0o755);
    script
}

fn system_config(sb: &Sandbox, text: &str) {
    let path = sb.write("etc/config.toml", text);
    chmod(&path, 0o644);
}

#[test]
fn watch_alone_runs_the_hook_once_records_it_and_exits_0_on_sigterm() {
    let sb = Sandbox::new();
    let out = sb.path().join("paged.txt");
    let script = hook_script(&sb, &out);
    system_config(
        &sb,
        &format!("[escalation]\ncommand = [\"{}\"]\n", script.display()),
    );
    let playbooks = sb.path().join("playbooks");
    sb.write("playbooks/quick.toml", QUICK);
    let declared = sb
        .cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .args(["declare", "quick-deadline"])
        .output()
        .unwrap();
    assert!(declared.status.success(), "{declared:?}");
    let id = String::from_utf8(declared.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(id, "INC-1");

    let mut watch = sb
        .std_cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .arg("watch")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !out.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let paged = std::fs::read_to_string(&out);
    // SAFETY: kill with a child's pid that has not been waited for.
    unsafe { libc::kill(watch.id() as libc::pid_t, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = watch.kill();
            panic!("watch did not exit after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = watch.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    common::assert_no_panic("watch", &stderr);
    let paged = paged.unwrap_or_else(|_| panic!("the hook never ran: {stdout}\n{stderr}"));
    assert_eq!(paged, "escalated INC-1 first-look 1\n");
    assert!(status.success(), "{status:?}\n{stderr}");
    assert!(
        stdout.contains("INC-1 first-look: deadline missed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("INC-1 first-look: escalation 1"),
        "{stdout}"
    );
    assert!(stdout.contains("exit 0"), "{stdout}");
    assert!(stderr.contains("escalation: command"), "{stderr}");

    let export = sb
        .cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .args(["export", "INC-1", "--format", "json"])
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let events = json["events"].as_array().unwrap();
    let of_kind =
        |k: &str| -> Vec<&serde_json::Value> { events.iter().filter(|e| e["kind"] == k).collect() };
    let escalated = of_kind("escalated");
    assert_eq!(escalated.len(), 1, "{events:?}");
    assert_eq!(escalated[0]["phase"], "first-look");
    assert_eq!(escalated[0]["occurrence"], 1);
    let ran = of_kind("hook_ran");
    assert_eq!(ran.len(), 1, "{events:?}");
    assert_eq!(ran[0]["ok"], true);
    assert_eq!(ran[0]["of"], escalated[0]["seq"]);
    assert_eq!(ran[0]["outcome"], "exit 0");
}

#[test]
fn watch_once_without_hooks_records_the_miss_and_says_no_hooks() {
    let sb = Sandbox::new();
    let playbooks = sb.path().join("playbooks");
    sb.write("playbooks/quick.toml", QUICK);
    sb.cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .args(["declare", "quick-deadline"])
        .assert()
        .success();
    std::thread::sleep(Duration::from_millis(2200));
    let out = sb
        .cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .args(["watch", "--once"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout, "INC-1 first-look: deadline missed\n");
    assert!(stderr.contains("escalation: none"), "{stderr}");
}

#[test]
fn a_responders_own_config_cannot_name_hooks() {
    let sb = Sandbox::new();
    let user = sb.write(
        "config/warroom/config.toml",
        "[console]\nbell = true\n\n[escalation]\ncommand = [\"/bin/true\"]\n",
    );
    chmod(&user, 0o600);
    let out = sb.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_error_line("list", &out.stderr);
    assert!(
        line.contains(&format!("{}:4:1:", user.display())) && line.contains("[escalation]"),
        "{line}"
    );
    assert!(line.contains("host's config"), "{line}");

    sb.write(
        "config/warroom/config.toml",
        "[reminder]\nevery = \"30m\"\n",
    );
    let out = sb.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_error_line("doctor", &out.stderr);
    assert!(line.contains("`[reminder]`"), "{line}");
}

#[test]
fn the_hosts_hooks_are_checked_and_shown_by_doctor() {
    let sb = Sandbox::new();
    system_config(
        &sb,
        "[escalation]\ncommand = [\"page-oncall\"]\nrepeat = \"10m\"\n",
    );
    let out = sb.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_error_line("doctor", &out.stderr);
    assert!(line.contains("absolute program path"), "{line}");

    system_config(
        &sb,
        "[escalation]\ncommand = [\"/usr/local/bin/page-oncall\", \"--team\", \"sec\"]\nrepeat = \"10m\"\n\n[reminder]\nevery = \"30m\"\nurl = \"https://hooks.example.com/services/T000/SECRET\"\n",
    );
    let out = sb.cmd().arg("doctor").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let etc = sb.path().join("etc/config.toml");
    assert!(
        stdout.contains(&format!(
            "escalation command /usr/local/bin/page-oncall --team sec, again every 10m (from {})",
            etc.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("reminder   after 30m without an update, POST https://hooks.example.com/…"),
        "{stdout}"
    );
    assert!(!stdout.contains("SECRET"), "{stdout}");

    // A host config its group may write would let any member choose what
    // every console runs.
    chmod(&etc, 0o664);
    let out = sb.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_error_line("doctor", &out.stderr);
    assert!(line.contains("writable by its group"), "{line}");
}

#[test]
fn a_playbook_cannot_define_hooks() {
    let sb = Sandbox::new();
    let file = sb.write(
        "pb/hooked.toml",
        format!("{QUICK}\n[escalation]\ncommand = [\"/bin/true\"]\n"),
    );
    let out = sb
        .cmd()
        .args(["playbooks", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown key `escalation`"), "{stderr}");
}

/// A console alone escalates too: the same tick runs in its loop, the hook
/// runs on a thread and what it did is recorded; a reminder for the
/// incident it shows flashes in its status line.
#[test]
fn a_console_alone_escalates_and_flashes_the_reminder() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::sync::{Arc, Mutex};

    let sb = Sandbox::new();
    let out = sb.path().join("paged.txt");
    let script = hook_script(&sb, &out);
    system_config(
        &sb,
        &format!(
            "[escalation]\ncommand = [\"{}\"]\n\n[reminder]\nevery = \"3s\"\n",
            script.display()
        ),
    );
    let playbooks = sb.path().join("playbooks");
    sb.write("playbooks/quick.toml", QUICK);
    sb.cmd()
        .arg("--playbooks")
        .arg(&playbooks)
        .args(["declare", "quick-deadline"])
        .assert()
        .success();

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_warroom"));
    cmd.arg("--playbooks");
    cmd.arg(&playbooks);
    cmd.env_clear();
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.env("HOME", sb.path());
    cmd.env("XDG_CONFIG_HOME", sb.path().join("config"));
    cmd.env("XDG_DATA_HOME", sb.path().join("data"));
    cmd.env("XDG_STATE_HOME", sb.path().join("state"));
    cmd.env("WARROOM_SYSTEM_CONFIG", sb.path().join("etc/config.toml"));
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(sb.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(100).unwrap(),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let p = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
        }
    });

    let started = Instant::now();
    let mut flashed = false;
    let recorded = |kind: &str| {
        let export = sb
            .cmd()
            .arg("--playbooks")
            .arg(&playbooks)
            .args(["export", "INC-1", "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
        json["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect::<Vec<_>>()
    };
    while started.elapsed() < Duration::from_secs(20) {
        flashed |= parser
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains("reminder: no status change or note");
        if flashed && out.exists() && !recorded("hook_ran").is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let screen = parser.lock().unwrap().screen().contents();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap_or_default(),
        "escalated INC-1 first-look 1\n",
        "{screen}"
    );
    assert!(flashed, "no reminder flashed:\n{screen}");
    let ran = recorded("hook_ran");
    assert_eq!(ran.len(), 1, "{ran:?}");
    assert_eq!(ran[0]["ok"], true);
    assert_eq!(recorded("escalated").len(), 1);
    assert!(!recorded("reminded").is_empty());
}
