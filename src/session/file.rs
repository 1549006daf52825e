//! A file being edited, below the terminal: opening it with its recovery put back, saving with
//! the check that nobody changed it on disk meanwhile, reloading, and keeping the recovery file
//! and lock in step with the unsaved changes. Every outcome is a value the caller shows; nothing
//! here draws or touches the editor's state directly.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::journal::{self, Changes};
use super::{StateDir, recovery, writable};
use crate::model::Programme;
use crate::model::merge::{NotMergeable, merge_versions};
use crate::store::{self, LoadError};

/// A file opened for editing and what the editor must be told about it.
#[derive(Debug)]
pub struct Opened {
    pub session: FileSession,
    pub programme: Programme,
    /// The file's text as loaded.
    pub text: String,
    pub has_comments: bool,
    /// Unsaved changes a session that died left behind, to put back as one undoable change.
    pub recovered: Option<Recovered>,
    /// Things to tell the user, most important last.
    pub notices: Vec<Notice>,
}

#[derive(Debug)]
pub struct Recovered {
    pub programme: Programme,
    pub from: PathBuf,
    /// The file changed on disk after these changes were made: saving asks first.
    pub file_changed_since: bool,
}

/// Why the file on disk could not be merged in: it does not load, or it cannot be merged by id.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    NotMergeable(#[from] NotMergeable),
}

/// Something about the session worth a line on the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The changes were made to an older version of the file.
    RecoveredOntoChangedFile { from: PathBuf },
    /// Another session has the file; this one keeps no recovery.
    OpenElsewhere,
    /// This session keeps no recovery file, and why.
    NoRecovery(String),
    /// A recovery file that could not be read, moved aside.
    UnreadableKeptAside { at: PathBuf, kept: PathBuf },
    /// A recovery file that could not be read nor moved; this session keeps none.
    UnreadableLeft { at: PathBuf, reason: String },
    /// The file has no write permission.
    ReadOnly(String),
    /// A recovery file beside the programme, where older versions kept one (or one committed to
    /// the repository): never read, since anyone could have put it there.
    RecoveryBesideNotRead(PathBuf),
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::RecoveredOntoChangedFile { from } => write!(
                f,
                "Recovered unsaved changes from {}, made before the file last changed; \
                 saving will ask before overwriting it.",
                from.display()
            ),
            Notice::OpenElsewhere => write!(
                f,
                "This file is open in another wpmatrix session; this one keeps no recovery file."
            ),
            Notice::NoRecovery(reason) => write!(f, "No recovery file for this session: {reason}"),
            Notice::UnreadableKeptAside { at, kept } => write!(
                f,
                "{} cannot be read as a recovery file; kept as {}.",
                at.display(),
                kept.display()
            ),
            Notice::UnreadableLeft { at, reason } => write!(
                f,
                "{} cannot be read as a recovery file, nor moved aside ({reason}); \
                 this session keeps no recovery file.",
                at.display()
            ),
            Notice::ReadOnly(file) => write!(
                f,
                "Read-only: {file} has no write permission; `chmod u+w {file}` to save changes."
            ),
            Notice::RecoveryBesideNotRead(at) => write!(
                f,
                "{} is not read: recovery files are kept only in your state folder. Look at it \
                 yourself, and delete it once it holds nothing you need.",
                at.display()
            ),
        }
    }
}

/// A programme read again from disk, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reloaded {
    pub programme: Programme,
    pub text: String,
    pub has_comments: bool,
}

/// The unsaved changes merged with the file as it is on disk now, to put in place and save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedWithDisk {
    pub programme: Programme,
    /// The file's text on disk, which the merge took in.
    pub text: String,
    pub has_comments: bool,
    /// How many conflicts the merge noted in the programme.
    pub conflicts: usize,
}

/// What a save came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written; the text now on disk.
    Written(String),
    /// The file changed on disk since it was loaded or saved (or the recovered changes were
    /// made to an older version): ask before overwriting.
    DiskChanged,
    /// Not written, and why.
    Failed(String),
}

/// The state of the unsaved changes, as the editor holds them.
#[derive(Clone, Copy)]
pub struct Unsaved<'a> {
    pub programme: &'a Programme,
    /// The file's text as loaded or last saved.
    pub disk_text: &'a str,
    /// Its fingerprint, made here when no one has made it yet.
    pub disk_fingerprint: &'a std::cell::OnceCell<String>,
    pub dirty: bool,
    /// A number that changes whenever the programme does.
    pub revision: u64,
    /// The revision `disk_text` holds.
    pub saved_revision: u64,
    /// What changed since the last call, so the recovery file grows by only that.
    pub changes: Changes,
}

/// The recovery file this session wrote: the revision it holds, and how long it and its
/// snapshot are (a journal longer than its snapshot is folded into a new snapshot).
#[derive(Debug)]
struct Journal {
    revision: u64,
    length: u64,
    snapshot: u64,
}

