//! A Recruitee careers site: `GET /api/offers/` on the company's own
//! subdomain (`{company}.recruitee.com`).
//!
//! Quirks reproduced: the whole board in one answer, without a count;
//! dates written `2026-09-01 10:00:00 UTC`; the ad split into `description`
//! and `requirements`; `remote`/`hybrid` booleans. [`generic`] is a
//! subdomain that belongs to no company and still answers **200 with an
//! empty list**; any other path answers 404.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

/// The requirements paragraph every offer carries.
pub const REQUIREMENTS: &str = "<p>You speak Danish or English.</p>";

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    company: String,
}

/// The careers API of company `company` (its subdomain), publishing `board`.
pub fn router(company: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route("/api/offers/", get(offers))
        .with_state(state)
}

/// A generic subdomain that belongs to no company: 200 with an empty list.
pub fn generic() -> Router {
    router("", Board::default())
}

/// The public link of an ad (`careers_url`).
pub fn careers_url(company: &str, ad: &JobAd) -> String {
    format!("https://{company}.recruitee.com/o/{}", slug(ad))
}

/// A time as Recruitee writes it.
pub fn timestamp(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

async fn offers(State(state): State<Tenant>) -> Response {
    let offers: Vec<Value> = state
        .board
        .ads()
        .iter()
        .map(|ad| offer(&state.company, ad))
        .collect();
    Json(json!({"offers": offers})).into_response()
}

fn offer(company: &str, ad: &JobAd) -> Value {
    let city = ad.city.clone().unwrap_or_default();
    json!({
        "id": ad.id.parse::<u64>().map_or_else(|_| json!(ad.id), |n| json!(n)),
        "slug": slug(ad),
        "title": ad.title,
        "description": ad.description_html,
        "requirements": REQUIREMENTS,
        "location": format!("{city}, Denmark"),
        "city": city,
        "country": "Denmark",
        "country_code": "DK",
        "postal_code": ad.postal_code,
        "company_name": "Nordlys Energi A/S",
        "careers_url": careers_url(company, ad),
        "careers_apply_url": format!("{}/c/new", careers_url(company, ad)),
        "published_at": timestamp(ad.published),
        "close_at": ad.deadline.map(timestamp),
        "employment_type_code": "fulltime",
        "department": ad.department,
        "remote": ad.remote.as_deref() == Some("remote"),
        "hybrid": ad.remote.as_deref() == Some("hybrid"),
        "status": "published",
    })
}

fn slug(ad: &JobAd) -> String {
    let words: Vec<String> = ad
        .title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("{}-{}", words.join("-"), ad.id)
}
