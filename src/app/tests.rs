//! State transitions of the editor, without a terminal.

use std::path::PathBuf;

use super::*;
use crate::model::{Format, PlanDate, Status};

fn programme() -> Programme {
    let mut p = Programme::new(2022, "Test programme");
    let mut a = Cluster::new("a", "Cluster A");
    a.activities.push(Activity::new("one", "One"));
    a.activities.push(Activity::new("two", "Two"));
    a.activities.push(Activity::new("three", "Three"));
    let mut b = Cluster::new("b", "Cluster B");
    b.activities.push(Activity::new("four", "Four"));
    p.clusters.push(a);
    p.clusters.push(b);
    p.clusters.push(Cluster::new("c", "Empty"));
    p
}

fn app() -> App {
    let mut app = App::new(programme(), PathBuf::from("2022.ron"), String::new(), false);
    app.set_viewport_size(2, 2);
    app
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().map(|a| update(app, a)).collect()
}

#[test]
fn moving_down_into_a_shorter_cluster_and_back_keeps_the_column() {
    let mut app = app();
    run(
        &mut app,
        [Action::MoveRight, Action::MoveRight, Action::MoveDown],
    );
    assert_eq!(app.selected, Cell::new(1, 0));
    run(&mut app, [Action::MoveUp]);
    assert_eq!(app.selected, Cell::new(0, 2));
}

#[test]
fn moves_stop_at_the_edges() {
    let mut app = app();
    run(&mut app, [Action::MoveLeft, Action::MoveUp]);
    assert_eq!(app.selected, Cell::new(0, 0));
    run(&mut app, std::iter::repeat_n(Action::MoveDown, 5));
    assert_eq!(app.selected, Cell::new(2, 0));
    assert!(app.selected_activity().is_none());
}

#[test]
fn selection_scrolls_into_the_viewport() {
    let mut app = app();
    run(
        &mut app,
        [Action::MoveLast, Action::MoveDown, Action::MoveDown],
    );
    assert_eq!(
        app.viewport.first_column, 0,
        "column clamps to the short cluster"
    );
    assert_eq!(app.viewport.first_row, 1);
    run(&mut app, [Action::MoveUp, Action::MoveUp, Action::MoveLast]);
    assert_eq!(app.viewport.first_column, 1);
}

#[test]
fn status_picker_choose_sets_status_and_marks_unsaved() {
    let mut app = app();
    run(
        &mut app,
        [Action::PickStatus, Action::ListDown, Action::ListDown],
    );
    assert_eq!(app.mode, Mode::StatusPicker { index: 2 });
    run(&mut app, [Action::Choose]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.programme.clusters[0].activities[0].status,
        Status::Ongoing
    );
    assert!(app.is_dirty());
}

#[test]
fn status_picker_cancel_changes_nothing() {
    let mut app = app();
    run(
        &mut app,
        [Action::PickStatus, Action::ListDown, Action::Cancel],
    );
    assert_eq!(app.programme, programme());
    assert!(!app.can_undo());
}

#[test]
fn undo_to_the_saved_state_is_clean_again() {
    let mut app = app();
    run(&mut app, [Action::CycleStatus]);
    assert!(app.is_dirty());
    run(&mut app, [Action::Undo]);
    assert!(!app.is_dirty());
    run(&mut app, [Action::Redo]);
    assert!(app.is_dirty());
}

#[test]
fn new_change_after_undo_clears_redo() {
    let mut app = app();
    run(
        &mut app,
        [
            Action::CycleStatus,
            Action::Undo,
            Action::MoveRight,
            Action::CycleStatus,
        ],
    );
    assert!(!app.can_redo());
    run(&mut app, [Action::Redo]);
    assert_eq!(
        app.programme.clusters[0].activities[0].status,
        Status::Planned
    );
}

#[test]
fn undo_any_depth_returns_the_selection_to_each_change() {
    let mut app = app();
    run(
        &mut app,
        [Action::CycleStatus, Action::MoveRight, Action::CycleStatus],
    );
    run(
        &mut app,
        [Action::MoveDown, Action::CycleStatus, Action::MoveDown],
    );
    run(&mut app, [Action::Undo]);
    assert_eq!(app.selected, Cell::new(1, 0));
    run(&mut app, [Action::Undo]);
    assert_eq!(app.selected, Cell::new(0, 1));
    run(&mut app, [Action::Undo]);
    assert_eq!(app.selected, Cell::new(0, 0));
    assert_eq!(app.programme, programme());
}

