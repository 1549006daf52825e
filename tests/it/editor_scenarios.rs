//! The editor driven headless: key strings typed into an [`Editor`] on a temporary copy of the
//! 2022 programme, screens drawn into a `TestBackend`. Editing, saving and questions here; what
//! the screen shows at each size in `editor_screens.rs`.

use crate::common;

use common::programme_text;
use common::session::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::Mode;
use wpmatrix::model::{Cell, Format, PlanDate, Status};
use wpmatrix::store;

/// The 2022 programme as the editor should write it after `change`: the file is canonical, so
/// a save must give exactly this text, every other line untouched.
fn programme_text_after(change: impl FnOnce(&mut wpmatrix::model::Programme)) -> String {
    let mut programme = store::parse(&programme_text()).unwrap().programme;
    change(&mut programme);
    let text = store::to_canonical(&programme);
    assert_ne!(text, programme_text(), "the change must show in the file");
    text
}

/// What `c` on the first cell writes: its status one step on, from planned to tbc.
fn first_status_cycled() -> String {
    programme_text_after(|p| {
        let first = &mut p.clusters[0].activities[0];
        assert_eq!(first.status, Status::Planned);
        first.status = Status::Tbc;
    })
}

fn session_with(text: &str, width: u16, height: u16) -> Session {
    Session::new(text, width, height, None)
}

fn session() -> Session {
    Session::of_2022(80, 24)
}

#[test]
fn status_picker_then_save_writes_only_the_status_line() {
    let mut s = session();
    s.keys("jjl s<down><enter> <C-s>");
    assert_eq!(s.selected(), Cell::new(2, 1));
    let saved = s.on_disk();
    let expected = store::parse(&saved).unwrap().programme;
    assert_eq!(expected.clusters[2].activities[1].status, Status::Tbc);
    let before = programme_text();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.trim() == "status: tbc,");
    assert!(!s.editor.app.is_dirty());
}

#[test]
fn undo_restores_status_after_picker_and_selection_returns() {
    let mut s = session();
    s.keys("ls<down><down><enter>jj");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[1].status,
        Status::Ongoing
    );
    s.keys("u");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[1].status,
        Status::Planned
    );
    assert_eq!(s.selected(), Cell::new(0, 1));
    assert!(!s.editor.app.is_dirty());
    s.keys("jj<C-r>");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[1].status,
        Status::Ongoing
    );
    assert_eq!(s.selected(), Cell::new(0, 1));
}

#[test]
fn cycle_key_moves_status_to_the_next() {
    let mut s = session();
    s.keys("cc");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[0].status,
        Status::Ongoing
    );
}

#[test]
fn quit_with_unsaved_changes_asks_and_cancel_stays() {
    let mut s = session();
    s.keys("cq");
    assert!(matches!(s.editor.app.mode, Mode::Confirm(_)));
    assert!(s.screen().contains("unsaved changes"));
    s.keys("<esc>");
    assert!(!s.editor.quit);
    s.keys("qd");
    assert!(s.editor.quit);
    assert_eq!(
        s.on_disk(),
        programme_text(),
        "discard leaves the file alone"
    );
}

/// The bottom line of the screen, where the key hints are.
fn hint_line(s: &Session) -> String {
    s.screen().lines().last().unwrap().to_string()
}

#[test]
fn question_hints_offer_only_that_questions_answers() {
    let mut s = session();
    s.keys("cq");
    let hints = hint_line(&s);
    for offered in ["s save", "d discard", "<esc> cancel"] {
        assert!(hints.contains(offered), "{offered:?} in {hints}");
    }
    for other in ["y yes", "n no", "r reload", "o overwrite"] {
        assert!(!hints.contains(other), "{other:?} in {hints}");
    }
    s.keys("<esc>");
    std::fs::write(&s.path, "changed elsewhere").unwrap();
    s.keys("<C-s>");
    assert!(s.screen().contains("changed on disk"), "{}", s.screen());
    let hints = hint_line(&s);
    for offered in ["r reload", "o overwrite", "<esc> cancel"] {
        assert!(hints.contains(offered), "{offered:?} in {hints}");
    }
    for other in ["y yes", "n no", "s save", "d discard"] {
        assert!(!hints.contains(other), "{other:?} in {hints}");
    }
}

