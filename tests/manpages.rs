//! The man pages: every generated page renders with `man -l` at 80
//! columns without a warning; warroom-playbook(5) documents every key the
//! parser accepts and its example is a valid playbook; `--version` names
//! the commit and the schema.

mod common;

use common::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;

/// CI sets this: there a missing `man` is a failure, not a skip.
fn required() -> bool {
    std::env::var_os("WARROOM_REQUIRE_PACKAGING").is_some_and(|v| v == "1")
}

/// Every page `warroom __manpages` writes, in a fresh directory.
fn generate(sandbox: &Sandbox) -> Vec<PathBuf> {
    let dir = sandbox.path().join("man");
    sandbox.cmd().arg("__manpages").arg(&dir).assert().success();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    pages
}

fn man_available() -> bool {
    Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `MANWIDTH=80 man -l PAGE`, stdout and stderr together as the issue's
/// check reads them (`2>&1 | grep -i warn`). `--warnings` adds groff's
/// checks that are off by default (an undefined macro or string), which a
/// hand-written page can trip.
fn render(page: &Path) -> String {
    let out = Command::new("man")
        .arg("--warnings")
        .arg("-l")
        .arg(page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("MANOPT")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}: {out:?}", page.display());
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_page_renders_without_a_warning() {
    if !man_available() {
        assert!(
            !required(),
            "man is not installed (apt-get install man-db groff-base)"
        );
        eprintln!("skipped: `man` is not installed (apt-get install man-db groff-base)");
        return;
    }
    let sandbox = Sandbox::new();
    let pages = generate(&sandbox);
    assert!(pages.len() > 30, "{pages:?}");
    for page in &pages {
        let text = render(page);
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let warnings: Vec<&str> = text
            .lines()
            .filter(|l| l.to_lowercase().contains("warn"))
            .collect();
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        // The NAME section: `warroom-status - Show an incident ...`.
        let name_line = text
            .lines()
            .skip_while(|l| l.trim() != "NAME")
            .nth(1)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            name_line.starts_with(&format!("{name} - ")),
            "{name}: NAME reads {name_line:?}"
        );
    }
}

#[test]
fn the_main_page_covers_exit_status_files_environment_and_trust() {
    if !man_available() {
        assert!(!required(), "man is not installed");
        eprintln!("skipped: `man` is not installed");
        return;
    }
    let sandbox = Sandbox::new();
    let pages = generate(&sandbox);
    let main = pages.iter().find(|p| p.ends_with("warroom.1")).unwrap();
    let text = render(main);
    for needle in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "WARROOM_DB",
        "WARROOM_ACTOR",
        "WARROOM_PLAYBOOKS",
        "WARROOM_SYSTEM_CONFIG",
        "FILES",
        "/etc/warroom/config.toml",
        "~/.local/share/warroom/warroom.db",
        "SECURITY",
        "SEE ALSO",
        "warroom-playbook(5)",
        "warroom-status(1)",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}

/// The keys of each table of the format, as the parser lists them.
fn parser_keys() -> Vec<String> {
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/playbook/parse.rs"),
    )
    .unwrap();
    let mut keys = Vec::new();
    for (at, _) in src.match_indices("_KEYS: &[&str] = &[") {
        let list = &src[at..];
        let list = &list[list.find("= &[").unwrap() + 4..list.find("];").unwrap()];
        keys.extend(
            list.split(',')
                .map(|k| k.trim().trim_matches('"').to_string())
                .filter(|k| !k.is_empty()),
        );
    }
    keys
}

#[test]
fn the_playbook_page_names_every_key_the_parser_accepts() {
    let sandbox = Sandbox::new();
    let pages = generate(&sandbox);
    let page = pages
        .iter()
        .find(|p| p.ends_with("warroom-playbook.5"))
        .unwrap();
    let roff = std::fs::read_to_string(page).unwrap();
    let keys = parser_keys();
    assert!(keys.len() > 30, "{keys:?}");
    for key in keys {
        // Keys are set in bold: `.B key`, `.BR key ", " ...` or `\fBkey\fR`.
        let bold = [
            format!(".B {key}\n"),
            format!(".BR {key} "),
            format!("\\fB{key}\\fR"),
            format!("\\fB[[{key}]]\\fR"),
            format!("\\fB[{key}]\\fR"),
            format!("\\fB[[drill.{key}]]\\fR"),
            format!(", {key} "),
            format!("\" {key} \""),
        ];
        assert!(
            bold.iter().any(|b| roff.contains(b.as_str())),
            "warroom-playbook(5) does not document `{key}`"
        );
    }
}

#[test]
fn the_playbook_page_example_is_a_valid_playbook() {
    let sandbox = Sandbox::new();
    let pages = generate(&sandbox);
    let page = pages
        .iter()
        .find(|p| p.ends_with("warroom-playbook.5"))
        .unwrap();
    let roff = std::fs::read_to_string(page).unwrap();
    let start = roff.find(".SH EXAMPLE\n.EX\n").expect("an EXAMPLE section") + 16;
    let end = start + roff[start..].find("\n.EE").unwrap();
    let toml = roff[start..end]
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\e", "\\");
    let file = sandbox.write("example/token-leak.toml", toml);
    sandbox
        .cmd()
        .args(["playbooks", "check"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn version_names_the_commit_and_the_schema() {
    let out = Sandbox::new().cmd().arg("--version").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let expected_start = format!("warroom {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&expected_start), "{text}");
    let commit = text[expected_start.len()..].split(',').next().unwrap();
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with(&format!(", schema {})", warroom::store::SCHEMA_VERSION)),
        "{text}"
    );
    // In a git checkout the commit is HEAD's.
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Ok(head) = head
        && head.status.success()
        && std::env::var_os("WARROOM_BUILD_COMMIT").is_none()
    {
        assert_eq!(commit, String::from_utf8_lossy(&head.stdout).trim());
    }
}
