//! Exporting an incident of 100,000 events to Markdown: <= 500 ms (issue 6).
//! Run: `cargo bench --bench export`.

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use warroom::export::{Exported, markdown};
use warroom::incident::{Actor, Command};
use warroom::playbook::{Library, bundled_source};
use warroom::redact::Redactor;
use warroom::store::{Declaration, Store};

fn export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = Library::bundled();
    let pb = &lib.get("secret-leak").unwrap().playbook;
    let source = bundled_source("secret-leak").unwrap();
    let red = Redactor::builtin();
    let who = Actor::account("bench");
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    store.set_bulk_loading(true).unwrap();
    let decl = Declaration {
        playbook: pb,
        source,
        title: "long incident".into(),
        severity: pb.severity,
        inputs: BTreeMap::new(),
        drill: false,
        speed: 1,
    };
    let id = store.declare(decl, &who, Utc::now(), &red).unwrap();
    for i in 1..100_000 {
        let text = format!(
            "observation {i}: 401 burst from 203.0.113.{} on /api/v1/jobs",
            i % 250
        );
        store
            .apply(
                id,
                Command::Note { text, step: None },
                &who,
                Utc::now(),
                &red,
            )
            .unwrap();
    }
    let (state, events) = store.incident_with_hashes(id).unwrap();
    let items = vec![Exported::whole(state, events)];
    c.bench_function("export 100,000 events to Markdown", |b| {
        b.iter(|| black_box(markdown(&items, &red, Utc::now()).len()))
    });
    c.bench_function("load and export 100,000 events to Markdown", |b| {
        b.iter(|| {
            let (state, events) = store.incident_with_hashes(id).unwrap();
            let items = vec![Exported::whole(state, events)];
            black_box(markdown(&items, &red, Utc::now()).len())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = export
}
criterion_main!(benches);
