//! Reading a rows-layout CSV back, as spreadsheets leave it: a byte-order mark, CRLF or LF, `;` or
//! tab as separator, columns reordered or left out, European dates, formats split by `;` (or by
//! `,` in a sheet that is not our export).
//! Every row problem carries the CSV line it is on; nothing here decides what gets written.
//! The rows under a header are read by [`read_table`], which the XLSX import shares.

use std::collections::HashMap;

pub use super::csv_rows::Column;
use super::csv_rows::{BOM, HEADER, Place, restore_formula};
pub use super::sheet_dates::{DateOrder, UnknownDateOrder};
use super::sheet_dates::{DateOrderError, DateReader, OrderVotes};
use crate::model::sheet;
use crate::model::sheet::is_slug;
pub use crate::model::sheet::{Applied, Row, RowLines, RowProblem, Similar, TitleMatch};
use crate::model::{
    Activity, Cell, Field, FieldKind, FieldMismatch, FieldValue, Format, Programme, Status,
    UnknownStatus, ValueError, Year, YearError, follow_up_form_error, parse_follow_up, slug,
};

/// A sheet read: which columns it has, its good rows and the problems of the others.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub columns: Vec<Column>,
    /// The names of the columns that are no built-in column, in header order: a programme's
    /// own fields, or columns the programme does not know ([`Column::Own`] indexes them).
    pub own: Vec<String>,
    pub rows: Rows,
    pub problems: Vec<RowProblem>,
}

impl Sheet {
    /// The year the rows give, from the first row that has one.
    pub fn year(&self) -> Option<i32> {
        self.rows.year
    }
}

/// A sheet whose cells are more text than [`Rows`] keeps track of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the sheet's cells are more than 4 GiB of text; split the sheet")]
struct TooLarge;

/// A sheet's good rows, kept as their cells and read into [`Row`]s again each time they are
/// gone through: a row read holds an activity, several times the size of its cells (at 100k
/// filled rows about 190 MB against 30), and `import --into` holds the rows beside the
/// programme they go into.
#[derive(Clone, Debug)]
pub struct Rows {
    /// Every cell of every row, one after the other.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<u32>,
    /// Each row's line, and its cells as a span of `ends`.
    records: Vec<(u64, u32, u32)>,
    /// How the cells were read, to read them the same way again.
    columns: Vec<Option<Column>>,
    own: Vec<String>,
    split: FormatSplit,
    dates: DateReader,
    separator: Option<char>,
    /// For each own column ([`Column::Own`] indexes them), the id of the field its values go
    /// to, or `None` for a column left out; until settled, the values are under the columns'
    /// names.
    own_ids: Option<Vec<Option<String>>>,
    /// The first year a row gives.
    year: Option<i32>,
    /// Whether every row gives an activity id: then no row needs matching by title.
    all_have_ids: bool,
}

impl Rows {
    fn new(
        reading: (&[Option<Column>], &[String]),
        (split, dates): (FormatSplit, DateReader),
    ) -> Self {
        Rows {
            text: String::new(),
            ends: Vec::new(),
            records: Vec::new(),
            columns: reading.0.to_vec(),
            own: reading.1.to_vec(),
            split,
            dates,
            separator: None,
            own_ids: None,
            year: None,
            all_have_ids: true,
        }
    }

    /// Keeps a good row: its cells, and what the sheet as a whole needs to know of it. Refused
    /// when the sheet's text would be beyond what the cells' ends can say (4 GiB).
    fn push(&mut self, row: &Row, cells: &[&str]) -> Result<(), TooLarge> {
        let first = u32::try_from(self.ends.len()).map_err(|_| TooLarge)?;
        for cell in cells {
            self.text.push_str(cell);
            self.ends
                .push(u32::try_from(self.text.len()).map_err(|_| TooLarge)?);
        }
        let end = u32::try_from(self.ends.len()).map_err(|_| TooLarge)?;
        self.records.push((row.line, first, end));
        self.year = self.year.or(row.year);
        self.all_have_ids &= !row.activity.id.is_empty();
        Ok(())
    }

    /// How many good rows the sheet has.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether every row gives an activity id.
    pub fn all_have_ids(&self) -> bool {
        self.all_have_ids
    }

