//! Workday CXS, the JSON API behind `*.myworkdayjobs.com` career sites.
//!
//! - **Endpoint**: `POST {base}/wday/cxs/{tenant}/{site}/jobs` with
//!   `{"appliedFacets":{},"limit":20,"offset":N,"searchText":""}`. The host
//!   holds a data-centre number (`wd3`, `wd103`) that cannot be guessed, so
//!   `base_url` (`https://{tenant}.wdN.myworkdayjobs.com`) and `site` are
//!   required.
//! - **Paging**: `offset` advances by the number of postings received;
//!   `limit` above 20 is refused with HTTP 400. `total` is only on the first
//!   page (later pages say 0), so it is read once: it is the stated count and
//!   the end of paging; an empty page before it is a broken contract.
//! - **Id**: the requisition id at the end of `externalPath`
//!   (`…/Service-Technician_R12345` → `R12345`).
//! - **Dates**: `postedOn` is relative text read against the crawl time
//!   ("Posted Today", "Posted Yesterday", "Posted 3 Days Ago"). "Posted 30+
//!   Days Ago" is a bound, not a date, so the date stays unknown rather than
//!   invented. The detail's `startDate` is exact and wins when fetched.
//!   `Accept-Language: en-US` keeps the texts English.
//! - **Expiry**: a posting is gone when it is no longer listed.
//! - **Unknown tenant or site**: HTTP 404 or 422, or a redirect to a
//!   generic page.
//! - **Quirks**: `locationsText` may say "2 Locations"; those postings get a
//!   detail call (`GET …/wday/cxs/{tenant}/{site}{externalPath}`) whose
//!   `jobPostingInfo` names every place and gives the description. The public
//!   URL is `{base}/{language}/{site}{externalPath}`.

use chrono::{Days, NaiveDate};
use jobfeed_fetch::{FetchRequest, HeaderValue};
use jobfeed_parse::{RawLocation, RawPosting, Warning};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::common::Paging;
use super::json_api::{ApiCrawl, EmptyBoard, count, nullable};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The largest page Workday serves; more is refused with HTTP 400.
const PAGE_SIZE: u32 = 20;

/// Statuses with which Workday says the tenant or site does not exist.
const UNKNOWN: &[u16] = &[404, 422];

/// One page of the job list.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    /// The board size, on the first page only (later pages say 0).
    total: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    job_postings: Vec<Value>,
}

/// A posting as the list shows it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    title: Option<String>,
    external_path: Option<String>,
    locations_text: Option<String>,
    posted_on: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    bullet_fields: Vec<String>,
}

/// The detail answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    job_posting_info: Option<DetailInfo>,
}

/// What the detail adds: every place, the description, an exact date.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailInfo {
    location: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    additional_locations: Vec<String>,
    job_description: Option<String>,
    time_type: Option<String>,
    start_date: Option<String>,
}

/// Where one board lives.
struct Board {
    /// `…/wday/cxs/{tenant}/{site}`, the prefix of list and detail calls.
    api: Url,
    /// `{base}/{language}/{site}`, the prefix of public posting URLs.
    public: String,
}

/// Crawls a Workday CXS board.
pub(super) async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = ApiCrawl::new(source, ctx);
    let board = board(&crawl)?;
    let jobs_url = crawl.endpoint(&board.api, &["jobs"], &[]);
    let mut paging = Paging::default();
    loop {
        let body = json!({"appliedFacets": {}, "limit": PAGE_SIZE, "offset": paging.offset, "searchText": ""});
        let request = english(FetchRequest::post_json(jobs_url.clone(), body));
        let page: Page = crawl.json(request, UNKNOWN).await?;
        // Later pages say 0; `Paging` keeps the first page's total.
        let Some(total) = count(page.total).or(paging.stated) else {
            return Err(crawl.unexpected(jobs_url.as_str(), "the first page states no total"));
        };
        let received = page.job_postings.len();
        let listed: Vec<Listed> = crawl.read_items(&jobs_url, page.job_postings);
        for job in listed {
            let raw = posting(&mut crawl, &board, job).await?;
            crawl.add_raw(&jobs_url, raw);
        }
        match paging.advance(received, total) {
            Ok(true) => {}
            Ok(false) => return crawl.finish(paging.stated, EmptyBoard::Plausible),
            Err(fault) => return Err(crawl.paging_fault(&jobs_url, &fault)),
        }
    }
}

/// The API and public prefixes of the configured board.
fn board(crawl: &ApiCrawl<'_, '_>) -> Result<Board, SourceError> {
    let tenant = crawl.tenant()?;
    let Some(site) = crawl.site() else {
        return Err(crawl.unknown_tenant(
            "",
            "no Workday site configured: set `site` (the path after the language in the career site address)",
        ));
    };
    let Some(base) = crawl.configured_base() else {
        return Err(crawl.unknown_tenant(
            "",
            "no Workday host configured: set `base_url` to https://{tenant}.wdN.myworkdayjobs.com",
        ));
    };
    let api = crawl.endpoint(base, &["wday", "cxs", tenant, site], &[]);
    let language = crawl.language().unwrap_or("en-US");
    let public = crawl.endpoint(base, &[language, site], &[]);
    Ok(Board {
        api,
        public: public.to_string(),
    })
}

/// Asks for English texts, which the relative dates are read in.
fn english(request: FetchRequest) -> FetchRequest {
    request.with_header(
        jobfeed_fetch::HeaderName::from_static("accept-language"),
        HeaderValue::from_static("en-US"),
    )
}

