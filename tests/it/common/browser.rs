//! A real browser for the printable pages: headless Chromium prints an HTML file to PDF, and
//! poppler's `pdfinfo` and `pdftotext` read the pages back.
//!
//! The browser tests need `chromium` and `poppler-utils`; `.ci/run` installs them. Without them
//! the tests fail and say so, unless `WPMATRIX_SKIP_BROWSER=1` is set on purpose.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Chromium and poppler, or why the browser tests cannot run. Their absence is a failure, not a
/// silent skip: CI must install them (`.ci/run`).
pub fn tools() -> Option<()> {
    let missing: Vec<&str> = ["chromium", "pdfinfo", "pdftotext"]
        .into_iter()
        .filter(|tool| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return Some(());
    }
    if std::env::var_os("WPMATRIX_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("skipping the browser test: WPMATRIX_SKIP_BROWSER=1");
        return None;
    }
    panic!(
        "the browser print test needs {} (missing). Install them as .ci/run does: \
         `apt-get update && apt-get install -y chromium poppler-utils`, \
         or set WPMATRIX_SKIP_BROWSER=1 to skip this test on purpose",
        missing.join(", ")
    );
}

/// A profile Chromium has started with once and left, kept in the test run's own folder (where
/// the binary's link is; a later run removes it) and copied for each later print: a fresh
/// profile makes Chromium's start cost more CPU. `None` where the run has no folder of its own.
static WARM_PROFILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Keeps the profile of the first print that ends as [`WARM_PROFILE`].
fn keep_warm_profile(printed_with: &Path) {
    WARM_PROFILE.get_or_init(|| {
        let warm = super::run_folder()?.join("chromium-profile");
        super::copy_folder(printed_with, &warm);
        Some(warm)
    });
}

/// Prints an HTML file to PDF with headless Chromium, as a planner's browser would.
pub fn print_to_pdf(html: &Path, dir: &Path) -> PathBuf {
    let pdf = dir.join("page.pdf");
    let profile = dir.join("profile");
    if let Some(warm) = WARM_PROFILE.get().and_then(Option::as_deref) {
        super::copy_folder(warm, &profile);
    }
    let status = super::run::status(
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-pdf-header-footer",
                // Fewer processes for a one-shot print, each of which costs CPU to start, with the
                // same PDF (pages, page size and text): the GPU thread and the network service in
                // the browser process, and no spare renderer or preloaded browser-UI page.
                "--in-process-gpu",
                "--enable-features=NetworkServiceInProcess2",
                "--disable-features=SpareRendererForSitePerProcess,PreloadTopChromeWebUI",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .stdout(Stdio::null())
            .stdin(Stdio::null())
            .stderr(Stdio::null()),
    );
    assert!(status.success(), "chromium failed: {status}");
    assert!(pdf.exists(), "chromium wrote no PDF");
    keep_warm_profile(&profile);
    pdf
}

pub fn pdf_pages(pdf: &Path) -> usize {
    let out = super::run::output(Command::new("pdfinfo").arg(pdf));
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo's answer: {info}"))
}

/// The text of one page, every run of white space made one space (the browser wraps titles).
/// Whether a page's text holds `text`, letters and digits compared only: the PDF's text breaks
/// lines where the browser wrapped, and drops the hyphen of a word wrapped at it
/// (`data-driven` comes out as `datadriven`).
pub fn on_page(page: &str, text: &str) -> bool {
    let squash = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    squash(page).contains(&squash(text))
}

pub fn pdf_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let out = super::run::output(
        Command::new("pdftotext")
            .args(["-f", &page, "-l", &page])
            .arg(pdf)
            .arg("-"),
    );
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page size line of `pdfinfo`: `Page size:      595.276 x 841.89 pts (A4)`.
pub fn pdf_page_size(pdf: &Path) -> String {
    let out = super::run::output(Command::new("pdfinfo").arg(pdf));
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find(|line| line.starts_with("Page size:"))
        .unwrap_or_else(|| panic!("no page size in pdfinfo's answer: {info}"))
        .to_string()
}

/// The text of one page as it is laid out (`pdftotext -layout`): the lines of a table row stay
/// together, before whatever follows the row on the page.
pub fn pdf_layout_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let out = super::run::output(
        Command::new("pdftotext")
            .args(["-layout", "-f", &page, "-l", &page])
            .arg(pdf)
            .arg("-"),
    );
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}
