//! `warroom redact` and `warroom tail` through the real binary.

mod common;

use common::Sandbox;
use predicates::prelude::*;

const TOKEN: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";

#[test]
fn redact_reads_stdin_and_reports_stats_on_stderr() {
    let sb = Sandbox::new();
    let input = format!(
        "ok\ntoken={TOKEN}\nbell\x07 and \x1b]2;title\x07 gone\nOS_HTTP_SECRET=abcdef123456\nno newline at end"
    );
    sb.cmd()
        .args(["redact", "--stats"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(
            "ok\ntoken=[REDACTED:github-token]\nbell and  gone\nOS_HTTP_SECRET=[REDACTED:nanoclaw-env-secrets]\nno newline at end",
        )
        .stderr(predicate::str::contains("1  github-token").and(predicate::str::contains("2  total")));
}

#[test]
fn redact_reads_files_in_order_and_names_a_missing_one() {
    let sb = Sandbox::new();
    sb.write("a.log", format!("a {TOKEN}\n"));
    sb.write("b.log", "b plain\n");
    sb.cmd()
        .args(["redact", "a.log", "b.log"])
        .assert()
        .success()
        .stdout("a [REDACTED:github-token]\nb plain\n");
    sb.cmd()
        .args(["redact", "missing.log"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("warroom: missing.log: "));
}

#[test]
fn config_rules_apply_and_a_broken_config_is_one_line() {
    let sb = Sandbox::new();
    sb.write(
        "config/warroom/config.toml",
        "[[redact]]\nname = \"acme\"\npattern = \"acme_[0-9]{4}\"\nkeys = [\"ACME_PLAIN\"]\n",
    );
    sb.cmd()
        .arg("redact")
        .write_stdin("id acme_1234 ACME_PLAIN=word\n")
        .assert()
        .success()
        .stdout("id [REDACTED:acme] ACME_PLAIN=[REDACTED:acme]\n");
    sb.write("config/warroom/config.toml", "[[redact]]\nnam = \"acme\"\n");
    sb.cmd()
        .arg("redact")
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("config.toml:2:1: unknown field `nam`")
                .and(predicate::str::contains("\n").count(1)),
        );
}

#[test]
fn a_ten_megabyte_line_without_newline_is_cut_not_buffered_whole() {
    let sb = Sandbox::new();
    let mut big = vec![b'x'; 10 << 20];
    big.extend_from_slice(b"\nnext line\n");
    let out = sb.cmd().arg("redact").write_stdin(big).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].len() <= 17 * 1024 && lines[0].ends_with("bytes cut]"),
        "{}",
        lines[0].len()
    );
    assert_eq!(lines[1], "next line");
}

