//! Recovery files: the unsaved state of an editing session, kept beside the programme file so
//! that a crash, a killed terminal or a lost connection loses nothing the planner typed.
//!
//! `programmes/2022.ron` is recovered from `programmes/.2022.ron.recovery`, written after every
//! change while there are unsaved changes and removed once they are saved or discarded.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::ron_file::{parse, to_canonical};
use crate::model::Programme;

/// Where the recovery file of a programme file lives.
pub fn path_for(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map_or_else(|| "programme".into(), |n| n.to_string_lossy());
    file.with_file_name(format!(".{name}.recovery"))
}

/// Writes the unsaved state. Best effort and unsynced: it runs after every change, and the
/// file it protects is still safe on disk.
pub fn write(file: &Path, programme: &Programme) -> io::Result<()> {
    fs::write(path_for(file), to_canonical(programme))
}

/// Removes the recovery file, if there is one.
pub fn remove(file: &Path) -> io::Result<()> {
    match fs::remove_file(path_for(file)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What a recovery file holds, if there is one.
#[derive(Debug)]
pub enum Found {
    /// No recovery file.
    Nothing,
    /// The unsaved programme a session left behind.
    Programme(Box<Programme>),
    /// A recovery file that is not a programme (cut short by the crash itself); it is left
    /// where it is for the planner to look at.
    Unreadable(PathBuf),
}

/// Reads the recovery file of a programme file.
pub fn read(file: &Path) -> Found {
    let path = path_for(file);
    match fs::read_to_string(&path) {
        Err(_) => Found::Nothing,
        Ok(text) => match parse(&text) {
            Ok(parsed) => Found::Programme(Box::new(parsed.programme)),
            Err(_) => Found::Unreadable(path),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_file_sits_hidden_beside_the_programme() {
        assert_eq!(
            path_for(Path::new("programmes/2022.ron")),
            Path::new("programmes/.2022.ron.recovery")
        );
    }

    #[test]
    fn written_state_reads_back_and_removal_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2023.ron");
        let programme = Programme::new(2023, "Plan");
        write(&file, &programme).unwrap();
        assert!(matches!(read(&file), Found::Programme(p) if *p == programme));
        remove(&file).unwrap();
        remove(&file).unwrap();
        assert!(matches!(read(&file), Found::Nothing));
        fs::write(path_for(&file), "Programme(year: 20").unwrap();
        assert!(matches!(read(&file), Found::Unreadable(_)));
    }
}
