//! [`Hub`]: the single writer of the state and the index. Opening,
//! accessors, crawl jobs, reindex, deadline expiry and shutdown live here;
//! ingest and crawl rounds in their own modules.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobfeed_campaigns::{
    Campaign, CampaignLedger, DeltaKind, LeaveReason, WebhookConfig, WebhookSender, append_delta,
};
use jobfeed_core::{CompanyId, Posting, PostingId};
use jobfeed_enrich::Enricher;
use jobfeed_fetch::Validators;
use jobfeed_index::PostingIndex;
use jobfeed_sources::config::Member;
use jobfeed_sources::crawl::DetailCache;
use jobfeed_state::{SourceId, StateStore};
use prometheus_client::registry::Registry;
use tokio::sync::Mutex;

use crate::metrics::Metrics;
use crate::{CrawlJob, HubConfig, HubError};

/// Postings read from the state per page when rebuilding the index.
const REBUILD_PAGE: u32 = 1000;

/// The hub: owns the state and the index; cheap to clone.
#[derive(Clone, Debug)]
pub struct Hub {
    pub(crate) inner: Arc<Inner>,
}

/// What every clone of a hub shares.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) config: HubConfig,
    pub(crate) state: StateStore,
    pub(crate) index: Arc<PostingIndex>,
    pub(crate) enricher: Arc<Enricher>,
    /// The campaign ledger; its lock also serialises ingests, so duplicate
    /// detection always reads what the previous ingest wrote.
    pub(crate) ledger: Mutex<CampaignLedger>,
    pub(crate) webhooks: Option<WebhookSender>,
    pub(crate) metrics: Metrics,
}

