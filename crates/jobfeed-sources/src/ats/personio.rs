//! Personio: a German ATS used by Danish SMEs.
//!
//! - **Endpoint:** `GET https://{slug}.jobs.personio.de/xml[?language=xx]`
//!   (the configured `language`, else the account's default), a
//!   `<workzag-jobs>` document read through the built-in `personio` mapping
//!   of `jobfeed_parse` (which also reads the legacy singular
//!   `<jobDescription>`).
//! - **Paging:** none. **Stated count:** none.
//! - **Id:** `<id>`. The feed has no link: the job page is built as
//!   `https://{slug}.jobs.personio.de/job/{id}`.
//! - **Dates:** `createdAt`, written both `+0200` (documented) and `+02:00`
//!   (live); there is no closing date, so the only expiry signal is absence
//!   from the feed.
//! - **Unknown tenant:** a 307 redirect to personio.com; any redirect off
//!   `/xml` is read as one.
//! - **Quirks:** rapid calls get 429, which the fetcher's `Retry-After`
//!   handling absorbs. Conditional GET with the last crawl's validators.

use super::common::{AtsCrawl, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The tenant's job site.
const DEFAULT_BASE: &str = "https://{tenant}.jobs.personio.de/";

/// Crawls a Personio account's XML feed.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let mut url =
        under(&base, "xml").map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    if let Some(language) = source
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        url.query_pairs_mut().append_pair("language", language);
    }
    let response = crawl
        .fetch_document(&url)
        .await
        .map_err(|e| crawl.fetch_error(e))?;
    let Some(response) = response else {
        return Ok(crawl.finish());
    };
    if response.redirects > 0 && response.final_url.path() != url.path() {
        let reason = format!(
            "redirected to {}, Personio's answer for an unknown or inactive account",
            response.final_url
        );
        return Err(crawl.unknown_tenant(url.as_str(), reason));
    }
    crawl.push_mapped_xml(&response.body, "personio", "workzag-jobs", &url)?;
    Ok(crawl.finish())
}
