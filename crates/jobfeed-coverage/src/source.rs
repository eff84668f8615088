//! Coverage of one source: what the state knows about its crawls and
//! listings ([`source_coverage`]), its alarms ([`source_alarms`]) and its
//! health ([`source_health`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use jobfeed_core::PostingId;
use jobfeed_sources::config::{SourceConfig, SourceKind};
use jobfeed_state::{
    CrawlRecord, OutcomeKind, PostingStatus, SourceId, SourceState, StateStore, StoredPosting,
};
use url::Url;

use crate::advice;
use crate::codes::{AlarmDetail, Cause};
use crate::diagnose;
use crate::gaps::missing_fields;
use crate::model::{
    Alarm, AlarmKind, CountCheck, CrawlLine, ExpiredPosting, Health, LastCrawl, MergedPosting,
    PostingGaps, PostingRef, SourceCoverage,
};
use crate::{CoverageError, FAILURE_ALARM_THRESHOLD, STALE_AFTER_HOURS};

/// How many crawls of the history a report shows.
const RECENT_CRAWLS: usize = 10;
/// How many crawls are looked at to tell "dropped to zero".
const HISTORY_FOR_ALARMS: u32 = 50;

/// The state of a source that a report reads.
pub(crate) struct SourceFacts {
    pub(crate) state: Option<SourceState>,
    pub(crate) history: Vec<CrawlRecord>,
}

impl SourceFacts {
    /// Reads the state and recent history of a source.
    pub(crate) async fn read(state: &StateStore, id: &str) -> Result<Self, CoverageError> {
        let source_id = SourceId::new(id);
        let failed = CoverageError::state(id);
        let source_state = state.source_state(&source_id).await.map_err(&failed)?;
        let history = state
            .crawl_history(&source_id, HISTORY_FOR_ALARMS)
            .await
            .map_err(&failed)?;
        Ok(SourceFacts {
            state: source_state,
            history,
        })
    }

    /// Alarms of this source.
    pub(crate) fn alarms(&self, source_id: &str) -> Vec<Alarm> {
        source_alarms(source_id, self.state.as_ref(), &self.history)
    }
}

/// The alarms of a source: [`FAILURE_ALARM_THRESHOLD`] or more failed
/// crawls in a row, or a last successful crawl with no postings after one
/// with some. `history` is the source's crawl history, newest first.
pub fn source_alarms(
    source_id: &str,
    state: Option<&SourceState>,
    history: &[CrawlRecord],
) -> Vec<Alarm> {
    let mut alarms = Vec::new();
    if let Some(state) = state.filter(|s| s.consecutive_failures >= FAILURE_ALARM_THRESHOLD) {
        let error = state.error.as_deref().unwrap_or("no error recorded");
        let detail = AlarmDetail::ConsecutiveFailures {
            failures: state.consecutive_failures,
            cause: diagnose::cause(error, state.http_status, None),
        };
        alarms.push(alarm(AlarmKind::ConsecutiveFailures, source_id, detail));
    }
    let mut successes = history.iter().filter(|c| c.outcome != OutcomeKind::Failed);
    if let Some(latest) = successes.next().filter(|c| c.found == 0)
        && let Some(before) = successes.find(|c| c.found > 0)
    {
        let detail = AlarmDetail::DroppedToZero {
            at: latest.finished_at,
            listed_before: before.found,
            listed_before_at: before.finished_at,
        };
        alarms.push(alarm(AlarmKind::DroppedToZero, source_id, detail));
    }
    alarms
}

fn alarm(kind: AlarmKind, source_id: &str, detail: AlarmDetail) -> Alarm {
    Alarm {
        kind,
        source_id: source_id.to_owned(),
        message: detail.to_string(),
        detail,
    }
}

/// Whether the last crawl is more than [`STALE_AFTER_HOURS`] before `now`.
fn is_stale(state: &SourceState, now: DateTime<Utc>) -> bool {
    state
        .last_crawl_at
        .is_some_and(|at| now - at > TimeDelta::hours(STALE_AFTER_HOURS))
}

