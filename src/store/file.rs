//! The user's files on disk: every input (programme, CSV, XLSX, keys.conf, recovery) is read by
//! [`read`], which takes only regular files of at most 1 GiB and never blocks on a FIFO; every
//! output (`export -o`, `fmt`, `import`, `new`, the editor's save) is written by [`write`],
//! which replaces a regular file atomically and never renames over anything else.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The largest file read: beyond it, a file is not a programme, a sheet or a key file.
pub const MAX_READ: u64 = 1 << 30;

/// Reads a regular file of at most [`MAX_READ`] bytes. A FIFO, a device (`/dev/zero`), a folder
/// or a larger file is refused with the reason, without waiting for a writer or reading without
/// end.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    read_at_most(path, MAX_READ)
}

/// The first `bytes` of a regular file (all of it when it is shorter), opened as [`read`] opens
/// files: what a look at a file's head (its year) reads, never waiting on a FIFO.
pub fn read_start(path: &Path, bytes: u64) -> io::Result<Vec<u8>> {
    let (file, _) = open_regular(path)?;
    let mut head = Vec::new();
    file.take(bytes).read_to_end(&mut head)?;
    Ok(head)
}

/// Opens a regular file for reading, with what it is; anything else is refused.
fn open_regular(path: &Path) -> io::Result<(File, fs::Metadata)> {
    let file = open_for_reading(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta))
}

fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::new();
    // A size can be wrong (a file still growing, /proc): the read itself stops at the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// Opens without blocking: a FIFO without a writer would otherwise hold the open forever.
#[cfg(unix)]
fn open_for_reading(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_for_reading(path: &Path) -> io::Result<File> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    File::open(path)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "larger than {} GiB; wpmatrix reads files of at most that size",
            limit >> 30
        ),
    )
}

/// Why a file that is not a regular file is refused as input.
fn not_regular(meta: &fs::Metadata) -> io::Error {
    let kind = io::ErrorKind::InvalidInput;
    if meta.is_dir() {
        return io::Error::new(io::ErrorKind::IsADirectory, "is a folder, not a file");
    }
    io::Error::new(
        kind,
        format!(
            "is not a regular file ({}); wpmatrix reads only regular files",
            kind_of(meta)
        ),
    )
}

/// What a file system entry is, in words.
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Writes `bytes` to `path`, by what `path` is:
/// - a regular file, or nothing yet: a temporary file beside it, synced and renamed over it,
///   so a crash leaves the old or the new file whole (an existing file keeps its mode);
/// - a symbolic link to a regular file: its target, the same way; the link stays a link;
/// - a FIFO or a character device (`/dev/stdout`, `/dev/null`, a terminal): written into;
/// - a file named by a descriptor (`/dev/stdout` redirected to a file): written at its end;
/// - anything else (a folder, a block device, a socket, a link to nothing): refused before
///   anything is created.
///
/// On any failure no temporary file is left behind.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::metadata(path) {
        // `/dev/stdout` redirected to a file (`>> log.csv`) names the open file, not a file to
        // replace: replacing it would drop what the shell's redirection holds.
        Ok(meta) if meta.is_file() && names_an_open_file(path) => append_into(path, bytes),
        Ok(meta) if meta.is_file() => {
            // Through a link, the file it points at is replaced, not the link.
            let target = fs::canonicalize(path)?;
            replace(&target, bytes, Some(&meta))
        }
        Ok(meta) if is_stream(&meta) => write_into(path, bytes),
        Ok(meta) => Err(refused(&meta)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "is a symbolic link to nothing; name the file itself",
                ));
            }
            replace(path, bytes, None)
        }
        Err(e) => Err(e),
    }
}

/// Whether `path` names a regular file (through any links) that writing would replace, where a
/// FIFO, a device or a descriptor's name (`/dev/stdout`) is only written into.
pub fn is_regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file()) && !names_an_open_file(path)
}

/// Whether `path`, or a link on the way from it, is a file descriptor's name (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`, `/proc/PID/fd/N`): the file some process has open.
fn names_an_open_file(path: &Path) -> bool {
    let mut at = path.to_path_buf();
    // As many links as the system itself follows.
    for _ in 0..40 {
        if is_descriptor_name(&at) {
            return true;
        }
        match fs::read_link(&at) {
            Ok(next) if next.is_absolute() => at = next,
            Ok(next) => at = at.parent().map_or_else(|| next.clone(), |p| p.join(&next)),
            Err(_) => return false,
        }
    }
    false
}

#[expect(
    clippy::match_same_arms,
    reason = "one arm per kind of descriptor path"
)]
fn is_descriptor_name(path: &Path) -> bool {
    let parts: Vec<&std::ffi::OsStr> = path.iter().collect();
    let text = |i: usize| parts.get(i).and_then(|p| p.to_str());
    match (text(0), text(1), text(2), text(3), text(4), parts.len()) {
        (Some("/"), Some("dev"), Some("stdin" | "stdout" | "stderr"), None, None, 3) => true,
        (Some("/"), Some("dev"), Some("fd"), Some(_), None, 4) => true,
        (Some("/"), Some("proc"), Some(_), Some("fd"), Some(_), 5) => true,
        (..) => false,
    }
}

