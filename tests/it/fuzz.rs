//! Fuzz harnesses for what reads hostile input or combines planners' work: the RON reader (both
//! paths), the three-way merge, the filter language and the keys.conf reader. Each asserts what
//! we promise, not only "no panic".
//!
//! Under `cargo test` (stable) each replays its corpus, `tests/fuzz/corpus/<target>/` (seeded
//! from the test fixtures, plus the inputs that once crashed), then makes a bounded random run
//! with bolero; `BOLERO_RANDOM_ITERATIONS` and `BOLERO_RANDOM_TEST_TIME_MS` make it longer.
//! With a nightly toolchain and `cargo-bolero`, the same harness is a coverage-guided fuzzer
//! (`.ci/run` runs each for a short bounded time). The import harnesses are in `fuzz_import`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use wpmatrix::model::conflict::{
    ConflictField, activity_conflicts, cluster_conflicts, programme_conflicts, resolve_cluster_in,
    resolve_in, resolve_programme,
};
use wpmatrix::model::filter::Filter;
use wpmatrix::model::merge::Side;
use wpmatrix::model::merge::merge_versions;
use wpmatrix::model::{Activity, Field, Programme, Severity, check, check_range};
use wpmatrix::store::{self, Pos, ron};
use wpmatrix::tui::keyfile;
use wpmatrix::tui::keymap::Keymap;

use crate::merge::edit;

/// The corpus of a target: every file of `tests/fuzz/corpus/<target>/`, by name.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a corpus entry").path();
            let bytes = std::fs::read(&path).expect("a corpus file");
            (path, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no seeds", dir.display());
    files
}

/// Bolero's random inputs per harness under `cargo test`: enough to reach past the seeds'
/// shapes, few enough for two shared cores.
const RANDOM_RUNS: usize = 400;

/// One change to a seed's bytes: where, what, and a byte to use.
type Mutation = (u16, u8, u8);

/// Bytes RON, filters and key files are made of, so most mutations make text a reader must
/// think about.
const SYNTAX_BYTES: &[u8] = b"()[]{}<>,:\"\\ \n\t0123456789-Q_abcdeilmnoprstuyNS#/*'\xc3\xa9";

/// A seed with the mutations applied: a byte inserted, removed or replaced, the text cut short,
/// or a piece of it repeated.
fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for &(at, kind, byte) in mutations {
        let at = usize::from(at) % (bytes.len() + 1);
        let pick = SYNTAX_BYTES[usize::from(byte) % SYNTAX_BYTES.len()];
        match kind % 6 {
            0 => bytes.insert(at, pick),
            1 if at < bytes.len() => drop(bytes.remove(at)),
            2 if at < bytes.len() => bytes[at] = pick,
            3 => bytes.truncate(at),
            4 => {
                let piece: Vec<u8> = bytes[at..]
                    .iter()
                    .take(usize::from(byte))
                    .copied()
                    .collect();
                bytes.splice(at..at, piece);
            }
            // Any byte at all, not only RON's.
            _ if at < bytes.len() => bytes[at] = byte,
            _ => bytes.push(byte),
        }
    }
    bytes
}

// The RON reader.

/// What reading promises: a read that succeeds writes back canonically and reads back equal;
/// the `ron` crate's fast path and the position-keeping path agree; a refusal says where, at a
/// position inside the text.
fn ron_reader_holds(bytes: &[u8]) {
    match store::parse_bytes(bytes) {
        Ok((text, parsed)) => {
            if let Some(fast) = ron::parse_with_ron(&text) {
                let slow = ron::parse_with_positions(&text)
                    .unwrap_or_else(|r| panic!("ron reads it, the other path refuses: {r:?}"));
                assert_eq!(fast.programme, slow.programme, "the two paths disagree");
            }
            let canonical = store::to_canonical(&parsed.programme);
            let again = ron::parse(&canonical)
                .unwrap_or_else(|r| panic!("the canonical form does not read back: {r:?}"));
            assert_eq!(again.programme, parsed.programme, "read back differs");
            assert_eq!(
                store::to_canonical(&again.programme),
                canonical,
                "not canonical"
            );
        }
        Err((text, rejection)) => {
            assert!(!rejection.diagnostics.is_empty(), "a refusal says why");
            let len = text.as_ref().map_or(bytes.len(), String::len);
            let lines = bytes.split(|&b| b == b'\n').count();
            for d in &rejection.diagnostics {
                for pos in [d.span.start, d.span.end] {
                    assert!(
                        pos.offset <= len && (1..=lines).contains(&pos.line) && pos.col >= 1,
                        "{pos:?} is outside the text ({len} bytes, {lines} lines): {}",
                        d.message
                    );
                }
            }
            if let Some(text) = &text {
                assert!(
                    ron::parse_with_ron(text).is_none(),
                    "ron reads what is refused"
                );
                // Line and column are those of the offset: a person finds the place named.
                for d in &rejection.diagnostics {
                    assert!(d.span.start.offset <= d.span.end.offset, "{:?}", d.span);
                    for pos in [d.span.start, d.span.end] {
                        assert_eq!(Pos::of_offset(text, pos.offset), pos, "{}", d.message);
                    }
                }
            }
        }
    }
}

