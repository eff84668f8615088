//! Recording crawls: [`StateStore::record_crawl`] and
//! [`StateStore::remove_source`].

use chrono::{DateTime, Utc};
use jobfeed_core::PostingId;

use crate::writer::{CrawlFacts, Writer};
use crate::{CrawlDelta, CrawlOutcome, Source, SourceId, StateError, StateStore};

impl StateStore {
    /// Records one crawl of `source` that ended at `now`, in one transaction.
    ///
    /// - `Success`: every listed posting is inserted (first seen now) or
    ///   updated (last seen now; content compared by hash); an expired one
    ///   that comes back keeps its id and first seen and is active again; a
    ///   posting this source listed before and not now loses this source and
    ///   expires (`no longer listed by <source>`) when no other source lists
    ///   it. A listed posting past its `valid_through` is not active.
    /// - `NotModified`: everything the source listed stays listed, seen now.
    /// - `Failed`: nothing expires; the source's failure count goes up.
    ///
    /// The source's validators, outcome and counts are updated and the crawl
    /// is appended to its history.
    pub async fn record_crawl(
        &self,
        source: &Source,
        outcome: CrawlOutcome,
        now: DateTime<Utc>,
    ) -> Result<CrawlDelta, StateError> {
        let mut writer = Writer::begin(&self.db, &source.id, now, "record a crawl").await?;
        writer.ensure_source(&source.company_id).await?;
        let mut facts = CrawlFacts {
            outcome: outcome.kind(),
            http_status: None,
            error: None,
            duration: outcome.duration(),
            found: 0,
        };
        let delta = match outcome {
            CrawlOutcome::Success {
                postings,
                stated_count,
                etag,
                last_modified,
                http_status,
                ..
            } => {
                facts.http_status = http_status;
                let delta = writer.apply_listing(postings, &source.company_id).await?;
                facts.found = delta.found;
                writer
                    .source_succeeded(etag, last_modified, &facts, stated_count)
                    .await?;
                delta
            }
            CrawlOutcome::NotModified {
                etag,
                last_modified,
                ..
            } => {
                facts.http_status = Some(304);
                let delta = writer.apply_not_modified().await?;
                facts.found = delta.found;
                writer
                    .source_not_modified(etag, last_modified, &facts)
                    .await?;
                delta
            }
            CrawlOutcome::Failed {
                error, http_status, ..
            } => {
                facts.http_status = http_status;
                facts.error = Some(error);
                writer.source_failed(&facts).await?;
                CrawlDelta::default()
            }
        };
        writer.log_crawl(&facts, &delta).await?;
        writer.commit().await?;
        Ok(delta)
    }

    /// Forgets a source that was removed from the configuration: its
    /// listings, its crawl history and its row. Postings that no other source
    /// lists expire (`source <id> removed`); their ids are returned, sorted.
    ///
    /// Without this, a source that is never crawled again would keep its
    /// postings active forever (only a successful crawl delists).
    pub async fn remove_source(
        &self,
        source_id: &SourceId,
        now: DateTime<Utc>,
    ) -> Result<Vec<PostingId>, StateError> {
        let mut writer = Writer::begin(&self.db, source_id, now, "remove a source").await?;
        let reason = format!("source {source_id} removed");
        let mut expired = Vec::new();
        for id in writer.listed_ids().await? {
            if writer.delist(&id, &reason).await? {
                expired.push(id);
            }
        }
        writer.delete_source().await?;
        writer.commit().await?;
        Ok(expired)
    }
}
