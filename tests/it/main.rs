//! The integration tests, in one binary (one link instead of thirty-four): each module is one kind
//! of behaviour, and `common` holds what they share — the binary, the shipped programme and
//! fixtures, scratch git repositories and the pseudo-terminal guard.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is a failed test, with its message"
)]

mod common;

/// Every program the tests start sees one locale and none of the presentation switches, so
/// their output does not depend on the machine (`LANG=C` would turn ASCII mode on). Tests of
/// those modes set them on the command they run. The tests run a link of their own to the
/// binary (`common::bin`). And a watchdog ends the run if a test hangs (`common::watchdog`).
#[ctor::ctor(unsafe)]
fn pin_locale() {
    // SAFETY: runs before main, while the process has a single thread.
    unsafe {
        common::link_the_binary();
        std::env::set_var("LC_ALL", "C.UTF-8");
        for name in [
            "WPMATRIX_ASCII",
            "WPMATRIX_SCREEN_READER",
            "WPMATRIX_THEME",
            "NO_COLOR",
        ] {
            std::env::remove_var(name);
        }
    }
    // After the environment is set: the watchdog is the process's second thread.
    #[cfg(unix)]
    common::watchdog::start();
}

#[path = "../../benches/common/generate.rs"]
mod generate;

mod a11y;
mod calendar;
mod check;
mod check_items;
mod cli;
mod diff;
mod editor_external;
mod editor_large;
mod editor_lenses;
mod editor_lists;
mod editor_ops;
#[cfg(unix)]
mod editor_pty;
mod editor_read_only;
mod editor_recovery;
mod editor_scenarios;
mod editor_screens;
mod editor_stats;
mod editor_views;
mod exchange;
mod export;
mod fields;
mod filter;
mod fitted;
mod fuzz;
mod fuzz_import;
mod git;
mod html;
mod import_csv;
mod import_guards;
mod import_many;
mod import_report;
mod import_sheets;
mod import_year;
mod key_file;
mod layers;
mod libreoffice;
mod log_history;
mod merge;
mod merge_editor;
mod merge_passes;
mod readme;
mod recover;
mod report;
mod rollover;
mod ron_equivalence;
mod roundtrip;
mod shell;
mod show_graphemes;
#[cfg(unix)]
mod special_files;
mod stats;
mod terminal_safety;
mod text_boxes;
mod timeline;
mod years;