#[test]
fn saving_is_an_effect_and_saved_marks_clean() {
    let mut app = app();
    run(&mut app, [Action::CycleStatus]);
    let effects = run(&mut app, [Action::Save]);
    assert_eq!(effects, [Effect::Save { overwrite: false }]);
    assert!(
        app.is_dirty(),
        "not clean until the terminal layer says it saved"
    );
    run(&mut app, [Action::Saved("text".into())]);
    assert!(!app.is_dirty());
    assert_eq!(app.disk_text(), "text");
}

#[test]
fn quit_asks_when_dirty_and_save_answer_quits_after_saving() {
    let mut app = app();
    assert_eq!(
        run(&mut app, [Action::CycleStatus, Action::Quit])[1],
        Effect::None
    );
    assert_eq!(app.mode, Mode::Confirm(Question::QuitUnsaved));
    let effect = update(&mut app, Action::Answer(Answer::Save));
    assert_eq!(effect, Effect::Save { overwrite: false });
    assert_eq!(update(&mut app, Action::Saved(String::new())), Effect::Quit);
}

#[test]
fn failed_save_does_not_quit() {
    let mut app = app();
    run(
        &mut app,
        [
            Action::CycleStatus,
            Action::Quit,
            Action::Answer(Answer::Save),
        ],
    );
    run(&mut app, [Action::SaveFailed("disk full".into())]);
    assert!(app.message.as_ref().unwrap().text.contains("disk full"));
    assert_eq!(update(&mut app, Action::Saved(String::new())), Effect::None);
}

#[test]
fn disk_change_asks_reload_or_overwrite() {
    let mut app = app();
    run(&mut app, [Action::Save, Action::DiskChanged]);
    assert_eq!(app.mode, Mode::Confirm(Question::FileChanged));
    assert_eq!(
        update(&mut app, Action::Answer(Answer::Overwrite)),
        Effect::Save { overwrite: true }
    );
}

#[test]
fn question_ignores_answers_it_does_not_offer() {
    let mut app = app();
    run(
        &mut app,
        [
            Action::CycleStatus,
            Action::Quit,
            Action::Answer(Answer::Yes),
        ],
    );
    assert_eq!(app.mode, Mode::Confirm(Question::QuitUnsaved));
}

#[test]
fn comments_make_the_first_save_ask() {
    let mut app = App::new(programme(), PathBuf::from("x.ron"), String::new(), true);
    assert!(app.message.as_ref().unwrap().text.contains("comments"));
    run(&mut app, [Action::Save]);
    assert_eq!(app.mode, Mode::Confirm(Question::DropComments));
    assert_eq!(
        update(&mut app, Action::Answer(Answer::Yes)),
        Effect::Save { overwrite: false }
    );
    run(&mut app, [Action::Saved(String::new())]);
    assert_eq!(
        update(&mut app, Action::Save),
        Effect::Save { overwrite: false }
    );
}

#[test]
fn invalid_date_keeps_the_old_value_and_says_why() {
    let mut app = app();
    run(&mut app, [Action::EditStart]);
    for c in "2022-13".chars() {
        update(&mut app, Action::Type(c));
    }
    run(&mut app, [Action::Accept]);
    let Mode::DateEntry(entry) = &app.mode else {
        panic!("still entering: {:?}", app.mode)
    };
    assert!(entry.error.as_ref().unwrap().contains("month"), "{entry:?}");
    assert_eq!(app.programme.clusters[0].activities[0].start, None);
}

#[test]
fn end_before_start_is_refused() {
    let mut app = app();
    let date = |s: &str| s.parse::<PlanDate>().unwrap();
    app.set_date(DateField::Start, "2022-05-01").unwrap();
    let err = app.set_date(DateField::End, "2022-04").unwrap_err();
    assert_eq!(err.to_string(), "end 2022-04 is before start 2022-05-01");
    app.set_date(DateField::End, "2022-05").unwrap();
    assert_eq!(
        app.programme.clusters[0].activities[0].end,
        Some(date("2022-05"))
    );
    assert!(app.set_date(DateField::Start, "2022-06").is_err());
}

