//! Two consoles on one PostgreSQL database, each in its own pty, as two
//! responders on different hosts would run them: each sees the other (and
//! a command-line responder) act, a value registered as leaked in one is
//! scrubbed from the other's screen including lines it already showed,
//! and each holds a LISTEN connection that, when the server drops it,
//! comes back while the screens keep up and show no error.
//!
//! The bounds are generous (CI machines are loaded): these tests check
//! what the screens show, not how fast; `scripts/bench-pg.sh` measures.

#![cfg(feature = "postgres")]

mod common;

use common::Sandbox;
use common::pg;
use common::pty::Console;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
/// A LISTEN connection comes back after the first retry delays (0.5 s,
/// 1 s, ...); this leaves room for several on a slow machine.
const RECONNECT_WITHIN: Duration = Duration::from_secs(60);

/// How many LISTEN connections the consoles hold on `db`.
fn listeners(server: &pg::Server, db: &str) -> i64 {
    server
        .client("postgres", db)
        .query_one(
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE datname = $1 AND application_name = 'warroom-listen'",
            &[&db],
        )
        .expect("pg_stat_activity")
        .get(0)
}

fn wait_listeners(server: &pg::Server, db: &str, n: i64, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let now = listeners(server, db);
        if now == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{now} LISTEN connections after {within:?}, wanted {n}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `warroom note INC-1 TEXT` as `role`, from the command line.
fn note_from_the_shell(sb: &Sandbox, url: &str, text: &str) {
    sb.cmd()
        .env("WARROOM_DB", url)
        .args(["note", "INC-1", text])
        .assert()
        .success();
}

/// Nothing went wrong on screen: a server-side drop of the LISTEN
/// connection must not reach the responder.
fn no_error_shown(c: &Console) {
    let text = c.text().to_lowercase();
    for word in ["error", "terminat", "listen", "connection"] {
        assert!(
            !text.contains(word),
            "{}: the screen mentions `{word}`:\n{}",
            c.name,
            c.text()
        );
    }
}

#[test]
fn two_consoles_on_postgres_see_each_other_and_scrub_a_leaked_value() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = Sandbox::new();
    let url = |role: &str| server.url(role, &db);
    sb.cmd()
        .env("WARROOM_DB", url("alice"))
        .args(["declare", "secret-leak", "--title", "Token in CI logs"])
        .assert()
        .success()
        .stdout("INC-1\n");
    // No rule knows this value: only its registration can hide it.
    let secret = "plain-words-leaked-4417";
    let log = sb.write("app.log", format!("boot with {secret}\n"));
    let args = ["--log", log.to_str().unwrap()];
    let mut alice = Console::start(&sb, &url("alice"), "alice", &args);
    let mut bob = Console::start(&sb, &url("bob"), "bob", &args);
    for c in [&alice, &bob] {
        c.wait_for(WAIT, "incident screen with the log line", |t| {
            t.contains("INC-1") && t.contains(secret)
        });
    }

    // Presence: each names the other.
    alice.wait_for(WAIT, "bob as present", |t| t.contains("here: bob"));
    bob.wait_for(WAIT, "alice as present", |t| t.contains("here: alice"));
    // Each console listens on a connection of its own.
    wait_listeners(server, &db, 2, WAIT);

    // A step taken in one shows on the other, both ways.
    alice.send("s");
    alice.wait_for(WAIT, "alice's own start", |t| {
        t.contains("alice started Assess scope")
    });
    bob.wait_for(WAIT, "alice's start", |t| {
        t.contains("alice started Assess scope")
    });
    bob.send("d");
    bob.wait_for(WAIT, "bob's own done", |t| {
        t.contains("bob marked Assess scope")
    });
    alice.wait_for(WAIT, "bob's done", |t| {
        t.contains("bob marked Assess scope")
    });

    // A note typed in one console, and one from the command line.
    bob.send("n");
    bob.wait_for(WAIT, "the note dialog", |t| t.contains("Note"));
    bob.send("vendor paged\r");
    alice.wait_for(WAIT, "bob's note", |t| t.contains("vendor paged"));
    note_from_the_shell(&sb, &url("carol"), "carol checks CI");
    for c in [&alice, &bob] {
        c.wait_for(WAIT, "carol's note", |t| t.contains("carol checks CI"));
    }

    // The server drops both LISTEN connections: the consoles keep up
    // (polling meanwhile), say nothing on screen, and listen again.
    let dropped: i64 = server
        .client("postgres", &db)
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND application_name = 'warroom-listen'",
            &[&db],
        )
        .expect("terminate the listeners")
        .len() as i64;
    assert_eq!(dropped, 2);
    note_from_the_shell(&sb, &url("carol"), "after the drop");
    for c in [&alice, &bob] {
        c.wait_for(WAIT, "the note written after the drop", |t| {
            t.contains("after the drop")
        });
    }
    wait_listeners(server, &db, 2, RECONNECT_WITHIN);
    note_from_the_shell(&sb, &url("carol"), "heard again");
    for c in [&alice, &bob] {
        c.wait_for(WAIT, "the note written after reconnecting", |t| {
            t.contains("heard again")
        });
        no_error_shown(c);
    }
    let log_of = |who: &str| {
        std::fs::read_to_string(
            sb.path()
                .join(format!("home/{who}/state/warroom/console.log")),
        )
        .unwrap_or_default()
    };
    for who in ["alice", "bob"] {
        assert!(
            log_of(who).contains("lost the LISTEN connection"),
            "{who}'s log file does not say the connection was lost:\n{}",
            log_of(who)
        );
    }

    // A value registered as leaked in alice's console is scrubbed on
    // bob's screen, from the line it already shows.
    alice.send("!");
    alice.wait_for(WAIT, "the leaked-value dialog", |t| {
        t.to_lowercase().contains("leaked")
    });
    alice.send(secret);
    alice.send("\r");
    alice.wait_for(WAIT, "the value scrubbed on alice's screen", |t| {
        !t.contains(secret) && t.contains("[REDACTED:literal]")
    });
    bob.wait_for(WAIT, "the value scrubbed on bob's screen", |t| {
        !t.contains(secret) && t.contains("boot with [REDACTED:literal]")
    });

    assert!(alice.quit(WAIT), "alice's console did not exit 0");
    // Leaving is presence too: bob stops naming alice.
    bob.wait_for(WAIT, "alice gone", |t| !t.contains("here: alice"));
    assert!(bob.quit(WAIT), "bob's console did not exit 0");
}

