//! Worker profiles (`workers/embedded.toml`, `workers/redis.toml`): how many
//! crawls run at once, how sources are scheduled, the queue names and the
//! fetcher's politeness and timeouts.
//!
//! A profile is TOML with four tables, each optional (defaults below):
//!
//! ```toml
//! [workers]            # concurrency = 4, job_timeout = "5m", metrics_listen = none
//! [schedule]           # default_interval = "1h", jitter = 0.1, first_crawl_spread = "1m",
//!                      # max_backoff = "12h", tick = "1s", lease = "30m", retry_enqueue = "10s"
//! [queue]              # crawl = "jobfeed:crawl", reports = "jobfeed:reports", key_prefix = "jobfeed",
//!                      # heartbeat = "10s", missed_heartbeats = 3, keep_finished = "1h", vacuum_every = "10m"
//! [fetch]              # jobfeed_fetch::FetchConfig: contact_url, per_host_delay_ms, timeouts, ...
//! ```
//!
//! Unknown keys are refused; [`WorkerProfile::load`] validates every value and
//! names the file and the field of the first problem.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use jobfeed_fetch::FetchConfig;
use serde::Deserialize;

use crate::duration::text;
use crate::error::ProfileError;

/// A worker profile: concurrency, scheduling, queues and fetching.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerProfile {
    /// How many crawls run at once and for how long.
    #[serde(default)]
    pub workers: WorkerSettings,
    /// When sources are crawled.
    #[serde(default)]
    pub schedule: ScheduleSettings,
    /// Queue names and queue upkeep.
    #[serde(default)]
    pub queue: QueueSettings,
    /// The fetcher: identity, per-host concurrency and delay, timeouts, caps.
    #[serde(default)]
    pub fetch: FetchConfig,
}

/// The `[workers]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkerSettings {
    /// Crawl jobs in flight at once in one process.
    pub concurrency: usize,
    /// Longest time for one crawl job (fetch, parse and, embedded, ingest).
    #[serde(with = "text")]
    pub job_timeout: Duration,
    /// Where a `jobfeed worker` process serves `GET /metrics`
    /// (`"0.0.0.0:9101"`); none by default. The hub serves its metrics
    /// with its API instead.
    pub metrics_listen: Option<SocketAddr>,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            concurrency: 4,
            job_timeout: Duration::from_mins(5),
            metrics_listen: None,
        }
    }
}

/// The `[schedule]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleSettings {
    /// Interval of a source whose member file gives none.
    #[serde(with = "text")]
    pub default_interval: Duration,
    /// Each next crawl moves by up to this fraction of the interval, either
    /// way, so sources with one interval do not fire together (0 to 0.5).
    pub jitter: f64,
    /// New (never crawled) and changed sources are first crawled within
    /// this window, spread evenly by source.
    #[serde(with = "text")]
    pub first_crawl_spread: Duration,
    /// A failing source waits its interval times 2^failures, at most this
    /// long (and never less than its interval).
    #[serde(with = "text")]
    pub max_backoff: Duration,
    /// How often the scheduler looks for due sources.
    #[serde(with = "text")]
    pub tick: Duration,
    /// A job with no result after this long counts as lost (its worker or
    /// the Redis data died) and its source is queued again.
    #[serde(with = "text")]
    pub lease: Duration,
    /// After a failed enqueue (queue unreachable), try the source again
    /// after this long.
    #[serde(with = "text")]
    pub retry_enqueue: Duration,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        Self {
            default_interval: Duration::from_hours(1),
            jitter: 0.1,
            first_crawl_spread: Duration::from_mins(1),
            max_backoff: Duration::from_hours(12),
            tick: Duration::from_secs(1),
            lease: Duration::from_mins(30),
            retry_enqueue: Duration::from_secs(10),
        }
    }
}

/// The `[queue]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueSettings {
    /// Queue of crawl jobs (embedded and Redis).
    pub crawl: String,
    /// Queue of crawl reports from Redis workers to the hub.
    pub reports: String,
    /// Prefix of jobfeed's own Redis keys (the shared per-host politeness).
    pub key_prefix: String,
    /// How often a worker tells the queue it is alive.
    #[serde(with = "text")]
    pub heartbeat: Duration,
    /// Missed heartbeats after which a worker is dead and its jobs are
    /// handed to the others.
    pub missed_heartbeats: usize,
    /// Finished jobs are deleted from the queue after this long.
    #[serde(with = "text")]
    pub keep_finished: Duration,
    /// How often finished jobs are deleted.
    #[serde(with = "text")]
    pub vacuum_every: Duration,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            crawl: "jobfeed:crawl".to_owned(),
            reports: "jobfeed:reports".to_owned(),
            key_prefix: "jobfeed".to_owned(),
            heartbeat: Duration::from_secs(10),
            missed_heartbeats: 3,
            keep_finished: Duration::from_hours(1),
            vacuum_every: Duration::from_mins(10),
        }
    }
}

impl QueueSettings {
    /// How long a silent worker is given before its jobs go to others.
    pub fn orphaned_after(&self) -> Duration {
        self.heartbeat
            .saturating_mul(u32::try_from(self.missed_heartbeats).unwrap_or(u32::MAX))
    }
}

