//! The merge on small programmes: fields, additions and removals, moves, and placement.
use super::order::place;
use super::*;
use crate::model::Status;

fn base() -> Programme {
    let mut p = Programme::new(2022, "WP 2022");
    let mut c = Cluster::new("c", "C");
    c.activities = ["a", "b", "c"]
        .iter()
        .map(|id| Activity::new(*id, id.to_uppercase()))
        .collect();
    p.clusters.push(c);
    p.clusters.push(Cluster::new("d", "D"));
    p
}

fn ids(p: &Programme) -> Vec<Vec<&str>> {
    p.clusters
        .iter()
        .map(|c| c.activities.iter().map(|a| a.id.as_str()).collect())
        .collect()
}

#[test]
fn different_fields_of_one_activity_merge_cleanly() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities[1].status = Status::Done;
    let mut theirs = base.clone();
    theirs.clusters[0].activities[1].title = "Bee".into();
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts, vec![]);
    let b = &m.programme.clusters[0].activities[1];
    assert_eq!((b.status, b.title.as_str()), (Status::Done, "Bee"));
}

#[test]
fn same_field_changed_both_ways_keeps_ours_and_notes_it() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities[0].status = Status::Done;
    let mut theirs = base.clone();
    theirs.clusters[0].activities[0].status = Status::Cancelled;
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    let a = &m.programme.clusters[0].activities[0];
    assert_eq!(a.status, Status::Done);
    assert_eq!(
        a.notes,
        "CONFLICT status: ours=done theirs=cancelled (base planned)"
    );
}

#[test]
fn additions_removals_and_moves_from_both_sides_combine() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities.remove(0); // remove a
    ours.clusters[0].activities.push(Activity::new("x", "X")); // add x at the end
    let mut theirs = base.clone();
    let c = theirs.clusters[0].activities.remove(2); // move c to d
    theirs.clusters[1].activities.push(c);
    theirs.clusters[0]
        .activities
        .insert(1, Activity::new("y", "Y")); // add y after a
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts, vec![]);
    assert_eq!(ids(&m.programme), vec![vec!["y", "b", "x"], vec!["c"]]);
}

#[test]
fn removal_against_a_change_keeps_the_change_and_conflicts() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities.remove(1);
    let mut theirs = base.clone();
    theirs.clusters[0].activities[1].status = Status::Done;
    let m = merge(&base, &ours, &theirs);
    assert_eq!(ids(&m.programme)[0], vec!["a", "b", "c"]);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        m.programme.clusters[0].activities[1].notes,
        "CONFLICT activity: ours=removed theirs=changed; changed status planned -> done"
    );
    // The line reads back with what changed.
    let read = crate::model::conflict::activity_conflicts(&m.programme.clusters[0].activities[1]);
    assert_eq!(read[0].detail, "changed status planned -> done");
}

#[test]
fn removal_against_a_change_says_every_changed_field_and_cuts_long_texts() {
    let base = base();
    let mut ours = base.clone();
    let b = &mut ours.clusters[0].activities[1];
    b.title = "Bee; \"quoted\"".into();
    b.description = "x".repeat(100);
    b.end = Some("2022-Q3".parse().expect("date"));
    let mut theirs = base.clone();
    theirs.clusters[0].activities.remove(1);
    let m = merge(&base, &ours, &theirs);
    let note = &m.conflicts[0].note;
    assert_eq!(
        note.detail,
        format!(
            r#"changed title "B" -> "Bee; \"quoted\"", description "" -> "{}…, end none -> 2022-Q3"#,
            "x".repeat(59)
        )
    );
    let read = crate::model::conflict::parse_line(&note.to_string(), 0).expect("reads back");
    assert_eq!(&read, note);
}

#[test]
fn duplicate_ids_are_not_mergeable_by_id() {
    let mut p = base();
    assert!(has_unique_ids(&p));
    p.clusters[1].activities.push(Activity::new("a", "Again"));
    assert!(!has_unique_ids(&p));
}

