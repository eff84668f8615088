//! The coverage report as data: [`CompanyCoverage`] (one company, the JSON
//! of `GET /api/v1/companies/{id}/coverage`), [`SourceCoverage`] (one of its
//! sources), [`CompanySummary`] (one line of `GET /api/v1/companies`) and
//! their parts: [`Health`], [`Alarm`], [`LastCrawl`], [`CountCheck`],
//! [`PostingRef`], [`MergedPosting`], [`ExpiredPosting`], [`PostingGaps`],
//! [`MissingField`] and [`CrawlLine`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, PostingId};
use jobfeed_state::OutcomeKind;
use serde::Serialize;
use url::Url;

use crate::codes::{Advice, AlarmDetail, Cause};

/// How a company or a source is doing, worst last (so `max` combines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Crawled successfully, nothing to worry about.
    Ok,
    /// Something needs a look: a failed crawl, a source never crawled yet,
    /// fewer postings than the source says it has.
    Warning,
    /// Postings are probably being lost: repeated failures, or a source that
    /// dropped to zero postings after having some.
    Alarm,
}

impl Health {
    /// The name used in JSON and text (`ok`, `warning`, `alarm`).
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Ok => "ok",
            Health::Warning => "warning",
            Health::Alarm => "alarm",
        }
    }
}

/// What raised an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmKind {
    /// The source failed this many crawls in a row (at least
    /// [`crate::FAILURE_ALARM_THRESHOLD`]).
    ConsecutiveFailures,
    /// The last successful crawl found no postings, while an earlier one
    /// found some.
    DroppedToZero,
}

/// An alarm on a source, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    /// What raised it.
    pub kind: AlarmKind,
    /// The source.
    pub source_id: String,
    /// What happened, in plain English.
    pub message: String,
    /// What happened, as a code with its values (for other languages).
    pub detail: AlarmDetail,
}

/// The company a report is about, as its member file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyInfo {
    /// CVR number or slug.
    pub id: CompanyId,
    /// Company name.
    pub name: String,
    /// Its website.
    pub website: Option<Url>,
    /// Municipality of its seat, as configured.
    pub municipality: Option<String>,
}

/// Coverage of one member company: every source, alarms and advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyCoverage {
    /// The company.
    pub company: CompanyInfo,
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// The worst health of its sources (`warning` without sources).
    pub health: Health,
    /// Distinct postings of its sources that are in search now.
    pub active_postings: u64,
    /// One entry per configured source, in member-file order.
    pub sources: Vec<SourceCoverage>,
    /// Every alarm of every source.
    pub alarms: Vec<Alarm>,
    /// Advice for the company, most urgent first, each naming its source.
    pub advice: Vec<String>,
}

/// Coverage of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCoverage {
    /// The source id.
    pub source_id: String,
    /// What kind of source: `feed`, `career_page`, `html_list`, `sitemap`
    /// or an ATS name (`teamtailor`, `hr_manager`, …).
    pub kind: String,
    /// Where it is read, when it has one address (ATS sources without a
    /// configured address have none).
    pub url: Option<Url>,
    /// How it is doing.
    pub health: Health,
    /// The last crawl, whatever its outcome; `None` before the first.
    pub last_crawl: Option<LastCrawl>,
    /// The last successful crawl (a 304 counts).
    pub last_success_at: Option<DateTime<Utc>>,
    /// Failed crawls since the last successful one.
    pub consecutive_failures: u64,
    /// Postings the source listed at its last successful crawl.
    pub found: Option<u64>,
    /// Of those, how many are in search now.
    pub indexed: u64,
    /// How many open positions the source itself states, where it does.
    pub stated_count: Option<u64>,
    /// The source's own count against what we hold, where it states one.
    pub count_check: Option<CountCheck>,
    /// Postings the source lists that are not in search, and why.
    pub not_indexed: Vec<ExpiredPosting>,
    /// Postings also listed by other sources, merged into one.
    pub merged: Vec<MergedPosting>,
    /// Postings of this source that left search within the last
    /// [`crate::EXPIRED_WINDOW_DAYS`] days, newest first, and why.
    pub expired: Vec<ExpiredPosting>,
    /// How many listed postings lack each field.
    pub missing_field_counts: BTreeMap<MissingField, u64>,
    /// The listed postings that lack any field, and which.
    pub postings_with_gaps: Vec<PostingGaps>,
    /// Whether robots.txt blocked our crawler at the last crawl.
    pub robots_blocked: bool,
    /// Alarms on this source.
    pub alarms: Vec<Alarm>,
    /// What the company can do, in plain English.
    pub advice: Vec<String>,
    /// The same advice as codes with their values, in the same order (for
    /// other languages).
    pub advice_codes: Vec<Advice>,
    /// The latest crawls, newest first.
    pub recent_crawls: Vec<CrawlLine>,
}

