//! The command line, as clap reads it. The contract (`CONTRACT.md`, "Command line") names every
//! command and option here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A terminal planning matrix for yearly work programmes.
#[derive(Debug, Parser)]
#[command(
    name = "wpmatrix",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The programme to edit. Default: the newest programmes/YEAR.ron under the current folder.
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the matrix (or the timeline) as text.
    Show {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = View::Grid)]
        view: View,
        /// Width in columns. Default: the terminal's width, or 100 when not writing to one.
        #[arg(long)]
        width: Option<u16>,
    },
    /// Validate programme files; every problem as FILE:LINE:COL: message.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Rewrite programme files in canonical form.
    Fmt {
        /// Change nothing; fail if a file is not canonical.
        #[arg(long)]
        check: bool,
        /// Rewrite even when that drops comments from the file.
        #[arg(long)]
        drop_comments: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export a programme for spreadsheets, documents and print.
    Export(ExportArgs),
    /// Read a rows-layout CSV back into a programme.
    ///
    /// Takes what spreadsheets make of the CSV: a byte-order mark, CRLF or LF, `,` `;` or tab
    /// between cells, columns in any order and any case (only `cluster` and `title` are needed),
    /// dates as 2022-03-15 or 15/03/2022, 2022-03 or 03/2022, 2022-Q2 or Q2 2022, formats split by
    /// `;` (or by `,` in a sheet without an `activity_id` column), rows with their trailing empty
    /// cells left out. The year is the `year` column's, else the output file's name (2023.ron).
    /// Each row problem is shown as CSV:LINE: message, and then nothing is written.
    ///
    /// The programme title, adoption date, cluster summaries and empty clusters are not in the
    /// rows layout: `-o` writes a new programme without them (titled "Work Programme YEAR");
    /// `--into` keeps them from an existing programme.
    Import {
        csv: PathBuf,
        /// The new programme file to write; the title, adoption date, cluster summaries and
        /// empty clusters do not come with the rows (--into keeps them).
        #[arg(short = 'o', long = "output", required_unless_present = "into")]
        output: Option<PathBuf>,
        /// Merge the rows into this existing programme by activity id (activities the CSV does
        /// not name are kept), printing each change.
        #[arg(long, conflicts_with = "output")]
        into: Option<PathBuf>,
        /// Only print what would change.
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows and list the rest instead of writing nothing.
        #[arg(long)]
        keep_going: bool,
    },
    /// Activity-level differences between two programmes (paths or REV:PATH).
    Diff {
        old: String,
        new: String,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Colour the text output: auto (when writing to a terminal), always or never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Roll a programme over to a new year.
    New {
        year: i32,
        #[arg(long)]
        from: PathBuf,
        /// Default: programmes/YEAR.ron next to the source file.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Clear dates instead of moving them on by a year.
        #[arg(long)]
        clear_dates: bool,
    },
    /// Install the git diff and merge drivers that .gitattributes names.
    GitSetup {
        /// Write to the user's global git config instead of this repository's.
        #[arg(long)]
        global: bool,
    },
    /// Internal: git's external diff driver (7 arguments).
    #[command(hide = true)]
    GitDiffDriver { args: Vec<String> },
    /// Internal: git's textconv, one line per activity.
    #[command(hide = true)]
    GitTextconv { file: PathBuf },
    /// Internal: git's merge driver (%O %A %B %L %P).
    #[command(hide = true)]
    GitMergeDriver { args: Vec<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum View {
    Grid,
    Timeline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values (see --layout, --excel, --delimiter).
    Csv,
    /// Markdown: a table per cluster.
    Md,
    /// JSON with the file's own fields.
    Json,
    /// An Excel workbook: a "Grid" sheet like the printed matrix and an "Activities" sheet.
    Xlsx,
    /// One self-contained page to print or share: the matrix, a legend and the timeline.
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    Rows,
    Grid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `wpmatrix export`: what to write and where.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The programme to export (programmes/YEAR.ron).
    pub file: PathBuf,
    #[arg(long = "to", value_enum, default_value_t = ExportFormat::Csv)]
    pub to: ExportFormat,
    /// CSV only: one line per activity (rows), or the matrix as printed (grid).
    #[arg(long, value_enum, default_value_t = Layout::Rows)]
    pub layout: Layout,
    /// For Excel: BOM, formula-safe; add `--delimiter ';'` for locales with a decimal comma.
    #[arg(long)]
    pub excel: bool,
    /// CSV only: the character between cells: ',' (default), ';' or tab ('tab' or '\t').
    #[arg(long, value_name = "D", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Write here (atomically) instead of to standard output; never the input file itself.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// The CSV delimiters a spreadsheet reads: `,`, `;` (Excel in locales with a decimal comma) and
/// tab. Anything else would make a file no spreadsheet opens as intended.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => Err(format!(
            "{text:?} is not a delimiter wpmatrix writes; use ',', ';' or tab ('tab' or '\\t')"
        )),
    }
}
