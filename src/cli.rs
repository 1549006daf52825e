//! The command line, as clap reads it. The README names every command and option here.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};

pub use crate::tui::theme::ThemeName;

/// A terminal planning matrix for yearly work programmes.
#[derive(Debug, Parser)]
#[command(
    name = "wpmatrix",
    version,
    about,
    after_help = "Without a command, opens the editor on FILE. A file that cannot be loaded opens a \
repair screen listing its problems as `check` does: `e` edits the file in $EDITOR at the first \
one and reloads it, `q` leaves without opening it (exit status 2). In the editor, `E` edits the \
description in $VISUAL or $EDITOR (default vi), and Ctrl-e a text box's text."
)]
pub struct Cli {
    /// The programme to edit. Default: the newest programmes/YEAR.ron under the current folder.
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Draw with ASCII only. Also on with `WPMATRIX_ASCII=1`, `TERM=linux`, or a locale that is not
    /// UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`; unset, C and POSIX are not).
    #[arg(long, global = true)]
    pub ascii: bool,

    /// No columns or boxes: one line says where you are after each move, for a screen reader
    /// or a braille display. Also on with `WPMATRIX_SCREEN_READER=1`.
    #[arg(long, global = true)]
    pub screen_reader: bool,

    /// Colours: default, high-contrast or mono. Default: `WPMATRIX_THEME`, else a `theme NAME`
    /// line in `$XDG_CONFIG_HOME/wpmatrix/config`, else default. `NO_COLOR` turns colour off.
    #[arg(long, global = true, value_enum)]
    pub theme: Option<ThemeName>,
}

/// How everything is presented, from the global flags and the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presentation {
    pub ascii: bool,
    pub screen_reader: bool,
    pub theme: ThemeName,
    /// `NO_COLOR` is set (to anything but nothing).
    pub no_color: bool,
}

impl Presentation {
    /// The presentation the flags ask for, the environment (`env`) and the config file's text
    /// (`config`) filling in what they leave open. A config file naming an unknown theme is an
    /// error that says so.
    pub fn resolve(
        cli: &Cli,
        env: impl Fn(&str) -> Option<String>,
        config: Option<&str>,
    ) -> Result<Presentation, PresentationError> {
        let on = |name: &str| env(name).is_some_and(|v| v == "1");
        let ascii = cli.ascii
            || on("WPMATRIX_ASCII")
            || env("TERM").is_some_and(|t| t == "linux")
            || !utf8_locale(&env);
        let theme = match (cli.theme, env("WPMATRIX_THEME").filter(|t| !t.is_empty())) {
            (Some(theme), _) => theme,
            (None, Some(name)) => {
                ThemeName::parse(&name).ok_or(PresentationError::UnknownTheme(name))?
            }
            (None, None) => match config.and_then(crate::tui::theme::theme_in_config) {
                Some(found) => found.map_err(PresentationError::config)?,
                None => ThemeName::Default,
            },
        };
        Ok(Presentation {
            ascii,
            screen_reader: cli.screen_reader || on("WPMATRIX_SCREEN_READER"),
            theme,
            no_color: env("NO_COLOR").is_some_and(|v| !v.is_empty()),
        })
    }
}

/// Why the presentation asked for cannot be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PresentationError {
    #[error("WPMATRIX_THEME={0}: the themes are default, high-contrast and mono")]
    UnknownTheme(String),
    /// What is wrong with the config file's theme line, as the theme reader says it.
    #[error("the config file: {0}")]
    Config(String),
}

impl PresentationError {
    /// The theme reader's refusal (`tui::theme`), kept as its message: all a caller shows.
    fn config(problem: impl std::fmt::Display) -> Self {
        PresentationError::Config(problem.to_string())
    }
}

