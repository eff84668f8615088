//! Why a hub operation failed.

use thiserror::Error;

/// Why a hub operation failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum HubError {
    /// The SQLite state failed.
    #[error("state: {0}")]
    State(#[from] jobfeed_state::StateError),
    /// The search index failed.
    #[error("index: {0}")]
    Index(#[from] jobfeed_index::IndexError),
    /// The enrichment data could not be loaded.
    #[error("enrichment: {0}")]
    Enrich(#[from] jobfeed_enrich::EnrichError),
    /// A company or source is not configured.
    #[error(
        "unknown source {source_id:?} of company {company_id:?}: it is not in the member files"
    )]
    UnknownSource {
        /// The company.
        company_id: String,
        /// The source.
        source_id: String,
    },
    /// A file or folder under the data directory could not be used.
    #[error("{path}: {error}; check that the data directory is writable")]
    Io {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        error: std::io::Error,
    },
    /// The webhook sender could not start.
    #[error("webhooks: {0}")]
    Webhook(#[from] jobfeed_campaigns::WebhookError),
    /// A blocking task (index writes, enrichment) panicked or was cancelled.
    #[error("a background task of the hub failed: {0}")]
    Task(String),
}

impl HubError {
    /// The error of a blocking task that did not finish.
    pub(crate) fn task(error: tokio::task::JoinError) -> HubError {
        HubError::Task(error.to_string())
    }
}
