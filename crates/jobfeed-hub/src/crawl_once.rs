//! [`Hub::crawl_once`]: every source (or one company's) crawled once
//! in-process with bounded concurrency, each report ingested as it comes.

use std::time::Instant;

use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream;
use jobfeed_core::CompanyId;
use jobfeed_fetch::Fetcher;

use crate::{CrawlProgress, CrawlSummary, Hub, HubError, ReportOutcome, crawl};

/// Sources crawled at once; the fetcher keeps per-host politeness on top.
const CONCURRENCY: usize = 8;

impl Hub {
    /// Crawls every source (or one company's) once in-process, with bounded
    /// concurrency, calling `progress` after each source; expires postings
    /// past their deadline and commits the index at the end.
    pub async fn crawl_once(
        &self,
        fetcher: &Fetcher,
        only: Option<&CompanyId>,
        progress: &(dyn Fn(&CrawlProgress) + Send + Sync),
    ) -> Result<CrawlSummary, HubError> {
        let started = Instant::now();
        let sources: Vec<(CompanyId, String)> = self
            .sources()
            .into_iter()
            .filter(|(company, _)| only.is_none_or(|o| o == company))
            .collect();
        let total = sources.len();
        let mut summary = CrawlSummary {
            sources: total,
            ..CrawlSummary::default()
        };
        // Each crawl runs as its own task: the loop below pauses polling
        // while it ingests, and a crawl future paused in the middle of a
        // state query would hold a pooled connection that ingest then
        // waits for (a pool timeout under load).
        let mut reports = stream::iter(sources)
            .map(|(company, source)| {
                let (hub, fetcher) = (self.clone(), fetcher.clone());
                tokio::spawn(async move {
                    let job = hub.crawl_job(&company, &source).await?;
                    Ok::<_, HubError>(crawl(&fetcher, &job).await)
                })
            })
            .buffer_unordered(CONCURRENCY);
        let mut done = 0;
        while let Some(report) = reports.next().await {
            let report = report.map_err(HubError::task)??;
            done += 1;
            match &report.outcome {
                ReportOutcome::Success { .. } => summary.succeeded += 1,
                ReportOutcome::NotModified { .. } => summary.not_modified += 1,
                ReportOutcome::Failed { .. } => summary.failed += 1,
            }
            let update = CrawlProgress {
                done,
                total,
                company_id: report.company_id.clone(),
                source_id: report.source_id.clone(),
                outcome: report.outcome.label(),
            };
            self.ingest(report).await?;
            progress(&update);
        }
        self.expire_overdue(Utc::now()).await?;
        self.commit().await?;
        self.refresh_gauges().await?;
        summary.postings_active = self.state().posting_counts().await?.0;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }
}
