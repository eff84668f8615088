//! Atom 1.0 (RFC 4287), with RFC 6721 tombstones for removed postings.
//!
//! The feed id is `urn:jobfeed:campaign:NAME`, an entry id
//! `urn:jobfeed:posting:ID`; an entry's `updated` is its publication time
//! (the feed's when unknown), its author the company (the feed's author,
//! "jobfeed", stands in when unknown), its categories the clusters. A
//! posting that left the campaign is an
//! `<at:deleted-entry ref="urn:jobfeed:posting:ID" when="…"/>`.

use std::io;

use chrono::{DateTime, SecondsFormat, Utc};
use jobfeed_core::PostingId;
use quick_xml::Writer;

use super::{Feed, FeedItem, Format, Removed, RenderError, text_element, xml_writer};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const TOMBSTONE_NS: &str = "http://purl.org/atompub/tombstones/1.0";

/// Renders `feed` as Atom 1.0.
pub fn render(feed: &Feed) -> Result<Vec<u8>, RenderError> {
    let mut writer = xml_writer()?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xmlns:at", TOMBSTONE_NS))
        .write_inner_content(|w| feed_content(w, feed))?;
    Ok(writer.into_inner())
}

/// The entry id of a posting.
pub fn entry_id(id: &PostingId) -> String {
    format!("urn:jobfeed:posting:{id}")
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn feed_content(w: &mut Writer<Vec<u8>>, feed: &Feed) -> io::Result<()> {
    text_element(w, "id", &format!("urn:jobfeed:campaign:{}", feed.name))?;
    text_element(w, "title", &feed.title)?;
    if let Some(description) = &feed.description {
        text_element(w, "subtitle", description)?;
    }
    text_element(w, "updated", &timestamp(feed.updated))?;
    link(w, "self", feed.feed_url(Format::Atom).as_str())?;
    link(w, "alternate", feed.page_url().as_str())?;
    w.create_element("author")
        .write_inner_content(|w| text_element(w, "name", "jobfeed"))?;
    text_element(w, "generator", "jobfeed")?;
    for item in &feed.items {
        w.create_element("entry")
            .write_inner_content(|w| entry(w, item, feed.updated))?;
    }
    for removed in &feed.removed {
        tombstone(w, removed)?;
    }
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", href))
        .write_empty()?;
    Ok(())
}

fn entry(w: &mut Writer<Vec<u8>>, item: &FeedItem, feed_updated: DateTime<Utc>) -> io::Result<()> {
    text_element(w, "id", &entry_id(&item.id))?;
    text_element(w, "title", &item.title)?;
    text_element(
        w,
        "updated",
        &timestamp(item.published.unwrap_or(feed_updated)),
    )?;
    if let Some(published) = item.published {
        text_element(w, "published", &timestamp(published))?;
    }
    if let Some(href) = &item.link {
        link(w, "alternate", href.as_str())?;
    }
    if let Some(company) = &item.company {
        w.create_element("author")
            .write_inner_content(|w| text_element(w, "name", company))?;
    }
    if let Some(summary) = &item.summary {
        text_element(w, "summary", summary)?;
    }
    for cluster in &item.clusters {
        w.create_element("category")
            .with_attribute(("term", cluster.as_str()))
            .write_empty()?;
    }
    Ok(())
}

fn tombstone(w: &mut Writer<Vec<u8>>, removed: &Removed) -> io::Result<()> {
    w.create_element("at:deleted-entry")
        .with_attribute(("ref", entry_id(&removed.id).as_str()))
        .with_attribute(("when", timestamp(removed.removed_at).as_str()))
        .write_empty()?;
    Ok(())
}
