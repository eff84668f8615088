//! `jobfeed reindex [--data-dir DIR]`: rebuilds the search index from the
//! SQLite state (after a crash of the index, a settings change, or to
//! check that state and index agree) and prints how many postings it
//! indexed and how long it took.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use jobfeed_hub::Hub;
use prometheus_client::registry::Registry;

use super::run::{RunConfig, init_logging, runtime};

/// Arguments of `jobfeed reindex`.
#[derive(Debug, Args)]
pub(crate) struct ReindexArgs {
    /// Where state and index live (default `./data`).
    #[arg(long, env = "JOBFEED_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// The run configuration (TOML), for the members, campaigns and index
    /// settings paths (defaults: `feeds/members`, `feeds/campaigns`,
    /// `index/settings.toml`).
    #[arg(long, env = "JOBFEED_CONFIG")]
    config: Option<PathBuf>,
}

/// Rebuilds the index and prints the count and the time it took.
pub(crate) fn run(args: &ReindexArgs) -> Result<ExitCode> {
    init_logging();
    let mut config = RunConfig::load(args.config.as_deref())?;
    if let Some(dir) = &args.data_dir {
        config.data_dir.clone_from(dir);
    }
    runtime()?.block_on(async {
        let mut registry = Registry::default();
        let hub = Hub::open(config.hub_config()?, &mut registry)
            .await
            .with_context(|| format!("cannot open the hub on {}", config.data_dir.display()))?;
        let started = Instant::now();
        let count = hub.reindex().await.context("the rebuild failed")?;
        let elapsed = started.elapsed();
        hub.shutdown().await.context("cannot close the hub")?;
        println!(
            "reindexed {count} postings from {} in {:.2} s",
            config.data_dir.display(),
            elapsed.as_secs_f64()
        );
        Ok(ExitCode::SUCCESS)
    })
}
