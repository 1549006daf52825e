use super::*;

fn cells(texts: &[&str]) -> Vec<DateCell> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| DateCell::new(format!("Activities!J{}", i + 2), *text))
        .collect()
}

/// The reason a cell is refused: what a row problem says after the column and the text.
#[derive(Debug, PartialEq, Eq)]
struct Reason(String);

impl From<&str> for Reason {
    fn from(reason: &str) -> Self {
        Reason(reason.to_string())
    }
}

fn read_in(order: Option<DateOrder>, text: &str) -> Result<String, Reason> {
    DateReader { order }
        .read(text)
        .map(|d| d.to_string())
        .map_err(|e| Reason(e.reason))
}

fn date(text: &str) -> PlanDate {
    text.parse().unwrap()
}

#[test]
fn every_form_reads_at_the_precision_it_shows() {
    for (text, expected) in [
        ("2022-03-15", "2022-03-15"),
        ("2022-03", "2022-03"),
        ("2022-Q2", "2022-Q2"),
        ("Q2 2022", "2022-Q2"),
        ("q3/2022", "2022-Q3"),
        ("Q4-2022", "2022-Q4"),
        ("2022 Q1", "2022-Q1"),
        ("15.03.2022", "2022-03-15"),
        ("Mar-22", "2022-03"),
        ("Mar 2022", "2022-03"),
        ("March 2022", "2022-03"),
        ("march 2022", "2022-03"),
        ("Sept 2022", "2022-09"),
        ("03.2022", "2022-03"),
        ("03/2022", "2022-03"),
        ("3-2022", "2022-03"),
        ("2022-03-01T00:00:00", "2022-03-01"),
        ("2022-03-01 00:00:00", "2022-03-01"),
        ("2022-03-01T14:30:00.000Z", "2022-03-01"),
        ("2022/03/15", "2022-03-15"),
        ("44635", "2022-03-15"),
        ("44635.0", "2022-03-15"),
        ("44635.75", "2022-03-15"),
        ("15 Mar 2022", "2022-03-15"),
        ("15-Mar-2022", "2022-03-15"),
        ("15-Mar-22", "2022-03-15"),
        ("Mar 15, 2022", "2022-03-15"),
        (" 2022-03 ", "2022-03"),
    ] {
        assert_eq!(read_in(None, text), Ok(expected.to_string()), "{text}");
    }
}

#[test]
fn european_month_abbreviations_are_understood() {
    for (text, expected) in [
        ("janv. 2022", "2022-01"),
        ("févr.-22", "2022-02"),
        ("mars 2022", "2022-03"),
        ("août 2022", "2022-08"),
        ("Mär 2022", "2022-03"),
        ("Okt-22", "2022-10"),
        ("15. Dez 2022", "2022-12-15"),
        ("ene-22", "2022-01"),
        ("dic 2022", "2022-12"),
        ("gen-22", "2022-01"),
        ("mag 2022", "2022-05"),
        ("ott 2022", "2022-10"),
    ] {
        assert_eq!(read_in(None, text), Ok(expected.to_string()), "{text}");
    }
    assert!(
        read_in(None, "Frühling 2022")
            .unwrap_err()
            .0
            .starts_with("expected")
    );
}

#[test]
fn a_day_above_twelve_reads_without_an_order() {
    assert_eq!(read_in(None, "15/03/2022"), Ok("2022-03-15".into()));
    assert_eq!(read_in(None, "03/15/2022"), Ok("2022-03-15".into()));
    assert_eq!(read_in(None, "4/4/2022"), Ok("2022-04-04".into()));
    assert_eq!(
        read_in(None, "3/4/2022"),
        Err("could be day/month or month/day; give --dates dmy or --dates mdy".into())
    );
}

#[test]
fn dotted_dates_are_day_first_whatever_the_order() {
    for order in [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)] {
        assert_eq!(read_in(order, "03.04.2022"), Ok("2022-04-03".into()));
        assert_eq!(read_in(order, "5.3.2022"), Ok("2022-03-05".into()));
    }
    assert_eq!(
        read_in(None, "04.13.2022"),
        Err("there is no month 13; months run from 01 to 12".into())
    );
    // They neither ask for an order nor settle one.
    assert_eq!(DateOrder::decide(&cells(&["03.04.2022"])), Ok(None));
    let mdy = cells(&["03.04.2022", "12/31/2022"]);
    assert_eq!(DateOrder::decide(&mdy), Ok(Some(DateOrder::Mdy)));
}

#[test]
fn the_order_in_force_decides_the_ambiguous_cells() {
    assert_eq!(
        read_in(Some(DateOrder::Dmy), "3/4/2022"),
        Ok("2022-04-03".into())
    );
    assert_eq!(
        read_in(Some(DateOrder::Mdy), "3/4/2022"),
        Ok("2022-03-04".into())
    );
    assert_eq!(
        read_in(Some(DateOrder::Dmy), "5.3.2022"),
        Ok("2022-03-05".into())
    );
    assert_eq!(
        read_in(Some(DateOrder::Dmy), "03/15/2022"),
        Err("there is no month 15; months run from 01 to 12 (read day first: 15/03/2022)".into())
    );
    assert_eq!(
        read_in(Some(DateOrder::Mdy), "02/30/2022"),
        Err("February 2022 has 28 days (read month first: 03/15/2022)".into())
    );
}

