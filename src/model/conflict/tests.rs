//! Conflict lines written by the merge, read back, and resolved.
use proptest::prelude::*;

use super::*;
use crate::model::merge::merge;
use crate::model::{Cell, PlanDate, Programme, Status};
use ConflictField::Field as F;

fn programme_with(activity: Activity) -> Programme {
    let mut p = Programme::new(2022, "WP");
    let mut c = Cluster::new("c", "C");
    c.activities.push(activity);
    p.clusters.push(c);
    p.clusters.push(Cluster::new("d", "D"));
    p
}

/// The activity merged from three versions of one activity, and the conflicts noted.
fn merged(base: &Activity, ours: &Activity, theirs: &Activity) -> Activity {
    let m = merge(
        &programme_with(base.clone()),
        &programme_with(ours.clone()),
        &programme_with(theirs.clone()),
    );
    m.programme.clusters[0].activities[0].clone()
}

fn value_of(activity: &Activity, field: ConflictField) -> ConflictValue {
    match field {
        ConflictField::Field(f) => activity.get(f).expect("an activity field").into(),
        other => panic!("{other} is not an activity field"),
    }
}

const FIELDS: [ConflictField; 8] = [
    F(Field::Title),
    F(Field::Description),
    F(Field::Formats),
    F(Field::Status),
    F(Field::Start),
    F(Field::End),
    F(Field::FollowUpOf),
    F(Field::Notes),
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-c \"\\\\\n\r\t'é😀{}()=;:]{0,8}",
        any::<String>(),
        Just("CONFLICT status: ours=done".to_string()),
    ]
}

fn date() -> impl Strategy<Value = Option<PlanDate>> {
    prop_oneof![
        Just(None),
        (1u32..=12, 1u32..=28)
            .prop_map(|(m, d)| Some(format!("2022-{m:02}-{d:02}").parse().unwrap())),
        (1u32..=12).prop_map(|m| Some(format!("2022-{m:02}").parse().unwrap())),
        (1u32..=4).prop_map(|q| Some(format!("2022-Q{q}").parse().unwrap())),
    ]
}

prop_compose! {
    fn activity()(
        title in text(),
        description in text(),
        formats in proptest::collection::vec(
            prop_oneof![Just("Webinar".to_string()), "[a-z\"\\\\é ]{1,6}"], 0..3),
        status in proptest::sample::select(Status::ALL.to_vec()),
        start in date(),
        end in date(),
        follow_up_of in proptest::option::of(text()),
        notes in text(),
    ) -> Activity {
        let mut a = Activity::new("a", title);
        a.description = description;
        a.formats = formats.iter().map(|f| Format::parse(f)).collect();
        a.formats.retain(|f| !f.name().is_empty());
        a.status = status;
        a.start = start;
        a.end = end;
        a.follow_up_of = follow_up_of;
        a.notes = notes;
        a
    }
}

/// Three versions of one activity where each field is, at random, the same as the base,
/// changed on one side, or changed on both.
fn three_versions() -> impl Strategy<Value = (Activity, Activity, Activity)> {
    (activity(), activity(), activity(), any::<[u8; 8]>()).prop_map(|(base, o, t, pick)| {
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        for (field, choice) in FIELDS.iter().zip(pick) {
            if choice % 3 != 0 {
                copy_field(&mut ours, &o, *field);
            }
            if choice % 3 != 1 {
                copy_field(&mut theirs, &t, *field);
            }
        }
        (base, ours, theirs)
    })
}

