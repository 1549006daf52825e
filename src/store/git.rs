//! Running git: reading a programme as it was at a revision (`REV:PATH` through `git show`),
//! writing config, and git's own text merge as the fallback of the merge driver.

use std::path::Path;
use std::process::{Command, Output};

/// Why git could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    NotRun(#[source] std::io::Error),
    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
    #[error("a revision cannot start with '-' (git would take it for an option)")]
    OptionLikeRevision,
}

/// Runs git and returns everything it answered, whatever its exit status.
pub fn run(args: &[&str], cwd: Option<&Path>) -> Result<Output, GitError> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    command.output().map_err(GitError::NotRun)
}

fn failed(args: &[&str], output: &Output) -> GitError {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let message = stderr.trim();
    GitError::Failed {
        command: args.join(" "),
        message: if message.is_empty() {
            format!("exit status {}", output.status)
        } else {
            message.to_string()
        },
    }
}

/// Runs git and returns its standard output, or what it said on failure.
pub fn git(args: &[&str], cwd: Option<&Path>) -> Result<Vec<u8>, GitError> {
    let output = run(args, cwd)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(failed(args, &output))
    }
}

/// The bytes of a file at a revision, `spec` being `REV:PATH` as `git show` takes it
/// (`HEAD~3:programmes/2022.ron`), read in the repository of the current folder.
pub fn show(spec: &str) -> Result<Vec<u8>, GitError> {
    // `--output=FILE:x` would be an option of `git show` that writes a file: refuse anything
    // option-like, and mark the end of the options as well in case git learns new spellings.
    if spec.starts_with('-') {
        return Err(GitError::OptionLikeRevision);
    }
    let args = ["show", "--end-of-options", spec];
    let output = run(&args, None)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        // Named as the user would type it.
        Err(failed(&["show", spec], &output))
    }
}

/// The bytes of `file` at revision `rev`, read in the repository the file is in (whatever the
/// current folder), as `git -C FOLDER show REV:./NAME`.
pub fn show_file_at(rev: &str, file: &Path) -> Result<Vec<u8>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::OptionLikeRevision);
    }
    let (folder, name) = folder_and_name(file);
    let spec = format!("{rev}:./{name}");
    let args = ["show", "--end-of-options", spec.as_str()];
    let output = run(&args, Some(&folder))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(failed(&["show", &spec], &output))
    }
}

/// The commits that changed `file`, newest first, each with its committer time (seconds since
/// 1970). Following renames is left out: a programme's file keeps its name.
pub fn file_history(file: &Path) -> Result<Vec<(String, i64)>, GitError> {
    let (folder, name) = folder_and_name(file);
    let out = git(
        &[
            "log",
            "--format=%H %ct",
            "--end-of-options",
            "HEAD",
            "--",
            &name,
        ],
        Some(&folder),
    )?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| {
            let (hash, time) = line.split_once(' ')?;
            Some((hash.to_string(), time.parse().ok()?))
        })
        .collect())
}

/// Whether the repository around `folder` has the tag `name` (`wp-2022-adopted`). No
/// repository is no tag, and git is not even started when there is plainly none
/// ([`may_be_in_repository`]); an error only when git is needed and cannot run.
pub fn tag_exists(folder: &Path, name: &str) -> Result<bool, GitError> {
    if !may_be_in_repository(folder) {
        return Ok(false);
    }
    let reference = format!("refs/tags/{name}");
    let output = run(&["rev-parse", "-q", "--verify", &reference], Some(folder))?;
    Ok(output.status.success())
}

/// Whether the repository `file` is in has the tag `name`. No repository, or no git, is no tag.
pub fn has_tag(name: &str, file: &Path) -> bool {
    let (folder, _) = folder_and_name(file);
    tag_exists(&folder, name).unwrap_or(false)
}

/// Whether git could find a repository from `folder`: `GIT_DIR` or `GIT_WORK_TREE` is set, or
/// the folder or one above it (as the system resolves it, links followed, as git sees it) holds
/// a `.git` or is itself a repository's folder (a bare one: `HEAD`, `objects`, `refs`). When it
/// cannot, git need not be asked: every programme opened outside a repository would otherwise
/// start a git process only to hear "not a git repository". Anything unclear (a folder that
/// cannot be resolved) answers yes, and git decides.
pub fn may_be_in_repository(folder: &Path) -> bool {
    if ["GIT_DIR", "GIT_WORK_TREE"]
        .iter()
        .any(|name| std::env::var_os(name).is_some())
    {
        return true;
    }
    let Ok(folder) = std::fs::canonicalize(folder) else {
        return true;
    };
    folder.ancestors().any(|dir| {
        dir.join(".git").symlink_metadata().is_ok()
            || (dir.join("HEAD").is_file()
                && dir.join("objects").is_dir()
                && dir.join("refs").is_dir())
    })
}

