//! Reading, checking and writing generated programmes of 1k, 10k and 100k activities, beside
//! the baselines on the same data: `ron::from_str` alone, and `serde_json::from_str` of the
//! same programme as JSON. Sample sizes are small so a whole run takes a few minutes on 2 cores.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use wpmatrix::model::Programme;
use wpmatrix::store::{file_diagnostics, parse, to_canonical};

mod common;

fn load(c: &mut Criterion) {
    // `WPMATRIX_BENCH_FILLED=1`: programmes with every optional field filled (leads, sessions,
    // outputs, themes, own fields), to compare with the plain ones.
    let filled = std::env::var_os("WPMATRIX_BENCH_FILLED").is_some();
    // `WPMATRIX_BENCH_WRITE=DIR`: the generated texts are also written to DIR (`100000.ron`,
    // `100000-filled.ron`), for timing whole commands on them and for profiling.
    let write_to = std::env::var_os("WPMATRIX_BENCH_WRITE").map(std::path::PathBuf::from);
    for size in [1_000, 10_000, 100_000].map(common::size) {
        let programme = if filled {
            common::generate::programme_filled(size, 7)
        } else {
            common::generate::programme(size, 7)
        };
        let text = to_canonical(&programme);
        let json = serde_json::to_string(&programme).expect("a programme is JSON");
        assert_eq!(
            parse(&text).expect("generated text loads").programme,
            programme
        );
        if let Some(dir) = &write_to {
            let name = format!("{size}{}.ron", if filled { "-filled" } else { "" });
            std::fs::write(dir.join(name), &text).expect("the bench writes its text");
        }
        let filled_name = if filled { " filled" } else { "" };
        let mut group = c.benchmark_group(format!("{size} activities{filled_name}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(if size >= 100_000 { 6 } else { 2 }))
            .throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::new("load", size), |b| {
            b.iter(|| parse(black_box(&text)).is_ok());
        });
        group.bench_function(BenchmarkId::new("load+check", size), |b| {
            b.iter(|| {
                let parsed = parse(black_box(&text)).expect("loads");
                file_diagnostics(Path::new("2022.ron"), &text, &parsed).len()
            });
        });
        group.bench_function(BenchmarkId::new("canonical write", size), |b| {
            b.iter(|| to_canonical(black_box(&programme)).len());
        });
        group.bench_function(BenchmarkId::new("baseline ron::from_str", size), |b| {
            b.iter(|| ron::from_str::<Programme>(black_box(&text)).is_ok());
        });
        group.bench_function(
            BenchmarkId::new("baseline serde_json::from_str", size),
            |b| b.iter(|| serde_json::from_str::<Programme>(black_box(&json)).is_ok()),
        );
        group.finish();
        if filled && size == common::size(100_000) {
            with_problems(c, size);
        }
    }
}

/// The filled programme with its sessions dated at random: most of them fall outside their
/// activity's span, tens of thousands of warnings, which `check` must place in the text.
fn with_problems(c: &mut Criterion, size: usize) {
    let text = to_canonical(&common::generate::programme_filled_with_problems(size, 7));
    let mut group = c.benchmark_group(format!("{size} activities filled, with problems"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(6))
        .throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(BenchmarkId::new("load+check", size), |b| {
        b.iter(|| {
            let parsed = parse(black_box(&text)).expect("loads");
            file_diagnostics(Path::new("2022.ron"), &text, &parsed).len()
        });
    });
    group.bench_function(BenchmarkId::new("baseline ron::from_str", size), |b| {
        b.iter(|| ron::from_str::<Programme>(black_box(&text)).is_ok());
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
