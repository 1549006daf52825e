//! The hidden commands git runs: the external diff driver (`git diff`), the textconv filter
//! (`git log -p`, `git show`) and the merge driver (`git merge`). `git-setup` installs them.

use std::fmt::Write as _;
use std::path::Path;

use super::merge_passes::merge_in_passes;
use super::{Console, Outcome, Unusable, write_out};
use crate::model::diff::diff;
use crate::model::merge::{Merged, Side, merge_versions};
use crate::model::{Activity, Cluster, Field, FieldValue, Programme, join_formats};
use crate::report::diff::{dates_words, render_text};
use crate::store::{self, git};
use crate::text::plural;
use crate::text::{printable, terminal_safe};

/// `git-diff-driver PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [..]`: git's
/// external diff. Prints the activity-level diff; always exits 0, as git requires, falling back
/// to git's own line diff when a side is not a programme.
pub fn diff_driver(args: &[String], console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    // An unmerged path comes with its name alone.
    if let [path] = args {
        let path = printable(path);
        write_out(console.out, &format!("wpmatrix: {path} is unmerged\n"))?;
        return Ok(Outcome::Yes);
    }
    let [path, old_file, _, _, new_file, _, _, rest @ ..] = args else {
        return Err(Unusable(format!(
            "git-diff-driver takes the 7 arguments git passes to an external diff, not {}",
            args.len()
        )));
    };
    // A renamed file comes with its new name and git's rename note as two more arguments.
    let new_path = rest.first().unwrap_or(path);
    let old = read_side(old_file);
    let new = read_side(new_file);
    let (path, new_path) = (printable(path), printable(new_path));
    let mut header = format!("wpmatrix diff a/{path} b/{new_path}\n");
    if new_path != path {
        let _ = writeln!(header, "renamed {path} -> {new_path}");
    }
    let shown = if let (Ok(old), Ok(new)) = (old, new) {
        let (old, new) = match (old, new) {
            (Some(old), Some(new)) => (old, new),
            (None, Some(new)) => (empty_like(&new), new),
            (Some(old), None) => (old.clone(), empty_like(&old)),
            (None, None) => return Ok(Outcome::Yes),
        };
        let text = render_text(&diff(&old, &new), false);
        if !text.is_empty() {
            format!("{header}{text}")
        } else if same_bytes(old_file, new_file) {
            format!("{header}no activity-level difference (the file was only renamed)\n")
        } else {
            format!("{header}no activity-level difference (only the file's layout changed)\n")
        }
    } else {
        // `git diff --no-index` answers 1 when the files differ: its diff is on stdout.
        let text = match git::run(
            &[
                "diff",
                "--no-index",
                "--no-ext-diff",
                "--",
                old_file,
                new_file,
            ],
            None,
        ) {
            Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
            Err(e) => format!("{e}\n"),
        };
        format!("{header}(not a readable programme on one side; line diff follows)\n{text}")
    };
    write_out(console.out, &terminal_safe(&shown))?;
    Ok(Outcome::Yes)
}

fn same_bytes(a: &str, b: &str) -> bool {
    matches!((store::read_file(Path::new(a)), store::read_file(Path::new(b))), (Ok(a), Ok(b)) if a == b)
}

/// `None` for git's /dev/null side (a file added or deleted).
fn read_side(file: &str) -> Result<Option<Programme>, SideError> {
    if file == "/dev/null" {
        return Ok(None);
    }
    let bytes = store::read_file(Path::new(file))?;
    match store::parse_bytes(&bytes) {
        Ok((_, parsed)) => Ok(Some(parsed.programme)),
        Err(_) => Err(SideError::NotAProgramme(file.to_string())),
    }
}

/// Why one side of a diff cannot be shown activity by activity (a line diff is shown instead).
#[derive(Debug, thiserror::Error)]
enum SideError {
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error("{0} is not a programme")]
    NotAProgramme(String),
}

fn empty_like(programme: &Programme) -> Programme {
    Programme {
        clusters: Vec::new(),
        ..programme.clone()
    }
}

