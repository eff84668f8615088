//! Errors of the index: [`IndexError`] for opening, writing and searching,
//! [`QueryError`] for bad search parameters (an HTTP 400).

use std::path::PathBuf;

/// What went wrong in the index, where, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The settings file is malformed or a value is out of range.
    #[error("invalid index settings in {origin}: {reason} (fix the file, see index/settings.toml)")]
    Settings {
        /// The file (or text) the settings came from.
        origin: String,
        /// What is wrong.
        reason: String,
    },
    /// A file system operation on the index directory failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed (open, write, commit, search).
    #[error("index cannot {action}: {source} (if it persists, run `jobfeed reindex`)")]
    Tantivy {
        /// What was being done.
        action: &'static str,
        /// The underlying error.
        source: tantivy::TantivyError,
    },
    /// The writer thread is gone (it panicked or the index is shutting down).
    #[error("the index writer thread has stopped; restart the process to index again")]
    WriterStopped,
    /// The index was opened for reading only ([`crate::PostingIndex::open_read_only`]).
    #[error("the index is open for reading only; cannot {action}")]
    ReadOnly {
        /// What was asked.
        action: &'static str,
    },
    /// The index on disk is missing or was built with another schema or
    /// analysis, and a reader cannot rebuild it.
    #[error("no usable index in {}: {reason} (run `jobfeed reindex`, or start `jobfeed run` once)", path.display())]
    Unusable {
        /// The index directory.
        path: PathBuf,
        /// What is wrong.
        reason: &'static str,
    },
    /// A stored document could not be read back as a posting.
    #[error("stored posting {id} is unreadable: {reason} (run `jobfeed reindex`)")]
    Corrupt {
        /// The posting id, or `?` when even that is missing.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// The search parameters are invalid.
    #[error(transparent)]
    Query(#[from] QueryError),
}

impl IndexError {
    /// Wraps a tantivy error with what was being done.
    pub(crate) fn tantivy(action: &'static str) -> impl FnOnce(tantivy::TantivyError) -> Self {
        move |source| IndexError::Tantivy { action, source }
    }
}

/// A search parameter that is invalid: which one and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid parameter `{parameter}`: {reason}")]
pub struct QueryError {
    /// The parameter name as in the HTTP query string (`limit`, `posted_since`, …).
    pub parameter: String,
    /// Why it is refused, with what is accepted.
    pub reason: String,
}

impl QueryError {
    /// An error for `parameter`.
    pub(crate) fn new(parameter: &str, reason: impl Into<String>) -> Self {
        QueryError {
            parameter: parameter.to_owned(),
            reason: reason.into(),
        }
    }
}
