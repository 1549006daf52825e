//! Every text box behaves alike, driven headless with key strings: Ctrl-u clears the line up to
//! the cursor, a refused value keeps the box open with its text and the reason, Enter (one-line)
//! or Ctrl-s (any box) accepts, Esc cancels, and a changed multi-line box asks before discarding.

use crate::common;

use common::session::Session;
use wpmatrix::app::{Mode, TextTarget};
use wpmatrix::model::{Cell, PlanDate};

fn session() -> Session {
    Session::of_2022(100, 30)
}

#[test]
fn ctrl_u_then_typing_replaces_the_text_in_every_one_line_box() {
    let mut s = session();
    s.keys("t<C-u>New title<enter>");
    assert_eq!(s.first().title, "New title");
    s.keys("F<C-u>2021/pes-stakeholder-conference<enter>");
    assert_eq!(
        s.first().follow_up_of.as_deref(),
        Some("2021/pes-stakeholder-conference")
    );
    // The case: without Ctrl-u clearing, this read "202220x2".
    // A new year asks whether the dates and the title move with it; `n` sets it alone.
    s.keys("Y<C-u>2023<enter>n");
    assert_eq!(s.editor.app.programme.year, 2023);
    s.keys("T<C-u>Plan 2023<enter>");
    assert_eq!(s.editor.app.programme.title, "Plan 2023");
    s.keys("R<C-u>Recovery<enter>");
    assert_eq!(s.editor.app.programme.clusters[0].name, "Recovery");
    s.keys("abc<C-u>Fresh activity<enter>");
    assert_eq!(
        s.editor.app.selected_activity().unwrap().title,
        "Fresh activity"
    );
    s.keys("Axyz<C-u>New cluster<enter>");
    assert_eq!(s.editor.app.programme.clusters[1].name, "New cluster");
}

#[test]
fn ctrl_u_clears_only_up_to_the_cursor_as_in_readline() {
    let mut s = session();
    // "PES Stakeholder conference": ten steps left is the start of "conference".
    s.keys("t<left><left><left><left><left><left><left><left><left><left><C-u>Big <enter>");
    assert_eq!(s.first().title, "Big conference");
}

#[test]
fn ctrl_u_in_a_multi_line_box_clears_the_current_line_only() {
    let mut s = session();
    s.keys("D<enter>second<C-u>third<C-s>");
    assert_eq!(
        s.first().description,
        "Meeting labour and skills shortages\nthird"
    );
    s.keys("Odraft<C-u>Ask the chair<C-s>");
    assert_eq!(s.first().notes, "Ask the chair");
    s.keys("S<C-u>Short<C-s>");
    // The summary is one long line, so the line up to the cursor is all of it.
    assert_eq!(s.editor.app.programme.clusters[0].summary, "Short");
}

#[test]
fn ctrl_u_clears_the_date_search_and_format_filter_entries() {
    let mut s = session();
    s.keys("b2022-0<C-u>2022-05<enter>");
    assert_eq!(
        s.first().start,
        Some("2022-05".parse::<PlanDate>().unwrap())
    );
    s.keys("/zzz<C-u>Greening<enter>");
    assert_eq!(s.editor.app.selected, Cell::new(0, 2));
    s.keys("f/zzz<C-u>webin");
    let Mode::FormatPicker(picker) = s.mode() else {
        panic!("{:?}", s.mode())
    };
    assert_eq!(picker.filter, "webin");
}

#[test]
fn a_bad_follow_up_keeps_the_box_open_with_the_text_and_the_reason() {
    let mut s = session();
    s.keys("Flast year's conference<enter>");
    assert_eq!(s.mode(), &Mode::Text(TextTarget::FollowUpOf));
    assert_eq!(s.box_text(), "last year's conference");
    let reason = "follow_up_of \"last year's conference\" is not <year>/<activity id>, e.g. \"2021/pes-stakeholder-conference\"";
    assert_eq!(s.editor.app.text_box.error.as_deref(), Some(reason));
    assert!(
        s.screen()
            .contains("follow_up_of \"last year's conference\" is not"),
        "{}",
        s.screen()
    );
    assert_eq!(s.first().follow_up_of, None, "nothing changed yet");
    // Typing takes the reason away; a good value then closes the box.
    s.keys("<C-u>");
    assert_eq!(s.editor.app.text_box.error, None);
    s.keys("2021/pes-stakeholder-conference<enter>");
    assert_eq!(s.mode(), &Mode::Normal);
    assert_eq!(
        s.first().follow_up_of.as_deref(),
        Some("2021/pes-stakeholder-conference")
    );
}

#[test]
fn a_bad_year_keeps_the_text_and_can_be_corrected() {
    let mut s = session();
    s.keys("Y<C-u>20x2<enter>");
    assert_eq!(s.mode(), &Mode::Text(TextTarget::ProgrammeYear));
    assert_eq!(s.box_text(), "20x2");
    assert_eq!(
        s.editor.app.text_box.error.as_deref(),
        Some("year \"20x2\" is not a four-digit year (from 1000 to 9999)")
    );
    assert!(s.screen().contains("\"20x2\" is not a four-digit year"));
    s.keys("<left><bs>2<enter>");
    assert_eq!(s.mode(), &Mode::Normal);
    assert_eq!(s.editor.app.programme.year, 2022);
    s.keys("Y<C-u>20x2<enter><esc>");
    assert_eq!(s.mode(), &Mode::Normal, "Esc gives up the refused value");
    assert_eq!(s.editor.app.programme.year, 2022);
}

