//! Career-page sources: the page's own schema.org `JobPosting`s (JSON-LD,
//! microdata, RDFa) and, when `follow` is on, those of the detail pages it
//! links to (at most `max_details`, through the [`DetailCache`]).
//!
//! Detail links are the matches of `link_selector`, or by default the links
//! to pages on the same host below the career page's path or with a
//! job-like word in their path. A link's fingerprint is the text of its list
//! entry, so a changed title, place or deadline on the list makes the page
//! fetched again.

use std::collections::HashSet;
use std::sync::LazyLock;

use jobfeed_core::Posting;
use jobfeed_fetch::FetchResponse;
use jobfeed_parse::{Kind, Warning};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::details::{self, DetailLink};
use super::document;
use crate::config::CareerPageSource;
use crate::crawl::{CrawlContext, DetailCache, SourceError, SourceResult};

/// Any link.
static LINKS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));
/// Path words of job pages, Danish and English.
static JOB_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)/(jobs?|stilling(er)?|ledige|vacanc|position|opening|career|karriere)[^/]*/.")
        .expect("valid regex")
});

/// Crawls a career-page source.
pub async fn crawl(
    source: &CareerPageSource,
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
) -> Result<SourceResult, SourceError> {
    let mut result = SourceResult::default();
    let response = document::fetch(ctx, &source.url, ctx.validators.clone(), &mut result).await?;
    document::note_main(&mut result, &response);
    if response.not_modified {
        result.validators = ctx.validators.clone().or(result.validators);
        result.details = previous.clone();
        return Ok(result);
    }
    let parsed = document::parse(ctx, &response, Kind::Html, |_| {})?;
    result.warnings = parsed.warnings;
    let mut postings = parsed.postings;
    if source.follow {
        let links = detail_links(source, &response);
        let followed = details::follow(
            ctx,
            previous,
            bounded(links, source.max_details, &mut result),
            &mut result,
        )
        .await;
        append_new(
            &mut postings,
            followed.into_iter().filter_map(|f| f.postings).flatten(),
        );
    }
    if postings.is_empty() {
        result.warnings.push(Warning::document(format!(
            "no job postings found on {} or the pages it links to",
            response.final_url
        )));
    }
    result.postings = postings;
    Ok(result)
}

/// The first `max` links, with a warning when some are left out.
pub(crate) fn bounded(
    mut links: Vec<DetailLink>,
    max: u32,
    result: &mut SourceResult,
) -> Vec<DetailLink> {
    let max = max as usize;
    if links.len() > max {
        result.warnings.push(Warning::document(format!(
            "{} detail pages listed, only the first {max} are read (max_details)",
            links.len()
        )));
        links.truncate(max);
    }
    links
}

/// Appends the postings whose id is not there yet.
fn append_new(postings: &mut Vec<Posting>, more: impl Iterator<Item = Posting>) {
    let mut seen: HashSet<_> = postings.iter().map(|p| p.id.clone()).collect();
    postings.extend(more.filter(|p| seen.insert(p.id.clone())));
}

fn detail_links(source: &CareerPageSource, response: &FetchResponse) -> Vec<DetailLink> {
    let text = String::from_utf8_lossy(&response.body);
    let html = Html::parse_document(&text);
    let custom = match source.link_selector.as_deref().map(Selector::parse) {
        Some(Ok(selector)) => Some(selector),
        // The loader checked the selector; a hand-built config may not have.
        Some(Err(_)) | None => None,
    };
    let page = &response.final_url;
    let mut seen = HashSet::new();
    html.select(custom.as_ref().unwrap_or(&LINKS))
        .filter_map(|a| {
            let url = page.join(a.attr("href")?.trim()).ok().map(|mut u| {
                u.set_fragment(None);
                u
            })?;
            let wanted = custom.is_some() || looks_like_detail(page, &url);
            (wanted && seen.insert(url.clone())).then(|| DetailLink {
                fingerprint: Some(document::fingerprint(&entry_text(a))),
                url,
            })
        })
        .collect()
}

/// A link to another page on the same host, below the career page or with a
/// job-like path.
fn looks_like_detail(page: &Url, url: &Url) -> bool {
    if url.host_str() != page.host_str()
        || !matches!(url.scheme(), "http" | "https")
        || url.path() == page.path()
    {
        return false;
    }
    let below = url
        .path()
        .starts_with(&format!("{}/", page.path().trim_end_matches('/')));
    below || JOB_PATH.is_match(url.path())
}

/// The text of the link's list entry (its parent element), whitespace
/// collapsed.
fn entry_text(link: ElementRef<'_>) -> String {
    let entry = link.parent().and_then(ElementRef::wrap).unwrap_or(link);
    entry
        .text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}
