//! Embedded mode (the default): the crawl queue lives in the state database
//! (`data_dir/state.sqlite`, apalis-sqlite tables `Jobs` and `Workers`,
//! queue `jobfeed:crawl`), and in-process workers crawl and ingest.
//!
//! Restart: jobs a dead incarnation had taken (`Queued`/`Running` under its
//! worker name) are handed back at once, since one process owns the data
//! directory and every other worker name is a dead one; jobs still waiting
//! are marked in flight for the scheduler, so no source is queued twice.
//! Ingest is idempotent, so a job run again indexes nothing twice, and index
//! changes lost with the dead process are recovered from the state
//! ([`crate::reconcile_index`]).

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::*;
use apalis_core::backend::WorkerFilter;
use apalis_sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteStorage};
use jobfeed_fetch::Fetcher;
use jobfeed_hub::{CrawlJob, Hub};
use sqlx::Row;
use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use tokio::sync::mpsc;

use crate::driver::{CrawlQueue, Driver, RunSummary};
use crate::error::WorkerError;
use crate::metrics::WorkerMetrics;
use crate::profile::WorkerProfile;
use crate::recover::reconcile_index;
use crate::report::{Done, crawl_measured, job_key, outcome};
use crate::schedule::{Outcome, SourceKey};
use crate::shutdown;
use crate::supervise::{stopper, supervise};

/// Connections of the queue's pool (the state store has its own).
const CONNECTIONS: u32 = 2;

