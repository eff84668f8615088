//! `jobfeed crawl --once [--company ID]`: crawls every source (or one
//! company's) once in this process, ingests the results, commits the index
//! and prints a summary. A progress bar on a terminal; one plain line per
//! source otherwise (logs, CI).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use jobfeed_core::CompanyId;
use jobfeed_fetch::Fetcher;
use jobfeed_hub::{CrawlProgress, CrawlSummary, Hub};
use jobfeed_workers::WorkerProfile;
use prometheus_client::registry::Registry;

use super::run::{RunConfig, init_logging, runtime};

/// Arguments of `jobfeed crawl`.
#[derive(Debug, Args)]
pub(crate) struct CrawlArgs {
    /// Crawl once and exit (the only mode; `jobfeed run` keeps crawling).
    #[arg(long)]
    once: bool,
    /// Only this company's sources.
    #[arg(long, value_name = "ID")]
    company: Option<String>,
    /// The run configuration (TOML; see deploy/jobfeed.example.toml).
    #[arg(long, env = "JOBFEED_CONFIG")]
    config: Option<PathBuf>,
    /// Where state and index live (overrides `data_dir`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The worker profile, for its `[fetch]` table (overrides
    /// `worker_profile`).
    #[arg(long)]
    profile: Option<PathBuf>,
}

/// Crawls once and prints the summary; exit code 1 when every source failed.
pub(crate) fn run(args: &CrawlArgs) -> Result<ExitCode> {
    if !args.once {
        bail!("only `jobfeed crawl --once` exists; `jobfeed run` keeps crawling on a schedule");
    }
    init_logging();
    let mut config = RunConfig::load(args.config.as_deref())?;
    if let Some(dir) = &args.data_dir {
        config.data_dir.clone_from(dir);
    }
    let profile_path = args
        .profile
        .clone()
        .unwrap_or_else(|| config.profile_path(false));
    let profile = WorkerProfile::load(&profile_path)?;
    let summary = runtime()?.block_on(async {
        let mut registry = Registry::default();
        let hub = Hub::open(config.hub_config()?, &mut registry)
            .await
            .with_context(|| format!("cannot open the hub on {}", config.data_dir.display()))?;
        let company = args.company.as_deref().map(CompanyId::new);
        if let Some(id) = &company
            && hub.member(id).is_none()
        {
            bail!(
                "no member company {}: check the id in {}",
                id.as_str(),
                config.members.display()
            );
        }
        let fetcher = Fetcher::new(profile.fetch.clone()).context("the profile's [fetch] table")?;
        let progress = Progress::new();
        let summary = hub
            .crawl_once(&fetcher, company.as_ref(), &|p: &CrawlProgress| {
                progress.update(p)
            })
            .await
            .context("the crawl failed")?;
        progress.finish();
        hub.shutdown()
            .await
            .context("cannot shut the hub down (index commit)")?;
        anyhow::Ok(summary)
    })?;
    println!("{}", summary_line(&summary));
    Ok(
        if summary.sources > 0 && summary.failed == summary.sources {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// A progress bar on a terminal, plain lines otherwise.
#[derive(Debug)]
enum Progress {
    Bar(ProgressBar),
    Lines,
}

impl Progress {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines;
        }
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
        {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::Bar(bar)
    }

    fn update(&self, p: &CrawlProgress) {
        match self {
            Progress::Bar(bar) => {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(format!("{} {}", p.source_id, p.outcome));
            }
            Progress::Lines => {
                let width = p.total.to_string().len();
                eprintln!(
                    "[{done:>width$}/{total}] {source} {outcome}",
                    done = p.done,
                    total = p.total,
                    source = p.source_id,
                    outcome = p.outcome
                );
            }
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// The one-line summary of a crawl round (also printed by `jobfeed demo`).
pub(crate) fn summary_line(summary: &CrawlSummary) -> String {
    format!(
        "crawled {} sources in {:.1} s: {} ok, {} not modified, {} failed; {} active postings",
        summary.sources,
        summary.elapsed.as_secs_f64(),
        summary.succeeded,
        summary.not_modified,
        summary.failed,
        summary.postings_active
    )
}
