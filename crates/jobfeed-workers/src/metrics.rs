//! The workers' Prometheus metrics, registered next to the hub's in one
//! registry: `jobfeed_queue_depth{queue}` (jobs waiting in a queue, set by
//! the hub's scheduler), `jobfeed_fetch_seconds{outcome}` (how long a worker
//! took to fetch and parse one source: `ok`, `not_modified` or `failed`) and
//! `jobfeed_worker_crawls_total{outcome}` (crawls a worker did, counted where
//! they ran; the hub's `jobfeed_crawls_total` counts them on ingest).
//!
//! [`serve_metrics`] serves a registry as `GET /metrics` for `jobfeed worker`
//! processes, which have no API server of their own.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::error::WorkerError;

type Labels = Vec<(String, String)>;
type HistogramFamily = Family<Labels, Histogram, fn() -> Histogram>;

/// Handles to the workers' metrics; cheap to clone, clones share values.
#[derive(Debug, Clone)]
pub struct WorkerMetrics {
    queue_depth: Family<Labels, Gauge>,
    fetch_seconds: HistogramFamily,
    crawls: Family<Labels, Counter>,
}

impl Default for WorkerMetrics {
    fn default() -> Self {
        Self {
            queue_depth: Family::default(),
            fetch_seconds: Family::new_with_constructor(fetch_histogram),
            crawls: Family::default(),
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
        registry.register(
            "jobfeed_worker_crawls",
            "Crawls of sources done by this process's workers, by outcome",
            metrics.crawls.clone(),
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
        self.crawls.get_or_create(&labels).inc();
    }
}

/// The content type of the OpenMetrics text encoding.
const METRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Opens `addr` and returns the server of `GET /metrics` (every metric in
/// `registry`, OpenMetrics text) running until `shutdown` resolves; spawn it.
///
/// # Errors
///
/// [`WorkerError::MetricsListen`] when `addr` cannot be opened (in use, not
/// an address of this machine).
pub async fn serve_metrics(
    addr: SocketAddr,
    registry: Arc<Registry>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<impl Future<Output = ()> + Send + 'static, WorkerError> {
    let listener =
        tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| WorkerError::MetricsListen {
                addr: addr.to_string(),
                message: e.to_string(),
            })?;
    let app = Router::new()
        .route("/metrics", get(metrics_text))
        .with_state(registry);
    tracing::info!(%addr, "serving /metrics");
    Ok(async move {
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::warn!(%addr, %error, "the /metrics server stopped");
        }
    })
}

async fn metrics_text(State(registry): State<Arc<Registry>>) -> Response {
    let mut text = String::new();
    match prometheus_client::encoding::text::encode(&mut text, &registry) {
        Ok(()) => ([(CONTENT_TYPE, METRICS_CONTENT_TYPE)], text).into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the metrics: {error}"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn metrics_are_served_and_a_taken_address_is_refused() {
        let mut registry = Registry::default();
        let metrics = WorkerMetrics::register(&mut registry);
        metrics.observe_fetch("ok", Duration::from_millis(120));
        let registry = Arc::new(registry);
        // A free port, held open first to prove a taken one is refused.
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let refused = serve_metrics(addr, Arc::clone(&registry), async {}).await;
        assert!(
            matches!(refused, Err(WorkerError::MetricsListen { .. })),
            "a taken address must be refused"
        );
        drop(taken);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = serve_metrics(addr, registry, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
        let task = tokio::spawn(server);
        let response = reqwest::get(format!("http://{addr}/metrics"))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert!(
            text.contains("jobfeed_fetch_seconds_count{outcome=\"ok\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("jobfeed_worker_crawls_total{outcome=\"ok\"} 1"),
            "{text}"
        );
        let _ = stop.send(());
        task.await.unwrap();
    }
}
