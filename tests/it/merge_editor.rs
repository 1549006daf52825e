//! Merging in the editor: a save that finds the file changed on disk merges it in with `m`,
//! and the conflicts picker says what the file holds, drawn into a `TestBackend`.

use crate::common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::Mode;
use wpmatrix::model::{Programme, Status};
use wpmatrix::store;
use wpmatrix::tui::Editor;

fn load(path: &std::path::Path) -> Programme {
    store::load(path).expect("the programme loads").1.programme
}

fn screen(editor: &mut Editor, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| editor.draw(f)).expect("draws");
    terminal.backend().to_string()
}

fn message(editor: &Editor) -> String {
    editor
        .app
        .message
        .clone()
        .map(|m| m.text)
        .unwrap_or_default()
}

/// Changes the file on disk behind the editor's back, as another editor would.
fn change_on_disk(path: &std::path::Path, change: impl FnOnce(&mut Programme)) {
    let mut p = load(path);
    change(&mut p);
    store::save(path, &p).expect("saves");
}

#[test]
fn saving_over_a_file_changed_on_disk_merges_both_edits_with_m() {
    let place = common::Place::new();
    let mut editor = place.open();
    let first = editor.app.programme.clusters[0].activities[0].clone();
    change_on_disk(&place.path, |p| {
        p.clusters[1].activities[0].status = Status::Done;
    });
    editor.type_keys("c<C-s>").expect("keys");
    assert!(matches!(editor.app.mode, Mode::Confirm(_)));
    let asked = screen(&mut editor, 120, 30);
    assert!(asked.contains("since it was loaded. Merge your"), "{asked}");
    assert!(
        asked.contains("m merge  r reload  o overwrite"),
        "the answers and the hints come from the keymap: {asked}"
    );

    editor.type_keys("m").expect("keys");
    let saved = load(&place.path);
    assert_ne!(saved.clusters[0].activities[0].status, first.status, "ours");
    assert_eq!(
        saved.clusters[1].activities[0].status,
        Status::Done,
        "theirs"
    );
    assert_eq!(saved, editor.app.programme);
    assert!(!editor.app.is_dirty());
    assert!(
        message(&editor).starts_with("Merged with the changes on disk and saved"),
        "{}",
        message(&editor)
    );
    // The merge was one change: undo goes back to the editor's own version.
    editor.type_keys("u").expect("keys");
    assert_eq!(
        editor.app.programme.clusters[1].activities[0].status,
        Status::Planned
    );
    assert_ne!(
        editor.app.programme.clusters[0].activities[0].status,
        first.status
    );
}

#[test]
fn a_merge_on_save_with_the_same_field_changed_notes_the_conflict_and_check_fails() {
    let place = common::Place::new();
    let mut editor = place.open();
    change_on_disk(&place.path, |p| {
        p.clusters[0].activities[0].status = Status::Cancelled;
    });
    editor.type_keys("c<C-s>m").expect("keys");
    let ours = editor.app.programme.clusters[0].activities[0].status;
    let saved = load(&place.path);
    let first = &saved.clusters[0].activities[0];
    assert_eq!(first.status, ours, "the file keeps ours");
    assert_eq!(
        first.notes,
        format!("CONFLICT status: ours={ours} theirs=cancelled (base planned)")
    );
    assert!(
        message(&editor)
            .ends_with("1 conflict, noted in the file; m resolves them where they are marked."),
        "{}",
        message(&editor)
    );
    let check = common::wpmatrix()
        .arg("check")
        .arg(&place.path)
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains(&format!(
            "unresolved merge conflict in status: ours {ours}, theirs cancelled"
        )),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    editor.type_keys("mt<C-s>").expect("keys");
    let resolved = load(&place.path);
    assert_eq!(resolved.clusters[0].activities[0].status, Status::Cancelled);
    assert_eq!(resolved.clusters[0].activities[0].notes, "");
}

#[test]
fn a_merge_on_save_that_cannot_read_the_file_on_disk_changes_nothing_and_says_why() {
    let place = common::Place::new();
    let mut editor = place.open();
    std::fs::write(&place.path, "Programme(oops)").expect("write");
    editor.type_keys("c<C-s>m").expect("keys");
    assert!(
        message(&editor).starts_with("Not merged: "),
        "{}",
        message(&editor)
    );
    assert!(message(&editor).ends_with("Nothing changed; Ctrl-s asks again."));
    assert!(editor.app.is_dirty());
    assert_eq!(
        std::fs::read_to_string(&place.path).expect("read"),
        "Programme(oops)"
    );
}

