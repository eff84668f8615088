//! `jobfeed worker --redis URL [--concurrency N] [--metrics-listen ADDR]`: a
//! crawl worker for Redis mode. Pulls crawl jobs from the hub's Redis queue,
//! fetches and parses (per-host politeness shared with every other worker
//! through Redis), and pushes the reports back; it needs no member files and
//! writes no state. SIGINT/SIGTERM: stops taking jobs, finishes those in
//! flight, hands prefetched ones back, exits 0. With `--metrics-listen` (or
//! the profile's `workers.metrics_listen`) it serves its own `GET /metrics`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Args;
use jobfeed_workers::{WorkerMetrics, WorkerProfile};
use prometheus_client::registry::Registry;

use super::run::{init_logging, runtime, stop_signal, stopped};

/// Arguments of `jobfeed worker`.
#[derive(Debug, Args)]
pub(crate) struct WorkerArgs {
    /// The hub's Redis (`redis://host:6379/0`).
    #[arg(long, env = "JOBFEED_REDIS_URL")]
    redis: String,
    /// Crawl jobs in flight at once (overrides the profile's
    /// `workers.concurrency`).
    #[arg(long)]
    concurrency: Option<usize>,
    /// The worker profile; use the same as the hub.
    #[arg(
        long,
        env = "JOBFEED_WORKER_PROFILE",
        default_value = "workers/redis.toml"
    )]
    profile: PathBuf,
    /// Serve `GET /metrics` (Prometheus) on this address, e.g.
    /// `0.0.0.0:9101` (overrides the profile's `workers.metrics_listen`).
    #[arg(long, env = "JOBFEED_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
}

/// Runs the worker until SIGINT/SIGTERM.
pub(crate) fn run(args: &WorkerArgs) -> Result<ExitCode> {
    init_logging();
    let mut profile = WorkerProfile::load(&args.profile)?;
    if args.metrics_listen.is_some() {
        profile.workers.metrics_listen = args.metrics_listen;
        profile.validate("--metrics-listen")?;
    }
    let summary = runtime()?.block_on(async {
        let stop = stop_signal()?;
        let mut registry = Registry::default();
        let metrics = WorkerMetrics::register(&mut registry);
        if let Some(addr) = profile.workers.metrics_listen {
            let server =
                jobfeed_workers::serve_metrics(addr, Arc::new(registry), stopped(&stop)).await?;
            tokio::spawn(server);
        }
        let summary = jobfeed_workers::run_redis_worker(
            &args.redis,
            profile,
            args.concurrency,
            metrics,
            stopped(&stop),
        )
        .await?;
        anyhow::Ok(summary)
    })?;
    println!("jobfeed worker: {} stopped", summary.name);
    Ok(ExitCode::SUCCESS)
}
