//! The PostgreSQL store against a real local server (issue 20's targets).
//! Run through `scripts/bench-pg.sh`, which starts a throwaway cluster,
//! creates and migrates the databases and passes them here:
//!
//! - `WARROOM_BENCH_PG_HOST`: the cluster's socket directory;
//! - databases `bench_note`, `bench_status`, `bench_writers`, owned by
//!   `warroom_admin`, migrated; roles `alice`, `bob` (responders).
//!
//! Latencies are measured one by one and reported as p50 / p90 / max
//! (not criterion: the figures wanted are percentiles of single
//! operations, and "another console sees it" spans two connections).
//! Without the variable it says so and measures nothing.

use chrono::Utc;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use warroom::incident::{Actor, Command as Cmd, EventKind};
use warroom::playbook::{Library, Severity, bundled_source};
use warroom::redact::Redactor;
use warroom::store::postgres::PgStore;
use warroom::store::{Declaration, IncidentStore, Verdict};

const NOTES: usize = 500;
const SEEN: usize = 300;
const CLI_NOTES: usize = 40;
const STATUS_EVENTS: usize = 10_000;
const STATUS_RUNS: usize = 30;
const WRITERS: usize = 8;
const EACH: usize = 500;

fn url(host: &str, role: &str, db: &str) -> String {
    format!("postgres://{role}@/{db}?host={host}")
}

fn declare(store: &mut dyn IncidentStore) -> u64 {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").expect("bundled").playbook;
    let d = Declaration {
        playbook: pb,
        source: bundled_source("secret-leak").expect("bundled"),
        title: "benchmark".into(),
        severity: Severity::P2,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    store
        .declare_above(
            d,
            0,
            &Actor::account("alice"),
            Utc::now(),
            &Redactor::builtin(),
        )
        .expect("declare")
}

fn note(store: &mut dyn IncidentStore, id: u64, text: String) -> Result<u64, String> {
    store
        .apply(
            id,
            Cmd::Note { text, step: None },
            &Actor::account("alice"),
            Utc::now(),
            &Redactor::builtin(),
        )
        .map(|e| e.seq)
        .map_err(|e| e.to_string())
}

/// p50 / p90 / max of `samples`, in milliseconds.
fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<58} p50 {:>8.2} ms  p90 {:>8.2} ms  max {:>8.2} ms  (n={})",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(*samples.last().expect("samples")),
        samples.len()
    );
}

