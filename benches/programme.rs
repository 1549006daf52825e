//! Loading, checking and saving a programme a hundred times larger than the real one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wpmatrix::model::check;
use wpmatrix::store::{parse, to_canonical};

mod common;

fn programme_100x(c: &mut Criterion) {
    let big = common::enlarged_2022(100);
    let text = to_canonical(&big);
    assert_eq!(big.activity_count(), 3200);
    c.bench_function("parse 3200 activities", |b| {
        b.iter(|| parse(black_box(&text)).is_ok());
    });
    c.bench_function("canonical text of 3200 activities", |b| {
        b.iter(|| to_canonical(black_box(&big)));
    });
    c.bench_function("check 3200 activities", |b| {
        b.iter(|| check(black_box(&big)).len());
    });
}

criterion_group!(benches, programme_100x);
criterion_main!(benches);
