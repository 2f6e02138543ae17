use super::*;

fn plan(script: &str, timeout_ms: u64) -> Plan {
    let dir = std::env::temp_dir();
    Plan {
        step: "s".into(),
        line: Some(1),
        script: script.into(),
        shell: shell_for(std::path::Path::new("/bin/sh")),
        cwd: dir.clone(),
        account: "tester".into(),
        home: dir,
        timeout: Duration::from_millis(timeout_ms),
    }
}

fn run(script: &str, timeout_ms: u64, stop: &AtomicBool) -> (RunRecord, Vec<String>) {
    let red = Redactor::builtin();
    let mut lines = Vec::new();
    let rec = execute(&plan(script, timeout_ms), &red, stop, "h", |l| {
        lines.push(l.to_string())
    });
    (rec, lines)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn output_is_redacted_and_only_its_hash_kept_raw() {
    let token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    let (rec, lines) = run(
        &format!("echo start; echo token={token} 1>&2; printf 'no newline'; exit 3"),
        10_000,
        &AtomicBool::new(false),
    );
    assert_eq!(rec.end, RunEnd::Exited);
    assert_eq!(rec.exit_code, Some(3));
    assert!(!rec.succeeded());
    assert_eq!(rec.result(), "exit 3");
    assert!(!rec.output.contains(&token[..12]), "{}", rec.output);
    assert!(lines.iter().all(|l| !l.contains(&token[..12])));
    assert!(rec.output.contains("[REDACTED:"), "{}", rec.output);
    assert!(rec.output.contains("no newline"));
    let raw = format!("start\ntoken={token}\nno newline");
    assert_eq!(rec.output_sha256, sha256_hex(raw.as_bytes()));
    assert_eq!(rec.output_bytes, raw.len() as u64);
    assert_eq!(rec.output_cut, 0);
    assert_eq!(lines.len(), 3);
}

#[test]
fn control_sequences_never_reach_the_output() {
    let (rec, lines) = run(
        "printf 'a\\033]52;c;SGVsbG8=\\007b\\033[2Jc\\n'",
        10_000,
        &AtomicBool::new(false),
    );
    assert!(rec.succeeded());
    for text in lines.iter().chain([&rec.output]) {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
}

#[test]
fn a_timeout_stops_the_whole_group_and_says_so() {
    let began = Instant::now();
    // The child's own child must die too: it holds the pipe.
    let (rec, _) = run(
        "sleep 30 & sleep 30; echo never",
        300,
        &AtomicBool::new(false),
    );
    assert_eq!(rec.end, RunEnd::TimedOut);
    assert_eq!(rec.result(), "timed out");
    assert!(
        began.elapsed() < Duration::from_secs(10),
        "{:?}",
        began.elapsed()
    );
    assert!(!rec.output.contains("never"));
}

#[test]
fn a_stop_is_recorded_as_a_stop() {
    let stop = AtomicBool::new(true);
    let (rec, _) = run("sleep 30", 60_000, &stop);
    assert_eq!(rec.end, RunEnd::Stopped);
    assert!(!rec.succeeded());
}

#[test]
fn a_long_output_keeps_both_ends_and_marks_the_cut() {
    let (rec, lines) = run(
        "i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done",
        30_000,
        &AtomicBool::new(false),
    );
    assert!(rec.succeeded());
    assert_eq!(lines.len(), 20_000);
    assert!(rec.output.starts_with("line-0\n"));
    assert!(rec.output.ends_with("line-19999\n"));
    assert!(rec.output_cut > 0);
    assert!(rec.output.contains("bytes of output cut here"));
    assert!(rec.output.len() < 2 * KEEP_EACH_END + 200);
}

#[test]
fn the_environment_is_the_logins_not_warrooms() {
    // SAFETY: tests in this module do not read this variable concurrently.
    unsafe { std::env::set_var("WARROOM_SECRET_TEST_VAR", "leak") };
    let (rec, _) = run(
        "echo user=$USER home=$HOME v=${WARROOM_SECRET_TEST_VAR:-unset}",
        10_000,
        &AtomicBool::new(false),
    );
    assert!(rec.output.contains("user=tester"), "{}", rec.output);
    assert!(rec.output.contains("v=unset"), "{}", rec.output);
}

#[test]
fn a_shell_that_cannot_start_is_a_failed_run_not_a_panic() {
    let red = Redactor::builtin();
    let mut p = plan("true", 1000);
    p.shell = "/nonexistent/shell".into();
    let rec = execute(&p, &red, &AtomicBool::new(false), "h", |_| {});
    assert_eq!(rec.end, RunEnd::Failed);
    assert!(rec.output.contains("could not start"));
}

#[test]
fn a_command_that_makes_a_secret_has_its_printed_value_hidden() {
    // `openssl rand` marks the command as a generator; `printf` stands in
    // for its output so the test needs no openssl.
    let (rec, lines) = run(
        "true openssl rand -hex 32; printf '3f9c2b7e1a4d8f6053b2c9e7d1a0f4b8c6e2d9a7f1b3c5e8d0a2f4b6c8e1d3a5\\nok short-word 1234\\n'",
        10_000,
        &AtomicBool::new(false),
    );
    assert!(rec.succeeded(), "{}", rec.output);
    assert!(!rec.output.contains("3f9c2b7e"), "{}", rec.output);
    assert!(
        rec.output.contains("[REDACTED:generated-secret]"),
        "{}",
        rec.output
    );
    assert!(rec.output.contains("ok short-word 1234"), "{}", rec.output);
    assert!(lines.iter().all(|l| !l.contains("3f9c2b7e")));
    // Not a generator: a commit hash in ordinary output stays.
    let (rec, _) = run(
        "echo 3f9c2b7e1a4d8f6053b2c9e7d1a0f4b8c6e2d9a7",
        10_000,
        &AtomicBool::new(false),
    );
    assert!(
        rec.output
            .contains("3f9c2b7e1a4d8f6053b2c9e7d1a0f4b8c6e2d9a7")
    );
}

#[test]
fn generated_looking_words_are_told_from_ordinary_ones() {
    assert!(looks_generated("3f9c2b7e1a4d8f6053b2c9e7d1a0f4b8"));
    assert!(looks_generated("Zk8vQ2xN7pR4tW9yB3mC6fH1jL5sD0gA"));
    assert!(!looks_generated("aaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert!(!looks_generated("short"));
    assert!(!looks_generated("configuration-management"));
    assert_eq!(hide_generated("key: x"), "key: x");
    assert_eq!(
        hide_generated("new 3f9c2b7e1a4d8f6053b2c9e7d1a0f4b8 done"),
        "new [REDACTED:generated-secret] done"
    );
}
