//! wpmatrix: a terminal planning matrix for yearly work programmes.
//!
//! Data flows one way; each layer uses only the ones below it in this list (a test reads the
//! `crate::` paths and keeps it so):
//! - [`cli`] and [`commands`]: the command line, one module per subcommand, writing to a
//!   [`commands::Console`]; `main` maps their answers to exit codes;
//! - [`tui`]: the terminal loop and views, the only user of ratatui and crossterm;
//! - [`app`]: the editor's state machine (no terminal, no I/O);
//! - [`session`]: the file being edited, below the terminal: open with recovery, save with the
//!   on-disk check, reload, lock, the per-user state folder, the read-only rule;
//! - [`exchange`]: CSV, XLSX, Markdown, JSON and HTML, out and back in (no terminal);
//! - [`store`]: canonical RON files, atomic saving, git blobs (no terminal);
//! - [`report`]: plain text for people (the grid and timeline of `show`, the diff report);
//! - [`model`]: programmes, clusters, activities, validation, diff, three-way merge and roll-over
//!   (besides std: serde, chrono, thiserror, and deunicode, strsim and foldhash for matching
//!   titles and indexing ids);
//! - [`text`]: widths, wrapping, printable text and plurals; imports nothing of ours.

pub mod app;
pub mod cli;
pub mod commands;
pub mod exchange;
pub mod model;
pub mod report;
pub mod session;
pub mod store;
pub mod text;
pub mod tui;