fn resolve_all(mut activity: Activity, side: Side) -> Activity {
    while !activity_conflicts(&activity).is_empty() {
        resolve(&mut activity, 0, side).unwrap();
    }
    activity
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_conflict_the_merge_writes_reads_back_as_both_sides_had_it(
        (base, ours, theirs) in three_versions()
    ) {
        let merged = merged(&base, &ours, &theirs);
        let notes = activity_conflicts(&merged);
        let expected: Vec<ConflictField> = FIELDS
            .into_iter()
            .filter(|f| {
                let (b, o, t) = (value_of(&base, *f), value_of(&ours, *f), value_of(&theirs, *f));
                o != t && b != o && b != t
            })
            .collect();
        // Two changes of one field; and besides them (with a detail), dates that clash only
        // once merged: theirs' set back to ours', as it is out of order with ours' other date.
        let found: Vec<ConflictField> =
            notes.iter().filter(|n| n.detail.is_empty()).map(|n| n.field).collect();
        prop_assert_eq!(found, expected);
        for note in notes.iter().filter(|n| !n.detail.is_empty()) {
            prop_assert!(matches!(note.field, F(Field::Start | Field::End)), "{}", note);
            prop_assert!(note.detail.contains("is before start"), "{}", note);
        }
        for note in &notes {
            prop_assert_eq!(&note.ours, &value_of(&ours, note.field));
            prop_assert_eq!(&note.theirs, &value_of(&theirs, note.field));
            prop_assert_eq!(note.base.as_ref(), Some(&value_of(&base, note.field)));
        }
    }

    #[test]
    fn resolving_every_conflict_gives_the_chosen_side_and_no_conflict_lines(
        (base, ours, theirs) in three_versions()
    ) {
        let merged = merged(&base, &ours, &theirs);
        let conflicted: Vec<ConflictField> =
            activity_conflicts(&merged).iter().map(|n| n.field).collect();
        for (side, chosen) in [(Side::Ours, &ours), (Side::Theirs, &theirs)] {
            let resolved = resolve_all(merged.clone(), side);
            let clean = merged_without_conflicts(&base, &ours, &theirs);
            for field in FIELDS {
                let want = if conflicted.contains(&field) {
                    value_of(chosen, field)
                } else {
                    value_of(&clean, field)
                };
                prop_assert_eq!(value_of(&resolved, field), want, "{} {:?}", field, side);
            }
        }
    }

    #[test]
    fn any_line_starting_with_the_marker_reads_or_is_left_alone(tail in any::<String>()) {
        let line = format!("CONFLICT {tail}");
        if let Some(note) = parse_line(&line, 0) {
            prop_assert_eq!(parse_line(&note.to_string(), 0), Some(note));
        }
        let mut a = Activity::new("a", "A");
        a.notes = line.clone();
        let before = a.clone();
        let count = activity_conflicts(&a).len();
        if count == 0 {
            prop_assert!(resolve(&mut a, 0, Side::Theirs).is_err());
            prop_assert_eq!(a, before);
        }
    }
}

/// The merged activity had no field conflicted: each field as `pick` would have it.
fn merged_without_conflicts(base: &Activity, ours: &Activity, theirs: &Activity) -> Activity {
    let mut clean = ours.clone();
    for field in FIELDS {
        if value_of(base, field) == value_of(ours, field) {
            copy_field(&mut clean, theirs, field);
        }
    }
    clean
}

fn copy_field(to: &mut Activity, from: &Activity, field: ConflictField) {
    let ConflictField::Field(f) = field else {
        panic!("{field} is not an activity field")
    };
    to.set(f, from.get(f).expect("an activity field")).unwrap();
}

fn note(line: &str) -> ConflictNote {
    parse_line(line, 0).unwrap_or_else(|| panic!("{line} does not read"))
}

#[test]
fn status_conflict_reads_with_typed_values() {
    let n = note("CONFLICT status: ours=done theirs=cancelled (base planned)");
    assert_eq!(n.field, F(Field::Status));
    assert_eq!(n.ours, status(Status::Done));
    assert_eq!(n.theirs, status(Status::Cancelled));
    assert_eq!(n.base, Some(status(Status::Planned)));
}

