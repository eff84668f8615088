//! `jobfeed run`: the production process. Opens the hub on the data
//! directory, schedules crawls of every member source, runs the workers
//! (in-process with the queue in the state database, or through Redis with
//! `--redis`), serves the API, feeds and UI, and on SIGINT/SIGTERM stops
//! taking jobs, finishes those in flight, commits the index and exits 0.
//!
//! The run configuration (`--config`, see `deploy/jobfeed.example.toml`)
//! names the data directory, the member and campaign folders, the index
//! settings, the worker profile and the server; relative paths in it are
//! relative to the file. Command-line options override it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use jobfeed_fetch::Fetcher;
use jobfeed_hub::{Hub, HubConfig};
use jobfeed_index::IndexSettings;
use jobfeed_serve::{AppState, ServeConfig};
use jobfeed_workers::{RunSummary, WorkerMetrics, WorkerProfile};
use prometheus_client::registry::Registry;
use serde::Deserialize;
use tokio::sync::watch;
use url::Url;

/// Arguments of `jobfeed run`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The run configuration (TOML; see deploy/jobfeed.example.toml).
    #[arg(long, env = "JOBFEED_CONFIG")]
    config: Option<PathBuf>,
    /// Send crawl jobs through this Redis (`redis://host:6379/0`) to
    /// `jobfeed worker` processes instead of crawling in-process.
    #[arg(long, env = "JOBFEED_REDIS_URL")]
    redis: Option<String>,
    /// Port of the API and UI (overrides the config's `server.listen` port).
    #[arg(long)]
    port: Option<u16>,
    /// Where state, index and delta files live (overrides `data_dir`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The worker profile (overrides `worker_profile`).
    #[arg(long)]
    profile: Option<PathBuf>,
}

/// The run configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunConfig {
    /// State, index and delta files.
    #[serde(default = "defaults::data_dir")]
    pub(crate) data_dir: PathBuf,
    /// The member files.
    #[serde(default = "defaults::members")]
    pub(crate) members: PathBuf,
    /// The campaign files (none when the folder is missing).
    #[serde(default = "defaults::campaigns")]
    pub(crate) campaigns: PathBuf,
    /// The index settings (defaults when the file is missing).
    #[serde(default = "defaults::index_settings")]
    pub(crate) index_settings: PathBuf,
    /// The worker profile; default `workers/embedded.toml`, or
    /// `workers/redis.toml` with Redis.
    #[serde(default)]
    pub(crate) worker_profile: Option<PathBuf>,
    /// Redis URL (Redis mode when set).
    #[serde(default)]
    pub(crate) redis_url: Option<String>,
    /// The HTTP server.
    #[serde(default)]
    pub(crate) server: ServerConfig,
    /// Keep contact persons' names, e-mails and phone numbers in
    /// descriptions (withheld by default).
    #[serde(default)]
    pub(crate) keep_contacts: bool,
    /// Days an expired posting stays in the history (coverage, statistics)
    /// before it is deleted.
    #[serde(default = "defaults::retention_days")]
    pub(crate) retention_days: u32,
}

/// The `[server]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServerConfig {
    /// Address and port to listen on.
    #[serde(default = "defaults::listen")]
    pub(crate) listen: SocketAddr,
    /// The public address of the service (links in feeds).
    #[serde(default)]
    pub(crate) public_url: Option<Url>,
    /// Origins allowed to call the API from a browser.
    #[serde(default)]
    pub(crate) cors_origins: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: defaults::listen(),
            public_url: None,
            cors_origins: Vec::new(),
        }
    }
}

mod defaults {
    use std::net::SocketAddr;
    use std::path::PathBuf;

    pub(super) fn data_dir() -> PathBuf {
        PathBuf::from("data")
    }
    pub(super) fn members() -> PathBuf {
        PathBuf::from("feeds/members")
    }
    pub(super) fn campaigns() -> PathBuf {
        PathBuf::from("feeds/campaigns")
    }
    pub(super) fn index_settings() -> PathBuf {
        PathBuf::from("index/settings.toml")
    }
    pub(super) fn retention_days() -> u32 {
        365
    }
    pub(super) fn listen() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 8080))
    }
}

