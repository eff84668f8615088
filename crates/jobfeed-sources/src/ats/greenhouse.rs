//! Greenhouse job board API.
//!
//! - **Endpoint**: `GET {base}/v1/boards/{token}/jobs?content=true`, base
//!   `https://boards-api.greenhouse.io`.
//! - **Paging**: none; one answer holds the whole board, and `meta.total`
//!   states its size.
//! - **Id**: the numeric `id`; the link is `absolute_url`.
//! - **Dates**: `first_published` (RFC 3339 with offset), else `updated_at`;
//!   `application_deadline` where set.
//! - **Expiry**: a posting is gone when it is no longer listed.
//! - **Unknown board token**: HTTP 404.
//! - **Quirks**: `content` is HTML whose markup is entity-escaped
//!   (`&lt;p&gt;`), so it is unescaped once before it is read as HTML.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::normalize::text::decode_entities;
use jobfeed_parse::{RawLocation, RawPosting};
use serde::Deserialize;
use serde_json::Value;

use super::json_api::{ApiCrawl, EmptyBoard, count, id_text, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host.
const DEFAULT_BASE: &str = "https://boards-api.greenhouse.io";

/// The board answer.
#[derive(Debug, Deserialize)]
struct Board {
    #[serde(default, deserialize_with = "nullable")]
    jobs: Vec<Value>,
    meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
struct Meta {
    total: Option<i64>,
}

/// One job.
#[derive(Debug, Deserialize)]
struct Job {
    #[serde(default, deserialize_with = "id_text")]
    id: Option<String>,
    title: Option<String>,
    absolute_url: Option<String>,
    location: Option<Named>,
    first_published: Option<String>,
    updated_at: Option<String>,
    application_deadline: Option<String>,
    company_name: Option<String>,
    language: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    departments: Vec<Named>,
    content: Option<String>,
}

/// Anything with a `name` (location, department).
#[derive(Debug, Deserialize)]
struct Named {
    name: Option<String>,
}

/// Crawls a Greenhouse job board.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let token = crawl.tenant()?;
    let base = crawl.base(DEFAULT_BASE)?;
    let url = crawl.endpoint(
        &base,
        &["v1", "boards", token, "jobs"],
        &[("content", "true")],
    );
    let board: Board = crawl.json(FetchRequest::get(url.clone()), &[404]).await?;
    let stated = count(board.meta.and_then(|m| m.total));
    crawl.add_page(&url, board.jobs, |job: Job| Some(posting(job)));
    crawl.finish(stated, EmptyBoard::Plausible)
}

fn posting(job: Job) -> RawPosting {
    let place = job.location.and_then(|l| l.name);
    RawPosting {
        native_id: job.id,
        title: job.title,
        url: job.absolute_url,
        description: job.content.map(|c| decode_entities(&c).into_owned()),
        company: job.company_name,
        locations: vec![RawLocation {
            text: place,
            ..RawLocation::default()
        }],
        date_posted: job.first_published.or(job.updated_at),
        valid_through: job.application_deadline,
        department: job.departments.into_iter().find_map(|d| d.name),
        language: job.language,
        ..RawPosting::default()
    }
}