/// The file session.
#[derive(Debug)]
pub struct FileSession {
    path: PathBuf,
    state: Option<StateDir>,
    /// This session's claim on the file's recovery; none while another session has the file.
    claim: Option<recovery::Session>,
    /// The revision last written to the recovery file (or found clean).
    recorded_revision: Option<u64>,
    /// A recovery file of this session's (or a recovered one) is on disk.
    recovery_on_disk: bool,
    /// Writing the recovery file failed last time (said once, not after every key).
    recovery_failing: bool,
    /// The recovery file as this session last wrote it, while its journal can grow.
    journal: Option<Journal>,
    /// The fingerprint of the older version recovered changes were made to, until a save or a
    /// reload: recovery files keep naming it, and a save asks first.
    stale_base: Option<String>,
}

impl FileSession {
    /// Opens `path` with the recovery files in the user's state folder.
    pub fn open(path: &Path) -> Result<Opened, LoadError> {
        let (text, parsed) = store::load(path)?;
        Ok(Self::start(path, StateDir::for_user(), text, parsed))
    }

    /// Opens `path`, already read and parsed elsewhere (on another thread while a first
    /// screen was drawn), with the recovery files in the user's state folder.
    pub fn from_loaded(path: &Path, text: String, parsed: store::Parsed) -> Opened {
        Self::start(path, StateDir::for_user(), text, parsed)
    }

    /// [`FileSession::from_loaded`] with the recovery files in `state`.
    pub fn from_loaded_in(
        path: &Path,
        state: StateDir,
        text: String,
        parsed: store::Parsed,
    ) -> Opened {
        Self::start(path, Ok(state), text, parsed)
    }

    /// Opens `path` with the recovery files in `state` (tests use a folder of their own).
    pub fn open_in(path: &Path, state: StateDir) -> Result<Opened, LoadError> {
        let (text, parsed) = store::load(path)?;
        Ok(Self::start(path, Ok(state), text, parsed))
    }

    fn start(
        path: &Path,
        state: io::Result<StateDir>,
        text: String,
        parsed: store::Parsed,
    ) -> Opened {
        let mut notices = Vec::new();
        if let Err(read_only) = writable::check(path) {
            notices.push(Notice::ReadOnly(read_only.0));
        }
        if let Some(beside) = recovery::beside(path) {
            notices.push(Notice::RecoveryBesideNotRead(beside));
        }
        let mut session = FileSession {
            path: path.to_path_buf(),
            state: None,
            claim: None,
            recorded_revision: None,
            recovery_on_disk: false,
            recovery_failing: false,
            journal: None,
            stale_base: None,
        };
        let recovered = match state {
            Ok(state) => session.take_up_recovery(state, &parsed.programme, &text, &mut notices),
            Err(e) => {
                notices.push(Notice::NoRecovery(e.to_string()));
                None
            }
        };
        Opened {
            session,
            has_comments: !parsed.comments.is_empty(),
            programme: parsed.programme,
            text,
            recovered,
            notices,
        }
    }

