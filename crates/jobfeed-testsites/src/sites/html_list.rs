//! A paged HTML list of job cards (`/ledige-stillinger?side=N`) with a
//! `rel=next` pager, and detail pages (`/ledige-stillinger/{id}`) with
//! JSON-LD. [`RECIPE`] is the CSS recipe that reads the list.
//!
//! Quirks: the page sets `<base href>` so card links are relative to it,
//! card links carry `utm_` tracking parameters, a promotional card with no
//! title or link sits among the jobs, and dates are in `datetime`
//! attributes.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::career_page::{detail_page, escape, html};
use crate::board::{Board, JobAd};

/// The recipe that reads this site's list pages.
pub const RECIPE: &str = r#"
item = "article.job-card"
title = "h3.job-card__title"
link = "a.job-card__link"
native_id = { selector = ":scope", attr = "data-job-id" }
location = "li.meta-location"
employment_type = "li.meta-type"
department = "li.meta-dept"
date = { selector = "time", attr = "datetime" }
next_page = "nav.pagination a[rel=next]"
"#;

#[derive(Debug, Clone)]
struct Site {
    board: Board,
    company: String,
    page_size: usize,
}

/// The list site of `company` publishing `board`, `page_size` cards a page.
pub fn router(board: Board, company: &str, page_size: usize) -> Router {
    let site = Site {
        board,
        company: company.to_owned(),
        page_size: page_size.max(1),
    };
    Router::new()
        .route("/ledige-stillinger", get(list))
        .route("/ledige-stillinger/{id}", get(detail))
        .with_state(site)
}

async fn list(State(site): State<Site>, Query(query): Query<HashMap<String, String>>) -> Response {
    let page: usize = query
        .get("side")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let ads = site.board.ads();
    let start = (page - 1).saturating_mul(site.page_size);
    let cards: String = ads
        .iter()
        .skip(start)
        .take(site.page_size)
        .map(card)
        .collect();
    let next = if start + site.page_size < ads.len() {
        format!(
            "<a href=\"ledige-stillinger?side={}\" rel=\"next\">Næste side</a>",
            page + 1
        )
    } else {
        String::new()
    };
    html(format!(
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><base href=\"/\">\
         <title>Job hos {company}</title></head><body><main><section class=\"job-list\">\n{cards}\
         <article class=\"job-card job-card--promo\"><h3 class=\"job-card__title\"></h3><p>Følg os på LinkedIn</p></article>\
         </section><nav class=\"pagination\"><span class=\"current\">{page}</span>{next}</nav></main></body></html>",
        company = escape(&site.company),
    ))
}

fn card(ad: &JobAd) -> String {
    format!(
        "<article class=\"job-card\" data-job-id=\"{id}\"><a class=\"job-card__link\" \
         href=\"ledige-stillinger/{id}?utm_source=site\"><h3 class=\"job-card__title\">{title}</h3></a>\
         <ul><li class=\"meta-location\">{place}</li><li class=\"meta-type\">{kind}</li>\
         <li class=\"meta-dept\">{dept}</li></ul><time datetime=\"{date}\">{date}</time></article>\n",
        id = escape(&ad.id),
        title = escape(&ad.title),
        place = escape(&format!(
            "{} {}",
            ad.postal_code.as_deref().unwrap_or(""),
            ad.city.as_deref().unwrap_or("")
        )),
        kind = escape(ad.employment_type.as_deref().unwrap_or("")),
        dept = escape(ad.department.as_deref().unwrap_or("")),
        date = ad.published.format("%Y-%m-%d"),
    )
}

async fn detail(State(site): State<Site>, Path(id): Path<String>) -> Response {
    match site.board.ads().iter().find(|ad| ad.id == id) {
        Some(ad) => html(detail_page(ad, &site.company)),
        None => (StatusCode::NOT_FOUND, "ikke fundet").into_response(),
    }
}
