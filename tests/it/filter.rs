//! The filter language: parsing, combination of terms and values, folding, and its messages.

use proptest::prelude::*;
use wpmatrix::model::filter::Filter;
use wpmatrix::model::{Activity, Cell, Cluster, Format, Programme, Status};

fn activity(id: &str, title: &str, status: Status) -> Activity {
    let mut a = Activity::new(id, title);
    a.status = status;
    a
}

/// Two clusters with activities that differ in one thing each.
fn programme() -> Programme {
    let mut p = Programme::new(2022, "Test");
    let mut delivery = Cluster::new("service-delivery", "PES service délivery");
    let mut seminar = activity("seminar", "Séminaire sur l'été", Status::Tbc);
    seminar.formats = vec![Format::parse("Seminar")];
    seminar.start = Some("2022-03-15".parse().unwrap());
    seminar.end = Some("2022-Q2".parse().unwrap());
    delivery.activities.push(seminar);
    let mut webinar = activity("webinar", "Digital tools", Status::Ongoing);
    webinar.formats = vec![Format::parse("Webinars"), Format::parse("Café débat")];
    webinar.start = Some("2022-09".parse().unwrap());
    webinar.description = "Outreach to ÉMPLOYERS".into();
    delivery.activities.push(webinar);
    let mut undated = activity("undated-review", "Review", Status::Planned);
    undated.formats = vec![Format::parse("TRW"), Format::parse("Toolkit")];
    undated.notes = "ask the board".into();
    delivery.activities.push(undated);
    p.clusters.push(delivery);
    let mut other = Cluster::new("visibility", "Visibility");
    let mut cancelled = activity("newsletter", "Newsletter", Status::Cancelled);
    cancelled.end = Some("2022-12-01".parse().unwrap());
    other.activities.push(cancelled);
    p.clusters.push(other);
    p
}

/// The ids an activity filter keeps, in display order.
fn ids(filter: &str) -> Vec<String> {
    let p = programme();
    let filter = Filter::parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    p.clusters
        .iter()
        .flat_map(|c| c.activities.iter().map(move |a| (c, a)))
        .filter(|(c, a)| filter.matches(c, a))
        .map(|(_, a)| a.id.clone())
        .collect()
}

fn error(filter: &str) -> String {
    Filter::parse(filter).unwrap_err().to_string()
}

#[test]
fn empty_filter_keeps_everything() {
    assert_eq!(ids("   ").len(), 4);
    assert!(Filter::parse("").unwrap().is_empty());
}

#[test]
fn free_words_ignore_case_and_accents() {
    assert_eq!(ids("seminaire"), ["seminar"]);
    assert_eq!(ids("SÉMINAIRE"), ["seminar"]);
    assert_eq!(ids("ete"), ["seminar"]);
    // Description, notes, format names and ids are searched too.
    assert_eq!(ids("employers"), ["webinar"]);
    assert_eq!(ids("board"), ["undated-review"]);
    assert_eq!(ids("cafe"), ["webinar"]);
    assert_eq!(ids("undated"), ["undated-review"]);
}

#[test]
fn free_words_all_have_to_match() {
    assert_eq!(ids("digital tools"), ["webinar"]);
    assert!(ids("digital seminaire").is_empty());
}

#[test]
fn values_of_a_term_are_alternatives() {
    assert_eq!(ids("status:tbc,ongoing"), ["seminar", "webinar"]);
    assert_eq!(ids("status:TBC"), ["seminar"]);
    assert_eq!(ids("format:webinar,toolkit"), ["webinar", "undated-review"]);
}

#[test]
fn terms_are_combined_with_and() {
    assert_eq!(ids("status:tbc,ongoing format:webinar"), ["webinar"]);
    assert_eq!(ids("status:tbc,ongoing in:2022-Q2"), ["seminar"]);
    assert!(ids("status:cancelled format:seminar").is_empty());
    assert_eq!(ids("status:tbc,ongoing,planned tools"), ["webinar"]);
}

#[test]
fn format_matches_part_of_a_name_aliases_and_free_text() {
    assert_eq!(ids("format:semi"), ["seminar"]);
    // TRW is an alias of Thematic Review Workshop, which is what the file says.
    assert_eq!(ids("format:trw"), ["undated-review"]);
    assert_eq!(ids("format:thematic"), ["undated-review"]);
    assert_eq!(ids("format:debat"), ["webinar"]);
}

#[test]
fn in_matches_overlapping_dates_at_every_precision() {
    // seminar: 15 March to the end of June; webinar: only a start, September;
    // newsletter: only an end, 1 December; review: no dates.
    assert_eq!(ids("in:2022"), ["seminar", "webinar", "newsletter"]);
    assert_eq!(ids("in:2022-03"), ["seminar"]);
    assert!(ids("in:2022-03-14").is_empty());
    assert_eq!(ids("in:2022-03-15"), ["seminar"]);
    assert_eq!(ids("in:2022-06-30"), ["seminar"]);
    assert_eq!(ids("in:2022-Q3"), ["webinar"]);
    // Only a start occupies just its month, not the rest of the year.
    assert!(ids("in:2022-10").is_empty());
    assert_eq!(ids("in:2022-12-01"), ["newsletter"]);
    assert!(ids("in:2021").is_empty());
    assert_eq!(ids("in:none"), ["undated-review"]);
    assert_eq!(ids("in:none,2022-Q4"), ["undated-review", "newsletter"]);
}

