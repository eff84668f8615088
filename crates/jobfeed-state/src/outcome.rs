//! What a crawl hands to the store ([`CrawlOutcome`]) and what the store
//! made of it ([`CrawlDelta`]).

use std::time::Duration;

use jobfeed_core::{Posting, PostingId};
use serde::Serialize;

use crate::OutcomeKind;

/// How a crawl of one source ended, with what it found.
#[derive(Debug, Clone)]
pub enum CrawlOutcome {
    /// The source answered and was parsed: `postings` is everything it lists
    /// now, so a posting it listed before and not now loses this source.
    Success {
        /// Every posting the source lists, normalised and enriched.
        postings: Vec<Posting>,
        /// How many postings the source says it has, where it says so
        /// ("42 ledige stillinger"); kept for coverage.
        stated_count: Option<u32>,
        /// The answer's ETag, for the next conditional GET.
        etag: Option<String>,
        /// The answer's Last-Modified, for the next conditional GET.
        last_modified: Option<String>,
        /// HTTP status of the answer (`None` for sources not read over HTTP).
        http_status: Option<u16>,
        /// How long fetch and parse took.
        duration: Duration,
    },
    /// The source answered 304 Not Modified: everything it listed last time
    /// is still listed.
    NotModified {
        /// A new ETag, when the 304 carried one (the old one is kept otherwise).
        etag: Option<String>,
        /// A new Last-Modified, when the 304 carried one.
        last_modified: Option<String>,
        /// How long the request took.
        duration: Duration,
    },
    /// The fetch or the parse failed. Nothing expires: a fault loses no
    /// postings.
    Failed {
        /// What went wrong, as shown in coverage.
        error: String,
        /// HTTP status, when the request got an answer.
        http_status: Option<u16>,
        /// How long the attempt took.
        duration: Duration,
    },
}

impl CrawlOutcome {
    /// Which kind of outcome this is.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            CrawlOutcome::Success { .. } => OutcomeKind::Success,
            CrawlOutcome::NotModified { .. } => OutcomeKind::NotModified,
            CrawlOutcome::Failed { .. } => OutcomeKind::Failed,
        }
    }

    /// How long the crawl took.
    pub fn duration(&self) -> Duration {
        match self {
            CrawlOutcome::Success { duration, .. }
            | CrawlOutcome::NotModified { duration, .. }
            | CrawlOutcome::Failed { duration, .. } => *duration,
        }
    }
}

/// What one recorded crawl changed, posting by posting.
///
/// After a success, every posting the crawl listed is in exactly one of
/// `new`, `changed`, `unchanged`, `reactivated`, `overdue` and `expired` (an
/// id it listed twice is also named in `duplicates`), and a posting the
/// source stopped listing is in `expired` or `unlisted`. After a 304 the
/// listed postings are `unchanged` (or `overdue`); after a failure the delta
/// is empty. The index upserts `new`, `changed` and `reactivated` and
/// deletes `expired`. Each list is sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CrawlDelta {
    /// How many distinct postings the source listed.
    pub found: usize,
    /// Seen for the first time, now active.
    pub new: Vec<PostingId>,
    /// Active before and after; content changed.
    pub changed: Vec<PostingId>,
    /// Active before and after; same content.
    pub unchanged: Vec<PostingId>,
    /// Expired before, listed again, active again (same id and first seen).
    pub reactivated: Vec<PostingId>,
    /// Listed, but past its `valid_through`, so not active; it was not
    /// active before this crawl either (the source shows an outdated posting).
    pub overdue: Vec<PostingId>,
    /// Active before, expired by this crawl: no source lists it any more, or
    /// the source lists it past its `valid_through`.
    pub expired: Vec<PostingId>,
    /// Listed by this source before and not now, but not expired by that:
    /// another source still lists it, or it had expired already.
    pub unlisted: Vec<PostingId>,
    /// Ids the crawl listed more than once; only the first was recorded.
    pub duplicates: Vec<PostingId>,
}

impl CrawlDelta {
    /// Sorts every list by id, so the delta does not depend on the order of
    /// the source's items, and names each repeated id once.
    pub(crate) fn normalise(&mut self) {
        for list in [
            &mut self.new,
            &mut self.changed,
            &mut self.unchanged,
            &mut self.reactivated,
            &mut self.overdue,
            &mut self.expired,
            &mut self.unlisted,
            &mut self.duplicates,
        ] {
            list.sort();
        }
        self.duplicates.dedup();
    }
}
