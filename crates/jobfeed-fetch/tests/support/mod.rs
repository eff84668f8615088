//! Loopback test servers that log every request they receive, so tests assert
//! on what actually reached the server.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use jobfeed_fetch::FetchConfig;
use url::Url;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) method: String,
    /// Path and query.
    pub(crate) target: String,
    pub(crate) headers: HeaderMap,
    pub(crate) at: Instant,
}

/// A running axum server on a loopback address.
#[derive(Debug, Clone)]
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    log: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    /// Serves `router` on `ip` (a 127.0.0.0/8 address) and an ephemeral port.
    pub(crate) async fn start(ip: &str, router: Router) -> Self {
        let log = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&log);
        let app = router.layer(middleware::from_fn(move |request: Request, next: Next| {
            let record = Arc::clone(&record);
            async move {
                record.lock().unwrap().push(Hit {
                    method: request.method().to_string(),
                    target: request
                        .uri()
                        .path_and_query()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    headers: request.headers().clone(),
                    at: Instant::now(),
                });
                next.run(request).await
            }
        }));
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { addr, log }
    }

    /// Returns the URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).expect("test URL")
    }

    /// Returns every request received so far.
    pub(crate) fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }

    /// Returns the requests whose path starts with `prefix`.
    pub(crate) fn hits_to(&self, prefix: &str) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| h.target.starts_with(prefix))
            .collect()
    }
}

/// A fast configuration for tests that may reach all of 127.0.0.0/8.
pub(crate) fn config() -> FetchConfig {
    FetchConfig {
        contact_url: Url::parse("https://example.org/jobfeed-bot").ok(),
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        per_host_delay: Duration::from_millis(10),
        backoff_base: Duration::from_millis(100),
        allow_networks: vec!["127.0.0.0/8".parse().unwrap()],
        ..FetchConfig::default()
    }
}

/// Gaps between consecutive request arrivals.
pub(crate) fn gaps(hits: &[Hit]) -> Vec<Duration> {
    hits.windows(2)
        .map(|w| w[1].at.duration_since(w[0].at))
        .collect()
}
