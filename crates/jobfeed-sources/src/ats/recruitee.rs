//! Recruitee careers API.
//!
//! - **Endpoint**: `GET {base}/api/offers/`, base
//!   `https://{tenant}.recruitee.com` (the tenant is the subdomain).
//! - **Paging**: none; one answer holds every published offer, without a
//!   count.
//! - **Id**: the numeric offer `id`; the link is `careers_url`.
//! - **Dates**: `published_at` and `close_at`, written
//!   `2026-09-01 10:00:00 UTC`.
//! - **Expiry**: an offer is gone when it is no longer listed.
//! - **Unknown company**: HTTP 404 from most hosts, but some generic
//!   subdomains answer **200 with an empty list**. On a source's first crawl
//!   (no earlier crawl found postings, `CrawlContext::previous_found`) that
//!   cannot be told from a company without openings, so an empty board is
//!   reported as an unknown tenant whose reason names the ambiguity, never
//!   as "0 jobs"; after a crawl that found postings, an empty board means
//!   the openings closed.
//! - **Quirks**: the ad is split into `description` and `requirements`,
//!   joined back in that order; `remote`/`hybrid` are booleans.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::{RawLocation, RawPosting};
use serde::Deserialize;
use serde_json::Value;

use super::json_api::{ApiCrawl, id_text, nullable};
use super::smartrecruiters::empty_board;
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public host of a company's careers site.
const DEFAULT_BASE: &str = "https://{tenant}.recruitee.com";

/// Why an empty board is not trusted.
const EMPTY: &str = "Recruitee answers 200 with an empty list for some unknown subdomains, \
     so an empty board cannot be told from a wrong company name; check the subdomain \
     of the careers site ({tenant}.recruitee.com)";

/// The offers answer.
#[derive(Debug, Deserialize)]
struct Offers {
    #[serde(default, deserialize_with = "nullable")]
    offers: Vec<Value>,
}

/// One offer.
#[derive(Debug, Deserialize)]
struct Offer {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    title: Option<String>,
    description: Option<String>,
    requirements: Option<String>,
    location: Option<String>,
    city: Option<String>,
    country: Option<String>,
    postal_code: Option<String>,
    company_name: Option<String>,
    careers_url: Option<String>,
    careers_apply_url: Option<String>,
    published_at: Option<String>,
    close_at: Option<String>,
    employment_type_code: Option<String>,
    department: Option<String>,
    remote: Option<bool>,
    hybrid: Option<bool>,
}

/// Crawls a Recruitee company's offers.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let base = crawl.base(DEFAULT_BASE)?;
    // The trailing slash is part of the endpoint.
    let url = crawl.endpoint(&base, &["api", "offers", ""], &[]);
    let offers: Offers = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
    crawl.add_page(&url, offers.offers, |offer: Offer| Some(posting(offer)));
    crawl.finish(None, empty_board(ctx, EMPTY))
}

fn posting(offer: Offer) -> RawPosting {
    let remote = match (offer.hybrid, offer.remote) {
        (Some(true), _) => Some("hybrid"),
        (_, Some(true)) => Some("remote"),
        (_, Some(false)) => Some("onsite"),
        _ => None,
    };
    let description: Vec<String> = offer
        .description
        .into_iter()
        .chain(offer.requirements)
        .collect();
    RawPosting {
        native_id: offer.id,
        title: offer.title,
        url: offer.careers_url,
        apply_url: offer.careers_apply_url,
        description: (!description.is_empty()).then(|| description.concat()),
        company: offer.company_name,
        locations: vec![RawLocation {
            text: offer.location,
            postal_code: offer.postal_code,
            locality: offer.city,
            country: offer.country,
            ..RawLocation::default()
        }],
        employment_types: offer.employment_type_code.into_iter().collect(),
        date_posted: offer.published_at.map(|d| utc_date(&d)),
        valid_through: offer.close_at.map(|d| utc_date(&d)),
        remote: remote.map(str::to_owned),
        department: offer.department,
        ..RawPosting::default()
    }
}

/// `2026-09-01 10:00:00 UTC` → `2026-09-01 10:00:00Z`, which the date
/// reader takes as UTC; other forms pass unchanged.
fn utc_date(value: &str) -> String {
    match value.trim().strip_suffix(" UTC") {
        Some(time) => format!("{time}Z"),
        None => value.to_owned(),
    }
}
