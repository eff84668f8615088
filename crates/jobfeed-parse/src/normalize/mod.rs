//! Normalisation shared by all formats: turns a [`RawPosting`] into the
//! contract's [`Posting`].
//!
//! | module | does |
//! | --- | --- |
//! | [`text`] | whitespace-clean titles, HTML → readable plain text |
//! | [`date`] | RFC 822 (and its common mistakes), RFC 3339, ISO, Danish written dates |
//! | [`link`] | absolute canonical URLs without tracking parameters |
//! | [`employment`] | employment types from schema.org, Danish and English words |
//! | [`place`] | locations and the Danish postal code written in them |
//!
//! The posting id is derived here too, from the best key the source gives
//! (see [`jobfeed_core::PostingId`]).

pub mod date;
pub mod employment;
pub mod link;
pub mod place;
pub mod text;

use jobfeed_core::{CompanyRef, Posting, PostingId, PostingKey, RemoteStatus, Salary, SourceRef};
use url::Url;

use crate::{
    Kind, ParseContext, PostingSink, RawLocation, RawPosting, RawSalary, RawSink, Warning,
};

/// A [`RawSink`] that normalises each raw posting and passes it on to a
/// [`PostingSink`].
pub struct Normalizer<'a> {
    source_kind: &'a str,
    ctx: &'a ParseContext,
    scope: String,
    sink: &'a mut dyn PostingSink,
    count: usize,
}

impl std::fmt::Debug for Normalizer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer")
            .field("source_kind", &self.source_kind)
            .field("count", &self.count)
            .finish()
    }
}

impl<'a> Normalizer<'a> {
    /// Normalises postings of format `kind` read in context `ctx` into `sink`.
    pub fn new(kind: Kind, ctx: &'a ParseContext, sink: &'a mut dyn PostingSink) -> Self {
        Self::for_source(kind.as_str(), ctx, sink)
    }

    /// Normalises postings from a source of kind `source_kind` (a format or
    /// an ATS adapter name, recorded in `sources[].kind`).
    pub fn for_source(
        source_kind: &'a str,
        ctx: &'a ParseContext,
        sink: &'a mut dyn PostingSink,
    ) -> Self {
        Normalizer {
            source_kind,
            ctx,
            scope: id_scope(ctx),
            sink,
            count: 0,
        }
    }
}

impl RawSink for Normalizer<'_> {
    fn raw(&mut self, raw: RawPosting) {
        self.count += 1;
        let item = self.count;
        let mut warnings = Vec::new();
        if let Some(posting) = normalize_scoped(
            raw,
            self.source_kind,
            self.ctx,
            &self.scope,
            &mut |message| warnings.push(Warning::item(item, message)),
        ) {
            self.sink.posting(posting);
        }
        for warning in warnings {
            self.sink.warning(warning);
        }
    }

    fn warning(&mut self, warning: Warning) {
        self.sink.warning(warning);
    }

    fn count(&self) -> usize {
        self.count
    }
}

/// The scope posting ids are derived in: the configured source id, else
/// the host of the base URL, else `file`.
fn id_scope(ctx: &ParseContext) -> String {
    if let Some(source) = &ctx.source_id {
        return format!("source:{source}");
    }
    match ctx.base_url.as_ref().and_then(Url::host_str) {
        Some(host) => format!("host:{host}"),
        None => "file".to_owned(),
    }
}

/// Normalises one raw posting from a source of kind `source_kind` (a
/// format or an ATS adapter name). Returns `None` (with a warning) when it
/// has no title, which leaves nothing to show.
pub fn normalize(
    raw: RawPosting,
    source_kind: &str,
    ctx: &ParseContext,
    warn: &mut dyn FnMut(String),
) -> Option<Posting> {
    normalize_scoped(raw, source_kind, ctx, &id_scope(ctx), warn)
}