/// The health of a source at `now` from its state and alarms: `alarm` with
/// any alarm; `warning` when never crawled, when its last crawl failed or
/// is more than [`STALE_AFTER_HOURS`] old, or when it lists fewer postings
/// than it says it has; else `ok`.
pub fn source_health(state: Option<&SourceState>, alarms: &[Alarm], now: DateTime<Utc>) -> Health {
    let Some(state) = state else {
        // Configured, never crawled.
        return Health::Warning;
    };
    let short = matches!(
        (state.stated_count, state.found),
        (Some(stated), Some(found)) if found < stated
    );
    let failed = state.last_outcome == Some(OutcomeKind::Failed);
    if !alarms.is_empty() {
        Health::Alarm
    } else if failed || short || is_stale(state, now) {
        Health::Warning
    } else {
        Health::Ok
    }
}

/// The kind name and address of a configured source.
pub(crate) fn kind_and_url(source: &SourceConfig) -> (String, Option<Url>) {
    match &source.kind {
        SourceKind::Feed(feed) => ("feed".to_owned(), Some(feed.url.clone())),
        SourceKind::CareerPage(page) => ("career_page".to_owned(), Some(page.url.clone())),
        SourceKind::HtmlList(list) => ("html_list".to_owned(), Some(list.url.clone())),
        SourceKind::Sitemap(map) => ("sitemap".to_owned(), Some(map.url.clone())),
        SourceKind::Ats(ats) => (ats.system.as_str().to_owned(), ats.base_url.clone()),
    }
}

/// Builds the coverage of one source and the ids of its postings in
/// search; `expired` holds the company's postings that left search recently
/// (each is attributed to the sources it last had).
pub(crate) async fn source_coverage(
    state: &StateStore,
    source: &SourceConfig,
    expired: &[StoredPosting],
    now: DateTime<Utc>,
) -> Result<(SourceCoverage, Vec<PostingId>), CoverageError> {
    let facts = SourceFacts::read(state, &source.id).await?;
    let listed = listed_postings(state, &source.id).await?;
    let (kind, url) = kind_and_url(source);
    let alarms = facts.alarms(&source.id);
    let health = source_health(facts.state.as_ref(), &alarms, now);
    let (active, inactive): (Vec<&StoredPosting>, Vec<&StoredPosting>) =
        listed.iter().partition(|p| p.status.is_active());
    let indexed = active.len() as u64;
    let gaps: Vec<PostingGaps> = active
        .iter()
        .filter_map(|p| {
            let missing = missing_fields(&p.posting, &kind, &source.id);
            (!missing.is_empty()).then(|| PostingGaps {
                posting: posting_ref(p),
                missing,
            })
        })
        .collect();
    let mut counts = BTreeMap::new();
    for field in gaps.iter().flat_map(|g| &g.missing) {
        *counts.entry(*field).or_insert(0u64) += 1;
    }
    let state_row = facts.state.as_ref();
    let last = state_row.and_then(|s| last_crawl(s, url.as_ref()));
    let mut coverage = SourceCoverage {
        source_id: source.id.clone(),
        kind,
        url,
        health,
        last_crawl: last,
        last_success_at: state_row.and_then(|s| s.last_success_at),
        consecutive_failures: state_row.map_or(0, |s| s.consecutive_failures),
        found: state_row.and_then(|s| s.found),
        indexed,
        stated_count: state_row.and_then(|s| s.stated_count),
        count_check: state_row
            .and_then(|s| s.stated_count)
            .map(|stated| count_check(stated, indexed)),
        not_indexed: inactive.iter().filter_map(|p| expired_entry(p)).collect(),
        merged: active
            .iter()
            .filter_map(|p| merged(p, &source.id))
            .collect(),
        expired: recently_expired_from(expired, &source.id),
        missing_field_counts: counts,
        postings_with_gaps: gaps,
        robots_blocked: false,
        alarms,
        advice: Vec::new(),
        advice_codes: Vec::new(),
        recent_crawls: facts.history.iter().take(RECENT_CRAWLS).map(line).collect(),
    };
    coverage.robots_blocked = coverage
        .last_crawl
        .as_ref()
        .is_some_and(|c| c.error_kind.as_deref() == Some("robots_denied"));
    coverage.advice_codes = advice::for_source(&coverage, now);
    coverage.advice = coverage
        .advice_codes
        .iter()
        .map(ToString::to_string)
        .collect();
    let ids = active.iter().map(|p| p.posting.id.clone()).collect();
    Ok((coverage, ids))
}

