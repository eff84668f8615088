//! SmartRecruiters' posting API:
//! `GET /v1/companies/{id}/postings?limit=&offset=`.
//!
//! Quirks reproduced: at most 100 postings a page (a larger `limit` is
//! refused with HTTP 400); `totalFound` on every page; an unknown company
//! answers **200 with an empty list**, like a company without openings;
//! `fullLocation` has an empty region part ("Aarhus, , Denmark") and
//! `country` is a lowercase ISO code.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

/// The largest page the real API serves.
pub const MAX_LIMIT: usize = 100;

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    company: String,
}

/// The posting API of company `company`, publishing `board`.
pub fn router(company: &str, board: Board) -> Router {
    let state = Tenant {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route("/v1/companies/{company}/postings", get(postings))
        .with_state(state)
}

async fn postings(
    State(state): State<Tenant>,
    Path(company): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let number = |name: &str, default: usize| {
        query
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (limit, offset) = (number("limit", 10), number("offset", 0));
    if limit > MAX_LIMIT {
        let body = json!({"message": "limit must be less than or equal to 100"});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    // An unknown company looks exactly like one without openings.
    let ads = if company == state.company {
        state.board.ads()
    } else {
        Vec::new()
    };
    let content: Vec<Value> = ads
        .iter()
        .skip(offset)
        .take(limit)
        .map(|ad| posting(&company, ad))
        .collect();
    Json(json!({"offset": offset, "limit": limit, "totalFound": ads.len(), "content": content}))
        .into_response()
}

fn posting(company: &str, ad: &JobAd) -> Value {
    let city = ad.city.clone().unwrap_or_default();
    json!({
        "id": ad.id,
        "name": ad.title,
        "uuid": format!("0c6b2f1e-0000-4000-8000-{:012}", ad.id.parse::<u64>().unwrap_or(0)),
        "refNumber": format!("REF{}", ad.id),
        "company": {"identifier": company, "name": "Nordlys Energi A/S"},
        "releasedDate": ad.published.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "location": {
            "city": city,
            "region": "",
            "country": "dk",
            "remote": ad.remote.as_deref() == Some("remote"),
            "hybrid": ad.remote.as_deref() == Some("hybrid"),
            "fullLocation": format!("{city}, , Denmark"),
        },
        "industry": {"label": "Renewables & Environment"},
        "department": {"label": ad.department},
        "function": {"label": "Engineering"},
        "typeOfEmployment": {"label": ad.employment_type},
        "experienceLevel": {"label": "Mid-Senior Level"},
        "customField": [],
        "ref": format!("https://api.smartrecruiters.com/v1/companies/{company}/postings/{}", ad.id),
        "language": {"code": ad.language, "label": ad.language},
    })
}