#[test]
fn adding_to_a_cluster_the_other_side_removed_keeps_it_and_conflicts() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[1].activities.push(Activity::new("x", "X"));
    let mut theirs = base.clone();
    theirs.clusters.remove(1);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(ids(&m.programme), vec![vec!["a", "b", "c"], vec!["x"]]);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        m.programme.clusters[1].summary,
        "CONFLICT cluster: ours=changed theirs=removed; it holds activities ours added, changed or \
         moved there"
    );
}

#[test]
fn a_cluster_renamed_on_one_side_and_removed_on_the_other_says_what_changed() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters.remove(1);
    let mut theirs = base.clone();
    theirs.clusters[1].name = "Dee".into();
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        only_note(&m),
        r#"CONFLICT cluster: ours=removed theirs=changed; changed name "D" -> "Dee""#
    );
}

#[test]
fn removing_an_untouched_cluster_merges_cleanly() {
    let base = base();
    let ours = base.clone();
    let mut theirs = base.clone();
    theirs.clusters.remove(1);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts, vec![]);
    assert_eq!(m.programme.clusters.len(), 1);
}

/// The placement rule written the obvious (quadratic) way, to check the linear one against.
fn place_one_by_one(
    mut order: Vec<String>,
    theirs: &[String],
    from_theirs: impl Fn(&str) -> bool,
    anchors: impl Fn(&str) -> bool,
) -> Vec<String> {
    for (i, id) in theirs.iter().enumerate() {
        if !from_theirs(id) || order.contains(id) {
            continue;
        }
        let at = theirs[..i]
            .iter()
            .rev()
            .filter(|before| anchors(before))
            .find_map(|before| order.iter().position(|o| o == before))
            .map_or(0, |p| p + 1);
        order.insert(at, id.clone());
    }
    order
}

#[test]
fn placing_theirs_items_agrees_with_inserting_them_one_by_one() {
    let mut seed = 7_u64;
    let mut below = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for _ in 0..2000 {
        // Few names, so the sequences share items, repeat them and leave some out.
        let mut seq = |len: u64| -> Vec<String> {
            (0..below(len)).map(|_| format!("i{}", below(10))).collect()
        };
        let ours = seq(8);
        let theirs = seq(12);
        let mine: HashSet<String> = (0..10)
            .filter(|_| below(3) > 0)
            .map(|i| format!("i{i}"))
            .collect();
        let fixed: HashSet<String> = (0..10)
            .filter(|_| below(4) > 0)
            .map(|i| format!("i{i}"))
            .collect();
        let from_theirs = |id: &str| mine.contains(id);
        let anchors = |id: &str| fixed.contains(id);
        assert_eq!(
            place(
                ours.iter().map(String::as_str).collect(),
                &theirs.iter().map(String::as_str).collect::<Vec<_>>(),
                from_theirs,
                anchors
            ),
            place_one_by_one(ours.clone(), &theirs, from_theirs, anchors),
            "ours {ours:?}, theirs {theirs:?}, placed by theirs {mine:?}, anchors {fixed:?}"
        );
    }
}

#[test]
fn programme_title_changed_both_ways_keeps_theirs_in_the_programme_notes() {
    let base = base();
    let mut ours = base.clone();
    ours.title = "Ours".into();
    let mut theirs = base.clone();
    theirs.title = "Theirs".into();
    theirs.year = 2023;
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        (m.programme.title.as_str(), m.programme.year),
        ("Ours", 2023)
    );
    assert_eq!(
        m.programme.notes,
        r#"CONFLICT title: ours="Ours" theirs="Theirs" (base "WP 2022")"#
    );
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].place, "programme");
    let problems = crate::model::check::check(&m.programme);
    assert!(
        problems.iter().any(|p| p.location
            == crate::model::check::Location::programme(Field::Notes)
            && p.message.starts_with("unresolved merge conflict in title")),
        "{problems:?}"
    );
}

