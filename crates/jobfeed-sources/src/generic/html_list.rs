//! HTML-list sources: list pages read through a CSS recipe, following the
//! recipe's `next_page` (at most `max_pages`, never a page twice), and, when
//! `follow_details` is on, each posting's detail page for its structured
//! data (at most `max_details`, through the [`DetailCache`]).
//!
//! A followed posting is the detail page's posting with the list's id and
//! sources (so its id does not depend on whether the detail page could be
//! read) and with fields the detail page lacks filled from the list. A
//! posting's fingerprint is its list fields, so a change visible on the
//! list makes its detail page fetched again.

use std::collections::HashSet;

use jobfeed_core::Posting;
use jobfeed_parse::formats::html_list::next_page;
use jobfeed_parse::{Kind, Warning};
use scraper::Html;
use url::Url;

use super::career_page::bounded;
use super::details::{self, DetailLink};
use super::document;
use crate::config::HtmlListSource;
use crate::crawl::{CrawlContext, DetailCache, SourceError, SourceResult};

/// Crawls an HTML-list source.
pub async fn crawl(
    source: &HtmlListSource,
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
) -> Result<SourceResult, SourceError> {
    let mut result = SourceResult::default();
    let mut postings = read_pages(source, ctx, &mut result).await?;
    if source.follow_details {
        follow(source, ctx, previous, &mut postings, &mut result).await;
    }
    result.postings = postings;
    Ok(result)
}

/// Reads the list pages; only the first page failing fails the source (a
/// later page failing keeps what was read, with a warning).
async fn read_pages(
    source: &HtmlListSource,
    ctx: &CrawlContext<'_>,
    result: &mut SourceResult,
) -> Result<Vec<Posting>, SourceError> {
    let mut postings = Vec::new();
    let mut visited = HashSet::new();
    let mut next = Some(source.url.clone());
    while let Some(url) = next.take() {
        if visited.len() >= source.max_pages as usize {
            result.warnings.push(Warning::document(format!(
                "stopped after {} list pages (max_pages); {url} and later pages are not read",
                source.max_pages
            )));
            break;
        }
        visited.insert(url.clone());
        match read_page(source, ctx, &url, result).await {
            Ok((mut found, following)) => {
                postings.append(&mut found);
                next = following.filter(|u| !visited.contains(u));
            }
            Err(error) if visited.len() == 1 => return Err(error),
            Err(error) => result
                .warnings
                .push(Warning::document(format!("list page {url}: {error}"))),
        }
    }
    Ok(postings)
}

async fn read_page(
    source: &HtmlListSource,
    ctx: &CrawlContext<'_>,
    url: &Url,
    result: &mut SourceResult,
) -> Result<(Vec<Posting>, Option<Url>), SourceError> {
    // Never conditional: an unchanged first page says nothing of the others.
    let response = document::fetch(ctx, url, None, result).await?;
    if result.http_status.is_none() {
        document::note_main(result, &response);
        result.validators = None;
    }
    let parsed = document::parse(ctx, &response, Kind::Html, |parse_ctx| {
        parse_ctx.list_recipe = Some(source.recipe.clone());
    })?;
    result.warnings.extend(
        parsed
            .warnings
            .into_iter()
            .map(|w| Warning::document(format!("list page {url}: {w}"))),
    );
    let html = Html::parse_document(&String::from_utf8_lossy(&response.body));
    let following = next_page(&html, &source.recipe, Some(&response.final_url));
    Ok((parsed.postings, following))
}

async fn follow(
    source: &HtmlListSource,
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
    postings: &mut [Posting],
    result: &mut SourceResult,
) {
    let links: Vec<DetailLink> = postings
        .iter()
        .filter_map(|p| {
            Some(DetailLink {
                url: p.url.clone()?,
                fingerprint: Some(list_fingerprint(p)),
            })
        })
        .collect();
    let links = bounded(links, source.max_details, result);
    for followed in details::follow(ctx, previous, links, result).await {
        let detail = followed
            .postings
            .and_then(|mut found| (found.len() == 1).then(|| found.remove(0)));
        let Some(detail) = detail else { continue };
        if let Some(listed) = postings
            .iter_mut()
            .find(|p| p.url.as_ref() == Some(&followed.link.url))
        {
            *listed = merged(listed, detail);
        }
    }
}

/// The list's view of a posting.
fn list_fingerprint(posting: &Posting) -> String {
    let view = serde_json::json!([
        posting.title,
        posting.location.raw,
        posting.date_posted,
        posting.valid_through,
        posting.employment_types,
        posting.department,
    ]);
    document::fingerprint(&view.to_string())
}

/// The detail posting with the list posting's identity, gaps filled from the
/// list.
fn merged(listed: &Posting, detail: Posting) -> Posting {
    let mut out = detail;
    out.id = listed.id.clone();
    out.sources.clone_from(&listed.sources);
    out.url = listed.url.clone().or(out.url);
    if out.location.is_empty() {
        out.location = listed.location.clone();
    }
    if out.employment_types.is_empty() {
        out.employment_types.clone_from(&listed.employment_types);
        out.employment_type = listed.employment_type;
    }
    out.date_posted = out.date_posted.or(listed.date_posted);
    out.valid_through = out.valid_through.or(listed.valid_through);
    out.department = out.department.or_else(|| listed.department.clone());
    out
}