#[test]
fn ron_reader() {
    let seeds = corpus("ron_reader");
    for (path, bytes) in &seeds {
        eprintln!("replaying {}", path.display());
        ron_reader_holds(bytes);
    }
    let readable: Vec<&Vec<u8>> = seeds
        .iter()
        .filter(|(_, bytes)| store::parse_bytes(bytes).is_ok())
        .map(|(_, bytes)| bytes)
        .collect();
    // Mostly a few mutations: many of them leave nothing of a programme to read, while one to
    // three leave a programme, or one with a problem, as often as text that is not one.
    bolero::check!()
        .with_type::<(u8, u8, Vec<Mutation>)>()
        .with_iterations(RANDOM_RUNS)
        .for_each(|(seed, few, mutations)| {
            // Half the time a programme that reads: most seeds are the broken fixtures.
            let seed = match seed % 2 {
                0 => readable[usize::from(*seed / 2) % readable.len()],
                _ => &seeds[usize::from(*seed / 2) % seeds.len()].1,
            };
            let kept = match few % 4 {
                0 => mutations.len(),
                few => mutations.len().min(usize::from(few)),
            };
            ron_reader_holds(&mutate(seed, &mutations[..kept]));
        });
}

// The three-way merge.

/// Dates a side may set: days, months and quarters of the programme's year and the next.
fn date_choice(year: i32, pick: u8) -> Option<wpmatrix::model::PlanDate> {
    let text = match pick % 8 {
        0 => return None,
        1 => format!("{year}-01-15"),
        2 => format!("{year}-03"),
        3 => format!("{year}-Q2"),
        4 => format!("{year}-05-01"),
        5 => format!("{year}-12"),
        6 => format!("{}-02", year + 1),
        _ => format!("{year}-Q4"),
    };
    text.parse().ok()
}

/// Random edits of `base` (those of the merge tests), then dates set and the year moved on.
fn side(base: &Programme, seed: u64, dates: &[(u8, u8)]) -> Programme {
    let mut p = edit(base, seed);
    let year = p.year;
    for &(which, pick) in dates {
        if pick == u8::MAX {
            p.year = year.saturating_add(1);
            continue;
        }
        let cells: Vec<_> = p.activities().map(|(cell, _)| cell).collect();
        if cells.is_empty() {
            break;
        }
        let cell = cells[usize::from(which) % cells.len()];
        let date = date_choice(year, pick / 8);
        if let Some(a) = p.activity_mut(cell) {
            match pick % 2 {
                0 => a.start = date,
                _ => a.end = date,
            }
            // A side is sound on its own: a date out of order with the other is moved to it.
            if check_range(a.start, a.end).is_err() {
                match pick % 2 {
                    0 => a.end = a.start,
                    _ => a.start = a.end,
                }
            }
        }
    }
    p
}

fn has_errors(p: &Programme) -> bool {
    check(p)
        .iter()
        .any(|problem| problem.severity == Severity::Error)
}

fn by_id(p: &Programme) -> std::collections::HashMap<&str, &Activity> {
    p.activities().map(|(_, a)| (a.id.as_str(), a)).collect()
}

