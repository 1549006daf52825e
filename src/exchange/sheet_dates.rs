//! Dates as spreadsheets leave them (`Mar-22`, `15/03/2022`, `3/4/2022`, `03.04.2022` (always day
//! first), Excel serial numbers, `2022-03-01T00:00:00`), read into planning dates at the precision they show; the day/month
//! order decided once per file from its own cells; and the precision an `--into` import keeps.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};

pub use crate::model::sheet::keep_precision;
use crate::model::{PlanDate, PlanDateError};

/// The date forms a sheet may hold, for messages.
pub const SHEET_DATE_FORMS: &str = "a day (2022-03-15, 15/03/2022, 15 Mar 2022), a month \
     (2022-03, 03/2022, Mar-22, March 2022) or a quarter (2022-Q2, Q2 2022)";

/// Which part of a `15/03/2022` or `3/4/2022` comes first in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Day first, as most of Europe writes it: `15/03/2022`.
    Dmy,
    /// Month first, as the United States writes it: `03/15/2022`.
    Mdy,
}

impl DateOrder {
    /// The name `--dates` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    /// The order the file's own day-month cells settle: a first part above 12 can only be a day,
    /// a second part above 12 only a day too. `Ok(None)` where no cell needs an order (every
    /// day-month cell reads the same both ways, or there is none).
    pub fn decide(cells: &[DateCell]) -> Result<Option<DateOrder>, DateOrderError> {
        let mut votes = OrderVotes::default();
        for cell in cells {
            votes.see(&cell.text, || cell.at.clone());
        }
        votes.decide()
    }
}

/// What a file's day-month cells say about their order, taken one cell at a time so that a big
/// file's cells need not be kept: only the first cell of each kind is, for the message.
#[derive(Clone, Debug, Default)]
pub struct OrderVotes {
    day_first: Option<DateCell>,
    month_first: Option<DateCell>,
    ambiguous: Option<DateCell>,
}

impl OrderVotes {
    /// Counts a date cell's text; `at` names the cell, asked only when it is kept.
    pub fn see(&mut self, text: &str, at: impl FnOnce() -> String) {
        // A day-month cell starts with a day or month of one or two digits and a separator;
        // telling the others (ISO dates, most of a file) apart here spares reading them twice.
        let separator =
            |i: usize| matches!(text.trim().as_bytes().get(i), Some(b'/' | b'.' | b'-'));
        if !separator(1) && !separator(2) {
            return;
        }
        let Ok(Shape::DayMonth { first, second, .. }) = shape(text) else {
            return;
        };
        let kind = if first > 12 && second <= 12 {
            &mut self.day_first
        } else if second > 12 && first <= 12 {
            &mut self.month_first
        } else if first <= 12 && second <= 12 && first != second {
            &mut self.ambiguous
        } else {
            return;
        };
        if kind.is_none() {
            *kind = Some(DateCell::new(at(), text));
        }
    }

    /// The order the cells seen settle: see [`DateOrder::decide`].
    pub fn decide(self) -> Result<Option<DateOrder>, DateOrderError> {
        match (self.day_first, self.month_first, self.ambiguous) {
            (Some(day_first), Some(month_first), _) => Err(DateOrderError::Conflict {
                day_first,
                month_first,
            }),
            (Some(_), None, _) => Ok(Some(DateOrder::Dmy)),
            (None, Some(_), _) => Ok(Some(DateOrder::Mdy)),
            (None, None, Some(cell)) => Err(DateOrderError::Undecided(cell)),
            (None, None, None) => Ok(None),
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DateOrder {
    type Err = UnknownDateOrder;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            _ => Err(UnknownDateOrder(text.to_string())),
        }
    }
}

/// A date order that is neither `dmy` nor `mdy`, as written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown date order {0:?}; use dmy (15/03/2022) or mdy (03/15/2022)")]
pub struct UnknownDateOrder(pub String);

/// A date cell of a sheet and where it is, collected before any is read so that the order is
/// decided by the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateCell {
    /// Where the cell is, as messages name it: `Activities!J12` or `line 12, start`.
    pub at: String,
    /// The cell's text.
    pub text: String,
}

impl DateCell {
    /// A cell at a place.
    pub fn new(at: impl Into<String>, text: impl Into<String>) -> Self {
        DateCell {
            at: at.into(),
            text: text.into(),
        }
    }
}

/// Why the day/month order of a file cannot be settled; nothing should be written then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateOrderError {
    /// One cell can only be day-first and another only month-first.
    #[error(
        "the dates disagree on day/month order: {} {:?} has the day first, {} {:?} the month \
         first; correct one of them",
        day_first.at, day_first.text, month_first.at, month_first.text
    )]
    Conflict {
        day_first: DateCell,
        month_first: DateCell,
    },
    /// A cell reads differently either way and no cell settles the order.
    #[error(
        "{} {:?} could be day/month or month/day and no date in the file has a day above 12 to \
         tell; nothing was written: give --dates dmy (day first) or --dates mdy (month first)",
        .0.at, .0.text
    )]
    Undecided(DateCell),
}

