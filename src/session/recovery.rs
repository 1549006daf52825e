//! Recovery files: the unsaved state of an editing session, kept in the per-user state folder
//! (see [`StateDir`]) so that a crash, a killed terminal or a lost connection loses nothing the
//! planner typed, and nothing appears beside the programme.
//!
//! The recovery of `/home/ann/programmes/2022.ron` is `%home%ann%programmes%2022.ron.recovery`,
//! written after every change while there are unsaved changes and removed once they are saved or
//! discarded. Its first line names the version of the file the changes were made to, so changes
//! made to a file that has changed since are never saved over the newer file unasked. One
//! session at a time owns a file's recovery: it holds a lock (`….lock`, same folder) while it
//! runs, and removes it when it ends; locks nobody holds are removed by the next session.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{StateDir, journal};
use crate::model::Programme;
use crate::store::{parse_bytes, to_canonical};

/// Where the recovery file of a programme file lives.
pub fn path_for(state: &StateDir, file: &Path) -> PathBuf {
    state.entry(file, "recovery")
}

/// The right to keep a file's recovery, held by one editing session at a time. Dropping it
/// (the session ends, however it ends) removes the lock and lets the next session have it.
#[derive(Debug)]
pub struct Session {
    lock: File,
    path: PathBuf,
}

