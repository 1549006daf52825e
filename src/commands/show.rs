//! `wpmatrix show FILE [--view grid|timeline] [--width N]`.

use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::cli::View;
use crate::report;
use crate::store;

/// Width used when neither `--width` nor a terminal says otherwise.
const DEFAULT_WIDTH: u16 = 100;

/// Prints the programme as a grid or a timeline.
pub fn run(
    file: &Path,
    view: View,
    width: Option<u16>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let (_, parsed) = store::load(file)?;
    let width = width.or(console.out_width).unwrap_or(DEFAULT_WIDTH);
    if width < 40 {
        return Err(Unusable(format!(
            "--width {width} is too narrow; 40 columns at least"
        )));
    }
    let text = match view {
        View::Grid => report::grid(
            &parsed.programme,
            usize::from(width),
            console.out_is_terminal,
        ),
        View::Timeline => report::timeline(&parsed.programme, usize::from(width)),
    };
    write_out(console.out, &text)?;
    Ok(Outcome::Yes)
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
        run(file, View::Grid, None, &mut console).unwrap();
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
        assert!(widest(&shown(None)) <= usize::from(DEFAULT_WIDTH));
    }
}
