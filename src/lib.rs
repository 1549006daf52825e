//! wpmatrix: a terminal planning matrix for yearly work programmes.
//!
//! Data flows one way:
//! - [`model`]: programmes, clusters, activities, validation (std, serde and chrono only);
//! - [`store`]: canonical RON files, CSV and other exchange formats, git blobs (no terminal);
//! - [`app`]: the editor's state machine (no terminal, no I/O);
//! - [`tui`]: the terminal loop and views, the only user of ratatui and crossterm;
//! - [`commands`]: one module per subcommand, writing to `impl Write`.

pub mod app;
pub mod cli;
pub mod commands;
pub mod model;
pub mod report;
pub mod store;
pub mod tui;
