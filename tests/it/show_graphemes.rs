//! `show` measures text per grapheme cluster: a ZWJ emoji (`👩‍💼`) is one picture two columns
//! wide, so the column borders stay put and the picture is never split across lines.

use wpmatrix::text::columns;

const WORKER: &str = "👩\u{200d}💼";

/// The display columns of every column border on a line.
fn borders(line: &str) -> Vec<usize> {
    line.char_indices()
        .filter(|(_, c)| matches!(c, '│' | '┬' | '┼' | '┴'))
        .map(|(at, _)| columns(&line[..at]))
        .collect()
}

#[test]
fn show_keeps_column_borders_in_place_around_zwj_emoji() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let text = std::fs::read_to_string(crate::common::SHIPPED).unwrap();
    let title = format!("PES Stakeholder conference {}", WORKER.repeat(10));
    let text = text.replacen(
        "title: \"PES Stakeholder conference\"",
        &format!("title: \"{title}\""),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = crate::common::wpmatrix()
        .args(["show", path.to_str().unwrap(), "--width", "80"])
        .assert()
        .success();
    let shown = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let header = shown.lines().nth(1).unwrap();
    let expected = borders(header);
    assert!(!expected.is_empty(), "{shown}");
    for line in shown.lines().skip(2).filter(|l| l.contains('│')) {
        assert_eq!(borders(line), expected, "{line:?} in\n{shown}");
    }
    assert!(shown.contains(&WORKER.repeat(10)), "{shown}");
    assert!(!shown.contains("👩\u{200d}\u{20}") && !shown.contains("👩\u{200d}\n"));
}
