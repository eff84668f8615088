//! `GET /companies` (every member company, its health at a glance) and
//! `GET /companies/{id}` (the company's coverage report, readable by an HR
//! person: per source what we fetched and when, what we found, what is
//! wrong and what to do, with a chart of the latest fetches).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::Utc;
use jobfeed_core::CompanyId;
use jobfeed_coverage::{CompanyCoverage, CompanySummary, SourceCoverage};
use jobfeed_serve::AppState;

use crate::chart::{self, OutcomeBar};
use crate::i18n::{self, Lang};
use crate::page::{self, Chrome, render};

/// The list of companies.
#[derive(Debug, Template)]
#[template(path = "companies.html")]
struct CompaniesPage {
    c: Chrome,
    rows: Vec<CompanyRow>,
}

/// One company in the list.
#[derive(Debug)]
struct CompanyRow {
    href: String,
    name: String,
    municipality: String,
    active: u64,
    sources: usize,
    health: &'static str,
    health_words: String,
    last_crawl: String,
    alarms: Vec<String>,
}

/// One company's coverage.
#[derive(Debug, Template)]
#[template(path = "company.html")]
struct CompanyPage {
    c: Chrome,
    name: String,
    website: Option<String>,
    jobs_href: String,
    health: &'static str,
    health_words: String,
    active: u64,
    alarms: Vec<String>,
    advice: Vec<String>,
    sources: Vec<SourceView>,
    text: String,
}