/// The last crawl of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastCrawl {
    /// When it ended.
    pub at: DateTime<Utc>,
    /// How it ended.
    pub outcome: OutcomeKind,
    /// HTTP status, when it got that far.
    pub http_status: Option<u16>,
    /// How long it took, in milliseconds.
    pub duration_ms: Option<u64>,
    /// The error as recorded, when it failed.
    pub error: Option<String>,
    /// A short code for the error (`robots_denied`, `timeout`,
    /// `http_status`, …), when it failed.
    pub error_kind: Option<String>,
    /// The error in plain English, when it failed.
    pub explanation: Option<String>,
    /// The error as a code with its values, when it failed (for other
    /// languages; it also holds what the company can do).
    pub cause: Option<Cause>,
}

/// The source's stated count against the postings we hold from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountCheck {
    /// What the source says it has.
    pub stated: u64,
    /// What we hold from it in search.
    pub held: u64,
    /// How many we lack (0 when we hold all, or more than stated).
    pub missing: u64,
    /// The comparison in words ("we hold 34 of the 35 you publish").
    pub message: String,
}

/// A posting named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostingRef {
    /// Its id.
    pub id: PostingId,
    /// Its title.
    pub title: String,
    /// Its address, where known.
    pub url: Option<Url>,
}

/// A posting that several sources list, merged into one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedPosting {
    /// The posting.
    pub posting: PostingRef,
    /// The other sources that list it.
    pub other_sources: Vec<String>,
}

/// A posting out of search, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiredPosting {
    /// The posting.
    pub posting: PostingRef,
    /// Why (`no longer listed by …`, `valid_through passed`).
    pub reason: String,
    /// When it left search.
    pub at: DateTime<Utc>,
}

/// A field a posting lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingField {
    /// No place of work at all.
    Location,
    /// A place is given, but we cannot tell its municipality.
    Municipality,
    /// No publication date.
    Date,
    /// No description.
    Description,
    /// Read from the page layout instead of schema.org `JobPosting` data
    /// (career pages, HTML lists and sitemaps only).
    StructuredData,
}

impl MissingField {
    /// The name used in JSON and text.
    pub fn as_str(self) -> &'static str {
        match self {
            MissingField::Location => "location",
            MissingField::Municipality => "municipality",
            MissingField::Date => "date",
            MissingField::Description => "description",
            MissingField::StructuredData => "structured_data",
        }
    }
}

/// A listed posting that lacks fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostingGaps {
    /// The posting.
    pub posting: PostingRef,
    /// What it lacks.
    pub missing: Vec<MissingField>,
}

/// One crawl in the recent history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrawlLine {
    /// When it ended.
    pub at: DateTime<Utc>,
    /// How it ended.
    pub outcome: OutcomeKind,
    /// HTTP status, when it got that far.
    pub http_status: Option<u16>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// Postings listed.
    pub found: u64,
    /// New postings.
    pub new: u64,
    /// Postings that expired because of it.
    pub expired: u64,
    /// The error, when it failed.
    pub error: Option<String>,
}

/// One company in the list of companies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanySummary {
    /// CVR number or slug.
    pub id: CompanyId,
    /// Company name.
    pub name: String,
    /// Municipality of its seat, as configured.
    pub municipality: Option<String>,
    /// Its postings in search now.
    pub active_postings: u64,
    /// How many sources it has.
    pub sources: usize,
    /// How many of them failed their last crawl.
    pub failing_sources: usize,
    /// The worst health of its sources.
    pub health: Health,
    /// The latest crawl of any of its sources.
    pub last_crawl_at: Option<DateTime<Utc>>,
    /// Alarms on its sources.
    pub alarms: Vec<Alarm>,
}
