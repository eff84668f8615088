//! `jobfeed worker --redis URL [--concurrency N]`: a crawl worker for Redis
//! mode. Pulls crawl jobs from the hub's Redis queue, fetches and parses
//! (per-host politeness shared with every other worker through Redis), and
//! pushes the reports back; it needs no member files and writes no state.
//! SIGINT/SIGTERM: stops taking jobs, finishes those in flight, hands
//! prefetched ones back, exits 0.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use jobfeed_workers::{WorkerMetrics, WorkerProfile};

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
}

/// Runs the worker until SIGINT/SIGTERM.
pub(crate) fn run(args: &WorkerArgs) -> Result<ExitCode> {
    init_logging();
    let profile = WorkerProfile::load(&args.profile)?;
    let summary = runtime()?.block_on(async {
        let stop = stop_signal()?;
        let summary = jobfeed_workers::run_redis_worker(
            &args.redis,
            profile,
            args.concurrency,
            WorkerMetrics::default(),
            stopped(&stop),
        )
        .await?;
        anyhow::Ok(summary)
    })?;
    println!("jobfeed worker: {} stopped", summary.name);
    Ok(ExitCode::SUCCESS)
}
