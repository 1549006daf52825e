//! The editor's file session below the terminal: crash recovery and the lock that makes one
//! session own a file's recovery.

pub mod recovery;
