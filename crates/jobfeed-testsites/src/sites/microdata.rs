//! A career page whose jobs are schema.org `JobPosting`s in microdata
//! (`itemscope itemtype="https://schema.org/JobPosting"`, `itemprop`), the
//! way older CMS templates mark them up: the whole board on one page
//! (`/job/ledige-stillinger`), each ad linking (`itemprop="url"`) to its own
//! page (`/job/stilling/{id}`, the same markup for one ad), which a crawler
//! need not follow.
//!
//! Quirks: dates in `<time datetime>` and `<meta content>`, the address as
//! a nested `PostalAddress` scope inside a `Place` scope, the description's
//! inner HTML carrying the markup, and a deadline only where the ad has one.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::career_page::{escape, html};
use crate::board::{Board, JobAd};

/// The path of the page.
pub const PATH: &str = "/job/ledige-stillinger";

#[derive(Debug, Clone)]
struct Site {
    board: Board,
    company: String,
}

/// The microdata career page of `company` publishing `board`.
pub fn router(board: Board, company: &str) -> Router {
    let site = Site {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route(PATH, get(page))
        .route("/job/stilling/{id}", get(detail))
        .with_state(site)
}

/// The path of `ad`'s own page.
pub fn ad_path(ad: &JobAd) -> String {
    format!("/job/stilling/{}", ad.id)
}

async fn page(State(site): State<Site>) -> Response {
    let company = escape(&site.company);
    let items: String = site
        .board
        .ads()
        .iter()
        .map(|ad| item(ad, &company))
        .collect();
    html(document("Ledige stillinger", &company, &items))
}

async fn detail(State(site): State<Site>, Path(id): Path<String>) -> Response {
    let company = escape(&site.company);
    match site.board.ads().iter().find(|ad| ad.id == id) {
        Some(ad) => html(document(&escape(&ad.title), &company, &item(ad, &company))),
        None => (StatusCode::NOT_FOUND, "stillingen er besat").into_response(),
    }
}

fn document(heading: &str, company: &str, items: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\">\
         <title>{heading} – {company}</title></head><body>\
         <header><a href=\"/\">{company}</a></header><main><h1>{heading}</h1>\n{items}</main></body></html>"
    )
}

fn item(ad: &JobAd, company: &str) -> String {
    let deadline = ad
        .deadline
        .map(|d| {
            format!(
                "<p>Ansøgningsfrist: <time itemprop=\"validThrough\" datetime=\"{}\">{}</time></p>",
                d.to_rfc3339(),
                d.format("%d.%m.%Y")
            )
        })
        .unwrap_or_default();
    let text = |value: &Option<String>| escape(value.as_deref().unwrap_or(""));
    format!(
        "<article class=\"stilling\" id=\"job-{id}\" itemscope itemtype=\"https://schema.org/JobPosting\">\
         <meta itemprop=\"identifier\" content=\"{id}\">\
         <h2><a itemprop=\"url\" href=\"{path}\"><span itemprop=\"title\">{title}</span></a></h2>\
         <meta itemprop=\"datePosted\" content=\"{posted}\">\
         <meta itemprop=\"inLanguage\" content=\"{lang}\">\
         <div itemprop=\"hiringOrganization\" itemscope itemtype=\"https://schema.org/Organization\">\
         <meta itemprop=\"name\" content=\"{company}\"></div>\
         <p itemprop=\"jobLocation\" itemscope itemtype=\"https://schema.org/Place\">\
         <span itemprop=\"address\" itemscope itemtype=\"https://schema.org/PostalAddress\">\
         <span itemprop=\"streetAddress\">{street}</span>, <span itemprop=\"postalCode\">{zip}</span> \
         <span itemprop=\"addressLocality\">{city}</span> <meta itemprop=\"addressCountry\" content=\"DK\"></span></p>\
         <p>Ansættelse: <span itemprop=\"employmentType\">{kind}</span></p>{deadline}\
         <div itemprop=\"description\">{description}</div></article>\n",
        id = escape(&ad.id),
        title = escape(&ad.title),
        path = ad_path(ad),
        posted = ad.published.to_rfc3339(),
        lang = escape(&ad.language),
        street = text(&ad.street),
        zip = text(&ad.postal_code),
        city = text(&ad.city),
        kind = text(&ad.employment_type),
        description = ad.description_html,
    )
}
