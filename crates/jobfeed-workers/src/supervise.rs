//! Keeps an apalis worker running: builds it under a name that is unique
//! per process incarnation and per restart (apalis refuses a name seen
//! alive within the heartbeat threshold), runs it until the shutdown, and
//! when it dies on a queue error (Redis restarted, SQLite busy) builds it
//! again after a short, growing pause.

use std::future::Future;
use std::time::Duration;

use crate::shutdown::Shutdown;

/// Longest pause between two restarts of a failing worker.
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// A worker name unique to this process incarnation and restart:
/// `{role}-{host}-{pid}-{start ms}-{restart}`.
pub(crate) fn worker_name(role: &str, restart: u32) -> String {
    static STARTED: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let started = *STARTED.get_or_init(|| chrono::Utc::now().timestamp_millis());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".to_owned());
    format!("{role}-{host}-{}-{started}-{restart}", std::process::id())
}

/// Runs `run_once(name, shutdown)` until the shutdown; restarts it when it
/// ends early. `run_once` must stop its worker gracefully when `shutdown`
/// fires (finish or hand back the jobs in flight).
pub(crate) async fn supervise<F, Fut, E>(role: &str, shutdown: Shutdown, mut run_once: F)
where
    F: FnMut(String, Shutdown) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let mut restart = 0u32;
    loop {
        let name = worker_name(role, restart);
        let result = run_once(name.clone(), shutdown.clone()).await;
        if shutdown.is_fired() {
            tracing::info!(worker = %name, "worker stopped");
            return;
        }
        match result {
            Ok(()) => tracing::warn!(worker = %name, "worker ended by itself; restarting it"),
            Err(error) => {
                tracing::warn!(worker = %name, error = %error, "worker failed; restarting it");
            }
        }
        restart = restart.saturating_add(1);
        let pause = Duration::from_millis(200)
            .saturating_mul(restart.min(25))
            .min(MAX_PAUSE);
        tokio::select! {
            () = shutdown.wait() => return,
            () = tokio::time::sleep(pause) => {}
        }
    }
}

/// The future given to `Worker::run_with_ctx`: stops the worker gracefully
/// (no new jobs; jobs in flight finish, prefetched ones are handed back)
/// once `stop` fires.
pub(crate) fn stopper(
    stop: Shutdown,
) -> impl FnMut(
    apalis_core::worker::context::WorkerContext,
) -> std::pin::Pin<
    Box<dyn Future<Output = Result<(), apalis_core::error::WorkerError>> + Send>,
> + Send
+ 'static {
    move |ctx| {
        let stop = stop.clone();
        Box::pin(async move {
            stop.wait().await;
            ctx.stop()
        })
    }
}