/// The shipped programme merged where ours removed the first activity and theirs changed it.
fn removed_against_changed() -> String {
    let base = common::shipped();
    let mut ours = base.clone();
    ours.clusters[0].activities.remove(0);
    let mut theirs = base.clone();
    theirs.clusters[0].activities[0].status = Status::Done;
    let merged = wpmatrix::model::merge::merge(&base, &ours, &theirs);
    store::to_canonical(&merged.programme)
}

#[test]
fn removal_against_a_change_says_the_file_has_theirs_and_resolves_as_said() {
    let place = common::Place::with_text(&removed_against_changed());
    let mut editor = place.open();
    editor.type_keys("m").expect("keys");
    let folder = place.folder().display().to_string();
    insta::assert_snapshot!(screen(&mut editor, 80, 24).replace(&folder, "[TMP]"));

    editor.type_keys("t").expect("keys");
    assert_eq!(
        message(&editor),
        "activity: kept theirs, its changes, as the file has it."
    );
    assert_eq!(
        editor.app.programme.clusters[0].activities[0].status,
        Status::Done
    );
    assert_eq!(editor.app.programme.clusters[0].activities[0].notes, "");

    editor.type_keys("umo").expect("keys");
    assert_eq!(
        message(&editor),
        "activity: took ours, removed; the activity is removed, u undoes."
    );
    let ids: Vec<&str> = editor.app.programme.clusters[0]
        .activities
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert!(!ids.contains(&"pes-stakeholder-conference"), "{ids:?}");
}

#[test]
fn changes_recovered_onto_a_changed_file_merge_without_a_base_so_every_difference_is_kept() {
    let place = common::Place::new();
    {
        let mut editor = place.open();
        editor.type_keys("c").expect("keys");
        // Dropped unsaved: a crash.
    }
    change_on_disk(&place.path, |p| {
        p.clusters[0].activities[1].status = Status::Done;
    });
    let mut editor = place.open();
    let ours = editor.app.programme.clusters[0].activities[0].status;
    editor.type_keys("<C-s>m").expect("keys");
    let saved = load(&place.path);
    let [first, second] = [0, 1].map(|i| saved.clusters[0].activities[i].clone());
    assert_eq!(first.status, ours);
    assert_eq!(
        first.notes,
        format!("CONFLICT status: ours={ours} theirs=planned")
    );
    assert_eq!(second.status, Status::Planned, "ours is kept");
    assert_eq!(second.notes, "CONFLICT status: ours=planned theirs=done");
    assert!(
        message(&editor).contains(": 2 conflicts, noted in the file;"),
        "{}",
        message(&editor)
    );
}

#[test]
fn a_row_conflict_resolved_with_theirs_moves_the_cluster_and_the_selection_with_it() {
    let mut p = common::shipped();
    let note = format!(
        "CONFLICT row: ours=after {:?} theirs=first (base after {:?})",
        p.clusters[5].id, p.clusters[1].id
    );
    let moved_id = p.clusters[2].id.clone();
    p.clusters[2].summary = note;
    let mut s = common::session::Session::new(&store::to_canonical(&p), 120, 40, None);
    s.keys("jjm");
    assert!(matches!(s.mode(), Mode::Conflicts { .. }), "{}", s.screen());
    assert!(s.screen().contains("cluster row"), "{}", s.screen());
    s.keys("t");
    let now = &s.editor.app.programme;
    assert_eq!(now.clusters[0].id, moved_id, "moved to the top");
    assert_eq!(now.clusters[0].summary, "", "the line is gone");
    assert_eq!(s.selected().cluster, 0, "the selection goes with it");
    assert!(
        message(&s.editor).contains("cluster row: took theirs, first; the cluster moved"),
        "{}",
        message(&s.editor)
    );
    // One change: undo puts the cluster and its line back.
    s.keys("u");
    assert_eq!(s.editor.app.programme.clusters[2].id, moved_id);
}
