//! An Emply career site (`{tenant}.career.emply.com`) in one of the shapes
//! Emply serves, chosen by [`Route`].
//!
//! Quirks reproduced: the current list page declares
//! `var languageKey = 'da-DK'` and `var config = {count:N, …, langCode: languageKey, …}`
//! (N the section size) and sets a session cookie; the page's script POSTs
//! that config to `/api/integration/vacancy/get-page`, which refuses a call
//! without the cookie or a `Referer` (HTTP 400) and answers `{count, vacancies[]}`
//! from `offset`, at most `config.count` (and never more than 30) at a time.
//! The legacy page embeds `proceedBatch({ vacancies : JSON.parse('…') })`
//! with `\'`, `\"`, `\/` and `\uXXXX` escapes. Dates are ISO 8601: `published`
//! with an offset, `created` and `deadline` without. Aarhus University's
//! 403 "Checking search engine crawler…" (behind an allow-all robots.txt)
//! and an unknown tenant's 404 are routes of their own.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::board::{Board, JobAd};
use crate::sites::career_page::html;

/// The path of the list page.
pub const LIST_PATH: &str = "/ledige-stillinger";
/// The session cookie the list page sets and the API wants back.
const SESSION_COOKIE: &str = "ASP.NET_SessionId=k2v0yq1b4xw3";
/// The largest section Emply serves.
const MAX_SECTION: usize = 30;

/// Which shape the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The current list page and get-page API, `section` vacancies per call.
    Current {
        /// Section size, as `config.count` declares it (6 or 30 on real sites).
        section: usize,
    },
    /// The legacy list page with the whole board in `proceedBatch`.
    Legacy,
    /// A 403 bot challenge on every page (Aarhus University).
    BotChallenge,
    /// No such tenant: 404 on every page.
    UnknownTenant,
    /// The current route whose API states the board's count but sends no
    /// vacancies.
    EmptyDespiteCount,
}

/// The site in shape `route`, publishing `board`.
pub fn router(board: Board, route: Route) -> Router {
    match route {
        Route::Current { section } => current(board, section, false),
        Route::EmptyDespiteCount => current(board, 6, true),
        Route::Legacy => Router::new().route(
            LIST_PATH,
            get(move || async move { legacy_page(&board.ads()) }),
        ),
        // Emply's robots.txt allows everything; the challenge comes after it.
        Route::BotChallenge => Router::new()
            .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
            .fallback(|| async { bot_challenge() }),
        Route::UnknownTenant => Router::new().fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                html("<h1>404 - Siden blev ikke fundet</h1>".to_owned()),
            )
                .into_response()
        }),
    }
}

fn current(board: Board, section: usize, withhold: bool) -> Router {
    let api_board = board.clone();
    Router::new()
        .route(LIST_PATH, get(move || async move { current_page(section) }))
        .route(
            "/api/integration/vacancy/get-page",
            post(
                move |headers: HeaderMap, axum::Json(config): axum::Json<Value>| {
                    let board = api_board.clone();
                    async move { get_page(&board, &headers, &config, withhold) }
                },
            ),
        )
}

/// The current list page: a shell whose script loads the vacancies.
fn current_page(section: usize) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"da\"><head><title>Ledige stillinger</title></head><body>\
         <div id=\"vacancies\"></div><script>\
         var languageKey = 'da-DK';\n\
         var config = {{count:{section}, filters:[], langCode: languageKey, offset:0, searchText:'', \
         sectionId:'5d0a4c1e-3f7b-4a62-9c0e-1b2d3e4f5a6b', sortByProjectDataId:'deadline', sortAscending:true, \
         light:false, isJobAgent:false, siteId:null}};\n\
         loadVacancies(config);</script></body></html>"
    );
    let mut response = html(body);
    if let Ok(cookie) = format!("{SESSION_COOKIE}; path=/; HttpOnly").parse() {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// One section of vacancies from `config.offset`.
fn get_page(board: &Board, headers: &HeaderMap, config: &Value, withhold: bool) -> Response {
    let has_cookie = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains(SESSION_COOKIE));
    if !has_cookie || !headers.contains_key(header::REFERER) {
        return (StatusCode::BAD_REQUEST, "missing session").into_response();
    }
    let number = |key: &str| {
        config
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let offset = number("offset").unwrap_or(0);
    let size = number("count").unwrap_or(MAX_SECTION).min(MAX_SECTION);
    let ads = board.ads();
    let vacancies: Vec<Value> = if withhold {
        Vec::new()
    } else {
        ads.iter().skip(offset).take(size).map(vacancy).collect()
    };
    axum::Json(json!({"count": ads.len(), "vacancies": vacancies})).into_response()
}

/// The legacy list page with the whole board in one batch.
fn legacy_page(ads: &[JobAd]) -> Response {
    let vacancies = Value::Array(ads.iter().map(vacancy).collect()).to_string();
    let body = format!(
        "<!DOCTYPE html><html><head><title>Job</title></head><body><ul id=\"list\"></ul><script>\
         proceedBatch({{ vacancies : JSON.parse('{}') }});</script></body></html>",
        js_single_quoted(&vacancies)
    );
    html(body)
}

/// Aarhus University's answer to crawlers.
fn bot_challenge() -> Response {
    let body = "<!DOCTYPE html><html><head><title>Checking search engine crawler...</title></head>\
                <body><p>Checking search engine crawler…</p></body></html>";
    (StatusCode::FORBIDDEN, html(body.to_owned())).into_response()
}

/// The inside of a single-quoted JavaScript string, escaped the way Emply's
/// template does it.
fn js_single_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// The `titleAsUrl` of a title: lowercase words joined by `-`, Danish
/// letters kept.
pub fn title_as_url(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn iso_with_offset(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn iso_without_offset(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn vacancy(ad: &JobAd) -> Value {
    let language_key = if ad.language == "en" {
        "en-GB"
    } else {
        "da-DK"
    };
    let location = [
        ad.street.as_deref(),
        ad.postal_code.as_deref(),
        ad.city.as_deref(),
        Some("Denmark"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    json!({
        "id": format!("6f1c2e4a-0000-4000-8000-{:0>12}", ad.id),
        "shortId": ad.id,
        "titleAsUrl": title_as_url(&ad.title),
        "number": 5_340_000,
        "created": iso_without_offset(ad.published),
        "published": iso_with_offset(ad.published),
        "deadline": ad.deadline.map(iso_without_offset),
        "department": ad.department,
        "location": location,
        "talentPool": false,
        "externalCseAdLink": null,
        "translations": [{
            "title": ad.title,
            "content": ad.description_html,
            "languageKey": language_key,
            "factDatas": [
                {"key": "Frist", "value": ad.deadline.map(|d| d.format("%d.%m.%Y").to_string())},
                {"key": "Afdeling", "value": ad.department},
                {"key": "1. Kontaktperson", "value": "Lone Holm, lone.holm@aarhus.example.dk"},
            ],
        }],
    })
}
