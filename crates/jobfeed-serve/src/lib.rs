//! The HTTP API of jobfeed (axum 0.8): portal search, campaign feeds,
//! company coverage, the OpenAPI description, health and metrics.
//!
//! [`api_router`] holds every API route (listed in the OpenAPI document
//! served at `/api/v1/openapi.json`); [`app`] merges it with the web UI's
//! page routes and adds CORS ([`ServeConfig::cors_origins`]), compression
//! and request tracing; [`serve`] runs it until a shutdown signal.
//! Handlers read everything through the hub ([`AppState::hub`]): the index
//! for search, the state for coverage, the ledger for campaigns. Errors are
//! [`ApiError`]s: JSON with a status, a code, a message and the offending
//! parameter.
//!
//! | module | routes |
//! | --- | --- |
//! | `jobs` | `GET /api/v1/jobs`, `GET /api/v1/jobs/{id}` |
//! | `companies` | `GET /api/v1/companies`, `GET /api/v1/companies/{id}/coverage` |
//! | `campaigns` | `GET /api/v1/campaigns`, `/{name}`, `/{name}/changes` |
//! | `feeds` | `GET /feeds/{name}.{rss,atom,json,csv}` |
//! | `openapi` | `GET /api/v1/openapi.json` |
//! | `ops` | `GET /healthz`, `GET /metrics` |
//!
//! `view` builds what a campaign shows now ([`CampaignView`]), for the
//! feeds, the campaign API and `jobfeed feed`.

mod campaigns;
mod companies;
mod error;
mod feeds;
mod jobs;
mod openapi;
mod ops;
mod view;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Method};
use axum::routing::{MethodRouter, get};
use prometheus_client::registry::Registry;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::trace::TraceLayer;
use url::Url;

pub use companies::company_summaries;
pub use error::ApiError;
pub use jobs::{RemovedPosting, SearchPage, search_page, search_query};
pub use openapi::openapi_document;
pub use view::{CampaignView, TOMBSTONE_DAYS, campaign_view};

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The hub: state, index, members, campaigns.
    pub hub: jobfeed_hub::Hub,
    /// The fetcher, for pages that check a company's site (discover).
    pub fetcher: Arc<jobfeed_fetch::Fetcher>,
    /// The metrics registry `/metrics` encodes.
    pub metrics: Arc<Registry>,
    /// Server settings.
    pub config: Arc<ServeConfig>,
}

/// Server settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// The address the service is reached at (`http://127.0.0.1:8080/`):
    /// feed and page links are made from it.
    pub public_url: Url,
    /// Origins allowed to call the API from a browser (`https://portal.example.dk`);
    /// `*` allows any; empty allows none (no CORS headers).
    pub cors_origins: Vec<String>,
}

/// The API routes, each path with its handlers; the OpenAPI document
/// describes exactly these paths.
pub(crate) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/jobs", get(jobs::search)),
        ("/api/v1/jobs/{id}", get(jobs::one)),
        ("/api/v1/companies", get(companies::list)),
        ("/api/v1/companies/{id}/coverage", get(companies::coverage)),
        ("/api/v1/campaigns", get(campaigns::list)),
        ("/api/v1/campaigns/{name}", get(campaigns::show)),
        ("/api/v1/campaigns/{name}/changes", get(campaigns::changes)),
        ("/api/v1/openapi.json", get(openapi::serve_document)),
        ("/feeds/{file}", get(feeds::feed)),
        ("/healthz", get(ops::healthz)),
        ("/metrics", get(ops::metrics)),
    ]
}

/// Every API route: `/api/v1/...`, `/feeds/...`, `/healthz`, `/metrics`.
/// An unknown `/api/v1/...` path answers a JSON 404.
pub fn api_router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
        .route("/api/v1/{*rest}", get(ops::unknown_api_path))
}

/// The whole application: the API merged with `pages` (the web UI's
/// routes), with CORS, compression and request tracing.
pub fn app(state: AppState, pages: Router<AppState>) -> Router {
    let cors = cors(&state.config.cors_origins);
    api_router()
        .merge(pages)
        .layer(cors)
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// CORS for the configured origins: read-only methods, any header.
fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers(Any)
        .expose_headers(Any);
    if origins.iter().any(|o| o == "*") {
        return layer.allow_origin(Any);
    }
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    layer.allow_origin(AllowOrigin::list(list))
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Runs blocking work (index searches) off the async executor.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)
}

/// The query string's pairs, percent-decoded (invalid UTF-8 replaced).
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}
