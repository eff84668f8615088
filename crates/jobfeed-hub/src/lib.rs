//! The hub of the jobfeed pipeline: the single writer of the SQLite state and
//! the tantivy index. Workers crawl ([`crawl`] turns a [`CrawlJob`] into a
//! [`CrawlReport`]); the hub ingests the reports ([`Hub::ingest`]): enrich,
//! merge duplicates across sources, record the crawl, update the index, match
//! campaigns, write delta files and metrics.
//!
//! | module | holds |
//! | --- | --- |
//! | [`config`] | [`HubConfig`] |
//! | [`job`] | [`CrawlJob`], [`CrawlReport`], [`ReportOutcome`], [`crawl`] |
//! | [`hub`] | [`Hub`]: open, accessors, crawl jobs, reindex, shutdown |
//! | `ingest` | [`Hub::ingest`]: enrich, merge, record, index, campaigns, deltas |
//! | `dedup` | ids across sources: the same job from two sources is one posting |
//! | `crawl_once` | [`Hub::crawl_once`]: every source once, bounded concurrency |
//! | `metrics` | the Prometheus metrics of the hub |
//! | [`summary`] | [`IngestSummary`], [`CrawlProgress`], [`CrawlSummary`] |
//! | [`error`] | [`HubError`] |

pub mod config;
mod crawl_once;
mod dedup;
pub mod error;
pub mod hub;
mod ingest;
pub mod job;
mod metrics;
pub mod summary;

pub use config::HubConfig;
pub use error::HubError;
pub use hub::Hub;
pub use job::{CrawlJob, CrawlReport, ReportOutcome, crawl};
pub use summary::{CrawlProgress, CrawlSummary, IngestSummary};
