//! How the year went, at 10k and 100k activities: `report` (the progress against an earlier
//! version, matched as `diff` matches, rendered as text and as the Board's page), `stats` (a
//! table per key and a cross table) and `export --to ics`. Growth from 10k to 100k should stay
//! near ×10 (the issue allows ×12).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use wpmatrix::exchange::ics::{Stamps, to_ics};
use wpmatrix::exchange::progress::{Charts, to_html};
use wpmatrix::model::progress::progress;
use wpmatrix::model::stats::{GroupKey, cross_table, frequency_of, kept_activities};
use wpmatrix::model::{Activity, Cluster, PlanDate, Programme, Status};
use wpmatrix::report::progress::render_text;

mod common;

use common::generate::Lcg;

/// The year as it went: statuses moved on, some ends later or earlier, some activities dropped
/// and some added.
fn as_it_went(adopted: &Programme) -> Programme {
    let mut rng = Lcg(13);
    let mut now = adopted.clone();
    for cluster in &mut now.clusters {
        for activity in &mut cluster.activities {
            match rng.below(10) {
                0 => activity.status = Status::Done,
                1 => activity.status = Status::Ongoing,
                2 => activity.status = Status::Cancelled,
                3 => {
                    activity.end = activity
                        .end
                        .and_then(|end| end.first_day().checked_add_days(chrono::Days::new(30)))
                        .map(PlanDate::Day);
                }
                _ => {}
            }
        }
        if rng.below(4) == 0 && !cluster.activities.is_empty() {
            cluster
                .activities
                .remove(rng.below(cluster.activities.len()));
        }
        if rng.below(4) == 0 {
            let n = cluster.activities.len();
            cluster.activities.push(Activity::new(
                format!("{}-added-{n}", cluster.id),
                format!("Added late {n}"),
            ));
        }
    }
    now
}

fn all(_: &Cluster, _: &Activity) -> bool {
    true
}

fn year(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2022, 7, 1).expect("a day");
    for size in [10_000, 100_000].map(common::size) {
        let adopted = common::generate::programme(size, 7);
        let now = as_it_went(&adopted);
        let mut group = c.benchmark_group(format!("year {size} activities"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(if size >= 100_000 { 6 } else { 2 }));
        group.bench_function(BenchmarkId::new("report text", size), |b| {
            b.iter(|| {
                let report = progress(black_box(&now), Some(&adopted), today, &all);
                render_text(&report, Some("wp-2022-adopted")).len()
            });
        });
        group.bench_function(BenchmarkId::new("report html", size), |b| {
            b.iter(|| {
                let report = progress(black_box(&now), Some(&adopted), today, &all);
                to_html(&report, Some("wp-2022-adopted"), &Charts::of(&now, &all)).len()
            });
        });
        group.bench_function(BenchmarkId::new("stats", size), |b| {
            b.iter(|| {
                let kept = kept_activities(black_box(&now), &all);
                let tables: usize = GroupKey::all(&now)
                    .into_iter()
                    .map(|key| frequency_of(&now, key, &kept).rows.len())
                    .sum();
                tables
                    + cross_table(&now, GroupKey::Cluster, GroupKey::Quarter, &all)
                        .counts
                        .len()
            });
        });
        group.bench_function(BenchmarkId::new("export ics", size), |b| {
            b.iter(|| to_ics(black_box(&now), &Stamps::default()).text.len());
        });
        group.finish();
    }
}

criterion_group!(benches, year);
criterion_main!(benches);
