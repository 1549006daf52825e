//! `wpmatrix report [FILE] [--against REV] [--today DATE] [--filter F] [--format
//! text|md|html|csv|json] [-o OUT]`: how the year went against an earlier version of the
//! programme, by default the one tagged `wp-YEAR-adopted`.

use std::path::{Path, PathBuf};

use super::diff::{load_side, parse_revision};
use super::export::refuse_own_input;
use super::{Console, Outcome, Unusable, edit::newest_programme, write_out};
use crate::cli::{ReportArgs, ReportFormat};
use crate::exchange::csv_rows::{self, CsvFlavour};
use crate::exchange::progress::{self as page, Charts};
use crate::model::filter::Filter;
use crate::model::progress::{progress_of, reduced};
use crate::model::{Activity, Cluster, Programme};
use crate::report::progress::render_text;
use crate::store::{self, git};
use crate::text::terminal_safe;

/// Writes the report.
pub fn run(args: &ReportArgs, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let file = programme_file(args.file.as_deref())?;
    if let Some(path) = &args.output {
        refuse_own_input(&file, path, "report", extension(args.format))?;
    }
    let filter = parse_filter(args.filter.as_deref())?;
    let keep = |cluster: &Cluster, activity: &Activity| filter.matches(cluster, activity);
    let (_, parsed) = store::load(&file)?;
    let mut now = parsed.programme;
    // The page's charts count whole activities; then each version is made small before the
    // other is read, so that the two are never held whole at once.
    let charts = matches!(args.format, ReportFormat::Html).then(|| Charts::of(&now, &keep));
    let now_kept = reduced(&mut now, &keep);
    let (earlier, against) = match earlier_version(&file, &now, args.against.as_deref())? {
        Some((mut programme, label)) => {
            let kept = reduced(&mut programme, &keep);
            (Some((programme, kept)), Some(label))
        }
        None => (None, None),
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let earlier = earlier.as_ref().map(|(programme, kept)| (programme, kept));
    let report = progress_of((&now, &now_kept), earlier, today);
    let against = against.as_deref();
    let text = match args.format {
        ReportFormat::Text => render_text(&report, against),
        ReportFormat::Md => page::to_markdown(&report, against),
        ReportFormat::Html => {
            // Counted above for this format, as it was read.
            let charts = charts.as_ref().ok_or_else(|| {
                Unusable("report: the page's charts were not counted".to_string())
            })?;
            page::to_html(&report, against, charts)
        }
        ReportFormat::Csv => {
            let mut bytes = Vec::new();
            csv_rows::write_records_with(
                page::csv_records(&report),
                CsvFlavour::Plain,
                b',',
                &mut bytes,
            )
            .map_err(|e| Unusable(format!("cannot write CSV: {e}")))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        ReportFormat::Json => {
            let mut value = serde_json::to_value(&report)
                .map_err(|e| Unusable(format!("cannot write JSON: {e}")))?;
            if let Some(object) = value.as_object_mut() {
                object.insert("against".to_string(), against.into());
            }
            let mut json = serde_json::to_string_pretty(&value)
                .map_err(|e| Unusable(format!("cannot write JSON: {e}")))?;
            json.push('\n');
            json
        }
    };
    match &args.output {
        Some(path) => {
            store::write_file(path, text.as_bytes())
                .map_err(|e| Unusable::io("write", path, &e))?;
        }
        // A person reading it on a terminal must not get the file's escape sequences.
        None if console.out_is_terminal => write_out(console.out, &terminal_safe(&text))?,
        None => write_out(console.out, &text)?,
    }
    Ok(Outcome::Yes)
}

fn extension(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Text => "txt",
        ReportFormat::Md => "md",
        ReportFormat::Html => "html",
        ReportFormat::Csv => "csv",
        ReportFormat::Json => "json",
    }
}

/// FILE, or the newest `programmes/<year>.ron` under the current folder.
pub fn programme_file(file: Option<&Path>) -> Result<PathBuf, Unusable> {
    if let Some(file) = file {
        return Ok(file.to_path_buf());
    }
    newest_programme(Path::new("programmes"))
        .map_err(|e| Unusable(format!("programmes/ cannot be read: {e}")))?
        .ok_or_else(|| {
            Unusable(
                "no programme given and no programmes/<year>.ron here; name one: FILE".to_string(),
            )
        })
}

/// `--filter`, read; its problem said with where it is.
pub fn parse_filter(text: Option<&str>) -> Result<Filter, Unusable> {
    Filter::parse(text.unwrap_or("")).map_err(|e| Unusable(format!("--filter {e}")))
}

/// The tag `adopt` gives a year's adopted programme.
pub fn adopted_tag(year: i32) -> String {
    format!("wp-{year}-adopted")
}

/// The version to compare with, and how to name it: `--against` (a revision of the file,
/// REV:PATH or a programme file), else the year's adoption tag when there is one.
fn earlier_version(
    file: &Path,
    now: &Programme,
    against: Option<&str>,
) -> Result<Option<(Programme, String)>, Unusable> {
    let revision = match against {
        Some(spec) if git::is_revision_path(spec) || Path::new(spec).is_file() => {
            return Ok(Some((load_side(spec)?, spec.to_string())));
        }
        Some(rev) => rev.to_string(),
        None => {
            let tag = adopted_tag(now.year);
            if !git::has_tag(&tag, file) {
                return Ok(None);
            }
            tag
        }
    };
    let bytes = git::show_file_at(&revision, file)
        .map_err(|e| Unusable(format!("--against {revision}: {e}")))?;
    let named = format!("{revision}:{}", file.display());
    Ok(Some((parse_revision(bytes, &named)?, revision)))
}
