//! Campaign feeds in four formats from one item model.
//!
//! [`Feed::new`] turns a campaign, the postings [`crate::select`] chose and
//! the ids of postings that left the campaign into a [`Feed`]: plain,
//! already-cleaned items with tracked links. Each format module only lays
//! that model out:
//!
//! | format | module | removed postings |
//! | --- | --- | --- |
//! | RSS 2.0 | [`rss`] | not carried (RSS has no way to say so) |
//! | Atom 1.0 | [`atom`] | `at:deleted-entry` (RFC 6721 tombstones) |
//! | JSON Feed 1.1 | [`jsonfeed`] | tombstone items, `"_jobfeed": {"removed": true}` |
//! | CSV | [`csv`] | not carried (a spreadsheet of current openings) |
//!
//! The feed's `updated` time is the latest publication or removal among its
//! items, never the clock, so rendering the same content twice gives the
//! same bytes (and the same ETag).

pub mod atom;
pub mod csv;
pub mod jsonfeed;
pub mod rss;

use std::collections::BTreeMap;
use std::io;

use chrono::{DateTime, Utc};
use jobfeed_core::{Posting, PostingId};
use quick_xml::Writer;
use quick_xml::events::BytesText;
use url::Url;

use crate::config::Campaign;
use crate::matcher::published_at;

/// A feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RSS 2.0 (`.rss`).
    Rss,
    /// Atom 1.0 (`.atom`).
    Atom,
    /// JSON Feed 1.1 (`.json`).
    Json,
    /// CSV for spreadsheets (`.csv`).
    Csv,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Rss, Format::Atom, Format::Json, Format::Csv];

    /// Parses a file extension or `--format` value: `rss`, `atom`, `json`,
    /// `csv`.
    pub fn parse(name: &str) -> Option<Format> {
        Self::ALL.into_iter().find(|f| f.extension() == name)
    }

    /// The file extension, which is also the `--format` value.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The `Content-Type` to serve it with.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Json => "application/feed+json; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Why a feed could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Writing the output failed.
    #[error("writing the feed failed: {0}")]
    Io(#[from] io::Error),
    /// Serialising JSON failed.
    #[error("writing the JSON feed failed: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("writing the CSV failed: {0}")]
    Csv(#[from] ::csv::Error),
}

/// A posting that left the campaign, carried as a tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The posting.
    pub id: PostingId,
    /// When it left.
    pub removed_at: DateTime<Utc>,
}

/// One feed item: what every format shows of a posting.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The posting id (guid / entry id / item id).
    pub id: PostingId,
    /// The title.
    pub title: String,
    /// The posting link with the campaign's tracking parameters.
    pub link: Option<Url>,
    /// The plain-text description.
    pub summary: Option<String>,
    /// The company name.
    pub company: Option<String>,
    /// When it was published (`date_posted`, else `first_seen`).
    pub published: Option<DateTime<Utc>>,
    /// The application deadline.
    pub valid_through: Option<DateTime<Utc>>,
    /// Competence cluster ids.
    pub clusters: Vec<String>,
    /// Municipality name.
    pub municipality: Option<String>,
    /// Municipality code.
    pub municipality_code: Option<String>,
    /// Region name.
    pub region: Option<String>,
    /// Campaign flag names.
    pub flags: Vec<String>,
    /// Employment type names.
    pub employment_types: Vec<String>,
    /// Language (ISO 639-1).
    pub language: Option<String>,
}

/// A campaign feed, ready to render in any [`Format`].
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The campaign name.
    pub name: String,
    /// The feed title.
    pub title: String,
    /// The feed description.
    pub description: Option<String>,
    /// The public address of the service (`http://127.0.0.1:8080/`); feed
    /// and page links are made from it.
    pub base_url: Url,
    /// Latest change among items and removals (the `Last-Modified` time);
    /// the Unix epoch for an empty feed.
    pub updated: DateTime<Utc>,
    /// The items, in feed order.
    pub items: Vec<FeedItem>,
    /// Postings that left the campaign.
    pub removed: Vec<Removed>,
}

