//! A Personio account's job site (`{slug}.jobs.personio.de`): `GET /xml`.
//!
//! Quirks reproduced: a `<workzag-jobs>` document without links; `createdAt`
//! alternates between `+0200` (documented) and `+02:00` (live); every other
//! position has the legacy singular `<jobDescription>` instead of
//! `<jobDescriptions>`; the first has `additionalOffices`. An unknown or
//! inactive slug answers 307 to the Personio home page ([`unknown_slug`],
//! with a loopback stand-in for personio.com). Rapid-call 429s come from the
//! site's fault switch.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::FixedOffset;

use crate::board::{Board, JobAd};
use crate::sites::career_page::{escape, html};

/// The account's feed, publishing `board`.
pub fn router(board: Board) -> Router {
    Router::new().route("/xml", get(move || async move { feed(&board.ads()) }))
}

/// What Personio answers for a slug it does not have: a 307 to its home page.
pub fn unknown_slug() -> Router {
    Router::new()
        .route(
            "/",
            get(|| async {
                html("<html><head><title>Personio | HR-Software</title></head></html>".to_owned())
            }),
        )
        .fallback(|| async {
            (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/")]).into_response()
        })
}

fn feed(ads: &[JobAd]) -> Response {
    let positions: String = ads
        .iter()
        .enumerate()
        .map(|(i, ad)| position(i, ad))
        .collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workzag-jobs>{positions}</workzag-jobs>"
    );
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], body).into_response()
}

fn position(index: usize, ad: &JobAd) -> String {
    let summer = FixedOffset::east_opt(2 * 3600);
    // Documented `+0200` and live `+02:00`, alternately.
    let format = if index.is_multiple_of(2) {
        "%Y-%m-%dT%H:%M:%S%z"
    } else {
        "%Y-%m-%dT%H:%M:%S%:z"
    };
    let created = summer.map_or_else(String::new, |tz| {
        ad.published.with_timezone(&tz).format(format).to_string()
    });
    let section = format!(
        "<name>Om stillingen</name><value><![CDATA[{}]]></value>",
        ad.description_html
    );
    let descriptions = if index.is_multiple_of(2) {
        format!("<jobDescriptions><jobDescription>{section}</jobDescription></jobDescriptions>")
    } else {
        format!("<jobDescription>{section}</jobDescription>")
    };
    let extra_office = if index == 0 {
        "<additionalOffices><office>Aarhus</office></additionalOffices>"
    } else {
        ""
    };
    let text = |value: &Option<String>| escape(value.as_deref().unwrap_or_default());
    format!(
        "<position><id>{id}</id><subcompany>Nordlys Energi A/S</subcompany><office>{office}</office>{extra_office}\
         <department>{department}</department><recruitingCategory>Engineering</recruitingCategory><name>{name}</name>\
         {descriptions}<employmentType>permanent</employmentType><seniority>experienced</seniority>\
         <schedule>full-time</schedule><yearsOfExperience>3-5</yearsOfExperience><keywords>energi</keywords>\
         <occupation>engineering</occupation><occupationCategory>Engineering</occupationCategory>\
         <createdAt>{created}</createdAt></position>",
        id = escape(&ad.id),
        office = text(&ad.city),
        department = text(&ad.department),
        name = escape(&ad.title),
    )
}
