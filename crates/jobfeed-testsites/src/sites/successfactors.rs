//! A SAP SuccessFactors (classic RCM) career host:
//! `GET /career?company=…&career_ns=job_listing_summary&resultType=XML`.
//!
//! Quirks reproduced: one `<Job-Listing>` document, no paging, no count, no
//! links; `Posted-Date` in MM/DD/YYYY; facets in tenant-variable
//! `filterN`/`mfieldN` elements whose numbering differs from job to job, so
//! only their `<label>` identifies them; an empty board is
//! `<Job-Listing></Job-Listing>`. An unknown company gets a 200 HTML page.

use std::collections::HashMap;

use axum::Router;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::board::{Board, JobAd};
use crate::sites::career_page::{escape, html};

/// The career host of `company`, publishing `board`.
pub fn router(company: &str, board: Board) -> Router {
    let company = company.to_owned();
    Router::new().route(
        "/career",
        get(move |Query(query): Query<HashMap<String, String>>| {
            let known = query.get("company") == Some(&company)
                && query.get("career_ns").map(String::as_str) == Some("job_listing_summary");
            let board = board.clone();
            async move {
                if known {
                    listing(&board.ads())
                } else {
                    html("<html><body><p>The company ID is not valid.</p></body></html>".to_owned())
                }
            }
        }),
    )
}

fn listing(ads: &[JobAd]) -> Response {
    let jobs: String = ads.iter().enumerate().map(|(i, ad)| job(i, ad)).collect();
    let body =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Job-Listing>{jobs}</Job-Listing>");
    ([(header::CONTENT_TYPE, "text/xml;charset=UTF-8")], body).into_response()
}

fn facet(element: &str, label: &str, value: &str) -> String {
    format!(
        "<{element}><label>{label}</label><value>{}</value></{element}>",
        escape(value)
    )
}

fn job(index: usize, ad: &JobAd) -> String {
    let place = format!("{}, DK", ad.city.as_deref().unwrap_or_default());
    let employment = ad.employment_type.as_deref().unwrap_or("Permanent");
    // The same facet sits in a different element from job to job.
    let (location_at, employment_at) = if index.is_multiple_of(2) {
        ("filter1", "mfield3")
    } else {
        ("filter4", "mfield1")
    };
    format!(
        "<Job><JobTitle>{title}</JobTitle><ReqId>{id}</ReqId><Posted-Date>{posted}</Posted-Date>\
         <Job-Description>{description}</Job-Description>{location}{country}{employment}{family}</Job>",
        title = escape(&ad.title),
        id = escape(&ad.id),
        posted = ad.published.format("%m/%d/%Y"),
        description = escape(&ad.description_html),
        location = facet(location_at, "Posting Location", &place),
        country = facet("filter2", "Country", "Denmark"),
        employment = facet(employment_at, "Type of Employment", employment),
        family = facet(
            "mfield2",
            "Job Family / Functional Area",
            ad.department.as_deref().unwrap_or_default()
        ),
    )
}
