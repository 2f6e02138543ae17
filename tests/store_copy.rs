//! `warroom store copy FROM TO`: SQLite to PostgreSQL and back with the
//! chains, drills and leaked values intact (`verify` green on both sides,
//! the leaked value still scrubbed), a second run changes nothing, a
//! conflicting incident is refused with nothing written for it, and the
//! leaked-value key and the writing role are checked before anything is
//! written.

mod common;

use common::Sandbox;
use std::ffi::OsStr;

const SECRET: &str = "corp-internal-pw-Zx81";

fn ok(sb: &Sandbox, db: impl AsRef<OsStr>, args: &[&str]) -> String {
    common::stdout_of(
        args,
        sb.cmd().env("WARROOM_DB", db).args(args).output().unwrap(),
    )
}

fn copy(sb: &Sandbox, from: impl AsRef<OsStr>, to: impl AsRef<OsStr>) -> std::process::Output {
    let mut c = sb.cmd();
    c.arg("store").arg("copy").arg(from).arg(to);
    c.output().unwrap()
}

/// A played incident with a leaked value, and a resolved drill.
fn played(sb: &Sandbox, db: impl AsRef<OsStr> + Copy) {
    assert_eq!(
        ok(sb, db, &["declare", "secret-leak", "--title", "real"]),
        "INC-1\n"
    );
    ok(sb, db, &["step", "INC-1", "assess-scope", "start"]);
    ok(sb, db, &["step", "INC-1", "assess-scope", "done"]);
    let out = sb
        .cmd()
        .env("WARROOM_DB", db)
        .args(["leaked", "INC-1"])
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap();
    assert!(out.status.success());
    ok(sb, db, &["note", "INC-1", &format!("they used {SECRET}")]);
    assert_eq!(
        ok(
            sb,
            db,
            &["declare", "secret-leak", "--drill", "--speed", "60"]
        ),
        "INC-2\n"
    );
    ok(sb, db, &["step", "INC-2", "assess-scope", "start"]);
    ok(sb, db, &["note", "INC-2", "rehearsal note"]);
    ok(sb, db, &["set-status", "INC-2", "resolved"]);
}

/// What a store holds, as the application sees it: every event of both
/// incidents (hash, time, account, kind, text), the same on both sides of
/// a copy. Not the whole export: its clock-relative fields move.
fn holdings(sb: &Sandbox, db: impl AsRef<OsStr> + Copy) -> Vec<serde_json::Value> {
    ["INC-1", "INC-2"]
        .iter()
        .map(|id| events_of(sb, db, id))
        .collect()
}

/// One incident's events as `export` gives them.
fn events_of(sb: &Sandbox, db: impl AsRef<OsStr> + Copy, id: &str) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_str(&ok(sb, db, &["export", id, "--format", "json"])).unwrap();
    json["events"].clone()
}

/// Two holdings compared without printing pages of JSON.
fn same(a: &[serde_json::Value], b: &[serde_json::Value]) {
    assert!(a == b, "the stores differ: {a:?}\n   vs {b:?}");
}

/// `verify --all` green, and the leaked value still scrubbed with the
/// store's own key and fingerprints.
fn sound(sb: &Sandbox, db: impl AsRef<OsStr> + Copy) {
    let verified = ok(sb, db, &["verify", "--all"]);
    assert!(
        verified.contains("INC-1: ") && verified.contains("INC-2: "),
        "{verified}"
    );
    let out = sb
        .cmd()
        .env("WARROOM_DB", db)
        .arg("redact")
        .write_stdin(format!("login with {SECRET} ok\n"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "login with [REDACTED:literal] ok\n",
        "the leaked value is not scrubbed in {:?}",
        db.as_ref()
    );
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn one_line_err(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn a_copy_between_two_files_is_whole_idempotent_and_completes_a_prefix() {
    let sb = Sandbox::new();
    let one = sb.path().join("one.db");
    let two = sb.path().join("two.db");
    played(&sb, &one);
    let out = copy(&sb, &one, &two);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("INC-1: copied (5 events, head "), "{text}");
    assert!(
        text.contains("2 copied, 0 already there, 0 refused"),
        "{text}"
    );
    sound(&sb, &two);
    same(&holdings(&sb, &one), &holdings(&sb, &two));

    // Again: nothing to do.
    let out = copy(&sb, &one, &two);
    assert!(out.status.success());
    assert!(stdout(&out).contains("INC-1: already there (5 events, head "));
    assert!(stdout(&out).contains("0 copied, 2 already there, 0 refused"));

    // The source went on: only the new events are appended.
    ok(&sb, &one, &["note", "INC-1", "later"]);
    let out = copy(&sb, &one, &two);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("INC-1: copied (1 of 6 events, head "),
        "{}",
        stdout(&out)
    );
    same(&holdings(&sb, &one), &holdings(&sb, &two));
    sound(&sb, &two);
}

#[test]
fn a_different_incident_under_the_same_number_is_refused_and_left_alone() {
    let sb = Sandbox::new();
    let one = sb.path().join("one.db");
    let two = sb.path().join("two.db");
    ok(&sb, &one, &["declare", "secret-leak", "--title", "ours"]);
    ok(&sb, &one, &["declare", "secret-leak", "--title", "second"]);
    ok(&sb, &two, &["declare", "secret-leak", "--title", "theirs"]);
    let before = events_of(&sb, &two, "INC-1");
    let out = copy(&sb, &one, &two);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("INC-1: refused: the target's INC-1 has a different chain"),
        "{text}"
    );
    assert!(text.contains("INC-2: copied"), "{text}");
    assert!(
        text.contains("1 copied, 0 already there, 1 refused"),
        "{text}"
    );
    assert_eq!(events_of(&sb, &two, "INC-1"), before);
    ok(&sb, &two, &["verify", "--all"]);
}

