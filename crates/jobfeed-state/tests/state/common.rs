//! Helpers shared by the state tests: postings, sources, outcomes and times.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use jobfeed_core::{CompanyId, CompanyRef, Location, Posting, PostingId, PostingKey, SourceRef};
use jobfeed_state::{CrawlOutcome, Source, SourceId};

/// 2026-05-04 08:00 UTC plus `minutes`.
pub(crate) fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

/// The same instant with a Danish summer-time offset, as a source states it.
pub(crate) fn local(minutes: i64) -> DateTime<FixedOffset> {
    at(minutes).with_timezone(&FixedOffset::east_opt(2 * 3600).unwrap())
}

/// A source of member company `acme`.
pub(crate) fn source(id: &str) -> Source {
    Source {
        id: SourceId::new(id),
        company_id: CompanyId::new("acme"),
    }
}

/// The id a parser derives for `native` under `scope`.
pub(crate) fn id(scope: &str, native: &str) -> PostingId {
    PostingId::derive(&PostingKey {
        scope,
        kind: "id",
        value: native,
    })
}

/// A posting as a parser of source `scope` would give it.
pub(crate) fn posting(scope: &str, native: &str, title: &str) -> Posting {
    Posting {
        company: CompanyRef {
            id: Some(CompanyId::new("acme")),
            name: Some("Acme A/S".to_owned()),
        },
        description: Some(format!("{title} i Aarhus")),
        location: Location {
            city: Some("Aarhus".to_owned()),
            ..Location::default()
        },
        date_posted: Some(local(-60 * 24)),
        language: Some("da".to_owned()),
        sources: vec![SourceRef {
            kind: "rss".to_owned(),
            source_id: None,
            url: None,
            native_id: Some(native.to_owned()),
        }],
        ..Posting::new(id(scope, native), title)
    }
}

/// A successful 200 crawl listing `postings`.
pub(crate) fn success(postings: Vec<Posting>) -> CrawlOutcome {
    CrawlOutcome::Success {
        postings,
        stated_count: None,
        etag: Some("\"v1\"".to_owned()),
        last_modified: None,
        http_status: Some(200),
        duration: Duration::from_millis(120),
    }
}

/// A failed crawl.
pub(crate) fn failure(error: &str) -> CrawlOutcome {
    CrawlOutcome::Failed {
        error: error.to_owned(),
        http_status: Some(503),
        duration: Duration::from_millis(40),
    }
}
