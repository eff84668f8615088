//! What both kinds of worker share: crawling one job with its duration
//! measured, and the message that tells the scheduler a source is done.

use std::time::Instant;

use jobfeed_fetch::Fetcher;
use jobfeed_hub::{CrawlJob, CrawlReport, ReportOutcome};

use crate::metrics::WorkerMetrics;
use crate::schedule::{Outcome, SourceKey};

/// A source's job ended (reported to the scheduler).
#[derive(Debug, Clone)]
pub(crate) struct Done {
    /// Which source.
    pub(crate) key: SourceKey,
    /// How it went.
    pub(crate) outcome: Outcome,
}

/// The scheduler's key of a job.
pub(crate) fn job_key(job: &CrawlJob) -> SourceKey {
    SourceKey {
        company: job.company_id().clone(),
        source_id: job.source_id.clone(),
    }
}

/// The scheduler's key of a report.
pub(crate) fn report_key(report: &CrawlReport) -> SourceKey {
    SourceKey {
        company: report.company_id.clone(),
        source_id: report.source_id.clone(),
    }
}

/// Whether the report counts as a success for scheduling.
pub(crate) fn outcome(report: &CrawlReport) -> Outcome {
    match report.outcome {
        ReportOutcome::Failed { .. } => Outcome::Failed,
        ReportOutcome::Success { .. } | ReportOutcome::NotModified { .. } => Outcome::Succeeded,
    }
}

/// Crawls one job and records how long it took in `jobfeed_fetch_seconds`.
pub(crate) async fn crawl_measured(
    fetcher: &Fetcher,
    job: &CrawlJob,
    metrics: &WorkerMetrics,
) -> CrawlReport {
    let started = Instant::now();
    let report = jobfeed_hub::crawl(fetcher, job).await;
    let label = match report.outcome {
        ReportOutcome::Success { .. } => "ok",
        ReportOutcome::NotModified { .. } => "not_modified",
        ReportOutcome::Failed { .. } => "failed",
    };
    metrics.observe_fetch(label, started.elapsed());
    tracing::debug!(company = %job.company_id().as_str(), source = %job.source_id, outcome = label, "crawled");
    report
}
