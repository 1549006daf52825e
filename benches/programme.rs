//! Loading, checking and saving a programme a hundred times larger than the real one.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wpmatrix::model::{Programme, check};
use wpmatrix::store::{parse, to_canonical};

/// The shipped 2022 programme repeated `times` times, with ids kept unique.
fn enlarged(times: usize) -> Programme {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/programmes/2022.ron"))
        .expect("the shipped programme");
    let base = parse(&text).expect("the shipped programme loads").programme;
    let mut big = Programme::new(base.year, base.title.clone());
    for copy in 0..times {
        for cluster in &base.clusters {
            let mut cluster = cluster.clone();
            cluster.id = format!("{}-{copy}", cluster.id);
            for activity in &mut cluster.activities {
                activity.id = format!("{}-{copy}", activity.id);
            }
            big.clusters.push(cluster);
        }
    }
    big
}

fn programme_100x(c: &mut Criterion) {
    let big = enlarged(100);
    let text = to_canonical(&big);
    assert_eq!(big.activity_count(), 3200);
    c.bench_function("parse 3200 activities", |b| {
        b.iter(|| parse(black_box(&text)).is_ok())
    });
    c.bench_function("canonical text of 3200 activities", |b| {
        b.iter(|| to_canonical(black_box(&big)))
    });
    c.bench_function("check 3200 activities", |b| {
        b.iter(|| check(black_box(&big)).len())
    });
}

criterion_group!(benches, programme_100x);
criterion_main!(benches);