/// `warroom watch` runs the same kind of loop as the console, and so
/// calls the store from inside it: on PostgreSQL too, without a panic.
#[test]
fn watch_runs_on_postgres() {
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = Sandbox::new();
    let url = server.url("alice", &db);
    sb.cmd()
        .env("WARROOM_DB", &url)
        .args(["declare", "secret-leak", "--title", "watched"])
        .assert()
        .success();
    let out = sb
        .cmd()
        .env("WARROOM_DB", &url)
        .args(["watch", "--once"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    common::assert_no_panic("watch --once", &stderr);
    assert!(out.status.success(), "watch --once: {stderr}");
}

/// `warroom tail -f` on PostgreSQL listens too, and scrubs a value
/// registered as leaked while it runs from the lines it prints after.
#[test]
fn tail_follow_on_postgres_listens_and_scrubs_a_value_registered_meanwhile() {
    use std::io::{BufRead, Write};
    let Some(server) = pg::server() else { return };
    let db = server.fresh_db();
    let sb = Sandbox::new();
    let url = server.url("alice", &db);
    sb.cmd()
        .env("WARROOM_DB", &url)
        .args(["declare", "secret-leak", "--title", "tailed"])
        .assert()
        .success();
    let secret = "plain-words-leaked-9051";
    let log = sb.write("app.log", "start\n");
    let mut tail = sb
        .std_cmd()
        .env("WARROOM_DB", &url)
        .args(["tail", "-f", "-n", "0", log.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    let stdout = tail.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    wait_listeners(server, &db, 1, WAIT);
    sb.cmd()
        .env("WARROOM_DB", &url)
        .args(["leaked", "INC-1"])
        .write_stdin(secret)
        .assert()
        .success();
    // Lines keep coming; from some line on (at once, when the listener
    // heard the registration before the line was read) they are scrubbed.
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let deadline = Instant::now() + WAIT;
    let mut n = 0;
    let scrubbed = loop {
        assert!(Instant::now() < deadline, "no scrubbed line after {WAIT:?}");
        n += 1;
        writeln!(f, "line {n} with {secret}").unwrap();
        f.flush().unwrap();
        let line = lines.recv_timeout(WAIT).expect("a line from tail -f");
        if line.contains("[REDACTED:literal]") {
            break line;
        }
    };
    assert!(!scrubbed.contains(secret), "{scrubbed}");
    let _ = tail.kill();
    let _ = tail.wait();
}
