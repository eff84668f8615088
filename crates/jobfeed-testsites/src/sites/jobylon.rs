//! A Jobylon customer feed: `GET /feeds/{32-hex}/?format=json`.
//!
//! Quirks reproduced: a JSON array of the whole board; titles with a
//! trailing space; `from_date`/`to_date` as `YYYY-MM-DD` (`to_date` the
//! explicit expiry); places in `locations[].location`; a recruiter
//! `contact` with e-mail and phone ([`PII_EMAIL`]); an unknown feed id
//! answers 404.

use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};
use crate::sites::emply::title_as_url;

/// The recruiter's e-mail in every job: must never reach a posting.
pub const PII_EMAIL: &str = "rekrutter@nordlys.example.dk";

/// The feed `feed_id`, publishing `board`.
pub fn router(feed_id: &str, board: Board) -> Router {
    let feed_id = feed_id.to_owned();
    Router::new().route(
        "/feeds/{id}/",
        get(move |Path(asked): Path<String>| {
            let known = asked == feed_id;
            let board = board.clone();
            async move {
                if known {
                    axum::Json(Value::Array(board.ads().iter().map(job).collect())).into_response()
                } else {
                    (
                        StatusCode::NOT_FOUND,
                        axum::Json(json!({"detail": "Not found."})),
                    )
                        .into_response()
                }
            }
        }),
    )
}

/// The public job page of an ad.
pub fn ad_link(ad: &JobAd) -> String {
    format!(
        "https://emp.jobylon.com/jobs/{}-nordlys-{}/",
        ad.id,
        title_as_url(&ad.title)
    )
}

fn job(ad: &JobAd) -> Value {
    json!({
        "id": ad.id.parse::<u64>().map_or_else(|_| json!(ad.id), |n| json!(n)),
        "categories": [{"category": {"id": 159, "text": "Tech"}}],
        "company": {"id": 6, "slug": "nordlys", "name": "Nordlys Energi A/S", "industry": "Energi", "website": "https://nordlys.example.dk"},
        "contact": {"name": "Mads Krogh", "email": PII_EMAIL, "phone": "+45 8612 3456", "photo": "https://cdn.jobylon.com/mads.jpg"},
        "departments": [{"department": {"id": 1473, "descr": ad.department}}],
        "title": format!("{} ", ad.title),
        "slug": title_as_url(&ad.title),
        "descr": ad.description_html,
        "skills": "<ul><li>Godt humør</li></ul>",
        "function": "Engineering",
        "experience": "Experienced",
        "employment_type": ad.employment_type,
        "from_date": ad.published.format("%Y-%m-%d").to_string(),
        "to_date": ad.deadline.map(|d| d.format("%Y-%m-%d").to_string()),
        "language": ad.language,
        "locations": [{"location": {
            "city": ad.city, "municipality": ad.city, "area_1": "Region Midtjylland", "postal_code": ad.postal_code,
            "country": "Denmark", "country_short": "DK",
            "text": format!("{}, {}, Denmark", ad.street.as_deref().unwrap_or_default(), ad.city.as_deref().unwrap_or_default()),
        }}],
        "urls": {"ad": ad_link(ad), "apply": format!("https://emp.jobylon.com/applications/jobs/{}/create/", ad.id)},
    })
}
