//! The state of the jobfeed pipeline, in one SQLite file under the data
//! directory: crawl state per source, posting history and expiry.
//!
//! [`StateStore::open`] opens it (creating it, running the versioned
//! migrations in `migrations/`); [`StateStore::record_crawl`] records one
//! crawl of one source in one transaction and says what changed
//! ([`CrawlDelta`]); [`StateStore::expire_overdue`] expires postings past
//! their `valid_through`; the read methods serve the index (which can always
//! be rebuilt from here), the API and coverage.
//!
//! # Expiry rule
//!
//! A posting is active while the latest successful crawl of one of its
//! sources lists it and its `valid_through` has not passed. A failed crawl
//! expires nothing; a 304 keeps everything listed. Expired postings leave
//! search but stay here until [`StateStore::purge_expired_before`]; one that
//! comes back keeps its id and first-seen date.
//!
//! # Tables
//!
//! Timestamps are UTC text of one fixed width (`2026-05-04T12:00:00.000000000Z`),
//! so text order is time order.
//!
//! - `sources` — one row per source, created by its first recorded crawl:
//!   `source_id` (key), `company_id`, `etag` and `last_modified` (validators
//!   of the last successful answer, for conditional GET), `last_crawl_at`,
//!   `last_success_at` (a 304 counts), `last_outcome`
//!   (`success`/`not_modified`/`failed`), `http_status`, `error`,
//!   `duration_ms`, `found` (postings listed now), `stated_count` (what the
//!   source says it has), `consecutive_failures`.
//! - `postings` — one row per posting ever seen: `id` (key), `company_id`,
//!   `content_hash` (SHA-256 of the posting JSON without `first_seen`,
//!   `last_seen` and `sources`), `posting_json` (the full posting with its
//!   current sources; `first_seen`/`last_seen` are filled from their
//!   columns on read), `status` (`active`/`expired`), `expired_reason` and
//!   `expired_at` (set exactly when expired), `first_seen`, `last_seen`,
//!   `valid_through`, `changed_at` (last change of content, status or
//!   sources: what an index follows).
//! - `posting_sources` — which source lists which posting now: `source_id`,
//!   `posting_id` (key together), `native_id`, `url`, `first_listed_at`,
//!   `last_listed_at`. A row goes when the source's successful crawl stops
//!   listing the posting.
//! - `crawls` — the crawl history: `id`, `source_id`, `started_at`,
//!   `finished_at`, `outcome`, `http_status`, `error`, `duration_ms`, and the
//!   counts `found`, `new`, `changed`, `reactivated`, `expired`.
//!
//! - `campaign_matches` — one stay of one posting in one campaign
//!   (`campaign`, `posting_id`, `entered_at` as key; `left_at`, `reason`,
//!   `changed_at`, `content_hash`), the layout of `jobfeed_campaigns::changes`:
//!   [`StateStore::save_matches`], [`StateStore::campaign_matches`].
//! - `source_details` — the detail-page cache of a source's last successful
//!   crawl as JSON: [`StateStore::save_detail_cache`],
//!   [`StateStore::detail_cache`].
//!
//! Migrations are tracked in `_jobfeed_state_migrations`, apart from the
//! apalis queue's `_sqlx_migrations`, so both may share a file.

mod crawl;
mod db;
mod error;
mod expiry;
mod hubdata;
mod outcome;
mod postings;
mod read;
mod stamp;
mod store;
mod types;
mod writer;

pub use error::StateError;
pub use outcome::{CrawlDelta, CrawlOutcome};
pub use store::StateStore;
pub use types::{
    CrawlRecord, OutcomeKind, PostingStatus, Source, SourceId, SourceListing, SourceState,
    StoredPosting,
};
