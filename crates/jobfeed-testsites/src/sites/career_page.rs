//! A company career page: a list of job links (`/karriere`) and one detail
//! page per ad (`/karriere/stilling/{id}`) carrying a schema.org
//! `JobPosting` in JSON-LD.
//!
//! The detail pages vary the JSON-LD the way real sites do (SOURCES.md
//! 2.10), chosen per ad id: a plain object, an `@graph` whose
//! `hiringOrganization` is an `@id` reference, `\/`-escaped slashes with a
//! numeric `postalCode`, and `jobLocation` as an array. The list page has
//! an `Organization` block and navigation links that are not jobs.
//! [`detail_page`] and [`escape`] are shared with the other generic sites.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::board::{Board, JobAd};
use crate::faults::fnv1a;

#[derive(Debug, Clone)]
struct Site {
    board: Board,
    company: String,
}

/// The career page of `company` publishing `board`.
pub fn router(board: Board, company: &str) -> Router {
    let site = Site {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route("/karriere", get(list))
        .route("/karriere/stilling/{id}", get(detail))
        .with_state(site)
}

async fn list(State(site): State<Site>) -> Response {
    let items: String = site
        .board
        .ads()
        .iter()
        .map(|ad| {
            format!(
                "<li class=\"job\"><a class=\"job-link\" href=\"/karriere/stilling/{id}\">{title}</a> \
                 <span class=\"place\">{city}</span> <span class=\"deadline\">{deadline}</span></li>\n",
                id = escape(&ad.id),
                title = escape(&ad.title),
                city = escape(ad.city.as_deref().unwrap_or("")),
                deadline = ad.deadline.map(|d| d.format("Frist %d-%m-%Y").to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let org =
        json!({"@context": "https://schema.org", "@type": "Organization", "name": site.company});
    html(format!(
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Karriere hos {company}</title>\
         <script type=\"application/ld+json\">{org}</script></head><body>\
         <nav><a href=\"/\">Forside</a> <a href=\"/om-os\">Om os</a> <a href=\"/kontakt\">Kontakt</a></nav>\
         <h1>Ledige stillinger</h1><ul class=\"jobs\">\n{items}</ul></body></html>",
        company = escape(&site.company),
    ))
}

async fn detail(State(site): State<Site>, Path(id): Path<String>) -> Response {
    match site.board.ads().iter().find(|ad| ad.id == id) {
        Some(ad) => html(detail_page(ad, &site.company)),
        None => (StatusCode::NOT_FOUND, "stillingen findes ikke længere").into_response(),
    }
}

/// An HTML response with a UTF-8 content type.
pub fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// A detail page of `ad` with its `JobPosting` JSON-LD, in one of four
/// real-world shapes chosen by the ad id.
pub fn detail_page(ad: &JobAd, company: &str) -> String {
    let block = match fnv1a(ad.id.as_bytes()) % 4 {
        0 => posting(ad, json!({"@type": "Organization", "name": company})).to_string(),
        1 => graph(ad, company).to_string(),
        2 => escaped_slashes(ad, company),
        _ => located_twice(ad, company).to_string(),
    };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <script type=\"application/ld+json\">{block}</script></head><body>\
         <a href=\"/karriere\">Tilbage</a><h1>{title}</h1><div class=\"job-text\">{text}</div></body></html>",
        lang = escape(&ad.language),
        title = escape(&ad.title),
        text = ad.description_html,
    )
}

fn posting(ad: &JobAd, organization: Value) -> Value {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": ad.title,
        "description": ad.description_html,
        "identifier": {"@type": "PropertyValue", "value": ad.id},
        "datePosted": ad.published.to_rfc3339(),
        "hiringOrganization": organization,
        "jobLocation": place(ad, false),
        "inLanguage": ad.language,
    });
    if let Some(deadline) = ad.deadline {
        value["validThrough"] = json!(deadline.to_rfc3339());
    }
    if let Some(kind) = &ad.employment_type {
        value["employmentType"] = json!(kind);
    }
    value
}

fn place(ad: &JobAd, numeric_postal_code: bool) -> Value {
    let postal_code = match (&ad.postal_code, numeric_postal_code) {
        (Some(code), true) => code.parse::<u32>().map(Value::from).unwrap_or(json!(code)),
        (code, _) => json!(code),
    };
    json!({"@type": "Place", "address": {
        "@type": "PostalAddress",
        "streetAddress": ad.street,
        "postalCode": postal_code,
        "addressLocality": ad.city,
        "addressCountry": ad.country,
    }})
}

fn graph(ad: &JobAd, company: &str) -> Value {
    let mut job = posting(ad, json!({"@id": "#org"}));
    if let Some(map) = job.as_object_mut() {
        map.remove("@context");
    }
    json!({"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "#org", "name": company},
        job,
    ]})
}

fn escaped_slashes(ad: &JobAd, company: &str) -> String {
    let mut job = posting(ad, json!(company));
    job["jobLocation"] = place(ad, true);
    job.to_string().replace('/', "\\/")
}

fn located_twice(ad: &JobAd, company: &str) -> Value {
    let mut job = posting(ad, json!({"@type": "Organization", "name": company}));
    job["jobLocation"] = json!([place(ad, false), {"@type": "Place", "address": {"addressLocality": "Aarhus", "addressCountry": "DK"}}]);
    job
}

/// Escapes text for HTML and XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
