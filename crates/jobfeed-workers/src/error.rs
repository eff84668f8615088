//! Errors of the worker crate: [`ProfileError`] for profile files,
//! [`WorkerError`] for running queues and workers.

use thiserror::Error;

/// Why a worker profile could not be used.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read worker profile {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML for a profile (unknown key, wrong type).
    #[error("worker profile {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What the TOML reader said, with line and key.
        message: String,
    },
    /// A value is out of range.
    #[error("worker profile {path}: field {field}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// The dotted field name (`workers.concurrency`).
        field: String,
        /// What is wrong and what is allowed.
        reason: String,
    },
}

/// Why running the queue or the workers failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum WorkerError {
    /// The profile is invalid.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The embedded queue in the state database failed.
    #[error("embedded queue in {location}: {message}; check that the data directory is writable")]
    Sqlite {
        /// The database file.
        location: String,
        /// What failed.
        message: String,
    },
    /// Redis could not be reached or refused a command.
    #[error("redis at {url}: {message}; check that Redis runs and the URL is right")]
    Redis {
        /// The Redis URL (without password).
        url: String,
        /// What failed.
        message: String,
    },
    /// The fetcher could not be built from the profile's `[fetch]` table.
    #[error("fetcher: {0}")]
    Fetch(#[from] jobfeed_fetch::FetchError),
    /// The hub failed.
    #[error("hub: {0}")]
    Hub(#[from] jobfeed_hub::HubError),
    /// The `/metrics` listener could not be opened.
    #[error(
        "metrics listener on {addr}: {message}; choose a free address (--metrics-listen or workers.metrics_listen)"
    )]
    MetricsListen {
        /// The address asked for.
        addr: String,
        /// What failed.
        message: String,
    },
}
