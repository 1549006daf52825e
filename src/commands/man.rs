//! `wpmatrix man`: one roff manual page, with a section per subcommand, generated from the
//! command line clap reads (`clap_mangen`), plus the exit status and the files the editor keeps.

use std::io::Write;

use clap::CommandFactory as _;
use clap_mangen::Man;
use roff::{Roff, bold, roman};

use super::{Console, Outcome, Unusable, write_bytes};
use crate::cli::Cli;

/// Prints the manual page.
pub fn run(console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let page = page().map_err(|e| Unusable(format!("cannot render the manual page: {e}")))?;
    write_bytes(console.out, &page)?;
    Ok(Outcome::Yes)
}

/// What roff writes before every rendered piece; the page needs it once.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One section of a page as `clap_mangen` renders it.
type Render = fn(&Man, &mut dyn Write) -> std::io::Result<()>;

/// The whole page: the program, then each visible subcommand as its own section.
pub fn page() -> std::io::Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let man = Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    let top: [Render; 4] = [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ];
    append(&mut page, &man, &top, false)?;
    let subcommands: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
        .collect();
    page.extend_from_slice(summary(&subcommands).as_bytes());
    for sub in subcommands {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let mut heading = Roff::new();
        heading.control("SH", [name.to_uppercase().as_str()]);
        page.extend_from_slice(heading.to_roff().as_bytes());
        let parts: [Render; 3] = [
            Man::render_synopsis_section,
            Man::render_description_section,
            Man::render_options_section,
        ];
        append(
            &mut page,
            &Man::new(sub.clone().bin_name(&name)),
            &parts,
            true,
        )?;
    }
    page.extend_from_slice(trailer().as_bytes());
    append(&mut page, &man, &[Man::render_version_section], false)?;
    Ok(page)
}

/// Renders sections onto the page without their preamble; `demote` makes them subsections.
fn append(page: &mut Vec<u8>, man: &Man, renders: &[Render], demote: bool) -> std::io::Result<()> {
    for render in renders {
        let mut out = Vec::new();
        render(man, &mut out)?;
        let text = String::from_utf8_lossy(&out);
        let text = text.strip_prefix(PREAMBLE).unwrap_or(&text);
        if demote {
            page.extend_from_slice(demoted(text).as_bytes());
        } else {
            page.extend_from_slice(text.as_bytes());
        }
    }
    Ok(())
}

/// A subcommand's sections become subsections of its own section.
fn demoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(".SH ") {
            Some(heading) => {
                out.push_str(".SS ");
                out.push_str(&title_case(heading));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `OPTIONS` as `Options`, the way subsection headings are written.
fn title_case(heading: &str) -> String {
    let lower = heading.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The list of subcommands, each pointing at its own section below (`clap_mangen`'s list points
/// at separate pages this one replaces).
fn summary(subcommands: &[&clap::Command]) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["SUBCOMMANDS"]);
    roff.text([roman("Each has its own section below.")]);
    for sub in subcommands {
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        roff.control("TP", [])
            .text([bold(format!("wpmatrix {}", sub.get_name()))])
            .text([roman(about)]);
    }
    roff.to_roff()
}

/// The exit status and the files, as the contract has them.
fn trailer() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        (
            "0",
            "success; for diff: no difference; for check: no problem.",
        ),
        (
            "1",
            "the answer is no: diff found differences; check or fmt --check found problems.",
        ),
        (
            "2",
            "the input or the arguments could not be used: a file that is not a programme, a bad option.",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, meaning) in [
        (
            "programmes/YEAR.ron",
            "the programme of a year; wpmatrix and new look there by default (or in the current \
             folder, when started inside programmes/).",
        ),
        (
            "$XDG_STATE_HOME/wpmatrix/",
            "crash-recovery files and locks (default ~/.local/state/wpmatrix/), a real folder of \
             your own; recover --list lists the recovery files, recover --delete removes one.",
        ),
        (
            "$XDG_CONFIG_HOME/wpmatrix/keys.conf",
            "the editor's key bindings.",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(path)])
            .text([roman(meaning)]);
    }
    roff.to_roff()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_a_section_per_visible_subcommand() {
        let page = String::from_utf8(page().expect("renders")).expect("UTF-8");
        assert_eq!(page.matches(".ds Aq").count(), 2, "one preamble");
        for name in [
            "SHOW",
            "CHECK",
            "FMT",
            "EXPORT",
            "IMPORT",
            "DIFF",
            "NEW",
            "COMPLETIONS",
        ] {
            assert!(
                page.contains(&format!(".SH \"WPMATRIX {name}\"")),
                "{name}: {page}"
            );
        }
        assert!(
            !page.contains("MERGE\\-DRIVER"),
            "internal commands stay hidden"
        );
        assert!(page.contains(".SH \"EXIT STATUS\""));
        assert!(page.contains("\\-\\-clusters\\-from"));
    }
}
