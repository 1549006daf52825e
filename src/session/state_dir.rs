//! The per-user state folder (`$XDG_STATE_HOME/wpmatrix/`, by default `~/.local/state/wpmatrix/`)
//! where the editor keeps recovery files and locks: never beside the programme, so nothing shows
//! up in the planners' repository, and never in a shared folder another user could write to.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder, created private (mode 0700) on first use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateDir {
    dir: PathBuf,
}

impl StateDir {
    /// The user's state folder from the environment.
    pub fn for_user() -> io::Result<StateDir> {
        let base = match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
            // The XDG rules ignore a relative path: it would depend on the current folder.
            Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
            _ => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
                Some(home) => Path::new(&home).join(".local").join("state"),
                None => {
                    return Err(io::Error::other(
                        "neither XDG_STATE_HOME nor HOME is set, so there is no state folder",
                    ));
                }
            },
        };
        StateDir::at(base.join("wpmatrix"))
    }

    /// A state folder at `dir`, created private if it does not exist yet.
    pub fn at(dir: impl Into<PathBuf>) -> io::Result<StateDir> {
        let dir = dir.into();
        create_private(&dir)?;
        Ok(StateDir { dir })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The entry `SUFFIX` of a programme file, named after the file's full path so that files
    /// of the same name in different folders never share one: `/home/ann/plans/2022.ron` gives
    /// `%home%ann%plans%2022.ron.SUFFIX`.
    pub fn entry(&self, file: &Path, suffix: &str) -> PathBuf {
        self.dir.join(format!("{}.{suffix}", entry_name(file)))
    }
}

/// The full path with `/` spelt `%` (and `%` doubled), or, when that is too long for a file
/// name, the file's own name and a fingerprint of the full path.
fn entry_name(file: &Path) -> String {
    let full = full_path(file);
    let text = full.to_string_lossy();
    let escaped = text.replace('%', "%%").replace(['/', '\\'], "%");
    if escaped.len() <= 200 {
        return escaped;
    }
    let name = full
        .file_name()
        .map_or_else(|| "programme".into(), |n| n.to_string_lossy());
    format!("{name}-{}", super::recovery::fingerprint(&text))
}

/// The file's absolute path with links resolved (its folder's, if the file is gone).
fn full_path(file: &Path) -> PathBuf {
    if let Ok(full) = fs::canonicalize(file) {
        return full;
    }
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

#[cfg(unix)]
fn create_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // Never through a link, nor in a folder of someone else's: its mode would be changed and
    // its locks removed on their behalf.
    let meta = fs::symlink_metadata(dir)?;
    if meta.file_type().is_symlink() {
        return Err(io::Error::other(format!(
            "{} is a symbolic link; recovery files and locks are kept only in a real folder of \
             your own (set XDG_STATE_HOME to one)",
            dir.display()
        )));
    }
    if meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(io::Error::other(format!(
            "{} belongs to another user; recovery files and locks are kept only in a folder of \
             your own (set XDG_STATE_HOME to one)",
            dir.display()
        )));
    }
    // A folder made earlier, or by hand, with wider permissions is closed up too.
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Opens a lock in the state folder, making it when `create`: only a regular file of ours, never
/// through a link, and never waiting on a FIFO planted there.
#[cfg(unix)]
pub fn open_lock(path: &Path, create: bool) -> io::Result<fs::File> {
    use rustix::fs::{Mode, OFlags};
    use std::os::unix::fs::MetadataExt;
    // Read and write: a FIFO opened so answers at once (and is then refused as no file), where
    // write-only would fail with a puzzling "no such device".
    let mut flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    if create {
        flags |= OFlags::CREATE;
    }
    let file = fs::File::from(rustix::fs::open(path, flags, Mode::from_raw_mode(0o600))?);
    let meta = file.metadata()?;
    if !meta.is_file() || meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(io::Error::other(format!(
            "{} is not a lock of yours ({}); remove it",
            path.display(),
            crate::store::file::kind_of(&meta)
        )));
    }
    Ok(file)
}

#[cfg(not(unix))]
pub fn open_lock(path: &Path, create: bool) -> io::Result<fs::File> {
    let meta = fs::symlink_metadata(path);
    if let Ok(meta) = &meta
        && !meta.is_file()
    {
        return Err(io::Error::other(format!(
            "{} is not a lock file",
            path.display()
        )));
    }
    fs::File::options()
        .create(create)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Opens an entry of the state folder to write it: a new file (`new`; refused when anything, a
/// link included, is at its name already) or the end of a regular file of ours. Never through a
/// link planted there, and never waiting on a FIFO.
#[cfg(unix)]
pub fn open_to_write(path: &Path, new: bool) -> io::Result<fs::File> {
    use rustix::fs::{Mode, OFlags};
    let mut flags = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    flags |= if new {
        OFlags::CREATE | OFlags::EXCL
    } else {
        OFlags::APPEND
    };
    let file = fs::File::from(rustix::fs::open(path, flags, Mode::from_raw_mode(0o600))?);
    not_a_file(path, &file.metadata()?)?;
    Ok(file)
}

/// The same without unix's flags: a new file is made only where nothing is (`create_new` does
/// not follow a link), and only a regular file is added to.
#[cfg(not(unix))]
pub fn open_to_write(path: &Path, new: bool) -> io::Result<fs::File> {
    let mut options = fs::File::options();
    if new {
        options.write(true).create_new(true);
    } else {
        not_a_file(path, &fs::symlink_metadata(path)?)?;
        options.append(true);
    }
    options.open(path)
}

/// Refuses what is not a regular file, saying what it is.
fn not_a_file(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "{} is not a file wpmatrix wrote ({}); remove it",
        path.display(),
        crate::store::file::kind_of(meta)
    )))
}

#[cfg(not(unix))]
fn create_private(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_after_the_full_path() {
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::at(root.path().join("state")).unwrap();
        let a = root.path().join("a");
        let b = root.path().join("b");
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        let (in_a, in_b) = (a.join("2022.ron"), b.join("2022.ron"));
        assert_ne!(state.entry(&in_a, "lock"), state.entry(&in_b, "lock"));
        let name = state.entry(&in_a, "recovery");
        let name = name.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with('%'), "{name}");
        assert!(name.ends_with("%a%2022.ron.recovery"), "{name}");
        assert_eq!(state.entry(&in_a, "recovery").parent(), Some(state.path()));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_state_folder_is_refused_and_its_target_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("shared");
        fs::create_dir(&target).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o755)).unwrap();
        let theirs = target.join("%srv%2022.ron.lock");
        fs::write(&theirs, "").unwrap();
        let link = root.path().join("wpmatrix");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let refused = StateDir::at(&link).unwrap_err().to_string();
        assert!(refused.contains("is a symbolic link"), "{refused}");
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
        assert!(theirs.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_is_no_lock() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("a.lock");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let refused = open_lock(&fifo, true).unwrap_err().to_string();
        assert!(refused.contains("(a FIFO)"), "{refused}");
        let real = root.path().join("real");
        fs::write(&real, "").unwrap();
        let link = root.path().join("b.lock");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(open_lock(&link, true).is_err());
        assert!(open_lock(&root.path().join("c.lock"), true).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::at(root.path().join("x").join("wpmatrix")).unwrap();
        let mode = fs::metadata(state.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
