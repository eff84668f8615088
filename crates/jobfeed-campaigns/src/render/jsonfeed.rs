//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) with a `_jobfeed`
//! extension.
//!
//! The feed carries `version`, `title`, `home_page_url` (the campaign page),
//! `feed_url`, `description`, `authors` and `items`, plus
//! `"_jobfeed": {"campaign": NAME}`. An item carries `id` (the posting id),
//! `url` (tracked), `title`, `content_text`, `date_published`, `authors`
//! (the company), `tags` (the clusters) and
//!
//! ```json
//! "_jobfeed": {"clusters": [...], "municipality": "Aarhus",
//!              "municipality_code": "0751", "region": "Region Midtjylland",
//!              "flags": [...], "employment_types": [...], "language": "en",
//!              "valid_through": "2026-12-01T00:00:00Z"}
//! ```
//!
//! (unknown values left out). A posting that left the campaign is a
//! tombstone item, after the others:
//!
//! ```json
//! {"id": "jf…", "content_text": "",
//!  "_jobfeed": {"removed": true, "removed_at": "2026-11-20T08:00:00Z"}}
//! ```
//!
//! (`content_text` is there, empty, because JSON Feed requires every item to
//! have content.) A reader that copied the posting drops it by id.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{Feed, FeedItem, Format, Removed, RenderError};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    authors: Vec<Author<'a>>,
    items: Vec<Item<'a>>,
    #[serde(rename = "_jobfeed")]
    extension: FeedExtension<'a>,
}

#[derive(Serialize)]
struct FeedExtension<'a> {
    campaign: &'a str,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    content_text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(rename = "_jobfeed")]
    extension: ItemExtension<'a>,
}

#[derive(Serialize, Default)]
struct ItemExtension<'a> {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    removed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_at: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    clusters: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    flags: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    employment_types: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Renders `feed` as JSON Feed 1.1.
pub fn render(feed: &Feed) -> Result<Vec<u8>, RenderError> {
    let items = feed
        .items
        .iter()
        .map(item)
        .chain(feed.removed.iter().map(tombstone))
        .collect();
    let json = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: feed.page_url().into(),
        feed_url: feed.feed_url(Format::Json).into(),
        description: feed.description.as_deref(),
        authors: vec![Author { name: "jobfeed" }],
        items,
        extension: FeedExtension {
            campaign: &feed.name,
        },
    };
    Ok(serde_json::to_vec_pretty(&json)?)
}

fn item(item: &FeedItem) -> Item<'_> {
    Item {
        id: item.id.as_str(),
        url: item.link.as_ref().map(|u| u.as_str()),
        title: Some(&item.title),
        content_text: item.summary.as_deref().unwrap_or_default(),
        date_published: item.published.map(timestamp),
        authors: item
            .company
            .as_deref()
            .map(|name| Author { name })
            .into_iter()
            .collect(),
        tags: &item.clusters,
        extension: ItemExtension {
            clusters: &item.clusters,
            municipality: item.municipality.as_deref(),
            municipality_code: item.municipality_code.as_deref(),
            region: item.region.as_deref(),
            flags: &item.flags,
            employment_types: &item.employment_types,
            language: item.language.as_deref(),
            valid_through: item.valid_through.map(timestamp),
            ..ItemExtension::default()
        },
    }
}

fn tombstone(removed: &Removed) -> Item<'_> {
    Item {
        id: removed.id.as_str(),
        url: None,
        title: None,
        content_text: "",
        date_published: None,
        authors: Vec::new(),
        tags: &[],
        extension: ItemExtension {
            removed: true,
            removed_at: Some(timestamp(removed.removed_at)),
            ..ItemExtension::default()
        },
    }
}
