//! What the store reads and writes: [`SourceId`], [`Source`],
//! [`PostingStatus`], [`StoredPosting`], [`SourceState`], [`SourceListing`],
//! [`CrawlRecord`] and [`OutcomeKind`].

use std::fmt;

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, Posting, PostingId};
use serde::{Deserialize, Serialize};

/// The id of a configured source (`feeds/members/*.toml`), the same text as
/// `SourceRef::source_id` in a posting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(String);

impl SourceId {
    /// Wraps a source id.
    pub fn new(id: impl Into<String>) -> Self {
        SourceId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A source as the store needs it: its id and the member company it belongs
/// to (the company of its postings when they do not name one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The source id.
    pub id: SourceId,
    /// The member company that configured it.
    pub company_id: CompanyId,
}

/// Whether a posting is in search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PostingStatus {
    /// Listed by the latest successful crawl of one of its sources, and its
    /// `valid_through` has not passed.
    Active,
    /// Out of search, kept in history.
    Expired {
        /// Why, for example `no longer listed by acme-careers` or
        /// `valid_through passed`.
        reason: String,
        /// When it expired.
        at: DateTime<Utc>,
    },
}

impl PostingStatus {
    /// Whether the posting belongs in search.
    pub fn is_active(&self) -> bool {
        matches!(self, PostingStatus::Active)
    }
}

/// A posting as the state holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPosting {
    /// The posting, with `first_seen`, `last_seen` and `sources` filled from
    /// the state.
    pub posting: Posting,
    /// Active or expired, and why.
    pub status: PostingStatus,
    /// SHA-256 (hex) of the posting JSON without `first_seen`, `last_seen`
    /// and `sources`: equal hashes mean nothing the index shows changed.
    pub content_hash: String,
    /// The last time its content, status or sources changed (not bumped by
    /// a crawl that merely saw it again).
    pub changed_at: DateTime<Utc>,
}

/// How a crawl ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The source answered and was parsed.
    Success,
    /// The source answered 304 Not Modified.
    NotModified,
    /// The fetch or the parse failed.
    Failed,
}

impl OutcomeKind {
    /// The name stored in the database and shown in coverage.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Success => "success",
            OutcomeKind::NotModified => "not_modified",
            OutcomeKind::Failed => "failed",
        }
    }

    /// Reads a stored name back.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "success" => Some(OutcomeKind::Success),
            "not_modified" => Some(OutcomeKind::NotModified),
            "failed" => Some(OutcomeKind::Failed),
            _ => None,
        }
    }
}

/// What the state knows about a source: conditional-GET validators and how
/// its last crawl went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceState {
    /// The source id.
    pub source_id: SourceId,
    /// The member company it belongs to.
    pub company_id: CompanyId,
    /// ETag of the last successful answer, for `If-None-Match`.
    pub etag: Option<String>,
    /// Last-Modified of the last successful answer, for `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When it was last crawled, whatever the outcome.
    pub last_crawl_at: Option<DateTime<Utc>>,
    /// When it was last crawled successfully (including 304).
    pub last_success_at: Option<DateTime<Utc>>,
    /// How the last crawl ended.
    pub last_outcome: Option<OutcomeKind>,
    /// HTTP status of the last crawl, when it got that far.
    pub http_status: Option<u16>,
    /// Error of the last crawl, when it failed.
    pub error: Option<String>,
    /// How long the last crawl took, in milliseconds.
    pub duration_ms: Option<u64>,
    /// How many postings the source lists now.
    pub found: Option<u64>,
    /// How many postings the source says it has, where it says so.
    pub stated_count: Option<u64>,
    /// Failed crawls since the last successful one.
    pub consecutive_failures: u64,
}

/// A posting as one source lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceListing {
    /// The posting.
    pub posting_id: PostingId,
    /// The source's own id of the posting, where it has one.
    pub native_id: Option<String>,
    /// Where the source lists it.
    pub url: Option<String>,
    /// The first crawl of this source that listed it (since it last stopped
    /// listing it).
    pub first_listed_at: DateTime<Utc>,
    /// The latest crawl of this source that listed it.
    pub last_listed_at: DateTime<Utc>,
}

/// One crawl of a source, as kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrawlRecord {
    /// Row id: crawls of a source are numbered in the order they were recorded.
    pub id: i64,
    /// The source.
    pub source_id: SourceId,
    /// When the crawl started (its end minus its duration).
    pub started_at: DateTime<Utc>,
    /// When it was recorded.
    pub finished_at: DateTime<Utc>,
    /// How it ended.
    pub outcome: OutcomeKind,
    /// HTTP status, when it got that far.
    pub http_status: Option<u16>,
    /// The error, when it failed.
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// Postings the source listed.
    pub found: u64,
    /// Postings seen for the first time.
    pub new: u64,
    /// Postings whose content changed.
    pub changed: u64,
    /// Expired postings that came back.
    pub reactivated: u64,
    /// Postings that expired because of this crawl.
    pub expired: u64,
}
