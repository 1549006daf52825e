//! The two readers agree: whatever the `ron` crate is allowed to read, the position-keeping
//! reader reads the same way (same programme, same comments, same problems at the same places),
//! and `load` accepts exactly what the position-keeping reader accepts. Checked on mutants of the
//! shipped file and on generated programmes; and `ron` reads the canonical writer's output back.

use std::path::Path;

use proptest::prelude::*;
use wpmatrix::model::Programme;
use wpmatrix::store::ron::{parse_with_positions, parse_with_ron};
use wpmatrix::store::{file_diagnostics, parse, to_canonical};

use crate::generate;

const SHIPPED: &str = include_str!("../../programmes/2022.ron");

/// Both readers on one text: they accept it alike and read it alike.
fn assert_readers_agree(text: &str) {
    let slow = parse_with_positions(text);
    if let Some(fast) = parse_with_ron(text) {
        let slow = slow
            .as_ref()
            .unwrap_or_else(|r| panic!("ron read a text the slow reader refuses: {r:?}\n{text}"));
        assert_eq!(fast.programme, slow.programme, "{text}");
        assert_eq!(fast.comments, slow.comments, "{text}");
        let name = Path::new("2022.ron");
        assert_eq!(
            file_diagnostics(name, text, &fast),
            file_diagnostics(name, text, slow),
            "{text}"
        );
    }
    match (parse(text), slow) {
        (Ok(loaded), Ok(slow)) => {
            assert_eq!(loaded.programme, slow.programme);
            assert_eq!(loaded.comments, slow.comments);
        }
        (Err(loaded), Err(slow)) => assert_eq!(loaded, slow),
        (loaded, slow) => panic!(
            "load and the slow reader disagree: {:?} vs {:?}\n{text}",
            loaded.is_ok(),
            slow.is_ok()
        ),
    }
}

/// One change to a text, as a hand or a tool might make it.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    SwapLines(usize, usize),
    DuplicateLine(usize),
    DeleteLine(usize),
    InsertLine(usize, &'static str),
}

/// Characters that matter to RON, and some that only look as if they might.
const CHARS: &[char] = &[
    '"', '\\', '/', '*', '(', ')', '[', ']', '{', '}', ',', ':', ' ', '\n', '\t', '\r', '#', 'r',
    'b', '\'', '0', '9', 'x', '-', '+', '_', '.', 'Q', 'u', 'S', 'é', '\u{b}', '\u{a0}',
    '\u{2028}', '\u{feff}', '\u{0}',
];

/// Lines a person might add to a programme file.
const LINES: &[&str] = &[
    "// a comment",
    "/* a block /* nested */ comment */",
    "adopted: Some(\"2021-1-1\"),",
    "adopted: Some(\"2021-12-10\"),",
    "start: Some(\"2022-Q5\"),",
    "end: \"2022-03\",",
    "status: \"done\",",
    "year: 0x7E6,",
    "year: -2022,",
    "title: r#\"raw\"#,",
    "notes: \"line \\\ncontinued\",",
    "notes: \"\\x41\\u{e9}\\u{1F600}\\0\\'\",",
    "notes: \"\\b\",",
    "follow_up_of: None,",
    "#![enable(implicit_some)]",
    "r#notes: \"\",",
];

