//! The incident store's targets (issue 4):
//! - an acknowledged transition including fsync: p50 <= 5 ms
//! - `status` of an incident with 10,000 events: <= 20 ms
//! - opening a database of 1,000 incidents / 100,000 events and listing the
//!   open ones: <= 50 ms
//!
//! Run: `cargo bench --bench store`. Fixtures are built once per run in a
//! temp directory (bulk-loaded without fsync; measured with full durability).

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use warroom::incident::{Actor, Command};
use warroom::playbook::{Library, bundled_source};
use warroom::redact::Redactor;
use warroom::store::{Declaration, Store};

fn declare(store: &mut Store, red: &Redactor, n: usize) -> u64 {
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").expect("bundled").playbook;
    let source = bundled_source("secret-leak").expect("bundled");
    let decl = Declaration {
        playbook: pb,
        source,
        title: format!("Incident number {n}"),
        severity: pb.severity,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    store
        .declare(decl, &Actor::account("bench"), Utc::now(), red)
        .expect("declare")
}

fn note(store: &mut Store, red: &Redactor, id: u64, i: usize) {
    let cmd = Command::Note {
        text: format!("observation {i}: 401 burst from 203.0.113.{}", i % 250),
        step: None,
    };
    store
        .apply(id, cmd, &Actor::account("bench"), Utc::now(), red)
        .expect("note");
}

fn build(path: &Path, incidents: usize, events_each: usize) -> u64 {
    let red = Redactor::builtin();
    let mut store = Store::open(path).expect("open");
    store.set_bulk_loading(true).expect("bulk");
    let mut last = 0;
    for n in 0..incidents {
        last = declare(&mut store, &red, n);
        for i in 1..events_each {
            note(&mut store, &red, last, i);
        }
    }
    store.set_bulk_loading(false).expect("durable");
    last
}

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let red = Redactor::builtin();

    let many = dir.path().join("many.db");
    build(&many, 1_000, 100);
    c.bench_function("open 1,000 incidents / 100,000 events and list open", |b| {
        b.iter(|| {
            let store = Store::open(&many).expect("open");
            black_box(store.list(false).expect("list").len())
        })
    });

    let long = dir.path().join("long.db");
    let id = build(&long, 1, 10_000);
    c.bench_function(
        "status of an incident with 10,000 events (open, fold, render)",
        |b| {
            b.iter(|| {
                let store = Store::open(&long).expect("open");
                let state = store.state(id).expect("state");
                black_box(warroom::export::status_json(&state, Utc::now()))
            })
        },
    );

    let small = dir.path().join("small.db");
    let id = build(&small, 1, 20);
    let mut store = Store::open(&small).expect("open");
    let mut i = 0;
    c.bench_function("acknowledged transition with fsync (a note)", |b| {
        b.iter(|| {
            i += 1;
            note(&mut store, &red, id, i);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = store_benches
}
criterion_main!(benches);