#[test]
fn shifting_dates_moves_both_ends() {
    let mut app = app();
    app.set_date(DateField::Start, "2022-01-31").unwrap();
    app.set_date(DateField::End, "2022-02").unwrap();
    run(&mut app, [Action::ShiftMonths(1), Action::ShiftDays(7)]);
    let a = &app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-03-07".parse().unwrap()));
    assert_eq!(a.end, Some("2022-04-07".parse().unwrap()));
}

#[test]
fn date_entry_arrows_shift_the_typed_date() {
    let mut app = app();
    run(&mut app, [Action::EditEnd]);
    for c in "2022-03-31".chars() {
        update(&mut app, Action::Type(c));
    }
    run(
        &mut app,
        [Action::EntryShiftDays(1), Action::EntryShiftMonths(-1)],
    );
    let Mode::DateEntry(entry) = &app.mode else {
        panic!()
    };
    assert_eq!(entry.text, "2022-03-01");
}

#[test]
fn new_activity_gets_a_slug_id_after_the_selected_one() {
    let mut app = app();
    let effect = update(&mut app, Action::AddActivity);
    assert_eq!(
        effect,
        Effect::EditText {
            text: String::new(),
            multiline: false
        }
    );
    run(&mut app, [Action::TextSubmitted("Two".into())]);
    assert_eq!(app.selected, Cell::new(0, 1));
    assert_eq!(app.programme.clusters[0].activities[1].id, "two-2");
}

#[test]
fn activity_can_be_added_to_an_empty_cluster() {
    let mut app = app();
    run(
        &mut app,
        [Action::MoveDown, Action::MoveDown, Action::AddActivity],
    );
    run(&mut app, [Action::TextSubmitted("First".into())]);
    assert_eq!(app.programme.clusters[2].activities[0].id, "first");
    assert_eq!(app.selected, Cell::new(2, 0));
}

#[test]
fn empty_title_is_refused() {
    let mut app = app();
    run(
        &mut app,
        [Action::EditTitle, Action::TextSubmitted("  ".into())],
    );
    assert_eq!(app.programme.clusters[0].activities[0].title, "One");
    // The box stays open with the reason; the terminal layer keeps the text in it.
    assert_eq!(app.mode, Mode::Text(TextTarget::Title));
    assert_eq!(
        app.text_box.error.as_deref(),
        Some("A title cannot be empty.")
    );
    run(&mut app, [Action::TextEdited]);
    assert_eq!(app.text_box.error, None);
    run(&mut app, [Action::TextCancelled(" x".into())]);
    assert_eq!(app.mode, Mode::Normal, "a one-line box cancels at once");
}

#[test]
fn cancelling_a_changed_multi_line_box_asks_first() {
    let mut app = app();
    run(&mut app, [Action::EditDescription]);
    let opened = app.text_box.opened_with.clone();
    run(&mut app, [Action::TextCancelled(opened)]);
    assert_eq!(app.mode, Mode::Normal, "unchanged text closes at once");
    run(
        &mut app,
        [
            Action::EditDescription,
            Action::TextCancelled("typed".into()),
        ],
    );
    assert!(app.text_box.discard_asked);
    assert!(matches!(app.mode, Mode::Text(TextTarget::Description)));
    run(&mut app, [Action::TextEdited]);
    assert!(
        !app.text_box.discard_asked,
        "typing on takes the question back"
    );
    run(
        &mut app,
        [
            Action::TextCancelled("typed more".into()),
            Action::TextCancelled("typed more".into()),
        ],
    );
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.text_box, crate::app::TextBox::default());
}

