//! A Greenhouse job board: `GET /v1/boards/{token}/jobs[?content=true]`.
//!
//! Quirks reproduced: the whole board in one answer with `meta.total`;
//! numeric ids; dates in RFC 3339 with the Copenhagen summer offset;
//! `content` (only with `content=true`) is HTML whose markup is
//! entity-escaped; an unknown board token answers 404.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    token: String,
}

/// The board API of board `token`, publishing `board`.
pub fn router(token: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        token: token.to_owned(),
    };
    Router::new()
        .route("/v1/boards/{token}/jobs", get(jobs))
        .with_state(state)
}

/// The public link of an ad (`absolute_url`).
pub fn job_url(token: &str, ad: &JobAd) -> String {
    format!("https://job-boards.greenhouse.io/{token}/jobs/{}", ad.id)
}

/// A time as Greenhouse writes it: RFC 3339 in Copenhagen summer time.
pub fn timestamp(time: DateTime<Utc>) -> String {
    FixedOffset::east_opt(2 * 3600).map_or_else(
        || time.to_rfc3339(),
        |o| time.with_timezone(&o).to_rfc3339(),
    )
}

async fn jobs(
    State(state): State<Tenant>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if token != state.token {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"status": 404, "error": "Job board not found"})),
        )
            .into_response();
    }
    let content = query.get("content").is_some_and(|c| c == "true");
    let ads = state.board.ads();
    let jobs: Vec<Value> = ads.iter().map(|ad| job(&token, ad, content)).collect();
    Json(json!({"jobs": jobs, "meta": {"total": ads.len()}})).into_response()
}

fn job(token: &str, ad: &JobAd, content: bool) -> Value {
    let id = ad
        .id
        .parse::<u64>()
        .map_or_else(|_| json!(ad.id), |n| json!(n));
    let place = [ad.city.as_deref(), ad.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let mut job = json!({
        "id": id,
        "internal_job_id": id,
        "title": ad.title,
        "absolute_url": job_url(token, ad),
        "location": {"name": place},
        "first_published": timestamp(ad.published),
        "updated_at": timestamp(ad.published + chrono::Duration::days(1)),
        "application_deadline": ad.deadline.map(timestamp),
        "requisition_id": format!("REQ-{}", ad.id),
        "language": ad.language,
        "metadata": null,
        "departments": [{"id": 4012, "name": ad.department, "parent_id": null, "child_ids": []}],
        "offices": [{"id": 5501, "name": ad.city, "location": place}],
    });
    if content {
        job["content"] = json!(escape(&ad.description_html));
    }
    job
}

/// Escapes markup the way Greenhouse does in `content`.
fn escape(html: &str) -> String {
    html.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
