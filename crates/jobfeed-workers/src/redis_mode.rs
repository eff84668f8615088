//! Redis mode: the hub pushes crawl jobs to the Redis queue `jobfeed:crawl`;
//! `jobfeed worker` processes anywhere pull them, crawl, and push each
//! [`CrawlReport`] to `jobfeed:reports`, which the hub consumes and ingests
//! (only the hub writes state and index). Per-host politeness holds across
//! all workers through [`RedisHostGate`].
//!
//! Liveness: a worker that dies (even by SIGKILL) stops sending heartbeats;
//! after `heartbeat × missed_heartbeats` another worker's heartbeat hands its
//! jobs back to the queue. A worker whose Redis connection breaks (Redis
//! restarted) is rebuilt under a new name and carries on. A job whose report
//! never arrives (its data lost with a Redis that keeps nothing on disk) is
//! queued again by the scheduler after the lease. A restarted hub does not
//! know which jobs are still in Redis, so a source may be crawled once more
//! than needed; ingest is idempotent, so that costs requests, not data.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::*;
use apalis_core::backend::Vacuum;
use apalis_redis::{ConnectionManager, RedisStorage};
use jobfeed_fetch::Fetcher;
use jobfeed_hub::{CrawlJob, CrawlReport, Hub};
use tokio::sync::mpsc;

use crate::driver::{CrawlQueue, Driver, RunSummary};
use crate::error::WorkerError;
use crate::gate::RedisHostGate;
use crate::metrics::WorkerMetrics;
use crate::profile::WorkerProfile;
use crate::recover::reconcile_index;
use crate::report::{Done, crawl_measured, outcome, report_key};
use crate::schedule::Outcome;
use crate::shutdown;
use crate::supervise::{stopper, supervise};

/// Concurrent ingests on the hub (the hub serialises index writes itself).
const HUB_INGESTS: usize = 2;

/// Tries of a worker job whose report could not be pushed.
const REPORT_RETRIES: usize = 3;

/// A report push is retried with doubling pauses from 200 ms until the
/// pause would reach this (about 12 s in all).
const PUSH_GIVE_UP: Duration = Duration::from_secs(8);

/// What a worker process did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerSummary {
    /// The name of the worker's last incarnation.
    pub name: String,
}

/// The `Config` of one named Redis queue under `profile`.
fn queue_config(profile: &WorkerProfile, queue: &str, batch: usize) -> apalis_redis::Config {
    let q = &profile.queue;
    apalis_redis::Config::default()
        .queue(queue)
        .heartbeat_interval(q.heartbeat)
        .missed_heartbeats(q.missed_heartbeats)
        .batch_size(batch.max(1))
}

/// The URL without its password, for messages.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

async fn connect(url: &str) -> Result<ConnectionManager, WorkerError> {
    apalis_redis::connect(url)
        .await
        .map_err(|e| WorkerError::Redis {
            url: redacted(url),
            message: e.to_string(),
        })
}

