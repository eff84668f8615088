//! The hub's Prometheus metrics, registered by [`crate::Hub::open`]:
//! crawls by outcome, crawl duration, postings by status, index commit
//! time, freshness lag and source alarms.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use jobfeed_index::IndexStats;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Failed crawls in a row that raise a source's alarm.
pub(crate) const ALARM_FAILURES: u64 = 3;

/// The `outcome` label of `jobfeed_crawls_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// The `status` label of `jobfeed_postings`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: &'static str,
}

/// The hub's metrics; the registry holds clones that read the same values.
#[derive(Debug)]
pub(crate) struct Metrics {
    crawls: Family<OutcomeLabel, Counter>,
    crawl_duration: Histogram,
    postings: Family<StatusLabel, Gauge>,
    commit_seconds: Histogram,
    freshness_lag: Histogram,
    alarms: Gauge,
    /// Which sources are alarmed now.
    alarmed: Mutex<HashMap<String, bool>>,
    /// Index commits already observed (the writer commits on its own).
    commits_seen: Mutex<(u64, u64)>,
}

impl Metrics {
    /// Creates the metrics and registers them in `registry`.
    pub(crate) fn register(registry: &mut Registry) -> Metrics {
        let metrics = Metrics {
            crawls: Family::default(),
            // 50 ms … ~7 min.
            crawl_duration: Histogram::new(exponential_buckets(0.05, 2.0, 14)),
            postings: Family::default(),
            // 1 ms … ~16 s.
            commit_seconds: Histogram::new(exponential_buckets(0.001, 2.0, 15)),
            // 1 s … ~97 days.
            freshness_lag: Histogram::new(exponential_buckets(1.0, 3.0, 16)),
            alarms: Gauge::default(),
            alarmed: Mutex::new(HashMap::new()),
            commits_seen: Mutex::new((0, 0)),
        };
        registry.register(
            "jobfeed_crawls",
            "Crawls of sources by outcome (success, not_modified, failed)",
            metrics.crawls.clone(),
        );
        registry.register(
            "jobfeed_crawl_duration_seconds",
            "Time a crawl of one source took",
            metrics.crawl_duration.clone(),
        );
        registry.register(
            "jobfeed_postings",
            "Postings held in the state by status (active, expired)",
            metrics.postings.clone(),
        );
        registry.register(
            "jobfeed_index_commit_seconds",
            "Time an index commit took, reader reload included",
            metrics.commit_seconds.clone(),
        );
        registry.register(
            "jobfeed_freshness_lag_seconds",
            "From a posting's date_posted (or first seen on its source) to it being indexed",
            metrics.freshness_lag.clone(),
        );
        registry.register(
            "jobfeed_source_alarms",
            "Sources failing several crawls in a row or dropping to 0 postings after having some",
            metrics.alarms.clone(),
        );
        metrics
    }

    /// Counts one crawl.
    pub(crate) fn crawl(&self, outcome: &'static str, duration: Duration) {
        self.crawls.get_or_create(&OutcomeLabel { outcome }).inc();
        self.crawl_duration.observe(duration.as_secs_f64());
    }

    /// Sets the posting gauges.
    pub(crate) fn postings(&self, active: u64, expired: u64) {
        for (status, n) in [("active", active), ("expired", expired)] {
            self.postings
                .get_or_create(&StatusLabel { status })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    /// Observes a posting that became searchable `lag` after it appeared.
    pub(crate) fn freshness(&self, lag: Duration) {
        self.freshness_lag.observe(lag.as_secs_f64());
    }

    /// Observes the commits the index made since the last call (their mean
    /// time: the writer reports totals).
    pub(crate) fn commits(&self, stats: IndexStats) {
        let mut seen = lock(&self.commits_seen);
        let (commits, micros) = *seen;
        let new = stats.commits.saturating_sub(commits);
        let spent = stats.commit_micros_total.saturating_sub(micros);
        if let Some(mean) = spent.checked_div(new) {
            let mean = Duration::from_micros(mean).as_secs_f64();
            (0..new).for_each(|_| self.commit_seconds.observe(mean));
        }
        *seen = (stats.commits, stats.commit_micros_total);
    }

    /// Records whether a source is alarmed now.
    pub(crate) fn alarm(&self, source_id: &str, alarmed: bool) {
        let mut map = lock(&self.alarmed);
        map.insert(source_id.to_owned(), alarmed);
        let count = map.values().filter(|a| **a).count();
        self.alarms.set(i64::try_from(count).unwrap_or(i64::MAX));
    }

    /// Whether a source is alarmed now.
    pub(crate) fn is_alarmed(&self, source_id: &str) -> bool {
        lock(&self.alarmed).get(source_id).copied().unwrap_or(false)
    }
}

/// Locks a mutex, taking over its value if a holder panicked (the counters
/// stay usable).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
