//! Long text in the user's own editor, headless: `E` in the grid and `Ctrl-e` in a text box with
//! a runner put in by the test (or a real one that fails), and the repair screen for a file
//! that cannot be loaded. The real terminal hand-over is in `editor_pty.rs`.

use crate::common;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use common::Place;
use wpmatrix::app::{EditorError, ExternalOutcome};
use wpmatrix::tui::Editor;
use wpmatrix::tui::external::{ExternalEditor, SystemEditor};
use wpmatrix::tui::keymap::Keymap;
use wpmatrix::tui::keys::parse_keys;
use wpmatrix::tui::repair::{Next, RepairScreen, repairable};

const FIRST_DESCRIPTION: &str = "Meeting labour and skills shortages";

/// What the test's editor was handed, and what it does.
#[derive(Default)]
struct Seen {
    texts: Vec<(String, String)>,
    files: Vec<(PathBuf, usize)>,
}

/// An editor that answers with a fixed outcome, or rewrites a file with `fix`.
struct Scripted {
    reply: ExternalOutcome,
    fix: Option<fn(&str) -> String>,
    seen: Rc<RefCell<Seen>>,
}

impl Scripted {
    fn replying(reply: ExternalOutcome) -> (Box<Scripted>, Rc<RefCell<Seen>>) {
        let seen = Rc::new(RefCell::new(Seen::default()));
        let runner = Scripted {
            reply,
            fix: None,
            seen: Rc::clone(&seen),
        };
        (Box::new(runner), seen)
    }
}

impl ExternalEditor for Scripted {
    fn edit_text(&mut self, text: &str, file_name: &str) -> ExternalOutcome {
        self.seen
            .borrow_mut()
            .texts
            .push((text.to_string(), file_name.to_string()));
        self.reply.clone()
    }

    fn edit_file(&mut self, path: &Path, line: usize) -> Result<(), EditorError> {
        self.seen
            .borrow_mut()
            .files
            .push((path.to_path_buf(), line));
        if let Some(fix) = self.fix {
            let failed = |e: std::io::Error| EditorError::Failed(e.to_string());
            let text = std::fs::read_to_string(path).map_err(failed)?;
            std::fs::write(path, fix(&text)).map_err(failed)?;
        }
        match &self.reply {
            ExternalOutcome::Edited(_) => Ok(()),
            ExternalOutcome::Failed(r) => Err(EditorError::Failed(r.clone())),
            ExternalOutcome::Missing(r) => Err(EditorError::Missing(r.clone())),
        }
    }
}

fn first_description(editor: &Editor) -> &str {
    &editor.app.programme.clusters[0].activities[0].description
}