/// What merging promises, for three programmes derived by random edits from one: it never loses
/// a field a side changed (the value comes through, or a conflict names the field), never drops
/// an activity one side changed or added, and its result either checks clean or carries
/// conflicts; it writes back canonically, and every conflict resolves, ours or theirs.
fn merge_holds(base: &Programme, ours: &Programme, theirs: &Programme) {
    // Sides that fail `check` on their own are not what the promise is about.
    if has_errors(ours) || has_errors(theirs) {
        return;
    }
    let merged = merge_versions(Some(base), ours, theirs).expect("edits keep ids unique");
    let m = &merged.programme;
    let (b, o, t, after) = (by_id(base), by_id(ours), by_id(theirs), by_id(m));
    let noted = |id: &str, field: Field| {
        after.get(id).is_some_and(|a| {
            activity_conflicts(a)
                .iter()
                .any(|n| matches!(n.field, ConflictField::Field(f) if f == field))
        })
    };
    for (id, a) in &after {
        let (Some(b), Some(o), Some(t)) = (b.get(id), o.get(id), t.get(id)) else {
            continue;
        };
        // Notes also hold the conflict lines; every other field is compared.
        for &field in Field::EDITABLE.iter().filter(|f| **f != Field::Notes) {
            let [bv, ov, tv, mv] = [b, o, t, a].map(|x| x.get(field));
            let ours_changed = ov != bv;
            let theirs_changed = tv != bv;
            let expected = match (ours_changed, theirs_changed) {
                (true, false) => Some(&ov),
                (false, true) => Some(&tv),
                (true, true) if ov == tv => Some(&ov),
                (true, true) => None,
                (false, false) => Some(&bv),
            };
            if expected != Some(&mv) {
                assert!(
                    noted(id, field),
                    "{id} {field}: base {bv:?}, ours {ov:?}, theirs {tv:?}, merged {mv:?}, no conflict"
                );
            }
        }
    }
    // What a side changed or added is there, unless a conflict says where it went.
    let renamed_apart: HashSet<String> = merged
        .conflicts
        .iter()
        .filter(|c| c.note.field == ConflictField::Field(Field::Id))
        .map(|c| c.note.theirs.to_string().trim_matches('"').to_string())
        .collect();
    for (side, other) in [(&o, &t), (&t, &o)] {
        for (id, a) in side {
            let changed = b.get(id).is_none_or(|before| before != a);
            let removed_elsewhere = b.contains_key(id) && !other.contains_key(id);
            let added = !b.contains_key(id);
            if (added || (changed && removed_elsewhere)) && !renamed_apart.contains(*id) {
                assert!(
                    after.contains_key(id),
                    "{id} was changed or added and is gone"
                );
            }
        }
    }
    // Checks clean, or carries conflicts (whose lines are then the only errors).
    let errors: Vec<_> = check(m)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        assert!(
            !merged.conflicts.is_empty(),
            "errors without a conflict: {errors:?}"
        );
        for e in &errors {
            assert!(
                e.message.starts_with("unresolved merge conflict"),
                "an error the merge made: {e:?}"
            );
        }
    }
    let canonical = store::to_canonical(m);
    let back = store::parse(&canonical).expect("the merge reads back");
    assert_eq!(&back.programme, m);
    // Every conflict can be resolved, whichever side is chosen, and then none is left.
    for side in [Side::Ours, Side::Theirs] {
        let resolved = resolve_everything(m.clone(), side);
        let left: Vec<_> = check(&resolved)
            .into_iter()
            .filter(|p| p.message.starts_with("unresolved merge conflict"))
            .collect();
        assert_eq!(left, vec![], "{side:?}");
    }
}

/// The programme with every conflict resolved by choosing `side`, as the editor's `m` does.
fn resolve_everything(mut p: Programme, side: Side) -> Programme {
    // Each step takes one line out (or removes what holds it), so this ends.
    loop {
        let conflicted = p
            .activities()
            .find(|(_, a)| !activity_conflicts(a).is_empty())
            .map(|(cell, _)| cell);
        if let Some(cell) = conflicted {
            resolve_in(&mut p, cell, 0, side).unwrap_or_else(|e| panic!("{cell:?}: {e}"));
        } else if let Some(c) = p
            .clusters
            .iter()
            .position(|c| !cluster_conflicts(c).is_empty())
        {
            resolve_cluster_in(&mut p, c, 0, side).unwrap_or_else(|e| panic!("cluster {c}: {e}"));
        } else if !programme_conflicts(&p).is_empty() {
            resolve_programme(&mut p, 0, side).unwrap_or_else(|e| panic!("programme: {e}"));
        } else {
            return p;
        }
    }
}

/// The bases: the programmes of the merge corpus.
fn merge_bases() -> Vec<Programme> {
    corpus("merge")
        .into_iter()
        .map(|(path, bytes)| {
            store::parse_bytes(&bytes)
                .unwrap_or_else(|_| panic!("{} is not a programme", path.display()))
                .1
                .programme
        })
        .collect()
}