impl Hub {
    /// Opens state (`data_dir/state.sqlite`) and index (`data_dir/index`),
    /// rebuilding the index from the state when its schema version changed;
    /// expires postings past their deadline; registers the hub's metrics in
    /// `registry`.
    pub async fn open(config: HubConfig, registry: &mut Registry) -> Result<Hub, HubError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|error| HubError::Io {
            path: config.data_dir.clone(),
            error,
        })?;
        let state = StateStore::open(config.data_dir.join("state.sqlite")).await?;
        let index_dir = config.data_dir.join("index");
        let settings = config.index_settings.clone();
        let index = blocking(move || PostingIndex::open(&index_dir, settings)).await??;
        let enricher = Enricher::embedded(config.enrich.clone())?;
        let ledger = CampaignLedger::from_records(state.campaign_matches().await?);
        let webhooks = if config.campaigns.iter().any(|c| c.webhook.is_some()) {
            // The delivery task runs until the last sender is dropped.
            Some(WebhookSender::spawn(WebhookConfig::default())?.0)
        } else {
            None
        };
        let hub = Hub {
            inner: Arc::new(Inner {
                config,
                state,
                index: Arc::new(index),
                enricher: Arc::new(enricher),
                ledger: Mutex::new(ledger),
                webhooks,
                metrics: Metrics::register(registry),
            }),
        };
        if hub.index().needs_rebuild() {
            let count = hub.reindex().await?;
            tracing::info!(count, "index rebuilt from the state");
        }
        hub.expire_overdue(Utc::now()).await?;
        hub.commit().await?;
        hub.refresh_gauges().await?;
        Ok(hub)
    }

    /// The state store.
    pub fn state(&self) -> &StateStore {
        &self.inner.state
    }

    /// The search index.
    pub fn index(&self) -> &Arc<PostingIndex> {
        &self.inner.index
    }

    /// The configured member companies.
    pub fn members(&self) -> &[Member] {
        &self.inner.config.members
    }

    /// The member company `id`, if configured.
    pub fn member(&self, id: &CompanyId) -> Option<&Member> {
        self.members().iter().find(|m| &m.id == id)
    }

    /// The configured campaigns.
    pub fn campaigns(&self) -> &[Campaign] {
        &self.inner.config.campaigns
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.inner.config.data_dir
    }

    /// Where the daily delta files go.
    pub fn deltas_dir(&self) -> PathBuf {
        self.data_dir().join("deltas")
    }

    /// The self-contained job for one source: validators, detail cache and
    /// last found count from the state.
    pub async fn crawl_job(
        &self,
        company: &CompanyId,
        source_id: &str,
    ) -> Result<CrawlJob, HubError> {
        let unknown = || HubError::UnknownSource {
            company_id: company.to_string(),
            source_id: source_id.to_owned(),
        };
        let member = self.member(company).ok_or_else(unknown)?;
        if !member.sources.iter().any(|s| s.id == source_id) {
            return Err(unknown());
        }
        let id = SourceId::new(source_id);
        let known = self.state().source_state(&id).await?;
        let validators = known.as_ref().and_then(|s| {
            let v = Validators {
                etag: s.etag.clone(),
                last_modified: s.last_modified.clone(),
            };
            (!v.is_empty()).then_some(v)
        });
        let previous_found = known
            .as_ref()
            .filter(|s| s.last_success_at.is_some())
            .and_then(|s| s.found)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let details: Option<DetailCache> = self.state().detail_cache(&id).await?;
        Ok(CrawlJob {
            member: member.clone(),
            source_id: source_id.to_owned(),
            validators,
            details: details.unwrap_or_default(),
            previous_found,
            enqueued_at: Utc::now(),
        })
    }

    /// Every (company, source) pair of the configured members.
    pub fn sources(&self) -> Vec<(CompanyId, String)> {
        self.members()
            .iter()
            .flat_map(|m| m.sources.iter().map(|s| (m.id.clone(), s.id.clone())))
            .collect()
    }

    /// Rebuilds the index from the state (`jobfeed reindex`); returns the
    /// documents indexed. Searches see the old index until it is done.
    pub async fn reindex(&self) -> Result<u64, HubError> {
        // Pages flow from the state to the writer through a small channel,
        // so memory stays bounded however many postings there are.
        let (pages, receiver) = std::sync::mpsc::sync_channel::<Vec<Posting>>(4);
        let index = Arc::clone(self.index());
        let rebuild =
            tokio::task::spawn_blocking(move || index.rebuild(receiver.into_iter().flatten()));
        let mut after: Option<PostingId> = None;
        loop {
            let page = self
                .state()
                .active_postings(after.as_ref(), REBUILD_PAGE)
                .await?;
            let Some(last) = page.last() else { break };
            after = Some(last.posting.id.clone());
            let postings = page.into_iter().map(|p| p.posting).collect();
            if pages.send(postings).is_err() {
                // The rebuild stopped early; its error is reported below.
                break;
            }
        }
        drop(pages);
        let count = rebuild.await.map_err(HubError::task)??;
        self.inner.metrics.commits(self.index().stats());
        Ok(count)
    }

    /// The campaign ledger as persisted in the state.
    pub async fn ledger(&self) -> Result<CampaignLedger, HubError> {
        Ok(CampaignLedger::from_records(
            self.state().campaign_matches().await?,
        ))
    }

    /// Commits the index and closes the state (graceful shutdown).
    pub async fn shutdown(&self) -> Result<(), HubError> {
        let _ingests = self.inner.ledger.lock().await;
        self.commit().await?;
        self.state().close().await;
        Ok(())
    }

    /// Commits what the index writer holds and waits until searches see it.
    pub(crate) async fn commit(&self) -> Result<(), HubError> {
        let index = Arc::clone(self.index());
        blocking(move || index.commit_now()).await??;
        self.inner.metrics.commits(self.index().stats());
        Ok(())
    }

    /// Expires postings past their `valid_through` at `now`: out of the
    /// index, out of campaigns, into the day's expired delta file.
    pub(crate) async fn expire_overdue(&self, now: DateTime<Utc>) -> Result<usize, HubError> {
        let mut ledger = self.inner.ledger.lock().await;
        let ids = self.state().expire_overdue(now).await?;
        let mut gone = Vec::with_capacity(ids.len());
        let mut touched = Vec::new();
        self.write_index(Vec::new(), ids.clone()).await?;
        for id in &ids {
            if !ledger.remove(id, LeaveReason::Expired, now).is_empty() {
                touched.push(id.clone());
            }
            if let Some(stored) = self.state().posting(id).await? {
                gone.push(stored.posting);
            }
        }
        crate::ingest::save_ledger(self.state(), &ledger, &touched).await?;
        if !gone.is_empty() {
            self.append_delta(DeltaKind::Expired, now, &gone)?;
        }
        Ok(ids.len())
    }

    /// Appends postings to the day's delta file.
    pub(crate) fn append_delta(
        &self,
        kind: DeltaKind,
        now: DateTime<Utc>,
        postings: &[Posting],
    ) -> Result<(), HubError> {
        let dir = self.deltas_dir();
        append_delta(&dir, kind, now.date_naive(), postings)
            .map(drop)
            .map_err(|error| HubError::Io { path: dir, error })
    }

    /// Sets the posting gauges from the state.
    pub(crate) async fn refresh_gauges(&self) -> Result<(), HubError> {
        let (active, expired) = self.state().posting_counts().await?;
        self.inner.metrics.postings(active, expired);
        Ok(())
    }
}

/// Runs blocking work (index writes and commits) off the async executor.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HubError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(HubError::task)
}
