//! Varbi: a Swedish ATS for the public sector (Nordic universities and
//! regions).
//!
//! - **Endpoint:** `GET https://{tenant}.varbi.com/` (`/en/` when the
//!   configured language is English): one `<table id="table-position">` with
//!   a row per job, read through an HTML list recipe of `jobfeed_parse`.
//! - **Paging:** none (one tenant had 476 rows on the page). **Stated
//!   count:** none.
//! - **Id:** the `jobID:<id>` segment of the row's link
//!   `/se/what:job/jobID:<id>/`.
//! - **Dates:** the list gives only the closing date (`td.pos-ends`), the
//!   expiry signal; the publication date is on the job page's `quick-info`
//!   table, which is not followed (one request per job on boards of
//!   hundreds), so `date_posted` stays empty.
//! - **Unknown tenant / wrong page:** a page without the position table is
//!   an error; a table without rows is a genuinely empty board.

use jobfeed_parse::formats::html_list;
use jobfeed_parse::{ListRecipe, RawCollected, RawPosting};
use scraper::Html;

use super::common::{AtsCrawl, numeric_prefix, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The tenant's list page.
const DEFAULT_BASE: &str = "https://{tenant}.varbi.com/";
/// The list table's rows and cells (the header row sits in `thead`;
/// HTML parsing puts bare rows in an implied `tbody`).
const RECIPE: &str = r#"
item = "table#table-position tbody tr"
title = "td.pos-title a"
link = "td.pos-title a"
location = "td.pos-town"
department = "td.pos-subcompany"
valid_through = "td.pos-ends"
"#;
/// What marks the list page.
const TABLE_MARKER: &str = "table-position";

/// Crawls a Varbi tenant's list page.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let english = source
        .language
        .as_deref()
        .is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("en"));
    let url = under(&base, if english { "en/" } else { "" })
        .map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    let response = crawl
        .fetch_document(&url)
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, &[404]))?;
    let Some(response) = response else {
        return Ok(crawl.finish());
    };
    let text = String::from_utf8_lossy(&response.body);
    if !text.contains(TABLE_MARKER) {
        return Err(crawl.unexpected(
            url.as_str(),
            "the page has no position table (`table#table-position`)",
        ));
    }
    let recipe = ListRecipe::from_toml_str(RECIPE, "the Varbi list recipe")
        .map_err(|e| crawl.parse_error(url.as_str(), e.to_string()))?;
    let mut rows = RawCollected::default();
    html_list::parse(
        &Html::parse_document(&text),
        &recipe,
        &ctx.parse_context(&url),
        &mut rows,
    )
    .map_err(|e| crawl.parse_error(url.as_str(), e.to_string()))?;
    rows.postings = rows.postings.into_iter().map(with_job_id).collect();
    crawl.push_collected(rows, &url);
    Ok(crawl.finish())
}

/// Gives a row the job id of its link, `/se/what:job/jobID:123/` → `123`.
fn with_job_id(mut raw: RawPosting) -> RawPosting {
    raw.native_id = raw.url.as_deref().and_then(job_id).map(str::to_owned);
    raw
}

fn job_id(link: &str) -> Option<&str> {
    let (_, rest) = link.split_once("jobID:")?;
    numeric_prefix(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_come_from_links() {
        assert_eq!(job_id("/se/what:job/jobID:812345/"), Some("812345"));
        assert_eq!(
            job_id("https://au.varbi.com/en/what:job/jobID:7/"),
            Some("7")
        );
        assert_eq!(job_id("/se/what:job/"), None);
        assert!(RawPosting::default().native_id.is_none());
        assert_eq!(
            with_job_id(RawPosting {
                url: Some("/se/what:job/jobID:9/".into()),
                ..RawPosting::default()
            })
            .native_id
            .as_deref(),
            Some("9")
        );
    }

    #[test]
    fn the_recipe_is_valid() {
        assert!(ListRecipe::from_toml_str(RECIPE, "varbi").is_ok());
    }
}