/// The binary `warroom`, isolated from this machine's config.
fn warroom(db: &str, home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("WARROOM_SYSTEM_CONFIG", home.join("none.toml"))
        .env("WARROOM_DB", db)
        .env("USER", "alice")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn run(mut c: Command) -> Duration {
    let t0 = Instant::now();
    let out = c.output().expect("run warroom");
    let took = t0.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// An acknowledged note: `apply` returns once the server committed
/// (`synchronous_commit = on`), in process and as the `warroom note`
/// command (process start, connect, load, commit, witness).
fn acknowledged(host: &str, home: &std::path::Path) {
    let db = url(host, "alice", "bench_note");
    let mut store = PgStore::open(&db).expect("open");
    let id = declare(&mut store);
    let samples = (0..NOTES)
        .map(|n| {
            let t0 = Instant::now();
            note(&mut store, id, format!("note {n}")).expect("note");
            t0.elapsed()
        })
        .collect();
    report("acknowledged note, in process (PgStore::apply)", samples);
    let inc = format!("INC-{id}");
    let samples = (0..CLI_NOTES)
        .map(|n| {
            let mut c = warroom(&db, home);
            c.args(["note", &inc, &format!("cli note {n}")]);
            run(c)
        })
        .collect();
    report("acknowledged note, `warroom note` process", samples);
}

/// Another console sees it: from the writer's acknowledged commit to a
/// reader that was woken by its LISTEN connection, saw the events
/// signature move (what `live::Watch` asks) and reloaded the incident
/// with the note in it, as the console does.
fn seen(host: &str, home: &std::path::Path) {
    let mut writer = PgStore::open(&url(host, "bob", "bench_note")).expect("open");
    let reader = PgStore::open(&url(host, "alice", "bench_note")).expect("open");
    let id = declare(&mut writer);
    let (tx, woken) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let listening = reader.wake_on_change(std::sync::Arc::new(move || {
        let _ = tx.lock().expect("lock").send(Instant::now());
    }));
    assert!(listening, "the PostgreSQL store did not listen");
    woken
        .recv_timeout(Duration::from_secs(30))
        .expect("listening");
    let reload_until = |seq: u64, since: Instant| -> Duration {
        loop {
            // Woken (or, past a lost notification, asked again).
            let _ = woken.recv_timeout(Duration::from_secs(1));
            let (state, _) = reader.incident(id).expect("reload");
            if state.last_seq >= seq {
                return since.elapsed();
            }
        }
    };
    let mut samples = Vec::with_capacity(SEEN);
    for n in 0..SEEN {
        while woken.try_recv().is_ok() {}
        let signature = reader.events_signature().expect("signature");
        let seq = note(&mut writer, id, format!("seen {n}")).expect("note");
        let acknowledged = Instant::now();
        let took = reload_until(seq, acknowledged);
        assert_ne!(reader.events_signature().expect("signature"), signature);
        samples.push(took);
    }
    report(
        "another console sees it (ack -> woken -> reloaded)",
        samples,
    );
    // The same through the command: from `warroom note`'s exit. The
    // commit (and so the notification) comes before the exit, so this is
    // at most the reload, often less.
    let inc = format!("INC-{id}");
    let db = url(host, "bob", "bench_note");
    let mut samples = Vec::with_capacity(CLI_NOTES);
    for n in 0..CLI_NOTES {
        while woken.try_recv().is_ok() {}
        let before = reader.state(id).expect("state").last_seq;
        let mut c = warroom(&db, home);
        c.args(["note", &inc, &format!("seen cli {n}")]);
        run(c);
        samples.push(reload_until(before + 1, Instant::now()));
    }
    report(
        "another console sees it (`warroom note` exit -> reloaded)",
        samples,
    );
}

/// `warroom status` of an incident with 10,000 events, as a process:
/// start, connect, load, fold, render; and the load + fold alone.
fn status(host: &str, home: &std::path::Path) {
    let db = url(host, "alice", "bench_status");
    let mut store = PgStore::open(&db).expect("open");
    let id = declare(&mut store);
    for n in 1..STATUS_EVENTS {
        note(&mut store, id, format!("event {n}")).expect("note");
    }
    drop(store);
    let samples = (0..STATUS_RUNS)
        .map(|_| {
            let t0 = Instant::now();
            let store = PgStore::open(&db).expect("open");
            let (state, events) = store.incident(id).expect("load");
            assert_eq!(events.len(), STATUS_EVENTS);
            assert_eq!(state.last_seq as usize, STATUS_EVENTS);
            t0.elapsed()
        })
        .collect();
    report("10,000 events: connect, load, fold (in process)", samples);
    let samples = (0..STATUS_RUNS)
        .map(|_| {
            let t0 = Instant::now();
            drop(PgStore::open(&db).expect("open"));
            t0.elapsed()
        })
        .collect();
    report("  of which connect (PgStore::open)", samples);
    let store = PgStore::open(&db).expect("open");
    let samples = (0..STATUS_RUNS)
        .map(|_| {
            let t0 = Instant::now();
            let (_, events) = store.incident(id).expect("load");
            assert_eq!(events.len(), STATUS_EVENTS);
            t0.elapsed()
        })
        .collect();
    report("  of which load + fold, connected", samples);
    drop(store);
    let inc = format!("INC-{id}");
    let samples = (0..STATUS_RUNS)
        .map(|_| {
            let mut c = warroom(&db, home);
            c.args(["status", &inc]);
            run(c)
        })
        .collect();
    report("`warroom status` of 10,000 events (process)", samples);
}

/// 8 writers, each its own connection, 500 notes each on one incident:
/// every error counted, every note looked for, the chain verified.
fn writers(host: &str) {
    let db = url(host, "alice", "bench_writers");
    let id = declare(&mut PgStore::open(&db).expect("open"));
    let t0 = Instant::now();
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let db = url(host, ["alice", "bob"][w % 2], "bench_writers");
            std::thread::spawn(move || {
                let mut store = PgStore::open(&db).expect("open");
                let mut errors = 0;
                let mut took = Vec::with_capacity(EACH);
                for n in 0..EACH {
                    let t = Instant::now();
                    if note(&mut store, id, format!("writer {w} note {n}")).is_err() {
                        errors += 1;
                    }
                    took.push(t.elapsed());
                }
                (errors, took)
            })
        })
        .collect();
    let mut errors = 0;
    let mut samples = Vec::new();
    for t in threads {
        let (e, took) = t.join().expect("writer");
        errors += e;
        samples.extend(took);
    }
    let wall = t0.elapsed();
    let store = PgStore::open(&db).expect("open");
    let (_, events) = store.incident(id).expect("load");
    let mut wanted: std::collections::HashSet<String> = (0..WRITERS)
        .flat_map(|w| (0..EACH).map(move |n| format!("writer {w} note {n}")))
        .collect();
    for e in &events {
        if let EventKind::NoteAdded { text, .. } = &e.kind {
            wanted.remove(text);
        }
    }
    let consistent = matches!(
        store.verify(id).expect("verify"),
        Verdict::Consistent { .. }
    );
    println!(
        "{WRITERS} writers x {EACH} notes: {errors} errors, {} lost, chain {}, {:.1} s, {:.0} notes/s",
        wanted.len(),
        if consistent { "verifies" } else { "BROKEN" },
        wall.as_secs_f64(),
        (WRITERS * EACH) as f64 / wall.as_secs_f64()
    );
    report("one note among 8 concurrent writers", samples);
}

fn main() {
    // `cargo bench` passes `--bench`; a filter word, if any, picks parts.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(host) = std::env::var("WARROOM_BENCH_PG_HOST")
        .ok()
        .filter(|h| !h.is_empty())
    else {
        println!(
            "pg_store: skipped: run scripts/bench-pg.sh (it starts a server and sets WARROOM_BENCH_PG_HOST)"
        );
        return;
    };
    let home = tempfile::tempdir().expect("temp home");
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    if wanted("acknowledged") {
        acknowledged(&host, home.path());
    }
    if wanted("seen") {
        seen(&host, home.path());
    }
    if wanted("status") {
        status(&host, home.path());
    }
    if wanted("writers") {
        writers(&host);
    }
}