/// `git-textconv FILE`: the programme as one line per activity, each naming its cluster and
/// title, so every changed line of `git log -p` says which activity it is. A text file that is
/// not a programme (a merge left half done) is printed as it is, control characters shown as
/// pictures; anything else is named in one line, as git names a binary file.
pub fn textconv(file: &Path, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let bytes = store::read_file(file).map_err(|e| Unusable::io("read", file, &e))?;
    // The text is read where it is and let go before the lines are written: at 100k activities
    // a copy of it beside its programme took textconv over its memory budget.
    let text = match String::from_utf8(bytes) {
        Ok(text) => match store::parse(&text) {
            Ok(parsed) => {
                drop(text);
                text_lines(&parsed.programme)
            }
            Err(_) if !text.contains('\0') => text,
            Err(_) => binary_summary(text.as_bytes()),
        },
        Err(e) => binary_summary(e.as_bytes()),
    };
    write_out(console.out, &terminal_safe(&text))?;
    Ok(Outcome::Yes)
}

/// One line for a file that is not text: its size and a checksum, so that `git log -p` still
/// shows that it changed (git compares what textconv prints).
fn binary_summary(bytes: &[u8]) -> String {
    // FNV-1a: stable across Rust releases, unlike the standard library's hasher.
    let checksum = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "binary file, not a programme ({}, checksum {checksum:016x})\n",
        plural(bytes.len(), "byte")
    )
}

/// The textconv form of a programme.
pub fn text_lines(programme: &Programme) -> String {
    let mut out = format!("programme {} {:?}", programme.year, programme.title);
    if let Some(adopted) = programme.adopted {
        let _ = write!(out, ", adopted {adopted}");
    }
    if !programme.notes.is_empty() {
        let _ = write!(out, " | notes {:?}", programme.notes);
    }
    optional_fields(&mut out, Field::PROGRAMME, |f| programme.get(f));
    out.push('\n');
    for cluster in &programme.clusters {
        let _ = writeln!(
            out,
            "[{}] cluster ({}): summary {:?}",
            cluster.name, cluster.id, cluster.summary
        );
        for activity in &cluster.activities {
            let _ = writeln!(out, "{}", activity_line(cluster, activity));
        }
    }
    out
}

fn activity_line(cluster: &Cluster, a: &Activity) -> String {
    let dates = dates_words(a.start, a.end);
    let formats = if a.formats.is_empty() {
        "none".to_string()
    } else {
        join_formats(&a.formats)
    };
    let mut line = format!(
        "[{}] {:?} ({}): status {} | dates {dates} | formats {formats}",
        cluster.name, a.title, a.id, a.status
    );
    if let Some(origin) = &a.follow_up_of {
        let _ = write!(line, " | follow-up of {origin}");
    }
    if !a.description.is_empty() {
        let _ = write!(line, " | description {:?}", a.description);
    }
    if !a.notes.is_empty() {
        let _ = write!(line, " | notes {:?}", a.notes);
    }
    optional_fields(&mut line, Field::ACTIVITY, |f| a.get(f));
    line
}

/// ` | leads "FR; BE: Actiris" | sessions "#1 2022-04 Brussels BE"`: each optional field of the
/// table that is not empty (the programme's notes are written above), in its cell form.
fn optional_fields(line: &mut String, fields: &[Field], get: impl Fn(Field) -> Option<FieldValue>) {
    for &field in fields {
        if !field.is_optional_in(fields) || field == Field::Notes {
            continue;
        }
        if let Some(value) = get(field).filter(|v| !Field::is_empty_value(v)) {
            let _ = write!(line, " | {field} {:?}", value.plain());
        }
    }
}

