//! Planning dates with a precision: a day, a month or a quarter.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date as planners give it: as exact as they know it.
///
/// Written `2022-03-15`, `2022-03` or `2022-Q2`. As the start of a range it means its first day,
/// as the end its last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanDate {
    /// One day.
    Day(NaiveDate),
    /// A whole month (1–12).
    Month { year: i32, month: u32 },
    /// A whole quarter (1–4).
    Quarter { year: i32, quarter: u32 },
}

/// Why a text is not a planning date. The message says what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {text:?}: {reason}")]
pub struct PlanDateError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it, in words.
    pub reason: String,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The years a planning date (and a programme) may have: four digits, as files write them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The accepted forms, for messages.
pub const DATE_FORMS: &str = "a day (2022-03-15), a month (2022-03) or a quarter (2022-Q2)";

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 31,
    }
}

fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl PlanDate {
    /// The first day the date covers.
    pub fn first_day(self) -> NaiveDate {
        match self {
            PlanDate::Day(d) => d,
            PlanDate::Month { year, month } => ymd(year, month, 1),
            PlanDate::Quarter { year, quarter } => ymd(year, quarter * 3 - 2, 1),
        }
    }

    /// The last day the date covers.
    pub fn last_day(self) -> NaiveDate {
        match self {
            PlanDate::Day(d) => d,
            PlanDate::Month { year, month } => ymd(year, month, days_in_month(year, month)),
            PlanDate::Quarter { year, quarter } => {
                let month = quarter * 3;
                ymd(year, month, days_in_month(year, month))
            }
        }
    }

    /// The calendar year the date falls in.
    pub fn year(self) -> i32 {
        match self {
            PlanDate::Day(d) => d.year(),
            PlanDate::Month { year, .. } | PlanDate::Quarter { year, .. } => year,
        }
    }

    /// The same date `years` years later (or earlier), at the same precision, if that is still
    /// within [`YEARS`]. A 29 February moves to the 28th in a year without one.
    pub fn checked_add_years(self, years: i32) -> Option<PlanDate> {
        let moved = match self {
            PlanDate::Day(d) => {
                let months = Months::new(years.unsigned_abs().checked_mul(12)?);
                let moved = if years >= 0 {
                    d.checked_add_months(months)
                } else {
                    d.checked_sub_months(months)
                };
                PlanDate::Day(moved?)
            }
            PlanDate::Month { year, month } => PlanDate::Month {
                year: year.checked_add(years)?,
                month,
            },
            PlanDate::Quarter { year, quarter } => PlanDate::Quarter {
                year: year.checked_add(years)?,
                quarter,
            },
        };
        moved.in_range()
    }

    /// [`PlanDate::checked_add_years`], or the date unchanged where the result would leave
    /// [`YEARS`].
    pub fn add_years(self, years: i32) -> PlanDate {
        self.checked_add_years(years).unwrap_or(self)
    }

    /// Moves the date by a number of days. A month or a quarter becomes a day: shifting by days
    /// only makes sense for a day-exact date, so it starts from the first day it covers.
    /// A move that would leave [`YEARS`] leaves the date as it is.
    pub fn shift_days(self, days: i64) -> PlanDate {
        let d = self.first_day();
        let moved = if days >= 0 {
            d.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            d.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        moved
            .and_then(|d| PlanDate::Day(d).in_range())
            .unwrap_or(self)
    }

    /// Moves the date by whole months, keeping its precision. A quarter moves by whole
    /// quarters, at least one: a month's nudge on a quarter moves it to the next quarter.
    /// A move that would leave [`YEARS`] leaves the date as it is.
    pub fn shift_months(self, months: i32) -> PlanDate {
        let moved = match self {
            PlanDate::Day(d) => {
                let m = Months::new(months.unsigned_abs());
                let moved = if months >= 0 {
                    d.checked_add_months(m)
                } else {
                    d.checked_sub_months(m)
                };
                moved.map(PlanDate::Day)
            }
            PlanDate::Month { year, month } => {
                let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(months);
                i32::try_from(index.div_euclid(12))
                    .ok()
                    .map(|year| PlanDate::Month {
                        year,
                        month: index.rem_euclid(12) as u32 + 1,
                    })
            }
            PlanDate::Quarter { year, quarter } => {
                let step = i64::from(months.signum()) * (i64::from(months).abs() / 3).max(1);
                let index = i64::from(year) * 4 + i64::from(quarter) - 1 + step;
                i32::try_from(index.div_euclid(4))
                    .ok()
                    .map(|year| PlanDate::Quarter {
                        year,
                        quarter: index.rem_euclid(4) as u32 + 1,
                    })
            }
        };
        moved.and_then(PlanDate::in_range).unwrap_or(self)
    }

    /// The date, if its year is within [`YEARS`].
    fn in_range(self) -> Option<PlanDate> {
        YEARS.contains(&self.year()).then_some(self)
    }

    /// A short human label: `15 Mar 2022`, `Mar 2022`, `Q2 2022`.
    pub fn label(self) -> String {
        match self {
            PlanDate::Day(d) => d.format("%-d %b %Y").to_string(),
            PlanDate::Month { year, month } => {
                format!("{} {year}", &MONTH_NAMES[month as usize - 1][..3])
            }
            PlanDate::Quarter { year, quarter } => format!("Q{quarter} {year}"),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The one rule for a start and an end: the end may not come before the start (a month or a
/// quarter as the end counts to its last day, as the start from its first).
pub fn check_range(start: Option<PlanDate>, end: Option<PlanDate>) -> Result<(), String> {
    match (start, end) {
        (Some(start), Some(end)) if end.last_day() < start.first_day() => {
            Err(format!("end {end} is before start {start}"))
        }
        _ => Ok(()),
    }
}

impl FromStr for PlanDate {
    type Err = PlanDateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| PlanDateError {
            text: text.to_string(),
            reason,
        };
        let parts: Vec<&str> = text.split('-').collect();
        let Some(year) = parts.first().and_then(|y| digits(y, 4)) else {
            return Err(fail(format!("expected {DATE_FORMS}")));
        };
        let year = year as i32;
        if !YEARS.contains(&year) {
            return Err(fail(format!(
                "there is no year {year:04} in planning; years run from 1000 to 9999"
            )));
        }
        match parts[1..] {
            [q] if q.starts_with('Q') || q.starts_with('q') => {
                let quarter =
                    digits(&q[1..], 1).ok_or_else(|| fail(format!("expected {DATE_FORMS}")))?;
                if !(1..=4).contains(&quarter) {
                    return Err(fail(format!(
                        "there is no quarter Q{quarter}; quarters run from Q1 to Q4"
                    )));
                }
                Ok(PlanDate::Quarter { year, quarter })
            }
            [m] => {
                let month = digits(m, 2).ok_or_else(|| fail(format!("expected {DATE_FORMS}")))?;
                if !(1..=12).contains(&month) {
                    return Err(fail(format!(
                        "there is no month {m}; months run from 01 to 12"
                    )));
                }
                Ok(PlanDate::Month { year, month })
            }
            [m, d] => {
                let (Some(month), Some(day)) = (digits(m, 2), digits(d, 2)) else {
                    return Err(fail(format!("expected {DATE_FORMS}")));
                };
                if !(1..=12).contains(&month) {
                    return Err(fail(format!(
                        "there is no month {m}; months run from 01 to 12"
                    )));
                }
                let days = days_in_month(year, month);
                if day == 0 || day > days {
                    return Err(fail(format!(
                        "{} {year} has {days} days",
                        MONTH_NAMES[month as usize - 1]
                    )));
                }
                Ok(PlanDate::Day(ymd(year, month, day)))
            }
            _ => Err(fail(format!("expected {DATE_FORMS}"))),
        }
    }
}

impl fmt::Display for PlanDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PlanDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PlanDate::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

impl Serialize for PlanDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PlanDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        text.parse::<PlanDate>().unwrap_err().reason
    }

    #[test]
    fn parses_each_precision_and_prints_it_back() {
        for text in ["2022-03-15", "2022-03", "2022-Q2", "2024-02-29"] {
            let date: PlanDate = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn rejections_say_what_is_wrong() {
        assert_eq!(reason("2022-02-30"), "February 2022 has 28 days");
        assert_eq!(reason("2024-02-30"), "February 2024 has 29 days");
        assert_eq!(
            reason("2022-13"),
            "there is no month 13; months run from 01 to 12"
        );
        assert_eq!(
            reason("2022-Q5"),
            "there is no quarter Q5; quarters run from Q1 to Q4"
        );
        assert_eq!(reason("2022-04-31"), "April 2022 has 30 days");
        assert!(reason("next spring").starts_with("expected a day"));
        assert!(reason("22-03-01").starts_with("expected a day"));
        assert!(reason("").starts_with("expected a day"));
    }

    #[test]
    fn moves_stop_at_the_edge_of_the_four_digit_years() {
        let last: PlanDate = "9999-12-31".parse().unwrap();
        assert_eq!(last.shift_days(1), last);
        assert_eq!(last.add_years(1), last);
        assert_eq!(last.checked_add_years(1), None);
        assert_eq!(last.checked_add_years(i32::MAX), None);
        let q: PlanDate = "9999-Q4".parse().unwrap();
        assert_eq!(q.shift_months(3), q);
        assert_eq!(q.shift_months(i32::MIN), q);
        let m: PlanDate = "1000-01".parse().unwrap();
        assert_eq!(m.shift_months(-1), m);
        assert_eq!(m.add_years(i32::MIN), m);
        assert_eq!(
            reason("0999-01"),
            "there is no year 0999 in planning; years run from 1000 to 9999"
        );
    }

    #[test]
    fn month_and_quarter_cover_their_whole_span() {
        let q: PlanDate = "2022-Q1".parse().unwrap();
        assert_eq!(q.first_day().to_string(), "2022-01-01");
        assert_eq!(q.last_day().to_string(), "2022-03-31");
        let m: PlanDate = "2024-02".parse().unwrap();
        assert_eq!(m.last_day().to_string(), "2024-02-29");
    }

    #[test]
    fn shifting_keeps_precision_and_crosses_years() {
        let m: PlanDate = "2022-12".parse().unwrap();
        assert_eq!(m.shift_months(1).to_string(), "2023-01");
        assert_eq!(m.shift_months(-12).to_string(), "2021-12");
        let q: PlanDate = "2022-Q4".parse().unwrap();
        assert_eq!(q.shift_months(3).to_string(), "2023-Q1");
        assert_eq!(q.shift_months(1).to_string(), "2023-Q1");
        assert_eq!(q.shift_months(-1).to_string(), "2022-Q3");
        let d: PlanDate = "2022-01-31".parse().unwrap();
        assert_eq!(d.shift_months(1).to_string(), "2022-02-28");
        assert_eq!(d.shift_days(7).to_string(), "2022-02-07");
        assert_eq!(d.add_years(1).to_string(), "2023-01-31");
        let leap: PlanDate = "2024-02-29".parse().unwrap();
        assert_eq!(leap.add_years(1).to_string(), "2025-02-28");
    }
}
