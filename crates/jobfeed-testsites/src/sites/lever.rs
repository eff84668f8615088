//! Lever's postings API: `GET /v0/postings/{site}?mode=json[&skip=&limit=]`.
//!
//! Quirks reproduced: a bare JSON array (no count); `skip`/`limit` paging
//! (the whole board without them); `createdAt` in epoch milliseconds; the
//! description split into `description`, `lists` and `additional`;
//! `salaryRange` on ads that name a salary (every third); `workplaceType`
//! from the ad's remote status; an unknown site answers 404 with
//! `{"ok":false,"error":"Document not found"}`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    site: String,
}

/// The postings API of Lever site `site`, publishing `board`.
pub fn router(site: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        site: site.to_owned(),
    };
    Router::new()
        .route("/v0/postings/{site}", get(postings))
        .with_state(state)
}

/// The id Lever gives an ad (a UUID).
pub fn posting_id(ad: &JobAd) -> String {
    format!(
        "5f0c1e2a-7b3d-4c8e-9a1f-{:012}",
        ad.id.parse::<u64>().unwrap_or(0)
    )
}

/// The public link of an ad (`hostedUrl`).
pub fn hosted_url(site: &str, ad: &JobAd) -> String {
    format!("https://jobs.eu.lever.co/{site}/{}", posting_id(ad))
}

/// The yearly salary range of ads that state one (every third ad).
pub fn salary(ad: &JobAd) -> Option<(u32, u32)> {
    let n = ad.id.parse::<u32>().unwrap_or(0);
    (n % 3 == 0).then(|| (500_000 + n % 7 * 10_000, 650_000 + n % 7 * 10_000))
}

async fn postings(
    State(state): State<Tenant>,
    Path(site): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if site != state.site {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error": "Document not found"})),
        )
            .into_response();
    }
    let number = |name: &str, default: usize| {
        query
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (skip, limit) = (number("skip", 0), number("limit", usize::MAX));
    let page: Vec<Value> = state
        .board
        .ads()
        .iter()
        .skip(skip)
        .take(limit)
        .map(|ad| posting(&site, ad))
        .collect();
    Json(page).into_response()
}

fn posting(site: &str, ad: &JobAd) -> Value {
    let city = ad.city.clone().unwrap_or_default();
    let workplace = match ad.remote.as_deref() {
        Some("hybrid") => "hybrid",
        Some("remote") => "remote",
        Some(_) => "on-site",
        None => "unspecified",
    };
    let mut posting = json!({
        "id": posting_id(ad),
        "text": ad.title,
        "categories": {
            "commitment": ad.employment_type,
            "department": ad.department,
            "location": city,
            "team": "Engineering",
            "allLocations": [city],
        },
        "createdAt": ad.published.timestamp_millis(),
        "country": "DK",
        "workplaceType": workplace,
        "description": ad.description_html,
        "descriptionPlain": "",
        "lists": [{"text": "What you bring", "content": "<li>Curiosity</li><li>Team spirit</li>"}],
        "additional": "<p>We look forward to hearing from you.</p>",
        "hostedUrl": hosted_url(site, ad),
        "applyUrl": format!("{}/apply", hosted_url(site, ad)),
    });
    if let Some((min, max)) = salary(ad) {
        posting["salaryRange"] =
            json!({"min": min, "max": max, "currency": "DKK", "interval": "per-year-salary"});
    }
    posting
}
