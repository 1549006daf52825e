//! Reading a rows-layout CSV back, as spreadsheets leave it: a byte-order mark, CRLF or LF, `;` or
//! tab as separator, columns reordered or left out, European dates, formats split by `;` (or by
//! `,` in a sheet that is not our export).
//! Every row problem carries the CSV line it is on; nothing here decides what gets written.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::csv_rows::{BOM, HEADER, restore_formula};
use crate::model::{
    Activity, Cell, Cluster, Format, PlanDate, Programme, Status, Year, follow_up_form_error,
    parse_follow_up, slug,
};

/// A column of the rows layout, in header order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Year,
    ClusterId,
    Cluster,
    Position,
    ActivityId,
    Title,
    Description,
    Formats,
    Status,
    Start,
    End,
    FollowUpOf,
    Notes,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Year,
        Column::ClusterId,
        Column::Cluster,
        Column::Position,
        Column::ActivityId,
        Column::Title,
        Column::Description,
        Column::Formats,
        Column::Status,
        Column::Start,
        Column::End,
        Column::FollowUpOf,
        Column::Notes,
    ];

    /// The name in the header, as export writes it.
    pub fn name(self) -> &'static str {
        HEADER[self as usize]
    }

    /// The column a header cell names, ignoring case, surrounding blanks, and spaces or dashes
    /// written for underscores (`Cluster ID`, `follow-up-of`).
    pub fn from_header(text: &str) -> Option<Column> {
        let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
        Column::ALL.into_iter().find(|c| c.name() == wanted)
    }
}

/// The date forms import accepts, for messages.
pub const CSV_DATE_FORMS: &str = "a day (2022-03-15 or 15/03/2022), a month (2022-03 or 03/2022) \
     or a quarter (2022-Q2 or Q2 2022)";

/// Something wrong at a line of the CSV (1 is the header line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// One good row: where its activity goes and what the row says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The physical line the record starts on.
    pub line: u64,
    pub year: Option<i32>,
    /// Empty when the column is missing or the cell is empty.
    pub cluster_id: String,
    pub cluster: String,
    pub position: Option<usize>,
    /// The activity as the row gives it; columns the CSV lacks hold their defaults and the id
    /// is empty when the row gives none.
    pub activity: Activity,
}

/// A CSV read: which columns it has, its good rows and the problems of the others.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub problems: Vec<RowProblem>,
}

impl Sheet {
    /// The year the rows give, from the first row that has one.
    pub fn year(&self) -> Option<i32> {
        self.rows.iter().find_map(|r| r.year)
    }
}

/// Reads a CSV. A problem that makes the whole file unusable (not UTF-8, no header, missing
/// `cluster` or `title` column, unknown column) is the error; row problems are in the sheet.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, RowProblem> {
    let text = std::str::from_utf8(bytes).map_err(|e| RowProblem {
        line: Lines::new(bytes).at(e.valid_up_to() as u64),
        message: "the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"".into(),
    })?;
    // A byte-order mark means a spreadsheet wrote the file or `export --excel` did: undo the
    // formula prefix that flavour adds.
    let (text, excel) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = Lines::new(text.as_bytes());
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(csv_problem(&mut lines, &e, 1)),
        None => return Err(problem(1, "the file is empty; expected a header line")),
    };
    let columns = read_header(&header)?;
    let split = FormatSplit::for_columns(&columns);
    let mut sheet = Sheet {
        columns: columns.iter().flatten().copied().collect(),
        ..Sheet::default()
    };
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                // The reader cannot go on after a broken record reliably; report and stop.
                sheet.problems.push(csv_problem(&mut lines, &e, 0));
                break;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells: Vec<&str> = record
            .iter()
            .map(|cell| if excel { restore_formula(cell) } else { cell })
            .collect();
        match read_row(line, &columns, split, &cells) {
            Ok(row) => sheet.rows.push(row),
            Err(messages) => sheet.problems.extend(
                messages
                    .into_iter()
                    .map(|message| RowProblem { line, message }),
            ),
        }
    }
    Ok(sheet)
}

