//! The canonical form as a property: any programme saved and loaded is the same programme, saving
//! is a fixed point, an independent RON reader agrees, and one edited field is one changed line.

use chrono::NaiveDate;
use proptest::prelude::*;
use wpmatrix::model::{
    Activity, Cluster, FieldDecl, Format, Mode, Output, OutputKind, OwnKind, PlanDate, Programme,
    Session, SessionStatus, Stage, Status, Theme,
};
use wpmatrix::store::{parse, to_canonical};

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, tabs, control characters, accents, CJK and emoji.
    prop::string::string_regex(
        "[a-zA-Z0-9 \"\\\\\n\t\r\u{1}\u{7f}éßø日本語🙂,;:()\\[\\]{}/*#'-]{0,24}",
    )
    .unwrap()
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"
}

fn plan_date() -> impl Strategy<Value = PlanDate> {
    prop_oneof![
        (2000i32..2100, 1u32..=366).prop_map(|(y, d)| {
            let date =
                NaiveDate::from_yo_opt(y, d).unwrap_or(NaiveDate::from_ymd_opt(y, 12, 31).unwrap());
            PlanDate::Day(date)
        }),
        (2000i32..2100, 1u32..=12).prop_map(|(year, month)| PlanDate::Month { year, month }),
        (2000i32..2100, 1u32..=4).prop_map(|(year, quarter)| PlanDate::Quarter { year, quarter }),
    ]
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        prop::sample::select(Format::known().collect::<Vec<_>>()),
        text().prop_map(|t| Format::parse(&t)),
    ]
}

fn session() -> impl Strategy<Value = Session> {
    (
        0u32..20,
        (prop::option::of(plan_date()), prop::option::of(plan_date())),
        (text(), text(), text()),
        prop::option::of(prop::sample::select(Mode::ALL.to_vec())),
        (prop::option::of(0u32..1000), prop::option::of(0u32..1000)),
        prop::sample::select(SessionStatus::ALL.to_vec()),
    )
        .prop_map(
            |(id, (start, end), (place, country, host), mode, (participants, online), status)| {
                Session {
                    id,
                    start,
                    end,
                    place,
                    country,
                    mode,
                    host,
                    participants,
                    online,
                    status,
                }
            },
        )
}

fn output() -> impl Strategy<Value = Output> {
    (
        prop::sample::select(OutputKind::ALL.to_vec()),
        text(),
        prop::option::of(text()),
        prop::option::of(plan_date()),
    )
        .prop_map(|(kind, title, link, date)| Output {
            kind,
            title,
            link,
            date,
        })
}

/// The optional fields: empty half of the time, so files without them are covered too.
fn extras() -> impl Strategy<Value = Activity> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(session(), 0..3),
        prop::collection::vec(output(), 0..2),
        prop::collection::btree_map(text(), text(), 0..3),
    )
        .prop_map(|(leads, themes, sessions, outputs, values)| Activity {
            leads,
            themes,
            sessions,
            outputs,
            values,
            ..Activity::new("", "")
        })
}

fn activity() -> impl Strategy<Value = Activity> {
    (
        slug(),
        (text(), text(), text()),
        prop::collection::vec(format(), 0..4),
        prop::sample::select(Status::ALL.to_vec()),
        (prop::option::of(plan_date()), prop::option::of(plan_date())),
        prop::option::of((2000i32..2100, slug()).prop_map(|(y, id)| format!("{y}/{id}"))),
        prop_oneof![Just(Activity::new("", "")), extras()],
    )
        .prop_map(
            |(
                id,
                (title, description, notes),
                formats,
                status,
                (start, end),
                follow_up_of,
                extras,
            )| {
                Activity {
                    id,
                    title,
                    description,
                    formats,
                    status,
                    start,
                    end,
                    follow_up_of,
                    notes,
                    ..extras
                }
            },
        )
}

fn cluster() -> impl Strategy<Value = Cluster> {
    (
        slug(),
        text(),
        text(),
        prop::collection::vec(activity(), 0..5),
    )
        .prop_map(|(id, name, summary, activities)| Cluster {
            id,
            name,
            summary,
            activities,
        })
}

fn programme() -> impl Strategy<Value = Programme> {
    (
        1000i32..9999,
        text(),
        prop::option::of(
            (1990i32..2100, 1u32..=365).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap()),
        ),
        prop::collection::vec(cluster(), 0..4),
        prop_oneof![Just(String::new()), text()],
        prop::option::of(prop::sample::select(Stage::ALL.to_vec())),
        prop::collection::vec(
            (text(), text()).prop_map(|(id, name)| Theme { id, name }),
            0..3,
        ),
        prop::collection::vec(field_decl(), 0..3),
    )
        .prop_map(
            |(year, title, adopted, clusters, notes, stage, themes, fields)| Programme {
                year,
                title,
                adopted,
                stage,
                notes,
                themes,
                fields,
                clusters,
            },
        )
}

fn field_decl() -> impl Strategy<Value = FieldDecl> {
    let kind = prop_oneof![
        Just(OwnKind::Text),
        Just(OwnKind::Number),
        Just(OwnKind::Date),
        Just(OwnKind::Url),
        prop::collection::vec(text(), 0..3).prop_map(OwnKind::Choice),
    ];
    (text(), prop_oneof![Just(String::new()), text()], kind)
        .prop_map(|(id, name, kind)| FieldDecl { id, name, kind })
}

fn reload(text: &str) -> Programme {
    match parse(text) {
        Ok(parsed) => parsed.programme,
        Err(rejection) => panic!("canonical text does not load: {rejection:?}\n{text}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn save_then_load_gives_the_same_programme(p in programme()) {
        let text = to_canonical(&p);
        prop_assert_eq!(reload(&text), p);
    }

    #[test]
    fn saving_a_loaded_canonical_file_is_a_fixed_point(p in programme()) {
        let text = to_canonical(&p);
        prop_assert_eq!(to_canonical(&reload(&text)), text);
    }

    #[test]
    fn the_ron_crate_reads_canonical_files_the_same_way(p in programme()) {
        let text = to_canonical(&p);
        let independent: Programme = ron::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(independent, p);
    }

    #[test]
    fn editing_one_field_changes_exactly_one_line(
        p in programme().prop_filter("has an activity", |p| p.activity_count() > 0),
        pick in any::<prop::sample::Index>(),
        new_title in text(),
        new_start in prop::option::of(plan_date()),
    ) {
        let cells: Vec<_> = p.activities().map(|(cell, _)| cell).collect();
        let cell = cells[pick.index(cells.len())];
        let before = to_canonical(&p);
        for edit in 0..4 {
            let mut q = p.clone();
            let a = q.activity_mut(cell).unwrap();
            match edit {
                0 => a.status = a.status.next(),
                1 => a.title.clone_from(&new_title),
                2 => a.start = new_start,
                _ => a.formats.push(Format::parse("Webinar")),
            }
            if q == p {
                continue;
            }
            let after = to_canonical(&q);
            let changed = before.lines().zip(after.lines()).filter(|(x, y)| x != y).count();
            prop_assert_eq!(before.lines().count(), after.lines().count());
            prop_assert_eq!(changed, 1, "edit {} changed {} lines", edit, changed);
        }
    }
}

#[test]
fn the_shipped_programme_is_canonical() {
    let text = std::fs::read_to_string("programmes/2022.ron").unwrap();
    assert_eq!(to_canonical(&reload(&text)), text);
}
