//! Diffing two generated programmes of 10,000 activities each (100 clusters of 100), a year
//! apart: most activities kept by id, some renamed with a new id (matched by title), some with
//! a new id and `follow_up_of`, some moved, changed, added or removed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wpmatrix::model::diff::diff;
use wpmatrix::model::{Activity, Cluster, Format, Programme, Status};

mod common;

use common::generate::{Lcg, WORDS};

fn old_programme() -> Programme {
    let mut rng = Lcg(7);
    let mut p = Programme::new(2022, "Generated Work Programme 2022");
    for c in 0..100 {
        let mut cluster = Cluster::new(format!("cluster-{c}"), format!("Cluster {c}"));
        for a in 0..100 {
            let n = c * 100 + a;
            let title = format!(
                "{} {} {} {n}",
                rng.word(WORDS),
                rng.word(WORDS),
                rng.word(WORDS)
            );
            let mut activity = Activity::new(format!("activity-{n}"), title);
            activity.formats = vec![Format::parse("Seminar")];
            cluster.activities.push(activity);
        }
        p.clusters.push(cluster);
    }
    p
}

fn new_programme(old: &Programme) -> Programme {
    let mut rng = Lcg(11);
    let mut p = old.clone();
    p.year = 2023;
    p.title = "Generated Work Programme 2023".into();
    for cluster in &mut p.clusters {
        for activity in &mut cluster.activities {
            match rng.below(20) {
                0 => {
                    activity.id = format!("{}-renewed", activity.id);
                    activity.title = format!("{} (follow-up)", activity.title);
                }
                1 => {
                    activity.follow_up_of = Some(format!("2022/{}", activity.id));
                    activity.id = format!("{}-2023", activity.id);
                }
                2 => activity.status = Status::Done,
                3 => activity.formats.push(Format::parse("Webinar")),
                _ => {}
            }
        }
        if rng.below(2) == 0 {
            cluster
                .activities
                .remove(rng.below(cluster.activities.len()));
            let last = cluster.activities.pop().expect("activities");
            cluster.activities.insert(0, last);
            cluster.activities.push(Activity::new(
                format!("{}-new", cluster.id),
                format!("Brand new {}", cluster.name),
            ));
        }
    }
    let moved = p.clusters[3].activities.remove(10);
    p.clusters[70].activities.insert(5, moved);
    p
}

fn bench_diff(c: &mut Criterion) {
    let old = old_programme();
    let new = new_programme(&old);
    assert_eq!(old.activity_count(), 10_000);
    // Renamed activities pair up by title and follow_up_of: only the brand-new ones are added.
    let counts = diff(&old, &new).counts();
    eprintln!("{counts:?}");
    assert!(counts.added < 100, "{counts:?}");
    c.bench_function("diff two 10,000-activity programmes a year apart", |b| {
        b.iter(|| diff(black_box(&old), black_box(&new)));
    });
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
