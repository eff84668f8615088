//! A Varbi tenant (`{tenant}.varbi.com`): the list page at `/` (`/en/` in
//! English) and a job page per posting.
//!
//! Quirks reproduced: one `<table id="table-position">` with a row per job
//! (`td.pos-title > a[href="/se/what:job/jobID:<id>/"]`, `td.pos-town`,
//! `td.pos-subcompany`, `td.pos-ends`), no pager and no count; the job page
//! has `<h1>`, `div.job-desc` and a `table.quick-info` with
//! `quick-info-<key>` rows and no JSON-LD.

use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::board::{Board, JobAd};
use crate::sites::career_page::{escape, html};

/// The tenant's pages, publishing `board`.
pub fn router(board: Board) -> Router {
    let list_board = board.clone();
    let english_board = board.clone();
    Router::new()
        .route(
            "/",
            get(move || async move { list(&list_board.ads(), "se") }),
        )
        .route(
            "/en/",
            get(move || async move { list(&english_board.ads(), "en") }),
        )
        .route(
            "/{locale}/what:job/{job}/",
            get(move |Path((_, job)): Path<(String, String)>| {
                let board = board.clone();
                async move { job_page(&board.ads(), &job) }
            }),
        )
}

/// The link of an ad's job page.
pub fn job_path(ad: &JobAd, locale: &str) -> String {
    format!("/{locale}/what:job/jobID:{}/", ad.id)
}

fn list(ads: &[JobAd], locale: &str) -> Response {
    let rows: String = ads
        .iter()
        .map(|ad| {
            format!(
                "<tr><td class=\"pos-title\"><a href=\"{link}\">{title}</a></td><td class=\"pos-town\">{town}</td>\
                 <td class=\"pos-subcompany\">{unit}</td><td class=\"pos-ends\">{ends}</td></tr>",
                link = job_path(ad, locale),
                title = escape(&ad.title),
                town = escape(ad.city.as_deref().unwrap_or_default()),
                unit = escape(ad.department.as_deref().unwrap_or_default()),
                ends = ad.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            )
        })
        .collect();
    html(format!(
        "<!DOCTYPE html><html><head><title>Lediga jobb</title></head><body><table id=\"table-position\">\
         <thead><tr><th>Titel</th><th>Ort</th><th>Enhet</th><th>Sista ansökningsdag</th></tr></thead>{rows}</table></body></html>"
    ))
}

fn job_page(ads: &[JobAd], job: &str) -> Response {
    let Some(ad) = job
        .strip_prefix("jobID:")
        .and_then(|id| ads.iter().find(|ad| ad.id == id))
    else {
        return (
            StatusCode::NOT_FOUND,
            html("<h1>Annonsen finns inte</h1>".to_owned()),
        )
            .into_response();
    };
    let row = |key: &str, value: &str| {
        format!(
            "<tr class=\"quick-info-{key}\"><th>{key}</th><td>{}</td></tr>",
            escape(value)
        )
    };
    html(format!(
        "<!DOCTYPE html><html><body><h1>{title}</h1><div class=\"job-desc\">{description}</div><table class=\"quick-info\">{a}{b}{c}{d}</table></body></html>",
        title = escape(&ad.title),
        description = ad.description_html,
        a = row(
            "type-of-employment",
            ad.employment_type.as_deref().unwrap_or_default()
        ),
        b = row("town", ad.city.as_deref().unwrap_or_default()),
        c = row("published", &ad.published.format("%Y-%m-%d").to_string()),
        d = row(
            "ends",
            &ad.deadline
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        ),
    ))
}
