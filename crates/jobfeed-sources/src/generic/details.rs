//! Following detail pages through the [`DetailCache`]: each link is reused
//! from the cache, revalidated with a conditional GET, or fetched, a few at
//! a time (the fetcher's per-host lane keeps it polite).

use futures_util::StreamExt;
use futures_util::stream;
use jobfeed_core::Posting;
use jobfeed_fetch::{FetchResponse, Validators};
use jobfeed_parse::{Kind, Warning};
use url::Url;

use super::document;
use crate::crawl::{
    CrawlContext, DETAIL_MAX_AGE, DetailCache, DetailEntry, SourceError, SourceResult,
};

/// Most detail fetches in flight per source; the fetcher's per-host limit
/// applies below this.
const MAX_IN_FLIGHT: usize = 16;

/// A detail page a list points to.
#[derive(Debug, Clone)]
pub(crate) struct DetailLink {
    /// The page.
    pub(crate) url: Url,
    /// What the list shows of it (see [`DetailEntry::fingerprint`]).
    pub(crate) fingerprint: Option<String>,
}

/// What following one link gave.
#[derive(Debug)]
pub(crate) struct Followed {
    /// The link.
    pub(crate) link: DetailLink,
    /// The page's postings; `None` when the page could not be read and no
    /// earlier reading was cached.
    pub(crate) postings: Option<Vec<Posting>>,
}

/// How one link was resolved, before it is folded into the result.
#[derive(Debug)]
struct Resolution {
    entry: Option<DetailEntry>,
    requests: u32,
    warnings: Vec<Warning>,
}

/// Follows `links` in order, reusing `previous` where nothing changed; adds
/// requests, warnings and the new cache entries to `result`.
pub(crate) async fn follow(
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
    links: Vec<DetailLink>,
    result: &mut SourceResult,
) -> Vec<Followed> {
    let in_flight =
        (ctx.fetcher.config().per_host_concurrency as usize * 2).clamp(1, MAX_IN_FLIGHT);
    let resolved: Vec<(DetailLink, Resolution)> = stream::iter(links)
        .map(|link| async move {
            let resolution = resolve(ctx, previous.get(link.url.as_str()), &link).await;
            (link, resolution)
        })
        .buffered(in_flight)
        .collect()
        .await;
    resolved
        .into_iter()
        .map(|(link, resolution)| {
            result.requests += resolution.requests;
            result.warnings.extend(resolution.warnings);
            let postings = resolution.entry.as_ref().map(|e| e.postings.clone());
            if let Some(entry) = resolution.entry {
                result.details.insert(link.url.to_string(), entry);
            }
            Followed { link, postings }
        })
        .collect()
}

async fn resolve(
    ctx: &CrawlContext<'_>,
    cached: Option<&DetailEntry>,
    link: &DetailLink,
) -> Resolution {
    if let Some(entry) = cached
        && link.fingerprint.is_some()
        && entry.fingerprint == link.fingerprint
        && ctx.now - entry.checked_at < DETAIL_MAX_AGE
    {
        return Resolution {
            entry: Some(entry.clone()),
            requests: 0,
            warnings: Vec::new(),
        };
    }
    let mut scratch = SourceResult::default();
    let validators = cached.and_then(|e| e.validators.clone());
    let fetched = document::fetch(ctx, &link.url, validators, &mut scratch).await;
    let read = fetched.and_then(|response| read(ctx, cached, link, &response));
    match read {
        Ok((entry, warnings)) => Resolution {
            entry: Some(entry),
            requests: scratch.requests,
            warnings,
        },
        // A detail page that fails keeps what was read from it before: a
        // fault never loses postings.
        Err(error) => Resolution {
            entry: cached.cloned(),
            requests: scratch.requests,
            warnings: vec![Warning::document(format!(
                "detail page {}: {error}",
                link.url
            ))],
        },
    }
}

fn read(
    ctx: &CrawlContext<'_>,
    cached: Option<&DetailEntry>,
    link: &DetailLink,
    response: &FetchResponse,
) -> Result<(DetailEntry, Vec<Warning>), SourceError> {
    let validators = (!response.validators.is_empty()).then(|| response.validators.clone());
    if response.not_modified
        && let Some(entry) = cached
    {
        return Ok((
            entry_with(entry.postings.clone(), link, validators, ctx),
            Vec::new(),
        ));
    }
    let parsed = document::parse(ctx, response, Kind::Html, |_| {})?;
    let mut warnings: Vec<Warning> = parsed
        .warnings
        .into_iter()
        .map(|w| Warning::document(format!("detail page {}: {w}", link.url)))
        .collect();
    if parsed.postings.is_empty() {
        warnings.push(Warning::document(format!(
            "detail page {} has no schema.org JobPosting",
            link.url
        )));
    }
    Ok((entry_with(parsed.postings, link, validators, ctx), warnings))
}

fn entry_with(
    postings: Vec<Posting>,
    link: &DetailLink,
    validators: Option<Validators>,
    ctx: &CrawlContext<'_>,
) -> DetailEntry {
    DetailEntry {
        fingerprint: link.fingerprint.clone(),
        validators,
        postings,
        checked_at: ctx.now,
    }
}
