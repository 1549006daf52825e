//! `wpmatrix [FILE]`: opens the editor, by default on the newest programme under `programmes/`.

use std::path::{Path, PathBuf};

use super::{Outcome, Unusable};
use crate::store;

/// Opens the editor on a file, or on the newest `programmes/<year>.ron` under the current folder.
/// With `screen_reader`, the editor speaks one line per move instead of drawing columns.
pub fn run(file: Option<&Path>, screen_reader: bool) -> Result<Outcome, Unusable> {
    let path = match file {
        Some(path) => path.to_path_buf(),
        None => newest_programme(Path::new("programmes"))
            .map_err(|e| {
                Unusable(format!(
                    "no programme given and programmes/ cannot be read ({e}); open a file: `wpmatrix FILE`"
                ))
            })?
            .ok_or_else(how_to_start)?,
    };
    crate::tui::run(&path, screen_reader).map_err(Unusable)?;
    Ok(Outcome::Yes)
}

/// What to do in a folder without programmes: start one, or name a file.
fn how_to_start() -> Unusable {
    use chrono::Datelike as _;
    let next = chrono::Local::now().year().saturating_add(1);
    Unusable(format!(
        "no programmes/<year>.ron here; start one with `wpmatrix new {next} --empty` or open a file: `wpmatrix FILE`"
    ))
}

/// The `<year>.ron` with the highest year in a folder; none when the folder has none or does
/// not exist.
pub fn newest_programme(folder: &Path) -> std::io::Result<Option<PathBuf>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let year = store::year_of_file_name(&path)?;
            (path.extension()? == "ron").then_some((year, path))
        })
        .max_by_key(|(year, _)| *year)
        .map(|(_, path)| path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_programme_is_the_highest_year_named_ron_file() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "2021.ron",
            "2023.ron",
            "2022.ron",
            "9999.txt",
            "notes.ron",
            "20245.ron",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(
            newest_programme(dir.path()).unwrap(),
            Some(dir.path().join("2023.ron"))
        );
    }

    #[test]
    fn no_folder_or_no_programme_in_it_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(newest_programme(dir.path()).unwrap(), None);
        assert_eq!(newest_programme(&dir.path().join("missing")).unwrap(), None);
        let message = how_to_start().0;
        assert!(
            message.contains("--empty` or open a file: `wpmatrix FILE`"),
            "{message}"
        );
    }
}
