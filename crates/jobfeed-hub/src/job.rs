//! The worker side: a [`CrawlJob`] is everything needed to crawl one source
//! (it travels through a queue, so a worker needs no member files), and
//! [`crawl`] turns it into a [`CrawlReport`] without touching the state.

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, Posting};
use jobfeed_fetch::{FetchError, Fetcher, Validators};
use jobfeed_sources::config::{Member, SourceConfig, SourceKind};
use jobfeed_sources::crawl::{CrawlContext, DetailCache, SourceError, crawl_source_with};
use serde::{Deserialize, Serialize};

/// What a worker needs to crawl one source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlJob {
    /// The member company, with its sources.
    pub member: Member,
    /// The source to crawl (one of `member.sources`).
    pub source_id: String,
    /// Validators of the last successful crawl, for a conditional GET.
    pub validators: Option<Validators>,
    /// The detail pages read by the last successful crawl.
    pub details: DetailCache,
    /// Postings found by the last successful crawl.
    pub previous_found: Option<u32>,
    /// When the job was made.
    pub enqueued_at: DateTime<Utc>,
}

impl CrawlJob {
    /// The company the source belongs to.
    pub fn company_id(&self) -> &CompanyId {
        &self.member.id
    }

    /// The configured source this job crawls, if the member has it.
    pub fn source(&self) -> Option<&SourceConfig> {
        self.member.sources.iter().find(|s| s.id == self.source_id)
    }

    /// The host the source is fetched from, for per-host politeness;
    /// `None` for an ATS at its public default host (known only to its
    /// adapter) or an unknown source.
    pub fn host(&self) -> Option<String> {
        let url = match &self.source()?.kind {
            SourceKind::Feed(feed) => &feed.url,
            SourceKind::CareerPage(page) => &page.url,
            SourceKind::HtmlList(list) => &list.url,
            SourceKind::Sitemap(map) => &map.url,
            SourceKind::Ats(ats) => ats.base_url.as_ref()?,
        };
        url.host_str().map(str::to_owned)
    }
}

/// What a crawl of one source came to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlReport {
    /// The company.
    pub company_id: CompanyId,
    /// The source.
    pub source_id: String,
    /// When the crawl started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// What it found.
    pub outcome: ReportOutcome,
}

/// The outcome of one crawl.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ReportOutcome {
    /// The source answered and was read.
    Success {
        /// Normalised postings, in source order (not yet enriched).
        postings: Vec<Posting>,
        /// The count of open positions the source states, if any.
        stated_count: Option<u32>,
        /// Validators for the next conditional GET.
        validators: Option<Validators>,
        /// HTTP status of the main document.
        http_status: Option<u16>,
        /// HTTP requests made.
        requests: u32,
        /// Problems with single items that did not fail the source.
        warnings: Vec<String>,
        /// The detail pages read, for the next crawl.
        details: DetailCache,
    },
    /// The source answered 304 Not Modified.
    NotModified {
        /// Validators for the next conditional GET.
        validators: Option<Validators>,
    },
    /// The source could not be crawled; nothing expires.
    Failed {
        /// A short, stable code (`robots`, `timeout`, `unknown_tenant`, …).
        kind: String,
        /// The error in words.
        error: String,
        /// HTTP status, where one was received.
        http_status: Option<u16>,
    },
}

impl ReportOutcome {
    /// `ok`, `not_modified` or `failed: reason`, as shown in progress.
    pub fn label(&self) -> String {
        match self {
            ReportOutcome::Success { .. } => "ok".to_owned(),
            ReportOutcome::NotModified { .. } => "not_modified".to_owned(),
            ReportOutcome::Failed { error, .. } => format!("failed: {error}"),
        }
    }

    /// The metric label: `success`, `not_modified` or `failed`.
    pub fn kind(&self) -> &'static str {
        match self {
            ReportOutcome::Success { .. } => "success",
            ReportOutcome::NotModified { .. } => "not_modified",
            ReportOutcome::Failed { .. } => "failed",
        }
    }
}

/// Fetches and parses one source. Never fails: a failure is in the report.
pub async fn crawl(fetcher: &Fetcher, job: &CrawlJob) -> CrawlReport {
    let started_at = Utc::now();
    let outcome = match job.source() {
        Some(source) => crawl_source_of(fetcher, job, source, started_at).await,
        None => ReportOutcome::Failed {
            kind: "unknown_source".to_owned(),
            error: format!(
                "source {} is not among the sources of company {}; check the member file",
                job.source_id, job.member.id
            ),
            http_status: None,
        },
    };
    CrawlReport {
        company_id: job.member.id.clone(),
        source_id: job.source_id.clone(),
        started_at,
        finished_at: Utc::now(),
        outcome,
    }
}

async fn crawl_source_of(
    fetcher: &Fetcher,
    job: &CrawlJob,
    source: &SourceConfig,
    now: DateTime<Utc>,
) -> ReportOutcome {
    let ctx = CrawlContext {
        fetcher,
        member: &job.member,
        source,
        validators: job.validators.clone(),
        previous_found: job.previous_found,
        now,
    };
    match crawl_source_with(&ctx, &job.details).await {
        Ok(result) if result.not_modified => ReportOutcome::NotModified {
            validators: result.validators,
        },
        Ok(result) => ReportOutcome::Success {
            postings: result.postings,
            stated_count: result.stated_count,
            validators: result.validators,
            http_status: result.http_status,
            requests: result.requests,
            warnings: result.warnings.iter().map(ToString::to_string).collect(),
            details: result.details,
        },
        Err(error) => ReportOutcome::Failed {
            kind: error.kind().to_owned(),
            http_status: http_status(&error),
            error: error.to_string(),
        },
    }
}

/// The HTTP status a failed crawl received, where it got one.
fn http_status(error: &SourceError) -> Option<u16> {
    match error {
        SourceError::Fetch {
            error: FetchError::HttpStatus { status, .. } | FetchError::BotChallenge { status, .. },
            ..
        } => Some(*status),
        _ => None,
    }
}