/// The folder a file is in (`.` for a bare name) and its name.
pub(crate) fn folder_and_name(file: &Path) -> (std::path::PathBuf, String) {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (folder, name)
}

/// Whether an argument names a file at a revision (`REV:PATH`) rather than a path: it has a colon
/// after a non-empty revision and no file of that name exists.
pub fn is_revision_path(arg: &str) -> bool {
    matches!(arg.split_once(':'), Some((rev, _)) if !rev.is_empty()) && !Path::new(arg).exists()
}

/// Sets a git config value in the repository of `cwd` (or the user's global config).
pub fn set_config(
    key: &str,
    value: &str,
    global: bool,
    cwd: Option<&Path>,
) -> Result<(), GitError> {
    let scope = if global { "--global" } else { "--local" };
    git(&["config", scope, key, value], cwd).map(|_| ())
}

/// The top folder of the repository around `cwd`.
pub fn top_level(cwd: Option<&Path>) -> Result<String, GitError> {
    let out = git(&["rev-parse", "--show-toplevel"], cwd)?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// git's own line-based three-way merge of `current` (changed in place), `base` and `other`.
/// Answers whether it ended with conflicts (left as conflict markers in `current`).
pub fn merge_file(
    current: &Path,
    base: &Path,
    other: &Path,
    labels: [&str; 3],
    marker_size: Option<&str>,
) -> Result<bool, GitError> {
    let current_s = current.to_string_lossy();
    let base_s = base.to_string_lossy();
    let other_s = other.to_string_lossy();
    let marker = marker_size.map(|m| format!("--marker-size={m}"));
    let mut args = vec!["merge-file"];
    if let Some(marker) = &marker {
        args.push(marker);
    }
    args.extend([
        "-L", labels[0], "-L", labels[1], "-L", labels[2], "--", &current_s, &base_s, &other_s,
    ]);
    let output = run(&args, None)?;
    // git merge-file answers the number of conflicts (positive) or an error (negative, which
    // the shell sees as 255 and above 127).
    match output.status.code() {
        Some(0) => Ok(false),
        Some(n) if (1..=127).contains(&n) => Ok(true),
        _ => Err(failed(&args, &output)),
    }
}

#[cfg(test)]
mod tests {
    use super::may_be_in_repository;

    /// A folder is in a repository as git finds one: a `.git` folder or file (a worktree's) in
    /// it or above it, or a bare repository's own folder, links followed.
    #[test]
    fn a_repository_is_found_where_git_would_find_one() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        // Whatever holds the temporary folder decides for it before a repository is made.
        let around = may_be_in_repository(root.path());
        assert_eq!(may_be_in_repository(&deep), around);

        let bare = root.path().join("bare");
        for dir in ["objects", "refs"] {
            std::fs::create_dir_all(bare.join(dir)).unwrap();
        }
        assert_eq!(may_be_in_repository(&bare), around, "no HEAD yet");
        std::fs::write(bare.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        assert!(may_be_in_repository(&bare));

        let worktree = root.path().join("worktree");
        std::fs::create_dir_all(worktree.join("programmes")).unwrap();
        std::fs::write(worktree.join(".git"), "gitdir: elsewhere\n").unwrap();
        assert!(may_be_in_repository(&worktree.join("programmes")));

        std::fs::create_dir(root.path().join("a/.git")).unwrap();
        assert!(may_be_in_repository(&deep));

        #[cfg(unix)]
        {
            // Reached through a link from outside, the folder is where the link leads.
            let outside = tempfile::tempdir().unwrap();
            let link = outside.path().join("link");
            std::os::unix::fs::symlink(&deep, &link).unwrap();
            assert!(may_be_in_repository(&link));
        }
        // A folder that cannot be resolved is left to git.
        assert!(may_be_in_repository(&root.path().join("missing")));
    }
}
