//! The rows-layout CSV of the contract (one header line, then one line per activity), and the
//! CSV writing every layout shares: plain RFC 4180, or the Excel flavour.

use std::io::Write;

use crate::model::{Field, Programme};

/// A column of the rows layout that says where the activity goes rather than what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Year,
    ClusterId,
    Cluster,
    Position,
}

/// A column of the rows layout: a place column, one of the activity's fields, or one of the
/// programme's own fields (its index among them, or among the sheet's own columns on reading).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Place(Place),
    Field(Field),
    Own(usize),
}

/// The place columns, first in every rows layout.
const PLACES: [Place; 4] = [
    Place::Year,
    Place::ClusterId,
    Place::Cluster,
    Place::Position,
];

/// The columns every rows layout has, in header order: the place, then every field an activity
/// always has, in file order. The optional fields and the programme's own fields follow when
/// used ([`columns`]).
pub const COLUMNS: [Column; 13] = {
    let mut out = [Column::Place(Place::Year); 13];
    let mut i = 0;
    while i < PLACES.len() {
        out[i] = Column::Place(PLACES[i]);
        i += 1;
    }
    while i < out.len() {
        out[i] = Column::Field(Field::ACTIVITY_REQUIRED[i - PLACES.len()]);
        i += 1;
    }
    out
};

/// The header of the columns every rows layout has.
pub const HEADER: [&str; 13] = {
    let mut out = [""; 13];
    let mut i = 0;
    while i < out.len() {
        out[i] = COLUMNS[i].name();
        i += 1;
    }
    out
};

/// The optional fields that are one column each, in the order they follow `notes`: every
/// optional field of an activity but the own fields' values, which are a column each.
fn optional() -> impl Iterator<Item = Field> {
    Field::ACTIVITY[Field::ACTIVITY_REQUIRED.len()..]
        .iter()
        .copied()
        .filter(|f| *f != Field::Values)
}

/// The columns of a programme's rows layout: [`COLUMNS`], then each optional field some
/// activity (or, for themes, the programme) uses, then one per own field.
pub fn columns(programme: &Programme) -> Vec<Column> {
    let used = |field: Field| {
        (field == Field::Themes && !programme.themes.is_empty())
            || programme.activities().any(|(_, a)| !a.is_blank(field))
    };
    let mut out = COLUMNS.to_vec();
    out.extend(optional().filter(|f| used(*f)).map(Column::Field));
    out.extend((0..programme.fields.len()).map(Column::Own));
    out
}

/// The header cell of a column; an own field's is its id.
pub fn header_name(column: Column, own: &[String]) -> &str {
    match column {
        Column::Own(index) => own.get(index).map_or("", String::as_str),
        other => other.name(),
    }
}

impl Column {
    /// The name in the header, as export writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Place(Place::Year) => "year",
            Column::Place(Place::ClusterId) => "cluster_id",
            Column::Place(Place::Cluster) => "cluster",
            Column::Place(Place::Position) => "position",
            // Beside `cluster_id`, a bare `id` would not say whose.
            Column::Field(Field::Id) => "activity_id",
            Column::Field(field) => field.as_str(),
            // Named by the programme: see [`header_name`].
            Column::Own(_) => "",
        }
    }

    /// The column a header cell names, ignoring case, surrounding blanks, and spaces or dashes
    /// written for underscores (`Cluster ID`, `follow-up-of`); `None` for a name that is not a
    /// built-in column (an own field's, or an unknown one).
    pub fn from_header(text: &str) -> Option<Column> {
        let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
        COLUMNS
            .into_iter()
            .chain(optional().map(Column::Field))
            .find(|c| c.name() == wanted)
    }

    /// The column's width in a workbook, in characters.
    pub fn width(self) -> f64 {
        match self {
            Column::Place(Place::Year) => 6.0,
            Column::Place(Place::ClusterId | Place::Cluster) => 22.0,
            Column::Place(Place::Position) => 8.0,
            Column::Field(field) => f64::from(field.width()),
            Column::Own(_) => 16.0,
        }
    }
}

