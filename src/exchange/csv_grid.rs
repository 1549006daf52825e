//! The grid-layout CSV: the matrix as printed, one line per cluster, the cluster name first,
//! then one cell per activity.

use std::io::Write;

use super::csv_rows::{CsvFlavour, write_records};
use crate::model::{Activity, Programme, join_formats};

/// One record per cluster: its name, then the text of each of its activities.
pub fn grid_records(programme: &Programme) -> impl Iterator<Item = Vec<String>> + '_ {
    programme.clusters.iter().map(|cluster| {
        std::iter::once(cluster.name.clone())
            .chain(cluster.activities.iter().map(cell_text))
            .collect()
    })
}

/// What one cell of the matrix holds: title, description, formats, status and dates, each on
/// its own line; empty parts are left out. The XLSX grid shows the same text.
pub fn cell_text(activity: &Activity) -> String {
    [
        activity.title.clone(),
        activity.description.clone(),
        join_formats(&activity.formats),
        activity.status.to_string(),
        activity.date_range(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("\n")
}

/// Writes the grid layout as CSV.
pub fn write_grid(programme: &Programme, flavour: CsvFlavour, out: impl Write) -> csv::Result<()> {
    write_records(grid_records(programme), flavour, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, Format, Status};

    #[test]
    fn cell_puts_each_part_on_its_own_line_and_skips_empty_ones() {
        let mut a = Activity::new("a", "Seminar on skills");
        a.formats = vec![Format::parse("seminar"), Format::parse("toolkit")];
        a.status = Status::Tbc;
        a.start = Some("2022-Q2".parse().unwrap());
        assert_eq!(
            cell_text(&a),
            "Seminar on skills\nSeminar; Toolkit\ntbc\nfrom Q2 2022"
        );
    }

    #[test]
    fn one_line_per_cluster_with_the_name_first() {
        let mut p = Programme::new(2022, "t");
        let mut c = Cluster::new("c", "Cluster, one");
        c.activities.push(Activity::new("a", "A"));
        c.activities.push(Activity::new("b", "B"));
        p.clusters.push(c);
        p.clusters.push(Cluster::new("d", "Empty"));
        let mut out = Vec::new();
        write_grid(&p, CsvFlavour::Plain, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"Cluster, one\",\"A\nplanned\",\"B\nplanned\"\r\nEmpty\r\n"
        );
    }
}
