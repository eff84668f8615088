//! Concrete advice in plain words for the HR person who reads a coverage
//! report: what is wrong with a source and what they can do about it, most
//! urgent first.

use chrono::{DateTime, TimeDelta, Utc};
use jobfeed_state::OutcomeKind;

use crate::STALE_AFTER_HOURS;
use crate::diagnose::Diagnosis;
use crate::model::{AlarmKind, MissingField, SourceCoverage};

/// The advice for one source.
pub(crate) fn for_source(source: &SourceCoverage, now: DateTime<Utc>) -> Vec<String> {
    let mut advice = Vec::new();
    failure(source, &mut advice);
    advice.extend(stale(source, now));
    empty(source, &mut advice);
    count(source, &mut advice);
    gaps(source, &mut advice);
    overdue(source, &mut advice);
    advice
}

/// A failed last crawl: what happened and what to do.
fn failure(source: &SourceCoverage, advice: &mut Vec<String>) {
    let Some(crawl) = source
        .last_crawl
        .as_ref()
        .filter(|c| c.outcome == OutcomeKind::Failed)
    else {
        if source.last_crawl.is_none() {
            advice.push(
                "we have not crawled this source yet; it is read at the next scheduled crawl"
                    .to_owned(),
            );
        }
        return;
    };
    let error = crawl.error.as_deref().unwrap_or_default();
    let diagnosis = Diagnosis::of(error, crawl.http_status, source.url.as_ref());
    let streak = match source.consecutive_failures {
        0 | 1 => "the last crawl failed".to_owned(),
        n => format!("the source failed {n} crawls in a row"),
    };
    let meanwhile = if source.last_success_at.is_some() {
        "your postings stay online from the last good crawl"
    } else {
        "we hold none of the postings of this source until it works"
    };
    advice.push(format!(
        "{streak}: {}; {}. Meanwhile, {meanwhile}",
        diagnosis.explanation, diagnosis.advice
    ));
}

/// A source not crawled for a long time (our side: the schedule).
fn stale(source: &SourceCoverage, now: DateTime<Utc>) -> Option<String> {
    let at = source.last_crawl.as_ref()?.at;
    (now - at > TimeDelta::hours(STALE_AFTER_HOURS)).then(|| {
        format!(
            "our last crawl of this source was on {}; postings you published since may be \
             missing until the next crawl (we look into why it is late)",
            at.format("%Y-%m-%d %H:%M UTC")
        )
    })
}

/// A source that lists nothing.
fn empty(source: &SourceCoverage, advice: &mut Vec<String>) {
    let dropped = source
        .alarms
        .iter()
        .any(|a| a.kind == AlarmKind::DroppedToZero);
    if source.found != Some(0)
        || source.last_crawl.as_ref().map(|c| c.outcome) == Some(OutcomeKind::Failed)
    {
        return;
    }
    if source.kind == "career_page" {
        advice.push(
            "we found no job postings on your career page: if you have open positions, the page \
             has no JobPosting structured data; add it (schema.org JobPosting) or give us your \
             ATS feed"
                .to_owned(),
        );
    } else if dropped {
        advice.push(
            "your job list was empty at the last crawl though it had postings before; if you \
             still have open positions, check that the list shows them and tell us if it moved"
                .to_owned(),
        );
    }
}

/// The source's own count against what we hold.
fn count(source: &SourceCoverage, advice: &mut Vec<String>) {
    let Some(check) = source.count_check.as_ref().filter(|c| c.missing > 0) else {
        return;
    };
    advice.push(format!(
        "{}: the missing {} may have no structured data, sit behind a \"show more\" button or \
         be internal-only; make every open position reachable from the list we read",
        check.message, check.missing
    ));
}

/// Fields missing from listed postings.
fn gaps(source: &SourceCoverage, advice: &mut Vec<String>) {
    let total = source.indexed;
    for (field, n) in &source.missing_field_counts {
        let of = format!("{n} of your {total} postings");
        advice.push(match field {
            MissingField::StructuredData => format!(
                "{of} are read from the page layout because your career page has no JobPosting \
                 structured data; add it (schema.org JobPosting) or give us your ATS feed"
            ),
            MissingField::Location => format!(
                "{of} have no place of work; add the address (JobPosting jobLocation) so they \
                 show up in searches by municipality and region"
            ),
            MissingField::Municipality => format!(
                "{of} name a place we cannot find in a Danish municipality; add the postal code \
                 and town"
            ),
            MissingField::Date => format!(
                "{of} have no publication date (JobPosting datePosted); without it they sort \
                 last under \"newest\" and can fall outside campaigns for recent jobs"
            ),
            MissingField::Description => {
                format!("{of} have no description; job seekers and our search only see the title")
            }
        });
    }
}

/// Postings still listed past their deadline.
fn overdue(source: &SourceCoverage, advice: &mut Vec<String>) {
    let n = source.not_indexed.len();
    if n > 0 {
        advice.push(format!(
            "{n} postings are still listed though their application deadline (validThrough) has \
             passed, so we do not show them; remove them or update the deadline"
        ));
    }
}
