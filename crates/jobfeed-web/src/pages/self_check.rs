//! `GET /self-check` (the form) and `POST /self-check` (the check): an HR
//! person pastes the company's website or career page address and sees
//! what `jobfeed discover` finds there. The check fetches through the
//! server's own [`jobfeed_fetch::Fetcher`] (`AppState::fetcher`), so the
//! same SSRF guard, robots.txt rules, politeness and size limits apply as to
//! the crawler, and at most [`jobfeed_sources::discover::MAX_FETCHES`]
//! documents are read.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use jobfeed_serve::AppState;
use jobfeed_sources::discover::{self, DiscoveryReport, FeedKind, RobotsFile};
use serde::Deserialize;

use crate::i18n::{self, Lang};
use crate::page::{Chrome, render};

/// Longest address accepted.
const MAX_INPUT: usize = 2000;

/// The self-check page, with a report after a check.
#[derive(Debug, Template)]
#[template(path = "self_check.html")]
struct SelfCheckPage {
    c: Chrome,
    input: String,
    error: Option<String>,
    report: Option<ReportView>,
}

/// A discovery report in the page's terms.
#[derive(Debug)]
struct ReportView {
    career_page: Option<String>,
    ats: Vec<(String, Option<String>, Vec<String>)>,
    feeds: Vec<(String, &'static str, bool)>,
    structured_count: usize,
    structured_pages: Vec<String>,
    robots_allowed: bool,
    robots_file: String,
    crawl_delay: Option<String>,
    denied: Vec<String>,
    sitemaps: Vec<(String, usize, usize)>,
    not_found: Vec<String>,
    advice: Vec<String>,
    pages_read: Vec<String>,
    toml: String,
}

/// The form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct CheckForm {
    url: String,
}

/// `GET /self-check`.
pub(crate) async fn form(lang: Lang, uri: Uri) -> Response {
    render(StatusCode::OK, &page(lang, &uri, String::new(), None, None))
}

/// `POST /self-check`.
pub(crate) async fn check(
    State(app): State<AppState>,
    lang: Lang,
    uri: Uri,
    Form(form): Form<CheckForm>,
) -> Response {
    let input: String = form.url.trim().chars().take(MAX_INPUT).collect();
    match discover::discover(&app.fetcher, &input).await {
        Ok(report) => {
            let view = report_view(lang, &report);
            render(StatusCode::OK, &page(lang, &uri, input, None, Some(view)))
        }
        Err(error) => {
            // The visitor's own input was unusable or unreachable: say why.
            let page = page(lang, &uri, input, Some(error.to_string()), None);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

fn page(
    lang: Lang,
    uri: &Uri,
    input: String,
    error: Option<String>,
    report: Option<ReportView>,
) -> SelfCheckPage {
    SelfCheckPage {
        c: Chrome::new(lang, lang.tr().self_check_title, "self-check", uri),
        input,
        error,
        report,
    }
}

fn report_view(lang: Lang, r: &DiscoveryReport) -> ReportView {
    let conclusions = i18n::discover::conclusions(lang, r);
    let urls = |list: &[url::Url]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
    ReportView {
        career_page: r.career_page.as_ref().map(ToString::to_string),
        ats: r
            .ats
            .iter()
            .map(|found| {
                (
                    discover::ats::display_name(found.system).to_owned(),
                    found.tenant.clone(),
                    found.evidence.iter().map(|e| e.url.to_string()).collect(),
                )
            })
            .collect(),
        feeds: r
            .feeds
            .iter()
            .map(|f| {
                let kind = match f.kind {
                    FeedKind::Rss => "RSS",
                    FeedKind::Atom => "Atom",
                    FeedKind::JsonFeed => "JSON Feed",
                };
                (f.url.to_string(), kind, f.looks_like_jobs)
            })
            .collect(),
        structured_count: r.structured_data.count,
        structured_pages: urls(&r.structured_data.pages_with_jobposting),
        robots_allowed: r.robots.allowed,
        robots_file: match &r.robots.file {
            RobotsFile::NotChecked => i18n::word(lang, "robots_not_checked"),
            RobotsFile::Rules => i18n::word(lang, "robots_rules"),
            RobotsFile::Missing => i18n::word(lang, "robots_missing"),
            RobotsFile::Closed(why) => why.clone(),
        },
        crawl_delay: r
            .robots
            .crawl_delay
            .map(|d| format!("{} s", d.as_secs_f32())),
        denied: urls(&r.robots.denied),
        sitemaps: r
            .sitemaps
            .iter()
            .map(|s| (s.url.to_string(), s.urls, s.job_urls))
            .collect(),
        not_found: conclusions.not_found,
        advice: conclusions.advice,
        pages_read: urls(&r.pages_read),
        toml: r.to_sources_toml(),
    }
}
