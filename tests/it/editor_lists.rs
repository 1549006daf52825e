//! The list editor for an activity's sessions and outputs (`M`, `o`, or Enter on the form's
//! row): add, edit, delete and reorder, each one undo step; a refused item keeps its box open
//! with the reason; drawn at 80x24 and 120x40, in ASCII, and read by a screen reader. And the
//! other list the editor shows in short: the leads under each title in the fitted grid (`z`).

use crate::common::pty::Spawn;
use crate::common::session::Session;
use wpmatrix::app::{ListField, Mode, TextTarget};
use wpmatrix::model::{Output, Programme, Session as Meeting};

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

fn full_text() -> String {
    std::fs::read_to_string(FULL).unwrap()
}

/// The full fixture in an editor of this size, its first activity (three sessions, two
/// outputs) selected.
fn editor(width: u16, height: u16) -> Session {
    Session::new(&full_text(), width, height, None)
}

fn programme(s: &Session) -> &Programme {
    &s.editor.app.programme
}

/// The first activity's sessions in their cell forms.
fn sessions(s: &Session) -> Vec<String> {
    s.first().sessions.iter().map(Meeting::cell).collect()
}

fn outputs(s: &Session) -> Vec<String> {
    s.first().outputs.iter().map(Output::cell).collect()
}

fn ids(s: &Session) -> Vec<u32> {
    s.first().sessions.iter().map(|x| x.id).collect()
}

fn highlighted(s: &Session) -> usize {
    s.editor.app.list.expect("the list editor is open").index
}

#[test]
fn adding_a_session_after_the_last_gives_the_next_id_as_one_undo_step() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    s.keys("M");
    assert_eq!(s.mode(), &Mode::List);
    assert!(s.screen().contains("Sessions of"), "{}", s.screen());
    s.keys("jja2022-12 Paris FR online");
    assert!(
        s.screen().contains("Reads as: #4 2022-12 Paris FR online"),
        "{}",
        s.screen()
    );
    s.keys("<enter>");
    assert_eq!(s.mode(), &Mode::List, "the list stays open");
    assert_eq!(ids(&s), [1, 2, 3, 4]);
    assert_eq!(sessions(&s)[3], "#4 2022-12 Paris FR online");
    assert_eq!(highlighted(&s), 3, "the new session is highlighted");
    s.keys("u");
    assert_eq!(programme(&s), &before, "one undo takes the addition back");
    assert_eq!(s.mode(), &Mode::List);
    assert_eq!(
        highlighted(&s),
        2,
        "the highlight stays on a session there is"
    );
    s.keys("<C-r>");
    assert_eq!(ids(&s), [1, 2, 3, 4]);
}

#[test]
fn a_session_added_in_the_middle_goes_after_the_highlighted_one() {
    let mut s = editor(120, 40);
    s.keys("Ma2022-09 online<enter>");
    assert_eq!(ids(&s), [1, 4, 2, 3]);
    assert_eq!(highlighted(&s), 1);
    // Several typed at once, `;` between them, are all added, in one step.
    s.keys("a2022-10 online; 2022-11 Bonn DE physical<enter>");
    assert_eq!(ids(&s), [1, 4, 5, 6, 2, 3]);
    assert_eq!(highlighted(&s), 3);
    s.keys("u");
    assert_eq!(ids(&s), [1, 4, 2, 3]);
}

#[test]
fn editing_a_session_keeps_its_id_and_is_one_undo_step() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    s.keys("Mj<enter>");
    assert_eq!(
        s.mode(),
        &Mode::Text(TextTarget::Item(ListField::Sessions, Some(1)))
    );
    assert_eq!(s.box_text(), sessions(&s)[1], "the box holds the cell form");
    // The id typed away: the session keeps its own.
    s.keys("<C-u>2022-07-04 Madrid ES online 45 held<enter>");
    assert_eq!(s.mode(), &Mode::List);
    assert_eq!(sessions(&s)[1], "#2 2022-07-04 Madrid ES online 45 held");
    assert_eq!(ids(&s), [1, 2, 3]);
    s.keys("u");
    assert_eq!(programme(&s), &before);
}

