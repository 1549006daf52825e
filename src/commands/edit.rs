//! `wpmatrix [FILE]`: opens the editor, by default on the newest programme under `programmes/`.

use std::path::{Path, PathBuf};

use super::{Outcome, Unusable};
use crate::store;

/// Opens the editor on a file, or on the newest `programmes/<year>.ron` under the current folder.
pub fn run(file: Option<&Path>) -> Result<Outcome, Unusable> {
    let path = match file {
        Some(path) => path.to_path_buf(),
        None => newest_programme(Path::new("programmes"))?,
    };
    crate::tui::run(&path).map_err(Unusable)?;
    Ok(Outcome::Yes)
}

/// The `<year>.ron` with the highest year in a folder.
pub fn newest_programme(folder: &Path) -> Result<PathBuf, Unusable> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        Unusable(format!(
            "no programme given and {}/ cannot be read ({e}); name a file: wpmatrix FILE",
            folder.display()
        ))
    })?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let year = store::year_of_file_name(&path)?;
            (path.extension()? == "ron").then_some((year, path))
        })
        .max_by_key(|(year, _)| *year)
        .map(|(_, path)| path)
        .ok_or_else(|| {
            Unusable(format!(
                "no programme given and no <year>.ron in {}/; name a file: wpmatrix FILE",
                folder.display()
            ))
        })
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
            dir.path().join("2023.ron")
        );
    }

    #[test]
    fn no_programme_says_how_to_name_one() {
        let dir = tempfile::tempdir().unwrap();
        let message = newest_programme(dir.path()).unwrap_err().0;
        assert!(message.contains("name a file: wpmatrix FILE"), "{message}");
    }
}
