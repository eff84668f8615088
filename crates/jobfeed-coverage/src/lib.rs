//! Company coverage: for an HR person, whether all of their company's job
//! postings are in jobfeed, and if not, why and what to do.
//!
//! Built from the state alone (sources, crawl history, listings, postings
//! with their expiry reasons) and the member file:
//!
//! - [`company_coverage`] reports one company, source by source
//!   ([`CompanyCoverage`], the JSON of `GET /api/v1/companies/{id}/coverage`).
//! - [`companies_overview`] lists every company with its postings in
//!   search, health and alarms ([`CompanySummary`], `GET /api/v1/companies`).
//! - [`render_text`] prints a report (`jobfeed coverage COMPANY`).
//! - [`source_alarms`] and [`source_health`] decide alarms and health; the
//!   hub can use them for its `jobfeed_source_alarms` gauge.
//!
//! Advice, alarms and error explanations come as English text and as typed
//! codes ([`Advice`], [`AlarmDetail`], [`Cause`]) that a user interface can
//! put in its own language.
//!
//! Modules: `model` (the report types), `codes` (the typed codes and their
//! English), `source` (one source), `gaps` (missing fields), `diagnose`
//! (errors to causes), `advice`, `text`.

mod advice;
mod codes;
mod diagnose;
mod gaps;
mod model;
mod source;
mod text;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use jobfeed_core::{CompanyId, PostingId};
use jobfeed_sources::config::Member;
use jobfeed_state::{StateError, StateStore, StoredPosting};

pub use codes::{Advice, AlarmDetail, Cause, Trouble};
pub use diagnose::error_kind;
pub use model::{
    Alarm, AlarmKind, CompanyCoverage, CompanyInfo, CompanySummary, CountCheck, CrawlLine,
    ExpiredPosting, Health, LastCrawl, MergedPosting, MissingField, PostingGaps, PostingRef,
    SourceCoverage,
};
pub use source::{source_alarms, source_health};
pub use text::render_text;

/// A source that failed this many crawls in a row raises an alarm.
pub const FAILURE_ALARM_THRESHOLD: u64 = 3;
/// A source whose last crawl is older than this needs a look (the
/// scheduler should have crawled it since).
pub const STALE_AFTER_HOURS: i64 = 48;
/// Postings that left search within this many days are listed as expired.
pub const EXPIRED_WINDOW_DAYS: i64 = 30;
/// Postings read from the state per page when scanning.
const PAGE: u32 = 1000;

/// Why a coverage report could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoverageError {
    /// Reading the state failed.
    #[error("cannot read the coverage of {subject} from the state: {source}")]
    State {
        /// The company or source being read.
        subject: String,
        /// The state's error (it says which database and what to do).
        source: StateError,
    },
}

impl CoverageError {
    /// Wraps a state error about `subject`.
    fn state(subject: &str) -> impl Fn(StateError) -> CoverageError + '_ {
        move |source| CoverageError::State {
            subject: subject.to_owned(),
            source,
        }
    }
}

/// The coverage of one member company at `now`: every configured source,
/// its alarms and advice.
pub async fn company_coverage(
    state: &StateStore,
    member: &Member,
    now: DateTime<Utc>,
) -> Result<CompanyCoverage, CoverageError> {
    let expired = recently_expired(state, member, now).await?;
    let mut sources = Vec::with_capacity(member.sources.len());
    let mut active: BTreeSet<PostingId> = BTreeSet::new();
    for source in &member.sources {
        let (coverage, indexed) = source::source_coverage(state, source, &expired, now).await?;
        active.extend(indexed);
        sources.push(coverage);
    }
    let active_postings = active.len() as u64;
    let alarms = sources.iter().flat_map(|s| s.alarms.clone()).collect();
    let advice = sources
        .iter()
        .flat_map(|s| {
            s.advice
                .iter()
                .map(move |a| format!("{}: {a}", s.source_id))
        })
        .collect();
    Ok(CompanyCoverage {
        company: model::CompanyInfo {
            id: member.id.clone(),
            name: member.name.clone(),
            website: member.website.clone(),
            municipality: member.municipality.clone(),
        },
        generated_at: now,
        health: company_health(sources.iter().map(|s| s.health)),
        active_postings,
        sources,
        alarms,
        advice,
    })
}

