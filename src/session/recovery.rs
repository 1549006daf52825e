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

use super::state_dir::{open_lock, open_to_write};
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
            let lock = open_lock(&path, true)?;
            match lock.try_lock() {
                Ok(()) if same_file(&lock, &path) => return Ok(Some(Session { lock, path })),
                Ok(()) => {}
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
        // Only a regular file of ours is a lock to remove: never a link, never a FIFO.
        let Ok(lock) = open_lock(&path, false) else {
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
    // What a crash left at the name, or anything planted there, goes first: the new file is
    // made where nothing is, never written through a link.
    if let Err(e) = fs::remove_file(&temporary)
        && e.kind() != io::ErrorKind::NotFound
    {
        return Err(e);
    }
    let written = open_to_write(&temporary, true)
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
    let mut out = open_to_write(&path_for(state, file), false)?;
    out.write_all(record.as_bytes())
}

/// Removes the recovery file, if there is one.
pub fn remove(state: &StateDir, file: &Path) -> io::Result<()> {
    match fs::remove_file(path_for(state, file)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A recovery file beside `file` (`.2022.ron.recovery`), as versions before the state folder
/// kept one, if there is one there: only looked at, never opened or followed.
pub fn beside(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?.to_string_lossy();
    let beside = file.with_file_name(format!(".{name}.recovery"));
    fs::symlink_metadata(&beside).is_ok().then_some(beside)
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
    let bytes = match crate::store::read_file(&path) {
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

/// A recovery file in the state folder, as `wpmatrix recover --list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub recovery: PathBuf,
    /// The programme it belongs to, when its name says (a path too long for a file name is
    /// kept as the file's name and a fingerprint).
    pub programme: Option<PathBuf>,
    pub size: u64,
    pub modified: Option<std::time::SystemTime>,
}

/// Whether a name in the state folder is a recovery file: `….recovery`, or one kept aside as
/// unreadable (`….recovery-unreadable`, `….recovery-unreadable-2`).
fn is_recovery_name(name: &str) -> bool {
    name.ends_with(".recovery") || name.contains(".recovery-unreadable")
}

/// The programme a recovery file's name spells (`%home%ann%2022.ron.recovery` →
/// `/home/ann/2022.ron`); `None` for a name made of a fingerprint.
pub fn programme_of(recovery: &Path) -> Option<PathBuf> {
    let name = recovery.file_name()?.to_str()?;
    let spelt = &name[..name.find(".recovery")?];
    if !spelt.starts_with('%') {
        return None;
    }
    let mut path = String::with_capacity(spelt.len());
    let mut chars = spelt.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('%', Some('%')) => {
                chars.next();
                path.push('%');
            }
            ('%', _) => path.push('/'),
            (c, _) => path.push(c),
        }
    }
    Some(PathBuf::from(path))
}

/// The recovery files in the state folder, oldest first. Those that hold exactly their
/// programme as it is on disk (nothing unsaved in them) and that no session holds are removed
/// on the way, and answered apart.
pub fn list(state: &StateDir) -> io::Result<(Vec<Listed>, Vec<PathBuf>)> {
    let mut listed = Vec::new();
    let mut removed = Vec::new();
    for entry in fs::read_dir(state.path())? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !is_recovery_name(name) {
            continue;
        }
        // Only regular files: never through a link.
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let programme = programme_of(&path);
        if name.ends_with(".recovery")
            && let Some(file) = &programme
            && same_as_on_disk(state, file)
            && let Ok(Some(_claim)) = Session::claim(state, file)
            && remove(state, file).is_ok()
        {
            removed.push(path);
            continue;
        }
        listed.push(Listed {
            recovery: path,
            programme,
            size: meta.len(),
            modified: meta.modified().ok(),
        });
    }
    listed.sort_by(|a, b| (a.modified, &a.recovery).cmp(&(b.modified, &b.recovery)));
    removed.sort();
    Ok((listed, removed))
}

/// Whether the recovery of `file` holds the programme that is on disk now.
fn same_as_on_disk(state: &StateDir, file: &Path) -> bool {
    let Found::Programme { programme, .. } = read(state, file) else {
        return false;
    };
    crate::store::load(file).is_ok_and(|(_, parsed)| parsed.programme == *programme)
}

/// Why a recovery file was not deleted.
#[derive(Debug, thiserror::Error)]
pub enum NotDeleted {
    #[error(
        "{}: neither a recovery file in {} nor a programme that has one; `wpmatrix recover --list` lists them",
        .path.display(), .state.display()
    )]
    NotARecovery { path: PathBuf, state: PathBuf },
    #[error(
        "{}: its programme is open in a wpmatrix session now; save or quit there",
        .0.display()
    )]
    InUse(PathBuf),
    #[error("{}: cannot delete: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Deletes one recovery file: `path` names it in the state folder, or names the programme it
