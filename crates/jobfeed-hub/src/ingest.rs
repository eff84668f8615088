//! [`Hub::ingest`]: one crawl report into the state, the index, the
//! campaigns, the delta files and the metrics.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobfeed_campaigns::{
    CampaignLedger, DeltaKind, LeaveReason, MatchEvent, MatchEventKind, WebhookPayload,
};
use jobfeed_core::{Posting, PostingId};
use jobfeed_fetch::Validators;
use jobfeed_index::IndexError;
use jobfeed_sources::crawl::DetailCache;
use jobfeed_state::{CrawlDelta, CrawlOutcome, Source, SourceId, StateStore};

use crate::dedup::{Known, assign_ids};
use crate::hub::blocking;
use crate::metrics::ALARM_FAILURES;
use crate::{CrawlReport, Hub, HubError, IngestSummary, ReportOutcome};

impl Hub {
    /// Ingests one crawl report: enrich, merge duplicates across sources,
    /// record the crawl, update the index (batched commits), match
    /// campaigns and persist the ledger, hand new matches to webhooks
    /// (never blocking), append the daily delta files, update metrics, and
    /// keep the detail cache for the next crawl. A failed crawl expires
    /// nothing. Ingesting the same report twice changes nothing the second
    /// time.
    pub async fn ingest(&self, report: CrawlReport) -> Result<IngestSummary, HubError> {
        let source = self.source_of(&report)?;
        let now = report.finished_at;
        let duration = (report.finished_at - report.started_at)
            .to_std()
            .unwrap_or(Duration::ZERO);
        let kind = report.outcome.kind();
        let mut ledger = self.inner.ledger.lock().await;
        let previous = self.state().source_state(&source.id).await?;
        let previous_found = previous.as_ref().and_then(|s| s.found).unwrap_or(0);
        let (outcome, details) = self.outcome(&source, report.outcome, duration).await?;
        let delta = self.state().record_crawl(&source, outcome, now).await?;
        if let Some(details) = details {
            self.state()
                .save_detail_cache(&source.id, &details, now)
                .await?;
        }
        let summary = self.apply_delta(&delta, now, &mut ledger).await?;
        drop(ledger);
        self.inner.metrics.crawl(kind, duration);
        self.update_alarm(&source.id, kind, delta.found, previous_found)
            .await?;
        self.refresh_gauges().await?;
        Ok(summary)
    }

    /// The configured source a report is about.
    fn source_of(&self, report: &CrawlReport) -> Result<Source, HubError> {
        let configured = self
            .member(&report.company_id)
            .is_some_and(|m| m.sources.iter().any(|s| s.id == report.source_id));
        if !configured {
            return Err(HubError::UnknownSource {
                company_id: report.company_id.to_string(),
                source_id: report.source_id.clone(),
            });
        }
        Ok(Source {
            id: SourceId::new(&report.source_id),
            company_id: report.company_id.clone(),
        })
    }

    /// The state's outcome for a report (postings enriched and given their
    /// merged ids) and the detail cache to keep.
    async fn outcome(
        &self,
        source: &Source,
        outcome: ReportOutcome,
        duration: Duration,
    ) -> Result<(CrawlOutcome, Option<DetailCache>), HubError> {
        Ok(match outcome {
            ReportOutcome::Success {
                postings,
                stated_count,
                validators,
                http_status,
                details,
                ..
            } => {
                let postings = self.prepare(source, postings).await?;
                let Validators {
                    etag,
                    last_modified,
                } = validators.unwrap_or_default();
                let outcome = CrawlOutcome::Success {
                    postings,
                    stated_count,
                    etag,
                    last_modified,
                    http_status,
                    duration,
                };
                (outcome, Some(details))
            }
            ReportOutcome::NotModified { validators } => {
                let Validators {
                    etag,
                    last_modified,
                } = validators.unwrap_or_default();
                let outcome = CrawlOutcome::NotModified {
                    etag,
                    last_modified,
                    duration,
                };
                (outcome, None)
            }
            ReportOutcome::Failed {
                kind,
                error,
                http_status,
            } => {
                let outcome = CrawlOutcome::Failed {
                    error: format!("{kind}: {error}"),
                    http_status,
                    duration,
                };
                (outcome, None)
            }
        })
    }

    /// Enriches a source's postings and gives them their ids across
    /// sources.
    async fn prepare(
        &self,
        source: &Source,
        postings: Vec<Posting>,
    ) -> Result<Vec<Posting>, HubError> {
        let enricher = Arc::clone(&self.inner.enricher);
        let mut postings = blocking(move || {
            let mut postings = postings;
            postings.iter_mut().for_each(|p| enricher.enrich(p));
            postings
        })
        .await?;
        let own = source.id.as_str();
        let others = self
            .state()
            .company_postings(&source.company_id)
            .await?
            .into_iter()
            .filter(|s| {
                s.posting
                    .sources
                    .iter()
                    .any(|r| r.source_id.as_deref().is_some_and(|id| id != own))
            })
            .collect();
        let known = Known {
            listings: self.state().source_postings(&source.id).await?,
            others,
        };
        let merged = assign_ids(&mut postings, own, &known);
        if merged > 0 {
            tracing::debug!(source = own, merged, "postings merged with other sources");
        }
        Ok(postings)
    }
}