fn problem(line: u64, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
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

/// Which column each header cell names; `None` for trailing unnamed cells spreadsheets add.
fn read_header(header: &csv::StringRecord) -> Result<Vec<Option<Column>>, RowProblem> {
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        let name = name.strip_prefix(BOM).unwrap_or(name);
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let column = Column::from_header(name);
        if column.is_some() && columns.contains(&column) {
            return Err(problem(1, format!("column {name:?} appears twice")));
        }
        if column.is_none() {
            unknown.push(format!("{name:?}"));
        }
        columns.push(column);
    }
    let missing: Vec<&str> = [Column::Cluster, Column::Title]
        .into_iter()
        .filter(|c| !columns.contains(&Some(*c)))
        .map(Column::name)
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            1,
            format!(
                "the header has no {} column; found: {}",
                missing.join(" and no "),
                header.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if !unknown.is_empty() {
        return Err(problem(
            1,
            format!(
                "unknown column {}; the columns are {}",
                unknown.join(", "),
                HEADER.join(", ")
            ),
        ));
    }
    Ok(columns)
}

/// One record as a row, or every problem it has.
fn read_row(
    line: u64,
    columns: &[Option<Column>],
    split: FormatSplit,
    cells: &[&str],
) -> Result<Row, Vec<String>> {
    let mut problems = Vec::new();
    if cells[columns.len().min(cells.len())..]
        .iter()
        .any(|c| !c.trim().is_empty())
    {
        return Err(vec![format!(
            "the row has {} cells but the header has {}; does a cell with the separator in it lack its quotes?",
            cells.len(),
            columns.len()
        )]);
    }
    if cells.len() < columns.len()
        && !columns[cells.len()..]
            .iter()
            .all(|c| droppable(*c, columns))
    {
        return Err(vec![format!(
            "the row has {} cells but the header has {}; is a quote missing?",
            cells.len(),
            columns.len()
        )]);
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
    for (column, cell) in columns.iter().zip(padded) {
        let Some(column) = column else {
            if !cell.trim().is_empty() {
                problems.push(format!("{cell:?} stands in a column without a name"));
            }
            continue;
        };
        if let Err(message) = read_cell(&mut row, *column, split, cell) {
            problems.push(message);
        }
    }
    if row.cluster.trim().is_empty() {
        problems.push("the cluster is empty; every row needs one".into());
    }
    if row.activity.title.trim().is_empty() {
        problems.push("the title is empty; every row needs one".into());
    }
    let a = &row.activity;
    if let Err(message) = crate::model::check_range(a.start, a.end) {
        problems.push(message);
    }
    if problems.is_empty() {
        Ok(row)
    } else {
        Err(problems)
    }
}

/// Whether a row may lack the cell of `column` as spreadsheets leave trailing empty cells out:
/// only where an empty cell means "nothing". A row that lacks any other cell is more likely the
/// first or second half of a record split by a line break that lost its quotes, and padding it
/// would import two bogus rows. A description (free text, where such breaks happen) counts only
/// after the other optional columns; before them, the half after a break in it would look like
/// a row that left them out.
fn droppable(column: Option<Column>, columns: &[Option<Column>]) -> bool {
    const OPTIONAL: [Column; 4] = [
        Column::Start,
        Column::End,
        Column::FollowUpOf,
        Column::Notes,
    ];
    let position = |wanted: Column| columns.iter().position(|c| *c == Some(wanted));
    match column {
        None => true,
        Some(Column::Description) => {
            let description = position(Column::Description);
            OPTIONAL
                .into_iter()
                .filter_map(position)
                .all(|p| Some(p) < description)
        }
        Some(column) => OPTIONAL.contains(&column),
    }
}

/// Puts one cell into the row, or says what is wrong with it.
fn read_cell(row: &mut Row, column: Column, split: FormatSplit, cell: &str) -> Result<(), String> {
    let trimmed = cell.trim();
    let a = &mut row.activity;
    match column {
        Column::Year if trimmed.is_empty() => {}
        Column::Year => {
            let year = Year::parse(trimmed).map_err(|e| e.to_string())?;
            row.year = Some(year.get());
        }
        Column::ClusterId => row.cluster_id = checked_id("cluster_id", trimmed)?,
        Column::Cluster => row.cluster = cell.to_string(),
        Column::Position if trimmed.is_empty() => {}
        Column::Position => {
            let position = trimmed
                .parse::<usize>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("position {trimmed:?} is not a whole number from 1 up"))?;
            row.position = Some(position);
        }
        Column::ActivityId => a.id = checked_id("activity_id", trimmed)?,
        Column::Title => a.title = cell.to_string(),
        Column::Description => a.description = cell.to_string(),
        Column::Formats => a.formats = split_formats(cell, split),
        Column::Status if trimmed.is_empty() => a.status = Status::Planned,
        Column::Status => a.status = trimmed.parse().map_err(|e| format!("{e}"))?,
        Column::Start => a.start = read_date("start", trimmed)?,
        Column::End => a.end = read_date("end", trimmed)?,
        Column::FollowUpOf if trimmed.is_empty() => a.follow_up_of = None,
        Column::FollowUpOf => {
            if parse_follow_up(trimmed).is_none() {
                // No programme year is known row by row: the example is the 2022 programme's.
                return Err(follow_up_form_error(trimmed, 2022, "quality-management"));
            }
            a.follow_up_of = Some(trimmed.to_string());
        }
        Column::Notes => a.notes = cell.to_string(),
    }
    Ok(())
}

fn checked_id(column: &str, id: &str) -> Result<String, String> {
    if slug(id) == id {
        Ok(id.to_string())
    } else {
        Err(format!(
            "{column} {id:?} is not a slug (lower-case letters, digits and single dashes); try {:?}",
            slug(id)
        ))
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
        if columns.contains(&Some(Column::ActivityId)) {
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

fn read_date(column: &str, text: &str) -> Result<Option<PlanDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_csv_date(text)
        .map(Some)
        .map_err(|reason| format!("{column} {text:?}: {reason}"))
}

/// A date as the canonical forms write it or as a European spreadsheet shows it.
pub fn parse_csv_date(text: &str) -> Result<PlanDate, String> {
    let expected = || format!("expected {CSV_DATE_FORMS}");
    let text = text.trim();
    let canonical = |form: String| form.parse::<PlanDate>().map_err(|e| e.reason);
    let number = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    if let Some(rest) = text.strip_prefix(['Q', 'q']) {
        let (quarter, year) = rest.split_once([' ', '/', '-']).ok_or_else(expected)?;
        let (Some(quarter), Some(year)) = (number(quarter, 1..=1), number(year.trim(), 4..=4))
        else {
            return Err(expected());
        };
        return canonical(format!("{year}-Q{quarter}"));
    }
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    match parts[..] {
        [_] if text.len() >= 7 && text.as_bytes()[4] == b'-' => canonical(text.to_string())
            .map_err(|reason| {
                if reason.starts_with("expected") {
                    expected()
                } else {
                    reason
                }
            }),
        [day, month, year] => match (
            number(day, 1..=2),
            number(month, 1..=2),
            number(year, 4..=4),
        ) {
            (Some(day), Some(month), Some(year)) => {
                canonical(format!("{year:04}-{month:02}-{day:02}"))
                    .map_err(|reason| format!("{reason} (the day comes first: 15/03/2022)"))
            }
            _ => Err(expected()),
        },
        [month, year] => match (number(month, 1..=2), number(year, 4..=4)) {
            (Some(month), Some(year)) => canonical(format!("{year:04}-{month:02}")),
            _ => Err(expected()),
        },
        _ => Err(expected()),
    }
}

/// Activities that rows add without an id carry this until ids are made for them; it is never
/// part of a slug, so it can meet no real id.
const PENDING_ID: char = '\u{0}';

/// The id of the placeholder a moved activity leaves in its old cluster until all rows are in;
/// like [`PENDING_ID`] it can meet no real id, and it is not a pending one either.
const MOVED_AWAY: &str = "\u{1}moved away";

/// Puts the good rows into `programme`, which may be empty (import) or an existing programme
/// (`--into`). Rows update the activity with their id (or, without an id, the one activity of
/// the programme as it was with their title), add the others, and leave activities they do not
/// name alone. Only columns the CSV has are changed; a row whose cluster differs moves its
/// activity there. Activity order within a cluster follows `position` where the CSV has it;
/// otherwise activities stay where they are and new ones go last. New clusters go last, in
/// order of first appearance. Activities without an id get one made from their title.
///
/// A row that contradicts an earlier row or the programme is left out and reported.
/// Returns the problems, and for each activity a row set, the line of that row.
pub fn apply(sheet: &Sheet, programme: &mut Programme) -> (Vec<RowProblem>, HashMap<String, u64>) {
    let mut by_title: HashMap<String, Vec<String>> = HashMap::new();
    for (_, a) in programme.activities() {
        by_title
            .entry(a.title.clone())
            .or_default()
            .push(a.id.clone());
    }
    let mut merge = Merge {
        cells: programme
            .activities()
            .map(|(cell, a)| (a.id.clone(), cell))
            .collect(),
        by_title,
        programme,
        claimed: HashMap::new(),
        named_by: HashMap::new(),
        positions: HashMap::new(),
    };
    let mut problems = Vec::new();
    for row in &sheet.rows {
        if let Err(message) = merge.row(row, &sheet.columns) {
            problems.push(RowProblem {
                line: row.line,
                message,
            });
        }
    }
    merge.drop_moved_away();
    merge.order_by_position();
    merge.name_pending();
    (problems, merge.claimed)
}

/// The state of [`apply`] between rows.
struct Merge<'p> {
    programme: &'p mut Programme,
    /// Where each activity is while rows come in (the programme is too big to search per row).
    cells: HashMap<String, Cell>,
    /// Title → ids of the activities the programme had before the CSV, for rows without an id.
    by_title: HashMap<String, Vec<String>>,
    /// Activity id → the line of the row that set it; a second row for it is an error.
    claimed: HashMap<String, u64>,
    /// Cluster index → the name the first row for it gave, and that row's line.
    named_by: HashMap<usize, (String, u64)>,
    /// Activity id → the position its row gave.
    positions: HashMap<String, usize>,
}

impl Merge<'_> {
    fn row(&mut self, row: &Row, columns: &[Column]) -> Result<(), String> {
        let year = self.programme.year;
        if let Some(other) = row.year.filter(|y| *y != year) {
            return Err(format!("year {other}, but the programme is for {year}"));
        }
        let cluster = self.find_cluster(row);
        if let Some((name, line)) = cluster.and_then(|c| self.named_by.get(&c))
            && *name != row.cluster
        {
            return Err(format!(
                "cluster {:?} is named {name:?} on line {line}, {:?} here",
                row.cluster_id, row.cluster
            ));
        }
        let target = self.find_activity(&row.activity);
        if let Some((id, _)) = &target
            && let Some(line) = self.claimed.get(id)
        {
            return Err(format!("activity {id:?} is already on line {line}"));
        }

        let c = match cluster {
            Some(c) => {
                if !row.cluster_id.is_empty() {
                    self.programme.clusters[c].name = row.cluster.clone();
                }
                c
            }
            None => {
                let id = match &row.cluster_id {
                    id if id.is_empty() => self.programme.unique_cluster_id(&row.cluster),
                    id => id.clone(),
                };
                let clusters = &mut self.programme.clusters;
                clusters.push(Cluster::new(id, row.cluster.clone()));
                clusters.len() - 1
            }
        };
        self.named_by
            .entry(c)
            .or_insert_with(|| (row.cluster.clone(), row.line));

        let clusters = &mut self.programme.clusters;
        let id = match target {
            Some((id, cell)) if cell.cluster == c => {
                if let Some(activity) = clusters[c].activities.get_mut(cell.activity) {
                    update(activity, &row.activity, columns);
                }
                id
            }
            Some((id, cell)) => {
                let from = &mut clusters[cell.cluster].activities;
                if from.get(cell.activity).is_none_or(|a| a.id != id) {
                    // The index is kept in step with every move; this is only a guard.
                    return Err(format!(
                        "activity {id:?} was lost track of; the row is left out"
                    ));
                }
                // A placeholder keeps the activities after it where `cells` says they are;
                // `drop_moved_away` removes every placeholder once all rows are in.
                let mut activity =
                    std::mem::replace(&mut from[cell.activity], Activity::new(MOVED_AWAY, ""));
                update(&mut activity, &row.activity, columns);
                clusters[c].activities.push(activity);
                self.cells
                    .insert(id.clone(), Cell::new(c, clusters[c].activities.len() - 1));
                id
            }
            None => {
                let mut activity = row.activity.clone();
                if activity.id.is_empty() {
                    activity.id = format!("{PENDING_ID}{}", row.line);
                }
                let id = activity.id.clone();
                clusters[c].activities.push(activity);
                self.cells
                    .insert(id.clone(), Cell::new(c, clusters[c].activities.len() - 1));
                id
            }
        };
        if let Some(position) = row.position {
            self.positions.insert(id.clone(), position);
        }
        self.claimed.insert(id, row.line);
        Ok(())
    }

    /// The cluster a row names: by id when it gives one, otherwise by name.
    fn find_cluster(&self, row: &Row) -> Option<usize> {
        let clusters = &self.programme.clusters;
        if row.cluster_id.is_empty() {
            clusters.iter().position(|c| c.name == row.cluster)
        } else {
            clusters.iter().position(|c| c.id == row.cluster_id)
        }
    }

    /// The activity a row is about, with its id and cell, if it is already there.
    fn find_activity(&self, wanted: &Activity) -> Option<(String, Cell)> {
        let id = if wanted.id.is_empty() {
            match self.by_title.get(&wanted.title)?.as_slice() {
                [only] => only,
                _ => return None,
            }
        } else {
            &wanted.id
        };
        Some((id.clone(), *self.cells.get(id)?))
    }

    /// Removes the placeholders moved activities left, in one pass per cluster (removing each
    /// at its move would shift, and re-index, the rest of the cluster every time).
    fn drop_moved_away(&mut self) {
        for cluster in &mut self.programme.clusters {
            cluster.activities.retain(|a| a.id != MOVED_AWAY);
        }
        self.cells.clear();
    }

    /// Sorts each cluster by the positions rows gave; an activity without one keeps its place.
    fn order_by_position(&mut self) {
        for cluster in &mut self.programme.clusters {
            let mut keyed: Vec<(usize, Activity)> = cluster
                .activities
                .drain(..)
                .enumerate()
                .map(|(i, a)| (self.positions.get(&a.id).copied().unwrap_or(i + 1), a))
                .collect();
            keyed.sort_by_key(|(key, _)| *key);
            cluster.activities = keyed.into_iter().map(|(_, a)| a).collect();
        }
    }

    /// Gives activities added without an id one made from their title, in display order: the
    /// ids `Programme::unique_activity_id` makes, without its search of the whole programme for
    /// every candidate (which takes minutes for a few thousand rows titled alike).
    fn name_pending(&mut self) {
        let mut taken: HashSet<String> = self
            .programme
            .activities()
            .map(|(_, a)| a.id.clone())
            .filter(|id| !id.starts_with(PENDING_ID))
            .collect();
        let mut next_suffix: HashMap<String, usize> = HashMap::new();
        for cluster in &mut self.programme.clusters {
            for activity in &mut cluster.activities {
                if !activity.id.starts_with(PENDING_ID) {
                    continue;
                }
                let base = match slug(&activity.title) {
                    s if s.is_empty() => "activity".to_string(),
                    s => s,
                };
                let mut id = base.clone();
                if taken.contains(&id) {
                    let n = next_suffix.entry(base.clone()).or_insert(2);
                    while taken.contains(&format!("{base}-{n}")) {
                        *n += 1;
                    }
                    id = format!("{base}-{n}");
                }
                taken.insert(id.clone());
                let pending = std::mem::replace(&mut activity.id, id.clone());
                if let Some(line) = self.claimed.remove(&pending) {
                    self.claimed.insert(id, line);
                }
            }
        }
    }
}

/// Copies the fields the CSV has columns for.
fn update(activity: &mut Activity, row: &Activity, columns: &[Column]) {
    for column in columns {
        match column {
            Column::ActivityId => {
                if !row.id.is_empty() {
                    activity.id = row.id.clone();
                }
            }
            Column::Title => activity.title = row.title.clone(),
            Column::Description => activity.description = row.description.clone(),
            Column::Formats => activity.formats = row.formats.clone(),
            Column::Status => activity.status = row.status,
            Column::Start => activity.start = row.start,
            Column::End => activity.end = row.end,
            Column::FollowUpOf => activity.follow_up_of = row.follow_up_of.clone(),
            Column::Notes => activity.notes = row.notes.clone(),
            Column::Year | Column::ClusterId | Column::Cluster | Column::Position => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_accepted_form() {
        for (text, expected) in [
            ("2022-03-15", "2022-03-15"),
            ("15/03/2022", "2022-03-15"),
            ("5.3.2022", "2022-03-05"),
            ("2022-03", "2022-03"),
            ("03/2022", "2022-03"),
            ("2022-Q2", "2022-Q2"),
            ("Q2 2022", "2022-Q2"),
            ("q3/2022", "2022-Q3"),
        ] {
            assert_eq!(
                parse_csv_date(text).map(|d| d.to_string()),
                Ok(expected.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_dates_say_why_and_list_the_forms() {
        assert_eq!(
            parse_csv_date("30/02/2022"),
            Err("February 2022 has 28 days (the day comes first: 15/03/2022)".to_string())
        );
        assert_eq!(
            parse_csv_date("03/15/2022"),
            Err(
                "there is no month 15; months run from 01 to 12 (the day comes first: 15/03/2022)"
                    .to_string()
            )
        );
        assert_eq!(
            parse_csv_date("next spring"),
            Err(format!("expected {CSV_DATE_FORMS}"))
        );
        assert_eq!(
            parse_csv_date("2022-13"),
            Err("there is no month 13; months run from 01 to 12".to_string())
        );
        assert_eq!(
            parse_csv_date("Q5 2022").unwrap_err(),
            "there is no quarter Q5; quarters run from Q1 to Q4"
        );
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
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("cluster;title;\"a,b,c\"\n"), b';');
        assert_eq!(sniff_delimiter("cluster,title\n"), b',');
        assert_eq!(sniff_delimiter("cluster\ttitle\n"), b'\t');
        assert_eq!(sniff_delimiter("title\n"), b',');
    }

    #[test]
    fn header_names_ignore_case_and_spaces() {
        assert_eq!(Column::from_header(" Cluster ID "), Some(Column::ClusterId));
        assert_eq!(
            Column::from_header("Follow-up-of"),
            Some(Column::FollowUpOf)
        );
        assert_eq!(Column::from_header("owner"), None);
    }
}

#[cfg(test)]
mod apply_tests {
    use super::*;

    fn import(csv: &str) -> (Programme, Vec<RowProblem>) {
        let sheet = read_sheet(csv.as_bytes()).unwrap();
        let mut programme = Programme::new(2022, "t");
        let (mut problems, _) = apply(&sheet, &mut programme);
        problems.extend(sheet.problems);
        (programme, problems)
    }

    fn ids(programme: &Programme) -> Vec<&str> {
        programme.activities().map(|(_, a)| a.id.as_str()).collect()
    }

    #[test]
    fn missing_ids_are_slugs_that_step_around_given_ones() {
        let (p, problems) = import(
            "cluster,title,activity_id\nC,Seminar,\nC,Other,seminar-2\nC,Seminar,\nC,★,\nC,Seminar,\n",
        );
        assert_eq!(problems, vec![]);
        assert_eq!(
            ids(&p),
            ["seminar", "seminar-2", "seminar-3", "activity", "seminar-4"]
        );
    }

    #[test]
    fn position_orders_activities_and_clusters_keep_first_appearance() {
        let (p, problems) = import("cluster;title;position\nB;b2;2\nA;a1;1\nB;b1;1\nA;a2;\n");
        assert_eq!(problems, vec![]);
        let names: Vec<&str> = p.clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["B", "A"]);
        assert_eq!(ids(&p), ["b1", "b2", "a1", "a2"]);
    }

    #[test]
    fn into_moves_renames_and_updates_only_the_columns_given() {
        let mut p = Programme::new(2022, "t");
        let mut a = Cluster::new("a", "A");
        for id in ["x", "y", "z"] {
            let mut activity = Activity::new(id, id.to_uppercase());
            activity.notes = format!("note {id}");
            a.activities.push(activity);
        }
        p.clusters.push(a);
        p.clusters.push(Cluster::new("b", "B"));
        // x moves to B; z, now second in A, is updated by a later row; B is renamed.
        let sheet =
            read_sheet(b"activity_id,cluster_id,cluster,title\nx,b,Bee,X moved\nz,a,A,Z again\n")
                .unwrap();
        let (problems, lines) = apply(&sheet, &mut p);
        assert_eq!(problems, vec![]);
        assert_eq!(lines.get("z"), Some(&3));
        assert_eq!(ids(&p), ["y", "z", "x"]);
        assert_eq!(p.clusters[1].name, "Bee");
        let z = p.activity(p.find("z").unwrap()).unwrap();
        assert_eq!((z.title.as_str(), z.notes.as_str()), ("Z again", "note z"));
    }

    #[test]
    fn row_lines_are_the_same_with_crlf_lf_and_cr_and_blank_lines() {
        let lf = "cluster,title,notes\n\nC,,\"two\nlines\"\n\n\nC,,\nC,ok,\n,x\n";
        let crlf = lf.replace('\n', "\r\n");
        let cr = lf.replace('\n', "\r");
        for text in [lf.to_string(), crlf, cr] {
            let sheet = read_sheet(text.as_bytes()).unwrap();
            let lines: Vec<u64> = sheet.problems.iter().map(|p| p.line).collect();
            assert_eq!(lines, [3, 7, 9], "{text:?}");
            assert_eq!(sheet.rows[0].line, 8, "{text:?}");
        }
    }

    #[test]
    fn short_rows_lacking_only_optional_cells_have_empty_ones_and_long_rows_are_refused() {
        let sheet = read_sheet(
            b"cluster,title,status,start,end,follow_up_of,notes,description,\r\n\
              C,short,done\r\nC,long,,,,,,,,x\r\nC,ok,,,,,,,\r\n",
        )
        .unwrap();
        let titles: Vec<&str> = sheet.rows.iter().map(|r| &*r.activity.title).collect();
        assert_eq!(titles, ["short", "ok"]);
        assert_eq!(sheet.rows[0].activity.status, Status::Done);
        assert_eq!(
            sheet.problems,
            [problem(
                3,
                "the row has 10 cells but the header has 9; does a cell with the separator in it lack its quotes?"
            )]
        );
    }

    #[test]
    fn short_rows_lacking_a_cell_that_says_something_are_refused() {
        // A description broken by a line break without quotes: two short rows, not two activities.
        let sheet = read_sheet(
            b"cluster,title,description,status,year\n\
              Cluster A,Webinar,first line\nsecond line,done\nCluster A,Study,x,planned,2022\n",
        )
        .unwrap();
        let titles: Vec<&str> = sheet.rows.iter().map(|r| &*r.activity.title).collect();
        assert_eq!(titles, ["Study"]);
        assert_eq!(
            sheet.problems,
            [
                problem(
                    2,
                    "the row has 3 cells but the header has 5; is a quote missing?"
                ),
                problem(
                    3,
                    "the row has 2 cells but the header has 5; is a quote missing?"
                ),
            ]
        );
        // A description before the optional columns cannot be left out either: the second half
        // of a break in it would read as a row.
        let sheet = read_sheet(b"cluster,title,description,notes\nC,T,first\nsecond,n\n").unwrap();
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(
            sheet.problems,
            [problem(
                3,
                "the row has 2 cells but the header has 4; is a quote missing?"
            )]
        );
    }

    #[test]
    fn a_year_that_is_not_four_digits_is_refused_at_its_row_and_not_the_sheet_year() {
        let sheet =
            read_sheet(b"year,cluster,title\n0999,C,T\n+202,C,U\n2024,C,V\n 2025 ,C,W\n").unwrap();
        assert_eq!(
            sheet.problems,
            [
                problem(
                    2,
                    "year \"0999\" is not a four-digit year (from 1000 to 9999)"
                ),
                problem(
                    3,
                    "year \"+202\" is not a four-digit year (from 1000 to 9999)"
                ),
            ]
        );
        assert_eq!(sheet.year(), Some(2024));
        assert_eq!(sheet.rows[1].year, Some(2025));
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_at_its_line() {
        let err = read_sheet(b"cluster,title\nC,Caf\xe9\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = read_sheet(b"cluster,title\rC,ok\r\rC,Caf\xe9\r").unwrap_err();
        assert_eq!(err.line, 4, "old Mac line ends");
        assert!(err.message.contains("\"CSV UTF-8\""), "{}", err.message);
    }

    #[test]
    fn thousands_of_moves_keep_order_and_updates_find_their_activity() {
        const N: usize = 3000;
        let mut p = Programme::new(2022, "t");
        let mut a = Cluster::new("a", "A");
        for i in 0..N {
            a.activities
                .push(Activity::new(format!("x{i}"), format!("X{i}")));
        }
        p.clusters.push(a);
        p.clusters.push(Cluster::new("b", "B"));
        // Every third activity moves to B, in a scrambled order; then every activity left in A
        // gets a new title, so each update has to find its activity after all the moves.
        let mut csv = String::from("activity_id,cluster_id,cluster,title\n");
        let moved: Vec<usize> = (0..N).map(|k| (k * 7) % N).filter(|i| i % 3 == 0).collect();
        for i in &moved {
            csv.push_str(&format!("x{i},b,B,moved {i}\n"));
        }
        for i in (0..N).filter(|i| i % 3 != 0).rev() {
            csv.push_str(&format!("x{i},a,A,kept {i}\n"));
        }
        let sheet = read_sheet(csv.as_bytes()).unwrap();
        let (problems, _) = apply(&sheet, &mut p);
        assert_eq!(problems, vec![]);
        let titles = |c: usize| -> Vec<String> {
            p.clusters[c]
                .activities
                .iter()
                .map(|a| a.title.clone())
                .collect()
        };
        let kept: Vec<String> = (0..N)
            .filter(|i| i % 3 != 0)
            .map(|i| format!("kept {i}"))
            .collect();
        assert_eq!(titles(0), kept, "A keeps the rest, in order");
        let arrived: Vec<String> = moved.iter().map(|i| format!("moved {i}")).collect();
        assert_eq!(titles(1), arrived, "B has the moved ones, in row order");
        assert_eq!(p.activity_count(), N);
    }

    #[test]
    fn many_moves_between_clusters_lose_no_activity() {
        let mut p = Programme::new(2022, "t");
        let mut csv = String::from("activity_id,cluster_id,cluster,title\n");
        for c in 0..3 {
            let mut cluster = Cluster::new(format!("c{c}"), format!("C{c}"));
            for a in 0..4 {
                cluster
                    .activities
                    .push(Activity::new(format!("a{c}-{a}"), "t"));
            }
            p.clusters.push(cluster);
        }
        // Every activity moves one cluster on, taken in an order that removes from the middle.
        for a in [1, 3, 0, 2] {
            for c in [2, 0, 1] {
                let to = (c + 1) % 3;
                csv.push_str(&format!("a{c}-{a},c{to},C{to},t\n"));
            }
        }
        let sheet = read_sheet(csv.as_bytes()).unwrap();
        let (problems, _) = apply(&sheet, &mut p);
        assert_eq!(problems, vec![]);
        for c in 0..3 {
            let from = (c + 2) % 3;
            let expected: Vec<String> = [1, 3, 0, 2]
                .iter()
                .map(|a| format!("a{from}-{a}"))
                .collect();
            let got: Vec<&str> = p.clusters[c]
                .activities
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            assert_eq!(got, expected, "cluster c{c}");
        }
    }
}
