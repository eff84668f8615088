//! Crawling one source: the context a crawl runs in, what it returns, and
//! why it can fail.
//!
//! Sources that list postings and link to a detail page each (career
//! pages, HTML lists, sitemaps) keep a [`DetailCache`] between crawls:
//! [`crawl_source_with`] takes the cache of the previous successful crawl
//! and [`SourceResult::details`] returns the cache for the next one. A
//! detail page is fetched again only when it is new, when the list's view of
//! it changed (its list entry text, its sitemap `<lastmod>`), or when its
//! entry is older than [`DETAIL_MAX_AGE`]; the refetch is a conditional GET
//! with the page's stored validators, so an unchanged page costs a 304. The
//! cache is serde-serialisable so the state store can persist it with the
//! source's other crawl state.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobfeed_core::Posting;
use jobfeed_fetch::{FetchError, Fetcher, Validators};
use jobfeed_parse::{ParseContext, Warning};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::config::{Member, SourceConfig, SourceKind};

/// What a crawl of one source needs.
#[derive(Debug)]
pub struct CrawlContext<'a> {
    /// The polite, guarded HTTP client shared by all crawls.
    pub fetcher: &'a Fetcher,
    /// The member company the source belongs to.
    pub member: &'a Member,
    /// The source to crawl.
    pub source: &'a SourceConfig,
    /// Validators from the previous successful crawl (for conditional GET).
    pub validators: Option<Validators>,
    /// Postings found by the last successful crawl (`None`: never crawled
    /// successfully). Systems that answer an unknown tenant with an empty
    /// list are trusted with an empty board only after a crawl that found
    /// postings.
    pub previous_found: Option<u32>,
    /// The crawl time (relative dates such as "Posted 3 Days Ago" are read
    /// against it).
    pub now: DateTime<Utc>,
}

impl CrawlContext<'_> {
    /// Whether the last successful crawl of the source found postings, so
    /// that an empty board now means the openings are gone, not that the
    /// tenant is wrong.
    pub fn had_postings(&self) -> bool {
        self.previous_found.is_some_and(|n| n > 0)
    }

    /// The parse context for a document of this source fetched from `url`.
    pub fn parse_context(&self, url: &url::Url) -> ParseContext {
        ParseContext {
            base_url: Some(url.clone()),
            source_id: Some(self.source.id.clone()),
            company_id: Some(self.member.id.clone()),
            company_name: Some(self.member.name.clone()),
            ..ParseContext::default()
        }
    }
}

/// What a successful crawl of one source found.
#[derive(Debug, Default)]
pub struct SourceResult {
    /// Normalised postings, in source order.
    pub postings: Vec<Posting>,
    /// The number of open positions the source itself states, where it
    /// states one ("we hold X of the Y you publish").
    pub stated_count: Option<u32>,
    /// Problems with single items or pages that did not fail the source.
    pub warnings: Vec<Warning>,
    /// Validators of the source's main document, for the next conditional GET.
    pub validators: Option<Validators>,
    /// Whether the source answered 304 Not Modified (nothing changed).
    pub not_modified: bool,
    /// HTTP status of the main document.
    pub http_status: Option<u16>,
    /// How many HTTP requests the crawl made.
    pub requests: u32,
    /// How long the crawl took.
    pub elapsed: Duration,
    /// The detail pages read this crawl, for the next
    /// [`crawl_source_with`] of the same source (empty for sources without
    /// detail pages).
    pub details: DetailCache,
}

/// Entries older than this are revalidated (a conditional GET) even when the
/// list shows no change: lists do not show every change of a detail page.
pub const DETAIL_MAX_AGE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// What is known about the detail pages of one source: URL → what the list
/// said about it, its validators and the postings it held.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetailCache {
    entries: HashMap<String, DetailEntry>,
}

/// One detail page as last read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailEntry {
    /// What the list showed of the page (a hash of its list entry, or its
    /// sitemap `<lastmod>`), if anything.
    pub fingerprint: Option<String>,
    /// The page's `ETag`/`Last-Modified`, for a conditional refetch.
    pub validators: Option<Validators>,
    /// The postings read from the page.
    pub postings: Vec<Posting>,
    /// When the page was last fetched or revalidated.
    pub checked_at: DateTime<Utc>,
}

impl DetailCache {
    /// The entry for the page at `url`.
    pub fn get(&self, url: &str) -> Option<&DetailEntry> {
        self.entries.get(url)
    }

    /// Records the entry for the page at `url`.
    pub fn insert(&mut self, url: String, entry: DetailEntry) {
        self.entries.insert(url, entry);
    }

    /// How many pages are known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no page is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why a source could not be crawled. A failed source never expires its
/// postings.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Fetching a document failed (robots, SSRF guard, timeout, status, …).
    #[error("source {source_id}: {error}")]
    Fetch {
        /// The source.
        source_id: String,
        /// The fetch error, which names the URL.
        #[source]
        error: FetchError,
    },
    /// The document could not be read as the expected format.
    #[error("source {source_id}: cannot read {url}: {message}")]
    Parse {
        /// The source.
        source_id: String,
        /// The document.
        url: String,
        /// Why.
        message: String,
    },
    /// The ATS says the tenant does not exist (404, an error body, a
    /// redirect to a generic page), or answers with an empty list while its
    /// own count says otherwise.
    #[error(
        "source {source_id}: unknown tenant {tenant:?} at {url}: {reason}; check the tenant name in the member file"
    )]
    UnknownTenant {
        /// The source.
        source_id: String,
        /// The configured tenant.
        tenant: String,
        /// The URL that answered.
        url: String,
        /// What the ATS answered.
        reason: String,
    },
    /// The answer is not what the source kind promises (wrong shape, a
    /// count that contradicts the list, a broken paging contract).
    #[error("source {source_id}: unexpected answer from {url}: {reason}")]
    Unexpected {
        /// The source.
        source_id: String,
        /// The URL that answered.
        url: String,
        /// What was wrong.
        reason: String,
    },
}

impl SourceError {
    /// A short, stable code for metrics and coverage reports.
    pub fn kind(&self) -> &'static str {
        match self {
            SourceError::Fetch { error, .. } => error.kind(),
            SourceError::Parse { .. } => "parse",
            SourceError::UnknownTenant { .. } => "unknown_tenant",
            SourceError::Unexpected { .. } => "unexpected_answer",
        }
    }
}

/// Crawls one source with the adapter its kind names, fetching every detail
/// page afresh.
pub async fn crawl_source(ctx: &CrawlContext<'_>) -> Result<SourceResult, SourceError> {
    crawl_source_with(ctx, &DetailCache::default()).await
}

/// Crawls one source, reusing the detail pages of `previous` (the
/// [`SourceResult::details`] of its last successful crawl) that did not
/// change.
pub async fn crawl_source_with(
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
) -> Result<SourceResult, SourceError> {
    use crate::generic::{career_page, feed, html_list, sitemap};
    let started = std::time::Instant::now();
    let mut result = match &ctx.source.kind {
        SourceKind::Feed(source) => feed::crawl(source, ctx).await,
        SourceKind::CareerPage(page) => career_page::crawl(page, ctx, previous).await,
        SourceKind::HtmlList(list) => html_list::crawl(list, ctx, previous).await,
        SourceKind::Sitemap(map) => sitemap::crawl(map, ctx, previous).await,
        SourceKind::Ats(ats) => crate::ats::crawl(ats, ctx).await,
    }?;
    result.elapsed = started.elapsed();
    Ok(result)
}