#[test]
fn quit_with_save_answer_saves_then_quits() {
    let mut s = session();
    s.keys("cqs");
    assert!(s.editor.quit);
    assert_eq!(s.on_disk(), first_status_cycled());
}

#[test]
fn quit_without_changes_does_not_ask() {
    let mut s = session();
    s.keys("q");
    assert!(s.editor.quit);
}

#[test]
fn typed_date_is_kept_and_bad_date_is_refused_with_the_reason() {
    let mut s = session();
    s.keys("b2022-02-30<enter>");
    assert!(
        s.screen().contains("February 2022 has 28 days"),
        "{}",
        s.screen()
    );
    assert!(matches!(s.editor.app.mode, Mode::DateEntry(_)));
    s.keys("<C-u>2022-Q2<enter>e2022-03<enter>");
    assert!(s.screen().contains("end 2022-03 is before start 2022-Q2"));
    s.keys("<C-u>2022-09<enter>");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-Q2".parse::<PlanDate>().unwrap()));
    assert_eq!(a.end, Some("2022-09".parse::<PlanDate>().unwrap()));
}

#[test]
fn date_keys_shift_dates_by_day_week_and_month() {
    let mut s = session();
    s.keys("b2022-03-15<enter>+]}");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-04-23".parse::<PlanDate>().unwrap()));
    s.keys("b<up><up><S-up><pgdn><enter>");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-04-02".parse::<PlanDate>().unwrap()));
}

#[test]
fn month_shift_moves_a_quarter_end_by_one_month_and_the_save_keeps_the_length() {
    let mut s = session();
    s.keys("b2022-03-15<enter>e2022-Q2<enter>}");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-04-15".parse::<PlanDate>().unwrap()));
    assert_eq!(a.end, Some("2022-07".parse::<PlanDate>().unwrap()));
    assert!(
        s.screen().contains("Dates moved 1 month later."),
        "{}",
        s.screen()
    );
    s.keys("{{");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("2022-02-15".parse::<PlanDate>().unwrap()));
    assert_eq!(a.end, Some("2022-05".parse::<PlanDate>().unwrap()));
    let end = a.end;
    s.keys("<C-s>");
    let saved = store::parse(&s.on_disk()).unwrap().programme;
    assert_eq!(saved.clusters[0].activities[0].end, end);
}

#[test]
fn a_shift_past_the_last_year_moves_neither_end_and_says_why() {
    let mut s = session();
    s.keys("b9999-12-01<enter>e9999-12<enter>}");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(a.start, Some("9999-12-01".parse::<PlanDate>().unwrap()));
    assert_eq!(a.end, Some("9999-12".parse::<PlanDate>().unwrap()));
    assert!(
        s.screen()
            .contains("Dates not moved: they would leave the years 1000–9999."),
        "{}",
        s.screen()
    );
}

#[test]
fn formats_picker_toggles_filters_and_adds_free_text() {
    let mut s = session();
    // The first activity has "Online"; choose Seminar (2nd known) and add a new format.
    s.keys("fj<space>/Hackathon<enter><esc>");
    let formats = &s.editor.app.programme.clusters[0].activities[0].formats;
    let names: Vec<&str> = formats.iter().map(Format::name).collect();
    assert_eq!(names, ["Online", "Seminar", "Hackathon"]);
    s.keys("f/webin<enter><esc>");
    let names: Vec<String> = s.editor.app.programme.clusters[0].activities[0]
        .formats
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    assert_eq!(names, ["Online", "Seminar", "Hackathon", "Webinar"]);
    s.keys("uuu");
    let formats = &s.editor.app.programme.clusters[0].activities[0].formats;
    assert_eq!(formats, &[Format::parse("Online")]);
}