    /// The rows, each read afresh from its cells.
    pub fn iter(&self) -> impl Iterator<Item = Row> + '_ {
        self.records.iter().filter_map(|&(line, first, end)| {
            let cells: Vec<&str> = (first..end).map(|i| self.cell(i)).collect();
            let reading = (&self.columns[..], &self.own[..]);
            // Each was read without a problem once: the same cells read the same way again.
            let mut row = read_row(
                line,
                reading,
                (self.split, self.dates),
                self.separator,
                &cells,
            )
            .ok()?;
            if let Some(ids) = &self.own_ids {
                let values = std::mem::take(&mut row.activity.values);
                row.activity.values = values
                    .into_iter()
                    .filter_map(|(name, value)| {
                        let index = self.own.iter().position(|n| *n == name)?;
                        Some((ids.get(index)?.clone()?, value))
                    })
                    .collect();
            }
            Some(row)
        })
    }

    /// The rows, read.
    pub fn to_vec(&self) -> Vec<Row> {
        self.iter().collect()
    }

    /// Keeps each own column's values under the id of the field it is (`ids`, by
    /// [`Column::Own`] index), and leaves out those of a column whose id is `None`.
    pub fn settle_own(&mut self, ids: Vec<Option<String>>) {
        self.own_ids = Some(ids);
    }

    fn cell(&self, index: u32) -> &str {
        let at = |i: Option<u32>| {
            i.and_then(|i| self.ends.get(i as usize))
                .map_or(0, |&e| e as usize)
        };
        let start = if index == 0 { 0 } else { at(Some(index - 1)) };
        self.text.get(start..at(Some(index))).unwrap_or("")
    }
}

/// Why no row of a sheet can be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// The file or its header is unusable, at a line (or spreadsheet row).
    #[error("{0}")]
    At(RowProblem),
    /// The day/month order of the file's dates cannot be settled.
    #[error(transparent)]
    Dates(#[from] DateOrderError),
}

/// The records under a header, each as the line (or spreadsheet row) it starts on and its cells.
/// A sheet whose dates settle a day/month order is gone through twice (the order is the whole
/// file's), so records are read as they are needed rather than all kept.
pub trait Records {
    /// Calls `record` with each record in order; answers the problem that ended the records
    /// early (a CSV the reader cannot go on in), if one did.
    fn each(&self, record: &mut dyn FnMut(u64, &[&str])) -> Option<RowProblem>;

    /// The character between cells, for a CSV: a row with more cells than the header names
    /// most often has that character unquoted in a cell. A workbook has none.
    fn separator(&self) -> Option<char>;
}

/// Reads a CSV as [`read_csv`] does, the day/month order decided by its own dates.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, RowProblem> {
    read_csv(bytes, None).map_err(|e| match e {
        SheetError::At(problem) => problem,
        SheetError::Dates(e) => problem(1, e.to_string()),
    })
}

/// Reads a CSV. A problem that makes the whole file unusable (not UTF-8, no header, missing
/// `cluster` or `title` column, unknown column, dates in no settled order) is the error; row
/// problems are in the sheet. `dates` is the day/month order the planner gave.
pub fn read_csv(bytes: &[u8], dates: Option<DateOrder>) -> Result<Sheet, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        SheetError::At(RowProblem {
            line: Lines::new(bytes).at(e.valid_up_to() as u64),
            column: None,
            message: "the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\""
                .into(),
        })
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    if let Some(broken) = broken_quote(text.as_bytes(), delimiter) {
        let message = match broken.stray_on {
            None => "a quoted cell starts here and its closing quote never comes, so every line \
                     after it would be read into that cell; close the quote (a quote inside a \
                     quoted cell is written twice: \"\")"
                .to_string(),
            Some(line) => format!(
                "a quoted cell starts here and runs to line {line}, where a quote that would \
                 close it has more text after it: a quote is missing or one too many; close \
                 the cell's quote where it ends (a quote inside a quoted cell is written \
                 twice: \"\")"
            ),
        };
        return Err(SheetError::At(problem(broken.opened_on, message)));
    }
    let csv = CsvRecords { text, delimiter };
    let mut reader = csv.reader();
    let mut lines = Lines::new(text.as_bytes());
    let header: Vec<String> = match reader.records().next() {
        Some(Ok(header)) => header.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(SheetError::At(csv_problem(&mut lines, &e, 1))),
        None => {
            return Err(SheetError::At(problem(
                1,
                "the file is empty; expected a header line",
            )));
        }
    };
    let at = |line: u64, column: Column| format!("line {line}, {}", column.name());
    read_table(&header, 1, &csv, dates, at)
}

/// The records of a CSV text after its header line, read afresh each time they are gone through.
/// Every cell has the formula prefix export adds undone (see [`restore_formula`]).
struct CsvRecords<'t> {
    text: &'t str,
    delimiter: u8,
}

