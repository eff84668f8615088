//! Teamtailor: Danish and Nordic private employers.
//!
//! - **Endpoint:** `GET https://{tenant}.teamtailor.com/jobs.rss`, the whole
//!   board as RSS 2.0 with `remoteStatus`, `tt:department` and
//!   `tt:locations`. When the RSS cannot be read, `jobs.json` (JSON Feed 1.1
//!   with schema.org `_jobposting`, which lacks department and remote status)
//!   is read instead.
//! - **Host:** always the platform host `<tenant>.teamtailor.com` (or the
//!   configured `base_url`), never a vanity `careers.<company>.com`: those
//!   are stale mirrors serving a different set of ads.
//! - **Paging:** none. **Stated count:** none.
//! - **Id:** the numeric prefix of the job page, `/jobs/7718928-slug` →
//!   `7718928` (the RSS `guid` and JSON `id` are UUIDs found in no URL).
//! - **Dates:** RSS `pubDate` (RFC 822), JSON `date_published` (RFC 3339).
//!   There is no `validThrough`: the only expiry signal is absence from the
//!   feed.
//! - **Unknown tenant:** a clean 404.
//! - Conditional GET with the last crawl's validators; a 304 is reported as
//!   not modified.

use jobfeed_fetch::FetchRequest;
use jobfeed_parse::formats::{jsonfeed, rss};
use jobfeed_parse::{RawCollected, RawPosting, Warning};
use url::Url;

use super::common::{AtsCrawl, numeric_prefix, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The tenant's platform host.
const DEFAULT_BASE: &str = "https://{tenant}.teamtailor.com/";
/// How Teamtailor says "no such tenant".
const UNKNOWN_TENANT: &[u16] = &[404];

/// Crawls a Teamtailor tenant's feed.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let rss_url =
        under(&base, "jobs.rss").map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    let response = crawl
        .fetch_document(&rss_url)
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, UNKNOWN_TENANT))?;
    let Some(response) = response else {
        return Ok(crawl.finish());
    };
    let mut items = RawCollected::default();
    let (raws, url) = match rss::parse(
        &mut &response.body[..],
        &ctx.parse_context(&rss_url),
        &mut items,
    ) {
        Ok(()) => (items, rss_url),
        Err(error) => {
            crawl.warn(Warning::document(format!(
                "cannot read {rss_url} ({error}); reading jobs.json"
            )));
            read_json_feed(&mut crawl, &base, ctx).await?
        }
    };
    let RawCollected { postings, warnings } = raws;
    let postings = postings.into_iter().map(with_job_id).collect();
    crawl.push_collected(RawCollected { postings, warnings }, &url);
    Ok(crawl.finish())
}

/// Reads `jobs.json`, the fallback when the RSS is unreadable.
async fn read_json_feed(
    crawl: &mut AtsCrawl<'_, '_>,
    base: &Url,
    ctx: &CrawlContext<'_>,
) -> Result<(RawCollected, Url), SourceError> {
    let url =
        under(base, "jobs.json").map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    let response = crawl
        .fetch(FetchRequest::get(url.clone()))
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, UNKNOWN_TENANT))?;
    let text = String::from_utf8_lossy(&response.body);
    let mut items = RawCollected::default();
    jsonfeed::parse(&text, &ctx.parse_context(&url), &mut items)
        .map_err(|e| crawl.parse_error(url.as_str(), e.to_string()))?;
    Ok((items, url))
}

/// Gives a posting the numeric job id of its link, where the link has one.
fn with_job_id(mut raw: RawPosting) -> RawPosting {
    if let Some(id) = raw.url.as_deref().and_then(job_id) {
        raw.native_id = Some(id.to_owned());
    }
    raw
}

/// The numeric prefix of the segment after `/jobs/` in a job link.
fn job_id(link: &str) -> Option<&str> {
    let path = link.split(['?', '#']).next()?;
    let mut segments = path.split('/');
    segments.find(|s| *s == "jobs")?;
    numeric_prefix(segments.next()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_come_from_links() {
        assert_eq!(
            job_id("https://acme.teamtailor.com/jobs/7718928-backend-developer"),
            Some("7718928")
        );
        assert_eq!(job_id("/jobs/42?utm_source=x"), Some("42"));
        assert_eq!(job_id("https://acme.teamtailor.com/jobs/"), None);
        assert_eq!(job_id("https://acme.teamtailor.com/people/12"), None);
        let raw = with_job_id(RawPosting {
            native_id: Some("4f0c-uuid".into()),
            url: Some("/jobs/7-x".into()),
            ..RawPosting::default()
        });
        assert_eq!(raw.native_id.as_deref(), Some("7"));
    }
}
