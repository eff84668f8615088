//! Lever postings API.
//!
//! - **Endpoint**: `GET {base}/v0/postings/{site}?mode=json&skip=N&limit=100`,
//!   base `https://api.lever.co` (EU tenants: `base_url =
//!   "https://api.eu.lever.co"`).
//! - **Paging**: `skip`/`limit`; a page shorter than the limit is the last.
//!   The answer is a bare array, so Lever states no count. A page with no new
//!   ids ends paging too (a server ignoring `skip` would otherwise repeat the
//!   first page forever).
//! - **Id**: the posting `id` (a UUID); the link is `hostedUrl`.
//! - **Dates**: `createdAt`, milliseconds since the epoch.
//! - **Expiry**: a posting is gone when it is no longer listed.
//! - **Unknown site**: HTTP 404 with `{"ok":false,"error":"Document not found"}`.
//! - **Quirks**: the description is split into `description`, `lists`
//!   (`text` heading, `content` list items) and `additional`, which are joined
//!   back in that order; `salaryRange` is optional and its `interval` reads
//!   `per-year-salary`; `workplaceType` may say `unspecified`.

use chrono::DateTime;
use jobfeed_fetch::FetchRequest;
use jobfeed_parse::{RawLocation, RawPosting, RawSalary, Warning};
use serde::Deserialize;
use serde_json::Value;

use super::common::MAX_PAGES;
use super::json_api::{ApiCrawl, EmptyBoard, id_text, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host (global tenants).
const DEFAULT_BASE: &str = "https://api.lever.co";

/// Postings asked for per page.
const PAGE_SIZE: usize = 100;

/// One posting.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Posting {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    text: Option<String>,
    categories: Option<Categories>,
    created_at: Option<i64>,
    country: Option<String>,
    workplace_type: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    lists: Vec<List>,
    additional: Option<String>,
    hosted_url: Option<String>,
    apply_url: Option<String>,
    salary_range: Option<SalaryRange>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Categories {
    commitment: Option<String>,
    department: Option<String>,
    location: Option<String>,
    team: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    all_locations: Vec<String>,
}

/// A titled list inside the description.
#[derive(Debug, Deserialize)]
struct List {
    text: Option<String>,
    content: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SalaryRange {
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<String>,
    interval: Option<String>,
}

/// Crawls a Lever site's postings.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let site = crawl.tenant()?;
    let base = crawl.base(DEFAULT_BASE)?;
    let limit = PAGE_SIZE.to_string();
    let mut skip = 0usize;
    for _ in 0..MAX_PAGES {
        let skip_text = skip.to_string();
        let query = [
            ("mode", "json"),
            ("skip", skip_text.as_str()),
            ("limit", limit.as_str()),
        ];
        let url = crawl.endpoint(&base, &["v0", "postings", site], &query);
        let page: Vec<Value> = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
        let received = page.len();
        let new = crawl.add_page(&url, page, |p: Posting| Some(posting(p)));
        skip += received;
        if received < PAGE_SIZE || new == 0 {
            return crawl.finish(None, EmptyBoard::Plausible);
        }
    }
    crawl.warn(Warning::document(format!(
        "stopped after {MAX_PAGES} pages"
    )));
    crawl.finish(None, EmptyBoard::Plausible)
}

fn posting(posting: Posting) -> RawPosting {
    let categories = posting.categories.unwrap_or_default();
    RawPosting {
        native_id: posting.id,
        title: posting.text,
        url: posting.hosted_url,
        apply_url: posting.apply_url,
        description: description(posting.description, posting.lists, posting.additional),
        locations: places(
            categories.location,
            categories.all_locations,
            posting.country,
        ),
        employment_types: categories.commitment.into_iter().collect(),
        date_posted: posting
            .created_at
            .and_then(DateTime::from_timestamp_millis)
            .map(|d| d.to_rfc3339()),
        salary: posting.salary_range.map(salary),
        remote: posting.workplace_type.filter(|w| w != "unspecified"),
        department: categories.department,
        categories: categories.team.into_iter().collect(),
        ..RawPosting::default()
    }
}

/// `description`, then each list as a heading and its items, then
/// `additional`.
fn description(
    intro: Option<String>,
    lists: Vec<List>,
    additional: Option<String>,
) -> Option<String> {
    let lists = lists.into_iter().map(|list| {
        format!(
            "<h3>{}</h3><ul>{}</ul>",
            list.text.unwrap_or_default(),
            list.content.unwrap_or_default()
        )
    });
    let parts: Vec<String> = intro.into_iter().chain(lists).chain(additional).collect();
    (!parts.is_empty()).then(|| parts.concat())
}

/// The primary place first, then the others, each once.
fn places(primary: Option<String>, all: Vec<String>, country: Option<String>) -> Vec<RawLocation> {
    let mut names: Vec<String> = primary.into_iter().collect();
    for name in all {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|text| RawLocation {
            text: Some(text),
            country: country.clone(),
            ..RawLocation::default()
        })
        .collect()
}

/// `per-year-salary` → `YEAR`, and so on.
fn salary(range: SalaryRange) -> RawSalary {
    let interval = range.interval.unwrap_or_default();
    let period = ["hour", "day", "week", "month", "year"]
        .into_iter()
        .find(|unit| interval.contains(unit))
        .map(str::to_ascii_uppercase);
    RawSalary {
        min: range.min,
        max: range.max,
        currency: range.currency,
        period,
        ..RawSalary::default()
    }
}
