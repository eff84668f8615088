//! What an ingest and a crawl round report back.

use std::time::Duration;

use jobfeed_core::CompanyId;
use serde::Serialize;

/// What one [`crate::Hub::ingest`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Postings the source listed.
    pub found: u32,
    /// Postings seen for the first time (or back after expiry).
    pub new: u32,
    /// Postings whose content or sources changed.
    pub changed: u32,
    /// Postings expired by this crawl.
    pub expired: u32,
    /// Documents upserted into the index.
    pub indexed: u32,
    /// Campaign match events (entered, changed, left) recorded.
    pub campaign_events: u32,
}

/// Progress of [`crate::Hub::crawl_once`], after each source.
#[derive(Debug, Clone, Serialize)]
pub struct CrawlProgress {
    /// Sources finished so far.
    pub done: usize,
    /// Sources in this round.
    pub total: usize,
    /// The company of the source just finished.
    pub company_id: CompanyId,
    /// The source just finished.
    pub source_id: String,
    /// `ok`, `not_modified` or `failed: reason`.
    pub outcome: String,
}

/// What one [`crate::Hub::crawl_once`] round did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CrawlSummary {
    /// Sources crawled.
    pub sources: usize,
    /// Sources crawled successfully.
    pub succeeded: usize,
    /// Sources that answered 304 Not Modified.
    pub not_modified: usize,
    /// Sources that failed.
    pub failed: usize,
    /// Active postings after the round.
    pub postings_active: u64,
    /// How long the round took.
    pub elapsed: Duration,
}