impl CsvRecords<'_> {
    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(self.text.as_bytes())
    }
}

impl Records for CsvRecords<'_> {
    fn separator(&self) -> Option<char> {
        Some(char::from(self.delimiter))
    }

    fn each(&self, each: &mut dyn FnMut(u64, &[&str])) -> Option<RowProblem> {
        let mut reader = self.reader();
        let mut lines = Lines::new(self.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut header = true;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                // The reader cannot go on after a broken record reliably; report and stop.
                Err(e) => return Some(csv_problem(&mut lines, &e, 0)),
            }
            if std::mem::take(&mut header) {
                continue;
            }
            let line = record.position().map_or(0, |p| lines.at(p.byte()));
            let cells: Vec<&str> = record.iter().map(restore_formula).collect();
            each(line, &cells);
        }
    }
}

/// Reads the records under a header (on `header_line`) as rows: the part CSV and XLSX share.
/// `at` names a date cell for the message that asks for `--dates`.
pub fn read_table(
    header: &[String],
    header_line: u64,
    records: &dyn Records,
    dates: Option<DateOrder>,
    at: impl Fn(u64, Column) -> String,
) -> Result<Sheet, SheetError> {
    let (columns, own) = read_header(header, header_line).map_err(SheetError::At)?;
    let read = |order: Option<DateOrder>, votes: Option<&mut OrderVotes>| {
        let mut sheet = read_rows(
            &columns,
            &own,
            records,
            DateReader::in_order(order),
            votes,
            &at,
        );
        sheet.own.clone_from(&own);
        sheet
    };
    if dates.is_some() {
        return Ok(read(dates, None));
    }
    // The order is the whole file's to settle, yet most files have no date that it changes:
    // the rows are read once while their date cells are counted, and again only when those
    // settle an order.
    let mut votes = OrderVotes::default();
    let sheet = read(None, Some(&mut votes));
    match votes.decide()? {
        None => Ok(sheet),
        order => {
            drop(sheet);
            Ok(read(order, None))
        }
    }
}

/// A sheet's rows read with `dates`, the non-empty start and end cells counted into `votes`
/// (with `at` to name them) when there are votes to count.
fn read_rows(
    columns: &[Option<Column>],
    own: &[String],
    records: &dyn Records,
    dates: DateReader,
    mut votes: Option<&mut OrderVotes>,
    at: &dyn Fn(u64, Column) -> String,
) -> Sheet {
    let split = FormatSplit::for_columns(columns);
    let mut sheet = Sheet {
        columns: columns.iter().flatten().copied().collect(),
        own: Vec::new(),
        rows: Rows::new((columns, own), (split, dates)),
        problems: Vec::new(),
    };
    sheet.rows.separator = records.separator();
    let broken = records.each(&mut |line, cells| {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            return;
        }
        if let Some(votes) = &mut votes {
            for (column, cell) in columns.iter().zip(cells) {
                let text = cell.trim();
                if let Some(column @ Column::Field(Field::Start | Field::End)) = column
                    && !text.is_empty()
                {
                    votes.see(text, || at(line, *column));
                }
            }
        }
        match read_row(
            line,
            (columns, own),
            (split, dates),
            records.separator(),
            cells,
        ) {
            Ok(row) => {
                if let Err(too_large) = sheet.rows.push(&row, cells) {
                    sheet.problems.push(problem(line, too_large.to_string()));
                }
            }
            Err(messages) => {
                sheet
                    .problems
                    .extend(messages.into_iter().map(|(column, message)| RowProblem {
                        line,
                        column,
                        message,
                    }));
            }
        }
    });
    sheet.problems.extend(broken);
    // The rows are held until `import` applies them, beside the programme: the room a growing
    // Vec keeps spare (up to a third at 100k rows) is given back.
    sheet.rows.text.shrink_to_fit();
    sheet.rows.ends.shrink_to_fit();
    sheet.rows.records.shrink_to_fit();
    sheet
}

fn problem(line: u64, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        column: None,
        message: message.into(),
    }
}

fn csv_problem(lines: &mut Lines<'_>, err: &csv::Error, fallback_line: u64) -> RowProblem {
    let line = err.position().map_or(fallback_line, |p| lines.at(p.byte()));
    problem(line, format!("cannot read CSV: {err}"))
}

/// Line numbers of record offsets. The reader's own line count is one short after CRLF line
/// ends, and its record offsets can point at the line breaks before the record (the one that
/// ended the previous record, blank lines); so lines are counted from the text, past those
/// breaks. No record starts with a line break: `\r` and `\n` end records, and the reader skips
/// blank lines. Records come in file order, so the count goes on from the previous one (counting
/// from the start every time takes seconds for a few thousand rows).
struct Lines<'t> {
    bytes: &'t [u8],
    /// How far the newlines have been counted, and how many there were up to there.
    counted_to: usize,
    newlines: u64,
}