impl WorkerProfile {
    /// Reads and validates the profile file at `path`.
    ///
    /// # Errors
    ///
    /// [`ProfileError`] naming the file and, for bad values, the field.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Reads and validates profile TOML; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// [`ProfileError`] naming `origin` and, for bad values, the field.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, ProfileError> {
        let profile: WorkerProfile = toml::from_str(text).map_err(|e| ProfileError::Parse {
            path: origin.to_owned(),
            message: e.to_string(),
        })?;
        profile.validate(origin)?;
        Ok(profile)
    }

    /// Checks every value; `origin` names the profile in errors.
    ///
    /// # Errors
    ///
    /// [`ProfileError::Invalid`] naming the first offending field.
    pub fn validate(&self, origin: &str) -> Result<(), ProfileError> {
        let invalid = |field: &str, reason: String| ProfileError::Invalid {
            path: origin.to_owned(),
            field: field.to_owned(),
            reason,
        };
        let (w, s, q) = (&self.workers, &self.schedule, &self.queue);
        if !(1..=4096).contains(&w.concurrency) {
            return Err(invalid("workers.concurrency", "must be 1 to 4096".into()));
        }
        if w.metrics_listen.is_some_and(|addr| addr.port() == 0) {
            return Err(invalid(
                "workers.metrics_listen",
                "needs a fixed port (Prometheus scrapes a known address)".into(),
            ));
        }
        let positive = [
            ("workers.job_timeout", w.job_timeout),
            ("schedule.tick", s.tick),
            ("schedule.retry_enqueue", s.retry_enqueue),
            ("queue.keep_finished", q.keep_finished),
            ("queue.vacuum_every", q.vacuum_every),
        ];
        for (field, value) in positive {
            if value.is_zero() {
                return Err(invalid(field, "must be greater than 0".into()));
            }
        }
        if s.default_interval < Duration::from_secs(1) {
            return Err(invalid(
                "schedule.default_interval",
                "must be at least 1s".into(),
            ));
        }
        if !(0.0..=0.5).contains(&s.jitter) {
            return Err(invalid("schedule.jitter", "must be 0 to 0.5".into()));
        }
        if s.max_backoff < s.default_interval {
            return Err(invalid(
                "schedule.max_backoff",
                "must be at least schedule.default_interval".into(),
            ));
        }
        if s.lease <= w.job_timeout {
            return Err(invalid(
                "schedule.lease",
                "must be longer than workers.job_timeout, or running jobs would be queued twice"
                    .into(),
            ));
        }
        if q.heartbeat < Duration::from_secs(1) {
            return Err(invalid("queue.heartbeat", "must be at least 1s".into()));
        }
        if q.missed_heartbeats == 0 {
            return Err(invalid(
                "queue.missed_heartbeats",
                "must be at least 1".into(),
            ));
        }
        for (field, name) in [
            ("queue.crawl", &q.crawl),
            ("queue.reports", &q.reports),
            ("queue.key_prefix", &q.key_prefix),
        ] {
            if name.trim().is_empty() {
                return Err(invalid(field, "must not be empty".into()));
            }
        }
        if q.crawl == q.reports {
            return Err(invalid(
                "queue.reports",
                "must differ from queue.crawl".into(),
            ));
        }
        self.fetch
            .validate()
            .map_err(|e| invalid("fetch", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn shipped(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../workers")
            .join(name)
    }

    #[test]
    fn the_shipped_profiles_load() {
        let embedded = WorkerProfile::load(&shipped("embedded.toml")).unwrap();
        assert_eq!(embedded.queue.crawl, "jobfeed:crawl");
        assert_eq!(embedded.schedule.default_interval, Duration::from_hours(1));
        let redis = WorkerProfile::load(&shipped("redis.toml")).unwrap();
        assert_eq!(redis.queue.reports, "jobfeed:reports");
        assert_eq!(redis.fetch.per_host_delay, Duration::from_secs(2));
        assert_eq!(redis.queue.orphaned_after(), Duration::from_secs(30));
    }

    const MINIMAL: &str = "[fetch]\ncontact_url = \"https://example.org/bot\"\n";

    fn error_of(extra: &str) -> String {
        WorkerProfile::from_toml(&format!("{extra}\n{MINIMAL}"), "w.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn defaults_fill_missing_tables() {
        let profile = WorkerProfile::from_toml(MINIMAL, "w.toml").unwrap();
        assert_eq!(profile.workers, WorkerSettings::default());
        assert_eq!(profile.queue, QueueSettings::default());
        assert_eq!(profile.workers.metrics_listen, None);
        let listening = WorkerProfile::from_toml(
            &format!("[workers]\nmetrics_listen = \"0.0.0.0:9101\"\n{MINIMAL}"),
            "w.toml",
        )
        .unwrap();
        assert_eq!(
            listening.workers.metrics_listen,
            Some("0.0.0.0:9101".parse().unwrap())
        );
    }

    #[test]
    fn errors_name_the_file_and_the_field() {
        let e = error_of("[workers]\nconcurrency = 0");
        assert!(
            e.contains("w.toml") && e.contains("workers.concurrency"),
            "{e}"
        );
        let e = error_of("[schedule]\njitter = 0.9");
        assert!(e.contains("schedule.jitter"), "{e}");
        let e = error_of("[schedule]\nlease = \"1m\"");
        assert!(e.contains("schedule.lease"), "{e}");
        let e = error_of("[queue]\nreports = \"jobfeed:crawl\"");
        assert!(e.contains("queue.reports"), "{e}");
        let e = error_of("[schedule]\ntick = \"soon\"");
        assert!(e.contains("w.toml") && e.contains("not a duration"), "{e}");
        let e = error_of("[workers]\nmetrics_listen = \"127.0.0.1:0\"");
        assert!(e.contains("workers.metrics_listen"), "{e}");
        let e = error_of("[workers]\nmetrics_listen = \"localhost\"");
        assert!(e.contains("metrics_listen"), "{e}");
        let e = error_of("[workers]\nthreads = 3");
        assert!(e.contains("threads"), "{e}");
        let e = WorkerProfile::from_toml("", "w.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("fetch") && e.contains("contact_url"), "{e}");
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = WorkerProfile::load(Path::new("/nonexistent/w.toml")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/w.toml"), "{e}");
    }
}
