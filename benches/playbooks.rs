//! Loading and checking every bundled playbook: what `warroom` pays at start.
//! Target (issue 2): under 5 ms. Run: `cargo bench --bench playbooks`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use warroom::playbook::{Library, bundled_files, parse};

fn load_bundled(c: &mut Criterion) {
    c.bench_function("load+check all bundled playbooks", |b| {
        b.iter(|| {
            let (lib, diags) = Library::bundled();
            assert!(diags.is_empty());
            black_box(lib.len())
        })
    });
    let (name, text) = bundled_files()
        .iter()
        .find(|(n, _)| *n == "secret-leak.toml")
        .expect("bundled");
    c.bench_function("parse+check secret-leak.toml", |b| {
        b.iter(|| black_box(parse(name, black_box(text.as_bytes())).is_ok()))
    });
}

criterion_group!(benches, load_bundled);
criterion_main!(benches);