fn mutation(len: usize, lines: usize) -> impl Strategy<Value = Mutation> {
    let at = 0..len.max(1);
    let line = 0..lines.max(1);
    prop_oneof![
        at.clone().prop_map(Mutation::Delete),
        (at.clone(), prop::sample::select(CHARS)).prop_map(|(i, c)| Mutation::Insert(i, c)),
        (at, prop::sample::select(CHARS)).prop_map(|(i, c)| Mutation::Replace(i, c)),
        (line.clone(), line.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        line.clone().prop_map(Mutation::DuplicateLine),
        line.clone().prop_map(Mutation::DeleteLine),
        (line, prop::sample::select(LINES)).prop_map(|(i, l)| Mutation::InsertLine(i, l)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let boundary = |i: usize| {
        (0..=i.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
    };
    let at = |i| boundary(i).unwrap_or(0);
    let next = |i: usize| {
        text[at(i)..]
            .chars()
            .next()
            .map_or(at(i), |c| at(i) + c.len_utf8())
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len().max(1);
    match *mutation {
        Mutation::Delete(i) => format!("{}{}", &text[..at(i)], &text[next(i)..]),
        Mutation::Insert(i, c) => format!("{}{c}{}", &text[..at(i)], &text[at(i)..]),
        Mutation::Replace(i, c) => format!("{}{c}{}", &text[..at(i)], &text[next(i)..]),
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
            lines.concat()
        }
        Mutation::DuplicateLine(i) => {
            if let Some(line) = lines.get(i % n).copied() {
                lines.insert(i % n, line);
            }
            lines.concat()
        }
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
            lines.concat()
        }
        Mutation::InsertLine(i, line) => {
            let added = format!("{line}\n");
            lines.insert(i % n, &added);
            lines.concat()
        }
    }
}

fn mutants_of(text: &'static str) -> impl Strategy<Value = String> {
    let lines = text.lines().count();
    prop::collection::vec(mutation(text.len(), lines), 1..4).prop_map(move |mutations| {
        mutations
            .iter()
            .fold(text.to_string(), |text, m| apply(&text, m))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn readers_agree_on_mutants_of_the_shipped_file(text in mutants_of(SHIPPED)) {
        assert_readers_agree(&text);
    }

    #[test]
    fn readers_agree_on_mutants_of_generated_programmes(
        seed in any::<u64>(),
        mutations in prop::collection::vec(mutation(4000, 120), 1..4),
    ) {
        let text = to_canonical(&generate::programme(12, seed));
        let text = mutations.iter().fold(text, |text, m| apply(&text, m));
        assert_readers_agree(&text);
    }
}

proptest! {
    // Each case is a whole programme of up to 120 activities (60 with every field), read by both
    // readers and by `ron`: 64 cases read some 4,000 and 2,000 activities, in a quarter of the
    // test run's time that 256 took.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn readers_agree_on_generated_programmes(size in 0usize..120, seed in any::<u64>()) {
        let programme = generate::programme(size, seed);
        let text = to_canonical(&programme);
        let fast = parse_with_ron(&text).expect("ron reads canonical text");
        prop_assert_eq!(&fast.programme, &programme);
        let by_ron = ron::from_str::<Programme>(&text).ok();
        prop_assert_eq!(by_ron.as_ref(), Some(&programme));
        assert_readers_agree(&text);
    }

    #[test]
    fn readers_agree_on_generated_programmes_with_every_field(size in 0usize..60, seed in any::<u64>()) {
        let programme = generate::programme_filled(size, seed);
        let text = to_canonical(&programme);
        let fast = parse_with_ron(&text).expect("ron reads canonical text");
        prop_assert_eq!(&fast.programme, &programme);
        prop_assert!(wpmatrix::model::check(&programme).iter().all(|p| p.severity != wpmatrix::model::Severity::Error));
        assert_readers_agree(&text);
    }
}

/// A generated programme large enough that `ron` reads it on two threads, split at a cluster
/// line (`store/ron/halves.rs`).
fn large_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let text = to_canonical(&generate::programme(600, 11));
        assert!(text.len() > 256 * 1024, "{} bytes", text.len());
        assert!(
            parse_with_ron(&text).is_some(),
            "read the fast way, in two runs"
        );
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Mutations near where clusters start (where the two runs may be split), and anywhere.
    #[test]
    fn readers_agree_on_mutants_of_a_file_read_on_two_threads(
        near in prop::collection::vec((0usize..1000, -40isize..40, mutation(1, 1)), 1..3),
        anywhere in prop::collection::vec(mutation(400_000, 9_000), 0..2),
    ) {
        let text = large_text();
        let starts: Vec<usize> = text.match_indices("\n        Cluster(").map(|(i, _)| i).collect();
        let mut mutated = text.to_string();
        for (k, shift, mutation) in near {
            let at = starts[k % starts.len()].saturating_add_signed(shift);
            let moved = match mutation {
                Mutation::Delete(_) => Mutation::Delete(at),
                Mutation::Insert(_, c) => Mutation::Insert(at, c),
                Mutation::Replace(_, c) => Mutation::Replace(at, c),
                other => other,
            };
            mutated = apply(&mutated, &moved);
        }
        for mutation in &anywhere {
            mutated = apply(&mutated, mutation);
        }
        assert_readers_agree(&mutated);
    }
}

#[test]
fn ron_reads_the_canonical_writers_output_back_identically() {
    let shipped = parse_with_positions(SHIPPED)
        .expect("the shipped file loads")
        .programme;
    assert_eq!(
        ron::from_str::<Programme>(&to_canonical(&shipped)).expect("ron reads it"),
        shipped
    );
    let generated = generate::programme(2_000, 3);
    let text = to_canonical(&generated);
    assert_eq!(
        ron::from_str::<Programme>(&text).expect("ron reads it"),
        generated
    );
    assert_eq!(to_canonical(&parse(&text).expect("loads").programme), text);
}

#[test]
fn canonical_files_are_read_by_ron_and_files_with_comments_too() {
    assert!(
        parse_with_ron(SHIPPED).is_some(),
        "the shipped file takes the fast way"
    );
    let commented = SHIPPED.replacen("    year:", "    // the year\n    year:", 1);
    let parsed = parse_with_ron(&commented).expect("a comment alone needs no slow reader");
    assert_eq!(parsed.comments.len(), 1);
    assert_eq!(
        (parsed.comments[0].start.line, parsed.comments[0].start.col),
        (2, 5)
    );
}

#[test]
fn what_ron_alone_would_let_through_goes_the_slow_way() {
    let base = to_canonical(&Programme::new(2022, "T"));
    for (text, why) in [
        (base.replace("    adopted: None,\n", ""), "missing field"),
        (
            base.replace("adopted: None", "adopted: Some(\"2021-1-1\")"),
            "lenient date",
        ),
        (base.replace("2022", "0x7E6"), "hexadecimal year"),
        (base.replace("2022", "-3"), "year outside four digits"),
        (base.replace("title:", "r#title:"), "raw identifier"),
        (base.replace("    year", "\u{b}year"), "vertical tab"),
        (format!("#![enable(implicit_some)]\n{base}"), "extension"),
    ] {
        assert!(
            ron::from_str::<Programme>(&text).is_ok(),
            "{why}: ron reads it"
        );
        assert!(parse_with_ron(&text).is_none(), "{why}: not taken from ron");
        assert!(parse(&text).is_err(), "{why}: refused");
    }
}

#[test]
fn programme_notes_are_written_only_when_there_are_some_and_read_alike_both_ways() {
    let mut shipped = parse_with_positions(SHIPPED)
        .expect("the shipped file loads")
        .programme;
    assert_eq!(to_canonical(&shipped), SHIPPED, "no notes line when empty");
    shipped.notes = "CONFLICT title: ours=\"A\" theirs=\"B \\\"q\\\"\" (base \"C\")".into();
    let text = to_canonical(&shipped);
    assert!(
        text.contains("    adopted: Some(\"2021-12-10\"),\n    notes: \"CONFLICT title: "),
        "{text}"
    );
    let fast = parse_with_ron(&text).expect("a canonical file takes the fast way");
    assert_eq!(fast.programme, shipped);
    assert_readers_agree(&text);
    // A notes line left out, or given where a programme has none, reads the same.
    assert_readers_agree(&SHIPPED.replacen("    clusters:", "    notes: \"\",\n    clusters:", 1));
}