fn message(editor: &Editor) -> String {
    editor
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn capital_e_puts_the_edited_description_in_as_one_undoable_change() {
    let place = Place::new();
    let mut editor = place.open();
    let (runner, seen) =
        Scripted::replying(ExternalOutcome::Edited("New text\r\nline two\n\n".into()));
    editor.set_external_editor(runner);
    editor.type_keys("E").unwrap();
    assert_eq!(first_description(&editor), "New text\nline two");
    assert!(editor.app.is_dirty());
    let (handed, file_name) = seen.borrow().texts[0].clone();
    assert_eq!(handed, FIRST_DESCRIPTION);
    let id = &editor.app.programme.clusters[0].activities[0].id;
    assert_eq!(file_name, format!("wpmatrix-{id}.md"));
    editor.type_keys("u").unwrap();
    assert_eq!(first_description(&editor), FIRST_DESCRIPTION);
    assert!(!editor.app.is_dirty());
}

#[test]
fn a_failing_editor_leaves_the_description_and_says_so() {
    let place = Place::new();
    let mut editor = place.open();
    editor.set_external_editor(Box::new(SystemEditor::with_command("false")));
    editor.type_keys("E").unwrap();
    assert_eq!(first_description(&editor), FIRST_DESCRIPTION);
    assert!(!editor.app.is_dirty());
    assert_eq!(
        message(&editor),
        "Text unchanged: the editor `false` failed (exit status: 1)."
    );
}

#[test]
fn a_missing_editor_leaves_the_description_and_names_it() {
    let place = Place::new();
    let mut editor = place.open();
    editor.set_external_editor(Box::new(SystemEditor::with_command("/nonexistent")));
    editor.type_keys("E").unwrap();
    assert_eq!(first_description(&editor), FIRST_DESCRIPTION);
    assert!(!editor.app.can_undo());
    let said = message(&editor);
    assert!(
        said.starts_with("Text unchanged: cannot start the editor `/nonexistent`: "),
        "{said}"
    );
}

#[test]
fn an_editor_that_changes_nothing_makes_no_change() {
    let place = Place::new();
    let mut editor = place.open();
    let reply = ExternalOutcome::Edited(format!("{FIRST_DESCRIPTION}\n"));
    editor.set_external_editor(Scripted::replying(reply).0);
    editor.type_keys("E").unwrap();
    assert!(!editor.app.can_undo());
    assert_eq!(
        message(&editor),
        "Text unchanged: the editor left it as it was."
    );
}

#[test]
fn ctrl_e_in_a_text_box_puts_the_text_back_into_the_box_unapplied() {
    let place = Place::new();
    let mut editor = place.open();
    let (runner, seen) = Scripted::replying(ExternalOutcome::Edited("From outside\n".into()));
    editor.set_external_editor(runner);
    // Notes of the first activity: typed text goes out with the box's text.
    editor.type_keys("Otyped<C-e>").unwrap();
    assert_eq!(seen.borrow().texts[0].0, "typed");
    assert!(seen.borrow().texts[0].1.ends_with("-notes.md"));
    let in_box = editor.textarea.as_ref().map(|t| t.lines().join("\n"));
    assert_eq!(in_box.as_deref(), Some("From outside"));
    assert!(!editor.app.can_undo(), "not applied while the box is open");
    editor.type_keys("<C-s>").unwrap();
    assert_eq!(
        editor.app.programme.clusters[0].activities[0].notes,
        "From outside"
    );
    editor.type_keys("u").unwrap();
    assert_eq!(editor.app.programme.clusters[0].activities[0].notes, "");
    assert!(!editor.app.can_undo(), "one change");
}

#[test]
fn ctrl_e_with_a_failing_editor_keeps_the_box_and_its_text() {
    let place = Place::new();
    let mut editor = place.open();
    editor.set_external_editor(Box::new(SystemEditor::with_command("/nonexistent")));
    editor.type_keys("D<C-e>").unwrap();
    let in_box = editor.textarea.as_ref().map(|t| t.lines().join("\n"));
    assert_eq!(in_box.as_deref(), Some(FIRST_DESCRIPTION));
    assert!(message(&editor).starts_with("Text unchanged: cannot start the editor"));
    editor.type_keys(" and more<C-s>").unwrap();
    assert_eq!(
        first_description(&editor),
        format!("{FIRST_DESCRIPTION} and more")
    );
}

#[test]
fn a_real_editor_command_with_arguments_edits_the_description() {
    let place = Place::new();
    let mut editor = place.open();
    let script = "sh -c 'printf \"New text\" > \"$1\"' editor";
    editor.set_external_editor(Box::new(SystemEditor::with_command(script)));
    editor.type_keys("E<C-s>").unwrap();
    let saved = place.on_disk();
    let parsed = wpmatrix::store::parse(&saved).unwrap().programme;
    assert_eq!(parsed.clusters[0].activities[0].description, "New text");
}

fn planed(text: &str) -> String {
    text.replacen("status: planned,", "status: planed,", 1)
}

fn fixed(text: &str) -> String {
    text.replace("status: planed,", "status: planned,")
}

fn repair_screen(place: &Place, runner: Box<dyn ExternalEditor>) -> RepairScreen {
    let error = Editor::open_in(&place.path, Keymap::default(), place.state.clone())
        .err()
        .expect("the file does not load");
    let diagnostics = repairable(&error).expect("a repair case").to_vec();
    RepairScreen::new(&place.path, &diagnostics, Keymap::default(), runner)
        .with_state(place.state.clone())
}

fn press(screen: &mut RepairScreen, keys: &str) -> Next {
    let mut next = Next::Stay;
    for key in parse_keys(keys).unwrap() {
        next = screen.handle_key(key.event());
    }
    next
}

#[test]
fn repair_opens_the_editor_at_the_first_problem_and_then_the_file() {
    let place = Place::with_text(&planed(&common::programme_text()));
    let line = 1 + planed(&common::programme_text())
        .lines()
        .position(|l| l.contains("planed"))
        .unwrap();
    let (mut runner, seen) = Scripted::replying(ExternalOutcome::Edited(String::new()));
    runner.fix = Some(fixed);
    let mut screen = repair_screen(&place, runner);
    let name = place.path.display().to_string();
    assert_eq!(
        screen.repair.problems[0],
        format!(
            "{name}:{line}:29: unknown status \"planed\"; expected one of planned, tbc, ongoing, done, postponed, cancelled"
        )
    );
    let Next::Open(editor) = press(&mut screen, "e") else {
        panic!("the editor opens once the file loads");
    };
    assert_eq!(seen.borrow().files, vec![(place.path.clone(), line)]);
    assert_eq!(editor.app.programme, common::shipped());
    assert_eq!(place.on_disk(), common::programme_text());
}

#[test]
fn repair_with_an_unfixed_file_updates_the_list_and_q_leaves() {
    let place = Place::with_text(&planed(&common::programme_text()));
    let (runner, _) = Scripted::replying(ExternalOutcome::Edited(String::new()));
    let mut screen = repair_screen(&place, runner);
    assert!(matches!(press(&mut screen, "e"), Next::Stay));
    assert_eq!(
        screen.repair.message.as_ref().unwrap().text,
        "Reloaded: still 1 problem."
    );
    let Next::Leave(farewell) = press(&mut screen, "q") else {
        panic!("q leaves");
    };
    assert!(farewell.contains("unknown status \"planed\""), "{farewell}");
    assert!(farewell.contains("not opened"), "{farewell}");
}

#[test]
fn repair_with_a_failing_editor_says_so_and_stays() {
    let place = Place::with_text(&planed(&common::programme_text()));
    let mut screen = repair_screen(&place, Box::new(SystemEditor::with_command("false")));
    assert!(matches!(press(&mut screen, "e"), Next::Stay));
    assert_eq!(
        screen.repair.message.as_ref().unwrap().text,
        "File not reloaded: the editor `false` failed (exit status: 1)."
    );
}

#[test]
fn a_missing_file_is_no_repair_case() {
    let place = Place::new();
    let missing = place.folder().join("2031.ron");
    let error = Editor::open_in(&missing, Keymap::default(), place.state.clone())
        .err()
        .unwrap();
    assert!(repairable(&error).is_none());
}

#[test]
fn a_file_with_git_conflict_markers_is_a_repair_case_at_the_marker() {
    let text = common::programme_text();
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("status: planned,"))
        .unwrap();
    let ours = lines[at];
    lines.splice(
        at..=at,
        [
            "<<<<<<< ours",
            ours,
            "=======",
            "            status: done,",
            ">>>>>>> theirs",
        ],
    );
    let place = Place::with_text(&(lines.join("\n") + "\n"));
    let (runner, _) = Scripted::replying(ExternalOutcome::Edited(String::new()));
    let screen = repair_screen(&place, runner);
    assert_eq!(screen.repair.first_line, at + 1);
    let name = place.path.display().to_string();
    assert!(
        screen.repair.problems[0].starts_with(&format!(
            "{name}:{}:1: unresolved git merge: conflict marker `<<<<<<<` here",
            at + 1
        )),
        "{:?}",
        screen.repair.problems
    );
}

#[test]
fn the_repair_screen_lists_the_problems_and_the_keys() {
    let text = common::programme_text().replacen("status: planned,", "status: planed,", 2);
    let place = Place::with_text(&text);
    let (runner, _) = Scripted::replying(ExternalOutcome::Edited(String::new()));
    let screen = repair_screen(&place, runner);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 12)).unwrap();
    terminal.draw(|frame| screen.draw(frame)).unwrap();
    let folder = place.folder().display().to_string();
    let shown = terminal.backend().to_string().replace(&folder, "[TMP]");
    insta::assert_snapshot!(shown);
}