/// Whether the locale says UTF-8: the first of `LC_ALL`, `LC_CTYPE` and `LANG` that is set
/// decides; unset, `C` and `POSIX` are not UTF-8.
pub fn utf8_locale(env: &impl Fn(&str) -> Option<String>) -> bool {
    let Some(locale) = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()))
    else {
        return false;
    };
    let lower = locale.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the matrix (or the timeline) as text.
    Show {
        /// The programme to print.
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// grid: the matrix, clusters by activities; timeline: activities along the year;
        /// linear: a sentence per activity, for a screen reader.
        #[arg(long, value_enum, default_value_t = View::Grid)]
        view: View,
        /// Width in columns. Default: the terminal's width, or 100 when not writing to one.
        #[arg(long)]
        width: Option<u16>,
        /// Only the activities this filter keeps (the editor's filter language).
        #[arg(long, value_name = "F")]
        filter: Option<String>,
    },
    /// Validate programme files; every problem as <FILE:LINE:COL>: message.
    Check {
        /// The programme files to check.
        #[arg(required = true, value_hint = ValueHint::FilePath)]
        files: Vec<PathBuf>,
    },
    /// Rewrite programme files in canonical form.
    Fmt {
        /// Change nothing; fail (exit 1) if a file is not canonical or is a programme with problems.
        #[arg(long)]
        check: bool,
        /// Rewrite even when that drops comments from the file.
        #[arg(long)]
        drop_comments: bool,
        /// The programme files to format.
        #[arg(required = true, value_hint = ValueHint::FilePath)]
        files: Vec<PathBuf>,
    },
    /// Export a programme for spreadsheets, documents and print.
    Export(ExportArgs),
    /// Read a rows-layout CSV or XLSX back into a programme.
    ///
    /// Takes what spreadsheets make of the rows: a byte-order mark, CRLF or LF, `,` `;` or tab
    /// between cells, columns in any order and any case (only `cluster` and `title` are needed),
    /// formats split by `;` (or by `,` in a sheet without an `activity_id` column), rows with
    /// their trailing empty cells left out. An .xlsx is read from the sheet with the rows-layout
    /// header (the Activities sheet of `export --to xlsx`, or any other); its date cells are
    /// dates. Dates may be 2022-03-15, 15/03/2022, 15 Mar 2022, an Excel date number, 2022-03,
    /// 03/2022, Mar-22, March 2022, 2022-Q2 or Q2 2022; the day/month order of 3/4/2022 is
    /// decided per file by a day above 12, else --dates. The year is the `year` column's, else
    /// the output file's name (2023.ron). Each row problem is shown as CSV:LINE: message (in a
    /// workbook XLSX:Sheet!G12: message, naming the cell), and then nothing is written.
    ///
    /// The programme title, adoption date, cluster summaries and empty clusters are not in the
    /// rows layout: `-o` writes a new programme without them (titled "Work Programme YEAR");
    /// `--into` keeps them from an existing programme.
    #[command(
        override_usage = "wpmatrix import <CSV|XLSX> (-o <FILE> | --into <FILE> [--prune]) \
        [--dates <dmy|mdy>] [--add-fields | --ignore-columns <C,...>] [--dry-run] [--keep-going]"
    )]
    Import(ImportArgs),
    /// Activity-level differences between two programmes (paths or REV:PATH).
    Diff {
        /// The old programme: a path, or REV:PATH in git (HEAD:programmes/2022.ron).
        #[arg(value_hint = ValueHint::FilePath)]
        old: String,
        /// The new programme: a path, or REV:PATH in git.
        #[arg(value_hint = ValueHint::FilePath)]
        new: String,
        /// text for people, csv or json for tools.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Colour the text output: auto (when writing to a terminal), always or never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Only the activities this filter keeps on either side (the editor's filter language).
        #[arg(long, value_name = "F")]
        filter: Option<String>,
    },
    /// How the year went: the programme against an earlier version of it (the adopted one).
    ///
    /// Per cluster and in total: delivered (done), under way (ongoing), still planned (planned
    /// and tbc), overdue (still planned with an end before --today), slipped and brought forward
    /// (the end later or earlier than in the earlier version), postponed, cancelled, added since
    /// and dropped since, each with the activities behind it, matched as `diff` matches them.
    /// The earlier version is --against REV, else the tag wp-YEAR-adopted when the repository
    /// has it; without either, the report covers the programme as it stands.
    Report(ReportArgs),
    /// Frequency tables: how many activities per cluster, status, format or quarter.
    ///
    /// One key gives its table, two keys a cross table (the first down the side), no --by one
    /// table per key. An activity counts once under each format it has and once in each
    /// quarter it spans (the table says so); undated activities and those without a format
    /// have their own row.
    Stats(StatsArgs),
    /// Start a new year's programme: roll the newest one over, or start from clusters alone.
    ///
    /// Without --from, --empty or --clusters-from, rolls over the newest programmes/YEAR.ron
    /// under the current folder. Rolling over carries recurring and unfinished activities with
    /// `follow_up_of` pointing back, statuses reset and notes cleared (the output says how many).
    /// Never writes over an existing file.
    #[command(group = clap::ArgGroup::new("source").args(["from", "empty", "clusters_from"]))]
    New {
        /// The year the new programme plans.
        year: i32,
        /// Roll this programme over. Default: the newest programmes/YEAR.ron here.
        #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
        from: Option<PathBuf>,
        /// Start with the six standard clusters of the PES Network programme and no activities.
        #[arg(long)]
        empty: bool,
        /// Start with this programme's clusters (ids, names, summaries) and no activities.
        #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
        clusters_from: Option<PathBuf>,
        /// Where to write. Default: YEAR.ron next to the source programme, or programmes/YEAR.ron
        /// here with --empty.
        #[arg(short = 'o', long = "output", value_name = "OUT", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Clear dates instead of moving them on by a year.
        #[arg(long, conflicts_with_all = ["empty", "clusters_from"])]
        clear_dates: bool,
    },
    /// A programme's history in git, told as activity-level changes per commit.
    ///
    /// Newest first: each commit's hash, author, date and message, then what it changed as
    /// `diff` prints it ("layout only" for a commit that changed no activity). With an adoption
    /// tag (`wpmatrix adopt`), a file that differs from it is said to be amended.
    Log {
        /// The programme. Default: the newest programmes/YEAR.ron here.
        #[arg(value_hint = ValueHint::FilePath)]
        file: Option<PathBuf>,
        /// Only the commits that changed this activity (its id), and only its changes.
        #[arg(long, value_name = "ID")]
        activity: Option<String>,
        /// Only the commits after this revision; `adopted` is the year's adoption tag
        /// (wp-YEAR-adopted), so this lists the amendments.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
    },
    /// Record a programme's adoption: set `adopted` and the stage, commit, tag wp-YEAR-adopted.
    ///
    /// Commits FILE alone and makes the annotated tag wp-YEAR-adopted; --by goes into the
    /// commit and tag messages, not into the file. Refuses a file with uncommitted changes and
    /// a year that has its tag already. Afterwards `log --since adopted` lists the amendments
    /// and `diff adopted:FILE FILE` shows them.
    Adopt {
        /// The programme to adopt, committed in git.
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// The day of the adoption, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Who adopted it (e.g. "PES Board"), for the commit and tag messages.
        #[arg(long, value_name = "BODY")]
        by: Option<String>,
    },
    /// List or delete the editor's recovery files (unsaved work kept in the state folder).
    ///
    /// --list shows each recovery file with the programme it belongs to, whether that programme
    /// still exists, its size and date; a recovery that holds exactly its programme as it is on
    /// disk goes on the way. --delete removes one: PATH is a listed recovery file or its
    /// programme. Nothing else is ever deleted.
    #[command(group = clap::ArgGroup::new("what").args(["list", "delete"]).required(true))]
    Recover {
        /// List the recovery files in the state folder.
        #[arg(long)]
        list: bool,
        /// Delete the recovery file PATH, or the one of the programme PATH.
        #[arg(long, value_name = "PATH", value_hint = ValueHint::FilePath)]
        delete: Option<PathBuf>,
    },
    /// Install the git diff and merge drivers that .gitattributes names.
    GitSetup {
        /// Write to the user's global git config instead of this repository's.
        #[arg(long)]
        global: bool,
    },
    /// Print a shell completion script.
    ///
    /// Bash: `wpmatrix completions bash > ~/.local/share/bash-completion/completions/wpmatrix`;
    /// zsh: into a folder on $fpath as `_wpmatrix`; fish:
    /// `wpmatrix completions fish > ~/.config/fish/completions/wpmatrix.fish`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), with a section per subcommand.
    ///
    /// Install: `wpmatrix man > ~/.local/share/man/man1/wpmatrix.1`, then `man wpmatrix`.
    Man,
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

