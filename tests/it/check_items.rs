//! `check` points a problem inside a list field (a lead, a theme, a session, an output, an
//! own-field value) at the item and its value, with the exact line and column, whichever
//! reader read the file: the fast one (problems `check` finds) or the position-keeping one (a
//! value that cannot be read at all).

use std::fs;

use crate::common::wpmatrix;

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

/// `check` of the every-field fixture with each `(from, to)` replaced once: exit code and
/// what it printed, the file named `F`.
fn check_with(edits: &[(&str, &str)]) -> (i32, String) {
    let mut text = fs::read_to_string(FULL).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    fs::write(&path, text).unwrap();
    let out = wpmatrix().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let shown = path.display().to_string();
    (out.status.code().unwrap_or(-1), stdout.replace(&shown, "F"))
}

const MEMBER: &str =
    "is not a member code (ISO 3166-1 alpha-2 such as FR, or EL, UK, EC, ELA, ECO)";

#[test]
fn a_lead_is_pointed_at_in_its_list() {
    let (code, out) = check_with(&[(
        r#"leads: ["ECO", "BE: Actiris", "NL"]"#,
        r#"leads: ["ECO", "BE: Actiris", "Holland"]"#,
    )]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!("F:143:51: lead \"Holland\" {MEMBER}, optionally followed by `: organisation`\n")
    );
}

#[test]
fn a_theme_is_pointed_at_in_its_list() {
    let (code, out) = check_with(&[(
        r#"themes: ["mobility", "digital"]"#,
        r#"themes: ["mobility", "blue"]"#,
    )]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "F:120:42: theme \"blue\" is not declared; the programme's themes are mobility, green, \
         digital\n"
    );
}

#[test]
fn a_session_problem_is_pointed_at_the_session_value() {
    for (from, to, expected) in [
        (
            r#"country: "IT""#,
            r#"country: "Italia""#,
            format!("F:112:38: session #1: country \"Italia\" {MEMBER}\n"),
        ),
        (
            r#"host: "BE""#,
            r#"host: "Belgium""#,
            format!("F:164:35: session #4: host \"Belgium\" {MEMBER}\n"),
        ),
        (
            "online: Some(500)",
            "online: Some(700)",
            "F:116:37: session #1: 700 online is more than the 600 participants\n".to_string(),
        ),
        (
            // The second session of the first activity; its id made the first's.
            "id: 2,",
            "id: 1,",
            "F:50:33: session #1 appears twice\n".to_string(),
        ),
        (
            r#"end: Some("2022-05-31")"#,
            r#"end: Some("2022-05-01")"#,
            "F:40:34: session #1: end 2022-05-01 is before start 2022-05-30\n".to_string(),
        ),
    ] {
        let (code, out) = check_with(&[(from, to)]);
        assert_eq!((code, out), (1, expected), "{to}");
    }
    let (code, out) = check_with(&[(
        r#"start: Some("2022-09-15")"#,
        r#"start: Some("2022-12-15")"#,
    )]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "F:51:36: warning: session #2 falls outside the activity's planned span (May 2022 – \
         Nov 2022)\n"
    );
}

#[test]
fn an_output_problem_is_pointed_at_the_output_value() {
    let (code, out) = check_with(&[(
        r#"link: Some("https://eures.europa.eu/index_en")"#,
        r#"link: Some("eures.europa.eu")"#,
    )]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "F:174:35: output link \"eures.europa.eu\" is not an http:// or https:// address\n"
    );
    let (code, out) = check_with(&[(
        r#"title: "Minutes of the ECG meeting in Lyon""#,
        r#"title: " ""#,
    )]);
    assert_eq!(
        (code, out.as_str()),
        (1, "F:77:36: an output has an empty title\n")
    );
}

#[test]
fn an_own_field_value_is_pointed_at_by_its_key() {
    for (from, to, expected) in [
        (
            r#""budget": "250000.5""#,
            r#""budget": "lots""#,
            "F:122:35: budget (number): \"lots\" is not a number (like 12000 or 0.5)\n",
        ),
        (
            r#""review": "2022-Q3""#,
            r#""review": "someday""#,
            "F:123:35: review (date): invalid date \"someday\": expected a day (2022-03-15), a \
             month (2022-03) or a quarter (2022-Q2)\n",
        ),
        (
            r#""priority": "medium""#,
            "\"priority\": \"medium\",\n                        \"colour\": \"red\"",
            "F:182:35: own field \"colour\" is not declared in the programme's `fields`\n",
        ),
    ] {
        let (code, out) = check_with(&[(from, to)]);
        assert_eq!((code, out.as_str()), (1, expected), "{to}");
    }
    let (code, out) = check_with(&[(r#""budget": "12000""#, r#""budget": 12000.0"#)]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "F:90:35: warning: budget \"12000.0\" is written \"12000\" in canonical form; `fmt` \
         writes it so\n"
    );
}

#[test]
fn a_value_that_cannot_be_read_names_its_session_output_or_lead() {
    for (from, to, expected) in [
        (
            "mode: Some(hybrid),",
            "mode: Some(hybird),",
            "F:43:40: session #1: unknown mode \"hybird\"; expected one of online, physical, \
             hybrid\n",
        ),
        (
            r#"end: Some("2022-05-31")"#,
            r#"end: Some("2022-05-32")"#,
            "F:40:39: session #1: invalid date \"2022-05-32\": May 2022 has 31 days\n",
        ),
        (
            "kind: minutes",
            "kind: minuets",
            "F:76:35: output 1: unknown output kind \"minuets\"; expected one of report, paper, \
             toolkit, recording, minutes, other\n",
        ),
        (
            // The output stands in empty; its empty title is not reported as well.
            r#"title: "Minutes of the ECG meeting in Lyon""#,
            "title: 4",
            "F:77:36: output 1: expected a string in quotes, found the number 4\n",
        ),
        (
            r#"leads: ["ECO", "BE: Actiris", "NL"]"#,
            r#"leads: ["ECO", "BE: Actiris", NL]"#,
            "F:143:51: lead 3: expected a string in quotes, found `NL`\n",
        ),
    ] {
        let (code, out) = check_with(&[(from, to)]);
        assert_eq!((code, out.as_str()), (1, expected), "{to}");
    }
}

#[test]
fn the_position_keeping_reader_points_at_items_too() {
    // A value no reader can read sends the file the slow way; the problems `check` finds
    // elsewhere are placed by that reader's map.
    let (code, out) = check_with(&[
        ("mode: Some(hybrid),", "mode: Some(hybird),"),
        (r#"country: "IT""#, r#"country: "Italia""#),
        (
            r#"leads: ["ECO", "BE: Actiris", "NL"]"#,
            r#"leads: ["ECO", "BE: Actiris", "Holland"]"#,
        ),
        (r#""budget": "250000.5""#, r#""budget": "lots""#),
        (
            r#"link: Some("https://eures.europa.eu/index_en")"#,
            r#"link: Some("eures.europa.eu")"#,
        ),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "F:43:40: session #1: unknown mode \"hybird\"; expected one of online, physical, hybrid\n\
             F:112:38: session #1: country \"Italia\" {MEMBER}\n\
             F:122:35: budget (number): \"lots\" is not a number (like 12000 or 0.5)\n\
             F:143:51: lead \"Holland\" {MEMBER}, optionally followed by `: organisation`\n\
             F:174:35: output link \"eures.europa.eu\" is not an http:// or https:// address\n"
        )
    );
}