/// How a CSV is written for its reader. Both flavours prefix the cells a spreadsheet would run
/// as a formula with `'` (see [`defuse_formula`]): any CSV may end up opened in one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvFlavour {
    /// RFC 4180: CRLF line ends, quotes doubled where needed, no byte-order mark.
    #[default]
    Plain,
    /// For spreadsheets: a UTF-8 byte-order mark first, so Excel reads accents right.
    Excel,
}

/// The UTF-8 byte-order mark the Excel flavour starts with.
pub const BOM: &str = "\u{feff}";

/// The cells of each activity's row, in display order, header first.
pub fn rows(programme: &Programme) -> impl Iterator<Item = Vec<String>> + '_ {
    let columns = columns(programme);
    let own: Vec<String> = programme.fields.iter().map(|f| f.id.clone()).collect();
    let header = columns
        .iter()
        .map(|c| header_name(*c, &own).to_string())
        .collect();
    let year = programme.year.to_string();
    let body = programme.activities().map(move |(cell, a)| {
        let cluster = &programme.clusters[cell.cluster];
        columns
            .iter()
            .map(|column| match *column {
                Column::Place(Place::Year) => year.clone(),
                Column::Place(Place::ClusterId) => cluster.id.clone(),
                Column::Place(Place::Cluster) => cluster.name.clone(),
                Column::Place(Place::Position) => (cell.activity + 1).to_string(),
                Column::Field(field) => a.get(field).map(|v| v.plain()).unwrap_or_default(),
                Column::Own(index) => programme
                    .fields
                    .get(index)
                    .and_then(|f| a.values.get(&f.id))
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect()
    });
    std::iter::once(header).chain(body)
}

/// Writes the programme as RFC 4180 CSV: CRLF line ends, quotes doubled where needed.
pub fn write_rows(programme: &Programme, out: impl Write) -> csv::Result<()> {
    write_records(rows(programme), CsvFlavour::Plain, out)
}

/// Writes records as comma-separated CSV in a flavour. Records may have different lengths.
pub fn write_records<R, C>(
    records: impl IntoIterator<Item = R>,
    flavour: CsvFlavour,
    out: impl Write,
) -> csv::Result<()>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    write_records_with(records, flavour, b',', out)
}

/// [`write_records`] with another delimiter: `;` for spreadsheets in locales with a decimal
/// comma, or tab.
pub fn write_records_with<R, C>(
    records: impl IntoIterator<Item = R>,
    flavour: CsvFlavour,
    delimiter: u8,
    mut out: impl Write,
) -> csv::Result<()>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    if flavour == CsvFlavour::Excel {
        out.write_all(BOM.as_bytes())?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(out);
    for record in records {
        writer.write_record(record.into_iter().map(|cell| defuse_formula(cell.as_ref())))?;
    }
    writer.flush()?;
    Ok(())
}

/// Characters that make a spreadsheet read a cell as a formula (or that hide one), plus the
/// quote itself so that [`restore_formula`] can tell our prefix from a planner's apostrophe.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A cell made safe against formula injection: `=1+1` becomes `'=1+1`, which spreadsheets show
/// as text. A cell that already starts with `'` gets a second one, so the prefix can be undone.
pub fn defuse_formula(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Undoes [`defuse_formula`]: drops a leading `'` that stands before a formula character.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defused_cells_come_back_unchanged() {
        for cell in [
            "=1+1", "+33 1", "-minus", "@sum", "\tx", "\rx", "'", "'=x", "''", "plain", "", "a=b",
        ] {
            assert_eq!(restore_formula(&defuse_formula(cell)), cell, "{cell:?}");
        }
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("a=b"), "a=b");
        assert_eq!(restore_formula("'planner's note"), "'planner's note");
    }

    #[test]
    fn excel_flavour_starts_with_a_bom_and_both_defuse_formulas() {
        let mut excel = Vec::new();
        write_records([["=x", "y"]], CsvFlavour::Excel, &mut excel).unwrap();
        assert_eq!(excel, "\u{feff}'=x,y\r\n".as_bytes());
        let mut plain = Vec::new();
        write_records([["=x", "@SUM(A1)", "y"]], CsvFlavour::Plain, &mut plain).unwrap();
        assert_eq!(plain, b"'=x,'@SUM(A1),y\r\n");
    }
}
