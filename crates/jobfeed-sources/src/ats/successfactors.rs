//! SAP SuccessFactors (classic RCM).
//!
//! - **Endpoint:** `GET https://{site}/career?company={tenant}&career_ns=job_listing_summary&resultType=XML`,
//!   where `site` is the tenant's career host (`career5.successfactors.eu`,
//!   `career2.sapsf.com`, …). One `<Job-Listing>` document read through the
//!   built-in `successfactors` mapping of `jobfeed_parse`, which resolves the
//!   tenant-variable `filterN`/`mfieldN` facets by their `<label>`
//!   ("Posting Location", "Country", "Type of Employment", …).
//! - **Paging:** none. **Stated count:** none.
//! - **Id:** `ReqId`; the job page is
//!   `career?career_ns=job_listing&company={tenant}&career_job_req_id={ReqId}`.
//! - **Dates:** `Posted-Date` in MM/DD/YYYY; an `Unposting-Date`, where a
//!   tenant publishes one, is the closing date, else absence from the list is
//!   the only expiry signal.
//! - **Empty board:** `<Job-Listing></Job-Listing>` means genuinely empty;
//!   an answer that is not a `<Job-Listing>` document is an error.
//! - Conditional GET with the last crawl's validators.

use super::common::{AtsCrawl, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The tenant's career host.
const DEFAULT_BASE: &str = "https://{site}/";

/// Crawls a SuccessFactors company's job listing summary.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let company = crawl.tenant()?;
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let mut url =
        under(&base, "career").map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    url.query_pairs_mut()
        .append_pair("company", company)
        .append_pair("career_ns", "job_listing_summary")
        .append_pair("resultType", "XML");
    let response = crawl
        .fetch_document(&url)
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, &[404]))?;
    let Some(response) = response else {
        return Ok(crawl.finish());
    };
    crawl.push_mapped_xml(&response.body, "successfactors", "Job-Listing", &url)?;
    Ok(crawl.finish())
}