/// `wpmatrix import`'s arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The rows-layout CSV or XLSX to read (an .xlsx by its name or its content).
    #[arg(value_name = "CSV|XLSX", value_hint = ValueHint::FilePath)]
    pub sheet: PathBuf,
    /// The new programme file to write; the title, adoption date, cluster summaries and
    /// empty clusters do not come with the rows (--into keeps them).
    #[arg(short = 'o', long = "output", value_name = "FILE", required_unless_present = "into", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Merge the rows into this existing programme, printing each change. Rows match its
    /// activities by `activity_id`; a row without one updates only the activity of its cluster
    /// with the same title (case, accents and punctuation aside), else it is added (see
    /// --match-titles). Activities the sheet lacks are kept (see --prune).
    #[arg(long, value_name = "FILE", conflicts_with = "output", value_hint = ValueHint::FilePath)]
    pub into: Option<PathBuf>,
    /// With --into: remove the activities the sheet no longer has (listed in the changes).
    /// Refused when that is more than half of them, unless --force.
    #[arg(long)]
    pub prune: bool,
    /// With --prune: remove the activities the sheet lacks even when they are more than half of
    /// the programme (a filtered export is only part of it).
    #[arg(long, requires = "prune")]
    pub force: bool,
    /// Rows without `activity_id` find their activity as `diff` does (`follow_up_of`, then a
    /// similar title, in any cluster), so a row may retitle or move it.
    #[arg(long)]
    pub match_titles: bool,
    /// The order of day and month in dates like 3/4/2022, when the file's own dates (a day
    /// above 12) do not settle it: dmy (day first, 15/03/2022) or mdy (month first).
    #[arg(long, value_enum, value_name = "dmy|mdy")]
    pub dates: Option<DatesOrder>,
    /// Only print what would change.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the good rows and list the rest instead of writing nothing.
    #[arg(long)]
    pub keep_going: bool,
    /// Declare the sheet's columns the programme does not know as its own text fields.
    #[arg(long, conflicts_with = "ignore_columns")]
    pub add_fields: bool,
    /// Leave these columns of the sheet out (names separated by commas).
    #[arg(long, value_name = "C,...", value_delimiter = ',')]
    pub ignore_columns: Vec<String>,
}