#[test]
fn leaked_values_are_not_copied_into_a_store_keyed_differently() {
    let sb = Sandbox::new();
    let one = sb.path().join("one.db");
    let two = sb.path().join("two.db");
    played(&sb, &one);
    ok(&sb, &two, &["declare", "secret-leak"]);
    // Its own key, made when a value is registered.
    let out = sb
        .cmd()
        .env("WARROOM_DB", &two)
        .args(["leaked", "INC-1"])
        .write_stdin("another-value-123456\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let before = events_of(&sb, &two, "INC-1");
    let out = copy(&sb, &one, &two);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_err(&out);
    assert!(err.contains("cannot be re-keyed"), "{err}");
    assert_eq!(stdout(&out), "");
    assert_eq!(events_of(&sb, &two, "INC-1"), before);
    // Nothing of the source went in.
    let out = sb
        .cmd()
        .env("WARROOM_DB", &two)
        .args(["status", "INC-2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_arguments_are_one_line() {
    let sb = Sandbox::new();
    let missing = sb.path().join("nothing.db");
    let out = copy(&sb, &missing, sb.path().join("two.db"));
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line_err(&out).contains("no such database"));
    assert!(!sb.path().join("two.db").exists());
    let one = sb.path().join("one.db");
    ok(&sb, &one, &["declare", "secret-leak"]);
    let out = copy(&sb, &one, &one);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line_err(&out).contains("same store"));
    let out = copy(&sb, &one, "postgres://alice:pw@db1/warroom");
    assert_eq!(out.status.code(), Some(2));
    one_line_err(&out);
}

#[cfg(feature = "postgres")]
#[test]
fn sqlite_to_postgres_and_back_keeps_chains_drills_and_leaked_values() {
    let Some(server) = common::pg::server() else {
        return;
    };
    let name = server.fresh_db();
    let admin = server.url("warroom_admin", &name);
    let alice = server.url("alice", &name);
    let sb = Sandbox::new();
    let one = sb.path().join("one.db");
    let back = sb.path().join("back.db");
    played(&sb, &one);

    // A responder cannot write others' events: refused before anything.
    let out = copy(&sb, &one, &alice);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_err(&out);
    assert!(err.contains("admin role"), "{err}");
    assert!(!ok(&sb, &alice, &["list", "--all"]).contains("INC-"));

    let out = copy(&sb, &one, &admin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("2 copied, 0 already there, 0 refused"));
    sound(&sb, &alice);
    same(&holdings(&sb, &one), &holdings(&sb, &alice));

    let out = copy(&sb, &one, &admin);
    assert!(out.status.success());
    assert!(stdout(&out).contains("0 copied, 2 already there, 0 refused"));
    same(&holdings(&sb, &one), &holdings(&sb, &alice));

    // Back, read by a responder: the server lets anyone who reads copy out.
    let out = copy(&sb, &alice, &back);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("2 copied, 0 already there, 0 refused"));
    sound(&sb, &back);
    same(&holdings(&sb, &one), &holdings(&sb, &back));
    let out = copy(&sb, &alice, &back);
    assert!(stdout(&out).contains("0 copied, 2 already there, 0 refused"));

    // A different INC-1 on the server is refused, and left as it was.
    let other = server.fresh_db();
    let other_admin = server.url("warroom_admin", &other);
    ok(
        &sb,
        &other_admin,
        &["declare", "secret-leak", "--title", "theirs"],
    );
    let before = events_of(&sb, &other_admin, "INC-1");
    let out = copy(&sb, &one, &other_admin);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_err(&out);
    assert!(err.contains("cannot be re-keyed"), "{err}");
    assert_eq!(events_of(&sb, &other_admin, "INC-1"), before);
    let plain = sb.path().join("plain.db");
    ok(&sb, &plain, &["declare", "secret-leak", "--title", "ours"]);
    let out = copy(&sb, &plain, &other_admin);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("INC-1: refused: the target's INC-1 has a different chain"),
        "{}",
        stdout(&out)
    );
    assert_eq!(events_of(&sb, &other_admin, "INC-1"), before);
}

#[test]
fn a_source_chain_that_does_not_verify_is_refused() {
    let sb = Sandbox::new();
    let one = sb.path().join("one.db");
    let two = sb.path().join("two.db");
    ok(&sb, &one, &["declare", "secret-leak"]);
    ok(&sb, &one, &["note", "INC-1", "the truth"]);
    ok(&sb, &one, &["declare", "secret-leak"]);
    rusqlite::Connection::open(&one)
        .unwrap()
        .execute(
            "UPDATE events SET payload = replace(payload, 'the truth', 'a lie') WHERE incident = 1",
            [],
        )
        .unwrap();
    let out = copy(&sb, &one, &two);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("INC-1: refused: its chain does not verify in the source at event 2"),
        "{text}"
    );
    assert!(
        text.contains("1 copied, 0 already there, 1 refused"),
        "{text}"
    );
    let out = sb
        .cmd()
        .env("WARROOM_DB", &two)
        .args(["status", "INC-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "nothing of INC-1 was written");
}