#[test]
fn tail_prints_the_last_lines_cleaned_and_refuses_a_missing_file() {
    let sb = Sandbox::new();
    sb.write("app.log", format!("one\ntwo\nthree {TOKEN}\x1b[2J\n"));
    sb.cmd()
        .args(["tail", "-n", "2", "app.log"])
        .assert()
        .success()
        .stdout("two\nthree [REDACTED:github-token]\n");
    sb.cmd()
        .args(["tail", "app.log", "gone.log"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("==> app.log <=="))
        .stderr(predicate::str::contains("warroom: gone.log: cannot open"));
}

#[test]
fn tail_follow_prints_appended_lines_redacted() {
    use std::io::{BufRead, BufReader, Write};
    let sb = Sandbox::new();
    let log = sb.write("live.log", "");
    let bin = assert_cmd::cargo::cargo_bin!("warroom");
    let mut child = std::process::Command::new(bin)
        .args(["tail", "-f", "-n", "0"])
        .arg(&log)
        .env("XDG_CONFIG_HOME", sb.path().join("config"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    writeln!(f, "appended {TOKEN} \x1b]2;pwned\x07").unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(line, "appended [REDACTED:github-token] \n");
}

#[test]
fn list_rules_names_every_rule_with_its_shape() {
    let out = Sandbox::new()
        .cmd()
        .args(["redact", "--list-rules"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for name in [
        "github-token",
        "aws-access-key",
        "private-key",
        "crypt-hash",
        "cli-password-flag",
        "env-secret",
        "secret-assignment",
    ] {
        assert!(
            text.lines().any(|l| l == name),
            "{name} missing from --list-rules"
        );
    }
    let last = text.lines().last().unwrap();
    let count: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(count >= 150, "{last}");
    assert!(text.contains("ghp_"), "shapes are shown");
}

/// `warroom redact` with `config` as the user's config: refused (exit 2,
/// nothing on stdout) with one error line, which is returned.
fn refused_config(config: &str, input: &str, what: &str) -> String {
    let sb = Sandbox::new();
    sb.write("config/warroom/config.toml", config);
    let out = sb
        .cmd()
        .arg("redact")
        .write_stdin(input)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    common::one_error_line(what, &out.stderr)
}

/// A config rule that would erase everything is refused with its place,
/// and nothing is redacted with it (before, `.*` silently turned every
/// note and name into a marker).
#[test]
fn a_rule_that_matches_everything_is_refused_with_its_line() {
    let line = refused_config(
        "[[redact]]\nname = \"fine\"\npattern = \"acme_[0-9]{4}\"\n\n[[redact]]\nname = \"all\"\npattern = \".*\"\n",
        "bob marked the step done\n",
        "dangerous rule",
    );
    assert!(
        line.contains("config.toml:7:1: `pattern` of redact rule `all` matches the empty string"),
        "{line}"
    );
}

/// A rule that cuts a character or two out of every line (`\d` turns each
/// timestamp and incident id into markers) is refused too, with its place.
#[test]
fn a_rule_that_would_riddle_ordinary_text_is_refused_with_its_line() {
    let line = refused_config(
        "[[redact]]\nname = \"digits\"\npattern = '\\d'\n",
        "INC-7 opened 03:12\n",
        "riddling rule",
    );
    assert!(
        line.contains("config.toml:3:1: `pattern` of redact rule `digits` would hide \"1\""),
        "{line}"
    );
}

/// `tail -f` keeps running while a responder registers a leaked value:
/// lines printed a second later no longer show it.
#[test]
fn tail_follow_scrubs_a_value_registered_while_it_runs() {
    use std::io::{BufRead, BufReader, Write};
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    sb.cmd()
        .args(["declare", "secret-leak"])
        .env("WARROOM_DB", &db)
        .assert()
        .success();
    let secret = "plain-words-leaked-4419";
    let log = sb.write("live.log", "");
    let mut child = sb
        .std_cmd()
        .args(["tail", "-f", "-n", "0"])
        .arg(&log)
        .env("WARROOM_DB", &db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let mut line = String::new();
    writeln!(f, "before {secret}").unwrap();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, format!("before {secret}\n"), "no rule knows it yet");

    sb.cmd()
        .args(["leaked", "INC-1"])
        .env("WARROOM_DB", &db)
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    writeln!(f, "after {secret}").unwrap();
    line.clear();
    reader.read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(line, "after [REDACTED:literal]\n");
}

/// A runbook that quotes a live token by mistake does not put it on any
/// screen or in any export: playbook text goes through the same path.
#[test]
fn playbook_text_is_redacted_wherever_it_is_shown() {
    const TOKEN_IN_PLAYBOOK: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    let sb = Sandbox::new();
    let dir = sb.path().join("books");
    sb.write(
        "books/quoted.toml",
        format!(
            "id = \"quoted\"\ntitle = \"Revoke {TOKEN_IN_PLAYBOOK}\"\n\n[[phases]]\nid = \"p\"\ntitle = \"Now\"\ndue = \"15m\"\n\n[[steps]]\nid = \"revoke\"\nphase = \"p\"\ntitle = \"Revoke {TOKEN_IN_PLAYBOOK} now\"\ncommands = [\"gh auth login --with-token {TOKEN_IN_PLAYBOOK}\"]\n"
        ),
    );
    let db = sb.path().join("w.db");
    let run = |args: &[&str]| {
        let out = sb
            .cmd()
            .arg("--playbooks")
            .arg(&dir)
            .args(args)
            .env("WARROOM_DB", &db)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let shown = run(&["playbooks", "show", "quoted"]);
    assert!(
        shown.contains("Revoke [REDACTED:github-token] now"),
        "{shown}"
    );
    run(&["declare", "quoted", "--title", "practice"]);
    for args in [
        vec!["status", "INC-1"],
        vec!["status", "INC-1", "--json"],
        vec!["export", "INC-1"],
        vec!["export", "INC-1", "--format", "json"],
        vec!["export", "INC-1", "--format", "csv"],
    ] {
        let out = run(&args);
        assert!(!out.contains("ghp_0123"), "{args:?}:\n{out}");
        // The CSV timeline names no playbook text; the others show it.
        if !args.contains(&"csv") {
            assert!(out.contains("REDACTED:github-token"), "{args:?}:\n{out}");
        }
    }
}

/// A large file is cleaned on every core; the output is exactly what the
/// one-core path gives, private keys cut across pieces included.
#[test]
fn a_large_file_cleaned_in_parallel_equals_the_sequential_output() {
    use std::fmt::Write as _;
    let sb = Sandbox::new();
    let mut text = String::with_capacity(24 << 20);
    let mut n = 0u64;
    while text.len() < 20 << 20 {
        n += 1;
        match n % 50 {
            // Long multi-line keys, about half the bytes: most cuts between
            // pieces fall inside one.
            0 => {
                text.push_str("-----BEGIN RSA PRIVATE KEY-----\n");
                for i in 0..40 {
                    writeln!(
                        text,
                        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun{i:02}"
                    )
                    .unwrap();
                }
                text.push_str("-----END RSA PRIVATE KEY-----\n");
            }
            1 => writeln!(
                text,
                "{n} token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB ok"
            )
            .unwrap(),
            2 => writeln!(
                text,
                "{n} \x1b[31mred\x1b[0m and \u{e9}t\u{e9} password=hunter22"
            )
            .unwrap(),
            _ => writeln!(
                text,
                "{n} web-1 api[812]: request handled in 12ms status=ok session started"
            )
            .unwrap(),
        }
    }
    let out = parallel_equals_sequential(&sb, "big.log", &text);
    assert!(
        !out.contains("MIIEowIBAAKCAQEA") && !out.contains("ghp_0123") && !out.contains("hunter22")
    );
}

/// `text` cleaned as a file (in parallel when it is large) and through
/// stdin (one core): the outputs must be the same bytes. Returns them.
fn parallel_equals_sequential(sb: &Sandbox, name: &str, text: &str) -> String {
    let file = sb.write(name, text);
    let run = |cmd: &mut assert_cmd::Command| cmd.assert().success().get_output().stdout.clone();
    let parallel = run(sb.cmd().arg("redact").arg(&file));
    let sequential = run(sb.cmd().arg("redact").write_stdin(text.to_string()));
    assert!(parallel == sequential, "outputs differ");
    String::from_utf8(parallel).unwrap()
}

/// The pieces of the parallel path are cut where lines end, wherever that
/// is: a line of 200 KiB across a cut, a line of 9 MiB that no piece can
/// end in (the rest goes to the one-core path), and a last line without its
/// newline give exactly the one-core output.
#[test]
fn a_large_file_with_long_lines_cleaned_in_parallel_equals_the_sequential_output() {
    use std::fmt::Write as _;
    let sb = Sandbox::new();
    let mut text = String::with_capacity(24 << 20);
    let mut n = 0u64;
    let mut long_done = (false, false);
    while text.len() < 20 << 20 {
        n += 1;
        if !long_done.0 && text.len() > (4 << 20) - (100 << 10) {
            long_done.0 = true;
            text.push_str("wide password=hunter22 ");
            text.push_str(&"x".repeat(200 << 10));
            text.push_str(" token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n");
        } else if !long_done.1 && text.len() > 10 << 20 {
            long_done.1 = true;
            text.push_str("huge token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB ");
            text.push_str(&"y".repeat(9 << 20));
            text.push('\n');
        } else {
            writeln!(
                text,
                "{n} web-1 api[812]: request handled session started password=hunter22"
            )
            .unwrap();
        }
    }
    text.push_str("last line password=hunter22 and no newline");
    let out = parallel_equals_sequential(&sb, "long.log", &text);
    assert!(!out.contains("hunter22") && !out.contains("ghp_0123"));
    assert!(
        out.ends_with("and no newline"),
        "{}",
        &out[out.len() - 80..]
    );
    assert!(out.contains("wide password=[REDACTED"));
}

/// Every problem of a config rule is one line with its place; an empty key
/// (which once crashed the redactor) is one of them, and so is a key no
/// log can hold (its value would never be found).
#[test]
fn config_rule_problems_name_their_line() {
    let sb = Sandbox::new();
    for (config, line_col, says) in [
        (
            "[[redact]]\nname = \"k\"\nkeys = [\"\"]\n",
            "3:1",
            "has an empty key",
        ),
        (
            "[[redact]]\nname = \"k\"\nkeys = [\"ACME_TOKEN\", \"CL\u{c9}_TOKEN\"]\n",
            "3:1",
            "key `CLÉ_TOKEN` of redact rule `k` holds 'É'",
        ),
        (
            "[[redact]]\nname = \"r\"\npattern = \"(x\"\n",
            "3:1",
            "is not a valid regex",
        ),
        (
            "[[redact]]\nname = \"n\"\n",
            "2:1",
            "needs a `pattern` or `keys`",
        ),
    ] {
        sb.write("config/warroom/config.toml", config);
        let out = sb
            .cmd()
            .arg("redact")
            .write_stdin("x\n")
            .assert()
            .code(2)
            .get_output()
            .clone();
        let line = common::one_error_line("config rule", &out.stderr);
        assert!(
            line.contains(&format!("config.toml:{line_col}:")) && line.contains(says),
            "{line}"
        );
    }
}

/// A playbook on the `--playbooks` path that fails to load brings none of
/// its `[[redact]]` rules: `redact` says so on stderr (with the file's
/// first problem and its place) and still cleans the stream with every
/// other rule; the same playbook fixed brings its rule.
#[test]
fn a_playbook_that_does_not_load_is_named_when_its_redact_rules_are_missing() {
    let sb = Sandbox::new();
    let dir = sb.path().join("books");
    let book = |keys: &str| {
        format!(
            "id = \"acme\"\ntitle = \"Acme\"\n\n[[phases]]\nid = \"p\"\ntitle = \"Now\"\ndue = \"15m\"\n\n[[steps]]\nid = \"s\"\nphase = \"p\"\ntitle = \"Revoke\"\n\n[[redact]]\nname = \"acme\"\nkeys = [{keys}]\n"
        )
    };
    let input = "X-Acme-Key: abc123\npassword=hunter2hunter2\n";
    let run = || {
        sb.cmd()
            .arg("--playbooks")
            .arg(&dir)
            .arg("redact")
            .write_stdin(input)
            .assert()
            .success()
            .get_output()
            .clone()
    };
    sb.write("books/acme.toml", book("\"ACME KEY\", \"X-ACME-KEY\""));
    let out = run();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("X-Acme-Key: abc123"), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("warroom: warning: ")
            && stderr.contains("acme.toml:16:9: key `ACME KEY`")
            && stderr.contains("none of its [[redact]] rules apply"),
        "{stderr}"
    );
    sb.write("books/acme.toml", book("\"X-ACME-KEY\""));
    let out = run();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("X-Acme-Key: [REDACTED:acme]"), "{stdout}");
}

/// An error echoes what it was given: a token pasted where an id belongs,
/// or typed into a playbook field, comes back redacted, never as itself,
/// with the error still saying which file, line and field.
#[test]
fn an_error_line_never_echoes_a_secret() {
    const KEY: &str = "AKIAZ7QWERTYUIOPASDF";
    let sb = Sandbox::new();
    let dir = sb.path().join("books");
    sb.write(
        "books/leaky.toml",
        format!(
            "id = \"leaky\"\ntitle = \"Leaky\"\nseverity = \"{KEY}\"\n\n[[phases]]\nid = \"p\"\ntitle = \"Now\"\ndue = \"{TOKEN}\"\n\n[[steps]]\nid = \"s\"\nphase = \"p\"\ntitle = \"Revoke\"\n"
        ),
    );
    let stderr = |args: &[&str], code: i32| {
        let out = sb
            .cmd()
            .arg("--playbooks")
            .arg(&dir)
            .args(args)
            .assert()
            .code(code)
            .get_output()
            .stderr
            .clone();
        String::from_utf8(out).unwrap()
    };
    for args in [
        &["playbooks", "check"][..],
        &["playbooks", "show", "leaky"][..],
    ] {
        let err = stderr(args, 2);
        assert!(
            !err.contains(KEY) && !err.contains(TOKEN),
            "{args:?}:\n{err}"
        );
        assert!(
            err.contains("leaky.toml:3:12: unknown severity `[REDACTED:aws-access-key]`")
                && err.contains("leaky.toml:8:7: `due` of phase `p`: `[REDACTED:github-token]`"),
            "{args:?}:\n{err}"
        );
    }
    let err = stderr(&["show", TOKEN], 2);
    assert!(!err.contains(TOKEN), "{err}");
    assert!(err.contains("[REDACTED:github-token]"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