impl RunConfig {
    /// Reads `path`, or the defaults without one; relative paths in the
    /// file become relative to its folder.
    pub(crate) fn load(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path else {
            return toml::from_str("").context("the default run configuration");
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the run configuration {}", path.display()))?;
        let mut config: RunConfig = toml::from_str(&text)
            .with_context(|| format!("run configuration {}", path.display()))?;
        if config.retention_days == 0 {
            anyhow::bail!(
                "run configuration {}: retention_days: must be at least 1 (days an expired posting is kept)",
                path.display()
            );
        }
        let base = path.parent().unwrap_or(Path::new(""));
        for dir in [
            &mut config.data_dir,
            &mut config.members,
            &mut config.campaigns,
            &mut config.index_settings,
        ] {
            *dir = base.join(&*dir);
        }
        if let Some(profile) = &mut config.worker_profile {
            *profile = base.join(&*profile);
        }
        Ok(config)
    }

    /// The worker profile path for the chosen mode.
    pub(crate) fn profile_path(&self, redis: bool) -> PathBuf {
        self.worker_profile.clone().unwrap_or_else(|| {
            PathBuf::from(if redis {
                "workers/redis.toml"
            } else {
                "workers/embedded.toml"
            })
        })
    }

    /// Loads members, campaigns and index settings into a hub configuration.
    pub(crate) fn hub_config(&self) -> Result<HubConfig> {
        let members = jobfeed_sources::config::load_dir(&self.members).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow!(
                "the member files in {} do not load:\n{}",
                self.members.display(),
                lines.join("\n")
            )
        })?;
        Ok(HubConfig {
            data_dir: self.data_dir.clone(),
            index_settings: index_settings(&self.index_settings)?,
            members,
            campaigns: campaigns(&self.campaigns)?,
            enrich: jobfeed_enrich::EnrichConfig {
                keep_contacts: self.keep_contacts,
            },
        })
    }
}

/// The index settings file, or the defaults when it is missing.
pub(crate) fn index_settings(path: &Path) -> Result<IndexSettings> {
    if !path.exists() {
        tracing::info!(path = %path.display(), "no index settings file; using the defaults");
        return Ok(IndexSettings::default());
    }
    IndexSettings::load(path).with_context(|| format!("cannot load {}", path.display()))
}

fn campaigns(dir: &Path) -> Result<Vec<jobfeed_campaigns::Campaign>> {
    if !dir.is_dir() {
        tracing::info!(dir = %dir.display(), "no campaign folder; running without campaigns");
        return Ok(Vec::new());
    }
    load_campaigns(dir)
}

/// Loads the campaign folder, every problem of every file in the error.
pub(crate) fn load_campaigns(dir: &Path) -> Result<Vec<jobfeed_campaigns::Campaign>> {
    jobfeed_campaigns::load_dir(dir, &campaign_validation()?).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!(
            "the campaigns in {} do not load:\n{}",
            dir.display(),
            lines.join("\n")
        )
    })
}

/// What a campaign file is checked against: the competence clusters and
/// the Danish regions and municipalities the enrichment knows.
pub(crate) fn campaign_validation() -> Result<jobfeed_campaigns::Validation<'static>> {
    use jobfeed_campaigns::Place;
    let clusters = jobfeed_enrich::clusters::Clusters::embedded()
        .context("cannot load the embedded competence clusters")?;
    let ids: Vec<String> = clusters.all().iter().map(|c| c.id.clone()).collect();
    let places = jobfeed_enrich::geo::Gazetteer::embedded()
        .context("cannot load the embedded Danish geography")?;
    Ok(
        jobfeed_campaigns::Validation::new(ids).with_place_check(move |place| match place {
            Place::Region(name) => places.region(name).map(drop).ok_or_else(|| {
                format!("unknown region {name:?}: use a name such as \"Region Midtjylland\"")
            }),
            Place::Municipality(name) => places
                .lookup_name(name)
                .or_else(|| places.municipality(name))
                .map(drop)
                .ok_or_else(|| {
                    format!("unknown municipality {name:?}: use its name or four-digit code")
                }),
        }),
    )
}

/// Starts the tracing output (stderr; `RUST_LOG` filters, default `info`).
pub(crate) fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A multi-threaded runtime for the long-running commands.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// A switch that turns true on the first SIGINT or SIGTERM (or when the
/// command flips it itself).
pub(crate) fn stop_signal() -> Result<Arc<watch::Sender<bool>>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
    let stop = Arc::new(watch::channel(false).0);
    let switch = Arc::clone(&stop);
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
            _ = int.recv() => tracing::info!("SIGINT: shutting down"),
        }
        switch.send_replace(true);
    });
    Ok(stop)
}

