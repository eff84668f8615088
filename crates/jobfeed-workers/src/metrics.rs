//! The workers' Prometheus metrics, registered next to the hub's in one
//! registry: `jobfeed_queue_depth{queue}` (jobs waiting in a queue) and
//! `jobfeed_fetch_seconds{outcome}` (how long a worker took to fetch and
//! parse one source: `ok`, `not_modified` or `failed`).

use std::time::Duration;

use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = Vec<(String, String)>;
type HistogramFamily = Family<Labels, Histogram, fn() -> Histogram>;

/// Handles to the workers' metrics; cheap to clone, clones share values.
#[derive(Debug, Clone)]
pub struct WorkerMetrics {
    queue_depth: Family<Labels, Gauge>,
    fetch_seconds: HistogramFamily,
}

impl Default for WorkerMetrics {
    fn default() -> Self {
        Self {
            queue_depth: Family::default(),
            fetch_seconds: Family::new_with_constructor(fetch_histogram),
        }
    }
}

fn fetch_histogram() -> Histogram {
    // 50 ms to about 100 s.
    Histogram::new(exponential_buckets(0.05, 2.0, 12))
}

impl WorkerMetrics {
    /// Creates the metrics and registers them in `registry`.
    pub fn register(registry: &mut Registry) -> Self {
        let metrics = Self::default();
        registry.register(
            "jobfeed_queue_depth",
            "Jobs waiting in a queue",
            metrics.queue_depth.clone(),
        );
        registry.register(
            "jobfeed_fetch_seconds",
            "Time a worker took to fetch and parse one source, by outcome",
            metrics.fetch_seconds.clone(),
        );
        metrics
    }

    /// Records the jobs waiting in `queue`.
    pub fn set_queue_depth(&self, queue: &str, depth: u64) {
        let labels = vec![("queue".to_owned(), queue.to_owned())];
        self.queue_depth
            .get_or_create(&labels)
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
    }

    /// Records one crawl of a source by a worker.
    pub fn observe_fetch(&self, outcome: &str, took: Duration) {
        let labels = vec![("outcome".to_owned(), outcome.to_owned())];
        self.fetch_seconds
            .get_or_create(&labels)
            .observe(took.as_secs_f64());
    }
}
