//! SmartRecruiters posting API.
//!
//! - **Endpoint**: `GET {base}/v1/companies/{id}/postings?limit=100&offset=N`,
//!   base `https://api.smartrecruiters.com`.
//! - **Paging**: `offset` advances by the postings received, at most 100 per
//!   page; `totalFound` states the board size (the first page's is kept).
//! - **Id**: the posting `id`; the public link is
//!   `https://jobs.smartrecruiters.com/{company identifier}/{id}` (the list
//!   only links the API's own detail).
//! - **Dates**: `releasedDate`, RFC 3339.
//! - **Expiry**: a posting is gone when it is no longer listed.
//! - **Unknown company**: answers **200 with an empty list**
//!   (`totalFound: 0`), exactly like a company without openings. On a
//!   source's first crawl (no earlier crawl found postings,
//!   `CrawlContext::previous_found`) an empty board is reported as an unknown
//!   tenant whose reason names the ambiguity, which is better than a wrong
//!   company id silently counting as "0 jobs"; after a crawl that found
//!   postings, an empty board means the openings closed.
//! - **Quirks**: `fullLocation` can read "London, , United Kingdom"; the
//!   empty parts are dropped. `location.country` is a lowercase ISO code.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::{RawLocation, RawPosting};
use serde::Deserialize;
use serde_json::Value;

use super::common::Paging;
use super::json_api::{ApiCrawl, EmptyBoard, count, id_text, join_place, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host.
const DEFAULT_BASE: &str = "https://api.smartrecruiters.com";

/// The host of the public posting pages.
const JOBS_HOST: &str = "https://jobs.smartrecruiters.com";

/// The largest page the API serves.
const PAGE_SIZE: u32 = 100;

/// Why an empty board is not trusted.
const EMPTY: &str = "SmartRecruiters answers 200 with an empty list for unknown companies, \
     so an empty board cannot be told from a wrong company id; check the company id \
     (the part after jobs.smartrecruiters.com/ in the career site address)";

/// One page of postings.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_found: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    content: Vec<Value>,
}

/// One posting as the list shows it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Posting {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    name: Option<String>,
    company: Option<Company>,
    released_date: Option<String>,
    location: Option<Location>,
    department: Option<Label>,
    function: Option<Label>,
    type_of_employment: Option<Label>,
    language: Option<Language>,
}

#[derive(Debug, Deserialize)]
struct Company {
    identifier: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    city: Option<String>,
    region: Option<String>,
    country: Option<String>,
    full_location: Option<String>,
    remote: Option<bool>,
    hybrid: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Label {
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Language {
    code: Option<String>,
}

/// Crawls a SmartRecruiters company's postings.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let company = crawl.tenant()?;
    let base = crawl.base(DEFAULT_BASE)?;
    let mut paging = Paging::default();
    let limit = PAGE_SIZE.to_string();
    loop {
        let offset = paging.offset.to_string();
        let query = [("limit", limit.as_str()), ("offset", offset.as_str())];
        let url = crawl.endpoint(&base, &["v1", "companies", company, "postings"], &query);
        let page: Page = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
        let received = page.content.len();
        let total = count(page.total_found).unwrap_or(0);
        crawl.add_page(&url, page.content, |p: Posting| Some(posting(company, p)));
        match paging.advance(received, total) {
            Ok(true) => {}
            Ok(false) => return crawl.finish(paging.stated, empty_board(ctx, EMPTY)),
            Err(fault) => return Err(crawl.paging_fault(&url, &fault)),
        }
    }
}

/// How to read an empty board of a system that answers unknown tenants with
/// an empty list: trusted after a crawl that found postings (the openings
/// closed); before that it may be a wrong tenant, for `reason`.
pub(super) fn empty_board(ctx: &CrawlContext<'_>, reason: &'static str) -> EmptyBoard {
    if ctx.had_postings() {
        EmptyBoard::Plausible
    } else {
        EmptyBoard::Suspect(reason)
    }
}

fn posting(company: &str, posting: Posting) -> RawPosting {
    let identifier = posting
        .company
        .as_ref()
        .and_then(|c| c.identifier.as_deref())
        .unwrap_or(company);
    let url = posting
        .id
        .as_ref()
        .map(|id| format!("{JOBS_HOST}/{identifier}/{id}"));
    let location = posting.location.unwrap_or_default();
    RawPosting {
        url,
        title: posting.name,
        company: posting.company.and_then(|c| c.name),
        remote: remote(&location),
        locations: vec![place(location)],
        employment_types: posting
            .type_of_employment
            .and_then(|t| t.label)
            .into_iter()
            .collect(),
        date_posted: posting.released_date,
        department: posting.department.and_then(|d| d.label),
        categories: posting.function.and_then(|f| f.label).into_iter().collect(),
        language: posting.language.and_then(|l| l.code),
        native_id: posting.id,
        ..RawPosting::default()
    }
}

fn remote(location: &Location) -> Option<String> {
    match (location.remote, location.hybrid) {
        (_, Some(true)) => Some("hybrid".to_owned()),
        (Some(true), _) => Some("remote".to_owned()),
        (Some(false), _) => Some("onsite".to_owned()),
        _ => None,
    }
}

fn place(location: Location) -> RawLocation {
    RawLocation {
        text: location
            .full_location
            .as_deref()
            .and_then(|f| join_place([f])),
        locality: location.city,
        region: location.region,
        country: location.country,
        ..RawLocation::default()
    }
}