#[test]
fn formats_picker_offers_free_text_formats_used_in_the_file() {
    let mut s = session();
    s.keys("f/Hackathon<enter><esc>j");
    s.keys("f/hack");
    assert!(s.screen().contains("[ ] Hackathon"), "{}", s.screen());
}

#[test]
fn title_edit_keeps_the_id_and_new_activity_gets_a_slug_id() {
    let mut s = session();
    s.keys("a<C-u>Peer learning day<enter>");
    let cell = s.selected();
    assert_eq!(cell, Cell::new(0, 1));
    let a = s.editor.app.programme.activity(cell).unwrap().clone();
    assert_eq!(a.id, "peer-learning-day");
    s.keys("t<bs><bs><bs>week<enter>");
    let a = s.editor.app.programme.activity(cell).unwrap();
    assert_eq!(a.title, "Peer learning week");
    assert_eq!(a.id, "peer-learning-day");
}

#[test]
fn description_is_multi_line_ctrl_s_keeps_it_and_escape_asks_before_discarding() {
    let mut s = session();
    s.keys("D<enter>Second line<C-s>");
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(
        a.description,
        "Meeting labour and skills shortages\nSecond line"
    );
    s.keys("Dthrown away<esc>");
    assert!(
        s.screen()
            .contains("Changes not kept: <esc>/<C-c> again discards them, <C-s> keeps them"),
        "{}",
        s.screen()
    );
    s.keys("<C-c>");
    assert_eq!(s.editor.app.mode, Mode::Normal);
    let a = &s.editor.app.programme.clusters[0].activities[0];
    assert_eq!(
        a.description,
        "Meeting labour and skills shortages\nSecond line"
    );
}

#[test]
fn form_edits_notes_and_returns_to_the_form() {
    let mut s = session();
    s.keys("<enter>jjjjjjj<enter>Ask the chair<C-s>");
    assert_eq!(s.editor.app.mode, Mode::Form);
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[0].notes,
        "Ask the chair"
    );
    s.keys("<esc>");
    assert_eq!(s.editor.app.mode, Mode::Normal);
}

#[test]
fn duplicate_delete_and_moves_are_undoable() {
    let mut s = session();
    let original = s.editor.app.programme.clone();
    s.keys("y");
    assert_eq!(s.editor.app.programme.clusters[0].activities.len(), 7);
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[1].id,
        "pes-stakeholder-conference-2"
    );
    s.keys("xLJKH");
    s.keys("uuuuuu");
    assert_eq!(s.editor.app.programme, original);
    assert_eq!(s.selected(), Cell::new(0, 0));
}

#[test]
fn moving_an_activity_down_puts_it_in_the_next_cluster() {
    let mut s = session();
    s.keys("lJ");
    let p = &s.editor.app.programme;
    assert_eq!(
        p.clusters[1].activities[1].id,
        "future-skills-career-guidance-lifelong-learning"
    );
    assert_eq!(s.selected(), Cell::new(1, 1));
}

#[test]
fn clusters_can_be_added_renamed_moved_and_deleted_after_asking() {
    let mut s = session();
    s.keys("ANew cluster<enter>");
    assert_eq!(s.editor.app.programme.clusters[1].id, "new-cluster");
    assert_eq!(s.selected(), Cell::new(1, 0));
    s.keys("R<C-j>Renamed<enter>");
    assert_eq!(s.editor.app.programme.clusters[1].name, "Renamed");
    s.keys("<A-k>");
    assert_eq!(s.editor.app.programme.clusters[0].name, "Renamed");
    s.keys("X");
    assert_eq!(
        s.editor.app.programme.clusters.len(),
        6,
        "empty cluster goes at once"
    );
    s.keys("X");
    assert!(matches!(s.editor.app.mode, Mode::Confirm(_)));
    s.keys("n");
    assert_eq!(s.editor.app.programme.clusters.len(), 6);
    s.keys("Xy");
    assert_eq!(s.editor.app.programme.clusters.len(), 5);
    s.keys("uuuuuu");
    assert_eq!(
        s.editor.app.programme,
        store::parse(&programme_text()).unwrap().programme
    );
}

