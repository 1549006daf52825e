//! The rows-layout CSV of the contract: one header line, then one line per activity.

use std::io::Write;

use crate::model::{Programme, join_formats};

/// The header, in column order (CONTRACT.md, "CSV, rows layout").
pub const HEADER: [&str; 13] = [
    "year",
    "cluster_id",
    "cluster",
    "position",
    "activity_id",
    "title",
    "description",
    "formats",
    "status",
    "start",
    "end",
    "follow_up_of",
    "notes",
];

/// The cells of each activity's row, in display order, header first.
pub fn rows(programme: &Programme) -> impl Iterator<Item = [String; 13]> + '_ {
    let header = HEADER.map(str::to_string);
    let year = programme.year.to_string();
    let body = programme.activities().map(move |(cell, a)| {
        let cluster = &programme.clusters[cell.cluster];
        [
            year.clone(),
            cluster.id.clone(),
            cluster.name.clone(),
            (cell.activity + 1).to_string(),
            a.id.clone(),
            a.title.clone(),
            a.description.clone(),
            join_formats(&a.formats),
            a.status.to_string(),
            a.start.map(|d| d.to_string()).unwrap_or_default(),
            a.end.map(|d| d.to_string()).unwrap_or_default(),
            a.follow_up_of.clone().unwrap_or_default(),
            a.notes.clone(),
        ]
    });
    std::iter::once(header).chain(body)
}

/// Writes the programme as RFC 4180 CSV: CRLF line ends, quotes doubled where needed.
pub fn write_rows(programme: &Programme, out: impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    for row in rows(programme) {
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