/// Reads the date cells of one file in the order decided for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateReader {
    order: Option<DateOrder>,
}

impl DateReader {
    /// A reader for a file's date cells: in the order the planner `given` (`--dates`), else in
    /// the order the cells settle.
    pub fn new(cells: &[DateCell], given: Option<DateOrder>) -> Result<Self, DateOrderError> {
        let order = match given {
            Some(order) => Some(order),
            None => DateOrder::decide(cells)?,
        };
        Ok(DateReader { order })
    }

    /// A reader in a settled order (`None`: the file needs none).
    pub fn in_order(order: Option<DateOrder>) -> Self {
        DateReader { order }
    }

    /// The order in force, if the file needed one.
    pub fn order(self) -> Option<DateOrder> {
        self.order
    }

    /// One cell as a planning date at the precision it shows.
    pub fn read(self, text: &str) -> Result<PlanDate, PlanDateError> {
        let fail = |reason: String| PlanDateError {
            text: text.to_string(),
            reason,
        };
        match shape(text).map_err(|e| fail(e.to_string()))? {
            Shape::Plain(date) => Ok(date),
            Shape::DayMonth {
                first,
                second,
                year,
            } => {
                let order = match self.order {
                    Some(order) => order,
                    None if first > 12 || first == second => DateOrder::Dmy,
                    None if second > 12 => DateOrder::Mdy,
                    None => {
                        return Err(fail(
                            "could be day/month or month/day; give --dates dmy or --dates mdy"
                                .to_string(),
                        ));
                    }
                };
                let (day, month, example) = match order {
                    DateOrder::Dmy => (first, second, "day first: 15/03/2022"),
                    DateOrder::Mdy => (second, first, "month first: 03/15/2022"),
                };
                format!("{year:04}-{month:02}-{day:02}")
                    .parse()
                    .map_err(|e: PlanDateError| fail(format!("{} (read {example})", e.reason)))
            }
        }
    }
}

/// What a cell looks like before the order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// A date that reads the same whatever the file's order.
    Plain(PlanDate),
    /// `a/b/yyyy` (or with dots or dashes): day and month in an order the file decides.
    DayMonth { first: u32, second: u32, year: i32 },
}

/// Why a cell is no date of any form a sheet may hold; the reason of its [`PlanDateError`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum ShapeError {
    #[error("expected {SHEET_DATE_FORMS}")]
    Forms,
    /// A date of a known form that is no planning date (month 13, 30 February).
    #[error("{}", .0.reason)]
    Date(PlanDateError),
    #[error("a year alone is not a planning date; write a month (2022-01) or a quarter (2022-Q1)")]
    YearAlone,
    #[error(
        "a number is not a date (Excel date numbers have five digits, e.g. 44635); expected \
         {SHEET_DATE_FORMS}"
    )]
    Number,
}

/// Digits only, `len` of them; the number they make.
fn number(part: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// A year as sheets write it: four digits, or two for this century (`Mar-22`).
fn year(part: &str, two_digits: bool) -> Option<i32> {
    match part.len() {
        4 => number(part, 4..=4).map(u32::cast_signed),
        2 if two_digits => number(part, 2..=2).map(|y| 2000 + y.cast_signed()),
        _ => None,
    }
}

fn canonical(form: &str) -> Result<Shape, ShapeError> {
    form.parse().map(Shape::Plain).map_err(ShapeError::Date)
}

fn shape(text: &str) -> Result<Shape, ShapeError> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' {
        return iso(text);
    }
    if !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && let Some(shape) = serial(text)?
    {
        return Ok(shape);
    }
    if text.bytes().any(|b| b.is_ascii_alphabetic()) || !text.is_ascii() {
        return named(text);
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    // Dots are how German, Austrian, Swiss and Nordic sheets write a day: always day first.
    let dotted = text.contains('.') && !text.contains(['/', '-']);
    match parts[..] {
        [a, b, y] => match (number(a, 1..=2), number(b, 1..=2), year(y, false)) {
            (Some(day), Some(month), Some(year)) if dotted => {
                canonical(&format!("{year:04}-{month:02}-{day:02}"))
            }
            (Some(first), Some(second), Some(year)) => Ok(Shape::DayMonth {
                first,
                second,
                year,
            }),
            _ => match (year(a, false), number(b, 1..=2), number(y, 1..=2)) {
                (Some(year), Some(month), Some(day)) => {
                    canonical(&format!("{year:04}-{month:02}-{day:02}"))
                }
                _ => Err(ShapeError::Forms),
            },
        },
        [m, y] => match (number(m, 1..=2), year(y, false)) {
            (Some(month), Some(year)) => canonical(&format!("{year:04}-{month:02}")),
            _ => Err(ShapeError::Forms),
        },
        _ => Err(ShapeError::Forms),
    }
}