#[test]
fn merge() {
    type Input = (u8, (u64, Vec<(u8, u8)>), (u64, Vec<(u8, u8)>));
    let bases = merge_bases();
    // The corpus replayed: each base with a few fixed pairs of sides.
    for base in &bases {
        for day in 0..8_u8 {
            let dates = [(day, 3), (day + 1, 34), (2, 17)];
            let seed = u64::from(day);
            let ours = side(base, seed, &dates[..1]);
            let theirs = side(base, seed + 1000, &dates[1..]);
            merge_holds(base, &ours, &theirs);
        }
    }
    bolero::check!()
        .with_type::<Input>()
        .with_iterations(RANDOM_RUNS / 4)
        .for_each(
            |(pick, (ours_seed, ours_dates), (theirs_seed, theirs_dates))| {
                let base = &bases[usize::from(*pick) % bases.len()];
                let ours = side(base, *ours_seed, ours_dates);
                let theirs = side(base, *theirs_seed, theirs_dates);
                merge_holds(base, &ours, &theirs);
            },
        );
}

#[test]
fn merge_of_a_year_moved_on_against_dates_keeps_the_promise() {
    // Issue 18's case, kept beside the random run: ours moves the year on, theirs sets dates
    // of the old one (and the other way round).
    let base = &merge_bases()[0];
    let ours = side(base, 1, &[(0, u8::MAX)]);
    let theirs = side(base, 2, &[(0, 2 * 8), (0, 4 * 8 + 1)]);
    merge_holds(base, &ours, &theirs);
    merge_holds(base, &theirs, &ours);
}

// The filter language.

/// What the filter promises: a filter reads back from its own text as the same filter and
/// applies to any programme; a refusal names a column inside the text (or just after it).
fn filter_holds(text: &str, programme: &Programme) {
    match Filter::parse(text) {
        Ok(filter) => {
            assert_eq!(
                Filter::parse(filter.text()).as_ref(),
                Ok(&filter),
                "{text:?}"
            );
            let matches = filter.apply(programme);
            assert!(matches.count() <= matches.total());
        }
        Err(e) => {
            let columns = text.chars().count() + 1;
            assert!(
                (1..=columns).contains(&e.column),
                "{text:?}: column {} of {columns}: {}",
                e.column,
                e.message
            );
        }
    }
}

#[test]
fn filter() {
    let programme = crate::common::shipped();
    let seeds = corpus("filter");
    for (path, bytes) in &seeds {
        eprintln!("replaying {}", path.display());
        filter_holds(&String::from_utf8_lossy(bytes), &programme);
    }
    bolero::check!()
        .with_type::<(u8, Vec<Mutation>)>()
        .with_iterations(RANDOM_RUNS)
        .for_each(|(seed, mutations)| {
            let seed = &seeds[usize::from(*seed) % seeds.len()].1;
            filter_holds(
                &String::from_utf8_lossy(&mutate(seed, mutations)),
                &programme,
            );
        });
    bolero::check!()
        .with_type::<String>()
        .with_iterations(RANDOM_RUNS)
        .for_each(|text| filter_holds(text, &programme));
}

// The keys.conf reader.

/// What the key file promises: every problem names a line of the file, the rest applies, every
/// mode keeps its way out, and no key is left bound to two actions of one mode.
fn keys_hold(bytes: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keys.conf");
    std::fs::write(&path, bytes).expect("write");
    let (keymap, problems) = keyfile::load(&path);
    let lines = bytes.split(|&b| b == b'\n').count();
    for problem in &problems {
        let rest = problem
            .strip_prefix(&format!("{}:", path.display()))
            .unwrap_or_else(|| panic!("{problem:?} does not start with the path"));
        let line: usize = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{problem:?} has no line"));
        assert!(
            (1..=lines).contains(&line),
            "{problem:?}: line {line} of {lines}"
        );
    }
    assert_ways_out(&keymap, bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let (parsed, _) = keyfile::parse(text);
        let (applied, _) = keyfile::apply(&Keymap::default(), &parsed);
        assert_ways_out(&applied, bytes);
    }
}

fn assert_ways_out(keymap: &Keymap, bytes: &[u8]) {
    for (mode, action) in keyfile::WAYS_OUT {
        assert!(
            !keymap.keys(*mode, action).is_empty(),
            "{mode:?} lost {action:?} with {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(
        keymap.collisions(),
        Vec::<String>::new(),
        "{:?}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn keys() {
    let seeds = corpus("keys");
    for (path, bytes) in &seeds {
        eprintln!("replaying {}", path.display());
        keys_hold(bytes);
    }
    bolero::check!()
        .with_type::<(u8, Vec<Mutation>)>()
        .with_iterations(RANDOM_RUNS / 2)
        .for_each(|(seed, mutations)| {
            keys_hold(&mutate(
                &seeds[usize::from(*seed) % seeds.len()].1,
                mutations,
            ));
        });
}