#[test]
fn deleting_a_session_is_one_undo_step_and_ids_are_not_renumbered() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    s.keys("Mjd");
    assert_eq!(ids(&s), [1, 3], "#3 keeps its id");
    assert_eq!(highlighted(&s), 1);
    assert!(s.status().contains("Session deleted"), "{}", s.status());
    s.keys("dd");
    assert!(ids(&s).is_empty());
    assert!(s.screen().contains("No session yet."), "{}", s.screen());
    s.keys("d");
    assert!(s.status().contains("No session to move or delete here."));
    s.keys("u");
    assert_eq!(ids(&s), [1]);
    s.keys("uu");
    assert_eq!(programme(&s), &before);
}

#[test]
fn moving_a_session_up_and_down_is_one_undo_step_each() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    s.keys("MJ");
    assert_eq!(ids(&s), [2, 1, 3]);
    assert_eq!(highlighted(&s), 1, "the highlight follows the session");
    s.keys("J");
    assert_eq!(ids(&s), [2, 3, 1]);
    s.keys("J");
    assert_eq!(ids(&s), [2, 3, 1], "the last stays last");
    s.keys("K<S-up>");
    assert_eq!(ids(&s), [1, 2, 3]);
    s.keys("u");
    assert_eq!(ids(&s), [2, 1, 3]);
    s.keys("uuu");
    assert_eq!(programme(&s), &before);
}

#[test]
fn a_refused_item_keeps_its_box_open_with_the_reason() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    // Not a date: refused as import refuses the same cell.
    s.keys("Ma2022-13 Paris<enter>");
    assert_eq!(
        s.mode(),
        &Mode::Text(TextTarget::Item(ListField::Sessions, None))
    );
    let import_says = wpmatrix::model::sessions_from_cell("2022-13 Paris", &[])
        .unwrap_err()
        .to_string();
    assert!(
        s.screen().contains(&import_says),
        "{import_says}\n{}",
        s.screen()
    );
    assert_eq!(s.box_text(), "2022-13 Paris", "the typing is kept");
    // What `check` refuses is refused too, in its words.
    s.keys("<C-u>#1 2022-10 online<enter>");
    assert!(
        s.screen().contains("session #1 appears twice"),
        "{}",
        s.screen()
    );
    s.keys("<esc>");
    assert_eq!(s.mode(), &Mode::List);
    // An item emptied is not deleted by accident: deleting has its key.
    s.keys("<enter><C-u><enter>");
    assert!(
        s.screen()
            .contains("An empty line is no session; delete it with the delete key."),
        "{}",
        s.screen()
    );
    s.keys("<esc><esc>");
    assert_eq!(s.mode(), &Mode::Normal);
    assert_eq!(programme(&s), &before);
    // An output without a title.
    s.keys("oa<lt>https://example.org<gt><enter>");
    assert!(s.screen().contains("has no title"), "{}", s.screen());
    s.keys("<esc><esc>");
    assert_eq!(programme(&s), &before);
}

#[test]
fn outputs_are_added_edited_moved_and_deleted_one_step_each() {
    let mut s = editor(120, 40);
    let before = programme(&s).clone();
    let first = outputs(&s);
    s.keys("oja report: Final report <lt>https://example.org/r<gt> 2022-12<enter>");
    assert_eq!(
        outputs(&s)[2],
        "report: Final report <https://example.org/r> 2022-12"
    );
    s.keys("<enter><C-u>paper: Final paper<enter>");
    assert_eq!(outputs(&s)[2], "paper: Final paper");
    s.keys("KK");
    assert_eq!(outputs(&s)[0], "paper: Final paper");
    s.keys("x");
    assert_eq!(outputs(&s), first);
    for _ in 0..5 {
        s.keys("u");
    }
    assert_eq!(programme(&s), &before);
}

#[test]
fn the_form_opens_the_list_editor_and_esc_goes_back_to_the_form() {
    let mut s = editor(120, 40);
    // Title, Description, Formats, Status, Start, End, Follows up, Notes, Leads, Sessions, Outputs.
    s.keys("<enter>jjjjjjjjjj<enter>");
    assert_eq!(s.mode(), &Mode::List);
    assert!(s.screen().contains("Outputs of"), "{}", s.screen());
    s.keys("?");
    assert!(matches!(s.mode(), Mode::Help { .. }));
    s.keys("<esc>");
    assert_eq!(s.mode(), &Mode::List, "help comes back to the list");
    s.keys("<esc>");
    assert_eq!(s.mode(), &Mode::Form);
    // The whole list on one line, as a spreadsheet cell, is still a key away.
    s.keys("k<enter>c");
    assert_eq!(
        s.mode(),
        &Mode::Text(TextTarget::Cells(wpmatrix::model::Field::Sessions))
    );
    s.keys("<esc>");
    assert_eq!(s.mode(), &Mode::List);
}