#[test]
fn search_selects_matches_and_n_moves_on() {
    let mut s = session();
    s.keys("/webinar<enter>");
    let first = s.selected();
    let a = s.editor.app.programme.activity(first).unwrap();
    assert!(
        a.formats
            .iter()
            .any(|f| f.name().to_lowercase().contains("webinar"))
            || a.title.to_lowercase().contains("webinar")
    );
    s.keys("n");
    assert_ne!(s.selected(), first);
}

#[test]
fn save_refuses_to_overwrite_a_file_changed_on_disk_and_offers_reload() {
    let mut s = session();
    s.keys("c");
    let changed = programme_text().replace("PES Network Work Programme 2022", "Changed elsewhere");
    std::fs::write(&s.path, &changed).unwrap();
    s.keys("<C-s>");
    assert!(s.screen().contains("changed on disk"));
    assert_eq!(s.on_disk(), changed, "nothing written yet");
    s.keys("r");
    assert_eq!(s.editor.app.programme.title, "Changed elsewhere");
    assert!(!s.editor.app.is_dirty());
    s.keys("u");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[0].status,
        Status::Tbc
    );
}

#[test]
fn save_can_overwrite_a_file_changed_on_disk() {
    let mut s = session();
    s.keys("c");
    std::fs::write(&s.path, "garbage").unwrap();
    s.keys("<C-s>o");
    assert_eq!(s.on_disk(), first_status_cycled());
}

#[test]
fn file_with_comments_warns_and_first_save_asks() {
    let text = programme_text().replacen("Programme(\n", "Programme(\n    // keep me\n", 1);
    let mut s = session_with(&text, 80, 24);
    assert!(s.screen().contains("comments"), "{}", s.screen());
    s.keys("<C-s>");
    assert!(matches!(s.editor.app.mode, Mode::Confirm(_)));
    s.keys("n");
    assert_eq!(s.on_disk(), text, "no means nothing written");
    s.keys("<C-s>y");
    assert_eq!(s.on_disk(), programme_text());
}

#[test]
fn validation_problem_is_marked_and_its_message_shown() {
    let text = programme_text().replacen(
        "start: None,\n                    end: None,",
        "start: Some(\"2022-06\"),\n                    end: Some(\"2022-02\"),",
        1,
    );
    let s = session_with(&text, 80, 24);
    assert!(
        s.screen().contains("end 2022-02 is before start 2022-06"),
        "{}",
        s.screen()
    );
}

#[test]
fn cluster_summary_is_editable_and_undoable() {
    let mut s = session_with(&programme_text(), 200, 50);
    s.keys("jjjjS<C-j>Short summary<C-s>");
    assert_eq!(s.editor.app.programme.clusters[4].summary, "Short summary");
    assert!(s.screen().contains("Short summary"));
    s.keys("u");
    assert_eq!(s.editor.app.programme.clusters[4].summary, "");
}

#[test]
fn empty_programme_can_be_filled_from_scratch() {
    let text = "Programme(\n    year: 2022,\n    title: \"Empty\",\n    adopted: None,\n    clusters: [],\n)\n";
    let mut s = session_with(text, 80, 24);
    s.keys("jlksc+xXu<C-r>");
    s.keys("AFirst cluster<enter>aFirst activity<enter>c<C-s>");
    let saved = store::parse(&s.on_disk()).unwrap().programme;
    assert_eq!(saved.clusters[0].id, "first-cluster");
    assert_eq!(saved.clusters[0].activities[0].id, "first-activity");
    assert_eq!(saved.clusters[0].activities[0].status, Status::Tbc);
}

