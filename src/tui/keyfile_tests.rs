//! Tests of the key file: parsing line by line, applying, the ways out, and reading the file.

use super::*;

fn key(text: &str) -> Key {
    parse_key(text).unwrap()
}

fn applied(text: &str) -> (Keymap, Vec<String>) {
    let (lines, mut problems) = parse(text);
    let (map, more) = apply(&Keymap::default(), &lines);
    problems.extend(more);
    problems.sort_by_key(|p| p.line);
    let messages = problems
        .into_iter()
        .map(|p| format!("{}: {}", p.line, p.message))
        .collect();
    (map, messages)
}

fn load_text(bytes: &[u8]) -> (Keymap, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.conf");
    std::fs::write(&path, bytes).unwrap();
    let (map, problems) = load(&path);
    (map, problems, path.display().to_string())
}

#[test]
fn key_file_rebinds_an_action_and_drops_its_old_keys() {
    let (map, problems) = applied("# mine\ngrid quit <C-q> Z  # two keys\n");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        map.action(KeyMode::Normal, key("<C-q>")),
        Some(&Action::Quit)
    );
    assert_eq!(map.action(KeyMode::Normal, key("Z")), Some(&Action::Quit));
    assert_eq!(map.action(KeyMode::Normal, key("q")), None);
}

#[test]
fn bad_lines_are_skipped_one_by_one_and_the_good_ones_apply() {
    let (map, problems) =
        applied("grid fly x\nnowhere quit q\ngrid quit <C-nope>\ngrid\ngrid save <C-w>\n");
    assert_eq!(
        problems,
        [
            "1: unknown action \"fly\"; the help screen (?) lists every action by name",
            "2: unknown mode \"nowhere\"; modes are grid, form, list, picker, formats, filter, date, \
             line, text, search, filter-line, question, help, conflicts, repair",
            "3: \"<C-nope>\": unknown key name \"nope\"",
            "4: expected MODE ACTION KEY..., found only \"grid\"; e.g. `grid quit <C-q> Z`",
        ]
    );
    assert_eq!(
        map.action(KeyMode::Normal, key("<C-w>")),
        Some(&Action::Save)
    );
    assert_eq!(map.action(KeyMode::Normal, key("<C-s>")), None);
    assert_eq!(map.action(KeyMode::Normal, key("q")), Some(&Action::Quit));
    assert_eq!(map.collisions(), Vec::<String>::new());
}

#[test]
fn unbinding_quit_save_and_help_keeps_quit_and_help() {
    let (map, problems) = applied("grid quit\ngrid save\ngrid help\n");
    assert_eq!(
        problems,
        [
            "1: quit in grid mode must keep a key, or there is no way out; kept q",
            "3: help in grid mode must keep a key, or there is no way out; kept ?",
        ]
    );
    assert_eq!(map.action(KeyMode::Normal, key("q")), Some(&Action::Quit));
    assert_eq!(map.action(KeyMode::Normal, key("?")), Some(&Action::Help));
    // Save may be unbound: quitting still asks and offers to save.
    assert!(map.keys(KeyMode::Normal, &Action::Save).is_empty());
}

#[test]
fn a_way_out_takes_its_default_key_back_from_another_action() {
    let (map, problems) = applied("help done\nhelp list-down q <esc>\n");
    assert_eq!(
        problems,
        [
            "1: done in help mode must keep a key, or there is no way out; kept <esc> q ? \
          (<esc> no longer means list-down, q no longer means list-down)"
        ]
    );
    assert_eq!(map.action(KeyMode::Help, key("q")), Some(&Action::Done));
    assert_eq!(map.action(KeyMode::Help, key("<esc>")), Some(&Action::Done));
    assert_eq!(
        map.keys(KeyMode::Help, &Action::ListDown),
        Vec::<Key>::new()
    );
}

#[test]
fn a_way_out_given_back_its_key_takes_it_from_another_way_out_which_gets_its_own() {
    let (map, problems) = applied("grid quit ?\n");
    assert_eq!(
        problems,
        [
            "1: ? in grid mode was bound to help by default; it now means quit (the later line wins)",
            "1: help in grid mode must keep a key, or there is no way out; kept ? (? no longer means quit)",
            "1: quit in grid mode must keep a key, or there is no way out; kept q",
        ]
    );
    assert_eq!(map.action(KeyMode::Normal, key("?")), Some(&Action::Help));
    assert_eq!(map.action(KeyMode::Normal, key("q")), Some(&Action::Quit));
}