impl Feed {
    /// Builds the feed of `campaign` from the postings it shows (in order,
    /// as [`crate::select`] returns them) and the postings that left it.
    pub fn new(
        campaign: &Campaign,
        postings: &[&Posting],
        removed: Vec<Removed>,
        base_url: &Url,
    ) -> Feed {
        let items: Vec<FeedItem> = postings
            .iter()
            .map(|p| FeedItem::new(p, &campaign.tracking))
            .collect();
        let updated = items
            .iter()
            .filter_map(|i| i.published)
            .chain(removed.iter().map(|r| r.removed_at))
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH);
        Feed {
            name: campaign.name.clone(),
            title: clean(&campaign.title),
            description: campaign.description.as_deref().map(clean),
            base_url: base_url.clone(),
            updated,
            items,
            removed,
        }
    }

    /// Sets `updated` to a later time known from elsewhere (the ledger's
    /// latest content change), which publication dates cannot show.
    pub fn with_updated(mut self, at: DateTime<Utc>) -> Feed {
        self.updated = self.updated.max(at);
        self
    }

    /// The address of this feed in `format`: `BASE/feeds/NAME.EXT`.
    pub fn feed_url(&self, format: Format) -> Url {
        self.link(&format!("feeds/{}.{}", self.name, format.extension()))
    }

    /// The address of the campaign's page: `BASE/campaigns/NAME`.
    pub fn page_url(&self) -> Url {
        self.link(&format!("campaigns/{}", self.name))
    }

    fn link(&self, path: &str) -> Url {
        // The name is a validated slug, so joining cannot fail; falling back
        // to the base keeps this total.
        self.base_url
            .join(path)
            .unwrap_or_else(|_| self.base_url.clone())
    }

    /// Renders the feed.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, RenderError> {
        match format {
            Format::Rss => rss::render(self),
            Format::Atom => atom::render(self),
            Format::Json => jsonfeed::render(self),
            Format::Csv => csv::render(self),
        }
    }
}

impl FeedItem {
    /// The item of a posting, its link tracked with `tracking`.
    pub fn new(posting: &Posting, tracking: &BTreeMap<String, String>) -> FeedItem {
        let location = &posting.location;
        let types = posting
            .employment_types
            .iter()
            .chain(&posting.employment_type)
            .map(|t| t.as_str().to_string());
        let mut employment_types: Vec<String> = Vec::new();
        for name in types {
            if !employment_types.contains(&name) {
                employment_types.push(name);
            }
        }
        FeedItem {
            id: posting.id.clone(),
            title: clean(&posting.title),
            link: posting.url.as_ref().map(|u| with_tracking(u, tracking)),
            summary: posting.description.as_deref().map(clean),
            company: posting.company.name.as_deref().map(clean),
            published: published_at(posting),
            valid_through: posting.valid_through.map(|d| d.with_timezone(&Utc)),
            clusters: posting.clusters.iter().map(|c| clean(c)).collect(),
            municipality: location.municipality.as_deref().map(clean),
            municipality_code: location.municipality_code.as_deref().map(clean),
            region: location.region.as_deref().map(clean),
            flags: posting.flags.iter().map(|f| clean(&f.name)).collect(),
            employment_types,
            language: posting.language.as_deref().map(clean),
        }
    }
}

/// `url` with the campaign's tracking parameters appended and no fragment.
///
/// The existing query is kept as written, except parameters of the same
/// names as tracking ones, which the campaign's values replace (a link
/// never carries two `utm_source`s).
pub fn with_tracking(url: &Url, tracking: &BTreeMap<String, String>) -> Url {
    let mut tracked = url.clone();
    tracked.set_fragment(None);
    if tracking.is_empty() {
        return tracked;
    }
    let mut query: Vec<&str> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_tracking_pair(pair, tracking))
        .collect();
    let added = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(tracking)
        .finish();
    query.push(&added);
    tracked.set_query(Some(&query.join("&")));
    tracked
}

fn is_tracking_pair(pair: &str, tracking: &BTreeMap<String, String>) -> bool {
    url::form_urlencoded::parse(pair.as_bytes())
        .next()
        .is_some_and(|(key, _)| tracking.contains_key(key.as_ref()))
}

/// Text safe for every format: characters XML 1.0 forbids (control
/// characters other than tab and newlines, U+FFFE, U+FFFF) removed, since
/// one of them in a source's title would make the whole feed unparseable.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

/// Writes `<name>text</name>` (text escaped).
fn text_element<W: io::Write>(writer: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// A fresh XML writer with the declaration written.
fn xml_writer() -> io::Result<Writer<Vec<u8>>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(quick_xml::events::Event::Decl(
        quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), None),
    ))?;
    Ok(writer)
}