/// The 2022 programme as the merge driver leaves it when both sides changed the status and the
/// title of its first activity: ours kept, both noted.
pub(crate) fn merged_with_conflicts() -> String {
    let base = store::parse(&programme_text()).unwrap().programme;
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let (o, t) = (
        &mut ours.clusters[0].activities[0],
        &mut theirs.clusters[0].activities[0],
    );
    o.status = Status::Done;
    t.status = Status::Cancelled;
    o.title = "Our conference".into();
    t.title = "Their \"big\" conference".into();
    let merged = wpmatrix::model::merge::merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 2);
    store::to_canonical(&merged.programme)
}

#[test]
fn merge_conflicts_resolve_per_field_save_clean_and_undo_back() {
    let text = merged_with_conflicts();
    let mut s = session_with(&text, 80, 24);
    assert!(
        s.screen()
            .contains("2 merge conflicts; m chooses ours or theirs"),
        "{}",
        s.screen()
    );
    // Status (the second conflict) with theirs, then title with ours.
    s.keys("mj");
    assert!(matches!(s.editor.app.mode, Mode::Conflicts { index: 1 }));
    s.keys("t");
    assert!(matches!(s.editor.app.mode, Mode::Conflicts { index: 0 }));
    s.keys("o");
    assert_eq!(
        s.editor.app.mode,
        Mode::Normal,
        "the last choice closes the picker"
    );
    s.keys("<C-s>");
    let saved = s.on_disk();
    assert!(!saved.contains("CONFLICT"), "{saved}");
    let first = &store::parse(&saved).unwrap().programme.clusters[0].activities[0];
    assert_eq!(first.status, Status::Cancelled);
    assert_eq!(first.title, "Our conference");
    assert_eq!(first.notes, "");
    s.keys("uu");
    assert_eq!(
        store::to_canonical(&s.editor.app.programme),
        text,
        "undo brings the conflicts back"
    );
    s.keys("m");
    assert!(
        s.screen()
            .contains("Merge conflicts in pes-stakeholder-conference")
    );
}

#[test]
fn merge_conflict_picker_undoes_in_place_and_check_warns_until_resolved() {
    let mut s = session_with(&merged_with_conflicts(), 80, 24);
    assert_eq!(s.editor.app.problems().len(), 2);
    s.keys("mt");
    assert_eq!(
        s.editor.app.programme.clusters[0].activities[0].title,
        "Their \"big\" conference"
    );
    assert_eq!(s.editor.app.problems().len(), 1);
    s.keys("u");
    assert!(matches!(s.editor.app.mode, Mode::Conflicts { .. }));
    assert_eq!(s.editor.app.selected_conflicts().len(), 2);
    s.keys("<esc>l m");
    assert_eq!(s.editor.app.mode, Mode::Normal);
    assert!(s.screen().contains("No merge conflicts here"));
}

#[test]
fn merge_conflicts_picker_at_80x24() {
    let mut s = session_with(&merged_with_conflicts(), 80, 24);
    s.keys("m");
    insta::assert_snapshot!(s.screen());
}

#[test]
fn follow_up_is_edited_and_a_bad_reference_is_refused_at_once() {
    let mut s = session();
    s.keys("F2021/pes-stakeholder-conference<enter>");
    let first = |s: &Session| s.editor.app.programme.clusters[0].activities[0].clone();
    assert_eq!(
        first(&s).follow_up_of.as_deref(),
        Some("2021/pes-stakeholder-conference")
    );
    s.keys("F<C-j>last year's conference<enter>");
    assert!(
        s.screen()
            .contains("\"last year's conference\" is not <year>/<activity id>"),
        "{}",
        s.screen()
    );
    assert_eq!(
        first(&s).follow_up_of.as_deref(),
        Some("2021/pes-stakeholder-conference"),
        "the old value stays"
    );
    s.keys("<esc><enter>jjjjjj<enter><C-j><enter><esc>");
    assert_eq!(
        first(&s).follow_up_of,
        None,
        "empty clears, from the form too"
    );
    s.keys("uu");
    assert_eq!(first(&s).follow_up_of, None);
    s.keys("<C-r>");
    assert!(first(&s).follow_up_of.is_some());
}

