//! Shared helpers of the worker tests: a Redis to talk to (REDIS_URL, or an
//! own `redis-server` on a free port), test worker profiles with their own
//! queue names, `jobfeed` processes, and waiting for crawl rounds.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jobfeed_hub::{Hub, HubConfig};
use jobfeed_index::IndexSettings;
use jobfeed_state::{SourceId, StateStore};
use jobfeed_testsites::world::{self, World, WorldOptions};
use jobfeed_workers::{RunSummary, WorkerMetrics, WorkerProfile};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The repository root.
pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// A unique name for this test's queues and keys.
pub(crate) fn prefix(test: &str) -> String {
    format!(
        "t{}-{}-{}",
        std::process::id(),
        test,
        chrono::Utc::now().timestamp_millis()
    )
}

/// Starts the demo world with its first site on `127.0.{block}.1`.
pub(crate) async fn start_world(block: u8) -> World {
    world::start(WorldOptions {
        first_ip: Ipv4Addr::new(127, 0, block, 1),
        ..WorldOptions::default()
    })
    .await
    .expect("the fixture world starts")
}

/// A worker profile for tests: its own queue names and key prefix, fast
/// heartbeats, loopback allowed, `delay_ms` between requests to one host.
pub(crate) fn profile_toml(prefix: &str, concurrency: usize, delay_ms: u64) -> String {
    format!(
        r#"
[workers]
concurrency = {concurrency}
job_timeout = "20s"

[schedule]
default_interval = "1h"
jitter = 0.05
first_crawl_spread = "300ms"
max_backoff = "2h"
tick = "100ms"
lease = "30s"
retry_enqueue = "300ms"

[queue]
crawl = "{prefix}:crawl"
reports = "{prefix}:reports"
key_prefix = "{prefix}"
heartbeat = "1s"
missed_heartbeats = 2

[fetch]
contact_url = "https://jobfeed.example.dk/bot"
allow_networks = ["127.0.0.0/8"]
per_host_concurrency = 2
per_host_delay_ms = {delay_ms}
total_timeout_ms = 5000
max_attempts = 2
backoff_base_ms = 20
max_retry_after_ms = 1000
"#
    )
}

/// Opens a hub on `data_dir` for the world's members.
pub(crate) async fn open_hub(
    members: Vec<jobfeed_sources::config::Member>,
    data_dir: &Path,
) -> Hub {
    let config = HubConfig {
        data_dir: data_dir.to_path_buf(),
        index_settings: IndexSettings::load(&repo("index/settings.toml")).expect("index settings"),
        members,
        campaigns: Vec::new(),
        enrich: jobfeed_enrich::EnrichConfig::default(),
    };
    let mut registry = prometheus_client::registry::Registry::default();
    Hub::open(config, &mut registry)
        .await
        .expect("the hub opens")
}

/// The hub side of Redis mode running in the test process.
pub(crate) struct RunningHub {
    pub(crate) hub: Hub,
    stop: oneshot::Sender<()>,
    task: JoinHandle<RunSummary>,
}

/// Opens a hub for the world on `dir` and runs its Redis side.
pub(crate) async fn start_hub(
    world: &World,
    dir: &Path,
    redis: &str,
    profile: &WorkerProfile,
) -> RunningHub {
    let hub = open_hub(world.members(), dir).await;
    let (stop, stopped) = oneshot::channel::<()>();
    let (url, profile, runner) = (redis.to_owned(), profile.clone(), hub.clone());
    let task = tokio::spawn(async move {
        let stopped = async move {
            let _ = stopped.await;
        };
        jobfeed_workers::run_redis_hub(runner, &url, profile, WorkerMetrics::default(), stopped)
            .await
            .expect("hub run")
    });
    RunningHub { hub, stop, task }
}

/// Stops the hub's Redis side, then the hub (index committed).
pub(crate) async fn stop_hub(running: RunningHub) -> RunSummary {
    let _ = running.stop.send(());
    let summary = running.task.await.expect("hub task");
    running.hub.shutdown().await.expect("hub shutdown");
    summary
}