/// Every member company with its postings in search, health and alarms,
/// in the order of `members`.
///
/// Counts active postings by reading every active posting of the state
/// once; where a search index already knows the counts per company, use
/// [`companies_overview_with_counts`].
pub async fn companies_overview(
    state: &StateStore,
    members: &[Member],
    now: DateTime<Utc>,
) -> Result<Vec<CompanySummary>, CoverageError> {
    let counts = active_counts(state, members).await?;
    companies_overview_with_counts(state, members, &counts, now).await
}

/// Like [`companies_overview`], with the active postings per company given
/// (a company missing from `counts` has none).
pub async fn companies_overview_with_counts(
    state: &StateStore,
    members: &[Member],
    counts: &HashMap<CompanyId, u64>,
    now: DateTime<Utc>,
) -> Result<Vec<CompanySummary>, CoverageError> {
    let mut summaries = Vec::with_capacity(members.len());
    for member in members {
        let mut alarms = Vec::new();
        let mut healths = Vec::new();
        let mut failing = 0;
        let mut last_crawls = Vec::new();
        for source in &member.sources {
            let facts = source::SourceFacts::read(state, &source.id).await?;
            let source_alarms = facts.alarms(&source.id);
            healths.push(source_health(facts.state.as_ref(), &source_alarms, now));
            alarms.extend(source_alarms);
            let row = facts.state.as_ref();
            failing += usize::from(
                row.and_then(|s| s.last_outcome) == Some(jobfeed_state::OutcomeKind::Failed),
            );
            last_crawls.push(row.and_then(|s| s.last_crawl_at));
        }
        summaries.push(CompanySummary {
            id: member.id.clone(),
            name: member.name.clone(),
            municipality: member.municipality.clone(),
            active_postings: counts.get(&member.id).copied().unwrap_or(0),
            sources: member.sources.len(),
            failing_sources: failing,
            health: company_health(healths),
            last_crawl_at: source::latest(last_crawls),
            alarms,
        });
    }
    Ok(summaries)
}

/// The worst of the sources' health; a company without sources needs a look.
fn company_health(sources: impl IntoIterator<Item = Health>) -> Health {
    sources.into_iter().max().unwrap_or(Health::Warning)
}

/// Active postings per member company: every active posting of the state,
/// attributed to the companies whose sources list it (a posting listed by
/// two companies counts for both), else to its own company id.
async fn active_counts(
    state: &StateStore,
    members: &[Member],
) -> Result<HashMap<CompanyId, u64>, CoverageError> {
    let owner: HashMap<&str, &CompanyId> = members
        .iter()
        .flat_map(|m| m.sources.iter().map(move |s| (s.id.as_str(), &m.id)))
        .collect();
    let mut counts = HashMap::new();
    let mut after: Option<PostingId> = None;
    loop {
        let page = state
            .active_postings(after.as_ref(), PAGE)
            .await
            .map_err(CoverageError::state("all companies"))?;
        let Some(last) = page.last() else {
            return Ok(counts);
        };
        after = Some(last.posting.id.clone());
        for stored in &page {
            let mut companies: BTreeSet<&CompanyId> = stored
                .posting
                .sources
                .iter()
                .filter_map(|r| owner.get(r.source_id.as_deref()?).copied())
                .collect();
            if companies.is_empty() {
                companies.extend(stored.posting.company.id.as_ref());
            }
            for company in companies {
                *counts.entry(company.clone()).or_insert(0) += 1;
            }
        }
    }
}

/// The member's postings that left search within [`EXPIRED_WINDOW_DAYS`]
/// (their status change moved their `changed_at`, so only recent changes
/// are read).
async fn recently_expired(
    state: &StateStore,
    member: &Member,
    now: DateTime<Utc>,
) -> Result<Vec<StoredPosting>, CoverageError> {
    let own: BTreeSet<&str> = member.sources.iter().map(|s| s.id.as_str()).collect();
    let belongs = |p: &StoredPosting| {
        p.posting.company.id.as_ref() == Some(&member.id)
            || p.posting
                .sources
                .iter()
                .any(|r| r.source_id.as_deref().is_some_and(|id| own.contains(id)))
    };
    let mut since = now - Duration::days(EXPIRED_WINDOW_DAYS);
    let mut after: Option<PostingId> = None;
    let mut expired = Vec::new();
    loop {
        let page = state
            .postings_changed_since(since, after.as_ref(), PAGE)
            .await
            .map_err(CoverageError::state(member.id.as_str()))?;
        let Some(last) = page.last() else {
            return Ok(expired);
        };
        since = last.changed_at;
        after = Some(last.posting.id.clone());
        expired.extend(
            page.into_iter()
                .filter(|p| !p.status.is_active() && belongs(p)),
        );
    }
}
