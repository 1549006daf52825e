//! The editor's file session below the terminal: opening a file with its recovery, saving with
//! the on-disk check, reloading, the lock that makes one session own a file's recovery, the
//! per-user state folder those live in, and the read-only rule every writer follows.

pub mod file;
pub mod journal;
pub mod recovery;
pub mod state_dir;
pub mod writable;
pub mod years;

pub use file::{FileSession, MergeError, Notice, Opened, Saved, Unsaved};
pub use state_dir::StateDir;