impl<'t> Lines<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Lines {
            bytes,
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The line (1 is the first) of the record that starts at `byte`.
    fn at(&mut self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut start = usize::try_from(byte).map_or(bytes.len(), |b| b.min(bytes.len()));
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.counted_to {
            self.counted_to = 0;
            self.newlines = 0;
        }
        // A line ends at `\n`, or at a `\r` without one after it (old Mac files end lines with
        // `\r` alone). `start` is never a line break, so no `\r\n` straddles the counted part.
        let newlines = (self.counted_to..start)
            .filter(|&i| match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            })
            .count();
        self.newlines += newlines as u64;
        self.counted_to = start;
        1 + self.newlines
    }
}

/// A quoted cell the CSV reader would read on without a word: one the text ends inside (the
/// rest of the file would be its text), or one whose closing quote has more text after it
/// (`"a"b`), the mark of a quote missing earlier that makes the quoting run on into later
/// rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BrokenQuote {
    /// The line the quoted cell starts on.
    opened_on: u64,
    /// The line of the quote with text after it; `None` when the text ends inside the cell.
    stray_on: Option<u64>,
}

/// The first broken quoted cell of a CSV text, if there is one. Follows the reader's rules: a
/// quote opens a quoted cell only as a cell's first character, and `""` inside one is a quote.
#[expect(
    clippy::match_same_arms,
    reason = "one arm per state of the scanner, in the order they are tried"
)]
fn broken_quote(bytes: &[u8], delimiter: u8) -> Option<BrokenQuote> {
    #[derive(Clone, Copy)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        /// Blanks after a closing quote, as hand-written files have them (`"a" ,b`).
        BlanksAfterQuote,
    }
    let mut state = State::CellStart;
    let mut line = 1;
    let mut opened_on = 1;
    for (i, &b) in bytes.iter().enumerate() {
        let ends_cell = b == delimiter || b == b'\r' || b == b'\n';
        state = match state {
            State::CellStart if b == b'"' => {
                opened_on = line;
                State::Quoted
            }
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::QuoteInQuoted | State::BlanksAfterQuote if ends_cell => State::CellStart,
            State::QuoteInQuoted | State::BlanksAfterQuote if b == b' ' || b == b'\t' => {
                State::BlanksAfterQuote
            }
            State::QuoteInQuoted | State::BlanksAfterQuote => {
                let stray_on = Some(line);
                return Some(BrokenQuote {
                    opened_on,
                    stray_on,
                });
            }
            State::CellStart | State::Unquoted if ends_cell => State::CellStart,
            State::CellStart | State::Unquoted => State::Unquoted,
        };
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    matches!(state, State::Quoted).then_some(BrokenQuote {
        opened_on,
        stray_on: None,
    })
}

/// The separator the header line uses most: `,`, `;` (European spreadsheets) or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
            entry.1 += 1;
        }
    }
    // `max_by_key` keeps the last of equals; reversed, ties go to the comma.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// Which column each header cell names (`None` for trailing unnamed cells spreadsheets add),
/// and the names of those that are no built-in column: the importer decides whether they are
/// the programme's own fields.
fn read_header(
    header: &[String],
    line: u64,
) -> Result<(Vec<Option<Column>>, Vec<String>), RowProblem> {
    let mut columns = Vec::new();
    let mut own: Vec<String> = Vec::new();
    for name in header {
        let name = name.strip_prefix(BOM).unwrap_or(name);
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let twice = || problem(line, format!("column {name:?} appears twice"));
        let column = match Column::from_header(name) {
            Some(column) if columns.contains(&Some(column)) => return Err(twice()),
            Some(column) => column,
            None if own.iter().any(|o| o == name.trim()) => return Err(twice()),
            None => {
                own.push(name.trim().to_string());
                Column::Own(own.len() - 1)
            }
        };
        columns.push(Some(column));
    }
    let missing: Vec<&str> = [Column::Place(Place::Cluster), Column::Field(Field::Title)]
        .into_iter()
        .filter(|c| !columns.contains(&Some(*c)))
        .map(Column::name)
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            line,
            format!(
                "the header has no {} column; found: {}",
                missing.join(" and no "),
                header.join(", ")
            ),
        ));
    }
    Ok((columns, own))
}