#[test]
fn deleting_a_non_empty_cluster_asks_first() {
    let mut app = app();
    run(&mut app, [Action::DeleteCluster]);
    assert_eq!(app.mode, Mode::Confirm(Question::DeleteCluster(0)));
    run(&mut app, [Action::Answer(Answer::No)]);
    assert_eq!(app.programme.clusters.len(), 3);
    run(
        &mut app,
        [Action::DeleteCluster, Action::Answer(Answer::Yes)],
    );
    assert_eq!(app.programme.clusters.len(), 2);
    run(&mut app, [Action::Undo]);
    assert_eq!(app.programme, programme());
}

#[test]
fn formats_picker_done_applies_cancel_does_not() {
    let mut app = app();
    run(
        &mut app,
        [Action::PickFormats, Action::Choose, Action::Cancel],
    );
    assert!(app.programme.clusters[0].activities[0].formats.is_empty());
    run(
        &mut app,
        [Action::PickFormats, Action::Choose, Action::Done],
    );
    assert_eq!(
        app.programme.clusters[0].activities[0].formats,
        [Format::known().next().unwrap()]
    );
}

#[test]
fn a_typed_format_cannot_contain_a_semicolon() {
    let mut app = app();
    let typed = "Study;".chars().map(Action::Type);
    run(
        &mut app,
        [Action::PickFormats, Action::Filter]
            .into_iter()
            .chain(typed),
    );
    let message = app.message.clone().unwrap();
    assert!(message.is_error);
    assert!(message.text.contains("`;`"), "{}", message.text);
    run(&mut app, " 2".chars().map(Action::Type));
    assert_eq!(app.message, None, "typing on takes the refusal away");
    let Mode::FormatPicker(picker) = &app.mode else {
        panic!("the picker stays open: {:?}", app.mode);
    };
    assert_eq!(picker.filter, "Study 2");
    let mut picker = picker.clone();
    picker.filter = "A;B".into();
    assert!(!picker.rows().contains(&FormatRow::Add("A;B".into())));
    assert!(picker.rows().is_empty());
}

#[test]
fn search_as_you_type_and_cancel_returns() {
    let mut app = app();
    run(
        &mut app,
        [Action::Search, Action::Type('f'), Action::Type('o')],
    );
    assert_eq!(app.selected, Cell::new(1, 0));
    run(&mut app, [Action::Cancel]);
    assert_eq!(app.selected, Cell::new(0, 0));
    run(
        &mut app,
        [Action::Search, Action::Type('t'), Action::Accept],
    );
    assert_eq!(app.selected, Cell::new(0, 1));
    run(&mut app, [Action::SearchNext]);
    assert_eq!(app.selected, Cell::new(0, 2));
    run(&mut app, [Action::SearchNext]);
    assert_eq!(app.selected, Cell::new(0, 1), "wraps around");
}

#[test]
fn validation_problems_follow_changes() {
    let mut app = app();
    assert!(app.problem_at(Cell::new(0, 0)).is_none());
    run(
        &mut app,
        [Action::EditTitle, Action::TextSubmitted("Two".into())],
    );
    app.programme.clusters[0].activities[0].id = "two".into();
    run(&mut app, [Action::CycleStatus]);
    assert!(
        app.problem_at(Cell::new(0, 1)).is_some(),
        "{:?}",
        app.problems()
    );
}

#[test]
fn wheel_scroll_moves_the_view_and_the_selection_follows() {
    let mut app = app();
    run(&mut app, [Action::ScrollRows(1)]);
    assert_eq!(app.viewport.first_row, 1);
    assert_eq!(app.selected.cluster, 1);
    run(&mut app, [Action::ScrollRows(10)]);
    assert_eq!(app.viewport.first_row, 1, "no scrolling past the end");
}

fn app_with_notes(notes: &str) -> App {
    let mut p = programme();
    p.clusters[0].activities[0].notes = notes.into();
    let mut app = App::new(p, PathBuf::from("2022.ron"), String::new(), false);
    app.set_viewport_size(2, 2);
    app
}