#[test]
fn empty_names_and_titles_keep_the_box_open_with_the_reason() {
    for (keys, target, reason) in [
        (
            "t<C-u><enter>",
            TextTarget::Title,
            "A title cannot be empty.",
        ),
        (
            "R<C-u><enter>",
            TextTarget::ClusterName,
            "A cluster name cannot be empty.",
        ),
        (
            "T<C-u><enter>",
            TextTarget::ProgrammeTitle,
            "A programme title cannot be empty.",
        ),
    ] {
        let mut s = session();
        s.keys(keys);
        assert_eq!(s.mode(), &Mode::Text(target), "{keys}");
        assert_eq!(s.editor.app.text_box.error.as_deref(), Some(reason));
        assert!(s.screen().contains(reason), "{}", s.screen());
        assert!(!s.editor.app.is_dirty());
    }
}

#[test]
fn a_bad_date_keeps_its_text_and_shows_the_reason_like_every_box() {
    let mut s = session();
    s.keys("b2022-13<enter>");
    let Mode::DateEntry(entry) = s.mode() else {
        panic!("{:?}", s.mode())
    };
    assert_eq!(entry.text, "2022-13");
    assert!(entry.error.is_some());
}

#[test]
fn esc_cancels_a_one_line_box_at_once_and_keeps_the_old_value() {
    let mut s = session();
    s.keys("t<C-u>Never mind<esc>");
    assert_eq!(s.mode(), &Mode::Normal);
    assert_eq!(s.first().title, "PES Stakeholder conference");
    assert!(s.editor.textarea.is_none());
}

#[test]
fn a_changed_multi_line_box_asks_before_esc_discards_it() {
    let mut s = session();
    // Unchanged: Esc closes at once.
    s.keys("D<esc>");
    assert_eq!(s.mode(), &Mode::Normal);
    s.keys("D<enter>Second line<esc>");
    assert_eq!(s.mode(), &Mode::Text(TextTarget::Description));
    assert!(
        s.screen()
            .contains("Changes not kept: <esc>/<C-c> again discards them, <C-s> keeps them"),
        "{}",
        s.screen()
    );
    // Ctrl-s after the question keeps the text.
    s.keys("<C-s>");
    assert_eq!(
        s.first().description,
        "Meeting labour and skills shortages\nSecond line"
    );
    // Typing after the question takes it back; Esc asks again, a second Esc discards.
    s.keys("D more<esc>!<esc>");
    assert_eq!(s.mode(), &Mode::Text(TextTarget::Description));
    assert_eq!(
        s.box_text(),
        "Meeting labour and skills shortages\nSecond line more!"
    );
    s.keys("<esc>");
    assert_eq!(s.mode(), &Mode::Normal);
    assert_eq!(
        s.first().description,
        "Meeting labour and skills shortages\nSecond line"
    );
}

#[test]
fn the_hint_line_shows_the_keys_of_each_kind_of_box() {
    let mut s = session();
    s.keys("t");
    assert!(
        s.screen().contains("<enter> done  <esc> cancel"),
        "{}",
        s.screen()
    );
    s.keys("<esc>D");
    assert!(
        s.screen().contains("<C-s> done  <esc> cancel"),
        "{}",
        s.screen()
    );
    // Enter in a multi-line box is a new line, not accept.
    s.keys("<enter>");
    assert_eq!(s.mode(), &Mode::Text(TextTarget::Description));
}

#[test]
fn a_refused_character_in_the_format_filter_keeps_the_text_and_shows_why_in_the_box() {
    let mut s = session();
    s.keys("f/web;");
    let Mode::FormatPicker(picker) = s.mode() else {
        panic!("{:?}", s.mode())
    };
    assert_eq!(picker.filter, "web");
    let screen = s.screen();
    let popup_line = screen
        .lines()
        .find(|l| l.contains("a format cannot contain `;`"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        popup_line.contains('│'),
        "shown inside the box: {popup_line}"
    );
    s.keys("i");
    assert_eq!(
        s.editor.app.message, None,
        "typing on takes the reason away"
    );
}

#[test]
fn ctrl_s_accepts_and_ctrl_c_cancels_in_every_kind_of_box() {
    let mut s = session();
    s.keys("t<C-u>Kept<C-s>");
    assert_eq!(s.first().title, "Kept");
    s.keys("t<C-u>Dropped<C-c>");
    assert_eq!(s.first().title, "Kept");
    s.keys("b<C-u>2022-06<C-s>");
    assert_eq!(
        s.first().start,
        Some("2022-06".parse::<PlanDate>().unwrap())
    );
    s.keys("b<C-u>2022-07<C-c>");
    assert_eq!(
        s.first().start,
        Some("2022-06".parse::<PlanDate>().unwrap())
    );
    s.keys("/Greening<C-s>");
    assert_eq!(
        (s.mode(), s.editor.app.selected),
        (&Mode::Normal, Cell::new(0, 2))
    );
    s.keys("/Stakeholder<C-c>");
    assert_eq!(s.editor.app.selected, Cell::new(0, 2), "cancel goes back");
    s.keys("f/Hackathon<C-s>");
    let Mode::FormatPicker(picker) = s.mode() else {
        panic!("{:?}", s.mode())
    };
    assert!(
        picker.chosen.iter().any(|f| f.name() == "Hackathon"),
        "{:?}",
        picker.chosen
    );
    s.keys("/zz<C-c>");
    let Mode::FormatPicker(picker) = s.mode() else {
        panic!("{:?}", s.mode())
    };
    assert!(!picker.filtering && picker.filter.is_empty());
}