#[test]
fn list_editor_snapshots() {
    let mut s = editor(80, 24);
    s.keys("M");
    insta::assert_snapshot!("list_sessions_80x24", s.screen());
    s.keys("ja2022-12 Paris FR onl");
    insta::assert_snapshot!("list_new_session_80x24", s.screen());
    let mut s = editor(120, 40);
    s.keys("o");
    insta::assert_snapshot!("list_outputs_120x40", s.screen());
    s.keys("a<lt>https://example.org<gt><enter>");
    insta::assert_snapshot!("list_refused_output_120x40", s.screen());
}

#[test]
fn the_list_editor_is_drawn_in_ascii_in_ascii_mode() {
    wpmatrix::text::ascii::set_ascii_here(Some(true));
    let text = full_text();
    let mut s = editor(80, 24);
    for keys in ["M", "a2022", "<esc>j", "<esc>o"] {
        s.keys(keys);
        let screen = s.screen();
        let odd: Vec<char> = screen
            .chars()
            .filter(|c| !c.is_ascii() && !text.contains(*c))
            .collect();
        assert!(odd.is_empty(), "after {keys:?}: {odd:?}\n{screen}");
    }
    wpmatrix::text::ascii::set_ascii_here(None);
}

#[test]
fn a_screen_reader_hears_the_list_an_item_at_a_time() {
    let mut s = editor(80, 24);
    s.editor.screen_reader = true;
    s.keys("Mj");
    let first_line = s.lines()[0].clone();
    let title = s.first().title.clone();
    assert!(
        first_line.starts_with(&format!("Sessions of {title}, 2 of 3: #2 ")),
        "{}",
        s.screen()
    );
    s.keys("ddd");
    assert!(
        s.lines()[0].starts_with(&format!("Sessions of {title}: none yet.")),
        "{}",
        s.screen()
    );
}

#[test]
fn the_list_keys_are_in_help_and_can_be_rebound() {
    let mut s = editor(120, 80);
    s.keys("?");
    let help = s.screen();
    for line in [
        "M               sessions",
        "o               outputs",
        "list mode",
        "a               add-item",
        "K <S-up>        item-up",
        "d x <del>       delete-item",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }
    let (lines, problems) = wpmatrix::tui::keyfile::parse("list add-item +\ngrid sessions g\n");
    assert!(problems.is_empty(), "{problems:?}");
    let (keymap, problems) =
        wpmatrix::tui::keyfile::apply(&wpmatrix::tui::keymap::Keymap::default(), &lines);
    assert!(problems.is_empty(), "{problems:?}");
    let place = crate::common::Place::with_text(&full_text());
    let mut editor =
        wpmatrix::tui::Editor::open_in(&place.path, keymap, place.state.clone()).unwrap();
    editor.type_keys("g+2022-12 online<enter>").unwrap();
    assert_eq!(
        editor.app.programme.clusters[0].activities[0]
            .sessions
            .len(),
        4
    );
}

#[test]
fn a_session_added_in_a_real_terminal_is_saved_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    std::fs::copy(FULL, &path).unwrap();
    let mut pty = Spawn::wpmatrix(&[path.as_os_str()])
        .size(120, 40)
        .homes(dir.path())
        .start();
    pty.wait_for("GRID");
    pty.send(b"M");
    pty.wait_for("Sessions of");
    pty.send(b"jja");
    pty.wait_for("New session");
    pty.send(b"2022-10-05 Paris FR hybrid 80\r");
    // The list's own row (numbered), not the box's preview of it.
    pty.wait_for(" 4 #4 2022-10-05 Paris FR hybrid 80");
    pty.wait_for("LIST");
    // Ctrl-s saves from the list, which stays open.
    pty.send(b"\x13");
    pty.wait_for("Saved");
    pty.wait_for("LIST");
    pty.send(b"\x1b");
    pty.wait_for("GRID");
    pty.send(b"q");
    let status = pty.wait_for_exit();
    assert!(status.success(), "{status:?}");
    let saved = std::fs::read_to_string(&path).unwrap();
    let programme = wpmatrix::store::parse(&saved).unwrap().programme;
    let added = programme.clusters[0].activities[0].sessions.last().unwrap();
    assert_eq!(added.cell(), "#4 2022-10-05 Paris FR hybrid 80");
    // Nothing else changed: the file is the fixture with the one session added.
    let mut expected = wpmatrix::store::parse(&full_text()).unwrap().programme;
    expected.clusters[0].activities[0]
        .sessions
        .push(added.clone());
    assert_eq!(programme, expected);
    assert_eq!(saved, wpmatrix::store::to_canonical(&programme));
}