/// A future that resolves when `stop` turns true.
pub(crate) fn stopped(stop: &watch::Sender<bool>) -> impl Future<Output = ()> + Send + 'static {
    let mut rx = stop.subscribe();
    async move {
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// Runs until SIGINT/SIGTERM.
pub(crate) fn run(args: &RunArgs) -> Result<ExitCode> {
    init_logging();
    let mut config = RunConfig::load(args.config.as_deref())?;
    if let Some(dir) = &args.data_dir {
        config.data_dir.clone_from(dir);
    }
    if let Some(port) = args.port {
        config.server.listen.set_port(port);
    }
    let redis = args.redis.clone().or_else(|| config.redis_url.clone());
    let profile_path = args
        .profile
        .clone()
        .unwrap_or_else(|| config.profile_path(redis.is_some()));
    let profile = WorkerProfile::load(&profile_path)?;
    runtime()?.block_on(serve_and_crawl(config, profile, redis))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve_and_crawl(
    config: RunConfig,
    profile: WorkerProfile,
    redis: Option<String>,
) -> Result<()> {
    let stop = stop_signal()?;
    let listener = tokio::net::TcpListener::bind(config.server.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {}; choose another with --port",
                config.server.listen
            )
        })?;
    let address = listener.local_addr()?;
    let mut registry = Registry::default();
    let hub = Hub::open(config.hub_config()?, &mut registry)
        .await
        .with_context(|| format!("cannot open the hub on {}", config.data_dir.display()))?;
    let metrics = WorkerMetrics::register(&mut registry);
    let fetcher =
        Arc::new(Fetcher::new(profile.fetch.clone()).context("the profile's [fetch] table")?);
    let public_url = match &config.server.public_url {
        Some(url) => url.clone(),
        None => Url::parse(&format!("http://{address}/")).context("the listen address")?,
    };
    let state = AppState {
        hub: hub.clone(),
        fetcher: Arc::clone(&fetcher),
        metrics: Arc::new(registry),
        config: Arc::new(ServeConfig {
            public_url,
            cors_origins: config.server.cors_origins.clone(),
        }),
    };
    let app = jobfeed_serve::app(state, jobfeed_web::router());
    let server = tokio::spawn(jobfeed_serve::serve(listener, app, stopped(&stop)));
    tokio::spawn(keep_history(
        hub.clone(),
        config.retention_days,
        stopped(&stop),
    ));
    println!(
        "jobfeed run: serving on http://{address} (data in {})",
        config.data_dir.display()
    );
    let summary = match &redis {
        Some(url) => {
            tracing::info!(queue = %profile.queue.crawl, "Redis mode: crawl jobs go to `jobfeed worker` processes");
            jobfeed_workers::run_redis_hub(hub.clone(), url, profile, metrics, stopped(&stop)).await
        }
        None => {
            jobfeed_workers::run_embedded_with(
                hub.clone(),
                fetcher,
                profile,
                metrics,
                stopped(&stop),
            )
            .await
        }
    };
    // Whatever ended the crawling, stop the server too before committing.
    stop.send_replace(true);
    let server_result = server.await.context("the server task panicked")?;
    hub.shutdown()
        .await
        .context("cannot shut the hub down (index commit)")?;
    let summary: RunSummary = summary?;
    server_result.context("the server failed")?;
    println!(
        "jobfeed run: stopped; {} crawl jobs queued, {} succeeded, {} failed",
        summary.enqueued, summary.succeeded, summary.failed
    );
    Ok(())
}

/// Deletes postings expired longer than `retention_days` ago, at start and
/// then daily, until `stop`.
async fn keep_history(hub: Hub, retention_days: u32, stop: impl Future<Output = ()>) {
    const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);
    let mut daily = tokio::time::interval(DAY);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = daily.tick() => {}
        }
        let before = chrono::Utc::now() - chrono::TimeDelta::days(i64::from(retention_days));
        match hub.state().purge_expired_before(before).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(
                purged,
                retention_days,
                "expired postings deleted from the history"
            ),
            Err(error) => {
                tracing::warn!(%error, "cannot delete old expired postings; trying again tomorrow")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy")
            .join(path)
    }

    #[test]
    fn the_example_configurations_load() {
        let example = RunConfig::load(Some(&deploy("jobfeed.example.toml"))).unwrap();
        assert_eq!(example.data_dir, PathBuf::from("/var/lib/jobfeed"));
        assert!(example.members.ends_with("deploy/feeds/members"));
        assert_eq!(example.server.listen.port(), 8080);
        assert!(example.redis_url.is_none());
        let compose = RunConfig::load(Some(&deploy("compose/jobfeed.toml"))).unwrap();
        assert_eq!(compose.redis_url.as_deref(), Some("redis://redis:6379/0"));
        assert!(compose.profile_path(true).ends_with("workers/redis.toml"));
    }

    #[test]
    fn unknown_keys_are_refused_and_defaults_apply() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jobfeed.toml");
        std::fs::write(&path, "data_dir = \"d\"\nworkers = 3\n").unwrap();
        let error = format!("{:#}", RunConfig::load(Some(&path)).unwrap_err());
        assert!(
            error.contains("workers") && error.contains("jobfeed.toml"),
            "{error}"
        );
        std::fs::write(&path, "retention_days = 0\n").unwrap();
        let error = format!("{:#}", RunConfig::load(Some(&path)).unwrap_err());
        assert!(error.contains("retention_days"), "{error}");
        std::fs::write(&path, "retention_days = 90\nkeep_contacts = true\n").unwrap();
        let policy = RunConfig::load(Some(&path)).unwrap();
        assert_eq!(policy.retention_days, 90);
        assert!(policy.keep_contacts);
        let defaults = RunConfig::load(None).unwrap();
        assert_eq!(defaults.retention_days, 365);
        assert!(!defaults.keep_contacts);
        assert_eq!(defaults.members, PathBuf::from("feeds/members"));
        assert_eq!(
            defaults.profile_path(false),
            PathBuf::from("workers/embedded.toml")
        );
    }
}