#[test]
fn the_file_settles_the_order_from_any_day_above_twelve() {
    let dmy = cells(&["2022-03", "3/4/2022", "15/03/2022", ""]);
    assert_eq!(DateOrder::decide(&dmy), Ok(Some(DateOrder::Dmy)));
    let reader = DateReader::new(&dmy, None).unwrap();
    assert_eq!(reader.read("3/4/2022").unwrap().to_string(), "2022-04-03");

    let mdy = cells(&["3/4/2022", "12/31/2022"]);
    assert_eq!(DateOrder::decide(&mdy), Ok(Some(DateOrder::Mdy)));
    let reader = DateReader::new(&mdy, None).unwrap();
    assert_eq!(reader.read("3/4/2022").unwrap().to_string(), "2022-03-04");

    // Nothing reads differently either way: no order is needed, none is invented.
    let same = cells(&["4/4/2022", "2022-03-15", "Mar-22", "44635"]);
    assert_eq!(DateOrder::decide(&same), Ok(None));
}

#[test]
fn an_undecidable_file_asks_for_dates_and_names_the_cell() {
    let undecided = cells(&["2022-03", "4/4/2022", "3/4/2022", "5/6/2022"]);
    let err = DateOrder::decide(&undecided).unwrap_err();
    assert_eq!(err, DateOrderError::Undecided(undecided[2].clone()));
    assert_eq!(
        err.to_string(),
        "Activities!J4 \"3/4/2022\" could be day/month or month/day and no date in the file has \
         a day above 12 to tell; nothing was written: give --dates dmy (day first) or --dates \
         mdy (month first)"
    );
    // The planner's answer settles it.
    let reader = DateReader::new(&undecided, Some(DateOrder::Mdy)).unwrap();
    assert_eq!(reader.read("5/6/2022").unwrap().to_string(), "2022-05-06");
    assert_eq!(reader.order(), Some(DateOrder::Mdy));
}

#[test]
fn a_file_with_both_orders_is_refused_naming_both_cells() {
    let mixed = cells(&["3/4/2022", "15/03/2022", "03/15/2022"]);
    let err = DateReader::new(&mixed, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the dates disagree on day/month order: Activities!J3 \"15/03/2022\" has the day first, \
         Activities!J4 \"03/15/2022\" the month first; correct one of them"
    );
}

#[test]
fn bad_cells_say_what_is_wrong() {
    let forms = format!("expected {SHEET_DATE_FORMS}");
    assert_eq!(read_in(None, "next spring"), Err(Reason(forms.clone())));
    assert_eq!(read_in(None, "2022-03-01Tnoon"), Err(Reason(forms.clone())));
    assert_eq!(read_in(None, "Foo-22"), Err(Reason(forms.clone())));
    assert_eq!(
        read_in(None, "2022-13"),
        Err("there is no month 13; months run from 01 to 12".into())
    );
    assert_eq!(
        read_in(None, "Q5 2022"),
        Err("there is no quarter Q5; quarters run from Q1 to Q4".into())
    );
    assert_eq!(
        read_in(None, "30 Feb 2022"),
        Err("February 2022 has 28 days".into())
    );
    assert_eq!(
        read_in(None, "2022"),
        Err(
            "a year alone is not a planning date; write a month (2022-01) or a quarter (2022-Q1)"
                .into()
        )
    );
    assert!(read_in(None, "123").unwrap_err().0.contains("five digits"));
    assert_eq!(
        read_in(Some(DateOrder::Dmy), "13/13/2022"),
        Err("there is no month 13; months run from 01 to 12 (read day first: 15/03/2022)".into())
    );
    let err = DateReader { order: None }.read("bad").unwrap_err();
    assert_eq!(err.text, "bad");
}

#[test]
fn excel_serials_count_the_leap_day_1900_never_had() {
    let day = |serial: f64| excel_serial_day(serial).map(|d| d.to_string());
    assert_eq!(day(1.0), Some("1900-01-01".into()));
    assert_eq!(day(59.0), Some("1900-02-28".into()));
    assert_eq!(day(60.0), None);
    assert_eq!(day(61.0), Some("1900-03-01".into()));
    assert_eq!(day(44562.0), Some("2022-01-01".into()));
    assert_eq!(day(2_958_465.0), Some("9999-12-31".into()));
    assert_eq!(day(0.5), None);
    assert_eq!(day(f64::NAN), None);
    assert_eq!(day(3_000_000.0), None);
}