impl Session {
    /// Claims the file's recovery, or `None` when another session holds it. Locks left by
    /// sessions that are gone are removed on the way.
    pub fn claim(state: &StateDir, file: &Path) -> io::Result<Option<Session>> {
        remove_stale_locks(state);
        let path = state.entry(file, "lock");
        // A lock removed by its session between our open and our lock is a file nobody else
        // will open again: try once more on the new one.
        for _ in 0..3 {
            let lock = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            match lock.try_lock() {
                Ok(()) if same_file(&lock, &path) => return Ok(Some(Session { lock, path })),
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => return Ok(None),
                Err(TryLockError::Error(e)) => return Err(e),
            }
        }
        Err(io::Error::other(format!(
            "{} keeps changing; another session is starting",
            crate::text::printable_path(&path)
        )))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Removed while still held, so no other session can be holding it.
        if same_file(&self.lock, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open file `file` (not a newer one made after a removal).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Removes the locks in the state folder that no running session holds.
fn remove_stale_locks(state: &StateDir) {
    let Ok(entries) = fs::read_dir(state.path()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "lock") {
            continue;
        }
        let Ok(lock) = File::options().write(true).open(&path) else {
            continue;
        };
        if lock.try_lock().is_ok() && same_file(&lock, &path) {
            let _ = fs::remove_file(&path);
        }
    }
}

/// A fingerprint of a file's text (FNV-1a), stable across versions of the program.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

const HEADER: &str = "// wpmatrix recovery of unsaved changes to the version ";
const SNAPSHOT: &str = "// snapshot of ";
const SNAPSHOT_END: &str = " bytes, then the changes made since\n";

/// Writes the unsaved state, made to the file's version with fingerprint `base`: a temporary
/// file renamed over the old one, so a crash while writing leaves the previous recovery whole,
/// and a failed write (a full disk) leaves no temporary behind. Unsynced: it runs after every
/// change, and the file it protects is still safe on disk.
pub fn write(state: &StateDir, file: &Path, programme: &Programme, base: &str) -> io::Result<()> {
    write_snapshot(state, file, base, &to_canonical(programme), "").map(|_| ())
}

/// Writes a recovery file holding `snapshot` (the text of a programme) and the journal
/// records after it (see [`super::journal`]), as [`write`] does; answers its length.
pub fn write_snapshot(
    state: &StateDir,
    file: &Path,
    base: &str,
    snapshot: &str,
    journal: &str,
) -> io::Result<u64> {
    let head = format!("{HEADER}{base}\n{SNAPSHOT}{}{SNAPSHOT_END}", snapshot.len());
    let temporary = state.entry(file, "recovery-writing");
    let written = File::create(&temporary)
        .and_then(|mut out| {
            out.write_all(head.as_bytes())?;
            out.write_all(snapshot.as_bytes())?;
            out.write_all(journal.as_bytes())?;
            out.flush()
        })
        .and_then(|()| fs::rename(&temporary, path_for(state, file)));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written.map(|()| (head.len() + snapshot.len() + journal.len()) as u64)
}

/// Adds a journal record to the end of the recovery file, which must be there already. One
/// write: a crash in the middle of it leaves a record cut short, which reading ignores.
pub fn append(state: &StateDir, file: &Path, record: &str) -> io::Result<()> {
    let mut out = File::options().append(true).open(path_for(state, file))?;
    out.write_all(record.as_bytes())
}

/// Removes the recovery file, if there is one.
pub fn remove(state: &StateDir, file: &Path) -> io::Result<()> {
    match fs::remove_file(path_for(state, file)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Brings over what versions before the state folder left for `file`: a recovery file hidden
/// beside it (`.2022.ron.recovery`, which would otherwise sit in the planners' repository with
/// unsaved work in it) moves into the state folder unless one is there already, and its old
/// lock in the temporary folder goes if nobody holds it.
pub fn adopt_legacy(state: &StateDir, file: &Path) -> io::Result<()> {
    let full = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let old_lock = std::env::temp_dir().join(format!(
        "wpmatrix-{}.lock",
        fingerprint(&full.to_string_lossy())
    ));
    if let Ok(lock) = File::options().write(true).open(&old_lock)
        && lock.try_lock().is_ok()
    {
        let _ = fs::remove_file(&old_lock);
    }
    let name = file
        .file_name()
        .map_or_else(|| "programme".into(), |n| n.to_string_lossy());
    let old = file.with_file_name(format!(".{name}.recovery"));
    let new = path_for(state, file);
    if !old.exists() || new.exists() {
        return Ok(());
    }
    if fs::rename(&old, &new).is_err() {
        // Another file system: copy, then remove the old one only once the copy is whole.
        fs::copy(&old, &new)?;
        fs::remove_file(&old)?;
    }
    Ok(())
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
pub fn read(state: &StateDir, file: &Path) -> Found {
    let path = path_for(state, file);
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
    match (base, programme_in(&bytes)) {
        (Some(base), Some(programme)) => Found::Programme {
            programme: Box::new(programme),
            base,
        },
        _ => Found::Unreadable(path),
    }
}

/// The programme a recovery file holds: its snapshot with its journal replayed, or (as older
/// versions wrote) the whole file as one programme.
fn programme_in(bytes: &[u8]) -> Option<Programme> {
    let after_header = bytes.strip_prefix(HEADER.as_bytes())?.get(17..)?;
    let Some(rest) = after_header.strip_prefix(SNAPSHOT.as_bytes()) else {
        return parse_bytes(bytes).ok().map(|(_, parsed)| parsed.programme);
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let length: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let rest = rest[digits..].strip_prefix(SNAPSHOT_END.as_bytes())?;
    let snapshot = rest.get(..length)?;
    let mut programme = parse_bytes(snapshot).ok()?.1.programme;
    journal::replay(&mut programme, &rest[length..]).ok()?;
    Some(programme)
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

    struct Place {
        _root: tempfile::TempDir,
        state: StateDir,
        file: PathBuf,
    }

    fn place() -> Place {
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::at(root.path().join("state")).unwrap();
        let file = root.path().join("2023.ron");
        Place {
            _root: root,
            state,
            file,
        }
    }

    #[test]
    fn recovery_file_sits_in_the_state_folder() {
        let p = place();
        let path = path_for(&p.state, &p.file);
        assert_eq!(path.parent(), Some(p.state.path()));
        assert!(path.to_string_lossy().ends_with("2023.ron.recovery"));
    }

    #[test]
    fn written_state_reads_back_with_its_base_and_removal_is_idempotent() {
        let p = place();
        let programme = Programme::new(2023, "Plan");
        write(&p.state, &p.file, &programme, &fingerprint("old text")).unwrap();
        match read(&p.state, &p.file) {
            Found::Programme {
                programme: got,
                base,
            } => {
                assert_eq!(*got, programme);
                assert_eq!(base, fingerprint("old text"));
            }
            other => panic!("{other:?}"),
        }
        remove(&p.state, &p.file).unwrap();
        remove(&p.state, &p.file).unwrap();
        assert!(matches!(read(&p.state, &p.file), Found::Nothing));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_leaves_no_temporary_behind() {
        let p = place();
        let temporary = p.state.entry(&p.file, "recovery-writing");
        // Writing through this link fails the way a full disk does (ENOSPC).
        std::os::unix::fs::symlink("/dev/full", &temporary).unwrap();
        let error = write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert!(
            fs::symlink_metadata(&temporary).is_err(),
            "temporary left behind"
        );
        assert!(!path_for(&p.state, &p.file).exists());
    }

    #[test]
    fn cut_short_or_not_text_is_unreadable() {
        let p = place();
        for bytes in [
            &b"Programme(year: 20"[..],
            b"// wpmatrix recovery \xC3",
            b"",
        ] {
            fs::write(path_for(&p.state, &p.file), bytes).unwrap();
            assert!(
                matches!(read(&p.state, &p.file), Found::Unreadable(_)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn kept_aside_files_never_overwrite_each_other() {
        let p = place();
        let recovery = path_for(&p.state, &p.file);
        let mut kept = Vec::new();
        for text in ["FIRST", "SECOND"] {
            fs::write(&recovery, text).unwrap();
            kept.push(keep_aside(&recovery).unwrap());
        }
        assert_ne!(kept[0], kept[1]);
        assert_eq!(fs::read_to_string(&kept[0]).unwrap(), "FIRST");
        assert_eq!(fs::read_to_string(&kept[1]).unwrap(), "SECOND");
    }

    #[test]
    fn one_session_at_a_time_owns_a_files_recovery_and_its_lock_goes_with_it() {
        let p = place();
        let first = Session::claim(&p.state, &p.file).unwrap();
        assert!(first.is_some());
        assert!(Session::claim(&p.state, &p.file).unwrap().is_none());
        let lock = p.state.entry(&p.file, "lock");
        assert!(lock.exists());
        drop(first);
        assert!(!lock.exists(), "the lock is removed when its session ends");
        assert!(Session::claim(&p.state, &p.file).unwrap().is_some());
    }

    #[test]
    fn a_recovery_left_beside_the_file_by_an_older_version_moves_to_the_state_folder() {
        let p = place();
        fs::write(&p.file, "x").unwrap();
        let old = p.file.with_file_name(".2023.ron.recovery");
        fs::write(&old, "UNSAVED").unwrap();
        adopt_legacy(&p.state, &p.file).unwrap();
        assert!(!old.exists());
        let new = fs::read_to_string(path_for(&p.state, &p.file)).unwrap();
        assert_eq!(new, "UNSAVED");
        // One already in the state folder is never overwritten.
        fs::write(&old, "OLDER").unwrap();
        adopt_legacy(&p.state, &p.file).unwrap();
        assert_eq!(
            fs::read_to_string(path_for(&p.state, &p.file)).unwrap(),
            "UNSAVED"
        );
    }

    #[test]
    fn locks_nobody_holds_are_removed() {
        let p = place();
        let stale = p.state.path().join("%gone%2020.ron.lock");
        fs::write(&stale, "").unwrap();
        let _session = Session::claim(&p.state, &p.file).unwrap().unwrap();
        assert!(!stale.exists());
    }
}