/// Writes at the end of an open file named by its descriptor, as a shell's `>>` would and as a
/// `>` (which emptied it) sees it.
fn append_into(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = OpenOptions::new().append(true).open(path)?;
    out.write_all(bytes)?;
    out.flush()
}

/// A file written into rather than replaced: a FIFO or a character device.
fn is_stream(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        meta.file_type().is_fifo() || meta.file_type().is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn refused(meta: &fs::Metadata) -> io::Error {
    if meta.is_dir() {
        return io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a folder; name a file to write (inside it, for example)",
        );
    }
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("is {}, which wpmatrix does not write to", kind_of(meta)),
    )
}

/// Writes into an existing FIFO or device, as a shell redirection would: no temporary file,
/// nothing created or truncated.
fn write_into(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = OpenOptions::new().write(true).open(path)?;
    out.write_all(bytes)?;
    out.flush()
}

/// Writes a temporary file in `target`'s folder and renames it over `target`. `existing` is the
/// file being replaced, whose mode (and owner, where allowed) the new one keeps.
fn replace(target: &Path, bytes: &[u8], existing: Option<&fs::Metadata>) -> io::Result<()> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "wpmatrix".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".wpmatrix-tmp");
    // A new file gets the usual mode (0666 less the umask), not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Dropped on any error below, the temporary file is removed.
    let mut temporary = builder.tempfile_in(&folder).map_err(the_system_error)?;
    if let Some(existing) = existing {
        keep_owner_and_mode(temporary.as_file(), existing)?;
    }
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary
        .persist(target)
        .map_err(|e| the_system_error(e.error))?;
    sync_folder(&folder);
    Ok(())
}

/// The system's own error, without the temporary file's name tempfile adds to it (`… at path
/// "…/.x.csv.XXXXXX.wpmatrix-tmp"`): the message names the file the user asked for, as
/// `out/x.csv: cannot write: No such file or directory (os error 2)`.
fn the_system_error(error: io::Error) -> io::Error {
    let message = error.to_string();
    match message.find(" at path \"") {
        Some(at) => io::Error::new(error.kind(), &message[..at]),
        None => error,
    }
}

#[cfg(unix)]
fn keep_owner_and_mode(file: &File, existing: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    // Only root may give a file away; anyone else's new file is theirs, as with any editor.
    if std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
        std::os::unix::fs::fchown(file, None, Some(existing.gid())).ok();
    }
    file.set_permissions(existing.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, existing: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(existing.permissions())
}

/// Makes the rename itself durable. A folder that cannot be synced (some file systems refuse)
/// still holds the new file; the data was synced before the rename.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        dir.sync_all().ok();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_said_as_the_system_says_it_without_a_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let refused = write(&dir.path().join("missing").join("x.csv"), b"x").unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::NotFound);
        assert_eq!(
            refused.to_string(),
            io::Error::from_raw_os_error(2).to_string(),
            "{refused}"
        );
    }

    #[test]
    fn descriptor_names_are_told_from_files() {
        for name in [
            "/dev/stdout",
            "/dev/stderr",
            "/dev/fd/1",
            "/proc/self/fd/1",
            "/proc/42/fd/3",
        ] {
            assert!(is_descriptor_name(Path::new(name)), "{name}");
        }
        for name in [
            "/dev/shm/x.csv",
            "/proc/self/fd",
            "dev/stdout",
            "/dev/null",
            "/tmp/fd/1",
        ] {
            assert!(!is_descriptor_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.ron");
        fs::write(&file, "12345").unwrap();
        assert_eq!(read_at_most(&file, 5).unwrap(), b"12345");
        let refused = read_at_most(&file, 4).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn a_folder_is_refused_as_input_and_as_output_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        fs::create_dir(&folder).unwrap();
        assert_eq!(
            read(&folder).unwrap_err().kind(),
            io::ErrorKind::IsADirectory
        );
        let refused = write(&folder, b"x").unwrap_err();
        assert!(refused.to_string().contains("is a folder"), "{refused}");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        write(&new, b"a").unwrap();
        let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o600, 0o600, "{mode:o}");
        assert_eq!(mode & 0o111, 0, "{mode:o}");
        fs::set_permissions(&new, fs::Permissions::from_mode(0o640)).unwrap();
        write(&new, b"b").unwrap();
        let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(fs::read(&new).unwrap(), b"b");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nothing_is_refused_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink(dir.path().join("missing"), &link).unwrap();
        write(&link, b"x").unwrap_err();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!dir.path().join("missing").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_leaves_no_temporary_behind() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2022.ron");
        fs::write(&file, "old").unwrap();
        // A folder nobody may write into: the temporary cannot be made (unless run as root, when
        // the write succeeds, which is no failure to check).
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
        let result = write(&file, b"new");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        if result.is_err() {
            assert_eq!(fs::read(&file).unwrap(), b"old");
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["2022.ron"]);
    }
}
