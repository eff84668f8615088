//! RSS 2.0: one `<item>` per posting.
//!
//! The channel links to the campaign page and to itself
//! (`atom:link rel="self"`); an item's `guid` is the posting id
//! (`isPermaLink="false"`: it is not an address), `link` the tracked posting
//! address, `pubDate` RFC 822 and one `category` per competence cluster.
//! Removed postings are not carried: see the changes API.

use std::io;

use chrono::{DateTime, Utc};
use quick_xml::Writer;

use super::{Feed, FeedItem, Format, RenderError, text_element, xml_writer};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Renders `feed` as RSS 2.0.
pub fn render(feed: &Feed) -> Result<Vec<u8>, RenderError> {
    let mut writer = xml_writer()?;
    writer
        .create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", ATOM_NS))
        .write_inner_content(|w| {
            w.create_element("channel")
                .write_inner_content(|w| channel(w, feed))?;
            Ok(())
        })?;
    Ok(writer.into_inner())
}

fn channel(w: &mut Writer<Vec<u8>>, feed: &Feed) -> io::Result<()> {
    text_element(w, "title", &feed.title)?;
    text_element(w, "link", feed.page_url().as_str())?;
    // `description` is required by RSS 2.0: fall back to the title.
    text_element(
        w,
        "description",
        feed.description.as_deref().unwrap_or(&feed.title),
    )?;
    text_element(w, "lastBuildDate", &rfc822(feed.updated))?;
    text_element(w, "generator", "jobfeed")?;
    w.create_element("atom:link")
        .with_attribute(("href", feed.feed_url(Format::Rss).as_str()))
        .with_attribute(("rel", "self"))
        .with_attribute(("type", "application/rss+xml"))
        .write_empty()?;
    for item in &feed.items {
        w.create_element("item")
            .write_inner_content(|w| item_content(w, item))?;
    }
    Ok(())
}

fn item_content(w: &mut Writer<Vec<u8>>, item: &FeedItem) -> io::Result<()> {
    text_element(w, "title", &item.title)?;
    if let Some(link) = &item.link {
        text_element(w, "link", link.as_str())?;
    }
    if let Some(summary) = &item.summary {
        text_element(w, "description", summary)?;
    }
    w.create_element("guid")
        .with_attribute(("isPermaLink", "false"))
        .write_text_content(quick_xml::events::BytesText::new(item.id.as_str()))?;
    if let Some(published) = item.published {
        text_element(w, "pubDate", &rfc822(published))?;
    }
    for cluster in &item.clusters {
        text_element(w, "category", cluster)?;
    }
    Ok(())
}

/// An RFC 822 date (`Fri, 20 Nov 2026 12:00:00 +0000`). Formatted here
/// because chrono's `to_rfc2822` panics on years it cannot write, and
/// posting dates come from sources.
fn rfc822(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}
