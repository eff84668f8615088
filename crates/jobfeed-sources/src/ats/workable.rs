//! Workable widget API.
//!
//! - **Endpoint**: `GET {base}/api/v1/widget/accounts/{account}?details=true`,
//!   base `https://apply.workable.com`.
//! - **Paging**: none; one answer holds every published job, without a
//!   count.
//! - **Id**: the job `shortcode`; the link is `url`.
//! - **Dates**: `published_on` (a date), else `created_at`.
//! - **Expiry**: a job is gone when it is no longer listed.
//! - **Unknown account**: HTTP 404.
//! - **Quirks**: remote work is the boolean `telecommuting`; a job may list
//!   several `locations[]` beside its top-level `city`/`state`/`country`;
//!   the account's `name` is the company name.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::{RawLocation, RawPosting};
use serde::Deserialize;
use serde_json::Value;

use super::json_api::{ApiCrawl, EmptyBoard, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host.
const DEFAULT_BASE: &str = "https://apply.workable.com";

/// The account answer.
#[derive(Debug, Deserialize)]
struct Account {
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    jobs: Vec<Value>,
}

/// One job.
#[derive(Debug, Deserialize)]
struct Job {
    title: Option<String>,
    shortcode: Option<String>,
    employment_type: Option<String>,
    telecommuting: Option<bool>,
    department: Option<String>,
    url: Option<String>,
    application_url: Option<String>,
    published_on: Option<String>,
    created_at: Option<String>,
    country: Option<String>,
    city: Option<String>,
    state: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    locations: Vec<Place>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Place {
    country: Option<String>,
    city: Option<String>,
    region: Option<String>,
}

/// Crawls a Workable account's jobs.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let account_name = crawl.tenant()?;
    let base = crawl.base(DEFAULT_BASE)?;
    let url = crawl.endpoint(
        &base,
        &["api", "v1", "widget", "accounts", account_name],
        &[("details", "true")],
    );
    let account: Account = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
    let company = account.name;
    crawl.add_page(&url, account.jobs, |job: Job| {
        Some(posting(job, company.clone()))
    });
    crawl.finish(None, EmptyBoard::Plausible)
}

fn posting(job: Job, company: Option<String>) -> RawPosting {
    let top = Place {
        country: job.country,
        city: job.city,
        region: job.state,
    };
    let places = if job.locations.is_empty() {
        vec![top]
    } else {
        job.locations
    };
    RawPosting {
        native_id: job.shortcode,
        title: job.title,
        url: job.url,
        apply_url: job.application_url,
        description: job.description,
        company,
        locations: places.into_iter().map(location).collect(),
        employment_types: job.employment_type.into_iter().collect(),
        date_posted: job.published_on.or(job.created_at),
        remote: job
            .telecommuting
            .map(|t| if t { "remote" } else { "onsite" }.to_owned()),
        department: job.department,
        ..RawPosting::default()
    }
}

fn location(place: Place) -> RawLocation {
    RawLocation {
        locality: place.city,
        region: place.region,
        country: place.country,
        ..RawLocation::default()
    }
}
