//! Feed sources: RSS, Atom, JSON Feed or a generic XML feed read through a
//! mapping. The feed is fetched conditionally on the validators of the last
//! successful crawl; a 304 comes back as [`SourceResult::not_modified`] with
//! no postings, which tells the caller to keep the ones it has.

use crate::config::FeedSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

use super::document;

/// Crawls a feed source.
pub async fn crawl(
    source: &FeedSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut result = SourceResult::default();
    let response = document::fetch(ctx, &source.url, ctx.validators.clone(), &mut result).await?;
    document::note_main(&mut result, &response);
    if response.not_modified {
        // The fetcher keeps the validators the 304 omitted.
        result.validators = ctx.validators.clone().or(result.validators);
        return Ok(result);
    }
    let parsed = document::parse(ctx, &response, source.format, |parse_ctx| {
        parse_ctx.mapping.clone_from(&source.mapping);
    })?;
    result.postings = parsed.postings;
    result.warnings = parsed.warnings;
    Ok(result)
}
