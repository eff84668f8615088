//! The document layout: [`Fields`] (the tantivy schema with a handle per
//! field) and how a [`Posting`] becomes a document ([`Fields::document`],
//! [`Encoded`]).
//!
//! One document per active posting. Text goes to `title_da` /
//! `description_da` or `title_en` / `description_en` by the posting's
//! language (see [`TextRoute`]); queries search all four. Filters and facet
//! counts use raw string fields that are indexed (term filters) and fast
//! (ordinal counting). The full posting JSON is stored, so a search returns
//! the contract JSON without a second store.

use chrono::{DateTime, Utc};
use jobfeed_core::Posting;
use sha2::{Digest, Sha256};
use tantivy::schema::{
    DateOptions, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime as TantivyDate, TantivyDocument};

use crate::analyzer::{DANISH, ENGLISH};
use crate::facets::FacetField;

/// The schema and a handle per field.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub(crate) schema: Schema,
    /// Posting id, raw: updates and deletes address documents by it.
    pub(crate) id: Field,
    /// 64-bit key of the id (FNV-1a), fast: lets the writer load the
    /// id → content hash map at start without reading stored documents.
    pub(crate) id_key: Field,
    /// Hash of the content (the posting JSON without `last_seen`), fast.
    pub(crate) content_hash: Field,
    /// The posting JSON, stored only.
    pub(crate) posting: Field,
    pub(crate) title_da: Field,
    pub(crate) title_en: Field,
    pub(crate) description_da: Field,
    pub(crate) description_en: Field,
    /// One raw string field per facet, in [`FacetField::ALL`] order.
    pub(crate) facets: Vec<Field>,
    pub(crate) date_posted: Field,
    pub(crate) first_seen: Field,
    pub(crate) changed_at: Field,
    /// `date_posted`, or `first_seen` when the source gives no date: what
    /// `posted_since` filters on and `sort=newest` orders by.
    pub(crate) published: Field,
    /// The day of `published` (days since 1970-01-01 UTC), indexed: a
    /// `posted_since` search reads the documents of the days in range from
    /// the inverted index, a set much smaller than the index, which then
    /// leads the intersection instead of a scan checking every candidate.
    pub(crate) published_day: Field,
}

/// Name of the fast field `sort=newest` orders by.
pub(crate) const PUBLISHED: &str = "published";

