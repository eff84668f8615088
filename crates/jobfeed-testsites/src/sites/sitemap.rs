//! A site found through its sitemap: `/sitemap.xml` is a sitemap index
//! naming `/sitemaps/jobs.xml` (one `<url>` per ad at `/job/{id}-{slug}`,
//! with a `<lastmod>` that moves when the ad changes) and
//! `/sitemaps/pages.xml` (pages that are not jobs). Job pages carry JSON-LD.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Duration;

use super::career_page::{detail_page, escape, html};
use crate::board::{Board, JobAd};
use crate::faults::fnv1a;

#[derive(Debug, Clone)]
struct Site {
    board: Board,
    company: String,
}

/// The sitemap site of `company` publishing `board`.
pub fn router(board: Board, company: &str) -> Router {
    let site = Site {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route("/sitemap.xml", get(index))
        .route("/sitemaps/jobs.xml", get(jobs))
        .route("/sitemaps/pages.xml", get(pages))
        .route("/job/{slug}", get(detail))
        .with_state(site)
}

fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

/// `http://host:port` as the request addressed the site, so `<loc>`s are
/// absolute as the sitemap protocol wants.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

async fn index(headers: HeaderMap) -> Response {
    let origin = origin(&headers);
    xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <sitemap><loc>{origin}/sitemaps/jobs.xml</loc></sitemap>\
         <sitemap><loc>{origin}/sitemaps/pages.xml</loc></sitemap></sitemapindex>"
    ))
}

async fn jobs(State(site): State<Site>, headers: HeaderMap) -> Response {
    let origin = origin(&headers);
    let urls: String = site
        .board
        .ads()
        .iter()
        .map(|ad| {
            format!(
                "<url><loc>{origin}/job/{}</loc><lastmod>{}</lastmod></url>\n",
                escape(&slug(ad)),
                lastmod(ad)
            )
        })
        .collect();
    xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>"
    ))
}

async fn pages() -> Response {
    xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <url><loc>/om-os</loc></url><url><loc>/kontakt</loc></url></urlset>"
        .to_owned())
}

/// `{id}-{title in lowercase ASCII with dashes}`.
fn slug(ad: &JobAd) -> String {
    let title: String = ad
        .title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let words: Vec<&str> = title.split('-').filter(|w| !w.is_empty()).collect();
    format!("{}-{}", ad.id, words.join("-"))
}

/// Publication time moved by a hash of the ad's content, so any change to
/// the ad moves its `<lastmod>` as a real CMS would.
fn lastmod(ad: &JobAd) -> String {
    let seconds = fnv1a(format!("{ad:?}").as_bytes()) % 86_400;
    (ad.published + Duration::seconds(seconds as i64)).to_rfc3339()
}

async fn detail(State(site): State<Site>, Path(slug): Path<String>) -> Response {
    let id = slug.split('-').next().unwrap_or_default();
    match site.board.ads().iter().find(|ad| ad.id == id) {
        Some(ad) => html(detail_page(ad, &site.company)),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