/// The problem of a sheet's columns that the programme does not know, naming them and the two
/// ways out; `None` when there are none.
pub fn unknown_columns(unknown: &[&str]) -> Option<UnknownColumns> {
    (!unknown.is_empty()).then(|| UnknownColumns(unknown.iter().map(ToString::to_string).collect()))
}

/// Columns of a sheet that are neither built in nor the programme's own fields (at least one).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct UnknownColumns(pub Vec<String>);

impl std::fmt::Display for UnknownColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unknown = &self.0;
        let names: Vec<String> = unknown.iter().map(|n| format!("{n:?}")).collect();
        let s = if unknown.len() == 1 { "" } else { "s" };
        write!(
            f,
            "unknown column{s} {}; the columns are {} and the programme's own fields; \
             --add-fields declares {} as text field{s}, --ignore-columns {} leaves {} out",
            names.join(", "),
            HEADER.join(", "),
            if unknown.len() == 1 { "it" } else { "them" },
            unknown.join(","),
            if unknown.len() == 1 { "it" } else { "them" },
        )
    }
}

/// One record as a row, or every problem it has (with the column of the cell it is in).
fn read_row(
    line: u64,
    (columns, own): (&[Option<Column>], &[String]),
    (split, dates): (FormatSplit, DateReader),
    separator: Option<char>,
    cells: &[&str],
) -> Result<Row, Vec<(Option<usize>, String)>> {
    let mut problems = Vec::new();
    let beyond = cells
        .iter()
        .enumerate()
        .skip(columns.len())
        .find(|(_, c)| !c.trim().is_empty());
    if let Some((index, text)) = beyond {
        return Err(vec![(
            Some(index),
            beyond_header(cells.len(), columns.len(), text, separator),
        )]);
    }
    if cells.len() < columns.len()
        && !columns[cells.len()..]
            .iter()
            .all(|c| droppable(*c, columns))
    {
        return Err(vec![row_problem(format!(
            "the row has {} cells but the header has {}; is a quote missing?",
            cells.len(),
            columns.len()
        ))]);
    }
    let mut row = Row {
        line,
        year: None,
        cluster_id: String::new(),
        cluster: String::new(),
        position: None,
        activity: Activity::new("", ""),
    };
    // Spreadsheets leave a row's trailing empty cells out: the cells missing are empty ones.
    // (Only cells `droppable` allows are missing here.)
    let padded = cells.iter().copied().chain(std::iter::repeat(""));
    let place = |wanted: Column| columns.iter().position(|c| *c == Some(wanted));
    for (index, (column, cell)) in columns.iter().zip(padded).enumerate() {
        let Some(column) = column else {
            if !cell.trim().is_empty() {
                problems.push((
                    Some(index),
                    format!("{cell:?} stands in a column without a name"),
                ));
            }
            continue;
        };
        if let Column::Own(index) = column {
            // Kept as written (empty included, so an emptied cell clears the value); checked
            // by the field's kind once the programme is known.
            let name = own.get(*index).cloned().unwrap_or_default();
            row.activity.values.insert(name, cell.trim().to_string());
            continue;
        }
        if let Err(refused) = read_cell(&mut row, *column, (split, dates), cell) {
            problems.push((Some(index), refused.to_string()));
        }
    }
    if row.cluster.trim().is_empty() {
        let at = place(Column::Place(Place::Cluster));
        problems.push((at, "the cluster is empty; every row needs one".into()));
    }
    if row.activity.title.trim().is_empty() {
        let at = place(Column::Field(Field::Title));
        problems.push((at, "the title is empty; every row needs one".into()));
    }
    // Whether the end is before the start is settled where the rows are applied: with
    // `--into`, a month that came back from a spreadsheet as its first day is a month again.
    if problems.is_empty() {
        Ok(row)
    } else {
        Err(problems)
    }
}

/// What is wrong with a row that has `text` in a cell past the header's `named` columns, and how
/// to mend it. In a CSV that is nearly always a cell with the separator in its text and no
/// quotes around it, which splits the cell in two.
fn beyond_header(cells: usize, named: usize, text: &str, separator: Option<char>) -> String {
    let text = crate::text::truncate(text.trim(), 40);
    match separator {
        Some(separator) => {
            let name = match separator {
                ',' => "comma".to_string(),
                ';' => "semicolon".to_string(),
                '\t' => "tab".to_string(),
                other => format!("{other:?}"),
            };
            format!(
                "the row has {cells} cells but the header names {named} columns, so {text:?} is \
                 under no column: a cell with a {name} in its text is split there unless the \
                 cell is in quotes (\"a{separator} b\"); quote that cell, or add a name for the \
                 extra column to the header"
            )
        }
        None => format!(
            "{text:?} is right of the header's last column, under no name; add a name for its \
             column to the header row, or clear the cell"
        ),
    }
}