#[test]
fn conflict_that_cannot_be_resolved_says_why_and_leaves_no_history() {
    let mut app = app_with_notes(r#"CONFLICT cluster: ours="a" theirs="gone" (base "a")"#);
    run(&mut app, [Action::ResolveConflicts, Action::TakeTheirs]);
    let message = app.message.clone().unwrap();
    assert!(message.is_error);
    assert_eq!(
        message.text,
        "Not resolved: cluster \"gone\" is no longer in the programme."
    );
    assert!(!app.can_undo());
    assert_eq!(app.selected_conflicts().len(), 1);
}

#[test]
fn choosing_the_side_that_moved_an_activity_follows_it() {
    let mut app = app_with_notes(r#"CONFLICT cluster: ours="a" theirs="b" (base "a")"#);
    let merged = app.programme.clone();
    run(&mut app, [Action::ResolveConflicts, Action::TakeTheirs]);
    assert_eq!(app.selected, Cell::new(1, 1));
    assert_eq!(app.selected_activity().unwrap().id, "one");
    assert_eq!(app.mode, Mode::Normal);
    run(&mut app, [Action::Undo]);
    assert_eq!(app.selected, Cell::new(0, 0));
    assert_eq!(app.programme, merged);
}

#[test]
fn choosing_the_side_that_removed_an_activity_removes_it() {
    let mut app = app_with_notes("Mine\nCONFLICT activity: ours=changed theirs=removed");
    run(&mut app, [Action::ResolveConflicts, Action::KeepOurs]);
    assert_eq!(app.selected_activity().unwrap().notes, "Mine");
    run(
        &mut app,
        [Action::Undo, Action::ResolveConflicts, Action::TakeTheirs],
    );
    assert_eq!(app.programme.clusters[0].activities.len(), 2);
    assert!(app.message.clone().unwrap().text.contains("removed"));
}

#[test]
fn conflicts_key_without_conflicts_only_says_so() {
    let mut app = app();
    run(&mut app, [Action::ResolveConflicts]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.message.clone().unwrap().text,
        "No merge conflicts here."
    );
}

#[test]
fn cluster_conflicts_are_offered_after_the_activity_ones() {
    let mut app = app_with_notes("CONFLICT status: ours=planned theirs=done (base tbc)");
    app.programme.clusters[0].summary =
        "CONFLICT name: ours=\"Cluster A\" theirs=\"Theirs\" (base \"Old\")".into();
    run(&mut app, [Action::ResolveConflicts, Action::ListDown]);
    assert_eq!(app.mode, Mode::Conflicts { index: 1 });
    assert_eq!(app.selected_conflicts()[1].label(), "cluster name");
    run(&mut app, [Action::TakeTheirs]);
    assert_eq!(app.programme.clusters[0].name, "Theirs");
    assert_eq!(app.programme.clusters[0].summary, "");
    assert_eq!(app.mode, Mode::Conflicts { index: 0 });
    run(&mut app, [Action::TakeTheirs]);
    assert_eq!(app.selected_activity().unwrap().status, Status::Done);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn cluster_conflicts_are_reachable_from_an_empty_cluster() {
    let mut app = app();
    app.programme.clusters[2].summary = "CONFLICT cluster: ours=changed theirs=removed".into();
    run(
        &mut app,
        [Action::MoveDown, Action::MoveDown, Action::ResolveConflicts],
    );
    assert_eq!(app.mode, Mode::Conflicts { index: 0 });
    run(&mut app, [Action::TakeTheirs]);
    assert_eq!(app.programme.clusters.len(), 2);
    assert_eq!(app.mode, Mode::Normal);
    run(&mut app, [Action::Undo]);
    assert_eq!(app.programme.clusters.len(), 3);
}

mod checked_as_it_changes {
    use super::*;
    use proptest::prelude::*;

    /// Keys a planner presses: a single key, or a key that asks for a text and the text
    /// typed, chosen to make problems (an empty title, a date outside the year, a bad
    /// follow-up, another year) and to mend them.
    fn step() -> impl Strategy<Value = Vec<Action>> {
        let key = prop::sample::select(vec![
            Action::MoveLeft,
            Action::MoveRight,
            Action::MoveUp,
            Action::MoveDown,
            Action::CycleStatus,
            Action::AddActivity,
            Action::DuplicateActivity,
            Action::DeleteActivity,
            Action::MoveActivityRight,
            Action::MoveActivityDown,
            Action::MoveActivityUp,
            Action::MoveClusterDown,
            Action::MoveClusterUp,
            Action::DeleteCluster,
            Action::ShiftMonths(9),
            Action::Undo,
            Action::Undo,
            Action::Redo,
            Action::Answer(Answer::Yes),
        ]);
        let asks = prop::sample::select(vec![
            Action::EditTitle,
            Action::EditStart,
            Action::EditEnd,
            Action::EditFollowUp,
            Action::AddCluster,
            Action::RenameCluster,
            Action::EditProgrammeTitle,
            Action::EditProgrammeYear,
            Action::EditProgrammeAdopted,
        ]);
        let text = prop::sample::select(vec![
            "",
            "Cluster A",
            "2023-03",
            "2022-Q2",
            "2023",
            "2022",
            "2021/one",
            "x",
        ]);
        let typed = |opens: Action, texts: Vec<&'static str>| {
            prop::sample::select(texts).prop_map(move |text| {
                let mut keys = vec![opens.clone()];
                keys.extend(text.chars().map(Action::Type));
                keys.push(Action::Accept);
                keys
            })
        };
        prop_oneof![
            4 => key.prop_map(|key| vec![key]),
            2 => (asks, text).prop_map(|(asks, text)| vec![
                asks,
                Action::TextSubmitted(text.to_string()),
                Action::Answer(Answer::Yes),
            ]),
            1 => typed(Action::FilterActivities, vec!["status:planned,tbc", "o", "cluster:a e", ""]),
            1 => typed(Action::Search, vec!["o", "Four", "cluster", ""]),
            1 => prop::sample::select(vec![Action::ToggleMark, Action::MarkCluster])
                .prop_map(|mark| vec![mark]),
        ]
    }

    /// What the views keep (filter matches, search hits, marked cells) is what they would
    /// find on the programme as it is now.
    fn views_follow(app: &App) -> Result<(), TestCaseError> {
        if let Some(filter) = app.filter() {
            let fresh = filter.apply(&app.programme);
            prop_assert_eq!(app.filter_matches(), Some(&fresh));
        }
        let hits = search_matches(&app.programme, app.search_query(), |c| app.passes_filter(c));
        prop_assert_eq!(app.search_hits(), &hits);
        let marked: BTreeSet<Cell> = app
            .programme
            .activities()
            .filter(|(_, a)| app.marks.contains(&a.id))
            .map(|(cell, _)| cell)
            .collect();
        prop_assert_eq!(app.marked(), &marked);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever is typed, undone or redone, the problems the editor shows are the ones a
        /// whole `check` of the programme finds, and its filter, search and marks are as found
        /// afresh.
        #[test]
        fn the_problems_shown_are_what_check_finds(steps in prop::collection::vec(step(), 1..60)) {
            let mut app = app();
            for action in steps.into_iter().flatten() {
                update(&mut app, action.clone());
                let kept: Vec<Problem> = app.problems().iter().cloned().collect();
                prop_assert_eq!(kept, crate::model::check(&app.programme), "after {:?}", action);
                // While a search is typed, its hits follow the keys rather than the programme.
                if app.mode == Mode::Normal {
                    views_follow(&app)?;
                }
            }
        }
    }
}

/// A search typed a key at a time (through texts folded once) finds what a search of the
/// programme as it is finds, accents, case, formats and the filter included; and after an edit
/// the folded texts are made again.
#[test]
fn a_search_typed_key_by_key_finds_what_a_whole_search_finds() {
    let mut app = app();
    app.programme.clusters[0].activities[0].description = "Séminaire ÉTÉ\nsecond line".into();
    app.programme.clusters[1].activities[0].formats = vec![Format::parse("Webinar")];
    for query in ["seminaire", "été", "E", "webinar", "ne\ns", "zzz", " t "] {
        run(&mut app, [Action::Search]);
        for c in query.chars() {
            run(&mut app, [Action::Type(c)]);
            let typed = app.search_query().to_string();
            let whole = search_matches(&app.programme, &typed, |c| app.passes_filter(c));
            assert_eq!(app.search_hits(), &whole, "{typed:?}");
        }
        run(&mut app, [Action::Cancel]);
        run(&mut app, [Action::CycleStatus]);
    }
}
