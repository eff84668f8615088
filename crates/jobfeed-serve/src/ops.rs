//! Operations: `GET /healthz` (is the index and the state usable) and
//! `GET /metrics` (Prometheus text format), and the JSON 404 of unknown API
//! paths.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use jobfeed_state::SourceId;
use serde_json::json;

use crate::{ApiError, AppState};

/// The content type of the OpenMetrics text encoding.
const METRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `GET /healthz`: 200 with the index size and state location when both
/// answer, 503 when the state does not.
pub(crate) async fn healthz(State(app): State<AppState>) -> Response {
    let hub = &app.hub;
    // Any read proves the database answers; this one touches one index row.
    let state = hub.state().source_state(&SourceId::new("")).await;
    let index = hub.index();
    let body = json!({
        "status": if state.is_ok() { "ok" } else { "failing" },
        "version": env!("CARGO_PKG_VERSION"),
        "index": {
            "docs": index.num_docs(),
            "needs_rebuild": index.needs_rebuild(),
        },
        "state": {
            "ok": state.is_ok(),
            "location": hub.state().location(),
            "error": state.err().map(|e| e.to_string()),
        },
        "members": hub.members().len(),
        "campaigns": hub.campaigns().len(),
    });
    let status = if body["state"]["ok"] == true {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: every registered metric in the OpenMetrics text format.
pub(crate) async fn metrics(State(app): State<AppState>) -> Result<Response, ApiError> {
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &app.metrics)
        .map_err(ApiError::internal)?;
    Ok(([(CONTENT_TYPE, METRICS_CONTENT_TYPE)], text).into_response())
}

/// Any other `/api/v1/...` path.
pub(crate) async fn unknown_api_path(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no API endpoint at {}; see /api/v1/openapi.json",
        uri.path()
    ))
}
