//! A Teamtailor tenant on its platform host (`<tenant>.teamtailor.com`):
//! `jobs.rss` and `jobs.json`, the whole board in each, no paging, no count.
//!
//! Quirks reproduced: the RSS carries `remoteStatus`, `tt:department` and
//! `tt:locations/tt:location/{tt:name,tt:city,tt:country,tt:zip,tt:address}`
//! with an escaped-HTML description and an RFC 822 `pubDate` in `+0200`;
//! the JSON Feed has a UUID `id`, no department and no remote field, and a
//! schema.org `_jobposting` whose `identifier.value` is the numeric prefix
//! of the job link; neither states a closing date. An unknown tenant answers
//! a clean 404 everywhere, robots.txt included ([`unknown_tenant`]).

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::FixedOffset;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};
use crate::sites::career_page::{escape, html};
use crate::sites::emply::title_as_url;

/// The platform host written into job links.
pub const HOST: &str = "https://nordlys.teamtailor.com";

/// Which feeds the tenant serves well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feeds {
    /// Both `jobs.rss` and `jobs.json`.
    Both,
    /// `jobs.json` only: `jobs.rss` is a 200 maintenance page (HTML).
    JsonOnly,
}

/// The tenant's feeds, publishing `board`.
pub fn router(board: Board, feeds: Feeds) -> Router {
    let json_board = board.clone();
    Router::new()
        .route(
            "/jobs.rss",
            get(move || async move {
                match feeds {
                    Feeds::Both => rss(&board.ads()),
                    Feeds::JsonOnly => {
                        html("<html><body><h1>Vi er snart tilbage</h1></body></html>".to_owned())
                    }
                }
            }),
        )
        .route(
            "/jobs.json",
            get(move || async move { json_feed(&json_board.ads()) }),
        )
}

/// What the platform answers for a tenant it does not have.
pub fn unknown_tenant() -> Router {
    Router::new().fallback(|| async {
        let page = format!(
            "<!DOCTYPE html><html><head><title>Page not found</title></head><body>{}</body></html>",
            "<p>The page you were looking for doesn't exist.</p>".repeat(12)
        );
        (StatusCode::NOT_FOUND, html(page)).into_response()
    })
}

/// The job page of an ad: `/jobs/{id}-{slug}`.
pub fn job_link(ad: &JobAd) -> String {
    format!("{HOST}/jobs/{}-{}", ad.id, title_as_url(&ad.title))
}

/// A stable UUID-shaped id for an ad, as Teamtailor's `guid` and JSON `id`.
fn uuid(ad: &JobAd) -> String {
    format!("4f0c9a2e-5b7d-4c1e-8f3a-{:0>12}", ad.id)
}

fn rss(ads: &[JobAd]) -> Response {
    let items: String = ads.iter().map(rss_item).collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:tt=\"https://teamtailor.com/locations\">\
         <channel><title>Nordlys Energi A/S</title><link>{HOST}/jobs</link><description>Ledige stillinger</description>{items}</channel></rss>"
    );
    (
        [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
        body,
    )
        .into_response()
}

fn rss_item(ad: &JobAd) -> String {
    // Danish summer time, as Teamtailor writes it.
    let date = FixedOffset::east_opt(2 * 3600).map_or_else(
        || ad.published.to_rfc2822(),
        |summer| ad.published.with_timezone(&summer).to_rfc2822(),
    );
    let optional = |tag: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| format!("<tt:{tag}>{}</tt:{tag}>", escape(v)))
            .unwrap_or_default()
    };
    format!(
        "<item><title>{title}</title><description>{description}</description><pubDate>{date}</pubDate>\
         <link>{link}</link><guid isPermaLink=\"false\">{guid}</guid><remoteStatus>{remote}</remoteStatus>\
         {department}<tt:locations><tt:location><tt:name>{name}</tt:name>{city}{country}{zip}{address}</tt:location></tt:locations></item>",
        title = escape(&ad.title),
        description = escape(&ad.description_html),
        link = job_link(ad),
        guid = uuid(ad),
        remote = ad.remote.as_deref().unwrap_or("none"),
        department = optional("department", &ad.department),
        name = escape(ad.city.as_deref().unwrap_or_default()),
        city = optional("city", &ad.city),
        country = optional("country", &ad.country),
        zip = optional("zip", &ad.postal_code),
        address = optional("address", &ad.street),
    )
}

fn json_feed(ads: &[JobAd]) -> Response {
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Nordlys Energi A/S",
        "home_page_url": format!("{HOST}/jobs"),
        "items": ads.iter().map(json_item).collect::<Vec<Value>>(),
    });
    (
        [(header::CONTENT_TYPE, "application/feed+json")],
        feed.to_string(),
    )
        .into_response()
}

fn json_item(ad: &JobAd) -> Value {
    json!({
        "id": uuid(ad),
        "title": ad.title,
        "url": job_link(ad),
        "date_published": ad.published.to_rfc3339(),
        "content_html": ad.description_html,
        "_jobposting": {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": ad.title,
            "datePosted": ad.published.to_rfc3339(),
            "description": ad.description_html,
            "hiringOrganization": {"@type": "Organization", "name": "Nordlys Energi A/S"},
            "identifier": {"@type": "PropertyValue", "name": "Nordlys Energi A/S", "value": ad.id},
            "jobLocation": [{"@type": "Place", "address": {
                "@type": "PostalAddress", "streetAddress": ad.street, "postalCode": ad.postal_code,
                "addressLocality": ad.city, "addressCountry": "DK"}}],
        },
    })
}
