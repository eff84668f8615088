//! Ashby's job board API: `GET /posting-api/job-board/{board}`.
//!
//! Quirks reproduced: the whole board in one answer, without a count; every
//! board also holds an unlisted job (`isListed: false`, [`UNLISTED_TITLE`])
//! that must not be published; `workplaceType` and `isRemote`; a
//! `compensation` block with a `Salary` component on every second ad; an
//! unknown board answers 404.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

/// Title of the unlisted job every board holds.
pub const UNLISTED_TITLE: &str = "Internal: Talent pool (unlisted)";

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    name: String,
}

/// The job board API of board `name`, publishing `board`.
pub fn router(name: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        name: name.to_owned(),
    };
    Router::new()
        .route("/posting-api/job-board/{board}", get(jobs))
        .with_state(state)
}

/// The id Ashby gives an ad (a UUID).
pub fn job_id(ad: &JobAd) -> String {
    format!(
        "a1b2c3d4-0000-4000-8000-{:012}",
        ad.id.parse::<u64>().unwrap_or(0)
    )
}

/// The public link of an ad (`jobUrl`).
pub fn job_url(board: &str, ad: &JobAd) -> String {
    format!("https://jobs.ashbyhq.com/{board}/{}", job_id(ad))
}

/// The yearly salary range of ads that state one (every second ad).
pub fn salary(ad: &JobAd) -> Option<(u32, u32)> {
    let n = ad.id.parse::<u32>().unwrap_or(0);
    (n % 2 == 0).then_some((480_000, 600_000))
}

async fn jobs(State(state): State<Tenant>, Path(name): Path<String>) -> Response {
    if name != state.name {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"success": false, "error": "Not found"})),
        )
            .into_response();
    }
    let ads = state.board.ads();
    let mut jobs: Vec<Value> = ads.iter().map(|ad| job(&name, ad, true)).collect();
    if let Some(first) = ads.first() {
        let unlisted = JobAd {
            id: "999999".to_owned(),
            title: UNLISTED_TITLE.to_owned(),
            ..first.clone()
        };
        jobs.insert(1.min(jobs.len()), job(&name, &unlisted, false));
    }
    Json(json!({"apiVersion": "1", "jobs": jobs})).into_response()
}

fn job(board: &str, ad: &JobAd, listed: bool) -> Value {
    let workplace = match ad.remote.as_deref() {
        Some("hybrid") => "Hybrid",
        Some("remote") => "Remote",
        _ => "OnSite",
    };
    let compensation = salary(ad).map(|(min, max)| {
        json!({
            "compensationTierSummary": format!("DKK {min} – {max} per year"),
            "summaryComponents": [{"compensationType": "Salary", "interval": "1 YEAR",
                "currencyCode": "DKK", "minValue": min, "maxValue": max}],
        })
    });
    json!({
        "id": job_id(ad),
        "title": ad.title,
        "department": ad.department,
        "team": "Platform",
        "employmentType": "FullTime",
        "location": ad.city,
        "secondaryLocations": [],
        "publishedAt": ad.published.to_rfc3339(),
        "isListed": listed,
        "isRemote": workplace == "Remote",
        "workplaceType": workplace,
        "address": {"postalAddress": {
            "addressLocality": ad.city, "addressRegion": "", "addressCountry": "Denmark", "postalCode": ad.postal_code,
        }},
        "jobUrl": job_url(board, ad),
        "applyUrl": format!("{}/application", job_url(board, ad)),
        "descriptionHtml": ad.description_html,
        "descriptionPlain": "",
        "compensation": compensation,
    })
}
