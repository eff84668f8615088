//! `jobfeed demo`: the whole pipeline on one machine with nothing else
//! installed and no network.
//!
//! Starts the demo world (fictional member companies with their career
//! sites, feeds and ATS endpoints on loopback addresses, a few broken on
//! purpose), writes its member files into `DATA_DIR/members/`, opens a hub
//! on `DATA_DIR` (a fresh temporary directory unless `--data-dir` is
//! given), crawls every source once with a progress line each, then serves
//! the API, feeds and web UI on `127.0.0.1:PORT` while the embedded
//! scheduler keeps crawling, until Ctrl-C (or SIGTERM) stops it gracefully.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_hub::{CrawlProgress, Hub, HubConfig};
use jobfeed_index::IndexSettings;
use jobfeed_serve::{AppState, ServeConfig};
use jobfeed_sources::config::{Member, load_dir};
use jobfeed_testsites::world::{self, World, WorldOptions};
use jobfeed_workers::{WorkerMetrics, WorkerProfile, run_embedded_with};
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio::sync::watch;
use url::Url;

/// Arguments of `jobfeed demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Port to serve the API and UI on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Where state, index and the demo member files go (default: a fresh
    /// temporary directory, removed at exit).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The campaign folder (skipped with a note when missing).
    #[arg(long, default_value = "feeds/campaigns")]
    campaigns: PathBuf,
    /// The index settings (defaults when missing).
    #[arg(long, default_value = "index/settings.toml")]
    index_settings: PathBuf,
}

/// Runs the demo until Ctrl-C.
pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(demo(args))?;
    Ok(ExitCode::SUCCESS)
}

/// What runs once the demo is set up.
struct Running {
    world: World,
    hub: Hub,
    registry: Registry,
    fetcher: Arc<Fetcher>,
    /// The temporary data dir, removed when the demo ends.
    _temporary: Option<tempfile::TempDir>,
}

async fn demo(args: &DemoArgs) -> Result<()> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
        .await
        .with_context(|| {
            format!(
                "cannot listen on 127.0.0.1:{}; pick another port with --port",
                args.port
            )
        })?;
    let address = format!("http://{}", listener.local_addr()?);
    let signal = shutdown_signal()?;
    tokio::pin!(signal);
    let running = set_up(args, &address).await?;
    tokio::select! {
        summary = running.hub.crawl_once(&running.fetcher, None, &print_progress) => {
            say(&super::crawl::summary_line(&summary.context("the first crawl failed")?));
        }
        () = &mut signal => {
            say("jobfeed demo: interrupted during the first crawl");
            running.hub.shutdown().await.context("cannot shut the hub down")?;
            return Ok(());
        }
    }
    serve_until(listener, &address, running, signal).await
}

/// Starts the world, writes its member files and opens the hub.
async fn set_up(args: &DemoArgs, address: &str) -> Result<Running> {
    let world = world::start(WorldOptions::default())
        .await
        .context("cannot start the demo sites")?;
    let (data_dir, temporary) = data_dir(args.data_dir.as_deref())?;
    let members = write_members(&world, &data_dir.join("members"))?;
    say(&world_summary(&world, &data_dir));
    let mut registry = Registry::default();
    let hub = Hub::open(hub_config(args, &data_dir, members)?, &mut registry)
        .await
        .context("cannot open the hub")?;
    Ok(Running {
        world,
        hub,
        registry,
        fetcher: Arc::new(demo_fetcher(address)?),
        _temporary: temporary,
    })
}

/// Serves the API and UI and keeps crawling until `signal`, then stops
/// both, commits the index and stops the sites.
async fn serve_until(
    listener: TcpListener,
    address: &str,
    running: Running,
    signal: impl Future<Output = ()>,
) -> Result<()> {
    let Running {
        world,
        hub,
        mut registry,
        fetcher,
        _temporary,
    } = running;
    let (stop, stopped) = watch::channel(false);
    let metrics = WorkerMetrics::register(&mut registry);
    let crawling = tokio::spawn(keep_crawling(
        hub.clone(),
        Arc::clone(&fetcher),
        demo_profile(address)?,
        metrics,
        stopped.clone(),
    ));
    let state = AppState {
        hub: hub.clone(),
        fetcher,
        metrics: Arc::new(registry),
        config: Arc::new(ServeConfig {
            public_url: Url::parse(&format!("{address}/")).context("the demo address")?,
            cors_origins: vec!["*".to_owned()],
        }),
    };
    let serving = tokio::spawn(jobfeed_serve::serve(
        listener,
        jobfeed_serve::app(state, jobfeed_web::router()),
        stop_signal(stopped),
    ));
    say(&format!("jobfeed demo: {address}"));
    signal.await;
    say("jobfeed demo: stopping (finishing crawls in flight, committing the index)");
    let _ = stop.send(true);
    crawling.await.context("the crawler task panicked")??;
    serving
        .await
        .context("the server task panicked")?
        .context("the server stopped with an error")?;
    hub.shutdown().await.context("cannot shut the hub down")?;
    drop(world);
    say("jobfeed demo: stopped");
    Ok(())
}