impl Hub {
    /// Brings the index, the campaigns and the delta files in line with
    /// what one crawl changed in the state.
    pub(crate) async fn apply_delta(
        &self,
        delta: &CrawlDelta,
        now: DateTime<Utc>,
        ledger: &mut CampaignLedger,
    ) -> Result<IngestSummary, HubError> {
        let fresh: HashSet<&PostingId> = delta
            .new
            .iter()
            .chain(&delta.changed)
            .chain(&delta.reactivated)
            .collect();
        // Unchanged and unlisted postings are offered too: their sources may
        // have changed (another source started or stopped listing them); the
        // index skips what it holds already.
        let listed = fresh
            .iter()
            .copied()
            .chain(&delta.unchanged)
            .chain(&delta.unlisted);
        let mut upserts = Vec::new();
        let mut events = Vec::new();
        let mut appeared = Vec::new();
        let mut entering = Vec::new();
        for id in listed {
            let Some(stored) = self.state().posting(id).await? else {
                continue;
            };
            if !stored.status.is_active() {
                continue;
            }
            if fresh.contains(id) {
                events.extend(ledger.observe(self.campaigns(), &stored.posting, now));
                entering.push(stored.posting.clone());
                if !delta.changed.contains(id) {
                    self.observe_freshness(&stored.posting, now);
                    appeared.push(stored.posting.clone());
                }
            }
            upserts.push(stored.posting);
        }
        let mut gone = Vec::new();
        for id in &delta.expired {
            events.extend(ledger.remove(id, LeaveReason::Expired, now));
            if let Some(stored) = self.state().posting(id).await? {
                gone.push(stored.posting);
            }
        }
        self.write_index(upserts, delta.expired.clone()).await?;
        let touched: Vec<PostingId> = events.iter().map(|e| e.posting_id.clone()).collect();
        save_ledger(self.state(), ledger, &touched).await?;
        self.notify(&events, &entering, now);
        if !appeared.is_empty() {
            self.append_delta(DeltaKind::New, now, &appeared)?;
        }
        if !gone.is_empty() {
            self.append_delta(DeltaKind::Expired, now, &gone)?;
        }
        Ok(IngestSummary {
            found: count(delta.found),
            new: count(delta.new.len() + delta.reactivated.len()),
            changed: count(delta.changed.len()),
            expired: count(delta.expired.len()),
            indexed: count(fresh.len()),
            campaign_events: count(events.len()),
        })
    }

    /// Queues changes for the index writer (off the executor: a full
    /// writer queue makes callers wait).
    pub(crate) async fn write_index(
        &self,
        upserts: Vec<Posting>,
        deletes: Vec<PostingId>,
    ) -> Result<(), HubError> {
        if upserts.is_empty() && deletes.is_empty() {
            return Ok(());
        }
        let index = Arc::clone(self.index());
        blocking(move || {
            upserts.into_iter().try_for_each(|p| index.upsert(p))?;
            deletes.into_iter().try_for_each(|id| index.delete(id))?;
            Ok::<_, IndexError>(())
        })
        .await??;
        self.inner.metrics.commits(self.index().stats());
        Ok(())
    }

    /// Hands the postings that entered a campaign with a webhook to the
    /// webhook sender, one delivery per campaign; never waits.
    fn notify(&self, events: &[MatchEvent], fresh: &[Posting], now: DateTime<Utc>) {
        let Some(sender) = &self.inner.webhooks else {
            return;
        };
        let mut entered: BTreeMap<&str, Vec<&PostingId>> = BTreeMap::new();
        for event in events.iter().filter(|e| e.kind == MatchEventKind::Entered) {
            entered
                .entry(event.campaign.as_str())
                .or_default()
                .push(&event.posting_id);
        }
        for campaign in self.campaigns() {
            let (Some(url), Some(ids)) = (&campaign.webhook, entered.get(campaign.name.as_str()))
            else {
                continue;
            };
            // A posting enters only when it is new, changed or back.
            let postings: Vec<Posting> = fresh
                .iter()
                .filter(|p| ids.contains(&&p.id))
                .cloned()
                .collect();
            if postings.is_empty() {
                continue;
            }
            let payload = WebhookPayload {
                campaign: campaign.name.clone(),
                matched_at: now,
                postings,
            };
            sender.send(url.clone(), payload);
        }
    }

    /// Observes how long a posting took from appearing to being indexed.
    fn observe_freshness(&self, posting: &Posting, now: DateTime<Utc>) {
        let appeared = posting
            .date_posted
            .map(|d| d.to_utc())
            .or(posting.first_seen.map(|d| d.to_utc()));
        if let Some(lag) = appeared.and_then(|a| (now - a).to_std().ok()) {
            self.inner.metrics.freshness(lag);
        }
    }

    /// Raises or clears a source's alarm: failing [`ALARM_FAILURES`] crawls
    /// in a row, or listing 0 postings after having some.
    async fn update_alarm(
        &self,
        source: &SourceId,
        kind: &str,
        found: usize,
        previous_found: u64,
    ) -> Result<(), HubError> {
        let was = self.inner.metrics.is_alarmed(source.as_str());
        let alarmed = match kind {
            "failed" => self
                .state()
                .source_state(source)
                .await?
                .is_some_and(|s| s.consecutive_failures >= ALARM_FAILURES),
            "success" if found == 0 => previous_found > 0 || was,
            "success" => false,
            _ => was && previous_found == 0,
        };
        self.inner.metrics.alarm(source.as_str(), alarmed);
        Ok(())
    }
}

/// Persists the ledger records of the postings whose matches changed.
pub(crate) async fn save_ledger(
    state: &StateStore,
    ledger: &CampaignLedger,
    touched: &[PostingId],
) -> Result<(), HubError> {
    if touched.is_empty() {
        return Ok(());
    }
    let touched: HashSet<&PostingId> = touched.iter().collect();
    let records: Vec<_> = ledger
        .records()
        .filter(|m| touched.contains(&m.posting_id))
        .cloned()
        .collect();
    state.save_matches(&records).await?;
    Ok(())
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
