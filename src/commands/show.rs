//! `wpmatrix show FILE [--view grid|timeline] [--width N]`.

use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::cli::View;
use crate::report;
use crate::store;

/// Width used when neither `--width` nor a terminal says otherwise.
const DEFAULT_WIDTH: usize = 100;

/// Prints the programme as a grid or a timeline.
pub fn run(
    file: &Path,
    view: View,
    width: Option<u16>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let (_, parsed) = store::load(file)?;
    let least = match view {
        View::Grid => 40,
        View::Timeline => report::TIMELINE_MIN_WIDTH,
    };
    let width = match width {
        Some(width) => checked_width(usize::from(width), least)?,
        // A terminal narrower than the view needs still gets the view, at its narrowest.
        None => console
            .out_is_terminal
            .then(|| {
                crossterm::terminal::size()
                    .ok()
                    .map(|(w, _)| usize::from(w))
            })
            .flatten()
            .unwrap_or(DEFAULT_WIDTH)
            .clamp(least, report::MAX_WIDTH),
    };
    let text = match view {
        View::Grid => report::grid(&parsed.programme, width, console.out_is_terminal),
        View::Timeline => {
            let today = chrono::Local::now().date_naive();
            report::timeline(&parsed.programme, width, Some(today))
        }
    };
    write_out(console.out, &text)?;
    Ok(Outcome::Yes)
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
