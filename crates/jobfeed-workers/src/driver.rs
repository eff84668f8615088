//! The hub side of a run: feeds the [`Scheduler`] with the configured
//! sources and their last crawls, pushes a [`CrawlJob`] for each due source
//! into a [`CrawlQueue`] (embedded SQLite or Redis), hears back when a
//! source is done, and keeps the queue tidy (depth metric, vacuum).

use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use chrono::Utc;
use jobfeed_hub::{CrawlJob, Hub};
use jobfeed_state::SourceId;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::metrics::WorkerMetrics;
use crate::profile::WorkerProfile;
use crate::report::Done;
use crate::schedule::{Outcome, Scheduler, SourceKey, SourceSpec};
use crate::shutdown::Shutdown;

/// How often the queue depth is measured.
const DEPTH_EVERY: Duration = Duration::from_secs(5);

/// What a run did, counted by the hub side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Crawl jobs pushed into the queue.
    pub enqueued: u64,
    /// Jobs that ended with the source read (or 304).
    pub succeeded: u64,
    /// Jobs that ended with the source failing (or the ingest failing).
    pub failed: u64,
}

/// A queue the hub pushes crawl jobs into.
pub(crate) trait CrawlQueue: Send {
    /// The queue's name, for logs and metrics.
    fn name(&self) -> &str;
    /// Queues one job.
    fn push(&mut self, job: CrawlJob) -> impl Future<Output = Result<(), String>> + Send;
    /// Jobs waiting to be taken.
    fn depth(&mut self) -> impl Future<Output = Result<u64, String>> + Send;
    /// Deletes finished jobs older than `keep`; returns how many.
    fn vacuum(&mut self, keep: Duration) -> impl Future<Output = Result<u64, String>> + Send;
}

/// Everything the hub side needs besides the queue.
#[derive(Debug)]
pub(crate) struct Driver {
    pub(crate) hub: Hub,
    pub(crate) profile: WorkerProfile,
    pub(crate) metrics: WorkerMetrics,
    /// Sources whose jobs are still in the queue from before (restart).
    pub(crate) in_flight: Vec<SourceKey>,
    pub(crate) done: mpsc::UnboundedReceiver<Done>,
}

impl Driver {
    /// Schedules and queues crawls until `shutdown`.
    pub(crate) async fn run<Q: CrawlQueue>(
        mut self,
        mut queue: Q,
        shutdown: Shutdown,
    ) -> RunSummary {
        let mut scheduler = Scheduler::new(&self.profile.schedule);
        let now = Utc::now();
        scheduler.sync(&specs(&self.hub), now);
        restore(&self.hub, &mut scheduler).await;
        for key in &self.in_flight {
            scheduler.mark_in_flight(key, now);
        }
        tracing::info!(
            sources = scheduler.len(),
            in_flight = scheduler.in_flight(),
            queue = queue.name(),
            "scheduler started"
        );
        let mut summary = RunSummary::default();
        let mut depth_at = Instant::now();
        let mut vacuum_at = Instant::now() + self.profile.queue.vacuum_every;
        let tick = self.profile.schedule.tick;
        loop {
            tokio::select! {
                () = shutdown.wait() => break,
                Some(done) = self.done.recv() => {
                    match done.outcome {
                        Outcome::Succeeded => summary.succeeded += 1,
                        Outcome::Failed => summary.failed += 1,
                    }
                    scheduler.complete(&done.key, done.outcome, Utc::now());
                }
                () = tokio::time::sleep(tick) => {}
            }
            summary.enqueued += self.dispatch(&mut scheduler, &mut queue).await;
            if Instant::now() >= depth_at {
                depth_at = Instant::now() + DEPTH_EVERY;
                match queue.depth().await {
                    Ok(depth) => self.metrics.set_queue_depth(queue.name(), depth),
                    Err(error) => {
                        tracing::warn!(queue = queue.name(), %error, "cannot read the queue depth")
                    }
                }
            }
            if Instant::now() >= vacuum_at {
                vacuum_at = Instant::now() + self.profile.queue.vacuum_every;
                match queue.vacuum(self.profile.queue.keep_finished).await {
                    Ok(n) => {
                        tracing::debug!(queue = queue.name(), deleted = n, "vacuumed finished jobs")
                    }
                    Err(error) => {
                        tracing::warn!(queue = queue.name(), %error, "cannot vacuum the queue")
                    }
                }
            }
        }
        tracing::info!(?summary, "scheduler stopped");
        summary
    }

    /// Queues a job for every due source; returns how many were queued.
    async fn dispatch<Q: CrawlQueue>(&self, scheduler: &mut Scheduler, queue: &mut Q) -> u64 {
        let mut queued = 0;
        for key in scheduler.take_due(Utc::now()) {
            let job = match self.hub.crawl_job(&key.company, &key.source_id).await {
                Ok(job) => job,
                Err(error) => {
                    tracing::warn!(company = key.company.as_str(), source = %key.source_id, %error, "cannot build the crawl job");
                    scheduler.complete(&key, Outcome::Failed, Utc::now());
                    continue;
                }
            };
            match queue.push(job).await {
                Ok(()) => queued += 1,
                Err(error) => {
                    tracing::warn!(queue = queue.name(), source = %key.source_id, %error, "cannot queue the crawl job; trying again later");
                    scheduler.retry_later(&key, self.profile.schedule.retry_enqueue, Utc::now());
                }
            }
        }
        queued
    }
}

/// The configured sources with their intervals and a fingerprint of their
/// configuration.
fn specs(hub: &Hub) -> Vec<SourceSpec> {
    hub.members()
        .iter()
        .flat_map(|member| {
            member.sources.iter().map(|source| {
                let mut hasher = DefaultHasher::new();
                format!("{source:?}").hash(&mut hasher);
                SourceSpec {
                    key: SourceKey {
                        company: member.id.clone(),
                        source_id: source.id.clone(),
                    },
                    interval: source.interval,
                    fingerprint: hasher.finish(),
                }
            })
        })
        .collect()
}

/// Continues each source's rhythm from its last recorded crawl.
async fn restore(hub: &Hub, scheduler: &mut Scheduler) {
    let now = Utc::now();
    for (company, source_id) in hub.sources() {
        match hub
            .state()
            .source_state(&SourceId::new(source_id.clone()))
            .await
        {
            Ok(Some(state)) => {
                if let Some(at) = state.last_crawl_at {
                    let failures = u32::try_from(state.consecutive_failures).unwrap_or(u32::MAX);
                    let key = SourceKey { company, source_id };
                    scheduler.restore(&key, at, failures, now);
                }
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(source = %source_id, %error, "cannot read the source state")
            }
        }
    }
}
