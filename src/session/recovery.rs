//! Recovery files: the unsaved state of an editing session, kept beside the programme file so
//! that a crash, a killed terminal or a lost connection loses nothing the planner typed.
//!
//! `programmes/2022.ron` is recovered from `programmes/.2022.ron.recovery`, written after every
//! change while there are unsaved changes and removed once they are saved or discarded. Its
//! first line names the version of the file the changes were made to, so changes made to a file
//! that has changed since are never saved over the newer file unasked. One session at a time
//! owns a file's recovery: it holds a lock (in the temporary folder) while it runs.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::model::Programme;
use crate::store::{parse_bytes, to_canonical};

/// A hidden file beside the programme file: `.NAME.SUFFIX`.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    let name = file
        .file_name()
        .map_or_else(|| "programme".into(), |n| n.to_string_lossy());
    file.with_file_name(format!(".{name}.{suffix}"))
}

/// Where the recovery file of a programme file lives.
pub fn path_for(file: &Path) -> PathBuf {
    beside(file, "recovery")
}

/// The right to keep a file's recovery, held by one editing session at a time. Dropping it
/// (the session ends, however it ends) lets the next session have it.
#[derive(Debug)]
pub struct Session {
    _lock: File,
}

impl Session {
    /// Claims the file's recovery, or `None` when another session holds it.
    pub fn claim(file: &Path) -> io::Result<Option<Session>> {
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path(file))?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(Session { _lock: lock })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

/// The lock of a programme file, in the temporary folder rather than beside the file, so that
/// it never shows up in the planners' repository: named after the file's full path.
fn lock_path(file: &Path) -> PathBuf {
    let full = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let name = format!("wpmatrix-{}.lock", fingerprint(&full.to_string_lossy()));
    std::env::temp_dir().join(name)
}

/// A fingerprint of a file's text (FNV-1a), stable across versions of the program.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

const HEADER: &str = "// wpmatrix recovery of unsaved changes to the version ";

/// Writes the unsaved state, made to the file's version `base_text`: a temporary file renamed
/// over the old one, so a crash while writing leaves the previous recovery whole. Unsynced: it
/// runs after every change, and the file it protects is still safe on disk.
pub fn write(file: &Path, programme: &Programme, base_text: &str) -> io::Result<()> {
    let text = format!(
        "{HEADER}{}\n{}",
        fingerprint(base_text),
        to_canonical(programme)
    );
    let temporary = beside(file, "recovery-writing");
    fs::write(&temporary, text)?;
    fs::rename(&temporary, path_for(file))
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
    /// The unsaved programme a session left behind, and the fingerprint of the file's version
    /// it was made to.
    Programme {
        programme: Box<Programme>,
        base: String,
    },
    /// A recovery file that cannot be read as one (cut short by the crash itself, unreadable).
    Unreadable(PathBuf),
}

/// Reads the recovery file of a programme file.
pub fn read(file: &Path) -> Found {
    let path = path_for(file);
    let bytes = match fs::read(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Found::Nothing,
        Err(_) => return Found::Unreadable(path),
        Ok(bytes) => bytes,
    };
    let base = bytes
        .strip_prefix(HEADER.as_bytes())
        .and_then(|rest| rest.get(..16))
        .and_then(|hex| std::str::from_utf8(hex).ok())
        .map(str::to_string);
    match (base, parse_bytes(&bytes)) {
        (Some(base), Ok((_, parsed))) => Found::Programme {
            programme: Box::new(parsed.programme),
            base,
        },
        _ => Found::Unreadable(path),
    }
}

/// Moves an unreadable recovery file aside under a name not yet taken, so that nothing
/// overwrites it; returns where it went.
pub fn keep_aside(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    let kept = (1..1000)
        .map(|n| match n {
            1 => path.with_file_name(format!("{name}-unreadable")),
            n => path.with_file_name(format!("{name}-unreadable-{n}")),
        })
        .find(|candidate| !candidate.exists())
        .ok_or_else(|| io::Error::other("too many unreadable recovery files kept already"))?;
    fs::rename(path, &kept)?;
    Ok(kept)
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
    fn written_state_reads_back_with_its_base_and_removal_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2023.ron");
        let programme = Programme::new(2023, "Plan");
        write(&file, &programme, "old text").unwrap();
        match read(&file) {
            Found::Programme { programme: p, base } => {
                assert_eq!(*p, programme);
                assert_eq!(base, fingerprint("old text"));
            }
            other => panic!("{other:?}"),
        }
        remove(&file).unwrap();
        remove(&file).unwrap();
        assert!(matches!(read(&file), Found::Nothing));
    }

    #[test]
    fn cut_short_or_not_text_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2023.ron");
        for bytes in [
            &b"Programme(year: 20"[..],
            b"// wpmatrix recovery \xC3",
            b"",
        ] {
            fs::write(path_for(&file), bytes).unwrap();
            assert!(matches!(read(&file), Found::Unreadable(_)), "{bytes:?}");
        }
    }

    #[test]
    fn kept_aside_files_never_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2023.ron");
        for text in ["FIRST", "SECOND"] {
            fs::write(path_for(&file), text).unwrap();
            keep_aside(&path_for(&file)).unwrap();
        }
        let kept = |suffix: &str| {
            fs::read_to_string(
                dir.path()
                    .join(format!(".2023.ron.recovery-unreadable{suffix}")),
            )
            .unwrap()
        };
        assert_eq!(kept(""), "FIRST");
        assert_eq!(kept("-2"), "SECOND");
    }

    #[test]
    fn one_session_at_a_time_owns_a_files_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2023.ron");
        let first = Session::claim(&file).unwrap();
        assert!(first.is_some());
        assert!(Session::claim(&file).unwrap().is_none());
        drop(first);
        assert!(Session::claim(&file).unwrap().is_some());
    }
}