/// Prints a line to stdout at once (a test or a pipe reads it live).
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The data dir asked for, or a fresh temporary one (kept alive by the
/// returned guard).
fn data_dir(asked: Option<&Path>) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    match asked {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data dir {}", dir.display()))?;
            Ok((dir.to_path_buf(), None))
        }
        None => {
            let temporary = tempfile::Builder::new()
                .prefix("jobfeed-demo-")
                .tempdir()
                .context("cannot create a temporary data dir")?;
            Ok((temporary.path().to_path_buf(), Some(temporary)))
        }
    }
}

/// Writes the world's member files and reads them back with the loader
/// `jobfeed check` uses (files of an earlier demo run are replaced).
fn write_members(world: &World, dir: &Path) -> Result<Vec<Member>> {
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot replace {}", path.display()))?;
            }
        }
    }
    world
        .write_member_files(dir)
        .with_context(|| format!("cannot write the member files into {}", dir.display()))?;
    load_dir(dir).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!("the demo member files do not load:\n{}", lines.join("\n"))
    })
}

fn world_summary(world: &World, data_dir: &Path) -> String {
    let faulty = world.failing_sources().count();
    format!(
        "jobfeed demo: {} member companies, {} sources ({faulty} broken on purpose), {} postings on their sites; data in {}",
        world.companies().len(),
        world.sources().len(),
        world.expected_total(),
        data_dir.display()
    )
}

fn hub_config(args: &DemoArgs, data_dir: &Path, members: Vec<Member>) -> Result<HubConfig> {
    Ok(HubConfig {
        data_dir: data_dir.to_path_buf(),
        index_settings: index_settings(&args.index_settings)?,
        members,
        campaigns: campaigns(&args.campaigns)?,
        enrich: jobfeed_enrich::EnrichConfig::default(),
    })
}

fn index_settings(path: &Path) -> Result<IndexSettings> {
    if !path.exists() {
        say(&format!(
            "jobfeed demo: {} not found, using the default index settings",
            path.display()
        ));
        return Ok(IndexSettings::default());
    }
    IndexSettings::load(path).with_context(|| format!("cannot load {}", path.display()))
}

fn campaigns(dir: &Path) -> Result<Vec<jobfeed_campaigns::Campaign>> {
    if !dir.is_dir() {
        say(&format!(
            "jobfeed demo: {} not found, running without campaigns",
            dir.display()
        ));
        return Ok(Vec::new());
    }
    super::run::load_campaigns(dir)
}

/// A fetcher that may reach the demo sites on 127.0.0.0/8 (and only
/// because they are ours: the default refuses loopback), without the
/// politeness delay real sites get.
fn demo_fetcher(address: &str) -> Result<Fetcher> {
    Fetcher::new(demo_fetch_config(address)?).context("cannot build the demo fetcher")
}

fn demo_fetch_config(address: &str) -> Result<FetchConfig> {
    Ok(FetchConfig {
        contact_url: Some(Url::parse(address).context("the demo address")?),
        allow_networks: vec!["127.0.0.0/8".parse().context("loopback network")?],
        per_host_delay: Duration::from_millis(20),
        per_host_concurrency: 2,
        total_timeout: Duration::from_secs(10),
        max_attempts: 2,
        backoff_base: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(5),
        ..FetchConfig::default()
    })
}

fn print_progress(progress: &CrawlProgress) {
    let width = progress.total.to_string().len();
    say(&format!(
        "[{done:>width$}/{total}] {source:<34} {outcome}",
        done = progress.done,
        total = progress.total,
        source = progress.source_id,
        outcome = progress.outcome,
    ));
}

/// Keeps the postings fresh: the embedded scheduler and workers crawl each
/// source at its interval until `stopped` turns true.
async fn keep_crawling(
    hub: Hub,
    fetcher: Arc<Fetcher>,
    profile: WorkerProfile,
    metrics: WorkerMetrics,
    stopped: watch::Receiver<bool>,
) -> Result<()> {
    let summary = run_embedded_with(hub, fetcher, profile, metrics, stop_signal(stopped))
        .await
        .context("the embedded scheduler stopped with an error")?;
    say(&format!(
        "jobfeed demo: scheduler stopped after {} crawls ({} ok, {} failed)",
        summary.enqueued, summary.succeeded, summary.failed
    ));
    Ok(())
}

/// The worker profile of the demo: the defaults, with the demo fetcher.
fn demo_profile(address: &str) -> Result<WorkerProfile> {
    Ok(WorkerProfile {
        fetch: demo_fetch_config(address)?,
        ..WorkerProfile::default()
    })
}

/// Resolves once `stopped` turns true (or its sender is gone).
async fn stop_signal(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when
/// this is called, so a signal sent right after is not missed.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}