/// belongs to. Nothing outside the state folder is ever deleted. Answers the file deleted.
pub fn delete(state: &StateDir, path: &Path) -> Result<PathBuf, NotDeleted> {
    let recovery = recovery_named_by(state, path).ok_or_else(|| NotDeleted::NotARecovery {
        path: path.to_path_buf(),
        state: state.path().to_path_buf(),
    })?;
    if held_by_a_session(&recovery) {
        return Err(NotDeleted::InUse(recovery));
    }
    fs::remove_file(&recovery).map_err(|source| NotDeleted::Io {
        path: recovery.clone(),
        source,
    })?;
    Ok(recovery)
}

/// The recovery file in the state folder that `path` names, itself or by its programme.
fn recovery_named_by(state: &StateDir, path: &Path) -> Option<PathBuf> {
    let folder = fs::canonicalize(state.path()).ok()?;
    let is_listed = |candidate: &Path| {
        let name = candidate.file_name().and_then(|n| n.to_str());
        candidate.parent() == Some(folder.as_path())
            && name.is_some_and(is_recovery_name)
            && fs::symlink_metadata(candidate).is_ok_and(|m| m.is_file())
    };
    // Its folder resolved, not the file: a link in the state folder is itself what goes.
    let named = match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            fs::canonicalize(parent).ok().map(|p| p.join(name))
        }
        _ => None,
    };
    if let Some(named) = named
        && is_listed(&named)
    {
        return Some(named);
    }
    let by_programme = folder.join(path_for(state, path).file_name()?);
    is_listed(&by_programme).then_some(by_programme)
}