#[test]
fn the_fitted_grid_shows_the_leads_under_the_titles() {
    let mut s = editor(120, 40);
    s.keys("z");
    let screen = s.screen();
    // ecg-meetings is led by ECO and EC; the line under its title says so.
    let lines = s.lines();
    let title_row = lines
        .iter()
        .position(|l| l.contains("● EURES Coordination"))
        .expect("the title on screen");
    assert!(
        lines[title_row + 1..title_row + 4]
            .iter()
            .any(|l| l.contains("ECO EC")),
        "{screen}"
    );
    insta::assert_snapshot!("fitted_leads_120x40", screen);
    let mut s = editor(80, 24);
    s.keys("z");
    insta::assert_snapshot!("fitted_leads_80x24", s.screen());
}

#[test]
fn leads_in_the_fitted_grid_leave_all_six_columns_of_2022_at_80x24() {
    let mut programme = crate::common::shipped();
    let activities = programme
        .clusters
        .iter_mut()
        .flat_map(|c| c.activities.iter_mut());
    for (n, activity) in activities.enumerate() {
        activity.leads = ["BE: Actiris", "FR", "NL", "DE"][..=(n % 4)]
            .iter()
            .map(ToString::to_string)
            .collect();
    }
    let text = wpmatrix::store::to_canonical(&programme);
    let mut s = Session::new(&text, 80, 24, None);
    s.keys("z");
    let screen = s.screen();
    assert!(s.status().contains("whole year"), "{screen}");
    assert!(screen.contains("#6"), "{screen}");
    // Cut honestly: what does not fit is counted, never dropped without a word.
    assert!(screen.contains("BE FR +2"), "{screen}");
    insta::assert_snapshot!("fitted_leads_2022_80x24", screen);
}

#[test]
fn items_from_a_hostile_file_reach_the_terminal_escaped() {
    let mut programme = wpmatrix::store::parse(&full_text()).unwrap().programme;
    programme.clusters[0].activities[0].sessions[0].place = "Ly\u{1b}[2Jon".into();
    programme.clusters[0].activities[0].leads[0] = "E\u{1b}]0;x\u{7}CO".into();
    let text = wpmatrix::store::to_canonical(&programme);
    let mut s = Session::new(&text, 120, 40, None);
    s.keys("M");
    let row = " 1 #1 2022-05-30..2022-05-31 Ly␛[2Jon";
    assert!(s.screen().contains(row), "shown escaped:\n{}", s.screen());
    s.keys("<esc>z");
    assert!(s.screen().contains("E␛]0;x␇CO EC"), "{}", s.screen());
    for keys in ["", "<esc>z", "<esc>"] {
        s.keys(keys);
        let screen = s.screen();
        assert!(
            !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
            "after {keys:?}:\n{screen}"
        );
    }
    s.editor.screen_reader = true;
    s.keys("M");
    assert!(!s.screen().contains('\u{1b}'), "{}", s.screen());
}

#[test]
fn undo_or_save_from_the_form_leaves_it_so_the_next_key_acts_on_the_grid() {
    let mut s = editor(120, 40);
    s.keys("<enter>");
    assert_eq!(s.mode(), &Mode::Form);
    s.keys("u");
    assert_eq!(s.mode(), &Mode::Normal, "undo leaves the form");
    s.keys("<enter>");
    assert_eq!(s.mode(), &Mode::Form);
    s.keys("<C-s>");
    assert_eq!(s.mode(), &Mode::Normal, "save leaves the form");
    // The next key is the grid's: `j` moves to the next activity instead of the next field.
    let before = s.selected();
    s.keys("j");
    assert_ne!(s.selected(), before, "{}", s.screen());
}
