//! Serving a fixture site on a loopback address, with a log of every
//! request it received (politeness tests measure from it) and a
//! [`SiteControl`] that switches faults, robots.txt and conditional GET at
//! runtime.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::faults::{self, SiteControl};

/// One request as the site saw it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// When it arrived.
    pub at: Instant,
    /// When its response was ready.
    pub done: Instant,
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Status sent.
    pub status: u16,
    /// Whether the request was conditional (`If-None-Match` or
    /// `If-Modified-Since`).
    pub conditional: bool,
}

/// The requests a site received, in arrival order.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<LoggedRequest>>>);

impl RequestLog {
    /// A copy of the log.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.0.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// How many requests asked for a path starting with `prefix`
    /// (robots.txt included only when `prefix` names it).
    pub fn count(&self, prefix: &str) -> usize {
        self.entries()
            .iter()
            .filter(|e| e.path.starts_with(prefix))
            .count()
    }

    /// The paths of the requests answered with `status`, in arrival order.
    pub fn paths_with_status(&self, status: u16) -> Vec<String> {
        self.entries()
            .into_iter()
            .filter(|e| e.status == status)
            .map(|e| e.path)
            .collect()
    }

    /// Forgets every request so far (to measure one crawl at a time).
    pub fn clear(&self) {
        if let Ok(mut log) = self.0.lock() {
            log.clear();
        }
    }

    fn push(&self, entry: LoggedRequest) {
        if let Ok(mut log) = self.0.lock() {
            log.push(entry);
        }
    }
}

/// A running fixture site. Dropping it shuts the server down.
#[derive(Debug)]
pub struct RunningSite {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it received.
    pub log: RequestLog,
    /// Its runtime switches: faults, robots.txt, conditional GET.
    pub control: SiteControl,
    shutdown: Option<oneshot::Sender<()>>,
}

impl RunningSite {
    /// `http://ip:port` of the site, without a trailing slash.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of `path` (which starts with `/`) on this site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for RunningSite {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Serves `router` on `ip` (a free port), logging every request, with
/// faults off, the router's own robots.txt and conditional GET on.
pub async fn serve(ip: IpAddr, router: Router) -> std::io::Result<RunningSite> {
    serve_with(ip, router, SiteControl::default()).await
}

/// Serves `router` on `ip` (a free port) under `control`, logging every
/// request (faulty answers included).
pub async fn serve_with(
    ip: IpAddr,
    router: Router,
    control: SiteControl,
) -> std::io::Result<RunningSite> {
    let listener = TcpListener::bind(SocketAddr::new(ip, 0)).await?;
    let addr = listener.local_addr()?;
    let log = RequestLog::default();
    let logged = log.clone();
    let switches = control.clone();
    let router = router.layer(middleware::from_fn(move |request: Request, next: Next| {
        faults::apply(switches.clone(), request, next)
    }));
    let app = router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let log = logged.clone();
        async move { log_request(log, request, next).await }
    }));
    let (shutdown, stopped) = oneshot::channel();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(RunningSite {
        addr,
        log,
        control,
        shutdown: Some(shutdown),
    })
}

async fn log_request(log: RequestLog, request: Request, next: Next) -> Response {
    let at = Instant::now();
    let method = request.method().to_string();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let headers = request.headers();
    let conditional = headers.contains_key(axum::http::header::IF_NONE_MATCH)
        || headers.contains_key(axum::http::header::IF_MODIFIED_SINCE);
    let response = next.run(request).await;
    let status = response.status().as_u16();
    log.push(LoggedRequest {
        at,
        done: Instant::now(),
        method,
        path,
        status,
        conditional,
    });
    response
}
