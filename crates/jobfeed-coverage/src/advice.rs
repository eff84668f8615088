//! Concrete advice for the HR person who reads a coverage report: what is
//! wrong with a source and what they can do about it, most urgent first,
//! as [`Advice`] codes (their English words are in `codes`).

use chrono::{DateTime, TimeDelta, Utc};
use jobfeed_state::OutcomeKind;

use crate::STALE_AFTER_HOURS;
use crate::codes::Advice;
use crate::diagnose;
use crate::model::{AlarmKind, MissingField, SourceCoverage};

/// The advice for one source.
pub(crate) fn for_source(source: &SourceCoverage, now: DateTime<Utc>) -> Vec<Advice> {
    [
        failure(source),
        stale(source, now),
        empty(source),
        count(source),
    ]
    .into_iter()
    .flatten()
    .chain(gaps(source))
    .chain(overdue(source))
    .collect()
}

/// A failed last crawl (what happened and what to do), or none yet.
fn failure(source: &SourceCoverage) -> Option<Advice> {
    let Some(crawl) = source.last_crawl.as_ref() else {
        return Some(Advice::NotCrawledYet);
    };
    if crawl.outcome != OutcomeKind::Failed {
        return None;
    }
    let error = crawl.error.as_deref().unwrap_or_default();
    Some(Advice::CrawlFailed {
        failures: source.consecutive_failures,
        cause: diagnose::cause(error, crawl.http_status, source.url.as_ref()),
        postings_kept: source.last_success_at.is_some(),
    })
}

/// A source not crawled for a long time (our side: the schedule).
fn stale(source: &SourceCoverage, now: DateTime<Utc>) -> Option<Advice> {
    let at = source.last_crawl.as_ref()?.at;
    (now - at > TimeDelta::hours(STALE_AFTER_HOURS)).then_some(Advice::Stale { last_crawl_at: at })
}

/// A source that lists nothing.
fn empty(source: &SourceCoverage) -> Option<Advice> {
    if source.found != Some(0)
        || source.last_crawl.as_ref().map(|c| c.outcome) == Some(OutcomeKind::Failed)
    {
        return None;
    }
    let dropped = source
        .alarms
        .iter()
        .any(|a| a.kind == AlarmKind::DroppedToZero);
    if source.kind == "career_page" {
        Some(Advice::NoPostingsFound)
    } else {
        dropped.then_some(Advice::ListEmptied)
    }
}

/// The source's own count against what we hold.
fn count(source: &SourceCoverage) -> Option<Advice> {
    let check = source.count_check.as_ref().filter(|c| c.missing > 0)?;
    Some(Advice::PostingsMissing {
        held: check.held,
        stated: check.stated,
        missing: check.missing,
    })
}

/// Fields missing from listed postings.
fn gaps(source: &SourceCoverage) -> impl Iterator<Item = Advice> + '_ {
    let total = source.indexed;
    source
        .missing_field_counts
        .iter()
        .map(move |(field, &postings)| match field {
            MissingField::StructuredData => Advice::NoStructuredData { postings, total },
            MissingField::Location => Advice::NoLocation { postings, total },
            MissingField::Municipality => Advice::NoMunicipality { postings, total },
            MissingField::Date => Advice::NoDate { postings, total },
            MissingField::Description => Advice::NoDescription { postings, total },
        })
}

/// Postings still listed past their deadline.
fn overdue(source: &SourceCoverage) -> Option<Advice> {
    let postings = source.not_indexed.len() as u64;
    (postings > 0).then_some(Advice::PastDeadline { postings })
}