fn normalize_scoped(
    mut raw: RawPosting,
    source_kind: &str,
    ctx: &ParseContext,
    scope: &str,
    warn: &mut dyn FnMut(String),
) -> Option<Posting> {
    let declared_base = raw
        .base_url
        .as_deref()
        .and_then(|b| link::resolve(b, ctx.base_url.as_ref()));
    let base = declared_base.as_ref().or(ctx.base_url.as_ref());
    let url = raw.url.as_deref().and_then(|u| link::canonical(u, base));
    if raw.url.as_deref().is_some_and(|u| !u.trim().is_empty()) && url.is_none() {
        warn(format!(
            "cannot read link {:?}",
            raw.url.as_deref().unwrap_or_default()
        ));
    }
    let title = raw
        .title
        .take()
        .map(text::clean_title_owned)
        .filter(|t| !t.is_empty());
    let Some(title) = title else {
        warn(match &url {
            Some(url) => format!("posting {url} has no title; skipped"),
            None => "posting has neither title nor link; skipped".to_owned(),
        });
        return None;
    };
    let native_id = raw
        .native_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let first_place = raw.locations.first();
    let id = posting_key_id(
        scope,
        native_id.as_deref(),
        url.as_ref(),
        &title,
        first_place,
    );
    let mut locations = raw
        .locations
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(place::location);
    let location = locations.next().unwrap_or_default();
    let employment_types = employment::map_all(&raw.employment_types, &mut |value| {
        warn(format!(
            "employment type {value:?} names no known type (full_time, part_time, temporary, …); left out"
        ))
    });
    let description_html = raw.description.filter(|d| !d.trim().is_empty());
    Some(Posting {
        id,
        title,
        company: CompanyRef {
            id: ctx.company_id.clone(),
            name: raw
                .company
                .map(text::clean_title_owned)
                .filter(|c| !c.is_empty())
                .or_else(|| ctx.company_name.clone()),
        },
        apply_url: raw
            .apply_url
            .as_deref()
            .and_then(|u| link::canonical(u, base)),
        description: description_html
            .as_deref()
            .map(text::html_to_text)
            .filter(|d| !d.is_empty()),
        description_html,
        location,
        additional_locations: locations.collect(),
        employment_type: employment_types.first().copied(),
        employment_types,
        remote: raw.remote.as_deref().and_then(remote_status),
        salary: raw.salary.map(salary),
        department: raw
            .department
            .map(text::clean_title_owned)
            .filter(|d| !d.is_empty()),
        categories: raw
            .categories
            .into_iter()
            .map(text::clean_title_owned)
            .filter(|c| !c.is_empty())
            .collect(),
        direct_apply: raw.direct_apply,
        date_posted: read_date(
            raw.date_posted.as_deref(),
            date::DateRole::Start,
            "date_posted",
            warn,
        ),
        valid_through: read_date(
            raw.valid_through.as_deref(),
            date::DateRole::End,
            "valid_through",
            warn,
        ),
        first_seen: None,
        last_seen: None,
        language: raw.language.as_deref().and_then(language_code),
        language_confidence: None,
        seniority: None,
        flags: Vec::new(),
        clusters: Vec::new(),
        cluster_evidence: Vec::new(),
        occupations: Vec::new(),
        sources: vec![SourceRef {
            kind: source_kind.to_owned(),
            source_id: ctx.source_id.clone(),
            url: ctx.base_url.clone(),
            native_id,
        }],
        contacts_withheld: false,
        url,
    })
}

/// Derives the posting id from the best key the source gives: its own id,
/// else the canonical URL, else title and location (see [`PostingId`]).
fn posting_key_id(
    scope: &str,
    native_id: Option<&str>,
    url: Option<&Url>,
    title: &str,
    place: Option<&RawLocation>,
) -> PostingId {
    let content;
    let key = match (native_id, url) {
        (Some(id), _) => PostingKey {
            scope,
            kind: "id",
            value: id,
        },
        (None, Some(url)) => PostingKey {
            scope,
            kind: "url",
            value: url.as_str(),
        },
        (None, None) => {
            let place = place
                .and_then(|l| l.text.as_deref().or(l.locality.as_deref()))
                .unwrap_or("");
            content = format!("{title}\n{place}");
            PostingKey {
                scope,
                kind: "content",
                value: &content,
            }
        }
    };
    PostingId::derive(&key)
}

fn read_date(
    value: Option<&str>,
    role: date::DateRole,
    field: &str,
    warn: &mut dyn FnMut(String),
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    match date::parse(value, role) {
        Some(date::DateValue::Date(date)) => Some(date),
        Some(date::DateValue::Absent) => None,
        None => {
            warn(format!("cannot read {field} {value:?}"));
            None
        }
    }
}

fn remote_status(value: &str) -> Option<RemoteStatus> {
    let value = value.trim().to_lowercase();
    match value.as_str() {
        "hybrid" => Some(RemoteStatus::Hybrid),
        "fully" | "remote" | "telecommute" | "fully_remote" | "fully remote" | "true" => {
            Some(RemoteStatus::Remote)
        }
        // Teamtailor's `remoteStatus` says `none` for on-site jobs.
        "onsite" | "on-site" | "on_site" | "office" | "none" => Some(RemoteStatus::Onsite),
        _ => None,
    }
}

/// `da-DK`, `DA`, `en_GB` → `da`, `en`; anything else is dropped.
fn language_code(value: &str) -> Option<String> {
    let code = value.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase())).then_some(code)
}

fn salary(raw: RawSalary) -> Salary {
    let period = raw
        .period
        .as_deref()
        .and_then(|p| match p.trim().to_ascii_uppercase().as_str() {
            "HOUR" | "HOURLY" => Some("hour"),
            "DAY" | "DAILY" => Some("day"),
            "WEEK" | "WEEKLY" => Some("week"),
            "MONTH" | "MONTHLY" => Some("month"),
            "YEAR" | "YEARLY" | "ANNUAL" | "ANNUALLY" => Some("year"),
            _ => None,
        });
    Salary {
        raw: raw
            .text
            .map(text::clean_title_owned)
            .filter(|t| !t.is_empty()),
        min: raw.min,
        max: raw.max.or(raw.min),
        currency: raw
            .currency
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| c.len() == 3),
        period: period.map(str::to_owned),
    }
}