/// Whether a running session holds the lock beside a recovery file.
fn held_by_a_session(recovery: &Path) -> bool {
    let Some(name) = recovery.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(stem) = name.find(".recovery").map(|at| &name[..at]) else {
        return false;
    };
    let lock = recovery.with_file_name(format!("{stem}.lock"));
    match open_lock(&lock, false) {
        Ok(file) => matches!(file.try_lock(), Err(TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Place {
        root: tempfile::TempDir,
        state: StateDir,
        file: PathBuf,
    }

    fn place() -> Place {
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::at(root.path().join("state")).unwrap();
        let file = root.path().join("2023.ron");
        Place { root, state, file }
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

    #[test]
    fn a_failed_write_leaves_no_temporary_behind() {
        let p = place();
        let temporary = p.state.entry(&p.file, "recovery-writing");
        // A folder with something in it where the recovery file goes: the rename fails.
        let recovery = path_for(&p.state, &p.file);
        fs::create_dir(&recovery).unwrap();
        fs::write(recovery.join("x"), "").unwrap();
        write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap_err();
        assert!(
            fs::symlink_metadata(&temporary).is_err(),
            "temporary left behind"
        );
        assert!(recovery.join("x").exists());
    }

    /// Recovery is written without following a link planted at its temporary's name (a
    /// leftover or someone's trap): the link's target keeps what it held.
    #[cfg(unix)]
    #[test]
    fn a_link_at_the_temporary_is_replaced_not_written_through() {
        let p = place();
        let victim = p.root.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let temporary = p.state.entry(&p.file, "recovery-writing");
        std::os::unix::fs::symlink(&victim, &temporary).unwrap();
        let programme = Programme::new(2023, "Plan");
        write(&p.state, &p.file, &programme, "0").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
        assert!(fs::symlink_metadata(&temporary).is_err());
        assert!(matches!(read(&p.state, &p.file), Found::Programme { .. }));
    }

    /// A journal record is never appended through a link at the recovery file's name, nor to a
    /// FIFO (which would wait for a reader); a new snapshot then replaces the link itself.
    #[cfg(unix)]
    #[test]
    fn a_link_or_fifo_at_the_recovery_file_is_not_appended_to() {
        let p = place();
        let victim = p.root.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let recovery = path_for(&p.state, &p.file);
        std::os::unix::fs::symlink(&victim, &recovery).unwrap();
        append(&p.state, &p.file, "record\n").unwrap_err();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
        write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap();
        assert!(fs::symlink_metadata(&recovery).unwrap().is_file());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");

        fs::remove_file(&recovery).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&recovery)
            .status()
            .unwrap();
        assert!(made.success());
        // Refused at once (no reader: the open fails; a reader: it is no file), never waited on.
        append(&p.state, &p.file, "record\n").unwrap_err();
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
    fn a_recovery_name_spells_its_programme_back() {
        let p = place();
        for file in ["/home/ann/plans/2022.ron", "/srv/100%/2023.ron"] {
            let recovery = path_for(&p.state, Path::new(file));
            assert_eq!(programme_of(&recovery).as_deref(), Some(Path::new(file)));
        }
        let kept = p.state.path().join("%a%2022.ron.recovery-unreadable-2");
        assert_eq!(
            programme_of(&kept).as_deref(),
            Some(Path::new("/a/2022.ron"))
        );
        assert_eq!(programme_of(Path::new("2022.ron-0123abcd.recovery")), None);
    }

    #[test]
    fn delete_takes_a_recovery_or_its_programme_and_nothing_else() {
        let p = place();
        fs::write(&p.file, "x").unwrap();
        write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap();
        let recovery = path_for(&p.state, &p.file);
        assert_eq!(delete(&p.state, &p.file).unwrap(), recovery);
        assert!(!recovery.exists());
        assert!(p.file.exists());
        write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap();
        assert_eq!(delete(&p.state, &recovery).unwrap(), recovery);
        // The programme itself, or any other file, is never what goes.
        assert!(matches!(
            delete(&p.state, &p.file),
            Err(NotDeleted::NotARecovery { .. })
        ));
        let lock = p.state.entry(&p.file, "lock");
        fs::write(&lock, "").unwrap();
        assert!(delete(&p.state, &lock).is_err());
        assert!(p.file.exists() && lock.exists());
    }

    #[test]
    fn a_recovery_whose_session_runs_is_not_deleted() {
        let p = place();
        let _session = Session::claim(&p.state, &p.file).unwrap().unwrap();
        write(&p.state, &p.file, &Programme::new(2023, "Plan"), "0").unwrap();
        assert!(matches!(
            delete(&p.state, &p.file),
            Err(NotDeleted::InUse(_))
        ));
        assert!(path_for(&p.state, &p.file).exists());
    }

    #[test]
    fn locks_nobody_holds_are_removed() {
        let p = place();
        let stale = p.state.path().join("%gone%2020.ron.lock");
        fs::write(&stale, "").unwrap();
        let _session = Session::claim(&p.state, &p.file).unwrap().unwrap();
        assert!(!stale.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_that_is_a_link_is_neither_followed_nor_removed() {
        let p = place();
        let elsewhere = p.root.path().join("theirs.lock");
        fs::write(&elsewhere, "").unwrap();
        let link = p.state.path().join("%x%2020.ron.lock");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let _session = Session::claim(&p.state, &p.file).unwrap().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(elsewhere.exists());
    }
}