#[test]
fn a_key_taken_from_another_action_goes_to_the_later_line_and_is_reported() {
    let (map, problems) = applied("grid quit j\n");
    assert_eq!(
        problems,
        ["1: j in grid mode was bound to down by default; it now means quit (the later line wins)"]
    );
    assert_eq!(map.action(KeyMode::Normal, key("j")), Some(&Action::Quit));
    assert_eq!(
        map.keys(KeyMode::Normal, &Action::MoveDown),
        [key("<down>")]
    );
    assert_eq!(map.collisions(), Vec::<String>::new());

    let (map, problems) = applied("grid undo Z\ngrid redo Z\n");
    assert_eq!(
        problems,
        ["2: Z in grid mode was bound to undo on line 1; it now means redo (the later line wins)"]
    );
    assert_eq!(map.action(KeyMode::Normal, key("Z")), Some(&Action::Redo));
}

#[test]
fn rebinding_both_actions_of_a_swapped_key_is_no_clash_in_either_order() {
    for text in [
        "grid down <down>\ngrid quit j\n",
        "grid quit j\ngrid down <down>\n",
    ] {
        let (map, problems) = applied(text);
        assert_eq!(problems, Vec::<String>::new(), "{text}");
        assert_eq!(map.action(KeyMode::Normal, key("j")), Some(&Action::Quit));
    }
}

#[test]
fn load_reports_each_problem_with_the_full_path_and_line() {
    let (map, problems, path) = load_text(b"grid quit\n\ngrid fly x\ngrid save <C-w>\n");
    assert_eq!(
        problems,
        [
            format!("{path}:1: quit in grid mode must keep a key, or there is no way out; kept q"),
            format!(
                "{path}:3: unknown action \"fly\"; the help screen (?) lists every action by name"
            ),
        ]
    );
    assert_eq!(
        map.action(KeyMode::Normal, key("<C-w>")),
        Some(&Action::Save)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_line_and_byte_and_ignored() {
    let (map, problems, path) = load_text(b"grid save <C-w>\ngrid quit \xff\n");
    assert_eq!(
        problems,
        [format!(
            "{path}:2: not UTF-8 (byte 26); the whole file is ignored and the default keys are used"
        )]
    );
    assert_eq!(
        map.action(KeyMode::Normal, key("<C-s>")),
        Some(&Action::Save)
    );
    assert_eq!(map.action(KeyMode::Normal, key("<C-w>")), None);
}

#[test]
fn no_key_file_is_no_problem_and_an_unreadable_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (map, problems) = load(&dir.path().join("keys.conf"));
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(map.action(KeyMode::Normal, key("q")), Some(&Action::Quit));
    // A folder where the file should be cannot be read.
    let (_, problems) = load(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let shown = dir.path().display().to_string();
    assert!(
        problems[0].starts_with(&format!("{shown}: cannot be read (")),
        "{problems:?}"
    );
    assert!(
        problems[0].ends_with("); the default keys are used"),
        "{problems:?}"
    );
}

#[test]
fn help_lists_rebound_keys() {
    let (map, _) = applied("grid save <C-w>");
    let help = map.help();
    assert!(
        help.iter()
            .any(|(m, keys, what, _)| *m == KeyMode::Normal && keys == "<C-w>" && *what == "save")
    );
}

proptest::proptest! {
    #[test]
    fn any_key_file_keeps_every_way_out_and_no_collisions(
        text in "((grid|help|line|text|question|date) (quit|help|done|cancel|down|save|accept) ?([jqk?]|<esc>|<enter>|<C-c>)? ?([jqk?]|<esc>)?\n){0,6}"
    ) {
        let (map, _) = applied(&text);
        proptest::prop_assert_eq!(map.collisions(), Vec::<String>::new());
        for (mode, action) in WAYS_OUT {
            proptest::prop_assert!(!map.keys(*mode, action).is_empty(), "{:?} {:?}", mode, action);
        }
    }
}
