//! `wpmatrix show FILE [--view grid|timeline|linear] [--width N] [--filter F]`.

use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::cli::View;
use crate::report;
use crate::store;
use crate::store::history;

/// Width used when neither `--width` nor a terminal says otherwise.
const DEFAULT_WIDTH: usize = 100;

/// Prints the programme as a grid or a timeline.
pub fn run(
    file: &Path,
    view: View,
    width: Option<u16>,
    filter: Option<&str>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let (_, mut parsed) = store::load(file)?;
    // Against the tag the file is compared whole, before a filter narrows what is shown.
    let amended = || history::amended(file, &parsed.programme) == Some(true);
    let amended = matches!(view, View::Grid | View::Timeline) && amended();
    super::apply_filter(filter, &mut parsed.programme)?;
    let least = match view {
        View::Grid | View::Linear => 40,
        View::Timeline => report::TIMELINE_MIN_WIDTH,
    };
    let width = match width {
        Some(width) => checked_width(usize::from(width), least)?,
        // A terminal narrower than the view needs still gets the view, at its narrowest.
        None => console
            .out_width
            .map_or(DEFAULT_WIDTH, usize::from)
            .clamp(least, report::MAX_WIDTH),
    };
    let text = match view {
        View::Grid => report::grid(&parsed.programme, width, colour(console), amended),
        // One line per activity, however long: a braille display or a reader wraps it.
        View::Linear => report::linear(&parsed.programme),
        View::Timeline => {
            let today = chrono::Local::now().date_naive();
            // The title alone, as always, unless amended: then said as the grid says it.
            let title = if amended {
                report::heading(&parsed.programme, true)
            } else {
                parsed.programme.title.clone()
            };
            report::titled_timeline(&parsed.programme, &title, width, Some(today))
        }
    };
    // The views draw their own symbols in ASCII in ASCII mode; the planners' text passes.
    write_out(console.out, &text)?;
    Ok(Outcome::Yes)
}

/// Colour for a person at a terminal, unless `NO_COLOR` says otherwise.
pub fn colour(console: &Console<'_>) -> bool {
    console.out_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A `--width` the view can use, or a message saying which widths it can.
fn checked_width(width: usize, least: usize) -> Result<usize, Unusable> {
    if width < least {
        return Err(Unusable(format!(
            "--width {width} is too narrow; {least} columns at least"
        )));
    }
    if width > report::MAX_WIDTH {
        return Err(Unusable(format!(
            "--width {width} is too wide; {} columns at most",
            report::MAX_WIDTH
        )));
    }
    Ok(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `show` prints on a console whose terminal is `out_width` wide.
    fn shown(out_width: Option<u16>) -> String {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: false,
            out_width,
        };
        let file = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/programmes/2022.ron"));
        run(file, View::Grid, None, None, &mut console).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn widest(text: &str) -> usize {
        text.lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn show_fills_the_width_the_console_reports() {
        assert!(widest(&shown(Some(70))) <= 70);
        assert!(widest(&shown(Some(160))) > 100);
        assert!(widest(&shown(None)) <= DEFAULT_WIDTH);
    }
}
