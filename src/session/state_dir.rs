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
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // A folder made earlier, or by hand, with wider permissions is closed up too.
    let mode = fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
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
    fn the_folder_is_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::at(root.path().join("x").join("wpmatrix")).unwrap();
        let mode = fs::metadata(state.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