#[test]
fn dates_option_names_parse_and_print() {
    assert_eq!("dmy".parse(), Ok(DateOrder::Dmy));
    assert_eq!(" MDY ".parse(), Ok(DateOrder::Mdy));
    assert_eq!(DateOrder::Mdy.to_string(), "mdy");
    let unknown = "ymd".parse::<DateOrder>().unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "unknown date order \"ymd\"; use dmy (15/03/2022) or mdy (03/15/2022)"
    );
}

#[test]
fn a_month_that_comes_back_as_its_first_or_last_day_stays_a_month() {
    let month = Some(date("2022-02"));
    for end in ["2022-02-01", "2022-02-28"] {
        assert_eq!(
            keep_precision(month, date(end), true),
            date("2022-02"),
            "{end}"
        );
    }
    assert_eq!(
        keep_precision(month, date("2022-02-01"), false),
        date("2022-02")
    );
    // A start that comes back as the month's last day was moved by the planner.
    assert_eq!(
        keep_precision(month, date("2022-02-28"), false),
        date("2022-02-28")
    );
    assert_eq!(
        keep_precision(month, date("2022-02-14"), true),
        date("2022-02-14")
    );
    assert_eq!(
        keep_precision(month, date("2022-03-01"), true),
        date("2022-03-01")
    );
}

#[test]
fn a_quarter_keeps_its_precision_and_other_dates_pass_through() {
    let quarter = Some(date("2022-Q2"));
    assert_eq!(
        keep_precision(quarter, date("2022-04-01"), false),
        date("2022-Q2")
    );
    assert_eq!(
        keep_precision(quarter, date("2022-06-30"), true),
        date("2022-Q2")
    );
    assert_eq!(
        keep_precision(quarter, date("2022-04-01"), true),
        date("2022-Q2")
    );
    assert_eq!(
        keep_precision(quarter, date("2022-05-01"), false),
        date("2022-05-01")
    );
    // Nothing to keep: a new date, a day-exact one, or a month that came as a month.
    assert_eq!(
        keep_precision(None, date("2022-02-01"), true),
        date("2022-02-01")
    );
    assert_eq!(
        keep_precision(Some(date("2022-02-01")), date("2022-02-28"), true),
        date("2022-02-28")
    );
    assert_eq!(
        keep_precision(quarter, date("2022-04"), false),
        date("2022-04")
    );
}

#[test]
fn excel_date_time_parts_become_iso_days() {
    assert_eq!(iso_day(2022, 3, 5), Some("2022-03-05".into()));
    assert_eq!(iso_day(2022, 2, 30), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_day() -> impl Strategy<Value = NaiveDate> {
        // The span of five-digit Excel serials: 1927-05-18 to 2173-10-14.
        (10_000u64..100_000).prop_map(|n| {
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|epoch| epoch.checked_add_days(Days::new(n)))
                .unwrap()
        })
    }

    proptest! {
        #[test]
        fn a_day_reads_back_from_every_form_a_sheet_gives_it(day in any_day()) {
            let plan = PlanDate::Day(day);
            let (d, m, y) = (day.day(), day.month(), day.year());
            // Another writer's count of Excel days, not ours.
            let serial = rust_xlsxwriter::ExcelDateTime::from_ymd(u16::try_from(y).unwrap(), u8::try_from(m).unwrap(), u8::try_from(d).unwrap())
                .unwrap()
                .to_excel();
            let dmy = DateReader { order: Some(DateOrder::Dmy) };
            let mdy = DateReader { order: Some(DateOrder::Mdy) };
            prop_assert_eq!(dmy.read(&serial.to_string()), Ok(plan));
            prop_assert_eq!(dmy.read(&format!("{serial}.0")), Ok(plan));
            prop_assert_eq!(dmy.read(&format!("{d}/{m}/{y}")), Ok(plan));
            prop_assert_eq!(dmy.read(&format!("{d:02}.{m:02}.{y}")), Ok(plan));
            prop_assert_eq!(mdy.read(&format!("{m}/{d}/{y}")), Ok(plan));
            prop_assert_eq!(dmy.read(&format!("{plan}T00:00:00")), Ok(plan));
            prop_assert_eq!(dmy.read(&plan.label()), Ok(plan));
        }

        #[test]
        fn months_and_quarters_read_back_from_their_labels(year in 1000i32..=9999, n in 1u32..=12) {
            let month = PlanDate::Month { year, month: n };
            let quarter = PlanDate::Quarter { year, quarter: n.div_ceil(3) };
            let reader = DateReader { order: None };
            prop_assert_eq!(reader.read(&month.label()), Ok(month));
            prop_assert_eq!(reader.read(&month.to_string()), Ok(month));
            prop_assert_eq!(reader.read(&format!("{n:02}/{year}")), Ok(month));
            prop_assert_eq!(reader.read(&quarter.label()), Ok(quarter));
            prop_assert_eq!(reader.read(&quarter.to_string()), Ok(quarter));
        }
    }
}