/// Runs the scheduler and in-process workers on `hub` until `shutdown`
/// resolves, with the queue in the hub's state database. Jobs in flight at
/// the shutdown are finished first. The hub is not shut down here: call
/// [`Hub::shutdown`] afterwards to commit the index.
///
/// # Errors
///
/// [`WorkerError`] when the profile is invalid or the queue cannot be
/// opened.
pub async fn run_embedded(
    hub: Hub,
    fetcher: Arc<Fetcher>,
    profile: WorkerProfile,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<RunSummary, WorkerError> {
    run_embedded_with(hub, fetcher, profile, WorkerMetrics::default(), shutdown).await
}

/// [`run_embedded`] recording into `metrics` (see
/// [`WorkerMetrics::register`]).
///
/// # Errors
///
/// As [`run_embedded`].
pub async fn run_embedded_with(
    hub: Hub,
    fetcher: Arc<Fetcher>,
    profile: WorkerProfile,
    metrics: WorkerMetrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<RunSummary, WorkerError> {
    profile.validate("the worker profile")?;
    let shutdown = shutdown::on(shutdown);
    reconcile_index(&hub).await?;
    let queue = EmbeddedQueue::open(&hub.data_dir().join("state.sqlite"), &profile).await?;
    let resumed = queue.resume_orphans().await?;
    let in_flight = queue.unfinished().await?;
    tracing::info!(resumed, waiting = in_flight.len(), queue = %profile.queue.crawl, "embedded queue open");
    let (done_tx, done_rx) = mpsc::unbounded_channel();
    let ctx = Arc::new(Context {
        hub: hub.clone(),
        fetcher,
        metrics: metrics.clone(),
        done: done_tx,
        job_timeout: profile.workers.job_timeout,
    });
    let storage = queue.storage.clone();
    let concurrency = profile.workers.concurrency;
    let workers = tokio::spawn(supervise("crawl", shutdown.clone(), move |name, stop| {
        let worker = WorkerBuilder::new(name)
            .backend(storage.clone())
            .concurrency(concurrency)
            .catch_panic()
            .enable_tracing()
            .data(Arc::clone(&ctx))
            .build(crawl_and_ingest);
        worker.run_with_ctx(stopper(stop))
    }));
    let driver = Driver {
        hub,
        profile,
        metrics,
        in_flight,
        done: done_rx,
    };
    let pool = queue.pool.clone();
    let summary = driver.run(queue, shutdown).await;
    // The workers finish their jobs in flight before they return.
    if let Err(error) = workers.await {
        tracing::warn!(%error, "the worker task failed");
    }
    pool.close().await;
    Ok(summary)
}

/// Shared by the embedded workers.
#[derive(Debug)]
struct Context {
    hub: Hub,
    fetcher: Arc<Fetcher>,
    metrics: WorkerMetrics,
    done: mpsc::UnboundedSender<Done>,
    job_timeout: Duration,
}

/// The embedded job: crawl, ingest, tell the scheduler. Never an apalis
/// error: a failure is a failed source for the scheduler (which backs off),
/// not a job for apalis to retry on its own.
async fn crawl_and_ingest(job: CrawlJob, ctx: Data<Arc<Context>>) -> Result<(), BoxDynError> {
    let key = job_key(&job);
    let work = async {
        let report = crawl_measured(&ctx.fetcher, &job, &ctx.metrics).await;
        let result = outcome(&report);
        ctx.hub.ingest(report).await.map(|_| result)
    };
    let result = match tokio::time::timeout(ctx.job_timeout, work).await {
        Ok(Ok(result)) => result,
        Ok(Err(error)) => {
            tracing::error!(source = %key.source_id, %error, "ingest failed");
            Outcome::Failed
        }
        Err(_) => {
            tracing::warn!(source = %key.source_id, timeout = ?ctx.job_timeout, "crawl job timed out");
            Outcome::Failed
        }
    };
    // The receiver is gone only when the run is over.
    let _ = ctx.done.send(Done {
        key,
        outcome: result,
    });
    Ok(())
}

/// The crawl queue in the state database.
#[derive(Debug)]
struct EmbeddedQueue {
    pool: SqlitePool,
    storage: SqliteStorage<CrawlJob>,
    name: String,
    location: String,
}

impl EmbeddedQueue {
    async fn open(path: &Path, profile: &WorkerProfile) -> Result<Self, WorkerError> {
        let location = path.display().to_string();
        let failed = |e: &dyn std::fmt::Display| WorkerError::Sqlite {
            location: location.clone(),
            message: e.to_string(),
        };
        // Same settings as the state store: WAL, NORMAL sync, and a busy
        // timeout because the hub writes the same file.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(|e| failed(&e))?;
        // Only the migrations: `SqliteStorage::setup` would also switch the
        // shared file to `synchronous = OFF`.
        SqliteStorage::<()>::migrations()
            .run(&pool)
            .await
            .map_err(|e| failed(&e))?;
        let q = &profile.queue;
        let config = apalis_sqlite::Config::default()
            .queue(&q.crawl)
            .heartbeat_interval(q.heartbeat)
            .missed_heartbeats(q.missed_heartbeats)
            .batch_size(profile.workers.concurrency);
        let storage = SqliteStorage::new(&pool).with_config(config);
        Ok(Self {
            pool,
            storage,
            name: q.crawl.clone(),
            location,
        })
    }

    fn error(&self, e: &dyn std::fmt::Display) -> WorkerError {
        WorkerError::Sqlite {
            location: self.location.clone(),
            message: e.to_string(),
        }
    }

    /// Hands back every job taken by a worker of an earlier incarnation.
    async fn resume_orphans(&self) -> Result<u64, WorkerError> {
        apalis_sqlite::queries::reenqueue_orphaned(&self.pool, 0, &self.name, &WorkerFilter::None)
            .await
            .map_err(|e| self.error(&e))
    }

    /// The sources with a job waiting or running.
    async fn unfinished(&self) -> Result<Vec<SourceKey>, WorkerError> {
        let rows = sqlx::query(
            "SELECT CAST(job AS BLOB) AS job FROM Jobs WHERE job_type = ?1 \
             AND (status IN ('Pending', 'Queued', 'Running') \
                  OR (status = 'Failed' AND attempts < max_attempts))",
        )
        .bind(&self.name)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(&e))?;
        let mut keys = Vec::new();
        for row in rows {
            let bytes: Vec<u8> = row.try_get("job").map_err(|e| self.error(&e))?;
            match serde_json::from_slice::<CrawlJob>(&bytes) {
                Ok(job) => keys.push(job_key(&job)),
                Err(error) => {
                    tracing::warn!(%error, "a queued crawl job cannot be read; it will fail when run")
                }
            }
        }
        Ok(keys)
    }
}

impl CrawlQueue for EmbeddedQueue {
    fn name(&self) -> &str {
        &self.name
    }

    async fn push(&mut self, job: CrawlJob) -> Result<(), String> {
        self.storage.push(job).await.map_err(|e| e.to_string())
    }

    async fn depth(&mut self) -> Result<u64, String> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM Jobs WHERE job_type = ?1 AND status = 'Pending'",
        )
        .bind(&self.name)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| e.to_string())?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn vacuum(&mut self, keep: Duration) -> Result<u64, String> {
        // Scoped to our queue and without apalis' `VACUUM` of the whole
        // file, which would stall the hub's writes on the shared database.
        let keep = i64::try_from(keep.as_secs()).unwrap_or(i64::MAX);
        let jobs = sqlx::query(
            "DELETE FROM Jobs WHERE job_type = ?1 AND status IN ('Done', 'Killed') \
             AND done_at IS NOT NULL AND done_at < strftime('%s', 'now') - ?2",
        )
        .bind(&self.name)
        .bind(keep)
        .execute(&self.pool)
        .await
        .map_err(|e| e.to_string())?;
        sqlx::query(
            "DELETE FROM Workers WHERE worker_type = ?1 AND last_seen < strftime('%s', 'now') - ?2 \
             AND id NOT IN (SELECT lock_by FROM Jobs WHERE lock_by IS NOT NULL)",
        )
        .bind(&self.name)
        .bind(keep)
        .execute(&self.pool)
        .await
        .map_err(|e| e.to_string())?;
        Ok(jobs.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use jobfeed_core::CompanyId;
    use jobfeed_sources::config::Member;

    use super::*;

    fn job(source: &str) -> CrawlJob {
        CrawlJob {
            member: Member {
                id: CompanyId::new("12345678"),
                name: "Gudenå Software ApS".to_owned(),
                website: None,
                municipality: None,
                sources: Vec::new(),
                file: "test.toml".into(),
            },
            source_id: source.to_owned(),
            validators: None,
            details: jobfeed_sources::crawl::DetailCache::default(),
            previous_found: None,
            enqueued_at: chrono::Utc::now(),
        }
    }

    fn profile() -> WorkerProfile {
        WorkerProfile::from_toml(
            "[queue]\ncrawl = \"q:crawl\"\n[fetch]\ncontact_url = \"https://example.org/bot\"\n",
            "test",
        )
        .unwrap()
    }

    #[tokio::test]
    async fn waiting_jobs_are_counted_found_and_finished_ones_vacuumed() {
        let dir = tempfile::tempdir().unwrap();
        let mut queue = EmbeddedQueue::open(&dir.path().join("state.sqlite"), &profile())
            .await
            .unwrap();
        for source in ["a", "b", "c"] {
            queue.push(job(source)).await.unwrap();
        }
        assert_eq!(queue.depth().await.unwrap(), 3);
        let mut waiting: Vec<String> = queue
            .unfinished()
            .await
            .unwrap()
            .into_iter()
            .map(|k| k.source_id)
            .collect();
        waiting.sort();
        assert_eq!(waiting, ["a", "b", "c"]);

        // One finished long ago, one just now: only the old one goes.
        sqlx::query(
            "UPDATE Jobs SET status = 'Done', done_at = strftime('%s', 'now') - 7200 \
             WHERE id IN (SELECT id FROM Jobs ORDER BY id LIMIT 1)",
        )
        .execute(&queue.pool)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE Jobs SET status = 'Done', done_at = strftime('%s', 'now') \
             WHERE status = 'Pending' AND id IN (SELECT id FROM Jobs ORDER BY id LIMIT 2)",
        )
        .execute(&queue.pool)
        .await
        .unwrap();
        assert_eq!(queue.depth().await.unwrap(), 1);
        assert_eq!(queue.unfinished().await.unwrap().len(), 1);
        assert_eq!(queue.vacuum(Duration::from_hours(1)).await.unwrap(), 1);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM Jobs")
            .fetch_one(&queue.pool)
            .await
            .unwrap();
        assert_eq!(left, 2);
        // No worker took anything, so nothing is handed back.
        assert_eq!(queue.resume_orphans().await.unwrap(), 0);
    }
}
