//! [`StateError`]: what went wrong with the state database, where, and what
//! to do about it.

use std::path::PathBuf;

use jobfeed_core::PostingId;

/// An error of the state store.
///
/// Every variant names the database (`location`: the file path, or
/// `:memory:`) so that a message in a log is enough to find the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The directory that should hold the database file could not be created.
    #[error(
        "cannot create state directory {path}: {source}; check that the data directory is writable"
    )]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The database could not be opened or configured.
    #[error(
        "cannot open state database {location}: {source}; check the path and its permissions, \
         or move a damaged file aside (the next crawls rebuild the state)"
    )]
    Open {
        /// The database file.
        location: String,
        /// Why it failed.
        source: sqlx::Error,
    },
    /// The schema migrations could not be applied.
    #[error(
        "cannot migrate state database {location}: {source}; a file written by a newer jobfeed \
         needs that version, otherwise restore a backup or move the file aside"
    )]
    Migrate {
        /// The database file.
        location: String,
        /// Why it failed.
        source: sqlx::migrate::MigrateError,
    },
    /// A statement failed.
    #[error(
        "state database {location}: cannot {action}: {source}; if the database is locked, \
         check that only one jobfeed hub uses this file"
    )]
    Query {
        /// The database file.
        location: String,
        /// What the store was doing.
        action: &'static str,
        /// Why it failed.
        source: sqlx::Error,
    },
    /// A stored row could not be read back (bad JSON, bad timestamp, unknown
    /// status).
    #[error(
        "state database {location}: {table} row {row} is corrupt: {detail}; \
         delete the row and let the next crawl of its source write it again"
    )]
    Corrupt {
        /// The database file.
        location: String,
        /// The table the row is in.
        table: &'static str,
        /// The row's key (posting id, source id or crawl id).
        row: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A posting could not be turned into JSON to store it.
    #[error("cannot serialise posting {id} for the state database: {source}")]
    Serialize {
        /// The posting.
        id: PostingId,
        /// Why it failed.
        source: serde_json::Error,
    },
    /// A value other than a posting (a detail cache) could not be turned
    /// into JSON to store it.
    #[error("cannot serialise the {what} for the state database: {source}")]
    SerializeValue {
        /// What was being stored.
        what: String,
        /// Why it failed.
        source: serde_json::Error,
    },
}