/// Starts `jobfeed worker` (concurrency 2) with `extra` arguments, logging
/// to `{dir}/{name}.log`.
pub(crate) fn start_worker(
    dir: &Path,
    name: &str,
    redis: &str,
    profile: &Path,
    extra: &[&str],
) -> Process {
    let profile = profile.display().to_string();
    let mut args = vec![
        "worker",
        "--redis",
        redis,
        "--profile",
        &profile,
        "--concurrency",
        "2",
    ];
    args.extend_from_slice(extra);
    Process::start(&args, dir.join(format!("{name}.log")))
}

/// How many of the world's sources have a recorded crawl in `state`.
pub(crate) async fn crawled_sources(state: &StateStore, world: &World) -> usize {
    let mut crawled = 0;
    for source in world.sources() {
        let id = SourceId::new(source.source_id.clone());
        if let Ok(Some(s)) = state.source_state(&id).await
            && s.last_crawl_at.is_some()
        {
            crawled += 1;
        }
    }
    crawled
}

/// Waits until `done()` is true; panics with `what` after `limit`.
pub(crate) async fn wait_until<F, Fut>(what: &str, limit: Duration, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let started = Instant::now();
    while !done().await {
        assert!(
            started.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A `jobfeed` process; killed when dropped.
#[derive(Debug)]
pub(crate) struct Process {
    pub(crate) child: Child,
    pub(crate) log: PathBuf,
}

impl Process {
    /// Starts `jobfeed ARGS`, its stdout and stderr going to `log`.
    pub(crate) fn start(args: &[&str], log: PathBuf) -> Process {
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_jobfeed"))
            .args(args)
            .env("RUST_LOG", "info,apalis=warn")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("jobfeed starts");
        Process { child, log }
    }

    /// Sends `signal` (`KILL`, `TERM`).
    pub(crate) fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} failed");
    }

    /// Waits for the exit (at most `limit`) and returns whether it was 0.
    pub(crate) fn wait_exit(&mut self, limit: Duration) -> bool {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.success();
            }
            assert!(
                started.elapsed() < limit,
                "the process did not exit within {limit:?}; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process's output so far.
    pub(crate) fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Redis a test talks to: `REDIS_URL` when set, else an own
/// `redis-server` on a free port with its data in a temporary folder
/// (append-only file, so a restart keeps the queues).
#[derive(Debug)]
pub(crate) struct TestRedis {
    url: String,
    own: Option<OwnRedis>,
}

#[derive(Debug)]
struct OwnRedis {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl TestRedis {
    /// `REDIS_URL`, or an own server. Fails (never skips) when neither is
    /// available.
    pub(crate) async fn start() -> TestRedis {
        if let Ok(url) = std::env::var("REDIS_URL") {
            return TestRedis { url, own: None };
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = spawn_redis(port, dir.path());
        let redis = TestRedis {
            url: format!("redis://127.0.0.1:{port}/0"),
            own: Some(OwnRedis { child, port, dir }),
        };
        redis.wait_ready().await;
        redis
    }

    /// The URL to connect to.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Whether this test started the server itself (and may restart it).
    pub(crate) fn is_own(&self) -> bool {
        self.own.is_some()
    }

    /// Stops the own server (SIGTERM: it writes its data), waits `down`,
    /// and starts it again on the same port and data folder.
    pub(crate) async fn restart(&mut self, down: Duration) {
        let own = self.own.as_mut().expect("only an own Redis is restarted");
        let _ = Command::new("kill")
            .args(["-TERM", &own.child.id().to_string()])
            .status();
        let _ = own.child.wait();
        tokio::time::sleep(down).await;
        own.child = spawn_redis(own.port, own.dir.path());
        self.wait_ready().await;
    }

    async fn wait_ready(&self) {
        let client = redis::Client::open(self.url.as_str()).expect("redis URL");
        let url = self.url.clone();
        wait_until(&format!("redis at {url}"), Duration::from_secs(10), || {
            let client = client.clone();
            async move {
                match client.get_multiplexed_async_connection().await {
                    Ok(mut conn) => redis::cmd("PING")
                        .query_async::<String>(&mut conn)
                        .await
                        .is_ok(),
                    Err(_) => false,
                }
            }
        })
        .await;
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        if let Some(own) = &mut self.own {
            let _ = own.child.kill();
            let _ = own.child.wait();
        }
    }
}

fn spawn_redis(port: u16, dir: &Path) -> Child {
    Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--dir",
            &dir.display().to_string(),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start redis-server ({e}): install it (`apt install redis-server`) or set REDIS_URL to a Redis the tests may use"
            )
        })
}
