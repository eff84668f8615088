//! A Workday CXS tenant: `POST /wday/cxs/{tenant}/{site}/jobs` and the
//! detail `GET /wday/cxs/{tenant}/{site}/job/…`.
//!
//! Quirks reproduced: `limit` above 20 is refused with HTTP 400; `total` is
//! only on the first page (later pages say 0); `postedOn` is relative text
//! against the server's clock ("Posted Today", "Posted Yesterday", "Posted 3
//! Days Ago", "Posted 30+ Days Ago"); an unknown tenant answers 404 and an
//! unknown site 422. An ad whose `city` names several towns separated by `;`
//! is listed as "N Locations" and only its detail names them.

use axum::Router;
use axum::extract::{Json, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

/// The largest page the real system serves.
const MAX_LIMIT: u64 = 20;

#[derive(Debug, Clone)]
struct Tenant {
    board: Board,
    tenant: String,
    site: String,
    now: DateTime<Utc>,
}

/// The CXS API of Workday tenant `tenant` with career site `site`,
/// publishing `board`; relative dates are written against `now` (the
/// server's clock).
pub fn router(tenant: &str, site: &str, board: Board, now: DateTime<Utc>) -> Router {
    let state = Tenant {
        board,
        tenant: tenant.to_owned(),
        site: site.to_owned(),
        now,
    };
    Router::new()
        .route("/wday/cxs/{tenant}/{site}/jobs", post(jobs))
        .route("/wday/cxs/{tenant}/{site}/job/{*rest}", get(detail))
        .with_state(state)
}

/// The `externalPath` of an ad: `/job/{first town}/{title}_{id}`.
pub fn external_path(ad: &JobAd) -> String {
    let town = towns(ad)
        .into_iter()
        .next()
        .unwrap_or_else(|| "Denmark".to_owned());
    format!("/job/{}/{}_{}", slug(&town), slug(&ad.title), ad.id)
}

/// `Posted …` as the list writes it, counted in whole days before `now`.
pub fn posted_on(ad: &JobAd, now: DateTime<Utc>) -> String {
    let days = (now.date_naive() - ad.published.date_naive()).num_days();
    match days {
        ..=0 => "Posted Today".to_owned(),
        1 => "Posted Yesterday".to_owned(),
        2..=29 => format!("Posted {days} Days Ago"),
        _ => "Posted 30+ Days Ago".to_owned(),
    }
}

async fn jobs(
    State(state): State<Tenant>,
    Path((tenant, site)): Path<(String, String)>,
    Json(query): Json<Value>,
) -> Response {
    if let Some(refusal) = state.refusal(&tenant, &site) {
        return refusal;
    }
    let limit = query["limit"].as_u64().unwrap_or(MAX_LIMIT);
    if limit > MAX_LIMIT {
        let body = json!({"errorCode": "HTTP_400", "message": "limit must be between 1 and 20"});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    let offset = query["offset"].as_u64().unwrap_or(0);
    let ads = state.board.ads();
    let page: Vec<Value> = ads
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|ad| listed(ad, state.now))
        .collect();
    // The real system states the total on the first page only.
    let total = if offset == 0 { ads.len() } else { 0 };
    let facets = json!([{"facetParameter": "locationMainGroup", "values": [
        {"facetParameter": "locationCountry", "values": [{"descriptor": "Denmark", "id": "dk", "count": total}]}
    ]}]);
    Json(json!({"total": total, "jobPostings": page, "facets": facets})).into_response()
}

async fn detail(
    State(state): State<Tenant>,
    Path((tenant, site, rest)): Path<(String, String, String)>,
) -> Response {
    if let Some(refusal) = state.refusal(&tenant, &site) {
        return refusal;
    }
    let path = format!("/job/{rest}");
    let Some(ad) = state
        .board
        .ads()
        .into_iter()
        .find(|ad| external_path(ad) == path)
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"errorCode": "HTTP_404"})),
        )
            .into_response();
    };
    let mut places = towns(&ad).into_iter().map(|t| format!("{t}, Denmark"));
    let info = json!({
        "title": ad.title,
        "jobDescription": ad.description_html,
        "location": places.next(),
        "additionalLocations": places.collect::<Vec<_>>(),
        "timeType": ad.employment_type,
        "startDate": ad.published.date_naive().to_string(),
        "jobReqId": ad.id,
        "postedOn": posted_on(&ad, state.now),
    });
    Json(json!({"jobPostingInfo": info})).into_response()
}

impl Tenant {
    /// 404 for a tenant and 422 for a site the server does not have.
    fn refusal(&self, tenant: &str, site: &str) -> Option<Response> {
        if tenant != self.tenant {
            let body = json!({"errorCode": "HTTP_404", "message": "tenant not found"});
            return Some((StatusCode::NOT_FOUND, Json(body)).into_response());
        }
        if site != self.site {
            let body = json!({"errorCode": "S22", "message": "Invalid site"});
            return Some((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
        None
    }
}

fn listed(ad: &JobAd, now: DateTime<Utc>) -> Value {
    let towns = towns(ad);
    let locations_text = match towns.as_slice() {
        [] => "Denmark".to_owned(),
        [town] => format!("{town}, Denmark"),
        several => format!("{} Locations", several.len()),
    };
    json!({
        "title": ad.title,
        "externalPath": external_path(ad),
        "locationsText": locations_text,
        "postedOn": posted_on(ad, now),
        "bulletFields": [ad.id],
    })
}

fn towns(ad: &JobAd) -> Vec<String> {
    ad.city
        .as_deref()
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
