//! Programmes for benchmarks: the shipped 2022 programme enlarged, and generated ones.

pub mod generate;

use wpmatrix::model::Programme;

/// Measuring (`cargo bench` passes `--bench`) rather than checking that the bench still runs
/// (`cargo test --benches`, criterion's test mode, which CI runs).
#[allow(dead_code)] // not every bench uses it
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A bench's programme size: as written when measuring; a hundredth of it (at least 100) in
/// test mode, where each bench runs once unoptimised and only has to run, not to time anything.
/// Generating and checking 100k activities in a debug build took most of CI's bench step.
#[allow(dead_code)] // not every bench uses it
pub fn size(activities: usize) -> usize {
    if measuring() {
        activities
    } else {
        (activities / 100).max(100)
    }
}

/// The shipped 2022 programme repeated `times` times, cluster and activity ids kept unique.
#[allow(dead_code)] // not every bench uses it
pub fn enlarged_2022(times: usize) -> Programme {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/programmes/2022.ron"))
        .expect("the shipped programme");
    let base = wpmatrix::store::parse(&text)
        .expect("the shipped programme loads")
        .programme;
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