#[test]
fn programme_title_and_year_are_editable_with_validation() {
    let mut s = session();
    s.keys("T<C-j>Work Programme 2022 (revised)<enter>");
    assert_eq!(
        s.editor.app.programme.title,
        "Work Programme 2022 (revised)"
    );
    assert!(s.screen().contains("Work Programme 2022 (revised)"));
    s.keys("T<C-j><enter>");
    assert!(s.screen().contains("A programme title cannot be empty"));
    s.keys("<esc>Y<C-j>22<enter>");
    assert!(
        s.screen().contains("\"22\" is not a four-digit year"),
        "{}",
        s.screen()
    );
    assert_eq!(s.editor.app.programme.year, 2022);
    // Asked whether the dates and title move with the year, `n` sets the year alone.
    s.keys("<esc>b2022-Q2<enter>e2022-Q3<enter>Y<C-j>2023<enter>n");
    assert_eq!(s.editor.app.programme.year, 2023);
    assert!(
        s.screen().contains("Year set to 2023; 2 dates outside it"),
        "{}",
        s.screen()
    );
    s.keys("<C-s>");
    let saved = store::parse(&s.on_disk()).unwrap().programme;
    assert_eq!(
        (saved.year, saved.title.as_str()),
        (2023, "Work Programme 2022 (revised)")
    );
    s.keys("uuuu");
    assert_eq!(
        s.editor.app.programme,
        store::parse(&programme_text()).unwrap().programme
    );
}

#[test]
fn merge_conflicts_picker_renders_at_any_size() {
    let mut s = session_with(&merged_with_conflicts(), 80, 24);
    s.keys("mj");
    for (w, h) in (1..=200u16)
        .step_by(11)
        .flat_map(|w| (1..=60u16).step_by(7).map(move |h| (w, h)))
    {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| s.editor.draw(f)).unwrap();
    }
    assert!(matches!(s.editor.app.mode, Mode::Conflicts { index: 1 }));
}

#[test]
fn a_paste_goes_whole_into_the_focused_text_box() {
    let mut s = session();
    // One-line box (a new activity's title): newlines become spaces, nothing acts as a key.
    s.keys("a");
    s.editor.handle_paste("Skills forum\nqdrant review");
    s.keys("<enter>");
    assert!(!s.editor.quit);
    let added = s.editor.app.selected_activity().unwrap();
    assert_eq!(added.title, "Skills forum qdrant review");
    // Multi-line box (the notes): the lines are kept.
    s.keys("O");
    s.editor.handle_paste("first line\r\nsecond line");
    s.keys("<C-s>");
    assert_eq!(
        s.editor.app.selected_activity().unwrap().notes,
        "first line\nsecond line"
    );
    // Date entry: typed as one line.
    s.keys("b");
    s.editor.handle_paste("2022-03\n");
    s.keys("<enter>");
    assert_eq!(
        s.editor.app.selected_activity().unwrap().start,
        Some("2022-03".parse().unwrap())
    );
}

#[test]
fn a_paste_into_the_grid_changes_nothing_and_says_so() {
    let mut s = session();
    let before = s.editor.app.programme.clone();
    s.editor.handle_paste("qd\nx");
    assert!(!s.editor.quit);
    assert_eq!(s.editor.app.programme, before);
    assert!(!s.editor.app.is_dirty());
    let message = s.editor.app.message.clone().unwrap();
    assert!(
        message.text.starts_with("Nothing pasted"),
        "{}",
        message.text
    );
}