/// `wpmatrix report`'s arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The programme. Default: the newest programmes/YEAR.ron under the current folder.
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// The earlier version: a git revision of the file (a tag, a commit, HEAD~3), REV:PATH, or
    /// a programme file. Default: the tag wp-YEAR-adopted, when there is one.
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// The day the report is made on: what ends before it and is still planned is overdue.
    /// Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<chrono::NaiveDate>,
    /// Only the activities this filter keeps (the editor's filter language).
    #[arg(long, value_name = "F")]
    pub filter: Option<String>,
    /// text for a terminal, md for a document, html for the Board (a page with charts), csv or
    /// json for tools.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write here (atomically) instead of to standard output; never the programme itself.
    #[arg(short = 'o', long = "output", value_name = "OUT", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Html,
    Csv,
    Json,
}

/// `wpmatrix stats`'s arguments.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The programme. Default: the newest programmes/YEAR.ron under the current folder.
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// What to count by: cluster, status, format, quarter; two keys give a cross table.
    #[arg(long, value_name = "KEY,...", value_delimiter = ',')]
    pub by: Vec<String>,
    /// Only the activities this filter keeps (the editor's filter language).
    #[arg(long, value_name = "F")]
    pub filter: Option<String>,
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Csv,
    Json,
}

/// A day as `--today` takes it: `2022-07-01`.
pub fn parse_day(text: &str) -> Result<chrono::NaiveDate, NotADay> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|source| NotADay {
        text: text.to_string(),
        source,
    })
}

/// A `--today` that is not a day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a day like 2022-07-01: {source}")]
pub struct NotADay {
    pub text: String,
    pub source: chrono::ParseError,
}