/// A problem of a whole row, in no one cell.
fn row_problem(message: String) -> (Option<usize>, String) {
    (None, message)
}

/// Whether a row may lack the cell of `column` as spreadsheets leave trailing empty cells out:
/// only where an empty cell means "nothing". A row that lacks any other cell is more likely the
/// first or second half of a record split by a line break that lost its quotes, and padding it
/// would import two bogus rows. A description (free text, where such breaks happen) counts only
/// after the other optional columns; before them, the half after a break in it would look like
/// a row that left them out.
fn droppable(column: Option<Column>, columns: &[Option<Column>]) -> bool {
    const OPTIONAL: [Column; 4] = [
        Column::Field(Field::Start),
        Column::Field(Field::End),
        Column::Field(Field::FollowUpOf),
        Column::Field(Field::Notes),
    ];
    let position = |wanted: Column| columns.iter().position(|c| *c == Some(wanted));
    match column {
        Some(Column::Field(Field::Description)) => {
            let description = position(Column::Field(Field::Description));
            OPTIONAL
                .into_iter()
                .filter_map(position)
                .all(|p| Some(p) < description)
        }
        None | Some(Column::Own(_)) => true,
        Some(Column::Field(field)) if field.is_optional_in(Field::ACTIVITY) => true,
        Some(column) => OPTIONAL.contains(&column),
    }
}

/// Puts one cell into the row, or says what is wrong with it.
#[expect(
    clippy::match_same_arms,
    reason = "each column's empty case sits beside the column it belongs to"
)]
fn read_cell(
    row: &mut Row,
    column: Column,
    (split, dates): (FormatSplit, DateReader),
    cell: &str,
) -> Result<(), CellError> {
    let trimmed = cell.trim();
    let field = match column {
        Column::Place(Place::Year) if trimmed.is_empty() => return Ok(()),
        Column::Place(Place::Year) => {
            let year = Year::parse(trimmed)?;
            row.year = Some(year.get());
            return Ok(());
        }
        Column::Place(Place::ClusterId) => {
            row.cluster_id = checked_id(column.name(), trimmed)?;
            return Ok(());
        }
        Column::Place(Place::Cluster) => {
            row.cluster = cell.to_string();
            return Ok(());
        }
        Column::Place(Place::Position) if trimmed.is_empty() => return Ok(()),
        Column::Place(Place::Position) => {
            let position = trimmed
                .parse::<usize>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| CellError::Position(trimmed.to_string()))?;
            row.position = Some(position);
            return Ok(());
        }
        Column::Field(field) => field,
        Column::Own(_) => return Err(CellError::OwnField),
    };
    let value = match field.kind() {
        FieldKind::Id => FieldValue::Text(checked_id(column.name(), trimmed)?),
        FieldKind::Formats => FieldValue::Formats(split_formats(cell, split)),
        FieldKind::Status if trimmed.is_empty() => FieldValue::Status(Status::Planned),
        FieldKind::Status => FieldValue::Status(trimmed.parse()?),
        FieldKind::Date if trimmed.is_empty() => FieldValue::Date(None),
        FieldKind::Date => {
            FieldValue::Date(Some(dates.read(trimmed).map_err(|e| CellError::Date {
                column: column.name(),
                text: trimmed.to_string(),
                reason: e.reason,
            })?))
        }
        FieldKind::FollowUp if trimmed.is_empty() => FieldValue::Reference(None),
        FieldKind::FollowUp => {
            if parse_follow_up(trimmed).is_none() {
                // No programme year is known row by row: the example is the 2022 programme's.
                return Err(CellError::FollowUp(follow_up_form_error(
                    trimmed,
                    2022,
                    "quality-management",
                )));
            }
            FieldValue::Reference(Some(trimmed.to_string()))
        }
        FieldKind::Text | FieldKind::MultiLineText => FieldValue::Text(cell.to_string()),
        FieldKind::Codes
        | FieldKind::Tags
        | FieldKind::Sessions
        | FieldKind::Outputs
        | FieldKind::Values => kind_value(field, cell)?,
        FieldKind::Year
        | FieldKind::Day
        | FieldKind::Children
        | FieldKind::Stage
        | FieldKind::ThemeDecls
        | FieldKind::FieldDecls => {
            return Err(CellError::NotActivityColumn(column.name()));
        }
    };
    row.activity
        .set(field, value)
        .map_err(|source| CellError::Mismatch {
            column: column.name(),
            source,
        })
}

