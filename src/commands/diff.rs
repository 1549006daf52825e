//! `wpmatrix diff OLD NEW`: activity-level differences between two programmes, as text, CSV or
//! JSON. OLD and NEW are paths or `REV:PATH` read through git.

use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_out};
use crate::cli::{ColorChoice, DiffFormat};
use crate::model::Programme;
use crate::model::diff::diff;
use crate::report::diff::{CsvWriteError, render_csv, render_text};
use crate::store::history::{adoption_tag, tag_exists};
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
    let mut old = load_side(old)?;
    let mut new = load_side(new)?;
    // The new side's own fields are the keys, as the filter speaks of the programme as it is.
    if let Some(filter) = super::parse_filter(filter, &new)? {
        filter.keep_in_either(&mut old, &mut new);
    }
    let changes = diff(&old, &new);
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
    if !tag_exists(Path::new("."), &tag).unwrap_or(false) {
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
    match store::parse_bytes(&bytes) {
        Ok((_, parsed)) => Ok(parsed.programme),
        Err((text, rejection)) => Err(Unusable(
            render(&rejection.diagnostics, arg, text.as_deref(), false)
                .trim_end()
                .to_string(),
        )),
    }
}
