//! wpmatrix: a terminal planning matrix for yearly work programmes.
//!
//! Data flows one way:
//! - [`model`]: programmes, clusters, activities, validation, diff, three-way merge and roll-over
//!   (std, serde and chrono only);
//! - [`store`]: canonical RON files, atomic saving, git blobs (no terminal);
//! - [`exchange`]: CSV, XLSX, Markdown and JSON, out and back in (no terminal);
//! - [`session`]: the file being edited, below the terminal: open with recovery, save with the
//!   on-disk check, reload, lock, the per-user state folder, the read-only rule;
//! - [`report`]: plain text for people (the grid and timeline of `show`, the diff report);
//! - [`app`]: the editor's state machine (no terminal, no I/O);
//! - [`tui`]: the terminal loop and views, the only user of ratatui and crossterm;
//! - [`cli`] and [`commands`]: the command line, one module per subcommand, writing to a
//!   [`commands::Console`]; `main` maps their answers to exit codes.

pub mod app;
pub mod cli;
pub mod commands;
pub mod exchange;
pub mod model;
pub mod report;
pub mod session;
pub mod store;
pub mod tui;