/// Why one cell of a row cannot be read: the row's problem at that cell's column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum CellError {
    #[error(transparent)]
    Year(#[from] YearError),
    #[error(
        "{column} {id:?} is not a slug (lower-case letters, digits and single dashes); try {suggestion:?}"
    )]
    NotSlug {
        column: &'static str,
        id: String,
        suggestion: String,
    },
    #[error("position {0:?} is not a whole number from 1 up")]
    Position(String),
    #[error("an own field's cell is read with its row")]
    OwnField,
    #[error(transparent)]
    Status(#[from] UnknownStatus),
    #[error("{column} {text:?}: {reason}")]
    Date {
        column: &'static str,
        text: String,
        reason: String,
    },
    /// Not `<year>/<activity id>`; the message gives an example.
    #[error("{0}")]
    FollowUp(String),
    #[error("{field} {cell:?}: {source}")]
    Value {
        field: &'static str,
        cell: String,
        source: ValueError,
    },
    #[error("{0} is not an activity's column")]
    NotActivityColumn(&'static str),
    #[error("{column}: {source}")]
    Mismatch {
        column: &'static str,
        source: FieldMismatch,
    },
}

/// A cell of one of the newer fields, in its documented cell form.
fn kind_value(field: Field, cell: &str) -> Result<FieldValue, CellError> {
    field
        .kind()
        .from_plain(cell)
        .map_err(|source| CellError::Value {
            field: field.as_str(),
            cell: cell.trim().to_string(),
            source,
        })
}

fn checked_id(column: &'static str, id: &str) -> Result<String, CellError> {
    if is_slug(id) {
        Ok(id.to_string())
    } else {
        Err(CellError::NotSlug {
            column,
            id: id.to_string(),
            suggestion: slug(id),
        })
    }
}

/// How a `formats` cell separates its formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatSplit {
    /// Our own export (it has an `activity_id` column): only `; ` separates, so a free-text
    /// format with a comma (`Study, phase 2`) comes back whole. A format name cannot hold `;`.
    Semicolons,
    /// A sheet planners made themselves: `;` when the cell has one, otherwise `,`.
    SemicolonsOrCommas,
}

impl FormatSplit {
    fn for_columns(columns: &[Option<Column>]) -> FormatSplit {
        if columns.contains(&Some(Column::Field(Field::Id))) {
            FormatSplit::Semicolons
        } else {
            FormatSplit::SemicolonsOrCommas
        }
    }
}

/// Formats as a cell lists them, each trimmed; empty parts are dropped.
pub fn split_formats(cell: &str, split: FormatSplit) -> Vec<Format> {
    let separator = match split {
        FormatSplit::SemicolonsOrCommas if !cell.contains(';') => ',',
        _ => ';',
    };
    cell.split(separator)
        .filter(|part| !part.trim().is_empty())
        .map(Format::parse)
        .collect()
}

/// Puts the sheet's good rows into `programme`: see [`crate::model::sheet::apply`]. Only the
/// fields the sheet has columns for are changed.
pub fn apply(
    sheet: &Sheet,
    programme: &mut Programme,
    titles: TitleMatch,
) -> (Vec<RowProblem>, HashMap<String, u64>) {
    let applied = apply_rows(&sheet.columns, sheet.rows.to_vec(), programme, titles);
    (applied.problems, applied.lines.by_id(programme))
}

/// [`apply`] that moves the rows' activities into the programme rather than copying them: for
/// a sheet not needed afterwards.
pub fn apply_rows(
    columns: &[Column],
    rows: Vec<Row>,
    programme: &mut Programme,
    titles: TitleMatch,
) -> Applied {
    let (fields, own) = fields_of(columns);
    let mut applied = sheet::apply(rows, &fields, programme, titles);
    if own {
        clear_empty_values(programme, &mut applied);
    }
    applied
}

/// [`apply_rows`] for the rows as a sheet keeps them, each read again as it is applied.
pub fn apply_sheet_rows(
    columns: &[Column],
    rows: &Rows,
    programme: &mut Programme,
    titles: TitleMatch,
) -> Applied {
    let (fields, own) = fields_of(columns);
    let count = (rows.len(), rows.all_have_ids());
    let mut applied = sheet::apply_read(|| rows.iter(), count, &fields, programme, titles);
    if own {
        clear_empty_values(programme, &mut applied);
    }
    applied
}