/// `2022-03-15`, `2022-03`, `2022-Q2`, and a day with a time of day as Excel writes it
/// (`2022-03-01T00:00:00`, `2022-03-01 00:00:00`); the time is dropped.
fn iso(text: &str) -> Result<Shape, ShapeError> {
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    if let Some(time) = time {
        let clock = time.trim_end_matches('Z');
        let valid = date.len() == 10
            && !clock.is_empty()
            && clock
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
        if !valid {
            return Err(ShapeError::Forms);
        }
    }
    // The canonical reader's own list of forms is not a sheet's.
    canonical(date).map_err(|e| match e {
        ShapeError::Date(e) if e.reason.starts_with("expected") => ShapeError::Forms,
        e => e,
    })
}

/// An Excel serial number (`44635`, `44635.0`): days in Excel's 1900 date system. Only five
/// digits before the point count (1927 to 2173): a shorter number is no plausible planning date.
fn serial(text: &str) -> Result<Option<Shape>, ShapeError> {
    let whole = text.split('.').next().unwrap_or(text);
    if text.matches('.').count() > 1 {
        return Ok(None);
    }
    match whole.len() {
        5 => {
            let value: f64 = text.parse().map_err(|_| ShapeError::Forms)?;
            let day = excel_serial_day(value).ok_or(ShapeError::Forms)?;
            Ok(Some(Shape::Plain(PlanDate::Day(day))))
        }
        4 if !text.contains('.') => Err(ShapeError::YearAlone),
        _ if !text.contains('.') => Err(ShapeError::Number),
        _ => Ok(None),
    }
}

/// The day an Excel serial number in the 1900 date system stands for, time of day dropped.
/// Excel counts a 29 February 1900 that never was (serial 60), so serials after it are one
/// day ahead of a plain count from 1900-01-01.
pub fn excel_serial_day(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked above to lie in 1..2958466, whole days fit a u64 exactly"
    )]
    let days = serial.floor() as u64;
    let (epoch, days) = match days {
        60 => return None,
        0..60 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
    };
    epoch.checked_add_days(Days::new(days))
}

/// Month names and abbreviations: English in full, and the abbreviations French, German, Spanish
/// and Italian spreadsheets show. None of them means two different months.
const MONTH_WORDS: [(&str, u32); 54] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // French
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("déc", 12),
    // German
    ("mär", 3),
    ("mrz", 3),
    ("okt", 10),
    ("dez", 12),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    // Spanish
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("dic", 12),
    ("set", 9),
    // Italian
    ("gen", 1),
    ("mag", 5),
    ("giu", 6),
    ("lug", 7),
    ("ott", 10),
    ("sett", 9),
];

fn month_word(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let word = word.trim_end_matches('.');
    MONTH_WORDS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, month)| month)
}

/// Forms with words: `Mar-22`, `Mar 2022`, `March 2022`, `15 Mar 2022`, `15-Mar-2022`,
/// `Mar 15, 2022`, and quarters `Q2 2022`, `Q2-2022`, `2022 Q2`.
fn named(text: &str) -> Result<Shape, ShapeError> {
    let parts: Vec<&str> = text
        .split([' ', '-', '/', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let quarter = |q: &str| {
        q.strip_prefix(['Q', 'q'])
            .and_then(|n| number(n, 1..=1))
            .filter(|_| !q.is_empty())
    };
    match parts[..] {
        [q, y] | [y, q] if quarter(q).is_some() && year(y, false).is_some() => {
            let (Some(quarter), Some(year)) = (quarter(q), year(y, false)) else {
                return Err(ShapeError::Forms);
            };
            canonical(&format!("{year:04}-Q{quarter}"))
        }
        [m, y] => match (month_word(m), year(y, true)) {
            (Some(month), Some(year)) => canonical(&format!("{year:04}-{month:02}")),
            _ => Err(ShapeError::Forms),
        },
        [d, m, y] => {
            let (day, month) = match (number(d.trim_end_matches('.'), 1..=2), month_word(m)) {
                (Some(day), Some(month)) => (day, month),
                // `Mar 15, 2022`
                _ => match (month_word(d), number(m, 1..=2)) {
                    (Some(month), Some(day)) => (day, month),
                    _ => return Err(ShapeError::Forms),
                },
            };
            let year = year(y, true).ok_or(ShapeError::Forms)?;
            canonical(&format!("{year:04}-{month:02}-{day:02}"))
        }
        _ => Err(ShapeError::Forms),
    }
}

/// The ISO text of the day an Excel date-time cell shows, time of day dropped.
pub fn iso_day(year: u16, month: u8, day: u8) -> Option<String> {
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

#[cfg(test)]
#[path = "sheet_dates_tests.rs"]
mod tests;
