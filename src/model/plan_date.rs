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

/// Which end of a range a date is: a month or a quarter stands for its first day as a start and
/// for its last day as an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    Start,
    End,
}

/// How far dates move: by days (a week is seven) or by calendar months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shift {
    Days(i64),
    Months(i32),
}

/// A range moved by `shift`: both ends by the same span, so the activity keeps its length.
/// `None` when an end would leave [`YEARS`]: then nothing moves, rather than one end alone.
pub fn shift_range(
    start: Option<PlanDate>,
    end: Option<PlanDate>,
    shift: Shift,
) -> Option<(Option<PlanDate>, Option<PlanDate>)> {
    let start = match start {
        Some(date) => Some(date.checked_shift(Bound::Start, shift)?),
        None => None,
    };
    let end = match end {
        Some(date) => Some(date.checked_shift(Bound::End, shift)?),
        None => None,
    };
    Some((start, end))
}

/// The accepted forms, for messages.
pub const DATE_FORMS: &str = "a day (2022-03-15), a month (2022-03) or a quarter (2022-Q2)";

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    // The last day of the month is the day before the next month's first.
    match next.and_then(|next| next.pred_opt()) {
        Some(last) if first.is_some() => last.day(),
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

    /// The day the date stands for as one end of a range: its first day as a start, its last
    /// day as an end.
    pub fn day_as(self, bound: Bound) -> NaiveDate {
        match bound {
            Bound::Start => self.first_day(),
            Bound::End => self.last_day(),
        }
    }

    /// The date moved by `shift` as one end of a range, or `None` where it would leave
    /// [`YEARS`].
    ///
    /// The day it stands for ([`PlanDate::day_as`]) moves by exactly the shift: by days, or by
    /// calendar months (the 31st becomes the 30th where a month is shorter, but an end on the
    /// last day of a month stays on the last day, as a month as an end means). The result is
    /// the coarsest precision, no coarser than the date's own, that stands for the moved day:
    /// `2022-Q2` as an end plus one month is `2022-07`, plus three months `2022-Q3`, plus a
    /// week `2022-07-07`. So both ends of a range move by the same span and an activity never
    /// changes length.
    pub fn checked_shift(self, bound: Bound, shift: Shift) -> Option<PlanDate> {
        let day = self.day_as(bound);
        let moved = match shift {
            Shift::Days(days) => {
                let by = Days::new(days.unsigned_abs());
                if days >= 0 {
                    day.checked_add_days(by)
                } else {
                    day.checked_sub_days(by)
                }
            }
            Shift::Months(months) => {
                let by = Months::new(months.unsigned_abs());
                let month_start = ymd(day.year(), day.month(), 1);
                let first = if months >= 0 {
                    month_start.checked_add_months(by)
                } else {
                    month_start.checked_sub_months(by)
                }?;
                let last = days_in_month(first.year(), first.month());
                let on_last_day = day.day() == days_in_month(day.year(), day.month());
                let wanted = if bound == Bound::End && on_last_day {
                    last
                } else {
                    day.day().min(last)
                };
                first.with_day(wanted)
            }
        }?;
        PlanDate::standing_for(moved, bound, self.precision()).in_range()
    }

    /// How exact the date is: 0 a day, 1 a month, 2 a quarter.
    fn precision(self) -> u8 {
        match self {
            PlanDate::Day(_) => 0,
            PlanDate::Month { .. } => 1,
            PlanDate::Quarter { .. } => 2,
        }
    }

    /// The coarsest date, up to `coarsest` precision, whose day as `bound` is `day`.
    fn standing_for(day: NaiveDate, bound: Bound, coarsest: u8) -> PlanDate {
        let (year, month) = (day.year(), day.month());
        let quarter = PlanDate::Quarter {
            year,
            quarter: (month - 1) / 3 + 1,
        };
        let month = PlanDate::Month { year, month };
        [(2, quarter), (1, month)]
            .into_iter()
            .find(|&(precision, date)| precision <= coarsest && date.day_as(bound) == day)
            .map_or(PlanDate::Day(day), |(_, date)| date)
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

/// A range in words: `Q2 2022 – 15 Sep 2022`, `from Mar 2022`, `until Q4 2022`, or empty.
pub fn range_label(start: Option<PlanDate>, end: Option<PlanDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s == e => s.label(),
        (Some(s), Some(e)) => format!("{} – {}", s.label(), e.label()),
        (Some(s), None) => format!("from {}", s.label()),
        (None, Some(e)) => format!("until {}", e.label()),
        (None, None) => String::new(),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The one rule for a start and an end: the end may not come before the start (a month or a
/// quarter as the end counts to its last day, as the start from its first).
pub fn check_range(start: Option<PlanDate>, end: Option<PlanDate>) -> Result<(), EndBeforeStart> {
    match (start, end) {
        (Some(start), Some(end)) if end.last_day() < start.first_day() => {
            Err(EndBeforeStart { start, end })
        }
        _ => Ok(()),
    }
}

/// A range whose end comes before its start ([`check_range`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("end {end} is before start {start}")]
pub struct EndBeforeStart {
    pub start: PlanDate,
    pub end: PlanDate,
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
        let year = year.cast_signed();
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
        assert_eq!(last.checked_shift(Bound::End, Shift::Days(1)), None);
        assert_eq!(last.add_years(1), last);
        assert_eq!(last.checked_add_years(1), None);
        assert_eq!(last.checked_add_years(i32::MAX), None);
        let q: PlanDate = "9999-Q4".parse().unwrap();
        assert_eq!(q.checked_shift(Bound::Start, Shift::Months(3)), None);
        assert_eq!(q.checked_shift(Bound::End, Shift::Months(i32::MIN)), None);
        assert_eq!(q.checked_shift(Bound::End, Shift::Days(i64::MIN)), None);
        let m: PlanDate = "1000-01".parse().unwrap();
        assert_eq!(m.checked_shift(Bound::Start, Shift::Months(-1)), None);
        assert_eq!(m.add_years(i32::MIN), m);
        // One end at the edge: nothing moves, rather than the other end alone.
        let start = Some("9999-06".parse().unwrap());
        assert_eq!(shift_range(start, Some(last), Shift::Days(1)), None);
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

    fn shifted(text: &str, bound: Bound, shift: Shift) -> String {
        let date: PlanDate = text.parse().unwrap();
        date.checked_shift(bound, shift).unwrap().to_string()
    }

    #[test]
    fn shifting_keeps_precision_and_crosses_years() {
        use Bound::{End, Start};
        assert_eq!(shifted("2022-12", Start, Shift::Months(1)), "2023-01");
        assert_eq!(shifted("2022-12", End, Shift::Months(-12)), "2021-12");
        assert_eq!(shifted("2022-Q4", Start, Shift::Months(3)), "2023-Q1");
        assert_eq!(shifted("2022-Q4", End, Shift::Months(-6)), "2022-Q2");
        assert_eq!(shifted("2022-01-31", Start, Shift::Months(1)), "2022-02-28");
        assert_eq!(shifted("2022-01-31", Start, Shift::Days(7)), "2022-02-07");
        let d: PlanDate = "2022-01-31".parse().unwrap();
        assert_eq!(d.add_years(1).to_string(), "2023-01-31");
        let leap: PlanDate = "2024-02-29".parse().unwrap();
        assert_eq!(leap.add_years(1).to_string(), "2025-02-28");
    }

    #[test]
    fn a_quarter_moved_by_less_than_a_quarter_becomes_the_month_or_day_it_moved_to() {
        use Bound::{End, Start};
        assert_eq!(shifted("2022-Q2", End, Shift::Months(1)), "2022-07");
        assert_eq!(shifted("2022-Q2", Start, Shift::Months(1)), "2022-05");
        assert_eq!(shifted("2022-Q2", End, Shift::Months(-1)), "2022-05");
        assert_eq!(shifted("2022-Q2", End, Shift::Days(7)), "2022-07-07");
        assert_eq!(shifted("2022-Q2", Start, Shift::Days(-1)), "2022-03-31");
        // Landing on the first (last) day of a month keeps as much precision as fits.
        assert_eq!(shifted("2022-Q2", Start, Shift::Days(30)), "2022-05");
        assert_eq!(shifted("2022-03", End, Shift::Days(30)), "2022-04");
        assert_eq!(shifted("2022-Q1", End, Shift::Days(91)), "2022-Q2");
        // An end on the last day of a month stays on the last day, as a month end does.
        assert_eq!(shifted("2022-02-28", End, Shift::Months(1)), "2022-03-31");
        assert_eq!(shifted("2022-02-28", Start, Shift::Months(1)), "2022-03-28");
    }

    #[test]
    fn a_month_shift_moves_the_start_and_a_quarter_end_by_the_same_month() {
        let start = Some("2022-03-15".parse().unwrap());
        let end = Some("2022-Q2".parse().unwrap());
        let (start, end) = shift_range(start, end, Shift::Months(1)).unwrap();
        assert_eq!(start.unwrap().to_string(), "2022-04-15");
        assert_eq!(end.unwrap().to_string(), "2022-07");
        let (mut start, mut end) = (Some("2022-03".parse().unwrap()), end);
        for _ in 0..10 {
            (start, end) = shift_range(start, end, Shift::Months(1)).unwrap();
        }
        assert_eq!(start.unwrap().to_string(), "2023-01");
        assert_eq!(end.unwrap().to_string(), "2023-05");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn plan_date() -> impl Strategy<Value = PlanDate> {
            prop_oneof![
                (0i64..3 * 366).prop_map(|n| PlanDate::Day(
                    NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::TimeDelta::days(n)
                )),
                (2021..2024, 1u32..=12).prop_map(|(year, month)| PlanDate::Month { year, month }),
                (2021..2024, 1u32..=4)
                    .prop_map(|(year, quarter)| PlanDate::Quarter { year, quarter }),
            ]
        }

        fn length(start: PlanDate, end: PlanDate) -> i64 {
            (end.last_day() - start.first_day()).num_days()
        }

        fn months(start: PlanDate, end: PlanDate) -> i64 {
            let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month());
            index(end.last_day()) - index(start.first_day())
        }

        proptest! {
            #[test]
            fn day_and_week_shifts_keep_the_length_in_days(
                start in plan_date(),
                end in plan_date(),
                shifts in prop::collection::vec(
                    prop_oneof![Just(1i64), Just(-1), Just(7), Just(-7), -400i64..400],
                    1..40
                ),
            ) {
                let (mut s, mut e) = (start, end);
                for days in shifts {
                    let (Some(moved_s), Some(moved_e)) =
                        shift_range(Some(s), Some(e), Shift::Days(days)).unwrap()
                    else {
                        unreachable!("both ends were given")
                    };
                    prop_assert_eq!(length(moved_s, moved_e), length(s, e));
                    prop_assert_eq!((moved_s.first_day() - s.first_day()).num_days(), days);
                    (s, e) = (moved_s, moved_e);
                }
                prop_assert_eq!(length(s, e), length(start, end));
            }

            #[test]
            fn month_shifts_keep_the_length_in_months_and_coarse_dates_in_days(
                start in plan_date(),
                end in plan_date(),
                shifts in prop::collection::vec(
                    prop_oneof![Just(1i32), Just(-1), Just(3), -30i32..30],
                    1..40
                ),
            ) {
                let (mut s, mut e) = (start, end);
                for months in shifts {
                    let (Some(moved_s), Some(moved_e)) =
                        shift_range(Some(s), Some(e), Shift::Months(months)).unwrap()
                    else {
                        unreachable!("both ends were given")
                    };
                    prop_assert_eq!(self::months(moved_s, moved_e), self::months(s, e));
                    // A month or quarter end keeps covering whole months.
                    if !matches!(e, PlanDate::Day(_)) {
                        prop_assert!(!matches!(moved_e, PlanDate::Day(_)));
                    }
                    (s, e) = (moved_s, moved_e);
                }
                prop_assert_eq!(months(s, e), months(start, end));
            }

            #[test]
            fn a_shift_at_the_edge_of_the_years_moves_nothing(
                end in plan_date(),
                days in 1i64..100_000,
            ) {
                let last = PlanDate::Day(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap());
                prop_assert_eq!(shift_range(Some(end), Some(last), Shift::Days(days)), None);
            }
        }
    }
}