impl Fields {
    /// Builds the schema.
    pub(crate) fn new() -> Self {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let id_key = b.add_u64_field("id_key", FAST);
        let content_hash = b.add_u64_field("content_hash", FAST);
        let posting = b.add_text_field("posting", STORED);
        let text = |analyzer: &str| {
            // Frequencies for BM25, no positions: the search has no phrase
            // queries, and positions would cost indexing time and space.
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let title_da = b.add_text_field("title_da", text(DANISH));
        let title_en = b.add_text_field("title_en", text(ENGLISH));
        let description_da = b.add_text_field("description_da", text(DANISH));
        let description_en = b.add_text_field("description_en", text(ENGLISH));
        let facets = FacetField::ALL
            .iter()
            .map(|f| b.add_text_field(f.name(), STRING | FAST))
            .collect();
        let date = || DateOptions::from(FAST);
        let date_posted = b.add_date_field("date_posted", date());
        let first_seen = b.add_date_field("first_seen", date());
        let changed_at = b.add_date_field("changed_at", date());
        let published = b.add_date_field(PUBLISHED, date());
        let published_day = b.add_u64_field("published_day", INDEXED);
        Fields {
            schema: b.build(),
            id,
            id_key,
            content_hash,
            posting,
            title_da,
            title_en,
            description_da,
            description_en,
            facets,
            date_posted,
            first_seen,
            changed_at,
            published,
            published_day,
        }
    }

    /// The raw string field of a facet.
    pub(crate) fn facet(&self, facet: FacetField) -> Field {
        // `facets` is built from `FacetField::ALL`, whose order `index()` follows.
        self.facets[facet.index()]
    }

    /// The document for an encoded posting, changed at `changed_at`.
    pub(crate) fn document(&self, encoded: &Encoded, changed_at: DateTime<Utc>) -> TantivyDocument {
        let p = &encoded.posting;
        let mut doc = TantivyDocument::new();
        doc.add_text(self.id, p.id.as_str());
        doc.add_u64(self.id_key, id_key(p.id.as_str()));
        doc.add_u64(self.content_hash, encoded.content_hash);
        doc.add_text(self.posting, &encoded.json);
        self.add_text_fields(&mut doc, p);
        for facet in FacetField::ALL {
            let field = self.facet(facet);
            for value in facet.values(p) {
                doc.add_text(field, value);
            }
        }
        let posted = p.date_posted.map(|d| d.with_timezone(&Utc));
        add_date(&mut doc, self.date_posted, posted);
        add_date(&mut doc, self.first_seen, p.first_seen);
        add_date(&mut doc, self.changed_at, Some(changed_at));
        let published = posted.or(p.first_seen);
        add_date(&mut doc, self.published, published);
        if let Some(published) = published {
            doc.add_u64(self.published_day, day_number(published));
        }
        doc
    }

    /// Adds title and description to the fields of the posting's language.
    fn add_text_fields(&self, doc: &mut TantivyDocument, p: &Posting) {
        let route = TextRoute::of(p.language.as_deref());
        let mut add = |title: Field, description: Field| {
            doc.add_text(title, &p.title);
            if let Some(text) = &p.description {
                doc.add_text(description, text);
            }
        };
        if route != TextRoute::English {
            add(self.title_da, self.description_da);
        }
        if route != TextRoute::Danish {
            add(self.title_en, self.description_en);
        }
    }
}

/// Which analysed fields a posting's text goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextRoute {
    /// Danish, and the Scandinavian languages a Danish stemmer serves better
    /// than an English one (Norwegian, Swedish).
    Danish,
    /// Every other known language.
    English,
    /// Unknown language: both, so either stemming finds it.
    Both,
}

impl TextRoute {
    /// The route for an ISO 639-1 code (`da`, `en`, `da-DK`, …).
    pub(crate) fn of(language: Option<&str>) -> Self {
        let Some(code) = language else {
            return TextRoute::Both;
        };
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "" => TextRoute::Both,
            "da" | "no" | "nb" | "nn" | "sv" => TextRoute::Danish,
            _ => TextRoute::English,
        }
    }
}

/// A posting ready to index: its JSON and its content hash.
#[derive(Debug)]
pub(crate) struct Encoded {
    pub(crate) posting: Posting,
    /// The full posting JSON (what search returns).
    pub(crate) json: String,
    /// First 64 bits of the SHA-256 of the JSON without `last_seen`.
    pub(crate) content_hash: u64,
}

impl Encoded {
    /// Serialises a posting and hashes its content.
    ///
    /// `last_seen` is left out of the hash because every crawl that sees a
    /// posting again moves it; hashing it would re-index every posting on
    /// every crawl. The stored JSON therefore keeps the `last_seen` of the
    /// last content change.
    pub(crate) fn new(mut posting: Posting) -> Result<Self, serde_json::Error> {
        let last_seen = posting.last_seen.take();
        let mut hasher = Sha256::new();
        serde_json::to_writer(&mut hasher, &posting)?;
        let digest = hasher.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        posting.last_seen = last_seen;
        let json = serde_json::to_string(&posting)?;
        Ok(Encoded {
            posting,
            json,
            content_hash: u64::from_le_bytes(first),
        })
    }
}

/// The 64-bit key of a posting id (FNV-1a, stable across builds).
pub(crate) fn id_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The day of a time: days since 1970-01-01 UTC (earlier times are day 0).
pub(crate) fn day_number(time: DateTime<Utc>) -> u64 {
    u64::try_from(time.timestamp().div_euclid(86_400)).unwrap_or(0)
}

/// tantivy's date (second precision, as the fast fields store it).
pub(crate) fn to_tantivy_date(date: DateTime<Utc>) -> TantivyDate {
    TantivyDate::from_timestamp_secs(date.timestamp())
}

fn add_date(doc: &mut TantivyDocument, field: Field, date: Option<DateTime<Utc>>) {
    if let Some(date) = date {
        doc.add_date(field, to_tantivy_date(date));
    }
}