/// `git-merge-driver BASE OURS THEIRS [MARKER-SIZE [PATH]]` (`%O %A %B %L %P`): the structural
/// merge, written into OURS. Exit 0 when clean, 1 with conflicts (recorded in the file, see
/// `model::merge`). When a side is not a programme, or has comments the canonical form would
/// drop, git's own text merge does the work.
pub fn merge_driver(args: &[String], console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let (base_file, ours_file, theirs_file, marker, path) = match args {
        [o, a, b] => (o, a, b, None, a.as_str()),
        [o, a, b, l] => (o, a, b, Some(l.as_str()), a.as_str()),
        [o, a, b, l, p, ..] => (o, a, b, Some(l.as_str()), p.as_str()),
        _ => {
            return Err(Unusable(format!(
                "git-merge-driver takes %O %A %B [%L [%P]], not {} arguments",
                args.len()
            )));
        }
    };
    let read = |file: &str| {
        store::read_file(Path::new(file)).map_err(|e| Unusable::io("read", Path::new(file), &e))
    };
    let merged = if let Some(merged) = merge_in_passes([base_file, ours_file, theirs_file]) {
        merged
    } else {
        let (base, ours, theirs) = (read(base_file)?, read(ours_file)?, read(theirs_file)?);
        match merge_contents(base, ours, theirs) {
            Ok(merged) => merged,
            Err(reason) => {
                let files = [ours_file.as_str(), base_file, theirs_file];
                return text_merge(files, marker, path, &reason, console);
            }
        }
    };
    store::save(Path::new(ours_file), &merged.programme)
        .map_err(|e| Unusable::io("write", Path::new(ours_file), &e))?;
    if merged.conflicts.is_empty() {
        return Ok(Outcome::Yes);
    }
    let mut report = format!(
        "wpmatrix: {path}: {}, each noted in the file (in an activity's notes, a cluster's summary or the programme's notes); `wpmatrix check` lists them, the editor's m resolves them:\n",
        plural(merged.conflicts.len(), "conflict")
    );
    for conflict in &merged.conflicts {
        let kept = match conflict.note.in_file() {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        };
        let _ = writeln!(
            report,
            "  {}: {conflict} (the file has {kept})",
            conflict.place
        );
    }
    // Paths and titles come from files: nothing in them may act on the terminal.
    write_out(console.err, &terminal_safe(&report))?;
    Ok(Outcome::No)
}

/// Why the structural merge leaves three files to git's text merge.
#[derive(Debug, thiserror::Error)]
enum NotStructural {
    #[error("not a programme on every side")]
    NotAProgramme,
    #[error("a side has comments, which the structural merge would drop")]
    Comments,
    #[error("an id appears twice on one side")]
    IdTwice,
}

/// The structural merge of the three files' contents, or why it cannot be done.
fn merge_contents(base: Vec<u8>, ours: Vec<u8>, theirs: Vec<u8>) -> Result<Merged, NotStructural> {
    // The structural merge writes the canonical form, which has no comments: a side with
    // comments goes to the text merge, which keeps them, rather than losing them silently.
    // Each side's text is read where it is, and let go once read.
    let parse = |bytes: Vec<u8>| match store::parse_owned(bytes) {
        Err(_) => Err(NotStructural::NotAProgramme),
        Ok((_, parsed)) if !parsed.comments.is_empty() => Err(NotStructural::Comments),
        Ok((_, parsed)) => Ok(parsed.programme),
    };
    let (ours, theirs) = (parse(ours)?, parse(theirs)?);
    // No common ancestor (both sides added the file): everything counts as added twice.
    let base = if base.is_empty() {
        None
    } else {
        Some(parse(base)?)
    };
    merge_versions(base.as_ref(), &ours, &theirs).map_err(|_| NotStructural::IdTwice)
}

/// git's own line merge of `[ours, base, theirs]` into ours, for files the structural merge
/// cannot take, saying why.
fn text_merge(
    [ours, base, theirs]: [&str; 3],
    marker: Option<&str>,
    path: &str,
    reason: &NotStructural,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    write_out(
        console.err,
        &format!(
            "wpmatrix: {}: {reason}; using git's text merge\n",
            printable(path)
        ),
    )?;
    let conflicted = git::merge_file(
        Path::new(ours),
        Path::new(base),
        Path::new(theirs),
        ["ours", "base", "theirs"],
        marker,
    )
    .map_err(|e| Unusable(e.to_string()))?;
    Ok(if conflicted {
        Outcome::No
    } else {
        Outcome::Yes
    })
}
