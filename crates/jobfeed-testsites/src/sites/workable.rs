//! Workable's widget API: `GET /api/v1/widget/accounts/{account}[?details=true]`.
//!
//! Quirks reproduced: the whole board in one answer, without a count; the
//! job id is a `shortcode`; `published_on` is a bare date; remote work is
//! the boolean `telecommuting`; every job names its place both at the top
//! level and in `locations[]`; `description` only with `details=true`; an
//! unknown account answers 404.

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
    account: String,
}

/// The widget API of account `account`, publishing `board`.
pub fn router(account: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        account: account.to_owned(),
    };
    Router::new()
        .route("/api/v1/widget/accounts/{account}", get(jobs))
        .with_state(state)
}

/// The shortcode Workable gives an ad.
pub fn shortcode(ad: &JobAd) -> String {
    format!(
        "{:X}",
        ad.id
            .parse::<u64>()
            .unwrap_or(0)
            .wrapping_mul(2_654_435_761)
            % 0xFF_FFFF_FFFF
    )
}

/// The public link of an ad (`url`).
pub fn job_url(account: &str, ad: &JobAd) -> String {
    format!(
        "https://apply.workable.com/j/{}?account={account}",
        shortcode(ad)
    )
}

async fn jobs(
    State(state): State<Tenant>,
    Path(account): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if account != state.account {
        return (StatusCode::NOT_FOUND, Json(json!({"error": "Not Found"}))).into_response();
    }
    let details = query.get("details").is_some_and(|d| d == "true");
    let jobs: Vec<Value> = state
        .board
        .ads()
        .iter()
        .map(|ad| job(&account, ad, details))
        .collect();
    Json(json!({"name": "Nordlys Energi A/S", "description": null, "jobs": jobs})).into_response()
}

fn job(account: &str, ad: &JobAd, details: bool) -> Value {
    let day = ad.published.date_naive().to_string();
    let mut job = json!({
        "title": ad.title,
        "shortcode": shortcode(ad),
        "code": format!("NE-{}", ad.id),
        "employment_type": ad.employment_type,
        "telecommuting": ad.remote.as_deref() == Some("remote"),
        "department": ad.department,
        "url": job_url(account, ad),
        "shortlink": format!("https://apply.workable.com/j/{}", shortcode(ad)),
        "application_url": format!("https://apply.workable.com/j/{}/apply", shortcode(ad)),
        "published_on": day,
        "created_at": day,
        "country": "Denmark",
        "city": ad.city,
        "state": "",
        "locations": [{"country": "Denmark", "countryCode": "DK", "city": ad.city, "region": ""}],
    });
    if details {
        job["description"] = json!(ad.description_html);
    }
    job
}
