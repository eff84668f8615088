//! Ashby job board API.
//!
//! - **Endpoint**: `GET {base}/posting-api/job-board/{board}?includeCompensation=true`,
//!   base `https://api.ashbyhq.com`.
//! - **Paging**: none; one answer holds the whole board, without a count.
//! - **Id**: the job `id` (a UUID); the link is `jobUrl`.
//! - **Dates**: `publishedAt`, RFC 3339.
//! - **Expiry**: a posting is gone when it is no longer listed.
//! - **Unknown board**: HTTP 404.
//! - **Quirks**: entries with `isListed: false` are on the board but not
//!   public, so they are skipped; remote work is `workplaceType`
//!   (`OnSite`, `Hybrid`, `Remote`) or, on older boards, only `isRemote`;
//!   the salary is the `Salary` entry of `compensation.summaryComponents`
//!   with `interval` such as `1 YEAR`.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::{RawLocation, RawPosting, RawSalary};
use serde::Deserialize;
use serde_json::Value;

use super::json_api::{ApiCrawl, EmptyBoard, id_text, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host.
const DEFAULT_BASE: &str = "https://api.ashbyhq.com";

/// The board answer.
#[derive(Debug, Deserialize)]
struct Board {
    #[serde(default, deserialize_with = "nullable")]
    jobs: Vec<Value>,
}

/// One job.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    title: Option<String>,
    department: Option<String>,
    team: Option<String>,
    employment_type: Option<String>,
    location: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    secondary_locations: Vec<Secondary>,
    published_at: Option<String>,
    is_listed: Option<bool>,
    is_remote: Option<bool>,
    workplace_type: Option<String>,
    address: Option<Address>,
    job_url: Option<String>,
    apply_url: Option<String>,
    description_html: Option<String>,
    compensation: Option<Compensation>,
}

#[derive(Debug, Deserialize)]
struct Secondary {
    location: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    postal_address: Option<PostalAddress>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostalAddress {
    street_address: Option<String>,
    postal_code: Option<String>,
    address_locality: Option<String>,
    address_region: Option<String>,
    address_country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Compensation {
    compensation_tier_summary: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    summary_components: Vec<Component>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Component {
    compensation_type: Option<String>,
    interval: Option<String>,
    currency_code: Option<String>,
    min_value: Option<f64>,
    max_value: Option<f64>,
}

/// Crawls an Ashby job board.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let board_name = crawl.tenant()?;
    let base = crawl.base(DEFAULT_BASE)?;
    let url = crawl.endpoint(
        &base,
        &["posting-api", "job-board", board_name],
        &[("includeCompensation", "true")],
    );
    let board: Board = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
    crawl.add_page(&url, board.jobs, posting);
    crawl.finish(None, EmptyBoard::Plausible)
}

/// The raw posting of a listed job; `None` for an unlisted one.
fn posting(job: Job) -> Option<RawPosting> {
    if job.is_listed == Some(false) {
        return None;
    }
    let remote = job.workplace_type.or_else(|| {
        job.is_remote
            .map(|r| if r { "remote" } else { "onsite" }.to_owned())
    });
    let mut locations = vec![primary_place(job.location, job.address)];
    locations.extend(job.secondary_locations.into_iter().map(|s| RawLocation {
        text: s.location,
        ..RawLocation::default()
    }));
    Some(RawPosting {
        native_id: job.id,
        title: job.title,
        url: job.job_url,
        apply_url: job.apply_url,
        description: job.description_html,
        locations,
        employment_types: job.employment_type.into_iter().collect(),
        date_posted: job.published_at,
        salary: job.compensation.and_then(salary),
        remote,
        department: job.department,
        categories: job.team.into_iter().collect(),
        ..RawPosting::default()
    })
}

/// The `location` text with the parts of `address.postalAddress`.
fn primary_place(text: Option<String>, address: Option<Address>) -> RawLocation {
    let postal = address.and_then(|a| a.postal_address);
    let Some(postal) = postal else {
        return RawLocation {
            text,
            ..RawLocation::default()
        };
    };
    RawLocation {
        text,
        street: postal.street_address,
        postal_code: postal.postal_code,
        locality: postal.address_locality,
        region: postal.address_region,
        country: postal.address_country,
    }
}

/// The `Salary` component, its interval's unit (`1 YEAR` → `YEAR`) as
/// the period, and the tier summary as the text.
fn salary(compensation: Compensation) -> Option<RawSalary> {
    let component = compensation
        .summary_components
        .into_iter()
        .find(|c| c.compensation_type.as_deref() == Some("Salary"));
    let text = compensation.compensation_tier_summary;
    if component.is_none() && text.is_none() {
        return None;
    }
    let component = component.unwrap_or_default();
    Some(RawSalary {
        text,
        min: component.min_value,
        max: component.max_value,
        currency: component.currency_code,
        period: component
            .interval
            .and_then(|i| i.split_whitespace().last().map(str::to_owned)),
    })
}
