//! Paths that are not regular files, as output and as input: a FIFO, a character device, a link
//! to a file or to `/proc/self/fd/1`, a folder. Output is written into a FIFO or a device and
//! through a link to its target, never renamed over anything but a regular file, and leaves no
//! temporary behind; input is read only from regular files, and a FIFO never makes us wait (a
//! FIFO as keys.conf: `key_file`).

use crate::common::{self, SHIPPED};

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every command here ends at once; one that waits on a FIFO fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A FIFO with a thread reading everything written into it until the writer closes it.
fn fifo_with_reader(dir: &Path, name: &str) -> (PathBuf, std::thread::JoinHandle<Vec<u8>>) {
    let fifo = dir.join(name);
    mkfifo(&fifo);
    let reading = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        fs::File::open(&reading)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    });
    (fifo, reader)
}

fn the_csv() -> Vec<u8> {
    common::wpmatrix()
        .args(["export", SHIPPED])
        .timeout(LIMIT)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------- output

#[test]
fn export_into_a_fifo_writes_into_it_and_it_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let (fifo, reader) = fifo_with_reader(dir.path(), "out.csv");
    common::wpmatrix()
        .args(["export", SHIPPED, "-o"])
        .arg(&fifo)
        .timeout(LIMIT)
        .assert()
        .success();
    assert_eq!(reader.join().unwrap(), the_csv());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names_in(dir.path()), ["out.csv"]);
}

#[test]
fn export_into_dev_null_leaves_it_a_character_device() {
    common::wpmatrix()
        .args(["export", SHIPPED, "-o", "/dev/null"])
        .timeout(LIMIT)
        .assert()
        .success();
    let meta = fs::symlink_metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device());
    assert_eq!(meta.permissions().mode() & 0o777, 0o666);
}

#[test]
fn export_through_a_link_to_proc_self_fd_1_writes_to_standard_output_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let out = common::wpmatrix()
        .args(["export", SHIPPED, "-o"])
        .arg(&link)
        .timeout(LIMIT)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, the_csv());
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink());
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("/proc/self/fd/1"));
    assert_eq!(names_in(dir.path()), ["out.csv"]);
}

#[test]
fn export_to_dev_stdout_appended_to_a_file_keeps_what_the_file_held() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.csv");
    fs::write(&log, "HEAD\n").unwrap();
    let appending = fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = crate::common::run::status(
        std::process::Command::new(crate::common::bin())
            .args(["export", SHIPPED, "-o", "/dev/stdout"])
            .stdin(std::process::Stdio::null())
            .stdout(appending),
    );
    assert!(status.success());
    let mut expected = b"HEAD\n".to_vec();
    expected.extend(the_csv());
    assert_eq!(fs::read(&log).unwrap(), expected);
    assert_eq!(names_in(dir.path()), ["log.csv"]);
    // `import -o` and `new -o` refuse a file that exists, but standard output is no such file.
    let csv = dir.path().join("rows.csv");
    fs::write(&csv, the_csv()).unwrap();
    let out = dir.path().join("2022.ron");
    let status = crate::common::run::status(
        std::process::Command::new(crate::common::bin())
            .arg("import")
            .arg(&csv)
            .args(["-o", "/dev/stdout"])
            .stdin(std::process::Stdio::null())
            .stdout(
                fs::File::options()
                    .create(true)
                    .append(true)
                    .open(&out)
                    .unwrap(),
            ),
    );
    assert!(status.success());
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("Programme("), "{written}");
    assert!(
        written.contains("\nwrote /dev/stdout: 6 clusters, 32 activities\n"),
        "{written}"
    );
}

#[test]
fn export_through_a_link_to_a_file_writes_the_file_and_keeps_link_and_mode() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    let link = dir.path().join("out.csv");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    common::wpmatrix()
        .args(["export", SHIPPED, "-o"])
        .arg(&link)
        .timeout(LIMIT)
        .assert()
        .success();
    assert_eq!(fs::read(&real).unwrap(), the_csv());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(names_in(dir.path()), ["out.csv", "real.csv"]);
}

#[test]
fn export_to_a_folder_is_refused_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("out");
    fs::create_dir(&folder).unwrap();
    let assert = common::wpmatrix()
        .args(["export", SHIPPED, "-o"])
        .arg(&folder)
        .timeout(LIMIT)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(
        err,
        format!(
            "wpmatrix: {}: cannot write: is a folder; name a file to write (inside it, for example)\n",
            folder.display()
        )
    );
    assert_eq!(names_in(dir.path()), ["out"]);
    assert!(names_in(&folder).is_empty());
}

#[test]
fn import_and_new_write_into_a_fifo_too() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    fs::write(&csv, the_csv()).unwrap();
    let (fifo, reader) = fifo_with_reader(dir.path(), "out.ron");
    // `import -o` and `new -o` refuse a file that exists; a FIFO is no file to keep.
    common::wpmatrix()
        .args(["import"])
        .arg(&csv)
        .arg("-o")
        .arg(&fifo)
        .timeout(LIMIT)
        .assert()
        .success();
    let imported = reader.join().unwrap();
    assert!(imported.starts_with(b"Programme("), "{imported:?}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let (fifo, reader) = fifo_with_reader(dir.path(), "2023.ron");
    common::wpmatrix()
        .args(["new", "2023", "--from", SHIPPED, "-o"])
        .arg(&fifo)
        .timeout(LIMIT)
        .assert()
        .success();
    let rolled = String::from_utf8(reader.join().unwrap()).unwrap();
    assert!(rolled.contains("year: 2023"), "{rolled}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names_in(dir.path()), ["2023.ron", "out.ron", "rows.csv"]);
}

// ---------------------------------------------------------------- input

fn refused_input(args: &[&str], path: &Path, what: &str) {
    let assert = common::wpmatrix()
        .args(args)
        .arg(path)
        .timeout(LIMIT)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains(&format!(
            "{}: cannot read: is not a regular file ({what}); wpmatrix reads only regular files",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn check_of_dev_zero_is_refused_at_once() {
    refused_input(&["check"], Path::new("/dev/zero"), "a character device");
}

#[test]
fn a_fifo_as_programme_or_sheet_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("2022.ron");
    mkfifo(&fifo);
    refused_input(&["check"], &fifo, "a FIFO");
    refused_input(&["show"], &fifo, "a FIFO");
    refused_input(&["fmt"], &fifo, "a FIFO");
    let sheet = dir.path().join("rows.csv");
    mkfifo(&sheet);
    let out = dir.path().join("new.ron");
    refused_input(&["import", "-o", out.to_str().unwrap()], &sheet, "a FIFO");
    assert!(!out.exists());
}