/// The fields a sheet's columns set, and whether it has own-field columns.
fn fields_of(columns: &[Column]) -> (Vec<Field>, bool) {
    let mut fields: Vec<Field> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Field(field) => Some(*field),
            Column::Place(_) | Column::Own(_) => None,
        })
        .collect();
    let own = columns.iter().any(|c| matches!(c, Column::Own(_)));
    if own {
        fields.push(Field::Values);
    }
    (fields, own)
}

/// An empty own-field cell clears the value: nothing empty is kept. An updated activity's are
/// cleared as it is updated; this clears those of added activities (and of any activity the
/// programme had with an empty value), keeping the old value of a changed one.
fn clear_empty_values(programme: &mut Programme, applied: &mut Applied) {
    // Made once, and only when a value is cleared: most sheets leave none.
    let mut at = None;
    for (c, cluster) in programme.clusters.iter_mut().enumerate() {
        for (p, activity) in cluster.activities.iter_mut().enumerate() {
            if activity.values.values().any(String::is_empty) {
                let at = at.get_or_insert_with(|| applied.before.by_now());
                applied.before.keep(at, Cell::new(c, p), activity);
                activity.values.retain(|_, value| !value.is_empty());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_read_keep_no_spare_room() {
        let mut csv = String::from("cluster,title\n");
        for n in 0..100 {
            csv.push_str(&format!("c,Activity {n}\n"));
        }
        let sheet = read_csv(csv.as_bytes(), None).unwrap();
        let rows = &sheet.rows;
        assert_eq!(rows.len(), 100);
        assert_eq!(rows.records.capacity(), rows.len());
        assert_eq!(rows.ends.capacity(), 2 * rows.len());
        assert_eq!(rows.text.capacity(), rows.text.len());
    }

    #[test]
    fn formats_split_on_semicolons_first_then_commas() {
        let names = |cell| {
            split_formats(cell, FormatSplit::SemicolonsOrCommas)
                .iter()
                .map(|f| f.name().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("Seminar; toolkit"), ["Seminar", "Toolkit"]);
        assert_eq!(names("seminar, webinar,"), ["Seminar", "Webinar"]);
        assert_eq!(names("A, B; C"), ["A, B", "C"]);
        assert!(names(" ").is_empty());
    }

    #[test]
    fn formats_of_our_export_split_only_on_semicolons() {
        let names = |cell| {
            split_formats(cell, FormatSplit::Semicolons)
                .iter()
                .map(|f| f.name().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("Study, phase 2"), ["Study, phase 2"]);
        assert_eq!(names("Seminar; A, B ;"), ["Seminar", "A, B"]);
    }

    #[test]
    fn a_broken_quote_is_found_at_the_line_it_opens() {
        let unclosed = |opened_on| {
            Some(BrokenQuote {
                opened_on,
                stray_on: None,
            })
        };
        assert_eq!(broken_quote(b"a,b\r\n\"x,y\r\nc,d\r\n", b','), unclosed(2));
        assert_eq!(broken_quote(b"a;b\n1;\"x\"\"\n2;3\n", b';'), unclosed(2));
        // Opened on line 2, and the quote of a later quoted cell closes it with text after.
        assert_eq!(
            broken_quote(b"a,b\n1,\"x\n2,y\n3,\"said\" z\n", b','),
            Some(BrokenQuote {
                opened_on: 2,
                stray_on: Some(4)
            })
        );
        // Closed quotes, doubled quotes, a quote inside an unquoted cell and a line break in a
        // quoted cell are all fine.
        for fine in [
            &b"a,b\n\"x\"\"y\",z\n"[..],
            b"a,b\nsay \"hi,z\n",
            b"a,b\n\"two\nlines\",z\n",
            b"a,\"\"\n",
            b"a,\"b\"\r\n",
            b"a,b\n\"x\" ,\"y\"\t\n",
        ] {
            assert_eq!(broken_quote(fine, b','), None, "{fine:?}");
        }
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("cluster;title;\"a,b,c\"\n"), b';');
        assert_eq!(sniff_delimiter("cluster,title\n"), b',');
        assert_eq!(sniff_delimiter("cluster\ttitle\n"), b'\t');
        assert_eq!(sniff_delimiter("title\n"), b',');
    }

    #[test]
    fn header_names_ignore_case_and_spaces() {
        assert_eq!(
            Column::from_header(" Cluster ID "),
            Some(Column::Place(Place::ClusterId))
        );
        assert_eq!(
            Column::from_header("Follow-up-of"),
            Some(Column::Field(Field::FollowUpOf))
        );
        assert_eq!(Column::from_header("owner"), None);
    }
}