#[test]
fn cluster_and_id_terms() {
    assert_eq!(ids("cluster:visibility"), ["newsletter"]);
    assert_eq!(ids("cluster:delivery").len(), 3);
    assert_eq!(ids("id:review"), ["undated-review"]);
}

#[test]
fn quotes_keep_a_phrase_together() {
    assert_eq!(ids("\"digital tools\""), ["webinar"]);
    assert!(ids("\"tools digital\"").is_empty());
    assert_eq!(ids("format:\"cafe debat\""), ["webinar"]);
    assert_eq!(
        error("status:tbc \"open phrase"),
        "at column 12: this quote is never closed; end the phrase with another \""
    );
}

#[test]
fn colons_in_ordinary_text_are_free_words() {
    assert!(Filter::parse("10:30 c++:x").is_ok());
    assert_eq!(ids("2022-03-15:"), Vec::<String>::new());
}

#[test]
fn unknown_status_is_refused_with_its_column_and_the_valid_words() {
    assert_eq!(
        error("seminar status:tbc,tbd"),
        "at column 20: unknown status \"tbd\"; expected one of planned, tbc, ongoing, done, \
         postponed, cancelled"
    );
}

#[test]
fn malformed_terms_say_where_and_what() {
    assert_eq!(
        error("colour:red"),
        "at column 1: unknown term \"colour:\"; terms are status:, format:, in:, cluster:, id:, \
         is:, lead:, theme:, place:, host:, mode:, has:, a field's name, or free words"
    );
    assert_eq!(
        error("x status:"),
        "at column 3: status: needs a value, e.g. status:tbc,ongoing"
    );
    assert_eq!(
        error("status:tbc,,done"),
        "at column 12: empty value in status:; separate values with single commas"
    );
    assert_eq!(
        error("in:2022-02-30"),
        "at column 4: in:2022-02-30 is not a period: February 2022 has 28 days; use a year \
         (2022) or a day (2022-03-15), a month (2022-03) or a quarter (2022-Q2), or none"
    );
    // Columns count characters, not bytes.
    assert!(error("été in:soon").starts_with("at column 8:"));
}

#[test]
fn matches_over_a_programme_count_and_answer_per_cell() {
    let p = programme();
    let matches = Filter::parse("status:tbc,cancelled").unwrap().apply(&p);
    assert_eq!((matches.count(), matches.total()), (2, 4));
    assert!(matches.contains(Cell::new(0, 0)));
    assert!(!matches.contains(Cell::new(0, 1)));
    assert!(matches.contains(Cell::new(1, 0)));
    assert!(!matches.contains(Cell::new(7, 7)));
}

#[test]
fn texts_folded_beforehand_give_the_same_matches() {
    let p = programme();
    let folded = wpmatrix::model::filter::FoldedTexts::of(&p);
    for text in [
        "status:tbc",
        "seminaire",
        "SÉMINAIRE status:tbc,planned",
        "nothing-like-it",
    ] {
        let filter = Filter::parse(text).unwrap();
        assert_eq!(filter.apply_folded(&p, &folded), filter.apply(&p), "{text}");
    }
}

#[test]
fn filter_keeps_its_text_for_the_status_line() {
    let f = Filter::parse("  status:tbc  seminaire ").unwrap();
    assert_eq!(f.text(), "status:tbc  seminaire");
}

#[test]
fn filtering_a_hundred_thousand_activities_is_quick() {
    let mut p = Programme::new(2022, "Big");
    for c in 0..100 {
        let mut cluster = Cluster::new(format!("c{c}"), format!("Clüster {c}"));
        for a in 0..1000 {
            let mut act = activity(
                &format!("a-{c}-{a}"),
                &format!("Séminaire numéro {a} sur la qualité"),
                Status::ALL[a % 6],
            );
            act.description = "Une description assez longue, avec des accents: été, façade.".into();
            act.formats = vec![Format::parse("Seminar")];
            cluster.activities.push(act);
        }
        p.clusters.push(cluster);
    }
    let filter = Filter::parse("status:tbc,ongoing qualite facade").unwrap();
    let started = std::time::Instant::now();
    let matches = filter.apply(&p);
    let took = started.elapsed();
    let expected = (0..1000).filter(|a| matches!(a % 6, 1 | 2)).count() * 100;
    assert_eq!(matches.count(), expected);
    eprintln!("filtered 100 000 activities in {took:?}");
    // Generous for a debug build on a shared machine; a release build takes a few ms.
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

proptest! {
    /// Whatever is typed, the filter answers: a filter, or a message with a column inside the
    /// text; never a panic.
    #[test]
    fn any_text_parses_or_says_where(text in "[a-zé:, \"0-9QÉ-]{0,40}") {
        match Filter::parse(&text) {
            Ok(filter) => {
                let p = programme();
                let _ = filter.apply(&p);
            }
            Err(e) => {
                prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e}");
            }
        }
    }
}