/// Runs the hub side of Redis mode until `shutdown` resolves: the scheduler
/// pushing crawl jobs, and the consumer ingesting reports. The hub is not
/// shut down here: call [`Hub::shutdown`] afterwards.
///
/// # Errors
///
/// [`WorkerError`] when the profile is invalid or Redis cannot be reached
/// at the start.
pub async fn run_redis_hub(
    hub: Hub,
    redis_url: &str,
    profile: WorkerProfile,
    metrics: WorkerMetrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<RunSummary, WorkerError> {
    profile.validate("the worker profile")?;
    let shutdown = shutdown::on(shutdown);
    reconcile_index(&hub).await?;
    let conn = connect(redis_url).await?;
    let crawl: RedisStorage<CrawlJob> = RedisStorage::new(conn.clone()).with_config(queue_config(
        &profile,
        &profile.queue.crawl,
        1,
    ));
    let reports: RedisStorage<CrawlReport> = RedisStorage::new(conn).with_config(queue_config(
        &profile,
        &profile.queue.reports,
        HUB_INGESTS,
    ));
    let (done_tx, done_rx) = mpsc::unbounded_channel();
    let ctx = Arc::new(HubContext {
        hub: hub.clone(),
        done: done_tx,
    });
    let consumer = tokio::spawn(supervise(
        "hub-reports",
        shutdown.clone(),
        move |name, stop| {
            WorkerBuilder::new(name)
                .backend(reports.clone())
                .concurrency(HUB_INGESTS)
                .catch_panic()
                .enable_tracing()
                .data(Arc::clone(&ctx))
                .build(ingest_report)
                .run_with_ctx(stopper(stop))
        },
    ));
    let driver = Driver {
        hub,
        profile: profile.clone(),
        metrics,
        in_flight: Vec::new(),
        done: done_rx,
    };
    let queue = RedisQueue {
        storage: crawl,
        name: profile.queue.crawl.clone(),
    };
    let summary = driver.run(queue, shutdown).await;
    if let Err(error) = consumer.await {
        tracing::warn!(%error, "the report consumer failed");
    }
    Ok(summary)
}

#[derive(Debug)]
struct HubContext {
    hub: Hub,
    done: mpsc::UnboundedSender<Done>,
}

/// The hub's job on the reports queue: ingest, tell the scheduler.
async fn ingest_report(report: CrawlReport, ctx: Data<Arc<HubContext>>) -> Result<(), BoxDynError> {
    let key = report_key(&report);
    let mut result = outcome(&report);
    if let Err(error) = ctx.hub.ingest(report).await {
        tracing::error!(source = %key.source_id, %error, "ingest failed");
        result = Outcome::Failed;
    }
    let _ = ctx.done.send(Done {
        key,
        outcome: result,
    });
    Ok(())
}

/// The crawl queue in Redis.
#[derive(Debug)]
struct RedisQueue {
    storage: RedisStorage<CrawlJob>,
    name: String,
}

impl CrawlQueue for RedisQueue {
    fn name(&self) -> &str {
        &self.name
    }

    async fn push(&mut self, job: CrawlJob) -> Result<(), String> {
        self.storage.push(job).await.map_err(|e| e.to_string())
    }

    async fn depth(&mut self) -> Result<u64, String> {
        let key = self.storage.get_config().active_jobs_list();
        redis::cmd("LLEN")
            .arg(key)
            .query_async(self.storage.get_connection())
            .await
            .map_err(|e| e.to_string())
    }

    async fn vacuum(&mut self, keep: Duration) -> Result<u64, String> {
        let deleted = self
            .storage
            .vacuum_before(keep)
            .await
            .map_err(|e| e.to_string())?;
        Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
    }
}

/// Runs a worker process until `shutdown` resolves: pulls crawl jobs from
/// Redis, crawls with per-host politeness shared through Redis, and pushes
/// the reports back. `concurrency` overrides the profile's.
///
/// # Errors
///
/// [`WorkerError`] when the profile is invalid, the fetcher cannot be
/// built or Redis cannot be reached at the start.
pub async fn run_redis_worker(
    redis_url: &str,
    profile: WorkerProfile,
    concurrency: Option<usize>,
    metrics: WorkerMetrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<WorkerSummary, WorkerError> {
    let mut profile = profile;
    if let Some(n) = concurrency {
        profile.workers.concurrency = n;
    }
    profile.validate("the worker profile")?;
    let shutdown = shutdown::on(shutdown);
    let conn = connect(redis_url).await?;
    let gate = RedisHostGate::new(
        conn.clone(),
        &profile.queue.key_prefix,
        profile.fetch.per_host_concurrency,
        profile.fetch.total_timeout,
    );
    let fetcher = Fetcher::with_gate(profile.fetch.clone(), Arc::new(gate))?;
    let concurrency = profile.workers.concurrency;
    let crawl: RedisStorage<CrawlJob> = RedisStorage::new(conn.clone()).with_config(queue_config(
        &profile,
        &profile.queue.crawl,
        concurrency,
    ));
    let reports: RedisStorage<CrawlReport> =
        RedisStorage::new(conn).with_config(queue_config(&profile, &profile.queue.reports, 1));
    let ctx = Arc::new(WorkerContext {
        fetcher,
        reports,
        metrics,
    });
    let timeout = profile.workers.job_timeout;
    let last_name = Arc::new(std::sync::Mutex::new(String::new()));
    let named = Arc::clone(&last_name);
    supervise("crawl", shutdown, move |name, stop| {
        if let Ok(mut last) = named.lock() {
            last.clone_from(&name);
        }
        tracing::info!(worker = %name, concurrency, "worker started");
        WorkerBuilder::new(name)
            .backend(crawl.clone())
            .concurrency(concurrency)
            .retry(RetryPolicy::retries(REPORT_RETRIES))
            .timeout(timeout)
            .catch_panic()
            .enable_tracing()
            .data(Arc::clone(&ctx))
            .build(crawl_and_report)
            .run_with_ctx(stopper(stop))
    })
    .await;
    let name = last_name.lock().map(|n| n.clone()).unwrap_or_default();
    Ok(WorkerSummary { name })
}

#[derive(Debug)]
struct WorkerContext {
    fetcher: Fetcher,
    reports: RedisStorage<CrawlReport>,
    metrics: WorkerMetrics,
}

/// The worker's job: crawl, push the report. A report that cannot be pushed
/// is an error, so apalis retries the job (and hands it to another worker
/// if this one dies).
async fn crawl_and_report(job: CrawlJob, ctx: Data<Arc<WorkerContext>>) -> Result<(), BoxDynError> {
    let report = crawl_measured(&ctx.fetcher, &job, &ctx.metrics).await;
    let mut reports = ctx.reports.clone();
    // Ride out a short Redis outage (a restart) rather than crawl again.
    let mut pause = Duration::from_millis(200);
    loop {
        match reports.push(report.clone()).await {
            Ok(()) => return Ok(()),
            Err(error) if pause < PUSH_GIVE_UP => {
                tracing::warn!(source = %job.source_id, %error, retry_in = ?pause, "cannot push the report");
                tokio::time::sleep(pause).await;
                pause = pause.saturating_mul(2);
            }
            Err(error) => return Err(error.into()),
        }
    }
}
