//! Whether the program may write over a file: a file without write permission is never replaced,
//! by the editor, `fmt` or `import --into`, even when run as root (who the system would let
//! through), because the mode bits are the owner's word that the file is not to change.

use std::fs;
use std::path::Path;

/// The reason a file must not be written over, with the way out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} is read-only (no write permission): `chmod u+w {}` to allow changes, or write elsewhere", .0, .0)]
pub struct ReadOnly(pub String);

/// Refuses a file that exists and has no write bit set. A missing file is no refusal: it is
/// created. Other errors reading its mode are left to the write itself to report.
pub fn check(path: &Path) -> Result<(), ReadOnly> {
    match fs::metadata(path) {
        Ok(meta) if is_read_only(&meta) => Err(ReadOnly(crate::text::printable_path(path))),
        // Writable, missing (created) or unreadable (the write reports it).
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn is_read_only(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // Any write bit counts, as editors do: the owner, the group or everyone may write.
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn is_read_only(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_without_write_bits_is_refused_with_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2022.ron");
        fs::write(&file, "x").unwrap();
        assert_eq!(check(&file), Ok(()));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        let refused = check(&file).unwrap_err().to_string();
        assert!(refused.contains("read-only"), "{refused}");
        assert!(
            refused.contains(&format!("chmod u+w {}", crate::text::printable_path(&file))),
            "{refused}"
        );
        assert_eq!(check(&dir.path().join("new.ron")), Ok(()));
    }
}
