//! Sitemap sources: a sitemap or a sitemap index (whose child sitemaps are
//! read too, at most [`MAX_CHILD_SITEMAPS`], one level deep), keeping the
//! page URLs that match `job_pattern` and reading each page's structured
//! data (at most `max_details`, through the [`DetailCache`]). A page's
//! `<lastmod>` is its fingerprint, so a page is fetched again when its
//! `<lastmod>` moves (or, without one, revalidated with a conditional GET).

use std::collections::HashSet;

use jobfeed_parse::Warning;
use quick_xml::Reader;
use quick_xml::events::Event;
use regex::Regex;
use url::Url;

use super::career_page::bounded;
use super::details::{self, DetailLink};
use super::document;
use crate::config::SitemapSource;
use crate::crawl::{CrawlContext, DetailCache, SourceError, SourceResult};

/// Most child sitemaps read from one sitemap index.
pub const MAX_CHILD_SITEMAPS: usize = 50;

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Default)]
struct Entry {
    loc: String,
    lastmod: Option<String>,
}

/// What one sitemap document lists.
#[derive(Debug, Default)]
struct Listing {
    pages: Vec<Entry>,
    sitemaps: Vec<Entry>,
}

/// Crawls a sitemap source.
pub async fn crawl(
    source: &SitemapSource,
    ctx: &CrawlContext<'_>,
    previous: &DetailCache,
) -> Result<SourceResult, SourceError> {
    let pattern = Regex::new(&source.job_pattern).map_err(|e| {
        document::unexpected(
            ctx,
            source.url.as_str(),
            format!("invalid job_pattern: {e}"),
        )
    })?;
    let mut result = SourceResult::default();
    let response = document::fetch(ctx, &source.url, ctx.validators.clone(), &mut result).await?;
    document::note_main(&mut result, &response);
    if response.not_modified {
        result.validators = ctx.validators.clone().or(result.validators);
        result.details = previous.clone();
        return Ok(result);
    }
    document::check(ctx, &response)?;
    let listing = read_listing(&response.body)
        .map_err(|message| document::parse_error(ctx, response.final_url.as_str(), message))?;
    let mut pages = listing.pages;
    pages.extend(child_pages(ctx, &response.final_url, listing.sitemaps, &mut result).await);
    let links = job_links(&pages, &response.final_url, &pattern);
    if links.is_empty() {
        result.warnings.push(Warning::document(format!(
            "no URL in {} matches job_pattern {:?}",
            response.final_url, source.job_pattern
        )));
    }
    let links = bounded(links, source.max_details, &mut result);
    let followed = details::follow(ctx, previous, links, &mut result).await;
    result.postings = followed
        .into_iter()
        .filter_map(|f| f.postings)
        .flatten()
        .collect();
    Ok(result)
}

/// The pages of the child sitemaps of an index; a child that fails is a
/// warning.
async fn child_pages(
    ctx: &CrawlContext<'_>,
    base: &Url,
    sitemaps: Vec<Entry>,
    result: &mut SourceResult,
) -> Vec<Entry> {
    if sitemaps.len() > MAX_CHILD_SITEMAPS {
        result.warnings.push(Warning::document(format!(
            "the sitemap index lists {} sitemaps; only the first {MAX_CHILD_SITEMAPS} are read",
            sitemaps.len()
        )));
    }
    let mut pages = Vec::new();
    for child in sitemaps.into_iter().take(MAX_CHILD_SITEMAPS) {
        let Ok(url) = base.join(child.loc.trim()) else {
            result.warnings.push(Warning::document(format!(
                "cannot read sitemap link {:?}",
                child.loc
            )));
            continue;
        };
        let read = match document::fetch(ctx, &url, None, result).await {
            Ok(response) => read_listing(&response.body),
            Err(error) => Err(error.to_string()),
        };
        match read {
            // One level deep: an index inside an index is not followed.
            Ok(listing) => pages.extend(listing.pages),
            Err(message) => result
                .warnings
                .push(Warning::document(format!("sitemap {url}: {message}"))),
        }
    }
    pages
}

fn job_links(pages: &[Entry], base: &Url, pattern: &Regex) -> Vec<DetailLink> {
    let mut seen = HashSet::new();
    pages
        .iter()
        .filter_map(|page| {
            let url = base.join(page.loc.trim()).ok()?;
            (pattern.is_match(url.as_str()) && seen.insert(url.clone())).then(|| DetailLink {
                url,
                fingerprint: page.lastmod.clone(),
            })
        })
        .collect()
}

/// Reads the `<url>` and `<sitemap>` entries of a sitemap document.
fn read_listing(body: &[u8]) -> Result<Listing, String> {
    let mut reader = Reader::from_reader(body);
    let mut listing = Listing::default();
    let mut current: Option<(bool, Entry)> = None;
    let mut field: Option<&'static str> = None;
    let mut buf = Vec::new();
    let mut elements = 0usize;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "not a valid sitemap at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                elements += 1;
                match start.local_name().into_inner() {
                    "url" => current = Some((false, Entry::default())),
                    "sitemap" => current = Some((true, Entry::default())),
                    "loc" => field = Some("loc"),
                    "lastmod" => field = Some("lastmod"),
                    _ => field = None,
                }
            }
            Event::Text(text) => append(&mut current, field, &text.xml10_content()),
            Event::CData(data) => append(&mut current, field, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let text = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => xml_entity(&reference),
                };
                append(&mut current, field, &text);
            }
            Event::End(end) => {
                field = None;
                if matches!(end.local_name().into_inner(), "url" | "sitemap")
                    && let Some((is_index, entry)) = current.take()
                    && !entry.loc.is_empty()
                {
                    if is_index {
                        &mut listing.sitemaps
                    } else {
                        &mut listing.pages
                    }
                    .push(entry);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if elements == 0 {
        return Err("not a sitemap: no XML elements".to_owned());
    }
    Ok(listing)
}

/// Appends text (a piece of it: entities arrive as events of their own) to
/// the field being read.
fn append(current: &mut Option<(bool, Entry)>, field: Option<&str>, text: &str) {
    let (Some(name), Some((_, entry))) = (field, current.as_mut()) else {
        return;
    };
    let text = text.trim();
    match name {
        "loc" => entry.loc.push_str(text),
        _ => entry.lastmod.get_or_insert_with(String::new).push_str(text),
    }
}

/// XML's five named entities; others stay as written.
fn xml_entity(name: &str) -> String {
    match name {
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        "quot" => "\"".to_owned(),
        "apos" => "'".to_owned(),
        other => format!("&{other};"),
    }
}
