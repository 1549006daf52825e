//! `wpmatrix [FILE]`: opens the editor, by default on the newest programme under `programmes/`.

use std::path::{Path, PathBuf};

use super::{Outcome, Unusable};
use crate::store;

/// Opens the editor on a file, or on the newest `<year>.ron` in the programmes folder.
/// With `screen_reader`, the editor speaks one line per move instead of drawing columns.
pub fn run(file: Option<&Path>, screen_reader: bool) -> Result<Outcome, Unusable> {
    let path = if let Some(path) = file {
        path.to_path_buf()
    } else {
        let folder = programmes_folder();
        newest_programme(&folder)
            .map_err(|e| {
                Unusable(format!(
                    "no programme given and {} cannot be read ({e}); open a file: `wpmatrix FILE`",
                    shown_folder(&folder)
                ))
            })?
            .ok_or_else(|| how_to_start(&folder))?
    };
    crate::tui::run(&path, screen_reader).map_err(|e| Unusable(e.to_string()))?;
    Ok(Outcome::Yes)
}

/// The folder that holds the programmes, as a path to join names to: `programmes` under the
/// current folder, or the current folder itself (an empty path) when started inside it: it
/// holds `<year>.ron` files and `programmes/` does not, or it is itself named `programmes`.
pub fn programmes_folder() -> PathBuf {
    let under = Path::new(PROGRAMMES);
    let here = Path::new("");
    let holds_programmes = |folder: &Path| matches!(newest_programme(folder), Ok(Some(_)));
    if holds_programmes(under) {
        return under.to_path_buf();
    }
    let named_so = std::env::current_dir()
        .is_ok_and(|dir| dir.file_name().is_some_and(|name| name == PROGRAMMES));
    if holds_programmes(here) || (named_so && !under.exists()) {
        return here.to_path_buf();
    }
    under.to_path_buf()
}

/// The folder `new` and the editor look in when given no file.
const PROGRAMMES: &str = "programmes";

/// The programmes folder as messages name it: `programmes/`, or `this folder`.
pub fn shown_folder(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        "this folder".to_string()
    } else {
        format!("{}/", folder.display())
    }
}

/// What to do in a folder without programmes: start one, or name a file.
fn how_to_start(folder: &Path) -> Unusable {
    use chrono::Datelike as _;
    let next = chrono::Local::now().year().saturating_add(1);
    Unusable(format!(
        "no {}<year>.ron here; start one with `wpmatrix new {next} --empty` or open a file: `wpmatrix FILE`",
        shown_folder(folder).replace("this folder", "")
    ))
}

/// The `<year>.ron` with the highest year in a folder (an empty path: the current one); none
/// when the folder has none or does not exist.
pub fn newest_programme(folder: &Path) -> std::io::Result<Option<PathBuf>> {
    let listed = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let entries = match std::fs::read_dir(listed) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(entries
        .filter_map(Result::ok)
        .map(|entry| folder.join(entry.file_name()))
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
        let message = how_to_start(Path::new("programmes")).0;
        assert!(
            message.starts_with("no programmes/<year>.ron here"),
            "{message}"
        );
        let inside = how_to_start(Path::new("")).0;
        assert!(inside.starts_with("no <year>.ron here; start"), "{inside}");
        assert!(
            message.contains("--empty` or open a file: `wpmatrix FILE`"),
            "{message}"
        );
    }
}