/// Day/month order of a sheet's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DatesOrder {
    /// Day first: 15/03/2022.
    Dmy,
    /// Month first: 03/15/2022.
    Mdy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum View {
    Grid,
    Timeline,
    /// A sentence per activity, cluster by cluster, for a screen reader or a braille display.
    Linear,
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
    /// An iCalendar file (RFC 5545): an all-day event per dated activity, to import into a
    /// calendar; a newer export updates the events it imported before.
    Ics,
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
    #[arg(value_hint = ValueHint::FilePath)]
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
    #[arg(short = 'o', long = "output", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Only the activities this filter keeps (the editor's filter language:
    /// `lead:FR in:2022-Q3`).
    #[arg(long, value_name = "F")]
    pub filter: Option<String>,
}

/// The CSV delimiters a spreadsheet reads: `,`, `;` (Excel in locales with a decimal comma) and
/// tab. Anything else would make a file no spreadsheet opens as intended.
pub fn parse_delimiter(text: &str) -> Result<u8, UnknownDelimiter> {
    match text {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => Err(UnknownDelimiter(text.to_string())),
    }
}

/// A `--delimiter` no spreadsheet reads as intended.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a delimiter wpmatrix writes; use ',', ';' or tab ('tab' or '\\t')")]
pub struct UnknownDelimiter(pub String);

/// The error clap would give for a mistyped subcommand (`wpmatrix shw FILE`), which the editor's
/// optional FILE would otherwise take for a file name. A first argument is taken for a mistyped
/// subcommand when it is no existing path, looks like no file name (no `.` or `/`), and is close
/// to a subcommand's name or has more arguments after it.
pub fn mistyped_subcommand(args: &[OsString]) -> Option<clap::Error> {
    let first = args.get(1)?.to_str()?;
    let mut command = Cli::command();
    command.build();
    let file_like = first.starts_with('-') || first.contains(['.', '/', '\\']);
    let known = command
        .get_subcommands()
        .any(|sub| sub.get_name() == first || sub.get_all_aliases().any(|a| a == first));
    if file_like || known || Path::new(first).exists() {
        return None;
    }
    let mut close: Vec<(f64, String)> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| {
            (
                strsim::jaro(first, sub.get_name()),
                sub.get_name().to_string(),
            )
        })
        .filter(|(confidence, _)| *confidence > 0.7)
        .collect();
    if close.is_empty() && args.len() <= 2 {
        return None;
    }
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let usage = command.render_usage();
    let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&command);
    err.insert(
        ContextKind::InvalidSubcommand,
        ContextValue::String(first.to_string()),
    );
    if !close.is_empty() {
        err.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(close.into_iter().map(|(_, name)| name).collect()),
        );
    }
    err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    Some(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_mistyped_subcommand_is_named_with_the_close_one() {
        let err = mistyped_subcommand(&args(&["wpmatrix", "shw", "programmes/2022.ron"]))
            .expect("a mistyped subcommand")
            .to_string();
        assert!(err.contains("unrecognized subcommand 'shw'"), "{err}");
        assert!(err.contains("a similar subcommand exists: 'show'"), "{err}");
    }

    #[test]
    fn files_subcommands_and_unrelated_single_words_are_left_to_clap() {
        for list in [
            &["wpmatrix", "programmes/2022.ron"][..],
            &["wpmatrix", "2023.ron"],
            &["wpmatrix", "show", "x.ron"],
            &["wpmatrix", "--help"],
            &["wpmatrix", "src"],
            &["wpmatrix", "zzzz"],
            &["wpmatrix"],
        ] {
            assert!(mistyped_subcommand(&args(list)).is_none(), "{list:?}");
        }
    }

    #[test]
    fn an_unknown_word_before_more_arguments_is_no_file_to_edit() {
        let err = mistyped_subcommand(&args(&["wpmatrix", "zzzz", "a.ron"]))
            .expect("not a subcommand")
            .to_string();
        assert!(err.contains("unrecognized subcommand 'zzzz'"), "{err}");
        assert!(!err.contains("similar"), "{err}");
    }
}