/// One source of the company.
#[derive(Debug)]
struct SourceView {
    id: String,
    kind: String,
    url: Option<String>,
    health: &'static str,
    health_words: String,
    facts: Vec<(&'static str, String)>,
    problems: Vec<String>,
    advice: Vec<String>,
    count_message: Option<String>,
    merged: Vec<(String, String, String)>,
    expired: Vec<(String, String, String)>,
    gaps: Vec<(String, String, String)>,
    chart: Option<String>,
}

/// `GET /companies`.
pub(crate) async fn list(State(app): State<AppState>, lang: Lang, uri: Uri) -> Response {
    match jobfeed_serve::company_summaries(&app).await {
        Ok(summaries) => {
            let t = lang.tr();
            let page = CompaniesPage {
                c: Chrome::new(lang, t.companies_title, "companies", &uri),
                rows: summaries.iter().map(|s| row(lang, s)).collect(),
            };
            render(StatusCode::OK, &page)
        }
        Err(error) => page::server_error(lang, &uri, &error),
    }
}

fn row(lang: Lang, s: &CompanySummary) -> CompanyRow {
    let t = lang.tr();
    CompanyRow {
        href: format!("/companies/{}", s.id.as_str()),
        name: s.name.clone(),
        municipality: s.municipality.clone().unwrap_or_default(),
        active: s.active_postings,
        sources: s.sources,
        health: s.health.as_str(),
        health_words: i18n::word(lang, s.health.as_str()),
        last_crawl: s
            .last_crawl_at
            .map_or_else(|| t.never.to_owned(), |at| i18n::date_time(lang, &at)),
        alarms: s
            .alarms
            .iter()
            .map(|a| i18n::coverage::alarm(lang, a))
            .collect(),
    }
}

/// `GET /companies/{id}`.
pub(crate) async fn show(
    State(app): State<AppState>,
    lang: Lang,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let Some(member) = app.hub.member(&CompanyId::new(id)) else {
        return page::not_found(lang, &uri);
    };
    match jobfeed_coverage::company_coverage(app.hub.state(), member, Utc::now()).await {
        Ok(coverage) => render(StatusCode::OK, &company_view(lang, &uri, &coverage)),
        Err(error) => page::server_error(lang, &uri, &error),
    }
}

fn company_view(lang: Lang, uri: &Uri, c: &CompanyCoverage) -> CompanyPage {
    CompanyPage {
        c: Chrome::new(lang, c.company.name.clone(), "companies", uri),
        name: c.company.name.clone(),
        website: c.company.website.as_ref().map(ToString::to_string),
        jobs_href: format!("/?company={}", encode(c.company.id.as_str())),
        health: c.health.as_str(),
        health_words: i18n::word(lang, c.health.as_str()),
        active: c.active_postings,
        alarms: c
            .alarms
            .iter()
            .map(|a| i18n::coverage::alarm(lang, a))
            .collect(),
        advice: c
            .sources
            .iter()
            .flat_map(|s| {
                s.advice_codes
                    .iter()
                    .map(move |a| format!("{}: {}", s.source_id, i18n::coverage::advice(lang, a)))
            })
            .collect(),
        sources: c.sources.iter().map(|s| source_view(lang, s)).collect(),
        text: jobfeed_coverage::render_text(c),
    }
}

fn source_view(lang: Lang, s: &SourceCoverage) -> SourceView {
    let t = lang.tr();
    let mut facts = Vec::new();
    let mut problems: Vec<String> = s
        .alarms
        .iter()
        .map(|a| i18n::coverage::alarm(lang, a))
        .collect();
    match &s.last_crawl {
        Some(last) => {
            facts.push((t.last_fetched, i18n::date_time(lang, &last.at)));
            facts.push((t.outcome, i18n::word(lang, last.outcome.as_str())));
            if let Some(status) = last.http_status {
                facts.push((t.http_status, status.to_string()));
            }
            if let Some(ms) = last.duration_ms {
                facts.push((t.took, format!("{:.1} s", ms as f64 / 1000.0)));
            }
            let cause = last.cause.as_ref();
            if let Some(words) = cause
                .map(|c| i18n::coverage::cause(lang, c))
                .or_else(|| last.error.clone())
            {
                problems.push(words);
            }
        }
        None => facts.push((t.last_fetched, t.never.to_owned())),
    }
    if let Some(found) = s.found {
        facts.push((t.found, found.to_string()));
    }
    facts.push((t.indexed, s.indexed.to_string()));
    if let Some(stated) = s.stated_count {
        facts.push((t.stated_count, stated.to_string()));
    }
    if let Some(check) = s.count_check.as_ref().filter(|c| c.missing > 0) {
        facts.push((t.missing_from_us, check.missing.to_string()));
    }
    for (field, count) in &s.missing_field_counts {
        problems.push(format!("{}: {count}", i18n::word(lang, field.as_str())));
    }
    let posting =
        |r: &jobfeed_coverage::PostingRef| (format!("/jobs/{}", r.id.as_str()), r.title.clone());
    let bars: Vec<OutcomeBar> = s
        .recent_crawls
        .iter()
        .rev()
        .map(|line| OutcomeBar {
            value: line.found,
            outcome: line.outcome.as_str(),
            tooltip: format!(
                "{}: {} ({} {})",
                i18n::date_time(lang, &line.at),
                i18n::word(lang, line.outcome.as_str()),
                line.found,
                t.found.to_lowercase()
            ),
        })
        .collect();
    SourceView {
        id: s.source_id.clone(),
        kind: s.kind.clone(),
        url: s.url.as_ref().map(ToString::to_string),
        health: s.health.as_str(),
        health_words: i18n::word(lang, s.health.as_str()),
        facts,
        problems,
        advice: s
            .advice_codes
            .iter()
            .map(|a| i18n::coverage::advice(lang, a))
            .collect(),
        count_message: s
            .count_check
            .as_ref()
            .map(|c| i18n::coverage::count_check(lang, c)),
        merged: s
            .merged
            .iter()
            .map(|m| {
                let (href, title) = posting(&m.posting);
                (href, title, m.other_sources.join(", "))
            })
            .collect(),
        expired: s
            .expired
            .iter()
            .chain(&s.not_indexed)
            .map(|e| {
                let (href, title) = posting(&e.posting);
                (
                    href,
                    title,
                    format!("{} ({})", e.reason, i18n::date(lang, &e.at)),
                )
            })
            .collect(),
        gaps: s
            .postings_with_gaps
            .iter()
            .map(|g| {
                let (href, title) = posting(&g.posting);
                let missing: Vec<String> = g
                    .missing
                    .iter()
                    .map(|m| i18n::word(lang, m.as_str()))
                    .collect();
                (href, title, missing.join(", "))
            })
            .collect(),
        chart: (!bars.is_empty())
            .then(|| chart::outcome_bars(t.chart_crawls_title, t.chart_crawls_desc, &bars)),
    }
}

/// A value for a query string.
fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
