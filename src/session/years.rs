//! The programmes beside a file: every `.ron` in its folder with the year it plans, read from
//! the head of each file (a canonical file says `year:` on its second line), so that finding
//! the next year in a folder of large programmes reads a few bytes of each, not each whole.

use std::fs;
use std::path::{Path, PathBuf};

/// How much of a file is read to find its year.
const HEAD: u64 = 4096;

/// The programme files in `folder` by the year their text gives, in order of year (then of
/// name). Files whose head names no year are left out.
pub fn programmes_in(folder: &Path) -> Vec<(i32, PathBuf)> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<(i32, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .filter_map(|path| Some((year_of_file(&path)?, path)))
        .collect();
    found.sort();
    found
}

/// The year a programme file's text gives at its head.
pub fn year_of_file(path: &Path) -> Option<i32> {
    // Never waiting on a FIFO named like a programme.
    let head = crate::store::file::read_start(path, HEAD).ok()?;
    year_of_head(&String::from_utf8_lossy(&head))
}

/// The `year: NNNN` of the programme at the start of `text`: the first `year` field before
/// any cluster.
pub fn year_of_head(text: &str) -> Option<i32> {
    let body = text.trim_start().strip_prefix("Programme")?.trim_start();
    let body = body.strip_prefix('(')?;
    let before_clusters = body.split("clusters").next()?;
    let at = before_clusters
        .match_indices("year")
        .map(|(i, _)| i)
        .find(|&i| {
            let before = before_clusters[..i].trim_end();
            before.is_empty() || before.ends_with(',')
        })?;
    let rest = before_clusters[at + "year".len()..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    crate::model::Year::parse(&digits)
        .ok()
        .map(crate::model::Year::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_a_programme_is_passed_over_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("2023.ron");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(year_of_file(&fifo), None);
        assert!(programmes_in(dir.path()).is_empty());
    }

    #[test]
    fn the_year_comes_from_the_text_not_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, year: &str| {
            fs::write(
                dir.path().join(name),
                format!("Programme(\n    title: \"year: 1999\",\n    year: {year},\n    clusters: [],\n)\n"),
            )
            .unwrap();
        };
        write("2022.ron", "2021");
        write("plan.ron", "2023");
        write("old.ron", "20x1");
        fs::write(dir.path().join("notes.txt"), "Programme(year: 2020)").unwrap();
        assert_eq!(
            programmes_in(dir.path()),
            [
                (2021, dir.path().join("2022.ron")),
                (2023, dir.path().join("plan.ron"))
            ]
        );
        assert_eq!(year_of_head("Programme(year:2024,clusters:[])"), Some(2024));
        assert_eq!(year_of_head("Cluster(year: 2024)"), None);
    }
}
