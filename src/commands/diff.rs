//! `wpmatrix diff OLD NEW`: activity-level differences between two programmes, as text, CSV or
//! JSON. OLD and NEW are paths or `REV:PATH` read through git.

use std::collections::HashMap;
use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_out};
use crate::cli::{ColorChoice, DiffFormat};
use crate::model::diff::{
    ProgrammeDiff, diff, fingerprint, fingerprints, id_key, outline, stand_in,
};
use crate::model::{Activity, Cell, Programme};
use crate::report::diff::{CsvWriteError, render_csv, render_text};
use crate::store::history::adoption_tag;
use crate::store::{self, git, render};
use crate::text::terminal_safe;

/// Prints the differences; exit 0 when there are none, 1 when there are.
pub fn run(
    old: &str,
    new: &str,
    format: DiffFormat,
    color: ColorChoice,
    filter: Option<&str>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let mut progress = progress::watch(console, "comparing");
    let console = &mut progress.console();
    let changes = if filter.is_none() {
        diff_in_passes(old, new)?
    } else {
        let mut old = load_side(old)?;
        let mut new = load_side(new)?;
        // The new side's own fields are the keys, as the filter speaks of the programme as it
        // is.
        if let Some(filter) = super::parse_filter(filter, &new)? {
            filter.keep_in_either(&mut old, &mut new);
        }
        diff(&old, &new)
    };
    let shown = match format {
        DiffFormat::Text => {
            let colour = match color {
                ColorChoice::Auto => super::show::colour(console),
                ColorChoice::Always => true,
                ColorChoice::Never => false,
            };
            render_text(&changes, colour)
        }
        // A person reading the CSV on a terminal must not get the file's escape sequences.
        DiffFormat::Csv if console.out_is_terminal => {
            terminal_safe(&render_csv(&changes).map_err(|e| unusable_csv(&e))?).into_owned()
        }
        DiffFormat::Csv => render_csv(&changes).map_err(|e| unusable_csv(&e))?,
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&changes)
                .map_err(|e| Unusable(format!("cannot write JSON: {e}")))?;
            json.push('\n');
            json
        }
    };
    write_out(console.out, &shown)?;
    Ok(if changes.is_empty() {
        Outcome::Yes
    } else {
        Outcome::No
    })
}

/// The differences between the programmes at `old` and `new`, without both held whole: at 100k
/// filled activities each is about 190 MB, and the text of the second as it is read 130 MB
/// more. The old side is read for a fingerprint of each activity; the new side is read and
/// its activities that are the same in the old one (by id and fingerprint) are kept as
/// [`stand_in`]s; the old side is read again and its same activities kept as stand-ins too.
/// The diff of those is the diff of the programmes. An old side that changed between its
/// readings is diffed whole.
fn diff_in_passes(old_arg: &str, new_arg: &str) -> Result<ProgrammeDiff, Unusable> {
    /// A new activity while the old side is read again: whole, or the same as the old one with
    /// its id's key (its stand-in is made from that one).
    enum Kept {
        Whole(Box<Activity>),
        Same(u64),
    }
    let old = load_side(old_arg)?;
    let old_prints = fingerprints(&old);
    drop(old);
    let new = load_side(new_arg)?;
    // Same on both sides: an id held once on each, with one fingerprint.
    let same: HashMap<u64, u128> = {
        let new_prints = fingerprints(&new);
        old_prints
            .into_iter()
            .filter_map(|(id, print)| {
                let print = print?;
                (*new_prints.get(&id)? == Some(print)).then_some((id, print))
            })
            .collect()
    };
    let mut kept = outline(&new);
    let new_cells: Vec<Vec<Kept>> = new
        .clusters
        .into_iter()
        .map(|cluster| {
            let activities = cluster.activities.into_iter();
            activities
                .map(|a| {
                    let key = id_key(&a.id);
                    if same.contains_key(&key) {
                        Kept::Same(key)
                    } else {
                        Kept::Whole(Box::new(a))
                    }
                })
                .collect()
        })
        .collect();
    let mut old = load_side(old_arg)?;
    // Where each of the same activities is on the old side.
    let mut seen: HashMap<u64, Cell> = HashMap::with_capacity(same.len());
    let changed = old.activities().any(|(cell, activity)| {
        let key = id_key(&activity.id);
        same.get(&key).is_some_and(|print| {
            fingerprint(activity) != Some(*print) || seen.insert(key, cell).is_some()
        })
    });
    if changed {
        // Changed since it was first read: the new side's activities kept as the same may no
        // longer be.
        drop(old);
        return Ok(diff(&load_side(old_arg)?, &load_side(new_arg)?));
    }
    for (cluster, cells) in kept.clusters.iter_mut().zip(new_cells) {
        cluster.activities = cells
            .into_iter()
            .filter_map(|kept| match kept {
                Kept::Whole(activity) => Some(*activity),
                Kept::Same(key) => Some(stand_in(old.activity(*seen.get(&key)?)?)),
            })
            .collect();
    }
    for cluster in &mut old.clusters {
        for activity in &mut cluster.activities {
            if same.contains_key(&id_key(&activity.id)) {
                *activity = stand_in(activity);
            }
        }
    }
    Ok(diff(&old, &kept))
}

/// The CSV writer's refusal, said as a command's (exit 2).
fn unusable_csv(e: &CsvWriteError) -> Unusable {
    Unusable(e.to_string())
}

/// `adopted:PATH` stands for the programme's year's adoption tag (`wp-2022-adopted:PATH`), the
/// year taken from the file at PATH, else from its name; any other `REV:PATH` is as given.
fn adopted_spec(arg: &str) -> Result<String, Unusable> {
    let Some(path) = arg.strip_prefix("adopted:") else {
        return Ok(arg.to_string());
    };
    let year = store::load(Path::new(path))
        .ok()
        .map(|(_, parsed)| parsed.programme.year)
        .or_else(|| store::year_of_file_name(Path::new(path)))
        .ok_or_else(|| {
            Unusable(format!(
                "{arg}: cannot tell which year's adoption tag is meant; name it: wp-YEAR-adopted:{path}"
            ))
        })?;
    let tag = adoption_tag(year);
    if !git::tag_exists(Path::new("."), &tag).unwrap_or(false) {
        return Err(Unusable(format!(
            "{arg}: no adoption tag {tag} yet; `wpmatrix adopt {path} --on DATE` makes it"
        )));
    }
    Ok(format!("{tag}:{path}"))
}

/// Reads one side of a diff: a programme file, or `REV:PATH` through `git show`.
pub fn load_side(arg: &str) -> Result<Programme, Unusable> {
    if !git::is_revision_path(arg) {
        return Ok(store::load(Path::new(arg))?.1.programme);
    }
    if arg.ends_with(':') {
        return Err(Unusable(format!(
            "{arg} names a revision but no file; write REV:PATH, e.g. {arg}programmes/2022.ron"
        )));
    }
    let spec = adopted_spec(arg)?;
    let bytes = git::show(&spec).map_err(|e| Unusable(format!("{arg}: {e}")))?;
    parse_revision(bytes, arg)
}

/// Reads the programme in the bytes `git show` gave for a revision of a file, its problems
/// said under the name `named`; the bytes become the text without a copy, as a file's do.
pub fn parse_revision(bytes: Vec<u8>, named: &str) -> Result<Programme, Unusable> {
    store::parse_owned(bytes)
        .map(|(_, parsed)| parsed.programme)
        .map_err(|(text, rejection)| {
            Unusable(
                render(&rejection.diagnostics, named, text.as_deref(), false)
                    .trim_end()
                    .to_string(),
            )
        })
}