/// The postings a source lists now, as stored.
async fn listed_postings(
    state: &StateStore,
    source_id: &str,
) -> Result<Vec<StoredPosting>, CoverageError> {
    let failed = CoverageError::state(source_id);
    let listings = state
        .source_postings(&SourceId::new(source_id))
        .await
        .map_err(&failed)?;
    let mut postings = Vec::with_capacity(listings.len());
    for listing in listings {
        if let Some(stored) = state.posting(&listing.posting_id).await.map_err(&failed)? {
            postings.push(stored);
        }
    }
    Ok(postings)
}

fn last_crawl(state: &SourceState, url: Option<&Url>) -> Option<LastCrawl> {
    let at = state.last_crawl_at?;
    let outcome = state.last_outcome?;
    let error = state
        .error
        .as_deref()
        .filter(|_| outcome == OutcomeKind::Failed);
    let cause = error.map(|error| diagnose::cause(error, state.http_status, url));
    Some(LastCrawl {
        at,
        outcome,
        http_status: state.http_status,
        duration_ms: state.duration_ms,
        error: state.error.clone(),
        error_kind: error.map(|e| diagnose::error_kind(e).to_owned()),
        explanation: cause.as_ref().map(Cause::explanation),
        cause,
    })
}

fn count_check(stated: u64, held: u64) -> CountCheck {
    let missing = stated.saturating_sub(held);
    let message = if missing == 0 {
        format!("we hold all {stated} postings you publish")
    } else {
        format!("we hold {held} of the {stated} postings you publish")
    };
    CountCheck {
        stated,
        held,
        missing,
        message,
    }
}

pub(crate) fn posting_ref(stored: &StoredPosting) -> PostingRef {
    PostingRef {
        id: stored.posting.id.clone(),
        title: stored.posting.title.clone(),
        url: stored.posting.url.clone(),
    }
}

fn expired_entry(stored: &StoredPosting) -> Option<ExpiredPosting> {
    match &stored.status {
        PostingStatus::Expired { reason, at } => Some(ExpiredPosting {
            posting: posting_ref(stored),
            reason: reason.clone(),
            at: *at,
        }),
        PostingStatus::Active => None,
    }
}

/// Whether a stored posting names `source_id` among its sources.
pub(crate) fn lists(stored: &StoredPosting, source_id: &str) -> bool {
    stored
        .posting
        .sources
        .iter()
        .any(|r| r.source_id.as_deref() == Some(source_id))
}

fn recently_expired_from(expired: &[StoredPosting], source_id: &str) -> Vec<ExpiredPosting> {
    let mut list: Vec<ExpiredPosting> = expired
        .iter()
        .filter(|p| lists(p, source_id))
        .filter_map(expired_entry)
        .collect();
    list.sort_by(|a, b| {
        b.at.cmp(&a.at)
            .then_with(|| a.posting.id.cmp(&b.posting.id))
    });
    list
}

fn merged(stored: &StoredPosting, source_id: &str) -> Option<MergedPosting> {
    let others: BTreeSet<String> = stored
        .posting
        .sources
        .iter()
        .filter_map(|r| r.source_id.clone())
        .filter(|id| id != source_id)
        .collect();
    (!others.is_empty()).then(|| MergedPosting {
        posting: posting_ref(stored),
        other_sources: others.into_iter().collect(),
    })
}

fn line(crawl: &CrawlRecord) -> CrawlLine {
    CrawlLine {
        at: crawl.finished_at,
        outcome: crawl.outcome,
        http_status: crawl.http_status,
        duration_ms: crawl.duration_ms,
        found: crawl.found,
        new: crawl.new,
        expired: crawl.expired,
        error: crawl.error.clone(),
    }
}

/// The latest crawl time among sources.
pub(crate) fn latest(
    times: impl IntoIterator<Item = Option<DateTime<Utc>>>,
) -> Option<DateTime<Utc>> {
    times.into_iter().flatten().max()
}