/// The raw posting of a listed job, with a detail call when the list only
/// says how many places it has.
async fn posting(
    crawl: &mut ApiCrawl<'_, '_>,
    board: &Board,
    job: Listed,
) -> Result<Option<RawPosting>, SourceError> {
    let Some(path) = job.external_path.filter(|p| p.starts_with('/')) else {
        crawl.warn(Warning::document(format!(
            "posting {:?} has no externalPath; skipped",
            job.title.unwrap_or_default()
        )));
        return Ok(None);
    };
    let detail = if job.locations_text.as_deref().is_some_and(is_several_places) {
        detail(crawl, board, &path).await?
    } else {
        None
    };
    let posted = posted_on(job.posted_on.as_deref(), crawl.now().date_naive());
    if let Err(text) = &posted {
        crawl.warn(Warning::document(format!(
            "cannot read postedOn {text:?} of {path}"
        )));
    }
    let mut raw = RawPosting {
        native_id: requisition_id(&path).or_else(|| job.bullet_fields.into_iter().next()),
        title: job.title,
        url: Some(format!("{}{path}", board.public)),
        locations: vec![place(job.locations_text)],
        date_posted: posted.ok().flatten().map(|d| d.to_string()),
        ..RawPosting::default()
    };
    if let Some(detail) = detail {
        apply_detail(&mut raw, detail);
    }
    Ok(Some(raw))
}

/// Fetches the detail of the posting at `path` (relative to the board).
async fn detail(
    crawl: &mut ApiCrawl<'_, '_>,
    board: &Board,
    path: &str,
) -> Result<Option<DetailInfo>, SourceError> {
    // The path is the server's own; appending it to the full API URL cannot
    // change the host.
    let Ok(url) = Url::parse(&format!("{}{path}", board.api)) else {
        crawl.warn(Warning::document(format!(
            "cannot build the detail address of {path}"
        )));
        return Ok(None);
    };
    let detail: Detail = crawl.json(english(FetchRequest::get(url)), &[]).await?;
    Ok(detail.job_posting_info)
}

/// Fills places, description, employment type and exact date from the detail.
fn apply_detail(raw: &mut RawPosting, detail: DetailInfo) {
    let places: Vec<RawLocation> = detail
        .location
        .into_iter()
        .chain(detail.additional_locations)
        .map(|p| place(Some(p)))
        .collect();
    if !places.is_empty() {
        raw.locations = places;
    }
    raw.description = detail.job_description;
    raw.employment_types.extend(detail.time_type);
    if detail.start_date.is_some() {
        raw.date_posted = detail.start_date;
    }
}

fn place(text: Option<String>) -> RawLocation {
    RawLocation {
        text,
        ..RawLocation::default()
    }
}

/// "2 Locations": the list names no place, only how many.
fn is_several_places(text: &str) -> bool {
    let text = text.trim();
    text.starts_with(|c: char| c.is_ascii_digit()) && text.ends_with("Locations")
}

/// `R12345` from `/job/Aarhus/Service-Technician_R12345`.
fn requisition_id(path: &str) -> Option<String> {
    let (_, id) = path.rsplit_once('_')?;
    (!id.is_empty() && !id.contains('/')).then(|| id.to_owned())
}

/// Reads `postedOn` against `today`: `Ok(Some(day))` for a known day,
/// `Ok(None)` for no text or the open bound "30+ Days Ago", `Err(text)` for
/// text it cannot read.
fn posted_on(text: Option<&str>, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let lower = text.to_ascii_lowercase();
    let relative = lower.strip_prefix("posted").unwrap_or(&lower).trim();
    let days_ago = match relative {
        "today" => 0,
        "yesterday" => 1,
        other => {
            let number = other
                .strip_suffix("days ago")
                .or_else(|| other.strip_suffix("day ago"))
                .map(str::trim)
                .ok_or_else(|| text.to_owned())?;
            if number.ends_with('+') {
                return Ok(None);
            }
            number.parse::<u64>().map_err(|_| text.to_owned())?
        }
    };
    Ok(today.checked_sub_days(Days::new(days_ago)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn relative_dates_resolve_against_the_crawl_day() {
        let today = day(2026, 3, 10);
        assert_eq!(posted_on(Some("Posted Today"), today), Ok(Some(today)));
        assert_eq!(
            posted_on(Some("Posted Yesterday"), today),
            Ok(Some(day(2026, 3, 9)))
        );
        assert_eq!(
            posted_on(Some("Posted 3 Days Ago"), today),
            Ok(Some(day(2026, 3, 7)))
        );
        assert_eq!(posted_on(Some("Posted 30+ Days Ago"), today), Ok(None));
        assert_eq!(posted_on(None, today), Ok(None));
        assert!(posted_on(Some("Slået op i dag"), today).is_err());
        assert!(posted_on(Some("Posted 99999999999999999999 Days Ago"), today).is_err());
    }

    #[test]
    fn requisition_id_is_the_path_suffix() {
        assert_eq!(
            requisition_id("/job/Aarhus/Technician_R12345").as_deref(),
            Some("R12345")
        );
        assert_eq!(requisition_id("/job/Aarhus/Technician"), None);
        assert!(is_several_places("2 Locations"));
        assert!(!is_several_places("Aarhus, Denmark"));
    }
}