/// Base `c: [a, b, c]`, `d: []`, with one side's activities arranged as given.
fn arranged(c: &[&str], d: &[&str]) -> Programme {
    let mut p = base();
    let all: Vec<Activity> = p.clusters[0].activities.clone();
    let pick = |ids: &[&str]| -> Vec<Activity> {
        ids.iter()
            .map(|id| all.iter().find(|a| a.id == *id).expect("known").clone())
            .collect()
    };
    p.clusters[0].activities = pick(c);
    p.clusters[1].activities = pick(d);
    p
}

fn only_note(m: &Merged) -> String {
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    m.conflicts[0].note.to_string()
}

#[test]
fn both_moving_one_activity_to_different_places_in_its_cluster_conflicts() {
    let base = base();
    let ours = arranged(&["c", "a", "b"], &[]);
    let theirs = arranged(&["a", "c", "b"], &[]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        ids(&m.programme)[0],
        vec!["c", "a", "b"],
        "kept in ours' place"
    );
    assert_eq!(
        only_note(&m),
        r#"CONFLICT place: ours=in "c" first theirs=in "c" after "a" (base in "c" after "b")"#
    );
    assert_eq!(m.programme.clusters[0].activities[0].notes, only_note(&m));
}

#[test]
fn moving_to_another_cluster_against_a_reorder_conflicts() {
    let base = base();
    let ours = arranged(&["a", "b"], &["c"]);
    let theirs = arranged(&["c", "a", "b"], &[]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(ids(&m.programme), vec![vec!["a", "b"], vec!["c"]]);
    assert_eq!(
        only_note(&m),
        r#"CONFLICT place: ours=in "d" first theirs=in "c" first (base in "c" after "b")"#
    );
}

#[test]
fn the_same_move_on_both_sides_and_a_move_against_an_edit_merge_cleanly() {
    let base = base();
    let moved = arranged(&["b", "a", "c"], &[]);
    let m = merge(&base, &moved, &moved);
    assert_eq!((m.conflicts.len(), ids(&m.programme)), (0, ids(&moved)));
    let mut edited = base.clone();
    edited.clusters[0].activities[0].status = Status::Done;
    let m = merge(&base, &edited, &arranged(&["b", "c"], &["a"]));
    assert_eq!(m.conflicts, vec![]);
    assert_eq!(ids(&m.programme), vec![vec!["b", "c"], vec!["a"]]);
    assert_eq!(m.programme.clusters[1].activities[0].status, Status::Done);
}

#[test]
fn removal_against_a_move_keeps_it_where_it_was_moved_and_conflicts() {
    let base = base();
    let ours = arranged(&["a", "b"], &[]);
    let theirs = arranged(&["a", "b"], &["c"]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(ids(&m.programme), vec![vec!["a", "b"], vec!["c"]]);
    assert_eq!(
        only_note(&m),
        "CONFLICT activity: ours=removed theirs=moved"
    );
    assert_eq!(m.conflicts[0].note.in_file(), Side::Theirs);
    // Reordered within its cluster counts as moved too; the other way round keeps ours.
    let m = merge(
        &base,
        &arranged(&["c", "a", "b"], &[]),
        &arranged(&["a", "b"], &[]),
    );
    assert_eq!(ids(&m.programme)[0], vec!["c", "a", "b"]);
    assert_eq!(
        only_note(&m),
        "CONFLICT activity: ours=moved theirs=removed"
    );
}

#[test]
fn removing_a_neighbour_is_not_a_move() {
    let base = base();
    let m = merge(
        &base,
        &arranged(&["b", "c"], &[]),
        &arranged(&["a", "c"], &[]),
    );
    assert_eq!(
        (m.conflicts.len(), ids(&m.programme)[0].clone()),
        (0, vec!["c"])
    );
}

#[test]
fn without_a_common_base_differing_programme_fields_conflict() {
    let ours = base();
    let mut theirs = base();
    theirs.title = "Other".into();
    let m = merge_versions(None, &ours, &theirs).expect("unique ids");
    assert_eq!(
        only_note(&m),
        r#"CONFLICT title: ours="WP 2022" theirs="Other""#
    );
    let mut twice = base();
    twice.clusters[1]
        .activities
        .push(Activity::new("a", "Again"));
    assert_eq!(merge_versions(None, &ours, &twice), Err(NotMergeable));
}

#[test]
fn longest_increasing_keeps_one_longest_run() {
    use super::order::longest_increasing;
    assert_eq!(longest_increasing(&[2, 0, 1]), vec![false, true, true]);
    assert_eq!(longest_increasing(&[0, 1, 2]), vec![true; 3]);
    assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    let kept = longest_increasing(&[3, 0, 4, 1, 2]);
    assert_eq!(kept.iter().filter(|k| **k).count(), 3);
}

/// Six empty clusters `k1`..`k6`, in the order given.
fn rows(order: &[usize]) -> Programme {
    let mut p = Programme::new(2022, "WP 2022");
    p.clusters = order
        .iter()
        .map(|i| Cluster::new(format!("k{i}"), format!("K{i}")))
        .collect();
    p
}

fn row_ids(p: &Programme) -> Vec<&str> {
    p.clusters.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn independent_cluster_moves_on_both_sides_both_come_through() {
    let base = rows(&[1, 2, 3, 4, 5, 6]);
    let ours = rows(&[2, 1, 3, 4, 5, 6]);
    let theirs = rows(&[1, 2, 4, 3, 5, 6]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts, vec![]);
    assert_eq!(row_ids(&m.programme), ["k2", "k1", "k4", "k3", "k5", "k6"]);
    // And the other way round.
    let m = merge(&base, &theirs, &ours);
    assert_eq!(row_ids(&m.programme), ["k2", "k1", "k4", "k3", "k5", "k6"]);
}

#[test]
fn one_cluster_moved_to_different_rows_on_both_sides_conflicts() {
    let base = rows(&[1, 2, 3, 4, 5, 6]);
    let ours = rows(&[1, 2, 4, 5, 6, 3]);
    let theirs = rows(&[3, 1, 2, 4, 5, 6]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(row_ids(&m.programme), row_ids(&ours), "kept in ours' row");
    assert_eq!(
        only_note(&m),
        r#"CONFLICT row: ours=after "k6" theirs=first (base after "k2")"#
    );
    assert_eq!(m.conflicts[0].place, r#"cluster "k3""#);
    let k3 = &m.programme.clusters[5];
    assert_eq!(k3.summary, only_note(&m));
    // The line reads back, and taking theirs moves the cluster there.
    let mut resolved = m.programme.clone();
    let at = crate::model::conflict::resolve_cluster_in(&mut resolved, 5, 0, Side::Theirs);
    assert_eq!(at, Ok(Some(0)));
    assert_eq!(row_ids(&resolved), row_ids(&theirs));
    assert_eq!(resolved.clusters[0].summary, "");
}

#[test]
fn independent_activity_moves_on_both_sides_both_come_through() {
    let mut base = base();
    base.clusters[0].activities.push(Activity::new("e", "E"));
    let order = |ids: &[&str]| {
        let mut p = base.clone();
        let all = p.clusters[0].activities.clone();
        p.clusters[0].activities = ids
            .iter()
            .map(|id| all.iter().find(|a| a.id == *id).expect("known").clone())
            .collect();
        p
    };
    let m = merge(
        &base,
        &order(&["b", "a", "c", "e"]),
        &order(&["a", "b", "e", "c"]),
    );
    assert_eq!(m.conflicts, vec![]);
    assert_eq!(ids(&m.programme)[0], vec!["b", "a", "e", "c"]);
}

#[test]
fn one_activity_renamed_to_two_ids_is_one_activity_with_an_id_conflict() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities[1].id = "bee".into();
    let mut theirs = base.clone();
    let b = &mut theirs.clusters[0].activities[1];
    b.id = "b-2".into();
    b.status = Status::Done;
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        ids(&m.programme)[0],
        vec!["a", "bee", "c"],
        "one copy, ours' id"
    );
    let kept = &m.programme.clusters[0].activities[1];
    assert_eq!(kept.status, Status::Done, "theirs' change comes through");
    assert_eq!(
        only_note(&m),
        r#"CONFLICT id: ours="bee" theirs="b-2" (base "b")"#
    );
    assert_eq!(kept.notes, only_note(&m));
    let problems = crate::model::check::check(&m.programme);
    assert!(
        problems.iter().any(|p| p
            .message
            .starts_with("unresolved merge conflict in id: ours \"bee\"")),
        "{problems:?}"
    );
    // Taking theirs gives the activity theirs' id and takes the line out.
    let mut resolved = m.programme.clone();
    let cell = crate::model::Cell::new(0, 1);
    let at = crate::model::conflict::resolve_in(&mut resolved, cell, 0, Side::Theirs);
    assert_eq!(at, Ok(Some(cell)));
    let renamed = &resolved.clusters[0].activities[1];
    assert_eq!((renamed.id.as_str(), renamed.notes.as_str()), ("b-2", ""));
    // The same rename on both sides is no conflict.
    let m = merge(&base, &ours, &ours);
    assert_eq!(
        (m.conflicts.len(), ids(&m.programme)[0].clone()),
        (0, vec!["a", "bee", "c"])
    );
}

#[test]
fn dates_that_clash_only_once_merged_are_a_conflict_keeping_ours() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities[0].start = Some("2022-05-01".parse().expect("date"));
    let mut theirs = base.clone();
    theirs.clusters[0].activities[0].end = Some("2022-03".parse().expect("date"));
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        only_note(&m),
        "CONFLICT end: ours=none theirs=2022-03 (base none); clashes with ours' start \
         2022-05-01: end 2022-03 is before start 2022-05-01"
    );
    let a = &m.programme.clusters[0].activities[0];
    assert_eq!(
        (a.start, a.end),
        (ours.clusters[0].activities[0].start, None)
    );
    // The line reads back as a conflict: `check` reports it, and theirs can still be taken.
    let problems = crate::model::check::check(&m.programme);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .starts_with("unresolved merge conflict in end")
    );
    let mut taken = a.clone();
    crate::model::conflict::resolve(&mut taken, 0, Side::Theirs).expect("resolves");
    assert_eq!(
        (taken.end, taken.notes.as_str()),
        (theirs.clusters[0].activities[0].end, "")
    );
}

