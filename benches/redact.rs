//! Redaction throughput on an in-memory mixed log (syslog, JSON, nginx;
//! 1% of lines with a secret). The whole-file figure beside `cat` comes
//! from scripts/bench-redact.sh. Run: `cargo bench --bench redact`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use warroom::redact::{Redactor, Stream};

/// A deterministic 16 MiB sample in the shape of scripts/gen-mixed-log.py.
fn sample() -> Vec<u8> {
    let mut out = Vec::with_capacity(17 << 20);
    let mut n: u64 = 0;
    while out.len() < 16 << 20 {
        n += 1;
        let secret = if n.is_multiple_of(100) {
            match n / 100 % 4 {
                0 => " token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
                1 => " AKIAIOSFODNN7ABCDEFG",
                2 => {
                    " OS_HTTP_SECRET=3f9a0c11d2e4b5a6978877665544332211ffeeddccbbaa998877665544332211"
                }
                _ => " Authorization: Bearer abcdefABCDEF0123456789abcdefABCDEF0123",
            }
        } else {
            ""
        };
        let line = match n % 3 {
            0 => format!(
                "Nov 23 03:{:02}:{:02} web-1 nanoclaw[{}]: request {n:x} handled in {}ms status=ok{secret}\n",
                n % 60,
                n * 7 % 60,
                1000 + n % 5000,
                n % 900
            ),
            1 => format!(
                "{{\"ts\":\"2026-11-23T03:{:02}:00Z\",\"level\":\"info\",\"msg\":\"job finished\",\"job_id\":\"{n:012x}\",\"duration_ms\":{}}}{secret}\n",
                n % 60,
                n % 5000
            ),
            _ => format!(
                "203.0.113.{} - - [23/Nov/2026:03:{:02}:00 +0000] \"GET /api/v1/jobs HTTP/1.1\" 200 {} \"-\" \"curl/8.5.0\"{secret}\n",
                n % 250,
                n % 60,
                n % 90000
            ),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out
}

fn throughput(c: &mut Criterion) {
    let text = sample();
    let red = Redactor::builtin();
    let mut group = c.benchmark_group("redact");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("mixed log, 16 MiB", |b| {
        let mut out = Vec::with_capacity(text.len() + text.len() / 8);
        b.iter(|| {
            out.clear();
            red.clean_lines(&mut Stream::default(), black_box(&text), &mut out, None);
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