    /// Claims the file's recovery and reads what a session that died left there.
    fn take_up_recovery(
        &mut self,
        state: StateDir,
        loaded: &Programme,
        text: &str,
        notices: &mut Vec<Notice>,
    ) -> Option<Recovered> {
        let path = self.path.clone();
        match recovery::Session::claim(&state, &path) {
            Ok(Some(claim)) => self.claim = Some(claim),
            Ok(None) => {
                notices.push(Notice::OpenElsewhere);
                return None;
            }
            Err(e) => {
                notices.push(Notice::NoRecovery(e.to_string()));
                return None;
            }
        }
        let found = recovery::read(&state, &path);
        self.state = Some(state);
        match found {
            recovery::Found::Nothing => None,
            recovery::Found::Programme { programme, .. } if *programme == *loaded => {
                self.recovery_on_disk = self.remove_recovery().is_err();
                None
            }
            recovery::Found::Programme { programme, base } => {
                let from = self.recovery_path().unwrap_or_default();
                self.recovery_on_disk = true;
                let file_changed_since = base != recovery::fingerprint(text);
                if file_changed_since {
                    notices.push(Notice::RecoveredOntoChangedFile { from: from.clone() });
                    self.stale_base = Some(base);
                }
                Some(Recovered {
                    programme: *programme,
                    from,
                    file_changed_since,
                })
            }
            recovery::Found::Unreadable(at) => {
                match recovery::keep_aside(&at) {
                    Ok(kept) => notices.push(Notice::UnreadableKeptAside { at, kept }),
                    Err(e) => {
                        // Left where it is, and this session writes none over it.
                        notices.push(Notice::UnreadableLeft {
                            at,
                            reason: e.to_string(),
                        });
                        self.claim = None;
                        self.state = None;
                    }
                }
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where this session keeps its recovery file, if it keeps one.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        let state = self.state.as_ref()?;
        self.claim.as_ref()?;
        Some(recovery::path_for(state, &self.path))
    }

    /// Writes the canonical text of `programme`, unless the file is read-only, or changed on
    /// disk since `disk_text` was loaded or saved (content compared, not times) and
    /// `overwrite` was not asked for.
    pub fn save(&mut self, programme: &Programme, disk_text: &str, overwrite: bool) -> Saved {
        let path = &self.path;
        if let Err(read_only) = writable::check(path) {
            return Saved::Failed(read_only.to_string());
        }
        if !overwrite {
            if self.stale_base.is_some() {
                return Saved::DiskChanged;
            }
            match store::read_file(path) {
                Ok(bytes) if bytes == disk_text.as_bytes() => {}
                Ok(_) => return Saved::DiskChanged,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Saved::DiskChanged,
                Err(e) => return Saved::Failed(format!("cannot read {}: {e}", path.display())),
            }
        }
        let text = store::to_canonical(programme);
        match store::write_file(path, text.as_bytes()) {
            Ok(()) => {
                self.stale_base = None;
                Saved::Written(text)
            }
            Err(e) => Saved::Failed(format!("cannot write {}: {e}", path.display())),
        }
    }

    /// Merges the unsaved `programme` (ours) with the file on disk now (theirs), from the text
    /// this session loaded or last saved (`disk_text`, the base), by the same structural merge
    /// as git's merge driver. Changes recovered onto a file that changed since have no known
    /// base: every difference is then a conflict, so nothing is dropped silently.
    pub fn merge_with_disk(
        &mut self,
        programme: &Programme,
        disk_text: &str,
    ) -> Result<MergedWithDisk, MergeError> {
        let (text, parsed) = store::load(&self.path)?;
        let base = match self.stale_base {
            Some(_) => None,
            None => store::parse(disk_text).ok().map(|parsed| parsed.programme),
        };
        let merged = merge_versions(base.as_ref(), programme, &parsed.programme)?;
        // The merge took the file on disk in: it is the base of what follows.
        self.stale_base = None;
        Ok(MergedWithDisk {
            programme: merged.programme,
            text,
            has_comments: !parsed.comments.is_empty(),
            conflicts: merged.conflicts.len(),
        })
    }

    /// Reads the file again.
    pub fn reload(&mut self) -> Result<Reloaded, LoadError> {
        let (text, parsed) = store::load(&self.path)?;
        self.stale_base = None;
        Ok(Reloaded {
            has_comments: !parsed.comments.is_empty(),
            programme: parsed.programme,
            text,
        })
    }

    /// Keeps the recovery file in step with the unsaved changes: written while there are any,
    /// removed once they are saved or, when `discarding`, thrown away. Answers a problem to
    /// show, once, when writing starts failing.
    pub fn keep_recovery(&mut self, unsaved: Unsaved<'_>, discarding: bool) -> Option<String> {
        let state = self.state.clone()?;
        self.claim.as_ref()?;
        let mut problem = None;
        if discarding || !unsaved.dirty {
            if self.recovery_on_disk && self.remove_recovery().is_ok() {
                self.recovery_on_disk = false;
            }
            self.journal = None;
        } else if self.recorded_revision != Some(unsaved.revision) || !self.recovery_on_disk {
            match self.write_recovery(&state, &unsaved) {
                Ok(()) => {
                    self.recovery_on_disk = true;
                    self.recovery_failing = false;
                }
                Err(e) => {
                    self.journal = None;
                    if !self.recovery_failing {
                        problem = Some(format!("Cannot write the recovery file: {e}"));
                    }
                    self.recovery_failing = true;
                }
            }
        }
        self.recorded_revision = Some(unsaved.revision);
        problem
    }

    /// Brings the recovery file up to `unsaved`: a record added to the journal of the file
    /// this session wrote when it holds the state the changes start from; otherwise a new file,
    /// whose snapshot is the text on disk when the changes start from it (no programme to
    /// write out), or the whole programme.
    fn write_recovery(&mut self, state: &StateDir, unsaved: &Unsaved<'_>) -> io::Result<()> {
        let changes = &unsaved.changes;
        if let Some(written) = &mut self.journal
            && written.revision == changes.from
            && self.recovery_on_disk
            && written.length - written.snapshot <= written.snapshot.max(1 << 20)
        {
            let record = journal::record(unsaved.programme, changes);
            recovery::append(state, &self.path, &record)?;
            written.length += record.len() as u64;
            written.revision = unsaved.revision;
            return Ok(());
        }
        let base = self.stale_base.clone().unwrap_or_else(|| {
            let made = || recovery::fingerprint(unsaved.disk_text);
            unsaved.disk_fingerprint.get_or_init(made).clone()
        });
        let (snapshot, length) =
            if changes.from == unsaved.saved_revision && changes.to == unsaved.revision {
                let record = journal::record(unsaved.programme, changes);
                let length =
                    recovery::write_snapshot(state, &self.path, &base, unsaved.disk_text, &record)?;
                (unsaved.disk_text.len(), length)
            } else {
                let text = store::to_canonical(unsaved.programme);
                let length = recovery::write_snapshot(state, &self.path, &base, &text, "")?;
                (text.len(), length)
            };
        self.journal = Some(Journal {
            revision: unsaved.revision,
            length,
            snapshot: snapshot as u64,
        });
        Ok(())
    }

    fn remove_recovery(&self) -> io::Result<()> {
        match &self.state {
            Some(state) => recovery::remove(state, &self.path),
            None => Ok(()),
        }
    }
}