#[test]
fn quoted_text_is_unescaped() {
    let n = note(r#"CONFLICT title: ours="A" theirs="B \"x\" \\ \n\u{301}é" (base "C")"#);
    assert_eq!(n.theirs, text_value("B \"x\" \\ \n\u{301}é".into()));
    let n = note(r#"CONFLICT formats: ours="Seminar; Webinar" theirs="" (base "Study")"#);
    assert_eq!(
        n.ours,
        formats(vec![Format::parse("Seminar"), Format::parse("Webinar")])
    );
    assert_eq!(n.theirs, formats(vec![]));
}

#[test]
fn absent_dates_and_references_read_as_none() {
    let n = note("CONFLICT end: ours=none theirs=2022-Q2");
    assert_eq!(n.ours, date_value(None));
    assert_eq!(n.base, None);
    let n = note(r#"CONFLICT follow_up_of: ours=none theirs="2021/x" (base none)"#);
    assert_eq!(n.theirs, reference(Some("2021/x".into())));
    assert_eq!(n.base, Some(reference(None)));
}

#[test]
fn broken_conflict_lines_are_not_conflicts() {
    for line in [
        "CONFLICT",
        "CONFLICT status",
        "CONFLICT status: ours=done",
        "CONFLICT status: ours=done theirs=nope",
        "CONFLICT status: ours=done theirs=cancelled (base planned",
        "CONFLICT status: ours=done theirs=cancelled (base planned) more",
        r#"CONFLICT title: ours="unterminated theirs="B""#,
        r#"CONFLICT title: ours="\q" theirs="B""#,
        r#"CONFLICT title: ours="\u{110000}" theirs="B""#,
        r#"CONFLICT title: ours=bare theirs="B""#,
        "CONFLICT colour: ours=red theirs=blue",
        r#"CONFLICT cluster: ours="c" theirs=removed"#,
        " CONFLICT status: ours=done theirs=cancelled",
    ] {
        assert_eq!(parse_line(line, 0), None, "{line}");
    }
}

#[test]
fn resolving_takes_out_only_that_line() {
    let mut a = Activity::new("a", "A");
    a.status = Status::Done;
    a.notes = "Keep me\nCONFLICT status: ours=done theirs=cancelled (base planned)\nCONFLICT title: ours=\"A\" theirs=\"B\" (base \"C\")".into();
    resolve(&mut a, 1, Side::Theirs).unwrap();
    assert_eq!(a.title, "B");
    assert_eq!(
        a.notes,
        "Keep me\nCONFLICT status: ours=done theirs=cancelled (base planned)"
    );
    resolve(&mut a, 0, Side::Ours).unwrap();
    assert_eq!((a.status, a.notes.as_str()), (Status::Done, "Keep me"));
    assert_eq!(
        resolve(&mut a, 0, Side::Ours),
        Err(ResolveError::NoSuchConflict(0))
    );
}

#[test]
fn choosing_the_side_that_moved_an_activity_moves_it() {
    let mut a = Activity::new("a", "A");
    a.notes = r#"CONFLICT cluster: ours="c" theirs="d" (base "e")"#.into();
    let mut p = programme_with(a);
    let at = resolve_in(&mut p, Cell::new(0, 0), 0, Side::Theirs).unwrap();
    assert_eq!(at, Some(Cell::new(1, 0)));
    assert_eq!(p.clusters[1].activities[0].notes, "");
    assert!(p.clusters[0].activities.is_empty());
}

#[test]
fn choosing_the_side_that_removed_an_activity_removes_it() {
    let mut a = Activity::new("a", "A");
    a.notes = "CONFLICT activity: ours=changed theirs=removed".into();
    let mut p = programme_with(a);
    let mut kept = p.clone();
    assert_eq!(
        resolve_in(&mut p, Cell::new(0, 0), 0, Side::Theirs),
        Ok(None)
    );
    assert!(p.clusters[0].activities.is_empty());
    assert_eq!(
        resolve_in(&mut kept, Cell::new(0, 0), 0, Side::Ours),
        Ok(Some(Cell::new(0, 0)))
    );
    assert_eq!(kept.clusters[0].activities[0].notes, "");
}

#[test]
fn cluster_name_and_summary_conflicts_resolve_in_the_summary() {
    let mut c = Cluster::new("c", "Ours");
    c.summary = "Our text\nCONFLICT name: ours=\"Ours\" theirs=\"Theirs\" (base \"B\")\nCONFLICT summary: ours=\"Our text\" theirs=\"Their text\" (base \"\")".into();
    resolve_cluster(&mut c, 0, Side::Theirs).unwrap();
    assert_eq!(c.name, "Theirs");
    resolve_cluster(&mut c, 0, Side::Theirs).unwrap();
    assert_eq!(c.summary, "Their text");
}

#[test]
fn choosing_the_side_that_removed_a_cluster_removes_it() {
    let mut p = programme_with(Activity::new("a", "A"));
    p.clusters[1].summary = "CONFLICT cluster: ours=changed theirs=removed".into();
    let mut kept = p.clone();
    assert_eq!(resolve_cluster_in(&mut kept, 1, 0, Side::Ours), Ok(Some(1)));
    assert_eq!(kept.clusters[1].summary, "");
    assert_eq!(resolve_cluster_in(&mut p, 1, 0, Side::Theirs), Ok(None));
    assert_eq!(p.clusters.len(), 1);
}

#[test]
fn a_conflict_that_does_not_fit_changes_nothing() {
    let mut c = Cluster::new("c", "C");
    c.summary = "CONFLICT status: ours=done theirs=cancelled".into();
    let before = c.clone();
    assert_eq!(
        resolve_cluster(&mut c, 0, Side::Theirs),
        Err(ResolveError::Misplaced(F(Field::Status)))
    );
    assert_eq!(c, before);
    let mut a = Activity::new("a", "A");
    a.notes = r#"CONFLICT name: ours="A" theirs="B""#.into();
    let before = a.clone();
    assert!(resolve(&mut a, 0, Side::Theirs).is_err());
    assert_eq!(a, before);
}

fn status(s: Status) -> ConflictValue {
    FieldValue::Status(s).into()
}

fn text_value(t: String) -> ConflictValue {
    ConflictValue::text(t)
}

fn formats(f: Vec<Format>) -> ConflictValue {
    FieldValue::Formats(f).into()
}

fn date_value(d: Option<PlanDate>) -> ConflictValue {
    FieldValue::Date(d).into()
}

fn reference(r: Option<String>) -> ConflictValue {
    FieldValue::Reference(r).into()
}

#[test]
fn values_are_quoted_as_the_canonical_writer_quotes_strings() {
    let mut a = Activity::new("a", "x");
    let mut theirs = a.clone();
    theirs.title = "zero\u{200b}width \u{0} \"q\"".into();
    a.title = "ours".into();
    let merged = merged(&Activity::new("a", "base"), &a, &theirs);
    let line = merged.notes.lines().last().unwrap().to_string();
    assert_eq!(
        line,
        format!(
            "CONFLICT title: ours=\"ours\" theirs={} (base \"base\")",
            crate::model::quote(&theirs.title)
        )
    );
    // Rust's debug form would have escaped the zero-width space.
    assert!(line.contains('\u{200b}'));
    assert_eq!(note(&line).theirs, text_value(theirs.title));
}

#[test]
fn lines_written_in_the_old_debug_form_still_read() {
    let n = note(r#"CONFLICT title: ours="it's" theirs="nul \0 zw \u{200b}" (base "b")"#);
    assert_eq!(n.theirs, text_value("nul \0 zw \u{200b}".to_string()));
}

#[test]
fn place_conflicts_read_back_and_choosing_theirs_puts_it_there() {
    let line = r#"CONFLICT place: ours="c" first theirs=in "d" first"#;
    assert_eq!(parse_line(line, 0), None, "a place says where");
    let line =
        r#"CONFLICT place: ours=in "c" first theirs=in "d" after "x\"y" (base in "c" after "b")"#;
    let n = note(line);
    assert_eq!(n.to_string(), line);
    let mut p = programme_with(Activity::new("a", "A"));
    p.clusters[0].activities[0].notes = line.into();
    p.clusters[1].activities = vec![Activity::new("x\"y", "X"), Activity::new("z", "Z")];
    let mut ours = p.clone();
    assert_eq!(
        resolve_in(&mut p, Cell::new(0, 0), 0, Side::Theirs),
        Ok(Some(Cell::new(1, 1)))
    );
    let ids: Vec<&str> = p.clusters[1]
        .activities
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, ["x\"y", "a", "z"]);
    assert_eq!(p.clusters[1].activities[1].notes, "");
    assert_eq!(
        resolve_in(&mut ours, Cell::new(0, 0), 0, Side::Ours),
        Ok(Some(Cell::new(0, 0)))
    );
    assert_eq!(ours.clusters[0].activities[0].notes, "");
}

#[test]
fn programme_conflicts_resolve_in_its_notes() {
    let mut p = programme_with(Activity::new("a", "A"));
    p.title = "Ours".into();
    p.notes = "Adopted late\nCONFLICT title: ours=\"Ours\" theirs=\"Theirs\" (base \"B\")\nCONFLICT adopted: ours=none theirs=2021-12-10 (base none)".into();
    let mut kept = p.clone();
    resolve_programme(&mut p, 0, Side::Theirs).unwrap();
    resolve_programme(&mut p, 0, Side::Theirs).unwrap();
    assert_eq!(p.title, "Theirs");
    assert_eq!(
        p.adopted.map(|d| d.to_string()).as_deref(),
        Some("2021-12-10")
    );
    assert_eq!(p.notes, "Adopted late");
    resolve_programme(&mut kept, 1, Side::Ours).unwrap();
    assert_eq!(kept.adopted, None);
    assert_eq!(programme_conflicts(&kept).len(), 1);
    assert_eq!(
        resolve_programme(&mut kept, 1, Side::Ours),
        Err(ResolveError::NoSuchConflict(1))
    );
}

#[test]
fn the_base_is_named_for_removals_which_always_had_one() {
    let removal = note("CONFLICT activity: ours=removed theirs=changed");
    assert_eq!(removal.in_file(), Side::Theirs);
    assert_eq!(
        removal.base_words(),
        "base: the activity, before one side removed it"
    );
    let added = note("CONFLICT status: ours=done theirs=tbc");
    assert_eq!(added.in_file(), Side::Ours);
    assert_eq!(added.base_words(), "no common base: both sides added it");
}

#[test]
fn row_id_and_detail_lines_read_back_typed() {
    let n = note(r#"CONFLICT row: ours=after "k6" theirs=first (base after "k2")"#);
    assert_eq!(n.field, ConflictField::Row);
    assert_eq!(
        (n.ours, n.theirs, n.base),
        (
            ConflictValue::Row(Some("k6".into())),
            ConflictValue::Row(None),
            Some(ConflictValue::Row(Some("k2".into())))
        )
    );
    let n = note(r#"CONFLICT id: ours="bee" theirs="b-2" (base "b")"#);
    assert_eq!(
        (n.field, n.theirs),
        (F(Field::Id), ConflictValue::text("b-2"))
    );
    // A detail follows the values, after `; `, bare words and quoted text alike.
    let n = note("CONFLICT end: ours=none theirs=2022-03 (base none); clashes with ours' start");
    assert_eq!(n.detail, "clashes with ours' start");
    let n = note("CONFLICT activity: ours=removed theirs=changed; changed title \"a; b\" -> \"c\"");
    assert_eq!(
        (n.base, n.detail.as_str()),
        (None, "changed title \"a; b\" -> \"c\"")
    );
    // Anything else after the values is not a conflict line.
    assert_eq!(
        parse_line("CONFLICT status: ours=done theirs=tbc (base planned)x", 0),
        None
    );
    assert_eq!(
        parse_line("CONFLICT status: ours=done theirs=tbc;x", 0),
        None
    );
}