#[test]
fn a_new_year_on_one_side_against_dates_on_the_other_conflicts() {
    let base = base();
    let mut ours = base.clone();
    ours.year = 2023;
    let mut theirs = base.clone();
    theirs.clusters[0].activities[1].start = Some("2022-05".parse().expect("date"));
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.programme.year, 2023);
    assert_eq!(m.programme.clusters[0].activities[1].start, None);
    assert_eq!(
        only_note(&m),
        "CONFLICT start: ours=none theirs=2022-05 (base none); clashes with ours' year 2023: \
         start 2022-05 is outside 2023"
    );
    // The other way round the year is theirs' part: the file keeps ours' year.
    let m = merge(&base, &theirs, &ours);
    assert_eq!(m.programme.year, 2022);
    assert_eq!(
        m.programme.clusters[0].activities[1].start,
        theirs.clusters[0].activities[1].start
    );
    assert_eq!(
        only_note(&m),
        "CONFLICT year: ours=2022 theirs=2023 (base 2022); clashes with ours' start 2022-05 of \
         \"b\": start 2022-05 is outside 2023"
    );
    assert_eq!(m.conflicts[0].place, "programme");
}

#[test]
fn warnings_a_merge_makes_are_no_conflict() {
    let base = base();
    let mut ours = base.clone();
    ours.clusters[0].activities[0].formats = vec![crate::model::Format::parse("Seminar")];
    let mut theirs = base.clone();
    // Another cluster with the same name: a warning, whoever makes it.
    theirs.clusters[1].name = "C".into();
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts, vec![]);
}
